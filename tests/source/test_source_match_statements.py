"""`match` statements (Python 3.10+) never crash the linter.

A `match_case` is the one statement-holding node Python gives no position; rules that compare a
statement's ancestors by position used to raise on it (a real package's file was skipped with
"AttributeError: 'match_case' object has no attribute 'lineno'").
"""

from __future__ import annotations

import ast

import pytest

from tfperf.rules import all_rules
from tfperf.source import lint_text
from tfperf.source.scopes import end, start


class _BodiesInMatch(ast.NodeTransformer):
    """Every function body moved into `match 0: case _:` (it still always runs)."""

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.body = [ast.Match(subject=ast.Constant(0),
                               cases=[ast.match_case(pattern=ast.MatchAs(), guard=None, body=node.body)])]
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


SOURCE_EXAMPLES = [pytest.param(rule, example, id=f"{rule.code}-{verdict}-{i}")
                   for rule in all_rules()
                   for verdict, examples in (("invalid", rule.invalid), ("valid", rule.valid))
                   for i, example in enumerate(examples) if example.kind == "source"]


@pytest.mark.parametrize("rule, example", SOURCE_EXAMPLES)
def test_every_source_example_lints_inside_a_match_case(rule, example):
    tree = ast.fix_missing_locations(_BodiesInMatch().visit(ast.parse(example.code)))
    lint_text(ast.unparse(tree), "example.py", target=example.target or "gaudi2", select=[rule.code])


def test_a_pad_assigned_in_a_case_and_read_by_a_call_lints():
    code = """\
import tensorflow as tf


def plot(sample, keys, images):
    for key in keys:
        match key:
            case "a":
                x = tf.pad(sample[key], [[0, 0], [1, 1], [1, 1], [0, 0]])
                images.append(tf.nn.conv2d(x, sample["w"], 1, "VALID"))
            case _:
                images.append(sample[key])
"""
    findings = lint_text(code, "example.py", target="gaudi2", select=["TFP201"])
    assert [f.source.line for f in findings] == [8]


def test_a_transpose_in_a_case_is_found():
    code = """\
import tensorflow as tf


def layout(kind, x):
    match kind:
        case "nchw":
            return tf.transpose(x, [0, 3, 1, 2])
        case _:
            return x
"""
    assert [f.source.line for f in lint_text(code, "example.py", target="gaudi2", select=["TFP101"])] == [7]


def test_positionless_nodes_take_the_span_of_what_they_hold():
    match = ast.parse("match k:\n    case 1:\n        a = 1\n        b = 2\n").body[0]
    case = match.cases[0]
    assert (start(case), end(case)) == ((2, 9), (4, 13))
    comp = ast.parse("[x for x in range(3) if x]").body[0].value.generators[0]
    assert (start(comp), end(comp)) == ((1, 7), (1, 25))
