"""TFP301: the L2 penalty found in training graphs (custom steps and model.fit's step), counted per
variable; and the --unsafe-fixes source rewrite, run against the original on the same data."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from click.testing import CliRunner

from tfperf.analyze import check_graph
from tfperf.capture import from_training
from tfperf.cli import main
from tfperf.findings import Safety, Severity
from tfperf.rules import get_rule
from tfperf.source import fix_text, lint_text
from tfperf.train import move_l2_to_gradients

RULE = get_rule("TFP301")


def regularized_model():
    model = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(8, kernel_regularizer=keras.regularizers.L2(1e-4), bias_regularizer="l2"),
        keras.layers.Dense(3, kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4)),
        keras.layers.Dense(2),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model


def tfp301(graph):
    return check_graph(graph, "gaudi2", select=["TFP301"])


def test_keras_regularizers_in_the_fit_step():
    findings = tfp301(from_training(regularized_model(), batch_size=4))
    assert len(findings) == 1, [f.message for f in findings]
    message = findings[0].message
    assert "3 trainable variables" in message and f"{6 * 8 + 8 + 8 * 3:,} parameters" in message
    assert findings[0].cost.bytes_moved == 6 * (6 * 8 + 8 + 8 * 3) * 4


def test_after_the_fix_nothing_is_found():
    model = regularized_model()
    move_l2_to_gradients(model)
    assert tfp301(from_training(model, batch_size=4)) == []


def test_no_l2_no_finding():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(2, kernel_regularizer="l1")])
    model.compile(optimizer="sgd", loss="mse")
    assert tfp301(from_training(model, batch_size=4)) == []


def test_the_guide_example_counts_its_variables(capture_code):
    guide = next(e for e in RULE.invalid if e.kind == "graph" and "guide" in e.note)
    # other code than the example's own test: tf.function's autograph cache maps equal code objects of
    # different files to the first file, which would move that test's source lines here
    graph, _ = capture_code(guide.code.replace('"weight_decay"', '"wd"'))
    (finding,) = tfp301(graph)
    assert "2 trainable variables (w1, w2; 144 parameters)" in finding.message


@pytest.mark.parametrize("penalty", ["tf.reduce_sum(w * w)", "tf.reduce_sum(w ** 2)", "tf.reduce_sum(tf.square(w))",
                                     "tf.nn.l2_loss(tf.identity(w))"])
def test_every_square_form_is_found(capture_code, penalty):
    graph, _ = capture_code(f"""\
import tensorflow as tf
w = tf.Variable(tf.ones([4, 3]), name="w")

@tf.function(input_signature=[tf.TensorSpec([2, 4])])
def model(x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.matmul(x, w)) + 0.5 * {penalty}
    w.assign_sub(tape.gradient(loss, w))
    return loss
""")
    (finding,) = tfp301(graph)
    assert "1 trainable variable (w; 12 parameters)" in finding.message


def test_non_trainable_variables_are_not_penalties(capture_code):
    graph, _ = capture_code("""\
import tensorflow as tf
w = tf.Variable(tf.ones([4, 1]), name="w")
frozen = tf.Variable(tf.ones([4, 1]), trainable=False, name="frozen")

@tf.function(input_signature=[tf.TensorSpec([2, 4])])
def model(x):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.matmul(x, w)) + tf.nn.l2_loss(frozen)
    w.assign_sub(tape.gradient(loss, w))
    return loss
""")
    assert tfp301(graph) == []


def test_cli_train_flag(tmp_path):
    module = tmp_path / "fit_model.py"
    module.write_text("import keras\n\ndef build():\n    model = keras.Sequential([keras.Input((6,)), "
                      "keras.layers.Dense(2, kernel_regularizer='l2')])\n    model.compile('sgd', 'mse')\n"
                      "    return model\n\ndef uncompiled():\n    return keras.Sequential([keras.Input((6,)), "
                      "keras.layers.Dense(2)])\n")
    runner = CliRunner()
    found = runner.invoke(main, ["check", "--select", "TFP301", "--train", "--model", f"{module}:build"])
    assert found.exit_code == 1 and "TFP301" in found.output and "1 trainable variable" in found.output
    inference = runner.invoke(main, ["check", "--select", "TFP301", "--model", f"{module}:build"])
    assert inference.exit_code == 0, inference.output  # Keras adds regularizers only when training
    bad = runner.invoke(main, ["check", "--train", "--model", f"{module}:uncompiled"])
    assert bad.exit_code == 2 and "is not compiled" in bad.output and "Traceback" not in bad.output


# ---------------------------------------------------------------------------------------------
# the source rewrite

LOOP = next(e.code for e in RULE.invalid if e.kind == "source" and "--unsafe-fixes" in e.note)


def test_the_rewrite_needs_unsafe_fixes():
    (finding,) = lint_text(LOOP, "loop.py", select=["TFP301"])
    assert finding.fix.safety is Safety.SAME_GRADIENTS and finding.fix.edits
    assert fix_text(LOOP, "loop.py", select=["TFP301"])[2] == 0
    fixed, remaining, applied = fix_text(LOOP, "loop.py", select=["TFP301"], unsafe_fixes=True)
    assert applied == 1 and remaining == [] and "l2_loss" not in fixed


def _train(code: str, x, y, initial):
    namespace: dict = {}
    exec(compile(code, "loop.py", "exec"), namespace)  # noqa: S102 (our own example)
    model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(1)])
    model.set_weights(initial)
    optimizer = keras.optimizers.SGD(0.1, momentum=0.9)
    step = tf.function(lambda xb, yb: namespace["train_step"](model, optimizer, xb, yb))
    losses = [float(step(x[i:i + 4], y[i:i + 4])) for i in range(0, 20, 4)]
    return model.get_weights(), losses


def test_the_rewritten_loop_trains_the_same():
    fixed = fix_text(LOOP, "loop.py", select=["TFP301"], unsafe_fixes=True)[0]
    rng = np.random.default_rng()
    x, y = rng.normal(size=(20, 5)).astype("float32"), rng.normal(size=(20, 1)).astype("float32")
    initial = [rng.normal(size=s).astype("float32") for s in ((5, 4), (4,), (4, 1), (1,))]
    before, loss_before = _train(LOOP, x, y, initial)
    after, loss_after = _train(fixed, x, y, initial)
    assert all(np.all(np.isfinite(v)) for v in after)
    scale = max(np.max(np.abs(u)) for u in before)  # relative to the largest weight, as in tests/train
    assert max(np.max(np.abs(u - v)) for u, v in zip(before, after)) <= 1e-6 * scale
    assert all(a < b for a, b in zip(loss_after, loss_before)), "the returned loss leaves the penalty out"


@pytest.mark.parametrize("code, why", [
    ("""\
import tensorflow as tf

def step(model, opt, x, y, wd):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    grads = tape.gradient(loss, model.trainable_variables[:2])
""", "other variables"),
    ("""\
import tensorflow as tf

def step(model, opt, x, y, wd, use_l2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        if use_l2:
            loss += wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    grads = tape.gradient(loss, model.trainable_variables)
""", "conditionally"),
    ("""\
import tensorflow as tf

def step(model, opt, x, y, wd):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    wd = 0.5
    grads = tape.gradient(loss, model.trainable_variables)
""", "`wd` is assigned"),
    ("""\
import tensorflow as tf

def model_fn(loss, opt):
    total = loss + 1e-4 * tf.add_n([tf.nn.l2_loss(v) for v in tf.compat.v1.trainable_variables()])
    return opt.minimize(total)
""", "tape.gradient"),
    ("""\
import tensorflow as tf

def step(model, x, wd):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        loss = loss + get_wd() * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    grads = tape.gradient(loss, model.trainable_variables)
""", "coefficient"),
    ("""\
import tensorflow as tf

def step(model, x, wd, weights):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])
    grads = tape.gradient(loss, model.trainable_variables, output_gradients=weights)
""", "tape.gradient"),
    ("""\
import tensorflow as tf

def step(model, x, wd, frozen):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(model(x))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables if v.name not in frozen])
    frozen = []
    grads = tape.gradient(loss, model.trainable_variables)
""", "`frozen` is assigned"),
])
def test_other_shapes_are_explained_not_rewritten(code, why):
    (finding,) = lint_text(code, "step.py", select=["TFP301"])
    assert finding.fix.safety is Safety.ADVISORY and not finding.fix.edits
    assert "not rewritten automatically" in finding.fix.description and why in finding.fix.description


SUMMED = """\
import tensorflow.compat.v1 as tf

def total(loss):
    return loss + tf.losses.get_regularization_loss()
"""


def test_the_collection_sum_is_plumbing_where_the_project_builds_its_l2_terms():
    """set 4/5's convention: each L2 term is reported where it is built; the sum is info that says so.
    With no builder in the project, the collection holds terms built elsewhere or none: info, cost unknown
    (edward's inference classes, set 58)."""
    built = SUMMED + """
def head(x):
    return tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(1e-4))(x)
"""
    found = {(f.source.line, f.severity.value) for f in lint_text(built, "gan.py", select=["TFP301"])}
    assert found == {(4, "info"), (7, "warning")}
    [info] = [f for f in lint_text(built, "gan.py", select=["TFP301"]) if f.severity.value == "info"]
    assert info.message.endswith("each L2 term is reported where this project builds its regularizer")
    [alone] = lint_text(SUMMED, "gan.py", select=["TFP301"])
    assert (alone.source.line, alone.severity.value) == (4, "info")
    assert alone.message.endswith("models built elsewhere (its users', a library's) or none; their cost is not known here")


INFERENCE = """\
import tensorflow as tf

class KLqp(VariationalInference):
    def build_loss_and_gradients(self, var_list):
        p_log_lik = tf.reduce_mean(self.scale * self.log_lik())
        reg_penalty = tf.reduce_sum(tf.losses.get_regularization_losses())
        loss = -p_log_lik + reg_penalty
        return loss, tf.gradients(loss, var_list)
"""


def test_a_library_that_builds_no_l2_sums_its_users_collection_at_info():
    """edward's inference classes (set 58): the collection is the user's model's, whose regularizers this
    project never sees; a warning there would claim a cost it cannot price."""
    [found] = lint_text(INFERENCE, "edward/inferences/klqp.py", select=["TFP301"])
    assert (found.source.line, found.severity.value) == (6, "info")
    assert "this project builds no L2 regularizer" in found.message


MODEL_LOSSES = """\
import tensorflow as tf

def train_step(model, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss += tf.add_n(model.losses)
    return tape.gradient(loss, model.trainable_variables)
"""


def test_the_model_losses_sum_is_plumbing_too():
    """`loss += add_n(model.losses)` is the same sum as get_regularization_loss(): with an L2 builder in the
    project it is info (the builder is the warning); with none it is not reported (the user's layers)."""
    built = MODEL_LOSSES + """
def head(units):
    return tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.L2(1e-4))
"""
    found = {(f.source.line, f.severity.value) for f in lint_text(built, "step.py", select=["TFP301"])}
    assert found == {(6, "info"), (10, "warning")}
    assert lint_text(MODEL_LOSSES, "step.py", select=["TFP301"]) == []


FROZEN = """\
import re
import tensorflow as tf

class Train(tf.keras.Model):
    def _freeze_vars(self):
        if self.freeze:
            return [v for v in self.trainable_variables if not re.match(self.freeze, v.name)]
        return self.trainable_variables

    def _reg_l2_loss(self, weight_decay):
        return weight_decay * tf.add_n([tf.nn.l2_loss(v) for v in self._freeze_vars() if "kernel" in v.name])

    def train_step(self, data):
        with tf.GradientTape() as tape:
            loss = self.compiled_loss(data[1], self(data[0])) + self._reg_l2_loss(4e-5)
        return tape.gradient(loss, self.trainable_variables)
"""


def test_an_l2_loop_over_a_method_returning_the_trainable_variables_is_found():
    """EfficientDet's Keras trainer (held-out set 6): the L2 loop reads `self._freeze_vars()`, whose
    every return is the trainable variables or a filtered subset; a method returning any other list on
    one path (the non-trainable variables) is no L2 of the weights."""
    (finding,) = lint_text(FROZEN, "train.py", select=["TFP301"])
    assert (finding.source.line, finding.severity) == (11, Severity.WARNING)
    assert finding.message == "L2 of every trainable variable is computed in the forward pass"
    other = FROZEN.replace("        return self.trainable_variables\n", "        return self.non_trainable_variables\n")
    assert lint_text(other, "train.py", select=["TFP301"]) == []


GATED_HELPER = """\
import tensorflow as tf

def _regularizer(weight_decay=None):
    if not weight_decay:
        return None
    return tf.keras.regularizers.L2(weight_decay)

def dense(units, weight_decay=None, **config):
    return tf.keras.layers.Dense(units, kernel_regularizer={call})
"""


@pytest.mark.parametrize("call, severities", [
    ("_regularizer()", []),  # the helper's default: None, which builds nothing
    ("_regularizer(0.0)", []),
    ("_regularizer(weight_decay)", []),  # the caller's parameter: None from every caller
    ("_regularizer(1e-4)", [Severity.WARNING]),
    ("_regularizer(**config)", [Severity.WARNING]),  # what it passes is not shown: judged as before
    ("_regularizer(config['wd'])", [Severity.WARNING]),
])
def test_a_helper_building_its_regularizer_only_for_a_strength_is_judged_by_what_the_call_passes(call, severities):
    found = lint_text(GATED_HELPER.format(call=call), "layers.py", select=["TFP301"])
    assert [f.severity for f in found] == severities


GATED_FORMS = {
    "if/else": """\
    if wd:
        reg = tf.keras.regularizers.l2(wd)
    else:
        reg = None
    return tf.keras.layers.Dense(4, kernel_regularizer=reg)(x)""",
    "is not None": """\
    reg = tf.keras.regularizers.l2(wd) if wd is not None else None
    return tf.keras.layers.Dense(4, kernel_regularizer=reg)(x)""",
    "None if": """\
    return tf.keras.layers.Dense(4, kernel_regularizer=None if not wd else tf.keras.regularizers.L2(wd / 2))(x)""",
    "early return": """\
    if wd is None or x is None:
        return tf.keras.layers.Dense(4)(x)
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2(wd))(x)""",
    "and": """\
    reg = tf.keras.regularizers.l2(wd) if use_reg and wd > 0 else None
    return tf.keras.layers.Dense(4, kernel_regularizer=reg)(x)""",
}


@pytest.mark.parametrize("form", sorted(GATED_FORMS))
@pytest.mark.parametrize("passed, severities", [("", []), ("wd=None", []), ("wd=1e-4", [Severity.WARNING]),
                                                ("wd=flags.wd", [Severity.WARNING])])
def test_a_regularizer_built_only_under_a_test_of_its_strength(form, passed, severities):
    code = f"import tensorflow as tf\n\ndef _head(x, wd=None, use_reg=True):\n{GATED_FORMS[form]}\n\n" \
           f"def model(x, flags):\n    return _head(x, {passed})\n"
    assert [f.severity for f in lint_text(code, "heads.py", select=["TFP301"])] == severities


def test_an_early_return_under_a_test_not_only_of_the_strength_does_not_gate_it():
    """`if use_reg and not wd: return` leaves the regularizer built for wd=None when use_reg is false."""
    code = """\
import tensorflow as tf

def _head(x, wd=None, use_reg=True):
    if use_reg and not wd:
        return tf.keras.layers.Dense(4)(x)
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2(wd))(x)

def model(x):
    return _head(x, use_reg=False)
"""
    assert [f.severity for f in lint_text(code, "heads.py", select=["TFP301"])] == [Severity.WARNING]
