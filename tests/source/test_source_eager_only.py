"""Eager-only code (issue 11): a function that reads a tensor as NumPy (`x.numpy()`) cannot run in a compiled
training step (`.numpy()` raises in a graph), so it and what only it calls are pre- or post-processing: info.
Each INVALID form (a warning that stays) beside the VALID look-alike:

- VALID: a layer's `call` that decodes heatmap peaks with `.numpy()`; a helper only such a function calls;
- INVALID: a function that asks `tf.executing_eagerly()` (it has a graph path), one that takes gradients (an
  eager training loop that logs `loss.numpy()`), a `.numpy()` only in a lambda or a nested function, PyTorch's
  `x.cpu().numpy()` (a multi-backend model's torch branch), a Keras functional builder that makes its model
  (`models.Model(inputs, outputs)`) and reads a setting as NumPy, a helper the training step also calls.
"""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, code_name: str = "TFP101"):
    return [(f.source.line, f.severity.value) for f in lint_text(code, "model.py", target="gaudi2",
                                                                    select=[code_name])]


HEATMAP = """\
import tensorflow as tf

class HeatmapMaxDet(tf.keras.layers.Layer):
    def call(self, x, training=None):
        # if not tf.executing_eagerly(): (a test commented out is none)
        vector = tf.reshape(x, (8, -1, 17))
        vector = tf.transpose(vector, perm=(0, 2, 1))
        pts = tf.argmax(vector, axis=2)
        return pts.numpy()
"""


def test_a_function_that_reads_a_tensor_as_numpy_is_eager_only():
    [(line, severity)] = lint(HEATMAP)
    assert (line, severity) == (7, "info")
    [finding] = lint_text(HEATMAP, "model.py", target="gaudi2", select=["TFP101"])
    assert "eager-only" in finding.message


def test_a_graph_path_a_training_loop_or_a_numpy_read_elsewhere_keeps_the_warning():
    aware = HEATMAP.replace("        return pts.numpy()", "        if tf.executing_eagerly():\n"
                                                         "            return pts.numpy()\n        return pts")
    trains = HEATMAP.replace("        return pts.numpy()", "        tape = tf.GradientTape()\n        grads = tape.gradient(pts, self.weights)\n"
                                                         "        return pts.numpy()")
    in_lambda = HEATMAP.replace("        return pts.numpy()", "        return lambda: pts.numpy()")
    nested = HEATMAP.replace("        return pts.numpy()", "        def show():\n            return pts.numpy()\n"
                                                         "        return show")
    torch = HEATMAP.replace("        return pts.numpy()", "        return pts.cpu().numpy()")
    for code in (aware, trains, in_lambda, nested, torch):
        assert lint(code) == [(7, "warning")], code


BUILDER = """\
import tensorflow as tf
from tensorflow.keras import layers, models

def build(inputs_shape, drop_rate, blocks):
    rates = [r.numpy().tolist() for r in tf.split(tf.linspace(0.0, drop_rate, sum(blocks)), blocks)]
    inputs = layers.Input(inputs_shape)
    nn = tf.transpose(inputs, [0, 2, 1])
    return models.Model(inputs, nn)
"""


def test_a_functional_model_builder_that_reads_a_setting_as_numpy_builds_the_step():
    assert lint(BUILDER) == [(7, "warning")]
    block = BUILDER.replace("    return models.Model(inputs, nn)", "    return layers.Dense(8)(nn)")
    assert lint(block) == [(7, "warning")]


HELPERS = """\
    import tensorflow as tf

    def line_graph(incidence):
        return tf.matmul(tf.transpose(incidence), incidence)
    """
LAYER = """\
    import tensorflow as tf
    from pkg import helpers

    class CensNet(tf.keras.layers.Layer):
        def preprocess(self, incidence):
            return helpers.line_graph(incidence).numpy()
    """


def test_what_only_eager_code_calls_is_eager_only_too(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "pkg/layer.py": LAYER})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP103"], jobs=1)
    assert [(f.source.line, f.severity.value) for f in result.findings] == [(4, "info")]
    step = "    import tensorflow as tf\n    from pkg import helpers\n\n    def train_step(a):\n" \
           "        return helpers.line_graph(a)\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "pkg/layer.py": LAYER, "pkg/step.py": step})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP103"], jobs=1)
    assert [(f.source.line, f.severity.value) for f in result.findings] == [(4, "warning")]


SAMPLER = """\
import tensorflow as tf

class Sampler:
    def __init__(self, images, labels, augmenter):
        self.classes = sorted(set(labels.numpy().tolist()))  # eager set-up: this function reads NumPy
        ds = tf.data.Dataset.from_tensor_slices((images, labels)).repeat()
        self.ds = ds.map(augmenter).batch(32, drop_remainder=True).prefetch(2)
"""


def test_a_pipeline_an_eager_function_builds_still_feeds_the_step():
    # eager-only says a compiled step cannot run the function's ops; its pipeline runs on the host and feeds
    # every step whatever built it, so the pipeline rules keep their warning
    assert lint(SAMPLER, "TFP404") == [(7, "warning")]


TEST_SAMPLER = """\
import tensorflow as tf

class TopKTest(tf.test.TestCase):
    def test_top_k(self, layer, batch_size=2):
        candidates = tf.data.Dataset.from_tensor_slices([3, 1, 2]).batch(batch_size)
        for _ in range(2):
            layer.index_from_dataset(candidates)
        self.assertAllEqual(layer(1).numpy(), [3, 2])
"""


def test_a_test_files_eager_pipeline_is_test_code_first(tmp_path):
    # both say off the step; for the pipeline rules only "test" does (eager is the device's business)
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers/__init__.py": "", "pkg/layers/top_k_test.py": TEST_SAMPLER})
    found = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP405"]).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(5, "info")]
    assert "test code" in found[0].message
