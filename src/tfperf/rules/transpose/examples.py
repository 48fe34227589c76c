"""VALID / INVALID examples of the TFP1xx rules (graph examples are captured, source ones linted)."""

from tfperf.rules.base import Example

_GUIDE_EXAMPLE_1 = """\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8000, 64], tf.float32)])
def model(in_tensor):
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(1, 0, 2))  # expect: TFP101
    return mul + 1.0
"""

# the guide's placeholders, linted without running them
_GUIDE_SOURCE = """\
import tensorflow as tf

in_tensor = tf.compat.v1.placeholder(shape=[32, 8000, 64], dtype=tf.float32)
mul = in_tensor * 1.234
mul = tf.transpose(mul, perm={perm}){mark}
out = mul + 1.0
"""

PHYSICAL_INVALID = (
    Example(note="the guide's Example 2: moving the last axis is a DMA copy", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 8000, 64], tf.float32)])
def model(in_tensor):
    mul = in_tensor * 1.234
    mul = tf.transpose(mul, perm=(0, 2, 1))  # expect: TFP101
    return mul + 1.0
"""),
    Example(note="the guide's Example 1 is logical on Gaudi, but a copy on a CPU", target="cpu",
            code=_GUIDE_EXAMPLE_1),
    Example(kind="source", target="gaudi2", note="source: the guide's Example 2 moves the last axis",
            code=_GUIDE_SOURCE.format(perm="(0, 2, 1)", mark="  # expect: TFP101")),
    Example(kind="source", target="cpu", note="source: any real transpose copies on a CPU",
            code=_GUIDE_SOURCE.format(perm="(1, 0, 2)", mark="  # expect: TFP101")),
    Example(kind="source", target="gaudi3", note="source: Keras Permute and keras.ops.transpose", code="""\
import keras
from keras import layers

def block(x):
    x = layers.Permute((2, 1))(x)  # expect: TFP101
    return keras.ops.transpose(x, axes=[0, 2, 1])  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: the last axis a layer states is wide (Dense(64), a "
                                                  "(units, 64) kernel): moving it is a copy of the activation",
            code="""\
import tensorflow.keras.backend as K
from tensorflow.keras import layers

class Project(layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 64))

    def call(self, x):
        return K.transpose(K.dot(x, self.kernel))  # expect: TFP101

def scores(hidden):
    return layers.Permute((2, 1))(layers.Dense(64)(hidden))  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: a weight's tensor met with the batch's (a lookup by ids, a "
                                                  "product with x) has the batch factor: a copy per sample (a tensor "
                                                  "computed only from weights would be priced as info)", code="""\
import tensorflow as tf

def embed(ids, x, classes, size):
    table = tf.compat.v1.get_variable("table", shape=[classes, size])
    rows = tf.transpose(tf.nn.embedding_lookup(table, ids))  # expect: TFP101
    return rows, tf.transpose(tf.matmul(x, table))  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: a convolution of 16 filters, a lambda that makes an axis of 8, "
                                                  "4 draws per row: the moved axis is not 1, a copy", code="""\
import tensorflow as tf
from tensorflow.keras import layers

class Frontend(layers.Layer):
    def build(self, input_shape):
        self.reshape_input = lambda x: tf.tile(x[:, None, :], [1, 8, 1])
        self.conv = layers.Conv1D(16, 3)

    def call(self, x, kernel, logits):
        audio = tf.transpose(self.reshape_input(x), [0, 2, 1])  # expect: TFP101
        filtered = tf.nn.conv1d(audio, kernel[:, None, :], stride=2, padding="VALID")
        features = tf.transpose(self.conv(audio), [0, 2, 1])  # expect: TFP101
        draws = tf.random.categorical(logits, 4)
        return tf.transpose(filtered, [0, 2, 1]), features, tf.transpose(draws)  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: an activation transposed into a convolution's input, and "
                                                  "`.kernel` of a layer the code does not make, have a batch factor",
            code="""\
import tensorflow as tf

def frontend(x, kernel, layer):
    framed = tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), kernel, stride=2, padding="VALID")  # expect: TFP101
    return framed, tf.transpose(layer.kernel)  # expect: TFP101
"""),
)
PHYSICAL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: a perm held by an attribute of `self` the constructor sets "
                                                  "to one literal (or None, when the transpose is skipped)", code="""\
import tensorflow as tf
from tensorflow.keras import backend as K

class ToMfcc(tf.keras.layers.Layer):
    def __init__(self, data_format="channels_last"):
        super().__init__()
        self.permutation = (0, 1, 3, 2) if data_format == "channels_last" else None

    def call(self, x):
        if self.permutation is not None:
            x = K.permute_dimensions(x, pattern=self.permutation)  # expect: TFP101
        return tf.signal.mfccs_from_log_mel_spectrograms(x)
"""),
    Example(kind="source", target="gaudi2", note="source: evidence of the step: a helper a layer's call reaches, a "
                                                  "loss (a public op nothing of the kind reaches would be info)",
            code="""\
import tensorflow as tf

def to_channels_first(x):
    x = tf.reshape(x, [-1, 8, 8, 16])
    return tf.transpose(x, [0, 3, 1, 2])  # expect: TFP101

class Stem(tf.keras.layers.Layer):
    def call(self, x):
        return to_channels_first(x)

def smoothness_loss(y_true, y_pred):
    y = tf.reshape(y_pred, [-1, 8, 8, 16])
    return tf.reduce_mean(tf.transpose(y, [0, 3, 1, 2]) - y_true)  # expect: TFP101
"""),
)
PHYSICAL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: keras_core's ops.transpose (Keras 3's preview package) "
                                                  "reverses every axis, and perms concatenated around a symbolic rank "
                                                  "move the last axis (first, or the first to the end)", code="""\
import tensorflow as tf
from keras_core import ops

def to_edges(indices, offsets):
    disjoint = indices + offsets
    return ops.transpose(disjoint)  # expect: TFP101

def channels_first(x):
    rank = len(x.shape)
    return tf.transpose(x, [rank - 1] + list(range(rank - 1)))  # expect: TFP101

def first_to_last(x, rank):
    return tf.transpose(x, list(range(1, rank)) + [0])  # expect: TFP101

def rollaxis_left(a, num_rolls):
    rank = tf.rank(a)
    perm = tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)
    return tf.transpose(a, perm)  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: tables that look built from ranges but are not: a range "
                                                  "times an activation, a grid a helper builds from the data it is "
                                                  "called with, a size parameter read as data by a public function",
            code="""\
import tensorflow as tf

def scaled(x, n):
    table = tf.range(n, dtype=tf.float32) * x
    return tf.transpose(table)  # expect: TFP101

def interleave(features, views, phases):
    def _interleave(arg):
        return tf.transpose(tf.reshape(arg, (views, phases)))  # expect: TFP101
    return _interleave(features * 2.0)

def public(angles, views):
    grid = tf.reshape(angles, (views, -1)) * 3.0
    return tf.transpose(grid)  # expect: TFP101
"""),
    Example(kind="source", target="gaudi2", note="source: a transpose into a convolution whose filters state more "
                                                  "than one input channel (8), or state none, or read channels first: "
                                                  "the moved axis is wide, or its size unknown", code="""\
import tensorflow as tf

def frontend(x, kernel):
    wide = tf.nn.conv2d(tf.transpose(x, [0, 2, 3, 1]), tf.zeros([3, 3, 8, 16]), 1, "SAME")  # expect: TFP101
    x_nwc = tf.transpose(x, [0, 2, 1])  # expect: TFP101
    unknown = tf.nn.conv1d(x_nwc, kernel, stride=2, padding="SAME")
    first = tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), kernel[:, None, None], 2, "SAME",  # expect: TFP101
                         data_format="NCW")
    return wide, unknown, first
"""),
    Example(kind="source", target="gaudi2", note="source: a private helper one of whose callers passes a tensor "
                                                  "whose moved axis is not stated as 1 (here 4): what the calls "
                                                  "pass disagrees, so the size is unknown and the copy stays",
            code="""\
import tensorflow as tf

def _to_nwc(x):
    return tf.transpose(x, [0, 2, 1])  # expect: TFP101

def frontend(audio, stereo):
    return _to_nwc(audio[:, None, :]), _to_nwc(tf.reshape(stereo, [-1, 4, 64]))
"""),
)
PHYSICAL_VALID = (
    Example(kind="source", target="gaudi2", note="source: a private helper every call of which passes a tensor "
                                                  "whose moved axis has size 1 ([B, 1, T]): its parameter has "
                                                  "the shape the callers agree on, a reshape", code="""\
import tensorflow as tf

def _to_nwc(x):
    return tf.transpose(x, [0, 2, 1])

def frontend(audio):
    return _to_nwc(audio[:, None, :]) + _to_nwc(tf.expand_dims(audio, 1))
"""),
    Example(kind="source", target="gaudi2", note="source: a transpose into a convolution whose filters state one "
                                                  "input channel (`k[:, None, None]`): the axis that lands last has "
                                                  "size 1, an NCW tensor of one channel turned NWC is a reshape",
            code="""\
import tensorflow as tf

def downsample(x, k, n):
    padded = tf.pad(x, [[0, 0], [0, 0], [4, 4]])
    padded_nwc = tf.transpose(padded, [0, 2, 1])
    down = tf.nn.conv1d(padded_nwc, k[:, None, None], padding="VALID", stride=n)
    same = tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), k[:, None, :], stride=n, padding="SAME")
    return down, same
"""),
    Example(note="the guide's Example 1: the last axis stays in place", target="gaudi2",
            code=_GUIDE_EXAMPLE_1.replace("  # expect: TFP101", "")),
    Example(note="moving only size-1 axes is a reshape", target="cpu", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 1, 64], tf.float32)])
def model(x):
    return tf.transpose(x, perm=(1, 0, 2)) + 1.0
"""),
    Example(kind="source", target="gaudi2", note="source: a perm that keeps the last axis is logical on Gaudi",
            code=_GUIDE_SOURCE.format(perm="(1, 0, 2)", mark="")),
    Example(kind="source", target="gaudi2", note="source: Permute that keeps the channels last", code="""\
from tensorflow.keras import layers

swap_hw = layers.Permute((2, 1, 3))
"""),
    Example(kind="source", target="gaudi2", note="source: the last axis a layer states is 1 (Dense(1), a (units, 1) "
                                                  "kernel): moving it is a reshape", code="""\
import tensorflow.keras.backend as K
from tensorflow.keras import layers

class Score(layers.Layer):
    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 1))

    def call(self, x):
        return K.transpose(K.dot(x, self.kernel))

def scores(hidden):
    return layers.Permute((2, 1))(layers.Dense(1)(hidden))
"""),
    Example(kind="source", target="gaudi2", note="source: a Keras Reshape to (h, w, 1), or a Permute's own "
                                                  "`input_shape=(h, w, 1)`: the channels-first turn moves only the "
                                                  "size-1 axis, a reshape", code="""\
from tensorflow.keras import layers

def decoder(x, h, w):
    image = layers.Reshape((h, w, 1))(layers.Dense(h * w)(x))
    channels_first = layers.Permute((3, 1, 2))(image)
    stated = layers.Permute((3, 1, 2), input_shape=(48, 48, 1))(x)
    return channels_first, stated
"""),
    Example(kind="source", target="gaudi2", note="source: a row vector made by `[tf.newaxis, :]` (as `[None, :]`) "
                                                  "turned into a column: only the size-1 axis moves", code="""\
import tensorflow as tf

def column(angle):
    return tf.transpose(tf.stack((tf.math.cos(angle), tf.math.sin(angle)))[tf.newaxis, :])
"""),
    Example(kind="source", target="gaudi2", note="source: a single filter's convolution (`kernel[:, None, None]`, "
                                                  "Conv1D(1)), a lambda that adds a size-1 axis, one draw per row: "
                                                  "only a size-1 axis moves, a reshape", code="""\
import tensorflow as tf
from tensorflow.keras import layers

class Frontend(layers.Layer):
    def build(self, input_shape):
        self.reshape_input = lambda x: x[:, None, :]
        self.conv = layers.Conv1D(1, 3)

    def call(self, x, kernel, logits):
        audio = tf.transpose(self.reshape_input(x), [0, 2, 1])
        filtered = tf.nn.conv1d(audio, kernel[:, None, None], stride=2, padding="VALID")
        features = tf.transpose(self.conv(audio), [0, 2, 1])
        draws = tf.random.categorical(logits, 1)
        return tf.transpose(filtered, [0, 2, 1]), features, tf.transpose(draws)
"""),
    Example(kind="source", target="gaudi2", note="source: a swap of the last two axes feeding batch_dot (a batched "
                                                  "matmul) is TFP103's site", code="""\
import tensorflow as tf

def attend(q, k):
    return tf.keras.backend.batch_dot(q, tf.transpose(k, perm=(0, 2, 1)))
"""),
    Example(kind="source", target="cpu", note="source: a perm that is not literal is not judged", code="""\
import tensorflow as tf

def f(x, perm):
    return tf.transpose(x, perm=perm)
"""),
    Example(kind="source", target="gaudi2", note="source: a transpose that is an einsum operand is TFP103's site "
                                                  "(the equation relabels it)", code="""\
import tensorflow as tf

def project(v, x):
    return tf.einsum("ij,bjk->bik", tf.transpose(v), x)
"""),
)

PHYSICAL_VALID += (
    Example(kind="source", target="gaudi2", note="source: perms computed as a concatenation of range pieces that "
                                                  "keep the last axis last (the last piece ends at the end), or "
                                                  "whose pieces do not chain from 0 (not judged)", code="""\
import tensorflow as tf

def roll_leading(x, k):
    rank = tf.rank(x) - 1
    return tf.transpose(x, tf.concat([k + tf.range(rank - k), tf.range(k), [rank]], 0))

def unknown(x, k, perm):
    return tf.transpose(x, tf.concat([tf.range(k), perm], 0))
"""),
    Example(kind="source", target="gaudi2", note="source: tables built only from ranges, meshgrids and stacks of "
                                                  "them, with shapes and size parameters as the only input (index "
                                                  "grids, angle tables): no data of the step reaches them",
            code="""\
import tensorflow as tf

def sense_grid(kspace, rank):
    rank = rank or kspace.shape.rank - 1
    reduced_shape = kspace.shape[-rank:]
    indices = tf.stack(tf.meshgrid(*[tf.range(s) for s in reduced_shape]))
    indices = tf.transpose(tf.reshape(indices, [rank, -1]))
    offsets = [tf.range(r) * s for s, r in zip(reduced_shape.as_list(), [1] * rank)]
    offsets = tf.transpose(tf.reshape(tf.stack(tf.meshgrid(*offsets)), [rank, -1]))
    return indices, offsets

def glimpse_grid(images, sizes):
    batch_size = tf.shape(images)[0]
    return tf.transpose(tf.reshape(tf.stack(
        tf.meshgrid(*[tf.range(k) for k in [batch_size] + sizes], indexing="ij")), [len(sizes) + 1, -1]))

def trajectory(views, phases=None, tiny_number=7):
    delta = 2.0 / (1.0 + tf.sqrt(5.0)) / (tiny_number + 1.0)

    def _angles(angle_delta, interleave=False):
        angles = tf.range(views * (phases or 1), dtype=tf.float32)
        angles *= angle_delta
        if interleave:
            angles = tf.transpose(tf.reshape(angles, (views, phases or 1)))
        return angles

    return _angles(delta / views, interleave=True)
"""),
)

PHYSICAL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: einops' rearrange, the function and its Keras layer: a "
                                                  "pattern whose output does not end in the input's last axis moves it",
            code="""\
import einops
import tensorflow as tf
from einops.layers.keras import Rearrange


class ConvModule(tf.keras.layers.Layer):
    def call(self, x):
        return einops.rearrange(x, "b n c -> b c n")  # expect: TFP101


def conv_module(dim):
    return tf.keras.Sequential([tf.keras.layers.Dense(dim), Rearrange("b n c -> b c n")])  # expect: TFP101
"""),
)
PHYSICAL_VALID += (
    Example(kind="source", target="gaudi2", note="source: einops patterns that keep the last axis last (a split or a "
                                                  "merge of other axes), or move only an axis its keyword sizes 1",
            code="""\
import tensorflow as tf
from einops import rearrange


class Windows(tf.keras.layers.Layer):
    def call(self, x):
        windows = rearrange(x, "b (h p1) (w p2) c -> (b h w) p1 p2 c", p1=7, p2=7)
        heads = rearrange(windows, "b n (h d) -> b h n d", h=8)
        return heads, rearrange(self.gate(x), "b n c -> b c n", c=1)
"""),
)

PHYSICAL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: an einsum of one operand that only permutes its axes is a "
                                                  "transpose (DeepSaki's channels-first FFT, a global pointer's "
                                                  "`bnh->bhn`; `...` one axis, spaces allowed)", code="""\
import tensorflow as tf
from keras import ops


class FourierConv(tf.keras.layers.Layer):
    def call(self, x):
        spectrum = tf.signal.rfft2d(tf.einsum("bhwc->bchw", x))  # expect: TFP101
        return tf.einsum("bchw->bhwc", tf.math.real(spectrum))  # expect: TFP101


class GlobalPointer(tf.keras.layers.Layer):
    def call(self, inputs):
        bias = ops.einsum("bnh->bhn", self.q_dense(inputs)) / 2  # expect: TFP101
        return inputs + tf.einsum("...A B C -> ...C B A", bias)  # expect: TFP101
"""),
)
PHYSICAL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: a perm rebuilt of the identity's trailing items "
                                                  "(`perm[:-3] + [perm[-2], perm[-1], perm[-3]]`) moves the last axis "
                                                  "at every rank", code="""\
import tensorflow as tf


class Wave2STFT(tf.keras.layers.Layer):
    def call(self, stfts):
        perm = list(range(len(stfts.shape)))
        perm = perm[:-3] + [perm[-2], perm[-1], perm[-3]]
        return tf.transpose(stfts, perm=perm)  # expect: TFP101
"""),
)
PHYSICAL_VALID += (
    Example(kind="source", target="gaudi2", note="source: a perm rebuilt of the identity's trailing items that keeps "
                                                  "the last one last", code="""\
import tensorflow as tf


class Swap(tf.keras.layers.Layer):
    def call(self, x):
        perm = list(range(len(x.shape)))
        perm = perm[:-3] + [perm[-2], perm[-3], perm[-1]]
        return tf.transpose(x, perm=perm)
"""),
)
PHYSICAL_VALID += (
    Example(kind="source", target="gaudi2", note="source: einsums that are no transpose of one operand (a product, a "
                                                  "sum, a diagonal, the identity), or that keep the last axis in place",
            code="""\
import tensorflow as tf


class Mixer(tf.keras.layers.Layer):
    def call(self, x, y):
        products = tf.einsum("bij,bjk->bik", x, y) + tf.einsum("bij->bi", x)[..., None]
        diagonal = tf.einsum("bii->bi", x)
        heads = tf.einsum("bhnd->bnhd", tf.reshape(x, [-1, 8, 16, 64]))
        return products, diagonal, heads, tf.einsum("bij->bij", x)
"""),
)

REDUNDANT_INVALID = (
    Example(note="a transpose and its inverse around elementwise ops", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.nn.relu(tf.transpose(x, perm=(0, 2, 1)) * 2.0)
    return tf.transpose(y, perm=(0, 2, 1))  # expect: TFP102
"""),
    Example(note="two consecutive transposes merge into one", target="cpu", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.transpose(x, perm=(1, 0, 2))
    return tf.transpose(y, perm=(0, 2, 1))  # expect: TFP102
"""),
)
REDUNDANT_VALID = (
    Example(note="a non-scalar operand between them does not commute with the transpose", code="""\
import tensorflow as tf
bias = tf.random.normal([16])

@tf.function(input_signature=[tf.TensorSpec([4, 16, 32], tf.float32)])
def model(x):
    y = tf.transpose(x, perm=(0, 2, 1)) + bias
    return tf.transpose(y, perm=(0, 2, 1))
"""),
)

MATMUL_INVALID = (
    Example(note="attention-style q @ k^T written with an explicit transpose", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32),
                              tf.TensorSpec([2, 8, 64, 32], tf.float32)])
def model(q, k):
    kt = tf.transpose(k, perm=(0, 1, 3, 2))  # expect: TFP103
    return tf.matmul(q, kt)
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: look-alikes of a scalar product: reshaped to a vector, not a scalar; the "
                                "same name rebound between the two reads (no longer the same tensor)", code="""\
import tensorflow as tf

def step(x, m, y):
    flat = tf.reshape(tf.matmul(tf.transpose(x), m), [-1])  # expect: TFP103
    scalar = tf.reshape(tf.matmul(tf.transpose(y), m), ())
    y = tf.concat([y, y], axis=1)
    gram = tf.matmul(tf.transpose(y), m)  # expect: TFP103
    return flat, scalar, gram
"""),
    Example(kind="source", note="source: the swap is the matmul operand itself: rewritten", code="""\
import tensorflow as tf

def scores(q, k):
    return tf.matmul(q, tf.transpose(k, [0, 2, 1]))  # expect: TFP103
""", expected="""\
import tensorflow as tf

def scores(q, k):
    return tf.matmul(q, k, transpose_b=True)  # expect: TFP103
"""),
    Example(kind="source", note="source: through a variable, and a 2-D transpose without perm: advice", code="""\
import tensorflow as tf

def attend(q, k, x):
    kt = tf.transpose(k, perm=[0, 1, 3, 2])  # expect: TFP103
    gram = tf.matmul(tf.transpose(x), x)  # expect: TFP103
    return tf.matmul(q, kt), gram
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: operands passed by keyword (set 76's text-autoencoder: `tf.matmul(a=A, "
                                "b=tf.transpose(A, [0, 2, 1]))`, a self-attention penalty): rewritten", code="""\
import tensorflow as tf

def penalty(A, B):
    gram = tf.matmul(a=A, b=tf.transpose(A, [0, 2, 1]))  # expect: TFP103
    return gram + tf.matmul(b=B, a=tf.transpose(B, perm=[0, 2, 1]))  # expect: TFP103
""", expected="""\
import tensorflow as tf

def penalty(A, B):
    gram = tf.matmul(a=A, b=A, transpose_b=True)  # expect: TFP103
    return gram + tf.matmul(b=B, a=B, transpose_a=True)  # expect: TFP103
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: an einsum that only swaps the last two axes, as a matmul operand: rewritten",
            code="""\
import tensorflow as tf

def scores(q, k):
    return tf.matmul(q, tf.einsum("...ij->...ji", k))  # expect: TFP103
""", expected="""\
import tensorflow as tf

def scores(q, k):
    return tf.matmul(q, k, transpose_b=True)  # expect: TFP103
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: the `@` operator and Keras 3's ops.matmul take no flag: advice, no rewrite",
            code="""\
import tensorflow as tf
from keras import ops

def attend(q, k, x):
    scores = q @ tf.transpose(k, [0, 2, 1])  # expect: TFP103
    gram = ops.matmul(x, ops.transpose(x))  # expect: TFP103
    return scores, gram
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: the transpose in one branch of an `if`, the matmul after it (either branch's "
                                "value may reach it; keras-cv-attention-models' channels_last attention)", code="""\
import tensorflow as tf

def attend(q, k, channels_last):
    if channels_last:
        k = tf.transpose(k, [0, 2, 1])  # expect: TFP103
    else:
        k = tf.reshape(k, [-1, 64, 16])
    return q @ k
"""),
)
MATMUL_INVALID += (
    Example(kind="source", note="source: the Keras backend's batch_dot of rank-3 operands without `axes` is a batched "
                                "matmul (tf.matmul inside) that takes no flag: advice", code="""\
import tensorflow as tf
from tensorflow.keras import backend as K

def attend(q, k, v):
    energy = K.batch_dot(tf.transpose(q, perm=(0, 2, 1)), k)  # expect: TFP103
    vt = tf.transpose(v, perm=(0, 2, 1))  # expect: TFP103
    return tf.keras.backend.batch_dot(energy, vt)
"""),
)
MATMUL_VALID = (
    Example(kind="source", note="source: a vector's transpose: the product v^T M v is reshaped to a scalar (here, "
                                "or elsewhere in the function for the same v), so v is a column [n, 1] and its "
                                "transpose moves only a size-1 axis", code="""\
import tensorflow as tf

def step(v, prod, rate):
    g = 2 * prod(v)
    objective = tf.reshape(tf.matmul(tf.transpose(v), g) / 2.0, shape=())
    g = g - v * tf.matmul(tf.transpose(v), g)
    curvature = tf.reshape(2 * tf.matmul(tf.transpose(g), prod(g)), [])
    v = v - rate * g
    return v, objective, curvature
"""),
    Example(kind="source", note="source: batch_dot with `axes` (it contracts the axes it is told, transposing by "
                                "itself), and of a rank-2 operand (its first axis is the batch)", code="""\
import tensorflow as tf
from tensorflow.keras import backend as K

def attend(q, k, rows):
    energy = K.batch_dot(tf.transpose(q, perm=(0, 2, 1)), k, axes=(2, 2))
    return energy, K.batch_dot(tf.transpose(rows), k)
"""),
    Example(kind="source", note="source: the transposed value is replaced in its own branch before the matmul reads "
                                "it (TFP101's site, not TFP103's)", code="""\
import tensorflow as tf

def attend(q, k, channels_last):
    if channels_last:
        k = tf.transpose(k, [0, 2, 1])
        k = tf.nn.relu(k)
    else:
        k = tf.reshape(k, [-1, 64, 16])
    return q @ k
"""),
    Example(kind="source", note="source: the flag already, and a transpose that is no last-two swap", code="""\
import tensorflow as tf

def scores(q, k, v):
    a = tf.matmul(q, k, transpose_b=True)
    return tf.matmul(a, tf.transpose(v, [1, 0, 2]))
"""),
    Example(note="the attribute form", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8, 64, 32], tf.float32),
                              tf.TensorSpec([2, 8, 64, 32], tf.float32)])
def model(q, k):
    return tf.matmul(q, k, transpose_b=True)
"""),
)

MATMUL_INVALID += (
    Example(note="a transpose feeding an einsum: relabel the einsum's operand instead", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 64, 32], tf.float32), tf.TensorSpec([2, 64, 32], tf.float32)])
def model(q, k):
    kt = tf.transpose(k, perm=(0, 2, 1))  # expect: TFP103
    return tf.einsum("bij,bjk->bik", q, kt)
"""),
)

MATMUL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: a matmul operand whose docstring states 64 x 64 entries: "
                                                  "a copy worth the flag (4x4 would be info: a launch, not data)",
            code='''\
import tensorflow as tf

def project(coords, matrix):
    """Project coordinates.

    Args:
        matrix: tensor with shape (64, 64).
    """
    return coords @ tf.transpose(matrix)  # expect: TFP103
'''),
)
MATMUL_INVALID += (
    Example(kind="source", target="gaudi2", note="source: a transpose that is an einsum operand: relabel it in the "
                                                  "equation (advice: the einsum's own layout is not priced here)",
            code="""\
import tensorflow as tf

class CrossMix(tf.keras.layers.Layer):
    def call(self, x):
        v = tf.einsum("ij,bjk->bik", tf.transpose(self.v), x)  # expect: TFP103
        return tf.einsum("bij,bkj->bik", x, tf.transpose(self.c, [0, 2, 1])) + v  # expect: TFP103
"""),
)
MATMUL_VALID += (
    Example(kind="source", target="gaudi2", note="source: an einsum whose equation is not a literal, and a transpose "
                                                  "of an einsum's result, not of an operand", code="""\
import tensorflow as tf

def mix(equation, w, x):
    y = tf.einsum(equation, tf.transpose(w, [1, 0, 2]), x)
    return y + tf.transpose(tf.einsum("bij,bjk->bik", w, x), [1, 0, 2])
"""),
)

# Keras 3's MultiHeadAttention scores: query [B, T, H, D] x key [B, S, H, D] -> [B, H, T, S]
_ATTENTION_SCORES = """\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 16, 4, 8], tf.float32), tf.TensorSpec([2, 16, 4, 8], tf.float32)])
def model(key, query):
    return tf.einsum("aecd,abcd->acbe", key, query){mark}
"""

EINSUM_INVALID = (
    Example(note="attention scores: on a CPU moving the heads axis copies both operands", target="cpu",
            code=_ATTENTION_SCORES.format(mark="  # expect: TFP104")),
    Example(note="a batch axis kept last: every operand and the output move their last axis", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([32, 16, 8], tf.float32), tf.TensorSpec([16, 24, 8], tf.float32)])
def model(a, b):
    return tf.einsum("ijb,jkb->ikb", a, b)  # expect: TFP104
"""),
)
EINSUM_VALID = (
    Example(note="attention scores on Gaudi: every implied transpose keeps the last axis (logical)", target="gaudi2",
            code=_ATTENTION_SCORES.format(mark="")),
    Example(note="a plain batched matmul written as an einsum", target="cpu", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 16, 8], tf.float32), tf.TensorSpec([4, 8, 24], tf.float32)])
def model(a, b):
    return tf.einsum("bij,bjk->bik", a, b)
"""),
)
