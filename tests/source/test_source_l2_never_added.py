"""TFP301 of set 22: weight regularizers in a program that minimises an explicit sum of its head losses and
never adds the regularization losses (no regularization collection, `get_total_loss`, `.losses`, Keras
compile) in a graph-mode step (minimize, compute_gradients, create_train_op, tf.gradients of the trainables):
the L2 terms are never computed (the graph prunes the collection's ops). A project that reads any of them,
or does not train (a library of nets whose caller adds them), keeps the finding; a project that trains by a tape
is judged by its tape steps (`test_source_l2_tape_projects`)."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths

NETS = """\
import tensorflow.compat.v1 as tf
import tf_slim as slim


def head(cfg, net, outputs):
  with slim.arg_scope([slim.conv2d], padding="SAME",
                      weights_regularizer=slim.l2_regularizer(cfg["weight_decay"])):
    return slim.conv2d(net, outputs, [3, 3])
"""
LOSSES = """\
import tensorflow.compat.v1 as tf
from pkg.nets import head


def losses(cfg, net, labels):
  pred = head(cfg, net, 17)
  part = tf.losses.sigmoid_cross_entropy(labels, pred)
  total = part{extra}
  return {{"part_loss": part, "total_loss": total}}
"""
TRAIN = """\
import tensorflow.compat.v1 as tf
import tf_slim as slim
from pkg.losses import losses


def train(cfg, net, labels):
  loss = losses(cfg, net, labels)["total_loss"]
  optimizer = tf.train.MomentumOptimizer(0.01, 0.9)
  train_op = {step}
  with tf.Session() as sess:
    for _ in range(cfg["steps"]):
      sess.run(train_op)
"""


def findings(files, root):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2")
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity) for f in result.findings
            if f.severity is Severity.WARNING]


def tree(extra="", step="slim.learning.create_train_op(loss, optimizer)"):
    return {"pkg/__init__.py": "", "pkg/nets.py": NETS, "pkg/losses.py": LOSSES.format(extra=extra),
            "pkg/train.py": TRAIN.format(step=step)}


@pytest.mark.parametrize("step", ["slim.learning.create_train_op(loss, optimizer)", "optimizer.minimize(loss)"])
def test_valid_regularizer_of_a_program_that_never_adds_the_collection(tmp_path, step):
    assert findings(tree(step=step), tmp_path) == []


@pytest.mark.parametrize("extra", [" + tf.losses.get_regularization_loss()",
                                   " + tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))",
                                   " + 0.0 * tf.add_n(tf.losses.get_losses())\n  total = tf.losses.get_total_loss()",
                                   " + tf.add_n(model.losses)"])
def test_invalid_regularizer_whose_losses_the_program_adds(tmp_path, extra):
    assert findings(tree(extra=extra), tmp_path) == [("nets.py", 7, Severity.WARNING)]


def test_invalid_library_of_nets_without_a_training_step(tmp_path):
    files = tree()
    del files["pkg/train.py"]
    assert findings(files, tmp_path) == [("nets.py", 7, Severity.WARNING)]


def test_invalid_keras_model_compiled_and_fit(tmp_path):
    files = tree()
    files["pkg/fit.py"] = ("import tensorflow as tf\n\n\ndef fit(model, data):\n"
                           "  model.compile(optimizer='sgd', loss='mse')\n  model.fit(data)\n")
    assert findings(files, tmp_path) == [("nets.py", 7, Severity.WARNING)]


KERAS_LOOP = """\
import tensorflow as tf


class Model(tf.keras.Model):
  def __init__(self):
    super().__init__()
    self.dense = tf.keras.layers.Dense(8, kernel_regularizer=tf.keras.regularizers.l2(1e-4))

  def call(self, x):
    return self.dense(x)


def step(model, optimizer, x, y):
  with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.square(model(x) - y)){extra}
  grads = tape.gradient(loss, model.trainable_variables)
  optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""


def test_keras_tape_step_is_not_a_graph_mode_step(tmp_path):
    """A tape's step in a Keras project: not pruned from a graph; a step that never reads the losses makes the
    finding info (`test_source_l2_tape_projects`), one that reads them keeps the warning."""
    plain = {"pkg/__init__.py": "", "pkg/m.py": KERAS_LOOP.format(extra="")}
    assert findings(plain, tmp_path / "plain") == []
    invalid = {"pkg/__init__.py": "", "pkg/m.py": KERAS_LOOP.format(extra=" + tf.add_n(model.losses)")}
    assert findings(invalid, tmp_path / "invalid") == [("m.py", 7, Severity.WARNING)]


@pytest.mark.parametrize("path, step", [
    ("pkg/train.py", "optimizer.apply_gradients(zip(tf.gradients(loss, [mask]), [mask]))"),
    ("pkg/train.py", "optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), "
                     "model.trainable_variables))"),  # masks, not the model
    ("pkg/train_test.py", "slim.learning.create_train_op(loss, optimizer)"),  # a test's step
])
def test_invalid_no_training_step_of_the_model(tmp_path, path, step):
    files = tree(step=step)
    files[path] = files.pop("pkg/train.py")
    assert findings(files, tmp_path) == [("nets.py", 7, Severity.WARNING)]


# Set 23: a TF1 model file that minimises a loss it builds itself, beside other models of the project that do add
# the regularization losses: nothing this file or the project modules it imports does adds its collection.
RANKER = """\
import tensorflow.compat.v1 as tf
from pkg.layers import loss_of


class Ranker:
  def __init__(self, x, y):
    dense = tf.layers.Dense(200, kernel_regularizer=tf.keras.regularizers.l2(),
                            bias_regularizer=tf.keras.regularizers.l2())
    self.loss = loss_of(dense(x), y){extra}
    self.train_op = tf.train.AdamOptimizer(1e-3).{step}
"""
LAYERS = """\
import tensorflow.compat.v1 as tf


def loss_of(logits, labels):
  return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)){extra}
"""
POLICY = """\
import tensorflow.compat.v1 as tf


class Policy:
  def __init__(self, x, y, coef):
    logits = tf.layers.dense(x, 4, kernel_regularizer=tf.keras.regularizers.l2(1e-4))
    loss = tf.reduce_mean(tf.square(logits - y)) + coef * tf.losses.get_regularization_loss()
    self.train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
"""


def ranker_tree(extra="", layers_extra="", step="minimize(self.loss)"):
    return {"pkg/__init__.py": "", "pkg/ranker.py": RANKER.format(extra=extra, step=step),
            "pkg/layers.py": LAYERS.format(extra=layers_extra), "pkg/policy.py": POLICY}


@pytest.mark.parametrize("step", ["minimize(self.loss)", "compute_gradients(self.loss)"])
def test_valid_model_file_whose_own_step_never_adds_its_collection(tmp_path, step):
    assert findings(ranker_tree(step=step), tmp_path) == [("policy.py", 6, Severity.WARNING)]


@pytest.mark.parametrize("files", [
    ranker_tree(extra=" + tf.losses.get_regularization_loss()"),  # this file adds it
    ranker_tree(layers_extra=" + tf.add_n(tf.losses.get_regularization_losses())"),  # the imported loss adds it
])
def test_invalid_model_file_whose_loss_adds_its_collection(tmp_path, files):
    assert findings(files, tmp_path) == [("policy.py", 6, Severity.WARNING), ("ranker.py", 7, Severity.WARNING),
                                         ("ranker.py", 8, Severity.WARNING)]


def test_invalid_step_of_a_loss_the_callers_pass(tmp_path):
    """`def train_op(self, loss): opt.minimize(loss)`: the loss is the callers', who may add the collection."""
    files = ranker_tree()
    files["pkg/ranker.py"] = files["pkg/ranker.py"].replace(
        "    self.train_op = tf.train.AdamOptimizer(1e-3).minimize(self.loss)\n",
        "\n  def train_op(self, loss):\n    return tf.train.AdamOptimizer(1e-3).minimize(loss)\n")
    assert ("ranker.py", 7, Severity.WARNING) in findings(files, tmp_path)
