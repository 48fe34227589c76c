"""`walk_nodes`: the nodes `ast.walk` yields, in its order, as a list made in one loop; `own_nodes`:
the nodes of a function's own body, lazily.

`ast.walk` runs three generators per node (its own, `iter_child_nodes`, `iter_fields`); the
infrastructure's walks of whole classes and scopes (a few hundred thousand nodes in a large
project's lint) are a third faster without them. Use `walk_nodes` where the walk is read to the end (a walk
that usually stops early keeps `ast.walk`'s laziness)."""

from __future__ import annotations

import ast
from typing import Iterator

_AST = ast.AST


def walk_nodes(node: ast.AST) -> list[ast.AST]:
    """`list(ast.walk(node))`: `node`, then its descendants breadth-first, each node's children in
    its fields' order."""
    nodes = [node]
    append = nodes.append
    for current in nodes:  # (the list grows while it is read: a queue without pops)
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, _AST):
                append(value)
            elif type(value) is list:
                for item in value:
                    if isinstance(item, _AST):
                        append(item)
    return nodes


def own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of a def, class or lambda inside its statements (nor those
    nested definitions themselves; a statement of the body that is a def or class is walked, as one of its
    statements), last statement first, each node before its children; without the load/store contexts and
    operators (`ctx`, `op`, `ops`: singletons no reader looks for). Lazy: a reader
    that stops at the first node it wants walks no further. One loop over the fields of each node's type
    (`_own_fields`), not `ast.iter_child_nodes`' generators: the mixed-precision rule walks the body of
    every function a program's entry reaches, again when it runs in a later round."""
    todo = list(function.body)
    pop, push = todo.pop, todo.append
    fields_of = _OWN_FIELDS
    while todo:
        node = pop()
        yield node
        kind = type(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = _own_fields(kind)
        for name in fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST) and type(item) not in _DEFINITIONS:
                        push(item)
            elif isinstance(value, _AST) and type(value) not in _DEFINITIONS:
                push(value)


_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda})
_SINGLETON_FIELDS = frozenset({"ctx", "op", "ops"})  # Load/Store, Add, Eq...: leaves of no interest
_OWN_FIELDS: dict[type, tuple[str, ...]] = {}


def _own_fields(kind: type) -> tuple[str, ...]:
    """A node type's fields in their order, without the singleton ones (cached per type)."""
    fields = _OWN_FIELDS[kind] = tuple(f for f in kind._fields if f not in _SINGLETON_FIELDS)
    return fields
