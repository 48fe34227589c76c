"""Einsum equations as text: their operands' labels, and the equation that reads an operand
untransposed. Plain string work, shared by the graph face (einsum.py) and the source face, which
must not import the graph side."""

from __future__ import annotations


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
