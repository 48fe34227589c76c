"""A rewritten GraphDef back into a callable with the original signature, and into a SavedModel.

The GraphDef is imported inside a tf.function whose arguments are the original signature's; the
lifted weights are read from tf.Variables. The SavedModel needs no tfperf to load: plain
`tf.saved_model.load(dir)` gives `obj(x)` (for positional signatures) and `obj.signatures[name]`.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from typing import Any

from tfperf.rewrite.freeze import Frozen, RewriteError


class Rebuilt:
    """A Frozen graph as a tf.function (`function`) and its ConcreteFunction for the signature."""

    def __init__(self, frozen: Frozen):
        import tensorflow as tf
        from tensorflow.python.eager import context

        self.frozen = frozen
        fed = [t.split(":")[0] for t in frozen.inputs] + list(frozen.weights)
        self._graph_def = _without_placeholders(frozen.graph_def, fed)
        for fdef in frozen.graph_def.library.function:  # While/If bodies: imported into the graph, but
            context.context().add_function_def(fdef)  # the eager runtime must know them to run it
        self.variables = {name: tf.Variable(value, trainable=False, name=_variable_name(name))
                          for name, value in frozen.weights.items()}
        self.function = tf.function(self._call)
        args, kwargs = frozen.input_signature
        self.concrete = self.function.get_concrete_function(*args, **kwargs)

    def _call(self, *args: Any, **kwargs: Any) -> Any:
        import tensorflow as tf

        feed = dict(zip(self.frozen.inputs, tf.nest.flatten((args, kwargs))))
        feed.update({f"{name}:0": variable.read_value() for name, variable in self.variables.items()})
        outputs = tf.graph_util.import_graph_def(self._graph_def, input_map=feed,
                                                 return_elements=list(self.frozen.outputs), name="tfperf")
        return tf.nest.pack_sequence_as(self.frozen.output_structure, outputs, expand_composites=True)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.concrete(*args, **kwargs)

    @property
    def positional(self) -> bool:
        return not self.frozen.input_signature[1]

    def signature_function(self) -> Any:
        """A ConcreteFunction SavedModel signatures accept: outputs a tensor or a flat dict of tensors."""
        import tensorflow as tf

        def tensor(value: Any) -> bool:
            return tf.is_tensor(value) or isinstance(value, tf.TensorSpec)

        structure = self.frozen.output_structure
        if tensor(structure) or (isinstance(structure, dict) and all(map(tensor, structure.values()))):
            return self.concrete

        def flat(*args, **kwargs):
            outputs = tf.nest.flatten(self._call(*args, **kwargs), expand_composites=True)
            return {f"output_{i}": t for i, t in enumerate(outputs)}

        args, kwargs = self.frozen.input_signature
        return tf.function(flat).get_concrete_function(*args, **kwargs)


def _without_placeholders(graph_def: Any, fed: list[str]) -> Any:
    """`graph_def` with the Placeholders that get fed turned into dead scalar Consts: the feeds
    replace every use, and a Placeholder left in the function would stop XLA (jit_compile)."""
    import numpy as np
    import tensorflow as tf

    copy = type(graph_def)()
    copy.CopyFrom(graph_def)
    fed_names = set(fed)
    for node in copy.node:
        if node.name in fed_names and node.op == "Placeholder":
            dtype = tf.as_dtype(node.attr["dtype"].type)
            node.op = "Const"
            node.ClearField("attr")
            node.attr["dtype"].type = dtype.as_datatype_enum
            dead = np.array(b"") if dtype == tf.string else np.zeros((), dtype.as_numpy_dtype)
            node.attr["value"].tensor.CopyFrom(tf.make_tensor_proto(dead))
    return copy


def _variable_name(node_name: str) -> str:
    return node_name.replace("/", "_").replace(":", "_") or "weight"


def check_out_dir(out_dir: str) -> None:
    """Raise RewriteError unless `out_dir` is free for a SavedModel: absent, or an empty directory."""
    if os.path.exists(out_dir) and (not os.path.isdir(out_dir) or os.listdir(out_dir)):
        raise RewriteError(f"{out_dir}: already exists and is not empty; tfperf never overwrites, choose another --out")


def save(functions: dict[str, Rebuilt], out_dir: str) -> None:
    """Write one SavedModel with a signature per function; "serving_default", when positional, is
    also the object's `__call__`. Written to a temporary directory, then renamed: a failure leaves
    nothing at `out_dir`. The directory gets the mode an existing empty `out_dir` had, else the one
    the umask gives a new directory (a serving process under another user can read it)."""
    import tensorflow as tf

    check_out_dir(out_dir)
    out_dir = os.path.abspath(out_dir)
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    existing = os.stat(out_dir) if os.path.isdir(out_dir) else None
    module = tf.Module()
    module.weights = [v for f in functions.values() for v in f.variables.values()]
    default = functions.get("serving_default")
    if default is not None and default.positional:
        module.__call__ = default.function
    staging = tempfile.mkdtemp(prefix=".tfperf-", dir=parent)
    try:
        # custom gradients (Keras' swish...) are a training matter: the rewritten graph is for inference
        options = tf.saved_model.SaveOptions(experimental_custom_gradients=False)
        tf.saved_model.save(module, staging, signatures={n: f.signature_function() for n, f in functions.items()},
                            options=options)
        _give_mode(staging, existing)
        if existing is not None:
            os.rmdir(out_dir)  # empty (checked above)
        os.rename(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _give_mode(directory: str, like: os.stat_result | None) -> None:
    """mkdtemp makes a 0700 directory: give it the mode (and, where allowed, the owner) of the directory
    it replaces, or else what the umask gives a new directory."""
    if like is None:
        os.chmod(directory, 0o777 & ~_umask())
        return
    os.chmod(directory, stat.S_IMODE(like.st_mode))
    try:
        os.chown(directory, like.st_uid, like.st_gid)
    except OSError:  # not ours to give away: the mode is what matters to readers
        pass


def _umask() -> int:
    """The process's umask, read without changing it (Linux), else by setting it back at once."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
