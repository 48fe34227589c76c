"""A function's context from its call sites in the project, transitively: through a function stored
in a local variable and called (also a choice of two), a `tf.custom_gradient` wrapper, a closure
handed to a TensorFlow op that runs it (`tf.scan`), and the device half of a run-time CPU choice
(`if use_cpu: with tf.device("/CPU:0"): return f(x)` / `return f(x)`: info that says so). Each
form beside a look-alike that stays a warning (held-out set 2's RNN-T loss, TensorFlowASR)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text
from tfperf.source.context import meet, propagate

HELPER = """\
import tensorflow as tf

def dp(x):
    return tf.transpose(x, perm=[1, 2, 0])

"""


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(HELPER + textwrap.dedent(code), path, target="gaudi2", select=["TFP101"])]


def severities(code: str):
    return [severity for _, severity, _ in lint(code)]


# --- the device half of a run-time CPU choice

CHOICE = """\
def loss(x, use_cpu=False):
    if use_cpu:
        with tf.device("/CPU:0"):
            return dp(x)
    return dp(x)
"""


def test_the_same_call_under_a_cpu_device_in_the_branch_before_makes_the_callee_info_saying_when():
    [(line, severity, message)] = lint(CHOICE)
    assert (line, severity) == (4, "info")
    assert message.endswith('[loss runs it under tf.device("/CPU:0") when use_cpu (decided at run time), '
                            'else on the device]')
    assert "on gaudi2" in message  # the device stays named: it runs there when the caller so chooses


def test_the_else_form_and_a_negated_test_name_the_condition_of_the_cpu_branch():
    code = """\
    def loss(x, on_accelerator):
        if on_accelerator:
            y = dp(x)
        else:
            with tf.device("/cpu:0"):
                y = dp(x)
        return y
    """
    [(_, severity, message)] = lint(code)
    assert severity == "info" and 'under tf.device("/cpu:0") when not on_accelerator' in message


def test_a_device_call_that_is_not_the_same_call_or_not_chosen_at_run_time_stays_a_warning():
    other_arguments = CHOICE.replace("\n    return dp(x)\n", "\n    return dp(x * 2)\n")
    literal_test = """\
    USE_CPU = False

    def loss(x):
        if USE_CPU:
            with tf.device("/CPU:0"):
                return dp(x)
        return dp(x)
    """
    gpu_branch = CHOICE.replace("/CPU:0", "/GPU:0")
    falls_through = CHOICE.replace("        return dp(x)", "        y = dp(x)")
    for code in (other_arguments, literal_test, gpu_branch, falls_through):
        assert "warning" in severities(code), code


def test_a_run_time_choice_is_followed_through_a_stored_function_and_a_custom_gradient_closure():
    # the RNN-T loss: `loss_fn = a if warp is None else b`, called in both branches; a's nested
    # @tf.custom_gradient function calls the helper that calls dp
    code = """\
    warp = None

    def helper(x):
        return dp(x)

    def loss_tf(x):
        @tf.custom_gradient
        def with_grad(t):
            return helper(t), lambda g: g
        return with_grad(x)

    def loss_warp(x):
        return x

    def loss(x, use_cpu=False):
        loss_fn = loss_tf if warp is None else loss_warp
        if use_cpu:
            with tf.device("/CPU:0"):
                return loss_fn(x)
        return loss_fn(x)

    class Loss:
        def call(self, x):
            return loss(x, use_cpu=self.use_cpu)
    """
    [(line, severity, message)] = lint(code)
    assert (line, severity) == (4, "info") and "loss runs it under" in message


def test_a_caller_that_is_itself_off_the_device_gives_its_own_context():
    [(_, severity, message)] = lint(CHOICE.replace("def loss", "def evaluate"))
    assert severity == "info" and message.endswith("[evaluation code: not in the device's training step]")


def test_a_device_caller_elsewhere_keeps_the_warning():
    code = CHOICE + """
    def train_step(x):
        return dp(x) + 1
    """
    assert severities(code) == ["warning"]


# --- functions stored in a local and called, custom_gradient wrappers, closures handed to tf.scan


def test_a_function_stored_in_a_local_takes_the_context_of_its_calls():
    code = """\
    def _other(x):
        return x

    def evaluate(x, fast):
        fn = dp if fast else _other
        return fn(x)
    """
    assert severities(code) == ["info"]  # only evaluation calls dp


def test_a_stored_function_that_is_handed_on_has_an_unknown_caller():
    code = """\
    def evaluate(x, run):
        fn = dp
        return run(fn, x) + fn(x)
    """
    assert severities(code) == ["warning"]  # `run` may call it anywhere


def test_a_custom_gradient_wrapper_calls_its_function():
    code = """\
    def evaluate(x):
        wrapped = tf.custom_gradient(dp)
        return wrapped(x)
    """
    assert severities(code) == ["info"]
    handed_on = """\
    def evaluate(x, run):
        return run(tf.custom_gradient(dp), x)
    """
    assert severities(handed_on) == ["warning"]


def test_a_closure_handed_to_tf_scan_runs_where_its_function_does():
    code = """\
    def _scan_loss(x):
        def step(acc, t):
            return acc + tf.transpose(t, perm=[1, 0])
        return tf.scan(step, x)

    def evaluate(x):
        return _scan_loss(x)
    """
    # (dp, line 4, has no caller: the project's API, which no layer, loss or training step of the project
    # reaches: info too, saying so)
    assert [(line, severity) for line, severity, _ in lint(code)] == [(4, "info"), (8, "info")]
    stored = code.replace("return tf.scan(step, x)", "return keep(step, x)")  # a call that may keep it
    assert [severity for line, severity, _ in lint(stored) if line == 8] == ["warning"]


# --- the meet of the callers' kinds


def test_a_run_time_choice_is_the_meet_of_callers_that_reach_the_device_only_through_it():
    choice = "cpu-when:f runs it under tf.device('/CPU:0') when c (decided at run time), else on the device"
    assert meet(["cpu", choice]) == choice and meet(["eval", choice]) == choice
    assert meet([None, choice]) is None
    contexts = propagate({"m.g": [("m.f", choice), "!cpu"], "m.f": ["?"], "m.h": [("m.e", choice)],
                          "m.e": ["!eval"]})
    assert contexts["m.g"] == choice and contexts["m.h"] == "eval"


# --- a CPU placement takes device work off the device, not a tf.data pipeline off the training path

def test_a_pipeline_built_under_a_cpu_scope_still_feeds_the_step():
    # TF1 examples build their input under `with tf.device("/cpu:0")`: tf.data runs on the host
    # whatever the scope, so a sequential map is a warning there; a transpose in the scope is info
    code = textwrap.dedent("""\
        import tensorflow as tf

        def inputs(files, x):
            with tf.device("/cpu:0"):
                ds = tf.data.TFRecordDataset(files).map(parse).batch(8, drop_remainder=True).prefetch(1)
                y = tf.transpose(x, perm=[1, 2, 0])
            return ds, y
        """)
    found = {f.code: f for f in lint_text(code, "train.py", target="gaudi2", select=["TFP404", "TFP101"],
                                          tensorflow_version="2.6")}  # (a TensorFlow that runs no map in parallel)
    assert found["TFP404"].severity.value == "warning" and "[" not in found["TFP404"].message
    assert found["TFP101"].severity.value == "info" and "placed on the CPU by tf.device" in found["TFP101"].message


# --- a function handed to a project function's parameter runs where that function calls it

SURGERY = """\
def _fuse(model, process=None):
    for layer in model.layers:
        if process is not None:
            layer.set_weights(process(layer))

def convert(model):
    fold = lambda layer: [dp(w) for w in layer.weights]
    return _fuse(model, process=fold)
"""


def test_a_lambda_handed_to_a_parameter_the_callee_only_calls_runs_where_it_calls_it():
    """keras-cv-attention-models' BN fold: the lambda runs in the weight surgery (`set_weights`),
    a one-off tool, so what it calls is info, saying so."""
    [(_, severity, message)] = lint(SURGERY)
    assert severity == "info" and "a one-off tool" in message


def test_a_parameter_the_callee_stores_or_hands_on_keeps_the_caller_s_context():
    stored = SURGERY.replace("        if process is not None:\n            layer.set_weights(process(layer))",
                             "        layer.process = process")
    handed_on = SURGERY.replace("layer.set_weights(process(layer))", "layer.set_weights(tf.map_fn(process, layer))")
    assert severities(stored) == severities(handed_on) == ["warning"]


def test_a_function_named_and_handed_runs_where_the_callee_calls_it_or_anywhere():
    code = """\
    def _scale(x):
        return dp(x) * 2

    def _run(fn, x):
        return fn(x)

    def evaluate(x):
        return _run(_scale, x)
    """
    assert severities(code) == ["info"]  # _run calls fn in evaluate's code only
    assert severities(code.replace("return _run(_scale, x)", "return _run(_scale, x), tf.py_function(_scale, [x], "
                                                                                     "tf.float32)")) == ["warning"]


# --- a function's own name: an eval word takes it off the step unless the name also says training


def test_an_eval_named_function_is_info_but_one_whose_name_also_says_training_is_a_warning():
    # held-out set 5: TF-GAN's `train_eval_input_fn` is what `estimator.train(...)` reads
    code = """\
    def eval_input_fn(x):
        return dp(x)

    def train_eval_input_fn(x):
        return dp(x)

    def train_and_evaluate(x):
        return dp(x)

    def predict_images(x):
        return dp(x)
    """
    found = {line: severity for line, severity, _ in lint(code)}
    assert found == {4: "warning"}  # dp's one finding, reached from the training-named callers
    only_eval = lint("""\
    def eval_input_fn(x):
        return dp(x)
    """)
    assert [(line, severity) for line, severity, _ in only_eval] == [(4, "info")]
    assert "evaluation code" in only_eval[0][2]
