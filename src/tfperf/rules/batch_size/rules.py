"""TFP801: the batch of a training step is far from what the device and convergence allow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Finding, Fix, GuideSection, Safety, Severity, StepShare
from tfperf.rules.base import CheckContext, Rule
from tfperf.rules.batch_size import examples

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph


class BatchFarFromAdvice(Rule):
    """The batch a training step runs is far from the batch-size advice for the target.

    The guide's first section: a large batch for throughput, within the device's memory and, in
    data-parallel training, within the global batch that still converges. For a training step
    (`tfperf check --model M --train`, at `--batch-size` or, with `--dataset`, at the dataset's
    batch) tfperf traces the step once more at another batch size, fits its shapes as functions of
    the batch and prices memory and time at any batch with the step model (`tfperf batch` shows the
    whole advice). The step is flagged when its batch is

    - more than fits in the target's memory (less a 10% reserve): it will run out of memory (error);
    - with the dataset's `tf.distribute` replicas, a global batch over the convergence cap tfperf
      knows for the model's family (the guide's ResNet-50: about 32K);
    - under a quarter of the recommended batch: the device is underused.

    A step whose batch cannot be varied (fixed in the graph, a function with its own input
    signature) or that is not a training step is not judged. The fix is advice: the batch changes
    the training (the learning rate usually follows it; `tfperf batch` says how).
    """

    code = "TFP801"
    name = "batch-size-far-from-advice"
    section = GuideSection.BATCH_SIZE
    summary = "training batch more than fits, over the convergence cap, or under a quarter of the recommended batch"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    needs = frozenset({"batch"})
    invalid = examples.INVALID
    valid = examples.VALID

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.batch.advice import far_from_advice  # here: a source-only check never loads the step model
        from tfperf.rules.batch_size.graph import step_input

        advice = ctx.batch
        if advice is None or not advice.training:
            return
        problems = far_from_advice(advice)
        if not problems:
            return
        stage = ctx.option("batch_stage")  # the dataset's .batch(), when the step's batch came from it
        where = [stage, step_input(graph)] if stage is not None else [step_input(graph)]
        over_memory = advice.current_point is not None and not advice.current_point.fits
        fix = (f"train with batch {advice.recommended:,} per device (set by {advice.binding}; `tfperf batch` shows "
               "the curve)")
        if advice.learning_rate:
            fix += f"; {advice.learning_rate}"
        yield self.finding(f"training batch: {'; '.join(problems)}", where[0], ctx, related=[n for n in where[1:] if n],
                           fix=Fix(Safety.ADVISORY, fix), severity=Severity.ERROR if over_memory else None,
                           step=_not_a_step_saving(ctx))


def _not_a_step_saving(ctx: CheckContext) -> StepShare:
    """Another batch is another step: what it gains is samples/s (in the message), not a share of this step."""
    step = ctx.estimate.step_seconds if ctx.estimate is not None else None
    return StepShare(None, step, ctx.target.name, "another batch changes the step itself; the gain is in samples/s "
                                                  "(see the message), not a share of this step")
