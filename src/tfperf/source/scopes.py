"""Which assignment a name refers to, within one function (or the module): enough data flow for
"the result of tf.pad reaches the conv through a local variable" and "this dataset variable's
assignments form one pipeline".

Positions order everything: a binding takes effect at the end of its statement, and a load sees the
last binding before it. Loops and branches are not modelled; rules that rewrite code therefore also
check that the statements involved sit in the same block, one after the other.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from typing import Iterable, NamedTuple

from tfperf.source.treewalk import walk_nodes

Pos = tuple[int, int]
SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def start(node: ast.AST) -> Pos:
    try:
        return node.lineno, node.col_offset
    except AttributeError:  # a node Python gives no position (match_case, comprehension, arguments...)
        return min(start(child) for child in ast.iter_child_nodes(node))


def end(node: ast.AST) -> Pos:
    try:
        return node.end_lineno, node.end_col_offset
    except AttributeError:  # as in start(): the span of what it holds
        return max(end(child) for child in ast.iter_child_nodes(node))


class Binding(NamedTuple):
    """One binding of a name (immutable: a tuple, made in half the time of a frozen dataclass; a project
    has tens of thousands)."""

    name: str
    pos: Pos  # where it takes effect
    value: ast.expr | None  # the bound expression for `name = value`; None when unknown (loop target...)
    stmt: ast.AST | None  # the statement that binds


class ScopeIndex:
    """Bindings and loads of each name in one scope (nested function bodies excluded for bindings,
    included for loads, so that use counts err on the side of "used elsewhere")."""

    def __init__(self, scope: ast.AST, walrus: bool = True, loads=None):
        self.scope = scope
        self._loads_of = loads  # (scope, name) -> reads, when the caller already indexed them
        self.walrus = walrus  # the file contains `:=`: also look for bindings inside expressions
        self.bindings: dict[str, list[Binding]] = {}
        self.dynamic: set[str] = set()  # global / nonlocal names: bound elsewhere too
        self._loads: dict[str, list[ast.Name]] | None = None
        self._build(scope)
        for items in self.bindings.values():
            items.sort(key=lambda b: b.pos)

    def loads_of(self, name: str) -> list[ast.Name]:
        """Reads of `name` in this scope, nested scopes included, in source order."""
        if self._loads_of is not None:
            return self._loads_of(self.scope, name)
        return self.loads.get(name, [])

    @property
    def loads(self) -> dict[str, list[ast.Name]]:
        """Reads of each name, nested scopes included, in source order (built on first use: most
        lookups only need bindings, and nested bodies can be most of a module)."""
        if self._loads is None:
            self._loads = {}
            for node in walk_nodes(self.scope):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    self._loads.setdefault(node.id, []).append(node)
            for loads in self._loads.values():
                loads.sort(key=start)
        return self._loads

    def reaching(self, name: str, pos: Pos) -> Binding | None:
        """The last binding of `name` that takes effect before `pos`."""
        items = self.bindings.get(name, [])
        i = bisect_right([b.pos for b in items], pos)
        return items[i - 1] if i else None

    def only_binding(self, name: str) -> Binding | None:
        items = self.bindings.get(name, [])
        return items[0] if len(items) == 1 and name not in self.dynamic else None

    # building

    def _bind(self, name: str, pos: Pos, value: ast.expr | None, stmt: ast.AST | None) -> None:
        self.bindings.setdefault(name, []).append(Binding(name, pos, value, stmt))

    def _build(self, scope: ast.AST) -> None:
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            args = scope.args
            for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
                if a is not None:
                    self._bind(a.arg, start(scope), None, None)
            body = scope.body if isinstance(scope.body, list) else [scope.body]
        else:
            body = scope.body
        stack = list(reversed(body))
        binders = _BINDERS
        while stack:  # statements only: bindings come from statements (walrus aside, see below)
            node = stack.pop()
            kind = type(node)
            binder = binders.get(kind)
            if binder is not None:
                binder(self, node)
            blocks = _BLOCKS.get(kind)
            if blocks is None:
                blocks = _blocks(kind)
            for field in blocks:
                block = getattr(node, field, None)
                if isinstance(block, list):
                    stack.extend(reversed(block))
        if self.walrus:  # counted wherever it sits, nested bodies too: errs on the side of "rebound"
            for node in ast.walk(scope):
                if isinstance(node, ast.NamedExpr):
                    self._bind(node.target.id, end(node), node.value, node)

    def _annotated(self, node: ast.AnnAssign) -> None:
        if isinstance(node.target, ast.Name):
            self._bind(node.target.id, end(node), node.value, node)

    def _changed(self, node: ast.AugAssign | ast.Delete) -> None:
        for target in getattr(node, "targets", None) or [node.target]:
            self._bind_names(target, end(node))

    def _loop(self, node: ast.For | ast.AsyncFor) -> None:
        self._bind_names(node.target, end(node.iter), node)

    def _with(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._bind_names(item.optional_vars, end(item.context_expr), node)

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self._bind(node.name, end(node), None, node)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self._bind((alias.asname or alias.name).split(".")[0], end(node), None, node)

    def _declared(self, node: ast.Global | ast.Nonlocal) -> None:
        self.dynamic.update(node.names)

    def _handler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self._bind(node.name, start(node), None, node)

    def _case(self, node: ast.match_case) -> None:
        for sub in ast.walk(node.pattern):
            name = getattr(sub, "name", None)
            if isinstance(name, str):
                self._bind(name, end(node.pattern), None, node)

    def _bind_names(self, target: ast.AST, pos: Pos, stmt: ast.AST | None = None) -> None:
        if type(target) is ast.Name:  # (most targets: no walk)
            self._bind(target.id, pos, None, stmt)
            return
        for name in walk_nodes(target):
            if isinstance(name, ast.Name):
                self._bind(name.id, pos, None, stmt)

    def _assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._bind(target.id, end(node), node.value, node)
            elif (isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List))
                  and len(target.elts) == len(node.value.elts)):
                for elt, value in zip(target.elts, node.value.elts):  # BS, H, W = 16, 128, 128
                    if isinstance(elt, ast.Name):
                        self._bind(elt.id, end(node), value, node)
                    else:
                        self._bind_names(elt, end(node), node)
            elif isinstance(target, (ast.Tuple, ast.List, ast.Starred)):  # a, *b = f(): values unknown
                self._bind_names(target, end(node), node)


# what binds names, by statement type (ast node types have no subclasses: one look in a dict instead of a
# chain of isinstance tests, for the statements that bind nothing too)
_BINDERS = {ast.Assign: ScopeIndex._assign, ast.AnnAssign: ScopeIndex._annotated,
            ast.AugAssign: ScopeIndex._changed, ast.Delete: ScopeIndex._changed,
            ast.For: ScopeIndex._loop, ast.AsyncFor: ScopeIndex._loop,
            ast.With: ScopeIndex._with, ast.AsyncWith: ScopeIndex._with,
            ast.FunctionDef: ScopeIndex._definition, ast.AsyncFunctionDef: ScopeIndex._definition,
            ast.ClassDef: ScopeIndex._definition, ast.Import: ScopeIndex._import, ast.ImportFrom: ScopeIndex._import,
            ast.Global: ScopeIndex._declared, ast.Nonlocal: ScopeIndex._declared,
            ast.ExceptHandler: ScopeIndex._handler, ast.match_case: ScopeIndex._case}
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
_BLOCKS: dict[type, tuple[str, ...]] = {}  # statement type -> its fields that hold statements (none for a nested scope)


def _blocks(kind: type) -> tuple[str, ...]:
    found = _BLOCKS[kind] = () if issubclass(kind, _NESTED) else tuple(f for f in _BLOCK_FIELDS if f in kind._fields)
    return found


def comprehension_iter(ancestors: Iterable[ast.AST], name: ast.Name) -> ast.expr | None:
    """What a comprehension walks, when `name` is its loop variable (the whole target: `s` of `for s in x`; for a
    tuple target, `for s, r in zip(a, b)`, the iterable too: each item is one of its items' parts); `ancestors`:
    the name's, nearest first (`FileContext.ancestors`). None for any other name."""
    for ancestor in ancestors:
        if isinstance(ancestor, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for generator in ancestor.generators:
                if any(isinstance(t, ast.Name) and t.id == name.id for t in ast.walk(generator.target)):
                    return generator.iter
        if isinstance(ancestor, SCOPES):
            return None
    return None


def returned_values(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr] | None:
    """Every return's value of a function's own body (a nested function's or class's returns are its own); None when
    it returns nothing anywhere (a bare `return`, no return at all) or yields."""
    found, nodes = [], list(ast.iter_child_nodes(function))
    for node in nodes:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            nodes.extend(ast.iter_child_nodes(node))
        if isinstance(node, (ast.Yield, ast.YieldFrom)) or isinstance(node, ast.Return) and node.value is None:
            return None
        if isinstance(node, ast.Return):
            found.append(node.value)
    return found or None
