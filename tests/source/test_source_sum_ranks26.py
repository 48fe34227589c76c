"""TFP601 over axis k of a tensor whose rank the source does not write down but implies through the ops that made it
(session 26, issue 11): `axis=k` is the last where the propagated rank is k + 1 (`_op_rank`), and not where it is
larger; where no op tells the rank, today's behaviour stays (positive axes of an unknown rank are left alone).

Each form starts from `per_token`, the per-position loss of `[batch, time]` ids (a sparse softmax cross-entropy has
its labels' rank), which the shapes of `tfperf.source.shapes` do not know, so only the propagation can tell.
"""

from __future__ import annotations

import pytest
from test_source_sum_sizes import lint, reported_lines  # (pytest puts this directory on sys.path)

CODE = """\
import tensorflow as tf

def per_position(labels, logits):
    return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)

def token_loss(logits, raw, b, t, d):
    ids = tf.compat.v1.placeholder(tf.int32, [None, None])
    per_token = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=logits)
    value = {expr}
    return tf.reduce_mean(tf.reduce_sum(value, axis={axis}))
"""
LINE = 10

# (the op form, the rank it gives)
FORMS = [
    ("per_token", 2),  # a sparse cross-entropy: its labels' rank
    ("per_position(ids, logits)", 2),  # a helper of the file's return, its parameter by its one call
    ("tf.nn.sparse_softmax_cross_entropy_with_logits(labels=raw, logits=tf.expand_dims(per_token, -1))", 2),
    ("tf.nn.softmax_cross_entropy_with_logits(labels=raw, logits=tf.expand_dims(per_token, -1))", 2),
    ("tf.nn.sigmoid_cross_entropy_with_logits(labels=raw, logits=per_token)", 2),
    ("tf.reduce_mean(tf.expand_dims(tf.expand_dims(per_token, -1), -1), axis=2)", 3),  # a reduction drops one
    ("tf.reduce_max(per_token, axis=1, keepdims=True) * per_token", 2),  # keepdims keeps it
    ("tf.cast(tf.sequence_mask(per_token[:, 0]), tf.float32)", 2),  # lengths' rank + 1 (a slice drops one)
    ("tf.one_hot(tf.cast(per_token, tf.int32), 100) * 2.0", 3),
    ("tf.expand_dims(per_token, 1)", 3),
    ("tf.squeeze(tf.expand_dims(per_token, -1), axis=-1)", 2),
    ("tf.square(per_token) + 1.0", 2),  # elementwise: the operands' largest
    ("tf.maximum(per_token, tf.expand_dims(per_token, -1))", 3),  # broadcast: the larger
    ("tf.matmul(per_token, per_token, transpose_b=True)", 2),
    ("tf.keras.layers.Dense(64)(tf.expand_dims(per_token, -1))", 3),  # a Dense layer keeps the rank
    ("tf.keras.layers.Conv1D(32, 3)(tf.expand_dims(per_token, -1))", 3),
    ("tf.gather(per_token, ids[:, 0])", 2),  # a table's rows by ids: ids' axes + the rows'
    ("tf.stack([per_token, per_token], axis=1)", 3),
    ("tf.concat([per_token, raw], axis=1)", 2),  # one piece's rank is every piece's
    ("tf.keras.backend.reshape(raw, [b, t, d])", 3),  # the shape list's length
    ("tf.slice(raw, [0, 0, 0], [-1, -1, -1])", 3),  # one begin per axis
    ("tf.expand_dims(per_token, -1)[:, :, 0]", 2),  # an integer index drops its axis
]


@pytest.mark.parametrize("expr, rank", FORMS)
def test_the_last_axis_of_a_rank_the_ops_imply_is_reported(expr, rank):
    found = [f for f in lint(CODE.format(expr=expr, axis=rank - 1), "losses.py") if f[1] == "TFP601"]
    assert [f[0] for f in found] == [LINE]
    assert f"axis {rank - 1} of this {rank}-D tensor" in found[0][3]


@pytest.mark.parametrize("expr, rank", FORMS)
def test_an_axis_before_the_last_of_a_rank_the_ops_imply_is_not(expr, rank):
    axis = rank - 2 if rank >= 3 else rank  # (past the last, for a 2-D tensor: axis 0 is the batch)
    assert reported_lines(CODE.format(expr=expr, axis=axis)) == []


def test_the_propagated_rank_outweighs_a_comment_that_says_otherwise():
    """`# [batch, time]` on a tensor the ops make 3-D (a one-hot of `[batch, time]` ids): axis 1 is not its last."""
    code = CODE.replace("    value = {expr}\n", "    value = {expr}  # [batch, time]\n")
    assert reported_lines(code.format(expr="tf.one_hot(tf.cast(per_token, tf.int32), 100)", axis=1)) == []
    assert reported_lines(code.format(expr="raw", axis=1)) == [LINE]  # (no op tells: the comment's word)


def test_a_gather_of_a_table_of_unknown_rank_leaves_it_unknown():
    """`tf.gather(raw, ids)`: the rows of a table the source gives no rank may have any number of axes."""
    assert reported_lines(CODE.format(expr="tf.gather(raw, ids)", axis=1)) == []
    assert reported_lines(CODE.format(expr="tf.gather(raw, ids)", axis=2)) == []



BRANCHED = """\
import tensorflow as tf

def token_loss(logits, flag):
    ids = tf.compat.v1.placeholder(tf.int32, [None, None])
    per_token = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=ids, logits=logits)
    value = {first}
    if flag:
        value = {other}
    else:
        value = tf.reduce_mean(tf.reduce_sum(value, axis={axis}))
    return value
"""


def test_the_rank_of_a_name_is_that_of_the_assignment_that_reaches_the_read():
    """The other branch's `value = tf.reduce_mean(value)` (a scalar) does not reach the sum: its 3-D value does,
    and axis 1 of it is not the last."""
    code = BRANCHED.format(first="tf.one_hot(tf.cast(per_token, tf.int32), 100)", other="tf.reduce_mean(value)",
                           axis=2)
    assert reported_lines(code) == [10]
    code = BRANCHED.format(first="tf.one_hot(tf.cast(per_token, tf.int32), 100)", other="tf.reduce_mean(value)",
                           axis=1)
    assert reported_lines(code) == []


def test_assignments_of_two_ranks_reaching_the_read_leave_it_unknown():
    code = BRANCHED.replace("    else:\n        value = tf.reduce_mean(", "    return tf.reduce_mean(").replace(
        "    return value\n", "")
    assert reported_lines(code.format(first="per_token", other="tf.expand_dims(per_token, 1)", axis=1)) == []
    assert reported_lines(code.format(first="per_token", other="per_token * 2.0", axis=1)) == [9]  # (both 2-D)
