"""TFP101 / TFP103 and the weight convention for a vector quantizer's codebook (ddsp's VectorQuantization, set 54's
vector-quantize-tf): a codebook whose dead codes are replaced by rows of the batch (`tensor_scatter_nd_update` into a
codebook-shaped tensor), picked per code by a mask compared from the weights (`tf.where(keep, centroids, restart)`),
is a codebook's size: no batch factor, whatever rows it holds. A scalar read of a static shape (`n =
x.shape[0]`) scaling a threshold cannot enlarge it either; a shape built of such a size (`tf.tile(w, [n, 1])`) can."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text

CODEBOOK = """\
import tensorflow as tf


class VectorQuantization(tf.keras.layers.Layer):
    def __init__(self, k=64, depth=16, restart_threshold=1.0):
        super().__init__()
        self.k = k
        self.depth = depth
        self.restart_threshold = restart_threshold

    def build(self, shape):
        self.sums = self.add_weight("sums", (self.k, self.depth))
        self.counts = self.add_weight("counts", (self.k,))
        self.ema_w = self.add_weight("ema_w", (self.depth, self.k))

    def call(self, x):
        x_flat = tf.reshape(x, [-1, self.depth])
        n = x_flat.shape[0]
        keep = self.counts * self.k > self.restart_threshold * n
        restart = tf.tensor_scatter_nd_update(tf.random.uniform([self.k, self.depth]),
                                              tf.where(tf.logical_not(keep)), tf.random.shuffle(x_flat)[:4])
        e = tf.where(tf.expand_dims(keep, 1), tf.math.divide_no_nan(self.sums, self.counts[:, None]), restart)
        distances = tf.reduce_sum(x_flat ** 2, 1, keepdims=True) - 2 * tf.matmul(x_flat, tf.transpose(e))
        dead = self.counts < 1.0
        scattered = tf.tensor_scatter_nd_update(tf.transpose(self.ema_w), tf.where(dead), x_flat[:4])
        updated = tf.where(dead[:, None], scattered * 0.5, tf.transpose(self.ema_w))
        self.ema_w.assign(tf.transpose(updated))
        tiled = tf.transpose(tf.tile(self.sums, [n, 1]))
        batch = tf.transpose(tf.tensor_scatter_nd_update(x_flat, [[0]], e[:1]))
        return distances, tiled, batch
"""


def findings():
    return {(f.source.line, f.code): (f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(CODEBOOK), "model.py", target="gaudi2", select=["TFP101", "TFP103"])}


def test_a_codebook_picked_from_weights_and_restarts_has_no_batch_factor():
    found = findings()
    assert found[23, "TFP103"][0] == "info" and "computed only from weights" in found[23, "TFP103"][1]


def test_a_scatter_into_a_weights_shape_keeps_it():
    found = findings()
    assert found[27, "TFP101"][0] == "info" and "computed only from weights" in found[27, "TFP101"][1]


def test_a_tile_by_a_static_size_and_a_scatter_into_the_batch_keep_the_warning():
    found = findings()
    assert found[28, "TFP101"][0] == "warning"  # `n` sizes the tiled axis: as large as the batch
    assert found[29, "TFP101"][0] == "warning"  # a scatter into the batch's rows is the batch's size
