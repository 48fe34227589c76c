"""TFP301 in source: where an L2 regularizer's strength comes from, by data flow.

`l2(self.l2_reg)`, `l1_l2(l1, l2)`: the strength is a value the class or the function states somewhere
else, not at the construction. What it may be is followed through the assignments that reach it:

- `self.<attr>` to its stores in the nearest class of the file's hierarchy that stores it (the class of the
  method that reads it, or a base of it in the file: `self.l2_coef = l2_coef` in a base's constructor read by a
  subclass's method); a constant stored there (`self.l2 = 0.0` in the constructor) is that constant;
- a parameter (of the constructor that stores it, or of the function) to what the project's calls pass for it,
  a base's constructor parameter to what the calls of the reading class pass (it inherits that constructor);
- `kwargs.get("l2_reg", 0.0)` (also `pop`) of the function's `**kwargs` to the keyword the calls pass, with
  that default;
- a local name to every assignment that may reach the read (`if ...: l2 = self.l2_enc_coef` / `else: l2 =
  self.l2_coef`), either branch of a conditional expression.

Each source is a parameter (judged with the others by what the callers pass, `passed.Parameter.joint`) or a
constant. One not known here leaves the finding as it is: a strength not known is most likely not 0.
"""

from __future__ import annotations

import ast

from tfperf.source.literals import NOT_LITERAL
from tfperf.source.passed import Parameter, callee_of, parameter_of, parameter_signature
from tfperf.source.shapes import parameter_owner

PARAMETER = "param"
CONSTANT = "const"
MAX_DEPTH = 4
MAX_SOURCES = 4  # parameters a strength hangs on together (each mix of their values is tried)
_GETTERS = ("get", "pop")
_PLAIN = (int, float, bool, type(None))


def strength_sources(v, expr: ast.expr, depth: int = 0) -> list[tuple[str, object]] | None:
    """(PARAMETER, its `parameter_of` key) or (CONSTANT, value) for each value `expr` may take; None when
    one is not known here."""
    if expr is None or depth > MAX_DEPTH:
        return None
    expr = unscaled(expr)
    if type(expr) is ast.Constant:
        return [(CONSTANT, expr.value)] if type(expr.value) in _PLAIN else None
    if type(expr) is ast.IfExp:
        body, orelse = strength_sources(v, expr.body, depth + 1), strength_sources(v, expr.orelse, depth + 1)
        return body + orelse if body is not None and orelse is not None else None
    if type(expr) is ast.Attribute and type(expr.value) is ast.Name and expr.value.id == "self":
        return _attribute_sources(v, expr, depth)
    if type(expr) is ast.Call:
        found = keyword_parameter(v, expr)
        return [(PARAMETER, found)] if found is not None else None
    if type(expr) is not ast.Name:
        return None
    found = parameter_of(v.file, expr)
    if found is not None:
        return [(PARAMETER, found)]
    if expr.id not in v.file.stored_names:
        return None
    reaching = v.file.reaching_bindings(expr)
    if not reaching:
        return None
    sources = []
    for bound in reaching:
        if bound.stmt is None and bound.value is None:  # the parameter itself, also assigned in the body
            function = parameter_owner(v.file, expr)
            found = parameter_signature(v.file, function, expr.id) if function is not None else None
            more = [(PARAMETER, found)] if found is not None else None
        elif bound.value is None or type(bound.stmt) not in (ast.Assign, ast.AnnAssign):
            return None  # (a loop target, an unpacking, an augmented assignment: not followed)
        else:
            more = strength_sources(v, bound.value, depth + 1)
        if more is None:
            return None
        sources += more
    return sources


def keyword_parameter(v, call: ast.Call) -> tuple | None:
    """`kwargs.get("l2_reg", 0.0)` (or `pop`) of the enclosing function's `**kwargs`, that no statement
    rebinds: the keyword the callers pass, with that default (as `parameter_of` says a parameter)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in _GETTERS or type(func.value) is not ast.Name or \
            not call.args or len(call.args) > 2 or call.keywords:
        return None
    name = v.file.literal(call.args[0])
    if type(name) is not str or not name.isidentifier():
        return None
    default = v.file.literal(call.args[1]) if len(call.args) == 2 else None
    if default is NOT_LITERAL or type(default) not in _PLAIN:
        return None
    holder = func.value.id
    function = v.file.scope_of(call)
    while function is not None and not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        function = v.file.parent(function)
    if function is None or function.args.kwarg is None or function.args.kwarg.arg != holder or \
            holder in v.file.stored_names and v.file.binding(func.value) is not None and \
            v.file.binding(func.value).stmt is not None:
        return None
    callee = callee_of(v.file, function)
    return (callee, None, name, default) if callee is not None else None


def _attribute_sources(v, expr: ast.Attribute, depth: int) -> list[tuple[str, object]] | None:
    """The values `self.<attr>` may hold where a method of its class reads it: the stores of the nearest
    class of the file's hierarchy storing it; None when a subclass of the file stores it too (its instances
    read another value) or a store is not known."""
    owner = v.file.enclosing_class(expr)
    if owner is None:
        return None
    chain = v.file_mro(owner)
    for index, cls in enumerate(chain):
        stores = v.file.self_assignments(cls, expr.attr)
        if stores:
            break
    else:
        return None
    if any(sub is not owner and owner in v.file_mro(sub) and v.file.self_assignments(sub, expr.attr)
           for sub in v.file_classes):
        return None
    sources = []
    for store in stores:
        found = strength_sources(v, store.value, depth + 1)
        if found is None:
            return None
        method = v.file.scope_of(store)
        if cls is not owner:  # a base's store: the reading class's calls pass what its constructor takes
            found = _inherited(v, found, method, owner, chain[:index])
            if found is None:
                return None
        sources += found
    return sources


def _inherited(v, sources: list, method, owner: ast.ClassDef, between: list) -> list | None:
    """A base's constructor parameter as the calls of `owner` pass it: the reading class (and those between)
    inherit that constructor, or hand it on through their own `**kwargs` (keyword only then)."""
    stored_by = callee_of(v.file, method) if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    init = next((stmt for cls in between for stmt in cls.body
                 if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == "__init__"), None)
    caller = v.file.qualnames.get(owner)
    moved = []
    for kind, found in sources:
        if kind == PARAMETER and found[0] == stored_by:
            if caller is None or getattr(method, "name", None) != "__init__":
                return None
            if init is None:
                found = (caller, *found[1:])
            elif init.args.kwarg is not None and found[2] not in {a.arg for a in init.args.args + init.args.kwonlyargs}:
                found = (callee_of(v.file, init), None, *found[2:])
            else:
                return None
        moved.append((kind, found))
    return moved


def strength_parameter(sources: list, adds, fine: str | None, unknown) -> Parameter | None | bool:
    """The Parameter a term of these sources hangs on (judged with the others, `Parameter.joint`); False when
    none adds a term (constants that add none); None when a constant adds one or is not known (the finding
    stays as it is) or there are too many parameters."""
    keys = []
    for kind, found in sources:
        if kind == CONSTANT:
            if adds(found) is not False:
                return None
        elif found not in keys:
            keys.append(found)
    if not keys:
        return False
    if len(keys) > MAX_SOURCES:
        return None

    def bad(*values) -> bool | None:
        verdicts = [adds(value) for value in values]
        return True if True in verdicts else None if None in verdicts else False

    joint = tuple((Parameter(*key, bad=bad, unknown=unknown).key, key[2]) for key in keys[1:])
    return Parameter(*keys[0], bad=bad, unknown=unknown, fine=fine, joint=joint)


def unscaled(strength: ast.expr | None) -> ast.expr | None:
    """What a strength is 0 exactly when: the strength, or the one operand of a scaling by a number
    that is not 0 (`l2(weight_decay / 2.0)`, `l2(0.5 * wd)`, `l2(float(wd))`)."""
    while True:
        if type(strength) is ast.BinOp and type(strength.op) in (ast.Mult, ast.Div):
            if _nonzero_number(strength.right):
                strength = strength.left
                continue
            if type(strength.op) is ast.Mult and _nonzero_number(strength.left):
                strength = strength.right
                continue
        elif type(strength) is ast.Call and type(strength.func) is ast.Name and strength.func.id == "float" \
                and len(strength.args) == 1 and not strength.keywords:
            strength = strength.args[0]
            continue
        return strength


def _nonzero_number(expr: ast.expr) -> bool:
    return type(expr) is ast.Constant and type(expr.value) in (int, float) and expr.value != 0
