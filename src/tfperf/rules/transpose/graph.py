"""The transpose patterns in a captured graph, shared by the TFP1xx rules and their rewrites."""

from __future__ import annotations

from tfperf.cost import transpose_cost
from tfperf.findings import Cost
from tfperf.ir import Graph, Node, num_elements
from tfperf.rules.base import CheckContext

TRANSPOSES = ("Transpose",)
MATMULS = {"MatMul": ("transpose_a", "transpose_b"), "BatchMatMul": ("adj_x", "adj_y"),
           "BatchMatMulV2": ("adj_x", "adj_y"), "BatchMatMulV3": ("adj_x", "adj_y")}
# ops that act on each element independently: a transpose commutes with them
UNARY_ELEMENTWISE = {
    "Abs", "Cast", "Ceil", "Cos", "Elu", "Erf", "Exp", "Expm1", "Floor", "Identity", "LeakyRelu", "Log",
    "Log1p", "Neg", "Reciprocal", "Relu", "Relu6", "Round", "Rsqrt", "Selu", "Sigmoid", "Sign", "Sin",
    "Softplus", "Softsign", "Sqrt", "Square", "Tanh",
}
BINARY_ELEMENTWISE = {"Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum", "Pow",
                      "SquaredDifference", "FloorDiv", "FloorMod", "DivNoNan", "MulNoNan"}


def perm_of(graph: Graph, node: Node) -> tuple[int, ...] | None:
    perm = graph.constant(node, 1)
    if not isinstance(perm, list) or not all(isinstance(p, int) for p in perm):
        return None
    rank = len(perm)
    return tuple(p % rank if rank else p for p in perm)


def compose(first: tuple[int, ...], second: tuple[int, ...]) -> tuple[int, ...]:
    """transpose(transpose(x, first), second) == transpose(x, compose(first, second))."""
    return tuple(first[i] for i in second)


def is_identity(perm: tuple[int, ...]) -> bool:
    return perm == tuple(range(len(perm)))


def swaps_last_two(perm: tuple[int, ...]) -> bool:
    n = len(perm)
    return n >= 2 and perm == tuple(range(n - 2)) + (n - 1, n - 2)


def _broadcast_safe(graph: Graph, node: Node, slot: int) -> bool:
    """An operand that is the same after any transpose: a scalar or a tensor of one element."""
    shape = graph.input_shape(node, slot)
    return shape is not None and num_elements(shape) == 1


def elementwise_path_input(graph: Graph, node: Node) -> tuple[Node, list[Node]] | None:
    """Walk up from `node`'s data input through elementwise ops with broadcast-safe operands.

    Returns the first non-elementwise producer and the elementwise ops passed on the way.
    """
    path: list[Node] = []
    current = graph.producer(node, 0)
    while current is not None:
        if current.op in UNARY_ELEMENTWISE:
            nxt_slot = 0
        elif current.op in BINARY_ELEMENTWISE and len(current.inputs) == 2:
            safe = [s for s in (0, 1) if _broadcast_safe(graph, current, s)]
            if len(safe) != 1:
                break
            nxt_slot = 1 - safe[0]
        else:
            break
        if len(graph.consumers(current)) != 1:
            break  # someone else reads the intermediate in its current layout
        path.append(current)
        current = graph.producer(current, nxt_slot)
    return (current, path) if current is not None else None


def transpose_pair(graph: Graph, node: Node) -> tuple[Node, list[Node], tuple[int, ...]] | None:
    """(earlier transpose, elementwise ops between, composed perm) when `node` follows a transpose."""
    perm = perm_of(graph, node)
    found = elementwise_path_input(graph, node) if perm else None
    if found is None or found[0].op not in TRANSPOSES:
        return None
    first, between = found
    first_perm = perm_of(graph, first)
    if first_perm is None or len(first_perm) != len(perm):
        return None
    return first, between, compose(first_perm, perm)


def matmul_folds(graph: Graph, node: Node) -> list[tuple[Node, str]]:
    """(matmul, attribute) for every consumer that could absorb this last-two-axes swap."""
    perm = perm_of(graph, node)
    if perm is None or not swaps_last_two(perm) or str(node.dtype(0)).startswith("complex"):
        return []  # adj_x/adj_y also conjugate: a plain transpose only folds for real dtypes
    folds = []
    for consumer, slot in graph.consumers(node):
        attrs = MATMULS.get(consumer.op)
        if attrs is None or slot > 1 or (consumer.op == "MatMul" and len(perm) != 2):
            return []
        folds.append((consumer, attrs[slot]))
    return folds


def has_later_pair(graph: Graph, node: Node) -> bool:
    """Whether `node` is the first transpose of a cancelling or merging pair (TFP102 reports it)."""
    for consumer, _ in graph.consumers(node):
        while consumer.op not in TRANSPOSES:
            nxt = graph.consumers(consumer)
            if consumer.op not in UNARY_ELEMENTWISE | BINARY_ELEMENTWISE or len(nxt) != 1:
                break
            consumer = nxt[0][0]
        if consumer.op in TRANSPOSES and transpose_pair(graph, consumer):
            return True
    return False


def cost(graph: Graph, node: Node, ctx: CheckContext) -> Cost:
    return transpose_cost(graph.input_shape(node, 0), graph.input_dtype(node, 0), ctx.target)


def shape_text(shape) -> str:
    if shape is None:
        return "a tensor of unknown rank"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"
