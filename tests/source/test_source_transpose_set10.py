"""General forms TFP101 / TFP103 read (issue 11, set 10's gaps), each with the look-alike that stays a
warning: a tensor made only of constants through Python numbers (`int(...)`, `len(...)`) and parameters
declared Python scalars (`kernel_size: int`); TFP103 reads the same shape facts as TFP101 (a swap that
moves only an axis of size 1 is a reshape, no flag to set); a layer that keeps the shape (an activation,
also one a project factory makes) passes a stated size 1 through; weights-only provenance through a layout
op's sizes and through a project helper that returns a function of its weight argument."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_a_tensor_built_from_python_numbers_and_scalar_parameters_is_folded_whatever_the_op():
    code = """\
    import tensorflow as tf

    def triangular_kernel(kernel_size: int, input_channel: int):
        fsize = int((kernel_size + 1) / 2)
        f1 = tf.ones(shape=(1, fsize, fsize, fsize, 1)) / fsize
        f2 = tf.ones(shape=(fsize, fsize, fsize, 1, input_channel)) / fsize
        filters = tf.nn.conv3d(f1, f2, strides=[1, 1, 1, 1, 1], padding="SAME")
        return tf.transpose(filters, perm=[1, 2, 3, 4, 0])

    def unannotated(kernel_size, input_channel):
        f2 = tf.ones(shape=(kernel_size, kernel_size, kernel_size, 1, input_channel))
        return tf.transpose(f2, perm=[1, 2, 3, 4, 0])

    def scaled_input(x, scale: float, n: int):
        return tf.transpose(x * scale, [0, 2, 1]), tf.transpose(tf.ones((n, n, 4)) * len(x), [0, 2, 1])

    def annotated_tensor(x: tf.Tensor, y: "int"):
        return tf.transpose(tf.nn.conv1d(x, tf.ones((3, 4, y)), 1, "SAME"), [0, 2, 1])
    """
    # the kernel of constants, sized by Python numbers and `int` parameters: folded once; parameters of unstated
    # kind read only as sizes (`tf.ones((k, k, k, 1, c))`: a table of sizes, no data of the step,
    # `shapes.sized_only`): none either; a tensor met with them: as before
    assert [f[:3] for f in lint(code)] == [(15, "TFP101", "warning"), (18, "TFP101", "warning")]


def test_tfp103_leaves_a_swap_of_an_axis_of_size_one_and_a_folded_operand():
    code = """\
    import tensorflow as tf

    def meshgrid(height, width):
        x_t = tf.matmul(tf.ones(shape=tf.stack([height, 1])),
                        tf.transpose(a=tf.expand_dims(tf.linspace(-1.0, 1.0, width), 1), perm=[1, 0]))
        return x_t

    def column(x, w):
        return tf.matmul(tf.transpose(tf.expand_dims(x, 1), [1, 0]), w)

    def folded(x):
        return tf.matmul(x, tf.transpose(tf.constant([[1.0, 2.0], [3.0, 4.0]] * 300)))

    def scores(q, k):
        return tf.matmul(q, tf.transpose(k, [0, 2, 1]))
    """
    # [W, 1] -> [1, W] and [1, n] -> [n, 1]: reshapes; a constant: folded; the last-two swap of k: as before
    assert [f[:3] for f in lint(code, select=("TFP101", "TFP103"))] == [(15, "TFP103", "warning")]
    assert [f[:3] for f in lint(code, select=("TFP103",), target="cpu")] == [(15, "TFP103", "warning")]


def test_a_layer_that_keeps_the_shape_passes_a_stated_size_through():
    code = """\
    import tensorflow as tf

    def act_layer_factory(name):
        if name == "relu6":
            return lambda **kwargs: tf.keras.layers.ReLU(max_value=6, **kwargs)
        return lambda **kwargs: tf.keras.layers.Activation(name, **kwargs)

    def make_norm():
        return tf.keras.layers.BatchNormalization()

    class Eca(tf.keras.layers.Layer):
        def __init__(self, gate="sigmoid", **kwargs):
            super().__init__(**kwargs)
            gate_layer = act_layer_factory(gate)
            self.gate = gate_layer()
            self.act = tf.keras.layers.Activation("sigmoid")
            self.norm = make_norm()
            self.mixer = Mixer()

        def build(self, input_shape):
            self.conv = tf.keras.layers.Conv1D(filters=1, kernel_size=3, padding="same")
            self.wide = tf.keras.layers.Conv1D(filters=8, kernel_size=3, padding="same")

        def call(self, x):
            y = tf.expand_dims(tf.reduce_mean(x, axis=(1, 2)), -1)
            one = self.conv(y)
            gated = tf.transpose(self.gate(self.norm(one)), perm=(0, 2, 1))
            acted = tf.transpose(self.act(one), perm=(0, 2, 1))
            mixed = tf.transpose(self.mixer(one), perm=(0, 2, 1))
            wide = tf.transpose(self.act(self.wide(y)), perm=(0, 2, 1))
            return gated, acted, mixed, wide

    class Mixer(tf.keras.layers.Layer):
        def call(self, x):
            return tf.tile(x, [1, 1, 4])
    """
    # (N, C, 1) through activations and a norm, made directly or by the project's factories: a reshape; a
    # project layer that states nothing of its output, and 8 filters: as before
    assert [f[:3] for f in lint(code)] == [(29, "TFP101", "warning"), (30, "TFP101", "warning")]


def test_a_weight_gathered_by_an_index_variable_and_reshaped_is_computed_only_from_weights():
    code = """\
    import tensorflow as tf

    class WindowAttention(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.table = self.add_weight(name="table", shape=(49, 4))
            self.index = tf.Variable(tf.zeros((16, 16), tf.int64), trainable=False)

        def call(self, x, ids, batch):
            window = self.cfg.window_size
            bias = tf.gather(self.table, tf.reshape(self.index, shape=(-1,)))
            bias = tf.reshape(bias, shape=(window ** 2, window ** 2, -1))
            looked_up = tf.reshape(tf.gather(self.table, ids), (window, window, -1))
            tiled = tf.tile(tf.reshape(self.table, (1, 49, 4)), [batch, 1, 1])
            return (x + tf.transpose(bias, perm=(2, 0, 1)), tf.transpose(looked_up, (2, 0, 1)),
                    tf.transpose(tiled, (0, 2, 1)))
    """
    # a reshape's sizes bring no batch: the bias is the table's; a lookup by ids and a tile by a batch do
    found = lint(code)
    assert [f[:3] for f in found] == [(14, "TFP101", "info"), (14, "TFP101", "warning"),
                                      (15, "TFP101", "warning")]
    assert "a tensor computed only from weights" in found[0][3]


def test_a_project_helper_returning_a_function_of_a_weight_argument_keeps_it_a_weight():
    code = """\
    import tensorflow as tf

    def interpolate_grid(pos_embed, grid_size):
        height, width = tf.unstack(tf.shape(pos_embed)[1:3])
        if (height, width) == grid_size:
            return pos_embed
        resized = tf.image.resize(images=pos_embed, size=grid_size, method="bicubic")
        return tf.cast(resized, dtype=pos_embed.dtype)

    def mix(pos_embed, x):
        out = []
        out.append(pos_embed * x)
        return tf.concat(out, 0)

    def sized(pos_embed, n):
        return pos_embed + tf.ones((n, 1, 1, 1))

    class Pit(tf.keras.Model):
        def build(self, input_shape):
            self.pos_embed = self.add_weight(name="pos_embed", shape=(1, 8, 14, 14))

        def transform(self, cfg, x, n):
            grid = interpolate_grid(tf.transpose(self.pos_embed, [0, 2, 3, 1]), grid_size=cfg.grid_size)
            mixed = mix(tf.transpose(self.pos_embed, [0, 2, 3, 1]), x)
            batched = sized(tf.transpose(self.pos_embed, [0, 2, 3, 1]), tf.shape(x)[0])
            return tf.transpose(grid, [0, 3, 1, 2]), tf.transpose(mixed, [0, 3, 1, 2]), tf.transpose(batched, [0, 3, 1, 2])
    """
    # the helper returns a resize of its first argument (its second only a size): the weight's; one that meets
    # it with x (through a list), or adds a tensor a parameter sizes: as before
    found = [f[:3] for f in lint(code) if f[0] == 26]
    assert found == [(26, "TFP101", "info"), (26, "TFP101", "warning"), (26, "TFP101", "warning")]
