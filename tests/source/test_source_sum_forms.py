"""TFP601 forms from the residue round (issue 11): a sum over the channels axis a data-format choice picks (`axis = 3
if image_data_format() == "channels_last" else 1`: 1 is the channels axis of channels_first data, so the other value
is the last axis of channels_last data whatever the rank); the rank of a tensor of unknown shape read off the tensors
it is computed with elementwise (a pairwise matrix times a `[B, B]` mask); a table of constants and settings summed
once (no finding). Each with look-alikes: a choice whose channels_last value is 1 or whose channels_first value is
not 1, partners whose ranks disagree, a 3-D partner's middle axis, a scalar partner."""

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


PARTNERS = """\
    import tensorflow as tf

    def soft_nn_loss(labels, embeddings, distance, temperature, volume):
        batch_size = tf.size(labels)
        negexpd = tf.math.exp(-distance(embeddings, embeddings) / temperature)
        diag_mask = tf.cast(tf.logical_not(tf.linalg.diag(tf.ones(batch_size, dtype=tf.bool))), tf.float32)
        negexpd = tf.math.multiply(negexpd, diag_mask)
        all_neighbours = tf.reduce_sum(negexpd, axis=1)
        same = tf.reduce_sum(negexpd * tf.cast(labels, tf.float32), axis=1)
        cube = tf.zeros([4, 4, 4])
        mixed = tf.reduce_sum(negexpd * cube, axis=1)
        middle = tf.reduce_sum(embeddings * cube, axis=1)
        scaled = tf.reduce_sum(embeddings * temperature, axis=1)
        return all_neighbours + same + mixed + middle + scaled
    """


def test_the_rank_of_an_elementwise_partner():
    # a pairwise matrix of unknown shape times a [B, B] mask (also through the name it is assigned to, and times a
    # tensor of unknown shape): axis 1 of a 2-D tensor, the message says by which partner. Not: partners whose
    # ranks disagree (2-D and 3-D), axis 1 of a 3-D partner (a middle axis), a scalar partner (says nothing)
    assert lint(PARTNERS, select=("TFP601",), path="losses.py") == [(8, "TFP601", "info"), (9, "TFP601", "info")]
    first = lint_text(textwrap.dedent(PARTNERS), "losses.py", target="gaudi2", select=["TFP601"])[0]
    assert "axis 1 of this 2-D tensor, by the rank of diag_mask it is computed with elementwise" in first.message


def test_a_table_of_constants_and_settings_is_summed_once():
    code = """\
    import tensorflow as tf

    class HmmLoss(tf.keras.losses.Loss):
        def __init__(self, avg_length=200, n_pitches=128):
            super().__init__()
            hold = 1.0 - 1.0 / avg_length
            other = (1.0 - hold) / (n_pitches - 1)
            transitions = (hold - other) * tf.eye(n_pitches) + other * tf.ones([n_pitches, n_pitches])
            self.transitions = transitions / tf.reduce_sum(transitions, axis=1, keepdims=True)

        def call(self, y_true, y_pred):
            scores = y_pred * tf.eye(128)
            return tf.reduce_sum(scores, axis=1)
    """
    # the transition table (constants and the constructor's settings): computed once, no finding; the
    # predictions times a constant 2-D table in the step: reported (axis 1 of the table's rank)
    assert lint(code, select=("TFP601",), path="losses.py") == [(13, "TFP601", "info")]
