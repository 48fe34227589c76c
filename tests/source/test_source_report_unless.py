"""`Report.unless`: a question of the project asked as a finding is made (`ProjectView.ask_reporting`), so a
change in its answer alone makes the file's findings again from its reports instead of linting it again
(TFP301's "the project never adds its regularization losses": every file of the project may change it)."""

from __future__ import annotations

import ast

from conftest import write_tree as project
from tfperf.source import lint_paths
from tfperf.source.project import Index

MODEL = """\
import tensorflow as tf

def head(x):
    return tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(1e-4))(x)
"""

TRAIN = """\
import tensorflow.compat.v1 as tf

def train(loss, opt):
    return opt.minimize({loss})
"""


def test_a_project_that_never_adds_its_regularization_losses_reports_no_regularizer(tmp_path):
    """INVALID: a training script that adds the regularization losses (or none that trains from a loss);
    VALID: a graph-mode project that trains and never adds them (the L2 terms are never computed)."""
    found = {}
    for name, loss in (("never", "loss"), ("added", "loss + tf.losses.get_regularization_loss()")):
        root = project(tmp_path / name, {"model.py": MODEL, "train.py": TRAIN.format(loss=loss)})
        found[name] = [(f.source.path.rsplit("/", 1)[-1], f.source.line)
                       for f in lint_paths([str(root)], select=["TFP301"], jobs=1).findings]
    root = project(tmp_path / "alone", {"model.py": MODEL})
    found["alone"] = [f.source.line for f in lint_paths([str(root)], select=["TFP301"], jobs=1).findings]
    assert found["never"] == [] and ("model.py", 4) in found["added"] and found["alone"] == [4]


def test_the_answer_at_report_time_reports_the_file_again_without_linting_it():
    """The file that builds the regularizer asked the project's question only to make its finding: when the
    other files' facts change the answer, its reports are made again (`linter._reported_again`)."""
    from tfperf.source import linter

    tree, target = ast.parse(MODEL), linter._as_target("cpu")
    analysis = linter._analyse(MODEL, tree, "m.py", target, ("TFP301",), (), Index(), "m", None)
    assert [f.source.line for f in analysis.findings] == [4]
    assert "l2trains:" in analysis.report_only
    trains = Index([{"l2trains:": [True]}])
    again = linter._reported_again(MODEL, tree, "m.py", target, trains, "m", linter.Options("cpu", ("TFP301",)),
                                   analysis)
    assert again is not None and again.findings == [] and len(again.reports) == 1
    read = Index([{"l2trains:": [True], "l2regread:": [True]}])
    again = linter._reported_again(MODEL, tree, "m.py", target, read, "m", linter.Options("cpu", ("TFP301",)), again)
    assert again is not None and [f.source.line for f in again.findings] == [4]
