"""TFP301: L2 of the trainable variables computed in the forward pass and added to the loss."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Cost, Finding, Fix, GuideSection, Safety, Severity
from tfperf.rules.base import CheckContext, Rule
from tfperf.rules.l2_loss import examples, source_doc
from tfperf.rules.l2_loss.source import L2LossSource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph
    from tfperf.rules.l2_loss.graph import Penalty


class L2LossInForwardPath(Rule):
    """L2 of the trainable variables computed in the forward pass and added to the loss.

    Source forms: `wd * tf.add_n([tf.nn.l2_loss(v) for v in <...>.trainable_variables])` (also
    `trainable_weights`, `tf.compat.v1.trainable_variables()`, `get_collection(TRAINABLE_VARIABLES)`,
    a `for v in ...: loss += tf.nn.l2_loss(v)` loop), `tf.compat.v1.losses.get_regularization_loss()`,
    and Keras `*_regularizer=L2(...)/l2(...)/L1L2(l2=...)`, also a variable's own
    `regularizer=` (`add_weight`, `get_variable`, tf_slim's `model_variable`).

    Graph form, in a captured training step (a tf.function that differentiates the loss, or
    `tfperf check --model M --train` for a compiled Keras model): `L2Loss(v)`, `Sum(Square(v))`,
    `Sum(v * v)` or `Sum(v ** 2)` of a trainable variable whose value is added to something that
    is not another penalty (the loss). One finding per source line, with the variables and
    parameters covered and the forward + backward work of the penalty per step.

    The remedy gives the same gradients: the L2 term's gradient is added to each variable's
    gradient (`wd * v` for `wd * l2_loss(v)`, `2 * l * v` for Keras `L2(l)`), so the training
    trajectory is unchanged; only the logged loss leaves the penalty out. With `--unsafe-fixes`
    the source form `loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in VARS])` followed by
    `grads = tape.gradient(loss, VARS)` is rewritten that way; other forms are explained only.
    For Keras models, `tfperf.train.move_l2_to_gradients(model)` removes the L2 regularizers and
    moves their exact coefficients into the optimizer (after the cross-replica gradient sum).
    """

    code = "TFP301"
    name = "l2-loss-in-forward-path"
    section = GuideSection.L2_LOSS
    summary = "L2 of trainable variables added to the loss: apply weight decay to the gradients instead"
    severity = Severity.WARNING
    safety = Safety.SAME_GRADIENTS
    invalid = examples.INVALID
    valid = examples.VALID
    Source = L2LossSource
    source_doc = source_doc.TFP301

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.rules.l2_loss.graph import penalties_in_loss, variable_key

        by_line: dict = {}
        for penalty in penalties_in_loss(graph):
            src = penalty.node.source
            by_line.setdefault((src.file, src.line) if src else None, []).append(penalty)
        self._groups = {variable_key(group[0].node): group for group in by_line.values()}
        for group in by_line.values():
            yield self._graph_finding(group, ctx)

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        """The penalties' forward ops (squares, sums, their scalings) and their gradients' own ops leave
        the step; the add of each penalty gradient to the data gradient stays (the decay adds `c * v` there)."""
        from tfperf.cost.whatif import Change
        from tfperf.rules.l2_loss.graph import penalty_ops, variable_key

        loc = finding.location.graph
        group = getattr(self, "_groups", {}).get((loc.function, loc.node), [])
        return Change.removing({variable_key(n) for p in group for n in penalty_ops(graph, p)},
                               note="the penalty's forward ops and gradient ops removed; the decay's add stays")

    def _graph_finding(self, group: list[Penalty], ctx: CheckContext) -> Finding:
        from tfperf.rules.l2_loss.graph import GRAPH_REMEDY, penalty_cost, variable_key

        per_variable = list({variable_key(p.handle): p for p in group}.values())  # one variable penalised twice counts once
        cost = sum((penalty_cost(p, ctx) for p in per_variable), Cost(0, 0, 0.0, ctx.target.name))
        names = [p.handle.variable.name if p.handle.variable else p.handle.name for p in per_variable]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        sizes = [p.elements for p in per_variable]
        params = f"{sum(sizes):,} parameters" if None not in sizes else "parameters of unknown count"
        noun = "variable" if len(names) == 1 else "variables"
        message = (f"L2 of {len(names)} trainable {noun} ({shown}; {params}) is added to the loss: the forward "
                   "pass reads them again and the backward pass differentiates the penalty every step")
        return self.finding(message, group[0].node, ctx, related=[p.handle for p in per_variable], cost=cost,
                            fix=Fix(Safety.ADVISORY, GRAPH_REMEDY))
