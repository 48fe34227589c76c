"""TFP601 sizes from the seventeenth session's round (issue 11), each with look-alikes:

- the number of an RL agent's actions, read of the environment's action space by Gym's Space API (`ac_space.n`,
  `action_space.shape[0]`), as the width of the dense layer that makes the policy's output or the depth of a
  one-hot: a handful (the labels' reduction-size convention), nothing for the MME.
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
