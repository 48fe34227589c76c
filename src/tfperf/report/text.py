"""The human report: ruff-like lines, grouped by file, with cost and fix underneath. Inputs that
could not be analysed are counted in the summary; their errors are on stderr, one line each.

    model.py:12:5: TFP201 warning: [layer conv1_pad] explicit tf.pad feeds a VALID conv
        moves 12.3 MB, ~5.0 µs on gaudi2
        fix (exact): fold the padding into the conv (padding="SAME")

Findings with no source location are grouped under the graph they came from (a SavedModel dir,
`pkg.mod:model`, ...) and name the node instead:

    saved/resnet: block1/transpose [Transpose] (layer conv1): TFP101 warning: transpose moves the last axis

Info findings (real, but off the training step or not worth a change) are counted in one line
unless `show_info`; `statistics` prints one line per code instead of the findings.
"""

from __future__ import annotations

import os
from typing import IO, Any, Sequence

from tfperf.errors import readable
from tfperf.findings import FIX_FAILED, Cost, Finding, GuideSection, InputError, Severity, StepShare
from tfperf.report.common import counts_by_code, fixable_count, sort_findings, target_name

_CODE_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_INDENT = "    "


def render(
    findings: Sequence[Finding],
    *,
    errors: Sequence[InputError] = (),
    stream: IO[str],
    target: Any = None,
    color: bool | None = None,
    show_info: bool = True,
    statistics: bool = False,
) -> None:
    console = make_console(stream, color)
    hidden = [] if show_info else [f for f in findings if f.severity is Severity.INFO]
    findings = [f for f in findings if show_info or f.severity is not Severity.INFO]
    if statistics:
        for line in statistics_lines(findings):
            console.print(line)
        if hidden:
            console.print(hidden_line(hidden))
        return
    groups = group_findings(sort_findings(findings))
    default_target = target_name(target)
    for i, members in enumerate(groups.values()):
        if i:
            console.print()
        if members[0].step is not None:
            console.print(Text(ranking_line(members), style="bold"))
        for finding in members:
            console.print(headline(finding))
            for detail in details(finding, default_target):
                console.print(Text(_INDENT + detail, style="dim"))
    if groups:
        console.print()
    for line in summary_lines(findings, errors, groups):
        console.print(line)
    if hidden:
        console.print(hidden_line(hidden))


class Text:
    """A report line in styled pieces (the part of rich's Text the reports use). Printed in colour by
    rich; without colour (pipes, CI, NO_COLOR) as plain text, and rich is not even imported: it is a
    sizeable share of a warm `tfperf check src/`."""

    def __init__(self, text: str = "", style: str | None = None):
        self.parts: list[tuple[str, str | None]] = [(text, style)] if text else []

    def append(self, text: str, style: str | None = None) -> "Text":
        self.parts.append((text, style))
        return self

    def __str__(self) -> str:
        return "".join(text for text, _ in self.parts)

    def rich(self):
        from rich.text import Text as RichText

        line = RichText()
        for text, style in self.parts:
            line.append(text, style=style)
        return line


# rich drops these control characters from what it prints; the plain console does too
_CONTROL_CODES = str.maketrans({code: None for code in (7, 8, 11, 12, 13)})


class Console:
    """Prints report lines (`Text` or str, with an optional style for the whole line) to a stream."""

    def __init__(self, stream: IO[str], color: bool):
        self.stream = stream
        self._rich = _rich_console(stream) if color else None

    def print(self, line: "Text | str" = "", style: str | None = None) -> None:
        if self._rich is None:
            self.stream.write(str(line).translate(_CONTROL_CODES) + "\n")
        else:
            self._rich.print(line.rich() if isinstance(line, Text) else line, style=style)


def _rich_console(stream: IO[str]):
    from rich.console import Console as RichConsole

    return RichConsole(
        file=stream,
        force_terminal=True,
        force_jupyter=False,  # write to `stream`, never to a notebook's display
        soft_wrap=True,  # never insert line breaks: pipes and editors need one finding per line
        highlight=False,
        markup=False,  # messages contain brackets ("[layer x]") that are not markup
        emoji=False,
    )


def make_console(stream: IO[str], color: bool | None) -> Console:
    return Console(stream, wants_color(stream, color))


def wants_color(stream: IO[str], color: bool | None) -> bool:
    """An explicit choice wins; then NO_COLOR / FORCE_COLOR (no-color.org); then isatty."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# ---------------------------------------------------------------------------------------------
# One finding


def group_key(finding: Finding) -> tuple[str, str]:
    """("file", path) for findings located in source, ("graph", origin) for graph-only ones and for
    those ranked on their graph's step (whose lines may be anywhere)."""
    if finding.source is not None and finding.step is None:
        return ("file", display_path(finding.source.path))
    return ("graph", origin_label(finding))


def group_findings(findings: Sequence[Finding]) -> dict[tuple[str, str], list[Finding]]:
    """Findings by file/graph, in the order of `findings` (dicts keep insertion order)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(group_key(finding), []).append(finding)
    return groups


def headline(finding: Finding) -> Text:
    src, graph = finding.source, finding.location.graph
    line = Text()
    if src is not None:
        line.append(f"{display_path(src.path)}:{src.line}:{src.column}:", style="bold")
        line.append(" ")
        line.append(finding.code, style=_CODE_STYLE[finding.severity])
        line.append(f" {finding.severity.value}:")
        if graph is not None and graph.layer:
            line.append(f" [layer {graph.layer}]", style="cyan")
    else:
        line.append(f"{origin_label(finding)}:", style="bold")
        if graph is not None:
            line.append(f" {graph}:")
        line.append(" ")
        line.append(finding.code, style=_CODE_STYLE[finding.severity])
        line.append(f" {finding.severity.value}:")
    line.append(" " + one_line(finding.message))
    return line


def details(finding: Finding, default_target: str | None = None) -> list[str]:
    lines = [step_text(finding.step)] if finding.step is not None else []
    cost = cost_text(finding.cost, default_target)
    if cost:
        lines.append(cost)
    elif finding.location.graph is not None and finding.section is not GuideSection.MIXED_PRECISION:
        from tfperf.pipeline_ir import PIPELINE_SCOPE  # here: a source-only report never loads the graph IR

        if finding.location.graph.function != PIPELINE_SCOPE:
            # Costs come from static shapes; a graph finding without one had an unknown shape.
            # (Pipeline findings are measured with `tfperf data`, not priced; mixed-precision findings
            # say in their message what they priced: TFP703's cost is precision, not time.)
            lines.append("cost unknown (dynamic shape)")
    if finding.fix is not None:
        lines.append(f"fix ({finding.fix.safety.value}): {one_line(finding.fix.description)}")
    return lines


def ranking_line(members: Sequence[Finding]) -> str:
    """The head of a graph's ranked findings: what they are ranked by."""
    step = next((f.step for f in members if f.step.step_seconds), members[0].step)
    on = f"the predicted {human_seconds(step.step_seconds)} step" if step.step_seconds else "its predicted step"
    target = f" on {step.target}" if step.target else ""
    return f"{origin_label(members[0])}: ranked by what fixing each saves on {on}{target} (each alone)"


def origin_label(finding: Finding) -> str:
    graph = finding.location.graph
    if graph is None:
        return "<unknown location>"
    return display_path(graph.origin) if graph.origin else "<graph>"


def location_text(location) -> str:
    """`path:line:col node [Op] (layer L)` with the path shown as display_path does."""
    src, graph = location.source, location.graph
    parts = [f"{display_path(src.path)}:{src.line}:{src.column}"] if src else []
    return " ".join(parts + ([str(graph)] if graph else []))


def display_path(path: str) -> str:
    """Paths under the working directory are shown relative to it, as ruff does (bytes of a name that
    are not UTF-8 as \\xNN)."""
    if not os.path.isabs(path):
        return readable(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return readable(path)
    return readable(path if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel)


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Units


def cost_text(cost: Cost, default_target: str | None = None) -> str:
    """'moves 12.3 MB, 1.2 GFLOP, ~5.0 µs on gaudi2'; '' when nothing is known."""
    parts = []
    if cost.bytes_moved is not None:
        parts.append(f"moves {human_bytes(cost.bytes_moved)}")
    if cost.flops:  # "0 FLOP" on a pure data move is noise; JSON and SARIF keep the 0
        parts.append(human_flops(cost.flops))
    if cost.seconds is not None:
        where = cost.target or default_target
        parts.append(f"~{human_seconds(cost.seconds)}" + (f" on {where}" if where else ""))
    return ", ".join(parts)


def step_text(step: StepShare) -> str:
    """'saves 1.2 ms of the 20.2 ms step on gaudi2 (5.9%)', 'saves nothing on ...: why', 'saving unknown: why'."""
    where = f" on {step.target}" if step.target else ""
    measured = f"; measured {human_seconds(step.measured_seconds)} in the profile" \
        if step.measured_seconds is not None else ""
    if step.saving_seconds is None:
        return f"saving on the step unknown{where}: {step.note or 'not priced'}{measured}"
    of = f" of the {human_seconds(step.step_seconds)} step" if step.step_seconds else ""
    if step.saving_seconds <= 0:
        return f"saves nothing{of}{where}: {step.note}{measured}" if step.note else f"saves nothing{of}{where}{measured}"
    share = f" ({100 * step.share:.1f}%)" if step.share is not None else ""
    return f"saves {human_seconds(step.saving_seconds)}{of}{where}{share}{measured}"


def _scaled(value: float, units: Sequence[str]) -> str:
    """Decimal (SI) scaling, as datasheets quote bandwidth and FLOPs."""
    for unit in units[:-1]:
        if abs(value) < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} {units[-1]}"


def human_bytes(n: int) -> str:
    return f"{n} B" if abs(n) < 1000 else _scaled(n / 1000, ("kB", "MB", "GB", "TB", "PB"))


def human_flops(n: int) -> str:
    return f"{n} FLOP" if abs(n) < 1000 else _scaled(n / 1000, ("kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP"))


def human_seconds(s: float) -> str:
    for unit, scale in (("ns", 1e-9), ("µs", 1e-6), ("ms", 1e-3)):
        if abs(s) < scale * 1000:
            return f"{s / scale:.1f} {unit}"
    return f"{s:.1f} s"


# ---------------------------------------------------------------------------------------------
# Summary


def summary_lines(
    findings: Sequence[Finding], errors: Sequence[InputError], groups: dict[tuple[str, str], list]
) -> list[Text]:
    lines = [Text(headline_summary(findings, errors, groups), style="bold")]
    counts = counts_by_code(findings)
    width = len(str(max(counts.values(), default=0)))
    names = {f.code: f.rule for f in findings}
    for code, count in counts.items():
        lines.append(Text(f"  {count:>{width}}  {code}  {names[code]}"))
    if errors:
        lines.append(Text(errors_summary(errors), style="bold red"))
    return lines


def hidden_line(hidden: Sequence[Finding]) -> Text:
    codes = ", ".join(f"{count} {code}" for code, count in counts_by_code(hidden).items())
    noun = "info finding" if len(hidden) == 1 else "info findings"
    return Text(f"{len(hidden)} {noun} not shown ({codes}): off the training step or not worth a change; "
                "--show-info shows them", style="dim")


def statistics_lines(findings: Sequence[Finding]) -> list[Text]:
    """One line per code: count, code, name, how many are fixable (ruff's --statistics)."""
    counts = counts_by_code(findings)
    width = len(str(max(counts.values(), default=0)))
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        members = [f for f in findings if f.code == code]
        fixable = fixable_count(members)
        fixed = f"  {fixable} fixable" if fixable else ""
        lines.append(Text(f"{count:>{width}}  {code}  {members[0].rule}{fixed}"))
    return lines


def errors_summary(errors: Sequence[InputError]) -> str:
    """The report's word on the inputs that failed and the fixes left out (FIX_FAILED); the errors
    themselves are on stderr (cli)."""
    fixes = sum(1 for e in errors if e.code == FIX_FAILED)
    inputs = len(errors) - fixes
    parts = [f"{inputs} {'input' if inputs == 1 else 'inputs'} could not be analysed"] if inputs else []
    if fixes:
        parts.append(f"{fixes} {'fix' if fixes == 1 else 'fixes'} could not be applied")
    return f"{', '.join(parts)} (one line each on stderr)."


def headline_summary(
    findings: Sequence[Finding], errors: Sequence[InputError], groups: dict[tuple[str, str], list]
) -> str:
    if not findings:
        return "No findings in the inputs that could be analysed." if errors else "All checks passed."
    n_files = sum(1 for kind, _ in groups if kind == "file")
    n_graphs = len(groups) - n_files
    places = " and ".join(
        _plural(n, noun) for n, noun in ((n_files, "file"), (n_graphs, "graph")) if n
    )
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.unsafe)
    only_unsafe = f", {unsafe} of them only with --unsafe-fixes" if unsafe else ""
    return (
        f"Found {_plural(len(findings), 'finding')} "
        f"({fixable_count(findings)} fixable automatically{only_unsafe}) in {places}."
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
