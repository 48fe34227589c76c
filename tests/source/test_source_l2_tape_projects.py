"""TFP301 of set 51's kind: a project that trains its Keras models by GradientTape steps of its own, none of which
reads `.losses`, and that neither compiles nor fits a model. Keras computes a weight regularizer's term only when
`.losses` is read, so the project's own training never computes it: info that says so (a user's own `fit` of
one of its models would add the term). A read, a compile or a fit anywhere in the project (a test's fit too), or
no tape step of trainable variables (a gradient of inputs, a tape only in a test), keeps the warning. An L2 sum
the step adds itself is computed: a warning whatever the project does."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths

MODEL = """\
import tensorflow as tf


class Reg(tf.keras.regularizers.Regularizer):
  def __call__(self, w):
    return 1e-4 * tf.reduce_sum(tf.square(w))


class Model(tf.keras.Model):
  def __init__(self):
    super().__init__()
    self.dense = tf.keras.layers.Dense(8, kernel_regularizer=tf.keras.regularizers.l2(1e-4))
    self.out = tf.keras.layers.Dense(1, kernel_regularizer=Reg())

  def call(self, x):
    return self.out(self.dense(x))
"""
TRAIN = """\
import tensorflow as tf
from pkg.model import Model


def train(data, steps):
  model = Model()
  optimizer = tf.keras.optimizers.Adam()
  for x, y in data.take(steps):
    with tf.GradientTape() as tape:
      loss = tf.reduce_mean(tf.square(model(x) - y)){extra}
    {gradient}
    optimizer.apply_gradients(zip(grads, {variables}))
"""
GRADIENT = "grads = tape.gradient(loss, model.trainable_variables)"
UNREAD = "this project's own training never computes it"


def findings(files, root):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2")
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity, UNREAD in f.message)
            for f in result.findings]


def tree(extra="", gradient=GRADIENT, variables="model.trainable_variables", train="pkg/train.py", **more):
    return {"pkg/__init__.py": "", "pkg/model.py": MODEL,
            train: TRAIN.format(extra=extra, gradient=gradient, variables=variables), **more}


BOTH_INFO = [("model.py", 6, Severity.INFO, True), ("model.py", 12, Severity.INFO, True)]
BOTH_WARNINGS = [("model.py", 6, Severity.WARNING, False), ("model.py", 12, Severity.WARNING, False)]


@pytest.mark.parametrize("gradient, variables", [
    (GRADIENT, "model.trainable_variables"),
    ("variables = model.trainable_weights\n    grads = tape.gradient(loss, variables)", "variables"),
    ("grads = tape.gradient(loss, model.variables)", "model.trainable_variables"),  # (the applied ones say it)
    ("variables = model.trainable_variables\n    grads = tape.gradient(target=loss, sources=variables)",
     "variables"),  # (by keyword: text-sim's step)
])
def test_info_regularizers_of_a_project_whose_own_tape_steps_never_read_losses(tmp_path, gradient, variables):
    assert findings(tree(gradient=gradient, variables=variables), tmp_path) == BOTH_INFO


def test_warning_where_the_step_reads_the_losses(tmp_path):
    """(The sum itself is plumbing: info.)"""
    assert findings(tree(extra=" + tf.add_n(model.losses)"), tmp_path) == [
        *BOTH_WARNINGS, ("train.py", 10, Severity.INFO, False)]


@pytest.mark.parametrize("files", [
    # a plain module (it names no framework: the cheap test skips it) that compiles, or fits, a project's model
    tree(**{"pkg/fit.py": "def fit(model, data):\n  model.compile('adam', 'mse')\n  return model\n"}),
    tree(**{"tests/test_fit.py": "def test_fit(model, data):\n  model.fit(data, epochs=1)\n"}),  # users fit
    tree(gradient="grads = tape.gradient(loss, x)", variables="[x]"),  # a gradient of inputs: no training
    tree(train="tests/test_train.py"),  # a test's step
])
def test_warning_where_the_project_may_add_the_terms_or_trains_no_model(tmp_path, files):
    assert findings(files, tmp_path) == BOTH_WARNINGS


def test_warning_for_an_l2_sum_the_step_adds_itself(tmp_path):
    extra = " + 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])"
    assert findings(tree(extra=extra), tmp_path) == [*BOTH_INFO, ("train.py", 10, Severity.WARNING, False)]


def test_info_says_why_and_what_would_add_the_term(tmp_path):
    result = lint_paths([str(project(tmp_path, tree()))], select=["TFP301"], target="gaudi2")
    messages = {f.message for f in result.findings}
    assert len(messages) == 2 and all(m.endswith("a user's own fit of the model would add it]") for m in messages)
    assert not any("not in the device's training step" in m for m in messages)
