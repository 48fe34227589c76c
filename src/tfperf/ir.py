"""A TensorFlow-free graph IR: what capture produces and what rules and the cost model read.

A Graph is a flat list of nodes from the top-level graph and from every function body reachable
from it (While/If bodies, PartitionedCall targets...). Edges connect nodes of the same function.
Nothing here imports TensorFlow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from tfperf.findings import GraphLocation, Location, SourceLocation

Shape = tuple  # of int | None; a Shape of None means the rank is unknown

DTYPE_SIZES = {
    "bool": 1, "int8": 1, "uint8": 1, "qint8": 1, "quint8": 1, "float8_e4m3fn": 1, "float8_e5m2": 1,
    "int16": 2, "uint16": 2, "float16": 2, "bfloat16": 2, "half": 2,
    "int32": 4, "uint32": 4, "float32": 4, "float": 4, "qint32": 4,
    "int64": 8, "uint64": 8, "float64": 8, "double": 8, "complex64": 8,
    "complex128": 16,
}


def dtype_size(dtype: str | None) -> int | None:
    return DTYPE_SIZES.get(dtype or "")


def num_elements(shape: Shape | None) -> int | None:
    """Elements of a fully known shape, else None."""
    if shape is None or any(d is None or d < 0 for d in shape):
        return None
    return math.prod(shape)


def tensor_bytes(shape: Shape | None, dtype: str | None) -> int | None:
    n, size = num_elements(shape), dtype_size(dtype)
    return None if n is None or size is None else n * size


@dataclass(frozen=True)
class TensorRef:
    """Output `index` of node `node` (in the same function as the consumer)."""

    node: str
    index: int = 0

    def __str__(self) -> str:
        return self.node if self.index == 0 else f"{self.node}:{self.index}"


@dataclass(frozen=True)
class Frame:
    """One stack frame of the code that created a node."""

    file: str
    line: int
    func: str = ""


@dataclass(frozen=True)
class Variable:
    """The variable a resource handle refers to, when capture can tell (live tf.functions, Keras)."""

    name: str  # the variable's name without ":0" (for Keras 3 variables, their path: "dense/kernel")
    trainable: bool = True


@dataclass
class Node:
    name: str
    op: str
    inputs: tuple[TensorRef, ...] = ()
    control_inputs: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)
    output_shapes: tuple[Shape | None, ...] = ()
    output_dtypes: tuple[str, ...] = ()
    device: str = ""
    function: str | None = None  # enclosing function; None for the top-level graph
    source: Frame | None = None  # the user's frame (first outside tensorflow/keras/tfperf)
    layer: str | None = None  # Keras layer, when known
    value: Any = None  # for small constants: the value as nested Python lists / scalars
    variable: Variable | None = None  # on a variable's handle (a captured resource): which variable

    def shape(self, index: int = 0) -> Shape | None:
        return self.output_shapes[index] if index < len(self.output_shapes) else None

    def dtype(self, index: int = 0) -> str | None:
        return self.output_dtypes[index] if index < len(self.output_dtypes) else None

    def output_bytes(self, index: int = 0) -> int | None:
        return tensor_bytes(self.shape(index), self.dtype(index))

    def location(self, origin: str | None = None) -> Location:
        src = SourceLocation(self.source.file, self.source.line) if self.source else None
        return Location(source=src, graph=GraphLocation(self.name, self.op, self.function, self.layer, origin))


class Graph:
    """Nodes of a captured model, indexed by (function, name), with consumer lookup."""

    def __init__(self, nodes: list[Node], origin: str = "", functions: dict[str, str] | None = None,
                 results: frozenset[tuple[str, int]] | None = None):
        self.nodes = nodes
        self.origin = origin
        # the top-level tensors (node name, output index) the function returns, where the capture knows
        # its return list; None: not known (tfperf.amp.plan then takes the unread Identity nodes)
        self.results = results
        # function name -> how it is reached ("While body of while_1", ...) for messages
        self.functions = functions or {}
        # the same step traced at another batch size (capture sets it where the batch can vary: Keras
        # models, training steps, functions given input shapes); tfperf.batch fits shapes from two traces
        self.at_batch: Callable[[int], Graph] | None = None
        self._by_key = {(n.function, n.name): n for n in nodes}
        self._consumers: dict[tuple[str | None, str], list[tuple[Node, int]]] = {}
        for n in nodes:
            for slot, ref in enumerate(n.inputs):
                self._consumers.setdefault((n.function, ref.node), []).append((n, slot))

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    def get(self, name: str, function: str | None = None) -> Node | None:
        return self._by_key.get((function, name))

    def producer(self, node: Node, slot: int = 0) -> Node | None:
        """The node feeding input `slot` of `node`."""
        if slot >= len(node.inputs):
            return None
        return self.get(node.inputs[slot].node, node.function)

    def input_shape(self, node: Node, slot: int = 0) -> Shape | None:
        src = self.producer(node, slot)
        return src.shape(node.inputs[slot].index) if src else None

    def input_dtype(self, node: Node, slot: int = 0) -> str | None:
        src = self.producer(node, slot)
        return src.dtype(node.inputs[slot].index) if src else None

    def consumers(self, node: Node, index: int | None = None) -> list[tuple[Node, int]]:
        """(consumer, input slot) pairs reading `node` (only output `index` when given)."""
        found = self._consumers.get((node.function, node.name), [])
        if index is None:
            return list(found)
        return [(c, slot) for c, slot in found if c.inputs[slot].index == index]

    def constant(self, node: Node, slot: int) -> Any:
        """The constant value feeding input `slot` of `node` (through Identity), or None."""
        src = self.producer(node, slot)
        while src is not None and src.op == "Identity" and src.inputs:
            src = self.producer(src, 0)
        if src is None or src.op != "Const":
            return None
        return src.value

    def by_op(self, *ops: str) -> Iterator[Node]:
        wanted = set(ops)
        return (n for n in self.nodes if n.op in wanted)
