"""TFP601 in source: `reduce_sum(..., axis=-1)` inside a loss."""

from __future__ import annotations

import ast

from tfperf.findings import Fix, Safety
from tfperf.source.visitor import SourceVisitor, argument

REDUCE_SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum"}
LOSS_BASES = ("keras.losses.Loss",)
REMEDY = ("if a profile shows the MME idle here, compute the sum as a 1x1 conv with a ones filter: "
          "tf.nn.conv2d(x, tf.ones([1, 1, C, 1], x.dtype), strides=1, padding=\"VALID\") (the guide's SSD example)")


class ReduceSumSource(SourceVisitor):
    """`tf.reduce_sum(x, axis=-1)` inside a loss, on an HPU target."""

    def visit_Call(self, node: ast.Call) -> None:
        if self.target.kind != "hpu" or self.call_name(node) not in REDUCE_SUMS:
            return
        axis = argument(node, 1, "axis")
        if axis is None:
            axis = argument(node, None, "reduction_indices")  # TF1 spelling
        if self.file.literal(axis) not in (-1, [-1], (-1,)) or not self._in_loss(node):
            return
        self.report(node, "reduce_sum over the last axis in a loss runs on the TPC (vector engine) while the MME may idle",
                    fix=Fix(Safety.ADVISORY, REMEDY))

    def _in_loss(self, node: ast.AST) -> bool:
        stmt = self.file.statement_of(node)
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if any(isinstance(t, ast.Name) and "loss" in t.id.lower() for t in targets):
                return True
        for anc in self.file.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)) and "loss" in anc.name.lower():
                return True
            if isinstance(anc, ast.ClassDef) and any(self.qualified(b) in LOSS_BASES for b in anc.bases):
                return True
        return False

