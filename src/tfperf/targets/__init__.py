"""Device profiles: data files in `data/*.toml` (or any file `tfperf targets calibrate` writes),
loaded into `Target`.

Rules read device semantics from here (which transposes are metadata-only, whether convolutions
pad in hardware, the memory bandwidth used to price bytes), never from hard-coded device names.
The step model (`tfperf.cost`) reads the target's engines: which kinds of work each one runs
("matrix", "vector", "dma"), its peak per dtype, the matrix geometry, the per-op launch cost.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_TARGET = "gaudi2"

# How a device lays out a transpose: "last-axis" = metadata-only while the fastest-changing axis
# stays in place (Gaudi's graph compiler); "size-one" = only moves of size-1 axes are free (CPU/GPU).
LOGICAL_TRANSPOSE_KINDS = ("last-axis", "size-one")


# The kinds of work an engine runs (tfperf.cost maps each op class to one of them).
WORK_KINDS = ("matrix", "vector", "dma")
FUSION_MODES = ("none", "epilogue", "chains")

# Device memory comes in binary units: an "80 GB" A100 has 81,920 MiB (nvidia-smi), a "96 GB" Gaudi 2
# six 16 GiB HBM2E stacks. Profiles state it as `memory_gib`; `memory_gb` (decimal) is still read,
# for files written before and for hosts measured in bytes.
GIB = 2 ** 30


class UnknownTarget(ValueError):
    pass


@dataclass(frozen=True)
class Engine:
    """One compute or copy engine of a device: what it runs and how fast.

    `matrix_peak` prices matrix work (MatMul, convolutions), `vector_peak` element-wise work and
    reductions, both FLOP/s by dtype; a dtype missing from a table falls back through `fallback`
    (e.g. bfloat16 -> float32 on a CPU without bf16 arithmetic), else the work is unpriced.
    `geometry` lists the output tiles (rows, cols) one unit of a matrix engine computes at a time,
    in each configuration it can take; with `units` of them, a matrix op whose dims do not fill
    whole tiles (and whole waves of tiles over the units) uses the engine partly.
    """

    name: str
    title: str
    runs: tuple[str, ...]
    matrix_peak: dict[str, float] = field(default_factory=dict)
    vector_peak: dict[str, float] = field(default_factory=dict)
    fallback: dict[str, str] = field(default_factory=dict)
    geometry: tuple[tuple[int, int], ...] = ()
    units: int = 1
    bandwidth: float | None = None  # bytes/s of its own; None: the device memory's
    # measured share of the roofline an op type (or op class) reaches, e.g. {"reduction": 0.3};
    # only calibrated targets have it (datasheet targets assume the roofline)
    efficiency: dict[str, float] = field(default_factory=dict)

    def efficiency_of(self, op: str, op_class: str) -> float:
        return self.efficiency.get(op) or self.efficiency.get(op_class) or 1.0

    def peak(self, work: str, dtype: str | None) -> float | None:
        """FLOP/s of `work` ("matrix" or "vector") in `dtype`, following the fallback table."""
        table = self.matrix_peak if work == "matrix" else self.vector_peak
        seen = set()
        name = dtype or ""
        while name not in table and name not in seen:
            seen.add(name)
            name = self.fallback.get(name) or self.fallback.get("default", "")
        return table.get(name)


@dataclass(frozen=True)
class SizeTier:
    """Ops that touch at most `up_to_bytes` cost `launch_seconds` + bytes / `bandwidth` (on a CPU,
    TensorFlow runs small ops inline on one thread and shards larger ones over the cores; a cache
    holds what fits). Ops beyond every tier use the target's launch cost and memory bandwidth."""

    up_to_bytes: int
    launch_seconds: float
    bandwidth: float


@dataclass(frozen=True)
class Host:
    """The host CPU and its link, as the step model prices ops left on the host."""

    memory_bandwidth: float  # bytes/s
    launch_seconds: float


@dataclass(frozen=True)
class Target:
    name: str
    title: str
    kind: str  # "hpu", "gpu" or "cpu"
    device_type: str  # TensorFlow device type: HPU, GPU, CPU
    memory_bytes: int
    memory_bandwidth: float  # bytes/s
    cache_line_bytes: int
    logical_transpose: str
    hardware_padding: bool  # convolutions/pools pad in hardware, so a separate Pad is extra work
    compiles_per_shape: bool  # a new input shape triggers a recompilation (Gaudi, XLA)
    xla_compiled: bool = False  # models usually run compiled by XLA here: graph rewrites keep them compilable
    # whether the device's software runs TensorFlow 1: where it does not (Gaudi's runs TensorFlow 2 only), code
    # written for TensorFlow 1 runs there once ported to TensorFlow 2 (`tf.compat.v1`), and is judged so
    runs_tensorflow_1: bool = True
    matrix_peak: dict[str, float] = field(default_factory=dict)  # FLOP/s by dtype, matrix engine
    vector_peak: dict[str, float] = field(default_factory=dict)  # FLOP/s by dtype, vector engine
    sources: tuple[str, ...] = ()
    host_link_bandwidth: float | None = None  # bytes/s each way between host and device; None on the host
    # the step model (tfperf.cost): engines, per-op launch cost, compiler fusion, stated assumptions
    engines: tuple[Engine, ...] = ()
    launch_seconds: float = 0.0  # per op an engine runs (kernel launch, executor dispatch)
    step_overhead_seconds: float = 0.0  # per step, whatever the graph (a tf.function call)
    fusion: str = "none"  # "none", "epilogue" (into the matrix op), "chains" (element-wise chains)
    size_tiers: tuple[SizeTier, ...] = ()  # by increasing size: launch and bandwidth of smaller ops
    host: Host | None = None
    assumptions: tuple[str, ...] = ()
    path: str | None = None  # the file it was loaded from, when not a built-in profile

    def launch_and_bandwidth(self, nbytes: int) -> tuple[float, float]:
        """(per-op launch seconds, bytes/s) for an op that touches `nbytes`."""
        for tier in self.size_tiers:
            if nbytes <= tier.up_to_bytes:
                return tier.launch_seconds, tier.bandwidth
        return self.launch_seconds, self.memory_bandwidth

    def engine_for(self, work: str) -> Engine | None:
        """The engine that runs `work` ("matrix", "vector", "dma"): the first that lists it."""
        for engine in self.engines:
            if work in engine.runs:
                return engine
        return None

    def sixteen_bit(self) -> tuple[str, float] | None:
        """(dtype, speed-up of the matrix engine over float32) for the 16-bit dtype the matrix engine
        runs fastest, bfloat16 first; None when neither is faster than float32 here (a figure
        borrowed through the engine's fallback table is the float32 rate: no gain)."""
        engine = self.engine_for("matrix")
        fp32 = engine.peak("matrix", "float32") if engine is not None else 0.0
        if not fp32:
            return None
        for dtype in ("bfloat16", "float16"):  # bfloat16 first: float32's range, no loss scaling
            gain = (engine.peak("matrix", dtype) or 0.0) / fp32
            if gain > 1.0:
                return dtype, gain
        return None

    @property
    def is_accelerator(self) -> bool:
        return self.kind != "cpu"

    def transpose_is_logical(self, perm: tuple[int, ...], shape: tuple | None = None) -> bool:
        """Whether a transpose with `perm` only rewrites metadata on this device.

        Axes of size 1 never move data, so they are dropped before judging the permutation;
        an axis of unknown size counts as a real one.
        """
        real = [p for p in perm if shape is None or len(shape) != len(perm) or shape[p] != 1]
        if real == sorted(real):
            return True  # only size-1 axes moved: a reshape
        if self.logical_transpose == "last-axis":
            return real[-1] == max(real)  # the fastest-changing real axis stays innermost
        return False

    def transpose_traffic(self, nbytes: int, last_axis_bytes: int) -> int:
        """DMA bytes of a physical transpose: a full read + write, with each read of the source's
        fastest-changing run rounded up to whole cache lines."""
        lines = math.ceil(last_axis_bytes / self.cache_line_bytes) * self.cache_line_bytes
        return int(nbytes * lines / last_axis_bytes) + nbytes

    def seconds_for_bytes(self, nbytes: int | None) -> float | None:
        return None if nbytes is None else nbytes / self.memory_bandwidth

    def seconds_over_host_link(self, nbytes: int | None) -> float | None:
        """Time to copy `nbytes` between host and device (one way), e.g. around an op on the host."""
        if nbytes is None or self.host_link_bandwidth is None:
            return None
        return nbytes / self.host_link_bandwidth


def available() -> list[str]:
    return sorted(p.name[:-5] for p in resources.files(__package__).joinpath("data").iterdir()
                  if p.name.endswith(".toml"))


def is_path(name: str) -> bool:
    """Whether `--target` names a file (e.g. one `tfperf targets calibrate` wrote), not a profile."""
    return name.endswith(".toml") or os.sep in name or (os.altsep is not None and os.altsep in name)


def load(name: str | None = None) -> Target:
    """A built-in profile by name (`tfperf targets`), or a target file by path (ends in .toml)."""
    name = name or DEFAULT_TARGET
    if is_path(name):
        return load_file(name)
    name = name.lower()
    path = resources.files(__package__).joinpath("data", f"{name}.toml")
    if not path.is_file():
        raise UnknownTarget(f"unknown target {name!r}; choose one of: {', '.join(available())}, "
                            "or a path to a target file (.toml)")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _from_toml(name, data)


def load_file(path: str | os.PathLike) -> Target:
    """A target file: its `name` key, else the file's stem, names it."""
    file = Path(path)
    if not file.is_file():
        raise UnknownTarget(f"target file {str(path)!r} does not exist")
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        target = _from_toml(str(data.get("name") or file.stem), data)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        missing = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        raise UnknownTarget(f"target file {str(path)!r} is not a valid target: {missing}") from None
    return replace(target, path=str(file))


def _tera(table: dict) -> dict[str, float]:
    return {dtype: float(v) * 1e12 for dtype, v in table.items()}


def _engine(name: str, d: dict) -> Engine:
    runs = tuple(d.get("runs", ()))
    bad = [w for w in runs if w not in WORK_KINDS]
    if bad:
        raise ValueError(f"engine {name}: runs {bad}; each must be one of {WORK_KINDS}")
    geometry = tuple((int(h), int(w)) for h, w in d.get("geometry", ()))
    bandwidth = d.get("bandwidth_gbs")
    return Engine(
        name=name, title=str(d.get("title", name)), runs=runs,
        matrix_peak=_tera(d.get("matrix_tflops", {})), vector_peak=_tera(d.get("vector_tflops", {})),
        fallback={str(k): str(v) for k, v in d.get("fallback", {}).items()},
        geometry=geometry, units=int(d.get("units", 1)),
        bandwidth=float(bandwidth) * 1e9 if bandwidth is not None else None,
        efficiency={str(k): float(v) for k, v in d.get("efficiency", {}).items() if float(v) > 0},
    )


def _step_model(name: str, d: dict) -> dict:
    """The Target fields of the step model, from the file's engine sections (all optional)."""
    fusion = d.get("fusion", "none")
    if fusion not in FUSION_MODES:
        raise ValueError(f"target {name}: fusion must be one of {FUSION_MODES}")
    host = d.get("host")
    tiers = sorted((SizeTier(int(float(t["up_to_mb"]) * 1e6), float(t["launch_us"]) * 1e-6,
                             float(t["bandwidth_gbs"]) * 1e9) for t in d.get("size_tiers", ())),
                   key=lambda t: t.up_to_bytes)
    return dict(
        engines=tuple(_engine(engine, spec) for engine, spec in d.get("engines", {}).items()),
        launch_seconds=float(d.get("launch_us", 0.0)) * 1e-6,
        step_overhead_seconds=float(d.get("step_overhead_us", 0.0)) * 1e-6,
        fusion=fusion,
        size_tiers=tuple(tiers),
        host=Host(float(host["memory_bandwidth_gbs"]) * 1e9, float(host.get("launch_us", 0.0)) * 1e-6)
        if host else None,
        assumptions=tuple(d.get("assumptions", ())),
    )


def memory_text(nbytes: float | None, decimals: int = 1) -> str:
    """A memory size in the binary units device memory, the allocator and `--memory-budget MIB` use."""
    if nbytes is None:
        return "?"
    for unit, size in (("GiB", GIB), ("MiB", 2 ** 20), ("KiB", 2 ** 10)):
        if abs(nbytes) >= size:
            return f"{nbytes / size:.{decimals}f} {unit}"
    return f"{nbytes:.0f} B"


def _memory_bytes(name: str, d: dict) -> int:
    if ("memory_gib" in d) == ("memory_gb" in d):
        raise ValueError(f"target {name}: give the device memory as exactly one of memory_gib, memory_gb")
    return int(d["memory_gib"] * GIB) if "memory_gib" in d else int(d["memory_gb"] * 1e9)


def _from_toml(name: str, d: dict) -> Target:
    if d["logical_transpose"] not in LOGICAL_TRANSPOSE_KINDS:
        raise ValueError(f"target {name}: logical_transpose must be one of {LOGICAL_TRANSPOSE_KINDS}")
    return Target(
        name=name,
        title=d["title"],
        kind=d["kind"],
        device_type=d["device_type"],
        memory_bytes=_memory_bytes(name, d),
        memory_bandwidth=float(d["memory_bandwidth_gbs"]) * 1e9,
        cache_line_bytes=int(d["cache_line_bytes"]),
        logical_transpose=d["logical_transpose"],
        hardware_padding=bool(d["hardware_padding"]),
        compiles_per_shape=bool(d["compiles_per_shape"]),
        xla_compiled=bool(d.get("xla_compiled", False)),
        runs_tensorflow_1=bool(d.get("runs_tensorflow_1", True)),
        matrix_peak=_tera(d.get("matrix_tflops", {})),
        vector_peak=_tera(d.get("vector_tflops", {})),
        sources=tuple(d.get("sources", ())),
        host_link_bandwidth=float(d["host_link_gbs"]) * 1e9 if "host_link_gbs" in d else None,
        **_step_model(name, d),
    )
