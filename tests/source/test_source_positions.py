"""Findings point at the exact place: 1-based line and character column of the construct (also
after non-ASCII text on the line, where ast's byte offsets differ from characters)."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

CASES = [
    # (code, target, expected (code, line, column, end_line, end_column))
    ("import tensorflow as tf\ny = tf.transpose(x, perm=[0, 2, 1])\n", "gaudi2",
     [("TFP101", 2, 5, 2, 36)]),
    ("import tensorflow as tf\ns = 'é'; y = tf.transpose(x, [1, 0])\n", "cpu",
     [("TFP101", 2, 14, 2, 37)]),  # é is one character, two bytes
    ("import tensorflow as tf\ndef f(x, w):\n    p = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])\n"
     "    return tf.nn.conv2d(p, w, 1, 'VALID')\n", "gaudi2",
     [("TFP201", 3, 9, 3, 52)]),
    ("import tensorflow as tf\nds = (tf.data.Dataset.range(9)\n      .map(f)\n      .batch(2))\n", "cpu",
     [("TFP401", 4, 8, 4, 16), ("TFP404", 3, 8, 3, 14)]),  # at the method name
    ("import tensorflow as tf\nds = tf.data.Dataset.range(9).prefetch(1).batch(2)\n", "cpu",
     [("TFP402", 2, 43, 2, 51)]),
    ("import tensorflow as tf\nl = 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in m.trainable_variables])\n", "cpu",
     [("TFP301", 2, 12, 2, 71)]),
    ("import tensorflow as tf\ne = tf.estimator.Estimator(model_fn=fn)\n", "gaudi2",
     [("TFP502", 2, 5, 2, 40)]),
    ("import tensorflow as tf\ndef my_loss(x):\n    return tf.reduce_sum(x, axis=-1)\n", "gaudi2",
     [("TFP601", 3, 12, 3, 37)]),
]


@pytest.mark.parametrize("code, target, expected", CASES, ids=[c[2][0][0] + f"-{i}" for i, c in enumerate(CASES)])
def test_position(code, target, expected):
    findings = lint_text(code, "p.py", target=target)
    got = sorted((f.code, f.source.line, f.source.column, f.source.end_line, f.source.end_column) for f in findings)
    assert got == sorted(expected)


@pytest.mark.parametrize("text", ["", "x", "x\n", "a\nbb\n\nccc", "\n\n", "a\r\nb\rc\n", "é\nü\n"])
def test_line_starts_are_where_python_starts_its_lines(text):
    """Each line's first offset: lines end at LF, CRLF or CR (a text without CR is summed from its
    lines' lengths, the rest searched)."""
    import io

    from tfperf.source.visitor import line_starts

    lines = io.StringIO(text, newline="").readlines()  # (ends lines at \n, \r\n and \r only)
    expected = [0]
    for line in lines:
        expected.append(expected[-1] + len(line))
    assert line_starts(text) == (expected if text.endswith(("\n", "\r")) or not text else expected[:-1])
