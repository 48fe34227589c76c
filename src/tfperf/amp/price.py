"""What mixed precision buys on a target: the 16-bit dtype its matrix engine runs fastest, and
the step model's predicted step time of a graph in float32 and after a conversion.

Nothing here imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass

from tfperf.amp.convert import boundaries, converted_graph
from tfperf.amp.habana import Bf16Config
from tfperf.amp.choose import tfperf_config
from tfperf.amp.plan import Plan, plan
from tfperf.cost.estimate import Estimate, estimate_graph
from tfperf.ir import Graph
from tfperf.targets import Target



@dataclass
class MixedPrice:
    """A graph's predicted step in float32 and with a conversion plan applied."""

    plan: Plan
    fp32: Estimate
    mixed: Estimate
    casts: int  # Cast nodes the conversion adds

    @property
    def saved_seconds(self) -> float:
        return self.fp32.step_seconds - self.mixed.step_seconds

    @property
    def speedup(self) -> float:
        return self.fp32.step_seconds / self.mixed.step_seconds if self.mixed.step_seconds > 0 else float("nan")


def compare(graph: Graph, target: Target, config: Bf16Config | None = None, *, dtype: str | None = None,
            baseline: Estimate | None = None) -> MixedPrice:
    """Price `graph` as it is (or `baseline`, its estimate already made) and with `config` applied
    (default: tfperf's own plan for it) in `dtype` (default: the target's fastest 16-bit dtype)."""
    dtype = dtype or (target.sixteen_bit() or ("bfloat16", 1.0))[0]
    chosen = plan(graph, config or tfperf_config(graph, target, dtype=dtype), dtype=dtype)
    mixed = converted_graph(chosen)
    casts = sum(1 for b in boundaries(chosen) if b.how == "cast")
    return MixedPrice(chosen, baseline or estimate_graph(graph, target), estimate_graph(mixed, target), casts)
