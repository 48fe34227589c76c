"""TFP301: a regularizer built only under a test of one setting and handed to another function, which builds the
layers (`regularizer = l2(self.l2_reg) if self.l2_reg else None` ... `self.dense(x, regularizer=regularizer)`): the
callee's term hangs on what the setting takes, as it does where the test and the layer share a function. A
setting no call turns on (a constructor's or a function's default None that the project's calls keep) builds no
regularizer: no finding (VALID); a call that passes a strength, or one not known here, builds one (INVALID: a
warning at the layer). The test is read as `x`, `not x`, `x is None`, `x is not None`; the conditional is bound
to a name or written in the call."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths


def findings(root, files):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


MODEL = """\
import tensorflow as tf
from tensorflow.keras import regularizers


class Net(tf.keras.Model):
    def __init__(self, units=8, l2_reg=None):
        self.units = units
        self.l2_reg = l2_reg
        inputs = tf.keras.Input((4,))
        super().__init__(inputs, self.init_model(inputs))

    def dense(self, x, regularizer=None):
        return tf.keras.layers.Dense(self.units, kernel_regularizer=regularizer)(x)

    def init_model(self, inputs):
        regularizer = regularizers.l2(self.l2_reg) if self.l2_reg else None
        return self.dense(inputs, regularizer=regularizer)
"""

BUILDER = """\
import tensorflow as tf


def block(x, regularizer):
    return tf.keras.layers.Dense(4, kernel_regularizer=regularizer)(x)


def build(x, wd=None):
    reg = tf.keras.regularizers.l2(wd) if wd is not None else None
    return block(x, reg)


def build_inline(x, wd=None):
    return block(x, None if not wd else tf.keras.regularizers.l2(wd))


def build_local(x, wd=None):
    h = tf.identity(x)
    reg = tf.keras.regularizers.l2(wd) if wd else None
    return block(h, reg)
"""


TRAIN = """\
import tensorflow as tf

from pkg.net import Net

model = Net({args})
model.compile(tf.keras.optimizers.Adam(), "mse")
"""


def test_a_constructor_setting_no_call_turns_on_builds_no_regularizer(tmp_path):
    assert findings(tmp_path, {"pkg/__init__.py": "", "pkg/net.py": MODEL, "pkg/train.py": (
        TRAIN.format(args="units=16"))}) == []


@pytest.mark.parametrize("strength", ["1e-4", "float(input())"])
def test_a_construction_that_passes_a_strength_or_one_not_known_builds_one(tmp_path, strength):
    assert findings(tmp_path, {"pkg/__init__.py": "", "pkg/net.py": MODEL, "pkg/train.py": (
        TRAIN.format(args=f"units=16, l2_reg={strength}"))}) \
        == [("net.py", 13, "warning")]


def test_a_function_setting_kept_at_its_default_builds_none(tmp_path):
    assert findings(tmp_path, {"pkg/__init__.py": "", "pkg/builder.py": BUILDER, "pkg/train.py": (
        "import tensorflow as tf\nfrom pkg.builder import build, build_inline\n\n"
        "x = tf.keras.Input((4,))\nmodel = tf.keras.Model(x, build(x) + build_inline(x, wd=0.0))\n")}) == []


# the call hands on only locals (`block(h, reg)`): the gate on the parameter is read all the same
@pytest.mark.parametrize("args, expected", [("x", []), ("x, wd=1e-4", [("builder.py", 5, "warning")])])
def test_a_gate_handed_on_by_a_call_of_locals_only(tmp_path, args, expected):
    assert findings(tmp_path, {"pkg/__init__.py": "", "pkg/builder.py": BUILDER, "pkg/train.py": (
        "import tensorflow as tf\nfrom pkg.builder import build_local\n\n"
        f"x = tf.keras.Input((4,))\nmodel = tf.keras.Model(x, build_local({args}))\n")}) == expected


def test_a_function_setting_a_call_turns_on_builds_one(tmp_path):
    assert findings(tmp_path, {"pkg/__init__.py": "", "pkg/builder.py": BUILDER, "pkg/train.py": (
        "import tensorflow as tf\nfrom pkg.builder import build, build_inline\n\n"
        "x = tf.keras.Input((4,))\nmodel = tf.keras.Model(x, build(x, wd=1e-4) + build_inline(x))\n")}) \
        == [("builder.py", 5, "warning")]
