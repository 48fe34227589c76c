"""TFP101 / TFP103: a boolean named for the layout guards a channels_first branch like the data_format comparison
(`if self.channels_first:`, the else of `if channels_last:`; held-out set 30's augmentation layers, and the same form
in several open-corpus packages); the tensor argument of a Keras Regularizer's or Constraint's `__call__` is a weight
(Keras calls them on the weights of the layers given them: `kernel_regularizer=`, `kernel_constraint=`), so the
weight convention applies to its transposes."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def findings(code: str, select=("TFP101", "TFP103")):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=list(select))]


LAYOUT = """\
import tensorflow as tf

class Cutout(tf.keras.layers.Layer):
    def __init__(self, channels_first=False, swap=True):
        super().__init__()
        self.channels_first = channels_first
        self.swap = swap

    def call(self, x):
        if self.channels_first:
            x = tf.transpose(x, [0, 2, 1])
        x = x * 2.0
        if self.swap:
            x = tf.transpose(x, [0, 2, 1])
        return x

def to_nhwc(x, channels_last=True):
    if channels_last:
        return x * 1.0
    else:
        return tf.transpose(x, [0, 2, 1])

def to_nchw(x, channels_last=True):
    if channels_last:
        return tf.transpose(x, [0, 2, 1])
    return x * 1.0
"""


def test_a_boolean_named_for_the_layout_guards_a_channels_first_branch():
    found = {line: (severity, message) for line, severity, message in findings(LAYOUT)}
    assert found[11][0] == "info" and "channels_first" in found[11][1]  # `if self.channels_first:`
    assert found[21][0] == "info" and "channels_first" in found[21][1]  # the else of `if channels_last:`


def test_another_flag_and_the_channels_last_branch_keep_the_warning():
    found = {line: (severity, message) for line, severity, message in findings(LAYOUT)}
    assert found[14][0] == "warning"  # `if self.swap:`: no layout in its name
    # the body of `if channels_last:` runs with the default layout (info only as nothing reaches the function)
    assert "channels_first" not in found[25][1]


REGULARIZER = """\
import tensorflow as tf

class Orthogonal(tf.keras.regularizers.Regularizer):
    def __init__(self, c=0.1):
        self.c = c

    def __call__(self, w):
        moved = tf.transpose(w, perm=[3, 0, 1, 2])
        return self.c * tf.reduce_sum(tf.matmul(tf.transpose(w), w)) + tf.reduce_sum(moved)

class Clip(tf.keras.constraints.Constraint):
    def __call__(self, w):
        return tf.transpose(tf.transpose(w, perm=(0, 2, 1)) * 2.0, perm=(0, 2, 1))

class Block(tf.keras.layers.Layer):
    def call(self, x):
        return tf.transpose(x, perm=[3, 0, 1, 2])

class Scale:
    def __call__(self, x):
        return tf.transpose(x, perm=[3, 0, 1, 2])

model = tf.keras.Sequential([tf.keras.layers.Dense(4, kernel_regularizer=Orthogonal(), kernel_constraint=Clip()),
                             Block()])
model.compile(loss="mse")
"""


def test_a_regularizers_argument_is_a_weight():
    found = {line: (severity, message) for line, severity, message in findings(REGULARIZER)}
    assert found[8][0] == "info" and "weight" in found[8][1]  # TFP101 of the regularized weight
    assert found[9][0] == "info" and "weight" in found[9][1]  # TFP103: w^T @ w of a weight


def test_a_layers_call_and_a_plain_classs_call_keep_the_warning():
    found = {line: (severity, message) for line, severity, message in findings(REGULARIZER)}
    assert found[17][0] == "warning"  # a layer's `call`: Keras passes it the batch
    assert "weight" not in found[21][1]  # `__call__` of a class that is no Regularizer (info: nothing reaches it)


def test_the_kernel_a_transposed_convolution_subclass_inherits_is_a_weight():
    code = """\
    import tensorflow as tf

    class NormedConv2DTranspose(tf.keras.layers.Conv2DTranspose):
        def call(self, x):
            kernel = tf.transpose(self.kernel, [0, 1, 3, 2])
            return tf.nn.conv2d_transpose(x, kernel * 2.0, tf.shape(x), 1), kernel  # (not only filters)

    class Swapped(tf.keras.layers.Conv2DTranspose):
        def call(self, x):
            return tf.transpose(x, [0, 1, 3, 2])
    """
    found = {line: (severity, message) for line, severity, message in findings(code, select=("TFP101",))}
    assert found[5][0] == "info" and "of a weight" in found[5][1]
    assert found[10][0] == "warning"  # the layer's input: an activation
