"""What a fix saves on the step: the schedule run again without the construct, not its own time."""

from __future__ import annotations

import pytest
import tensorflow as tf

from tfperf.analyze import check_graph
from tfperf.capture import from_function
from tfperf.cost.estimate import estimate_graph
from tfperf.cost.whatif import Change, step_share, task_index

PADDINGS = [[0, 0], [1, 1], [1, 1], [0, 0]]


def test_a_pad_the_dma_engine_copies_while_the_mme_works_saves_nothing_and_says_so():
    @tf.function(input_signature=[tf.TensorSpec([8, 64, 64, 16], tf.bfloat16), tf.TensorSpec([8192, 8192], tf.bfloat16)])
    def pad_beside_a_matmul(x, m):
        conv = tf.nn.conv2d(tf.pad(x, PADDINGS), tf.ones([3, 3, 16, 16], tf.bfloat16), 1, "VALID")
        return conv, tf.matmul(m, m)

    graph = from_function(pad_beside_a_matmul)
    [pad] = check_graph(graph, "gaudi2", select=["TFP201"])
    assert pad.cost.seconds > 0
    assert pad.step.saving_seconds == 0.0 and pad.step.share == 0.0
    assert "overlap other work" in pad.step.note and "mme" in pad.step.note


def test_an_op_on_the_critical_path_saves_its_time():
    @tf.function(input_signature=[tf.TensorSpec([8, 64, 64, 16], tf.bfloat16), tf.TensorSpec([3, 3, 16, 16], tf.bfloat16)])
    def pad_then_conv(x, filters):
        return tf.nn.conv2d(tf.pad(x, PADDINGS), filters, 1, "VALID")

    graph = from_function(pad_then_conv)
    estimate = estimate_graph(graph, "gaudi2")
    [pad] = check_graph(graph, "gaudi2", select=["TFP201"], estimate=estimate)
    task = estimate.plan.tasks[task_index(estimate)[(None, pad.location.graph.node)]]
    assert task.duration > 0 and pad.step.saving_seconds == pytest.approx(task.duration)  # nothing else runs meanwhile
    assert pad.step.step_seconds == estimate.step_seconds


def test_a_step_with_unpriced_ops_leaves_every_saving_unknown():
    @tf.function(input_signature=[tf.TensorSpec([None, 64, 64, 16], tf.float32)])
    def open_batch(x):
        return tf.nn.conv2d(tf.pad(x, PADDINGS), tf.ones([3, 3, 16, 16]), 1, "VALID")

    [pad] = check_graph(from_function(open_batch), "gaudi2", select=["TFP201"])
    assert pad.step.saving_seconds is None and pad.step.share is None
    assert "the step is unknown" in pad.step.note


def test_no_change_or_ops_the_model_does_not_hold_are_unknown_not_zero():
    @tf.function(input_signature=[tf.TensorSpec([4, 4], tf.float32)])
    def tiny(x):
        return x * 2.0

    estimate = estimate_graph(from_function(tiny), "gaudi2")
    assert step_share(estimate, None).saving_seconds is None
    missing = step_share(estimate, Change.removing([(None, "no such op")]))
    assert missing.saving_seconds is None and "none of its ops" in missing.note
