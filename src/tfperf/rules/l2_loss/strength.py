"""TFP301 in source: where an L2 regularizer's strength comes from, by data flow (`tfperf.source.attributes`).

`l2(self.l2_reg)`, `l1_l2(l1, l2)`: the strength is a value the class or the function states somewhere else, not
at the construction; `attributes.value_sources` follows it (through `self.<attr>` stores, the callers' arguments,
`kwargs.get`, local assignments and conditional expressions) to parameters and constants. Each parameter is judged
with the others by what the callers pass (`passed.Parameter.joint`). One not known here leaves the finding as it
is: a strength not known is most likely not 0.
"""

from __future__ import annotations

import ast

from tfperf.source.attributes import CONSTANT, value_sources
from tfperf.source.passed import Parameter

MAX_SOURCES = 4  # parameters a strength hangs on together (each mix of their values is tried)


def strength_sources(v, expr: ast.expr, depth: int = 0) -> list[tuple[str, object]] | None:
    """(PARAMETER, its `parameter_of` key) or (CONSTANT, value) for each value `expr` may take
    (`attributes.value_sources`, judged through a scaling by a number that is not 0: `unscaled`); None when
    one is not known here (a string is no strength)."""
    found = value_sources(v.file, expr, unscaled, depth)
    if found is None or any(kind == CONSTANT and type(value) is str for kind, value in found):
        return None
    return found


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
