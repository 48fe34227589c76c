"""Every rule's own VALID / INVALID source examples (from its metadata) hold, and every fix is sound:
the fixed code parses, a second fix changes nothing, and the finding it fixed is gone."""

from __future__ import annotations

import ast

import pytest

from tfperf.findings import Safety
from tfperf.rules import all_rules
from tfperf.source import fix_text, lint_text
from tfperf.source.edits import applicable

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i, example in enumerate(examples)
    if example.kind == "source"
]
INVALID = [c for c in CASES if c.values[1] == "invalid"]
SOURCE_RULES = ["TFP101", "TFP201", "TFP301", "TFP401", "TFP402", "TFP403", "TFP404", "TFP502", "TFP601"]


def _lint(rule, example):
    return lint_text(example.code, "example.py", target=example.target or "gaudi2", select=[rule.code])


def test_the_source_rules_have_source_examples():
    rules = {r.code: r for r in all_rules()}
    for code in SOURCE_RULES:
        rule = rules[code]
        assert any(e.kind == "source" for e in rule.invalid), f"{code} has no INVALID source example"
        assert any(e.kind == "source" for e in rule.valid), f"{code} has no VALID source example"
        assert "Source" in vars(rule), f"{code} has no source detector"


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example):
    findings = _lint(rule, example)
    if kind == "valid":
        assert findings == [], [f"{f.source}: {f.message}" for f in findings]
        return
    expected = example.expected_lines(rule.code)
    assert expected, "an INVALID source example marks its lines with `# expect: CODE`"
    assert sorted({f.source.line for f in findings}) == expected, [str(f.source) for f in findings]
    for f in findings:
        assert (f.code, f.rule, f.section) == (rule.code, rule.name, rule.section)
        assert f.source.path == "example.py" and f.fix is not None
        assert f.fix.safety in (rule.safety, Safety.ADVISORY), "a fix is never less safe than the rule says"
        line = example.code.splitlines()[f.source.line - 1]
        assert 1 <= f.source.column <= len(line), "the column points into the line"


@pytest.mark.parametrize("rule, kind, example", INVALID)
def test_fix_parses_is_idempotent_and_removes_the_finding(rule, kind, example):
    target = example.target or "gaudi2"
    fixed, remaining, applied = fix_text(example.code, "example.py", target=target, select=[rule.code],
                                         unsafe_fixes=True)
    ast.parse(fixed)
    again, _, applied_again = fix_text(fixed, "example.py", target=target, select=[rule.code], unsafe_fixes=True)
    assert (again, applied_again) == (fixed, 0), "a second fix must change nothing"
    automatic = [f for f in _lint(rule, example) if applicable(f.fix, unsafe_fixes=True)]
    assert applied == len(automatic)
    if applied:
        assert len(remaining) < len(_lint(rule, example))
        assert all(f.fix.safety is Safety.ADVISORY or not f.fix.edits for f in remaining)


def test_depthwise_pad_that_is_not_same_gets_no_explicit_fix():
    """Explicit paddings on a depthwise conv crash TF 2.21 on CPU once a bias add follows: advise, don't fix."""
    from tfperf.findings import Safety
    from tfperf.source import lint_text

    code = """\
import tensorflow as tf

def model(x, dw):
    p = tf.pad(x, [[0, 0], [3, 1], [3, 1], [0, 0]])
    return tf.nn.depthwise_conv2d(p, dw, strides=[1, 1, 1, 1], padding="VALID")
"""
    findings = [f for f in lint_text(code, "m.py") if f.code == "TFP201"]
    assert len(findings) == 1 and findings[0].fix.safety is Safety.ADVISORY
    assert "depthwise" in findings[0].fix.description
