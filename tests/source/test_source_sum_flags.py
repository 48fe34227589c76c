"""TFP601 on two general forms (issue 11, residue round): a sum in a branch a flag parameter's default turns away
(`if mask_outliers:` with `mask_outliers=False`: TFP301's opt-in convention, as for `if average == "micro":`), judged
by what the project's calls pass; and a sum over the channels axis a data-format choice picks (`axis = 3 if
image_data_format() == "channels_last" else 1`), which is the last axis of channels_last data whatever the rank.
Each with the look-alikes that keep (or never get) the finding."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text

FLAGS = """\
    import tensorflow as tf


    def sequence_loss(logits, weight, training=None, mask_outliers=False, normalize=True):
        if training and mask_outliers:
            examples = tf.reduce_sum(logits * weight, axis=-1)
            logits = logits / examples[:, None]
        if not normalize:
            return tf.reduce_sum(logits, axis=-1)
        if training:
            logits = tf.reduce_sum(logits * weight, axis=-1)
        return logits


    class L1Loss(tf.keras.losses.Loss):
        def __init__(self, use_l1=True, squared=False):
            super().__init__()
            self.use_l1 = use_l1
            self.squared = squared

        def call(self, y_true, y_pred):
            loss = 0.0
            if self.use_l1:
                loss += tf.reduce_sum(tf.abs(y_true - y_pred), axis=-1)
            if self.squared:
                loss += tf.reduce_sum(tf.square(y_true - y_pred), axis=-1)
            return loss
    """


def test_a_sum_under_a_flag_the_default_turns_away():
    # `if mask_outliers:` (default False), `if not normalize:` (default True), `if self.squared:` (set from a
    # parameter whose default is False): none. Kept: `if training:` (Keras passes training=True in the step: the
    # flag's default says nothing there) and `if self.use_l1:` (default True takes the branch)
    assert lint(FLAGS, select=("TFP601",), path="losses.py") == [(11, "TFP601", "info"), (24, "TFP601", "info")]


def test_a_call_that_sets_the_flag_brings_the_sum_back(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": FLAGS, "pkg/train.py": """\
        import tensorflow as tf
        from pkg.losses import L1Loss, sequence_loss

        def step(logits, weight, params):
            return (sequence_loss(logits, weight, training=True, mask_outliers=True),
                    sequence_loss(logits, weight, normalize=params.get("normalize")),
                    L1Loss(squared=False))
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP601"])
    # a call passing True (said in the message); one passing a value not known here; a call passing False: none
    assert found(result) == [("losses.py", 6, "TFP601", "info"), ("losses.py", 9, "TFP601", "info"),
                             ("losses.py", 11, "TFP601", "info"), ("losses.py", 24, "TFP601", "info")]
    assert "mask_outliers is True from train.step" in next(f.message for f in result.findings if f.source.line == 6)


def test_the_channels_axis_a_data_format_choice_picks_is_the_last():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    def categorical_crossentropy(gt, pr, data_format="channels_last"):
        axis = 3 if K.image_data_format() == "channels_last" else 1
        pr /= K.sum(pr, axis=axis, keepdims=True)
        channels = 1 if data_format == "channels_first" else -1
        total = tf.reduce_sum(gt * pr, axis=channels)
        height = 1 if K.image_data_format() == "channels_last" else 2
        rows = tf.reduce_sum(gt * pr, axis=height)
        mixed = 2 if K.image_data_format() == "channels_last" else 3
        other = tf.reduce_sum(gt * pr, axis=mixed)
        return total + rows + other
    """
    # the channels axis of channels_last data (3 of NHWC, -1): reported, saying so; an axis the choice gives 1 in
    # channels_last data (not the channels axis: H of NCHW is 2), or a choice whose channels_first value is not 1:
    # no finding (the rank is not stated)
    assert lint(code, select=("TFP601",), path="losses.py") == [(6, "TFP601", "info"), (8, "TFP601", "info")]
    [first, _] = lint_text(textwrap.dedent(code), "losses.py", target="gaudi2", select=["TFP601"])
    assert "the channels axis of channels_last data, line 5" in first.message
