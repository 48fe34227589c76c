"""TFP101 in source: a transpose call whose literal perm is not logical on the target."""

from __future__ import annotations

from tfperf.findings import Fix, Safety
from tfperf.source.visitor import SourceVisitor, argument

SOURCE_TRANSPOSES = {"tensorflow.transpose": "perm", "keras.ops.transpose": "axes"}
SOURCE_REMEDY = ("if it only matches the layout of the labels or inputs, produce that layout in the data "
                 "loader (the guide's remedy); else keep the last axis in place")


def source_perm(visitor: SourceVisitor, call) -> tuple[int, ...] | None:
    """The literal permutation of a transpose call in source, normalised; None if not one."""
    name = visitor.call_name(call)
    if name in SOURCE_TRANSPOSES:
        perm = visitor.file.literal(argument(call, 1, SOURCE_TRANSPOSES[name]))
    elif name == "keras.layers.Permute":  # dims are 1-based and leave the batch axis out
        dims = visitor.file.literal(argument(call, 0, "dims"))
        perm = (0, *dims) if isinstance(dims, (list, tuple)) else None
    else:
        return None
    if not isinstance(perm, (list, tuple)) or not all(isinstance(p, int) and not isinstance(p, bool) for p in perm):
        return None
    rank = len(perm)
    perm = tuple(p % rank for p in perm) if rank else ()
    return perm if sorted(perm) == list(range(rank)) else None


class PhysicalTransposeSource(SourceVisitor):
    """`tf.transpose(x, perm)` / `keras.ops.transpose` / `keras.layers.Permute` with a literal
    perm that is not logical on the target (rank taken from the perm)."""

    def visit_Call(self, node) -> None:
        perm = source_perm(self, node)
        if perm is None or self.target.transpose_is_logical(perm):
            return
        moves = "moves the last (fastest-changing) axis" if perm[-1] != len(perm) - 1 else "moves data"
        self.report(node, f"transpose perm={list(perm)} {moves}: a copy of the whole tensor on "
                          f"{self.target.name}", fix=Fix(Safety.ADVISORY, SOURCE_REMEDY))
