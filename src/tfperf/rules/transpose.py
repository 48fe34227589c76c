"""Guide section "Avoid Non-Logical Transpose Operations" (TFP1xx).

On Gaudi a transpose that keeps the fastest-changing (last) axis in place only rewrites tensor
metadata; any other transpose is a DMA copy of the whole tensor. On CPUs and GPUs every transpose
that moves a non-size-1 axis copies. The target profile says which regime applies.
"""

from __future__ import annotations

from typing import Iterator

from tfperf.cost import transpose_cost
from tfperf.findings import CheckContext, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.ir import Graph, Node, num_elements
from tfperf.source.visitor import SourceVisitor, argument

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


def _has_later_pair(graph: Graph, node: Node) -> bool:
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


def _cost(graph: Graph, node: Node, ctx: CheckContext):
    return transpose_cost(graph.input_shape(node, 0), graph.input_dtype(node, 0), ctx.target)


_GUIDE_EXAMPLE_1 = """\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8000, 64], tf.float32)])
def model(in_tensor):
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(1, 0, 2))  # expect: TFP101
    return mul + 1.0
"""

# Source examples (kind="source"): the guide's placeholders, linted without running them.
_GUIDE_SOURCE = """\
import tensorflow as tf

in_tensor = tf.compat.v1.placeholder(shape=[32, 8000, 64], dtype=tf.float32)
mul = in_tensor * 1.234
mul = tf.transpose(mul, perm={perm}){mark}
out = mul + 1.0
"""
_SOURCE_INVALID = (
    Example(kind="source", target="gaudi2", note="source: the guide's Example 2 moves the last axis",
            code=_GUIDE_SOURCE.format(perm="(0, 2, 1)", mark="  # expect: TFP101")),
    Example(kind="source", target="cpu", note="source: any real transpose copies on a CPU",
            code=_GUIDE_SOURCE.format(perm="(1, 0, 2)", mark="  # expect: TFP101")),
    Example(kind="source", target="gaudi3", note="source: Keras Permute and keras.ops.transpose", code="""\
import keras
from keras import layers

def block(x):
    x = layers.Permute((2, 1))(x)  # expect: TFP101
    return keras.ops.transpose(x, axes=[0, 2, 1])  # expect: TFP101
"""),
)
_SOURCE_VALID = (
    Example(kind="source", target="gaudi2", note="source: Permute that keeps the channels last", code="""\
from tensorflow.keras import layers

swap_hw = layers.Permute((2, 1, 3))
"""),
    Example(kind="source", target="cpu", note="source: a perm that is not literal is not judged", code="""\
import tensorflow as tf

def f(x, perm):
    return tf.transpose(x, perm=perm)
"""),
)
SOURCE_TRANSPOSES = {"tensorflow.transpose": "perm", "keras.ops.transpose": "axes"}
SOURCE_REMEDY = ("if it only matches the layout of the labels or inputs, produce that layout in the data "
                 "loader (the guide's remedy); else keep the last axis in place")


def source_perm(visitor: SourceVisitor, call) -> tuple[int, ...] | None:
    """The literal permutation of a transpose call in source, normalised; None if not one."""
    name = visitor.call_name(call)
    if name in SOURCE_TRANSPOSES:
        perm = visitor.file.literal(argument(call, 1, SOURCE_TRANSPOSES[name]))
    elif name == "keras.layers.Permute":  # dims are 1-based and leave the batch axis out
        dims = visitor.file.literal(argument(call, 0, "dims"))
        perm = (0, *dims) if isinstance(dims, (list, tuple)) else None
    else:
        return None
    if not isinstance(perm, (list, tuple)) or not all(isinstance(p, int) and not isinstance(p, bool) for p in perm):
        return None
    rank = len(perm)
    perm = tuple(p % rank for p in perm) if rank else ()
    return perm if sorted(perm) == list(range(rank)) else None


@register
class PhysicalTranspose(Rule):
    """A `Transpose` that copies data on the target instead of only relabelling axes.

    On Gaudi a transpose is logical (metadata only) when the fastest-changing axis stays last;
    on CPUs and GPUs only moves of size-1 axes are free. A physical transpose reads and writes the
    whole tensor. Remedies, best first: drop it (if the consumer can take either layout), fold it
    into the next MatMul (TFP103) or cancel it against another transpose (TFP102), or produce the
    needed layout once in the input pipeline when it transposes a model input.
    """

    code = "TFP101"
    name = "physical-transpose"
    section = GuideSection.TRANSPOSE
    summary = "Transpose that moves the last axis (or, on CPU/GPU, any non-size-1 axis) copies the tensor"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(note="the guide's Example 2: moving the last axis is a DMA copy", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8000, 64], tf.float32)])
def model(in_tensor):
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(0, 2, 1))  # expect: TFP101
    return mul + 1.0
"""),
        Example(note="the guide's Example 1 is logical on Gaudi, but a copy on a CPU", target="cpu",
                code=_GUIDE_EXAMPLE_1),
    )
    valid = (
        Example(note="the guide's Example 1: the last axis stays in place", target="gaudi2",
                code=_GUIDE_EXAMPLE_1.replace("  # expect: TFP101", "")),
        Example(note="moving only size-1 axes is a reshape", target="cpu", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 1, 64], tf.float32)])
def model(x):
    return tf.transpose(x, perm=(1, 0, 2)) + 1.0
"""),
        Example(kind="source", target="gaudi2", note="source: a perm that keeps the last axis is logical on Gaudi",
                code=_GUIDE_SOURCE.format(perm="(1, 0, 2)", mark="")),
    ) + _SOURCE_VALID
    invalid = invalid + _SOURCE_INVALID

    class Source(SourceVisitor):
        """`tf.transpose(x, perm)` / `keras.ops.transpose` / `keras.layers.Permute` with a literal
        perm that is not logical on the target (rank taken from the perm)."""

        def visit_Call(self, node) -> None:
            perm = source_perm(self, node)
            if perm is None or self.target.transpose_is_logical(perm):
                return
            moves = "moves the last (fastest-changing) axis" if perm[-1] != len(perm) - 1 else "moves data"
            self.report(node, f"transpose perm={list(perm)} {moves}: a copy of the whole tensor on "
                              f"{self.target.name}", fix=Fix(Safety.ADVISORY, SOURCE_REMEDY))

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        for node in graph.by_op(*TRANSPOSES):
            perm = perm_of(graph, node)
            shape = graph.input_shape(node, 0)
            if perm is None or ctx.target.transpose_is_logical(perm, shape):
                continue
            if matmul_folds(graph, node) or transpose_pair(graph, node) or _has_later_pair(graph, node):
                continue  # TFP102 / TFP103 report it with a better fix
            yield self.finding(self._message(graph, node, perm, ctx), node, ctx, cost=_cost(graph, node, ctx),
                               fix=Fix(Safety.ADVISORY, self._remedy(graph, node)))

    def _message(self, graph: Graph, node: Node, perm: tuple[int, ...], ctx: CheckContext) -> str:
        what = "moves the last axis" if perm[-1] != len(perm) - 1 else "moves data"
        return f"transpose perm={list(perm)} of {_shape_text(graph.input_shape(node, 0))} {what}: a copy on {ctx.target.name}"

    def _remedy(self, graph: Graph, node: Node) -> str:
        src = graph.producer(node, 0)
        found = elementwise_path_input(graph, node)
        origin = found[0] if found else src
        if origin is not None and origin.op == "Placeholder" and origin.dtype(0) != "resource":
            return (f"it transposes the input {origin.name!r}: produce this layout in the data loader "
                    "(tf.data map) so the device never copies it")
        return "drop it if the consumer accepts the current layout, or keep the last axis in place"


@register
class RedundantTransposes(Rule):
    """Two transposes in a row (possibly with elementwise ops between) that cancel or merge.

    `transpose(f(transpose(x, p1)), p2)` with `f` elementwise (and any other operand a scalar) is
    `f(transpose(x, compose(p1, p2)))`: nothing at all when the composition is the identity, one
    transpose instead of two otherwise. The rewrite is exact.
    """

    code = "TFP102"
    name = "redundant-transposes"
    section = GuideSection.TRANSPOSE
    summary = "Transposes that cancel out or merge into one, also across elementwise ops"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = (
        Example(note="a transpose and its inverse around elementwise ops", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.nn.relu(tf.transpose(x, perm=(0, 2, 1)) * 2.0)
    return tf.transpose(y, perm=(0, 2, 1))  # expect: TFP102
"""),
        Example(note="two consecutive transposes merge into one", target="cpu", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.transpose(x, perm=(1, 0, 2))
    return tf.transpose(y, perm=(0, 2, 1))  # expect: TFP102
"""),
    )
    valid = (
        Example(note="a non-scalar operand between them does not commute with the transpose", code="""\
import tensorflow as tf
bias = tf.random.normal([16])

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.transpose(x, perm=(0, 2, 1)) + bias
    return tf.transpose(y, perm=(0, 2, 1))
"""),
    )

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        for node in graph.by_op(*TRANSPOSES):
            pair = transpose_pair(graph, node)
            if pair is None:
                continue
            first, between, composed = pair
            shared = len(graph.consumers(first)) > 1  # the first transpose stays for its other readers
            if shared and not is_identity(composed):
                continue  # replacing the second by a merged transpose would save nothing
            through = f" through {', '.join(n.op for n in between)}" if between else ""
            if shared:
                action = f"remove {node.name}: it undoes {first.name}, whose other readers keep it"
                message = f"transpose {node.name} undoes {first.name}{through}: {action}"
                cost = _cost(graph, node, ctx)
            elif is_identity(composed):
                action = f"remove both {first.name} and {node.name}"
                message = f"transposes {first.name} and {node.name} cancel{through}: {action}"
                cost = _cost(graph, first, ctx) + _cost(graph, node, ctx)
            else:
                action = f"replace {first.name} and {node.name} by one transpose with perm={list(composed)}"
                message = f"transposes {first.name} and {node.name}{through} merge into one: {action}"
                cost = _cost(graph, node, ctx)
            free = all(ctx.target.transpose_is_logical(perm_of(graph, t), graph.input_shape(t, 0))
                       for t in (first, node))
            yield self.finding(message, node, ctx, related=[first], cost=cost, fix=Fix(Safety.EXACT, action),
                               severity=Severity.INFO if free else None)


@register
class TransposeIntoMatMul(Rule):
    """A swap of the last two axes feeding MatMul / BatchMatMul, which can do it for free.

    `matmul(transpose(a), b)` is `matmul(a, b, transpose_a=True)` (`adj_x` for BatchMatMul): the
    matrix engine reads the operand transposed; no copy is made. The rewrite is exact.
    """

    code = "TFP103"
    name = "transpose-into-matmul"
    section = GuideSection.TRANSPOSE
    summary = "Transpose of the last two axes feeding MatMul/BatchMatMul: use transpose_a/b or adj_x/y"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = (
        Example(note="attention-style q @ k^T written with an explicit transpose", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32),
                              tf.TensorSpec([2, 8, 64, 32], tf.float32)])
def model(q, k):
    kt = tf.transpose(k, perm=(0, 1, 3, 2))  # expect: TFP103
    return tf.matmul(q, kt)
"""),
    )
    valid = (
        Example(note="the attribute form", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32),
                              tf.TensorSpec([2, 8, 64, 32], tf.float32)])
def model(q, k):
    return tf.matmul(q, k, transpose_b=True)
"""),
    )

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        for node in graph.by_op(*TRANSPOSES):
            folds = matmul_folds(graph, node)
            if not folds:
                continue
            how = ", ".join(f"{attr}=True on {mm.op} {mm.name}" for mm, attr in folds)
            yield self.finding(f"transpose {node.name} only swaps the last two axes for a matmul: set {how}",
                               node, ctx, related=[mm for mm, _ in folds], cost=_cost(graph, node, ctx),
                               fix=Fix(Safety.EXACT, f"remove the transpose and set {how}"))


def _shape_text(shape) -> str:
    if shape is None:
        return "a tensor of unknown rank"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"

