"""Opt-in code selected by a plain `Enum` member, and a private method called at several sites under different tests
of one setting (session 27). A plain enum's member is a value of its own (not its `.value`): `mode=Mode.NONE` as the
default, `self.mode == Mode.EMA` / `is` / `in (Mode.A, Mode.B)` as the test, `mode=Mode.EMA` passed by a caller.
Synthetic look-alikes of the open corpus's forms: nlp-architect's quantized layers (`mode=QuantizationMode.NONE` ...
`if self.mode == QuantizationMode.EMA:`, nlp_architect/nn/torch/quantization.py), tf-semantic-segmentation's
`color_mode=ColorMode.NONE` defaults tested `if color_mode == ColorMode.RGB:` (processing/dataset.py), tf-agents'
`if self._feedback_model == FeedbackModel.CASCADING:` (bandits/agents/ranking_agent.py) and dm-acme's `if
self._end_of_episode_behavior is EndBehavior.CONTINUE:` / `in (EndBehavior.TRUNCATE, ...)` (adders/reverb/sequence.py).
Each form: VALID (only the default: info) and INVALID (the project passes the member that takes the branch, or the
default takes it: the warning)."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found, lint  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

ENUM = """\
import enum

import tensorflow as tf


class Mode(enum.Enum):
    NONE = 0
    EMA = 1
    DYNAMIC = 2


class QuantDense(tf.keras.layers.Layer):
    def __init__(self, units, mode=Mode.NONE):
        super().__init__()
        self.mode = mode

    def call(self, x):
        if self.mode == Mode.EMA:
            x = tf.transpose(x, [0, 2, 1])
        if self.mode is Mode.DYNAMIC:
            x = tf.transpose(x, [0, 2, 1])
        if self.mode in (Mode.EMA, Mode.DYNAMIC):
            x = tf.transpose(x, [0, 2, 1])
        if self.mode != Mode.NONE:
            x = tf.transpose(x, [0, 2, 1])
        return x
{more}
"""


def test_a_plain_enum_member_default_makes_every_other_members_branch_info():
    assert lint(ENUM.format(more="")) == [(19, "TFP101", "info"), (21, "TFP101", "info"), (23, "TFP101", "info"),
                                          (25, "TFP101", "info")]


def test_a_caller_passing_the_member_that_takes_the_branch_keeps_the_warning():
    # INVALID: `mode=Mode.EMA` turns on the `== EMA`, `in` and `!= NONE` branches, not the `is DYNAMIC` one
    more = "\n\ndef model(x):\n    return QuantDense(8, mode=Mode.EMA)(x)\n"
    assert lint(ENUM.format(more=more)) == [(19, "TFP101", "warning"), (21, "TFP101", "info"),
                                            (23, "TFP101", "warning"), (25, "TFP101", "warning")]


def test_a_caller_passing_the_default_member_keeps_the_branches_info():
    more = "\n\ndef model(x):\n    return QuantDense(8, Mode.NONE)(x)\n"
    assert lint(ENUM.format(more=more)) == [(19, "TFP101", "info"), (21, "TFP101", "info"), (23, "TFP101", "info"),
                                            (25, "TFP101", "info")]


def test_a_default_member_that_takes_the_branch_keeps_the_warning():
    code = ENUM.format(more="").replace("mode=Mode.NONE", "mode=Mode.EMA")
    assert lint(code) == [(19, "TFP101", "warning"), (21, "TFP101", "info"), (23, "TFP101", "warning"),
                          (25, "TFP101", "warning")]


def test_a_value_of_another_kind_than_the_members_is_not_known_and_keeps_the_warning():
    # INVALID: the member's value `1` is not the member (`Mode.EMA != 1`), but what a test of a member says of a
    # plain value is not read: a value not known here, which TFP101 keeps a warning
    more = "\n\ndef model(x):\n    return QuantDense(8, mode=1)(x)\n"
    assert lint(ENUM.format(more=more)) == [(19, "TFP101", "warning"), (21, "TFP101", "warning"),
                                            (23, "TFP101", "warning"), (25, "TFP101", "warning")]


def test_a_value_enum_is_still_read_as_its_values():
    # `class Mode(str, Enum)`: a member equals its string, so a caller's "ema" takes the branch
    code = """\
    import enum

    import tensorflow as tf

    class Mode(str, enum.Enum):
        NONE = "none"
        EMA = "ema"

    class QuantDense(tf.keras.layers.Layer):
        def __init__(self, mode="none"):
            super().__init__()
            self.mode = mode

        def call(self, x):
            if self.mode == Mode.EMA:
                x = tf.transpose(x, [0, 2, 1])
            return x
    {more}
    """
    assert lint(code.format(more="")) == [(16, "TFP101", "info")]
    more = "\n    def model(x):\n        return QuantDense(mode='ema')(x)\n"
    assert lint(code.format(more=more)) == [(16, "TFP101", "warning")]


def test_a_class_of_constants_is_no_enumeration():
    # `class Modes: NONE = "none"`: its attributes are the strings; a caller passing "ema" takes the branch
    code = ENUM.format(more="\n\ndef model(x):\n    return QuantDense(8, mode='ema')(x)\n").replace(
        "class Mode(enum.Enum):\n    NONE = 0\n    EMA = 1\n    DYNAMIC = 2\n",
        "class Mode:\n    NONE = 'none'\n    EMA = 'ema'\n    DYNAMIC = 'dynamic'\n")
    assert lint(code) == [(19, "TFP101", "warning"), (21, "TFP101", "info"), (23, "TFP101", "warning"),
                          (25, "TFP101", "warning")]


PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/config.py": """\
        import enum

        class Mode(enum.Enum):
            NONE = "none"
            EMA = "ema"
        """,
    "pkg/layers.py": """\
        import tensorflow as tf
        from pkg.config import Mode

        class QuantDense(tf.keras.layers.Layer):
            def __init__(self, mode=Mode.NONE):
                super().__init__()
                self.mode = mode

            def call(self, x):
                if self.mode == Mode.EMA:
                    x = tf.transpose(x, [0, 2, 1])
                return x
        """,
}


def test_an_enum_of_another_module_is_read_by_its_members(tmp_path):
    tree(tmp_path, {**PACKAGE, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.layers import QuantDense

        def model(x):
            return QuantDense()(x)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("layers.py", 11, "TFP101", "info")]


def test_another_modules_caller_passing_the_member_keeps_the_warning(tmp_path):
    tree(tmp_path, {**PACKAGE, "pkg/model.py": """\
        from pkg import config
        import tensorflow as tf
        from pkg.layers import QuantDense

        def model(x):
            return QuantDense(mode=config.Mode.EMA)(x)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("layers.py", 11, "TFP101", "warning")]


def test_another_modules_caller_importing_the_member_by_name_keeps_the_warning(tmp_path):
    tree(tmp_path, {**PACKAGE, "pkg/model.py": """\
        from pkg.config import Mode
        import tensorflow as tf
        from pkg.layers import QuantDense

        def model(x):
            return QuantDense(mode=Mode.EMA)(x)
        """})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("layers.py", 11, "TFP101", "warning")]


SPLIT = """\
import tensorflow as tf


class Att(tf.keras.layers.Layer):
    def __init__(self, kind="a"):
        super().__init__()
        self.kind = kind

    def call(self, x):
        if self.kind == "a":
            x = tf.nn.relu(x)
        elif self.kind in ("b", "c"):
            x = self._m(x)
        if self.kind == "d":
            x = self._m(x)
        return x

    def _m(self, x):
        return tf.transpose(x, [0, 2, 1])
{more}
"""


def test_a_method_every_call_of_which_the_default_fails_is_info():
    # VALID: two sites under different tests of `kind`; the default "a" passes neither
    assert lint(SPLIT.format(more="")) == [(19, "TFP101", "info")]


def test_a_caller_passing_a_value_one_site_takes_keeps_the_warning():
    # INVALID: `Att("d")` takes the second site only
    more = "\n\ndef model(x):\n    return Att('d')(x)\n"
    assert lint(SPLIT.format(more=more)) == [(19, "TFP101", "warning")]


def test_a_caller_passing_values_no_site_takes_keeps_it_info():
    more = "\n\ndef model(x):\n    return Att('e')(Att('a')(x))\n"
    assert lint(SPLIT.format(more=more)) == [(19, "TFP101", "info")]


def test_a_site_the_default_takes_keeps_the_warning():
    # one site under `kind != "b"`: the default "a" takes it
    code = SPLIT.format(more="").replace('        if self.kind == "d":\n', '        if self.kind != "b":\n')
    assert lint(code) == [(19, "TFP101", "warning")]


def test_a_site_under_no_test_of_the_setting_keeps_the_warning():
    code = SPLIT.format(more="").replace('        if self.kind == "d":\n            x = self._m(x)\n',
                                         '        x = self._m(x)\n')
    assert lint(code) == [(18, "TFP101", "warning")]


def test_sites_under_tests_of_different_settings_keep_the_warning():
    # each site tests another setting: no one setting's default turns every site away
    code = SPLIT.format(more="").replace('def __init__(self, kind="a"):', 'def __init__(self, kind="a", other=None):') \
        .replace("        self.kind = kind\n", "        self.kind = kind\n        self.other = other\n") \
        .replace('        if self.kind == "d":\n', '        if self.other == "d":\n')
    assert lint(code) == [(20, "TFP101", "warning")]


def test_sites_selected_by_enum_members_are_read_alike():
    code = SPLIT.format(more="").replace('"a"', "Kind.A").replace('("b", "c")', "(Kind.B, Kind.C)") \
        .replace('"d"', "Kind.D").replace("import tensorflow as tf\n",
                                          "import enum\n\nimport tensorflow as tf\n\n\nclass Kind(enum.Enum):\n"
                                          "    A = 1\n    B = 2\n    C = 3\n    D = 4\n")
    assert lint(code) == [(28, "TFP101", "info")]
    more = "\n\ndef model(x):\n    return Att(Kind.C)(x)\n"
    assert lint(code + more) == [(28, "TFP101", "warning")]


def test_a_class_of_constants_of_another_module_is_not_read_as_an_enum(tmp_path):
    # `class Mode: NONE = "none"` in the config module: its attributes are strings a caller may pass as such; the
    # default `Mode.NONE` is not known here, so the branch keeps its warning (as before enums were read)
    files = {**PACKAGE, "pkg/config.py": """\
        class Mode:
            NONE = "none"
            EMA = "ema"
        """, "pkg/model.py": """\
        import tensorflow as tf
        from pkg.layers import QuantDense

        def model(x):
            return QuantDense()(x)
        """}
    tree(tmp_path, files)
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"])
    assert found(result) == [("layers.py", 11, "TFP101", "warning")]


def test_a_subclass_calling_the_inherited_method_is_a_site_too():
    # `self._m(x)` in a subclass's `call` runs the base's method under no test: the sites in view are not all
    code = SPLIT.format(more="\n\nclass Sub(Att):\n    def call(self, x):\n        return self._m(x)\n")
    assert lint(code) == [(19, "TFP101", "warning")]


def test_a_subclass_calling_the_inherited_method_keeps_the_one_site_reading_from_making_it_info():
    # the base's one call is under `kind == "mul"`, but `Sub.call` runs it under no test
    code = SPLIT.format(more="\n\nclass Sub(Att):\n    def call(self, x):\n        return self._m(x)\n").replace(
        '        if self.kind == "d":\n            x = self._m(x)\n', "")
    assert lint(code) == [(17, "TFP101", "warning")]
    assert lint(SPLIT.format(more="").replace('        if self.kind == "d":\n            x = self._m(x)\n', "")) == \
        [(17, "TFP101", "info")]
