"""Sets 19 and 20's shape mechanisms: TFP601's metrics in a module of losses, axis lists that cover the last
axis, ranks through reductions; TFP101's perm of a literal head and a `range` tail judged per call."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, path: str = "model.py", select: str = "TFP601", target: str = "gaudi2"):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=[select])]


METRICS = """\
import tensorflow as tf

def end_point_error(y_true, y_pred):
    epe = tf.sqrt(tf.reduce_sum((y_pred - y_true) ** 2, axis=-1))
    result = {"epe": tf.reduce_mean(epe), "1px": tf.reduce_mean(tf.cast(epe < 1, tf.float32))}
    return result

class EndPointError(tf.keras.metrics.Metric):
    def update_state(self, y_true, y_pred):
        epe = tf.sqrt(tf.reduce_sum((y_pred - y_true) ** 2, axis=-1))
        self.total.assign_add(tf.reduce_mean(epe))

def flow_error(y_true, y_pred):
    epe = tf.sqrt(tf.reduce_sum((y_pred - y_true) ** 2, axis=-1))  # expect: TFP601
    return tf.reduce_mean(epe)

def split_loss(y_true, y_pred):
    per_class = tf.reduce_sum(y_pred * y_true, axis=-1)  # expect: TFP601
    return {"total_loss": tf.reduce_mean(per_class), "other": tf.reduce_mean(y_pred)}
"""


def test_a_metric_in_a_module_of_losses_is_no_loss():
    """VALID: a function returning a dict of named means and a keras Metric's update_state, in losses.py;
    INVALID: a plain function of the module, and one returning a dict one of whose keys says loss."""
    assert lint(METRICS, "losses.py") == [(14, "TFP601", "info"), (18, "TFP601", "info")]


def test_a_loss_named_function_returning_means_stays_a_loss():
    code = """\
    import tensorflow as tf

    def flow_loss(y_true, y_pred):
        epe = tf.reduce_sum((y_pred - y_true) ** 2, axis=-1)
        return {"epe": tf.reduce_mean(epe)}
    """
    assert lint(code) == [(4, "TFP601", "info")]


PENALTY = """\
import tensorflow as tf

def gradient_penalty(gradients):
    norm2 = 0.0
    for g in gradients:
        g2 = tf.square(g)
        dims = len(g.shape)
        if dims > 1:
            g2 = tf.reduce_sum(g2, axis=list(range(1, dims)))  # expect: TFP601
        norm2 += g2
    return tf.reduce_mean(tf.sqrt(norm2))

class GradientPenaltyLayer(tf.keras.layers.Layer):
    def call(self, g):
        return tf.reduce_sum(tf.square(g), axis=tuple(range(1, g.shape.ndims)))  # expect: TFP601

def other_loss(x, y, g):
    leading = tf.reduce_sum(x, axis=list(range(1, len(y.shape))))
    short = tf.reduce_sum(x, axis=tuple(range(1, x.shape.ndims - 1)))
    return leading + short + tf.reduce_sum(x * g, axis=list(range(1, len(y.shape))))

def cross_entropy(y, t):
    return -tf.reduce_sum(t * tf.math.log(tf.clip_by_value(y, 1e-10, 1.0)), axis=list(range(1, len(y.shape))))
"""


def test_an_axis_range_up_to_the_rank_covers_the_last_axis():
    """INVALID: `range(k, rank)` of the summed tensor (or of what it is made of elementwise, either operand of a
    product too: set 59's tftf cross-entropy), in a loss or a penalty; VALID: a range up to another tensor's rank,
    or short of the rank."""
    assert lint(PENALTY) == [(9, "TFP601", "info"), (15, "TFP601", "info"), (23, "TFP601", "info")]


def test_a_class_named_for_a_loss_is_a_loss_but_not_a_metric():
    code = """\
    import tensorflow as tf

    class FocalLoss(object):
        def __call__(self, y_true, y_pred):
            return tf.reduce_sum(y_true * tf.math.log(y_pred), axis=-1)

    class LossMetric(tf.keras.metrics.Metric):
        def update_state(self, y_true, y_pred):
            self.total.assign_add(tf.reduce_mean(tf.reduce_sum(y_true * y_pred, axis=-1)))
    """
    assert lint(code) == [(5, "TFP601", "info")]


SWAPS = """\
import tensorflow as tf

class Agent:
    def _swap_tile_and_batch(self, t):
        return tf.transpose(t, [1, 0] + list(range(2, len(t.shape))))

    def _swap_known(self, t):
        return tf.transpose(t, [1, 0] + list(range(2, t.shape.ndims)))

    def _swap_wide(self, t):
        perm = [1, 0] + list(range(2, len(t.shape)))
        return tf.transpose(t, perm)

    def train(self, dist, n, x):
        actions = dist.sample(n)
        log_pi = dist.log_prob(actions)
        a = self._swap_tile_and_batch(actions)
        b = self._swap_tile_and_batch(log_pi)
        c = self._swap_known(tf.reshape(x, [-1, 8]))
        d = self._swap_wide(tf.zeros([4, 8, 16]))
        y = tf.reshape(x, [4, 8, 3])
        f = tf.transpose(y, [1, 0] + list(range(2, len(y.shape))))
        g = tf.transpose(tf.zeros([4, 8]), [1, 0] + list(range(2, 5)))
        return a, b, c, d, f, g
"""


def test_a_literal_head_then_a_range_tail_is_judged_at_its_inputs_rank():
    """`[1, 0] + list(range(2, len(t.shape)))` moves the last axis only at rank 2: a call passing a 2-D tensor
    makes it a warning (INVALID, line 8), calls passing wider tensors or a stated 3-D input keep the last axis
    (VALID, lines 12 and 22), inputs of unknown rank leave it at info (line 5); a range to another bound is not
    read (line 23)."""
    found = lint(SWAPS, select="TFP101")
    assert found == [(5, "TFP101", "info"), (8, "TFP101", "warning")]
    messages = [f.message for f in lint_text(SWAPS, "model.py", target="gaudi2", select=["TFP101"])]
    # (the parameter's shape is what its one call passes, [?, 8]: 2-D at the transpose; a stated [4, 8] would be
    # 32 elements, a launch's cost: info)
    assert "(2-D here) of [?, 8]" in messages[1]
    assert "does not state the rank of t" in messages[0]


def test_an_axis_range_over_every_axis_or_over_a_losss_values_is_not_read():
    """VALID: `range(rank)` / `range(0, rank)` sum every axis (a full reduction); a loss's own values summed over
    their trailing axes (time steps, actions: the loss reduced its features already)."""
    code = """\
    import tensorflow as tf

    def kl_loss(kl, critic_loss, entropies, outer_rank):
        total = tf.reduce_sum(kl, axis=list(range(len(kl.shape))))
        full = tf.reduce_sum(kl, axis=list(range(0, len(kl.shape))))
        critic_loss = tf.reduce_sum(critic_loss, axis=range(1, critic_loss.shape.rank))
        entropy = tf.reduce_sum(entropies, axis=list(range(outer_rank, entropies.shape.rank)))
        return total + full + critic_loss + entropy
    """
    assert lint(code) == []


def test_a_head_then_range_perm_of_unstated_rank_is_no_matmul_flag():
    """VALID for TFP103: at rank 3 `[1, 0, 2]` is no swap of the last two axes, so no matmul flag replaces it."""
    code = """\
    import tensorflow as tf

    def scores(q, k):
        kt = tf.transpose(k, [1, 0] + list(range(2, len(k.shape))))
        return tf.matmul(q, kt)
    """
    assert lint(code, select="TFP103") == []
    assert lint(code, select="TFP101") == [(4, "TFP101", "info")]
