"""Property: on random small graphs of pads, convs, pools, transposes, elementwise ops, matmuls and
sums, the optimized function computes what the original computes (fresh random inputs each time)."""

from __future__ import annotations

import numpy as np
import tensorflow as tf
from hypothesis import HealthCheck, given, settings

from tfperf.rewrite import optimize
from random_graphs import programs

CASES = 200  # benchmarks/optimize_property.py runs thousands


def assert_same(expected, actual, tolerance=1e-5):
    assert len(expected) == len(actual)
    for e, a in zip(expected, actual):
        e, a = np.asarray(e, np.float64), np.asarray(a, np.float64)
        assert e.shape == a.shape and not np.isnan(a).any()
        assert np.max(np.abs(e - a), initial=0.0) <= tolerance * max(1.0, np.max(np.abs(e), initial=0.0))


@settings(max_examples=CASES, deadline=None, suppress_health_check=list(HealthCheck))
@given(program=programs())
def test_optimized_equals_original(program):
    build, shape, description = program
    model = build(tf)
    optimized = optimize(model, target="gaudi2", mme_reductions="always", verify=False)
    for _ in range(2):
        x = tf.random.normal(shape)
        assert_same(model(x), optimized(x)), description
