"""TFP301: an L2 strength that is a setting defaulting to 0, by the forms it reaches the regularizer: a field of a
config class (a dataclass, NamedTuple or settings class read through an annotated parameter or a stored
construction; its constructions, `dataclasses.replace`, stores and the project's configuration files set it), a
constructor chain (a model's parameter handed to a component's constructor, stored, read in `build`; two hops
across modules; `**kwargs` handed on), and the zero literal of `L1L2`'s other part. Each VALID form (every value
the strength can take in the project is 0: info for Keras' `l2`, none for `L1L2`) beside an INVALID look-alike
where some construction, store or configuration file sets it (a warning)."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths


def findings(root, files):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


CONFIG = """\
import dataclasses
import typing

import tensorflow as tf


@dataclasses.dataclass
class Cfg:
    units: int = 8
    l2_reg: float = {default}


class Tup(typing.NamedTuple):
    units: int = 8
    l2_reg: float = {default}


class Block(tf.keras.layers.Layer):
    def __init__(self, cfg: Cfg, **kwargs):
        super().__init__(**kwargs)
        self.cfg = cfg

    def build(self, shape):
        self.w = self.add_weight("w", (shape[-1], 4), regularizer=tf.keras.regularizers.l2(self.cfg.l2_reg))


def head(x, cfg: Tup):
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2(cfg.l2_reg))(x)


def tower(x, cfg: Cfg):
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.L1L2(0.0, cfg.l2_reg))(x)
"""

USE = """\
import dataclasses

import tensorflow as tf

from pkg.config import Block, Cfg, Tup, head, tower


def main(x):
    {body}
    return Block(c)(x), head(x, Tup({tup})), tower(x, c)
"""

ZERO = [("config.py", 24, "info"), ("config.py", 28, "info")]  # Keras' l2(0.0): 0 * sum(w**2); L1L2(0, 0): none
ON = [("config.py", 24, "warning"), ("config.py", 28, "warning"), ("config.py", 32, "warning")]


def config_files(default="0.0", body="c = Cfg()", tup="", extra=None):
    files = {"pkg/__init__.py": "", "pkg/config.py": CONFIG.format(default=default),
             "pkg/use.py": USE.format(body=body, tup=tup)}
    files.update(extra or {})
    return files


@pytest.mark.parametrize("body, tup", [
    ("c = Cfg()", ""),
    ("c = Cfg(units=4, l2_reg=0.0)", "units=4, l2_reg=0"),
    ("c = Cfg(4, 0)", "4, 0.0"),
    ("c = Cfg(); c.units = 3", ""),
])
def test_valid_config_field_zero_everywhere(tmp_path, body, tup):
    assert findings(tmp_path, config_files(body=body, tup=tup)) == ZERO


@pytest.mark.parametrize("body, tup", [
    ("c = Cfg(l2_reg=1e-5)", "l2_reg=1e-5"),
    ("c = Cfg(4, 1e-5)", "4, 1e-5"),
    ("c = dataclasses.replace(Cfg(), l2_reg=1e-5)", "l2_reg=1e-5"),
    ("c = Cfg(); c.l2_reg = 1e-5", "l2_reg=1e-5"),
])
def test_invalid_config_field_set_by_a_construction_or_store(tmp_path, body, tup):
    assert findings(tmp_path, config_files(body=body, tup=tup)) == ON


def test_invalid_config_field_with_a_strength_by_default(tmp_path):
    assert findings(tmp_path, config_files(default="1e-4")) == ON


def test_invalid_config_field_set_by_a_configuration_file(tmp_path):
    yaml = {"pkg/experiments/base.json": '{"task": {"model": {"l2_reg": 4e-5}}}'}
    assert findings(tmp_path, config_files(extra=yaml)) == ON


def test_valid_config_file_setting_another_key_or_zero(tmp_path):
    yaml = {"pkg/experiments/base.json": '{"task": {"model": {"l2_reg": 0.0, "l2": 4e-5}}}'}
    assert findings(tmp_path, config_files(extra=yaml)) == ZERO


HELD = """\
import dataclasses

import tensorflow as tf


@dataclasses.dataclass
class Cfg:
    l2_reg: float = 0.0


class Block(tf.keras.layers.Layer):
    def __init__(self, cfg=None, **kwargs):
        super().__init__(**kwargs)
        self.cfg = cfg or Cfg()

    def build(self, shape):
        self.w = self.add_weight("w", (shape[-1], 4), regularizer=tf.keras.regularizers.l2(self.cfg.l2_reg))
"""


def test_valid_config_held_as_a_default_construction(tmp_path):
    assert findings(tmp_path, {"m.py": HELD}) == [("m.py", 17, "info")]


def test_invalid_config_held_as_a_default_construction_set_by_a_caller(tmp_path):
    files = {"m.py": HELD + "\n\ndef main():\n    return Block(Cfg(l2_reg=1e-4))\n"}
    assert findings(tmp_path, files) == [("m.py", 17, "warning")]


def test_invalid_field_of_a_plain_class_is_not_known(tmp_path):
    plain = CONFIG.replace("@dataclasses.dataclass\nclass Cfg:\n    units: int = 8\n    l2_reg: float = {default}",
                           "class Cfg:\n    units = 8\n    l2_reg = {default}")
    files = config_files()
    files["pkg/config.py"] = plain.format(default="0.0")
    assert ("config.py", 23, "warning") in findings(tmp_path, files)  # (class attributes: no config class)


# Constructor chains: a model's parameter handed to a component, stored, read in the component's `build`.

COMPONENT = """\
import tensorflow as tf


class FBI(tf.keras.layers.Layer):
    def __init__(self, units, fbi_l2=0.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.fbi_l2 = fbi_l2

    def build(self, shape):
        self.w = self.add_weight("w", (shape[-1], self.units),
                                 regularizer=tf.keras.regularizers.L1L2({l1}, self.fbi_l2))
"""

NET = """\
import tensorflow as tf

from pkg.component import FBI


class Net(tf.keras.Model):
    def __init__(self, units=8, fbi_l2={default}):
        super().__init__()
        self.fbi = FBI(units, fbi_l2=fbi_l2)
"""

OUTER = """\
import tensorflow as tf

from pkg.net import Net


class Outer(tf.keras.Model):
    def __init__(self, fbi_l2={default}):
        super().__init__()
        self.net = Net(fbi_l2=fbi_l2)
"""

FORWARDING = """\
import tensorflow as tf

from pkg.component import FBI


class Net(tf.keras.Model):
    def __init__(self, units=8, **kwargs):
        super().__init__()
        self.fbi = FBI(units, **kwargs)


def make():
    return Net(8{passed})
"""


def chain(net="0.0", outer="0.0", l1="0.0"):
    return {"pkg/__init__.py": "", "pkg/component.py": COMPONENT.format(l1=l1),
            "pkg/net.py": NET.format(default=net), "pkg/outer.py": OUTER.format(default=outer)}


def test_valid_constructor_chain_zero_at_every_hop(tmp_path):
    assert findings(tmp_path, chain()) == []  # (L1L2(0.0, 0.0): no term at all)


@pytest.mark.parametrize("net, outer", [("1e-4", "0.0"), ("0.0", "1e-3")])
def test_invalid_constructor_chain_with_a_strength_at_some_hop(tmp_path, net, outer):
    assert findings(tmp_path, chain(net, outer)) == [("component.py", 12, "warning")]


def test_valid_l1_only_literal_in_a_chain(tmp_path):
    files = chain("1e-4")
    files["pkg/component.py"] = files["pkg/component.py"].replace("L1L2(0.0, self.fbi_l2)", "L1L2(self.fbi_l2, 0.0)")
    assert findings(tmp_path, files) == []  # (the L2 part is the literal 0: no L2 term)


@pytest.mark.parametrize("passed, expected", [
    ("", []),
    (", fbi_l2=0", []),
    (", fbi_l2=1e-4", [("component.py", 12, "warning")]),
])
def test_keyword_arguments_handed_on(tmp_path, passed, expected):
    files = {"pkg/__init__.py": "", "pkg/component.py": COMPONENT.format(l1="0.0"),
             "pkg/net.py": FORWARDING.format(passed=passed)}
    assert findings(tmp_path, files) == expected
