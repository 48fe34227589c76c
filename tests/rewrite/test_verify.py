"""Verification: the comparison it makes, the inputs it draws, and what it says when a pass is wrong."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from tfperf.rewrite import RewriteError, VerificationFailed, optimize
from tfperf.rules.pad.fix import FoldPads
from tfperf.rewrite.verify import compare, random_inputs


def test_compare_tolerates_float_rounding_only_within_the_dtype_tolerance():
    e = np.linspace(-1, 1, 50, dtype=np.float32)
    assert compare([e], [e + 1e-7])[2] is None
    assert "max relative error" in str(compare([e], [e + 1e-3])[2])
    assert compare([e.astype(np.float16)], [(e + 1e-3).astype(np.float16)])[2] is None


def test_compare_fails_on_nan_shape_dtype_and_inexact_integers():
    e = np.ones([2, 3], np.float32)
    with_nan = e.copy()
    with_nan[0, 1] = np.nan
    assert "NaN" in str(compare([e], [with_nan])[2])
    assert compare([with_nan], [with_nan])[2] is None  # where the original has it, it must stay
    assert "instead of" in str(compare([e], [e.reshape(3, 2)])[2])
    assert "instead of" in str(compare([e], [e.astype(np.float64)])[2])
    assert "values differ" in str(compare([np.arange(4)], [np.arange(4) + np.array([0, 0, 0, 1])])[2])
    assert "outputs instead of" in str(compare([e, e], [e])[2])


def test_random_inputs_follow_dtype_and_fill_open_dimensions_differently_per_draw():
    specs = [tf.TensorSpec([None, 4], tf.float32), tf.TensorSpec([3], tf.int32), tf.TensorSpec([2], tf.bool),
             tf.TensorSpec([5], tf.uint8)]
    rng = np.random.default_rng()
    draws = [random_inputs(specs, rng, d, {1: 7}) for d in range(3)]
    assert {d[0].shape[0] for d in draws} == {1, 2, 3}
    assert all(d[1].dtype == np.int32 and 0 <= d[1].min() and d[1].max() < 7 for d in draws)
    assert draws[0][2].dtype == np.bool_ and draws[0][3].dtype == np.uint8
    with pytest.raises(RewriteError, match="cannot draw random values"):
        random_inputs([tf.TensorSpec([2], tf.string)], rng, 0)


def test_int_inputs_stay_inside_the_table_they_index():
    table = tf.random.normal([5, 3])

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def lookup(ids):
        return tf.gather(table, ids)

    assert optimize(lookup).report.verification.draws == 3  # ids >= 5 would fail on CPU


class _BrokenFold(FoldPads):
    """Folds every pad as SAME, also where SAME pads differently."""

    def sites(self, graph, ctx):
        for site in super().sites(graph, ctx):
            def apply(edit, site=site):
                site.apply(edit)
                for n in edit.graph_def.node:
                    if "padding" in n.attr and n.attr["padding"].s == b"EXPLICIT":
                        n.attr["padding"].s = b"SAME"
                        del n.attr["explicit_paddings"].list.i[:]
            yield type(site)(site.node, site.removes, site.touches, site.description, apply)


def test_a_wrong_rewrite_is_caught_and_blamed_on_its_pass_and_node(monkeypatch, tmp_path):
    import tfperf.rewrite.pipeline as pipeline

    monkeypatch.setattr(pipeline, "passes_for", lambda ctx: [_BrokenFold("TFP201")])
    w = tf.random.normal([7, 7, 3, 4])

    @tf.function(input_signature=[tf.TensorSpec([1, 16, 16, 3], tf.float32)])
    def model(x):
        exact = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), w[:3, :3], 1, "VALID")
        return exact, tf.nn.conv2d(tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]]), w, 2, "VALID")

    with pytest.raises(VerificationFailed, match=r"pass fold-pads broke it at node Pad_1 .*Nothing was written"):
        optimize(model)


def test_a_model_with_random_ops_cannot_be_verified():
    @tf.function(input_signature=[tf.TensorSpec([4, 4], tf.float32)])
    def noisy(x):
        return x + tf.random.normal([4, 4])

    with pytest.raises(RewriteError, match="two calls on the same inputs disagree"):
        optimize(noisy)
    assert optimize(noisy, verify=False).report.notes[0].startswith("NOT VERIFIED")
