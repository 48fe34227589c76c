"""Report findings: text for people, JSON for scripts, SARIF for code-scanning UIs, HTML for a page to read.

`render` is the single entry point the CLI and the Python API use. The format modules are
imported lazily so that `import tfperf.report` stays cheap (and none of them imports TensorFlow).
Reporters render what they are given: the findings, the inputs that failed, the rules' metadata
(`RuleInfo`) and the tool's version; they never import the rules or the package face.
"""

from __future__ import annotations

from typing import IO, Any, Iterable, Sequence

from tfperf.findings import Finding, InputError, RuleInfo
from tfperf.report.common import sort_findings
from tfperf.version import __version__

FORMATS = ("text", "json", "sarif", "html")


def render(
    findings: Iterable[Finding],
    fmt: str,
    *,
    errors: Sequence[InputError] = (),
    stream: IO[str],
    target: Any = None,
    color: bool | None = None,
    rules: Sequence[RuleInfo] = (),
    version: str = __version__,
    show_info: bool = True,
    statistics: bool = False,
    page: Any = None,
) -> None:
    """Write `findings` (and the inputs that failed) to `stream` in format `fmt`.

    `target` is the device the costs were priced on: a name, a `tfperf.targets.Target`, or None.
    `color` only affects text: None colours when `stream` is a terminal and NO_COLOR is unset.
    `rules`: the metadata of the rules that ran (SARIF describes each); `version`: the tool's version.
    `show_info` and `statistics` only affect text: without `show_info` the info findings are counted
    in one line; `statistics` prints one line per code instead of the findings. JSON and SARIF carry
    every finding with its severity. `page` only affects HTML: the page model a run built
    (`tfperf.page.Page`: the models' steps, timelines and host placement); without it the page
    shows the findings alone.
    """
    findings = sort_findings(findings)
    errors = list(errors)
    if fmt == "text":
        from tfperf.report import text

        text.render(findings, errors=errors, stream=stream, target=target, color=color, show_info=show_info,
                    statistics=statistics)
    elif fmt == "json":
        from tfperf.report import json_report

        json_report.render(findings, errors=errors, stream=stream, target=target, version=version)
    elif fmt == "sarif":
        from tfperf.report import sarif

        sarif.render(findings, errors=errors, stream=stream, target=target, rules=rules, version=version)
    elif fmt == "html":
        from tfperf.report import html

        html.render(findings, errors=errors, stream=stream, target=target, version=version, page=page)
    else:
        raise ValueError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")
