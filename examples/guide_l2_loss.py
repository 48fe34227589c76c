"""The guide's "Avoid Calculating L2 Loss in Forward Path", for a Keras model trained with model.fit.

`not_recommended` puts L2 weight regularizers in the loss; `recommended` is the same model after
`tfperf.train.move_l2_to_gradients`, which adds their exact gradient (2 * l2 * v) in the optimizer
instead. Trained from the same weights on the same batches they end with the same weights (run
this file to see); only the logged loss differs: it no longer includes the penalty.

    tfperf check --train --model examples/guide_l2_loss.py:not_recommended   # TFP301
    tfperf check --train --model examples/guide_l2_loss.py:recommended       # clean
"""

import keras
import numpy as np

from tfperf.train import move_l2_to_gradients

L2 = 1e-4


def not_recommended() -> keras.Model:
    keras.utils.set_random_seed(0)
    reg = keras.regularizers.L2(L2)
    model = keras.Sequential([
        keras.Input((32, 32, 3), batch_size=32),
        keras.layers.Conv2D(32, 3, activation="relu", kernel_regularizer=reg),
        keras.layers.Conv2D(64, 3, strides=2, activation="relu", kernel_regularizer=reg),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10, kernel_regularizer=reg),
    ])
    model.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def recommended() -> keras.Model:
    model = not_recommended()
    move_l2_to_gradients(model)
    return model


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(256, 32, 32, 3)).astype("float32"), rng.integers(0, 10, 256)
    results = {}
    for build in (not_recommended, recommended):
        model = build()
        history = model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0)
        results[build.__name__] = (model.get_weights(), history.history["loss"][-1])
    (before, loss_before), (after, loss_after) = results.values()
    gap = max(float(np.max(np.abs(a - b)) / np.max(np.abs(a))) for a, b in zip(before, after))
    print(f"largest relative weight difference after 8 steps: {gap:.1e}")
    print(f"logged loss with the penalty {loss_before:.4f}, without it {loss_after:.4f}")
