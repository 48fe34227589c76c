"""Capture: every path yields nodes with op, inputs, shapes, dtypes, device, function and source."""

from __future__ import annotations

import keras
import pytest
import tensorflow as tf

from tfperf.capture import from_function, from_graph_def, from_keras, from_saved_model, parse_input_spec

CONTROL_FLOW = """\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([None, 8, 4], tf.float32)])
def model(x):
    y = tf.transpose(x, (0, 2, 1))
    def body(i, a):
        return i + 1, tf.nn.relu(a) * 2.0
    _, z = tf.while_loop(lambda i, a: i < 3, body, [0, y])
    return tf.cond(tf.reduce_sum(z) > 0, lambda: z + 1.0, lambda: z - 1.0)
"""


def test_function_nodes_have_shapes_dtypes_and_user_lines(capture_code):
    graph, path = capture_code(CONTROL_FLOW)
    (transpose,) = graph.by_op("Transpose")
    assert transpose.function is None
    assert transpose.shape() == (None, 4, 8) and transpose.dtype() == "float32"
    assert transpose.source.file == str(path) and transpose.source.line == 5
    assert graph.constant(transpose, 1) == [0, 2, 1]
    assert graph.producer(transpose, 0).op == "Placeholder"


def test_nested_function_bodies_are_walked(capture_code):
    graph, path = capture_code(CONTROL_FLOW)
    (relu,) = graph.by_op("Relu")
    assert relu.function is not None and "while_body" in relu.function
    assert relu.source.line == 7  # the lambda body's line, inside the loop body
    branches = {n.function for n in graph.nodes if n.op in ("AddV2", "Sub") and n.function and "cond" in n.function}
    assert len(branches) == 2
    assert any("While" in how for how in graph.functions.values())


def test_keras_layers_are_named_and_functional_models_have_no_user_line():
    inputs = keras.Input((8, 8, 3), batch_size=2)
    x = keras.layers.ZeroPadding2D(1, name="my_pad")(inputs)
    x = keras.layers.Conv2D(4, 3, name="my_conv")(x)
    model = keras.Model(inputs, x, name="tiny")
    graph = from_keras(model)
    (pad,) = graph.by_op("Pad")
    assert pad.layer == "my_pad" and pad.shape() == (2, 10, 10, 3)
    assert pad.source is None  # tfperf traced it: no line of the user's created this op
    (conv,) = graph.by_op("Conv2D")
    assert conv.layer == "my_conv"


def test_keras_subclassed_model_points_at_its_call(capture_code):
    graph, path = capture_code("""\
import keras
import tensorflow as tf

class Net(keras.Model):
    def call(self, x):
        return tf.transpose(x, (0, 2, 1))

def model():
    net = Net()
    net(tf.zeros([2, 3, 4]))
    return net
""", input_specs=[((2, 3, 4), "float32")])
    (transpose,) = graph.by_op("Transpose")
    assert transpose.source.file == str(path) and transpose.source.line == 6


def test_keras_batch_size_and_missing_shapes():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    graph = from_keras(model, batch_size=16)
    (matmul,) = graph.by_op("MatMul")
    assert matmul.shape() == (16, 2)


def test_saved_model_with_debug_info_keeps_source_lines(tmp_path, capture_code):
    graph, path = capture_code("""\
import tensorflow as tf

class M(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([2, 3, 4], tf.float32)])
    def serve(self, x):
        return {"out": tf.transpose(x, (0, 2, 1)) * 2.0}

def model():
    return M().serve
""")
    module_code = path.read_text()
    ns: dict = {}
    exec(compile(module_code, str(path), "exec"), ns)
    m = ns["M"]()
    with_info, without = tmp_path / "with", tmp_path / "without"
    tf.saved_model.save(m, str(with_info), signatures={"serve": m.serve},
                        options=tf.saved_model.SaveOptions(save_debug_info=True))
    tf.saved_model.save(m, str(without), signatures={"serve": m.serve})
    (g,) = from_saved_model(str(with_info))
    (t,) = g.by_op("Transpose")
    assert g.origin.endswith("[serve]")
    assert t.function is not None and t.shape() == (2, 4, 3)
    assert t.source.file == str(path) and t.source.line == 6
    (g2,) = from_saved_model(str(without), signature="serve")
    (t2,) = g2.by_op("Transpose")
    assert t2.source is None


def test_graph_def_binary_and_text_keep_devices(tmp_path):
    @tf.function(input_signature=[tf.TensorSpec([4, 5], tf.float32)])
    def f(x):
        return tf.transpose(x) + 1.0

    graph_def = f.get_concrete_function().graph.as_graph_def()
    for node in graph_def.node:
        node.device = "/job:localhost/replica:0/task:0/device:HPU:0" if node.op != "Placeholder" else \
            "/job:localhost/replica:0/task:0/device:CPU:0"
    pb, pbtxt = tmp_path / "g.pb", tmp_path / "g.pbtxt"
    pb.write_bytes(graph_def.SerializeToString())
    tf.io.write_graph(graph_def, str(tmp_path), "g.pbtxt", as_text=True)
    for path in (pb, pbtxt):
        g = from_graph_def(str(path))
        (t,) = g.by_op("Transpose")
        assert t.device.endswith("HPU:0") and t.shape() == (5, 4)
        assert g.get("x").device.endswith("CPU:0")


def test_parse_input_spec():
    assert parse_input_spec("8,224,224,3") == ((8, 224, 224, 3), "float32")
    assert parse_input_spec("?,128:int32") == ((None, 128), "int32")
    with pytest.raises(ValueError, match="dimensions are integers"):
        parse_input_spec("8,abc")


def test_plain_callable_needs_a_signature():
    from tfperf.capture import CaptureError

    with pytest.raises(CaptureError, match="--input-shape"):
        from_function(lambda x: x * 2)
    g = from_function(lambda x: x * 2, [((3,), "float32")])
    assert [n.op for n in g.by_op("Mul")] == ["Mul"]


def test_layers_come_from_keras_own_scopes_not_uniquified_names():
    """Keras names a re-entered scope `p_1`: the op `p_1/Pad` of layer `p` must not be given to the
    layer `p_1` (issue 13: DenseNet121's first pad was attributed to zero_padding2d_1)."""
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.ZeroPadding2D(1, name="p")(inputs)
    x = keras.layers.ZeroPadding2D(2, name="p_1")(x)
    graph = from_keras(keras.Model(inputs, x), batch_size=1)
    layers = {n.layer: graph.constant(n, 1)[1] for n in graph.by_op("Pad")}
    assert layers == {"p": [1, 1], "p_1": [2, 2]}


LIBRARY_LAYER = """\
import keras
import tensorflow as tf

class PadLayer(keras.layers.Layer):
    def call(self, x):
        return tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
"""


def test_a_library_line_is_not_the_users_line(tmp_path, capture_code, monkeypatch):
    """A layer from an installed package (keras_hub's, say) makes the same line for every op it
    makes: the location is the first frame of the user's own code that called it."""
    site = tmp_path / "lib" / "site-packages"
    (site / "padlib").mkdir(parents=True)
    (site / "padlib" / "__init__.py").write_text(LIBRARY_LAYER)
    monkeypatch.syspath_prepend(str(site))
    graph, path = capture_code("""\
import tensorflow as tf
from padlib import PadLayer

layer = PadLayer()

@tf.function(input_signature=[tf.TensorSpec([1, 4, 4, 2], tf.float32)])
def model(x):
    return layer(x) * 2.0
""")
    (pad,) = graph.by_op("Pad")
    assert pad.source.file == str(path) and pad.source.line == 8


def test_saved_model_of_a_functional_model_points_at_no_save_line(tmp_path, capture_code):
    """Saving re-runs the functional model's layers: the save call is not where any op was written."""
    graph, path = capture_code("""\
import keras
import tensorflow as tf

def model():
    inputs = keras.Input((4, 4, 2), batch_size=1)
    return keras.Model(inputs, keras.layers.ZeroPadding2D(1)(inputs))

def save(directory):
    m = model()
    tf.saved_model.save(m, directory, options=tf.saved_model.SaveOptions(save_debug_info=True))
""")
    ns: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), ns)
    ns["save"](str(tmp_path / "saved"))
    pads = [n for g in from_saved_model(str(tmp_path / "saved")) for n in g.by_op("Pad")]
    assert pads and all(n.source is None for n in pads)


def _dict_model():
    ids = keras.Input((6,), dtype="int32", name="token_ids")
    segments = keras.Input((6,), dtype="int32", name="segment_ids")
    x = keras.layers.Embedding(50, 8)(ids) + keras.layers.Embedding(2, 8)(segments)
    model = keras.Model({"token_ids": ids, "segment_ids": segments}, keras.layers.Dense(3)(x))
    model.compile("sgd", "mse")
    return model


def test_dict_input_models_are_traced_from_their_own_input_structure():
    """Issue 13: keras_hub's BertBackbone takes a dict; tracing it as a list failed with an unreadable line."""
    from tfperf.capture import from_training

    model = _dict_model()
    graph = from_keras(model, batch_size=2)
    inputs = {n.name: n.shape() for n in graph.by_op("Placeholder") if n.dtype() == "int32"}
    assert inputs == {"token_ids": (2, 6), "segment_ids": (2, 6)}
    step = from_training(model, batch_size=2)
    assert any(n.op.startswith(("Assign", "ResourceApply")) for n in step) and any("Grad" in n.op for n in step)


def test_a_sequential_model_is_traced_with_the_tensor_it_takes_not_a_list_of_it():
    """A Sequential model never called has no `input` yet: its one input is still passed as itself,
    or Keras warns on every capture that the structure of `inputs` does not match."""
    import warnings

    from tfperf.capture import from_training

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile("sgd", "mse")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*structure of `inputs`")
        from_keras(model, batch_size=2)
        step = from_training(model, batch_size=2)
    assert any(n.op.startswith(("Assign", "ResourceApply")) for n in step)


def test_a_wrong_number_of_input_shapes_names_the_inputs():
    from tfperf.capture import CaptureError

    with pytest.raises(CaptureError, match=r"takes 2 input\(s\) \(segment_ids, token_ids\)"):
        from_keras(_dict_model(), [((2, 6), "int32")])


def test_keras_hub_bert_backbone_from_a_config():
    keras_hub = pytest.importorskip("keras_hub")
    model = keras_hub.models.BertBackbone(vocabulary_size=64, num_layers=1, num_heads=2, hidden_dim=16,
                                          intermediate_dim=32, max_sequence_length=16)
    graph = from_keras(model, [((2, 16), "int32")] * 3)
    assert {n.layer for n in graph.by_op("BatchMatMulV2")} >= {"query", "key", "value", "self_attention_layer"}


def test_saved_model_export_is_one_report_and_takes_the_batch_size(tmp_path):
    """Issue 13: Keras' export writes `serve` and `serving_default` for one function (every finding came
    twice), and --batch-size / --input-shape were ignored for SavedModels (every cost unknown)."""
    from tfperf.analyze import check_graph

    inputs = keras.Input((8, 8, 3))
    model = keras.Model(inputs, keras.layers.Conv2D(4, 3, name="conv")(keras.layers.ZeroPadding2D(1)(inputs)))
    model.export(str(tmp_path / "export"), verbose=False)
    [graph] = from_saved_model(str(tmp_path / "export"))
    assert graph.origin.endswith("[serve, serving_default]")
    [unpriced] = check_graph(graph, "gaudi2", select=["TFP201"])
    assert unpriced.cost.bytes_moved is None
    assert unpriced.locations[1].graph.layer == "conv"  # a layer with weights is named from them
    [batched] = from_saved_model(str(tmp_path / "export"), batch_size=4)
    [priced] = check_graph(batched, "gaudi2", select=["TFP201"])
    assert priced.cost.bytes_moved == 4 * 4 * 3 * (8 * 8 + 10 * 10)
    [shaped] = from_saved_model(str(tmp_path / "export"), input_specs=[((2, 8, 8, 3), "float32")])
    assert check_graph(shaped, "gaudi2", select=["TFP201"])[0].cost.bytes_moved == 2 * 4 * 3 * (8 * 8 + 10 * 10)


def test_input_shapes_without_a_dtype_keep_the_declared_integer_inputs():
    graph = from_keras(_dict_model(), [((2, 6), "float32")] * 2)  # what --input-shape 2,6 gives
    assert {n.name: n.dtype() for n in graph.by_op("Placeholder") if n.name.endswith("_ids")} == \
        {"segment_ids": "int32", "token_ids": "int32"}
