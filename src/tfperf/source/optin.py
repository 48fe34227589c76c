"""Opt-in code by the zero-default convention: code that runs only when a caller asks for it.

One mechanism for the rules that judge such code (TFP301, TFP501, TFP601), in two forms:

- a branch (`opt_in`): the code runs only under tests of one parameter of its function that the
  parameter's default fails: `if average != "macro":` (default "macro"), `elif method in ("se",
  "squared_error"):` (default "mse"), `elif self.skip_py_fn:` (default None). The parameter is read
  directly, as `self.<attr>` its class sets once from it, or through a validator of it. A truthiness
  test is read so only for a parameter whose default is None or False: a value a caller has to give
  (a function, an object, a flag turned on); a flag whose default is True turned off (`if not is_mean:`,
  `else:` of `if is_mean:`) is a mode of the function, not opt-in by this reading. The tests are followed
  out of lambdas and nested functions defined on the path (`lambda y, p: reduce_sum(...)` returned under
  `elif method == "se":`, `tf.map_fn(lambda x: tf.py_function(...))` under `elif self.skip_py_fn:`): they
  exist only when the branch ran.
- a helper's return (`none_for`, `returned_for`): `kernel_regularizer = default_regularizer(kernel_regularizer)`
  where the helper returns None for None (an early `if x is None: return None`, `if not x: return None`,
  also `args[0] is None` of its `*args`, and either side of an `or`) and the argument is the caller's own
  parameter: the helper builds something only for other values. `none_for` is computed for a function of
  the file, and exported as `NONE_FOR` (by the rule that follows the helper) for another module's calls.

Either gives a `passed.Parameter` whose `bad` says which values reach the code; what the project's callers
pass decides (`tfperf.source.passed`: every value known to take another path, the default from outside
the project too: no finding; a value that takes the path: the finding, saying who passes it).
"""

from __future__ import annotations

import ast
from typing import Callable

from tfperf.findings import Severity
from tfperf.source.arguments import argument, parameter_defaults
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.passed import Parameter, parameter_of, passed_positional, text
from tfperf.source.paths import conditions


_SIMPLE = (str, int, float, bool, type(None))
_VALIDATORS = ("valid", "check")  # `self.average = check_util.validate_enum(average, {...})`: the parameter, checked
_TRUTH = "truth"  # a truthiness test (`if x:`, `elif self.skip_py_fn:`), as a check's operator
_NOTHING_GIVEN = (None, False)  # defaults a truthiness test is read as opt-in for


def path_tests(file, node: ast.AST) -> list:
    """The `if` tests on the path to `node` (`paths.conditions`), also those around the lambdas and
    nested functions it is in, up to the outermost function (a lambda or def made in a branch exists
    only when the branch ran)."""
    found = list(conditions(file, node))
    scope = file.scope_of(node)
    while isinstance(scope, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
        outer = file.scope_of(scope)
        if not isinstance(outer, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            break  # (a method or a module's function: its tests are all there is)
        found += conditions(file, scope)
        scope = outer
    return found


def opt_in(file, node: ast.AST, unknown: Severity = Severity.INFO) -> Parameter | None:
    """The parameter the code at `node` is opt-in by (see the module docstring), as a `passed.Parameter`
    whose values the callers' decide; `unknown`: the severity for values not known here. None when no test
    on the path reads such a parameter."""
    tests: dict = {}
    for test, held in path_tests(file, node):
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
                isinstance(test.ops[0], (ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn)):
            stated = file.literal(test.comparators[0])
            if isinstance(test.ops[0], (ast.In, ast.NotIn)):
                if not isinstance(stated, (tuple, list, set, frozenset)) or \
                        not all(type(e) in _SIMPLE for e in stated):
                    continue
            elif type(stated) not in _SIMPLE:
                continue
            found = _guard_parameter(file, test.left)
            if found is not None:
                tests.setdefault(found[0], (found[1], []))[1].append((test.ops[0], stated, held))
        elif isinstance(test, (ast.Name, ast.Attribute)):
            found = _guard_parameter(file, test)
            if found is not None:
                tests.setdefault(found[0], (found[1], []))[1].append((_TRUTH, None, held))
    for key, (default, checks) in tests.items():
        if type(default) not in _SIMPLE or _on_path(checks, default):
            continue  # (the default runs the code: not opt-in)
        if any(op == _TRUTH for op, _, _ in checks) and default not in _NOTHING_GIVEN:
            continue  # (`if not is_mean:` with is_mean=True: a mode, not opt-in)

        def bad(value, checks=checks) -> bool | None:
            value = text(value)  # (a word arrives as ("s", word); a longer string as passed.TEXT: unknown)
            return _on_path(checks, value) if type(value) in _SIMPLE else None

        return Parameter(*key, bad=bad, unknown=unknown)
    return None


def _on_path(checks: list, value) -> bool:
    """Whether `value` passes every test on the path (`(op, literal, held)`)."""
    for op, stated, held in checks:
        if op == _TRUTH:
            passes = bool(value)
        elif isinstance(op, (ast.In, ast.NotIn)):
            passes = (value in stated) == isinstance(op, ast.In)
        else:
            same = value is stated if isinstance(op, (ast.Is, ast.IsNot)) else value == stated
            passes = same == isinstance(op, (ast.Eq, ast.Is))
        if passes != held:
            return False
    return True


def _guard_parameter(file, expr: ast.expr) -> tuple[tuple, object] | None:
    """((function, position, name, default) as `passed` keys it, the default's literal) of the parameter a
    test reads: the parameter itself, or `self.<attr>` its class sets once from it (`passed.parameter_of`) or
    from a validator's check of it (`self.x = validate_enum(x, ...)`, `check_util.validate_x(x)`)."""
    name = expr
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        owner = file.enclosing_class(expr)
        stores = file.self_assignments(owner, expr.attr) if owner is not None else []
        if len(stores) != 1:
            return None
        name = stores[0].value
        if isinstance(name, ast.Call) and name.args and isinstance(name.args[0], ast.Name):
            callee = name.func.attr if isinstance(name.func, ast.Attribute) else getattr(name.func, "id", "")
            if not any(word in callee.lower() for word in _VALIDATORS):
                return None
            name = name.args[0]
    if not isinstance(name, ast.Name):
        return None
    found = parameter_of(file, name)
    if found is None:
        return None
    function = next((a for a in file.ancestors(name) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and name.id in parameter_defaults(a)), None)
    default = file.literal(parameter_defaults(function)[name.id]) if function is not None else NOT_LITERAL
    return found, text(default) if isinstance(default, str) else default


# ---------------------------------------------------------------------------------------------
# A helper's return for the default argument

_RETURNS = (ast.Return, ast.Yield, ast.YieldFrom)
_FIRST = 8  # statements of a function looked at for its early `return None`
_NONE, _FALSY = "none", "falsy"  # what an early `return None` turns away: None (`x is None`), any falsy (`not x`)


def none_for(file, function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int | None, str, str] | None:
    """(position among what callers pass, name, kind) of a parameter for which `function` returns None
    before anything else: a first-level `if <test>: return None` ahead of any other return, whose test
    holds when the parameter is None (`x is None`, `x == None`, `not x`; `args[0] is None` of `*args`;
    either side of an `or`). `kind`: "none" (only None) or "falsy" (every falsy value). None otherwise."""
    first = function.body[:_FIRST]
    early = next((i for i, stmt in enumerate(first) if type(stmt) is ast.If and len(stmt.body) == 1
                  and type(stmt.body[0]) is ast.Return and (stmt.body[0].value is None or type(stmt.body[0].value)
                                                            is ast.Constant and stmt.body[0].value.value is None)),
                 None)
    if early is None:  # (most functions: no early `return None`, nothing more to read)
        return None
    if any(type(n) in _RETURNS for stmt in first[:early] for n in ast.walk(stmt)):
        return None  # (another return first)
    positional = passed_positional(file, function)
    vararg = function.args.vararg.arg if function.args.vararg is not None else None
    return _none_test(first[early].test, positional, vararg)


def _none_test(test: ast.expr, positional: list[str], vararg: str | None) -> tuple[int | None, str, str] | None:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return next((found for part in test.values if (found := _none_test(part, positional, vararg))), None)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        found = _read(test.operand, positional, vararg)
        return (*found, _FALSY) if found is not None else None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.Eq)) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        found = _read(test.left, positional, vararg)
        return (*found, _NONE) if found is not None else None
    return None


def _read(expr: ast.expr, positional: list[str], vararg: str | None) -> tuple[int | None, str] | None:
    """(position, name) of the parameter an expression reads: a named one, or `args[i]` of `*args`."""
    if isinstance(expr, ast.Name) and expr.id in positional:
        return positional.index(expr.id), expr.id
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and expr.value.id == vararg and \
            isinstance(expr.slice, ast.Constant) and type(expr.slice.value) is int and expr.slice.value >= 0:
        return len(positional) + expr.slice.value, f"*{vararg}[{expr.slice.value}]"
    return None


NOTHING = object()  # `returned_for`: the call passes a value the helper returns None for


def returned_for(file, call: ast.Call, fact, bad: Callable, unknown: Severity) -> Parameter | object | None:
    """What a call of a helper that returns None for a parameter (`fact`: `none_for`'s answer) builds:
    NOTHING when it passes a value the helper turns away (None, or the default it leaves out); the
    caller's own parameter as a `passed.Parameter` (`bad` of a value the helper does not turn away)
    when it hands one on; None when the source does not say."""
    if fact is None:
        return None
    position, name, kind = fact
    if any(isinstance(a, ast.Starred) for a in call.args[:position + 1] if position is not None) or \
            any(kw.arg is None for kw in call.keywords):
        return None  # (it may pass the parameter where the source does not show it)
    passed = argument(call, position, name)
    if passed is None:
        return None
    turned_away = (lambda v: v is None) if kind == _NONE else (lambda v: type(v) in _SIMPLE and not v)
    value = file.literal(passed)
    if value is not NOT_LITERAL:
        return NOTHING if turned_away(value) else None
    outer = parameter_of(file, passed) if isinstance(passed, (ast.Name, ast.Attribute)) else None
    if outer is None:
        return None
    return Parameter(*outer, bad=lambda v: False if turned_away(text(v)) else bad(v), unknown=unknown)
