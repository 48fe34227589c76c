"""Weights known by role or by provenance rather than by name (issue 11, session 25): a layer object's variables
(`self.in_proj.weight[0]`, `model.layers[0].kernel`, `layer.get_weights()`), a base method's `self.m(w)` running a
subclass's override, a project function given a weight and settings a method of the class returns, and lingvo's
`theta` (the layer's variables by its documented API). Each with the look-alike where an activation reaches the
same spot: still a warning."""

from __future__ import annotations

from conftest import write_tree
from test_source_project import found

from tfperf.source import lint_paths


def _lint(tmp_path, files, select=("TFP101",)):
    root = write_tree(tmp_path, {"pkg/__init__.py": "", **files})
    return found(lint_paths([str(root)], target="gaudi2", select=list(select), jobs=1))


def test_what_a_held_layers_get_weights_returns_is_a_weight(tmp_path):
    # (a function that reads `get_weights()` is a one-off fold anyway: the finding says what it moves)
    code = """\
        import tensorflow as tf

        class Fold(tf.keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.dense = tf.keras.layers.Dense(8)

            def call(self, x):
                return tf.transpose(self.dense.get_weights()[0], [1, 0]), tf.transpose(self.dense(x), [0, 2, 1])
        """
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/fold.py": code})
    messages = [f.message for f in lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1).findings]
    assert len(messages) == 2 and "of a weight" in messages[0] and "of a weight" not in messages[1]


_HELD = """\
    import tensorflow as tf

    class Attention(tf.keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__()
            self.in_proj = tf.keras.layers.Dense(units * 3, **kwargs)
            self.out = tf.keras.layers.Dense(units, **kwargs)

        def call(self, x):
            proj = self.in_proj
            a = tf.transpose(self.in_proj.weight[0], [1, 0])
            b = tf.transpose(proj.kernel, [1, 0])
            c = tf.transpose(self.out.variables[1], [1, 0])
            d = tf.transpose(self.in_proj(x), [0, 2, 1])
            e = tf.transpose(self.out.trainable_variables[0], [1, 0])
            return a, b, c, d, e
    """


def test_the_variables_of_a_layer_the_class_holds_are_weights(tmp_path):
    # `.weight`, `.kernel`, `variables`, `trainable_variables` of a held Dense: weights (info); the layer applied to
    # the input (line 14) is the activation: a warning
    assert _lint(tmp_path, {"pkg/attn.py": _HELD}) == [
        ("attn.py", 11, "TFP101", "info"), ("attn.py", 12, "TFP101", "info"), ("attn.py", 13, "TFP101", "info"),
        ("attn.py", 14, "TFP101", "warning"), ("attn.py", 15, "TFP101", "info")]


_MODEL_LAYERS = """\
    import tensorflow as tf

    class Tied(tf.keras.layers.Layer):
        def __init__(self, make, **kwargs):
            super().__init__()
            self.model = make(**kwargs)

        def call(self, x):
            for layer in self.model.layers:
                w = tf.transpose(layer.kernel, [1, 0])
            v = tf.transpose(self.model.layers[0].kernel, [1, 0])
            o = tf.transpose(self.model.layers[0](x), [0, 2, 1])
            return w, v, o, x
    """


def test_the_variables_of_a_models_layers_are_weights_but_not_what_they_make_of_the_input(tmp_path):
    assert _lint(tmp_path, {"pkg/tied.py": _MODEL_LAYERS}) == [
        ("tied.py", 10, "TFP101", "info"), ("tied.py", 11, "TFP101", "info"), ("tied.py", 12, "TFP101", "warning")]


_OVERRIDE = """\
    import tensorflow as tf

    class Base(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight("kernel", shape=(8, 8))

        def call(self, x):
            return x * tf.reduce_sum(self._mix({arg}))

        def _mix(self, w):
            raise NotImplementedError

    class Impl(Base):
        def _mix(self, w):
            return tf.transpose(w, [1, 0])
    """


def test_an_override_run_by_its_bases_call_on_a_weight_moves_a_weight(tmp_path):
    # `self._mix(self.kernel)` in the base runs Impl._mix on an Impl: its `w` is the kernel
    assert _lint(tmp_path, {"pkg/mix.py": _OVERRIDE.format(arg="self.kernel")}) == [("mix.py", 15, "TFP101", "info")]


def test_an_override_run_by_its_bases_call_on_the_input_stays_a_warning(tmp_path):
    assert _lint(tmp_path, {"pkg/mix.py": _OVERRIDE.format(arg="x")}) == [("mix.py", 15, "TFP101", "warning")]


_OPS = """\
    import tensorflow as tf

    def rescale(kernel, u, coef):
        w = tf.reshape(kernel, [-1, kernel.shape[-1]]) * coef
        return w + u
    """

_SCALED = """\
    import abc

    import tensorflow as tf
    from pkg import ops

    class Lipschitz(abc.ABC):
        k_coef = 1.0
        coef = None

        def _init_coef(self, input_shape):
            self.coef = self._compute_coef(input_shape)

        @abc.abstractmethod
        def _compute_coef(self, input_shape):
            pass

        def _get_coef(self):
            if self.coef is None:
                raise RuntimeError("build first")
            return self.coef * self.k_coef

    class Scaled(tf.keras.layers.Layer, Lipschitz):
        def build(self, input_shape):
            self.kernel = self.add_weight("kernel", shape=(3, 3, 8, 8))
            self.u = self.add_weight("u", shape=(1, 8), trainable=False)
            self._init_coef(input_shape)

        def _compute_coef(self, input_shape):
            return 1.0

        def call(self, x):
            w = ops.rescale(self.kernel, {second}, self._get_coef())
            w = tf.transpose(w, [1, 0])
            return x @ tf.reshape(w, [8, -1])
    """


def test_a_setting_a_method_returns_beside_weights_adds_no_batch(tmp_path):
    # `self._get_coef()` returns settings (a mixin's coefficient build computed, a class attribute): beside the kernel
    # and `u`, what `ops.rescale` returns is computed only from weights
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/scaled.py": _SCALED.format(second="self.u")}) == [
        ("scaled.py", 33, "TFP101", "info")]


def test_an_activation_beside_the_weight_stays_a_warning(tmp_path):
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/scaled.py": _SCALED.format(second="x")}) == [
        ("scaled.py", 33, "TFP101", "warning")]


_LINGVO_BASE = """\
    import tensorflow as tf

    class BaseLayer(tf.Module):
        def FProp(self, theta, *args):
            raise NotImplementedError
    """

_LINGVO_LAYER = """\
    import tensorflow as tf
    from {base} import base_layer

    class Softmax(base_layer.BaseLayer):
        def FProp(self, theta, inputs):
            wm = tf.transpose(theta.wm)
            logits = tf.matmul(inputs, wm)
            return tf.transpose(logits, [0, 2, 1])

    class Plain(tf.Module):
        def FProp(self, theta, inputs):
            return tf.matmul(inputs, tf.transpose(theta.wm))

    class Model(tf.keras.Model):
        def call(self, x):
            return Softmax().FProp(self.theta, x), Plain().FProp(self.theta, x)
    """


def test_lingvos_theta_holds_the_layers_variables(tmp_path):
    # lingvo's documented `FProp(self, theta, inputs)`: `theta.wm` is the softmax weight (TFP103's operand: it moves
    # a weight); the logits (line 8) carry the batch; a class that is no lingvo layer says nothing of what its
    # `theta` holds (line 12)
    files = {"pkg/__init__.py": "", "lingvo/__init__.py": "", "lingvo/core/__init__.py": "",
             "lingvo/core/base_layer.py": _LINGVO_BASE, "pkg/softmax.py": _LINGVO_LAYER.format(base="lingvo.core")}
    root = write_tree(tmp_path, files)
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101", "TFP103"], jobs=1)
    said = {(f.source.line, f.code): "moves a weight" in f.message for f in result.findings}
    assert said == {(6, "TFP103"): True, (8, "TFP101"): False, (12, "TFP103"): False}
