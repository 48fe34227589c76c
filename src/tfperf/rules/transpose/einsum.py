"""The transposes an Einsum hides: TensorFlow runs a two-operand einsum as a batched matmul, with
each operand transposed into [batch, rows, contracted] order (or [batch, contracted, rows], with
the matmul's adjoint flag) and the result transposed into the equation's output order. Such a
transpose is the same copy on the target as a Transpose op (Keras 3's MultiHeadAttention is made
of einsums, with no Transpose op in sight). Shared by TFP104 and the TFP103 fold into an einsum.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tfperf.cost import transpose_cost
from tfperf.findings import Cost
from tfperf.ir import Graph, Node
from tfperf.rules.transpose.equation import parse
from tfperf.targets import Target


@dataclass(frozen=True)
class Copy:
    """One transpose the einsum implies: of operand 0, operand 1 or its output."""

    tensor: str  # "operand 0", "operand 1", "output"
    perm: tuple[int, ...]
    shape: tuple
    dtype: str | None


def _perm(source: str, target: list[str]) -> tuple[int, ...]:
    """The perm that turns a tensor labelled `source` into one labelled `target`."""
    return tuple(source.index(label) for label in target)


def _layouts(a: str, b: str, out: str):
    """Each way TensorFlow can run `a,b->out` as a batched matmul: (A's order, B's order, result order)."""
    batch_orders = {tuple(x for x in out if x in a and x in b), tuple(x for x in a if x in b and x in out)}
    contracted_orders = {tuple(x for x in a if x in b and x not in out), tuple(x for x in b if x in a and x not in out)}
    a_free = [x for x in a if x not in b and x in out]
    b_free = [x for x in b if x not in a and x in out]
    for batch, k, adj_a, adj_b, swap in itertools.product(batch_orders, contracted_orders, *[(False, True)] * 3):
        batch, k = list(batch), list(k)
        a_order = batch + (k + a_free if adj_a else a_free + k)
        b_order = batch + (b_free + k if adj_b else k + b_free)
        result = batch + (b_free + a_free if swap else a_free + b_free)
        yield a_order, b_order, result


def implied_copies(graph: Graph, node: Node, target: Target, equation: str | None = None,
                   shapes: list | None = None) -> list[Copy] | None:
    """The physical transposes `node` (an Einsum of two operands) implies on `target`, for the layout
    that needs the fewest bytes moved; [] when every one is free; None when it cannot tell (another
    arity, an ellipsis, unknown shapes). `equation` and `shapes` judge it as it would be rewritten."""
    parsed = parse(equation or str(node.attrs.get("equation", "")))
    shapes = shapes or [graph.input_shape(node, slot) for slot in (0, 1)]
    if node.op != "Einsum" or parsed is None or any(s is None for s in shapes):
        return None
    (a, b), out = parsed
    if len(a) != len(shapes[0]) or len(b) != len(shapes[1]) or any(d is None for s in shapes for d in s):
        return None
    sizes = {label: dim for spec, shape in zip((a, b), shapes) for label, dim in zip(spec, shape)}
    dtype = graph.input_dtype(node, 0)
    best, best_bytes = None, None
    for a_order, b_order, result in _layouts(a, b, out):
        copies = [Copy(name, perm, tuple(sizes[x] for x in labels), dtype)
                  for name, labels, perm in (("operand 0", a, _perm(a, a_order)), ("operand 1", b, _perm(b, b_order)),
                                             ("output", "".join(result), _perm("".join(result), list(out))))]
        physical = [c for c in copies if not target.transpose_is_logical(c.perm, c.shape)]
        moved = sum(copy_cost(c, target).bytes_moved or 0 for c in physical)
        if best_bytes is None or moved < best_bytes:
            best, best_bytes = physical, moved
    return best


def copy_cost(copy: Copy, target: Target) -> Cost:
    return transpose_cost(copy.shape, copy.dtype, target)


def total_cost(copies: list[Copy], target: Target) -> Cost:
    cost = Cost(bytes_moved=0, flops=0, seconds=0.0, target=target.name)
    for c in copies:
        cost = cost + copy_cost(c, target)
    return cost
