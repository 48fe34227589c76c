"""TFP702 for a library module of Keras model classes with a `__main__` block of its own (held-out set 18:
kashgari's task modules). The block is the program only where it may train: a `pass`, or a block that builds,
saves, loads and predicts, runs no training step of what the module defines, so the module is library code (info:
the policy is the program's to set); a block that fits, that calls a function of the file that trains, a project
function that trains, or a function the file does not show keeps the warning."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

LIBRARY = """\
import tensorflow as tf
from tensorflow import keras


class TaggingModel:
    def __init__(self, units=128):
        self.units = units
        self.tf_model = None

    def build_model(self, x, y):
        inputs = keras.Input((None,))
        hidden = keras.layers.Embedding(1000, self.units)(inputs)
        outputs = keras.layers.Dense(8, activation="softmax")(hidden)
        self.tf_model = keras.Model(inputs, outputs)
        self.tf_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

    def fit(self, x, y, epochs=5):
        self.build_model(x, y)
        return self.tf_model.fit(x, y, epochs=epochs)

    def predict(self, x):
        return self.tf_model.predict(x)

    def save(self, path):
        self.tf_model.save(path)

    @classmethod
    def load_model(cls, path):
        model = cls()
        model.tf_model = keras.models.load_model(path)
        return model


if __name__ == "__main__":
{main}
"""


def severities(main: str, path="tagging.py"):
    code = LIBRARY.format(main=textwrap.indent(textwrap.dedent(main), "    "))
    return [(f.source.line, f.severity.value) for f in lint_text(code, path, target="gaudi2", select=["TFP702"])]


def test_a_library_module_whose_main_block_is_pass_is_library_code():
    assert severities("pass") == [(12, "info")]
    [finding] = lint_text(LIBRARY.format(main="    pass"), "tagging.py", target="gaudi2", select=["TFP702"])
    assert "this is library code, not a program" in finding.message


def test_a_main_block_that_builds_saves_loads_and_predicts_is_no_training_program():
    main = """\
    import numpy as np
    x, y = np.zeros([4, 6]), np.zeros([4, 6])
    model = TaggingModel(units=32)
    model.build_model(x, y)
    model.save("./tagger")
    restored = TaggingModel.load_model("./tagger")
    print(model.predict(x) == restored.predict(x))
    """
    assert severities(main) == [(12, "info")]


def test_a_main_block_that_fits_keeps_the_warning():
    main = """\
    import numpy as np
    model = TaggingModel(units=32)
    model.fit(np.zeros([4, 6]), np.zeros([4, 6]), epochs=1)
    """
    assert severities(main) == [(12, "warning")]


def test_a_main_block_calling_a_function_of_the_file_that_trains_keeps_the_warning():
    code = LIBRARY.replace('if __name__ == "__main__":', '''\
def run(data):
    model = TaggingModel()
    model.fit(*data)


if __name__ == "__main__":''').format(main="    run(([0], [0]))")
    assert [(f.severity.value) for f in lint_text(code, "tagging.py", target="gaudi2", select=["TFP702"])] == \
        ["warning"]


def test_a_main_block_calling_a_function_the_file_does_not_show_keeps_the_warning():
    assert severities("main()") == [(12, "warning")]


def test_a_main_block_reaching_training_through_project_code_keeps_the_warning(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/runner.py": """\
            import tensorflow as tf

            def run_experiment(model, data):
                model.tf_model.fit(*data)
            """,
        "pkg/tagging.py": LIBRARY.format(main="""\
    from pkg import runner
    runner.run_experiment(TaggingModel(), ([0], [0]))"""),
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP702"], jobs=1)
    assert sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings) == \
        [("tagging.py", 12, "warning")]
