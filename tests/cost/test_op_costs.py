"""Per-op cost: FLOPs and bytes of known ops against hand counts, time from the target's engines."""

from __future__ import annotations

import pytest
import tensorflow as tf

from tfperf import targets
from tfperf.capture import from_function
from tfperf.cost.engines import fill, price
from tfperf.cost.estimate import estimate_graph
from tfperf.cost.ops import CLASSES, OP_CLASS, op_class


def costs_of(fn, target="cpu", **kw):
    graph = from_function(fn)
    priced = price(graph, targets.load(target), **kw)
    return graph, {c.node.op: c for c in priced if c.node.function is None}, priced


def test_matmul_flops_bytes_and_roofline_time():
    @tf.function(input_signature=[tf.TensorSpec([64, 128]), tf.TensorSpec([128, 32])])
    def f(a, b):
        return tf.linalg.matmul(a, b)

    cpu = targets.load("cpu")
    _, by_op, _ = costs_of(f, fusion="none")
    mm = by_op["MatMul"]
    assert mm.op_class == "matrix" and mm.lane == "cores" and mm.dims == (1, 64, 32, 128)
    assert mm.flops == 2 * 64 * 32 * 128
    assert mm.bytes == (64 * 128 + 128 * 32 + 64 * 32) * 4
    expected = max(mm.flops / cpu.engines[0].matrix_peak["float32"], mm.bytes / cpu.memory_bandwidth)
    assert mm.seconds == pytest.approx(expected + cpu.launch_seconds)


def test_transposed_matmul_reads_its_dims_from_the_attributes():
    @tf.function(input_signature=[tf.TensorSpec([128, 64]), tf.TensorSpec([32, 128])])
    def f(a, b):
        return tf.linalg.matmul(a, b, transpose_a=True, transpose_b=True)

    _, by_op, _ = costs_of(f)
    assert by_op["MatMul"].dims == (1, 64, 32, 128)


def test_conv2d_and_its_gradients_count_the_forward_flops():
    x0 = tf.TensorSpec([2, 16, 16, 8])
    w0 = tf.TensorSpec([3, 3, 8, 4])

    @tf.function(input_signature=[x0, w0])
    def f(x, w):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch([x, w])
            y = tf.nn.conv2d(x, w, strides=1, padding="SAME")
            loss = tf.reduce_sum(y)
        return tape.gradient(loss, [x, w])

    _, by_op, _ = costs_of(f)
    forward = 2 * (2 * 16 * 16 * 4) * (3 * 3 * 8)
    for op in ("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"):
        c = by_op[op]
        assert c.op_class == "matrix", op
        batch, m, n, k = c.dims
        assert c.flops == 2 * batch * m * n * k == forward, op
    assert by_op["Conv2D"].dims == (1, 2 * 16 * 16, 4, 72)
    assert by_op["Conv2DBackpropFilter"].dims == (1, 72, 4, 2 * 16 * 16)


def test_strided_conv_input_gradient_keeps_the_forward_flops():
    @tf.function(input_signature=[tf.TensorSpec([1, 16, 16, 8]), tf.TensorSpec([3, 3, 8, 4])])
    def f(x, w):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.conv2d(x, w, strides=2, padding="SAME")
        return tape.gradient(y, x)

    _, by_op, _ = costs_of(f)
    assert by_op["Conv2DBackpropInput"].flops == 2 * (8 * 8 * 4) * (3 * 3 * 8)


def test_batch_matmul_and_einsum():
    @tf.function(input_signature=[tf.TensorSpec([3, 16, 32]), tf.TensorSpec([3, 32, 8])])
    def f(a, b):
        return tf.linalg.matmul(a, b), tf.einsum("bij,bjk->bik", a, b)

    _, by_op, _ = costs_of(f)
    assert by_op["BatchMatMulV2"].dims == (3, 16, 8, 32)
    assert by_op["BatchMatMulV2"].flops == 2 * 3 * 16 * 8 * 32
    assert by_op["Einsum"].flops == 2 * 3 * 16 * 8 * 32


def test_elementwise_and_reduction_bytes():
    @tf.function(input_signature=[tf.TensorSpec([1000]), tf.TensorSpec([1000])])
    def f(a, b):
        return tf.nn.relu(a), a + b, tf.reduce_sum(a)

    _, by_op, _ = costs_of(f, fusion="none")
    assert by_op["Relu"].bytes == 2 * 4000 and by_op["Relu"].flops == 1000
    assert by_op["AddV2"].bytes == 3 * 4000
    assert by_op["Sum"].op_class == "reduction" and by_op["Sum"].flops == 1000
    assert by_op["Sum"].bytes == 4000 + 4 + 4  # data, the axis constant, the scalar result


def test_transposes_on_gaudi_are_free_when_logical_and_dma_copies_otherwise():
    @tf.function(input_signature=[tf.TensorSpec([32, 80, 64])])
    def logical(x):
        return tf.transpose(x, perm=(1, 0, 2)) * 2.0

    @tf.function(input_signature=[tf.TensorSpec([32, 80, 64])])
    def physical(x):
        return tf.transpose(x, perm=(0, 2, 1)) * 2.0

    gaudi2 = targets.load("gaudi2")
    _, by_op, _ = costs_of(logical, "gaudi2")
    assert by_op["Transpose"].op_class == "free" and by_op["Transpose"].lane is None
    _, by_op, _ = costs_of(physical, "gaudi2")
    t = by_op["Transpose"]
    nbytes = 32 * 80 * 64 * 4
    assert t.lane == "dma" and t.bytes == gaudi2.transpose_traffic(nbytes, 64 * 4)
    _, by_op, _ = costs_of(logical, "a100")  # a GPU copies whenever a real axis moves
    assert by_op["Transpose"].lane == "sm"


def test_dtype_picks_its_own_peak_and_fp32_uses_the_cited_fp32_figure():
    def model(dtype):
        @tf.function(input_signature=[tf.TensorSpec([1024, 1024], dtype), tf.TensorSpec([1024, 1024], dtype)])
        def f(a, b):
            return tf.linalg.matmul(a, b)

        return f

    gaudi2 = targets.load("gaudi2")
    mme = gaudi2.engine_for("matrix")
    seconds = {}
    for dtype in (tf.float32, tf.bfloat16):
        _, by_op, _ = costs_of(model(dtype), "gaudi2")
        c = by_op["MatMul"]
        assert c.fill == 1.0
        seconds[dtype.name] = c.seconds - gaudi2.launch_seconds
        assert seconds[dtype.name] == pytest.approx(c.flops / mme.matrix_peak[dtype.name])
    assert seconds["float32"] == pytest.approx(4 * seconds["bfloat16"])  # 108 vs 432 TFLOPS
    _, by_op, _ = costs_of(model(tf.float64), "gaudi2")
    assert by_op["MatMul"].seconds is None and "no matrix peak for float64" in by_op["MatMul"].unknown


def test_small_dims_fill_the_matrix_engine_partly():
    mme = targets.load("gaudi2").engine_for("matrix")
    assert fill(mme, 1, 4096, 4096, 4096) == 1.0
    assert fill(mme, 1, 4096, 64, 4096) == pytest.approx(64 / 128)  # best mode: 512x128 tiles
    assert fill(mme, 1, 300, 256, 4096) == pytest.approx(300 * 256 / (512 * 256))  # two 256x256 or 512x128 units
    sm = targets.load("a100").engine_for("matrix")
    assert fill(sm, 1, 128 * 108, 128, 64) == 1.0  # one full wave over 108 SMs
    assert fill(sm, 1, 128 * 109, 128, 64) == pytest.approx(109 / 216)  # a second wave with one tile
    assert fill(targets.load("cpu").engine_for("matrix"), 1, 3, 5, 7) == 1.0  # no geometry declared


def test_epilogue_fusion_elides_the_intermediate_tensor():
    @tf.function(input_signature=[tf.TensorSpec([256, 256]), tf.TensorSpec([256, 256]), tf.TensorSpec([256])])
    def f(a, w, b):
        return tf.nn.relu(tf.nn.bias_add(tf.linalg.matmul(a, w), b))

    _, plain, _ = costs_of(f, "cpu", fusion="none")
    _, fused, _ = costs_of(f, "cpu", fusion="epilogue")
    tensor = 256 * 256 * 4
    assert fused["MatMul"].bytes == plain["MatMul"].bytes - tensor
    assert fused["BiasAdd"].fused and fused["BiasAdd"].bytes == plain["BiasAdd"].bytes - 2 * tensor
    assert fused["Relu"].fused and fused["Relu"].bytes == tensor  # reads nothing from memory, writes the result


def test_unknown_shapes_are_left_out_and_counted():
    @tf.function(input_signature=[tf.TensorSpec([None, 128]), tf.TensorSpec([128, 64])])
    def f(a, w):
        return tf.nn.relu(tf.linalg.matmul(a, w)), tf.reduce_sum(w)

    result = estimate_graph(from_function(f), "gaudi2")
    assert result.ops_unknown >= 2  # the MatMul and the Relu
    assert 0 < result.unknown_share < 1
    assert result.unknown_by_reason == {"shape not static": result.ops_unknown}
    examples = {op for _, op, _ in result.unknown_examples}
    assert "MatMul" in examples
    priced = {c.node.op for c in result.costs if c.priced}
    assert "Sum" in priced and "MatMul" not in priced
    assert result.step_seconds > 0  # what is known still adds up
    assert result.to_dict()["unknown"]["ops"] == result.ops_unknown


def test_every_class_in_the_table_is_defined():
    assert set(OP_CLASS.values()) <= set(CLASSES)
    assert op_class("SomeCustomOp") == "other"
    assert op_class("TensorSliceDataset") == "free"
