"""What the source states about a pipeline's function and its source (issue 11, held-out sets 2 and 5): a map's
function the source does not show but names for a data augmentation draws random numbers (TFP404: tf.data does
not run it in parallel itself), and a `from_generator` source over a project generator function that ends is
finite (TFP405: its last batch is partial), also where the generator is an abstract base's method whose
subclasses, in other modules, override it; TensorFlow 1's iterator whose next element an Estimator's input_fn
returns is no loop of the user's (TFP403, held-out set 4). Each INVALID form beside its VALID look-alike."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree
from tfperf.source import lint_paths, lint_text


def found(code: str, select: str):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), "train.py", target="gaudi2", select=[select], tensorflow_version="2.21")]


MAP = """\
    import tensorflow as tf
    {imports}
    def make(files, {parameter}):
        ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
        ds = ds.map({function})
        return ds.batch(32, drop_remainder=True).prefetch(1)

    from parsing import parse
    """


@pytest.mark.parametrize("parameter, function, shown", [
    ("augmenter", "augmenter", "augmenter"),
    ("augment_fn", "augment_fn", "augment_fn"),
    ("policy", "lambda x, y: (policy.distort_image(x), y)", "policy.distort_image()"),
    ("pipeline", "lambda x: pipeline.RandAugment(x)", "pipeline.RandAugment()"),
])
def test_a_function_not_shown_but_named_for_an_augmentation_holds_state(parameter, function, shown):
    assert found(MAP.format(imports="", parameter=parameter, function=function), "TFP404") == [
        (5, "warning", ".map() without num_parallel_calls runs on one host core: its function holds state "
                       f"({shown}, a data augmentation by its name, which draws random numbers), so tf.data does "
                       "not run it in parallel itself")]


def test_another_modules_function_named_for_an_augmentation_holds_state():
    code = MAP.format(imports="from pkg.images import augment_image", parameter="unused", function="augment_image")
    assert [f[1] for f in found(code, "TFP404")] == ["warning"]


@pytest.mark.parametrize("parameter, function", [
    ("decode_fn", "decode_fn"),  # a loader: the source does not say whether it holds state
    ("augmenter", "parse_augmented"),  # `augmented` data parsed: not an augmentation
    ("load_fn", "lambda x: load_fn(x)"),
])
def test_a_function_not_shown_and_not_named_for_an_augmentation_stays_info(parameter, function):
    assert [f[1] for f in found(MAP.format(imports="", parameter=parameter, function=function), "TFP404")] == ["info"]


def test_a_function_of_the_file_is_judged_by_its_body_not_its_name():
    code = MAP.format(imports="", parameter="unused", function="augment") + """
    def augment(image):
        return tf.image.flip_left_right(image)  # deterministic: every image flipped
    """
    assert [f[1] for f in found(code, "TFP404")] == ["info"]


def test_a_framework_layer_held_under_an_augmentation_name_is_judged_by_what_built_it():
    code = MAP.format(imports="", parameter="unused", function="lambda x: augmenter(x)").replace(
        "def make", "augmenter = tf.keras.layers.Rescaling(1 / 255)\n\n    def make")
    assert [f[1] for f in found(code, "TFP404")] == ["info"]


GENERATOR = """\
    import itertools
    import tensorflow as tf

    def _examples(paths):
        {loop}
            yield load(path)

    def make(paths):
        ds = tf.data.Dataset.from_generator({given}, output_types=tf.float32)
        return ds.batch(32).prefetch(1)
    """


@pytest.mark.parametrize("given", ["lambda: _examples(paths)", "_examples", "functools.partial(_examples, paths)"])
def test_a_generator_of_the_file_that_ends_is_a_finite_source(given):
    code = GENERATOR.format(loop="for path in paths:", given=given).replace("import itertools", "import functools")
    assert found(code, "TFP405") == [
        (10, "warning", ".batch() keeps a last, partial batch: a new leading dimension, and gaudi2 compiles the graph "
                        "again for it")]


@pytest.mark.parametrize("loop", [
    "while True:\n            path = next_path()",  # an endless loop
    "while paths:\n            path = paths.pop()",  # a loop whose end the source does not show
    "for path in itertools.cycle(paths):",  # an endless iterator
])
def test_a_generator_that_may_not_end_says_nothing(loop):
    assert found(GENERATOR.format(loop=loop, given="lambda: _examples(paths)"), "TFP405") == []


def test_a_generator_that_delegates_or_an_iterator_object_says_nothing():
    delegated = GENERATOR.format(loop="for path in paths:", given="lambda: _examples(paths)").replace(
        "yield load(path)", "yield from load_all(path)")
    assert found(delegated, "TFP405") == []
    loader = GENERATOR.format(loop="for path in paths:", given="lambda: self").replace(
        "def make(paths):", "def make(self, paths):")
    assert found(loader, "TFP405") == []


BASE = """\
    import abc
    import tensorflow as tf

    class Records(metaclass=abc.ABCMeta):
        @abc.abstractmethod
        def generator(self, ids):
            pass

        def create(self, batch_size=1):
            ds = tf.data.Dataset.from_generator(self.generator, output_types=tf.float32, args=(self.ids,))
            return ds.batch(batch_size).prefetch(1)
    """

SUBCLASS = """\
    import tensorflow as tf  # (files that never mention TensorFlow are not linted: their overrides are not seen)
    from pkg.base import Records

    class {name}(Records):
        def generator(self, ids):
            {body}
    """


def lint_project(tmp_path, *bodies):
    files = {"pkg/__init__.py": "", "pkg/base.py": BASE}
    for i, body in enumerate(bodies):
        files[f"pkg/sub{i}.py"] = SUBCLASS.format(name=f"Sub{i}", body=body)
    result = lint_paths([str(tree(tmp_path, files))], target="gaudi2", select=["TFP405"], jobs=1,
                        tensorflow_version="2.21")
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


def test_an_abstract_generator_whose_overrides_all_end_is_a_finite_source(tmp_path):
    ending = "for i in ids:\n                yield self.load(i)"
    assert lint_project(tmp_path, ending, ending) == [("base.py", 11, "warning")]


def test_an_abstract_generator_with_an_override_that_never_ends_says_nothing(tmp_path):
    ending = "for i in ids:\n                yield self.load(i)"
    endless = "while True:\n                yield self.load(self.pick(ids))"
    assert lint_project(tmp_path, ending, endless) == []


def test_an_abstract_generator_no_subclass_shows_says_nothing(tmp_path):
    assert lint_project(tmp_path) == []


ITERATOR = """\
    import tensorflow as tf

    def {name}(files):
        dataset = tf.data.TFRecordDataset(files).batch(32).prefetch(1)
        iterator = tf.compat.v1.data.make_one_shot_iterator(dataset)
        {body}
    """


@pytest.mark.parametrize("name, body", [
    ("input_fn", "return iterator.get_next()"),
    ("train_input_fn", "features, labels = iterator.get_next()\n        return features, labels"),
    ("eval_input_fn", "batch = iterator.get_next()\n        return batch"),
])
def test_an_input_fn_returning_a_tf1_iterators_next_element_feeds_the_estimator(name, body):
    assert found(ITERATOR.format(name=name, body=body), "TFP403") == []


def test_a_project_estimators_input_fn_by_any_name_feeds_the_estimator():
    code = ITERATOR.format(name="make_batches", body="return iterator.get_next()") + """
    def train(estimator, files):
        estimator.train(input_fn=make_batches)
    """
    assert found(code, "TFP403") == []


@pytest.mark.parametrize("name, body", [
    ("provide_data", "return iterator.get_next()"),  # a TF1 program's session steps take it: no Estimator
    ("input_fn", "batch = iterator.get_next()\n        return tf.reduce_sum(batch)"),  # not the batch returned
    ("input_function", "return iterator.get_next()"),  # not the Estimator's word
])
def test_a_tf1_iterators_next_element_elsewhere_is_a_loop_of_the_users(name, body):
    assert [f[0] for f in found(ITERATOR.format(name=name, body=body), "TFP403")] == [4]


def test_the_estimators_input_is_still_judged_for_its_last_batch():
    code = ITERATOR.format(name="input_fn", body="return iterator.get_next()")
    assert [f[:2] for f in found(code, "TFP405")] == [(4, "warning")]


def test_a_dataset_an_estimators_input_fn_returns_is_no_loop_of_the_users():
    code = """\
    import tensorflow as tf

    def make_input(files):
        return tf.data.TFRecordDataset(files).batch(32, drop_remainder=True).prefetch(1)

    def train(estimator, files):
        estimator.train(input_fn=make_input)
    """
    assert found(code, "TFP403") == []
