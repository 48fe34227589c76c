"""TFP201 forms held-out sets 17 and 18 showed missing, each with look-alikes that must stay silent: a
functional conv called through a local name (`conv_op = slim.conv2d`, or a `functools.partial` of one)
whose padding comes from its argument or from an enclosing `slim.arg_scope([...], padding=...)`; the pad
of each branch of an `if` that assigns the conv's input in both."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text


def lint(code: str, path="model.py"):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])]


def findings(code: str, path="model.py"):
    return lint_text(textwrap.dedent(code), path, target="gaudi2", select=["TFP201"])


def project(tmp_path, files: dict[str, str]):
    tree(tmp_path, {name: textwrap.dedent(text) for name, text in files.items()})
    found = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    return sorted((f.source.path.rsplit("/", 1)[1], f.source.line, f.severity.value) for f in found)


# --- a functional conv held in a local name, its padding from the call or an arg_scope

ALIAS = """\
import functools
import tensorflow as tf
slim = tf.contrib.slim


def extra_layers(x, use_depthwise, use_explicit_padding):
    padding = 'VALID' if use_explicit_padding else 'SAME'
    if use_depthwise:
        conv_op = functools.partial(slim.separable_conv2d, depth_multiplier=1)
    else:
        conv_op = slim.conv2d
    if use_explicit_padding:
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
    return conv_op(x, 64, [3, 3], stride=2, padding=padding)
"""


def test_a_pad_before_a_conv_a_local_name_holds_in_every_branch():
    found = findings(ALIAS)
    assert [(f.source.line, f.severity.value) for f in found] == [(13, "warning")]
    assert "conv2d or separable_conv2d" in found[0].message
    assert found[0].fix.edits == ()  # (advice: the padding is a flag's choice)


def test_the_padding_of_the_other_flag_value_is_same():
    assert lint(ALIAS.replace("if use_explicit_padding:\n        x = tf.pad",
                              "if not use_explicit_padding:\n        x = tf.pad")) == []


def test_a_name_that_holds_something_else_in_one_branch_is_no_conv():
    assert lint(ALIAS.replace("conv_op = slim.conv2d", "conv_op = my_conv")) == []


def test_a_partial_that_binds_the_padding():
    code = ALIAS.replace("depth_multiplier=1)", "depth_multiplier=1, padding='SAME')") \
        .replace(", padding=padding)", ")").replace("conv_op = slim.conv2d", "conv_op = functools.partial("
                                                                            "slim.conv2d, padding='VALID')")
    assert lint(code) == []  # (one of the two is SAME)
    assert lint(code.replace("padding='SAME')", "padding='VALID')")) == [(13, "warning")]


ARG_SCOPE = """\
import tensorflow as tf
slim = tf.contrib.slim


def base(inputs, use_explicit_padding=False):
    padding = 'SAME'
    if use_explicit_padding:
        padding = 'VALID'
    net = inputs
    with tf.variable_scope('base'), slim.arg_scope([slim.conv2d, slim.separable_conv2d], padding=padding):
        if use_explicit_padding:
            net = tf.pad(net, [[0, 0], [1, 1], [1, 1], [0, 0]])
        net = slim.conv2d(net, 32, [3, 3], stride=2)
    return net
"""


def test_a_pad_before_a_slim_conv_whose_arg_scope_makes_it_valid():
    assert lint(ARG_SCOPE) == [(12, "warning")]


def test_an_arg_scope_that_does_not_list_the_op_leaves_its_default():
    assert lint(ARG_SCOPE.replace("[slim.conv2d, slim.separable_conv2d]", "[slim.separable_conv2d]")) == []


def test_the_call_s_own_padding_wins_over_the_arg_scope():
    assert lint(ARG_SCOPE.replace("stride=2)", "stride=2, padding='SAME')")) == []


def test_an_inner_arg_scope_the_source_does_not_list_may_set_the_padding():
    code = ARG_SCOPE.replace("        net = slim.conv2d(net, 32, [3, 3], stride=2)",
                             "        with slim.arg_scope(other_scope()):\n"
                             "            net = slim.conv2d(net, 32, [3, 3], stride=2)")
    assert "other_scope" in code
    assert lint(code) == []
    assert lint(code.replace("other_scope()", "[slim.conv2d], stride=1")) == [(12, "warning")]


def test_an_arg_scope_padding_of_the_other_path_is_same():
    assert lint(ARG_SCOPE.replace("if use_explicit_padding:\n            net", "if not use_explicit_padding:\n"
                                  "            net")) == []


def test_an_arg_scope_of_a_calling_function_is_not_seen():
    code = ARG_SCOPE.replace("    with tf.variable_scope('base'), slim.arg_scope([slim.conv2d, slim.separable_conv2d], "
                             "padding=padding):\n", "    if True:\n")
    assert lint(code) == []  # (slim.conv2d's default is SAME)


# --- both branches of an `if` assign the conv's input


BRANCHES = """\
import tensorflow as tf


def encoder(inputs, n_layers):
    padding = [[0, 0], [1, 1], [1, 1], [0, 0]]
    rectified = None
    for i in range(n_layers):
        if i:
            padded = tf.pad(rectified, padding)
        else:
            padded = tf.pad(inputs, padding)
        convolved = tf.layers.conv2d(padded, filters=64, kernel_size=4, strides=2, padding="VALID")
        rectified = tf.nn.leaky_relu(convolved)
    return rectified
"""


def test_the_pad_of_each_branch_is_reported():
    assert lint(BRANCHES) == [(9, "warning"), (11, "warning")]


def test_a_branch_that_does_not_pad_leaves_only_the_other():
    assert lint(BRANCHES.replace("padded = tf.pad(rectified, padding)", "padded = rectified")) == [(11, "warning")]


def test_both_branch_pads_before_a_tf_nn_conv_are_advice():
    code = BRANCHES.replace('tf.layers.conv2d(padded, filters=64, kernel_size=4, strides=2, padding="VALID")',
                            'tf.nn.conv2d(padded, w, 2, padding="VALID")').replace("n_layers)", "n_layers, w)")
    found = findings(code)
    assert [(f.source.line, f.severity.value) for f in found] == [(9, "warning"), (11, "warning")]
    assert all(f.fix.edits == () for f in found)  # (removing one pad would double the other branch's)


# --- a Keras Lambda that pads, and a conv whose padding a `**kwargs` store sets


OVERRIDE = """\
import tensorflow as tf


def _fixed_padding(inputs, kernel_size, rate=1):
    kernel_size_effective = kernel_size + (kernel_size - 1) * (rate - 1)
    pad_total = kernel_size_effective - 1
    pad_beg = pad_total // 2
    pad_end = pad_total - pad_beg
    padded_inputs = tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])
    return padded_inputs


class _LayersOverride(object):
    def __init__(self, conv_hyperparams=None, use_explicit_padding=False):
        self._conv_hyperparams = conv_hyperparams
        self._use_explicit_padding = use_explicit_padding

    def _FixedPaddingLayer(self, kernel_size, rate=1):
        return tf.keras.layers.Lambda(lambda x: _fixed_padding(x, kernel_size, rate))

    def Conv2D(self, filters, kernel_size, **kwargs):
        if self._conv_hyperparams:
            kwargs = self._conv_hyperparams.params(**kwargs)
        kwargs['padding'] = 'same'
        if self._use_explicit_padding and kernel_size > 1:
            kwargs['padding'] = 'valid'
            def padded_conv(features):
                padded_features = self._FixedPaddingLayer(kernel_size)(features)
                return tf.keras.layers.Conv2D(filters, kernel_size, **kwargs)(padded_features)
            return padded_conv
        else:
            return tf.keras.layers.Conv2D(filters, kernel_size, **kwargs)
"""


def test_a_lambda_layer_a_method_returns_pads_before_a_conv_a_kwargs_store_makes_valid():
    found = findings(OVERRIDE)
    assert [(f.source.line, f.severity.value) for f in found] == [(9, "warning")]
    assert "_fixed_padding()" in found[0].message and found[0].fix.edits == ()


def test_a_kwargs_store_of_same_makes_no_finding():
    assert lint(OVERRIDE.replace("kwargs['padding'] = 'valid'", "kwargs['padding'] = 'same'")) == []


def test_a_kwargs_store_in_a_branch_the_conv_may_not_follow_is_not_known():
    code = OVERRIDE.replace("            kwargs['padding'] = 'valid'\n",
                            "            if filters > 8:\n                kwargs['padding'] = 'valid'\n")
    assert lint(code) == []


def test_a_kwargs_store_after_the_nested_conv_is_not_known():
    code = OVERRIDE.replace("            return padded_conv\n",
                            "            kwargs['padding'] = 'same'\n            return padded_conv\n")
    assert lint(code) == []


def test_a_lambda_that_pads_another_tensor_than_its_input_is_no_pad_of_it():
    assert lint(OVERRIDE.replace("lambda x: _fixed_padding(x, kernel_size, rate)",
                                 "lambda x: _fixed_padding(self.bias, kernel_size, rate)")) == []


def test_a_lambda_that_reflect_pads_is_no_zero_pad():
    code = OVERRIDE.replace("[pad_beg, pad_end], [0, 0]])", "[pad_beg, pad_end], [0, 0]], mode='REFLECT')")
    assert lint(code) == []


def test_a_lambda_of_another_module_s_pad_helper(tmp_path):
    ops = """\
    import tensorflow as tf


    def fixed_padding(inputs, kernel_size):
        pad_total = kernel_size - 1
        pad_beg = pad_total // 2
        return tf.pad(inputs, [[0, 0], [pad_beg, pad_total - pad_beg], [pad_beg, pad_total - pad_beg], [0, 0]])
    """
    model = OVERRIDE.replace("import tensorflow as tf\n", "import tensorflow as tf\nfrom pkg import ops\n") \
        .replace("lambda x: _fixed_padding(x, kernel_size, rate)", "lambda x: ops.fixed_padding(x, kernel_size)")
    assert project(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": ops, "pkg/model.py": model}) == \
        [("model.py", 20, "warning")]
    model = model.replace("lambda x: ops.fixed_padding(x, kernel_size)", "lambda x: ops.resize(x, kernel_size)")
    assert project(tmp_path, {"pkg/model.py": model}) == []


# --- lists of layers applied in order: the layer added after a pad layer


LISTED = """\
import tensorflow as tf
from pkg import ops


class FeatureMaps(tf.keras.Model):
    def __init__(self, depths, use_explicit_padding=False, use_depthwise=False):
        super().__init__()
        self.convolutions = []
        for depth in depths:
            net = []
            padding = 'SAME'
            if use_explicit_padding:
                padding = 'VALID'
                def fixed_padding(features, kernel_size=3):
                    return ops.fixed_padding(features, kernel_size)
                net.append(tf.keras.layers.Lambda(fixed_padding))
            if use_depthwise:
                net.append(tf.keras.layers.DepthwiseConv2D([3, 3], padding=padding, strides=2))
            else:
                net.append(tf.keras.layers.Conv2D(depth, [3, 3], padding=padding, strides=2))
            net.append(tf.keras.layers.BatchNormalization())
            self.convolutions.append(net)

    def call(self, x):
        for layers in self.convolutions:
            for layer in layers:
                x = layer(x)
        return x
"""

OPS = """\
import tensorflow as tf


def fixed_padding(inputs, kernel_size):
    pad_total = kernel_size - 1
    pad_beg = pad_total // 2
    return tf.pad(inputs, [[0, 0], [pad_beg, pad_total - pad_beg], [pad_beg, pad_total - pad_beg], [0, 0]])
"""


def listed(tmp_path, model: str, **more):
    return project(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/model.py": model, **more})


def test_a_lambda_pad_appended_before_a_valid_conv_of_a_list_the_class_applies_in_order(tmp_path):
    assert listed(tmp_path, LISTED) == [("model.py", 15, "warning")]


def test_the_conv_after_the_pad_is_same_on_the_other_flag_path(tmp_path):
    assert listed(tmp_path, LISTED.replace("            if use_explicit_padding:\n                padding = 'VALID'\n",
                                           "            if use_explicit_padding:\n                padding = 'SAME'\n"
                                           )) == []


def test_a_layer_between_the_pad_and_the_conv(tmp_path):
    code = LISTED.replace("                net.append(tf.keras.layers.Lambda(fixed_padding))\n",
                          "                net.append(tf.keras.layers.Lambda(fixed_padding))\n"
                          "            net.append(tf.keras.layers.BatchNormalization())\n")
    assert listed(tmp_path, code) == []


def test_a_list_of_branches_applied_side_by_side_is_no_chain(tmp_path):
    code = LISTED.replace("            for layer in layers:\n                x = layer(x)",
                          "            x = tf.concat([layer(x) for layer in layers], -1)")
    assert listed(tmp_path, code) == []


def test_a_pad_appended_in_a_loop_has_no_next_layer_in_order(tmp_path):
    code = LISTED.replace("                net.append(tf.keras.layers.Lambda(fixed_padding))\n",
                          "                for _ in range(2):\n"
                          "                    net.append(tf.keras.layers.Lambda(fixed_padding))\n")
    assert listed(tmp_path, code) == []


def test_a_zero_padding_layer_then_a_valid_conv_of_a_list_handed_to_a_sequential():
    code = """\
    import tensorflow as tf

    def stem(filters, pad=True):
        layers = []
        if pad:
            layers.append(tf.keras.layers.ZeroPadding2D(1))
        layers.append(tf.keras.layers.Conv2D(filters, 3, strides=2))
        layers.append(tf.keras.layers.ReLU())
        return tf.keras.Sequential(layers)
    """
    assert lint(code) == [(6, "warning")]
    assert lint(code.replace("Conv2D(filters, 3, strides=2)", "Conv2D(filters, 3, strides=2, padding='same')")) == []
    assert lint(code.replace("return tf.keras.Sequential(layers)", "return layers")) == []  # (how it is applied: not said)


FACTORY = """\
import tensorflow as tf


def create_conv_block(use_depthwise, kernel_size, padding, stride, depth):
    layers = []
    if use_depthwise:
        layers.append(tf.keras.layers.SeparableConv2D(depth, [kernel_size, kernel_size], padding=padding,
                                                      strides=stride))
    else:
        layers.append(tf.keras.layers.Conv2D(depth, [kernel_size, kernel_size], padding=padding, strides=stride))
    layers.append(tf.keras.layers.BatchNormalization())
    return layers
"""

EXTRACTOR = """\
import tensorflow as tf
from pkg import ops
from pkg import blocks


class Extractor(tf.keras.Model):
    def build(self, input_shape):
        padding = 'VALID' if self._use_explicit_padding else 'SAME'
        self._coarse = []
        for i in range(2):
            coarse = []
            if self._use_explicit_padding:
                def fixed_padding(features, kernel_size=3):
                    return ops.fixed_padding(features, kernel_size)
                coarse.append(tf.keras.layers.Lambda(fixed_padding, name='fixed_padding'))
            conv_block = blocks.create_conv_block(self._use_depthwise, 3, padding, 2, 64)
            coarse.extend(conv_block)
            self._coarse.append(coarse)

    def call(self, x):
        for coarse in self._coarse:
            for layer in coarse:
                x = layer(x)
        return x
"""


def test_a_pad_before_the_list_a_factory_of_another_module_starts_with_a_valid_conv(tmp_path):
    assert listed(tmp_path, EXTRACTOR, **{"pkg/blocks.py": FACTORY}) == [("model.py", 14, "warning")]


def test_a_factory_whose_first_layer_is_not_a_conv(tmp_path):
    factory = FACTORY.replace("    layers = []\n", "    layers = [tf.keras.layers.BatchNormalization()]\n")
    assert listed(tmp_path, EXTRACTOR, **{"pkg/blocks.py": factory}) == []
    factory = FACTORY.replace("    layers = []\n", "    layers = []\n    layers.append(tf.keras.layers.ReLU())\n")
    assert listed(tmp_path, EXTRACTOR, **{"pkg/blocks.py": factory}) == []


def test_a_factory_passed_same_padding(tmp_path):
    code = EXTRACTOR.replace("create_conv_block(self._use_depthwise, 3, padding, 2, 64)",
                             "create_conv_block(self._use_depthwise, 3, 'SAME', 2, 64)")
    assert listed(tmp_path, code, **{"pkg/blocks.py": FACTORY}) == []


def test_a_factory_of_the_same_file(tmp_path):
    code = EXTRACTOR.replace("from pkg import blocks\n", "") + "\n\n" + FACTORY.replace("import tensorflow as tf\n", "")
    code = code.replace("blocks.create_conv_block", "create_conv_block")
    assert listed(tmp_path, code) == [("model.py", 13, "warning")]
