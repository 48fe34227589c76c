"""A module's private facts (`SourceVisitor.private_facts`): a file linted again because only answers
of those changed runs that module's visitors alone again (`visitor.rerun_visitors`), and gets what a
full lint gives: the same findings, exports and questions to the project, round by round. Declaring
a kind private is a promise that nothing else asks or exports it: checked here on the source."""

from __future__ import annotations

import ast
import pathlib
import textwrap

import pytest

import tfperf
from tfperf.rules.base import all_rules
from tfperf.source import linter, lint_paths
from tfperf.source.visitor import private_groups, visitors_for

SRC = pathlib.Path(tfperf.__file__).parent


def _declaring():
    """(visitor class, its package directory) of every visitor that declares private facts."""
    visitors = visitors_for(all_rules())
    found = [(cls, SRC.joinpath(*cls.__module__.split(".")[1:-1])) for cls in visitors if cls.private_facts]
    assert found, "the pipeline and mixed-precision visitors declare their summaries private"
    return found


def test_no_module_outside_a_package_names_its_private_facts_or_imports_it():
    for cls, package in _declaring():
        dotted = cls.__module__.rpartition(".")[0]
        for path in SRC.rglob("*.py"):
            if package in path.parents:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and node.value in cls.private_facts:
                    pytest.fail(f"{path} names {node.value!r}, private to {cls.__module__}")
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(dotted):
                    pytest.fail(f"{path} imports {node.module}: its code may ask {cls.__module__}'s private facts")


def test_each_private_kind_belongs_to_one_module_and_its_visitors_run_again_together():
    private, groups = private_groups(visitors_for(all_rules()))
    for cls, _ in _declaring():
        for kind in cls.private_facts:
            assert private[kind] == cls.__module__
            assert cls in groups[private[kind]]
    for module, visitors in groups.items():
        assert {v.__module__ for v in visitors} == {module}


PROGRAM = {  # train.py learns in the second round that runner.run() reaches training: TFP702 (callsto, trains)
    "app/__init__.py": "",
    "app/train.py": """\
        import tensorflow as tf
        from app import runner

        if __name__ == "__main__":
            runner.run()
        """,
    "app/runner.py": """\
        import tensorflow as tf
        from app import trainer


        def run():
            trainer.fit_model()
        """,
    "app/trainer.py": """\
        import tensorflow as tf


        def fit_model():
            model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
            model.compile("sgd", "mse")
            model.fit(tf.zeros([8, 4]), tf.zeros([8, 4]))
            return model  # (a training API, not an entry point whose callers decide: test_source_entry_points.py)
        """,
}

FACTORY = {  # trainer.py learns in the second round that a program runs it (program:, ctx:); its TFP702 visitors,
    # run again alone, export again what its factory build() makes (factory: private to them too)
    "app/__init__.py": "",
    "app/trainer.py": """\
        import tensorflow as tf


        class Trainer:
            def train(self):
                model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
                model.compile("sgd", "mse")
                model.fit(tf.zeros([8, 4]), tf.zeros([8, 4]))


        def build():
            return Trainer()
        """,
    "app/main.py": """\
        from app import trainer

        if __name__ == "__main__":
            runner = trainer.build()
            runner.train()
        """,
}

PIPELINE = {  # loop.py learns in the second round what data.make() returns (dsret): its pipeline's findings;
    # data.py learns who calls make() (calls:, asked by the pipelines' summaries alone) and what they do with it
    "app/__init__.py": "",
    "app/data.py": """\
        import tensorflow as tf


        def parse(record):
            return tf.io.parse_single_example(record, {"x": tf.io.FixedLenFeature([4], tf.float32)})


        def make(pattern):
            return tf.data.TFRecordDataset(pattern).map(parse)
        """,
    "app/loop.py": """\
        import tensorflow as tf
        from app import data


        def train(model):
            dataset = data.make("*.rec")
            dataset = dataset.batch(32)
            model.fit(dataset, epochs=2)
        """,
}


def _lint(root, monkeypatch):
    """The project's result, each file's final exports and questions, the visitors run again (file, names), and the
    files each full analysis ran on (a file's first lint, and each time it is linted again in full)."""
    reruns, outcomes, analysed = [], {}, []
    real_rerun, real_project, real_analyse = linter.rerun_visitors, linter._lint_project, linter._analyse

    def analyse(text, tree, path, *args, **kwargs):
        analysed.append(pathlib.Path(path).name)
        return real_analyse(text, tree, path, *args, **kwargs)

    def rerun(file, classes):
        reruns.append((pathlib.Path(file.path).name, sorted(cls.__name__ for cls in classes)))
        return real_rerun(file, classes)

    def project(*args):
        found = real_project(*args)
        outcomes.update((o.path, (dict(o.exports), o.queries)) for o in found)
        return found

    monkeypatch.setattr(linter, "rerun_visitors", rerun)
    monkeypatch.setattr(linter, "_lint_project", project)
    monkeypatch.setattr(linter, "_analyse", analyse)
    result = lint_paths([str(root)], target="gaudi2", jobs=1)
    return result, outcomes, reruns, analysed


@pytest.mark.parametrize("files, path, codes, visitors", [
    (PROGRAM, "train.py", {"TFP702"}, ["FloatOutputLayerSource", "MixedPrecisionPolicySource"]),
    (FACTORY, "trainer.py", {"TFP702"}, ["FloatOutputLayerSource", "MixedPrecisionPolicySource"]),
    (PIPELINE, "loop.py", {"TFP401", "TFP405"}, ["DynamicBatchShapeSource", "NoPrefetchToDeviceSource",
                                                 "PipelineWithoutPrefetchSource", "SequentialMapSource",
                                                 "WorkAfterPrefetchSource"]),
])
def test_a_file_whose_private_facts_alone_changed_runs_their_visitors_alone_as_a_full_lint_would(
        tmp_path, monkeypatch, files, path, codes, visitors):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    kept, kept_outcomes, reruns, analysed = _lint(tmp_path, monkeypatch)
    assert (path, visitors) in reruns
    assert analysed.count(path) == 1, "analysed once, in the first round; then only its visitors ran again"
    if files is PIPELINE:
        assert ("data.py", visitors) in reruns
    assert {f.code for f in kept.findings if f.source.path.endswith(path)} == codes
    monkeypatch.setattr(linter, "_private", lambda select, ignore: ({}, {}))  # no module alone: every stale file in full
    full, full_outcomes, reruns, analysed = _lint(tmp_path, monkeypatch)
    assert not reruns
    assert analysed.count(path) > 1
    assert (full.findings, full.errors, full.rounds) == (kept.findings, kept.errors, kept.rounds)
    assert full_outcomes == kept_outcomes, "the same exports and questions to the project"


def test_a_calls_answer_is_a_modules_only_when_that_module_alone_asked_it_while_summarizing():
    from tfperf.source.project import CALLED_BY, ProjectView

    project = ProjectView(module="m")
    project.query(CALLED_BY, "m.handler")  # a node handler (no group): anyone's
    project.group = "tfperf.rules.input_pipeline.source"
    project.query(CALLED_BY, "m.handler")
    project.query(CALLED_BY, "m.make")
    project.query(CALLED_BY, "m.shared")
    project.group = "tfperf.rules.placement.source"
    project.query(CALLED_BY, "m.shared")
    project.query("x", "m.name")  # (only calls: keys are told apart)
    assert project.asked_by == {"calls:m.handler": "", "calls:m.make": "tfperf.rules.input_pipeline.source",
                                "calls:m.shared": ""}
