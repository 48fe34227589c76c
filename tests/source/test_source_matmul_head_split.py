"""TFP103 takes an attention key transposed by (0, 2, 3, 1) into a matmul (held-out set 48's GlowTTS/VITS attention):
the perm is the head split (0, 2, 1, 3), which keeps the last axis and is logical on Gaudi, then a swap of the last two
axes that the matmul's flag makes. The graph face folds it so (`_matmul_fold`'s `keep`); the source face reported it as
a TFP101 copy instead. On a target where the head split itself copies, the transpose stays TFP101's."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

ATTENTION = """\
import tensorflow as tf

class Attention(tf.keras.layers.Layer):
    def call(self, query, key):
        b, t = tf.shape(key)[0], tf.shape(key)[1]
        key = tf.reshape(key, [b, t, 4, 64])
        KEY_LINE
        return tf.nn.softmax(scores)
"""


def transposes(code: str, target: str = "gaudi2"):
    return [(f.code, f.source.line, f.severity.value, f.message, f.fix.description if f.fix else None)
            for f in lint_text(code, "attention.py", target=target, select=["TFP101", "TFP103"])]


def test_a_key_transposed_into_the_matmul_is_a_head_split_then_the_flag():
    [(code, line, severity, message, fix)] = transposes(ATTENTION.replace(
        "KEY_LINE", "scores = tf.matmul(query, tf.transpose(key, [0, 2, 3, 1]))"))
    assert (code, line, severity) == ("TFP103", 7, "warning")
    assert message == ("transpose perm=[0, 2, 3, 1] is perm=[0, 2, 1, 3], which keeps the last axis (logical on gaudi2), "
                       "then a swap of the last two axes of a matmul operand: transpose by [0, 2, 1, 3] instead and pass "
                       "transpose_b=True to the matmul (line 7)")
    assert fix == "transpose by [0, 2, 1, 3] instead and pass transpose_b=True to the matmul"


def test_through_a_name_read_only_by_the_at_operator():
    [(code, line, _, message, fix)] = transposes(ATTENTION.replace(
        "KEY_LINE", "kt = tf.transpose(key, [0, 2, 3, 1])\n        scores = query @ kt"))
    assert (code, line) == ("TFP103", 7)
    assert message.endswith("`@` (line 8) takes no transpose flag; tf.linalg.matmul(..., transpose_b=True) reads the "
                            "operand transposed without the copy")
    assert fix.startswith("transpose by [0, 2, 1, 3] instead and call tf.linalg.matmul(a, b, transpose_b=True)")


@pytest.mark.parametrize("key_line", [
    # read as data besides the matmul: the copy stays whatever flag the matmul takes
    "kt = tf.transpose(key, [0, 2, 3, 1])\n        scores = tf.matmul(query, kt) + tf.reduce_mean(kt * 2.0)",
    # moves more than the head split before the swap: (0, 3, 1, 2) does not end with the last axis second-to-last
    "scores = tf.matmul(query, tf.transpose(key, [0, 3, 1, 2]))",
])
def test_other_reads_and_other_perms_stay_physical_copies(key_line):
    [(code, _, severity, _, _)] = transposes(ATTENTION.replace("KEY_LINE", key_line))
    assert (code, severity) == ("TFP101", "warning")


def test_a_plain_swap_keeps_its_message():
    [(code, _, _, message, fix)] = transposes(ATTENTION.replace(
        "KEY_LINE", "scores = tf.matmul(query, tf.transpose(key, [0, 1, 3, 2]))"))
    assert code == "TFP103"
    assert message == ("transpose only swaps the last two axes of a matmul operand: pass transpose_b=True to the matmul "
                       "(line 7) instead")
    assert fix == "drop the transpose and pass transpose_b=True to the matmul"


def test_on_a_target_where_the_head_split_copies_it_stays_tfp101():
    found = transposes(ATTENTION.replace("KEY_LINE", "scores = tf.matmul(query, tf.transpose(key, [0, 2, 3, 1]))"),
                       target="cpu")
    assert [(code, line) for code, line, *_ in found] == [("TFP101", 7)]
