"""TensorFlow objects -> the TF-free graph IR. The only package that reads TensorFlow objects.

Entry points:
    from_keras(model, input_specs=None, batch_size=None)
    from_function(fn, input_specs=None)
    from_saved_model(path, signature=None) -> one Graph per signature
    from_graph_def(path), graph_def_to_ir(graph_def, origin)
    trace_object(obj, origin, ...) -> the ConcreteFunction that tfperf.rewrite rewrites
    from_spec("pkg.module:attr" | "file.py:attr", input_specs=None, batch_size=None, train=False)
    from_training(compiled_keras_model, input_specs=None, batch_size=None, label_specs=None)
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from typing import Any, Sequence

from tfperf.capture.errors import CaptureError
from tfperf.capture.layers import recording_construction
from tfperf.capture.live import (
    InputSpec,
    from_function,
    from_keras,
    from_tf_graph,
    is_keras_model,
    is_tf_function,
    is_tf_graph,
    trace_function,
    trace_keras,
)
from tfperf.capture.proto import from_graph_def, from_saved_model, graph_def_to_ir, signature_names
from tfperf.capture.training import from_training
from tfperf.capture.usercode import import_file, user_code
from tfperf.errors import first_line
from tfperf.ir import Graph

__all__ = [
    "CaptureError", "InputSpec", "from_function", "from_graph_def", "from_keras", "from_saved_model",
    "from_spec", "from_training", "graph_def_to_ir", "load_object", "parse_input_spec", "signature_names", "trace_object",
]


def parse_input_spec(text: str) -> InputSpec:
    """"8,224,224,3" or "8,128:int32" or "?,128" -> ((8, 224, 224, 3), "float32")."""
    shape_text, _, dtype = text.partition(":")
    dims = []
    for part in shape_text.replace("x", ",").split(","):
        part = part.strip()
        if part in ("?", "None", "none", "-1"):
            dims.append(None)
        elif part.isdigit():
            dims.append(int(part))
        elif part:
            raise ValueError(f"bad --input-shape {text!r}: dimensions are integers or '?', e.g. 8,224,224,3")
    return tuple(dims), (dtype.strip() or "float32")


def _import_module(module: str) -> Any:
    """A dotted module name, or a file path imported as `python path/file.py` would (capture.usercode)."""
    if module.endswith(".py") or os.sep in module or (os.altsep and os.altsep in module):
        return import_file(module, module)
    if os.getcwd() not in sys.path and "" not in sys.path:
        sys.path.insert(0, os.getcwd())
    with user_code(module):
        return importlib.import_module(module)


def load_object(spec: str, option: str = "--model") -> Any:
    """Import "pkg.module:attr" (or "path/to/file.py:attr"); attr may be dotted. `option` names the
    command-line option in error messages."""
    module, sep, attr = spec.rpartition(":")
    if not sep or not module or not attr:
        raise CaptureError(f"{option} takes MODULE:ATTR or path/file.py:ATTR, e.g. examples/guide_pad.py:not_recommended")
    try:
        with recording_construction():  # a model built at import: where its layers were made
            obj = _import_module(module)
    except CaptureError:
        raise
    except Exception as exc:  # the user's module may raise anything (KeyboardInterrupt stops the run)
        raise CaptureError(f"importing {module!r} failed: {type(exc).__name__}: {first_line(exc)}") from exc
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise CaptureError(f"{module!r} has no attribute {attr!r}") from None
    return obj


def _is_factory(obj: Any) -> bool:
    """A function that takes no required arguments: it builds and returns the model."""
    if is_tf_function(obj) or is_keras_model(obj) or not callable(obj):
        return False
    try:
        params = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return False
    return not any(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def build(obj: Any, origin: str) -> Any:
    """`obj` itself, or the model it returns when it is a factory (a function of no arguments)."""
    if not _is_factory(obj):
        return obj
    try:
        with user_code(origin), recording_construction():
            return obj()
    except CaptureError:
        raise
    except Exception as exc:
        raise CaptureError(f"{origin}: calling it to build the model failed: {type(exc).__name__}: {exc}") from exc


def trace_object(obj: Any, origin: str, input_specs: Sequence[InputSpec] | None = None,
                 batch_size: int | None = None) -> Any:
    """The ConcreteFunction of a Keras model, tf.function, ConcreteFunction or factory (what tfperf.rewrite rewrites)."""
    obj = build(obj, origin)
    if is_keras_model(obj):
        return trace_keras(obj, input_specs, batch_size=batch_size)
    if callable(obj):
        return trace_function(obj, input_specs, name=origin)
    raise CaptureError(f"{origin}: is a {type(obj).__name__}, not a Keras model, tf.function or function")


def from_object(obj: Any, origin: str, input_specs: Sequence[InputSpec] | None = None,
                batch_size: int | None = None, *, train: bool = False,
                label_specs: Sequence[InputSpec] | None = None) -> Graph:
    """The graph of a model, function or factory; with `train`, a compiled Keras model's training step."""
    obj = build(obj, origin)
    if train:
        graph = from_training(obj, input_specs, batch_size=batch_size, label_specs=label_specs, origin=origin)
    elif is_keras_model(obj):
        graph = from_keras(obj, input_specs, batch_size=batch_size, origin=origin)
    elif is_tf_graph(obj):
        return from_tf_graph(obj, origin)
    elif callable(obj):
        graph = from_function(obj, input_specs, origin=origin)
        if not input_specs:
            return graph  # its own input signature: the batch is whatever the signature says
    else:
        raise CaptureError(f"{origin}: is a {type(obj).__name__}, not a Keras model, tf.function, function or tf.Graph")

    def at_batch(batch: int) -> Graph:
        return from_object(obj, origin, with_batch(input_specs, batch), batch, train=train,
                           label_specs=with_batch(label_specs, batch))

    graph.at_batch = at_batch
    return graph


def with_batch(specs: Sequence[InputSpec] | None, batch: int) -> list[InputSpec] | None:
    """`specs` with each leading (batch) dimension set to `batch`."""
    if not specs:
        return None
    return [((batch, *shape[1:]) if shape else shape, dtype) for shape, dtype in specs]


def from_spec(spec: str, input_specs: Sequence[InputSpec] | None = None, batch_size: int | None = None, *,
              train: bool = False, label_specs: Sequence[InputSpec] | None = None) -> Graph:
    return from_object(load_object(spec), spec, input_specs, batch_size, train=train, label_specs=label_specs)
