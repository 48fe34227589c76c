"""tf.Graph -> IR: the one place that reads TensorFlow operations.

Every capture path (Keras, tf.function, SavedModel, GraphDef) ends here with a root tf.Graph, a
way to find the tf.Graph of a function by name, and a way to find an op's source frame.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig
from typing import Any, Callable, Iterable, Iterator

from tfperf.ir import Frame, Graph, Node, TensorRef

MAX_CONST_ELEMENTS = 4096  # larger constants (weights) are not copied into the IR

FunctionResolver = Callable[[str, Any], Any]  # (name, calling op) -> tf.Graph | None
SourceResolver = Callable[[Any, "str | None"], "Frame | None"]  # (op, function) -> Frame


def _package_dirs(names: Iterable[str]) -> tuple[str, ...]:
    dirs = []
    for name in names:
        mod = sys.modules.get(name)
        path = getattr(mod, "__file__", None)
        if path:
            dirs.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    for key in ("stdlib", "platstdlib"):  # contextlib, functools... between framework frames
        dirs.append(os.path.abspath(sysconfig.get_paths()[key]) + os.sep)
    return tuple(dirs)


_FRAMEWORK_PACKAGES = ("tensorflow", "keras", "tf_keras", "optree", "absl", "numpy")
_framework_dirs: tuple[str, ...] | None = None
_TFPERF_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


# Keras running a functional (or Sequential) model's graph of layers: an op made below such a frame
# was made by a layer the framework re-ran, so a user line further out only called the model
_MODEL_RUNNERS = tuple(os.path.join("keras", "src", *parts) for parts in (
    ("ops", "function.py"), ("models", "functional.py"), ("models", "sequential.py")))


@functools.lru_cache(maxsize=4096)
def frame_kind(filename: str) -> str:
    """"tfperf", "framework" (TensorFlow, Keras, the standard library...), "library" (another installed
    package, e.g. keras_hub), "model-runner" (Keras running a functional model's layers) or "user"."""
    global _framework_dirs
    if _framework_dirs is None:
        _framework_dirs = _package_dirs(_FRAMEWORK_PACKAGES)
    if filename.startswith("<frozen") or filename == "<string>":
        return "framework"
    path = filename if filename.startswith("<") else os.path.abspath(filename)
    if path.startswith(_TFPERF_DIR):
        return "tfperf"
    if path.endswith(_MODEL_RUNNERS):
        return "model-runner"
    # the stdlib dir holds site-packages when there is no venv: look inside site-packages separately
    in_site = f"{os.sep}site-packages{os.sep}" in path or f"{os.sep}dist-packages{os.sep}" in path
    if in_site:
        return "framework" if any(f"{os.sep}{p}{os.sep}" in path for p in _FRAMEWORK_PACKAGES) else "library"
    if any(path.startswith(d) for d in _framework_dirs):
        return "framework"
    return "user"


def user_frame(frames: Iterable[tuple[str, int, str]]) -> Frame | None:
    """The innermost of `frames` (given innermost first) in the user's own code.

    Framework and installed libraries' frames (keras_hub's layers...) are skipped: a library line is
    the same for every op its layer makes. Reaching a tfperf frame, or Keras running a functional
    model's layers, first means no line of the user's made the op (tfperf traced the model, or a
    save/export call did): then there is no source line, and the finding names the layer instead.
    """
    for filename, line, func in frames:
        kind = frame_kind(filename)
        if kind == "user":
            return Frame(filename, int(line), func)
        if kind in ("tfperf", "model-runner"):
            return None
    return None


def traceback_frame(op: Any, function: str | None = None) -> Frame | None:
    """Source of a live op, from the stack TensorFlow recorded when it was created."""
    try:
        tb = op.traceback
    except Exception:  # restored graphs may carry no stack
        return None
    return user_frame((f.filename, f.lineno, f.name) for f in reversed(tb or ()))


# ---------------------------------------------------------------------------------------------
# attributes


def dtype_name(enum_value: int) -> str:
    import tensorflow as tf

    try:
        return tf.dtypes.as_dtype(enum_value).name
    except TypeError:
        return f"dtype_{enum_value}"


def shape_of(shape_proto: Any) -> tuple | None:
    if shape_proto.unknown_rank:
        return None
    return tuple(None if d.size < 0 else int(d.size) for d in shape_proto.dim)


def tensor_value(tensor_proto: Any) -> Any:
    import numpy as np
    import tensorflow as tf

    dims = [d.size for d in tensor_proto.tensor_shape.dim]
    if int(np.prod(dims)) > MAX_CONST_ELEMENTS:
        return None
    try:
        return tf.make_ndarray(tensor_proto).tolist()
    except Exception:  # string tensors, resource handles...
        return None


def decode_attr(value: Any) -> Any:
    kind = value.WhichOneof("value")
    if kind == "s":
        return value.s.decode("utf-8", "replace")
    if kind in ("i", "f", "b"):
        return getattr(value, kind)
    if kind == "type":
        return dtype_name(value.type)
    if kind == "shape":
        return shape_of(value.shape)
    if kind == "tensor":
        return tensor_value(value.tensor)
    if kind == "func":
        return value.func.name
    if kind == "list":
        lst = value.list
        if lst.func:
            return [f.name for f in lst.func]
        if lst.type:
            return [dtype_name(t) for t in lst.type]
        if lst.shape:
            return [shape_of(s) for s in lst.shape]
        if lst.s:
            return [s.decode("utf-8", "replace") for s in lst.s]
        return list(lst.i) or list(lst.f) or list(lst.b) or []
    return None


def called_functions(node_def: Any) -> Iterator[tuple[str, str]]:
    """(attribute, function name) for every function an op calls (While body, If branch...)."""
    for key, value in node_def.attr.items():
        kind = value.WhichOneof("value")
        if kind == "func" and value.func.name:
            yield key, value.func.name
        elif kind == "list":
            for f in value.list.func:
                yield key, f.name


# ---------------------------------------------------------------------------------------------
# ops -> nodes

_UNIQUIFIED = re.compile(r"_\d+$")


def layer_of(op_name: str, layer_names: frozenset[str]) -> str | None:
    """The innermost Keras layer whose name scope holds `op_name`, read from the name (when tracing
    recorded none). Keras adds `_1` to a scope it enters again, so the scope `x_1` is the layer `x`
    or the layer `x_1`: when both exist the name cannot tell, and no layer is named."""
    if not layer_names:
        return None
    for part in reversed(op_name.split("/")[:-1]):
        found = {c for c in (part, _UNIQUIFIED.sub("", part)) if c in layer_names}
        if len(found) == 1:
            return found.pop()
        if found:
            return None
    return None


LayerResolver = Callable[[str], "str | None"]  # op name -> the Keras layer that made it


def op_to_node(op: Any, function: str | None, source: Frame | None, layer: LayerResolver) -> Node:
    node_def = op.node_def
    shapes = tuple(None if t.shape.rank is None else tuple(t.shape.as_list()) for t in op.outputs)
    attrs = {k: decode_attr(v) for k, v in node_def.attr.items() if k != "value"}
    value = tensor_value(node_def.attr["value"].tensor) if op.type == "Const" else None
    return Node(
        name=op.name,
        op=op.type,
        inputs=tuple(TensorRef(t.op.name, t.value_index) for t in op.inputs),
        control_inputs=tuple(c.name for c in op.control_inputs),
        attrs=attrs,
        output_shapes=shapes,
        output_dtypes=tuple(t.dtype.name for t in op.outputs),
        device=op.device,
        function=function,
        source=source,
        layer=layer(op.name),
        value=value,
    )


def graph_to_ir(
    root: Any,
    *,
    origin: str,
    resolve_function: FunctionResolver,
    source_of: SourceResolver = traceback_frame,
    layer_names: Iterable[str] = (),
    layers_recorded: LayerResolver | None = None,
    layer_lines: dict[str, Frame] | None = None,
    ops: Iterable[Any] | None = None,
) -> Graph:
    """Convert `root` (a tf.Graph) and every function body reachable from it into one IR Graph.

    `layers_recorded`: the layer of each op as recorded while tracing (tfperf.capture.layers); else
    it is read from the op's name scopes, matched against `layer_names`. `layer_lines`: the user's
    line that constructed each layer, the source of an op whose own stack holds no line of the user's
    (the ops Keras makes re-running a functional model's layers).
    `ops` restricts the top level to some operations (e.g. those a SavedModel signature needs).
    """
    names = frozenset(layer_names)

    def layer(op_name: str) -> str | None:
        found = layers_recorded(op_name) if layers_recorded else None
        return found if found is not None else layer_of(op_name, names)
    nodes: list[Node] = []
    reached: dict[str, str] = {}
    pending: list[tuple[str | None, Iterable[Any]]] = [(None, root.get_operations() if ops is None else ops)]
    while pending:
        function, operations = pending.pop(0)
        for op in operations:
            node = op_to_node(op, function, source_of(op, function), layer)
            if node.source is None and node.layer is not None and layer_lines:
                node.source = layer_lines.get(node.layer)
            nodes.append(node)
            for attr, callee in called_functions(op.node_def):
                if callee in reached:
                    continue
                reached[callee] = f"{op.type} {attr} of {op.name}"
                body = resolve_function(callee, op)
                if body is not None:
                    pending.append((callee, body.get_operations()))
    return Graph(nodes, origin=origin, functions=reached)
