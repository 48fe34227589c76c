"""TFP103 on a branch an option of the signature takes, off by default (session 24): what the callers pass decides,
as it does for TFP101 (`_opt_in`): GroupViT's segmentation logits, made only with `output_segmentation`. A parameter
annotated a flag (`Optional[bool] = None`, `bool | None = None`) is an option whose None default is off; one with a
None default and no such annotation may hold a value (an optional tensor), and stays a warning."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

HEAD = """\
from typing import Optional
import tensorflow as tf

class Head(tf.keras.layers.Layer):
    def call(self, a, b, SIGNATURE):
        out = a * 2.0
        if output_segmentation:
            g = tf.transpose(a, perm=(0, 2, 1))
            seg = tf.matmul(g, b)
            return out, seg
        return out
"""


def matmul_transposes(code: str):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, "model.py", target="gaudi2", select=["TFP101", "TFP103"])]


@pytest.mark.parametrize("signature", ["output_segmentation=False", "output_segmentation: bool = False",
                                       "output_segmentation: Optional[bool] = None",
                                       "output_segmentation: bool | None = None"])
def test_a_matmul_operand_transposed_on_an_option_off_by_default_is_info(signature):
    [(line, severity, message)] = matmul_transposes(HEAD.replace("SIGNATURE", signature))
    assert (line, severity) == (8, "info")
    assert "but only on a branch output_segmentation opts into, off by default" in message


@pytest.mark.parametrize("signature", ["output_segmentation=True", "output_segmentation=None",
                                       "output_segmentation: Optional[tf.Tensor] = None", "output_segmentation"])
def test_a_matmul_operand_transposed_on_the_default_path_stays_a_warning(signature):
    """On by default, a None default that may hold a value (no flag annotation), or no default at all."""
    [(line, severity, _)] = matmul_transposes(HEAD.replace("SIGNATURE", signature))
    assert (line, severity) == (8, "warning")


def test_a_caller_that_turns_the_option_on_keeps_the_warning():
    code = HEAD.replace("SIGNATURE", "output_segmentation: Optional[bool] = None") + """

def train_step(model, a, b):
    with tf.GradientTape() as tape:
        out, seg = Head()(a, b, output_segmentation=True)
        loss = tf.reduce_sum(seg)
    return tape.gradient(loss, model.trainable_variables)
"""
    [(line, severity, _)] = matmul_transposes(code)
    assert (line, severity) == (8, "warning")
