"""TFP101/TFP103 warn only on code with evidence that it runs in a training step (`tfperf.source.steps`):
a layer's `call`, a loss, a training step, functional-model building code, or what they reach through the
project's call graph (also through a base class's `self.m()`, a closure, a partial stored by a constructor,
a name a package star-imports). A library's public op no layer, loss or training step of the project reaches
is info, and says so; a helper reached only from a sampling loop or a NumPy preprocessing function too."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

OPS = """\
    import tensorflow as tf

    def nchw(x):
        x = tf.reshape(x, [-1, 8, 8, 16])
        return tf.transpose(x, [0, 3, 1, 2])

    def gram(x):
        x = tf.reshape(x, [-1, 64, 16])
        return tf.matmul(tf.transpose(x, [0, 2, 1]), x)
    """


def found(tmp_path, files, code=("TFP101", "TFP103")):
    tree(tmp_path, files)
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.code, f.severity.value)
                  for f in result.findings if code is None or f.code in code)


def messages(tmp_path, files):
    tree(tmp_path, files)
    return {(f.source.path.rpartition("/")[2], f.source.line): f.message
            for f in lint_paths([str(tmp_path)], target="gaudi2", jobs=1).findings}


LAYER = """\
    import tensorflow as tf
    from pkg.ops import nchw

    class Block(tf.keras.layers.Layer):
        def call(self, x):
            return nchw(x)
    """


# --- INVALID: evidence of the step


def test_a_helper_a_layer_calls_from_another_module_warns(tmp_path):
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/layers.py": LAYER}) == [
        ("ops.py", 5, "TFP101", "warning"), ("ops.py", 9, "TFP103", "info")]


def test_a_transpose_in_a_layers_call_in_a_loss_and_in_a_functional_builder_warns(tmp_path):
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": """\
        import tensorflow as tf

        class Block(tf.keras.layers.Layer):
            def call(self, x):
                x = tf.reshape(x, [-1, 8, 8, 16])
                return tf.transpose(x, [0, 3, 1, 2])

        def dice_loss(y_true, y_pred):
            y = tf.reshape(y_pred, [-1, 8, 8, 16])
            return tf.reduce_sum(tf.transpose(y, [0, 3, 1, 2]))

        def build():
            inputs = tf.keras.Input([8, 8, 16])
            return tf.keras.Model(inputs, tf.transpose(inputs, [0, 3, 1, 2]))

        def scores(x):
            x = tf.reshape(x, [-1, 64, 16])
            return tf.matmul(tf.transpose(x, [0, 2, 1]), x)

        def objective(y_true, y_pred):
            return scores(y_pred)

        def fit(model, data):
            model.compile("adam", loss=objective)
        """}, ("TFP101", "TFP103")) == [("model.py", 6, "TFP101", "warning"), ("model.py", 10, "TFP101", "warning"),
                  ("model.py", 14, "TFP101", "warning"), ("model.py", 18, "TFP103", "warning")]


def test_an_override_a_base_layers_call_runs_and_a_base_method_a_subclass_calls(tmp_path):
    """`self.route(x)` in the base's `call` runs the subclass's override; `self.propagate(x)` in a
    subclass's `call` runs the base's method (which the subclass does not define)."""
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/base.py": """\
        import tensorflow as tf

        class Router(tf.keras.layers.Layer):
            def call(self, x):
                return self.route(x)

            def route(self, x):
                return x

        class Passing(tf.keras.layers.Layer):
            def propagate(self, x):
                x = tf.reshape(x, [-1, 8, 8, 16])
                return tf.transpose(x, [0, 3, 1, 2])
        """, "pkg/experts.py": """\
        import tensorflow as tf
        from pkg.base import Passing, Router

        class ExpertRouter(Router):
            def route(self, x):
                x = tf.reshape(x, [-1, 8, 8, 16])
                return tf.transpose(x, [0, 3, 1, 2])

        class Conv(Passing):
            def call(self, x):
                return self.propagate(x)
        """}, ("TFP101",)) == [("base.py", 13, "TFP101", "warning"), ("experts.py", 7, "TFP101", "warning")]


def test_a_function_a_constructor_stores_and_a_name_a_package_star_imports(tmp_path):
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/ops/__init__.py": "from .mm import *\n",
                            "pkg/ops/mm.py": OPS, "pkg/attention.py": """\
        import functools
        import tensorflow as tf
        from pkg import ops

        def probability(score, mode):
            score = tf.reshape(score, [-1, 8, 8, 16])
            return tf.transpose(score, [0, 3, 1, 2])

        class Attention(tf.keras.layers.Layer):
            def __init__(self, mode):
                super().__init__()
                self.probability_fn = functools.partial(probability, mode=mode)

            def call(self, x):
                return ops.nchw(self.probability_fn(x))
        """}, ("TFP101",)) == [("attention.py", 7, "TFP101", "warning"), ("mm.py", 5, "TFP101", "warning")]


def test_a_training_loop_and_what_it_calls_every_step(tmp_path):
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/layers.py": LAYER,
                            "pkg/optimize.py": """\
        import tensorflow as tf
        from pkg.ops import nchw

        def optimize_for_mask(network, rays, n_iter):
            optimizer = tf.keras.optimizers.Adam(1e-3)

            def opt_step(r):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(network(r))
                optimizer.apply_gradients(zip(tape.gradient(loss, network.trainable_variables),
                                              network.trainable_variables))

            for _ in range(n_iter):
                opt_step(nchw(rays))
        """}, ("TFP101",)) == [("ops.py", 5, "TFP101", "warning")]


def test_roots_by_a_layer_decorator_tf1_variables_a_training_call_and_an_instance_made_and_applied(tmp_path):
    """tensorpack's `@layer_register()` layers, a TF1 model function (`variable_scope`), a loop that calls a
    training step, and `Unpool()(x)` (the `__call__` of a class of the project, made and applied at once)."""
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS.replace("def gram", "def _unused"),
                            "pkg/models.py": """\
        import tensorflow as tf
        from pkg.ops import nchw
        from pkg.registry import layer_register

        @layer_register(log_shape=True)
        def FixedUnPooling(x, shape):
            x = tf.reshape(x, [-1, 8, 8, 16])
            return tf.transpose(x, [0, 3, 1, 2])

        def tower(x):
            with tf.compat.v1.variable_scope("tower"):
                return nchw(x)

        class Unpool:
            def __call__(self, x):
                x = tf.reshape(x, [-1, 8, 8, 16])
                return tf.transpose(x, [0, 3, 1, 2])

        def run(trainer, batches):
            for batch in batches:
                trainer.train_step(Unpool()(batch))
        """, "pkg/registry.py": "def layer_register(**kw):\n    return lambda f: f\n"}, ("TFP101",)) == [
            ("models.py", 8, "TFP101", "warning"), ("models.py", 17, "TFP101", "warning"),
            ("ops.py", 5, "TFP101", "warning")]


# --- VALID: no evidence, info that says why


def test_a_public_op_nothing_calls_is_info_saying_no_layer_loss_or_step_reaches_it(tmp_path):
    files = {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/layers.py": LAYER.replace("return nchw(x)", "return x")}
    assert found(tmp_path, files) == [("ops.py", 5, "TFP101", "info"), ("ops.py", 9, "TFP103", "info")]
    message = messages(tmp_path, files)[("ops.py", 5)]
    assert message.endswith("[no layer, loss or training step of this project reaches it: a cost only if a "
                            "model calls it in each training step]")
    assert "on gaudi2" in message  # the device stays named: a user's model may call it


def test_a_helper_reached_only_from_a_sampling_loop_or_numpy_preprocessing_is_info(tmp_path):
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/layers.py": LAYER.replace(
        "return nchw(x)", "return x"), "pkg/sampling.py": """\
        import numpy as np
        from pkg.ops import gram, nchw

        def draw_samples(model, n):
            x = model(np.zeros([n, 64, 16], np.float32))
            for _ in range(n):
                x = nchw(x)
            return x

        def whiten(volume):
            return np.asarray(gram(np.asarray(volume)))
        """}) == [("ops.py", 5, "TFP101", "info"), ("ops.py", 9, "TFP103", "info")]


def test_a_test_that_makes_and_calls_an_object_or_a_partial_gives_no_evidence(tmp_path):
    """Tests call everything: `Unpool()(x)` or a partial made in a test named for a training loss is no
    route from the step (the test itself is off it)."""
    assert found(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER.replace("return nchw(x)", "return x"),
                            "pkg/ops.py": OPS.replace("def gram", "def _unused") + """
    class Unpool:
        def __call__(self, x):
            x = tf.reshape(x, [-1, 8, 8, 16])
            return tf.transpose(x, [0, 3, 1, 2])
    """, "tests/test_ops.py": """\
        import functools
        from pkg.ops import Unpool, nchw

        def test_training_loss():
            assert Unpool()(1) is not None
            assert functools.partial(nchw)(1) is not None
        """}, ("TFP101",)) == [("ops.py", 5, "TFP101", "info"), ("ops.py", 14, "TFP101", "info")]


def test_a_snippet_with_no_layer_loss_or_step_anywhere_keeps_its_warnings():
    """A file or project that shows no model at all says nothing of where its code runs: the rule warns
    as before (the step is unknown, not absent)."""
    findings = lint_text("import tensorflow as tf\n\n\ndef nchw(x):\n    x = tf.reshape(x, [-1, 8, 8, 16])\n"
                         "    return tf.transpose(x, [0, 3, 1, 2])\n", "ops.py", target="gaudi2", select=["TFP101"])
    assert [(f.source.line, f.severity.value) for f in findings] == [(6, "warning")]
