"""A fix whose edits make code that does not parse costs only itself: the file's other fixes are
applied, the failed one is named in one line on stderr (an error record with code TFP001 in JSON
and SARIF), its finding keeps an advisory fix that says why, and `--fix` and `--diff` both exit 2.
Seen on held-out set 3: a TFP702 line between a decorator and its `def` made tfperf leave
tensorflow-recommenders' ranking_test.py unchanged, its exact TFP401 fix with it."""

from __future__ import annotations

import ast
import json

import pytest
from click.testing import CliRunner

from conftest import TF_WITHOUT_DEFAULTS
from tfperf.cli import main
from tfperf.findings import FIX_FAILED, Safety, TextEdit
from tfperf.rules.mixed_precision.source import MixedPrecisionPolicySource
from tfperf.source import fix_text
from tfperf.source.linter import fixed

CODE = """\
import tensorflow as tf


def train(model):
    dataset = tf.data.Dataset.from_tensor_slices(([1.0], [2.0])).batch(1)
    model.fit(dataset.repeat(), epochs=1, steps_per_epoch=5)
    net = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    net.compile(loss="mse")


if __name__ == "__main__":  # a program: in a library TFP702 is info, with advice only
    train(load_model())
"""
PREFETCHED = CODE.replace("model.fit(dataset.repeat(),", "model.fit(dataset.repeat().prefetch(tf.data.AUTOTUNE),")


@pytest.fixture
def broken_policy_line(monkeypatch):
    """TFP702's insertion made unbalanced (a rule bug stood in for)."""

    def line_before(self, stmt, text):
        return TextEdit(self.file.path, stmt.lineno, 1, stmt.lineno, 1, f"    {text[:-1]}\n")

    monkeypatch.setattr(MixedPrecisionPolicySource, "_line_before", line_before)


def test_the_other_fixes_are_applied_and_the_failed_one_becomes_advice_that_says_why(broken_policy_line):
    result = fixed(CODE, "train.py", unsafe_fixes=True)
    assert result.text == PREFETCHED and result.applied == 1
    ast.parse(result.text)
    [failed] = [f for f in result.findings if f.code == "TFP702"]
    assert failed.fix.safety is Safety.ADVISORY and not failed.fix.edits
    assert "(not applied: it made code that does not parse (" in failed.fix.description
    [failure] = result.failures
    assert failure.code == FIX_FAILED and failure.path == "train.py"
    assert failure.message.startswith("line 7: the TFP702 fix was left out: it made code that does not parse (")
    assert fix_text(CODE, "train.py", unsafe_fixes=True)[0] == PREFETCHED


def test_a_sound_fix_reports_no_failure():
    result = fixed(CODE, "train.py", unsafe_fixes=True)
    assert result.failures == [] and result.applied == 2
    assert 'tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")\n    net =' in result.text


@pytest.mark.parametrize("mode", ["--fix", "--diff"])
def test_fix_and_diff_exit_2_name_the_failed_fix_once_and_keep_the_others(broken_policy_line, tmp_path, mode):
    path = tmp_path / "train.py"
    path.write_text(CODE)
    result = CliRunner().invoke(main, ["check", str(path), mode, "--unsafe-fixes", "-j", "1", "--no-cache",
                                       "--tensorflow-version", TF_WITHOUT_DEFAULTS])  # (it adds no prefetch itself)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if "TFP702 fix was left out" in line]
    assert len(lines) == 1 and lines[0].startswith(f"tfperf: error: {path}: line 7: the TFP702 fix was left out")
    if mode == "--fix":
        assert path.read_text() == PREFETCHED
        assert "1 fix could not be applied (one line each on stderr)." in result.stdout
    else:
        assert path.read_text() == CODE
        assert "+    model.fit(dataset.repeat().prefetch(tf.data.AUTOTUNE)" in result.stdout


def test_the_json_report_carries_the_failure_as_an_error_record(broken_policy_line, tmp_path):
    path = tmp_path / "train.py"
    path.write_text(CODE)
    result = CliRunner().invoke(main, ["check", str(path), "--fix", "--unsafe-fixes", "-j", "1", "--no-cache",
                                       "--format", "json"])
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    [error] = report["errors"]
    assert error["code"] == FIX_FAILED and error["path"] == str(path)
    [finding] = [f for f in report["findings"] if f["code"] == "TFP702"]
    assert finding["fix"]["safety"] == "advisory" and "not applied" in finding["fix"]["description"]
