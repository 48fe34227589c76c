"""TFP702: a program that trains through a class method of a project class (reinforcement-learning-keras' scripts:
`DeepQAgent.example(config)` builds the agent with `cls(**config)`, or loads it with `cls.load(fn)` annotated to
return its own class, then `agent.train()`, the base's template method, runs the subclass's `_play_episode`, whose
`update_model` calls `train_on_batch`). The class method is followed from the call on the class, `cls(...)` makes
an instance of the class it is defined in, and a class method annotated to return its class is an alternative
constructor. A class method that returns something else, called the same way, leaves the object's class unknown."""

from __future__ import annotations

from conftest import write_tree as project
from tfperf.source import lint_paths

BASE = """\
import abc


class AgentBase(abc.ABC):
    @abc.abstractmethod
    def _play_episode(self, training=False):
        pass

    def train(self, n_episodes=10):
        for _ in range(n_episodes):
            self._play_episode(training=True)

    @classmethod
    def load(cls, fn) -> {returned}:
        import joblib
        return joblib.load(fn)
"""

AGENT = """\
import os

import tensorflow as tf

from pkg.base import AgentBase


class DeepQAgent(AgentBase):
    def __init__(self, units=16):
        self._model = tf.keras.Sequential([tf.keras.layers.Dense(units), tf.keras.layers.Dense(2)])
        self._model.compile(loss="mse")

    def update_model(self):
        self._model.train_on_batch(tf.zeros([4, 8]), tf.zeros([4, 2]))

    def _play_episode(self, training=False):
        if training:
            self.update_model()

    @classmethod
    def example(cls, config, n_episodes=500):
        if os.path.exists(config.get("name", "")):
            agent = cls.load(config["name"])
        else:
            agent = cls(**config)
        agent.train(n_episodes=n_episodes)
        return agent
"""

SCRIPT = """\
from pkg.dqn import DeepQAgent

if __name__ == "__main__":
    agent = DeepQAgent.example(config={"units": 8}, n_episodes=10)
    agent.save()
"""


def findings(root, returned):
    files = {"pkg/__init__.py": "", "pkg/base.py": BASE.format(returned=returned), "pkg/dqn.py": AGENT,
             "scripts/run_dqn.py": SCRIPT}
    result = lint_paths([str(project(root, files))], select=["TFP702"], target="gaudi2", jobs=1)
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings]


def test_a_program_that_trains_through_a_class_method_is_reported_at_its_call(tmp_path):
    assert ("run_dqn.py", 4, "warning") in findings(tmp_path, '"AgentBase"')


def test_a_load_that_returns_something_else_leaves_the_agent_unknown(tmp_path):
    found = findings(tmp_path, "object")
    assert not [f for f in found if f[0] == "run_dqn.py"]
    assert ("dqn.py", 10, "info") in found  # (the model's library code, as before)
