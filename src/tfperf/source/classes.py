"""Class hierarchy questions of the project's classes: whether a class derives from framework or project bases,
through this file's classes and the facts other modules export for theirs. Below `shapes` and `symbols`, which
both ask it (one mechanism for Keras layers and models, Estimators, convolutions and variable classes)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tfperf.source.api import is_framework

# the standard library's marker bases: their machinery calls no method of a class deriving from them, and they define
# none a call names (`is_plain_base`)
PLAIN_BASES = frozenset({"abc.ABC", "typing.Generic", "typing.Protocol"})

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext


def is_plain_base(file: "FileContext", base: ast.expr) -> bool:
    """`object` or one of the standard library's marker bases (`Generic[T]` as `Generic`): a base whose
    machinery calls no method of the class and which defines none a call names."""
    if type(base) is ast.Name and base.id == "object":
        return True
    return file.qualified(base.value if type(base) is ast.Subscript else base) in PLAIN_BASES


def _base_name(file: "FileContext", base: ast.expr) -> str:
    """A base class as the project knows it: a project class's qualified name, else the canonical
    name. A framework's public name stays that name even when the framework's own source is linted
    with the project (`tf_keras.Model` beside tf_keras' files is still keras.Model)."""
    qualified = file.qualified(base)
    if qualified and is_framework(qualified):
        return qualified
    return file.def_of(base) or qualified or ""


def derives(file: "FileContext", qualname: str | None, bases: set[str], fact: str, depth: int = 0,
            prefixes: tuple[str, ...] = ()) -> bool:
    """Whether the project class `qualname` derives from one of `bases` (canonical names) or of a
    class whose name starts with one of `prefixes`, through this file's classes or a class of
    another module whose summary carries `fact` (the rule exports `fact` for each class of its
    file that derives). Asking for `fact` rather than for a chain of base classes keeps the
    answer, and so this file's result, stable across rounds."""
    if qualname is None or depth > 8:
        return False
    node = file.defs.get(qualname)
    if not isinstance(node, ast.ClassDef):
        return bool(file.project.query(fact, qualname))
    for base in node.bases:
        name = _base_name(file, base)
        if name in bases or prefixes and name.startswith(prefixes) or \
                (name and derives(file, name, bases, fact, depth + 1, prefixes)):
            return True
    return False
