"""Arguments of a call as a rule means them: by keyword or by position, not hidden in *args."""

from __future__ import annotations

import ast


def argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    """The argument passed as `keyword=` or at `position` (None if absent or hidden in *args/**kw)."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    args = call.args
    if position is not None and position < len(args):
        for index in range(position + 1):  # (rules ask this of most calls: no generator)
            if type(args[index]) is _STARRED:
                return None
        return args[position]
    return None


_STARRED = ast.Starred  # (ast node types have no subclasses: `type(...) is` is an isinstance test)


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def parameter_defaults(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> dict[str, ast.expr]:
    """Each parameter that has a default, with it (positional, then keyword-only; in order)."""
    args = function.args
    positional = args.posonlyargs + args.args
    pairs = list(zip(positional[len(positional) - len(args.defaults):], args.defaults))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
    return {a.arg: d for a, d in pairs}


def positional_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[str]:
    """The names of the parameters a caller may pass by position, in order."""
    return [a.arg for a in function.args.posonlyargs + function.args.args]


def parameter_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names of a function's named parameters (positional and keyword-only; not *args/**kw)."""
    args = function.args
    return {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}


def parameter_annotation(function: ast.AST | None, name: str) -> ast.expr | None:
    """The annotation of the function's parameter `name`, with an optional's None taken off (`Optional[int]`,
    `int | None` -> `int`): what the parameter holds when it is given. None without one."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    args = function.args
    arg = next((a for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg == name), None)
    return without_optional(arg.annotation if arg is not None else None)


def without_optional(annotation: ast.expr | None) -> ast.expr | None:
    """An annotation with an optional's None taken off (`Optional[int]`, `int | None` -> `int`)."""
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, (ast.Name, ast.Attribute)) and \
            (annotation.value.id if isinstance(annotation.value, ast.Name) else annotation.value.attr) == "Optional":
        return annotation.slice
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr) and \
            isinstance(annotation.right, ast.Constant) and annotation.right.value is None:
        return annotation.left
    return annotation
