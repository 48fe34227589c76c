"""Code of a package of adversarial attacks (`attacks/`, `attack/`: ART, graphgallery, cleverhans-style): it
crafts perturbed inputs, poisoned data or a stolen model against a trained one, off the model's own training step
(as the labelled sets judge it: 41 of the 43 labelled sites of sets 26, 30 and 49 are info or clean; the two true
ones are set 30's poisoning attack that trains a generator, given up), so its findings are info and say why. Only the path's
`attack` / `attacks` tokens: an adversarial *trainer* elsewhere (`adversarial_training.py`) keeps its warnings."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

CODE = """\
import tensorflow as tf


def symmetric_gradient(model, adj, x):
    with tf.GradientTape() as tape:
        tape.watch(adj)
        loss = tf.reduce_mean(model([x, adj]))
    grad = tape.gradient(loss, adj)
    return grad + tf.transpose(grad, [0, 2, 1])
"""


def findings(path, root):
    result = lint_paths([str(project(root, {"pkg/__init__.py": "", path: CODE}))], select=["TFP101"],
                        target="gaudi2")
    assert not result.errors
    return [(f.severity.value, "adversarial-attack code" in f.message) for f in result.findings]


@pytest.mark.parametrize("path", ["pkg/attacks/fgsm.py", "pkg/attack/untargeted/metattack.py",
                                  "pkg/attacks/__init__.py"])
def test_info_in_a_package_of_attacks(tmp_path, path):
    assert findings(path, tmp_path) == [("info", True)]


@pytest.mark.parametrize("path", ["pkg/adversarial_training.py", "pkg/attacker.py", "pkg/models/gcn.py"])
def test_warning_elsewhere(tmp_path, path):
    assert findings(path, tmp_path) == [("warning", False)]
