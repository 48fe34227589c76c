"""TFP201 through a project function that returns a closure applying a VALID conv to its input (held-out
sets 14 and 27: image-classifiers' and classification-models-3d's `GroupConv2D(filters, ..., padding='valid',
**kwargs)` returning `def layer(input_tensor)`, which takes each group's channels with a `Lambda` slice and
convolves them): the closure factory's VALID_LAYER fact (`_closure_valid_layer`), the channel slice the
input may go through (`_channel_slice`), and a `**kwargs` spread into the factory's call read as a
framework layer's is. Each form with the look-alikes it must leave alone: a SAME conv, a factory passed
padding="same" (directly or in a dict it spreads), a slice of a spatial axis, a closure that reads its
input with a layer that is no VALID conv first."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

BLOCKS = """\
    from tensorflow.keras import layers


    def slice_tensor(x, start, stop, axis):
        if axis == 3:
            return x[:, :, :, start:stop]
        elif axis == 1:
            return x[:, start:stop, :, :]
        else:
            raise ValueError(axis)


    def GroupConv2D(filters, kernel_size, strides=(1, 1), groups=32, padding='valid', **kwargs):
        def layer(input_tensor):
            blocks = []
            for c in range(groups):
                x = layers.Lambda(slice_tensor, arguments={'start': c, 'stop': c + 1, 'axis': 3})(input_tensor)
                x = layers.Conv2D(filters // groups, kernel_size, strides=strides, padding=padding)(x)
                blocks.append(x)
            return layers.Concatenate()(blocks)
        return layer
    """

MODEL = """\
    from tensorflow.keras import layers
    from pkg.blocks import GroupConv2D


    def block(x, filters, **kwargs):
        x = layers.ZeroPadding2D(1)(x)
        return GroupConv2D(filters, (3, 3), strides=2{extra})(x)
    """


def lint_tree(tmp_path, blocks: str, extra: str = ""):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/blocks.py": textwrap.dedent(blocks),
                    "pkg/model.py": textwrap.dedent(MODEL).replace("{extra}", extra)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    return [(f.source.line, f.severity.value, f.message) for f in findings if f.source.path.endswith("model.py")]


@pytest.mark.parametrize("extra, flagged", [
    ("", True),
    (", padding='valid'", True),
    (", **kwargs", True),  # (no sign of the key in what is spread: not passed, as for a framework conv)
    (", padding='same'", False),
    (", **{'padding': 'same'}", False),
    (", **dict(kwargs, padding='same')", False),
], ids=["default", "valid", "kwargs", "same", "spread-same", "spread-dict-same"])
def test_a_pad_before_a_grouped_conv_a_closure_factory_of_another_module_builds(tmp_path, extra, flagged):
    found = lint_tree(tmp_path, BLOCKS, extra)
    assert [(line, severity) for line, severity, _ in found] == ([(6, "warning")] if flagged else [])
    if flagged:
        assert "GroupConv2D()" in found[0][2] and "line 18 of pkg.blocks" in found[0][2]


@pytest.mark.parametrize("sliced", [
    "x[:, start:stop, :, :]",  # (axis 1 alone: a spatial axis of channels_last, no channels_first pair)
    "x[:, :, start:stop, :]",  # a spatial axis whatever the layout
    "x[:, 1:, 1:, start:stop]",  # crops the border besides
    "x[..., ::2]",  # (a strided take of the channels: no range, the step)
])
def test_a_slice_that_is_no_channel_slice_is_not_followed(tmp_path, sliced):
    blocks = BLOCKS.replace("""        if axis == 3:
            return x[:, :, :, start:stop]
        elif axis == 1:
            return x[:, start:stop, :, :]
        else:
            raise ValueError(axis)""", f"        return {sliced}")
    assert blocks != BLOCKS
    assert lint_tree(tmp_path, blocks) == []


@pytest.mark.parametrize("function", ["lambda t: t[..., 0:8]", "lambda t: t[:, :, :, 0:8]", "slice_tensor"])
def test_a_channel_slice_by_a_lambda_or_a_function_is_followed(tmp_path, function):
    blocks = BLOCKS.replace("layers.Lambda(slice_tensor, arguments={'start': c, 'stop': c + 1, 'axis': 3})",
                            f"layers.Lambda({function})")
    assert blocks != BLOCKS
    assert [line for line, _, _ in lint_tree(tmp_path, blocks)] == [6]


def test_a_closure_that_reads_its_input_with_another_layer_first_is_no_valid_layer(tmp_path):
    blocks = BLOCKS.replace("            blocks = []\n",
                            "            input_tensor = layers.BatchNormalization()(input_tensor)\n"
                            "            blocks = []\n")
    assert blocks != BLOCKS
    assert lint_tree(tmp_path, blocks) == []


def test_a_closure_whose_conv_is_same_is_no_valid_layer(tmp_path):
    blocks = BLOCKS.replace("padding=padding)(x)", "padding='same')(x)")
    assert blocks != BLOCKS
    assert lint_tree(tmp_path, blocks) == []


def test_a_closure_applied_to_another_parameter_is_no_valid_layer(tmp_path):
    blocks = BLOCKS.replace("def layer(input_tensor):", "def layer(input_tensor, other=None):").replace(
        "(input_tensor)\n                x = layers.Conv2D", "(other)\n                x = layers.Conv2D")
    assert blocks != BLOCKS
    assert lint_tree(tmp_path, blocks) == []


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


def test_a_closure_factory_of_the_same_file():
    code = """\
        import tensorflow as tf


        def conv_unit(filters, padding="valid"):
            def apply(inputs):
                return tf.keras.layers.Conv2D(filters, 3, padding=padding)(inputs)
            return apply


        def model(x):
            x = tf.keras.layers.ZeroPadding2D(1)(x)
            x = conv_unit(32)(x)
            y = tf.keras.layers.ZeroPadding2D(1)(x)
            return conv_unit(32, padding="same")(y)
        """
    assert lint(code) == [(11, "warning")]


def test_a_factory_that_returns_another_function_than_it_defines_is_no_valid_layer():
    code = """\
        import tensorflow as tf


        def other(inputs):
            return inputs


        def conv_unit(filters, padding="valid"):
            def apply(inputs):
                return tf.keras.layers.Conv2D(filters, 3, padding=padding)(inputs)
            apply = other
            return apply


        def model(x):
            x = tf.keras.layers.ZeroPadding2D(1)(x)
            return conv_unit(32)(x)
        """
    assert lint(code) == []


# A project copy of WeightNormalization (nlp-architect's TCN, held-out-21): a Keras `Wrapper` subclass whose
# `call` returns `self.layer.call(inputs)`: the layer a construction of it applies is its first argument

WRAPPER = """\
    import tensorflow as tf
    from tensorflow.keras.layers import Wrapper


    class WeightNorm(Wrapper):
        def __init__(self, layer, data_init=False, **kwargs):
            super(WeightNorm, self).__init__(layer, **kwargs)
            self.data_init = data_init

        def call(self, inputs):
            if tf.executing_eagerly():
                self._init(inputs)
            output = self.layer.call(inputs)
            return output
    """

TCN = """\
    import tensorflow as tf
    from tensorflow.keras.layers import Conv1D
    from pkg.wn import WeightNorm


    def causal(x, padding, n):
        x = tf.pad(x, {paddings})
        return WeightNorm(Conv1D(n, 3, padding="{conv_padding}", dilation_rate=2))(x)
    """


def lint_wrapped(tmp_path, wrapper=WRAPPER, paddings="[[0, 0], [padding, 0], [0, 0]]", conv_padding="valid"):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/wn.py": textwrap.dedent(wrapper),
                    "pkg/tcn.py": textwrap.dedent(TCN).replace("{paddings}", paddings)
                    .replace("{conv_padding}", conv_padding)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    return [(f.source.line, f.severity.value) for f in findings if f.source.path.endswith("tcn.py")]


@pytest.mark.parametrize("paddings", ["[[0, 0], [padding, 0], [0, 0]]",
                                      'tf.constant([[0, 0], [padding, 0], [0, 0]]), "CONSTANT"'],
                         ids=["list", "tf.constant"])
def test_a_pad_before_a_conv_a_project_wrapper_applies(tmp_path, paddings):
    assert lint_wrapped(tmp_path, paddings=paddings) == [(7, "warning")]


def test_a_pad_before_a_same_conv_a_project_wrapper_applies(tmp_path):
    assert lint_wrapped(tmp_path, conv_padding="same") == []


def test_a_constant_tensor_of_a_non_zero_pad_value_is_no_zero_pad(tmp_path):
    assert lint_wrapped(tmp_path, paddings='tf.constant([[0, 0], [padding, 0], [0, 0]]), constant_values=1') == []


@pytest.mark.parametrize("call", [
    "return self.layer(inputs) * 2",  # (changes the result)
    "return self.layer(tf.nn.relu(inputs))",  # (changes the input)
    "return self.other(inputs)",  # (another layer)
], ids=["result", "input", "other"])
def test_a_wrapper_that_is_not_the_wrapped_layer_applied(tmp_path, call):
    wrapper = WRAPPER.replace("output = self.layer.call(inputs)\n            return output", call)
    assert wrapper != WRAPPER
    assert lint_wrapped(tmp_path, wrapper=wrapper) == []


def test_a_class_that_is_no_keras_wrapper_is_not_unwrapped(tmp_path):
    wrapper = WRAPPER.replace("class WeightNorm(Wrapper):", "class WeightNorm(object):")
    assert lint_wrapped(tmp_path, wrapper=wrapper) == []
