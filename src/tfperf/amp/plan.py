"""Which ops of a graph a bf16 conversion computes in 16-bit, and where it puts casts.

`plan(graph, config)` applies a conversion config (Habana's, or tfperf's own lists) as Habana's pass
does: allowlisted ops and convertible exceptions are converted; then, until nothing changes, a
conditional op is converted when a float neighbour is, a strict conditional op when every float
input is; non-convertible exceptions never are. Only ops whose "T" is float32 can be converted
(an op's "T" is the dtype of its data; a Cast is a boundary, not a candidate), and only the float
slots "T" governs change (batch norm keeps its float32 statistics).

tfperf's own choice for a graph (`tfperf.amp.choose`) is written as a config too: tfperf's lists
plus node exceptions, so that `plan` applies it like any other.

Nothing here imports TensorFlow.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable

from tfperf.amp import lists
from tfperf.amp.habana import Bf16Config
from tfperf.ir import Graph, Node

Key = tuple  # (function, node name)


def key(node: Node) -> Key:
    return node.function, node.name


def default_config() -> Bf16Config:
    """tfperf's op lists (tfperf.amp.lists) as a conversion config."""
    return Bf16Config(lists.ALLOW, lists.CONDITIONAL, lists.STRICT)


def convertible(node: Node) -> bool:
    """The node computes on float32 data its "T" describes (a Cast is a boundary, never converted).
    A type list (IdentityN: what tf.custom_gradient, e.g. Keras 3's swish, traces as) converts as a
    whole, and only when every element is float32 (no slot of another dtype to keep apart)."""
    t = node.attrs.get("T")
    if node.op == "Cast":
        return False
    if isinstance(t, (list, tuple)):
        return bool(t) and all(dtype == "float32" for dtype in t)
    return t == "float32"


def retyped_t(node: Node, dtype: str) -> str | list[str]:
    """The node's "T" once converted to `dtype`: every element of a type list, else the one type."""
    t = node.attrs.get("T")
    return [dtype] * len(t) if isinstance(t, (list, tuple)) else dtype


def t_inputs(graph: Graph, node: Node) -> list[int]:
    """Input slots whose float32 data the node's "T" governs (they turn 16-bit with it)."""
    allowed = lists.T_SLOTS.get(node.op, (None, None))[0]
    return [slot for slot in range(len(node.inputs)) if graph.input_dtype(node, slot) == "float32"
            and (allowed is None or slot in allowed)]


def t_outputs(node: Node) -> list[int]:
    """Output indices whose float32 data the node's "T" governs."""
    allowed = lists.T_SLOTS.get(node.op, (None, None))[1]
    return [i for i, dtype in enumerate(node.output_dtypes) if dtype == "float32"
            and (allowed is None or i in allowed)]


@dataclass
class Plan:
    """The nodes a conversion computes in `dtype`, and why."""

    graph: Graph
    config: Bf16Config
    dtype: str  # "bfloat16" or "float16"
    converted: set[Key] = field(default_factory=set)
    input_only: set[Key] = field(default_factory=set)  # converted, their outputs cast back at once
    outputs: frozenset = frozenset()  # (function, name, index) that keep their dtype: the graph's results
    unsupported: list[Node] = field(default_factory=list)  # listed, but no 16-bit kernel where it runs

    def is_converted(self, node: Node | None) -> bool:
        return node is not None and key(node) in self.converted

    def emits_16bit(self, node: Node | None) -> bool:
        """The node's T outputs are 16-bit for its readers (input-only nodes cast theirs back)."""
        return node is not None and key(node) in self.converted and key(node) not in self.input_only

    def nodes(self) -> list[Node]:
        return [n for n in self.graph if key(n) in self.converted]


RESULT_OPS = ("Identity", "IdentityN")  # what a traced tf.function returns its results through


def result_tensors(graph: Graph) -> list[tuple[Node, int]]:
    """(top-level node, output index) of each tensor the graph returns, in graph order: its return
    list where the capture recorded it (a custom gradient's forward Identity nodes are unread, yet
    not results); else the outputs of the top-level Identity nodes nothing reads (a tf.function
    returns through them; other unread ops, like the gradient of a model's input in a training
    step, are dead ends, not results)."""
    if graph.results is not None:
        return [(node, i) for node in graph if node.function is None
                for i in range(len(node.output_dtypes)) if (node.name, i) in graph.results]
    return [(node, i) for node in graph
            if node.function is None and node.op in RESULT_OPS and not graph.consumers(node)
            for i in range(len(node.output_dtypes))]


def graph_outputs(graph: Graph) -> frozenset:
    """(function, name, index) of the graph's float32 results (they keep their dtype)."""
    return frozenset((None, node.name, i) for node, i in result_tensors(graph) if node.output_dtypes[i] == "float32")


def plan(graph: Graph, config: Bf16Config | None = None, *, dtype: str = "bfloat16",
         supported: Callable[[Node], bool] | None = None) -> Plan:
    """Apply `config` (default: tfperf's lists) to `graph` as Habana's pass would. `supported`: whether
    a node has a 16-bit kernel where it will run (nodes without one are never converted)."""
    config = config or default_config()
    result = Plan(graph, config, dtype, outputs=graph_outputs(graph))
    kinds = _kinds(graph, config, supported, result)
    queue = deque()
    for node_key, kind in kinds.items():
        if kind in ("allow", "always", "input_only"):
            _mark(result, node_key, kind, queue)
    while queue:
        node = queue.popleft()
        for neighbour in _neighbours(graph, node, result):
            neighbour_key = key(neighbour)
            if neighbour_key in result.converted or kinds.get(neighbour_key) not in ("conditional", "strict"):
                continue
            if kinds[neighbour_key] == "conditional" or _all_inputs_16bit(graph, neighbour, result):
                _mark(result, neighbour_key, kinds[neighbour_key], queue)
    return result


def _kinds(graph: Graph, config: Bf16Config, supported, result: Plan) -> dict[Key, str]:
    """How the config treats each candidate node: allow, conditional, strict, always, input_only
    (never-excepted and unlisted nodes are left out: they stay float32)."""
    kinds = {}
    results = {(f, n) for f, n, _ in result.outputs}
    for node in graph:
        if not convertible(node) or key(node) in results:  # a result keeps its dtype: no cast after it
            continue
        kind = config.exception(node.name, node.op) or config.listed(node.op)
        if kind in (None, "never"):
            continue
        if supported is not None and not supported(node):
            result.unsupported.append(node)
            continue
        kinds[key(node)] = kind
    return kinds


def _mark(result: Plan, node_key: Key, kind: str, queue: deque) -> None:
    result.converted.add(node_key)
    if kind == "input_only":
        result.input_only.add(node_key)
    queue.append(result.graph.get(node_key[1], node_key[0]))


def _neighbours(graph: Graph, node: Node, result: Plan) -> Iterable[Node]:
    """The float neighbours a newly converted node can make convert: the producers of its T inputs,
    and (unless it casts its outputs back) the readers of its T outputs."""
    for slot in t_inputs(graph, node):
        producer = graph.producer(node, slot)
        if producer is not None:
            yield producer
    if key(node) in result.input_only:
        return
    outputs = set(t_outputs(node))
    for reader, slot in graph.consumers(node):
        if reader.inputs[slot].index in outputs and slot in t_inputs(graph, reader):
            yield reader


def _all_inputs_16bit(graph: Graph, node: Node, result: Plan) -> bool:
    """Every T input comes 16-bit: from a converted node, or a constant (converted for free)."""
    slots = t_inputs(graph, node)
    return bool(slots) and all(result.emits_16bit(p) or (p is not None and p.op == "Const")
                               for p in (graph.producer(node, s) for s in slots))
