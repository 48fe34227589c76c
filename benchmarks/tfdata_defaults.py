"""What TensorFlow's default tf.data options already do for the two source findings TFP404 (a map
without `num_parallel_calls`) and TFP401 (a pipeline that does not end in `prefetch`), on the
installed TensorFlow.

TFP404: a stateless map (a matmul chain per element) and a stateful one (the same plus
`tf.random.uniform`) are iterated with no `num_parallel_calls`, with `num_parallel_calls=AUTOTUNE`,
and with `map_parallelization` turned off (the control: what "runs on one host core" means).

TFP401: a synchronous pipeline (batch, then a sequential map over each batch) feeds a device-like step that sleeps
(as when the model runs on an accelerator and the host only feeds it), with TensorFlow's default
options (its grappler pass `inject_prefetch` appends a prefetch after a synchronous last stage),
with `inject_prefetch` off, and with an explicit `prefetch(AUTOTUNE)`. Then the same synchronous end
iterated TF1-style, in graph mode under TF 2 (a `tf.compat.v1` one-shot or initializable iterator in a
Session, as an Estimator's input_fn is): does TensorFlow inject the prefetch there too? And, with
`inject_prefetch` off, the last stages that run ahead of the step by themselves: a parallel map
(AUTOTUNE, and a stated 2), a map then batch (map_and_batch_fusion makes them one asynchronous MapAndBatch), `map_and_batch`, a
parallel batch; against a sequential map and a map then batch with the fusion off (the controls).

TFP402: work after an intermediate prefetch (a sequential map over each batch after `prefetch`), with the
default options (inject_prefetch appends a prefetch after the map), with `inject_prefetch` off, and with the
fix (the prefetch moved last); also a pipeline whose last stage after the prefetch is a parallel map.

Medians of R repetitions run interleaved, with the spread.

    python benchmarks/tfdata_defaults.py [--reps 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

ELEMENTS, BATCH, STEP_SECONDS = 256, 8, 0.02


def heavy(i):
    """Stateless work of about a millisecond per element on this CPU."""
    x = tf.fill([256, 256], tf.cast(i, tf.float32) * 1e-3)
    for _ in range(6):
        x = tf.tanh(tf.matmul(x, x) * 1e-2)
    return tf.reduce_sum(x)


def heavy_batch(ids):
    """The same work for a whole batch, as a map after batch does it (no map_and_batch fusion then)."""
    x = tf.fill([BATCH, 256, 256], tf.cast(tf.reduce_sum(ids), tf.float32) * 1e-3)
    for _ in range(6):
        x = tf.tanh(tf.matmul(x, x) * 1e-2)
    return tf.reduce_sum(x)


def options(**optimizations) -> tf.data.Options:
    chosen = tf.data.Options()
    for name, value in optimizations.items():
        setattr(chosen.experimental_optimization, name, value)
    return chosen


def source() -> tf.data.Dataset:
    return tf.data.Dataset.range(ELEMENTS)


MAP_CASES = {
    "stateless map, no num_parallel_calls (defaults)": lambda: source().map(heavy).batch(BATCH),
    "stateless map, num_parallel_calls=AUTOTUNE": lambda: source().map(heavy, num_parallel_calls=tf.data.AUTOTUNE)
    .batch(BATCH),
    "stateless map, map_parallelization off (control)": lambda: source().map(heavy).batch(BATCH)
    .with_options(options(map_parallelization=False)),
    "stateful map (tf.random), no num_parallel_calls": lambda: source()
    .map(lambda i: heavy(i) + tf.random.uniform([])).batch(BATCH),
}
# a map after batch, kept sequential, is a synchronous last stage (a map then batch would be fused
# into map_and_batch, which runs ahead of the consumer by itself)
SEQUENTIAL = {"map_parallelization": False}
PREFETCH_CASES = {
    "ends in a sequential map (defaults: inject_prefetch on)": lambda: source().batch(BATCH).map(heavy_batch)
    .with_options(options(**SEQUENTIAL)),
    "ends in a sequential map, inject_prefetch off (control)": lambda: source().batch(BATCH).map(heavy_batch)
    .with_options(options(inject_prefetch=False, **SEQUENTIAL)),
    "ends in prefetch(AUTOTUNE)": lambda: source().batch(BATCH).map(heavy_batch).prefetch(tf.data.AUTOTUNE)
    .with_options(options(**SEQUENTIAL)),
}


NO_INJECTION = {"inject_prefetch": False}
ASYNC_CASES = {
    "ends in a sequential map (control)": lambda: source().batch(BATCH).map(heavy_batch)
    .with_options(options(**NO_INJECTION, **SEQUENTIAL)),
    "ends in map(num_parallel_calls=AUTOTUNE)": lambda: source().batch(BATCH)
    .map(heavy_batch, num_parallel_calls=tf.data.AUTOTUNE).with_options(options(**NO_INJECTION)),
    "ends in map(num_parallel_calls=2)": lambda: source().batch(BATCH)
    .map(heavy_batch, num_parallel_calls=2).with_options(options(**NO_INJECTION)),
    "ends in map then batch (fused)": lambda: source().map(heavy).batch(BATCH)
    .with_options(options(**NO_INJECTION, **SEQUENTIAL)),
    "ends in map then batch, fusion off (control)": lambda: source().map(heavy).batch(BATCH)
    .with_options(options(map_and_batch_fusion=False, **NO_INJECTION, **SEQUENTIAL)),
    "ends in apply(map_and_batch)": lambda: source()
    .apply(tf.data.experimental.map_and_batch(heavy, BATCH)).with_options(options(**NO_INJECTION)),
    "ends in map then batch(num_parallel_calls=AUTOTUNE)": lambda: source().map(heavy)
    .batch(BATCH, num_parallel_calls=tf.data.AUTOTUNE)
    .with_options(options(map_and_batch_fusion=False, **NO_INJECTION, **SEQUENTIAL)),
}

AFTER_PREFETCH_CASES = {
    "prefetch, then a sequential map (defaults: inject_prefetch on)": lambda: source().batch(BATCH)
    .prefetch(tf.data.AUTOTUNE).map(heavy_batch).with_options(options(**SEQUENTIAL)),
    "prefetch, then a sequential map, inject_prefetch off (control)": lambda: source().batch(BATCH)
    .prefetch(tf.data.AUTOTUNE).map(heavy_batch).with_options(options(**NO_INJECTION, **SEQUENTIAL)),
    "the map, then prefetch (the fix)": lambda: source().batch(BATCH).map(heavy_batch)
    .prefetch(tf.data.AUTOTUNE).with_options(options(**SEQUENTIAL)),
    "prefetch, then map(num_parallel_calls=AUTOTUNE) (defaults)": lambda: source().batch(BATCH)
    .prefetch(tf.data.AUTOTUNE).map(heavy_batch, num_parallel_calls=tf.data.AUTOTUNE),
}


def iterate(dataset: tf.data.Dataset, step_seconds: float) -> float:
    start = time.perf_counter()
    for _ in dataset:
        if step_seconds:
            time.sleep(step_seconds)  # the device's step: the host's cores stay free
    return time.perf_counter() - start


def iterate_v1(make, step_seconds: float, initializable: bool) -> float:
    """The pipeline `make()` builds, iterated as TF1 code does under TF 2: in a graph, by a
    tf.compat.v1 iterator run in a Session (an Estimator's input_fn is iterated so)."""
    graph = tf.Graph()
    with graph.as_default():
        dataset = make()
        data = tf.compat.v1.data
        iterator = data.make_initializable_iterator(dataset) if initializable else data.make_one_shot_iterator(dataset)
        element = iterator.get_next()
        with tf.compat.v1.Session(graph=graph) as session:
            if initializable:
                session.run(iterator.initializer)
            start = time.perf_counter()
            try:
                while True:
                    session.run(element)
                    time.sleep(step_seconds)
            except tf.errors.OutOfRangeError:
                pass
            return time.perf_counter() - start


def graph_mode_cases() -> dict:
    """PREFETCH_CASES iterated TF1-style: by a one-shot iterator, and (defaults only) an initializable one."""
    cases = {f"{name}, one-shot iterator": lambda make=make: lambda step: iterate_v1(make, step, False)
             for name, make in PREFETCH_CASES.items()}
    first = next(iter(PREFETCH_CASES.values()))
    cases["ends in a sequential map (defaults), initializable iterator"] = lambda: lambda step: iterate_v1(
        first, step, True)
    return cases


def measure(cases: dict, reps: int, step_seconds: float) -> dict[str, list[float]]:
    """`cases`: name -> a function making a dataset, or making a function of the step that iterates
    one itself (the graph-mode cases)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(reps):  # interleaved: every case once per round
        for name, make in cases.items():
            made = make()
            times[name].append(made(step_seconds) if callable(made) and not isinstance(made, tf.data.Dataset)
                               else iterate(made, step_seconds))
    return times


def report(title: str, times: dict[str, list[float]], control: str) -> None:
    print(title)
    reference = statistics.median(times[control])
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"  {name:72s} {median:.3f} s ({min(runs):.3f}-{max(runs):.3f}), x{median / reference:.2f} of the control")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{ELEMENTS} elements in batches of {BATCH}")
    iterate(source().map(heavy).batch(BATCH), 0)  # warm-up: tracing, thread pools
    report("TFP404: a map without num_parallel_calls", measure(MAP_CASES, args.reps, 0),
           "stateless map, map_parallelization off (control)")
    steps = ELEMENTS // BATCH
    report(f"TFP401: a synchronous pipeline feeding {steps} steps of {STEP_SECONDS * 1e3:.0f} ms "
           f"({steps * STEP_SECONDS:.2f} s of step alone)", measure(PREFETCH_CASES, args.reps, STEP_SECONDS),
           "ends in a sequential map, inject_prefetch off (control)")
    report("TFP401 in TF1-style graph mode under TF 2 (tf.compat.v1 iterators in a Session)",
           measure(graph_mode_cases(), args.reps, STEP_SECONDS),
           "ends in a sequential map, inject_prefetch off (control), one-shot iterator")
    report("TFP401: last stages that run ahead by themselves (inject_prefetch off in all)",
           measure(ASYNC_CASES, args.reps, STEP_SECONDS), "ends in a sequential map (control)")
    report("TFP402: work after an intermediate prefetch", measure(AFTER_PREFETCH_CASES, args.reps, STEP_SECONDS),
           "prefetch, then a sequential map, inject_prefetch off (control)")


if __name__ == "__main__":
    main()
