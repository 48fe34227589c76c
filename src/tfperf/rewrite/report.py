"""What `tfperf optimize` did, as data (rendered by tfperf.report.optimize). No TensorFlow here."""

from __future__ import annotations

from dataclasses import dataclass, field

from tfperf.findings import Finding
from tfperf.rewrite.bench import Timing
from tfperf.rewrite.verify import Verification


@dataclass(frozen=True)
class SiteReport:
    node: str
    description: str
    finding: Finding | None = None  # the finding this site resolves, as `tfperf check` reports it
    grappler_removes: bool | None = None  # whether TensorFlow's Grappler removes it too (None: not measured)


@dataclass(frozen=True)
class PassReport:
    name: str
    codes: tuple[str, ...]
    sites: tuple[SiteReport, ...]


@dataclass(frozen=True)
class BenchReport:
    device: str
    original: Timing
    optimized: Timing
    grappler_nodes: tuple[int, int]  # top-level nodes after Grappler: original, optimized

    @property
    def speedup(self) -> float:
        """original / optimized median step time: > 1 means faster."""
        return self.original.median / self.optimized.median if self.optimized.median else float("nan")


@dataclass
class OptimizeReport:
    origin: str
    target: str
    passes: list[PassReport]
    nodes: tuple[int, int]  # top-level nodes before, after
    verification: Verification | None  # None: skipped (--no-verify)
    bench: BenchReport | None = None
    notes: list[str] = field(default_factory=list)
    saved_to: str | None = None

    @property
    def sites(self) -> int:
        return sum(len(p.sites) for p in self.passes)
