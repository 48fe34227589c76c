"""How close tfperf's step model comes to measured step times on this CPU, and what it predicts for
Gaudi and GPUs from their datasheets.

1. Calibrate a CPU target here (`tfperf targets calibrate`), or read one with --target FILE.
2. For a zoo built offline (weights=None): keras.applications ResNet50, MobileNetV2, EfficientNetB0,
   DenseNet121; a small Transformer encoder; a BERT-base-sized encoder (Keras 3 layers, no download),
   inference and training step (model.train_step with Adam): the predicted step time on the
   calibrated target next to the measured one (the median and the fastest of --runs calls of the
   same tf.function; the steps are measured round-robin, after warm-up calls), the errors, and the
   mean absolute percentage error (MAPE). The machine's speed drifts when other work shares its
   cores, so each run is preceded by a float32 MatMul probe, and "norm." is the median of run time x
   (probe speed / calibrated speed): the run as it would have taken on the machine as calibrated (a
   first-order correction: exact for compute-bound steps only). With --profile each step is then
   profiled (3 calls, tf.profiler) and read back as `tfperf estimate --profile` reads it: the
   predicted and profiled time per op class, per step and summed over the zoo.
3. Predicted training samples/s for Keras ResNet50 (mixed_bfloat16, batch 256) and a
   BERT-Large-sized encoder (seq 128, batch 64, mixed_bfloat16) on gaudi, gaudi2, gaudi3, a100, h100:
   datasheet figures only, nothing fitted to a published throughput.
4. The estimator's own speed: a ResNet50 training step, and graphs of up to ~100k ops (copies of it).

    python benchmarks/step_model.py                       # all of it (~10 min on 2 cores)
    python benchmarks/step_model.py --target here.toml --models resnet50,bert_base --runs 5
    python benchmarks/step_model.py --skip-measure         # only the accelerator predictions and speed
    python benchmarks/step_model.py --profile --skip-accelerators   # with the per-op-class errors

Run it on a quiet machine: the measured times (and the calibration) are only as good as that.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf import targets  # noqa: E402
from tfperf.capture import from_keras, from_training  # noqa: E402
from tfperf.cost.estimate import estimate_graph  # noqa: E402
from tfperf.ir import Graph, Node, TensorRef  # noqa: E402

ACCELERATORS = ("gaudi", "gaudi2", "gaudi3", "a100", "h100")


# ---------------------------------------------------------------------------------------------
# the zoo


def encoder(name: str, *, layers: int, width: int, heads: int, ff: int, seq: int, vocab: int,
            classes: int = 2, dropout: float = 0.1) -> keras.Model:
    """A BERT-style encoder in Keras 3 layers: token + position embeddings, post-LN blocks of
    multi-head self-attention and a GELU feed-forward, a classifier on the first token."""
    tokens = keras.Input((seq,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(vocab, width, name="token_embedding")(tokens)
    positions = keras.layers.Embedding(seq, width, name="position_embedding")(keras.ops.arange(seq))
    x = keras.layers.LayerNormalization(epsilon=1e-12, name="embedding_norm")(x + positions)
    x = keras.layers.Dropout(dropout)(x)
    for i in range(layers):
        attention = keras.layers.MultiHeadAttention(heads, width // heads, dropout=dropout, name=f"attention_{i}")
        x = keras.layers.LayerNormalization(epsilon=1e-12, name=f"attention_norm_{i}")(
            x + keras.layers.Dropout(dropout)(attention(x, x)))
        h = keras.layers.Dense(ff, activation="gelu", name=f"ff_in_{i}")(x)
        h = keras.layers.Dense(width, name=f"ff_out_{i}")(h)
        x = keras.layers.LayerNormalization(epsilon=1e-12, name=f"ff_norm_{i}")(x + keras.layers.Dropout(dropout)(h))
    pooled = keras.layers.Dense(width, activation="tanh", name="pooler")(x[:, 0])
    return keras.Model(tokens, keras.layers.Dense(classes, name="classifier")(pooled), name=name)


IMAGE = ((224, 224, 3), "float32", 1000, False)  # input shape, dtype, classes, logits (else softmax)
TOKENS = ((128,), "int32", 2, True)
ZOO = {  # name: (build, input, batch)
    "resnet50": (lambda: keras.applications.ResNet50(weights=None), IMAGE, 8),
    "mobilenet_v2": (lambda: keras.applications.MobileNetV2(weights=None), IMAGE, 8),
    "efficientnet_b0": (lambda: keras.applications.EfficientNetB0(weights=None), IMAGE, 8),
    "densenet121": (lambda: keras.applications.DenseNet121(weights=None), IMAGE, 8),
    "transformer_small": (lambda: encoder("transformer_small", layers=2, width=256, heads=4, ff=1024, seq=128,
                                          vocab=8000), TOKENS, 8),
    "bert_base": (lambda: encoder("bert_base", layers=12, width=768, heads=12, ff=3072, seq=128, vocab=30522),
                  TOKENS, 4),
}


def random_batch(shape, dtype, classes, batch):
    if dtype == "int32":
        x = tf.random.uniform((batch, *shape), 0, 1000, dtype=tf.int32)
    else:
        x = tf.random.normal((batch, *shape))
    y = tf.random.uniform((batch,), 0, classes, dtype=tf.int32)
    return x, y


def measure(fn, args, runs: int) -> tuple[float, float]:
    """(median, fastest) seconds of `runs` calls after two warm-up calls."""
    for _ in range(2):
        tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, fn(*args))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, fn(*args))
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def matmul_probe(reps: int = 3) -> float:
    """FLOP/s of a float32 1024^3 MatMul right now (the machine's speed drifts when others share it)."""
    a = tf.random.normal([1024, 1024])
    f = tf.function(lambda x: tf.linalg.matmul(x, x))
    f(a).numpy()
    best = min(_timed(lambda: f(a).numpy()) for _ in range(reps))
    return 2 * 1024 ** 3 / best


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def profiled(fn, args, estimate, steps: int = 3):
    """A TensorFlow profile of `steps` calls of `fn` (after the warm-up already done), read back the way
    `tfperf estimate --profile` reads one and set beside `estimate` (a tfperf.cost.measured.Comparison)."""
    import tempfile

    from tfperf.capture.profile import read_profile
    from tfperf.cost.measured import compare

    logdir = tempfile.mkdtemp(prefix="tfperf_profile_")
    tf.profiler.experimental.start(logdir)
    for _ in range(steps):
        tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, fn(*args))
    tf.profiler.experimental.stop()
    return compare(estimate, read_profile(logdir))


def compare(names, target, runs: int, profile: bool = False):
    """Capture and predict every step first; then measure them round-robin, `runs` rounds, so that
    each step's runs spread over the whole measurement (the machine's speed drifts when others
    share its cores) and the fastest ones come from its quiet moments."""
    steps = []  # (name, mode, batch, ops, predicted, function, arguments)
    for name in names:
        build, (shape, dtype, classes, logits), batch = ZOO[name]
        model = build()
        x, y = random_batch(shape, dtype, classes, batch)
        graph = from_keras(model, [((batch, *shape), dtype)], origin=name)
        infer = tf.function(lambda v, m=model: m(v, training=False))
        steps.append((name, "inference", batch, len(graph), estimate_graph(graph, target), infer, (x,)))
        model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=logits))
        graph = from_training(model, [((batch, *shape), dtype)], label_specs=[((batch,), "int32")], origin=name)
        train = tf.function(lambda a, b, m=model: m.train_step((a, b)))
        steps.append((name, "train", batch, len(graph), estimate_graph(graph, target), train, (x, y)))
        print(f"  captured and estimated {name}", flush=True)
    for *_, fn, args in steps:
        measure(fn, args, 1)  # trace and warm up
    times: list[list[float]] = [[] for _ in steps]
    speeds: list[list[float]] = [[] for _ in steps]
    calibrated = target.engine_for("matrix").matrix_peak.get("float32", 0.0)
    for _ in range(runs):
        for k, (*_, fn, args) in enumerate(steps):
            speeds[k].append(matmul_probe(2) / calibrated)  # the machine's speed right before the step
            times[k].append(_timed(lambda: tf.nest.map_structure(
                lambda t: t.numpy() if hasattr(t, "numpy") else t, fn(*args))))
    every = [v for k in speeds for v in k]
    print(f"  machine speed during the rounds (float32 matmul vs calibration): {min(every):.2f}x .. "
          f"{max(every):.2f}x, median {statistics.median(every):.2f}x", flush=True)
    print(f"\n{'model':<18}{'mode':<10}{'batch':>4}{'ops':>7}{'pred. ms':>10}{'median':>10}{'error':>9}"
          f"{'fastest':>10}{'error':>9}{'norm.':>10}{'error':>9}   largest predicted class")
    rows, comparisons = [], []
    for k, (name, mode, batch, ops, predicted, fn, args) in enumerate(steps):
        normalized = statistics.median(t * v for t, v in zip(times[k], speeds[k]))
        rows.append((name, mode, batch, ops, predicted, (statistics.median(times[k]), min(times[k]), normalized)))
        print(_row(*rows[-1]), flush=True)
        if profile:
            comparisons.append(profiled(fn, args, predicted))
            _print_classes(comparisons[-1])
    if comparisons:
        _print_class_errors(comparisons)
    return rows


def _print_classes(m) -> None:
    cells = []
    for row in m.by_class:
        p, t = row.predicted * 1e3, row.measured * 1e3
        if max(p, t) >= 0.5:
            err = f"{100 * row.error:+.0f}%" if row.error is not None else "n/a"
            cells.append(f"{row.name} {p:.1f}/{t:.1f} ms ({err})")
    step = f"{m.profile.step_seconds * 1e3:.1f} ms" if m.profile.step_seconds else "?"
    print(f"      profiled step {step} ({100 * m.matched_share:.0f}% of op time matched); per class, "
          "predicted/profiled: " + "; ".join(cells), flush=True)


def _print_class_errors(comparisons) -> None:
    """Per op class over the zoo: predicted and profiled time summed over every step, and the mean
    absolute error of the classes' per-step predictions where the class took >= 1 ms."""
    totals: dict[str, list] = {}
    for m in comparisons:
        for row in m.by_class:
            entry = totals.setdefault(row.name, [0.0, 0.0, []])
            entry[0] += row.predicted
            entry[1] += row.measured
            if row.measured >= 1e-3:
                entry[2].append(abs(row.error))
    print(f"\n{'per op class, whole zoo':<24}{'pred. ms':>10}{'profiled':>10}{'error':>9}{'MAPE':>8}{'steps':>7}")
    for name, (p, t, errors) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
        if max(p, t) < 1e-3:
            continue
        err = f"{100 * (p - t) / t:+.0f}%" if t > 0 else "n/a"
        mape = f"{100 * np.mean(errors):.0f}%" if errors else "-"
        print(f"{name:<24}{p * 1e3:>10.1f}{t * 1e3:>10.1f}{err:>9}{mape:>8}{len(errors):>7}")


def _row(name, mode, batch, ops, predicted, measured) -> str:
    p = predicted.step_seconds
    cells = "".join(f"{m * 1e3:>10.1f}{100 * (p - m) / m:>+8.1f}%" for m in measured)
    top = max(predicted.by_class.items(), key=lambda kv: kv[1])[0] if predicted.by_class else "-"
    return f"{name:<18}{mode:<10}{batch:>4}{ops:>7}{p * 1e3:>10.1f}{cells}   {top}, unknown {predicted.ops_unknown}"


# ---------------------------------------------------------------------------------------------
# accelerators, from datasheets


def accelerator_predictions():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        rn = keras.applications.ResNet50(weights=None)
        rn.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
        rn_graph = from_training(rn, [((256, 224, 224, 3), "float32")], label_specs=[((256,), "int32")],
                                 origin="ResNet50 bf16 b256")
        del rn
        keras.backend.clear_session()
        keras.mixed_precision.set_global_policy("mixed_bfloat16")  # clear_session resets the policy
        bert = encoder("bert_large", layers=24, width=1024, heads=16, ff=4096, seq=128, vocab=30522)
        bert.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        bert_graph = from_training(bert, [((64, 128), "int32")], label_specs=[((64,), "int32")],
                                   origin="BERT-Large encoder bf16 b64 s128")
        del bert
    finally:
        keras.mixed_precision.set_global_policy("float32")
    print(f"\n{'predicted training samples/s':<34}" + "".join(f"{t:>10}" for t in ACCELERATORS))
    for graph in (rn_graph, bert_graph):
        results = [estimate_graph(graph, t) for t in ACCELERATORS]
        print(f"{graph.origin:<34}" + "".join(f"{r.samples_per_second:>10.0f}" for r in results))
        flops: dict[str, int] = {}
        for c in results[0].costs:
            if c.priced and c.op_class == "matrix":
                flops[c.dtype] = flops.get(c.dtype, 0) + c.flops
        total = sum(flops.values()) or 1
        print("    matrix FLOPs per step: " + ", ".join(f"{d} {100 * f / total:.0f}%" for d, f in flops.items())
              + f" of {total / 1e12:.2f} TFLOP")
        for r in results:
            lanes = ", ".join(f"{lane} {r.busy_percent(lane):.0f}%" for lane in r.busy)
            print(f"    {r.target.name:<7} step {r.step_seconds * 1e3:8.2f} ms  busy {lanes}; "
                  f"memory {r.memory.peak_bytes / 1e9:.1f} of {r.target.memory_bytes / 1e9:.0f} GB; "
                  f"unknown {r.ops_unknown}")
    return rn_graph


# ---------------------------------------------------------------------------------------------
# the estimator's speed


def copies(graph: Graph, k: int) -> Graph:
    """`k` disjoint copies of `graph` (renamed), to time the estimator on bigger graphs."""
    nodes = []
    for c in range(k):
        prefix = f"copy{c}/"
        for n in graph.nodes:
            nodes.append(Node(prefix + n.name, n.op, tuple(TensorRef(prefix + r.node, r.index) for r in n.inputs),
                              tuple(prefix + x for x in n.control_inputs), n.attrs, n.output_shapes,
                              n.output_dtypes, n.device, n.function, n.source, n.layer, n.value, n.variable))
    return Graph(nodes, origin=f"{graph.origin} x{k}", functions=graph.functions)


def speed(graph: Graph):
    print(f"\n{'estimator speed (gaudi2)':<34}{'ops':>8}{'seconds':>10}{'µs/op':>8}")
    for k in (1, 2, 4, 8, 11):
        big = copies(graph, k) if k > 1 else graph
        times = []
        for _ in range(3):
            start = time.perf_counter()
            estimate_graph(big, "gaudi2")
            times.append(time.perf_counter() - start)
        best = min(times)
        print(f"{big.origin:<34}{len(big):>8}{best:>10.3f}{best / len(big) * 1e6:>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", help="a calibrated target file (default: calibrate now)")
    parser.add_argument("--models", default=",".join(ZOO), help=f"comma-separated subset of {', '.join(ZOO)}")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--calibration-rounds", type=int, default=7)
    parser.add_argument("--skip-measure", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="also profile each step (tf.profiler) and compare per op class, as `tfperf estimate --profile` does")
    parser.add_argument("--skip-accelerators", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if not args.skip_measure:
        if args.target:
            target = targets.load(args.target)
        else:
            from tfperf.targets.calibrate import calibrate, to_toml

            path = os.path.join("build", "calibrated-cpu.toml")
            os.makedirs("build", exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(to_toml(calibrate("calibrated", reps=args.calibration_rounds,
                                          progress=lambda s: print("  calibrate:", s))))
            target = targets.load(path)
            print(f"  wrote {path}")
        rows = compare([m for m in args.models.split(",") if m], target, args.runs, args.profile)
        for k, label in ((0, "median"), (1, "fastest"), (2, "speed-normalized median")):
            errors = [abs(p.step_seconds - m[k]) / m[k] for *_, p, m in rows]
            print(f"MAPE vs the {label} run: {100 * np.mean(errors):.1f}% over {len(rows)} steps (inference "
                  f"{100 * np.mean(errors[0::2]):.1f}%, training {100 * np.mean(errors[1::2]):.1f}%), "
                  f"{args.runs} runs each")
    if not args.skip_accelerators:
        graph = accelerator_predictions()
        speed(graph)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
