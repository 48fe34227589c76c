"""TFP101's per-position convention (session 26): a transpose of a tensor with no feature axis, one scalar per
position (ids, paddings, masks, per-position labels, weights, rewards, discounts: `[batch, time]` or `[batch,
time, 1]`), is info, on positive evidence of both its kind and its rank (`rules/transpose/position.py`). Each form
beside its look-alike that stays a warning: a `[b, t, d]` activation, a rank-2 `[batch, features]` dense output, a
`[batch, batch]` mask transposed with no perm, a name that also names features, a mask compared against a
transpose (pairwise), a WEAK name (`labels`) with no evidence beside it, and a padding transposed inside attention."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

PER_POSITION = "but its input is a per-position tensor"


def transposes(code: str, path: str = "model.py"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, path, target="gaudi2", select=["TFP101"])]


def one(code: str) -> tuple[str, str]:
    [(_, severity, message)] = transposes(code)
    return severity, message


# (`locals()` reads every name the body binds: its transposes are no dead values a traced graph prunes)
LAYER = """\
import tensorflow as tf

class Encoder(tf.keras.layers.Layer):
    def call(self, inputs, NAME):
        x = self.dense(inputs)
        BODY
        return x, locals()
"""


def layer(name: str, body: str) -> str:
    return LAYER.replace("NAME", name).replace("BODY", body)


@pytest.mark.parametrize("name", ["input_ids", "segment_ids", "paddings", "target_paddings", "rewards", "discounts",
                                  "advantages", "step_types", "sampled_idx"])
def test_a_strong_name_with_a_perm_of_length_2_is_info(name):
    severity, message = one(layer(name, f"t = tf.transpose({name}, perm=[1, 0])"))
    assert severity == "info" and PER_POSITION in message and "rank 2" in message


@pytest.mark.parametrize("name", ["input_ids", "paddings", "rewards"])
def test_a_strong_name_with_no_perm_is_info_on_the_rules_own_2d_assumption(name):
    severity, message = one(layer(name, f"t = tf.transpose({name})"))
    assert severity == "info" and "no perm, judged as 2-D" in message


@pytest.mark.parametrize("name", ["input_ids", "paddings"])
def test_a_strong_name_of_rank_3_that_moves_its_last_axis_stays_a_warning(name):
    """A perm of length 3 is a [b, t, d] tensor unless its last axis is stated to be 1."""
    severity, _ = one(layer(name, f"t = tf.transpose({name}, perm=[0, 2, 1])"))
    assert severity == "warning"


def test_a_size_1_last_axis_of_rank_3_is_per_position():
    code = layer("paddings", "p = tf.reshape(paddings, [-1, 7, 1])\n        t = tf.transpose(p, perm=[1, 0, 2])")
    code = code.replace("p = tf.reshape", "pad_ids = tf.reshape").replace("tf.transpose(p,", "tf.transpose(pad_ids,")
    severity, message = one(code)
    assert severity == "info" and "size-1 last axis" in message


def test_an_activation_of_rank_3_stays_a_warning():
    severity, _ = one(layer("mask", "t = tf.transpose(x, perm=[0, 2, 1])"))
    assert severity == "warning"


def test_a_rank_2_dense_output_stays_a_warning():
    """[batch, features]: no name or origin says per-position data."""
    severity, _ = one(layer("mask", "t = tf.transpose(x, perm=[1, 0])"))
    assert severity == "warning"


@pytest.mark.parametrize("name", ["ids_embedding", "padding_states", "segment_logits", "token_ids_hidden"])
def test_a_name_that_also_names_features_stays_a_warning(name):
    severity, _ = one(layer(name, f"t = tf.transpose({name}, perm=[1, 0])"))
    assert severity == "warning"


def test_a_sequence_mask_is_per_position():
    severity, message = one(layer("lengths_", "m = tf.sequence_mask(lengths_, 20)\n        t = tf.transpose(m)"))
    assert severity == "info" and "tf.sequence_mask" in message


def test_a_comparison_of_ids_with_a_constant_is_per_position():
    severity, message = one(layer("tokens", "ids = tokens\n        m = tf.not_equal(ids, 0)\n"
                                            "        t = tf.transpose(m, [1, 0])"))
    assert severity == "info" and "a comparison of" in message


def test_a_comparison_against_a_transpose_is_pairwise_and_stays_a_warning():
    """`tf.equal(ids, tf.transpose(ids))` broadcasts to [batch, batch]: outside the convention."""
    found = transposes(layer("ids", "m = tf.equal(ids, tf.transpose(ids))\n        t = tf.transpose(m, [1, 0])"))
    assert [(line, severity) for line, severity, _ in found if line == 7] == [(7, "warning")]


def test_a_mask_with_no_perm_and_no_evidence_beside_it_stays_a_warning():
    """A `mask` may be [batch, batch] (a triplet loss's): a WEAK name alone lowers nothing."""
    severity, _ = one(layer("mask", "t = tf.transpose(mask)"))
    assert severity == "warning"


def test_labels_alone_stay_a_warning_but_a_field_of_a_record_of_paddings_is_info():
    alone = layer("targets", "t = tf.transpose(targets.labels)")
    assert one(alone)[0] == "warning"
    record = layer("targets", "t = tf.transpose(targets.labels)\n        p = tf.transpose(targets.paddings)")
    found = {line: (severity, message) for line, severity, message in transposes(record)}
    assert found[6][0] == "info" and "a field of a record of per-position tensors" in found[6][1]
    assert found[7][0] == "info"


def test_weights_passed_beside_a_transposed_padding_are_info():
    code = layer("target_paddings", "x = self.softmax(x, tf.transpose(target_weights), tf.transpose(target_paddings))")
    code = code.replace("def call(self, inputs, target_paddings)", "def call(self, inputs, target_paddings, target_weights)")
    found = transposes(code)
    assert [(line, severity) for line, severity, _ in found] == [(6, "info"), (6, "info")]
    assert any("passed beside per-position tensors" in message for _, _, message in found)


def test_weights_passed_beside_an_activation_stay_a_warning():
    code = layer("target_weights", "x = self.softmax(x, tf.transpose(target_weights), tf.transpose(inputs))")
    assert {severity for _, severity, _ in transposes(code)} == {"warning"}


ATTENTION = """\
import tensorflow as tf

class AdditiveAttention(tf.keras.layers.Layer):
    def call(self, query, source_padding):
        return self.AttenProbs(query, source_padding)

    def AttenProbs(self, query, source_padding):
        return tf.nn.softmax(query) * tf.transpose(source_padding)
"""


def test_a_padding_transposed_inside_attention_stays_a_warning():
    """A decoder's attention runs per query step: the copy grows with t x t over the sequence."""
    severity, _ = one(ATTENTION)
    assert severity == "warning"
    severity, message = one(ATTENTION.replace("AdditiveAttention", "Mixer").replace("AttenProbs", "Combine"))
    assert severity == "info" and PER_POSITION in message


DOCUMENTED = """\
import tensorflow as tf

class Unroll(tf.keras.layers.Layer):
    def call(self, inputs, reset_mask=None):
        \"\"\"Unrolls the cell.

        Args:
          inputs: the inputs.
          reset_mask: A `bool` matrix with shape `[batch_size, n]`.
        \"\"\"
        x = self.cell(inputs)
        reset_mask = tf.transpose(reset_mask, [1, 0])
        return x, reset_mask
"""


def test_a_mask_whose_parameter_docstring_states_rank_2_is_info():
    severity, message = one(DOCUMENTED)
    assert severity == "info" and "as its function's docstring states" in message
    severity, _ = one(DOCUMENTED.replace("`[batch_size, n]`", "`[batch_size, n, depth]`")
                      .replace("[1, 0])", "[0, 2, 1])"))
    assert severity == "warning"


@pytest.mark.parametrize("name", ["mask_final", "pair_ids"])
def test_a_tensor_reshaped_to_a_size_named_twice_is_pairwise_and_stays_a_warning(name):
    """`tf.reshape(m, [batch_size, batch_size])`, a triplet loss's mask: [batch, batch], outside the convention."""
    code = layer("mask", f"batch_size = tf.shape(x)[0]\n        {name} = tf.reshape(tf.greater(mask, 0.0), "
                         f"[batch_size, batch_size])\n        t = tf.transpose({name})")
    severity, _ = one(code)
    assert severity == "warning"
    severity, _ = one(code.replace("[batch_size, batch_size]", "[batch_size, -1]").replace("mask_final", "paddings"))
    assert severity == "info"


ONE_UNIT = """\
import tensorflow as tf

class Pooler(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.proj = tf.keras.layers.Dense(UNITS)

    def call(self, hidden):
        start_logits = self.proj(hidden)
        return tf.transpose(tf.squeeze(start_logits, AXIS), [1, 0])
"""


@pytest.mark.parametrize("projection", ["self.proj(hidden)", "tf.compat.v1.layers.dense(hidden, 1)",
                                        "tf.keras.layers.Dense(1)(hidden)"])
def test_the_squeezed_output_of_a_one_unit_projection_is_per_position(projection):
    """XLNet's start/end logits (Model Garden, ALBERT): `Dense(1)` over [L, B, H], squeezed to [L, B], one logit per
    token, transposed to [B, L] (session 30)."""
    code = ONE_UNIT.replace("UNITS", "units=1").replace("AXIS", "-1").replace("self.proj(hidden)", projection)
    severity, message = one(code)
    assert severity == "info"
    assert "but its input is a per-position tensor (the squeezed output of a one-unit projection (line 10)" in message


@pytest.mark.parametrize("units, axis", [("units=8", "-1"), ("1", "0")])
def test_a_wider_projection_or_another_squeezed_axis_stays_a_warning(units, axis):
    severity, _ = one(ONE_UNIT.replace("UNITS", units).replace("AXIS", axis))
    assert severity == "warning"


DOCUMENTED_VALUES = '''\
import tensorflow as tf

def advantages(values, final_value):
    """Advantages.

    Args:
      values: Tensor with shape `SHAPE` representing value estimates.
      final_value: Tensor with shape `[B]`.
    """
    values = tf.transpose(values)
    return values[1:] - values[:-1] + final_value
'''


@pytest.mark.parametrize("shape", ["[T, B]", "[B, T]", "[batch_size, num_steps]"])
def test_a_parameter_documented_by_batch_and_time_axes_alone_is_per_position(shape):
    """tf-agents' generalized_advantage_estimation: `values` has no name of per-position data, but its docstring
    shapes it [T, B] (session 30)."""
    severity, message = one(DOCUMENTED_VALUES.replace("SHAPE", shape))
    assert severity == "info"
    assert f"(`values` is documented as {shape}, batch and time axes alone" in message


@pytest.mark.parametrize("shape", ["[B, D]", "[batch, hidden_size]", "[T, B, num_actions]"])
def test_a_documented_feature_axis_keeps_the_warning(shape):
    severity, _ = one(DOCUMENTED_VALUES.replace("SHAPE", shape))
    assert severity == "warning"


XLNET = """\
import tensorflow as tf

class XLNetMainLayer(tf.keras.layers.Layer):
    def call(self, input_ids, token_type_ids=None, input_mask=None, attention_mask=None):
        input_ids = tf.transpose(input_ids, perm=(1, 0))
        token_type_ids = tf.transpose(token_type_ids, perm=(1, 0)) if token_type_ids is not None else None
        input_mask = tf.transpose(input_mask, perm=MASK_PERM) if input_mask is not None else None
        return input_ids, token_type_ids, input_mask
"""


def test_a_mask_transposed_alike_beside_ids_in_its_function_is_per_position():
    """XLNet moves its [batch, len] ids, segment ids and masks to [len, batch], each by `perm=(1, 0)`."""
    found = {line: (severity, message) for line, severity, message in transposes(XLNET.replace("MASK_PERM", "(1, 0)"))}
    assert found[7][0] == "info" and "`input_mask` is transposed alike beside per-position tensors" in found[7][1]


def test_a_mask_transposed_otherwise_keeps_its_warning():
    code = XLNET.replace("MASK_PERM", "(0, 2, 1)")
    assert [severity for line, severity, _ in transposes(code) if line == 7] == ["warning"]


FEATURE_DICT = """\
import tensorflow as tf

def get_classification_loss(features):
    inp = tf.transpose(features["input_ids"], [1, 0])
    seg_id = tf.transpose(features["segment_ids"], [1, 0])
    inp_mask = tf.transpose(features["input_mask"], [1, 0])
    hidden = tf.transpose(features["KEY"], [1, 0])
    return inp, seg_id, inp_mask, hidden
"""


@pytest.mark.parametrize("key", ["embeddings", "mask"])
def test_a_feature_dicts_literal_key_names_its_tensor(key):
    """XLNet's input functions read `features["input_ids"]`: the key says what the tensor is, as a name does; a
    mask transposed alike beside them is per-position; a key naming features keeps the warning."""
    found = {line: (severity, message) for line, severity, message in transposes(FEATURE_DICT.replace("KEY", key))}
    assert found[4][0] == found[5][0] == "info" and '`features["input_ids"]` names per-position data' in found[4][1]
    assert found[6][0] == "info" and "transposed alike beside per-position tensors" in found[6][1]
    assert found[7][0] == ("warning" if key == "embeddings" else "info")


# batch-ppo's and PlaNet's discounted returns (sets 52, 72): the masked [batch, time] rewards go time-major into
# `tf.scan`, and its stacked [time, batch] returns come back; tftf's RNN (set 59) scans its [batch, time] mask
SCANNED = """\
import tensorflow as tf

class CLASS(tf.keras.layers.Layer):
    def call(self, reward, mask):
        return_ = tf.transpose(tf.scan(
            lambda agg, cur: cur + 0.99 * agg,
            tf.transpose(tf.reverse(mask * reward, [1]), PERM),
            tf.zeros_like(reward[:, -1]), 1, False), PERM)
        return tf.stop_gradient(return_)

class RNN(tf.keras.layers.Layer):
    def call(self, x, mask):
        mask = tf.transpose(mask)
        states = tf.scan(self.step, elems=[tf.transpose(x, perm=[1, 0, 2]), mask], initializer=self.init)
        return tf.transpose(states, perm=[1, 0, 2]), READ
"""


def scanned(cls: str = "DiscountedReturn", perm: str = "[1, 0]", read: str = "None") -> dict[int, tuple]:
    code = SCANNED.replace("CLASS", cls).replace("PERM", perm).replace("READ", read)
    return {line: (severity, message) for line, severity, message in transposes(code)}


def test_what_a_scan_steps_through_and_what_it_stacks_are_per_position_at_rank_2():
    """At rank 2 each step of the scan is one scalar per example: no feature axis. The elements may be an item of a
    list handed as `elems=`, through the one name that holds the transpose."""
    found = scanned()
    assert found[5][0] == "info" and "(the steps the tf.scan of line 5 stacks (rank 2, by its perm))" in found[5][1]
    assert found[7][0] == "info" and "(what the tf.scan of line 5 steps through (rank 2, by its perm))" in found[7][1]
    assert found[13][0] == "info" and "(what the tf.scan of line 14 steps through (no perm, judged as 2-D))" \
        in found[13][1]


def test_a_scan_at_rank_3_keeps_the_warning():
    """`[0, 2, 1]`: each step is a matrix, a feature axis may move."""
    found = scanned(perm="[0, 2, 1]")
    assert found[5][0] == found[7][0] == "warning"


def test_a_scan_inside_attention_keeps_the_warning():
    """Monotonic attention scans its [batch, memory] probabilities once per decoder step (the dev set labels
    TensorFlow Addons' as true sites)."""
    found = scanned(cls="MonotonicAttention")
    assert found[5][0] == found[7][0] == "warning"


def test_a_name_read_also_elsewhere_than_the_scan_keeps_the_warning():
    found = scanned(read="mask")
    assert found[13][0] == "warning"
