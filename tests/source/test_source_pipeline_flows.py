"""tf.data constructs of held-out set 5 (issue 11), each INVALID form beside a VALID look-alike: what a
map function computes (TFP404), a pipeline consumed once to count, a project method named like a
dataset method, a prefetch followed by work through an attribute, a list of datasets, and the operands
of a zip."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths


def found(root, code="TFP40"):
    result = lint_paths([str(root)], target="cpu", select=[code], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings)


def messages(root, code: str) -> list[str]:
    return [f.message for f in lint_paths([str(root)], target="cpu", select=[code], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS).findings]


def fixed_line(root, name: str, line: int) -> str:
    lint_paths([str(root)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS, fix=True)
    return (root / name).read_text().splitlines()[line - 1]


MAPS = """\
    import tensorflow as tf
    from pkg.shapes import set_tensor_shape

    class Builder:
        def select(self, sample):
            \"\"\"Only fields and slices.\"\"\"
            kept = {k: v for k, v in sample.items() if not k == "waveform"}
            return dict(kept, spec=sample["spec"][:, : self._F, :])

        def crop(self, sample):
            def start(sample):
                return tf.cast(tf.maximum(tf.shape(sample["spec"])[0] / 2 - self._T / 2, 0), tf.int32)
            return dict(sample, spec=sample["spec"][start(sample): start(sample) + self._T])

        def shaped(self, sample):
            return dict(sample, spec=set_tensor_shape(sample["spec"], (self._T, self._F)))

        def offset(self, sample):
            return dict(sample, start=tf.maximum(sample["duration"] / 2 - self._T / 2, 0))

        def spectrogram(self, sample):
            return dict(sample, spec=tf.signal.stft(sample["waveform"], 1024, 256))

        def build(self, files):
            ds = tf.data.Dataset.from_tensor_slices(files).repeat()
            ds = ds.map(self.select)
            ds = ds.map(self.crop)
            ds = ds.map(self.shaped)
            ds = ds.map(self.offset)
            ds = ds.map(self.spectrogram)
            ds = ds.map(lambda img: tf.image.resize(img, (64, 64)))
            return ds.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """

SHAPES = """\
    import tensorflow as tf

    def set_tensor_shape(tensor, shape):
        \"\"\"Set a static shape.\"\"\"
        tensor.set_shape(shape)
        return tensor

    def reshaped(tensor, shape):
        tensor.set_shape(shape)
        return tensor * 2
    """


def test_a_map_that_only_selects_slices_or_sets_shapes_is_not_reported(tmp_path):
    # select (keys, a slice), crop (a slice whose bounds come from tf.shape), shaped (a project shape
    # setter in another module): nothing to parallelise; offset: light arithmetic on a field, info;
    # spectrogram (an STFT) and the resize lambda: real work, warnings
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/maps.py": MAPS, "pkg/shapes.py": SHAPES})
    assert found(tmp_path, "TFP404") == [("maps.py", 29, "TFP404", "info"), ("maps.py", 30, "TFP404", "warning"),
                                         ("maps.py", 31, "TFP404", "warning")]


def test_a_map_calling_a_project_function_that_computes_is_work(tmp_path):
    # reshaped() also multiplies: not a shape setter, so the map calling it does work
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/maps.py": MAPS.replace("set_tensor_shape", "reshaped"),
                    "pkg/shapes.py": SHAPES})
    assert ("maps.py", 28, "TFP404", "warning") in found(tmp_path, "TFP404")


CACHED = """\
    import tensorflow as tf

    class Builder:
        def cache(self, dataset, path):
            if path is not None:
                return dataset.cache(path)
            return dataset

        def build(self, files, path, batch_size):
            dataset = tf.data.Dataset.from_tensor_slices(files)
            dataset = self.cache(dataset, path)
            dataset = dataset.shuffle(100).repeat()
            dataset = dataset.batch(batch_size, drop_remainder=True){end}
            return dataset
    """


def test_a_project_method_named_like_a_dataset_method_is_a_call_whose_summary_says(tmp_path):
    # self.cache(dataset, path) is Builder.cache, not Dataset.cache on `self`: what it returns is known,
    # so the pipeline build() returns is known to end without a prefetch (before: info, "unless self prefetches")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/build.py": CACHED.format(end="")})
    assert found(tmp_path, "TFP401") == [("build.py", 13, "TFP401", "warning")]
    assert fixed_line(tmp_path, "pkg/build.py", 13) == \
        "        dataset = dataset.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)"


def test_a_pipeline_through_a_project_method_ending_in_a_prefetch_is_clean(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/build.py": CACHED.format(end=".prefetch(2)")})
    assert found(tmp_path) == []


COUNTED = """\
    import tensorflow as tf

    def records(files, parse, batch_size):
        first = tf.data.TFRecordDataset(files[:1]).map(parse)
        per_file = {use}
        ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
        return ds.batch(per_file, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """


def test_a_pipeline_iterated_only_to_count_its_elements_is_no_training_input(tmp_path):
    for use in ("len([0 for _ in first])", "sum(1 for record in first)"):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/records.py": COUNTED.format(use=use)})
        assert found(tmp_path) == [("records.py", 4, "TFP401", "info"), ("records.py", 4, "TFP404", "info")], use


def test_a_pipeline_whose_elements_a_loop_uses_is_judged_as_an_input(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/records.py": COUNTED.format(use="max(len(r) for r in first)")})
    assert found(tmp_path) == [("records.py", 4, "TFP401", "warning"), ("records.py", 4, "TFP404", "warning")]


WRAPPER = """\
    import tensorflow as tf

    class Dataset:
        def __init__(self, files):
            self.dataset = tf.data.TFRecordDataset(files)

        def shuffle(self, n):
            self.dataset = self.dataset.shuffle(n)
            return self

        def batch(self, batch_size):
            self.dataset = self.dataset.prefetch(buffer_size=batch_size)
            self.dataset = self.dataset.batch(batch_size, drop_remainder=True){end}
            return self
    """


def test_a_wrapper_class_that_batches_after_its_prefetch_is_reported(tmp_path):
    # no method of Dataset stores self.dataset ending in a prefetch: the batch after it is never overlapped
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": WRAPPER.format(end="")})
    assert found(tmp_path, "TFP402") == [("data.py", 13, "TFP402", "warning")]
    assert messages(tmp_path, "TFP402") == [".batch() after .prefetch() runs without overlap with the device step (no "
                                            "method of Dataset leaves self.dataset ending in a prefetch)"
                                            ": TensorFlow 2.6 (the tensorflow-version setting) adds no prefetch itself; "
                                            "inject_prefetch is on by default from TensorFlow 2.12"]


def test_a_wrapper_class_whose_pipeline_ends_in_a_prefetch_is_clean(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": WRAPPER.format(end=".prefetch(2)")})
    assert found(tmp_path, "TFP402") == []


LISTED = """\
    import tensorflow as tf

    def _preprocess(dataset, batch_size):
        patches = dataset.map(tf.image.per_image_standardization, num_parallel_calls=4).repeat()
        patches = patches.prefetch(5 * batch_size)
        patches = patches.batch(batch_size, drop_remainder=True){end}
        return patches

    def provide_datasets(patterns, batch_size):
        return [_preprocess(tf.data.Dataset.list_files(p).map(tf.io.read_file, num_parallel_calls=4), batch_size)
                for p in patterns]

    def provide_data(patterns, batch_size):
        datasets = provide_datasets(patterns, batch_size)
        tensors = []
        for ds in datasets:
            iterator = tf.compat.v1.data.make_initializable_iterator(ds)
            tensors.append(iterator.get_next())
        return tensors
    """


def test_a_list_of_datasets_iterated_to_its_end_is_judged_where_each_is_made(tmp_path):
    # provide_datasets returns a list of _preprocess's pipelines; provide_data takes each to an
    # iterator: the end of each is that iterator, so the batch after _preprocess's prefetch is judged
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": LISTED.format(end="")})
    assert found(tmp_path) == [("data.py", 6, "TFP402", "warning")]


def test_a_list_of_datasets_each_ending_in_a_prefetch_is_clean(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": LISTED.format(end=".prefetch(1)")})
    assert found(tmp_path) == []


PROVIDER = """\
    import tensorflow as tf

    def provide_dataset(files, batch_size):
        ds = tf.data.TFRecordDataset(files).map(tf.io.parse_tensor, num_parallel_calls=4).repeat()
        return ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """

ZIPPED = """\
    import tensorflow as tf
    from pkg.provider import provide_dataset

    def input_fn(mode, params):
        noise = tf.data.Dataset.from_tensors(0).repeat().map(lambda _: tf.random.normal([8, 64]))
        images = provide_dataset(params["files"], 8).map(lambda x: x["images"])
        return tf.data.Dataset.zip((noise, images)){end}

    def train(estimator, steps):
        estimator.train(input_fn=input_fn, max_steps=steps)
    """


def test_work_after_a_prefetch_made_in_another_module_then_zipped_into_an_estimator_input(tmp_path):
    # the Estimator takes input_fn's dataset as it is: the zip ends there without a prefetch, so the
    # map after provide_dataset's prefetch is not overlapped
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/provider.py": PROVIDER, "pkg/inputs.py": ZIPPED.format(end="")})
    assert found(tmp_path, "TFP402") == [("inputs.py", 6, "TFP402", "warning")]
    assert messages(tmp_path, "TFP402") == [".map() after .prefetch() runs without overlap with the device step (it "
                                            "is combined at line 7 into a pipeline that ends without a prefetch)"
                                            ": TensorFlow 2.6 (the tensorflow-version setting) adds no prefetch itself; "
                                            "inject_prefetch is on by default from TensorFlow 2.12"]


def test_a_zip_that_ends_in_a_prefetch_overlaps_its_operands(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/provider.py": PROVIDER,
                    "pkg/inputs.py": ZIPPED.format(end=".prefetch(tf.data.AUTOTUNE)")})
    assert found(tmp_path, "TFP402") == []


def test_an_estimator_input_fn_ends_its_pipeline_at_its_return(tmp_path):
    # without the estimator.train(input_fn=...) use, input_fn is referenced: its pipeline goes on elsewhere
    source = ZIPPED.format(end="").replace("zip((noise, images))", "zip((noise, images)).map(lambda n, i: (i, n))")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/provider.py": PROVIDER, "pkg/inputs.py": source})
    assert found(tmp_path, "TFP401") == [("inputs.py", 7, "TFP401", "warning")]
    assert fixed_line(tmp_path, "pkg/inputs.py", 7) == \
        "    return tf.data.Dataset.zip((noise, images)).map(lambda n, i: (i, n)).prefetch(tf.data.AUTOTUNE)"
    tree(tmp_path, {"pkg/inputs.py": source.replace("estimator.train(input_fn=input_fn", "run(input_fn")})
    assert found(tmp_path, "TFP401") == []


def test_a_flag_holding_a_predict_mode_comparison_makes_its_branch_inference(tmp_path):
    # input_fn returns the noise alone only when just_noise (mode == PREDICT) holds: prediction
    source = ZIPPED.format(end="").replace(
        "        noise = tf.data", "        just_noise = mode == tf.estimator.ModeKeys.PREDICT\n        noise = tf.data").replace(
        "        images = provide", "        if just_noise:\n            return noise\n        images = provide")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/provider.py": PROVIDER, "pkg/inputs.py": source})
    assert found(tmp_path, "TFP401") == [("inputs.py", 6, "TFP401", "info")]
    tree(tmp_path, {"pkg/inputs.py": source.replace("ModeKeys.PREDICT", "ModeKeys.EVAL").replace("just_noise", "is_eval")})
    assert found(tmp_path, "TFP401") == [("inputs.py", 6, "TFP401", "info")]
    tree(tmp_path, {"pkg/inputs.py": source.replace("just_noise = mode", "just_noise = params['noise']  # mode")})
    assert found(tmp_path, "TFP401") == [("inputs.py", 6, "TFP401", "warning")]


PARTS = """\
    import tensorflow as tf

    class Part:
        def crop(self, sample):
            return dict(sample, spec=sample["spec"][:, : self._F])

        def decode(self, sample):
            return dict(sample, image=tf.io.decode_png(sample["png"]))

    class Builder:
        def build(self, files, parts):
            ds = tf.data.Dataset.from_tensor_slices(files).repeat()
            for part in parts:
                ds = ds.map(part.{method})
            return ds.batch(8, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """


def test_a_method_of_another_instance_is_read_as_the_one_method_of_that_name_in_the_file(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/parts.py": PARTS.format(method="crop")})
    assert found(tmp_path, "TFP404") == []
    tree(tmp_path, {"pkg/parts.py": PARTS.format(method="decode")})
    assert found(tmp_path, "TFP404") == [("parts.py", 14, "TFP404", "warning")]


TRANSFORMS = """\
import tensorflow as tf

def finalize(dataset):
    return dataset.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

def make_finalize(n):
    return lambda dataset: dataset.batch(n, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

def make_batch(n):
    return lambda dataset: dataset.batch(n, drop_remainder=True)
"""

APPLIED = """\
import tensorflow as tf
from pkg import util

def train_a(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    model.fit(ds.apply(util.finalize))

def train_b(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    model.fit(ds.apply(util.make_finalize(32)))

def train_c(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    model.fit(ds.apply(util.make_batch(32)))

from parsing import parse
"""


def test_a_transformation_of_another_module_that_prefetches_ends_the_pipeline(tmp_path):
    """`.apply(util.finalize)` / `.apply(util.make_finalize(n))` of another module end in a prefetch (its
    summary says so): no TFP401; one that only batches leaves the pipeline without one, reported at the
    `.apply()`, where the prefetch goes."""
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/util.py": TRANSFORMS, "pkg/train.py": APPLIED})
    assert found(root, "TFP401") == [("train.py", 14, "TFP401", "warning")]
    assert fixed_line(root, "pkg/train.py", 14).endswith("model.fit(ds.apply(util.make_batch(32)).prefetch(tf.data.AUTOTUNE))")
