"""The step estimate of a graph on a target: per-op cost, schedule, memory, in one result.

    estimate_graph(graph, target) -> Estimate

TensorFlow-free: it reads the IR and the target's data only. `tfperf.estimate` (tfperf.cost.api)
captures a model first.
"""

from __future__ import annotations

import bisect
import gc
import os
from dataclasses import dataclass, field
from typing import Any

from tfperf.cost.engines import HOST_LANE, LINK_LANE, OpCost, price
from tfperf.cost.memory import Memory, peak_memory
from tfperf.cost.ops import OPAQUE_DTYPES
from tfperf.cost.schedule import Schedule, schedule
from tfperf.ir import Graph, Node
from tfperf.targets import Target, load


@dataclass
class OpTime:
    """One op in the report: where it is, what it costs, its share of the step."""

    name: str
    op: str
    op_class: str
    lane: str
    seconds: float
    share: float
    start: float
    layer: str | None = None
    source: str | None = None  # "path:line"
    function: str | None = None
    flops: int | None = None
    bytes: int | None = None
    fill: float | None = None
    bound: str = ""

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class Gap:
    """An interval the matrix engine idles, and the ops on other engines that fill it."""

    start: float
    end: float
    fillers: list[tuple[str, str, float]]  # (op name with layer, lane, overlap seconds)

    @property
    def seconds(self) -> float:
        return self.end - self.start

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "seconds": self.seconds,
                "fillers": [{"op": name, "lane": lane, "seconds": s} for name, lane, s in self.fillers]}


@dataclass
class Estimate:
    origin: str
    target: Target
    fusion: str
    step_seconds: float  # the schedule's makespan + the target's per-step overhead
    schedule_seconds: float
    batch: int | None
    busy: dict[str, float]  # lane -> seconds busy
    lane_titles: dict[str, str]
    top_ops: list[OpTime]
    critical_path: list[OpTime]  # the ops on it, in order (zero-time ones left out)
    critical_by_lane: dict[str, float]
    matrix_lane: str | None  # the dedicated matrix engine whose idle gaps are reported
    gaps: list[Gap]
    matrix_idle_seconds: float | None
    memory: Memory
    by_class: dict[str, float]  # op class -> seconds of engine time
    ops_priced: int
    ops_unknown: int
    unknown_examples: list[tuple[str, str, str]]  # (node, op, reason)
    unknown_by_reason: dict[str, int]
    excluded: dict[str, int]
    unclassified: dict[str, int]  # op types not in the op class table -> count
    notes: list[str] = field(default_factory=list)
    costs: list[OpCost] = field(default_factory=list, repr=False)
    plan: Schedule | None = field(default=None, repr=False)
    graph: Graph | None = field(default=None, repr=False)
    measured: Any = None  # a tfperf.cost.measured.Comparison with a real profile (--profile)
    findings: list = field(default_factory=list)  # tfperf.findings.Finding, ranked on this step (analyze)

    @property
    def samples_per_second(self) -> float | None:
        if not self.batch or self.step_seconds <= 0:
            return None
        return self.batch / self.step_seconds

    @property
    def unknown_share(self) -> float:
        """Share of the ops that run something whose cost is unknown (left out of the step time)."""
        total = self.ops_priced + self.ops_unknown
        return self.ops_unknown / total if total else 0.0

    def busy_percent(self, lane: str) -> float:
        return 100.0 * self.busy.get(lane, 0.0) / self.step_seconds if self.step_seconds > 0 else 0.0

    def to_dict(self) -> dict:
        m = self.memory
        return {
            "origin": self.origin,
            "target": self.target.name,
            "fusion": self.fusion,
            "step_seconds": self.step_seconds,
            "schedule_seconds": self.schedule_seconds,
            "step_overhead_seconds": self.target.step_overhead_seconds,
            "batch": self.batch,
            "samples_per_second": self.samples_per_second,
            "engines": [{"lane": lane, "title": self.lane_titles.get(lane, lane), "busy_seconds": s,
                         "busy_percent": self.busy_percent(lane)} for lane, s in self.busy.items()],
            "top_ops": [o.to_dict() for o in self.top_ops],
            "critical_path": {"ops": len(self.critical_path), "by_lane": self.critical_by_lane,
                              "longest": [o.to_dict() for o in sorted(self.critical_path,
                                                                      key=lambda o: -o.seconds)[:10]]},
            "matrix_engine": self.matrix_lane,
            "matrix_idle_seconds": self.matrix_idle_seconds,
            "matrix_gaps": [g.to_dict() for g in self.gaps],
            "memory": {"peak_bytes": m.peak_bytes, "device_bytes": self.target.memory_bytes,
                       "fits": m.peak_bytes <= self.target.memory_bytes, "weights_bytes": m.weights_bytes,
                       "other_variables_bytes": m.other_variables_bytes, "constants_bytes": m.constants_bytes,
                       "tensors_peak_bytes": m.tensors_peak_bytes, "peak_time": m.peak_time,
                       "training": m.training, "unknown_tensors": m.unknown_tensors,
                       "largest_at_peak": [{"tensor": n, "bytes": b} for n, b in m.at_peak]},
            "by_class": self.by_class,
            "unknown": {"ops": self.ops_unknown, "of": self.ops_priced + self.ops_unknown,
                        "share": self.unknown_share, "by_reason": self.unknown_by_reason,
                        "examples": [{"node": n, "op": o, "reason": r} for n, o, r in self.unknown_examples]},
            "excluded": self.excluded,
            "unclassified_ops": self.unclassified,
            "assumptions": list(self.target.assumptions),
            "notes": self.notes,
            "measured": self.measured.to_dict() if self.measured is not None else None,
        }


def _source(node: Node) -> str | None:
    if node.source is None:
        return None
    return f"{display_path(node.source.file)}:{node.source.line}"


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it."""
    if not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel


def batch_size(graph: Graph) -> int | None:
    """The leading dim of the step's first data input (a top-level Placeholder), when static."""
    for node in graph.nodes:
        if node.function is None and node.op == "Placeholder" and node.dtype() not in OPAQUE_DTYPES:
            shape = node.shape()
            if shape:
                return shape[0] if isinstance(shape[0], int) and shape[0] > 0 else None
    return None


def estimate_graph(graph: Graph, target: Target | str | None = None, *, fusion: str | None = None,
                   top: int = 10, gaps: int = 5) -> Estimate:
    """Price, schedule and size one step of `graph` on `target` (a Target, a name or a .toml path)."""
    target = target if isinstance(target, Target) else load(target)
    enabled = gc.isenabled()
    gc.disable()  # many small objects, none cyclic: the collector only costs time here (~30%)
    try:
        return _estimate(graph, target, fusion, top, gaps)
    finally:
        if enabled:
            gc.enable()


def _estimate(graph: Graph, target: Target, fusion: str | None, top: int, gaps: int) -> Estimate:
    fusion = target.fusion if fusion is None else fusion
    costs = price(graph, target, fusion=fusion)
    plan = schedule(graph, costs, target)
    memory = peak_memory(graph, costs, plan)
    step = plan.makespan + target.step_overhead_seconds

    def op_time(index: int) -> OpTime:
        task = plan.tasks[index]
        cost = task.cost
        if cost is None:
            return OpTime(task.name, "copy" if task.lane == LINK_LANE else "end", "copy", task.lane or "",
                          task.duration, task.duration / step if step else 0.0, task.start, bytes=task.nbytes or None)
        node = cost.node
        return OpTime(node.name, node.op, cost.op_class, task.lane or "", task.duration,
                      task.duration / step if step else 0.0, task.start, node.layer, _source(node), node.function,
                      cost.flops, cost.bytes, cost.fill, cost.bound)

    timed = [i for i, t in enumerate(plan.tasks) if t.lane is not None and t.duration > 0]
    timed.sort(key=lambda i: -plan.tasks[i].duration)
    top_ops = [op_time(i) for i in timed[:top]]
    path = [op_time(i) for i in plan.critical_path if plan.tasks[i].lane is not None and plan.tasks[i].duration > 0]
    by_lane: dict[str, float] = {}
    for o in path:
        by_lane[o.lane] = by_lane.get(o.lane, 0.0) + o.seconds
    matrix = target.engine_for("matrix")
    matrix_lane = matrix.name if matrix is not None and tuple(matrix.runs) == ("matrix",) else None
    gap_list, idle = ([], None)
    if matrix_lane is not None:
        gap_list, idle = _gaps(plan, matrix_lane, plan.makespan, gaps)
    by_class: dict[str, float] = {}
    unknown, reasons, examples, unclassified = 0, {}, [], {}
    priced = 0
    for cost in costs:
        if cost.op_class == "other":
            unclassified[cost.node.op] = unclassified.get(cost.node.op, 0) + 1
        if cost.unknown is not None:
            unknown += 1
            reasons[_reason_kind(cost.unknown)] = reasons.get(_reason_kind(cost.unknown), 0) + 1
            if len(examples) < 5:
                examples.append((cost.node.name, cost.node.op, cost.unknown))
        elif cost.lane is not None:
            priced += 1
            by_class[cost.op_class] = by_class.get(cost.op_class, 0.0) + (cost.seconds or 0.0)
    copies = sum(t.duration for t in plan.tasks if t.lane == LINK_LANE)
    if copies:
        by_class["copy"] = copies
    notes = list(plan.notes)
    if unclassified:
        kinds = ", ".join(f"{op} x{n}" for op, n in sorted(unclassified.items(), key=lambda x: -x[1])[:8])
        notes.append(f"op types tfperf's table does not know, priced as element-wise by their bytes: {kinds}")
    if plan.busy.get(HOST_LANE):
        notes.append("ops on the host are priced by the bytes they read and write plus a launch; "
                     "what a Python callback computes is not counted")
    titles = {e.name: e.title for e in target.engines}
    titles.setdefault(HOST_LANE, "host CPU")
    titles.setdefault(LINK_LANE, "host <-> device link")
    return Estimate(
        origin=graph.origin, target=target, fusion=fusion, step_seconds=step, schedule_seconds=plan.makespan,
        batch=batch_size(graph), busy=dict(plan.busy), lane_titles=titles, top_ops=top_ops, critical_path=path,
        critical_by_lane=by_lane, matrix_lane=matrix_lane, gaps=gap_list, matrix_idle_seconds=idle,
        memory=memory, by_class=by_class, ops_priced=priced, ops_unknown=unknown, unknown_examples=examples,
        unknown_by_reason=reasons, excluded=dict(plan.excluded), unclassified=unclassified, notes=notes,
        costs=costs, plan=plan, graph=graph,
    )


def _reason_kind(reason: str) -> str:
    """Group unknown reasons: 'input 0 shape [?, 3] is not static' -> 'shape not static'."""
    if "not static" in reason:
        return "shape not static"
    if reason.startswith("in the While loop"):
        return "in a While loop (trip count unknown)"
    if "no " in reason and "peak" in reason:
        return "no peak for the dtype"
    return reason


def _gaps(plan: Schedule, lane: str, makespan: float, limit: int) -> tuple[list[Gap], float]:
    """The longest intervals `lane` idles within the step, each with the ops overlapping it."""
    tasks = plan.tasks
    order = plan.order.get(lane, [])
    intervals = []
    cursor = 0.0
    for i in order:
        if tasks[i].start > cursor:
            intervals.append((cursor, tasks[i].start))
        cursor = max(cursor, tasks[i].end)
    if makespan > cursor:
        intervals.append((cursor, makespan))
    idle = sum(b - a for a, b in intervals)
    intervals.sort(key=lambda g: -(g[1] - g[0]))
    others = {other: ([tasks[i].start for i in idx], idx) for other, idx in plan.order.items() if other != lane}
    found = []
    for a, b in intervals[:limit]:
        fillers: dict[tuple[str, str], float] = {}
        for other, (starts, idx) in others.items():
            # tasks on a lane do not overlap, so ends are sorted like starts: begin one before `a`
            k = max(bisect.bisect_left(starts, a) - 1, 0)
            while k < len(idx) and tasks[idx[k]].start < b:
                t = tasks[idx[k]]
                overlap = min(t.end, b) - max(t.start, a)
                if overlap > 0:
                    label = t.name
                    if t.cost is not None:  # grouped by op type and layer: a gap holds many small ops
                        label = f"{t.cost.node.op} in {t.cost.node.layer}" if t.cost.node.layer else \
                            f"{t.cost.node.op} {t.cost.node.name}"
                    fillers[(label, other)] = fillers.get((label, other), 0.0) + overlap
                k += 1
        ranked = sorted(((label, other, s) for (label, other), s in fillers.items()), key=lambda f: -f[2])
        found.append(Gap(a, b, ranked[:3]))
    return found, idle
