"""TFP405 / TFP403 forms of the twenty-first session (issue 11): how a dataset reaches a batch and how a pipeline
leaves the user's code.

- `bucket_by_sequence_length` batches elements grouped by a length that varies: unless `pad_to_bucket_boundary=True`
  (or padded_shapes stating every size, or `no_padding=True`), each batch is padded to its own longest element, a
  new shape per batch whatever the dataset's end (TFP405). Every spelling: the Dataset method, `.apply` of
  `tf.data.experimental`'s, `tf.compat.v1`'s and `tf.contrib.data`'s transformation, the function imported from
  `tensorflow.python.data.experimental`; `pad_to_bucket_boundary=` a parameter is judged by what the callers pass.
  Padded to the boundaries, its batches are judged as any other's (a last, partial batch per bucket of a finite
  dataset).
- `train_ds, eval_ds = make_datasets(...)`: names unpacked from a project function every dataset return of which is
  a tuple of datasets hold what those datasets hold (a finite one ends: TFP405 judges a batch on it).
- A pipeline a class stores in `self.<attr>` and hands over in its `__iter__` (`return iter(self.data)`,
  `return map(self, self.data)`, `yield from self.data`, a `for` over it that yields) is pulled by a loop of
  training steps that iterates an instance of the class (`for batch in enumerate(SimulationDataset(...))`, in any
  module): TFP403, at info as the rule reports."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, files: dict[str, str], code: str = "TFP405") -> list[tuple[str, int, str]]:
    tree(root, {"pkg/__init__.py": "", **files})
    result = lint_paths([str(root)], target="gaudi2", select=[code], jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value) for f in result.findings)


# --- bucket_by_sequence_length

BUCKET = """\
import tensorflow as tf
IMPORT

def _length(x):
    return tf.shape(x)[0]


def make(files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    ds = BUCKET
    return ds.prefetch(1)

from parsing import parse
"""


def bucket_case(root, bucket: str, imported: str = ""):
    return found(root, {"pkg/data.py": BUCKET.replace("IMPORT", imported).replace("BUCKET", bucket)})


@pytest.mark.parametrize("bucket, imported", [
    ("ds.apply(tf.data.experimental.bucket_by_sequence_length(_length, [8, 16], [4, 4, 4]))", ""),
    ("ds.bucket_by_sequence_length(_length, [8, 16], [4, 4, 4], drop_remainder=True)", ""),
    ("ds.apply(tf.compat.v1.data.experimental.bucket_by_sequence_length(_length, [8], [4, 4]))", ""),
    ("ds.apply(tf.contrib.data.bucket_by_sequence_length(_length, [8], [4, 4]))", ""),
    ("ds.apply(bucket_by_sequence_length(_length, [8], [4, 4], padded_shapes=([None],)))",
     "from tensorflow.python.data.experimental import bucket_by_sequence_length"),
    ("ds.bucket_by_sequence_length(_length, [8], [4, 4], pad_to_bucket_boundary=False, drop_remainder=True)", ""),
    ("ds.bucket_by_sequence_length(_length, [8], [4, 4], padded_shapes=ds.element_spec.shape, drop_remainder=True)",
     ""),
])
def test_bucketing_pads_each_batch_to_its_longest(tmp_path, bucket, imported):
    assert bucket_case(tmp_path, bucket, imported) == [("data.py", 10, "warning")]


@pytest.mark.parametrize("bucket", [
    "ds.bucket_by_sequence_length(_length, [8, 16], [4, 4, 4], pad_to_bucket_boundary=True, drop_remainder=True)",
    "ds.apply(tf.data.experimental.bucket_by_sequence_length(_length, [8], [4, 4], padded_shapes=[32], "
    "drop_remainder=True))",
    "ds.apply(tf.data.experimental.bucket_by_sequence_length(_length, [8], [4, 4], no_padding=True))",
])
def test_bucketing_to_boundaries_or_stated_shapes_is_left_alone(tmp_path, bucket):
    assert bucket_case(tmp_path, bucket) == []


def test_bucketing_to_boundaries_of_a_finite_dataset_keeps_a_partial_batch(tmp_path):
    files = {"pkg/data.py": """\
import tensorflow as tf


def make(files):
    ds = tf.data.TFRecordDataset(files)
    ds = ds.bucket_by_sequence_length(len, [8, 16], [4, 4, 4], pad_to_bucket_boundary=True)
    return ds.prefetch(1)
"""}
    assert found(tmp_path, files) == [("data.py", 6, "warning")]


PAD_PARAMETER = """\
import tensorflow as tf


def _bucket(ds, pad=False):
    return ds.bucket_by_sequence_length(len, [8], [4, 4], pad_to_bucket_boundary=pad, drop_remainder=True)


def make(files):
    return _bucket(tf.data.TFRecordDataset(files).repeat(), CALL).prefetch(1)
"""


def test_bucketing_padding_parameter_by_the_callers(tmp_path):
    assert found(tmp_path / "a", {"pkg/data.py": PAD_PARAMETER.replace(", CALL", "")}) == [("data.py", 5, "warning")]
    assert found(tmp_path / "b", {"pkg/data.py": PAD_PARAMETER.replace("CALL", "pad=True")}) == []


# --- names unpacked from a function returning a tuple of datasets

UNPACKED = """\
import tensorflow as tf


def make_datasets(files, eval_files):
    train = tf.data.TFRecordDataset(files)REPEAT
    evaluation = tf.data.TFRecordDataset(eval_files)
    return train, evaluation


def train(model, files, eval_files):
    train_ds, _ = make_datasets(files, eval_files)
    model.fit(train_ds.batch(32).prefetch(1), epochs=3STEPS)
"""


def test_unpacked_finite_dataset_keeps_a_partial_batch(tmp_path):
    files = {"pkg/data.py": UNPACKED.replace("REPEAT", "").replace("STEPS", "")}
    assert found(tmp_path, files) == [("data.py", 12, "warning")]


def test_unpacked_endless_dataset_has_no_last_batch(tmp_path):
    files = {"pkg/data.py": UNPACKED.replace("REPEAT", ".repeat()").replace("STEPS", ", steps_per_epoch=100")
             .replace("(eval_files)\n", "(eval_files).repeat()\n")}
    assert found(tmp_path, files) == []


# --- a pipeline a class hands over in its __iter__, iterated by a training loop

HOLDER = """\
import tensorflow as tf


class SimulationDataset:
    def __init__(self, slices, batch_size):
        self.data = tf.data.Dataset.from_tensor_slices(slices).shuffle(1024).batch(batch_size)PREFETCH

    def __call__(self, batch):
        return batch

    def __iter__(self):
        ITER
"""

TRAINER = """\
import tensorflow as tf

from pkg.holder import SimulationDataset


class Trainer:
    def train_offline(self, slices, epochs, batch_size):
        data_set = SimulationDataset(slices, batch_size)
        for ep in range(epochs):
            for bi, batch in enumerate(data_set, start=1):
                BODY
"""


def holder_case(root, handed: str, body: str = "self._train_step(batch)", prefetch: str = ""):
    return found(root, {"pkg/holder.py": HOLDER.replace("ITER", handed).replace("PREFETCH", prefetch),
                        "pkg/trainer.py": TRAINER.replace("BODY", body)}, "TFP403")


@pytest.mark.parametrize("handed", [
    "return map(self, self.data)",
    "return iter(self.data)",
    "return self.data.__iter__()",
    "yield from self.data",
    "for batch in self.data:\n            yield self(batch)",
])
def test_iterated_instances_pull_the_pipeline_they_hand_over(tmp_path, handed):
    assert holder_case(tmp_path, handed) == [("holder.py", 6, "info")]
    assert holder_case(tmp_path / "p", handed, prefetch=".prefetch(2)") == [("holder.py", 6, "info")]


def test_instances_iterated_off_training_or_handing_over_something_else(tmp_path):
    assert holder_case(tmp_path / "a", "return map(self, self.data)", body="print(batch)") == []
    assert holder_case(tmp_path / "b", "return iter(range(3))") == []
    assert holder_case(tmp_path / "c", "return iter(self.data)",
                       prefetch=".apply(tf.data.experimental.prefetch_to_device('/gpu:0'))") == []


# --- TensorFlow 1: a MonitoredSession's `while not sess.should_stop():` runs until the input ends

MONITORED = """\
import tensorflow as tf


class Trainer:
    def __init__(self, training_dataset, batch_size, build_training_func, hooks_made):
        training_dataset = training_dataset.batch(batch_size)
        training_iterator = training_dataset.make_one_shot_iterator()
        self._train_op = build_training_func(*training_iterator.get_next())
        HOOKS
        self._sess = tf.compat.v1.train.MonitoredTrainingSession(hooks=hooks)

    def train_to_end(self):
        while not self._sess.should_stop():
            self._sess.run(self._train_op)
"""

LOCAL_MONITORED = """\
import tensorflow as tf


def train(training_dataset, batch_size, build_training_func):
    iterator = training_dataset.batch(batch_size).make_initializable_iterator()
    train_op = build_training_func(*iterator.get_next())
    with tf.compat.v1.train.MonitoredSession() as sess:
        while not sess.should_stop():
            sess.run(train_op)
"""


def test_monitored_session_reads_the_batches_to_the_end(tmp_path):
    assert found(tmp_path / "a", {"pkg/trainer.py": MONITORED.replace("HOOKS", "hooks = []")}) == \
        [("trainer.py", 6, "warning")]
    assert found(tmp_path / "b", {"pkg/trainer.py": LOCAL_MONITORED}) == [("trainer.py", 5, "warning")]


def test_monitored_session_stopped_at_a_step_count_is_not_known_to_read_them_all(tmp_path):
    hooks = "hooks = [tf.compat.v1.train.StopAtStepHook(last_step=1000)]"
    assert found(tmp_path, {"pkg/trainer.py": MONITORED.replace("HOOKS", hooks)}) == [("trainer.py", 6, "info")]


GUARDED = """\
import tensorflow as tf


def make(files, params):
    ds = tf.data.TFRecordDataset(files).repeat()
    if GUARD:
        ds = ds.bucket_by_sequence_length(len, params.bucket_boundaries, [4, 4], drop_remainder=True)
    else:
        ds = ds.padded_batch(4, padded_shapes=[64], drop_remainder=True)
    return ds.prefetch(1)
"""


def test_bucketing_only_when_the_configuration_sets_boundaries_is_info(tmp_path):
    assert found(tmp_path / "a", {"pkg/data.py": GUARDED.replace("GUARD", "params.bucket_boundaries")}) == \
        [("data.py", 7, "info")]
    assert found(tmp_path / "b", {"pkg/data.py": GUARDED.replace("GUARD", "params.use_buckets")}) == \
        [("data.py", 7, "warning")]
