"""What the project's callers pass for a parameter, and the one convention rules judge it by.

A finding can hang on a parameter whose value only the callers decide: `.map(f,
num_parallel_calls=n)`, `.batch(b, drop_remainder=p)`, `regularizer=l2(self.l2_reg)` with
`self.l2_reg = l2_reg` set from the constructor. Every call of a project function exports, with
its caller, what it passes (`project.ARG_CALL`: a literal, a framework constant such as
`tf.data.AUTOTUNE`, the caller's own parameter, or something not known here); the project's
index joins those calls, following a parameter handed through from caller to caller
(`project.parameter_values`), when the finding asks. A parameter's values are what the calls
pass, plus its default when a call leaves it out or when the function may be called from outside
the project (a public name, a reference that is no call, a framework hook, no caller at all).

The convention (docs/source-linting.md): every value known and fine -> no finding; some value
known bad -> the rule's finding, saying which callers pass what; no value known bad but some
unknown -> what the rule's cost model can price for an unknown value (`Parameter.unknown`), saying
so. Only the report asks (`FileContext.finding`), so a changed answer makes the file's findings
again without linting it again.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple

from tfperf.findings import Severity
from tfperf.source import configs
from tfperf.source.api import framework_method, known_framework_class
from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.batchfree import open_parameters
from tfperf.source.classes import is_plain_base
from tfperf.source.context import (CALLED_BY, FRAMEWORK_CALLER, OFF_STEP, REFERRED_BY, SETTINGS, STEP_ROOT, WEIGHT_CALL,
                                   WEIGHTS)
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.shapes import ACTIVATION, DISPATCHED_ON, SETTING, SETTING_HELD, call_positions, parameter_owner, weight_helper
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

UNKNOWN = ("?",)  # a value the source does not state here
# a string literal: ("s", value) for a word (letters and "_": a mode; `text` gives it to the rules that judge
# one), else TEXT, stated but not kept (names are common arguments); either is a tuple, which the rules
# that judge no string take as not known
TEXT = ("s",)
_KEPT_TEXT = 32
STATED = "="  # (STATED, text): a framework constant (`tf.data.AUTOTUNE`) or a default shown as written
ONE_OF = "|"  # (ONE_OF, a, b): one of two values (a conditional expression); the index gives both
# (GATED, test, subject, a, b): one of two values chosen by a test of one value the index resolves (`l2(self.l2_reg) if
# self.l2_reg else None`, `self.l2_reg` the constructor's parameter: `_gate`); the index gives `a` where every value of
# the subject passes the test, `b` where every one fails it, else both (`gate_passes`, `project._resolved`)
GATED = "if"
NO_DEFAULT = ("!",)  # a parameter without a default: every caller passes it
OFF_PATH = ("~",)  # what a call passes that takes another path than the finding's (`Parameter.unless`)
FORWARDED = "**"  # a call hands on its caller's `**kwargs` whole (`forwarded_keywords`)
OUTSIDE = ""  # who passes the default to a function the project's code is not the only caller of
# (RETURNED, helper, position, value): what a project helper returns for a value handed to it at that position
# (`reg = default_regularizer(kernel_regularizer)` ... `Field(kernel_regularizer=reg)`); the index resolves
# it by the helper's `optin.NONE_FOR` fact: None where the helper turns the value away, else not known
RETURNED = "()"
# (ITEMS, a, b, ...): a list or tuple whose items are those values (`[0.0, 1e-4]`, `[reg] * len(layers)`: each item
# `reg`); judged only by a finding that reads the parameter's items (`Parameter.items`: `l2(reg_layers[0])`), else
# not known
ITEMS = "[]"
MAX_ITEMS = 8  # the items of a list kept (a longer list is not known here)
# (ENUM, class, member): a member of a project class read as an enumeration (`QuantizationMode.EMA`, `enum_member`):
# a value of its own, equal only to itself (a plain Enum's member is not its `.value`); keyed by the class's qualified
# name as the project resolves it, so a caller's and the comparison's spellings meet
ENUM = "E"
# class -> True: a module-level class whose bases make it a plain enumeration (`_plain_enum`); a module that names no
# framework (a config module) answers it too (`linter._helper_kinds`)
ENUM_CLASS = "enumcls"
# (HELD, (base, ...), attr, class): `self.<attr>` read in a method of a class that never stores it, but one of its
# direct project bases does (`self.fbi_l2 = fbi_l2` in `Base.__init__` ... `FBILayer(self.fbi_l2)` in a subclass):
# what the class's constructor passes that base's parameter, or where it passes none the index knows, what every
# construction of the base passes (`HELD_ATTR`, `project._held_values`)
HELD = "."
# class.attr -> ("^", ...) of the constructor parameter a class stores once on `self` as it is (`self.l2 = l2`),
# UNKNOWN for one it stores otherwise too (`held_attributes`); asked through HELD
HELD_ATTR = "heldattr"
_SIMPLE = (bool, int, float, type(None))  # the literals kept
# the framework constants kept (by name: what the message shows; a rule reads what they mean)
CONSTANTS = frozenset({"tensorflow.data.AUTOTUNE", "tensorflow.data.experimental.AUTOTUNE"})
_CONSTANT_NAMES = frozenset(name.rpartition(".")[2] for name in CONSTANTS)


def encode(file: FileContext, expr: ast.expr, enclosing: list | None) -> Any:
    """A passed value as the index keeps it: a literal (TEXT for a string); (STATED, name) for a framework constant
    (`tf.data.AUTOTUNE`); ("^", function, position, name, default) for a parameter of an enclosing
    function (`enclosing`: the calling function and those around it), handed on (its callers
    decide); (ONE_OF, a, b) for a conditional expression, (GATED, how, subject, a, b) for one whose test reads
    one such value (`_gate`); ("@", class, field) for a field of a config
    parameter (`configs.reference`); (`configs.HPARAM_KEY`, name) for another container's attribute read by its
    name (`FLAGS.sparse_cross`, `self.flags.l2`, `hparams.use_bias`: the index resolves it by the project's
    definitions of that name, a flag's default, an HParams value, a `Define`, and what the project sets; not
    known where it defines none); ("^", function, None, key, default) for a read of the calling function's own
    `**kwargs` by a literal key (`kwargs.get("resnest", False)`, `_keyword_read`); UNKNOWN for anything else.
    Every argument of every project call is kept so, so the look is cheap: a local name is followed to its
    assignment only when that is a literal, a choice of literals or such a read, and a name is resolved only when
    it is a constant's (`CONSTANTS`)."""
    kind = type(expr)
    if kind is ast.Constant:
        return _simple(expr.value)
    if kind is ast.Name:
        name = expr.id
        if enclosing and name in file.parameter_names and configs.unbound_parameter(file, expr):
            for function in enclosing:
                if name in parameter_names(function):
                    found = parameter_signature(file, function, name)
                    return ("^", *found) if found is not None else UNKNOWN
        if name in _literal_names(file):  # `stride = 1 if first else 2` ... `block(x, stride)`
            bound = file.binding(expr)
            value = bound.value if bound is not None and type(bound.stmt) is ast.Assign else None
            if type(value) in _LITERAL_KINDS and bound.stmt.value is value:
                return _literal_choice(file, value, enclosing)
        if name in _returned_names(file):
            found = _returned(file, expr)
            if found is not None:
                return found
        if name in _keyword_names(file):  # `resnest = kwargs.get("resnest", False)` ... `build(resnest=resnest)`
            bound = file.binding(expr)
            if bound is not None and type(bound.stmt) is ast.Assign and bound.stmt.value is bound.value and \
                    type(bound.value) is ast.Call and (found := _keyword_read(file, bound.value)) is not None:
                return found
        return _framework_constant(file, expr) if name in _CONSTANT_NAMES else UNKNOWN
    if kind is ast.Attribute:
        holder = expr.value
        if type(holder) is ast.Name and holder.id == "self" and expr.attr in _parameter_attributes(file):
            found = parameter_of(file, expr)
            if found is not None:
                return ("^", *found)
        if type(holder) is ast.Name and holder.id == "self":
            found = held_read(file, expr)
            if found is not None:
                return found
        if type(holder) is ast.Name and holder.id == "self" and expr.attr in _returned_attributes(file):
            found = _returned_attribute(file, expr)  # `self.reg = reg_config(reg)` ... `f(regularizer=self.reg)`
            if found is not None:
                return found
        if type(holder) is ast.Name and (holder.id in file.parameter_names or _loop_item(file, holder)) or \
                type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self" and (
                    holder.attr in _parameter_attributes(file) or holder.attr in configs.held_attributes(file)):
            found = configs.reference(file, expr)  # `cfg.padding` of a config parameter: what the field holds
            if found is not None:
                return found
        if type(holder) is ast.Name and holder.id[:1].isupper():  # `mode=QuantizationMode.EMA`
            member = enum_member(file, expr)
            if member is not None:
                return member
        if expr.attr in _CONSTANT_NAMES:
            return _framework_constant(file, expr)
        # (the container is not `self`: `self.x` is the object's own state; whether a definition of the name exists
        # is the index's question when a rule asks, not one to put for every argument of every call)
        return (configs.HPARAM_KEY, expr.attr) if not (type(holder) is ast.Name and holder.id in ("self", "cls")) and \
            type(holder) in (ast.Name, ast.Attribute) else UNKNOWN
    if kind is ast.UnaryOp:
        return _simple(file.literal(expr))
    if kind is ast.IfExp:  # `"same" if framework == "tf" else "symmetric"`: one of two values
        return _choice(file, expr.test, encode(file, expr.body, enclosing), encode(file, expr.orelse, enclosing),
                       enclosing)
    if kind is ast.Call and (found := _keyword_read(file, expr)) is not None:  # `build(resnest=kwargs.get(...))`
        return found
    listed = listed_items(expr)
    if listed is not None:  # `[reg] * len(layers)`, `[0.0, 1e-4]`
        return (ITEMS, *dict.fromkeys(encode(file, item, enclosing) for item in listed))
    return UNKNOWN


def _loop_item(file: FileContext, name: ast.Name) -> bool:
    """Whether a loop binds the name where it is read (`for block in params.blocks:`): an item of a collection,
    which may be a config's (`configs.reference`)."""
    if name.id not in file.stored_names:
        return False
    bound = file.binding(name)
    return bound is not None and type(bound.stmt) is ast.For


def enum_member(file: FileContext, expr: ast.expr) -> tuple | None:
    """(ENUM, class, member) for `Cls.MEMBER`, a member read of a project class (`file.def_of`, across the project's
    modules) whose name is capitalized: of a class of this file, only one whose bases make it a plain enumeration
    (`Enum`, `Flag`: not a value enum, `class M(str, Enum)`, nor a class of constants, which are read as the values
    they hold: `optin._member_value`, `class_constants`) and which binds the member in its body; of another module's
    class, one its module exports as a plain enum (`ENUM_CLASS`; `optin` also reads such a member only against a
    default that is a member of the same class, and a value of another kind as not known). None otherwise."""
    if type(expr) is not ast.Attribute or type(expr.value) is not ast.Name or not expr.value.id[:1].isupper() or \
            not expr.attr[:1].isalpha():
        return None
    cls = file.def_of(expr.value)
    if cls is None:
        return None
    node = file.defs.get(cls)
    if node is None:  # (another module's: a plain enum its module exports as one, `ENUM_CLASS`)
        return (ENUM, cls, expr.attr) if file.project.query(ENUM_CLASS, cls) else None
    if not (type(node) is ast.ClassDef and plain_enum(node) and expr.attr in _bound_in(node)):
        return None
    return (ENUM, cls, expr.attr)


_ENUM_BASES = ("Enum", "Flag")
_VALUE_BASES = ("str", "int", "float", "bytes", "StrEnum", "IntEnum", "IntFlag", "ReprEnum")


def base_names(cls: ast.ClassDef) -> list[str]:
    """The last name of each base of a class as written (`Enum` of `enum.Enum`; "" for a base that is no name)."""
    return [b.id if type(b) is ast.Name else b.attr if type(b) is ast.Attribute else "" for b in cls.bases]


def plain_enum(cls: ast.ClassDef) -> bool:
    """Whether a class's bases make it an enumeration whose members are not their values."""
    names = base_names(cls)
    return any(name.endswith(_ENUM_BASES) for name in names) and not any(name in _VALUE_BASES for name in names)


def _bound_in(cls: ast.ClassDef) -> set:
    """The names a class's body binds by assignment."""
    return {target.id for stmt in cls.body if type(stmt) in (ast.Assign, ast.AnnAssign)
            for target in (stmt.targets if type(stmt) is ast.Assign else [stmt.target]) if type(target) is ast.Name}


def is_member(value: Any) -> bool:
    """Whether a passed value is an enumeration's member (ENUM)."""
    return type(value) is tuple and len(value) == 3 and value[0] == ENUM


def listed_items(expr: ast.expr) -> list[ast.expr] | None:
    """The expressions a list or tuple is made of: its items (`[a, b]`), or the one item repeated
    (`[reg] * n`, `n * (reg,)`); None for anything else, or more than MAX_ITEMS items."""
    if type(expr) is ast.BinOp and type(expr.op) is ast.Mult:
        expr = expr.left if type(expr.left) in (ast.List, ast.Tuple) else expr.right
    if type(expr) not in (ast.List, ast.Tuple) or not 0 < len(expr.elts) <= MAX_ITEMS or \
            any(type(e) is ast.Starred for e in expr.elts):
        return None
    return list(expr.elts)


_LITERAL_KINDS = (ast.Constant, ast.IfExp, ast.UnaryOp)


def _names_assigned(file: FileContext, memo: str, kind: Callable[[ast.expr, frozenset[str]], bool]) -> frozenset[str]:
    """The names some `name = <value>` of the file assigns whose value is of the `kind` asked (given the file's
    parameter names): the only local names `encode` follows, most arguments being names bound to anything else.
    Memoised per file under `memo`."""
    found = file.shared.get(memo)
    if found is None:
        parameters = file.parameter_names
        found = file.shared[memo] = frozenset(
            node.targets[0].id for node in file.references
            if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name
            and kind(node.value, parameters))
    return found


def _literal_names(file: FileContext) -> frozenset[str]:
    """The names some `name = <literal, or a choice of them>` of the file assigns."""
    return _names_assigned(file, "passed-literal-names", lambda value, _: type(value) in _LITERAL_KINDS)


def _returned_names(file: FileContext) -> frozenset[str]:
    """The names some `name = helper(<a parameter's name>, ...)` of the file assigns (`_returned`)."""
    return _names_assigned(file, "passed-returned-names", lambda value, parameters: type(value) is ast.Call and bool(
        value.args) and type(value.args[0]) is ast.Name and value.args[0].id in parameters)


def _keyword_names(file: FileContext) -> frozenset[str]:
    """The names some `name = <parameter>.get(...)` of the file assigns (`_keyword_read` decides the rest)."""
    return _names_assigned(file, "passed-keyword-names", lambda value, parameters: type(value) is ast.Call and type(
        func := value.func) is ast.Attribute and func.attr == "get" and type(func.value) is ast.Name
        and func.value.id in parameters)


def _keyword_read(file: FileContext, call: ast.Call) -> tuple | None:
    """("^", function, None, key, default) for `kwargs.get("key", default)` of the enclosing function's own `**kwargs`:
    a keyword-only parameter in all but the signature, which its callers pass by that name (or leave: the default,
    None when the call gives none). None for any other call, and for a key the function names as a parameter (a
    caller's keyword lands there: the read always gives its default)."""
    func = call.func
    if not (type(func) is ast.Attribute and func.attr == "get" and type(func.value) is ast.Name
            and 1 <= len(call.args) <= 2 and not call.keywords):
        return None
    key = file.literal(call.args[0])
    function = next(iter(enclosing_functions(file, call)), None) if isinstance(key, str) else None
    if function is None or function.args.kwarg is None or function.args.kwarg.arg != func.value.id or \
            key in parameter_names(function) or not configs.unbound_parameter(file, func.value):
        return None
    qualname = callee_of(file, function)
    default = _literal_default(file, call.args[1]) if len(call.args) == 2 else None
    return ("^", qualname, None, key, default) if qualname is not None else None


def _returned_attributes(file: FileContext) -> frozenset[str]:
    """The attributes some `self.<attr> = helper(<a parameter's name>, ...)` of the file sets (`_returned_attribute`)."""
    found = file.shared.get("passed-returned-attributes")
    if found is None:
        parameters = file.parameter_names
        found = file.shared["passed-returned-attributes"] = frozenset(
            node.targets[0].attr for node in file.references
            if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Attribute
            and type(node.targets[0].value) is ast.Name and node.targets[0].value.id == "self"
            and any(type(value) is ast.Call and value.args and type(value.args[0]) is ast.Name
                    and value.args[0].id in parameters for value in _choices(node.value)))
    return found


def _choices(value: ast.expr) -> list[ast.expr]:
    """The values an expression may give: both branches of a conditional expression, else itself."""
    return [*_choices(value.body), *_choices(value.orelse)] if type(value) is ast.IfExp else [value]


def _returned_attribute(file: FileContext, expr: ast.Attribute) -> tuple | None:
    """(RETURNED, helper, 0, the parameter handed to it) for `self.<attr>` that its class sets once, to what a
    project helper returns for a parameter of the storing method (`self.reg = reg_config(reg)`): as `_returned`
    reads a local name so bound."""
    owner = file.enclosing_class(expr)
    stores = file.self_assignments(owner, expr.attr) if owner is not None else []
    return _stored(file, stores[0].value) if len(stores) == 1 else None


def _stored(file: FileContext, value: ast.expr) -> Any:
    """What a store into `self.<attr>` gives it: a helper's return for a parameter (`_returned_call`), the storing
    method's own parameter, either branch of a conditional expression (`reg_config(reg) if use_tf else reg`)."""
    if type(value) is ast.IfExp:
        body, orelse = _stored(file, value.body), _stored(file, value.orelse)
        return None if body is None or orelse is None else body if body == orelse else (ONE_OF, body, orelse)
    if type(value) is ast.Call:
        return _returned_call(file, value)
    if type(value) is ast.Name and value.id in file.parameter_names and value.id not in file.stored_names:
        function = parameter_owner(file, value)
        found = parameter_signature(file, function, value.id) if function is not None else None
        return ("^", *found) if found is not None else None
    return None


def _returned(file: FileContext, expr: ast.Name) -> tuple | None:
    """(RETURNED, helper, 0, the parameter handed to it) for a name whose assignment reaching it is a call
    of a project function with the caller's own parameter first (`reg = default_regularizer(kernel_regularizer)`):
    what the helper returns for that parameter's values (the index asks the helper's `optin.NONE_FOR` fact)."""
    bound = file.binding(expr)
    call = bound.value if bound is not None and type(bound.stmt) is ast.Assign else None
    if type(call) is not ast.Call or bound.stmt.value is not call:
        return None
    return _returned_call(file, call)


def _returned_call(file: FileContext, call: ast.Call) -> tuple | None:
    """(RETURNED, helper, 0, the parameter) for a call of a project helper handed the caller's own parameter first."""
    if not call.args:
        return None
    handed = call.args[0]
    helper = file.callee(call)
    if helper is None or type(handed) is not ast.Name:
        return None
    given = file.binding(handed)
    if given is not None and (given.stmt is not None or given.value is not None):
        return None  # (assigned before: not what the callers pass)
    for function in enclosing_functions(file, handed):
        if handed.id in parameter_names(function):
            found = parameter_signature(file, function, handed.id)
            return (RETURNED, helper, 0, ("^", *found)) if found is not None else None
    return None


def _literal_choice(file: FileContext, expr: ast.expr, enclosing: list | None, depth: int = 0) -> Any:
    """What a local name's assignment gives it, when that is a literal or a choice of literals."""
    if type(expr) is ast.IfExp and depth < 3:
        return _choice(file, expr.test, _literal_choice(file, expr.body, enclosing, depth + 1),
                       _literal_choice(file, expr.orelse, enclosing, depth + 1), enclosing)
    value = file.literal(expr) if type(expr) in (ast.Constant, ast.UnaryOp) else NOT_LITERAL
    return UNKNOWN if value is NOT_LITERAL else _simple(value)


def _choice(file: FileContext, test: ast.expr, body: Any, orelse: Any, enclosing: list | None) -> Any:
    """The value of `body if test else orelse`: one value when both are; the choice by the test where it tests
    one value the index resolves (`_gate`), else either."""
    if body == orelse:
        return body
    gate = _gate(file, test, enclosing)
    return (GATED, *gate, body, orelse) if gate is not None else (ONE_OF, body, orelse)


# the values a gate's subject is encoded as that the index resolves to what the project gives (a parameter handed on, a
# base's stored parameter, a config field, a hyperparameter by its name)
_RESOLVED_KINDS = frozenset({"^", HELD, configs.REFERENCE, configs.HPARAM_KEY})


def _gate(file: FileContext, test: ast.expr, enclosing: list | None) -> tuple[str, Any] | None:
    """(how, subject) for a test of one value: `x` ("truthy"), `not x` ("falsy"), `x is not None`
    ("notnone"), `x is None` ("none"), where `x` is a name or attribute whose encoded value the index
    resolves (`_RESOLVED_KINDS`: a parameter, a stored one, a config field); None for any other test."""
    how = "truthy"
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        how, test = "falsy", test.operand
    elif type(test) is ast.Compare and len(test.ops) == 1 and type(test.ops[0]) in (ast.Is, ast.IsNot) and \
            type(test.comparators[0]) is ast.Constant and test.comparators[0].value is None:
        how, test = "none" if type(test.ops[0]) is ast.Is else "notnone", test.left
    if type(test) not in (ast.Name, ast.Attribute):
        return None
    if enclosing is None and type(test) is ast.Name and test.id in file.parameter_names:
        enclosing = enclosing_functions(file, test)  # (the call that hands the choice on may name no parameter)
    subject = encode(file, test, enclosing)
    return (how, subject) if type(subject) is tuple and subject[:1] and subject[0] in _RESOLVED_KINDS else None


def truthy(value: Any) -> bool | None:
    """Whether a passed value is true (`if x:`); None for one not known here (not a literal)."""
    return bool(value) if type(value) in _SIMPLE else None


def is_not_none(value: Any) -> bool | None:
    """Whether a passed value is not None (`if x is not None:`); None for one not known here."""
    return value is not None if type(value) in _SIMPLE else None


# a gate's test (`_gate`) as a predicate and whether the test passes where the predicate holds
_GATE_TESTS = {"truthy": (truthy, True), "falsy": (truthy, False), "notnone": (is_not_none, True),
               "none": (is_not_none, False)}


def gate_passes(how: str, value: Any) -> bool | None:
    """Whether a value passes a gate's test (`_gate`): None for a value not known here (a non-literal)."""
    predicate, passing = _GATE_TESTS[how]
    holds = predicate(value)
    return None if holds is None else holds == passing


def _parameter_attributes(file: FileContext) -> frozenset[str]:
    """The attributes some `self.<attr> = <name>` of the file sets from a parameter's name (the only
    ones `parameter_of` may follow: most `self.x` arguments are not looked at further)."""
    found = file.shared.get("passed-attributes")
    if found is None:
        parameters = file.parameter_names
        found = file.shared["passed-attributes"] = frozenset(
            node.targets[0].attr for node in file.references
            if type(node) is ast.Assign and type(node.value) is ast.Name and node.value.id in parameters
            and len(node.targets) == 1 and type(node.targets[0]) is ast.Attribute)
    return found


def _stored_attributes(file: FileContext, cls: ast.ClassDef) -> dict[str, int]:
    """attr -> how many times a class's own methods store `self.<attr>` in any way (`self.x = ...`,
    `self.x += ...`, `self.a, self.b = ...`, `self.x: T = ...`, `del self.x`). Once per class and file."""
    memo = file.shared.setdefault("passed-stored-attributes", {})
    found = memo.get(cls)
    if found is None:
        found = memo[cls] = {}
        for node in walk_nodes(cls):
            if type(node) is ast.Attribute and type(node.ctx) is not ast.Load and type(node.value) is ast.Name and \
                    node.value.id == "self":
                found[node.attr] = found.get(node.attr, 0) + 1
    return found


def held_read(file: FileContext, expr: ast.Attribute) -> tuple | None:
    """(HELD, the class's direct project bases, attr, the class) for `self.<attr>` read in a method of a class that stores
    no `self.<attr>` itself, nor binds it in its body (a class attribute, a method, a property): what a base's
    constructor stores there (`HELD_ATTR`). None otherwise."""
    owner = file.enclosing_class(expr)
    if owner is None or not owner.bases or expr.attr in _stored_attributes(file, owner):
        return None
    memo = file.shared.setdefault("passed-held", {})
    key = (owner, expr.attr)
    if key not in memo:
        memo[key] = None
        if not any(expr.attr in _body_names(stmt) for stmt in owner.body):
            bases = [file.def_of(base) for base in owner.bases]
            nodes = [file.defs.get(name) if name is not None else None for name in bases]
            # (a base not of the project, or not a class, may set the attribute: not known)
            if all(name is not None for name in bases) and all(n is None or type(n) is ast.ClassDef for n in nodes):
                memo[key] = (HELD, tuple(bases), expr.attr, file.qualnames.get(owner, ""))
    return memo[key]


def _body_names(stmt: ast.stmt) -> list[str]:
    if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        return [stmt.name]
    if type(stmt) in (ast.Assign, ast.AnnAssign):
        return [t.id for t in (stmt.targets if type(stmt) is ast.Assign else [stmt.target]) if type(t) is ast.Name]
    return []


def held_attributes(file: FileContext) -> Iterable[tuple[str, Any]]:
    """(class.attr, what it holds) for each attribute of `self` a class of the file stores from a parameter's
    name (`_parameter_attributes`): its constructor's parameter ("^", ...), when that is the one store of the
    attribute in the class's methods and its constructor makes it; UNKNOWN otherwise (`HELD_ATTR`)."""
    attributes = _parameter_attributes(file)
    if not attributes:
        return
    for cls, stores in file.self_assignments_by_class().items():
        qualname = file.qualnames.get(cls)
        if qualname is None:
            continue
        for attr in sorted(stores.keys() & attributes):
            found = None
            value = stores[attr][0].value
            if len(stores[attr]) == 1 and _stored_attributes(file, cls).get(attr) == 1 and type(value) is ast.Name:
                function = parameter_owner(file, value)
                if function is not None and function.name == "__init__" and file.parent(function) is cls:
                    found = parameter_of(file, value)
            yield f"{qualname}.{attr}", ("^", *found) if found is not None else UNKNOWN


def enclosing_functions(file: FileContext, node: ast.AST) -> list:
    """The defs around `node`, innermost first, up to a lambda (whose parameters are no def's)."""
    found = []
    for anc in file.ancestors(node):
        if type(anc) is ast.Lambda:
            break
        if type(anc) in (ast.FunctionDef, ast.AsyncFunctionDef):
            found.append(anc)
    return found


def _framework_constant(file: FileContext, expr: ast.expr) -> Any:
    name = file.qualified(expr)
    return (STATED, name) if name in CONSTANTS else UNKNOWN


def _simple(value: Any) -> Any:
    if type(value) is str:  # a word is kept (a mode: "same", "symmetric"); a layer's name or a text is not
        return (TEXT[0], value) if len(value) <= _KEPT_TEXT and value.replace("_", "a").isalpha() and \
            value.isascii() else TEXT
    if type(value) not in _SIMPLE or type(value) is float and not math.isfinite(value):
        return UNKNOWN  # (a non-finite float would not read back from the query's key)
    return value


def parameter_of(file: FileContext, expr: ast.expr) -> tuple[str, int | None, str, Any] | None:
    """(the function callers call, the parameter's position among what they pass or None, its name,
    its encoded default) when `expr` reads a parameter: a name bound by no statement, or
    `self.<attr>` whose class sets it once, to a parameter of the method (`self.l2_reg = l2_reg`)."""
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        owner = file.enclosing_class(expr)
        stores = file.self_assignments(owner, expr.attr) if owner is not None else []
        if len(stores) != 1 or not isinstance(stores[0].value, ast.Name):
            return None
        expr = stores[0].value
    if not isinstance(expr, ast.Name):
        return None
    function = parameter_owner(file, expr)
    if function is None:
        return None
    if expr.id in file.stored_names:  # (a name the file never assigns is its parameter, no look needed)
        bound = file.binding(expr)
        if bound is None or bound.stmt is not None or bound.value is not None:
            return None  # assigned in the body: not (only) what the callers pass
    return parameter_signature(file, function, expr.id)


def setting_of(file: FileContext, expr: ast.expr) -> tuple[str, int | None, str, Any] | None:
    """The key parts (as `parameter_of` gives them; `Parameter`) of the setting a size expression reads, whose values
    the project decides (`judged`): a parameter (`latent_dim`, also `self.latent_dim` set from it), a config field
    (`self.cfg.n`: `configs.reference`) or a hyperparameter (a flag, `p.Define`, an HParams entry); None when it
    reads none. A required parameter of a function callers outside the project may call (a public class a registry
    builds from config files) takes a value not known here from them: its default is UNKNOWN. TFP601 judges a
    summed axis' size so, TFP101 a moved axis' (`Values the callers pass`)."""
    found = parameter_of(file, expr)
    if found is None and type(expr) is ast.Attribute:
        found = field_parameter(file, expr)
    found = found or hyperparameter_of(file, expr)
    if found is not None and found[3] == NO_DEFAULT:  # (required: what a caller outside the project passes)
        found = (*found[:3], UNKNOWN)
    return found


def hyperparameter_of(file: FileContext, expr: ast.expr) -> tuple[str, None, str, None] | None:
    """The key parts (as `parameter_of` gives them; `Parameter`) of a hyperparameter `expr` reads by its name:
    `hparams["x"]`, `hparams.x`, `p.x`, `self._hparams.x` (not `self.x`), also through a local name bound once to
    such a read (`n = hparams["x"]; ds.map(f, num_parallel_calls=n)`), when the project defines a hyperparameter of
    that name (`configs.HPARAM`: flags, HParams, `Define`, a config class's field, a defaults dict). What its
    definitions' defaults and the project's stores give it decides (`project.hyperparameter_values`)."""
    if type(expr) is ast.Name:
        bound = file.binding(expr)
        if bound is None or bound.value is None or type(bound.stmt) is not ast.Assign or \
                type(bound.value) not in (ast.Subscript, ast.Attribute):
            return None
        expr = bound.value
    if type(expr) is ast.Subscript:
        key = expr.slice
        if type(key) is not ast.Constant or type(key.value) is not str:
            return None
        holder, name = expr.value, key.value
    elif type(expr) is ast.Attribute:
        holder, name = expr.value, expr.attr
    else:
        return None
    if type(holder) is ast.Name and holder.id in ("self", "cls") or type(holder) not in (ast.Name, ast.Attribute):
        return None
    if not file.project.query(configs.HPARAM, name):
        return None
    return configs.HPARAM_KEY, None, name, None


def element_parameter(file: FileContext, name: ast.Name) -> tuple[str, int | None, str, Any] | None:
    """The parameter (as `parameter_of` gives it) whose elements a loop variable takes: `for units, wd in
    zip(sizes, weight_decays)` (also under `enumerate`, or `for wd in weight_decays`) with `weight_decays` a
    parameter, passed as it is or, where the function puts a sequence of Nones in its place (`if weight_decays is
    None: weight_decays = [None] * len(sizes)`), that sequence: a None passed gives None elements, a sequence the
    callers pass gives its own (not known here)."""
    bound = file.binding(name)
    if bound is None or type(bound.stmt) is not ast.For or bound.value is not None:
        return None
    iterated = _iterated(bound.stmt.target, bound.stmt.iter, name.id)
    if type(iterated) is not ast.Name:
        return None
    function = parameter_owner(file, iterated)
    if function is None:
        return None
    if iterated.id in file.stored_names:
        reaching = file.reaching_bindings(iterated)
        if not reaching or reaching[-1].stmt is not None or \
                not all(_nones(b.value) for b in reaching[:-1] if b.stmt is not None):
            return None
    return parameter_signature(file, function, iterated.id)


def _iterated(target: ast.expr, iterable: ast.expr, name: str) -> ast.expr | None:
    """The sequence whose elements a loop's target gives `name`: the loop's iterable itself, an argument of `zip`
    at the name's place, the argument of `enumerate` for its second item."""
    if type(target) is ast.Name:
        return iterable if target.id == name else None
    if type(target) not in (ast.Tuple, ast.List) or type(iterable) is not ast.Call or \
            type(iterable.func) is not ast.Name or iterable.keywords or \
            any(type(a) is ast.Starred for a in (*iterable.args, *target.elts)):
        return None
    if iterable.func.id == "zip" and len(iterable.args) == len(target.elts):
        return next((_iterated(t, a, name) for t, a in zip(target.elts, iterable.args)
                     if type(t) is ast.Name and t.id == name), None)
    if iterable.func.id == "enumerate" and len(target.elts) == 2 and len(iterable.args) == 1:
        return _iterated(target.elts[1], iterable.args[0], name)
    return None


def _nones(value: ast.expr | None) -> bool:
    """A sequence of Nones: `[None] * n`, `(None,) * n`, `[None for _ in ...]`, `[None, None]`."""
    if type(value) is ast.BinOp and type(value.op) is ast.Mult:
        value = value.left if type(value.left) in (ast.List, ast.Tuple) else value.right
    if type(value) in (ast.List, ast.Tuple):
        return bool(value.elts) and all(type(e) is ast.Constant and e.value is None for e in value.elts)
    return type(value) is ast.ListComp and type(value.elt) is ast.Constant and value.elt.value is None


def parameter_signature(file: FileContext, function, name: str) -> tuple[str, int | None, str, Any] | None:
    """(callee, position, name, default) of a parameter as the project's calls see it: a method's
    `self` is not passed; a constructor's parameters are passed by calling the class. (Memoised
    per file: a parameter is often handed on to several calls.)"""
    memo = file.shared.setdefault("passed-signatures", {})
    key = (function, name)
    if key not in memo:
        memo[key] = _signature_of(file, function, name)
    return memo[key]


def _signature_of(file: FileContext, function, name: str) -> tuple[str, int | None, str, Any] | None:
    qualname = callee_of(file, function)
    if qualname is None:
        return None
    positional = passed_positional(file, function)
    default = parameter_defaults(function).get(name)
    encoded = NO_DEFAULT if default is None else _literal_default(file, default)
    if encoded is UNKNOWN and type(default) is ast.Name:  # (`kind=KIND_ADD` of a method: a constant of its class)
        owner = file.scope_of(function)
        if type(owner) is ast.ClassDef:
            constants = class_constants(file, owner)
            encoded = _simple(constants[default.id]) if default.id in constants else UNKNOWN
    elif encoded is UNKNOWN and type(default) is ast.Attribute and type(default.value) is ast.Name:
        cls = file.defs.get(file.def_of(default.value) or "")  # (`kind=Kinds.ADD`: a constant of a class of the file)
        if type(cls) is ast.ClassDef:
            constants = class_constants(file, cls)
            encoded = _simple(constants[default.attr]) if default.attr in constants else UNKNOWN
    return qualname, positional.index(name) if name in positional else None, name, encoded


def class_constants(file: FileContext, cls: ast.ClassDef) -> dict:
    """name -> the literal (str, int, float, bool, None) a class's body binds it to once (`KIND_MUL = "mul"`,
    also `KIND_MUL = MODE_MUL` of a module constant), for a name no method of the class stores on `self` or
    `cls` (a constant, not a field); none of an enum. Once per class and file."""
    memo = file.shared.setdefault("passed-class-constants", {})
    found = memo.get(cls)
    if found is None and any(name.endswith(_ENUM_BASES) for name in base_names(cls)):
        found = memo[cls] = {}  # (an enum's members are no values: `Plain.RATIO != "ratio"`; a value enum's are
        # read as theirs by `optin._member_value`)
    if found is None:
        bound: dict = {}
        for stmt in cls.body:
            if type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name:
                target, value = stmt.targets[0].id, stmt.value
            elif type(stmt) is ast.AnnAssign and stmt.value is not None and type(stmt.target) is ast.Name:
                target, value = stmt.target.id, stmt.value
            else:
                continue
            literal_value = file.literal(value)
            bound[target] = literal_value if target not in bound and literal_value is not NOT_LITERAL \
                and type(literal_value) in (str, int, float, bool, type(None)) else NOT_LITERAL
        stored = {node.attr for node in ast.walk(cls) if type(node) is ast.Attribute and
                  type(node.ctx) is not ast.Load and type(node.value) is ast.Name and node.value.id in ("self", "cls")}
        found = memo[cls] = {k: v for k, v in bound.items() if v is not NOT_LITERAL and k not in stored}
    return found


def callee_of(file: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """What the project's calls of a function call (`FileContext.callee`): its qualified name; for a
    constructor, its class."""
    qualname = file.qualnames.get(function)
    if qualname is not None and function.name == "__init__" and isinstance(file.parent(function), ast.ClassDef):
        return qualname.rpartition(".")[0]
    return qualname


def passed_positional(file: FileContext, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameters callers pass by position (a method's `self`/`cls` left out)."""
    positional = positional_names(function)
    if isinstance(file.parent(function), ast.ClassDef) and positional[:1] in (["self"], ["cls"]):
        positional = positional[1:]  # callers do not pass it
    return positional


def _literal_default(file: FileContext, default: ast.expr) -> Any:
    listed = listed_items(default)
    if listed is not None:  # `reg_layers=[0, 0]`, `(0.0,) * 3`
        return (ITEMS, *dict.fromkeys(_literal_default(file, item) for item in listed))
    value = file.literal(default)
    if value is not NOT_LITERAL:
        return _simple(value)
    member = enum_member(file, default) if type(default) is ast.Attribute else None  # `mode=QuantizationMode.NONE`
    if member is not None:
        return member
    return _framework_constant(file, default) if isinstance(default, (ast.Name, ast.Attribute)) else UNKNOWN


def forwarded_keywords(file: FileContext, expr: ast.expr, enclosing: list) -> tuple | None:
    """`f(x, **kwargs)` in `def g(..., **kwargs)`, the caller's own `**kwargs` handed on whole:
    (FORWARDED, g as its callers call it, g's named parameters), so a parameter of `f` the call
    does not name is what g's callers pass by that keyword (a named parameter of g never lands in
    its `**kwargs`). None for any other `**` argument (a dict the function builds or changes)."""
    if type(expr) is not ast.Name or expr.id in file.stored_names:
        return None
    for function in enclosing:
        if function.args.kwarg is not None and function.args.kwarg.arg == expr.id:
            qualname = callee_of(file, function)
            return (FORWARDED, qualname, tuple(sorted(parameter_names(function)))) if qualname else None
        if expr.id in parameter_names(function):
            return None
    return None


def passed(call: tuple, position: int | None, name: str, default: Any) -> Any:
    """What one exported call (`project.ARG_CALL`) passes for the parameter: by keyword, by
    position, maybe among what it passes that is not known here (UNKNOWN), by keyword through
    the caller's `**kwargs` (handed on: the caller's callers decide), or left out (the default)."""
    _, positional, keywords, opaque = call
    for keyword, value in keywords:
        if keyword == name:
            return value
    if position is not None and position < len(positional):
        return positional[position]
    if type(opaque) is tuple:  # (FORWARDED, caller, the caller's named parameters)
        return default if name in opaque[2] else opaque[:2]
    return UNKNOWN if opaque else default


# ---------------------------------------------------------------------------------------------
# The convention


@dataclass(frozen=True)
class Parameter:
    """A parameter a finding hangs on (`SourceVisitor.report(parameter=...)`). `bad`: whether a value
    makes the finding (True), not (False), or is not known to (None); `unknown`: the severity for
    values not known here, as the rule's cost model can price them."""

    function: str
    position: int | None
    name: str
    default: Any
    bad: Callable[[Any], bool | None]
    unknown: Severity
    # when every value is known and fine but the rule still sees a cost it cannot price (an L2 term
    # of strength 0 Keras still computes): the finding's text then, as info; None: no finding
    fine: str | None = None
    # whether that finding restates the report's (a copy made only on a branch an option takes): its fix stays the
    # report's; else the `fine` text is the advice too (build the regularizer only when the strength is > 0)
    fine_keeps_fix: bool = False
    # the path the finding is on, as tests of the function's other parameters: ((position, name, default,
    # "==" or "!=", literal, held), ...); a call whose literal arguments fail one never reaches it
    # (`_conv2d_same(x, 64, kernel_size=3, stride=1)` does not pad under `else:` of `if stride == 1:`)
    unless: tuple = ()
    # other parameters (or config fields) the finding hangs on together with this one: (key, name) of each
    # (`key`, `field_key`); `bad` then takes a value of each after this one's (`judged` tries every mix)
    joint: tuple = ()
    # whether the default a public function's outside callers may leave counts when the project's own calls reach
    # it: False for a choice the package makes for itself where it calls the function (TFP405's
    # `drop_remainder=drop_remainder`: the training call of the project passes True, whatever another caller
    # keeps); with no call of the project reaching it, the default is what every caller gets, and it counts
    outside: bool = True
    # whether the finding reads the parameter's items (`l2(reg_layers[0])`): a list passed (ITEMS) is then handed
    # to `bad` as it is; for any other parameter a list is a value not known here
    items: bool = False
    # whether `bad` also takes the values not known here (`not_known`) and may decide without them: a finding that
    # needs two things at once is none when either is known fine (`l2_loss`'s regularizer in an opt-in branch: no
    # branch taken, no term, whatever the strength; a strength of 0, none, whoever takes the branch)
    partial: bool = False

    @property
    def key(self) -> str:
        key = f"{self.function}:{self.position}:{self.name}:{self.default!r}"
        return f"{key}|{self.unless!r}" if self.unless else key


def field_parameter(file: FileContext, expr: ast.expr) -> tuple[str, None, str, None] | None:
    """The key parts (as `parameter_of` gives them; `Parameter`) of the config class's field `expr` reads
    (`configs.reference`: `cfg.l2_reg` of a parameter `cfg: ModelConfig`, `self.cfg.l2_reg`), whose values the
    project's configs hold (`field_key`); None when it reads none."""
    held = configs.reference(file, expr)
    return (f"{configs.REFERENCE}{held[1]}", None, held[2], None) if held is not None else None


def field_key(cls: str, name: str) -> str:
    """The key (as `Parameter.key`) of a field of a config class: what the project's configs hold
    (`project.field_values`), asked as a parameter's values are."""
    return f"{configs.REFERENCE}{cls}:None:{name}:None"


MAX_MIXES = 64  # `judged` tries at most so many mixes of the joint parameters' values


def off_path(call: tuple, unless: tuple) -> bool:
    """Whether a call (`project.ARG_CALL`) passes literals that fail a test on the finding's path
    (`Parameter.unless`): it never reaches the finding."""
    for position, name, default, op, literal, held in unless:
        value = passed(call, position, name, default)
        if type(value) not in (int, bool, type(None)) and not (type(value) is float and math.isfinite(value)):
            continue  # not a literal here: it may take the path
        if (value == literal if op == "==" else value != literal) is not held:
            return True
    return False


class Passing(NamedTuple):
    """What the callers pass, said for the message; the severity (None: the rule's own); `fine`: every
    value is known and fine, and the finding is the parameter's `fine` one."""

    said: str
    severity: Severity | None
    fine: bool = False


def off_step(who: str, context: Callable[[str], str | None] | None = None) -> bool:
    """Whether a caller (as `project.parameter_values` names it) runs off the training step: a call
    whose own code says so ("!eval": made in an evaluation function), or a function the call graph
    puts there (`context`: the project's context of a function)."""
    if who.startswith("!"):
        return who[1:] in OFF_STEP
    return who != OUTSIDE and context is not None and context(who) in OFF_STEP


def judged(parameter: Parameter, values: Iterable[tuple[Any, str]],
           context: Callable[[str], str | None] | None = None, joint: tuple = ()) -> Passing | None:
    """What the callers pass under the convention, or None when every value is known and fine and
    the parameter has no `fine` finding (no finding), or when every call of the project takes another path
    than the finding's (`Parameter.unless`: none runs its code; not "no call passes it", which is not
    known); info when callers outside the project reach it only by passing other than the defaults.
    A bad value that only callers off the training step pass (`off_step`: evaluation, inference,
    tests...) makes the finding info, as an unknown one would: the training step does not get it.
    `joint`: the values of `parameter.joint`, each as the project answers them; a value of the
    parameter is then bad with some mix of theirs, fine with every one, else not known."""
    bad = parameter.bad if not parameter.joint else _mixed(parameter, joint)
    verdicts = {}
    elsewhere = set()
    values = list(values)
    if not parameter.outside and any(who != OUTSIDE and value != OFF_PATH for value, who in values):
        values = [(value, who) for value, who in values if who != OUTSIDE]  # (the project's calls decide)
    for value, who in values:
        if value == OFF_PATH:
            elsewhere.add(who)  # a call that never reaches the finding: what it passes is no value there
            continue
        if not parameter.items and listed(value):
            value = UNKNOWN  # (a list, where the finding reads the value itself)
        verdict = bad(value) if parameter.partial else None if value == UNKNOWN or value == NO_DEFAULT else bad(value)
        verdicts.setdefault((verdict, _shown(value)), []).append(who)
    if not verdicts:
        if OUTSIDE in elsewhere:  # the defaults take another path: only callers outside that pass others reach it
            names = " or ".join(sorted({test[1] for test in parameter.unless}))
            return Passing(f"no call in the project reaches it: callers outside the project do only with another "
                           f"{names} than the default", Severity.INFO)
        if elsewhere:  # every call of the project takes another path (`Parameter.unless`): none runs its code
            return None
        return Passing(f"no call in the project passes {parameter.name}: its value is not known here",
                       parameter.unknown)
    fine = all(verdict is False for verdict, _ in verdicts)
    if fine and parameter.fine is None:
        return None
    ordered = sorted(verdicts.items(), key=lambda item: {True: 0, None: 1, False: 2}[item[0][0]])
    said = f"{parameter.name} is " + "; ".join(f"{shown} {_whom(whos)}" for (_, shown), whos in ordered)
    for (_, name), values in zip(parameter.joint, joint):  # (with the values of the others it hangs on)
        said += f"; {name} is " + " or ".join(sorted({_shown(value) for value, _ in values if value != OFF_PATH}))
    if fine:
        return Passing(said, Severity.INFO, fine=True)
    bad = [(shown, whos) for (verdict, shown), whos in verdicts.items() if verdict]
    if bad and not any(not off_step(who, context) for _, whos in bad for who in whos):
        shown = " or ".join(sorted(shown for shown, _ in bad))
        return Passing(f"{said}: only callers off the training step pass {shown}", Severity.INFO)
    return Passing(said, None if bad else parameter.unknown)


def text(value: Any) -> Any:
    """A passed value with a kept string as the string (`("s", "same")` is "same"); any other as it is."""
    return value[1] if type(value) is tuple and len(value) == 2 and value[0] == TEXT[0] else value


def _mixed(parameter: Parameter, joint: tuple) -> Callable[[Any], bool | None]:
    """`bad` of one value of a parameter judged with others (`Parameter.joint`): True when some mix of
    the others' values makes it bad, False when none can, else None (a value not known, too many mixes)."""
    choices = [sorted({value for value, _ in values if value != OFF_PATH}, key=repr) for values in joint]
    mixes = [()]
    for options in choices:
        mixes = [(*mix, option) for mix in mixes for option in options]
        if len(mixes) > MAX_MIXES:
            return lambda value: None
    if len(joint) != len(parameter.joint) or not mixes:
        return lambda value: None

    def bad(value) -> bool | None:
        verdicts = {None if not parameter.partial and any(not_known(v, parameter.items) for v in mix)
                    else parameter.bad(value, *mix)
                    for mix in mixes}
        return True if True in verdicts else False if verdicts == {False} else None
    return bad


def not_known(value: Any, items: bool = False) -> bool:
    """Whether a passed value says nothing here: not known, not given, or a list where the items are not read."""
    return value == UNKNOWN or value == NO_DEFAULT or not items and listed(value)


def listed(value: Any) -> bool:
    """Whether a passed value is a list of values (ITEMS)."""
    return type(value) is tuple and value[:1] == (ITEMS,)


def _shown(value: Any) -> str:
    if value == UNKNOWN or value == NO_DEFAULT:
        return "not known here"
    if listed(value):
        return "a list of " + " or ".join(_shown(item) for item in value[1:])
    if value == TEXT:
        return "a string"
    if text(value) is not value:
        return repr(text(value))
    if type(value) is tuple and value[:1] == (STATED,):
        return value[1].replace("tensorflow.", "tf.", 1)
    if is_member(value):
        return f"{value[1].rpartition('.')[2]}.{value[2]}"
    return repr(value)


def _whom(whos: list[str]) -> str:
    outside = OUTSIDE in whos
    named = sorted({f"{who[1:]} code" if who.startswith("!") else ".".join(who.split(".")[-2:])
                    for who in whos if who != OUTSIDE})
    parts = []
    if named:
        listed = ", ".join(named[:3]) + (f" and {len(named) - 3} more" if len(named) > 3 else "")
        parts.append(f"from {listed}")
    if outside:
        parts.append("by default, for callers outside the project")
    return " and ".join(parts)


# ---------------------------------------------------------------------------------------------
# Weights passed: the weight convention through a helper's parameters (TFP101, TFP103, TFP201)


def weights_passed_context(file: "FileContext", data: ast.AST | None, otherwise, settings: bool = False):
    """The report's context for a site that moves `data`: when `data` would be computed only from weights were
    some parameters of its function weights (`Shapes.weight_parameters`: `def orthonormalize(w): ... w @
    tf.transpose(w)`), the function is a weight helper (`weight_helper`: its callers export what they pass,
    `WEIGHT_CALL`) and whether every call passes weights is asked when the report is made (`weights_passed`);
    else `otherwise`. TFP101, TFP103 and TFP201 all judge a copy of a weight so. With `settings` (TFP101, TFP103:
    they judge a tensor computed only from constants and settings as a weight), a helper no weight reaches every call
    of which passes settings or constants (or weights) for those parameters is `SETTINGS` (a filterbank of the sizes
    a layer's constructor was given)."""
    helper = file.shapes.weight_parameters(data) if data is not None else None
    if not helper:
        return otherwise
    function = helper[2]
    parameters = call_positions(function, file, helper[0])
    weight_helper(file, function, parameters)  # (its callers say what they pass: WEIGHT_CALL)
    # (only parameters keep it from being a table of settings, whose callers' values the chain of helpers judges:
    # no data op, nothing else unknown)
    settings = settings and open_parameters(file, data) is not None
    return partial(_weights_passed_or, (file.qualnames[function], parameters, helper[1]), otherwise, settings)


def _weights_passed_or(helper: tuple, otherwise, settings: bool, file: "FileContext") -> str | None:
    """The report's context (`Report.context`) of a transpose in a weight helper: `WEIGHTS` when every call
    of its function in the project passes weights for the parameters it moves (`weights_passed`); with `settings`,
    `SETTINGS` when no weight reaches it and every call passes settings or constants (or weights) for them; else what
    `otherwise` says."""
    function, parameters, weighed = helper
    passed = weights_passed(file, function, parameters)
    if passed is True or passed is not False and weighed:
        return WEIGHTS
    if passed is None and settings and weights_passed(file, function, parameters, strict=True) is not False:
        return SETTINGS
    return otherwise(file) if callable(otherwise) else otherwise


def _uncalled(file: "FileContext", function: str) -> bool:
    """Whether `function` is a module-level function of the project (called by name, so its callers are known) that
    no root of the training step is (`STEP_ROOT`) and that nothing in the project calls or refers to but code of a
    known context off the step (`!test`...: `CALLED_BY`'s kinds). A method's callers are not all known (an object's
    method called through an attribute the call graph does not resolve), so a method never is."""
    project = file.project
    if not project.is_module(function.rpartition(".")[0]) or project.query(STEP_ROOT, function) or \
            project.query(REFERRED_BY, function):
        return False
    return all(type(c) is str and c.startswith("!") for c in project.query(CALLED_BY, function))


def _framework_may_call(file: "FileContext", method: str) -> bool:
    """Whether the machinery of a base class may call `method` (a qualname the call graph gives `FRAMEWORK_CALLER`,
    as it does every public method of a derived class): its name is one a framework class defines
    (`api.framework_method`: Keras calls `call`, `convolution_op`...), or its class has a base, through the file's
    own classes, that is neither a framework class the table lists nor plain (another library's, a project class of
    another module: machinery the file does not show). A `SpectralNormalization(keras.layers.Wrapper)`'s
    `power_iteration` is none: only the project's calls reach it, as a public function's."""
    node, owner = file.defs.get(method), file.defs.get(method.rpartition(".")[0])
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(owner, ast.ClassDef) or \
            framework_method(node.name):
        return True
    return not _known_bases(file, owner, 0)


def _known_bases(file: "FileContext", cls: ast.ClassDef, depth: int) -> bool:
    """Whether every base of `cls` is plain, a framework class the method table lists, or a class of the file whose
    bases are so in turn."""
    for base in cls.bases:
        if is_plain_base(file, base) or known_framework_class(file.qualified(base) or ""):
            continue
        local = file.defs.get(file.def_of(base) or "")
        if not (isinstance(local, ast.ClassDef) and local is not cls and depth < 8 and
                _known_bases(file, local, depth + 1)):
            return False
    return True


_WEIGHT_HOPS = 4  # callers followed up from a helper (`expand(mask)` <- `update(w)` <- ...)


def weights_passed(file: "FileContext", function: str, parameters: tuple, hops: int = 0,
                   strict: bool = False) -> bool | None:
    """Whether every call of `function` in the project (`WEIGHT_CALL`: tests' calls are not counted) passes,
    for each of `parameters` ((position among the call's arguments or -1, name, whether a call may leave it out
    for its literal default)), a tensor computed only from weights or a setting, or a parameter of its caller
    that this holds for in turn: no batch reaches them. A call from an undecorated module-level function that
    nothing in the project calls or refers to but code off the step (tests: `_uncalled`), handing its own parameter
    on, is not counted: it runs in no training step (the `NO_STEP` convention, for one of the helper's callers).
    True: every call passes a weight for one of them; None:
    some call passes only settings (a weight must come from elsewhere: an attribute set in `__init__` may hold
    the batch); False: some call passes something else, no call the project makes passes anything (a public
    function's callers pass what they like), or the function is also referred to or run by the framework
    (callers the source does not show)."""
    if hops > _WEIGHT_HOPS:
        return False
    callers = file.project.query(CALLED_BY, function)
    if any(not isinstance(c, str) or c.startswith("?") and not (c == FRAMEWORK_CALLER and not _framework_may_call(
            file, function)) for c in callers):
        return False  # (a reference handed on, a framework hook: callers the source does not show)
    calls = file.project.query(WEIGHT_CALL, function)
    for dispatcher in file.project.query(DISPATCHED_ON, function):  # (a dispatcher's calls pass it their arguments)
        calls = (*calls, *file.project.query(WEIGHT_CALL, dispatcher))
    if not calls:
        return False  # (no call the project makes: a public function's callers pass what they like)
    every, counted = True, False
    for passed in calls:
        if any(type(e[2]) is tuple and len(e[2]) > 4 and not e[2][4] and _uncalled(file, e[2][0]) for e in passed):
            continue  # (a module's function nothing but tests calls, handing its parameter on: a public check,
            # `is_pruned_m_by_n(weights)`; it runs in no training step of the project)
        counted = True
        weighed = False
        for position, name, omitted in parameters:
            entry = next((e for e in passed if e[0] == position >= 0 or e[1] == name), None)
            if strict and entry is not None and (entry[2] == SETTING_HELD or type(entry[2]) is tuple and
                                                 len(entry[2]) > 3 and not entry[2][3]):
                return False  # (`strict`: a setting the call states, not an attribute a class other than Keras's
                # set up, which may hold the batch, nor a caller's value a data op reaches: `nn` of `keras.Input`)
            if entry is not None and entry[2] == ACTIVATION:
                return False  # (data of the step, or a value not known here)
            if entry is None and omitted or entry is not None and entry[2] in (SETTING, SETTING_HELD):
                continue  # (a setting: no batch; `tensor, block_size`: the helper's other parameters)
            if entry is not None and entry[2] == ():
                weighed = True
                continue
            deeper = weights_passed(file, entry[2][0], entry[2][1], hops + 1, strict) if entry is not None else False
            if deeper is False:
                return False
            weighed = weighed or deeper is True or entry[2][2]
        every = every and weighed
    if not counted:
        return False  # (no call on the step: what the project's calls pass says nothing of the step)
    return True if every else None
