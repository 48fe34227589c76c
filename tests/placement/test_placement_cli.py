"""`tfperf placement` as a CI gate (--allow-host, [tool.tfperf] allow-host), and a run on this machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tfperf.cli import main

HOST_OPS = ("AsString", "StringToNumber", "EagerPyFunc", "PyFunc")
MODEL = """\
import tensorflow as tf

w = tf.random.stateless_normal([16, 16], seed=[1, 2])

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(tf.matmul(x, w))
    back = tf.strings.to_number(tf.strings.as_string(h, precision=2))
    doubled = tf.py_function(lambda t: t * 2.0, [h], tf.float32)
    plus = tf.numpy_function(lambda t: t + 1.0, [back], tf.float32)
    return tf.matmul(doubled + tf.reshape(plus, [8, 16]), w)
"""


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "host_ops.py"
    path.write_text(MODEL)
    return f"{path}:model"


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def test_allow_host_exit_codes(model):
    everything = run("placement", "--model", model, "--allow-host", "AsString,StringToNumber",
                     "--allow-host", "EagerPyFunc,PyFunc")
    assert everything.exit_code == 0, everything.output
    assert "no op on the host (4 allowed)" in everything.output
    one_missing = run("placement", "--model", model, "--allow-host", "AsString,StringToNumber,EagerPyFunc")
    assert one_missing.exit_code == 1 and "PyFunc" in one_missing.output
    assert run("placement", "--model", model).exit_code == 1


def test_allow_host_from_pyproject(model, tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tfperf]\ntarget = "gaudi2"\nallow-host = ["AsString", "StringToNumber", "EagerPyFunc", "PyFunc"]\n')
    assert run("placement", "--model", model, cwd=tmp_path).exit_code == 0
    assert run("check", "--model", model, "--select", "TFP501", cwd=tmp_path).exit_code == 0
    # the command line overrides the file
    assert run("placement", "--model", model, "--allow-host", "PyFunc", cwd=tmp_path).exit_code == 1


def test_check_reports_tfp501_with_lines(model):
    result = run("check", "--model", model, "--select", "TFP5", "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert result.exit_code == 1
    ops = sorted(f["locations"][0]["graph"]["op"] for f in findings)
    assert ops == sorted(HOST_OPS)
    lines = {f["locations"][0]["graph"]["op"]: f["locations"][0]["source"]["line"] for f in findings}
    assert lines == {"AsString": 8, "StringToNumber": 8, "EagerPyFunc": 9, "PyFunc": 10}


def test_run_without_an_accelerator_predicts_and_says_so(model):
    result = run("placement", "--model", model, "--run", "--format", "json")
    [graph] = json.loads(result.output)["graphs"]
    assert graph["source"] == "op-list"
    assert any("no accelerator" in note for note in graph["notes"])


def test_run_on_this_machine_reads_the_placement_tensorflow_chose(model):
    """With XLA's CPU device enabled this machine has a second device: the run asks every op onto it,
    and TensorFlow's soft placement moves those it has no kernel for to the CPU."""
    env = dict(os.environ, TF_XLA_FLAGS="--tf_xla_enable_xla_devices")
    proc = subprocess.run([sys.executable, "-m", "tfperf", "placement", "--model", model, "--run", "--format", "json"],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1, proc.stderr
    [graph] = json.loads(proc.stdout)["graphs"]
    assert graph["source"] == "run" and graph["device"] == "XLA_CPU"
    assert sorted(g["op"] for g in graph["host_ops"]) == sorted(HOST_OPS)
    crossings = {(c["tensor"], c["to"]) for g in graph["host_ops"] for c in g["crossings"]}
    assert crossings == {("Relu", "host"), ("EagerPyFunc", "device"), ("PyFunc", "device")}
