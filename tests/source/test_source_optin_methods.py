"""Opt-in code selected through a class's own machinery (session 27): a private method whose every call is
the class's own `self._m(...)` under a test of a setting (one hop, as a module's private helper), a class
constant as the comparand or the default (`self.kind == Att.MUL`, `kind=ADD` in the signature), and a number's
threshold (`if self.reg_weight > 0.0:`). Each form: VALID (only the default: info) and INVALID (the project
takes the branch, or the form says the code runs by default: the warning). Synthetic look-alikes of the open
sets' attention-type layers (`attention_type == ATTENTION_TYPE_MUL`), task switches (`task_name in (...)`) and
regularization-weight guards."""

from __future__ import annotations

from test_source_transpose_set11 import lint  # (pytest puts this directory on sys.path)

METHOD = """\
import tensorflow as tf


class Att(tf.keras.layers.Layer):
    def __init__(self, attention_type="add"):
        super().__init__()
        self.attention_type = attention_type

    def call(self, x):
        if self.attention_type == "mul":
            return self._mul(x)
        return tf.nn.relu(x)

    def _mul(self, x):
        return tf.transpose(x, [0, 2, 1])
{more}
"""


def test_a_private_method_called_only_under_a_setting_off_by_default_is_info():
    assert lint(METHOD.format(more="")) == [(15, "TFP101", "info")]


def test_a_private_method_a_construction_turns_on_keeps_the_warning():
    more = "\n\ndef model(x):\n    return Att('mul')(x)\n"
    assert lint(METHOD.format(more=more)) == [(15, "TFP101", "warning")]


def test_a_private_method_called_also_on_the_default_path_keeps_the_warning():
    code = METHOD.format(more="").replace("        return tf.nn.relu(x)\n", "        return self._mul(tf.nn.relu(x))\n")
    assert lint(code) == [(15, "TFP101", "warning")]


def test_a_private_method_handed_on_keeps_the_warning():
    # `tf.map_fn(self._mul, x)` calls it where the file does not show
    code = METHOD.format(more="").replace("        return tf.nn.relu(x)\n",
                                          "        return tf.map_fn(self._mul, x)\n")
    assert lint(code) == [(15, "TFP101", "warning")]


def test_a_method_dispatched_through_a_dict_keeps_the_warning():
    # a dict of methods indexed by the setting: a reference, not a call under a test (not read)
    code = """\
    import tensorflow as tf

    class Att(tf.keras.layers.Layer):
        def __init__(self, kind="add"):
            super().__init__()
            self.kind = kind

        def call(self, x):
            return {"add": self._add, "mul": self._mul}[self.kind](x)

        def _add(self, x):
            return tf.nn.relu(x)

        def _mul(self, x):
            return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code) == [(15, "TFP101", "warning")]


def test_a_hook_the_framework_calls_is_never_opt_in():
    # Sonnet 1's `_build` runs through `__call__`: the class's own calls of it are not all its calls
    code = """\
    import tensorflow as tf

    class Block(tf.keras.layers.Layer):
        def __init__(self, mode="plain"):
            super().__init__()
            self.mode = mode

        def call(self, x):
            if self.mode == "again":
                return self._build(x)
            return tf.nn.relu(x)

        def _build(self, x):
            return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code) == [(14, "TFP101", "warning")]


def test_a_public_method_is_not_read_through_its_callers():
    # `obj.mul(x)` from anywhere is a call the index may not join: only private methods take their callers' tests
    code = METHOD.format(more="").replace("_mul", "mul")
    assert lint(code) == [(15, "TFP101", "warning")]


CONSTANTS = """\
import tensorflow as tf


class Att(tf.keras.layers.Layer):
    ADD = "add"
    MUL = "mul"

    def __init__(self, attention_type={default}):
        super().__init__()
        self.attention_type = attention_type

    def call(self, x):
        if self.attention_type == Att.MUL:
            x = tf.transpose(x, [0, 2, 1])
        if self.attention_type in (self.MUL, "dot"):
            x = tf.transpose(x, [0, 2, 1])
        return tf.nn.relu(x)
"""


def test_a_class_constant_as_the_comparand_and_the_default_is_read():
    assert lint(CONSTANTS.format(default="ADD")) == [(14, "TFP101", "info"), (16, "TFP101", "info")]
    assert lint(CONSTANTS.format(default='"add"')) == [(14, "TFP101", "info"), (16, "TFP101", "info")]


def test_a_class_constant_default_that_takes_the_branch_keeps_the_warning():
    assert lint(CONSTANTS.format(default="MUL")) == [(14, "TFP101", "warning"), (16, "TFP101", "warning")]


def test_a_class_attribute_a_method_stores_is_no_constant():
    # `self.MUL = ...` in a method: a field that may hold anything, not a constant to compare with
    code = CONSTANTS.format(default="ADD").replace('        self.attention_type = attention_type\n',
                                                   '        self.attention_type = attention_type\n'
                                                   '        self.MUL = attention_type\n')
    assert lint(code) == [(15, "TFP101", "warning"), (17, "TFP101", "warning")]


THRESHOLD = """\
import tensorflow as tf


class Head(tf.keras.layers.Layer):
    def __init__(self, reg_weight={default}):
        super().__init__()
        self.reg_weight = reg_weight

    def call(self, x):
        if self.reg_weight > 0.0:
            self.add_loss(self._reg(x))
        return tf.nn.relu(x)

    def _reg(self, x):
        return tf.reduce_sum(tf.transpose(x, [0, 2, 1]))
"""


def test_a_threshold_the_default_fails_is_opt_in_through_a_method():
    assert lint(THRESHOLD.format(default="0.0")) == [(15, "TFP101", "info")]


def test_a_threshold_the_default_passes_keeps_the_warning():
    assert lint(THRESHOLD.format(default="0.1")) == [(15, "TFP101", "warning")]


def test_a_threshold_a_caller_passes_keeps_the_warning():
    code = THRESHOLD.format(default="0.0") + "\n\ndef model(x):\n    return Head(reg_weight=0.5)(x)\n"
    assert lint(code) == [(15, "TFP101", "warning")]


CONFIGURED = """\
import dataclasses

import tensorflow as tf


@dataclasses.dataclass
class Cfg:
    task_name: str = "forecast"


class Model(tf.keras.Model):
    def __init__(self, config: Cfg):
        super().__init__()
        self.config = config

    def call(self, x):
        if self.config.task_name in ("imputation", "anomaly_detection"):
            return self._impute(x)
        return x

    def _impute(self, x):
        return tf.transpose(x, [0, 2, 1])


def build():
    return Model(Cfg(task_name="{task}"))
"""


def test_a_config_field_that_selects_a_private_method_is_read_through_the_call():
    # VALID: the one construction keeps the default task: the method's transpose is info
    assert lint(CONFIGURED.replace("{task}", "forecast")) == [(22, "TFP101", "info")]


def test_a_config_the_project_builds_with_the_branch_value_keeps_the_warning():
    # INVALID: Cfg(task_name="imputation") takes the branch
    assert lint(CONFIGURED.replace("{task}", "imputation")) == [(22, "TFP101", "warning")]


def test_an_elif_chain_over_one_setting_makes_its_other_arms_opt_in():
    # the default's arm keeps the warning; the others call their methods only for another kind
    code = """\
    import tensorflow as tf

    class Att(tf.keras.layers.Layer):
        def __init__(self, kind="a"):
            super().__init__()
            self.kind = kind

        def call(self, x):
            if self.kind == "a":
                y = self._a(x)
            elif self.kind == "b":
                y = self._b(x)
            else:
                y = self._c(x)
            return y

        def _a(self, x):
            return tf.transpose(x, [0, 2, 1])

        def _b(self, x):
            return tf.transpose(x, [0, 2, 1])

        def _c(self, x):
            return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code) == [(18, "TFP101", "warning"), (21, "TFP101", "info"), (24, "TFP101", "info")]
