"""`tfperf targets calibrate`: measure this machine with short micro-benchmarks and write a target file.

What it measures (inside tf.functions, as a model's ops run). All micro-benchmarks run round-robin
for `reps` rounds and each keeps its fastest run: other work only ever slows a run down, and on a
machine whose speed drifts (a VM sharing cores) the rounds spread each benchmark's runs over the
whole calibration.

- per-step overhead: one call of a tf.function with one tiny op;
- matrix peak per dtype: the best FLOP/s of one square MatMul per call (float32, bfloat16,
  float16), the call overhead taken off;
- per-op launch cost and bandwidth by op size: a chain of element-wise Maximum ops (the difference
  between a long and a short chain cancels the call; Maximum because Grappler rewrites a chain of
  Adds into one AddN) over tensors from 1 kB to 96 MB. TensorFlow runs small ops inline on one
  thread and shards larger ones over the cores, which costs a jump in per-op time; the sizes
  below the jump, those up to the last-level cache and those beyond it are fitted separately as
  time = launch + bytes / bandwidth (least squares): size tiers of the target, the last one its
  memory bandwidth.

- efficiency per op type or class: a few ops of common shapes (convolutions and their gradients,
  depthwise convolutions, reductions, tiles, pads and concats, pooling, element-wise ops with a
  broadcast or a transcendental), each repeated on inputs of its own and priced as the step model
  prices it with the figures above (roofline + size tier); the predicted / measured ratio
  (geometric mean over the shapes) is the share of the roofline TensorFlow's CPU kernels reach
  here. Datasheet targets have none (they assume the roofline).

The vector peak is set to the float32 matrix peak (element-wise work is memory-bound here; the
same FMA units run it). The matrix geometry is one SIMD register of float32 lanes per output
column block (16 with AVX-512, 8 with AVX2), read from the CPU's flags: a matrix op whose output
columns (channels) are not a multiple of it fills the lanes partly. The file it writes loads like a
built-in profile: `--target FILE`.
"""

from __future__ import annotations

import datetime
import os
import platform
import time
from dataclasses import dataclass, field
from typing import Callable

from tfperf.targets import GIB

MATMUL_SIZES = (512, 1024, 2048)
MATMUL_DTYPES = ("float32", "bfloat16", "float16")
ELEMENTWISE_SIZES = tuple(1 << k for k in range(8, 24))  # float32 elements per tensor: 1 kB .. 32 MB
CHAIN = 12  # ops in the long chain


@dataclass
class Calibration:
    name: str
    title: str
    cores: int
    memory_bytes: int
    cache_line_bytes: int
    cache_bytes: int | None
    simd_lanes: int = 1  # float32 lanes of one vector register
    matrix_flops: dict[str, float] = field(default_factory=dict)  # dtype -> FLOP/s
    memory_bandwidth: float = 0.0  # bytes/s, beyond every tier
    launch_seconds: float = 0.0  # per op, beyond every tier
    tiers: list[tuple[int, float, float]] = field(default_factory=list)  # (up to bytes, launch s, bytes/s)
    step_overhead_seconds: float = 0.0
    points: list[tuple[int, float]] = field(default_factory=list)  # (bytes per op, seconds per op)
    efficiency: dict[str, float] = field(default_factory=dict)  # op type or class -> share of the roofline
    log: list[str] = field(default_factory=list)


def _materialize(out) -> None:
    if hasattr(out, "numpy"):
        out.numpy()


class _Rounds:
    """Micro-benchmarks run round-robin, `rounds` times each, keeping each one's fastest run: on a
    machine whose speed drifts (a VM sharing cores), every benchmark gets runs spread over the whole
    calibration, so the fastest ones come from the same quiet moments."""

    def __init__(self):
        self.thunks: dict[tuple, Callable[[], object]] = {}
        self.best: dict[tuple, float] = {}
        self.failed: dict[tuple, str] = {}

    def add(self, key: tuple, thunk: Callable[[], object]) -> None:
        self.thunks[key] = thunk

    def run(self, rounds: int) -> None:
        for key, thunk in list(self.thunks.items()):  # warm up: tracing, first-touch allocations
            try:
                _materialize(thunk())
                _materialize(thunk())
            except Exception as exc:  # e.g. a dtype this build has no CPU kernel for
                self.failed[key] = type(exc).__name__
                del self.thunks[key]
        for _ in range(rounds):
            for key, thunk in self.thunks.items():
                start = time.perf_counter()
                _materialize(thunk())
                elapsed = time.perf_counter() - start
                if elapsed < self.best.get(key, float("inf")):
                    self.best[key] = elapsed


def _matmul(tf, n: int, dtype: str):
    a = tf.cast(tf.random.normal([n, n]) / float(n) ** 0.5, dtype)
    b = tf.cast(tf.random.normal([n, n]) / float(n) ** 0.5, dtype)
    matmul = tf.function(lambda x, w: tf.linalg.matmul(x, w))
    return lambda: matmul(a, b)


def _elementwise_chain(tf, elements: int, length: int, inputs: int):
    """`length` element-wise ops (2 reads + 1 write of `elements` floats each). Each op reads the last
    one's result and a tensor of its own, which no op touched lately (as a model's ops read
    activations written long before). Every chain takes the same `inputs` tensors, so the difference
    between two chains is their ops, not their arguments."""
    x = tf.random.normal([elements])
    ys = [tf.random.normal([elements]) for _ in range(inputs)]

    @tf.function
    def chain(a, bs):
        for b in bs[:length]:
            a = tf.math.maximum(a, b)
        return a

    return lambda: chain(x, ys)


@dataclass
class Case:
    """One efficiency micro-benchmark: `op` on input tensors of `shapes`, with its FLOPs and bytes
    counted as tfperf's op class table counts them (inputs + outputs; `work` "matrix" or "vector")."""

    key: str  # the op type or op class it measures
    op: Callable
    shapes: tuple
    flops: int
    nbytes: int


def _size(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def efficiency_cases(tf) -> list[Case]:
    """Common shapes of CNN and Transformer steps (batch 8), float32."""
    raw = tf.raw_ops
    cases = []
    for x, w in (((8, 56, 56, 64), (3, 3, 64, 64)), ((8, 28, 28, 128), (1, 1, 128, 512))):
        out = (*x[:3], w[3])
        flops = 2 * _size(out) * w[0] * w[1] * w[2]
        nbytes = 4 * (_size(x) + _size(w) + _size(out))  # each reads two of the three and writes the third
        cases += [
            Case("Conv2D", lambda a, f: tf.nn.conv2d(a, f, 1, "SAME"), (x, w), flops, nbytes),
            Case("Conv2DBackpropInput", lambda f, g, x=x: raw.Conv2DBackpropInput(
                input_sizes=list(x), filter=f, out_backprop=g, strides=[1, 1, 1, 1], padding="SAME"),
                (w, out), flops, nbytes),
            Case("Conv2DBackpropFilter", lambda a, g, w=w: raw.Conv2DBackpropFilter(
                input=a, filter_sizes=list(w), out_backprop=g, strides=[1, 1, 1, 1], padding="SAME"),
                (x, out), flops, nbytes),
        ]
    for x, w in (((8, 56, 56, 144), (3, 3, 144, 1)), ((8, 14, 14, 576), (3, 3, 576, 1))):
        cases.append(Case("depthwise", lambda a, f: tf.nn.depthwise_conv2d(a, f, [1, 1, 1, 1], "SAME"), (x, w),
                          2 * _size(x) * 9, 4 * (2 * _size(x) + _size(w))))
    act, vec, tokens, weights = (8, 56, 56, 256), (256,), (8 * 128, 768), (2_359_296,)
    n_act, n_tok = _size(act), _size(tokens)
    cases += [
        Case("reduction", lambda a: tf.reduce_sum(a, [0, 1, 2]), (act,), n_act, 4 * (n_act + 256)),
        Case("reduction", lambda a: tf.reduce_mean(a, -1), (tokens,), n_tok, 4 * (n_tok + 1024)),
        Case("reduction", lambda a: tf.nn.softmax(a), (tokens,), 5 * n_tok, 8 * n_tok),
        Case("movement", lambda v: tf.tile(tf.reshape(v, [1, 1, 1, 256]), [8, 56, 56, 1]), (vec,), 0,
             4 * (n_act + 256)),
        Case("movement", lambda a: tf.pad(a, [[0, 0], [1, 1], [1, 1], [0, 0]]), ((8, 56, 56, 64),), 0,
             4 * 8 * 64 * (56 * 56 + 58 * 58)),
        Case("movement", lambda a, b: tf.concat([a, b], -1), ((8, 28, 28, 128), (8, 28, 28, 128)), 0,
             4 * 4 * 8 * 28 * 28 * 128),
        Case("pool", lambda a: tf.nn.max_pool2d(a, 3, 2, "SAME"), (act,), 9 * n_act // 4, 4 * (n_act + n_act // 4)),
        Case("elementwise", lambda a, v: a * v, (act, vec), n_act, 4 * (2 * n_act + 256)),
        Case("elementwise", lambda a: tf.math.sigmoid(a), (act,), n_act, 8 * n_act),
        Case("elementwise", lambda a: tf.math.square(a), (weights,), weights[0], 8 * weights[0]),
        Case("random", lambda a: tf.random.stateless_uniform(tf.shape(a), [1, 2]), (act,), n_act, 4 * n_act),
    ]
    return cases


EFFICIENCY_REPEATS = 3  # ops in the long run of a case (the short run has one)


def _case_runs(tf, case: Case):
    """Two thunks: one op, and EFFICIENCY_REPEATS ops, each op on inputs of its own (which no op
    touched lately). Both functions take every input, so their difference is the ops alone."""
    sets = [[tf.random.normal(shape) for shape in case.shapes] for _ in range(EFFICIENCY_REPEATS)]

    def make(k: int):
        @tf.function
        def run(inputs):
            return tf.add_n([tf.reshape(case.op(*tensors), [-1])[:1] for tensors in inputs[:k]])

        return lambda: run(sets)

    return make(1), make(EFFICIENCY_REPEATS)


def _predicted(case: Case, c: "Calibration") -> float:
    """What tfperf.cost computes for `case` on the calibrated figures at efficiency 1: the roofline
    (float32 matrix peak, the size tier's bandwidth) plus the size tier's launch."""
    launch, bandwidth = c.launch_seconds, c.memory_bandwidth
    for up_to, tier_launch, tier_bandwidth in c.tiers:
        if case.nbytes <= up_to:
            launch, bandwidth = tier_launch, tier_bandwidth
            break
    peak = c.matrix_flops.get("float32", 0.0)
    compute = case.flops / peak if case.flops and peak else 0.0
    return max(compute, case.nbytes / bandwidth) + launch


def _efficiencies(cases: list[Case], bench: _Rounds, c: "Calibration", say) -> dict[str, float]:
    """Predicted / measured time per efficiency key (geometric mean over its cases)."""
    import math

    small = c.tiers[0][1] if c.tiers else c.launch_seconds
    ratios: dict[str, list[float]] = {}
    for i, case in enumerate(cases):
        short, long = bench.best.get(("case", i, 1)), bench.best.get(("case", i, EFFICIENCY_REPEATS))
        if short is None or long is None:
            continue
        measured = (long - short) / (EFFICIENCY_REPEATS - 1) - 3 * small  # less its reshape, slice and add
        if measured > 0:
            ratios.setdefault(case.key, []).append(_predicted(case, c) / measured)
    found = {}
    for key, values in ratios.items():
        found[key] = min(max(math.exp(sum(math.log(r) for r in values) / len(values)), 0.05), 2.0)
        say(f"{key}: {100 * found[key]:.0f}% of the roofline")
    return found


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares y = a + b x -> (a, b)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


def _simd_lanes() -> int:
    flags = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = line
                    break
    except OSError:
        pass
    words = set(flags.split())
    return 16 if "avx512f" in words else 8 if "avx2" in words or "avx" in words else 4


def tiers_from(points: list[tuple[int, float]], cache_bytes: int | None
               ) -> tuple[list[tuple[int, float, float]], float, float]:
    """Size tiers from (bytes per op, seconds per op) measurements, by increasing size: the inline
    tier (below the jump in per-op time where ops start to be sharded over the cores), the in-cache
    tier (up to the last-level cache) and the rest. Returns (tiers, launch beyond, bandwidth beyond)."""
    points = sorted(points)
    jump = next((k for k in range(1, len(points))
                 if points[k][1] > 3 * points[k - 1][1] and points[k][1] > 10e-6), None)
    groups: list[list[tuple[int, float]]] = []
    rest = points
    if jump is not None:
        groups.append(points[:jump])
        rest = points[jump:]
    if cache_bytes:
        inside = [p for p in rest if p[0] <= cache_bytes]
        beyond = [p for p in rest if p[0] > cache_bytes]
        if len(inside) >= 2 and beyond:
            groups.append(inside)
            rest = beyond
    groups.append(rest)
    fitted = []
    for group in groups:
        if len(group) >= 2:
            launch, slope = _fit([(float(b), t) for b, t in group])
        else:
            launch, slope = 0.0, group[0][1] / group[0][0]
        if slope <= 0 or launch < 0:  # noise: bandwidth from the largest size, launch from the smallest
            slope = max(group[-1][1] - group[0][1], 1e-15) / max(group[-1][0] - group[0][0], 1)
            launch = max(group[0][1] - group[0][0] * slope, 0.0)
        fitted.append((group[-1][0], launch, 1.0 / slope))
    tiers = fitted[:-1]
    return tiers, fitted[-1][1], fitted[-1][2]


def _cpu_title() -> tuple[str, int]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return model, cores


def _sysfs_int(path: str) -> int | None:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read().strip()
    except OSError:
        return None
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    digits = text[:-1] if text[-1:] in "KMG" else text
    return int(digits) * scale if digits.isdigit() else None


def _last_level_cache() -> int | None:
    base = "/sys/devices/system/cpu/cpu0/cache"
    best = None
    for k in range(8):
        size = _sysfs_int(f"{base}/index{k}/size")
        if size is not None and (best is None or size > best):
            best = size
    return best


def _memory_bytes() -> int:
    return proc_bytes("/proc/meminfo", "MemTotal") or 0


def proc_bytes(path: str, key: str) -> int | None:
    """A "Key:  N kB" line of a /proc file (meminfo, self/status) in bytes; None where there is none."""
    try:
        with open(path, encoding="ascii") as stream:
            for line in stream:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def calibrate(name: str = "calibrated", *, reps: int = 5, progress: Callable[[str], None] | None = None,
              dtypes: tuple[str, ...] = MATMUL_DTYPES, efficiencies: bool = True) -> Calibration:
    """Measure this machine (about 15-30 s on a 2-core VM). TensorFlow is imported here."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    say = progress or (lambda _: None)
    model, cores = _cpu_title()
    result = Calibration(name=name, title=f"{model}, {cores} cores (calibrated)", cores=cores,
                         memory_bytes=_memory_bytes(), cache_line_bytes=_sysfs_int(
                             "/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size") or 64,
                         cache_bytes=_last_level_cache(), simd_lanes=_simd_lanes())
    bench = _Rounds()
    x = tf.constant(1.0)
    call = tf.function(lambda v: v + 1.0)
    bench.add(("call",), lambda: call(x))
    for dtype in dtypes:
        for n in MATMUL_SIZES:
            bench.add(("matmul", dtype, n), _matmul(tf, n, dtype))
    for n in ELEMENTWISE_SIZES:
        for length in (1, 1 + CHAIN):
            bench.add(("chain", n, length), _elementwise_chain(tf, n, length, 1 + CHAIN))
    cases = efficiency_cases(tf) if efficiencies else []
    for i, case in enumerate(cases):
        short, long = _case_runs(tf, case)
        bench.add(("case", i, 1), short)
        bench.add(("case", i, EFFICIENCY_REPEATS), long)
    say(f"{len(bench.thunks)} micro-benchmarks, {reps} rounds")
    bench.run(reps)
    result.log.extend(f"{' '.join(map(str, key))}: {error}" for key, error in bench.failed.items())
    overhead = bench.best[("call",)]
    for dtype in dtypes:
        times = [(n, bench.best[("matmul", dtype, n)]) for n in MATMUL_SIZES if ("matmul", dtype, n) in bench.best]
        best = max((2 * n ** 3 / (t - overhead) for n, t in times if t > overhead), default=0.0)
        if best > 0:
            result.matrix_flops[dtype] = best
            say(f"matmul {dtype}: {best / 1e9:.1f} GFLOP/s")
    result.points = [(12 * n, max(bench.best[("chain", n, 1 + CHAIN)] - bench.best[("chain", n, 1)], 0.0) / CHAIN)
                     for n in ELEMENTWISE_SIZES]
    result.tiers, result.launch_seconds, result.memory_bandwidth = tiers_from(result.points, result.cache_bytes)
    for up_to, launch, bandwidth in result.tiers:
        say(f"ops up to {up_to / 1e6:.2f} MB: {launch * 1e6:.1f} µs + bytes at {bandwidth / 1e9:.1f} GB/s")
    say(f"larger ops: {result.launch_seconds * 1e6:.1f} µs + bytes at {result.memory_bandwidth / 1e9:.1f} GB/s")
    result.step_overhead_seconds = max(overhead - result.launch_seconds, 0.0)
    say(f"per-step overhead (tf.function call): {result.step_overhead_seconds * 1e6:.0f} µs")
    if cases:
        result.efficiency = _efficiencies(cases, bench, result, say)
    return result


def _f(value: float, digits: int = 4) -> str:
    return f"{value:.{digits}g}"


def to_toml(c: Calibration) -> str:
    """The target file text (TOML) of a calibration."""
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    host = platform.node() or "this machine"
    matrix = "\n".join(f"{dtype} = {_f(flops / 1e12)}" for dtype, flops in c.matrix_flops.items())
    fp32 = c.matrix_flops.get("float32") or max(c.matrix_flops.values(), default=0.0)
    measured = ", ".join(f"{d} {v / 1e9:.1f} GFLOP/s" for d, v in c.matrix_flops.items())
    tiers = "".join(f"\n[[size_tiers]]\nup_to_mb = {_f(up_to / 1e6, 6)}\nlaunch_us = {_f(launch * 1e6)}\n"
                    f"bandwidth_gbs = {_f(bandwidth / 1e9)}\n" for up_to, launch, bandwidth in c.tiers)
    curve = ", ".join(f"{b / 1e6:.3g} MB {t * 1e6:.3g} us" for b, t in c.points)
    efficiency = ""
    if c.efficiency:
        efficiency = ("[engines.cores.efficiency]  # measured / predicted time of common ops, by op type or class\n"
                      + "".join(f"{key} = {_f(value, 3)}\n" for key, value in c.efficiency.items()))
    return f'''# Written by `tfperf targets calibrate` on {host}, {when}. Every figure is measured here.
name = "{c.name}"
title = "{c.title}"
kind = "cpu"
device_type = "CPU"
memory_gib = {_f(c.memory_bytes / GIB)}
memory_bandwidth_gbs = {_f(c.memory_bandwidth / 1e9)}   # ops beyond the size tiers (below)
cache_line_bytes = {c.cache_line_bytes}
logical_transpose = "size-one"
hardware_padding = false
compiles_per_shape = false
launch_us = {_f(c.launch_seconds * 1e6)}   # per op beyond the size tiers: intercept of time = launch + bytes / bandwidth
step_overhead_us = {_f(c.step_overhead_seconds * 1e6)}   # per step: one tf.function call
fusion = "epilogue"       # Grappler's remapper fuses Conv2D/MatMul + BiasAdd + activation (oneDNN)
assumptions = [
  "vector peak = the measured float32 matrix peak: element-wise work is memory-bound, on the same FMA units",
  "one op at a time on all cores: TensorFlow's intra-op threads take every core",
  "element-wise Maximum stands for every op's launch and streaming cost at its size (size tiers)",
  "a matrix op's output columns (channels) are computed in blocks of one SIMD register of float32 lanes",
]
sources = [
  "measured by tfperf targets calibrate on {host}, {when}: {measured}; {c.memory_bandwidth / 1e9:.1f} GB/s; launch {c.launch_seconds * 1e6:.1f} us",
  "element-wise op time by bytes per op: {curve}",
  "SIMD: {c.simd_lanes} float32 lanes per register (/proc/cpuinfo flags)",
]

[matrix_tflops]
{matrix}

[vector_tflops]
float32 = {_f(fp32 / 1e12)}

[engines.cores]
title = "{c.cores} cores"
runs = ["matrix", "vector", "dma"]
units = {c.cores}
geometry = [[1, {c.simd_lanes}]]  # output columns in blocks of one SIMD register
[engines.cores.matrix_tflops]
{matrix}
[engines.cores.vector_tflops]
float32 = {_f(fp32 / 1e12)}
[engines.cores.fallback]
default = "float32"
{efficiency}{tiers}'''
