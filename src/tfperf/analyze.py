"""Run the rules over captured graphs and tf.data pipelines. Pure orchestration: no TensorFlow, no reporting."""

from __future__ import annotations

from typing import Iterable, Sequence

from tfperf import targets
from tfperf.findings import CheckContext, Finding, all_rules, selected
from tfperf.ir import Graph
from tfperf.pipeline_ir import Pipeline
from tfperf.targets import Target


def check_graph(graph: Graph, target: Target | str | None = None, *, select: Sequence[str] = (),
                ignore: Sequence[str] = (), options: dict | None = None) -> list[Finding]:
    """Every finding of the selected rules on one captured graph, sorted by place."""
    return _run_rules(lambda rule, ctx: rule.check_graph(graph, ctx), graph.origin, target, select, ignore, options)


def check_pipeline(pipeline: Pipeline, target: Target | str | None = None, *, select: Sequence[str] = (),
                   ignore: Sequence[str] = (), options: dict | None = None) -> list[Finding]:
    """Every finding of the selected rules on one captured tf.data pipeline, sorted by place."""
    return _run_rules(lambda rule, ctx: rule.check_pipeline(pipeline, ctx), pipeline.origin, target, select, ignore,
                      options)


def _run_rules(check, origin: str, target, select, ignore, options) -> list[Finding]:
    if not isinstance(target, Target):
        target = targets.load(target)
    ctx = CheckContext(target, origin, options)
    findings: list[Finding] = []
    for rule_cls in all_rules():
        if selected(rule_cls.code, select, ignore):
            findings.extend(check(rule_cls(), ctx))
    return sorted(findings, key=Finding.sort_key)


def check_graphs(graphs: Iterable[Graph], target: Target | str | None = None, **kw) -> list[Finding]:
    return [f for g in graphs for f in check_graph(g, target, **kw)]


def check(obj, input_specs=None, *, target: Target | str | None = None, batch_size: int | None = None,
          select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Finding]:
    """Capture a Keras model, tf.function or callable (`input_specs`: [(shape, dtype), ...] where it
    has no signature) and return its findings on `target`: the notebook entry point."""
    from tfperf.capture import from_object

    graph = from_object(obj, getattr(obj, "name", None) or getattr(obj, "__name__", type(obj).__name__),
                        input_specs, batch_size)
    return check_graph(graph, target, select=select, ignore=ignore)
