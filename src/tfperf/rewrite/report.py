"""What `tfperf optimize` did, as data (rendered by tfperf.report.optimize). No TensorFlow here."""

from __future__ import annotations

from dataclasses import dataclass, field

from tfperf.findings import Finding
from tfperf.rewrite.bench import Timing, ratio_band
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
    control: Timing | None = None  # the unchanged graph, frozen and rebuilt alike: the noise of a no-op
    inputs: str = ""  # the input shapes it ran: "float32[2, 224, 224, 3]"

    @property
    def speedup(self) -> float:
        """original / optimized median step time: > 1 means faster."""
        return self.original.median / self.optimized.median if self.optimized.median else float("nan")

    @property
    def noise(self) -> tuple[float, float] | None:
        """The p10..p90 band of original / control per round: what a rewrite that changes nothing shows."""
        if self.control is None or not self.control.samples:
            return None
        low, _, high = ratio_band(self.original, self.control)
        return low, high

    @property
    def beyond_noise(self) -> bool | None:
        """Whether the speedup lies outside the no-op control's band (None: no control measured)."""
        band = self.noise
        return None if band is None else not band[0] <= self.speedup <= band[1]


@dataclass(frozen=True)
class Predicted:
    """The step model's time on the target for the original and the optimized graph (None: unpriced)."""

    inputs: str  # the input shapes priced
    before: float | None
    after: float | None


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
    predicted: Predicted | None = None

    @property
    def sites(self) -> int:
        return sum(len(p.sites) for p in self.passes)
