"""TFP601: a reduction on the vector engine, on the critical path while the matrix engine idles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Cost, Finding, Fix, GuideSection, Safety, Severity, StepShare
from tfperf.rules.base import CheckContext, Rule, lazy_face
from tfperf.rules.engines import examples, source_doc
from tfperf.rules.engines.source import ReduceSumSource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.cost.engines import OpCost
    from tfperf.ir import Graph, Node
    from tfperf.rules.engines.graph import MatrixForm


class ReduceSumOnVectorEngine(Rule):
    """A reduction on the vector engine that holds up the step while the matrix engine idles.

    Graph (a timeline rule: it reads the predicted step, `tfperf estimate`): a float `Sum` or `Mean`
    over a run of trailing axes (`x[M, K] @ ones[K, 1]` as a matmul) or of leading axes (`ones[1, K] @
    x[K, N]`, also a `BiasAddGrad`), on a target with a dedicated matrix engine (Gaudi's MME), is
    reported only when it lies on the step's critical path, the matrix engine runs nothing while it
    does, and the step scheduled again with the reduction on the matrix engine (priced as that
    matmul: a ones vector fills a sliver of the MME) is shorter. The saving is that difference:
    the gap the matrix form closes. Every other reduction is silent: one the matrix engine's work
    overlaps, one off the critical path, one whose matrix form would take longer.

    A sum over the last axis is what `tfperf optimize --mme-reductions` rewrites (`x @ ones([C, 1])`;
    the summation order changes, so results agree to rounding, which the rewrite verifies); other
    forms are advice.

    Source: `tf.reduce_sum(x, axis=-1)` inside a loss (a function named like one: `*loss*`,
    `*crossentropy*`, `*hinge*`...; a `keras.losses.Loss` subclass; a variable named `*loss*`), as
    info: whether it pays depends on the timeline, which `tfperf check --model` reads. Not over a
    last axis known to be small, over integers, or beside the guide's conv form (a convolution with
    a ones filter), which is what the guide recommends.
    """

    code = "TFP601"
    name = "reduce-sum-on-vector-engine"
    section = GuideSection.MME
    summary = "Reduction on the vector engine on the critical path while the matrix engine idles"
    severity = Severity.INFO  # the source face guesses; the graph face reports a priced saving as a warning
    safety = Safety.ADVISORY
    invalid = examples.INVALID
    valid = examples.VALID
    Source = ReduceSumSource
    source_doc = source_doc.TFP601
    needs = frozenset({"estimate"})

    @lazy_face
    def fix_pass():
        from tfperf.rules.engines.fix import ReductionsToMatrixEngine
        return ReductionsToMatrixEngine

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        estimate = ctx.estimate
        if estimate is None or estimate.matrix_lane is None:
            return  # no engine that runs only matrix work (CPUs, GPUs' SMs): nothing to move it to
        groups: dict[tuple, list[_Move]] = {}
        for move in _moves(graph, estimate, ctx):
            src = move.node.source
            groups.setdefault((src and (src.file, src.line), move.node.op, move.form.side), []).append(move)
        for moves in groups.values():
            moves.sort(key=lambda m: -(m.cost.seconds or 0.0))
            taken, step = _best_prefix(estimate, moves)
            if step.saving_seconds:
                yield self._finding(graph, moves, taken, ctx, step)

    def _finding(self, graph: Graph, moves: list["_Move"], taken: int, ctx: CheckContext, step) -> Finding:
        from tfperf.rules.engines.graph import GRAPH_REMEDY, last_axis_sum

        mme, first = ctx.estimate.matrix_lane, moves[0]
        lane, own = first.cost.lane, sum(m.cost.seconds for m in moves)
        on_mme = sum(m.seconds for m in moves[:taken])
        if len(moves) == 1:
            shape = list(graph.input_shape(first.node, 0))
            what = f"{first.node.op} over {first.form.reduced} of {first.cost.dtype} {shape} runs"
            how = f"as {first.form.text} on {mme} ({_us(on_mme)}) the step is"
        else:
            layers = sorted({m.node.layer for m in moves if m.node.layer})
            more = f" and {len(layers) - 3} more" if len(layers) > 3 else ""
            named = f" (layers {', '.join(layers[:3])}{more})" if layers else ""
            what = f"{len(moves)} {first.node.op} reductions over {first.form.side} axes{named} run"
            which = "all of them" if taken == len(moves) else f"the {taken} longest (more would load {mme} past its gaps)"
            how = f"as matmuls with a ones vector on {mme} ({_us(on_mme)}), {which}, the step is"
        message = (f"{what} on {lane} ({_us(own)}) on the critical path while {mme} idles; {how} "
                   f"{_us(step.saving_seconds)} shorter")
        if all(m.node.op == "Sum" and last_axis_sum(graph, m.node) is not None for m in moves):
            remedy = GRAPH_REMEDY
        else:
            scaled = ", the ones scaled by 1/K for a mean" if first.node.op == "Mean" else ""
            form = first.form.text if len(moves) == 1 else "a matmul"
            remedy = f"compute it as {form} with a ones vector (a reshape, then tf.matmul{scaled}), which runs on {mme}"
        cost = sum((Cost(m.cost.bytes, m.cost.flops, m.cost.seconds, ctx.target.name) for m in moves[1:]),
                   Cost(first.cost.bytes, first.cost.flops, first.cost.seconds, ctx.target.name))
        return self.finding(message, first.node, ctx, related=[m.node for m in moves[1:]], cost=cost,
                            fix=Fix(Safety.ADVISORY, remedy), severity=Severity.WARNING, step=step)


@dataclass(frozen=True)
class _Move:
    """A reduction the timeline says could move to the matrix engine, and its time there."""

    node: Node
    form: MatrixForm
    cost: OpCost
    seconds: float

    @property
    def key(self) -> tuple:
        return self.node.function, self.node.name


def _moves(graph: Graph, estimate, ctx: CheckContext) -> Iterator[_Move]:
    """Reductions with a matrix form that lie on the critical path while the matrix engine idles."""
    from tfperf.cost.engines import matmul_seconds
    from tfperf.cost.whatif import matrix_idles_across, task_index
    from tfperf.ir import dtype_size
    from tfperf.rules.engines.graph import REDUCTIONS, matrix_form

    index = task_index(estimate)
    for node in graph.by_op(*REDUCTIONS):
        form = matrix_form(graph, node)
        task = index.get((node.function, node.name))
        if form is None or task is None or not matrix_idles_across(estimate, task):
            continue
        cost = estimate.costs[task]
        seconds = matmul_seconds(ctx.target, form.dims, cost.dtype,
                                 cost.bytes + form.depth * (dtype_size(cost.dtype) or 0))
        if seconds is not None:
            yield _Move(node, form, cost, seconds)


def _best_prefix(estimate, moves: list[_Move]) -> tuple[int, StepShare]:
    """How many of `moves` (longest first) to move together, and what that saves: they share the
    matrix engine's gaps, so past some count each one more lengthens the step again. Tries the 1, 2,
    4, ... longest and all of them (a handful of schedules, not one per subset)."""
    from tfperf.cost.whatif import Change, step_share

    counts = sorted({min(2 ** k, len(moves)) for k in range(len(moves).bit_length() + 1)})
    best = (0, None)
    for count in counts:
        change = Change(moved={m.key: (estimate.matrix_lane, m.seconds) for m in moves[:count]},
                        note=f"{count} moved to {estimate.matrix_lane} as matmuls with a ones vector"
                        if count > 1 else f"moved to {estimate.matrix_lane} as {moves[0].form.text}")
        step = step_share(estimate, change)
        if best[1] is None or (step.saving_seconds or 0.0) > (best[1].saving_seconds or 0.0):
            best = (count, step)
    return best


def _us(seconds: float | None) -> str:
    return "?" if seconds is None else f"{seconds * 1e6:.1f} µs"
