"""TFP702 for training programs that reach the training step only through project classes (held-out set 19: an RL
library's `train_eval.py` programs). The template method: a public method of a project base class
(`Agent.train`) dispatches to a private method the subclass overrides (`self._train(...)`, or through an attribute
bound in `__init__` to the wrapped bound method, `self._train_fn = tf.function(self._train)`); the override of the
class the program instantiates holds the GradientTape. An object handed to another project class's constructor
(`Learner(agent).run()`, `self._agent = agent` ... `self._agent.train(x)`) runs on the class the program made. A file
named for training and evaluation (`train_eval.py`) is a training program, not evaluation code."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.context import path_context

BASE = """\
import tensorflow as tf


class Agent(tf.Module):
    def __init__(self, network, optimizer):
        super().__init__()
        self._network = network
        self._optimizer = optimizer
        self._train_fn = tf.function(self._train)

    def train(self, experience):
        return self._train_fn(experience)

    def _train(self, experience):
        raise NotImplementedError
"""

# the decorator-factory form of the binding, and a base that does not define the private method at all
FACTORY_BASE = """\
import tensorflow as tf
from pkg import common


class Agent(tf.Module):
    def __init__(self, network, optimizer):
        super().__init__()
        self._network = network
        self._optimizer = optimizer
        self._train_fn = common.function_in_tf1()(self._train)

    def train(self, experience):
        loss = self._train_fn(experience=experience)
        return loss
"""

COMMON = """\
import tensorflow as tf


def function_in_tf1(**kwargs):
    def maybe_wrap(fn):
        return tf.function(fn, **kwargs)
    return maybe_wrap
"""

AGENTS = """\
import tensorflow as tf
from pkg import base


class DqnAgent(base.Agent):
    def _train(self, experience):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self._network(experience)))
        grads = tape.gradient(loss, self._network.trainable_variables)
        self._optimizer.apply_gradients(zip(grads, self._network.trainable_variables))
        return loss


class LinearAgent(base.Agent):
    def _train(self, experience):
        self._network.weights_sum.assign_add(tf.reduce_sum(experience))  # a closed-form update: no gradient
        return tf.constant(0.0)
"""

LEARNER = """\
import tensorflow as tf


class Learner:
    def __init__(self, root_dir, agent, strategy=None):
        self._root_dir = root_dir
        self._agent = agent
        self._strategy = strategy or tf.distribute.get_strategy()

    def run(self, iterations=1):
        for _ in range(iterations):
            loss = self._single_step()
        return loss

    def _single_step(self):
        experience = tf.zeros([8, 4])
        return self._strategy.run(self._agent.train, args=(experience,))
"""

PROGRAM = """\
import tensorflow as tf
from absl import app
from pkg import agents


def train_eval(num_iterations=10):
    network = tf.keras.Sequential([tf.keras.layers.Dense(256), tf.keras.layers.Dense(2)])
    agent = agents.{agent}(network, tf.keras.optimizers.Adam())

    def train_step():
        experience = tf.zeros([8, 4])
        return agent.train(experience)

    train_step = tf.function(train_step)
    for _ in range(num_iterations):
        train_step()


def main(_):
    train_eval()


if __name__ == "__main__":
    app.run(main)
"""

LEARNER_PROGRAM = """\
import tensorflow as tf
from absl import app
from pkg import agents, learner


def train_eval(root_dir, num_iterations=10):
    network = tf.keras.Sequential([tf.keras.layers.Dense(256), tf.keras.layers.Dense(2)])
    agent = agents.{agent}(network, tf.keras.optimizers.Adam())
    agent_learner = learner.Learner(root_dir, agent)
    for _ in range(num_iterations):
        agent_learner.run(iterations=1)


def main(_):
    train_eval("/tmp/run")


if __name__ == "__main__":
    app.run(main)
"""


def findings(tmp_path, program: str, base: str = BASE, name: str = "train_eval.py"):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": base, "pkg/common.py": COMMON, "pkg/agents.py": AGENTS,
                    "pkg/learner.py": LEARNER, f"pkg/examples/{name}": program})
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings)


@pytest.mark.parametrize("name", ["train_eval.py", "train.py", "dqn_train_eval_atari.py"])
def test_a_program_training_through_the_subclass_override_of_a_template_method_is_reported(tmp_path, name):
    [(path, line, severity)] = findings(tmp_path, PROGRAM.format(agent="DqnAgent"), name=name)
    assert (path, severity) == (name, "warning")
    assert PROGRAM.format(agent="DqnAgent").splitlines()[line - 1].strip() == "return agent.train(experience)"


def test_the_template_method_through_a_wrapper_factory_and_a_base_without_the_private_method(tmp_path):
    [(_, _, severity)] = findings(tmp_path, PROGRAM.format(agent="DqnAgent"), base=FACTORY_BASE)
    assert severity == "warning"


def test_a_subclass_whose_override_does_not_train_is_no_training_program(tmp_path):
    """The base's `train` dispatches to `_train`, and another subclass's override trains: the program's agent is
    the closed-form one, so the program trains no model through it."""
    assert findings(tmp_path, PROGRAM.format(agent="LinearAgent")) == []
    assert findings(tmp_path, PROGRAM.format(agent="LinearAgent"), base=FACTORY_BASE) == []


def test_an_agent_handed_to_a_learner_trains_where_the_learner_runs(tmp_path):
    program = LEARNER_PROGRAM.format(agent="DqnAgent")
    [(_, line, severity)] = findings(tmp_path, program)
    assert severity == "warning" and program.splitlines()[line - 1].strip() == "agent_learner.run(iterations=1)"


def test_a_learner_handed_an_agent_that_does_not_train_is_no_training_program(tmp_path):
    assert findings(tmp_path, LEARNER_PROGRAM.format(agent="LinearAgent")) == []


def test_a_learner_wrapping_a_generic_learner_hands_its_agent_on(tmp_path):
    """`self._generic = Learner(root_dir, agent)` in the wrapper's `__init__`, `self._generic.run()` in its `run`:
    the agent the program gives the wrapper is the one the generic learner trains. (A module that names no
    framework is linted only for the facts another file asks of it: the wrapper uses TensorFlow.)"""
    wrapper = """\
    import tensorflow as tf
    from pkg import learner


    class PPOLearner:
        def __init__(self, root_dir, agent, num_epochs=1):
            self._num_epochs = tf.constant(num_epochs)
            self._generic = learner.Learner(root_dir, agent)

        def run(self):
            return self._generic.run(iterations=self._num_epochs)
    """
    program = LEARNER_PROGRAM.replace("from pkg import agents, learner", "from pkg import agents, wrapper") \
        .replace("learner.Learner(root_dir, agent)", "wrapper.PPOLearner(root_dir, agent)")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/wrapper.py").write_text(wrapper.replace("\n    ", "\n").lstrip())
    [(_, _, severity)] = findings(tmp_path, program.format(agent="DqnAgent"))
    assert severity == "warning"
    assert findings(tmp_path, program.format(agent="LinearAgent")) == []


def test_a_file_named_for_training_and_evaluation_is_a_training_program():
    assert path_context("pkg/examples/train_eval.py") is None
    assert path_context("agents/dqn/examples/v2/dqn_train_eval_atari.py") is None
    assert path_context("pkg/train_and_evaluate.py") is None
    assert path_context("pkg/eval.py") == "eval"  # evaluation alone
    assert path_context("pkg/evaluation/train_eval.py") == "eval"  # (the directory says evaluation)
    assert path_context("pkg/train_eval_test.py") == "test"


def test_an_evaluation_program_that_trains_through_the_agent_is_evaluation_code(tmp_path):
    """The same program named `eval.py` is evaluation code: info at most, never a warning."""
    assert all(severity == "info" for _, _, severity in
               findings(tmp_path, PROGRAM.format(agent="DqnAgent"), name="eval.py"))
