"""General forms TFP101 reads (issue 11, set 14's gaps), each with its look-alike: a rank-2 matmul's operands are
matrices, so a column made by `h[:, None]` (or `expand_dims(h, -1)`) gives the product a last axis of 1, and
the product's transpose moves only that axis (a reshape)."""

from __future__ import annotations

from test_source_transpose_set12 import lint  # (pytest puts this directory on sys.path)


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


_BUCKETS = """\
    import math

    import tensorflow as tf


    def _bucket(relative, num_buckets=32, max_distance=128):
        ret = 0
        n = tf.math.abs(-relative)
        exact = num_buckets // 2
        large = exact + tf.cast(tf.math.log(tf.cast(n, tf.float32) / exact) / math.log(max_distance / exact)
                                * (num_buckets - exact), tf.int32)
        ret += tf.where(tf.math.less(n, exact), n, tf.math.minimum(large, num_buckets - 1))
        return ret


    def relative_buckets(qlen, klen, num_buckets=32):
        relative = tf.range(klen)[None, :] - tf.range(qlen)[:, None]  # [qlen, klen]
        return _bucket(relative, num_buckets=num_buckets)
    """

_ATTENTION = """\
    import tensorflow as tf

    from pkg.buckets import relative_buckets


    class Embedding(tf.keras.layers.Layer):
        def __init__(self, vocab, width):
            super().__init__()
            self.vocab, self.width = vocab, width

        def build(self, shape):
            self.table = self.add_weight("table", shape=[self.vocab, self.width])

        def call(self, ids):
            return tf.gather(self.table, ids)


    class Attention(tf.keras.layers.Layer):
        def __init__(self, buckets, heads):
            super().__init__()
            self.buckets = buckets
            self.bias = Embedding(buckets, heads)
            self.tokens = tf.keras.layers.Embedding(1000, heads)

        def call(self, q, k, ids):
            qlen, klen = tf.shape(q)[2], tf.shape(k)[2]
            values = self.bias(relative_buckets(qlen, klen, num_buckets=self.buckets))  # [qlen, klen, heads]
            bias = tf.expand_dims(tf.transpose(values, [2, 0, 1]), 0)
            looked_up = self.tokens(ids)  # [batch, length, heads]: the batch's ids
            return bias, tf.transpose(looked_up, [2, 0, 1])
    """


def test_a_layer_the_class_holds_applied_to_a_table_of_sizes_makes_a_weight_only_tensor(tmp_path):
    from conftest import write_tree
    from test_source_project import found

    from tfperf.source import lint_paths

    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/buckets.py": _BUCKETS, "pkg/attention.py": _ATTENTION})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"])
    # the bias (an embedding of relative-position buckets, computed from two lengths in another module): info;
    # the same kind of layer looked up by the batch's ids keeps its batch: a warning
    assert found(result) == [("attention.py", 28, "TFP101", "info"), ("attention.py", 30, "TFP101", "warning")]


_PRUNING = """\
    import tensorflow as tf

    from pkg import compat, utils


    class Pruning:
        def __init__(self, pruning_vars, block):
            self._pruning_vars = pruning_vars  # (weight, mask) pairs
            self._block = block

        def _mask_of(self, weights):
            t, m = self._threshold(tf.abs(tf.squeeze(weights)))
            return tf.transpose(m)

        def _threshold(self, w):
            return tf.reduce_max(w), tf.cast(w > 0.5, w.dtype)

        def update(self):
            for weight, mask in self._pruning_vars:
                compat.assign(mask, self._mask_of(weight))
                compat.assign(mask, utils.rearrange(weight, block=self._block))

        def apply(self):
            for weight, mask in self._pruning_vars:
                compat.assign(weight, weight * mask)


    class Mixed:
        def __init__(self, pruning_vars):
            self._pruning_vars = pruning_vars

        def _flip(self, weights):
            flipped = tf.transpose(weights)
            return flipped + 1.0

        def update(self, x):
            for weight, mask in self._pruning_vars:
                mask.assign(self._flip(weight))
            return self._flip(x), utils.swap(x)

        def apply(self):
            for weight, mask in self._pruning_vars:
                weight.assign(weight * mask)
    """

_UTILS = """\
    import tensorflow as tf


    def rearrange(weights, block=4):
        moved = tf.transpose(weights, [3, 0, 1, 2])
        return tf.reshape(moved, [-1, block])


    def swap(tensor):
        swapped = tf.transpose(tensor, [0, 2, 1])
        return swapped * 2.0
    """

_COMPAT = """\
    import tensorflow as tf


    def assign(ref, value):
        if hasattr(tf, "assign"):
            return tf.assign(ref, value)
        return ref.assign(value)
    """


def test_a_helper_every_call_of_which_passes_weights_is_a_weight_helper(tmp_path):
    from conftest import write_tree
    from test_source_project import found

    from tfperf.source import lint_paths

    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/pruning.py": _PRUNING, "pkg/utils.py": _UTILS,
                                 "pkg/compat.py": _COMPAT})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the container's first items are assigned into (`compat.assign(weight, ...)`, `weight.assign(...)`): variables;
    # `_mask_of` (a private method) and `utils.rearrange` (another module's) are only ever passed them: info. The
    # look-alikes: `_flip` is also passed `x`, and `swap` only `x`, a public method's parameter: warnings
    assert found(result) == [("pruning.py", 13, "TFP101", "info"), ("pruning.py", 33, "TFP101", "warning"),
                             ("utils.py", 5, "TFP101", "info"), ("utils.py", 10, "TFP101", "warning")]


def test_a_loop_item_is_a_weight_only_where_some_loop_over_its_container_assigns_into_it():
    code = """\
        import tensorflow as tf

        class Pairs:
            def __init__(self, pairs):
                self._pairs = pairs

            def _flip(self, weights):
                flipped = tf.transpose(weights)
                return flipped + 1.0

            def run(self):
                return [self._flip(a) for a in self._firsts()]

            def _firsts(self):
                out = []
                for a, b in self._pairs:
                    out.append(a)
                return out

        class Slots:
            def __init__(self, slots):
                self._slots = slots

            def _flip(self, weights):
                flipped = tf.transpose(weights)
                return flipped + 1.0

            def run(self):
                for a, b in self._slots:
                    b.assign(self._flip(a))

            def reset(self):
                for a, b in self._slots:
                    a.assign(tf.zeros_like(a))
        """
    # Pairs' items are never assigned into (what they hold is not known): a warning; Slots' first items are
    # (`a.assign(...)` in reset): variables, so `_flip` is only ever passed weights: info
    assert lint(code, select=("TFP101",)) == [(8, "TFP101", "warning"), (25, "TFP101", "info")]


def test_a_function_named_like_a_variable_method_is_no_assignment():
    """(`assign(...)` called by name: no `.assign` of a parameter; the file is linted, not skipped)"""
    assert lint("""\
        import tensorflow as tf
        from lib import assign

        def copy(w, v):
            assign(w, tf.transpose(v, [0, 2, 1]))
            return w
        """, select=("TFP101",)) == [(5, "TFP101", "warning")]
