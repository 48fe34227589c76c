"""A tf.data map function a project factory returns (`ds.map(get_paramed_map_fn(size))`, or `map_fn =
make_parse_fn(cfg)` read only as the map's function; set 51's augmentation factories): the factory runs where the
pipeline is built and what it returns, a closure or a partial of a project function (`return partial(_map_fn,
data_aug_fn=aug)`), runs in the pipeline, on the host, so a device rule says nothing there (TFP501's
`py_function`, TFP101's transpose). A factory whose result some code also calls outside a pipeline keeps it on the
device."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

FACTORY = """\
import numpy as np
import tensorflow as tf


def _augment(image):
    return np.flip(image, 0)


def get_paramed_map_fn(size):
    def _map_fn(image, label):
        image = tf.py_function(_augment, [image], tf.float32)
        image = tf.transpose(image, [2, 0, 1])
        return image, label
    return _map_fn
"""
TRAIN = """\
import tensorflow as tf
from pkg.ops import get_paramed_map_fn


def train(model, images, labels):
    ds = tf.data.Dataset.from_tensor_slices((images, labels))
{body}
    model.fit(ds.batch(8).prefetch(2))
"""


PARTIAL = """\
from functools import partial

import numpy as np
import tensorflow as tf


def _augment(image, size):
    return np.flip(image, 0)


def _map_fn(image, label, aug_fn):
    image = tf.py_function(aug_fn, [image], tf.float32)
    image = tf.transpose(image, [2, 0, 1])
    return image, label


def get_paramed_map_fn(size):
    aug = partial(_augment, size=size)
    {returned}
"""


def findings(body, root, factory=FACTORY):
    files = {"pkg/__init__.py": "", "pkg/ops.py": factory, "pkg/train.py": TRAIN.format(body=body)}
    result = lint_paths([str(project(root, files))], select=["TFP501", "TFP101"], target="gaudi2")
    assert not result.errors
    return sorted((f.code, f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


@pytest.mark.parametrize("body", [
    "    ds = ds.map(get_paramed_map_fn(32), num_parallel_calls=4)",
    "    map_fn = get_paramed_map_fn(32)\n    ds = ds.map(map_fn, num_parallel_calls=4)",
    "    map_fn = get_paramed_map_fn(32)\n    if images is not None:\n        ds = ds.map(map_fn, num_parallel_calls=4)",
    "    ds = ds.interleave(lambda x, y: tf.data.Dataset.from_tensors((x, y))).map(get_paramed_map_fn(32))",
])
def test_valid_closure_a_factory_returns_to_a_pipeline(tmp_path, body):
    assert findings(body, tmp_path) == []


DEVICE = [("TFP101", "ops.py", 12, "warning"), ("TFP501", "ops.py", 11, "warning")]


@pytest.mark.parametrize("body", [
    # the same closure also called in the step
    "    map_fn = get_paramed_map_fn(32)\n    ds = ds.map(map_fn, num_parallel_calls=4)\n    model(map_fn(images, labels))",
    # the name handed elsewhere, or bound at module level
    "    map_fn = get_paramed_map_fn(32)\n    ds = ds.map(map_fn)\n    model.step_fn = map_fn",
    # a factory result called outside a pipeline by another function
    "    ds = ds.map(get_paramed_map_fn(32))\n\n\ndef step(model, x, y):\n    return model(get_paramed_map_fn(8)(x, y))",
])
def test_invalid_closure_also_called_outside_the_pipeline(tmp_path, body):
    assert findings(body, tmp_path) == DEVICE


def test_invalid_factory_called_for_the_step(tmp_path):
    assert findings("    step = get_paramed_map_fn(32)\n    model(step(images, labels))", tmp_path) == DEVICE


@pytest.mark.parametrize("returned", ["map_fn = partial(_map_fn, aug_fn=aug)\n    return map_fn",
                                      "return partial(_map_fn, aug_fn=aug)"])
def test_valid_partial_a_factory_returns_to_a_pipeline(tmp_path, returned):
    factory = PARTIAL.format(returned=returned)
    assert findings("    ds = ds.map(get_paramed_map_fn(32))", tmp_path, factory) == []


def test_invalid_partial_a_factory_returns_for_the_step(tmp_path):
    factory = PARTIAL.format(returned="return partial(_map_fn, aug_fn=aug)")
    assert findings("    step = get_paramed_map_fn(32)\n    model(step(images, labels))", tmp_path, factory) == [
        ("TFP101", "ops.py", 13, "warning"), ("TFP501", "ops.py", 12, "warning")]
