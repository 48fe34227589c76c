"""Einsum equations as text: their operands' labels, and the equation that reads an operand
untransposed; and einops' rearrange patterns, the permutation of the axes they name. Plain string
work, shared by the graph face (einsum.py) and the source face, which must not import the graph side."""

from __future__ import annotations

import re

_EINSUM_SIDE = re.compile(r"(?:\.\.\.|[A-Za-z])*")
_EINSUM_LABEL = re.compile(r"\.\.\.|[A-Za-z]")
_REARRANGE_TOKEN = re.compile(r"\.\.\.|[A-Za-z_][A-Za-z0-9_]*|\d+|[()]|\S")


def parse(equation: str, operands: int = 2) -> tuple[list[str], str] | None:
    """"abc,cd->abd" -> (["abc", "cd"], "abd"); None for other arities, ellipses or repeated labels."""
    equation = equation.replace(" ", "")
    if "->" not in equation or "." in equation:
        return None
    lhs, out = equation.split("->")
    specs = lhs.split(",")
    if len(specs) != operands or any(len(set(s)) != len(s) for s in [*specs, out]):
        return None
    return specs, out


def fold_equation(equation: str, slot: int, perm: tuple[int, ...]) -> str | None:
    """The equation of an einsum that reads x itself where it read transpose(x, perm) in operand `slot`."""
    parsed = parse(equation)
    if parsed is None or slot > 1 or len(parsed[0][slot]) != len(perm):
        return None
    specs, out = parsed
    labels = [""] * len(perm)
    for axis, source in enumerate(perm):  # y = transpose(x, perm): y's axis i is x's axis perm[i]
        labels[source] = specs[slot][axis]
    specs[slot] = "".join(labels)
    return f"{','.join(specs)}->{out}"


def permuted_labels(equation: str) -> tuple[list[str], list[str]] | None:
    """The input and output labels of a one-operand einsum that only permutes its operand's axes
    (`"bhwc->bchw"` -> (["b", "h", "w", "c"], ["b", "c", "h", "w"]); `...` is one axis, whose axes keep their
    order). None for anything else: a sum (a label missing from the output), a diagonal (a repeated label), a
    broadcast, more operands, an implicit output."""
    equation = equation.replace(" ", "")
    if equation.count("->") != 1 or "," in equation:
        return None
    sides = equation.split("->")
    if not all(_EINSUM_SIDE.fullmatch(side) for side in sides):
        return None
    source, target = (_EINSUM_LABEL.findall(side) for side in sides)
    if len(set(source)) != len(source) or sorted(source) != sorted(target):
        return None
    return source, target


def rearrange_axes(pattern: str) -> tuple[list[str], list[str], bool] | None:
    """An einops rearrange pattern's elementary axes, input and output, and whether the input groups any
    (`"b (h w) c -> b h w c"` -> (["b", "h", "w", "c"], ["b", "h", "w", "c"], True)). Anonymous size-1 axes
    (`1`, `()`) are left out: they hold no data. `...` is one axis (the axes it stands for keep their order).
    None for a pattern that is not a rearrangement of the same axes (a reduction, a repeat, bad syntax)."""
    if pattern.count("->") != 1:
        return None
    sides = []
    grouped = False
    for index, side in enumerate(pattern.split("->")):
        axes, depth = [], 0
        for token in _REARRANGE_TOKEN.findall(side):
            if token in "()":
                depth += 1 if token == "(" else -1
                grouped = grouped or (index == 0 and token == "(")
                if depth not in (0, 1):
                    return None
            elif token == "1":
                continue
            elif token == "..." or token[0].isalpha() or token[0] == "_":
                axes.append(token)
            else:
                return None
        if depth or len(set(axes)) != len(axes):
            return None
        sides.append(axes)
    source, target = sides
    return (source, target, grouped) if set(source) == set(target) else None
