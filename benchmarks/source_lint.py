"""How fast `tfperf check PATH` lints a large TensorFlow code base: files/s and lines/s, one worker
and all workers.

    python benchmarks/source_lint.py               # a synthetic ~200k-line TF repository
    python benchmarks/source_lint.py --lines 50000
    python benchmarks/source_lint.py path/to/repo  # a real one
    python benchmarks/source_lint.py --warm PATH...  # cold, then warm with the results cache
    python benchmarks/source_lint.py --warm --runs 5 --cold-runs 3 PATH...
    python benchmarks/source_lint.py --compare /tmp/old/src --cold-runs 5 PATH...  # A/B, interleaved

`--warm` times `tfperf check` as a user runs it (a new process each time, all cores): with an empty
results cache (cold), then again with nothing changed (warm: what a pre-commit hook or an editor
pays). It prints the median and the spread of the runs, in wall and CPU seconds, beside a control
that does not change with tfperf (`python -c "import click"`: the interpreter and the CLI library),
timed between the warm runs: when the control moves, the machine did.

`--compare OLD_SRC` times cold runs of another tfperf (a source tree on `PYTHONPATH`, e.g. one
unpacked by `git archive <commit> | tar -x -C /tmp/old`) against this one, interleaved (old, new,
old, new...) so that a change in the machine's load falls on both arms alike; each run in a fresh
directory (empty cache). It prints each arm's median and spread, the load average around each
pair, and the ratios new / old: wall, CPU, and the CPU split between the main process and its
workers. Two copies of the same tree (`--compare` against an identical copy) give the noise.

CPU includes the worker processes: `tfperf check` ends with os._exit without waiting for them, so
the benchmark makes itself their subreaper (Linux) and waits for them after the main process has
exited (wall is until the main process exits, what a user waits for). Elsewhere only the main
process's CPU is counted, and `--compare` says so.

Both modes byte-compile each tfperf source tree they time first (`compileall`, as `pip install`
leaves an installed package): this environment sets `PYTHONDONTWRITEBYTECODE=1`, so otherwise a
tree with stale or partial `__pycache__` would compile part of tfperf in every run (~0.1 s) and an
A/B would favour whichever tree happened to have bytecode.

The synthetic corpus mixes what TF repositories contain: Keras models, tf.nn blocks with pads and
transposes, tf.data pipelines, losses with L2 terms, Estimator code, and plain helper code. Every
file mentions TensorFlow, so nothing is skipped before parsing (the worst case).
"""

from __future__ import annotations

import argparse
import ast
import compileall
import os
import random
import resource
import statistics
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
    """CPU seconds of this process and its finished workers (once reaped: `_reaped`): what the work costs,
    whatever else the machine is doing (wall time on a shared machine mostly measures the neighbours)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(path: str, jobs: int) -> tuple[float, float, object]:
    from tfperf.source import lint_paths

    began, cpu = time.perf_counter(), _cpu()
    result = lint_paths([path], target="gaudi2", jobs=jobs)
    wall = time.perf_counter() - began
    _reaped()  # (the workers, asked to end, are not waited for: their CPU counts once they are)
    return wall, _cpu() - cpu, result


def timed(command: list[str], workdir: str, env: dict | None = None) -> tuple[float, float, float]:
    """(wall, CPU, the CPU of the command's own process) seconds of one command, its workers' CPU
    included (`_reaped`); wall is until the command's process exits (what its user waits for)."""
    _become_subreaper()
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL)
    _, _, own = os.wait4(process.pid, 0)
    wall = time.perf_counter() - began
    process.returncode = 0  # (reaped here: Popen must not wait for it again)
    parent = own.ru_utime + own.ru_stime
    return wall, parent + _reaped(), parent


def _become_subreaper() -> bool:
    """Make this process the one the command's orphans are handed to (Linux' child subreaper), so that
    their CPU can be counted: `tfperf check` ends with os._exit without waiting for its worker processes,
    which then belong to no process that waits for them, and RUSAGE_CHILDREN never sees their CPU (the
    workers do ~85% of a large project's work). False where the system has no subreapers."""
    global _SUBREAPER
    if _SUBREAPER is None:
        _SUBREAPER = False
        if sys.platform.startswith("linux"):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            _SUBREAPER = libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    return _SUBREAPER


_PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
_SUBREAPER: bool | None = None


def _reaped(timeout: float = 60.0) -> float:
    """CPU seconds of the orphaned processes (the workers of the command just run) handed to this process,
    once each has exited (they end as soon as their parent has: a closed pipe)."""
    total, deadline = 0.0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break  # none left
        if pid == 0:
            time.sleep(0.005)  # (still running)
            continue
        total += usage.ru_utime + usage.ru_stime
    return total


def cli_run(paths: list[str], workdir: str) -> tuple[float, float, float]:
    """(wall, CPU, the main process's CPU) seconds of one `tfperf check PATH...` process run in `workdir`
    (its results cache is `workdir/.tfperf_cache`)."""
    return timed([sys.executable, "-m", "tfperf", "check", "--statistics", *paths], workdir)


def _cli_arm(paths: list[str], src: str) -> tuple[float, float, float]:
    """(wall, CPU, the main process's CPU) of one cold `tfperf check` with the tfperf of source tree `src`."""
    env = {**os.environ, "PYTHONPATH": src}
    with tempfile.TemporaryDirectory(prefix="tfperf-ab-") as workdir:
        return timed([sys.executable, "-m", "tfperf", "check", "--statistics", *paths], workdir, env)


def _this_src() -> str:
    """The source tree of the tfperf this interpreter imports."""
    return os.path.dirname(os.path.dirname(os.path.abspath(__import__("tfperf").__file__)))


def _byte_compile(src: str) -> None:
    """Write the bytecode of the tfperf in `src` (see the module's docstring for why)."""
    if not compileall.compile_dir(os.path.join(src, "tfperf"), quiet=1):
        raise SystemExit(f"error: {src}: tfperf does not compile")


def compare(paths: list[str], old_src: str, runs: int) -> None:
    """Cold runs of the tfperf in `old_src` and of this one, interleaved."""
    paths = [os.path.abspath(p) for p in paths]
    new_src = _this_src()
    for src in (old_src, new_src):
        _byte_compile(src)
    arms: dict[str, list[tuple[float, float, float]]] = {"old": [], "new": []}
    loads = []
    for i in range(runs):
        for arm in (("old", "new") if i % 2 == 0 else ("new", "old")):  # alternate which goes first
            arms[arm].append(_cli_arm(paths, old_src if arm == "old" else new_src))
        loads.append(os.getloadavg()[0])
        print(f"pair {i + 1}: old {arms['old'][-1][0]:.2f} s / {arms['old'][-1][1]:.2f} CPU s, "
              f"new {arms['new'][-1][0]:.2f} s / {arms['new'][-1][1]:.2f} CPU s, load {loads[-1]:.1f}", flush=True)
    print(f"load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores; old = {old_src}, new = {new_src}")
    if not _become_subreaper():
        print("(no subreaper on this system: CPU is the main process's alone, its workers' left out)")
    for arm, label in (("old", "old"), ("new", "new")):
        print(_spread(label, arms[arm]))
    columns = ((0, "wall"), (1, "CPU"), (2, "main process CPU"), (None, "workers' CPU"))
    for column, what in columns:
        ratio = _median(arms["new"], column) / max(_median(arms["old"], column), 1e-9)
        print(f"new/old {what} {ratio:.3f} (medians)")


def _median(runs: list[tuple[float, float, float]], column: int | None) -> float:
    """The median of one column of the runs (None: the workers' CPU, all of it but the main process's)."""
    return statistics.median(r[1] - r[2] if column is None else r[column] for r in runs)


def _spread(label: str, runs: list[tuple[float, ...]]) -> str:
    walls, cpus = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
    line = (f"{label:<8} {statistics.median(walls):6.2f} s wall ({walls[0]:.2f}-{walls[-1]:.2f}), "
            f"{statistics.median(cpus):6.2f} CPU s ({cpus[0]:.2f}-{cpus[-1]:.2f})")
    if all(len(r) > 2 for r in runs):
        main = sorted(r[2] for r in runs)
        line += f", of which the main process {statistics.median(main):.2f} ({main[0]:.2f}-{main[-1]:.2f})"
    return f"{line}, {len(runs)} runs"


def warm(paths: list[str], runs: int = 5, cold_runs: int = 1) -> None:
    paths = [os.path.abspath(p) for p in paths]
    _byte_compile(_this_src())
    colds, warms, control = [], [], []
    for _ in range(cold_runs):
        with tempfile.TemporaryDirectory(prefix="tfperf-cache-") as workdir:
            colds.append(cli_run(paths, workdir))
            if not warms:
                for _ in range(runs):
                    warms.append(cli_run(paths, workdir))
                    control.append(timed([sys.executable, "-c", "import click"], workdir))
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    print(_spread("cold", colds))
    print(_spread("warm", warms))
    print(_spread("control", control))
    print(f"warm/cold {statistics.median(r[0] for r in warms) / statistics.median(r[0] for r in colds):.3f} (wall)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="*", help="lint this tree instead of a synthetic one")
    parser.add_argument("--lines", type=int, default=200_000, help="size of the synthetic corpus")
    parser.add_argument("--warm", action="store_true", help="time the CLI cold, then with its results cache")
    parser.add_argument("--runs", type=int, default=5, help="--warm: warm runs (and control runs)")
    parser.add_argument("--cold-runs", type=int, default=1, help="--warm, --compare: cold runs (per arm), "
                                                                    "each with an empty cache")
    parser.add_argument("--compare", metavar="OLD_SRC", help="interleaved cold runs of the tfperf in OLD_SRC "
                                                             "(on PYTHONPATH) and this one")
    args = parser.parse_args()
    if args.compare:
        return compare(args.path or ["."], args.compare, args.cold_runs)
    if args.warm:
        return warm(args.path or ["."], args.runs, args.cold_runs)
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
