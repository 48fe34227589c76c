"""TFP101 (issue 11, sixteenth session): what the message says of the copy's cost (the bytes where the source states
every dimension, else that the cost depends on a size it does not state); the size-1 axes a global pooling layer
with `keepdims=True` leaves (moving them is a reshape); and a helper that only runs where its callers ask for an
optional output (every call under an option of the caller's signature that is off by default), with the
look-alikes that stay warnings."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_the_message_gives_the_bytes_where_the_source_states_the_shape_and_says_so_where_it_does_not():
    code = """\
    import tensorflow as tf

    x = tf.compat.v1.placeholder(shape=[32, 8000, 64], dtype=tf.float32)
    y = tf.transpose(x * 2.0, perm=(0, 2, 1))

    def step(h):
        return tf.transpose(h, [0, 2, 1])
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(4, "TFP101", "warning"), (7, "TFP101", "warning")]
    assert found[0][3].endswith("a copy of the whole tensor on gaudi2 (62.5 MiB in float32, read and written once)")
    assert "its cost depends on a size the source does not state" in found[1][3]


_POOLED = """\
import tensorflow as tf

class Head(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.pooler = tf.keras.layers.GlobalAveragePooling2D({keep})
        self.classifier = tf.keras.layers.Dense(10)

    def call(self, hidden):
        pooled = self.pooler(hidden)
        pooled = tf.transpose(pooled, (0, 3, 1, 2))
        return self.classifier(pooled)
"""


def test_a_global_pool_with_keepdims_leaves_size_1_axes_and_moving_them_is_a_reshape():
    assert lint(_POOLED.format(keep="keepdims=True")) == []
    assert lint(_POOLED.format(keep="data_format='channels_first', keepdims=True").replace(
        "(0, 3, 1, 2)", "(0, 2, 3, 1)")) == []


def test_a_global_pool_without_keepdims_or_of_another_layout_says_nothing_of_size_1():
    # without keepdims the output is [B, C]: a rank-4 transpose of it is no size-1 move the source states
    assert [f[:3] for f in lint(_POOLED.format(keep=""))] == [(11, "TFP101", "warning")]
    # channels_first keeps [B, C, 1, 1]: swapping B and C moves real axes
    found = lint(_POOLED.format(keep="data_format='channels_first', keepdims=True").replace(
        "(0, 3, 1, 2)", "(1, 0, 2, 3)"))
    assert [f[:3] for f in found] == [(11, "TFP101", "warning")]


_REQUESTED = """\
import tensorflow as tf


def resize_map(maps, height, width):
    maps = tf.transpose(maps, perm=(0, 2, 3, 1))
    maps = tf.image.resize(maps, size=(height, width))
    return tf.transpose(maps, perm=(0, 3, 1, 2))


def grouping(attentions, hw):
    return [resize_map(tf.transpose(a, perm=(0, 2, 1)), *hw) for a in attentions]


class Model(tf.keras.layers.Layer):
    def call(self, pixels, {flag}=None):
        attentions = self.encoder(pixels)
        seg = None
        if {flag}:
            seg = grouping(attentions, (8, 8))
        return self.head(pixels), seg
"""


def test_a_helper_every_call_of_which_asks_for_an_optional_output_is_info():
    found = lint(_REQUESTED.format(flag="output_segmentation"))
    assert [f[:3] for f in found] == [(5, "TFP101", "info"), (7, "TFP101", "info"), (11, "TFP101", "info")]
    assert "grouping() runs only where its callers ask for it (`if output_segmentation:`" in found[2][3]
    assert "resize_map() runs only where its callers ask for it (through grouping()" in found[0][3]


def test_a_helper_the_step_also_calls_or_the_framework_turns_on_stays_a_warning():
    # `training` is off in the signature, but Keras's fit calls the layer with training=True
    found = lint(_REQUESTED.format(flag="training"))
    assert [f[2] for f in found] == ["warning"] * 3
    # one call outside the option: the step runs it
    found = lint(_REQUESTED.format(flag="output_segmentation").replace(
        "return self.head(pixels), seg", "return self.head(grouping(attentions, (8, 8))), seg"))
    assert [f[2] for f in found] == ["warning"] * 3
    # a call in the file turns the option on with a literal
    found = lint(_REQUESTED.format(flag="output_segmentation") + "\n\ndef train(m, x):\n"
                 "    return m(x, output_segmentation=True)\n")
    assert [f[2] for f in found] == ["warning"] * 3


_HIDDEN = """\
import tensorflow as tf


class Main(tf.keras.layers.Layer):
    def call(self, pixels, output_hidden_states=None, return_dict=None):
        outputs = self.encoder(pixels, output_hidden_states=output_hidden_states)
        last = outputs[0]
        pooled = self.pooler(last)
        hidden_states = ()
        for hidden in outputs[1:]:
            hidden_states = hidden_states + tuple(tf.transpose(h, (0, 3, 1, 2)) for h in hidden)
        if not return_dict:
            return (last, pooled) + hidden_states
        {gate}
        return Output(last_hidden_state=last, pooler_output=pooled, hidden_states=hidden_states)
"""


def test_outputs_that_reach_the_return_only_through_options_off_by_default_are_info():
    found = lint(_HIDDEN.format(gate="hidden_states = hidden_states if output_hidden_states else None"))
    assert [f[:3] for f in found] == [(11, "TFP101", "info")]
    assert "only through options of the signature off by default" in found[0][3]


def test_an_output_one_way_returns_whatever_the_options_stays_a_warning():
    assert [f[:3] for f in lint(_HIDDEN.format(gate="pass"))] == [(11, "TFP101", "warning")]
    # the caller turns the option on with a literal in the file
    code = _HIDDEN.format(gate="hidden_states = hidden_states if output_hidden_states else None") + \
        "\n\ndef features(m, x):\n    return m(x, output_hidden_states=True)\n"
    assert [f[:3] for f in lint(code)] == [(11, "TFP101", "warning")]


def test_a_transpose_whose_shape_or_dtype_alone_is_read_is_info():
    code = """\
    import tensorflow as tf

    def aggregate(q, fn, indices):
        out = tf.map_fn(fn, indices, fn_output_signature=tf.transpose(q, perm=[0, 1, 3, 2]).dtype)
        qt = tf.transpose(q, perm=[0, 2, 1])
        n = tf.shape(qt)[0]
        return out, n

    def used(q):
        qt = tf.transpose(q, perm=[0, 2, 1])
        return qt.shape, qt * 2.0
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(4, "TFP101", "info"), (5, "TFP101", "info"), (10, "TFP101", "warning")]
    assert "only its shape or dtype is read" in found[0][3]


def test_a_transpose_an_augmented_assignment_updates_is_read_for_its_values():
    # (lingvo's MoE gating: `mask = tf.transpose(mask, perm)` then `mask *= ...mask.dtype...`: the update reads the
    # values, and what follows reads the updated name)
    code = """\
    import tensorflow as tf

    def gating(scores, nonpaddings):
        mask = tf.transpose(scores, [0, 2, 1])
        mask *= tf.expand_dims(tf.cast(nonpaddings, mask.dtype), -1)
        return tf.cumsum(mask, axis=-2)
    """
    assert [f[:3] for f in lint(code)] == [(4, "TFP101", "warning")]


def test_data_that_may_be_absent_is_no_option():
    # `if labels:` tests a tensor the caller passes in training, not a flag: the loss helper runs in the step
    code = _REQUESTED.format(flag="labels").replace("if labels:", "if labels:\n            labels = labels * 1.0")
    found = lint(code.replace("seg = grouping(attentions, (8, 8))", "seg = grouping(attentions, labels)"))
    assert [f[2] for f in found] == ["warning"] * 3
    # a flag by its annotation: `Optional[bool] = None`
    code = _REQUESTED.format(flag="output_segmentation").replace(
        "output_segmentation=None", "output_segmentation: Optional[bool] = None")
    assert [f[2] for f in lint(code)] == ["info"] * 3


def test_an_architecture_option_a_builder_turns_on_stays_a_warning():
    code = """\
    import tensorflow as tf

    def channel_attention(x):
        return tf.transpose(x, perm=[0, 2, 1])

    def block(x, use_channel_attn=False):
        if use_channel_attn:
            x = channel_attention(x)
        return x

    def model(x, depth=4):
        for block_id in range(depth):
            use_channel_attn = block_id % 2 == 1
            x = block(x, use_channel_attn)
        return x
    """
    assert [f[:3] for f in lint(code)] == [(4, "TFP101", "warning")]
    # no call turns it on: an option off by default
    found = lint(code.replace("x = block(x, use_channel_attn)", "x = block(x)"))
    assert [f[:3] for f in found] == [(4, "TFP101", "info")]


def test_a_shape_stated_but_for_the_first_axis_gives_the_bytes_per_index_of_it():
    code = """\
    import tensorflow as tf

    inputs = tf.keras.Input(shape=(128, 64))
    x = tf.keras.layers.Permute((2, 1))(inputs)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(4, "TFP101", "warning")]
    assert found[0][3].endswith("(32.0 KiB in float32 per index of its first axis, a length the source does not "
                                "state)")
