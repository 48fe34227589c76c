"""TFP702 and the project's own training methods: a `fit` (`fit_generator`, `train_on_batch`, `compile`) called on
an object of a project class that defines the method itself, in the class or a project base, and derives from no
Keras model, is the project's code, not Keras' `fit` by its name: it trains a Keras model only where its own calls
lead to training (a wrapper whose `fit` fits the Keras model it builds), and not at all when it is a NumPy k-means
or a PyTorch network's loop. A class that defines no such method inherits it from a library (Keras' `Model.fit`)."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths

WRAPPER = """\
import tensorflow as tf


class BaseModel:
    def __init__(self, classes):
        self.model = tf.keras.Sequential([tf.keras.layers.Dense(512), tf.keras.layers.Dense(classes)])

    def compile(self, optimizer, loss):
        self.model.compile(optimizer=optimizer, loss=loss)

    def fit(self, train, epochs):
        return self.model.fit(train, epochs=epochs)


class Yolo(BaseModel):
    pass
"""

KMEANS = """\
import numpy as np


class AnchorsGenerator(object):
    def __init__(self, clusters):
        self.clusters = clusters

    def fit(self, boxes):
        centers = boxes[np.random.choice(len(boxes), self.clusters)]
        for _ in range(10):
            centers = np.stack([boxes[np.argmin(((boxes - c) ** 2).sum(1))] for c in centers])
        return centers
"""

KERAS_NET = """\
import tensorflow as tf


class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(512)

    def call(self, x):
        return self.dense(x)
"""

PROGRAM = """\
{imports}
from pkg.{module} import {cls}


def main():
    model = {cls}({args})
    model.{method}({data})


if __name__ == "__main__":
    main()

from data import boxes, data
"""


def findings(tmp_path, module: str, source: str, cls: str, args: str, method: str, data: str, imports: str = ""):
    program = PROGRAM.format(imports=imports, module=module, cls=cls, args=args, method=method, data=data)
    tree(tmp_path, {"pkg/__init__.py": "", f"pkg/{module}.py": source, "pkg/train.py": program})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    return sorted((f.source.path.rpartition("/")[2], program.splitlines()[f.source.line - 1].strip()
                   if f.source.path.endswith("train.py") else f.source.line, f.severity.value) for f in found
                  if f.severity.value == "warning")


def test_a_wrapper_whose_own_fit_fits_its_keras_model_is_reported_at_the_programs_call(tmp_path):
    assert findings(tmp_path, "models", WRAPPER, "Yolo", "10", "fit", "data, 5") == \
        [("train.py", "model.fit(data, 5)", "warning")]


def test_the_wrapper_in_a_program_that_names_tensorflow_too(tmp_path):
    assert findings(tmp_path, "models", WRAPPER, "Yolo", "10", "fit", "data, 5", imports="import tensorflow as tf") \
        == [("train.py", "model.fit(data, 5)", "warning")]


@pytest.mark.parametrize("module", ["anchors", "presentation_predictor"])
def test_a_numpy_kmeans_fit_trains_no_keras_model(tmp_path, module):
    """Also a class of a module named for inference (`*_predictor.py`): its methods are the project's all the same."""
    assert findings(tmp_path, module, KMEANS, "AnchorsGenerator", "9", "fit", "boxes") == []


def test_a_numpy_kmeans_fit_in_a_program_that_names_tensorflow(tmp_path):
    assert findings(tmp_path, "anchors", KMEANS, "AnchorsGenerator", "9", "fit", "boxes",
                    imports="import tensorflow as tf") == []


def test_a_project_keras_model_without_its_own_fit_runs_keras_fit(tmp_path):
    [(path, _, severity)] = findings(tmp_path, "nets", KERAS_NET, "Net", "", "fit", "data",
                                     imports="import tensorflow as tf")
    assert (path, severity) == ("train.py", "warning")



def test_a_wrapper_fit_in_a_test_program_is_still_reported_at_info(tmp_path):
    """A test (a program under `test/`) is no program `_trains_through_project` follows: its wrapper's `fit` is
    read as Keras' there, so its training stays an info finding rather than vanishing."""
    program = PROGRAM.format(imports="", module="models", cls="Yolo", args="10", method="fit", data="data, 5")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": WRAPPER, "test/train_multi.py": program})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    assert [(f.source.path.rpartition("/")[2], f.source.line, f.severity.value) for f in found
            if f.source.path.endswith("train_multi.py")] == [("train_multi.py", 7, "info")]

# A program that trains through an object handed to a project function or method: `trainer.train(self.model, data)`
# ... `model.train_step(batch)` on the parameter runs the method of what the call passed (here a model a factory
# makes: `return Net(...)`), also when the parameter is handed on (`self._loop(model, data)`).
API = """\
from pkg.nets import build, Net, Counter
from pkg.trainer import Trainer


class Api:
    def __init__(self, config):
        self.config = config
        self.model = None

    def train(self, data):
        if not self.model:
            self.model = {maker}
        trainer = Trainer()
        return trainer.train(self.model, data)

    @staticmethod
    def create_model(config):
        return {made}()
"""

# the model a module-level factory makes, or a static method of the class (every return makes an instance)
MAKERS = ["build(self.config)", "Api.create_model(self.config)"]

NETS = """\
import tensorflow as tf


class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(512)
        self.optimizer = tf.keras.optimizers.Adam()

    def call(self, x):
        return self.dense(x)

    def train_step(self, batch):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self(batch))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return loss


class Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.total = tf.Variable(0.0)

    def train_step(self, batch):
        self.total.assign_add(tf.reduce_sum(batch))  # a closed-form update: no gradient
        return self.total


def build(config):
    return {made}()
"""

TRAINER = """\
import tensorflow as tf


class Trainer:
    def train(self, model, data):
        {body}
        return None

    def _loop(self, model, data):
        for batch in data:
            model.train_step(batch)
"""

API_PROGRAM = """\
import sys
from pkg.api import Api


def cli(argv):
    model = Api({"epochs": int(argv[0])})
    model.train("data.csv")


if __name__ == "__main__":
    cli(sys.argv[1:])
"""


def passed_findings(tmp_path, made: str, body: str, maker: str = MAKERS[0]):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/api.py": API.format(maker=maker, made=made),
                    "pkg/nets.py": NETS.format(made=made),
                    "pkg/trainer.py": TRAINER.format(body=body), "pkg/train.py": API_PROGRAM})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    return sorted((f.source.path.rpartition("/")[2], API_PROGRAM.splitlines()[f.source.line - 1].strip()
                   if f.source.path.endswith("train.py") else f.source.line, f.severity.value) for f in found
                  if f.severity.value == "warning")


@pytest.mark.parametrize("body", ["for batch in data:\n            model.train_step(batch)",
                                  "self._loop(model, data)"])
@pytest.mark.parametrize("maker", MAKERS)
def test_a_method_called_on_a_parameter_runs_on_what_the_caller_passed(tmp_path, body, maker):
    assert passed_findings(tmp_path, "Net", body, maker) == [("train.py", "model.train(\"data.csv\")", "warning")]


@pytest.mark.parametrize("body", ["for batch in data:\n            model.train_step(batch)",
                                  "self._loop(model, data)"])
@pytest.mark.parametrize("maker", MAKERS)
def test_a_parameter_given_an_object_whose_method_does_not_train_trains_nothing(tmp_path, body, maker):
    """`Net.train_step` trains in the project, but the program's model is a `Counter`: by the classes passed, not
    by the method's name."""
    assert passed_findings(tmp_path, "Counter", body, maker) == []
