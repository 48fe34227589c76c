"""Models with control flow, open batch dimensions and state: optimized correctly (While/If bodies
left as they are) or refused with one clear line, never silently wrong."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfperf.rewrite import RewriteError, optimize

PAD = [[0, 0], [1, 1], [1, 1], [0, 0]]
weights = tf.Variable(tf.random.normal([3, 3, 4, 4]) * 0.3)


@tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 4], tf.float32)])
def looped(x):
    x = tf.nn.conv2d(tf.pad(x, PAD), weights, 1, "VALID")  # top level: folded

    def body(i, y):  # inside the While body: left as it is
        return i + 1, tf.nn.conv2d(tf.pad(tf.nn.relu(y), PAD), weights, 1, "VALID")

    _, y = tf.while_loop(lambda i, y: i < 3, body, [0, x])
    y = tf.cond(tf.reduce_sum(y) > 0, lambda: tf.transpose(tf.transpose(y, (0, 2, 1, 3)) * 2.0, (0, 2, 1, 3)),
                lambda: y - 1.0)
    return {"y": y, "t": tf.transpose(tf.nn.relu(tf.transpose(y, (0, 3, 1, 2))), (0, 2, 3, 1))}


def test_while_and_cond_models_are_optimized_at_the_top_level_and_stay_equal(tmp_path):
    optimized = optimize(looped)
    rewritten = {p.name: len(p.sites) for p in optimized.report.passes if p.sites}
    assert rewritten == {"fold-pads": 1, "cancel-transposes": 1}
    assert any("function bodies" in note for note in optimized.report.notes)
    optimized.save(str(tmp_path / "saved"))
    loaded = tf.saved_model.load(str(tmp_path / "saved"))
    for batch in (1, 5):  # the batch dimension is open: any size runs, and runs the same
        x = tf.random.normal([batch, 8, 8, 4])
        expected = looped(x)
        for actual in (optimized(x), loaded(x)):
            for key in expected:
                np.testing.assert_allclose(actual[key], expected[key], rtol=1e-5, atol=1e-5)


def test_state_changes_and_lookup_tables_are_refused_with_one_line():
    counter = tf.Variable(0.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def counting(x):
        counter.assign_add(1.0)
        return x * counter

    table = tf.lookup.StaticHashTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([1, 2], tf.int64), tf.constant([1.0, 2.0])), -1.0)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int64)])
    def lookup(ids):
        return table.lookup(ids)

    with pytest.raises(RewriteError, match=r"changes state \(AssignAddVariableOp\)"):
        optimize(counting)
    with pytest.raises(RewriteError, match="resources that cannot be frozen"):
        optimize(lookup)
