"""tfperf.data: finalize keeps every element and its order; measure/profile count right and find the
slow stage (asserted by order of rates, never by absolute times)."""

from __future__ import annotations

import time

import numpy as np
import pytest
import tensorflow as tf

from tfperf.capture.dataset import from_dataset
from tfperf.data import finalize, measure, profile


def _elements(dataset) -> list:
    return [tf.nest.map_structure(lambda t: t.numpy(), e) for e in dataset]


def _assert_same_elements(before, after):
    assert len(before) == len(after) and before
    for a, b in zip(before, after):
        for x, y in zip(tf.nest.flatten(a), tf.nest.flatten(b)):
            assert np.all(np.isfinite(x)), "the data itself must be finite for the comparison to mean anything"
            np.testing.assert_array_equal(x, y)


def _images():
    return np.random.default_rng().normal(size=(37, 6, 6, 3)).astype("float32")


def _seeded_pipeline(autotune: bool) -> tf.data.Dataset:
    """Shuffle with a seed, a seeded random augmentation, a stateless map, a partial last batch."""
    ds = tf.data.Dataset.from_tensor_slices(_images()).shuffle(16, seed=5, reshuffle_each_iteration=False)
    ds = ds.map(lambda x: x + tf.random.uniform([], seed=11))  # stateful: TF keeps it sequential
    ds = ds.map(lambda x: x * 2.0 - 1.0).batch(8)
    if not autotune:
        options = tf.data.Options()
        options.autotune.enabled = False
        ds = ds.with_options(options)
    return ds


@pytest.mark.parametrize("autotune", [True, False])
def test_finalize_keeps_the_elements_and_their_order(autotune):
    ds = _seeded_pipeline(autotune)
    before = _elements(ds)
    _assert_same_elements(before, _elements(ds))  # the pipeline itself is deterministic
    fixed, changes = finalize(ds, target="cpu")
    _assert_same_elements(before, _elements(fixed))
    assert any("prefetch(tf.data.AUTOTUNE)" in c for c in changes)
    assert any("autotune" in c for c in changes) != autotune
    end = from_dataset(fixed).chain()[-1]
    assert end.method == "prefetch" and from_dataset(fixed).options.autotune


def test_finalize_prefetches_to_a_device_and_is_idempotent():
    ds = tf.data.Dataset.from_tensor_slices(_images()).batch(4)
    fixed, changes = finalize(ds, device="/cpu:0")
    assert [s.method for s in from_dataset(fixed).chain()][-3:] == ["prefetch", "copy_to_device", "prefetch"]
    _assert_same_elements(_elements(ds), _elements(fixed))
    assert len(changes) == 2
    again, more = finalize(fixed, device="/cpu:0")
    assert more == () and again is fixed


def test_finalize_adds_no_device_copy_without_the_device():
    fixed, changes = finalize(tf.data.Dataset.range(4).prefetch(1), target="gaudi2")  # no HPU on this machine
    assert changes == ()


def test_finalize_refuses_a_distributed_dataset():
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    with pytest.raises(TypeError, match="before handing it to the strategy"):
        finalize(strategy.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(2)))


def test_measure_counts_elements_and_examples_and_starts_the_pipeline_again():
    batches = [min(10, 103 - start) for start in range(0, 103, 10)]  # range(103).batch(10): 10 x 10, then 3
    rate = measure(tf.data.Dataset.range(103).batch(10), seconds=30.0, max_elements=25)
    timed = (batches[1:] + batches + batches)[:25]  # the very first batch is not timed
    assert (rate.elements, rate.examples, rate.passes) == (25, sum(timed), 3)
    assert rate.examples_per_second == pytest.approx(sum(timed) / 25 * rate.elements_per_second)
    assert measure(tf.data.Dataset.range(0)).elements == 0


def _sleep(x):
    time.sleep(0.01)
    return x


def _sleep_long(x):
    time.sleep(1.3)
    return x


def test_a_slow_element_is_not_a_stall():
    """Elements of 1.3 s measured for 1 s: the one in flight at the end has taken all of it, so it is
    waited for (up to STALL_AFTER) and counted, not reported as a stall (on a loaded host, one batch
    of a sequential pipeline took most of a stage's share and `tfperf data` said it stalled)."""
    ds = tf.data.Dataset.range(100).map(lambda x: tf.py_function(_sleep_long, [x], tf.int64))
    rate = measure(ds, seconds=1.0)
    assert rate.stalled is None
    assert rate.elements == 1 and rate.seconds > 1.0


def test_profile_finds_the_slow_stage():
    ds = tf.data.Dataset.range(100_000).map(lambda x: x + 1, num_parallel_calls=2)
    ds = ds.map(lambda x: tf.py_function(_sleep, [x], tf.int64))
    ds = ds.map(lambda x: x * 2).batch(4)
    result = profile(ds, seconds=3.0)
    rates = {r.stage.call(): r.throughput.examples_per_second for r in result.stages}
    assert len(result.stages) == 5
    slowest = result.slowest()
    assert slowest is not None and slowest.stage.functions[0].python  # the py_function map
    assert rates[".range()"] > 3 * slowest.throughput.examples_per_second
    assert result.overall.elements > 0 and result.overall.passes == 1
