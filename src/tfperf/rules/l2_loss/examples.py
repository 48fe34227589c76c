"""VALID / INVALID examples of TFP301."""

from tfperf.rules.base import Example

# Graph examples: `model` is a training step (a tf.function with an input signature).
_GRAPH_INVALID = (
    Example(note="the guide's example in a TF2 custom training step", code="""\
import tensorflow as tf
w1 = tf.Variable(tf.random.normal([8, 16]), name="w1")
w2 = tf.Variable(tf.random.normal([16, 1]), name="w2")
params = {"weight_decay": 1e-4}
optimizer = tf.keras.optimizers.SGD(0.1)

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2) - y))
        total_loss = loss + params["weight_decay"] * tf.add_n([tf.nn.l2_loss(v) for v in [w1, w2]])  # expect: TFP301
    grads = tape.gradient(total_loss, [w1, w2])
    optimizer.apply_gradients(zip(grads, [w1, w2]))
    return total_loss
"""),
    Example(note="Keras weight regularizers (L2, and the L2 part of L1L2) in the step model.fit runs", code="""\
import keras
import tensorflow as tf
net = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(8, kernel_regularizer=keras.regularizers.L2(1e-4), activation="relu"),
    keras.layers.Dense(1, kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4)),
])
net.compile(optimizer="sgd", loss="mse")

@tf.function(input_signature=[tf.TensorSpec([4, 6]), tf.TensorSpec([4, 1])])
def model(x, y):
    return net.train_step((x, y))  # expect: TFP301
"""),
)
_GRAPH_VALID = (
    Example(note="the guide's remedy: the decay added to the gradients", code="""\
import tensorflow as tf
w = tf.Variable(tf.random.normal([8, 1]), name="w")
optimizer = tf.keras.optimizers.SGD(0.1)

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    grad = tape.gradient(loss, w)
    optimizer.apply_gradients([(grad + 1e-4 * w, w)])
    return loss
"""),
    Example(note="the weights' L2 norm logged next to the loss, not added to it", code="""\
import tensorflow as tf
w = tf.Variable(tf.random.normal([8, 1]), name="w")

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    w.assign_sub(0.1 * tape.gradient(loss, w))
    return loss, tf.nn.l2_loss(w)
"""),
    Example(note="an activity regularizer penalises activations, not weights", code="""\
import keras
import tensorflow as tf
net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activity_regularizer="l2")])
net.compile(optimizer="sgd", loss="mse")

@tf.function(input_signature=[tf.TensorSpec([4, 6]), tf.TensorSpec([4, 1])])
def model(x, y):
    return net.train_step((x, y))
"""),
)


INVALID = (
    *_GRAPH_INVALID,
    Example(kind="source", note="the guide's example (TF1 style)", code="""\
import tensorflow as tf

def model_fn(loss, params):
    total_loss = loss + params["weight_decay"] * tf.add_n(  # expect: TFP301
        [tf.nn.l2_loss(v) for v in tf.compat.v1.trainable_variables()])
    return total_loss
"""),
    Example(kind="source", note="a custom training step: rewritten by --unsafe-fixes", code="""\
import tensorflow as tf

def train_step(model, optimizer, x, y, wd=1e-2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])  # expect: TFP301
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""", expected="""\
import tensorflow as tf

def train_step(model, optimizer, x, y, wd=1e-2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        # expect: TFP301
    grads = tape.gradient(loss, model.trainable_variables)
    grads = [wd * v if g is None else g + wd * v for g, v in zip(grads, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
"""),
    Example(kind="source", note="Keras model variables, generator form", code="""\
import tensorflow as tf

def train_step(model, x, y, wd=1e-4):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss += wd * sum(tf.nn.l2_loss(w) for w in model.trainable_weights)  # expect: TFP301
    return tape.gradient(loss, model.trainable_variables)
"""),
    Example(kind="source", note="a loop over the variables", code="""\
import tensorflow as tf

def regularized(loss, model):
    for v in model.trainable_variables:
        loss = loss + 1e-4 * tf.nn.l2_loss(v)  # expect: TFP301
    return loss
"""),
    Example(kind="source", note="a weight-decay helper looping over the variable list every call of it in the file "
                                 "passes the trainable variables for", code="""\
import tensorflow.compat.v1 as tf

def weight_decay(decay_rate, var_list):
    decays = []
    for v in var_list:
        with tf.device(v.device):
            decays.append(tf.nn.l2_loss(v))  # expect: TFP301
    return tf.add_n(decays) * decay_rate

def decayed(loss, rate, var_list=None):
    if var_list is None:
        var_list = tf.trainable_variables()
    decay_vars = [v for v in var_list]
    return loss + weight_decay(rate, decay_vars)
"""),
    Example(kind="source", note="an L2 regularizer stored on self, put into a layer's keyword arguments dict", code="""\
import tensorflow as tf

class LayersOverride:
    def __init__(self, weight_decay=1e-4):
        self.regularizer = tf.keras.regularizers.l2(weight_decay)  # expect: TFP301

    def Conv2D(self, filters, **kwargs):
        kwargs["kernel_regularizer"] = self.regularizer
        return tf.keras.layers.Conv2D(filters, **kwargs)
"""),
    Example(kind="source", note="TF1 regularization losses summed where the project builds no L2 regularizer: info (the collection holds "
            "the terms of models built elsewhere, or none: a cost not known here)", code="""\
import tensorflow.compat.v1 as tf

def total(loss):
    return loss + tf.losses.get_regularization_loss()  # expect: TFP301
"""),
    Example(kind="source", note="Keras kernel regularizers: one finding per regularizer, where it is built", code="""\
from tensorflow import keras
from tensorflow.keras import layers, regularizers

reg = regularizers.l2(1e-4)  # expect: TFP301
model = keras.Sequential([
    layers.Dense(64, kernel_regularizer=keras.regularizers.L2(1e-4)),  # expect: TFP301
    layers.Dense(10, kernel_regularizer=reg),
    layers.Dense(10, kernel_regularizer=reg),
])
"""),
    Example(kind="source", note="a helper returning an L2 regularizer (maybe), a kwargs dict, a default argument",
            code="""\
import tensorflow as tf

def _l2(use_l2=True):
    return tf.keras.regularizers.L2(1e-4) if use_l2 else None

def conv(x, filters, use_l2=True):
    return tf.keras.layers.Conv2D(filters, 3, kernel_regularizer=_l2(use_l2))(x)  # expect: TFP301

def dense(x, units, kernel_regularizer=tf.keras.regularizers.l2(1e-4)):  # expect: TFP301
    kwargs = {"use_bias": True, "bias_regularizer": tf.keras.regularizers.l2(1e-4)}  # expect: TFP301
    return tf.keras.layers.Dense(units, kernel_regularizer=kernel_regularizer, **kwargs)(x)
"""),
    Example(kind="source", note="a weight's own regularizer: Keras's add_weight, TF1's get_variable", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l2

class Cross(tf.keras.layers.Layer):
    def __init__(self, l2_reg=1e-5, **kwargs):
        super().__init__(**kwargs)
        self.l2_reg = l2_reg

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), 1),
                                      regularizer=l2(self.l2_reg))  # expect: TFP301

def embedding(vocabulary, dim):
    return tf.compat.v1.get_variable("table", [vocabulary, dim],
                                     regularizer=tf.keras.regularizers.l2(1e-6))  # expect: TFP301
"""),
    Example(kind="source", note="a strength the constructor takes: 0 by default, a model passes 1e-5", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l2

class _Linear(tf.keras.layers.Layer):
    def __init__(self, l2_reg=0.0, **kwargs):
        super().__init__(**kwargs)
        self.l2_reg = l2_reg

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), 1),
                                      regularizer=l2(self.l2_reg))  # expect: TFP301

def _wide(l2_reg_linear=1e-5):
    return _Linear(l2_reg=l2_reg_linear)

def _deep():
    return _Linear()
"""),
    Example(kind="source", note="strengths followed by data flow: a constant the constructor stores, a base "
            "constructor's parameter a subclass's caller sets, a `**kwargs` keyword a caller passes, a local each "
            "branch assigns", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l1_l2, l2

class Net:
    def __init__(self):
        self.l2 = 1e-5

    def model(self):
        return tf.keras.layers.Dense(8, kernel_regularizer=l2(self.l2))  # expect: TFP301

class _Base:
    def __init__(self, units, l2_coef=0.0, l2_enc_coef=0.0):
        self.units = units
        self.l2_coef = l2_coef
        self.l2_enc_coef = l2_enc_coef

class _Head(_Base):
    def build(self, encoder):
        l2_reg = self.l2_enc_coef if encoder else self.l2_coef
        return tf.keras.layers.Dense(self.units, kernel_regularizer=l1_l2(0.0, l2_reg))  # expect: TFP301

class _Embedder(tf.keras.Model):
    def __init__(self, **kwargs):
        super().__init__()
        self.l2_reg = kwargs.get("l2_reg", 0.0)
        self.table = tf.keras.layers.Embedding(
            100, 8, embeddings_regularizer=tf.keras.regularizers.L2(self.l2_reg))  # expect: TFP301

def make():
    return _Head(8, l2_enc_coef=1e-4), _Embedder(l2_reg=1e-5)
"""),
    Example(kind="source", note="a model's own training step that adds its regularization losses: injected by "
            "assignment, or a train_step override", code="""\
import tensorflow as tf

class _Base:
    def compile(self):
        self.keras_model = self.model()
        self.keras_model.compile(optimizer="adam", loss="mse")
        self.keras_model.train_step = self.custom_train_step

    def custom_train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self.keras_model(x, training=True)
            loss = self.keras_model.compiled_loss(y, y_pred, regularization_losses=self.keras_model.losses)
        grads = tape.gradient(loss, self.keras_model.trainable_weights)
        self.keras_model.optimizer.apply_gradients(zip(grads, self.keras_model.trainable_weights))
        return {"loss": loss}

class Regressor(_Base):
    def model(self):
        inputs = tf.keras.Input((8,))
        outputs = tf.keras.layers.Dense(1, kernel_regularizer=tf.keras.regularizers.l2(1e-4))(inputs)  # expect: TFP301
        return tf.keras.Model(inputs, outputs)

class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(10, kernel_regularizer=tf.keras.regularizers.l2(1e-4))  # expect: TFP301

    def call(self, x):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = self.compute_loss(x, y, self(x, training=True))
        self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
        return {"loss": loss}
"""),
    Example(kind="source", note="L2 of the model's own variables summed into its loss: a variable attribute, a "
            "loop over a list the model fills with its variables", code="""\
import tensorflow as tf

class Model:
    def __init__(self, hparams):
        self.hparams = hparams
        self.layer_params = []
        self.embedding = tf.compat.v1.get_variable("embedding", [1000, 16])
        w = tf.compat.v1.get_variable("w", [16, 1])
        self.layer_params.append(w)

    def _l2_loss(self):
        l2_loss = tf.zeros([1])
        l2_loss = tf.add(l2_loss, tf.multiply(self.hparams.embed_l2, tf.nn.l2_loss(self.embedding)))  # expect: TFP301
        for param in self.layer_params:
            l2_loss = tf.add(l2_loss, tf.multiply(self.hparams.layer_l2, tf.nn.l2_loss(param)))  # expect: TFP301
        return l2_loss

    def _get_loss(self, data_loss):
        return data_loss + self._l2_loss()
"""),
    Example(kind="source", note="a strength 0 from every caller, built anyway: info (Keras's L2 still computes "
            "`0 * sum(w**2)`; build it only for a strength > 0)", code="""\
import tensorflow as tf

def create_model(units, l2_weight=0.0, **unused):
    return tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.l2(l2_weight))  # expect: TFP301

def get(name, units, **hyperparameters):
    return create_model(units, **hyperparameters)
"""),
    Example(kind="source", note="a strength a caller passes through another function's `**kwargs`", code="""\
import tensorflow as tf

def _create_model(units, l2_weight=0.0, **unused):
    regularizer = None
    if l2_weight:
        regularizer = tf.keras.regularizers.l2(l2_weight)  # expect: TFP301
    return tf.keras.layers.Dense(units, kernel_regularizer=regularizer)

def _get(name, units, **hyperparameters):
    return _create_model(units, **hyperparameters)

def train():
    return _get("dense", 8, l2_weight=1e-4)
"""),
    Example(kind="source", note="a regularizer read from self: None in the base, an L2 property in a subclass",
            code="""\
import tensorflow as tf

class _Factory:
    kernel_regularizer = None

    def block(self, x):
        return tf.keras.layers.Dense(8, use_bias=False,
                                     kernel_regularizer=self.kernel_regularizer)(x)  # expect: TFP301

class _RegularizedFactory(_Factory):
    @property
    def kernel_regularizer(self):
        return tf.keras.regularizers.l2(1e-5)
"""),
    Example(kind="source", note="a regularizer forwarded into a project layer's constructor: reported where the "
            "layer's add_weight takes it, not where it is handed on", code="""\
import tensorflow as tf

class _Rescale(tf.keras.layers.Layer):
    def __init__(self, regularizer, **kwargs):
        super().__init__(**kwargs)
        self.kernel_regularizer = tf.keras.regularizers.get(regularizer)

    def build(self, shape):
        self.scale = self.add_weight(name="scale", shape=(shape[-1],),
                                     regularizer=self.kernel_regularizer)  # expect: TFP301

class _Factory:
    @property
    def weight_penalty(self):
        return tf.keras.regularizers.l2(1e-5)

    def block(self, x):
        return _Rescale(regularizer=self.weight_penalty)(x)
"""),
    Example(kind="source", note="regularizers set on a built model's layers (model surgery, then clone_model)",
            code="""\
import tensorflow as tf

def add_l2(model, weight_decay=5e-4):
    for layer in model.layers:
        attrs = ["kernel_regularizer"] if isinstance(layer, tf.keras.layers.Dense) else []
        if isinstance(layer, tf.keras.layers.BatchNormalization):
            attrs.append("gamma_regularizer")
        for attr in attrs:
            setattr(layer, attr, tf.keras.regularizers.L2(weight_decay / 2))  # expect: TFP301
    return tf.keras.models.clone_model(model)

def add_l2_to_convs(model):
    for layer in model.layers:
        if isinstance(layer, tf.keras.layers.Conv2D):
            layer.kernel_regularizer = tf.keras.regularizers.l2(1e-4)  # expect: TFP301
    return tf.keras.models.clone_model(model)
"""),
    Example(kind="source", note="a loop over the trainable variables through version shims of get_collection and "
            "GraphKeys", code="""\
import tensorflow as tf

def get_collection(key, scope=None):
    try:
        return tf.get_collection(key, scope=scope)
    except AttributeError:
        return tf.compat.v1.get_collection(key, scope=scope)

def get_graph_keys():
    try:
        return tf.GraphKeys
    except AttributeError:
        return tf.compat.v1.GraphKeys

def linear_penalty(l2_reg=1e-5):
    for var in get_collection(get_graph_keys().TRAINABLE_VARIABLES, "linear")[:-1]:
        tf.compat.v1.add_to_collection(get_graph_keys().REGULARIZATION_LOSSES,
                                       l2_reg * tf.nn.l2_loss(var))  # expect: TFP301
"""),
    Example(kind="source", note="tf_slim's weights regularizer in an arg_scope", code="""\
import tf_slim as slim

def arg_scope(weight_decay=1e-4):
    return slim.arg_scope([slim.conv2d], weights_regularizer=slim.l2_regularizer(weight_decay))  # expect: TFP301
"""),
    Example(kind="source", note="the model's regularization losses added to a custom loss (the sum is info: its term is reported "
            "where the regularizer is built)", code="""\
import tensorflow as tf

def build(units):
    return tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.L2(1e-4))  # expect: TFP301

def train_step(model, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss += tf.add_n(model.losses)  # expect: TFP301
    return tape.gradient(loss, model.trainable_variables)
"""),
    Example(kind="source", note="a regularizer built only when its strength is set (`l2(l2) if l2 else None`, "
            "`if weight_decay:`, a helper returning None for no strength, a constructor's default stored on self): "
            "a caller passes a strength, directly or through functools.partial", code="""\
import functools
import tensorflow as tf
from tensorflow.keras import layers, regularizers

def _conv(x, filters, l2=None):
    return layers.Conv2D(filters, 3, kernel_regularizer=regularizers.l2(l2) if l2 else None)(x)  # expect: TFP301

def _dense(x, units, weight_decay=0.0):
    reg = None
    if weight_decay:
        reg = regularizers.l2(0.5 * weight_decay)  # expect: TFP301
    return layers.Dense(units, kernel_regularizer=reg)(x)

def _regularizer(weight_decay=None):
    if weight_decay is None:
        return None
    return tf.keras.regularizers.L2(weight_decay)

class _Block(layers.Layer):
    def __init__(self, filters, l2_reg=None, **kwargs):
        super().__init__(**kwargs)
        self.l2_reg = l2_reg
        self.conv = layers.Conv2D(filters, 3, kernel_regularizer=_regularizer(l2_reg))  # expect: TFP301

    def build(self, shape):
        self.w = self.add_weight("w", shape=(shape[-1], 1),
                                 regularizer=regularizers.l2(self.l2_reg) if self.l2_reg else None)  # expect: TFP301

def model(x):
    conv = functools.partial(_conv, l2=1e-4)
    return _Block(8, l2_reg=1e-5)(_dense(conv(x, 8), 4, weight_decay=5e-4))
"""),
    Example(kind="source", note="a regularizer built only under a flag parameter a caller turns on", code="""\
import tensorflow as tf

def _l2(use_l2=True):
    return tf.keras.regularizers.L2(1e-4) if use_l2 else None

def conv(x, filters, use_l2=False):
    return tf.keras.layers.Conv2D(filters, 3, kernel_regularizer=_l2(use_l2))(x)  # expect: TFP301

def dense(x, regularize=False):
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2() if regularize else None)(x)  # expect: TFP301

def model(x):
    return dense(conv(x, 4, use_l2=True), regularize=True)
"""),
    Example(kind="source", note="a filtered variable list: the rewrite keeps the filter", code="""\
import tensorflow as tf

def train_step(model, optimizer, x, y, wd=1e-2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables if "bn" not in v.name])  # expect: TFP301
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
""", expected="""\
import tensorflow as tf

def train_step(model, optimizer, x, y, wd=1e-2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        # expect: TFP301
    grads = tape.gradient(loss, model.trainable_variables)
    grads = [(wd * v if g is None else g + wd * v) if "bn" not in v.name else g for g, v in zip(grads, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
"""),
)
INVALID += (
    Example(kind="source", note="a parameter whose default is an L2 regularizer, under a name of its own (tensorflow-"
                                "caney's `kr=l2(0.0001)`), reported where a layer reads it; and a dict's "
                                "`setdefault` of a regularizer's key (a keras-contrib conv factory)", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l2


def unet(nclass=19, kr=l2(0.0001)):
    inputs = tf.keras.Input((256, 256, 8))
    outputs = tf.keras.layers.Conv2D(nclass, 1, kernel_regularizer=kr)(inputs)  # expect: TFP301
    return tf.keras.Model(inputs, outputs)


def conv_bn_relu(**conv_params):
    regularizer = conv_params.setdefault("kernel_regularizer", l2(1.e-4))  # expect: TFP301
    return tf.keras.layers.Conv2D(conv_params["filters"], 3, kernel_regularizer=regularizer)
"""),
    Example(kind="source", note="the variable list held on self, filtered from the trainable variables (AdaBERT)",
            code="""\
import tensorflow.compat.v1 as tf


class Student:
    def build(self, loss, l2_reg=1e-4):
        self.model_params = [v for v in tf.trainable_variables() if "arch_params" not in v.name]
        reg_loss = tf.add_n([tf.nn.l2_loss(v) for v in self.model_params])  # expect: TFP301
        return tf.train.AdamOptimizer(1e-3).minimize(loss + l2_reg * reg_loss, var_list=self.model_params)
"""),
)
VALID = (
    *_GRAPH_VALID,
    Example(kind="source", note="an L2 default every call of a private builder replaces with None; a default of no "
                                "regularizer, and a `setdefault` of another key", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l2


def _head(x, kr=l2(0.0001)):
    return tf.keras.layers.Conv2D(4, 1, kernel_regularizer=kr)(x)


def _tail(x, kr=None):
    return tf.keras.layers.Conv2D(4, 1, kernel_regularizer=kr)(x)


def model(x, conv_params):
    initializer = conv_params.setdefault("kernel_initializer", l2(1e-4))
    return _tail(_head(x, kr=None)), initializer
"""),
    Example(kind="source", note="a list held on self that one of its stores sets to activations", code="""\
import tensorflow.compat.v1 as tf


class Probe:
    def __init__(self, features):
        self.tensors = features

    def track_variables(self):
        self.tensors = tf.trainable_variables()

    def penalty(self, loss):
        return loss + 1e-4 * tf.add_n([tf.nn.l2_loss(t) for t in self.tensors])
"""),
    Example(kind="source", note="an L2 term on activations, not variables", code="""\
import tensorflow as tf

def loss_fn(logits, labels, features):
    mse = tf.nn.l2_loss(logits - labels)
    return mse + 1e-3 * tf.add_n([tf.nn.l2_loss(f) for f in features])
"""),
    Example(kind="source", note="the guide's remedy: weight decay on the gradients", code="""\
import tensorflow as tf

def apply(optimizer, grads, model, wd=1e-4):
    grads = [g + wd * v for g, v in zip(grads, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""),
    Example(kind="source", note="an L1-only regularizer has no L2 term", code="""\
import keras

layer = keras.layers.Dense(8, kernel_regularizer=keras.regularizers.L1L2(l1=0.01))
"""),
    Example(kind="source", note="no bias, no bias term; an activity regularizer penalises outputs, not weights",
            code="""\
import keras

layer = keras.layers.Dense(8, use_bias=False, bias_regularizer=keras.regularizers.L2(1e-4),
                           activity_regularizer=keras.regularizers.L2(1e-5))
"""),
    Example(kind="source", note="a layer's `regularizer=` strength and a weight without an L2 regularizer",
            code="""\
import tensorflow as tf

class FieldWeights(tf.keras.layers.Layer):
    def __init__(self, regularizer=1e-6, **kwargs):
        super().__init__(**kwargs)
        self.regularizer = regularizer

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(1,), regularizer=tf.keras.regularizers.L1(1e-4))
        self.bias = self.add_weight(name="bias", shape=(1,), regularizer=None)

layer = FieldWeights(regularizer=1e-5)
"""),
    Example(kind="source", note="a strength the constructor takes: 0 from every caller, handed on or left out, "
            "and the regularizer built only for a strength that is not 0", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l2

class _Linear(tf.keras.layers.Layer):
    def __init__(self, l2_reg=0.0, **kwargs):
        super().__init__(**kwargs)
        self.l2_reg = l2_reg

    def build(self, input_shape):
        regularizer = l2(self.l2_reg) if self.l2_reg > 0 else None
        self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), 1), regularizer=regularizer)

def _wide(l2_reg_linear=0):
    return _Linear(l2_reg=l2_reg_linear)

def _deep():
    return _Linear()
"""),
    Example(kind="source", note="zero strengths followed by data flow: a constant 0 the constructor stores, a "
            "base constructor's 0 defaults a subclass inherits, a `**kwargs` keyword no caller passes, a local "
            "each branch assigns a zero default, an L1-only strength", code="""\
import tensorflow as tf
from tensorflow.keras.regularizers import l1_l2, l2

class Net:
    def __init__(self):
        self.l2 = 0.0

    def model(self):
        return tf.keras.layers.Dense(8, kernel_regularizer=l2(self.l2))

class _Base:
    def __init__(self, units, l1_coef=0.0, l2_coef=0.0, l2_enc_coef=0.0):
        self.units = units
        self.l1_coef = l1_coef
        self.l2_coef = l2_coef
        self.l2_enc_coef = l2_enc_coef

class _Head(_Base):
    def build(self, encoder):
        if encoder and self.l2_enc_coef != 0.0:
            l2_reg = self.l2_enc_coef
        else:
            l2_reg = self.l2_coef
        hidden = tf.keras.layers.Dense(self.units, kernel_regularizer=l1_l2(self.l1_coef, l2_reg))
        return hidden, tf.keras.layers.Dense(1, kernel_regularizer=l1_l2(self.l1_coef, self.l2_coef))

class _Embedder(tf.keras.Model):
    def __init__(self, **kwargs):
        super().__init__()
        self.l2_reg = kwargs.get("l2_reg", 0.0)
        self.table = tf.keras.layers.Embedding(100, 8, embeddings_regularizer=tf.keras.regularizers.L1L2(
            l2=self.l2_reg))

def make():
    return _Head(8, l1_coef=1e-4), _Embedder(dim=8)
"""),
    Example(kind="source", note="a model's own training step that never adds its regularization losses: injected "
            "by assignment, a train_step override, a tape step reading only TF1's collection (empty in TF2)",
            code="""\
import tensorflow as tf

class _Base:
    def compile(self):
        self.keras_model = self.model()
        self.keras_model.compile(optimizer="adam", loss="mse")
        self.keras_model.train_step = self.custom_train_step

    def custom_train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            reconstruction = tf.reduce_mean(tf.square(self.keras_model(x, training=True) - y))
            loss = reconstruction + self.kl_loss()
        grads = tape.gradient(loss, self.keras_model.trainable_weights)
        self.keras_model.optimizer.apply_gradients(zip(grads, self.keras_model.trainable_weights))
        return {"loss": loss}

    def kl_loss(self):
        return 0.0

class AutoEncoder(_Base):
    def model(self):
        inputs = tf.keras.Input((8,))
        outputs = tf.keras.layers.Dense(8, kernel_regularizer=tf.keras.regularizers.l2(1e-4))(inputs)
        return tf.keras.Model(inputs, outputs)

class Classifier(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = tf.keras.layers.Dense(10, kernel_regularizer=tf.keras.regularizers.l2(1e-4))

    def call(self, x):
        return self.dense(x)

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, self(x, training=True)))
        self.optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
        return {"loss": loss}

class Recommender(tf.keras.Model):
    def __init__(self, items, dim):
        super().__init__()
        self.table = tf.keras.layers.Embedding(items, dim, embeddings_regularizer=tf.keras.regularizers.L2(1e-4))

    def call(self, ids):
        return tf.reduce_sum(self.table(ids), axis=1)

    def loss_function(self, logits, labels):
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits))
        return loss + tf.compat.v1.losses.get_regularization_loss()

    def train(self, dataset, optimizer):
        @tf.function
        def step(ids, labels):
            with tf.GradientTape() as tape:
                loss = self.loss_function(self(ids, training=True), labels)
            optimizer.apply_gradients(zip(tape.gradient(loss, self.trainable_variables), self.trainable_variables))
            return loss
        for ids, labels in dataset:
            step(ids, labels)
"""),
    Example(kind="source", note="L2 that is no model variable's in a loss, or not summed: gathered embedding "
            "rows, variables' L2 kept aside in a list, a coefficient no caller sets", code="""\
import tensorflow as tf

class Model:
    def __init__(self, table, penalty=0.0):
        self.table = table
        self.penalty = penalty
        self.regularizers = []
        self.w = tf.Variable(tf.ones([2]))
        self.regularizers.append(tf.nn.l2_loss(self.w))

    def loss(self, users, data_loss):
        rows = tf.nn.embedding_lookup(self.table, users)
        return data_loss + 1e-4 * tf.nn.l2_loss(rows)

    def penalised(self, data_loss):
        return data_loss + tf.nn.l2_loss(self.w) * self.penalty

def build(table):
    return Model(table)
"""),
    Example(kind="source", note="a strength 0 from every caller, also through another function's `**kwargs`, "
            "and the regularizer built only when it is not 0", code="""\
import tensorflow as tf

def _create_model(units, l2_weight=0.0, **unused):
    regularizer = None
    if l2_weight:
        regularizer = tf.keras.regularizers.l2(l2_weight)
    return tf.keras.layers.Dense(units, kernel_regularizer=regularizer)

def _get(name, units, **hyperparameters):
    return _create_model(units, **hyperparameters)

def train():
    return _get("dense", 8, l2_weight=0.0)
"""),
    Example(kind="source", note="a regularizer built only when its strength is set, which no caller sets: "
            "`l2(l2) if l2 else None` with l2=None, `if weight_decay:` with 0.0 (its strength `weight_decay / 2.0`), a helper returning None for None, "
            "a constructor's default stored on self, a functools.partial that binds other parameters", code="""\
import functools
import tensorflow as tf
from tensorflow.keras import layers, regularizers

def conv(x, filters, l2=None):
    return layers.Conv2D(filters, 3, kernel_regularizer=regularizers.l2(l2) if l2 else None)(x)

def dense(x, units, weight_decay=0.0, activation=None):
    reg = None
    if weight_decay:
        reg = regularizers.l2(weight_decay / 2.0)
    return layers.Dense(units, activation=activation, kernel_regularizer=reg)(x)

def _regularizer(weight_decay=None):
    if weight_decay is None:
        return None
    return tf.keras.regularizers.L2(weight_decay)

class Block(layers.Layer):
    def __init__(self, filters, l2_reg=None, **kwargs):
        super().__init__(**kwargs)
        self.l2_reg = l2_reg
        self.conv = layers.Conv2D(filters, 3, kernel_regularizer=_regularizer(l2_reg))

    def build(self, shape):
        self.w = self.add_weight("w", shape=(shape[-1], 1),
                                 regularizer=regularizers.l2(self.l2_reg) if self.l2_reg else None)

def model(x, activation="relu"):
    small = functools.partial(conv, filters=8)
    return Block(8)(dense(small(x), 4, activation=activation))
"""),
    Example(kind="source", note="a strength a loop takes from a sequence parameter that the function fills with Nones "
            "when no caller passes it (`for units, wd in zip(sizes, weight_decays)`, `if wd is not None:`)", code="""\
import tensorflow as tf

def mlp(sizes, weight_decays=None):
    if weight_decays is None:
        weight_decays = [None] * len(sizes)
    layers = []
    for units, weight_decay in zip(sizes, weight_decays):
        reg = None
        if weight_decay is not None:
            reg = tf.keras.regularizers.l2(weight_decay)
        layers.append(tf.keras.layers.Dense(units, kernel_regularizer=reg))
    return tf.keras.Sequential(layers)

def model():
    return mlp((256, 256))
"""),
    Example(kind="source", note="a regularizer built only under a flag parameter no caller turns on", code="""\
import tensorflow as tf

def _l2(use_l2=True):
    return tf.keras.regularizers.L2(1e-4) if use_l2 else None

def conv(x, filters, use_l2=False):
    return tf.keras.layers.Conv2D(filters, 3, kernel_regularizer=_l2(use_l2))(x)

def dense(x, regularize=False):
    return tf.keras.layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2() if regularize else None)(x)

def model(x):
    return dense(conv(x, 4))
"""),
    Example(kind="source", note="a regularizer read from self that no class of the hierarchy makes L2 (None in "
            "the base, L1 in a subclass); one handed to a layer that penalises no weight with it", code="""\
import tensorflow as tf

class _Factory:
    kernel_regularizer = None

    def block(self, x):
        return tf.keras.layers.Dense(8, use_bias=False, kernel_regularizer=self.kernel_regularizer)(x)

    def head(self, x):
        return _Logits(tf.keras.regularizers.l2(1e-5))(x)

class _SparseFactory(_Factory):
    @property
    def kernel_regularizer(self):
        return tf.keras.regularizers.l1(1e-5)

class _Logits(tf.keras.layers.Layer):
    def __init__(self, penalty, **kwargs):
        super().__init__(**kwargs)
        self.penalty = penalty

    def build(self, shape):
        self.w = self.add_weight(name="w", shape=(shape[-1], 1))
"""),
    Example(kind="source", note="activity regularizers set on a built model's layers (they penalise outputs)",
            code="""\
import tensorflow as tf

def penalise_outputs(model):
    for layer in model.layers:
        setattr(layer, "activity_regularizer", tf.keras.regularizers.L2(1e-4))
        layer._activity_regularizer = tf.keras.regularizers.l2(1e-4)
    return tf.keras.models.clone_model(model)
"""),
    Example(kind="source", note="a helper that takes a collection key but returns another collection", code="""\
import tensorflow as tf

def get_collection(key, scope=None):
    return tf.compat.v1.get_collection("embedding_outputs", scope=scope)

def embedding_penalty(l2_reg=1e-5):
    for var in get_collection(tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES, "linear"):
        tf.compat.v1.add_to_collection(tf.compat.v1.GraphKeys.REGULARIZATION_LOSSES, l2_reg * tf.nn.l2_loss(var))
"""),
    Example(kind="source", note="L2 over a loop of a parameter the file's calls pass activations for; an "
                                 "activity regularizer and an L1 one put into a layer's keyword arguments dict",
            code="""\
import tensorflow as tf

def penalty(tensors):
    total = 0.0
    for t in tensors:
        total += tf.nn.l2_loss(t)
    return total

class LayersOverride:
    def __init__(self):
        self.activity = tf.keras.regularizers.l2(1e-4)
        self.sparse = tf.keras.regularizers.l1(1e-4)

    def Dense(self, units, **kwargs):
        kwargs["activity_regularizer"] = self.activity
        kwargs["kernel_regularizer"] = self.sparse
        return tf.keras.layers.Dense(units, **kwargs)

def loss_fn(logits, hidden):
    return tf.reduce_mean(logits) + penalty([logits, hidden])
"""),
    Example(kind="source", note="the regularization losses counted in a test, not added to a loss", code="""\
import tensorflow.compat.v1 as tf

def check(test):
    test.assertEqual(len(tf.losses.get_regularization_losses()), 2)
"""),
    Example(kind="source", note="model.losses summed in a project without L2 regularizers", code="""\
import tensorflow as tf

def train_step(model, x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y)) + tf.add_n(model.losses)
    return tape.gradient(loss, model.trainable_variables)
"""),
)
