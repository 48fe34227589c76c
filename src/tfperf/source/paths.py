"""Values on a control path: what an expression is when the code went through a given statement.

    if strides == 2:
        x = layers.ZeroPadding2D(correct_pad(x, 3))(x)     # <- `via`
        conv_pad = "valid"
    else:
        conv_pad = "same"
    x = layers.DepthwiseConv2D(3, padding=conv_pad)(x)   # conv_pad is "valid" when the pad ran

The conditions of the `if` statements around `via` are taken as true (or false, in an `else`).
Under them, `value_on_path` picks, among a name's assignments (or a `self.attr`'s in the class),
those whose own conditions do not contradict them, and evaluates `a if test else b` when the test
follows from them (`stride == 1` is false when `stride == 2` or `stride > 1` holds; an `or` or `and`
by its sides; the same test written twice is the same; a test of `self.stride` in another method, where
the method the expression is in stores it once from its parameter `stride`, is a test of that parameter:
`as_parameters`). Anything it cannot decide is None: rules then stay silent or advise.
"""

from __future__ import annotations

import ast
import copy
import operator
from typing import TYPE_CHECKING, Any, Callable

from tfperf.source.arguments import parameter_names
from tfperf.source.literals import NOT_LITERAL, literal

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

Condition = tuple[ast.expr, bool]  # a test and whether it held on the path
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Gt: operator.gt, ast.GtE: operator.ge,
            ast.Lt: operator.lt, ast.LtE: operator.le}


def conditions(file: "FileContext", node: ast.AST) -> list[Condition]:
    """The `if` tests on the path to `node` within its function, innermost first; a flag tested there
    that one assignment defines as a test (`self.use_pad = padding > 0 and not force_same`) brings
    what its definition then says (`defined`)."""
    found: list[Condition] = []
    child = node
    for parent in file.ancestors(node):
        if isinstance(parent, ast.If):
            if any(child is s for s in parent.body):
                found.extend(defined(file, _split(parent.test, True)))
            elif any(child is s for s in parent.orelse):
                found.extend(defined(file, _split(parent.test, False)))
        elif isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            break
        child = parent
    return found


_TESTS = (ast.BoolOp, ast.Compare, ast.UnaryOp)


def defined(file: "FileContext", known: list[Condition], depth: int = 0) -> list[Condition]:
    """`known` with what each flag in it means: a name its scope assigns once, or a `self.<attr>` its
    class assigns once, to a test (`use_pad = (padding > 0) and (not force_same)`): when the flag held,
    so did its definition, and so did each side of an `and`; when it did not, neither did the
    definition (and neither side of an `or`). The definition's names are read as the path's own (a
    flag set in `__init__` from its parameters and tested in `call` speaks of those parameters)."""
    extra: list[Condition] = []
    for test, held in known:
        if type(test) is ast.Name:
            index = file.scope_index(file.scope_of(test))
            bound = index.only_binding(test.id)
            value = bound.value if bound is not None and isinstance(bound.stmt, ast.Assign) else None
        elif type(test) is ast.Attribute and type(test.value) is ast.Name and test.value.id == "self":
            owner = file.enclosing_class(test)
            stores = file.self_assignments(owner, test.attr) if owner is not None else []
            value = stores[0].value if len(stores) == 1 else None
        else:
            continue
        if isinstance(value, _TESTS) and not (type(value) is ast.UnaryOp and type(value.op) is not ast.Not):
            more = _split(value, held) if held or not isinstance(value, ast.BoolOp) else \
                [c for side in value.values for c in _split(side, False)] if type(value.op) is ast.Or else \
                [(value, False)]
            extra.extend(defined(file, more, depth + 1) if depth < 3 else more)
    return known + extra if extra else known


_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def exited_before(file: "FileContext", node: ast.AST) -> list[Condition]:
    """The tests that did not hold where `node` runs because an `if T:` before it (no else) in a block
    around it, within its function, ends in a return, raise, continue or break (`if stride == 1: return
    conv(x)` then the strided code: `stride == 1` did not hold there)."""
    found: list[Condition] = []
    child = node
    for parent in file.ancestors(node):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if not isinstance(block, list):
                continue
            at = next((i for i, stmt in enumerate(block) if stmt is child), None)
            for stmt in block[:at or 0]:
                if isinstance(stmt, ast.If) and not stmt.orelse and stmt.body and isinstance(stmt.body[-1], _EXITS):
                    tests = stmt.test.values if isinstance(stmt.test, ast.BoolOp) and isinstance(stmt.test.op, ast.Or) \
                        else [stmt.test]  # `if a or b: return`: neither held
                    found.extend(c for test in tests for c in _split(test, False))
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            break
        child = parent
    return found


def _split(test: ast.expr, held: bool) -> list[Condition]:
    """`a and b` held: both held; `not a` held: a did not."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and held:
        return [c for value in test.values for c in _split(value, True)] + [(test, True)]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return _split(test.operand, not held)
    return [(test, held)]


split_test = _split  # (for `optin`: a conditional expression's test, read as an `if` statement's)


def decide(test: ast.expr, known: list[Condition]) -> bool | None:
    """Whether `test` holds given the `known` conditions, or None when they do not say."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = decide(test.operand, known)
        return None if inner is None else not inner
    dump = ast.dump(test)
    for condition, held in known:
        if ast.dump(condition) == dump:
            return held
    plain = _plain(test)  # `self._use_padding` set from the `use_padding` argument is the same flag
    for condition, held in known:
        if _plain(condition) == plain:
            return held
    if isinstance(test, ast.BoolOp):
        found = _decide_sides(test, known)
        if found is not None:
            return found
    found = _decide_comparison(test, known) if not _is_isinstance(test) else _decide_isinstance(test, known)
    if found is None and type(test) in (ast.Name, ast.Attribute):
        found = _decide_truth(test, known)
    return found if found is not None else _decide_by_cases(test, known)


def _decide_sides(test: ast.BoolOp, known: list[Condition]) -> bool | None:
    """`a or b` from its sides (set 76's pyradox: `"same" if stride == (1, 1) or stride == 1 else "valid"` on the
    path of `if stride == 2 or stride == (2, 2):`): true when a side holds, false when every side fails; `a and b`
    the other way round."""
    sides = [decide(value, known) for value in test.values]
    decisive = type(test.op) is ast.Or  # (the answer one side settles: True for `or`, False for `and`)
    if decisive in sides:
        return decisive
    return (not decisive) if None not in sides else None


def _decide_truth(test: ast.expr, known: list[Condition]) -> bool | None:
    """A bare flag `x` tested for truth when the path says `x == literal` (`with_padding == False`, a value a
    call passes): the literal's truth."""
    dump = ast.dump(test)
    for condition, held in known:
        theirs = _comparison(condition)
        if held and theirs is not None and theirs[0] == dump and theirs[1] is ast.Eq and \
                type(theirs[2]) in (bool, int, str, float, tuple, type(None)):
            return bool(theirs[2])
    return None


def _decide_by_cases(test: ast.expr, known: list[Condition]) -> bool | None:
    """A known disjunction taken case by case: on the path of `if stride == 2 or stride == (2, 2):`, the test
    `stride == 1` fails under each alternative, so it fails there."""
    for index, (condition, held) in enumerate(known):
        if held and isinstance(condition, ast.BoolOp) and isinstance(condition.op, ast.Or) and len(condition.values) <= 4:
            rest = known[:index] + known[index + 1:]
            answers = {decide(test, [(case, True), *rest]) for case in condition.values}
            if len(answers) == 1 and None not in answers:
                return answers.pop()
    return None


_TYPES = {"str": str, "int": int, "float": float, "bool": bool, "list": list, "tuple": tuple}


def _is_isinstance(test: ast.expr) -> bool:
    return isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "isinstance" \
        and len(test.args) == 2 and isinstance(test.args[0], ast.Name)


def _decide_isinstance(test: ast.Call, known: list[Condition]) -> bool | None:
    """`isinstance(padding, str)` when the path says `padding == "valid"`."""
    value = _stated(test.args[0], known)
    kinds = test.args[1].elts if isinstance(test.args[1], ast.Tuple) else [test.args[1]]
    if value is NOT_LITERAL or not all(isinstance(k, ast.Name) and k.id in _TYPES for k in kinds):
        return None
    return isinstance(value, tuple(_TYPES[k.id] for k in kinds))


def _plain(test: ast.expr) -> str:
    """A test's text with `self._x` / `self.x` written `x`."""
    class Plain(ast.NodeTransformer):
        def visit_Attribute(self, node):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                return ast.Name(node.attr.lstrip("_"), ast.Load())
            return self.generic_visit(node)

        def visit_Name(self, node):
            return ast.Name(node.id.lstrip("_"), ast.Load())

    return ast.dump(Plain().visit(copy.deepcopy(test)))


def _decide_comparison(test: ast.expr, known: list[Condition]) -> bool | None:
    """`x == 1` against known facts about x compared with literals (`x == 2`, `x > 1`, `x != 1`...)."""
    mine = _comparison(test)
    if mine is None:
        return None
    name, op, value = mine
    for condition, held in known:
        theirs = _comparison(condition)
        if theirs is None or theirs[0] != name:
            continue
        _, their_op, their_value = theirs
        if not held and their_op is ast.NotEq:  # `x != v` did not hold: x is v
            held, their_op = True, ast.Eq
        if held and their_op is ast.Eq:  # x is exactly their_value
            try:
                return bool(_COMPARE[op](their_value, value))
            except TypeError:
                continue
        if op is ast.Eq and held:  # x == value is false if the known fact excludes value
            try:
                if not _COMPARE[their_op](value, their_value):
                    return False
            except TypeError:
                continue
        if op is ast.Eq and not held and their_op is ast.Eq and their_value == value:
            return False
    return _decide_by_residue(name, op, value, known)


def _decide_by_residue(name: str, op: type, value: Any, known: list[Condition]) -> bool | None:
    """`x == v` (or `x != v`) against a known residue of x (`stride % 2 == 0` held: `stride == 1` fails)."""
    if op not in (ast.Eq, ast.NotEq) or type(value) is not int:
        return None
    for condition, held in known:
        residue = _residue(condition)
        if residue is None or residue[0] != name:
            continue
        _, modulus, their_op, remainder = residue
        if (their_op is ast.Eq) == held and value % modulus != remainder:  # x % m is r, and v % m is not
            return op is ast.NotEq
    return None


def _residue(test: ast.expr) -> tuple[str, int, type, int] | None:
    """(name, m, operator, r) of `name % m == r` or `name % m != r`, m and r int literals."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in (ast.Eq, ast.NotEq)):
        return None
    left, right = test.left, test.comparators[0]
    if not (isinstance(left, ast.BinOp) and isinstance(left.op, ast.Mod)):
        return None
    modulus, remainder = literal(left.right), literal(right)
    if type(modulus) is not int or type(remainder) is not int or modulus == 0:
        return None
    return ast.dump(left.left), modulus, type(test.ops[0]), remainder


def _comparison(test: ast.expr) -> tuple[str, type, Any] | None:
    """(name, operator, literal) of `name <op> literal` (names and attributes: `self.stride`)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _COMPARE):
        return None
    value = literal(test.comparators[0])
    if value is NOT_LITERAL:
        return None
    return ast.dump(test.left), type(test.ops[0]), value


def value_on_path(file: "FileContext", expr: ast.AST | None, via: ast.AST, depth: int = 0,
                  assume: tuple[Condition, ...] = ()) -> Any:
    """The literal value of `expr` when the code went through `via`, or NOT_LITERAL. `assume`:
    conditions taken as held besides the path's (a summary asking "what if padding == 'valid'")."""
    if expr is None or depth > 6:
        return NOT_LITERAL
    known = conditions(file, via) + list(assume)
    known += as_parameters(file, known, expr)
    if isinstance(expr, ast.IfExp):
        held = _compared_on_path(file, expr.test, via, depth, assume)
        if held is None:
            held = decide(expr.test, known)
        if held is None:
            a = value_on_path(file, expr.body, via, depth + 1, assume)
            b = value_on_path(file, expr.orelse, via, depth + 1, assume)
            return a if a == b else NOT_LITERAL
        return value_on_path(file, expr.body if held else expr.orelse, via, depth + 1, assume)
    if isinstance(expr, ast.Name):
        return _name_on_path(file, expr, via, known, depth, assume)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        return _attribute_on_path(file, expr, via, known, depth)
    return file.literal(expr)


def as_parameters(file: "FileContext", known: list[Condition], node: ast.AST) -> list[Condition]:
    """The tests of `self.<attr>` in `known` (alone or compared with a literal, in a method of the class
    `node` is in) as tests of the parameter the method around `node` stores it from, once and for good:
    the class's one `self.<attr> = name`, unconditional in that method, `name` a parameter it never
    rebinds. There the name is the attribute's value, so a test in another method speaks of it
    (`if self.stride == 2:` in `call` is `stride == 2` for `__init__`'s `'same' if stride == 1 else 'valid'`)."""
    extra: list[Condition] = []
    scope = None
    for test, held in known:
        attribute = self_attribute_test(test)
        if attribute is None:
            continue
        if scope is None:
            scope = file.scope_of(node)
            owner = file.parent(scope) if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            if type(owner) is not ast.ClassDef:
                return extra
        if file.enclosing_class(attribute) is not owner:
            continue
        name = _stored_parameter(file, owner, scope, attribute.attr)
        if name is not None:
            plain = ast.Name(name, ast.Load())
            extra.append((ast.Compare(plain, test.ops, test.comparators) if attribute is not test else plain, held))
    return extra


def self_attribute_test(test: ast.expr, literal_of: Callable[[ast.AST], Any] = literal) -> ast.Attribute | None:
    """The `self.<attr>` a test reads alone (`if self.use_pad:`) or compares once with a literal (`self.stride ==
    2`, the literal as `literal_of` reads it), else None."""
    compared = type(test) is ast.Compare and len(test.ops) == 1
    node = test.left if compared else test
    if not (type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == "self"):
        return None
    return node if not compared or literal_of(test.comparators[0]) is not NOT_LITERAL else None


def _stored_parameter(file: "FileContext", owner: ast.ClassDef, method: ast.AST, attr: str) -> str | None:
    """The parameter of `method` that the class's only `self.<attr> = name` stores, when that assignment
    is a statement of the method's own body (it always runs) and the method binds the name nowhere else."""
    stores = file.self_assignments(owner, attr)
    if len(stores) != 1 or type(stores[0].value) is not ast.Name or file.parent(stores[0]) is not method:
        return None
    name = stores[0].value.id
    index = file.scope_index(method)
    bound = index.bindings.get(name, [])
    if len(bound) != 1 or bound[0].stmt is not None or name in index.dynamic or name not in parameter_names(method):
        return None
    return name


def _compared_on_path(file: "FileContext", test: ast.expr, via: ast.AST, depth: int,
                      assume: tuple[Condition, ...]) -> bool | None:
    """`name <op> literal` with the name's own value on the path, when it has one: read where the
    test is, so an assignment after the `if` that led to `via` counts (`if padding == "same":
    x = pad(x); padding = "valid"` ... `"valid" if padding == "valid" else ...` is "valid")."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _COMPARE
            and isinstance(test.left, ast.Name)):
        return None
    left, right = value_on_path(file, test.left, via, depth + 1, assume), literal(test.comparators[0])
    if left is NOT_LITERAL or right is NOT_LITERAL:
        return None
    try:
        return bool(_COMPARE[type(test.ops[0])](left, right))
    except TypeError:
        return None


def _compatible(file: "FileContext", stmt: ast.AST, known: list[Condition]) -> bool:
    """An assignment whose own conditions do not contradict the path's."""
    return all(decide(test, known) in (None, held) for test, held in conditions(file, stmt))


def _name_on_path(file: "FileContext", name: ast.Name, via: ast.AST, known: list[Condition], depth: int,
                  assume: tuple[Condition, ...] = ()) -> Any:
    index = file.scope_index(file.scope_of(name))
    use = (name.lineno, name.col_offset)
    candidates = [b for b in index.bindings.get(name.id, []) if b.pos <= use and b.value is not None
                  and b.stmt is not None and _compatible(file, b.stmt, known)]
    if not candidates:
        stated = _stated(name, known)  # a parameter under `if stride == 2:` is 2
        return file.literal(name) if stated is NOT_LITERAL else stated
    return value_on_path(file, candidates[-1].value, via, depth + 1, assume)


def _stated(name: ast.Name, known: list[Condition]) -> Any:
    """The literal a held `name == literal` condition gives the name, else NOT_LITERAL."""
    dump = ast.dump(ast.Name(name.id, ast.Load()))
    for condition, held in known:
        found = _comparison(condition)
        if held and found is not None and found[0] == dump and found[1] is ast.Eq:
            return found[2]
    return NOT_LITERAL


def parameter_reaches(file: "FileContext", name: ast.Name, via: ast.AST, assume: tuple[Condition, ...]) -> bool:
    """Whether the parameter `name` reads may still hold the caller's value: every assignment of
    it before the read is under a condition the path and `assume` contradict."""
    scope = file.scope_of(name)
    index = file.scope_index(scope)
    use, entry = (name.lineno, name.col_offset), (scope.lineno, scope.col_offset)
    bound = index.bindings.get(name.id, [])
    if not any(b.stmt is None and b.pos == entry for b in bound):
        return False  # not a parameter
    known = conditions(file, via) + list(assume)
    others = [b for b in bound if b.pos != entry and b.pos <= use]
    return not any(b.stmt is None or _compatible(file, b.stmt, known) for b in others)  # (x += 1: no stmt)


def equals(name: str, value: Any) -> Condition:
    """The condition `name == value`, held (for `assume`)."""
    return ast.Compare(ast.Name(name, ast.Load()), [ast.Eq()], [ast.Constant(value)]), True


def _attribute_on_path(file: "FileContext", attribute: ast.Attribute, via: ast.AST, known: list[Condition],
                       depth: int) -> Any:
    """`self.padding` given every `self.padding = ...` of the class: the ones under the same
    conditions as `via`, else the unconditional one."""
    owner = file.enclosing_class(attribute)
    if owner is None:
        return NOT_LITERAL
    values = set()
    for stmt in file.self_assignments(owner, attribute.attr):
        if _compatible(file, stmt, known) and not _beside_contradiction(file, owner, stmt, known):
            value = value_on_path(file, stmt.value, stmt, depth + 1)
            if value is NOT_LITERAL:
                return NOT_LITERAL
            values.add(value if not isinstance(value, list) else tuple(value))
    specific = {v for v in values}
    return specific.pop() if len(specific) == 1 else NOT_LITERAL


def _beside_contradiction(file: "FileContext", owner: ast.ClassDef, stmt: ast.Assign, known: list[Condition]) -> bool:
    """`stmt` sits in a branch that also sets a flag of the class to a literal the `known` conditions
    contradict: under `if self.padding_func:`, `self.conv_padding = padding.upper()` beside
    `self.padding_func = None` did not run (every assignment of the flag is in the branches of that
    one `if`, so the branch that ran is the one whose flag holds)."""
    where = file.block_of(stmt)
    branch = file.parent(stmt)
    if not where or not isinstance(branch, ast.If) or not known:
        return False
    for other in where[0]:
        if other is stmt or not (isinstance(other, ast.Assign) and len(other.targets) == 1):
            continue
        target = other.targets[0]
        if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
            continue
        value = literal(other.value)
        if value is NOT_LITERAL or isinstance(value, (list, dict, set)):
            continue
        flag = ast.Attribute(ast.Name("self", ast.Load()), target.attr, ast.Load())
        says = decide(flag, known)
        if says is None:
            says = decide(ast.Compare(flag, [ast.Eq()], [ast.Constant(value)]), known) if \
                isinstance(value, (str, int, float, bool, type(None))) else None
            if says is None or says:
                continue
        elif bool(value) == says:
            continue
        stores = file.self_assignments(owner, target.attr)
        if all(any(a is branch for a in file.ancestors(s)) for s in stores):
            return True
    return False
