"""Counter-evidence for TFP101/TFP103 in forms the weight convention's walk (`tfperf.source.batchfree`) did not read
(issue 11, session 22): a tensor made of a shape (a random draw: its shape arguments and seed are sizes), a
`tf.while_loop` / `tf.map_fn` body (its parameters take the values handed to the loop), a closure's free name that is
its enclosing function's parameter, and a convolution's filters through a name and a scale and in every framework's
convolution op. Each with the look-alike where an activation reaches the same place, which stays a warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101", "TFP103")):
    return [(f.source.line, f.code, f.severity.value)
            for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=list(select))]


def test_a_tensor_made_of_a_shape_has_no_batch_unless_the_shape_is_read_off_the_batch():
    code = """\
    import tensorflow as tf

    def random_features(x, dim, seed):
        q, _ = tf.linalg.qr(tf.random.normal((dim, dim), seed=seed))
        noise, _ = tf.linalg.qr(tf.random.uniform(tf.shape(x)))
        return tf.transpose(q), tf.transpose(noise, [0, 2, 1])
    """
    # an orthogonal block of a draw of sizes (a random projection): no batch, info; of noise shaped like the input:
    # a warning
    assert lint(code) == [(6, "TFP101", "info"), (6, "TFP101", "warning")]


def test_a_loop_body_over_a_weight_is_batch_free_over_an_activation_is_not():
    code = """\
    import tensorflow as tf

    class Layer(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight("kernel", shape=(int(input_shape[-1]), 8))

        def call(self, x):
            def body(w, i):
                return 1.5 * w - 0.5 * w, i + 1

            w, _ = tf.while_loop(lambda w, i: i < 3, body, (self.kernel, 0))
            h, _ = tf.while_loop(lambda h, i: i < 3, body, (x, 0))
            rows = tf.map_fn(lambda r: r * 2.0, self.kernel)
            return tf.transpose(w), tf.transpose(h, [0, 2, 1]), tf.transpose(rows)
    """
    # the loop over the kernel and the map over its rows: weights, info; the loop over the input: a warning
    assert lint(code) == [(14, "TFP101", "info"), (14, "TFP101", "warning"), (14, "TFP101", "info")]


def test_a_closure_reads_its_enclosing_functions_parameter():
    code = """\
    import tensorflow as tf

    def _power(w, steps):
        def body(u):
            return tf.math.l2_normalize(u @ w)
        return tf.transpose(body(tf.ones((2, 8))))

    def _activation(x):
        def body(u):
            return u * x
        return tf.transpose(body(tf.ones((1, 8))), [0, 2, 1])

    class Layer(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight("kernel", shape=(8, 8))

        def call(self, x):
            return _power(self.kernel, 3), _activation(x)
    """
    # the closure's `w` is the kernel the only call passes: info; its `x` is the layer's input: a warning (a [1, 8]
    # `u` would make `u @ w` [1, 8] by the kernel's stated (8, 8): a reshape, no finding)
    assert lint(code) == [(6, "TFP101", "info"), (11, "TFP101", "warning")]


def test_a_convolutions_filters_through_a_name_and_a_scale_in_every_frameworks_op():
    code = """\
    import keras
    import tensorflow as tf
    from keras import ops

    class DynamicEmbedding(keras.layers.Layer):
        def call(self, cube, waves):
            kernel = ops.reshape(self.generator(waves), (3, 8, 4, 4))
            kernel = ops.transpose(kernel, (2, 3, 0, 1))
            return ops.conv(cube, kernel * 0.02, strides=4)

    class Leaks(keras.layers.Layer):
        def call(self, cube, waves):
            kernel = ops.reshape(self.generator(waves), (-1, 8, 4, 4))
            kernel = ops.transpose(kernel, (2, 3, 0, 1))
            return ops.conv(cube, kernel, strides=4), kernel

    class Separable(keras.layers.Layer):
        def call(self, x, dw, pw):
            d = tf.transpose(dw, [0, 1, 3, 2])
            return tf.nn.separable_conv2d(x, d, tf.transpose(pw, [0, 1, 3, 2]), [1, 1, 1, 1], "SAME")

    class Backend(keras.layers.Layer):
        def call(self, x, k):
            return keras.backend.conv2d(x, -tf.transpose(k, [0, 1, 3, 2]))
    """
    # filters, however generated: shared over the batch, info; the same kernel also returned, of a size the source
    # does not state (a stated (3, 8, 4, 4) would be small: info whatever it is): a warning
    assert lint(code) == [(8, "TFP101", "info"), (14, "TFP101", "warning"), (19, "TFP101", "info"),
                          (20, "TFP101", "info"), (24, "TFP101", "info")]

