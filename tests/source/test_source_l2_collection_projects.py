"""TFP301 and TF1's `regularizer=tf.nn.l2_loss` (set 65's tefla): a layer library whose functions default their
weights' regularizer to the function `tf.nn.l2_loss` fills the REGULARIZATION_LOSSES collection, and the terms are
computed each step wherever the project adds that collection to its training loss, whatever strength scales the sum.
So the default is a warning when another module adds the collection on its training path (under no test but a
training flag's), naming where; not when the only sum hangs on another test (`if l2_reg > 0:`), is a test's, or
there is none. A parameter not named as a regularizer whose default is that function (`regularizer=tf.nn.l2_loss`) is
reported at its reads, as any such default."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

LAYERS = """\
import tensorflow as tf


def fully_connected(x, n_output, w_regularizer=tf.nn.l2_loss):
    w = tf.get_variable("W", shape=[int(x.shape[-1]), n_output], regularizer=w_regularizer)
    return tf.matmul(x, w)


def memory(x, size, regularizer=tf.nn.l2_loss):
    a = tf.get_variable("A", shape=[size, size], regularizer=regularizer)
    b = tf.get_variable("B", shape=[size, size], regularizer=regularizer)
    return tf.matmul(tf.matmul(x, a), b)
"""
TRAINER = """\
import tensorflow as tf
from pkg.layers import fully_connected


def loss(logits, labels, cnf, is_training):
    total = tf.reduce_mean(tf.square(logits - labels))
    if is_training:
        GUARDl2 = tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
        total += cnf.get("l2_reg", 0.0) * l2
    return total


def train(x, y, cnf):
    return tf.train.AdamOptimizer(1e-3).minimize(loss(fully_connected(x, 10), y, cnf, True))
"""


def findings(tmp_path, trainer: str, where: str = "pkg/trainer.py") -> list[tuple[int, str, str]]:
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYERS, where: trainer})
    result = lint_paths([str(root)], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return [(f.source.line, f.severity.value, f.message) for f in result.findings
            if f.source.path.endswith("layers.py")]


def test_defaults_warn_where_another_module_adds_the_collection_on_its_training_path(tmp_path):
    found = findings(tmp_path, TRAINER.replace("GUARD", ""))
    assert [(line, severity) for line, severity, _ in found] == [(4, "warning"), (10, "warning"), (11, "warning")]
    assert all("the project adds the regularization collection to its training loss at pkg.trainer:8" in message
               for _, _, message in found)


@pytest.mark.parametrize("trainer, where", [
    (TRAINER.replace("GUARD", "if cnf.get('l2_reg', 0.0) > 0:\n            "), "pkg/trainer.py"),  # another test
    (TRAINER.replace("GUARD", ""), "tests/test_trainer.py"),  # a test's sum
    (TRAINER.replace("GUARD", "").replace("tf.GraphKeys.REGULARIZATION_LOSSES", "'losses'"), "pkg/trainer.py"),
])
def test_defaults_stay_silent_where_no_training_path_adds_it(tmp_path, trainer, where):
    assert findings(tmp_path, trainer, where) == []


def test_a_file_that_adds_the_collection_itself_under_a_test_decides_for_its_own_regularizers(tmp_path):
    # set 23's deeppavlov: the NER network adds the collection only `if l2_reg > 0`; another model's trainer adding
    # its own says nothing of the NER's terms
    layers = LAYERS + """

def ner_loss(logits, labels, l2_reg):
    loss = tf.reduce_mean(tf.square(logits - labels))
    if l2_reg > 0:
        loss += l2_reg * tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
    return loss
"""
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": layers,
                              "pkg/trainer.py": TRAINER.replace("GUARD", "")})
    result = lint_paths([str(root)], select=["TFP301"], target="gaudi2", jobs=1)
    assert [f for f in result.findings if f.source.path.endswith("layers.py")] == []


def test_a_regularizer_a_branch_binds_is_not_judged_by_another_modules_sum(tmp_path):
    # set 23's deeppavlov: `l2_reg = tf.nn.l2_loss if add_l2_losses else None` in a shared layer function
    layers = LAYERS.replace("def fully_connected(x, n_output, w_regularizer=tf.nn.l2_loss):\n",
                            "def fully_connected(x, n_output, add_l2=False):\n"
                            "    w_regularizer = tf.nn.l2_loss if add_l2 else None\n")
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": layers,
                              "pkg/trainer.py": TRAINER.replace("GUARD", "")})
    result = lint_paths([str(root)], select=["TFP301"], target="gaudi2", jobs=1)
    assert [f.source.line for f in result.findings if f.source.path.endswith("layers.py")] == [11, 12]
