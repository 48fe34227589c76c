"""The advice on a real training step: its curves are monotone where they must be, the recommendation
respects every limit and names the one that binds, and each limit is the largest batch it allows."""

from __future__ import annotations

import keras
import pytest
import tensorflow as tf

from tfperf.batch.advice import (KNEE, Options, advise_batched, far_from_advice, is_training_step, optimizer_in,
                                 slots_per_weight)
from tfperf.batch.api import advise
from tfperf.batch.convergence import CriticalBatch, NoiseScale, critical_batch, learning_rate_advice
from tfperf.batch.rebatch import BatchedGraph, BatchError
from tfperf.capture import from_object
from tfperf.cost.estimate import estimate_graph
from tfperf.targets import load


def _cnn(optimizer) -> keras.Model:
    model = keras.Sequential([
        keras.Input((48, 48, 3), name="images"),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Conv2D(32, 3, strides=2, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


@pytest.fixture(scope="module")
def sgd_step():
    """A small CNN's training step with momentum SGD, fitted from batch 4 and 9."""
    graph = from_object(_cnn(keras.optimizers.SGD(0.1, momentum=0.9)), "cnn", None, 4, train=True)
    return graph, BatchedGraph(graph, graph.at_batch(9))


@pytest.fixture(scope="module")
def advice(sgd_step):
    """On the first-generation Gaudi (32 GB), 8 devices under a cap of 4096, a batch of 2 run now."""
    return advise_batched(sgd_step[1], "gaudi", training=True,
                          options=Options(devices=8, current=2, critical=CriticalBatch(4096, "test", "a test")))


def test_memory_and_step_time_grow_with_the_batch(advice):
    batches = [p.batch for p in advice.curve]
    assert batches == sorted(batches) and batches[0] == 1
    assert all(b == 2 * a for a, b in zip(batches[:-2], batches[1:-1])), "powers of two, then the largest that fits"
    peaks = [p.peak_bytes for p in advice.curve]
    steps = [p.step_seconds for p in advice.curve]
    assert peaks == sorted(peaks) and peaks[-1] > peaks[0]
    assert steps == sorted(steps) and steps[-1] > steps[0]
    assert all(p.fits for p in advice.curve)


def test_the_memory_limit_is_the_largest_batch_that_fits(advice, sgd_step):
    largest = advice.limit("memory").batch
    capacity = load("gaudi").memory_bytes * 0.9
    assert estimate_graph(sgd_step[1].at(largest), "gaudi").memory.peak_bytes <= capacity
    assert estimate_graph(sgd_step[1].at(largest + 1), "gaudi").memory.peak_bytes > capacity
    assert advice.curve[-1].batch == largest


def test_the_knee_is_the_smallest_batch_near_the_best(advice):
    knee = advice.limit("throughput knee").batch
    best = max(p.samples_per_second for p in advice.curve)
    at_knee = next(p for p in advice.curve if p.batch == knee)
    assert at_knee.samples_per_second >= (1 - KNEE) * best
    assert all(p.samples_per_second < (1 - KNEE) * best for p in advice.curve if p.batch < knee)


def test_the_recommendation_respects_every_limit_and_names_the_binding_one(advice):
    assert advice.recommended == min(limit.batch for limit in advice.limits)
    assert {limit.name for limit in advice.limits} == {"memory", "throughput knee", "convergence"}
    assert advice.limit("convergence").batch == 4096 // 8
    binding = [limit for limit in advice.limits if limit.batch == advice.recommended]
    assert binding and binding[0].name in advice.binding
    if advice.binding.startswith("convergence"):
        assert advice.binding == "convergence at 8 devices"


def test_a_latency_bound_gives_the_largest_batch_within_it(sgd_step):
    open_ended = advise_batched(sgd_step[1], "gaudi", training=False)
    middle = open_ended.curve[len(open_ended.curve) // 2]
    bound_ms = middle.step_seconds * 1e3 * 1.01
    advice = advise_batched(sgd_step[1], "gaudi", training=False, options=Options(latency_ms=bound_ms))
    latency = advice.limit("latency").batch
    assert latency >= middle.batch
    assert estimate_graph(sgd_step[1].at(latency), "gaudi").step_seconds <= bound_ms / 1e3
    assert estimate_graph(sgd_step[1].at(latency + 1), "gaudi").step_seconds > bound_ms / 1e3
    assert advice.recommended <= latency
    with pytest.raises(BatchError, match="even batch 1 takes"):
        advise_batched(sgd_step[1], "gaudi", training=False, options=Options(latency_ms=1e-6))


def test_far_from_the_advice(advice, sgd_step):
    assert any("under a quarter" in p for p in far_from_advice(advice)), "batch 2 underuses the device"
    fitting = advice.limit("memory").batch
    over = advise_batched(sgd_step[1], "gaudi", training=True, options=Options(current=fitting + 1))
    assert any("more than the" in p for p in far_from_advice(over))
    capped = advise_batched(sgd_step[1], "gaudi", training=True, options=Options(
        current=64, devices=128, critical=CriticalBatch(4096, "test", "a test")))
    assert any("over the convergence cap" in p for p in far_from_advice(capped))
    at_it = advise_batched(sgd_step[1], "gaudi", training=True, options=Options(current=advice.recommended))
    assert far_from_advice(at_it) == [] or advice.recommended != at_it.recommended


def test_the_memory_model_splits_weights_slots_and_gradients(advice, sgd_step):
    memory = advice.memory
    assert memory.optimizer == "SGD(momentum)" and memory.optimizer_slots == memory.weights > 0
    assert memory.gradients == memory.weights
    assert memory.other_state > 0, "batch-norm statistics"
    assert memory.per_sample_bytes > 0 and memory.fixed_bytes > memory.weights
    assert is_training_step(sgd_step[0]) and optimizer_in(sgd_step[0]) == "SGD(momentum)"


def test_optimizer_slots_by_optimizer():
    assert [slots_per_weight(o) for o in ("SGD", "SGD(momentum)", "Adam", "RMSprop", "Adam(amsgrad=True)")] == \
        [0, 1, 2, 1, 3]
    assert slots_per_weight("MyOptimizer") is None and slots_per_weight(None) is None


def test_learning_rate_advice_follows_the_optimizer():
    assert "x4 with a gradual warm-up" in learning_rate_advice(64, 256, "SGD(momentum)")
    assert "x2, the square root" in learning_rate_advice(64, 256, "Adam")
    assert learning_rate_advice(64, 64, "Adam") is None


def test_published_critical_batches_are_cited():
    assert critical_batch("resnet50").batch == 32768
    assert critical_batch("examples/keras_applications.py:resnet50") is not None
    assert critical_batch("bert_large").batch == 32768
    assert critical_batch("mobilenetv2") is None
    for name in ("resnet50", "bert"):
        assert "arXiv:" in critical_batch(name).source


def test_the_simple_noise_scale_recovers_known_moments():
    gradient2, trace = 2.0, 300.0  # |G|^2 and tr(S): E|G_B|^2 = |G|^2 + tr(S) / B
    noise = NoiseScale(8, 32, gradient2 + trace / 8, gradient2 + trace / 32, 16)
    assert noise.gradient_norm2 == pytest.approx(gradient2)
    assert noise.trace == pytest.approx(trace)
    assert noise.simple == pytest.approx(150.0)
    assert noise.critical().batch == 150
    assert NoiseScale(8, 32, 1.0, 2.0, 16).simple is None, "no noise: the measurement cannot tell"


def test_memory_that_does_not_grow_with_the_batch_is_one_line():
    """Strings live on the host on Gaudi: nothing the device holds grows with the batch."""
    fn = tf.function(lambda s: tf.strings.to_number(s))
    with pytest.raises(BatchError, match="does not grow with the batch"):
        advise(fn, target="gaudi2", input_shapes=[((4,), "string")])


def test_unknown_shapes_are_one_line():
    model = keras.Sequential([keras.Input((None, 8)), keras.layers.Dense(4)])
    with pytest.raises(BatchError, match="unknown shapes"):
        advise(model, target="gaudi2")


def test_tfp801_is_ranked_as_no_share_of_the_step(sgd_step):
    """Another batch is another step: TFP801 says so instead of 'the step model does not price this fix'."""
    from tfperf.analyze import check_graph

    [finding] = check_graph(sgd_step[0], "gaudi", select=["TFP801"])
    assert "under a quarter" in finding.message
    assert finding.step.saving_seconds is None and finding.step.step_seconds > 0
    assert "samples/s" in finding.step.note


def test_the_measured_noise_scale_matches_a_linear_model_worked_out_by_hand():
    """y = w.x + e with x ~ N(0, I_d), e ~ N(0, s^2), a linear model at zero weights and mean squared
    error: the per-sample gradient is -2 y x, so |G|^2 = 4 |w|^2 and tr(S) = 4 (|w|^2 (d + 1) + s^2 d),
    B_simple = (d + 1) + s^2 d / |w|^2: 9 for d = 4, |w| = 1, s = 1."""
    from tfperf.batch.noise import measure_noise_scale

    d, batches = 4, 512
    rng = tf.random.Generator.from_seed(0)
    x = rng.normal((batches * 8, d))
    w = tf.constant([[1.0], [0.0], [0.0], [0.0]])
    y = x @ w + rng.normal((batches * 8, 1))
    model = keras.Sequential([keras.Input((d,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer="sgd", loss="mse")
    noise = measure_noise_scale(model, tf.data.Dataset.from_tensor_slices((x, y)).batch(8), batches=batches)
    assert (noise.b_small, noise.b_big, noise.estimates) == (8, 32, batches)
    assert noise.gradient_norm2 == pytest.approx(4.0, rel=0.25)
    assert noise.trace == pytest.approx(4 * (5 + 4), rel=0.25)
    assert noise.simple == pytest.approx(9.0, rel=0.3)


def test_the_optimizer_is_told_by_its_variables_when_keras_numbers_its_name():
    """The second SGD of a process is 'sgd_1' (its variables 'sgd_1/...'): still momentum SGD."""
    first, second = keras.optimizers.SGD(0.1, momentum=0.9), keras.optimizers.SGD(0.1, momentum=0.9)
    assert first.name != second.name
    graph = from_object(_cnn(second), "cnn", None, 2, train=True)
    assert optimizer_in(graph) == "SGD(momentum)"
