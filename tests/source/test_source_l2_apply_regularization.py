"""TFP301 on TF1's `apply_regularization(l2_regularizer(scale), weights_list)` (tf.contrib.layers, tf_slim): the sum
of the regularizer over the weights, added to a loss by hand (set 57's tgan discriminator and generator losses).
The regularizer is judged as a weight regularizer is: its strength by what the callers pass (a zero default that no
caller changes adds no term)."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

CODE = """\
import tensorflow as tf


class GAN:
    def __init__(self, l2_norm=DEFAULT):
        self.l2_norm = l2_norm

    def build_losses(self, logits_real, logits_fake):
        d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
            logits=logits_real, labels=tf.ones_like(logits_real)))
        d_loss = d_loss + tf.contrib.layers.apply_regularization(
            tf.contrib.layers.l2_regularizer(self.l2_norm),
            tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "discrim"))
        return tf.train.AdamOptimizer(1e-4).minimize(d_loss)


def main():
    GAN(CALLER_ARGS).build_losses(tf.zeros([8, 1]), tf.zeros([8, 1]))
"""


def severities_of(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(code, "model.py", target="gaudi2", select=["TFP301"])]


def severities(default: str, args: str = ""):
    return severities_of(CODE.replace("DEFAULT", default).replace("CALLER_ARGS", args))


@pytest.mark.parametrize("default, args, expected", [
    ("1e-5", "", [(12, "warning")]),  # on by default: a term every step
    ("0.0", "", []),  # off by default, and no caller turns it on
    ("0.0", "l2_norm=1e-4", [(12, "warning")]),  # a caller turns it on
])
def test_apply_regularization_of_an_l2_regularizer_is_judged_by_its_strength(default, args, expected):
    assert severities(default, args) == expected


def test_slims_spelling_is_the_same_call():
    code = CODE.replace("DEFAULT", "1e-5").replace("CALLER_ARGS", "").replace(
        "import tensorflow as tf", "import tensorflow as tf\nimport tf_slim as slim").replace(
        "tf.contrib.layers.apply_regularization", "slim.apply_regularization").replace(
        "tf.contrib.layers.l2_regularizer", "slim.l2_regularizer")
    assert severities_of(code) == [(13, "warning")]  # (one line down: the slim import)


def test_a_call_without_its_regularizer_is_read_without_a_crash():
    code = "import tf_slim as slim\n\n\ndef penalty(weights):\n    return slim.apply_regularization(weights_list=weights)\n"
    assert severities_of(code) == []
