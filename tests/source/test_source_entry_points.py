"""TFP702 for training programs a framework or a console runs by name, with no `__main__` block (held-out sets 28
and 30): a module-level function of the module's public API that no code of the project calls, returns no value
and trains what it makes itself (a TFX module file's `run_fn(fn_args)`, which the Trainer imports and calls by name;
a console script's `main()` in `pkg/__main__.py` that trains through the project; a command a CLI decorator
registers). Not: a library helper handed its data or model (`run_experiments(ds_train, model)`), a training API
that returns the model it trains, a private or test function, one the project calls, a `fit` of a scikit-learn
estimator in a module that imports TensorFlow too."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

BUILDER = """\
import tensorflow as tf


def _input_fn(file_pattern, batch_size=32):
    return tf.data.TFRecordDataset(file_pattern).batch(batch_size)


def _build_keras_model():
    inputs = tf.keras.Input(shape=(16,))
    d = tf.keras.layers.Dense(256, activation="relu")(inputs)
    outputs = tf.keras.layers.Dense(3)(d)
    model = tf.keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
"""

# a TFX-style module file: the framework imports it and calls run_fn(fn_args) by name
RUN_FN = BUILDER + """

def run_fn(fn_args):
    train_dataset = _input_fn(fn_args.train_files)
    model = _build_keras_model()
    model.fit(train_dataset, steps_per_epoch=fn_args.train_steps)
    model.save(fn_args.serving_model_dir)
"""

# a click-style command: registered by its decorator, its parameters plain values
COMMAND = BUILDER + """
import click


@click.command()
@click.option("--epochs", default=10)
def train(epochs, data="train.tfrecord"):
    model = _build_keras_model()
    model.fit(_input_fn(data), epochs=epochs)
    model.save("model")
"""

TRAIN = """\
import tensorflow as tf


def train_with_args(args):
    model = tf.keras.Sequential([tf.keras.layers.Dense(512), tf.keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(tf.zeros([64, 32]), tf.zeros([64, 10]), epochs=args.epochs)
"""

# a console script's entry (`pkg = pkg.__main__:main`): no __main__ block, trains through the project
CONSOLE_MAIN = """\
import argparse


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    return parser.parse_args()


def main():
    args = parse_args()
    from . import train
    train.train_with_args(args)
"""


def findings(tmp_path, files: dict[str, str]):
    tree(tmp_path, {"pkg/__init__.py": "", **files})
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings)


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


def test_a_module_file_whose_run_fn_a_framework_calls_is_a_training_program(tmp_path):
    [(path, line, severity)] = findings(tmp_path, {"pkg/module_file.py": RUN_FN})
    assert (path, line, severity) == ("module_file.py", line_of(RUN_FN, "layers.Dense(256"), "warning")


def test_a_command_a_decorator_registers_is_a_training_program(tmp_path):
    [(_, line, severity)] = findings(tmp_path, {"pkg/cli.py": COMMAND})
    assert (line, severity) == (line_of(COMMAND, "layers.Dense(256"), "warning")


def test_a_console_main_that_trains_through_the_project_is_reported_at_its_call(tmp_path):
    found = findings(tmp_path, {"pkg/__main__.py": CONSOLE_MAIN, "pkg/train.py": TRAIN})
    assert ("__main__.py", line_of(CONSOLE_MAIN, "train.train_with_args(args)"), "warning") in found
    assert all(severity == "info" for path, _, severity in found if path == "train.py")


def test_a_library_helper_given_its_data_and_model_is_no_program(tmp_path):
    helper = BUILDER + """

def run_experiments(ds_train, configs, epochs=10):
    model = _build_keras_model()
    model.fit(x=ds_train, epochs=epochs)
"""
    assert [severity for _, _, severity in findings(tmp_path, {"pkg/experiments.py": helper})] == ["info"]


def test_a_training_api_that_returns_its_model_is_no_program(tmp_path):
    api = BUILDER + """

def create(train_files, epochs=10):
    model = _build_keras_model()
    model.fit(_input_fn(train_files), epochs=epochs)
    return model
"""
    assert [severity for _, _, severity in findings(tmp_path, {"pkg/api.py": api})] == ["info"]


def test_a_private_or_test_function_or_one_the_project_calls_is_no_entry(tmp_path):
    private = RUN_FN.replace("def run_fn(", "def _run_fn(")
    test_named = RUN_FN.replace("def run_fn(", "def test_run_fn(")
    caller = "import tensorflow as tf\nfrom pkg import module_file\n\n\ndef retrain(args):\n    module_file.run_fn(args)\n    return args\n"
    for n, files in enumerate(({"pkg/module_file.py": private}, {"pkg/module_file.py": test_named},
                               {"pkg/module_file.py": RUN_FN, "pkg/caller.py": caller})):
        assert [severity for _, _, severity in findings(tmp_path / str(n), files)] == ["info"]


def test_a_console_main_given_required_arguments_must_train_in_its_file(tmp_path):
    needs = CONSOLE_MAIN.replace("def main():\n    args = parse_args()", "def main(args):")
    found = findings(tmp_path, {"pkg/__main__.py": needs, "pkg/train.py": TRAIN})
    assert all(severity == "info" for _, _, severity in found)


def test_a_scikit_learn_fit_in_a_module_that_imports_tensorflow_trains_no_keras_model(tmp_path):
    sklearn = """\
import tensorflow as tf
from sklearn.neural_network import MLPClassifier


def run_fn(fn_args):
    x = tf.io.read_file(fn_args.train_files)
    model = MLPClassifier(hidden_layer_sizes=[8, 8])
    model.fit(x, x)
"""
    assert findings(tmp_path, {"pkg/module_file.py": sklearn}) == []


def test_a_scikit_learn_object_built_in_place_and_fitted_trains_no_keras_model(tmp_path):
    # mlmodels' TF1 programs (set 71): `MinMaxScaler().fit(df)` prepares the data of a Session-trained graph
    script = """\
import numpy as np
import tensorflow as tf
from sklearn.preprocessing import MinMaxScaler


def get_dataset(df):
    minmax = MinMaxScaler().fit(df.astype("float32"))
    return minmax.transform(df)


if __name__ == "__main__":
    data = get_dataset(np.random.rand(100, 8))
    x = tf.compat.v1.placeholder(tf.float32, (None, 8))
    loss = tf.reduce_mean(tf.compat.v1.layers.dense(x, 1))
    step = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)
    with tf.compat.v1.Session() as sess:
        sess.run(step, feed_dict={x: data})
"""
    assert [f for f in findings(tmp_path, {"pkg/lstm.py": script}) if f[2] == "warning"] == []


_MAKE_NET = """\
import tensorflow as tf


def make_net(units=64):
    return tf.keras.Sequential([tf.keras.layers.Dense(units)])
"""


def test_a_scripts_module_level_scikit_learn_fit_is_not_where_it_trains(tmp_path):
    # a script trains a model built elsewhere: reported at its first training call, which is the Keras model's
    # `clf.fit`, not the module-level scaler's `fit` before it
    script = """\
import numpy as np
import tensorflow as tf
from sklearn.preprocessing import StandardScaler

from pkg.models import make_net

scaler = StandardScaler()
x = np.random.rand(100, 8)
scaler.fit(x)
clf = make_net(units=256)
clf.compile("adam", "mse")
clf.fit(scaler.transform(x), np.random.rand(100, 1))
"""
    assert findings(tmp_path, {"pkg/models.py": _MAKE_NET, "pkg/train_net.py": script}) == [
        ("train_net.py", line_of(script, "clf.fit("), "warning")]


def test_a_keras_class_the_project_re_exports_is_no_library_object(tmp_path):
    # `keras` from the project's backend module (as keras-xlnet's demos import it, from a module the package does
    # not ship): its Model trains
    script = """\
import numpy as np

from pkg.backend import keras

inputs = keras.layers.Input(shape=(8,))
model = keras.models.Model(inputs=inputs, outputs=keras.layers.Dense(256)(inputs))
model.compile("adam", "mse")
model.fit(np.zeros((4, 8)), np.zeros((4, 256)))
"""
    assert [f[0] for f in findings(tmp_path, {"pkg/train.py": script})] == ["train.py"]


def test_a_module_level_library_object_read_in_a_function_may_be_rebound(tmp_path):
    # (`fit` in a function reads the module's `model`, which another binding, or another module, may replace)
    script = """\
import tensorflow as tf
from sklearn.preprocessing import StandardScaler

from pkg.models import make_net

model = StandardScaler()


def main():
    model.fit(tf.zeros([4, 8]))


if __name__ == "__main__":
    main()
"""
    assert findings(tmp_path, {"pkg/models.py": _MAKE_NET, "pkg/train_net.py": script}) == [
        ("train_net.py", line_of(script, "model.fit("), "warning")]


def test_a_generic_training_loop_handed_its_variables_builds_no_model_and_is_no_program(tmp_path):
    loop = """\
import tensorflow as tf


def training_loop(closure, optimizer=None, var_list=None, maxiter=1000):
    optimizer = tf.keras.optimizers.Adam() if optimizer is None else optimizer

    def optimization_step():
        with tf.GradientTape() as tape:
            loss = closure()
        optimizer.apply_gradients(zip(tape.gradient(loss, var_list), var_list))

    for _ in range(maxiter):
        optimization_step()
"""
    assert findings(tmp_path, {"pkg/optimizers.py": loop}) == []


def test_a_generator_or_a_module_function_named_fit_is_no_entry(tmp_path):
    generator = BUILDER + """
from pkg import tools


def get_image_generator(height, width):
    model = _build_keras_model()
    while True:
        image = tools.fit(model.predict(tf.zeros([1, 16])), width=width, height=height)
        yield image
"""
    tools = "import tensorflow as tf\n\n\ndef fit(image, width, height):\n    return tf.image.resize(image, [height, width])\n"
    found = findings(tmp_path, {"pkg/data_generation.py": generator, "pkg/tools.py": tools})
    assert [severity for _, _, severity in found] == ["info"]  # (its builder compiles: library code)


PROJECT_MODEL = """\
import tensorflow as tf
from tensorflow.keras import Model, layers


class DIN(Model):
    def __init__(self, units):
        super().__init__()
        self.dense = layers.Dense(units)

    def call(self, inputs):
        return self.dense(inputs)
"""

TRAIN_PROJECT_MODEL = """\
import tensorflow as tf
from tensorflow import keras

from .model import DIN


def train():
    model = DIN(256)
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.SGD(0.1))
    model.fit(tf.zeros([64, 16]), tf.zeros([64, 256]), epochs=1)
"""


def test_an_entry_that_fits_a_model_of_a_project_class_is_a_training_program(tmp_path):
    """`model = DIN(...)` ... `model.fit(x, y)`: the call resolves to the project class's (inherited) `fit`, which is
    Keras' own (funkeras' din/train.py, set 53); one that defines its own `fit` and derives from no Keras model is
    the project's code, followed as such."""
    found = findings(tmp_path, {"pkg/din/model.py": PROJECT_MODEL, "pkg/din/train.py": TRAIN_PROJECT_MODEL})
    assert found == [("train.py", line_of(TRAIN_PROJECT_MODEL, "DIN(256)"), "warning")]
    own_fit = PROJECT_MODEL.replace("class DIN(Model):", "class DIN:").replace(
        "        super().__init__()\n", "") + "\n    def fit(self, x, y, epochs=1):\n        return self.dense(x)\n"
    assert findings(tmp_path / "own", {"pkg/din/model.py": own_fit, "pkg/din/train.py": TRAIN_PROJECT_MODEL}) == []


_TRAINER = """\
import tensorflow as tf


class Train:
    def __init__(self, units):
        self.net = tf.keras.Sequential([tf.keras.layers.Dense(units)])
        self.epochs = 10

    def launch(self, x, y):
        self.net.compile("adam", "mse")
        self.net.fit(x, y, epochs=self.epochs)
"""


def test_a_script_without_a_main_guard_that_trains_through_the_project_is_a_program(tmp_path):
    # em-deepfinder's example scripts (set 70): module-level code builds the project's trainer and launches it
    script = """\
import numpy as np  # (keras comment: the file names the framework, so it is read)

from pkg.training import Train

x = np.zeros((10, 3))
trainer = Train(4)
trainer.epochs = 100
trainer.launch(x, x)
"""
    found = findings(tmp_path, {"pkg/training.py": _TRAINER, "pkg/step2_launch_training.py": script})
    assert ("step2_launch_training.py", line_of(script, "trainer.launch("), "warning") in found
    assert all(severity == "info" for path, _, severity in found if path == "training.py")


def test_a_library_modules_module_level_calls_that_train_nothing_make_no_program(tmp_path):
    registry = """\
import tensorflow as tf

from pkg.training import Train

DEFAULT_UNITS = int("4")
TRAINERS = {"default": Train}
"""
    found = findings(tmp_path, {"pkg/training.py": _TRAINER, "pkg/registry.py": registry})
    assert all(severity == "info" for _, _, severity in found)


_APP = """\
import tensorflow as tf


class BeatTranscription:
    def train(self, folder, epochs=3):
        model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
        model.compile("adam", "mse")
        model.fit(tf.data.Dataset.list_files(folder), epochs=epochs)
"""

_COMMAND = """\
import click

from pkg.utils import LazyLoader

beat = LazyLoader("beat", globals(), "pkg.beat")


def silence_tensorflow():
    pass


@click.command()
@click.option("--epochs", default=3)
def train_model(feature_path, epochs):
    silence_tensorflow()
    beat.app.train(feature_path, epochs=epochs)
"""


def test_a_command_calling_another_modules_module_level_object_through_a_lazy_loader_is_a_program(tmp_path):
    # omnizart (set 56): `beat = LazyLoader("beat", globals(), "omnizart.beat")`, whose `__init__` holds
    # `app = BeatTranscription()`; the console's `train_model` command calls `beat.app.train(...)`
    files = {"pkg/beat/__init__.py": "from pkg.beat.app import BeatTranscription\n\napp = BeatTranscription()\n",
             "pkg/beat/app.py": _APP, "pkg/utils.py": "class LazyLoader:\n    pass\n",
             "pkg/cli/__init__.py": "", "pkg/cli/train_model.py": _COMMAND}
    found = findings(tmp_path, files)
    assert ("train_model.py", line_of(_COMMAND, "beat.app.train("), "warning") in found
    imported = _COMMAND.replace('from pkg.utils import LazyLoader\n\nbeat = LazyLoader("beat", globals(), "pkg.beat")',
                                "from pkg import beat")
    found = findings(tmp_path / "imported", {**files, "pkg/cli/train_model.py": imported})
    assert ("train_model.py", line_of(imported, "beat.app.train("), "warning") in found


def test_a_command_calling_a_module_level_object_that_trains_nothing_is_no_program(tmp_path):
    quiet = _APP.replace('        model.compile("adam", "mse")\n        model.fit(tf.data.Dataset.list_files(folder), '
                         'epochs=epochs)\n', "        return model(tf.zeros([1, 3]))\n")
    files = {"pkg/beat/__init__.py": "from pkg.beat.app import BeatTranscription\n\napp = BeatTranscription()\n",
             "pkg/beat/app.py": quiet, "pkg/utils.py": "class LazyLoader:\n    pass\n",
             "pkg/cli/__init__.py": "", "pkg/cli/train_model.py": _COMMAND}
    assert [f for f in findings(tmp_path, files) if f[2] == "warning"] == []
