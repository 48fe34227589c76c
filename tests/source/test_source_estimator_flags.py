"""TFP502: a TPUEstimator whose `use_tpu` is a boolean flag this file defines False by default (BERT's programs
run as defined on an HPU take a plain Estimator), and an Estimator a program only predicts or evaluates with
(inference, info)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def found(code: str) -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value)
            for f in lint_text(textwrap.dedent(code), "run_classifier.py", target="gaudi2", select=["TFP502"])]


FLAG_PROGRAM = """\
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_bool("use_tpu", {default}, "Whether to use TPU or GPU/CPU.")

def main(_):
    estimator = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn)
    estimator.train(input_fn=train_input_fn, max_steps=1000)
"""


def test_use_tpu_flag_false_by_default_is_a_plain_estimator():
    assert found(FLAG_PROGRAM.format(default="False")) == [(8, "warning")]


def test_use_tpu_flag_true_by_default_is_left_to_the_run():
    assert found(FLAG_PROGRAM.format(default="True")) == []


def test_use_tpu_flag_defined_elsewhere_is_not_judged():
    code = FLAG_PROGRAM.format(default="False").replace('flags.DEFINE_bool("use_tpu"', 'flags.DEFINE_bool("tpu_on"')
    assert found(code) == []


def test_absl_define_boolean_with_default_keyword():
    code = """\
    from absl import flags
    import tensorflow as tf

    FLAGS = flags.FLAGS
    flags.DEFINE_boolean("use_tpu", default=False, help="TPU or not")

    def main(_):
        est = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn)
        est.train(input_fn=train_input_fn)
    """
    assert found(code) == [(8, "warning")]


def test_an_estimator_only_predicted_with_is_inference():
    code = """\
    import tensorflow as tf

    def main(model_fn, input_fn):
        estimator = tf.estimator.Estimator(model_fn=model_fn)
        for result in estimator.predict(input_fn):
            print(result)
    """
    assert found(code) == [(4, "info")]


def test_an_estimator_that_also_trains_stays_a_warning():
    code = """\
    import tensorflow as tf

    def main(model_fn, input_fn):
        estimator = tf.estimator.Estimator(model_fn=model_fn)
        estimator.train(input_fn)
        return estimator.evaluate(input_fn)
    """
    assert found(code) == [(4, "warning")]


def test_an_estimator_handed_on_stays_a_warning():
    code = """\
    import tensorflow as tf

    def main(model_fn, input_fn, spec):
        estimator = tf.estimator.Estimator(model_fn=model_fn)
        tf.estimator.train_and_evaluate(estimator, spec, spec)
        return estimator.predict(input_fn)
    """
    assert found(code) == [(4, "warning")]
