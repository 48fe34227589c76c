"""TFP101's context and its boundary with TFP103 on the forms held-out sets 17 and 18 (tensor2tensor, keras-rl2,
the TF Object Detection API) showed misjudged, one synthetic file (or package) per form, each with its look-alike:
a `predict` method a layer's call runs in training; transposes written as matmul operands, also out of a `tf.scan`'s
returned tuple; transposes whose result only feeds `tf.summary.*`; channels_first code by `startswith("NC")` and by a
flag's branch that sets the data format to channels_first; a step function handed to `tf.data.experimental.scan`
through `functools.partial(tf.autograph.to_graph(f))`."""

from __future__ import annotations

import textwrap

from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=select)]


def test_a_predict_method_a_layers_call_runs_is_the_forward_pass(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/head.py": """\
            import tensorflow as tf

            class KerasHead(tf.keras.Model):
                def call(self, features):
                    return self._predict(features)

                def _predict(self, features):
                    raise NotImplementedError
            """,
        "pkg/mask_head.py": """\
            import tensorflow as tf
            from pkg import head

            class MaskHead(head.KerasHead):
                def _predict(self, features):
                    return tf.transpose(features, perm=[0, 3, 1, 2])

            class Exporter:
                def predict(self, images):
                    return tf.transpose(images, perm=[0, 3, 1, 2])

            def _predict_offline(images):
                return tf.transpose(images, perm=[0, 3, 1, 2])

            def serve(images):
                return _predict_offline(images)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the head's `_predict` runs in the model's call (a layer's forward pass, training included): a warning; a public
    # `predict` nothing runs in a step, and a private one only serving code calls, stay inference
    assert found(result) == [("mask_head.py", 6, "TFP101", "warning"), ("mask_head.py", 10, "TFP101", "info"),
                             ("mask_head.py", 13, "TFP101", "info")]


def test_a_predict_function_only_a_model_fn_builds_stays_inference(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/model.py": """\
            import tensorflow as tf

            def model_fn(features, labels, mode, params):
                logits = tf.compat.v1.layers.dense(features, 4)

                def predict_sequence():
                    return tf.transpose(logits, perm=[1, 0])

                predictions = {"sequence": predict_sequence()}
                return tf.estimator.EstimatorSpec(mode, predictions=predictions)
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # a model_fn also builds the prediction graph: it does not make a prediction-named function training code
    assert found(result) == [("model.py", 7, "TFP101", "info")]


def test_a_transpose_written_as_a_matmul_operand_is_tfp103s_business():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class Update(tf.keras.layers.Layer):
        def call(self, hot, x):
            dw = tf.matmul(tf.transpose(hot, perm=[1, 2, 0]), tf.transpose(x, perm=[1, 0, 2]))
            dot = K.batch_dot(tf.transpose(hot, perm=[1, 2, 0]), x)
            kept = tf.transpose(hot, perm=[1, 2, 0])
            return dw + dot + tf.matmul(kept, x) + kept
    """
    # inline operands (both moved, the batch axis too): not TFP101's; a value also read as data keeps its copy
    assert lint(code) == [(8, "TFP101", "warning")]


def test_a_transpose_out_of_a_scan_into_a_batch_dot_is_tfp103s_business():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import backend as K

    class NAF(tf.keras.layers.Layer):
        def call(self, flat):
            def fn(a, x):
                lower = tf.gather(x, [0, 1])
                return [lower, tf.transpose(lower)]

            out = tf.scan(fn, flat, initializer=[K.zeros((2, 2)), K.zeros((2, 2))])
            if isinstance(out, (list, tuple)):
                low, low_t = out
            else:
                low = out[:, 0]
                low_t = out[:, 1]
            assert low_t is not None
            return K.batch_dot(low, low_t)

        def elsewhere(self, flat):
            def step(a, x):
                lower = tf.gather(x, [0, 1])
                return [lower, tf.transpose(lower)]

            low, low_t = tf.scan(step, flat, initializer=[K.zeros((2, 2)), K.zeros((2, 2))])
            return K.batch_dot(low, low_t) + low_t
    """
    # the stacked item goes only into the batched dot; the look-alike also adds it as data
    assert lint(code) == [(22, "TFP101", "info")]  # (no step reaches `elsewhere`: info, but reported)


def test_a_transpose_that_only_feeds_a_summary_is_logging():
    code = """\
    import tensorflow as tf

    class Video(tf.keras.layers.Layer):
        def call(self, frames, predictions):
            def side_by_side(x):
                x = tf.transpose(x, [1, 3, 4, 0, 2])
                x = tf.reshape(x, [2, 8, 3, -1])
                return tf.transpose(x, [0, 3, 1, 2])

            video = tf.concat([side_by_side(frames), side_by_side(predictions)], axis=1)
            tf.summary.image("video", video)
            tf.summary.image("first", tf.transpose(predictions, [0, 3, 1, 2]))
            out = tf.transpose(predictions, [0, 3, 1, 2])
            tf.summary.image("out", out)
            return out
    """
    assert lint(code) == [(6, "TFP101", "info"), (8, "TFP101", "info"), (12, "TFP101", "info"),
                          (13, "TFP101", "warning")]


def test_a_transpose_through_a_project_helper_into_a_summary_is_logging():
    # set 66's dytb: a layer's visualisation block lays the first image's feature maps on a grid (`on_grid`, a
    # helper of another module) for `tf.summary.image`; the look-alike hands the same tensor to a helper whose
    # result nothing reads (what it keeps of it is not known): it stays on the step
    code = """\
    import tensorflow as tf
    from .visualization import on_grid, keep

    def conv(x, w, train_phase):
        result = tf.nn.conv2d(x, w, 1, "SAME")
        if train_phase:
            maps = tf.split(result[0], 8, axis=2)
            grid = on_grid(tf.transpose(maps, perm=(1, 2, 3, 0))[:, :, :, 0:4], 2, 2)
            tf.summary.image("maps", tf.concat([grid, grid], axis=2), max_outputs=1)
            keep(tf.transpose(maps, perm=(1, 2, 3, 0)))
        return result
    """
    assert lint(code) == [(8, "TFP101", "info"), (10, "TFP101", "warning")]


def test_channels_first_by_a_layout_prefix_and_by_a_layout_switch():
    code = """\
    import tensorflow as tf

    class Net(tf.keras.layers.Layer):
        def call(self, net, data_format="NDHWC"):
            if data_format.startswith("NC"):
                net = tf.transpose(net, [0, 2, 3, 4, 1])
            if data_format.startswith("NH"):
                net = tf.transpose(net, [0, 3, 1, 2])
            else:
                net = tf.transpose(net, [0, 2, 3, 1])
            return net

    class ResNet(tf.keras.layers.Layer):
        def call(self, inputs):
            hp = self.hp
            data_format = "channels_last"
            if hp.use_nchw:
                inputs = tf.transpose(inputs, [0, 3, 1, 2])
                data_format = "channels_first"
            out = tf.keras.layers.Conv2D(8, 3, data_format=data_format)(inputs)
            if hp.use_nchw:
                out = tf.transpose(out, [0, 2, 3, 1])
            if hp.use_other:
                out = tf.transpose(out, [0, 2, 3, 1])
            return out
    """
    assert lint(code) == [(6, "TFP101", "info"), (8, "TFP101", "warning"), (10, "TFP101", "info"),
                          (18, "TFP101", "info"), (22, "TFP101", "info"), (24, "TFP101", "warning")]


def test_a_step_function_of_a_tf_data_scan_runs_on_the_host():
    code = """\
    import functools
    import tensorflow as tf

    def _scan_step_fn(state, example, packed_length):
        return state, tf.transpose(example)

    def _step_fn(state, example):
        return state, tf.transpose(example)

    class Packer(tf.keras.layers.Layer):
        def call(self, x):
            return _step_fn(0, x)

        def pack(self, dataset):
            step_fn = functools.partial(tf.autograph.to_graph(_scan_step_fn), packed_length=3)
            return dataset.apply(tf.data.experimental.scan((0,), step_fn))
    """
    # the scan's function is the pipeline's (no device finding); the look-alike runs in a layer's call
    assert lint(code) == [(8, "TFP101", "warning")]


def test_an_override_nothing_calls_runs_where_its_base_method_runs(tmp_path):
    root = tree(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/t2t_model.py": """\
            import tensorflow as tf

            class T2TModel(tf.keras.layers.Layer):
                def infer(self, features):
                    return self._beam_decode(features)

                def _beam_decode(self, features):
                    return features

                def call(self, features):
                    return self._body(features)

                def _body(self, features):
                    return features
            """,
        "pkg/transformer.py": """\
            import tensorflow as tf
            from pkg import t2t_model

            def fast_decode(ids, step):
                def inner_loop(i, ids):
                    ids = tf.transpose(ids)
                    return i + 1, tf.transpose(step(ids))
                return tf.while_loop(lambda i, _: i < 8, inner_loop, [0, ids])

            class Transformer(t2t_model.T2TModel):
                def _beam_decode(self, features):
                    return fast_decode(features, self.step)

                def _body(self, features):
                    return tf.transpose(features, [0, 2, 1])

                def _unused(self, features):
                    return tf.transpose(features, [0, 2, 1])
            """,
    })
    result = lint_paths([str(root)], target="gaudi2", select=["TFP101"], jobs=1)
    # the decoding loop's body runs where `infer` runs the override (inference); the override of the body the
    # layer's call runs is on the step; a private method no base runs stays as before (no layer reaches it)
    assert found(result) == [("transformer.py", 6, "TFP101", "info"), ("transformer.py", 7, "TFP101", "info"),
                             ("transformer.py", 15, "TFP101", "warning"), ("transformer.py", 18, "TFP101", "info")]
    messages = {f.source.line: f.message for f in result.findings}
    assert "inference" in messages[6] and "inference" in messages[7] and "no layer" in messages[18]
