"""Code a module constant turns off: `_USE_GEMM = True` bound once at the module's top level, then `if _USE_GEMM:
... return` ahead of a fallback (set 56's tensorpotential couple), or the branch of `if not _USE_GEMM:` / `if DEBUG:`
the constant does not take. It never runs as the module is written: a finding there is info and names the constant.
A name bound twice, inside a `try`, or rebound through `global` is no constant; a branch that does not always leave
turns nothing after it off."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

CODE = """\
import keras
import tensorflow as tf

FLAG_LINE


def couple(x, w):
    if _USE_GEMM:
        y = tf.matmul(x, w)
        RETURN
    xt = tf.transpose(x, [0, 2, 1])
    return xt


def debug_view(x):
    if not _USE_GEMM:
        return tf.transpose(x, [0, 2, 1])
    return x


class M(keras.Model):
    def train_step(self, data):
        x, y = data
        return {"loss": couple(x, self.w) + debug_view(x)}
"""


def findings(flag_line: str = "_USE_GEMM = True", leave: str = "return y", extra: str = ""):
    code = CODE.replace("FLAG_LINE", flag_line).replace("RETURN", leave) + extra
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, "compute.py", target="gaudi2", select=["TFP101"])]


def test_the_fallback_after_a_constant_early_return_and_the_branch_not_taken_are_info():
    found = findings()
    assert [(line, severity) for line, severity, _ in found] == [(11, "info"), (17, "info")]
    assert all(m.endswith("[code the module constant _USE_GEMM = True turns off (it never runs as the module is "
                          "written)]") for _, _, m in found)


def test_the_other_value_turns_the_fallback_on_and_the_early_return_off():
    assert [(line, severity) for line, severity, _ in findings("_USE_GEMM = False")] == [(11, "warning"),
                                                                                        (17, "warning")]


def test_a_branch_that_does_not_always_leave_turns_nothing_after_it_off():
    assert [(line, severity) for line, severity, _ in findings(leave="pass")] == [(11, "warning"), (17, "info")]


@pytest.mark.parametrize("flag_line, extra", [
    ("_USE_GEMM = True\n_USE_GEMM = False", ""),  # bound twice: no constant
    ("try:\n    _USE_GEMM = True\nexcept ImportError:\n    _USE_GEMM = False", ""),  # a probe, not a constant
    ("_USE_GEMM = True", "\n\ndef configure(on):\n    global _USE_GEMM\n    _USE_GEMM = on\n"),  # a setting
])
def test_a_name_that_may_hold_either_value_is_no_constant(flag_line, extra):
    assert [(line, severity) for line, severity, _ in findings(flag_line, extra=extra)][0][1] == "warning"
