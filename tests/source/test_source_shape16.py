"""Sizes the source states, carried further (`tfperf.source.shapes`), so TFP101 / TFP103's size-1 check applies:

- `tf.tensordot(x, w, axes=[-1, -2])`: x's last axis with w's axis -2 (a 2-D w's first), the rest of w after x's;
- `K.batch_dot(x, x, axes=1)` of 2-D tensors (a row's squared norm): `[batch, 1]`;
- `tf.matmul` of operands whose rank is not stated: its last two axes are a's rows and b's columns (`[1, n]` @ w);
- a function of the file applied to tensors, read with the shapes the call passes (`l2_norm(v)` keeps v's shape).

Each with a look-alike that stays reported (a size above 1 moves).
"""

from __future__ import annotations

import ast
import textwrap

from tfperf import targets
from tfperf.source import lint_text
from tfperf.source.visitor import FileContext, run_visitors


def lint(code: str, select=("TFP101", "TFP103")):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "layers.py", target="gaudi2", select=list(select))]


def shapes(code: str) -> dict[str, tuple]:
    """(rank, known dims) of every name the last function returns."""
    code = textwrap.dedent(code)
    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])
    returned = [n for n in ast.walk(file.tree) if isinstance(n, ast.Return)][-1].value
    return {n.id: (lambda s: None if s is None else (s.rank, s.known))(file.shapes.of(n)) for n in returned.elts}


BIAFFINE = """\
    import tensorflow as tf

    def biaffine(deps, heads, size):
        bias = tf.get_variable("bias", shape=(size, {width}))
        term = tf.tensordot(heads, bias, axes=[-1, -2])  # (B, L, {width})
        term = tf.transpose(term, [0, 2, 1])
        return tf.matmul(deps, heads, transpose_b=True) + term
    """


def test_a_tensordot_with_an_n_by_1_weight_ends_in_a_size_1_axis():
    assert lint(BIAFFINE.format(width=1)) == []  # (B, L, 1) -> (B, 1, L): a reshape


def test_a_tensordot_with_a_wider_weight_still_moves_the_last_axis():
    assert [(line, rule) for line, rule, _ in lint(BIAFFINE.format(width=4))] == [(6, "TFP101")]


def test_tensordot_axes_forms():
    assert shapes("""\
        import tensorflow as tf

        def f(x):
            w = tf.zeros([8, 1])
            v = tf.zeros([3, 8, 5])
            a = tf.tensordot(x, w, axes=[-1, -2])
            b = tf.tensordot(x, w, axes=[[-1], [0]])
            c = tf.tensordot(x, v, axes=[-1, 1])
            d = tf.tensordot(x, w, axes=[0, 0])  # (not x's last axis: unknown)
            return a, b, c, d
        """) == {"a": (None, {-1: 1}), "b": (None, {-1: 1}), "c": (None, {-2: 3, -1: 5}), "d": None}


PAIRWISE = """\
    import tensorflow.keras.backend as K

    def pairwise(embeddings, other):
        dot_product = K.dot(embeddings, K.transpose(embeddings))
        square_norm = K.batch_dot({a}, {b}, axes={axes})
        return K.transpose(square_norm) - 2.0 * dot_product + square_norm
    """


def test_a_row_norm_by_batch_dot_is_a_column():
    assert lint(PAIRWISE.format(a="embeddings", b="embeddings", axes=1)) == [(4, "TFP103", "warning")]


def test_batch_dot_of_two_tensors_of_unstated_rank_is_not_known():
    found = lint(PAIRWISE.format(a="embeddings", b="other", axes=1))
    assert [(line, rule) for line, rule, _ in found] == [(4, "TFP103"), (6, "TFP101")]


def test_batch_dot_shapes():
    assert shapes("""\
        import tensorflow as tf
        import tensorflow.keras.backend as K

        def f(x):
            a = tf.zeros([8, 16])
            rows = K.batch_dot(a, a, axes=1)
            cube = K.batch_dot(tf.zeros([8, 4, 16]), tf.zeros([8, 4, 16]), axes=1)
            return rows, cube
        """) == {"rows": (2, {0: 8, 1: 1}), "cube": None}


SPECTRAL = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    class SpectralNorm(layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units))
            self.u = self.add_weight(shape=({rows}, self.units), trainable=False)

        def normalized(self):
            def l2_norm(val, eps=1e-12):
                return val / (tf.reduce_sum(val ** 2) ** 0.5 + eps)

            v_hat = l2_norm(tf.matmul(self.u, self.kernel, transpose_b=True))
            u_hat = l2_norm(tf.matmul(v_hat, self.kernel))
            sigma = tf.matmul(tf.matmul(v_hat, self.kernel), tf.transpose(u_hat))
            return self.kernel / sigma
    """


def test_a_normalised_1_by_n_vector_carried_through_matmuls_is_a_row():
    assert lint(SPECTRAL.format(rows=1)) == []  # [1, units] -> [units, 1]: a reshape


def test_a_wider_block_of_vectors_is_still_transposed():
    assert [(line, rule) for line, rule, _ in lint(SPECTRAL.format(rows=4))] == [(15, "TFP103")]


def test_a_function_of_the_file_keeps_the_shape_its_call_passes():
    assert shapes("""\
        import tensorflow as tf

        def normalise(v, eps=1e-6):
            return v / (tf.sqrt(tf.reduce_sum(v ** 2)) + eps)

        def scale(v, factor):
            return v * factor

        def f(x):
            row = tf.Variable(tf.zeros([1, 16]))
            a = normalise(row)
            b = scale(row, tf.zeros([4, 1]))
            c = normalise(x)
            d = tf.matmul(row, x)
            e = row @ x  # (`@` of a tensor of unstated rank: NumPy's 1-D rule, unknown)
            return a, b, c, d, e
        """) == {"a": (2, {0: 1, 1: 16}), "b": (2, {0: 4, 1: 16}), "c": None, "d": (None, {-2: 1}),
                 "e": None}


def test_keras_backend_elementwise_ops_and_reductions_keep_shapes():
    assert shapes("""\
        import tensorflow.keras.backend as K

        def f(x):
            norm = K.sqrt(K.sum(K.square(x), axis=-1, keepdims=True))
            clipped = K.clip(norm, 1e-12, None)
            unit = K.l2_normalize(K.expand_dims(x, -1), axis=1)
            dropped = K.sum(K.square(x), axis=-1)
            return norm, clipped, unit, dropped
        """) == {"norm": (None, {-1: 1}), "clipped": (None, {-1: 1}), "unit": (None, {-1: 1}), "dropped": (None, {})}


SCORES = """\
    import tensorflow.keras.backend as K

    def attention_weights(x):  # x: (B, T, D)
        scores = K.exp({scores})
        return K.permute_dimensions(scores, (0, 2, 1))
    """


def test_a_keras_backend_row_reduction_kept_as_a_column_moves_only_a_size_1_axis():
    assert lint(SCORES.format(scores="K.sum(K.square(x), axis=-1, keepdims=True)")) == []  # (B, T, 1) -> (B, 1, T)


def test_a_keras_backend_elementwise_op_keeps_every_axis():
    assert [(line, rule) for line, rule, _ in lint(SCORES.format(scores="K.square(x)"))] == [(5, "TFP101")]


def test_a_variable_made_of_a_numpy_or_keras_backend_array_has_its_shape():
    assert shapes("""\
        import numpy as np
        import tensorflow as tf
        import tensorflow.keras.backend as K

        def f(n):
            a = tf.Variable(np.zeros((1, n)), trainable=False)
            b = K.variable(np.ones([1, 8]))
            c = tf.Variable(K.random_normal((n, 4)))
            d = tf.Variable(np.random.normal(size=(1, n)))  # (NumPy's draws: not read)
            return a, b, c, d
        """) == {"a": (2, {0: 1}), "b": (2, {0: 1, 1: 8}), "c": (2, {1: 4}), "d": None}


POWER = """\
    import numpy as np
    import tensorflow as tf

    class Normalised(tf.Module):
        def __init__(self, w):
            self.w = w
            self.u = tf.Variable(np.zeros(({rows}, w.shape[0])), trainable=False)

        def sigma(self):
            v = tf.matmul(self.u, self.w)
            return tf.matmul(v, tf.transpose(self.u))
    """


def test_a_1_by_n_numpy_initialised_vector_transposed_into_a_matmul_is_a_reshape():
    assert lint(POWER.format(rows=1)) == []


def test_a_2_by_n_numpy_initialised_block_is_still_transposed():
    assert [(line, rule) for line, rule, _ in lint(POWER.format(rows=2))] == [(11, "TFP103")]
