"""TFP201 through the ways Keras code composes a pad with the next layer (session 27): a project factory
called on the pad's output that returns the framework conv it builds (or a `Sequential` starting with it),
its padding read with the values that call passes (a keyword, a default, an expression of the factory's
arguments, `**kwargs`, `*args` handed on); a list literal of layers on `self` (assigned, `+=`, `extend`)
applied in order, also by a base class's `call`. Each form with a VALID look-alike it must leave alone."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

HEAD = """\
import tensorflow as tf
L = tf.keras.layers
"""


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(HEAD + textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


FACTORIES = {
    "keyword-default": ("def conv_block(f, k, strides=1, padding='valid'):\n"
                        "    return L.Conv2D(f, k, strides=strides, padding=padding, use_bias=False)\n"),
    "keras-default": "def conv_block(f, k, strides=1):\n    return L.Conv2D(f, k, strides=strides)\n",
    "sequential-list": ("def conv_block(f, k, strides=1):\n"
                        "    return tf.keras.Sequential([L.Conv2D(f, k, strides=strides), L.BatchNormalization()])\n"),
    "sequential-add": ("def conv_block(f, k, strides=1):\n    m = tf.keras.Sequential()\n"
                       "    m.add(L.Conv2D(f, k, strides=strides, padding='valid'))\n"
                       "    m.add(L.BatchNormalization())\n    return m\n"),
    "stride-expression": ("def conv_block(f, k, strides=1):\n"
                          "    padding = 'same' if strides == 1 else 'valid'\n"
                          "    return L.Conv2D(f, k, strides=strides, padding=padding)\n"),
    "kwargs-expression": ("def conv_block(f, k, **kwargs):\n"
                          "    padding = 'valid' if kwargs.get('strides') == 2 else 'same'\n"
                          "    return L.Conv2D(f, k, padding=padding, **kwargs)\n"),
    "args-passed-on": "def conv_block(*args, **kwargs):\n    return L.Conv2D(*args, use_bias=False, **kwargs)\n",
}


@pytest.mark.parametrize("factory", sorted(FACTORIES))
def test_a_pad_before_the_conv_a_factory_of_the_file_returns(factory):
    code = FACTORIES[factory] + "def model(x):\n    y = L.ZeroPadding2D(1)(x)\n    return conv_block(32, 3, strides=2)(y)\n"
    line = code.count("\n") - 1 + 2
    assert lint(code) == [(line, "warning")]


@pytest.mark.parametrize("factory, call", [
    ("keyword-default", "conv_block(32, 3, strides=2, padding='same')"),
    ("keyword-default", "conv_block(32, 3, 2, 'same')"),
    ("stride-expression", "conv_block(32, 3)"),
    ("stride-expression", "conv_block(32, 3, strides=1)"),
    ("kwargs-expression", "conv_block(32, 3, strides=1)"),
    ("args-passed-on", "conv_block(32, 3, 2, 'same')"),
    ("args-passed-on", "conv_block(32, 3, padding='same')"),
    ("keyword-default", "conv_block(32, 3, **options)"),
])
def test_a_factory_call_whose_conv_is_not_valid_is_left_alone(factory, call):
    code = FACTORIES[factory] + f"def model(x, options):\n    y = L.ZeroPadding2D(1)(x)\n    return {call}(y)\n"
    assert lint(code) == []


def test_a_pad_of_another_rank_than_the_factorys_conv_is_left_alone():
    code = FACTORIES["keras-default"] + "def model(x):\n    y = L.ZeroPadding3D(1)(x)\n    return conv_block(8, 3)(y)\n"
    assert lint(code) == []


def test_a_factory_returning_a_3d_conv_after_a_3d_pad():
    code = "def conv3(f):\n    return L.Conv3D(f, 3)\ndef net(x):\n    x = L.ZeroPadding3D(1)(x)\n    return conv3(8)(x)\n"
    assert lint(code) == [(6, "warning")]


BLOCKS = """\
import tensorflow as tf
L = tf.keras.layers
def conv_block(f, k, strides=1, padding="valid"):
    return L.Conv2D(f, k, strides=strides, padding=padding, use_bias=False)
def seq_block(f, k, strides=1):
    return tf.keras.Sequential([L.Conv2D(f, k, strides=strides), L.BatchNormalization()])
def same_block(f, k):
    return L.Conv2D(f, k, padding="same")
"""


@pytest.mark.parametrize("call, flagged", [
    ("conv_block(32, 3, strides=2)", True),
    ("conv_block(32, 3, 2, 'valid')", True),
    ("conv_block(32, 3, 2, 'same')", False),
    ("conv_block(32, 3, padding='same')", False),
    ("seq_block(32, 3)", True),
    ("same_block(32, 3)", False),
])
def test_a_factory_of_another_module(tmp_path, call, flagged):
    model = f"import tensorflow as tf\nfrom pkg.blocks import conv_block, seq_block, same_block\n" \
            f"def model(x):\n    y = tf.keras.layers.ZeroPadding2D(1)(x)\n    return {call}(y)\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/blocks.py": BLOCKS, "pkg/model.py": model})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert [(f.source.line, f.severity.value) for f in findings] == ([(4, "warning")] if flagged else [])


def test_a_3d_pad_before_a_2d_conv_of_another_modules_factory_is_left_alone(tmp_path):
    model = "import tensorflow as tf\nfrom pkg.blocks import seq_block\n" \
            "def model(x):\n    y = tf.keras.layers.ZeroPadding3D(1)(x)\n    return seq_block(32, 3)(y)\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/blocks.py": BLOCKS, "pkg/model.py": model})
    assert lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings == []


LISTED = """\
class Block(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        {store}
    def call(self, x):
        for layer in self.seq:
            {apply}
        return x
"""


@pytest.mark.parametrize("store", [
    "self.seq = [L.ZeroPadding2D(1), L.Conv2D(32, 3, strides=2)]",
    "self.seq = []; self.seq += [L.ZeroPadding2D(1), L.Conv2D(32, 3, strides=2, padding='valid')]",
    "self.seq = []; self.seq.extend([L.ZeroPadding2D(1), L.Conv2D(32, 3, strides=2)])",
])
@pytest.mark.parametrize("apply, flagged", [("x = layer(x)", True), ("y = layer(x)", False)])
def test_a_list_literal_of_layers_on_self_applied_in_order(store, apply, flagged):
    found = lint(LISTED.replace("{store}", store).replace("{apply}", apply))
    assert found == ([(6, "warning")] if flagged else [])


@pytest.mark.parametrize("store", [
    "self.seq = [L.ZeroPadding2D(1), L.Conv2D(32, 3, strides=2, padding='same')]",
    "self.seq = [L.ZeroPadding2D(1), L.BatchNormalization(), L.Conv2D(32, 3)]",
    "self.seq = [L.Conv2D(32, 3), L.ZeroPadding2D(1)]",
])
def test_a_list_literal_whose_next_layer_is_no_valid_conv_is_left_alone(store):
    assert lint(LISTED.replace("{store}", store).replace("{apply}", "x = layer(x)")) == []


BASE = """\
class Base(tf.keras.layers.Layer):
    def call(self, x):
        for layer in self.layers_list:
            {apply}
        return x
class Block(Base):
    def __init__(self):
        super().__init__()
        self.layers_list = []
        self.layers_list.append(L.ZeroPadding2D(1))
        self.layers_list.append(L.Conv2D(32, 3, strides=2, padding="valid"))
"""


@pytest.mark.parametrize("apply, flagged", [("x = layer(x)", True), ("y = layer(x)", False)])
def test_a_list_a_base_class_of_the_file_applies_in_order(apply, flagged):
    assert lint(BASE.replace("{apply}", apply)) == ([(12, "warning")] if flagged else [])


@pytest.mark.parametrize("body, flagged", [
    ("    return L.Conv2D(*args, **kwargs)\n", True),
    ("    kwargs.setdefault('padding', 'same')\n    return L.Conv2D(*args, **kwargs)\n", False),
    ("    kwargs['padding'] = 'same'\n    return L.Conv2D(*args, **kwargs)\n", False),
    ("    kwargs.update(padding='same')\n    return L.Conv2D(*args, **kwargs)\n", False),
])
def test_a_factory_handing_on_its_kwargs_unless_it_edits_them(body, flagged):
    code = "import functools\n@functools.wraps(L.Conv2D)\ndef MyConv(*args, **kwargs):\n" + body + \
        "def model(x):\n    y = L.ZeroPadding2D(1)(x)\n    return MyConv(32, 3, strides=2)(y)\n"
    line = code.count("\n") - 1 + 2
    assert lint(code) == ([(line, "warning")] if flagged else [])


@pytest.mark.parametrize("call, flagged", [("self._conv(32, 2)", True), ("self._conv(32, 1)", False)])
def test_a_method_of_the_class_that_returns_the_conv(call, flagged):
    code = f"""\
        class B(tf.keras.layers.Layer):
            def _conv(self, f, strides=1):
                return L.Conv2D(f, 3, strides=strides, padding="same" if strides == 1 else "valid")
            def call(self, x):
                x = L.ZeroPadding2D(1)(x)
                return {call}(x)
        """
    assert lint(code) == ([(7, "warning")] if flagged else [])


@pytest.mark.parametrize("call, flagged", [
    ("conv_block(32, 3)", True),
    ("conv_block(32, 3, padding='same')", False),
])
def test_a_factory_of_another_module_handing_on_its_kwargs(tmp_path, call, flagged):
    blocks = "import tensorflow as tf\ndef conv_block(f, k, **kwargs):\n" \
             "    return tf.keras.layers.Conv2D(f, k, use_bias=False, **kwargs)\n"
    model = f"import tensorflow as tf\nfrom pkg.blocks import conv_block\n" \
            f"def model(x):\n    y = tf.keras.layers.ZeroPadding2D(1)(x)\n    return {call}(y)\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/blocks.py": blocks, "pkg/model.py": model})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert [(f.source.line, f.severity.value) for f in findings] == ([(4, "warning")] if flagged else [])


@pytest.mark.parametrize("layers, expected", [
    ("L.ZeroPadding2D(1), L.ReLU(), L.Conv2D(8, 3)", [(3, "warning")]),
    ("L.ZeroPadding2D(1), L.Activation('relu'), L.Activation('tanh'), L.Conv2D(8, 3)", [(3, "warning")]),
    ("L.ZeroPadding2D(1), L.ReLU(), L.MaxPooling2D(3, 2)", [(3, "warning")]),  # (relu: non-negative input)
    ("L.ZeroPadding2D(1), L.Activation('tanh'), L.MaxPooling2D(3, 2)", [(3, "info")]),
    ("L.ZeroPadding2D(1), L.Activation('sigmoid'), L.Conv2D(8, 3)", []),  # (sigmoid(0) is 0.5)
    ("L.ZeroPadding2D(1), L.BatchNormalization(), L.Conv2D(8, 3)", []),  # (BN shifts the zeros)
    ("L.ZeroPadding2D(1), L.ReLU(), L.Conv2D(8, 3, padding='same')", []),
])
def test_a_sequential_list_with_zero_keeping_activations_between_pad_and_conv(layers, expected):
    assert lint(f"m = tf.keras.Sequential([{layers}])\n") == expected


SEQ_FACTORY = """\
def conv_block(f, k, strides=1):
    return L.Conv2D(f, k, strides=strides, padding="same" if strides == 1 else "valid")
m = tf.keras.Sequential([L.ZeroPadding2D(1), conv_block(8, 3, strides={s})])
m2 = tf.keras.Sequential()
m2.add(L.ZeroPadding2D(1))
m2.add(conv_block(8, 3, strides={s}))
"""


@pytest.mark.parametrize("strides, expected", [(2, [(5, "warning"), (7, "warning")]), (1, [])])
def test_a_factory_of_the_file_in_a_sequential_list_or_add_chain(strides, expected):
    assert lint(SEQ_FACTORY.replace("{s}", str(strides))) == expected


HELPER = """\
def conv_bn(x, f, k, strides=1):
{body}
    return L.BatchNormalization()(x)
def model(x):
    y = L.ZeroPadding2D(1)(x)
    return conv_bn(y, 32, 3{call})
"""
EXPRESSION = "    padding = 'same' if strides == 1 else 'valid'\n    x = L.Conv2D(f, k, strides=strides, padding=padding)(x)"
BRANCHES = "    if strides == 1:\n        x = L.Conv2D(f, k, padding='same')(x)\n" \
           "    else:\n        x = L.Conv2D(f, k, strides=strides, padding='valid')(x)"


@pytest.mark.parametrize("body", [EXPRESSION, BRANCHES], ids=["expression", "branches"])
@pytest.mark.parametrize("call, flagged", [(", strides=2", True), (", 2", True), ("", False), (", strides=1", False)])
def test_a_helper_of_the_file_that_applies_the_conv_read_with_the_calls_arguments(body, call, flagged):
    code = HELPER.replace("{body}", body).replace("{call}", call)
    line = code.count("\n") - 1 + 2
    assert lint(code) == ([(line, "warning")] if flagged else [])
