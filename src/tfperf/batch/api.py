"""`tfperf.batch.advise` and `tfperf batch`: capture the step at two batch sizes, fit it, advise.

Orchestration (it captures and runs the user's code, so TensorFlow is imported when it is called);
the advice itself is TensorFlow-free (`tfperf.batch.advice`).
"""

from __future__ import annotations

from typing import Any, Sequence

from tfperf.batch.advice import RESERVE, Advice, Options, advise_batched
from tfperf.batch.convergence import CriticalBatch, critical_batch
from tfperf.batch.precision import keras_policy
from tfperf.batch.rebatch import BatchedGraph, BatchError
from tfperf.pipeline_ir import BATCH_METHODS, Pipeline, Stage
from tfperf.targets import Target, load

DEFAULT_PROBE = 8  # the first traced batch when the user names none (tracing allocates nothing)


def advise(model: Any, *, target: Target | str | None = None, train: bool = False, batch_size: int | None = None,
           input_shapes: Sequence | None = None, label_shapes: Sequence | None = None, devices: int = 1,
           latency_ms: float | None = None, dataset: Any = None, critical_batch_size: int | None = None,
           precision: str | None = None, reserve: float = RESERVE, measure: bool = False,
           memory_budget: int | None = None) -> Advice:
    """The batch size for `model` on `target`: the largest that fits, the throughput knee, the latency
    and convergence limits, the smallest of them recommended with the one that binds named.

    `model`: a Keras model (compiled, with `train=True`), a zero-argument factory of one, or a
    "pkg.module:attr" / "file.py:attr" string (needed for `measure`). `batch_size`: the batch you run
    now (compared with the recommendation; the first traced batch). `input_shapes` /
    `label_shapes`: [(shape, dtype), ...] or ["8,224,224,3"]; their first dimension is the batch,
    which tfperf sets. `devices`: data-parallel devices (the convergence cap is divided among them).
    `dataset`: a tf.data.Dataset of (x, y) batches, or a "module:attr" string: its batch is the one
    you run now, and the gradient noise scale measured on it gives the convergence cap.
    `critical_batch_size`: a convergence cap on the global batch of your own. `precision`: "bf16" or
    "fp16" builds the model (a factory or a string) under Keras's mixed policy. `reserve`: share of
    the device's memory kept back. `measure`: run the model here at up to 3 batch sizes (in a fresh
    process) and put the measured memory and time beside the model's. `memory_budget` (bytes, with
    `measure`): also find the largest batch whose peak here stays within it, in at most 3 runs
    (`tfperf.batch.search`).
    """
    from tfperf import capture

    target = target if isinstance(target, Target) else load(target)
    origin = model if isinstance(model, str) else (getattr(model, "name", None) or getattr(model, "__name__", "model"))
    pipeline, data = _dataset(dataset)
    stage, current_from_data = configured_batch(pipeline) if pipeline else (None, None)
    current = batch_size or current_from_data
    if pipeline is not None and pipeline.distribution is not None and devices == 1:
        devices = pipeline.distribution.replicas
    specs = _specs(capture, input_shapes)
    labels = _specs(capture, label_shapes)
    with keras_policy(precision):
        obj = capture.build(capture.load_object(model) if isinstance(model, str) else model, origin)
        first = current or _leading(specs) or DEFAULT_PROBE
        graph = capture.from_object(obj, origin, capture.with_batch(specs, first), first, train=train,
                                    label_specs=capture.with_batch(labels, first))
        if graph.at_batch is None:
            raise BatchError(f"{origin}: its batch cannot be varied (a function with its own input signature); give "
                             "a Keras model, or the function with --input-shape")
        batched = BatchedGraph(graph, graph.at_batch(2 * first + 1))
    noise = _noise(obj, data, train) if data is not None else None
    critical = (CriticalBatch(critical_batch_size, "your model", "--critical-batch") if critical_batch_size
                else None if noise else _published(origin, obj))
    options = Options(devices=devices, latency_ms=latency_ms, current=current, critical=critical, noise=noise,
                      optimizer=optimizer_name(obj) if train else None, reserve=reserve)
    advice = advise_batched(batched, target, training=train, options=options)
    if stage is not None:
        advice.notes.append(f"the batch you run now is the dataset's {stage.call()}")
    if memory_budget is not None and not measure:
        raise ValueError("a memory budget is searched by running the model here: add measure=True (--measure)")
    if measure:
        from tfperf.batch import measure as here

        if not isinstance(model, str):
            raise ValueError("measure=True runs the model in a fresh process: give it as 'module:attr' or 'file.py:attr'")
        advice.measured = here.compare(model, advice, batched, graph, target, train=train, precision=precision)
        if memory_budget is not None:
            advice.search = here.search(model, batched, graph, target, memory_budget, train=train, precision=precision)
    return advice


def configured_batch(pipeline: Pipeline) -> tuple[Stage | None, int | None]:
    """The last batching stage of a pipeline and its batch per device (a distributed dataset's batch
    is global: tf.distribute splits it among the replicas)."""
    stage = next((s for s in reversed(pipeline.chain()) if s.method in BATCH_METHODS and s.batch_size), None)
    if stage is None:
        return None, None
    replicas = pipeline.distribution.replicas if pipeline.distribution else 1
    return stage, max(1, stage.batch_size // max(1, replicas))


def optimizer_name(model: Any) -> str | None:
    """"Adam", "SGD(momentum=0.9)": the compiled optimizer, with what changes its slots (the inner one
    of a loss-scale wrapper)."""
    optimizer = getattr(model, "optimizer", None)
    optimizer = getattr(optimizer, "inner_optimizer", optimizer)
    if optimizer is None:
        return None
    flags = [f"{name}={getattr(optimizer, name)}" for name in ("momentum", "amsgrad", "centered")
             if getattr(optimizer, name, None)]
    return type(optimizer).__name__ + (f"({', '.join(flags)})" if flags else "")


def _published(origin: str, model: Any) -> CriticalBatch | None:
    """The published cap for the model's family, by its name, class or where it came from."""
    for name in (getattr(model, "name", ""), type(model).__name__, origin.rpartition(":")[2], origin):
        found = critical_batch(str(name or ""))
        if found is not None:
            return found
    return None


def _dataset(dataset: Any) -> tuple[Pipeline | None, Any]:
    if dataset is None:
        return None, None
    from tfperf.capture import dataset as capture_dataset

    if isinstance(dataset, str):
        pipeline, obj = capture_dataset.build_from_spec(dataset)
    else:
        pipeline, obj = capture_dataset.from_dataset(dataset), dataset
    return pipeline, capture_dataset.unwrap(obj)


def _noise(model: Any, data: Any, train: bool):
    from tfperf.batch.noise import measure_noise_scale

    if not train:
        raise ValueError("the gradient noise scale (--dataset) is measured on the training step: add --train")
    return measure_noise_scale(model, data)


def _specs(capture: Any, shapes: Sequence | None) -> list | None:
    return [capture.parse_input_spec(s) if isinstance(s, str) else tuple(s) for s in shapes or ()] or None


def _leading(specs: list | None) -> int | None:
    if specs and specs[0][0] and isinstance(specs[0][0][0], int):
        return specs[0][0][0]
    return None
