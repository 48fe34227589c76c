"""TFP405 forms of the twentieth session (issue 11): how a dataset reaches a batch and what the batch size is.

- a batch size that is 1 only on some paths (`if infer: batch_size = 1`) still batches by the caller's size on the
  others: not the `batch(1)` exemption;
- a generator that loops over a generator that never ends (`for d in self.forfit(): yield d`, `forfit` a `while
  True:` generator of the file or of another module) never ends either, and a generator picked on a path (`generator
  = self.forfit` / `else: def generator(): ...`) ends only if each one does;
- a batch only in a branch the default of its function's parameter turns away (`if padded_batch:` with
  `padded_batch=False`) is judged by what the project's calls pass (the opt-in convention);
- `drop_remainder=drop_remainder` of a public helper: the project's own calls decide when it makes some (the default
  a caller outside the project may keep does not count then), the default when it makes none;
- a pipeline held on `self` and read by the next statements (`self.ds = self.ds.batch(n).repeat()` then
  `make_initializable_iterator(self.ds)`, `iter(self.ds)`);
- padded_shapes a function of the file returns with None dimensions (`self.feature_spec()`, through a name, a list
  it appends to)."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, files: dict[str, str]) -> list[tuple[str, int, str]]:
    tree(root, {"pkg/__init__.py": "", **files})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP405"], jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value) for f in result.findings)


# --- a batch size of 1 on some paths only

SIZE = """\
    import tensorflow as tf

    def dataset(files, mode, batch_size):
        ds = tf.data.TFRecordDataset(files).shuffle(100)
        SIZE
        ds = ds.BATCH
        return ds.prefetch(1)
    """


def size_case(root, size: str, batch: str = "batch(batch_size)"):
    return found(root, {"pkg/data.py": SIZE.replace("SIZE", size).replace("BATCH", batch)})


def test_size_one_on_one_path_only_batches_by_the_callers_size(tmp_path):
    assert size_case(tmp_path / "a", "if mode == 'infer': batch_size = 1") == [("data.py", 6, "warning")]
    assert size_case(tmp_path / "b", "if mode == 'infer':\n            batch_size = 1\n        else:\n"
                                      "            batch_size = batch_size") == [("data.py", 9, "warning")]
    assert size_case(tmp_path / "c", "batch_size = 1 if mode == 'infer' else batch_size") == \
        [("data.py", 6, "warning")]


def test_size_one_on_every_path_is_exempt(tmp_path):
    assert size_case(tmp_path / "a", "batch_size = 1") == []
    assert size_case(tmp_path / "b", "one = 1", "batch(one)") == []
    assert size_case(tmp_path / "c", "pass", "batch(1)") == []


# --- generators over generators

GENERATORS = """\
    import itertools
    import tensorflow as tf
    IMPORT

    class Feeder:
        def forfit(self):
            while True:
                for d in self.data:
                    yield d

        def once(self):
            for d in self.data:
                yield d

        def to_dataset(self, n):
            BODY
            return tf.data.Dataset.from_generator(generator, output_types=tf.float32).batch(n)
    """


def generator_case(root, body: str, other: str = ""):
    files = {"pkg/feed.py": GENERATORS.replace("BODY", body).replace("IMPORT", "from pkg.streams import stream"
                                                                      if other else "")}
    if other:
        files["pkg/streams.py"] = other
    return found(root, files)


def test_a_generator_over_an_endless_generator_never_ends(tmp_path):
    nested = "def generator():\n                for d in self.forfit():\n                    yield d"
    assert generator_case(tmp_path / "a", nested) == []
    chained = ("def inner():\n                for d in self.forfit():\n                    yield d\n"
               "            def generator():\n                for d in inner():\n                    yield d * 2")
    assert generator_case(tmp_path / "b", chained) == []
    picked = ("if self.names is None:\n                generator = self.forfit\n            else:\n"
              "                def generator():\n                    for d in self.once():\n"
              "                        yield d")
    assert generator_case(tmp_path / "c", picked) == []
    counted = "def generator():\n                for i in itertools.count():\n                    yield i"
    assert generator_case(tmp_path / "d", counted) == []


def test_a_generator_over_another_modules_endless_generator_never_ends(tmp_path):
    other = "def stream(data):\n    while True:\n        yield from data\n"
    body = "def generator():\n                for d in stream(self.data):\n                    yield d"
    assert generator_case(tmp_path, body, other) == []


def test_a_generator_over_finite_generators_ends(tmp_path):
    nested = "def generator():\n                for d in self.once():\n                    yield d"
    assert generator_case(tmp_path / "a", nested) == [("feed.py", 19, "warning")]
    picked = ("if self.names is None:\n                generator = self.once\n            else:\n"
              "                def generator():\n                    for d in self.once():\n"
              "                        yield d")
    assert generator_case(tmp_path / "b", picked) == [("feed.py", 22, "warning")]
    other = "def stream(data):\n    for d in data:\n        yield d\n"
    body = "def generator():\n                for d in stream(self.data):\n                    yield d"
    assert generator_case(tmp_path / "c", body, other) == [("feed.py", 19, "warning")]


# --- a batch in an opt-in branch

OPT_IN = """\
    import tensorflow as tf

    class Data:
        @staticmethod
        def _make_batch(dataset, batch_size, padded_batch=False):
            if padded_batch:
                dataset = dataset.padded_batch(batch_size, dataset.output_shapes)
            else:
                dataset = dataset.batch(batch_size, drop_remainder=True)
            return dataset

        def make(self, files):
            ds = tf.data.TFRecordDataset(files)
            return self._make_batch(ds, 32CALL).prefetch(1)
    """


def test_a_batch_only_in_an_opt_in_branch_is_judged_by_the_callers(tmp_path):
    assert found(tmp_path / "a", {"pkg/data.py": OPT_IN.replace("CALL", "")}) == []
    assert found(tmp_path / "b", {"pkg/data.py": OPT_IN.replace("CALL", ", padded_batch=False")}) == []
    assert found(tmp_path / "c", {"pkg/data.py": OPT_IN.replace("CALL", ", padded_batch=True")}) == \
        [("data.py", 7, "warning")]
    assert found(tmp_path / "d", {"pkg/data.py": OPT_IN.replace("CALL", ", True")}) == [("data.py", 7, "warning")]


# --- drop_remainder a parameter of a public helper

HELPER = """\
    import tensorflow as tf

    def get_dataset(files, batch_size, drop_remainder=DEFAULT):
        dataset = tf.data.TFRecordDataset(files)
        dataset = dataset.batch(batch_size, drop_remainder=drop_remainder)
        return dataset.prefetch(1)
    """
TRAIN = """\
    import tensorflow as tf
    from pkg import data

    def train(model, files):
        ds = data.get_dataset(files, 32CALL)
        model.fit(ds, epochs=3)
    """


def helper_case(root, default: str, call: str | None):
    files = {"pkg/data.py": HELPER.replace("DEFAULT", default)}
    if call is not None:
        files["pkg/train.py"] = TRAIN.replace("CALL", call)
    return found(root, files)


def test_the_projects_calls_decide_a_public_helpers_drop_remainder(tmp_path):
    assert helper_case(tmp_path / "a", "False", ", drop_remainder=True") == []
    assert helper_case(tmp_path / "b", "False", ", True") == []
    assert helper_case(tmp_path / "c", "False", "") == [("data.py", 5, "warning")]
    assert helper_case(tmp_path / "d", "False", ", drop_remainder=False") == [("data.py", 5, "warning")]
    assert helper_case(tmp_path / "e", "True", "") == []


def test_without_a_call_of_the_project_the_default_decides(tmp_path):
    assert helper_case(tmp_path / "a", "False", None) == [("data.py", 5, "warning")]
    assert helper_case(tmp_path / "b", "True", None) == []


# --- a pipeline held on self

HELD = """\
    import tensorflow as tf

    class RBM:
        def data_pipeline(self, x, batch_size):
            self.dataset = tf.data.Dataset.from_tensor_slices(x)
            self.dataset = self.dataset.shuffle(50)
            self.dataset = self.dataset.CHAIN
            READ
    """


def held_case(root, chain: str, read: str):
    return found(root, {"pkg/rbm.py": HELD.replace("CHAIN", chain).replace("READ", read)})


def test_a_pipeline_held_on_self_is_read_where_the_next_statements_take_it(tmp_path):
    initializable = "self.iter = tf.compat.v1.data.make_initializable_iterator(self.dataset)"
    assert held_case(tmp_path / "a", "batch(batch_size).repeat()", initializable) == [("rbm.py", 7, "warning")]
    pulled = "for batch in iter(self.dataset):\n                self.step(batch)"
    assert held_case(tmp_path / "b", "batch(batch_size=batch_size).repeat()", pulled) == [("rbm.py", 7, "warning")]
    loop = "for batch in self.dataset:\n                self.step(batch)"
    assert held_case(tmp_path / "c", "batch(batch_size)", loop) == [("rbm.py", 7, "warning")]


def test_a_pipeline_held_on_self_that_repeats_first_has_no_partial_batch(tmp_path):
    initializable = "self.iter = tf.compat.v1.data.make_initializable_iterator(self.dataset)"
    assert held_case(tmp_path / "a", "repeat().batch(batch_size)", initializable) == []
    assert held_case(tmp_path / "b", "batch(batch_size, drop_remainder=True).repeat()", initializable) == []


# --- padded_shapes a function of the file returns

SHAPES = """\
    import tensorflow as tf

    class Task:
        def feature_spec(self):
            SPEC

        def dataset(self):
            data_set = self.generate_data().repeat()
            PADDED
            return data_set.prefetch(1)
    """


def shapes_case(root, spec: str, padded: str = "data_set = data_set.padded_batch(32, self.feature_spec())"):
    return found(root, {"pkg/task.py": SHAPES.replace("SPEC", spec).replace("PADDED", padded)})


def test_padded_shapes_a_function_returns_with_none_pad_to_each_batchs_longest(tmp_path):
    assert shapes_case(tmp_path / "a", "return (tf.TensorShape([None]), tf.TensorShape([]))") == \
        [("task.py", 9, "warning")]
    built = ("shapes = [(tf.TensorShape([tf.compat.v1.Dimension(None)]), tf.TensorShape([]))]\n"
             "            if self.labels:\n                shapes.append(tf.TensorShape([None]))\n"
             "                return tuple(shapes)\n            return shapes[0]")
    assert shapes_case(tmp_path / "b", built) == [("task.py", 13, "warning")]
    named = "feature_shape = self.feature_spec()\n            data_set = data_set.padded_batch(32, padded_shapes=feature_shape)"
    assert shapes_case(tmp_path / "c", "return ([None, 3], [])", named) == [("task.py", 10, "warning")]
    assert shapes_case(tmp_path / "d", "return tf.TensorShape(None)") == [("task.py", 9, "warning")]


def test_padded_shapes_a_function_returns_fixed_are_fixed(tmp_path):
    assert shapes_case(tmp_path / "a", "return (tf.TensorShape([self.max_len]), tf.TensorShape([]))") == []
    some = ("if self.fixed:\n                return (tf.TensorShape([self.max_len]),)\n"
            "            return (tf.TensorShape([None]),)")
    assert shapes_case(tmp_path / "b", some) == []
    checked = "shape = [self.max_len]\n            if self.extra is None:\n                return shape\n            return shape"
    assert shapes_case(tmp_path / "c", checked) == []


# --- a dataset handed through a project function that hands it back

THROUGH = """\
    import tensorflow as tf
    from pkg import prep

    class Loader:
        def _augment(self, dataset, training=True):
            return dataset.map(lambda x: x * 2, num_parallel_calls=4)

        def make(self, files, n):
            ds = tf.data.TFRecordDataset(files)
            ds = HANDED
            ds = ds.batch(n)
            return ds.prefetch(1)
    """
PREP = """\
    import tensorflow as tf

    def normalize(ds):
        return ds.map(lambda x: x / 255.0, num_parallel_calls=4)

    def endless(ds, shuffle=True):
        if shuffle:
            ds = ds.shuffle(100)
        return ds.repeat()

    def shuffled(ds, buffer=100):
        return ds.shuffle(buffer).take(1000)

    def other(ds):
        return tf.data.Dataset.range(10).repeat()
    """


def through_case(root, handed: str):
    return found(root, {"pkg/loader.py": THROUGH.replace("HANDED", handed), "pkg/prep.py": PREP})


def test_a_dataset_handed_back_by_a_project_function_ends_as_it_was_given(tmp_path):
    assert through_case(tmp_path / "a", "self._augment(ds)") == [("loader.py", 11, "warning")]
    assert through_case(tmp_path / "b", "self._augment(dataset=ds, training=False)") == [("loader.py", 11, "warning")]
    assert through_case(tmp_path / "c", "prep.normalize(ds)") == [("loader.py", 11, "warning")]
    assert through_case(tmp_path / "d", "prep.normalize(self._augment(ds))") == [("loader.py", 11, "warning")]
    assert through_case(tmp_path / "e", "prep.shuffled(ds)") == [("loader.py", 11, "warning")]


def test_a_dataset_handed_back_repeated_or_given_repeated_does_not_end(tmp_path):
    assert through_case(tmp_path / "a", "prep.endless(ds)") == []
    assert through_case(tmp_path / "b", "prep.normalize(ds.repeat())") == []
    assert through_case(tmp_path / "c", "self._augment(ds.repeat(-1))") == []
    assert through_case(tmp_path / "d", "prep.other(ds)") == []


PUBLIC = """\
    import tensorflow as tf

    def flow(files, batch_size, repeat=False, validation_split=None):
        dataset = tf.data.TFRecordDataset(files)
        if validation_split:
            train = dataset.skip(100)
            return train.batch(batch_size)
        if repeat:
            return dataset.batch(batch_size).repeat()
        return dataset.repeat().batch(batch_size)
    """


def test_a_public_functions_branches_are_its_users_whatever_the_default(tmp_path):
    assert found(tmp_path, {"pkg/flow.py": PUBLIC}) == [("flow.py", 7, "warning"), ("flow.py", 9, "warning")]
