"""The TFP1xx rules: a transpose that copies (101), transposes that cancel or merge (102), a swap a
matmul can do itself (103)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Finding, Fix, GuideSection, Safety, Severity
from tfperf.rules.base import CheckContext, Rule, lazy_face, removing_located
from tfperf.rules.transpose import examples, source_doc
from tfperf.rules.transpose.source import PhysicalTransposeSource, TransposeIntoMatMulSource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph, Node


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
    invalid = examples.PHYSICAL_INVALID
    valid = examples.PHYSICAL_VALID
    Source = PhysicalTransposeSource
    source_doc = source_doc.TFP101

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.transpose.graph import TRANSPOSES, cost, has_later_pair, matmul_folds, perm_of, redundant_pair

        for node in graph.by_op(*TRANSPOSES):
            perm = perm_of(graph, node)
            shape = graph.input_shape(node, 0)
            if perm is None or ctx.target.transpose_is_logical(perm, shape):
                continue
            if (matmul_folds(graph, node, ctx.target) or redundant_pair(graph, node, ctx.target)
                    or has_later_pair(graph, node, ctx.target)):
                continue  # TFP102 / TFP103 report it with a better fix
            yield self.finding(self._message(graph, node, perm, ctx), node, ctx, cost=cost(graph, node, ctx.target),
                               fix=Fix(Safety.ADVISORY, self._remedy(graph, node)))

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        return removing_located(finding, graph)  # dropped, or made once in the data loader

    def _message(self, graph: Graph, node: Node, perm: tuple[int, ...], ctx: CheckContext) -> str:
        from tfperf.rules.transpose.graph import shape_text

        what = "moves the last axis" if perm[-1] != len(perm) - 1 else "moves data"
        return f"transpose perm={list(perm)} of {shape_text(graph.input_shape(node, 0))} {what}: a copy on {ctx.target.name}"

    def _remedy(self, graph: Graph, node: Node) -> str:
        from tfperf.rules.transpose.graph import elementwise_path_input

        src = graph.producer(node, 0)
        found = elementwise_path_input(graph, node)
        origin = found[0] if found else src
        if origin is not None and origin.op == "Placeholder" and origin.dtype(0) != "resource":
            return (f"it transposes the input {origin.name!r}: produce this layout in the data loader "
                    "(tf.data map) so the device never copies it")
        return "drop it if the consumer accepts the current layout, or keep the last axis in place"


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
    invalid = examples.REDUNDANT_INVALID
    valid = examples.REDUNDANT_VALID
    @lazy_face
    def fix_pass():
        from tfperf.rules.transpose.fix import CancelTransposes
        return CancelTransposes

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.transpose.graph import TRANSPOSES, is_identity, pair_saving, redundant_pair

        for node in graph.by_op(*TRANSPOSES):
            pair = redundant_pair(graph, node, ctx.target)
            if pair is None:
                continue
            first, between, composed = pair
            through = f" through {', '.join(n.op for n in between)}" if between else ""
            if len(graph.consumers(first)) > 1:  # the first transpose stays for its other readers
                action = f"remove {node.name}: it undoes {first.name}, whose other readers keep it"
                message = f"transpose {node.name} undoes {first.name}{through}: {action}"
            elif is_identity(composed):
                action = f"remove both {first.name} and {node.name}"
                message = f"transposes {first.name} and {node.name} cancel{through}: {action}"
            else:
                action = f"replace {first.name} and {node.name} by one transpose with perm={list(composed)}"
                message = f"transposes {first.name} and {node.name}{through} merge into one: {action}"
            saving = pair_saving(graph, first, node, composed, ctx.target)
            free = saving.bytes_moved == 0
            if free:  # the target moves no data for them: fewer ops, no saving claimed
                message += f" (no data moves on {ctx.target.name}: it saves ops, not time)"
            yield self.finding(message, node, ctx, related=[first], cost=saving, fix=Fix(Safety.EXACT, action),
                               severity=Severity.INFO if free else None)

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        from tfperf.rules.transpose.graph import is_identity, redundant_pair

        loc = finding.location.graph
        node = graph.get(loc.node, loc.function)
        pair = redundant_pair(graph, node, ctx.target) if node is not None else None
        if pair is None:
            return None
        first, _, composed = pair
        if len(graph.consumers(first)) == 1 and is_identity(composed):
            return removing_located(finding, graph, 2)  # both go
        # the second goes; the first stays, or becomes the merged transpose (priced as the first)
        return removing_located(finding, graph, note=None if len(graph.consumers(first)) > 1 else
                                "the merged transpose is priced as the first one")


class TransposeIntoMatMul(Rule):
    """A transpose a matrix op can do itself: a swap of the last two axes feeding MatMul /
    BatchMatMul, or any transpose feeding an Einsum.

    `matmul(transpose(a), b)` is `matmul(a, b, transpose_a=True)` (`adj_x` for BatchMatMul): the
    matrix engine reads the operand transposed; no copy is made. A perm that is such a swap after
    one the target makes logical (keras_hub's attention transposes its key by (0, 2, 3, 1): on
    Gaudi (0, 2, 1, 3), then the swap) keeps the logical part and gives the swap to the flag. An
    einsum reads the untransposed operand under relabelled axes, where its own layout copies
    (TFP104) do not grow by more than the transpose cost. The rewrites are exact. In source, a
    transpose that is itself an operand of an einsum with a literal equation gets the relabelled
    equation as advice (the einsum's own layout is not priced there).
    """

    code = "TFP103"
    name = "transpose-into-matmul"
    section = GuideSection.TRANSPOSE
    summary = "Transpose a matrix op can do: use MatMul transpose_a/b, BatchMatMul adj_x/y or the Einsum equation"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = examples.MATMUL_INVALID
    valid = examples.MATMUL_VALID
    Source = TransposeIntoMatMulSource
    source_doc = source_doc.TFP103

    @lazy_face
    def fix_pass():
        from tfperf.rules.transpose.fix import FoldTransposeIntoMatMul
        return FoldTransposeIntoMatMul

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.transpose.graph import TRANSPOSES, cost, matmul_folds, perm_of

        for node in graph.by_op(*TRANSPOSES):
            folds = matmul_folds(graph, node, ctx.target)
            if not folds:
                continue
            how = ", ".join(f.describe() for f in folds)
            keep = folds[0].keep
            if keep is not None:  # the swap goes into the matmul; what is left is logical on the target
                what = f"perm={list(perm_of(graph, node))} ends in a swap of the last two axes, which the matmul can do"
                action = f"transpose by perm={list(keep)} instead (logical on {ctx.target.name}) and set {how}"
            else:
                what = "only swaps the last two axes for a matmul" if all(f.equation is None for f in folds) \
                    else "only relabels axes for a matrix op"
                action = f"remove the transpose and set {how}"
            yield self.finding(f"transpose {node.name} {what}: {action}", node, ctx,
                               related=[f.consumer for f in folds], cost=cost(graph, node, ctx.target),
                               fix=Fix(Safety.EXACT, action))

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        return removing_located(finding, graph)  # the matrix op reads its operand transposed, at the same price


class EinsumLayoutCopy(Rule):
    """An `Einsum` whose equation makes an operand or its result move its last axis (on CPUs and
    GPUs: any non-size-1 axis).

    TensorFlow runs a two-operand einsum as a batched matmul: each operand is first transposed
    into [batch, rows, contracted] order (or [batch, contracted, rows], through the matmul's
    adjoint flag), and the result into the equation's output order. Where that moves the target's
    fastest-changing axis it is the same copy as a Transpose op (TFP101), hidden inside the
    einsum: Keras 3's MultiHeadAttention is made of such einsums. The price is the cheapest layout
    TensorFlow can pick. Remedy: write the equation so each operand already has its batch axes
    first and its contracted (or kept) axes last, or keep the activations in that layout.
    """

    code = "TFP104"
    name = "einsum-layout-copy"
    section = GuideSection.TRANSPOSE
    summary = "Einsum whose equation needs an operand or its output transposed (a hidden physical transpose)"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = examples.EINSUM_INVALID
    valid = examples.EINSUM_VALID

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.transpose.einsum import implied_copies, total_cost
        from tfperf.rules.transpose.graph import shape_text

        for node in graph.by_op("Einsum"):
            copies = implied_copies(graph, node, ctx.target)
            if not copies:
                continue
            parts = ", ".join(f"{c.tensor} {shape_text(c.shape)} perm={list(c.perm)}" for c in copies)
            message = (f"einsum '{node.attrs.get('equation')}' transposes {parts} to run as a matmul: "
                       f"{'a copy' if len(copies) == 1 else f'{len(copies)} copies'} on {ctx.target.name}")
            yield self.finding(message, node, ctx, cost=total_cost(copies, ctx.target), fix=Fix(
                Safety.ADVISORY, "order the operands' axes as [batch..., kept..., contracted...] (the output as "
                                 "[batch..., rows, columns]) so the einsum moves no data, or fold the transposes "
                                 "feeding it into its equation (tfperf optimize does, TFP103)"))
