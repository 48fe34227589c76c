"""TFP201: an explicit zero pad feeding a VALID conv/pool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Finding, Fix, GuideSection, Safety, Severity
from tfperf.rules.base import CheckContext, Rule, lazy_face, removing_located
from tfperf.rules.pad import examples, source_doc
from tfperf.rules.pad.source import PadBeforeValidConvSource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph, Node
    from tfperf.rules.pad.graph import Fold


class PadBeforeValidConv(Rule):
    """A zero `Pad`/`PadV2` whose only consumers are convolutions or poolings with `padding="VALID"`.

    The pad materialises a bigger copy of the tensor (one extra read and write) just so the next op
    can read the border; the convolution pads in its own kernel (and in hardware on Gaudi) for free.
    Replacement: `padding="SAME"` when the pads equal what SAME adds for that kernel, stride and input
    size, else explicit paddings (`Conv2D`, `DepthwiseConv2dNative` and `MaxPool` accept them).
    MaxPool folds only when its input cannot be negative (e.g. after ReLU); AvgPool counts padded
    zeros in its average, so it is reported without an automatic fix. On a target whose models run
    compiled by XLA (GPUs: Keras' jit_compile="auto"), a pool's explicit paddings are not offered:
    XLA cannot compile them.
    On Gaudi the convolution pads in hardware and the graph compiler folds most such pads, but the
    guide warns it does not always; the cost shown is what a surviving pad costs.
    """

    code = "TFP201"
    name = "pad-before-valid-conv"
    section = GuideSection.PAD
    summary = "Explicit zero pad feeding a VALID conv/pool: fold it into the op's padding"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = examples.INVALID
    valid = examples.VALID
    Source = PadBeforeValidConvSource
    source_doc = source_doc.TFP201
    @lazy_face
    def fix_pass():
        from tfperf.rules.pad.fix import FoldPads
        return FoldPads

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.pad.graph import for_xla, pad_folds

        for pad in graph.by_op("Pad", "PadV2"):
            found = pad_folds(graph, pad)
            if found is not None:  # else some reader needs the padded tensor itself
                paddings, folds = found
                yield self._finding(graph, ctx, pad, paddings, for_xla(folds) if ctx.target.xla_compiled else folds)

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        return removing_located(finding, graph)  # the pad and, in a training step, the slice of its gradient

    def _finding(self, graph: Graph, ctx: CheckContext, pad: Node, paddings: list, folds: list[Fold]) -> Finding:
        from tfperf.cost import pad_cost
        from tfperf.rules.pad.graph import describe, explicit_paddings, pads_text

        names = ", ".join(describe(f.consumer) for f in folds if not f.gradient)
        gradients = [f.consumer for f in folds if f.gradient]
        if gradients:  # a training step: the gradients read the padded tensor too, and fold alike
            names += f" (and its gradient{'s' if len(gradients) > 1 else ''} {', '.join(g.op for g in gradients)})"
        cost = pad_cost(graph.input_shape(pad, 0), pad.shape(0), pad.dtype(0), ctx.target)
        exact = all(f.replacement for f in folds)
        if exact:
            how = {f.replacement for f in folds}
            detail = "padding='SAME'" if how == {"SAME"} else f"explicit paddings {explicit_paddings(paddings)}"
            fix = Fix(Safety.EXACT, f"remove the Pad and give {names} {detail}")
            message = f"zero pad {pads_text(paddings)} before VALID {names}: fold it into the op as {detail}"
        else:
            reasons = "; ".join(f.reason for f in folds if not f.replacement)
            fix = Fix(Safety.ADVISORY, f"no exact fold: {reasons}")
            message = f"zero pad {pads_text(paddings)} before VALID {names}; no exact fold ({reasons})"
        return self.finding(message, pad, ctx, related=[f.consumer for f in folds], cost=cost, fix=fix,
                            severity=None if exact else Severity.INFO)
