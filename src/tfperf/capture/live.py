"""Capture from live Python objects: a Keras model, a tf.function, a plain callable."""

from __future__ import annotations

from typing import Any, Sequence

from tfperf.capture._walk import graph_to_ir
from tfperf.capture.errors import CaptureError
from tfperf.capture.layers import construction_lines, recorded, recording_layers, remember
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


def from_concrete_function(concrete: Any, origin: str, layer_names: Sequence[str] = (),
                           layer_lines: dict | None = None) -> Graph:
    graph = concrete.graph
    record = recorded(concrete)
    ir = graph_to_ir(graph, origin=origin, resolve_function=_resolver(graph), layer_names=layer_names,
                     layers_recorded=record.layer_of if record else None, layer_lines=layer_lines)
    ir.results = frozenset((t.op.name, t.value_index) for t in graph.outputs)
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
    """The model's declared inputs, flat in the order of its input structure (a dict's by sorted key),
    with the batch dimension filled in when asked."""
    specs = []
    for t in _declared_inputs(model):
        shape = list(t.shape)
        if batch_size is not None and shape and shape[0] is None:
            shape[0] = batch_size
        specs.append((tuple(shape), str(getattr(t.dtype, "name", t.dtype))))
    return specs


def _declared_inputs(model: Any) -> list[Any]:
    import tensorflow as tf

    structure = _input_structure(model)
    if structure is None:
        raise CaptureError(
            f"Keras model {model.name!r} has no declared input shape; pass --input-shape (e.g. 8,224,224,3)"
        )
    return tf.nest.flatten(structure)


def _input_structure(model: Any) -> Any:
    """The nest of KerasTensors the model is called with: one, a list, or a dict by input name."""
    if not getattr(model, "inputs", None):
        return None
    structure = getattr(model, "_inputs_struct", None)  # Keras 3: the structure the model was built with
    if structure is None:
        try:
            structure = model.input
        except (AttributeError, ValueError):
            structure = None
    if structure is None:  # a Sequential model not called yet has only its `inputs`
        structure = list(model.inputs)
    if isinstance(structure, (list, tuple)) and len(structure) == 1:
        structure = structure[0]  # one input: called with the tensor itself, as Keras expects
    return structure


def keras_input_names(model: Any) -> list[str]:
    """The model's input names, flat in the order --input-shape takes them (a dict's keys sorted)."""
    import tensorflow as tf

    structure = _input_structure(model)
    if structure is None:
        return []
    if isinstance(structure, dict):
        return [str(k) for k in sorted(structure)]
    return [getattr(t, "name", f"input_{i}") for i, t in enumerate(tf.nest.flatten(structure))]


def keras_input_layer_names(model: Any) -> list[str]:
    """The names of the layers that make the model's inputs ("input_layer"), flat in input order; a
    subclassed model has none (it declares no input layers)."""
    import tensorflow as tf

    structure = _input_structure(model)
    if structure is None:
        return []
    flat = [structure[k] for k in sorted(structure)] if isinstance(structure, dict) else tf.nest.flatten(structure)
    history = [getattr(t, "_keras_history", None) for t in flat]
    return [h[0].name if h else "" for h in history]


def label_inputs(ir: Graph, concrete: Any, model: Any) -> None:
    """Give the step's input placeholders the Keras input layer they stand for: a finding about the
    step's input (its batch, TFP801) then names the layer where the input is declared."""
    for placeholder, name in zip(concrete.graph.inputs, keras_input_layer_names(model)):
        node = ir.get(placeholder.op.name)
        if node is not None and name and node.layer is None:
            node.layer = name


def keras_call_args(model: Any, specs: Sequence[InputSpec]) -> Any:
    """TensorSpecs for `specs` (flat) in the structure the model takes: one, a list, or a dict. An
    input given as float32 (--input-shape's default) keeps the dtype the model declares for it
    (token ids stay int32)."""
    import tensorflow as tf

    structure = _input_structure(model)
    declared = tf.nest.flatten(structure) if structure is not None else []
    if len(declared) == len(specs):
        specs = [(shape, str(getattr(t.dtype, "name", t.dtype)) if dtype == "float32" else dtype)
                 for (shape, dtype), t in zip(specs, declared)]
    flat = tensor_specs(specs)
    if structure is None or len(tf.nest.flatten(structure)) != len(flat):
        return flat[0] if len(flat) == 1 else flat
    if isinstance(structure, dict):
        names = sorted(structure)
        return {name: tf.TensorSpec(s.shape, s.dtype, name=str(name)) for name, s in zip(names, flat)}
    return tf.nest.pack_sequence_as(structure, flat)


def _check_count(model: Any, specs: Sequence[InputSpec]) -> None:
    names = keras_input_names(model)
    if names and len(specs) != len(names):
        raise CaptureError(f"Keras model {model.name!r} takes {len(names)} input(s) ({', '.join(names)}), "
                           f"but {len(specs)} shape(s) were given; pass --input-shape once per input, in that order")


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
    _check_count(model, specs)

    def call(inputs):
        return model(inputs, training=False)

    try:
        with recording_layers() as record:
            return remember(tf.function(call).get_concrete_function(keras_call_args(model, specs)), record)
    except Exception as exc:  # tracing runs user code: any error is the input's
        raise CaptureError(f"could not trace Keras model {model.name!r} with inputs "
                           f"{describe_inputs(model, specs)}: {describe(exc)}") from exc


def describe_inputs(model: Any, specs: Sequence[InputSpec]) -> str:
    """"token_ids int32[2, 128], ..." for error messages."""
    names = keras_input_names(model)
    names = names if len(names) == len(specs) else [f"input_{i}" for i in range(len(specs))]
    shape = lambda dims: "[" + ", ".join("?" if d is None else str(d) for d in dims) + "]"  # noqa: E731
    return ", ".join(f"{name} {dtype}{shape(dims)}" for name, (dims, dtype) in zip(names, specs))


def from_keras(model: Any, input_specs: Sequence[InputSpec] | None = None, *, batch_size: int | None = None,
               origin: str | None = None) -> Graph:
    """Trace `model(x, training=False)` into a graph. Shapes: `input_specs`, else the model's own."""
    concrete = trace_keras(model, input_specs, batch_size=batch_size)
    graph = from_concrete_function(concrete, origin or model.name, keras_layer_names(model), construction_lines(model))
    label_inputs(graph, concrete, model)
    return graph


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


def fill_signature(signature: Any, origin: str, input_specs: Sequence[InputSpec] | None = None,
                   batch_size: int | None = None) -> Any:
    """A structured input signature ((args, kwargs) of TensorSpecs) with open dimensions filled:
    `input_specs` replaces each input's shape (flat, in the signature's order: keyword inputs by
    sorted name; the signature's dtypes stay), `batch_size` an open leading dimension."""
    import tensorflow as tf

    flat = tf.nest.flatten(signature)
    if input_specs and len(input_specs) != len(flat):
        names = ", ".join(s.name or f"input_{i}" for i, s in enumerate(flat))
        raise CaptureError(f"{origin}: takes {len(flat)} input(s) ({names}), but {len(input_specs)} --input-shape "
                           "were given; give one per input, in that order")
    filled = []
    for i, spec in enumerate(flat):
        shape = list(input_specs[i][0]) if input_specs else (None if spec.shape.rank is None else spec.shape.as_list())
        if batch_size is not None and shape and shape[0] is None:
            shape[0] = batch_size
        filled.append(tf.TensorSpec(shape, spec.dtype, name=spec.name))
    return tf.nest.pack_sequence_as(signature, filled)
