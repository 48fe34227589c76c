"""TFP201's source fixes compute the same as the original code: both snippets run with TensorFlow
on the same random inputs (a fixed draw and two fresh ones; the same Keras weight seed), outputs
compared to 1e-5, and a NaN or inf output fails (it would compare equal to itself)."""

from __future__ import annotations

import numpy as np
import pytest

from tfperf.rules import get_rule
from tfperf.source import fix_text

RULE = get_rule("TFP201")
FIXABLE = [
    pytest.param(ex, id=f"invalid-{i}") for i, ex in enumerate(RULE.invalid)
    if ex.kind == "source" and fix_text(ex.code, select=["TFP201"])[2]
]


def _run(code: str, x):
    import keras

    keras.utils.set_random_seed(0)  # the same initial weights for both versions
    namespace: dict = {"__name__": "tfperf_example"}
    exec(compile(code, "example.py", "exec"), namespace)  # noqa: S102 (our own example)
    return np.asarray(namespace["model"](x))


def test_there_are_fixable_examples():
    assert len(FIXABLE) >= 13  # 2-D, 1-D and 3-D ops and layers (9 before the 1-D and 3-D ones)


@pytest.mark.parametrize("example", FIXABLE)
def test_fixed_code_computes_the_same(example):
    tf = pytest.importorskip("tensorflow")
    assert "INPUT_SHAPE" in example.code, "a fixable TFP201 example defines INPUT_SHAPE and model"
    fixed, remaining, applied = fix_text(example.code, select=["TFP201"])
    assert applied and fixed != example.code
    namespace: dict = {}
    exec("INPUT_SHAPE = None\n" + "\n".join(l for l in example.code.splitlines() if l.startswith("INPUT_SHAPE")), namespace)
    for seed in (42, *np.random.default_rng().integers(0, 2**31, size=2)):  # a fixed draw and fresh ones
        x = tf.random.stateless_normal(namespace["INPUT_SHAPE"], seed=[int(seed), 0])
        before, after = _run(example.code, x), _run(fixed, x)
        assert before.shape == after.shape
        assert np.isfinite(before).all() and np.isfinite(after).all(), f"seed {seed}: a NaN or inf is no evidence"
        np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5, err_msg=f"seed {seed}")


def test_the_check_can_fail():
    """A wrong fold (SAME where the pads are asymmetric for this stride) is caught by the comparison."""
    tf = pytest.importorskip("tensorflow")
    original = RULE.invalid[[e.note for e in RULE.invalid].index(
        "source: strided conv, input size unknown: explicit paddings")].code
    wrong = original.replace("    x = tf.compat.v1.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])  # expect: TFP201\n", "") \
                    .replace("padding='VALID'", "padding='SAME'")
    x = tf.random.stateless_normal((2, 16, 16, 3), seed=[42, 0])  # even size: SAME pads (2, 3), not (3, 3)
    assert _run(original, x).shape == _run(wrong, x).shape
    assert not np.allclose(_run(original, x), _run(wrong, x), atol=1e-5)
