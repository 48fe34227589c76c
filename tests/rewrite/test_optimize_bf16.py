"""`tfperf optimize --bf16`: opt-in, what it converts, verified within its stated tolerance (the exact
passes before it still exactly), weights stored in bfloat16 once, saved and reloaded, and refused
in one line when the rounding exceeds the tolerance."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from click.testing import CliRunner

from tfperf.cli import main
from tfperf.ir import Graph
from tfperf.rewrite import VerificationFailed, optimize
from tfperf.rewrite.freeze import freeze
from tfperf.rewrite.passes import Pass, Site
from tfperf.rewrite.pipeline import BF16_TOLERANCE, Sample, Step, _verify
from tfperf.rewrite.rebuild import Rebuilt
from tfperf.rewrite.verify import argmax_agreement
from tfperf.rules.base import CheckContext
from tfperf.targets import load

BATCH = 8
CNN = """
import keras

def model():
    inputs = keras.Input((28, 28, 64))
    x = keras.layers.ZeroPadding2D(1)(inputs)
    x = keras.layers.Conv2D(128, 3, padding="valid", use_bias=False)(x)
    x = keras.layers.Activation("relu")(keras.layers.BatchNormalization()(x))
    y = keras.layers.Conv2D(128, 3, padding="same", activation="relu")(x)
    x = keras.layers.Add()([x, y])
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
"""


@pytest.fixture(scope="module")
def cnn_path(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("amp") / "cnn.py"
    path.write_text(CNN)
    return str(path)


@pytest.fixture(scope="module")
def converted(cnn_path):
    from tfperf.capture import load_object

    return optimize(load_object(f"{cnn_path}:model"), origin="cnn", batch_size=BATCH, target="gaudi2", bf16=True)


def passes(result) -> dict:
    return {p.name: p for p in result.report.passes}


def test_mixed_precision_is_opt_in(cnn_path):
    from tfperf.capture import load_object

    result = optimize(load_object(f"{cnn_path}:model"), origin="cnn", batch_size=BATCH, target="gaudi2")
    assert "mixed-precision" not in passes(result) and not result.report.verification.numerics
    assert result.report.verification.tolerance == 1e-5


def test_converts_and_verifies_within_the_stated_tolerance(converted):
    found = passes(converted)
    assert "fold-pads" in found, "the exact pass still runs"
    [site] = found["mixed-precision"].sites
    assert "ops in bfloat16" in site.description and "Conv2D x2" in site.description
    assert site.finding is not None and site.finding.code == "TFP701"
    v = converted.report.verification
    assert v.numerics and v.tolerance == BF16_TOLERANCE == 2 ** -4
    assert 0 < v.max_error < BF16_TOLERANCE, "bfloat16 rounds: never exact, within the tolerance"
    before, after = converted.report.predicted.before, converted.report.predicted.after
    assert after < before, "kept because the step model prices it faster on gaudi2"


def test_weights_are_stored_in_bfloat16_and_results_keep_their_dtype(converted):
    dtypes = {v.dtype for v in converted.rebuilt.variables.values()}
    assert tf.bfloat16 in dtypes, "the convolutions' kernels are stored 16-bit once"
    graph_def = converted.rebuilt.frozen.graph_def
    weight_casts = [n for n in graph_def.node if n.op == "Cast" and n.input[0] in converted.rebuilt.frozen.weights]
    assert weight_casts == [], "no weight is cast per call"
    x = tf.random.normal([BATCH, 28, 28, 64])
    out = converted(x)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out, converted.original(x), atol=BF16_TOLERANCE * float(tf.reduce_max(out)))


def test_saved_model_reloads_without_tfperf(converted, tmp_path):
    converted.save(str(tmp_path / "bf16"))
    loaded = tf.saved_model.load(str(tmp_path / "bf16"))
    x = tf.random.normal([BATCH, 28, 28, 64])
    assert loaded(x).dtype == tf.float32
    np.testing.assert_allclose(loaded(x), converted(x), rtol=1e-6, atol=1e-7)


def test_rounding_beyond_the_tolerance_writes_nothing(cnn_path):
    from tfperf.capture import load_object

    with pytest.raises(VerificationFailed, match="--bf16-tolerance accepts more"):
        optimize(load_object(f"{cnn_path}:model"), origin="cnn", batch_size=BATCH, target="gaudi2", bf16=True,
                 bf16_tolerance=1e-9)


class _Scale(Pass):
    """A wrong "exact" pass: scales the result by 1.001, well within the bfloat16 tolerance."""

    name = "scale"
    summary = "wrong on purpose"

    def sites(self, graph: Graph, ctx):
        node = next(n for n in graph if n.op == "Identity" and not graph.consumers(n))
        if node.inputs[0].node.startswith("scaled"):
            return
        yield Site(node.name, (), frozenset({node.name}), "scale the result", lambda edit: self._scale(edit, node))

    @staticmethod
    def _scale(edit, node) -> None:
        factor = edit.add_const("scale/factor", np.array(1.001, np.float32))
        scaled = edit.add("Mul", "scaled", [edit.node(node.name).input[0], factor], dtype=1)
        edit.node(node.name).input[0] = scaled


class _Numerics(_Scale):
    name = "numerics"
    numerics = True


def test_the_exact_passes_before_a_numerics_one_are_verified_exactly():
    @tf.function(input_signature=[tf.TensorSpec([4, 8], tf.float32)])
    def model(x):
        return tf.nn.relu(x)

    concrete = model.get_concrete_function()
    frozen = freeze(concrete, "relu")
    ctx = CheckContext(load("gaudi2"), "relu")
    wrong, sites = _Scale("TFP999").run(frozen, ctx)
    steps = [Step(_Scale("TFP999"), frozen, wrong, sites), Step(_Numerics("TFP998"), wrong, wrong, sites)]
    with pytest.raises(VerificationFailed, match="pass scale broke it"):
        _verify(concrete, Rebuilt(wrong), steps, ctx, 2, Sample(frozen), tolerance=BF16_TOLERANCE)


def test_argmax_agreement_counts_only_decisive_rows():
    expected = np.array([[0.9, 0.1, 0.0], [0.50, 0.49, 0.01], [0.2, 0.7, 0.1]])
    swapped_tie = np.array([[0.9, 0.1, 0.0], [0.49, 0.50, 0.01], [0.2, 0.7, 0.1]])
    assert argmax_agreement([expected], [swapped_tie], 0.0625) == (2, 2), "the near-tie is not decisive"
    wrong = np.array([[0.1, 0.9, 0.0], [0.50, 0.49, 0.01], [0.2, 0.7, 0.1]])
    assert argmax_agreement([expected], [wrong], 0.0625) == (1, 2)
    assert argmax_agreement([expected[0]], [wrong[0]], 0.0625) == (0, 0), "rank 1: not a classifier output"


def run(*args):
    return CliRunner().invoke(main, ["optimize", *args], catch_exceptions=False)


def test_cli_states_the_tolerance(cnn_path):
    result = run("--model", f"{cnn_path}:model", "--batch-size", str(BATCH), "--bf16", "--draws", "1")
    assert result.exit_code == 0, result.output
    assert "mixed-precision (TFP701): 1 site" in result.output
    assert f"within the numerics tolerance {BF16_TOLERANCE:g}" in result.output
    assert "the exact passes before it verified exactly" in result.output


def test_cli_tolerance_needs_bf16(cnn_path):
    result = run("--model", f"{cnn_path}:model", "--bf16-tolerance", "0.1")
    assert result.exit_code == 2 and "--bf16-tolerance applies with --bf16" in result.output


SWISH_CNN = """
import keras

def model():
    inputs = keras.Input((28, 28, 64))
    x = keras.layers.Conv2D(128, 3, padding="same", activation="swish")(inputs)
    x = keras.layers.Conv2D(128, 3, padding="same", activation="swish")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(10)(x))
"""


def test_swish_custom_gradient_converts_and_its_side_identities_are_not_results(tmp_path):
    """Keras 3's swish is a tf.custom_gradient: an IdentityN with a type-list "T" and unread forward
    Identity nodes. The IdentityN converts (every element of its "T"), no cast surrounds it, the
    only result is what the function returns, and the rewrite verifies on random inputs."""
    from tfperf.amp.plan import graph_outputs
    from tfperf.capture import from_object, load_object

    path = tmp_path / "swish.py"
    path.write_text(SWISH_CNN)
    model = load_object(f"{path}:model")
    graph = from_object(model, "swish", batch_size=BATCH)
    assert sum(n.op == "IdentityN" for n in graph) == 2
    assert [name for _, name, _ in graph_outputs(graph)] == ["Identity"], "side Identity nodes are not results"
    result = optimize(model, origin="swish", batch_size=BATCH, target="gaudi2", bf16=True)
    nodes = {n.name: n for n in result.rebuilt.frozen.graph_def.node}
    identity_n = [n for n in nodes.values() if n.op == "IdentityN"]
    assert len(identity_n) == 2
    for n in identity_n:
        assert set(n.attr["T"].list.type) == {tf.bfloat16.as_datatype_enum}, n.name
    second_conv = [n for n in nodes.values() if n.op == "Conv2D"][1]
    assert nodes[second_conv.input[0].split(":")[0]].op == "IdentityN", "no cast between swish and conv"
    assert 0 < result.report.verification.max_error < BF16_TOLERANCE
