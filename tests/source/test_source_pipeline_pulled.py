"""TFP403 for pipelines a project's own training loop pulls away from where they are made (issue 11, session 28).

- A class keeps a dataset in `self.<attr>` (a constructor's parameter, what a project function returns, a chain of its
  own) and a method's loop of training steps pulls it (`for batch in self.train_ds: self.train_step(batch)`,
  `enumerate(self.train_ds)`, `self.train_ds.take(-1)`): the store is the pipeline's end, iterated.
- An iterator kept in `self.<attr>` (`self._iterator = iter(dataset)`) whose `next()` a training step of the class takes.
- A pipeline handed to such a class, or returned to callers that hand it on so, ends there: prefetched on the host
  only, or with no prefetch at all.
- TensorFlow 1: the next element of an iterator kept by a class whose session loop runs the training op.
Left alone: a loop that only evaluates or predicts, a pipeline under prefetch_to_device, one a strategy distributes."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, files: dict[str, str], codes=("TFP403",)) -> list[tuple[str, int, str]]:
    tree(root, {"pkg/__init__.py": "", **files})
    result = lint_paths([str(root)], target="gaudi2", select=list(codes), jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.code) for f in result.findings)


TRAINER = """\
import tensorflow as tf


class Trainer:
    def __init__(self, model, train_ds):
        self.model = model
        self.optimizer = tf.keras.optimizers.Adam()
        self.train_ds = train_ds

    @tf.function
    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.model(x) - y))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))

    def train(self, epochs):
        for _ in range(epochs):
            LOOP
                BODY
"""

MAIN = """\
import tensorflow as tf

from pkg.trainer import Trainer


def main(files, model):
    ds = tf.data.TFRecordDataset(files).batch(32).prefetch(tf.data.AUTOTUNE)
    Trainer(model, ds).train(3)
"""


def trainer_case(root, loop: str, body: str = "self.train_step(x, y)", main: str = MAIN):
    return found(root, {"pkg/trainer.py": TRAINER.replace("LOOP", loop).replace("BODY", body), "pkg/main.py": main})


@pytest.mark.parametrize("loop", [
    "for x, y in self.train_ds:",
    "for i, (x, y) in enumerate(self.train_ds):",
    "for x, y in self.train_ds.take(-1):",
    "for x, y in iter(self.train_ds):",
])
def test_a_constructor_parameter_a_training_loop_pulls_from_self(tmp_path, loop):
    assert trainer_case(tmp_path, loop) == [("main.py", 7, "TFP403")]


def test_a_stored_parameter_only_evaluated_or_taken_once_is_left_alone(tmp_path):
    assert trainer_case(tmp_path / "a", "for x, y in self.train_ds:", body="print(self.model(x))") == []
    assert trainer_case(tmp_path / "b", "for x, y in self.train_ds.take(1):") == []
    device = MAIN.replace(".prefetch(tf.data.AUTOTUNE)", ".apply(tf.data.experimental.prefetch_to_device('/gpu:0'))")
    assert trainer_case(tmp_path / "c", "for x, y in self.train_ds:", main=device) == []


LOADER = """\
import tensorflow as tf


class Loader:
    def __init__(self, files):
        self.files = files

    def load(self, split):
        ds = tf.data.TFRecordDataset(self.files[split]).shuffle(100).batch(32)
        return ds.prefetch(tf.data.AUTOTUNE)
"""

STORING = """\
import tensorflow as tf

from pkg.loader import Loader


class Trainer:
    def __init__(self, model, files):
        self.model = model
        loader = Loader(files)
        STORES

    def train(self, epochs):
        for _ in range(epochs):
            for batch in self.train_dataset:
                self.train_step(batch)
            for batch in self.val_dataset:
                self.model(batch)

    def train_step(self, batch):
        with tf.GradientTape() as tape:
            loss = self.model(batch)
        return tape.gradient(loss, self.model.trainable_variables)
"""


def test_a_project_functions_pipeline_a_trainer_keeps_and_pulls_in_another_module(tmp_path):
    stores = 'self.train_dataset = loader.load("train")\n        self.val_dataset = loader.load("val")'
    assert found(tmp_path, {"pkg/loader.py": LOADER, "pkg/trainer.py": STORING.replace("STORES", stores)}) == \
        [("loader.py", 10, "TFP403")]
    # kept only for the evaluation loop: no training step pulls it
    stores = 'self.train_dataset = None\n        self.val_dataset = loader.load("val")'
    assert found(tmp_path / "v", {"pkg/loader.py": LOADER, "pkg/trainer.py": STORING.replace("STORES", stores)}) == []


def test_a_classes_own_chain_pulled_by_its_training_loop(tmp_path):
    stores = "self.train_dataset = tf.data.TFRecordDataset(files).batch(8)\n        self.val_dataset = None"
    assert found(tmp_path, {"pkg/loader.py": LOADER, "pkg/trainer.py": STORING.replace("STORES", stores)},
                 ("TFP401", "TFP403")) == [("trainer.py", 10, "TFP401"), ("trainer.py", 10, "TFP403")]


LEARNER = """\
import tensorflow as tf


class Learner:
    def __init__(self, network, dataset):
        self._network = network
        self._optimizer = tf.keras.optimizers.Adam()
        self._iterator = iter(dataset)

    @tf.function
    def _step(self):
        inputs = next(self._iterator)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self._network(inputs))
        grads = tape.gradient(loss, self._network.trainable_variables)
        self._optimizer.apply_gradients(zip(grads, self._network.trainable_variables))
"""

DATA = """\
import tensorflow as tf


def make_dataset(files, batch_size):
    dataset = tf.data.TFRecordDataset(files).batch(batch_size)
    dataset = dataset.prefetch(4)
    return dataset
"""

AGENT = """\
import tensorflow as tf

from pkg import data
from pkg.learner import Learner


class Agent:
    def __init__(self, network, files):
        dataset = MADE
        self._learner = Learner(network, dataset=dataset)
"""


def test_an_iterator_a_training_step_pulls_from_self(tmp_path):
    files = {"pkg/learner.py": LEARNER, "pkg/data.py": DATA}
    assert found(tmp_path, {**files, "pkg/agent.py": AGENT.replace("MADE", "data.make_dataset(files, 32)")}) == \
        [("data.py", 6, "TFP403")]
    assert found(tmp_path / "b", {**files, "pkg/agent.py": AGENT.replace(
        "MADE", "tf.data.TFRecordDataset(files).batch(32, drop_remainder=True)")}) == [("agent.py", 9, "TFP403")]
    evaluating = LEARNER.replace("tf.GradientTape() as tape", "tf.name_scope('eval') as tape").replace(
        "self._optimizer.apply_gradients(zip(grads, self._network.trainable_variables))", "return grads").replace(
        "grads = tape.gradient(loss, self._network.trainable_variables)", "grads = loss")
    assert found(tmp_path / "c", {**files, "pkg/learner.py": evaluating, "pkg/agent.py": AGENT.replace(
        "MADE", "data.make_dataset(files, 32)")}) == []


MONITORED = """\
import tensorflow as tf


class Trainer:
    def __init__(self, files):
        dataset = tf.data.TFRecordDataset(files).map(tf.io.parse_tensor, num_parallel_calls=4).batch(32)
        self.next_batch = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next()

    def train(self, model_fn):
        loss = model_fn(self.next_batch)
        train_op = tf.compat.v1.train.AdamOptimizer().minimize(loss)
        with tf.compat.v1.train.MonitoredTrainingSession() as sess:
            while not sess.should_stop():
                sess.run(train_op)
"""


def test_tensorflow_1s_iterator_a_classes_session_loop_trains_on(tmp_path):
    assert found(tmp_path, {"pkg/train.py": MONITORED}) == [("train.py", 6, "TFP403")]
    shown = MONITORED.replace("train_op = tf.compat.v1.train.AdamOptimizer().minimize(loss)", "shown = loss").replace(
        "MonitoredTrainingSession", "MonitoredSession").replace("sess.run(train_op)", "sess.run(shown)").replace(
        "def train(", "def show(")
    assert found(tmp_path / "v", {"pkg/train.py": shown}) == []


DISTRIBUTED = """\
import tensorflow as tf


class StrategyTrainer:
    def __init__(self, model, strategy, files):
        self.model = model
        self.strategy = strategy
        self.train_ds = tf.data.TFRecordDataset(files).batch(8).prefetch(2)

    def fit(self):
        self.train_ds = self.strategy.experimental_distribute_dataset(self.train_ds)
        for b in self.train_ds:
            self.strategy.run(self.train_step, args=(b,))

    def train_step(self, b):
        return self.model(b)


class Predictor:
    def __init__(self, model, files):
        self.model = model
        self.ds = tf.data.TFRecordDataset(files).batch(8).prefetch(2)

    def predict_all(self):
        for b in self.ds:
            print(self.model.predict_on_batch(b))
"""


def test_a_distributed_or_predicted_attribute_is_left_alone(tmp_path):
    assert found(tmp_path, {"pkg/train.py": DISTRIBUTED}) == []


ZIPPING = """\
import tensorflow as tf

from pkg import data


def combined(files, demos):
    return tf.data.Dataset.zip((data.make_dataset(files, 32), demos)).prefetch(2)
"""


def test_iterators_kept_under_an_annotation_and_pipelines_batched_after_a_host_prefetch(tmp_path):
    annotated = LEARNER.replace("self._iterator = iter(dataset)", "self._iterator: Iterator[tf.Tensor] = iter(dataset)")
    files = {"pkg/learner.py": "from typing import Iterator\n" + annotated, "pkg/data.py": DATA}
    assert found(tmp_path, {**files, "pkg/agent.py": AGENT.replace("MADE", "data.make_dataset(files, 32)")}) == \
        [("data.py", 6, "TFP403")]
    # a host prefetch, then a batch: the learner's step pulls batches made after it
    assert found(tmp_path / "b", {**files, "pkg/agent.py": AGENT.replace(
        "MADE", "data.make_dataset(files, 1).batch(32, drop_remainder=True)")}) == [("agent.py", 9, "TFP403")]


def test_a_pipeline_some_callers_pull_as_returned_and_others_go_on_with(tmp_path):
    files = {"pkg/learner.py": LEARNER, "pkg/data.py": DATA, "pkg/zipping.py": ZIPPING}
    assert found(tmp_path, {**files, "pkg/agent.py": AGENT.replace("MADE", "data.make_dataset(files, 32)")}) == \
        [("data.py", 6, "TFP403")]
    # none iterates it as it is returned: the one that goes on with it is judged where it ends
    assert found(tmp_path / "b", {**files, "pkg/agent.py": AGENT.replace("MADE", "data.make_dataset(files, 32)").replace(
        "self._learner = Learner(network, dataset=dataset)", "self.dataset = dataset")}) == []


BASE_TRAINER = """\
class BaseTrainer:
    def __init__(self, model):
        self.model = model
        self.train_dataset = None

    def train(self, epochs):
        for _ in range(epochs):
            for data_batch in self.train_dataset:
                BODY
"""

DERIVED_TRAINER = """\
import tensorflow as tf

from pkg.base import BaseTrainer


class GanTrainer(BaseTrainer):
    def __init__(self, model, files):
        super().__init__(model)
        self.train_dataset = tf.data.TFRecordDataset(files).batch(16).prefetch(tf.data.AUTOTUNE)

    def train_step(self, batch):
        return self.model(batch)
"""


def test_a_base_class_of_another_module_whose_training_loop_pulls_the_attribute(tmp_path):
    assert found(tmp_path, {"pkg/base.py": BASE_TRAINER.replace("BODY", "self.train_step(data_batch)"),
                            "pkg/gan.py": DERIVED_TRAINER}) == [("gan.py", 9, "TFP403")]
    assert found(tmp_path / "v", {"pkg/base.py": BASE_TRAINER.replace("BODY", "print(data_batch)"),
                                  "pkg/gan.py": DERIVED_TRAINER}) == []
