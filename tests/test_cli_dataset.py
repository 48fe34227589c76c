"""`tfperf check --dataset` and `tfperf data --dataset`: findings and exit codes, measurements,
bad inputs as one line with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from tfperf.cli import main

PIPELINES = """\
import time
import tensorflow as tf

def _slow(x):
    time.sleep(0.005)
    return x

def slow():
    ds = tf.data.Dataset.range(10_001)  # a last batch of 1
    ds = ds.map(lambda x: tf.py_function(_slow, [x], tf.int64))
    return ds.batch(8)

good = tf.data.Dataset.range(64).batch(8, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
not_a_dataset = 3

def broken():
    return tf.data.Dataset.from_tensor_slices(["x"]).map(lambda s: tf.strings.to_number(s, tf.float32))
"""


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "pipelines.py"
    path.write_text(PIPELINES, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_check_dataset_reports_the_pipeline_rules(module):
    result = run("check", "--dataset", f"{module}:slow", "--target", "gaudi2")
    assert result.exit_code == 1, result.output
    assert f"{module}:10:" in result.output and "TFP404" in result.output  # the sequential py_function map
    assert "TFP405" in result.output and "TFP403" in result.output
    assert "cost unknown" not in result.output  # pipelines are measured (tfperf data), not priced
    clean = run("check", "--dataset", f"{module}:good", "--target", "cpu")
    assert clean.exit_code == 0, clean.output


def test_check_dataset_bad_input_is_one_line_and_the_others_still_run(module):
    result = run("check", "--dataset", f"{module}:not_a_dataset", "--dataset", f"{module}:slow", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert any(f["code"] == "TFP404" for f in report["findings"])
    (error,) = report["errors"]
    assert "not a tf.data.Dataset" in error["message"] and "\n" not in error["message"]


def test_data_measures_the_pipeline_and_its_stages(module):
    result = run("data", "--dataset", f"{module}:slow", "--seconds", "2", "--format", "json", "--finalize")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overall"]["elements"] > 0 and report["overall"]["examples_per_second"] > 0
    assert [s["stage"].split("(")[0] for s in report["stages"]] == [".range", ".map", ".batch"]
    assert report["slowest"].startswith(".map")
    assert report["finalized"]["examples"] > 0 and report["finalized"]["changes"]
    text = run("data", "--dataset", f"{module}:slow", "--seconds", "1")
    assert text.exit_code == 0 and "<- slowest" in text.output and "examples/s" in text.output


@pytest.mark.parametrize("attr, message", [
    ("not_a_dataset", "not a tf.data.Dataset"),
    ("broken", "iterating the dataset failed: InvalidArgumentError"),
    ("missing", "has no attribute"),
])
def test_data_bad_input_is_one_line(module, attr, message):
    result = CliRunner().invoke(main, ["data", "--dataset", f"{module}:{attr}", "--seconds", "0.5"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_the_example_pipelines():
    """Run as users run it, in a process of its own (the recommended pipeline prefetches to an HPU,
    which TensorFlow may refuse to build once other tests have traced some functions)."""
    root = Path(__file__).resolve().parents[1]
    example = root / "examples" / "input_pipeline.py"

    def check(attr):
        return subprocess.run([sys.executable, "-m", "tfperf", "check", "--dataset", f"{example}:{attr}",
                               "--format", "json"], capture_output=True, text=True, cwd=root)

    bad, good = check("not_recommended"), check("recommended")
    assert bad.returncode == 1, bad.stderr
    report = json.loads(bad.stdout)
    assert {f["code"] for f in report["findings"]} == {"TFP401", "TFP403", "TFP404", "TFP405"}
    schema = root / "src" / "tfperf" / "report" / "tfperf-report.schema.json"
    jsonschema.validate(report, json.loads(schema.read_text(encoding="utf-8")))
    assert good.returncode == 0, good.stdout + good.stderr
