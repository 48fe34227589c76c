"""Qualified names from imports: `tf.nn.conv2d` -> `tensorflow.nn.conv2d`, whatever the aliases.

Rules match calls by canonical qualified name, never by text, so `import tensorflow as tf`,
`import tensorflow.compat.v1 as tf`, `from tensorflow import keras`, `from tensorflow.keras import
layers`, `import keras`, `from tensorflow.python.ops import array_ops` and `from tf_keras.src.layers
import ZeroPadding2D` all lead to the same names. Canonical form:

- an internal name of a framework is its public name (`tensorflow.python.ops.array_ops.transpose_v2`
  -> `tensorflow.transpose`; `tf_slim.layers.regularizers.l2_regularizer` -> `tf_slim.l2_regularizer`),
  from the generated table in `tfperf.source.api`;
- `tensorflow.compat.v1.X` / `tensorflow.compat.v2.X` -> `tensorflow.X` (the v1 names a rule knows
  about, like `tensorflow.trainable_variables`, are listed by the rule under that name);
- `tensorflow.keras.X`, `tensorflow.python.keras.X`, `tf_keras.X`, `keras.src.X` -> `keras.X` (also TensorFlow 1's
  `tensorflow.contrib.keras.X` and `tensorflow.python.keras._impl.keras.X`);
- `tensorflow.contrib.slim.X`, `tensorflow.contrib.layers.X`, `tf_slim.layers.X` -> `tf_slim.X`;
- `tensorflow.python.estimator.X` -> `tensorflow_estimator.python.estimator.X`.
"""

from __future__ import annotations

import ast
from functools import lru_cache

from tfperf.source import api

# (TensorFlow 1.2-1.3's `tf.contrib.keras` and its internals, 1.4-1.8's `tensorflow.python.keras._impl.keras`: the
# installed TensorFlow has neither, so the generated table does not know their names)
_KERAS_PREFIXES = ("tensorflow.keras", "tensorflow.python.keras._impl.keras", "tensorflow.python.keras",
                   "tensorflow.contrib.keras.python.keras", "tensorflow.contrib.keras", "tf_keras.src", "tf_keras",
                   "keras.src", "keras")
_COMPAT = ("tensorflow.compat.v1", "tensorflow.compat.v2")
_SLIM_PREFIXES = ("tensorflow.contrib.slim", "tensorflow.contrib.layers", "tf_slim.layers")
# TensorFlow 1's own copy of the Estimator (to 1.12), then a forwarding module to tensorflow_estimator (1.13-1.15);
# the installed TensorFlow has neither, so the generated table does not know its names
_TF1_ESTIMATOR = ("tensorflow.python.estimator",)


def _replace_prefix(name: str, prefixes, new: str) -> str | None:
    for prefix in prefixes:
        if name == prefix or name.startswith(prefix + "."):
            return new + name[len(prefix):]
    return None


@lru_cache(maxsize=None)  # a repository spells the same few thousand names over and over
def public(name: str) -> str:
    """The public spelling of a name reached through a framework's internals; else the name."""
    return api.public_name(name) or name


@lru_cache(maxsize=None)
def canonical(name: str) -> str:
    """The canonical spelling of a fully qualified name (see the module docstring)."""
    name = public(name)
    while True:  # `tensorflow.compat.v2` imported as tf, then `tf.compat.v1.transpose`
        plain = _replace_prefix(name, _COMPAT, "tensorflow")
        if plain is None:
            break
        name = plain
    slim = _replace_prefix(name, _SLIM_PREFIXES, "tf_slim")
    if slim is not None:
        return public(slim)
    estimator = _replace_prefix(name, _TF1_ESTIMATOR, "tensorflow_estimator.python.estimator")
    if estimator is not None:
        return estimator
    return _replace_prefix(name, _KERAS_PREFIXES, "keras") or name


def resolve_relative(package: str | None, module: str | None, level: int) -> str | None:
    """The absolute module of `from <level dots><module> import ...` in a module of `package`."""
    if not level:
        return module
    if package is None:
        return None
    parts = package.split(".") if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    return ".".join(base + ([module] if module else [])) or None


def import_bindings(node: ast.Import | ast.ImportFrom, package: str | None) -> list[tuple[str, str]]:
    """(local name, what it is bound to) for each name an import statement binds; ("*", module)
    for a star import."""
    if isinstance(node, ast.Import):  # `import a.b.c` binds `a`
        return [(alias.asname, alias.name) if alias.asname else (alias.name.split(".", 1)[0],) * 2
                for alias in node.names]
    module = resolve_relative(package, node.module, node.level)
    if module is None:
        return []
    return [("*", module) if alias.name == "*" else (alias.asname or alias.name, f"{module}.{alias.name}")
            for alias in node.names]


class ImportMap:
    """Local name -> qualified name of the module or object it was imported as, and the modules
    star-imported.

    Imports anywhere in the file count (also inside functions): a file rarely rebinds `tf`, and
    missing a function-local `import tensorflow as tf` would miss real findings. Relative imports
    resolve against `package` (the file's package, when known).
    """

    def __init__(self, package: str | None = None) -> None:
        self.names: dict[str, str] = {}
        self.stars: list[str] = []
        self.package = package

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        for local, target in import_bindings(node, self.package):
            if local == "*":
                self.stars.append(target)
            else:
                self._bind(local, target)

    def _bind(self, local: str, target: str) -> None:
        """A name imported twice is usually imported in alternatives (`if keras_3: ... else: ...`,
        `try: ... except ImportError:`, a backend switch choosing TensorFlow or torch): the
        TensorFlow/Keras one is what runs when the code runs on TensorFlow, so no other replaces it."""
        old = self.names.get(local)
        if old is not None and api.is_framework(canonical(old)) and not api.is_framework(canonical(target)):
            return
        self.names[local] = target

    def qualified(self, expr: ast.AST) -> str | None:
        """Canonical qualified name of a Name/Attribute chain rooted at an import, else None."""
        raw = self.raw(expr)
        return canonical(raw) if raw else None

    def raw(self, expr: ast.AST) -> str | None:
        """The qualified name as imported (`tensorflow.compat.v1.nn.conv2d`), not canonicalised:
        for the few APIs whose positional arguments differ between TF1 and TF2."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        root = self.names.get(expr.id)
        if root is None:
            return None
        parts.append(root)
        return public(".".join(reversed(parts)))

    def alias_for(self, qualified: str) -> str | None:
        """Source text that names `qualified` with this file's imports (`tensorflow.data` -> `tf.data`)."""
        best: str | None = None
        for local, target in self.names.items():
            target = canonical(target)
            if qualified == target or qualified.startswith(target + "."):
                text = local + qualified[len(target):]
                if best is None or len(text) < len(best):
                    best = text
        return best
