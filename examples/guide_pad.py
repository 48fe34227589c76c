"""The guide's tf.pad examples ("Avoid Using tf.pad") in TF2 form.

`not_recommended` pads by hand and runs a VALID convolution; `recommended` lets the convolution
pad itself with SAME. They compute the same thing (run this file to see), but the first makes an
extra padded copy of the [16, 128, 128, 16] input.

    tfperf check --model examples/guide_pad.py:not_recommended   # TFP201
    tfperf check --model examples/guide_pad.py:recommended       # clean
"""

import tensorflow as tf

BS, H, W, CH_IN, CH_OUT, F_H, F_W = 16, 128, 128, 16, 8, 3, 3
SPEC = [tf.TensorSpec([BS, H, W, CH_IN], tf.float32, name="input"),
        tf.TensorSpec([F_H, F_W, CH_IN, CH_OUT], tf.float32, name="filters")]


@tf.function(input_signature=SPEC)
def recommended(input_tensor, filters):
    return tf.nn.conv2d(input_tensor, filters, strides=1, padding="SAME")


@tf.function(input_signature=SPEC)
def not_recommended(input_tensor, filters):
    padded = tf.pad(input_tensor, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return tf.nn.conv2d(padded, filters, strides=1, padding="VALID")


if __name__ == "__main__":
    x = tf.random.normal([BS, H, W, CH_IN])
    f = tf.random.normal([F_H, F_W, CH_IN, CH_OUT])
    diff = tf.reduce_max(tf.abs(recommended(x, f) - not_recommended(x, f)))
    print(f"max |recommended - not_recommended| = {float(diff):.2e}")
