"""Report findings: text for people, JSON for scripts, SARIF for code-scanning UIs.

`render` is the single entry point the CLI and the Python API use. The format modules are
imported lazily so that `import tfperf.report` stays cheap (and none of them imports TensorFlow).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import IO, Any, Iterable, Sequence

from tfperf.findings import Finding

FORMATS = ("text", "json", "sarif")


@dataclass(frozen=True)
class InputError:
    """An input (a .py file, a model, a SavedModel dir) that could not be analysed.

    Reported next to the findings, never raised: one bad input must not hide the others.
    """

    path: str
    message: str
    code: str = "TFP000"


def render(
    findings: Iterable[Finding],
    fmt: str,
    *,
    errors: Sequence[InputError] = (),
    stream: IO[str],
    target: Any = None,
    color: bool | None = None,
) -> None:
    """Write `findings` (and the inputs that failed) to `stream` in format `fmt`.

    `target` is the device the costs were priced on: a name, a `tfperf.targets.Target`, or None.
    `color` only affects text: None colours when `stream` is a terminal and NO_COLOR is unset.
    """
    findings = sort_findings(findings)
    errors = list(errors)
    if fmt == "text":
        from tfperf.report import text

        text.render(findings, errors=errors, stream=stream, target=target, color=color)
    elif fmt == "json":
        from tfperf.report import json_report

        json_report.render(findings, errors=errors, stream=stream, target=target)
    elif fmt == "sarif":
        from tfperf.report import sarif

        sarif.render(findings, errors=errors, stream=stream, target=target)
    else:
        raise ValueError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")


# Helpers shared by the formats, so that every format counts the same way.


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order for every format: by file and line, graph-only findings last."""
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
