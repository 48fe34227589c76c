"""How long tfperf's capture + analysis takes, next to the time TensorFlow itself takes to trace.

For each model: TensorFlow's own trace (tf.function -> concrete function), tfperf's capture (the same
trace plus the walk into the IR) and tfperf's analysis (all rules). Median of N repetitions, in one
process, with the ratio tfperf / TensorFlow.

    python benchmarks/capture_speed.py [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.analyze import check_graph  # noqa: E402
from tfperf.capture import from_keras  # noqa: E402

MODELS = {
    "ResNet50": lambda: keras.applications.ResNet50(weights=None),
    "EfficientNetB0": lambda: keras.applications.EfficientNetB0(weights=None),
    "MobileNetV2": lambda: keras.applications.MobileNetV2(weights=None),
}


def tf_trace(model) -> float:
    spec = tf.TensorSpec([8, *model.input_shape[1:]], tf.float32)
    start = time.perf_counter()
    tf.function(lambda x: model(x, training=False)).get_concrete_function(spec)
    return time.perf_counter() - start


def tfperf_capture(model):
    start = time.perf_counter()
    graph = from_keras(model, batch_size=8)
    captured = time.perf_counter()
    findings = check_graph(graph, "gaudi2")
    return captured - start, time.perf_counter() - captured, len(graph), len(findings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    print(f"{'model':<16}{'nodes':>7}{'TF trace':>11}{'capture':>11}{'analysis':>11}{'tfperf/TF':>11}  findings")
    for name, build in MODELS.items():
        model = build()
        tf_trace(model)  # warm-up: first calls build Keras state and import TF's lazy modules
        tf_times, cap_times, ana_times = [], [], []
        for _ in range(args.reps):
            tf_times.append(tf_trace(model))
            cap, ana, nodes, found = tfperf_capture(model)
            cap_times.append(cap)
            ana_times.append(ana)
        t, c, a = (statistics.median(x) for x in (tf_times, cap_times, ana_times))
        print(f"{name:<16}{nodes:>7}{t:>10.2f}s{c:>10.2f}s{a:>10.3f}s{(c + a) / t:>10.2f}x  {found}")
    print(f"median of {args.reps}; capture includes TensorFlow's trace, so tfperf/TF - 1 is tfperf's own overhead")


if __name__ == "__main__":
    main()
