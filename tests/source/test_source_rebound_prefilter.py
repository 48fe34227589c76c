"""A wrapper's forwarded parameter rebound anywhere in it is not a pass-through (`callables._rebound`), also when
the only word for it is a `nonlocal` or `global` declaration: the walk that looks is skipped only for a name the
file stores nowhere in a file that declares neither. The look-alikes keep the wrapper a pass-through: the name
stored elsewhere in the file, in another function or at module level."""

from __future__ import annotations

import textwrap

import pytest

from tfperf.source import lint_text

CODE = """\
import tensorflow as tf

{extra}

def keep(func):
{before}    def inner(*args, **kwargs):
{inside}        return func(*args, **kwargs)
    return inner


def forward(x, w):
    pad = keep(tf.pad)
    y = pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return tf.nn.conv2d(y, w, 1, "VALID")
"""


def lint(extra: str = "", before: str = "", inside: str = ""):
    code = CODE.format(extra=extra, before=textwrap.indent(before, "    "), inside=textwrap.indent(inside, "        "))
    return [f.severity.value for f in lint_text(code, "model.py", target="gaudi2", select=["TFP201"])]


@pytest.mark.parametrize("extra", ["", "func = None", "def other(func):\n    func = func or tf.identity\n    return func"],
                         ids=["stored-nowhere", "stored-at-module-level", "stored-in-another-function"])
def test_invalid_a_pass_through_whose_parameter_no_code_of_it_rebinds(extra):
    assert lint(extra=extra) == ["warning"]


@pytest.mark.parametrize("before, inside", [
    ("if func is None:\n    func = tf.identity\n", ""),
    ("", "nonlocal func\n"),
    ("", "global func\n"),
], ids=["rebound-before", "nonlocal", "global"])
def test_valid_a_wrapper_whose_parameter_is_rebound_or_declared(before, inside):
    assert lint(before=before, inside=inside) == []
