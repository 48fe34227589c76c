"""A lint's output does not depend on its parallelism: not on the order the index takes the files' exports in
(with workers, the order they send them), nor on the hash seed. Python takes 0, 0.0 and False (1, 1.0 and True)
for one value: the index (`project.Index._count`) and the joins of what callers pass (`project.distinct`) keep
them apart by their text, so `weight_decay=0` in one script and `weight_decay=0.0` in another are both said,
whichever came first."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths, workers
from tfperf.source.configs import HPARAM
from tfperf.source.passed import NO_DEFAULT, OUTSIDE, UNKNOWN
from tfperf.source.project import ARG_CALL, CALLED_BY, Index, hyperparameter_values, parameter_values

EVAL = "!eval"


def call(caller, *positional, starred=False, **keywords):
    """An exported call (`ARG_CALL`) as `symbols._export_call` gives it."""
    return (caller, positional, tuple(sorted(keywords.items())), starred)


# each: the values files export for one key, equal to Python and said otherwise
TWINS = [
    ("kwlit:weight_decay", [0, 0.0, False]),  # bare literals of one keyword, three files
    ("flagdefault:shuffle", [True, 1, 1.0]),
    ("flagdefault:rate", [-0.0, 0.0]),
    (f"{ARG_CALL}:pkg.model.build", [call(EVAL, UNKNOWN, weight_decay=0), call(EVAL, UNKNOWN, weight_decay=0.0)]),
    (f"{ARG_CALL}:pkg.data.batches", [call(EVAL, 32, drop_remainder=True), call(EVAL, 32, drop_remainder=1)]),
    ("dsret:pkg.data.batches", [(False, 1, None), (False, True, None), (0.0, 1.0, None)]),  # nested in a fact
]


@pytest.mark.parametrize("key, values", TWINS, ids=[key for key, _ in TWINS])
def test_the_index_keeps_equal_values_of_other_types_apart_whatever_order_the_files_come_in(key, values):
    files = [{key: [value], "x:pkg.other": ["a"]} for value in values]
    answers = set()
    for order in itertools.permutations(files):
        index = Index(order)
        answers.add(tuple(sorted(map(repr, index.answer(key)))))  # (the calls in the order they came)
    assert answers == {tuple(sorted(map(repr, values)))}, "every value kept as exported, in any order"


@pytest.mark.parametrize("key, values", TWINS, ids=[key for key, _ in TWINS])
def test_an_index_staged_in_any_order_of_chunks_takes_out_the_value_a_file_gave_and_keeps_its_twin(key, values):
    files = [{key: [value]} for value in values]
    for order in itertools.permutations(range(len(files))):
        index = Index()
        for i in order:  # a round's chunks, as the workers send them
            index.stage([], [files[i]])
        index.commit()
        gone = order[0]
        changed = index.update([files[gone]], [])  # that file linted again: it no longer exports it
        kept = [repr(value) for i, value in enumerate(values) if i != gone]
        assert sorted(map(repr, index.answer(key))) == sorted(kept)
        assert key in changed
        assert repr(values[gone]) not in map(repr, index.answer(key))


def test_names_and_sets_of_names_are_counted_as_they_are():
    one, two = {"x:a": ["n"], "usedname*:f.py": [frozenset({"a", "b"})]}, {"x:a": ["n", "m"]}
    index = Index([one, two])
    assert index.answer("x:a") == ("m", "n")
    assert index.answer("usedname*:f.py") == (frozenset({"a", "b"}),)
    index.update([two], [])
    assert index.answer("x:a") == ("n",)


def _facts_in(order: tuple, calls: list, **others) -> dict:
    return {f"{ARG_CALL}:pkg.model.build": tuple(calls[i] for i in order), **others}


def test_parameter_values_say_each_value_a_caller_passes_whatever_order_the_calls_come_in():
    calls = [call(EVAL, ("^", "pkg.eval_a.evaluate", 0, "images", NO_DEFAULT), weight_decay=0),
             call(EVAL, UNKNOWN, weight_decay=0.0),
             call("pkg.train.train", UNKNOWN, weight_decay=1e-4),
             call(EVAL, UNKNOWN, weight_decay=False)]
    answers = {parameter_values(_facts_in(order, calls), "pkg.model.build", 0, "weight_decay", 0.0)
               for order in itertools.permutations(range(len(calls)))}
    [answer] = {tuple(map(repr, a)) for a in answers}
    assert answer == tuple(map(repr, ((0, EVAL), (0.0, EVAL), (0.0, OUTSIDE), (0.0001, "pkg.train.train"),
                                      (False, EVAL))))


def test_values_handed_on_by_callers_keep_their_types_whatever_order_the_calls_come_in():
    # `def evaluate(images, wd): build(images, weight_decay=wd)`, its callers passing 0 and 0.0: both said
    calls = [call(EVAL, UNKNOWN, weight_decay=("^", "pkg.ev._evaluate", 1, "wd", NO_DEFAULT))]
    handed = [call("pkg.a.run", UNKNOWN, 0), call("pkg.b.run", UNKNOWN, 0.0), call("pkg.c.run", UNKNOWN, True)]
    answers = set()
    for order in itertools.permutations(range(len(handed))):
        facts = {f"{ARG_CALL}:pkg.model._build": tuple(calls),
                 f"{ARG_CALL}:pkg.ev._evaluate": tuple(handed[i] for i in order),
                 f"{CALLED_BY}:pkg.model._build": (EVAL,),
                 f"{CALLED_BY}:pkg.ev._evaluate": ("pkg.a.run", "pkg.b.run", "pkg.c.run")}
        answers.add(tuple(map(repr, parameter_values(facts, "pkg.model._build", None, "weight_decay", 0.0))))
    assert answers == {(repr((0, EVAL)), repr((0.0, EVAL)), repr((True, EVAL)))}


def test_a_hyperparameter_two_modules_define_with_equal_defaults_says_both_in_any_order():
    definitions = [("pkg.a", 0), ("pkg.b", 0.0), ("pkg.c", False)]
    answers = {tuple(map(repr, hyperparameter_values({f"{HPARAM}:wd": tuple(definitions[i] for i in order)}, "wd")))
               for order in itertools.permutations(range(len(definitions)))}
    assert answers == {(repr((0, OUTSIDE)), repr((0.0, OUTSIDE)), repr((False, OUTSIDE)))}


MODEL = """\
    import tensorflow as tf


    def build(inputs, weight_decay=0.0):
        layer = tf.keras.layers.Conv2D(8, 3, kernel_regularizer=tf.keras.regularizers.l2(weight_decay))
        return tf.keras.Model(inputs, layer(inputs))
    """
EVALUATE = """\
    import tensorflow as tf
    from pkg.model import build


    def evaluate_{name}(images):
        return build({inputs}, weight_decay={value})
    """
TRAIN = """\
    import tensorflow as tf
    from pkg.model import build


    def train(images, labels):
        model = build(tf.keras.Input((32, 32, 3)), weight_decay=1e-4)
        model.compile(optimizer="sgd", loss="mse")
        model.fit(images, labels)
    """
KERAS_INPUT = "tf.keras.Input((32, 32, 3))"


def _eval_project(root, inputs: str):
    """Two evaluation scripts that call `build` alike but for `weight_decay=0` and `weight_decay=0.0`: one call
    to the index when `inputs` is the same expression in both (`KERAS_INPUT`), two when each hands on its own
    parameter ("images")."""
    return project(root, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/train.py": TRAIN,
                          "pkg/eval_a.py": EVALUATE.format(name="a", inputs=inputs, value="0"),
                          "pkg/eval_b.py": EVALUATE.format(name="b", inputs=inputs, value="0.0"),
                          "pkg/eval_c.py": EVALUATE.format(name="c", inputs=inputs, value="False")})


def _messages(root) -> list[tuple[str, int, str]]:
    result = lint_paths([str(root)], target="gaudi2", jobs=1, select=["TFP301"])
    return [(os.path.basename(f.source.path), f.source.line, f.message) for f in result.findings]


@pytest.mark.parametrize("inputs", [KERAS_INPUT, "images"], ids=["one-call", "handed-on"])
def test_the_order_the_files_are_linted_in_changes_no_finding(tmp_path, monkeypatch, inputs):
    root = _eval_project(tmp_path, inputs)
    forward = _messages(root)
    lint = workers.InProcess.run
    monkeypatch.setattr(workers.InProcess, "run", lambda self, items, index: lint(self, items[::-1], index))
    assert _messages(root) == forward
    [(_, _, message)] = forward
    assert "0 from eval code; 0.0 from eval code and by default" in message, message
    assert "False from eval code" in message


def _check_json(root, jobs: int, seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, "-m", "tfperf", "check", "--no-cache", "--format", "json", "--target",
                           "gaudi2", "-j", str(jobs), str(root)], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_the_json_report_is_the_same_with_one_job_or_two_and_any_hash_seed(tmp_path):
    _eval_project(tmp_path / "one-call", KERAS_INPUT)
    _eval_project(tmp_path / "handed-on", "images")  # (and a second project beside it: more files to share)
    for i in range(6):
        (tmp_path / "handed-on" / "pkg" / f"m{i}.py").write_text(
            f"import tensorflow as tf\nx{i} = tf.transpose(tf.random.normal([2, 3]))\n")
    reports = {(jobs, seed): _check_json(tmp_path, jobs, seed) for jobs, seed in ((1, 0), (2, 1), (2, 2))}
    assert len(set(reports.values())) == 1, "the same bytes, whatever the parallelism or hash seed"
    findings = json.loads(reports[1, 0])["findings"]
    assert sum(f["code"] == "TFP301" for f in findings) == 2
