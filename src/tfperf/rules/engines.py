"""Guide section "Advanced: Replace some TPC operations with their MME equivalents" (TFP6xx).

On Gaudi a reduction such as `reduce_sum` runs on the vector engine (TPC) while the matrix engine
(MME) may sit idle; the guide's SSD-ResNet34 example computes the softmax denominator of the
classification loss as a 1x1 convolution with a ones filter instead, which runs on the MME. Worth
it only where a profile shows an MME gap, so this is advice, never an automatic change.
"""

from __future__ import annotations

import ast

from tfperf.findings import Example, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.source.visitor import SourceVisitor, argument

REDUCE_SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum"}
LOSS_BASES = ("keras.losses.Loss",)
REMEDY = ("if a profile shows the MME idle here, compute the sum as a 1x1 conv with a ones filter: "
          "tf.nn.conv2d(x, tf.ones([1, 1, C, 1], x.dtype), strides=1, padding=\"VALID\") (the guide's SSD example)")


@register
class ReduceSumOnVectorEngine(Rule):
    """`tf.reduce_sum(x, axis=-1)` inside a loss, on an HPU target.

    "Inside a loss": in a function or method whose name contains `loss`, in a `keras.losses.Loss`
    subclass, or assigned to a variable whose name contains `loss`. The already-converted form (a
    convolution with a ones filter) is what the guide recommends and is not reported.
    """

    code = "TFP601"
    name = "reduce-sum-on-vector-engine"
    section = GuideSection.MME
    summary = "reduce_sum over the last axis in a loss runs on the vector engine while the matrix engine idles"
    severity = Severity.INFO
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="gaudi2", note="the guide's SSD classification loss", code="""\
import tensorflow as tf

def classification_loss(logits, labels):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    exp_shifted_logits = tf.exp(shifted)
    sum_exp = tf.reduce_sum(exp_shifted_logits, axis=-1)  # expect: TFP601
    return tf.reduce_mean(tf.math.log(sum_exp))
"""),
        Example(kind="source", target="gaudi3", note="a Keras Loss subclass", code="""\
import tensorflow as tf

class SoftmaxLoss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        return -tf.math.reduce_sum(y_true * tf.nn.log_softmax(y_pred), -1)  # expect: TFP601
"""),
    )
    valid = (
        Example(kind="source", target="gaudi2", note="the guide's fixed form: a conv with a ones filter", code="""\
import tensorflow as tf

def classification_loss(exp_shifted_logits, num_classes):
    reduce_sum_filter = tf.ones([1, 1, num_classes, 1], exp_shifted_logits.dtype)
    sum_exp = tf.nn.conv2d(exp_shifted_logits, reduce_sum_filter, strides=1, padding="VALID", name="sum_exp")
    return sum_exp
"""),
        Example(kind="source", target="gaudi2", note="a reduction outside any loss", code="""\
import tensorflow as tf

def pool_features(x):
    return tf.reduce_sum(x, axis=-1)
"""),
        Example(kind="source", target="a100", note="no TPC/MME split on a GPU", code="""\
import tensorflow as tf

def my_loss(logits):
    return tf.reduce_sum(tf.exp(logits), axis=-1)
"""),
    )

    class Source(SourceVisitor):
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
