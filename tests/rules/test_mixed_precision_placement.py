"""TFP702's policy line runs before the model's first layer is constructed, on every path that
builds it: each fixed text is checked exactly, then run with real Keras (tiny models, CPU), and
every layer of the model it builds (the model itself, its InputLayer, its sublayers) must compute
under `mixed_bfloat16`. Where the source shows no such point, the fix is advice that says why.
Seen on held-out set 3 (tensorflow-recommenders): the line went inside an `if` after the layers
were built, and after `super().__init__()` of a subclassed Model."""

from __future__ import annotations

import pytest

from tfperf.findings import Safety
from tfperf.source import fix_text, lint_text

keras = pytest.importorskip("keras")


@pytest.fixture(autouse=True)
def float32_policy():
    keras.mixed_precision.set_global_policy("float32")
    yield
    keras.mixed_precision.set_global_policy("float32")


POLICY = 'keras.mixed_precision.set_global_policy("mixed_bfloat16")\n'
# a program: in a library (no program in the linted code) TFP702 is info, the user's program's to fix
MAIN = '\n\nif __name__ == "__main__":\n    main()\n'


def fixed(code: str) -> str:
    text, _, applied = fix_text(code, "train.py", select=["TFP702"], unsafe_fixes=True)
    assert applied == 1
    return text


def run(code: str) -> dict:
    namespace: dict = {"__name__": "fixed"}
    exec(compile(code, "train.py", "exec"), namespace)
    return namespace


def policies(model) -> dict[str, str]:
    return {layer.name: layer.dtype_policy.name for layer in model._flatten_layers(include_self=True, recursive=True)}


def assert_mixed(model) -> None:
    found = policies(model)
    assert len(found) >= 2 and set(found.values()) == {"mixed_bfloat16"}, found


BRANCHES = """\
import keras


def build(with_head):
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(8)(inputs)
    if with_head:
        outputs = keras.layers.Dense(2)(hidden)
        return keras.Model(inputs, outputs)
    else:
        return keras.Model(inputs, hidden)


model = build(True)
model.compile(optimizer="sgd", loss="mse")
"""


def test_a_model_built_in_either_branch_gets_the_policy_before_its_input_on_both_paths():
    text = fixed(BRANCHES)
    assert text == BRANCHES.replace("def build(with_head):\n", f"def build(with_head):\n    {POLICY}")
    namespace = run(text)
    assert_mixed(namespace["model"])
    keras.mixed_precision.set_global_policy("float32")
    assert_mixed(namespace["build"](False))  # the other branch too
    assert "input_layer" in " ".join(policies(namespace["model"])), "the InputLayer is one of the layers checked"


SUBCLASS = """\
import keras


class Tower(keras.Model):

    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x)


def train():
    data = keras.ops.ones((1, 3))
    model = Tower()
    model(data)
    model.compile(optimizer="sgd", loss="mse")
    return model
"""
SUBCLASS += MAIN


def test_a_subclassed_model_gets_the_policy_before_it_is_instantiated_not_after_super_init():
    text = fixed(SUBCLASS)
    assert text == SUBCLASS.replace("    model = Tower()\n", f"    {POLICY}    model = Tower()\n")
    assert_mixed(run(text)["train"]())


CALLER = """\
import keras


class Scale(keras.layers.Layer):

    def call(self, x):
        return x * 2.0


def make(layer):
    inputs = keras.Input((4,))
    return keras.Model(inputs, keras.layers.Dense(2)(layer(inputs)))


def train():
    scale = Scale()
    model = make(scale)
    model.compile(optimizer="sgd", loss="mse")
    return model
"""
CALLER += MAIN


def test_a_layer_the_caller_builds_and_passes_in_gets_the_policy_before_it_in_the_caller():
    """As tensorflow-recommenders' tpu_embedding_layer_test: the embedding layer (a project Layer
    class) is built in the caller, before the function that makes the functional model runs."""
    text = fixed(CALLER)
    assert text == CALLER.replace("    scale = Scale()\n", f"    {POLICY}    scale = Scale()\n")
    assert_mixed(run(text)["train"]())


LATE = """\
import tensorflow as tf

inputs = tf.keras.Input((4,))
outputs = tf.keras.layers.Dense(2)(inputs)
model = tf.keras.Model(inputs, outputs)
tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
model.compile(optimizer="sgd", loss="mse")
"""


def test_a_policy_set_after_the_model_is_moved_before_its_input():
    text = fixed(LATE)
    assert text == ('import tensorflow as tf\n\ntf.keras.mixed_precision.set_global_policy("mixed_bfloat16")\n'
                    'inputs = tf.keras.Input((4,))\noutputs = tf.keras.layers.Dense(2)(inputs)\n'
                    'model = tf.keras.Model(inputs, outputs)\nmodel.compile(optimizer="sgd", loss="mse")\n')
    assert_mixed(run(text)["model"])


IN_A_LOOP = """\
import tensorflow as tf


def build():
    for _ in range(2):
        model = tf.keras.Sequential([tf.keras.Input((64,)), tf.keras.layers.Dense(2)])
    return model


@tf.function
def step(x):
    return x


model = build()
model.compile(optimizer="sgd", loss="mse")
"""


def test_a_model_built_in_a_loop_gets_the_policy_before_the_loop():
    text = fixed(IN_A_LOOP)
    assert text == IN_A_LOOP.replace(
        "def build():\n", 'def build():\n    tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")\n')
    assert_mixed(run(text)["model"])


# Where the source shows no point before the first layer: advice that says where and why, no edit.

PASSED_IN = """\
import keras
import tensorflow_hub as hub


def make(layer):
    inputs = keras.Input((4,))
    return keras.Model(inputs, keras.layers.Dense(2)(layer(inputs)))


def train():
    model = make(hub.KerasLayer("https://example.invalid/model"))
    model.compile(optimizer="sgd", loss="mse")
"""
PASSED_IN += MAIN
INSTANTIATED_ELSEWHERE = """\
import keras
from towers import Base


class Tower(Base):

    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def train_step(self, data):
        self.compile(optimizer="sgd")
"""
INSTANTIATED_ELSEWHERE += MAIN
IN_A_LAMBDA = """\
import keras

make = lambda: keras.Sequential([keras.layers.Dense(2)])
make().compile(optimizer="sgd", loss="mse")
"""
SHARED_LINE = """\
import keras

def build(): return keras.Sequential([keras.layers.Dense(2)])

build().compile(optimizer="sgd", loss="mse")
"""


CONDITIONAL_LATE = """\
import tensorflow as tf

inputs = tf.keras.Input((4,))
model = tf.keras.Model(inputs, tf.keras.layers.Dense(2)(inputs))
if FLAGS.mixed:
    tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
model.compile(optimizer="sgd", loss="mse")
"""


def test_a_late_policy_set_under_a_condition_is_not_moved_out_of_it():
    text, _, applied = fix_text(CONDITIONAL_LATE, "train.py", select=["TFP702"], unsafe_fixes=True)
    assert applied == 0 and text == CONDITIONAL_LATE
    [finding] = lint_text(CONDITIONAL_LATE, "train.py", select=["TFP702"])
    assert finding.fix.safety is Safety.ADVISORY and "under the condition it is set under" in finding.fix.description


@pytest.mark.parametrize("code, why", [
    (PASSED_IN, "`make` calls `layer`, which it is given: if that is a layer or model, the caller built it"),
    (INSTANTIATED_ELSEWHERE, "its layers are built when `Tower` is instantiated, which this file does not do"),
    (IN_A_LAMBDA, "the model is built in a lambda: the policy has to be set before the lambda is called"),
    (SHARED_LINE, "the statement that builds the model shares its line with another"),
])
def test_no_point_shown_gives_advice_saying_where_and_why(code, why):
    text, _, applied = fix_text(code, "train.py", select=["TFP702"], unsafe_fixes=True)
    assert applied == 0 and text == code
    [finding] = lint_text(code, "train.py", select=["TFP702"])
    assert finding.fix.safety is Safety.ADVISORY and not finding.fix.edits
    assert "before the model's first layer is built, on every path that builds it" in finding.fix.description
    assert why in finding.fix.description


def test_a_plain_helper_class_gets_the_policy_in_its_own_method():
    """A method of a class that is not a Keras layer (a test case, a plain class) runs where it is
    called: the line goes in the method, before the layer it builds."""
    code = ("import keras\n\n\nclass Builder:\n\n    def build(self):\n        data = 1\n"
            "        model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(2)])\n"
            "        model.compile(optimizer='sgd', loss='mse')\n        return model\n" + MAIN)
    text = fixed(code)
    assert text == code.replace("        model = keras.Sequential", f"        {POLICY}        model = keras.Sequential")
    assert_mixed(run(text)["Builder"]().build())
