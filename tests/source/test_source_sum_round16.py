"""TFP601 forms from the sixteenth session's round (issue 11), each with look-alikes:

- the sum of a Keras backend the code is handed rather than imports (`backend = kwargs["backend"]`), known by a
  function only Keras's backend has that the file reads of the same name (`backend.epsilon()`);
- the rank of a tensor of unknown shape read off the tensors the code elsewhere combines it with elementwise (a mask
  also multiplied by the `[B, B]` matrix it masks), or that a comment states (`# 2D tensor`, `# [batch, dim]`).
"""

from __future__ import annotations

import textwrap

from test_source_transpose_set11 import lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_text

INJECTED = """\
    def categorical_crossentropy(gt, pr, **kwargs):
        backend = kwargs["backend"]
        axis = 3 if backend.image_data_format() == "channels_last" else 1
        pr /= backend.sum(pr, axis=axis, keepdims=True)
        pr = backend.clip(pr, backend.epsilon(), 1 - backend.epsilon())
        return -backend.mean(gt * backend.log(pr))
    """


def test_the_sum_of_a_keras_backend_handed_in_is_a_sum():
    assert lint(INJECTED, select=("TFP601",), path="functional.py") == [(4, "TFP601", "info")]


def test_a_sum_method_of_anything_else_is_no_sum():
    # an array library's `sum` (numpy's, an object the code is handed that no Keras-only function is read of): silent
    numpy = """\
    import numpy as np

    def categorical_crossentropy(gt, pr):
        return -np.sum(gt * np.log(pr), axis=-1)
    """
    handed = INJECTED.replace("backend.image_data_format()", "'channels_last'").replace(
        "backend.epsilon()", "1e-7")
    parameter = """\
    def categorical_crossentropy(gt, pr, backend):
        axis = 3 if backend.image_data_format() == "channels_last" else 1
        return backend.sum(gt * pr, axis=axis)
    """
    assert lint(numpy, select=("TFP601",), path="functional.py") == []
    assert lint(handed, select=("TFP601",), path="functional.py") == []
    assert lint(parameter, select=("TFP601",), path="functional.py") == []


USES = """\
    import tensorflow as tf

    def soft_nn_loss(labels, embeddings, distance, build_masks):
        batch_size = tf.size(labels)
        negexpd = tf.math.exp(-distance(embeddings, embeddings))
        diag_mask = tf.cast(tf.logical_not(tf.linalg.diag(tf.ones(batch_size, dtype=tf.bool))), tf.float32)
        negexpd = tf.math.multiply(negexpd, diag_mask)
        pos_mask = tf.cast(build_masks(labels), tf.float32)
        same = tf.reduce_sum(tf.math.multiply(negexpd, pos_mask), axis=1)
        count = tf.reduce_sum(pos_mask, axis=1)
        return same / count
    """


def test_a_mask_the_code_multiplies_by_a_2d_matrix_is_2d():
    assert lint(USES, select=("TFP601",), path="model.py") == [(9, "TFP601", "info"), (10, "TFP601", "info")]


def test_uses_that_disagree_or_say_nothing_state_no_rank():
    cube = USES.replace("same = tf.reduce_sum(tf.math.multiply(negexpd, pos_mask), axis=1)",
                        "same = tf.reduce_sum(tf.math.multiply(negexpd, pos_mask), axis=1) + tf.reduce_sum("
                        "pos_mask * tf.zeros([4, 4, 4]))")
    scalar = USES.replace("tf.math.multiply(negexpd, pos_mask)", "pos_mask * 2.0")
    # a 3-D partner too: the ranks disagree; only a scalar partner: no rank
    assert lint(cube, select=("TFP601",), path="model.py") == [(9, "TFP601", "info")]
    assert lint(scalar, select=("TFP601",), path="model.py") == []


COMMENTED = """\
    import tensorflow as tf

    def negative_cosine_loss(projector, predictor, queries, keys):
        projector = tf.math.l2_normalize(projector, axis=1)
        predictor = tf.math.l2_normalize(predictor, axis=1)
        # 2D tensor
        vals = predictor * projector
        similarity = tf.reduce_sum(vals, axis=1)
        scores = queries * keys  # [batch_size, num_keys]
        per_query = tf.reduce_sum(scores, axis=1)
        # [B, T] -> [B, T, D]
        hidden = tf.expand_dims(queries, -1) * keys
        return similarity + per_query + tf.reduce_sum(hidden, axis=2)
    """


def test_the_rank_a_shape_comment_states():
    # a comment-only line above the assignment, one ending it, the last shape of an arrow: reported, saying so
    assert lint(COMMENTED, select=("TFP601",), path="model.py") == [
        (8, "TFP601", "info"), (10, "TFP601", "info"), (13, "TFP601", "info")]
    [first, _, _] = lint_text(textwrap.dedent(COMMENTED), "model.py", target="gaudi2", select=["TFP601"])
    assert "by the rank the comment on line 6 states" in first.message


def test_comments_that_state_no_rank_or_another():
    # prose that mentions a bracket, a 3-D shape for an axis-1 sum, a shape above another statement: silent
    prose = COMMENTED.replace("# 2D tensor", "# the [a, b] pair of views").replace(
        "# [batch_size, num_keys]", "# [batch, heads, keys]").replace("# [B, T] -> [B, T, D]", "# [B, T, D, E]")
    assert lint(prose, select=("TFP601",), path="model.py") == []
    apart = COMMENTED.replace("        # 2D tensor\n        vals", "        # 2D tensor\n        n = 2\n        vals")
    assert (8, "TFP601", "info") not in lint(apart, select=("TFP601",), path="model.py")


DISTRIBUTIONS = """\
    import tensorflow as tf
    import tensorflow_probability as tfp

    class CategoricalDistribution:
        def __init__(self, logits):
            self.logits = logits

        def sample(self):
            return tf.argmax(self.logits, axis=-1)

        def entropy(self):
            p = tf.nn.softmax(self.logits)
            return -tf.reduce_sum(p * tf.nn.log_softmax(self.logits), axis=-1)

    class GaussianDistribution(CategoricalDistribution):
        def entropy(self):
            return tf.reduce_sum(self.logits + 1.42, axis=-1)

    class MaskedCategorical(tfp.distributions.Categorical):
        def _entropy(self):
            return -tf.reduce_sum(tf.nn.log_softmax(self.logits) * self.probs_parameter(), axis=-1)
    """


def test_a_distributions_entropy_is_its_statistic_not_a_loss():
    # a class that samples (or whose base of the file does), one of a distributions module's classes: silent
    assert lint(DISTRIBUTIONS, select=("TFP601",), path="distributions.py") == []


def test_entropy_outside_a_distribution_is_a_loss():
    # a class that does not sample; a function of its own; a loss named for entropy in a distribution: reported
    regularizer = DISTRIBUTIONS.replace("def sample(self):", "def mode(self):").replace(
        "(tfp.distributions.Categorical)", "(tf.Module)")
    assert lint(regularizer, select=("TFP601",), path="distributions.py") == [
        (13, "TFP601", "info"), (17, "TFP601", "info"), (21, "TFP601", "info")]
    loss = DISTRIBUTIONS.replace("def entropy(self):\n            p =", "def entropy_loss(self):\n            p =")
    assert lint(loss, select=("TFP601",), path="distributions.py") == [(13, "TFP601", "info")]
    function = """\
    import tensorflow as tf

    def entropy(logits):
        return -tf.reduce_sum(tf.nn.softmax(logits) * tf.nn.log_softmax(logits), axis=-1)
    """
    assert lint(function, select=("TFP601",), path="model.py") == [(4, "TFP601", "info")]
