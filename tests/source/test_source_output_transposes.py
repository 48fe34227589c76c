"""TFP101's output-format transposes (issue 11, set 22's gaps): a transpose whose result only goes into the
structure its function returns (a tuple, a record of outputs) is the caller's format, info, when the tensor it
moves is also read untransposed by the function's own layers or loss, or when it runs only under an option of
the signature off by default that no call in the file turns on. Each with the look-alike that stays a warning:
a layer's output the next layer reads, a hidden state a call asks for with `output_hidden_states=True`."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_an_output_copy_of_a_tensor_the_function_already_computed_from_is_info():
    code = """\
    import tensorflow as tf

    class MainLayer(tf.keras.layers.Layer):
        def call(self, pixel_values, return_dict=None):
            hidden = self.encoder(pixel_values)
            pooled = self.pooler(hidden)
            hidden = tf.transpose(hidden, perm=(0, 3, 1, 2))
            if not return_dict:
                return (hidden, pooled)
            return ModelOutput(last_hidden_state=hidden, pooler_output=pooled)

    class Segmenter(tf.keras.layers.Layer):
        def call(self, pixel_values, labels=None):
            logits = self.head(self.backbone(pixel_values))
            loss = self.compute_loss(logits=logits, labels=labels)
            logits = tf.transpose(logits, perm=[0, 3, 1, 2])
            return SegmenterOutput(loss=loss, logits=logits)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(7, "TFP101", "info"), (16, "TFP101", "info")]
    assert "the caller's output format" in found[0][3]


def test_a_transpose_a_layer_or_the_next_op_reads_stays_a_warning():
    code = """\
    import tensorflow as tf

    class MainLayer(tf.keras.layers.Layer):
        def call(self, pixel_values):
            hidden = self.encoder(pixel_values)
            hidden = tf.transpose(hidden, perm=(0, 3, 1, 2))
            pooled = self.pooler(hidden)
            return (hidden, pooled)

    class Encoder(tf.keras.layers.Layer):
        def call(self, pixel_values):
            hidden = self.encoder(pixel_values)
            hidden = tf.transpose(hidden, perm=(0, 3, 1, 2))
            return (hidden,)

    class Block(tf.keras.layers.Layer):
        def call(self, x):
            y = self.mlp(x)
            return tf.transpose(y, perm=(0, 2, 1)), self.norm(x)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(6, "TFP101", "warning"), (13, "TFP101", "warning"),
                                      (19, "TFP101", "warning")]


def test_hidden_states_under_an_output_option_off_by_default_are_info():
    code = """\
    import tensorflow as tf

    class Encoder(tf.keras.layers.Layer):
        def call(self, x, output_hidden_states=False, output_attentions=None):
            all_hidden = () if output_hidden_states else None
            all_attn = () if output_attentions else None
            for layer in self.layers:
                x, attn = layer(x)
                if output_hidden_states:
                    all_hidden += (tf.transpose(x, (0, 3, 1, 2)),)
                if output_attentions:
                    all_attn = all_attn + (tf.transpose(attn, (0, 2, 3, 1)),)
            if output_hidden_states:
                all_hidden = tuple([tf.transpose(h, perm=(0, 3, 1, 2)) for h in all_hidden])
            return tuple(v for v in [x, all_hidden, all_attn] if v is not None)

    class Main(tf.keras.layers.Layer):
        def call(self, x, output_hidden_states=None):
            outputs = self.encoder(x, output_hidden_states=output_hidden_states)
            if output_hidden_states:
                hidden_states = tuple([tf.transpose(h, perm=(0, 3, 1, 2)) for h in outputs[1]])
            return Output(last_hidden_state=outputs[0],
                          hidden_states=hidden_states if output_hidden_states else outputs.hidden_states)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(10, "TFP101", "info"), (12, "TFP101", "info"), (14, "TFP101", "info"),
                                      (21, "TFP101", "info")]
    assert "`if output_hidden_states:`, an option of the signature off by default" in found[0][3]


def test_an_option_a_call_turns_on_or_that_is_on_by_default_keeps_the_warning():
    code = """\
    import tensorflow as tf

    class Encoder(tf.keras.layers.Layer):
        def call(self, x, output_hidden_states=False, keep_nchw=True):
            hidden = None
            if output_hidden_states:
                hidden = tuple([tf.transpose(h, perm=(0, 3, 1, 2)) for h in self.stages(x)])
            if keep_nchw:
                x = tf.transpose(x, (0, 3, 1, 2))
            return (x, hidden)

    class Segmenter(tf.keras.layers.Layer):
        def call(self, x):
            outputs = self.encoder(x, output_hidden_states=True)
            return self.head(outputs[1])
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(7, "TFP101", "warning"), (9, "TFP101", "warning")]


def test_an_option_that_changes_a_returned_result_rather_than_adding_an_output_keeps_the_warning():
    code = """\
    import tensorflow as tf

    def rotate(a, b, swap=False):
        if swap:
            a = tf.transpose(a, (0, 2, 3, 1))
        return a, b

    def with_sum(x, y, extra=False):
        out = ()
        if extra:
            out = (tf.transpose(x, (0, 2, 3, 1)) + y,)
        return out
    """
    found = lint(code)
    # not the caller's output format; with the options off by default and nothing turning them on, the opt-in
    # convention makes them info (`optin`), saying so, not the output reading
    assert [f[:3] for f in found] == [(5, "TFP101", "info"), (11, "TFP101", "info")]
    assert all("opts into, off by default" in f[3] and "structure the function returns" not in f[3] for f in found)
    found = lint(code + "\n    def use(a, b, x, y):\n        return rotate(a, b, swap=True), with_sum(x, y, extra=True)\n")
    assert [f[:3] for f in found] == [(5, "TFP101", "warning"), (11, "TFP101", "warning")]


def test_a_matrix_handed_to_the_same_call_in_both_layouts_is_a_small_square_matrix():
    code = """\
    import tensorflow as tf

    def contrastive_loss(logits):
        return tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(
            tf.range(tf.shape(logits)[0]), logits, from_logits=True))

    def clip_loss(similarity):
        caption_loss = contrastive_loss(similarity)
        image_loss = contrastive_loss(tf.transpose(similarity))
        return (caption_loss + image_loss) / 2.0

    def other_loss(features, targets):
        first = contrastive_loss(features)
        second = tf.reduce_sum(tf.transpose(features) * targets)
        third = contrastive_loss(targets, tf.transpose(features))
        features = features * 2.0
        return first + second + third + contrastive_loss(tf.transpose(features)) + pairwise(targets)

    def pairwise(feature):
        return tf.reduce_sum(tf.square(feature), 1) + tf.reduce_sum(tf.square(tf.transpose(feature)), 0)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(9, "TFP101", "info"), (14, "TFP101", "warning"), (15, "TFP101", "warning"),
                                      (17, "TFP101", "warning"), (20, "TFP101", "warning")]
    assert "a square pairwise matrix" in found[0][3]


def test_a_branch_on_a_setting_read_with_a_false_default_is_off_the_default_path():
    code = """\
    import tensorflow as tf

    class Attention(tf.keras.layers.Layer):
        def __init__(self, config):
            super().__init__()
            self.talking_head = getattr(config, "talking_head", False)
            self.mixed = getattr(config, "mixed", True)
            self.relative = config.relative

        def call(self, scores):
            if self.talking_head:
                scores = self.proj(tf.transpose(scores, [0, 2, 3, 1]))
            if self.mixed:
                scores = self.proj(tf.transpose(scores, [0, 2, 3, 1]))
            if self.relative:
                scores = self.proj(tf.transpose(scores, [0, 2, 3, 1]))
            return scores
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(12, "TFP101", "info"), (14, "TFP101", "warning"), (16, "TFP101", "warning")]
    assert "getattr(..., 'talking_head', False)" in found[0][3]


def test_an_opt_in_copy_keeps_the_advice_of_the_copy_not_its_message():
    """The info restates the finding (a copy made where a user turns the option on): its fix is still how to avoid
    the copy, not the message repeated (as it was until session 30)."""
    code = """\
    import tensorflow as tf

    def rotate(a, swap=False):
        if swap:
            a = tf.transpose(a, (0, 2, 3, 1))
        return a * 2.0
    """
    [finding] = lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101"])
    assert finding.severity.value == "info" and "opts into, off by default" in finding.message
    assert finding.fix.description == ("if it only matches the layout of the labels or inputs, produce that layout in "
                                       "the data loader (the guide's remedy); else keep the last axis in place")
