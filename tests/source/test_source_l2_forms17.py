"""TFP301 forms of sets 17 and 18: an L2 regularizer built through a lazy-import helper of the project that
returns a framework module (`contrib.layers().l2_regularizer(wd)`), and Keras's `l2(None)` (a strength of 0.01)
reached through a parameter another function of the file rebinds."""

from __future__ import annotations

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths

CONTRIB = """\
import tensorflow.compat.v1 as tf


def layers():
  try:
    from tensorflow.contrib import layers as contrib_layers
    return contrib_layers
  except ImportError:
    return None


def config():
  return {"a": 1}
"""
EMBEDDING = """\
import tensorflow.compat.v1 as tf
from tensorflow.contrib import slim
from pkg import contrib


def image_embedding(images, weight_decay=1e-4, trainable=True):
  if trainable:
    weights_regularizer = contrib.layers().{call}
  else:
    weights_regularizer = None
  with slim.arg_scope([slim.conv2d], weights_regularizer=weights_regularizer):
    return slim.conv2d(images, 8, 3)
"""


def findings(root):
    result = lint_paths([str(root)], select=["TFP301"], target="gaudi2")
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity, f.message) for f in result.findings]


def test_a_regularizer_of_the_module_a_lazy_import_helper_returns(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/contrib.py": CONTRIB,
             "pkg/emb.py": EMBEDDING.format(call="l2_regularizer(weight_decay)")}
    [(path, line, severity, message)] = findings(project(tmp_path, files))
    assert (path, line, severity) == ("emb.py", 8, Severity.WARNING)
    assert message.startswith("weights_regularizer adds an L2 term")


def test_no_l2_through_the_helper_no_finding(tmp_path):
    for name, call in (("l1", "l1_regularizer(weight_decay)"), ("zero", "l2_regularizer(0.0)")):
        files = {"pkg/__init__.py": "", "pkg/contrib.py": CONTRIB, "pkg/emb.py": EMBEDDING.format(call=call)}
        assert findings(project(tmp_path / name, files)) == [], call
    # a helper of the project that returns no module
    files = {"pkg/__init__.py": "", "pkg/contrib.py": CONTRIB,
             "pkg/emb.py": EMBEDDING.replace("contrib.layers().{call}", "contrib.config().l2_regularizer(1e-4)")}
    assert findings(project(tmp_path / "plain", files)) == []


BLOCKS = """\
import tensorflow as tf


class HyperBlock(tf.keras.layers.Layer):
    def __init__(self, units: int, kernel_regularizer: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        if kernel_regularizer != 0.0:
            kernel_regularizer = tf.keras.regularizers.l2(kernel_regularizer)
        else:
            kernel_regularizer = None
        self.dense = tf.keras.layers.Dense(units, kernel_regularizer=kernel_regularizer)


class MetaDense(tf.keras.layers.Layer):
    def __init__(self, units: int, kernel_regularizer: float = {default}, **kwargs):
        super().__init__(**kwargs)
        self.block = HyperBlock(units, kernel_regularizer=kernel_regularizer)
"""
MODEL = """\
import tensorflow as tf
from pkg import blocks


class Net(tf.keras.Model):
    def __init__(self, units=8):
        super().__init__()
        self.meta = blocks.MetaDense(units)
"""


def test_keras_l2_of_a_none_strength_is_0_01_and_the_message_says_so(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/blocks.py": BLOCKS.format(default="None"), "pkg/model.py": MODEL}
    [(path, line, severity, message)] = findings(project(tmp_path, files))
    assert (path, line, severity) == ("blocks.py", 8, Severity.WARNING)
    assert "l2(None) as a strength of 0.01" in message
    assert "kernel_regularizer is None from" in message  # (the parameter handed on, though the file rebinds its name)


def test_a_zero_strength_handed_on_builds_nothing(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/blocks.py": BLOCKS.format(default="0.0"), "pkg/model.py": MODEL}
    found = findings(project(tmp_path, files))
    assert all("0.01" not in message for *_, message in found)
    assert [f[:3] for f in found if f[2] == Severity.WARNING] == []
