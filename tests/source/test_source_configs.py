"""Config fields (`tfperf.source.configs`): what a field of a config class can hold in the project, its
default and what the project's configs set or store, for any rule that judges a value the callers pass
(`tfperf.source.passed`). Shown through TFP201: a conv that pads itself under a mode string read from
`cfg.conv_padding`, judged by the values that field takes."""

from __future__ import annotations

import textwrap

import pytest

from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text
from tfperf.source.passed import NO_DEFAULT, UNKNOWN
from tfperf.source.project import ARG_CALL, field_values

# (a module that mentions no framework is not linted: its config classes are not known, `linter._MENTIONS`)
CONFIG = """\
from dataclasses import dataclass, field

import tensorflow as tf


@dataclass
class NetConfig:
    filters: int = 8
    conv_padding: str = "symmetric"
"""

# a conv that pads itself when its padding is "symmetric" (a ZeroPadding2D before a VALID conv)
PAD_CONV2D = """\
class PadConv2D(tf.keras.layers.Conv2D):
    def __init__(self, filters, kernel_size, padding="valid", **kwargs):
        super().__init__(filters, kernel_size, padding=padding if padding != "symmetric" else "valid", **kwargs)
        self.pad = tf.keras.layers.ZeroPadding2D(padding=1) if padding == "symmetric" else None

    def call(self, x):
        if self.pad is not None:
            x = self.pad(x)
        return super().call(x)
"""

LAYERS = "import tensorflow as tf\n\n\n" + PAD_CONV2D

MODEL = """\
import tensorflow as tf

from net.config import NetConfig
from net.layers import PadConv2D


class Net(tf.keras.Model):
    def __init__(self, cfg: NetConfig, **kwargs):
        super().__init__(**kwargs)
        self.cfg = cfg
        self.conv = PadConv2D(cfg.filters, 3, padding=cfg.conv_padding)
"""


def lint_project(tmp_path, configs: str, config: str = CONFIG, model: str = MODEL):
    root = tree(tmp_path, {"net/__init__.py": "", "net/config.py": config, "net/layers.py": LAYERS,
                           "net/model.py": model, "net/zoo.py": configs})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)
    return found(result), [f.message for f in result.findings]


ZOO = """\
import tensorflow as tf

from net.config import NetConfig
from net.model import Net


def small():
    return Net(NetConfig(filters=16, conv_padding="same"))
"""


def test_a_mode_some_config_sets_makes_the_finding(tmp_path):
    # `big` leaves the field out: its default, "symmetric", builds the pad
    results, messages = lint_project(tmp_path, ZOO + "\n\ndef big():\n    return Net(NetConfig(filters=64))\n")
    assert results == [("layers.py", 7, "TFP201", "warning")]
    assert "padding is 'symmetric' from config.NetConfig, zoo.big; 'same' from zoo.small" in messages[0]


def test_a_mode_every_config_sets_otherwise_makes_none(tmp_path):
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')
    assert lint_project(tmp_path, ZOO, config=config)[0] == []


def test_a_mode_a_conditional_expression_may_set(tmp_path):
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')
    zoo = ZOO.replace('conv_padding="same"', 'conv_padding="same" if os.environ.get("TF_MODE") else "symmetric"')
    assert lint_project(tmp_path, "import os\n" + zoo, config=config)[0] == [("layers.py", 7, "TFP201", "warning")]


@pytest.mark.parametrize("calls, expected", [
    ("", []),
    ("\n\nsmall(tf_mode=False)\n", [("layers.py", 7, "TFP201", "warning")]),
])
def test_a_mode_a_conditional_expression_sets_by_a_parameter_the_projects_calls_give(tmp_path, calls, expected):
    # (the test reads a parameter of the function around it: its default, and what the project's calls pass, decide)
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')
    zoo = ZOO.replace('conv_padding="same"', 'conv_padding="same" if tf_mode else "symmetric"').replace(
        "def small():", "def small(tf_mode=True):")
    assert lint_project(tmp_path, zoo + calls, config=config)[0] == expected


def test_a_value_stored_into_the_field_counts(tmp_path):
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')
    stored = ZOO + "\n\ndef torch():\n    cfg = NetConfig()\n    cfg.conv_padding = 'symmetric'\n    return Net(cfg)\n"
    assert lint_project(tmp_path, stored, config=config)[0] == [("layers.py", 7, "TFP201", "warning")]
    replaced = ZOO.replace("import tensorflow", "import dataclasses\nimport tensorflow") + \
        "\n\ndef torch(cfg):\n    return Net(dataclasses.replace(cfg, conv_padding='symmetric'))\n"
    assert lint_project(tmp_path, replaced, config=config)[0] == [("layers.py", 7, "TFP201", "warning")]


def test_a_field_its_class_sets_itself_is_not_known(tmp_path):
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"') + \
        "\n    def __post_init__(self):\n        self.conv_padding = self.conv_padding.lower()\n"
    assert lint_project(tmp_path, ZOO, config=config)[0] == [("layers.py", 7, "TFP201", "info")]


def test_a_config_parameter_without_its_class_is_not_followed(tmp_path):
    config = CONFIG.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')
    model = MODEL.replace("cfg: NetConfig", "cfg")
    assert lint_project(tmp_path, ZOO, config=config, model=model)[0] == [("layers.py", 7, "TFP201", "info")]


def test_a_class_that_is_no_config_class_is_not_followed(tmp_path):
    config = CONFIG.replace("@dataclass\n", "")  # class attributes, not a constructor's fields
    assert lint_project(tmp_path, ZOO, config=config)[0] == [("layers.py", 7, "TFP201", "info")]


def test_a_config_of_the_same_file_read_through_self():
    code = 'import typing\nimport tensorflow as tf\n\nclass Config(typing.NamedTuple):\n    padding: str = "same"\n\n' + \
        PAD_CONV2D + "\n" + textwrap.dedent("""\
    class Net(tf.keras.Model):
        def __init__(self, cfg: Config):
            super().__init__()
            self.cfg = cfg

        def build(self, input_shape):
            self.conv = PadConv2D(8, 3, padding=self.cfg.padding)

    def torch_net():
        return Net(Config("symmetric"))
    """)
    results = [(f.source.line, f.severity.value) for f in lint_text(code, "model.py", select=["TFP201"])]
    assert results == [(10, "warning")]  # positionally: a NamedTuple's first field
    assert lint_text(code.replace('Config("symmetric")', 'Config("same")'), "model.py", select=["TFP201"]) == []
    optional = code.replace("cfg: Config", "cfg: typing.Optional[Config] = None")
    assert [(f.source.line, f.severity.value) for f in lint_text(optional, "model.py", select=["TFP201"])] == \
        [(10, "warning")]


def test_field_values_joins_the_default_the_constructions_and_the_stores():
    facts = {
        "field:pkg.Config.mode": ((None, ("s", "a")),),
        f"{ARG_CALL}:pkg.Config": (("pkg.make_b", (), (("mode", ("s", "b")),), False),
                                    ("pkg.make_x", (), (), True)),  # passes more than it shows
        "fstore:mode": (("pkg.tweak", ("s", "c")), ("pkg.other", ("|", 1, ("s", "d")))),
        "calls:pkg.Config": ("pkg.make_b", "pkg.make_x"),
    }
    assert sorted(field_values(facts, "pkg.Config", "mode"), key=repr) == sorted([
        (("s", "a"), ""), (("s", "b"), "pkg.make_b"), (UNKNOWN, "pkg.make_x"), (("s", "c"), "pkg.tweak"),
        (1, "pkg.other"), (("s", "d"), "pkg.other")], key=repr)
    assert field_values(facts, "pkg.Config", "other") == ((UNKNOWN, "pkg.Config"),)  # not a declared field
    facts["field:pkg.Config.mode"] = ((None, NO_DEFAULT),)
    assert (("s", "a"), "") not in field_values(facts, "pkg.Config", "mode")


# --- a pad sized by a config field and a parameter together


DOWNSAMPLE = """\
from dataclasses import dataclass

import tensorflow as tf


@dataclass
class ResNetConfig:
    nb_blocks: tuple = (2, 2)
    down_kernel_size: int = 1


def downsample_conv(cfg: ResNetConfig, out_channels: int, stride: int):
    p = (stride + cfg.down_kernel_size) // 2 - 1
    pad = tf.keras.layers.ZeroPadding2D(padding=p)
    conv = tf.keras.layers.Conv2D(out_channels, cfg.down_kernel_size, strides=stride)
    return tf.keras.Sequential([pad, conv])


def make_stage(cfg: ResNetConfig, idx: int):
    stride = 1 if idx == 0 else 2
    return downsample_conv(cfg, 64, stride)


def resnet18():
    return make_stage(ResNetConfig(nb_blocks=(2, 2)), 0)
"""


def _lint(code: str):
    return [(f.source.line, f.severity.value) for f in lint_text(code, "model.py", select=["TFP201"])]


def test_a_pad_every_mix_of_its_config_field_and_parameter_leaves_empty_is_no_pad():
    # a kernel of 1 in every config, a stride of 1 or 2 (`stride = 1 if idx == 0 else 2`): p is 0
    assert _lint(DOWNSAMPLE) == []


def test_a_pad_some_config_sizes_is_reported_saying_both_values():
    code = DOWNSAMPLE.replace("nb_blocks=(2, 2))", "nb_blocks=(2, 2), down_kernel_size=3)")
    assert _lint(code) == [(14, "warning")]
    message = lint_text(code, "model.py", select=["TFP201"])[0].message
    assert "(down_kernel_size is 3 from " in message and "resnet18; 1 by default" in message
    assert "; stride is 1 or 2)" in message


def test_a_pad_some_stride_sizes_is_reported():
    assert _lint(DOWNSAMPLE.replace("else 2", "else 3")) == [(14, "warning")]


def test_a_stride_not_known_here_keeps_the_pad():
    assert _lint(DOWNSAMPLE.replace("stride = 1 if idx == 0 else 2", "stride = strides[idx]")) == [(14, "warning")]


def test_a_pad_sized_by_a_field_alone():
    code = DOWNSAMPLE.replace("p = (stride + cfg.down_kernel_size) // 2 - 1", "p = cfg.down_kernel_size // 2")
    assert _lint(code) == []
    assert _lint(code.replace("down_kernel_size: int = 1", "down_kernel_size: int = 3")) == [(14, "warning")]


def test_a_parameter_named_as_a_field_of_the_file_is_followed_to_its_callers():
    # `conv_padding` is also a name the file binds (the config's field): the block's parameter is still
    # what its callers pass, `cfg.conv_padding`
    code = 'from dataclasses import dataclass\nimport tensorflow as tf\n\n@dataclass\nclass Cfg:\n' \
        '    conv_padding: str = "symmetric"\n\n' + PAD_CONV2D + "\n" + textwrap.dedent("""\
    class Block(tf.keras.layers.Layer):
        def __init__(self, conv_padding: str):
            super().__init__()
            self.conv = PadConv2D(8, 3, padding=conv_padding)

    def make(cfg: Cfg):
        return Block(cfg.conv_padding)
    """)
    assert _lint(code) == [(11, "warning")]
    assert _lint(code.replace('conv_padding: str = "symmetric"', 'conv_padding: str = "same"')) == []


def test_a_field_of_a_derived_config_passed_by_position_is_not_known():
    facts = {"field:pkg.Sub.mode": ((None, ("s", "a")),),
             f"{ARG_CALL}:pkg.Sub": (("pkg.make", (1, ("s", "b")), (), False),), "calls:pkg.Sub": ("pkg.make",)}
    assert (UNKNOWN, "pkg.make") in field_values(facts, "pkg.Sub", "mode")
