"""Ops reached through a callable value (`tfperf.source.callables`), read by the shared name resolution so that
every rule sees `pad(x, p)` as `tf.pad(x, p)`: aliases in a function and on `self`, a project wrapper returning
a closure that hands the op every argument (of this file, another module, a factory of one), `functools.partial`
binding nothing, forwarding lambdas, `getattr(tf, "pad")`, items of a dict or list of ops, `tf.function`,
`staticmethod`. Held-out set 33's tensornets: `pad = ops_to_outputs(tf.pad)` star-imported, before a conv that
a `(*args, **kwargs)` helper builds with the caller's `padding='VALID'`, by a `pad_info` list whose item the
helper shifts. And the look-alikes that change the op: a wrapper or lambda that adds `mode=`, a partial binding
it, a closure editing its keywords or changing the result, a conv wrapper fixing its padding."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

HEAD = """\
import functools

import tensorflow as tf


def wrap(func):
    def inner(*args, **kwargs):
        return func(*args, **kwargs)
    return inner


def named(func):
    @functools.wraps(func)
    def inner(*args, **kwargs):
        out = func(*args, **kwargs)
        out = tf.identity(out, name=kwargs.get("name"))
        return out
    return inner


def tagged(tag):
    def real(func):
        return lambda *a, **k: func(*a, **k)
    return real


def reflect(func):
    def inner(*args, **kwargs):
        return func(*args, mode="REFLECT", **kwargs)
    return inner


def symmetric(func):
    def inner(*args, **kwargs):
        kwargs["mode"] = "SYMMETRIC"
        return func(*args, **kwargs)
    return inner


def shifted(func):
    def inner(*args, **kwargs):
        return func(*args, **kwargs) + 1.0
    return inner


OPS = {"pad": tf.pad, "conv": tf.nn.conv2d}
OP_LIST = [tf.pad]
"""

# {bind}: statements binding `pad` in the function; {pad}: the callee of the pad call
BODY = """

def forward(x, w):
{bind}
    y = {pad}(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return tf.nn.conv2d(y, w, 1, "VALID")
"""


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


def body(bind: str, pad: str = "pad") -> str:
    return HEAD + BODY.format(bind=textwrap.indent(bind, "    ") if bind else "    pass", pad=pad)


PAD_LINE = len(HEAD.splitlines()) + 5


@pytest.mark.parametrize("bind, pad", [
    ("pad = tf.pad", "pad"),
    ("pad = tf.compat.v1.pad", "pad"),
    ("pad = wrap(tf.pad)", "pad"),
    ("pad = named(tf.pad)", "pad"),
    ("pad = tagged('x')(tf.pad)", "pad"),
    ("pad = lambda t, p: tf.pad(t, p)", "pad"),
    ("pad = lambda *a, **k: tf.pad(*a, **k)", "pad"),
    ("pad = functools.partial(tf.pad)", "pad"),
    ("pad = functools.partial(tf.pad, name='border')", "pad"),
    ("pad = getattr(tf, 'pad')", "pad"),
    ("pad = tf.function(tf.pad)", "pad"),
    ("pad = tf.pad if w is None else tf.compat.v1.pad", "pad"),
    ("", "OPS['pad']"),
    ("", "OP_LIST[0]"),
    ("", "wrap(tf.pad)"),
    ("", "getattr(tf, 'pad')"),
], ids=["alias", "compat-alias", "wrapper", "wraps-identity", "factory-lambda", "lambda", "lambda-star",
        "partial", "partial-name", "getattr", "tf-function", "same-op-either-way", "dict-item", "list-item",
        "wrapper-inline", "getattr-inline"])
def test_invalid_a_pad_through_a_callable_value(bind, pad):
    assert lint(body(bind, pad)) == [(PAD_LINE, "warning")]


@pytest.mark.parametrize("bind", [
    "pad = reflect(tf.pad)",
    "pad = symmetric(tf.pad)",
    "pad = shifted(tf.pad)",
    "pad = lambda t, p: tf.pad(t, p, mode='REFLECT')",
    "pad = lambda t, p, mode='REFLECT': tf.pad(t, p, mode)",
    "pad = lambda t, p: tf.pad(p, t)",
    "pad = functools.partial(tf.pad, mode='SYMMETRIC')",
    "pad = functools.partial(tf.pad, constant_values=1)",
    "pad = getattr(tf, w)",
    "pad = tf.pad if w is None else reflect(tf.pad)",
], ids=["wrapper-adds-mode", "wrapper-edits-kwargs", "wrapper-changes-result", "lambda-adds-mode",
        "lambda-default", "lambda-reorders", "partial-mode", "partial-value", "getattr-unknown", "either-op"])
def test_valid_a_callable_that_changes_the_pad(bind):
    assert lint(body(bind)) == []


def test_valid_a_local_alias_rebound_on_one_path():
    code = body("pad = tf.pad\nif w is None:\n    pad = reflect(tf.pad)")
    assert lint(code) == []


SELF = """\
import tensorflow as tf


class Block(tf.keras.layers.Layer):
    {static}

    def __init__(self, w, **kwargs):
        super().__init__(**kwargs)
        self.w = w
        {init}

    def call(self, x):
        y = self.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return self.conv(y, self.w, 1, "VALID")
"""


@pytest.mark.parametrize("static, init", [
    ("pass", "self.pad = tf.pad\n        self.conv = tf.nn.conv2d"),
    ("pad = staticmethod(tf.pad)", "self.conv = tf.nn.conv2d"),
    ("conv = staticmethod(tf.nn.conv2d)", "self.pad = lambda t, p: tf.pad(t, p)"),
], ids=["attributes", "static-pad", "static-conv-lambda-pad"])
def test_invalid_ops_held_on_self(static, init):
    code = SELF.format(static=static, init=init)
    line = next(i for i, text in enumerate(code.splitlines(), 1) if "y = self.pad" in text)
    assert lint(code) == [(line, "warning")]


@pytest.mark.parametrize("static, init", [
    ("pass", "self.pad = tf.pad if w else tf.image.pad_to_bounding_box\n        self.conv = tf.nn.conv2d"),
    ("pad = tf.pad", "self.conv = tf.nn.conv2d"),  # (a plain function as a class attribute: self is passed)
    ("pass", "self.pad = tf.pad\n        self.conv = lambda x, w, s, p: tf.nn.conv2d(x, w, s, 'SAME')"),
], ids=["two-ops", "unbound-function", "conv-fixed-same"])
def test_valid_ops_on_self_that_are_not_the_op(static, init):
    assert lint(SELF.format(static=static, init=init)) == []


CONV_WRAPPED = HEAD + """

def same(func):
    def inner(x, w, s, p):
        return func(x, w, s, "SAME")
    return inner


def forward(x, w):
    conv = {conv}
    y = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return conv(y, w, 1, "VALID")
"""


@pytest.mark.parametrize("conv, flagged", [
    ("wrap(tf.nn.conv2d)", True), ("OPS['conv']", True), ("functools.partial(tf.nn.conv2d)", True),
    ("same(tf.nn.conv2d)", False), ("functools.partial(tf.nn.conv2d, padding='SAME')", False),
], ids=["wrapper", "dict-item", "partial", "wrapper-fixes-same", "partial-padding"])
def test_a_conv_through_a_callable_value(conv, flagged):
    line = len(HEAD.splitlines()) + 11
    assert lint(CONV_WRAPPED.replace("{conv}", conv)) == ([(line, "warning")] if flagged else [])


def test_a_keras_pad_layer_through_a_local_alias():
    code = """\
    import tensorflow as tf


    def stem(x):
        padding = tf.keras.layers.ZeroPadding2D
        conv = getattr(tf.keras.layers, "Conv2D")
        x = padding(3)(x)
        return conv(64, 7, strides=2, padding="valid")(x)
    """
    assert lint(code) == [(7, "warning")]


# held-out set 33's tensornets, reduced: the wrapper in a module that names no framework, the op wrapped in
# another, star-imported by the model; the conv helper hands everything on; the paddings helper shifts an item
UTILS = """\
def ops_to_outputs(func):
    def wrapper(*args, **kwargs):
        x = func(*args, **kwargs)
        x = collect_named_outputs("outputs", x)
        return x
    return wrapper


def collect_named_outputs(collection, outputs):
    return outputs


def pad_info(s, symmetry=True):
    pads = [[0, 0], [s // 2, s // 2], [s // 2, s // 2], [0, 0]]
    if not symmetry:
        pads[1][0] -= 1
        pads[2][0] -= 1
    return pads


def batch_info(s):
    pads = [[0, 0], [s // 2, s // 2], [s // 2, s // 2], [0, 0]]
    pads[0][0] += 1
    return pads
"""
OPS_MODULE = """\
import tensorflow as tf

from .utils import ops_to_outputs

pad = ops_to_outputs(tf.pad)
reflect_pad = ops_to_outputs(lambda x, p: tf.pad(x, p, mode="REFLECT"))
"""
LAYERS = """\
import tensorflow as tf
from tensorflow.contrib.layers import batch_norm, conv2d


def convbnrelu(*args, **kwargs):
    scope = kwargs.pop("scope", None)
    with tf.variable_scope(scope):
        return tf.nn.relu(batch_norm(conv2d(*args, **kwargs)))


def convsame(*args, **kwargs):
    kwargs["padding"] = "SAME"
    return conv2d(*args, **kwargs)
"""
MODEL = """\
import tensorflow as tf

from .layers import convbnrelu as conv
from .layers import convsame
from .ops import *
from .utils import pad_info, batch_info


def net(x):
    x = {pad}(x, {info}, name="conv1/pad")
    x = {conv}(x, 64, 7, stride=2, {padding}scope="conv1")
    return x
"""


@pytest.mark.parametrize("pad, info, conv, padding, flagged", [
    ("pad", "pad_info(7)", "conv", "padding='VALID', ", True),
    ("pad", "pad_info(3, symmetry=False)", "conv", "padding='VALID', ", True),
    ("tf.pad", "pad_info(7)", "conv", "padding='VALID', ", True),
    ("pad", "pad_info(7)", "conv", "", False),
    ("pad", "pad_info(7)", "conv", "padding='SAME', ", False),
    ("pad", "pad_info(7)", "convsame", "padding='VALID', ", False),
    ("pad", "batch_info(7)", "conv", "padding='VALID', ", False),
    ("reflect_pad", "pad_info(7)", "conv", "padding='VALID', ", False),
], ids=["tensornets", "shifted-item", "direct-pad", "conv-default-same", "conv-same", "helper-sets-same",
        "batch-item-changed", "reflect-wrapped"])
def test_tensornets_pad_through_a_wrapper_of_another_module(tmp_path, pad, info, conv, padding, flagged):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": UTILS, "pkg/ops.py": OPS_MODULE, "pkg/layers.py": LAYERS,
                    "pkg/model.py": MODEL.format(pad=pad, info=info, conv=conv, padding=padding)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    found = [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in findings]
    assert found == ([("model.py", 10, "warning")] if flagged else [])


# a name a function imports itself is read by that import (held-out set 30's ART: `import tensorflow.compat.v1
# as tf` in the TF1 classifier's methods, `import tensorflow as tf` in the TF2 one's: the file-wide map kept the
# last, so the TF1 methods' `tf.Session` read as TF1's own API and made the TF2 pipeline TensorFlow 1 code)
SCOPED = """\
class V1Classifier:
    def predict(self, x):
        import tensorflow.compat.v1 as tf
        return tf.Session().run(x)


class V2Classifier:
    def fit(self, x, y, model, step):
        import tensorflow as tf
        {session}train_ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)
        for images, labels in train_ds:
            step(model, images, labels)
"""


def pipeline_findings(code: str, target: str = "gaudi2"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "classifier.py", target=target, select=["TFP401"])]


def test_valid_a_function_local_import_decides_what_its_own_reads_name():
    assert pipeline_findings(SCOPED.format(session="")) == [(10, "info")]


def test_invalid_tf1_api_read_through_the_function_own_import():
    # (TensorFlow 1 code is judged on TensorFlow 1 where the target runs it: a CPU; Gaudi runs TensorFlow 2 only)
    assert pipeline_findings(SCOPED.format(session="tf.Session()\n        "), target="cpu") == [(11, "warning")]
    assert pipeline_findings(SCOPED.format(session="tf.Session()\n        ")) == [(11, "info")]


def test_a_module_level_import_is_read_where_no_function_rebinds_the_name():
    code = SCOPED.replace("class V1Classifier", "import tensorflow as tf\n\n\nclass V1Classifier").format(
        session="tf.Session()\n        ")
    assert pipeline_findings(code, target="cpu") == [(14, "warning")]


# a def that only hands the op its parameters and returns its result: a function of the file, a method read
# on `self` (its `self` not handed on)
FORWARDING = """\
import tensorflow as tf


def fpad(*args, **kwargs):
    \"\"\"Pads.\"\"\"
    return tf.pad(*args, **kwargs)


def reflect_pad(x, p):
    return tf.pad(x, p, mode="REFLECT")


class Block(tf.keras.layers.Layer):
    pad_static = staticmethod(tf.pad)

    def pad(self, x, p):
        return tf.pad(x, p)

    def conv(self, *args, **kwargs):
        return tf.nn.conv2d(*args, **kwargs)

    def same_conv(self, x, w, s, p):
        return tf.nn.conv2d(x, w, s, "SAME")

    def call(self, x):
        y = {pad}(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return {conv}(y, self.w, 1, "VALID")
"""


@pytest.mark.parametrize("pad, conv, flagged", [
    ("self.pad", "tf.nn.conv2d", True), ("fpad", "tf.nn.conv2d", True), ("tf.pad", "self.conv", True),
    ("self.pad_static", "self.conv", True),
    ("reflect_pad", "tf.nn.conv2d", False), ("self.pad", "self.same_conv", False),
], ids=["method-pad", "function-pad", "method-conv", "static-pad-method-conv", "function-adds-mode",
        "method-fixes-same"])
def test_a_def_that_forwards_to_the_op(pad, conv, flagged):
    assert lint(FORWARDING.format(pad=pad, conv=conv)) == ([(26, "warning")] if flagged else [])
