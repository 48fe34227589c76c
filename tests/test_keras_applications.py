"""keras.applications models (weights=None, built offline): the pads the guide warns about are found."""

from __future__ import annotations

import keras
import pytest

from tfperf.analyze import check_graph
from tfperf.capture import from_keras
from tfperf.findings import Safety

# the module fixture builds ResNet50 once: keep its tests on one xdist worker
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("resnet50")]


@pytest.fixture(scope="module")
def resnet50_graph():
    return from_keras(keras.applications.ResNet50(weights=None), batch_size=2)


def test_resnet50_stem_pads_are_flagged_with_their_layers(resnet50_graph):
    findings = check_graph(resnet50_graph, "gaudi2", select=["TFP2"])
    assert sorted(f.location.graph.layer for f in findings) == ["conv1_pad", "pool1_pad"]
    by_layer = {f.location.graph.layer: f for f in findings}
    # 7x7/2 conv on 224: SAME would pad (2, 3), the model pads (3, 3): explicit paddings are exact
    assert "explicit paddings [0, 0, 3, 3, 3, 3, 0, 0]" in by_layer["conv1_pad"].fix.description
    # the max-pool follows a ReLU: zero padding cannot win, explicit padding is exact
    assert by_layer["pool1_pad"].fix.safety is Safety.EXACT
    assert by_layer["conv1_pad"].cost.bytes_moved == 4 * 2 * 3 * (224 * 224 + 230 * 230)


def test_resnet50_on_gaudi_has_no_transposes_to_report(resnet50_graph):
    assert check_graph(resnet50_graph, "gaudi2", select=["TFP1"]) == []


def test_mobilenet_v2_strided_depthwise_pads_fold_to_same():
    graph = from_keras(keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3)), batch_size=1)
    findings = check_graph(graph, "gaudi3", select=["TFP201"])
    layers = {f.location.graph.layer for f in findings}
    assert layers == {"block_1_pad", "block_3_pad", "block_6_pad", "block_13_pad"}
    assert all("padding='SAME'" in f.fix.description for f in findings)


def test_resnet50_findings_are_ranked_by_what_fixing_them_saves(resnet50_graph):
    findings = check_graph(resnet50_graph, "gaudi2")
    savings = [f.step.saving_seconds for f in findings]
    assert all(s is not None for s in savings) and savings == sorted(savings, reverse=True)
    assert [f.location.graph.layer for f in findings[:2]] == ["pool1_pad", "conv1_pad"]
    assert 0 < findings[0].step.share < 0.1


def efficientnet_b0(policy: str):
    keras.mixed_precision.set_global_policy(policy)
    try:
        return from_keras(keras.applications.EfficientNetB0(weights=None), batch_size=64)
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_efficientnet_b0_plan_is_predicted_no_slower_than_keras_mixed_bfloat16():
    """Its swish is a tf.custom_gradient (an IdentityN of a type list, unread forward Identity nodes):
    tfperf's plan converts the IdentityN and keeps only the model's result in float32, so on gaudi2
    it is predicted no slower than Keras' mixed_bfloat16 graph (it was 6.02 vs 4.43 ms at batch 64)."""
    from tfperf.amp.plan import graph_outputs
    from tfperf.amp.summary import summarize
    from tfperf.targets import load

    graph, gaudi2 = efficientnet_b0("float32"), load("gaudi2")
    assert [name for _, name, _ in graph_outputs(graph)] == ["Identity"]
    fp32, ours = summarize(graph, gaudi2).variants[:2]
    keras_mixed = summarize(efficientnet_b0("mixed_bfloat16"), gaudi2).variants[0]
    assert ours.step_seconds <= keras_mixed.step_seconds < fp32.step_seconds
