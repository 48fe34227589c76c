"""The pad pattern in a captured graph: a zero Pad read only by VALID convs/pools, and how it folds
into each of them (shared by TFP201 and its rewrite, and the source face's judgement)."""

from __future__ import annotations

from dataclasses import dataclass

from tfperf.ir import Graph, Node

CONVS = {"Conv2D", "DepthwiseConv2dNative", "Conv3D"}
MAX_POOLS = {"MaxPool", "MaxPool3D"}
AVG_POOLS = {"AvgPool", "AvgPool3D"}
# accept padding="EXPLICIT"; DepthwiseConv2dNative does too, but see DEPTHWISE_EXPLICIT
EXPLICIT_PADDING_OPS = {"Conv2D", "MaxPool"}
DEPTHWISE_EXPLICIT = ("explicit paddings on a depthwise conv abort TensorFlow 2.21 on CPU when a bias add follows "
                      "(Grappler fuses the two and drops the paddings)")
# producers whose outputs are never negative: a zero pad cannot win a max over them
NON_NEGATIVE = {"Relu", "Relu6", "Sigmoid", "Softmax", "Softplus", "Exp", "Square", "Abs", "Sqrt"}
# In a training step the padded tensor is also read by the forward op's gradient (its first input):
# the same fold changes their padding too. Value: whether the op accepts padding="EXPLICIT".
GRADIENT_READERS = {
    "Conv2DBackpropFilter": True, "Conv2DBackpropFilterV2": True, "DepthwiseConv2dNativeBackpropFilter": False,
    "Conv3DBackpropFilterV2": False, "MaxPoolGrad": True, "MaxPoolGradV2": False, "MaxPool3DGrad": False,
}
# readers of the padded tensor's shape only (the input sizes of the input gradient): they follow the fold
SHAPE_READERS = {"Shape", "ShapeN", "Size", "Rank"}


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
    gradient: bool = False  # a training step's gradient op reading the padded tensor, folded alike


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
    input (in a training step also their gradients, and ops reading its shape); None when something
    else reads the padded tensor (then the pad must stay)."""
    paddings = graph.constant(pad, 1)
    if pad.op not in ("Pad", "PadV2") or not isinstance(paddings, list) or not _is_zero_pad(graph, pad):
        return None
    readers = [(c, slot) for c, slot in graph.consumers(pad) if c.op not in SHAPE_READERS]
    forward = [fold_for(graph, pad, paddings, c) if slot == 0 else None
               for c, slot in readers if c.op not in GRADIENT_READERS]
    if not forward or any(f is None for f in forward):
        return None
    gradients = [_gradient_fold(c, slot, forward) for c, slot in readers if c.op in GRADIENT_READERS]
    if any(f is None for f in gradients):
        return None
    return paddings, forward + gradients


def _gradient_fold(reader: Node, slot: int, forward: list[Fold]) -> Fold | None:
    """A gradient op reading the padded tensor folds as its forward ops do (None: it reads it otherwise)."""
    if slot != 0 or reader.attrs.get("padding") != "VALID":
        return None
    forms = {f.replacement for f in forward}
    form = forms.pop() if len(forms) == 1 else None
    if form == "EXPLICIT" and not GRADIENT_READERS[reader.op]:
        return Fold(reader, None, f"{reader.op} has no explicit padding", gradient=True)
    return Fold(reader, form, "" if form else "its forward op has no exact fold", gradient=True)


XLA_POOL_PADDING = "XLA has no explicit padding for pools (jit_compile fails on it)"


def for_xla(folds: list[Fold]) -> list[Fold]:
    """The folds as a model compiled by XLA can take them: a pool's explicit paddings are not."""
    return [Fold(f.consumer, None, XLA_POOL_PADDING, f.gradient)
            if f.replacement == "EXPLICIT" and f.consumer.op in MAX_POOLS | {"MaxPoolGrad"} else f for f in folds]


def has_gradients(folds: list[Fold]) -> bool:
    return any(f.gradient for f in folds)


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


def describe(node: Node) -> str:
    """"Conv2D conv1_conv" (its layer), "Conv2D my/conv" (its name), or just "Conv2D"."""
    label = node.layer or node.name
    return node.op if label == node.op else f"{node.op} {label}"


def pads_text(paddings: list[list[int]]) -> str:
    return str([list(p) for p in paddings]).replace(" ", "")
