"""The TFP101 forms held-out set 16 (gpflow) showed missing or misjudged, one synthetic file per form, each
with its look-alike: `tf.linalg.adjoint` read as a swap of the last two axes, and the instance of a
project class of variables (`class Parameter(tfp.util.TransformedVariable)`) held by a tf.Module: a weight."""

from __future__ import annotations

import textwrap

from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=(), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select)]


def messages(code: str, select=()):
    return [f.message for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=select)]


def test_linalg_adjoint_swaps_the_last_two_axes():
    code = """\
    import tensorflow as tf

    def posterior(fvar, x, y):
        fvar = tf.linalg.adjoint(fvar)
        kept = tf.linalg.adjoint(tf.zeros([3, 3]))  # (constants: folded once)
        return fvar, kept, tf.matmul(tf.linalg.adjoint(x), y)
    """
    # a copy of the last two axes; an operand of tf.matmul: its adjoint_a flag reads it so (exact for complex too)
    assert lint(code, select=["TFP101", "TFP103"]) == [(4, "TFP101", "warning"), (6, "TFP103", "warning")]
    assert "adjoint_a=True" in messages(code, select=["TFP103"])[0]


def test_an_instance_of_a_project_variable_class_is_a_weight(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/base.py": """\
            import tensorflow as tf
            import tensorflow_probability as tfp

            class Parameter(tfp.util.TransformedVariable):
                pass

            class Positive(Parameter):
                pass

            class Box:  # (holds a value; no variable)
                def __init__(self, value):
                    self.value = value
            """,
        "pkg/models.py": """\
            import numpy as np
            import tensorflow as tf
            from pkg.base import Box, Positive

            class VGP(tf.Module):
                def __init__(self, data, n, r):
                    self.data = data
                    self.q_lambda = Positive(np.ones((n, r)))
                    self.q_box = Box(np.ones((n, r)))

                def elbo(self):
                    x, y = self.data
                    a = tf.transpose(self.q_lambda)
                    b = tf.transpose(self.q_box)
                    return a, b, tf.transpose(x)

                def train(self, optimizer):
                    optimizer.minimize(self.elbo, self.trainable_variables)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the variational parameter (a variable of a class derived, through the project, from a variable class) is a
    # weight: info; a project class that is no variable, and the data, are not
    assert found(result) == [("models.py", 13, "TFP101", "info"), ("models.py", 14, "TFP101", "warning"),
                             ("models.py", 15, "TFP101", "warning")]


def test_rows_of_a_weight_picked_by_a_table_of_sizes_are_weight_sized():
    # set 15 (T5's relative-position bias): a gather from a weight by buckets computed only from two lengths, through
    # a static method that rebinds its parameter in one branch, is computed only from weights: info; the same
    # gather by token ids (data of the step) is an activation
    code = """\
    import tensorflow as tf
    from tensorflow import keras

    class Attention(keras.layers.Layer):
        def build(self, input_shape):
            self.bias = self.add_weight(name="bias", shape=[32, 8])

        @staticmethod
        def _bucket(relative_position, bidirectional=True, num_buckets=32):
            if bidirectional:
                relative_position = tf.math.abs(relative_position)
            else:
                relative_position = -tf.math.minimum(relative_position, 0)
            small = tf.math.less(relative_position, num_buckets // 2)
            return tf.where(small, relative_position, num_buckets - 1)

        def compute_bias(self, query_length, key_length):
            context = tf.range(query_length)[:, None]
            memory = tf.range(key_length)[None, :]
            bucket = self._bucket(memory - context, bidirectional=False, num_buckets=32)
            values = tf.gather(self.bias, bucket)
            return tf.transpose(values, [2, 0, 1])

        def call(self, query, ids):
            bias = self.compute_bias(tf.shape(query)[1], tf.shape(query)[1])
            rows = tf.gather(self.bias, ids)
            return query + bias, tf.transpose(rows, [1, 0])
    """
    assert lint(code, select=["TFP101"]) == [(22, "TFP101", "info"), (27, "TFP101", "warning")]


def test_a_weight_helper_registered_on_a_dispatcher_is_called_by_the_dispatchers_calls(tmp_path):
    # gpflow's `prior_kl` dispatcher: `@prior_kl.register(...)` functions run with the arguments of `prior_kl(...)`;
    # what the model passes there (its variational parameters) is what the registered function hands the helper.
    # Two transposes of two parameters of one helper: each is judged by what the calls pass for it
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/base.py": """\
            import tensorflow as tf

            class Parameter(tf.Variable):
                pass

            class Dispatcher:
                def register(self, *types):
                    return lambda f: f
            """,
        "pkg/kl.py": """\
            import tensorflow as tf
            from pkg.base import Dispatcher

            prior_kl = Dispatcher()
            data_kl = Dispatcher()

            @prior_kl.register(object, object)
            def _(q_mu, q_sqrt):
                return gauss_kl(q_mu, q_sqrt)

            @data_kl.register(object, object)
            def _data(x, y):
                return other_kl(x, y)

            def gauss_kl(q_mu, q_sqrt):
                a = tf.transpose(q_mu)
                b = tf.transpose(q_sqrt)
                return a, b

            def other_kl(x, y):
                return tf.transpose(x), y
            """,
        "pkg/models.py": """\
            import tensorflow as tf
            from pkg import kl
            from pkg.base import Parameter

            class SVGP(tf.Module):
                def __init__(self, m, r):
                    self.q_mu = Parameter(tf.zeros([m, r]))
                    self.q_sqrt = Parameter(tf.ones([m, r]))

                def training_loss(self, x):
                    direct = kl.gauss_kl(self.q_mu, self.q_sqrt)
                    return direct, kl.prior_kl(self.q_mu, self.q_sqrt), kl.data_kl(x, self.q_mu), kl.other_kl(self.q_mu, x)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the variational parameters reach gauss_kl through the dispatcher: info; other_kl is handed a weight by one call
    # and the data by the dispatcher's: a warning
    assert found(result) == [("kl.py", 16, "TFP101", "info"), ("kl.py", 17, "TFP101", "info"),
                             ("kl.py", 21, "TFP101", "warning")]
