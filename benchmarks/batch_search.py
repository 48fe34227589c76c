"""The largest batch that fits a memory budget on this machine: tfperf's search (at most 3 trial runs)
against a Lightning-style search (doubling, then binary search), and the true largest found
exhaustively.

A trial runs the model's real training step here at one batch size and reads TensorFlow's allocator
peak for the step (`tf.config.experimental.get_memory_info`, reset before it); the batch "fits" when
the peak is within the budget (an out-of-memory error without the crash). Every method gets a fresh
`tf.function` (its first trial pays the trace), and the step has a free batch dimension, so later
trials run without re-tracing, as a PyTorch trial would.

- exhaustive: every batch from 1 up, until 8 batches in a row do not fit: the true largest.
- Lightning-style (`Tuner.scale_batch_size(mode="binsearch")`, init_val=2): double until a trial does
  not fit, then bisect between the last fit and the first failure down to one sample.
- tfperf (`tfperf.batch.search.largest_within`): trace the step at two batch sizes (no run) and fit
  its shapes (tfperf.batch.rebatch); the step model's peak pred(B) gives the shape of the memory
  curve. Trial 1 at the largest B whose pred(B) uses at most half the headroom above pred(1); trial
  2 where the curve scaled by trial 1's ratio reaches 98% of the budget; trial 3 where the line
  measured = a + b * pred(B) through trials 1 and 2 reaches the budget, less a margin of
  1 - sqrt(0.95) = 2.5% in batch (or at the line itself when trial 2 is already within that margin).
  The answer is the largest batch a trial confirmed. Why: the module's docstring.

Is "the largest batch that fits" well-defined? TensorFlow's allocator peak for one batch is not the
same from run to run: with default threading, independent ops run at the same time and the step's
peak flips between levels from one call to the next; and each new trace (`tf.function`) takes one of
two memory plans, a draw that inter-op parallelism 1 does not remove (docs/batch-size.md), so this
script keeps TensorFlow's default threading. After the exhaustive search the script runs the true
largest batch 5 more times: the spread of those peaks (jitter) is set beside what the peak grows over
5% of that batch (the least-squares line through the exhaustive trials' peaks). Where the jitter is
larger, the true largest is a draw, and so is any search's
result: the row is marked ill-posed and not counted for or against the goal.

The budgets (MiB) are the ones committed with the first version of this script, before any search
ran: the CNN's and the Transformer's put the true largest batch at a few hundred; the MLP's (Adam,
4.2M weights) is the fixed-dominated case: weights, Adam's slots and gradients take 92 of its 100
MiB. No budget makes the MLP well-defined at a size an exhaustive search here can reach: its peak
grows ~0.02 MiB per sample and jitters by 10-20 MiB at batches of 1,000-1,500, so 5% of the batch
outgrows the jitter only past ~20,000 samples (a ~500 MiB budget, and an exhaustive search of
20,000 trials of 1-5 s each).

Wall times are the median of --repeats runs of each search (spread in brackets), next to the noise of a
control: the same batch-8 step timed before each repeat.

    python benchmarks/batch_search.py               # 3 models (~15 min on 2 cores, under load)
    python benchmarks/batch_search.py --models mlp --repeats 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_CPU_ALLOCATOR_USE_BFC", "true")  # the 2.21 wheel's default CPU allocator keeps no statistics

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.batch.rebatch import BatchedGraph  # noqa: E402
from tfperf.batch.search import largest_within  # noqa: E402
from tfperf.capture import from_object  # noqa: E402
from tfperf.cost.estimate import estimate_graph  # noqa: E402


def cnn() -> keras.Model:
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu"),
        keras.layers.Conv2D(128, 3, strides=2, padding="same", activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ], name="cnn")
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def mlp() -> keras.Model:
    model = keras.Sequential([keras.Input((3072,)), keras.layers.Dense(1024, activation="relu"),
                              keras.layers.Dense(1024, activation="relu"), keras.layers.Dense(10)], name="mlp")
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def transformer() -> keras.Model:
    tokens = keras.Input((64,), dtype="int32")
    x = keras.layers.Embedding(4000, 128)(tokens)
    for _ in range(2):
        x = keras.layers.LayerNormalization()(x + keras.layers.MultiHeadAttention(4, 32)(x, x))
        h = keras.layers.Dense(512, activation="gelu")(x)
        x = keras.layers.LayerNormalization()(x + keras.layers.Dense(128)(h))
    model = keras.Model(tokens, keras.layers.Dense(10)(x[:, 0]), name="transformer")
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


# name: (build, input shape, dtype, budget in MiB). Set before any search ran (see the docstring), not
# from any search's result.
MODELS = {"cnn": (cnn, (32, 32, 3), "float32", 48), "mlp": (mlp, (3072,), "float32", 100),
          "transformer": (transformer, (64,), "int32", 300)}


class Trials:
    """Real training steps at chosen batch sizes, counted; a fresh tf.function per search."""

    def __init__(self, model: keras.Model, shape: tuple, dtype: str, budget: int):
        self.model, self.shape, self.dtype, self.budget = model, shape, dtype, budget
        spec = (tf.TensorSpec((None, *shape), dtype), tf.TensorSpec((None,), "int32"))
        self.step = tf.function(lambda x, y: model.train_step((x, y)), input_signature=spec)
        self.runs: list[tuple[int, int]] = []  # (batch, peak bytes)

    def peak(self, batch: int) -> int:
        x = tf.zeros((batch, *self.shape), self.dtype) if self.dtype == "int32" else \
            tf.random.normal((batch, *self.shape))
        y = tf.zeros((batch,), "int32")
        self.step(x, y)  # warm: the first call traces, builds the slots
        tf.config.experimental.reset_memory_stats("CPU:0")
        self.step(x, y)
        peak = tf.config.experimental.get_memory_info("CPU:0")["peak"]
        self.runs.append((batch, peak))
        return peak

    def fits(self, batch: int) -> bool:
        return self.peak(batch) <= self.budget


def exhaustive(trials: Trials, misses: int = 8) -> int:
    best, batch, run = 0, 1, 0
    while run < misses:
        if trials.fits(batch):
            best, run = batch, 0
        else:
            run += 1
        batch += 1
    return best


def well_defined(trials: Trials, truth: int, repeats: int = 5, tolerance: float = 0.05) -> dict:
    """The jitter of the peak at the true largest batch (max - min over `repeats` more runs) beside
    what the peak grows over `tolerance` of that batch (the least-squares slope through the
    exhaustive trials' peaks)."""
    peaks = [trials.peak(truth) for _ in range(repeats)]
    batches, measured = zip(*trials.runs[:-repeats])
    slope = statistics.linear_regression(batches, measured).slope
    growth = slope * tolerance * truth
    jitter = max(peaks) - min(peaks)
    return {"jitter_mib": jitter / 2 ** 20, "growth_mib": growth / 2 ** 20, "well_defined": growth > jitter}


def lightning(trials: Trials, init: int = 2) -> int:
    low, batch = 0, init
    while trials.fits(batch):  # doubling
        low, batch = batch, batch * 2
    high = batch
    while high - low > 1:  # binary search between the last fit and the first failure
        middle = (low + high) // 2
        low, high = (middle, high) if trials.fits(middle) else (low, middle)
    return low


def tfperf_search(trials: Trials, model: keras.Model, shape: tuple, dtype: str) -> tuple[int, float]:
    """tfperf.batch.search.largest_within with the step model's peak on the CPU target as the
    prediction. Returns the largest confirmed batch and the seconds spent tracing and pricing (no runs)."""
    start = time.perf_counter()
    graph = from_object(model, model.name, [((4, *shape), dtype)], 4, train=True,
                        label_specs=[((4,), "int32")])
    batched = BatchedGraph(graph, graph.at_batch(9))
    modelled = [time.perf_counter() - start]
    predicted: dict[int, int] = {}

    def pred(batch: int) -> int:
        if batch not in predicted:
            begin = time.perf_counter()
            predicted[batch] = estimate_graph(batched.at(batch), "cpu", top=0, gaps=0).memory.peak_bytes
            modelled[0] += time.perf_counter() - begin
        return predicted[batch]

    return largest_within(pred, trials.peak, trials.budget).batch, modelled[0]


def control(model: keras.Model, shape: tuple, dtype: str) -> float:
    """The same batch-8 step, timed: how fast the machine is right now."""
    trials = Trials(model, shape, dtype, 0)
    trials.peak(8)
    start = time.perf_counter()
    trials.peak(8)
    return time.perf_counter() - start


def search(name: str, repeats: int) -> dict:
    """One model, in this process (its own: the allocator's peak counts every live tensor of the process)."""
    build, shape, dtype, budget_mb = MODELS[name]
    model, budget = build(), budget_mb * 2 ** 20
    start = time.perf_counter()
    truth_trials = Trials(model, shape, dtype, budget)
    truth = exhaustive(truth_trials)
    print(f"{name}: true largest {truth} under {budget_mb} MiB ({len(truth_trials.runs)} trials, "
          f"{time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)
    posed = well_defined(truth_trials, truth)
    found: dict[str, list] = {"lightning": [], "tfperf": []}
    for _ in range(repeats):
        noise = control(model, shape, dtype)
        for method in found:
            trials = Trials(model, shape, dtype, budget)
            start = time.perf_counter()
            if method == "lightning":
                batch, modelled = lightning(trials), 0.0
            else:
                batch, modelled = tfperf_search(trials, model, shape, dtype)
            found[method].append({"batch": batch, "trials": trials.runs, "wall": time.perf_counter() - start,
                                  "modelled": modelled, "control": noise})
    return {"name": name, "budget_mb": budget_mb, "truth": truth, "found": found, **posed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(search(args.child, args.repeats)))
        return
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    rows = []
    for name in args.models.split(","):
        done = subprocess.run([sys.executable, __file__, "--child", name, "--repeats", str(args.repeats)],
                              stdout=subprocess.PIPE, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\n{'model':<12}{'budget':>8}{'true':>6}  {'method':<10}{'batch':>6}{'of true':>9}{'trials':>8}"
          f"{'wall s':>8}  {'[spread]':<14}{'model s':>8}{'control':>9}")
    for row in rows:
        for method, runs in row["found"].items():
            walls = [r["wall"] for r in runs]
            controls = [r["control"] for r in runs]
            first = runs[0]
            print(f"{row['name']:<12}{row['budget_mb']:>5}MiB{row['truth']:>6}  {method:<10}{first['batch']:>6}"
                  f"{first['batch'] / row['truth']:>9.3f}{len(first['trials']):>8}{statistics.median(walls):>8.2f}  "
                  f"{f'[{min(walls):.2f}, {max(walls):.2f}]':<14}{statistics.median(r['modelled'] for r in runs):>8.2f}"
                  f"{max(controls) / min(controls):>8.2f}x")
            for r in runs if method == "tfperf" else runs[:1]:  # each repeat's runs: the peaks jitter between them
                print(f"{'':<32}trials (batch: peak MiB): "
                      f"{', '.join(f'{b}: {peak / 2 ** 20:.1f}' for b, peak in r['trials'])} -> {r['batch']}")
        ratio = statistics.median(r["wall"] for r in row["found"]["tfperf"]) / \
            statistics.median(r["wall"] for r in row["found"]["lightning"])
        print(f"{'':<32}wall time tfperf / Lightning-style: {ratio:.2f}")
        print(f"{'':<32}peak at the true largest: jitter {row['jitter_mib']:.1f} MiB over 5 runs, growth over 5% of "
              f"the batch {row['growth_mib']:.1f} MiB: {'well-defined' if row['well_defined'] else 'ILL-POSED'}")
    print("control: the spread (max/min) of one batch-8 step timed before each repeat")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
