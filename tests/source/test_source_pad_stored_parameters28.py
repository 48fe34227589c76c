"""TFP201 in a Keras layer whose `call` pads under a test of an attribute and whose `__init__` builds the
conv with a padding that tests the constructor parameter the attribute stores (MobileNet / EfficientNet
blocks, ResNet-D, Darknet; session 28): `self.stride = stride` stored once, unconditionally, from a
parameter `__init__` never rebinds is that parameter in every method's tests (`paths.as_parameters`), and
the tests of `self.<attr>` on the path where a held pad layer runs (`if self.stride == 2: x = self.pad(x)`)
are read with the conv's padding (`_SourcePad.applied`). Also a pad layer a helper of the file returns in an
`add` chain (`model.add(make_pad())`). Each form with the look-alikes it must leave alone."""

from __future__ import annotations

import ast
import textwrap

import pytest

from tfperf.source import lint_text
from tfperf.source.paths import decide

HEAD = """\
import tensorflow as tf
L = tf.keras.layers
"""

BLOCK = """\
class Block(L.Layer):
    def __init__(self, filters, {param}=1):
        super().__init__()
        self.{attr} = {param}
        self.pad = L.ZeroPadding2D(((0, 1), (0, 1)))
        {padding}
        self.dw = L.DepthwiseConv2D(3, strides={param}, padding=padding)

    def call(self, x):
{apply}
        return self.dw(x)
"""


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(HEAD + textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


def block(padding: str, apply: str, param: str = "stride", attr: str | None = None) -> str:
    return BLOCK.format(param=param, attr=attr or param, padding=padding, apply=textwrap.indent(apply, " " * 8))


PAD_LINE = 7  # (the pad layer's construction, where the finding is)

FLAGGED = {
    "compared-in-the-expression": ("padding = 'same' if stride == 1 else 'valid'",
                                   "if self.stride == 2:\n    x = self.pad(x)"),
    "bound-to-a-local": ("padding = 'valid' if stride == 2 else 'same'",
                         "if self.stride == 2:\n    x = self.pad(x)"),
    "greater-than-one": ("padding = 'same' if stride == 1 else 'valid'",
                         "if self.stride > 1:\n    x = self.pad(x)"),
    "returned-before": ("padding = 'valid' if stride == 2 else 'same'",
                        "if self.stride != 2:\n    return self.dw(x)\nx = self.pad(x)"),
    "a-flag": ("padding = 'valid' if stride else 'same'", "if self.stride:\n    x = self.pad(x)"),
}


@pytest.mark.parametrize("form", sorted(FLAGGED))
def test_a_pad_under_a_test_of_the_stored_attribute_before_the_conv_its_parameter_makes_valid(form):
    padding, apply = FLAGGED[form]
    assert lint(block(padding, apply)) == [(PAD_LINE, "warning")]


LEFT = {
    # the pad runs where the conv is SAME
    "other-branch": ("padding = 'same' if stride == 1 else 'valid'", "if self.stride == 1:\n    x = self.pad(x)"),
    # stride > 1 does not say stride == 2 (3 is SAME here)
    "not-implied": ("padding = 'valid' if stride == 2 else 'same'", "if self.stride > 1:\n    x = self.pad(x)"),
}


@pytest.mark.parametrize("form", sorted(LEFT))
def test_a_pad_on_a_path_where_the_conv_is_not_known_valid_is_left_alone(form):
    padding, apply = LEFT[form]
    assert lint(block(padding, apply)) == []


def test_an_attribute_the_class_sets_again_elsewhere_is_not_the_parameter():
    code = block("padding = 'same' if stride == 1 else 'valid'", "if self.stride == 2:\n    x = self.pad(x)")
    code = code.replace("    def call(self, x):", "    def build(self, shape):\n        self.stride = 1\n\n"
                                                   "    def call(self, x):")
    assert lint(code) == []


def test_an_attribute_stored_only_under_a_test_is_not_the_parameter():
    code = block("padding = 'same' if stride == 1 else 'valid'", "if self.stride == 2:\n    x = self.pad(x)")
    code = code.replace("        self.stride = stride\n", "        if filters:\n            self.stride = stride\n")
    assert lint(code) == []


def test_a_parameter_rebound_in_init_is_not_the_stored_value():
    code = block("padding = 'same' if stride == 1 else 'valid'", "if self.stride == 2:\n    x = self.pad(x)")
    code = code.replace("        self.pad =", "        stride = stride or 1\n        self.pad =")
    assert lint(code) == []


def test_a_local_name_tested_in_call_is_not_inits_parameter():
    code = block("padding = 'same' if stride == 1 else 'valid'", "stride = 2\nif stride == 2:\n    x = self.pad(x)")
    assert lint(code) == []


def test_a_pad_called_in_call_before_a_conv_built_in_init():
    code = """\
        class Block(L.Layer):
            def __init__(self, filters, strides=1):
                super().__init__()
                self.strides = strides
                self.dw = L.DepthwiseConv2D(3, strides=strides, padding='same' if strides == 1 else 'valid')

            def call(self, x):
                if self.strides == 2:
                    x = L.ZeroPadding2D(((0, 1), (0, 1)))(x)
                return self.dw(x)
        """
    assert lint(code) == [(11, "warning")]
    assert lint(code.replace("if self.strides == 2", "if self.strides == 1")) == []


def _test(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def test_a_not_equal_test_that_failed_pins_the_value():
    assert decide(_test("stride == 2"), [(_test("stride != 2"), False)]) is True
    assert decide(_test("stride == 1"), [(_test("stride != 2"), False)]) is False
    assert decide(_test("stride == 1"), [(_test("stride != 2"), True)]) is None


ADD_CHAIN = """\
def make_pad():
    return L.ZeroPadding2D(((1, 0), (1, 0)))


def build():
    model = tf.keras.Sequential()
    model.add(make_pad())
    model.add(L.Conv2D(8, 3, strides=2, padding={padding!r}))
    return model
"""


def test_a_pad_layer_a_helper_returns_added_before_a_valid_conv():
    assert lint(ADD_CHAIN.format(padding="valid")) == [(4, "warning")]
    assert lint(ADD_CHAIN.format(padding="same")) == []
    assert lint(ADD_CHAIN.format(padding="valid").replace("L.ZeroPadding2D(((1, 0), (1, 0)))", "L.ReLU()")) == []


BRANCHED_CONV = """\
class Block(L.Layer):
    def __init__(self, filters, stride=1):
        super().__init__()
        self.stride = stride
        self.pad = L.ZeroPadding2D(((0, 1), (0, 1)))
        if stride == 2:
            self.conv = L.Conv2D(filters, 3, strides=2, padding='valid')
        else:
            self.conv = L.Conv2D(filters, 3, padding='same')

    def call(self, x):
        if self.stride == {applied}:
            x = self.pad(x)
        return self.conv(x)
"""


def test_a_conv_held_on_self_built_in_both_branches_is_judged_on_the_pads_path():
    assert lint(BRANCHED_CONV.format(applied=2)) == [(7, "warning")]
    assert lint(BRANCHED_CONV.format(applied=1)) == []  # (the pad runs where the conv is the SAME one)
