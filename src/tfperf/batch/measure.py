"""`tfperf batch --measure`: the real model on this machine at up to 3 batch sizes, beside the model;
with `--memory-budget`, the largest batch within a budget here in at most 3 runs.

Each batch size runs in a fresh process (`python -m tfperf.batch.measure`), so that one running out
of memory cannot take tfperf down and the process' high-water mark belongs to that batch alone. A
child that runs out of memory (TensorFlow's ResourceExhaustedError, or killed by the kernel's
out-of-memory killer: SIGKILL) is a batch over the budget to the search, and an error elsewhere. The
child builds the model, runs its step twice (tracing, the optimizer's slots), then resets
TensorFlow's allocator statistics and runs it `runs` more times: the allocator's peak (or, where
TensorFlow keeps no statistics, the process' high-water mark less its mark before the first step) is
the measured memory, the median call the measured time. The allocator's peak counts what TensorFlow's
CPU kernels allocate for themselves (workspaces), which no target's step model prices; how much
depends on the machine (examples/batch_size.py:small_cnn's training step: about 65 MiB at any batch on
one machine of this kind, under 1 MiB on another; docs/batch-size.md).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from typing import Any

from tfperf.targets.calibrate import proc_bytes

SHARE_OF_FREE_MEMORY = 0.25  # the largest batch measured here is predicted to need at most this much


def compare(spec: str, advice: Any, batched: Any, graph: Any, target: Any, *, train: bool,
            precision: str | None, runs: int = 3) -> list[dict]:
    """Measure `spec` here at up to 3 batch sizes: the two traced ones and the recommendation (or the
    largest batch the step model says this machine's free memory holds, if smaller)."""
    from tfperf.cost.estimate import estimate_graph

    batches = sorted({*batched.probes, _largest_here(advice)})[:3]
    rows = []
    for batch in batches:
        measured = _measure_at(batch, spec, graph, train=train, precision=precision, runs=runs)
        if measured.get("out_of_memory"):
            raise RuntimeError(f"measuring batch {batch} here ran out of memory")
        predicted = estimate_graph(batched.at(batch), target, top=0, gaps=0)
        rows.append({"batch": batch, "measured_bytes": measured["bytes"], "memory_source": measured["source"],
                     "predicted_bytes": predicted.memory.peak_bytes, "measured_seconds": measured["seconds"],
                     # a time on another device says nothing of this one: compared only on a CPU target
                     "predicted_seconds": predicted.step_seconds if target.kind == "cpu" else None})
    return rows


def search(spec: str, batched: Any, graph: Any, target: Any, budget: int, *, train: bool,
           precision: str | None) -> dict:
    """The largest batch whose measured peak here is within `budget` bytes, in at most 3 runs
    (`tfperf.batch.search.largest_within`). The runs are on this machine, so the curve's shape is the
    step model's peak on a CPU target: `target` when it is one (a calibrated file), else "cpu"."""
    from tfperf.batch.search import largest_within
    from tfperf.cost.estimate import estimate_graph
    from tfperf.targets import load

    target = target if target.kind == "cpu" else load("cpu")

    predicted: dict[int, int] = {}

    def peak(batch: int) -> int:
        if batch not in predicted:
            predicted[batch] = estimate_graph(batched.at(batch), target, top=0, gaps=0).memory.peak_bytes
        return predicted[batch]

    def run(batch: int) -> int | None:  # None: out of memory, which the search counts as over the budget
        return _measure_at(batch, spec, graph, train=train, precision=precision, runs=1).get("bytes")

    found = largest_within(peak, run, budget)
    return {"budget_bytes": budget, "batch": found.batch,
            "runs": [{"batch": b, "measured_bytes": m, "predicted_bytes": peak(b), "out_of_memory": m is None}
                     for b, m in found.runs]}


def _measure_at(batch: int, spec: str, graph: Any, *, train: bool, precision: str | None, runs: int) -> dict:
    """The step at `batch`, run here in a fresh process: {"bytes", "source", "seconds"}, or
    {"out_of_memory": True}."""
    specs = [((batch, *shape[1:]), dtype) for shape, dtype in _data_inputs(graph)]
    inputs = _input_count(graph, train)
    return _run_child(spec, specs[:inputs], specs[inputs:], train, precision, runs)


def _largest_here(advice: Any) -> int:
    free = _available_bytes() * SHARE_OF_FREE_MEMORY
    fitting = [p.batch for p in advice.curve if p.peak_bytes <= free]
    return min(advice.recommended, max(fitting, default=1))


def _available_bytes() -> int:
    return proc_bytes("/proc/meminfo", "MemAvailable") or 2 * 1024 ** 3  # no /proc: assume little


def _data_inputs(graph: Any) -> list[tuple[tuple, str]]:
    from tfperf.cost.ops import OPAQUE_DTYPES

    return [(n.shape(), n.dtype()) for n in graph.nodes
            if n.function is None and n.op == "Placeholder" and n.dtype() not in OPAQUE_DTYPES and n.shape()
            and n.variable is None]


def _input_count(graph: Any, train: bool) -> int:
    """How many of the step's data placeholders are the model's inputs (the rest are labels)."""
    data = _data_inputs(graph)
    if not train:
        return len(data)
    labelled = [n for n in graph.nodes if n.function is None and n.op == "Placeholder" and n.layer is not None
                and n.variable is None]  # capture names a Keras model's inputs after its input layers
    return len(labelled) or max(1, len(data) - 1)  # a subclassed model: one label, the last placeholder


def _run_child(spec: str, inputs: list, labels: list, train: bool, precision: str | None, runs: int) -> dict:
    request = {"spec": spec, "inputs": inputs, "labels": labels, "train": train, "precision": precision,
               "runs": runs, "cwd": os.getcwd()}
    done = subprocess.run([sys.executable, "-m", "tfperf.batch.measure", json.dumps(request)], capture_output=True,
                          text=True, env=_child_environment())
    return _outcome(done, inputs[0][0][0] if inputs else "?")


def _child_environment() -> dict:
    """The child runs on TensorFlow's BFC allocator for the CPU, unless the user chose one: the default CPU
    allocator of the tensorflow-cpu 2.21.0 wheel keeps no statistics, and the process' high-water mark, the
    fallback, also counts tracing and the heap's own growth (some 30-90 MiB at a batch whose step needs 26)."""
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2",
            "TF_CPU_ALLOCATOR_USE_BFC": os.environ.get("TF_CPU_ALLOCATOR_USE_BFC", "true")}


def _outcome(done: subprocess.CompletedProcess, batch: Any) -> dict:
    """The child's answer; out of memory when it said so or the kernel killed it (SIGKILL: the
    out-of-memory killer's signal); any other failure is an error."""
    if done.returncode == -signal.SIGKILL:
        return {"out_of_memory": True}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"measuring batch {batch} here failed (exit {done.returncode}): {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# the child


def _high_water_mark() -> int | None:
    return proc_bytes("/proc/self/status", "VmHWM")


def _child(request: dict) -> dict:
    import statistics
    import time

    import tensorflow as tf

    from tfperf.batch.precision import keras_policy
    from tfperf.capture import build, load_object

    os.chdir(request["cwd"])
    with keras_policy(request["precision"]):
        model = build(load_object(request["spec"]), request["spec"])
    x = [_random(tf, shape, dtype) for shape, dtype in request["inputs"]]
    x = x[0] if len(x) == 1 else x
    if request["train"]:
        y = [_random(tf, shape, dtype) for shape, dtype in request["labels"]]
        step = tf.function(lambda a, b: model.train_step((a, b)))
        args = (x, y[0] if len(y) == 1 else y)
    else:
        step = tf.function(lambda a: model(a, training=False))
        args = (x,)
    before = _high_water_mark()
    try:
        for _ in range(2):
            tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, step(*args))
        allocator_stats = _reset_allocator_stats(tf)
        times = []
        for _ in range(request["runs"]):
            start = time.perf_counter()
            tf.nest.map_structure(lambda t: t.numpy() if hasattr(t, "numpy") else t, step(*args))
            times.append(time.perf_counter() - start)
    except tf.errors.ResourceExhaustedError:
        return {"out_of_memory": True}
    peak = allocator_stats and tf.config.experimental.get_memory_info("CPU:0")["peak"]
    if peak:
        return {"bytes": peak, "source": "TensorFlow's allocator", "seconds": statistics.median(times)}
    after = _high_water_mark()
    return {"bytes": (after or 0) - (before or 0), "source": "process high-water mark",
            "seconds": statistics.median(times)}


def _reset_allocator_stats(tf: Any) -> bool:
    """Reset the CPU allocator's peak; False where the allocator keeps no statistics: TensorFlow raises then (the
    default CPU allocator of the tensorflow-cpu 2.21.0 wheel does; the BFC allocator the child asks for keeps them)."""
    try:
        tf.config.experimental.reset_memory_stats("CPU:0")
    except ValueError:
        return False
    return True


def _random(tf: Any, shape: list, dtype: str) -> Any:
    if dtype.startswith("int"):
        return tf.zeros(shape, dtype)  # valid class ids and token ids for any table
    return tf.random.normal(shape, dtype=dtype)


if __name__ == "__main__":
    print(json.dumps(_child(json.loads(sys.argv[1]))))
