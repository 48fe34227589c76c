"""The JSON report: every field of every finding, in a stable schema (docs/json-schema.md).

The schema ships next to this module as `tfperf-report.schema.json`. `load_findings` reads a
report back into Finding objects, so a report can serve as a baseline or be post-processed.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import IO, Any, Sequence

from tfperf.findings import (
    Cost,
    Finding,
    Fix,
    GraphLocation,
    GuideSection,
    InputError,
    Location,
    Safety,
    Severity,
    SourceLocation,
    StepShare,
    TextEdit,
)
from tfperf.report.common import counts_by_code, fixable_count, sort_findings, step_to_dict, target_name
from tfperf.version import __version__

# Bump only for changes that break readers (a field removed, renamed or retyped);
# new fields keep version 1 (see docs/json-schema.md, "Versioning").
SCHEMA_VERSION = 1
SCHEMA_FILE = "tfperf-report.schema.json"


def render(
    findings: Sequence[Finding],
    *,
    errors: Sequence[InputError] = (),
    stream: IO[str],
    target: Any = None,
    version: str = __version__,
) -> None:
    json.dump(report(findings, errors=errors, target=target, version=version), stream, indent=2)
    stream.write("\n")


def report(findings: Sequence[Finding], *, errors: Sequence[InputError] = (), target: Any = None,
           version: str = __version__) -> dict:
    findings = sort_findings(findings)
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "tfperf", "version": version},
        "target": target_name(target),
        "findings": [finding_to_dict(f) for f in findings],
        "errors": errors_to_json(errors),
        "summary": {
            "findings": len(findings),
            "by_code": counts_by_code(findings),
            "fixable": fixable_count(findings),
            "errors": len(errors),
        },
    }


def schema() -> dict:
    """The JSON Schema (draft 2020-12) that every report validates against."""
    return json.loads(resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Finding -> dict


def finding_to_dict(f: Finding) -> dict:
    return {
        "code": f.code,
        "rule": f.rule,
        "message": f.message,
        "severity": f.severity.value,
        "section": {"family": f.section.family, "title": f.section.title},
        "locations": [location_to_dict(loc) for loc in f.locations],
        "cost": {
            "bytes_moved": f.cost.bytes_moved,
            "flops": f.cost.flops,
            "seconds": f.cost.seconds,
            "target": f.cost.target,
        },
        "fix": fix_to_dict(f.fix),
        "step": step_to_dict(f.step),
    }


def location_to_dict(loc: Location) -> dict:
    src, graph = loc.source, loc.graph
    return {
        "source": None if src is None else {
            "path": src.path,
            "line": src.line,
            "column": src.column,
            "end_line": src.end_line,
            "end_column": src.end_column,
        },
        "graph": None if graph is None else {
            "node": graph.node,
            "op": graph.op,
            "function": graph.function,
            "layer": graph.layer,
            "origin": graph.origin,
        },
    }


def errors_to_json(errors: Sequence[InputError]) -> list[dict]:
    return [e.to_dict() for e in errors]


def fix_to_dict(fix: Fix | None) -> dict | None:
    if fix is None:
        return None
    return {
        "safety": fix.safety.value,
        "description": fix.description,
        "automatic": fix.automatic,
        "edits": [
            dataclasses.asdict(e)  # TextEdit's fields are the schema's, in its order
            for e in fix.edits
        ],
    }


# ---------------------------------------------------------------------------------------------
# dict -> Finding (the inverse; unknown extra fields are ignored, as the versioning policy asks)


def load_findings(doc: dict) -> list[Finding]:
    _check_version(doc)
    return [finding_from_dict(d) for d in doc["findings"]]


def load_errors(doc: dict) -> list[InputError]:
    _check_version(doc)
    return [InputError(e["path"], e["message"], e["code"]) for e in doc["errors"]]


def finding_from_dict(d: dict) -> Finding:
    sections = {s.family: s for s in GuideSection}
    return Finding(
        code=d["code"],
        rule=d["rule"],
        message=d["message"],
        severity=Severity(d["severity"]),
        section=sections[d["section"]["family"]],
        locations=tuple(location_from_dict(loc) for loc in d["locations"]),
        cost=Cost(**{k: d["cost"][k] for k in ("bytes_moved", "flops", "seconds", "target")}),
        fix=fix_from_dict(d["fix"]),
        step=step_from_dict(d.get("step")),  # absent in reports of earlier releases
    )


def step_from_dict(d: dict | None) -> StepShare | None:
    if d is None:
        return None
    return StepShare(d["saving_seconds"], d["step_seconds"], d["target"], d["note"], d["measured_seconds"])


def location_from_dict(d: dict) -> Location:
    src, graph = d["source"], d["graph"]
    return Location(
        source=None if src is None else SourceLocation(
            src["path"], src["line"], src["column"], src["end_line"], src["end_column"]
        ),
        graph=None if graph is None else GraphLocation(
            graph["node"], graph["op"], graph["function"], graph["layer"], graph["origin"]
        ),
    )


def fix_from_dict(d: dict | None) -> Fix | None:
    if d is None:
        return None
    edits = tuple(
        TextEdit(e["path"], e["start_line"], e["start_column"], e["end_line"], e["end_column"], e["replacement"])
        for e in d["edits"]
    )
    return Fix(Safety(d["safety"]), d["description"], edits)


def _check_version(doc: dict) -> None:
    if doc.get("version") != SCHEMA_VERSION:
        raise ValueError(
            f"tfperf JSON report version {doc.get('version')!r} is not supported "
            f"(this tfperf reads version {SCHEMA_VERSION}); re-run the report with this tfperf"
        )
