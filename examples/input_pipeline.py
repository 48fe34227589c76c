"""The guide's "Use tf.data.prefetch_to_device", on an image pipeline written the first way and the good way.

`not_recommended` decodes and augments one image at a time, caches after the random augmentation
(every epoch replays the first epoch's draws), keeps a partial last batch (a new shape to compile
on Gaudi) and ends without a prefetch; `recommended` parallelizes the maps, caches the decoded
images, drops the remainder and ends in a prefetch to the device.

    tfperf check --dataset examples/input_pipeline.py:not_recommended   # TFP401, TFP403, TFP404, TFP405
    tfperf check --dataset examples/input_pipeline.py:recommended       # clean
    tfperf data --dataset examples/input_pipeline.py:not_recommended --seconds 10
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

IMAGES, BATCH = 200, 32


def _jpegs() -> tf.data.Dataset:
    rng = np.random.default_rng(0)
    images = tf.image.resize(rng.uniform(0, 255, size=(IMAGES, 16, 16, 3)), (128, 128))
    encoded = [tf.io.encode_jpeg(tf.cast(image, tf.uint8)) for image in images]
    return tf.data.Dataset.from_tensor_slices((encoded, rng.integers(0, 10, size=IMAGES)))


def decode(data, label):
    image = tf.io.decode_jpeg(data, channels=3)
    return tf.image.convert_image_dtype(image, tf.float32), label


def augment(image, label):
    return tf.image.random_flip_left_right(tf.image.random_crop(image, [112, 112, 3])), label


def not_recommended() -> tf.data.Dataset:
    options = tf.data.Options()
    options.autotune.enabled = False  # "to save memory": nothing overlaps any more
    ds = _jpegs().shuffle(IMAGES)
    ds = ds.map(decode)
    ds = ds.map(augment)
    ds = ds.cache()
    ds = ds.batch(BATCH)
    ds = ds.map(lambda image, label: (image * 2.0 - 1.0, label))
    return ds.with_options(options)


def recommended(device: str | None = "/device:HPU:0") -> tf.data.Dataset:
    ds = _jpegs().map(decode, num_parallel_calls=tf.data.AUTOTUNE).cache()
    ds = ds.shuffle(IMAGES).map(augment, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(BATCH, drop_remainder=True)
    ds = ds.map(lambda image, label: (image * 2.0 - 1.0, label), num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.prefetch(tf.data.AUTOTUNE)
    return ds.apply(tf.data.experimental.prefetch_to_device(device)) if device else ds

