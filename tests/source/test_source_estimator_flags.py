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

from model import model_fn, train_input_fn
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

    from model import model_fn, train_input_fn
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


# A program reading the flags of a module it imports (BERT's run_classifier_with_tfhub reads run_classifier's
# --use_tpu): the project's definitions of a flag of that name give its default (`FLAG_DEFAULT`, keyed by the name).
IMPORTING_PROGRAM = """\
import tensorflow as tf
from pkg import run_classifier

flags = tf.flags
FLAGS = flags.FLAGS

def main(_):
    estimator = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn)
    estimator.train(input_fn=train_input_fn, max_steps=1000)

from model import model_fn, train_input_fn
"""
DEFINING_MODULE = """\
import tensorflow as tf

flags = tf.flags
flags.DEFINE_bool("use_tpu", {default}, "Whether to use TPU or GPU/CPU.")
flags.DEFINE_integer("train_batch_size", 32, "Total batch size for training.")
"""


def _project(tmp_path, files):
    from conftest import write_tree
    from tfperf.source import lint_paths

    write_tree(tmp_path, files)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP502"], jobs=1).findings)


def test_use_tpu_flag_another_module_defines_false_is_a_plain_estimator(tmp_path):
    found = _project(tmp_path, {"pkg/__init__.py": "", "pkg/run_tfhub.py": IMPORTING_PROGRAM,
                                "pkg/run_classifier.py": DEFINING_MODULE.format(default="False")})
    assert found == [("run_tfhub.py", 8, "warning")]


def test_use_tpu_flag_another_module_defines_true_or_not_a_literal_is_left_to_the_run(tmp_path):
    for default in ("True", "os.environ.get('TPU') is not None"):
        found = _project(tmp_path, {"pkg/__init__.py": "", "pkg/run_tfhub.py": IMPORTING_PROGRAM,
                                    "pkg/run_classifier.py": "import os\n" + DEFINING_MODULE.format(default=default)})
        assert found == [], default


def test_use_tpu_flag_two_modules_define_differently_is_left_to_the_run(tmp_path):
    found = _project(tmp_path, {"pkg/__init__.py": "", "pkg/run_tfhub.py": IMPORTING_PROGRAM,
                                "pkg/run_classifier.py": DEFINING_MODULE.format(default="False"),
                                "pkg/run_tpu.py": DEFINING_MODULE.format(default="True")})
    assert found == []


def test_a_flag_of_another_name_defined_false_elsewhere_is_not_this_one(tmp_path):
    module = DEFINING_MODULE.format(default="False").replace('"use_tpu"', '"use_fp16"')
    found = _project(tmp_path, {"pkg/__init__.py": "", "pkg/run_tfhub.py": IMPORTING_PROGRAM,
                                "pkg/run_classifier.py": module})
    assert found == []


# A flag no module of the project defines (it comes from outside, its default unseen): the program that tests it to
# set its TPU up only when given (`if FLAGS.use_tpu and FLAGS.tpu_name:`) is written to run without one, as on an HPU.
UNDEFINED_FLAG_PROGRAM = """\
import tensorflow as tf
from tensorflow.contrib import tpu as contrib_tpu

FLAGS = tf.flags.FLAGS

def main(_):
    resolver = None
    if FLAGS.use_tpu and FLAGS.tpu_name:
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver(FLAGS.tpu_name)
    estimator = contrib_tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=resolver)
    estimator.train(input_fn=train_input_fn, max_steps=1000)

from model import model_fn, train_input_fn
"""


def test_use_tpu_flag_defined_nowhere_and_tested_by_the_program_is_a_plain_estimator(tmp_path):
    assert found(UNDEFINED_FLAG_PROGRAM) == [(10, "warning")]
    conditional = UNDEFINED_FLAG_PROGRAM.replace("    if FLAGS.use_tpu and FLAGS.tpu_name:\n        resolver = ",
                                                 "    resolver = None if not FLAGS.use_tpu else ")
    assert found(conditional) == [(9, "warning")]


def test_use_tpu_flag_defined_nowhere_and_never_tested_is_left_to_the_run():
    assert found(UNDEFINED_FLAG_PROGRAM.replace("if FLAGS.use_tpu and FLAGS.tpu_name:", "if FLAGS.tpu_name:")) == []


def test_use_tpu_flag_another_module_defines_true_and_the_program_tests_is_left_to_the_run(tmp_path):
    program = UNDEFINED_FLAG_PROGRAM.replace("from tensorflow.contrib", "from pkg import flags_def\nfrom tensorflow.contrib")
    found_ = _project(tmp_path, {"pkg/__init__.py": "", "pkg/run.py": program,
                                 "pkg/flags_def.py": DEFINING_MODULE.format(default="True")})
    assert found_ == []
