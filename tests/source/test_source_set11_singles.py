"""Two general facts from set 11's single gaps (issue 11): a private module-level helper nothing in the
project calls is dead code here (its findings are info, the device named: code outside the project may
still call it); a program that trains with a GradientTape only tf.Modules of a library that makes no Keras
layers (Sonnet), and never uses Keras, is not told to set a Keras dtype policy (info: it would not reach
them). Each with the look-alikes that stay as they were."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_a_private_module_level_function_nothing_calls_is_dead_code():
    code = """\
    import tensorflow as tf

    def _dead(x):
        return tf.transpose(x, perm=(0, 2, 3, 1))

    def _called(x):
        return tf.transpose(x, perm=(0, 2, 3, 1))

    def public(x):
        return tf.transpose(_called(x), perm=(0, 2, 3, 1))

    @tf.function
    def _decorated(x):
        return tf.transpose(x, perm=(0, 2, 3, 1))

    def _referenced(x):
        return tf.transpose(x, perm=(0, 2, 3, 1))

    HANDLERS = {"nhwc": _referenced}

    class Block:
        def _method(self, x):
            return tf.transpose(x, perm=(0, 2, 3, 1))
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(4, "TFP101", "info"), (7, "TFP101", "warning"), (10, "TFP101", "warning"),
                                      (14, "TFP101", "warning"), (17, "TFP101", "warning"),
                                      (23, "TFP101", "warning")]
    assert "nothing in this project calls it" in found[0][3] and "gaudi2" in found[0][3]


def test_a_private_helper_called_from_another_module_or_only_by_tests(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": """\
        import tensorflow as tf

        def _to_nhwc(x):
            return tf.transpose(x, perm=(0, 2, 3, 1))

        def _only_tested(x):
            return tf.transpose(x, perm=(0, 2, 3, 1))
        """, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.ops import _to_nhwc

        def forward(x):
            return _to_nhwc(x)
        """, "pkg/ops_test.py": """\
        import tensorflow as tf
        from pkg.ops import _only_tested

        def test_it():
            _only_tested(tf.ones((1, 2, 3, 4)))
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings) == [
        ("ops.py", 4, "warning"), ("ops.py", 7, "info")]


SONNET_PROGRAM = """\
import sonnet as snt
import tensorflow as tf


def train_step(model, optimizer, images, labels):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=model(images)))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply(gradients, model.trainable_variables)
    return loss


def main():
    model = snt.Sequential([snt.Conv2D(32, 3), tf.nn.relu, snt.Flatten(), snt.Linear(10)])
    optimizer = snt.optimizers.SGD(0.1)
    for images, labels in dataset():
        train_step(model, optimizer, images, labels)


if __name__ == "__main__":
    main()

from data import dataset
"""


def test_a_program_training_only_sonnet_modules_is_not_told_to_set_a_keras_policy():
    found = lint(SONNET_PROGRAM, select=("TFP702",), path="train.py")
    assert [f[:3] for f in found] == [(6, "TFP702", "info")]
    assert "tf.Modules of sonnet" in found[0][3]


def test_a_program_with_a_module_class_of_its_own_is_one_too():
    code = SONNET_PROGRAM.replace("import sonnet as snt\n", "").replace(
        "def main():\n    model = snt.Sequential([snt.Conv2D(32, 3), tf.nn.relu, snt.Flatten(), snt.Linear(10)])\n"
        "    optimizer = snt.optimizers.SGD(0.1)\n",
        "class Mlp(tf.Module):\n    pass\n\n\ndef main():\n    model = Mlp()\n    optimizer = make_optimizer()\n")
    found = lint(code, select=("TFP702",), path="train.py")
    assert [f[:2] + (f[2],) for f in found] == [(5, "TFP702", "info")]
    assert "this file's classes" in found[0][3]


def test_a_program_that_also_uses_keras_or_builds_nothing_it_names_stays_a_warning():
    with_keras = SONNET_PROGRAM.replace("snt.Linear(10)", "tf.keras.layers.Dense(10)")
    built_elsewhere = SONNET_PROGRAM.replace("import sonnet as snt\n", "from pkg import models\n").replace(
        "snt.Sequential([snt.Conv2D(32, 3), tf.nn.relu, snt.Flatten(), snt.Linear(10)])", "models.build()").replace(
        "snt.optimizers.SGD(0.1)", "models.optimizer()")
    assert [f[:3] for f in lint(with_keras, select=("TFP702",), path="train.py")] == [(14, "TFP702", "warning")]
    assert [f[:3] for f in lint(built_elsewhere, select=("TFP702",), path="train.py")] == [(6, "TFP702", "warning")]
