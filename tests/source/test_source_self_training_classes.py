"""A model class whose own code builds its training step (an optimizer's `minimize` or `apply_gradients`, a
`GradientTape`) is trained, wherever the project builds it (session 44, from set 76's DeepHit: a TensorFlow 1 class
with `self.solver = AdamOptimizer(...).minimize(self.LOSS_TOTAL)` and a `train` method, built in the package only by a
helper that restores it and predicts). Its losses are on the training step its users run; a class with no step of its
own, built only to restore and predict, stays inference."""

from __future__ import annotations

import pytest

from conftest import write_tree
from tfperf.source import lint_paths

MODEL = """\
import tensorflow as tf


class Model:
    def __init__(self, sess):
        self.sess = sess
        self.x = tf.compat.v1.placeholder(tf.float32, [None, 10, 10])
        self.loss = self.loss_ranking()
        STEP

    def loss_ranking(self):
        r = tf.matmul(self.x, tf.transpose(self.x, [0, 2, 1]))
        return tf.reduce_mean(r)

    def predict(self, data):
        return self.sess.run(self.loss, feed_dict={self.x: data})


def restore_model(data, model_path):
    with tf.compat.v1.Session() as sess:
        model = Model(sess)
        tf.compat.v1.train.Saver().restore(sess, model_path)
        return model.predict(data)
"""


def severities(tmp_path, step: str) -> list[tuple[int, str]]:
    write_tree(tmp_path, {"model.py": MODEL.replace("STEP", step)})
    return [(f.source.line, f.severity.value)
            for f in lint_paths([str(tmp_path)], select=["TFP103"], target="gaudi2", cache_dir=None).findings]


@pytest.mark.parametrize("step", [
    "self.solver = tf.compat.v1.train.AdamOptimizer(1e-3).minimize(self.loss)",
    "self.train_op = self.optimizer.apply_gradients(zip(self.grads, self.variables))",
])
def test_a_class_that_builds_its_own_training_step_is_trained(tmp_path, step):
    assert severities(tmp_path, step) == [(12, "warning")]


def test_a_class_built_only_to_restore_and_predict_stays_inference(tmp_path):
    assert severities(tmp_path, "self.saver = None") == [(12, "info")]


BUILDER = """\
import tensorflow as tf


class SpecBuilder:
    def __init__(self, features):
        self.x = features

    def _build_loss(self):
        return tf.reduce_mean(tf.matmul(self.x, tf.transpose(self.x, [0, 2, 1])))

    def _build_output_waveform(self):
        return tf.matmul(self.x, tf.transpose(self.x, [0, 2, 1]))

    def build_train_model(self):
        loss = self._build_loss()
        return tf.compat.v1.train.AdamOptimizer(1e-3).minimize(loss)

    def build_predict_model(self):
        return self._build_output_waveform()


def separate(features):
    return SpecBuilder(features).build_predict_model()
"""


def test_the_other_methods_of_a_class_that_trains_itself_keep_the_call_graphs_context(tmp_path):
    """Spleeter's Estimator spec builder (set 5): the train model's loss is on the step its users run; the
    output builder only its predict model calls stays inference."""
    write_tree(tmp_path, {"builder.py": BUILDER})
    found = lint_paths([str(tmp_path)], select=["TFP103"], target="gaudi2", cache_dir=None).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(9, "warning"), (12, "info")]
