"""Run the rules over captured graphs. Pure orchestration: no TensorFlow, no reporting."""

from __future__ import annotations

from typing import Iterable, Sequence

from tfperf import targets
from tfperf.findings import CheckContext, Finding, all_rules, selected
from tfperf.ir import Graph
from tfperf.targets import Target


def check_graph(graph: Graph, target: Target | str | None = None, *, select: Sequence[str] = (),
                ignore: Sequence[str] = (), options: dict | None = None) -> list[Finding]:
    """Every finding of the selected rules on one captured graph, sorted by place."""
    if not isinstance(target, Target):
        target = targets.load(target)
    ctx = CheckContext(target, graph.origin, options)
    findings: list[Finding] = []
    for rule_cls in all_rules():
        if selected(rule_cls.code, select, ignore):
            findings.extend(rule_cls().check_graph(graph, ctx))
    return sorted(findings, key=Finding.sort_key)


def check_graphs(graphs: Iterable[Graph], target: Target | str | None = None, **kw) -> list[Finding]:
    return [f for g in graphs for f in check_graph(g, target, **kw)]
