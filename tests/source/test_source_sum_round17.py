"""TFP601 sizes from the seventeenth session's round (issue 11), each with look-alikes:

- the number of an RL agent's actions, read of the environment's action space by Gym's Space API (`ac_space.n`,
  `action_space.shape[0]`), as the width of the dense layer that makes the policy's output or the depth of a
  one-hot: a handful (the labels' reduction-size convention), nothing for the MME;
- the same count where a parameter's docstring names the last dimension of its shape for the actions
  (`a_max: ... shape [B, action_dimension]`, `Shape is [T, B, num_actions]`).
"""

from __future__ import annotations

import pytest
from test_source_sum_sizes import reported_lines  # (pytest puts this directory on sys.path)

POLICY = """\
import numpy as np
import tensorflow as tf

def gaussian_entropy(log_std):
    return tf.reduce_sum(log_std + 0.5 * np.log(2.0 * np.pi * np.e), axis=-1)

class Policy:
    def __init__(self, ac_space):
        self.ac_space = ac_space

    def make_actor(self, h):
        log_std = tf.layers.dense(h, {width}, activation=None)
        log_std = tf.clip_by_value(log_std, -20, 2)
        self.entropy = gaussian_entropy(log_std)
        entropy_loss = -tf.reduce_mean(self.entropy)
        return entropy_loss

def q_loss(q_values, actions, env):
    n_actions = {depth}
    chosen = tf.reduce_sum(q_values * tf.one_hot(actions, n_actions), axis=-1)
    return tf.reduce_mean(chosen)
"""


def test_a_sum_over_the_actions_of_a_gym_action_space_is_a_handful():
    """SAC's diagonal-Gaussian entropy over `ac_space.shape[0]` action dimensions (the dense layer's width),
    a DQN's Q(s, a) picked by a one-hot over `action_space.n` actions."""
    code = POLICY.format(width="self.ac_space.shape[0]", depth="env.action_space.n")
    assert reported_lines(code, "policies.py") == []
    code = POLICY.format(width="int(self.action_space.shape[-1])", depth="int(env.action_space.n)")
    assert reported_lines(code, "policies.py") == []


@pytest.mark.parametrize("width, depth", [
    ("self.hidden_size", "env.vocab_size"),  # (widths the source does not state small)
    ("self.ac_space.shape[1]", "env.observation_space.n"),  # (not the action count: another axis, another space)
    ("self.space.shape[0]", "env.action_space_size"),  # (no Gym action space)
])
def test_other_widths_and_depths_keep_the_finding(width, depth):
    assert reported_lines(POLICY.format(width=width, depth=depth), "policies.py") == [5, 20]


DPG = '''\
import tensorflow as tf

def dpg_loss(q_max, a_max):
    """Deterministic policy gradient loss.

    Args:
      q_max: Q-values of (state, a_max), shape `[B]`.
      a_max: Tensor holding the optimal action, shape `[B, {last}]`.
      q_t: 3-D tensor of per-action Q-values. Shape is `[T, B, {last}]`.
    """
    dqda = tf.gradients([q_max], [a_max])[0]
    target_a = tf.stop_gradient(dqda + a_max)
    return 0.5 * tf.reduce_sum(tf.square(target_a - a_max), axis=-1)

def expected_q(q_t, probs_t):
    """Expected Q-value.

    Args:
      q_t: 3-D tensor of per-action Q-values. Shape is `[T, B, {last}]`.
      probs_t: 3-D tensor of the target policy's probabilities.
    """
    return tf.reduce_sum(probs_t * q_t, axis=2)

def expected_q_loss(q_t, probs_t):
    return expected_q(q_t, probs_t)
'''


@pytest.mark.parametrize("last", ["action_dimension", "num_actions", "A_actions"])
def test_a_last_dimension_a_docstring_names_for_the_actions_is_a_handful(last):
    """trfl's DPG loss over `[B, action_dimension]`, its Retrace target's expectation over `[T, B, num_actions]`
    (`Shape is ...`, as its docstrings say it)."""
    assert reported_lines(DPG.format(last=last), "dpg_losses.py") == []


@pytest.mark.parametrize("last", ["num_atoms", "transactions", "num_actions, num_atoms"])
def test_other_documented_last_dimensions_keep_the_finding(last):
    """The C51 atoms (51), a word that only contains "action", an action axis that is not the last."""
    assert reported_lines(DPG.format(last=last), "dpg_losses.py") == [13, 22]
