"""The forms held-out set 2 (TensorFlowASR, tensorflow-similarity, deepface, spektral) showed
missing or misjudged, one synthetic file per form, each with its look-alike: Python callbacks in a
method the class hands to tf.data, transposes into the Keras backend's dot and tf.sparse's matmul,
a project function that returns a transpose, a matmul helper implementing its transpose flags with a
copy, transposes run once (build(), weight initializers), a causal pad before a conv subclass's own
conv, a module-level L2 regularizer another module passes, tiny maps (list repetition, the choice
dataset of choose_from_datasets), and private helpers named for a prediction that a layer's `call`
runs."""

from __future__ import annotations

import textwrap

from conftest import TF_WITHOUT_DEFAULTS
from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=(), target="gaudi2", path="model.py", tensorflow_version=None):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select, tensorflow_version=tensorflow_version)]


def messages(code: str, select=()):
    return [f.message for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=select)]


# --- TFP501: a method the class hands to dataset.map runs in the pipeline


def test_a_callback_in_a_method_handed_to_dataset_map_is_the_pipelines():
    code = """\
    import tensorflow as tf

    class Base:
        pass

    class Loader(Base):
        def load(self, record):
            return tf.numpy_function(lambda p: p, inp=[record], Tout=tf.string)

        def step(self, x):
            return tf.numpy_function(lambda p: p, inp=[x], Tout=tf.string)

        def create(self, entries):
            return tf.data.Dataset.from_tensor_slices(entries).map(self.load, num_parallel_calls=4)
    """
    # load runs in the tf.data map (nothing reported); step, a public method nobody maps, may run anywhere
    assert lint(code, select=["TFP501"]) == [(11, "TFP501", "warning")]


# --- TFP103: transposes into the Keras backend's dot, tf.sparse's matmul, and a helper's flags


def test_a_transpose_into_keras_backend_dot_is_tfp103_advice_not_tfp101():
    code = """\
    from tensorflow.keras import backend as K

    def inner(x, w):
        a = K.dot(K.dot(x, w), K.transpose(x))
        b = K.dot(x, K.transpose(w, ))
        return a, b, K.dot(x, w), K.sum(K.transpose(x))
    """
    assert lint(code, select=["TFP101", "TFP103"]) == [(4, "TFP103", "warning"), (5, "TFP103", "warning"),
                                                       (6, "TFP101", "warning")]
    assert "keras.backend.dot (line 4) takes no transpose flag" in messages(code, select=["TFP103"])[0]


def test_a_transpose_into_sparse_dense_matmul_is_an_adjoint_advice():
    code = """\
    import tensorflow as tf

    def dense_sparse(a, b):
        return tf.sparse.sparse_dense_matmul(tf.sparse.transpose(b), tf.transpose(a))

    def already(a, b):
        return tf.sparse.sparse_dense_matmul(b, tf.transpose(a), adjoint_b=True)
    """
    # the adjoint is the transpose only for real dtypes: advice, never an exact fix; an operand the
    # matmul already adjoints is a pair (TFP102's business), as with tf.matmul's flags
    findings = lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101", "TFP103"])
    assert [(f.source.line, f.code) for f in findings] == [(4, "TFP103")]
    assert "adjoint_b=True" in findings[0].message and findings[0].fix.safety.value == "advisory"


def test_a_project_function_returning_a_transpose_is_a_transpose_where_it_is_called(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/ops.py": """\
            import tensorflow as tf
            from tensorflow.keras import backend as K

            def transpose(a, perm=None, name=None):
                if K.is_sparse(a):
                    transpose_op = tf.sparse.transpose
                else:
                    transpose_op = tf.transpose
                if perm is None:
                    perm = (1, 0)
                return transpose_op(a, perm=perm, name=name)

            def not_a_wrapper(a, perm=None):
                a = a * 2
                return tf.transpose(a, perm)

            def swap_by_default(a, perm=(0, 2, 1)):
                return tf.transpose(a, perm)
            """,
        "pkg/layers.py": """\
            import tensorflow as tf
            from pkg import ops

            def mixed(a, b):
                b_t = ops.transpose(b, (1, 2, 0))
                out = ops.transpose(b, (0, 2, 1))
                kept = ops.transpose(b, (1, 0, 2))
                other = ops.not_a_wrapper(b, (1, 2, 0))
                swapped = ops.swap_by_default(b)
                return tf.matmul(a, ops.transpose(b)), b_t, out, kept, other, swapped
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101", "TFP103"], jobs=1)
    # the wrapper's own transpose is not a site (its callers are); a swap feeding tf.matmul is TFP103;
    # (1, 0, 2) keeps the last axis (logical on Gaudi); a function that changes its input, or whose perm
    # defaults to something else than None (its callers' omitted perm is not a reversal), is no wrapper
    assert found(result) == [("layers.py", 5, "TFP101", "warning"), ("layers.py", 6, "TFP101", "warning"),
                             ("layers.py", 10, "TFP103", "warning")]


def test_a_matmul_helper_implementing_its_transpose_flag_with_a_copy():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    def modal_dot(a, b, transpose_a=False, transpose_b=False):
        if transpose_a:
            perm = None if K.ndim(a) == 2 else (0, 2, 1)
            a = tf.transpose(a, perm)
        if transpose_b:
            b = tf.transpose(b, (0, 2, 1))
        return tf.matmul(a, b)

    def rotate(a, b, transpose_a=True, swap=True):
        if transpose_a:
            a = tf.transpose(a, (2, 0, 1))
        if swap:
            b = tf.transpose(b, (0, 2, 1))
        return a, b
    """
    # a transpose_x flag implemented by a swap of the last two axes: TFP103 advice, not TFP101;
    # another perm under the flag, or a swap under another flag, is a plain transpose (flags on by default here: an
    # option off by default is an opt-in branch, info)
    assert lint(code, select=["TFP101", "TFP103"]) == [(7, "TFP103", "warning"), (9, "TFP103", "warning"),
                                                       (14, "TFP101", "warning"), (16, "TFP101", "warning")]


def test_matrix_transpose_swaps_the_last_two_axes():
    code = """\
    import tensorflow as tf

    def balance(s, x):
        med = tf.math.top_k(tf.linalg.matrix_transpose(s), k=3).values
        return med, tf.matmul(tf.linalg.matrix_transpose(x), x)
    """
    assert lint(code, select=["TFP101", "TFP103"]) == [(4, "TFP101", "warning"), (5, "TFP103", "warning")]


# --- TFP101: computed once (a layer's build(), a weight initializer)


def test_a_transpose_in_build_or_an_initializer_runs_once():
    code = """\
    import tensorflow as tf
    from tensorflow import keras

    class Attention(keras.layers.Layer):
        def build(self, input_shape):
            grid = tf.transpose(tf.random.uniform([2, input_shape[1], 7]), [1, 2, 0])  # (no table of sizes)
            self.index = grid

        def call(self, x):
            return tf.transpose(x, [0, 2, 1])

    class Orthogonal(keras.initializers.Initializer):
        def __call__(self, shape, dtype=None):
            q = tf.random.normal(shape)
            return tf.transpose(q, [1, 0])
    """
    assert lint(code, select=["TFP101"]) == [(6, "TFP101", "info"), (10, "TFP101", "warning"),
                                             (15, "TFP101", "info")]
    assert "computed once" in messages(code, select=["TFP101"])[0]


def test_a_model_wrappers_build_that_makes_a_functional_model_runs_in_every_step():
    # bigdl-chronos' MTNetKeras (set 71): `build(self, config)` makes the model whose Permute layers train
    code = """\
    from tensorflow.keras import Model
    from tensorflow.keras.layers import Dense, Input, Permute

    class Forecaster:
        def build(self, config):
            inputs = Input(shape=(config["steps"], config["features"]))
            x = self._encoder(inputs)
            self.model = Model(inputs, Dense(1)(Permute((2, 1))(x)))

        def _encoder(self, x):
            return Permute((2, 1))(Dense(64)(x))
    """
    assert lint(code, select=["TFP101"]) == [(8, "TFP101", "warning"), (11, "TFP101", "warning")]


# --- TFP201: a causal pad before a conv subclass's own VALID conv


def test_a_pad_before_a_conv_subclass_own_conv():
    code = """\
    import tensorflow as tf
    from keras.layers import DepthwiseConv1D as KerasDepthwiseConv1D
    from tensorflow import keras

    class DepthwiseConv1D(KerasDepthwiseConv1D):
        def __init__(self, kernel_size, padding="valid", **kwargs):
            super().__init__(kernel_size, padding=padding, **kwargs)
            if self._is_causal:
                self.padding = "VALID"

        def call(self, inputs):
            if self._is_causal:
                inputs = tf.pad(inputs, self._compute_causal_padding(inputs))
            return super().call(inputs)

    class SameConv(keras.layers.Conv2D):
        def __init__(self, filters, **kwargs):
            super().__init__(filters, 3, **kwargs)
            self.padding = "same"

        def call(self, inputs):
            inputs = tf.pad(inputs, self._compute_causal_padding(inputs))
            return super().call(inputs)

    class Plain(keras.layers.Layer):
        def call(self, inputs):
            self.padding = "valid"
            return super().call(tf.pad(inputs, self._compute_causal_padding(inputs)))
    """
    # a conv whose padding the class sets to "same" pads by itself already; a plain layer has no conv
    assert lint(code, select=["TFP201"]) == [(13, "TFP201", "warning")]
    assert "before DepthwiseConv1D's own conv" in messages(code, select=["TFP201"])[0]


# --- TFP301: a module-level regularizer another module passes


def test_a_module_level_l2_regularizer_passed_by_another_module(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/encoders.py": """\
            from tensorflow import keras

            L2 = keras.regularizers.l2(1e-6)
            L1 = keras.regularizers.l1(1e-6)
            UNUSED = keras.regularizers.l2(1e-6)
            """,
        "pkg/model.py": """\
            from tensorflow import keras
            from pkg.encoders import L1, L2

            def build(kernel_regularizer=L2):
                return keras.layers.Dense(4, kernel_regularizer=kernel_regularizer, bias_regularizer=L1)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP301"], jobs=1)
    # the L2 other code passes is reported where it is built; an L1 term, or an L2 nobody passes, is not
    assert found(result) == [("encoders.py", 3, "TFP301", "warning")]


# --- TFP404: maps that compute nothing worth a thread pool


def test_a_list_repetition_of_the_element_and_the_choice_dataset_map_are_tiny():
    code = """\
    import tensorflow as tf

    def choices(num_classes, k):
        return (tf.data.Dataset.range(num_classes).shuffle(num_classes)
                .map(lambda z: [[z] * k]).flat_map(tf.data.Dataset.from_tensor_slices).repeat())

    def warm(ds, augment, warmup):
        counter = tf.data.Dataset.counter()
        aug = ds.map(augment).skip(warmup)
        mixed = tf.data.Dataset.choose_from_datasets(
            [ds.take(warmup), aug], counter.map(lambda x: tf.cast(x >= warmup, tf.int64)))
        scaled = tf.data.Dataset.range(100).map(lambda z: [z * k for k in range(3)])
        return mixed.prefetch(1), scaled.prefetch(1)
    """
    # the repetition regroups, the selector yields indices; the augmenter is work; a list of products is
    # light elementwise work, info (2026-11-30, issue 11 set 5: was a warning)
    assert lint(code, select=["TFP404"], tensorflow_version=TF_WITHOUT_DEFAULTS) == \
        [(9, "TFP404", "warning"), (12, "TFP404", "info")]


# --- context: a private helper named for a prediction, run by a layer's call


def test_a_private_prediction_helper_called_by_call_is_the_forward_pass():
    code = """\
    import tensorflow as tf
    from tensorflow import keras

    class MaskDecoder(keras.layers.Layer):
        def call(self, x):
            return self._predict_masks(x)

        def _predict_masks(self, x):
            return tf.transpose(x, [0, 3, 1, 2])

        def _decode_nms(self, x):
            return tf.transpose(x, [0, 2, 1])

        def _predict_boxes(self, x):
            return tf.transpose(x, [0, 2, 1])

    def predict(model, x):
        return tf.transpose(model(x), [0, 2, 1])
    """
    # called by call: the forward pass; post-processing words, an uncalled one, the public API: info
    assert lint(code, select=["TFP101"]) == [(9, "TFP101", "warning"), (12, "TFP101", "info"),
                                             (15, "TFP101", "info"), (18, "TFP101", "info")]


# --- TFP405: a padded_batch whose unknown length the code picks only on a condition


def test_a_padded_shape_that_is_none_only_on_a_condition_is_info():
    code = """\
    import tensorflow as tf

    def make(files, n, shapes=None):
        ds = tf.data.TFRecordDataset(files)
        if shapes is None:
            shapes = ([n + 1 if n else None], [])
        a = ds.padded_batch(8, padded_shapes=shapes, drop_remainder=True)
        b = ds.padded_batch(8, padded_shapes=([None], []), drop_remainder=True)
        c = ds.padded_batch(8, padded_shapes=([n], []), drop_remainder=True)
        return a.prefetch(1), b.prefetch(1), c.prefetch(1)
    """
    assert lint(code, select=["TFP405"]) == [(7, "TFP405", "info"), (8, "TFP405", "warning")]
    assert "wherever n is false" in messages(code, select=["TFP405"])[0]


# --- TFP201: a local response normalization keeps its input's sign


def test_a_max_pool_after_the_lrn_of_a_relu_may_take_the_pad():
    code = """\
    import tensorflow as tf
    from tensorflow.keras.layers import Activation, Conv2D, Lambda, MaxPooling2D, ZeroPadding2D

    def stem(x):
        x = Activation("relu")(Conv2D(64, 3)(x))
        x = Lambda(lambda t: tf.nn.lrn(t, alpha=1e-4, beta=0.75))(x)
        x = ZeroPadding2D(padding=(1, 1))(x)
        x = MaxPooling2D(pool_size=3, strides=2)(x)
        y = Lambda(lambda t: tf.nn.lrn(t, alpha=1e-4, beta=0.75))(Conv2D(64, 3)(x))
        y = ZeroPadding2D(padding=(1, 1))(y)
        y = MaxPooling2D(pool_size=3, strides=2)(y)
        z = tf.nn.lrn(tf.nn.relu(x), bias=-1.0)
        z = ZeroPadding2D(padding=(1, 1))(z)
        return MaxPooling2D(pool_size=3, strides=2)(z), y
    """
    # lrn divides by a positive number: a ReLU's sign is kept, so a padded zero never wins the max;
    # a conv output may be negative, and a negative bias may flip the sign: the pad is needed (info)
    assert lint(code, select=["TFP201"]) == [(7, "TFP201", "warning"), (10, "TFP201", "info"),
                                             (13, "TFP201", "info")]


# --- TFP401: a generator's elements may be batches


def test_a_generator_pipeline_handed_out_is_not_taken_for_an_unbatched_one():
    code = """\
    import tensorflow as tf

    class Loader:
        def load(self):
            return tf.data.Dataset.from_generator(lambda: self, output_signature=self.sig()).map(
                tf.identity, num_parallel_calls=tf.data.AUTOTUNE)

        def load_examples(self):
            return tf.data.Dataset.from_tensor_slices(self.x).map(tf.identity, num_parallel_calls=2)
    """
    # slices are single examples, which whoever batches them prefetches; what a generator yields
    # (a loader's collated batches, maybe) the source does not say, so the pipeline may end here
    assert lint(code, select=["TFP401"], tensorflow_version=TF_WITHOUT_DEFAULTS) == [(5, "TFP401", "warning")]
