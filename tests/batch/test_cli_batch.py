"""`tfperf batch`: the report, the JSON curves, the exit codes, bad input as one line, --measure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tfperf.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMALL_CNN = f"{EXAMPLES}/batch_size.py:small_cnn"


def run(*args: str):
    return CliRunner().invoke(main, ["batch", *args], catch_exceptions=False)


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("tfperf: error:")]


def test_json_carries_the_curves_and_a_far_batch_exits_1():
    result = run("--model", SMALL_CNN, "--train", "--batch-size", "2", "--target", "gaudi2", "--format", "json")
    assert result.exit_code == 1, result.output
    advice = json.loads(result.stdout)["results"][0]
    assert advice["mode"] == "training" and advice["current"] == 2
    assert len(advice["curve"]) >= 5 and {"batch", "step_seconds", "samples_per_second", "peak_bytes"} <= \
        set(advice["curve"][0])
    assert advice["recommended"] == min(limit["batch"] for limit in advice["limits"])
    assert any("under a quarter" in reason for reason in advice["far_from_advice"])
    assert "Goyal" in advice["learning_rate"]


def test_text_names_the_binding_limit():
    result = run("--model", SMALL_CNN, "--train", "--target", "gaudi2", "--devices", "16", "--critical-batch", "1024")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert "batch 64 per device, set by convergence at 16 devices" in first
    assert "convergence" in result.stdout and "<- recommended" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--model", f"{EXAMPLES}/batch_size.py:fixed_batch", "--train"], "the batch is fixed in the graph at 32"),
    (["--model", SMALL_CNN, "--train", "--latency-ms", "5"], "--latency-ms is for inference"),
    (["--model", f"{EXAMPLES}/guide_pad.py:recommended"], "its batch cannot be varied"),
    (["--model", SMALL_CNN, "--train", "--memory-budget", "64"], "--memory-budget is searched by running the model"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert len(_errors(result)) == 1 and message in _errors(result)[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_measure_puts_this_machine_beside_the_model():
    """Three batch sizes run here, each in a fresh process: TensorFlow's allocator peak is close to the
    step model's peak for the same graph where the batch is large enough for the allocator to count.
    With --memory-budget, at most 3 more runs find a batch whose measured peak is within it. (On this
    CPU the training step's convolution gradients take some 70 MiB of workspace at any batch: the
    budget leaves room above that.)"""
    result = run("--model", SMALL_CNN, "--train", "--target", "cpu", "--measure", "--memory-budget", "256",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    advice = json.loads(result.stdout)["results"][0]
    search = advice["search"]
    assert search["budget_bytes"] == 256 * 2 ** 20 and 1 <= len(search["runs"]) <= 3
    rows = advice["measured"]
    assert 2 <= len(rows) <= 3 and all(row["measured_bytes"] > 0 and row["measured_seconds"] > 0 for row in rows)
    largest = max(rows, key=lambda row: row["batch"])
    assert largest["memory_source"] == "TensorFlow's allocator", "the child runs on the BFC allocator, which counts"
    assert 0.5 <= largest["measured_bytes"] / largest["predicted_bytes"] <= 2.0
    confirmed = [r["measured_bytes"] for r in search["runs"] if r["batch"] == search["batch"]]
    assert confirmed and confirmed[0] <= search["budget_bytes"], "the answer is a batch that ran within the budget"
    assert search["batch"] > 64, "256 MiB holds far more than the smallest batches"
    assert largest["predicted_seconds"] is not None, "a CPU target: the times are comparable"
