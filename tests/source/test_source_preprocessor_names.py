"""Code named for a preprocessor (a function or class whose name says `preprocessor`, `preprocessors` or
`preprocessing`; a `preprocessors/` directory) prepares the data the input pipeline maps over: tf.data's host work,
where a `py_func` belongs (tensionflow's `preprocessor_py`, set 53; cv-pose's `Preprocessors/`, lingvo's
`input_preprocessors.py`, labelled so). Not `preprocess` alone: Keras' `_preprocess_conv2d_input` turns a conv's
layout inside the model."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

CODE = """\
import numpy as np
import tensorflow as tf


class Model(tf.keras.Model):
    def NAME(self):
        def f(x):
            return np.stack([x, x])

        def wrapped(x):
            return tf.py_function(f, [x], tf.float32)
        return wrapped

    def call(self, x):
        return self.NAME()(x)
"""


def findings(root, name: str, path: str = "pkg/model.py"):
    files = {"pkg/__init__.py": "", path: CODE.replace("NAME", name)}
    result = lint_paths([str(project(root, files))], select=["TFP501"], target="gaudi2", jobs=1)
    assert not result.errors
    return [f.severity.value for f in result.findings]


@pytest.mark.parametrize("name", ["preprocessor_py", "make_preprocessing_fn"])
def test_a_preprocessors_py_function_is_host_work(tmp_path, name):
    assert findings(tmp_path, name) == []


@pytest.mark.parametrize("path", ["pkg/preprocessors/occlusion.py", "pkg/layers/preproc_layers.py"])
def test_a_module_in_a_preprocessors_directory_is_host_work(tmp_path, path):
    """Also `preproc`, the abbreviation (tensorflow-mri's `preproc_layers.py`, labelled so)."""
    assert findings(tmp_path, "wrap", path) == []


@pytest.mark.parametrize("name", ["preprocess_conv_input", "wrap"])
def test_preprocess_alone_or_another_name_stays_on_the_device(tmp_path, name):
    assert findings(tmp_path, name) == ["warning"]
