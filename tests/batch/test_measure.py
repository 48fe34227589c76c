"""`tfperf batch --measure`'s runs: a run out of memory is over the budget to the search, other
failures are one error line; the text report names it."""

from __future__ import annotations

import signal
import subprocess

import pytest

from tfperf.batch import measure
from tfperf.report.batch import _measured_line, _searched


def _done(returncode: int, stdout: str = "", stderr: str = "") -> subprocess.CompletedProcess:
    return subprocess.CompletedProcess([], returncode, stdout, stderr)


def test_a_child_out_of_memory_is_over_the_budget_and_any_other_failure_an_error():
    assert measure._outcome(_done(-signal.SIGKILL), 512) == {"out_of_memory": True}, "the OOM killer"
    assert measure._outcome(_done(0, 'noise\n{"out_of_memory": true}\n'), 512) == {"out_of_memory": True}
    assert measure._outcome(_done(0, '{"bytes": 10, "source": "s", "seconds": 1.0}\n'), 512)["bytes"] == 10
    with pytest.raises(RuntimeError, match=r"^measuring batch 512 here failed \(exit 1\): ValueError: bad$"):
        measure._outcome(_done(1, "", "Traceback (most recent call last):\nValueError: bad\n"), 512)


def test_the_child_answers_out_of_memory_when_tensorflow_cannot_allocate(tmp_path, monkeypatch):
    """A step that asks for a terabyte: TensorFlow's ResourceExhaustedError, caught in the child."""
    (tmp_path / "huge.py").write_text(
        "import keras\n\n\ndef model():\n"
        "    x = keras.Input((4,))\n"
        "    return keras.Model(x, keras.layers.Lambda(lambda t: keras.ops.tile(t, [1, 2 ** 38]))(x))\n")
    monkeypatch.chdir(tmp_path)
    request = {"spec": f"{tmp_path}/huge.py:model", "inputs": [[[1, 4], "float32"]], "labels": [], "train": False,
               "precision": None, "runs": 1, "cwd": str(tmp_path)}
    assert measure._child(request) == {"out_of_memory": True}


def test_the_report_names_a_run_out_of_memory():
    line = _searched({"budget_bytes": 2 ** 30, "batch": 96, "runs": [
        {"batch": 128, "measured_bytes": None, "out_of_memory": True},
        {"batch": 96, "measured_bytes": 900 * 2 ** 20, "out_of_memory": False}]})
    assert "batch 96, from 2 run(s): 128 (out of memory), 96 (" in line


def test_the_report_splits_the_measured_peaks_into_fixed_and_per_sample_memory_beside_the_model():
    mib, kib = 2 ** 20, 2 ** 10
    rows = [{"batch": 1032, "measured_bytes": 67 * mib + 1032 * 300 * kib, "predicted_bytes": 1032 * 400 * kib},
            {"batch": 8, "measured_bytes": 67 * mib + 8 * 300 * kib, "predicted_bytes": 8 * 400 * kib}]
    assert _measured_line(rows) == (
        "here       67.0 MiB + 300.0 KiB per sample (the line through the peaks at batches 8 and 1,032), against the "
        "model's 0 B + 400.0 KiB; a fixed part above the model's is memory TensorFlow's kernels here take for "
        "themselves (workspaces), which no step model prices")


def test_the_child_runs_on_the_allocator_that_keeps_statistics_unless_the_user_chose_one(monkeypatch):
    monkeypatch.delenv("TF_CPU_ALLOCATOR_USE_BFC", raising=False)
    assert measure._child_environment()["TF_CPU_ALLOCATOR_USE_BFC"] == "true"
    monkeypatch.setenv("TF_CPU_ALLOCATOR_USE_BFC", "false")
    assert measure._child_environment()["TF_CPU_ALLOCATOR_USE_BFC"] == "false"
