"""When code runs, as far as a file shows it, and where a line that sets the global dtype policy
must go so that it runs before a model's first layer is constructed.

Keras layers (models too: a Model is a Layer) read the global policy in their constructor, so the
line must run before the first layer construction on every path that builds the model (an
`Input` too: its InputLayer keeps the policy it was built under). A construction inside a function
runs where the file calls the function; inside a method of a Keras class (or of a class whose
bases the file does not show), where the class is instantiated: its constructor reads the policy
first (`super().__init__()`), and its other methods run later. The line goes before the statement
of that function's body that holds the construction, so every branch of an `if` (and every turn
of a loop) below it is covered. Where the source does not show such a point (a lambda, a class
instantiated elsewhere, layers a function is given by its caller, a statement sharing its line),
the fix is advice that says where the line has to go, and why.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from tfperf.source.context import main_block
from tfperf.source.visitor import FileContext

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
MAX_DEPTH = 8  # call chains followed; deeper is "late" (runs after what the file shows)
TEST_CASE_SUFFIX = "TestCase"  # a test runner instantiates these and calls their methods (source.context)


class Timeline:
    """When a node runs, as far as the file shows: the chain of call-site positions from
    module-level code down to it (a function the file never calls runs after all of it). A method
    of a Keras class (or of a class whose bases the file does not show) runs where the class is
    instantiated; `keras_class(cls)` says which classes are (True, False, or None: not known)."""

    LATE = (float("inf"), 0)

    def __init__(self, file: FileContext, keras_class: Callable[[ast.ClassDef], bool | None]):
        self.file = file
        self.keras_class = keras_class
        self.calls: dict[str, list[ast.Call]] = {}
        for node in _breadth_first([call for call in file.calls if isinstance(call.func, ast.Name)], file.parents):
            self.calls.setdefault(node.func.id, []).append(node)
        self._memo: dict[int, tuple | None] = {}
        self._first_call: dict[int, ast.Call | None] = {}
        self._owners: dict[int, ast.ClassDef | None] = {}

    def owner(self, function: ast.AST) -> ast.ClassDef | None:
        """The class whose instantiation runs `function` (None: the function runs where it is called)."""
        if id(function) not in self._owners:
            cls = self.file.parent(function)
            keep = isinstance(cls, ast.ClassDef) and self.keras_class(cls) is not False
            self._owners[id(function)] = cls if keep else None
        return self._owners[id(function)]

    def of(self, node: ast.AST, depth: int = 0) -> tuple:
        function = next((a for a in self.file.ancestors(node) if isinstance(a, FUNCTIONS)), None)
        here = ((node.lineno, node.col_offset),)
        if function is None:
            return here
        if depth > MAX_DEPTH or id(function) in self._memo and self._memo[id(function)] is None:
            return (self.LATE,) + here
        if id(function) not in self._memo:
            self._memo[id(function)] = None  # recursion guard
            runs_at = (self.owner(function) or function).name
            sites = [(self.of(call, depth + 1), call) for call in self.calls.get(runs_at, []) if call is not node]
            first = min(sites, key=lambda site: site[0]) if sites else ((self.LATE,), None)
            self._memo[id(function)], self._first_call[id(function)] = first
        return self._memo[id(function)] + here

    def first_call(self, function: ast.AST) -> ast.Call | None:
        """The call that runs `function` first (None: the file never calls it)."""
        self.of(function.body[0])
        return self._first_call.get(id(function))


def _breadth_first(nodes: list[ast.AST], parents: dict) -> list[ast.AST]:
    """Nodes given in pre-order (`FileContext.calls`) in the order `ast.walk` yields them: breadth
    first, which is pre-order sorted by depth (a stable sort). The order call sites are compared in
    decides ties and recursion in `Timeline.of`; the file's calls are far fewer than its nodes."""
    depths: dict[ast.AST | None, int] = {None: -1}

    def depth(node: ast.AST) -> int:
        chain = []  # (climbed, not recursed: a long chain of `a + b + ...` nests deeply)
        while node not in depths:
            chain.append(node)
            node = parents.get(node)
        found = depths[node]
        for node in reversed(chain):
            found = depths[node] = found + 1
        return found

    return sorted(nodes, key=depth)


@dataclass(frozen=True)
class Point:
    """The policy line goes before `stmt` (before its decorators), at its indentation: it runs
    before `construction`, the model's first layer built."""

    stmt: ast.stmt
    construction: ast.Call


def policy_point(file: FileContext, constructions: list[ast.Call], timeline: Timeline) -> Point | str:
    """Where a policy line runs before the first of `constructions` (every layer and model
    construction of the file), or why the source shows no such point (a phrase for the advice)."""
    first = min(constructions, key=timeline.of)
    node: ast.AST = first
    for _ in range(MAX_DEPTH):
        scope = _scope(file, node)
        if isinstance(scope, ast.Lambda):
            return "the model is built in a lambda: the policy has to be set before the lambda is called"
        if isinstance(scope, ast.ClassDef):
            node = scope  # a class body runs where the class is defined
            continue
        cls = timeline.owner(scope) if isinstance(scope, FUNCTIONS) else None
        if cls is None:
            break
        call = timeline.first_call(scope)
        if call is None:
            return (f"its layers are built when `{cls.name}` is instantiated, which this file does not do: the "
                    f"policy has to be set before `{cls.name}(...)` runs (its constructor reads it)")
        node = call
    else:
        return "the model is built through a chain of calls too deep to follow"
    return _statement_point(file, scope, node, first)


def _scope(file: FileContext, node: ast.AST) -> ast.AST:
    """The function, lambda or class body `node` runs in (decorators, defaults and bases run in the
    scope around the definition), or the module."""
    child = node
    for ancestor in file.ancestors(node):
        if isinstance(ancestor, (*FUNCTIONS, ast.ClassDef)) and child in ancestor.body:
            return ancestor
        if isinstance(ancestor, ast.Lambda) and child is ancestor.body:
            return ancestor
        child = ancestor
    return file.tree


def _statement_point(file: FileContext, scope: ast.AST, node: ast.AST, first: ast.Call) -> Point | str:
    """Before the statement of `scope`'s body that holds `node`; advice when layers may come from
    the caller or the statement does not start its line."""
    stmt = node if isinstance(node, ast.stmt) and node in scope.body else \
        next(a for a in file.ancestors(node) if a in scope.body)
    while main_block(stmt) and node is not stmt:
        # a program's `if __name__ == "__main__":` block runs only when the file runs as a program: the
        # line goes inside it (before it, it would run whenever the module is imported, as a library)
        inner = next((a for a in (node, *file.ancestors(node)) if any(a is s for s in stmt.body)), None)
        if inner is None:
            break
        stmt = inner
    called = _called_parameters(file, scope) if isinstance(scope, FUNCTIONS) else []
    if called:
        return (f"`{scope.name}` calls `{called[0]}`, which it is given: if that is a layer or model, the caller built "
                f"it, so the policy has to be set before the caller builds it")
    line = file.line_text(first_line(stmt))
    if stmt.col_offset != len(line) - len(line.lstrip()):
        return "the statement that builds the model shares its line with another"
    return Point(stmt, first)


def first_line(stmt: ast.stmt) -> int:
    """The line a statement starts on (above its decorators): where a line placed before it goes."""
    decorators = getattr(stmt, "decorator_list", None)
    return decorators[0].lineno if decorators else stmt.lineno


def _called_parameters(file: FileContext, function: ast.AST) -> list[str]:
    """The parameters `function` calls (`layer(x)`): what it is given may have been built before it runs."""
    arguments = function.args
    names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
    if isinstance(file.parent(function), ast.ClassDef) and names:
        names = names[1:]  # self, cls
    names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
    called = {node.func.id for node in ast.walk(function)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and _scope(file, node) is function}
    return [name for name in names if name in called]
