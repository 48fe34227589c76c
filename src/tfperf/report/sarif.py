"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Paths under the source root (the working directory unless given) are written relative to the
`%SRCROOT%` base id, so results match the repository's files and stay stable across checkouts.
GitHub rejects a whole upload when a result has no physical location, so graph-only findings are
anchored to the artifact they were captured from whenever it can be found on disk (the SavedModel's
saved_model.pb, a .pb file, the module file of `pkg.mod:model`); the graph node, its function and
its Keras layer always go into logicalLocations.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import IO, Any, Sequence
from urllib.parse import quote

from tfperf.errors import readable
from tfperf.findings import Finding, GraphLocation, InputError, Location, RuleInfo, Severity, SourceLocation
from tfperf.report.common import sort_findings, step_to_dict, target_name
from tfperf.version import __version__

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/tfperf/tfperf"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "tfperf/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_MODULE_SPEC = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")  # "pkg.mod:model"


def render(
    findings: Sequence[Finding],
    *,
    errors: Sequence[InputError] = (),
    stream: IO[str],
    target: Any = None,
    root: str | os.PathLike | None = None,
    rules: Sequence[RuleInfo] = (),
    version: str = __version__,
) -> None:
    json.dump(sarif_log(findings, errors=errors, target=target, root=root, rules=rules, version=version), stream,
              indent=2)
    stream.write("\n")


def sarif_log(
    findings: Sequence[Finding],
    *,
    errors: Sequence[InputError] = (),
    target: Any = None,
    root: str | os.PathLike | None = None,
    rules: Sequence[RuleInfo] = (),
    version: str = __version__,
) -> dict:
    """The SARIF log. `rules`: the metadata of the rules that ran, each described in tool.driver.rules
    (a code a finding uses without one there gets a descriptor made from the finding)."""
    root_path = Path(os.path.abspath(root if root is not None else os.getcwd()))
    findings = sort_findings(findings)
    descriptors = rule_descriptors(findings, rules)
    index = {rule["id"]: i for i, rule in enumerate(descriptors)}
    builder = _ResultBuilder(root_path)
    run = {
        "tool": {"driver": driver(descriptors, version)},
        "invocations": [invocation(errors, root_path)],
        "originalUriBaseIds": {SRCROOT: {"uri": root_path.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [builder.result(f, index[f.code]) for f in findings],
    }
    name = target_name(target)
    if name is not None:
        run["properties"] = {"target": name}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


# ---------------------------------------------------------------------------------------------
# tool.driver and its rules


def driver(rules: list[dict], version: str = __version__) -> dict:
    return {
        "name": "tfperf",
        "version": version,
        "semanticVersion": version,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }


def rule_descriptors(findings: Sequence[Finding], rules: Sequence[RuleInfo] = ()) -> list[dict]:
    """Every rule given, plus any code a finding uses that is not among them (so that each result's
    ruleIndex points at a descriptor)."""
    descriptors = {rule.code: rule_descriptor(rule) for rule in rules}
    for f in findings:
        descriptors.setdefault(f.code, _descriptor_from_finding(f))
    return [descriptors[code] for code in sorted(descriptors)]


def rule_descriptor(cls: RuleInfo) -> dict:
    section = cls.section
    doc = cls.doc
    guide = f'Guide section: "{section.title}" (rule family {section.family}xx).'
    safety = f"Fix safety: {cls.safety.value}."
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.summary},
        "fullDescription": {"text": doc},
        "help": {
            "text": f"{doc}\n\n{guide}\n{safety}",
            "markdown": f"{doc}\n\n**{guide}**\n\n{safety}",
        },
        "defaultConfiguration": {"level": _LEVEL[cls.severity]},
        "properties": {
            "tags": ["performance", "tensorflow", section.family],
            "section": section.title,
            "family": section.family,
            "safety": cls.safety.value,
        },
    }


def _descriptor_from_finding(f: Finding) -> dict:
    return {
        "id": f.code,
        "name": f.rule,
        "shortDescription": {"text": f.rule},
        "defaultConfiguration": {"level": _LEVEL[f.severity]},
        "properties": {"tags": ["performance", "tensorflow", f.section.family],
                       "section": f.section.title, "family": f.section.family},
    }


# ---------------------------------------------------------------------------------------------
# Inputs that could not be analysed


def invocation(errors: Sequence[InputError], root: Path) -> dict:
    return {
        "executionSuccessful": not errors,
        "toolExecutionNotifications": [notification(e, root) for e in errors],
    }


def notification(error: InputError, root: Path) -> dict:
    note = {
        "level": "error",
        "message": {"text": f"{readable(error.path)}: {readable(error.message)}"},
        "descriptor": {"id": error.code},
    }
    if not _MODULE_SPEC.match(error.path):  # a model spec is not a file: no artifact to point at
        note["locations"] = [{"physicalLocation": {"artifactLocation": artifact_location(error.path, root)}}]
    return note


# ---------------------------------------------------------------------------------------------
# Results


class _ResultBuilder:
    """Builds results for one run; remembers fingerprints to number identical ones apart."""

    def __init__(self, root: Path):
        self.root = root
        self.seen: dict[str, int] = {}
        self.lines: dict[str, list[str] | None] = {}

    def result(self, f: Finding, rule_index: int) -> dict:
        locations = [self.location(loc) for loc in f.locations]
        result = {
            "ruleId": f.code,
            "ruleIndex": rule_index,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": locations[:1],
            "partialFingerprints": {FINGERPRINT_KEY: self.fingerprint(f)},
            "properties": result_properties(f),
        }
        if len(locations) > 1:
            result["relatedLocations"] = [
                dict(loc, id=i, message={"text": str(f.locations[i])}) for i, loc in enumerate(locations[1:], 1)
            ]
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [self.fix(f)]
        if f.step is not None and f.step.share is not None:
            result["rank"] = round(min(100.0, 100 * f.step.share), 3)  # SARIF's priority: the share of the step
        return result

    def location(self, loc: Location) -> dict:
        out: dict[str, Any] = {}
        physical = self.physical(loc)
        if physical:
            out["physicalLocation"] = physical
        if loc.graph is not None:
            out["logicalLocations"] = logical_locations(loc.graph)
        return out

    def physical(self, loc: Location) -> dict | None:
        if loc.source is not None:
            return {"artifactLocation": artifact_location(loc.source.path, self.root),
                    "region": region(loc.source)}
        artifact = origin_artifact(loc.graph.origin if loc.graph else None, self.root)
        return {"artifactLocation": artifact_location(artifact, self.root)} if artifact else None

    def fix(self, f: Finding) -> dict:
        by_path: dict[str, list] = {}
        for e in f.fix.edits:
            by_path.setdefault(e.path, []).append({
                "deletedRegion": {"startLine": e.start_line, "startColumn": e.start_column,
                                  "endLine": e.end_line, "endColumn": e.end_column},
                "insertedContent": {"text": e.replacement},
            })
        return {
            "description": {"text": f"{f.fix.description} ({f.fix.safety.value})"},
            "artifactChanges": [{"artifactLocation": artifact_location(path, self.root), "replacements": reps}
                                for path, reps in by_path.items()],
        }

    def fingerprint(self, f: Finding) -> str:
        """Stable identity of a result across runs: what and where, never the message (its
        numbers change with shapes and targets) nor the line number (it moves when code above
        is edited). Identical ones are numbered in order, as GitHub's own line hashes are."""
        src, graph = f.source, f.location.graph
        parts = [f.code, self.relative(src.path) if src else ""]
        if graph is not None:
            parts += [self.relative(graph.origin) if graph.origin else "", graph.function or "",
                      graph.node, graph.op]
        else:
            parts.append(self.line_text(src))
        digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:32]
        self.seen[digest] = self.seen.get(digest, 0) + 1
        return f"{digest}:{self.seen[digest]}"

    def relative(self, path: str) -> str:
        """Machine-independent form of a path: relative to the root when under it."""
        location = artifact_location(path, self.root)
        return location["uri"]

    def line_text(self, src: SourceLocation | None) -> str:
        """The finding's source line, whitespace-normalised; its number when unreadable."""
        if src is None:
            return ""
        if src.path not in self.lines:
            self.lines[src.path] = _read_lines(self.root / src.path)
        lines = self.lines[src.path]
        if lines is None or not 0 < src.line <= len(lines):
            return str(src.line)
        return " ".join(lines[src.line - 1].split())


def result_properties(f: Finding) -> dict:
    props: dict[str, Any] = {
        "section": f.section.title,
        "cost": {"bytes_moved": f.cost.bytes_moved, "flops": f.cost.flops,
                 "seconds": f.cost.seconds, "target": f.cost.target},
    }
    if f.fix is not None:
        props["fix"] = {"safety": f.fix.safety.value, "description": f.fix.description}
    if f.step is not None:
        props["step"] = step_to_dict(f.step)
    return props


def logical_locations(graph: GraphLocation) -> list[dict]:
    """The node (a member of its graph function), its Keras layer and the captured model."""
    qualified = f"{graph.function}/{graph.node}" if graph.function else graph.node
    out = [{"name": graph.node, "fullyQualifiedName": qualified, "kind": "member",
            "properties": {"op": graph.op}}]
    if graph.function:
        out.append({"name": graph.function, "fullyQualifiedName": graph.function, "kind": "function"})
    if graph.layer:
        out.append({"name": graph.layer, "fullyQualifiedName": f"layer:{graph.layer}", "kind": "object"})
    if graph.origin:
        out.append({"name": graph.origin, "fullyQualifiedName": graph.origin, "kind": "module"})
    return out


def region(src: SourceLocation) -> dict:
    out = {"startLine": src.line, "startColumn": src.column}
    if src.end_line is not None:
        out["endLine"] = src.end_line
    if src.end_column is not None:
        out["endColumn"] = src.end_column
    return out


def artifact_location(path: str, root: Path) -> dict:
    """`%SRCROOT%`-relative URI for paths under root, an absolute file URI otherwise."""
    absolute = Path(os.path.abspath(root / path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(os.fsencode(relative.as_posix())), "uriBaseId": SRCROOT}  # a name's raw bytes


def origin_artifact(origin: str | None, root: Path) -> str | None:
    """The file a graph was captured from, when it exists on disk; None otherwise."""
    if not origin:
        return None
    if _MODULE_SPEC.match(origin):
        module = Path(*origin.split(":")[0].split("."))
        candidates = [module.with_suffix(".py"), module / "__init__.py",
                      "src" / module.with_suffix(".py"), "src" / module / "__init__.py"]
    else:
        candidates = [Path(origin) / "saved_model.pb", Path(origin)]
    for candidate in candidates:
        if (root / candidate).is_file():
            return str(candidate)
    return None


def _read_lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
