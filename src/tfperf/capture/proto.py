"""Capture from files: a SavedModel directory (each signature) or a GraphDef (.pb / .pbtxt).

Graphs are imported into a fresh tf.Graph so TensorFlow's shape inference fills in static
shapes; function bodies are rebuilt from their FunctionDefs with the caller's input shapes.
Source locations come from the SavedModel's debug info when it was saved with
`tf.saved_model.SaveOptions(save_debug_info=True)`.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Sequence

from tfperf.capture._walk import decode_attr, dtype_name, graph_to_ir, shape_of, tensor_value, user_frame
from tfperf.capture.errors import CaptureError
from tfperf.errors import describe
from tfperf.ir import Frame, Graph, Node, TensorRef

DEBUG_INFO = os.path.join("debug", "saved_model_debug_info.pb")
# ops whose inputs map one-to-one onto the called function's arguments (after `skip` leading ones)
_CALL_ARGS_SKIP = {"PartitionedCall": 0, "StatefulPartitionedCall": 0, "If": 1, "StatelessIf": 1,
                   "Case": 1, "StatelessCase": 1}


def _parse(proto: Any, path: str, data: bytes, text: bool) -> Any:
    from google.protobuf import message, text_format

    try:
        if text:
            text_format.Parse(data.decode("utf-8"), proto, allow_unknown_field=False)
        else:
            proto.ParseFromString(data)
    except (message.DecodeError, text_format.ParseError, UnicodeDecodeError, ValueError) as exc:
        kind = "text" if text else "binary"
        raise CaptureError(f"{path}: not a valid {kind} {proto.DESCRIPTOR.name} (truncated or corrupt?): "
                           f"{describe(exc)}") from exc
    return proto


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise CaptureError(f"{path}: cannot read: {exc.strerror}") from exc


# ---------------------------------------------------------------------------------------------
# sources from GraphDebugInfo


def _debug_source(debug_info: Any):
    """A source resolver reading a GraphDebugInfo (keys: `op` at top level, `op@function` inside)."""
    if debug_info is None:
        return lambda op, function: None
    files = list(debug_info.files)

    def frames_of(key: str) -> list[tuple[str, int, str]] | None:
        if key in debug_info.name_to_trace_id:
            trace = debug_info.traces_by_id[debug_info.name_to_trace_id[key]]
        elif key in debug_info.traces:
            trace = debug_info.traces[key]
        else:
            return None
        frames = [debug_info.frames_by_id[i] for i in trace.frame_id] + list(trace.file_line_cols)
        return [(files[f.file_index] if f.file_index < len(files) else "?", f.line, f.func) for f in frames]

    def source_of(op: Any, function: str | None) -> Frame | None:
        frames = frames_of(op.name if function is None else f"{op.name}@{function}")
        return user_frame(reversed(frames)) if frames else None

    return source_of


def _read_debug_info(path: str) -> Any:
    from tensorflow.core.framework import graph_debug_info_pb2

    if not os.path.isfile(path):
        return None
    try:
        return _parse(graph_debug_info_pb2.GraphDebugInfo(), path, _read(path), text=False)
    except CaptureError:
        return None  # source lines are a bonus; a damaged debug file must not stop the analysis


# ---------------------------------------------------------------------------------------------
# GraphDef import and function bodies


def _import(graph_def: Any, path: str) -> Any:
    import tensorflow as tf

    graph = tf.Graph()
    try:
        with graph.as_default():
            tf.graph_util.import_graph_def(graph_def, name="")
    except Exception as exc:
        text = describe(exc)
        if "not registered" in text or "Op type not registered" in text:
            raise CaptureError(f"{path}: uses an op this TensorFlow build does not know ({text}); "
                               "load the custom op's library or use the TensorFlow version that wrote it") from exc
        raise CaptureError(f"{path}: TensorFlow could not import the graph: {text}") from exc
    return graph


def _function_resolver(library: Any, root: Any):
    """Rebuild function bodies inside `root`, the imported graph whose library they call into."""
    from tensorflow.python.framework.function_def_to_graph import function_def_to_graph

    fdefs = {f.signature.name: f for f in library.function}
    cache: dict[str, Any] = {}

    def resolve(name: str, op: Any) -> Any:
        if name in cache:
            return cache[name]
        fdef = fdefs.get(name)
        if fdef is None:
            cache[name] = None
            return None
        shapes = None
        skip = _CALL_ARGS_SKIP.get(op.type)
        if skip is not None and len(op.inputs) - skip == len(fdef.signature.input_arg):
            shapes = [t.shape for t in list(op.inputs)[skip:]]
        if shapes is not None:
            fdef, shapes = _with_caller_shapes(fdef, shapes)
        with root.as_default():
            try:
                body = function_def_to_graph(fdef, input_shapes=shapes)
            except ValueError:  # the caller's shapes don't fit: let the FunctionDef's own attrs decide
                body = function_def_to_graph(fdef)
        cache[name] = body
        return body

    return resolve


def _with_caller_shapes(fdef: Any, shapes: list) -> tuple[Any, list]:
    """The caller's input shapes merged with those the FunctionDef recorded for its arguments (which
    TensorFlow would otherwise let win): a batch size given for the caller reaches the body."""
    import tensorflow as tf

    copy = type(fdef)()
    copy.CopyFrom(fdef)
    merged = []
    for i, shape in enumerate(shapes):
        attrs = copy.arg_attr[i].attr if i in copy.arg_attr else {}
        recorded = attrs.get("_output_shapes") if attrs else None
        if recorded is not None:
            proto = recorded.list.shape[0] if recorded.WhichOneof("value") == "list" and recorded.list.shape \
                else recorded.shape
            try:
                shape = tf.TensorShape(shape).merge_with(tf.TensorShape(proto))
            except ValueError:
                pass  # they disagree: the caller's is what runs
            del attrs["_output_shapes"]
        merged.append(shape)
    return copy, merged


def _ancestors(graph: Any, tensor_names: Iterable[str]) -> list[Any]:
    """The ops needed to compute `tensor_names`, in graph order."""
    needed: set[str] = set()
    stack = [graph.get_tensor_by_name(n).op for n in tensor_names]
    while stack:
        op = stack.pop()
        if op.name in needed:
            continue
        needed.add(op.name)
        stack.extend(t.op for t in op.inputs)
        stack.extend(op.control_inputs)
    return [op for op in graph.get_operations() if op.name in needed]


# ---------------------------------------------------------------------------------------------
# SavedModel


def _meta_graph(saved_model: Any, path: str) -> Any:
    if not saved_model.meta_graphs:
        raise CaptureError(f"{path}: SavedModel has no meta graph")
    for mg in saved_model.meta_graphs:
        if "serve" in mg.meta_info_def.tags:
            return mg
    return saved_model.meta_graphs[0]


def read_saved_model(path: str) -> Any:
    from tensorflow.core.protobuf import saved_model_pb2

    if not os.path.exists(path):
        raise CaptureError(f"{path}: no such directory")
    if not os.path.isdir(path):
        raise CaptureError(f"{path}: --saved-model takes the directory that holds saved_model.pb")
    for name, text in (("saved_model.pb", False), ("saved_model.pbtxt", True)):
        file = os.path.join(path, name)
        if os.path.isfile(file):
            return _parse(saved_model_pb2.SavedModel(), file, _read(file), text)
    raise CaptureError(f"{path}: not a SavedModel (no saved_model.pb inside)")


def signature_names(path: str) -> list[str]:
    mg = _meta_graph(read_saved_model(path), path)
    return sorted(k for k in mg.signature_def if not k.startswith("__"))


def from_saved_model(path: str, signature: str | None = None, input_specs: Sequence[tuple] | None = None,
                     batch_size: int | None = None) -> list[Graph]:
    """One Graph per signature (or only `signature`), origin "DIR[NAME]"; signatures that run the same
    function (Keras' `serve` and `serving_default`) are one Graph, origin "DIR[NAME, NAME]".
    `input_specs` ((shape, dtype) per input, by sorted input name) and `batch_size` fill the
    dimensions the signatures leave open, so costs can be priced."""
    mg = _meta_graph(read_saved_model(path), path)
    signatures = {k: v for k, v in mg.signature_def.items() if not k.startswith("__")}
    if not signatures:
        raise CaptureError(f"{path}: SavedModel has no signatures; export it with "
                           "tf.saved_model.save(obj, dir, signatures=...) or model.export(dir)")
    if signature is not None:
        if signature not in signatures:
            raise CaptureError(f"{path}: no signature {signature!r}; it has: {', '.join(sorted(signatures))}")
        signatures = {signature: signatures[signature]}
    graph_def = mg.graph_def
    if input_specs or batch_size is not None:
        graph_def = _with_input_shapes(graph_def, signatures, path, input_specs, batch_size)
    graph = _import(graph_def, path)
    source_of = _debug_source(_read_debug_info(os.path.join(path, DEBUG_INFO)))
    resolve = _function_resolver(graph_def.library, graph)
    layers = _variable_layers(mg)
    groups: dict[Any, tuple[list[str], Graph]] = {}
    for name, sig in sorted(signatures.items()):
        try:
            ops = _ancestors(graph, [t.name for t in sig.outputs.values()])
        except (KeyError, ValueError) as exc:
            raise CaptureError(f"{path}: signature {name!r} names a tensor the graph lacks: {exc}") from exc
        ir = graph_to_ir(graph, origin=f"{path}[{name}]", resolve_function=resolve, source_of=source_of, ops=ops,
                         layer_names=layers)
        groups.setdefault(_computation(ir), ([], ir))[0].append(name)
    for names, ir in groups.values():
        ir.origin = f"{path}[{', '.join(names)}]"
    return [ir for _, ir in groups.values()]


def _variable_layers(meta_graph: Any) -> frozenset[str]:
    """Layer names a Keras SavedModel's variables give ("conv1_conv/kernel" -> "conv1_conv"): the
    layers with weights, which the op names' scopes can then be matched against."""
    names = set()
    for node in meta_graph.object_graph_def.nodes:
        if node.WhichOneof("kind") == "variable" and "/" in node.variable.name:
            names.update(node.variable.name.split("/")[:-1])
    return frozenset(names)


_PLUMBING = {"Placeholder", "Identity", "IdentityN", "NoOp", "Const", "_Arg", "_Retval", "PartitionedCall",
             "StatefulPartitionedCall"}


def _computation(ir: Graph) -> Any:
    """What a signature computes, so that two signatures of one function (Keras' `serve` and
    `serving_default`: each through its own wrapper) are reported once: the functions holding its
    work and the op types it runs."""
    work = [n for n in ir if n.op not in _PLUMBING]
    return frozenset(n.function for n in work), tuple(sorted(n.op for n in work))


def _with_input_shapes(graph_def: Any, signatures: dict, path: str, input_specs, batch_size) -> Any:
    """A copy of `graph_def` whose signature inputs (Placeholders) have the given shapes."""
    from tensorflow.core.framework import tensor_shape_pb2

    shapes: dict[str, list] = {}
    for name, sig in sorted(signatures.items()):
        keys = sorted(sig.inputs)
        if input_specs and len(input_specs) != len(keys):
            raise CaptureError(f"{path}: signature {name!r} takes {len(keys)} input(s) ({', '.join(keys)}), but "
                               f"{len(input_specs)} --input-shape were given; give one per input, in that order")
        for i, key in enumerate(keys):
            info = sig.inputs[key]
            dims = None if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]
            dims = list(input_specs[i][0]) if input_specs else dims
            if dims is not None and batch_size is not None and dims and (dims[0] is None or dims[0] < 0):
                dims[0] = batch_size
            if dims is not None:
                shapes[info.name.split(":")[0]] = dims
    copy = type(graph_def)()
    copy.CopyFrom(graph_def)
    for node in copy.node:
        if node.op == "Placeholder" and node.name in shapes:
            shape = tensor_shape_pb2.TensorShapeProto(
                dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=-1 if d is None else int(d)) for d in shapes[node.name]])
            node.attr["shape"].shape.CopyFrom(shape)
    return copy


# ---------------------------------------------------------------------------------------------
# GraphDef


def read_graph_def(path: str) -> Any:
    from tensorflow.core.framework import graph_pb2

    data = _read(path)
    text = path.endswith((".pbtxt", ".txt"))
    graph_def = _parse(graph_pb2.GraphDef(), path, data, text)
    if not graph_def.node:
        hint = "; for a SavedModel pass its directory with --saved-model" if path.endswith("saved_model.pb") else ""
        raise CaptureError(f"{path}: GraphDef has no nodes{hint}")
    return graph_def


def from_graph_def(path: str) -> Graph:
    """A GraphDef file; a placement dump keeps each node's `device`."""
    return read_graph(path)[0]


def read_graph(path: str) -> tuple[Graph, list[str]]:
    """A GraphDef file as IR, and notes on what could not be read fully (see graph_def_to_ir_tolerant)."""
    return graph_def_to_ir_tolerant(read_graph_def(path), path)


def graph_def_to_ir_tolerant(graph_def: Any, origin: str) -> tuple[Graph, list[str]]:
    """Like graph_def_to_ir, but ops this TensorFlow does not know (Habana's own in a dump, say) do not
    stop it: the nodes are then read straight from the NodeDefs, without shape inference (shapes from
    `_output_shapes` when present), and a note says so."""
    from tensorflow.python.framework import op_def_registry

    unknown = sorted({n.op for n in graph_def.node if op_def_registry.get(n.op) is None})
    if not unknown:
        return graph_def_to_ir(graph_def, origin), []
    shown = ", ".join(unknown[:6]) + (", ..." if len(unknown) > 6 else "")
    return _from_node_defs(graph_def, origin), [
        f"ops this TensorFlow does not know ({shown}): the graph is read without shape inference, so tensor "
        "sizes come only from _output_shapes attributes"]


def graph_def_to_ir(graph_def: Any, origin: str) -> Graph:
    """An in-memory GraphDef (e.g. one tfperf.rewrite is rewriting), with TensorFlow's static shapes."""
    graph = _import(graph_def, origin)
    return graph_to_ir(graph, origin=origin, resolve_function=_function_resolver(graph_def.library, graph))


# ---------------------------------------------------------------------------------------------
# NodeDefs read as they are (ops this TensorFlow does not know)


def _tensor_ref(text: str) -> TensorRef:
    name, _, index = text.partition(":")
    return TensorRef(name, int(index) if index.isdigit() else 0)


def _arg_dtypes(node_def: Any, outputs: bool) -> list[str] | None:
    """The dtypes of a node's outputs (or data inputs) from its op's definition; None for an op this
    TensorFlow does not know."""
    from tensorflow.python.framework import op_def_registry

    op_def = op_def_registry.get(node_def.op)
    if op_def is None:
        return None
    attrs = node_def.attr
    dtypes: list[int] = []
    for arg in op_def.output_arg if outputs else op_def.input_arg:
        if arg.type_list_attr:
            dtypes += list(attrs[arg.type_list_attr].list.type)
            continue
        dtype = arg.type or attrs[arg.type_attr].type
        dtypes += [dtype] * (attrs[arg.number_attr].i if arg.number_attr else 1)
    return [dtype_name(d) for d in dtypes]


def _unknown_op_dtypes(graph_def: Any) -> dict[str, dict[int, str]]:
    """Output dtypes of ops TensorFlow does not know, read off the inputs of the known ops that consume
    them (TensorFlow checks that both ends of an edge agree)."""
    found: dict[str, dict[int, str]] = {}
    for nd in graph_def.node:
        inputs = _arg_dtypes(nd, outputs=False) or []
        refs = [_tensor_ref(i) for i in nd.input if not i.startswith("^")]
        for ref, dtype in zip(refs, inputs):
            found.setdefault(ref.node, {})[ref.index] = dtype
    return found


def _from_node_defs(graph_def: Any, origin: str) -> Graph:
    consumed = _unknown_op_dtypes(graph_def)
    nodes = []
    for nd in graph_def.node:
        shapes = nd.attr["_output_shapes"].list.shape if "_output_shapes" in nd.attr else ()
        dtypes = _arg_dtypes(nd, outputs=True)
        if dtypes is None:
            read = consumed.get(nd.name, {})
            dtypes = [read.get(i, "") for i in range(max(read, default=-1) + 1)]
        nodes.append(Node(
            name=nd.name,
            op=nd.op,
            inputs=tuple(_tensor_ref(i) for i in nd.input if not i.startswith("^")),
            control_inputs=tuple(i[1:] for i in nd.input if i.startswith("^")),
            attrs={k: decode_attr(v) for k, v in nd.attr.items() if k != "value"},
            output_shapes=tuple(shape_of(s) for s in shapes),
            output_dtypes=tuple(dtypes),
            device=nd.device,
            value=tensor_value(nd.attr["value"].tensor) if nd.op == "Const" else None,
        ))
    return Graph(nodes, origin=origin)
