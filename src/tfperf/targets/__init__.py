"""Device profiles: data files in `data/*.toml`, loaded into `Target`.

Rules read device semantics from here (which transposes are metadata-only, whether convolutions
pad in hardware, the memory bandwidth used to price bytes), never from hard-coded device names.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_TARGET = "gaudi2"

# How a device lays out a transpose: "last-axis" = metadata-only while the fastest-changing axis
# stays in place (Gaudi's graph compiler); "size-one" = only moves of size-1 axes are free (CPU/GPU).
LOGICAL_TRANSPOSE_KINDS = ("last-axis", "size-one")


class UnknownTarget(ValueError):
    pass


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
    matrix_peak: dict[str, float] = field(default_factory=dict)  # FLOP/s by dtype, matrix engine
    vector_peak: dict[str, float] = field(default_factory=dict)  # FLOP/s by dtype, vector engine
    sources: tuple[str, ...] = ()
    host_link_bandwidth: float | None = None  # bytes/s each way between host and device; None on the host

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


def load(name: str | None = None) -> Target:
    name = (name or DEFAULT_TARGET).lower()
    path = resources.files(__package__).joinpath("data", f"{name}.toml")
    if not path.is_file():
        raise UnknownTarget(f"unknown target {name!r}; choose one of: {', '.join(available())}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return _from_toml(name, data)


def _tera(table: dict) -> dict[str, float]:
    return {dtype: float(v) * 1e12 for dtype, v in table.items()}


def _from_toml(name: str, d: dict) -> Target:
    if d["logical_transpose"] not in LOGICAL_TRANSPOSE_KINDS:
        raise ValueError(f"target {name}: logical_transpose must be one of {LOGICAL_TRANSPOSE_KINDS}")
    return Target(
        name=name,
        title=d["title"],
        kind=d["kind"],
        device_type=d["device_type"],
        memory_bytes=int(d["memory_gb"] * 1e9),
        memory_bandwidth=float(d["memory_bandwidth_gbs"]) * 1e9,
        cache_line_bytes=int(d["cache_line_bytes"]),
        logical_transpose=d["logical_transpose"],
        hardware_padding=bool(d["hardware_padding"]),
        compiles_per_shape=bool(d["compiles_per_shape"]),
        matrix_peak=_tera(d.get("matrix_tflops", {})),
        vector_peak=_tera(d.get("vector_tflops", {})),
        sources=tuple(d.get("sources", ())),
        host_link_bandwidth=float(d["host_link_gbs"]) * 1e9 if "host_link_gbs" in d else None,
    )
