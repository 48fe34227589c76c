"""Qualified names from imports: `tf.nn.conv2d` -> `tensorflow.nn.conv2d`, whatever the aliases.

Rules match calls by canonical qualified name, never by text, so `import tensorflow as tf`,
`import tensorflow.compat.v1 as tf`, `from tensorflow import keras`, `from tensorflow.keras import
layers` and `import keras` all lead to the same names. Canonical form:

- `tensorflow.compat.v1.X` / `tensorflow.compat.v2.X` -> `tensorflow.X` (the v1 names a rule knows
  about, like `tensorflow.trainable_variables`, are listed by the rule under that name);
- `tensorflow.keras.X`, `tensorflow.python.keras.X`, `tf_keras.X`, `keras.src.X` -> `keras.X`.
"""

from __future__ import annotations

import ast

_KERAS_PREFIXES = ("tensorflow.keras", "tensorflow.python.keras", "tf_keras", "keras.src", "keras")
_COMPAT = ("tensorflow.compat.v1", "tensorflow.compat.v2")


def canonical(name: str) -> str:
    """The canonical spelling of a fully qualified name (see the module docstring)."""
    for prefix in _COMPAT:
        if name == prefix or name.startswith(prefix + "."):
            name = "tensorflow" + name[len(prefix):]
            break
    for prefix in _KERAS_PREFIXES:
        if name == prefix or name.startswith(prefix + "."):
            return "keras" + name[len(prefix):]
    return name


class ImportMap:
    """Local name -> qualified name of the module or object it was imported as.

    Imports anywhere in the file count (also inside functions): a file rarely rebinds `tf`, and
    missing a function-local `import tensorflow as tf` would miss real findings.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def add(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.names[alias.asname] = alias.name
                else:  # `import a.b.c` binds `a`
                    top = alias.name.split(".", 1)[0]
                    self.names[top] = top
        elif node.module and not node.level:  # relative imports are the user's own code
            for alias in node.names:
                if alias.name != "*":
                    self.names[alias.asname or alias.name] = f"{node.module}.{alias.name}"

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
        return ".".join(reversed(parts))

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
