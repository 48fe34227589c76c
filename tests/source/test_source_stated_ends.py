"""TFP405 where the code states that a dataset of unknown end ends (session 28, r405f): a repeat with a count
before the batch (`repeat(epochs)` with the count a config read: a number of passes, which only a dataset that
ends has); a
`drop_remainder=tf.distribute.has_strategy()` (False in the single-device run); and a file named like a test
(`*_test.py`) that defines no test and names no test framework, judged by what runs in it."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, path: str = "pipeline.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP405"])]


def test_a_counted_repeat_of_an_unknown_dataset_says_it_ends():
    code = """\
    import tensorflow as tf
    from otherlib import load_records

    def train_input_fn(train_conf, files):
        epochs = train_conf['train_epochs']
        dataset = load_records(files)
        dataset = dataset.shuffle(1000).repeat(epochs)
        dataset = dataset.batch(train_conf['batch_size'])
        return dataset.prefetch(1)
    """
    assert lint(code) == [(8, "warning")]


def test_a_counted_repeat_of_a_dataset_parameter_says_it_ends():
    code = """\
    def create_preprocess_fn(spec):
        def preprocess_fn(dataset):
            dataset = dataset.shuffle(spec.shuffle_buffer_size).repeat(spec.num_epochs)
            return dataset.batch(spec.batch_size)
        return preprocess_fn
    """
    assert lint(code) == [(4, "warning")]


def test_an_endless_repeat_before_the_batch_stays_clean():
    code = """\
    from otherlib import load_records

    def train_input_fn(conf, files, epochs=None):
        dataset = load_records(files).repeat(epochs)
        dataset = dataset.batch(conf['batch_size'])
        return dataset.prefetch(1)

    def train_input_fn2(conf, files):
        dataset = load_records(files).repeat()
        return dataset.batch(conf['batch_size']).prefetch(1)

    def train_input_fn3(conf, dataset):
        return dataset.repeat(-1).batch(conf['batch_size'], drop_remainder=False).prefetch(1)
    """
    assert lint(code) == []


def test_a_repeat_after_the_batch_says_the_data_ends():
    """tftk's fit helpers and tensionflow's input_fn (sets 53, 54): `dataset.batch(n).repeat()` of a dataset
    parameter or an unknown value. One repeats only a dataset that ends, so its partial last batch comes back at every
    pass (session 44)."""
    code = """\
    import tensorflow as tf
    from otherlib import load_records

    class DatasetUtility:
        @classmethod
        def to_classification_fit(cls, dataset, shuffle_size=0, batch_size=50):
            dataset = dataset.map(cls.to_tuple)
            if shuffle_size > 0:
                dataset = dataset.shuffle(shuffle_size)
            dataset = dataset.batch(batch_size).repeat()
            return dataset

    def train_input_fn(conf, files):
        dataset = load_records(files).shuffle(1000).batch(conf['batch_size'])
        return dataset.repeat(conf['epochs']).prefetch(1)
    """
    found = lint_text(textwrap.dedent(code), "pipeline.py", target="gaudi2", select=["TFP405"])
    assert [(f.source.line, f.severity.value) for f in found] == [(10, "warning"), (14, "warning")]
    assert "(the repeat() of line 10 repeats its batches, and one repeats only a dataset that ends: the partial " \
           "batch comes back at every pass)" in found[0].message


def test_a_repeat_after_the_batch_says_a_tf1_iterators_reader_passes_the_end():
    """Whether the reader of a TF1 iterator takes the last batch the source does not show, unless the chain repeats
    the batches: then the reader goes on past the end of the data, and meets the partial batch."""
    code = """\
    import tensorflow as tf

    def loader(files):
        ds = tf.data.TFRecordDataset(files).batch(32).repeat()
        return ds.make_one_shot_iterator().get_next()

    def loader2(files):
        ds = tf.data.TFRecordDataset(files).batch(32)
        return ds.make_one_shot_iterator().get_next()
    """
    assert lint(code) == [(4, "warning")]


def test_a_repeat_after_batches_split_again_or_taken_is_no_evidence():
    """After `unbatch()` the batches are made again; after `take(n)` the passes may stop before the end: an unknown
    value is not judged, and a dataset parameter keeps its info (whether what it is given ends is not known)."""
    code = """\
    from otherlib import load_records

    def train_input_fn(conf, files):
        dataset = load_records(files).batch(64).unbatch()
        return dataset.repeat().batch(conf['batch_size'], drop_remainder=True)

    def train_input_fn2(conf, files):
        return load_records(files).batch(conf['batch_size']).take(100).repeat()

    def train_input_fn3(conf, dataset):
        return dataset.batch(conf['batch_size']).take(conf['steps']).repeat()
    """
    assert lint(code) == [(11, "info")]


def test_a_repeat_after_the_batch_of_an_endless_dataset_parameter_says_nothing():
    """Every call hands the helper a repeated dataset: it has no last batch, whatever the repeat after says."""
    code = """\
    from otherlib import load_records

    def batched(dataset, batch_size):
        return dataset.batch(batch_size).repeat()

    def train_input_fn(conf, files):
        return batched(load_records(files).repeat(), conf['batch_size'])
    """
    assert lint(code) == []


def test_a_counted_repeat_of_an_evaluation_pipeline_stays_info():
    code = """\
    from otherlib import load_records

    def eval_input_fn(conf, files):
        dataset = load_records(files).repeat(conf['eval_epochs'])
        return dataset.batch(conf['batch_size']).prefetch(1)
    """
    assert lint(code) == [(5, "info")]


def test_an_unknown_dataset_without_a_count_is_still_not_judged():
    code = """\
    from otherlib import load_records

    def train_input_fn(conf, files):
        return load_records(files).shuffle(100).batch(conf['batch_size']).prefetch(1)
    """
    assert lint(code) == []


def test_drop_remainder_false_written_out_alone_says_nothing_of_the_end():
    code = """\
    import tensorflow as tf

    def eval_batches(dataset, batch_size, pad_final_batch):
        dataset = dataset.batch(batch_size, drop_remainder=False)
        return pad_final_batch(dataset, batch_size)
    """
    assert lint(code) == [(4, "info")]


def test_a_counted_repeat_stays_unjudged_where_another_path_pads_the_last_batch_back():
    code = """\
    import tensorflow as tf

    class Windows:
        def preprocess(self, dataset):
            dataset = dataset.repeat(self.epoch)
            dataset = dataset.batch(self.batch_size)
            if self.mode == "dynamic":
                return dataset
            def _pad(batch):
                return tf.pad(batch, [[0, self.batch_size - tf.shape(batch)[0]], [0, 0]])
            return dataset.map(_pad)
    """
    assert lint(code) == [(6, "info")]


def test_drop_remainder_only_under_a_strategy_keeps_the_single_device_remainder():
    code = """\
    import tensorflow as tf

    def make_train_dataset(files, batch_size):
        ds = tf.data.TFRecordDataset(files).shuffle(100)
        ds = ds.batch(batch_size, drop_remainder=tf.distribute.has_strategy())
        return ds.prefetch(1)
    """
    assert lint(code) == [(5, "warning")]


_TRAINING_HELPER = """\
import tensorflow as tf
import tensorflow_datasets as tfds

def init_dataset(batch_size):
    ds = tfds.load("mnist", split="train", as_supervised=True)
    return ds.shuffle(1000).batch(batch_size).map(lambda x, y: (x / 255, y), num_parallel_calls=4).prefetch(1)

def train_model(model, batch_size=32):
    model.fit(init_dataset(batch_size), epochs=2)
"""


def test_a_file_named_like_a_test_that_tests_nothing_is_judged_by_what_runs():
    assert lint(_TRAINING_HELPER, "pkg/progressive_train_test.py") == [(6, "warning")]


def test_a_file_named_like_a_test_that_tests_stays_a_test():
    code = _TRAINING_HELPER + "\n\nclass InitTest(tf.test.TestCase):\n    def test_init(self):\n        init_dataset(2)\n"
    assert lint(code, "pkg/progressive_train_test.py") == [(6, "info")]
    assert lint(_TRAINING_HELPER, "tests/progressive_train_test.py") == [(6, "info")]
    assert lint(_TRAINING_HELPER, "pkg/train_test_utils.py") == [(6, "info")]  # (a test utility)
