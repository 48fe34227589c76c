"""The TFP101 forms held-out set 16 (gpflow) showed missing or misjudged, one synthetic file per form, each
with its look-alike: `tf.linalg.adjoint` read as a swap of the last two axes, and the instance of a
project class of variables (`class Parameter(tfp.util.TransformedVariable)`) held by a tf.Module: a weight."""

from __future__ import annotations

import textwrap

from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=(), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select)]


def messages(code: str, select=()):
    return [f.message for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=select)]


def test_linalg_adjoint_swaps_the_last_two_axes():
    code = """\
    import tensorflow as tf

    def posterior(fvar, x, y):
        fvar = tf.linalg.adjoint(fvar)
        kept = tf.linalg.adjoint(tf.zeros([3, 3]))  # (constants: folded once)
        return fvar, kept, tf.matmul(tf.linalg.adjoint(x), y)
    """
    # a copy of the last two axes; an operand of tf.matmul: its adjoint_a flag reads it so (exact for complex too)
    assert lint(code, select=["TFP101", "TFP103"]) == [(4, "TFP101", "warning"), (6, "TFP103", "warning")]
    assert "adjoint_a=True" in messages(code, select=["TFP103"])[0]


def test_an_instance_of_a_project_variable_class_is_a_weight(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/base.py": """\
            import tensorflow as tf
            import tensorflow_probability as tfp

            class Parameter(tfp.util.TransformedVariable):
                pass

            class Positive(Parameter):
                pass

            class Box:  # (holds a value; no variable)
                def __init__(self, value):
                    self.value = value
            """,
        "pkg/models.py": """\
            import numpy as np
            import tensorflow as tf
            from pkg.base import Box, Positive

            class VGP(tf.Module):
                def __init__(self, data, n, r):
                    self.data = data
                    self.q_lambda = Positive(np.ones((n, r)))
                    self.q_box = Box(np.ones((n, r)))

                def elbo(self):
                    x, y = self.data
                    a = tf.transpose(self.q_lambda)
                    b = tf.transpose(self.q_box)
                    return a, b, tf.transpose(x)

                def train(self, optimizer):
                    optimizer.minimize(self.elbo, self.trainable_variables)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the variational parameter (a variable of a class derived, through the project, from a variable class) is a
    # weight: info; a project class that is no variable, and the data, are not
    assert found(result) == [("models.py", 13, "TFP101", "info"), ("models.py", 14, "TFP101", "warning"),
                             ("models.py", 15, "TFP101", "warning")]
