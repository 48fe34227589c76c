"""A module's `if __name__ == "__main__":` demo of a Keras model builder (set 34: a backbone builder that loads its
pretrained weights and returns the model, its block building and wrapping one) does not make the builder
inference-only (`context.restoring_entries`): a builder (a module-level function that makes a Keras model and returns
a value) is no program entry, and the weights it loads into the model it builds (its starting point) are no restore
of the program's. The builder's other callers decide where it runs. A program's `main` that builds, restores and
predicts (it returns nothing) still makes its entry inference."""

from __future__ import annotations

import ast

from conftest import write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.context import restoring_entries

BUILDER = """\
from tensorflow.keras import layers, Model


def Backbone(weights=None, input_shape=(224, 224, 3)):
    inputs = layers.Input(input_shape)
    x = layers.ZeroPadding2D(((0, 1), (0, 1)))(inputs)
    x = layers.Conv2D(32, 3, strides=2, padding="valid")(x)
    model = Model(inputs, x)
    if weights is not None:
        model.load_weights(weights)
    return model


MODELS = {"backbone": Backbone}
"""

DEMO = """
if __name__ == "__main__":
    from tensorflow.keras.layers import Input

    inp = Input((192, 192, 3))
    model = Backbone(weights="imagenet.h5")
    model = Model(inputs=inp, outputs=model(inp))
"""

PREDICT_DEMO = """
if __name__ == "__main__":
    import numpy as np

    model = Backbone(weights="imagenet.h5")
    print(model.predict(np.zeros((1, 224, 224, 3))))
"""

TRAIN = """\
import tensorflow as tf

from pkg.backbone import MODELS


def train(x, y):
    model = MODELS["backbone"]()
    model.compile("adam", "mse")
    model.fit(x, y)
"""

PROGRAM = """\
import numpy as np
from tensorflow.keras import layers, Model


def main():
    inputs = layers.Input((224, 224, 3))
    x = layers.ZeroPadding2D(((0, 1), (0, 1)))(inputs)
    x = layers.Conv2D(32, 3, strides=2, padding="valid")(x)
    model = Model(inputs, x)
    model.load_weights("trained.h5")
    print(model.predict(np.zeros((1, 224, 224, 3))))


if __name__ == "__main__":
    main()
"""


def severities(root, name):
    result = lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)
    return [f.severity.value for f in result.findings if f.source.path.endswith(name)]


def test_a_demo_block_does_not_make_a_trained_builder_inference_only(tmp_path):
    for demo in (DEMO, PREDICT_DEMO):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/backbone.py": BUILDER + demo, "pkg/train.py": TRAIN})
        assert severities(tmp_path, "backbone.py") == ["warning"], demo


def test_a_program_main_that_builds_restores_and_predicts_stays_inference(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/predict.py": PROGRAM})
    assert severities(tmp_path, "predict.py") == ["info"]


def entries(code: str) -> list[str]:
    module = ast.parse(code)
    found = restoring_entries(module, [n for n in ast.walk(module) if isinstance(n, ast.Call)])
    return sorted(getattr(e, "name", "<main>") for e in found)


def test_restoring_entries_leave_out_builders_and_their_own_weights():
    assert entries(BUILDER + DEMO) == []
    assert entries(BUILDER + PREDICT_DEMO) == []
    restoring = DEMO + '    model.load_weights("trained.h5")\n    model.predict(x)\n'
    assert entries(BUILDER + restoring) == ["<main>"]  # the block restores: the builder is still no entry
    assert entries(PROGRAM) == ["<main>", "main"]
    run = PROGRAM.replace("def main():", "def run():").replace("    main()", "    run()")
    assert entries(run) == ["<main>", "run"]
