"""benchmarks/source_fixpoint.py: a settled project lint gives each file the findings a lint of it alone against
the final facts gives (a helper's pad in another module, settled in a later round, is one such answer); and a file
whose findings differ is reported."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest
from conftest import write_tree

from tfperf.source import linter

_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "source_fixpoint.py"

_HELPER = textwrap.dedent("""\
    import tensorflow as tf

    def fixed_padding(x, k):
        return tf.pad(x, [[0, 0], [k // 2, k // 2], [k // 2, k // 2], [0, 0]])
""")
_MODEL = textwrap.dedent("""\
    import tensorflow as tf
    from pkg.pads import fixed_padding

    def stem(x, w):
        x = fixed_padding(x, 3)
        return tf.nn.conv2d(x, w, strides=2, padding="VALID")
""")


@pytest.fixture
def fixpoint(monkeypatch):
    monkeypatch.setattr(linter, "_kept", None)  # (the check keeps the project's outcomes; restored after)
    spec = importlib.util.spec_from_file_location("source_fixpoint", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _project(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"pkg/__init__.py": "", "pkg/pads.py": _HELPER, "pkg/model.py": _MODEL}) / "pkg"


def test_a_settled_project_lint_is_what_each_file_alone_gets_against_the_final_facts(tmp_path, fixpoint, capsys):
    package = _project(tmp_path)
    assert [f.code for f in linter.lint_paths([str(package)], jobs=1).findings] == ["TFP201"]
    assert fixpoint.main([str(package)]) == 0
    assert capsys.readouterr().out.strip() == "0 file(s) differ"


def test_a_file_whose_findings_differ_when_linted_again_is_reported(tmp_path, fixpoint, monkeypatch, capsys):
    package = _project(tmp_path)
    lint_file = linter.lint_file

    def forgetful(path, options, index=None, trees=None):  # (as if an answer the file used were not recorded)
        outcome = lint_file(path, options, index, trees)
        if path.endswith("model.py") and index is not None and trees is None:
            outcome.findings = []
        return outcome

    monkeypatch.setattr(linter, "lint_file", forgetful)
    assert fixpoint.main([str(package)]) == 1
    out = capsys.readouterr().out
    assert "model.py" in out and "only in the project lint: TFP201" in out and out.strip().endswith("1 file(s) differ")
