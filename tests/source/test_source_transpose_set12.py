"""General forms TFP101 / TFP103 read (issue 11, set 12's gaps), each with its look-alike: TFP103 only when
every read of the transposed value that its assignment may reach (not one in the other branch of an `if`) is
a matmul operand or asks only its shape (a rotation that also goes into a `tf.concat` keeps its transpose:
TFP101's site); a sign or a literal scale between the transpose and the matmul is looked through; a perm made
of `list(range(...))` pieces that chain from 0 to an end is a permutation whose last axis moves unless the
last piece ends at the end."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101", "TFP103"), target="gaudi2"):
    return sorted((f.source.line, f.code, f.severity.value)
                  for f in lint_text(textwrap.dedent(code), "model.py", target=target, select=list(select)))


def test_a_transposed_value_that_also_goes_elsewhere_is_not_a_flag_away():
    assert lint("""\
        import tensorflow as tf

        def glue(inv, t_inv):
            r = tf.transpose(inv, [0, 2, 1])
            t = -tf.matmul(r, t_inv)
            return tf.concat([r, t], axis=-1)

        def only(inv, t_inv):
            r = tf.transpose(inv, [0, 2, 1])
            print(r.shape, tf.shape(r))
            return -tf.matmul(r, t_inv), tf.matmul(t_inv, r, transpose_a=True)
        """) == [(4, "TFP101", "warning"), (9, "TFP103", "warning")]


def test_a_read_in_the_other_branch_is_not_a_use():
    assert lint("""\
        import tensorflow as tf

        def transform(p, rot, inverse=True):
            if inverse:
                rot = tf.transpose(rot, [0, 1, 3, 2])
                p = tf.transpose(p, [0, 1, 3, 2])
                p = rot @ p
                p = tf.transpose(p, [0, 1, 3, 2])
            else:
                p = tf.transpose(p, [0, 1, 3, 2])
                p = rot @ p
                p = tf.transpose(p, [0, 1, 3, 2])
            return p
        """) == [(5, "TFP103", "warning"), (6, "TFP103", "warning"), (8, "TFP101", "warning"),
                 (10, "TFP103", "warning"), (12, "TFP101", "warning")]


def test_a_sign_or_a_literal_scale_is_looked_through():
    assert lint("""\
        import tensorflow as tf

        def negated(rot, pts):
            rt = -tf.linalg.matrix_transpose(rot)
            world = tf.matmul(rt, pts)
            half = 0.5 * tf.transpose(rot, [0, 2, 1])
            return world, tf.matmul(half, pts), tf.matmul(-tf.transpose(rot, [0, 2, 1]) / 2, pts)
        """) == [(4, "TFP103", "warning"), (6, "TFP103", "warning"), (7, "TFP103", "warning")]


def test_a_scale_by_a_tensor_or_a_division_of_a_number_is_not_looked_through():
    assert lint("""\
        import tensorflow as tf

        def scaled(rot, pts, s):
            rt = s * tf.linalg.matrix_transpose(rot)
            inv = 1.0 / tf.transpose(rot, [0, 2, 1])
            return tf.matmul(rt, pts), tf.matmul(inv, pts)
        """) == [(4, "TFP101", "warning"), (5, "TFP101", "warning")]


def test_a_perm_of_range_pieces_that_moves_the_last_axis():
    assert lint("""\
        import tensorflow as tf

        def pieces(x, b, e, n):
            order = (list(range(0, b))
                     + list(range(e, n))
                     + list(range(b, e)))
            y = tf.transpose(x, perm=order)
            w = tf.transpose(x, list(range(1, n)) + list(range(1)))
            return y, w
        """, select=("TFP101",)) == [(7, "TFP101", "warning"), (8, "TFP101", "warning")]


def test_range_pieces_that_keep_the_last_axis_or_do_not_chain_are_not_judged_as_moving_it():
    assert lint("""\
        import tensorflow as tf

        def pieces(x, b, e, n, perm):
            keep = list(range(b)) + list(range(e, n - 1)) + list(range(b, e)) + list(range(n - 1, n))
            gap = tf.transpose(x, list(range(0, b)) + list(range(e, n)))
            overlap = tf.transpose(x, list(range(0, e)) + list(range(b, n)))
            other = tf.transpose(x, list(range(0, b)) + perm + list(range(b, n - 1)))
            kept = tf.transpose(x, perm=keep)
            moved = list(range(b)) + list(range(e, n)) + list(range(b, e))
            moved.append(n)
            return kept, gap, overlap, other, tf.transpose(x, moved)
        """, select=("TFP101",)) == []


def test_a_reduction_along_literal_axes_reads_the_untransposed_tensor_too():
    assert lint("""\
        import tensorflow as tf

        def mutual(ia, ib, axis):
            ia = tf.transpose(ia, (0, 2, 1))
            pa = tf.reduce_mean(ia, axis=-1, keepdims=True)
            ib = tf.transpose(ib, (0, 2, 1))
            pb = tf.reduce_mean(ib, axis=axis)
            return tf.matmul(ia, ib), pa, pb
        """) == [(4, "TFP103", "warning"), (6, "TFP101", "warning")]
