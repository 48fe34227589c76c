"""Where a tf.data pipeline ends when a function returns it to callers the project does not show
(issue 11, held-out sets 2 and 4): a public method of a class derived from a project base, a
function only tests call, the base class's own call of the method an override replaces, and a
generator source. Small projects, each INVALID form beside a VALID look-alike, with the fixed text."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.findings import Severity
from tfperf.source import lint_paths


def fixed_line(root, name: str, line: int) -> str:
    """Line `line` of `name` after `--fix` of the project."""
    lint_paths([str(root)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS, fix=True)
    return (root / name).read_text().splitlines()[line - 1]


def found(result, code=None):
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings if code is None or f.code == code)


BASE = """\
    class Generator:
        def num_batch_dims(self):
            return 1
    """

FLOW = """\
    import tensorflow as tf
    from pkg.base import Generator

    class RowGenerator(Generator):
        def flow(self, rows, batch_size):
            ds = tf.data.Dataset.from_tensor_slices(rows).map(tf.math.square, num_parallel_calls=4).shuffle(64)
            return ds.batch(batch_size, drop_remainder=True).repeat()
    """


def test_a_public_method_of_a_derived_class_no_project_code_calls_ends_at_its_return(tmp_path):
    # the framework may call flow() (the class derives from a project base), but nothing the source
    # shows continues the pipeline: the user takes it as returned, so the prefetch goes on the return
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/rows.py": FLOW})
    result = lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == [("rows.py", 7, "TFP401", "warning")]
    assert fixed_line(tmp_path, "pkg/rows.py", 7) == \
        "        return ds.batch(batch_size, drop_remainder=True).repeat().prefetch(tf.data.AUTOTUNE)"


def test_a_project_caller_that_prefetches_a_derived_class_method_ends_it(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": BASE, "pkg/rows.py": FLOW + """\

        def prefetched(self, rows):
            return self.flow(rows, 32).prefetch(tf.data.AUTOTUNE)
    """})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == []


OVERRIDDEN_BASE = """\
    import tensorflow as tf

    class Generator:
        def dataset(self, rows):
            return self.flow(rows, 32){end}

        def flow(self, rows, batch_size):
            return tf.data.Dataset.from_tensor_slices(rows).batch(batch_size)
    """


def test_an_override_the_base_class_prefetches_is_not_judged_at_its_return(tmp_path):
    # Generator.dataset() calls self.flow(): at run time that is RowGenerator.flow, ended by the base
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/rows.py": FLOW,
                    "pkg/base.py": OVERRIDDEN_BASE.format(end=".prefetch(tf.data.AUTOTUNE)")})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == []


def test_an_override_the_base_class_hands_out_as_it_is_ends_at_its_return(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/rows.py": FLOW, "pkg/base.py": OVERRIDDEN_BASE.format(end="")})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == \
        [("base.py", 8, "TFP401", "warning"), ("rows.py", 7, "TFP401", "warning")]


BUILDER = """\
    import tensorflow as tf
    from pkg import data

    class Builder(data.AbstractBuilder):
        def _build_dataset(self, pattern):
            dataset = data.build_dataset(pattern)
            return dataset.map(self._features, num_parallel_calls=tf.data.AUTOTUNE){prefetch}

        def build_train_dataset(self):
            return self._build_dataset(self.train_pattern)
    """

DATA = """\
    import tensorflow as tf

    class AbstractBuilder:
        pass

    def build_dataset(pattern):
        files = tf.data.Dataset.list_files(pattern)
        dataset = files.interleave(tf.data.TFRecordDataset, num_parallel_calls=tf.data.AUTOTUNE)
        return dataset.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """


def test_work_after_a_helpers_prefetch_in_a_private_method_its_public_method_returns(tmp_path):
    # tensorflow-ranking's SimpleDatasetBuilder: build_train_dataset() hands _build_dataset()'s
    # pipeline out as it is, so the map after build_dataset()'s prefetch is the pipeline's end
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": DATA, "pkg/builder.py": BUILDER.format(prefetch="")})
    result = lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == [("builder.py", 7, "TFP402", "warning")]


def test_a_map_followed_by_its_own_prefetch_after_a_helpers_prefetch_is_fine(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": DATA,
                    "pkg/builder.py": BUILDER.format(prefetch=".prefetch(tf.data.AUTOTUNE)")})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP40"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == []


READER = """\
    import tensorflow as tf

    def read(files):
        ds = tf.data.TFRecordDataset(files).map(tf.io.decode_raw, num_parallel_calls=4)
        return ds.shuffle(64).batch(16, drop_remainder=True)
    """


def test_a_function_only_tests_call_ends_at_its_return(tmp_path):
    # the test continues the pipeline (take): tests call everything, so that says nothing of the users
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/reader.py": READER, "tests/test_reader.py": """\
        import tensorflow as tf
        from pkg import reader

        def test_read():
            assert len(list(reader.read(["a.tfrecord"]).take(2))) == 2
        """})
    result = lint_paths([str(tmp_path / "pkg"), str(tmp_path / "tests")], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == [("reader.py", 5, "TFP401", "warning")]


def test_a_private_function_only_tests_call_is_dead_code_to_its_users(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/reader.py": READER.replace("def read", "def _read"),
                    "tests/test_reader.py": """\
        import tensorflow as tf
        from pkg import reader

        def test_read():
            assert len(list(reader._read(["a.tfrecord"]).take(2))) == 2
        """})
    (finding,) = lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS).findings
    assert (finding.source.line, finding.severity) == (5, Severity.INFO)
    assert "nothing in this project calls it" in finding.message


def test_a_function_the_project_continues_with_a_prefetch_is_not_judged_at_its_return(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/reader.py": READER, "pkg/train.py": """\
        import tensorflow as tf
        from pkg import reader

        def train(model, files):
            model.fit(reader.read(files).prefetch(tf.data.AUTOTUNE))
        """})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == []


GENERATOR = """\
    import tensorflow as tf

    def batches(loader, signature):
        return tf.data.Dataset.from_generator(lambda: loader, output_signature=signature)

    def train(model, loader, signature):
        model.fit({data})
    """


def test_a_generator_source_fed_to_fit_without_prefetch(tmp_path):
    # the host runs the generator's Python for every element, in step with the device
    tree(tmp_path, {"train.py": GENERATOR.format(
        data="tf.data.Dataset.from_generator(lambda: loader, output_signature=signature)")})
    result = lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == [("train.py", 4, "TFP401", "info"), ("train.py", 7, "TFP401", "warning")]
    assert fixed_line(tmp_path, "train.py", 7) == "    model.fit(tf.data.Dataset.from_generator(" \
        "lambda: loader, output_signature=signature).prefetch(tf.data.AUTOTUNE))"


def test_a_generator_source_handed_out_is_info_and_a_prefetched_one_is_fine(tmp_path):
    # whether the generator yields whole batches or elements the taker batches, the source does not say
    tree(tmp_path, {"train.py": GENERATOR.format(data="batches(loader, signature).prefetch(2)")})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == []
    tree(tmp_path, {"train.py": GENERATOR.format(data="x=loader")})
    (finding,) = lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS).findings
    assert (finding.source.line, finding.severity) == (4, Severity.INFO)
    assert "the source does not say" in finding.message and not finding.fix.edits


def test_a_test_helper_is_ended_by_the_tests_that_call_it(tmp_path):
    # tests are the callers of test code: the loop ends the helper's pipeline, so it is judged
    # (info, in test code) rather than taken for an unbatched dataset handed out of the project
    tree(tmp_path, {"tests/test_loop.py": """\
        import tensorflow as tf

        def _examples():
            return tf.data.Dataset.range(64).map(tf.math.square, num_parallel_calls=2)

        def test_loop():
            for x in _examples():
                assert x >= 0
        """})
    assert found(lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)) == \
        [("test_loop.py", 4, "TFP401", "info")]
