"""Evaluate literal values in source: ints, strings, nested lists/tuples, simple int arithmetic.

`literal(expr, lookup)` never runs user code. `lookup(name_node)` may supply the value bound to a
name (e.g. `BS, H, W = 16, 128, 128` earlier in the function); without it names are not literal.
"""

from __future__ import annotations

import ast
import operator
from typing import Any, Callable

NOT_LITERAL = object()  # the result when an expression is not a literal (None is a literal)

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv}
Lookup = Callable[[ast.Name], Any]


def literal(expr: ast.AST | None, lookup: Lookup | None = None, _depth: int = 0) -> Any:
    """The Python value of a literal expression, or NOT_LITERAL."""
    if expr is None or _depth > 20:
        return NOT_LITERAL
    if isinstance(expr, ast.Constant):
        return expr.value
    if isinstance(expr, (ast.List, ast.Tuple)):
        values = [literal(e, lookup, _depth + 1) for e in expr.elts]
        if any(v is NOT_LITERAL for v in values):
            return NOT_LITERAL
        return values if isinstance(expr, ast.List) else tuple(values)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        value = literal(expr.operand, lookup, _depth + 1)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(expr.op, ast.USub) else value
        return NOT_LITERAL
    if isinstance(expr, ast.BinOp) and type(expr.op) in _BINOPS:
        left, right = literal(expr.left, lookup, _depth + 1), literal(expr.right, lookup, _depth + 1)
        if _is_int(left) and _is_int(right) and not (isinstance(expr.op, ast.FloorDiv) and right == 0):
            return _BINOPS[type(expr.op)](left, right)
        return NOT_LITERAL
    if isinstance(expr, ast.Name) and lookup is not None:
        return lookup(expr)
    return NOT_LITERAL


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def number_literal(expr: ast.AST) -> bool:
    """A number written in the code (`2`, `0.5`, `-1.0`, `+3`); not a bool."""
    while isinstance(expr, ast.UnaryOp) and isinstance(expr.op, (ast.USub, ast.UAdd)):
        expr = expr.operand
    return isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and not isinstance(expr.value, bool)


def literal_int(expr: ast.AST | None, lookup: Lookup | None = None) -> int | None:
    value = literal(expr, lookup)
    return value if _is_int(value) else None


def literal_ints(expr: ast.AST | None, lookup: Lookup | None = None) -> tuple[int, ...] | None:
    """A flat list/tuple of ints (a perm, strides, a shape), else None."""
    value = literal(expr, lookup)
    if isinstance(value, (list, tuple)) and all(_is_int(v) for v in value):
        return tuple(value)
    return None


def literal_pairs(expr: ast.AST | None, lookup: Lookup | None = None) -> tuple[tuple[int, int], ...] | None:
    """A list of [before, after] int pairs (tf.pad paddings), else None."""
    value = literal(expr, lookup)
    if not isinstance(value, (list, tuple)):
        return None
    pairs = []
    for item in value:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(_is_int(v) for v in item)):
            return None
        pairs.append((item[0], item[1]))
    return tuple(pairs)


def literal_str(expr: ast.AST | None, lookup: Lookup | None = None) -> str | None:
    value = literal(expr, lookup)
    return value if isinstance(value, str) else None


def literal_item(container: ast.AST | None, key: Any) -> ast.expr | None:
    """The item of a dict, list or tuple literal at a literal key (`{"pad": p}["pad"]`, `(a, b)[0]`): None where the
    key is not there or matches twice, or where a `**` or `*` spread may hide it."""
    if type(container) is ast.Dict:
        if None in container.keys:
            return None
        found = [v for k, v in zip(container.keys, container.values) if type(k) is ast.Constant and k.value == key]
        return found[0] if len(found) == 1 else None
    if type(container) in (ast.List, ast.Tuple) and type(key) is int and -len(container.elts) <= key < len(
            container.elts) and not any(type(e) is ast.Starred for e in container.elts):
        return container.elts[key]
    return None
