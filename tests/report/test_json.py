"""The JSON report: validates against the shipped schema, round-trips every field, counts right."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

from conftest import graph_finding, pad_finding
from tfperf.findings import (Cost, Finding, Fix, GraphLocation, InputError, Location, Safety, Severity, SourceLocation,
                             TextEdit)
from tfperf.version import __version__
from tfperf.report import render
from tfperf.report.json_report import load_errors, load_findings, schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "json-schema.md"


def full_finding() -> Finding:
    """A finding with every optional field set, so that a round trip checks them all."""
    return pad_finding(
        locations=(
            Location(
                SourceLocation("models/net.py", 12, 5, end_line=12, end_column=40),
                GraphLocation("conv1_pad/Pad", "Pad", "inference_fn", "conv1_pad", "pkg.mod:model"),
            ),
            Location(graph=GraphLocation("conv1/Conv2D", "Conv2D", "inference_fn", "conv1", "pkg.mod:model")),
        ),
        cost=Cost(bytes_moved=12_300_000, flops=4_000, seconds=5.2e-6, target="gaudi2"),
        fix=Fix(Safety.EXACT, "fold the padding into the conv", (
            TextEdit("models/net.py", 12, 5, 12, 40, "x"),
            TextEdit("models/net.py", 13, 1, 14, 1, ""),
        )),
    )


def sparse_finding() -> Finding:
    """Only the required fields: unknown cost, no fix, graph-only location."""
    return graph_finding(severity=Severity.INFO, locations=(Location(graph=GraphLocation("t", "Transpose")),))


def report(findings, errors=(), target="gaudi2", **kw) -> dict:
    out = io.StringIO()
    render(findings, "json", errors=errors, stream=out, target=target, **kw)
    assert out.getvalue().endswith("\n")
    return json.loads(out.getvalue())


def validate(doc: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(doc)


def test_schema_declares_draft_2020_12():
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("findings", [[], [sparse_finding()], [full_finding(), sparse_finding()]])
def test_output_validates_against_schema(findings):
    validate(report(findings, errors=[InputError("bad.py", "cannot parse")]))


def test_header():
    doc = report([], target=SimpleNamespace(name="h100"))  # a Target object is reduced to its name
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "tfperf", "version": __version__}
    assert report([], version="9.8.7")["tool"]["version"] == "9.8.7"
    assert doc["target"] == "h100"
    assert report([], target=None)["target"] is None


def test_round_trips_every_field():
    findings = [full_finding(), sparse_finding()]
    errors = [InputError("bad.py", "cannot parse", "TFP000"), InputError("pkg.mod:model", "no attribute", "TFP001")]
    doc = report(findings, errors)
    assert load_findings(doc) == sorted(findings, key=Finding.sort_key)
    assert load_errors(doc) == errors


def test_finding_fields_and_nulls():
    full, sparse = report([full_finding(), sparse_finding()])["findings"]
    assert full["section"] == {"family": "TFP2", "title": "Avoid Using tf.pad"}
    assert full["locations"][0]["source"] == {"path": "models/net.py", "line": 12, "column": 5,
                                              "end_line": 12, "end_column": 40}
    assert full["locations"][1]["source"] is None
    assert full["fix"]["safety"] == "exact" and full["fix"]["automatic"] is True
    assert full["fix"]["edits"][1] == {"path": "models/net.py", "start_line": 13, "start_column": 1,
                                       "end_line": 14, "end_column": 1, "replacement": ""}
    assert sparse["cost"] == {"bytes_moved": None, "flops": None, "seconds": None, "target": None}
    assert sparse["fix"] is None
    assert sparse["locations"] == [{"source": None, "graph": {"node": "t", "op": "Transpose", "function": None,
                                                               "layer": None, "origin": None}}]
    assert sparse["severity"] == "info"


def test_summary():
    advisory = replace(full_finding(), fix=Fix(Safety.ADVISORY, "explain"))
    doc = report([full_finding(), advisory, sparse_finding()], errors=[InputError("x.py", "boom")])
    assert doc["summary"] == {"findings": 3, "by_code": {"TFP101": 1, "TFP201": 2}, "fixable": 1, "errors": 1}
    assert doc["errors"] == [{"path": "x.py", "message": "boom", "code": "TFP000"}]


def test_findings_are_sorted_by_location():
    later = replace(full_finding(), locations=(Location(SourceLocation("models/net.py", 30)),))
    doc = report([sparse_finding(), later, full_finding()])
    assert [(f["code"], (f["locations"][0]["source"] or {}).get("line")) for f in doc["findings"]] == [
        ("TFP201", 12), ("TFP201", 30), ("TFP101", None)]


def test_schema_rejects_wrong_output():
    doc = report([full_finding()])
    doc["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema()).validate(doc)


def test_reading_another_version_is_refused():
    doc = report([])
    doc["version"] = 2
    with pytest.raises(ValueError, match="version 2"):
        load_findings(doc)


def test_docs_describe_every_schema_field():
    names: set[str] = set()

    def collect(node):
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema())
    documented = set(re.findall(r"`([a-z_]+)`", DOCS.read_text(encoding="utf-8")))
    assert names and names <= documented, sorted(names - documented)


def test_every_json_output_writes_an_input_error_the_same_way():
    """check, placement, optimize, amp, batch and estimate: one record shape, check's schema's."""
    from tfperf.cost import report as estimate_report
    from tfperf.report import amp, batch, json_report, optimize, placement

    error = InputError("model.py:build", "cannot import: no module named 'x'")
    renderers = {
        "check": lambda s: json_report.render([], errors=[error], stream=s),
        "placement": lambda s: placement.render([], "json", errors=[error], stream=s, target=None),
        "optimize": lambda s: optimize.render([], "json", errors=[error], stream=s),
        "amp": lambda s: amp.render([], "json", errors=[error], stream=s),
        "batch": lambda s: batch.render([], "json", s, [error]),
        "estimate": lambda s: estimate_report.render([], "json", s, [error]),
    }
    for command, write in renderers.items():
        stream = io.StringIO()
        write(stream)
        assert json.loads(stream.getvalue())["errors"] == [
            {"path": "model.py:build", "message": "cannot import: no module named 'x'", "code": "TFP000"}], command
