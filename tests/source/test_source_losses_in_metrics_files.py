"""A loss in a module whose path says metrics (`custom_metrics.py`; issue 11): the path makes its code evaluation,
but a def whose name says loss (`surface_loss_fixed`) or whose every return negates a score (`return -1.0 * dice`:
Keras minimises what a loss returns, a metric reports its score as it is) is what training minimises: its code is
on the training step (INVALID: a warning). VALID look-alikes stay evaluation (info): a metric that returns its
score, one that negates only in one of its returns."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

METRICS = """\
    import numpy as np
    import tensorflow as tf

    def host(y):
        return np.asarray(y.numpy(), np.float32)

    def NAME(y_true, y_pred):
        distance = tf.py_function(func=host, inp=[y_true], Tout=tf.float32)
        score = tf.reduce_mean(distance * y_pred)
        RETURN
    """


def found(root, name: str, returned: str):
    code = METRICS.replace("NAME", name).replace("RETURN", returned)
    tree(root, {"pkg/__init__.py": "", "pkg/custom_metrics.py": code})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP501"], jobs=1)
    return [(f.source.line, f.severity.value) for f in result.findings]


def test_a_loss_in_a_metrics_module_is_on_the_training_step(tmp_path):
    assert found(tmp_path, "surface_loss_fixed", "return score") == [(8, "warning")]
    assert found(tmp_path, "dice_coefficient", "return -1.0 * score / 2.0") == [(8, "warning")]
    assert found(tmp_path, "dice_coefficient", "return -score") == [(8, "warning")]


def test_a_metric_in_a_metrics_module_stays_evaluation(tmp_path):
    assert found(tmp_path, "dice_coefficient", "return score") == [(8, "info")]
    assert found(tmp_path, "dice_coefficient", "return -1.0 * -score") == [(8, "info")]
    assert found(tmp_path, "dice_coefficient", "if score is None:\n            return -1.0\n        return score") == \
        [(8, "info")]
