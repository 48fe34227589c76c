"""Layers project code makes, read by the shared resolution (`tfperf.source.factories`, `FileContext.call_name`)
and TFP201's lists and containers: a project factory that returns the framework layer a literal argument chooses
(if/elif, a local name the branches assign, a dict of classes by key and by dims, of the function or the module;
medicai's `get_reshaping_layer(spatial_dims, layer_type="padding", padding=...)` / `get_conv_layer(...,
padding="valid")`, held-out set 37), a wrapper applying a layer unchanged (`TimeDistributed(ZeroPadding2D(1))`
then `TimeDistributed(Conv2D(...))`, keras-climate's MetNet), a Sequential assembled with `.add()` across an `if`
(tf-yolov4's `Convolution`, set 35), a list of layers applied in a loop whose last layer is a pad read by the conv
after the loop (simplegan's discriminators, set 35), a pad layer built only when its own size is positive
(`ZeroPadding2D(pad) if pad > 0 else None`, keras-climate). And the look-alikes: a key not literal at the call,
arguments by position, a factory that edits what it hands on or forwards a default of its own, a padding that
is not 'valid'."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


def lint_project(tmp_path, files: dict[str, str]):
    tree(tmp_path, files)
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in findings]


UTILS = """\
from keras import layers


def get_conv_layer(spatial_dims, layer_type, **kwargs):
    if spatial_dims not in (2, 3):
        raise ValueError(spatial_dims)
    layer_type = layer_type.lower()
    if "filters" not in kwargs and layer_type != "depthwise_conv":
        raise ValueError("filters")
    if layer_type == "conv":
        ConvClass = {2: layers.Conv2D, 3: layers.Conv3D}[spatial_dims]
    elif layer_type == "depthwise_conv":
        if spatial_dims == 2:
            ConvClass = layers.DepthwiseConv2D
        else:
            from pkg.own import DepthwiseConv3D
            ConvClass = DepthwiseConv3D
    else:
        raise ValueError(layer_type)
    return ConvClass(**kwargs)


def get_reshaping_layer(spatial_dims, layer_type, **kwargs):
    layers_map = {
        "upsampling": {2: layers.UpSampling2D, 3: layers.UpSampling3D},
        "padding": {2: layers.ZeroPadding2D, 3: layers.ZeroPadding3D},
    }
    LayerClass = layers_map[layer_type][spatial_dims]
    return LayerClass(**kwargs)
"""


def test_invalid_factories_of_another_module_chosen_by_literal_keys(tmp_path):
    found = lint_project(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": UTILS, "pkg/model.py": """\
        import keras
        from pkg.utils import get_conv_layer, get_reshaping_layer


        def stem(x, spatial_dims, k=7):
            x = get_reshaping_layer(spatial_dims=spatial_dims, layer_type="padding", padding=(k - 1) // 2)(x)
            return get_conv_layer(spatial_dims=spatial_dims, layer_type="conv", filters=64, kernel_size=k,
                                  strides=2, padding="valid")(x)


        def block(x, stride):
            if stride > 1:
                x = get_reshaping_layer(spatial_dims=2, layer_type="padding", padding=1)(x)
            return get_conv_layer(spatial_dims=2, layer_type="Conv", filters=8, kernel_size=3, strides=stride,
                                  padding="valid" if stride > 1 else "same")(x)


        def depthwise(x, spatial_dims):
            x = get_reshaping_layer(spatial_dims=spatial_dims, layer_type="padding", padding=1)(x)
            return get_conv_layer(spatial_dims=spatial_dims, layer_type="depthwise_conv", kernel_size=3,
                                  strides=2, padding="valid")(x)
        """})
    assert found == [("model.py", 6, "warning"), ("model.py", 13, "warning"), ("model.py", 19, "warning")]


def test_valid_factory_calls_that_are_not_read(tmp_path):
    found = lint_project(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": UTILS, "pkg/model.py": """\
        import keras
        from pkg.utils import get_conv_layer, get_reshaping_layer


        def same(x):
            x = get_reshaping_layer(spatial_dims=2, layer_type="padding", padding=1)(x)
            return get_conv_layer(spatial_dims=2, layer_type="conv", filters=8, kernel_size=3, padding="same")(x)


        def chosen(x, kind):  # the key is not literal: the factory may make anything
            x = get_reshaping_layer(spatial_dims=2, layer_type=kind, padding=1)(x)
            return get_conv_layer(spatial_dims=2, layer_type="conv", filters=8, kernel_size=3, padding="valid")(x)


        def positional(x):  # by position: the layer's own arguments would be misread
            x = get_reshaping_layer(2, "padding", padding=1)(x)
            return get_conv_layer(2, "conv", filters=8, kernel_size=3, padding="valid")(x)


        def upsampled(x):
            x = get_reshaping_layer(spatial_dims=2, layer_type="upsampling", size=2)(x)
            return get_conv_layer(spatial_dims=2, layer_type="conv", filters=8, kernel_size=3, padding="valid")(x)
        """})
    assert found == []


@pytest.mark.parametrize("factory, pad, conv", [
    # direct returns in if/elif branches
    ("""\
def make(kind, **kwargs):
    if kind == "pad":
        return layers.ZeroPadding2D(**kwargs)
    elif kind in ("conv", "convolution"):
        return layers.Conv2D(**kwargs)
    raise ValueError(kind)
""", 'make(kind="pad", padding=1)', 'make(kind="convolution", filters=8, kernel_size=3, padding="valid")'),
    # a module-level table by key
    ("""\
LAYERS = {"pad": layers.ZeroPadding2D, "conv": layers.Conv2D, "pool": layers.MaxPooling2D}


def make(kind, **kwargs):
    return LAYERS[kind](**kwargs)
""", 'make(kind="pad", padding=1)', 'make(kind="conv", filters=8, kernel_size=3, padding="valid")'),
    # a flag with its default, and a parameter handed on by its own name (passed at the call)
    ("""\
def make(kind, padding, transpose=False, **kwargs):
    if transpose:
        return layers.Conv2DTranspose(padding=padding, **kwargs)
    return {"pad": layers.ZeroPadding2D, "conv": layers.Conv2D}[kind](padding=padding, **kwargs)
""", 'make(kind="pad", padding=1)', 'make(kind="conv", padding="valid", filters=8, kernel_size=3)'),
    # a direct factory, and a conditional expression on the key
    ("""\
def padder(**kwargs):
    return layers.ZeroPadding2D(**kwargs)


def make(kind, **kwargs):
    cls = layers.Conv2D if kind == "conv" else layers.SeparableConv2D
    return cls(**kwargs)
""", 'padder(padding=1)', 'make(kind="conv", filters=8, kernel_size=3, padding="valid")'),
])
def test_invalid_factory_forms_of_this_file(factory, pad, conv):
    code = f"from tensorflow.keras import layers\n\n\n{factory}\n\ndef net(x):\n    x = {pad}(x)\n" \
           f"    return {conv}(x)\n"
    line = code.splitlines().index(f"    x = {pad}(x)") + 1
    assert lint(code) == [(line, "warning")]


@pytest.mark.parametrize("factory, pad, conv", [
    # it edits what it hands on: the layer does not get the call's keywords
    ("""\
def make(kind, **kwargs):
    kwargs["padding"] = "same" if kind == "conv" else kwargs.get("padding", 1)
    return {"pad": layers.ZeroPadding2D, "conv": layers.Conv2D}[kind](**kwargs)
""", 'make(kind="pad", padding=1)', 'make(kind="conv", filters=8, kernel_size=3, padding="valid")'),
    # a forwarded parameter with a default of its own the call leaves out: the factory's, not the layer's
    ("""\
def make(kind, padding="same", **kwargs):
    return {"pad": layers.ZeroPadding2D, "conv": layers.Conv2D}[kind](padding=padding, **kwargs)
""", 'layers.ZeroPadding2D(1)', 'make(kind="conv", filters=8, kernel_size=3)'),
    # an option the code does not show (a class handed in)
    ("""\
def make(kind, custom=None, **kwargs):
    if kind == "custom":
        return custom(**kwargs)
    return {"pad": layers.ZeroPadding2D, "conv": layers.Conv2D}.get(kind)(**kwargs)
""", 'layers.ZeroPadding2D(1)', 'make(kind="conv", filters=8, kernel_size=3, padding="valid")'),
    # a rebound key: the tests no longer speak of what the call passes
    ("""\
def make(kind, **kwargs):
    kind = ALIASES[kind]
    if kind == "conv":
        return layers.Conv2D(**kwargs)
    return layers.ZeroPadding2D(**kwargs)
""", 'make(kind="pad", padding=1)', 'make(kind="conv", filters=8, kernel_size=3, padding="valid")'),
])
def test_valid_factories_not_read(factory, pad, conv):
    code = f"from tensorflow.keras import layers\n\nALIASES = {{}}\n\n{factory}\n\ndef net(x):\n    x = {pad}(x)\n" \
           f"    return {conv}(x)\n"
    assert lint(code) == []


@pytest.mark.parametrize("wrapper", ["layers.TimeDistributed", "tfa.layers.WeightNormalization"])
def test_invalid_wrapped_layers(wrapper):
    pad = "layers.TimeDistributed(layers.ZeroPadding2D(1))" if "Time" in wrapper else "layers.ZeroPadding2D(1)"
    code = f"""\
        import tensorflow_addons as tfa
        from tensorflow.keras import layers


        def stem(x, factor=4):
            x = {pad}(x)
            x = {wrapper}(layers.Conv2D(96, 3, strides=factor, padding="valid"))(x)
            return x
        """
    assert lint(code) == [(6, "warning")]


def test_valid_wrapped_layers():
    code = """\
        from tensorflow.keras import layers


        def stem(x):
            x = layers.TimeDistributed(layers.ZeroPadding2D(1))(x)
            x = layers.TimeDistributed(layers.Conv2D(96, 3, strides=4, padding="same"))(x)
            return layers.Bidirectional(layers.LSTM(8))(x)
        """
    assert lint(code) == []


SEQUENTIAL = """\
    from tensorflow.keras import layers, Sequential


    class Convolution(layers.Layer):
        def __init__(self, filters, kernel_size, strides=1, **kwargs):
            super().__init__(**kwargs)
            self.sequential = Sequential()
            if strides == 2:
                self.sequential.add(layers.ZeroPadding2D(((1, 0), (1, 0))))
            {between}
            padding = 'same' if strides == 1 else 'valid'
            self._conv = layers.Conv2D(filters, kernel_size, strides, padding=padding)
            self.sequential.add(self._conv)
            self.sequential.add(layers.BatchNormalization())

        def call(self, x):
            return self.sequential(x)
    """


def test_invalid_sequential_added_across_an_if():
    assert lint(SEQUENTIAL.replace("{between}", "pass")) == [(9, "warning")]


@pytest.mark.parametrize("between", [
    "self.sequential.add(layers.BatchNormalization())",  # a layer between the pad and the conv
    "self.sequential = Sequential([layers.Dense(4)])",  # rebound: not one Sequential
])
def test_valid_sequential_with_something_between(between):
    assert lint(SEQUENTIAL.replace("{between}", between)) == []


LOOP = """\
    from tensorflow.keras.layers import BatchNormalization, Conv2D, Input, LeakyReLU, ZeroPadding2D
    from tensorflow.keras.models import Model


    def discriminator(channels, kernel_size=4):
        inputs = Input(shape=(64, 64, 3))
        x = inputs
        stack = []
        for channel in channels:
            stack.append(Conv2D(channel, kernel_size, strides=2, padding="same"))
        stack.append(BatchNormalization())
        stack.append(LeakyReLU())
        {last}
        last = Conv2D(1, kernel_size=kernel_size, strides=1)
        for down in stack:
            x = down(x)
        out = last(x)
        return Model(inputs=inputs, outputs=out)
    """


def test_invalid_list_applied_in_a_loop_ending_in_a_pad():
    assert lint(LOOP.replace("{last}", "stack.append(ZeroPadding2D())")) == [(13, "warning")]


@pytest.mark.parametrize("last", [
    "stack.append(ZeroPadding2D())\n        stack.append(BatchNormalization())",  # not the last layer
    "stack.append(ZeroPadding2D())\n        stack.extend(extra)",  # the list grows otherwise
])
def test_valid_list_not_ending_in_a_pad(last):
    code = LOOP.replace("{last}", last).replace("def discriminator(channels,", "def discriminator(channels, extra,")
    assert lint(code) == []


def test_valid_loop_that_may_break():
    code = LOOP.replace("{last}", "stack.append(ZeroPadding2D())").replace(
        "            x = down(x)", "            x = down(x)\n            if x is None:\n                break")
    assert lint(code) == []


@pytest.mark.parametrize("test, severity", [
    ("pad > 0", "warning"), ("pad >= 1", "warning"), ("0 < pad", "warning"), ("pad", "warning"),
    ("pad != 0", "warning"), ("use_pad", None), ("pad > 1", "warning"), ("pad >= 0", "info"),
])
def test_pad_built_only_when_its_own_size_is_positive(test, severity):
    """(Any other test is what it was: `pad >= 0` may build a pad of nothing, info; a flag no caller sets, none.)"""
    code = f"""\
        from tensorflow.keras import layers


        class PatchEmbed(layers.Layer):
            def __init__(self, patch_size, stride, dim, use_pad=False, **kwargs):
                super().__init__(**kwargs)
                pad = patch_size // 2
                self.pad = layers.ZeroPadding2D(pad) if {test} else None
                self.proj = layers.Conv2D(dim, patch_size, strides=stride, padding="valid")

            def call(self, x):
                if self.pad is not None:
                    x = self.pad(x)
                return self.proj(x)
        """
    assert lint(code) == ([(8, severity)] if severity else [])


CONTAINER = """\
    from tensorflow.keras import layers


    class Stem(layers.Layer):
        def __init__(self, dim, **kwargs):
            super().__init__(**kwargs)
            self.blocks = {"pad": layers.ZeroPadding2D(1), "conv": layers.Conv2D(dim, 3, strides=2, padding="valid")}
            self.stack = [layers.ZeroPadding2D(2), layers.MaxPooling2D(5, strides=2), layers.Conv2D(dim, 5)]
            {change}

        def call(self, x):
            x = self.blocks["pad"](x)
            x = self.blocks["conv"](x)
            y = self.stack[0](x)
            return self.stack[2](y)
    """


def test_invalid_layers_held_in_containers_by_literal_keys():
    assert lint(CONTAINER.replace("{change}", "pass")) == [(7, "warning"), (8, "warning")]


@pytest.mark.parametrize("change", [
    'self.blocks["conv"] = layers.Conv2D(8, 3, padding="same")\n            self.stack.append(layers.Dense(4))',
    'self.blocks.update(conv=layers.Conv2D(8, 3, padding="same"))\n            self.stack.insert(0, layers.Dense(4))',
])
def test_valid_containers_changed_after_they_are_built(change):
    assert lint(CONTAINER.replace("{change}", change)) == []


@pytest.mark.parametrize("key, severity", [('"conv"', [(5, "warning")]), ('"same"', [])])
def test_layers_of_a_local_dict(key, severity):
    code = f"""\
        from tensorflow.keras import layers


        def stem(x, dim):
            blocks = {{"pad": layers.ZeroPadding2D(1), "conv": layers.Conv2D(dim, 3, strides=2),
                      "same": layers.Conv2D(dim, 3, padding="same")}}
            x = blocks["pad"](x)
            return blocks[{key}](x)
        """
    assert lint(code) == severity
