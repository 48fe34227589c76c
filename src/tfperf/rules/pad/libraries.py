"""The pad layers, convs and pools TFP201 knows, as data: Keras', and those of other layer libraries
whose layers are built, then called on their input as Keras' are (`ZeroPad2d(((1, 0), (1, 0)))(x)`
then `Conv2d(..., strides=(2, 2), padding='VALID')(x)` in TensorLayer 2).

A library's names are matched under its top-level package, wherever in it the class is defined
(`tensorlayer.layers.ZeroPad2d` and `tensorlayer.layers.padding.ZeroPad2d` alike), so the table holds
short names. Adding a library is adding its rows: the constructor's positions and keywords of the
kernel, strides and padding, and their defaults (read from the library's signatures).
"""

from __future__ import annotations

from typing import NamedTuple


class Layer(NamedTuple):
    """A conv or pool layer class: what TFP201 reads of its construction."""

    kind: str  # "conv", "max_pool", "avg_pool"
    rank: int  # spatial axes
    positions: tuple  # constructor positions of (kernel, strides, padding)
    keywords: tuple  # their keywords
    kernel: object = None  # default kernel (None: required)
    strides: object = None  # default strides (None: a pool's window, a conv's 1)
    padding: str = "valid"  # default padding
    library: str = ""  # "" for Keras; else the package (its layers get advice, never an automatic fix)


def _keras(kind: str, rank: int, kernel_at: int) -> Layer:
    window = "kernel_size" if kind == "conv" else "pool_size"
    return Layer(kind, rank, (kernel_at, kernel_at + 1, kernel_at + 2), (window, "strides", "padding"),
                 None if kind == "conv" else 2)


KERAS_LAYERS = {f"keras.layers.{name}": _keras(kind, rank, at) for name, kind, rank, at in (
    ("Conv1D", "conv", 1, 1), ("Convolution1D", "conv", 1, 1), ("SeparableConv1D", "conv", 1, 1),
    ("DepthwiseConv1D", "conv", 1, 0),
    ("Conv2D", "conv", 2, 1), ("Convolution2D", "conv", 2, 1), ("SeparableConv2D", "conv", 2, 1),
    ("DepthwiseConv2D", "conv", 2, 0),
    ("Conv3D", "conv", 3, 1), ("Convolution3D", "conv", 3, 1),
    ("MaxPooling1D", "max_pool", 1, 0), ("MaxPool1D", "max_pool", 1, 0),
    ("MaxPooling2D", "max_pool", 2, 0), ("MaxPool2D", "max_pool", 2, 0),
    ("MaxPooling3D", "max_pool", 3, 0), ("MaxPool3D", "max_pool", 3, 0),
    ("AveragePooling1D", "avg_pool", 1, 0), ("AvgPool1D", "avg_pool", 1, 0),
    ("AveragePooling2D", "avg_pool", 2, 0), ("AvgPool2D", "avg_pool", 2, 0),
    ("AveragePooling3D", "avg_pool", 3, 0), ("AvgPool3D", "avg_pool", 3, 0))}
KERAS_PADS = {"keras.layers.ZeroPadding1D": 1, "keras.layers.ZeroPadding2D": 2, "keras.layers.ZeroPadding3D": 3}
# TF1's layer classes (`tf.compat.v1.layers.Conv2D`, tf_keras/src/legacy_tf_layers): Keras' subclasses with
# Keras' positions and padding 'valid' (a pool's strides are required); advice only, as a library's
TF1_LAYERS = {f"tensorflow.layers.{name}": layer._replace(library="tf.compat.v1.layers")
              for name, layer in ((n.rpartition(".")[2], KERAS_LAYERS[n]) for n in KERAS_LAYERS)
              if name in {"Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "MaxPooling1D",
                          "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D"}}

_TL = ("filter_size", "strides", "padding")
# per library package: its zero pad layers (short name -> spatial axes; `padding` first, as Keras'
# ZeroPadding*D: an int, a pair per axis, or ((before, after), ...)), and its convs and pools
LIBRARY_PADS = {
    "tensorlayer": {"ZeroPad1d": 1, "ZeroPad2d": 2, "ZeroPad3d": 3},  # TensorLayer 2 (they wrap Keras')
}
LIBRARY_LAYERS = {
    # TensorLayer 2 (tensorlayer/layers/convolution, pooling.py): padding defaults to 'SAME' but for the
    # separable convs and 3-D pools; channels_last by default
    "tensorlayer": {
        "Conv1d": Layer("conv", 1, (1, 2, 4), ("filter_size", "stride", "padding"), 5, 1, "SAME"),
        "Conv2d": Layer("conv", 2, (1, 2, 4), _TL, (3, 3), (1, 1), "SAME"),
        "Conv3d": Layer("conv", 3, (1, 2, 4), _TL, (3, 3, 3), (1, 1, 1), "SAME"),
        "DepthwiseConv2d": Layer("conv", 2, (0, 1, 3), _TL, (3, 3), (1, 1), "SAME"),
        "SeparableConv1d": Layer("conv", 1, (1, 2, 4), _TL, 3, 1, "valid"),
        "SeparableConv2d": Layer("conv", 2, (1, 2, 4), _TL, (3, 3), (1, 1), "valid"),
        "MaxPool1d": Layer("max_pool", 1, (0, 1, 2), _TL, 3, 2, "SAME"),
        "MeanPool1d": Layer("avg_pool", 1, (0, 1, 2), _TL, 3, 2, "SAME"),
        "MaxPool2d": Layer("max_pool", 2, (0, 1, 2), _TL, (3, 3), (2, 2), "SAME"),
        "MeanPool2d": Layer("avg_pool", 2, (0, 1, 2), _TL, (3, 3), (2, 2), "SAME"),
        "MaxPool3d": Layer("max_pool", 3, (0, 1, 2), _TL, (3, 3, 3), (2, 2, 2), "VALID"),
        "MeanPool3d": Layer("avg_pool", 3, (0, 1, 2), _TL, (3, 3, 3), (2, 2, 2), "VALID"),
    },
    # Sonnet 1 and 2 (sonnet/src/conv.py): Conv1D/2D/3D(output_channels, kernel_shape, stride=1, rate=1,
    # padding="SAME", ..., data_format="NHWC"); Sonnet has no pad layer (a tf.pad feeds it)
    "sonnet": {
        name: Layer("conv", rank, (1, 2, 4), ("kernel_shape", "stride", "padding"), None, 1, "SAME")
        for name, rank in (("Conv1D", 1), ("Conv2D", 2), ("Conv3D", 3))
    },
}


def _library(name: str | None, table: dict):
    if not name or "." not in name:
        return None
    return table.get(name.partition(".")[0], {}).get(name.rpartition(".")[2])


def consumer_layer(name: str | None) -> Layer | None:
    """The conv or pool layer class a canonical name calls (Keras' or a known library's), or None."""
    found = (KERAS_LAYERS.get(name) or TF1_LAYERS.get(name)) if name else None
    if found is not None:
        return found
    found = _library(name, LIBRARY_LAYERS)
    return found._replace(library=name.partition(".")[0]) if found is not None else None


def pad_layer(name: str | None) -> int | None:
    """The spatial axes of the zero pad layer class a canonical name calls (Keras' or a known
    library's), or None when it is none."""
    return KERAS_PADS.get(name) if name in KERAS_PADS else _library(name, LIBRARY_PADS)
