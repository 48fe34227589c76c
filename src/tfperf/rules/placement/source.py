"""TFP502 in source: a tf.estimator.Estimator constructed for an HPU target."""

from __future__ import annotations

import ast

from tfperf.findings import Fix, Safety
from tfperf.source.visitor import SourceVisitor

ESTIMATORS = {"tensorflow.estimator.Estimator", "tensorflow_estimator.estimator.Estimator",
              "tensorflow_estimator.python.estimator.estimator.Estimator"}
REMEDY = "use habana_frameworks.tensorflow.habana_estimator (the guide's note) instead of tf.estimator.Estimator"


class EstimatorSource(SourceVisitor):
    """A tf.estimator.Estimator constructed for an HPU target."""

    def visit_Call(self, node: ast.Call) -> None:
        if self.target.kind == "hpu" and self.call_name(node) in ESTIMATORS:
            self.report(node, f"tf.estimator.Estimator on {self.target.name} (an HPU)",
                        fix=Fix(Safety.ADVISORY, REMEDY))
