"""keras.applications ResNet50, MobileNetV2 and EfficientNetB0 (weights=None, small inputs): the
optimized SavedModel has no pad left in front of a conv/pool, computes what the model computes,
and loads and runs in a fresh Python process with plain tf.saved_model.load."""

from __future__ import annotations

import json
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfperf.capture import from_saved_model
from tfperf.rewrite import optimize
from tfperf.rules.pad.graph import AVG_POOLS, CONVS, MAX_POOLS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("keras_models")]  # one worker builds the models once

MODELS = {
    "resnet50": lambda: keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3)),
    "mobilenet_v2": lambda: keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3)),
    "efficientnet_b0": lambda: keras.applications.EfficientNetB0(weights=None, input_shape=(64, 64, 3)),
}
EXPECTED_FOLDS = {"resnet50": 2, "mobilenet_v2": 4, "efficientnet_b0": 5}


@pytest.fixture(scope="module")
def optimized(tmp_path_factory):
    """name -> (model, optimized, SavedModel dir); the batch dimension stays open, as in the models."""
    out = {}
    for name, build in MODELS.items():
        model = build()
        result = optimize(model, draws=2)
        directory = tmp_path_factory.mktemp("saved") / name
        result.save(str(directory))
        out[name] = (model, result, str(directory))
    return out


@pytest.mark.parametrize("name", MODELS)
def test_every_pad_before_a_conv_or_pool_is_folded_and_verified(optimized, name):
    model, result, _ = optimized[name]
    [fold] = [p for p in result.report.passes if p.name == "fold-pads"]
    assert len(fold.sites) == EXPECTED_FOLDS[name]
    assert all(s.finding is not None and s.finding.location.graph.layer.endswith("pad") for s in fold.sites)
    assert result.report.verification.max_error <= 1e-5
    assert result.report.nodes[1] == result.report.nodes[0] - 2 * EXPECTED_FOLDS[name]  # each Pad and its paddings


@pytest.mark.parametrize("name", MODELS)
def test_the_saved_model_has_no_pad_feeding_a_conv_or_pool(optimized, name):
    [graph] = from_saved_model(optimized[name][2], "serving_default")
    for pad in graph.by_op("Pad", "PadV2"):
        readers = {c.op for c, _ in graph.consumers(pad)}
        assert not readers & (CONVS | MAX_POOLS | AVG_POOLS), (pad.name, readers)
    assert any(n.op in CONVS for n in graph)  # the convolutions themselves are there


@pytest.mark.parametrize("name", MODELS)
def test_outputs_match_the_model_on_fresh_random_inputs(optimized, name):
    model, result, _ = optimized[name]
    for batch in (2, 3):
        x = tf.random.normal([batch, *model.input_shape[1:]])
        expected, actual = model(x, training=False).numpy(), result(x).numpy()
        assert actual.shape == expected.shape and not np.isnan(actual).any()
        assert np.max(np.abs(actual - expected)) <= 1e-5 * np.max(np.abs(expected))


LOAD_AND_RUN = """
import json, sys
import numpy as np, tensorflow as tf
results = {}
for name, directory, path in json.loads(sys.argv[1]):
    loaded = tf.saved_model.load(directory)
    x = np.load(path)
    results[name] = [loaded(x).numpy().tolist(), loaded.signatures["serving_default"](input_0=x)["output_0"].numpy().tolist()]
assert "tfperf" not in sys.modules
print(json.dumps(results))
"""


def test_the_saved_models_load_and_run_in_a_fresh_process_without_tfperf(optimized, tmp_path):
    jobs, inputs = [], {}
    for name, (model, _, directory) in optimized.items():
        inputs[name] = np.random.default_rng().standard_normal([2, *model.input_shape[1:]]).astype(np.float32)
        np.save(tmp_path / f"{name}.npy", inputs[name])
        jobs.append((name, directory, str(tmp_path / f"{name}.npy")))
    run = subprocess.run([sys.executable, "-c", LOAD_AND_RUN, json.dumps(jobs)], capture_output=True, text=True,
                         cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])
    for name, (model, _, _) in optimized.items():
        expected = model(inputs[name], training=False).numpy()
        for got in results[name]:  # obj(x) and the serving signature
            got = np.asarray(got, np.float32)
            assert got.shape == expected.shape
            assert np.max(np.abs(got - expected)) <= 1e-5 * np.max(np.abs(expected))
