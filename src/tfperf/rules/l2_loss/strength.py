"""TFP301 in source: where an L2 regularizer's strength comes from, by data flow (`tfperf.source.attributes`).

`l2(self.l2_reg)`, `l1_l2(l1, l2)`: the strength is a value the class or the function states somewhere else, not
at the construction; `attributes.value_sources` follows it (through `self.<attr>` stores, the callers' arguments,
`kwargs.get`, local assignments and conditional expressions) to parameters and constants. Each parameter is judged
with the others by what the callers pass (`passed.Parameter.joint`). One not known here leaves the finding as it
is: a strength not known is most likely not 0.
"""

from __future__ import annotations

import ast

from tfperf.source.attributes import CONSTANT, PARAMETER, value_sources
from tfperf.source.passed import Parameter, listed, listed_items

MAX_SOURCES = 4  # parameters a strength hangs on together (each mix of their values is tried)


ITEM = "item"  # (ITEM, a parameter's key): the items of the list a parameter holds (`l2(reg_layers[0])`)


def strength_sources(v, expr: ast.expr, depth: int = 0) -> list[tuple[str, object]] | None:
    """(PARAMETER, its `parameter_of` key), (ITEM, a key) or (CONSTANT, value) for each value `expr` may take
    (`attributes.value_sources`, judged through a scaling by a number that is not 0: `unscaled`); None when
    one is not known here (a string is no strength). An item of a sequence (`reg_layers[i + 1]`) is any item
    of it: of a list the function makes (`regs = [reg] * n`, `[0.0, wd]`), or of a parameter's list (ITEM:
    what the callers pass, `[self.reg] * len(self.layers)`, `passed.ITEMS`)."""
    expr = unscaled(expr)
    if type(expr) is ast.Subscript and type(expr.slice) is not ast.Slice:
        found = _item_sources(v, expr.value, depth)
    else:
        found = value_sources(v.file, expr, unscaled, depth, fields=True)
    if found is None or any(kind == CONSTANT and type(value) is str for kind, value in found):
        return None
    return found


def _item_sources(v, sequence: ast.expr, depth: int) -> list[tuple[str, object]] | None:
    """The sources of any item of `sequence`: the items of a list literal (or `[x] * n`), also one a local
    name holds (its only assignment reaching the read), else the items of a parameter's list (ITEM)."""
    if type(sequence) is ast.Name:
        reaching = v.file.reaching_bindings(sequence) if sequence.id in v.file.stored_names else []
        if len(reaching) == 1 and type(reaching[0].stmt) is ast.Assign and reaching[0].value is not None:
            sequence = reaching[0].value
    items = listed_items(sequence)
    if items is not None:
        found = []
        for item in items:
            more = strength_sources(v, item, depth + 1)
            if more is None:
                return None
            found += more
        return found
    found = value_sources(v.file, sequence, None, depth, fields=True)
    if found is None or any(kind != PARAMETER for kind, _ in found):
        return None
    return [(ITEM, key) for _, key in found]


def strength_parameter(sources: list, adds, fine: str | None, unknown) -> Parameter | None | bool:
    """The Parameter a term of these sources hangs on (judged with the others, `Parameter.joint`); False when
    none adds a term (constants that add none); None when a constant adds one or is not known (the finding
    stays as it is) or there are too many parameters."""
    keys = []  # (key, whether its items are the strength)
    for kind, found in sources:
        if kind == CONSTANT:
            if adds(found) is not False:
                return None
        elif (found, kind == ITEM) not in keys:
            keys.append((found, kind == ITEM))
    if not keys:
        return False
    if len(keys) > MAX_SOURCES:
        return None

    def judge(value, items: bool) -> bool | None:
        if not items:
            return None if listed(value) else adds(value)
        if not listed(value) or len(value) == 1:
            return None  # (not a list here, or an empty one)
        return _joined([adds(item) for item in value[1:]])

    def bad(*values) -> bool | None:
        return _joined([judge(value, items) for value, (_, items) in zip(values, keys)])

    joint = tuple((Parameter(*key, bad=bad, unknown=unknown).key, key[2]) for key, _ in keys[1:])
    return Parameter(*keys[0][0], bad=bad, unknown=unknown, fine=fine, joint=joint,
                     items=any(items for _, items in keys))


def _joined(verdicts: list) -> bool | None:
    """True when one value adds a term, False when none can, else None."""
    return True if True in verdicts else None if None in verdicts else False


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
