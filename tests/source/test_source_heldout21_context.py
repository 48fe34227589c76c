"""Held-out set 21: the `else` of a conjunction with the training flag (`if self.is_training and self.sample_softmax:
... else: <full softmax>`) runs whenever it is not training (De Morgan: the body of `if not training or not X:`,
which the linter already reads as evaluation), and in training only where X is false: when X holds by default
(`options.get("sample_softmax", True)`), a transpose there is evaluation code (info), not the training step. X false
by default (`options.get(..., 0)`, held-out set 7's `hparams.max_expected_train_example_len and is_training`) keeps
the else on the training path; so do the body of that `if`, the else of `if training or X:`, and the else of `if not
training and X:`."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text

LM = """\
import tensorflow as tf


class LanguageModel:
    def __init__(self, options, is_training):
        self.is_training = is_training
        self.sample_softmax = options.get("sample_softmax", {default})
        self.softmax_W = tf.Variable(tf.zeros([1000, 64]))

    def _build_loss(self, hidden, labels):
        if {test}:
            losses = tf.nn.sampled_softmax_loss(self.softmax_W, tf.zeros([1000]), labels, hidden, 64, 1000)
            other = tf.transpose(hidden)
        else:
            scores = tf.matmul(hidden, tf.transpose(self.softmax_W))
            losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=scores)
            other = tf.transpose(hidden)
        return losses, other
"""


def _findings(test, default="True"):
    code = textwrap.dedent(LM).replace("{test}", test).replace("{default}", default)
    return sorted((f.code, f.source.line, f.severity.value) for f in
                  lint_text(code, "lm.py", target="gaudi2", select=["TFP101", "TFP103"]))


def test_the_else_of_training_and_a_flag_is_evaluation():
    found = _findings("self.is_training and self.sample_softmax")
    assert ("TFP101", 13, "warning") in found  # (the body: training with sampled softmax)
    assert [f for f in found if f[1] > 13] and all(f[2] == "info" for f in found if f[1] > 13), found


def test_the_else_of_training_or_a_flag_and_of_not_training_and_a_flag_stay_training():
    for test, default in (("self.is_training or self.sample_softmax", "True"),
                          ("not self.is_training and self.sample_softmax", "True"),
                          ("self.is_training and self.sample_softmax", "0"),
                          ("self.is_training and self.sample_softmax", "False")):
        found = _findings(test, default)
        assert [f for f in found if f[1] > 13 and f[2] == "warning"], (test, default, found)
