"""Weights reaching a transpose through function arguments (issue 11, sets 29 and 30's gaps): the weight convention
(a copy of a weight has no batch factor) holds for a helper's parameter when every call of it in the project passes a
weight. TFP103 asks it as TFP101 does; a closure's free name is its enclosing function's parameter; a
`tf.while_loop` body is called with its loop variables; a Keras Initializer's `shape` makes the weight. Each with
the look-alike where an activation reaches the same helper."""

from __future__ import annotations

from conftest import write_tree
from test_source_project import found

from tfperf.source import lint_paths

_LAYER = """\
    import tensorflow as tf
    from pkg import ops

    class Orthogonal(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.kernel = self.add_weight("kernel", shape=(int(input_shape[-1]), 8))
            self.u = self.add_weight("u", shape=(1, 8), trainable=False)

        def call(self, x):
            w = ops.normalize(self.kernel, self.u, steps=3)
            return x @ w
    """

_OPS = """\
    import tensorflow as tf

    def _gram(w):
        return w @ tf.transpose(w)

    def orthonormalize(w, steps=3):
        def body(w, i):
            return 1.5 * w - 0.5 * (_gram(w) @ w), i + 1

        w, _ = tf.while_loop(lambda w, i: i < steps, body, (w, 0))
        return w

    def power_iteration(w, u, steps=3):
        def body(u, i):
            v = tf.math.l2_normalize(u @ tf.transpose(w))
            return tf.math.l2_normalize(v @ w), i + 1

        u, _ = tf.while_loop(lambda u, i: i < steps, body, (u, 0))
        return u

    def normalize(kernel, u, steps=3):
        u = power_iteration(kernel, u, steps)
        return orthonormalize(kernel / tf.norm(u), steps)
    """


def _lint(tmp_path, files):
    root = write_tree(tmp_path, {"pkg/__init__.py": "", **files})
    return found(lint_paths([str(root)], target="gaudi2", select=["TFP101", "TFP103"], jobs=1))


def test_a_public_helper_every_call_of_which_passes_a_weight_moves_weights(tmp_path):
    # `_gram(w)` in a while_loop body whose loop variables start as the layer's kernel; `tf.transpose(w)` in a
    # closure whose `w` is power_iteration's parameter: every call passes the kernel, so both copy a weight
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/layer.py": _LAYER}) == [
        ("ops.py", 4, "TFP103", "info"), ("ops.py", 15, "TFP103", "info")]


def test_the_same_helpers_also_given_an_activation_stay_findings(tmp_path):
    # (a layer's call hands its input on: the training step runs the helpers on an activation)
    user = """\
        import tensorflow as tf
        from pkg import ops

        def whiten(x, u):
            return ops.normalize(x, u)

        class Whiten(tf.keras.layers.Layer):
            def call(self, x):
                return whiten(x, self.u)
        """
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/layer.py": _LAYER, "pkg/user.py": user}) == [
        ("ops.py", 4, "TFP103", "warning"), ("ops.py", 15, "TFP103", "warning")]


def test_a_caller_no_training_step_reaches_does_not_count(tmp_path):
    # `whiten` hands its parameter on, but nothing in the project calls it (tests only): it runs in no training
    # step, so the only calls a step runs pass the kernel (the NO_STEP convention, on one of the helper's callers)
    user = """\
        import tensorflow as tf
        from pkg import ops

        def whiten(x, u):
            return ops.normalize(x, u)
        """
    test = """\
        from pkg import user

        def test_whiten():
            user.whiten(1.0, 2.0)
        """
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/layer.py": _LAYER, "pkg/user.py": user,
                            "tests/test_user.py": test}) == [
        ("ops.py", 4, "TFP103", "info"), ("ops.py", 15, "TFP103", "info")]


_SPECTRAL = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    def spectrally_normalize(weight, u):
        def power_iteration(W, u):
            v = K.l2_normalize(K.dot(u, K.transpose(W)))
            return K.l2_normalize(K.dot(v, W)), v

        w_shape = weight.shape.as_list()
        w = K.reshape(weight, [-1, w_shape[-1]])
        u, v = power_iteration(w, u)
        return K.reshape(w / K.sum(K.dot(v, w) * u), w_shape)
    """


def _spectral_layer(argument):
    return f"""\
        import tensorflow as tf
        from pkg import sn

        class SNDense(tf.keras.layers.Dense):
            def call(self, x):
                return tf.matmul(x, sn.spectrally_normalize({argument}, self.u))
        """


def test_a_weight_reshaped_by_its_own_static_shape_stays_a_weight(tmp_path):
    # the canonical spectral norm: `K.reshape(weight, [-1, weight.shape.as_list()[-1]])`; the shape read of a
    # tensor is batch-sized only if the tensor is, so every call passing the kernel makes the transpose a weight's
    assert _lint(tmp_path, {"pkg/sn.py": _SPECTRAL, "pkg/layer.py": _spectral_layer("self.kernel")}) == [
        ("sn.py", 6, "TFP103", "info")]


def test_an_activation_reshaped_by_its_own_static_shape_stays_a_finding(tmp_path):
    assert _lint(tmp_path, {"pkg/sn.py": _SPECTRAL, "pkg/layer.py": _spectral_layer("x")}) == [
        ("sn.py", 6, "TFP103", "warning")]


def _wrapper(base, method="power_iteration", imports=""):
    return f"""\
        import tensorflow as tf
        from tensorflow.keras import backend as K
        {imports}

        class SpectralNormalization({base}):
            def build(self, input_shape):
                self.w = self.layer.kernel
                self.u = self.add_weight(shape=(1, 8), trainable=False, name="sn_u")

            def {method}(self, W, u):
                v = K.dot(u, K.transpose(W))
                return K.dot(v, W), v

            def call(self, inputs):
                u, v = self.{method}(self.w, self.u)
                return self.layer(inputs) / K.sum(u)
        """


def test_a_public_method_no_framework_class_defines_is_called_by_the_project_only(tmp_path):
    # Keras calls `call` and `build` of a Wrapper, never `power_iteration`: the project's one call passes the kernel
    assert _lint(tmp_path, {"pkg/sn.py": _wrapper("tf.keras.layers.Wrapper")}) == [("sn.py", 11, "TFP103", "info")]


def test_a_method_the_framework_defines_or_an_unknown_base_may_call_stays_a_finding(tmp_path):
    # Keras calls a layer's `compute_mask` with the batch; a library's base class may call any method it knows
    assert _lint(tmp_path, {"pkg/sn.py": _wrapper("tf.keras.layers.Wrapper", "compute_mask")}) == [
        ("sn.py", 11, "TFP103", "warning")]
    assert _lint(tmp_path, {"pkg/sn.py": _wrapper("snt.Module", imports="import sonnet as snt")}) == [
        ("sn.py", 11, "TFP103", "warning")]


def test_a_name_read_in_one_branch_is_what_that_branch_binds(tmp_path):
    # `x` read in the `else:` is the parameter (the activation `call` hands on), not the other branch's
    # `cache["conv"]`, which no call passes anything but its None default for: the transpose moves the batch
    layer = """\
        import tensorflow as tf

        class LightConv(tf.keras.layers.Layer):
            def dynamic_conv(self, x, cache=None):
                if cache is not None:
                    x = cache["conv"][:, -3:, :]
                else:
                    x = tf.pad(x, [[0, 0], [2, 0], [0, 0]])
                return tf.transpose(x, [0, 2, 1])

            def call(self, inputs):
                return self.dynamic_conv(inputs * 2.0)
        """
    assert _lint(tmp_path, {"pkg/layer.py": layer}) == [("layer.py", 9, "TFP101", "warning")]


def test_a_loop_body_whose_loop_variables_are_activations_stays_a_finding(tmp_path):
    ops = """\
        import tensorflow as tf

        def _gram(w):
            return w @ tf.transpose(w)

        def smooth(x, steps=3):
            def step(h, i):
                return _gram(h) @ h, i + 1

            h, _ = tf.while_loop(lambda h, i: i < steps, step, [x, 0])
            return h
        """
    layer = """\
        import tensorflow as tf
        from pkg import ops

        class Smooth(tf.keras.layers.Layer):
            def call(self, x):
                return ops.smooth(x)
        """
    assert _lint(tmp_path, {"pkg/ops.py": ops, "pkg/layer.py": layer}) == [("ops.py", 4, "TFP103", "warning")]


def test_a_closure_in_a_layers_call_moves_the_batch(tmp_path):
    layer = """\
        import tensorflow as tf

        class Mix(tf.keras.layers.Layer):
            def call(self, x):
                def body(u, i):
                    return u @ tf.transpose(x), i + 1

                u, _ = tf.while_loop(lambda u, i: i < 3, body, (x, 0))
                return u
        """
    assert _lint(tmp_path, {"pkg/layer.py": layer}) == [("layer.py", 6, "TFP103", "warning")]


_INIT = """\
    import tensorflow as tf
    from pkg import ops

    class OrthogonalInit(tf.keras.initializers.Initializer):
        def __init__(self, base="glorot_uniform"):
            self.base = tf.keras.initializers.get(base)

        def __call__(self, shape, dtype=None):
            w = self.base(shape=shape, dtype=dtype)
            return ops.orthonormalize(w)
    """


def test_what_a_keras_initializer_makes_of_its_shape_is_a_weight(tmp_path):
    # Keras calls an Initializer with a weight's shape and dtype: what it makes of them is the weight
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/layer.py": _LAYER, "pkg/init.py": _INIT}) == [
        ("ops.py", 4, "TFP103", "info"), ("ops.py", 15, "TFP103", "info")]


def test_a_plain_callable_class_given_a_shape_is_no_initializer(tmp_path):
    maker = _INIT.replace("tf.keras.initializers.Initializer", "object").replace(
        "w = self.base(shape=shape, dtype=dtype)", "w = tf.random.normal(shape) + shape")
    maker += "\n    class Use:\n        def run(self, x):\n            return OrthogonalInit()(x)\n"
    assert _lint(tmp_path, {"pkg/ops.py": _OPS, "pkg/layer.py": _LAYER, "pkg/init.py": maker}) == [
        ("ops.py", 4, "TFP103", "warning"), ("ops.py", 15, "TFP103", "info")]


_PADS = """\
    import tensorflow as tf

    def self_conv(k, p):
        padded = tf.pad(k, [[0, 0], [p, p], [p, p], [0, 0]])
        return tf.nn.conv2d(padded, k, 1, padding="VALID")

    class Orth(tf.keras.regularizers.Regularizer):
        def __init__(self, p=1):
            self.p = p

        def __call__(self, w):
            padded = tf.pad(w, [[0, 0], [self.p, self.p], [self.p, self.p], [0, 0]])
            return tf.reduce_sum(tf.nn.conv2d(padded, w, 1, padding="VALID"))
    """

_PADDED_LAYER = """\
    import tensorflow as tf
    from pkg import pads

    class Layer(tf.keras.layers.Layer):
        def build(self, s):
            self.kernel = self.add_weight("k", shape=(3, 3, 4, 4))

        def call(self, x):
            return tf.nn.conv2d(x, self.kernel, 1, "SAME") + pads.self_conv(self.kernel, 1)
    """


def test_a_zero_pad_of_a_weight_before_a_valid_conv_is_info(tmp_path):
    # a Regularizer's argument is a weight; `self_conv` (public, another module's) is only ever given the kernel
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/pads.py": _PADS, "pkg/layer.py": _PADDED_LAYER})
    assert found(lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)) == [
        ("pads.py", 4, "TFP201", "info"), ("pads.py", 12, "TFP201", "info")]


def test_a_pad_helper_also_given_an_activation_stays_a_warning(tmp_path):
    user = _PADDED_LAYER.replace("pads.self_conv(self.kernel, 1)", "pads.self_conv(x, 1)")
    root = write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/pads.py": _PADS, "pkg/layer.py": _PADDED_LAYER,
                                 "pkg/user.py": user.replace("class Layer", "class Other")})
    assert found(lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)) == [
        ("pads.py", 4, "TFP201", "warning"), ("pads.py", 12, "TFP201", "info")]


def test_a_random_draw_of_setting_sizes_has_no_batch_axis():
    from test_source_transpose_set12 import lint

    code = """\
        import tensorflow as tf
        from typing import Optional

        def projection(blocks: int, dim: int = 64):
            out = []
            for _ in range(blocks):
                q, _ = tf.linalg.qr(tf.random.normal((dim, dim)))
                out.append(tf.transpose(q))
            return tf.concat(out, 0)

        class Bayes(tf.keras.layers.Layer):
            def __init__(self, units):
                super().__init__()
                self.units = units

            def build(self, input_shape):
                self.mu = self.add_weight("mu", shape=(self.units,))

            def sample(self, x, num_samples: Optional[int] = None):
                n = num_samples or 1
                w = self.mu[:, None] + tf.random.normal((self.units, n))
                return x @ tf.reshape(tf.transpose(w), (n, -1))

            def noise(self, x):
                eps = tf.random.normal(tf.shape(x))
                return tf.transpose(eps)

            def batch_noise(self, x):
                eps = tf.random.normal((x.shape[0], self.units))
                return tf.transpose(eps)
        """
    # a projection drawn at a setting's size, a weight plus such a draw: no batch (info); a draw shaped after the
    # input (`tf.shape(x)`, `x.shape[0]`) may be as large as the batch: warnings
    assert lint(code, select=("TFP101",)) == [(8, "TFP101", "info"), (22, "TFP101", "info"),
                                              (26, "TFP101", "warning"), (30, "TFP101", "warning")]


def test_an_optimizers_gradient_and_its_slots_are_weights():
    from test_source_transpose_set12 import lint

    code = """\
        import tensorflow as tf

        class Split:
            @classmethod
            def parts(cls, t, n):
                return tf.split(t, n)

        class Shampoo(tf.compat.v1.train.Optimizer):
            def _rotated(self, var, grads):
                out = []
                for i, g in enumerate(grads):
                    stats = []
                    stats.append(self.get_slot(var, "l"))
                    h = tf.matmul(stats[0], g)
                    out.append(tf.transpose(h, [1, 0]))
                return out

            def _apply_dense(self, grad, var):
                return self._rotated(var, Split.parts(grad, 2))

        class Adam(tf.keras.optimizers.Optimizer):
            def update_step(self, gradient, variable, learning_rate):
                m = self.add_slot(variable, "m")
                for g in [gradient]:
                    m.assign(tf.transpose(g) + m)

        class Mixer:
            def _apply_dense(self, grad, var):
                return tf.transpose(grad, [1, 0])

            def run(self, x, var):
                return self._apply_dense(x, var)
        """
    # a gradient has its variable's shape, a slot its variable's: no batch (info); a class that is no optimizer
    # is given what its callers pass (an activation here): a warning
    assert lint(code, select=("TFP101",)) == [(15, "TFP101", "info"), (25, "TFP101", "info"),
                                              (29, "TFP101", "warning")]


def test_items_of_loops_and_appended_lists_are_what_they_walk():
    from test_source_transpose_set12 import lint

    code = """\
        import tensorflow as tf

        class Block(tf.keras.layers.Layer):
            def build(self, input_shape):
                self.kernels = [self.add_weight("a", shape=(4, 4)), self.add_weight("b", shape=(4, 4))]

            def call(self, x):
                out = []
                for i, k in enumerate(self.kernels):
                    kept = []
                    kept.append(k)
                    out.append(tf.transpose(kept[0]))
                pieces = []
                pieces.append(k)
                pieces.append(x)
                for p in pieces:
                    out.append(tf.transpose(p))
                for a, b in zip([x], self.kernels):
                    out.append(tf.transpose(a))
                return out
        """
    # a kernel walked by enumerate, kept in a list of kernels: info; a list given an activation too, an item zipped
    # from the activations: warnings
    assert lint(code, select=("TFP101",)) == [(12, "TFP101", "info"), (17, "TFP101", "warning"),
                                              (19, "TFP101", "warning")]


def test_the_framework_method_table_knows_keras_hooks_and_not_a_users_own_methods():
    # generated from the installed packages (tools/generate_framework_methods.py): Keras calls these on a subclass
    from tfperf.source.api import framework_method, known_framework_class

    assert all(framework_method(n) for n in ("call", "build", "convolution_op", "train_step", "update_state",
                                             "on_epoch_end", "__call__", "__getitem__"))
    assert not any(framework_method(n) for n in ("power_iteration", "update_weights", "l2normalize"))
    assert all(known_framework_class(n) for n in ("keras.layers.Wrapper", "keras.Model", "tensorflow.Module"))
    assert not known_framework_class("sonnet.Module")


def test_an_activation_passed_for_a_parameter_with_a_default_is_no_default_left_in_place(tmp_path):
    # `X2=None` given `y` by a layer's call: the helper transposes that activation (not the default's path)
    ops = """\
        import tensorflow as tf

        def kernel(X, X2=None):
            if X2 is None:
                X2 = X
            else:
                X2 = tf.transpose(X2, [0, 2, 1])
            return X, X2

        class Gram(tf.keras.layers.Layer):
            def call(self, x, y):
                return kernel(x, y)
        """
    assert _lint(tmp_path, {"pkg/ops.py": ops}) == [("ops.py", 7, "TFP101", "warning")]


_ORTHOGONAL = """\
    import tensorflow as tf


    class Orthogonal(tf.keras.regularizers.Regularizer):
        def __call__(self, w):
            shape = w.get_shape().as_list()
            if len(shape) > 2:
                w = tf.reshape(w, [-1, shape[-1]])
            return tf.nn.l2_loss(tf.matmul(tf.transpose(w), w) - tf.eye(shape[-1]))
    """


def test_a_regularizers_weight_reshaped_on_one_path_stays_a_weight(tmp_path):
    # set 62's dynastes: Keras calls a regularizer on a weight; the branch that flattens a conv kernel first rebinds
    # the name to a reshape of it, which is still only the weight
    assert _lint(tmp_path, {"pkg/reg.py": _ORTHOGONAL}) == [("reg.py", 9, "TFP103", "info")]


def test_a_plain_callable_that_reshapes_its_argument_stays_a_finding(tmp_path):
    plain = _ORTHOGONAL.replace("tf.keras.regularizers.Regularizer", "object")
    assert _lint(tmp_path, {"pkg/reg.py": plain}) == [("reg.py", 9, "TFP103", "warning")]
