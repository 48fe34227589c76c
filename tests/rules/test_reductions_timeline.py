"""TFP601 reads the timeline: a reduction is reported only when it holds up the critical path while
the matrix engine idles, priced by what the step saves with it on the matrix engine."""

from __future__ import annotations

import tensorflow as tf

from tfperf.analyze import check_graph
from tfperf.capture import from_function
from tfperf.cost.engines import matmul_seconds
from tfperf.cost.estimate import estimate_graph
from tfperf.cost.whatif import Change, rescheduled_saving, task_index
from tfperf.rules.engines.graph import matrix_form
from tfperf.targets import load

LOGITS = tf.TensorSpec([32, 8732, 81], tf.float32)  # the guide's SSD loss: 8732 boxes, 81 classes
BOXES = tf.TensorSpec([32, 8732, 81], tf.float32)  # box work as large as the sum: the TPC is the bottleneck


@tf.function(input_signature=[LOGITS, BOXES])
def ssd_loss(logits, boxes):
    denominators = tf.reduce_sum(tf.exp(logits), axis=-1)
    return tf.math.log(denominators), tf.abs(boxes) * 2.0 - tf.tanh(boxes)


def test_the_saving_is_the_step_scheduled_again_with_the_sum_on_the_matrix_engine():
    gaudi2 = load("gaudi2")
    graph = from_function(ssd_loss)
    estimate = estimate_graph(graph, gaudi2)
    [finding] = check_graph(graph, gaudi2, select=["TFP601"], estimate=estimate)
    node = graph.get(finding.location.graph.node)
    assert node.op == "Sum"
    own = estimate.costs[task_index(estimate)[(None, node.name)]]
    on_mme = matmul_seconds(gaudi2, matrix_form(graph, node).dims, "float32", own.bytes + 81 * 4)
    expected = rescheduled_saving(estimate, Change(moved={(None, node.name): ("mme", on_mme)}))
    assert finding.step.saving_seconds == expected
    assert 0 < expected <= own.seconds  # at most the vector engine's time it frees
    assert finding.step.share == expected / estimate.step_seconds
    assert finding.severity.value == "warning"


def test_a_float32_sum_is_priced_with_the_fp32_peak_and_never_below_its_bytes():
    """Issue 13: gaudi2 lists only bf16 peaks at the device level, so an fp32 sum had no price; and the
    price counted compute only, 9x under the time its input takes to read."""
    gaudi2 = load("gaudi2")
    [finding] = check_graph(from_function(ssd_loss), gaudi2, select=["TFP601"])
    nbytes = 32 * 8732 * 81 * 4
    assert finding.cost.bytes_moved == nbytes + 32 * 8732 * 4 + 4  # reads the tensor and its axis, writes the sums
    tpc_fp32 = gaudi2.engine_for("vector").peak("vector", "float32")
    assert finding.cost.seconds >= max(nbytes / gaudi2.memory_bandwidth, 32 * 8732 * 81 / tpc_fp32)


def test_the_same_sum_with_the_matrix_engine_busy_or_no_matrix_engine_is_silent():
    @tf.function(input_signature=[LOGITS, tf.TensorSpec([4096, 4096], tf.float32)])
    def beside_a_matmul(logits, features):
        return tf.reduce_sum(tf.exp(logits), axis=-1), tf.matmul(features, features)

    assert check_graph(from_function(beside_a_matmul), "gaudi2", select=["TFP601"]) == []
    assert check_graph(from_function(ssd_loss), "cpu", select=["TFP601"]) == []
    assert check_graph(from_function(ssd_loss), "a100", select=["TFP601"]) == []  # SMs run both kinds


def test_matrix_forms_of_reductions():
    @tf.function(input_signature=[tf.TensorSpec([8, 14, 14, 64], tf.float32)])
    def reductions(x):
        return (tf.reduce_mean(x, axis=[0, 1, 2]), tf.reduce_sum(x, axis=[-2, -1]), tf.reduce_sum(x, axis=1),
                tf.raw_ops.BiasAddGrad(out_backprop=x))

    graph = from_function(reductions)
    forms = {n.op + str(graph.constant(n, 1)): matrix_form(graph, n) for n in graph.by_op("Mean", "Sum", "BiasAddGrad")}
    assert forms["Mean[0, 1, 2]"].dims == (1, 1, 64, 8 * 14 * 14)  # ones[1, K] @ x[K, 64]
    assert forms["Sum[-2, -1]"].dims == (1, 8 * 14, 1, 14 * 64)  # x[M, K] @ ones[K, 1]
    assert forms["Sum1"] is None  # a middle axis
    assert forms["BiasAddGradNone"].dims == (1, 1, 64, 8 * 14 * 14)
