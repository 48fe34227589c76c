"""The pipeline side of TFP401/TFP402/TFP404 says what TensorFlow does by itself: a final prefetch it injects,
a map and batch it fuses, a stateless map it parallelizes are info findings that say so; the same
pipelines with those rewrites turned off are plain warnings."""

from __future__ import annotations

import tensorflow as tf

from tfperf.analyze import check_pipeline
from tfperf.capture.dataset import from_dataset
from tfperf.findings import Severity


def _findings(dataset, code):
    return check_pipeline(from_dataset(dataset), "cpu", select=[code])


def _options(**optimization):
    options = tf.data.Options()
    for name, value in optimization.items():
        if name == "autotune":
            options.autotune.enabled = value
        else:
            setattr(options.experimental_optimization, name, value)
    return options


def test_an_injected_prefetch_is_reported_as_such():
    (finding,) = _findings(tf.data.Dataset.range(64).batch(8), "TFP401")
    assert finding.severity is Severity.INFO
    assert f"TensorFlow {tf.__version__} injects prefetch(AUTOTUNE)" in finding.message


def test_without_the_injection_it_is_a_plain_warning():
    for options in (_options(autotune=False), _options(inject_prefetch=False)):
        (finding,) = _findings(tf.data.Dataset.range(64).batch(8).with_options(options), "TFP401")
        assert finding.severity is Severity.WARNING and "injects" not in finding.message
        assert "the device waits" in finding.message


def test_a_fused_map_and_batch_is_reported_as_such_even_without_autotune():
    ds = tf.data.Dataset.range(64).map(lambda x: x + 1).batch(8)
    (finding,) = _findings(ds.with_options(_options(autotune=False)), "TFP401")
    assert finding.severity is Severity.INFO and "asynchronous map_and_batch" in finding.message
    (unfused,) = _findings(ds.with_options(_options(autotune=False, map_and_batch_fusion=False)), "TFP401")
    assert unfused.severity is Severity.WARNING


def test_an_asynchronous_last_stage_is_info():
    (finding,) = _findings(tf.data.Dataset.range(64).batch(8).map(lambda x: x, num_parallel_calls=2), "TFP401")
    assert finding.severity is Severity.INFO and "asynchronous" in finding.message


def test_work_after_a_prefetch_is_info_where_tf_overlaps_the_end_and_a_warning_where_nothing_does():
    after = tf.data.Dataset.range(64).prefetch(2).batch(8)
    (injected,) = _findings(after, "TFP402")
    assert injected.severity is Severity.INFO and "injects prefetch(AUTOTUNE)" in injected.message
    for options in (_options(autotune=False), _options(inject_prefetch=False)):
        (finding,) = _findings(after.with_options(options), "TFP402")
        assert finding.severity is Severity.WARNING and "not overlapped" in finding.message
    # a last stage that runs ahead by itself overlaps the work before it without the injection
    (asynchronous,) = _findings(tf.data.Dataset.range(64).prefetch(2).map(lambda x: x, num_parallel_calls=2)
                                .with_options(_options(inject_prefetch=False)), "TFP402")
    assert asynchronous.severity is Severity.INFO and "asynchronous" in asynchronous.message


def test_a_stateless_map_tf_parallelizes_is_info_a_stateful_one_a_warning():
    stateless = tf.data.Dataset.range(64).map(lambda x: x * 2).prefetch(1)
    (info,) = _findings(stateless, "TFP404")
    assert info.severity is Severity.INFO and "parallelizes this stateless map itself" in info.message
    (off,) = _findings(stateless.with_options(_options(map_parallelization=False)), "TFP404")
    assert off.severity is Severity.WARNING
    stateful = tf.data.Dataset.range(64).map(lambda x: x + tf.random.uniform([], maxval=2, dtype=tf.int64))
    (warning,) = _findings(stateful.prefetch(1), "TFP404")
    assert warning.severity is Severity.WARNING and "stateful" in warning.message


def test_a_vectorizable_map_needs_elementwise_ops_and_broadcasting_constants():
    images = tf.data.Dataset.from_tensor_slices(tf.zeros([16, 4, 4, 3]))

    def vectorizable(function) -> bool:
        ds = images.map(function, num_parallel_calls=2).batch(4).prefetch(1)
        return any("elementwise" in f.message for f in _findings(ds, "TFP404"))

    assert vectorizable(lambda x: (x - tf.constant([0.5, 0.4, 0.3])) * 2.0)  # per-channel: broadcasts alike
    assert not vectorizable(lambda x: tf.reshape(x, [-1]))  # not elementwise
    assert not vectorizable(lambda x: x + tf.ones([1, 4, 4, 3]))  # adds an axis per element, not per batch
    assert not vectorizable(lambda x: x + tf.random.uniform([]))  # one draw per element, not per batch
