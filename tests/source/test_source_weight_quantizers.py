"""TFP101's weight convention for quantization-aware training: a quantizer class named for the weights it quantizes
(tfmot's `Default8BitConvTransposeWeightsQuantizer`, a `KernelQuantizer`) is called on a layer's weights, so what
its `__call__` is given first is a weight, and the base quantizer's `super().__call__(w, ...)` of it a weight's
fake-quantized copy: a transpose of either is a weight's copy, info under the weight price. A quantizer named for
activations, or for neither, may be called on activations: its transposes keep their warning."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

QUANTIZER = """\
import tensorflow as tf


class LastValueQuantizer:
    def __call__(self, inputs, training, weights, **kwargs):
        return tf.quantization.fake_quant_with_min_max_vars(inputs, weights["min_var"], weights["max_var"])


class NAME(LastValueQuantizer):
    def __call__(self, inputs, training, weights, **kwargs):
        outputs = tf.transpose(inputs, (0, 1, 3, 2))
        outputs = super().__call__(outputs, training, weights, **kwargs)
        return tf.transpose(outputs, (0, 1, 3, 2))


class Conv(tf.keras.layers.Layer):
    def call(self, x):
        return NAME()(x, True, {"min_var": -6.0, "max_var": 6.0})
"""


def findings(name: str):
    return [(f.source.line, f.severity.value, "of a weight" in f.message) for f in
            lint_text(QUANTIZER.replace("NAME", name), "quantizers.py", target="gaudi2", select=["TFP101"])]


@pytest.mark.parametrize("name", ["ConvTransposeWeightsQuantizer", "KernelQuantizer", "Default8BitWeightQuantizer"])
def test_a_weights_quantizers_transposes_are_a_weights_copy(name):
    assert findings(name) == [(11, "info", True), (13, "info", True)]


@pytest.mark.parametrize("name", ["ActivationQuantizer", "TransposeQuantizer", "WeightsScaler"])
def test_a_quantizer_not_named_for_weights_keeps_its_warnings(name):
    assert [severity for _, severity, _ in findings(name)] == ["warning", "warning"]
