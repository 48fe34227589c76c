"""Contexts held-out set 19 (an RL library) showed reported on the training step when the code runs off it, each
mechanism with its look-alike.

TFP501: a function handed to a constructor that only stores it on the instance (`self._baseline_fn = fn`) and
whose class's methods only call it runs where those methods run (`PARAMETER_CALL` of the class): in a metric's
`call` (a class deriving a `*Metric` base), evaluation code. Stored and handed on, it stays an unknown caller.

TFP101: a transpose reached only through a policy's action selection, a template method (a public `action()` /
`distribution()` of a project base that dispatches to the `_action` / `_distribution` its subclasses override),
is inference-side, as Keras's `predict`; unless a root of the training step (the agent's loss, a layer's call)
reaches the same function.

TFP501: a callback that returns nothing (`Tout=[]`) whose function returns nothing and writes to a file its class
or a `with` opened (`tf.io.TFRecordWriter`, `open`) is data export. A callback in the wrapper a decorator makes
(`functools.wraps(func)(wrapper)`), when nothing in the project applies the decorator or its factory outside
tests, is a utility."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def project(tmp_path, files, select):
    result = lint_paths([str(tree(tmp_path, files))], target="gaudi2", select=[select], jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value, f.message)
                  for f in result.findings)


# --- TFP501: a function a metric's constructor stores and its `call` runs

METRICS = """\
import tensorflow as tf


class StepMetric(tf.Module):
    def __call__(self, *args):
        return self.call(*args)


class RegretMetric(StepMetric):
    def __init__(self, baseline_fn, name="regret"):
        super().__init__(name=name)
        if baseline_fn is None:
            raise ValueError("baseline_fn")
        self._baseline_fn = baseline_fn
        self.regret = tf.Variable(0.0)

    def call(self, obs, reward):
        self.regret.assign(tf.reduce_mean(self._baseline_fn(obs) - reward))
        return reward


class KerasRegret(tf.keras.metrics.Metric):
    def __init__(self, fn, **kwargs):
        super().__init__(**kwargs)
        self._fn = fn
        self.total = self.add_weight(name="total", initializer="zeros")

    def update_state(self, obs, reward):
        self.total.assign_add(tf.reduce_sum(self._fn(obs) - reward))

    def result(self):
        return self.total
"""

ORACLES = """\
import functools
import numpy as np
import tensorflow as tf


def optimal_reward(obs, table):
    return np.max(obs @ table, axis=-1).astype(np.float32)


def tf_optimal_reward(obs, table):
    return tf.py_function(functools.partial(optimal_reward, table=table), [obs], tf.float32)


def tf_optimal_gap(obs):
    return tf.py_function(lambda o: np.float32(o.max() - o.min()), [obs], tf.float32)
"""

PROGRAM = """\
import functools
import tensorflow as tf
from pkg import metrics, oracles


def main(table, driver):
    fn = functools.partial(oracles.tf_optimal_reward, table=table)
    regret = metrics.RegretMetric(fn)
    gap = metrics.KerasRegret(oracles.tf_optimal_gap)
    driver.run(observers=[regret, gap])
"""


def test_a_function_only_a_metric_constructor_is_handed_runs_in_the_metric(tmp_path):
    found = project(tmp_path, {"pkg/__init__.py": "", "pkg/metrics.py": METRICS, "pkg/oracles.py": ORACLES,
                               "pkg/train.py": PROGRAM}, "TFP501")
    assert [f[:3] for f in found] == [("oracles.py", 11, "info"), ("oracles.py", 15, "info")]
    assert all("evaluation code" in f[3] for f in found)


TRAINER = """\
import tensorflow as tf


class Trainer:
    def __init__(self, model, reward_fn):
        self._model = model
        self._reward_fn = reward_fn

    def train_step(self, obs, optimizer):
        with tf.GradientTape() as tape:
            loss = -tf.reduce_mean(self._model(obs) * self._reward_fn(obs))
        grads = tape.gradient(loss, self._model.trainable_variables)
        optimizer.apply_gradients(zip(grads, self._model.trainable_variables))
"""

HANDED_ON = METRICS.replace("        self.regret.assign(tf.reduce_mean(self._baseline_fn(obs) - reward))",
                            "        self.regret.assign(tf.reduce_mean(self._baseline_fn(obs) - reward))\n"
                            "        self.shared = [self._baseline_fn]")


def test_a_function_a_training_class_stores_or_a_metric_hands_on_keeps_the_warning(tmp_path):
    trainer = """\
        import tensorflow as tf
        from pkg import oracles, trainer

        def main(model, optimizer, obs):
            trainer.Trainer(model, oracles.tf_optimal_gap).train_step(obs, optimizer)
        """
    found = project(tmp_path / "a", {"pkg/__init__.py": "", "pkg/trainer.py": TRAINER, "pkg/oracles.py": ORACLES,
                                     "pkg/train.py": trainer}, "TFP501")
    assert ("oracles.py", 15, "warning") in [f[:3] for f in found]
    found = project(tmp_path / "b", {"pkg/__init__.py": "", "pkg/metrics.py": HANDED_ON, "pkg/oracles.py": ORACLES,
                                     "pkg/train.py": PROGRAM}, "TFP501")
    assert [f[:3] for f in found] == [("oracles.py", 11, "warning"), ("oracles.py", 15, "info")]


# --- TFP101: a transpose reached only through a policy's action selection

POLICY = """\
import tensorflow as tf


class Policy(tf.Module):
    def action(self, time_step):
        return self._action(time_step)

    def distribution(self, time_step):
        return self._distribution(time_step)

    def _action(self, time_step):
        return self._distribution(time_step).sample()

    def _distribution(self, time_step):
        raise NotImplementedError


def scores(values):
    return tf.transpose(values, [1, 0])


class LinearPolicy(Policy):
    def __init__(self, theta):
        super().__init__()
        self._theta = theta

    def _distribution(self, time_step):
        per_arm = tf.einsum("bd,kd->kb", time_step, self._theta)
        return tf.transpose(per_arm) + scores(per_arm)
"""

AGENT = """\
import tensorflow as tf
from pkg.policy import LinearPolicy


class RewardNet(tf.keras.layers.Layer):
    def call(self, x):
        return tf.nn.relu(x)


class Agent:
    def __init__(self):
        self._net = RewardNet()

    def train(self, experience, optimizer):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self._net(experience))
        variables = self._net.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))


def train_eval(theta, experience, optimizer, obs):
    agent = Agent()
    collect_policy = LinearPolicy(theta)
    for _ in range(10):
        collect_policy.action(obs)
        agent.train(experience, optimizer)
"""


def test_a_transpose_only_a_policys_action_selection_reaches_is_inference(tmp_path):
    found = project(tmp_path, {"pkg/__init__.py": "", "pkg/policy.py": POLICY, "pkg/agent.py": AGENT}, "TFP101")
    assert [f[:3] for f in found] == [("policy.py", 19, "info"), ("policy.py", 29, "info")]
    assert all("inference-only code" in f[3] for f in found)


def test_a_transpose_the_agents_loss_also_reaches_or_without_an_acting_dispatcher_keeps_the_warning(tmp_path):
    loss = AGENT.replace("import tensorflow as tf\n", "import tensorflow as tf\nfrom pkg import policy\n") + """

class ScoringAgent(Agent):
    def _loss(self, rewards, targets):
        return tf.reduce_mean(tf.square(policy.scores(rewards) - targets))
"""
    found = project(tmp_path / "a", {"pkg/__init__.py": "", "pkg/policy.py": POLICY, "pkg/agent.py": loss}, "TFP101")
    assert [f[:3] for f in found] == [("policy.py", 19, "warning"), ("policy.py", 29, "info")], found
    # the same template method under other names (a model's `estimate()` dispatching to `_estimate`): no acting
    plain = POLICY.replace("action", "advance").replace("distribution", "estimate")
    found = project(tmp_path / "b", {"pkg/__init__.py": "", "pkg/policy.py": plain,
                                     "pkg/agent.py": AGENT.replace("action", "advance")}, "TFP101")
    assert [f[:3] for f in found] == [("policy.py", 19, "warning"), ("policy.py", 29, "warning")]


# --- TFP501: an output-less callback whose function only writes to a file; a decorator nothing applies

def lint(code: str):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP501"])]


EXPORT = """\
import tensorflow as tf


class RecordObserver:
    def __init__(self, path, encoder):
        self._writer = tf.io.TFRecordWriter(path)
        self._encoder = encoder

    def write(self, *data):
        self._writer.write(self._encoder(data))

    def __call__(self, data):
        tf.numpy_function(self.write, tf.nest.flatten(data), [], name="observer")


def dump(x, path):
    def _append(a):
        with open(path, "a") as f:
            f.write(str(a))
    tf.py_function(_append, [x], [])
    return x
"""


def test_an_output_less_callback_that_only_writes_to_a_file_is_data_export():
    found = lint(EXPORT)
    assert [f[:2] for f in found] == [(13, "info"), (20, "info")]
    assert "self._writer.write() on tf.io.TFRecordWriter" in found[0][2] and "f.write() on open" in found[1][2]


def test_a_callback_with_outputs_or_that_writes_no_file_keeps_the_warning():
    with_output = EXPORT.replace("        self._writer.write(self._encoder(data))",
                                 "        self._writer.write(self._encoder(data))\n        return len(data)").replace(
        'tf.nest.flatten(data), [], name="observer"', 'tf.nest.flatten(data), [tf.int64], name="observer"')
    in_memory = EXPORT.replace("tf.io.TFRecordWriter(path)", "Buffer(path)").replace(
        'with open(path, "a") as f:', "with make_sink(path) as f:")
    assert [f[:2] for f in lint(with_output)] == [(14, "warning"), (21, "info")]
    assert [f[:2] for f in lint(in_memory)] == [(13, "warning"), (20, "warning")]


DECORATOR = """\
import functools
import tensorflow as tf


def np_function(func=None, output_dtypes=None):
    def decorated(func):
        def wrapper(*args):
            return tf.py_function(func, args, output_dtypes)
        return functools.wraps(func)(wrapper)
    if func is not None:
        return decorated(func)
    return decorated
"""

DECORATED_IN_TESTS = """\
import tensorflow as tf
from pkg import utils


@utils.np_function(output_dtypes=tf.float32)
def twice(x):
    return 2 * x


def test_twice():
    assert twice(tf.constant(1.0)) == 2.0
"""

DECORATED_IN_A_LOSS = """\
import tensorflow as tf
from pkg import utils


@utils.np_function(output_dtypes=tf.float32)
def reward(x):
    return 2 * x


def loss(x):
    return tf.reduce_mean(reward(x))
"""


def test_a_callback_in_a_decorator_nothing_applies_outside_tests_is_a_utility(tmp_path):
    found = project(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": DECORATOR,
                               "pkg/utils_test.py": DECORATED_IN_TESTS}, "TFP501")
    assert [f[:3] for f in found] == [("utils.py", 8, "info")]
    assert "the decorator np_function makes, which nothing in the project applies" in found[0][3]


def test_a_callback_in_a_decorator_the_project_applies_keeps_the_warning(tmp_path):
    found = project(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": DECORATOR,
                               "pkg/utils_test.py": DECORATED_IN_TESTS, "pkg/model.py": DECORATED_IN_A_LOSS},
                    "TFP501")
    assert [f[:3] for f in found] == [("utils.py", 8, "warning")]


def test_a_factorys_closure_over_its_settings_is_no_decorator(tmp_path):
    factory = """\
        import numpy as np
        import tensorflow as tf

        def make_loss(weights):
            def loss(labels, logits):
                score = tf.numpy_function(lambda a: np.float32(a.mean()), [logits * weights], tf.float32)
                return tf.reduce_mean(labels) - score
            return loss
        """
    found = project(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": textwrap.dedent(factory)}, "TFP501")
    assert [f[:3] for f in found] == [("losses.py", 6, "warning")]
