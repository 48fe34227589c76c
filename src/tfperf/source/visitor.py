"""The source-detector API: a rule's `Source` visitor, and the one walk that runs them all.

A rule that can be detected in source code defines a nested class `Source(SourceVisitor)` with
`visit_<AstNode>(node)` methods (and optionally `end()`, called after the walk); the rule class
keeps the metadata (code, summary, safety, examples). Every rule's visitor is dispatched from a
single pre-order walk of the file, so adding a rule does not add a pass.

The walk is over Python's own `ast`: parsing with it is about ten times faster than a full
concrete syntax tree, which keeps `tfperf check` on a large repository at seconds. Fixes are text
edits at exact positions, so formatting and comments elsewhere are untouched.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Sequence

from tfperf.findings import Finding, Fix, Location, Safety, Severity, SourceLocation, TextEdit
from tfperf.source.literals import NOT_LITERAL, literal
from tfperf.source.names import ImportMap
from tfperf.source.scopes import SCOPES, Binding, ScopeIndex, start

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rules.base import Rule
    from tfperf.targets import Target

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BLOCK_FIELDS = ("body", "orelse", "finalbody")


def line_starts(text: str) -> list[int]:
    """Offset of each line's first character (lines end at \n, \r\n or \r, as Python counts them)."""
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


class FileContext:
    """One parsed file: its text, tree, imports, parents, scopes and the findings reported so far."""

    def __init__(self, path: str, text: str, tree: ast.Module, target: "Target"):
        self.path = path
        self.text = text
        self.tree = tree
        self.target = target
        self.imports = ImportMap()
        self.parents: dict[ast.AST, ast.AST | None] = {}
        self.findings: list[Finding] = []
        self.shared: dict[str, Any] = {}  # analyses several rules use (e.g. the tf.data pipelines)
        self._qualified: dict[int, str | None] = {}
        self.name_loads: dict[str, list[ast.Name]] = {}  # every read of each name (see _loads_in)
        self._load_positions: dict[str, list[tuple[int, int]]] = {}
        self._scopes: dict[ast.AST, ScopeIndex] = {}

    # positions: ast columns are UTF-8 byte offsets; reports and edits use 1-based characters

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if line > len(starts):
            return ""
        stop = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:stop].rstrip("\r\n")

    def newline_at(self, line: int) -> str:
        """The line ending of `line` (else the file's first one, else "\\n"): inserted lines use it, so
        a CRLF file stays CRLF."""
        starts = self.line_starts
        if line < len(starts):
            ending = self.text[starts[line - 1]:starts[line]]
            return ending[len(ending.rstrip("\r\n")):]
        first = _NEWLINE.search(self.text)
        return first.group() if first else "\n"

    def char_column(self, line: int, byte_col: int) -> int:
        text = self.line_text(line)
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace")) + 1

    def offset(self, line: int, column: int) -> int:
        """Text offset of a 1-based (line, character column)."""
        return self.line_starts[line - 1] + column - 1

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of a node, 1-based characters, end exclusive."""
        return (node.lineno, self.char_column(node.lineno, node.col_offset),
                node.end_lineno, self.char_column(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        line, col, end_line, end_col = self.span(node)
        return self.text[self.offset(line, col):self.offset(end_line, end_col)]

    def qualified(self, expr: ast.AST) -> str | None:
        """`imports.qualified`, memoised per node: every rule asks about the same calls."""
        key = id(expr)
        if key not in self._qualified:
            self._qualified[key] = self.imports.qualified(expr)
        return self._qualified[key]

    # structure

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(node)

    def ancestors(self, node: ast.AST) -> Iterable[ast.AST]:
        node = self.parents.get(node)
        while node is not None:
            yield node
            node = self.parents.get(node)

    def statement_of(self, node: ast.AST) -> ast.stmt | None:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(node)
        return node

    def block_of(self, stmt: ast.stmt) -> tuple[list[ast.stmt], int] | None:
        """The statement list holding `stmt` and its index there."""
        parent = self.parents.get(stmt)
        for field in _BLOCK_FIELDS:
            block = getattr(parent, field, None)
            if isinstance(block, list):
                for i, s in enumerate(block):
                    if s is stmt:
                        return block, i
        return None

    def scope_of(self, node: ast.AST) -> ast.AST:
        for anc in self.ancestors(node):
            if isinstance(anc, SCOPES):
                return anc
        return self.tree

    def scope_index(self, scope: ast.AST) -> ScopeIndex:
        index = self._scopes.get(scope)
        if index is None:
            index = self._scopes[scope] = ScopeIndex(scope, walrus=":=" in self.text, loads=self._loads_in)
        return index

    def _loads_in(self, scope: ast.AST, name: str) -> list[ast.Name]:
        """Reads of `name` inside `scope` (nested scopes included), in source order, from the walk's
        index: a scope is a contiguous range of the source, so a bisect finds them."""
        reads = self.name_loads.get(name)
        if not reads:
            return []
        positions = self._load_positions.get(name)
        if positions is None:  # the walk's pre-order is not quite source order (decorators, a if c else b)
            reads.sort(key=start)
            positions = self._load_positions[name] = [start(n) for n in reads]
        if scope is self.tree:
            return reads
        return reads[bisect_left(positions, start(scope)):bisect_right(positions, (scope.end_lineno, scope.end_col_offset))]

    def binding(self, name: ast.Name) -> Binding | None:
        """The assignment a loaded name refers to: the last one before it in its own scope, else the
        only one in an enclosing scope (a module constant, a closure variable)."""
        scope = self.scope_of(name)
        index = self.scope_index(scope)
        if name.id in index.dynamic:
            return None
        if name.id in index.bindings:
            return index.reaching(name.id, start(name))
        for outer in self.ancestors(scope):
            if isinstance(outer, SCOPES) and not isinstance(outer, ast.ClassDef):
                outer_index = self.scope_index(outer)
                if name.id in outer_index.bindings:
                    return outer_index.only_binding(name.id)
        return None

    def value_of(self, expr: ast.AST, depth: int = 8) -> ast.AST:
        """Follow plain `name = value` assignments back from a name to the expression it holds."""
        while isinstance(expr, ast.Name) and depth > 0:
            bound = self.binding(expr)
            if bound is None or bound.value is None:
                break
            expr, depth = bound.value, depth - 1
        return expr

    def literal(self, expr: ast.AST | None) -> Any:
        """A literal value, looking through names bound to literals (`k = 3`)."""
        return literal(expr, self._lookup_literal)

    def _lookup_literal(self, name: ast.Name) -> Any:
        bound = self.binding(name)
        return NOT_LITERAL if bound is None or bound.value is None else literal(bound.value, self._lookup_literal)


class SourceVisitor:
    """Base of every rule's source detector. One instance per file and rule."""

    rule_class: ClassVar[type["Rule"]]  # set by `visitors_for`

    def __init__(self, file: FileContext):
        self.file = file
        self.rule = self.rule_class

    @property
    def target(self) -> "Target":
        return self.file.target

    def end(self) -> None:
        """Called after the walk, for rules that decide on the whole file (pipelines)."""

    # helpers for rules

    def qualified(self, expr: ast.AST) -> str | None:
        return self.file.qualified(expr)

    def call_name(self, node: ast.AST) -> str | None:
        """Canonical qualified name of the function a Call calls (None if not an imported name)."""
        return self.file.qualified(node.func) if isinstance(node, ast.Call) else None

    def report(self, node: ast.AST, message: str, *, fix: Fix | None = None,
               severity: Severity | None = None) -> Finding:
        line, col, end_line, end_col = self.file.span(node)
        rule = self.rule
        finding = Finding(
            code=rule.code, rule=rule.name, message=message, severity=severity or rule.severity,
            section=rule.section,
            locations=(Location(source=SourceLocation(self.file.path, line, col, end_line, end_col)),),
            fix=fix or Fix(Safety.ADVISORY, message),
        )
        self.file.findings.append(finding)
        return finding

    def replace(self, node: ast.AST, text: str) -> TextEdit:
        line, col, end_line, end_col = self.file.span(node)
        return TextEdit(self.file.path, line, col, end_line, end_col, text)

    def insert_after(self, node: ast.AST, text: str) -> TextEdit:
        _, _, end_line, end_col = self.file.span(node)
        return TextEdit(self.file.path, end_line, end_col, end_line, end_col, text)

    def delete_statement(self, stmt: ast.stmt) -> TextEdit | None:
        """Remove a statement that sits alone on its lines (with its trailing comment); None if it
        shares a line with another statement (`a = 1; b = 2`), which rules then leave alone."""
        first, last = self.file.line_text(stmt.lineno), self.file.line_text(stmt.end_lineno)
        if first[:stmt.col_offset].strip() or last.encode()[stmt.end_col_offset:].strip()[:1] not in (b"", b"#"):
            return None
        starts = self.file.line_starts
        end_offset = starts[stmt.end_lineno] if stmt.end_lineno < len(starts) else len(self.file.text)
        end_line = stmt.end_lineno + 1 if stmt.end_lineno < len(starts) else stmt.end_lineno
        end_col = 1 if stmt.end_lineno < len(starts) else end_offset - starts[stmt.end_lineno - 1] + 1
        return TextEdit(self.file.path, stmt.lineno, 1, end_line, end_col, "")


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


def visitors_for(rules: Sequence[type["Rule"]]) -> list[type[SourceVisitor]]:
    """The source visitor classes of `rules` (rules without a source detector are skipped)."""
    found = []
    for rule in rules:
        visitor = rule.Source
        if visitor is not None:
            visitor.rule_class = rule
            found.append(visitor)
    return found


def run_visitors(file: FileContext, visitor_classes: Sequence[type[SourceVisitor]]) -> list[Finding]:
    """Walk the file once, dispatching each node to every visitor that has a method for it.

    The parent map is complete before any visitor runs, so a visitor can ask about any node's
    context (its scope, its statement, the bindings of a name inside it).
    """
    visitors = [cls(file) for cls in visitor_classes]
    enter: dict[type, list] = {}
    for visitor in visitors:
        for method, node_type in _handlers(type(visitor)):
            enter.setdefault(node_type, []).append(getattr(visitor, method))
    parents, imports, name_loads = file.parents, file.imports, file.name_loads
    parents[file.tree] = None
    order: list[ast.AST] = []
    stack: list[ast.AST] = [file.tree]
    AST, Name, Load = ast.AST, ast.Name, ast.Load
    while stack:  # pre-order, children in source order
        node = stack.pop()
        order.append(node)
        kind = type(node)
        if kind is Name:
            if type(node.ctx) is Load:
                name_loads.setdefault(node.id, []).append(node)
            continue  # a Name has no child worth a visit
        children = []
        for name, is_list in _FIELDS.get(kind) or _child_fields(node):
            value = getattr(node, name, None)
            if is_list:
                children.extend(value)
            elif isinstance(value, AST):
                children.append(value)
        if kind is ast.Dict or kind is ast.arguments:  # `{**a}` has a None key; kw_defaults may hold None
            children = [c for c in children if c is not None]
        for child in children:
            parents[child] = node
        children.reverse()
        stack.extend(children)
    for node in order:
        kind = type(node)
        if kind is ast.Import or kind is ast.ImportFrom:
            imports.add(node)
        handlers = enter.get(kind)
        if handlers:
            for handler in handlers:
                handler(node)
    for visitor in visitors:
        visitor.end()
    return file.findings


_HANDLERS: dict[type, list[tuple[str, type]]] = {}
_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}
_LEAF_FIELDS = {"ctx", "op", "ops"}  # Load/Store/Add... singletons: never interesting, never parents
# fields that hold lists of strings, not nodes (every other list field holds nodes, or None)
_STRING_LISTS = {(ast.Global, "names"), (ast.Nonlocal, "names"), (ast.MatchClass, "kwd_attrs")}


def _child_fields(node: ast.AST) -> tuple[tuple[str, bool], ...]:
    """(field, holds a list) of a node's type, in source order, without the leaf fields. A field is
    a list for every node of a type or for none (`args` is a list in Call, a node in FunctionDef),
    so the first node of a type decides."""
    kind = type(node)
    _FIELDS[kind] = tuple((f, type(getattr(node, f, None)) is list) for f in kind._fields
                          if f not in _LEAF_FIELDS and (kind, f) not in _STRING_LISTS)
    return _FIELDS[kind]


def _handlers(cls: type[SourceVisitor]) -> list[tuple[str, type]]:
    """(method name, ast node type) of a visitor's `visit_<Node>` methods (cached per class)."""
    if cls not in _HANDLERS:
        found = []
        for attr in dir(cls):
            if attr.startswith("visit_"):
                node_type = getattr(ast, attr[len("visit_"):], None)
                if isinstance(node_type, type) and issubclass(node_type, ast.AST):
                    found.append((attr, node_type))
        _HANDLERS[cls] = found
    return _HANDLERS[cls]
