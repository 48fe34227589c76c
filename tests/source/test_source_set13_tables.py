"""General forms from set 13's open packages (issue 11): tables of sizes (`shapes.sized_only`: ranges, meshgrids
and stacks of them, sized by shapes and size parameters, through comprehensions, `*` arguments, augmented
assignments and the parameters of helpers called with such values) whose transposes are no finding;
keras_core's names as Keras's; perms concatenated around a symbolic rank (`[rank - 1] + list(range(rank -
1))`); a pad under a helper's flag before its conv of the callers' padding (TFP201, judged by what the calls
pass); a sum in a branch its parameter's default turns away (TFP601, TFP301's convention). Each with the
look-alike that keeps its finding."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths
from tfperf.source.names import canonical


def test_an_index_grid_of_ranges_over_a_shape_is_a_table_of_sizes():
    code = """\
    import tensorflow as tf

    def grid(x, rank, sizes):
        shape = x.shape[-rank:]
        indices = tf.stack(tf.meshgrid(*[tf.range(s) for s in shape]))
        a = tf.transpose(tf.reshape(indices, [rank, -1]))
        batch = tf.shape(x)[0]
        b = tf.transpose(tf.reshape(tf.stack(tf.meshgrid(*[tf.range(k) for k in [batch] + sizes])), [3, -1]))
        c = tf.transpose(tf.reshape(tf.stack(tf.meshgrid(*[tf.range(k) * x for k in sizes])), [rank, -1]))
        d = tf.transpose(tf.reshape(tf.stack(tf.meshgrid(*[x[k] for k in sizes])), [rank, -1]))
        e = tf.transpose(tf.reshape(tf.stack(tf.meshgrid(*[tf.range(k) for k in sizes if k > 1])), [rank, -1]))
        return a, b, c, d, e
    """
    # the grids of ranges over the static shape, the dynamic batch size and a size parameter: none; a range times
    # the input, items of the input, a filtered comprehension: as before
    assert lint(code) == [(9, "TFP101", "warning"), (10, "TFP101", "warning"), (11, "TFP101", "warning")]


def test_an_angle_table_through_augmented_assignments_and_a_helper_called_with_constants():
    code = """\
    import math
    import tensorflow as tf

    def angles(views, phases=None, tiny_number=7):
        phi = 2.0 / (1.0 + tf.sqrt(5.0)) / (tiny_number + 1.0)

        def _angles(angle_delta, interleave=False):
            a = tf.range(views * (phases or 1), dtype=tf.float32)
            a *= angle_delta
            a %= 2.0 * math.pi
            if interleave:
                return tf.transpose(tf.reshape(a, (views, phases or 1)))
            return a

        def _interleave(arg):
            return tf.transpose(tf.reshape(arg, (views, phases or 1)))

        first = _angles(phi * math.pi / views, interleave=True)
        return first, _interleave(tf.math.acos(tf.range(views, dtype=tf.float64) / views))

    def data(x, views):
        def _interleave(arg):
            return tf.transpose(tf.reshape(arg, (views, -1)))
        return _interleave(tf.range(views, dtype=tf.float32)), _interleave(x)

    def escaping(views):
        def _angles(delta):
            a = tf.range(views, dtype=tf.float32)
            a *= delta
            return tf.transpose(tf.reshape(a, (views, -1)))
        return _angles

    def _private(delta, views):
        return tf.transpose(tf.reshape(tf.range(views, dtype=tf.float32) * delta, (views, -1)))

    def caller(x):
        return _private(0.5, 8), _private(x, 8)
    """
    # a helper called with the input (`_interleave(x)`), a helper handed out (its callers are unknown), a private
    # function one call of which passes the input: as before
    assert lint(code) == [(23, "TFP101", "warning"), (30, "TFP101", "warning"), (34, "TFP101", "warning")]


def test_keras_cores_transpose_is_keras_ops_transpose():
    # (only the transpose: the package's other names stay its own, so a module that star-imports `keras_core.ops`
    # beside one that star-imports TensorFlow's does not make their shared names ambiguous)
    assert canonical("keras_core.ops.transpose") == "keras_core.ops.transpose"
    code = """\
    import keras_core as ks
    from keras_core import ops

    def call(indices, offsets):
        disjoint = indices + offsets
        return ops.transpose(disjoint), ks.ops.transpose(disjoint, (1, 0, 2))
    """
    assert lint(code) == [(6, "TFP101", "warning")]  # (the second keeps the last axis)


def test_perms_concatenated_around_a_symbolic_rank():
    code = """\
    import tensorflow as tf

    def moves(x, rank):
        a = tf.transpose(x, [rank - 1] + list(range(rank - 1)))
        b = tf.transpose(x, list(range(1, rank)) + [0])
        c = tf.transpose(x, [1] + [0] + list(range(2, rank)))
        d = tf.transpose(x, list(range(1, rank - 1)) + [0] + [rank - 1])
        e = tf.transpose(x, list(range(1, rank)) + [1])
        f = tf.transpose(x, list(range(1, rank)) + [-1])
        g = tf.transpose(x, [0] + list(range(1, rank)))
        return a, b, c, d, e, f, g
    """
    # the last axis moved first / the first moved last: warnings; the last kept (c, d) or the identity (g): logical
    # on Gaudi; no permutation (e), a negative item (f): not judged
    assert lint(code) == [(4, "TFP101", "warning"), (5, "TFP101", "warning")]
    assert lint(code, target="cpu") == [(4, "TFP101", "warning"), (5, "TFP101", "warning"), (6, "TFP101", "warning"),
                                        (7, "TFP101", "warning")]


HELPER = """\
    import tensorflow as tf

    def conv_bn(inputs, filters, kernel_size, strides, padding="same", zero_pad=False):
        if zero_pad:
            inputs = tf.keras.layers.ZeroPadding2D(((1, 0), (1, 0)))(inputs)
        x = tf.keras.layers.Conv2D(filters, kernel_size, strides=strides, padding=padding)(inputs)
        return tf.keras.layers.BatchNormalization()(x)
    """


def test_a_pad_under_a_helper_flag_before_its_conv_of_the_callers_padding(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": HELPER, "pkg/backbone.py": """\
        import tensorflow as tf
        from pkg.layers import conv_bn

        def backbone(x):
            x = conv_bn(x, 32, 3, 1)
            x = conv_bn(x, 64, 3, 2, zero_pad=True, padding="valid")
            return conv_bn(x, 64, 1, 1, padding="valid")
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP201"])
    assert found(result) == [("layers.py", 5, "TFP201", "warning")]
    (finding,) = result.findings
    assert "padding is 'valid' from " in finding.message and "callers' padding" in finding.message


def test_a_pad_under_a_helper_flag_no_call_takes_with_a_valid_conv(tmp_path):
    # the flag's calls keep the default "same", the VALID call does not pad: none; a private helper whose one
    # padded call passes a padding not known here: info (the default is "same")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": HELPER, "pkg/backbone.py": """\
        import tensorflow as tf
        from pkg.layers import conv_bn

        def backbone(x):
            x = conv_bn(x, 32, 3, 2, zero_pad=True)
            return conv_bn(x, 64, 1, 1, padding="valid")
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", select=["TFP201"])) == []
    code = HELPER.rstrip(" ").replace("def conv_bn", "def _conv_bn") + """\
    def backbone(x, mode):
        return _conv_bn(x, 64, 3, 2, zero_pad=True, padding=mode)
    """
    assert lint(code, select=("TFP201",)) == [(5, "TFP201", "info")]


def test_a_sum_in_a_branch_the_default_turns_away(tmp_path):
    code = """\
    import tensorflow as tf

    def check_enum(value, options):
        return value

    class ConfusionLoss(tf.keras.losses.Loss):
        def __init__(self, average="macro", mode="mean"):
            super().__init__()
            self.average = check_enum(average, {"micro", "macro"})
            self.mode = mode
            self.scale = float(average == "micro")

        def call(self, y_true, y_pred):
            counts = y_pred * y_true
            if self.average == "micro":
                return tf.reduce_sum(counts, -1, keepdims=True)
            if self.scale:
                return tf.reduce_sum(counts, axis=-1)
            if self.mode == "mean":
                return tf.reduce_sum(counts, axis=-1)
            return counts
    """
    # the micro branch (default "macro"): none; a flag not read from a parameter, the mean branch (the default
    # takes it): as before (the flag's test comes first: past `if self.mode == "mean": return`, which the default
    # takes, a sum is opt-in by mode, session 26's early returns)
    assert lint(code, select=("TFP601",)) == [(18, "TFP601", "info"), (20, "TFP601", "info")]
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": textwrap.dedent(code), "pkg/train.py": """\
        import tensorflow as tf
        from pkg.losses import ConfusionLoss

        def make(average):
            return ConfusionLoss(average="micro"), ConfusionLoss(average=average)
        """})
    # a call of the project that passes "micro": the sum is there again
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP601"])
    assert found(result) == [("losses.py", 16, "TFP601", "info"), ("losses.py", 18, "TFP601", "info"),
                             ("losses.py", 20, "TFP601", "info")]
    # (`average="micro"` passed by name anywhere in the project is enough: `optin` reads no opt-in then)
