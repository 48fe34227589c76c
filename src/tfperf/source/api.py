"""The public names of TensorFlow, Keras, tf_keras and tf_slim, as data (no import of any of them).

`data/api_names.json.gz` is generated from the installed packages by `tools/generate_api_names.py`:

- the public names of each public module, which `from tensorflow.keras.layers import *` binds;
- the public name of each function and class as reached through the packages' internals
  (`tensorflow.python.ops.array_ops.transpose_v2` is `tensorflow.transpose`,
  `tf_keras.src.layers.reshaping.zero_padding2d.ZeroPadding2D` is `tf_keras.layers.ZeroPadding2D`),
  so that code importing from the internals, as tf_slim and tf_keras themselves do, resolves to the
  names the rules know.

The table is read on first use only (a few milliseconds), by files that import internals or use
a star import of a framework module.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

# where internal names live: only names under these prefixes are looked up in the table
INTERNAL_PREFIXES = ("tensorflow.python.", "keras.src.", "tf_keras.src.", "tf_slim.", "tensorflow.contrib.")
FRAMEWORK_ROOTS = frozenset({"tensorflow", "keras", "tf_keras", "tf_slim", "tensorflow_estimator"})


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = resources.files(__package__).joinpath("data", "api_names.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def public_name(name: str) -> str | None:
    """The public name of an internal one (`tensorflow.python.ops.math_ops.reduce_sum` ->
    `tensorflow.reduce_sum`), also for an attribute of an internal class
    (`...dataset_ops.DatasetV2.from_tensor_slices` -> `tensorflow.data.Dataset.from_tensor_slices`);
    None when the table does not know it."""
    if not name.startswith(INTERNAL_PREFIXES):
        return None
    internal = _data()["internal"]
    parts = name.split(".")
    for cut in range(len(parts), 2, -1):
        public = internal.get(".".join(parts[:cut]))
        if public is not None:
            return ".".join([public, *parts[cut:]])
    return None


# Submodules the installed TensorFlow no longer has, which `from <module> import *` bound in the releases the
# linted code was written for (the table is generated from one installed version): `tf.estimator` (TensorFlow
# 1.x to 2.15, also under compat.v1 and compat.v2) and `tf.contrib` (TensorFlow 1.x). Code that star-imports
# the module (a TF1 compatibility shim: `from tensorflow.compat.v1 import *`) reads them so (`tf.estimator.Estimator`).
REMOVED_NAMES = {"tensorflow": ("estimator", "contrib"), "tensorflow.compat.v1": ("estimator",),
                 "tensorflow.compat.v2": ("estimator",)}


def module_names(module: str) -> frozenset[str] | None:
    """The names `from <module> import *` binds, for a public framework module; None if unknown."""
    if module.split(".", 1)[0] not in FRAMEWORK_ROOTS:
        return None
    return _public_names().get(module)


@lru_cache(maxsize=1)
def _public_names() -> dict[str, frozenset[str]]:
    names = {module: frozenset(names) for module, names in _data()["modules"].items()}
    for module, removed in REMOVED_NAMES.items():
        if module in names:
            names[module] = names[module].union(removed)
    return names


def is_framework(name: str) -> bool:
    """Whether a qualified name belongs to TensorFlow, Keras, tf_keras, tf_slim or the Estimator."""
    return name.split(".", 1)[0] in FRAMEWORK_ROOTS


@lru_cache(maxsize=1)
def _framework_methods() -> tuple[frozenset[str], frozenset[str]]:
    """`data/framework_methods.json.gz` (`tools/generate_framework_methods.py`): the framework classes users derive
    from, by their canonical names, and every method name one of them answers to."""
    raw = resources.files(__package__).joinpath("data", "framework_methods.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return frozenset(data["classes"]), frozenset(data["methods"])


def known_framework_class(name: str) -> bool:
    """Whether `name` (canonical) is a framework class whose method names the table lists."""
    return name in _framework_methods()[0]


def framework_method(name: str) -> bool:
    """Whether a framework class defines a method `name`: the framework's machinery may call an override of it."""
    return name in _framework_methods()[1]
