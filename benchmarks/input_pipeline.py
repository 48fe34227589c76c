"""What tfperf.data.finalize buys a synthetic image pipeline feeding a small CNN, on this machine.

The pipeline is the one people write first: JPEG bytes -> decode + resize (a decode-like map) ->
random flip and brightness (augmentation) -> batch, with no parallelism and no prefetch of its own.
It is trained as it is and after `tfperf.data.finalize`, in two settings:

  * TensorFlow's default options: autotune on, so TensorFlow already parallelizes the stateless
    decode map and injects a final prefetch by itself (finalize should change little);
  * autotune off (`options.autotune.enabled = False`, common where RAM is tight or in older code):
    nothing overlaps, and finalize turns autotune back on and appends the prefetch.

Each is fed to two models: the small CNN, computing on this CPU (so the input pipeline and the
model share its cores), and an accelerator-like step that takes a fixed time without using the
host's cores (a sleep), as when the model runs on a Gaudi or a GPU and the host only feeds it.

For each: training steps/s and the share of step time spent waiting for input (tfperf.keras.
InputMonitor), median of R repetitions run interleaved (before, after, before, after...) in one
process, and the after/before ratio of each pair (median [min-max]).

    python benchmarks/input_pipeline.py [--reps 5] [--steps 30]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.data import finalize  # noqa: E402
from tfperf.keras import InputMonitor  # noqa: E402

IMAGES, SIZE, BATCH = 64, 480, 32
DEVICE_SECONDS = 0.015
SETTINGS = (("TF defaults", True), ("autotune off", False))


def jpeg_bytes() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    smooth = tf.image.resize(rng.integers(0, 255, size=(IMAGES, 24, 24, 3)).astype("float32"), (SIZE, SIZE))
    encoded = [tf.io.encode_jpeg(tf.cast(image, tf.uint8)).numpy() for image in smooth]
    return np.array(encoded, dtype=object), rng.integers(0, 10, size=IMAGES)


def naive_pipeline(jpegs, labels, autotune: bool) -> tf.data.Dataset:
    def decode(data, label):
        image = tf.io.decode_jpeg(data, channels=3)
        image = tf.image.resize(image, (64, 64))
        return tf.cast(image, tf.float32) / 255.0, label

    def augment(image, label):
        image = tf.image.random_flip_left_right(image)
        return tf.image.random_brightness(image, 0.2), label

    ds = tf.data.Dataset.from_tensor_slices((jpegs.astype(bytes), labels)).repeat()
    ds = ds.map(decode).map(augment).batch(BATCH, drop_remainder=True)
    if not autotune:
        options = tf.data.Options()
        options.autotune.enabled = False
        ds = ds.with_options(options)
    return ds


def small_cnn() -> keras.Model:
    model = keras.Sequential([
        keras.Input((64, 64, 3)),
        keras.layers.Conv2D(16, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10),
    ])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


class _DeviceStep(keras.layers.Layer):
    """The step of a model running on an accelerator: DEVICE_SECONDS during which the host is idle."""

    def call(self, x):
        tf.py_function(lambda: time.sleep(DEVICE_SECONDS), [], [])
        return x


def accelerator_like() -> keras.Model:
    model = keras.Sequential([keras.Input((64, 64, 3)), _DeviceStep(), keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


MODELS = {"small CNN on this CPU": small_cnn, "accelerator-like step": accelerator_like}


def train(model, dataset, steps: int) -> tuple[float, float]:
    """(steps/s, input-wait share) of one run of `steps` steps (the first, tracing step not counted)."""
    monitor = InputMonitor(verbose=0)
    model.fit(dataset, epochs=1, steps_per_epoch=steps + 1, verbose=0, callbacks=[monitor], shuffle=False)
    (epoch,) = monitor.epochs
    return 1.0 / epoch.step_seconds, epoch.input_share


def spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} [{format(min(values), fmt)}-{format(max(values), fmt)}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    jpegs, labels = jpeg_bytes()
    print(f"{os.cpu_count()} CPU cores, TensorFlow {tf.__version__}; {args.steps} steps of batch {BATCH}, "
          f"{args.reps} interleaved repetitions; median [min-max]")
    print(f"{'model, setting':<38}{'steps/s before':>22}{'steps/s after':>22}{'ratio':>20}{'input wait before':>20}"
          f"{'input wait after':>20}")
    for (name, build), (setting, autotune) in itertools.product(MODELS.items(), SETTINGS):
        model = build()
        before = naive_pipeline(jpegs, labels, autotune)
        after, changes = finalize(before)
        train(model, before, 3), train(model, after, 3)  # warm up: trace, start the pools
        runs = {"before": [], "after": []}
        for _ in range(args.reps):
            runs["before"].append(train(model, before, args.steps))
            runs["after"].append(train(model, after, args.steps))
        rate = {k: [r[0] for r in v] for k, v in runs.items()}
        wait = {k: [r[1] * 100 for r in v] for k, v in runs.items()}
        ratios = [a / b for a, b in zip(rate["after"], rate["before"])]
        print(f"{name + ', ' + setting:<38}{spread(rate['before'], '.1f'):>22}{spread(rate['after'], '.1f'):>22}"
              f"{spread(ratios, '.2f') + 'x':>20}{spread(wait['before'], '.0f') + '%':>20}"
              f"{spread(wait['after'], '.0f') + '%':>20}")
        if name == next(iter(MODELS)):
            print(f"{'':<38}finalize: {'; '.join(changes) or 'nothing to change'}")


if __name__ == "__main__":
    main()
