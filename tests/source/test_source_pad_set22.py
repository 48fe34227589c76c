"""TFP201 forms of set 22: a ZeroPadding2D that leaves data_format (Keras's default, channels last) before a
VALID conv that says `data_format="channels_last"` reads the same axes; one saying channels_first does not."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text

EMBEDDINGS = """\
import tensorflow as tf


class ConvEmbeddings(tf.keras.layers.Layer):
    def __init__(self, embed_dim, patch_size, stride, padding, **kwargs):
        super().__init__(**kwargs)
        self.padding = tf.keras.layers.ZeroPadding2D(padding=padding{pad_format})
        self.projection = tf.keras.layers.Conv2D(filters=embed_dim, kernel_size=patch_size, strides=stride,
                                                 padding="valid", data_format="{conv_format}")

    def call(self, pixel_values):
        if isinstance(pixel_values, dict):
            pixel_values = pixel_values["pixel_values"]
        return self.projection(self.padding(pixel_values))


def embed(x):
    return ConvEmbeddings(64, 7, 4, 2)(x)
"""


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


def test_invalid_default_format_pad_before_a_channels_last_conv():
    assert lint(EMBEDDINGS.format(pad_format="", conv_format="channels_last")) == [(7, "warning")]
    assert lint(EMBEDDINGS.format(pad_format=', data_format="channels_last"', conv_format="channels_last")) == \
        [(7, "warning")]


def test_valid_pad_and_conv_of_different_layouts():
    assert lint(EMBEDDINGS.format(pad_format="", conv_format="channels_first")) == []
    assert lint(EMBEDDINGS.format(pad_format=', data_format="channels_first"', conv_format="channels_last")) == []


TO_MULTIPLE = """\
import tensorflow as tf


class PatchEmbeddings(tf.keras.layers.Layer):
    def __init__(self, hidden_size, patch_size, **kwargs):
        super().__init__(**kwargs)
        self.patch_size = patch_size
        self.projection = tf.keras.layers.Conv2D(hidden_size, kernel_size=patch_size, strides=patch_size,
                                                 padding="valid")

    def call(self, x):
        height, width = x.shape[1], x.shape[2]
        {pad}
        return self.projection(x)
"""


def test_valid_pad_to_a_multiple_of_the_patch():
    for pad in ("if width % self.patch_size != 0:\n"
                "            x = tf.pad(x, ((0, 0), (0, 0), (0, self.patch_size - width % self.patch_size), (0, 0)))",
                "pad_h = -height % self.patch_size\n"
                "        x = tf.pad(x, [[0, 0], [0, pad_h], [0, 0], [0, 0]])"):
        assert lint(TO_MULTIPLE.format(pad=pad)) == [], pad


def test_invalid_pad_of_a_computed_border():
    pad = "p = (self.patch_size - 1) // 2\n        x = tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]])"
    assert [severity for _, severity in lint(TO_MULTIPLE.format(pad=pad))] == ["warning"]
