"""Orchestration: capture -> what the rules need (placement, the step estimate) -> rules -> findings,
ranked by what fixing each saves on the step; capture -> step estimate.

The only module that calls both capture and the rules: a rule never reads TensorFlow itself; what
it needs besides the graph (where each op runs, the predicted step) is worked out here and handed in
through its `CheckContext`. No reporting here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import IO, Any, Iterable, Iterator, Sequence

from tfperf import targets
from tfperf.batch.advice import Advice, Options, advise_batched, is_training_step
from tfperf.batch.convergence import critical_batch
from tfperf.batch.rebatch import BatchedGraph, BatchError
from tfperf.cost.estimate import Estimate, estimate_graph
from tfperf.cost.estimate import batch_size as traced_batch
from tfperf.cost.measured import Comparison, Profile, compare
from tfperf.cost.whatif import Change, step_share
from tfperf.findings import Finding, StepShare
from tfperf.ir import Graph
from tfperf.pipeline_ir import Pipeline
from tfperf.placement import Placement, PlacementReport, from_devices, fully_placed, host_groups
from tfperf.rules.base import CheckContext, get_rule, selected_rules
from tfperf.targets import Target


def check_graph(graph: Graph, target: Target | str | None = None, *, select: Sequence[str] = (),
                ignore: Sequence[str] = (), options: dict | None = None,
                placement: Placement | None = None, estimate: Estimate | None = None,
                rank: bool = True, profile: Profile | None = None, batch: Advice | None = None) -> list[Finding]:
    """Every finding of the selected rules on one captured graph. `placement`: where each op runs
    when the caller knows (a dump, a run); else worked out here if a rule needs it. `estimate`: the
    graph's predicted step on `target`, else worked out here when a rule needs it or `rank`. `batch`:
    the training step's batch advice (`batch_advice`), else worked out here when a rule needs it.
    options["bf16_config"] (a tfperf.amp.habana.Bf16Config): check the graph as that config converts
    it (then `placement` and `estimate`, if given, must be of the converted graph).

    With `rank`, each finding carries what fixing it saves on the predicted step (`Finding.step`),
    and they are sorted by that saving, largest first; else by place. `profile` (a measured run,
    `tfperf.capture.profile.read_profile`) adds the measured time of each finding's ops."""
    target = _target(target)
    rules = selected_rules(select, ignore)
    options = dict(options or {})
    if options.get("bf16_config") is not None and "bf16_plan" not in options:  # else converted already
        graph = _as_converted(graph, options)
    if placement is None and any("placement" in rule.needs for rule in rules):
        placement = placement_of(graph, target, xla=bool(options.get("xla")))
    if estimate is None and (rank or any("estimate" in rule.needs for rule in rules)):
        estimate = estimate_graph(graph, target)
    if batch is None and any("batch" in rule.needs for rule in rules):
        batch = batch_advice(graph, target, options)
    ctx = CheckContext(target, graph.origin, options, placement, estimate, batch=batch)
    measured = None
    if rank and profile is not None:
        measured = estimate.measured if estimate.measured is not None else compare(estimate, profile)
    findings = []
    for rule in rules:
        checker = rule()
        findings.extend(_ranked(f, checker, graph, ctx, measured) if rank else f
                        for f in checker.check_graph(graph, ctx))
    return _sorted(findings)


def _ranked(finding: Finding, checker, graph: Graph, ctx: CheckContext, measured: Comparison | None) -> Finding:
    """`finding` with what fixing it saves on the step (unless its rule said already), and with the
    measured time of the ops that fix changes (else of its located nodes) when a profile is given."""
    change = None
    if finding.step is None:
        change = checker.step_change(finding, graph, ctx)
        finding = replace(finding, step=step_share(ctx.estimate, change))
    if measured is None:
        return finding
    keys = change.keys if change is not None and change.keys else \
        [(loc.graph.function, loc.graph.node) for loc in finding.locations if loc.graph is not None]
    return replace(finding, step=replace(finding.step, measured_seconds=measured.seconds_of(keys)))


def _as_converted(graph: Graph, options: dict) -> Graph:
    """The graph as a Habana bf16 config converts it (`--bf16-config`): the rules then report what
    the config leaves in float32, what it converts that it should not, and the casts it adds."""
    from tfperf.amp import converted_graph, plan

    options["bf16_plan"] = plan(graph, options["bf16_config"])
    return converted_graph(options["bf16_plan"])


def check_pipeline(pipeline: Pipeline, target: Target | str | None = None, *, select: Sequence[str] = (),
                   ignore: Sequence[str] = (), options: dict | None = None) -> list[Finding]:
    """Every finding of the selected rules on one captured tf.data pipeline, sorted by place."""
    ctx = CheckContext(_target(target), pipeline.origin, options)
    return _sorted(finding for rule in selected_rules(select, ignore)
                   for finding in rule().check_pipeline(pipeline, ctx))


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


# ---------------------------------------------------------------------------------------------
# the step estimate (`tfperf estimate`, `tfperf.estimate`; the model itself is tfperf.cost, TF-free)


def estimate(model: Any = None, *, target: Target | str | None = None, input_shapes: Sequence | None = None,
             batch_size: int | None = None, train: bool = False, label_shapes: Sequence | None = None,
             saved_model: str | None = None, signature: str | None = None, graph_def: str | None = None,
             fusion: str | None = None, trace: str | IO[str] | None = None, top: int = 10,
             profile: str | Profile | None = None) -> Estimate:
    """Predict one step of `model` on `target`: step time, samples/s, engine use, critical path,
    matrix-engine gaps, peak memory, the ops whose cost is unknown, and the findings ranked by what
    fixing each saves on the step (`result.findings`).

    `model`: a `tfperf.ir.Graph`, a Keras model (compiled, with `train=True`, for the training
    step), a tf.function / ConcreteFunction / function (with `input_shapes`), a zero-argument
    factory of one, or a "pkg.module:attr" / "file.py:attr" string; or give `saved_model=` (a
    directory; name the `signature` when it has several) or `graph_def=` (a .pb / .pbtxt file).
    `input_shapes`: [(shape, dtype), ...] or ["8,224,224,3", "8,128:int32"]. `target`: a profile
    name, a Target, or a .toml target file (`tfperf targets calibrate` writes one). `fusion`:
    "none", "epilogue" or "chains" instead of the target's own. `trace`: a path or text stream to
    write the predicted timeline to, in the Chrome trace event format. `profile`: a TensorBoard profile
    of a real run of the same step (a logdir, a run directory or an .xplane.pb file, or a Profile read
    already): its measured times go beside the predicted ones (`result.measured`).
    """
    if isinstance(profile, str):
        from tfperf.capture.profile import read_profile

        profile = read_profile(profile)
    graph = _graph(model, input_shapes, batch_size, train, label_shapes, saved_model, signature, graph_def)
    result = estimate_with_findings(graph, target, fusion=fusion, top=top, profile=profile)
    if trace is not None:
        from tfperf.cost.trace import write_trace

        if isinstance(trace, str):
            with open(trace, "w", encoding="utf-8") as stream:
                write_trace(result, stream)
        else:
            write_trace(result, trace)
    return result


def estimate_with_findings(graph: Graph, target: Target | str | None = None, *, fusion: str | None = None,
                           top: int = 10, profile: Profile | None = None, select: Sequence[str] = (),
                           ignore: Sequence[str] = (), options: dict | None = None,
                           placement: Placement | None = None, batch: Advice | None = None) -> Estimate:
    """The predicted step of a captured graph, with the profile's measurements beside it (when given)
    and the graph's findings ranked by what fixing each saves on it (`result.findings`)."""
    result = estimate_graph(graph, target, fusion=fusion, top=top)
    if profile is not None:
        result.measured = compare(result, profile)
    result.findings = check_graph(graph, result.target, select=select, ignore=ignore, estimate=result,
                                  profile=profile, options=options, placement=placement, batch=batch)
    return result


@dataclass
class GraphReport:
    """What the HTML report shows of one graph: its step with the findings ranked on it, the host
    placement behind its TFP5xx findings, and what fixing every finding together saves."""

    estimate: Estimate
    placement: PlacementReport
    combined: StepShare | None
    batch: Advice | None = None  # memory and throughput against the batch, when it can be varied
    precision: Any = None  # tfperf.amp.summary.Summary: the step in float32 and mixed
    float32: list = field(default_factory=list)  # (op, nodes, why) tfperf's plan leaves in float32


def report_graph(graph: Graph, target: Target | str | None = None, *, select: Sequence[str] = (),
                 ignore: Sequence[str] = (), options: dict | None = None,
                 profile: Profile | None = None) -> GraphReport:
    """One graph, worked out once for every section of the report (placement, step, findings, the
    batch curve: its step traced once more, at another batch, when a Keras model's batch can be varied;
    the step in float32 and mixed). With options["bf16_config"], the step shown is the graph as that
    config converts it, as `check_graph` judges it."""
    from tfperf.amp.summary import stays_float32, summarize

    target = _target(target)
    options = dict(options or {})
    precision = summarize(graph, target, options.get("bf16_config"))
    float32 = stays_float32(graph, precision.config, precision.sixteen[0] if precision.sixteen else "bfloat16")
    if options.get("bf16_config") is not None:
        graph = _as_converted(graph, options)
    placement = placement_of(graph, target, xla=bool(options.get("xla")))
    batch = batch_advice(graph, target, options, training_only=False)
    result = estimate_with_findings(graph, target, profile=profile, select=select, ignore=ignore, options=options,
                                    placement=placement, batch=batch if batch is not None and batch.training else None)
    groups = host_groups(graph, placement, tuple(options.get("allow_host", ())))
    host = PlacementReport(graph.origin, placement, groups, [f for f in result.findings if f.code in PLACEMENT_CODES])
    return GraphReport(result, host, combined_step_share(graph, result, result.findings, options, placement), batch,
                       precision, float32)


def combined_step_share(graph: Graph, estimate: Estimate, findings: Sequence[Finding], options: dict | None = None,
                        placement: Placement | None = None) -> StepShare | None:
    """What fixing every finding together saves on the step: the union of their rules' changes,
    scheduled again once (savings of findings priced alone need not add up). Findings whose rule does
    not model its fix are left out, and the note says how many; None when no finding's fix is modelled."""
    ctx = CheckContext(estimate.target, graph.origin, options, placement, estimate)
    removed, moved, left_out = set(), {}, 0
    for finding in findings:
        change = get_rule(finding.code)().step_change(finding, graph, ctx)
        if change is None or change.unknown:
            left_out += 1
            continue
        removed |= change.removed
        moved.update(change.moved)
    if not removed and not moved:
        return None
    together = Change(frozenset(removed), {k: v for k, v in moved.items() if k not in removed})
    share = step_share(estimate, together)
    priced = len(findings) - left_out
    note = f"{priced} of {len(findings)} findings priced together" if left_out else share.note
    return replace(share, note=note)


def _graph(model, input_shapes, batch_size, train, label_shapes, saved_model, signature, graph_def) -> Graph:
    if isinstance(model, Graph):
        return model
    given = [x is not None for x in (model, saved_model, graph_def)]
    if sum(given) != 1:
        raise ValueError("give one of: a model, saved_model= or graph_def=")
    from tfperf import capture

    specs = [capture.parse_input_spec(s) if isinstance(s, str) else tuple(s) for s in input_shapes or ()] or None
    if saved_model is not None:
        graphs = capture.from_saved_model(saved_model, signature, specs, batch_size)
        if len(graphs) > 1:
            names = ", ".join(g.origin for g in graphs)
            raise ValueError(f"{saved_model} has several signatures ({names}); name one with signature=")
        return graphs[0]
    if graph_def is not None:
        return capture.from_graph_def(graph_def)
    labels = [capture.parse_input_spec(s) if isinstance(s, str) else tuple(s) for s in label_shapes or ()] or None
    if isinstance(model, str):
        return capture.from_spec(model, specs, batch_size, train=train, label_specs=labels)
    origin = getattr(model, "name", None) or getattr(model, "__name__", None) or type(model).__name__
    return capture.from_object(model, origin, specs, batch_size, train=train, label_specs=labels)


# ---------------------------------------------------------------------------------------------
# the batch-size advice (TFP801; `tfperf batch` is tfperf.batch.api)


def batch_advice(graph: Graph, target: Target, options: dict, *, training_only: bool = True) -> Advice | None:
    """The advice for a training step (with `training_only=False`, any step) at its own batch: the step
    traced once more (at 2B + 1) and fitted as a function of the batch. None when it is no training
    step or its batch cannot be varied: TFP801 does not judge what it cannot price. `options`:
    "devices" (data-parallel replicas)."""
    from tfperf.capture.errors import CaptureError

    current = traced_batch(graph)
    training = is_training_step(graph)
    if graph.at_batch is None or not current or not (training or not training_only):
        return None
    try:
        batched = BatchedGraph(graph, graph.at_batch(2 * current + 1))
        devices = int(options.get("devices") or 1)
        critical = critical_batch(graph.origin) if training else None  # convergence caps a training batch only
        return advise_batched(batched, target, training=training,
                              options=Options(devices=devices, current=current, critical=critical))
    except (BatchError, CaptureError):
        return None


# ---------------------------------------------------------------------------------------------
# placement (the TFP5xx rules and `tfperf placement`)


def placement_of(graph: Graph, target: Target, *, xla: bool = False, placed: bool | None = None) -> Placement:
    """The best placement available: the devices of a placed graph (a dump, a run; by default when
    every computing node has one), else a prediction for `target` from TensorFlow's registries."""
    if fully_placed(graph) if placed is None else placed:
        return from_devices(graph)
    if not xla and target.kind == "cpu":
        return Placement("host", "CPU", notes=[f"the target {target.name} is the host: every op runs there"])
    from tfperf.capture.placement import predict  # reads TensorFlow's registries

    return predict(graph, target, xla=xla)


PLACEMENT_CODES = ("TFP501", "TFP502")


def report_placement(graph: Graph, placement: Placement, target: Target, allow: Iterable[str] = ()) -> PlacementReport:
    """One graph's placement with its host groups and the TFP5xx findings they gate on."""
    allow = tuple(allow)
    findings = check_graph(graph, target, select=PLACEMENT_CODES, options={"allow_host": allow}, placement=placement,
                           rank=False)
    return PlacementReport(graph.origin, placement, host_groups(graph, placement, allow), findings)


def _target(target: Target | str | None) -> Target:
    return target if isinstance(target, Target) else targets.load(target)


def _sorted(findings: Iterator[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)
