"""TFP201 forms held-out set 10 showed missing, one synthetic file per form with its look-alike: a conv
subclass that pads itself (its pad layer built under a constructor flag the callers decide), a pad
layer held on `self` built in both branches of an `if` before the consumer built on the same path,
layers built into names then listed in a Sequential or added to a model, and other layer libraries'
pad and conv classes (TensorLayer 2, Sonnet)."""

from __future__ import annotations

import textwrap

from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])]


def messages(code: str):
    return [f.message for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])]


# --- a conv subclass that pads itself


PAD_CONV = """\
import tensorflow as tf

class PadConv2D(tf.keras.layers.Conv2D):
    def __init__(self, filters, kernel_size, strides=1, padding="valid", **kwargs):
        super().__init__(filters, kernel_size, strides=strides,
                         padding=padding if padding != "symmetric" else "valid", **kwargs)
        self.pad = (
            tf.keras.layers.ZeroPadding2D(padding=get_padding(kernel_size, strides))
            if padding == "symmetric"
            else None
        )

    def call(self, x):
        if self.pad is not None:
            x = self.pad(x)
        x = super().call(x)
        return x
"""


def test_a_conv_subclass_padding_itself_under_a_string_mode_is_judged_by_what_callers_pass():
    # padding="symmetric" is what builds the pad; the conv is then "valid". A word the callers pass is
    # kept by the project's index (passed.text): the default ("valid") alone builds no pad; a caller
    # passing "symmetric" makes the finding; one passing a value not known here, info
    assert lint(PAD_CONV) == []
    assert lint(PAD_CONV + "\ny = PadConv2D(8, 3, padding='same')(x)\n") == []
    assert lint(PAD_CONV + "\ny = PadConv2D(8, 3, padding=flags.padding)(x)\n") == [(8, "info")]
    code = PAD_CONV + "\ny = PadConv2D(8, 3, padding='symmetric')(x)\n"
    assert lint(code) == [(8, "warning")]
    message = messages(code)[0]
    assert "(padding is 'symmetric' from " in message
    assert message.startswith("zero pad of computed size before PadConv2D's own conv (super().call, padding 'valid'): ")
    assert '(the pad layer is built only when padding == "symmetric")' in message


FLAG_CONV = """\
import tensorflow as tf

class PadConv2D(tf.keras.layers.Conv2D):
    def __init__(self, filters, kernel_size, torch_padding=False, **kwargs):
        super().__init__(filters, kernel_size, padding="valid" if torch_padding else "same", **kwargs)
        self.use_pad = torch_padding
        self.pad = tf.keras.layers.ZeroPadding2D(kernel_size // 2) if self.use_pad else None

    def call(self, x):
        if self.pad is not None:
            x = self.pad(x)
        return super().call(x)
"""


def test_a_conv_subclass_padding_itself_under_a_flag_is_judged_by_what_callers_pass():
    on = FLAG_CONV + "\ny = PadConv2D(8, 3, torch_padding=True)(x)\n"
    off = FLAG_CONV + "\ny = PadConv2D(8, 3, torch_padding=False)(PadConv2D(8, 3)(x))\n"
    unknown = FLAG_CONV + "\ny = PadConv2D(8, 3, torch_padding=flags.torch)(x)\n"
    assert lint(on) == [(7, "warning")]
    assert "torch_padding is True from" in messages(on)[0]
    assert lint(off) == []  # every value known, none builds the pad
    assert lint(unknown) == [(7, "info")]  # the default (False) builds none; the caller's flag is not known
    default_on = FLAG_CONV.replace("torch_padding=False", "torch_padding=True")
    assert lint(default_on + "\ny = PadConv2D(8, 3, torch_padding=flags.torch)(x)\n") == [(7, "warning")]


def test_a_conv_subclass_with_an_unconditional_pad_and_a_literal_valid_super_padding():
    code = """\
    import tensorflow as tf

    class SymConv(tf.keras.layers.Conv2D):
        def __init__(self, filters, kernel_size, **kwargs):
            super().__init__(filters, kernel_size, padding="valid", **kwargs)
            self.pad = tf.keras.layers.ZeroPadding2D(1)

        def call(self, x):
            return super().call(self.pad(x))

    class Passed(tf.keras.layers.Conv2D):
        def __init__(self, filters, kernel_size, **kwargs):
            super().__init__(filters, kernel_size, **kwargs)
            self.pad = tf.keras.layers.ZeroPadding2D(1)

        def call(self, x):
            return super().call(self.pad(x))

    class Default(tf.keras.layers.Conv2D):
        def __init__(self, filters, kernel_size):
            super().__init__(filters, kernel_size)
            self.pad = tf.keras.layers.ZeroPadding2D(1)

        def call(self, x):
            return super().call(self.pad(x))
    """
    # Passed: the padding may arrive in **kwargs (not known); Default: Keras' "valid"
    assert lint(code) == [(6, "warning"), (22, "warning")]


# --- a pad layer held on self, built in both branches


STEM = """\
import tensorflow as tf

class Stem(tf.keras.layers.Layer):
    def __init__(self, cfg):
        super().__init__()
        if cfg.stem_type in {"deep", "deep_tiered"}:
            self.pad1 = tf.keras.layers.ZeroPadding2D(padding=1)
            conv1_0 = tf.keras.layers.Conv2D(32, 3, strides=2, use_bias=False)
            conv1_1 = tf.keras.layers.Conv2D(64, 3, padding="same", use_bias=False)
            self.conv1 = tf.keras.Sequential([conv1_0, tf.keras.layers.ReLU(), conv1_1])
        else:
            self.pad1 = tf.keras.layers.ZeroPadding2D(padding=3)
            self.conv1 = tf.keras.layers.Conv2D(64, 7, strides=2, use_bias=False)

    def call(self, x):
        x = self.pad1(x)
        return self.conv1(x)
"""


def test_a_pad_layer_built_in_both_branches_before_the_conv_built_on_the_same_path():
    assert lint(STEM) == [(7, "warning"), (12, "warning")]
    # the pad of each branch meets the conv of its own branch: a SAME conv there leaves that pad alone
    same = STEM.replace("conv1_0 = tf.keras.layers.Conv2D(32, 3, strides=2, use_bias=False)",
                        "conv1_0 = tf.keras.layers.Conv2D(32, 3, strides=2, padding='same')")
    assert lint(same) == [(12, "warning")]
    other = STEM.replace('self.conv1 = tf.keras.layers.Conv2D(64, 7, strides=2, use_bias=False)',
                         'self.conv1 = tf.keras.layers.Conv2D(64, 7, strides=2, padding="same")')
    assert lint(other) == [(7, "warning")]


# --- layers built into names, then a Sequential or an add chain


def test_named_layers_in_a_sequential_and_in_an_add_chain():
    code = """\
    import tensorflow as tf

    def stem(width, relu_first):
        pad = tf.keras.layers.ZeroPadding2D(padding=1)
        conv = tf.keras.layers.Conv2D(width, 3, strides=2)
        a = tf.keras.Sequential([pad, conv, tf.keras.layers.BatchNormalization()])
        act = tf.keras.layers.ReLU()
        pool_pad = tf.keras.layers.ZeroPadding2D(padding=1)
        pool = tf.keras.layers.MaxPool2D(pool_size=3, strides=2)
        b = tf.keras.Sequential([act, pool_pad, pool])
        loose = tf.keras.layers.ZeroPadding2D(padding=1)
        c = tf.keras.Sequential(layers=[loose, tf.keras.layers.MaxPool2D(3, 2)])
        model = tf.keras.Sequential()
        added = tf.keras.layers.ZeroPadding2D(padding=1)
        model.add(tf.keras.layers.Activation("relu"))
        model.add(added)
        model.add(tf.keras.layers.MaxPooling2D(3, strides=2))
        return a, b, c, model
    """
    # a conv: warning; a max pool after a ReLU in the list (non-negative input): warning; a max pool
    # whose input is not known: info (the pad is needed where the input may be negative)
    assert lint(code) == [(4, "warning"), (8, "warning"), (11, "info"), (14, "warning")]


def test_a_sequential_of_literal_layers_keeps_its_exact_fix():
    code = """\
    import tensorflow as tf

    model = tf.keras.Sequential([
        tf.keras.layers.ReLU(),
        tf.keras.layers.ZeroPadding2D(1),
        tf.keras.layers.MaxPooling2D(3, strides=1),
    ])
    """
    findings = lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP201"])
    assert [(f.source.line, f.severity.value, f.fix.safety.value) for f in findings] == [(5, "warning", "exact")]


# --- other layer libraries


def test_tensorlayer_pad_and_conv_layers():
    code = """\
    import tensorlayer as tl
    from tensorlayer.layers import Conv2d, MaxPool2d, ZeroPad2d

    def convolutional(input_layer, filters_shape, downsample=False):
        if downsample:
            input_layer = ZeroPad2d(((1, 0), (1, 0)))(input_layer)
            padding = 'VALID'
            strides = 2
        else:
            strides = 1
            padding = 'SAME'
        return Conv2d(n_filter=filters_shape[-1], filter_size=(filters_shape[0], filters_shape[1]),
                      strides=(strides, strides), padding=padding)(input_layer)

    def others(x):
        a = tl.layers.Conv2d(16, (3, 3), (1, 1), None, 'VALID')(tl.layers.ZeroPad2d(1)(x))
        b = Conv2d(16, (3, 3))(ZeroPad2d(1)(x))
        c = MaxPool2d((3, 3), (2, 2), 'VALID')(ZeroPad2d(1)(x))
        d = MaxPool2d((3, 3), (2, 2))(ZeroPad2d(1)(x))
        return a, b, c, d
    """
    # the default padding is 'SAME' (b, d); a max pool of an input that may be negative needs its pad (c)
    assert lint(code) == [(6, "warning"), (16, "warning"), (18, "info")]
    message = messages(code)[0]
    assert message.startswith("zero pad [[1,0],[1,0]] before VALID Conv2d: Conv2d can pad by itself")


def test_a_tf_pad_before_a_sonnet_conv():
    code = """\
    import sonnet as snt
    import tensorflow as tf

    class Net(snt.Module):
        def __init__(self):
            super().__init__()
            self.valid = snt.Conv2D(32, 4, stride=2, padding="VALID")
            self.same = snt.Conv2D(32, 4, stride=2)
            self.first = snt.Conv2D(32, 4, 2, 1, "VALID", data_format="NCHW")

        def __call__(self, x):
            a = self.valid(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
            b = self.same(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
            c = self.first(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
            return a, b, c
    """
    # `first` reads NCHW: the pad of axes 1 and 2 is not its border
    assert lint(code) == [(12, "warning")]


def test_a_library_pad_inside_the_library_itself(tmp_path):
    root = tree(tmp_path, {
        "tensorlayer/__init__.py": "",
        "tensorlayer/layers/__init__.py": "from .padding import *\nfrom .convolution import *\n",
        "tensorlayer/layers/padding.py": """\
            class ZeroPad2d:
                def __init__(self, padding, name=None):
                    self.padding = padding
            """,
        "tensorlayer/layers/convolution.py": """\
            class Conv2d:
                def __init__(self, n_filter=32, filter_size=(3, 3), strides=(1, 1), act=None, padding='SAME'):
                    self.padding = padding
            """,
        "tensorlayer/app/yolo.py": """\
            import tensorflow as tf
            from tensorlayer.layers import Conv2d, ZeroPad2d

            def down(x):
                x = ZeroPad2d(((1, 0), (1, 0)))(x)
                return Conv2d(32, (3, 3), (2, 2), padding='VALID')(x)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)
    assert found(result) == [("yolo.py", 5, "TFP201", "warning")]


def test_a_conv_subclass_padding_in_call_under_a_mode_set_from_its_constructor():
    code = """\
    import tensorflow as tf

    class TorchConv(tf.keras.layers.Conv2D):
        def __init__(self, filters, kernel_size, padding_mode="zeros", **kwargs):
            super().__init__(filters, kernel_size, padding="valid" if padding_mode == "torch" else "same", **kwargs)
            self.padding_mode = padding_mode

        def call(self, x):
            if self.padding_mode == "torch":
                x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
            return super().call(x)

    class SameConv(tf.keras.layers.Conv2D):
        def __init__(self, filters, kernel_size, padding_mode="zeros", **kwargs):
            super().__init__(filters, kernel_size, padding="same", **kwargs)
            self.padding_mode = padding_mode

        def call(self, x):
            if self.padding_mode == "torch":
                x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
            return super().call(x)
    """
    # `self.padding_mode == "torch"` in call is `padding_mode == "torch"` in __init__: the conv is "valid"
    # there; a conv that stays "same" pads again after the pad, on purpose
    assert lint(code) == [(10, "warning")]


def test_tf1_layer_classes_are_consumers():
    code = """\
    import tensorflow as tf

    def stem(x):
        pad = tf.keras.layers.ZeroPadding2D(3)
        conv = tf.compat.v1.layers.Conv2D(64, 7, strides=2)
        pool = tf.compat.v1.layers.MaxPooling2D(3, 2, padding="same")
        return pool(conv(pad(x))), pool(pad(x))
    """
    assert lint(code) == [(4, "warning")]


def test_a_relu_that_lets_negative_values_through_does_not_make_the_pool_input_non_negative():
    code = """\
    import tensorflow as tf

    a = tf.keras.Sequential([tf.keras.layers.ReLU(negative_slope=0.1), tf.keras.layers.ZeroPadding2D(1),
                             tf.keras.layers.MaxPooling2D(3, strides=2)])
    b = tf.keras.Sequential([tf.keras.layers.ReLU(threshold=-1.0), tf.keras.layers.ZeroPadding2D(1),
                             tf.keras.layers.MaxPooling2D(3, strides=2)])
    c = tf.keras.Sequential([tf.keras.layers.ReLU(max_value=6.0), tf.keras.layers.ZeroPadding2D(1),
                             tf.keras.layers.MaxPooling2D(3, strides=2)])
    """
    assert lint(code) == [(3, "info"), (5, "info"), (7, "warning")]
