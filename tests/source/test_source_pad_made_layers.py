"""TFP201 through layers project code makes (held-out sets 11 and dev): a pad before a block that a
project factory or class builds and whose `call` hands its input to a conv built "valid" (tf2cv's
`dwconv3x3_block(..., padding=0)` over `ConvBlock` over `Conv2d`, "valid" unless `force_same`), the
TF-"same" pads a function of the file returns through a variable set in both branches of an `if`, and a
framework conv a project factory binds to a module-level name (`Conv2DQuantized =
quantize_wrapped_layer(tf_keras.layers.Conv2D, config)`). Each with the look-alikes it must leave alone."""

from __future__ import annotations

import textwrap

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])]


def found_lines(findings):
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in findings]


COMMON = """\
    import tensorflow as tf
    import tensorflow.keras.layers as nn


    class Conv2d(nn.Layer):
        def __init__(self, filters, kernel_size, padding=0, force_same=False, groups=1, **kwargs):
            super().__init__(**kwargs)
            self.use_conv = groups == 1
            self.use_pad = padding > 0 and not force_same
            if self.use_pad:
                self.pad = nn.ZeroPadding2D(padding=padding)
            if self.use_conv:
                self.conv = nn.Conv2D(filters, kernel_size, padding=("valid" if not force_same else "same"))
            else:
                self.dw_conv = nn.DepthwiseConv2D(kernel_size, padding=("valid" if not force_same else "same"))

        def call(self, x):
            if self.use_pad:
                x = self.pad(x)
            if self.use_conv:
                x = self.conv(x)
            else:
                x = self.dw_conv(x)
            return x


    class ConvBlock(nn.Layer):
        def __init__(self, filters, kernel_size, padding, force_same=False, groups=1, **kwargs):
            super().__init__(**kwargs)
            self.conv = Conv2d(filters, kernel_size, padding=padding, force_same=force_same, groups=groups)
            self.bn = nn.BatchNormalization()

        def call(self, x, training=None):
            x = self.conv(x)
            return self.bn(x, training=training)


    def dwconv_block(filters, kernel_size, padding, **kwargs):
        return ConvBlock(filters, kernel_size, padding, groups=filters, **kwargs)


    def dwconv3x3_block(filters, padding=1, **kwargs):
        return dwconv_block(filters, 3, padding, **kwargs)


    def dwconv5x5_block(filters, padding=2, **kwargs):
        return dwconv_block(filters, 5, padding, **kwargs)
    """

UNIT = """\
    import math
    import tensorflow as tf
    from pkg.common import dwconv3x3_block, dwconv5x5_block


    def calc_tf_padding(x, kernel_size, data_format="channels_last"):
        height, width = x.shape[1:3]
        pad_h = max(kernel_size - 1, 0)
        pad_w = max(kernel_size - 1, 0)
        if data_format == "channels_first":
            paddings_tf = [[0, 0], [0, 0], [pad_h // 2, pad_h - pad_h // 2], [pad_w // 2, pad_w - pad_w // 2]]
        else:
            paddings_tf = [[0, 0], [pad_h // 2, pad_h - pad_h // 2], [pad_w // 2, pad_w - pad_w // 2], [0, 0]]
        return paddings_tf


    class Unit(tf.keras.layers.Layer):
        def __init__(self, filters, kernel_size, tf_mode, data_format="channels_last"):
            super().__init__()
            self.tf_mode = tf_mode
            self.kernel_size = kernel_size
            self.data_format = data_format
            block_fn = dwconv3x3_block if kernel_size == 3 else (dwconv5x5_block if kernel_size == 5 else None)
            self.conv2 = block_fn(filters, padding=(0 if tf_mode else kernel_size // 2){extra})

        def call(self, x, training=None):
            if self.tf_mode:
                x = tf.pad(x, paddings=calc_tf_padding(x, self.kernel_size, data_format=self.data_format))
            x = self.conv2(x, training=training)
            return x
    """


@pytest.mark.parametrize("extra, flagged", [("", True), (", force_same=False", True), (", force_same=True", False)],
                         ids=["default", "force_same-false", "force_same-true"])
def test_a_pad_before_a_block_a_factory_of_another_module_builds(tmp_path, extra, flagged):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/common.py": textwrap.dedent(COMMON),
                    "pkg/unit.py": textwrap.dedent(UNIT).replace("{extra}", extra)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    mine = [f for f in findings if f.source.path.endswith("unit.py")]
    assert found_lines(mine) == ([("unit.py", 28, "warning")] if flagged else [])
    if flagged:
        assert "dwconv3x3_block()" in mine[0].message and mine[0].fix.edits == ()


def test_a_block_whose_call_reads_its_input_with_another_layer_first_is_no_valid_conv(tmp_path):
    common = COMMON.replace("            x = self.conv(x)\n            return self.bn(x, training=training)",
                            "            x = self.bn(x, training=training)\n            return self.conv(x)")
    assert common != COMMON
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/common.py": textwrap.dedent(common),
                    "pkg/unit.py": textwrap.dedent(UNIT).replace("{extra}", "")})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert [f for f in findings if f.source.path.endswith("unit.py")] == []


def test_a_conv_valid_only_under_a_flag_the_class_tests_is_no_valid_layer(tmp_path):
    # ResidualBlock's form: conv1_padding = 'valid' only under use_explicit_padding (default False)
    common = """\
    import tensorflow as tf


    class Block(tf.keras.layers.Layer):
        def __init__(self, filters, use_explicit_padding=False):
            super().__init__()
            self._use_explicit_padding = use_explicit_padding
            conv_padding = "same"
            if use_explicit_padding:
                conv_padding = "valid"
            self._conv = tf.keras.layers.Conv2D(filters, 3, padding=conv_padding)

        def call(self, x):
            return self._conv(x)
    """
    unit = """\
    import tensorflow as tf
    from pkg.common import Block


    class Unit(tf.keras.layers.Layer):
        def __init__(self, filters):
            super().__init__()
            self.block = Block(filters{extra})

        def call(self, x):
            return self.block(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
    """
    for extra in ("", ", use_explicit_padding=True"):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/common.py": textwrap.dedent(common),
                        "pkg/unit.py": textwrap.dedent(unit).replace("{extra}", extra)})
        findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
        assert findings == []  # (a default that is "same": no fact; the flag's own test is not followed)


def test_a_pad_before_a_class_of_the_file_whose_call_pads_then_convs():
    code = textwrap.dedent(COMMON) + textwrap.dedent("""\


    class Stem(nn.Layer):
        def __init__(self, filters):
            super().__init__()
            self.conv = Conv2d(filters, 3, padding=0)

        def call(self, x):
            x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
            return self.conv(x)
    """)
    found = lint(code)
    assert (56, "warning") in found
    assert lint(code.replace("Conv2d(filters, 3, padding=0)", "Conv2d(filters, 3, padding=0, force_same=True)")) \
        == [line for line in found if line[0] != 56]


QUANTIZED = {
    "pkg/__init__.py": "",
    "pkg/helper.py": """\
        import tensorflow as tf
        import tf_keras


        class Wrapper(tf_keras.layers.Wrapper):
            def __init__(self, layer, config):
                super().__init__(layer)


        def quantize_wrapped_layer(cls, quantize_config):

            def constructor(*arg, **kwargs):
                return Wrapper(cls(*arg, **kwargs), quantize_config)

            return constructor


        Conv2DQuantized = quantize_wrapped_layer(tf_keras.layers.Conv2D, None)
        Conv2DOutputQuantized = quantize_wrapped_layer(tf_keras.layers.Conv2D, 1)
        DepthwiseQuantized = quantize_wrapped_layer(tf_keras.layers.DepthwiseConv2D, None)
        NormQuantized = quantize_wrapped_layer(tf_keras.layers.BatchNormalization, None)
        """,
    "pkg/blocks.py": """\
        import tensorflow as tf
        import tf_keras
        from pkg import helper


        class Block(tf_keras.layers.Layer):
            def __init__(self, filters, kernel_size, use_explicit_padding=False, use_normalization=True):
                super().__init__()
                self._kernel_size = kernel_size
                self._use_explicit_padding = use_explicit_padding
                self._use_normalization = use_normalization
                if use_explicit_padding and kernel_size > 1:
                    self._padding = 'valid'
                else:
                    self._padding = 'same'
                self._filters = filters

            def build(self, input_shape):
                if self._use_explicit_padding and self._kernel_size > 1:
                    self._pad = tf_keras.layers.ZeroPadding2D(self._kernel_size // 2)
                conv2d_quantized = (
                    helper.Conv2DQuantized if self._use_normalization else helper.Conv2DOutputQuantized)
                self._conv0 = conv2d_quantized(filters=self._filters, kernel_size=self._kernel_size,
                                               padding={padding})

            def call(self, inputs):
                if self._use_explicit_padding and self._kernel_size > 1:
                    inputs = self._pad(inputs)
                return self._conv0(inputs)
        """,
}


@pytest.mark.parametrize("padding, flagged", [("self._padding", True), ("'same'", False)], ids=["valid", "same"])
def test_a_pad_before_a_framework_conv_a_project_factory_wraps(tmp_path, padding, flagged):
    files = {path: textwrap.dedent(text).replace("{padding}", padding) for path, text in QUANTIZED.items()}
    tree(tmp_path, files)
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert found_lines(findings) == ([("blocks.py", 20, "warning")] if flagged else [])


def test_a_factory_name_of_a_layer_that_is_no_conv_or_not_handed_its_arguments(tmp_path):
    files = {path: textwrap.dedent(text).replace("{padding}", "self._padding") for path, text in QUANTIZED.items()}
    files["pkg/blocks.py"] = files["pkg/blocks.py"].replace(
        "helper.Conv2DQuantized if self._use_normalization else helper.Conv2DOutputQuantized",
        "helper.NormQuantized if self._use_normalization else helper.Conv2DOutputQuantized")
    tree(tmp_path, files)
    assert lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings == []
    files = {path: textwrap.dedent(text).replace("{padding}", "self._padding") for path, text in QUANTIZED.items()}
    files["pkg/helper.py"] = files["pkg/helper.py"].replace("cls(*arg, **kwargs)", "cls(*arg, padding='same')")
    tree(tmp_path, files)
    assert lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings == []


# --- layers and pads a class keeps in lists, zipped in a comprehension or a loop (CoaT's form)

ZIPPED = textwrap.dedent("""\
    import tensorflow as tf
    from tensorflow.keras import layers


    class ConvPosition(layers.Layer):
        def __init__(self, kernel_sizes):
            super().__init__()
            self.kernel_sizes = kernel_sizes

        def build(self, input_shape):
            self.dconvs = []
            self.pads = []
            for kernel_size in self.kernel_sizes:
                dconv = layers.DepthwiseConv2D(kernel_size, strides=1, padding="{padding}")
                if tf.keras.backend.image_data_format() == "channels_last":
                    pad = [[0, 0], [kernel_size // 2, kernel_size // 2], [kernel_size // 2, kernel_size // 2], [0, 0]]
                else:
                    pad = [[0, 0], [0, 0], [kernel_size // 2, kernel_size // 2], [kernel_size // 2, kernel_size // 2]]
                self.dconvs.append(dconv)
                self.pads.append(pad)

        def call(self, inputs):
            splits = tf.split(inputs, len(self.kernel_sizes), axis=-1)
            nn = [dconv(tf.pad(split, pad)) for split, dconv, pad in zip(splits, self.dconvs, self.pads)]
            return tf.concat(nn, axis=-1)
    """)


@pytest.mark.parametrize("padding, flagged", [("valid", True), ("same", False)])
def test_a_pad_from_a_kept_list_before_a_conv_from_a_kept_list_zipped_in_a_comprehension(padding, flagged):
    assert lint(ZIPPED.replace("{padding}", padding)) == ([(24, "warning")] if flagged else [])


def test_the_same_zipped_in_a_for_loop():
    code = ZIPPED.replace("{padding}", "valid").replace(
        "        nn = [dconv(tf.pad(split, pad)) for split, dconv, pad in zip(splits, self.dconvs, self.pads)]\n",
        "        nn = []\n        for split, dconv, pad in zip(splits, self.dconvs, self.pads):\n"
        "            nn.append(dconv(tf.pad(split, pad)))\n")
    assert lint(code) == [(26, "warning")]


@pytest.mark.parametrize("change", [
    ("            self.pads.append(pad)\n",
     "            self.pads.append(pad)\n        self.pads.append([[1, 1], [0, 0], [0, 0], [0, 0]])\n"),
    ("            self.pads.append(pad)\n",
     "            self.pads.append(pad)\n        self.dconvs.append(layers.Dense(4))\n"),
    ("            self.pads.append(pad)\n",
     "            self.pads.append(pad)\n        self.dconvs[0] = layers.Dense(4)\n"),
    ("zip(splits, self.dconvs, self.pads)", "zip(splits, self.dconvs, self.kernel_sizes)"),
], ids=["a pad of the batch axis", "a dense layer", "an element replaced", "not the pads list"])
def test_lists_holding_other_things_make_no_finding(change):
    code = ZIPPED.replace("{padding}", "valid").replace(*change)
    assert code != ZIPPED.replace("{padding}", "valid")
    assert lint(code) == []


# --- Sonnet's form: a pad list another module's function returns (joined from a computed list), kept on
# `self`, and a conv padding that is "VALID" in the branch that keeps the padding function

SONNET_PAD = """\
    import tensorflow as tf  # (a helper module that names TensorFlow)


    def same(effective_kernel_size):
        return [(effective_kernel_size - 1) // 2, effective_kernel_size // 2]


    def create(padding, kernel, n, channel_index):
        paddings = map(lambda x, y: x(y), [padding] * n, [kernel] * n)
        if channel_index == 1:
            paddings = [[0, 0], [0, 0]] + list(paddings)
        else:
            paddings = [[0, 0]] + list(paddings) + [[0, 0]]
        return paddings
    """

SONNET_CONV = """\
    import tensorflow as tf
    from pkg import pad


    class ConvND(tf.Module):
        def __init__(self, output_channels, kernel_shape, padding="SAME", data_format="NHWC"):
            super().__init__()
            self.kernel_shape = kernel_shape
            self.data_format = data_format
            if isinstance(padding, str):
                self.conv_padding = padding.upper()
                self.padding_func = None
            else:
                self.conv_padding = "VALID"
                self.padding_func = padding

        def __call__(self, inputs):
            if self.padding_func:
                self._padding = pad.create(self.padding_func, self.kernel_shape, 2, -1)
            if self.padding_func:
                inputs = tf.pad(inputs, self._padding)
            return tf.nn.convolution(inputs, self.w, padding=self.conv_padding, data_format=self.data_format)
    """


@pytest.mark.parametrize("change, flagged", [
    (None, True),
    (("            self.padding_func = None\n", "            self.padding_func = padding\n"), False),
    (("[[0, 0]] + list(paddings) + [[0, 0]]", "list(paddings) + [[0, 0]]"), False),
    (("[[0, 0], [0, 0]] + list(paddings)", "[[0, 0], [1, 1]] + list(paddings)"), False),
], ids=["sonnet", "the flag set in both branches", "a list that may pad the batch", "a list padding the channels"])
def test_a_pad_by_a_list_another_modules_function_joins_before_a_conv_valid_where_the_pad_runs(tmp_path, change,
                                                                                              flagged):
    files = {"pkg/__init__.py": "", "pkg/pad.py": textwrap.dedent(SONNET_PAD), "pkg/conv.py": textwrap.dedent(SONNET_CONV)}
    if change is not None:
        files = {path: text.replace(*change) for path, text in files.items()}
        assert files != {"pkg/__init__.py": "", "pkg/pad.py": textwrap.dedent(SONNET_PAD),
                         "pkg/conv.py": textwrap.dedent(SONNET_CONV)}
    tree(tmp_path, files)
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert found_lines(findings) == ([("conv.py", 21, "warning")] if flagged else [])


def test_a_helper_module_that_names_no_framework_is_linted_when_a_module_asks_about_it(tmp_path):
    """The cheap test skips a module that names no framework (Sonnet's `pad`): a module that asks about
    one of its functions brings it in, for its facts alone; a framework-free module nobody asks about
    stays skipped."""
    pad_module = textwrap.dedent(SONNET_PAD).replace("import tensorflow as tf  # (a helper module that names "
                                                     "TensorFlow)\n", "")
    assert "tensorflow" not in pad_module
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/pad.py": pad_module, "pkg/conv.py": textwrap.dedent(SONNET_CONV),
                    "pkg/settings.py": "BATCH = 32\n"})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"])
    assert found_lines(result.findings) == [("conv.py", 21, "warning")]
    assert result.parsed == 3  # (__init__, conv, and pad as a helper; not settings)


def test_a_helper_module_through_the_results_cache(tmp_path):
    """A warm run gives the cold run's findings; a changed helper module is brought in again."""
    pad_module = textwrap.dedent(SONNET_PAD).replace("import tensorflow as tf  # (a helper module that names "
                                                     "TensorFlow)\n", "")
    root, cache = tmp_path / "src", tmp_path / "cache"
    tree(root, {"pkg/__init__.py": "", "pkg/pad.py": pad_module, "pkg/conv.py": textwrap.dedent(SONNET_CONV)})

    def run():
        return found_lines(lint_paths([str(root)], target="gaudi2", jobs=1, select=["TFP201"],
                                      cache_dir=str(cache)).findings)

    assert run() == run() == [("conv.py", 21, "warning")]
    (root / "pkg/pad.py").write_text(pad_module.replace("list(paddings) + [[0, 0]]", "list(paddings) + [[1, 1]]"))
    assert run() == []
    (root / "pkg/pad.py").write_text(pad_module + "\n")
    assert run() == [("conv.py", 21, "warning")]


def test_a_pad_before_a_project_pool_whose_output_is_cropped_is_a_shift():
    """NASNet's extra padding: pad (1, 0) on both axes, the project's pool, then a crop of the first row
    and column: a one-pixel shift of the grid, no border the pool could pad itself."""
    code = textwrap.dedent(COMMON) + textwrap.dedent("""\


    class MaxPool(nn.Layer):
        def __init__(self):
            super().__init__()
            self.pool = nn.MaxPooling2D(pool_size=3, strides=2, padding="valid")

        def call(self, x):
            return self.pool(x)


    class ExtraPadded(nn.Layer):
        def __init__(self, extra_padding=False):
            super().__init__()
            self.extra_padding = extra_padding
            self.pool = MaxPool()
            self.pad = nn.ZeroPadding2D(padding=((1, 0), (1, 0)))

        def call(self, x):
            if self.extra_padding:
                x = self.pad(x)
            x = self.pool(x)
            if self.extra_padding:
                x = x[:, 1:, 1:, :]
            return x
    """)
    assert (64, "info") not in lint(code)
    uncropped = code.replace("            x = x[:, 1:, 1:, :]\n", "            x = x[:, :, :, :]\n")
    assert uncropped != code
    assert (64, "info") in lint(uncropped)
