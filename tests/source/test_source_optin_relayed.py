"""Opt-in branches judged through a relayed parameter, and TFP301 reading opt-in branches as TFP101 and TFP601 do
(issue 11, set 46): a private helper every call of which passes its parameter never takes the default, so what the
calls pass decides its branch (`_merge(x, mode=temporal)`, the caller's own `temporal=None`); an L2 term built only
in a branch no value of the project takes (`if l2_reg is not None:` with `l2_reg=None`, `elif mode == "conv":`) is
no term. Each with the look-alike that keeps its finding."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text

NESTED_MODE = """\
from tensorflow.keras.layers import Conv3D, Input
from tensorflow.keras.models import Model
from tensorflow.keras.regularizers import l2


def feature_net(temporal=None, reg=1e-5):
    inputs = Input((3, 32, 32, 1))
    feature = Conv3D(8, 3, kernel_regularizer=l2(reg))(inputs)

    def __merge_temporal_features(feature, mode='conv'):
        if mode is None:
            return feature
        mode = str(mode).lower()
        if mode == 'conv':
            return Conv3D(8, 3, kernel_regularizer=l2(reg))(feature)
        raise ValueError(mode)

    return Model(inputs, __merge_temporal_features(feature, mode=temporal))
"""


def test_a_nested_helpers_branch_is_judged_by_what_its_one_call_passes():
    # `mode='conv'` is never taken: the one call passes `temporal`, None by default: the branch's regularizer is
    # none; the stem's stays
    assert lint(NESTED_MODE, select=("TFP301",)) == [(8, "TFP301", "warning")]


def test_a_value_the_project_passes_into_the_branch_keeps_the_term(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/nets.py": NESTED_MODE, "pkg/train.py": """\
        import tensorflow as tf
        from pkg.nets import feature_net

        model = feature_net(temporal="conv")
        model.compile("sgd", "mse")
        model.fit([[0.0]], [[0.0]])
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])
    assert found(result) == [("nets.py", 8, "TFP301", "warning"), ("nets.py", 15, "TFP301", "warning")]
    assert "mode is 'conv' from pkg.train" in next(f.message for f in result.findings if f.source.line == 15)


def test_a_helper_called_once_without_the_parameter_keeps_its_default():
    # the second call leaves `mode` out: the default 'conv' takes the branch
    code = NESTED_MODE.replace("    return Model(inputs, __merge", "    __merge_temporal_features(feature)\n"
                                                                   "    return Model(inputs, __merge")
    assert lint(code, select=("TFP301",)) == [(8, "TFP301", "warning"), (15, "TFP301", "warning")]


COLLECTION_L2 = """\
import tensorflow as tf


def multi_layer_fc(in_tensor, dims, subgraph, l2_reg=None, scope=None):
    with tf.compat.v1.variable_scope(scope, default_name='fc') as var_scope:
        out = in_tensor
        for index, dim in enumerate(dims):
            out = tf.matmul(out, tf.compat.v1.get_variable('fc_%d' % index, shape=[out.shape[1], dim]))
        if l2_reg is not None:
            for var in tf.compat.v1.get_collection(tf.compat.v1.GraphKeys.TRAINABLE_VARIABLES, scope=var_scope.name):
                subgraph.register_global_loss(l2_reg * tf.nn.l2_loss(var))
        return out
"""


def test_an_l2_sum_under_a_none_default_strength_test_is_opt_in(tmp_path):
    assert lint(COLLECTION_L2, select=("TFP301",)) == []
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/fc.py": COLLECTION_L2, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.fc import multi_layer_fc

        def build(x, graph):
            return multi_layer_fc(x, [64, 1], graph, l2_reg=1e-4)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])
    assert found(result) == [("fc.py", 11, "TFP301", "warning")]


RELAYED_TRANSPOSE = """\
import tensorflow as tf


def _merge(x, mode="swap"):
    if mode == "swap":
        return tf.transpose(x, [0, 2, 1])
    return x


def head(x, mode=None):
    return _merge(x, mode=mode)
"""


def test_a_relayed_mode_decides_a_private_helpers_transpose():
    # TFP101 through the same mechanism: `_merge`'s default is never taken; `head`'s None fails the test (info, as
    # TFP101 says an opt-in copy)
    def said(code):
        return [f.message for f in lint_text(code, "model.py", target="gaudi2", select=["TFP101"])]
    assert [m for m in said(RELAYED_TRANSPOSE) if "only on a branch mode opts into" in m and "mode is None" in m]
    swapped = RELAYED_TRANSPOSE.replace("def head(x, mode=None)", "def head(x, mode='swap')")
    assert said(swapped) and not any("opts into" in m for m in said(swapped))
    # a public helper's default is its outside callers': not opt-in
    assert said(RELAYED_TRANSPOSE.replace("_merge", "merge")) and \
        not any("opts into" in m for m in said(RELAYED_TRANSPOSE.replace("_merge", "merge")))


CUSTOM_OBJECTS = """\
import tensorflow as tf
from tensorflow.keras import backend as K


class SeqAttention(tf.keras.layers.Layer):
    ATTENTION_TYPE_ADD = 'additive'
    ATTENTION_TYPE_MUL = 'multiplicative'

    def __init__(self, attention_type=ATTENTION_TYPE_ADD, **kwargs):
        super().__init__(**kwargs)
        self.attention_type = attention_type

    def call(self, inputs):
        if self.attention_type == SeqAttention.ATTENTION_TYPE_MUL:
            return self._mul(inputs)
        return inputs

    def _mul(self, inputs):
        return K.batch_dot(inputs, K.permute_dimensions(inputs, (0, 2, 1)))

    @staticmethod
    def get_custom_objects():
        return {'SeqAttention': SeqAttention}
"""


def test_a_class_registered_under_its_own_name_is_no_unknown_caller():
    # Keras's custom objects: `load_model` builds the class from a config its constructions saved, so the
    # registration passes no value of its own: the multiplicative branch stays opt-in (info)
    assert lint(CUSTOM_OBJECTS, select=("TFP103",)) == [(19, "TFP103", "info")]
    # a class handed around under another name may be called with anything: the warning
    assert lint(CUSTOM_OBJECTS.replace("{'SeqAttention': SeqAttention}", "{'attention': SeqAttention}"),
                select=("TFP103",)) == [(19, "TFP103", "warning")]


RELAYED_STRENGTH = {
    "pkg/__init__.py": "",
    "pkg/layers.py": """\
        import tensorflow as tf


        class Inner(tf.keras.layers.Layer):
            def __init__(self, l2=0.0):
                super().__init__()
                self.l2 = l2

            def build(self, input_shape):
                self.w = self.add_weight("w", (4, 4), regularizer=tf.keras.regularizers.L1L2(0.0, self.l2))


        class Mid1(tf.keras.layers.Layer):
            def __init__(self, l2=0.0):
                super().__init__()
                self.inner = Inner(l2=l2)


        class Mid2(tf.keras.layers.Layer):
            def __init__(self, l2=0.0):
                super().__init__()
                self.mid = Mid1(l2=l2)


        class Mid3(tf.keras.layers.Layer):
            def __init__(self, l2=0.0):
                super().__init__()
                self.mid = Mid2(l2=l2)
        """,
    "pkg/models.py": """\
        import tensorflow as tf
        from pkg.layers import Mid3


        class Base(tf.keras.Model):
            def __init__(self, l2=0.0):
                super().__init__()
                self.block = Mid3(l2=l2)


        class Top(Base):
            def __init__(self, units=4, l2=0.0):
                super().__init__(l2)
        """,
}


def test_a_strength_handed_through_five_constructors_is_followed_to_its_default(tmp_path):
    # Top -> Base -> Mid3 -> Mid2 -> Mid1 -> Inner: every default 0.0, no value given: no term (the values were
    # followed four calls up, and the fifth's "not known here" kept the warning)
    tree(tmp_path, RELAYED_STRENGTH)
    assert found(lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])) == []
    given = {**RELAYED_STRENGTH, "pkg/train.py": "import tensorflow as tf\nfrom pkg.models import Top\n\n"
                                                 "model = Top(l2=1e-4)\n"}
    tree(tmp_path, given)
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP301"])
    assert found(result) == [("layers.py", 10, "TFP301", "warning")]
    assert "l2 is 0.0001 from pkg.train" in result.findings[0].message
