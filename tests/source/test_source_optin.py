"""Opt-in code by the zero-default convention, one mechanism (`tfperf.source.optin`) for TFP301, TFP501 and
TFP601 (issue 11, sets 15 and 16): a branch only a value the callers must give takes (`elif self.skip_py_fn:`
with `skip_py_fn=None`, `elif method in ("se", ...)` with `method="mse"`, also from a lambda or a nested
function made there), and a helper that returns None for a None argument, called with the caller's own
default-None parameter (`default_regularizer(kernel_regularizer)`), also handed on to another call. Each with
the look-alike that keeps its finding."""

from __future__ import annotations

import ast

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths
from tfperf.source.optin import none_for

CALLBACK_LAYER = """\
import tensorflow as tf


class Deletion(tf.keras.layers.Layer):
    def __init__(self, skip_fn=None, skip_py_fn=None, use_py=True):
        super().__init__()
        self.skip_fn = skip_fn
        self.skip_py_fn = skip_py_fn
        self.use_py = use_py

    def call(self, inputs):
        masks = None
        if self.skip_fn:
            masks = tf.map_fn(self.skip_fn, inputs)
        elif self.skip_py_fn:
            def py_fn(token):
                return self.skip_py_fn(token.numpy())
            masks = tf.map_fn(lambda x: tf.py_function(py_fn, [x], tf.bool), inputs)
        if self.use_py:
            masks = tf.py_function(lambda t: t, [inputs], tf.float32)
        return masks
"""


def test_a_callback_under_a_default_none_attribute_is_opt_in(tmp_path):
    # `elif self.skip_py_fn:` (default None, nobody passes one): none, through the lambda and map_fn;
    # `if self.use_py:` (default True: the default takes the branch): as before
    assert lint(CALLBACK_LAYER, select=("TFP501",)) == [(20, "TFP501", "warning")]
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": CALLBACK_LAYER, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.layers import Deletion

        def build(words):
            return Deletion(skip_py_fn=lambda w: w in words)
        """})
    # a call of the project that gives one: the callback is there again, saying who passes it
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP501"])
    assert found(result) == [("layers.py", 18, "TFP501", "warning"), ("layers.py", 20, "TFP501", "warning")]
    assert "skip_py_fn is not known here from model.build" in \
        next(f.message for f in result.findings if f.source.line == 18)


def test_a_flag_whose_default_is_true_turned_off_is_a_mode_not_opt_in():
    code = """\
    import tensorflow as tf

    def huber(output, target, is_mean=True, weights=None, axis=-1):
        if is_mean:
            loss = tf.reduce_mean(tf.abs(output - target))
        else:
            loss = tf.reduce_mean(tf.reduce_sum(tf.abs(output - target), axis))
        if weights:
            loss += tf.reduce_sum(weights * tf.abs(output - target), axis)
        return loss
    """
    # `else:` of `if is_mean:` (default True): still a finding (set 10's reading); `if weights:` (default None): none
    assert lint(code, select=("TFP601",), path="losses.py") == [(7, "TFP601", "info")]


def test_a_loss_lambda_returned_under_a_membership_test_the_default_fails():
    code = """\
    import tensorflow as tf

    def loss_functions(method="mse"):
        if method in ("mse", "mean_squared_error"):
            return lambda y_true, y_pred: tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)
        elif method in ("se", "squared_error"):
            return lambda y_true, y_pred: tf.reduce_sum(tf.square(y_true - y_pred), axis=-1)
        raise ValueError(method)

    def loss_functions_se(method="se"):
        if method in ("mse", "mean_squared_error"):
            return lambda y_true, y_pred: tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)
        elif method not in ("mae",):
            return lambda y_true, y_pred: tf.reduce_sum(tf.square(y_true - y_pred), axis=-1)
        raise ValueError(method)
    """
    # "se" only where a caller asks for it (default "mse"): none; a default that takes the branch: as before
    assert lint(code, select=("TFP601",), path="losses.py") == [(14, "TFP601", "info")]


UTILITIES = """\
import tensorflow as tf


def default_regularizer(*args, **kwargs):
    l1, l2 = 0.0, 0.0
    if (len(args) == 0 and len(kwargs) == 0) or args[0] is None:
        return None
    elif len(args) == 1:
        l2 = args[0]
    return tf.keras.regularizers.l1_l2(l1=l1, l2=l2)


def always_regularizer(strength=None):
    return tf.keras.regularizers.l1_l2(l1=0.0, l2=strength or 1e-4)
"""

FIELDS = """\
import tensorflow as tf
from pkg.utilities import always_regularizer, default_regularizer


class Field(tf.keras.layers.Dense):
    def __init__(self, units=1, kernel_regularizer=None, bias_regularizer=None):
        kernel_regularizer = default_regularizer(kernel_regularizer)
        super().__init__(units, kernel_regularizer=kernel_regularizer,
                         bias_regularizer=always_regularizer(bias_regularizer))


def functional(fields, kernel_regularizer=None):
    kernel_regularizer = default_regularizer(kernel_regularizer)
    return [Field(f, kernel_regularizer=kernel_regularizer) for f in fields]
"""


def test_a_helper_returning_none_for_the_default_argument(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/utilities.py": UTILITIES, "pkg/fields.py": FIELDS}
    tree(tmp_path, files)
    # the helper returns None for None (an early return on `args[0] is None`), the parameters' defaults: no term at
    # lines 7 and 13 (Field's values from functional are that helper's return for its own default-None parameter);
    # a helper that builds one whatever it is given (line 9): as before
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])
    assert found(result) == [("fields.py", 9, "TFP301", "warning")]
    tree(tmp_path, {"pkg/model.py": """\
        import tensorflow as tf
        from pkg.fields import functional

        def build():
            return functional(["u"], kernel_regularizer=1e-4)
        """})
    # a call that passes a strength: the terms are there again (functional's own, and Field's through it)
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])
    assert found(result) == [("fields.py", 7, "TFP301", "warning"), ("fields.py", 9, "TFP301", "warning"),
                             ("fields.py", 13, "TFP301", "warning")]


def test_none_for_reads_the_early_return_only():
    def first(code):
        return none_for(_File(), ast.parse(code).body[0])

    assert first("def f(x=None):\n    if x is None:\n        return None\n    return g(x)") == (0, "x", "none")
    assert first("def f(a, x=None):\n    if not x:\n        return\n    return g(x)") == (1, "x", "falsy")
    assert first("def f(*args):\n    if len(args) == 0 or args[0] is None:\n        return None\n    return 1") \
        == (0, "*args[0]", "none")
    # another return first, a return of something else, a test of something else: none
    assert first("def f(x=None):\n    if y:\n        return 1\n    if x is None:\n        return None") is None
    assert first("def f(x=None):\n    if x is None:\n        return 0\n    return x") is None
    assert first("def f(x=None):\n    if x.y is None:\n        return None\n    return x") is None


class _File:
    """What `none_for` reads of a file: a function's parent (a module's function here)."""

    def parent(self, node):
        return None
