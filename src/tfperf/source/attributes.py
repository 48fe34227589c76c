"""Where a value read in a method comes from, by data flow through `self.<attr>`, for any rule.

`l2(self.l2_reg)`, `if self.full_cov:`: the value is one the class or the function states somewhere else. What
it may be is followed through the assignments that reach it (`value_sources`):

- `self.<attr>` to its stores in the nearest class of the file's hierarchy that stores it (the class of the
  method that reads it, or a base of it in the file: `self.l2_coef = l2_coef` in a base's constructor read by a
  subclass's method); a constant stored there (`self.l2 = 0.0` in the constructor) is that constant;
- a parameter (of the constructor that stores it, or of the function) to what the project's calls pass for it,
  a base's constructor parameter to what the calls of the reading class pass (it inherits that constructor);
- `kwargs.get("l2_reg", 0.0)` (also `pop`) of the function's `**kwargs` to the keyword the calls pass, with
  that default;
- a field of a config class (`cfg.l2_reg` of a parameter `cfg: ModelConfig`, `self.cfg.l2_reg`: `configs.reference`)
  to what the project's configs hold (its default, the constructions, the stores: `project.field_values`), as a
  parameter keyed by the field (`passed.field_key`);
- a local name to every assignment that may reach the read (`if ...: l2 = self.l2_enc_coef` / `else: l2 =
  self.l2_coef`), either branch of a conditional expression.

Each source is a parameter (its `passed.parameter_of` key: what the callers pass decides) or a constant. TFP301
reads strengths so (`rules/l2_loss/strength.py`), `optin` the flags of opt-in branches.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Callable

from tfperf.source.passed import callee_of, field_parameter, parameter_of, parameter_signature
from tfperf.source.shapes import parameter_owner

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

PARAMETER = "param"
CONSTANT = "const"
MAX_DEPTH = 4
_GETTERS = ("get", "pop")
_PLAIN = (int, float, bool, type(None), str)


def file_classes(file: FileContext) -> list[ast.ClassDef]:
    """The classes of the file (every one the file names)."""
    found = file.shared.get("attributes-classes")
    if found is None:
        found = file.shared["attributes-classes"] = [node for node in file.qualnames if isinstance(node, ast.ClassDef)]
    return found


def _base_class(file: FileContext, base: ast.expr) -> ast.AST | None:
    """A base class defined in this file: by its qualified name (imported, or a class of the file), or a
    top-level class of the file of that name."""
    name = file.qualified(base)
    if name is None and isinstance(base, ast.Name):
        local = [c for c in file_classes(file) if c.name == base.id and isinstance(file.parent(c), ast.Module)]
        name = file.qualnames[local[0]] if len(local) == 1 else None
    return file.defs.get(name)


def file_mro(file: FileContext, owner: ast.ClassDef) -> list[ast.ClassDef]:
    """The class and its bases defined in this file, nearest first (depth first, as Python's MRO is for
    single inheritance)."""
    found, todo = [], [owner]
    while todo and len(found) < 16:
        cls = todo.pop(0)
        if cls in found:
            continue
        found.append(cls)
        todo[:0] = [b for b in (_base_class(file, base) for base in cls.bases) if isinstance(b, ast.ClassDef)]
    return found


def value_sources(file: FileContext, expr: ast.expr, unwrap: Callable | None = None,
                  depth: int = 0, fields: bool = False) -> list[tuple[str, object]] | None:
    """(PARAMETER, its `parameter_of` key) or (CONSTANT, value) for each value `expr` may take; None when
    one is not known here. `unwrap`: what a value is judged by, at each step (TFP301: a strength's
    scaling by a number that is not 0). `fields`: a field of a config class is a source too (keyed by
    `passed.field_key`'s parts, whose default the index holds: TFP301; `optin` reads those itself)."""
    if expr is None or depth > MAX_DEPTH:
        return None
    if unwrap is not None:
        expr = unwrap(expr)
    if type(expr) is ast.Constant:
        return [(CONSTANT, expr.value)] if type(expr.value) in _PLAIN else None
    if type(expr) is ast.IfExp:
        body = value_sources(file, expr.body, unwrap, depth + 1, fields)
        orelse = value_sources(file, expr.orelse, unwrap, depth + 1, fields)
        return body + orelse if body is not None and orelse is not None else None
    if type(expr) is ast.Attribute and type(expr.value) is ast.Name and expr.value.id == "self":
        return _attribute_sources(file, expr, unwrap, depth, fields)
    if type(expr) is ast.Call:
        found = keyword_parameter(file, expr)
        return [(PARAMETER, found)] if found is not None else None
    if fields and type(expr) is ast.Attribute:  # `cfg.l2_reg`, `self.cfg.l2_reg`: a field of a config class
        found = field_parameter(file, expr)
        return [(PARAMETER, found)] if found is not None else None
    if type(expr) is not ast.Name:
        return None
    found = parameter_of(file, expr)
    if found is not None:
        return [(PARAMETER, found)]
    if expr.id not in file.stored_names:
        return None
    reaching = file.reaching_bindings(expr)
    if not reaching:
        return None
    sources = []
    for bound in reaching:
        if bound.stmt is None and bound.value is None:  # the parameter itself, also assigned in the body
            function = parameter_owner(file, expr)
            found = parameter_signature(file, function, expr.id) if function is not None else None
            more = [(PARAMETER, found)] if found is not None else None
        elif bound.value is None or type(bound.stmt) not in (ast.Assign, ast.AnnAssign):
            return None  # (a loop target, an unpacking, an augmented assignment: not followed)
        else:
            more = value_sources(file, bound.value, unwrap, depth + 1, fields)
        if more is None:
            return None
        sources += more
    return sources


def keyword_parameter(file: FileContext, call: ast.Call) -> tuple | None:
    """`kwargs.get("l2_reg", 0.0)` (or `pop`) of the enclosing function's `**kwargs`, that no statement
    rebinds: the keyword the callers pass, with that default (as `parameter_of` says a parameter)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in _GETTERS or type(func.value) is not ast.Name or \
            not call.args or len(call.args) > 2 or call.keywords:
        return None
    name = file.literal(call.args[0])
    if type(name) is not str or not name.isidentifier():
        return None
    default = file.literal(call.args[1]) if len(call.args) == 2 else None
    if type(default) not in _PLAIN or type(default) is str:
        return None
    holder = func.value.id
    function = file.scope_of(call)
    while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        function = file.parent(function)
    if function is None or function.args.kwarg is None or function.args.kwarg.arg != holder or \
            holder in file.stored_names and file.binding(func.value) is not None and \
            file.binding(func.value).stmt is not None:
        return None
    callee = callee_of(file, function)
    return (callee, None, name, default) if callee is not None else None


def _attribute_sources(file: FileContext, expr: ast.Attribute, unwrap: Callable | None,
                       depth: int, fields: bool = False) -> list[tuple[str, object]] | None:
    """The values `self.<attr>` may hold where a method of its class reads it: the stores of the nearest
    class of the file's hierarchy storing it; None when a subclass of the file stores it too (its instances
    read another value) or a store is not known."""
    owner = file.enclosing_class(expr)
    if owner is None:
        return None
    chain = file_mro(file, owner)
    for index, cls in enumerate(chain):
        stores = file.self_assignments(cls, expr.attr)
        if stores:
            break
    else:
        return None
    if any(sub is not owner and owner in file_mro(file, sub) and file.self_assignments(sub, expr.attr)
           for sub in file_classes(file)):
        return None
    sources = []
    for store in stores:
        found = value_sources(file, store.value, unwrap, depth + 1, fields)
        if found is None:
            return None
        method = file.scope_of(store)
        if cls is not owner:  # a base's store: the reading class's calls pass what its constructor takes
            found = _inherited(file, found, method, owner, chain[:index])
            if found is None:
                return None
        sources += found
    return sources


def _inherited(file: FileContext, sources: list, method, owner: ast.ClassDef, between: list) -> list | None:
    """A base's constructor parameter as the calls of `owner` pass it: the reading class (and those between)
    inherit that constructor, or hand it on through their own `**kwargs` (keyword only then)."""
    stored_by = callee_of(file, method) if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    init = next((stmt for cls in between for stmt in cls.body
                 if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__init__"), None)
    caller = file.qualnames.get(owner)
    moved = []
    for kind, found in sources:
        if kind == PARAMETER and found[0] == stored_by:
            if caller is None or getattr(method, "name", None) != "__init__":
                return None
            if init is None:
                found = (caller, *found[1:])
            elif init.args.kwarg is not None and found[2] not in {a.arg for a in init.args.args + init.args.kwonlyargs}:
                found = (callee_of(file, init), None, *found[2:])
            else:
                return None
        moved.append((kind, found))
    return moved
