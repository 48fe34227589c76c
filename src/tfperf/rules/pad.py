"""Guide section "Avoid Using tf.pad" (TFP2xx).

A zero Pad in front of a VALID convolution or pooling is an extra read and write of the padded
tensor; the convolution can pad by itself (SAME, or explicit paddings) at no cost. Gaudi's graph
compiler folds most such pads, "but not always", so the graph is where to remove them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from tfperf.cost import pad_cost
from tfperf.findings import CheckContext, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.ir import Graph, Node

CONVS = {"Conv2D", "DepthwiseConv2dNative", "Conv3D"}
MAX_POOLS = {"MaxPool", "MaxPool3D"}
AVG_POOLS = {"AvgPool", "AvgPool3D"}
EXPLICIT_PADDING_OPS = {"Conv2D", "DepthwiseConv2dNative", "MaxPool"}  # accept padding="EXPLICIT"
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
    if consumer.op in MAX_POOLS and not _non_negative(graph, pad):
        return Fold(consumer, None, "MaxPool input may be negative, so a zero pad can win the max")
    window = _conv_window(graph, consumer, axes) if consumer.op in CONVS else _pool_window(consumer, axes)
    if window is None:
        return Fold(consumer, None, "kernel or strides unknown")
    in_shape = graph.input_shape(pad, 0)
    sizes = [in_shape[a] if in_shape and len(in_shape) == rank else None for a in axes]
    same = [same_padding(s, k, st, d) for s, k, st, d in zip(sizes, *window)]
    if all(s is not None and tuple(paddings[a]) == s for s, a in zip(same, axes)):
        return Fold(consumer, "SAME")
    if consumer.op in EXPLICIT_PADDING_OPS:
        return Fold(consumer, "EXPLICIT")
    return Fold(consumer, None, f"{consumer.op} has no explicit padding and SAME pads differently")


def _non_negative(graph: Graph, pad: Node) -> bool:
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

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        for pad in graph.by_op("Pad", "PadV2"):
            paddings = graph.constant(pad, 1)
            if not isinstance(paddings, list) or not _is_zero_pad(graph, pad):
                continue
            consumers = [c for c, slot in graph.consumers(pad) if slot == 0]
            folds = [fold_for(graph, pad, paddings, c) for c in consumers]
            if not folds or any(f is None for f in folds):
                continue  # some consumer needs the padded tensor itself
            yield self._finding(graph, ctx, pad, paddings, folds)

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
