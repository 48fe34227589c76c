"""TFP601 on a sum over the channels axis a data-format choice picks (`axis = 3 if image_data_format() ==
"channels_last" else 1`): 1 is the channels axis of channels_first data, so the other value is the last axis of
channels_last data whatever the rank (issue 11, residue round). With the look-alikes that get no finding: a choice
whose channels_last value is 1 (an axis of channels_first data's channels, not the last), one whose channels_first
value is not 1 (not the channels axis)."""

from __future__ import annotations

import textwrap

from test_source_transpose_set11 import lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_text

CODE = """\
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


def test_the_channels_axis_a_data_format_choice_picks_is_the_last():
    # the channels axis of channels_last data (3 of NHWC; -1): reported, saying so; the others: no finding (their
    # ranks are not stated)
    assert lint(CODE, select=("TFP601",), path="losses.py") == [(6, "TFP601", "info"), (8, "TFP601", "info")]
    [first, _] = lint_text(textwrap.dedent(CODE), "losses.py", target="gaudi2", select=["TFP601"])
    assert "the channels axis of channels_last data, line 5" in first.message


def test_outside_a_loss_the_choice_is_no_finding():
    assert lint(CODE.replace("categorical_crossentropy", "normalise"), select=("TFP601",), path="layers.py") == []
