"""General forms TFP101 reads (issue 11, set 16's gaps), each with its look-alike: a perm computed at run time as a
framework concatenation of range pieces along axis 0 (`tf.concat([k + tf.range(rank - k), tf.range(k)], 0)`,
`tf.concat([[rank], tf.range(rank)], 0)`) is read like `list(range(...))` pieces: when the pieces' bounds, as
written, chain from 0 to an end, it is a permutation whatever their sizes, and the last axis moves unless the
last piece ends at the end; pieces that do not chain (a gap, an overlap, a piece of another kind, another axis,
a step) are not judged. A helper that returns such a transpose of its parameter (`rollaxis_left(a, num_rolls)`) is
reported where the project calls it (outside tests), and at its own transpose when nothing calls it. An attribute
read through a parameter annotated with project classes that store only weights in it is a weight."""

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


_CLASSES = """\
    import tensorflow as tf
    from typing import Optional, Union

    class Parameter(tf.Variable):
        pass

    class Mixing:
        def __init__(self, W):
            self.W = Parameter(W)

    class Points:
        def __init__(self, Z):
            if not isinstance(Z, tf.Variable):
                Z = Parameter(Z)
            self.Z = Z

    class Scaled(Points):
        pass

    class Loose:
        def __init__(self, Z):
            self.Z = Z

    class Either:
        def __init__(self, Z, fixed):
            self.Z = Parameter(Z)
            if fixed:
                self.Z = tf.constant(Z) * 2.0
"""


def test_an_attribute_a_typed_parameter_holds_as_a_weight_is_a_weight():
    found = lint(_CLASSES + """\

    def mixed(kernel: Mixing, x):
        return tf.transpose(kernel.W) + x

    def points(feature: Union[Points, Scaled], x):
        return tf.transpose(feature.Z) + x

    def maybe(feature: Optional[Scaled], x):
        return tf.transpose(feature.Z) + x

    def union(feature: "Points | Mixing", kernel: Scaled | Points, x):
        return tf.transpose(kernel.Z) + x
    """)
    assert [f[:3] for f in found] == [(31, "TFP101", "info"), (34, "TFP101", "info"), (37, "TFP101", "info"),
                                      (40, "TFP101", "info")]
    assert all("of a weight" in f[3] for f in found)


def test_an_attribute_of_an_untyped_or_loosely_stored_object_is_data():
    assert [f[:3] for f in lint(_CLASSES + """\

    def loose(feature: Loose, x):
        return tf.transpose(feature.Z) + x

    def either(feature: Either, x):
        return tf.transpose(feature.Z) + x

    def mixed_union(feature: Union[Points, Loose], x):
        return tf.transpose(feature.Z) + x

    def untyped(feature, x):
        return tf.transpose(feature.Z) + x

    def other(feature: Points, x):
        return tf.transpose(feature.scales) + x

    def outer(kernel: Mixing, x):
        kernel = x
        return tf.transpose(kernel.W) + x
    """)] == [(31, "TFP101", "warning"), (34, "TFP101", "warning"), (37, "TFP101", "warning"),
              (40, "TFP101", "warning"), (43, "TFP101", "warning"), (47, "TFP101", "warning")]


def test_the_class_bases_shapes_reads_are_the_projects():
    from tfperf.source import configs, context, project, shapes
    assert shapes.STEP_BASE is project.STEP_BASE is configs.STEP_BASE is context.STEP_BASE


def test_a_roll_axis_helper_is_reported_where_it_is_called():
    found = lint("""\
        import tensorflow as tf

        def rollaxis_left(a, num_rolls):
            assert num_rolls > 0
            rank = tf.rank(a)
            perm = tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)
            return tf.transpose(a, perm)

        def conditional(mu, var):
            fmu = rollaxis_left(tf.squeeze(mu, axis=-1), 1)
            return fmu, rollaxis_left(var, 2)
        """)
    assert [f[:3] for f in found] == [(10, "TFP101", "warning"), (11, "TFP101", "warning")]
    assert "(in rollaxis_left)" in found[0][3]


def test_a_helper_whose_perm_does_not_chain_or_whose_data_it_changes_is_not_a_roll_axis_helper():
    assert [f[:3] for f in lint("""\
        import tensorflow as tf

        def unknown(a, k, perm):
            order = tf.concat([tf.range(k), perm], 0)
            return tf.transpose(a, order)

        def changed(a, num_rolls):
            a = a * 2.0
            rank = tf.rank(a)
            perm = tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)
            return tf.transpose(a, perm)

        def model(x):
            return unknown(x, 1, [2, 1]), changed(x, 1)
        """)] == [(11, "TFP101", "warning")]
