"""TFP404 for a map whose num_parallel_calls is a hyperparameter read by its name (`hparams["x"]`, `hparams.x`,
`p.x`, directly or through a local name) that the project defines with a default of 1 (a defaults dict, a
Params-style `Define`); TFP403 for TensorFlow 1's reinitializable iterator (`Iterator.from_structure(...)
.make_initializer(ds)`)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def found(code: str, select: str, path: str = "model.py") -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value)
            for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=[select])]


DEFAULTS = """\
import tensorflow as tf


class TextData:
    def __init__(self, hparams):
        self._hparams = hparams

    @staticmethod
    def default_hparams():
        return {{"batch_size": 64, "num_parallel_calls": {value}, "name": "data"}}

    def _process(self, dataset, hparams, decode):
        calls = hparams["num_parallel_calls"]
        dataset = dataset.map(decode, num_parallel_calls=calls)
        return dataset.map(tf.strings.split, num_parallel_calls=self._hparams.num_parallel_calls)
"""


def test_defaults_dict_of_one_is_one_core_through_subscript_and_attribute():
    assert found(DEFAULTS.format(value=1), "TFP404") == [(14, "warning"), (15, "warning")]


def test_defaults_dict_of_autotune_is_clean():
    assert found(DEFAULTS.format(value="tf.data.AUTOTUNE"), "TFP404") == []
    assert found(DEFAULTS.format(value=8), "TFP404") == []


def test_undefined_hyperparameter_is_not_a_warning():
    code = DEFAULTS.format(value=1).replace('"num_parallel_calls"', '"threads"', 1)
    assert all(severity != "warning" for _, severity in found(code, "TFP404"))


def test_params_define_of_one():
    code = """\
    import tensorflow as tf


    class Generator:
        @classmethod
        def Params(cls, p):
            p.Define("parallel_readers", {value}, "Number of parallel reader threads.")
            return p

        def _Build(self, files, parse):
            p = self.params
            ds = tf.data.TFRecordDataset(files)
            return ds.map(parse, num_parallel_calls=p.parallel_readers).prefetch(1)
    """
    assert found(code.format(value=1), "TFP404") == [(13, "warning")]
    assert found(code.format(value=16), "TFP404") == []


# --- TFP403: TensorFlow 1's reinitializable iterator ----------------------------------------------------------

def test_make_initializer_of_a_host_prefetched_pipeline_in_one_function():
    code = """\
    import tensorflow as tf


    def train(files, steps):
        ds = tf.data.TFRecordDataset(files).batch(32).prefetch(4)
        it = tf.data.Iterator.from_structure(ds.output_types, ds.output_shapes)
        init = it.make_initializer(ds)
        batch = it.get_next()
        with tf.Session() as sess:
            sess.run(init)
            for _ in range(steps):
                sess.run(batch)
    """
    assert found(code, "TFP403") == [(5, "info")]
    # a pipeline already prefetched to the device: clean
    assert found(code.replace(".prefetch(4)", ".apply(tf.data.experimental.prefetch_to_device('/gpu:0'))"),
                 "TFP403") == []


BASE = """\
import tensorflow as tf


class DataSet:
    def __init__(self, batch_size):
        self._batch_size = batch_size
        self._train = self._make_train()
        self._test = self._make_test()
        self._iterator = tf.compat.v1.data.Iterator.from_structure(self._train.output_types,
                                                                   self._train.output_shapes)
        self.batch = self._iterator.get_next()
        self.train_init_op = self._iterator.{make}(self._train)
        self.test_init_op = self._iterator.{make}(self._test)

    def _make_train(self):
        raise NotImplementedError

    def _make_test(self):
        raise NotImplementedError


class Images(DataSet):
    def _load(self, files, shuffle):
        data = tf.data.TFRecordDataset(files)
        if shuffle:
            data = data.shuffle(1000)
        data = data.batch(self._batch_size, drop_remainder=True)
        data = data.prefetch(buffer_size=4)
        return data

    def _make_train(self):
        return self._load(["train.tfrecord"], shuffle=True)

    def _make_test(self):
        return self._load(["test.tfrecord"], shuffle=False)
"""


def test_pipeline_built_in_a_subclass_for_the_base_class_initializer():
    assert found(BASE.format(make="make_initializer"), "TFP403") == [(28, "info")]


def test_stored_pipeline_no_initializer_takes_is_not_reported():
    # the base class only keeps the datasets (a look-alike: no iterator of this method takes them)
    code = BASE.format(make="make_initializer").replace("self._iterator.make_initializer(self._train)", "None") \
        .replace("self._iterator.make_initializer(self._test)", "None")
    assert found(code, "TFP403") == []
