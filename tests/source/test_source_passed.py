"""What the project's callers pass for a parameter a finding hangs on, joined in the index
(`tfperf.source.passed`, `project.parameter_values`): one convention for TFP301's strength, TFP404's
num_parallel_calls and TFP405's drop_remainder. Each form beside a look-alike; two-file projects
for the join across modules."""

from __future__ import annotations

import ast
import textwrap

from conftest import write_tree as project
from tfperf.findings import Severity
from tfperf.source import lint_paths, lint_text
from tfperf.source.passed import NO_DEFAULT, OFF_PATH, OUTSIDE, UNKNOWN, Parameter, Passing, judged
from tfperf.source.project import ARG_CALL, CALLED_BY, Index, parameter_values

LAYER = """\
import tensorflow as tf
from tensorflow.keras.regularizers import l2


class {name}(tf.keras.layers.Layer):
    def __init__(self, units, l2_reg={default}):
        super().__init__()
        self.units = units
        self.l2_reg = l2_reg

    def build(self, shape):
        self.w = self.add_weight("w", shape=(shape[-1], self.units), regularizer=l2(self.l2_reg))
"""


def findings(root, code: str, jobs: int = 1):
    result = lint_paths([str(root)], select=[code], jobs=jobs)
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity, f.message) for f in result.findings]


def models(*calls: str) -> str:
    body = "".join(f"\n\ndef model_{i}(l2_reg_dnn=1e-5):\n    return {call}\n" for i, call in enumerate(calls))
    return "import tensorflow as tf\nfrom pkg.layers import _Dense\n" + body


ZERO_L2 = ("add_weight(regularizer=...) is an L2 regularizer of strength 0: no L2 term worth moving, but Keras still "
           "computes `0 * sum(w**2)` for its weights every step (a cost not priced here: the graph optimizer may fold "
           "it away); build the regularizer only when the strength is > 0")


def test_a_strength_every_caller_passes_as_zero_adds_no_term_to_move(tmp_path):
    """Keras's L2 still computes its zero term: info that says so, with the remedy for it; none where
    the regularizer is built only for a strength that is not 0."""
    calls = models("_Dense(8)", "_Dense(8, l2_reg=0)", "_Dense(8, 0.0)")
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(name="_Dense", default=0.0),
                              "pkg/models.py": calls})
    assert findings(root, "TFP301") == [("layers.py", 12, Severity.INFO, ZERO_L2 + " (l2_reg is 0 from models.model_1; "
                                                                        "0.0 from models.model_0, models.model_2)")]
    guarded = LAYER.format(name="_Dense", default=0.0).replace(
        "regularizer=l2(self.l2_reg))", "regularizer=l2(self.l2_reg) if self.l2_reg > 0 else None)")
    root = project(tmp_path / "guarded", {"pkg/__init__.py": "", "pkg/layers.py": guarded, "pkg/models.py": calls})
    assert findings(root, "TFP301") == []
    l1l2 = LAYER.format(name="_Dense", default=0.0).replace("l2(self.l2_reg)", "L1L2(l1=0.01, l2=self.l2_reg)") \
        .replace("import l2", "import L1L2")
    root = project(tmp_path / "l1l2", {"pkg/__init__.py": "", "pkg/layers.py": l1l2, "pkg/models.py": calls})
    assert findings(root, "TFP301") == []  # (L1L2 skips a zero L2 part)


FORWARDING = """\
import tensorflow as tf


def create_model(units, l2_weight=0.0, **unused):
    return tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.l2(l2_weight))


def get(name, units, **hyperparameters):
    return create_model(units, **hyperparameters)
"""


def test_kwargs_handed_on_whole_carry_what_the_callers_callers_pass(tmp_path):
    """`get(name, **hyperparameters)` calling `create_model(..., **hyperparameters)`: the keyword
    comes from get's callers; get's outside callers pass create_model's default (it is public)."""
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": FORWARDING})
    [(_, line, severity, message)] = findings(root, "TFP301")
    assert (line, severity) == (5, Severity.INFO)
    assert message.endswith(" (l2_weight is 0.0 from models.get and by default, for callers outside the project)")
    train = "import tensorflow\nfrom pkg import models\n\ndef train():\n    return models.get('m', 8, l2_weight=1e-4)\n"
    root = project(tmp_path / "set", {"pkg/__init__.py": "", "pkg/models.py": FORWARDING, "pkg/train.py": train})
    [(_, _, severity, message)] = findings(root, "TFP301")
    assert severity == Severity.WARNING
    assert message.endswith(" (l2_weight is 0.0001 from train.train; 0.0 from models.get and by default, "
                            "for callers outside the project)")
    # a named parameter of the forwarding function never lands in its **kwargs
    named = FORWARDING.replace("def get(name, units, ", "def get(name, units, l2_weight=1.0, ")
    root = project(tmp_path / "named", {"pkg/__init__.py": "", "pkg/models.py": named, "pkg/train.py": train})
    assert [f[2] for f in findings(root, "TFP301")] == [Severity.INFO]
    # a dict the function builds itself is not its callers' keywords: not known here
    built = FORWARDING.replace("    return create_model(units, **hyperparameters)",
                               "    hyperparameters = {'l2_weight': 1e-4}\n    return create_model(units, **hyperparameters)")
    root = project(tmp_path / "built", {"pkg/__init__.py": "", "pkg/models.py": built})
    [(_, _, severity, message)] = findings(root, "TFP301")
    assert severity == Severity.WARNING and "not known here from models.get" in message


def test_a_strength_one_caller_passes_is_a_warning_that_names_the_callers(tmp_path):
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(name="_Dense", default=0.0),
                              "pkg/models.py": models("_Dense(8)", "_Dense(8, l2_reg=l2_reg_dnn)")})
    [(path, line, severity, message)] = findings(root, "TFP301")
    assert (path, line, severity) == ("layers.py", 12, Severity.WARNING)
    # model_1 hands its own parameter on: its default (1e-5) is what it passes
    assert message.endswith(" (l2_reg is 1e-05 from models.model_1; 0.0 from models.model_0)")


def test_a_public_layer_s_default_counts_for_callers_outside_the_project(tmp_path):
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(name="Dense", default=1e-5),
                              "pkg/models.py": "import tensorflow\nfrom pkg.layers import Dense\n\ndef m():\n    return Dense(8, 0)\n"})
    [(_, _, severity, message)] = findings(root, "TFP301")
    assert severity == Severity.WARNING
    assert message.endswith(" (l2_reg is 1e-05 by default, for callers outside the project; 0 from models.m)")
    zero = project(tmp_path / "zero", {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(name="Dense", default=0),
                                       "pkg/models.py": "import tensorflow\nfrom pkg.layers import Dense\n\n"
                                                        "def m():\n    return Dense(8, 0)\n"})
    assert [f[2] for f in findings(zero, "TFP301")] == [Severity.INFO]  # (a zero term Keras still computes)


def test_workers_join_the_same_facts(tmp_path):
    root = project(tmp_path, {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(name="_Dense", default=0.0),
                              "pkg/models.py": models("_Dense(8)", "_Dense(8, l2_reg=l2_reg_dnn)"),
                              **{f"pkg/other{i}.py": "import tensorflow as tf\n" for i in range(4)}})
    assert findings(root, "TFP301", jobs=2) == findings(root, "TFP301", jobs=1) != []


PIPELINE = """\
import tensorflow as tf


def _parse_all(files, threads={default}):
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=threads).prefetch(1)
"""


def test_num_parallel_calls_from_callers(tmp_path):
    callers = "from pkg.data import _parse_all\n\ndef a(files, config):\n    return _parse_all(files, {passed})\n"
    cases = {"tf.data.AUTOTUNE": [], "4": [], "1": [Severity.WARNING], "config.threads": [Severity.INFO]}
    for passed, expected in cases.items():
        root = project(tmp_path / str(len(passed)), {
            "pkg/__init__.py": "", "pkg/data.py": PIPELINE.format(default=1),
            "pkg/train.py": "import tensorflow as tf\n" + callers.format(passed=passed)})
        assert [f[2] for f in findings(root, "TFP404")] == expected, passed
    [(_, _, _, message)] = findings(tmp_path / str(len("config.threads")), "TFP404")
    # (2026-11-30: on the TensorFlow installed here, >= 2.7, None lets tf.data run a stateless map in parallel)
    assert message.endswith("wherever num_parallel_calls=threads is 1 (None lets tf.data run it in parallel itself if "
                            "its function is stateless) (threads is not known here from train.a)")


def test_calls_from_tests_and_through_kwargs(tmp_path):
    """Tests call with anything: left out. A caller passing **kwargs may pass anything: not known."""
    files = {"pkg/__init__.py": "", "pkg/data.py": PIPELINE.format(default="tf.data.AUTOTUNE"),
             "tests/test_data.py": "import tensorflow\nfrom pkg.data import _parse_all\n\ndef test_it():\n    _parse_all([], 1)\n"}
    assert findings(project(tmp_path / "a", files), "TFP404") == []
    files["pkg/train.py"] = "import tensorflow\nfrom pkg.data import _parse_all\n\ndef a(files, **kw):\n    return _parse_all(files, **kw)\n"
    assert [f[2] for f in findings(project(tmp_path / "b", files), "TFP404")] == [Severity.INFO]


def test_drop_remainder_from_callers_in_one_file():
    code = """\
    import tensorflow as tf

    def _batched(files, drop=False):
        return tf.data.TFRecordDataset(files).batch(32, drop_remainder=drop).prefetch(1)

    def images(files):
        return _batched(files, {passed})
    """
    severities = {passed: [f.severity for f in lint_text(textwrap.dedent(code.format(passed=passed)), "m.py",
                                                         select=["TFP405"])]
                  for passed in ("True", "drop=True", "drop=False", "", "drop=flags.drop")}
    assert severities == {"True": [], "drop=True": [], "drop=False": [Severity.WARNING], "": [Severity.WARNING],
                          "drop=flags.drop": [Severity.INFO]}


def test_a_value_only_evaluation_and_inference_callers_pass_is_no_warning():
    """num_parallel_calls=1 only where the dataset is built for evaluation or inference (also handed
    on through their own parameter: the call is made there, whoever gave the value): the training
    step does not get it, so info; a training caller passing it stays a warning."""
    code = """\
    import tensorflow as tf

    def _build(files, num_threads=None):
        return tf.data.TFRecordDataset(files).map(decode, num_parallel_calls=num_threads).prefetch(1)

    def make_training_dataset(files, num_threads=4):
        return _build(files, num_threads={training})

    def make_evaluation_dataset(files, num_threads=1):
        return _build(files, num_threads=num_threads)

    def make_inference_dataset(files):
        return _build(files, num_threads=1)

    from records import decode
    """
    for training, severity in (("num_threads", Severity.INFO), ("1", Severity.WARNING)):
        [finding] = lint_text(textwrap.dedent(code.format(training=training)), "m.py", select=["TFP404"])
        assert finding.severity == severity, training
        assert "1 from eval code, inference code" in finding.message
        assert ("only callers off the training step pass 1" in finding.message) == (severity == Severity.INFO)


def test_parameter_values_follow_a_parameter_handed_on_and_stop_at_a_cycle():
    def call(caller, *positional, starred=False, **keywords):
        return (caller, positional, tuple(sorted(keywords.items())), starred)

    facts = {f"{ARG_CALL}:pkg._f": (call("pkg._g", ("^", "pkg._g", 0, "n", 3)), call("pkg.t", 5)),
             f"{ARG_CALL}:pkg._g": (call("pkg._f", ("^", "pkg._f", 0, "n", 1)),),
             f"{CALLED_BY}:pkg._f": ("pkg._g", "pkg.t"), f"{CALLED_BY}:pkg._g": ("pkg._f",)}
    # _g hands its n to _f, and _f its own to _g: the cycle ends as "not known here"
    assert set(parameter_values(facts, "pkg._f", 0, "n", 1)) == {(5, "pkg.t"), (UNKNOWN, "pkg._g")}
    assert parameter_values(facts, "pkg.f", 0, "n", NO_DEFAULT) == ()  # public, no default: nothing known
    assert parameter_values(facts, "pkg.f", 0, "n", 2) == ((2, OUTSIDE),)


def test_a_changed_call_reports_the_file_again_without_linting_it():
    """The join's answers (`passed:` keys) are asked only by reports: when only they change, the
    file's findings are made again from its reports (`ProjectView.report_only`)."""
    from tfperf.source import linter

    index = Index([{f"{ARG_CALL}:m._parse_all": [("m.a", (UNKNOWN, 1), (), False)],
                    f"{CALLED_BY}:m._parse_all": ["m.a"]}])
    text = PIPELINE.format(default="tf.data.AUTOTUNE")
    tree, target = ast.parse(text), linter._as_target("cpu")
    analysis = linter._analyse(text, tree, "m.py", target, ("TFP404",), (), index, "m", None)
    [key] = [key for key in analysis.queries if key.startswith("passed:")]
    assert analysis.report_only >= {key} and [f.severity for f in analysis.findings] == [Severity.WARNING]
    assert index.watch([analysis.queries]) == set()  # (as it was answered)
    assert key in index.update([{f"{ARG_CALL}:m._parse_all": [("m.a", (UNKNOWN, 1), (), False)]}],
                               [{f"{ARG_CALL}:m._parse_all": [("m.a", (UNKNOWN, ("=", "tensorflow.data.AUTOTUNE")), (), False)]}])
    again = linter._reported_again(text, tree, "m.py", target, index, "m", linter.Options("cpu", ("TFP404",)), analysis)
    assert again is not None and again.findings == []


def test_padded_shapes_from_callers():
    """padded_shapes a parameter whose None pads to each batch's longest (`padded_shapes or
    <the element's own shapes>`): None from a caller is a warning, shapes not known here are info."""
    code = """\
    import tensorflow as tf

    def _batch_dataset(batch_size, padded_shapes=None):
        return lambda dataset: dataset.padded_batch(batch_size, padded_shapes=padded_shapes or dataset.output_shapes,
                                                    drop_remainder=True)

    def training_pipeline(files, shapes):
        return tf.data.TFRecordDataset(files).repeat().apply(_batch_dataset(64, {passed})).prefetch(1)
    """
    severities = {passed: [f.severity for f in lint_text(textwrap.dedent(code.format(passed=passed)), "m.py",
                                                         select=["TFP405"])]
                  for passed in ("shapes", "None", "padded_shapes=None")}
    assert severities == {"shapes": [Severity.INFO], "None": [Severity.WARNING],
                          "padded_shapes=None": [Severity.WARNING]}


def test_calls_whose_literals_fail_a_test_on_the_finding_s_path_are_left_out():
    """`Parameter.unless`: a pad under `else:` of `if stride == 1:` is reached by no call passing
    stride=1 (nor leaving it at its default 1); a stride not known here may reach it."""
    def call(caller, *positional, opaque=False, **keywords):
        return (caller, positional, tuple(sorted(keywords.items())), opaque)

    unless = ((0, "stride", 1, "==", 1, False),)
    facts = {f"{ARG_CALL}:pkg._same": (call("pkg.a", 1, kernel=3), call("pkg.b", 2, kernel=1),
                                       call("pkg.c", kernel=5), call("pkg.d", UNKNOWN, kernel=7)),
             f"{CALLED_BY}:pkg._same": ("pkg.a", "pkg.b", "pkg.c", "pkg.d")}
    assert set(parameter_values(facts, "pkg._same", None, "kernel", 3, unless=unless)) == {
        (1, "pkg.b"), (7, "pkg.d"), (OFF_PATH, "pkg.a"), (OFF_PATH, "pkg.c")}  # (said: they take another path)
    assert len(parameter_values(facts, "pkg._same", None, "kernel", 3)) == 4
    # an outside caller takes the defaults: stride 1, off the path
    assert parameter_values(facts, "pkg.same", None, "kernel", 3, unless=unless) == ((OFF_PATH, ""),)


def test_a_finding_no_call_reaches_is_none_and_one_no_call_passes_is_not_known():
    """`judged`: every call excluded by a test on the finding's path (`Parameter.unless`) runs no code of
    it: no finding (not the rule's severity for a value "not known here"); no call at all: not known."""
    parameter = Parameter("pkg._same", None, "kernel", 3, bad=lambda value: value != 1, unknown=Severity.WARNING,
                          unless=((0, "stride", 1, "==", 1, False),))
    assert judged(parameter, [(OFF_PATH, "pkg.a")]) is None
    # callers outside the project with the defaults do not reach it: only with another stride (an opt-in)
    assert judged(parameter, [(OFF_PATH, "pkg.a"), (OFF_PATH, "")]) == Passing(
        "no call in the project reaches it: callers outside the project do only with another stride than the "
        "default", Severity.INFO)
    assert judged(parameter, []) == Passing("no call in the project passes kernel: its value is not known here",
                                            Severity.WARNING)
    passing = judged(parameter, [(OFF_PATH, "pkg.a"), (5, "pkg.b")])
    assert passing == Passing("kernel is 5 from pkg.b", None)  # (the call off the path is not said)
    assert judged(parameter, [(OFF_PATH, "pkg.a"), (1, "pkg.b")]) is None


def test_a_pad_every_call_takes_another_path_to_is_no_finding():
    code = """\
    import tensorflow as tf


    def _conv2d_same(x, filters, kernel_size, stride=1):
        if stride == 1:
            return tf.keras.layers.Conv2D(filters, kernel_size, strides=1, padding="same")(x)
        pad_total = kernel_size - 1
        pad_beg = pad_total // 2
        x = tf.keras.layers.ZeroPadding2D((pad_beg, pad_total - pad_beg))(x)
        return tf.keras.layers.Conv2D(filters, kernel_size, strides=stride, padding="valid")(x)


    def _block(x):
        x = _conv2d_same(x, 64, 3, stride=1)
        return _conv2d_same(x, 64, 3, 1)
    """
    assert lint_text(textwrap.dedent(code), "model.py", select=["TFP201"]) == []
    strided = code.replace("_conv2d_same(x, 64, 3, 1)", "_conv2d_same(x, 64, 3, 2)")
    assert [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(strided), "model.py", select=["TFP201"])] == [(9, "warning")]


def test_exited_before_reads_the_tests_an_early_return_rules_out():
    from tfperf.source.paths import exited_before
    from tfperf.source.visitor import FileContext, run_visitors
    from tfperf.targets import load as load_target

    code = textwrap.dedent("""\
        def f(x, stride, gpus):
            if stride == 1 or gpus:
                return x
            for i in range(3):
                if not i:
                    continue
                y = x
            return y
        """)
    tree = ast.parse(code)
    file = FileContext("f.py", code, tree, load_target("gaudi2"))
    run_visitors(file, [])  # the walk: parents
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.Assign))
    found = {(ast.unparse(test), held) for test, held in exited_before(file, node)}
    assert found == {("stride == 1", False), ("gpus", False), ("i", True)}


BATCHED = """\
import functools
import tensorflow as tf

def _batched(files, drop=False, size=32):
    return tf.data.TFRecordDataset(files).batch(size, drop_remainder=drop).prefetch(1)

def images(files, flags):
    {body}
"""


def _severities(body: str) -> list:
    return [f.severity for f in lint_text(BATCHED.format(body=body), "m.py", select=["TFP405"])]


def test_a_keyword_whose_value_is_not_known_names_the_parameter_it_passes():
    """`_batched(files, size=flags.size)` passes `drop` nothing: its default, not "something not
    known here" (only `*args` / `**kwargs` may pass a parameter the call does not name)."""
    assert _severities("return _batched(files, size=flags.size)") == [Severity.WARNING]
    assert _severities("return _batched(files, drop=flags.drop)") == [Severity.INFO]
    assert _severities("return _batched(files, **flags.kw)") == [Severity.INFO]


def test_a_partial_passes_what_it_binds():
    """A call through `functools.partial` passes what the partial binds (then the call's own
    arguments); a partial handed on passes what it binds, and maybe more the file does not show."""
    assert _severities("batched = functools.partial(_batched, drop=True)\n    return batched(files)") == []
    assert _severities("return functools.partial(_batched, drop=True)(files)") == []
    assert _severities("batched = functools.partial(_batched, files, True)\n    return batched()") == []
    assert _severities("batched = functools.partial(_batched, drop=True)\n    return batched(files, drop=False)") \
        == [Severity.WARNING]
    # handed on: what it binds, and what the function's other calls pass
    handed = BATCHED.replace("drop=False", "drop=True").format(
        body="run(functools.partial(_batched, drop={}))\n    return _batched(files)")
    assert [f.severity for f in lint_text(handed.format("True"), "m.py", select=["TFP405"])] == []
    assert [f.severity for f in lint_text(handed.format("False"), "m.py", select=["TFP405"])] == [Severity.WARNING]
    assert [f.severity for f in lint_text(handed.format("flags.drop").replace("drop=flags.drop", "size=flags.size"),
                                          "m.py", select=["TFP405"])] == [Severity.INFO]
