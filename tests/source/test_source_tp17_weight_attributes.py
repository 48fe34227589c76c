"""Seventeenth session, TFP101's weight convention through a layer attribute.

A layer attribute every assignment of which is computed only from the layer's weights (`self.W = K.dot(inv,
K.transpose(M))` of the kernel in `build`) has no batch factor either: a transpose of it in `call` (also through
`K.expand_dims(W, 0)`, an op whose other inputs are settings) copies the size of a weight once per step, info
under the weight price. An attribute also assigned a tensor of the step (the input stored in `call`), or one
whose values are not weights (a setting), stays as before.
"""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",)):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "layers.py", target="gaudi2", select=list(select))]


DERIVED = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class Projected(tf.keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.kernel = self.add_weight(name="k", shape=(64, self.units))
            m = K.reshape(self.kernel, [-1, self.units])
            mt = K.transpose(m)
            self.W = K.dot(tf.linalg.inv(K.dot(mt, m)), mt)

        def call(self, x):
            w = K.expand_dims(self.W, 0)
            return K.permute_dimensions(w, [0, 2, 1]) * K.expand_dims(x, -1)
    """

MIXED = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class Cached(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight(name="k", shape=(64, 8))
            self.W = K.dot(self.kernel, self.kernel)

        def call(self, x):
            self.W = x
            return K.permute_dimensions(self.W, [0, 2, 1])
    """

STORED_INPUT = """\
    import tensorflow as tf

    class Keeps(tf.keras.layers.Layer):
        def call(self, x):
            self.seen = x * 2.0
            return tf.transpose(self.seen, [0, 2, 1])
    """


def test_an_attribute_made_only_of_weights_is_weight_sized():
    assert (17, "info") in lint(DERIVED)
    assert not [f for f in lint(DERIVED) if f[1] == "warning"]


def test_an_attribute_also_assigned_an_input_keeps_the_warning():
    assert (11, "warning") in lint(MIXED)


def test_an_attribute_holding_an_activation_keeps_the_warning():
    assert (6, "warning") in lint(STORED_INPUT)
