"""Where ops run: the placement of a graph's computing nodes on the device or the host, and why.

The guide's section "Place Ops in HPU": an op the accelerator has no kernel for runs on the host,
and every tensor that crosses between host and device is a copy that stalls the device. Nothing
here imports TensorFlow: the readers of TensorFlow (kernel registry, XLA, live runs, placement
dumps) are in `tfperf.capture.placement`, and `tfperf.analyze.placement_of` picks the best source.

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

from tfperf.ir import Graph, Node

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
# Node attribute set by capture on the machinery Keras adds to every compiled model's training step (the
# optimizer's int64 step counter, the sparse cross-entropy's int64 class ids): the device runs it, and an
# op list that judges by dtype would report it on every model. Its value says what the node is.
KERAS_INTERNAL = "_tfperf_keras_internal"
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
# placements read from devices or predicted from tfperf's op list


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
    """Why `op_list` puts `node` on the host: its op, or a dtype it reads or writes (constants and Keras's
    own step machinery aside)."""
    if KERAS_INTERNAL in node.attrs:
        return None
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
