"""What a fix saves on the step: the estimate's schedule run again with the construct's ops removed
or moved to another engine, and the difference in step time.

    step_share(estimate, Change(removed={(None, "conv1_pad/Pad")})) -> StepShare

An op's own time is not what removing it saves: an op running on one engine while another engine
carries the critical path saves nothing (a pad on Gaudi's DMA engine while the MME and TPC work),
and one on the critical path saves up to its time. Scheduling again with the same priorities (bottom
levels recomputed, same lanes, same tie-break by graph order) measures exactly that. A list schedule
can come out a little longer after a removal (Graham's anomalies: a freed lane takes another op
first); the model then claims no saving rather than a cost. TensorFlow-free.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from tfperf.cost.engines import LINK_LANE
from tfperf.cost.estimate import Estimate
from tfperf.cost.schedule import list_schedule
from tfperf.findings import StepShare

NodeKey = tuple  # (function or None, node name)
NOT_MODELLED = "the step model does not price this fix"


@dataclass(frozen=True)
class Change:
    """What fixing a construct does to the step: ops that no longer run, ops that run on another lane
    for another time (a reduction on the matrix engine instead of the vector engine)."""

    removed: frozenset = frozenset()  # NodeKeys
    moved: dict = field(default_factory=dict)  # NodeKey -> (lane, seconds)
    note: str | None = None  # how the fix was modelled, when it is not a plain removal
    unknown: str | None = None  # why the step model cannot price this fix (then nothing else is set)

    @classmethod
    def removing(cls, keys: Iterable[NodeKey], note: str | None = None) -> "Change":
        return cls(removed=frozenset(keys), note=note)

    @property
    def keys(self) -> frozenset:
        return self.removed | frozenset(self.moved)


def step_share(estimate: Estimate, change: Change | None) -> StepShare:
    """What `change` saves on the predicted step of `estimate` (unknown when the step or one of the
    changed ops is unknown, or when there is no change to price)."""
    target = estimate.target.name
    step = estimate.step_seconds
    if estimate.ops_unknown:
        return StepShare(None, None, target, f"the step is unknown: {estimate.ops_unknown} of "
                                             f"{estimate.ops_priced + estimate.ops_unknown} ops have no price "
                                             "(static shapes, e.g. --batch-size, price them)")
    if change is None or change.unknown:
        return StepShare(None, step, target, change.unknown if change else NOT_MODELLED)
    index = task_index(estimate)
    tasks = [index[key] for key in change.keys if key in index]
    if len(tasks) < len(change.keys):
        return StepShare(None, step, target, "the step model holds none of its ops" if not tasks else
                         "the step model holds only some of its ops")
    seconds = rescheduled_saving(estimate, change, index)
    return StepShare(seconds, step, target, change.note if seconds else _why_nothing(estimate, tasks))


def rescheduled_saving(estimate: Estimate, change: Change, index: dict | None = None) -> float:
    """Seconds the schedule's makespan shrinks by with `change` applied (0 when it does not shrink)."""
    plan = estimate.plan
    index = index if index is not None else task_index(estimate)
    durations = [t.duration if t.lane is not None else 0.0 for t in plan.tasks]
    lanes = list(plan.lane_index)
    changed = False
    removed = {index[key] for key in change.removed if key in index}
    for i in removed | _orphaned_copies(plan, removed):
        changed = changed or durations[i] > 0
        durations[i], lanes[i] = 0.0, -1
    for key, (lane, seconds) in change.moved.items():
        i = index[key]
        durations[i], lanes[i], changed = seconds, _lane_number(plan, lane), True
    if not changed:
        return 0.0
    _, end, _ = list_schedule(durations, lanes, plan.succs, plan.preds_count)
    return max(0.0, plan.makespan - max(end, default=0.0))


def task_index(estimate: Estimate) -> dict:
    """NodeKey -> task index: the schedule's first tasks are the graph's nodes, in graph order."""
    return {(c.node.function, c.node.name): i for i, c in enumerate(estimate.costs)}


def _lane_number(plan, lane: str) -> int:
    names = list(plan.lanes)
    return names.index(lane) if lane in names else len(names)  # a lane no op used yet: a new one


def _orphaned_copies(plan, removed: set[int]) -> set[int]:
    """Host<->device copies that no longer happen: of a removed op's output, or read only by removed ops."""
    if not removed:
        return set()
    found = set()
    for i, task in enumerate(plan.tasks):
        if task.lane != LINK_LANE:
            continue
        readers = plan.succs[i]
        if task.producer in removed or (readers and all(r in removed for r in readers)):
            found.add(i)
    return found


def _why_nothing(estimate: Estimate, tasks: list[int]) -> str:
    """Why removing ops that take time saves nothing: they run beside the critical path."""
    plan = estimate.plan
    own = sum(plan.tasks[i].duration for i in tasks if plan.tasks[i].lane is not None)
    if own <= 0:
        return f"its ops take no time on {estimate.target.name}"
    lanes = sorted({plan.tasks[i].lane for i in tasks if plan.tasks[i].lane})
    busy = sorted(estimate.critical_by_lane, key=lambda lane: -estimate.critical_by_lane[lane])
    path = ", ".join(lane for lane in busy if lane not in lanes)
    beside = f" while {path} carr{'ies' if ',' not in path else 'y'} the critical path" if path else ""
    return f"its {own * 1e6:.1f} µs on {'/'.join(lanes)} overlap other work{beside}: the step is no shorter"


def matrix_idles_across(estimate: Estimate, task: int) -> bool:
    """Whether `task` (a task index) lies on the critical path while the matrix engine (a dedicated one:
    Gaudi's MME) runs nothing at any moment of it: the guide's case for moving work to the MME."""
    plan, lane = estimate.plan, estimate.matrix_lane
    if lane is None or task not in estimate.plan.critical_set:
        return False
    start, end = plan.tasks[task].start, plan.tasks[task].end
    order = plan.order.get(lane, [])
    starts = [plan.tasks[i].start for i in order]
    k = bisect.bisect_left(starts, end)  # tasks on a lane do not overlap: only the one before may reach in
    return k == 0 or plan.tasks[order[k - 1]].end <= start
