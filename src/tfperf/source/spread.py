"""What a `**d` argument passes a call (`Conv2D(..., **conv_params)`, `ds.interleave(fn, **options)`): the keys
of a dict the source states, for the rules that read a keyword a spread may hold (TFP201's padding, TFP404's
num_parallel_calls).

A dict is followed through a literal (`{"padding": "valid"}`, `dict(a, padding=...)`), the one assignment a name
has (and its `update(...)`s and item stores), and a function of the file that returns one
(`get_conv_params(**params)`: its literal dict updated with the call's own keywords). A `del d["k"]` makes that one
key unknown (it may run or not: `if old_tf: del options["deterministic"]`), the others stay known.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tfperf.source.arguments import parameter_names

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

UNKNOWN_SPREAD = object()  # a `**d` whose keys the source does not show
_DICT_MUTATORS = {"update", "setdefault", "pop", "popitem", "clear", "__setitem__", "__delitem__"}


def spread_argument(file: "FileContext", call: ast.Call, name: str):
    """What the `**d` arguments of `call` pass as keyword `name`: the value's expression, None when the
    call spreads no dict or none of its dicts holds the key, `UNKNOWN_SPREAD` when a dict's keys are not
    known. A dict is followed through a literal (`{"padding": "valid"}`, `dict(a, padding=...)`), the one
    assignment a name has (and its `update(...)`s), and a function of this file that returns one
    (`get_conv_params(**params)`: its literal dict updated with the call's own keywords)."""
    found = None
    for kw in call.keywords:
        if kw.arg is None:
            keys = _dict_keys(file, kw.value, None, 0)
            if keys is None:
                return UNKNOWN_SPREAD
            found = keys.get(name, found)
    return found


def _dict_keys(file: "FileContext", expr: ast.expr, env: dict | None, depth: int) -> dict | None:
    """key -> value expression of a dict the source states; `env`: the keywords a function of the file
    was called with, for its `**kwargs` (None: not in such a function)."""
    if depth > 5:
        return None
    if isinstance(expr, ast.Dict):
        found: dict = {}
        for key, value in zip(expr.keys, expr.values):
            if key is None:
                more = _dict_keys(file, value, env, depth + 1)
                if more is None:
                    return None
                found.update(more)
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                found[key.value] = value
            else:
                return None
        return found
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Name) and expr.func.id == "dict" and "dict" not in file.stored_names \
                and "dict" not in file.imports.names and len(expr.args) <= 1:
            found = _dict_keys(file, expr.args[0], env, depth + 1) if expr.args else {}
            return None if found is None else _with_keywords(file, found, expr.keywords, env, depth)
        return _returned_dict(file, expr, depth)
    if not isinstance(expr, ast.Name):
        return None
    function = file.scope_of(expr)
    kwarg = function.args.kwarg if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    if kwarg is not None and kwarg.arg == expr.id:
        return None if env is None else dict(env)  # the function's own `**kwargs`: its call's keywords
    if expr.id not in file.stored_names:
        return None
    bindings = file.reaching_bindings(expr)
    if any(_deleting(file, b, expr.id) for b in bindings):  # (the walk back stops at a `del d["k"]`: every other one)
        bindings = [b for b in file.scope_index(file.scope_of(expr)).bindings.get(expr.id, ())
                    if not _deleting(file, b, expr.id)]
    if len(bindings) != 1 or not isinstance(bindings[0].stmt, ast.Assign) or bindings[0].value is None \
            or len(bindings[0].stmt.targets) != 1:
        return None
    found = _dict_keys(file, bindings[0].value, env, depth + 1)
    if found is None:
        return None
    scope = file.scope_of(bindings[0].stmt)
    for read in file.walk.reads(scope, expr.id):  # its changes in the scope it is bound in (wherever they are)
        parent = file.parent(read)
        if isinstance(parent, ast.Call) or isinstance(parent, ast.keyword) and parent.arg is not None:
            return None  # handed to a function, which may change it
        if isinstance(parent, ast.Subscript) and parent.value is read and not isinstance(parent.ctx, ast.Load):
            stmt = file.parent(parent)  # `d["padding"] = "same"`
            key = file.literal(parent.slice)
            if isinstance(stmt, ast.Delete) and isinstance(key, str):
                found = {**found, key: UNKNOWN_SPREAD}  # (`del d["deterministic"]`, maybe under a test)
                continue
            if not (isinstance(stmt, ast.Assign) and stmt.targets == [parent] and isinstance(key, str)):
                return None
            found = {**found, key: stmt.value}
            continue
        if isinstance(parent, ast.Attribute) and parent.value is read and parent.attr in _DICT_MUTATORS:
            change = file.parent(parent)
            if parent.attr != "update" or not isinstance(change, ast.Call) or change.func is not parent \
                    or len(change.args) > 1:
                return None
            if change.args:
                more = _dict_keys(file, change.args[0], env, depth + 1)
                if more is None:
                    return None
                found = {**found, **more}
            found = _with_keywords(file, found, change.keywords, env, depth)
            if found is None:
                return None
    return found


def _deleting(file: "FileContext", bound, name: str) -> bool:
    """Whether a binding of `name` is a `del name["key"]` statement's (the scope index counts it as a change of the
    name; `_dict_keys` reads it as the removal of that key)."""
    return bound.stmt is None and bound.pos in _item_deletes(file).get(name, ())


def _item_deletes(file: "FileContext") -> dict[str, set[tuple[int, int]]]:
    """Name -> where each `del name[...]` statement of the file ends (the position of the binding it makes)."""
    found = file.shared.get(_DELETES)
    if found is None:
        found = file.shared[_DELETES] = {}
        if "del " in file.text:  # (most files delete no item)
            for node in ast.walk(file.tree):
                if type(node) is ast.Delete and all(type(t) is ast.Subscript and type(t.value) is ast.Name
                                                    for t in node.targets):
                    for target in node.targets:
                        found.setdefault(target.value.id, set()).add((node.end_lineno, node.end_col_offset))
    return found


_DELETES = "spread.item_deletes"  # (`FileContext.shared`: `_item_deletes`)


def _with_keywords(file: "FileContext", found: dict, keywords: list, env: dict | None, depth: int) -> dict | None:
    found = dict(found)
    for kw in keywords:
        if kw.arg is not None:
            found[kw.arg] = kw.value
            continue
        more = _dict_keys(file, kw.value, env, depth + 1)
        if more is None:
            return None
        found.update(more)
    return found


def _returned_dict(file: "FileContext", call: ast.Call, depth: int) -> dict | None:
    """The dict a function of this file returns (one return), for the call's keywords as its `**kwargs`."""
    qualname = file.def_of(call.func) if isinstance(call.func, (ast.Name, ast.Attribute)) else None
    function = file.defs.get(qualname) if qualname is not None else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
            any(isinstance(a, ast.Starred) for a in call.args):
        return None
    returns = file.returns_of(function)
    if len(returns) != 1 or returns[0].value is None:
        return None
    named = parameter_names(function)
    env: dict = {}
    for kw in call.keywords:
        if kw.arg is None:
            more = _dict_keys(file, kw.value, None, depth + 1)
            if more is None:
                return None
            env.update((k, x) for k, x in more.items() if k not in named)
        elif kw.arg not in named:
            env[kw.arg] = kw.value
    if env and function.args.kwarg is None:
        return None
    return _dict_keys(file, returns[0].value, env, depth + 1)
