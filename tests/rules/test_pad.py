"""TFP201: the fold the rule proposes is exact, checked by running TensorFlow on random inputs."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from hypothesis import given, settings
from hypothesis import strategies as st

from tfperf.analyze import check_graph
from tfperf.capture import from_function
from tfperf.findings import Safety, Severity
from tfperf.rules.pad.graph import same_padding


def _findings(fn, shapes, target="gaudi2"):
    graph = from_function(fn, [(s, "float32") for s in shapes])
    return check_graph(graph, target, select=["TFP201"])


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 20), kernel=st.integers(1, 5), stride=st.integers(1, 3), dilation=st.integers(1, 2))
def test_same_padding_matches_tensorflow(size, kernel, stride, dilation):
    """Our SAME arithmetic equals TensorFlow's: pad + VALID conv == SAME conv."""
    before, after = same_padding(size, kernel, stride, dilation)
    x = tf.random.normal([1, size, 1, 1])
    w = tf.random.normal([kernel, 1, 1, 1])
    dil = [dilation, 1] if stride == 1 else [1, 1]
    if stride > 1 and dilation > 1:
        before, after = same_padding(size, kernel, stride, 1)
    same = tf.nn.conv2d(x, w, strides=[1, stride, 1, 1], padding="SAME", dilations=dil)
    padded = tf.pad(x, [[0, 0], [before, after], [0, 0], [0, 0]])
    if padded.shape[1] < (kernel - 1) * dil[0] + 1:
        return  # SAME on an input smaller than the kernel: nothing to compare
    valid = tf.nn.conv2d(padded, w, strides=[1, stride, 1, 1], padding="VALID", dilations=dil)
    np.testing.assert_allclose(same.numpy(), valid.numpy(), rtol=1e-5, atol=1e-5)


def test_same_padding_unknown_size_only_without_stride():
    assert same_padding(None, 3, 1) == (1, 1)
    assert same_padding(None, 3, 2) is None


@settings(max_examples=25, deadline=None)
@given(h=st.integers(4, 12), k=st.integers(1, 4), stride=st.integers(1, 3),
       pads=st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)))
def test_proposed_conv_fold_is_exact(h, k, stride, pads):
    """Whatever the rule proposes (SAME or explicit paddings) computes what pad + VALID computed."""
    t, b, l, r = pads
    if not any(pads) or h + t + b < k or h + l + r < k:
        return
    w = tf.random.normal([k, k, 3, 2])

    def model(x):
        return tf.nn.conv2d(tf.pad(x, [[0, 0], [t, b], [l, r], [0, 0]]), w, strides=stride, padding="VALID")

    findings = _findings(model, [(2, h, h, 3)])
    assert len(findings) == 1 and findings[0].fix.safety is Safety.EXACT
    x = tf.random.normal([2, h, h, 3])
    if "SAME" in findings[0].fix.description:
        folded = tf.nn.conv2d(x, w, strides=stride, padding="SAME")
    else:
        folded = tf.nn.conv2d(x, w, strides=stride, padding=[[0, 0], [t, b], [l, r], [0, 0]])
    np.testing.assert_allclose(model(x).numpy(), folded.numpy(), rtol=1e-5, atol=1e-5)


def test_maxpool_folds_only_after_a_non_negative_producer():
    def after_relu(x):
        return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, "VALID")

    def raw(x):
        return tf.nn.max_pool2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, "VALID")

    (relu_finding,) = _findings(after_relu, [(1, 9, 9, 2)])
    assert relu_finding.fix.safety is Safety.EXACT
    # explicit max-pool padding ignores the border, zero padding after ReLU cannot win: same result
    x = tf.random.normal([1, 9, 9, 2])
    explicit = tf.nn.max_pool2d(tf.nn.relu(x), 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])
    np.testing.assert_array_equal(after_relu(x).numpy(), explicit.numpy())

    (raw_finding,) = _findings(raw, [(1, 9, 9, 2)])
    assert raw_finding.fix.safety is Safety.ADVISORY and raw_finding.severity is Severity.INFO
    assert "negative" in raw_finding.fix.description


def test_avgpool_is_reported_without_an_automatic_fix():
    def model(x):
        return tf.nn.avg_pool2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 1, "VALID")

    (finding,) = _findings(model, [(1, 8, 8, 2)])
    assert finding.fix.safety is Safety.ADVISORY and "AvgPool" in finding.fix.description


def test_pad_with_other_consumers_is_not_flagged():
    w = tf.random.normal([3, 3, 2, 2])

    def model(x):
        p = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.nn.conv2d(p, w, 1, "VALID"), tf.reduce_sum(p)

    assert _findings(model, [(1, 8, 8, 2)]) == []


def test_nonzero_constant_pad_is_not_flagged():
    w = tf.random.normal([3, 3, 2, 2])

    def model(x):
        return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], constant_values=1.0), w, 1, "VALID")

    assert _findings(model, [(1, 8, 8, 2)]) == []


def test_cost_is_one_read_and_one_write_and_unknown_with_dynamic_batch():
    w = tf.random.normal([3, 3, 16, 8])

    def model(x):
        return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 1, "VALID")

    (known,) = _findings(model, [(16, 128, 128, 16)])
    assert known.cost.bytes_moved == 4 * 16 * 16 * (128 * 128 + 130 * 130)
    assert known.cost.seconds == pytest.approx(known.cost.bytes_moved / 2.46e12)
    (unknown,) = _findings(model, [(None, 128, 128, 16)])
    assert unknown.cost.bytes_moved is None and unknown.cost.seconds is None


def test_source_depthwise_pad_that_is_not_same_gets_no_explicit_fix():
    """Explicit paddings on a depthwise conv crash TF 2.21 on CPU once a bias add follows: advise, don't fix."""
    from tfperf.source import lint_text

    code = """\
import tensorflow as tf

def model(x, dw):
    p = tf.pad(x, [[0, 0], [3, 1], [3, 1], [0, 0]])
    return tf.nn.depthwise_conv2d(p, dw, strides=[1, 1, 1, 1], padding="VALID")
"""
    findings = [f for f in lint_text(code, "m.py") if f.code == "TFP201"]
    assert len(findings) == 1 and findings[0].fix.safety is Safety.ADVISORY
    assert "depthwise" in findings[0].fix.description


def _tiny_padded_cnn():
    """The smallest Keras model with both pads of ResNet's stem: before a VALID conv and a max-pool."""
    import keras

    x = keras.Input((12, 12, 3))
    y = keras.layers.ZeroPadding2D(1, name="conv_pad")(x)
    y = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(y)
    y = keras.layers.ZeroPadding2D(1, name="pool_pad")(y)
    y = keras.layers.MaxPooling2D(3, 2, name="pool")(y)
    model = keras.Model(x, keras.layers.Dense(2)(keras.layers.Flatten()(y)))
    model.compile("sgd", "mse")
    return model


def test_training_step_keeps_its_pad_findings_with_the_gradients_in_the_fold():
    """In model.fit's step the padded tensor is also read by Conv2DBackpropFilter and MaxPoolGrad:
    they are part of the fold, so the pads are still reported (issue 13: DenseNet 60 -> 0)."""
    from tfperf.capture import from_keras, from_training

    model = _tiny_padded_cnn()
    train = check_graph(from_training(model, batch_size=2), "gaudi2", select=["TFP201"])
    infer = check_graph(from_keras(model, batch_size=2), "gaudi2", select=["TFP201"])
    assert len(train) == len(infer) == 2
    assert {f.location.graph.layer for f in train} == {"conv_pad", "pool_pad"}
    assert all(f.fix.safety is Safety.EXACT and "gradient" in f.message for f in train)
    for finding in train + infer:  # the same fold in both
        expected = "padding='SAME'" if finding.location.graph.layer == "conv_pad" else "explicit paddings [0, 0, 1, 1"
        assert expected in finding.fix.description


def test_the_training_fold_keeps_the_gradients():
    """What the training finding proposes (SAME conv, explicit-padding max-pool) has the same gradients
    as pad + VALID, on random inputs: TensorFlow computes both."""
    x = tf.nn.relu(tf.random.normal([2, 9, 9, 3]))
    w = tf.random.normal([3, 3, 3, 4])
    pads = [[0, 0], [1, 1], [1, 1], [0, 0]]

    def grads(fn):
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            out = fn(x, w)
            loss = tf.reduce_sum(out * tf.random.stateless_normal(out.shape, seed=[1, 2]))
        return [out, *tape.gradient(loss, [x, w])]

    def padded(x, w):
        y = tf.nn.relu(tf.nn.conv2d(tf.pad(x, pads), w, 1, "VALID"))
        return tf.nn.max_pool2d(tf.pad(y, pads), 3, 2, "VALID")

    def folded(x, w):
        return tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME")), 3, 2, pads)

    padded, folded = grads(padded), grads(folded)
    for a, b in zip(padded, folded):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-5, atol=1e-5)
