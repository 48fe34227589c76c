"""TFP201's forms from held-out sets 47 and 48 (session 30). A helper that builds its conv on a parameter handed by
keyword (set 48's musicnn: `tf.compat.v1.layers.conv2d(inputs=inputs, ..., padding=padding)` in `timbral_block(inputs,
..., padding="valid")`, called with the padded tensor): the helper's build was read only when the conv took its input
first by position. A pad whose value a loop over a list of layers takes on its first pass (set 47's gcvit: `for layer in
self.conv: xr = layer(xr)`, the list starting with a VALID DepthwiseConv2D)."""

from __future__ import annotations

import textwrap

import pytest

from tfperf.source import lint_text

HELPER = """\
import tensorflow as tf

def block(inputs, filters, kernel_size, padding="valid"):
    return tf.compat.v1.layers.conv2d(INPUT, filters=filters, kernel_size=kernel_size, padding=padding)

def front(x):
    padded = tf.pad(x, [[0, 0], [3, 3], [0, 0], [0, 0]], "CONSTANT")
    return CALL
"""


def pads(conv_input: str, call: str):
    code = HELPER.replace("INPUT", conv_input).replace("CALL", call)
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


@pytest.mark.parametrize("conv_input", ["inputs=inputs", "inputs"])
@pytest.mark.parametrize("call", ["block(inputs=padded, filters=8, kernel_size=[7, 3])", "block(padded, 8, [7, 3])"])
def test_a_pad_handed_to_a_helper_whose_conv_takes_it_by_keyword_is_found(conv_input, call):
    [(line, severity, message)] = pads(conv_input, call)
    assert (line, severity) == (7, "warning")
    assert message == ("zero pad [[3,3],[0,0]] before VALID conv2d (built by block() at line 4): conv2d can pad by "
                       "itself (in hardware on Gaudi)")


def test_the_helper_called_with_same_padding_is_left_alone():
    assert pads("inputs=inputs", "block(inputs=padded, filters=8, kernel_size=[7, 3], padding='same')") == []


def test_a_keyword_that_is_not_the_conv_input_is_not_read_as_it():
    """`filters=inputs` names the parameter but is not what the conv reads (the consumer's own reading decides)."""
    code = HELPER.replace("conv2d(INPUT, filters=filters", "conv2d(tf.zeros([1, 8, 8, 1]), filters=inputs") \
        .replace("CALL", "block(inputs=padded, filters=8, kernel_size=[7, 3])")
    assert lint_text(code, "model.py", target="gaudi2", select=["TFP201"]) == []


LOOPED = """\
import tensorflow as tf

class ReduceSize(tf.keras.layers.Layer):
    def build(self, input_shape):
        self.pad1 = tf.keras.layers.ZeroPadding2D(1)
        self.conv = [
            FIRST,
            tf.keras.layers.Activation("gelu"),
        ]

    def call(self, inputs):
        xr = self.pad1(inputs)
        LOOP
        return xr
"""
VALID_DEPTHWISE = 'tf.keras.layers.DepthwiseConv2D(kernel_size=3, strides=1, padding="valid")'


def looped(first: str = VALID_DEPTHWISE, loop: str = "for layer in self.conv:\n            xr = layer(xr)"):
    code = LOOPED.replace("FIRST", first).replace("LOOP", loop)
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, "model.py", target="gaudi2", select=["TFP201"])]


def test_a_pad_the_first_pass_of_a_loop_over_layers_hands_to_a_valid_conv_is_found():
    assert looped() == [(5, "warning", "zero pad [[1,1],[1,1]] before VALID DepthwiseConv2D: DepthwiseConv2D can pad "
                                       "by itself (in hardware on Gaudi)")]


@pytest.mark.parametrize("first, loop", [
    ('tf.keras.layers.DepthwiseConv2D(kernel_size=3, strides=1, padding="same")',
     "for layer in self.conv:\n            xr = layer(xr)"),
    # the loop's input is not the pad's value: each pass reads what the loop made
    (VALID_DEPTHWISE, "y = xr * 2.0\n        for layer in self.conv:\n            y = layer(y)"),
])
def test_a_same_first_layer_or_an_input_the_pad_does_not_reach_is_left_alone(first, loop):
    assert looped(first, loop) == []
