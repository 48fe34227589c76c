"""TFP405 and TensorFlow 1's iterator an Estimator's input_fn returns the next element of (held-out set 49's
xdeeprank): `dataset.repeat(num_epochs).batch(n)`, `iterator = dataset.make_one_shot_iterator()`, `return
iterator.get_next()`, the input_fn handed to a TrainSpec through a lambda (`input_fn=lambda: input_fn(files)`; also a
builder's input_fn a lambda calls: `train_input_fn = input_fn_builder(epochs)`, `input_fn=lambda:
train_input_fn(files)`). The Estimator takes the batches to the end of the data as it takes a returned dataset's: a
finite repeat leaves a partial last batch (INVALID: a warning at the batch). VALID: `drop_remainder=True`, an endless
repeat, and the same iterator in a function no Estimator is handed (whether its reader takes the last batch, the
source does not show)."""

from __future__ import annotations

import pytest

from conftest import write_tree as tree
from tfperf.source import lint_paths

INPUTS = """\
import tensorflow as tf


def input_fn(filenames, batch_size=32, num_epochs=1):
    dataset = tf.data.TextLineDataset(filenames).map(tf.strings.to_number, num_parallel_calls=4)
    dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size)
    iterator = dataset.make_one_shot_iterator()
    features = iterator.get_next()
    return features, features
"""
TRAIN = """\
import tensorflow as tf

from pkg.inputs import input_fn


def main(estimator, files, epochs):
    train_spec = tf.estimator.TrainSpec(input_fn=lambda: input_fn(files, num_epochs=epochs))
    eval_spec = tf.estimator.EvalSpec(input_fn=lambda: input_fn(files, num_epochs=1))
    tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)
"""


def findings(root, inputs: str = INPUTS, train: str = TRAIN):
    files = {"pkg/__init__.py": "", "pkg/inputs.py": inputs, "pkg/train.py": train}
    result = lint_paths([str(tree(root, files))], target="gaudi2", select=["TFP405"], jobs=1)
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings]


BUILDER = """\
import tensorflow as tf


def input_fn_builder(num_epochs):
    def input_fn(filenames, batch_size=32):
        dataset = tf.data.TextLineDataset(filenames).repeat(num_epochs).batch(batch_size)
        return dataset.make_one_shot_iterator().get_next()
    return input_fn
"""
BUILT = """\
import tensorflow as tf

from pkg.inputs import input_fn_builder


def main(estimator, files, epochs):
    train_input_fn = input_fn_builder(epochs)
    estimator.train(input_fn=lambda: train_input_fn(files))
"""


def test_an_estimator_input_fn_returning_a_finite_iterators_next_element_keeps_a_partial_batch(tmp_path):
    assert findings(tmp_path) == [("inputs.py", 7, "warning")]


def test_so_does_a_builders_input_fn_a_lambda_calls(tmp_path):
    assert findings(tmp_path, BUILDER, BUILT) == [("inputs.py", 6, "warning")]


@pytest.mark.parametrize("inputs, train", [
    (INPUTS.replace("dataset.batch(batch_size)", "dataset.batch(batch_size, drop_remainder=True)"), TRAIN),
    (INPUTS.replace("dataset.repeat(num_epochs)", "dataset.repeat()"), TRAIN),
    (INPUTS, TRAIN.replace("tf.estimator.train_and_evaluate(estimator, train_spec, eval_spec)",
                           "run_session(lambda: input_fn(files))").replace(
        "    train_spec = tf.estimator.TrainSpec(input_fn=lambda: input_fn(files, num_epochs=epochs))\n"
        "    eval_spec = tf.estimator.EvalSpec(input_fn=lambda: input_fn(files, num_epochs=1))\n", "")),
])
def test_no_partial_batch_or_no_estimator_gives_none(tmp_path, inputs, train):
    assert findings(tmp_path, inputs, train) == []
