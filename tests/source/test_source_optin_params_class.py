"""Params-style hyperparameters scoped to their class (issue 11, set 29: lingvo's `p = self.params` ...
`if p.packed_input:`): a layer defines its hyperparameters in a method of its class on top of its bases'
(`p.Define("packed_input", False, doc)`) and is built from them (`__init__(self, params)`, kept as
`self._params = params.Copy()`, read back through a property). A read through the instance's own params is the
definition the nearest class up its bases gives, not any class's of the same name (another class may define it
True); a set reaches it when it targets the params of that class or a subclass (`dec = p.decoder_tpl.Copy()` of a
template `Define("decoder_tpl", Decoder.Params(), doc)`), or when whose params it targets is not known; a set that
hands on another class's hyperparameter (`dec.packed_input = p.packed_input`) gives what that one holds.

Each form has its look-alike that keeps the warning: a class whose own default takes the branch, a hand-on or a
set that reaches the class, a set whose target the source does not tell."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

BASE = {
    "pkg/__init__.py": "",
    # framework-free, as lingvo's builder.Base: linted as a helper for where it keeps the params
    "pkg/base.py": """\
        from pkg.hyperparams import Params


        class BaseLayer:
            @classmethod
            def Params(cls):
                p = Params()
                p.Define("name", "", "Name.")
                return p

            def __init__(self, params):
                self._params = params.Copy()

            @property
            def params(self):
                \"\"\"The params the layer is built from.\"\"\"
                return self._params
        """,
    "pkg/hyperparams.py": """\
        class Params:
            def Define(self, name, default, doc):
                setattr(self, name, default)
        """,
    "pkg/layers.py": """\
        import tensorflow as tf
        from pkg.base import BaseLayer


        class Encoder(BaseLayer):
            @classmethod
            def Params(cls):
                p = super().Params()
                p.Define("packed_input", False, "Packed.")
                p.Define("input_data_format", "BTC", "Layout.")
                return p

            def FProp(self, x, hidden):
                p = self.params
                if p.packed_input:
                    hidden = tf.transpose(hidden, [1, 0])
                if self.params.input_data_format == "TBC":
                    hidden = tf.transpose(hidden, [1, 0])
                return x, hidden


        class Decoder(BaseLayer):
            @classmethod
            def Params(cls):
                p = super().Params()
                p.Define("packed_input", False, "Packed.")
                return p

            def FProp(self, x, hidden):
                p = self.params
                if p.packed_input:
                    hidden = tf.transpose(hidden, [1, 0])
                return x, hidden


        class Stack(BaseLayer):
            @classmethod
            def Params(cls):
                p = super().Params()
                p.Define("packed_input", True, "Packed.")
                p.Define("input_data_format", "TBC", "Layout.")
                p.Define("decoder_tpl", Decoder.Params().Set(name="dec"), "The decoder.")
                return p

            def FProp(self, x, hidden):
                p = self.params
                if p.packed_input:
                    hidden = tf.transpose(hidden, [1, 0])
                return x, hidden
        """,
}
ENCODER, INPUT_FORMAT, DECODER, STACK = 16, 18, 32, 48


def severities(tmp_path, files) -> dict[int, str]:
    tree(tmp_path, files)
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    return {line: severity for name, line, _, severity in found(result) if name == "layers.py"}


def test_a_read_through_the_own_params_is_the_class_definition(tmp_path):
    # packed_input is False in Encoder and Decoder, True in Stack; input_data_format "BTC" in Encoder, "TBC" in
    # Stack: each class reads its own (by name alone, two defaults: the warning everywhere)
    assert severities(tmp_path, BASE) == {ENCODER: "info", INPUT_FORMAT: "info", DECODER: "info", STACK: "warning"}


def test_a_hand_on_to_a_template_reaches_that_class_only(tmp_path):
    # Stack hands its packed_input (True) to its decoder template's params, a Decoder's: Decoder's branch runs;
    # Encoder, whose params nothing sets, stays off
    stack = BASE["pkg/layers.py"] + """\

            def __init__(self, params):
                super().__init__(params)
                p = self.params
                dec = p.decoder_tpl.Copy()
                dec.packed_input = p.packed_input
        """
    assert severities(tmp_path, {**BASE, "pkg/layers.py": stack}) == {
        ENCODER: "info", INPUT_FORMAT: "info", DECODER: "warning", STACK: "warning"}


def test_a_hand_on_through_a_list_of_templates_reaches_their_class(tmp_path):
    stack = BASE["pkg/layers.py"] + """\

            def __init__(self, params):
                super().__init__(params)
                p = params.Copy()
                for dec in p.decoder_tpl:
                    dec.Set(packed_input=p.packed_input)
        """
    assert severities(tmp_path, {**BASE, "pkg/layers.py": stack}) == {
        ENCODER: "info", INPUT_FORMAT: "info", DECODER: "warning", STACK: "warning"}


def test_a_set_of_another_class_params_does_not_reach(tmp_path):
    # the set targets a Decoder's params (the template): Encoder's input_data_format stays "BTC"; the Decoder's own
    # packed_input set False is its default again
    config = {"pkg/config.py": """\
        import tensorflow as tf
        from pkg.layers import Stack


        def model():
            p = Stack.Params()
            p.decoder_tpl.Set(input_data_format="TBC", packed_input=False)
            return p
        """}
    assert severities(tmp_path, {**BASE, **config}) == {
        ENCODER: "info", INPUT_FORMAT: "info", DECODER: "info", STACK: "warning"}


def test_a_set_whose_target_is_not_known_keeps_the_warning(tmp_path):
    # `p` is a parameter of a function: whose params it is, the source does not say: a set of every class's
    config = {"pkg/config.py": """\
        import tensorflow as tf


        def turn_on(p):
            p.input_data_format = "TBC"
            return p
        """}
    assert severities(tmp_path, {**BASE, **config}) == {
        ENCODER: "info", INPUT_FORMAT: "warning", DECODER: "info", STACK: "warning"}


def test_a_read_of_another_object_s_hyperparameter_is_read_by_name(tmp_path):
    # `self.other.packed_input`: not the layer's own params (no base keeps them in `other`): the project-wide
    # definitions decide, and they disagree (False and True): the warning
    layers = BASE["pkg/layers.py"].replace("        p = self.params\n", "        p = self.other\n", 1)
    assert layers != BASE["pkg/layers.py"]
    assert severities(tmp_path, {**BASE, "pkg/layers.py": layers})[ENCODER] == "warning"


def test_a_branch_an_assert_requires_is_no_opt_in(tmp_path):
    # `assert p.label_smoothing is not None` first: every run of the function has it set, whatever the default (None)
    # says; without the assert, the branch under the None default is opt-in
    layers = BASE["pkg/layers.py"] + """\


        class Softmax(BaseLayer):
            @classmethod
            def Params(cls):
                p = super().Params()
                p.Define("label_smoothing", None, "A smoother's params.")
                return p

            def FProp(self, labels):
                p = self.params
                assert p.label_smoothing is not None
                if p.label_smoothing is not None:
                    labels = tf.transpose(labels, [1, 0])
                return labels

            def FPropLoose(self, labels):
                p = self.params
                if p.label_smoothing is not None:
                    labels = tf.transpose(labels, [1, 0])
                return labels
        """
    found = severities(tmp_path, {**BASE, "pkg/layers.py": layers})
    assert (found[63], found[69]) == ("warning", "info")


ASSERTED_OPTION = """\
    import tensorflow as tf


    class Block(tf.keras.layers.Layer):
        def __init__(self, mode="fast", **kwargs):
            super().__init__(**kwargs)
            self.mode = mode

        def call(self, x):
            assert self.mode != "fast", "needs the exact mode"
            if self.mode == "exact":
                x = tf.transpose(x, [0, 2, 1])
            return x


    class Loose(tf.keras.layers.Layer):
        def __init__(self, mode="fast", **kwargs):
            super().__init__(**kwargs)
            self.mode = mode

        def call(self, x):
            if self.mode == "exact":
                x = tf.transpose(x, [0, 2, 1])
            return x
    """


def test_an_assert_the_default_fails_voids_a_constructor_option_too():
    # the same reading for a constructor's option (`optin` is one mechanism): the assert says the default never runs
    assert lint(ASSERTED_OPTION) == [(12, "TFP101", "warning"), (23, "TFP101", "info")]
