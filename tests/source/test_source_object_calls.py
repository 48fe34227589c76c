"""Calls on objects the code makes, and modules in namespace packages (held-out set 6, issue 11), each
form beside a look-alike: a local bound only to instances of one project class calls that class's
`__call__` or named method (so a tf.data map function's augmentation is host work); a method the class
does not define (Keras' `fit`) is not the class's; a directory without `__init__.py` inside a package
names its modules from the package (`pkg.third_party.lib.mod`); a builder whose pipeline a training
caller and an evaluation caller both end feeds training."""

from __future__ import annotations

import textwrap

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths, lint_text
from tfperf.source.project import module_of

GRID = """\
import tensorflow as tf

class Grid:
    def __call__(self, image):
        return tf.transpose(image, perm=[2, 0, 1])

    def apply(self, image):
        return tf.transpose(image, perm=[1, 2, 0])

DEFAULT_AUGMENTATION = Grid  # the class handed on: instances of it may be made anywhere (the device, say)

"""


def transposes(code: str) -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value) for f in
            lint_text(GRID + textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101"])]


MAPPED = """\
def parse(record):
    image = tf.io.decode_jpeg(record)
    grid = Grid()
    image = grid(image)
    return grid.apply(image)

def dataset(files):
    return tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
"""


def test_a_local_object_called_in_a_map_function_runs_its_class_methods_on_the_host():
    assert transposes(MAPPED) == []
    # what holds the object at the call, not the class, decides: an unknown object's methods run anywhere
    assert transposes(MAPPED.replace("grid = Grid()", "grid = make_grid()")) == [(5, "warning"), (8, "warning")]


def test_the_same_object_called_in_the_training_step_is_on_the_device():
    step = MAPPED.replace(".map(parse, num_parallel_calls=tf.data.AUTOTUNE)", "") + """\

@tf.function
def train_step(record):
    return parse(record)
"""
    assert transposes(step) == [(5, "warning"), (8, "warning")]


def test_a_name_that_also_holds_something_else_says_nothing_of_its_class():
    # `grid` is rebound to a function's result: which object it holds at the call is not known
    rebound = MAPPED.replace("    image = grid(image)\n", "    image = grid(image)\n    grid = make_other()\n")
    assert transposes(rebound) == [(5, "warning"), (8, "warning")]


def test_an_object_stored_on_self_in_init_is_followed_too():
    parser = """\
    class Parser:
        def __init__(self):
            self._grid = Grid()

        def parse(self, record):
            return self._grid.apply(tf.io.decode_jpeg(record))

        def dataset(self, files):
            return tf.data.TFRecordDataset(files).map(self.parse, num_parallel_calls=tf.data.AUTOTUNE)
    """
    assert transposes(parser) == [(5, "warning")]  # __call__: nothing in the file calls it


KERAS_MODEL = """\
import tensorflow as tf

class Net(tf.keras.Model):
    def call(self, x):
        return x

def train(files):
    model = Net()
    ds = tf.data.TFRecordDataset(files).batch(32, drop_remainder=True)
    model.fit(ds)
"""


def test_a_method_the_class_inherits_from_keras_is_not_the_projects(tmp_path):
    # model.fit is Keras' (a sink of the pipeline), not a project method Net does not define
    found = lint_text(KERAS_MODEL, "train.py", target="gaudi2", select=["TFP401"], tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert [(f.code, f.source.line, f.severity.value) for f in found] == [("TFP401", 9, "warning")]


def test_a_directory_without_init_inside_a_package_is_a_namespace_package(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/third_party/lib/__init__.py": "", "pkg/third_party/lib/mod.py": "",
                    "scripts/run.py": ""})
    assert module_of(str(tmp_path / "pkg/third_party/lib/mod.py")) == ("pkg.third_party.lib.mod", "pkg.third_party.lib")
    assert module_of(str(tmp_path / "scripts/run.py")) == ("run", "")  # outside any package: a top-level module


AUG = """\
    import tensorflow as tf

    class Grid:
        def __call__(self, image):
            return tf.transpose(image, perm=[2, 0, 1])

    def grid(image):
        return Grid()(image)
    """

LOADER = """\
    import tensorflow as tf
    from pkg.third_party.lib import grid

    def parse(record):
        return grid.grid(tf.io.decode_jpeg(record))

    def dataset(files):
        return tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
    """


def test_a_module_imported_through_a_namespace_package_is_the_projects(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/third_party/lib/__init__.py": "", "pkg/third_party/lib/grid.py": AUG,
                    "pkg/loader.py": LOADER})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
    assert found == []  # grid() runs in the map function: host work
    tree(tmp_path, {"pkg/loader.py": LOADER.replace(".map(parse, num_parallel_calls=tf.data.AUTOTUNE)", "")
                    + "\n    @tf.function\n    def train_step(record):\n        return parse(record)\n"})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(5, "warning")]


# (shuffled before the batch: a map right before it would be fused into an asynchronous map_and_batch)
BUILDS = """\
    import tensorflow as tf

    class Builder:
        def build(self, files, batch_size):
            return tf.data.TFRecordDataset(files).map(tf.io.parse_tensor, num_parallel_calls=4).shuffle(8).batch(batch_size)

    def train_input_fn(files):
        builder = Builder()
        return builder.build(files, 32)

    def eval_input_fn(files):
        builder = Builder()
        return builder.build(files, 8)

    def main(estimator, files):
        estimator.train(input_fn=lambda: train_input_fn(files))
    """


def test_a_builder_that_a_training_caller_ends_feeds_training_though_an_evaluation_caller_does_too(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": BUILDS.replace(
        "estimator.train(input_fn=lambda: train_input_fn(files))",
        "estimator.train(input_fn=train_input_fn)\n        estimator.evaluate(input_fn=eval_input_fn)")})
    found = lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1,
                       tensorflow_version=TF_WITHOUT_DEFAULTS).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(5, "warning")]
    tree(tmp_path, {"pkg/inputs.py": BUILDS.replace(
        "estimator.train(input_fn=lambda: train_input_fn(files))", "estimator.evaluate(input_fn=eval_input_fn)")
        .replace("return builder.build(files, 32)", "return None")})
    found = lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1,
                       tensorflow_version=TF_WITHOUT_DEFAULTS).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(5, "info")]  # evaluation only


MOSAIC = """\
import tensorflow as tf

class Mosaic:
    def __call__(self, boxes):
        return tf.transpose(boxes, perm=[2, 0, 1])
"""


def test_an_augmentation_module_nothing_calls_is_input_pipeline_code_by_its_directory():
    # `aug/` is the input pipeline's augmentation, as `augment/` and `preprocessing/` are: the path decides
    # only when no caller says where the code runs
    def found(path):
        return [f.severity.value for f in lint_text(MOSAIC, path, target="gaudi2", select=["TFP101"])]
    assert found("pkg/aug/mosaic.py") == []
    assert found("pkg/ops/mosaic.py") == ["warning"]
