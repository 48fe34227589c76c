"""Peak memory from tensor lifetimes in the schedule, plus variables and constants."""

from __future__ import annotations

import keras
import tensorflow as tf

from tfperf.capture import from_function, from_keras, from_training
from tfperf.cost.estimate import estimate_graph


def test_a_chain_holds_at_most_two_tensors_at_once():
    n = 1 << 20

    @tf.function(input_signature=[tf.TensorSpec([n])])
    def f(x):
        return tf.nn.relu(tf.exp(tf.abs(x)))  # each op reads one tensor and writes the next

    m = estimate_graph(from_function(f), "cpu", fusion="none").memory
    assert m.tensors_peak_bytes == 2 * 4 * n  # input live while the first op writes, then one by one
    assert m.weights_bytes == 0


def test_weights_and_optimizer_slots_of_a_training_step():
    model = keras.Sequential([keras.Input((64,), batch_size=8), keras.layers.Dense(32), keras.layers.Dense(4)])
    weights = (64 * 32 + 32 + 32 * 4 + 4) * 4
    inference = estimate_graph(from_keras(model), "gaudi2").memory
    assert inference.weights_bytes == weights and not inference.training
    model.compile(optimizer="adam", loss="mse")
    m = estimate_graph(from_training(model), "gaudi2").memory
    assert m.training and m.weights_bytes == weights
    assert m.other_variables_bytes >= 2 * weights  # Adam's two slots per weight
    assert m.peak_bytes >= m.weights_bytes + m.other_variables_bytes + m.tensors_peak_bytes
    assert m.tensors_peak_bytes > 0
