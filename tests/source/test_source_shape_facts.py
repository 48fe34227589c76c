"""Sizes a layer's own code states (`tfperf.source.shapes`) and what TFP101 makes of them: a `Dense(1)`
output, an `add_weight(shape=(units, 1))` kernel through `K.dot` / `tf.tensordot`, a weight kept in a
layer's container attribute, `tf.sequence_mask` of stated lengths, `Permute` of a known tensor; a
weight's transpose priced as info; a helper only `build()` calls runs once. Each with its look-alike
that stays a warning (a real last-axis move of an activation)."""

from __future__ import annotations

import ast
import textwrap

from conftest import write_tree as tree
from test_source_project import found  # (pytest puts this directory on sys.path)

from tfperf import targets
from tfperf.source import lint_paths, lint_text
from tfperf.source.visitor import FileContext, run_visitors

LAYER = """\
import tensorflow as tf
import tensorflow.keras.backend as K
from tensorflow.keras import layers

class Attention(layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.kernel = None
        self.score = layers.Dense(1)
        self.kernels = []
        self.pairs = {}

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 1), name="kernel")
        for head in range(4):
            a_self = self.add_weight(name="a_self", shape=(8, 1))
            a_neigh = self.add_weight(shape=(8, 1))
            self.kernels.append([a_self, a_neigh])
            self.pairs[str(head)] = self.add_weight("pair", (16, 16))

    def call(self, x, lengths):
        column = K.dot(x, self.kernel)
        biased = tf.nn.bias_add(tf.tensordot(x, self.kernel, axes=(-1, 0)), x)
        pair = self.kernels[0]
        neigh = K.dot(x, pair[1])
        scored = self.score(x)
        dense = layers.Dense(units=4)(tf.zeros([8, 5, 3]))
        permuted = layers.Permute((2, 1))(dense)
        mask = tf.sequence_mask(tf.zeros([8, 1]), 20)
        unstated = tf.sequence_mask(lengths, 20)
        weight = self.pairs["0"]
        return column, biased, pair, neigh, scored, dense, permuted, mask, unstated, weight, x
"""


def facts(code: str) -> dict[str, tuple]:
    """(known dims by index, rank, is a weight) of every name the last function returns."""
    code = textwrap.dedent(code)
    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])  # the walk: parents, scopes, imports
    result = {}
    returned = [n for n in ast.walk(file.tree) if isinstance(n, ast.Return)][-1].value
    for name in returned.elts:
        shape = file.shapes.of(name)
        result[name.id] = (None if shape is None else (shape.rank, shape.known), file.shapes.is_weight(name))
    return result


def test_sizes_a_layer_states_through_its_weights_and_sublayers():
    assert facts(LAYER) == {
        "column": ((None, {-1: 1}), False),  # K.dot with an (n, 1) kernel: a column
        "biased": ((None, {-1: 1}), False),
        "pair": ((3, {0: 2, 1: 8, 2: 1}), True),  # an item of a container the layer appends to
        "neigh": ((None, {-1: 1}), False),
        "scored": ((None, {-1: 1}), False),  # self.score = Dense(1)
        "dense": ((3, {0: 8, 1: 5, 2: 4}), False),
        "permuted": ((3, {0: 8, 1: 4, 2: 5}), False),
        "mask": ((3, {0: 8, 1: 1, 2: 20}), False),  # sequence_mask of [8, 1] lengths
        "unstated": ((None, {-1: 20}), False),
        "weight": ((2, {0: 16, 1: 16}), True),
        "x": (None, False),
    }


def test_an_attribute_assigned_two_shapes_keeps_only_what_they_agree_on():
    code = """\
    import tensorflow as tf

    class Head(tf.keras.layers.Layer):
        def build(self, input_shape):
            if self.wide:
                self.w = self.add_weight(shape=(4, 64))
            else:
                self.w = self.add_weight(shape=(8, 64))
            self.v = tf.zeros([3, 3])
            self.v = tf.zeros([3])

        def call(self, x):
            w = self.w
            v = self.v
            return w, v
    """
    assert facts(code) == {"w": ((2, {1: 64}), True), "v": (None, False)}


def lint(code: str, select=("TFP101",), target="gaudi2"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), "model.py", target=target, select=list(select))]


def test_moving_a_size_one_axis_a_layer_states_is_a_reshape_and_a_wide_one_is_a_copy():
    code = """\
    import tensorflow.keras.backend as K
    from tensorflow.keras import layers

    class GraphAttention(layers.Layer):
        def build(self, input_shape):
            self.attn_kernels = []
            self.kernels = []
            for head in range(2):
                self.attn_kernels.append([self.add_weight(shape=(self.units, 1)),
                                          self.add_weight(shape=(self.units, 1))])
                self.kernels.append(self.add_weight(shape=(self.units, 64)))

        def call(self, features):
            attention_kernel = self.attn_kernels[0]
            attn_for_self = K.dot(features, attention_kernel[0])
            attn_for_neighs = K.dot(features, attention_kernel[1])
            dense = attn_for_self + K.transpose(attn_for_neighs)
            projected = K.dot(features, self.kernels[0])
            return dense, K.transpose(projected)

    def scores(hidden):
        score = layers.Dense(1)(hidden)
        wide = layers.Dense(64)(hidden)
        return layers.Permute((2, 1))(score), layers.Permute((2, 1))(wide)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(19, "TFP101", "warning"), (24, "TFP101", "warning")]
    assert found[0][3].endswith("a copy of the whole tensor on gaudi2 (256 B in float32 per index of its first axis, a "
                                "length the source does not state)")
    assert "a copy of the whole tensor on gaudi2; its cost depends on a size the source does not state" in found[1][3]
    assert "[?, 64]" in found[0][3]


def test_a_weights_transpose_is_priced_as_info_and_an_activations_is_not():
    code = """\
    import tensorflow as tf

    class FieldPairs(tf.keras.layers.Layer):
        def build(self, input_shape):
            embedding_size = int(input_shape[2])
            self.pairs = {}
            for i in range(3):
                self.pairs[str(i)] = self.add_weight(shape=(embedding_size, embedding_size))
            self.small = self.add_weight(name="small", shape=(16, 16))
            self.big = tf.Variable(tf.zeros([4096, 4096]))

        def call(self, x):
            w = self.pairs["0"]
            y = tf.matmul(x, w + tf.transpose(w))
            y = y + tf.transpose(self.small) + tf.transpose(self.big)[0]
            return tf.transpose(y)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(14, "TFP101", "info"), (15, "TFP101", "info"), (15, "TFP101", "info"),
                                      (16, "TFP101", "warning")]
    unknown, small, big, activation = (f[3] for f in found)
    assert "of a weight: a copy of its size once per step, with no batch factor" in unknown
    assert "µs per MiB of weight on gaudi2; the source does not state its size" in unknown
    assert "of [16, 16]" in small and "µs on gaudi2 in float32" in small
    # 64 MiB read and written once at the target's bandwidth: priced from the profile, not shouted
    gaudi2, nbytes = targets.load("gaudi2"), 4096 * 4096 * 4
    launch, bandwidth = gaudi2.launch_and_bandwidth(nbytes)
    seconds = launch + gaudi2.transpose_traffic(nbytes, 4096 * 4) / bandwidth
    assert 10e-6 < seconds < 1e-3 and f"({seconds * 1e6:.1f} µs on gaudi2 in float32; " in big
    assert "weight" not in activation


def test_a_method_only_build_calls_runs_once_and_one_call_also_uses_runs_every_step():
    code = """\
    import tensorflow as tf
    from tensorflow import keras

    class WindowAttention(keras.layers.Layer):
        def build(self, input_shape):
            self.index = self.relative_index(7)

        def relative_index(self, n):
            coords = tf.reshape(tf.random.uniform([2, n, n]), [2, -1])
            return tf.transpose(coords[:, :, None] - coords[:, None, :], [1, 2, 0])

        def bias(self, x):
            grid = tf.reshape(x, [2, -1])
            return tf.transpose(grid[:, :, None] - grid[:, None, :], [1, 2, 0])

        def call(self, x):
            return x + self.bias(x)

    class Other(keras.layers.Layer):
        def build(self, input_shape):
            self.b = self.bias(3)

        def bias(self, n):
            return tf.transpose(tf.random.normal([n, n, n]), [1, 2, 0])
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(10, "TFP101", "info"), (14, "TFP101", "warning"), (24, "TFP101", "info")]
    assert "computed once" in found[0][3]


def test_a_range_perm_with_the_last_axis_swapped_for_another_moves_it():
    code = """\
    import tensorflow as tf

    class KMaxPooling(tf.keras.layers.Layer):
        def call(self, inputs):
            perm = list(range(self.dims))
            perm[-1], perm[self.axis] = perm[self.axis], perm[-1]
            shifted = tf.transpose(inputs, perm)
            top_k = tf.nn.top_k(shifted, k=self.k, sorted=True)[0]
            return tf.transpose(top_k, perm)

    def keeps_the_last_axis(x, n):
        perm = list(range(n))
        perm[0], perm[1] = perm[1], perm[0]
        return tf.transpose(x, perm)

    def changed_again(x, n, axis):
        perm = list(range(n))
        perm[-1], perm[axis] = perm[axis], perm[-1]
        perm.append(n)
        return tf.transpose(x, perm)

    def swapped_with_axis_3(x, n):
        perm = list(range(n))
        perm[3], perm[-1] = perm[-1], perm[3]
        return tf.transpose(x, perm)
    """
    found = lint(code)
    # (swapped_with_axis_3 is a public function no layer, loss or training step of the file reaches: info)
    assert [f[:3] for f in found] == [(7, "TFP101", "warning"), (9, "TFP101", "warning"), (25, "TFP101", "info")]
    assert found[0][3].startswith("transpose perm=list(range(rank)) with the last axis and axis self.axis swapped "
                                  "moves the last (fastest-changing) axis")


def test_a_range_perm_built_by_a_comprehension_and_swaps_of_literal_indices():
    """`[i for i in range(rank)]` then `perm[-2], perm[-1] = perm[-1], perm[-2]`: the last two axes
    swapped whatever the rank, also where a loop reads the list; swaps whose effect on the last axis
    the unstated rank decides, or that keep it, or a loop that changes the list, are not flagged."""
    code = """\
    import tensorflow as tf

    def merge(roots):
        x = tf.stack(roots, axis=-1)
        perm = [i for i in range(x.shape.ndims)]
        perm[-2], perm[-1] = perm[-1], perm[-2]
        for _ in range(3):
            x = tf.transpose(x, perm=perm)
        return x

    def two_swaps(x, n):
        perm = list(range(n))
        perm[0], perm[1] = perm[1], perm[0]
        perm[-3], perm[-1] = perm[-1], perm[-3]
        return tf.transpose(x, perm)

    def rank_decides(x, n):
        perm = list(range(n))
        perm[0], perm[1] = perm[1], perm[0]
        return tf.transpose(x, perm)

    def keeps_the_last_axis(x, n):
        perm = [i for i in range(n)]
        perm[-3], perm[-2] = perm[-2], perm[-3]
        return tf.transpose(x, perm)

    def changed_in_the_loop(x, n):
        perm = list(range(n))
        perm[-2], perm[-1] = perm[-1], perm[-2]
        for _ in range(3):
            x = tf.transpose(x, perm)
            perm.append(n)
        return x
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(8, "TFP101", "warning"), (15, "TFP101", "warning")]
    assert found[0][3].startswith("transpose perm=list(range(rank)) with the last axis and axis -2 swapped moves the "
                                  "last (fastest-changing) axis")
    assert "axes 0 and 1, then the last axis and axis -3 swapped" in found[1][3]


def test_a_project_layers_stated_output_reaches_the_transpose_of_its_result_in_another_file(tmp_path):
    tree(tmp_path / "pkg", {
        "__init__.py": "",
        "core.py": """\
        import tensorflow as tf

        class LocalActivation(tf.keras.layers.Layer):
            def build(self, input_shape):
                self.kernel = self.add_weight(shape=(input_shape[0][-1], 1))

            def call(self, inputs):
                query, keys = inputs
                return tf.nn.bias_add(tf.tensordot(keys, self.kernel, axes=(-1, 0)), self.bias)

        class Wide(tf.keras.layers.Layer):
            def call(self, x):
                return tf.keras.layers.Dense(32)(x)
        """,
        "pooling.py": """\
        import tensorflow as tf
        from pkg.core import LocalActivation, Wide

        class AttentionPooling(tf.keras.layers.Layer):
            def build(self, input_shape):
                self.local_att = LocalActivation()
                self.wide = Wide()

            def call(self, inputs):
                score = self.local_att(inputs)
                scores = tf.transpose(score, (0, 2, 1))
                return scores, tf.transpose(self.wide(inputs[1]), (0, 2, 1)), tf.transpose(Wide()(score), (0, 2, 1))
        """,
    })
    assert found(lint_paths([str(tmp_path / "pkg")], target="gaudi2", select=["TFP101"], jobs=1)) == [
        ("pooling.py", 12, "TFP101", "warning"), ("pooling.py", 12, "TFP101", "warning")]


def test_a_layers_declared_output_shape_reaches_the_permute_of_its_result_in_another_file(tmp_path):
    tree(tmp_path / "pkg", {
        "__init__.py": "",
        "layers.py": """\
        import tensorflow as tf
        from pkg.activation import normalize

        class AttentionPooling(tf.keras.layers.Layer):
            def __init__(self, return_score=False):
                super().__init__()
                self.return_score = return_score

            def call(self, inputs):
                scores = normalize(inputs)
                if not self.return_score:
                    scores = tf.matmul(scores, inputs[1])
                return scores

            def compute_output_shape(self, input_shape):
                if self.return_score:
                    return (None, 1, input_shape[1][1])
                return (None, 1, input_shape[0][-1])

        class Mixer(tf.keras.layers.Layer):
            def call(self, inputs):
                return normalize(inputs)

            def compute_output_shape(self, input_shape):
                if self.wide:
                    return (None, 4, input_shape[1][1])
                return (None, 1, input_shape[0][-1])
        """,
        "model.py": """\
        from tensorflow.keras.layers import Permute
        from pkg.layers import AttentionPooling, Mixer

        def model(query, keys, length):
            scores = AttentionPooling(return_score=True)([query, keys, length])
            mixed = Mixer()([query, keys])
            pooled = Permute([2, 1])(scores)
            return pooled, Permute([2, 1])(mixed)
        """,
    })
    # every shape AttentionPooling declares is [?, 1, ?]: the Permute moves a size-1 axis; Mixer's disagree
    assert found(lint_paths([str(tmp_path / "pkg")], target="gaudi2", select=["TFP101"], jobs=1)) == [
        ("model.py", 8, "TFP101", "warning")]


def test_an_attribute_or_container_also_stored_another_way_has_no_stated_shape():
    code = """\
    import tensorflow as tf

    class Head(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.u = self.add_weight(shape=(1, 8))
            self.kernels = [self.add_weight(shape=(8, 1))]
            self.kernels.extend(self.more())
            self.bias = tf.zeros([4])
            self.bias += 1.0
            self.column = self.add_weight(shape=(8, 1))

        def reset(self):
            self.u, self.v = self.fresh()

        def call(self, x):
            u = self.u
            kernel = self.kernels[0]
            bias = self.bias
            column = self.column
            return u, kernel, bias, column
    """
    assert facts(code) == {"u": (None, False), "kernel": (None, False), "bias": (None, False),
                           "column": ((2, {0: 8, 1: 1}), True)}


def test_a_tensor_computed_only_from_a_weight_is_priced_as_the_weight_is():
    code = """\
    import tensorflow as tf
    from project import normalize

    def sn_embedding(x, classes, size, training=True):
        table = tf.compat.v1.get_variable("table", shape=[classes, size])
        table_bar_t = normalize(tf.transpose(a=table), training=training, constrained=False)
        table_bar = tf.transpose(a=table_bar_t)
        return tf.nn.embedding_lookup(params=table_bar, ids=x)

    def mixed(x, classes, size):
        table = tf.compat.v1.get_variable("table", shape=[classes, size])
        return tf.transpose(normalize(tf.transpose(table), x))

    def looked_up(x, classes, size, scale=None):
        table = tf.compat.v1.get_variable("table", shape=[classes, size])
        return tf.transpose(tf.nn.embedding_lookup(table, x)), tf.transpose(table * scale)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(6, "TFP101", "info"), (7, "TFP101", "info"), (12, "TFP101", "warning"),
                                      (12, "TFP101", "info"), (16, "TFP101", "warning"), (16, "TFP101", "warning")]
    weight, derived = found[0][3], found[1][3]
    assert "of a weight: a copy of its size once per step" in weight
    assert "of a tensor computed only from weights: a copy of its size once per step" in derived
    price = "with no batch factor (16.1 µs per MiB of weight on gaudi2; the source does not state its size; " \
            "a warning from 1.00 ms per step)"
    assert price in weight and price in derived  # one price for one tensor, whichever way it is reached
    # an activation mixed in (x), a lookup by the batch's ids, a factor of unknown kind (`scale=None`): copies
    assert all("weight" not in f[3] for f in (found[2], *found[4:]))


def test_a_weights_transpose_is_a_warning_when_its_stated_size_costs_a_millisecond_per_step():
    code = """\
    import tensorflow as tf

    class Table(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.huge = tf.Variable(tf.zeros([65536, 8192]))
            self.wide = tf.Variable(tf.zeros([8192, 8192]))

        def call(self, ids):
            return tf.gather(tf.transpose(self.huge), ids), tf.gather(tf.transpose(self.wide), ids)
    """
    huge, wide = lint(code)
    gaudi2 = targets.load("gaudi2")
    for (line, code_, severity, message), rows in ((huge, 65536), (wide, 8192)):
        nbytes = rows * 8192 * 4
        launch, bandwidth = gaudi2.launch_and_bandwidth(nbytes)
        seconds = launch + gaudi2.transpose_traffic(nbytes, 8192 * 4) / bandwidth
        assert severity == ("warning" if seconds >= 1e-3 else "info"), (seconds, message)
        shown = f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.1f} µs"
        assert f"({shown} on gaudi2 in float32; a warning from 1.00 ms per step)" in message
    assert huge[2] == "warning" and wide[2] == "info"  # 2 GiB: about 1.7 ms; 256 MiB: about 0.2 ms


def test_a_matmul_operand_of_a_few_stated_elements_is_info_and_a_wide_one_a_warning():
    code = '''\
    import tensorflow as tf

    def warp(coords, matrix):
        """Warp coordinates.

        Args:
            coords: tensor with shape (n, 4).
            matrix: tensor with shape (4, 4), affine matrix.
        """
        return coords @ tf.transpose(matrix)

    def project(coords, matrix):
        """Project coordinates.

        Args:
            matrix: tensor with shape (64, 64).
        """
        return coords @ tf.transpose(matrix)

    def undocumented(coords, matrix):
        return coords @ tf.transpose(matrix)

    def stated(coords):
        return tf.matmul(coords, tf.transpose(tf.random.normal([4, 4]))), tf.transpose(tf.reshape(coords, [8, 4, 2]), [0, 2, 1])

    def relabelled(x):
        return tf.einsum("ij,bjk->bik", tf.transpose(tf.random.normal([4, 4])), x), tf.einsum("ij,bjk->bik", tf.transpose(x), x)
    '''
    found = lint(code, select=("TFP101", "TFP103"))
    assert [f[:3] for f in found] == [(10, "TFP103", "info"), (18, "TFP103", "warning"), (21, "TFP103", "warning"),
                                      (24, "TFP103", "info"), (24, "TFP101", "info"), (27, "TFP103", "info"),
                                      (27, "TFP103", "warning")]
    assert found[0][3].endswith("; but the input is [4, 4] (16 elements, as stated in warp()'s docstring for "
                                "matrix): the copy costs an op's launch, not bandwidth")
    assert "but the input is [4, 4] (16 elements): the copy costs" in found[3][3]
    assert "of [8, 4, 2] moves the last (fastest-changing) axis" in found[4][3] and "64 elements" in found[4][3]


def test_a_size_one_axis_only_a_docstring_states_makes_a_transpose_info_that_says_so():
    """`tf.transpose(y_true)[0]` of labels the docstring gives as `[batch_size, 1]` (held-out set 6's
    recommendation losses): only the size-1 axis moves, a reshape, by the author's word (info, naming
    it); a documented `[batch_size, 8]` and an undocumented parameter stay warnings."""
    code = '''\
    import tensorflow as tf

    def loss(y_true, y_pred):
        """Loss.

        Args:
          y_true: the true labels with shape [batch_size, 1].
          y_pred: similarities with shape [batch_size, vocab_size].
        """
        return tf.gather(y_pred, tf.transpose(y_true)[0], axis=1)

    def wide_loss(y_true, y_pred):
        """Loss.

        Args:
          y_true: the true labels with shape [batch_size, 8].
        """
        return tf.gather(y_pred, tf.transpose(y_true)[0], axis=1)

    def undocumented_loss(y_true, y_pred):
        return tf.gather(y_pred, tf.transpose(y_true)[0], axis=1)
    '''
    found = lint(code)
    assert [f[:3] for f in found] == [(10, "TFP101", "info"), (18, "TFP101", "warning"), (21, "TFP101", "warning")]
    assert found[0][3].endswith("; but the input is [?, 1], as stated in loss()'s docstring for y_true: then only "
                                "axes of size 1 move, a reshape and no copy")


def test_sizes_stated_by_convolutions_draws_lambdas_helpers_and_concats():
    """A convolution's channels are its filters' last axis (`kernel[:, None, None]`: one filter) or a
    Conv layer's `filters`, in channels-last formats only; `tf.random.categorical(logits, n)` is
    `[batch, n]`; a lambda or a function of the file (not a method) applied to a tensor has the shape
    its body or every return states; `tf.concat` adds the stated sizes along its axis; `expand_dims(x, 0)` moves
    the known leading axes one on."""
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    def add_axis(x):
        return x[:, None, :]

    def pair(x):
        return x, x

    class Frontend(layers.Layer):
        def build(self, input_shape):
            self.reshape_input = lambda x: x[:, None, :]
            self.maybe = lambda x: x
            self.conv = layers.Conv2D(1, 3)
            self.first = layers.Conv2D(1, 3, data_format="channels_first")

        def expand(self, x):
            return x[:, None, :]

        def call(self, x, kernel, logits, y):
            if self.wide:
                self.maybe = lambda x: x[None]
            lam = self.reshape_input(x)
            either = self.maybe(x)
            helper = add_axis(x)
            single = tf.nn.conv1d(x, kernel[:, None, None], stride=2, padding="VALID")
            nchw = tf.nn.conv2d(x, kernel, 1, "SAME", data_format="NCHW")
            layer = self.conv(tf.zeros([8, 32, 32, 3]))
            first = self.first(x)
            drawn = tf.random.categorical(tf.zeros([8, 5]), 1)
            boxes = tf.concat([tf.expand_dims(x, 0), tf.expand_dims(y, 0)], 0)
            wide = tf.expand_dims(boxes, 0)
            two = pair(x)
            method = self.expand(x)
            return lam, either, helper, single, nchw, layer, first, drawn, boxes, wide, two, method
    """
    assert facts(code) == {
        "lam": ((None, {1: 1}), False),
        "either": (None, False),  # one of its lambdas states nothing
        "helper": ((None, {1: 1}), False),
        "single": ((3, {2: 1}), False),
        "nchw": (None, False),
        "layer": ((4, {0: 8, 3: 1}), False),
        "first": (None, False),
        "drawn": ((2, {0: 8, 1: 1}), False),
        "boxes": ((None, {0: 2}), False),
        "wide": ((None, {0: 1, 1: 2}), False),
        "two": (None, False),  # a tuple: several tensors
        "method": (None, False),  # a subclass may override it
    }


def test_a_single_filter_convolution_output_moves_a_size_one_axis_and_packed_coordinates_are_info():
    """basic-pitch's downsampling (`tf.nn.conv1d(x, k[:, None, None])` then `[0, 2, 1]`) moves only the
    one channel: no finding, neither for the transpose into it (filters of one input channel: the input has
    one channel too); sixteen filters are a copy. Four `[1, n]` box coordinates concatenated and
    given a leading axis (`[1, 4, ?]`) are a few vectors: info, as packed ones are."""
    code = """\
    import tensorflow as tf

    def downsample(x, kernel):
        return tf.transpose(tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), kernel[:, None, None], 2, "VALID"), [0, 2, 1])

    def widen(x, kernel):
        return tf.transpose(tf.nn.conv1d(x, tf.zeros([3, 1, 16]), 2, "VALID"), [0, 2, 1])

    def boxes(features):
        xmin = tf.expand_dims(features["xmin"].values, 0)
        ymin = tf.expand_dims(features["ymin"].values, 0)
        bbox = tf.concat([ymin, xmin, ymin + 1, xmin + 1], 0)
        return tf.transpose(tf.expand_dims(bbox, 0), [0, 2, 1])
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(7, "TFP101", "warning"), (13, "TFP101", "info")]
    assert "of [1, 4, ?]" in found[1][3] and "its size is 4 x an axis" in found[1][3]


def test_a_convolutions_filters_and_a_framework_layers_variable_are_priced_as_weights():
    """basic-pitch's CQT kernels transposed into `tf.nn.conv1d`'s filters, piano genie's
    `tf.transpose(vq.embeddings)` of a Sonnet VectorQuantizer the code makes: no batch axis, info
    with a weight's price; the same kernel as the conv's input, or `.kernel` of a parameter, stays a
    warning."""
    code = """\
    import sonnet as snt
    import tensorflow as tf

    def frontend(x, kernel, layer):
        framed = tf.nn.conv1d(x, tf.transpose(kernel, [2, 1, 0]), stride=2, padding="VALID")
        vq = snt.nets.VectorQuantizer(embedding_dim=8, num_embeddings=64, commitment_cost=0.25)
        dense = tf.keras.layers.Dense(8)
        return framed, tf.transpose(vq.embeddings), tf.transpose(dense.kernel), tf.transpose(layer.kernel)

    def as_input(x, kernel):
        return tf.nn.conv1d(tf.transpose(kernel, [2, 1, 0]), x, stride=2, padding="VALID")
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(5, "TFP101", "info"), (8, "TFP101", "info"), (8, "TFP101", "info"),
                                      (8, "TFP101", "warning"), (11, "TFP101", "warning")]
    assert found[0][3].startswith("transpose perm=[2, 1, 0] moves the last (fastest-changing) axis of the filters of "
                                  "a convolution (line 5; shared over the batch): a copy of its size once per step, "
                                  "with no batch factor (")
    assert "reverses every axis (taken as 2-D) moves the last (fastest-changing) axis of a weight: " in found[1][3]


def test_a_weight_gathered_by_a_constant_built_index_is_computed_only_from_weights():
    code = """\
    import numpy as np
    import tensorflow as tf

    def relative_index(size):
        coords = np.stack(np.meshgrid(np.arange(size), np.arange(size), indexing="ij")).reshape(2, -1)
        relative = coords[:, :, None] - coords[:, None, :] + size - 1
        return relative[0] * (2 * size - 1) + relative[1]

    class WindowAttention(tf.keras.layers.Layer):
        def __init__(self, window_size, heads):
            super().__init__()
            self.window_size, self.heads = window_size, heads

        def index_of(self, depth, height):
            d, h = tf.meshgrid(tf.range(depth), tf.range(height), indexing="ij")
            flat = tf.reshape(tf.stack([d, h]), [2, -1])
            relative = tf.transpose(flat[:, :, None] - flat[:, None, :], [1, 2, 0])
            return tf.reduce_sum(relative + height - 1, axis=-1)

        def build(self, input_shape):
            self.table = self.add_weight(shape=((2 * self.window_size[0] - 1) * 13, self.heads))
            self.index = self.index_of(self.window_size[0], self.window_size[1])
            self.flat_index = tf.convert_to_tensor(relative_index(7).reshape(-1))

        def call(self, x):
            depth = tf.shape(x)[1]
            bias = tf.gather(self.table, self.index[:depth, :depth], axis=0)
            bias = tf.reshape(bias, [depth, depth, -1])
            flat = tf.reshape(tf.gather(self.table, self.flat_index), [49, 49, -1])
            return x + tf.transpose(bias, [2, 0, 1]), tf.transpose(flat, [2, 0, 1])
    """
    # the index: a method of the class over the layer's settings, a function of the file over NumPy: constants
    # (the method's own transpose runs once, from build)
    found = lint(code)
    # (the method's own transpose, of a grid of ranges of its size parameters: a table of sizes, no finding
    # wherever it runs, `shapes.sized_only`)
    assert [f[:3] for f in found] == [(30, "TFP101", "info"), (30, "TFP101", "info")]
    assert all("a tensor computed only from weights" in f[3] for f in found[1:])


def test_a_small_mlp_over_a_constant_coordinate_table_is_computed_only_from_weights():
    code = """\
    import numpy as np
    import tensorflow as tf

    class MetaBias(tf.keras.layers.Layer):
        def _build_coords(self):
            hh, ww = np.meshgrid(range(-self.height + 1, self.height), range(-self.width + 1, self.width))
            coords = np.stack([hh, ww], axis=-1).astype("float32")
            coords = np.sign(coords) * np.log(1.0 + np.abs(coords))
            self.coords = tf.convert_to_tensor(np.reshape(coords, [-1, coords.shape[-1]]), dtype=self.compute_dtype)

        def build(self, input_shape):
            self.height, self.width = input_shape[1:3]
            self.padding = [[1, 0], [1, 0], [0, 0]] if input_shape[-1] > 4 else None
            self._build_coords()
            self.index = tf.constant(np.arange(49 * 49).reshape(49, 49) % 169)
            self.w1 = self.add_weight(name="w1", shape=[2, 64])
            self.b1 = self.add_weight(name="b1", shape=[64])
            self.w2 = self.add_weight(name="w2", shape=[64, 4])

        def call(self, inputs):
            bias = tf.nn.relu(self.coords @ self.w1 + self.b1) @ self.w2
            bias = tf.sigmoid(tf.gather(bias, self.index)) * 16.0
            bias = tf.pad(bias, self.padding) if self.padding else bias
            return inputs + tf.transpose(bias, [2, 0, 1])[None]
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(24, "TFP101", "info")]
    assert "a tensor computed only from weights" in found[0][3]


def test_a_weight_met_with_the_step_through_look_alike_constants_keeps_its_batch_factor():
    code = """\
    import tensorflow as tf

    def same(value):
        return value

    class WindowAttention(tf.keras.layers.Layer):
        def index_of(self, ids):
            return tf.reshape(ids, [-1])

        def build(self, input_shape):
            self.table = self.add_weight(shape=(169, 4))
            self.index = tf.zeros((49, 49), tf.int64)

        def call(self, x, ids):
            self.last = tf.argmax(x, axis=-1)
            picked = [self.index]
            picked.append(ids)
            by_data = tf.gather(self.table, tf.argmax(x, axis=-1))
            by_method = tf.gather(self.table, self.index_of(ids))
            by_state = tf.gather(self.table, self.last)
            by_list = tf.gather(self.table, tf.concat(picked, 0))
            by_function = tf.gather(self.table, same(ids))
            by_item = tf.gather(self.table, self.index[self.last])
            scaled = self.table[None] * x
            return (tf.transpose(by_data, [1, 0]), tf.transpose(by_method, [1, 0]), tf.transpose(by_state, [1, 0]),
                    tf.transpose(by_list, [1, 0]), tf.transpose(by_function, [1, 0]), tf.transpose(scaled, [0, 2, 1]),
                    tf.transpose(by_item, [1, 0]))
    """
    # an index drawn from the batch (directly, through a method or function of the file, an attribute the step
    # sets, a list the step fills, a constant's items the step picks), a product with the input: copies of the
    # batch's size
    found = lint(code)
    assert [f[:3] for f in found] == [(25, "TFP101", "warning")] * 3 + [(26, "TFP101", "warning")] * 3 + \
        [(27, "TFP101", "warning")]


def test_a_transpose_of_a_layer_attribute_made_of_constants_is_folded_and_one_the_step_sets_is_not():
    code = """\
    import numpy as np
    import tensorflow as tf

    class Grid(tf.keras.layers.Layer):
        def grid(self):
            return tf.constant(np.indices((8, 8, 3)).reshape(8, 8, 3), tf.float32)

        def __init__(self):
            super().__init__()
            self.table = self.grid()

        def call(self, x):
            self.seen = x[:, :8, :8, :3]
            return tf.transpose(self.table, [2, 0, 1]), tf.transpose(self.seen, [0, 3, 1, 2])
    """
    # the table: a method's constant, folded by TensorFlow; the attribute the step sets holds the batch
    assert [f[:3] for f in lint(code)] == [(14, "TFP101", "warning")]


def test_constant_answers_a_node_asked_again_as_the_first_time():
    """`shapes.constant` keeps each node's answer (weights_only asks it of the same inputs again): a node
    asked twice, in either order with others, gets the answer a fresh file gives it."""
    from tfperf.source.shapes import constant

    code = textwrap.dedent("""
        import tensorflow as tf
        class L(tf.keras.layers.Layer):
            def build(self, input_shape):
                self.index = tf.range(4) * 2
                self.kernel = self.add_weight("k", shape=[4, 4])
            def call(self, x):
                a = self.index + 1
                b = tf.matmul(x, self.kernel)
                return a, b
    """)

    def fresh():
        file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
        run_visitors(file, [])
        values = [n.value for n in ast.walk(file.tree) if isinstance(n, ast.Assign)]
        return file, values

    file, values = fresh()
    first = [constant(file, v, settings=True) for v in values]
    assert all((v, None, True, "constant") in file.shapes._constants for v in values)  # (kept)
    assert [constant(file, v, settings=True) for v in reversed(values)] == first[::-1]
    assert first[:2] == [True, False]  # (the index table is built of constants; the weight is none)
    assert first[2] is True and first[3] is False  # (`a` of the constant table; `b` reads the input)
    for position, value in enumerate(values):
        other, others = fresh()
        assert constant(other, others[position], settings=True) is first[position]


def test_a_concat_along_an_axis_its_pieces_do_not_have_is_no_stated_shape_and_no_crash():
    """`tf.concat` of scalars (rank 0, a full `reduce_sum`'s) or along an axis past the pieces' rank is no concat
    TensorFlow runs: its shape is unknown, and the file is linted (it once stopped on a modulo by zero)."""
    for concat in ("tf.concat([a, b], 0)", "tf.concat([tf.expand_dims(a, 0), tf.expand_dims(b, 0)], 3)"):
        code = textwrap.dedent(f"""\
            import tensorflow as tf

            def f(x, y):
                a = tf.reduce_sum(x)
                b = tf.reduce_sum(y)
                c = {concat}
                return tf.transpose(c)
            """)
        codes = [f.code for f in lint_text(code, "m.py")]
        assert codes == ["TFP101"], (concat, codes)
