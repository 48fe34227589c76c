"""Datasets that never feed training, by what the code says they are for (`tfperf.source.purpose`): a branch on a
run mode compared with an evaluation/inference value (Estimator ModeKeys, a project's mode enum, a split string,
`in` a set of modes, either side first), and the variable a pipeline leaves in (`valid_ds`, `test_ds`) with the
stages several variables share judged by all of them (a split of one dataset keeps the shared stages training).
Each INVALID form (a warning: the training path) beside VALID look-alikes (info: evaluation or inference)."""

from __future__ import annotations

import ast

import pytest

from conftest import TF_WITHOUT_DEFAULTS, write_tree as project
from tfperf.source import lint_paths
from tfperf.source.purpose import data_name_purpose, mode_branches


def findings(root, files, code="TFP405"):
    # (a TensorFlow that injects no prefetch: TFP402's severity then says only whether the stage feeds training)
    result = lint_paths([str(project(root, files))], select=[code], target="gaudi2", jobs=1,
                        tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert not result.errors
    return sorted((f.source.line, f.severity.value) for f in result.findings)


MODE_BRANCH = """\
import tensorflow as tf


class ModeKeys:
    TRAIN = "train"
    EVAL = "eval"
    INFER = "infer"


def make(files, mode, batch_size):
    ds = tf.data.TFRecordDataset(files)
    if {test}:
        return ds.padded_batch(batch_size, padded_shapes=[None])
    return ds.repeat().padded_batch(batch_size, padded_shapes=[None], drop_remainder=True)
"""


@pytest.mark.parametrize("test", [
    "mode == ModeKeys.INFER",  # a project's mode enum
    "ModeKeys.INFER == mode",  # either side
    "mode is ModeKeys.EVAL",
    "mode == tf.estimator.ModeKeys.PREDICT",
    "mode in (ModeKeys.EVAL, ModeKeys.INFER)",  # a set of modes off the training step
    "mode != ModeKeys.TRAIN",
    "mode not in [ModeKeys.TRAIN]",
    "mode == 'infer'",  # a string held by a name for a mode
    "split == 'validation'",  # ... or for a split
    "data_split in ('val', 'test')",
])
def test_valid_padded_batch_under_an_evaluation_mode(tmp_path, test):
    files = {"pkg/__init__.py": "", "pkg/data.py": MODE_BRANCH.format(test=test)}
    assert findings(tmp_path, files) == [(13, "info"), (14, "warning")]


@pytest.mark.parametrize("test", [
    "mode == ModeKeys.TRAIN",
    "mode in (ModeKeys.TRAIN, ModeKeys.EVAL)",  # holds training
    "mode != ModeKeys.INFER",
    "name == 'test'",  # a string compared with a name that holds no mode
    "mode == Colors.TEST",  # a constant of a class that names no mode
])
def test_invalid_padded_batch_on_the_training_mode(tmp_path, test):
    files = {"pkg/__init__.py": "", "pkg/data.py": MODE_BRANCH.format(test=test)}
    assert (13, "warning") in findings(tmp_path, files)


SPLITS = """\
import tensorflow as tf


def load(batch_size):
    complete = tf.data.TFRecordDataset(["a.tfrecord"]).prefetch(1)
    complete = complete.unbatch()
    {first} = complete.take(100)
    {first} = {first}.batch(batch_size)
    {second} = complete.skip(100)
    {second} = {second}.batch(batch_size)
    return {first}, {second}
"""


@pytest.mark.parametrize("first, second", [("valid_ds", "test_ds"), ("val_data", "eval_set"),
                                           ("validation_dataset", "predict_ds")])
def test_valid_splits_named_for_evaluation_share_their_stages(tmp_path, first, second):
    files = {"pkg/__init__.py": "", "pkg/data.py": SPLITS.format(first=first, second=second)}
    assert findings(tmp_path, files) == [(8, "info"), (10, "info")]
    # the unbatch both evaluation splits share is evaluation input too
    assert findings(tmp_path, files, "TFP402") == [(6, "info"), (8, "info"), (10, "info")]


def test_invalid_split_shared_with_training_keeps_the_shared_stage(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/data.py": SPLITS.format(first="train_ds", second="valid_ds")}
    assert findings(tmp_path, files) == [(8, "warning"), (10, "info")]
    assert findings(tmp_path, files, "TFP402") == [(6, "warning"), (8, "warning"), (10, "info")]


COUNTED = """\
import tensorflow as tf


def load(batch_size):
    complete = tf.data.TFRecordDataset(["a.tfrecord"]).prefetch(1)
    complete = complete.unbatch()
    count = 0
    for _ in complete:
        count += 1
    train_ds = complete.take(count // 2).batch(batch_size)
    return train_ds
"""


def test_invalid_stage_counted_and_trained_on_is_training(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/data.py": COUNTED}
    assert findings(tmp_path, files, "TFP402") == [(6, "warning"), (10, "warning")]


FIT_ON_TEST_NAME = """\
import tensorflow as tf


def train(model, files):
    test_ds = tf.data.TFRecordDataset(files).batch(32)
    model.fit(test_ds, epochs=3)
"""


def test_invalid_pipeline_fit_trains_on_whatever_its_name(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/run.py": FIT_ON_TEST_NAME}
    assert findings(tmp_path, files) == [(5, "warning")]


LOOP_TRAINS = """\
import tensorflow as tf


def train(model, optimizer, files):
    eval_ds = tf.data.TFRecordDataset(files).batch(32)
    for batch in eval_ds:
        optimizer.apply_gradients(model.step(batch))
"""


def test_invalid_loop_that_trains_over_an_eval_named_pipeline(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/run.py": LOOP_TRAINS}
    assert findings(tmp_path, files) == [(5, "warning")]


def _test(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize("text, expected", [
    ("mode == ModeKeys.PREDICT", ("inference", None)),
    ("mode != ModeKeys.TRAIN", ("eval", None)),
    ("mode == ModeKeys.TRAIN", (None, "eval")),
    ("mode in (Mode.EVAL, Mode.INFER)", ("eval", None)),  # evaluation and inference: both off the step
    ("mode in (Mode.TEST, Mode.VALIDATION)", ("eval", None)),
    ("tfds.Split.TEST == split", ("eval", None)),
    ("self._mode == 'generate'", ("inference", None)),
    ("self.config.mode == 'predict_on_the_fly'", ("inference", None)),  # a compound name of one off-step mode
    ("mode != 'evaluate_on_the_fly'", (None, "eval")),
    ("mode == 'train_on_the_fly'", None),  # (a training mode among others: its else may train too)
    ("mode == 'train_and_evaluate'", None),
    ("x == 'test'", None),
    ("mode < 3", None),
])
def test_mode_branches(text, expected):
    assert mode_branches(_test(text)) == expected


@pytest.mark.parametrize("name, expected", [
    ("valid_ds", "eval"), ("test_dataset", "eval"), ("evalInput", "eval"), ("dev_data", "eval"),
    ("predict_ds", "inference"), ("train_val_ds", None), ("dataset", None), ("device_ds", None),
])
def test_data_name_purpose(name, expected):
    assert data_name_purpose(name) == expected


ESTIMATORS_BY_MODE = """\
import tensorflow as tf


class Runner:
    def build(self, model_fn):
        if self.config.mode == "train" or self.config.mode == "train_on_the_fly":
            self.estimator = tf.estimator.Estimator(model_fn=model_fn)
        elif self.config.mode == "predict" or self.config.mode == "predict_on_the_fly":
            self.estimator = tf.estimator.Estimator(model_fn=model_fn)
        elif self.config.mode == "predict" or self.config.mode == "export":
            self.estimator = tf.estimator.Estimator(model_fn=model_fn)
        elif self.config.mode == "predict" or self.debug:
            self.estimator = tf.estimator.Estimator(model_fn=model_fn)
"""


def test_a_branch_on_either_of_two_off_step_modes_is_off_the_step(tmp_path):
    # (easytransfer's engines/model.py, set 70): the modes an `or` names are all the body runs in; an `or` with any
    # other test may run in training
    project(tmp_path, {"pkg/__init__.py": "", "pkg/run.py": ESTIMATORS_BY_MODE})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP502"], jobs=1)
    assert [(f.source.line, f.severity.value) for f in result.findings] == [
        (7, "warning"), (9, "info"), (11, "info"), (13, "warning")]
