"""Values the callers pass through `**kwargs`: `kwargs.get("resnest", False)` of a function's own `**kwargs` is a
keyword-only parameter in all but the signature (tftk's ResNet builders hand it on as `resnest=resnest`). The
callers decide it by that keyword, and a call that leaves it out gets the default, so an option the builders
switch on only by such a keyword is opt-in. Each VALID form beside its INVALID look-alike (a caller that passes the
keyword turns the option on; a dict that is no `**` parameter, or a key the function names, is not known)."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

BUILDER = """\
import tensorflow as tf


def _build(x, resnest=False):
    if resnest:
        x = tf.keras.layers.Conv2D(8, 3, kernel_regularizer=tf.keras.regularizers.l2(1e-4))(x)
    return x


"""


def findings(root, text):
    result = lint_paths([str(project(root, {"pkg/nets.py": BUILDER + text}))], select=["TFP301"], target="gaudi2",
                        jobs=1)
    assert not result.errors
    return [(f.source.line, f.severity.value, f.message) for f in result.findings]


@pytest.mark.parametrize("caller", [
    "def resnet18(x, **kwargs):\n    resnest = kwargs.get('resnest', False)\n    return _build(x, resnest=resnest)\n",
    "def resnet18(x, **kw):\n    return _build(x, resnest=kw.get('resnest'))\n",
])
def test_a_keyword_read_of_the_callers_kwargs_is_their_choice(tmp_path, caller):
    assert findings(tmp_path, caller) == []


def test_a_caller_that_passes_the_keyword_turns_the_option_on(tmp_path):
    found = findings(tmp_path, "def resnet18(x, **kwargs):\n    return _build(x, resnest=kwargs.get('resnest', False))\n"
                               "\n\ndef resnest18(x):\n    return resnet18(x, resnest=True)\n")
    assert [(line, severity) for line, severity, _ in found] == [(6, "warning")]
    assert "resnest is True from nets.resnest18" in found[0][2]


@pytest.mark.parametrize("caller", [
    # a dict the function is handed as a value, not its `**` parameter: its keys are not the callers' keywords
    "def resnet18(x, options):\n    return _build(x, resnest=options.get('resnest', False))\n",
    # a key the function names as a parameter: a caller's keyword lands there, never in kwargs
    "def resnet18(x, resnest=True, **kwargs):\n    return _build(x, resnest=kwargs.get('resnest', False))\n",
    # kwargs rebound before the read
    "def resnet18(x, **kwargs):\n    kwargs = dict(kwargs, resnest=True)\n"
    "    return _build(x, resnest=kwargs.get('resnest', False))\n",
])
def test_other_reads_stay_not_known(tmp_path, caller):
    found = findings(tmp_path, caller)
    assert [(line, severity) for line, severity, _ in found] == [(6, "warning")]
    assert "resnest is not known here from nets.resnet18" in found[0][2]
