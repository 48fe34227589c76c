"""Coordinate lists and column reads: 2-D transposes whose moved axis is a handful of columns (TFP101, set 46).

A sparse tensor's `indices` is `[N, rank]` int64: one row of coordinates per stored value (`tf.where(c)` returns the
same for the true elements of `c`). Transposing it moves the rank axis, 2 for a matrix: a copy of N x rank indices,
the size of one index vector, not of an activation (the per-position convention's reading of index data). So is
a 2-D transpose the code reads only row by row with literal indices, two rows or more (`t = tf.transpose(pairs)`
... `users, items = t[0], t[1]`): the moved axis holds a few named columns the code picks one at a time (user and
item ids, coordinates). One literal row alone (`tf.transpose(logits)[0]`) says nothing of the axis's size: a
column of a wide tensor, a copy worth replacing by the slice `x[:, 0]`.
"""

from __future__ import annotations

import ast

from tfperf.source.visitor import FileContext

COORDINATE_LISTS = {"tensorflow.where", "tensorflow.compat.v1.where"}  # `tf.where(c)`, one argument: [N, rank]
# ops that keep a coordinate list's last axis: row selections and element-wise casts
_ROWS_KEPT = {"tensorflow.boolean_mask", "tensorflow.gather", "tensorflow.cast", "tensorflow.identity",
              "tensorflow.stop_gradient", "tensorflow.to_int32", "tensorflow.to_int64"}
_FOLLOWED = 6  # names and row-keeping ops followed back from the transpose's input


def coordinate_columns(file: FileContext, call: ast.Call, data: ast.AST | None, perm: tuple[int, ...]) -> str | None:
    """What says a 2-D transpose moves only a handful of columns, for the report; None when nothing does."""
    if perm not in ((), (1, 0)):
        return None
    found = _coordinate_list(file, data)
    if found is not None:
        return found
    rows = _rows_read(file, call)
    return f"the code reads its result row by row ({', '.join(f'[{r}]' for r in rows)})" if rows else None


def _coordinate_list(file: FileContext, data: ast.AST | None) -> str | None:
    for _ in range(_FOLLOWED):
        data = file.value_of(data) if isinstance(data, ast.Name) else data
        if type(data) is ast.Attribute and data.attr == "indices" and \
                not (type(data.value) is ast.Name and data.value.id in ("self", "cls")):  # (a class's own: anything)
            return f"its input is the [N, rank] coordinates of a sparse tensor ({file.segment(data)}, line {data.lineno})"
        if not isinstance(data, ast.Call) or not data.args:
            return None
        name = file.call_name(data)
        if name in COORDINATE_LISTS and len(data.args) == 1 and not data.keywords:
            return f"its input is the [N, rank] coordinates tf.where returns (line {data.lineno})"
        if name not in _ROWS_KEPT or name == "tensorflow.gather" and \
                any(k.arg in ("axis", "batch_dims") for k in data.keywords) or len(data.args) > 2:
            return None
        data = data.args[0]
    return None


def _rows_read(file: FileContext, call: ast.Call) -> list[int] | None:
    """The literal rows the code reads of the transpose, when it reads it only so and two rows or more: bound to a
    name whose every read is `name[<int>]`."""
    parent = file.parent(call)
    if type(parent) is not ast.Assign or len(parent.targets) != 1 or type(parent.targets[0]) is not ast.Name:
        return None
    reads = file.reaching_reads(parent, parent.targets[0].id)
    rows = set()
    for read in reads:
        subscript = file.parent(read)
        if type(subscript) is not ast.Subscript or subscript.value is not read or \
                type(subscript.slice) is not ast.Constant or type(subscript.slice.value) is not int:
            return None
        rows.add(subscript.slice.value)
    return sorted(rows) if len(rows) > 1 else None
