"""Opt-in branches read through a plain configuration object (issue 11, sets 21, 22 and 36; session 25).

A settings class only holds configuration: its constructor stores each parameter under its own name (`self.decomp_method
= decomp_method`) and does nothing else but hand kwargs to its base and check values (Hugging Face's
`PretrainedConfig` subclasses, tfts' `TimeMixerConfig`), often in a module that names no framework. Its fields are a
config class's (`configs.settings_fields`): the constructor's default, what the project's constructions pass, what
the project stores into an attribute of that name. The code reads them through the object: a parameter annotated
with the class (`config: Cfg`, kept as `self.config = config`), a store that builds it (`self.cfg = config or
Cfg()`), a local name bound to the field (`method = config.decomp_method`), or by the field's name when the owner is
not told (one default across the project's definitions). A str enum's member compares as its value
(`method == Method.DFT`).

Each with the look-alikes that keep the warning: a construction or a store that turns the option on, a default
that takes the branch, a class that is no settings class (a Keras layer, one that builds objects), definitions
that disagree, a plain enum (a member is not its value)."""

from __future__ import annotations

import textwrap

from test_source_transpose_set11 import found  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

CONFIG = """\
class BaseConfig(object):
    def __init__(self, **kwargs):
        for key, value in kwargs.items():
            setattr(self, key, value)


class MixerConfig(BaseConfig):
    def __init__(self, d_model=32, decomp_method="moving_avg", use_extra=False, **kwargs):
        super().__init__(**kwargs)
        if decomp_method not in ("moving_avg", "dft_decomp"):
            raise ValueError(decomp_method)
        self.d_model = d_model
        self.decomp_method = decomp_method
        self.use_extra = use_extra
"""

MODEL = """\
import tensorflow as tf

from pkg.config import MixerConfig


class Mixer(tf.keras.layers.Layer):
    def __init__(self, config=None, **kwargs):
        super().__init__(**kwargs)
        self.cfg = config or MixerConfig()

    def call(self, x):
        if self.cfg.decomp_method == "dft_decomp":
            x = tf.transpose(x, [0, 2, 1])
        if self.cfg.use_extra:
            x = tf.transpose(x, [0, 2, 1])
        return x


class Head(tf.keras.layers.Layer):
    def __init__(self, config: MixerConfig, **kwargs):
        super().__init__(**kwargs)
        self.config = config

    def call(self, x):
        if self.config.decomp_method != "dft_decomp":
            x = tf.transpose(x, [0, 2, 1])
        method = self.config.decomp_method
        if method == "dft_decomp":
            x = tf.transpose(x, [0, 2, 1])
        return x


def build():
    config = MixerConfig(d_model=64)
    return Mixer(config), Head(config)
"""


def lint_tree(tmp_path, files: dict, select=("TFP101",)):
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    return found(lint_paths([str(tmp_path)], target="gaudi2", select=list(select)))


def test_a_settings_class_field_off_by_default_is_info(tmp_path):
    # the config module names no framework (linted as a helper for its fields); `self.cfg = config or
    # MixerConfig()` and `config: MixerConfig` say whose fields they are; the default "moving_avg" takes the `!=`
    # branch (line 26: the warning), not the `== "dft_decomp"` ones
    assert lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/config.py": CONFIG, "pkg/model.py": MODEL}) == [
        ("model.py", 13, "TFP101", "info"), ("model.py", 15, "TFP101", "info"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "info")]


def test_a_construction_or_a_store_that_turns_the_field_on_keeps_the_warning(tmp_path):
    turned_on = MODEL + """

def build_dft():
    config = MixerConfig(decomp_method="dft_decomp")
    config.use_extra = True
    return Mixer(config)
"""
    assert lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/config.py": CONFIG, "pkg/model.py": turned_on}) == [
        ("model.py", 13, "TFP101", "warning"), ("model.py", 15, "TFP101", "warning"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "warning")]


def test_a_default_that_takes_the_branch_keeps_the_warning(tmp_path):
    config = CONFIG.replace('decomp_method="moving_avg"', 'decomp_method="dft_decomp"').replace(
        "use_extra=False", "use_extra=True")
    assert lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/config.py": config, "pkg/model.py": MODEL}) == [
        ("model.py", 13, "TFP101", "warning"), ("model.py", 15, "TFP101", "warning"),
        ("model.py", 26, "TFP101", "info"), ("model.py", 29, "TFP101", "warning")]


def test_a_class_that_is_no_settings_class_says_nothing_of_its_attributes(tmp_path):
    # a Keras layer storing its parameters, and a class whose constructor builds objects: not settings classes,
    # so nothing defines `decomp_method` / `use_extra` with a default: the warnings stay
    layer = CONFIG.replace("class MixerConfig(BaseConfig):", "import tensorflow as tf\n\n\n"
                           "class MixerConfig(tf.keras.layers.Layer):")
    assert lint_tree(tmp_path / "a", {"pkg/__init__.py": "", "pkg/config.py": layer, "pkg/model.py": MODEL}) == [
        ("model.py", 13, "TFP101", "warning"), ("model.py", 15, "TFP101", "warning"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "warning")]
    builder = CONFIG.replace("self.d_model = d_model", "self.d_model = make_table(d_model)")
    assert lint_tree(tmp_path / "b", {"pkg/__init__.py": "", "pkg/config.py": builder, "pkg/model.py": MODEL}) == [
        ("model.py", 13, "TFP101", "warning"), ("model.py", 15, "TFP101", "warning"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "warning")]


LOSS = """\
import enum

import tensorflow as tf


class Approximation(str, enum.Enum):
    RATIO = "ratio"
    FIRST_ORDER = "first_order"


class Plain(enum.Enum):
    RATIO = "ratio"
    FIRST_ORDER = "first_order"


class TableConfig:
    def __init__(self, hidden_size=8, average_approximation_function="ratio", kind="ratio"):
        self.hidden_size = hidden_size
        self.average_approximation_function = average_approximation_function
        self.kind = kind


def expected_result(x, config):
    approximation = config.average_approximation_function
    if approximation == Approximation.RATIO:
        x = x / 2
    elif approximation == Approximation.FIRST_ORDER:
        x = tf.transpose(x, [0, 2, 1])
    if config.kind == Plain.FIRST_ORDER:
        x = tf.transpose(x, [0, 2, 1])
    return x


class Loss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        return expected_result(y_pred, self.config)
"""


def test_a_field_read_by_its_name_through_a_local_name_and_a_str_enum(tmp_path):
    # `config` is not annotated: the field by its name (one settings class defines it, "ratio"); the str enum's
    # FIRST_ORDER is "first_order": info. A plain Enum's member is no string: the test is not read, the warning
    assert lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/loss.py": LOSS}) == [
        ("loss.py", 28, "TFP101", "info"), ("loss.py", 30, "TFP101", "warning")]


def test_definitions_that_disagree_keep_the_warning(tmp_path):
    # (a module of the model, linted: a definition in a module that names no framework is seen only where a read
    # tells its class, as a dataclass's field is)
    other = """\
import tensorflow as tf


class OtherConfig:
    def __init__(self, depth=2, average_approximation_function="first_order"):
        self.depth = depth
        self.average_approximation_function = average_approximation_function
"""
    assert lint_tree(tmp_path, {"pkg/__init__.py": "", "pkg/loss.py": LOSS, "pkg/other.py": other}) == [
        ("loss.py", 28, "TFP101", "warning"), ("loss.py", 30, "TFP101", "warning")]


def test_a_store_of_a_construction_tells_the_class(tmp_path):
    # `self.cfg = MixerConfig(d_model=16)`: the stored construction's class (its own arguments decide too)
    built = MODEL.replace("self.cfg = config or MixerConfig()", "self.cfg = MixerConfig(d_model=16)")
    assert lint_tree(tmp_path / "a", {"pkg/__init__.py": "", "pkg/config.py": CONFIG, "pkg/model.py": built}) == [
        ("model.py", 13, "TFP101", "info"), ("model.py", 15, "TFP101", "info"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "info")]
    built = MODEL.replace("self.cfg = config or MixerConfig()", 'self.cfg = MixerConfig(use_extra=True)')
    assert lint_tree(tmp_path / "b", {"pkg/__init__.py": "", "pkg/config.py": CONFIG, "pkg/model.py": built}) == [
        ("model.py", 13, "TFP101", "info"), ("model.py", 15, "TFP101", "warning"),
        ("model.py", 26, "TFP101", "warning"), ("model.py", 29, "TFP101", "info")]


SUM = LOSS.replace("x = tf.transpose(x, [0, 2, 1])\n    if config.kind", "x = tf.reduce_sum(x * x, axis=-1)\n    if config.kind")


def test_tfp601_reads_the_same_settings_field(tmp_path):
    # the tapas form: a sum over the last axis in the FIRST_ORDER branch of `average_approximation_function`
    # (default "ratio"): no finding (TFP601's opt-in convention); a construction selecting it: the finding
    assert lint_tree(tmp_path / "a", {"pkg/__init__.py": "", "pkg/loss.py": SUM}, select=("TFP601",)) == []
    chosen = SUM + '\n\nCHOSEN = TableConfig(average_approximation_function="first_order")\n'
    assert lint_tree(tmp_path / "b", {"pkg/__init__.py": "", "pkg/loss.py": chosen}, select=("TFP601",)) == [
        ("loss.py", 28, "TFP601", "info")]


# tfts' TimeMixer form: the base keeps the config (`self.config = config` in base.py, another module), the model
# reads it as `self.cfg = self.config` and hands a field to a block's constructor; the block holds a layer it calls
# only in the branch its flag opts into (`self._decomp(x)` under `if self.decomp_method == "dft_decomp":`), so the
# held layer's `call` runs only there
BASE = """\
import tensorflow as tf


class BaseModel(tf.keras.Model):
    def __init__(self, config=None):
        super().__init__()
        self.config = config
"""

MIXER = """\
import tensorflow as tf

from pkg.base import BaseModel


class MixerConfig(object):
    def __init__(self, d_model=32, decomp_method="moving_avg", top_k=5):
        self.d_model = d_model
        self.decomp_method = decomp_method
        self.top_k = top_k


class Decomp(tf.keras.layers.Layer):
    def __init__(self, top_k=5, **kwargs):
        super().__init__(**kwargs)
        self.top_k = top_k

    def call(self, x):
        return tf.transpose(x, [0, 2, 1])


class Block(tf.keras.layers.Layer):
    def __init__(self, decomp_method="moving_avg", **kwargs):
        super().__init__(**kwargs)
        self.decomp_method = decomp_method
        self._decomp = Decomp(3)

    def _decompose(self, x):
        if self.decomp_method == "dft_decomp":
            return self._decomp(x)
        return x

    def call(self, x):
        return self._decompose(x)


class Mixer(BaseModel):
    def __init__(self, config=None):
        config = config or MixerConfig()
        super().__init__(config=config)
        self.cfg = self.config
        self.block = Block(decomp_method=self.cfg.decomp_method)

    def call(self, x):
        return self.block(x)
"""


def test_a_held_layer_called_only_in_an_opt_in_branch_of_a_config_field(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/mixer.py": MIXER}
    assert lint_tree(tmp_path / "a", files) == [("mixer.py", 19, "TFP101", "info")]
    # the project's training script selects the branch: the warning (a script that never names TensorFlow is not
    # linted, as for any construction)
    chosen = dict(files, **{"pkg/run.py": "import tensorflow as tf\n\nfrom pkg.mixer import Mixer, MixerConfig\n\n\n"
                                          "MODEL = Mixer(MixerConfig(decomp_method='dft_decomp'))\n"})
    assert lint_tree(tmp_path / "b", chosen) == [("mixer.py", 19, "TFP101", "warning")]
    # the layer called outside the branch too (a second read of the attribute): the warning
    twice = dict(files, **{"pkg/mixer.py": MIXER.replace("        return x\n\n    def call",
                                                        "        return self._decomp(x)\n\n    def call")})
    assert lint_tree(tmp_path / "c", twice) == [("mixer.py", 19, "TFP101", "warning")]
