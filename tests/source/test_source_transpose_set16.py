"""General forms TFP101 reads (issue 11, set 16's gaps), each with its look-alike: a perm computed at run time as a
framework concatenation of range pieces along axis 0 (`tf.concat([k + tf.range(rank - k), tf.range(k)], 0)`,
`tf.concat([[rank], tf.range(rank)], 0)`) is read like `list(range(...))` pieces: when the pieces' bounds, as
written, chain from 0 to an end, it is a permutation whatever their sizes, and the last axis moves unless the
last piece ends at the end; pieces that do not chain (a gap, an overlap, a piece of another kind, another axis,
a step) are not judged."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2"):
    return sorted((f.source.line, f.code, f.severity.value, f.message)
                  for f in lint_text(textwrap.dedent(code), "model.py", target=target, select=list(select)))


def test_a_concatenation_of_range_pieces_that_moves_the_last_axis():
    found = lint("""\
        import tensorflow as tf

        def rollaxis_left(a, num_rolls):
            rank = tf.rank(a)
            perm = tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)
            return tf.transpose(a, perm)

        def last_first(x):
            rank = tf.rank(x) - 1
            return tf.transpose(x, tf.concat([[rank], tf.range(rank)], 0))

        def interleave(w, rank, rank2):
            perm = tf.concat(
                [
                    2 + tf.range(rank),
                    [0],
                    2 + rank + tf.range(rank2),
                    [1],
                ],
                axis=0,
            )
            return tf.transpose(w, perm)
        """)
    assert [f[:3] for f in found] == [(6, "TFP101", "warning"), (10, "TFP101", "warning"), (22, "TFP101", "warning")]
    assert "perm=tf.concat([2 + tf.range(rank), [0], 2 + rank + tf.range(rank2), [1]], axis=0)" in found[2][3]


def test_concatenated_range_pieces_that_keep_the_last_axis_or_do_not_chain_are_not_judged():
    assert lint("""\
        import tensorflow as tf

        def pieces(x, k, rank, perm):
            keep = tf.transpose(x, tf.concat([k + tf.range(rank - k), tf.range(k), [rank]], 0))
            front = tf.transpose(x, tf.concat([tf.range(1, rank), [0], [rank]], 0))
            gap = tf.transpose(x, tf.concat([tf.range(k), k + 1 + tf.range(rank)], 0))
            overlap = tf.transpose(x, tf.concat([tf.range(k + 1), k + tf.range(rank)], 0))
            other = tf.transpose(x, tf.concat([tf.range(k), perm], 0))
            stacked = tf.transpose(x, tf.concat([[tf.range(rank)], [tf.range(rank)]], 1))
            stepped = tf.transpose(x, tf.concat([tf.range(k, rank, 2), tf.range(k)], 0))
            return keep, front, gap, overlap, other, stacked, stepped
        """) == []
