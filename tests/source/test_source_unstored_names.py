"""Questions the text answers by what it lacks. A name no statement of the file stores (a parameter, an
import, a builtin) holds no value the source states: `value_of` and the pad rule's look for an
assignment answer that without building the scope's bindings; what an assignment binds is still
followed. Weight surgery (`get_weights`/`set_weights`) is looked for only in text that names it."""

from __future__ import annotations

import ast
import textwrap

from tfperf import targets
from tfperf.source import lint_text
from tfperf.source.visitor import FileContext, run_visitors

BLOCK = """\
    import tensorflow as tf

    def block(x, filters):
        y = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.nn.conv2d({data}, filters, 1, "VALID")
    """


def walked(code: str) -> FileContext:
    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])  # the walk: parents, names stored
    return file


def test_a_parameter_has_no_value_and_costs_no_scope_index():
    file = walked(textwrap.dedent(BLOCK.format(data="x")))
    conv = next(n for n in ast.walk(file.tree) if isinstance(n, ast.Call) and file.call_name(n) == "tensorflow.nn.conv2d")
    x = conv.args[0]
    assert file.value_of(x) is x and not file._scopes


def test_an_assigned_name_is_followed_to_its_value():
    file = walked(textwrap.dedent(BLOCK.format(data="y")))
    conv = next(n for n in ast.walk(file.tree) if isinstance(n, ast.Call) and file.call_name(n) == "tensorflow.nn.conv2d")
    assert file.call_name(file.value_of(conv.args[0])) == "tensorflow.pad"


def test_a_pad_reaching_a_valid_conv_through_a_variable_is_found_and_a_parameter_is_no_pad():
    assert [f.code for f in lint_text(textwrap.dedent(BLOCK.format(data="y")), select=["TFP201"])] == ["TFP201"]
    assert lint_text(textwrap.dedent(BLOCK.format(data="x")), select=["TFP201"]) == []


WEIGHT_SURGERY = """\
    import tensorflow as tf

    def fold(layer, bn):
        w = layer.get_weights()
        return tf.transpose(w[0])

    def step(x):
        return tf.transpose(x)
    """


def transpose_contexts(code: str) -> list[str | None]:
    file = walked(textwrap.dedent(code))
    return [file.local_context(c) for c in file.calls if file.call_name(c) == "tensorflow.transpose"]


def test_weight_surgery_is_tool_code_also_when_its_name_is_spelled_with_other_characters():
    """Python reads `ｇet_weights` (a fullwidth g) as `get_weights`: the text test that spares most
    files the look at their calls holds only for ASCII text."""
    assert transpose_contexts(WEIGHT_SURGERY) == ["tool", None]
    assert transpose_contexts(WEIGHT_SURGERY.replace("get_weights", "\uff47et_weights")) == ["tool", None]
    assert transpose_contexts(WEIGHT_SURGERY.replace("get_weights", "get_config")) == [None, None]
