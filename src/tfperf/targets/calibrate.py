"""`tfperf targets calibrate`: measure this machine with short micro-benchmarks and write a target file.

What it measures (inside tf.functions, as a model's ops run; the fastest of several runs, since a
busy machine only ever slows a run down):

- per-step overhead: one call of a tf.function with one tiny op;
- matrix peak per dtype: the best FLOP/s of one square MatMul per call (float32, bfloat16,
  float16), the call overhead taken off;
- memory bandwidth: a chain of element-wise Maximum ops over tensors far larger than the last-level
  cache (the difference between a long and a short chain cancels the call; Maximum because
  Grappler rewrites a chain of Adds into one AddN);
- cache bandwidth and per-op launch cost: the same chain at sizes that fit in the cache, fitted as
  time = launch + bytes / bandwidth (least squares).

The vector peak is set to the float32 matrix peak (element-wise work is memory-bound here; the
same FMA units run it). The file it writes loads like a built-in profile: `--target FILE`.
"""

from __future__ import annotations

import datetime
import os
import platform
import time
from dataclasses import dataclass, field
from typing import Callable

MATMUL_SIZES = (512, 1024, 2048)
MATMUL_DTYPES = ("float32", "bfloat16", "float16")
CACHE_SIZES = (1 << 12, 1 << 14, 1 << 16, 1 << 17)  # float32 elements per tensor
DRAM_ELEMENTS = 1 << 24  # 64 MB per tensor


@dataclass
class Calibration:
    name: str
    title: str
    cores: int
    memory_bytes: int
    cache_line_bytes: int
    cache_bytes: int | None
    matrix_flops: dict[str, float] = field(default_factory=dict)  # dtype -> FLOP/s
    memory_bandwidth: float = 0.0  # bytes/s
    cache_bandwidth: float | None = None
    launch_seconds: float = 0.0
    step_overhead_seconds: float = 0.0
    log: list[str] = field(default_factory=list)


def _best_time(fn: Callable[[], object], reps: int) -> float:
    fn()
    fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        _materialize(out)
        times.append(time.perf_counter() - start)
    return min(times)


def _materialize(out) -> None:
    if hasattr(out, "numpy"):
        out.numpy()


def _chain_time(make: Callable[[int], Callable[[], object]], short: int, long: int, reps: int) -> float:
    """Seconds per op: (time of `long` chained ops - time of `short`) / (long - short)."""
    t_long = _best_time(make(long), reps)
    t_short = _best_time(make(short), reps)
    return max(t_long - t_short, 0.0) / (long - short)


def _matmul_flops(tf, n: int, dtype: str, reps: int, overhead: float) -> float:
    a = tf.cast(tf.random.normal([n, n]) / float(n) ** 0.5, dtype)
    b = tf.cast(tf.random.normal([n, n]) / float(n) ** 0.5, dtype)
    matmul = tf.function(lambda x, w: tf.linalg.matmul(x, w))
    seconds = _best_time(lambda: matmul(a, b), reps) - overhead
    return 2 * n ** 3 / seconds if seconds > 0 else 0.0


def _elementwise_time(tf, elements: int, count: int, reps: int) -> float:
    """Seconds per element-wise op (2 reads + 1 write of `elements` floats), launch included."""
    x = tf.random.normal([elements])
    y = tf.random.normal([elements])

    def make(k: int):
        @tf.function
        def chain(a, b):
            for _ in range(k):
                a = tf.math.maximum(a, b)
            return a

        return lambda: chain(x, y)

    return _chain_time(make, 1, 1 + count, reps)


def _fit(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares y = a + b x -> (a, b)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return my - b * mx, b


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
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def calibrate(name: str = "calibrated", *, reps: int = 5, progress: Callable[[str], None] | None = None,
              dtypes: tuple[str, ...] = MATMUL_DTYPES) -> Calibration:
    """Measure this machine (about 10-30 s on a 2-core VM). TensorFlow is imported here."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    say = progress or (lambda _: None)
    model, cores = _cpu_title()
    result = Calibration(name=name, title=f"{model}, {cores} cores (calibrated)", cores=cores,
                         memory_bytes=_memory_bytes(), cache_line_bytes=_sysfs_int(
                             "/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size") or 64,
                         cache_bytes=_last_level_cache())
    x = tf.constant(1.0)
    call = tf.function(lambda v: v + 1.0)
    overhead = _best_time(lambda: call(x), 20 * reps)
    for dtype in dtypes:
        best = 0.0
        for n in MATMUL_SIZES:
            try:
                best = max(best, _matmul_flops(tf, n, dtype, reps, overhead))
            except Exception as exc:  # a dtype this build has no CPU kernel for
                result.log.append(f"matmul {dtype} {n}: {type(exc).__name__}")
                break
        if best > 0:
            result.matrix_flops[dtype] = best
            say(f"matmul {dtype}: {best / 1e9:.1f} GFLOP/s")
    per_op = _elementwise_time(tf, DRAM_ELEMENTS, 3, reps)
    result.memory_bandwidth = 12 * DRAM_ELEMENTS / per_op if per_op > 0 else 0.0
    say(f"memory bandwidth: {result.memory_bandwidth / 1e9:.1f} GB/s (element-wise op, 3 x 64 MB per op)")
    points = [(12.0 * n, _elementwise_time(tf, n, 20, reps)) for n in CACHE_SIZES]
    launch, slope = _fit(points)
    result.launch_seconds = max(launch, 0.0)
    result.cache_bandwidth = 1.0 / slope if slope > 0 else None
    say(f"per-op launch: {result.launch_seconds * 1e6:.1f} µs; in-cache bandwidth: "
        f"{(result.cache_bandwidth or 0) / 1e9:.1f} GB/s")
    result.step_overhead_seconds = max(overhead - result.launch_seconds, 0.0)
    say(f"per-step overhead (tf.function call): {result.step_overhead_seconds * 1e6:.0f} µs")
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
    cache = ""
    if c.cache_bytes and c.cache_bandwidth:
        cache = (f"\n[cache]                   # last-level cache: ops whose bytes fit stream at this rate\n"
                 f"mb = {_f(c.cache_bytes / 1e6)}\nbandwidth_gbs = {_f(c.cache_bandwidth / 1e9)}\n")
    return f'''# Written by `tfperf targets calibrate` on {host}, {when}. Every figure is measured here.
name = "{c.name}"
title = "{c.title}"
kind = "cpu"
device_type = "CPU"
memory_gb = {_f(c.memory_bytes / 1e9)}
memory_bandwidth_gbs = {_f(c.memory_bandwidth / 1e9)}   # element-wise ops over 64 MB tensors
cache_line_bytes = {c.cache_line_bytes}
logical_transpose = "size-one"
hardware_padding = false
compiles_per_shape = false
launch_us = {_f(c.launch_seconds * 1e6)}   # per op: intercept of time = launch + bytes / cache bandwidth
step_overhead_us = {_f(c.step_overhead_seconds * 1e6)}   # per step: one tf.function call
fusion = "epilogue"       # Grappler's remapper fuses Conv2D/MatMul + BiasAdd + activation (oneDNN)
assumptions = [
  "vector peak = the measured float32 matrix peak: element-wise work is memory-bound, on the same FMA units",
  "one op at a time on all cores: TensorFlow's intra-op threads take every core",
  "an op whose bytes fit in the last-level cache streams at the in-cache bandwidth",
]
sources = [
  "measured by tfperf targets calibrate on {host}, {when}: {measured}; {c.memory_bandwidth / 1e9:.1f} GB/s; launch {c.launch_seconds * 1e6:.1f} us",
]

[matrix_tflops]
{matrix}

[vector_tflops]
float32 = {_f(fp32 / 1e12)}

[engines.cores]
title = "{c.cores} cores"
runs = ["matrix", "vector", "dma"]
units = {c.cores}
[engines.cores.matrix_tflops]
{matrix}
[engines.cores.vector_tflops]
float32 = {_f(fp32 / 1e12)}
[engines.cores.fallback]
default = "float32"
{cache}'''
