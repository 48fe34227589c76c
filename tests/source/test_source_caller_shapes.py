"""A parameter's shape from what every call of its function passes (`tfperf.source.shapes._from_callers`), and
the input channels a convolution's filters state for the tensor transposed into it (also `keras.backend.conv2d`,
janggu's `LocalAveragePooling2D`). Each form with a look-alike that stays a warning: one call passing a wider or
unknown axis, a public function the package's users may call (info, not left alone), a reference handed on."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree
from test_source_project import found  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text


def lint(code: str, select=("TFP101",)):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=list(select))]


_PRIVATE = """\
import tensorflow as tf
from tensorflow.keras import layers

def _to_nwc(x):
    return tf.transpose(x, [0, 2, 1]) * 2.0

class Frontend(layers.Layer):
    def _swap(self, x, scale=1.0):
        return tf.transpose(x, [0, 2, 1]) * scale

    def call(self, audio):
        mono = audio[:, None, :]
        swapped = self._swap(mono, 2.0) + self._swap(x=tf.expand_dims(audio, 1)){method}
        return _to_nwc(mono) + _to_nwc(tf.expand_dims(audio, 1)) + swapped{other}
"""


def test_a_private_functions_parameter_has_the_size_one_axis_every_caller_passes():
    """basic-pitch's form: the helper's input is [B, 1, T] at every call (`x[:, None, :]`, `expand_dims(x, 1)`):
    [0, 2, 1] moves only the size-1 axis, a reshape; also a private method through `self._m(...)` (by position
    and by keyword)."""
    assert lint(_PRIVATE.format(other="", method="")) == []


def test_one_caller_passing_a_wider_or_unknown_axis_keeps_the_warning():
    code = _PRIVATE.format(other=" + _to_nwc(tf.zeros([8, 4, 64]))", method=" + self._swap(audio)")
    assert [f[:3] for f in lint(code)] == [(5, "TFP101", "warning"), (9, "TFP101", "warning")]


def test_a_nested_function_gets_its_callers_shapes_and_a_recursive_one_stays_unknown():
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    class Frontend(layers.Layer):
        def call(self, audio, steps):
            def nwc(x):
                return tf.transpose(x, [0, 2, 1]) * 2.0

            def loop(x, n):
                return tf.transpose(x, [0, 2, 1]) if n == 0 else loop(x, n - 1)

            return nwc(audio[:, None, :]), loop(audio[:, None, :], steps)
    """
    assert [f[:3] for f in lint(code)] == [(10, "TFP101", "warning")]  # (loop's own call passes x: unknown)


def test_a_public_function_its_module_alone_calls_is_info_not_left_alone(tmp_path):
    """A public function may be called by the package's users with another shape: what the project's calls agree
    on (size 1) makes it info ("maybe 1"), not silent; one that another module imports and calls, or that is
    handed on as a value, keeps the warning."""
    tree(tmp_path / "pkg", {
        "__init__.py": "",
        "cqt.py": """\
        import tensorflow as tf
        from tensorflow.keras import layers

        def get_cqt(x, scale):
            return tf.transpose(x, [0, 2, 1]) * scale

        def shared(x):
            return tf.transpose(x, [0, 2, 1]) * 2.0

        def handed(x):
            return tf.transpose(x, [0, 2, 1]) * 3.0

        class CQT(layers.Layer):
            def call(self, audio):
                mono = audio[:, None, :]
                return get_cqt(mono, 2.0) + shared(mono) + handed(mono) + tf.map_fn(handed, mono)
        """,
        "other.py": """\
        import tensorflow as tf
        from pkg.cqt import shared

        def stereo(audio):
            return shared(tf.expand_dims(audio, 1))
        """,
    })
    result = lint_paths([str(tmp_path / "pkg")], target="gaudi2", select=["TFP101"], jobs=1)
    assert found(result) == [("cqt.py", 5, "TFP101", "info"), ("cqt.py", 8, "TFP101", "warning"),
                             ("cqt.py", 11, "TFP101", "warning")]
    info = next(f for f in result.findings if f.source.line == 5)
    assert "unless axis 1 has size 1" in info.message and "every call in the project passes" in info.message


def test_a_convolutions_filters_passed_by_every_caller_state_the_inputs_one_channel():
    """basic-pitch's CQT: the filters are a parameter every caller passes as `k[:, None, :]`-like [width, 1, out]
    tensors; the transposed input lands in the conv's channel axis, so its moved axis has size 1. A caller
    passing filters of 8 input channels keeps the warning."""
    code = """\
    import tensorflow as tf
    from tensorflow.keras import layers

    def _cqt(x, filters):
        return tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), filters, stride=4, padding="VALID")

    class CQT(layers.Layer):
        def build(self, input_shape):
            self.basis = self.add_weight(shape=(256, 1, 84), name="basis")

        def call(self, x{wide}):
            return _cqt(x, self.basis){call}
    """
    assert lint(code.format(wide="", call="")) == []
    wide = code.format(wide=", k", call=" + _cqt(x, tf.zeros([256, 8, 84]))")
    assert [f[:3] for f in lint(wide)] == [(5, "TFP101", "warning")]


def test_a_keras_backend_conv_reads_its_kernels_channels():
    """janggu's LocalAveragePooling2D: `K.permute_dimensions` of [B, L, 1, C] into `K.conv2d` with a
    (w, 1, 1, 1) kernel moves a size-1 axis, and so does the permute of its one-channel output back; a
    kernel of 8 input channels (and 8 filters) makes both copies."""
    code = """\
    from keras import backend as K
    from keras.layers import Layer

    class Pool(Layer):
        def build(self, input_shape):
            kernel_shape = (self.window_size, 1, {n}, {n})
            self.kernel = self.add_weight(shape=kernel_shape, name="avg", trainable=False)

        def call(self, inputs):
            pin = K.permute_dimensions(inputs, (0, 1, 3, 2))
            out = K.conv2d(pin, self.kernel, strides=(1, 1), padding="valid", data_format="channels_last")
            return K.permute_dimensions(out, (0, 1, 3, 2))
    """
    assert lint(code.format(n=1)) == []
    assert [f[:3] for f in lint(code.format(n=8))] == [(10, "TFP101", "warning"), (12, "TFP101", "warning")]
