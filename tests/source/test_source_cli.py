"""`tfperf check PATH...` with --fix, --diff and -j (the source side of the CLI)."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import TF_WITHOUT_DEFAULTS
from tfperf.cli import main

OLD_TF = ("--tensorflow-version", TF_WITHOUT_DEFAULTS)  # (a TensorFlow that adds no prefetch itself)

CODE = "import tensorflow as tf\n\nds = tf.data.Dataset.range(8).batch(2)\n"


def test_check_diff_fix_and_jobs(tmp_path):
    path = tmp_path / "a.py"
    path.write_text(CODE)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--target", "cpu", *OLD_TF, str(path)])
    assert result.exit_code == 1 and "TFP401" in result.output
    result = runner.invoke(main, ["check", "--target", "cpu", *OLD_TF, "--diff", str(path)])
    assert result.exit_code == 1 and "+ds = tf.data.Dataset.range(8).batch(2).prefetch(tf.data.AUTOTUNE)" in result.output
    assert path.read_text() == CODE
    result = runner.invoke(main, ["check", "--target", "cpu", *OLD_TF, "--fix", "-j", "2", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text() == CODE.replace("batch(2)", "batch(2).prefetch(tf.data.AUTOTUNE)")
    result = runner.invoke(main, ["check", "--target", "cpu", *OLD_TF, "--diff", str(path)])
    assert result.exit_code == 0 and result.output == ""


def test_fix_leaves_info_findings_alone_unless_shown(tmp_path):
    # in a test file the missing prefetch is info (not in the device's training step): a plain --fix
    # must not edit a line its report did not show; with --show-info it is shown and fixed
    path = tmp_path / "tests" / "test_input.py"
    path.parent.mkdir()
    path.write_text(CODE)
    runner = CliRunner()
    for flags in (["--fix"], ["--diff"]):
        result = runner.invoke(main, ["check", "--target", "cpu", "--no-cache", *flags, str(tmp_path)])
        assert result.exit_code == 0 and "+ds" not in result.output, result.output
        assert path.read_text() == CODE
    result = runner.invoke(main, ["check", "--target", "cpu", "--show-info", "--diff", str(tmp_path)])
    assert result.exit_code == 1 and "+ds = tf.data.Dataset.range(8).batch(2).prefetch(" in result.output
    result = runner.invoke(main, ["check", "--target", "cpu", "--show-info", "--fix", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert path.read_text() == CODE.replace("batch(2)", "batch(2).prefetch(tf.data.AUTOTUNE)")


def test_bad_file_is_an_input_error(tmp_path):
    (tmp_path / "bad.py").write_text("import tensorflow as tf\nif:\n")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2 and "TFP000" in result.output


def test_pre_commit_hooks_call_existing_options():
    import pathlib

    yaml = __import__("pytest").importorskip("yaml")
    hooks = yaml.safe_load((pathlib.Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"tfperf", "tfperf-fix"}
    for hook in hooks:
        args = hook["entry"].split()[2:]
        assert hook["entry"].startswith("tfperf check") and hook["types"] == ["python"]
        assert CliRunner().invoke(main, ["check", *args, "--help"]).exit_code == 0
