"""Random small graphs of the constructs the passes rewrite (hypothesis strategies).

A program is a chain of blocks over an NHWC tensor: pads before convs/pools, transposes around
elementwise ops, transposes into matmuls, sums over the last axis; some blocks also expose an
intermediate as an extra output, so shared tensors are generated too. Used by the property test
(hundreds of cases) and by benchmarks/optimize_property.py (thousands).
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

PERMS = list(itertools.permutations(range(4)))


def _conv_out(size: int, k: int, stride: int, dilation: int) -> int:
    return (size - ((k - 1) * dilation + 1)) // stride + 1


@st.composite
def pad_conv(draw, shape, rng):
    b, h, w, c = shape
    t, bo, le, r = (draw(st.integers(0, 3)) for _ in range(4))
    k, stride = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    dilation = draw(st.integers(1, 2)) if stride == 1 else 1
    depthwise = draw(st.booleans())
    if _conv_out(h + t + bo, k, stride, dilation) < 1 or _conv_out(w + le + r, k, stride, dilation) < 1:
        t = bo = le = r = k  # big enough for the kernel
    out = 1 if depthwise else draw(st.integers(1, 4))
    filters = rng.standard_normal((k, k, c, out)).astype(np.float32)

    def apply(tf, x):
        padded = tf.pad(x, [[0, 0], [t, bo], [le, r], [0, 0]])
        if depthwise:
            return tf.nn.depthwise_conv2d(padded, filters, [1, stride, stride, 1], "VALID", dilations=[dilation] * 2)
        return tf.nn.conv2d(padded, filters, stride, "VALID", dilations=dilation)

    new = (b, _conv_out(h + t + bo, k, stride, dilation), _conv_out(w + le + r, k, stride, dilation),
           c if depthwise else out)
    return apply, new, f"pad({t},{bo},{le},{r})+{'dw' if depthwise else ''}conv k{k} s{stride} d{dilation}"


@st.composite
def pad_pool(draw, shape, rng):
    b, h, w, c = shape
    t, bo, le, r = (draw(st.integers(0, 3)) for _ in range(4))
    k, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    activation = draw(st.sampled_from(["relu", "relu6", "sigmoid", "none"]))
    pool = draw(st.sampled_from(["max", "avg"]))
    # padding channels is real data, never folded (only with pools: TF 2.21's oneDNN CPU build
    # itself miscompiles a channel Pad feeding a Conv2D inside a tf.function)
    channels = draw(st.sampled_from([0, 0, 0, 1]))
    if h + t + bo < k or w + le + r < k:
        t = bo = le = r = k

    def apply(tf, x):
        if activation != "none":
            x = getattr(tf.nn, activation)(x)
        padded = tf.pad(x, [[0, 0], [t, bo], [le, r], [channels, channels]])
        return (tf.nn.max_pool2d if pool == "max" else tf.nn.avg_pool2d)(padded, k, stride, "VALID")

    new = (b, _conv_out(h + t + bo, k, stride, 1), _conv_out(w + le + r, k, stride, 1), c + 2 * channels)
    return apply, new, f"{activation}+pad({t},{bo},{le},{r},ch{channels})+{pool}pool k{k} s{stride}"


@st.composite
def transposes(draw, shape, rng):
    first = draw(st.sampled_from(PERMS))
    moved = tuple(shape[p] for p in first)
    second = draw(st.sampled_from([tuple(int(i) for i in np.argsort(first))] + PERMS))
    ops = draw(st.lists(st.sampled_from(["relu", "scale", "shift", "neg", "bias", "square"]), max_size=3))
    bias = rng.standard_normal(moved[-1]).astype(np.float32)  # not broadcast-safe: blocks the path
    scale = float(rng.uniform(0.5, 2.0))
    share = draw(st.sampled_from([False, False, True]))  # the first transpose also read elsewhere

    def apply(tf, x, extra):
        y = tf.transpose(x, first)
        if share:
            extra.append(tf.reduce_mean(y, axis=[1, 2]))
        for op in ops:
            y = {"relu": tf.nn.relu, "scale": lambda v: v * scale, "shift": lambda v: 1.5 - v, "neg": tf.negative,
                 "bias": lambda v: v + bias, "square": tf.square}[op](y)
        return tf.transpose(y, second)

    return apply, tuple(moved[p] for p in second), f"transpose{first}{ops}transpose{second}{' shared' if share else ''}"


@st.composite
def matmul(draw, shape, rng):
    b, h, w, c = shape
    k = draw(st.integers(1, 4))
    weight_transposed = draw(st.booleans())
    # full batch dims on the weight: TF 2.21's oneDNN CPU BatchMatMulV2 corrupts memory broadcasting
    # a rank-2 right-hand side over some batch shapes ([3, 1, 7, 8] @ [8, 3] aborts even eagerly)
    weight = rng.standard_normal((b, h, k, w) if weight_transposed else (b, h, w, k)).astype(np.float32)

    def apply(tf, x):
        return tf.matmul(tf.transpose(x, [0, 1, 3, 2]), weight, transpose_b=weight_transposed)

    return apply, (b, h, c, k), f"transpose-last-two+matmul(transpose_b={weight_transposed})"


@st.composite
def reduce_sum(draw, shape, rng):
    keepdims = draw(st.booleans())
    axis = draw(st.sampled_from([-1, -1, 3, 2]))

    def apply(tf, x):
        y = tf.reduce_sum(x, axis=axis, keepdims=keepdims)
        return y if keepdims else tf.expand_dims(y, axis)

    b, h, w, c = shape
    new = (b, h, w, 1) if axis in (-1, 3) else (b, h, 1, c)
    return apply, new, f"reduce_sum(axis={axis}, keepdims={keepdims})"


BLOCKS = [pad_conv, pad_pool, transposes, matmul, reduce_sum]


@st.composite
def programs(draw, max_blocks: int = 4):
    """(build(tf) -> model function of one input, input shape, description)."""
    shape = (draw(st.integers(1, 2)), draw(st.integers(3, 9)), draw(st.integers(3, 9)), draw(st.integers(1, 3)))
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    blocks, texts, current = [], [], shape
    for make in draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=max_blocks)):
        apply, current, text = draw(make(current, rng))
        blocks.append((make, apply))
        texts.append(text)

    def build(tf):
        @tf.function(input_signature=[tf.TensorSpec(shape, tf.float32)])
        def model(x):
            extra = []
            for make, apply in blocks:
                x = apply(tf, x, extra) if make is transposes else apply(tf, x)
            return [x] + extra

        return model

    return build, shape, " -> ".join(texts)
