"""TFP702 for the forms a training program's entry point and its way to the training step take in Python (session
27): an entry a user runs (`__main__` calling `main()`, `absl.app.run(main)`, `tf.compat.v1.app.run()` running the
module's `main`, `fire.Fire(fn)`, `fire.Fire(Cls)`, a typer app's `@app.command()` functions run by `app()`, a click
group's `@cli.command()` functions run by `cli()`, a `@click.command()` function, argparse's `set_defaults(func=...)`
(a function of the module or of another, or one a helper that builds the sub-parser is handed: `args.func(args)` runs
any of them) and a table of sub-command functions, a class whose `run()` the block calls, on an object made in place
or held by a module-level name), reaching a training step through a method of an object made in place
(`Trainer(cfg).train()`), of an alternative constructor's object (`Trainer.from_config(cfg).train()`, `cls(...)`
returned by a class method a subclass inherits), of a registry's or a factory's object. Each is a warning at the
program's call with no policy, and nothing with a policy set first; a command line whose commands only build and
summarize trains nothing."""

from __future__ import annotations

import pytest
from conftest import write_tree as tree

from tfperf.source import lint_paths

TRAINER = """\
import tensorflow as tf


class Trainer:
    def __init__(self, cfg=None):
        self.cfg = cfg

    def build(self):
        inputs = tf.keras.Input(shape=(16,))
        outputs = tf.keras.layers.Dense(256)(inputs)
        return tf.keras.Model(inputs, outputs)

    def train(self, epochs=1):
        model = self.build()
        opt = tf.keras.optimizers.Adam()
        for _ in range(epochs):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(model(tf.zeros([8, 16])))
            opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))


def train(epochs=1):
    Trainer().train(epochs)
"""

LIB = """\
import tensorflow as tf


class Base:
    def __init__(self, cfg=None):
        self.cfg = cfg

    @classmethod
    def from_config(cls, cfg):
        return cls(cfg)

    def fit_loop(self):
        model = tf.keras.Sequential([tf.keras.layers.Dense(256)])
        self.opt = tf.keras.optimizers.Adam()
        for _ in range(3):
            self.step(model)

    def step(self, model):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(model(tf.zeros([8, 16])))
        self.opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))


class Mine(Base):
    pass


TRAINERS = {"mine": Mine}


def make(name):
    return TRAINERS[name]()
"""

# each program, with the snippet of the line its warning names
PROGRAMS = {
    "main_chained": ("""\
from pkg.trainer import Trainer


def main():
    Trainer().train()


if __name__ == "__main__":
    main()
""", "Trainer().train()"),
    "absl_app_run": ("""\
from absl import app
from pkg.trainer import Trainer


def run_training(argv):
    Trainer().train()


if __name__ == "__main__":
    app.run(run_training)
""", "Trainer().train()"),
    "tf_app_run_main": ("""\
import tensorflow as tf
from pkg.trainer import Trainer


def main(_):
    Trainer().train()


if __name__ == "__main__":
    tf.compat.v1.app.run()
""", "Trainer().train()"),
    "fire_function": ("""\
import fire
from pkg.trainer import Trainer


def go(epochs=1):
    Trainer().train(epochs)


if __name__ == "__main__":
    fire.Fire(go)
""", "Trainer().train(epochs)"),
    "fire_class": ("""\
import fire
from pkg.trainer import Trainer


class Cli:
    def fit(self, epochs=1):
        Trainer().train(epochs)


if __name__ == "__main__":
    fire.Fire(Cli)
""", "Trainer().train(epochs)"),
    "typer_commands": ("""\
import typer
from pkg.trainer import Trainer

app = typer.Typer()


@app.command()
def fit(epochs: int = 1):
    Trainer().train(epochs)


@app.command()
def show():
    print("x")


if __name__ == "__main__":
    app()
""", "Trainer().train(epochs)"),
    "click_group": ("""\
import click
from pkg.trainer import Trainer


@click.group()
def cli():
    pass


@cli.command()
@click.option("--epochs", default=1)
def fit(epochs):
    Trainer().train(epochs)


if __name__ == "__main__":
    cli()
""", "Trainer().train(epochs)"),
    "argparse_set_defaults": ("""\
import argparse
from pkg.trainer import Trainer


def do_fit(args):
    Trainer().train(args.epochs)


def do_show(args):
    print(args)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    sub.add_parser("fit").set_defaults(func=do_fit)
    sub.add_parser("show").set_defaults(func=do_show)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
""", "Trainer().train(args.epochs)"),
    # (set 68's deeposlandia: another module's function, and one a helper that builds the sub-parser is handed)
    "argparse_module_function": ("""\
import argparse
from pkg import trainer


def main():
    parser = argparse.ArgumentParser()
    parser.add_subparsers().add_parser("fit").set_defaults(func=trainer.train)
    args = parser.parse_args()
    args.func(args.epochs)


if __name__ == "__main__":
    main()
""", "args.func(args.epochs)"),
    "argparse_handed_function": ("""\
import argparse
from pkg import trainer


def fit_parser(subparsers, reference_func):
    parser = subparsers.add_parser("fit")
    parser.set_defaults(func=reference_func)


def main():
    parser = argparse.ArgumentParser()
    fit_parser(parser.add_subparsers(), reference_func=trainer.train)
    args = parser.parse_args()
    args.func(args.epochs)


if __name__ == "__main__":
    main()
""", "args.func(args.epochs)"),
    "command_table": ("""\
import argparse
from pkg.trainer import Trainer


def do_fit(args):
    Trainer().train(args.epochs)


COMMANDS = {"fit": do_fit}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    args = parser.parse_args()
    COMMANDS[args.command](args)


if __name__ == "__main__":
    main()
""", "Trainer().train(args.epochs)"),
    "class_run_in_place": ("""\
import sys
from pkg.trainer import Trainer


class App:
    def run(self, argv):
        self.trainer = Trainer()
        self.trainer.train()


if __name__ == "__main__":
    App().run(sys.argv)
""", "self.trainer.train()"),
    "class_run_module_name": ("""\
from pkg.trainer import Trainer


class TrainingJob:
    def __init__(self):
        self.t = Trainer()

    def run(self):
        self.t.train()


if __name__ == "__main__":
    job = TrainingJob()
    job.run()
""", "self.t.train()"),
    "module_function": ("""\
from pkg import trainer

if __name__ == "__main__":
    trainer.train()
""", "trainer.train()"),
    "inherited_step": ("""\
from pkg.lib import Mine

if __name__ == "__main__":
    Mine().fit_loop()
""", "Mine().fit_loop()"),
    "alternative_constructor": ("""\
from pkg.lib import Mine

if __name__ == "__main__":
    Mine.from_config({}).fit_loop()
""", "Mine.from_config({}).fit_loop()"),
    "registry_in_place": ("""\
import sys
from pkg.lib import TRAINERS

if __name__ == "__main__":
    TRAINERS[sys.argv[1]]().fit_loop()
""", "fit_loop()"),
    "factory_in_place": ("""\
import sys
from pkg.lib import make

if __name__ == "__main__":
    make(sys.argv[1]).fit_loop()
""", "fit_loop()"),
}

POLICY = "import tensorflow as tf\n\ntf.keras.mixed_precision.set_global_policy(\"mixed_bfloat16\")\n"


def findings(tmp_path, program: str, where: str = "pkg/prog.py"):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/trainer.py": TRAINER, "pkg/lib.py": LIB, where: program})
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings)


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


@pytest.mark.parametrize("form", sorted(PROGRAMS))
def test_a_program_that_reaches_a_training_step_without_a_policy_is_reported(tmp_path, form):
    program, snippet = PROGRAMS[form]
    warnings = [(path, line) for path, line, severity in findings(tmp_path, program) if severity == "warning"]
    assert warnings == [("prog.py", line_of(program, snippet))]


@pytest.mark.parametrize("form", sorted(PROGRAMS))
def test_the_same_program_with_a_policy_set_first_is_not(tmp_path, form):
    program, _ = PROGRAMS[form]
    found = findings(tmp_path, POLICY + program)
    assert all(path != "prog.py" for path, _, _ in found)
    assert all(severity == "info" for _, _, severity in found)  # (the library's build: the program owns it)


COMMANDS_THAT_DO_NOT_TRAIN = {
    "typer": """\
import typer
from pkg.trainer import Trainer

app = typer.Typer()


@app.command()
def show(epochs: int = 1):
    print(Trainer().build().summary())


if __name__ == "__main__":
    app()
""",
    "fire_class": """\
import fire
from pkg.trainer import Trainer


class Cli:
    def show(self):
        Trainer().build().summary()


if __name__ == "__main__":
    fire.Fire(Cli)
""",
    "command_table": """\
import argparse
from pkg.trainer import Trainer


def do_show(args):
    Trainer().build().summary()


COMMANDS = {"show": do_show}


def main():
    args = argparse.ArgumentParser().parse_args()
    COMMANDS[args.command](args)


if __name__ == "__main__":
    main()
""",
    "chained_build": """\
from pkg.trainer import Trainer

if __name__ == "__main__":
    Trainer().build().summary()
""",
    "module_name_of_another_class": """\
from pkg.trainer import Trainer


class Viewer:
    def run(self):
        print(Trainer)


if __name__ == "__main__":
    job = Viewer()
    job.run()
""",
}


@pytest.mark.parametrize("form", sorted(COMMANDS_THAT_DO_NOT_TRAIN))
def test_a_command_line_whose_commands_train_nothing_is_not_reported(tmp_path, form):
    found = findings(tmp_path, COMMANDS_THAT_DO_NOT_TRAIN[form])
    assert all(path != "prog.py" for path, _, _ in found)
    assert found and all(severity == "info" for _, _, severity in found)  # (the libraries' builds)


def test_a_module_level_object_read_in_a_function_is_not_followed(tmp_path):
    program = """\
from pkg.trainer import Trainer

job = Trainer()


def main():
    job.train()


if __name__ == "__main__":
    main()
"""
    # (any code may rebind a module-level name a function reads: the object is not known there)
    assert all(path != "prog.py" for path, _, _ in findings(tmp_path, program))


@pytest.mark.parametrize("where", ["scripts/train.py", "examples/mnist/mnist_train.py", "bin/train.py"])
def test_a_training_script_outside_the_package_is_a_program(tmp_path, where):
    program, snippet = PROGRAMS["main_chained"]
    found = findings(tmp_path, program, where=where)
    assert ("train.py" if "mnist" not in where else "mnist_train.py", line_of(program, snippet), "warning") in found


def test_a_training_script_under_a_test_directory_stays_test_code(tmp_path):
    # the labels' convention: test files and test utilities are info; a script under test/ is test code
    program, _ = PROGRAMS["main_chained"]
    assert all(severity == "info" for _, _, severity in findings(tmp_path, program, where="test/run_train.py"))


def test_a_module_level_wrapper_fit_in_a_file_that_builds_stays_reported_at_the_build(tmp_path):
    # (kashgari's model modules: the `__main__` block fits a project wrapper whose `fit` fits the Keras model the
    # file builds; the finding stays at the build, where the policy line goes, not at the wrapper's `fit`)
    wrapper = """\
import tensorflow as tf


class Wrapper:
    def build_model(self):
        inputs = tf.keras.Input(shape=(16,))
        self.tf_model = tf.keras.Model(inputs, tf.keras.layers.Dense(256)(inputs))

    def fit(self, x, y, epochs=1):
        self.build_model()
        self.tf_model.compile(optimizer="adam", loss="mse")
        self.tf_model.fit(x, y, epochs=epochs)


if __name__ == "__main__":
    model = Wrapper()
    model.fit(tf.zeros([8, 16]), tf.zeros([8, 256]))
"""
    found = findings(tmp_path, wrapper)
    assert ("prog.py", line_of(wrapper, "layers.Dense(256)"), "warning") in found
    assert ("prog.py", line_of(wrapper, "model.fit(tf.zeros"), "warning") not in found


COMMAND_MODULE = """\
import click
import tensorflow as tf
from pkg.models import Classifier


def train(model_instance, epochs):
    model = model_instance.build_model()
    model.compile("adam", "mse")
    model.fit(tf.zeros([8, 16]), tf.zeros([8, 1]), epochs=epochs)


@click.group()
def clf():
    pass


@clf.command()
@click.option("--epochs", default=1)
def dense(epochs):
    train(Classifier(), epochs)
"""
MODELS = """\
import tensorflow as tf


class Classifier:
    def build_model(self):
        inputs = tf.keras.Input(shape=(16,))
        return tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
"""


@pytest.mark.parametrize("command", ["@clf.command()", "@click.command()"])
def test_a_command_another_module_adds_to_the_console_script_is_a_program(tmp_path, command):
    # (set 55's langml: `@clf.command()` functions train through `train`, whose model a project class builds; the
    # group `clf` is added to the console script's group in another module, so no `__main__` runs it here)
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": MODELS,
                    "pkg/cli.py": COMMAND_MODULE.replace("@clf.command()", command)})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    warnings = [(f.source.path.rpartition("/")[2], f.source.line) for f in found if f.severity.value == "warning"]
    assert warnings == [("cli.py", 9)]


def test_a_plain_function_that_fits_a_model_a_project_class_builds_stays_library_code(tmp_path):
    plain = COMMAND_MODULE.replace("@clf.command()\n@click.option(\"--epochs\", default=1)\n", "")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": MODELS, "pkg/cli.py": plain})
    found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
    assert all(f.severity.value == "info" for f in found)
