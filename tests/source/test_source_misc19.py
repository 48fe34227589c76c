"""Held-out sets 19 and 20: TensorFlow 1's contrib TPUEstimator (TFP502), L2 strengths a loop takes from a
sequence parameter the function fills with Nones (TFP301), and the pipeline forms of TFP401/403/404/405 below."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def found(code: str, select: str, path: str = "model.py", target: str = "gaudi2") -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=[select])]


def messages(code: str, select: str, path: str = "model.py") -> list[str]:
    return [f.message for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=[select])]


# --- TFP502: tf.contrib.tpu.TPUEstimator -----------------------------------------------------------------------

def test_contrib_tpu_estimator_without_tpu_is_an_estimator():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def build(model_fn, config):
        return contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)
    """
    assert found(code, "TFP502") == [(4, "warning")]


def test_tf_contrib_tpu_estimator_spelled_through_tf():
    code = """\
    import tensorflow as tf

    def build(model_fn, config):
        return tf.contrib.tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)
    """
    assert found(code, "TFP502") == [(4, "warning")]


def test_contrib_tpu_estimator_subclass_is_info():
    code = """\
    import tensorflow as tf

    class MyEstimator(tf.contrib.tpu.TPUEstimator):
        pass
    """
    assert found(code, "TFP502") == [(3, "info")]


def test_contrib_tpu_estimator_on_tpu_or_a_flag_is_not_reported():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def build(model_fn, config, use_tpu):
        a = contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=True)
        return a, contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=use_tpu)
    """
    assert found(code, "TFP502") == []


def test_contrib_tpu_estimator_spec_is_not_an_estimator():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def model_fn(features, labels, mode, params):
        return contrib_tpu.TPUEstimatorSpec(mode=mode, loss=features)
    """
    assert found(code, "TFP502") == []


# --- TFP301: a strength a loop takes from a sequence parameter ----------------------------------------------------

MLP = """\
import tensorflow as tf


def mlp_layers(fc_layer_params, dropout_layer_params=None, weight_decay_params=None):
    layers = []
    if dropout_layer_params is None:
        dropout_layer_params = [None] * len(fc_layer_params)
    if weight_decay_params is None:
        weight_decay_params = [None] * len(fc_layer_params)
    for {target} in {iterable}:
        kernel_regularizer = None
        {gate}kernel_regularizer = tf.keras.regularizers.l2(weight_decay)
        layers.append(tf.keras.layers.Dense(num_units, kernel_regularizer=kernel_regularizer))
    return layers


def net():
    return tf.keras.Sequential(mlp_layers((256, 256){passed}))
"""


def mlp(target="num_units, dropout, weight_decay",
        iterable="zip(fc_layer_params, dropout_layer_params, weight_decay_params)",
        gate="if weight_decay is not None:\n            ", passed=""):
    return MLP.format(target=target, iterable=iterable, gate=gate, passed=passed)


def test_a_guarded_strength_from_a_none_filled_sequence_builds_nothing_by_default():
    assert found(mlp(), "TFP301") == []


def test_the_same_under_enumerate():
    code = mlp(target="i, (num_units, dropout, weight_decay)",
               iterable="enumerate(zip(fc_layer_params, dropout_layer_params, weight_decay_params))")
    assert found(code, "TFP301") == []


def test_a_sequence_the_caller_passes_keeps_the_warning():
    assert found(mlp(passed=", weight_decay_params=[1e-4, 1e-4]"), "TFP301") == [(13, "warning")]


def test_an_unguarded_keras_l2_of_none_elements_keeps_the_warning():
    code = mlp(gate="")
    assert found(code, "TFP301") == [(12, "warning")]
    assert "as a strength of 0.01" in messages(code, "TFP301")[0]


def test_a_sequence_reassigned_to_something_else_is_not_followed():
    code = mlp().replace("weight_decay_params = [None] * len(fc_layer_params)",
                         "weight_decay_params = [1e-4] * len(fc_layer_params)")
    assert found(code, "TFP301") == [(13, "warning")]


def test_the_none_message_is_not_said_where_a_guard_turns_none_away():
    code = """\
    import tensorflow as tf


    def dense_layers(units, sizes=None):
        out = []
        if sizes is not None:
            for weight_decay in decays_of(units):
                out.append(tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.l2(weight_decay)))
        return out


    def net():
        return tf.keras.Sequential(dense_layers(8, sizes=(1,)) + dense_layers(8))
    """
    said = messages(code, "TFP301")
    assert said and not any("0.01" in m for m in said)


def test_an_unguarded_none_strength_still_says_how_keras_reads_it():
    code = """\
    import tensorflow as tf


    def dense(units, sizes=None, weight_decay=None):
        reg = None
        if sizes is not None:
            reg = tf.keras.regularizers.l2(weight_decay)
        return tf.keras.layers.Dense(units, kernel_regularizer=reg)


    def net():
        return tf.keras.Sequential([dense(8, sizes=(1,)), dense(8)])
    """
    assert any("as a strength of 0.01" in m for m in messages(code, "TFP301"))
