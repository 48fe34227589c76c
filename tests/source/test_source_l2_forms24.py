"""TFP301 forms of sets 23 and 24 that name a regularizer by what a dependency's API does with it: an L2
regularizer built and called on each trainable variable (`l2(wd)(w)`, then add_loss); Sonnet's
`regularizers={'w': r}`; slim
nets' arg-scope factories (their weight_decay default is not 0); the function tf.nn.l2_loss given as a
layer's regularizer in a file whose loss always adds the collection."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths


def findings(files, root, severity=Severity.WARNING):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2")
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line) for f in result.findings if f.severity is severity]


CALLED = """\
import tensorflow as tf
import tensorflow.keras as keras


class Model:
  def compile(self, wd):
    reg_losses = [
        {term}
        for w in self.keras_model.trainable_weights
        if 'gamma' not in w.name]
    self.keras_model.add_loss(tf.add_n(reg_losses))
    self.keras_model.compile(optimizer='sgd', loss='mse')
"""


@pytest.mark.parametrize("term", ["keras.regularizers.l2(wd)(w) / tf.cast(tf.size(w), tf.float32)",
                                  "tf.keras.regularizers.L2(1e-4)(w)"])
def test_invalid_regularizer_called_on_every_trainable_weight(tmp_path, term):
    files = {"pkg/__init__.py": "", "pkg/m.py": CALLED.format(term=term)}
    assert findings(files, tmp_path) == [("m.py", 8)]


@pytest.mark.parametrize("term", ["keras.regularizers.l2(wd)(mask)",  # not the variable
                                  "keras.regularizers.l1(wd)(w)",  # L1
                                  "keras.regularizers.l2(0.0)(w)"])  # strength 0
def test_valid_regularizer_call_that_is_no_l2_of_the_trainables(tmp_path, term):
    files = {"pkg/__init__.py": "", "pkg/m.py": CALLED.format(term=term)}
    assert findings(files, tmp_path) == []


def test_valid_regularizer_called_on_other_tensors(tmp_path):
    code = CALLED.replace("self.keras_model.trainable_weights", "self.activations").format(
        term="keras.regularizers.l2(wd)(w)")
    assert findings({"pkg/__init__.py": "", "pkg/m.py": code}, tmp_path) == []


SONNET = """\
import sonnet as snt
import tensorflow as tf


class Head(snt.AbstractModule):
  def __init__(self, config):
    super().__init__(name="head")
    self._regularizer = {built}

  def _build(self, x):
    conv = snt.Conv2D(output_channels=8, kernel_shape=[3, 3], regularizers={{'w': self._regularizer}})
    fc = snt.Linear(4, regularizers={{'w': self._regularizer, 'b': self._regularizer}})
    return fc(conv(x))


def train(config, x, y):
  loss = tf.reduce_mean(Head(config)(x) - y) + tf.losses.get_regularization_loss()
  return tf.train.AdamOptimizer(1e-3).minimize(loss)
"""


@pytest.mark.parametrize("built", ["tf.contrib.layers.l2_regularizer(scale=config.l2_scale)",
                                   "tf.keras.regularizers.l2(1e-4)"])
def test_invalid_sonnet_regularizers_dict(tmp_path, built):
    files = {"pkg/__init__.py": "", "pkg/head.py": SONNET.format(built=built)}
    assert findings(files, tmp_path) == [("head.py", 8)]


@pytest.mark.parametrize("built", ["tf.contrib.layers.l1_regularizer(scale=config.l1_scale)",
                                   "tf.contrib.layers.l2_regularizer(scale=0.0)", "None"])
def test_valid_sonnet_regularizers_dict_without_l2(tmp_path, built):
    files = {"pkg/__init__.py": "", "pkg/head.py": SONNET.format(built=built)}
    assert ("head.py", 8) not in findings(files, tmp_path)  # (the sum is reported where no L2 is built)


FACTORY = """\
import tensorflow.contrib.slim as slim
from tensorflow.contrib.slim.nets import resnet_v2, vgg


class Base:
  def __init__(self, config):
    self._config = config

  def arg_scope(self):
    kwargs = self._config.get('arg_scope', {{}})
    if self._config['arch'] == 'vgg':
      return {vgg}
    return {resnet}
"""


def test_invalid_slim_nets_arg_scope_factories(tmp_path):
    code = FACTORY.format(vgg="vgg.vgg_arg_scope(**kwargs)",
                          resnet="resnet_v2.resnet_utils.resnet_arg_scope(weight_decay=self._config['wd'])")
    assert findings({"pkg/__init__.py": "", "pkg/base.py": code}, tmp_path) == [("base.py", 12), ("base.py", 13)]


def test_valid_slim_nets_arg_scope_without_decay(tmp_path):
    code = FACTORY.format(vgg="vgg.vgg_arg_scope(weight_decay=0.0)",
                          resnet="resnet_v2.resnet_utils.resnet_arg_scope(weight_decay=None)")
    assert findings({"pkg/__init__.py": "", "pkg/base.py": code}, tmp_path) == []


def test_valid_slim_arg_scope_itself(tmp_path):
    code = FACTORY.format(vgg="slim.arg_scope([slim.conv2d], padding='SAME')", resnet="None")
    assert findings({"pkg/__init__.py": "", "pkg/base.py": code}, tmp_path) == []


L2_LOSS = """\
import tensorflow as tf


class Policy:
  def __init__(self, l2_reg_coef):
    self.l2_reg_coef = l2_reg_coef
    x = tf.placeholder(tf.float32, [None, 8])
    units = tf.layers.dense(x, 16, kernel_regularizer=tf.nn.l2_loss)
    logits = tf.layers.dense(units, 4, kernel_regularizer={regularizer})
    loss = tf.reduce_mean(logits)
    {add}
    self.train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
"""


def test_invalid_l2_loss_function_as_regularizer_added_to_the_loss(tmp_path):
    code = L2_LOSS.format(regularizer="tf.math.l2_loss",
                          add="loss += self.l2_reg_coef * tf.losses.get_regularization_loss()")
    assert findings({"pkg/__init__.py": "", "pkg/p.py": code}, tmp_path) == [("p.py", 8), ("p.py", 9)]


@pytest.mark.parametrize("regularizer, add", [
    ("tf.nn.l2_loss", "pass"),  # nothing in the file adds the collection: its strength is not known here
    ("tf.nn.l2_loss", "if self.l2_reg_coef > 0:\n      loss += self.l2_reg_coef * "
                      "tf.reduce_sum(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))"),  # a gated sum
    ("tf.nn.l2_loss", "n = len(tf.losses.get_regularization_losses())"),  # counted, not added
])
def test_valid_l2_loss_function_without_an_unconditional_sum(tmp_path, regularizer, add):
    code = L2_LOSS.format(regularizer=regularizer, add=add)
    assert findings({"pkg/__init__.py": "", "pkg/p.py": code}, tmp_path) == []


def test_valid_l2_loss_called_is_no_regularizer_keyword(tmp_path):
    code = L2_LOSS.format(regularizer="None", add="loss += tf.nn.l2_loss(logits)").replace(
        "kernel_regularizer=tf.nn.l2_loss", "activity_regularizer=tf.nn.l2_loss")
    assert findings({"pkg/__init__.py": "", "pkg/p.py": code}, tmp_path) == []


CONFIGURED = """\
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Model
from tensorflow.keras.regularizers import l2


class Classifier:
  def __init__(self, model_name, **kwargs):
    self.model = getattr(self, model_name)(**kwargs)

  def cnn_model(self, units, coef_reg_den: float = 0., **kwargs):
    inp = Input(shape=(8,))
    out = Dense(units, kernel_regularizer=l2(coef_reg_den))(inp)
    return Model(inp, out)
"""


@pytest.mark.parametrize("name, config", [
    ("cls.json", '{"chainer": {"pipe": [{"class_name": "classifier", "model_name": "cnn_model", "units": 8, '
                 '"coef_reg_den": 1e-4}]}}'),
    ("cls.gin", "Classifier.units = 8\ncnn_model.coef_reg_den = 1e-4\n"),
])
def test_invalid_zero_default_strength_set_by_a_config_file(tmp_path, name, config):
    files = {"pkg/__init__.py": "", "pkg/model.py": CONFIGURED, f"pkg/configs/{name}": config}
    assert findings(files, tmp_path) == [("model.py", 12)]
    result = lint_paths([str(tmp_path)], select=["TFP301"], target="gaudi2")
    assert "the source does not state the strength" in result.findings[0].message


@pytest.mark.parametrize("config", [
    '{"model_name": "lstm_model", "coef_reg_den": 1e-4}',  # another architecture's setting
    '{"model_name": "cnn_model", "coef_reg_den": 0}',  # set to 0
    '{"model_name": "cnn_model", "coef_reg_cnn": 1e-4}',  # another parameter
    '[1, 2, 3',  # no config
])
def test_valid_zero_default_strength_no_config_sets(tmp_path, config):
    files = {"pkg/__init__.py": "", "pkg/model.py": CONFIGURED, "pkg/configs/cls.json": config}
    assert findings(files, tmp_path) == []
    assert findings(files, tmp_path, Severity.INFO) == [("model.py", 12)]  # strength 0: Keras still computes it
