"""tfperf.keras.InputMonitor classifies real model.fit runs: a pipeline with a deliberately slow,
sequential map is input-bound; the same pipeline with a parallel map and a prefetch is not (or less).
Sleeps make the slow parts slow whatever the load of the machine; only verdicts and order are asserted."""

from __future__ import annotations

import time

import numpy as np
import pytest
import tensorflow as tf

import keras
from tfperf.keras import InputMonitor, classify

ELEMENT_SECONDS = 0.03  # the slow map, per element
STEP_SECONDS = 0.06  # the model's step, per batch: well above a parallel batch's ~0.03 s, even under load
BATCH = 4


def _slow_element(x):
    time.sleep(ELEMENT_SECONDS)
    return x


def _dataset(parallel: bool) -> tf.data.Dataset:
    rng = np.random.default_rng()
    features = rng.normal(size=(10 * BATCH, 4)).astype("float32")
    labels = rng.normal(size=(10 * BATCH, 1)).astype("float32")

    def slow(x, y):
        x = tf.py_function(_slow_element, [x], tf.float32)
        return tf.ensure_shape(x, [4]), y

    ds = tf.data.Dataset.from_tensor_slices((features, labels))
    ds = ds.map(slow, num_parallel_calls=8 if parallel else None).batch(BATCH, drop_remainder=True)
    return ds.prefetch(4) if parallel else ds


class _SlowStep(keras.layers.Layer):
    """Stands for the device's compute: the step takes STEP_SECONDS."""

    def call(self, x):
        tf.py_function(lambda: time.sleep(STEP_SECONDS), [], [])
        return x


def _fit(dataset, **monitor_options) -> InputMonitor:
    model = keras.Sequential([keras.Input((4,)), _SlowStep(), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    monitor = InputMonitor(verbose=0, target="gaudi2", **monitor_options)
    model.fit(dataset, epochs=1, verbose=0, callbacks=[monitor], shuffle=False)
    return monitor


@pytest.fixture(scope="module")
def slow_and_fast():
    return _fit(_dataset(parallel=False)), _fit(_dataset(parallel=True))


def test_a_slow_sequential_map_is_input_bound_and_names_its_cause(slow_and_fast):
    slow, _ = slow_and_fast
    (epoch,) = slow.epochs
    assert epoch.steps == 9  # ten batches; the first step of fit (tracing) is not counted
    assert epoch.verdict == "highly input-bound", epoch.summary()
    assert 0 < epoch.wait_seconds < epoch.step_seconds
    codes = [f.code for f in epoch.causes]
    assert "TFP404" in codes and codes[0] == "TFP404", epoch.summary()  # the sequential map, worst first
    assert "TFP404" in epoch.summary()


def test_a_parallel_map_with_prefetch_is_less_input_bound(slow_and_fast):
    slow, fast = slow_and_fast
    assert fast.epochs[0].verdict != "highly input-bound", fast.epochs[0].summary()
    assert fast.epochs[0].input_share < slow.epochs[0].input_share / 2


def test_training_is_unchanged_and_the_train_function_restored():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng().normal(size=(16, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    initial = [w.copy() for w in model.get_weights()]
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    monitor = InputMonitor(verbose=0)
    history = model.fit(dataset, epochs=2, verbose=0, callbacks=[monitor], shuffle=False)
    monitored = model.get_weights()
    assert model.train_function is not None and "_timed_step" not in repr(model.train_function)
    model.set_weights(initial)
    model.optimizer = keras.optimizers.SGD()
    model.compile(optimizer=model.optimizer, loss="mse")
    plain = model.fit(dataset, epochs=2, verbose=0, shuffle=False)
    for a, b in zip(monitored, model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(history.history["loss"], plain.history["loss"], rtol=1e-6)
    assert [e.steps for e in monitor.epochs] == [3, 4]  # 4 batches per epoch, the first step of fit left out


def test_thresholds_are_the_profilers():
    assert classify(0.20) == "highly input-bound"
    assert classify(0.199) == "moderately input-bound"
    assert classify(0.05) == "moderately input-bound"
    assert classify(0.049) == "not input-bound"
