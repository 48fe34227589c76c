"""TFP301 on a regularizer set on the layers of a model that already exists (`for layer in model.layers:
setattr(layer, "kernel_regularizer", l2(wd))`). Keras reads a layer's regularizer in `add_weight`, when the layer
builds: on a built model (functional, or called once) the attribute changes only the config, and no term reaches the
loss unless the model is made anew from that config (`clone_model`, `model_from_json`). Without such a rebuild in
the function the finding is info and says why (set 57's koogu trained such a model: `model.losses` stayed empty);
with one it stays a warning (keras-cv-attention-models' model surgery ends in `clone_model`)."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

SET_BY_SETATTR = """\
import tensorflow as tf


def train(model, data, wd=1e-4):
    regularizer = tf.keras.regularizers.l2(wd)
    for layer in model.layers:
        if hasattr(layer, "kernel_regularizer"):
            setattr(layer, "kernel_regularizer", regularizer)
    REBUILD
    model.compile(optimizer="sgd", loss="mse")
    model.fit(data, epochs=2)
"""

SET_BY_ASSIGNMENT = """\
import tensorflow as tf


def add_l2(model):
    for layer in model.layers:
        for attr in ["kernel_regularizer"]:
            setattr(layer, attr, tf.keras.regularizers.L2(1e-4))
        layer.bias_regularizer = tf.keras.regularizers.l2(1e-4)
    REBUILD
"""


def findings(code: str, rebuild: str):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code.replace("REBUILD", rebuild), "train.py", target="gaudi2", select=["TFP301"])]


def test_a_regularizer_set_on_a_built_models_layers_is_info_and_says_why():
    [(line, severity, message)] = findings(SET_BY_SETATTR, "pass")
    assert (line, severity) == (5, "info")
    assert message.startswith("kernel_regularizer is an L2 regularizer set after the fact: on the layers of a model "
                              "that already exists (model, line 6)")
    assert "a built model (functional, or already called) it adds no term" in message


@pytest.mark.parametrize("rebuild", ["model = tf.keras.models.clone_model(model)",
                                     "model = tf.keras.models.model_from_json(model.to_json())"])
def test_the_same_regularizer_applied_by_a_rebuild_is_a_warning(rebuild):
    assert [s for _, s, _ in findings(SET_BY_SETATTR, rebuild)] == ["warning"]


def test_writing_the_config_down_is_no_rebuild():
    assert [s for _, s, _ in findings(SET_BY_SETATTR, "open('m.json', 'w').write(model.to_json())")] == ["info"]


def test_setattr_under_a_nested_loop_and_attribute_assignment_are_read_alike():
    assert [(line, s) for line, s, _ in findings(SET_BY_ASSIGNMENT, "return model")] == [(7, "info"), (8, "info")]
    assert [s for _, s, _ in findings(SET_BY_ASSIGNMENT, "return tf.keras.models.clone_model(model)")] == \
        ["warning", "warning"]


def test_a_layer_not_from_a_models_layer_list_keeps_its_warning():
    code = SET_BY_SETATTR.replace("model.layers", "[tf.keras.layers.Dense(4)]")
    assert [s for _, s, _ in findings(code, "pass")] == ["warning"]
