"""`paths.decide` takes a known disjunction case by case: a test every case decides alike is decided; a test that is
itself an `or` or an `and` is decided by its sides."""

import ast

from tfperf.source.paths import decide


def _test(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def test_a_test_every_case_of_a_disjunction_contradicts_fails():
    known = [(_test("stride == 2 or stride == (2, 2, 2)"), True)]
    assert decide(_test("stride == 1"), known) is False


def test_a_test_every_case_implies_holds():
    known = [(_test("padding == 'valid' or padding == 'VALID'"), True)]
    assert decide(_test("padding != 'same'"), known) is True


def test_a_case_that_says_nothing_leaves_the_test_open():
    known = [(_test("stride == 2 or large"), True)]
    assert decide(_test("stride == 1"), known) is None


def test_a_disjunction_known_false_is_no_case_split():
    known = [(_test("stride == 2 or stride == 3"), False)]
    assert decide(_test("stride == 1"), known) is None


def test_a_bare_flag_takes_the_truth_of_the_literal_it_is_known_to_equal():
    assert decide(_test("with_padding"), [(_test("with_padding == False"), True)]) is False
    assert decide(_test("not with_padding"), [(_test("with_padding == False"), True)]) is True
    assert decide(_test("self.pad"), [(_test("self.pad == 1"), True)]) is True
    assert decide(_test("strides"), [(_test("strides == (1, 1)"), True)]) is True


def test_a_bare_flag_a_comparison_does_not_pin_stays_open():
    assert decide(_test("with_padding"), [(_test("with_padding == False"), False)]) is None
    assert decide(_test("stride"), [(_test("stride > 1"), True)]) is None
    assert decide(_test("other"), [(_test("with_padding == False"), True)]) is None


def test_a_known_residue_decides_an_equality_of_another_residue():
    even = [(_test("stride % 2 == 0"), True)]
    assert decide(_test("stride == 1"), even) is False
    assert decide(_test("stride != 1"), even) is True
    assert decide(_test("stride == 2"), even) is None
    assert decide(_test("stride == 1"), [(_test("stride % 2 != 0"), False)]) is False
    assert decide(_test("stride == 1"), [(_test("stride % 2 == 1"), True)]) is None
    assert decide(_test("stride == 2"), [(_test("stride % 2 == 1"), True)]) is False
    assert decide(_test("stride == 1"), [(_test("stride % 2 == 0"), False)]) is None
    assert decide(_test("stride > 1"), even) is None


def test_a_disjunction_is_decided_by_its_sides():
    """Set 76's pyradox: `"same" if self.stride == (1, 1) or self.stride == 1 else "valid"` on the path of `if
    self.stride == 2 or self.stride == (2, 2):` is "valid"."""
    strided = [(_test("stride == 2 or stride == (2, 2)"), True)]
    assert decide(_test("stride == (1, 1) or stride == 1"), strided) is False
    assert decide(_test("stride == 2 or stride == 1"), [(_test("stride == 2"), True)]) is True
    assert decide(_test("stride == 3 or stride == 1"), [(_test("stride == 2"), True)]) is False


def test_a_conjunction_is_decided_by_its_sides():
    known = [(_test("stride == 2"), True)]
    assert decide(_test("stride == 1 and large"), known) is False
    assert decide(_test("stride == 2 and stride > 1"), known) is True


def test_a_side_that_says_nothing_leaves_the_test_open():
    known = [(_test("stride == 2"), True)]
    assert decide(_test("stride == 1 or large"), known) is None
    assert decide(_test("stride == 2 and large"), known) is None


def test_a_pad_under_a_stride_test_before_a_conv_whose_padding_tests_the_stride_with_or():
    from tfperf.source import lint_text

    code = """\
from tensorflow.keras import layers


def inverted_res_block(x, stride):
    if stride == 2 or stride == (2, 2):
        x = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(x)
    return layers.DepthwiseConv2D(3, strides=stride, padding="same" if stride == (1, 1) or stride == 1 else "valid")(x)
"""
    found = lint_text(code, "blocks.py", target="gaudi2", select=["TFP201"])
    assert [(f.source.line, f.severity.value) for f in found] == [(6, "warning")]
