"""What TensorFlow itself can tell about placement: kernel registries, XLA, a run on this machine, dumps.

    predict(graph, target, xla=False)        -> tfperf.placement.Placement from the best registry
    check_xla_compile(concrete, graph, placement)  compile a live function with jit_compile=True
    trace_model(spec, input_specs, batch_size) -> (ConcreteFunction, Graph) of a --model
    run_here(concrete, graph, target)        give the graph the devices a run on this machine chose
    read_dump(path)                          -> (Graph of a placement dump, notes); nodes keep their devices

A CPU-only TensorFlow build has no GPU or HPU kernels in its registry: it cannot say which ops those
devices lack, and `predict` says so and falls back to tfperf's op list. It can still judge XLA
compilability (XLA's CPU backend is built in) and read placement dumps made elsewhere.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from tfperf.capture._quiet import native_stderr_silenced
from tfperf.capture.errors import CaptureError
from tfperf.errors import first_line
from tfperf.ir import DTYPE_SIZES, Graph, Node
from tfperf.placement import HostReason, Placement, computes, judge, load_op_list, predict_from_op_list
from tfperf.targets import Target

XLA_DEVICE = "XLA_CPU_JIT"  # XLA's CPU backend: in every TensorFlow build
_CANARY = Node("canary", "MatMul", attrs={"T": "float32"})  # has a kernel on every real device
_NO_KERNELS = {
    "HPU": "this TensorFlow has no HPU kernels (Habana's plugin, habana_frameworks.tensorflow, is not "
           "installed), so its kernel registry cannot tell which ops an HPU lacks",
    "GPU": "this is a CPU-only TensorFlow build: its kernel registry has no GPU kernels, so it cannot tell "
           "which ops a GPU lacks (the CUDA build, pip install tensorflow, can)",
}
XLA_REMEDY = ("rewrite it with ops XLA compiles, or keep it out of the jit_compile function "
              "(in the tf.data pipeline or a separate tf.function)")
KERNEL_REMEDY = ("use an op the device has a kernel for (the guide: ops of the TensorFlow version the device "
                 "supports), write a custom op, or allow it with --allow-host")


# ---------------------------------------------------------------------------------------------
# kernel registries


def _node_def(node: Node, device_type: str) -> Any:
    """A NodeDef with the node's type attributes (the only ones kernel constraints read), or None
    when this TensorFlow does not know the op."""
    import tensorflow as tf
    from tensorflow.core.framework import node_def_pb2
    from tensorflow.python.framework import op_def_registry

    op_def = op_def_registry.get(node.op)
    if op_def is None:
        return None
    node_def = node_def_pb2.NodeDef(name=node.name, op=node.op, device=f"/device:{device_type}:0")
    for attr in op_def.attr:
        value = node.attrs.get(attr.name)
        try:
            if attr.type == "type" and isinstance(value, str):
                node_def.attr[attr.name].type = tf.as_dtype(value).as_datatype_enum
                continue
            if attr.type == "list(type)" and isinstance(value, list):
                node_def.attr[attr.name].list.type.extend(tf.as_dtype(v).as_datatype_enum for v in value)
                continue
        except TypeError:  # a dtype this build does not know
            pass
        if attr.HasField("default_value"):
            node_def.attr[attr.name].CopyFrom(attr.default_value)
    return node_def


def has_kernel(node: Node, device_type: str) -> bool | None:
    """Whether the registry holds a kernel for `node` (its op and types) on `device_type`; None when
    the op itself is unknown. Device-agnostic (DEFAULT) kernels count, as they do for TensorFlow."""
    from tensorflow.python.util import _pywrap_kernel_registry

    node_def = _node_def(node, device_type)
    if node_def is None:
        return None
    return bool(_pywrap_kernel_registry.TryFindKernelClass(node_def.SerializeToString()))


def _type_attrs(node: Node) -> str:
    """" with T=int64" for the node's dtype attributes, to say which variant has no kernel."""
    parts = [f"{k}={v}" for k, v in sorted(node.attrs.items())
             if not k.startswith("_") and isinstance(v, str) and _is_dtype_name(v)]
    return f" with {', '.join(parts)}" if parts else ""


def _is_dtype_name(text: str) -> bool:
    return text in DTYPE_SIZES or text in ("string", "resource", "variant")


def _load_habana(notes: list[str]) -> None:
    """Register HPU kernels when Habana's plugin is installed (it is not on a plain TensorFlow)."""
    try:
        from habana_frameworks.tensorflow import load_habana_module
    except ImportError:
        return
    try:
        load_habana_module()
    except Exception as exc:  # a broken install: say so, and fall back
        notes.append(f"habana_frameworks.tensorflow is installed but load_habana_module() failed: {exc}")


_xla_ready = False


def _register_xla_kernels() -> None:
    """XLA registers its JIT kernels when it first compiles: compile a one-op function once."""
    global _xla_ready
    if not _xla_ready:
        import tensorflow as tf

        with native_stderr_silenced():
            tf.function(lambda x: x + 1.0, jit_compile=True)(tf.constant(1.0))
        _xla_ready = True


def _judge_with_registry(graph: Graph, placement: Placement, device_type: str, reason, *, pins: bool) -> None:
    from tensorflow.python.framework import op_def_registry

    judge(graph, placement, lambda node: None if has_kernel(node, device_type) else reason(node), pins=pins,
          knows=lambda node: op_def_registry.get(node.op) is not None)


# Op attributes XLA's kernels reject at compile time although the op type has an XLA kernel (the
# kernel registry cannot tell): TensorFlow's tf2xla pooling kernels, "XLA does not support pooling
# ops with explicit padding" (tensorflow/compiler/tf2xla/kernels/pooling_ops.cc).
XLA_REJECTED_ATTRS = {op: ("padding", "EXPLICIT") for op in (
    "MaxPool", "MaxPoolV2", "MaxPoolGrad", "MaxPoolGradV2", "AvgPool", "AvgPoolGrad", "MaxPoolGradGrad")}


def _xla_reason(node: Node) -> HostReason | None:
    rejected = XLA_REJECTED_ATTRS.get(node.op)
    if rejected is not None and node.attrs.get(rejected[0]) == rejected[1]:
        return HostReason(f"XLA cannot compile {node.op} with {rejected[0]}={rejected[1]}: jit_compile fails on it "
                          "and auto-clustering leaves it outside the cluster", XLA_REMEDY)
    if has_kernel(node, XLA_DEVICE):
        return None
    return HostReason(f"XLA cannot compile {node.op}{_type_attrs(node)} (no XLA kernel): jit_compile fails on it and "
                      "auto-clustering leaves it outside the cluster", XLA_REMEDY)


def predict(graph: Graph, target: Target, *, xla: bool = False) -> Placement:
    """Predicted host nodes of `graph` on `target` (or under XLA), from the best source available."""
    with native_stderr_silenced():  # every failed kernel lookup logs a warning from C++
        return _predict(graph, target, xla)


def _predict(graph: Graph, target: Target, xla: bool) -> Placement:
    if xla:
        _register_xla_kernels()
        placement = Placement("xla", "XLA", notes=[
            f"XLA judged with this build's CPU backend ({XLA_DEVICE}); XLA's GPU and TPU backends compile "
            "nearly the same ops"])
        from tensorflow.python.framework import op_def_registry

        judge(graph, placement, _xla_reason, pins=False, knows=lambda node: op_def_registry.get(node.op) is not None)
        return placement
    device = target.device_type
    notes: list[str] = []
    if device == "HPU":
        _load_habana(notes)
    if has_kernel(_CANARY, device):
        placement = Placement("registry", device, notes=notes)
        _judge_with_registry(graph, placement, device, lambda node: HostReason(
            f"no {device} kernel for {node.op}{_type_attrs(node)} in this TensorFlow", KERNEL_REMEDY), pins=True)
        return placement
    notes.append(_NO_KERNELS.get(device, f"this TensorFlow has no {device} kernels, so its registry cannot tell "
                                         f"which ops a {device} lacks"))
    op_list = load_op_list(target.kind)
    if op_list is None:
        return Placement("none", device, notes=notes + [f"tfperf has no op list for {target.kind} targets"])
    notes.append(f"judged by tfperf's op list for {op_list.title} ({op_list.path}): it knows the dtypes the device "
                 "lacks and Python callbacks, not every op; --xla judges XLA compilability, and a placement dump "
                 "(--graph) shows what really ran")
    return predict_from_op_list(graph, op_list, device, notes)


# ---------------------------------------------------------------------------------------------
# XLA: compile the live function

_FAILED_NODE = re.compile(r"(?:\{\{function_node ([^}]+)\}\})?\{\{node ([^}]+)\}\}|node `([^`]+)`")
_CALL_PREFIX = re.compile(r"^(?:Stateful)?PartitionedCall(?:_\d+)?/")  # the compiled wrapper's call, inlined


def _flat_specs(concrete: Any) -> list[Any]:
    import tensorflow as tf

    return [s for s in tf.nest.flatten(concrete.structured_input_signature) if isinstance(s, tf.TensorSpec)]


def check_xla_compile(concrete: Any, graph: Graph, placement: Placement) -> None:
    """Compile the function with jit_compile=True; a failure the registry did not foresee (a value that
    must be a compile-time constant, say) is attributed to the node the compiler names."""
    import tensorflow as tf

    if placement.host:
        return  # the compiler would stop at the first op the registry already reported
    try:
        with native_stderr_silenced():
            tf.function(lambda *args: concrete(*args), jit_compile=True).experimental_get_compiler_ir(
                *_flat_specs(concrete))(stage="hlo")
    except Exception as exc:
        text = str(exc).strip().removeprefix("Failed getting HLO text: '")
        detail = re.sub(r"\s+", " ", first_line(text) or type(exc).__name__)[:300]
        for function, name, quoted in _FAILED_NODE.findall(text):
            inner = None if not function or function == concrete.name else function
            node = graph.get(name, inner) if name else graph.get(_CALL_PREFIX.sub("", quoted))
            if node is not None:
                placement.mark_host(node, HostReason(f"XLA cannot compile it: {detail}", XLA_REMEDY))
                return
        placement.notes.append(f"jit_compile failed at no node tfperf could name: {detail}")
    else:
        placement.notes.append("the function compiles with jit_compile=True")


# ---------------------------------------------------------------------------------------------
# a run on this machine


def _accelerator(target: Target) -> Any:
    """This machine's device of the target's type, else its first non-CPU device, else None."""
    import tensorflow as tf

    devices = [d for d in tf.config.list_logical_devices() if d.device_type != "CPU"]
    preferred = [d for d in devices if d.device_type == target.device_type]
    return (preferred or devices or [None])[0]


def _random_input(spec: Any) -> Any:
    import tensorflow as tf

    if spec.dtype.is_floating:
        return tf.random.uniform(spec.shape, dtype=spec.dtype)
    if spec.dtype == tf.string:
        return tf.fill(spec.shape, "0")
    return tf.zeros(spec.shape, dtype=spec.dtype)  # ids and masks: zero is always valid


@contextlib.contextmanager
def _recording_placement() -> Iterator[Any]:
    """Record the graphs the runtime partitions; Grappler is off so every node keeps its name
    (TensorFlow places a function's nodes before Grappler runs, so placement is unchanged)."""
    import tensorflow as tf
    from tensorflow.core.protobuf import config_pb2
    from tensorflow.python.eager import context

    saved = tf.config.optimizer.get_experimental_options().get("disable_meta_optimizer", False)
    tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    metadata = config_pb2.RunMetadata()
    context.enable_run_metadata()
    try:
        yield metadata
        metadata.CopyFrom(context.export_run_metadata())
    finally:
        context.disable_run_metadata()
        tf.config.optimizer.set_experimental_options({"disable_meta_optimizer": saved})


def run_placed(concrete: Any, device: str) -> dict[str, str]:
    """Run `concrete` once on random inputs, its ops asked onto `device` (soft placement moves those
    without a kernel to the CPU, as in a real run); the device each node ran on, by node name."""
    import tensorflow as tf

    specs = _flat_specs(concrete)
    if any(not s.shape.is_fully_defined() for s in specs):
        raise CaptureError("a run needs every input dimension: pass --batch-size or --input-shape")

    @tf.function(autograph=False)
    def placed(*args):
        with tf.device(device):
            return concrete(*args)

    placed_concrete = placed.get_concrete_function(*specs)
    call = next(op.name for op in placed_concrete.graph.get_operations()
                if op.type in ("PartitionedCall", "StatefulPartitionedCall"))
    try:  # soft placement (TensorFlow 2's default) sends ops without a device kernel to the CPU
        with _recording_placement() as metadata:
            placed_concrete(*[_random_input(s) for s in specs])
    except Exception as exc:  # the run executes the user's code
        raise CaptureError(f"the run on {device} failed: {type(exc).__name__}: {first_line(exc)}") from exc
    prefix = f"{call}/"  # the runtime inlines the call: its nodes are named "<call>/<node>"
    return {n.name[len(prefix):]: n.device for f in metadata.function_graphs for part in f.partition_graphs
            for n in part.node if n.name.startswith(prefix)}


def trace_model(spec: str, input_specs=None, batch_size: int | None = None) -> tuple[Any, Graph]:
    """(ConcreteFunction, Graph) of a --model spec; the function is None for a tf.Graph (nothing to run)."""
    from tfperf.capture import build, load_object, trace_object
    from tfperf.capture.live import (
        from_concrete_function,
        from_tf_graph,
        is_keras_model,
        is_tf_graph,
        keras_layer_names,
    )
    from tfperf.capture.layers import construction_lines

    obj = build(load_object(spec), spec)
    if is_tf_graph(obj):
        return None, from_tf_graph(obj, spec)
    concrete = trace_object(obj, spec, input_specs, batch_size)
    if not is_keras_model(obj):
        return concrete, from_concrete_function(concrete, spec)
    return concrete, from_concrete_function(concrete, spec, keras_layer_names(obj), construction_lines(obj))


def run_here(concrete: Any, graph: Graph, target: Target) -> tuple[bool, list[str]]:
    """Give `graph`'s nodes the devices a real run of `concrete` on this machine chose: (whether it ran,
    notes on what it could not tell). Without an accelerator here nothing runs: it would all be on the CPU."""
    device = _accelerator(target)
    if device is None:
        return False, ["this machine has no accelerator (only CPU): a run would place every op on the host, "
                       f"so the placement on {target.name} is predicted instead"]
    if concrete is None:
        raise CaptureError(f"{graph.origin}: a tf.Graph has no inputs tfperf can feed; save a placement dump instead")
    devices = run_placed(concrete, device.name)
    notes = [f"ran once on this machine's {device.name} with random inputs"]
    # Every op was asked onto the device and only those without a kernel moved to the CPU, where they
    # keep their names; a top-level node missing from the run's graphs was compiled into a device
    # cluster (or folded away), so it counts as on the device.
    clustered = [n for n in graph if n.function is None and computes(n) and n.name not in devices]
    for node in graph:
        node.device = devices.get(node.name, device.name) if node.function is None else ""
    if clustered:
        notes.append(f"{len(clustered)} node(s) are not in the run's graphs (compiled into device clusters or "
                     "folded away): counted as on the device")
    nested = sum(1 for n in graph if n.function is not None and computes(n))
    if nested:
        notes.append(f"{nested} node(s) of nested functions are not judged: the run inlines them under new names")
    return True, notes


# ---------------------------------------------------------------------------------------------
# placement dumps


def read_dump(path: str) -> tuple[Graph, list[str]]:
    """A GraphDef whose nodes carry devices: Habana's habana_POST_PLACEMENT_*.pbtxt, TensorFlow's
    placer_output dumps (TF_DUMP_GRAPH_PREFIX), or a graph saved from a run.

    Ops this TensorFlow does not know (Habana's own, say) do not stop it (capture.proto.read_graph).
    """
    from tfperf.capture.proto import graph_def_to_ir_tolerant, read_graph_def

    graph_def = read_graph_def(path)
    if not any(n.device for n in graph_def.node):
        raise CaptureError(f"{path}: no node carries a device, so this is not a placement dump; on Gaudi make one "
                           "with HBN_TF_GRAPH_DUMP=2 TF_DUMP_GRAPH_PREFIX=DIR, or predict with --model/--saved-model")
    return graph_def_to_ir_tolerant(graph_def, path)
