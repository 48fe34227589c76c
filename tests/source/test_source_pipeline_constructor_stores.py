"""The pipeline rules follow a dataset a class stores once, in `__init__`, into the methods that build on it
(session 30, from set 48's ernie: `self._training_features = get_features(...)` in `__init__`, then
`self._training_features.shuffle(n).batch(b).repeat(-1)` fed to `fit` in `fine_tune`). A batch whose TF1 iterator's
elements only a session fetches into Python (set 38's aocr: `sess.run([images, labels])`, re-bucketed in Python)
sets no shape of a device step, and is left alone."""

from __future__ import annotations

import textwrap

import pytest

from tfperf.source import lint_text

TRAINER = """\
import tensorflow as tf


class Trainer:
    def __init__(self, sentences, labels):
        self._features = tf.data.Dataset.from_tensor_slices((sentences, labels))
        self._model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    EXTRA
    def fine_tune(self, batch_size=32):
        features = self._features.shuffle(100).batch(batch_size).repeat(-1)
        self._model.fit(features, epochs=3, steps_per_epoch=10)
"""


def batches(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "trainer.py", target="gaudi2", select=["TFP405"])]


# (not followed, the stored dataset is a value of unknown end; the repeat after the batch still says it ends: session
# 44's reading, which names the repeat as its reason, where the dataset followed into the method would need none)
BY_THE_REPEAT_ALONE = "repeats its batches, and one repeats only a dataset that ends"


def reasons(code: str):
    """Whether each finding is warned by the repeat alone."""
    return [BY_THE_REPEAT_ALONE in f.message for f in
            lint_text(textwrap.dedent(code), "trainer.py", target="gaudi2", select=["TFP405"])]


def test_a_dataset_stored_once_in_init_is_followed_into_the_method_that_batches_it():
    assert batches(TRAINER.replace("EXTRA", "")) == [(10, "warning")]
    assert reasons(TRAINER.replace("EXTRA", "")) == [False]


@pytest.mark.parametrize("extra", [
    # another method stores it too: which value a call of fine_tune reads, the source does not say
    "def reload(self, ds):\n        self._features = ds\n",
])
def test_a_dataset_another_method_stores_is_not_followed(extra):
    assert reasons(TRAINER.replace("EXTRA", extra)) == [True]


def test_a_subclass_of_the_file_may_store_it_too():
    code = TRAINER.replace("EXTRA", "") + """

class Reloading(Trainer):
    def reload(self, ds):
        self._features = ds
"""
    assert reasons(code) == [True]


FETCHED = """\
import tensorflow as tf


class DataGen:
    def __init__(self, path):
        self.dataset = tf.data.TFRecordDataset([path]).shuffle(100).repeat(3)

    def gen(self, batch_size):
        dataset = self.dataset.batch(batch_size)
        iterator = dataset.make_one_shot_iterator()
        images, labels = iterator.get_next()
        with tf.Session() as sess:
            while True:
                try:
                    raw_images, raw_labels = sess.run(FETCHES)
                    yield raw_images, raw_labels
                except tf.errors.OutOfRangeError:
                    break
"""


def test_a_batch_only_a_session_fetches_into_python_is_left_alone():
    assert batches(FETCHED.replace("FETCHES", "[images, labels]")) == []


def test_a_batch_the_graph_computes_on_keeps_its_finding():
    code = FETCHED.replace("FETCHES", "[images * 2.0, labels]")
    assert batches(code) == [(9, "warning")]
