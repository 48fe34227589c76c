"""Held-out set 23, TFP103 (a transpose into a matmul operand):

- `self.kernel` of a subclass of a framework layer that documents it (`class SNDense(Dense)`), which the class
  does not assign, is the base's weight (TFP101's weight convention). TFP103 follows the weight convention too
  (2026-12-02): a weight transposed into a matmul is a copy once per step with no batch axis, info under the
  1 ms weight price (sets 6, 21 and 23 label a transposed codebook / mapping matrix / kernel info); an activation
  transposed into a matmul stays a warning;
- TFP101's size-1 check through Keras's backend: `K.expand_dims(K.batch_flatten(x))` is [B, N, 1], and
  swapping its last two axes moves only a size-1 axis (a reshape).
"""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP103",)):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "layers.py", target="gaudi2", select=list(select))]


SPECTRAL = """\
    import tensorflow as tf
    from tensorflow.keras.layers import Dense

    class SNDense(Dense):
        def build(self, input_shape):
            super().build(input_shape)
            self.u_kernel = self.add_weight(shape=(1, self.units), trainable=False)

        def compute_spectral_norm(self):
            u_hat = self.u_kernel

            def l2_norm(val, eps=1e-12):
                return val / (tf.reduce_sum(val ** 2) ** 0.5 + eps)

            v_hat = l2_norm(tf.matmul(u_hat, tf.transpose(self.kernel)))
            u_hat = l2_norm(tf.matmul(v_hat, self.kernel))
            sigma = tf.matmul(tf.matmul(v_hat, self.kernel), tf.transpose(u_hat))
            return self.kernel / sigma

        def call(self, inputs):
            return tf.matmul(inputs, tf.transpose(self.compute_spectral_norm() + inputs))
    """


def test_a_weight_transposed_into_a_matmul_is_tfp103_info():
    # (line 17: u_hat is the [1, units] weight carried through matmuls and l2_norm, shapes.py: only a size-1 axis
    # moves, a reshape; line 21: the operand adds the inputs, so it has a batch axis)
    assert lint(SPECTRAL) == [(15, "info"), (21, "warning")]


INHERITED = """\
    import tensorflow as tf
    from tensorflow.keras.layers import Dense

    class Flipped(Dense):
        def call(self, inputs):
            return tf.reduce_sum(tf.transpose(self.kernel, [1, 0])) + inputs

    class Own(Dense):
        def build(self, input_shape):
            self.kernel = input_shape

        def call(self, inputs):
            return tf.reduce_sum(tf.transpose(self.kernel, [1, 0])) + inputs
    """


def test_the_kernel_a_dense_subclass_inherits_is_a_weight():
    found = lint(INHERITED, select=["TFP101"])
    assert (6, "info") in found and (13, "info") not in found


COLUMNS = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class CovStream(tf.keras.layers.Layer):
        def call(self, x):
            x = K.batch_flatten(x)
            x = K.expand_dims(x, -1)
            return K.batch_dot(x, K.permute_dimensions(x, [0, 2, 1]))

    class Gram(tf.keras.layers.Layer):
        def call(self, x):
            x = K.expand_dims(x, 1) + x
            return K.batch_dot(x, K.permute_dimensions(x, [0, 2, 1]))
    """


def test_a_column_of_size_one_moved_into_a_matmul_is_a_reshape():
    assert lint(COLUMNS) == [(13, "warning")]
