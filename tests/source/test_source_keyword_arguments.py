"""An argument passed by keyword is read as the same argument passed by position (session 44, from set 76's
text-autoencoder: `tf.matmul(a=A, b=tf.transpose(A, [0, 2, 1]))` was a TFP101 copy, not TFP103's operand). Each form
linted both ways must give the same findings; the positional form is the one earlier sessions' tests pin."""

from __future__ import annotations

import textwrap

import pytest

from tfperf.source import lint_text


def lint(code: str, select=("TFP101", "TFP103")):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=list(select))]


FORMS = {
    # a matmul's operand
    "matmul": ("""\
    import tensorflow as tf

    class Penalty(tf.keras.layers.Layer):
        def call(self, A):
            return tf.matmul(OPERANDS)
    """, "A, tf.transpose(A, [0, 2, 1])", "a=A, b=tf.transpose(A, [0, 2, 1])"),
    # the unstacked result names its entries: the axis has 4 (`_unstacked_size`)
    "unstack": ("""\
    import tensorflow as tf

    def decode(rel_codes):
        ty, tx, th, tw = tf.unstack(UNSTACKED)
        return ty
    """, "tf.transpose(rel_codes)", "value=tf.transpose(rel_codes)"),
    # a read reduced along a literal axis is the untransposed tensor reduced (`_reduced`)
    "reduced": ("""\
    import tensorflow as tf

    class Gram(tf.keras.layers.Layer):
        def call(self, x, m):
            xt = tf.transpose(x, [0, 2, 1])
            return tf.matmul(xt, m), tf.reduce_mean(REDUCED, axis=-1)
    """, "xt", "input_tensor=xt"),
    # an item a scan function returns goes only into a batched dot (`scanned_matmul_operand`)
    "scan": ("""\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class NAF(tf.keras.layers.Layer):
        def call(self, flat):
            def step(a, x):
                lower = tf.gather(x, [0, 1])
                return [lower, tf.transpose(lower)]

            low, low_t = tf.scan(SCANNED, initializer=[K.zeros((2, 2)), K.zeros((2, 2))])
            return K.batch_dot(low, low_t)
    """, "step, flat", "fn=step, elems=flat"),
    # a matmul reshaped to a scalar is a dot product: no operand to flag (`_scalar_product_operand`)
    "reshape": ("""\
    import tensorflow as tf

    def step(y, m):
        return tf.reshape(RESHAPED)
    """, "tf.matmul(tf.transpose(y), m), ()", "tensor=tf.matmul(tf.transpose(y), m), shape=()"),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_keyword_argument_reads_as_the_positional_one(form):
    code, positional, keyword = FORMS[form]
    marker = next(word for word in ("OPERANDS", "UNSTACKED", "REDUCED", "SCANNED", "RESHAPED") if word in code)
    by_position = lint(code.replace(marker, positional))
    assert lint(code.replace(marker, keyword)) == by_position


def test_the_keyword_matmul_operand_is_tfp103s():
    code, _, keyword = FORMS["matmul"]
    assert lint(code.replace("OPERANDS", keyword)) == [(5, "TFP103", "warning")]
