"""General forms TFP101 reads (issue 11, set 8's gaps): a convolution called through a local name that
holds a framework conv takes the transpose as its filters (a weight layout: info); an axis a `raise` or
`assert` guarantees to be of size 1 moves as a reshape. Each with the look-alike that stays a warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_a_convolution_held_in_a_local_name_takes_the_transpose_as_its_filters():
    code = """\
    import tensorflow as tf

    def generator(x, w, rank, other):
        if rank == 2:
            conv_func = tf.nn.conv2d
            up = lambda x, wt: conv_func(x, tf.transpose(wt, [0, 1, 3, 2]), [1] * 4, "SAME")
        else:
            conv_func = tf.nn.conv3d
            up = lambda x, wt: conv_func(x, tf.transpose(wt, [0, 1, 2, 4, 3]), [1] * 5, "SAME")
        mixed = tf.nn.conv2d if rank == 2 else other
        return up(x, w), mixed(x, tf.transpose(w, [0, 1, 3, 2]))
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(6, "TFP101", "info"), (9, "TFP101", "info"), (11, "TFP101", "warning")]
    assert "the filters of a convolution" in found[0][3]


def test_a_sampled_losss_class_weights_and_filters_by_keyword_are_shared_over_the_batch():
    """`tf.nn.sampled_softmax_loss(weights=tf.transpose(w), ...)` (and `nce_loss`, by position or keyword): its
    weights and biases are one row per class, [num_classes, dim], whatever the code hands them (ludwig's sampled
    sequence loss): the weight convention, info. A convolution's filters handed by keyword (`filters=`) are shared
    over the batch as the positional ones are. The same transpose handed as the loss's `inputs` (the batch's
    activations) or as the input of the convolution stays a warning."""
    code = """\
    import tensorflow as tf

    class Head(tf.keras.layers.Layer):
        def call(self, x, labels, w, b, k):
            a = tf.nn.sampled_softmax_loss(weights=tf.transpose(w), biases=b, labels=labels, inputs=x,
                                           num_sampled=8, num_classes=100)
            c = tf.nn.nce_loss(tf.transpose(w), b, labels, x, 8, 100)
            d = tf.nn.sampled_softmax_loss(weights=w, biases=b, labels=labels, inputs=tf.transpose(x),
                                           num_sampled=8, num_classes=100)
            e = tf.nn.conv2d(x, filters=tf.transpose(k, [0, 1, 3, 2]), strides=1, padding="SAME")
            f = tf.nn.conv2d(input=tf.transpose(x, [0, 1, 3, 2]), filters=k, strides=1, padding="SAME")
            return a + c + d + e + f
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(5, "TFP101", "info"), (7, "TFP101", "info"), (8, "TFP101", "warning"),
                                      (10, "TFP101", "info"), (11, "TFP101", "warning")]
    assert "the class weights of a sampled loss (line 5, [num_classes, dim]; shared over the batch)" in found[0][3]
    assert "the class weights of a sampled loss (line 7" in found[1][3]
    assert "the filters of a convolution (line 10" in found[3][3]


def test_a_transpose_stored_as_a_layers_weight_has_no_batch_axis():
    """`self.lm_head.kernel = tf.transpose(value)` (T5's `set_output_embeddings`, through the name it is assigned to)
    and `self.kernel = tf.transpose(kernel)`: what a Keras layer keeps as its kernel or bias it applies to every
    example, so it has no batch axis (the weight convention, info). Stored under another attribute, or also read
    otherwise, it stays a warning."""
    code = """\
    import tensorflow as tf

    class Model(tf.keras.Model):
        def set_output_embeddings(self, value):
            transposed_value = tf.transpose(value)
            self.lm_head.kernel = transposed_value

        def set_kernel(self, kernel):
            self.kernel = tf.transpose(kernel)

        def call(self, x):
            self.cache = tf.transpose(x)
            y = tf.transpose(x)
            self.lm_head.kernel = y
            return y
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(5, "TFP101", "info"), (9, "TFP101", "info"), (12, "TFP101", "warning"),
                                      (13, "TFP101", "warning")]
    assert "a layer's weight (line 6, `.kernel`; shared over the batch)" in found[0][3]
    assert "a layer's weight (line 9, `.kernel`" in found[1][3]


_FILTERS = """\
import tensorflow as tf


def bank(n, rate, width=1.0):
    freqs = tf.cast(tf.range(n), tf.float32)[:, None] * rate
    return tf.transpose(tf.cos(freqs * width))


def frames(x, hop):
    return tf.transpose(tf.cos(x * hop))


def shared(n, rate, width=1.0):
    freqs = tf.cast(tf.range(n), tf.float32)[:, None] * rate
    return tf.transpose(tf.cos(freqs * width))


def stored(n, rate, width=1.0):
    freqs = tf.cast(tf.range(n), tf.float32)[:, None] * rate
    return tf.transpose(tf.cos(freqs * width))
"""
_TF1_MODEL = """\
import tensorflow as tf
from pkg import filters


class Model(object):
    def __init__(self, features, n):
        self.features = features
        self.n = n

    def loss(self):
        return filters.stored(self.n, self.features)


class Head(tf.keras.layers.Layer):
    def call(self, x):
        model = Model(x, 8)
        return model.loss()
"""
_SPECTRUM = """\
import tensorflow as tf
from pkg import filters


class Spectrum(tf.keras.layers.Layer):
    def __init__(self, n, rate):
        super().__init__()
        self.n = n
        self.rate = rate

    def call(self, x):
        return x + filters.bank(self.n, self.rate / 2, width=2.0) + filters.frames(x, 4) + filters.shared(self.n, x)
"""


def test_a_helper_every_call_of_which_passes_settings_computes_a_table_of_settings(tmp_path):
    """A public function of another module computing a table from its parameters alone (a filterbank of sizes, as
    tensorflowasr's gammatone `fft_weights(self.nfft, ...)`): every call in the project passes a layer's constructor
    settings or literals for them, so the table has no batch factor (info, the weight convention). The look-alikes:
    `frames` is passed the layer's input, `shared` (the same table as `bank`) the input for one of its parameters,
    `stored` (the same again) an attribute a plain (TF1) class's constructor stores, which may hold the batch:
    warnings."""
    from conftest import write_tree
    from test_source_project import found

    from tfperf.source import lint_paths

    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/filters.py": _FILTERS, "pkg/spectrum.py": _SPECTRUM,
                                 "pkg/tf1.py": _TF1_MODEL})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    assert found(result) == [("filters.py", 6, "TFP101", "info"), ("filters.py", 10, "TFP101", "warning"),
                             ("filters.py", 15, "TFP101", "warning"), ("filters.py", 20, "TFP101", "warning")]
    bank = next(f for f in result.findings if f.source.line == 6)
    assert "passes settings or constants (or weights) for what it moves" in bank.message


def test_a_model_input_made_of_settings_is_no_table_of_settings(tmp_path):
    """`keras.Input(input_shape)` is made of a setting but is the batch's data: a block every call of which passes
    a model's input (keras-cv-attention-models' `res_mlp_block(nn, ...)` of `nn = Input(input_shape)`), and a builder
    that makes the input itself from the shape its callers pass (`MaskDecoder(input_shape=...)`), move activations:
    warnings. What a block passes on of its own settings (`filterbank(n, rate)` -> `_bank(n, rate)`) stays a table of
    settings: info."""
    from conftest import write_tree
    from test_source_project import found

    from tfperf.source import lint_paths

    blocks = """\
import tensorflow as tf


def mixing_block(inputs, units):
    nn = tf.keras.layers.Dense(units)(inputs)
    return tf.transpose(nn, [0, 2, 1])


def decoder(input_shape=(16, 8)):
    inputs = tf.keras.Input(input_shape)
    nn = tf.keras.layers.Dense(8)(inputs)
    return tf.keras.Model(inputs, tf.transpose(nn, [0, 2, 1]))


def _bank(n, rate):
    freqs = tf.cast(tf.range(n), tf.float32)[:, None] * rate
    return tf.transpose(tf.cos(freqs))


def filterbank(n, rate):
    return _bank(n, rate / 2)
"""
    models = """\
import tensorflow as tf
from pkg import blocks


def mixer(input_shape, units):
    inputs = tf.keras.Input(input_shape)
    return tf.keras.Model(inputs, blocks.mixing_block(inputs, units))


class Spectrum(tf.keras.layers.Layer):
    def __init__(self, n, rate):
        super().__init__()
        self.n = n
        self.rate = rate

    def call(self, x):
        return x + blocks.filterbank(self.n, self.rate)


MODEL = mixer((16, 8), 4)
DECODER = blocks.decoder(input_shape=(32, 8))
"""
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/blocks.py": blocks, "pkg/models.py": models})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    assert found(result) == [("blocks.py", 6, "TFP101", "warning"), ("blocks.py", 12, "TFP101", "warning"),
                             ("blocks.py", 17, "TFP101", "info")]


def test_a_matmul_operand_every_call_makes_of_settings_is_info_for_tfp103(tmp_path):
    """TFP103 judges the helper the same way: `grid` made of what every call passes, a layer's settings (as
    voxelmorph's mesh of a volume's shape): info; the same function body passed the layer's input: a warning."""
    from conftest import write_tree
    from test_source_project import found

    from tfperf.source import lint_paths

    grids = """\
import tensorflow as tf


def project(points, n, scale):
    grid = tf.cast(tf.range(n), tf.float32)[:, None] * scale
    return tf.matmul(points, tf.transpose(grid))


def project_data(points, n, scale):
    grid = tf.cast(tf.range(n), tf.float32)[:, None] * scale
    return tf.matmul(points, tf.transpose(grid))
"""
    layer = """\
import tensorflow as tf
from pkg import grids


class Warp(tf.keras.layers.Layer):
    def __init__(self, n, scale):
        super().__init__()
        self.n = n
        self.scale = scale

    def call(self, x):
        return grids.project(x, self.n, self.scale) + grids.project_data(x, self.n, x)
"""
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/grids.py": grids, "pkg/warp.py": layer})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP103"], jobs=1)
    assert found(result) == [("grids.py", 6, "TFP103", "info"), ("grids.py", 11, "TFP103", "warning")]


def test_an_axis_a_raise_or_assert_guarantees_to_be_of_size_one_moves_as_a_reshape():
    code = """\
    import tensorflow as tf

    def squeeze_time(x):
        if x.shape.ndims != 6:
            return x
        if x.shape[4] != 1:
            if x.shape[5] > 1:
                raise NotImplementedError("time sequences not supported")
            x = tf.transpose(x, [0, 1, 2, 3, 5, 4])
        return x

    def asserted(x):
        assert x.get_shape().as_list()[-1] == 1
        return tf.transpose(x, [0, 2, 1])

    def guards_another_axis(x):
        if x.shape[0] != 1:
            raise ValueError("one channel")
        return tf.transpose(x, [0, 2, 1])

    def rebound_after_the_guard(x, y):
        if x.shape[2] != 1:
            raise ValueError("one channel")
        x = y
        return tf.transpose(x, [0, 2, 1])

    def no_raise(x):
        if x.shape[2] != 1:
            print("wide")
        return tf.transpose(x, [0, 2, 1])
    """
    assert [f[:3] for f in lint(code)] == [(19, "TFP101", "warning"), (25, "TFP101", "warning"),
                                           (30, "TFP101", "warning")]


def test_a_shape_set_in_one_branch_only_is_not_the_shape_after_it():
    """`if len(x.shape) == 3: x = tf.expand_dims(x, 3)`: after the `if`, x is the parameter or the
    expanded tensor: what both say is known; size 1 on one path only is "maybe 1" (a reshape only if it
    is 1: info, saying so), and a move of another axis is a copy. Where every branch states size 1, it
    is known."""
    code = """\
    import tensorflow as tf

    def flatten(x):
        if len(x.shape) == 3:
            x = tf.expand_dims(x, 3)
        return tf.transpose(x, (0, 1, 3, 2)), tf.transpose(x, (0, 2, 3, 1))

    def both_branches(x, wide):
        if wide:
            x = tf.reshape(x, [-1, 8, 1])
        else:
            x = tf.reshape(x, [-1, 4, 1])
        return tf.transpose(x, (0, 2, 1))
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(6, "TFP101", "info"), (6, "TFP101", "warning")]
    assert "unless axis 3 has size 1" in found[0][3] and "[?, ?, ?, 1?]" in found[0][3]


def test_a_literal_perm_changed_in_place_is_read_after_its_changes():
    code = """\
    import tensorflow as tf

    def swapped(x):
        perm = [0, 1, 2, 3]
        perm[2], perm[3] = perm[3], perm[2]
        return tf.transpose(x, perm)

    def set_back(x):
        perm = [0, 2, 1, 3]
        perm[1] = 1
        perm[2] = 2
        return tf.transpose(x, perm)

    def size_one_moves(x):
        x = tf.reshape(x, [-1, 8, 1])
        perm = [0, 1, 2]
        perm[1], perm[2] = perm[2], perm[1]
        return tf.transpose(x, perm)

    def set_from_a_name(x, k):
        perm = [0, 1, 2]
        perm[2] = k
        return tf.transpose(x, perm)
    """
    assert [f[:3] for f in lint(code)] == [(6, "TFP101", "warning")]


def test_a_built_perm_is_a_matmul_swap_only_when_it_swaps_the_last_two_axes_at_every_rank():
    code = """\
    import tensorflow as tf

    def last_two(a, b):
        perm = [i for i in range(len(a.shape))]
        perm[-2], perm[-1] = perm[-1], perm[-2]
        return tf.matmul(tf.transpose(a, perm), b)

    def fourth_and_last(a, b):
        perm = list(range(len(a.shape)))
        perm[3], perm[-1] = perm[-1], perm[3]
        return tf.matmul(tf.transpose(a, perm), b)
    """
    assert [f[:3] for f in lint(code, select=("TFP101", "TFP103"))] == [(6, "TFP103", "warning"),
                                                                         (11, "TFP101", "warning")]


def test_a_transpose_of_a_tensor_made_only_of_constants_is_folded_once():
    code = """\
    import numpy as np
    import tensorflow as tf

    GRID = np.arange(12).reshape(1, 3, 4)

    class YoloLayer(tf.keras.layers.Layer):
        def __init__(self, max_grid, weights, **kwargs):
            max_grid_h, max_grid_w = max_grid
            cell_x = tf.cast(tf.reshape(tf.tile(tf.range(max_grid_w), [max_grid_h]),
                                        (1, max_grid_h, max_grid_w, 1, 1)), dtype=tf.float32)
            self.cell_y = tf.transpose(cell_x, (0, 2, 1, 3, 4))
            self.moved = tf.transpose(tf.reshape(weights, (1, max_grid_h, max_grid_w, 1, 1)), (0, 2, 1, 3, 4))
            super().__init__(**kwargs)

        def call(self, x, n):
            grid = tf.transpose(tf.constant(GRID, tf.float32), [0, 2, 1])
            table = tf.transpose(tf.reshape(tf.range(n), (1, n, n)), [0, 2, 1])
            noise = tf.transpose(tf.random.uniform((2, 64, 64)), [0, 2, 1])
            return x + grid, table, noise, tf.transpose(x, [0, 2, 1])
    """
    found = lint(code)
    # the grid from the constructor's sizes and the module constant: none; a range sized by a parameter of call()
    # (a tensor may be passed, but it is a size: a table of sizes, `shapes.sized_only`, no data of the step): none;
    # a constructor parameter as data, a random draw and the input: as before
    assert [f[:2] for f in found] == [(12, "TFP101"), (18, "TFP101"), (19, "TFP101")]


def test_halves_of_a_split_in_two_are_not_taken_for_size_1():
    """`u, v = split(x, 2, axis=-1)` of an axis of unknown size is the halves idiom (gMLP's spatial gating,
    HorNet's global filter, GLU): each half is C/2 wide, so moving it is a copy (a warning); a split into
    as many names as a [.., 4] box tensor has coordinates still reads as maybe 1 (info, saying so)."""
    code = """\
    import keras
    import tensorflow as tf

    class SpatialGating(keras.layers.Layer):
        def call(self, x):
            u, v = keras.ops.split(x, 2, axis=2)
            return u * keras.ops.transpose(v, axes=(0, 2, 1))

    class Boxes(keras.layers.Layer):
        def call(self, boxes):
            y0, x0, y1, x1 = tf.split(boxes, 4, axis=2)
            return tf.transpose(y0, [0, 2, 1])
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(7, "TFP101", "warning"), (12, "TFP101", "info")]
    assert "unless axis 2 has size 1" in found[1][3]
