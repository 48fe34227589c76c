"""The source linter on small projects: names resolved through every import form, facts of other
modules (helpers returning pads, L2 regularizers, datasets), where code runs (tests, evaluation,
the CPU, the tf.data pipeline), and shapes the source states. One synthetic file (or package) per
form the issue lists; the real-code yardstick is benchmarks/source_truth.py."""

from __future__ import annotations

import textwrap

import pytest

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.findings import Severity
from tfperf.source import lint_paths, lint_text


def found(result, code=None):
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings if code is None or f.code == code)


def found_lines(findings):
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in findings]


def lint(code: str, target="gaudi2", select=(), path="model.py", tensorflow_version=None):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select, tensorflow_version=tensorflow_version)]


# --- names


@pytest.mark.parametrize("code", [
    """\
    from tensorflow.keras.layers import *
    x = ZeroPadding2D(3)(inputs)
    x = Conv2D(8, 7, strides=2)(x)
    """,
    """\
    import tf_keras
    layers = tf_keras.layers
    x = layers.ZeroPadding2D(3)(inputs)
    x = layers.Conv2D(8, 7, strides=2)(x)
    """,
    """\
    from tf_keras.src.layers import VersionAwareLayers
    layers = None

    def build(inputs, **kwargs):
        global layers
        layers = kwargs.pop("layers") if "layers" in kwargs else VersionAwareLayers()
        x = layers.ZeroPadding2D(3)(inputs)
        return layers.Conv2D(8, 7, strides=2)(x)
    """,
], ids=["star-import", "module-alias", "version-aware-layers"])
def test_keras_names_through_star_imports_and_aliases(code):
    assert [c for _, c, _ in lint(code, select=["TFP201"])] == ["TFP201"]


def test_framework_internals_and_compat_names():
    code = """\
    import tensorflow.compat.v2 as tf
    from tensorflow.python.ops import array_ops
    from tf_slim.layers import regularizers

    def f(x, w):
        a = tf.compat.v1.transpose(x, (0, 2, 1))
        b = array_ops.transpose(w, [0, 2, 1])
        return a, b, regularizers.l2_regularizer(1e-4)

    def scope(slim):
        return slim.arg_scope([], weights_regularizer=regularizers.l2_regularizer(1e-4))
    """
    assert lint(code, select=["TFP101", "TFP301"]) == [(6, "TFP101", "warning"), (7, "TFP101", "warning"),
                                                      (11, "TFP301", "warning")]


BACKEND_SWITCH = {
    "pkg/__init__.py": "",
    "pkg/tf_functional.py": "from tensorflow import pad, transpose\n",
    "pkg/torch_functional.py": "def transpose(x, perm):\n    return x.permute(*perm)\n",
    "pkg/ops.py": """\
        import os
        if os.environ.get("KERAS_3"):
            from keras.ops import *
        else:
            from keras_core.ops import *
        """,
    "pkg/keras_backend.py": """\
        import os
        if os.environ.get("BACKEND", "tensorflow") == "tensorflow":
            from tensorflow.keras import layers, regularizers
            from pkg import tf_functional as functional
        else:
            from torch_backend import layers, regularizers
            from pkg import torch_functional as functional
        """,
}


def test_names_a_backend_switch_binds_in_alternatives(tmp_path):
    """A module that binds its framework names in an if/else or try/except (a TensorFlow-or-torch
    switch, Keras 2 or 3) re-exports the alternative that is TensorFlow/Keras; star imports of a
    framework module in such a block re-export its names. (The user's file names its keras_backend
    module: a file that never mentions tensorflow, keras or tf_slim is not read at all.)"""
    tree(tmp_path, {**BACKEND_SWITCH, "pkg/model.py": """\
        from pkg.keras_backend import layers, functional, regularizers
        from pkg import ops

        def block(nn):
            nn = layers.Permute((2, 1))(nn)
            nn = functional.transpose(nn, [0, 2, 1])
            nn = ops.transpose(nn, [0, 2, 1])
            nn = layers.ZeroPadding2D(padding=1)(nn)
            return layers.Conv2D(8, 3, kernel_regularizer=regularizers.L2(1e-4))(nn)
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == [
        ("model.py", 5, "TFP101", "warning"), ("model.py", 6, "TFP101", "warning"),
        ("model.py", 7, "TFP101", "warning"), ("model.py", 8, "TFP201", "warning"),
        ("model.py", 9, "TFP301", "warning")]


def test_a_switch_without_a_framework_alternative_names_nothing(tmp_path):
    """Only alternatives leading to TensorFlow/Keras count: a backend whose choices are all the
    project's own functions (or unknown modules) gives no framework name."""
    files = dict(BACKEND_SWITCH)
    files["pkg/keras_backend.py"] = files["pkg/keras_backend.py"].replace("from tensorflow.keras import", "from jax_backend import")
    files["pkg/keras_backend.py"] = files["pkg/keras_backend.py"].replace("tf_functional as", "torch_functional as")
    tree(tmp_path, {**files, "pkg/model.py": """\
        from pkg.keras_backend import layers, functional

        def block(nn):
            nn = layers.Permute((2, 1))(nn)
            return functional.transpose(nn, [0, 2, 1])
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == []


def test_a_framework_import_is_not_replaced_by_its_fallback():
    code = """\
    try:
        from tensorflow.keras import layers
    except ImportError:
        from mypkg import layers

    def block(nn):
        return layers.Permute((2, 1))(nn)
    """
    assert lint(code, select=["TFP101"]) == [(7, "TFP101", "warning")]


def test_a_version_switch_binding_one_framework_module_in_alternatives_is_reexported(tmp_path):
    """`tfv1 = tf.compat.v1` under `if is_tfv2():`, `tfv1 = tf` in the `except` of a `try`: spellings of
    one canonical name, so the alias stands (and another module's `from ..compat import tfv1 as tf`
    names TensorFlow through it); bound to two different frameworks' names, it stands for neither."""
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/compat/__init__.py": """\
            import tensorflow as tf

            def is_tfv2():
                return True

            if is_tfv2():
                tfv1 = tf.compat.v1
            else:
                try:
                    tfv1 = tf.compat.v1
                except AttributeError:
                    tfv1 = tf
            """,
        "pkg/models/__init__.py": "",
        "pkg/models/pool.py": """\
            from ..compat import tfv1 as tf

            def unpool(x):
                return tf.transpose(x, [0, 3, 1, 2])
            """,
    })
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == [("pool.py", 4, "TFP101", "warning")]
    (tmp_path / "pkg/compat/__init__.py").write_text(
        "import tensorflow as tf\nimport torch\ntry:\n    tfv1 = tf.compat.v1\nexcept AttributeError:\n"
        "    tfv1 = torch\n")
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == []


@pytest.mark.parametrize("imported", [
    "from pkg.tf_utils import tf",  # the package re-exports its submodule's `tf` under the submodule's own name
    "from pkg.tf_utils import tf, make_config",
    "from pkg.tf_utils.tf import tf",  # the submodule itself
    "from ..backend import tf",  # a relative import of a package binding a name `tf`
])
def test_a_project_module_that_binds_tf_is_a_framework_import(tmp_path, imported):
    """A file that reaches TensorFlow only through a module of the project binding `tf` (twice: TensorFlow, then
    `tensorflow.compat.v1` under a version test) is read (its words name no framework) and its `tf.<name>` is
    TensorFlow's, also where the package's `__init__` rebinds the submodule's name to what it holds."""
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/tf_utils/__init__.py": "from pkg.tf_utils.tf import tf as tf  # noqa\n"
                                    "from pkg.tf_utils.tf import make_config  # noqa\n",
        "pkg/tf_utils/tf.py": """\
            import tensorflow as tf

            if tf.__version__ >= "2":
                import tensorflow.compat.v1 as tf

                tf.disable_v2_behavior()

            def make_config():
                return tf.ConfigProto()
            """,
        "pkg/backend/__init__.py": "from pkg.tf_utils.tf import tf  # noqa\n",
        "pkg/models/__init__.py": "",
        "pkg/models/pool.py": f"""\
            {imported}

            def unpool(x):
                return tf.transpose(x, [0, 3, 1, 2])
            """,
    })
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == [("pool.py", 4, "TFP101", "warning")]


@pytest.mark.parametrize("imported", [
    "from pkg.tf_utils import tf",  # a project module's own `tf` (no framework behind it)
    "from pkg.tf_utils import tfx",  # another name
])
def test_a_project_name_tf_that_is_no_framework_names_nothing(tmp_path, imported):
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/tf_utils/__init__.py": "from pkg.tf_utils.tf import tf as tf  # noqa\ntfx = tf\n",
        "pkg/tf_utils/tf.py": """\
            class tf:
                @staticmethod
                def transpose(x, perm):
                    return x
            """,
        "pkg/models/__init__.py": "",
        "pkg/models/pool.py": f"""\
            {imported}

            def unpool(x):
                return tf.transpose(x, [0, 3, 1, 2])
            """,
    })
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == []


SHIMS = {
    "pkg/__init__.py": "",
    "pkg/compat.py": "from tensorflow.compat.v1 import *  # noqa\nfrom absl import flags  # noqa\n",
    "pkg/tf2.py": "from tensorflow import *  # noqa\n",
    "pkg/tfc/__init__.py": "from tensorflow.compat.v1 import *  # noqa\n",
    "pkg/again.py": "from pkg.compat import *  # noqa\n",  # a shim of the shim
    "pkg/layers.py": "from tensorflow.keras.layers import *  # noqa\n",
}


@pytest.mark.parametrize("imported, call", [
    ("import pkg.compat as tf", "tf.estimator.Estimator(model_fn=fn)"),
    ("from pkg import compat as tf", "tf.estimator.Estimator(model_fn=fn)"),
    ("from pkg import tf2 as tf", "tf.estimator.Estimator(model_fn=fn)"),
    ("import pkg.tfc as tf", "tf.estimator.Estimator(model_fn=fn)"),
    ("import pkg.again as tf", "tf.estimator.Estimator(model_fn=fn)"),
    ("from pkg.compat import *  # tf", "estimator.Estimator(model_fn=fn)"),
    ("from tensorflow.compat.v1 import *", "estimator.Estimator(model_fn=fn)"),
], ids=["import-as", "from-import-as", "tf-star", "package-shim", "shim-of-shim", "star-of-shim", "star-local"])
def test_a_project_module_star_importing_tensorflow_is_tensorflow(tmp_path, imported, call):
    """A project module whose body star-imports a TensorFlow module (a TF1 compatibility shim) re-exports its names,
    also those the installed TensorFlow no longer ships (`tf.estimator`, removed in 2.16: `api.REMOVED_NAMES`)."""
    tree(tmp_path, {**SHIMS, "pkg/solver.py": f"""\
        {imported}

        def build(fn):
            return {call}
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP502") == [("solver.py", 4, "TFP502",
                                                                                       "warning")]


@pytest.mark.parametrize("shim", [
    "from tensorflow.compat.v1 import *  # noqa\n\nclass estimator:\n    Estimator = dict\n",  # its own
    "from tensorflow.compat.v1 import *  # noqa\nfrom pkg.own import estimator  # noqa\n",  # imported over it
    "from torch import *  # noqa\n",  # no framework module
])
def test_a_shim_name_that_is_not_tensorflows_names_nothing(tmp_path, shim):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/own.py": "class estimator:\n    Estimator = dict\n",
                    "pkg/compat.py": shim, "pkg/solver.py": """\
        import pkg.compat as tf

        def build(fn):
            return tf.estimator.Estimator(model_fn=fn)
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP502") == []


def test_keras_layers_through_a_project_star_shim(tmp_path):
    tree(tmp_path, {**SHIMS, "pkg/model.py": """\
        from pkg.layers import *  # noqa

        def block(inputs):
            x = ZeroPadding2D(3)(inputs)
            return Conv2D(8, 7, strides=2)(x)
        """})
    assert [c for _, _, c, _ in found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP201")] == ["TFP201"]


def test_relative_imports_and_reexports_between_modules(tmp_path):
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/ops/__init__.py": "from pkg.ops.padding import fixed_padding\n",
        "pkg/ops/padding.py": """\
            import tensorflow as tf

            def fixed_padding(x, k):
                return tf.pad(x, [[0, 0], [k, k], [k, k], [0, 0]])
            """,
        "pkg/model.py": """\
            import tensorflow as tf
            from . import ops

            def stem(x, w):
                return tf.nn.conv2d(ops.fixed_padding(x, 1), w, 2, "VALID")
            """,
    })
    # the pad is in another module: reported where it reaches the conv, naming the helper
    (finding,) = lint_paths([str(tmp_path)], target="gaudi2", jobs=1).findings
    assert (finding.code, finding.source.path.endswith("model.py"), finding.source.line) == ("TFP201", True, 5)
    assert "fixed_padding()" in finding.message and finding.fix.edits == ()


@pytest.mark.parametrize("mode, flagged", [("", True), (", mode='REFLECT'", False)], ids=["zero", "reflect"])
def test_a_pad_helper_with_computed_paddings_before_a_layers_conv_helper(tmp_path, mode, flagged):
    """The pad helper is in another module and its paddings come from a function of its own module
    (the branch the call's literal takes); the conv is tf.compat.v1.layers' in a helper of the caller's
    module: advice at the helper's call. A REFLECT helper is no zero pad."""
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/ops.py": f"""\
            import tensorflow.compat.v1 as tf

            def _padding_arg(h, w, input_format):
                if input_format == 'NHWC':
                    return [[0, 0], [h, h], [w, w], [0, 0]]
                elif input_format == 'HWC':
                    return [[h, h], [w, w], [0, 0]]
                raise ValueError(input_format)

            def pad(input_net, padding_size):
                if len(input_net.shape) == 4:
                    return tf.pad(tensor=input_net, paddings=_padding_arg(padding_size, padding_size, 'NHWC'){mode})
                return tf.pad(tensor=input_net, paddings=_padding_arg(padding_size, padding_size, 'HWC'){mode})
            """,
        "pkg/layers.py": """\
            import tensorflow.compat.v1 as tf
            from pkg import ops

            def _conv2d(inputs, filters, kernel_size, stride, name):
                return tf.layers.conv2d(inputs, filters, kernel_size, strides=stride, padding='VALID', name=name)

            def down(input_net):
                net = ops.pad(input_net, 3)
                net = _conv2d(inputs=net, filters=64, kernel_size=7, stride=1, name='conv_0')
                return net
            """,
    })
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert found_lines(findings) == ([("layers.py", 8, "warning")] if flagged else [])
    if flagged:
        assert "pad()" in findings[0].message and "_conv2d()" in findings[0].message and findings[0].fix.edits == ()


@pytest.mark.parametrize("conv_padding, flagged", [("padding", True), ("'SAME'", False)], ids=["forwarded", "same"])
def test_a_pad_before_a_local_helper_forwarding_to_another_modules_closure_builder(tmp_path, conv_padding, flagged):
    """Progressive GAN's form: the padded latent goes to a local `_conv2d(..., 'VALID')` that forwards
    its input and padding to another module's builder, whose nested function (handed to a call)
    makes the conv from the builder's parameters. A builder whose conv is SAME whatever it is given
    is no VALID conv."""
    tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/layers.py": f"""\
            import tensorflow.compat.v1 as tf

            def _impl(apply_kernel, shape):
                return 2.0 * apply_kernel(shape)

            def custom_conv2d(x, filters, kernel_size, padding='SAME'):
                def _apply_kernel(shape):
                    return tf.layers.conv2d(x, filters=filters, kernel_size=shape, padding={conv_padding})
                return _impl(_apply_kernel, kernel_size)
            """,
        "pkg/networks.py": """\
            import tensorflow.compat.v1 as tf
            from pkg import layers

            def generator(z, h, w, n):
                def _conv2d(scope, x, kernel_size, filters, padding='SAME'):
                    return layers.custom_conv2d(x=x, filters=filters, kernel_size=kernel_size, padding=padding)

                x = tf.expand_dims(tf.expand_dims(z, 1), 1)
                x = tf.pad(x, [[0] * 2, [h - 1] * 2, [w - 1] * 2, [0] * 2])
                x = _conv2d('conv0', x, (h, w), n, 'VALID')
                return _conv2d('conv1', x, 3, n)
            """,
    })
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP201"]).findings
    assert found_lines(findings) == ([("networks.py", 9, "warning")] if flagged else [])
    if flagged:
        assert "through custom_conv2d()" in findings[0].message and "of pkg.layers" in findings[0].message
        assert findings[0].fix.edits == ()


# --- facts of other functions and modules


def test_l2_regularizer_built_by_a_helper_in_another_module(tmp_path):
    tree(tmp_path, {
        "proj/__init__.py": "",
        "proj/regs.py": """\
            import tensorflow as tf

            def l2(use_l2=True):
                return tf.keras.regularizers.L2(1e-4) if use_l2 else None
            """,
        "proj/net.py": """\
            import tensorflow as tf
            from proj.regs import l2

            def block(x):
                return tf.keras.layers.Dense(8, kernel_regularizer=l2())(x)
            """,
    })
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1)) == [("net.py", 5, "TFP301", "warning")]


def test_pipeline_flows_through_returns_into_callers(tmp_path):
    tree(tmp_path, {
        "data/__init__.py": "",
        "data/read.py": """\
            import tensorflow as tf

            def records(files):
                return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4)

            def batched(files):
                return records(files).batch(32, drop_remainder=True)
            """,
        "data/train.py": """\
            import tensorflow as tf
            from data import read

            def fit(model, files):
                model.fit(read.batched(files), epochs=2)

            def fit_prefetched(model, files):
                model.fit(read.records(files).batch(8, drop_remainder=True).prefetch(2))
            """,
    })
    result = lint_paths([str(tmp_path)], target="cpu", jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    # batched() is the last stage before fit: the prefetch goes there; records() goes on in callers
    assert found(result) == [("read.py", 7, "TFP401", "warning")]
    assert result.rounds >= 2, "the callers' summaries reach read.py in a later round"


def test_a_dataset_parameter_and_work_after_its_prefetch():
    code = """\
    import tensorflow as tf

    def prepare(dataset, batch_size):
        dataset = dataset.prefetch(tf.data.AUTOTUNE)
        dataset = dataset.shuffle(8 * batch_size)
        return dataset.batch(batch_size)
    """
    assert lint(code, target="cpu", select=["TFP40"], tensorflow_version="2.11") == \
        [(5, "TFP402", "warning"), (6, "TFP402", "warning")]
    # TensorFlow >= 2.12 injects a prefetch after the batch, which overlaps the work after this one too
    assert lint(code, target="cpu", select=["TFP40"], tensorflow_version="2.12") == \
        [(5, "TFP402", "info"), (6, "TFP402", "info")]


# --- where code runs


def test_test_files_report_info_without_naming_the_device(tmp_path):
    tree(tmp_path, {"tests/test_model.py": """\
        import tensorflow as tf
        y = tf.transpose(x, perm=[0, 2, 1])
        """})
    (finding,) = lint_paths([str(tmp_path / "tests")], target="gaudi2", jobs=1).findings
    assert finding.severity is Severity.INFO
    assert "gaudi2" not in finding.message and "test code" in finding.message


def test_branches_cpu_scopes_and_function_names():
    code = """\
    import tensorflow as tf

    def head(x, training):
        if training:
            y = tf.transpose(x, [0, 2, 1])
        else:
            y = tf.transpose(x, [0, 2, 1])
        with tf.device("/CPU:0"):
            z = tf.transpose(x, [0, 2, 1])
        return y, z

    def predict_step(x):
        return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code, select=["TFP101"]) == [(5, "TFP101", "warning"), (7, "TFP101", "info"),
                                             (9, "TFP101", "info"), (13, "TFP101", "info")]


def test_a_class_derived_from_a_decoding_base_is_inference():
    """`GreedySearch(DecodingStrategy)`: a decoding strategy decodes step by step, as inference does
    (training reads the targets); a base that only says decoder (a model's decoder half) is no context."""
    code = """\
    import tensorflow as tf

    class DecodingStrategy:
        pass

    class GreedySearch(DecodingStrategy):
        def finalize(self, outputs):
            return tf.transpose(outputs.stack())

    class TransformerDecoder(tf.keras.layers.Layer):
        def call(self, x):
            return tf.transpose(x, [0, 2, 1])
    """
    assert lint(code, select=["TFP101"]) == [(8, "TFP101", "info"), (12, "TFP101", "warning")]


def test_the_call_graph_gives_helpers_their_callers_context():
    code = """\
    import tensorflow as tf

    def _layout(x):
        return tf.transpose(x, [0, 2, 1])

    def parse(record):
        return _layout(record)

    def evaluate(x):
        return _layout(x)

    def make(files):
        return tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=2).batch(4).prefetch(1)

    def metric(x):
        return _bleu(x)

    def _bleu(x):
        return tf.transpose(x, [0, 2, 1])

    def test_bleu():
        return _bleu(1)
    """
    # _layout runs in the tf.data map (host) and in evaluation: no device finding, not even info
    # (one caller is the pipeline); _bleu is called by a metric and a test: the test says nothing
    assert lint(code, select=["TFP101"]) == [(19, "TFP101", "info")]


def test_a_branch_on_a_parameter_runs_where_the_calls_that_take_it_run():
    """tf-models' ncf_input_pipeline.py:55: `if rebatch:` re-batches the dataset, and only the
    evaluation input (`is_training=False, rebatch=eval_rebatch`) asks for it."""
    code = """\
    import tensorflow as tf

    def make(pattern, batch_size, is_training=True, rebatch=False):
        ds = tf.data.Dataset.list_files(pattern).interleave(tf.data.TFRecordDataset, num_parallel_calls=4)
        if rebatch:
            ds = ds.unbatch().batch(batch_size)
        if not is_training:
            ds = ds.map(len, num_parallel_calls=4).batch(batch_size)
        return ds.prefetch(1)

    train = make("train*", 32, is_training=True, rebatch=False)
    evaluation = make("eval*", 32, is_training=False, rebatch=use_pods)
    """
    assert lint(code, select=["TFP405"]) == [(6, "TFP405", "info"), (8, "TFP405", "info")]
    training = code.replace("rebatch=False)", "rebatch=True)")  # the training input re-batches too
    assert lint(training, select=["TFP405"]) == [(6, "TFP405", "warning"), (8, "TFP405", "info")]
    positional = code.replace("32, is_training=True, rebatch=False", "32, True, False")  # no literal flag passed
    assert lint(positional, select=["TFP405"]) == [(6, "TFP405", "warning"), (8, "TFP405", "info")]


# --- shapes the source states


def test_size_one_moves_and_split_pieces():
    code = """\
    import tensorflow as tf

    def iou(boxes, gt):
        y0, x0, y1, x1 = tf.split(gt, 4, axis=2)
        a = tf.transpose(x0, [0, 2, 1])
        b = tf.transpose(tf.expand_dims(tf.reduce_sum(boxes, -1), -1), [0, 2, 1])
        c = tf.transpose(tf.reduce_max(gt, axis=-1, keepdims=True), [0, 2, 1])
        d = tf.transpose(tf.reshape(boxes, [-1, 1]))
        e = tf.transpose(boxes)
        return a, b, c, d, e
    """
    assert lint(code, select=["TFP101"]) == [(5, "TFP101", "info"), (9, "TFP101", "warning")]


def test_a_few_vectors_packed_together_are_info_unless_the_long_axis_counts_elements():
    code = """\
    import tensorflow as tf

    def pack(heights, widths, ty, tx, th, tw, a, b, y, x, updates, activations):
        offset = tf.transpose([heights, widths], [1, 0])
        codes = tf.transpose(a=tf.stack([ty, tx, th, tw]))
        pairs = tf.transpose(tf.reshape(tf.concat([a, b], axis=0), [2, -1]))
        size = tf.size(updates)
        indices = tf.transpose(tf.reshape(tf.stack([a, b, y, x]), [4, size]))
        wide = tf.transpose(tf.stack([ty, tx, th, tw, a], axis=-1))
        moved = tf.transpose(activations, [0, 3, 1, 2])
        return offset, codes, pairs, indices, wide, moved
    """
    assert lint(code, select=["TFP101"]) == [(4, "TFP101", "info"), (5, "TFP101", "info"), (6, "TFP101", "info"),
                                             (8, "TFP101", "warning"), (9, "TFP101", "warning"),
                                             (10, "TFP101", "warning")]
    message = lint_text(textwrap.dedent(code), "model.py", select=["TFP101"])[0].message
    assert "its size is 2 x an axis whose length the source does not state" in message


def test_unstacking_the_result_into_names_states_that_axis():
    code = """\
    import tensorflow as tf

    def decode(rel_codes, boxes):
        ty, tx, th, tw = tf.unstack(tf.transpose(a=rel_codes))
        a, b = tf.unstack(tf.transpose(boxes, [0, 2, 1]), axis=1)
        parts = tf.unstack(tf.transpose(rel_codes))
        return ty, a, parts
    """
    assert lint(code, select=["TFP101"]) == [(4, "TFP101", "info"), (5, "TFP101", "warning"),
                                             (6, "TFP101", "warning")]
    assert "of [?, 4]" in lint_text(textwrap.dedent(code), "model.py", select=["TFP101"])[0].message


def test_a_swap_for_a_matmul_is_tfp103_not_tfp101():
    code = """\
    import tensorflow as tf

    def scores(q, k):
        kt = tf.transpose(k, [0, 2, 1])
        return tf.matmul(q, kt)
    """
    assert lint(code) == [(4, "TFP103", "warning")]


# --- code that runs only with channels_first data: info (TensorFlow's default layout is channels_last)

_CF_BRANCHES = [
    # (test, which branch the transpose is in, expected severity)
    ('data_format == "channels_first"', "body", "info"),
    ('data_format == "channels_first"', "else", "warning"),
    ('backend.image_data_format() == "channels_last"', "else", "info"),
    ('backend.image_data_format() == "channels_last"', "body", "warning"),
    ("self.data_format != 'channels_last'", "body", "info"),
    ("self.data_format != 'channels_last'", "else", "warning"),
    ('data_format != "channels_first"', "else", "info"),
    ('"channels_first" == data_format', "body", "info"),
    ('not data_format == "channels_last"', "body", "info"),
    ('data_format == "channels_first" and rank == 4', "body", "info"),
    ('data_format == "channels_first" and rank == 4', "else", "warning"),
    ('data_format == "channels_last" or rank == 3', "else", "info"),
    ('data_format == "channels_first" or transpose_input', "body", "warning"),
    # a layout string with the channels second or last: TensorFlow's "NCHW" / "NHWC", "BCHW" as some code writes it
    ('data_format == "NCHW"', "body", "info"),
    ('data_format == "NCHW"', "else", "warning"),
    ("order == 'BCHW'", "body", "info"),
    ('data_format == "NHWC"', "else", "info"),
    ('data_format != "NCDHW"', "body", "warning"),
    ('padding == "HWC"', "body", "warning"),  # no batch axis: not a layout string
    ('padding == "same"', "body", "warning"),  # an `if` on something else: still the training step
    ("transpose_input", "body", "warning"),
]


@pytest.mark.parametrize("test,branch,severity", _CF_BRANCHES,
                         ids=[f"{t}-{b}" for t, b, _ in _CF_BRANCHES])
def test_a_branch_that_runs_only_with_channels_first_data_is_info(test, branch, severity):
    transpose, other = "x = tf.transpose(x, [0, 2, 3, 1])", "x = x + 1"
    body, orelse = (transpose, other) if branch == "body" else (other, transpose)
    code = f"""\
    import tensorflow as tf
    from tensorflow.keras import backend

    def call(self, x, data_format, rank, transpose_input, padding):
        if {test}:
            {body}
        else:
            {orelse}
        return x
    """
    assert lint(code, select=["TFP101"]) == [(6 if branch == "body" else 8, "TFP101", severity)]


def test_channels_first_in_a_conditional_expression_elif_a_flag_and_a_helper():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend, layers

    def _to_channels_last(x):
        return tf.transpose(x, [0, 2, 3, 1])

    def stem(x, data_format):
        x = x if backend.image_data_format() == "channels_last" else layers.Permute((2, 3, 1))(x)
        y = tf.transpose(x, [0, 3, 1, 2]) if data_format == "channels_first" else x
        if data_format == "channels_last":
            pass
        elif data_format == "channels_first":
            x = _to_channels_last(x)
        is_channels_last = backend.image_data_format() == "channels_last"
        z = x if is_channels_last else tf.transpose(x, [0, 2, 3, 1])
        w = tf.transpose(x, [0, 2, 3, 1]) if is_channels_last else x
        return x + y + z + w
    """
    assert lint(code, select=["TFP101"]) == [(5, "TFP101", "info"), (8, "TFP101", "info"), (9, "TFP101", "info"),
                                             (15, "TFP101", "info"), (16, "TFP101", "warning")]


def test_a_channels_first_attribute_set_once_in_the_class():
    code = """\
    import tensorflow as tf

    class Flatten(tf.keras.layers.Layer):
        def __init__(self, data_format, transpose_input):
            self._channels_first = data_format == "channels_first"
            self.transpose_input = transpose_input
            self.twice = data_format == "channels_first"
            self.twice = False

        def call(self, x):
            if self._channels_first:
                x = tf.transpose(x, [0, 2, 3, 1])
            if self.transpose_input:
                x = tf.transpose(x, [0, 2, 3, 1])
            if self.twice:
                x = tf.transpose(x, [0, 2, 3, 1])
            return x
    """
    assert lint(code, select=["TFP101"]) == [(12, "TFP101", "info"), (14, "TFP101", "warning"),
                                             (16, "TFP101", "warning")]


def test_channels_first_info_applies_to_every_rule_and_says_why():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    def attention(q, k, x, data_format):
        if data_format == "channels_first":
            scores = tf.matmul(q, tf.transpose(k, [0, 1, 3, 2]))
            x = layers.ZeroPadding2D(1)(x)
            x = layers.Conv2D(8, 3, padding="valid")(x)
        return scores, x
    """
    findings = lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP103", "TFP201"])
    assert sorted((f.code, f.severity.value) for f in findings) == [("TFP103", "info"), ("TFP201", "info")]
    for finding in findings:
        assert finding.message.endswith("[runs only with channels_first data; TensorFlow's default, "
                                        "and what Habana recommends, is channels_last]")


def test_a_channels_first_branch_in_a_test_or_the_input_pipeline_is_that_first(tmp_path):
    branch = """\
        import tensorflow as tf

        def {name}(image, data_format):
            if data_format == "channels_first":
                image = tf.transpose(image, [2, 0, 1])
            return image
        """
    tree(tmp_path, {"preprocessing/imagenet_preprocessing.py": branch.format(name="preprocess_image"),
                    "model.py": branch.format(name="test_layout")})
    (finding,) = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"]).findings
    assert (finding.source.path.rsplit("/", 1)[-1], finding.severity) == ("model.py", Severity.INFO)
    assert "test code" in finding.message and "channels_first" not in finding.message
