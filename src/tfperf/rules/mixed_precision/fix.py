"""The TFP701 rewrite (numerics, opt-in with `tfperf optimize --bf16`): the graph in mixed precision.

tfperf's plan for the graph on the target (`tfperf.amp.choose`: the ops whose 16-bit version,
casts included, the step model prices cheaper) is written into the GraphDef: each converted node's
"T" becomes 16-bit, and each boundary tensor gets one Cast (a constant is converted in place; a
cast back of a 16-bit tensor is skipped). The graph's results keep their dtype. Results change by
rounding, so the pipeline verifies it within a tolerance instead of exactly.

ctx options: "bf16" (the dtype to convert to, or None: the pass is off), "bf16_supported" (op
type -> whether this machine has a 16-bit kernel for it; ops without one stay float32),
"bf16_stored" (the weights the pipeline will store in 16-bit: their casts cost nothing per call).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Iterator

from tfperf.amp.choose import tfperf_config
from tfperf.amp.convert import CAST_SUFFIX, Boundary, boundaries
from tfperf.amp.plan import Plan, plan
from tfperf.ir import Graph, Node
from tfperf.rewrite.passes import Pass, Site
from tfperf.rules.base import CheckContext
from tfperf.amp.patterns import float32_matrix_ops

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rewrite.graph_edit import GraphEdit


class ConvertToMixedPrecision(Pass):
    """Every op tfperf's plan picks, in 16-bit, with the casts it takes (one site: the plan is one
    decision over the whole graph, named by its costliest float32 matrix op as TFP701 names it)."""

    name = "mixed-precision"
    summary = "ops whose 16-bit version the step model prices cheaper (matmuls, convolutions and their neighbours) " \
              "converted to bfloat16, with the casts it takes"
    rank = 95  # after the exact passes: they are verified exactly before this one is verified within a tolerance
    numerics = True
    stores_cast_weights = True  # an inference graph: each weight is rounded to 16-bit once, not per call

    def enabled(self, ctx: CheckContext) -> bool:
        return bool(ctx.option("bf16"))

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        if any(CAST_SUFFIX in n.name for n in graph):
            return  # converted already (a pass runs in rounds until it finds nothing)
        matrix = float32_matrix_ops(graph)
        chosen = self.plan(graph, ctx)
        if not any(chosen.is_converted(n) for n in matrix):
            return
        yield Site(matrix[0].name, (), frozenset(n.name for n in graph), _describe(chosen),
                   lambda edit, chosen=chosen: write(edit, chosen))

    @staticmethod
    def plan(graph: Graph, ctx: CheckContext) -> Plan:
        dtype = ctx.option("bf16")
        kernels = ctx.option("bf16_supported") or {}

        def supported(node: Node) -> bool:  # the rewrite edits the top level, where a kernel exists here
            return node.function is None and kernels.get(node.op, True)

        stored = frozenset(ctx.option("bf16_stored") or ())
        config = tfperf_config(graph, ctx.target, dtype=dtype, supported=supported, stored=stored)
        return plan(graph, config, dtype=dtype, supported=supported)


def _describe(chosen: Plan) -> str:
    ops = Counter(n.op for n in chosen.nodes())
    casts = sum(1 for b in boundaries(chosen) if b.how == "cast")
    top = ", ".join(f"{op} x{n}" for op, n in ops.most_common(4))
    return f"{sum(ops.values())} ops in {chosen.dtype} ({top}{', ...' if len(ops) > 4 else ''}), {casts} casts"


def write(edit: "GraphEdit", chosen: Plan) -> None:
    """The plan written into the GraphDef: node types first, then one edit per boundary."""
    for node in chosen.nodes():
        edit.set_type(node.name, "T", chosen.dtype)
    for boundary in boundaries(chosen):
        _place(edit, boundary, chosen.dtype)


def _place(edit: "GraphEdit", b: Boundary, dtype: str) -> None:
    tensor = b.producer.name if b.index == 0 else f"{b.producer.name}:{b.index}"
    if b.how == "constant":
        edit.retype_const(b.producer.name, b.to)
        return
    if b.how == "bypass":
        new = edit.node(b.producer.name).input[0]
    else:
        source = dtype if b.to == "float32" else "float32"
        new = edit.add_cast(b.cast_name, tensor, source, b.to)
    for reader, slot in b.readers:
        edit.node(reader.name).input[slot] = new
