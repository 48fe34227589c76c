"""VALID / INVALID examples of the TFP5xx rules."""

from tfperf.rules.base import Example


def _callback_model(op: str, mark: str = "") -> str:
    return f"""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(x * 2.0)
    h = {op}(lambda t: t + 1.0, [h], tf.float32){mark}
    return tf.reduce_sum(h * 3.0)
"""


_ESTIMATOR_GRAPH = """\
import tensorflow as tf

model = tf.Graph()
with model.as_default():
    global_step = tf.compat.v1.train.get_or_create_global_step()
    with tf.device("{device}"):
        dataset = tf.data.Dataset.from_tensors(tf.zeros([32, 8])).repeat()
        features = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next(){mark}
    loss = tf.reduce_mean(tf.square(features))
"""


HOST_INVALID = (
    Example(note="a py_function between device ops", code=_callback_model("tf.py_function", "  # expect: TFP501")),
    Example(note="a numpy_function, on a GPU target", target="a100",
            code=_callback_model("tf.numpy_function", "  # expect: TFP501")),
    Example(note="string ops between device ops: both run on the host", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    text = tf.strings.as_string(tf.nn.relu(x), precision=3)  # expect: TFP501
    return tf.strings.to_number(text) * 2.0  # expect: TFP501
"""),
    Example(note="int64 on Gaudi: argmax's default output type, and the cast that reads it", target="gaudi",
            code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    ids = tf.argmax(x, axis=1)  # expect: TFP501
    return tf.cast(ids, tf.float32) * 2.0  # expect: TFP501
"""),
    Example(note="a tf.device pin to the CPU around device work", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    with tf.device("/cpu:0"):
        h = tf.matmul(x, x, transpose_b=True)  # expect: TFP501
    return tf.nn.relu(h)
"""),
)
HOST_INVALID += (
    Example(kind="source", note="source: a Python callback in a loss", code="""\
import numpy as np
import tensorflow as tf

def clustering_loss(labels, predictions):
    score = tf.numpy_function(lambda a, b: np.float32(np.mean(a == b)), [labels, predictions], tf.float32)  # expect: TFP501
    return 1.0 - score
"""),
)
HOST_INVALID += (
    Example(kind="source", note="source: a callback that returns nothing, but that the training op waits on at every "
            "step (a replay buffer's priorities)", code="""\
import tensorflow as tf

def train_op(memory, indices, loss, optimizer):
    update = tf.numpy_function(memory.set_priority, [indices, tf.sqrt(loss)], [])  # expect: TFP501
    with tf.control_dependencies([update]):
        return optimizer.minimize(loss)
"""),
)
HOST_VALID = (
    Example(kind="source", note="source: a Python callback in the tf.data pipeline, where host work belongs", code="""\
import tensorflow as tf

def decode(record):
    return tf.py_function(lambda r: r.numpy().upper(), [record], tf.string)

def input_fn(files):
    return tf.data.TFRecordDataset(files).map(decode, num_parallel_calls=4).batch(8).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="source: on a CPU the host is the device", code="""\
import tensorflow as tf

def loss(x):
    return tf.py_function(lambda a: a * 2, [x], tf.float32)
"""),
    Example(note="the input pipeline runs on the host by design (TFP4xx judge its hand-over)", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.from_tensors(tf.zeros([8, 16])).repeat()
dataset = dataset.map(lambda x: tf.strings.to_number(tf.strings.as_string(x)))  # string work, in tf.data

@tf.function(input_signature=[])
def model():
    with tf.device("/cpu:0"):
        batch = next(iter(dataset))
    return tf.nn.relu(batch)
"""),
    Example(note="the same step in TensorFlow ops", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(x * 2.0) + 1.0
    return tf.reduce_sum(h * 3.0)
"""),
    Example(note="argmax with an int32 output stays on the HPU", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    ids = tf.argmax(x, axis=1, output_type=tf.int32)
    return tf.cast(ids, tf.float32) * 2.0
"""),
    Example(note="on a CPU target the host is the device", target="cpu", code=_callback_model("tf.py_function")),
)


ESTIMATOR_INVALID = (
    Example(kind="source", target="gaudi2", note="a TPUEstimator without TPU, and the project's own subclass", code="""\
import tensorflow as tf

class MyEstimator(tf.estimator.Estimator):  # expect: TFP502
    pass

def build(model_fn, config):
    tpu = tf.compat.v1.estimator.tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)  # expect: TFP502
    return tpu, MyEstimator(model_fn=model_fn)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1's contrib TPUEstimator without TPU, and a subclass of it "
            "(info)", code="""\
import tensorflow as tf
from tensorflow.contrib import tpu as contrib_tpu

class MyTPUEstimator(tf.contrib.tpu.TPUEstimator):  # expect: TFP502
    pass

def build(model_fn, config):
    return contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi2", note="a TPUEstimator whose use_tpu is a boolean flag False by default "
            "(BERT's programs)", code="""\
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_bool("use_tpu", False, "Whether to use TPU or GPU/CPU.")

def main(model_fn, config):
    return tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=config)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi2", note="a TPUEstimator built only where its use_tpu flag tests true, "
            "a plain Estimator otherwise (XLNet's programs): the plain one is the HPU's", code="""\
import tensorflow as tf

flags = tf.flags
FLAGS = flags.FLAGS
flags.DEFINE_bool("use_tpu", False, "Whether to use TPU or GPU/CPU.")

def main(model_fn, config):
    if FLAGS.use_tpu:
        estimator = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=config)
    else:
        estimator = tf.estimator.Estimator(model_fn=model_fn, config=config)  # expect: TFP502
    if not FLAGS.use_tpu:
        pass
    else:
        estimator = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=config)
    return estimator
"""),
    Example(kind="source", target="gaudi2", note="a TF1-style Estimator", code="""\
import tensorflow as tf

def build(model_fn, model_dir):
    return tf.compat.v1.estimator.Estimator(model_fn=model_fn, model_dir=model_dir)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1's internal module of the Estimator (to 1.15), "
            "subclassed", code="""\
from tensorflow.python.estimator import estimator as tf_estimator

class Estimator(tf_estimator.Estimator):  # expect: TFP502
    pass
"""),
    Example(kind="source", target="gaudi2", note="a project's copy of TPUEstimator (info at its class line), "
            "built with and without TPU", code="""\
from tensorflow.python.estimator import estimator as estimator_lib

class TPUEstimator(estimator_lib.Estimator):  # expect: TFP502
    pass

def build(model_fn, config):
    on_tpu = TPUEstimator(model_fn=model_fn, config=config, use_tpu=True)
    return on_tpu, TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi", note="imported by name", code="""\
from tensorflow.estimator import Estimator

est = Estimator(model_fn=lambda features, labels, mode: None)  # expect: TFP502
"""),
    Example(kind="source", target="gaudi2", note="tf.estimator's canned Estimators (TF1 and TF2 names) and "
            "model_to_estimator, returned to a framework that trains them (nothing here calls .train)", code="""\
import tensorflow as tf
from tensorflow import keras

def build_model(wide, deep, config):
    if not deep:
        return tf.compat.v1.estimator.LinearRegressor(feature_columns=wide, config=config)  # expect: TFP502
    return tf.estimator.DNNLinearCombinedClassifier(linear_feature_columns=wide, dnn_feature_columns=deep)  # expect: TFP502

def trainer_fn(args, make_model):
    estimator = keras.estimator.model_to_estimator(keras_model=make_model(), config=args.config)  # expect: TFP502
    return {"estimator": estimator, "train_spec": args.train_spec}
"""),
    Example(kind="source", target="gaudi2", note="a canned Estimator imported by name, passed to train_and_evaluate",
            code="""\
import tensorflow as tf
from tensorflow.estimator import BoostedTreesClassifier

def main(columns, train_spec, eval_spec):
    tf.estimator.train_and_evaluate(BoostedTreesClassifier(columns, n_batches_per_layer=1),  # expect: TFP502
                                    train_spec, eval_spec)
"""),
    Example(target="gaudi2", note="graph: what tf.estimator.Estimator builds (a global step, input_fn under "
            "/cpu:0)", code=_ESTIMATOR_GRAPH.format(device="/cpu:0", mark="  # expect: TFP502")),
)
ESTIMATOR_VALID = (
    Example(target="gaudi2", note="graph: habana_estimator makes the iterator on the HPU",
            code=_ESTIMATOR_GRAPH.format(device="/device:HPU:0", mark="")),
    Example(target="a100", note="graph: an Estimator on a GPU target",
            code=_ESTIMATOR_GRAPH.format(device="/cpu:0", mark="")),
    Example(kind="source", target="a100", note="an Estimator on a GPU target", code="""\
import tensorflow as tf

est = tf.estimator.Estimator(model_fn=lambda features, labels, mode: None)
"""),
    Example(kind="source", target="gaudi2", note="a TPUEstimator whose use_tpu flag is True by default, or defined "
            "elsewhere (the run decides)", code="""\
from absl import flags
import tensorflow as tf

FLAGS = flags.FLAGS
flags.DEFINE_boolean("use_tpu", True, "Whether to use TPU.")

def main(model_fn, config):
    a = tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.use_tpu, model_fn=model_fn, config=config)
    return a, tf.compat.v1.estimator.tpu.TPUEstimator(use_tpu=FLAGS.tpu_enabled, model_fn=model_fn, config=config)
"""),
    Example(kind="source", target="gaudi2", note="a user class that happens to be called Estimator", code="""\
import tensorflow as tf
from mylib import Estimator

est = Estimator(tf.keras.Sequential())
"""),
    Example(kind="source", target="gaudi2", note="user classes named as canned Estimators, tf.estimator's "
            "helpers that are not Estimators, a Keras model fit as is", code="""\
import tensorflow as tf
from mylib import DNNClassifier, model_to_estimator

def build(columns, model, export_fn):
    config = tf.estimator.RunConfig(save_checkpoints_steps=100)
    exporter = tf.estimator.FinalExporter("m", export_fn)
    model.fit(tf.data.Dataset.range(8).batch(2), epochs=1)
    return DNNClassifier(columns), model_to_estimator(model), config, exporter
"""),
    Example(kind="source", target="gaudi2", note="the framework's own public model_to_estimator forwarding to "
            "tensorflow_estimator's internal one", code="""\
from tensorflow_estimator.python.estimator import keras_lib

def model_to_estimator(keras_model=None, config=None):
    return keras_lib.model_to_estimator(keras_model=keras_model, config=config)
"""),
    Example(kind="source", target="a100", note="a canned Estimator on a GPU target", code="""\
import tensorflow as tf

est = tf.estimator.DNNRegressor(feature_columns=[], hidden_units=[8])
"""),
    Example(kind="source", target="gaudi2", note="a class deriving from a user class called Estimator", code="""\
from mylib import Estimator

class GANEstimator(Estimator):
    pass
"""),
)
