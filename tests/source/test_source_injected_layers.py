"""A Keras layers module handed in at run time (keras_applications' style: `layers = None` at module level,
rebound through `global` by `backend, layers, models, utils = get_submodules_from_kwargs(kwargs)`, or a local
bound so) is read as keras.layers when every attribute the file reads of it is a keras.layers name (two layer
classes at least) and it is bound only by plain assignments of None or of what a call or subscript gives; and
a dict spread into a conv (`Conv2D(..., **conv_params)`) passes the padding the dict the source shows holds.
Each with the look-alikes that keep no finding."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str) -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value) for f in lint_text(textwrap.dedent(code), "net.py", select=["TFP201"])]


_INJECTED = """\
    from classification_models import get_submodules_from_kwargs

    backend = None
    layers = None
    models = None
    keras_utils = None


    def block(filters):
        def layer(x):
            x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
            x = layers.ZeroPadding2D(padding=(1, 1))(x)
            return layers.Conv2D(filters, (3, 3), use_bias=False)(x)
        return layer


    def Net(input_shape, **kwargs):
        global backend, layers, models, keras_utils
        backend, layers, models, keras_utils = get_submodules_from_kwargs(kwargs)
        x = layers.Input(shape=input_shape)
        return models.Model(x, block(64)(x))
    """


def test_a_module_global_bound_to_none_and_rebound_through_global_is_the_keras_layers_module():
    assert lint(_INJECTED) == [(13, "warning")]


def test_a_local_unpacked_from_a_call_is_the_keras_layers_module():
    code = """\
    def GroupBlock(filters, **kwargs):
        backend, layers, models, keras_utils = get_submodules_from_kwargs(kwargs)

        def layer(x):
            x = layers.ZeroPadding2D(1)(x)
            return layers.Conv2D(filters, (3, 3))(x)
        return layer
    """
    assert lint(code) == [(5, "warning")]


def test_a_name_read_with_a_name_keras_layers_lacks_is_not_the_module():
    code = _INJECTED.replace('layers.Activation("relu")(x)', 'layers.GroupNorm(32)(x)')
    assert lint(code) == []


def test_a_name_called_iterated_or_taken_as_a_parameter_is_not_the_module():
    called = _INJECTED.replace("x = layers.Input(shape=input_shape)", "x = layers(input_shape)")
    iterated = _INJECTED.replace("x = layers.Input(shape=input_shape)", "x = [f for f in layers]")
    parameter = """\
    def block(layers, x):
        x = layers.ZeroPadding2D(1)(x)
        return layers.Conv2D(8, (3, 3))(x)
    """
    literal = """\
    layers = None

    def build(kind):
        global layers
        layers = object
        x = layers.ZeroPadding2D(1)(kind)
        return layers.Conv2D(8, (3, 3))(x)
    """
    assert lint(called) == lint(iterated) == lint(parameter) == lint(literal) == []


def test_one_layer_class_read_is_not_enough():
    code = """\
    import tensorflow as tf
    layers = None

    def build(x, **kwargs):
        global layers
        layers = kwargs["layers"]
        return layers.Conv2D(8, (3, 3))(layers.ZeroPadding2D(1)(x))
    """
    # ZeroPadding2D and Conv2D: two classes, the module; Conv2D alone (after a tf.pad) does not say it
    assert lint(code) == [(7, "warning")]
    assert lint(code.replace("layers.ZeroPadding2D(1)(x)", "tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])")) == []
    assert lint(code.replace("layers.Conv2D(8, (3, 3))", "tf.keras.layers.Conv2D(8, (3, 3))")
                .replace("layers.ZeroPadding2D(1)(x)", "tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])")) == [(7, "warning")]


def test_a_spread_dict_passes_the_padding_it_holds():
    code = """\
    import tensorflow as tf

    def get_conv_params(**params):
        d = {"kernel_initializer": "he_uniform", "padding": "valid"}
        d.update(params)
        return d

    def same_params():
        return {"padding": "same"}

    def f(x):
        p = get_conv_params()
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        x = tf.keras.layers.Conv2D(8, 3, **p)(x)
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        x = tf.keras.layers.Conv2D(8, 3, **get_conv_params(padding="same"))(x)
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        x = tf.keras.layers.Conv2D(8, 3, **same_params())(x)
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        x = tf.keras.layers.Conv2D(8, 3, **dict(padding="same"))(x)
        r = {"use_bias": False}
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        x = tf.keras.layers.Conv2D(8, 3, **r)(x)
        s = {"use_bias": False}
        s["padding"] = "same"
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        return tf.keras.layers.Conv2D(8, 3, **s)(x)
    """
    # get_conv_params() and a dict without padding: VALID (Keras' default); the others say 'same'
    assert lint(code) == [(13, "warning"), (22, "warning")]


def test_a_conv_with_a_spread_dict_gets_advice_not_an_edit():
    code = """\
    import tensorflow as tf

    def f(x):
        p = {"use_bias": False, "padding": "valid"}
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        return tf.keras.layers.Conv2D(8, 3, **p)(x)
    """
    found = lint_text(textwrap.dedent(code), "net.py", select=["TFP201"])
    # (an added padding="same" would repeat the dict's padding keyword: a TypeError)
    assert [(f.source.line, f.fix.safety.value) for f in found] == [(5, "advisory")]
