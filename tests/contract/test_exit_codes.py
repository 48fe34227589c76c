"""The exit-code contract on real trees: 0 clean, 1 findings, 2 errors; one bad input is one line on
stderr and never stops the others; no traceback, whatever the tree holds (issue 12)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
from contract_support import PIPELINE, ROOT, error_lines, needs_permissions, tfperf, write

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def assert_one_error_about(result, name: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    (line,) = [line for line in error_lines(result.stderr) if name in line]
    return line


def test_output_into_a_missing_directory_is_one_line_before_any_work(tmp_path):
    write(tmp_path / "a.py", PIPELINE)
    result = tfperf("check", "a.py", "-o", "no/such/dir/report.txt", cwd=tmp_path)
    assert_one_error_about(result, "no/such/dir")
    assert result.stdout == ""


def test_a_symlink_loop_is_reported_and_the_rest_is_linted(tmp_path):
    write(tmp_path / "src" / "a.py", PIPELINE)
    os.symlink("loop.py", tmp_path / "src" / "loop.py")
    os.symlink("ring_b.py", tmp_path / "src" / "ring_a.py")
    os.symlink("ring_a.py", tmp_path / "src" / "ring_b.py")
    result = tfperf("check", "src", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "src/a.py:2:" in result.stdout
    assert {line.split(":")[2].strip() for line in error_lines(result.stderr)} == {
        "src/loop.py", "src/ring_a.py", "src/ring_b.py"}


def test_non_utf8_file_names_give_a_valid_sarif_log(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (Path(os.fsdecode(bytes(src) + b"/caf\xe9.py"))).write_text(PIPELINE, encoding="utf-8")
    (Path(os.fsdecode(bytes(src) + b"/broken\xff.py"))).write_text(PIPELINE + "def (\n", encoding="utf-8")
    result = tfperf("check", "src", "--format", "sarif", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr  # the broken file is an input error
    log = json.loads(result.stdout)
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    validator.validate(log)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"] for loc in r["locations"]}
    assert uris == {"src/caf%E9.py"}  # the name's own bytes, percent-encoded
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "src/broken\\xff.py" in note["message"]["text"]
    text = tfperf("check", "src", cwd=tmp_path)
    assert "src/caf\\xe9.py:2:" in text.stdout and "Traceback" not in text.stderr


@needs_permissions
def test_fix_in_a_read_only_directory_reports_each_file_and_fixes_the_others(tmp_path):
    write(tmp_path / "locked" / "a.py", PIPELINE)
    write(tmp_path / "locked" / "b.py", PIPELINE)
    write(tmp_path / "open" / "c.py", PIPELINE)
    (tmp_path / "locked").chmod(0o555)
    try:
        result = tfperf("check", "locked", "open", "--fix", cwd=tmp_path, without_root_powers=True)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert {line.split(":")[2].strip() for line in error_lines(result.stderr)} == {"locked/a.py", "locked/b.py"}
    assert (tmp_path / "locked" / "a.py").read_text() == PIPELINE  # untouched
    assert ".prefetch(tf.data.AUTOTUNE)" in (tmp_path / "open" / "c.py").read_text()  # the others were fixed
    assert "locked/a.py:2:" in result.stdout  # the report was written, with what is still there
    assert not list(tmp_path.rglob("*.tfperf-tmp"))


@needs_permissions
def test_an_unreadable_subdirectory_is_reported_not_skipped(tmp_path):
    write(tmp_path / "src" / "a.py", PIPELINE)
    write(tmp_path / "src" / "private" / "b.py", PIPELINE)
    (tmp_path / "src" / "private").chmod(0o000)
    try:
        result = tfperf("check", "src", cwd=tmp_path, without_root_powers=True)
    finally:
        (tmp_path / "src" / "private").chmod(0o755)
    assert "All checks passed" not in result.stdout
    assert "src/a.py:2:" in result.stdout
    assert "cannot read the directory" in assert_one_error_about(result, "src/private")


@needs_permissions
def test_an_unreadable_file_named_on_the_command_line_does_not_stop_the_others(tmp_path):
    write(tmp_path / "secret.py", PIPELINE).chmod(0o000)
    write(tmp_path / "b.py", PIPELINE)
    result = tfperf("check", "secret.py", "b.py", cwd=tmp_path, without_root_powers=True)
    assert "b.py:2:" in result.stdout
    assert "cannot read" in assert_one_error_about(result, "secret.py")


def test_a_utf16_file_with_a_bom_is_reported_not_skipped(tmp_path):
    (tmp_path / "wide.py").write_bytes(PIPELINE.encode("utf-16"))  # with its byte-order mark
    write(tmp_path / "b.py", PIPELINE)
    result = tfperf("check", ".", cwd=tmp_path)
    assert "b.py:2:" in result.stdout
    assert "UTF-16" in assert_one_error_about(result, "wide.py")


def test_input_errors_are_one_line_on_stderr_naming_the_input_once(tmp_path):
    write(tmp_path / "b.py", PIPELINE)
    write(tmp_path / "broken.py", "import tensorflow as tf\ndef (\n")
    for fmt in ("text", "json", "sarif"):
        result = tfperf("check", "missing.py", "broken.py", "b.py", "--graph", "nope.pb", "--format", fmt,
                        cwd=tmp_path)
        assert result.returncode == 2
        lines = error_lines(result.stderr)
        assert len(lines) == 3, result.stderr
        for name, line in zip(["broken.py", "missing.py", "nope.pb"], sorted(lines, key=lambda l: l.split(":")[2])):
            assert line.count(name) == 1, line  # the origin is said once, not "X: TFP000 X: ..."
        if fmt == "text":
            assert "missing.py" not in result.stdout and "3 inputs could not be analysed" in result.stdout
        else:  # the machine-readable reports also carry them, as records
            assert "missing.py" in result.stdout
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "each such input is one line on stderr" in readme


def test_output_naming_a_linted_file_is_refused_and_the_file_kept(tmp_path):
    source = write(tmp_path / "src" / "model.py", PIPELINE)
    for target in ("src/model.py", "./src/../src/model.py"):
        result = tfperf("check", "src", "-o", target, cwd=tmp_path)
        assert_one_error_about(result, target)
        assert source.read_text() == PIPELINE
    named = tfperf("check", "src/model.py", "-o", "src/model.py", cwd=tmp_path)
    assert_one_error_about(named, "src/model.py")
    assert source.read_text() == PIPELINE
