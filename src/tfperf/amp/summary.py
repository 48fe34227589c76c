"""`tfperf amp`'s summary of a graph: as traced, with tfperf's plan, and with a Habana config (when
given), each priced by the step model and checked for what TFP701/TFP703/TFP704 look at.

Nothing here imports TensorFlow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tfperf.amp.choose import tfperf_config
from tfperf.amp.convert import converted_graph
from tfperf.amp.habana import Bf16Config
from tfperf.amp.patterns import (
    avoidable,
    cast_between,
    computes_16bit,
    float32_matrix_ops,
    islands,
    outputs_16bit,
    sensitive_16bit,
)
from tfperf.amp.plan import plan
from tfperf.cost.estimate import Estimate, estimate_graph
from tfperf.ir import Graph
from tfperf.targets import Target


@dataclass
class Variant:
    """One way to run the graph, and what the mixed-precision rules would say of it."""

    name: str
    estimate: Estimate
    sixteen_bit: Counter  # op type -> nodes computing in 16-bit
    casts: int  # casts between float32 and 16-bit
    matrix_float32: Counter  # op type -> matrix ops left in float32
    sensitive: list[tuple[str, str, str]]  # (node, op, why) precision-sensitive work in 16-bit
    ping_pongs: int  # cast islands TFP704 reports

    @property
    def step_seconds(self) -> float:
        return self.estimate.step_seconds


@dataclass
class Summary:
    origin: str
    target: str
    sixteen: tuple[str, float] | None  # (dtype, matrix-engine speed-up over float32); None: no gain
    variants: list[Variant]
    config: Bf16Config  # tfperf's plan as a Habana config (what --emit-habana-config writes)
    notes: list[str] = field(default_factory=list)


def summarize(graph: Graph, target: Target, config: Bf16Config | None = None) -> Summary:
    """The graph as traced, with tfperf's plan for `target`, and with `config` (a Habana config:
    bfloat16, as Habana's pass converts) applied."""
    sixteen = target.sixteen_bit()
    dtype = sixteen[0] if sixteen else "bfloat16"
    ours = tfperf_config(graph, target, dtype=dtype)
    variants = [_variant("as traced", graph, target),
                _variant("tfperf's plan", converted_graph(plan(graph, ours, dtype=dtype)), target)]
    if config is not None:
        variants.append(_variant(f"config {config.source}", converted_graph(plan(graph, config)), target))
    notes = []
    if sixteen is None:
        notes.append(f"{target.name}'s matrix engine runs no 16-bit dtype faster than float32: tfperf's plan "
                     "converts only what saves bytes")
    if config is not None and variants[0].sixteen_bit:
        notes.append("the graph already computes in 16-bit (a Keras mixed-precision policy?): Habana's docs say the "
                     "result of enabling both it and the bf16 conversion pass is undefined; use one")
    unknown = variants[0].estimate.ops_unknown
    if unknown:
        notes.append(f"{unknown} ops have open shapes and are not priced: give --batch-size or --input-shape")
    return Summary(graph.origin, target.name, sixteen, variants, ours, notes)


def _variant(name: str, graph: Graph, target: Target) -> Variant:
    sensitive = [(n.name, n.op, why) for n, why in sensitive_16bit(graph)]
    named = {s[0] for s in sensitive}
    sensitive += [(n.name, n.op, "the model's output") for n in outputs_16bit(graph) if n.name not in named]
    return Variant(
        name, estimate_graph(graph, target),
        Counter(n.op for n in graph if computes_16bit(n)),
        sum(1 for n in graph if cast_between(n)),
        Counter(n.op for n in float32_matrix_ops(graph)),
        sensitive,
        sum(1 for island in islands(graph) if avoidable(island)),
    )


def stays_float32(graph: Graph, config: Bf16Config, dtype: str = "bfloat16", limit: int = 15) -> list[tuple[str, int, str]]:
    """(op type, nodes, why) for the ops with float32 data that `config` (tfperf's plan: `Summary.config`)
    leaves in float32, most nodes first."""
    from tfperf.amp import lists
    from tfperf.amp.plan import convertible, key

    chosen = plan(graph, config, dtype=dtype)
    results = {(f, n) for f, n, _ in chosen.outputs}
    unsupported = {key(n) for n in chosen.unsupported}
    counts: Counter = Counter()
    for node in graph:
        if convertible(node) and key(node) not in chosen.converted:
            counts[(node.op, _why_float32(node, config, lists, key(node) in results, key(node) in unsupported))] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(op, count, why) for (op, why), count in ranked[:limit]]


def _why_float32(node, config: Bf16Config, lists, result: bool, unsupported: bool) -> str:
    if result:
        return "a result of the step: it keeps its dtype"
    if unsupported:
        return "no 16-bit kernel where it runs"
    if node.op in lists.SENSITIVE:
        return f"precision-sensitive: {lists.SENSITIVE[node.op]}"
    if node.op in lists.REDUCTIONS:
        return "a reduction: summed in 16-bit it loses terms"
    if config.exception(node.name, node.op) == "never":
        return "tfperf's plan keeps it: with its casts, converting it predicts no shorter step"
    kind = config.listed(node.op)
    if kind == "conditional":
        return "converted next to a 16-bit neighbour, and none is"
    if kind == "strict":
        return "converted when every input is 16-bit, and not every one is"
    return "not on the mixed-precision lists"
