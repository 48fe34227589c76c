"""`tfperf check PATH...` with --fix, --diff and -j (the source side of the CLI)."""

from __future__ import annotations

from click.testing import CliRunner

from tfperf.cli import main

CODE = "import tensorflow as tf\n\nds = tf.data.Dataset.range(8).batch(2)\n"


def test_check_diff_fix_and_jobs(tmp_path):
    path = tmp_path / "a.py"
    path.write_text(CODE)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--target", "cpu", str(path)])
    assert result.exit_code == 1 and "TFP401" in result.output
    result = runner.invoke(main, ["check", "--target", "cpu", "--diff", str(path)])
    assert result.exit_code == 1 and "+ds = tf.data.Dataset.range(8).batch(2).prefetch(tf.data.AUTOTUNE)" in result.output
    assert path.read_text() == CODE
    result = runner.invoke(main, ["check", "--target", "cpu", "--fix", "-j", "2", str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_text() == CODE.replace("batch(2)", "batch(2).prefetch(tf.data.AUTOTUNE)")
    result = runner.invoke(main, ["check", "--target", "cpu", "--diff", str(path)])
    assert result.exit_code == 0 and result.output == ""


def test_bad_file_is_an_input_error(tmp_path):
    (tmp_path / "bad.py").write_text("import tensorflow as tf\nif:\n")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2 and "TFP000" in result.output
