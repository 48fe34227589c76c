"""`tfperf optimize`: what it writes, what it prints, its exit codes, and bad inputs as one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from click.testing import CliRunner

from tfperf.cli import main
from tfperf.rules.pad.fix import FoldPads

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAD_MODEL = f"{EXAMPLES}/guide_pad.py:not_recommended"
TINY = """
import tensorflow as tf
w = tf.random.stateless_normal([3, 3, 2, 4], seed=[1, 2])

@tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 2], tf.float32)])
def model(x):
    return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 1, "VALID")

@tf.function(input_signature=[tf.RaggedTensorSpec([None, None], tf.float32)])
def ragged(x):
    return x * 2.0
"""


def run(*args: str):
    return CliRunner().invoke(main, ["optimize", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("models") / "tiny.py"
    path.write_text(TINY)
    return str(path)


def test_writes_a_saved_model_and_reports_what_it_did(tiny, tmp_path):
    result = run("--model", f"{tiny}:model", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "fold-pads (TFP201): 1 site" in result.output and "verified on 3 random draws" in result.output
    assert "resolves TFP201 at" in result.output and "tiny.py:7" in result.output
    loaded = tf.saved_model.load(str(tmp_path / "out"))
    x = tf.random.normal([3, 8, 8, 2])
    from tfperf.capture import load_object

    np.testing.assert_allclose(loaded(x), load_object(f"{tiny}:model")(x), rtol=1e-5, atol=1e-5)


def test_json_report_bench_and_grappler(tiny):
    result = run("--model", f"{tiny}:model", "--format", "json", "--bench", "--repeats", "3", "--draws", "1")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)["results"]
    [site] = [s for p in report["passes"] for s in p["sites"]]
    assert site["finding"]["code"] == "TFP201" and isinstance(site["grappler_removes"], bool)
    assert report["verification"]["draws"] == 1 and report["verification"]["max_relative_error"] <= 1e-5
    assert report["bench"]["speedup"] > 0 and report["bench"]["original"]["calls"] == 3
    assert report["nodes"]["after"] == report["nodes"]["before"] - 2 and report["saved_to"] is None


def test_no_verify_says_loudly_what_it_skipped(tiny):
    result = run("--model", f"{tiny}:model", "--no-verify")
    assert result.exit_code == 0
    assert "NOT compared with the original" in result.stderr and "NOT VERIFIED" in result.stdout


def test_string_inputs_cannot_be_verified_but_optimize_without_verification(tmp_path):
    _string_saved_model(tmp_path / "in")
    result = run("--saved-model", str(tmp_path / "in"), "--no-verify", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lengths = tf.saved_model.load(str(tmp_path / "out")).signatures["serving_default"](s=tf.constant(["ab", "xyz"]))
    assert lengths["output_0"].numpy().tolist() == [2, 3]


def test_a_saved_model_round_trips_with_its_signature(tmp_path):
    class Model(tf.Module):
        def __init__(self):
            self.w = tf.Variable(tf.random.normal([5, 3]))

        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="zeta"),
                                      tf.TensorSpec([None, 5], tf.float32, name="alpha")])
        def __call__(self, zeta, alpha):
            return {"b": tf.matmul(alpha, tf.transpose(self.w), transpose_b=True), "a": zeta * 2.0}

    model = Model()
    tf.saved_model.save(model, str(tmp_path / "in"), signatures=model.__call__.get_concrete_function())
    result = run("--saved-model", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "transpose-into-matmul (TFP103): 1 site" in result.output
    original = tf.saved_model.load(str(tmp_path / "in")).signatures["serving_default"]
    optimized = tf.saved_model.load(str(tmp_path / "out")).signatures["serving_default"]
    inputs = {"zeta": tf.random.normal([4, 3]), "alpha": tf.random.normal([4, 5])}
    expected, actual = original(**inputs), optimized(**inputs)
    assert sorted(actual) == ["a", "b"]
    for key in expected:
        np.testing.assert_allclose(actual[key], expected[key], rtol=1e-5, atol=1e-5)


def test_a_verification_failure_writes_nothing_and_exits_1(monkeypatch, tiny, tmp_path):
    import tfperf.rewrite.pipeline as pipeline

    class Wrong(FoldPads):  # "folds" the pad by dropping it
        def sites(self, graph, ctx):
            for site in super().sites(graph, ctx):
                yield type(site)(site.node, site.removes, site.touches, site.description,
                                 lambda edit, site=site: self._drop(edit, site))

        @staticmethod
        def _drop(edit, site):
            edit.bypass(site.node)
            edit.remove_unread([site.node])

    monkeypatch.setattr(pipeline, "passes_for", lambda ctx: [Wrong("TFP201")])
    result = run("--model", f"{tiny}:model", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "pass fold-pads broke it at node Pad" in result.stderr and "Nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def _custom_op_saved_model(path: Path) -> None:
    from tensorflow.core.protobuf import saved_model_pb2

    module = tf.Module()
    module.f = tf.function(lambda x: x + 1.0, input_signature=[tf.TensorSpec([2], tf.float32)])
    tf.saved_model.save(module, str(path), signatures=module.f.get_concrete_function())
    proto = saved_model_pb2.SavedModel()
    proto.ParseFromString((path / "saved_model.pb").read_bytes())
    for function in proto.meta_graphs[0].graph_def.library.function:
        for node in function.node_def:
            if node.op == "AddV2":
                node.op = "MyCustomOp"
    (path / "saved_model.pb").write_bytes(proto.SerializeToString())


def _string_saved_model(path: Path) -> None:
    module = tf.Module()
    module.f = tf.function(lambda s: tf.strings.length(s), input_signature=[tf.TensorSpec([None], tf.string)])
    tf.saved_model.save(module, str(path), signatures=module.f.get_concrete_function())


def test_bad_inputs_give_one_line_and_exit_2(tiny, tmp_path):
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "saved_model.pb").write_bytes(b"\x08\x01garbage" * 10)
    _custom_op_saved_model(tmp_path / "custom")
    _string_saved_model(tmp_path / "strings")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("taken")
    cases = {
        "corrupt SavedModel": (["--saved-model", str(corrupt)], "corrupt"),
        "custom op": (["--saved-model", str(tmp_path / "custom")], "does not know"),
        "string inputs": (["--saved-model", str(tmp_path / "strings")], "cannot draw random values"),
        "ragged inputs": (["--model", f"{tiny}:ragged"], "unsupported signature"),
        "out not empty": (["--model", f"{tiny}:model", "--out", str(tmp_path / "full")], "not empty"),
        "missing": (["--saved-model", str(tmp_path / "nope")], "no such directory"),
    }
    for what, (args, says) in cases.items():
        result = run(*args)
        assert result.exit_code == 2, (what, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("tfperf: error")]
        assert len(errors) == 1 and says in errors[0], (what, result.output)
        assert "Traceback" not in result.output, what


def test_usage_errors_exit_2(tiny):
    assert run().exit_code == 2
    assert run("--model", f"{tiny}:model", "--saved-model", "x").exit_code == 2
    assert run("--model", f"{tiny}:model", "--target", "tpu9").exit_code == 2
    assert run("--model", f"{tiny}:model", "--mme-reductions=sometimes").exit_code == 2


def test_importing_the_api_does_not_import_tensorflow():
    code = ("import sys, tfperf, tfperf.rewrite, tfperf.report.optimize; tfperf.optimize; "
            "print('tensorflow' in sys.modules or 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_input_range_option(tiny):
    ok = run("--model", f"{tiny}:model", "--input-range", "0:255", "--draws", "1")
    assert ok.exit_code == 0, ok.output
    for bad in ("5", "x=3:1", "a:b"):
        result = run("--model", f"{tiny}:model", "--input-range", bad)
        assert result.exit_code == 2 and "bad --input-range" in result.output, (bad, result.output)
