"""TFP101-103: target semantics, the algebra behind the fixes, and what is not flagged."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import tensorflow as tf

from tfperf.analyze import check_graph
from tfperf.capture import from_function
from tfperf.rules.transpose.graph import compose, swaps_last_two
from tfperf.targets import load


def _codes(fn, shapes, target="gaudi2"):
    graph = from_function(fn, [(s, "float32") for s in shapes])
    return [f.code for f in check_graph(graph, target, select=["TFP1"])]


@pytest.mark.parametrize("first, second", list(itertools.product(itertools.permutations(range(3)), repeat=2)))
def test_compose_matches_tensorflow(first, second):
    x = tf.random.normal([2, 3, 4])
    twice = tf.transpose(tf.transpose(x, first), second)
    once = tf.transpose(x, compose(first, second))
    np.testing.assert_array_equal(twice.numpy(), once.numpy())


def test_gaudi_logical_transposes_keep_the_last_axis():
    gaudi, cpu = load("gaudi2"), load("cpu")
    assert gaudi.transpose_is_logical((1, 0, 2), (32, 8000, 64))
    assert not gaudi.transpose_is_logical((0, 2, 1), (32, 8000, 64))
    assert not cpu.transpose_is_logical((1, 0, 2), (32, 8000, 64))
    # a size-1 axis moving is a reshape everywhere
    assert cpu.transpose_is_logical((1, 0, 2), (1, 5, 6))
    assert gaudi.transpose_is_logical((0, 2, 1), (4, 5, 1))


def test_transpose_cost_counts_cache_line_rounding():
    """The guide's Example 2 on Gaudi 2: 64 floats = 256 B = two whole cache lines, no rounding."""
    gaudi = load("gaudi2")
    nbytes = 32 * 8000 * 64 * 4
    assert gaudi.transpose_traffic(nbytes, 64 * 4) == 2 * nbytes
    # a 3-float last axis (12 B) still reads a whole 128 B line per run
    assert gaudi.transpose_traffic(1200, 12) == int(1200 * 128 / 12) + 1200


def test_matmul_fold_only_for_last_two_axes():
    assert swaps_last_two((0, 2, 1)) and swaps_last_two((1, 0))
    assert not swaps_last_two((1, 0, 2))

    def folded(a, b):
        return tf.matmul(tf.transpose(a), b)

    def not_foldable(a, b):
        return tf.matmul(tf.reshape(tf.transpose(a, (1, 0, 2)), (4, 6)), b)

    assert _codes(folded, [(5, 4), (5, 3)]) == ["TFP103"]
    assert _codes(not_foldable, [(2, 4, 3), (6, 2)], target="cpu") == ["TFP101"]


def test_the_proposed_matmul_fold_is_exact():
    a, b = tf.random.normal([5, 4]), tf.random.normal([5, 3])
    np.testing.assert_allclose(tf.matmul(tf.transpose(a), b).numpy(),
                               tf.matmul(a, b, transpose_a=True).numpy(), rtol=1e-6)


def test_a_shared_first_transpose_stays():
    """If someone else reads the first transpose, only the second one can go (when it undoes it)."""

    def cancel(x):
        t = tf.transpose(x, (0, 2, 1))
        return tf.transpose(t, (0, 2, 1)), t * 2.0

    def merge(x):
        t = tf.transpose(x, (1, 0, 2))
        return tf.transpose(t, (0, 2, 1)), t * 2.0

    graph = from_function(cancel, [((2, 3, 4), "float32")])
    (finding,) = check_graph(graph, "cpu", select=["TFP102"])
    assert "whose other readers keep it" in finding.message
    assert "TFP102" not in _codes(merge, [(2, 3, 4)], target="cpu")


def test_elementwise_op_with_a_second_reader_blocks_the_pair():
    def model(x):
        y = tf.nn.relu(tf.transpose(x, (0, 2, 1)))
        return tf.transpose(y, (0, 2, 1)), y

    assert "TFP102" not in _codes(model, [(2, 3, 4)], target="cpu")


def test_dynamic_perm_is_left_alone():
    def model(x, perm):
        return tf.transpose(x, perm)

    graph = from_function(model, [((2, 3, 4), "float32"), ((3,), "int32")])
    assert check_graph(graph, "cpu", select=["TFP1"]) == []


def _mha_graph():
    """Keras 3's MultiHeadAttention, the smallest: its scores and context are Einsums, no Transpose."""
    import keras

    from tfperf.capture import from_keras

    x = keras.Input((6, 8))
    return from_keras(keras.Model(x, keras.layers.MultiHeadAttention(2, 4, name="mha")(x, x)), batch_size=2)


def test_keras_attention_einsums_are_priced_as_the_transposes_they_hide():
    graph = _mha_graph()
    assert not list(graph.by_op("Transpose")) and len(list(graph.by_op("Einsum"))) == 2
    on_cpu = check_graph(graph, "cpu", select=["TFP1"])
    assert [f.code for f in on_cpu] == ["TFP104", "TFP104"]
    assert all(f.cost.bytes_moved > 0 and f.location.graph.layer == "mha" for f in on_cpu)
    # every implied transpose keeps the last axis in place: logical on Gaudi
    assert check_graph(graph, "gaudi2", select=["TFP1"]) == []


def test_einsum_is_a_matrix_op_for_the_step_model():
    from tfperf.cost.estimate import estimate_graph

    costs = {c.node.op: c for c in estimate_graph(_mha_graph(), "gaudi2").costs}
    assert costs["Einsum"].op_class == "matrix" and costs["Einsum"].flops > 0


def test_one_finding_per_site_and_no_saving_claimed_for_free_transposes():
    """A swap that folds into a matmul is TFP103's, not also half of a TFP102 pair; transposes that
    cancel but move no data on the target are reported as info with a zero saving."""

    def folded(q, k):
        return tf.matmul(q, tf.transpose(tf.transpose(k, (0, 2, 1, 3)), (0, 1, 3, 2)))

    graph = from_function(folded, [((2, 8, 64, 32), "float32"), ((2, 64, 8, 32), "float32")])
    findings = check_graph(graph, "gaudi2", select=["TFP1"])
    nodes = [f.location.graph.node for f in findings]
    assert [f.code for f in findings] == ["TFP103"] and len(nodes) == len(set(nodes))

    def logical_pair(x):
        return tf.transpose(tf.transpose(x, (1, 0, 2)) * 2.0, (1, 0, 2))

    [pair] = check_graph(from_function(logical_pair, [((4, 16, 32), "float32")]), "gaudi2", select=["TFP102"])
    assert pair.cost.bytes_moved == 0 and pair.severity.value == "info"
    [on_cpu] = check_graph(from_function(logical_pair, [((4, 16, 32), "float32")]), "cpu", select=["TFP102"])
    assert on_cpu.cost.bytes_moved > 0
