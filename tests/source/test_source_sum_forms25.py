"""TFP601 forms of the twenty-fifth session (issue 11), each with look-alikes:

- a sum over several axes written as a literal list, the last among them: `axis=[-2, -1]` (any rank), or
  `axis=(1, 2, 3)` where the source states the tensor's rank (the largest axis is the last); the elements it adds
  per result are the product of the reduced axes' sizes, so a stated small last axis beside axes of unknown size
  keeps the finding, and axes the source states small all together (`[-1, 2, 2]` over `(1, 2)`: 4) do not;
- the size of the summed axis itself, counted from the front, whatever the rank: the pieces a `tf.stack` along it
  stacks, the sizes a `tf.concat` along it adds (`tf.expand_dims(x, 1)` pieces: 1 each), a literal slice at its
  position (`p[:, :2]` summed over axis 1), through elementwise ops;
- a helper that returns a tuple, whose sum is one item of it: where every call of the file unpacks the tuple
  into names, only the name at the sum's place goes on (`rgb, _ = self.render(x)`: the depth map is discarded,
  not minimised; the traced step prunes it).
"""

from __future__ import annotations

import pytest
from test_source_sum_sizes import reported_lines  # (pytest puts this directory on sys.path)

SEVERAL = """\
import tensorflow as tf

def yolo_loss(y_true, y_pred, n):
    grid = tf.reshape(y_pred, {shape})
    return tf.reduce_mean(tf.reduce_sum(tf.square(grid - y_true), axis={axes}))
"""


@pytest.mark.parametrize("shape, axes", [
    ("[-1, 13, 13, 3]", "(1, 2, 3)"),  # (507 elements per sample, the last axis among them)
    ("[-1, n, n, 3]", "(1, 2, 3)"),  # (a 3-wide last axis beside axes of unknown size: no handful)
    ("[-1, n, n, 3]", "[1, -1]"),
    ("[-1, n, n, 3]", "[-2, -1]"),
    ("[-1, n, n]", "[1, 2]"),
])
def test_a_sum_over_several_axes_with_the_last_among_them_is_reported(shape, axes):
    assert reported_lines(SEVERAL.format(shape=shape, axes=axes)) == [5]


@pytest.mark.parametrize("shape, axes", [
    ("[-1, 13, 13, 3]", "(1, 2)"),  # (the last is not among them: spatial sums per channel)
    ("[-1, n, n, 3, 5]", "(1, 2, 3)"),  # (a 5-D tensor: axis 3 is not its last)
    ("[-1, n, n, 3]", "(-3, -2)"),  # (negative axes without -1)
    ("[-1, 2, 2]", "(1, 2)"),  # (4 elements per sample, every reduced size stated: a handful)
    ("[-1, n, n]", "(1, 1)"),  # (one axis written twice: not a list of several)
    ("[-1, n, n]", "(0, 1, 2)"),  # (with the batch axis: a full reduction, as `range(0, rank)`)
])
def test_a_sum_over_several_axes_without_the_last_or_of_a_handful_is_not(shape, axes):
    assert reported_lines(SEVERAL.format(shape=shape, axes=axes)) == []


def test_several_axes_of_a_tensor_of_unstated_rank_keep_quiet():
    """`(1, 2, 3)` of a tensor the source gives no rank: the last may be a fourth axis (a 5-D grid of anchors)."""
    code = SEVERAL.replace("grid = tf.reshape(y_pred, {shape})", "grid = y_pred")
    assert reported_lines(code.format(axes="(1, 2, 3)")) == []


STACKED = """\
import tensorflow as tf

def expected_result_loss(sum_result, average_result, count_result, probs, n):
    probs = tf.reshape(probs, [-1, n])
    all_results = {pieces}
    expected = tf.reduce_sum(all_results * probs, axis=1)
    return tf.reduce_mean(expected)
"""


@pytest.mark.parametrize("pieces", [
    "tf.concat([tf.expand_dims(sum_result, axis=1), tf.expand_dims(average_result, 1), "
    "tf.expand_dims(count_result, 1)], axis=1)",  # (three results side by side: 3 elements)
    "tf.stack([sum_result, average_result, count_result], axis=1)",
    "tf.stack([sum_result, average_result], 1)[:, :2]",
])
def test_a_sum_along_the_axis_a_stack_or_concat_builds_of_a_few_pieces_is_a_handful(pieces):
    assert reported_lines(STACKED.format(pieces=pieces)) == []


@pytest.mark.parametrize("pieces", [
    "tf.concat([sum_result, average_result, count_result], axis=1)",  # (pieces of unknown width)
    "tf.concat([tf.expand_dims(sum_result, 0), tf.expand_dims(average_result, 0)], axis=0)",  # (another axis)
    "tf.stack([sum_result, average_result, count_result])",  # (stacked along axis 0, not the summed one)
    "sum_result",
])
def test_pieces_of_unknown_size_or_along_another_axis_keep_the_finding(pieces):
    assert reported_lines(STACKED.format(pieces=pieces)) == [6]


def test_a_literal_slice_at_the_summed_position_states_its_size():
    code = STACKED.format(pieces="sum_result").replace("all_results * probs", "tf.square(probs[:, :2])")
    assert reported_lines(code) == []
    code = STACKED.format(pieces="sum_result").replace("all_results * probs", "tf.square(probs[:, :200])")
    assert reported_lines(code) == [6]


RENDER = """\
import tensorflow as tf

class NeRF(tf.keras.Model):
    def render(self, x, z):
        weights = self.net(x)
        rgb = tf.reduce_sum(weights * x, axis=-2)
        depth = tf.reduce_sum(weights * z, axis=-1)
        return rgb, depth

    def train_step(self, data):
        x, z, target = data
        with tf.GradientTape() as tape:
            {unpack}
            loss = tf.reduce_mean(tf.square(rgb - target)){more}
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return {{"loss": loss}}
"""


def test_a_returned_item_every_call_discards_is_not_minimised():
    """NeRF's depth map: `inference` returns it beside the colours, and the training step unpacks it into `_`."""
    assert reported_lines(RENDER.format(unpack="rgb, _ = self.render(x, z)", more=""), "nerf.py") == []
    assert reported_lines(RENDER.format(unpack="rgb, depth = self.render(x, z)", more=""), "nerf.py") == []


@pytest.mark.parametrize("unpack, more", [
    ("rgb, depth = self.render(x, z)", " + tf.reduce_mean(depth)"),  # (the depth goes into the loss too)
    ("out = self.render(x, z); rgb = out[0]", " + tf.reduce_mean(out[1])"),  # (not unpacked: followed whole)
])
def test_a_returned_item_that_reaches_the_loss_keeps_the_finding(unpack, more):
    assert reported_lines(RENDER.format(unpack=unpack, more=more), "nerf.py") == [7]
