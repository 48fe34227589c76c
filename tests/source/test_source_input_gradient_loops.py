"""TFP405 / TFP401 (the pipeline rules' context): a loop over a tf.data pipeline whose body hands its batches to a
project function that differentiates only what its tape watches (`steps._optimises_inputs`: an attack's or an
explanation's gradient of a trained model with respect to its inputs; held-out sets 30 and 34: an adversarial patch's
optimisation loop, integrated gradients' batched paths) uses a trained model, it does not train one: the pipeline is
judged off the training step, like a `predict` pipeline, and so is a `prefetch` on it whose result is discarded. A
loop that also trains (an optimizer's update of the model, a tape of its own, a project training step) stays a
training pipeline."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths

GRADIENTS = """\
import tensorflow as tf


def input_gradients(model, x):
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = model(x)
    return tape.gradient(out, x)


def layer_gradients(model, layer, x):
    with tf.GradientTape() as tape:
        tape.watch(layer.result)
        out = model(x)
    return tape.gradient(out, layer.result)
"""

OFF_STEP = {
    "an explanation's batched paths, a module function of another file": """\
import tensorflow as tf

from pkg.grads import input_gradients


class Explainer:
    def __init__(self, model, batch_size=100):
        self.model = model
        self.batch_size = batch_size

    def explain(self, paths):
        ds = tf.data.Dataset.from_tensor_slices(paths).batch(self.batch_size)
        ds.prefetch(tf.data.AUTOTUNE)
        grads = []
        for batch in ds:
            grads.append(input_gradients(self.model, batch))
        return grads
""",
    "a layer's attribution (a watched attribute), two branches": """\
import tensorflow as tf

from pkg import grads as g


def attribute(model, layer, paths, n):
    ds = tf.data.Dataset.from_tensor_slices(paths).batch(n)
    out = []
    for path in ds:
        if layer is None:
            out.append(g.input_gradients(model, path))
        else:
            out.append(g.layer_gradients(model, layer, path))
    return out
""",
    "an adversarial patch: an optimizer's step on the watched patch only": """\
import tensorflow as tf


class Patch:
    def __init__(self, model, shape, batch_size):
        self.model = model
        self.batch_size = batch_size
        self._patch = tf.Variable(tf.zeros(shape))
        self._optimizer = tf.keras.optimizers.Adam(0.1)

    def _train_step(self, images, target):
        with tf.GradientTape() as tape:
            tape.watch(self._patch)
            loss = tf.reduce_mean(tf.square(self.model(images + self._patch) - target))
        gradients = tape.gradient(loss, [self._patch])
        self._optimizer.apply_gradients(zip(gradients, [self._patch]))
        return loss

    def generate(self, x, y, steps):
        dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(self.batch_size)
        for _ in range(steps):
            for images, target in dataset:
                self._train_step(images=images, target=target)
        return self._patch.numpy()
""",
    "a prediction loop: predict_on_batch": """\
import tensorflow as tf


def score(model, x, n):
    ds = tf.data.Dataset.from_tensor_slices(x).batch(n)
    out = []
    for batch in ds:
        out.append(model.predict_on_batch(batch))
    return out
""",
    "a forward pass with training=False": """\
import tensorflow as tf


def outputs_of(model, x, n):
    ds = tf.data.Dataset.from_tensor_slices(x).batch(n)
    out = []
    for batch in ds:
        out.append(model(batch, training=False))
    return out
""",
}

TRAINING = {
    "a forward pass with training=False, then the project's training step": """\
import tensorflow as tf


class Distiller:
    def __init__(self, teacher, student, batch_size):
        self.teacher = teacher
        self.student = student
        self.batch_size = batch_size
        self.optimizer = tf.keras.optimizers.SGD(0.1)

    def step(self, x, soft):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.student(x) - soft))
        grads = tape.gradient(loss, self.student.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))

    def run(self, x):
        ds = tf.data.Dataset.from_tensor_slices(x).batch(self.batch_size)
        for images in ds:
            self.step(images, self.teacher(images, training=False))
""",
    "adversarial training: the body also applies the model's gradients": """\
import tensorflow as tf

from pkg.grads import input_gradients


def fit(model, optimizer, x, y, n):
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(n)
    for images, labels in ds:
        adv = images + 0.1 * tf.sign(input_gradients(model, images))
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(adv) - labels))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
""",
    "the body calls a training step of the project": """\
import tensorflow as tf


class Trainer:
    def __init__(self, model, batch_size):
        self.model = model
        self.batch_size = batch_size
        self.optimizer = tf.keras.optimizers.SGD(0.1)

    def step(self, x, y):
        with tf.GradientTape() as tape:
            tape.watch(self.model.trainable_variables)
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))

    def run(self, x, y):
        ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(self.batch_size)
        ds.prefetch(tf.data.AUTOTUNE)
        for images, labels in ds:
            self.step(images, labels)
""",
}


def severities(tmp_path, code: str) -> dict[str, set[str]]:
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/grads.py": GRADIENTS, "pkg/loop.py": code})
    found: dict[str, set[str]] = {}
    for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP401", "TFP405"], jobs=1).findings:
        if f.source.path.endswith("loop.py"):
            found.setdefault(f.code, set()).add(f.severity.value)
    return found


@pytest.mark.parametrize("name", sorted(OFF_STEP))
def test_a_loop_that_only_differentiates_inputs_is_no_training_pipeline(tmp_path, name):
    found = severities(tmp_path, OFF_STEP[name])
    assert found.get("TFP405") == {"info"}
    assert found.get("TFP401", {"info"}) == {"info"}


@pytest.mark.parametrize("name", sorted(TRAINING))
def test_a_loop_that_also_trains_stays_a_training_pipeline(tmp_path, name):
    found = severities(tmp_path, TRAINING[name])
    assert "warning" in found.get("TFP405", set())
