"""The walk hands a call only to the visitors whose `calls` want it (`SourceVisitor.calls`), and a
visitor without a declaration every call; the rules' declarations miss nothing their `visit_Call`
would act on: every snippet the rule tests lint, and a project whose calls reach across modules,
give the same findings with the declarations and without them."""

from __future__ import annotations

import ast
import glob
import os

import pytest

from tfperf import targets
from tfperf.rules import all_rules
from tfperf.source import lint_paths, lint_text
from tfperf.source.visitor import Calls, FileContext, SourceVisitor, run_visitors

CODE = """\
import tensorflow as tf
from tensorflow import transpose as flip
import keras

def helper(x):
    return x

class Net(keras.Model):
    pass

y = tf.transpose(x, perm=[1, 0])
z = flip(x)
h = helper(3)
n = Net()
d = keras.layers.Dense(3)
model.fit(d)
print(len(h))
"""


def _recorder(calls: Calls | None, log: list | None = None):
    """A visitor class that records the lines of the calls it is handed (in `log`, with its name)."""

    class Recorder(SourceVisitor):
        rule_class = None
        seen: list = []

        def visit_Call(self, node: ast.Call) -> None:
            (log if log is not None else type(self).seen).append((name, node.lineno) if log is not None
                                                                  else node.lineno)

    name = "every" if calls is None else "declared"
    Recorder.calls = calls
    Recorder.seen = []
    return Recorder


def _walk(*visitors, code: str = CODE) -> None:
    run_visitors(FileContext("m.py", code, ast.parse(code), targets.load("gaudi2")), list(visitors))


def test_a_visitor_gets_only_the_calls_it_declares():
    names = _recorder(Calls({"tensorflow.transpose"}))
    prefixes = _recorder(Calls(prefixes=("keras.layers.",)))
    methods = _recorder(Calls(methods={"fit"}))
    project = _recorder(Calls(project=True))
    mixed = _recorder(Calls({"builtins.print", "tensorflow.transpose"}, methods={"fit"}))
    _walk(names, prefixes, methods, project, mixed)
    assert names.seen == [11, 12], "by canonical name: also `flip`, an alias of tf.transpose"
    assert prefixes.seen == [15]
    assert methods.seen == [16], "`model.fit`, whatever `model` is"
    assert project.seen == [13, 14], "the file's own function and class"
    assert mixed.seen == [11, 12, 16], "any declaration matches (print is no imported name: its name is None)"


def test_held_calls_are_those_of_a_value_the_code_holds():
    code = ("import tensorflow as tf\n"
            "conv = tf.keras.layers.Conv2D(3, 3)\n"
            "def f(x, fn):\n"
            "    conv(x)\n"            # a name the file assigns
            "    fn(x)\n"              # a parameter
            "    len(x)\n"             # a builtin
            "    tf.keras.layers.Dense(3)(x)\n"  # a call's result (its inner call is a named one)
            "    x.numpy()\n"          # an attribute of a parameter
            "class L:\n"
            "    def call(self, x):\n"
            "        return self.conv(x)\n")
    held = _recorder(Calls(held=True))
    _walk(held, code=code)
    assert held.seen == [4, 7, 11]


def test_a_visitor_without_a_declaration_gets_every_call():
    every = _recorder(None)
    declared = _recorder(Calls({"tensorflow.transpose"}))
    _walk(declared, every)
    calls = sorted(n.lineno for n in ast.walk(ast.parse(CODE)) if isinstance(n, ast.Call))
    assert sorted(every.seen) == calls and len(calls) == 8
    assert declared.seen == [11, 12]


def test_calls_reach_the_visitors_in_their_order_and_in_walk_order():
    log: list = []
    every, declared = _recorder(None, log), _recorder(Calls({"tensorflow.transpose"}), log)
    _walk(every, declared)
    assert log[:5] == [("every", 11), ("declared", 11), ("every", 12), ("declared", 12), ("every", 13)]
    log.clear()
    _walk(declared, every)
    assert log[:4] == [("declared", 11), ("every", 11), ("declared", 12), ("every", 12)]


@pytest.fixture
def undeclared(monkeypatch):
    """Every rule's visitor handed every call, as before the declarations."""
    def undeclare():
        for rule in all_rules():
            if rule.Source is not None:
                monkeypatch.setattr(rule.Source, "calls", None)
    return undeclare


def _snippets() -> list[tuple[str, str | None]]:
    """(code, target) of every source example of every rule, and of every string of the tests that
    is Python text of more than a line and mentions a framework (what the tests lint)."""
    found = {(e.code, e.target) for rule in all_rules() for e in (*rule.invalid, *rule.valid) if e.kind == "source"}
    tests = os.path.dirname(os.path.dirname(__file__))
    for path in sorted(glob.glob(os.path.join(tests, "**", "*.py"), recursive=True)):
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read())
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
            if "\n" in text and ("tensorflow" in text or "keras" in text or "tf_slim" in text):
                try:
                    ast.parse(text)
                except SyntaxError:
                    continue
                found.add((text, None))
    return sorted(found, key=repr)


def test_the_rules_declarations_change_no_finding_on_the_tests_snippets(undeclared):
    snippets = _snippets()
    assert len(snippets) > 150
    cases = [(code, target or name) for code, target in snippets for name in ("gaudi2", "a100")]
    declared = [lint_text(code, target=target) for code, target in cases]
    assert sum(map(len, declared)) > 150
    undeclared()
    assert [lint_text(code, target=target) for code, target in cases] == declared


PROJECT = {
    "pkg/__init__.py": "",
    "pkg/estimators.py": "import tensorflow as tf\n\nclass Base(tf.estimator.Estimator):\n    pass\n",
    "pkg/models.py": ("import keras\n\nclass Tower(keras.Model):\n    pass\n\n"
                      "def build(width):\n    return Tower()\n"),
    "pkg/train.py": ("import keras\nimport tensorflow as tf\nfrom pkg import estimators, models\n\n"
                     "def main(fn):\n    estimators.Base(model_fn=fn)\n    model = models.Tower()\n"
                     "    model.compile('sgd')\n    model.fit(tf.data.Dataset.range(3))\n"
                     "    out = keras.layers.Dense(3, activation='softmax')\n    return tf.transpose(out, [0, 2, 1])\n\n"
                     "if __name__ == '__main__':\n    main(None)\n"),
}


def test_the_rules_declarations_change_no_finding_across_modules(tmp_path, undeclared):
    for name, text in PROJECT.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    declared = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    assert {f.code for f in declared.findings} >= {"TFP502", "TFP702", "TFP101"}, "the project's calls are seen"
    undeclared()
    assert lint_paths([str(tmp_path)], target="gaudi2", jobs=1).findings == declared.findings
