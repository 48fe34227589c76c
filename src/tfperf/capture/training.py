"""Capture the training step of a compiled Keras model: what `model.fit` runs once per batch.

The step is `model.train_step((x, y))`: the forward pass, the loss with everything Keras adds to
it (weight regularizers, `add_loss` terms), the gradients and the optimizer's update. Tracing it
builds the optimizer's slot variables if `fit` has not run yet; nothing else changes.
"""

from __future__ import annotations

from typing import Any, Sequence

from tfperf.capture.errors import CaptureError
from tfperf.capture.layers import construction_lines, recording_layers, remember
from tfperf.capture.live import (
    InputSpec,
    describe_inputs,
    keras_call_args,
    tensor_specs,
    from_concrete_function,
    is_keras_model,
    keras_input_specs,
    keras_layer_names,
    label_inputs,
)
from tfperf.errors import describe
from tfperf.ir import Graph, Node
from tfperf.placement import KERAS_INTERNAL


def from_training(model: Any, input_specs: Sequence[InputSpec] | None = None, *, batch_size: int | None = None,
                  label_specs: Sequence[InputSpec] | None = None, origin: str | None = None) -> Graph:
    """Trace one `model.train_step` of a compiled Keras model into a graph.

    `input_specs` / `label_specs`: shapes of x and y; by default the model's declared inputs and
    labels shaped like its outputs (then, for sparse losses, integer labels without the last axis).
    """
    import tensorflow as tf

    if not is_keras_model(model):
        raise CaptureError(f"--train needs a compiled Keras model, not a {type(model).__name__}; a training-step "
                           "tf.function is checked as it is, without --train")
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise CaptureError(f"Keras model {model.name!r} is not compiled; --train traces the step model.fit runs, "
                           "which needs model.compile(optimizer=..., loss=...)")
    inputs = list(input_specs) if input_specs else keras_input_specs(model, batch_size)
    x = keras_call_args(model, inputs)
    candidates = [list(label_specs)] if label_specs else _label_candidates(model, inputs)

    def step(x, y):
        return model.train_step((x, y))

    failures = []
    for labels in candidates:
        try:
            with recording_layers() as record:
                concrete = remember(tf.function(step).get_concrete_function(x, _structure(labels)),
                                    record)
        except Exception as exc:  # tracing runs user code: any error is the input's
            failures.append(f"labels {labels}: {describe(exc)}")
            continue
        graph = from_concrete_function(concrete, origin or model.name, keras_layer_names(model),
                                       construction_lines(model))
        label_inputs(graph, concrete, model)
        mark_keras_internals(graph, _captured_handle(concrete, model.optimizer.iterations))
        return graph
    raise CaptureError(f"could not trace the training step of Keras model {model.name!r} with inputs "
                       f"{describe_inputs(model, inputs)} "
                       f"({'; '.join(failures)}); give the label shape with --label-shape")


def _structure(specs: Sequence[InputSpec]) -> Any:
    tensors = tensor_specs(specs)
    return tensors[0] if len(tensors) == 1 else tensors


def _label_candidates(model: Any, inputs: Sequence[InputSpec]) -> list[list[InputSpec]]:
    """Labels like the outputs (regression, one-hot); then sparse integer labels (class ids)."""
    batch = inputs[0][0][0] if inputs and inputs[0][0] else None
    outputs = [(tuple(o.shape), str(getattr(o.dtype, "name", o.dtype))) for o in _outputs(model, inputs)]
    dense = [((batch, *shape[1:]), "float32") for shape, _ in outputs]
    sparse = [((batch, *shape[1:-1]), "int32") for shape, _ in outputs if len(shape) >= 2]
    return [dense, sparse] if len(sparse) == len(dense) else [dense]


def _outputs(model: Any, inputs: Sequence[InputSpec]) -> list[Any]:
    outputs = getattr(model, "outputs", None)
    if outputs:
        return list(outputs)
    import keras  # a subclassed model declares no outputs: infer them from the input shapes
    import tensorflow as tf

    specs = [keras.KerasTensor(shape, dtype) for shape, dtype in inputs]
    try:
        result = model.compute_output_spec(specs[0] if len(specs) == 1 else specs)
    except Exception as exc:
        raise CaptureError(f"Keras model {model.name!r}: cannot infer its output shape ({describe(exc)}); "
                           "give the label shape with --label-shape") from exc
    return tf.nest.flatten(result)


# ---------------------------------------------------------------------------------------------
# what Keras adds to every training step


def _captured_handle(concrete: Any, variable: Any) -> str | None:
    """The name of the placeholder through which `concrete` reads the (Keras) `variable`."""
    handle = getattr(getattr(variable, "value", variable), "handle", None)
    for external, internal in concrete.graph.captures:
        if external is handle:
            return internal.op.name
    return None


def mark_keras_internals(graph: Graph, counter_handle: str | None) -> None:
    """Tag (placement.KERAS_INTERNAL) the nodes of Keras's own step machinery that hold int64 tensors:
    the optimizer's step counter (read, incremented, written back, cast for a learning-rate schedule)
    and the class ids the sparse cross-entropy casts to int64 for SparseSoftmaxCrossEntropyWithLogits."""
    if counter_handle is not None:
        for node in _counter_nodes(graph, counter_handle):
            node.attrs[KERAS_INTERNAL] = "the optimizer's step counter"
    for node in graph:
        if node.op == "SparseSoftmaxCrossEntropyWithLogits" and node.attrs.get("Tlabels") == "int64":
            node.attrs[KERAS_INTERNAL] = "Keras's sparse cross-entropy (int64 class ids)"
            label_cast = graph.producer(node, 1)
            if label_cast is not None and label_cast.op == "Cast":
                label_cast.attrs[KERAS_INTERNAL] = "Keras's sparse cross-entropy casting the class ids to int64"


def _counter_nodes(graph: Graph, handle: str) -> list[Node]:
    """The reads and writes of the counter's handle, the int64 arithmetic between them, and the ops that
    read the counter's value (a Cast for a schedule)."""
    touching = [n for n in graph if n.function is None and any(ref.node == handle for ref in n.inputs)]
    found = {n.name: n for n in touching}
    todo = [n for n in touching if n.op == "ReadVariableOp"]
    while todo:  # forward from each read, through int64 results only
        node = todo.pop()
        for consumer, _ in graph.consumers(node):
            if consumer.name not in found:
                found[consumer.name] = consumer
                if consumer.dtype(0) == "int64":
                    todo.append(consumer)
    todo, back = [n for n in touching if n.op.startswith("Assign")], set()
    while todo:  # backward from each write, through int64 producers (the increment, its cast constant)
        node = todo.pop()
        for slot in range(len(node.inputs)):
            producer = graph.producer(node, slot)
            if producer is not None and producer.name not in back and producer.dtype(0) == "int64":
                back.add(producer.name)
                found[producer.name] = producer
                todo.append(producer)
    return list(found.values())
