"""General forms TFP101 reads (issue 11, set 14's gaps), each with its look-alike: a rank-2 matmul's operands are
matrices, so a column made by `h[:, None]` (or `expand_dims(h, -1)`) gives the product a last axis of 1, and
the product's transpose moves only that axis (a reshape)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101", "TFP103"), target="gaudi2"):
    return sorted((f.source.line, f.code, f.severity.value)
                  for f in lint_text(textwrap.dedent(code), "model.py", target=target, select=list(select)))


def test_the_transpose_of_a_matrix_times_a_column_moves_a_size_1_axis():
    assert lint("""\
        import tensorflow as tf

        def column(H, k):
            h = tf.reduce_mean(k, axis=0)
            return tf.reduce_sum(h[None, :] * tf.transpose(H @ h[:, None], [1, 0]))

        def expanded(H, h):
            return tf.transpose(tf.matmul(H, tf.expand_dims(h, -1)), [1, 0])

        def named(H, h):
            y = H @ h[:, None]
            return tf.transpose(y)
        """) == []


def test_a_product_whose_last_axis_is_not_stated_still_moves_it():
    assert lint("""\
        import tensorflow as tf

        def matrix(H, h):
            return tf.transpose(H @ h, [1, 0])

        def row_first(H, h):  # ([1, n] @ H is a row: its transpose is a reshape too)
            return tf.transpose(h[None, :] @ H, [1, 0])

        def batched(H, h):
            return tf.transpose(H @ h[:, None], [0, 2, 1])
        """) == [(4, "TFP101", "warning"), (10, "TFP101", "warning")]
