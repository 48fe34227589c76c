"""General forms from set 14's open packages (issue 11). TFP201: a Keras layers module handed in at run time
(keras_applications' style: `layers = None` at module level, rebound through `global` by `backend, layers, models,
utils = get_submodules_from_kwargs(kwargs)`, or a local bound so) is read as keras.layers when every read of it is
an attribute named in keras.layers (two layer classes at least) and it is bound only by plain assignments of None
or of what a call or subscript gives; and
a dict spread into a conv (`Conv2D(..., **conv_params)`) passes the padding the dict the source shows holds.
TFP405: padded_shapes built by storing `[None]` per feature into a dict (in a loop over the element spec) pad
each batch to its longest, whatever the dataset or drop_remainder. Each with the look-alikes that keep no
finding."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, code_name: str = "TFP201") -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value) for f in lint_text(textwrap.dedent(code), "net.py", select=[code_name])]


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


def test_a_name_called_iterated_handed_on_or_taken_as_a_parameter_is_not_the_module():
    called = _INJECTED.replace("x = layers.Input(shape=input_shape)", "x = layers(input_shape)")
    iterated = _INJECTED.replace("x = layers.Input(shape=input_shape)", "x = [f for f in layers]")
    handed = _INJECTED.replace("x = layers.Input(shape=input_shape)", "x = make_input(layers, input_shape)")
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
    assert lint(called) == lint(iterated) == lint(handed) == lint(parameter) == lint(literal) == []


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
        x = tf.keras.layers.Conv2D(8, 3, **s)(x)
        t = {"padding": "valid"}
        set_same(t)
        x = tf.keras.layers.ZeroPadding2D(1)(x)
        return tf.keras.layers.Conv2D(8, 3, **t)(x)

    from helpers import set_same
    """
    # get_conv_params() and a dict without padding: VALID (Keras' default); the others say 'same'; a dict handed
    # to a function is not known (Keras' default is assumed then, as without following dicts: a warning)
    assert lint(code) == [(13, "warning"), (22, "warning"), (30, "warning")]
    assert lint(code.replace("set_same(t)", "t.get('padding')")) == [(13, "warning"), (22, "warning"), (30, "warning")]
    assert lint(code.replace('t = {"padding": "valid"}', 't = {"padding": "same"}').replace("set_same(t)", "")) == \
        [(13, "warning"), (22, "warning")]


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


_AUTO_BATCH = """\
    import tensorflow as tf

    def auto_batch(tf_dataset, batch_size, padded_shapes=None, drop_remainder=False):
        if not padded_shapes:
            padded_shapes = {}
        _padded_shapes = {}
        for k, v in tf_dataset.element_spec.items():
            if k in padded_shapes:
                _padded_shapes[k] = padded_shapes[k]
            elif len(v.shape.dims) == 1:
                _padded_shapes[k] = [None]
            else:
                _padded_shapes[k] = []
        return tf_dataset.padded_batch(padded_shapes=_padded_shapes, batch_size=batch_size,
                                       drop_remainder=drop_remainder)
    """


def test_padded_shapes_stored_with_none_per_feature_pad_to_the_longest_whatever_the_dataset():
    found = lint_text(textwrap.dedent(_AUTO_BATCH), "data.py", select=["TFP405"])
    assert [(f.source.line, f.severity.value) for f in found] == [(14, "warning")]
    assert "`_padded_shapes[k] = [None]` (line 11)" in found[0].message
    # (the same with drop_remainder=True: the shapes still change from batch to batch)
    assert lint(_AUTO_BATCH.replace("drop_remainder=drop_remainder)", "drop_remainder=True)"), "TFP405") == \
        [(14, "warning")]


def test_padded_shapes_stored_with_fixed_lengths_or_a_conditional_none():
    dropped = _AUTO_BATCH.replace("drop_remainder=drop_remainder)", "drop_remainder=True)")
    fixed = dropped.replace("[None]", "[128]")
    other = dropped.replace("_padded_shapes[k] = [None]", "other[k] = [None]").replace(
        "_padded_shapes = {}", "_padded_shapes = {}\n        other = {}")
    conditional = dropped.replace("[None]", "[None if dynamic else 128]").replace(
        "drop_remainder=False", "dynamic=False")
    assert lint(fixed, "TFP405") == []
    assert lint(conditional, "TFP405") == [(14, "info")]
    assert lint(other, "TFP405") == []
    # the path decides the conditional expression: under `if static:`, `[128] if static else [None]` is [128]
    static = dropped.replace("_padded_shapes[k] = [None]", "_padded_shapes[k] = [128] if static else [None]").replace(
        "elif len(v.shape.dims) == 1:", "elif static:").replace("drop_remainder=False", "static=True")
    assert lint(static, "TFP405") == []
    assert lint(static.replace("elif static:", "elif len(v.shape.dims) == 1:"), "TFP405") == [(14, "info")]  # (a None only where `dynamic` is true: not known here)
