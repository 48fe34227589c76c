"""Arguments of a call as a rule means them: by keyword or by position, not hidden in *args."""

from __future__ import annotations

import ast


def argument(call: ast.Call, position: int | None, keyword: str) -> ast.expr | None:
    """The argument passed as `keyword=` or at `position` (None if absent or hidden in *args/**kw)."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and position < len(call.args):
        if not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            return call.args[position]
    return None


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def parameter_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names of a function's named parameters (positional and keyword-only; not *args/**kw)."""
    args = function.args
    return {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}
