"""Measured beside predicted: a real profile of a step (TensorBoard's `*.xplane.pb`, read by
`tfperf.capture.profile`) matched to the estimate's ops by node name.

    compare(estimate, profile) -> Comparison   # step, per op class, per op; engines from device planes

The profile says what ran, by node name and kernel type, and for how long; the runtime renames and
fuses (Grappler's `_FusedConv2D` carries the name of the last op it absorbed, oneDNN's kernels are
`_MklNative...`), so per-op times are shown with the kernel that ran, and per-class totals use the
class of that kernel. TensorFlow-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from tfperf.cost.estimate import Estimate
from tfperf.cost.ops import kernel_class

# classes a profile's op events overlap in: a call's event holds its body's ops
_CONTAINERS = frozenset(("call",))


@dataclass
class MeasuredOp:
    """One node's kernel in the profile: its time per step, the kernel type that ran it."""

    name: str
    kernel: str  # the op type the runtime ran (may differ from the graph's: fused, oneDNN's)
    seconds: float  # per step
    count: int  # events in the whole profile

    @property
    def op_class(self) -> str:
        return kernel_class(self.kernel)


@dataclass
class Lane:
    """A line of a device plane (an engine or stream): busy time per step."""

    name: str
    busy_seconds: float


@dataclass
class MeasuredEvent:
    """One op kernel of the last profiled step, on the profile's line (a host thread, a device stream)."""

    lane: str
    start: float  # seconds from the start of the step's call
    seconds: float
    name: str  # the node
    kernel: str


@dataclass
class Profile:
    """A profile reduced to what the comparison needs. `steps`: calls of the step function it
    holds (times are per step); `step_seconds`: the median call."""

    source: str  # the file(s) read
    steps: int
    step_seconds: float | None
    function: str | None  # the tf.function taken as the step
    ops: dict[str, MeasuredOp] = field(default_factory=dict)
    lanes: list[Lane] = field(default_factory=list)  # from device planes; empty for a host-only profile
    device: str | None = None  # the device planes' name, when there are any
    notes: list[str] = field(default_factory=list)
    timeline: list[MeasuredEvent] = field(default_factory=list)  # the last call of the step function


@dataclass
class ClassRow:
    name: str
    predicted: float
    measured: float

    @property
    def error(self) -> float | None:
        return (self.predicted - self.measured) / self.measured if self.measured > 0 else None


@dataclass
class Comparison:
    profile: Profile
    predicted_step: float
    by_class: list[ClassRow]
    matched_share: float  # of the measured op time, the part whose node the graph has
    unmatched: list[MeasuredOp]  # the largest ones the graph has no node for
    by_node: dict = field(default_factory=dict, repr=False)  # NodeKey -> MeasuredOp

    def seconds_of(self, keys: Iterable[tuple]) -> float | None:
        """The measured time per step of the nodes `keys` ((function, name)); None when the profile has
        none of them (the runtime fused or removed them, or they did not run)."""
        found = [self.by_node[k].seconds for k in keys if k in self.by_node]
        return sum(found) if found else None

    @property
    def step_error(self) -> float | None:
        m = self.profile.step_seconds
        return (self.predicted_step - m) / m if m else None

    def to_dict(self) -> dict:
        p = self.profile
        return {
            "source": p.source, "steps": p.steps, "function": p.function, "step_seconds": p.step_seconds,
            "predicted_step_seconds": self.predicted_step, "step_error": self.step_error,
            "matched_share": self.matched_share,
            "by_class": [{"class": r.name, "predicted_seconds": r.predicted, "measured_seconds": r.measured,
                          "error": r.error} for r in self.by_class],
            "unmatched": [{"node": o.name, "kernel": o.kernel, "seconds": o.seconds} for o in self.unmatched],
            "device": p.device, "lanes": [{"lane": lane.name, "busy_seconds": lane.busy_seconds,
                                            "busy_share": _share(lane.busy_seconds, p.step_seconds)}
                                           for lane in p.lanes],
            "notes": p.notes,
        }


def compare(estimate: Estimate, profile: Profile) -> Comparison:
    """The profile beside the estimate: step, per op class, how much of the measured time matched."""
    by_node = match(estimate, profile)
    matched_names = {op.name for op in by_node.values()}
    measured: dict[str, float] = {}
    matched = total = 0.0
    for op in profile.ops.values():
        if op.op_class in _CONTAINERS:
            continue
        measured[op.op_class] = measured.get(op.op_class, 0.0) + op.seconds
        total += op.seconds
        matched += op.seconds if op.name in matched_names else 0.0
    classes = sorted(set(estimate.by_class) | set(measured), key=lambda c: -max(measured.get(c, 0.0),
                                                                                estimate.by_class.get(c, 0.0)))
    rows = [ClassRow(c, estimate.by_class.get(c, 0.0), measured.get(c, 0.0)) for c in classes]
    unmatched = sorted((o for o in profile.ops.values() if o.name not in matched_names
                        and o.op_class not in _CONTAINERS), key=lambda o: -o.seconds)[:5]
    return Comparison(profile, estimate.step_seconds, rows, matched / total if total else 0.0, unmatched, by_node)


_CALL_SUFFIX = re.compile(r"(_\d+)+(?=/|$)")


def match(estimate: Estimate, profile: Profile) -> dict:
    """NodeKey -> the profile's op of that node: by name; else by the name without the `_N` suffixes
    Keras and TensorFlow add to a scope each time a model is called or traced again
    (`functional_1_1/conv1_1/Conv2D` is `functional_1/conv1_1/Conv2D` traced once more), when that
    leaves one node and one op of a name."""
    exact = {c.node.name: (c.node.function, c.node.name) for c in estimate.costs}
    found = {exact[name]: op for name, op in profile.ops.items() if name in exact}
    loose_nodes = _unique(((_CALL_SUFFIX.sub("", c.node.name), (c.node.function, c.node.name))
                           for c in estimate.costs if (c.node.function, c.node.name) not in found))
    loose_ops = _unique((_CALL_SUFFIX.sub("", name), op) for name, op in profile.ops.items() if name not in exact)
    for name, op in loose_ops.items():
        if name in loose_nodes:
            found[loose_nodes[name]] = op
    return found


def _unique(pairs) -> dict:
    seen: dict = {}
    for key, value in pairs:
        seen[key] = value if key not in seen else None
    return {k: v for k, v in seen.items() if v is not None}


def _share(part: float, whole: float | None) -> float | None:
    return part / whole if whole else None
