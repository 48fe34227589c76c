"""Guide section "Place Ops in HPU" (TFP5xx), and the guide's note on Estimator.

TFP501 (an op with no kernel on the target, falling back to the host) needs the op graph and is
not detected from source. TFP502 is: a `tf.estimator.Estimator` on Habana hardware should be a
`habana_frameworks.tensorflow.habana_estimator` so that its input pipeline and ops are placed on
the HPU.
"""

from __future__ import annotations

import ast

from tfperf.findings import Example, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.source.visitor import SourceVisitor

ESTIMATORS = {"tensorflow.estimator.Estimator", "tensorflow_estimator.estimator.Estimator",
              "tensorflow_estimator.python.estimator.estimator.Estimator"}
REMEDY = "use habana_frameworks.tensorflow.habana_estimator (the guide's note) instead of tf.estimator.Estimator"


@register
class EstimatorWithoutHabanaEstimator(Rule):
    """`tf.estimator.Estimator` (or `tf.compat.v1.estimator.Estimator`) used for an HPU target.

    The guide's note under "Use tf.data.prefetch_to_device": topologies trained with
    `tf.estimator.Estimator` should use `habana_frameworks.tensorflow.habana_estimator`. Reported
    only when the target is an HPU (Gaudi); on CPUs and GPUs the Estimator is fine.
    """

    code = "TFP502"
    name = "estimator-on-hpu"
    section = GuideSection.PLACEMENT
    summary = "tf.estimator.Estimator on an HPU target: use habana_estimator"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="gaudi2", note="a TF1-style Estimator", code="""\
import tensorflow as tf

def build(model_fn, model_dir):
    return tf.compat.v1.estimator.Estimator(model_fn=model_fn, model_dir=model_dir)  # expect: TFP502
"""),
        Example(kind="source", target="gaudi", note="imported by name", code="""\
from tensorflow.estimator import Estimator

est = Estimator(model_fn=lambda features, labels, mode: None)  # expect: TFP502
"""),
    )
    valid = (
        Example(kind="source", target="a100", note="an Estimator on a GPU target", code="""\
import tensorflow as tf

est = tf.estimator.Estimator(model_fn=lambda features, labels, mode: None)
"""),
        Example(kind="source", target="gaudi2", note="a user class that happens to be called Estimator", code="""\
import tensorflow as tf
from mylib import Estimator

est = Estimator(tf.keras.Sequential())
"""),
    )

    class Source(SourceVisitor):
        def visit_Call(self, node: ast.Call) -> None:
            if self.target.kind == "hpu" and self.call_name(node) in ESTIMATORS:
                self.report(node, f"tf.estimator.Estimator on {self.target.name} (an HPU)",
                            fix=Fix(Safety.ADVISORY, REMEDY))
