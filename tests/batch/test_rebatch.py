"""Shapes fitted as functions of the batch from two traces give the step traced at a third batch size,
and what cannot be fitted is refused in one line."""

from __future__ import annotations

import keras
import pytest
import tensorflow as tf

from tfperf.batch.rebatch import BatchedGraph, BatchError
from tfperf.capture import from_object
from tfperf.cost.estimate import estimate_graph


def _transformer_block() -> keras.Model:
    """Attention reshapes the batch into heads and merges it with positions: slopes other than 1."""
    tokens = keras.Input((12,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(100, 16)(tokens)
    x = x + keras.layers.MultiHeadAttention(2, 8)(x, x)
    x = keras.layers.Reshape((12 * 16,))(x)
    model = keras.Model(tokens, keras.layers.Dense(3)(x))
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


@pytest.fixture(scope="module")
def traces():
    """The training step of a small attention model traced at batch 3, 7 and 10."""
    model = _transformer_block()
    graph = from_object(model, "block", None, 3, train=True)
    return {3: graph, 7: graph.at_batch(7), 10: graph.at_batch(10)}


def test_two_traces_give_the_third(traces):
    fitted = BatchedGraph(traces[3], traces[7]).at(10)
    assert [n.op for n in fitted.nodes] == [n.op for n in traces[10].nodes]
    assert [n.output_shapes for n in fitted.nodes] == [n.output_shapes for n in traces[10].nodes]
    assert any(d == 10 * 12 for n in fitted.nodes for s in n.output_shapes if s for d in s), "batch x positions"


def test_the_fitted_step_prices_like_the_trace(traces):
    fitted = estimate_graph(BatchedGraph(traces[3], traces[7]).at(10), "gaudi2")
    traced = estimate_graph(traces[10], "gaudi2")
    assert fitted.memory.peak_bytes == traced.memory.peak_bytes
    assert fitted.step_seconds == pytest.approx(traced.step_seconds, rel=1e-9)


def test_a_batch_fixed_in_the_graph_is_one_line():
    model = keras.Sequential([keras.Input((16,), batch_size=32), keras.layers.Dense(4)])
    graph = from_object(model, "fixed", None, 4)
    with pytest.raises(BatchError, match="the batch is fixed in the graph at 32"):
        BatchedGraph(graph, graph.at_batch(9))


def test_a_function_with_its_own_signature_cannot_be_varied():
    fn = tf.function(lambda x: x * 2, input_signature=[tf.TensorSpec([8, 4])])
    assert from_object(fn, "fn").at_batch is None


def test_a_first_input_without_a_static_batch_is_one_line():
    fn = tf.function(lambda x: x * 2)
    graph = from_object(fn, "fn", [((None, 4), "float32")])
    with pytest.raises(BatchError, match="no static batch dimension"):
        BatchedGraph(graph, graph)
