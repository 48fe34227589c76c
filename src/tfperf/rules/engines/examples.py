"""VALID / INVALID examples of TFP601."""

from tfperf.rules.base import Example

INVALID = (
    Example(kind="source", target="gaudi2", note="the guide's SSD classification loss", code="""\
import tensorflow as tf

def classification_loss(logits, labels):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    exp_shifted_logits = tf.exp(shifted)
    sum_exp = tf.reduce_sum(exp_shifted_logits, axis=-1)  # expect: TFP601
    return tf.reduce_mean(tf.math.log(sum_exp))
"""),
    Example(kind="source", target="gaudi3", note="a Keras Loss subclass", code="""\
import tensorflow as tf

class SoftmaxLoss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        return -tf.math.reduce_sum(y_true * tf.nn.log_softmax(y_pred), -1)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="a loss not named *loss*, its axis from a parameter's default",
            code="""\
import tensorflow as tf

def categorical_crossentropy(target, output, axis=-1):
    return -tf.reduce_sum(target * tf.math.log(output), axis)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="axis 1 of [B, B] matrices the code builds: labels reshaped to a "
                                                 "column and compared with their transpose, a tf.tile of two multiples",
            code="""\
import tensorflow as tf

def npairs_loss(labels, similarity, batch_size):
    labels = tf.reshape(labels, [-1, 1])
    same = tf.cast(tf.equal(labels, tf.transpose(labels)), tf.float32)
    same /= tf.reduce_sum(same, 1, keepdims=True)  # expect: TFP601
    tiled = tf.tile(similarity, [batch_size, 1])
    return tf.reduce_sum(tf.exp(tiled), axis=1) + tf.reduce_mean(same)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="axis 1 of a parameter its docstring states is 2-D (the message says so)",
            code="""\
import tensorflow as tf

def triplet_loss(y_true, y_pred, n):
    \"\"\"Triplet loss.

    Args:
        y_true: unused.
        y_pred: anchor, positive and negative embeddings, with `shape=(batch, 3 * n)`.
    \"\"\"
    anchor, positive = y_pred[:, :n], y_pred[:, n:2 * n]
    return tf.reduce_sum(tf.square(anchor - positive), 1)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="Keras's spellings of the sum: keras.ops (Keras 3), keras.backend",
            code="""\
import keras
from keras import ops

class FocalLoss(keras.losses.Loss):
    def call(self, y_true, y_pred):
        cross_entropy = -y_true * ops.log(y_pred)
        return ops.sum(ops.power(1.0 - y_pred, 2.0) * cross_entropy, axis=-1)  # expect: TFP601

def kl_divergence(y_true, y_pred):
    return keras.backend.sum(y_true * keras.backend.log(y_true / y_pred), axis=-1)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="a helper summing the trailing axes (the last among them) called in "
                                                  "a loss; a positional axis 3 of a 4-D tensor the code builds",
            code="""\
import tensorflow as tf

def reduce_sum_trailing_dimensions(tensor, ndims):
    return tf.reduce_sum(tensor, axis=tuple(range(ndims, tensor.shape.ndims)))

class SSD:
    def loss(self, cls_losses, location_losses):
        cls_losses = reduce_sum_trailing_dimensions(cls_losses, ndims=2)  # expect: TFP601
        return tf.reduce_sum(cls_losses) + tf.reduce_sum(location_losses)

def distribution_loss(support, weights, num_dims):
    tiled = tf.tile([support], [1, 1, num_dims, 1])
    return tf.reduce_sum(tiled * weights, 3)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="outside any loss: a loss's target, handed through tf.stop_gradient "
                                                  "to the loss call's labels= (through the returns of the file's functions)",
            code="""\
import tensorflow as tf

def project_distribution(support, weights, num_dims):
    tiled = tf.tile([support], [1, 1, num_dims, 1])
    return tf.reduce_sum(tiled * weights, 3)  # expect: TFP601

class Agent:
    def _target_distribution(self, support, weights):
        return project_distribution(support, weights, 51)

    def _train_op(self, support, weights, logits):
        target = tf.stop_gradient(self._target_distribution(support, weights))
        loss = tf.nn.softmax_cross_entropy_with_logits(labels=target, logits=logits)
        return tf.reduce_mean(loss)
"""),
    Example(target="gaudi2", note="graph: the SSD loss's softmax denominator holds up the TPC while the MME idles; "
                                  "on the MME it runs beside the box work", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8732, 81], tf.bfloat16), tf.TensorSpec([32, 8732, 4], tf.bfloat16)])
def model(logits, boxes):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    denominators = tf.reduce_sum(tf.exp(shifted), axis=-1)  # expect: TFP601
    box_error = tf.abs(boxes) * 2.0 - tf.tanh(boxes)
    return tf.math.log(denominators), box_error
"""),
    Example(kind="source", target="gaudi2", note="a sum under an opt-in test whose path a call of the project takes "
                                                  "(average='micro' passed)", code="""\
import tensorflow as tf

class ConfusionLoss(tf.keras.losses.Loss):
    def __init__(self, average="macro"):
        super().__init__()
        self.average = average

    def call(self, y_true, y_pred):
        counts = y_pred * y_true
        if self.average == "micro":
            return tf.reduce_sum(counts, -1)  # expect: TFP601
        return tf.reduce_mean(counts, -1)

micro = ConfusionLoss(average="micro")
"""),
    Example(kind="source", target="gaudi2", note="the channels axis a data-format choice picks: the last of "
                                                  "channels_last data, whatever the rank", code="""\
import tensorflow as tf
from tensorflow.keras import backend as K

def categorical_crossentropy(gt, pr):
    axis = 3 if K.image_data_format() == "channels_last" else 1
    pr /= K.sum(pr, axis=axis, keepdims=True)  # expect: TFP601
    return -tf.reduce_mean(gt * tf.math.log(pr))
"""),
    Example(kind="source", target="gaudi2", note="a helper whose result the training step minimises: its call "
                                                 "flows into a *_loss value", code="""\
import tensorflow as tf

class Agent:
    def _kl_latent(self, means, log_stds):
        return tf.reduce_sum(-log_stds + tf.square(means), axis=-1)  # expect: TFP601

    def train_step(self, x):
        with tf.GradientTape() as tape:
            means, log_stds = self.encoder(x)
            kl = tf.reduce_mean(self._kl_latent(means, log_stds))
            total_loss = self.base(x) + 0.1 * kl
        return tape.gradient(total_loss, self.encoder.trainable_variables)
"""),
    Example(kind="source", target="gaudi2", note="a helper two calls from a loss, called on an object of the file's "
                                                 "class; axis 2 the last by the comment on the 2-D result above it", code="""\
from tensorflow.keras import backend as K

class CRF:
    def get_energy(self, y_true, input_energy):
        # (B, T)
        energy = K.sum(input_energy * y_true, 2)  # expect: TFP601
        return energy

    def negative_log_likelihood(self, y_true, x):
        nll = self.log_z(x) + self.get_energy(y_true, x)
        return nll

def crf_nll(y_true, y_pred):
    crf = y_pred.layer
    return crf.negative_log_likelihood(y_true, y_pred)

def crf_loss(y_true, y_pred):
    return crf_nll(y_true, y_pred)
"""),
    Example(kind="source", target="gaudi2", note="a TD error over atoms the train step hands to huber_loss; axis 1 "
                                                 "of a [batch, atoms] tensor its comment states", code="""\
import tensorflow as tf

class C51:
    def _td_error(self, target_dist, log_p):
        b = self.project(target_dist)  # [batch_size, n_atoms]
        td_errors = tf.reduce_sum(b * log_p, axis=1)  # expect: TFP601
        return td_errors

    def train(self, target_dist, log_p):
        td = self._td_error(target_dist, log_p)
        q_loss = tf.reduce_mean(huber_loss(td))
        return q_loss
"""),
    Example(kind="source", target="gaudi2", note="a framework's dispatcher that forwards its tensor and axis to "
                                                 "tf.reduce_sum, called in a loss over `[*range(1, len(shape))]` with "
                                                 "the shape bound on every path", code="""\
import numpy as np
import tensorflow as tf

def reduce_sum(tensor, axis=None, keepdims=False):
    if tf.is_tensor(tensor):
        return tf.reduce_sum(tensor, axis=axis, keepdims=keepdims)
    return np.sum(tensor, axis=axis, keepdims=keepdims)

def focal_loss(y_true, y_pred):
    fl = tf.keras.losses.binary_crossentropy(y_true, y_pred)
    if tf.is_tensor(y_true):
        fl_shape = tf.shape(fl)
    else:
        fl_shape = fl.shape
    axes = [*range(1, len(fl_shape))]
    return reduce_sum(fl, axis=axes)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="a WGAN-GP penalty summed over every axis but the batch, as NumPy's "
                                                 "arange up to the gradient's rank (Keras takes the array as axes)",
            code="""\
import numpy as np
from tensorflow.keras import backend as K

def gradient_penalty_loss(y_true, y_pred, averaged_samples):
    gradients_sqr = K.square(K.gradients(y_pred, averaged_samples)[0])
    gradients_sqr_sum = K.sum(gradients_sqr, axis=np.arange(1, len(gradients_sqr.shape)))  # expect: TFP601
    return K.mean(K.square(1 - K.sqrt(gradients_sqr_sum)))
"""),
    Example(kind="source", target="gaudi2", note="the last axis as the rank less one, Keras 2.0's backend spelling",
            code="""\
import tensorflow as tf

def categorical_crossentropy(target, output):
    output /= tf.reduce_sum(output, len(output.get_shape()) - 1, True)  # expect: TFP601
    return -tf.reduce_sum(target * tf.math.log(output), len(output.get_shape()) - 1)  # expect: TFP601
"""),
    Example(kind="source", target="gaudi2", note="a TF1 model class's losses in attributes: an error averaged into "
                                                 "self.forward_loss, a gradient penalty self.loss adds", code="""\
import tensorflow as tf

class Curiosity:
    def forward_model(self, predicted, encoded_next):
        squared = 0.5 * tf.reduce_sum(tf.squared_difference(predicted, encoded_next), axis=-1)  # expect: TFP601
        self.forward_loss = tf.reduce_mean(tf.dynamic_partition(squared, self.mask, 2)[1])

    def gradient_magnitude(self, grad):
        norm = tf.sqrt(tf.reduce_sum(grad ** 2, axis=-1) + 1e-8)  # expect: TFP601
        return tf.reduce_mean(tf.pow(norm - 1, 2))

    def create_loss(self, grad):
        self.loss = self.forward_loss
        self.loss += 10.0 * self.gradient_magnitude(grad)
"""),
    Example(kind="source", target="gaudi2", note="axis 1 of [batch, dim] embeddings of a vector of ids, passed by "
                                                 "every call of the loss", code="""\
import tensorflow as tf

class BPR:
    def __init__(self, table):
        self.users = tf.compat.v1.placeholder(tf.int32, shape=(None,))
        self.items = tf.compat.v1.placeholder(tf.int32, shape=(None,))
        users = tf.nn.embedding_lookup(table, self.users)
        self.mf_loss = self.bpr_loss(users, tf.nn.embedding_lookup(table, self.items))

    def bpr_loss(self, users, items):
        scores = tf.reduce_sum(tf.multiply(users, items), axis=1)  # expect: TFP601
        return tf.reduce_mean(tf.nn.softplus(-scores))
"""),
    Example(kind="source", target="gaudi2", note="a sum over several axes, the last among them: `[-2, -1]`, or "
                                                 "`(1, 2, 3)` of a tensor whose rank the code states",
            code="""\
import tensorflow as tf

def yolo_loss(y_true, y_pred, anchors):
    grid = tf.reshape(y_pred, [-1, 13, 13, anchors])
    xy = tf.reduce_sum(tf.square(grid - y_true), axis=(1, 2, 3))  # expect: TFP601
    wh = tf.reduce_sum(tf.square(y_pred - y_true), axis=[-2, -1])  # expect: TFP601
    return tf.reduce_mean(xy + wh)
"""),
    Example(kind="source", target="gaudi2", note="the summed axis sized by a setting with a large default: a "
                                                 "dense layer of `n_out=1000` units", code="""\
import tensorflow as tf

def distillation_loss(h, teacher_probs, n_out=1000):
    logits = tf.keras.layers.Dense(n_out)(h)
    return -tf.reduce_sum(teacher_probs * tf.nn.log_softmax(logits), axis=-1)  # expect: TFP601
"""),
)

VALID = (
    Example(kind="source", target="gaudi2", note="look-alikes: the rank less two, another tensor's rank less one; "
                                                 "an error kept as a reward only; embeddings of a matrix of ids",
            code="""\
import tensorflow as tf

def categorical_crossentropy(target, output, mask):
    return -tf.reduce_sum(target * tf.math.log(output), len(output.get_shape()) - 2) * \\
        tf.reduce_sum(target, len(mask.shape) - 1)

class Curiosity:
    def forward_model(self, predicted, encoded_next):
        squared = 0.5 * tf.reduce_sum(tf.squared_difference(predicted, encoded_next), axis=-1)
        self.intrinsic_reward = squared

    def history_loss(self, table):
        self.history = tf.compat.v1.placeholder(tf.int32, shape=(None, 10))
        return tf.reduce_sum(tf.nn.embedding_lookup(table, self.history), axis=1)
"""),
    Example(kind="source", target="gaudi2", note="sums over an RL agent's actions, as many as the environment's "
                                                 "action space has by Gym's API (`ac_space.shape[0]`, "
                                                 "`action_space.n`): a handful", code="""\
import tensorflow as tf

class Policy:
    def __init__(self, ac_space):
        self.ac_space = ac_space

    def actor_loss(self, h, actions, q_values, action_space):
        log_std = tf.layers.dense(h, self.ac_space.shape[0])
        entropy = tf.reduce_sum(log_std + 1.42, axis=-1)
        chosen = tf.reduce_sum(q_values * tf.one_hot(actions, action_space.n), axis=-1)
        return tf.reduce_mean(chosen - entropy)
"""),
    Example(kind="source", target="gaudi2", note="look-alikes of a sum wrapper: over the batch axis only; a helper "
                                                 "that sums a tensor it computes, not the one it is handed", code="""\
import tensorflow as tf

def reduce_sum(tensor, axis=None):
    return tf.reduce_sum(tensor, axis=axis)

def sum_squares(tensor, axis=None):
    squared = tf.square(tensor)
    return tf.reduce_sum(squared, axis=axis)

def loss(y_true, y_pred):
    err = y_true - y_pred
    total = reduce_sum(err, axis=0)
    return total + sum_squares(err, axis=0)
"""),
    Example(kind="source", target="gaudi2", note="sums only in branches the parameter's default turns away "
                                                  "(average 'macro', also through a validator; `mode != 'mean'`), "
                                                  "and no call of the project takes them", code="""\
import tensorflow as tf

def validate_enum(value, options, name):
    return value

class ConfusionLoss(tf.keras.losses.Loss):
    def __init__(self, average="macro"):
        super().__init__()
        self.average = validate_enum(average, {"micro", "macro", "weighted"}, "average")

    def call(self, y_true, y_pred):
        counts = y_pred * y_true
        if self.average == "micro":
            counts = tf.reduce_sum(counts, -1, keepdims=True)
        elif self.average == "weighted":
            counts = tf.reduce_sum(counts * 2.0, axis=-1)
        return counts

def focal_loss(y_true, y_pred, mode="mean"):
    if mode != "mean":
        return tf.reduce_sum(y_pred * y_true, axis=-1)
    return tf.reduce_mean(y_pred * y_true, axis=-1)

default = ConfusionLoss()
"""),
    Example(target="cpu", note="graph: a CPU has no separate matrix engine to offload to", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8732, 81], tf.bfloat16), tf.TensorSpec([32, 8732, 4], tf.bfloat16)])
def model(logits, boxes):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    denominators = tf.reduce_sum(tf.exp(shifted), axis=-1)
    box_error = tf.abs(boxes) * 2.0 - tf.tanh(boxes)
    return tf.math.log(denominators), box_error
"""),
    Example(target="gaudi2", note="graph: the guide's denominator alone: the TPC has nothing else to do meanwhile, "
                                  "so moving it saves nothing", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 100, 81], tf.bfloat16)])
def model(logits):
    shifted = logits - tf.reduce_max(logits, axis=-1, keepdims=True)
    return tf.reduce_sum(tf.exp(shifted), axis=-1)
"""),
    Example(target="gaudi2", note="graph: the MME is busy with a matmul all the while the sum runs", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8732, 81], tf.bfloat16), tf.TensorSpec([4096, 4096], tf.bfloat16)])
def model(logits, features):
    denominators = tf.reduce_sum(tf.exp(logits), axis=-1)
    return denominators, tf.matmul(features, features)
"""),
    Example(target="gaudi2", note="graph: a sum over a middle axis is not a matmul with a ones vector", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 100, 81], tf.float32)])
def model(logits):
    return tf.reduce_sum(logits, axis=1)
"""),
    Example(kind="source", target="gaudi2", note="the guide's fixed form: a conv with a ones filter", code="""\
import tensorflow as tf

def classification_loss(exp_shifted_logits, num_classes):
    reduce_sum_filter = tf.ones([1, 1, num_classes, 1], exp_shifted_logits.dtype)
    sum_exp = tf.nn.conv2d(exp_shifted_logits, reduce_sum_filter, strides=1, padding="VALID", name="sum_exp")
    return sum_exp
"""),
    Example(kind="source", target="gaudi2", note="a reduction outside any loss", code="""\
import tensorflow as tf

def pool_features(x):
    return tf.reduce_sum(x, axis=-1)
"""),
    Example(kind="source", target="gaudi2", note="a count of integers, a top-k of 10, the conv form in the other branch",
            code="""\
import tensorflow as tf

def assignment_loss(mask, iou, x, use_mme, ones):
    count = tf.reduce_sum(tf.cast(mask, tf.int32), axis=-1)
    top_k, _ = tf.nn.top_k(iou, k=10)
    best = tf.reduce_sum(top_k, axis=-1)
    if use_mme:
        total = tf.nn.conv2d(x, ones, strides=1, padding="VALID")
    else:
        total = tf.reduce_sum(x, axis=-1)
    return count, best, total
"""),
    Example(kind="source", target="gaudi2", note="axis 1 is not the last: of a 3-D tile, of a parameter whose rank the "
                                                 "source does not state, of one a docstring gives two ranks",
            code="""\
import tensorflow as tf

def matching_loss(cost, embeddings, y_pred, batch_size):
    \"\"\"Args:
        y_pred: 1-D or 2-D predictions.
    \"\"\"
    matching = tf.tile(cost, [batch_size, 1, 1])
    per_box = tf.reduce_sum(matching, axis=1)
    norms = tf.reduce_sum(tf.square(embeddings), axis=1)
    return per_box, norms, tf.reduce_sum(y_pred, axis=1)
"""),
    Example(kind="source", target="gaudi2", note="a sum whose values are never read (only its shape), a vector's sum",
            code="""\
import tensorflow as tf

def box_loss(boxes):
    running = tf.zeros_like(tf.reduce_sum(boxes, axis=-1))
    weights = tf.ones(tf.size(boxes)) * 0.5
    return running, tf.reduce_sum(weights, axis=-1)
"""),
    Example(kind="source", target="gaudi2", note="in a loss function, sums whose value reaches no loss (an EMA "
                                                  "update's normaliser feeding only a variable's assign under "
                                                  "control_dependencies) or that count a mask (cast to a float after)",
            code="""\
import tensorflow as tf

def vq_loss(x_hot, ema_count, means, e_loss, epsilon=1e-5):
    def loss_with_update():
        n = tf.reduce_sum(ema_count, axis=-1, keepdims=True)
        updated = (ema_count + epsilon) / (n + epsilon) * n
        with tf.control_dependencies([e_loss]):
            update = means.assign(updated)
            with tf.control_dependencies([update]):
                return 0.25 * e_loss
    return loss_with_update()

def knowledge_loss(facts, mask):
    mask = tf.reshape(mask, [-1, 16])
    length = tf.cast(tf.expand_dims(tf.reduce_sum(mask, -1), 1), tf.float32)
    return tf.reduce_mean(tf.reduce_sum(facts, 1) / length)
"""),
    Example(kind="source", target="gaudi2", note="outside a loss: a helper summing the leading axes; a trailing-axes "
                                                  "helper in a model's forward pass; a sum only stopped on its way to "
                                                  "a loss (a straight-through estimator), not its labels",
            code="""\
import tensorflow as tf

def reduce_sum_trailing_dimensions(tensor, ndims):
    return tf.reduce_sum(tensor, axis=tuple(range(ndims, tensor.shape.ndims)))

def reduce_sum_leading(tensor, ndims):
    return tf.reduce_sum(tensor, axis=tuple(range(0, ndims)))

class Model:
    def loss(self, cls_losses):
        return tf.reduce_sum(reduce_sum_leading(cls_losses, 1))

    def predict(self, features):
        return reduce_sum_trailing_dimensions(features, 2)

def bottleneck(x, means, num_dims):
    tiled = tf.tile([x], [1, 1, num_dims, 1])
    dist = tf.reduce_sum(tiled * means, 3)
    commitment = tf.reduce_mean(tf.squared_difference(x, tf.stop_gradient(dist)))
    return dist, commitment
"""),
    Example(kind="source", target="gaudi2", note="Keras 3: a count of integers", code="""\
from keras import ops

def matching_loss(mask):
    return ops.sum(ops.cast(mask, "int32"), axis=-1)
"""),
    Example(kind="source", target="a100", note="no TPC/MME split on a GPU", code="""\
import tensorflow as tf

def my_loss(logits):
    return tf.reduce_sum(tf.exp(logits), axis=-1)
"""),
    Example(kind="source", target="gaudi2", note="helpers a loss reads only through ops without a gradient (a "
                                                 "matching cost's argmin, stop_gradient), or that feed a metric", code="""\
import tensorflow as tf

class Matcher:
    def _cost(self, pred, target):
        return tf.reduce_sum(tf.abs(pred[:, None] - target[None]), axis=-1)

    def _greedy(self, q):
        return tf.reduce_sum(q * self.support, axis=-1)

    def _hit_rate(self, scores, labels):
        return tf.reduce_sum(scores * labels, axis=-1)

    def match_loss(self, pred, target):
        indices = tf.argmin(self._cost(pred, target), axis=-1)
        return tf.reduce_mean(tf.gather(pred, indices) - target)

    def td_loss(self, q, target_q):
        best = tf.stop_gradient(self._greedy(target_q))
        return tf.reduce_mean(tf.square(q - best))

    def evaluate(self, scores, labels):
        hits = self._hit_rate(scores, labels)
        return {"hr": tf.reduce_mean(hits)}
"""),
    Example(kind="source", target="gaudi2", note="a decoder's sum: its result is the model's output, no loss reads "
                                                 "it", code="""\
import tensorflow as tf

class Decoder:
    def _decode(self, deltas, anchors):
        return tf.reduce_sum(deltas * anchors, axis=-1)

    def predict(self, deltas, anchors):
        boxes = self._decode(deltas, anchors)
        return boxes
"""),
    Example(kind="source", target="gaudi2", note="helper sums a loss reads only as a mask (a comparison), as an "
                                                 "index (a draw, a one-hot), beside a loss in a returned pair, or "
                                                 "over 16 bins an arange states", code="""\
import numpy as np
import tensorflow as tf
from keras import ops

def padded_rows(mask):
    return tf.not_equal(tf.reduce_sum(mask, axis=1), 0.0)

def nearest(x, means):
    x_norm_sq = tf.reduce_sum(tf.square(x), axis=-1, keepdims=True)
    dist = x_norm_sq - 2 * tf.matmul(x, means, transpose_b=True)
    idx = tf.random.categorical(-dist, 1)
    hot = tf.one_hot(idx, 512)
    e_loss = tf.reduce_mean(tf.square(x - tf.stop_gradient(tf.matmul(hot, means))))
    return hot, e_loss

def decode(preds):
    bins = ops.nn.softmax(preds, axis=-1) * ops.arange(16, dtype="float32")
    return ops.sum(bins, axis=-1)

def last_token(ids, pad):
    index = tf.reduce_sum(tf.cast(tf.not_equal(ids, pad), ids.dtype), axis=-1) - 1
    return tf.gather(ids, index, batch_dims=1)

def train_step(x, means, mask, logits, labels, preds, boxes, ids):
    labels = labels + last_token(ids, 0)
    hot, e_loss = nearest(x, means)
    weights = tf.cast(padded_rows(mask), tf.float32)
    total_loss = tf.compat.v1.losses.softmax_cross_entropy(labels, logits, weights=weights) + e_loss
    box_loss = tf.reduce_mean(tf.abs(decode(preds) - boxes))
    return total_loss + box_loss + tf.reduce_mean(hot)
"""),
    Example(kind="source", target="gaudi2", note="look-alikes: sums over axes without the last; along an axis three "
                                                 "results are stacked on (3 elements); a returned depth map the "
                                                 "training step unpacks into `_`", code="""\
import tensorflow as tf

def grid_loss(y_true, y_pred, anchors):
    grid = tf.reshape(y_pred, [-1, 13, 13, anchors])
    return tf.reduce_mean(tf.reduce_sum(tf.square(grid - y_true), axis=(1, 2)))

def expected_result_loss(sum_result, average_result, count_result, probs, n):
    results = tf.stack([sum_result, average_result, count_result], axis=1)
    return tf.reduce_mean(tf.reduce_sum(results * tf.reshape(probs, [-1, n]), axis=1))

class NeRF(tf.keras.Model):
    def render(self, x, z):
        weights = self.net(x)
        depth = tf.reduce_sum(weights * z, axis=-1)
        return weights * x, depth

    def train_step(self, data):
        x, z, target = data
        with tf.GradientTape() as tape:
            rgb, _ = self.render(x, z)
            loss = tf.reduce_mean(tf.square(rgb - target))
        self.optimizer.minimize(loss, self.trainable_variables, tape=tape)
        return {"loss": loss}
"""),
    Example(kind="source", target="gaudi2", note="the summed axis sized by a setting whose every value is small: a "
                                                 "prior's latent draw of `latent_dim=8`, no caller passes another",
            code="""\
import tensorflow as tf

class WAE(tf.keras.Model):
    def __init__(self, latent_dim=8, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = latent_dim

    def prior_penalty(self, batch_size):
        pz = tf.random.normal(shape=(batch_size, self.latent_dim))
        return tf.reduce_mean(tf.reduce_sum(tf.square(pz), axis=1))
"""),
)
