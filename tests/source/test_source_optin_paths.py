"""Opt-in code reached past what the defaults do (session 26, TFP101's false positives): a branch the default
values do not take, and that no value the project passes takes, in the forms the language offers beyond an `if`
around the code: an early return the default takes (`if axis == -1: return ...` before the transpose, also
through a flag defined by an `or`), a private helper of the module whose
every call sits past such a test, and a guard on a None default (`if perm_mask is not None:`) of a parameter
no call of the project gives. One mechanism (`tfperf.source.optin.path_tests`): TFP101 and the rules that read
opt-in code by it (TFP301, TFP501, TFP601) gain alike. Each form: VALID (only the default: info, saying the
option) and INVALID (a caller of the project passes the value that takes the branch: the warning)."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

EARLY_RETURN = """\
import tensorflow as tf


def sparsemax(logits, axis=-1):
    logits = tf.nn.relu(logits)
    if axis == -1:
        return tf.nn.softmax(logits)
    moved = tf.transpose(logits, [0, 2, 1])
    return tf.nn.softmax(moved)
"""

HELPER = """\
import tensorflow as tf


def sparsemax(logits, axis=-1):
    logits = tf.nn.relu(logits)
    is_last = (axis == -1) or (axis == logits.shape.rank - 1)
    if is_last:
        return tf.nn.softmax(logits)
    out = tf.nn.softmax(_swap(logits, axis))
    return _swap(out, axis)


def _swap(x, axis):
    return tf.transpose(x, [0, 2, 1])
"""

METHOD = """\
import tensorflow as tf


class Resampler(tf.keras.layers.Layer):
    def __init__(self, interpolation="LINEAR"):
        super().__init__()
        self.interpolation = interpolation

    def call(self, x):
        if self.interpolation == "LINEAR":
            return tf.nn.relu(x)
        if self.interpolation == "IDW":
            return self._idw(x)
        raise NotImplementedError

    def _idw(self, x):
        return tf.transpose(x, [0, 2, 1])


def model(x):
    return Resampler({given})(x)
"""

NONE_GUARD = """\
import tensorflow as tf


def encode(x, perm_mask=None):
    y = tf.nn.relu(x)
    if perm_mask is not None:
        perm_mask = tf.transpose(y * perm_mask, [1, 2, 0])
    return y, perm_mask
"""


def _only(result):
    return [(line, code, severity) for _, line, code, severity in found(result)]


def test_a_transpose_past_an_early_return_the_default_takes_is_opt_in():
    # VALID: axis=-1 returns first; the transpose runs only for a caller's other axis: info, saying the option
    assert lint(EARLY_RETURN) == [(8, "TFP101", "info")]


def test_a_transpose_past_an_early_return_a_caller_skips_keeps_the_warning(tmp_path):
    # INVALID: a call of the project passes axis=1, which does not return first
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": EARLY_RETURN, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.ops import sparsemax

        class Head(tf.keras.layers.Layer):
            def call(self, x):
                return sparsemax(x, axis=1)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    assert _only(result) == [(8, "TFP101", "warning")]


def test_an_else_that_returns_puts_the_code_under_the_test():
    code = """\
    import tensorflow as tf

    def reshape(a, order="C"):
        a = tf.nn.relu(a)
        if order == "F":
            pass
        else:
            return tf.reshape(a, [-1])
        return tf.transpose(a, [0, 2, 1])
    """
    assert lint(code) == [(9, "TFP101", "info")]


def test_a_raise_first_is_no_option():
    # `if mask is None: raise`: every run that goes on has one; the transpose is the function's, not an option
    code = """\
    import tensorflow as tf

    def swap(x, axis=-1):
        x = tf.nn.relu(x)
        if axis == -1:
            raise ValueError("pass an axis")
        return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code) == [(7, "TFP101", "warning")]


def test_a_private_helper_called_only_past_the_early_return_is_opt_in():
    # VALID: both calls of _swap follow `if is_last: return` (is_last defined by an `or` with axis == -1)
    assert lint(HELPER) == [(14, "TFP101", "info")]


def test_a_private_helper_called_also_before_the_test_keeps_the_warning():
    # INVALID: one call of _swap is on the default's path
    code = HELPER.replace("    logits = tf.nn.relu(logits)\n", "    logits = _swap(tf.nn.relu(logits), 1)\n")
    assert lint(code) == [(14, "TFP101", "warning")]


def test_a_private_helper_a_caller_reaches_keeps_the_warning(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": HELPER, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.ops import sparsemax

        class Head(tf.keras.layers.Layer):
            def call(self, x):
                return sparsemax(x, axis=1)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    assert _only(result) == [(14, "TFP101", "warning")]


def test_a_private_method_called_only_under_a_mode_test_is_opt_in():
    # VALID: self._idw runs only under `== "IDW"` (its one call; since session 27 a private method's callers'
    # tests are taken, one hop): info, saying the option
    assert lint(METHOD.format(given="")) == [(17, "TFP101", "info")]


def test_a_private_method_a_construction_turns_on_keeps_the_warning():
    # INVALID: the project builds Resampler("IDW")
    assert lint(METHOD.format(given='interpolation="IDW"')) == [(17, "TFP101", "warning")]


def test_a_guard_on_a_none_default_nobody_gives_is_opt_in():
    # VALID: perm_mask defaults to None and no call of the project gives one: info, saying the option
    findings = lint_text_messages(NONE_GUARD)
    assert [(line, severity) for line, severity, _ in findings] == [(7, "info")]
    assert "perm_mask is None by default" in findings[0][2]


def test_a_guard_on_a_none_default_a_caller_gives_keeps_the_warning():
    # INVALID: a call of the module passes a mask (a value not known here: the warning)
    code = NONE_GUARD + """

class Encoder(tf.keras.layers.Layer):
    def call(self, x):
        return encode(x, perm_mask=x)
"""
    assert lint(code) == [(7, "TFP101", "warning")]


def test_a_guard_on_a_none_default_given_from_another_module_keeps_the_warning(tmp_path):
    # INVALID: handed from another module's layer (whose own callers the index may not follow): not read as opt-in
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": NONE_GUARD, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.ops import encode

        class Head(tf.keras.layers.Layer):
            def call(self, x, m):
                return encode(x, perm_mask=m)[1]
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    assert _only(result) == [(7, "TFP101", "warning")]


def test_a_guard_on_a_none_default_of_a_layer_call_keeps_the_warning():
    # INVALID: `self.enc(x, mask=m)` is not joined to a layer's `call`: what it gets is not known here
    code = """\
    import tensorflow as tf

    class Enc(tf.keras.layers.Layer):
        def call(self, x, mask=None):
            y = tf.nn.relu(x)
            if mask is not None:
                y = tf.transpose(y, [0, 2, 1])
            return y
    """
    assert lint(code) == [(7, "TFP101", "warning")]


def test_an_early_return_is_opt_in_for_tfp601_too():
    # the shared mechanism: TFP601's sum over a branch only a caller's mode takes
    code = """\
    import tensorflow as tf

    def loss(y, p, mode="mean"):
        if mode == "mean":
            return tf.reduce_mean(tf.abs(y - p))
        return tf.reduce_sum(tf.abs(y - p), axis=-1)
    """
    before = lint(code.replace('        if mode == "mean":\n            return tf.reduce_mean(tf.abs(y - p))\n', ""),
                  select=("TFP601",), path="losses.py")
    after = lint(code, select=("TFP601",), path="losses.py")
    assert before != after
    assert after == []


def lint_text_messages(code: str):
    import textwrap

    from tfperf.source import lint_text
    return [(f.source.line, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101"])]


def test_a_helper_of_a_helper_takes_one_hop_only():
    # `_swap` is called only from `_both`, which runs only past the early return: one hop (`_both`'s own transpose)
    # is opt-in; two hops (`_swap`) keep the warning (a longer chain reaches configs whose setters are not all read)
    code = """\
    import tensorflow as tf

    def sparsemax(logits, axis=-1):
        logits = tf.nn.relu(logits)
        if axis == -1:
            return tf.nn.softmax(logits)
        return _both(logits)

    def _both(x):
        y = tf.transpose(x, [0, 2, 1])
        return _swap(y)

    def _swap(x):
        return tf.transpose(tf.nn.relu(x), [0, 2, 1])
    """
    assert lint(code) == [(10, "TFP101", "info"), (14, "TFP101", "warning")]
