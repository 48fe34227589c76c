"""The command line: exit codes, bad inputs as one clear line, selection, formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import tensorflow as tf
from click.testing import CliRunner

from tfperf.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(main, list(args), catch_exceptions=False)


def test_guide_examples_on_gaudi2():
    ex1 = run("check", "--model", f"{EXAMPLES}/guide_transpose.py:example1", "--target", "gaudi2")
    assert ex1.exit_code == 0, ex1.output
    ex2 = run("check", "--model", f"{EXAMPLES}/guide_transpose.py:example2", "--target", "gaudi2")
    assert ex2.exit_code == 1 and "TFP101" in ex2.output
    lines = (EXAMPLES / "guide_transpose.py").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "perm=(0, 2, 1)" in text)
    assert f"guide_transpose.py:{line}:" in ex2.output  # the tf.transpose line of example2
    pad = run("check", "--model", f"{EXAMPLES}/guide_pad.py:not_recommended",
              "--model", f"{EXAMPLES}/guide_pad.py:recommended")
    assert pad.exit_code == 1 and pad.output.count("TFP201") >= 1 and "padding='SAME'" in pad.output


def test_select_and_ignore_by_prefix():
    args = ["check", "--model", f"{EXAMPLES}/guide_transpose.py:example2"]
    assert run(*args, "--ignore", "TFP1").exit_code == 0
    assert run(*args, "--select", "TFP2").exit_code == 0
    assert run(*args, "--select", "TFP10").exit_code == 1
    bad = run(*args, "--select", "XYZ9")
    assert bad.exit_code == 2 and "matches no rule code" in bad.output


def test_json_output_is_parseable_and_counts():
    result = run("check", "--model", f"{EXAMPLES}/guide_transpose.py:example2", "--format", "json")
    data = json.loads(result.output)
    assert data["version"] == 1
    assert [f["code"] for f in data["findings"]] == ["TFP101"]
    assert data["findings"][0]["cost"]["bytes_moved"] > 0


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def _graph_def_bytes() -> bytes:
    @tf.function(input_signature=[tf.TensorSpec([4, 5], tf.float32)])
    def f(x):
        return tf.transpose(x) + 1.0

    return f.get_concrete_function().graph.as_graph_def().SerializeToString()


def _bad_inputs(tmp_path: Path) -> dict[str, list[str]]:
    no_sigs = tmp_path / "no_signatures"
    tf.saved_model.save(tf.Module(), str(no_sigs))
    broken_module = tmp_path / "broken.py"
    broken_module.write_text("import tensorflow as tf\nraise RuntimeError('boom')\n")
    not_a_model = tmp_path / "notamodel.py"
    not_a_model.write_text("model = 42\n")
    garbage = tmp_path / "garbage.pbtxt"
    garbage.write_text("this is { not a graph\n")
    return {
        "missing path": ["--graph", str(tmp_path / "nope.pb")],
        "missing saved model": ["--saved-model", str(tmp_path / "nope")],
        "not a model": ["--model", f"{not_a_model}:model"],
        "truncated pb": ["--graph", _write(tmp_path / "t.pb", _graph_def_bytes()[:37])],
        "garbage pbtxt": ["--graph", str(garbage)],
        "no signatures": ["--saved-model", str(no_sigs)],
        "module import fails": ["--model", f"{broken_module}:model"],
        "missing module": ["--model", "no_such_module_xyz:model"],
        "missing attribute": ["--model", f"{EXAMPLES}/guide_pad.py:nothing_here"],
        "saved model dir is a file": ["--saved-model", str(garbage)],
        "wrong signature": ["--saved-model", str(no_sigs), "--signature", "x"],
    }


def test_bad_inputs_give_one_line_and_exit_2(tmp_path):
    for what, args in _bad_inputs(tmp_path).items():
        result = run("check", *args)
        assert result.exit_code == 2, (what, result.output)
        error_lines = [line for line in result.stderr.splitlines() if "error" in line.lower()]
        assert len(error_lines) == 1, (what, result.output)
        assert "error" not in result.stdout, (what, result.stdout)  # on stderr only, once
        assert "Traceback" not in result.output, what


def test_one_bad_input_does_not_stop_the_others(tmp_path):
    result = run("check", "--graph", str(tmp_path / "missing.pb"),
                 "--model", f"{EXAMPLES}/guide_transpose.py:example2")
    assert result.exit_code == 2
    assert "TFP101" in result.output and "missing.pb" in result.output


def test_usage_errors_exit_2():
    assert run("check").exit_code == 2
    assert run("check", "--model", "x:y", "--target", "tpu9").exit_code == 2
    assert run("check", "--model", "x:y", "--input-shape", "a,b").exit_code == 2
    assert run("check", "--format", "xml").exit_code == 2


def test_rules_and_targets_commands():
    listing = run("rules")
    assert listing.exit_code == 0 and "TFP201" in listing.output and "TFP101" in listing.output
    explain = run("rules", "TFP201")
    assert explain.exit_code == 0 and "Avoid Using tf.pad" in explain.output and "```python" in explain.output
    assert run("rules", "TFP999").exit_code == 2
    targets = run("targets")
    assert all(name in targets.output for name in ("gaudi", "gaudi2", "gaudi3", "a100", "h100", "cpu"))


def test_python_dash_m_and_no_traceback_on_stderr(tmp_path):
    """`python -m tfperf` works, and TensorFlow's start-up log does not reach the user."""
    proc = subprocess.run([sys.executable, "-m", "tfperf", "check", "--graph", str(tmp_path / "x.pb")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") <= 1 and "Traceback" not in proc.stderr, proc.stderr


def test_debug_shows_the_traceback(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('boom')\n")
    proc = subprocess.run([sys.executable, "-m", "tfperf", "check", "--debug", "--model", f"{broken}:m"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" in proc.stderr


def test_python_api_check_a_keras_model():
    import keras

    import tfperf

    inputs = keras.Input((8, 8, 3), batch_size=2)
    x = keras.layers.ZeroPadding2D(1, name="pad")(inputs)
    model = keras.Model(inputs, keras.layers.Conv2D(4, 3, name="conv")(x))
    (finding,) = tfperf.check(model, target="gaudi3")
    assert finding.code == "TFP201" and finding.location.graph.layer == "pad"
    assert tfperf.check(model, select=["TFP1"]) == []
