"""Thousands of random graphs through `tfperf optimize`: optimized == original on each (the CI
property test runs a few hundred). Prints how often each pass fired and the worst error seen.

    python benchmarks/optimize_property.py [CASES]
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "rewrite"))

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from random_graphs import programs  # noqa: E402

from tfperf.rewrite import optimize  # noqa: E402

CASES = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
fired: Counter = Counter()
worst = [0.0]


@settings(max_examples=CASES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(program=programs(max_blocks=5))
def check(program):
    build, shape, description = program
    model = build(tf)
    optimized = optimize(model, mme_reductions="always", verify=False)
    for p in optimized.report.passes:
        fired[p.name] += len(p.sites)
    fired["cases"] += 1
    for _ in range(2):
        x = tf.random.normal(shape)
        for e, a in zip(model(x), optimized(x)):
            e, a = np.asarray(e, np.float64), np.asarray(a, np.float64)
            assert e.shape == a.shape and not np.isnan(a).any(), description
            error = np.max(np.abs(e - a), initial=0.0) / max(1.0, np.max(np.abs(e), initial=0.0))
            worst[0] = max(worst[0], error)
            assert error <= 1e-5, f"{description}: relative error {error:.3g}"


if __name__ == "__main__":
    start = time.perf_counter()
    check()
    print(f"{fired.pop('cases')} random graphs, optimized == original on every one "
          f"(worst normwise relative error {worst[0]:.2g}) in {time.perf_counter() - start:.0f} s")
    print("sites rewritten: " + ", ".join(f"{name} {n}" for name, n in sorted(fired.items())))
