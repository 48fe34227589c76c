"""`walk_nodes`: the nodes `ast.walk` yields, in its order, as a list made in one loop.

`ast.walk` runs three generators per node (its own, `iter_child_nodes`, `iter_fields`); the
infrastructure's walks of whole classes and scopes (a few hundred thousand nodes in a large
project's lint) are a third faster without them. Use it where the walk is read to the end (a walk
that usually stops early keeps `ast.walk`'s laziness)."""

from __future__ import annotations

import ast

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
