"""Transposes computed only from weights reached through three more forms (sets 35-37's weight-convention false
positives): a variable of the layer a Keras `Wrapper` wraps (`self.layer.kernel`, also through `self.w` and a local
alias), a branch of `tf.cond` that returns a weight (a closure of no parameters, a lambda), and an item of a dict
literal of variables picked by its literal key (TF1's `{"W2": tf.get_variable(...)}`). Each with the look-alike
that may hold an activation, which stays a warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101", "TFP103")):
    return [(f.source.line, f.code, f.severity.value)
            for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=list(select))]


def test_a_wrapped_layers_documented_variables_are_weights():
    code = """\
    import tensorflow as tf

    class SpectralNorm(tf.keras.layers.Wrapper):
        def build(self, input_shape):
            self.layer.build(input_shape)
            if hasattr(self.layer, "kernel"):
                self.w = self.layer.kernel
            else:
                self.w = self.layer.embeddings

        def call(self, inputs):
            w = tf.reshape(self.w, [-1, 8])
            v = tf.transpose(w)
            return self.layer(inputs), v

    class WeightNorm(tf.keras.layers.Wrapper):
        def build(self, input_shape):
            inner = self.layer
            self.v = inner.kernel
            self.r = inner.recurrent_kernel

        def call(self, inputs):
            a = tf.transpose(self.v, [2, 1, 0])
            b = tf.transpose(self.r, [1, 0])
            out = self.layer(inputs)
            return a, b, tf.transpose(out, [0, 2, 1])
    """
    # the wrapper's kernel, embeddings and recurrent kernel, through `self.w`, `self.v` and the alias `inner`: info;
    # its output (an activation): a warning as before
    assert lint(code) == [(13, "TFP101", "info"), (23, "TFP101", "info"), (24, "TFP101", "info"),
                          (26, "TFP101", "warning")]


def test_a_plain_class_constructors_parameter_may_be_a_tensor():
    code = """\
    import tensorflow as tf

    class Model:
        def __init__(self, x, layer):
            self.x = x
            self.layer = layer

        def loss(self):
            with tf.GradientTape() as tape:
                kernel = tf.transpose(self.layer.kernel, [1, 0])
                return tf.reduce_sum(tf.matmul(tf.transpose(self.x, [0, 2, 1]), kernel))
    """
    # a TF1-style class is handed tensors by its constructor: what it holds may be an activation (warnings)
    assert lint(code) == [(10, "TFP103", "warning"), (11, "TFP103", "warning")]


def test_a_cond_whose_branches_return_weights_is_computed_from_weights():
    code = """\
    import tensorflow as tf

    class Norm(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.g = self.add_weight(name="g", shape=(8,))
            self.v = self.add_weight(name="v", shape=(3, 4, 8))
            self.ready = self.add_weight(name="ready", shape=(), dtype=tf.bool)

        def call(self, inputs):
            def keep():
                return tf.identity(self.g)

            def update():
                with tf.control_dependencies([self.ready.assign(True)]):
                    return tf.identity(self.g)

            def from_input():
                return tf.reduce_mean(inputs, axis=0)

            g = tf.cond(self.ready, keep, update)
            h = tf.cond(self.ready, lambda: self.g, lambda: self.g * 2.0)
            k = tf.cond(self.ready, keep, from_input)
            a = tf.transpose(tf.nn.l2_normalize(self.v, axis=[0, 1]) * g, [2, 1, 0])
            b = tf.transpose(self.v * h, [2, 1, 0])
            c = tf.transpose(self.v * k, [2, 1, 0])
            return a, b, c, tf.cond(self.ready, lambda: tf.transpose(inputs, [0, 2, 1]), lambda: inputs)
    """
    # both branches return the weight g (a closure, a lambda): info; a branch that reads the batch: a warning
    assert lint(code) == [(23, "TFP101", "info"), (24, "TFP101", "info"), (25, "TFP101", "warning"),
                          (26, "TFP101", "warning")]


def test_an_item_of_a_dict_of_variables_picked_by_its_key_is_a_weight():
    code = """\
    import tensorflow as tf

    def network(x, n_in, n_hidden):
        rec = {"W1": tf.get_variable("W1", [n_in, n_hidden]), "b1": tf.get_variable("b1", [n_hidden])}
        gen = {"W1": tf.transpose(rec["W1"]), "act": x}
        tied = dict(W=tf.Variable(tf.zeros([n_in, n_hidden])), act=x)
        h = tf.matmul(x, rec["W1"]) + rec["b1"]
        out = tf.matmul(h, gen["W1"])
        return out, tf.transpose(tied["W"]), tf.transpose(gen["act"]), tf.transpose(tied["act"])

    def mutated(x, n):
        rec = {"W": tf.get_variable("W", [n, n])}
        rec["W"] = x
        return tf.transpose(rec["W"])
    """
    # the variables under their keys (also `dict(W=...)`, and a transpose stored under a key): info; the
    # activation under another key, and a dict the function stores into: warnings
    assert lint(code, select=("TFP101",)) == [(5, "TFP101", "info"), (9, "TFP101", "info"),
                                               (9, "TFP101", "warning"), (9, "TFP101", "warning"),
                                               (14, "TFP101", "warning")]


def test_a_layer_held_by_the_class_applied_to_a_constant_table_computes_from_weights():
    code = """\
    import keras
    from keras import layers, ops

    class WindowAttentionV2(layers.Layer):
        def __init__(self, window_size, num_heads):
            super().__init__()
            self.window_size = window_size
            self.num_heads = num_heads
            self.cpb_mlp = keras.Sequential([layers.Dense(512, activation="relu"), layers.Dense(num_heads)])
            self.build_tables()

        def build_tables(self):
            ranges = [ops.arange(-(w - 1), w, dtype="float32") for w in self.window_size]
            grid = ops.stack(ops.meshgrid(*ranges, indexing="ij"), axis=-1)
            scaled = []
            for i in range(len(self.window_size)):
                scaled.append(grid[..., i] / (self.window_size[i] - 1))
            table = ops.stack(scaled, axis=-1) * 8
            self.table = ops.sign(table) * ops.log2(ops.abs(table) + 1.0)
            coords = ops.stack(ops.meshgrid(ops.arange(self.window_size[0]), ops.arange(self.window_size[1])))
            self.index = ops.sum(ops.reshape(coords, [2, -1]), axis=0)

        def call(self, x):
            bias = ops.take(self.cpb_mlp(ops.reshape(self.table, [-1, 2])), self.index, axis=0)
            n = 1
            for w in self.window_size:
                n *= w
            bias = ops.transpose(ops.reshape(bias, [n, n, -1]), [2, 0, 1])
            feats = ops.take(self.cpb_mlp(x), self.index, axis=0)
            return x + bias, ops.transpose(ops.reshape(feats, [n, n, -1]), [2, 0, 1])
    """
    # the MLP over the constant coordinate table, gathered by the constant index: info; the same MLP over the
    # layer's input (an activation): a warning
    assert lint(code, select=("TFP101",)) == [(28, "TFP101", "info"), (30, "TFP101", "warning")]


def test_a_basis_of_a_range_over_size_parameters_has_no_batch_factor():
    code = """\
    import numpy as np
    from tensorflow.keras import backend as K

    def linear_space(backcast_length, forecast_length, is_forecast=True):
        horizon = forecast_length if is_forecast else backcast_length
        return K.arange(0, horizon) / horizon

    def trend_model(thetas, backcast_length, forecast_length, is_forecast):
        p = thetas.shape[-1]
        t = linear_space(backcast_length, forecast_length, is_forecast=is_forecast)
        t = K.transpose(K.stack([t ** i for i in range(p)]))
        return K.dot(thetas, K.transpose(t))

    def scaled_by_data(thetas, scale):
        t = K.arange(0, 10) / scale
        basis = K.stack([t ** i for i in range(4)])
        return K.transpose(basis)

    def batch_sized(thetas):
        n = thetas.shape[0]
        basis = K.stack([K.arange(0, n) ** i for i in range(4)])
        return K.transpose(basis + thetas)
    """
    # a polynomial basis of a range whose bounds are size parameters (`horizon`, also read as the divisor: a
    # number), sized by the last axis of thetas: info for both rules; a basis divided by a parameter nothing shows a
    # number (it may be a tensor), and one added to the activation: warnings
    assert lint(code) == [(11, "TFP101", "info"), (12, "TFP103", "info"), (17, "TFP101", "warning"),
                          (22, "TFP101", "warning")]


def test_a_loss_reads_a_held_layers_weights_by_position():
    code = """\
    import tensorflow as tf

    class SampledLoss(tf.keras.losses.Loss):
        def __init__(self, decoder):
            super().__init__()
            self.decoder = decoder

        def call(self, y, y_pred):
            w = self.decoder.weights[0]
            return tf.transpose(w), tf.transpose(y_pred.weights)
    """
    # the held decoder's first variable: info; a `weights` of a value the step hands in (sample weights): a warning
    assert lint(code, select=("TFP101",)) == [(10, "TFP101", "info"), (10, "TFP101", "warning")]
