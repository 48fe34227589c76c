"""The mixed-precision patterns in the IR, shared by the TFP7xx rules, their conversion pass and
`tfperf amp`'s summary.

- float32 matrix ops (TFP701): ops tfperf's lists always convert, computing on float32 data;
- precision-sensitive work in 16-bit (TFP703): exponentials, logarithms and cross-entropies,
  reductions of many terms, and a model's result;
- cast ping-pong (TFP704): an island of ops in one precision whose every input arrives through a
  cast from the other and whose every result leaves through a cast back.

Nothing here imports TensorFlow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tfperf.amp import lists
from tfperf.amp.plan import RESULT_OPS, convertible, graph_outputs, key, result_tensors
from tfperf.cost.engines import matrix_dims
from tfperf.ir import Graph, Node, num_elements

SIXTEEN = frozenset(lists.FLOAT16)
FLOATS = SIXTEEN | {"float32"}
METADATA = frozenset(("Shape", "ShapeN", "Size", "Rank"))  # read a tensor's shape, not its values


def float32_matrix_ops(graph: Graph) -> list[Node]:
    """The matrix ops computing in float32, costliest first (by FLOPs; unknown last): the first is
    what TFP701's finding and its rewrite's site are named after."""
    found = [n for n in graph if n.op in lists.ALLOW and convertible(n)]
    return sorted(found, key=lambda n: -(matrix_flops(graph, n) or 0))


def matrix_flops(graph: Graph, node: Node) -> int | None:
    inputs = [(graph.input_shape(node, s), graph.input_dtype(node, s)) for s in range(len(node.inputs))]
    dims = matrix_dims(node, inputs, node.output_shapes)
    return None if dims is None else 2 * math.prod(dims)


def computes_16bit(node: Node) -> bool:
    dtype = node.attrs.get("T")  # a list for ops of several types (IdentityN): not one computation
    return isinstance(dtype, str) and dtype in SIXTEEN and node.op != "Cast"


def reduction_terms(graph: Graph, node: Node) -> int | None:
    """Terms summed into each result of a reduction (input elements / output elements), when known."""
    inputs, outputs = num_elements(graph.input_shape(node, 0)), num_elements(node.shape(0))
    if inputs is None or not outputs:
        return None
    return inputs // outputs


def sensitive_16bit(graph: Graph) -> list[tuple[Node, str]]:
    """(node, why) for precision-sensitive ops computing in 16-bit."""
    found = []
    for node in graph:
        if not computes_16bit(node):
            continue
        if node.op in lists.SENSITIVE:
            found.append((node, lists.SENSITIVE[node.op]))
        elif node.op in lists.REDUCTIONS:
            terms = reduction_terms(graph, node)
            if terms is not None and terms > lists.LARGE_REDUCTION:
                found.append((node, f"a {node.op} of {terms} terms per result"))
    return found


def outputs_16bit(graph: Graph) -> list[Node]:
    """The graph's results (tfperf.amp.plan.result_tensors) that are 16-bit, as the node that
    computed each."""
    found = []
    for node, index in result_tensors(graph):
        if node.output_dtypes[index] not in SIXTEEN:
            continue
        while node.op in RESULT_OPS and graph.producer(node, 0) is not None:
            node = graph.producer(node, 0)
        if all(node is not seen for seen in found):
            found.append(node)
    return found


# ---------------------------------------------------------------------------------------------
# cast ping-pong


def cast_between(node: Node) -> tuple[str, str] | None:
    """(source dtype, destination dtype) of a Cast between float32 and a 16-bit float, else None."""
    if node.op != "Cast":
        return None
    pair = (node.attrs.get("SrcT"), node.attrs.get("DstT"))
    return pair if set(pair) & SIXTEEN and "float32" in pair else None


@dataclass
class Island:
    """Ops in one precision (`dtype`) entered only through casts from the other and left only
    through casts back: `entries` cast into it, `exits` cast out of it."""

    dtype: str
    entries: list[Node]
    ops: list[Node]
    exits: list[Node]

    @property
    def casts(self) -> list[Node]:
        return self.entries + self.exits


def islands(graph: Graph) -> list[Island]:
    """Every island of the graph (each found once, from its first entry cast in graph order)."""
    found, seen = [], set()
    results = {(f, n) for f, n, _ in graph_outputs(graph)}
    for cast in graph:
        pair = cast_between(cast)
        if pair is None or key(cast) in seen:
            continue
        island = _grow(graph, cast, pair[1], results)
        if island is not None:
            seen.update(key(n) for n in island.entries)
            found.append(island)
    return found


def _grow(graph: Graph, start: Node, dtype: str, results: set) -> Island | None:
    """The island `start` (a cast into `dtype`) enters, or None when its region reaches anything but
    casts back: an op of the other precision, a graph input or a result."""
    entries, ops, exits = {key(start): start}, {}, {}
    todo = [start]
    while todo:
        for reader, _ in graph.consumers(todo.pop()):
            if key(reader) in ops or key(reader) in exits or reader.op in METADATA:
                continue
            if (cast_between(reader) or ("",))[0] == dtype:
                exits[key(reader)] = reader
                continue
            if reader.op == "Cast" or _float_dtype(reader) != dtype or key(reader) in results:
                return None
            ops[key(reader)] = reader
            todo.append(reader)
            for slot in range(len(reader.inputs)):
                producer = graph.producer(reader, slot)
                if producer is None or key(producer) in ops or key(producer) in entries:
                    continue
                if (cast_between(producer) or ("", ""))[1] == dtype:
                    entries[key(producer)] = producer
                    todo.append(producer)
                elif graph.input_dtype(reader, slot) in FLOATS and producer.op not in ("Const", "ReadVariableOp"):
                    return None
    return Island(dtype, list(entries.values()), list(ops.values()), list(exits.values())) if exits else None


def _float_dtype(node: Node) -> str | None:
    return next((d for d in node.output_dtypes if d in FLOATS), None)


def avoidable(island: Island) -> bool:
    """Whether computing the island in the other precision costs nothing in accuracy or speed: a
    float32 island of ops tfperf's lists allow in 16-bit, or a 16-bit island without a matrix op
    (nothing in it runs faster in 16-bit on a matrix engine). An empty island is a pure round trip."""
    if island.dtype == "float32":
        allowed = lists.ALLOW | lists.CONDITIONAL | lists.STRICT
        return all(n.op in allowed for n in island.ops)
    return not any(n.op in lists.ALLOW for n in island.ops)
