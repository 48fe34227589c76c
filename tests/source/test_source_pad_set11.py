"""TFP201 forms held-out sets 10 and 11 showed missing, one synthetic file per form with its look-alike:
a project conv wrapper whose pad layer is built under a flag an assignment defines as a test
(`self.use_pad = (padding > 0) and (not force_same)`, the conv "valid" when `not force_same`), a pad
that reaches the conv past an `if` that may not run (a layout change only for channels-first), ..."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])]


def messages(code: str, path="model.py"):
    return [f.message for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])]


# --- a flag defined as a test: what holding it says


CONV_WRAPPER = """\
import tensorflow as tf
import tensorflow.keras.layers as nn


class Conv2d(nn.Layer):
    def __init__(self, out_channels, kernel_size, strides=1, padding=0, force_same=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(padding, int):
            padding = (padding, padding)
        self.use_pad = ((padding[0] > 0) or (padding[1] > 0)) and (not force_same)
        if self.use_pad:
            self.pad = nn.ZeroPadding2D(padding=padding)
        self.conv = nn.Conv2D(out_channels, kernel_size, strides=strides,
                              padding=("valid" if not force_same else "same"))

    def call(self, x):
        if self.use_pad:
            x = self.pad(x)
        x = self.conv(x)
        return x


def conv3x3(out_channels, strides=1):
    return Conv2d(out_channels, 3, strides=strides, padding=1)
"""


def test_a_pad_built_under_a_flag_defined_as_a_conjunction_reads_the_conv_padding_it_implies():
    # `self.use_pad` held: `not force_same` held, so the conv is "valid"
    assert lint(CONV_WRAPPER) == [(12, "warning")]
    assert "padding is 1 from " in messages(CONV_WRAPPER)[0]


def test_a_flag_defined_as_a_conjunction_that_implies_same_makes_no_finding():
    # the pad is built only when force_same holds, and then the conv pads itself
    code = CONV_WRAPPER.replace("and (not force_same)", "and force_same")
    assert lint(code) == []


def test_a_flag_assigned_twice_says_nothing_about_its_definitions():
    code = CONV_WRAPPER.replace("        if self.use_pad:\n            self.pad",
                                "        if kwargs:\n            self.use_pad = True\n        if self.use_pad:\n"
                                "            self.pad")
    assert lint(code) == []  # (which assignment held is not known: the conv's padding is not)


def test_a_local_flag_defined_as_a_test():
    code = """\
    import tensorflow as tf

    def block(x, filters, padding=1, force_same=False):
        use_pad = padding > 0 and not force_same
        if use_pad:
            x = tf.keras.layers.ZeroPadding2D(padding)(x)
        return tf.keras.layers.Conv2D(filters, 3, padding="same" if force_same else "valid")(x)
    """
    assert [line for line, _ in lint(code)] == [6]
    assert lint(code.replace("and not force_same", "and force_same")) == []


def test_a_flag_that_did_not_hold_means_neither_side_of_its_or_held():
    code = """\
    import tensorflow as tf

    def block(x, filters, padding=1, same=False, skip=False):
        plain = same or skip
        if not plain:
            x = tf.keras.layers.ZeroPadding2D(padding)(x)
        return tf.keras.layers.Conv2D(filters, 3, padding="same" if same else "valid")(x)
    """
    assert [line for line, _ in lint(code)] == [6]


# --- a pad past an `if` that may not run


CONV1D_WRAPPER = """\
import tensorflow as tf
import tensorflow.keras.layers as nn


class Conv1d(nn.Layer):
    def __init__(self, out_channels, kernel_size, padding=1, data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format
        self.pad = nn.ZeroPadding1D(padding=padding)
        self.conv = nn.Conv1D(out_channels, kernel_size, padding="valid", data_format=data_format)

    def call(self, x):
        if self.data_format == "channels_first":
            x = tf.transpose(x, perm=(0, 2, 1))
        x = self.pad(x)
        if self.data_format == "channels_first":
            x = tf.transpose(x, perm=(0, 2, 1))
        x = self.conv(x)
        return x
"""


def test_a_pad_reaches_the_conv_past_an_if_without_else_that_may_not_run():
    # channels-last: the transpose back does not run, and the conv reads the pad
    assert lint(CONV1D_WRAPPER) == [(9, "warning")]


def test_a_pad_whose_value_every_branch_replaces_does_not_reach_the_conv():
    code = CONV1D_WRAPPER.replace(
        "            x = tf.transpose(x, perm=(0, 2, 1))\n        x = self.conv(x)",
        "            x = tf.transpose(x, perm=(0, 2, 1))\n        else:\n            x = x[:, 1:-1]\n"
        "        x = self.conv(x)")
    assert lint(code) == []
