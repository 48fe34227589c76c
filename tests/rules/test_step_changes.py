"""What each rule's fix removes from the step, as the ranking prices it (`Rule.step_change`): the
construct's own ops and the ops a training step made for them, not its neighbours."""

from __future__ import annotations

import tensorflow as tf

from tfperf.analyze import check_graph
from tfperf.capture import from_function, from_spec
from tfperf.cost.estimate import estimate_graph
from tfperf.rules.base import CheckContext, get_rule
from tfperf.rules.l2_loss.graph import penalties_in_loss


def _change(code: str, graph, target: str = "gaudi2"):
    estimate = estimate_graph(graph, target)
    ctx = CheckContext(estimate.target, graph.origin, estimate=estimate)
    checker = get_rule(code)()
    [finding] = list(checker.check_graph(graph, ctx))
    return finding, checker.step_change(finding, graph, ctx), estimate


def test_l2_penalties_leave_with_their_gradient_ops_but_the_add_into_the_gradient_stays():
    graph = from_spec("examples/guide_l2_loss.py:not_recommended", train=True)
    finding, change, _ = _change("TFP301", graph)
    names = {name for _, name in change.removed}
    squares = {p.node.name for p in penalties_in_loss(graph)}
    assert squares <= names  # the forward sums of squares
    ops = {graph.get(name).op for name in names}
    assert {"Square", "Sum", "Mul"} <= ops
    assert any(name.startswith("gradient_tape/") for name in names)  # 2 * v times the penalty's gradient
    assert not any(graph.get(name).op == "AddN" for name in names)  # the decay's add stays
    [ranked] = check_graph(graph, "gaudi2", select=["TFP301"])
    assert ranked.step.saving_seconds > 0


def test_transposes_that_cancel_both_leave_and_a_pads_gradient_slice_leaves_with_it():
    @tf.function(input_signature=[tf.TensorSpec([8, 64, 32], tf.float32)])
    def cancel(x):
        return tf.transpose(tf.transpose(x, [0, 2, 1]) * 2.0, [0, 2, 1])

    _, change, _ = _change("TFP102", from_function(cancel), "cpu")
    assert {graph_op for graph_op in change.removed} == {(None, "transpose"), (None, "transpose_1")}

    import keras

    inputs = keras.Input((16, 16, 3), batch_size=4)
    x = keras.layers.Conv2D(8, 1, name="first")(inputs)  # so that the pad's input needs a gradient
    padded = keras.layers.ZeroPadding2D(1, name="pad")(x)
    model = keras.Model(inputs, keras.layers.Conv2D(4, 3, name="conv")(padded))
    model.compile(optimizer="sgd", loss="mse")
    from tfperf.capture import from_training

    graph = from_training(model)
    _, change, _ = _change("TFP201", graph)
    removed = [graph.get(name, function) for function, name in change.removed]
    assert [n.op for n in removed if n.op in ("Pad", "Slice")].count("Pad") == 1
    assert any(n.op == "Slice" and n.name.startswith("gradient_tape/") and n.shape(0) == (4, 16, 16, 8)
               for n in removed)  # the pad's gradient: the slice back to the unpadded shape


def test_host_ops_leave_with_their_copies_when_the_step_model_runs_them_on_the_host():
    @tf.function(input_signature=[tf.TensorSpec([32, 256], tf.float32)])
    def rounded(h):
        return tf.strings.to_number(tf.strings.as_string(h * 3.0, precision=2)) * 2.0

    findings = check_graph(from_function(rounded), "gaudi2", select=["TFP501"])
    as_string = next(f for f in findings if f.location.graph.op == "AsString")
    assert as_string.step.saving_seconds > 0  # on the host lane, with the copy of its input
    assert "copies" in as_string.step.note

    graph = from_spec("examples/guide_placement.py:not_recommended")  # a numpy_function: its shape is unknown
    assert all(f.step.saving_seconds is None and "the step is unknown" in f.step.note
               for f in check_graph(graph, "gaudi2", select=["TFP501"]))
