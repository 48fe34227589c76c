"""Every rule's own VALID / INVALID examples (from its metadata) hold, for every face it has.

One runner for all kinds, generated from the registry:
- graph: the example's `model` is captured from a real file, as `tfperf check --model file.py:model` does;
- source: the example is linted without running it; a fix must produce the example's `expected` text
  exactly, parse, and change nothing when applied again;
- pipeline: the example's `dataset` is captured in one fresh process, as `tfperf check --dataset` does.
"""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys

import pytest

from tfperf.analyze import check_graph, check_pipeline
from tfperf.findings import Safety
from tfperf.rules import all_rules
from tfperf.source import fix_text, lint_text
from tfperf.source.edits import applicable

DEFAULT_TARGET = "gaudi2"


def _cases(kinds=("graph", "source", "pipeline"), only_invalid=False):
    cases = []
    for rule in all_rules():
        for verdict, examples in (("invalid", rule.invalid), ("valid", rule.valid)):
            if only_invalid and verdict != "invalid":
                continue
            for i, example in enumerate(examples):
                if example.kind not in kinds:
                    continue
                # pipelines are captured together in one process: keep them on one xdist worker
                marks = [pytest.mark.xdist_group("pipeline-examples")] if example.kind == "pipeline" else []
                cases.append(pytest.param(rule, verdict, example, id=f"{rule.code}-{example.kind}-{verdict}-{i}",
                                          marks=marks))
    return cases


CASES = _cases()


def test_every_face_of_every_rule_has_flagged_and_clean_examples():
    for rule in all_rules():
        assert rule.faces(), f"{rule.code} has no face (graph, source or pipeline)"
        for kind in rule.faces():
            assert any(e.kind == kind for e in rule.invalid), f"{rule.code} has no INVALID {kind} example"
            assert any(e.kind == kind for e in rule.valid), f"{rule.code} has no VALID {kind} example"
        kinds = {e.kind for e in (*rule.invalid, *rule.valid)}
        assert kinds <= set(rule.faces()), f"{rule.code} has examples for a face it lacks: {kinds}"


@pytest.mark.parametrize("rule, verdict, example", CASES)
def test_example(rule, verdict, example, request):
    findings, path = RUNNERS[example.kind](rule, example, request)
    if verdict == "valid":
        assert findings == [], [f"{f.location}: {f.message}" for f in findings]
        return
    assert findings, f"{rule.code} missed its INVALID example: {example.note}"
    expected_lines = example.expected_lines(rule.code)
    assert expected_lines or example.layers, "an INVALID example marks its lines (`# expect: CODE`) or layers"
    if expected_lines:
        assert sorted({f.source.line for f in findings if f.source}) == expected_lines, \
            [str(f.location) for f in findings]
        assert all(f.source.path == str(path) for f in findings if f.source)
    if example.layers:
        assert sorted(f.location.graph.layer for f in findings) == sorted(example.layers)
    for f in findings:
        assert (f.code, f.rule, f.section) == (rule.code, rule.name, rule.section)
        assert f.fix is not None and f.fix.safety in (rule.safety, Safety.ADVISORY), \
            "a fix is never less safe than the rule says"


def _graph(rule, example, request):
    graph, path = request.getfixturevalue("capture_code")(example.code, train=example.train,
                                                          batch_size=example.batch_size)
    return check_graph(graph, example.target, select=[rule.code]), path


def _source(rule, example, request):
    findings = _lint(rule, example)
    for f in findings:
        line = example.code.splitlines()[f.source.line - 1]
        assert 1 <= f.source.column <= len(line), "the column points into the line"
    return findings, "example.py"


def _pipeline(rule, example, request):
    pipeline, path = request.getfixturevalue("captured_pipelines")[request.node.callspec.id]
    assert not isinstance(pipeline, str), f"capturing the example failed: {pipeline}"
    findings = check_pipeline(pipeline, example.target, select=[rule.code])
    assert all(f.location.graph.origin == f"{path}:dataset" for f in findings)
    return findings, path


RUNNERS = {"graph": _graph, "source": _source, "pipeline": _pipeline}


def _lint(rule, example):
    return lint_text(example.code, "example.py", target=example.target or DEFAULT_TARGET, select=[rule.code])


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
def captured_pipelines(tmp_path_factory):
    """Every pipeline example captured as `tfperf check --dataset file.py:dataset` would, in one fresh
    process: TensorFlow keeps state between captures (once a while_loop has been traced, building
    prefetch_to_device to a device this machine lacks fails), and the examples use the HPU."""
    directory = tmp_path_factory.mktemp("pipelines")
    paths = {}
    for case in _cases(kinds=("pipeline",)):
        paths[case.id] = directory / f"{case.id.replace('-', '_')}.py"
        paths[case.id].write_text(case.values[2].code, encoding="utf-8")
    out = directory / "pipelines.pickle"
    subprocess.run([sys.executable, "-c", _CAPTURE, str(out), *map(str, paths.values())], check=True)
    with open(out, "rb") as stream:
        found = pickle.load(stream)
    return {case_id: (found[str(path)], path) for case_id, path in paths.items()}


# ---------------------------------------------------------------------------------------------
# source fixes: the exact text (Fixit-style), sound and idempotent


@pytest.mark.parametrize("rule, verdict, example", _cases(kinds=("source",), only_invalid=True))
def test_source_fix_gives_the_expected_text(rule, verdict, example):
    target = example.target or DEFAULT_TARGET
    automatic = [f for f in _lint(rule, example) if applicable(f.fix, unsafe_fixes=True)]
    fixed, remaining, applied = fix_text(example.code, "example.py", target=target, select=[rule.code],
                                         unsafe_fixes=True)
    assert applied == len(automatic)
    if not automatic:
        assert example.expected is None, "an example without an automatic fix expects no fixed text"
        assert fixed == example.code
        return
    assert example.expected is not None, f"give the example its fixed text:\n{fixed}"
    assert fixed == example.expected
    ast.parse(fixed)
    again, _, applied_again = fix_text(fixed, "example.py", target=target, select=[rule.code], unsafe_fixes=True)
    assert (again, applied_again) == (fixed, 0), "a second fix must change nothing"
    assert len(remaining) < len(_lint(rule, example))
    assert all(f.fix.safety is Safety.ADVISORY or not f.fix.edits for f in remaining)
