"""A small mutable view of a GraphDef's top level: what the passes' replacements are written with.

Tensors are spelled as in a NodeDef's inputs: "node" for output 0, "node:1", "^node" for a
control edge. Function bodies (the library) are never edited.
"""

from __future__ import annotations

from typing import Any, Iterable

import numpy as np


def tensor(name: str) -> str:
    """The canonical spelling of a data tensor: "x:0" -> "x"."""
    return name[:-2] if name.endswith(":0") else name


def node_of(tensor_name: str) -> str:
    return tensor_name.lstrip("^").split(":")[0]


class GraphEdit:
    """Edits a copy of a GraphDef in place; `graph_def` is the result."""

    def __init__(self, graph_def: Any):
        self.graph_def = type(graph_def)()
        self.graph_def.CopyFrom(graph_def)
        self._nodes = {n.name: n for n in self.graph_def.node}

    def node(self, name: str) -> Any:
        return self._nodes[name]

    def readers(self, name: str) -> list[tuple[Any, int]]:
        """(node, input slot) for every data input that reads an output of node `name`."""
        return [(n, i) for n in self.graph_def.node for i, t in enumerate(n.input)
                if not t.startswith("^") and node_of(t) == name]

    def replace_input(self, reader: str, old: str, new: str) -> None:
        """`reader` reads tensor `new` wherever it read tensor `old`."""
        node = self._nodes[reader]
        for i, t in enumerate(node.input):
            if tensor(t) == tensor(old):
                node.input[i] = tensor(new)

    def reroute(self, name: str, new: str) -> None:
        """Every reader of `name`'s output 0 reads tensor `new` instead."""
        for reader, slot in self.readers(name):
            if tensor(reader.input[slot]) == name:
                reader.input[slot] = new

    def bypass(self, name: str) -> None:
        """Every reader of `name`'s output 0 reads `name`'s data input 0 instead."""
        self.reroute(name, self._nodes[name].input[0])

    def add(self, op: str, hint: str, inputs: Iterable[str], *, dtype: int, **attrs: Any) -> str:
        """A new node of element type `dtype` (its "T"), its name made unique from `hint`."""
        name = self._unique(hint)
        node = self.graph_def.node.add(name=name, op=op, input=list(inputs))
        node.attr["T"].type = dtype
        self._nodes[name] = node
        for key, value in attrs.items():
            self.set_attr(name, key, value)
        return name

    def set_attr(self, name: str, key: str, value: bool | str | list[int]) -> None:
        attr = self._nodes[name].attr[key]
        if isinstance(value, bool):
            attr.b = value
        elif isinstance(value, str):
            attr.s = value.encode()
        else:
            attr.list.Clear()
            attr.list.i.extend(value)

    def set_type(self, name: str, key: str, dtype: str) -> None:
        """Set a type attribute ("T") of node `name` to the dtype named `dtype` ("bfloat16"); a type
        list (IdentityN's "T") gets it in every element."""
        import tensorflow as tf

        attr, enum = self._nodes[name].attr[key], tf.as_dtype(dtype).as_datatype_enum
        if attr.WhichOneof("value") == "list":
            attr.list.type[:] = [enum] * len(attr.list.type)
        else:
            attr.type = enum

    def add_cast(self, hint: str, tensor_name: str, source: str, dtype: str) -> str:
        """A Cast of `tensor_name` from the dtype named `source` to `dtype`."""
        import tensorflow as tf

        name = self._unique(hint)
        node = self.graph_def.node.add(name=name, op="Cast", input=[tensor(tensor_name)])
        node.attr["SrcT"].type = tf.as_dtype(source).as_datatype_enum
        node.attr["DstT"].type = tf.as_dtype(dtype).as_datatype_enum
        node.attr["Truncate"].b = False
        self._nodes[name] = node
        return name

    def retype_const(self, name: str, dtype: str) -> None:
        """Convert Const `name`'s value to the dtype named `dtype` (rounded as a Cast rounds it)."""
        import tensorflow as tf

        node = self._nodes[name]
        value = tf.cast(tf.make_ndarray(node.attr["value"].tensor), dtype).numpy()
        node.attr["dtype"].type = tf.as_dtype(dtype).as_datatype_enum
        node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(value, dtype=tf.as_dtype(dtype)))

    def add_const(self, hint: str, value: np.ndarray, dtype: int | None = None) -> str:
        """A new Const holding `value`, converted to element type `dtype` (a DataType enum) when given."""
        import tensorflow as tf

        name = self._unique(hint)
        node = self.graph_def.node.add(name=name, op="Const")
        tensor_dtype = tf.as_dtype(dtype if dtype is not None else value.dtype)
        node.attr["dtype"].type = tensor_dtype.as_datatype_enum
        node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(value, dtype=tensor_dtype))
        self._nodes[name] = node
        return name

    def remove_unread(self, names: Iterable[str]) -> None:
        """Delete those of `names` nothing reads any more, then the constants only they read."""
        pending = list(names)
        while pending:
            name = pending.pop()
            node = self._nodes.get(name)
            if node is None or self._read(name):
                continue
            inputs = [node_of(t) for t in node.input]
            self.graph_def.node.remove(node)
            del self._nodes[name]
            pending.extend(i for i in inputs if i in self._nodes and self._nodes[i].op == "Const")

    def _read(self, name: str) -> bool:
        return any(node_of(t) == name for n in self.graph_def.node for t in n.input)

    def _unique(self, hint: str) -> str:
        name, i = hint, 1
        while name in self._nodes:
            name, i = f"{hint}_{i}", i + 1
        return name

