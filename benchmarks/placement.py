"""What placement costs to work out, and what a host fallback costs to run.

1. Analysis: per model, tfperf's capture next to each placement source (op list, XLA registry,
   and a run on this machine's accelerator when it has one), as ratios to the capture.
2. The fix: examples/guide_placement.py's `not_recommended` (numpy_function and string ops in
   the middle of the model) against `recommended` (the same in TensorFlow ops), step time on this
   machine's accelerator, or the CPU. With `--xla-device`, XLA's CPU device stands in for an
   accelerator, so soft placement really sends the string ops to the host as on a device.

Medians of interleaved repetitions, in one process.

    python benchmarks/placement.py [--reps 7] [--xla-device]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if "--xla-device" in sys.argv:  # must be set before TensorFlow starts
    os.environ["TF_XLA_FLAGS"] = "--tf_xla_enable_xla_devices"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf import targets  # noqa: E402
from tfperf.capture import from_keras  # noqa: E402
from tfperf.capture.placement import predict, run_placed  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
sys.path.insert(0, str(EXAMPLES))
import guide_placement  # noqa: E402

GAUDI2, A100 = targets.load("gaudi2"), targets.load("a100")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def accelerator() -> str | None:
    devices = [d.name for d in tf.config.list_logical_devices() if d.device_type != "CPU"]
    return devices[0] if devices else None


def analysis(reps: int) -> None:
    print(f"{'model':<14}{'nodes':>7}{'capture':>10}{'op list':>10}{'XLA':>10}{'run':>10}   (ratios to capture)")
    device = accelerator()
    for name, build in {"ResNet50": lambda: keras.applications.ResNet50(weights=None),
                        "MobileNetV2": lambda: keras.applications.MobileNetV2(weights=None)}.items():
        model = build()
        graph = from_keras(model, batch_size=8)
        predict(graph, A100, xla=True)  # warm-up: XLA registers its kernels on first use
        concrete = tf.function(lambda x, m=model: m(x, training=False)).get_concrete_function(
            tf.TensorSpec([8, *model.input_shape[1:]], tf.float32))
        times: dict[str, list[float]] = {"capture": [], "op list": [], "XLA": [], "run": []}
        for _ in range(reps):
            times["capture"].append(timed(lambda: from_keras(model, batch_size=8)))
            times["op list"].append(timed(lambda: predict(graph, GAUDI2)))
            times["XLA"].append(timed(lambda: predict(graph, A100, xla=True)))
            if device:
                times["run"].append(timed(lambda: run_placed(concrete, device)))
        capture = statistics.median(times["capture"])
        ratios = [f"{statistics.median(times[k]) / capture:>10.3f}" if times[k] else f"{'-':>10}"
                  for k in ("op list", "XLA", "run")]
        print(f"{name:<14}{len(graph):>7}{capture * 1e3:>8.0f}ms{''.join(ratios)}")


def step_time(reps: int) -> None:
    device = accelerator() or "/device:CPU:0"
    x = tf.random.normal([guide_placement.BATCH, guide_placement.WIDTH])

    def placed(fn):
        @tf.function(autograph=False)
        def step(features):
            with tf.device(device):
                return fn(features)
        step(x)  # trace and warm up
        return step

    slow, fast = placed(guide_placement.not_recommended), placed(guide_placement.recommended)
    calls = 50
    slow_times, fast_times = [], []
    for _ in range(reps):  # interleaved, so drift hits both alike
        slow_times.append(timed(lambda: [slow(x) for _ in range(calls)]) / calls)
        fast_times.append(timed(lambda: [fast(x) for _ in range(calls)]) / calls)
    s, f = statistics.median(slow_times), statistics.median(fast_times)
    print(f"\nguide_placement on {device}: not_recommended {s * 1e6:.0f} µs/step, recommended {f * 1e6:.0f} µs/step, "
          f"ratio {s / f:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--xla-device", action="store_true", help="use XLA's CPU device as the accelerator")
    args = parser.parse_args()
    analysis(args.reps)
    step_time(args.reps)


if __name__ == "__main__":
    main()
