"""Ops that leave the device ("Place Ops in HPU") in TF2 form.

`not_recommended` clips activations with NumPy (a tf.numpy_function) and rounds them through
strings in the middle of the model; `recommended` does the same with TensorFlow ops. They compute
(nearly) the same numbers (run this file to see), but on an accelerator the first runs three ops
on the host and copies activations across PCIe and back every step.

    tfperf placement --model examples/guide_placement.py:not_recommended   # host ops, ranked by bytes
    tfperf placement --model examples/guide_placement.py:recommended       # clean
"""

import numpy as np
import tensorflow as tf

BATCH, WIDTH = 32, 256
W1 = tf.random.stateless_normal([WIDTH, WIDTH], seed=[1, 2]) * 0.05
W2 = tf.random.stateless_normal([WIDTH, 10], seed=[3, 4]) * 0.05
SPEC = [tf.TensorSpec([BATCH, WIDTH], tf.float32, name="features")]


@tf.function(input_signature=SPEC)
def not_recommended(features):
    h = tf.nn.relu(features @ W1)
    h = tf.numpy_function(lambda a: np.clip(a, 0.0, 1.0), [h], tf.float32, stateful=False)
    h = tf.reshape(h, [BATCH, WIDTH])
    rounded = tf.strings.to_number(tf.strings.as_string(h, precision=2))
    return rounded @ W2


@tf.function(input_signature=SPEC)
def recommended(features):
    h = tf.clip_by_value(tf.nn.relu(features @ W1), 0.0, 1.0)
    rounded = tf.round(h * 100.0) / 100.0
    return rounded @ W2


if __name__ == "__main__":
    x = tf.random.normal([BATCH, WIDTH])
    diff = tf.reduce_max(tf.abs(recommended(x) - not_recommended(x)))
    print(f"max |recommended - not_recommended| = {float(diff):.2e}")
