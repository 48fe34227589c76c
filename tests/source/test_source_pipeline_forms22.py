"""TFP405 forms of the twenty-second session (issue 11): datasets handed to and back from code the analysis did not
follow, and pipelines read for one element.

- A method of an instance a local holds (`loader = cyclegan_dataloader(d)` on every path, or made in place:
  `data_loader(d).load_dataset()`), of a project class of any module whatever its capitalisation, is that class's
  method: its datasets (a tuple of them unpacked by name) hold what its returns hold.
- Names unpacked from a tuple a project function returns hold a dataset only at the places some return puts one
  (`dataset, spec = self._process(dataset)` with `return dataset, spec`).
- A project function that hands back the dataset it is given inside a tuple (`return dataset, spec`) passes it
  through, as one that returns it alone does: the argument's pipeline, finite or endless as it is at the call.
- `spec.preprocess_ds(ds)` on an object whose class the source does not show: where every method of that name the
  project defines that returns a dataset hands back the one it is given, the call is that hand-back.
- `next(iter(ds))`, and `return iter(ds)` from a function every call of which (in its own module) is `next(f())`: a
  fresh iterator per read, one element taken (a batch before the repeat: the first, full one), not a stream."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, files: dict[str, str], code: str = "TFP405") -> list[tuple[str, int, str]]:
    tree(root, {"pkg/__init__.py": "", **files})
    result = lint_paths([str(root)], target="gaudi2", select=[code], jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value) for f in result.findings)


# --- a method of an instance a local holds

LOADER = """\
import tensorflow as tf


class data_loader:
    def __init__(self, datadir=None):
        self.datadir = datadir

    def _load(self):
        a = tf.data.Dataset.list_files(self.datadir + "/a/*.jpg").map(tf.io.read_file)
        b = tf.data.Dataset.list_files(self.datadir + "/b/*.jpg").map(tf.io.read_file)
        return aREPEAT, bREPEAT

    def load_dataset(self):
        train, test = self._load()
        return train, test


def make_loader(datadir):
    def load_dataset():
        return tf.data.Dataset.list_files(datadir), tf.data.Dataset.list_files(datadir)
    return load_dataset
"""

GAN = """\
import tensorflow as tf
from pkg import loader
from pkg.loader import data_loader, make_loader


class Other:
    def load_dataset(self):
        return tf.data.Dataset.range(10).repeat(), tf.data.Dataset.range(10).repeat()


def load_data(data_dir=None, use_maps=False, batch_size=32):
    MADE
    train_ds, test_ds = HOLDER.load_dataset()
    train_ds = train_ds.shuffle(100).batch(batch_size)
    return train_ds
"""


def gan_case(root, made: str, holder: str = "data_obj", repeat: str = ""):
    return found(root, {"pkg/loader.py": LOADER.replace("REPEAT", repeat),
                        "pkg/gan.py": GAN.replace("MADE", made).replace("HOLDER", holder)})


@pytest.mark.parametrize("made, holder", [
    ("data_obj = data_loader(data_dir)", "data_obj"),
    ("if use_maps:\n        data_obj = data_loader('maps')\n    else:\n        data_obj = loader.data_loader(data_dir)",
     "data_obj"),
    ("pass", "data_loader(data_dir)"),
])
def test_method_of_a_held_instance_hands_its_datasets(tmp_path, made, holder):
    assert gan_case(tmp_path, made, holder) == [("gan.py", 14 + made.count("\n"), "warning")]


@pytest.mark.parametrize("made, repeat", [
    # the instance is one of two classes: which method runs is not known
    ("if use_maps:\n        data_obj = Other()\n    else:\n        data_obj = data_loader(data_dir)", ""),
    # the class's datasets are repeated without end: no last batch
    ("data_obj = data_loader(data_dir)", ".repeat()"),
    # a function's result, not an instance: its nested function of the same name is not what the call runs
    ("data_obj = make_loader(data_dir)", ""),
])
def test_method_of_an_instance_not_known_or_endless(tmp_path, made, repeat):
    assert gan_case(tmp_path, made, repeat=repeat) == []


# --- a tuple with a dataset in one place; a dataset handed back inside a tuple

TUPLED = """\
import tensorflow as tf


class Data:
    def _process(self, dataset, spec):
        dataset = dataset.map(tf.io.parse_tensor, num_parallel_calls=4)
        return dataset, spec

    def _size(self, files):
        return tf.data.TFRecordDataset(files), Sizes()

    def make(self, files, spec):
        ds = tf.data.TFRecordDataset(files)REPEAT
        ds, spec = self._process(ds, spec)
        return ds.batch(32)

    def sizes(self, files, table):
        ds, sizes = self._size(files)
        return sizes.batch(table)
"""


def test_dataset_handed_back_in_a_tuple_keeps_its_end(tmp_path):
    assert found(tmp_path, {"pkg/data.py": TUPLED.replace("REPEAT", "")}) == [("data.py", 15, "warning")]


def test_dataset_handed_back_in_a_tuple_repeated_and_the_other_place(tmp_path):
    # (`sizes` is unpacked from the tuple's second place, where no return puts a dataset: its `batch` is another
    # object's method)
    assert found(tmp_path, {"pkg/data.py": TUPLED.replace("REPEAT", ".repeat()")}) == []


# --- a method, by its name, of an object whose class the source does not show

SPECS = """\
import tensorflow as tf


def _noise(x):
    return x + tf.random.normal(tf.shape(x))


class AudioSpec:
    def preprocess_ds(self, ds, is_training=False):
        return ds.map(tf.io.parse_tensor, num_parallel_calls=4)


class NoiseSpec:
    def preprocess_ds(self, ds, is_training=False):
        if is_training:
            ds = ds.map(_noise, num_parallel_calls=4)
        return dsOTHER
"""

LOADING = """\
import tensorflow as tf


def gen_dataset(spec, files, batch_size):
    ds = tf.data.TFRecordDataset(files)
    ds = spec.preprocess_ds(ds, is_training=True)
    ds = ds.batch(batch_size)
    return ds
"""


def test_named_method_handing_back_its_dataset(tmp_path):
    files = {"pkg/spec.py": SPECS.replace("OTHER", ""), "pkg/loading.py": LOADING}
    assert found(tmp_path, files) == [("loading.py", 7, "warning")]


@pytest.mark.parametrize("other", [
    ".repeat()",  # one of them repeats without end: the batch's end is not known
    "\n\n    def preprocess_ds(self, ds, is_training=False):\n        return tf.data.TFRecordDataset('x')",
])  # (the second: one more class's method of that name returns another dataset)
def test_named_method_not_always_handing_back_a_finite_dataset(tmp_path, other):
    files = {"pkg/spec.py": SPECS.replace("OTHER", other), "pkg/loading.py": LOADING}
    assert found(tmp_path, files) == []


# --- one element of a fresh iterator

ONE = """\
import tensorflow as tf


class GAN:
    def get_batch_data(self, data):
        return iter(tf.data.Dataset.from_tensor_slices(data).shuffle(100).batch(32).repeat())

    def train(self, data, steps):
        for _ in range(steps):
            x = READ
            self.train_step(x)

    def train_step(self, x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(x)
        return tape.gradient(loss, [x])
"""


# (info, as for get_single_element: a gather, not a stream of training batches)
@pytest.mark.parametrize("read", [
    "next(self.get_batch_data(data))",
    "next(self.get_batch_data(data), None)",
])
def test_first_element_of_a_fresh_iterator_is_a_full_batch(tmp_path, read):
    assert found(tmp_path, {"pkg/gan.py": ONE.replace("READ", read)}) == [("gan.py", 6, "info")]


def test_next_of_iter_in_place(tmp_path):
    files = {"pkg/gan.py": ONE.replace("READ", "next(iter(tf.data.Dataset.from_tensor_slices(data).batch(32)))")
             .replace("iter(tf.data.Dataset.from_tensor_slices(data).shuffle(100).batch(32).repeat())", "None")}
    assert found(tmp_path, files) == [("gan.py", 10, "info")]


def test_iterator_read_as_a_stream_keeps_its_partial_batch(tmp_path):
    # (one call iterates what the function returns: the pipeline is a stream of batches, its last one partial)
    stream = ONE.replace("READ", "next(self.get_batch_data(data))") + """
    def epoch(self, data):
        for x in self.get_batch_data(data):
            self.train_step(x)
"""
    assert found(tmp_path, {"pkg/gan.py": stream}) == [("gan.py", 6, "warning")]
    in_place = ONE.replace("READ", "next(it)").replace("        for _ in range(steps):",
                                                       "        it = iter(tf.data.Dataset.from_tensor_slices(data)"
                                                       ".batch(32))\n        for _ in range(steps):")
    in_place = in_place.replace("iter(tf.data.Dataset.from_tensor_slices(data).shuffle(100).batch(32).repeat())", "None")
    assert found(tmp_path / "b", {"pkg/gan.py": in_place}) == [("gan.py", 9, "warning")]


def test_loop_over_the_first_element_is_a_peek(tmp_path):
    # (`for x in ds.take(1)`: one element read, for its shape; a loop over `take(2)` is a stream of two batches)
    peek = """\
import tensorflow as tf


def shapes(model, files):
    ds = tf.data.TFRecordDataset(files).batch(32)
    for x in ds.TAKE:
        model.train_on_batch(x)
"""
    assert found(tmp_path, {"pkg/peek.py": peek.replace("TAKE", "take(1)")}, "TFP403") == []
    assert found(tmp_path / "b", {"pkg/peek.py": peek.replace("TAKE", "take(2)")}, "TFP403") == \
        [("peek.py", 6, "info")]
