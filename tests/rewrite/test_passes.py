"""Each pass on the guide's examples and on the cases where it must hold back: what the graph
becomes, and that it still computes the same on fresh random inputs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from tfperf.capture import load_object
from tfperf.rewrite import optimize

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
relu_pad = [[0, 0], [1, 1], [1, 1], [0, 0]]


def ops(optimized) -> Counter:
    return Counter(n.op for n in optimized.rebuilt.frozen.graph_def.node)


def node(optimized, op: str):
    return next(n for n in optimized.rebuilt.frozen.graph_def.node if n.op == op)


def assert_same(fn, optimized, shapes, tolerance=1e-5, draws=2):
    for _ in range(draws):
        args = [tf.random.normal(s) for s in shapes]
        for e, a in zip(tf.nest.flatten(fn(*args)), tf.nest.flatten(optimized(*args))):
            e, a = e.numpy().astype(np.float64), a.numpy().astype(np.float64)
            assert e.shape == a.shape and not np.isnan(a).any()
            assert np.max(np.abs(e - a)) <= tolerance * max(1.0, np.max(np.abs(e)))


def sites(optimized) -> dict[str, int]:
    return {p.name: len(p.sites) for p in optimized.report.passes if p.sites}


def test_guide_pad_example_becomes_the_same_conv_as_the_recommended_one():
    not_recommended = load_object(f"{EXAMPLES}/guide_pad.py:not_recommended")
    recommended = load_object(f"{EXAMPLES}/guide_pad.py:recommended")
    optimized = optimize(not_recommended)
    assert ops(optimized)["Pad"] == 0 and ops(optimized)["Conv2D"] == 1
    assert node(optimized, "Conv2D").attr["padding"].s == b"SAME"
    [site] = optimized.report.passes[-1].sites
    assert site.finding.code == "TFP201" and site.finding.source.path.endswith("guide_pad.py")
    x, f = tf.random.normal([16, 128, 128, 16]), tf.random.normal([3, 3, 16, 8])
    np.testing.assert_allclose(optimized(x, f), recommended(x, f), rtol=1e-5, atol=1e-4)


def test_transpose_and_its_inverse_around_elementwise_ops_disappear():
    @tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
    def model(x):
        y = tf.nn.relu(tf.transpose(x, perm=(0, 2, 1)) * 2.0 - 1.0)
        return tf.transpose(y, perm=(0, 2, 1))

    optimized = optimize(model)
    assert ops(optimized)["Transpose"] == 0 and sites(optimized) == {"cancel-transposes": 1}
    assert optimized.report.passes[0].sites[0].finding.code == "TFP102"
    assert_same(model, optimized, [[4, 16, 32]])


def test_consecutive_transposes_merge_into_one_and_chains_collapse():
    @tf.function(input_signature=[tf.TensorSpec([2, 3, 4, 5], tf.float32)])
    def model(x):
        y = tf.transpose(tf.transpose(x, (1, 0, 2, 3)), (0, 2, 1, 3))
        chain = tf.transpose(tf.transpose(tf.transpose(x, (3, 2, 1, 0)), (3, 2, 1, 0)) + 1.0, (0, 1, 3, 2))
        return y, chain

    optimized = optimize(model)
    assert ops(optimized)["Transpose"] == 2  # one for each output
    assert_same(model, optimized, [[2, 3, 4, 5]])


def test_a_shared_first_transpose_stays_for_its_other_reader():
    @tf.function(input_signature=[tf.TensorSpec([2, 6, 5], tf.float32)])
    def model(x):
        t = tf.transpose(x, (0, 2, 1))
        return tf.transpose(tf.nn.relu(t), (0, 2, 1)), tf.reduce_mean(t, axis=1)

    optimized = optimize(model)
    assert ops(optimized)["Transpose"] == 1
    assert_same(model, optimized, [[2, 6, 5]])


def test_a_non_scalar_operand_between_transposes_blocks_the_rewrite():
    bias = tf.random.normal([6])

    @tf.function(input_signature=[tf.TensorSpec([2, 6, 5], tf.float32)])
    def model(x):
        return tf.transpose(tf.transpose(x, (0, 2, 1)) + bias, (0, 2, 1))

    optimized = optimize(model)
    assert ops(optimized)["Transpose"] == 2 and not sites(optimized)


def test_transposes_fold_into_matmul_flags():
    k_weights = tf.random.normal([64, 16])

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32), tf.TensorSpec([2, 8, 64, 32], tf.float32)])
    def model(q, k):
        scores = tf.matmul(q, tf.transpose(k, perm=(0, 1, 3, 2)))
        projected = tf.matmul(tf.transpose(q[0, 0]), tf.transpose(k_weights), transpose_b=True)
        return scores, projected

    optimized = optimize(model)
    assert ops(optimized)["Transpose"] == 0 and sites(optimized) == {"transpose-into-matmul": 3}
    assert node(optimized, "BatchMatMulV2").attr["adj_y"].b
    assert_same(model, optimized, [[2, 8, 64, 32], [2, 8, 64, 32]])


@pytest.mark.parametrize("activation, pool, folds", [
    (tf.nn.relu, tf.nn.max_pool2d, True),  # a ReLU is never negative: padded zeros cannot win
    (tf.nn.sigmoid, tf.nn.max_pool2d, True),
    (tf.identity, tf.nn.max_pool2d, False),  # a negative input would lose to a padded zero
    (tf.nn.relu, tf.nn.avg_pool2d, False),  # the average counts the padded zeros
])
def test_pads_fold_into_pools_only_where_exact(activation, pool, folds):
    @tf.function(input_signature=[tf.TensorSpec([2, 9, 9, 3], tf.float32)])
    def model(x):
        return pool(tf.pad(activation(x), relu_pad), 3, 2, "VALID")

    optimized = optimize(model)
    assert (ops(optimized)["Pad"] == 0) == folds
    assert_same(model, optimized, [[2, 9, 9, 3]])


def test_xla_mode_leaves_pools_without_explicit_paddings_so_jit_compile_works():
    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def model(x):  # on 8, SAME would pad (0, 1): only explicit paddings are exact
        return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), relu_pad), 3, 2, "VALID")

    assert node(optimize(model), "MaxPool").attr["padding"].s == b"EXPLICIT"
    for_xla = optimize(model, xla=True)
    assert ops(for_xla)["Pad"] == 1
    assert_same(model, tf.function(for_xla.rebuilt._call, jit_compile=True), [[2, 8, 8, 3]])


def test_asymmetric_strided_pad_folds_as_explicit_paddings_and_depthwise_as_same():
    w, dw = tf.random.normal([7, 7, 3, 4]), tf.random.normal([3, 3, 4, 1])

    @tf.function(input_signature=[tf.TensorSpec([None, 16, 16, 3], tf.float32)])
    def model(x):
        y = tf.nn.conv2d(tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]]), w, 2, "VALID")
        return tf.nn.depthwise_conv2d(tf.pad(y, [[0, 0], [0, 1], [0, 1], [0, 0]]), dw, [1, 2, 2, 1], "VALID")

    optimized = optimize(model)
    assert ops(optimized)["Pad"] == 0
    assert list(node(optimized, "Conv2D").attr["explicit_paddings"].list.i) == [0, 0, 3, 3, 3, 3, 0, 0]
    assert node(optimized, "DepthwiseConv2dNative").attr["padding"].s == b"SAME"
    assert_same(model, optimized, [[3, 16, 16, 3]])


def test_asymmetric_pads_before_depthwise_convs_stay_as_tensorflow_would_abort_on_them():
    dw, bias = tf.random.normal([3, 3, 4, 1]), tf.random.normal([4])

    @tf.function(input_signature=[tf.TensorSpec([1, 9, 9, 4], tf.float32)])
    def model(x):  # explicit paddings + bias add: Grappler's fusion drops the paddings and TF 2.21 aborts
        y = tf.nn.depthwise_conv2d(tf.pad(x, [[0, 0], [2, 0], [2, 1], [0, 0]]), dw, [1, 2, 2, 1], "VALID")
        return tf.nn.relu(tf.nn.bias_add(y, bias))

    optimized = optimize(model)
    assert ops(optimized)["Pad"] == 1 and not sites(optimized)
    assert_same(model, optimized, [[1, 9, 9, 4]])


def test_a_pad_something_else_reads_stays():
    w = tf.random.normal([3, 3, 2, 2])

    @tf.function(input_signature=[tf.TensorSpec([1, 6, 6, 2], tf.float32)])
    def model(x):
        padded = tf.pad(x, relu_pad)
        return tf.nn.conv2d(padded, w, 1, "VALID"), padded

    optimized = optimize(model)
    assert ops(optimized)["Pad"] == 1 and not sites(optimized)


SSD_LOSS = """
def softmax_denominator(logits):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    return tf.reduce_sum(tf.exp(shifted), axis=-1)
"""


@pytest.mark.parametrize("dtype, target, mode, rewritten", [
    (tf.float32, "cpu", "always", True),
    (tf.float32, "gaudi2", None, False),  # off unless asked
    (tf.bfloat16, "gaudi2", "cost", True),  # MME bf16 peak >> TPC: it pays
    (tf.float32, "cpu", "cost", False),  # one engine: it never pays
])
def test_the_guide_reduce_sum_as_a_matmul_matches_the_sum(dtype, target, mode, rewritten):
    @tf.function(input_signature=[tf.TensorSpec([8, 100, 81], dtype)])
    def model(logits):
        shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
        return tf.reduce_sum(tf.exp(shifted), axis=-1), tf.reduce_sum(logits, axis=1, keepdims=True)

    optimized = optimize(model, target=target, mme_reductions=mode)
    assert ops(optimized)["Sum"] == (1 if rewritten else 2)  # the sum over axis 1 is not a ones-vector matmul
    assert (ops(optimized)["MatMul"] == 1) == rewritten  # 2-D: [N, C] @ ones[C, 1], reshaped back
    tolerance = 1e-5 if dtype == tf.float32 else 4e-2
    assert_same(lambda x: model(tf.cast(x, dtype)), lambda x: optimized(tf.cast(x, dtype)), [[8, 100, 81]], tolerance)


def test_mme_reductions_measure_keeps_or_drops_by_the_measurement():
    @tf.function(input_signature=[tf.TensorSpec([64, 256], tf.float32)])
    def model(x):
        return tf.reduce_sum(x * x, axis=-1)

    optimized = optimize(model, mme_reductions="measure", repeats=5)
    [note] = [n for n in optimized.report.notes if n.startswith("mme-reductions")]
    kept = "kept" in note
    assert (ops(optimized)["MatMul"] == 1) == kept and (ops(optimized)["Sum"] == 0) == kept
    assert_same(model, optimized, [[64, 256]])


def test_a_gpu_target_keeps_the_result_xla_compilable_by_default():
    """Issue 13: explicit paddings on MaxPool make jit_compile fail; on a GPU target (Keras compiles
    with XLA there) the pool keeps its Pad unless asked otherwise, and TFP201 offers no exact fold."""
    from tfperf.analyze import check_graph
    from tfperf.capture import from_function

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def model(x):
        return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), relu_pad), 3, 2, "VALID")

    assert ops(optimize(model, target="a100"))["Pad"] == 1
    assert ops(optimize(model, target="a100", xla=False))["Pad"] == 0
    [finding] = check_graph(from_function(model), "a100", select=["TFP201"])
    assert not finding.fix.automatic and "XLA" in finding.fix.description


def test_a_merge_never_turns_a_free_transpose_and_a_foldable_swap_into_a_copy():
    """Issue 13: a logical transpose (keeps the last axis on Gaudi) then a swap a matmul absorbs. Merged
    first they would make one physical transpose; the fold runs first and the graph ends with none,
    and the predicted step on the target is never higher than the original's."""

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32), tf.TensorSpec([2, 64, 8, 32], tf.float32)])
    def attention(q, k):
        return tf.matmul(q, tf.transpose(tf.transpose(k, (0, 2, 1, 3)), (0, 1, 3, 2)))

    optimized = optimize(attention, target="gaudi2")
    assert sites(optimized) == {"transpose-into-matmul": 1}
    [left] = [n for n in optimized.rebuilt.frozen.graph_def.node if n.op == "Transpose"]
    assert optimized.report.predicted.after <= optimized.report.predicted.before
    assert_same(attention, optimized, [[2, 8, 64, 32], [2, 64, 8, 32]])


def test_an_einsum_reads_the_transposed_operand_through_its_equation():
    @tf.function(input_signature=[tf.TensorSpec([2, 16, 8], tf.float32), tf.TensorSpec([2, 16, 8], tf.float32)])
    def scores(q, k):
        return tf.einsum("bij,bjk->bik", q, tf.transpose(k, (0, 2, 1)))

    optimized = optimize(scores, target="gaudi2")
    assert sites(optimized) == {"transpose-into-matmul": 1} and ops(optimized)["Transpose"] == 0
    assert node(optimized, "Einsum").attr["equation"].s == b"bij,bkj->bik"
    assert_same(scores, optimized, [[2, 16, 8], [2, 16, 8]])


def test_integer_inputs_stay_within_every_embedding_they_index():
    """Issue 13: BERT's segment ids index a table of 2 rows (through Keras' negative-index wrapping):
    random draws must stay within it, and --input-range narrows an input further."""
    import keras

    ids = keras.Input((6,), dtype="int32", name="token_ids")
    segments = keras.Input((6,), dtype="int32", name="segment_ids")
    x = keras.layers.Embedding(50, 8)(ids) + keras.layers.Embedding(2, 8)(segments)
    model = keras.Model({"token_ids": ids, "segment_ids": segments}, keras.layers.Dense(3)(x))
    optimized = optimize(model, batch_size=2, input_ranges={"token_ids": (3, 7)})
    assert optimized.report.verification.draws == 3
    from tfperf.rewrite.pipeline import Sample

    sample = Sample(optimized.before, {"token_ids": (3, 7)}, 2)
    ranges = dict(zip([n.split(":")[0] for n in optimized.before.inputs], sample.ranges.values()))
    assert ranges == {"segment_ids": (0, 2), "token_ids": (3, 7)}


def test_bench_says_its_shapes_and_whether_the_ratio_is_beyond_a_no_op_control():
    optimized = optimize(load_object(f"{EXAMPLES}/guide_pad.py:not_recommended"), bench=True, repeats=5, draws=1)
    bench = optimized.report.bench
    assert bench.inputs == "float32[16, 128, 128, 16], float32[3, 3, 16, 8]"
    assert bench.control is not None and len(bench.control.samples) == 5
    low, high = bench.noise
    assert low <= high and bench.beyond_noise == (not low <= bench.speedup <= high)


def test_a_transpose_ending_in_a_swap_keeps_its_logical_part_and_the_matmul_takes_the_swap():
    """keras_hub's attention: key [B, S, H, D] transposed by (0, 2, 3, 1) for q @ k. On Gaudi that is
    the logical (0, 2, 1, 3) then a swap the matmul's adj_y does; on a CPU both move data: no fold."""
    from tfperf.analyze import check_graph
    from tfperf.capture import from_function

    @tf.function(input_signature=[tf.TensorSpec([2, 4, 16, 8], tf.float32), tf.TensorSpec([2, 16, 4, 8], tf.float32)])
    def scores(q, k):
        return tf.matmul(q, tf.transpose(k, (0, 2, 3, 1)))

    optimized = optimize(scores, target="gaudi2")
    assert sites(optimized) == {"transpose-into-matmul": 1}
    [transpose] = [n for n in optimized.rebuilt.frozen.graph_def.node if n.op == "Transpose"]
    assert node(optimized, "BatchMatMulV2").attr["adj_y"].b
    assert optimized.report.predicted.after < optimized.report.predicted.before
    assert_same(scores, optimized, [[2, 4, 16, 8], [2, 16, 4, 8]])
    [finding] = check_graph(from_function(scores), "gaudi2", select=["TFP1"])
    assert finding.code == "TFP103" and "perm=[0, 2, 1, 3]" in finding.fix.description
    assert sites(optimize(scores, target="cpu")) == {}
