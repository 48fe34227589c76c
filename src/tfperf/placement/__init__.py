"""Where ops run, on the device or on the host, and which tensors cross between them.

The guide's section "Place Ops in HPU": an op the accelerator has no kernel for runs on the host,
and every tensor that crosses between host and device is a copy that stalls the device. Nothing
here imports TensorFlow; the readers of TensorFlow (kernel registry, XLA, live runs, placement
dumps) are in `tfperf.capture.placement`, imported only when a prediction needs them.

A `Placement` says which computing nodes of a graph run on the host, why, and how that was learned
(its `source`, best first):

    dump      the `device` every node carries: a placement dump, or a live run on this machine
    registry  the installed TensorFlow's kernel registry for the target's device type (HPU, GPU)
    xla       XLA's kernel registry (XLA_CPU_JIT), and a jit_compile of the function when it is live
    op-list   tfperf's data file for the target kind (targets/data/placement/<kind>.toml), used only
              when nothing better exists
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Iterator

from tfperf.findings import Cost
from tfperf.ir import Graph, Node
from tfperf.targets import Target

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Key = tuple  # (function, node name): a node's identity in a Graph

# Python callbacks run in the interpreter, on the host, whatever device TensorFlow gives the op:
# their inputs are copied to host memory and their outputs back.
PYTHON_CALLBACKS = frozenset({"PyFunc", "PyFuncStateless", "EagerPyFunc"})
# Ops that compute nothing. Pass-throughs forward an input (TensorFlow's placer puts an Identity
# with its input), so crossings are traced through them; the others hold, feed or call (a Const
# goes with its consumer; a function call's body is judged op by op). None is ever reported.
PASS_THROUGH = frozenset({"Identity", "IdentityN", "Snapshot", "StopGradient", "PreventGradient"})
NOT_COMPUTING = PASS_THROUGH | frozenset({
    "Const", "HostConst", "Placeholder", "PlaceholderWithDefault", "_Arg", "_DeviceArg", "_Retval",
    "_DeviceRetval", "NoOp", "VarHandleOp", "_Send", "_Recv", "_HostSend", "_HostRecv",
    "PartitionedCall", "StatefulPartitionedCall", "While", "StatelessWhile", "If", "StatelessIf", "Case",
    "StatelessCase",
})
# The input pipeline runs on the host by design (tf.data; its hand-over is TFP4xx's business).
INPUT_PIPELINE = re.compile(r"Dataset(V\d)?$|Iterator")
HANDLE_DTYPES = frozenset({"resource"})  # a handle crossing is a pointer, not data
HOST_DEVICE_TYPES = frozenset({"CPU"})
_DEVICE_TYPE = re.compile(r"(?:^|/)(?:device:)?(?!job:|replica:|task:)([A-Za-z_]+):(?:\d+|\*)$", re.IGNORECASE)


@dataclass(frozen=True)
class HostReason:
    """Why a node runs on the host, and what keeps it on the device."""

    text: str
    remedy: str


PYTHON_CALLBACK = HostReason(
    "a Python callback: it runs in the interpreter, on the host",
    "replace the py_function/numpy_function with TensorFlow ops, or move it into the tf.data pipeline")
PINNED = HostReason("pinned to the CPU with tf.device",
                    "remove the tf.device('/cpu:0') scope around it, or allow it with --allow-host")


@dataclass
class Placement:
    """Which computing nodes of a graph run on the host, and how that was learned."""

    source: str  # dump | registry | xla | op-list | host
    device: str  # what the other nodes run on: "HPU", "GPU", "XLA", or the dump's device types
    host: dict[Key, HostReason] = field(default_factory=dict)
    judged: set[Key] = field(default_factory=set)  # computing nodes whose side is known
    notes: list[str] = field(default_factory=list)  # what the source could not tell, said plainly

    @property
    def outside(self) -> str:
        """Where a host node runs, in words: under XLA it is what XLA cannot compile."""
        return "outside XLA" if self.source == "xla" else "on the host"

    @property
    def boundary(self) -> str:
        return "in or out of XLA" if self.source == "xla" else "host<->device"

    def on_host(self, node: Node) -> bool | None:
        key = (node.function, node.name)
        return key in self.host if key in self.judged else None

    def mark_host(self, node: Node, reason: HostReason) -> None:
        self.judged.add((node.function, node.name))
        self.host[(node.function, node.name)] = reason


def key(node: Node) -> Key:
    return node.function, node.name


def computes(node: Node) -> bool:
    """Whether the node is judged: an op that does work, outside the input pipeline."""
    return node.op not in NOT_COMPUTING and not INPUT_PIPELINE.search(node.op)


def device_type(device: str | None) -> str | None:
    """"/job:localhost/replica:0/task:0/device:HPU:0" -> "HPU"; "/cpu:0" -> "CPU"; "", "/job:localhost" -> None."""
    match = _DEVICE_TYPE.search(device or "")
    return match.group(1).upper() if match else None


def fully_placed(graph: Graph) -> bool:
    """Every computing node carries a device, as in a placement dump; a traced graph carries only the
    devices its code asked for (tf.device), which prediction honours."""
    nodes = [n for n in graph if computes(n)]
    return bool(nodes) and all(device_type(n.device) for n in nodes)


# ---------------------------------------------------------------------------------------------
# where the placement comes from


def placement_of(graph: Graph, target: Target, *, xla: bool = False, placed: bool | None = None) -> Placement:
    """The best placement available: the devices of a placed graph (a dump, a run; by default when
    every computing node has one), else a prediction for `target`."""
    if fully_placed(graph) if placed is None else placed:
        return from_devices(graph)
    if not xla and target.kind == "cpu":
        return Placement("host", "CPU", notes=[f"the target {target.name} is the host: every op runs there"])
    from tfperf.capture.placement import predict  # reads TensorFlow's registries

    return predict(graph, target, xla=xla)


def from_devices(graph: Graph) -> Placement:
    """What a placement dump or a live run says: a node on a CPU is on the host if any node is elsewhere."""
    types = {key(n): device_type(n.device) for n in graph}
    accelerators = sorted({t for t in types.values() if t and t not in HOST_DEVICE_TYPES})
    placement = Placement("dump", ", ".join(accelerators) or "none")
    if not accelerators:
        placement.notes.append("every node is on the host (CPU): the graph was placed without an accelerator, "
                               "so nothing fell back")
        return placement
    for node in filter(computes, graph):
        kind = types[key(node)]
        if kind is None:
            continue
        placement.judged.add(key(node))
        if node.op in PYTHON_CALLBACKS:
            placement.mark_host(node, PYTHON_CALLBACK)
        elif kind in HOST_DEVICE_TYPES:
            placement.mark_host(node, HostReason(
                f"placed on {kind} while the graph runs on {placement.device}",
                "give it an op with a device kernel (or a custom op), or allow it with --allow-host"))
    unplaced = sum(1 for n in graph if computes(n) and types[key(n)] is None)
    if unplaced:
        placement.notes.append(f"{unplaced} computing node(s) carry no device and are not judged")
    return placement


@dataclass(frozen=True)
class OpList:
    """Known host-only dtypes and ops of a device kind (targets/data/placement/<kind>.toml)."""

    kind: str
    title: str
    host_dtypes: dict[str, str]
    host_ops: dict[str, str]
    sources: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"targets/data/placement/{self.kind}.toml"


def load_op_list(kind: str) -> OpList | None:
    path = resources.files("tfperf.targets").joinpath("data", "placement", f"{kind}.toml")
    if not path.is_file():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return OpList(kind, data["title"], dict(data.get("host_dtypes", {})), dict(data.get("host_ops", {})),
                  tuple(data.get("sources", ())))


_DTYPE_REMEDY = {
    "string": "do string work in the tf.data pipeline and feed the device numbers",
    "int64": "cast to int32 before it (or have the producer emit int32)",
    "uint64": "cast to int32 before it (or have the producer emit int32)",
    "float64": "compute in float32 or bfloat16",
}


def op_list_reason(graph: Graph, node: Node, op_list: OpList) -> HostReason | None:
    """Why `op_list` puts `node` on the host: its op, or a dtype it reads or writes (constants aside)."""
    if node.op in op_list.host_ops:
        return HostReason(op_list.host_ops[node.op], "use an op the device has, or allow it with --allow-host")
    for dtype in _data_dtypes(graph, node):
        if dtype in op_list.host_dtypes:
            return HostReason(f"{dtype} tensor: {op_list.host_dtypes[dtype]}",
                              _DTYPE_REMEDY.get(dtype, f"avoid {dtype} tensors on the device"))
    return None


def _data_dtypes(graph: Graph, node: Node) -> Iterator[str]:
    """The dtypes a node writes and reads; a constant input is a parameter (an axis, a shape), not data."""
    yield from node.output_dtypes
    for slot, ref in enumerate(node.inputs):
        producer = graph.producer(node, slot)
        if producer is not None and producer.op != "Const":
            dtype = producer.dtype(ref.index)
            if dtype:
                yield dtype


def predict_from_op_list(graph: Graph, op_list: OpList, device: str, notes: Iterable[str] = ()) -> Placement:
    placement = Placement("op-list", device, notes=list(notes))
    judge(graph, placement, lambda node: op_list_reason(graph, node, op_list))
    return placement


def judge(graph: Graph, placement: Placement, reason_of: Callable[[Node], HostReason | None], *, pins: bool = True,
          knows: Callable[[Node], bool] = lambda node: True) -> None:
    """Judge every computing node of a predicted placement: first what puts it on the host whatever the
    device (a Python callback; with `pins`, a tf.device pin to the CPU), then `reason_of` (None: on
    the device). Ops the source does not `know` are left unjudged, and a note says which."""
    unknown: set[str] = set()
    for node in filter(computes, graph):
        if node.op in PYTHON_CALLBACKS:
            reason = PYTHON_CALLBACK
        elif pins and device_type(node.device) in HOST_DEVICE_TYPES:
            reason = PINNED
        elif not knows(node):
            unknown.add(node.op)
            continue
        else:
            reason = reason_of(node)
        placement.judged.add(key(node))
        if reason is not None:
            placement.mark_host(node, reason)
    if unknown:
        placement.notes.append(f"ops this TensorFlow does not know are not judged: {', '.join(sorted(unknown))}")


# ---------------------------------------------------------------------------------------------
# crossings and groups


@dataclass(frozen=True)
class Crossing:
    """A tensor copied between host and device once per step (to every consumer on the other side)."""

    producer: Node
    index: int
    to_host: bool
    consumers: tuple[Node, ...]

    @property
    def nbytes(self) -> int | None:
        return self.producer.output_bytes(self.index)

    @property
    def tensor(self) -> str:
        return self.producer.name if self.index == 0 else f"{self.producer.name}:{self.index}"


def source_of_input(graph: Graph, node: Node, slot: int) -> tuple[Node, int] | None:
    """The computing node (and output) behind input `slot` of `node`, through pass-through ops."""
    ref = node.inputs[slot]
    producer = graph.get(ref.node, node.function)
    index = ref.index
    while producer is not None and producer.op in PASS_THROUGH and producer.inputs:
        inner = producer.inputs[index if producer.op == "IdentityN" and index < len(producer.inputs) else 0]
        producer, index = graph.get(inner.node, producer.function), inner.index
    return (producer, index) if producer is not None else None


def crossings(graph: Graph, placement: Placement) -> list[Crossing]:
    """Every tensor that moves between a host node and a device node, once per destination side."""
    found: dict[tuple, list[Node]] = {}
    producers: dict[tuple, Node] = {}
    for consumer in filter(computes, graph):
        side = placement.on_host(consumer)
        if side is None:
            continue
        for slot in range(len(consumer.inputs)):
            source = source_of_input(graph, consumer, slot)
            if source is None or not computes(source[0]) or source[0].dtype(source[1]) in HANDLE_DTYPES:
                continue
            producer, index = source
            producer_side = placement.on_host(producer)
            if producer_side is None or producer_side == side:
                continue
            edge = (key(producer), index, side)
            producers[edge] = producer
            found.setdefault(edge, []).append(consumer)
    return [Crossing(producers[e], e[1], e[2], tuple(c)) for e, c in found.items()]


@dataclass
class HostGroup:
    """Host nodes of one op type at one place (a source line, else a Keras layer), with their crossings."""

    op: str
    nodes: list[Node]
    reason: HostReason
    crossings: list[Crossing] = field(default_factory=list)
    allowed: bool = False

    @property
    def where(self) -> str:
        node = self.nodes[0]
        if node.source:
            return f"{node.source.file}:{node.source.line}"
        if node.layer:
            return f"layer {node.layer}"
        return node.name if len(self.nodes) == 1 else f"{len(self.nodes)} nodes"

    @property
    def known_bytes(self) -> int:
        return sum(c.nbytes for c in self.crossings if c.nbytes is not None)

    @property
    def unknown_sizes(self) -> int:
        return sum(1 for c in self.crossings if c.nbytes is None)

    def cost(self, target: Target) -> Cost:
        nbytes = None if self.unknown_sizes else self.known_bytes
        return Cost(bytes_moved=nbytes, flops=None, seconds=target.seconds_over_host_link(nbytes), target=target.name)

    def rank(self) -> tuple:
        return (-self.known_bytes, -len(self.crossings), -len(self.nodes), self.op, self.where)


def _group_key(node: Node) -> tuple:
    """Op type and source line; without a line, op type and Keras layer (or the op type alone)."""
    if node.source:
        return node.op, node.source.file, node.source.line
    return node.op, node.layer


def host_groups(graph: Graph, placement: Placement, allow: Iterable[str] = ()) -> list[HostGroup]:
    """Host nodes grouped by op type and source line, each with the crossings it causes, costliest first."""
    allowed = set(allow)
    groups: dict[tuple, HostGroup] = {}
    owner: dict[Key, HostGroup] = {}
    for node in graph:
        reason = placement.host.get(key(node))
        if reason is None:
            continue
        group = groups.get(_group_key(node))
        if group is None:
            group = groups[_group_key(node)] = HostGroup(node.op, [], reason, allowed=node.op in allowed)
        group.nodes.append(node)
        owner[key(node)] = group
    for crossing in crossings(graph, placement):
        host_end = crossing.consumers[0] if crossing.to_host else crossing.producer
        owner[key(host_end)].crossings.append(crossing)
    return sorted(groups.values(), key=HostGroup.rank)


def parse_ops(values: Iterable[str]) -> tuple[str, ...]:
    """"StringFormat,PyFunc" (and lists of such) -> op type names."""
    return tuple(op.strip() for value in values for op in value.split(",") if op.strip())


# ---------------------------------------------------------------------------------------------
# a graph's placement, ready to report


@dataclass
class PlacementReport:
    """One graph's placement: the host groups (allowed ones too) and the findings they gate on."""

    origin: str
    placement: Placement
    groups: list[HostGroup]
    findings: list  # TFP501 for every host group not allowed, TFP502 for an Estimator's host pipeline


def report_graph(graph: Graph, placement: Placement, target: Target, allow: Iterable[str] = ()) -> PlacementReport:
    from tfperf.analyze import check_graph  # the rules import this module

    allow = tuple(allow)
    findings = check_graph(graph, target, select=["TFP501", "TFP502"],
                           options={"placement": placement, "allow_host": allow})
    return PlacementReport(graph.origin, placement, host_groups(graph, placement, allow), findings)
