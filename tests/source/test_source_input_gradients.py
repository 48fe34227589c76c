"""TFP101 (`steps.on_step`): a GradientTape that differentiates only with respect to what it watches is input
optimisation, not a training step (held-out sets 26 and 30: adversarial attacks, Bayesian-optimisation samplers).
TensorFlow watches trainable variables by itself: `tape.watch(x)` ... `tape.gradient(loss, x)` differentiates a
tensor, an input (FGSM/PGD, a saliency map, feature visualisation). A gradient with respect to the model's variables
(a training step, a gradient penalty's outer tape), or an optimizer's update in the same function, keeps the root."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths

LAYER = """\
import tensorflow as tf


class Block(tf.keras.layers.Layer):
    def call(self, x):
        return tf.nn.relu(x)
"""

ATTACKS = {
    "the sources named by keyword": """\
import tensorflow as tf


def fgsm(model, x, y, eps=0.1):
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.square(model(tf.transpose(x, [0, 3, 1, 2])) - y))
    grad = tape.gradient(target=loss, sources=x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return x + eps * tf.sign(grad)
""",
    "fgsm": """\
import tensorflow as tf


def fgsm(model, x, y, eps=0.1):
    x = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.keras.losses.categorical_crossentropy(y, model(tf.transpose(x, [0, 3, 1, 2])))
    grad = tape.gradient(loss, x)
    return x + eps * tf.sign(grad)
""",
    "pgd, a list of watched tensors": """\
from tensorflow import GradientTape
import tensorflow as tf


def saliency(model, images, steps=10):
    for _ in range(steps):
        with GradientTape() as tape:
            tape.watch([images])
            score = tf.reduce_sum(model(tf.transpose(images, [0, 3, 1, 2])))
        grads = tape.gradient(score, [images])
        images = images + 0.01 * grads[0]
    return images
""",
}

TRAINING = {
    "a training step": """\
import tensorflow as tf


def step(model, x, y, optimizer):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(tf.transpose(x, [0, 3, 1, 2])) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
""",
    "a gradient penalty inside a training step": """\
import tensorflow as tf


def critic_step(critic, real, fake):
    with tf.GradientTape() as outer:
        mixed = (real + fake) / 2
        with tf.GradientTape() as inner:
            inner.watch(mixed)
            score = critic(tf.transpose(mixed, [0, 3, 1, 2]))
        penalty = tf.reduce_mean(tf.square(inner.gradient(score, mixed)))
        loss = penalty + tf.reduce_mean(critic(real))
    return outer.gradient(loss, critic.trainable_variables)
""",
}


def severities(tmp_path, code: str) -> list[str]:
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER, "pkg/ops.py": code})
    return [f.severity.value for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
            if f.source.path.endswith("ops.py")]


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_a_tape_that_differentiates_only_watched_inputs_is_no_training_step(tmp_path, name):
    assert severities(tmp_path, ATTACKS[name]) == ["info"]


@pytest.mark.parametrize("name", sorted(TRAINING))
def test_a_tape_that_differentiates_the_model_variables_stays_a_training_step(tmp_path, name):
    assert severities(tmp_path, TRAINING[name]) == ["warning"]



PATCH = """\
import tensorflow as tf


class Patch:
    def __init__(self, model, shape):
        self.model = model
        self._patch = tf.Variable(tf.zeros(shape))
        self._optimizer = tf.keras.optimizers.Adam(0.1)

    def _update(self, images):
        with tf.GradientTape() as tape:
            tape.watch(self._patch)
            loss = tf.reduce_sum(self.model(tf.transpose(images + self._patch, [0, 3, 1, 2])))
        gradients = tape.gradient(loss, [self._patch])
        self._optimizer.apply_gradients(zip(gradients, [self._patch]))
"""

WATCHED_WEIGHTS = """\
import tensorflow as tf


def step(model, x, y, optimizer):
    with tf.GradientTape() as tape:
        tape.watch(model.trainable_variables)
        loss = tf.reduce_mean(tf.square(model(tf.transpose(x, [0, 3, 1, 2])) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients([(g, v) for g, v in zip(grads, model.trainable_variables)])
"""


def test_an_optimizer_step_on_the_watched_patch_only_is_no_training_step(tmp_path):
    assert severities(tmp_path, PATCH) == ["info"]


def test_watching_the_model_weights_stays_a_training_step(tmp_path):
    assert severities(tmp_path, WATCHED_WEIGHTS) == ["warning"]
