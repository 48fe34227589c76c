"""Helpers shared by the report formats, so that every format counts and orders the same way."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from tfperf.findings import Finding, StepShare


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order for every format: source findings by file and line; then each graph's findings,
    ranked by what fixing them saves on its step where that is known (`Finding.sort_key`)."""
    return sorted(findings, key=Finding.sort_key)


def target_name(target: Any) -> str | None:
    """Accept a target name or a Target object (anything with `.name`)."""
    if target is None or isinstance(target, str):
        return target
    return str(getattr(target, "name", target))


def fixable_count(findings: Iterable[Finding]) -> int:
    """Findings whose fix tfperf can apply itself (advisory fixes are only explained)."""
    return sum(1 for f in findings if f.fix is not None and f.fix.automatic)


def counts_by_code(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per rule code, ordered by code."""
    return dict(sorted(Counter(f.code for f in findings).items()))


def step_to_dict(step: StepShare | None) -> dict | None:
    """A finding's step share as JSON and SARIF carry it (docs/json-schema.md)."""
    if step is None:
        return None
    return {"saving_seconds": step.saving_seconds, "share": step.share, "step_seconds": step.step_seconds,
            "target": step.target, "note": step.note, "measured_seconds": step.measured_seconds}
