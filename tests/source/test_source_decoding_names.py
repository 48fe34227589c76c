"""Code named for decoding or for a plot is off the training step (session 24, TFP101's precision): a search over
output sequences (`sequence_sampling_search`, `greedy_search`, a layer derived from a `SequenceSearch` base),
beam decoding named by "beam" beside a word of decoding (`_beam_decode`, as `_beam_search`), also when a layer's
call reaches it, and a function named for a plot (`PrepareSequenceForPlot`). Each beside the look-alike that stays
a warning: "search" alone (an architecture search), "beam" alone (a beam of light), a decoder class able to search
(`BeamSearchDecoder` base: its subclasses train), a plot word nowhere."""

from __future__ import annotations

import ast

import textwrap

import pytest

from tfperf.source import lint_text
from tfperf.source.context import base_context, def_context, name_context

INFERENCE = "[inference-only code (prediction, decoding, detection post-processing): not in the device's training step]"


def transposes(code: str, path: str = "model.py"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, path, target="gaudi2", select=["TFP101"])]


LAYER = """\
import tensorflow as tf

class Decoder(tf.keras.layers.Layer):
    def call(self, x):
        return self.NAME(x) * 2.0

    def NAME(self, x):
        outputs = tf.transpose(x, [0, 2, 1])
        return outputs
"""


@pytest.mark.parametrize("name", ["_beam_decode", "_beam_search", "greedy_search", "sequence_sampling_search",
                                  "_topk_search", "beam_decoder_step"])
def test_a_method_named_for_decoding_that_a_layer_call_reaches_is_inference(name):
    [(line, severity, message)] = transposes(LAYER.replace("NAME", name))
    assert (line, severity) == (8, "info")
    assert message.endswith(INFERENCE)


@pytest.mark.parametrize("name", ["_search_cells", "_beam_profile", "_decode_features", "_sample_mask",
                                  "_search_train_step"])
def test_a_method_whose_name_does_not_say_decoding_stays_a_warning(name):
    """"search" alone (an architecture search), "beam" alone, "decode" alone (a record or a feature), a sample,
    and a decoding search that also says training."""
    [(line, severity, _)] = transposes(LAYER.replace("NAME", name))
    assert (line, severity) == (8, "warning")


SEARCH_LAYER = """\
import tensorflow as tf

class BASE(tf.keras.layers.Layer):
    pass

class Sampling(BASE):
    def call(self, x):
        return tf.transpose(x, [0, 2, 1])
"""


def test_a_layer_derived_from_a_sequence_search_is_inference():
    [(line, severity, message)] = transposes(SEARCH_LAYER.replace("BASE", "SequenceSearch"))
    assert (line, severity) == (8, "info")
    assert message.endswith(INFERENCE)


@pytest.mark.parametrize("base", ["BaseBeamSearchDecoder", "ArchitectureSearch", "SequenceEncoder"])
def test_a_layer_derived_from_a_decoder_able_to_search_or_another_search_stays_a_warning(base):
    """A decoder able to beam-search trains too (lingvo's `BaseBeamSearchDecoder`: the base's last word is no
    search); an architecture search is no decoding."""
    [(line, severity, _)] = transposes(SEARCH_LAYER.replace("BASE", base))
    assert (line, severity) == (8, "warning")


PLOT = """\
import tensorflow as tf

def NAME(tensor):
    return tf.transpose(tensor, [0, 2, 1])

class Encoder(tf.keras.layers.Layer):
    def call(self, x):
        y = x * 2.0
        return y + tf.reduce_sum(NAME(y), axis=-1)
"""


def test_a_function_named_for_a_plot_is_logging():
    [(line, severity, message)] = transposes(PLOT.replace("NAME", "PrepareSequenceForPlot"))
    assert (line, severity) == (4, "info")
    assert "logging" in message


def test_a_function_not_named_for_a_plot_stays_a_warning():
    [(line, severity, _)] = transposes(PLOT.replace("NAME", "PrepareSequence"))
    assert (line, severity) == (4, "warning")


@pytest.mark.parametrize(("name", "kind"), [
    ("_beam_decode", "inference"), ("beam_search", "inference"), ("sequence_sampling_search", "inference"),
    ("BeamSearchDecoder", "inference"), ("PrepareSequenceForPlot", "logging"), ("plot_attention", "logging"),
    ("searchsorted", None), ("beam_profile", None), ("_search_cells", None), ("train_beam_search", None),
    ("decode_record", None), ("fit_and_evaluate", None), ("evaluate", "eval"), ("train_and_evaluate", None)])
def test_name_context_of_decoding_and_plot_names(name, kind):
    # (`fit_and_evaluate`, set 63's kerasAC: a name that says training in Keras's verb runs the training step too)
    assert name_context(name) == kind


@pytest.mark.parametrize(("base", "kind"), [("SequenceSearch", "inference"), ("BeamSearch", "inference"),
                                            ("BaseBeamSearchDecoder", None), ("ArchitectureSearch", None)])
def test_base_context_of_a_search_base(base, kind):
    assert base_context([ast.Name(id=base)]) == kind


CACHED = """\
import tensorflow as tf

class Conv(tf.keras.layers.Layer):
    def call(self, x, CACHE=None):
        if TEST:
            x = tf.concat([CACHE["conv"], x], axis=1)
            x_unfold = tf.transpose(x, [0, 2, 1])
        else:
            x_unfold = tf.transpose(x * 2.0, [0, 2, 1])
        return x_unfold
"""


@pytest.mark.parametrize(("cache", "test", "line"), [
    ("cache", "cache is not None", 7), ("cache", "cache", 7), ("past_key_value", "past_key_value is not None", 7),
    ("cache", "cache is None", 9), ("cache", "not cache", 9), ("layer_past", "layer_past is not None and x", 7)])
def test_a_branch_taken_only_with_a_decoding_cache_is_inference(cache, test, line):
    found = {line: (severity, message) for line, severity, message in
             transposes(CACHED.replace("CACHE", cache).replace("TEST", test))}
    assert found[line][0] == "info" and found[line][1].endswith(INFERENCE)
    assert found[16 - line][0] == "warning"  # (the other branch: training passes no cache)


@pytest.mark.parametrize(("cache", "test"), [("memory", "memory is not None"), ("cache", "cache or x"),
                                             ("cache", "self.cache is not None")])
def test_a_branch_on_another_name_or_test_stays_a_warning(cache, test):
    """Transformer-XL's `memory` is read in training; a test that another part can make true, an attribute (any
    object's cache) says nothing of decoding."""
    severities = [severity for _, severity, _ in transposes(CACHED.replace("CACHE", cache).replace("TEST", test))]
    assert severities == ["warning", "warning"]


@pytest.mark.parametrize(("name", "kind"), [
    ("val_step", "eval"), ("_val_epoch", "eval"), ("run_val_loop", "eval"), ("validation_step", "eval"),
    ("run_validation_epoch", "eval"), ("validation_split", None), ("train_val_step", None), ("_generate_init_val", None), ("clip_val", None),
    ("__valid_call_single__", None), ("_validate_kwargs", None)])
def test_def_context_of_validation_names(name, kind):
    """A function for a custom loop's validation half is evaluation; "val" alone is as often a value,
    "validation" alone a setting whose branch still trains (`if validation_split:`), "valid" a mask."""
    assert def_context(ast.FunctionDef(name=name)) == kind
    assert name_context(name) is None  # (nor does a setting's name say validation by these words)


def test_a_transpose_in_a_custom_loops_val_step_is_evaluation():
    code = """\
    import tensorflow as tf

    class Trainer:
        @tf.function
        def train_step(self, x, y):
            with tf.GradientTape() as tape:
                loss = self.loss(y, self.model(tf.transpose(x, [0, 3, 1, 2])))
            return loss

        @tf.function
        def val_step(self, x, y):
            return self.loss(y, self.model(tf.transpose(x, [0, 3, 1, 2])))
    """
    found = transposes(textwrap.dedent(code))
    assert [f[:2] for f in found] == [(7, "warning"), (12, "info")]
    assert "evaluation code" in found[1][2]
