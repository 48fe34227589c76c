"""The TFP4xx rules on a captured pipeline: what TensorFlow does to it by itself when it iterates it
(so that findings are accurate)."""

from __future__ import annotations

from tfperf.pipeline_ir import Pipeline, Stage

# Datasets tf.data itself puts after the user's last transformation; grappler's inject_prefetch
# looks through them for the last real one (kDatasetsToSkip).
_TF_OWN_STAGES = frozenset({"AssertNextDataset", "ExperimentalAssertNextDataset", "IgnoreErrorsDataset",
                            "ModelDataset", "OptimizeDataset", "MaxIntraOpParallelismDataset",
                            "PrivateThreadPoolDataset"})
# Ops that give the same values per element as on a batch of elements (they broadcast from the right).
_ELEMENTWISE = frozenset({
    "Identity", "IdentityN", "Const", "NoOp", "Cast", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "DivNoNan",
    "FloorDiv", "FloorMod", "Maximum", "Minimum", "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Log",
    "Log1p", "Pow", "Tanh", "Sigmoid", "Relu", "Relu6", "ClipByValue", "Floor", "Ceil", "Round", "Rint",
    "SquaredDifference", "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd",
    "LogicalOr", "LogicalNot", "SelectV2",
})


def tensorflow_name(pipeline: Pipeline) -> str:
    return f"TensorFlow {pipeline.tf_version}" if pipeline.tf_version else "TensorFlow"


def overlapped_end(pipeline: Pipeline) -> str | None:
    """How TensorFlow itself overlaps the end of a pipeline without a final prefetch, in words; None
    when it does not. Its rewrites, in the order it applies them: map_and_batch_fusion turns a map
    followed by batch into an asynchronous MapAndBatch (any options); inject_prefetch appends
    prefetch(AUTOTUNE) after a synchronous last stage (autotune on, inject_prefetch not disabled)."""
    chain = [s for s in pipeline.chain() if s.op not in _TF_OWN_STAGES]
    if not chain:
        return None
    last, tf_version = chain[-1], tensorflow_name(pipeline)
    before = chain[-2] if len(chain) > 1 else None
    if (pipeline.options.map_and_batch_fusion and last.op in ("BatchDataset", "BatchDatasetV2") and before
            and before.op in ("MapDataset", "ParallelMapDataset", "ParallelMapDatasetV2")):
        return (f"{tf_version} fuses {before.call()}{last.call()} into an asynchronous map_and_batch that builds "
                "the next batch while the step runs")
    if last.is_async:
        return f"{last.call()} is asynchronous: it runs ahead of the step by itself"
    if pipeline.options.autotune and pipeline.options.inject_prefetch:
        return (f"{tf_version} injects prefetch(AUTOTUNE) there when it iterates the pipeline (autotune on, "
                "inject_prefetch not disabled)")
    return None


def parallelized_by_tf(stage: Stage, pipeline: Pipeline) -> bool:
    """Whether grappler's map_parallelization turns this sequential map into a parallel one: with
    autotune on, for a map whose function is stateless and not forced synchronous."""
    options = pipeline.options
    return (stage.op == "MapDataset" and options.autotune and options.map_parallelization
            and not stage.args.get("force_synchronous") and not any(f.stateful for f in stage.functions))


def random_augmentation(stage: Stage) -> bool:
    """A map drawing new random numbers on every pass (random ops with state, as Keras' random layers)."""
    return stage.method == "map" and any(f.random and f.stateful for f in stage.functions)


def vectorizable(stage: Stage, pipeline: Pipeline) -> bool:
    """A map whose function gives the same values applied to a whole batch: elementwise ops only,
    no captured tensors, no state, and constants that broadcast the same way with a batch axis."""
    if stage.method != "map" or len(stage.functions) != 1 or not stage.inputs:
        return False
    function, source = stage.functions[0], pipeline.get(stage.inputs[0])
    shapes = source.output_shapes if source else ()
    if not shapes or any(shape is None or None in shape for shape in shapes):
        return False
    return (not function.stateful and not function.captured and set(function.ops) <= _ELEMENTWISE
            and function.max_constant_rank <= min(len(shape) for shape in shapes))

