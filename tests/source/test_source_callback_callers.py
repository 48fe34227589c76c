"""TFP501 for a Python callback in a helper the project uses only off the training step: its calls are
all from inference or evaluation code, besides public functions nothing in the project calls (held-out
set 9: sleap's `tf_linear_sum_assignment`, a numpy_function around scipy's Hungarian matcher, called by
PAF grouping and identity classification at inference and by an unused public `match_points`). Info,
saying why; any caller on the training step, or no off-step caller at all, keeps the warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text

HELPER = """\
import numpy as np
import tensorflow as tf
from scipy.optimize import linear_sum_assignment

def tf_assign(cost):
    return tf.numpy_function(lambda c: np.stack(linear_sum_assignment(c)).astype("int32"), [cost], tf.int32)

def match_points(a, b):
    return tf_assign(tf.norm(a[:, None] - b[None], axis=-1))

"""

PREDICT = """\
def predict_groups(scores):
    return tf_assign(-scores)
"""


def findings(code: str, path: str = "model_utils.py"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(HELPER + textwrap.dedent(code), path, target="gaudi2", select=["TFP501"])]


def test_a_helper_only_inference_and_unused_public_functions_call_is_info_saying_so():
    [(line, severity, message)] = findings(PREDICT)
    assert (line, severity) == (6, "info")
    assert "the project's own calls of tf_assign are all off the training step (inference-only code" in message
    assert "(prediction, decoding, detection post-processing)" in message
    assert "match_points, public and called nowhere in the project" in message
    assert "on gaudi2" in message or "to gaudi2" in message  # the device stays named: outside code may train with it


def test_an_evaluation_caller_counts_as_off_the_step_too():
    [(_, severity, message)] = findings("def evaluate_matches(scores):\n    return tf_assign(scores)\n")
    assert severity == "info" and "(evaluation code)" in message


def test_the_unused_public_caller_called_from_the_training_step_keeps_the_warning():
    code = PREDICT + """\

@tf.function
def train_step(a, b):
    rows = match_points(a, b)
    return tf.reduce_sum(tf.cast(rows, tf.float32))

train_step(tf.zeros([3, 2]), tf.zeros([3, 2]))
"""
    assert [(line, severity) for line, severity, _ in findings(code)] == [(6, "warning")]


def test_a_helper_with_no_off_step_caller_keeps_the_warning():
    """Only unused public functions call it: nothing known of where it runs, the model code default."""
    assert [(line, severity) for line, severity, _ in findings("")] == [(6, "warning")]


def test_a_caller_handed_on_as_a_reference_keeps_the_warning():
    code = PREDICT + """\

def assignment_loss(y_true, y_pred):
    return tf.reduce_mean(tf.cast(tf_assign(y_pred), tf.float32))

model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
model.compile(loss=assignment_loss)
"""
    assert [(line, severity) for line, severity, _ in findings(code)] == [(6, "warning")]


def test_a_private_unused_caller_is_dead_code_and_says_nothing():
    code = PREDICT + "\ndef _unused(x):\n    return tf_assign(x)\n"
    [(_, severity, message)] = findings(code)
    assert severity == "info" and "_unused" not in message


def test_a_helper_the_input_pipeline_calls_besides_an_unused_public_function_keeps_the_warning():
    """Data work (a map function calls it) that an unused public `model` may do in the training step
    (tests/source/test_source_host_work.py's convention)."""
    code = """\

def load(record):
    return tf_assign(tf.io.parse_tensor(record, tf.float32))

dataset = tf.data.TFRecordDataset(["a"]).map(load, num_parallel_calls=4)
"""
    assert [(line, severity) for line, severity, _ in findings(code)] == [(6, "warning")]
