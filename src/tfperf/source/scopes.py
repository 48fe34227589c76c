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
from dataclasses import dataclass

Pos = tuple[int, int]
SCOPES = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def start(node: ast.AST) -> Pos:
    return node.lineno, node.col_offset


def end(node: ast.AST) -> Pos:
    return node.end_lineno, node.end_col_offset


@dataclass(frozen=True)
class Binding:
    name: str
    pos: Pos  # where it takes effect
    value: ast.expr | None  # the bound expression for `name = value`; None when unknown (loop target...)
    stmt: ast.AST | None  # the statement that binds


class ScopeIndex:
    """Bindings and loads of each name in one scope (nested function bodies excluded for bindings,
    included for loads, so that use counts err on the side of "used elsewhere")."""

    def __init__(self, scope: ast.AST):
        self.scope = scope
        self.bindings: dict[str, list[Binding]] = {}
        self.loads: dict[str, list[ast.Name]] = {}
        self.dynamic: set[str] = set()  # global / nonlocal names: bound elsewhere too
        self._build(scope)
        for items in self.bindings.values():
            items.sort(key=lambda b: b.pos)
        for loads in self.loads.values():
            loads.sort(key=start)

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
        handled: set[int] = set()  # Name targets already bound with their value
        stack = list(reversed(body))
        while stack:
            node = stack.pop()
            if isinstance(node, _NESTED):
                self._nested(node)
                continue
            if isinstance(node, ast.Assign):
                self._assign(node, handled)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
                self._bind(node.target.id, end(node), node.value, node)
                handled.add(id(node.target))
            elif isinstance(node, ast.NamedExpr):
                self._bind(node.target.id, end(node), node.value, node)
                handled.add(id(node.target))
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                for name in ast.walk(node.target):
                    if isinstance(name, ast.Name):
                        self._bind(name.id, end(node.iter), None, node)
                        handled.add(id(name))
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                self.dynamic.update(node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self._bind((alias.asname or alias.name).split(".")[0], end(node), None, node)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._bind(node.name, start(node), None, node)
            elif isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    self.loads.setdefault(node.id, []).append(node)
                elif id(node) not in handled:  # AugAssign, with-as, del, unpacking...
                    self._bind(node.id, end(node), None, None)
            stack.extend(reversed(list(ast.iter_child_nodes(node))))

    def _assign(self, node: ast.Assign, handled: set[int]) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                self._bind(target.id, end(node), node.value, node)
                handled.add(id(target))
            elif (isinstance(target, (ast.Tuple, ast.List)) and isinstance(node.value, (ast.Tuple, ast.List))
                  and len(target.elts) == len(node.value.elts)):
                for elt, value in zip(target.elts, node.value.elts):  # BS, H, W = 16, 128, 128
                    if isinstance(elt, ast.Name):
                        self._bind(elt.id, end(node), value, node)
                        handled.add(id(elt))

    def _nested(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._bind(node.name, end(node), None, node)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                self.loads.setdefault(sub.id, []).append(sub)
