"""Every rule's own VALID / INVALID graph examples (from its metadata) hold."""

from __future__ import annotations

import pytest

from tfperf.analyze import check_graph
from tfperf.rules import all_rules

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i, example in enumerate(examples)
    if example.kind == "graph"
]


def test_every_rule_has_graph_or_source_examples():
    for rule in all_rules():
        assert rule.invalid, f"{rule.code} has no INVALID example"
        assert rule.valid, f"{rule.code} has no VALID example"


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example, capture_code):
    graph, path = capture_code(example.code)
    findings = [f for f in check_graph(graph, example.target, select=[rule.code])]
    if kind == "valid":
        assert findings == [], [f.message for f in findings]
        return
    assert findings, f"{rule.code} missed its INVALID example: {example.note}"
    expected_lines = example.expected_lines(rule.code)
    if expected_lines:
        got = sorted({f.source.line for f in findings if f.source})
        assert got == expected_lines, [str(f.location) for f in findings]
        assert all(f.source.path == str(path) for f in findings)
    if example.layers:
        assert sorted(f.location.graph.layer for f in findings) == sorted(example.layers)
    for f in findings:
        assert f.code == rule.code and f.section == rule.section and f.fix is not None
