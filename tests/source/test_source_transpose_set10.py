"""General forms TFP101 / TFP103 read (issue 11, set 10's gaps), each with the look-alike that stays a
warning: a tensor made only of constants through Python numbers (`int(...)`, `len(...)`) and parameters
declared Python scalars (`kernel_size: int`); TFP103 reads the same shape facts as TFP101 (a swap that
moves only an axis of size 1 is a reshape, no flag to set)."""

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
    # the kernel of constants, sized by Python numbers and `int` parameters: folded once; parameters of
    # unstated kind, and a tensor met with them: as before
    assert [f[:3] for f in lint(code)] == [(12, "TFP101", "warning"), (15, "TFP101", "warning"),
                                           (18, "TFP101", "warning")]


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
