"""TFP301 across the project's class hierarchy and constructors (`rules/l2_loss/hierarchy.py`): a
regularizer read from `self` that subclasses in other modules make L2 (`l2attr`), and one a call in
another module hands to a layer's constructor (`l2arg`), reported where the weight takes it."""

from __future__ import annotations

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths

BASE = """\
import tensorflow as tf


class Factory:
    kernel_regularizer = None

    def block(self, x):
        return tf.keras.layers.Dense(8, kernel_regularizer=self.kernel_regularizer)(x)
"""
SUBCLASS = """\
import tensorflow as tf
from pkg.base import Factory


class {name}(Factory):
    @property
    def kernel_regularizer(self):
        return tf.keras.regularizers.{regularizer}
"""


def findings(root):
    result = lint_paths([str(root)], select=["TFP301"])
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity, f.message) for f in result.findings]


def test_a_subclass_in_another_module_makes_the_base_s_read_an_l2_term(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/base.py": BASE,
             "pkg/fp.py": SUBCLASS.format(name="FullPrecision", regularizer="l2(1e-5)")}
    [(path, line, severity, message)] = findings(project(tmp_path, files))
    assert (path, line, severity) == ("base.py", 8, Severity.WARNING)
    assert message.endswith("(self.kernel_regularizer is an L2 regularizer in the subclass FullPrecision)")
    # through an intermediate class of a third module that names the attribute's kind (its text is read)
    files["pkg/fp.py"] = SUBCLASS.format(name="FullPrecision", regularizer="l2(1e-5)").replace(
        "from pkg.base import Factory", "from pkg.mid import Factory")
    files["pkg/mid.py"] = "import tensorflow\nfrom pkg import base  # regularizers: its subclasses'\n\n\n" \
                          "class Factory(base.Factory):\n    pass\n"
    assert [f[:3] for f in findings(project(tmp_path / "chain", files))] == [("base.py", 8, Severity.WARNING)]


def test_no_subclass_making_it_l2_no_finding(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/base.py": BASE,
             "pkg/sparse.py": SUBCLASS.format(name="Sparse", regularizer="l1(1e-5)")}
    assert findings(project(tmp_path, files)) == []


LAYER = """\
import tensorflow as tf


class Scale(tf.keras.layers.Layer):
    def __init__(self, units, regularizer=None):
        super().__init__()
        self.units = units
        self.regularizer = regularizer

    def build(self, shape):
        self.w = self.add_weight("w", shape=(self.units,), regularizer=self.regularizer)
"""


def test_a_regularizer_handed_to_a_layer_in_another_module_is_reported_at_its_add_weight(tmp_path):
    model = "import tensorflow as tf\nfrom pkg.layers import Scale\n\n\ndef head():\n" \
            "    return Scale(8, {passed})\n"
    files = {"pkg/__init__.py": "", "pkg/layers.py": LAYER,
             "pkg/model.py": model.format(passed="tf.keras.regularizers.l2(1e-4)")}
    [(path, line, severity, message)] = findings(project(tmp_path, files))
    assert (path, line, severity) == ("layers.py", 11, Severity.WARNING)
    assert message.endswith("(its regularizer is handed an L2 regularizer by model.head)")
    files["pkg/model.py"] = model.format(passed="regularizer=tf.keras.regularizers.l1(1e-4)")
    assert findings(project(tmp_path / "l1", files)) == []


# (set 76's deepclimate: SRDRN's `regularizer=tf.keras.regularizers.l2(0.01)` handed to each residual block)
BLOCKS = """\
import tensorflow as tf


def residual_block(model, n_filters, regularizer):
    return tf.keras.layers.Conv2D(n_filters, 3, padding="same", kernel_regularizer=regularizer)(model)


def srdrn(input_shape, n_filters=64, regularizer=DEFAULT):
    model = inputs = tf.keras.layers.Input(shape=input_shape)
    for _ in range(16):
        model = residual_block(model, n_filters, regularizer=regularizer)
    return tf.keras.Model(inputs, model)
"""


def test_a_parameter_defaulting_to_an_l2_regularizer_handed_on_reaches_the_helper(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/resnets.py": BLOCKS.replace("DEFAULT", "tf.keras.regularizers.l2(0.01)")}
    [(path, line, severity, message)] = findings(project(tmp_path, files))
    assert (path, line, severity) == ("resnets.py", 5, Severity.WARNING)
    assert "(its regularizer is handed an L2 regularizer by resnets.srdrn)" in message


def test_a_parameter_defaulting_to_none_or_an_l1_regularizer_handed_on_is_no_l2(tmp_path):
    for default in ("None", "tf.keras.regularizers.l1(0.01)"):
        files = {"pkg/__init__.py": "", "pkg/resnets.py": BLOCKS.replace("DEFAULT", default)}
        assert findings(project(tmp_path / default[:4], files)) == []
