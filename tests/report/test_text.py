"""The text report: exact line formats, grouping, summary, colour handling."""

from __future__ import annotations

import io
import re

import pytest

from conftest import graph_finding, pad_finding
from tfperf.findings import FIX_FAILED, Cost, Fix, GraphLocation, InputError, Location, Safety, SourceLocation
from tfperf.report import render
from tfperf.report.text import human_bytes, human_flops, human_seconds

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def text(findings, errors=(), **kw) -> str:
    out = io.StringIO()
    render(findings, "text", errors=errors, stream=out, **kw)
    return out.getvalue()


def test_source_finding_line_cost_and_fix():
    assert text([pad_finding()]).splitlines()[:3] == [
        "models/net.py:12:5: TFP201 warning: [layer conv1_pad] explicit tf.pad feeds a VALID Conv2D",
        "    moves 12.3 MB, ~5.0 µs on gaudi2",
        '    fix (exact): fold the padding into the conv (padding="SAME")',
    ]


def test_graph_only_finding_names_origin_node_op_and_layer():
    assert text([graph_finding()]).splitlines()[:2] == [
        "saved/resnet: body_fn/transpose_1 [Transpose] (layer block1): TFP101 error: transpose moves the last axis",
        "    cost unknown (dynamic shape)",
    ]


def test_graph_finding_without_origin_or_function():
    f = graph_finding(locations=(Location(graph=GraphLocation("t", "Transpose")),), cost=Cost(flops=2_500_000_000))
    assert text([f]).splitlines()[:2] == ["<graph>: t [Transpose]: TFP101 error: transpose moves the last axis", "    2.5 GFLOP"]


def test_source_only_finding_has_no_cost_line():
    f = pad_finding(locations=(Location(SourceLocation("a.py", 3)),), cost=Cost(), fix=None)
    assert text([f]).splitlines()[:2] == ["a.py:3:1: TFP201 warning: explicit tf.pad feeds a VALID Conv2D", ""]


def test_time_takes_the_report_target_when_the_cost_has_none():
    f = pad_finding(cost=Cost(seconds=0.0025), fix=None)
    assert text([f], target="h100").splitlines()[1] == "    ~2.5 ms on h100"


def test_groups_by_file_then_graph_in_sorted_order():
    findings = [
        graph_finding(origin="pkg.mod:model", node="b"),
        pad_finding(path="z.py", line=1, fix=None, cost=Cost()),
        graph_finding(origin="pkg.mod:model", node="a"),
        pad_finding(path="a.py", line=9, fix=None, cost=Cost()),
        pad_finding(path="a.py", line=2, fix=None, cost=Cost()),
    ]
    heads = [line.split(" ")[0] for line in text(findings).splitlines() if line and not line.startswith(" ")]
    assert heads[:5] == ["a.py:2:5:", "a.py:9:5:", "z.py:1:5:", "pkg.mod:model:", "pkg.mod:model:"]
    blocks = text(findings).split("\n\n")
    assert [b.splitlines()[0].split(":")[0] for b in blocks[:3]] == ["a.py", "z.py", "pkg.mod"]
    assert "a [Transpose]" in blocks[2].splitlines()[0] and "b [Transpose]" in blocks[2].splitlines()[2]


def test_summary_counts_findings_fixable_files_graphs_and_codes():
    findings = [
        pad_finding(path="a.py"),
        pad_finding(path="b.py", fix=Fix(Safety.ADVISORY, "explained only")),
        graph_finding(),
    ]
    lines = text(findings).splitlines()
    assert lines[-3:] == [
        "Found 3 findings (1 fixable automatically) in 2 files and 1 graph.",
        "  1  TFP101  physical-transpose",
        "  2  TFP201  pad-before-conv",
    ]


def test_summary_singular():
    assert text([pad_finding()]).splitlines()[-2] == "Found 1 finding (1 fixable automatically) in 1 file."


def test_clean_run():
    assert text([]) == "All checks passed.\n"


def test_errors_are_counted_in_the_summary_not_repeated():
    """The errors themselves are one line each on stderr (the CLI prints them); the report counts them."""
    errors = [InputError("broken.py", "cannot parse: invalid syntax at 3:7"), InputError("m:model", "no such module", "TFP002")]
    out = text([], errors=errors).splitlines()
    assert out == [
        "No findings in the inputs that could be analysed.",
        "2 inputs could not be analysed (one line each on stderr).",
    ]


def test_a_fix_left_out_is_counted_as_a_fix_not_as_an_input():
    errors = [InputError("a.py", "line 3: the TFP702 fix was left out: ...", FIX_FAILED), InputError("b.py", "unreadable")]
    assert text([], errors=errors).splitlines()[-1] == \
        "1 input could not be analysed, 1 fix could not be applied (one line each on stderr)."
    assert text([], errors=errors[:1]).splitlines()[-1] == "1 fix could not be applied (one line each on stderr)."


def test_errors_after_findings():
    out = text([pad_finding(fix=None, cost=Cost())], errors=[InputError("x.py", "unreadable")]).splitlines()
    assert out[1:3] == ["    cost unknown (dynamic shape)", ""]
    assert "unreadable" not in "".join(out)
    assert out[-1] == "1 input could not be analysed (one line each on stderr)."


def test_absolute_paths_under_cwd_are_shown_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = pad_finding(locations=(Location(SourceLocation(str(tmp_path / "pkg" / "m.py"), 4, 2)),))
    assert text([f]).startswith("pkg/m.py:4:2: TFP201 ")


def test_long_lines_are_not_wrapped_in_pipes():
    message = "word " * 80
    f = pad_finding(message=message.strip(), fix=Fix(Safety.NUMERICS, "x " * 100))
    lines = text([f]).splitlines()
    assert lines[0].endswith("word word") and len(lines[0]) > 400
    assert lines[2].startswith("    fix (numerics): x x") and len(lines[2]) > 200


def test_multiline_message_stays_on_one_line():
    assert text([pad_finding(message="first\nsecond")]).splitlines()[0].endswith("] first second")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_colour_in_pipes(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert not ANSI.search(text([pad_finding(), graph_finding()]))


def test_colour_on_terminals_unless_no_color(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = FakeTerminal()
    render([pad_finding()], "text", stream=tty)
    assert ANSI.search(tty.getvalue())
    assert ANSI.sub("", tty.getvalue()) == text([pad_finding()])

    monkeypatch.setenv("NO_COLOR", "1")
    tty = FakeTerminal()
    render([pad_finding()], "text", stream=tty)
    assert not ANSI.search(tty.getvalue())


def test_explicit_colour_choice_wins(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI.search(text([pad_finding()], color=True))
    tty = FakeTerminal()
    render([pad_finding()], "text", stream=tty, color=False)
    assert not ANSI.search(tty.getvalue())


@pytest.mark.parametrize(
    "fn, value, expected",
    [
        (human_bytes, 512, "512 B"),
        (human_bytes, 12_300_000, "12.3 MB"),
        (human_bytes, 4_200_000_000, "4.2 GB"),
        (human_flops, 999, "999 FLOP"),
        (human_flops, 1_500_000_000_000, "1.5 TFLOP"),
        (human_seconds, 3e-9, "3.0 ns"),
        (human_seconds, 5e-6, "5.0 µs"),
        (human_seconds, 0.0123, "12.3 ms"),
        (human_seconds, 2.0, "2.0 s"),
    ],
)
def test_human_units(fn, value, expected):
    assert fn(value) == expected


def test_unknown_format_is_a_usage_error():
    with pytest.raises(ValueError, match="text, json, sarif, html"):
        render([], "markdown", stream=io.StringIO())


def test_info_findings_are_counted_in_one_line_unless_asked_for():
    from tfperf.findings import Severity

    findings = [pad_finding(path="a.py", line=1), pad_finding(path="b.py", line=2, severity=Severity.INFO),
                pad_finding(path="c.py", line=3, severity=Severity.INFO)]
    shown = text(findings, show_info=False)
    assert "a.py:1:5: TFP201 warning:" in shown and "b.py" not in shown and "c.py" not in shown
    assert shown.splitlines()[-1] == ("2 info findings not shown (2 TFP201): off the training step or not worth a "
                                      "change; --show-info shows them")
    everything = text(findings, show_info=True)
    assert "b.py:2:5: TFP201 info:" in everything and "not shown" not in everything


def test_statistics_one_line_per_code_most_frequent_first():
    findings = [pad_finding(path="a.py"), pad_finding(path="b.py"), graph_finding()]
    assert text(findings, statistics=True).splitlines() == [
        "2  TFP201  pad-before-conv  2 fixable",
        "1  TFP101  physical-transpose",
    ]
