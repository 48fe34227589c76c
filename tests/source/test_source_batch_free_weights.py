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

    class Holder(tf.keras.layers.Layer):
        def __init__(self, layer):
            super().__init__()
            self.layer = layer

        def call(self, inputs):
            return tf.transpose(self.layer.kernel, [1, 0])

    class Rewrapped(tf.keras.layers.Wrapper):
        def __init__(self, layer):
            super().__init__(layer)
            self.layer = tf.keras.Sequential([layer])

        def call(self, inputs):
            return tf.transpose(self.layer.kernel, [1, 0])
    """
    # the wrapper's kernel, embeddings and recurrent kernel, through `self.w`, `self.v` and the alias `inner`: info;
    # its output (an activation), a `self.layer` of a plain layer (whatever it is handed) and a wrapper that stores
    # another object in `self.layer`: warnings as before
    assert lint(code) == [(13, "TFP101", "info"), (23, "TFP101", "info"), (24, "TFP101", "info"),
                          (26, "TFP101", "warning"), (34, "TFP101", "warning"), (42, "TFP101", "warning")]


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
