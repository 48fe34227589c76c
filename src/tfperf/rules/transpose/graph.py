"""The transpose patterns in a captured graph, shared by the TFP1xx rules and their rewrites."""

from __future__ import annotations

from dataclasses import dataclass

from tfperf.cost import transpose_cost
from tfperf.findings import Cost
from tfperf.ir import Graph, Node, num_elements
from tfperf.rules.transpose.einsum import implied_copies, total_cost
from tfperf.rules.transpose.equation import fold_equation
from tfperf.targets import Target

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


@dataclass(frozen=True)
class MatrixFold:
    """How one matrix op absorbs (some of) a transpose it reads."""

    consumer: Node
    attr: str | None = None  # MatMul/BatchMatMul flag to flip (transpose_a/b, adj_x/y)
    equation: str | None = None  # an Einsum's equation with the operand relabelled
    keep: tuple[int, ...] | None = None  # the transpose stays with this (logical) perm; None: it goes

    def describe(self) -> str:
        if self.equation is not None:
            return f"equation={self.equation} on Einsum {self.consumer.name}"
        return f"{self.attr}=True on {self.consumer.op} {self.consumer.name}"


def matmul_folds(graph: Graph, node: Node, target: Target | None = None) -> list[MatrixFold]:
    """How every reader of transpose `node` absorbs it: a MatMul/BatchMatMul by flipping its
    transpose/adjoint flag (a swap of the last two axes; on `target`, also a perm that is that swap
    after one the target makes logical, which then stays), an Einsum by relabelling the operand in
    its equation (any perm, where its own layout copies do not grow by more than the transpose
    costs). [] unless every reader can."""
    perm = perm_of(graph, node)
    if perm is None:
        return []
    folds = []
    readers = graph.consumers(node)
    for consumer, slot in readers:
        if consumer.op == "Einsum" and sum(c is consumer for c, _ in readers) > 1:
            return []  # both operands: relabelling one equation operand at a time would not do
        fold = _einsum_fold(graph, node, perm, consumer, slot, target) if consumer.op == "Einsum" else \
            _matmul_fold(graph, node, perm, consumer, slot, target)
        if fold is None:
            return []
        folds.append(fold)
    if len({f.keep for f in folds}) > 1:
        return []  # readers that would need the transpose kept in two ways
    return folds


def _matmul_fold(graph: Graph, node: Node, perm: tuple[int, ...], consumer: Node, slot: int,
                 target: Target | None) -> MatrixFold | None:
    attrs = MATMULS.get(consumer.op)
    if attrs is None or slot > 1 or (consumer.op == "MatMul" and len(perm) != 2):
        return None
    if str(node.dtype(0)).startswith("complex"):
        return None  # adj_x/adj_y also conjugate: a plain transpose only folds for real dtypes
    if swaps_last_two(perm):
        return MatrixFold(consumer, attrs[slot])
    rest = perm[:-2] + (perm[-1], perm[-2])  # transpose(x, perm) == swap_last_two(transpose(x, rest))
    if target is None or len(perm) < 3 or not target.transpose_is_logical(rest, graph.input_shape(node, 0)):
        return None
    return MatrixFold(consumer, attrs[slot], keep=rest)


def _einsum_fold(graph: Graph, node: Node, perm: tuple[int, ...], einsum: Node, slot: int,
                 target: Target | None) -> MatrixFold | None:
    """The einsum reading the transpose's input itself under a relabelled equation, if that is no dearer."""
    equation = fold_equation(str(einsum.attrs.get("equation", "")), slot, perm) if target is not None else None
    if equation is None:
        return None
    shapes = [graph.input_shape(einsum, s) for s in (0, 1)]
    shapes[slot] = graph.input_shape(node, 0)
    before, after = implied_copies(graph, einsum, target), implied_copies(graph, einsum, target, equation, shapes)
    if before is None or after is None:
        return None
    own = cost(graph, node, target).bytes_moved or 0
    price = lambda copies: total_cost(copies, target).bytes_moved or 0  # noqa: E731
    return MatrixFold(einsum, equation=equation) if price(after) <= price(before) + own else None


def redundant_pair(graph: Graph, node: Node, target: Target) -> tuple[Node, list[Node], tuple[int, ...]] | None:
    """The pair TFP102 reports and its pass rewrites: `transpose_pair`, unless the second transpose
    folds into a matrix op (TFP103 claims it: folding is free, merging may not be) or merging the
    pair would cost more on the target than the two transposes do."""
    pair = transpose_pair(graph, node)
    if pair is None or matmul_folds(graph, node, target):
        return None
    first, _, composed = pair
    if len(graph.consumers(first)) > 1 and not is_identity(composed):
        return None  # the first stays for its other readers: replacing the second by a merge saves nothing
    saved = pair_saving(graph, first, node, composed, target).bytes_moved
    return pair if saved is None or saved >= 0 else None


def pair_saving(graph: Graph, first: Node, second: Node, composed: tuple[int, ...], target: Target) -> Cost:
    """What rewriting the pair saves on `target`: the transposes it removes, less the merged one it adds.
    When `first` has other readers it stays, and only the second goes (the pair must then cancel)."""
    shared = len(graph.consumers(first)) > 1
    removed = cost(graph, second, target) + (nothing(target) if shared else cost(graph, first, target))
    if is_identity(composed) or shared:
        return removed
    shape = graph.input_shape(first, 0)
    merged = nothing(target) if target.transpose_is_logical(composed, shape) else \
        transpose_cost(shape, graph.input_dtype(first, 0), target)
    minus = lambda a, b: None if a is None or b is None else a - b  # noqa: E731
    return Cost(minus(removed.bytes_moved, merged.bytes_moved), 0, minus(removed.seconds, merged.seconds), target.name)


def has_later_pair(graph: Graph, node: Node, target: Target) -> bool:
    """Whether `node` is the first transpose of a cancelling or merging pair (TFP102 reports it)."""
    for consumer, _ in graph.consumers(node):
        while consumer.op not in TRANSPOSES:
            nxt = graph.consumers(consumer)
            if consumer.op not in UNARY_ELEMENTWISE | BINARY_ELEMENTWISE or len(nxt) != 1:
                break
            consumer = nxt[0][0]
        if consumer.op in TRANSPOSES and redundant_pair(graph, consumer, target):
            return True
    return False


def cost(graph: Graph, node: Node, target: Target) -> Cost:
    """What `node`, a transpose, costs on the target: nothing when it is logical there."""
    perm, shape = perm_of(graph, node), graph.input_shape(node, 0)
    if perm is not None and target.transpose_is_logical(perm, shape):
        return nothing(target)
    return transpose_cost(shape, graph.input_dtype(node, 0), target)


def nothing(target: Target) -> Cost:
    """A known price of zero: no data moves."""
    return Cost(bytes_moved=0, flops=0, seconds=0.0, target=target.name)


def shape_text(shape) -> str:
    if shape is None:
        return "a tensor of unknown rank"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"
