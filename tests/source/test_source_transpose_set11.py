"""General forms TFP101 / TFP103 read (issue 11, set 11's gaps), each with the look-alike that stays a
warning: a channels_first branch tested by a project predicate (`if is_channels_first(self.data_format):`,
a function of one parameter returning its comparison with a data-format string, or its negation, defined in
any module of the project) or by a comparison with a name holding the string (a module constant, also one
imported from another module of the project), or by a format that must differ from the global one
(`image_data_format()`) while it is "channels_last"; the Keras backend's batch_dot as a batched matmul (TFP103's
site, not TFP101's); a perm held by an attribute of `self` set in the class (its context too)."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def found(result, code=None):
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings if code is None or f.code == code)


PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/backend.py": """\
        import tensorflow as tf

        _CH_FIRST_STR = "channels_first"
        _CH_LAST_STR = "channels_last"
        NCHW: str = "NCHW"
        NOT_A_FORMAT = "same"
        """,
    "pkg/common.py": """\
        import tensorflow as tf

        def is_channels_first(data_format):
            \"\"\"Is the data format channels first.\"\"\"
            return data_format == "channels_first"

        def is_channels_last(data_format="channels_last"):
            return not data_format == "channels_first"

        def uses_same(padding):
            return padding == "same"

        def other_than_its_parameter(data_format, fmt):
            return fmt == "channels_first"
        """,
}


def test_a_project_predicate_or_an_imported_constant_says_the_branch_runs_only_with_channels_first(tmp_path):
    tree(tmp_path, {**PACKAGE, "pkg/model.py": """\
        import tensorflow as tf
        from tensorflow.keras import backend as K
        from .backend import _CH_FIRST_STR, _CH_LAST_STR, NCHW, NOT_A_FORMAT
        from .common import is_channels_first, is_channels_last, uses_same, other_than_its_parameter

        LOCAL_FIRST = "channels_first"

        class Block(tf.keras.layers.Layer):
            def call(self, x):
                if is_channels_first(self.data_format):
                    x = tf.transpose(x, [0, 2, 3, 1])
                if self.data_format == _CH_FIRST_STR:
                    x = K.permute_dimensions(x, (0, 3, 1, 2))
                if self.data_format != _CH_LAST_STR:
                    x = tf.transpose(x, [0, 2, 3, 1])
                if self.data_format == LOCAL_FIRST:
                    x = tf.transpose(x, [0, 2, 3, 1])
                if not is_channels_last(self.data_format):
                    x = tf.transpose(x, [0, 2, 3, 1])
                x = tf.transpose(x, [0, 2, 3, 1]) if self.data_format == NCHW else x
                return x

        class LookAlikes(tf.keras.layers.Layer):
            def call(self, x):
                if is_channels_last(self.data_format):
                    x = tf.transpose(x, [0, 2, 3, 1])
                if self.data_format == _CH_LAST_STR:
                    x = tf.transpose(x, [0, 2, 3, 1])
                if not is_channels_first(self.data_format):
                    x = tf.transpose(x, [0, 2, 3, 1])
                if uses_same(self.padding):
                    x = tf.transpose(x, [0, 2, 3, 1])
                if self.padding == NOT_A_FORMAT:
                    x = tf.transpose(x, [0, 2, 3, 1])
                if other_than_its_parameter(self.data_format, "channels_first"):
                    x = tf.transpose(x, [0, 2, 3, 1])
                return x
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("model.py", line, "TFP101", "info") for line in (11, 13, 15, 17, 19, 20)] + [
        ("model.py", line, "TFP101", "warning") for line in (26, 28, 30, 32, 34, 36)]


def test_the_predicate_may_compare_with_a_module_constant_of_its_own_module(tmp_path):
    tree(tmp_path, {**PACKAGE, "pkg/layout.py": """\
        import tensorflow as tf
        from .backend import _CH_FIRST_STR

        CHANNELS_LAST = "channels_last"

        def first(fmt):
            return fmt == _CH_FIRST_STR

        def last(fmt):
            return CHANNELS_LAST == fmt
        """, "pkg/model.py": """\
        import tensorflow as tf
        from pkg import layout

        def to_last(x, data_format):
            if layout.first(data_format):
                x = tf.transpose(x, [0, 2, 3, 1])
            if layout.last(data_format):
                x = tf.transpose(x, [0, 2, 3, 1])
            else:
                x = tf.transpose(x, [0, 3, 1, 2])
            return x
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("model.py", 6, "TFP101", "info"), ("model.py", 8, "TFP101", "warning"),
                             ("model.py", 10, "TFP101", "info")]


def test_batch_dot_is_a_batched_matmul_for_tfp103_and_not_tfp101():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    def attention(q, k, v, w):
        energy = tf.keras.backend.batch_dot(tf.transpose(q, perm=(0, 2, 1)), k)
        y = K.batch_dot(v, tf.transpose(w, perm=(0, 2, 1)))
        x = tf.transpose(q, perm=(0, 2, 1))
        x = K.batch_dot(x, w)
        z = K.batch_dot(v, tf.transpose(w, perm=(0, 2, 1)), axes=(2, 2))
        u = K.batch_dot(tf.transpose(w, perm=(1, 0)), v)
        return energy, y, z, u, x
    """
    assert lint(code, select=("TFP101", "TFP103")) == [
        (5, "TFP103", "warning"), (6, "TFP103", "warning"), (7, "TFP103", "warning"),
        (9, "TFP101", "warning"), (10, "TFP101", "warning")]


def test_a_perm_held_by_self_is_read_from_the_class_with_where_it_is_set():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class LastOnly(tf.keras.layers.Layer):
        def __init__(self, data_format):
            super().__init__()
            self.permutation = None
            if data_format == "channels_last":
                self.permutation = (0, 1, 3, 2)

        def call(self, x):
            if self.permutation is not None:
                x = K.permute_dimensions(x, pattern=self.permutation)
            return x

    class FirstOnly(tf.keras.layers.Layer):
        def __init__(self, data_format):
            super().__init__()
            self.perm = (0, 2, 3, 1) if data_format == "channels_first" else None
            if data_format == "channels_first":
                self.permutation = (0, 2, 3, 1)
            else:
                self.permutation = None

        def call(self, x):
            if self.permutation is not None:
                x = tf.transpose(x, self.permutation)
            if self.perm is not None:
                x = tf.transpose(x, self.perm)
            return x

    class Two(tf.keras.layers.Layer):
        def __init__(self, data_format):
            super().__init__()
            self.permutation = (0, 2, 3, 1)
            if data_format == "x":
                self.permutation = (0, 3, 1, 2)
            self.swap = (0, 2, 1)

        def call(self, x, k):
            return tf.transpose(x, self.permutation), tf.matmul(k, tf.transpose(x, self.swap))
    """
    assert lint(code, select=("TFP101", "TFP103")) == [
        (13, "TFP101", "warning"), (27, "TFP101", "info"), (29, "TFP101", "info"), (41, "TFP103", "warning")]


def test_a_local_name_holds_the_string_only_when_every_path_binds_it():
    code = """\
    import tensorflow as tf

    def f(x, data_format, other):
        fmt = "channels_first"
        if fmt == data_format:
            x = tf.transpose(x, [0, 2, 3, 1])
        cur = "channels_last"
        if other:
            cur = data_format
        if cur == data_format:
            x = tf.transpose(x, [0, 2, 3, 1])
        else:
            x = tf.transpose(x, [0, 3, 1, 2])
        return x
    """
    assert lint(code) == [(6, "TFP101", "info"), (11, "TFP101", "warning"), (13, "TFP101", "warning")]


def test_an_attribute_only_init_or_build_sets_carries_no_batch():
    code = """\
    import numpy as np
    import tensorflow as tf

    class Position(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.bb = self.add_weight(name="bias", shape=(49, 8))
            self.bb_pos = tf.convert_to_tensor(np.arange(16 * 49).reshape(16, 49) % 49)

        def call(self, x):
            self.seen = x
            bias = tf.gather(self.bb, self.bb_pos)
            return x + tf.transpose(bias, [2, 0, 1]), tf.transpose(tf.gather(self.bb, self.seen), [2, 0, 1])
    """
    assert lint(code) == [(12, "TFP101", "info"), (12, "TFP101", "warning")]


def test_a_format_that_differs_from_the_global_one_while_channels_last_means_channels_first_data():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend, layers

    def align(x, features_format, other, given):
        if features_format == backend.image_data_format():
            y = x
        elif features_format == "channels_last":
            y = layers.Permute([3, 1, 2])(x)
        cur = "channels_last"
        if other:
            x = layers.Permute([3, 1, 2])(x) if backend.image_data_format() != "channels_last" else x
            cur = backend.image_data_format()
        z = x if cur == backend.image_data_format() else layers.Permute([3, 1, 2])(x)
        first = "channels_first"
        if other:
            first = backend.image_data_format()
        w = x if first == backend.image_data_format() else layers.Permute([2, 3, 1])(x)
        mixed = "channels_last"
        if other:
            mixed = given
        v = x if mixed == backend.image_data_format() else layers.Permute([3, 1, 2])(x)
        u = layers.Permute([3, 1, 2])(x) if cur == backend.image_data_format() else x
        return y, z, w, v, u
    """
    assert lint(code) == [(8, "TFP101", "info"), (11, "TFP101", "info"), (13, "TFP101", "info"),
                          (17, "TFP101", "warning"), (21, "TFP101", "warning"), (22, "TFP101", "warning")]


def test_a_module_constant_rebound_to_another_string_is_no_layout(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/formats.py": """\
        import os
        import tensorflow as tf

        FIRST = "channels_first"
        SWITCHED = "channels_first"
        if os.environ.get("LAST"):
            SWITCHED = "channels_last"
        """, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.formats import FIRST, SWITCHED

        def f(x, data_format):
            if data_format == FIRST:
                x = tf.transpose(x, [0, 2, 3, 1])
            if data_format == SWITCHED:
                x = tf.transpose(x, [0, 2, 3, 1])
            return x
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("model.py", 6, "TFP101", "info"), ("model.py", 8, "TFP101", "warning")]
