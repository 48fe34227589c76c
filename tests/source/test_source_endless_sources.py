"""TFP405 on sources with no last batch (session 44): an endless source (`Dataset.random`, a `while True` generator
method handed to `from_generator`, as ydata-synthetic's noise batches) has no end, so its batches are all full,
whatever repeat follows; and a batch of all that a `take` of the same count left (lingvo's database read into one
tensor) is one batch, the same at every pass. Each beside the look-alike that keeps its warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "pipeline.py", target="gaudi2", select=["TFP405"])]


GENERATOR = """\
import tensorflow as tf

class Synthesizer:
    def _generate_noise(self):
        LOOP
            yield tf.random.normal((self.noise_dim,))

    def get_batch_noise(self):
        return iter(tf.data.Dataset.from_generator(self._generate_noise, output_types=tf.float32)
                    .batch(self.batch_size)
                    .repeat())
"""


def test_an_endless_generator_has_no_last_batch():
    assert lint(GENERATOR.replace("LOOP", "while True:")) == []


def test_a_generator_that_ends_keeps_the_warning():
    assert lint(GENERATOR.replace("LOOP", "for _ in range(self.count):")) == [(10, "warning")]


def test_a_random_dataset_has_no_last_batch():
    code = """\
    import tensorflow as tf

    def noise(batch_size):
        return tf.data.Dataset.random(seed=4).batch(batch_size).repeat()

    def noise2(batch_size):
        return tf.data.Dataset.random(seed=4).take(1000).batch(batch_size)
    """
    assert lint(code) == [(7, "warning")]


TAKEN = """\
import tensorflow as tf

def database(file_patterns, p):
    dataset = tf.data.TFRecordDataset(file_patterns)
    dataset = dataset.take(p.num_db_objects)
    dataset = dataset.map(tf.io.parse_tensor, num_parallel_calls=10)
    dataset = dataset.batch(SIZE)
    dataset = dataset.cache().repeat()
    return dataset.make_one_shot_iterator().get_next()
"""


def test_a_batch_of_all_a_take_left_is_one_batch():
    assert lint(TAKEN.replace("SIZE", "p.num_db_objects")) == []


def test_a_batch_of_another_size_than_the_take_keeps_the_warning():
    assert lint(TAKEN.replace("SIZE", "p.batch_size")) == [(7, "warning")]


def test_a_stage_that_adds_elements_between_the_take_and_the_batch_keeps_the_warning():
    code = TAKEN.replace("SIZE", "p.num_db_objects").replace(
        "map(tf.io.parse_tensor, num_parallel_calls=10)", "flat_map(lambda x: tf.data.Dataset.from_tensors(x))")
    assert lint(code) == [(7, "warning")]
