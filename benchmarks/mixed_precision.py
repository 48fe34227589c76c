"""Mixed precision side by side on this machine, and predicted on accelerators.

    python benchmarks/mixed_precision.py [--runs 3] [--repeats 5] [--only NAME] [--target FILE] [--json FILE]

Models (weights=None, built offline): Keras ResNet50 and EfficientNetB0 at 224x224, and the
keras.io text-classification Transformer encoder (benchmarks/model_zoo.py). EfficientNetB0 is
built without its dropouts (keras.src's EfficientNet builder with B0's coefficients and rates 0),
so that its training step is deterministic and its gradients comparable.

Inference, each variant a graph rebuilt from the frozen model (tfperf.rewrite) so that only the
precision differs:
  fp32       the model as it is;
  tfperf     `tfperf optimize --bf16`: tfperf's plan for this machine (a target calibrated here,
             `tfperf targets calibrate`, or --target FILE), weights stored in bfloat16 once;
  keras      the same architecture and weights built under Keras' mixed_bfloat16 policy;
  grappler   the fp32 graph as Grappler's oneDNN bfloat16 auto-mixed-precision pass rewrites it
             (rewrite option auto_mixed_precision_onednn_bfloat16, run offline on the frozen graph).
Training step (forward, loss, gradients, SGD update): fp32; tfperf = TFP702's and TFP703's fixes
(mixed_bfloat16 set before the model is built, a float32 softmax output layer; tfperf converts
training through the policy, not the graph); keras = mixed_bfloat16 as Keras builds the model
(a bfloat16 softmax); grappler = the fp32 step under Grappler's oneDNN bfloat16 pass (timed in
blocks, not interleaved: switching the pass on makes TensorFlow instantiate the step again).

control is the fp32 variant again (a second function on the same graph or model, timed as a
variant): its ratio shows how far two identical variants differ on this machine under this load.

Each cell: step time over fp32's (a ratio > 1 is faster), the median of `--runs` runs of
`--repeats` interleaved calls, with the p10..p90 of the per-round ratios; and the output error
vs fp32 on one random input draw (normwise relative max|a - b| / max|b|; training: of the
gradients). A last table: the step model's predicted step on gaudi2, gaudi3 and h100 at batch 64,
fp32 vs tfperf's plan vs Keras' mixed_bfloat16 graph as traced.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_zoo import SEQUENCE, transformer_classifier  # noqa: E402

from tfperf import targets  # noqa: E402
from tfperf.amp.summary import summarize  # noqa: E402
from tfperf.capture import from_object, trace_object  # noqa: E402
from tfperf.rewrite import optimize  # noqa: E402
from tfperf.rewrite.bench import grappler, time_interleaved  # noqa: E402
from tfperf.rewrite.freeze import freeze  # noqa: E402
from tfperf.rewrite.rebuild import Rebuilt  # noqa: E402

VARIANTS = ("fp32", "control", "tfperf", "keras", "grappler")
PREDICT_ON = ("gaudi2", "gaudi3", "h100")
PREDICT_BATCH = 64
GRAPPLER_AMP = "auto_mixed_precision_onednn_bfloat16"


def efficientnet_b0(softmax=True):
    from keras.src.applications.efficientnet import EfficientNet

    return EfficientNet(1.0, 1.0, 224, dropout_rate=0.0, drop_connect_rate=0.0, name="efficientnetb0",
                        weights=None, classifier_activation="softmax" if softmax else None)


def resnet50(softmax=True):
    return keras.applications.ResNet50(weights=None, classifier_activation="softmax" if softmax else None)


def transformer(softmax=True):
    return transformer_classifier()  # logits: Keras' losses compute in float32 (no softmax layer to fix)


MODELS = {  # name -> (builder(softmax) -> model, batch here, input spec, has a softmax output)
    "ResNet50": (resnet50, 4, ((224, 224, 3), "float32"), True),
    "EfficientNetB0": (efficientnet_b0, 4, ((224, 224, 3), "float32"), True),
    "Transformer": (transformer, 16, ((SEQUENCE,), "int32"), False),
}


def build(name: str, policy: str = "float32", float32_output: bool = False) -> keras.Model:
    """The model built under `policy`; `float32_output`: its softmax as a float32 layer (TFP703's fix)."""
    builder, _, _, softmax = MODELS[name]
    keras.mixed_precision.set_global_policy(policy)
    try:
        if float32_output and softmax:
            base = builder(softmax=False)
            return keras.Model(base.inputs, keras.layers.Activation("softmax", dtype="float32")(base.outputs[0]))
        return builder()
    finally:
        keras.mixed_precision.set_global_policy("float32")


def sample(name: str, batch: int, seed: int = 0) -> tuple[tf.Tensor, tf.Tensor]:
    _, _, (shape, dtype), _ = MODELS[name]
    rng = np.random.default_rng(seed)
    if dtype == "int32":
        x = tf.constant(rng.integers(0, 20000, (batch, *shape)), tf.int32)
    else:
        x = tf.constant(rng.standard_normal((batch, *shape)), tf.float32)
    classes = 2 if name == "Transformer" else 1000
    return x, tf.constant(rng.integers(0, classes, (batch,)), tf.int32)


def relative_error(expected, actual) -> float:
    e = np.concatenate([np.ravel(np.asarray(t, np.float64)) for t in expected])
    a = np.concatenate([np.ravel(np.asarray(t, np.float64)) for t in actual])
    return float(np.max(np.abs(e - a)) / np.max(np.abs(e)))


@contextlib.contextmanager
def grappler_amp():
    """Grappler's oneDNN bfloat16 pass on for the functions run inside. TensorFlow instantiates a
    function again when the optimizer options change, so what runs inside must also finish inside."""
    tf.config.optimizer.set_experimental_options({GRAPPLER_AMP: True})
    try:
        yield
    finally:
        tf.config.optimizer.set_experimental_options({GRAPPLER_AMP: False})


def grappler_amp_graph(frozen):
    """The frozen graph as Grappler's oneDNN bfloat16 pass rewrites it (run offline, as a function's
    first call would run it), rebuilt like the others."""
    return Rebuilt(frozen.with_graph(grappler(frozen, turn_on=(GRAPPLER_AMP,))))


# ---------------------------------------------------------------------------------------------
# inference


def inference(name: str, target, runs: int, repeats: int) -> dict:
    keras.backend.clear_session()
    _, batch, (shape, dtype), _ = MODELS[name]
    fp32_model = build(name)
    weights = fp32_model.get_weights()
    mixed = build(name, "mixed_bfloat16")
    mixed.set_weights(weights)
    x, _ = sample(name, batch)
    signature = [((batch, *shape), dtype)]
    frozen = freeze(trace_object(fp32_model, name, signature), name)
    ours = optimize(fp32_model, signature, origin=name, target=target, bf16=True, draws=2)
    calls = {"fp32": Rebuilt(frozen), "control": Rebuilt(frozen), "tfperf": ours.rebuilt,
             "keras": Rebuilt(freeze(trace_object(mixed, name, signature), name)), "grappler": grappler_amp_graph(frozen)}
    outputs = {v: _flat(calls[v](x)) for v in VARIANTS}
    row = {"verification": ours.report.verification.max_error, "notes": ours.report.notes,
           "sites": [s.description for p in ours.report.passes for s in p.sites if p.name == "mixed-precision"]}
    row["error"] = {v: relative_error(outputs["fp32"], outputs[v]) for v in VARIANTS}
    row["ratio"] = _ratios({v: _bound(calls[v], x) for v in VARIANTS}, runs, repeats)
    return row


def _bound(fn, *args):
    return lambda: fn(*args)


def _flat(outputs):
    return [t.numpy() for t in tf.nest.flatten(outputs)]


def _ratios(calls: dict, runs: int, repeats: int) -> dict:
    """variant -> (median, p10, p90) of fp32 time / variant time, per round, over all runs."""
    ratios = {v: [] for v in calls}
    for _ in range(runs):
        timings = time_interleaved(calls, repeats, warmup=1)
        base = np.array(timings["fp32"].samples)
        for v in calls:
            ratios[v] += list(base / np.array(timings[v].samples))
    return {v: tuple(float(np.percentile(r, q)) for q in (50, 10, 90)) for v, r in ratios.items()}


# ---------------------------------------------------------------------------------------------
# training step


def training(name: str, runs: int, repeats: int) -> dict:
    keras.backend.clear_session()
    _, batch, _, _ = MODELS[name]
    models = {"fp32": build(name), "tfperf": build(name, "mixed_bfloat16", float32_output=True),
              "keras": build(name, "mixed_bfloat16")}
    weights = models["fp32"].get_weights()
    for model in models.values():
        model.set_weights(weights)
    x, y = sample(name, batch)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=name == "Transformer")
    gradients = {v: _gradients_fn(models[v], loss)(x, y) for v in ("fp32", "tfperf", "keras")}
    gradients["control"] = _gradients_fn(models["fp32"], loss)(x, y)
    with grappler_amp():
        gradients["grappler"] = _gradients_fn(models["fp32"], loss)(x, y)
    row = {"error": {v: relative_error(_flat(gradients["fp32"]), _flat(gradients[v])) for v in VARIANTS}}
    steps = {v: _bound(_step_fn(models[v], loss), x, y) for v in ("fp32", "tfperf", "keras")}
    steps["control"] = _bound(_step_fn(models["fp32"], loss), x, y)
    row["ratio"] = _ratios(steps, runs, repeats)
    row["ratio"]["grappler"] = _ratio_toggled(steps["fp32"], _bound(_step_fn(models["fp32"], loss), x, y), runs,
                                              repeats)
    return row


def _ratio_toggled(fp32, step, runs: int, repeats: int) -> tuple:
    """fp32 time / `step`'s time with Grappler's pass on: blocks of calls, not interleaved (each
    switch of the option makes TensorFlow instantiate the functions again: a first call is a warm-up)."""
    ratios = []
    for _ in range(runs):
        with grappler_amp():
            amp = time_interleaved({"amp": step}, repeats, warmup=1)["amp"]
        base = time_interleaved({"fp32": fp32}, repeats, warmup=1)["fp32"]
        ratios += list(np.array(base.samples) / np.array(amp.samples))
    return tuple(float(np.percentile(ratios, q)) for q in (50, 10, 90))


def _gradients_fn(model, loss):
    @tf.function
    def gradients(x, y):
        with tf.GradientTape() as tape:
            value = loss(y, model(x, training=True))
        return [tf.convert_to_tensor(g) for g in tape.gradient(value, model.trainable_variables)]  # embeddings: dense

    return gradients


def _step_fn(model, loss):
    optimizer = keras.optimizers.SGD(1e-3)
    optimizer.build(model.trainable_variables)

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            value = loss(y, model(x, training=True))
        optimizer.apply_gradients(zip(tape.gradient(value, model.trainable_variables), model.trainable_variables))
        return value

    return step


# ---------------------------------------------------------------------------------------------
# predicted on accelerators


def predicted(name: str) -> dict:
    """target -> {mode -> (fp32 ms, tfperf's plan ms, Keras mixed_bfloat16 ms)} at PREDICT_BATCH."""
    keras.backend.clear_session()
    found = {}
    for mode in ("inference", "training"):
        graphs = {}
        for policy in ("float32", "mixed_bfloat16"):
            model = build(name, policy)
            if mode == "training":
                model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(
                    from_logits=name == "Transformer"))
            graphs[policy] = from_object(model, name, batch_size=PREDICT_BATCH, train=mode == "training")
        for target in PREDICT_ON:
            profile = targets.load(target)
            summary = summarize(graphs["float32"], profile)
            keras_mixed = summarize(graphs["mixed_bfloat16"], profile).variants[0]
            found.setdefault(target, {})[mode] = (summary.variants[0].step_seconds * 1e3,
                                                  summary.variants[1].step_seconds * 1e3, keras_mixed.step_seconds * 1e3)
    return found


# ---------------------------------------------------------------------------------------------


def _cell(row: dict, variant: str) -> str:
    median, low, high = row["ratio"][variant]
    return f"{median:.2f}x ({low:.2f}-{high:.2f}), err {row['error'][variant]:.1e}"


def print_tables(results: dict, here: str) -> None:
    for mode in ("inference", "training"):
        print(f"\n## {mode} step here ({here}): time ratio vs fp32 (median, p10-p90), output error vs fp32\n")
        print("| model | " + " | ".join(VARIANTS) + " |")
        print("|---" * (len(VARIANTS) + 1) + "|")
        for name, result in results.items():
            if mode in result:
                print(f"| {name} | " + " | ".join(_cell(result[mode], v) for v in VARIANTS) + " |")
    if not any("predicted" in r for r in results.values()):
        return
    print(f"\n## predicted step at batch {PREDICT_BATCH} (ms): fp32 / tfperf's plan / Keras mixed_bfloat16\n")
    print("| model | mode | " + " | ".join(PREDICT_ON) + " |")
    print("|---|---|" + "---|" * len(PREDICT_ON))
    for name, result in results.items():
        for mode in ("inference", "training"):
            cells = []
            for target in PREDICT_ON:
                fp32, ours, mixed = result["predicted"][target][mode]
                cells.append(f"{fp32:.2f} / {ours:.2f} ({fp32 / ours:.2f}x) / {mixed:.2f} ({fp32 / mixed:.2f}x)")
            print(f"| {name} | {mode} | " + " | ".join(cells) + " |")


def here_target(path: str | None):
    if path:
        return targets.load(path)
    from tfperf.targets.calibrate import calibrate, to_toml

    result = calibrate("here", progress=lambda line: print(f"  calibrate: {line}", file=sys.stderr))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".here-target.toml")
    with open(out, "w", encoding="utf-8") as stream:
        stream.write(to_toml(result))
    return targets.load_file(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of interleaved timing per model and mode")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls per variant in each run")
    parser.add_argument("--only", help="only the models whose name contains this")
    parser.add_argument("--target", help="a target file for this machine (default: calibrate one now)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: inference, training, predicted")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    here = here_target(args.target) if "inference" not in skip else None
    results = {}
    for name in MODELS:
        if args.only and args.only.lower() not in name.lower():
            continue
        results[name] = {}
        if "inference" not in skip:
            results[name]["inference"] = inference(name, here, args.runs, args.repeats)
        if "training" not in skip:
            results[name]["training"] = training(name, args.runs, args.repeats)
        if "predicted" not in skip:
            results[name]["predicted"] = predicted(name)
        print(f"{name}: {json.dumps(results[name], default=str)}", file=sys.stderr)
    cpu = f"{os.cpu_count()} cores, TF {tf.__version__}, avx512_bf16" if "avx512_bf16" in open("/proc/cpuinfo").read() \
        else f"{os.cpu_count()} cores, TF {tf.__version__}"
    if here is not None:
        peaks = here.engine_for("matrix").matrix_peak
        rates = ", ".join(f"{dtype} {peaks[dtype] / 1e9:.0f}" for dtype in ("float32", "bfloat16", "float16")
                          if dtype in peaks)
        print(f"\nthis machine's best MatMul GFLOP/s (tfperf targets calibrate): {rates}")
    print_tables(results, cpu)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as stream:
            json.dump(results, stream, indent=2, default=str)


if __name__ == "__main__":
    main()
