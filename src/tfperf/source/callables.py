"""Framework ops reached through a callable value rather than a direct call: what a name, an attribute of
`self` or an expression holds when it is built from an op without changing it, so that every rule that
resolves calls by name (`FileContext.qualified`, `call_name`) reads `pad(x, p)` as `tf.pad(x, p)`.

The forms read as the op itself:

- an alias, at module level (`FileContext.module_aliases`), in a function (`pad = tf.pad`; every assignment
  that reaches the read binds the same op), on `self` (`self.pad = tf.pad`, every assignment of the class)
  or as a class attribute wrapped by `staticmethod(tf.pad)`;
- a wrapper that hands the op every argument and returns what it returns: a project function whose every
  return is a closure (or lambda) calling its parameter with the closure's own arguments unchanged
  (`def ops_to_outputs(func): def wrapper(*args, **kwargs): x = func(*args, **kwargs); ...; return x`;
  `functools.wraps` allowed), of this file or another module (the `PASS_THROUGH` fact), also a factory of
  such a wrapper (`deco(name)(tf.pad)`); `tf.function(op)`, `staticmethod(op)`;
- `functools.partial(op)` binding nothing the op's readers read: no positional argument, keywords only of
  `_HARMLESS_KEYWORDS` (a partial binding `mode=` or `padding=` is another op for the rules, which read the
  call's own arguments);
- a lambda that passes its parameters on unchanged (`lambda x, p: tf.pad(x, p)`, `lambda *a, **k: f(*a, **k)`),
  no defaults of its own;
- `getattr(tf, "pad")`, an item of a dict or list literal by a literal key (`OPS["pad"]`), a conditional
  expression whose branches are the same op;
- a function of the file, or a method read on `self`, whose one statement returns the op called with its
  parameters unchanged (`def pad(self, x, p): return tf.pad(x, p)`; `forwarding_def`).

A closure or lambda that adds an argument (`mode="REFLECT"`, `padding="SAME"`), has defaults, rebinds or edits
its arguments (`kwargs["mode"] = ...`, `kwargs.update(...)`), or returns anything but the op's result (through
calls that return one of their arguments unchanged: `tf.identity`, tf_slim's `collect_named_outputs`, a project
function that returns its parameter) is not the op.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tfperf.source import api
from tfperf.source.arguments import positional_names
from tfperf.source.literals import literal_item
from tfperf.source.names import canonical

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

# function -> (level, position): calling it with an op at `position` gives the op (level 1: `w(op)`), or
# calling what it returns does (level 2, a factory: `w(...)(op)`)
PASS_THROUGH = "passthru"
# function -> position of the parameter every return of it returns unchanged (`return outputs`)
RETURNS_PARAMETER = "retparam"
# the kinds a module that names no framework may answer (a decorators module): asking one lints it as a helper
HELPER_FACTS = frozenset({PASS_THROUGH, RETURNS_PARAMETER})
_PARTIAL = "functools.partial"
_WRAPS = "functools.wraps"
# framework calls that return their first argument wrapped, still the same op when called
_FRAMEWORK_WRAPPERS = {"tensorflow.function", "tensorflow.autograph.experimental.do_not_convert"}
_HARMLESS_KEYWORDS = {"name", "scope", "reuse"}
# framework calls that return one of their arguments unchanged: (position, keyword)
_IDENTITIES = {"tensorflow.identity": (0, "input"), "tf_slim.utils.collect_named_outputs": (2, "outputs"),
               "tf_slim.python.layers.utils.collect_named_outputs": (2, "outputs")}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
MAX_DEPTH = 6


def op_value(file: FileContext, value: ast.AST | None, depth: int = 0) -> str | None:
    """The qualified name (as written, `FileContext.raw_name`) of the op a callable value is, or None."""
    if value is None or depth > MAX_DEPTH:
        return None
    kind = type(value)
    if kind is ast.Name or kind is ast.Attribute:
        return file.raw_name(value, depth + 1)
    if kind is ast.Call:
        return _called_value(file, value, depth)
    if kind is ast.Lambda:
        inner = _forwarded_call(value, value.body)
        return op_value(file, inner.func, depth + 1) if inner is not None else None
    if kind is ast.IfExp:
        body, orelse = op_value(file, value.body, depth + 1), op_value(file, value.orelse, depth + 1)
        return body if body is not None and orelse is not None and canonical(body) == canonical(orelse) else None
    if kind is ast.Subscript:
        return op_value(file, _item(file, value), depth + 1)
    return None


def _called_value(file: FileContext, call: ast.Call, depth: int) -> str | None:
    func = call.func
    if type(func) is ast.Name and func.id in ("getattr", "staticmethod") and _builtin(file, func.id):
        if func.id == "staticmethod":
            return op_value(file, call.args[0], depth + 1) if len(call.args) == 1 else None
        attr = call.args[1] if len(call.args) == 2 and not call.keywords else None
        if type(attr) is ast.Constant and type(attr.value) is str and attr.value.isidentifier():
            root = op_value(file, call.args[0], depth + 1)
            return f"{root}.{attr.value}" if root is not None else None
        return None
    written = file.raw_name(func, depth + 1) if type(func) in (ast.Name, ast.Attribute) else None
    name = canonical(written) if written else None  # (not the memo: module aliases may be in the making)
    if name == _PARTIAL:
        if len(call.args) != 1 or any(k.arg not in _HARMLESS_KEYWORDS for k in call.keywords):
            return None
        return op_value(file, call.args[0], depth + 1)
    if name in _FRAMEWORK_WRAPPERS:
        return op_value(file, call.args[0], depth + 1) if call.args else None
    if any(type(a) is ast.Starred for a in call.args):
        return None
    ops = {i: found for i, a in enumerate(call.args) if type(a) in (ast.Name, ast.Attribute)
           and is_op(found := op_value(file, a, depth + 1))}
    if not ops:
        return None  # (most calls: no op handed to them, no question asked of the project)
    position = _pass_through(file, func, 2) if type(func) is ast.Call else _pass_through(file, call, 1)
    return ops.get(position) if position is not None else None


def _pass_through(file: FileContext, call: ast.Call, level: int) -> int | None:
    """The position of the op a call of a project wrapper (of `level`) hands back, or None."""
    function = _function_named(file, call.func)
    if function is None:
        return None
    for fact in file.project.query(PASS_THROUGH, function):
        if fact[0] == level:
            return fact[1]
    return None


def _function_named(file: FileContext, func: ast.AST) -> str | None:
    """The qualified name of the project function `func` names: a def of this file, or a name bound
    through imports or module aliases to another module's (not `FileContext.def_of`, whose index of
    partials asks the names of calls, maybe this one's)."""
    if type(func) is ast.Name and func.id in file.def_names:
        bound = file.binding(func)
        return file.qualnames.get(bound.stmt) if bound is not None and type(bound.stmt) is ast.FunctionDef else None
    if type(func) not in (ast.Name, ast.Attribute):
        return None
    raw = file.raw_name(func, 1, public_names=False)
    if raw is None or api.is_framework(canonical(raw)):
        return None
    return file.project.resolve(raw) if file.project.index.modules else raw


def _builtin(file: FileContext, name: str) -> bool:
    return name not in file.imports.names and name not in file.stored_names and name not in file.def_names


def _item(file: FileContext, subscript: ast.Subscript) -> ast.AST | None:
    """`OPS["pad"]` / `OPS[0]`: the item of the dict or list literal a name holds (its one binding), by a
    literal key."""
    holder = subscript.value
    if type(holder) is not ast.Name or holder.id not in file.stored_names:
        return None
    bound = file.binding(holder)
    key = subscript.slice
    if type(key) is not ast.Constant:
        return None
    return literal_item(bound.value if bound is not None else None, key.value)


# ---------------------------------------------------------------------------------------------
# what a file exports: its pass-through wrappers and the functions that return a parameter


def export_callables(file: FileContext) -> None:
    """PASS_THROUGH and RETURNS_PARAMETER facts for the file's functions."""
    for node, qualname in file.qualnames.items():
        if type(node) is not ast.FunctionDef:
            continue
        position = returned_parameter(file, node)
        if position is not None:
            file.project.export(RETURNS_PARAMETER, qualname, position)
        for fact in _wrapper_facts(file, node):
            file.project.export(PASS_THROUGH, qualname, fact)


def returned_parameter(file: FileContext, function: ast.FunctionDef) -> int | None:
    """The position of the parameter every return of `function` returns, nothing in it rebinding it."""
    returns = file.returns_of(function)
    names = {r.value.id for r in returns if type(r.value) is ast.Name}
    positional = positional_names(function)
    if not returns or len(names) != 1 or any(type(r.value) is not ast.Name for r in returns):
        return None
    name = names.pop()
    if name not in positional or _rebound(file, function, name):
        return None
    return positional.index(name)


def _wrapper_facts(file: FileContext, function: ast.FunctionDef) -> list[tuple[int, int]]:
    """(1, position) when every return of `function` is a closure forwarding its parameter at `position`
    unchanged; (2, position) when every return is a nested wrapper of level 1 (a factory)."""
    returns = file.returns_of(function)
    if not returns or function.decorator_list:
        return []
    closures = [_returned_closure(file, function, r.value) for r in returns]
    if any(c is None for c in closures):
        return []
    positional = positional_names(function)
    forwarded = {_forwarded_parameter(file, function, c) for c in closures}
    if len(forwarded) == 1 and (name := forwarded.pop()) is not None and name in positional:
        return [(1, positional.index(name))]
    inner = {fact for c in closures if type(c) is ast.FunctionDef for fact in _wrapper_facts(file, c)}
    return [(2, fact[1]) for fact in inner if fact[0] == 1] if len(inner) == 1 else []


def _returned_closure(file: FileContext, function: ast.FunctionDef, value: ast.AST | None):
    """The nested def (by its name, bound once in `function`) or lambda a return gives, else None."""
    if type(value) is ast.Lambda:
        return value
    if type(value) is not ast.Name:
        return None
    defs = [s for s in function.body if type(s) is ast.FunctionDef and s.name == value.id]
    bound = file.scope_index(function).bindings.get(value.id, [])
    return defs[0] if len(defs) == 1 and len(bound) == 1 else None


def _forwarded_parameter(file: FileContext, outer: ast.FunctionDef, closure) -> str | None:
    """The parameter of `outer` the closure calls with its own arguments unchanged and whose result it
    returns (`_forwarded_call`), when nothing rebinds it; else None."""
    if type(closure) is ast.Lambda:
        call = _forwarded_call(closure, closure.body)
    else:
        call = _forwarding_body(file, closure)
    if call is None or type(call.func) is not ast.Name:
        return None
    name = call.func.id
    if name not in positional_names(outer) or _rebound(file, outer, name):
        return None
    return name


def forwarding_def(file: FileContext, function: ast.AST, method: bool) -> str | None:
    """The op a def only calls, handing it its parameters unchanged and returning its result (`def pad(x, p):
    return tf.pad(x, p)`; a method's `self` not handed on), when it has no decorator; else None."""
    if type(function) is not ast.FunctionDef or function.decorator_list:
        return None
    body = function.body
    if body and type(body[0]) is ast.Expr and type(body[0].value) is ast.Constant:
        body = body[1:]  # (a docstring)
    if len(body) != 1 or type(body[0]) is not ast.Return:
        return None
    call = _forwarded_call(function, body[0].value, 1 if method else 0)
    op = op_value(file, call.func, 1) if call is not None else None
    return op if is_op(op) else None


def _forwarded_call(function, value: ast.AST | None, skip: int = 0) -> ast.Call | None:
    """`value` as a call passing `function`'s parameters (after the first `skip`) on unchanged, in order (`f(x,
    p)`, `f(*args, **kwargs)`), when `function` has no defaults and no keyword-only parameters; else None."""
    args = function.args
    if type(value) is not ast.Call or args.defaults or args.kwonlyargs or args.kw_defaults:
        return None
    expected = [a.arg for a in args.posonlyargs + args.args][skip:]
    passed = value.args
    if args.vararg is not None:
        if not passed or type(passed[-1]) is not ast.Starred or not _is_name(passed[-1].value, args.vararg.arg):
            return None
        passed = passed[:-1]
    if len(passed) != len(expected) or not all(_is_name(a, n) for a, n in zip(passed, expected)):
        return None
    keywords = value.keywords
    if args.kwarg is not None:
        if len(keywords) != 1 or keywords[0].arg is not None or not _is_name(keywords[0].value, args.kwarg.arg):
            return None
    elif keywords:
        return None
    return value


def _forwarding_body(file: FileContext, closure: ast.FunctionDef) -> ast.Call | None:
    """The forwarding call of a closure (`_forwarded_call`) whose parameters nothing else reads but reads
    (`kwargs.get(...)`, `args[0]`), decorated by `functools.wraps` at most, every return of which gives
    the call's result: directly, or through a name every assignment of which is that call or a call
    returning that name unchanged (`x = collect_named_outputs(..., x)`)."""
    if any(not _wraps(file, d) for d in closure.decorator_list):
        return None
    calls = [n for n in ast.walk(closure) if type(n) is ast.Call and _forwarded_call(closure, n) is not None]
    if len(calls) != 1:
        return None
    call = calls[0]
    if not _only_read(closure, call):
        return None
    returns = file.returns_of(closure)
    if not returns:
        return None
    for ret in returns:
        if ret.value is call:
            continue
        if type(ret.value) is not ast.Name or not _holds_result(file, closure, ret.value.id, call):
            return None
    return call


def _holds_result(file: FileContext, closure: ast.FunctionDef, name: str, call: ast.Call) -> bool:
    """Every assignment of `name` in the closure is the forwarding call, or a call that returns `name`
    itself unchanged; one at least is the forwarding call."""
    bound = file.scope_index(closure).bindings.get(name, [])
    if not bound or any(b.stmt is None or type(b.stmt) is not ast.Assign for b in bound):
        return False
    if not any(b.value is call for b in bound):
        return False
    return all(b.value is call or _returns_argument(file, b.value, name) for b in bound)


def _returns_argument(file: FileContext, value: ast.AST | None, name: str) -> bool:
    """`value` is a call that returns its argument `name` unchanged (`tf.identity(x)`, tf_slim's
    `collect_named_outputs(collection, alias, x)`, a project function returning that parameter)."""
    if type(value) is not ast.Call or any(type(a) is ast.Starred for a in value.args):
        return False
    qualified = file.qualified(value.func)
    where = _IDENTITIES.get(qualified or "")
    if where is None:
        function = file.def_of(value.func)
        positions = file.project.query(RETURNS_PARAMETER, function) if function else ()
        if len(set(positions)) != 1:
            return False
        where = (positions[0], None)
    position, keyword = where
    passed = next((k.value for k in value.keywords if keyword is not None and k.arg == keyword), None)
    if passed is None and position < len(value.args):
        passed = value.args[position]
    return _is_name(passed, name)


def _only_read(closure: ast.FunctionDef, call: ast.Call) -> bool:
    """The closure's parameters are read only by the forwarding call, as items or through `.get(...)`:
    nothing rebinds or edits them (`kwargs["mode"] = ...`, `kwargs.update(...)`, `kwargs.pop(...)`)."""
    args = closure.args
    names = {a.arg for a in args.posonlyargs + args.args + [args.vararg, args.kwarg] if a is not None}
    forwarded = {id(n) for n in ast.walk(call) if type(n) is ast.Name}
    parents = {id(child): node for node in ast.walk(closure) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(closure):
        if type(node) is not ast.Name or node.id not in names or id(node) in forwarded:
            continue
        if type(node.ctx) is not ast.Load:
            return False
        parent = parents.get(id(node))
        if type(parent) is ast.Subscript and parent.value is node and type(parent.ctx) is ast.Load:
            continue
        if type(parent) is ast.Attribute and parent.attr == "get" and type(parents.get(id(parent))) is ast.Call:
            continue
        return False
    return True


def _wraps(file: FileContext, decorator: ast.AST) -> bool:
    return type(decorator) is ast.Call and file.qualified(decorator.func) == _WRAPS


def _rebound(file: FileContext, function: ast.AST, name: str) -> bool:
    """Whether anything in `function` (nested scopes included) stores `name`. (A name the file never stores, in a
    file that declares nothing `global` or `nonlocal`, is stored nowhere: no walk.)"""
    if name not in file.stored_names and not file.globals and "nonlocal" not in file.text:
        return False
    return any(type(n) is ast.Name and n.id == name and type(n.ctx) is not ast.Load for n in ast.walk(function)) \
        or any(type(n) in (ast.Global, ast.Nonlocal) and name in n.names for n in ast.walk(function))


def _is_name(node: ast.AST | None, name: str) -> bool:
    return type(node) is ast.Name and node.id == name


def is_op(name: str | None) -> bool:
    """A framework name (what a callable value must resolve to, to be read as an op)."""
    return name is not None and api.is_framework(canonical(name))
