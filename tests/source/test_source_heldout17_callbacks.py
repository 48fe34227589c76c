"""TFP501 forms held-out set 17 (tensor2tensor) showed reported on the training step when the code runs off it,
one synthetic form each with its look-alike: a callback that returns nothing under `tf.cond(flag, ..., tf.no_op)`
(a video dump); a metric function a registry of metrics holds (`METRICS_FNS = {...: sari_score}`); an input_fn
a factory returns (`make_input_fn_from_generator`) to callers that hand theirs to `estimator.predict`."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP501"])]


def project(tmp_path, files):
    result = lint_paths([str(tree(tmp_path, files))], target="gaudi2", select=["TFP501"], jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value, f.message)
                  for f in result.findings)


# --- a callback that returns nothing, one branch of tf.cond whose other does nothing

DUMP = """\
import tensorflow as tf

class Env:
    def __init__(self, every):
        self.counter = tf.Variable(0)
        self.dumping = tf.equal(self.counter % every, 0)

    def _dump(self, frames):
        print(frames.shape)

    def step(self, frames):
        dumped = tf.cond(self.dumping, {branch})
        with tf.control_dependencies([dumped]):
            return tf.identity(frames)
"""


def test_an_output_less_callback_under_a_cond_with_a_no_op_branch_is_info():
    for branch in ("lambda: tf.py_func(self._dump, [frames], []), tf.no_op",
                   "tf.no_op, lambda: tf.numpy_function(self._dump, [frames], ())",
                   "true_fn=lambda: tf.py_func(self._dump, [frames], Tout=[]), false_fn=lambda: tf.no_op()"):
        assert lint(DUMP.format(branch=branch)) == [(12, "info")], branch
    message = lint_text(DUMP.format(branch=DUMP_BRANCH), "model.py", target="gaudi2", select=["TFP501"])[0].message
    assert "returns nothing to the graph" in message and "tf.cond(self.dumping)" in message


DUMP_BRANCH = "lambda: tf.py_func(self._dump, [frames], []), tf.no_op"


def test_a_callback_with_outputs_or_whose_other_branch_works_keeps_the_warning():
    for branch in ("lambda: tf.py_func(self._dump, [frames], [tf.float32]), lambda: [frames]",  # a value
                   "lambda: tf.py_func(self._dump, [frames], []), lambda: tf.py_func(self._dump, [frames], [])",
                   "lambda: tf.py_func(self._dump, [frames], tf.float32), lambda: frames"):
        assert {severity for _, severity in lint(DUMP.format(branch=branch))} == {"warning"}, branch


def test_an_output_less_callback_run_unconditionally_keeps_the_warning():
    code = """\
    import tensorflow as tf

    def train_op(memory, indices, loss, optimizer):
        update = tf.numpy_function(memory.set_priority, [indices, tf.sqrt(loss)], [])
        with tf.control_dependencies([update]):
            return optimizer.minimize(loss)
    """
    assert lint(code) == [(4, "warning")]


# --- a registry of metric functions

METRICS = """\
import numpy as np
import tensorflow as tf

def score(predictions, labels):
    return tf.py_func(lambda p, l: np.float32(np.mean(p == l)), [predictions, labels], tf.float32)

def overlap(predictions, labels, **kwargs):
    return score(predictions, labels), tf.constant(1.0)

{name} = {{
    "overlap": overlap,
}}
"""


def test_a_function_a_registry_of_metrics_holds_is_evaluation():
    for name in ("METRICS_FNS", "EVAL_METRICS", "_metric_functions"):
        [(line, severity)] = lint(METRICS.format(name=name))
        assert (line, severity) == (5, "info"), name
    [finding] = lint_text(METRICS.format(name="METRICS_FNS"), "model.py", target="gaudi2", select=["TFP501"])
    assert "evaluation code" in finding.message


def test_a_registry_named_otherwise_or_for_training_keeps_the_warning():
    for name in ("LOSS_FNS", "TRAIN_METRICS", "FNS", "PREDICTION_HEADS"):
        assert lint(METRICS.format(name=name)) == [(5, "warning")], name


def test_a_registry_in_another_module_is_read_through_the_import(tmp_path):
    found = project(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/sari.py": METRICS.split("{name}")[0],
        "pkg/metrics.py": """\
            import tensorflow as tf
            from pkg import sari

            METRICS_FNS = {"sari": sari.overlap}
            """,
    })
    assert [(path, line, severity) for path, line, severity, _ in found] == [("sari.py", 5, "info")]


# --- an input_fn a factory returns, to callers handing theirs to estimator.predict / train

FACTORY = """\
import tensorflow as tf

def make_input_fn_from_generator(gen):
    first = next(gen)

    def input_fn():
        return tf.py_func(lambda: next(gen), [], [tf.int32])

    return input_fn

def run(estimator, gen):
    def input_fn():
        gen_fn = make_input_fn_from_generator(gen)
        return gen_fn()

    return list(estimator.{method}(input_fn))
"""


def test_a_factory_whose_callers_hand_their_input_fn_to_predict_is_inference():
    [(line, severity)] = lint(FACTORY.format(method="predict"))
    assert (line, severity) == (7, "info")
    [finding] = lint_text(FACTORY.format(method="predict"), "model.py", target="gaudi2", select=["TFP501"])
    assert "inference-only code" in finding.message
    assert lint(FACTORY.format(method="evaluate")) == [(7, "info")]


def test_a_factory_whose_callers_hand_their_input_fn_to_train_keeps_the_warning():
    assert lint(FACTORY.format(method="train")) == [(7, "warning")]


def test_a_project_method_called_predict_is_no_framework_contract():
    code = FACTORY.format(method="predict") + """\

class Runner:
    def predict(self, fn):
        return fn()

def main(gen):
    return Runner().predict(make_input_fn_from_generator(gen))
"""
    assert lint(code) == [(7, "warning")]


def test_a_returned_closure_of_a_factory_the_training_code_calls_keeps_the_warning():
    code = FACTORY.format(method="predict") + """\

def train(estimator, gen):
    estimator.train(make_input_fn_from_generator(gen))
"""
    assert lint(code) == [(7, "warning")]


# --- a callback's value that only the tf.data pipeline reads (a sampling distribution a map function captures)

SCHEDULE = """\
import numpy as np
import tensorflow as tf


def choose(pmf, fns):
    return fns[0]()


def mixed_dataset(datasets, pmf=None):
    pmf = tf.fill([len(datasets)], 1.0 / len(datasets)) if pmf is None else pmf
    samplers = [iter(d.repeat()).get_next for d in datasets]
    sample = lambda _: choose(pmf, samplers)
    return tf.data.Dataset.from_tensors([]).repeat().map(sample)


def schedule_pmf(steps, pmfs, global_step):
    return tf.reshape(tf.py_func(lambda x: np.interp(x, steps, pmfs), [global_step], tf.float32), [len(pmfs)])


class Mixture:
    def dataset(self, datasets, global_step):
        pmf = schedule_pmf(self.steps, self.pmfs, global_step)
        {use}
"""


def test_a_callback_whose_value_only_a_map_function_captures_is_the_pipelines():
    [(line, severity)] = lint(SCHEDULE.format(use="return mixed_dataset(datasets, pmf)"))
    assert (line, severity) == (17, "info")
    [finding] = lint_text(SCHEDULE.format(use="return mixed_dataset(datasets, pmf=pmf)"), "model.py",
                          target="gaudi2", select=["TFP501"])
    assert "hands its value only to functions the tf.data input pipeline runs" in finding.message


def test_a_callback_whose_value_the_model_reads_too_keeps_the_warning():
    for use in ("self.weights = pmf\n        return mixed_dataset(datasets, pmf)",
                "return mixed_dataset(datasets, pmf), tf.reduce_sum(pmf)",
                "return pmf"):
        assert lint(SCHEDULE.format(use=use)) == [(17, "warning")], use


def test_a_parameter_read_outside_the_pipeline_keeps_the_warning():
    code = SCHEDULE.replace("    sample = lambda _:", "    tf.summary.histogram('pmf', pmf)\n    sample = lambda _:")
    assert lint(code.format(use="return mixed_dataset(datasets, pmf)")) == [(18, "warning")]
