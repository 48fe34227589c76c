"""Keras 3's `keras.ops.reshape` / `keras.backend.reshape` and `keras.ops.expand_dims` state shapes as TensorFlow's
do: a transpose of `ops.reshape(cov, (n * n, 1))` moves only a size-1 axis (a reshape, no finding); one of
`ops.expand_dims(dx, -1)` handed through a public function moves the last axis unless it has size 1, which the
project's calls suggest (info). Set 57's umap-learn covariance helper, written with `keras.ops`."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

STEP = """\
import keras
from keras import ops


def helper(x, n):
    c = RESHAPE
    return ops.transpose(c)


class M(keras.Model):
    def train_step(self, data):
        x, y = data
        return {"loss": helper(x, 3)}
"""


def severities(code: str):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(code, "model.py", target="gaudi2", select=["TFP101", "TFP103"])]


@pytest.mark.parametrize("reshape", ["ops.reshape(x, (n * n, 1))", "ops.reshape(x, newshape=(-1, 1))",
                                     "keras.backend.reshape(x, (-1, 1))", "ops.expand_dims(ops.sum(x, axis=-1), -1)"])
def test_a_keras_reshape_to_a_size_1_last_axis_then_a_transpose_is_a_reshape(reshape):
    assert severities(STEP.replace("RESHAPE", reshape)) == []


def test_a_keras_reshape_to_an_unknown_last_axis_still_moves_it():
    assert severities(STEP.replace("RESHAPE", "ops.reshape(x, (n, -1))")) == [(7, "TFP101", "warning")]


def test_expand_dims_through_a_public_function_leaves_the_size_1_axis_to_info():
    code = """\
import keras
from keras import ops


def covariance(x):
    x = x - ops.mean(x, axis=0, keepdims=True)
    return ops.transpose(x)


class M(keras.Model):
    def train_step(self, data):
        x, y = data
        dx = ops.norm(x[1:] - x[:-1], axis=1)
        return {"loss": covariance(ops.expand_dims(dx, -1))}
"""
    assert severities(code) == [(7, "TFP101", "info")]
