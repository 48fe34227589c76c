"""Capture from live Python objects: a Keras model, a tf.function, a plain callable."""

from __future__ import annotations

from typing import Any, Sequence

from tfperf.capture._walk import graph_to_ir
from tfperf.capture.errors import CaptureError
from tfperf.capture.layers import recorded, recording_layers, remember
from tfperf.errors import describe
from tfperf.ir import Graph, Variable

InputSpec = tuple  # (shape tuple with None for unknown dims, dtype name)


def tensor_specs(specs: Sequence[InputSpec]) -> list[Any]:
    import tensorflow as tf

    return [tf.TensorSpec(shape, tf.as_dtype(dtype), name=f"input_{i}") for i, (shape, dtype) in enumerate(specs)]


def _resolver(graph: Any):
    """Find the tf.Graph of a function called from `graph` (or from a graph reached through it)."""

    def resolve(name: str, op: Any) -> Any:
        for owner in (op.graph, graph):
            fn = getattr(owner, "_functions", {}).get(name)
            body = getattr(fn, "graph", None)
            if body is not None:
                return body
        return None

    return resolve


def from_concrete_function(concrete: Any, origin: str, layer_names: Sequence[str] = ()) -> Graph:
    graph = concrete.graph
    record = recorded(concrete)
    ir = graph_to_ir(graph, origin=origin, resolve_function=_resolver(graph), layer_names=layer_names,
                     layers_recorded=record.layer_of if record else None)
    _label_variables(ir, graph)
    return ir


def _label_variables(ir: Graph, graph: Any) -> None:
    """Tell each captured variable handle which variable it is (rules ask: is it trainable?)."""
    internal = {id(external): placeholder for external, placeholder in graph.captures}
    for variable in getattr(graph, "variables", ()):
        placeholder = internal.get(id(getattr(variable, "handle", None)))
        node = ir.get(placeholder.op.name) if placeholder is not None else None
        if node is not None:
            node.variable = Variable(variable.name.split(":")[0], bool(variable.trainable))


def from_tf_graph(graph: Any, origin: str) -> Graph:
    """A TF1-style tf.Graph built in Python (e.g. what tf.estimator builds); ops keep their source lines."""
    return graph_to_ir(graph, origin=origin, resolve_function=_resolver(graph))


def is_tf_graph(obj: Any) -> bool:
    import tensorflow as tf

    return isinstance(obj, tf.Graph)


def is_keras_model(obj: Any) -> bool:
    try:
        import keras
    except ImportError:  # pragma: no cover
        return False
    return isinstance(obj, keras.Model)


def is_tf_function(obj: Any) -> bool:
    return hasattr(obj, "get_concrete_function") and hasattr(obj, "python_function")


def is_concrete_function(obj: Any) -> bool:
    return hasattr(obj, "graph") and hasattr(obj, "structured_input_signature")


def keras_input_specs(model: Any, batch_size: int | None = None) -> list[InputSpec]:
    """The model's declared inputs, with the batch dimension filled in when asked."""
    inputs = getattr(model, "inputs", None)
    if not inputs:
        raise CaptureError(
            f"Keras model {model.name!r} has no declared input shape; pass --input-shape (e.g. 8,224,224,3)"
        )
    specs = []
    for t in inputs:
        shape = list(t.shape)
        if batch_size is not None and shape and shape[0] is None:
            shape[0] = batch_size
        specs.append((tuple(shape), str(getattr(t.dtype, "name", t.dtype))))
    return specs


def keras_layer_names(model: Any) -> list[str]:
    names = []
    stack = [model]
    while stack:
        layer = stack.pop()
        names.append(layer.name)
        stack.extend(getattr(layer, "layers", ()) or ())
    return names


def trace_keras(model: Any, input_specs: Sequence[InputSpec] | None = None, *, batch_size: int | None = None) -> Any:
    """The ConcreteFunction of `model(x, training=False)`. Shapes: `input_specs`, else the model's own."""
    import tensorflow as tf

    specs = list(input_specs) if input_specs else keras_input_specs(model, batch_size)

    def call(*args):
        return model(args[0] if len(args) == 1 else list(args), training=False)

    try:
        with recording_layers() as record:
            return remember(tf.function(call).get_concrete_function(*tensor_specs(specs)), record)
    except Exception as exc:  # tracing runs user code: any error is the input's
        raise CaptureError(f"could not trace Keras model {model.name!r} with inputs {specs}: {describe(exc)}") from exc


def from_keras(model: Any, input_specs: Sequence[InputSpec] | None = None, *, batch_size: int | None = None,
               origin: str | None = None) -> Graph:
    """Trace `model(x, training=False)` into a graph. Shapes: `input_specs`, else the model's own."""
    concrete = trace_keras(model, input_specs, batch_size=batch_size)
    return from_concrete_function(concrete, origin or model.name, keras_layer_names(model))


def trace_function(fn: Any, input_specs: Sequence[InputSpec] | None = None, *, name: str) -> Any:
    """The ConcreteFunction of a tf.function, a ConcreteFunction or a plain Python callable of tensors."""
    import tensorflow as tf

    if is_concrete_function(fn):
        return fn
    if not is_tf_function(fn):
        fn = tf.function(fn)
    try:
        with recording_layers() as record:
            if input_specs:
                return remember(fn.get_concrete_function(*tensor_specs(input_specs)), record)
            if fn.input_signature is not None:
                return remember(fn.get_concrete_function(), record)
    except Exception as exc:  # tracing runs user code: any error is the input's
        raise CaptureError(f"could not trace {name}: {describe(exc)}") from exc
    raise CaptureError(f"{name}: a function needs an input signature; pass --input-shape (e.g. 8,128)")


def from_function(fn: Any, input_specs: Sequence[InputSpec] | None = None, *, origin: str | None = None) -> Graph:
    """Trace a tf.function, a ConcreteFunction or a plain Python callable of tensors."""
    name = origin or getattr(fn, "__name__", None) or type(fn).__name__
    return from_concrete_function(trace_function(fn, input_specs, name=name), name)

