"""Guide section "Avoid Using tf.pad" (TFP2xx).

A zero Pad in front of a VALID convolution or pooling is an extra read and write of the padded
tensor; the convolution can pad by itself (SAME, or explicit paddings) at no cost. Gaudi's graph
compiler folds most such pads, "but not always", so the graph is where to remove them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from tfperf.cost import pad_cost
from tfperf.findings import CheckContext, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, TextEdit, register
from tfperf.ir import Graph, Node
from tfperf.source.literals import literal_pairs
from tfperf.source.scopes import SCOPES, start
from tfperf.source.visitor import SourceVisitor, argument

CONVS = {"Conv2D", "DepthwiseConv2dNative", "Conv3D"}
MAX_POOLS = {"MaxPool", "MaxPool3D"}
AVG_POOLS = {"AvgPool", "AvgPool3D"}
# accept padding="EXPLICIT"; DepthwiseConv2dNative does too, but see DEPTHWISE_EXPLICIT
EXPLICIT_PADDING_OPS = {"Conv2D", "MaxPool"}
DEPTHWISE_EXPLICIT = ("explicit paddings on a depthwise conv abort TensorFlow 2.21 on CPU when a bias add follows "
                      "(Grappler fuses the two and drops the paddings)")
# producers whose outputs are never negative: a zero pad cannot win a max over them
NON_NEGATIVE = {"Relu", "Relu6", "Sigmoid", "Softmax", "Softplus", "Exp", "Square", "Abs", "Sqrt"}


def same_padding(size: int | None, kernel: int, stride: int, dilation: int = 1) -> tuple[int, int] | None:
    """The (before, after) padding TensorFlow's SAME adds to an axis of `size` (None if unknown)."""
    effective = (kernel - 1) * dilation + 1
    if size is None:
        if stride != 1:
            return None  # with strides, SAME's padding depends on the size
        total = effective - 1
    else:
        out = -(-size // stride)
        total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


@dataclass(frozen=True)
class Fold:
    """How a Pad folds into one consumer."""

    consumer: Node
    replacement: str | None  # "SAME", "EXPLICIT" or None (no exact fold)
    reason: str = ""


def _spatial_axes(op: Node, rank: int) -> list[int]:
    channels_first = str(op.attrs.get("data_format", "NHWC")).startswith("NC")
    return list(range(2, rank)) if channels_first else list(range(1, rank - 1))


def _pool_window(op: Node, axes: list[int]) -> tuple[list[int], list[int], list[int]] | None:
    """Kernel, strides and dilations (always 1) of a pooling along `axes`."""
    ksize, strides = op.attrs.get("ksize") or [], op.attrs.get("strides") or []
    if len(ksize) <= max(axes) or len(strides) <= max(axes):
        return None
    return [ksize[a] for a in axes], [strides[a] for a in axes], [1 for _ in axes]


def _conv_window(graph: Graph, op: Node, axes: list[int]) -> tuple[list[int], list[int], list[int]] | None:
    """Kernel (from the filter's shape), strides and dilations of a convolution along `axes`."""
    filt = graph.input_shape(op, 1)
    strides = op.attrs.get("strides") or []
    dilations = op.attrs.get("dilations") or [1] * len(strides)
    spatial = len(axes)
    if filt is None or len(filt) < spatial or any(d is None for d in filt[:spatial]):
        return None
    if len(strides) <= max(axes) or len(dilations) <= max(axes):
        return None
    return list(filt[:spatial]), [strides[a] for a in axes], [dilations[a] for a in axes]


def fold_for(graph: Graph, pad: Node, paddings: list[list[int]], consumer: Node) -> Fold | None:
    """Whether (and how) `pad` folds exactly into `consumer`; None when it is not a VALID conv/pool."""
    if consumer.op not in CONVS | MAX_POOLS | AVG_POOLS or consumer.attrs.get("padding") != "VALID":
        return None
    if consumer.inputs[0].node != pad.name:
        return None  # the pad feeds the filter, not the data
    rank = len(paddings)
    axes = _spatial_axes(consumer, rank)
    if any(any(p) for i, p in enumerate(paddings) if i not in axes):
        return None  # batch or channel padding is real data, not border
    if consumer.op in AVG_POOLS:
        return Fold(consumer, None, "AvgPool divides by the padded zeros; SAME would not count them")
    if consumer.op in MAX_POOLS and not _fed_by_non_negative(graph, pad):
        return Fold(consumer, None, "MaxPool input may be negative, so a zero pad can win the max")
    window = _conv_window(graph, consumer, axes) if consumer.op in CONVS else _pool_window(consumer, axes)
    if window is None:
        return Fold(consumer, None, "kernel or strides unknown")
    in_shape = graph.input_shape(pad, 0)
    sizes = [in_shape[a] if in_shape and len(in_shape) == rank else None for a in axes]
    same = [same_padding(s, k, st, d) for s, k, st, d in zip(sizes, *window)]
    if all(s is not None and tuple(paddings[a]) == s for s, a in zip(same, axes)):
        return Fold(consumer, "SAME")
    if consumer.op in MAX_POOLS and any(max(paddings[a]) >= k for a, k in zip(axes, window[0])):
        return Fold(consumer, None, "a pad as wide as the pool window makes windows of padding only")
    if consumer.op in EXPLICIT_PADDING_OPS:
        return Fold(consumer, "EXPLICIT")
    if consumer.op == "DepthwiseConv2dNative":
        return Fold(consumer, None, DEPTHWISE_EXPLICIT)
    return Fold(consumer, None, f"{consumer.op} has no explicit padding and SAME pads differently")


def pad_folds(graph: Graph, pad: Node) -> tuple[list[list[int]], list[Fold]] | None:
    """(paddings, one Fold per reader) for a zero Pad that only VALID convs/pools read as their data
    input; None when something else reads the padded tensor (then the pad must stay)."""
    paddings = graph.constant(pad, 1)
    if pad.op not in ("Pad", "PadV2") or not isinstance(paddings, list) or not _is_zero_pad(graph, pad):
        return None
    folds = [fold_for(graph, pad, paddings, c) if slot == 0 else None for c, slot in graph.consumers(pad)]
    if not folds or any(f is None for f in folds):
        return None
    return paddings, folds


def _fed_by_non_negative(graph: Graph, pad: Node) -> bool:
    src = graph.producer(pad, 0)
    while src is not None and src.op == "Identity":
        src = graph.producer(src, 0)
    return src is not None and src.op in NON_NEGATIVE


def _is_zero_pad(graph: Graph, pad: Node) -> bool:
    if pad.op == "Pad":
        return True
    if pad.op == "PadV2":
        value = graph.constant(pad, 2)
        return value is not None and float(value if not isinstance(value, list) else value[0]) == 0.0
    return False


def explicit_paddings(paddings: list[list[int]]) -> list[int]:
    return [p for pair in paddings for p in pair]


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
"""),
    Example(kind="source", note="source: strided conv, input size unknown: explicit paddings", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 17, 17, 3)
w = tf.random.stateless_normal([7, 7, 3, 4], seed=[3, 4])

def model(x):
    x = tf.compat.v1.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])  # expect: TFP201
    x = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='VALID')
    return tf.nn.relu(x)
"""),
    Example(kind="source", note="source: strided conv, input size known: SAME is exact", code="""\
import tensorflow as tf

INPUT_SHAPE = (2, 15, 15, 4)
w = tf.random.stateless_normal([3, 3, 4, 2], seed=[5, 6])

def model(x):
    x = tf.reshape(x, [2, 15, 15, 4])
    return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), w, 2, "VALID")  # expect: TFP201
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
"""),
    Example(kind="source", note="source: Keras Sequential list", code="""\
import keras

INPUT_SHAPE = (2, 12, 12, 3)
model = keras.Sequential([
    keras.layers.ZeroPadding2D(1),  # expect: TFP201
    keras.layers.Conv2D(4, 3, padding="valid"),
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
"""),
    Example(kind="source", note="source: Keras model.add sequence", code="""\
import keras

INPUT_SHAPE = (2, 6, 6, 2)
model = keras.Sequential()
model.add(keras.layers.ZeroPadding2D((1, 1)))  # expect: TFP201
model.add(keras.layers.Conv2D(3, (3, 3)))
"""),
    Example(kind="source", note="source: ResNet's stem: Keras has no explicit paddings, SAME differs: advice only",
            code="""\
import keras

inputs = keras.Input((64, 64, 3))
x = keras.layers.ZeroPadding2D(3)(inputs)  # expect: TFP201
x = keras.layers.Conv2D(8, 7, strides=2)(x)
"""),
)
_SOURCE_VALID = (
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
)


@register
class PadBeforeValidConv(Rule):
    """A zero `Pad`/`PadV2` whose only consumers are convolutions or poolings with `padding="VALID"`.

    The pad materialises a bigger copy of the tensor (one extra read and write) just so the next op
    can read the border; the convolution pads in its own kernel (and in hardware on Gaudi) for free.
    Replacement: `padding="SAME"` when the pads equal what SAME adds for that kernel, stride and input
    size, else explicit paddings (`Conv2D`, `DepthwiseConv2dNative` and `MaxPool` accept them).
    MaxPool folds only when its input cannot be negative (e.g. after ReLU); AvgPool counts padded
    zeros in its average, so it is reported without an automatic fix.
    On Gaudi the convolution pads in hardware and the graph compiler folds most such pads, but the
    guide warns it does not always; the cost shown is what a surviving pad costs.
    """

    code = "TFP201"
    name = "pad-before-valid-conv"
    section = GuideSection.PAD
    summary = "Explicit zero pad feeding a VALID conv/pool: fold it into the op's padding"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = (
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
    )
    valid = (
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
    )

    invalid = invalid + _SOURCE_INVALID
    valid = valid + _SOURCE_VALID

    class Source(SourceVisitor):
        """tf.pad / tf.compat.v1.pad / ZeroPadding2D whose result reaches a VALID conv or pool: in
        the same expression, through a local variable, or as the previous Keras layer (Sequential
        list, functional call chain, consecutive model.add). Folded with the graph rule's judgement."""

        def __init__(self, file):
            super().__init__(file)
            self.layer_names: set[str] = set()  # names assigned a Keras layer so far (`conv = Conv2D(...)`)

        def visit_Assign(self, node) -> None:
            if (self.call_name(node.value) or "").startswith("keras.layers."):
                self.layer_names.update(t.id for t in node.targets if isinstance(t, ast.Name))

        def visit_Call(self, node) -> None:
            name = self.call_name(node)
            if name in _NN_CONSUMERS:
                _check_nn_consumer(self, node)
            elif name in _SEQUENTIAL:
                _check_keras_sequence(self, node)
            elif isinstance(node.func, ast.Call) or (isinstance(node.func, ast.Name) and node.func.id in self.layer_names):
                _check_keras_call(self, node)
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                _check_keras_add(self, node)

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        for pad in graph.by_op("Pad", "PadV2"):
            found = pad_folds(graph, pad)
            if found is not None:  # else some reader needs the padded tensor itself
                yield self._finding(graph, ctx, pad, *found)

    def _finding(self, graph: Graph, ctx: CheckContext, pad: Node, paddings: list, folds: list[Fold]) -> Finding:
        names = ", ".join(_describe(f.consumer) for f in folds)
        cost = pad_cost(graph.input_shape(pad, 0), pad.shape(0), pad.dtype(0), ctx.target)
        exact = all(f.replacement for f in folds)
        if exact:
            how = {f.replacement for f in folds}
            detail = "padding='SAME'" if how == {"SAME"} else f"explicit paddings {explicit_paddings(paddings)}"
            fix = Fix(Safety.EXACT, f"remove the Pad and give {names} {detail}")
            message = f"zero pad {_pads(paddings)} before VALID {names}: fold it into the op as {detail}"
        else:
            reasons = "; ".join(f.reason for f in folds if not f.replacement)
            fix = Fix(Safety.ADVISORY, f"no exact fold: {reasons}")
            message = f"zero pad {_pads(paddings)} before VALID {names}; no exact fold ({reasons})"
        return self.finding(message, pad, ctx, related=[f.consumer for f in folds], cost=cost, fix=fix,
                            severity=None if exact else Severity.INFO)


def _describe(node: Node) -> str:
    """"Conv2D conv1_conv" (its layer), "Conv2D my/conv" (its name), or just "Conv2D"."""
    label = node.layer or node.name
    return node.op if label == node.op else f"{node.op} {label}"


def _pads(paddings: list[list[int]]) -> str:
    return str([list(p) for p in paddings]).replace(" ", "")


# ---------------------------------------------------------------------------------------------
# Source detector (tfperf check PATH): the same construct in code, found without running it.

# tf.nn consumers: kind, padding position (v2, compat.v1), why explicit paddings are not offered
# (None: they are); the reasons match the graph rule's (fold_for)
_NO_EXPLICIT_ARG = "this op takes no explicit paddings"
_NN_CONSUMERS = {
    "tensorflow.nn.conv2d": ("conv", (3, 3), None),
    "tensorflow.nn.depthwise_conv2d": ("conv", (3, 3), DEPTHWISE_EXPLICIT),
    "tensorflow.nn.convolution": ("conv", (3, 2), _NO_EXPLICIT_ARG),
    "tensorflow.nn.max_pool": ("max_pool", (3, 3), None),
    "tensorflow.nn.max_pool2d": ("max_pool", (3, 3), None),
    "tensorflow.nn.avg_pool": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.avg_pool2d": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
}
# Keras consumers: kind, positions of (kernel, strides, padding), default kernel
_KERAS_CONSUMERS = {
    "keras.layers.Conv2D": ("conv", (1, 2, 3), None),
    "keras.layers.Convolution2D": ("conv", (1, 2, 3), None),
    "keras.layers.DepthwiseConv2D": ("conv", (0, 1, 2), None),
    "keras.layers.MaxPooling2D": ("max_pool", (0, 1, 2), (2, 2)),
    "keras.layers.MaxPool2D": ("max_pool", (0, 1, 2), (2, 2)),
    "keras.layers.AveragePooling2D": ("avg_pool", (0, 1, 2), (2, 2)),
    "keras.layers.AvgPool2D": ("avg_pool", (0, 1, 2), (2, 2)),
}
_TF_PADS = {"tensorflow.pad"}  # tf.compat.v1.pad is canonicalised to this
_ZERO_PADDING = {"keras.layers.ZeroPadding2D"}
_SEQUENTIAL = {"keras.Sequential", "keras.models.Sequential"}
_NON_NEGATIVE_CALLS = {"tensorflow.nn.relu", "tensorflow.nn.relu6", "tensorflow.nn.sigmoid", "tensorflow.sigmoid",
                       "tensorflow.math.sigmoid", "tensorflow.nn.softmax", "tensorflow.exp", "tensorflow.math.exp",
                       "tensorflow.abs", "tensorflow.math.abs", "tensorflow.square", "tensorflow.math.square",
                       "tensorflow.sqrt", "tensorflow.math.sqrt", "keras.activations.relu"}
_SHAPED_CALLS = {"tensorflow.random.normal", "tensorflow.random.uniform", "tensorflow.random.truncated_normal",
                 "tensorflow.random.stateless_normal", "tensorflow.random.stateless_uniform",
                 "tensorflow.random.stateless_truncated_normal", "tensorflow.ones", "tensorflow.zeros",
                 "tensorflow.random_normal", "tensorflow.truncated_normal", "tensorflow.random_uniform"}


@dataclass
class _SourcePad:
    """A zero pad in source: `tf.pad(x, ...)` or `ZeroPadding2D(...)`, and how its result arrives."""

    call: ast.Call  # the tf.pad call / the ZeroPadding2D(...) construction (reported here)
    produced: ast.AST  # the expression whose value is the padded tensor
    unpadded: ast.expr | None  # x; None in a Sequential list
    pads: tuple | None  # ((before, after), ...) per spatial axis; None when not literal
    data_format: str | None = None  # Keras data_format, compared with the consumer's
    stmt: ast.Assign | None = None  # `p = <pad>` when the consumer reads it through variable p
    load: ast.Name | None = None  # that read


def _check_nn_consumer(v: SourceVisitor, call: ast.Call) -> None:
    """tf.nn.conv2d/convolution/depthwise_conv2d/max_pool*/avg_pool* with VALID fed by tf.pad."""
    name = v.call_name(call)
    spec = _NN_CONSUMERS.get(name or "")
    if spec is None:
        return
    kind, padding_pos, no_explicit = spec
    v1 = (v.file.imports.raw(call.func) or "").startswith("tensorflow.compat.v1.")
    padding = argument(call, padding_pos[v1], "padding")
    padding_value = "VALID" if padding is None and name == "tensorflow.nn.convolution" else v.file.literal(padding)
    data_format = v.file.literal(keyword_value(call, "data_format")) if keyword_value(call, "data_format") else "NHWC"
    if not isinstance(padding_value, str) or padding_value.upper() != "VALID" or not isinstance(data_format, str):
        return
    axes = (2, 3) if data_format.upper().startswith("NC") else (1, 2)
    data = argument(call, 0, "input") or keyword_value(call, "value")
    pad = _tf_pad_reaching(v, data, axes)
    if pad is None:
        return
    window = _nn_window(v, call, name, kind, axes, v1)
    sizes = _spatial(_static_shape(v, pad.unpadded), axes) if pad.unpadded is not None else (None, None)
    how = _fold(pad.pads, window, sizes, kind, no_explicit,
                non_negative=_non_negative(v, pad.unpadded))
    full = None
    if pad.pads is not None:
        full = [[0, 0] for _ in range(4)]
        for axis, pair in zip(axes, pad.pads):
            full[axis] = list(pair)
    _report(v, pad, call, data, padding, how, full, op=name.rsplit(".", 1)[1], keras=False)


def _tf_pad_reaching(v: SourceVisitor, data: ast.expr | None, axes: tuple[int, int]) -> _SourcePad | None:
    stmt, load = None, None
    if isinstance(data, ast.Name):
        bound = v.file.binding(data)
        if bound is None or not isinstance(bound.stmt, ast.Assign) or bound.stmt.value is not bound.value:
            return None
        stmt, load, data = bound.stmt, data, bound.value
    if v.call_name(data) not in _TF_PADS or len(data.args) > 3:
        return None  # positional args past `mode` differ between tf.pad and tf.compat.v1.pad
    mode = v.file.literal(argument(data, 2, "mode")) if argument(data, 2, "mode") else "CONSTANT"
    value = v.file.literal(keyword_value(data, "constant_values")) if keyword_value(data, "constant_values") else 0
    if not isinstance(mode, str) or mode.upper() != "CONSTANT" or value != 0:
        return None  # a reflect/symmetric or non-zero pad is not what a conv's padding adds
    pads = literal_pairs(argument(data, 1, "paddings"), v.file._lookup_literal)
    if pads is not None:
        if len(pads) != 4 or any(any(p) for i, p in enumerate(pads) if i not in axes):
            return None  # not a 2-D border pad (batch/channel padding is real data)
        pads = tuple(pads[a] for a in axes)
        if not any(any(p) for p in pads):
            return None
    return _SourcePad(data, data, argument(data, 0, "tensor"), pads, stmt=stmt, load=load)


def _nn_window(v: SourceVisitor, call: ast.Call, name: str, kind: str, axes, v1: bool):
    """(kernel, strides, dilations) along the spatial axes, each None when not literal."""
    if kind == "conv":
        shape = _static_shape(v, argument(call, 1, "filters") or keyword_value(call, "filter"))
        kernel = tuple(shape[:2]) if shape and len(shape) == 4 else None
    else:
        kernel = _per_axis(v.file.literal(argument(call, 1, "ksize")), axes)
    stride_pos = None if name == "tensorflow.nn.convolution" else 2
    strides = argument(call, stride_pos, "strides")
    strides = (1, 1) if strides is None and name == "tensorflow.nn.convolution" else _per_axis(v.file.literal(strides), axes)
    dil = keyword_value(call, "dilations") or keyword_value(call, "rate") or keyword_value(call, "dilation_rate")
    dilations = (1, 1) if dil is None else _per_axis(v.file.literal(dil), axes)
    return kernel, strides, dilations


def _per_axis(value, axes) -> tuple | None:
    """An int, or a list of 1, 2 (spatial) or 4 (full, data_format order) ints -> one per spatial axis."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if isinstance(value, (list, tuple)) and all(isinstance(x, int) for x in value):
        if len(value) == 1:
            return (value[0], value[0])
        if len(value) == 2:
            return tuple(value)
        if len(value) == 4:
            return tuple(value[a] for a in axes)
    return None


def _spatial(shape, axes) -> tuple:
    return tuple(shape[a] for a in axes) if shape and len(shape) == 4 else (None, None)


def _static_shape(v: SourceVisitor, expr: ast.AST | None) -> tuple | None:
    """A tensor's shape when the code states it: tf.ones/zeros/random.*([..]), placeholders,
    tf.Variable(<those>), tf.reshape(x, [..]), keras.Input(shape, batch_size)."""
    if expr is None:
        return None
    expr = v.file.value_of(expr)
    name = v.call_name(expr)
    if name is None:
        return None
    literal_shape = lambda e: v.file.literal(e) if e is not None else None  # noqa: E731
    if name in _SHAPED_CALLS:
        shape = literal_shape(argument(expr, 0, "shape"))
    elif name == "tensorflow.placeholder":
        shape = literal_shape(argument(expr, 1, "shape"))
    elif name == "tensorflow.get_variable":
        shape = literal_shape(argument(expr, 1, "shape"))
    elif name == "tensorflow.Variable":
        return _static_shape(v, argument(expr, 0, "initial_value"))
    elif name == "tensorflow.reshape":
        shape = literal_shape(argument(expr, 1, "shape"))
        if isinstance(shape, (list, tuple)) and -1 in shape:
            return None
    elif name == "keras.Input":
        shape = literal_shape(argument(expr, 0, "shape"))
        batch = literal_shape(keyword_value(expr, "batch_size"))
        shape = (batch if isinstance(batch, int) else None, *shape) if isinstance(shape, (list, tuple)) else None
    else:
        return None
    if isinstance(shape, (list, tuple)) and all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return None


def _non_negative(v: SourceVisitor, expr: ast.AST | None) -> bool:
    return expr is not None and v.call_name(v.file.value_of(expr)) in _NON_NEGATIVE_CALLS


def _fold(pads, window, sizes, kind: str, no_explicit: str | None, non_negative: bool) -> str:
    """"SAME", "EXPLICIT", or the reason there is no exact fold (the same judgement as fold_for)."""
    if pads is None:
        return "the paddings are not literal"
    if kind == "avg_pool":
        return "average pooling divides by the padded zeros; SAME would not count them"
    if kind == "max_pool" and not non_negative:
        return "the pool's input may be negative, so a padded zero can win the max"
    kernel, strides, dilations = window
    if kind == "max_pool" and (kernel is None or any(max(p) >= k for p, k in zip(pads, kernel))):
        return "a pad as wide as the pool window makes windows of padding only" if kernel else \
            "the pool window is not literal"
    if kernel is not None and strides is not None and dilations is not None:
        same = [same_padding(s, k, st, d) for s, k, st, d in zip(sizes, kernel, strides, dilations)]
        if all(s is not None and tuple(p) == s for s, p in zip(same, pads)):
            return "SAME"
    if no_explicit is None:
        return "EXPLICIT"
    return f"SAME is not provably the same padding here, and {no_explicit}"


def _check_keras_call(v: SourceVisitor, call: ast.Call) -> None:
    """`Conv2D(...)(x)` (functional API) where x is `ZeroPadding2D(...)(y)`."""
    layer = _layer_construction(v, call.func)
    name = v.call_name(layer)
    if name not in _KERAS_CONSUMERS or not (call.args or keyword_value(call, "inputs")):
        return
    data = argument(call, 0, "inputs")
    stmt, load = None, None
    if isinstance(data, ast.Name):
        bound = v.file.binding(data)
        if bound is None or not isinstance(bound.stmt, ast.Assign) or bound.stmt.value is not bound.value:
            return
        stmt, load, data = bound.stmt, data, bound.value
    if not isinstance(data, ast.Call) or not data.args:
        return
    pad_layer = _layer_construction(v, data.func)
    if v.call_name(pad_layer) not in _ZERO_PADDING:
        return
    pad = _keras_pad(v, pad_layer, data, data.args[0], stmt, load)
    _check_keras_pair(v, pad, layer, name, call, argument(call, 0, "inputs"))


def _check_keras_sequence(v: SourceVisitor, call: ast.Call) -> None:
    """keras.Sequential([..., ZeroPadding2D(...), Conv2D(...), ...])."""
    if v.call_name(call) not in _SEQUENTIAL:
        return
    items = argument(call, 0, "layers")
    if not isinstance(items, (ast.List, ast.Tuple)):
        return
    for first, second in zip(items.elts, items.elts[1:]):
        if v.call_name(first) in _ZERO_PADDING and v.call_name(second) in _KERAS_CONSUMERS:
            pad = _keras_pad(v, first, first, None, None, None)
            _check_keras_pair(v, pad, second, v.call_name(second), None, None, sequence=(first, second))


def _check_keras_add(v: SourceVisitor, call: ast.Call) -> None:
    """model.add(ZeroPadding2D(...)) directly followed by model.add(Conv2D(...))."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "add" and len(call.args) == 1):
        return
    layer = call.args[0]
    if v.call_name(layer) not in _KERAS_CONSUMERS:
        return
    stmt = v.file.statement_of(call)
    where = v.file.block_of(stmt) if isinstance(stmt, ast.Expr) and stmt.value is call else None
    if not where or where[1] == 0:
        return
    previous = where[0][where[1] - 1]
    prev_call = previous.value if isinstance(previous, ast.Expr) else None
    if not (isinstance(prev_call, ast.Call) and isinstance(prev_call.func, ast.Attribute)
            and prev_call.func.attr == "add" and len(prev_call.args) == 1
            and ast.dump(prev_call.func.value) == ast.dump(call.func.value)
            and v.call_name(prev_call.args[0]) in _ZERO_PADDING):
        return
    pad = _keras_pad(v, prev_call.args[0], prev_call.args[0], None, None, None)
    _check_keras_pair(v, pad, layer, v.call_name(layer), None, None, added=previous)


def _layer_construction(v: SourceVisitor, func: ast.AST) -> ast.AST:
    """`Conv2D(...)` for `Conv2D(...)(x)` and for `conv(x)` after `conv = Conv2D(...)`."""
    if isinstance(func, ast.Name) and func.id in v.layer_names:
        bound = v.file.binding(func)
        if bound is not None and bound.value is not None:
            return bound.value
    return func


def _keras_pad(v: SourceVisitor, layer: ast.Call, produced, unpadded, stmt, load) -> _SourcePad:
    value = v.file.literal(argument(layer, 0, "padding")) if argument(layer, 0, "padding") else 1
    pads = None
    if isinstance(value, int):
        pads = ((value, value), (value, value))
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        if all(isinstance(x, int) for x in value):
            pads = ((value[0], value[0]), (value[1], value[1]))
        elif all(isinstance(x, (list, tuple)) and len(x) == 2 for x in value):
            pads = tuple(tuple(x) for x in value)
    fmt = keyword_value(layer, "data_format")
    return _SourcePad(layer, produced, unpadded, pads, v.file.literal(fmt) if fmt else None, stmt, load)


def _check_keras_pair(v: SourceVisitor, pad: _SourcePad, layer: ast.Call, name: str, call, data,
                      sequence=None, added=None) -> None:
    kind, (k_pos, s_pos, p_pos), default_kernel = _KERAS_CONSUMERS[name]
    padding = argument(layer, p_pos, "padding")
    padding_value = v.file.literal(padding) if padding is not None else "valid"
    if not isinstance(padding_value, str) or padding_value.lower() != "valid":
        return
    fmt = keyword_value(layer, "data_format")
    if (v.file.literal(fmt) if fmt else None) != pad.data_format:
        return  # the pad and the layer read different axes as spatial
    kernel = _per_axis(v.file.literal(argument(layer, k_pos, "pool_size" if kind != "conv" else "kernel_size"))
                       if argument(layer, k_pos, "pool_size" if kind != "conv" else "kernel_size") else default_kernel,
                       (1, 2))
    strides_node = argument(layer, s_pos, "strides")
    strides = kernel if strides_node is None and kind != "conv" else (
        (1, 1) if strides_node is None else _per_axis(v.file.literal(strides_node), (1, 2)))
    dil = keyword_value(layer, "dilation_rate")
    dilations = (1, 1) if dil is None else _per_axis(v.file.literal(dil), (1, 2))
    how = _fold(pad.pads, (kernel, strides, dilations), (None, None), kind,
                "Keras layers take only 'same' or 'valid'", non_negative=False)
    _report(v, pad, layer, data, padding, how, None, op=name.rsplit(".", 1)[1], keras=True,
            consumer_call=call, sequence=sequence, added=added)


def _report(v: SourceVisitor, pad: _SourcePad, consumer: ast.Call, data, padding, how: str, full_pads,
            op: str, keras: bool, consumer_call=None, sequence=None, added=None) -> None:
    pads = str([list(p) for p in pad.pads]).replace(" ", "") if pad.pads else "?"
    where = "" if pad.load is None else f" (through `{pad.load.id}`)"
    if how in ("SAME", "EXPLICIT"):
        text = ('"same"' if keras else '"SAME"') if how == "SAME" else str(full_pads).replace("], [", "], [")
        if padding is not None and isinstance(padding, ast.Constant) and isinstance(padding.value, str):
            text = text.replace('"', _quote(v, padding)) if how == "SAME" else text
        edits = _fold_edits(v, pad, consumer, data, padding, text, sequence, added)
        detail = f"padding={text}"
        if edits is not None:
            message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
            v.report(pad.call, message, fix=Fix(Safety.EXACT, f"remove the pad and pass {detail} to {op}", edits))
            return
        message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
        v.report(pad.call, message + " (not fixed automatically: the padded value is used elsewhere)",
                 fix=Fix(Safety.ADVISORY, f"pass {detail} to {op} and drop the pad where nothing else reads it"))
        return
    message = f"zero pad {pads}{where} before VALID {op}; no exact fold ({how})"
    v.report(pad.call, message, severity=Severity.INFO,
             fix=Fix(Safety.ADVISORY, f"pad in {op} itself where the padding allows it, or keep the pad ({how})"))


def _quote(v: SourceVisitor, node: ast.Constant) -> str:
    text = v.file.segment(node)
    return "'" if text.startswith("'") else '"'


def _fold_edits(v: SourceVisitor, pad: _SourcePad, consumer: ast.Call, data, padding, text: str,
                sequence, added) -> tuple | None:
    """Edits that remove the pad and set the consumer's padding; None when the rewrite could change
    what other code sees (the padded value is read elsewhere, or the input was rebound between)."""
    edits = [_set_padding(v, consumer, padding, text)]
    if sequence is not None:  # delete the ZeroPadding2D element up to the next one
        first, second = sequence
        line, col, _, _ = v.file.span(first)
        end_line, end_col, _, _ = v.file.span(second)
        edits.append(TextEdit(v.file.path, line, col, end_line, end_col, ""))
        return tuple(edits)
    if added is not None:
        removal = v.delete_statement(added)
        return None if removal is None else (*edits, removal)
    if pad.stmt is None:  # nested: conv(pad(x)) -> conv(x)
        return (*edits, v.replace(data, v.file.segment(pad.unpadded)))
    route = _variable_route(v, pad, consumer if consumer is not None else data)
    if route is None:
        return None
    edits.append(v.replace(pad.load, v.file.segment(pad.unpadded)))
    if route == "delete":
        removal = v.delete_statement(pad.stmt)
        if removal is None:
            return None
        edits.append(removal)
    return tuple(edits)


def _set_padding(v: SourceVisitor, call: ast.Call, padding, text: str) -> TextEdit:
    if padding is not None:
        return v.replace(padding, text)
    last = (call.args + [kw.value for kw in call.keywords])
    if last:
        return v.insert_after(max(last, key=lambda n: (n.end_lineno, n.end_col_offset)), f", padding={text}")
    _, _, end_line, end_col = v.file.span(call)  # `MaxPooling2D()`: write inside the parentheses
    return TextEdit(v.file.path, end_line, end_col - 1, end_line, end_col - 1, f"padding={text}")


def _variable_route(v: SourceVisitor, pad: _SourcePad, consumer: ast.AST) -> str | None:
    """"delete" (the pad statement goes), "keep" (it stays for its other readers), or None (no fix).

    Sound only for straight-line code: the pad statement and the consumer's statement sit in the
    same block, the unpadded input is not rebound between them, and the padded variable is read
    by the consumer alone (counting reads earlier in an enclosing loop, which a back edge reaches).
    """
    stmt, load = pad.stmt, pad.load
    use_stmt = v.file.statement_of(load)
    here, there = v.file.block_of(stmt), v.file.block_of(use_stmt)
    if not here or not there or here[0] is not there[0] or here[1] >= there[1]:
        return None
    scope = v.file.scope_index(v.file.scope_of(stmt))
    binding = scope.reaching(load.id, start(load))
    if binding is None or binding.stmt is not stmt:
        return None
    inputs = {n.id for n in ast.walk(pad.unpadded) if isinstance(n, ast.Name)}
    for name in inputs:
        for b in scope.bindings.get(name, []):
            if b.stmt is not stmt and binding.pos < b.pos <= start(load):
                return None  # x rebound between the pad and the conv
    readers = [n for n in scope.loads_of(load.id) if n is not load and _reached_by(v, scope, n, stmt)]
    if not readers:
        return "delete"
    simple = all(isinstance(n, (ast.Name, ast.Attribute, ast.Load)) for n in ast.walk(pad.unpadded))
    return "keep" if simple and load.id not in inputs else None


def _reached_by(v: SourceVisitor, scope, load: ast.Name, stmt: ast.stmt) -> bool:
    bound = scope.reaching(load.id, start(load))
    if bound is not None and bound.stmt is stmt:
        return True
    loop = next((a for a in v.file.ancestors(stmt) if isinstance(a, (ast.For, ast.While, ast.AsyncFor))
                 or isinstance(a, SCOPES)), None)
    return isinstance(loop, (ast.For, ast.While, ast.AsyncFor)) and start(loop) <= start(load) < start(stmt)


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    return argument(call, None, name)
