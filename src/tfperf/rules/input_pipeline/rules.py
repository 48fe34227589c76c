"""The TFP4xx rules: the input pipeline (prefetch, work after it, prefetch_to_device, parallelism,
batch shapes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Finding, Fix, GuideSection, Safety, Severity
from tfperf.rules.base import Rule
from tfperf.rules.input_pipeline import examples, source_doc
from tfperf.rules.input_pipeline.source import (DynamicBatchShapeSource, NoPrefetchToDeviceSource,
                                                PipelineWithoutPrefetchSource, SequentialMapSource,
                                                WorkAfterPrefetchSource)

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.pipeline_ir import Pipeline, Stage


class PipelineWithoutPrefetch(Rule):
    """A `tf.data` pipeline that does not end with `.prefetch(...)`.

    Without a final prefetch the host builds each batch only when the device asks for it, so the
    device waits for every batch. The autofix appends `.prefetch(tf.data.AUTOTUNE)` to the pipeline's
    last expression when the pipeline is built in one expression or through one variable; values
    are unchanged (`tf.data.experimental.AUTOTUNE` in TensorFlow 1 code, which has no
    `tf.data.AUTOTUNE`). (A prefetch that is there but not last is TFP402.)

    On a captured pipeline (`tfperf check --dataset`) the rule knows what TensorFlow does when it
    iterates it: a prefetch it injects (autotune on, `inject_prefetch` not disabled), a final map
    and batch it fuses into an asynchronous map_and_batch, a last stage that is asynchronous itself.
    Those are reported as info that says so; a warning means nothing overlaps the step. In source the
    rule knows the same for the TensorFlow release the code runs on (`--tensorflow-version`,
    `[tool.tfperf] tensorflow-version`, else the one installed). `tfperf.data.finalize(ds)` appends
    the prefetch.
    """

    code = "TFP401"
    name = "pipeline-without-prefetch"
    section = GuideSection.PREFETCH
    summary = "tf.data pipeline does not end in .prefetch(): the device waits for every batch"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = examples.NO_PREFETCH_INVALID
    valid = examples.NO_PREFETCH_VALID
    Source = PipelineWithoutPrefetchSource
    source_doc = source_doc.TFP401

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        chain = pipeline.chain()
        if len(chain) < 2 or any(s.method == "prefetch" for s in chain) or pipeline.device_copy():
            return  # a bare source is no pipeline; a prefetch anywhere is TFP402's case
        from tfperf.rules.input_pipeline.pipeline import overlapped_end, tensorflow_name

        last = chain[-1]
        fix = Fix(Safety.EXACT, "append .prefetch(tf.data.AUTOTUNE), or let tfperf.data.finalize(ds) do it "
                  "(same elements, same order)")
        overlap = overlapped_end(pipeline)
        if overlap:
            yield self.finding(f"no .prefetch() after {last.call()}, but {overlap}: write the prefetch out so that "
                               "the overlap does not depend on options and versions", last, ctx, fix=fix,
                               severity=Severity.INFO)
            return
        why = "autotune is off" if not pipeline.options.autotune else "inject_prefetch is disabled"
        yield self.finding(f"tf.data pipeline ends with {last.call()}, not .prefetch(): the device waits while the "
                           f"host prepares each batch ({tensorflow_name(pipeline)} adds no prefetch: {why})", last, ctx,
                           fix=fix)


class WorkAfterPrefetch(Rule):
    """Transformations after `.prefetch(...)` in a `tf.data` pipeline.

    Whatever follows the prefetch is not overlapped with the device's step: the prefetch should be
    the last transformation (`with_options` and a device prefetch may follow it). Where TensorFlow
    overlaps the pipeline's end itself (as for TFP401: a prefetch it injects, an asynchronous last
    stage), that work runs ahead of the step too, as fast as with the prefetch moved last
    (`benchmarks/tfdata_defaults.py`): info that says so.
    """

    code = "TFP402"
    name = "work-after-prefetch"
    section = GuideSection.PREFETCH
    summary = "tf.data transformation after .prefetch(): move the prefetch to the end"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = examples.AFTER_PREFETCH_INVALID
    valid = examples.AFTER_PREFETCH_VALID
    Source = WorkAfterPrefetchSource
    source_doc = source_doc.TFP402

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        chain = pipeline.chain()
        first = next((i for i, s in enumerate(chain) if s.method == "prefetch"), None)
        if first is None:
            return
        from tfperf.rules.input_pipeline.pipeline import overlapped_end

        device_copy = pipeline.device_copy()
        overlap = None if chain[-1].method == "prefetch" else overlapped_end(pipeline)
        fix = Fix(Safety.ADVISORY, "make prefetch the last transformation")
        for stage in chain[first + 1:]:
            if stage.method == "prefetch" or stage is device_copy:
                continue
            if overlap:
                yield self.finding(f"{stage.call()} after .prefetch(), but {overlap}, which overlaps this work with "
                                   "the step too: move the prefetch last so that the overlap does not depend on "
                                   "options and versions", stage, ctx, fix=fix, severity=Severity.INFO)
            else:
                yield self.finding(f"{stage.call()} after .prefetch() runs on the critical path, not overlapped with "
                                   "the device step", stage, ctx, fix=fix)


class NoPrefetchToDevice(Rule):
    """A `tf.data` pipeline for an accelerator that never uses `prefetch_to_device`/`copy_to_device`.

    The guide: `dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))` at the end
    of the pipeline overlaps the host-to-device copy with the step. Not reported on CPU targets, nor
    for datasets handed to a `tf.distribute` strategy (which prefetches to its devices).
    """
    code = "TFP403"
    name = "no-prefetch-to-device"
    section = GuideSection.PREFETCH
    summary = "tf.data pipeline for an accelerator without prefetch_to_device: host-to-device copy not overlapped"
    severity = Severity.INFO
    safety = Safety.ADVISORY
    invalid = examples.TO_DEVICE_INVALID
    valid = examples.TO_DEVICE_VALID
    Source = NoPrefetchToDeviceSource
    source_doc = source_doc.TFP403

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        target = ctx.target
        chain = pipeline.chain()
        if not target.is_accelerator or len(chain) < 2:
            return
        device = f"/device:{target.device_type}:0"
        fix = Fix(Safety.ADVISORY, f'end the pipeline with .apply(tf.data.experimental.prefetch_to_device("{device}")) '
                  "(tfperf.data.finalize does it where the device is present)")
        copy = pipeline.device_copy()
        if copy is not None:
            if target.device_type.lower() not in str(copy.device).lower():
                yield self.finding(f"{copy.call()} copies to {copy.device}, not to the {target.device_type} of "
                                   f"{target.name}", copy, ctx, fix=fix)
            return
        strategy = pipeline.distribution
        if strategy is not None and strategy.prefetches_to_device:
            return  # the strategy's iterator prefetches each replica's batch to its device
        why = (f"its {strategy.strategy} was told not to fetch to the devices (tf.distribute.InputOptions)"
               if strategy else "no prefetch_to_device at the end")
        yield self.finding(f"{why} on {target.name}: the host-to-device copy of each batch is not overlapped "
                           "with the step", chain[-1], ctx, fix=fix)


class SequentialMap(Rule):
    """`Dataset.map`/`interleave` without `num_parallel_calls`: one host core does all the work.

    Pass `num_parallel_calls=tf.data.AUTOTUNE` (order is kept unless `deterministic=False`). Not
    fixed automatically: a map function with random ops or Python side effects may behave
    differently in parallel. On a captured pipeline, a stateless map that TensorFlow parallelizes
    by itself (`map_parallelization`, with autotune on) is reported as info, saying so; in source, so is
    a map whose function holds no state the source shows, on a TensorFlow that parallelizes it by
    default (>= 2.7) or with options that visibly turn map_parallelization on. In source,
    `num_parallel_calls=n` where `n` is a parameter that defaults to 1 or None is one core too,
    wherever the caller leaves it out (the finding says so).

    A captured pipeline is also checked for the orders that waste the host's work:
    `.cache()` after a random augmentation (every epoch replays the first epoch's draws, and the
    augmentation should run after the cache), `.shuffle()` after `.batch()` (it shuffles whole
    batches), and a per-element map of elementwise ops right before `.batch()` (after the batch
    it computes the same values in one call per batch: a vectorized map).
    """

    code = "TFP404"
    name = "sequential-map"
    section = GuideSection.PREFETCH
    summary = ("Dataset.map/interleave without num_parallel_calls runs on one core (captured pipelines: also "
               "cache after augmentation, shuffle after batch, a map to vectorize after batch)")
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = examples.SEQUENTIAL_INVALID
    valid = examples.SEQUENTIAL_VALID
    Source = SequentialMapSource
    source_doc = source_doc.TFP404

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        from tfperf.pipeline_ir import batched
        from tfperf.rules.input_pipeline.pipeline import random_augmentation, vectorizable

        chain = pipeline.chain()
        for i, stage in enumerate(chain):
            if stage.method in ("map", "interleave") and stage.sequential:
                yield self._sequential(stage, pipeline, ctx)
            elif stage.method == "cache":
                augment = next((s for s in reversed(chain[:i]) if random_augmentation(s)), None)
                if augment is not None:
                    where = f" (line {augment.source.line})" if augment.source else ""
                    yield self.finding(f".cache() after the random augmentation {augment.call()}{where}: every epoch "
                                       "replays the first epoch's random draws", stage, ctx,
                                       fix=Fix(Safety.ADVISORY, "cache before the augmentation and augment after it"))
            elif stage.method == "shuffle" and batched(chain[:i]):
                yield self.finding(".shuffle() after .batch() shuffles whole batches: the same elements stay "
                                   "together every epoch", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "shuffle the elements before .batch()"))
            if i + 1 < len(chain) and chain[i + 1].method == "batch" and vectorizable(stage, pipeline):
                yield self.finding(f"{stage.call()} runs its elementwise function once per element before "
                                   f"{chain[i + 1].call()}: after the batch it gives the same values in one call "
                                   "per batch", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "move the map after .batch() (a vectorized map)"))
    def _sequential(self, stage: Stage, pipeline: Pipeline, ctx) -> Finding:
        from tfperf.rules.input_pipeline.pipeline import parallelized_by_tf, tensorflow_name

        fix = Fix(Safety.ADVISORY, f"pass num_parallel_calls=tf.data.AUTOTUNE to .{stage.method}()")
        message = f"{stage.call()} runs its function on one element at a time, on one host core"
        if parallelized_by_tf(stage, pipeline):
            return self.finding(f"{message}, but {tensorflow_name(pipeline)} parallelizes this stateless map itself "
                                "(map_parallelization, autotune on): write it out so that it does not depend on "
                                "these options", stage, ctx, fix=fix, severity=Severity.INFO)
        if stage.method == "map" and any(f.stateful for f in stage.functions):
            message += " (its function is stateful, so TensorFlow does not parallelize it itself)"
        return self.finding(message, stage, ctx, fix=fix)


class DynamicBatchShape(Rule):
    """Batches whose leading dimension changes, on a target that compiles the graph per input shape.

    Gaudi's graph compiler (and XLA) compile a recipe for every new input shape. `.batch(n)` keeps a
    last, smaller batch unless `drop_remainder=True`, and `.padded_batch(n)` without fixed
    `padded_shapes` pads every batch to its own longest element: each new shape costs a compilation
    in the middle of training. Reported when the pipeline's elements really have an unknown leading
    dimension and the batch's input can end in a partial batch (it is not infinite, nor a known
    multiple of the batch size). Not fixed automatically: dropping or padding changes the data.
    """

    code = "TFP405"
    name = "dynamic-batch-shape"
    section = GuideSection.PREFETCH
    summary = "Batches with a changing shape (drop_remainder=False, padded_batch to the longest) recompile on Gaudi/XLA"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = examples.DYNAMIC_SHAPE_INVALID
    valid = examples.DYNAMIC_SHAPE_VALID
    Source = DynamicBatchShapeSource
    source_doc = source_doc.TFP405

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        from tfperf.pipeline_ir import BATCH_METHODS

        if not ctx.target.compiles_per_shape:
            return
        end = pipeline.end
        if end is None or not any(shape is None or None in shape for shape in end.output_shapes):
            return  # every element has a static shape: one compilation
        for stage in pipeline:
            if stage.method not in BATCH_METHODS:
                continue
            left = self._remainder(stage, pipeline)
            if left != 0:
                kept = (f"keeps a last, partial batch of {left} element(s)" if left else
                        "keeps a last, partial batch if its input ends (how many elements the input yields is "
                        "unknown here: a generator that never ends makes none)")
                yield self.finding(f"{stage.call()} {kept}: a new leading dimension, and "
                                   f"{ctx.target.name} compiles the graph again for it", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "pass drop_remainder=True, or pad the last batch to full size"))
            elif stage.method == "padded_batch" and any(None in shape[1:] for shape in stage.output_shapes if shape):
                yield self.finding(f"{stage.call()} pads each batch to its longest element: every new length is a "
                                   f"new shape that {ctx.target.name} compiles again", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "give padded_batch fixed padded_shapes, or use "
                                           "bucket_by_sequence_length with fixed bucket boundaries"))
    @staticmethod
    def _remainder(stage: Stage, pipeline: Pipeline) -> int | None:
        """Elements in the last batch (0: none; None: unknown but possible)."""
        from tfperf.pipeline_ir import INFINITE

        if stage.drop_remainder is not False:
            return 0
        source = pipeline.get(stage.inputs[0]) if stage.inputs else None
        count = source.cardinality if source else None
        if count == INFINITE:
            return 0
        if count is not None and count >= 0 and stage.batch_size:
            return count % stage.batch_size
        return None
