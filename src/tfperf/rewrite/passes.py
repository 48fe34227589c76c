"""Graph passes, the generic part: a pass is a pattern over the IR (the rule's own judgement) and a
replacement written on the GraphDef. Each pass lives beside the rule it fixes (`tfperf/rules/<section>/fix.py`)
and is named by that rule's `fix_pass`; `tfperf.rewrite.pipeline` collects them in rule-code order.

A pass runs in rounds: capture the current GraphDef as IR, find the sites, apply those that share
no node with a site already taken this round, repeat until no site is left (a fold can expose
another: two transposes merge, then cancel against a third). Only the top level is rewritten;
While/If bodies and other functions are left as they are.

Nothing here imports TensorFlow or numpy at import time: rules import this module, and the source
linter imports the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, ClassVar, Iterator

from tfperf.ir import Graph, Node

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rewrite.freeze import Frozen
    from tfperf.rewrite.graph_edit import GraphEdit
    from tfperf.rules.base import CheckContext

MAX_ROUNDS = 20  # every round removes nodes, so this bound is never the reason a pass stops


@dataclass(frozen=True)
class Site:
    """One place a pass rewrites."""

    node: str  # the node the rule's finding names (how a site is matched to its finding)
    removes: tuple[str, ...]  # nodes the rewrite deletes (to ask whether Grappler deletes them too)
    touches: frozenset[str]  # every node it reads or changes: sites of one round never share one
    description: str
    apply: Callable[["GraphEdit"], None] = field(compare=False, repr=False)


class Pass:
    """A pattern -> replacement rewrite. Subclasses yield Sites for the current graph.

    `code` is the code of the rule whose `fix_pass` it is (set when the passes are collected).
    """

    name: ClassVar[str]
    summary: ClassVar[str]
    # the ctx option whose value "measure" keeps the pass's rewrites only if they are faster here
    # (such a pass runs last, see tfperf.rewrite.pipeline)
    measure_option: ClassVar[str | None] = None
    nothing_to_measure: ClassVar[str] = "no site to measure"
    # the order passes run in (then rule code): see tfperf.rewrite.pipeline.passes_for
    rank: ClassVar[int] = 50
    # changes results by rounding (mixed precision): verified within a tolerance, never exactly;
    # such a pass is opt-in and ranks after every exact one
    numerics: ClassVar[bool] = False
    # after its rewrites, a weight read only by casts to one dtype is stored in that dtype (exact:
    # rounded once as every call's cast rounded it)
    stores_cast_weights: ClassVar[bool] = False

    def __init__(self, code: str = ""):
        self.code = code

    def enabled(self, ctx: "CheckContext") -> bool:
        """Whether this run asked for the pass (an opt-in pass checks its option here)."""
        return True

    def measured(self, ctx: "CheckContext") -> bool:
        return self.measure_option is not None and ctx.option(self.measure_option) == "measure"

    def forced(self, ctx: "CheckContext") -> bool:
        """The user asked for every site whatever the target's prices say (e.g. --mme-reductions=always)."""
        return self.measure_option is not None and ctx.option(self.measure_option) == "always"

    def sites(self, graph: Graph, ctx: "CheckContext") -> Iterator[Site]:
        raise NotImplementedError

    def run(self, frozen: "Frozen", ctx: "CheckContext", only: set[str] | None = None) -> tuple["Frozen", list[Site]]:
        """Apply every site (or only those whose node is in `only`) until none is left."""
        from tfperf.rewrite.graph_edit import GraphEdit

        done: list[Site] = []
        for _ in range(MAX_ROUNDS):
            graph = frozen.ir()
            taken: set[str] = set()
            edit = GraphEdit(frozen.graph_def)
            for site in self.sites(graph, ctx):
                if (only is None or site.node in only) and not taken & site.touches:
                    site.apply(edit)
                    taken |= site.touches
                    done.append(site)
            if not taken:
                break
            frozen = frozen.with_graph(edit.graph_def)
        if done and self.stores_cast_weights:
            from tfperf.rewrite.freeze import store_cast_weights

            frozen = store_cast_weights(frozen)
        return frozen, done


def top_level(graph: Graph, *ops: str) -> list[Node]:
    """Nodes of `ops` outside function bodies, whose edges no control dependency pins down."""
    pinned = {c for n in graph if n.function is None for c in n.control_inputs}
    return [n for n in graph.by_op(*ops) if n.function is None and n.name not in pinned]


def neighbourhood(graph: Graph, *nodes: Node) -> frozenset[str]:
    """`nodes` with their producers and readers: what a rewrite of them reads or rewires."""
    names = {n.name for n in nodes}
    for node in nodes:
        names.update(ref.node for ref in node.inputs)
        names.update(reader.name for reader, _ in graph.consumers(node))
    return frozenset(names)


def describe(node: Node) -> str:
    """"Conv2D conv1_conv": the op and its layer (or its name), as site descriptions name nodes."""
    return f"{node.op} {node.layer or node.name}"
