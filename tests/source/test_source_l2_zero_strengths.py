"""TFP301: regularizers whose strength is zero or None unless the user opts in, by the forms a strength reaches
a regularizer that the shared strength reading follows (`l2_loss/strength.py`, `passed`): items of a list a
parameter holds (`[reg] * len(layers)` passed, `l2(reg_layers[0])` read), a list the function makes, a list
default, and a regularizer a helper returns None for (`self.reg = reg_config(reg)` with `reg=None`) handed on to
a function's `regularizer` parameter. INVALID forms (a non-zero strength somewhere) beside VALID ones."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths


def findings(root, files):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


LAYER = """\
import tensorflow as tf


class MLPLayer(tf.keras.layers.Layer):
    def __init__(self, sizes, reg_layers, **kwargs):
        super().__init__(**kwargs)
        self.embedding = tf.keras.layers.Embedding(100, sizes[0],
                                                   embeddings_regularizer=tf.keras.regularizers.L2(reg_layers[0]))
        self.dense = [tf.keras.layers.Dense(n, kernel_regularizer=tf.keras.regularizers.L2(reg_layers[i + 1]))
                      for i, n in enumerate(sizes[1:])]
"""

MODEL = """\
import tensorflow as tf

from pkg.layers import MLPLayer


class MLP:
    def __init__(self, layers=(64, 32), reg={reg}):
        self.layers = layers
        self.reg = reg

    def build(self):
        return MLPLayer(self.layers, reg_layers={passed})
"""


@pytest.mark.parametrize("reg, passed", [
    ("0.0", "[self.reg] * len(self.layers)"),
    ("0.0", "len(self.layers) * [self.reg]"),
    ("0.0", "[self.reg, self.reg, 0.0]"),
    ("0", "(self.reg,) * 3"),
])
def test_valid_items_of_a_zero_list_passed(tmp_path, reg, passed):
    files = {"pkg/__init__.py": "", "pkg/layers.py": LAYER, "pkg/mlp.py": MODEL.format(reg=reg, passed=passed)}
    assert findings(tmp_path, files) == [("layers.py", 8, "info"), ("layers.py", 9, "info")]  # Keras's 0 * sum(w**2)


@pytest.mark.parametrize("reg, passed", [
    ("1e-4", "[self.reg] * len(self.layers)"),
    ("0.0", "[self.reg, 1e-5]"),  # one item is not zero
])
def test_invalid_items_of_a_list_with_a_strength(tmp_path, reg, passed):
    files = {"pkg/__init__.py": "", "pkg/layers.py": LAYER, "pkg/mlp.py": MODEL.format(reg=reg, passed=passed)}
    assert findings(tmp_path, files) == [("layers.py", 8, "warning"), ("layers.py", 9, "warning")]


def test_invalid_items_of_a_list_not_known_here(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/layers.py": LAYER,
             "pkg/mlp.py": MODEL.format(reg="0.0", passed="make_regs(self.reg)")}
    assert findings(tmp_path, files) == [("layers.py", 8, "warning"), ("layers.py", 9, "warning")]


LOCAL_LIST = """\
import tensorflow as tf


def build(sizes, reg={reg}):
    regs = [reg] * len(sizes)
    return [tf.keras.layers.Dense(n, kernel_regularizer=tf.keras.regularizers.L2(regs[i]))
            for i, n in enumerate(sizes)]
"""


def test_valid_items_of_a_list_the_function_makes(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/m.py": LOCAL_LIST.format(reg="0.0")}
    assert findings(tmp_path, files) == [("m.py", 6, "info")]


def test_invalid_items_of_a_list_the_function_makes(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/m.py": LOCAL_LIST.format(reg="1e-4")}
    assert findings(tmp_path, files) == [("m.py", 6, "warning")]


LIST_DEFAULT = """\
import tensorflow as tf


def build(sizes, regs={default}):
    return [tf.keras.layers.Dense(n, kernel_regularizer=tf.keras.regularizers.L2(regs[i]))
            for i, n in enumerate(sizes)]
"""


@pytest.mark.parametrize("default, severity", [("[0.0, 0.0]", "info"), ("(0,) * 4", "info"),
                                               ("[0.0, 1e-4]", "warning")])
def test_list_default(tmp_path, default, severity):
    files = {"pkg/__init__.py": "", "pkg/m.py": LIST_DEFAULT.format(default=default)}
    assert findings(tmp_path, files) == [("m.py", 5, severity)]


HELPER = """\
import tensorflow as tf


def reg_config(reg):
    if not reg:
        return None
    return tf.keras.regularizers.l2(reg)
"""

LOOKUP = """\
import tensorflow as tf


def embedding_lookup(indices, shape, regularizer=None):
    var = tf.compat.v1.get_variable("embed", shape=shape, regularizer=regularizer)
    return tf.nn.embedding_lookup(var, indices)
"""

ALGORITHM = """\
import tensorflow as tf

from pkg.configs import reg_config
from pkg.embedding import embedding_lookup


class Algorithm:
    def __init__(self, n, reg={reg}, use_tf=True):
        self.n = n
        self.reg = {stored}

    def build(self, indices):
        return embedding_lookup(indices, (self.n, 16), regularizer=self.reg)
"""


@pytest.mark.parametrize("stored", ["reg_config(reg)", "reg_config(reg) if use_tf else reg"])
def test_valid_regularizer_a_helper_returns_none_for_by_default(tmp_path, stored):
    files = {"pkg/__init__.py": "", "pkg/configs.py": HELPER, "pkg/embedding.py": LOOKUP,
             "pkg/algo.py": ALGORITHM.format(reg="None", stored=stored)}
    assert findings(tmp_path, files) == []


@pytest.mark.parametrize("reg, stored", [("1e-4", "reg_config(reg)"), ("None", "tf.keras.regularizers.l2(1e-4)")])
def test_invalid_regularizer_handed_on_with_a_strength(tmp_path, reg, stored):
    files = {"pkg/__init__.py": "", "pkg/configs.py": HELPER, "pkg/embedding.py": LOOKUP,
             "pkg/algo.py": ALGORITHM.format(reg=reg, stored=stored)}
    assert ("embedding.py", 5, "warning") in findings(tmp_path, files)
