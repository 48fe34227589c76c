"""A file linted again starts from the memos of its earlier lint of the same tree (`FileContext.close(keep=True)`,
`take_memos`): when only contexts, callers or a rule's private facts changed (`linter._reported_again`), all of its
name memos (what names and calls resolve to, callees, bindings, scopes); when other answers changed (a name the
project re-exports, learned in a later round), only those of the tree alone (bindings, scopes, classes), never a
name's resolution. Either way the outcome is a fresh lint's: the same findings, exports and questions."""

from __future__ import annotations

import ast
import pathlib

import pytest

from tfperf.source import linter, lint_paths
from tfperf.source.project import Index
from tfperf.source.visitor import FileContext

from conftest import write_tree
from test_private_facts import FACTORY, PIPELINE, PROGRAM

# app/opt.py re-exports `app.impl.Adam`: main.py resolves `opt.Adam` as `app.opt.Adam` in its first lint (opt.py's
# `x:` export is not known yet) and as `app.impl.Adam` in the next, a full lint that must not take the old resolution
REEXPORT = {
    "app/__init__.py": "",
    "app/impl.py": """\
        import tensorflow as tf


        class Adam(tf.keras.optimizers.Adam):
            pass
        """,
    "app/opt.py": """\
        import tensorflow as tf
        from app.impl import Adam
        """,
    "app/main.py": """\
        import tensorflow as tf
        from app import opt

        if __name__ == "__main__":
            model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
            model.compile(opt.Adam(), "mse")
            model.fit(tf.zeros([8, 4]), tf.zeros([8, 4]))
        """,
}


def _lint(root, monkeypatch, keep: bool):
    """The project's result, each file's final exports and questions, and (file, names) for each `take_memos`."""
    outcomes, taken = {}, []
    real_project, real_take = linter._lint_project, FileContext.take_memos

    def project(*args):
        found = real_project(*args)
        outcomes.update((o.path, (dict(o.exports), o.queries)) for o in found)
        return found

    def take(self, memos, names=True):
        taken.append((pathlib.Path(self.path).name, names, sum(map(len, memos))))
        if keep:
            real_take(self, memos, names)

    monkeypatch.setattr(linter, "_lint_project", project)
    monkeypatch.setattr(FileContext, "take_memos", take)
    result = lint_paths([str(root)], target="gaudi2", jobs=1)
    return result, outcomes, taken


@pytest.mark.parametrize("files, path, names", [
    (PROGRAM, "train.py", True),  # contexts and the mixed-precision module's facts changed: all of them
    (PIPELINE, "loop.py", True),  # the pipelines' facts changed
    (FACTORY, "trainer.py", True),
    (REEXPORT, "main.py", False),  # `x:app.opt.Adam` changed: the tree's alone
])
def test_a_file_linted_again_starts_from_its_memos_and_gets_what_a_fresh_lint_gets(tmp_path, monkeypatch, files,
                                                                                  path, names):
    write_tree(tmp_path, files)
    kept, kept_outcomes, taken = _lint(tmp_path, monkeypatch, keep=True)
    assert any(name == path and how is names and size > 0 for name, how, size in taken), taken
    fresh, fresh_outcomes, _ = _lint(tmp_path, monkeypatch, keep=False)
    assert (fresh.findings, fresh.errors, fresh.rounds) == (kept.findings, kept.errors, kept.rounds)
    assert fresh_outcomes == kept_outcomes, "the same exports and questions to the project"


def test_the_name_memos_a_full_lint_again_takes_are_the_trees_alone(tmp_path):
    """What `opt.Adam` resolves to in main.py follows the project's `x:` answer of the last round, not the first's."""
    write_tree(tmp_path, REEXPORT)
    qualified = []
    real = linter._analysed

    def analysed(context, exports):
        if context.path.endswith("main.py"):
            call = next(c for c in context.calls if getattr(c.func, "attr", None) == "Adam")
            qualified.append(context.qualified(call.func))
        return real(context, exports)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linter, "_analysed", analysed)
        lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    assert qualified[-1] == "app.impl.Adam"
    assert len(qualified) >= 2 and qualified[0] != qualified[-1], "the first lint read it as app.opt's (not known yet)"


def test_a_lints_memos_are_kept_filled_pointing_to_no_context_and_a_context_closed_without_keep_empties_them():
    text = "import tensorflow as tf\n\n\ndef f(x):\n    return tf.pad(x, [[0, 0]])\n"
    tree, target = ast.parse(text), linter._as_target("gaudi2")
    call = next(node for node in ast.walk(tree) if type(node) is ast.Call)
    found = linter._analyse(text, tree, "m.py", target, (), (), Index(), None, None)
    assert found.memos[2][call] == "tensorflow.pad"
    assert all(memo.compute is None for memo in found.memos), "no memo points back to the closed context"
    context = FileContext("m.py", text, tree, target, walk=found.walk)
    context.take_memos(found.memos)
    assert context.call_name(call) == "tensorflow.pad"
    assert context.close() == () and not context.call_names
