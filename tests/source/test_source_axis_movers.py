"""NumPy's axis movers as transposes (TFP101, TFP103): Keras 3's `ops.swapaxes` / `ops.moveaxis` and
`tf.experimental.numpy`'s, by the permutation their literal axes make at the rank the source states; at any rank when
whether the last axis moves does not depend on it; else info, saying the rank is not stated (k3-node's DMoN
pooling, `ops.matmul(ops.swapaxes(s, 1, 2), x)`, set 52)."""

from __future__ import annotations

import pytest

from tfperf.source import fix_text, lint_text

LAYER = """\
import keras
import tensorflow as tf
import tensorflow.experimental.numpy as tnp
from keras import ops


class Pool(keras.layers.Layer):
    def call(self, x, s):
        h = tf.reshape(x, [-1, 7, 9, 3])
        return BODY
"""


def findings(body: str, code: str = "TFP101"):
    return [(f.severity.value, f.message) for f in
            lint_text(LAYER.replace("BODY", body), "pool.py", target="gaudi2", select=[code])]


@pytest.mark.parametrize("body", ["ops.swapaxes(x, -1, -2)", "ops.swapaxes(x, -2, -1)", "tnp.moveaxis(x, 1, -1)",
                                  "ops.moveaxis(x, -1, 0)", "tnp.swapaxes(x, axis1=-1, axis2=0)"])
def test_a_mover_that_moves_the_last_axis_at_every_rank_is_a_warning(body):
    [(severity, message)] = findings(body)
    assert severity == "warning" and f"perm={body} (at any rank)" in message


@pytest.mark.parametrize("body, perm", [("ops.moveaxis(h, 3, 1)", "[0, 3, 1, 2] of [?, 7, 9, 3]"),
                                        ("ops.swapaxes(h, 1, 3)", "[0, 3, 2, 1] of [?, 7, 9, 3]"),
                                        ("tnp.moveaxis(h, [1, 3], [3, 1])", "[0, 3, 2, 1] of [?, 7, 9, 3]")])
def test_a_mover_of_a_stated_rank_is_judged_at_it(body, perm):
    [(severity, message)] = findings(body)
    assert severity == "warning" and f"transpose perm={perm} moves the last" in message


@pytest.mark.parametrize("body", ["ops.swapaxes(h, 1, 2)", "ops.moveaxis(h, 0, 2)", "ops.swapaxes(x, 1, 1)",
                                  "ops.swapaxes(x, axis, 2)"])
def test_a_mover_that_keeps_the_last_axis_or_is_not_literal_is_not_reported(body):
    """A 4-D `[b, 7, 9, 3]` swapped at 1, 2 keeps its last axis; a swap of an axis with itself moves nothing; an
    axis the source computes is not read."""
    assert findings(body.replace("axis,", "s.shape[0],")) == []


def test_a_mover_whose_rank_decides_is_info_and_says_so():
    [(severity, message)] = findings("ops.swapaxes(s, 1, 2)")
    assert severity == "info"
    assert "perm=[0, 2, 1] (ops.swapaxes(s, 1, 2)) (at rank 3)" in message
    assert "it moves the last axis only when its input is 3-D" in message and "rank of s" in message


def test_a_swap_of_the_last_two_axes_into_a_matmul_is_tfp103_with_its_flag():
    code = LAYER.replace("BODY", "tf.matmul(s, tnp.swapaxes(x, -1, -2)) + tf.matmul(ops.swapaxes(s, -2, -1), x)")
    found = lint_text(code, "pool.py", target="gaudi2", select=["TFP103"])
    assert [f.source.line for f in found] == [10, 10]
    fixed, unfixed, applied = fix_text(code, "pool.py", target="gaudi2", select=["TFP103"])
    assert (unfixed, applied) == ([], 2) and fixed == code.replace(
        "tf.matmul(s, tnp.swapaxes(x, -1, -2)) + tf.matmul(ops.swapaxes(s, -2, -1), x)",
        "tf.matmul(s, x, transpose_b=True) + tf.matmul(s, x, transpose_a=True)")
    assert findings("tf.matmul(s, tnp.swapaxes(x, -1, -2))") == []  # (TFP103's site, not TFP101's)


def test_a_swap_of_unstated_rank_into_a_matmul_is_left_to_tfp101():
    """`swapaxes(s, 1, 2)` swaps the last two axes only at rank 3: no flag is known to replace it."""
    assert findings("ops.matmul(ops.swapaxes(s, 1, 2), x)", "TFP103") == []
