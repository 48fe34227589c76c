"""The training check: a small CNN and a small Transformer, trained a few hundred steps on synthetic
data as written (float32) and after `tfperf check --fix --unsafe-fixes` applied TFP702's fix
(mixed_bfloat16 before the model is built) and TFP703's (a float32 softmax output layer).

Tolerance, stated: the loss curves, each averaged over windows of WINDOW steps, agree within
ABSOLUTE + RELATIVE x the float32 curve in every window; and both learn (the last window's loss is
at most half the first's). bfloat16 keeps 8 significant bits, so single steps differ; averaged
over a window the difference is what mixed precision does to training, which this bounds.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from tfperf.source import fix_text

STEPS, WINDOW = 240, 20
ABSOLUTE, RELATIVE = 0.05, 0.10

CNN = '''\
import keras
import numpy as np


def build_model():
    return keras.Sequential([
        keras.Input((16, 16, 3)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ])


def data(steps, batch=32):
    rng = np.random.default_rng(0)
    templates = rng.standard_normal((10, 16, 16, 3))  # one pattern per class, under noise
    labels = rng.integers(0, 10, steps * batch)
    images = (templates[labels] + rng.standard_normal((steps * batch, 16, 16, 3))).astype("float32")
    return images, labels


'''

TRANSFORMER = '''\
import keras
import numpy as np

VOCABULARY, LENGTH = 32, 16


def build_model():
    tokens = keras.Input((LENGTH,), dtype="int32")
    x = keras.layers.Embedding(VOCABULARY, 32)(tokens)
    attention = keras.layers.MultiHeadAttention(2, 16)(x, x)
    x = keras.layers.LayerNormalization()(x + attention)
    x = keras.layers.LayerNormalization()(x + keras.layers.Dense(32)(keras.layers.Dense(64, activation="relu")(x)))
    x = keras.layers.GlobalAveragePooling1D()(x)
    return keras.Model(tokens, keras.layers.Dense(2, activation="softmax")(x))


def data(steps, batch=32):
    rng = np.random.default_rng(1)
    tokens = rng.integers(0, VOCABULARY, (steps * batch, LENGTH)).astype("int32")
    return tokens, ((tokens == 7).sum(axis=1) > (tokens == 8).sum(axis=1)).astype("int32")


'''

# both scripts train the same way (the same loop and loss history)
TRAIN = '''\
def train(steps):
    keras.utils.set_random_seed(0)
    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy")
    inputs, labels = data(steps)
    history = LossHistory()
    model.fit(inputs, labels, batch_size=32, epochs=1, shuffle=False, verbose=0, callbacks=[history])
    return history.losses


class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.losses, self.seen = [], 0.0

    def on_train_batch_end(self, batch, logs=None):
        total = logs["loss"] * (batch + 1)  # Keras logs the running mean of the epoch
        self.losses.append(total - self.seen)
        self.seen = total


if __name__ == "__main__":
    print(train(200))
'''
CNN += TRAIN
TRANSFORMER += TRAIN


def losses(source: str) -> np.ndarray:
    namespace: dict = {}
    try:
        exec(compile(source, "<training script>", "exec"), namespace)
        return np.asarray(namespace["train"](STEPS))
    finally:
        keras.mixed_precision.set_global_policy("float32")  # the fixed script sets it for the process


def windows(curve: np.ndarray) -> np.ndarray:
    return curve[: len(curve) // WINDOW * WINDOW].reshape(-1, WINDOW).mean(axis=1)


@pytest.mark.parametrize("script", [CNN, TRANSFORMER], ids=["cnn", "transformer"])
def test_mixed_bfloat16_trains_like_float32(script):
    fixed, _, applied = fix_text(script, "train.py", target="gaudi2", select=["TFP702", "TFP703"], unsafe_fixes=True)
    assert applied == 2, "the policy and the float32 output layer"
    assert 'keras.mixed_precision.set_global_policy("mixed_bfloat16")' in fixed
    assert 'activation="softmax", dtype="float32")' in fixed
    float32, mixed = windows(losses(script)), windows(losses(fixed))
    assert len(float32) == STEPS // WINDOW
    assert np.all(np.abs(mixed - float32) <= ABSOLUTE + RELATIVE * float32), (float32.round(3), mixed.round(3))
    for curve in (float32, mixed):
        assert curve[-1] <= 0.5 * curve[0], f"did not learn: {curve.round(3)}"
