"""TFP702: a program whose way to training goes through a call the source names only at run time, by the forms Python
offers for choosing a function from data: a method of `self` picked by a computed name (`getattr(self, command)()`, a
CLI's sub-command dispatch), a class picked from a registry dict by a computed key (`AGENTS[name](...)`, the dict in
this module or another), and a closure a project factory returns (`loop = make_loop(agent)` ... `loop()`, whose body
calls a method of the factory's parameter). Each may run any of its candidates: the program trains when one of them
trains; when none does (every sub-command only predicts, every registered class only evaluates) nothing is reported.
"""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

TRAINER = """\
import tensorflow as tf


class Agent:
    def __init__(self, units):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(units), tf.keras.layers.Dense(4)])
        self.optimizer = tf.keras.optimizers.Adam()

    def train(self, batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self.model(batch))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))


class Evaluator:
    def __init__(self, units):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(units), tf.keras.layers.Dense(4)])

    def train(self, batch):
        return self.model(batch, training=False)
"""

GETATTR_CLI = """\
import sys
from pkg.agents import {cls}


class CLI:
    def __init__(self):
        command = sys.argv[1]
        getattr(self, command)()

    def train(self):
        agent = {cls}(64)
        agent.train([[1.0]])

    def version(self):
        print("1.0")


def main():
    CLI()


if __name__ == "__main__":
    main()
"""

REGISTRY_HERE = """\
import sys
from pkg.agents import Agent, Evaluator

AGENTS = {{"a": {cls}, "b": {cls}}}


def main():
    agent = AGENTS[sys.argv[1]](64)
    agent.train([[1.0]])


if __name__ == "__main__":
    main()
"""

REGISTRY_MODULE = """\
from pkg.agents import Agent, Evaluator

registry = {{"a": {cls}, "b": {cls}}}
"""

REGISTRY_ELSEWHERE = """\
import sys
import pkg.registry


def main():
    agent = pkg.registry.registry[sys.argv[1]](64)
    agent.train([[1.0]])


if __name__ == "__main__":
    main()
"""

CLOSURE = """\
import sys
from pkg.agents import {cls}


def make_loop(agent, steps):
    def loop():
        for _ in range(steps):
            agent.train([[1.0]])
    return loop


def run(agent):
    loop = make_loop(agent, 10)
    loop()


def main():
    run(agent={cls}(64))


if __name__ == "__main__":
    main()
"""


def warnings(tmp_path, files: dict[str, str]) -> list[tuple[str, str]]:
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/agents.py": TRAINER, **files})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    return sorted((f.source.path.rpartition("/")[2], files[f.source.path.partition("/pkg/")[2] and
                                                              "pkg/" + f.source.path.rpartition("/pkg/")[2]]
                   .splitlines()[f.source.line - 1].strip()) for f in found
                  if f.severity.value == "warning" and not f.source.path.endswith("agents.py"))


def test_a_method_of_self_picked_by_a_computed_name_that_trains(tmp_path):
    """Reported at the call that leaves the program's own code for the project's training (`CLI()` runs
    `__init__`, which runs the sub-command's method, which calls the agent's `train`)."""
    assert warnings(tmp_path, {"pkg/cli.py": GETATTR_CLI.format(cls="Agent")}) == [("cli.py", "agent.train([[1.0]])")]


def test_a_method_of_self_picked_by_a_computed_name_none_of_which_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/cli.py": GETATTR_CLI.format(cls="Evaluator")}) == []


def test_a_class_from_a_registry_of_this_module_that_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": REGISTRY_HERE.format(cls="Agent")}) == \
        [("run.py", "agent.train([[1.0]])")]


def test_a_class_from_a_registry_of_this_module_none_of_which_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": REGISTRY_HERE.format(cls="Evaluator")}) == []


def test_a_class_from_a_registry_of_another_module_that_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/registry.py": REGISTRY_MODULE.format(cls="Agent"),
                               "pkg/run.py": REGISTRY_ELSEWHERE}) == [("run.py", "agent.train([[1.0]])")]


def test_a_class_from_a_registry_of_another_module_none_of_which_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/registry.py": REGISTRY_MODULE.format(cls="Evaluator"),
                               "pkg/run.py": REGISTRY_ELSEWHERE}) == []


def test_a_closure_a_factory_returns_calling_its_parameters_training_method(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": CLOSURE.format(cls="Agent")}) == [("run.py", "run(agent=Agent(64))")]


def test_a_closure_a_factory_returns_calling_a_method_that_does_not_train(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": CLOSURE.format(cls="Evaluator")}) == []


REGISTER = """\
class Register:
    def __init__(self):
        self._classes = {}

    def register(self, cls):
        self._classes[cls.__name__] = cls
        return cls

    def __getitem__(self, name):
        return self._classes[name]


class registers:
    solver = Register()
    task = Register()
"""

REGISTERED = """\
import tensorflow as tf
from pkg.agents import Agent, Evaluator
from pkg.register import registers


@registers.{registry}.register
class Solver:
    def __init__(self, units):
        self.agent = {cls}(units)

    def train(self):
        self.agent.train([[1.0]])
"""

REGISTRY_DECORATED = """\
import sys
from pkg.register import registers


def main():
    solver = registers.solver[sys.argv[1]](64)
    solver.train()


if __name__ == "__main__":
    main()
"""


def test_a_class_a_decorator_registers_that_trains(tmp_path):
    assert warnings(tmp_path, {"pkg/register.py": REGISTER, "pkg/solvers.py": REGISTERED.format(
        registry="solver", cls="Agent"), "pkg/main.py": REGISTRY_DECORATED}) == [("main.py", "solver.train()")]


def test_a_class_a_decorator_registers_that_does_not_train(tmp_path):
    assert warnings(tmp_path, {"pkg/register.py": REGISTER, "pkg/solvers.py": REGISTERED.format(
        registry="solver", cls="Evaluator"), "pkg/main.py": REGISTRY_DECORATED}) == []


def test_a_class_registered_into_another_registry_is_not_the_one_read(tmp_path):
    """`registers.task` holds the training class; the program reads `registers.solver`, which holds none."""
    assert warnings(tmp_path, {"pkg/register.py": REGISTER, "pkg/solvers.py": REGISTERED.format(
        registry="task", cls="Agent"), "pkg/main.py": REGISTRY_DECORATED}) == []


DEFAULT_FACTORY = """\
import sys
from pkg.agents import {cls}


def _default_loop(agent):
    def loop():
        agent.train([[1.0]])
    return loop


def run(agent, make_loop=None):
    if make_loop is None:
        make_loop = _default_loop
    loop = make_loop(agent)
    loop()


def main():
    agent = {cls}(64)
    run(agent)


if __name__ == "__main__":
    main()
"""


def test_a_closure_of_the_factory_a_parameter_defaults_to(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": DEFAULT_FACTORY.format(cls="Agent")}) == [("run.py", "run(agent)")]


def test_a_closure_of_the_factory_a_parameter_defaults_to_that_does_not_train(tmp_path):
    assert warnings(tmp_path, {"pkg/run.py": DEFAULT_FACTORY.format(cls="Evaluator")}) == []


PREDICTION_AGENT = """\
import tensorflow as tf


class RewardPredictionAgent:
    def __init__(self, units):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(units), tf.keras.layers.Dense(4)])
        self.optimizer = tf.keras.optimizers.Adam()

    def train(self, batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self.model(batch))
        grads = tape.gradient(loss, self.model.trainable_variables)
        {update}
"""

PREDICTION_PROGRAM = """\
from pkg.reward_prediction_agent import RewardPredictionAgent


def main():
    agent = RewardPredictionAgent(64)
    agent.train([[1.0]])


if __name__ == "__main__":
    main()
"""


def test_a_full_training_step_in_a_module_named_for_prediction(tmp_path):
    """The module's name says prediction (a reward-prediction agent); its method records a tape and applies the
    gradients with an optimizer: a training step, whatever the name."""
    update = "self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))"
    assert warnings(tmp_path, {"pkg/reward_prediction_agent.py": PREDICTION_AGENT.format(update=update),
                               "pkg/main.py": PREDICTION_PROGRAM}) == [("main.py", "agent.train([[1.0]])")]


def test_gradients_a_module_named_for_prediction_only_reads(tmp_path):
    """A tape whose gradients no optimizer applies (a saliency map) trains nothing."""
    assert warnings(tmp_path, {"pkg/reward_prediction_agent.py": PREDICTION_AGENT.format(update="return grads"),
                               "pkg/main.py": PREDICTION_PROGRAM}) == []
