"""The guide's transpose examples ("Avoid Non-Logical Transpose Operations") in TF2 form.

Example 1 keeps the fastest-changing (last) axis in place: on Gaudi that is a metadata-only,
"logical" transpose. Example 2 moves the last axis: a DMA copy of the whole [32, 8000, 64] tensor.

    tfperf check --model examples/guide_transpose.py:example1 --target gaudi2   # clean
    tfperf check --model examples/guide_transpose.py:example2 --target gaudi2   # TFP101
    python examples/guide_transpose.py                                          # runs both
"""

import tensorflow as tf

SPEC = [tf.TensorSpec([32, 8000, 64], tf.float32)]


@tf.function(input_signature=SPEC)
def example1(in_tensor):
    """Logical on Gaudi: perm (1, 0, 2) keeps the last axis."""
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(1, 0, 2))
    return mul + 1.0


@tf.function(input_signature=SPEC)
def example2(in_tensor):
    """Non-logical: perm (0, 2, 1) moves the last axis, so the tensor is copied."""
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(0, 2, 1))
    return mul + 1.0


if __name__ == "__main__":
    x = tf.random.normal([32, 8000, 64])
    print("example1 ->", example1(x).shape, " example2 ->", example2(x).shape)
