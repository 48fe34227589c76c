"""`tfperf optimize` on this machine: step time of original vs optimized, with TensorFlow's XLA
(jit_compile=True) on both as the anchor, and a control rebuilt from the frozen graph without
any pass (so a gain or loss of the rebuild itself is not credited to the passes).

Every variant of a model is timed in one process, interleaved call by call, after warm-up; the
table shows medians, the p10..p90 spread and ratios (> 1: faster than the original). A rewrite
that makes a model slower here shows as a ratio below 1.

    python benchmarks/optimize.py [--repeats 20] [--size 128] [--batch 4] [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parents[1]

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.capture import load_object  # noqa: E402
from tfperf.rewrite import optimize  # noqa: E402
from tfperf.rewrite.bench import grappler, time_interleaved  # noqa: E402
from tfperf.rewrite.freeze import node_count  # noqa: E402
from tfperf.rewrite.rebuild import Rebuilt  # noqa: E402


def guide_examples():
    """The guide's constructs as tf.functions: (name, function, mme_reductions)."""
    bias = tf.random.normal([64])

    @tf.function(input_signature=[tf.TensorSpec([32, 8000, 64], tf.float32)])
    def transposes_cancel(x):  # TFP102, the guide's tensor size
        y = tf.nn.relu(tf.transpose(x, (0, 2, 1)) * 1.234)
        return tf.transpose(y, (0, 2, 1)) + bias

    @tf.function(input_signature=[tf.TensorSpec([8, 12, 256, 64], tf.float32)] * 2)
    def attention_scores(q, k):  # TFP103
        return tf.nn.softmax(tf.matmul(q, tf.transpose(k, (0, 1, 3, 2))))

    @tf.function(input_signature=[tf.TensorSpec([32, 8732, 81], tf.float32)])
    def ssd_softmax_denominator(logits):  # TFP601, the guide's SSD loss (8732 boxes, 81 classes)
        shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
        return tf.reduce_sum(tf.exp(shifted), axis=-1)

    return [("guide pad + VALID conv", load_object(f"{ROOT}/examples/guide_pad.py:not_recommended"), None),
            ("transposes cancel", transposes_cancel, None),
            ("transpose into matmul", attention_scores, None),
            ("reduce_sum as matmul", ssd_softmax_denominator, "always")]


def keras_models(size: int):
    shape = (size, size, 3)
    return [("ResNet50", keras.applications.ResNet50(weights=None, input_shape=shape), None),
            ("MobileNetV2", keras.applications.MobileNetV2(weights=None, input_shape=shape), None),
            ("EfficientNetB0", keras.applications.EfficientNetB0(weights=None, input_shape=shape), None)]


def measure(name, model, mme, batch, repeats):
    result = optimize(model, mme_reductions=mme, draws=2, batch_size=batch)
    for_xla = optimize(model, mme_reductions=mme, draws=1, batch_size=batch, xla=True)  # no explicit pool paddings
    before, after = result.before, result.rebuilt.frozen
    args, _ = tf.nest.pack_sequence_as(after.input_signature, [
        tf.constant(np.random.default_rng().standard_normal([d or batch for d in s.shape]).astype(s.dtype.as_numpy_dtype))
        for s in after.flat_input_specs])
    original = result.original  # the traced ConcreteFunction: no tf.function dispatch in its time
    control = Rebuilt(before)
    xla_original = tf.function(lambda *a: original(*a), jit_compile=True)
    xla_optimized = tf.function(for_xla.rebuilt._call, jit_compile=True)
    t = time_interleaved({"original": lambda: original(*args), "optimized": lambda: result(*args),
                          "control": lambda: control(*args), "xla original": lambda: xla_original(*args),
                          "xla optimized": lambda: xla_optimized(*args)}, repeats)
    sites = sum(len(p.sites) for p in result.report.passes)
    grappled = f"{node_count(before, grappler(before))} -> {node_count(after, grappler(after))}"
    return [name, str(sites), f"{result.report.nodes[0]} -> {result.report.nodes[1]}", grappled,
            _ms(t["original"]), _ms(t["optimized"]), _ratio(t["original"], t["optimized"]),
            _ratio(t["original"], t["control"]), _ms(t["xla original"]), _ms(t["xla optimized"]),
            _ratio(t["xla original"], t["xla optimized"])]


def _ms(t) -> str:
    return f"{t.median * 1e3:8.2f} ±{t.spread / 2:4.0%}"


def _ratio(base, new) -> str:
    return f"{base.median / new.median:5.2f}x"


HEADER = ["model", "sites", "nodes", "after Grappler", "original ms", "optimized ms", "ratio", "no-pass control",
          "XLA orig ms", "XLA opt ms", "XLA ratio"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--size", type=int, default=128, help="image size of the Keras models")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--only", help="run only the models whose name contains this")
    a = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, {os.cpu_count()} CPU cores; median of {a.repeats} interleaved calls "
          f"after warm-up; Keras models {a.size}x{a.size}, batch {a.batch}; ratio = original / optimized")
    rows = [HEADER]
    for name, model, mme in guide_examples() + keras_models(a.size):
        if a.only and a.only.lower() not in name.lower():
            continue
        rows.append(measure(name, model, mme, a.batch, a.repeats))
        _print(rows[-1:], widths=_widths(rows)) if len(rows) == 2 else None
    print()
    _print(rows, _widths(rows))


def _widths(rows):
    return [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]


def _print(rows, widths) -> None:
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
