"""Opt-in branches on an option a layer inherits from a base class of another module (held-out set 69's keras-adf:
`ADFLayer.__init__(self, mode="diag")` in `layers/core.py` stores `self.mode`, and `Conv.call` in
`layers/convolutional.py` branches on `self.mode == "full"`): the default and what every construction of the
subclass passes, through its own constructor's `**kwargs`, decide it, as for a base of the same module
(`attributes.value_sources`). The look-alikes keep the warning: a construction that turns the option on, a base that
stores the attribute from something other than its parameter, a
subclass of the file that stores it again."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

CORE = """\
import tensorflow as tf


class ADFLayer(tf.keras.layers.Layer):
    def __init__(self, mode="diag", **kwargs):
        super().__init__(**kwargs)
        self.mode = mode
"""
CONV = """\
import tensorflow as tf
from pkg.core import ADFLayer


class Conv(ADFLayer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters

    def call(self, x):
        if self.mode == "diag":
            return x
        elif self.mode == "full":
            return tf.transpose(x, [0, 2, 1])
        return x


class Conv2D(Conv):
    def __init__(self, filters, **kwargs):
        super().__init__(filters, **kwargs)
"""
TRAIN = """\
import tensorflow as tf
from pkg.conv import Conv2D

model = tf.keras.Sequential([Conv2D(8ARGUMENTS)])
model.compile("adam", "mse")
model.fit(tf.zeros([4, 3, 3]), tf.zeros([4, 3, 3]))
"""


def found(root, core=CORE, arguments=""):
    tree(root, {"pkg/__init__.py": "", "pkg/core.py": core, "pkg/conv.py": CONV,
                "train.py": TRAIN.replace("ARGUMENTS", arguments)})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings]


def test_a_branch_on_an_option_a_base_of_another_module_stores_off_by_default_is_opt_in(tmp_path):
    assert found(tmp_path) == [("conv.py", 14, "info")]
    [finding] = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
    assert "opts into" in finding.message and "mode is 'diag'" in finding.message


def test_a_construction_that_turns_it_on_or_a_base_that_stores_something_else_keeps_the_warning(tmp_path):
    assert found(tmp_path / "on", arguments=', mode="full"') == [("conv.py", 14, "warning")]
    elsewhere = CORE.replace("self.mode = mode", "self.mode = read_mode()")
    assert found(tmp_path / "read", core=elsewhere) == [("conv.py", 14, "warning")]


def test_a_subclass_of_the_file_storing_the_attribute_again_keeps_the_warning(tmp_path):
    stored = CONV + "\n\nclass FullConv(Conv):\n    def __init__(self, filters, **kwargs):\n" \
                    "        super().__init__(filters, **kwargs)\n        self.mode = \"full\"\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/core.py": CORE, "pkg/conv.py": stored, "train.py": TRAIN.replace(
        "ARGUMENTS", "")})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1)
    assert [(f.source.line, f.severity.value) for f in result.findings] == [(14, "warning")]
