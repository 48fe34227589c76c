"""The weight convention through an assignment: a parameter its function assigns a new value to as a variable
(`return tf.assign(v, newv)`, `v.assign(x)`, `K.update(v, x)`: set 49's hypergan weight-constraint hooks, given
each of the model's variables) is a variable, so a transpose computed only from it has no batch factor: info, as
for a kernel the code creates. A parameter it only reads, or one it rebinds, keeps the warning."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

HOOK = """\
import tensorflow as tf
from tensorflow.keras import backend as K


def update(v, decay):
    w = tf.transpose(v, perm=[2, 3, 0, 1])
    w = tf.matmul(w, w)
    {assign}
"""


def severities(code):
    return [f.severity.value for f in lint_text(code, "hook.py", target="gaudi2", select=["TFP101"])]


@pytest.mark.parametrize("assign", [
    "return tf.compat.v1.assign(v, (1.0 + decay) * v - decay * w)",
    "v.assign_sub(decay * w)",
    "return K.update(v, w)",
])
def test_info_for_a_variable_the_function_assigns(assign):
    assert severities(HOOK.format(assign=assign)) == ["info"]


@pytest.mark.parametrize("assign", [
    "return w",  # only read: the callers decide
    "v = tf.Variable(w)\n    v.assign(w)",  # the name is rebound: the assignment is another object's
    "other.assign(w)\n\nother = tf.Variable(0.0)",  # another object (a module's variable)
])
def test_warning_for_a_parameter_only_read(assign):
    assert severities(HOOK.format(assign=assign)) == ["warning"]
