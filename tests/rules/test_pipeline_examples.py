"""Every rule's own VALID / INVALID pipeline examples (from its metadata) hold on a captured tf.data
pipeline: `dataset` is built from the example's code the way `tfperf check --dataset file.py:dataset` does."""

from __future__ import annotations

import itertools

import pytest

from tfperf.analyze import check_pipeline
from tfperf.findings import Safety, all_rules

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i, example in enumerate(examples)
    if example.kind == "pipeline"
]
PIPELINE_RULES = ["TFP401", "TFP402", "TFP403", "TFP404", "TFP405"]
_counter = itertools.count()


@pytest.fixture
def capture_dataset(tmp_path):
    from tfperf.capture.dataset import from_spec

    def capture(code: str):
        path = tmp_path / f"pipeline_{next(_counter)}.py"
        path.write_text(code, encoding="utf-8")
        return from_spec(f"{path}:dataset"), path

    return capture


def test_the_pipeline_rules_have_pipeline_examples():
    rules = {r.code: r for r in all_rules()}
    for code in PIPELINE_RULES:
        assert any(e.kind == "pipeline" for e in rules[code].invalid), f"{code} has no INVALID pipeline example"
        assert any(e.kind == "pipeline" for e in rules[code].valid), f"{code} has no VALID pipeline example"


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example, capture_dataset):
    pipeline, path = capture_dataset(example.code)
    findings = check_pipeline(pipeline, example.target, select=[rule.code])
    if kind == "valid":
        assert findings == [], [f.message for f in findings]
        return
    expected = example.expected_lines(rule.code)
    assert expected, "an INVALID pipeline example marks its lines with `# expect: CODE`"
    assert sorted({f.source.line for f in findings if f.source}) == expected, [str(f.location) for f in findings]
    for f in findings:
        assert (f.code, f.rule, f.section) == (rule.code, rule.name, rule.section)
        assert f.source is not None and f.source.path == str(path)
        assert f.location.graph.origin == f"{path}:dataset"
        assert f.fix is not None and f.fix.safety in (rule.safety, Safety.ADVISORY)
