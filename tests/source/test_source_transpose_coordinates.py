"""TFP101: a 2-D transpose whose moved axis is a handful of columns is info (issue 11, set 46): a sparse tensor's
`indices` or `tf.where(c)`'s coordinates, [N, rank], also through row selections and casts; a transposed tensor
the code reads only row by row with literal indices, two rows or more. Each with the look-alike that keeps the
warning."""

from __future__ import annotations

from test_source_transpose_set11 import lint  # (pytest puts this directory on sys.path)

LOSS = """\
import tensorflow as tf


def loss(sparse, scores, keep):
    {body}
"""


def judged(body: str):
    return lint(LOSS.format(body=body))


def test_a_sparse_tensors_coordinates_are_columns():
    assert judged("return tf.transpose(sparse.indices)[0]") == [(5, "TFP101", "info")]
    assert judged("kept = tf.boolean_mask(sparse.indices, keep)\n    return tf.transpose(kept)[1]") == \
        [(6, "TFP101", "info")]
    assert judged("return tf.transpose(tf.cast(tf.where(keep), tf.int32))") == [(5, "TFP101", "info")]


def test_other_tensors_keep_the_warning():
    # (`2.0 *`: a function returning only the transpose of its parameter is a wrapper, judged where it is called)
    assert judged("return 2.0 * tf.transpose(scores)") == [(5, "TFP101", "warning")]
    assert judged("return 2.0 * tf.transpose(tf.where(keep, scores, 0.0))") == [(5, "TFP101", "warning")]
    # a 3-D reversal of coordinates is not a 2-D transpose of them; a class's own `indices` may hold anything
    assert judged("return 2 * tf.transpose(sparse.indices, [2, 1, 0])") == [(5, "TFP101", "warning")]
    assert lint("""\
        import tensorflow as tf


        class Gather(tf.keras.layers.Layer):
            def call(self, x):
                return x * tf.transpose(self.indices)
        """) == [(6, "TFP101", "warning")]


def test_rows_read_one_by_one_are_columns():
    assert judged("pairs = tf.transpose(scores)\n    return pairs[0], pairs[1]") == [(5, "TFP101", "info")]


def test_one_row_or_a_whole_read_says_nothing_of_the_axis():
    # `tf.transpose(logits)[0]`: a column of a wide tensor, a copy a slice would avoid
    assert judged("return tf.transpose(scores)[0]") == [(5, "TFP101", "warning")]
    assert judged("pairs = tf.transpose(scores)\n    return pairs[0], pairs") == [(5, "TFP101", "warning")]
