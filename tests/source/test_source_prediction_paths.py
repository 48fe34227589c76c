"""Code that does not run in the device's training step, seen through constructs held-out set 5 showed:
a property read only on an Estimator model_fn's PREDICT path (the read is a call of the getter), an
evaluation package (`eval/`), and Estimator subclasses (TFP502 at the class). Each beside the look-alike
that stays a warning."""

from __future__ import annotations

from tfperf.source import lint_text

BUILDER = """\
import tensorflow as tf

class SpecBuilder(object):
    def __init__(self, features):
        self._features = features

    @property
    def outputs(self):
        return self._inverse(self._features["stft"])

    def _inverse(self, stft):
        return tf.transpose(stft, perm=[2, 0, 1])

    def build_predict_model(self):
        return tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.PREDICT, predictions=self.outputs)

    def build_train_model(self, labels):
        loss = tf.reduce_mean(tf.abs(self._features["spectrogram"] - labels))
        return tf.estimator.EstimatorSpec(tf.estimator.ModeKeys.TRAIN, loss=loss, train_op=None)


def model_fn(features, labels, mode, params):
    builder = SpecBuilder(features)
    if mode == tf.estimator.ModeKeys.PREDICT:
        return builder.build_predict_model()
    return builder.build_train_model(labels)
"""


def transposes(code: str, path: str = "model.py"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, path, target="gaudi2", select=["TFP101", "TFP501"])]


def test_a_property_read_only_on_the_prediction_path_is_inference():
    [(line, severity, message)] = transposes(BUILDER)
    assert (line, severity) == (12, "info")
    assert message.endswith("[inference-only code (prediction, decoding, detection post-processing): "
                            "not in the device's training step]")


def test_a_property_the_training_step_also_reads_stays_a_warning():
    """The read is a call made where it is: `self.outputs` in the training builder reaches the device."""
    trained = BUILDER.replace('loss = tf.reduce_mean(tf.abs(self._features["spectrogram"] - labels))',
                              'loss = tf.reduce_mean(tf.abs(self.outputs - labels))')
    assert [(line, severity) for line, severity, _ in transposes(trained)] == [(12, "warning")]


def test_a_property_handed_on_unread_is_not_a_call_from_the_training_step():
    """`predictions=self.outputs` reads the property (a call); a method passed the same way is a
    function handed on: an unknown caller, so not inference by its callers. But only prediction code hands
    it on: no layer, loss or training step of the project reaches it (TFP101's info, which says so)."""
    method = BUILDER.replace("    @property\n", "")
    [(line, severity, message)] = transposes(method)
    assert (line, severity) == (11, "info")
    assert message.endswith("[no layer, loss or training step of this project reaches it: a cost only if a model "
                            "calls it in each training step]")


METRIC = """\
import tensorflow as tf

def sliced_distance(a, b):
    return tf.transpose(a, perm=[0, 3, 1, 2]) - b
"""


def test_an_eval_package_is_evaluation_code_and_a_look_alike_name_is_not():
    [(_, severity, message)] = transposes(METRIC, "tensorflow_gan/python/eval/sliced_wasserstein.py")
    assert severity == "info" and message.endswith("[evaluation code: not in the device's training step]")
    for path in ("recommenders/retrieval/ops.py", "medieval/ops.py"):  # "eval" inside a word is no marker
        assert [severity for _, severity, _ in transposes(METRIC, path)] == ["warning"], path


ESTIMATORS = """\
import tensorflow as tf

class GANEstimator(tf.estimator.Estimator):
    def __init__(self, model_fn):
        super(GANEstimator, self).__init__(model_fn=model_fn)

class TPUGANEstimator(tf.compat.v1.estimator.tpu.TPUEstimator):
    pass
"""


def test_an_estimator_subclass_is_reported_at_its_class_and_a_tpu_one_is_info():
    found = [(f.source.line, f.severity.value, f.message) for f in
             lint_text(ESTIMATORS, "gan_estimator.py", target="gaudi2", select=["TFP502"])]
    assert [(line, severity) for line, severity, _ in found] == [(3, "warning"), (7, "info")]
    assert found[0][2] == ("class GANEstimator derives from tf.estimator.Estimator: each GANEstimator(...) is a "
                           "tf.estimator.Estimator on gaudi2 (an HPU)")
    assert lint_text(ESTIMATORS, "gan_estimator.py", target="a100", select=["TFP502"]) == []
