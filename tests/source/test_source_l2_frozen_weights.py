"""TFP301 on the regularizer of a weight that is not trained: `trainable=False` gives its term no gradient (Keras 3
computes none, `Layer.losses` sums the trainable weights' only; tf.keras 2 and TensorFlow 1 add a constant every
step), so the finding is info and says to drop the regularizer; `trainable=` a parameter (`trainable=self.use_bias`
with `use_bias=False`, funkeras' MF biases, set 53) makes a trained term only for the values that train it, judged by
what the callers pass (the opt-in convention)."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

LAYER = """\
import tensorflow as tf
from tensorflow.keras.regularizers import l2


class MF(tf.keras.layers.Layer):
    def __init__(self, use_bias=DEFAULT, reg=1e-4, **kwargs):
        super().__init__(**kwargs)
        self.use_bias = use_bias
        self.reg = reg

    def build(self, input_shape):
        self.b = self.add_weight(name="b", shape=(10, 1), regularizer=l2(self.reg), trainable=TRAINABLE)

    def call(self, x):
        return x + self.b


def train():
    model = tf.keras.Sequential([MF(ARGS)])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(tf.zeros([4, 10]), tf.zeros([4, 10]))
"""


def severities(trainable: str, default: str = "False", args: str = ""):
    code = LAYER.replace("TRAINABLE", trainable).replace("DEFAULT", default).replace("ARGS", args)
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, "model.py", target="gaudi2", select=["TFP301"])]


def test_a_regularizer_of_a_weight_built_untrainable_is_info_and_says_so():
    [(line, severity, message)] = severities("False")
    assert (line, severity) == (12, "info")
    assert "the weight is built with trainable=False: the term has no gradient" in message


def test_the_same_regularizer_of_a_trained_weight_is_a_warning():
    assert [s for _, s, _ in severities("True")] == ["warning"]


@pytest.mark.parametrize("default, args, expected", [
    ("False", "", []),  # use_bias=False, and no call passes another value: no trained weight, no term
    ("False", "use_bias=True", ["warning"]),  # a call of the project trains it
    ("True", "", ["warning"]),  # trained by default
])
def test_trainable_by_a_parameter_is_judged_by_the_values_the_callers_pass(default, args, expected):
    assert [s for _, s, _ in severities("self.use_bias", default, args)] == expected


def test_a_frozen_keras_layer_is_info_too():
    code = """\
import tensorflow as tf

def build():
    return tf.keras.layers.Dense(8, trainable=False, kernel_regularizer=tf.keras.regularizers.l2(1e-4))
"""
    [finding] = lint_text(code, "model.py", target="gaudi2", select=["TFP301"])
    assert finding.severity.value == "info" and "trainable=False" in finding.message
