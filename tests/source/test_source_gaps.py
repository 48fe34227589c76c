"""The forms the held-out set (keras-cv, keras-cv-attention-models) showed missing, one synthetic
file per form, each with its look-alike: Keras 3 `ops` shapes, tf.data maps that only regroup,
ragged batches and `drop_remainder` flags, pipelines returned unbatched or built in a private helper
nothing calls, pads feeding a project helper that builds the conv, channels_last flags returned
by a function."""

from __future__ import annotations

import textwrap

from conftest import TF_WITHOUT_DEFAULTS
from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=(), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select)]


def messages(code: str, select=(), path="model.py"):
    return [f.message for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=select)]


# --- TFP101: Keras 3 ops state shapes like their tf equivalents


def test_keras_ops_split_and_keepdims_reductions_give_size_one_axes():
    code = """\
    from keras import ops

    def iou(boxes, gt):
        y0, x0, y1, x1 = ops.split(gt, 4, axis=2)
        a = ops.transpose(x0, [0, 2, 1])
        mask = ops.less(ops.max(gt, axis=-1, keepdims=True), 0.0)
        b = ops.transpose(mask, [0, 2, 1])
        c = ops.transpose(ops.max(gt, axis=-1), [1, 0])
        d = ops.transpose(boxes, [0, 2, 1])
        return a, b, c, d
    """
    # a split piece may be 1 wide (info, as tf.split); a keepdims max is 1 wide (nothing);
    # without keepdims, and an unknown tensor, the last axis moves
    assert lint(code, select=["TFP101"]) == [(5, "TFP101", "info"), (8, "TFP101", "warning"),
                                             (9, "TFP101", "warning")]


# --- TFP404: a map that only regroups the element computes nothing


def test_a_map_that_only_regroups_the_element_is_not_worth_parallel_calls():
    code = """\
    import tensorflow as tf

    def regroup(image, label):
        return {"image": image, "label": label}

    def make(files):
        ds = tf.data.TFRecordDataset(files).batch(8)
        ds = ds.map(lambda xx, yy, t: (xx, (yy, t)))
        ds = ds.map(lambda d: (d["image"], d["label"]))
        ds = ds.map(regroup)
        ds = ds.map(lambda xx, yy: (xx / 255, yy))
        ds = ds.map(lambda x: x[0])
        return ds.prefetch(1)
    """
    # the three regroupings and the slice say nothing (selection, no op worth a thread); the division is
    # light elementwise work whose cost depends on the elements' size, which the source does not show:
    # info (2026-11-30, issue 11 set 5: was a warning, as was the slice)
    assert lint(code, select=["TFP404"]) == [(11, "TFP404", "info")]


# --- TFP405: ragged batches, and what drop_remainder holds


def test_ragged_batches_keep_a_partial_last_batch_like_batch():
    code = """\
    import tensorflow as tf

    def make(files):
        a = tf.data.TFRecordDataset(files).apply(tf.data.experimental.dense_to_ragged_batch(batch_size=8))
        b = tf.data.TFRecordDataset(files).ragged_batch(8)
        c = tf.data.TFRecordDataset(files).apply(tf.data.experimental.dense_to_ragged_batch(8, drop_remainder=True))
        d = tf.data.TFRecordDataset(files).ragged_batch(8, True)
        return [x.prefetch(1) for x in (a, b, c, d)]
    """
    assert lint(code, select=["TFP405"]) == [(4, "TFP405", "warning"), (5, "TFP405", "warning")]
    assert messages(code, select=["TFP405"])[0].startswith(".apply(dense_to_ragged_batch()) keeps a last, partial")


def test_drop_remainder_true_only_on_a_tpu_keeps_the_partial_batch_elsewhere():
    code = """\
    import tensorflow as tf

    def make(files, batch_size, is_training):
        is_tpu = True if len(tf.config.list_logical_devices("TPU")) > 0 else False
        try_gcs, drop_remainder = is_tpu, is_tpu
        on_tpu = isinstance(tf.distribute.get_strategy(), tf.distribute.TPUStrategy)
        no_tpu = len(tf.config.list_logical_devices("TPU")) == 0
        ds = tf.data.TFRecordDataset(files)
        a = ds.batch(batch_size, drop_remainder=drop_remainder)
        b = ds.batch(batch_size, drop_remainder=on_tpu)
        c = ds.batch(batch_size, drop_remainder=no_tpu)
        d = ds.batch(batch_size, drop_remainder=is_training)
        return [x.prefetch(1) for x in (a, b, c, d)]
    """
    # True only on a TPU: a warning that says why; the opposite test, and a flag whose value the
    # source does not say, are not confident warnings (the latter is info, saying so)
    assert lint(code, select=["TFP405"]) == [(9, "TFP405", "warning"), (10, "TFP405", "warning"),
                                             (11, "TFP405", "info"), (12, "TFP405", "info")]
    found = messages(code, select=["TFP405"])
    assert "(drop_remainder=drop_remainder is True only on a TPU, so False on gaudi2)" in found[0]
    assert "wherever drop_remainder=is_training is False" in found[3] and "its value is not known here" in found[3]


# --- TFP401/TFP405: where a pipeline leaves the project


def test_an_unbatched_dataset_handed_out_by_a_loader_is_not_a_pipeline_end(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/data.py": """\
            import tensorflow as tf

            def _per_example(files):
                return tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)

            def _middle(files):
                return _per_example(files)

            def load(files):
                return _middle(files)

            def load_batched(files):
                return tf.data.TFRecordDataset(files).batch(8, drop_remainder=True)

            def load_images(path):
                return tf.keras.utils.image_dataset_from_directory(path).map(parse, num_parallel_calls=tf.data.AUTOTUNE)

            from parsing import parse
            """,
    })
    # the per-example loader's user batches it and prefetches after the batch; a batched dataset
    # handed out without a prefetch is still the project's end (also when its source batches)
    assert found(lint_paths([str(root)], target="gaudi2", select=["TFP401"], jobs=1,
                            tensorflow_version=TF_WITHOUT_DEFAULTS)) == [
        ("data.py", 13, "TFP401", "warning"), ("data.py", 16, "TFP401", "warning")]


def test_a_pipeline_in_a_private_helper_nothing_calls_is_info_saying_so(tmp_path):
    def helper(name):
        return f"""
def {name}(x, batch_size):
    ds = tf.data.Dataset.from_tensor_slices(x)
    ds = ds.batch(batch_size)
    return ds
"""
    imports = "import tensorflow as tf\n"
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/_internal.py": imports + helper("to_dataset"),
        "pkg/helpers.py": imports + helper("_to_dataset") + helper("public_to_dataset"),
        "pkg/used.py": imports + helper("_used") + "\n\ndef train(m, x):\n    m.fit(_used(x, 8))\n",
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP401", "TFP405"], jobs=1,
                        tensorflow_version=TF_WITHOUT_DEFAULTS)
    # private and uncalled (by its module's name, or its own): info; public, or called: warnings
    assert found(result) == [
        ("_internal.py", 5, "TFP401", "info"), ("_internal.py", 5, "TFP405", "info"),
        ("helpers.py", 5, "TFP401", "info"), ("helpers.py", 5, "TFP405", "info"),
        ("helpers.py", 10, "TFP401", "warning"), ("helpers.py", 10, "TFP405", "warning"),
        ("used.py", 5, "TFP401", "warning"), ("used.py", 5, "TFP405", "warning")]
    info = next(f for f in result.findings if f.source.path.endswith("_internal.py"))
    assert info.message.endswith("[nothing in this project calls it, and it is private (its name or a module on "
                                 "its path starts with '_'): dead code here, unless code outside the project "
                                 "calls it]")
    assert "gaudi2 compiles the graph again" in next(f.message for f in result.findings if f.code == "TFP405")


def test_a_split_of_a_tfds_dict_is_a_finite_source():
    code = """\
    import tensorflow as tf
    import tensorflow_datasets as tfds

    def make(name, batch_size):
        dataset, info = tfds.load(name, with_info=True)
        train = dataset["train"].shuffle(1000).batch(batch_size)
        extra = tfds.load(name)["extra"].batch(batch_size)
        other = something(name)["train"].batch(batch_size)
        test = tfds.load(name)["test"].batch(batch_size)
        return train.prefetch(1), extra.prefetch(1), other.prefetch(1), test.prefetch(1)

    from loaders import something
    """
    # tfds.load without a split is a dict of finite splits; an unknown dict says nothing; a pipeline held only under
    # a name for evaluation data (`test`) is evaluation: info
    assert lint(code, select=["TFP405"]) == [(6, "TFP405", "warning"), (7, "TFP405", "warning"),
                                             (9, "TFP405", "info")]


# --- TFP201: pads that reach a conv through the project's own helpers


CONV_HELPER = """\
from tensorflow.keras import layers


def conv2d_no_bias(inputs, filters, kernel_size=1, strides=1, padding="valid", use_torch_padding=True):
    if isinstance(padding, str):
        padding = padding.lower()
        pad = (kernel_size // 2, kernel_size // 2) if use_torch_padding and padding == "same" else (0, 0)
    else:
        pad = padding if isinstance(padding, (list, tuple)) else (padding, padding)
        padding = "same" if max(pad) > 0 else "valid"
    if use_torch_padding and padding == "same":
        inputs = layers.ZeroPadding2D(padding=pad)(inputs) if max(pad) > 0 else inputs
        padding = "valid"
    return layers.Conv2D(filters, kernel_size, strides=strides,
                         padding="valid" if padding == "valid" else (pad if use_torch_padding else "same"))(inputs)


def same_conv(inputs, filters):
    return layers.Conv2D(filters, 3, padding="same")(inputs)
"""


def test_a_pad_in_a_conditional_expression_before_a_conv_made_valid_on_its_path():
    # the helper's own pad: under `padding == "same"` it pads, then sets padding = "valid", which
    # the conv's `"valid" if padding == "valid" else ...` reads (the assignment after the if counts)
    assert lint(CONV_HELPER, select=["TFP201"]) == [(12, "TFP201", "warning")]
    same = CONV_HELPER.replace('        padding = "valid"\n', '')  # the conv pads again: "same" there
    assert lint(same, select=["TFP201"]) == []


def test_a_pad_handed_to_a_project_helper_that_builds_a_valid_conv(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/layers_util.py": CONV_HELPER,
        "pkg/model.py": """\
            from tensorflow.keras import layers
            from pkg.layers_util import conv2d_no_bias, same_conv

            def stem(inputs, kernel_size):
                nn = layers.ZeroPadding2D(padding=2)(inputs)
                nn = conv2d_no_bias(nn, 64, kernel_size=7, strides=4, padding="valid")
                mm = layers.ZeroPadding2D(padding=1)(inputs)
                mm = conv2d_no_bias(mm, 64, 3)
                if kernel_size // 2 != 0:
                    key = layers.ZeroPadding2D(padding=kernel_size // 2)(inputs)
                else:
                    key = inputs
                key = conv2d_no_bias(key, 64, kernel_size)
                same = layers.ZeroPadding2D(padding=1)(inputs)
                same = conv2d_no_bias(same, 64, 3, padding="same")
                other = layers.ZeroPadding2D(padding=1)(inputs)
                other = same_conv(other, 64)
                return nn, mm, key, same, other
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)
    # explicit "valid", the default, a pad in one branch of an if; not padding="same" (the
    # helper then pads itself), not a helper whose conv is SAME
    assert found(result) == [("layers_util.py", 12, "TFP201", "warning"), ("model.py", 5, "TFP201", "warning"),
                             ("model.py", 7, "TFP201", "warning"), ("model.py", 10, "TFP201", "warning")]
    message = next(f.message for f in result.findings if f.source.line == 5)
    assert message == ("zero pad [[2,2],[2,2]] before VALID Conv2D (built by conv2d_no_bias() at "
                       "line 14 of pkg.layers_util): Conv2D can pad by itself (in hardware on Gaudi)")


def test_a_pad_before_a_project_subclass_of_a_keras_conv():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    class StandardizedConv2D(layers.Conv2D):
        def call(self, inputs):
            return super().call(inputs)

    class Gain(layers.Layer):
        pass

    def block(inputs, padding="same"):
        if padding == "same":
            inputs = layers.ZeroPadding2D(padding=1)(inputs)
            padding = "valid"
        a = StandardizedConv2D(filters=8, kernel_size=3, padding=padding)(inputs)
        b = Gain(padding=padding)(layers.ZeroPadding2D(1)(inputs))
        return a, b
    """
    assert lint(code, select=["TFP201"]) == [(13, "TFP201", "warning")]


def test_a_tf_pad_by_a_border_list_held_on_self():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    class ConvPosEnc(layers.Layer):
        def __init__(self, kernel_size=3, channels_last=True):
            super().__init__()
            k = kernel_size // 2
            if channels_last:
                self.pad = [[0, 0], [k, k], [k, k], [0, 0]]
            else:
                self.pad = [[0, 0], [0, 0], [k, k], [k, k]]
            self.other = [[0, 0], [k, k], [0, 0]] if channels_last else [[0, 0], [k, k], [k, k], [0, 0]]
            self.dconv = layers.DepthwiseConv2D(kernel_size, padding="valid")

        def call(self, x):
            y = self.dconv(tf.pad(x, self.pad))
            return y + self.dconv(tf.pad(x, self.other))
    """
    # every assignment a 4-D border list: reported; an attribute that is not always one: not
    assert lint(code, select=["TFP201"]) == [(16, "TFP201", "warning")]


# --- channels_first context: a flag returned by a function


def test_a_data_format_test_returned_by_a_project_function_is_read_like_the_literal(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/backend.py": """\
            from tensorflow import keras

            def image_data_format():
                return keras.backend.image_data_format()

            __is_channels_last__ = image_data_format() == "channels_last"

            def is_channels_last():
                return __is_channels_last__

            def is_channels_first():
                return image_data_format() != "channels_last"

            def is_training():
                return True
            """,
        "pkg/model.py": """\
            import tensorflow as tf
            from pkg.backend import is_channels_last, is_channels_first, is_training

            def attention(x):
                if is_channels_last():
                    a = tf.transpose(x, [0, 2, 3, 1])
                else:
                    a = tf.transpose(x, [0, 1, 3, 2])
                b = x if not is_channels_first() else tf.transpose(x, [0, 3, 1, 2])
                c = tf.transpose(x, [0, 3, 1, 2]) if is_training() else x
                return a, b, c
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the else of is_channels_last() and the body of is_channels_first(): channels_first only;
    # the channels_last branch and a function that is not a data-format test: warnings
    assert found(result) == [("model.py", 6, "TFP101", "warning"), ("model.py", 8, "TFP101", "info"),
                             ("model.py", 9, "TFP101", "info"), ("model.py", 10, "TFP101", "warning")]


def test_a_project_class_handed_to_another_modules_function_is_not_a_pad(tmp_path):
    # every argument of a call to another module's function is looked at for a pad: a class this
    # file constructs is none (it used to crash the file)
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/ops.py": """\
            import tensorflow as tf

            def build(schedule, x):
                return tf.nn.conv2d(x, tf.ones([3, 3, 1, 1]), 1, "VALID")
            """,
        "pkg/main.py": """\
            import tensorflow as tf
            from pkg.ops import build

            class Schedule:
                def __init__(self, rate):
                    self.rate = rate

            def main(x):
                schedule = Schedule(0.1)
                return build(schedule, tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]))
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP201"], jobs=1)
    assert not result.errors
    assert found(result) == [("main.py", 10, "TFP201", "warning")]
