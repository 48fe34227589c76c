"""A plan applied to the IR: the casts it needs, and the converted graph the step model prices.

A boundary is one tensor that crosses between float32 and 16-bit: into 16-bit where a converted
node reads float32 data, back to float32 where a float32 reader reads a converted node's output
(the graph's results are never converted, so they keep their dtype). One cast per tensor, shared by its readers. Two kinds need none: a
constant read only by converted nodes is converted in place, and a Cast back to float32 of a
16-bit tensor is skipped (reading the 16-bit source is exact: float32 holds every 16-bit value).
`tfperf.rewrite` places the same boundaries in the GraphDef.

Nothing here imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tfperf.amp.plan import Plan, key, retyped_t, t_inputs, t_outputs
from tfperf.ir import Graph, Node, TensorRef

CAST_SUFFIX = "/tfperf_cast"


@dataclass(frozen=True)
class Boundary:
    """The tensor (producer, index) read across precisions by `readers` ((node, slot) pairs)."""

    producer: Node
    index: int
    to: str  # the dtype the readers get: the plan's 16-bit dtype, or "float32"
    readers: tuple[tuple[Node, int], ...]
    how: str = "cast"  # "cast", "constant" (converted in place), "bypass" (read the 16-bit source)

    @property
    def cast_name(self) -> str:
        suffix = "" if self.index == 0 else f"_{self.index}"
        return f"{self.producer.name}{suffix}{CAST_SUFFIX}_{'16' if self.to != 'float32' else '32'}"


def boundaries(plan: Plan) -> list[Boundary]:
    """Every tensor the plan makes cross precisions, in graph order."""
    graph = plan.graph
    into: dict[tuple, list] = {}
    back: dict[tuple, list] = {}
    for node in plan.nodes():
        for slot in t_inputs(graph, node):
            producer = graph.producer(node, slot)
            if producer is not None and not plan.emits_16bit(producer):
                into.setdefault((key(producer), node.inputs[slot].index), []).append((node, slot))
        outputs = t_outputs(node)
        for reader, slot in graph.consumers(node):
            index = reader.inputs[slot].index
            if index in outputs and (not plan.emits_16bit(node) or not _reads_16bit(plan, reader, slot)):
                back.setdefault((key(node), index), []).append((reader, slot))
    found = [_into(plan, graph.get(k[1], k[0]), index, readers) for (k, index), readers in into.items()]
    found += [Boundary(graph.get(k[1], k[0]), index, "float32", tuple(readers)) for (k, index), readers in back.items()]
    order = {key(n): i for i, n in enumerate(graph)}
    return sorted(found, key=lambda b: (order[key(b.producer)], b.index, b.to))


def _reads_16bit(plan: Plan, reader: Node, slot: int) -> bool:
    return plan.is_converted(reader) and slot in t_inputs(plan.graph, reader)


def _into(plan: Plan, producer: Node, index: int, readers: list) -> Boundary:
    graph = plan.graph
    if producer.op == "Const" and all(_reads_16bit(plan, r, s) for r, s in graph.consumers(producer)):
        how = "constant"
    elif producer.op == "Cast" and graph.input_dtype(producer, 0) == plan.dtype:
        how = "bypass"
    else:
        how = "cast"
    return Boundary(producer, index, plan.dtype, tuple(readers), how)


def converted_graph(plan: Plan, stored: frozenset[str] = frozenset()) -> Graph:
    """The graph as the conversion leaves it: converted nodes' T data 16-bit, a Cast node per
    boundary (named `<producer>/tfperf_cast_16|32`), for the step model to price. `stored`: weights
    (node names) an inference rewrite stores in 16-bit when only converted nodes read them."""
    graph, dtype = plan.graph, plan.dtype
    nodes = {key(n): _retyped(n, plan) for n in graph}
    casts_after: dict = {}
    for b in boundaries(plan):
        source = TensorRef(b.producer.name, b.index)
        if b.how == "constant" or _stored(b, stored, graph):
            const = nodes[key(b.producer)]
            nodes[key(b.producer)] = replace(const, output_dtypes=(dtype,), attrs={**const.attrs, "dtype": dtype})
            continue
        if b.how == "bypass":
            new = b.producer.inputs[0]
        else:
            cast = _cast_node(b, source, dtype)
            casts_after.setdefault(key(b.producer), []).append(cast)
            new = TensorRef(cast.name)
        for reader, slot in b.readers:
            current = nodes[key(reader)]
            inputs = list(current.inputs)
            inputs[slot] = new
            nodes[key(reader)] = replace(current, inputs=tuple(inputs))
    ordered = []
    for node in graph:
        ordered.append(nodes[key(node)])
        ordered += casts_after.get(key(node), [])
    return Graph(ordered, graph.origin, graph.functions, graph.results)


def _stored(b: Boundary, stored: frozenset[str], graph: Graph) -> bool:
    """A weight cast into 16-bit for all its readers: stored that way once (tfperf.rewrite.freeze)."""
    return b.producer.name in stored and b.to != "float32" and len(b.readers) == len(graph.consumers(b.producer))


def _retyped(node: Node, plan: Plan) -> Node:
    if not plan.is_converted(node):
        return node
    outputs = set(t_outputs(node))
    dtypes = tuple(plan.dtype if i in outputs else d for i, d in enumerate(node.output_dtypes))
    return replace(node, output_dtypes=dtypes, attrs={**node.attrs, "T": retyped_t(node, plan.dtype)})


def _cast_node(b: Boundary, source: TensorRef, dtype: str) -> Node:
    src = dtype if b.to == "float32" else "float32"
    return Node(b.cast_name, "Cast", (source,), attrs={"SrcT": src, "DstT": b.to},
                output_shapes=(b.producer.shape(b.index),), output_dtypes=(b.to,), function=b.producer.function,
                source=b.producer.source, layer=b.producer.layer)
