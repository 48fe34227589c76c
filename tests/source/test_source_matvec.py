"""tf.linalg.matvec is a matmul whose matrix, its first operand, takes a transpose flag (set 61's physDBD: `w =
tf.transpose(wt, perm=[0, 2, 1])` read only by `tf.matmul(w, ...)` and `tf.linalg.matvec(w, mu)`): the swap is
TFP103's, removed exactly by `transpose_a=True`, and not a TFP101 copy. Its second operand is a vector, which no
flag reads transposed: a transpose there stays TFP101's."""

from __future__ import annotations

import textwrap

import numpy as np
import tensorflow as tf

from tfperf.source import lint_text
from tfperf.source.linter import fixed

CODE = textwrap.dedent("""\
    import tensorflow as tf


    def moments(wt, mu, m2, muh):
        w = tf.transpose(wt, perm=[0, 2, 1])
        b = tf.linalg.matvec(w, mu) + tf.matmul(w, m2)[..., 0]
        h = tf.linalg.matvec(m2, tf.transpose(muh, perm=[1, 0]))
        return b + h
    """)


def test_a_swap_read_by_matvec_is_tfp103s_and_the_vectors_stays_tfp101s():
    findings = lint_text(CODE, "net.py", target="gaudi2", select=["TFP101", "TFP103"])
    assert [(f.source.line, f.code, f.severity.value) for f in findings] == [
        (5, "TFP103", "warning"), (7, "TFP101", "warning")]


def test_the_flag_it_takes_is_transpose_a_and_the_fix_keeps_the_result():
    code = "import tensorflow as tf\n\n\ndef apply(w, v):\n    return tf.linalg.matvec(tf.transpose(w, perm=[0, 2, 1]), v)\n"
    [finding] = lint_text(code, "net.py", target="gaudi2", select=["TFP103"])
    assert finding.fix.safety.value == "exact"
    result = fixed(code, "net.py", target="gaudi2", select=["TFP103"])
    assert result.text.splitlines()[-1] == "    return tf.linalg.matvec(w, v, transpose_a=True)"
    rng = np.random.default_rng()
    w, v = rng.standard_normal((3, 5, 4)).astype("float32"), rng.standard_normal((3, 5)).astype("float32")
    before = tf.linalg.matvec(tf.transpose(w, perm=[0, 2, 1]), v).numpy()
    after = tf.linalg.matvec(w, v, transpose_a=True).numpy()
    assert not np.isnan(after).any()
    np.testing.assert_allclose(after, before, rtol=1e-5, atol=1e-5)
