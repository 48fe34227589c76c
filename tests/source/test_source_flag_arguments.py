"""A hyperparameter handed to a call by its name (`CrossBlock(sparse=FLAGS.sparse_cross)`, `self.flags.l2`,
`hparams.use_bias`) holds what the project's definitions of it give (`configs.HPARAM`: an absl flag's default, an
HParams value, a config field, and what the project sets), as the caller's value: the opt-in convention then judges a
branch on it as on a literal passed. And a class constructor's parameter with no default (`def __init__(self,
sparse, flags)`), tested by truthiness, is an option its constructions choose: every one is joined, so what they pass
decides (deepray's DCN cross layers, set 53). Each beside its look-alike where the project turns the option on."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

LAYERS = """\
import tensorflow as tf


class CrossBlock(tf.keras.layers.Layer):
    def __init__(self, SIGNATURE):
        super().__init__()
        self.sparse = sparse
        self.flags = flags

    def build(self, input_shape):
        self.kernel = tf.keras.layers.Dense(
            1, kernel_regularizer=tf.keras.regularizers.l2(0.01) if self.sparse else None)

    def call(self, x):
        return self.kernel(x)
"""

MODEL = """\
import tensorflow as tf
from absl import flags

from pkg.layers import CrossBlock

flags.DEFINE_bool("sparse_cross", DEFAULT, "sparse weights for cross")
FLAGS = flags.FLAGS


class DCN(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.cross = CrossBlock(sparse=PASSED, flags=FLAGS)

    def call(self, x):
        return self.cross(x)
"""


def findings(root, signature="sparse, flags", default="False", passed="FLAGS.sparse_cross"):
    files = {"pkg/__init__.py": "", "pkg/layers.py": LAYERS.replace("SIGNATURE", signature),
             "pkg/model.py": MODEL.replace("DEFAULT", default).replace("PASSED", passed)}
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return [(f.source.line, f.severity.value, f.message) for f in result.findings]


@pytest.mark.parametrize("signature", ["sparse, flags", "sparse=False, flags=None"])
def test_a_flag_off_by_default_handed_to_the_option_builds_no_regularizer(tmp_path, signature):
    assert findings(tmp_path, signature) == []


@pytest.mark.parametrize("signature", ["sparse, flags", "sparse=False, flags=None"])
def test_a_flag_on_by_default_builds_it_and_says_who_passes_it(tmp_path, signature):
    [(line, severity, message)] = findings(tmp_path, signature, default="True")
    assert (line, severity) == (12, "warning") and "sparse is True from DCN.__init__" in message


@pytest.mark.parametrize("passed, expected", [("False", []), ("True", ["warning"]), ("FLAGS.other", ["warning"])])
def test_a_required_constructor_option_is_judged_by_what_its_constructions_pass(tmp_path, passed, expected):
    """A value the project defines no hyperparameter for (`FLAGS.other`) is not known here: the warning stays."""
    assert [severity for _, severity, _ in findings(tmp_path, passed=passed)] == expected
