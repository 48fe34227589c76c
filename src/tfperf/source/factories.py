"""Framework layers made by project code rather than named where they are built: what a call of a project
factory makes, read as that layer's construction by `FileContext.call_name`, so that every rule that asks
"what layer is this" (TFP201's pads and convs, the shapes a layer keeps...) sees
`get_reshaping_layer(spatial_dims=2, layer_type="padding", padding=1)` as `ZeroPadding2D(padding=1)`; the
layer a wrapper applies unchanged (`applied_layer`: `TimeDistributed(Conv2D(...))`); and the layer an item of a
container holds by a literal key (`held_item`: `self.blocks["pad"](x)` with `self.blocks = {"pad":
ZeroPadding2D(1), ...}` assigned once and never changed).

A factory is a project function every return of which constructs a framework class, handing it only its
`**kwargs` (unchanged: read in `"filters" in kwargs` tests at most) and its own parameters by their names
(`Cls(padding=padding, **kwargs)`), the class chosen by its parameters:

- directly (`return layers.ZeroPadding2D(**kwargs)`), in branches of `if`/`elif` on a parameter
  (`if layer_type == "padding": return ...`; `elif`, `in (...)`, a flag; an earlier `if ...: return` or
  `raise` rules its test out where the code goes on);
- through a local name the branches assign (`if layer_type == "conv": ConvClass = layers.Conv2D`);
- by key from a dict literal, of the function or the module (`{2: layers.Conv2D, 3: layers.Conv3D}[dims]`,
  nested: `layers_map[layer_type][spatial_dims]`); a key parameter rebound only as `p = p.lower()` (or
  `upper()`) is compared so.

A call is read as the layer when it passes every argument by keyword (a positional argument would be read as
the layer's own) and the keys it passes literally, with the factory's defaults for the others, leave one class
(the exported `LAYER_FACTORY` fact: the parameters, the options and their conditions); a parameter the factory
forwards by name with a default of its own must be passed (the layer's default is not the factory's). Classes
that differ only in their rank (`ZeroPadding2D`/`ZeroPadding3D` by a `spatial_dims` the call does not state)
are read as the lowest: the pads and convs such a model builds are read alike (the rank each of them gets from
the same dims), so a pad and its conv still meet (a project class of that family among them, the
framework's: `DepthwiseConv2D` or the project's `DepthwiseConv3D`). A key the call does not state literally,
a project class alone, or an option the function's code does not show is not read: the call stays the
factory's.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from tfperf.source import api
from tfperf.source.arguments import parameter_defaults, parameter_names
from tfperf.source.literals import NOT_LITERAL, literal, literal_item
from tfperf.source.paths import exited_before

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

# function -> (parameters ((name, default or _MISSING), ...), forwarded by name (names), options ((conditions,
# class), ...)); a condition is (parameter, test, value, case): test "==", "!=", "in", "notin", "truthy",
# "falsy" or "opaque" (not read: either way), case "lower"/"upper"/"" (the parameter rebound so before tests)
LAYER_FACTORY = "layerfactory"
_MISSING = "<missing>"
_UNKNOWN = "?"  # an option that is not a framework class the code shows
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
# wrappers that apply the layer they are handed with its geometry unchanged (per frame, or with its weights
# normalized): the layer a rule reads where the wrapper is built
WRAPPERS = {"keras.layers.TimeDistributed": (0, "layer"),
            "tensorflow_addons.layers.WeightNormalization": (0, "layer"),
            "tensorflow_addons.layers.SpectralNormalization": (0, "layer"),
            "keras.layers.SpectralNormalization": (0, "layer")}
_RANK = re.compile(r"[123]D$")
_CASES = {"lower": str.lower, "upper": str.upper}
MAX_DEPTH = 6


def applied_layer(file: FileContext, construction: ast.AST) -> ast.AST:
    """The layer a wrapper construction applies (`TimeDistributed(Conv2D(...))`: the `Conv2D(...)`), else the
    construction itself."""
    for _ in range(3):
        if type(construction) is not ast.Call:
            return construction
        where = WRAPPERS.get(file.call_name(construction))
        if where is None:
            return construction
        inner = construction.args[where[0]] if construction.args else None
        inner = inner or next((k.value for k in construction.keywords if k.arg == where[1]), None)
        if type(inner) is not ast.Call:
            return construction
        construction = inner
    return construction


_MUTATORS = {"append", "extend", "insert", "update", "pop", "setdefault", "clear", "remove", "reverse", "sort",
             "popitem"}


def held_item(file: FileContext, subscript: ast.AST) -> ast.AST | None:
    """The layer construction an item of a container holds, by a literal key: `blocks["pad"]` or `stack[0]` of a
    local name bound once, or of a `self.<attr>` assigned once in its class, to a dict, list or tuple literal that
    nothing changes afterwards (no item store, no `append`/`update`...); else None."""
    if type(subscript) is not ast.Subscript or type(subscript.slice) is not ast.Constant:
        return None
    item = literal_item(_container(file, subscript.value), subscript.slice.value)
    return applied_layer(file, item) if type(item) is ast.Call else None


def _container(file: FileContext, holder: ast.AST) -> ast.AST | None:
    """The dict, list or tuple literal `holder` is bound to once and never changed."""
    if type(holder) is ast.Name and holder.id in file.stored_names:
        bound = file.binding(holder)
        if bound is None or type(bound.stmt) is not ast.Assign or bound.value is not bound.stmt.value:
            return None
        scope = file.scope_of(holder)
        if len(file.scope_index(scope).bindings.get(holder.id, [])) != 1:
            return None
        value, region, same = bound.value, scope, lambda node: type(node) is ast.Name and node.id == holder.id
    elif type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self":
        owner = file.enclosing_class(holder)
        stmts = file.self_assignments(owner, holder.attr) if owner is not None else []
        if len(stmts) != 1:
            return None
        value, region = stmts[0].value, owner
        same = lambda node: type(node) is ast.Attribute and node.attr == holder.attr \
            and type(node.value) is ast.Name and node.value.id == "self"  # noqa: E731
    else:
        return None
    if type(value) not in (ast.Dict, ast.List, ast.Tuple):
        return None
    for node in ast.walk(region):
        if type(node) is ast.Subscript and type(node.ctx) is not ast.Load and same(node.value):
            return None  # (`blocks["pad"] = ...`)
        if type(node) is ast.Attribute and node.attr in _MUTATORS and same(node.value):
            return None
        if type(node) is ast.AugAssign and same(node.target):
            return None
    return value


# ---------------------------------------------------------------------------------------------
# a call of a factory


def may_be_made(call: ast.Call) -> bool:
    """A cheap test before the project is asked: every argument by keyword, none spread."""
    return not call.args and bool(call.keywords) and all(k.arg is not None for k in call.keywords)


def made_layer(file: FileContext, call: ast.Call, function: str) -> str | None:
    """The canonical name of the framework layer a call of the project function `function` constructs, or
    None (see the module docstring)."""
    facts = file.project.query(LAYER_FACTORY, function)
    if len(facts) != 1 or not may_be_made(call):
        return None
    parameters, forwarded, options = facts[0]
    values = _bound(file, call, parameters, forwarded)
    if values is None:
        return None
    found = {cls for conditions, cls in options if _may_hold(conditions, values)}
    if not found or _UNKNOWN in found:
        return None
    if len(found) > 1 and len({_RANK.sub("D", name.rpartition(".")[2]) for name in found}) != 1:
        return None
    framework = sorted(name for name in found if api.is_framework(name))
    return framework[0] if framework else None


def _bound(file: FileContext, call: ast.Call, parameters: tuple, forwarded: tuple) -> dict | None:
    """Each parameter's value at the call (NOT_LITERAL when not literal), or None when the call does not fit."""
    given = {k.arg: k.value for k in call.keywords}
    names = {name for name, _ in parameters}
    values = {}
    for name, default in parameters:
        if name in given:
            values[name] = file.literal(given[name])
        elif default == _MISSING or name in forwarded:
            return None  # (a required argument left out; a forwarded one's default is the factory's, not the layer's)
        else:
            values[name] = default
    if "**" not in forwarded and any(name not in names for name in given):
        return None  # (a keyword the factory does not take: the call fails, nothing is read)
    return values


def _may_hold(conditions: tuple, values: dict) -> bool:
    """Whether the conditions of an option may all hold for the call's values."""
    for name, test, expected, case in conditions:
        value = values.get(name, NOT_LITERAL)
        if test == "opaque" or value is NOT_LITERAL:
            continue
        if case and isinstance(value, str):
            value = _CASES[case](value)
        if _holds(test, value, expected) is False:
            return False
    return True


def _holds(test: str, value, expected) -> bool | None:
    if test == "==":
        return value == expected
    if test == "!=":
        return value != expected
    if test == "in":
        return value in expected
    if test == "notin":
        return value not in expected
    if test == "truthy":
        return bool(value)
    if test == "falsy":
        return not value
    return None


# ---------------------------------------------------------------------------------------------
# what a file exports: its factories


def export_factories(file: FileContext) -> None:
    """LAYER_FACTORY facts for the file's functions that are layer factories."""
    if "**" not in file.text and "=" not in file.text:
        return
    for node, qualname in file.qualnames.items():
        if type(node) is ast.FunctionDef and not node.decorator_list:
            fact = factory_fact(file, node)
            if fact is not None:
                file.project.export(LAYER_FACTORY, qualname, fact)


def factory_fact(file: FileContext, function: ast.FunctionDef) -> tuple | None:
    """(parameters, forwarded, options) when `function` is a layer factory, else None."""
    returns = file.returns_of(function)
    if not returns or any(type(r.value) is not ast.Call for r in returns):
        return None
    args = function.args
    spread = args.kwarg.arg if args.kwarg else None
    named = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    if args.vararg is not None or not named and spread is None or named[:1] in (["self"], ["cls"]):
        return None
    if any(_handed(r.value, set(named), spread) is None for r in returns):
        return None  # (the cheap test first: most functions hand their construction something else)
    cases = _cases(function, set(named), spread)
    if cases is None:
        return None
    forwarded: set[str] = set()
    options = []
    for ret in returns:
        call = ret.value
        handed = _handed(call, set(named), spread)
        if handed is None:
            return None
        forwarded |= handed
        if spread is not None and any(k.arg is None for k in call.keywords):
            forwarded.add("**")
        path = _path_conditions(file, ret, function, cases)
        options += [(path + conditions, cls) for conditions, cls in _options(file, function, call.func, cases, 0)]
    options = [(tuple(_plain(c) for c in conditions), cls if type(cls) is str else _UNKNOWN)
               for conditions, cls in options]
    if not options or all(cls == _UNKNOWN for _, cls in options):
        return None
    defaults = parameter_defaults(function)
    parameters = tuple((name, _default(defaults.get(name))) for name in named)
    return parameters, tuple(sorted(forwarded)), tuple(options)


def _plain(condition: tuple) -> tuple:
    """A condition as plain data (a list literal compared: a tuple)."""
    name, test, value, case = condition
    return name, test, tuple(value) if isinstance(value, list) else value, case


def _default(node: ast.expr | None):
    if node is None:
        return _MISSING
    value = literal(node)
    return NOT_LITERAL_DEFAULT if value is NOT_LITERAL else tuple(value) if isinstance(value, list) else value


NOT_LITERAL_DEFAULT = "<not literal>"  # (a fact holds plain data: a default the source does not state)


def _handed(call: ast.Call, named: set[str], spread: str | None) -> set[str] | None:
    """The parameters a return's construction hands on by their own names; None when it hands anything else
    (a positional argument, a computed keyword, another dict)."""
    if call.args:
        return None
    handed = set()
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is None:
            if not (type(value) is ast.Name and value.id == spread):
                return None
        elif type(value) is ast.Name and value.id == keyword.arg and value.id in named:
            handed.add(value.id)
        else:
            return None
    return handed


def _cases(function: ast.FunctionDef, named: set[str], spread: str | None) -> dict[str, str] | None:
    """The parameters rebound before their tests as `p = p.lower()` (or `upper()`), with the case; None when
    the function edits its `**kwargs` (`kwargs["padding"] = ...`, `kwargs.pop(...)`: what it hands on is not
    what the call passes)."""
    cases: dict[str, str] = {}
    for node in ast.walk(function):
        if type(node) is ast.Name and node.id == spread and type(node.ctx) is not ast.Load:
            return None
        if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == spread:
            return None  # (`kwargs.pop`, `kwargs.update`, `kwargs.setdefault`: edits or reads it as a dict)
        if type(node) is ast.Subscript and type(node.value) is ast.Name and node.value.id == spread \
                and type(node.ctx) is not ast.Load:
            return None
        if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name \
                and node.targets[0].id in named:
            value = node.value
            name = node.targets[0].id
            if type(value) is ast.Call and not value.args and type(value.func) is ast.Attribute \
                    and value.func.attr in _CASES and type(value.func.value) is ast.Name and value.func.value.id == name:
                cases[name] = value.func.attr
            else:
                cases[name] = "rebound"
    return cases


def _path_conditions(file: FileContext, node: ast.AST, function: ast.FunctionDef, cases: dict) -> tuple:
    """The conditions of the `if` tests around `node` within `function`, and of earlier `if ...: return/raise`."""
    found = []
    child = node
    for parent in file.ancestors(node):
        if parent is function:
            break
        if type(parent) is ast.If:
            if any(child is s for s in parent.body):
                found += _test_conditions(parent.test, True, cases)
            elif any(child is s for s in parent.orelse):
                found += _test_conditions(parent.test, False, cases)
        elif type(parent) is ast.IfExp:
            if child is parent.body:
                found += _test_conditions(parent.test, True, cases)
            elif child is parent.orelse:
                found += _test_conditions(parent.test, False, cases)
        child = parent
    stmt = file.statement_of(node) if not isinstance(node, ast.stmt) else node
    for test, held in exited_before(file, stmt):
        found += _test_conditions(test, held, cases)
    return tuple(found)


_OPAQUE = ("", "opaque", None, "")


def _test_conditions(test: ast.expr, held: bool, cases: dict) -> list[tuple]:
    """A test of the factory's parameters as conditions (`held`: whether it held on the path)."""
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        return _test_conditions(test.operand, not held, cases)
    if type(test) is ast.BoolOp:
        if (type(test.op) is ast.And) == held:  # `a and b` held, `a or b` did not: each part so
            return [c for value in test.values for c in _test_conditions(value, held, cases)]
        return [_OPAQUE]
    if type(test) is ast.Name:
        case = cases.get(test.id, "")
        return [(test.id, "truthy" if held else "falsy", None, "")] if case != "rebound" else [_OPAQUE]
    if type(test) is ast.Compare and len(test.ops) == 1:
        left, right, op = test.left, test.comparators[0], type(test.ops[0])
        if type(left) is ast.Constant and op in (ast.Eq, ast.NotEq):
            left, right = right, left
        if type(left) is not ast.Name or cases.get(left.id) == "rebound":
            return [_OPAQUE]
        case = cases.get(left.id, "")
        value = literal(right)
        if value is NOT_LITERAL:
            return [_OPAQUE]
        if op in (ast.Eq, ast.NotEq):
            return [(left.id, "==" if (op is ast.Eq) == held else "!=", value, case)]
        if op in (ast.In, ast.NotIn) and isinstance(value, (list, tuple)):
            return [(left.id, "in" if (op is ast.In) == held else "notin", tuple(value), case)]
    return [_OPAQUE]


def _options(file: FileContext, function: ast.FunctionDef, expr: ast.AST, cases: dict, depth: int) -> list[tuple]:
    """The classes `expr` may be in `function`: (conditions, canonical name, or a dict literal for a lookup)."""
    if depth > MAX_DEPTH:
        return [((), _UNKNOWN)]
    kind = type(expr)
    if kind is ast.Dict:
        return [((), expr)]
    if kind is ast.Name and expr.id in _local_names(function):
        return _assigned_options(file, function, expr.id, cases, depth)
    if kind is ast.Name and expr.id in file.stored_names and type(file.scope_of(expr)) is not ast.Module:
        bound = file.binding(expr)  # (a module-level table: `LAYERS = {...}`)
        if bound is not None and type(bound.value) is ast.Dict and type(file.scope_of(bound.stmt)) is ast.Module:
            return [((), bound.value)]
    if kind in (ast.Name, ast.Attribute):
        name = file.qualified(expr)
        return [((), name or _UNKNOWN)]
    if kind is ast.Subscript:
        return _looked_up(file, function, expr, cases, depth)
    if kind is ast.IfExp:
        return [(tuple(_test_conditions(expr.test, held, cases)) + c, cls)
                for held, branch in ((True, expr.body), (False, expr.orelse))
                for c, cls in _options(file, function, branch, cases, depth + 1)]
    return [((), _UNKNOWN)]


def _local_names(function: ast.FunctionDef) -> set[str]:
    found = set()
    for node in ast.walk(function):
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            found.add(node.id)
        elif type(node) in (ast.Import, ast.ImportFrom):
            found.update((a.asname or a.name).split(".")[0] for a in node.names)
    return found


def _assigned_options(file: FileContext, function: ast.FunctionDef, name: str, cases: dict, depth: int) -> list:
    """What the assignments of a local name may give it, each under the conditions of its path."""
    found = []
    for node in ast.walk(function):
        if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name \
                and node.targets[0].id == name:
            path = _path_conditions(file, node, function, cases)
            found += [(path + c, cls) for c, cls in _options(file, function, node.value, cases, depth + 1)]
        elif type(node) is ast.ImportFrom and node.module and not node.level and any(
                (a.asname or a.name) == name for a in node.names):
            path = _path_conditions(file, node, function, cases)  # (a class the function imports: its own name)
            found += [(path, f"{node.module}.{a.name}") for a in node.names if (a.asname or a.name) == name]
        elif type(node) in (ast.Import, ast.ImportFrom) and any((a.asname or a.name).split(".")[0] == name
                                                               for a in node.names):
            found.append(((), _UNKNOWN))
        elif type(node) is ast.Name and node.id == name and type(node.ctx) is ast.Store \
                and type(file.parent(node)) is not ast.Assign:
            found.append(((), _UNKNOWN))  # (a loop target, an augmented or unpacking assignment)
    return found or [((), _UNKNOWN)]


def _looked_up(file: FileContext, function: ast.FunctionDef, expr: ast.Subscript, cases: dict, depth: int) -> list:
    """`table[key]`: the items of the dict literals the table may be, under the key's condition."""
    key = expr.slice
    found = []
    for conditions, table in _options(file, function, expr.value, cases, depth + 1):
        if type(table) is not ast.Dict or None in table.keys:
            found.append((conditions, _UNKNOWN))
            continue
        for item_key, item in zip(table.keys, table.values):
            value = literal(item_key)
            if value is NOT_LITERAL:
                found.append((conditions, _UNKNOWN))
                continue
            if type(key) is ast.Name and key.id in parameter_names(function) and cases.get(key.id) != "rebound":
                condition = ((key.id, "==", value, cases.get(key.id, "")),)
            elif literal(key) is not NOT_LITERAL:
                if literal(key) != value:
                    continue
                condition = ()
            else:
                condition = (_OPAQUE,)
            found += [(conditions + condition + c, cls) for c, cls in _options(file, function, item, cases, depth + 1)]
    return found

