"""A method called through an object the code holds is a call of the method its class gives (the call graph's
`FileContext.callee`): through `self.<attr>` the constructor makes, a local bound to a construction, an attribute
or a parameter annotated with a project class; a method the class inherits from a base of the file is the base's
(and the override of a subclass the construction names, the subclass's). A layer hands its kernel to a held helper
whose transpose is then a weight's (TFP101 info, the weight convention: deel-lip's `LorthRegularizer` and its
`Lorth2D`); where the object's class cannot be told (an unknown class, two classes, no annotation) nothing
resolves and the transpose stays a warning."""

from __future__ import annotations

import pytest

from tfperf.findings import Severity
from tfperf.source import lint_paths

HELPERS = """\
import abc
import tensorflow as tf


class Base(abc.ABC):
    def _conv(self, w):
        raise NotImplementedError()

    def compute(self, w):
        return tf.reduce_sum(self._conv(w))


class Sub(Base):
    def _conv(self, w):
        return tf.transpose(w, perm=[3, 0, 1, 2])


class Other(Base):
    def _conv(self, w):
        return w


def make_helper():
    return Sub()
"""

LAYER = """

class Norm(tf.keras.layers.Layer):
    def build(self, shape):
        self.kernel = self.add_weight("k", shape=(3, 3, 4, 4))
"""

FORMS = {
    # the kernel handed to a helper the layer makes, whose method its ABC base defines (deel-lip's Lorth2D)
    "held attribute, inherited method": ("""\
        self.helper = {make}

    def call(self, x):
        return x * self.helper.compute(self.kernel)
""", "Sub()", "make_helper()"),
    # a local bound to a construction (two classes: unknown)
    "local construction": ("""\

    def call(self, x):
        h = Sub()
        {make}
        return x * h.compute(self.kernel)
""", "", "if self.trainable:\n            h = Other()"),
    # an attribute annotated in the class body
    "annotated attribute": ("""\
        self.helper = make_helper()

    helper: {make}

    def call(self, x):
        return x * self.helper.compute(self.kernel)
""", "Sub", "Unknown"),
    # an attribute annotated where a method sets it
    "annotated self attribute": ("""\
        self.helper: {make} = make_helper()

    def call(self, x):
        return x * self.helper.compute(self.kernel)
""", "Sub", "Unknown"),
    # a parameter annotated with a project class
    "annotated parameter": ("""\
        self.helper = make_helper()

    def call(self, x):
        return x * penalty(self.helper, self.kernel)


def penalty(h{make}, w):
    return h.compute(w)
""", ": Sub", ""),
}


def _lint(root, code: str) -> list:
    """TFP101's findings in a project of one file (linted as the program lints it: with the project's context)."""
    (root / "m.py").write_text(code)
    return [f for f in lint_paths([str(root / "m.py")], target="gaudi2", select=["TFP101"], jobs=1,
                                  cache_dir=str(root / "cache")).findings if f.code == "TFP101"]


def _transpose(root, code: str):
    found = _lint(root, code)
    assert len(found) == 1, found
    assert found[0].location.source.line == 15
    return found[0]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_resolved_helper_is_a_weights(tmp_path, form):
    code, resolved, _ = FORMS[form]
    finding = _transpose(tmp_path, HELPERS + LAYER + code.format(make=resolved))
    assert finding.severity == Severity.INFO, finding.message
    assert "weight convention" in finding.message


@pytest.mark.parametrize("form", sorted(FORMS))
def test_unknown_class_resolves_nothing(tmp_path, form):
    code, _, unknown = FORMS[form]
    finding = _transpose(tmp_path, HELPERS + LAYER + code.format(make=unknown))
    assert finding.severity == Severity.WARNING, finding.message




@pytest.mark.parametrize("base", ["object", "abc.ABC", ""])
def test_mixin_of_plain_base_defines_nothing_called(tmp_path, base):
    """A mixin first among the bases, whose own base is `object` (Python 2 style, still common), `abc.ABC` or
    none, defines no method the call names: the method is the next project base's, so the kernel's transpose
    is a weight's. The line numbers stay those of HELPERS: the mixin goes on the line of `Sub`'s header."""
    code, resolved, _ = FORMS["held attribute, inherited method"]
    helpers = HELPERS.replace("class Sub(Base):", f"class Mixin({base}): pass\nclass Sub(Mixin, Base):")
    helpers = helpers.replace("\n\n\nclass Mixin", "\n\nclass Mixin", 1)
    finding = _transpose(tmp_path, helpers + LAYER + code.format(make=resolved))
    assert finding.severity == Severity.INFO, finding.message
