"""Opt-in branches beyond the function's own parameters (issue 11, sets 13, 15, 16, 24, 29 and 31): the flag of an
opt-in branch may live where the class or the configuration states its default, and TFP101 reads an opt-in branch
as TFP301 and TFP601 do (info: the copy is real only where a user turns the option on).

- `self.<attr>` the constructor (or a base class's constructor the class inherits, in the file) sets from a
  parameter with an off default, judged by what the project's constructions pass (`attributes.value_sources`,
  the data flow TFP301 reads strengths by);
- a hyperparameter read by its name whose definition in the project gives an off default, in the documented
  spellings of the containers that define one by name (`flags.DEFINE_bool(name, False)`, `HParams(name=False)`,
  `hparams.add_hparam(name, False)`, `p.Define(name, False, doc)`, a config class's field), judged by what the
  project stores or sets into it (`p.x = True`, `p.Set(x=True)`, `hparams.set_hparam("x", True)`,
  `Config(x=True)`).

Each with the look-alikes that keep the warning: a default that takes the branch, a project call or config that
turns the option on, definitions that disagree, a name the project does not define."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

LAYER = """\
import tensorflow as tf


class Base(tf.keras.layers.Layer):
    def __init__(self, full_cov=False, data_format="BTC", white=True, **kwargs):
        super().__init__(**kwargs)
        self.full_cov = full_cov
        self.data_format = data_format
        self.white = white


class GP(Base):
    def call(self, x, hidden_t):
        if self.full_cov:
            x = tf.transpose(x, [0, 2, 1])
        if self.data_format == "TBC":
            hidden_t = tf.transpose(hidden_t, [1, 0])
        if self.white:
            x = tf.transpose(x, [0, 2, 1])
        return x, hidden_t
"""


def test_a_transpose_under_a_constructor_flag_off_by_default_is_info():
    # `self.full_cov` (default False) and `self.data_format == "TBC"` (default "BTC") set in the base's constructor
    # GP inherits: info; `self.white` (default True: the default takes the branch): the warning
    assert lint(LAYER) == [(15, "TFP101", "info"), (17, "TFP101", "info"), (19, "TFP101", "warning")]
    assert "a branch full_cov opts into, off by default" in \
        next(f.message for f in lint_paths_text(LAYER) if f.source.line == 15)


def lint_paths_text(code):
    from tfperf.source import lint_text
    return lint_text(code, "model.py", target="gaudi2", select=["TFP101"])


def test_a_construction_that_turns_the_option_on_keeps_the_warning(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.layers import GP

        def build():
            return GP(full_cov=True), GP(data_format="BTC")
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    # full_cov=True from the project's own construction: the warning; "BTC" passed: info
    assert found(result) == [("layers.py", 15, "TFP101", "warning"), ("layers.py", 17, "TFP101", "info"),
                             ("layers.py", 19, "TFP101", "warning")]


def test_a_subclass_storing_the_attribute_again_is_not_read_through_the_base():
    code = LAYER + """

class Dense(GP):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.full_cov = True
"""
    # a subclass sets it itself: its instances read another value (GP's branch is no longer known to be opt-in)
    assert (15, "TFP101", "warning") in lint(code)


HYPER = {
    "pkg/__init__.py": "",
    "pkg/flags.py": """\
        import tensorflow as tf
        from absl import flags

        flags.DEFINE_bool("packed", False, "Pack the inputs.")
        flags.DEFINE_boolean("time_major", True, "Time-major inputs.")
        FLAGS = flags.FLAGS
        """,
    "pkg/params.py": """\
        import tensorflow as tf

        def encoder_params():
            p = Params()
            p.Define("packed_input", False, "Whether the inputs are packed.")
            p.Define("input_data_format", "BTC", "The inputs' layout.")
            p.Define("apply_mask", False, "Mask the source.")
            p.Define("use_lang_atten", False, "Language-dependent attention.")
            return p

        def hparams():
            hp = tf.contrib.training.HParams(use_nchw=False, tied=False)
            hp.add_hparam("label_smoothing", None)
            hp.add_hparam("use_tpu", False)
            return hp
        """,
    "pkg/config.py": """\
        import dataclasses
        import tensorflow as tf

        @dataclasses.dataclass
        class Config:
            full_cov: bool = False
            mode: str = "mse"
            tied: bool = True
        """,
    "pkg/model.py": """\
        import tensorflow as tf
        from pkg.config import Config
        from pkg.flags import FLAGS


        class Encoder(tf.keras.layers.Layer):
            def __init__(self, params, hparams, config: Config):
                super().__init__()
                self.params = params
                self.hparams = hparams
                self.config = config

            def call(self, x, hidden):
                p = self.params
                if p.packed_input:
                    hidden = tf.transpose(hidden, [1, 0])
                if p.input_data_format == "TBC":
                    hidden = tf.transpose(hidden, [1, 0])
                if self.hparams.use_nchw:
                    x = tf.transpose(x, [0, 2, 1])
                if self.hparams.label_smoothing is not None:
                    x = tf.transpose(x, [0, 2, 1])
                if FLAGS.packed:
                    x = tf.transpose(x, [0, 2, 1])
                if self.config.full_cov:
                    x = tf.transpose(x, [0, 2, 1])
                if p.apply_mask:
                    x = tf.transpose(x, [0, 2, 1])
                if FLAGS.time_major:
                    x = tf.transpose(x, [0, 2, 1])
                if self.hparams.tied:
                    x = tf.transpose(x, [0, 2, 1])
                if p.not_defined_anywhere:
                    x = tf.transpose(x, [0, 2, 1])
                if self.hparams.use_tpu:
                    x = tf.transpose(x, [0, 2, 1])
                if p.use_lang_atten:
                    x = tf.transpose(x, [0, 2, 1])
                return x, hidden


        def configure(p):
            p.apply_mask = True
            return p
        """,
}


def test_a_transpose_under_a_hyperparameter_off_by_default_is_info(tmp_path):
    tree(tmp_path, HYPER)
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    info = {line for _, line, _, severity in found(result) if severity == "info"}
    warning = {line for _, line, _, severity in found(result) if severity == "warning"}
    # off by default, nothing in the project turns it on: Define (16, 18), HParams (20), add_hparam None (22),
    # a flag (24), an annotated config's field (26), add_hparam False (36), Define (38)
    assert {16, 18, 20, 22, 24, 26, 36, 38} <= info
    # turned on by a store (28: `p.apply_mask = True`), on by default (30: a flag; 32: `tied` True in Config and
    # False in HParams, two defaults), a name the project does not define (34): the warning
    assert {28, 30, 32, 34} <= warning


def test_a_hyperparameter_turned_on_by_a_setter_keeps_the_warning(tmp_path):
    tree(tmp_path, {**HYPER, "pkg/experiments.py": """\
        import tensorflow as tf
        from absl import flags
        from pkg.config import Config
        from pkg.params import encoder_params, hparams

        def big():
            p = encoder_params()
            p.Set(packed_input=True, input_data_format="TBC")
            hp = hparams()
            hp.set_hparam("use_nchw", True)
            flags.FLAGS.set_default("packed", True)
            return p, hp, Config(full_cov=True)

        def other(hp):
            hp.set_hparam("use_tpu", False)
            return hp
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    severity = {line: s for _, line, _, s in found(result)}
    assert [severity[line] for line in (16, 18, 20, 24, 26)] == ["warning"] * 5
    # a setter that gives the default again: still off
    assert severity[36] == "info"


def test_a_loss_sum_under_a_hyperparameter_off_by_default_is_none(tmp_path):
    # TFP601 reads the same opt-in branch (none for it, as for a parameter's)
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": """\
        import tensorflow as tf
        from absl import flags

        flags.DEFINE_bool("entropy_term", False, "Add an entropy term.")
        flags.DEFINE_bool("sum_term", True, "Add a summed term.")
        FLAGS = flags.FLAGS

        def loss_fn(y_true, y_pred):
            loss = tf.reduce_mean(tf.square(y_true - y_pred))
            if FLAGS.entropy_term:
                loss += tf.reduce_mean(tf.reduce_sum(y_pred * tf.math.log(y_pred), axis=-1))
            if FLAGS.sum_term:
                loss += tf.reduce_mean(tf.reduce_sum(tf.square(y_true - y_pred), axis=-1))
            return loss
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP601"])
    assert [line for _, line, _, _ in found(result)] == [13]


# a layer whose transpose runs only under `full_cov`, off by default: the subclass tests below add the constructions
OPT_IN_BASE = """\
    import tensorflow as tf


    class Base(tf.keras.layers.Layer):
        def __init__(self, full_cov=False, **kwargs):
            super().__init__(**kwargs)
            self.full_cov = full_cov

        def call(self, x):
            if self.full_cov:
                x = tf.transpose(x, [0, 2, 1])
            return x"""


def test_a_subclass_constructor_passing_the_option_to_its_base_decides_too():
    code = OPT_IN_BASE + """\


    class Sub(Base):
        def __init__(self, **kwargs):
            super(Sub, self).__init__(full_cov=%s, **kwargs)
    """
    # `super().__init__(full_cov=True)` in a subclass's constructor turns it on: the warning; False: still info
    assert lint(code % "True") == [(11, "TFP101", "warning")]
    assert lint(code % "False") == [(11, "TFP101", "info")]


def test_a_side_of_a_conditional_expression_is_a_branch_too():
    code = """\
    import tensorflow as tf

    def encode(hidden, packed=False, time_major=True):
        segments = tf.transpose(hidden, [1, 0]) if packed else None
        major = tf.transpose(hidden, [1, 0]) if time_major else hidden
        return segments, major, None if not packed else tf.transpose(hidden, [1, 0])
    """
    # `x if packed else None` and `None if not packed else x` with packed=False: info; time_major=True: the warning
    assert lint(code) == [(4, "TFP101", "info"), (5, "TFP101", "warning"), (6, "TFP101", "info")]


def test_a_class_the_project_hands_around_is_called_where_the_source_does_not_show():
    code = """\
    import tensorflow as tf


    class Base(tf.keras.layers.Layer):
        def __init__(self, full_cov=False, **kwargs):
            super().__init__(**kwargs)
            self.full_cov = full_cov


    class GP(Base):
        def call(self, x):
            if self.full_cov:
                x = tf.transpose(x, [0, 2, 1])
            return x


    def build(kind, full_cov=True):
        layers = {"gp": GP}
        return layers[kind](full_cov=full_cov)
    """
    # GP made through a dict of classes: what that call passes is not the index's, so no opt-in reading
    assert lint(code) == [(13, "TFP101", "warning")]
    assert lint(code.replace('layers = {"gp": GP}', 'layers = {}')) == [(13, "TFP101", "info")]


def test_an_optional_value_is_no_option_for_tfp101():
    code = """\
    import tensorflow as tf

    def kernel(X, X2=None, low_rank_dim=None, full_cov: bool = False):
        if X2 is None:
            X2 = X
        else:
            X2 = tf.transpose(X2, [0, 2, 1])
        if low_rank_dim is not None:
            X = tf.transpose(X, [0, 2, 1])
        if full_cov:
            X = tf.transpose(X, [0, 2, 1])
        return X, X2
    """
    # `X2` (data a caller may give) and `low_rank_dim` (a size) hold values, not options; a bool flag off by
    # default is one. Since session 26 a guard that runs only when a value is given (`else:` of `if X2 is None:`,
    # `if low_rank_dim is not None:`) is judged by what the module's calls give: none here, a public function
    # only users reach: info, saying the option
    assert lint(code) == [(7, "TFP101", "info"), (9, "TFP101", "info"), (11, "TFP101", "info")]
    # a call of the module that gives X2 (a value not known here): the warning; low_rank_dim=None: still info
    given = code + """
    class Gram(tf.keras.layers.Layer):
        def call(self, x, y):
            return kernel(x, y, low_rank_dim=None)
    """
    assert lint(given) == [(7, "TFP101", "warning"), (9, "TFP101", "info"), (11, "TFP101", "info")]


def test_a_call_the_index_does_not_join_may_turn_the_option_on(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/kernels.py": """\
        import tensorflow as tf


        class Kernel:
            def __call__(self, X, full_output_cov=False):
                return self.K(X, full_output_cov=full_output_cov)

            def K(self, X, full_output_cov=False):
                raise NotImplementedError


        class Linear(Kernel):
            def K(self, X, full_output_cov=False):
                if full_output_cov:
                    X = tf.transpose(X, [0, 2, 1])
                return X
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    assert found(result) == [("kernels.py", 15, "TFP101", "info")]
    # `kernel(Z, full_output_cov=True)` elsewhere: the override's calls come through its base's `self.K(...)`,
    # which the index does not join to it; a literal that takes the branch, passed by the option's name, does
    tree(tmp_path, {"pkg/covariances.py": """\
        import tensorflow as tf

        def Kuf(Z, kernel):
            return kernel(Z, full_output_cov=True)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"])
    assert found(result) == [("kernels.py", 15, "TFP101", "warning")]


def test_a_subclass_handing_on_a_dict_it_builds_is_not_followed():
    code = OPT_IN_BASE + """\


    class Versioned(Base):
        def __init__(self, topology, **kwargs):
            hyperpar = topology["hyper_parameters"]
            super().__init__(**hyperpar)
    """
    # `**hyperpar`, a dict the constructor builds (and `*args`): what it holds is not the index's, so not a call
    # of the base's constructor (as before); the subclass's own `**kwargs` handed on whole is (its callers')
    assert lint(code) == [(11, "TFP101", "info")]
