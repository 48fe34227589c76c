"""SARIF 2.1.0: valid against the official schema, right locations, rules, errors, fingerprints."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from conftest import graph_finding, pad_finding
from tfperf.findings import (Cost, Finding, Fix, GraphLocation, GuideSection, InputError, Location, RuleInfo, Safety,
                             Severity, SourceLocation, TextEdit)
from tfperf.report import render
from tfperf.report.sarif import FINGERPRINT_KEY, sarif_log
from tfperf.rules import all_rules

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json").read_text())


# the metadata of a test-only rule, described next to the real rules
PROBE = RuleInfo("TFP199", "probe-transpose", "A transpose the probe flags",
                 "A test-only rule.\n\nIts docstring is the full description.", GuideSection.TRANSPOSE,
                 Severity.ERROR, Safety.EXACT)
RULES = (*(rule.info() for rule in all_rules()), PROBE)
VERSION = "9.8.7"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def src_finding(path="pkg/model.py", line=7, column=3, **kw) -> Finding:
    """The probe rule's finding at a source line, with two graph nodes, a cost and an exact edit."""
    fields = dict(
        code="TFP199",
        rule="probe-transpose",
        message="transpose moves the last axis",
        severity=Severity.ERROR,
        section=GuideSection.TRANSPOSE,
        locations=(
            Location(SourceLocation(path, line, column, end_line=line, end_column=column + 10),
                     GraphLocation("transpose_1", "Transpose", "call_fn", "block1", "pkg.model:net")),
            Location(graph=GraphLocation("transpose_2", "Transpose", "call_fn", "block1", "pkg.model:net")),
        ),
        cost=Cost(bytes_moved=1000, seconds=1e-6, target="gaudi2"),
        fix=Fix(Safety.EXACT, "drop both transposes", (TextEdit(path, line, column, line, column + 10, "x"),)),
    )
    return pad_finding(**{**fields, **kw})


def pad_graph_finding(origin="saved/resnet", node="conv1_pad/Pad", **kw) -> Finding:
    """The probe rule's note on a graph node only (a Pad of layer conv1_pad, no function)."""
    fields = dict(code="TFP199", rule="probe-transpose", message="pad before a VALID conv", severity=Severity.INFO,
                  locations=(Location(graph=GraphLocation(node, "Pad", None, "conv1_pad", origin)),))
    return graph_finding(**{**fields, **kw})


def sarif(findings, errors=(), target="gaudi2") -> dict:
    out = io.StringIO()
    render(findings, "sarif", errors=errors, stream=out, target=target, rules=RULES, version=VERSION)
    doc = json.loads(out.getvalue())
    validate(doc)
    return doc


def test_validation_catches_invalid_sarif(root):
    doc = sarif([src_finding()])
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0"})  # no runs


def validate(doc: dict) -> None:
    """Against the root of OASIS's official schema (draft-04), as published: the whole log, not a part."""
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#" and SCHEMA["required"] == ["version", "runs"]
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    validator.validate(doc)


def test_empty_run_is_valid(root):
    doc = sarif([])
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.as_uri() + "/"}}
    assert run["properties"] == {"target": "gaudi2"}


def test_driver_and_rules(root):
    driver = sarif([])["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("tfperf", VERSION, VERSION)
    assert driver["informationUri"].startswith("https://")
    codes = [r["id"] for r in driver["rules"]]
    assert codes == sorted(rule.code for rule in RULES)
    probe = next(r for r in driver["rules"] if r["id"] == "TFP199")
    assert probe["name"] == "probe-transpose"
    assert probe["shortDescription"] == {"text": "A transpose the probe flags"}
    assert probe["fullDescription"] == {"text": "A test-only rule.\n\nIts docstring is the full description."}
    assert "Avoid Non-Logical Transpose Operations" in probe["help"]["text"]
    assert probe["defaultConfiguration"] == {"level": "error"}
    assert probe["properties"]["safety"] == "exact" and probe["properties"]["family"] == "TFP1"


def test_source_result(root):
    result = sarif([src_finding()])["runs"][0]["results"][0]
    driver_rules = sarif([src_finding()])["runs"][0]["tool"]["driver"]["rules"]
    assert result["ruleId"] == "TFP199" and driver_rules[result["ruleIndex"]]["id"] == "TFP199"
    assert result["level"] == "error"
    assert result["message"] == {"text": "transpose moves the last axis"}
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "pkg/model.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 7, "startColumn": 3, "endLine": 7, "endColumn": 13},
    }
    node, function, layer, model = location["logicalLocations"]
    assert node == {"name": "transpose_1", "fullyQualifiedName": "call_fn/transpose_1", "kind": "member",
                    "properties": {"op": "Transpose"}}
    assert (function["kind"], function["name"]) == ("function", "call_fn")
    assert (layer["kind"], layer["name"]) == ("object", "block1")
    assert (model["kind"], model["name"]) == ("module", "pkg.model:net")
    assert result["properties"]["cost"] == {"bytes_moved": 1000, "flops": None, "seconds": 1e-6, "target": "gaudi2"}


def test_related_locations_and_fixes(root):
    result = sarif([src_finding()])["runs"][0]["results"][0]
    (related,) = result["relatedLocations"]
    assert related["id"] == 1
    assert related["logicalLocations"][0]["fullyQualifiedName"] == "call_fn/transpose_2"
    assert "physicalLocation" not in related  # pkg/model.py does not exist under root
    (fix,) = result["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "pkg/model.py", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [{"deletedRegion": {"startLine": 7, "startColumn": 3, "endLine": 7, "endColumn": 13},
                                       "insertedContent": {"text": "x"}}]


def test_absolute_paths_under_root_become_relative_and_others_absolute(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "lib.py"
    doc = sarif([src_finding(path=str(root / "a b.py"), fix=None), src_finding(path=str(outside), fix=None)])
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in doc["runs"][0]["results"]]
    assert {"uri": "a%20b.py", "uriBaseId": "%SRCROOT%"} in uris
    assert {"uri": outside.as_uri()} in uris


def test_graph_only_result_has_logical_locations_only_when_origin_is_not_on_disk(root):
    result = sarif([pad_graph_finding()])["runs"][0]["results"][0]
    (location,) = result["locations"]
    assert "physicalLocation" not in location
    assert location["logicalLocations"][0] == {"name": "conv1_pad/Pad", "fullyQualifiedName": "conv1_pad/Pad",
                                               "kind": "member", "properties": {"op": "Pad"}}
    assert result["level"] == "note"
    assert "fixes" not in result and "relatedLocations" not in result


def test_graph_only_result_is_anchored_to_its_saved_model(root):
    (root / "saved" / "resnet").mkdir(parents=True)
    (root / "saved" / "resnet" / "saved_model.pb").write_bytes(b"")
    (root / "pkg").mkdir()
    (root / "pkg" / "mod.py").write_text("model = None\n")
    doc = sarif([pad_graph_finding(), pad_graph_finding(origin="pkg.mod:model")])
    physical = [r["locations"][0]["physicalLocation"] for r in doc["runs"][0]["results"]]
    assert {"artifactLocation": {"uri": "pkg/mod.py", "uriBaseId": "%SRCROOT%"}} in physical
    assert {"artifactLocation": {"uri": "saved/resnet/saved_model.pb", "uriBaseId": "%SRCROOT%"}} in physical


def test_finding_with_unregistered_code_gets_a_descriptor(root):
    stray = pad_graph_finding(code="TFP198", rule="stray-rule")
    run = sarif([stray])["runs"][0]
    rule = run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]
    assert (rule["id"], rule["name"]) == ("TFP198", "stray-rule")


def test_errors_become_notifications(root):
    errors = [InputError("broken.py", "cannot parse"), InputError("pkg.mod:model", "no attribute model", "TFP001")]
    (invocation,) = sarif([src_finding()], errors)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    first, second = invocation["toolExecutionNotifications"]
    assert first == {
        "level": "error",
        "message": {"text": "broken.py: cannot parse"},
        "descriptor": {"id": "TFP000"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "broken.py", "uriBaseId": "%SRCROOT%"}}}],
    }
    assert second["descriptor"] == {"id": "TFP001"} and "locations" not in second


def fingerprints(findings, root) -> list[str]:
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif_log(findings, root=root)["runs"][0]["results"]]


def test_fingerprints_are_stable_across_renders(root):
    findings = [src_finding(), pad_graph_finding(), src_finding(path="other.py")]
    assert fingerprints(findings, root) == fingerprints(list(reversed(findings)), root)
    assert len(set(fingerprints(findings, root))) == 3


def test_fingerprints_ignore_message_and_cost_but_not_code_node_or_path(root):
    (base,) = fingerprints([pad_graph_finding()], root)
    assert fingerprints([pad_graph_finding(message="other words 123", cost=Cost(bytes_moved=5))], root) == [base]
    assert fingerprints([pad_graph_finding(code="TFP198")], root) != [base]
    assert fingerprints([pad_graph_finding(node="other")], root) != [base]
    assert fingerprints([pad_graph_finding(origin="saved/other")], root) != [base]


def test_source_fingerprint_follows_the_line_when_code_above_moves(root):
    def at_line(line: int) -> Finding:
        return src_finding().with_locations([Location(SourceLocation("m.py", line))])

    path = root / "m.py"
    path.write_text("import tensorflow as tf\ny = tf.pad(x, p)\n")
    before = fingerprints([at_line(2)], root)
    path.write_text("import tensorflow as tf\n\n\ny = tf.pad(x, p)\n")
    assert fingerprints([at_line(4)], root) == before
    path.write_text("import tensorflow as tf\ny = tf.pad(x, q)\n")
    assert fingerprints([at_line(2)], root) != before


def test_identical_findings_are_numbered_apart(root):
    twin = src_finding(path="m.py", fix=None).with_locations([Location(SourceLocation("m.py", 1))])
    a, b = fingerprints([twin, replace(twin)], root)
    assert a.rsplit(":", 1)[0] == b.rsplit(":", 1)[0]
    assert (a.rsplit(":", 1)[1], b.rsplit(":", 1)[1]) == ("1", "2")
