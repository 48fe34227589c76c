"""How fast `tfperf check PATH` lints a large TensorFlow code base: files/s and lines/s, one worker
and all workers.

    python benchmarks/source_lint.py               # a synthetic ~200k-line TF repository
    python benchmarks/source_lint.py --lines 50000
    python benchmarks/source_lint.py path/to/repo  # a real one
    python benchmarks/source_lint.py --warm PATH...  # cold, then warm with the results cache

`--warm` times `tfperf check` as a user runs it (a new process each time, all cores): once with an
empty results cache, then again with nothing changed (what a pre-commit hook or an editor pays).

The synthetic corpus mixes what TF repositories contain: Keras models, tf.nn blocks with pads and
transposes, tf.data pipelines, losses with L2 terms, Estimator code, and plain helper code. Every
file mentions TensorFlow, so nothing is skipped before parsing (the worst case).
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

TEMPLATES = [
    '''
def conv_block_{i}(x, filters_{i}, training=False):
    """A conv block written the old way."""
    x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    x = tf.nn.conv2d(x, filters_{i}, strides=1, padding="VALID")
    x = tf.nn.relu(x)
    y = tf.transpose(x, perm=(0, 3, 1, 2))
    return tf.reduce_mean(y, axis=[2, 3])
''',
    '''
def input_fn_{i}(files, batch_size={b}):
    ds = tf.data.TFRecordDataset(files)
    ds = ds.map(parse_example, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.shuffle(10000).repeat()
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds
''',
    '''
def build_model_{i}(num_classes={b}):
    inputs = keras.Input((224, 224, 3))
    x = layers.ZeroPadding2D(3)(inputs)
    x = layers.Conv2D(64, 7, strides=2, kernel_regularizer=keras.regularizers.l2(1e-4))(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes)(x)
    return keras.Model(inputs, outputs)
''',
    '''
def classification_loss_{i}(logits, labels, model, weight_decay=1e-4):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    sum_exp = tf.reduce_sum(tf.exp(shifted), axis=-1)
    ce = tf.reduce_mean(tf.math.log(sum_exp) - tf.reduce_sum(labels * shifted, axis=-1))
    l2 = weight_decay * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    return ce + l2
''',
    '''
class Trainer{i}:
    """Plain Python: the bulk of any repository."""

    def __init__(self, steps={b}, name="trainer_{i}"):
        self.steps = steps
        self.name = name
        self.history = []

    def log(self, step, values):
        line = ", ".join(f"{{k}}={{v:.4f}}" for k, v in sorted(values.items()))
        self.history.append((step, line))
        if step % 100 == 0:
            print(f"[{{self.name}}] step {{step}}: {{line}}")
        return line

    def summary(self):
        best = min(self.history, key=lambda item: item[0]) if self.history else None
        return {{"steps": self.steps, "best": best, "count": len(self.history)}}
''',
    '''
def estimator_{i}(model_fn, model_dir):
    config = tf.estimator.RunConfig(save_checkpoints_steps={b})
    return tf.estimator.Estimator(model_fn=model_fn, model_dir=model_dir, config=config)
''',
]
HEADER = "import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n\n"


def generate(directory: str, total_lines: int, seed: int = 0) -> tuple[int, int]:
    """Write ~`total_lines` of TF code as files of ~200 lines in packages of 50 files."""
    rng = random.Random(seed)
    files = lines = i = 0
    while lines < total_lines:
        package = os.path.join(directory, f"pkg{files // 50}")
        os.makedirs(package, exist_ok=True)
        parts = [HEADER]
        while sum(p.count("\n") for p in parts) < 200:
            parts.append(rng.choice(TEMPLATES).format(i=i, b=rng.randint(2, 512)))
            i += 1
        text = "".join(parts)
        with open(os.path.join(package, f"module_{files}.py"), "w", encoding="utf-8") as stream:
            stream.write(text)
        files += 1
        lines += text.count("\n")
    return files, lines


def parse_only(path: str) -> float:
    """The floor: reading and `ast.parse` of every file, one process (what any linter must do)."""
    from tfperf.source.discover import discover

    files, _ = discover([path])
    began = time.perf_counter()
    for name in files:
        with open(name, "rb") as stream:
            ast.parse(stream.read())
    return time.perf_counter() - began


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: what the work costs, whatever else
    the machine is doing (wall time on a shared machine mostly measures the neighbours)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(path: str, jobs: int) -> tuple[float, float, object]:
    from tfperf.source import lint_paths

    began, cpu = time.perf_counter(), _cpu()
    result = lint_paths([path], target="gaudi2", jobs=jobs)
    return time.perf_counter() - began, _cpu() - cpu, result


def cli_run(paths: list[str], workdir: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one `tfperf check PATH...` process run in `workdir` (its results cache
    is `workdir/.tfperf_cache`)."""
    began, cpu = time.perf_counter(), _cpu()
    subprocess.run([sys.executable, "-m", "tfperf", "check", "--statistics", *paths], cwd=workdir,
                   stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - began, _cpu() - cpu


def warm(paths: list[str]) -> None:
    paths = [os.path.abspath(p) for p in paths]
    with tempfile.TemporaryDirectory(prefix="tfperf-cache-") as workdir:
        cold = cli_run(paths, workdir)
        runs = [cli_run(paths, workdir) for _ in range(3)]
    best = min(runs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    print(f"cold: {cold[0]:.2f} s ({cold[1]:.2f} CPU s); warm: {best[0]:.2f} s ({best[1]:.2f} CPU s); "
          f"warm/cold {best[0] / cold[0]:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="*", help="lint this tree instead of a synthetic one")
    parser.add_argument("--lines", type=int, default=200_000, help="size of the synthetic corpus")
    parser.add_argument("--warm", action="store_true", help="time the CLI cold, then with its results cache")
    args = parser.parse_args()
    if args.warm:
        return warm(args.path or ["."])
    args.path = args.path[0] if args.path else None
    with tempfile.TemporaryDirectory(prefix="tfperf-bench-") as tmp:
        path = args.path or tmp
        if not args.path:
            files, lines = generate(tmp, args.lines)
            print(f"synthetic corpus: {files} files, {lines} lines in {tmp}")
        cores = os.cpu_count() or 1
        rows = []
        for jobs in sorted({1, cores}):
            seconds, cpu, result = measure(path, jobs)
            rows.append((jobs, seconds, cpu, result))
        base = rows[0][1]
        began, cpu = time.perf_counter(), _cpu()
        parse_only(path)
        floor, floor_cpu = time.perf_counter() - began, _cpu() - cpu
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average {load:.1f} on {cores} cores; ast.parse alone: {floor:.2f} s ({floor_cpu:.2f} CPU s); "
              f"tfperf with 1 worker: {rows[0][2] / floor_cpu:.2f}x its CPU time")
        print(f"{'workers':>7} {'seconds':>8} {'files/s':>9} {'lines/s':>10} {'CPU s':>7} {'lines/CPU s':>12} "
              f"{'findings':>9} {'speed-up':>8}")
        for jobs, seconds, cpu, result in rows:
            print(f"{jobs:>7} {seconds:>8.2f} {result.files / seconds:>9.0f} {result.lines / seconds:>10.0f} "
                  f"{cpu:>7.2f} {result.lines / cpu:>12.0f} {len(result.findings):>9} {base / seconds:>7.2f}x")
        if any(r.errors for *_, r in rows):
            print(f"errors: {len(rows[0][3].errors)} (first: {rows[0][3].errors[0]})", file=sys.stderr)


if __name__ == "__main__":
    main()
