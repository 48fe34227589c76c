"""Freeze a ConcreteFunction into a GraphDef the passes can rewrite.

TensorFlow's own freezer (convert_to_constants) inlines function calls and turns every captured
variable into a constant, also inside While/If bodies (control flow is kept, not lowered). The
variables of the top level are then lifted back out as Placeholders whose values travel next to
the graph: the passes see a small graph with static shapes, and the rebuilt function reads them
from variables again, exactly as the original did (so TensorFlow cannot fold weights into
constants in one and not the other, and a SavedModel keeps them in its checkpoint).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tfperf.capture import CaptureError
from tfperf.errors import describe
from tfperf.ir import Graph

# ops that change state: a frozen copy would compute something else
STATE_CHANGES = ("Assign", "ResourceApply", "ResourceSparseApply", "ResourceScatter", "LookupTableInsert",
                 "LookupTableRemove", "LookupTableImport")


class RewriteError(CaptureError):
    """An input tfperf cannot rewrite (a signature it cannot rebuild, state, lookup tables...):
    one line that says what and how to mend it."""


@dataclass(frozen=True)
class Frozen:
    """A function as a GraphDef plus what it takes to call it like the original."""

    graph_def: Any  # GraphDef; lifted variables are Placeholders named in `weights`
    inputs: tuple[str, ...]  # tensor names of the signature's flat inputs, in flattening order
    outputs: tuple[str, ...]  # tensor names of the flat (composite-expanded) outputs
    input_signature: Any  # (args, kwargs) of TensorSpecs, as ConcreteFunction.structured_input_signature
    output_structure: Any  # nest structure the flat outputs are packed into
    weights: dict[str, Any] = field(default_factory=dict)  # Placeholder name -> numpy value
    origin: str = ""
    _ir: list = field(default_factory=list, compare=False, repr=False)  # the IR, once built

    def with_graph(self, graph_def: Any) -> "Frozen":
        return replace(self, graph_def=graph_def, _ir=[])

    def ir(self, shapes: list | None = None) -> Graph:
        """The graph as tfperf's IR, with TensorFlow's static shapes (built once per graph); with
        `shapes` (one per flat input), as it is when called on inputs of those shapes (for pricing)."""
        from tfperf.capture import graph_def_to_ir

        if shapes is not None:
            return self._with_results(graph_def_to_ir(self._with_input_shapes(shapes), self.origin))
        if not self._ir:
            self._ir.append(self._with_results(graph_def_to_ir(self.graph_def, self.origin)))
        return self._ir[0]

    def _with_results(self, graph: Graph) -> Graph:
        graph.results = frozenset((name.split(":")[0], int(name.split(":")[1]) if ":" in name else 0)
                                  for name in self.outputs)
        return graph

    def _with_input_shapes(self, shapes: list) -> Any:
        copy = type(self.graph_def)()
        copy.CopyFrom(self.graph_def)
        by_name = {name.split(":")[0]: shape for name, shape in zip(self.inputs, shapes)}
        for node in copy.node:
            if node.op == "Placeholder" and node.name in by_name:
                dims = node.attr["shape"].shape
                dims.unknown_rank = False
                del dims.dim[:]
                for d in by_name[node.name]:
                    dims.dim.add(size=int(d))
        return copy

    @property
    def flat_input_specs(self) -> list[Any]:
        import tensorflow as tf

        return tf.nest.flatten(self.input_signature)


def node_count(frozen: Frozen, graph_def: Any = None) -> int:
    """Top-level nodes of `graph_def` (default: the frozen graph's), the weights' placeholders aside."""
    return sum(1 for n in (graph_def or frozen.graph_def).node if n.name not in frozen.weights)


def freeze(concrete: Any, origin: str) -> Frozen:
    """Freeze `concrete` (a ConcreteFunction); RewriteError when its signature cannot be rebuilt."""
    import tensorflow as tf

    specs = tf.nest.flatten(concrete.structured_input_signature)
    if not all(isinstance(s, tf.TensorSpec) for s in specs):
        raise RewriteError(f"{origin}: unsupported signature: only dense tensor inputs can be rebuilt "
                           f"(got {', '.join(sorted({type(s).__name__ for s in specs}))})")
    if len(tf.nest.flatten(concrete.structured_outputs, expand_composites=True)) != len(concrete.outputs):
        raise RewriteError(f"{origin}: unsupported signature: some outputs are not tensors (None or Python values)")
    _refuse_state_changes(concrete, origin)
    graph_def, variables = _freeze_graph_def(concrete, origin)
    inputs = tuple(t.name for t in concrete.inputs[:len(specs)])
    _refuse_resources(graph_def, origin)
    lifted = _lift_variables(graph_def, variables)
    return Frozen(graph_def, inputs, tuple(t.name for t in concrete.outputs), concrete.structured_input_signature,
                  concrete.structured_outputs, lifted, origin)


def _refuse_state_changes(concrete: Any, origin: str) -> None:
    graph_def = concrete.graph.as_graph_def()
    nodes = [*graph_def.node, *(n for f in graph_def.library.function for n in f.node_def)]
    changes = sorted({n.op for n in nodes if n.op.startswith(STATE_CHANGES)})
    if changes:
        raise RewriteError(f"{origin}: changes state ({', '.join(changes)}): a frozen copy would not; "
                           "optimize the stateless inference function instead")


def _freeze_graph_def(concrete: Any, origin: str) -> tuple[Any, dict[str, Any]]:
    """(frozen GraphDef, {name of a Const that was a variable: its value})."""
    from tensorflow.python.framework import convert_to_constants as c2c

    try:
        data = c2c._FunctionConverterDataInEager(func=concrete, lower_control_flow=False, aggressive_inlining=False)
        graph_def, _ = c2c._replace_variables_by_constants(converter_data=data)
    except Exception as exc:  # hash tables, uninitialised variables, ops the freezer cannot follow
        raise RewriteError(f"{origin}: cannot freeze its variables into constants: {describe(exc)}") from exc
    return graph_def, {name: d.numpy for name, d in data.tensor_data.items()}


def _refuse_resources(graph_def: Any, origin: str) -> None:
    """Captured resources the freezer could not turn into constants would be unbound inputs."""
    from tensorflow.core.framework import types_pb2

    kept = [n.name for n in graph_def.node if n.op == "Placeholder" and n.attr["dtype"].type == types_pb2.DT_RESOURCE]
    if kept:
        raise RewriteError(f"{origin}: uses resources that cannot be frozen into constants (lookup tables, "
                           f"iterators...: {', '.join(kept[:3])}); tfperf cannot rebuild it")


def _lift_variables(graph_def: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Turn the top-level Consts that were variables into Placeholders; return their values."""
    lifted = {}
    for node in graph_def.node:
        if node.op != "Const" or node.name not in values:
            continue
        tensor = node.attr["value"].tensor
        dtype, shape = node.attr["dtype"].type, tensor.tensor_shape
        lifted[node.name] = values[node.name]
        node.op = "Placeholder"
        node.ClearField("attr")
        node.attr["dtype"].type = dtype
        node.attr["shape"].shape.CopyFrom(shape)
    return lifted


def store_cast_weights(frozen: Frozen) -> Frozen:
    """The weights whose every reader is a Cast to one dtype, stored in that dtype: the casts go, and
    the rebuilt function reads the weight as its readers want it. Exact: the value is rounded once
    as each call's cast rounded it."""
    import tensorflow as tf

    from tfperf.rewrite.graph_edit import GraphEdit, node_of

    edit = GraphEdit(frozen.graph_def)
    readers: dict[str, list] = {name: [] for name in frozen.weights}
    for node in edit.graph_def.node:
        for name in node.input:
            if node_of(name) in readers:
                readers[node_of(name)].append(node)
    weights = dict(frozen.weights)
    for name, nodes in readers.items():
        targets = {n.attr["DstT"].type for n in nodes if n.op == "Cast"}
        if not nodes or len(targets) != 1 or any(n.op != "Cast" or list(n.input) != [name] for n in nodes):
            continue
        dtype = tf.as_dtype(targets.pop())
        weights[name] = tf.cast(weights[name], dtype).numpy()
        edit.set_type(name, "dtype", dtype.name)
        for cast in nodes:
            edit.reroute(cast.name, name)
        edit.remove_unread([n.name for n in nodes])
    return replace(frozen, graph_def=edit.graph_def, weights=weights, _ir=[])
