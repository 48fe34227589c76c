"""What TFP101's message says of an unsized transpose's data (`tfperf.source.batchdata`): the value of the step it is
computed from when the file shows one (an input of a layer's `call`, a loss's argument, a tensor a Keras layer is
applied to, a `keras.Input`, a private helper's parameter as the file's calls pass it), so that the copy grows with
the batch; else the first value whose origin the file does not show (a public function's parameter, an attribute the
class does not set, another module's value). The severity does not change: over the 38 labelled sets, warnings whose
data the file does not show were right 8 times in 9 (the step's tensors travel through public helpers)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text
from tfperf.source.batchdata import batch_evidence, unknown_origin

GROWS = "it grows with the batch: it carries data of the step"
NOT_SHOWN = "this file does not show that it carries data of the step"


def lint(code: str):
    return [(f.source.line, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101"])]


def test_a_layers_call_input_grows_with_the_batch_and_an_attribute_set_elsewhere_is_not_shown():
    code = """\
    import tensorflow as tf

    class Attention(tf.keras.layers.Layer):
        def call(self, inputs, training=False):
            return tf.transpose(inputs, [0, 2, 1]), tf.transpose(self.memory, [0, 2, 1])
    """
    (line, severity, grows), (_, severity2, unknown) = lint(code)
    assert (line, severity, severity2) == (5, "warning", "warning")
    assert grows.endswith(f"{GROWS} (an input of Attention.call)")
    assert unknown.endswith(f"{NOT_SHOWN} (self.memory, which this class does not set)")


def test_a_losss_arguments_grow_with_the_batch_and_a_public_helpers_parameter_is_not_shown():
    code = """\
    import tensorflow as tf

    def contrastive_loss(y_true, y_pred):
        return tf.reduce_mean(tf.transpose(y_pred, [0, 2, 1]))

    def swap(t):
        return tf.transpose(t, [0, 2, 1])
    """
    found = lint(code)
    assert f"{GROWS} (a parameter of contrastive_loss (a loss))" in found[0][2]
    assert f"{NOT_SHOWN} (parameter t of swap(), which no call in this file passes a value)" in found[1][2]


def test_a_tensor_a_keras_layer_is_applied_to_and_a_keras_input_grow_with_the_batch():
    code = """\
    import tensorflow as tf
    from tensorflow import keras

    def block(x, filters):
        x = keras.layers.Dense(filters)(x)
        return tf.transpose(x, [0, 2, 1])

    def build():
        inputs = keras.Input(shape=(None, 8))
        return keras.Model(inputs, tf.transpose(inputs * 2.0, [0, 2, 1]))
    """
    found = lint(code)
    assert f"{GROWS} (a tensor of the model (block applies a Keras layer to x))" in found[0][2]
    assert f"{GROWS} (data read by keras.Input)" in found[1][2]


def test_a_private_helpers_parameter_is_what_the_files_calls_pass():
    code = """\
    import tensorflow as tf

    def _heads(t):
        return tf.transpose(t, [0, 3, 1, 2])

    def _other(t):
        return tf.transpose(t, [0, 2, 3, 1])

    class Attention(tf.keras.layers.Layer):
        def call(self, inputs):
            return _heads(inputs)

    def public(values):
        return _other(values)
    """
    found = lint(code)
    assert f"{GROWS} (an input of Attention.call)" in found[0][2]
    # (the only call passes a public function's parameter: not shown)
    assert NOT_SHOWN in found[1][2] and "parameter values of public()" in found[1][2]


def test_a_reshapes_sizes_carry_no_data_of_the_tensor_they_are_read_from():
    code = """\
    import tensorflow as tf
    from tables import TABLE

    class Bias(tf.keras.layers.Layer):
        def call(self, inputs):
            bias = tf.reshape(TABLE, tf.shape(inputs))
            return tf.transpose(bias, [0, 2, 1]) + tf.transpose(tf.reshape(inputs, tf.shape(bias)), [0, 2, 1])
    """
    found = lint(code)
    assert f"{NOT_SHOWN} (TABLE, imported from another module)" in found[0][2]
    assert f"{GROWS} (an input of Bias.call)" in found[1][2]


def test_the_walk_answers_for_a_missing_value():
    assert batch_evidence(None, None) is None and unknown_origin(None, None) is None
