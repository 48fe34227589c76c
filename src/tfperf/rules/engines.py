"""Guide section "Advanced: Replace some TPC operations with their MME equivalents" (TFP6xx).

On Gaudi a reduction such as `reduce_sum` runs on the vector engine (TPC) while the matrix engine
(MME) may sit idle; the guide's SSD-ResNet34 example computes the softmax denominator of the
classification loss as a 1x1 convolution with a ones filter instead, which runs on the MME. Worth
it only where a profile shows an MME gap, so it is advice in `tfperf check`, and `tfperf optimize`
rewrites it only when asked (`--mme-reductions`).
"""

from __future__ import annotations

import ast
from typing import Iterator

from tfperf.findings import CheckContext, Cost, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.ir import Graph, Node, num_elements
from tfperf.source.visitor import SourceVisitor, argument
from tfperf.targets import Target

REDUCE_SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum"}
LOSS_BASES = ("keras.losses.Loss",)
REMEDY = ("if a profile shows the MME idle here, compute the sum as a 1x1 conv with a ones filter: "
          "tf.nn.conv2d(x, tf.ones([1, 1, C, 1], x.dtype), strides=1, padding=\"VALID\") (the guide's SSD example)")
GRAPH_REMEDY = ("if a profile shows the MME idle here, `tfperf optimize --mme-reductions` rewrites it as a matmul "
                "with a ones vector (verified on random inputs; the summation order changes)")
MATMUL_DTYPES = {"float16", "bfloat16", "float32", "float64"}


def last_axis_sum(graph: Graph, node: Node) -> int | None:
    """The size C of the reduced axis when `node` sums a float tensor of rank >= 2 over its last axis
    only (C known, > 1): then it equals a matmul with a ones vector of C; else None."""
    shape, axes = graph.input_shape(node, 0), graph.constant(node, 1)
    if node.op != "Sum" or graph.input_dtype(node, 0) not in MATMUL_DTYPES or shape is None or len(shape) < 2:
        return None
    axes = axes if isinstance(axes, list) else [axes]
    if not axes or not all(isinstance(a, int) for a in axes) or {a % len(shape) for a in axes} != {len(shape) - 1}:
        return None
    return shape[-1] if shape[-1] is not None and shape[-1] > 1 else None


def engine_seconds(target: Target, dtype: str | None, elements: int | None) -> tuple[float | None, float | None]:
    """(vector-engine time of summing `elements`, matrix-engine time of the same sum as a matmul with
    a ones vector: 2 FLOPs an element); None where the target has no peak for the dtype."""
    vector, matrix = target.vector_peak.get(dtype or ""), target.matrix_peak.get(dtype or "")
    if elements is None:
        return None, None
    return (elements / vector if vector else None), (2 * elements / matrix if matrix else None)


def mme_pays(target: Target, dtype: str | None) -> bool | None:
    """Whether moving a sum to the matrix engine frees more vector-engine time than it takes of the
    matrix engine (the guide's case: the MME idles while the TPC is the bottleneck); None: unknown."""
    vector, matrix = engine_seconds(target, dtype, 1)
    return None if vector is None or matrix is None else matrix < vector


@register
class ReduceSumOnVectorEngine(Rule):
    """A sum over the last axis on an HPU target, where the matrix engine could do it.

    Source: `tf.reduce_sum(x, axis=-1)` inside a loss: in a function or method whose name contains
    `loss`, in a `keras.losses.Loss` subclass, or assigned to a variable whose name contains `loss`.
    The already-converted form (a convolution with a ones filter) is what the guide recommends and
    is not reported.

    Graph: a float `Sum` over only the last axis (rank >= 2, size known), wherever it is, unless the
    target's peaks say the matrix engine would take longer than the vector engine. The cost shown is
    the vector-engine time it occupies. `tfperf optimize --mme-reductions` rewrites it as a matmul
    with a ones vector (`x @ ones([C, 1])`); the summation order changes, so results agree to
    rounding, which the rewrite verifies.
    """

    code = "TFP601"
    name = "reduce-sum-on-vector-engine"
    section = GuideSection.MME
    summary = "reduce_sum over the last axis runs on the vector engine while the matrix engine idles"
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
    invalid = invalid + (
        Example(target="gaudi2", note="graph: the softmax denominator of the guide's SSD loss", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 100, 81], tf.bfloat16)])
def model(logits):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    return tf.reduce_sum(tf.exp(shifted), axis=-1)  # expect: TFP601
"""),
    )
    valid = (
        Example(target="cpu", note="graph: a CPU has no separate matrix engine to offload to", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 100, 81], tf.float32)])
def model(logits):
    return tf.reduce_sum(tf.exp(logits), axis=-1)
"""),
        Example(target="gaudi2", note="graph: a sum over another axis is not a matmul with a ones vector", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 100, 81], tf.float32)])
def model(logits):
    return tf.reduce_sum(logits, axis=1)
"""),
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

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.target.kind != "hpu":
            return
        for node in graph.by_op("Sum"):
            size = last_axis_sum(graph, node)
            dtype = graph.input_dtype(node, 0)
            if size is None or mme_pays(ctx.target, dtype) is False:
                continue
            shape = graph.input_shape(node, 0)
            elements = num_elements(shape)
            vector, matrix = engine_seconds(ctx.target, dtype, elements)
            on_mme = f"; as a matmul ~{matrix * 1e6:.2f} µs of MME time" if matrix is not None else ""
            message = (f"Sum over the last axis ({size}) of {dtype} {list(shape)} runs on the TPC (vector engine)"
                       f"{on_mme} while the MME may idle")
            cost = Cost(bytes_moved=graph.producer(node, 0).output_bytes(node.inputs[0].index), flops=elements,
                        seconds=vector, target=ctx.target.name)
            yield self.finding(message, node, ctx, cost=cost, fix=Fix(Safety.ADVISORY, GRAPH_REMEDY))
