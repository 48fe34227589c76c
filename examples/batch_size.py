"""The guide's "Batch Size": models to ask `tfperf batch` about (built offline, weights=None).

    tfperf batch --model examples/batch_size.py:small_cnn --train --batch-size 8 --target gaudi2
    tfperf batch --model examples/batch_size.py:small_cnn --train --dataset examples/batch_size.py:train_dataset
    tfperf batch --model examples/batch_size.py:resnet50_training --train --target gaudi --precision bf16
    tfperf batch --model examples/batch_size.py:fixed_batch --train     # one line: the batch is fixed in the graph
"""

import keras
import numpy as np
import tensorflow as tf


def small_cnn() -> keras.Model:
    """A small image classifier, compiled: its batch dimension is free (None)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.Conv2D(64, 3, strides=2, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ], name="small_cnn")
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def train_dataset() -> tf.data.Dataset:
    """(image, class) batches of 8 for small_cnn: its batch is the one `tfperf batch --dataset` compares,
    and its gradients give the noise scale."""
    rng = np.random.default_rng(0)
    images = rng.normal(size=(512, 32, 32, 3)).astype("float32")
    labels = (images.mean(axis=(1, 2, 3)) > 0).astype("int32") * 3 + rng.integers(0, 2, 512).astype("int32")
    return tf.data.Dataset.from_tensor_slices((images, labels)).batch(8, drop_remainder=True).prefetch(2)


def resnet50_training() -> keras.Model:
    """keras.applications ResNet50 compiled as Habana trains it (SGD with momentum)."""
    model = keras.applications.ResNet50(weights=None)
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
    return model


def fixed_batch() -> keras.Model:
    """The batch written into the graph (keras.Input(batch_size=...)): no other batch can be priced."""
    model = keras.Sequential([keras.Input((16,), batch_size=32), keras.layers.Dense(4)])
    model.compile(optimizer="sgd", loss="mse")
    return model
