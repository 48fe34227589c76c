"""TFP702 and a reinforcement-learning library's agent (set 73's imbDRL): a project class stores a TF-Agents agent
(`self.agent = DdqnAgent(...)`, whose networks are Keras layers a global policy reaches) and trains it with
`self.agent.train(experience)`; a script (no `__main__` guard) builds the class and calls its `train`. The script is
a training program without a policy: a warning at its call. The same script that sets a 16-bit policy first, and an
agent of another library (not known to train Keras networks), give none."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

AGENT = """\
import tensorflow as tf
from tf_agents.agents.dqn.dqn_agent import DdqnAgent
from tf_agents.networks.sequential import Sequential


class Trainer:
    def __init__(self, layers, env):
        self.q_net = Sequential(layers, env.observation_spec())
        self.agent = DdqnAgent(env.time_step_spec(), env.action_spec(), q_network=self.q_net,
                               optimizer=tf.keras.optimizers.Adam(1e-3))

    def train(self, dataset, episodes):
        for experience in dataset.take(episodes):
            self.agent.train(experience)
"""
SCRIPT = """\
import tensorflow as tf
from pkg.agent import Trainer
POLICY
trainer = Trainer([tf.keras.layers.Dense(64, activation="relu"), tf.keras.layers.Dense(2)], make_env())
trainer.train(make_dataset(), 1000)
"""


def findings(root, agent=AGENT, policy=""):
    files = {"pkg/__init__.py": "", "pkg/agent.py": agent, "pkg/train.py": SCRIPT.replace("POLICY", policy)}
    result = lint_paths([str(project(root, files))], select=["TFP702"], target="gaudi2", jobs=1)
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings]


def test_a_script_that_trains_a_tf_agents_agent_without_a_policy_is_a_warning(tmp_path):
    assert findings(tmp_path) == [("train.py", 5, "warning")]


@pytest.mark.parametrize("agent, policy", [
    (AGENT, 'tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")'),
    (AGENT.replace("from tf_agents.agents.dqn.dqn_agent import DdqnAgent", "from rl_library.dqn import DdqnAgent"),
     ""),
])
def test_a_policy_set_first_or_another_librarys_agent_gives_none(tmp_path, agent, policy):
    assert findings(tmp_path, agent, policy) == []



# a local name is an agent only where every binding that reaches the call constructs one: not a parameter the caller
# may give (of any library) that one path rebinds
def local_agent(binding):
    return AGENT.replace("""    def train(self, dataset, episodes):
        for experience in dataset.take(episodes):
            self.agent.train(experience)""", f"""    def train(self, dataset, episodes{binding}
            agent = DdqnAgent(None, None, q_network=self.q_net)
        for experience in dataset.take(episodes):
            agent.train(experience)""")


@pytest.mark.parametrize("binding, expected", [
    ("):\n        if True:", [("train.py", 5, "warning")]),
    (", agent=None):\n        if agent is None:", []),
])
def test_a_local_agent_is_one_only_where_every_binding_constructs_one(tmp_path, binding, expected):
    assert findings(tmp_path, local_agent(binding)) == expected
