"""VALID / INVALID examples of TFP201."""

from tfperf.rules.base import Example

# a project's conv wrapper, its block and a factory (tf2cv's form): the wrapper's conv is "valid" unless
# force_same, and the factory's block hands it its input
_MADE_BLOCK = """\
import tensorflow as tf


def tf_padding(x, data_format):
    if data_format == "channels_first":
        paddings = [[0, 0], [0, 0], [1, 1], [1, 1]]
    else:
        paddings = [[0, 0], [1, 1], [1, 1], [0, 0]]
    return paddings


class Conv2d(tf.keras.layers.Layer):
    def __init__(self, filters, kernel_size, padding=0, force_same=False):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(filters, kernel_size, padding=("valid" if not force_same else "same"))

    def call(self, x):
        return self.conv(x)


class ConvBlock(tf.keras.layers.Layer):
    def __init__(self, filters, kernel_size, padding, force_same=False):
        super().__init__()
        self.conv = Conv2d(filters, kernel_size, padding=padding, force_same=force_same)
        self.activ = tf.keras.layers.ReLU()

    def call(self, x):
        return self.activ(self.conv(x))


def conv3x3_block(filters, padding=1, **kwargs):
    return ConvBlock(filters, 3, padding, **kwargs)
"""

# Source examples (kind="source"). Fixable ones define `model` and INPUT_SHAPE: the tests run the
# original and the fixed code on the same random input and compare.
_SOURCE_INVALID = (
    Example(kind="source", note="source: the guide's 'not recommended' example, through a variable", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 16, 16, 4)
filters = tf.random.stateless_normal([3, 3, 4, 8], seed=[1, 2])

def model(input_tensor):
    padded = tf.pad(input_tensor, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
    return tf.nn.conv2d(input=padded, filters=filters, strides=1, padding="VALID")
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 16, 16, 4)
filters = tf.random.stateless_normal([3, 3, 4, 8], seed=[1, 2])

def model(input_tensor):
    # expect: TFP201
    return tf.nn.conv2d(input=input_tensor, filters=filters, strides=1, padding="SAME")
"""),
    Example(kind="source", note="source: strided conv, input size unknown: explicit paddings", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 17, 17, 3)
w = tf.random.stateless_normal([7, 7, 3, 4], seed=[3, 4])

def model(x):
    x = tf.compat.v1.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])  # expect: TFP201
    x = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='VALID')
    return tf.nn.relu(x)
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 17, 17, 3)
w = tf.random.stateless_normal([7, 7, 3, 4], seed=[3, 4])

def model(x):
    # expect: TFP201
    x = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding=[[0, 0], [3, 3], [3, 3], [0, 0]])
    return tf.nn.relu(x)
"""),
    Example(kind="source", note="source: strided conv, input size known: SAME is exact", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 15, 15, 4)
w = tf.random.stateless_normal([3, 3, 4, 2], seed=[5, 6])

def model(x):
    x = tf.reshape(x, [2, 15, 15, 4])
    return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 2, "VALID")  # expect: TFP201
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 15, 15, 4)
w = tf.random.stateless_normal([3, 3, 4, 2], seed=[5, 6])

def model(x):
    x = tf.reshape(x, [2, 15, 15, 4])
    return tf.nn.conv2d(x, w, 2, "SAME")  # expect: TFP201
"""),
    Example(kind="source", note="source: max pool of a ReLU (never negative) folds; the padded value is kept for its other reader",
            code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 9, 9, 3)

def model(x):
    r = tf.nn.relu(x)
    p = tf.pad(r, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
    y = tf.nn.max_pool2d(p, 3, 2, "VALID")
    return tf.reduce_mean(y) + tf.reduce_mean(p)
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 9, 9, 3)

def model(x):
    r = tf.nn.relu(x)
    p = tf.pad(r, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
    y = tf.nn.max_pool2d(r, 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return tf.reduce_mean(y) + tf.reduce_mean(p)
"""),
    Example(kind="source", note="source: max pool after a local response normalization of a ReLU (lrn keeps the sign)",
            code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 9, 9, 3)

def model(x):
    n = tf.nn.lrn(tf.nn.relu(x), alpha=1e-4, beta=0.75)
    return tf.nn.max_pool2d(tf.pad(n, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, "VALID")  # expect: TFP201
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 9, 9, 3)

def model(x):
    n = tf.nn.lrn(tf.nn.relu(x), alpha=1e-4, beta=0.75)
    return tf.nn.max_pool2d(n, 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
"""),
    Example(kind="source", note="source: max pool of a possibly negative input: reported, not fixed", code="""\
import tensorflow as tf

def model(x):
    return tf.nn.max_pool2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, "VALID")  # expect: TFP201
"""),
    Example(kind="source", note="source: depthwise conv", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 8, 8, 3)
dw = tf.random.stateless_normal([5, 5, 3, 1], seed=[7, 8])

def model(x):
    p = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]])  # expect: TFP201
    return tf.nn.depthwise_conv2d(p, dw, strides=[1, 1, 1, 1], padding="VALID")
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 8, 8, 3)
dw = tf.random.stateless_normal([5, 5, 3, 1], seed=[7, 8])

def model(x):
    # expect: TFP201
    return tf.nn.depthwise_conv2d(x, dw, strides=[1, 1, 1, 1], padding="SAME")
"""),
    Example(kind="source", note="source: Keras Sequential list", code="""\
import keras

INPUT_SHAPE = (2, 12, 12, 3)
model = keras.Sequential([
    keras.layers.ZeroPadding2D(1),  # expect: TFP201
    keras.layers.Conv2D(4, 3, padding="valid"),
    keras.layers.ReLU(),
])
""", expected="""\
import keras

INPUT_SHAPE = (2, 12, 12, 3)
model = keras.Sequential([
    keras.layers.Conv2D(4, 3, padding="same"),
    keras.layers.ReLU(),
])
"""),
    Example(kind="source", note="source: Keras functional chain (Conv2D's default padding is 'valid')", code="""\
from tensorflow import keras
from tensorflow.keras import layers

INPUT_SHAPE = (2, 10, 10, 3)
inputs = keras.Input((10, 10, 3))
x = layers.ZeroPadding2D(padding=(2, 2))(inputs)  # expect: TFP201
x = layers.Conv2D(4, 5)(x)
model = keras.Model(inputs, x)
""", expected="""\
from tensorflow import keras
from tensorflow.keras import layers

INPUT_SHAPE = (2, 10, 10, 3)
inputs = keras.Input((10, 10, 3))
# expect: TFP201
x = layers.Conv2D(4, 5, padding="same")(inputs)
model = keras.Model(inputs, x)
"""),
    Example(kind="source", note="source: Keras model.add sequence", code="""\
import keras

INPUT_SHAPE = (2, 6, 6, 2)
model = keras.Sequential()
model.add(keras.layers.ZeroPadding2D((1, 1)))  # expect: TFP201
model.add(keras.layers.Conv2D(3, (3, 3)))
""", expected="""\
import keras

INPUT_SHAPE = (2, 6, 6, 2)
model = keras.Sequential()
# expect: TFP201
model.add(keras.layers.Conv2D(3, (3, 3), padding="same"))
"""),
    Example(kind="source", note="source: a Sequential's first layer: the pad carries the input shape, advice only",
            code="""\
import keras

model = keras.Sequential()
model.add(keras.layers.ZeroPadding2D((1, 1), input_shape=(224, 224, 3)))  # expect: TFP201
model.add(keras.layers.Conv2D(64, (3, 3), activation="relu"))
"""),
    Example(kind="source", note="source: ResNet's stem: Keras has no explicit paddings, SAME differs: advice only",
            code="""\
import keras

inputs = keras.Input((64, 64, 3))
x = keras.layers.ZeroPadding2D(3)(inputs)  # expect: TFP201
x = keras.layers.Conv2D(8, 7, strides=2)(x)
"""),
    Example(kind="source", note="source: 1-D: tf.pad before tf.nn.conv1d, stride 1: SAME is exact", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 20, 3)
filters_1d = tf.random.stateless_normal([5, 3, 4], seed=[7, 8])

def model(x):
    x = tf.pad(x, [[0, 0], [2, 2], [0, 0]])  # expect: TFP201
    return tf.nn.conv1d(x, filters_1d, stride=1, padding="VALID")
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 20, 3)
filters_1d = tf.random.stateless_normal([5, 3, 4], seed=[7, 8])

def model(x):
    # expect: TFP201
    return tf.nn.conv1d(x, filters_1d, stride=1, padding="SAME")
"""),
    Example(kind="source", note="source: 3-D: tf.pad before tf.nn.conv3d, stride 1: SAME is exact", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 6, 7, 5, 2)
filters_3d = tf.random.stateless_normal([3, 3, 3, 2, 4], seed=[9, 10])

def model(x):
    return tf.nn.conv3d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]]), filters_3d, [1, 1, 1, 1, 1], "VALID")  # expect: TFP201
""", expected="""\
import tensorflow as tf

INPUT_SHAPE = (2, 6, 7, 5, 2)
filters_3d = tf.random.stateless_normal([3, 3, 3, 2, 4], seed=[9, 10])

def model(x):
    return tf.nn.conv3d(x, filters_3d, [1, 1, 1, 1, 1], "SAME")  # expect: TFP201
"""),
    Example(kind="source", note="source: Keras ZeroPadding3D before a VALID Conv3D, stride 1, odd kernel", code="""\
import keras

INPUT_SHAPE = (2, 6, 6, 6, 2)
inputs = keras.Input((6, 6, 6, 2))
x = keras.layers.ZeroPadding3D((1, 2, 1))(inputs)  # expect: TFP201
x = keras.layers.Conv3D(3, (3, 5, 3))(x)
model = keras.Model(inputs, x)
""", expected="""\
import keras

INPUT_SHAPE = (2, 6, 6, 6, 2)
inputs = keras.Input((6, 6, 6, 2))
# expect: TFP201
x = keras.layers.Conv3D(3, (3, 5, 3), padding="same")(inputs)
model = keras.Model(inputs, x)
"""),
    Example(kind="source", note="source: Keras ZeroPadding1D before a VALID Conv1D (a pair is before, after)", code="""\
import keras

INPUT_SHAPE = (2, 16, 3)
model = keras.Sequential([
    keras.layers.ZeroPadding1D((1, 1)),  # expect: TFP201
    keras.layers.Conv1D(4, 3, padding="valid"),
])
""", expected="""\
import keras

INPUT_SHAPE = (2, 16, 3)
model = keras.Sequential([
    keras.layers.Conv1D(4, 3, padding="same"),
])
"""),
    Example(kind="source", note="source: ZeroPadding3D() (1 each side) before a kernel-4 Conv3D: not SAME, advice",
            code="""\
from tensorflow.keras import layers

def discriminator_head(x, kernel_size=4):
    x = layers.ZeroPadding3D()(x)  # expect: TFP201
    return layers.Conv3D(1, kernel_size, strides=1, padding="valid")(x)
"""),
    Example(kind="source", note="source: a pad helper whose paddings another function computes, before a "
            "compat.v1 layers conv built by a helper", code="""\
import tensorflow.compat.v1 as tf

def _padding_arg(h, w, input_format):
    if input_format == "NHWC":
        return [[0, 0], [h, h], [w, w], [0, 0]]
    elif input_format == "HWC":
        return [[h, h], [w, w], [0, 0]]
    raise ValueError(input_format)

def pad(x, size):
    return tf.pad(x, _padding_arg(size, size, "NHWC"))  # expect: TFP201

def _conv2d(inputs, filters, kernel_size, stride):
    return tf.layers.conv2d(inputs, filters, kernel_size, strides=stride, padding="VALID")

def down(x):
    x = pad(x, 1)
    return _conv2d(inputs=x, filters=8, kernel_size=4, stride=2)
"""),
    Example(kind="source", note="source: a pad before a grouped conv a project factory returns as a closure "
            "(each group a channel slice, a VALID conv as long as the factory's padding keeps its default): advice",
            code="""\
import tensorflow as tf


def group_conv(filters, kernel_size, groups=4, padding="valid"):
    def layer(inputs):
        parts = []
        for g in range(groups):
            x = tf.keras.layers.Lambda(lambda t, g=g: t[..., g * 8:(g + 1) * 8])(inputs)
            parts.append(tf.keras.layers.Conv2D(filters // groups, kernel_size, padding=padding)(x))
        return tf.keras.layers.Concatenate()(parts)
    return layer


def block(x):
    x = tf.keras.layers.ZeroPadding2D(1)(x)  # expect: TFP201
    return group_conv(32, 3)(x)
"""),
    Example(kind="source", note="source: a computed border pad before conv1d in a layer method: advice", code="""\
import tensorflow as tf

class Filter(tf.keras.layers.Layer):
    def __init__(self, taps):
        super().__init__()
        self.taps = taps

    @tf.function
    def call(self, x, w):
        x = tf.pad(x, [[0, 0], [self.taps // 2, self.taps // 2], [0, 0]])  # expect: TFP201
        return tf.nn.conv1d(x, w, stride=1, padding="VALID")
"""),
    Example(kind="source", note="source: a computed pad of the last axis (NCW), transposed into the time axis of "
            "a strided VALID conv1d (NWC): advice", code="""\
import tensorflow as tf

def downsample(x, kernel, n):
    k = kernel.shape[-1]
    paddings = [[0, 0], [0, 0], [(k - 1) // 2, (k - 1) // 2]]
    padded = tf.pad(x, paddings)  # expect: TFP201
    padded_nwc = tf.transpose(padded, [0, 2, 1])
    return tf.nn.conv1d(padded_nwc, kernel[:, None, None], padding="VALID", stride=n)
"""),
    Example(kind="source", note="source: a causal time pad, reshaped to [batch, 1, time, channels] for a VALID "
            "conv2d under `'VALID' if causal else 'SAME'`: advice", code="""\
import tensorflow.compat.v1 as tf

def causal_conv1d(x, num_filters, filter_length, causal=True):
    batch_size, length, channels = x.get_shape().as_list()
    padding = 'VALID' if causal else 'SAME'
    w = tf.get_variable('w', shape=[1, filter_length, channels, num_filters])
    if filter_length > 1 and causal:
        x = tf.pad(x, [[0, 0], [filter_length - 1, 0], [0, 0]])  # expect: TFP201
    shape = x.get_shape().as_list()
    x_4d = tf.reshape(x, [shape[0], 1, shape[1], channels])
    return tf.nn.conv2d(x_4d, w, [1, 1, 1, 1], padding=padding)
"""),
    Example(kind="source", note="source: a zero pad (`[0] * 2` pairs) before a local helper that forwards to a "
            "builder whose nested function makes the VALID conv: advice", code="""\
import tensorflow.compat.v1 as tf

def custom_conv2d(x, filters, kernel_size, padding='SAME'):
    def _apply_kernel(shape):
        return tf.layers.conv2d(x, filters=filters, kernel_size=shape, padding=padding)
    return 2.0 * _apply_kernel(kernel_size)

def generator(z, start_h, start_w, n):
    def _conv2d(x, kernel_size, filters, padding='SAME'):
        return custom_conv2d(x=x, filters=filters, kernel_size=kernel_size, padding=padding)

    x = tf.expand_dims(tf.expand_dims(z, 1), 1)
    x = tf.pad(x, [[0] * 2, [start_h - 1] * 2, [start_w - 1] * 2, [0] * 2])  # expect: TFP201
    x = _conv2d(x, (start_h, start_w), n, 'VALID')
    return _conv2d(x, 3, n)
"""),
    Example(kind="source", note="source: a zero pad, then an activation that keeps zeros (relu(0) == 0, maybe "
            "skipped), then the VALID depthwise conv its branch chose: advice", code="""\
import tensorflow as tf
from tensorflow.keras.layers import Activation, DepthwiseConv2D, ZeroPadding2D

def sep_conv(x, stride=1, kernel_size=3, rate=1, depth_activation=False):
    if stride == 1:
        depth_padding = 'same'
    else:
        kernel_size_effective = kernel_size + (kernel_size - 1) * (rate - 1)
        pad_total = kernel_size_effective - 1
        x = ZeroPadding2D((pad_total // 2, pad_total - pad_total // 2))(x)  # expect: TFP201
        depth_padding = 'valid'
    if not depth_activation:
        x = Activation(tf.nn.relu)(x)
    return DepthwiseConv2D((kernel_size, kernel_size), strides=(stride, stride), padding=depth_padding)(x)

def pre_activation(x, w):
    x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
    return tf.nn.conv2d(tf.nn.relu6(x), w, strides=2, padding="VALID")
"""),
    Example(kind="source", note="source: a pad whose size the callers decide: one call takes the strided branch "
            "with a 3x3 kernel (the message says who passes what)", code="""\
from tensorflow.keras.layers import Conv2D, ZeroPadding2D

def _conv2d_same(x, filters, stride=1, kernel_size=3):
    if stride == 1:
        return Conv2D(filters, kernel_size, padding='same')(x)
    pad_total = kernel_size - 1
    x = ZeroPadding2D((pad_total // 2, pad_total - pad_total // 2))(x)  # expect: TFP201
    return Conv2D(filters, kernel_size, strides=stride, padding='valid')(x)

def stem(x):
    x = _conv2d_same(x, 32, kernel_size=1, stride=2)
    return _conv2d_same(x, 64, kernel_size=3, stride=2)
"""),
    Example(kind="source", note="source: a conv subclass that pads itself: its pad layer built under a flag of "
            "its constructor, the conv made VALID for it, `super().call` after the pad; a caller passes the flag",
            code="""\
import tensorflow as tf

class PadConv2D(tf.keras.layers.Conv2D):
    def __init__(self, filters, kernel_size, torch_padding=False, padding="same", **kwargs):
        super().__init__(filters, kernel_size, padding="valid" if torch_padding else padding, **kwargs)
        self.pad = tf.keras.layers.ZeroPadding2D(kernel_size // 2) if torch_padding else None  # expect: TFP201

    def call(self, x):
        if self.pad is not None:
            x = self.pad(x)
        return super().call(x)

def stem(x):
    return PadConv2D(32, 3, torch_padding=True)(x)
"""),
    Example(kind="source", note="source: a pad layer held on self, built in both branches of an if, before the "
            "conv built on the same path (a Sequential that starts with a VALID conv, or a Conv2D)", code="""\
import tensorflow as tf

class Stem(tf.keras.layers.Layer):
    def __init__(self, deep=False):
        super().__init__()
        if deep:
            self.pad = tf.keras.layers.ZeroPadding2D(1)  # expect: TFP201
            conv = tf.keras.layers.Conv2D(32, 3, strides=2)
            self.conv = tf.keras.Sequential([conv, tf.keras.layers.ReLU()])
        else:
            self.pad = tf.keras.layers.ZeroPadding2D(3)  # expect: TFP201
            self.conv = tf.keras.layers.Conv2D(64, 7, strides=2)

    def call(self, x):
        return self.conv(self.pad(x))
"""),
    Example(kind="source", note="source: layers built into names, then listed in a Sequential: a pad before a "
            "VALID conv, and one after a ReLU before a max pool (non-negative input): advice", code="""\
import tensorflow as tf

def stem_pool(width):
    pad = tf.keras.layers.ZeroPadding2D(padding=1)  # expect: TFP201
    conv = tf.keras.layers.Conv2D(width, 3, strides=2, use_bias=False)
    act = tf.keras.layers.ReLU()
    pool_pad = tf.keras.layers.ZeroPadding2D(padding=1)  # expect: TFP201
    pool = tf.keras.layers.MaxPool2D(pool_size=3, strides=2)
    return tf.keras.Sequential([pad, conv, act, pool_pad, pool])
"""),
    Example(kind="source", note="source: a layer library's pad and conv (TensorLayer 2: ZeroPad2d, then Conv2d "
            "'VALID' on the pad's path)", code="""\
from tensorlayer.layers import Conv2d, ZeroPad2d

def downsample(x, filters, down=True):
    if down:
        x = ZeroPad2d(((1, 0), (1, 0)))(x)  # expect: TFP201
        padding, strides = 'VALID', 2
    else:
        padding, strides = 'SAME', 1
    return Conv2d(n_filter=filters, filter_size=(3, 3), strides=(strides, strides), padding=padding)(x)
"""),
    Example(kind="source", note="source: a tf.pad before a Sonnet conv with padding='VALID'", code="""\
import sonnet as snt
import tensorflow as tf

class Encoder(snt.Module):
    def __init__(self):
        super().__init__()
        self.conv = snt.Conv2D(32, 4, stride=2, padding="VALID")

    def __call__(self, x):
        return self.conv(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))  # expect: TFP201
"""),
    Example(kind="source", note="source: a helper that pads under its flag and builds the conv with its padding "
                                "parameter, called with both: the callers choose VALID with the pad", code="""\
import tensorflow as tf

def conv_bn(inputs, filters, kernel_size, strides, padding="same", zero_pad=False):
    if zero_pad:
        inputs = tf.keras.layers.ZeroPadding2D(((1, 0), (1, 0)))(inputs)  # expect: TFP201
    x = tf.keras.layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=False)(inputs)
    return tf.keras.layers.BatchNormalization()(x)

def backbone(x):
    x = conv_bn(x, 32, 3, 1)
    return conv_bn(x, 64, 3, 2, zero_pad=True, padding="valid")
"""),
    Example(kind="source", note="source: a TF-'same' pad before a block a project factory builds, whose own conv "
            "is 'valid' unless force_same (the block's call hands its input to it)", code=_MADE_BLOCK + """
class Unit(tf.keras.layers.Layer):
    def __init__(self, tf_mode):
        super().__init__()
        self.tf_mode = tf_mode
        block_fn = conv3x3_block if tf_mode else None
        self.conv = block_fn(8, padding=(0 if tf_mode else 1))

    def call(self, x):
        if self.tf_mode:
            x = tf.pad(x, paddings=tf_padding(x, "channels_last"))  # expect: TFP201
        return self.conv(x)
"""),
    Example(kind="source", note="source: a Keras layers module handed in at run time (keras_applications' "
                                "`layers = None`, rebound through `global`), convs given their padding by "
                                "`**conv_params` from a function returning a literal dict", code="""\
from keras_applications import get_submodules_from_kwargs

backend = None
layers = None


def get_conv_params(**params):
    default_conv_params = {"kernel_initializer": "he_uniform", "padding": "valid"}
    default_conv_params.update(params)
    return default_conv_params


def stem(x):
    conv_params = get_conv_params()
    x = layers.ZeroPadding2D(padding=(3, 3))(x)  # expect: TFP201
    return layers.Conv2D(64, (7, 7), strides=(2, 2), **conv_params)(x)


def ResNet(input_shape, **kwargs):
    global backend, layers
    backend, layers, models, utils = get_submodules_from_kwargs(kwargs)
    return stem(layers.Input(shape=input_shape))
"""),
    Example(kind="source", note="source: a padding Lambda appended to a list of layers the model applies in order, "
            "before the VALID conv added next; a slim conv through a local name, VALID by its arg_scope: advice",
            code="""\
import tensorflow as tf
slim = tf.contrib.slim


def fixed_padding(inputs, kernel_size):
    pad_beg = (kernel_size - 1) // 2
    pad_end = kernel_size - 1 - pad_beg
    return tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])  # expect: TFP201


class Extra(tf.keras.Model):
    def __init__(self, use_explicit_padding=False):
        super().__init__()
        padding = 'VALID' if use_explicit_padding else 'SAME'
        self.net = []
        if use_explicit_padding:
            self.net.append(tf.keras.layers.Lambda(lambda x: fixed_padding(x, 3)))
        self.net.append(tf.keras.layers.Conv2D(64, 3, strides=2, padding=padding))

    def call(self, x):
        for layer in self.net:
            x = layer(x)
        return x


def top_down(x, use_explicit_padding):
    padding = 'VALID' if use_explicit_padding else 'SAME'
    with slim.arg_scope([slim.conv2d], padding=padding):
        conv_op = slim.conv2d
        if use_explicit_padding:
            x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
        return conv_op(x, 64, [3, 3])
"""),
    Example(kind="source", note="source: a pad before a project subclass of a 3-D Keras conv, VALID on the pad's "
            "path (the path's test a disjunction: stride == 1 fails under each case): advice", code="""\
import tensorflow as tf
from tensorflow.keras import layers


class DepthwiseConv3D(layers.Conv3D):
    def __init__(self, kernel_size, strides=(1, 1, 1), padding="valid", **kwargs):
        super().__init__(1, kernel_size, strides=strides, padding=padding, **kwargs)


def block(x, stride):
    if stride == 2 or stride == (2, 2, 2):
        x = layers.ZeroPadding3D(((0, 1), (0, 1), (0, 1)))(x)  # expect: TFP201
    return DepthwiseConv3D(3, strides=stride, padding="same" if stride == 1 else "valid")(x)
"""),
    Example(kind="source", note="source: a pad under an even stride (`stride % 2 == 0`), then a depthwise conv whose "
            "padding a local name chooses by `stride == 1`: VALID on the pad's path (an even stride is not 1): advice",
            code="""\
from tensorflow.keras import layers


def inverted_residual(x, stride):
    if stride % 2 == 0:
        x = layers.ZeroPadding2D(padding=((0, 1), (0, 1)))(x)  # expect: TFP201
    padding_type = "same" if stride == 1 else "valid"
    return layers.DepthwiseConv2D(3, strides=stride, padding=padding_type, use_bias=False)(x)
"""),
    Example(kind="source", note="source: a Sequential subclass adding a downsampling pad to itself under a flag, then "
            "a conv VALID on that path; a helper adding the same to the model it is handed: advice", code="""\
from tensorflow.keras import Sequential
from tensorflow.keras.layers import BatchNormalization, Conv2D, ZeroPadding2D


class ConvBlock(Sequential):
    def __init__(self, filters, downsample=False):
        super().__init__()
        if downsample:
            self.add(ZeroPadding2D(((1, 0), (1, 0))))  # expect: TFP201
        self.add(Conv2D(filters, 3, strides=2 if downsample else 1, padding="valid" if downsample else "same"))
        self.add(BatchNormalization())


def add_conv(model, filters, downsample=False):
    if downsample:
        model.add(ZeroPadding2D(((1, 0), (1, 0))))  # expect: TFP201
    model.add(Conv2D(filters, 3, strides=2 if downsample else 1, padding="valid" if downsample else "same"))
"""),
    Example(kind="source", note="source: a pad before a helper whose conv's padding a flag the call passes picks, and "
            "before factories and helpers that hand the call's arguments on to another that builds the conv: advice",
            code="""\
from tensorflow.keras.layers import BatchNormalization, Conv2D, ZeroPadding2D


def downsample(x, filters, with_padding=True):
    return Conv2D(filters, 3, strides=2, padding="same" if with_padding else "valid")(x)


def conv_2d(filters, kernel_size, strides=(1, 1)):
    return Conv2D(filters, kernel_size, strides=strides, padding="valid" if strides == (2, 2) else "same")


def conv_block(filters, kernel_size, strides=(1, 1)):
    return conv_2d(filters, kernel_size, strides=strides)


def apply_conv(x, filters, strides=(1, 1)):
    return Conv2D(filters, 3, strides=strides, padding="valid" if strides == (2, 2) else "same")(x)


def conv_bn(x, filters, strides=(1, 1)):
    x = apply_conv(x, filters, strides=strides)
    return BatchNormalization()(x)


def net(x, filters):
    x = ZeroPadding2D()(x)  # expect: TFP201
    x = downsample(x, filters, with_padding=False)
    x = ZeroPadding2D(((1, 0), (1, 0)))(x)  # expect: TFP201
    x = conv_block(filters, 3, strides=(2, 2))(x)
    x = ZeroPadding2D(((1, 0), (1, 0)))(x)  # expect: TFP201
    return conv_bn(x, filters, strides=(2, 2))
"""),
    Example(kind="source", note="source: a conv a project weight-normalization wrapper wraps only on some paths, "
            "applied where it is built and returned by a method of the class (set 64's flowket)", code="""\
import tensorflow as tf
from tensorflow.keras.layers import Conv1D, Conv2D, ZeroPadding1D, ZeroPadding2D


class WeightNorm(tf.keras.layers.Wrapper):
    def call(self, inputs):
        return self.layer(inputs)


def causal_conv_1d(x, filters, kernel_size, normalize):
    x = ZeroPadding1D(padding=(kernel_size - 1, 0))(x)  # expect: TFP201
    conv = Conv1D(filters, kernel_size)
    if normalize:
        conv = WeightNorm(conv)
    return conv(x)


class Stack:
    def __init__(self, normalize):
        self.normalize = normalize

    def _conv2d(self, filters, kernel_size):
        conv = Conv2D(filters, kernel_size)
        if self.normalize:
            conv = WeightNorm(conv)
        return conv

    def vertical(self, x, k):
        x = ZeroPadding2D(padding=((k - 1, 0), (k // 2, k // 2)))(x)  # expect: TFP201
        return self._conv2d(16, k)(x)
"""),
    Example(kind="source", note="source: a nested helper pads by a NumPy array of paddings (a text matcher's "
            "\"wide convolution\", easytransfer)", code="""\
import numpy as np
import tensorflow as tf


def wide_convolution(x, filter_size=5, num_filters=128):
    def pad_for_wide_conv(x, w):
        return tf.pad(x, np.array([[0, 0], [0, 0], [w - 1, w - 1], [0, 0]]), "CONSTANT")  # expect: TFP201

    padded_x = pad_for_wide_conv(x, filter_size)
    return tf.keras.layers.Conv2D(num_filters, (100, filter_size), padding="valid")(padded_x)
"""),
)
_SOURCE_VALID = (
    Example(kind="source", note="source: pad layers of sizes not known here before a conv of another rank: no border "
            "of its input", code="""\
from tensorflow.keras import layers


def block(x, p):
    x = layers.ZeroPadding3D(padding=p)(x)
    x = layers.Conv2D(8, 3)(x)
    y = layers.ZeroPadding2D(padding=p)(x)
    return layers.Conv3D(8, 3)(y)
"""),
    Example(kind="source", note="source: the same helpers and Sequential subclass where the call keeps the SAME path, "
            "and a pad added to a class that defines its own `add`", code="""\
from tensorflow.keras import Sequential
from tensorflow.keras.layers import BatchNormalization, Conv2D, ZeroPadding2D


class ConvBlock(Sequential):
    def __init__(self, filters, downsample=False):
        super().__init__()
        if downsample:
            self.add(ZeroPadding2D(((1, 0), (1, 0))))
        self.add(Conv2D(filters, 3, padding="same"))


class Stack(Sequential):
    def add(self, layer):
        super().add(layer)

    def __init__(self, filters):
        super().__init__()
        self.add(ZeroPadding2D(1))
        if filters:
            self.add(Conv2D(filters, 3, strides=2))


def downsample(x, filters, with_padding=True):
    return Conv2D(filters, 3, strides=2, padding="same" if with_padding else "valid")(x)


def conv_2d(filters, kernel_size, strides=(1, 1)):
    return Conv2D(filters, kernel_size, strides=strides, padding="valid" if strides == (2, 2) else "same")


def conv_block(filters, kernel_size, strides=(1, 1)):
    return conv_2d(filters, kernel_size, strides=strides)


def apply_conv(x, filters, strides=(1, 1)):
    return Conv2D(filters, 3, strides=strides, padding="valid" if strides == (2, 2) else "same")(x)


def conv_bn(x, filters, strides=(1, 1)):
    x = apply_conv(x, filters, strides=strides)
    return BatchNormalization()(x)


def net(x, filters, s):
    x = ZeroPadding2D()(x)
    x = downsample(x, filters, with_padding=True)
    x = ZeroPadding2D(((1, 0), (1, 0)))(x)
    x = conv_block(filters, 3)(x)
    x = ZeroPadding2D(((1, 0), (1, 0)))(x)
    x = conv_block(filters, 3, strides=s)(x)
    x = ZeroPadding2D(((1, 0), (1, 0)))(x)
    return conv_bn(x, filters)
"""),
    Example(kind="source", note="source: a pad before a closure factory's conv asked for padding='same', and before "
            "one whose closure slices a spatial axis", code="""\
import tensorflow as tf


def conv_unit(filters, padding="valid"):
    def layer(inputs):
        return tf.keras.layers.Conv2D(filters, 3, padding=padding)(inputs)
    return layer


def cropped_unit(filters):
    def layer(inputs):
        x = tf.keras.layers.Lambda(lambda t: t[:, 1:, :, :])(inputs)
        return tf.keras.layers.Conv2D(filters, 3)(x)
    return layer


def block(x):
    x = tf.keras.layers.ZeroPadding2D(1)(x)
    x = conv_unit(32, padding="same")(x)
    y = tf.keras.layers.ZeroPadding2D(1)(x)
    return cropped_unit(32)(y)
"""),
    Example(kind="source", note="source: a pad before a project subclass of a 3-D Keras conv that is SAME on the "
            "pad's path; a pad on the path a disjunction does not decide", code="""\
import tensorflow as tf
from tensorflow.keras import layers


class DepthwiseConv3D(layers.Conv3D):
    def __init__(self, kernel_size, strides=(1, 1, 1), padding="valid", **kwargs):
        super().__init__(1, kernel_size, strides=strides, padding=padding, **kwargs)


def block(x, stride, large):
    if stride == 2 or large:
        x = layers.ZeroPadding3D(((0, 1), (0, 1), (0, 1)))(x)
    return DepthwiseConv3D(3, strides=stride, padding="same" if stride == 1 else "valid")(x)


def same_block(x):
    x = layers.ZeroPadding3D(1)(x)
    return DepthwiseConv3D(3, padding="same")(x)
"""),
    Example(kind="source", note="source: the guide's recommended form", code="""\
import tensorflow as tf

input_tensor = tf.compat.v1.placeholder(shape=[16, 128, 128, 16], dtype=tf.float32, name="input")
filters = tf.compat.v1.placeholder(shape=[3, 3, 16, 8], dtype=tf.float32)
out = tf.nn.conv2d(input=input_tensor, filters=filters, strides=1, padding="SAME")
"""),
    Example(kind="source", note="source: a pad feeding a dense layer", code="""\
import tensorflow as tf
from tensorflow.keras import layers

def head(x, w):
    y = tf.matmul(tf.pad(x, [[0, 0], [1, 1]]), w)
    return layers.Dense(10)(layers.ZeroPadding2D(1)(y))
"""),
    Example(kind="source", note="source: reflect padding and channel padding are not a conv's border", code="""\
import tensorflow as tf

def f(x, w):
    a = tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT"), w, 1, "VALID")
    return tf.nn.conv2d(tf.pad(a, [[0, 0], [0, 0], [0, 0], [1, 1]]), w, 1, "VALID")
"""),
    Example(kind="source", note="source: a pad before a SAME conv is extra padding on purpose", code="""\
import keras

model = keras.Sequential([keras.layers.ZeroPadding2D(1), keras.layers.Conv2D(4, 3, padding="same")])
"""),
    Example(kind="source", note="source: 1-D and 3-D look-alikes: reflect, non-zero, channel pads, SAME convs",
            code="""\
import tensorflow as tf
from tensorflow.keras import layers

def f(x, v, w1, w3, c):
    a = tf.nn.conv1d(tf.pad(x, [[0, 0], [2, 2], [0, 0]], mode="REFLECT"), w1, 1, "VALID")
    b = tf.nn.conv1d(tf.pad(a, [[0, 0], [2, 2], [0, 0]], constant_values=1.0), w1, 1, "VALID")
    d = tf.nn.conv1d(tf.pad(b, [[0, 0], [0, 0], [c, c]]), w1, 1, "VALID")
    e = tf.nn.conv3d(tf.pad(v, [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]]), w3, [1, 1, 1, 1, 1], "SAME")
    g = layers.Conv3D(4, 3, padding="same")(layers.ZeroPadding3D(1)(e))
    return d, g, layers.Conv1D(4, 3, padding="causal")(layers.ZeroPadding1D(1)(x))
"""),
    Example(kind="source", note="source: a paddings function whose border branch this call does not take "
            "(it pads the batch), before a VALID conv", code="""\
import tensorflow.compat.v1 as tf

def _padding_arg(c, axis):
    if axis == "spatial":
        return [[0, 0], [c, c], [c, c], [0, 0]]
    return [[c, c], [0, 0], [0, 0], [0, 0]]

def widen(x, c):
    return tf.pad(x, _padding_arg(c, "batch"))

def block(x):
    return tf.layers.conv2d(widen(x, 2), 8, 3, padding="VALID")
"""),
    Example(kind="source", note="source: layout changes that leave a pad off the conv's border: a channel pad "
            "(NCW) transposed to NWC's channels, a reshape that merges axes, a conv SAME on the causal pad's path, "
            "a builder's closure whose padding the builder rebinds", code="""\
import tensorflow.compat.v1 as tf

def channels(x, kernel, c):
    padded = tf.pad(x, [[0, 0], [c, c], [0, 0]])
    return tf.nn.conv1d(tf.transpose(padded, [0, 2, 1]), kernel, padding="VALID", stride=1)

def merged(x, w, p):
    x = tf.pad(x, [[0, 0], [p, 0], [0, 0]])
    shape = x.get_shape().as_list()
    return tf.nn.conv2d(tf.reshape(x, [shape[0], shape[1] * shape[2], 1, 1]), w, 1, padding="VALID")

def same_on_the_pads_path(x, w, filter_length, causal=True):
    padding = 'SAME' if causal else 'VALID'
    if filter_length > 1 and causal:
        x = tf.pad(x, [[0, 0], [filter_length - 1, 0], [0, 0]])
    shape = x.get_shape().as_list()
    return tf.nn.conv2d(tf.reshape(x, [shape[0], 1, shape[1], shape[2]]), w, 1, padding=padding)

def same_builder(x, filters, padding='SAME'):
    padding = 'SAME'
    def _apply_kernel():
        return tf.layers.conv2d(x, filters, 3, padding=padding)
    return _apply_kernel()

def stem(x, n):
    return same_builder(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), n, 'VALID')
"""),
    Example(kind="source", note="source: an activation that does not keep zeros (sigmoid(0) == 0.5) between the "
            "pad and the VALID conv, a ReLU with a threshold, and a pad of nothing", code="""\
from tensorflow.keras import layers

def gated(x):
    x = layers.ZeroPadding2D(1)(x)
    x = layers.Activation("sigmoid")(x)
    return layers.Conv2D(8, 3)(x)

def thresholded(x):
    x = layers.ZeroPadding2D(1)(x)
    x = layers.ReLU(threshold=0.5, negative_slope=0.1)(x)
    return layers.Conv2D(8, 3)(x)

def no_pad(x):
    x = layers.ZeroPadding2D((0, 0))(x)
    return layers.Conv2D(8, 3)(x)
"""),
    Example(kind="source", note="source: a pad whose size the callers make zero on its path: only 1x1 convs "
            "take the strided branch (kernel_size=1), the 3x3 call has stride=1", code="""\
from tensorflow.keras.layers import Conv2D, ZeroPadding2D

def _conv2d_same(x, filters, stride=1, kernel_size=3, rate=1):
    if stride == 1:
        return Conv2D(filters, kernel_size, padding='same', dilation_rate=rate)(x)
    kernel_size_effective = kernel_size + (kernel_size - 1) * (rate - 1)
    pad_total = kernel_size_effective - 1
    x = ZeroPadding2D((pad_total // 2, pad_total - pad_total // 2))(x)
    return Conv2D(filters, kernel_size, strides=stride, padding='valid', dilation_rate=rate)(x)

def block(x, stride):
    shortcut = _conv2d_same(x, 64, kernel_size=1, stride=stride)
    return _conv2d_same(x, 64, kernel_size=3, stride=1) + shortcut
"""),
    Example(kind="source", note="source: a conv subclass whose pad layer every call leaves unbuilt (the flag's "
            "default and every caller's value are False)", code="""\
import tensorflow as tf

class PadConv2D(tf.keras.layers.Conv2D):
    def __init__(self, filters, kernel_size, torch_padding=False, padding="same", **kwargs):
        super().__init__(filters, kernel_size, padding="valid" if torch_padding else padding, **kwargs)
        self.pad = tf.keras.layers.ZeroPadding2D(kernel_size // 2) if torch_padding else None

    def call(self, x):
        if self.pad is not None:
            x = self.pad(x)
        return super().call(x)

def stem(x):
    return PadConv2D(32, 3, torch_padding=False)(PadConv2D(16, 3)(x))
"""),
    Example(kind="source", note="source: a pad layer held on self in one branch whose conv is SAME there; the "
            "VALID conv of the other branch gets no pad", code="""\
import tensorflow as tf

class Stem(tf.keras.layers.Layer):
    def __init__(self, deep=False):
        super().__init__()
        if deep:
            self.pad = tf.keras.layers.ZeroPadding2D(1)
            self.conv = tf.keras.Sequential([tf.keras.layers.Conv2D(32, 3, padding="same")])
        else:
            self.pad = tf.keras.layers.ZeroPadding2D((0, 0))
            self.conv = tf.keras.layers.Conv2D(64, 7, strides=2)

    def call(self, x):
        return self.conv(self.pad(x))
"""),
    Example(kind="source", note="source: named layers in a Sequential: a pad before a SAME conv, a pad of nothing",
            code="""\
import tensorflow as tf

def head(width):
    pad = tf.keras.layers.ZeroPadding2D(padding=1)
    conv = tf.keras.layers.Conv2D(width, 3, padding="same")
    none = tf.keras.layers.ZeroPadding2D(padding=(0, 0))
    valid = tf.keras.layers.Conv2D(width, 3)
    return tf.keras.Sequential([pad, conv, none, valid])
"""),
    Example(kind="source", note="source: a layer library's pad before its conv with the default 'SAME' padding, or "
            "a channels-first one", code="""\
from tensorlayer.layers import Conv2d, ZeroPad2d

def block(x, filters):
    y = ZeroPad2d(1)(x)
    y = Conv2d(n_filter=filters, filter_size=(3, 3))(y)
    z = ZeroPad2d(1)(x)
    z = Conv2d(filters, (3, 3), (1, 1), None, 'VALID', data_format='channels_first')(z)
    return y, z
"""),
    Example(kind="source", note="source: the same helper where no call pads with a VALID conv: the flag's calls "
                                "keep the default 'same', and the VALID calls do not pad", code="""\
import tensorflow as tf

def conv_bn(inputs, filters, kernel_size, strides, padding="same", zero_pad=False):
    if zero_pad:
        inputs = tf.keras.layers.ZeroPadding2D(((1, 0), (1, 0)))(inputs)
    x = tf.keras.layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=False)(inputs)
    return tf.keras.layers.BatchNormalization()(x)

def _backbone(x):
    x = conv_bn(x, 32, 3, 1, zero_pad=True)
    return conv_bn(x, 64, 1, 1, padding="valid")
"""),
    Example(kind="source", note="source: a pad before a project block built with force_same=True (its conv is "
            "'same'), and before a block whose call normalizes its input first", code=_MADE_BLOCK + """
class Normed(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.bn = tf.keras.layers.BatchNormalization()
        self.conv = Conv2d(8, 3)

    def call(self, x):
        return self.conv(self.bn(x))


class Unit(tf.keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.same = conv3x3_block(8, padding=1, force_same=True)
        self.normed = Normed()

    def call(self, x):
        y = self.same(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
        return self.normed(tf.pad(y, [[0, 0], [1, 1], [1, 1], [0, 0]]))
"""),
    Example(kind="source", note="source: look-alikes of an injected layers module: a global read with a name "
                                "keras.layers lacks, a list of layers; a conv whose `**conv_params` dict says 'same'",
            code="""\
backend = None
layers = None
blocks = None


def get_conv_params(**params):
    default_conv_params = {"kernel_initializer": "he_uniform", "padding": "valid"}
    default_conv_params.update(params)
    return default_conv_params


def stem(x):
    x = layers.ZeroPadding2D(padding=(3, 3))(x)
    x = layers.GroupConv2D(64, (7, 7), strides=(2, 2))(x)
    x = layers.Conv2D(64, (7, 7), strides=(2, 2))(x)
    for block in blocks:
        x = block(x)
    return x


def Net(x, **kwargs):
    global backend, layers, blocks
    backend, layers, models, utils = load_modules(kwargs)
    blocks = make_blocks(kwargs)
    return stem(x)
"""),
    Example(kind="source", note="source: an injected Keras layers module whose convs' `**` dicts say 'same' (a "
                                "literal dict function called with padding='same', a dict item set after)", code="""\
from keras_applications import get_submodules_from_kwargs

layers = None


def get_conv_params(**params):
    default_conv_params = {"kernel_initializer": "he_uniform", "padding": "valid"}
    default_conv_params.update(params)
    return default_conv_params


def stem(x):
    x = layers.ZeroPadding2D(padding=(1, 1))(x)
    x = layers.Conv2D(64, (3, 3), **get_conv_params(padding="same"))(x)
    params = {"use_bias": False}
    params["padding"] = "same"
    x = layers.ZeroPadding2D(padding=(1, 1))(x)
    return layers.Conv2D(64, (3, 3), **params)(x)


def Net(x, **kwargs):
    global layers
    _, layers, _, _ = get_submodules_from_kwargs(kwargs)
    return stem(x)
"""),
    Example(kind="source", note="source: a padding Lambda in a list of layers applied side by side (no chain); a "
            "slim conv whose arg_scope does not list it (default SAME); a kwargs padding stored as 'same'", code="""\
import tensorflow as tf
slim = tf.contrib.slim


def fixed_padding(inputs, kernel_size):
    return tf.pad(inputs, [[0, 0], [1, 1], [1, 1], [0, 0]])


class Branches(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.branches = []
        self.branches.append(tf.keras.layers.Lambda(lambda x: fixed_padding(x, 3)))
        self.branches.append(tf.keras.layers.Conv2D(64, 3, strides=2, padding='valid'))

    def call(self, x):
        return [branch(x) for branch in self.branches]


def top_down(x):
    with slim.arg_scope([slim.separable_conv2d], padding='VALID'):
        conv_op = slim.conv2d
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return conv_op(x, 64, [3, 3])


def conv(x, filters, **kwargs):
    kwargs['padding'] = 'same'
    padded = tf.keras.layers.Lambda(lambda t: fixed_padding(t, 3))(x)
    return tf.keras.layers.Conv2D(filters, 3, **kwargs)(padded)
"""),
)


INVALID = (
    Example(
        note="the guide's 'not recommended' example: pad 1 + 3x3 VALID conv == SAME conv",
        code="""\
import tensorflow as tf
filters = tf.random.normal([3, 3, 16, 8])

@tf.function(input_signature=[tf.TensorSpec([16, 128, 128, 16], tf.float32)])
def model(x):
    padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])  # expect: TFP201
    return tf.nn.conv2d(padded, filters, strides=1, padding="VALID")
""",
    ),
    Example(
        note="ResNet's stem: asymmetric fold into a strided conv needs explicit paddings",
        code="""\
import keras
inputs = keras.Input((64, 64, 3), batch_size=2)
x = keras.layers.ZeroPadding2D(3, name="conv1_pad")(inputs)
x = keras.layers.Conv2D(8, 7, strides=2, padding="valid", name="conv1_conv")(x)
x = keras.layers.ReLU(name="conv1_relu")(x)
x = keras.layers.ZeroPadding2D(1, name="pool1_pad")(x)
x = keras.layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
model = keras.Model(inputs, x)
""",
        layers=("conv1_pad", "pool1_pad"),
    ),
    *_SOURCE_INVALID,
)
VALID = (
    Example(
        note="the guide's recommended form: SAME padding, no tf.pad",
        code="""\
import tensorflow as tf
filters = tf.random.normal([3, 3, 16, 8])

@tf.function(input_signature=[tf.TensorSpec([16, 128, 128, 16], tf.float32)])
def model(x):
    return tf.nn.conv2d(x, filters, strides=1, padding="SAME")
""",
    ),
    Example(
        note="a pad feeding a dense layer is not a border pad",
        code="""\
import tensorflow as tf
w = tf.random.normal([10, 4])

@tf.function(input_signature=[tf.TensorSpec([8, 8], tf.float32)])
def model(x):
    return tf.matmul(tf.pad(x, [[0, 0], [1, 1]]), w)
""",
    ),
    Example(
        note="channel padding changes the data; a SAME conv does not pad channels",
        code="""\
import tensorflow as tf
filters = tf.random.normal([3, 3, 6, 8])

@tf.function(input_signature=[tf.TensorSpec([2, 16, 16, 4], tf.float32)])
def model(x):
    padded = tf.pad(x, [[0, 0], [0, 0], [0, 0], [1, 1]])
    return tf.nn.conv2d(padded, filters, strides=1, padding="VALID")
""",
    ),
    *_SOURCE_VALID,
)
