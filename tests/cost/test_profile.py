"""Real profiles beside predictions: `--profile LOGDIR` reads what tf.profiler.experimental wrote
during these tests (a Keras model and a tf.function run here), matches its ops to the graph's nodes,
and puts the measured times beside the predicted ones: per op, per op class, per finding. Bad
profiles are one line and exit 2."""

from __future__ import annotations

import json

import pytest
import tensorflow as tf
from click.testing import CliRunner

import tfperf
from tfperf.capture.profile import ProfileError, read_profile
from tfperf.cli import main

pytestmark = pytest.mark.xdist_group("profiles")  # one profiler per process at a time

MODEL = """\
import keras

def model():
    inputs = keras.Input((32, 32, 3), batch_size=8)
    x = keras.layers.Conv2D(16, 3, name="conv")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    return keras.Model(inputs, keras.layers.Dense(10, name="head")(x))
"""
TRANSPOSE = "examples/guide_transpose.py:example2"
CALLS = 3


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _profile(logdir, fn, *args) -> str:
    fn(*args)  # trace and warm up outside the profile
    tf.profiler.experimental.start(str(logdir))
    for _ in range(CALLS):
        fn(*args)
    tf.profiler.experimental.stop()
    return str(logdir)


@pytest.fixture(scope="module")
def keras_run(tmp_path_factory):
    """A module file defining the model, and a profile of CALLS calls of it (its own tf.function)."""
    directory = tmp_path_factory.mktemp("keras_profile")
    path = directory / "profiled_model.py"
    path.write_text(MODEL, encoding="utf-8")
    namespace: dict = {}
    exec(compile(MODEL, str(path), "exec"), namespace)
    model = namespace["model"]()
    step = tf.function(lambda x: model(x, training=False))
    return path, _profile(directory / "logdir", step, tf.random.normal([8, 32, 32, 3]))


@pytest.fixture(scope="module")
def transpose_run(tmp_path_factory):
    from importlib import util

    spec = util.spec_from_file_location("guide_transpose_profiled", "examples/guide_transpose.py")
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return _profile(tmp_path_factory.mktemp("transpose_profile"), module.example2, tf.random.normal([32, 8000, 64]))


def test_the_profile_holds_the_step_function_and_its_ops(keras_run):
    _, logdir = keras_run
    profile = read_profile(logdir)
    assert profile.steps == CALLS and profile.step_seconds > 0
    assert profile.ops and all(op.seconds > 0 and op.count >= CALLS for op in profile.ops.values())
    assert profile.lanes == [] and profile.device is None  # this TensorFlow runs on the CPU only


def test_estimate_puts_measured_times_beside_predicted_ones(keras_run):
    path, logdir = keras_run
    result = tfperf.estimate(f"{path}:model", target="cpu", profile=logdir)
    m = result.measured
    assert m.profile.steps == CALLS and m.step_error is not None
    assert m.matched_share > 0.9  # the graph traced by tfperf names its ops as the profiled run did
    measured_classes = {row.name for row in m.by_class if row.measured > 0}
    assert "matrix" in measured_classes and "reduction" in measured_classes
    pool = next(c for c in result.costs if c.node.op == "Mean")
    assert m.by_node[(pool.node.function, pool.node.name)].kernel == "Mean"


def test_estimate_cli_text_and_json_show_the_profile(keras_run):
    path, logdir = keras_run
    text = run("estimate", "--model", f"{path}:model", "--target", "cpu", "--profile", logdir)
    assert text.exit_code == 0, text.output
    assert f"{CALLS} calls of" in text.output and "per op class, predicted / measured" in text.output
    assert "; measured " in text.output  # beside the top ops
    assert "no device planes" in text.output
    doc = json.loads(run("estimate", "--model", f"{path}:model", "--target", "cpu", "--profile", logdir,
                         "--format", "json").output)
    measured = doc["estimates"][0]["measured"]
    assert measured["steps"] == CALLS and measured["step_seconds"] > 0
    assert {row["class"] for row in measured["by_class"]} >= {"matrix", "reduction"}


def test_check_gives_each_finding_its_measured_time(transpose_run):
    result = run("check", "--model", TRANSPOSE, "--target", "cpu", "--profile", transpose_run, "--format", "json")
    [finding] = json.loads(result.output)["findings"]
    assert finding["code"] == "TFP101"
    assert finding["step"]["measured_seconds"] > 0 and finding["step"]["saving_seconds"] > 0
    text = run("check", "--model", TRANSPOSE, "--target", "cpu", "--profile", transpose_run).output
    assert "in the profile" in text


def test_the_html_report_shows_the_measured_step_beside_the_predicted_one(transpose_run, tmp_path):
    import base64
    import gzip
    import re

    out = tmp_path / "report.html"
    run("check", "--model", TRANSPOSE, "--target", "cpu", "--profile", transpose_run, "--format", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert "Measured (--profile) beside predicted" in page and "in the profile" in page

    def figure(key):
        [packed] = re.findall(f'data-for="chart-{key}-0">([^<]*)<', page)
        return json.loads(gzip.decompress(base64.b64decode(packed)))

    predicted, measured = figure("measured")["data"]
    assert "transpose" in predicted["x"] and predicted["x"] == measured["x"] and max(measured["y"]) > 0
    # the last profiled step, op by op: the transpose kernel is on it, named by node and kernel
    bars = [(label, lane) for trace in figure("measured-timeline")["data"] for label, lane in zip(trace["text"], trace["y"])]
    assert any(label.lower().endswith("transpose") for label, _ in bars)  # oneDNN runs _MklTranspose
    assert all(lane.startswith("host:CPU/") for _, lane in bars)


@pytest.mark.parametrize("content", [None, b"", b"\x08\x96\x01 this is not a profile \xff\xfe"])
def test_a_missing_empty_or_corrupt_profile_is_one_line_and_exit_2(tmp_path, content):
    logdir = tmp_path / "logdir"
    if content is not None:
        run_dir = logdir / "plugins" / "profile" / "2026_01_01_00_00_00"
        run_dir.mkdir(parents=True)
        (run_dir / "host.xplane.pb").write_bytes(content)
    with pytest.raises(ProfileError):
        read_profile(str(logdir))
    result = CliRunner().invoke(main, ["estimate", "--model", TRANSPOSE, "--profile", str(logdir)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("tfperf: error: --profile ")


def test_a_directory_without_a_profile_says_how_to_make_one(tmp_path):
    with pytest.raises(ProfileError, match="tf.profiler.experimental.start"):
        read_profile(str(tmp_path))
