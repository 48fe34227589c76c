"""Where in my code: a Keras functional model's ops are made by Keras re-running its layers, so their
own stacks hold no line of the user's; the line that constructed the layer, recorded while tfperf
builds the model from the user's module and factory, stands in for it."""

from __future__ import annotations

import keras

from tfperf.analyze import check_graph
from tfperf.cost.estimate import estimate_graph

HELPERS = """\
import keras

def padded_conv(x, filters):
    x = keras.layers.ZeroPadding2D(1, name=f"pad{filters}")(x)
    return keras.layers.Conv2D(filters, 3, name=f"conv{filters}")(x)

def model():
    inputs = keras.Input((16, 16, 3), batch_size=2)
    x = padded_conv(inputs, 8)
    x = keras.layers.ReLU(name="relu")(x)
    return keras.Model(inputs, padded_conv(x, 16))
"""


def test_findings_of_a_functional_model_point_at_the_line_that_made_the_layer(capture_code):
    graph, path = capture_code(HELPERS)
    findings = check_graph(graph, "gaudi2", select=["TFP201"])
    assert sorted(f.location.graph.layer for f in findings) == ["pad16", "pad8"]
    assert all(f.source.path == str(path) and f.source.line == 4 for f in findings)  # inside padded_conv
    relu = next(graph.by_op("Relu"))
    assert (relu.source.file, relu.source.line) == (str(path), 10)


def test_the_top_ops_of_the_estimate_carry_the_line(capture_code):
    graph, path = capture_code(HELPERS)
    top = estimate_graph(graph, "gaudi2").top_ops
    assert top and all(o.source and o.source.endswith((":4", ":5", ":10")) for o in top if o.layer)


def test_a_model_built_at_import_and_a_library_model_point_at_the_users_line(capture_code):
    graph, path = capture_code("""\
import keras

inputs = keras.Input((8, 8, 3), batch_size=1)
model = keras.Model(inputs, keras.layers.ZeroPadding2D(1, name="pad")(inputs))
""")
    (pad,) = graph.by_op("Pad")
    assert (pad.source.file, pad.source.line) == (str(path), 4)
    graph, path = capture_code("""\
import keras

def model():
    return keras.applications.MobileNetV2(weights=None, input_shape=(32, 32, 3), include_top=False)
""", batch_size=1)
    lines = {n.source.line for n in graph if n.layer and n.source}
    assert lines == {4}  # every layer keras.applications made: the user's call of it


def test_recording_leaves_keras_as_it_was(capture_code):
    before = keras.layers.Layer.__init__
    capture_code(HELPERS)
    assert keras.layers.Layer.__init__ is before
