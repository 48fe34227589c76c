"""`tfperf estimate` and `tfperf.estimate`: happy paths, JSON, trace file, bad input as one line."""

from __future__ import annotations

import json
from importlib import resources

import keras
import pytest
from click.testing import CliRunner

import tfperf
from tfperf.cli import main

MODEL = """\
import keras

def model():
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(8, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.Flatten()(x)
    return keras.Model(inputs, keras.layers.Dense(10, name="head")(x))

def compiled():
    m = model()
    m.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return m
"""


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def module(tmp_path):
    path = tmp_path / "estimate_model.py"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_estimate_text_report(module):
    result = run("estimate", "--model", f"{module}:model", "--batch-size", "16", "--target", "gaudi2")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "on gaudi2" in out and "batch 16" in out and "samples/s" in out
    assert "mme" in out and "tpc" in out and "memory" in out and "all" in out
    assert "Conv2D in layer conv" in out


def test_estimate_json_train_and_trace(module, tmp_path):
    trace = tmp_path / "step.json"
    result = run("estimate", "--model", f"{module}:compiled", "--train", "--batch-size", "4", "--target", "a100",
                 "--format", "json", "--trace", str(trace))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (est,) = data["estimates"]
    assert est["target"] == "a100" and est["batch"] == 4 and est["memory"]["training"]
    assert est["step_seconds"] > 0 and est["samples_per_second"] == pytest.approx(4 / est["step_seconds"])
    assert est["unknown"]["ops"] == 0 and {e["lane"] for e in est["engines"]} >= {"sm"}
    events = json.loads(trace.read_text())["traceEvents"]
    assert any(e["ph"] == "X" for e in events)


def test_bad_inputs_are_one_line_and_exit_2(module, tmp_path):
    for args in (["estimate"],
                 ["estimate", "--model", f"{module}:model", "--target", "tpu9"],
                 ["estimate", "--model", f"{module}:model", "--target", str(tmp_path / "missing.toml")],
                 ["estimate", "--model", f"{module}:nothing_here"],
                 ["estimate", "--saved-model", str(tmp_path / "no_such_dir")],
                 ["estimate", "--model", f"{module}:model", "--input-shape", "8,x"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        errors = [line for line in result.output.splitlines() if line.startswith("tfperf: error:")]
        assert len(errors) == 1, (args, result.output)


def test_python_api_takes_a_keras_model_and_a_target_file(tmp_path):
    target = tmp_path / "mine.toml"
    target.write_text((resources.files("tfperf.targets") / "data" / "cpu.toml").read_text())
    model = keras.Sequential([keras.Input((32,), batch_size=8), keras.layers.Dense(16)])
    result = tfperf.estimate(model, target=str(target))
    assert result.target.name == "mine" and result.target.path == str(target)
    assert result.batch == 8 and result.step_seconds > 0
    with pytest.raises(ValueError, match="one of"):
        tfperf.estimate(model, graph_def="x.pb")


def test_graphdef_and_saved_model_inputs(tmp_path):
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec([8, 64])])
    def f(x):
        return tf.nn.relu(tf.linalg.matmul(x, tf.ones([64, 32])))

    tf.io.write_graph(f.get_concrete_function().graph.as_graph_def(), str(tmp_path), "g.pbtxt")
    result = run("estimate", "--graph", str(tmp_path / "g.pbtxt"), "--target", "a100", "--format", "json")
    assert result.exit_code == 0, result.output
    (est,) = json.loads(result.output)["estimates"]
    assert est["unknown"]["ops"] == 0 and est["batch"] == 8
    assert any(o["op"] == "MatMul" for o in est["top_ops"])

    model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(8)])
    model.export(str(tmp_path / "export"), verbose=False)
    result = run("estimate", "--saved-model", str(tmp_path / "export"))
    assert result.exit_code == 0, result.output
    assert "left out of the step time" in result.output  # the batch dim is open: unknown, not guessed
