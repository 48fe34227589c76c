"""The HTML report's page model: plain data, one dataclass per section, built from what a run
computed (step estimates, findings, host placement, the user's files) and handed to
`tfperf.report.html`, which only renders it.

    page = build_page(findings, errors, target, models=[model_section(estimate, placement_report)])

TensorFlow-free, and below the rules: it never imports rules, analyze, capture or the reporters
(`tests/test_import.py`). Times are in seconds, sizes in bytes; the renderer formats them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from tfperf.batch.advice import Point as BatchPoint  # the step at one batch: plain data already
from tfperf.cost.estimate import Estimate, display_path
from tfperf.cost.ops import kernel_class
from tfperf.findings import Finding, InputError, StepShare
from tfperf.placement import PlacementReport

SNIPPET_CONTEXT = 3  # lines shown above and below a finding's line
MAX_SNIPPET_LINES = 30  # a construct spanning more is cut there


@dataclass
class Bar:
    """One op on an engine's lane of the predicted timeline."""

    lane: str
    start: float
    seconds: float
    label: str  # the Keras layer (or node) and op type
    op_class: str
    source: str | None = None  # "path:line" of the user's code
    critical: bool = False  # on the critical path


@dataclass
class Timeline:
    step_seconds: float
    lanes: list[tuple[str, str]]  # (lane, title), in display order
    bars: list[Bar]
    matrix_lane: str | None = None
    gaps: list[tuple[float, float]] = field(default_factory=list)  # the matrix engine's longest idle intervals


@dataclass
class Engine:
    lane: str
    title: str
    busy_seconds: float
    busy_share: float  # of the step


@dataclass
class Summary:
    origin: str
    target: str
    target_title: str
    step_seconds: float
    batch: int | None
    samples_per_second: float | None
    engines: list[Engine]
    peak_bytes: int
    device_bytes: int
    findings: int
    combined: StepShare | None  # what fixing them all together saves (analyze.combined_step_share)
    unknown_ops: int = 0
    all_ops: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Snippet:
    """Lines of a user's file around a finding; `highlight` holds the finding's line numbers."""

    path: str
    first_line: int
    lines: list[str]
    highlight: frozenset[int]


@dataclass
class FindingEntry:
    finding: Finding
    snippet: Snippet | None = None
    diff: str | None = None  # the unified diff of its source fix, when it has edits


@dataclass
class HostRow:
    where: str
    op: str
    nodes: int
    crossings: int
    known_bytes: int
    unknown_sizes: int
    reason: str
    remedy: str
    allowed: bool


@dataclass
class HostPlacement:
    source: str  # dump | run | registry | xla | op-list | host
    device: str
    notes: list[str]
    rows: list[HostRow]
    link_seconds: float | None  # the crossings' time over the host link, when every size is known


@dataclass
class ClassTime:
    op_class: str
    predicted: float
    measured: float


@dataclass
class Measured:
    """A real profile beside the prediction (--profile): the step and the time per op class."""

    source: str
    step_seconds: float | None
    predicted_step: float
    by_class: list[ClassTime]
    matched_share: float
    lanes: list[tuple[str, float]]  # a device plane's lines: (name, busy seconds per step)
    notes: list[str] = field(default_factory=list)
    timeline: Timeline | None = None  # the last profiled step, op by op, on the profile's lines


@dataclass
class BatchLimit:
    name: str  # memory, knee, latency, convergence
    batch: int
    reason: str


@dataclass
class BatchCurve:
    """Memory and throughput against the batch size, the limits that cap it, the recommendation."""

    training: bool
    device_bytes: int
    points: list[BatchPoint]
    limits: list[BatchLimit]
    recommended: int
    binding: str  # the limit(s) that set the recommendation
    current: int | None = None  # the batch the user runs now
    notes: list[str] = field(default_factory=list)


@dataclass
class PrecisionVariant:
    name: str  # "as traced", "tfperf's plan", "config ..."
    step_seconds: float
    sixteen_bit_ops: int
    casts: int


@dataclass
class Float32Op:
    """Ops a conversion leaves in float32 (or computes in 16-bit though sensitive), and why."""

    op: str
    count: int
    why: str


@dataclass
class Precision:
    """The step in float32 and mixed, and the ops that stay float32 and why."""

    dtype: str | None  # the 16-bit dtype the target's matrix engine runs fastest; None: none is faster
    matrix_speedup: float | None
    variants: list[PrecisionVariant]
    float32_ops: list[Float32Op]
    notes: list[str] = field(default_factory=list)


@dataclass
class ModelSection:
    """One captured graph: its step on the target and its findings ranked on it."""

    summary: Summary
    timeline: Timeline
    findings: list[FindingEntry]
    host: HostPlacement | None = None
    measured: Measured | None = None
    batch: BatchCurve | None = None
    precision: Precision | None = None


@dataclass
class SourceFile:
    """A linted file's findings, grouped by code."""

    path: str
    by_code: dict[str, list[FindingEntry]]


@dataclass
class Page:
    title: str
    version: str
    target: str | None
    models: list[ModelSection] = field(default_factory=list)
    source_files: list[SourceFile] = field(default_factory=list)
    other: list[FindingEntry] = field(default_factory=list)  # findings of no model shown (pipelines, graphs)
    errors: list[InputError] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# building it


def build_page(findings: Iterable[Finding], errors: Sequence[InputError] = (), *, target: Any = None,
               models: Sequence[ModelSection] = (), version: str = "", title: str = "tfperf report") -> Page:
    """The page for a run: its model sections as given, the source findings grouped by file and code,
    and every other finding (a pipeline's, a graph's without a section) listed after them."""
    shown = {id(entry.finding) for model in models for entry in model.findings}
    files = Files()
    by_file: dict[str, dict[str, list[FindingEntry]]] = {}
    other = []
    for finding in sorted(findings, key=Finding.sort_key):
        if id(finding) in shown:
            continue
        entry = finding_entry(finding, files)
        if finding.step is None and finding.source is not None and finding.location.graph is None:
            by_file.setdefault(finding.source.path, {}).setdefault(finding.code, []).append(entry)
        else:
            other.append(entry)
    sources = [SourceFile(path, dict(sorted(codes.items()))) for path, codes in sorted(by_file.items())]
    name = target if isinstance(target, str) or target is None else getattr(target, "name", str(target))
    return Page(title, version, name, list(models), sources, other, list(errors))


def model_section(estimate: Estimate, placement: PlacementReport | None = None,
                  combined: StepShare | None = None, files: "Files | None" = None, batch=None, precision=None,
                  float32: Sequence[tuple[str, int, str]] = ()) -> ModelSection:
    """The section of one graph: `estimate` with its ranked findings (`analyze.estimate_with_findings`),
    the host placement behind its TFP5xx findings, what fixing them all together saves, the batch
    advice (`tfperf.batch.advice.Advice`) when its batch could be varied, and the mixed-precision
    summary (`tfperf.amp.summary.Summary`) with the ops left in float32."""
    files = files or Files()
    return ModelSection(
        summary=summary(estimate, combined),
        timeline=timeline(estimate),
        findings=[finding_entry(f, files) for f in estimate.findings],
        host=host_placement(placement, estimate.target) if placement is not None else None,
        measured=measured(estimate) if estimate.measured is not None else None,
        batch=batch_curve(batch) if batch is not None else None,
        precision=precision_section(precision, float32) if precision is not None else None,
    )


def precision_section(summary, float32: Sequence[tuple[str, int, str]] = ()) -> Precision:
    """The mixed-precision section from `tfperf.amp.summary.summarize` (each variant's predicted step)
    and `stays_float32` (the ops tfperf's plan leaves in float32, and why)."""
    variants = [PrecisionVariant("float32, as traced" if v.name == "as traced" and not v.sixteen_bit else v.name,
                                 v.step_seconds, sum(v.sixteen_bit.values()), v.casts) for v in summary.variants]
    dtype, speedup = summary.sixteen if summary.sixteen else (None, None)
    return Precision(dtype, speedup, variants, [Float32Op(op, n, why) for op, n, why in float32], list(summary.notes))


def batch_curve(advice) -> BatchCurve:
    """The batch advice's curve (the step model at powers of two up to the largest batch that fits),
    its limits and recommendation."""
    return BatchCurve(advice.training, advice.device_bytes,
                      list(advice.curve),
                      [BatchLimit(limit.name, limit.batch, limit.reason) for limit in advice.limits],
                      advice.recommended, advice.binding, advice.current, list(advice.notes))


def summary(e: Estimate, combined: StepShare | None = None) -> Summary:
    engines = [Engine(lane, e.lane_titles.get(lane, lane), seconds, seconds / e.step_seconds if e.step_seconds else 0.0)
               for lane, seconds in e.busy.items()]
    return Summary(
        origin=display_path(e.origin), target=e.target.name, target_title=e.target.title,
        step_seconds=e.step_seconds, batch=e.batch, samples_per_second=e.samples_per_second, engines=engines,
        peak_bytes=e.memory.peak_bytes, device_bytes=e.target.memory_bytes,
        findings=len(e.findings), combined=combined,
        unknown_ops=e.ops_unknown, all_ops=e.ops_priced + e.ops_unknown, notes=list(e.notes),
    )


def timeline(e: Estimate) -> Timeline:
    """Every op that takes time, on its lane, named by its layer (or node), op type and source line."""
    plan = e.plan
    bars = []
    for lane in plan.lanes:
        for i in plan.order.get(lane, ()):
            task = plan.tasks[i]
            if task.duration <= 0:
                continue
            bars.append(_bar(task, lane, i in plan.critical_set))
    lanes = [(lane, e.lane_titles.get(lane, lane)) for lane in plan.lanes]
    return Timeline(e.step_seconds, lanes, bars, e.matrix_lane, [(g.start, g.end) for g in e.gaps])


def _bar(task, lane: str, critical: bool) -> Bar:
    cost = task.cost
    if cost is None:  # a copy between host and device
        return Bar(lane, task.start, task.duration, task.name, "copy", critical=critical)
    node = cost.node
    source = f"{display_path(node.source.file)}:{node.source.line}" if node.source else None
    return Bar(lane, task.start, task.duration, f"{node.layer or node.name} {node.op}", cost.op_class, source, critical)


def host_placement(report: PlacementReport, target) -> HostPlacement:
    rows = [HostRow(display_path(g.where), g.op, len(g.nodes), len(g.crossings), g.known_bytes, g.unknown_sizes,
                    g.reason.text, g.reason.remedy, g.allowed) for g in report.groups]
    unknown = any(r.unknown_sizes for r in rows)
    total = sum(r.known_bytes for r in rows)
    seconds = None if unknown else target.seconds_over_host_link(total)
    return HostPlacement(report.placement.source, report.placement.device, list(report.placement.notes), rows, seconds)


def measured(e: Estimate) -> Measured:
    m = e.measured
    p = m.profile
    return Measured(p.source, p.step_seconds, m.predicted_step,
                    [ClassTime(r.name, r.predicted, r.measured) for r in m.by_class], m.matched_share,
                    [(lane.name, lane.busy_seconds) for lane in p.lanes], list(p.notes), measured_timeline(e))


def measured_timeline(e: Estimate) -> Timeline | None:
    """The profile's last step as a timeline: each op kernel on its line, named like the predicted ones
    (layer or node, kernel type) with the node's source line where the graph has the node."""
    events = e.measured.profile.timeline
    if not events:
        return None
    nodes = {node.name: node for node in e.graph} if e.graph is not None else {}
    lanes = list(dict.fromkeys(event.lane for event in events))
    bars = []
    for event in events:
        node = nodes.get(event.name)
        label = f"{node.layer if node is not None and node.layer else event.name} {event.kernel}"
        source = f"{display_path(node.source.file)}:{node.source.line}" if node is not None and node.source else None
        bars.append(Bar(event.lane, event.start, event.seconds, label, kernel_class(event.kernel), source))
    end = max(event.start + event.seconds for event in events)
    return Timeline(end, [(lane, lane) for lane in lanes], bars)


# ---------------------------------------------------------------------------------------------
# the user's lines


class Files:
    """The user's files, read once each (a missing or unreadable one gives no snippet)."""

    def __init__(self):
        self._text: dict[str, str | None] = {}

    def text(self, path: str) -> str | None:
        if path not in self._text:
            try:
                with open(path, encoding="utf-8", errors="replace") as stream:
                    self._text[path] = stream.read()
            except OSError:
                self._text[path] = None
        return self._text[path]


def finding_entry(finding: Finding, files: Files) -> FindingEntry:
    src = finding.source
    if src is None:
        return FindingEntry(finding)
    text = files.text(src.path)
    if text is None:
        return FindingEntry(finding)
    return FindingEntry(finding, snippet(src.path, text, src.line, src.end_line or src.line),
                        fix_diff(finding, src.path, text))


def snippet(path: str, text: str, line: int, end_line: int) -> Snippet | None:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    end_line = min(max(end_line, line), len(lines), line + MAX_SNIPPET_LINES)
    first = max(1, line - SNIPPET_CONTEXT)
    last = min(len(lines), end_line + SNIPPET_CONTEXT)
    return Snippet(display_path(path), first, lines[first - 1:last], frozenset(range(line, end_line + 1)))


def fix_diff(finding: Finding, path: str, text: str) -> str | None:
    """The unified diff of `finding`'s own source fix (unsafe ones too: the page says their safety)."""
    if finding.fix is None or not finding.fix.edits:
        return None
    from tfperf.source.edits import apply_fixes, unified_diff

    starts = [0]
    for k, char in enumerate(text):
        if char == "\n":
            starts.append(k + 1)
    new, applied = apply_fixes(text, starts, [finding], unsafe_fixes=True)
    return unified_diff(display_path(path), text, new) if applied else None
