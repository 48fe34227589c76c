"""`paths.decide` takes a known disjunction case by case: a test every case decides alike is decided."""

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
