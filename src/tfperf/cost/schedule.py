"""List scheduling of a priced graph on the target's engines.

Every priced op runs on one lane (an engine, the host, or the host<->device link), one op per lane
at a time; lanes run concurrently. When a lane is free it takes, among the ops whose inputs are
ready, the one with the longest path to the end of the step (its bottom level), then graph order.
Ops on no lane (metadata, aliases, constants, unknown ones) finish the moment they are ready.

Function bodies run where they are called: a call's body starts when the call's inputs are ready,
and its readers wait for the whole body. A While body runs an unknown number of times: its ops
are unknown. Of an If/Case's branches only the slowest is counted. Cycles (TF1 loops) are cut at
NextIteration and anything still cyclic is unknown.

An op whose result nothing reads (no op of the step, not the step's result), and which changes
nothing else (a pure compute op, not a variable update), does not run: TensorFlow's Grappler and
Habana's graph compiler prune it. The gradient a training step's backward pass makes for the
model's input (the first convolution's Conv2DBackpropInput, the first Dense layer's MatMul) is one:
gradient code makes it, nothing reads it. Such ops are dropped only where the graph's results
are known (listed in the schedule's `excluded`).

Cost: O((ops + edges) log ops).
"""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass, field

from tfperf.cost.engines import HOST_LANE, LINK_LANE, OpCost
from tfperf.cost.ops import CONDITIONALS, LOOPS
from tfperf.ir import Graph, tensor_bytes
from tfperf.targets import Target


@dataclass(slots=True)
class Task:
    """One unit of scheduled work: an op (`cost`), a copy between host and device, or the end of a call."""

    name: str
    lane: str | None
    duration: float
    cost: OpCost | None = None
    nbytes: int = 0  # copies: bytes moved
    producer: int = -1  # copies: the task whose output they move
    start: float = 0.0
    end: float = 0.0
    critical: int = -1  # the task whose end let this one start (an input, or the lane's previous op)


@dataclass
class Schedule:
    tasks: list[Task]
    makespan: float
    lanes: list[str]  # in display order
    busy: dict[str, float]  # lane -> seconds busy
    order: dict[str, list[int]] = field(default_factory=dict)  # lane -> task indices by start
    critical_path: list[int] = field(default_factory=list)  # task indices, first to last
    notes: list[str] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> ops not counted
    # the task graph as list_schedule takes it, kept so that a change can be scheduled again
    # (tfperf.cost.whatif): each task's successors and predecessor count, lane index (-1: none)
    succs: list[list[int]] = field(default_factory=list, repr=False)
    preds_count: list[int] = field(default_factory=list, repr=False)
    lane_index: list[int] = field(default_factory=list, repr=False)

    @functools.cached_property
    def critical_set(self) -> frozenset[int]:
        return frozenset(self.critical_path)


def list_schedule(durations: list[float], lanes: list[int], succs: list[list[int]],
                  preds_count: list[int]) -> tuple[list[float], list[float], list[int]]:
    """Schedule tasks with `durations` on lanes (`lanes[i]` < 0: on no lane, takes no time).

    Returns (start, end, critical predecessor) per task. Priorities are bottom levels (the longest
    path from the task to the end), ties broken by task index.
    """
    n = len(durations)
    order = _topological(succs, list(preds_count))
    level = [0.0] * n
    for i in reversed(order):
        best = 0.0
        for s in succs[i]:
            if level[s] > best:
                best = level[s]
        level[i] = durations[i] + best
    start, end = [0.0] * n, [0.0] * n
    critical, ready_at = [-1] * n, [0.0] * n
    waiting = list(preds_count)
    heaps: dict[int, list] = {}
    lane_free: dict[int, float] = {}
    lane_last: dict[int, int] = {}
    events: list[tuple[float, int]] = []
    dirty: set[int] = set()
    now = 0.0

    def release(first: list[int]) -> None:
        stack = first
        while stack:
            i = stack.pop()
            lane = lanes[i]
            if lane >= 0:
                heapq.heappush(heaps.setdefault(lane, []), (-level[i], i))
                dirty.add(lane)
                continue
            start[i] = end[i] = ready_at[i]
            for s in succs[i]:
                if end[i] >= ready_at[s]:
                    ready_at[s], critical[s] = end[i], i
                waiting[s] -= 1
                if waiting[s] == 0:
                    stack.append(s)

    release([i for i in range(n) if waiting[i] == 0])
    while True:
        for lane in list(dirty):
            heap = heaps.get(lane)
            if not heap or lane_free.get(lane, 0.0) > now:
                continue
            _, i = heapq.heappop(heap)
            start[i] = now
            end[i] = now + durations[i]
            if ready_at[i] < lane_free.get(lane, 0.0) and lane in lane_last:
                critical[i] = lane_last[lane]  # it waited for the lane, not for its inputs
            lane_free[lane] = end[i]
            lane_last[lane] = i
            heapq.heappush(events, (end[i], i))
        dirty.clear()
        if not events:
            break
        now, i = heapq.heappop(events)
        done = [i]
        while events and events[0][0] <= now:
            done.append(heapq.heappop(events)[1])
        ready = []
        for i in done:
            dirty.add(lanes[i])
            for s in succs[i]:
                if end[i] >= ready_at[s]:
                    ready_at[s], critical[s] = end[i], i
                waiting[s] -= 1
                if waiting[s] == 0:
                    ready.append(s)
        release(ready)
    return start, end, critical


def _topological(succs: list[list[int]], waiting: list[int]) -> list[int]:
    order = [i for i in range(len(succs)) if waiting[i] == 0]
    head = 0
    while head < len(order):
        i = order[head]
        head += 1
        for s in succs[i]:
            waiting[s] -= 1
            if waiting[s] == 0:
                order.append(s)
    return order


# ---------------------------------------------------------------------------------------------
# graph -> tasks


def _callees(node, functions: set[str]) -> list[tuple[str, str]]:
    """(attribute, function) pairs of the functions `node` calls."""
    found = []
    for key, value in node.attrs.items():
        if isinstance(value, str) and value in functions:
            found.append((key, value))
        elif isinstance(value, list):
            found.extend((key, v) for v in value if isinstance(v, str) and v in functions)
    return found


UNREAD = "its result is read by nothing, so the runtime prunes it"
# op classes whose ops only compute their outputs (tfperf.cost.ops); "elementwise" also holds the
# variable updates, told apart by name below
PURE_CLASSES = frozenset({"matrix", "depthwise", "elementwise", "reduction", "pool", "gather", "movement",
                          "slicing", "transpose"})


def unread(graph: Graph, costs: list[OpCost]) -> list[int]:
    """Indices of the step's priced pure ops whose results nothing reads, through any chain of
    readers (see the module's docstring); none when the graph's results are not known."""
    if graph.results is None:
        return []
    nodes = graph.nodes
    index = {n.name: i for i, n in enumerate(nodes) if n.function is None}
    pure = [n.function is None and c.lane is not None and c.unknown is None and _pure(n.op, c.op_class)
            for n, c in zip(nodes, costs)]
    read = {index[name] for name, _ in graph.results if name in index}
    read.update(i for i, n in enumerate(nodes) if n.function is None and not pure[i])
    pending = list(read)
    while pending:
        node = nodes[pending.pop()]
        for name in [ref.node for ref in node.inputs] + [c.lstrip("^") for c in node.control_inputs]:
            j = index.get(name)
            if j is not None and j not in read:
                read.add(j)
                pending.append(j)
    return [i for i, is_pure in enumerate(pure) if is_pure and i not in read]


def _pure(op: str, op_class: str) -> bool:
    return op_class in PURE_CLASSES and not op.startswith("Resource") and "Assign" not in op and "Variable" not in op


def schedule(graph: Graph, costs: list[OpCost], target: Target) -> Schedule:
    """Schedule the priced graph (`costs` from tfperf.cost.engines.price, in graph order)."""
    nodes = graph.nodes
    index = {(n.function, n.name): i for i, n in enumerate(nodes)}
    functions = {n.function for n in nodes if n.function is not None}
    members: dict[str | None, list[int]] = {}
    for i, n in enumerate(nodes):
        members.setdefault(n.function, []).append(i)
    notes: list[str] = []
    excluded: dict[str, int] = {}

    # which function bodies run, and where: inline at their first call, unknown in loops,
    # the slowest branch of a conditional
    inline: dict[str, int] = {}  # function -> calling node
    skipped: dict[str, str] = {}  # function -> reason its ops are not counted
    own_seconds = {f: sum(costs[i].seconds or 0.0 for i in members.get(f, ())) for f in functions}
    pending = [None]
    seen: set[str | None] = {None}
    while pending:
        function = pending.pop()
        for i in members.get(function, ()):
            node = nodes[i]
            callees = _callees(node, functions) if functions else []
            if not callees:
                continue
            if node.op in LOOPS:
                for _, callee in callees:
                    skipped.setdefault(callee, f"in the While loop {node.name}: its trip count is unknown")
            elif node.op in CONDITIONALS:
                slowest = max((c for _, c in callees), key=lambda c: own_seconds.get(c, 0.0))
                for _, callee in callees:
                    if callee != slowest:
                        skipped.setdefault(callee, f"a branch of {node.name} not counted (the slowest one is)")
                if slowest not in inline and slowest not in skipped:
                    inline[slowest] = i
            elif costs[i].op_class == "call":
                for _, callee in callees:
                    if callee in inline and callee not in skipped:
                        notes.append(f"function {callee} is called more than once; its ops are counted once")
                    inline.setdefault(callee, i)
            else:
                for _, callee in callees:  # a function attribute of another op (tf.data map...): not run here
                    skipped.setdefault(callee, f"a function {node.op} {node.name} runs elsewhere (not in the step)")
            for _, callee in callees:
                if callee not in seen:
                    seen.add(callee)
                    pending.append(callee)
    # nested: a function reached only from a skipped one is skipped for the same reason
    changed = True
    while changed:
        changed = False
        for callee, caller in list(inline.items()):
            reason = skipped.get(nodes[caller].function) if nodes[caller].function is not None else None
            if reason and callee not in skipped:
                skipped[callee] = reason
                changed = True
    for f in functions - set(inline) - set(skipped):
        skipped[f] = "a function no op of the step calls"
    for f, reason in skipped.items():
        for i in members.get(f, ()):
            cost = costs[i]
            if cost.lane is not None and cost.unknown is None:
                if reason.startswith("in the While"):
                    cost.unknown = reason
                else:
                    cost.lane = None  # not run in this step
                    cost.seconds = 0.0
                excluded[reason] = excluded.get(reason, 0) + 1
        inline.pop(f, None)

    for i in unread(graph, costs):
        costs[i].lane, costs[i].seconds = None, 0.0
        excluded[UNREAD] = excluded.get(UNREAD, 0) + 1

    # tasks: one per node, then a call end per inlined call, then copies
    tasks = [Task(nodes[i].name, c.lane if c.unknown is None else None,
                  (c.seconds or 0.0) if c.unknown is None and c.lane is not None else 0.0, c)
             for i, c in enumerate(costs)]
    preds: list[list[int]] = [[] for _ in tasks]
    call_end: dict[int, int] = {}
    for f, caller in inline.items():
        if caller in call_end:
            continue
        call_end[caller] = len(tasks)
        tasks.append(Task(f"{nodes[caller].name} (end)", None, 0.0))
        preds.append([])
    body_of: dict[int, list[str]] = {}
    for f, caller in inline.items():
        body_of.setdefault(caller, []).append(f)

    back_edge_ops = ("NextIteration", "RefNextIteration")
    for i, node in enumerate(nodes):
        p = preds[i]
        for ref in node.inputs:
            j = index.get((node.function, ref.node))
            if j is None or nodes[j].op in back_edge_ops:
                continue
            p.append(call_end.get(j, j))
        for name in node.control_inputs:
            j = index.get((node.function, name))
            if j is not None and nodes[j].op not in back_edge_ops:
                p.append(call_end.get(j, j))
    for caller, fs in body_of.items():
        end = call_end[caller]
        preds[end].append(caller)
        for f in fs:
            for i in members.get(f, ()):
                if not preds[i]:
                    preds[i].append(caller)
                preds[end].append(call_end.get(i, i))

    if target.is_accelerator and target.host_link_bandwidth:
        _add_copies(graph, tasks, preds, costs, index, target)

    n = len(tasks)
    succs: list[list[int]] = [[] for _ in range(n)]
    count = [0] * n
    for i, p in enumerate(preds):
        for j in set(p):
            succs[j].append(i)
            count[i] += 1
    order = _topological(succs, list(count))
    if len(order) < n:  # still cyclic: those ops are unknown, and their edges cut
        cyclic = set(range(n)) - set(order)
        for i in cyclic:
            if tasks[i].cost is not None and tasks[i].cost.lane is not None and tasks[i].cost.unknown is None:
                tasks[i].cost.unknown = "in a dependency cycle (a TF1 loop)"
            tasks[i].lane, tasks[i].duration = None, 0.0
        for i in range(n):
            succs[i] = [s for s in succs[i] if s not in cyclic and i not in cyclic]
        count = [0] * n
        for i in range(n):
            for s in succs[i]:
                count[s] += 1

    lane_names = [e.name for e in target.engines]
    extra = sorted({t.lane for t in tasks if t.lane is not None} - set(lane_names),
                   key=lambda lane: (lane != HOST_LANE, lane))
    lane_names = [lane for lane in lane_names if any(t.lane == lane for t in tasks)] + extra
    lane_index = {lane: k for k, lane in enumerate(lane_names)}
    durations = [t.duration if t.lane is not None else 0.0 for t in tasks]
    lanes = [lane_index[t.lane] if t.lane is not None else -1 for t in tasks]
    start, end, critical = list_schedule(durations, lanes, succs, count)
    busy = dict.fromkeys(lane_names, 0.0)
    by_lane: dict[str, list[int]] = {lane: [] for lane in lane_names}
    for i, t in enumerate(tasks):
        t.start, t.end, t.critical = start[i], end[i], critical[i]
        if t.lane is not None:
            busy[t.lane] += t.duration
            by_lane[t.lane].append(i)
    for lane in by_lane:
        by_lane[lane].sort(key=lambda i: (start[i], i))
    makespan = max(end, default=0.0)
    path = []
    if tasks:
        i = max(range(n), key=lambda k: (end[k], -k))
        while i >= 0 and len(path) <= n:
            path.append(i)
            i = critical[i]
        path.reverse()
    return Schedule(tasks, makespan, lane_names, busy, by_lane, path, notes, excluded, succs, count, lanes)


def _add_copies(graph: Graph, tasks: list[Task], preds: list[list[int]], costs: list[OpCost],
                index: dict, target: Target) -> None:
    """A copy task on the link lane wherever a tensor crosses between host and device."""
    nodes = graph.nodes
    side: list[str] = ["device"] * len(nodes)  # where each node's outputs live
    for i, node in enumerate(nodes):  # graph order is topological within a function
        lane = costs[i].lane
        if lane == HOST_LANE:
            side[i] = "host"
        elif lane is None and node.inputs:
            j = index.get((node.function, node.inputs[0].node))
            if j is not None and j < i:
                side[i] = side[j]
    copies: dict[tuple[int, int], int] = {}
    for i, node in enumerate(nodes):
        if costs[i].lane is None:
            continue
        for slot, ref in enumerate(node.inputs):
            j = index.get((node.function, ref.node))
            if j is None or side[j] == side[i]:
                continue
            key = (j, ref.index)
            if key not in copies:
                src = nodes[j]
                nbytes = tensor_bytes(src.shape(ref.index), src.dtype(ref.index))
                if not nbytes:
                    continue
                copies[key] = len(tasks)
                direction = "to host" if side[i] == "host" else "to device"
                tasks.append(Task(f"copy {src.name}:{ref.index} {direction}", LINK_LANE,
                                  nbytes / target.host_link_bandwidth, nbytes=nbytes, producer=j))
                preds.append([j])
            k = copies[key]
            preds[i] = [k if p == j else p for p in preds[i]]
