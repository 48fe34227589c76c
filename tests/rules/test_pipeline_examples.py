"""Every rule's own VALID / INVALID pipeline examples (from its metadata) hold on a captured tf.data
pipeline: `dataset` is built from the example's code the way `tfperf check --dataset file.py:dataset` does."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from tfperf.analyze import check_pipeline
from tfperf.findings import Safety
from tfperf.rules import all_rules

CASES = [
    pytest.param(rule, kind, example, id=f"{rule.code}-{kind}-{i}")
    for rule in all_rules()
    for kind, examples in (("invalid", rule.invalid), ("valid", rule.valid))
    for i, example in enumerate(examples)
    if example.kind == "pipeline"
]
PIPELINE_RULES = ["TFP401", "TFP402", "TFP403", "TFP404", "TFP405"]
_CAPTURE = """
import pickle, sys
from tfperf.capture.dataset import from_spec

found = {}
for path in sys.argv[2:]:
    try:
        found[path] = from_spec(path + ":dataset")
    except Exception as exc:
        found[path] = f"{type(exc).__name__}: {exc}"
with open(sys.argv[1], "wb") as stream:
    pickle.dump(found, stream)
"""


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    """Every example captured as `tfperf check --dataset file.py:dataset` would, in one fresh process:
    TensorFlow keeps state between captures (once a while_loop has been traced, building
    prefetch_to_device to a device this machine lacks fails), and the examples use the HPU."""
    directory = tmp_path_factory.mktemp("pipelines")
    paths = {}
    for case in CASES:
        paths[case.id] = directory / f"{case.id.replace('-', '_')}.py"
        paths[case.id].write_text(case.values[2].code, encoding="utf-8")
    out = directory / "pipelines.pickle"
    subprocess.run([sys.executable, "-c", _CAPTURE, str(out), *map(str, paths.values())], check=True)
    with open(out, "rb") as stream:
        found = pickle.load(stream)
    return {case_id: (found[str(path)], path) for case_id, path in paths.items()}


def test_the_pipeline_rules_have_pipeline_examples():
    rules = {r.code: r for r in all_rules()}
    for code in PIPELINE_RULES:
        assert any(e.kind == "pipeline" for e in rules[code].invalid), f"{code} has no INVALID pipeline example"
        assert any(e.kind == "pipeline" for e in rules[code].valid), f"{code} has no VALID pipeline example"


@pytest.mark.parametrize("rule, kind, example", CASES)
def test_example(rule, kind, example, captured, request):
    pipeline, path = captured[request.node.callspec.id]
    assert not isinstance(pipeline, str), f"capturing the example failed: {pipeline}"
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
