"""lint_paths on real files and directories: discovery, .gitignore, config, noqa, errors, workers,
and fixes that keep everything else of a file (encoding, BOM, line endings, comments, mode)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap

import pytest

from tfperf.source import lint_paths, lint_text

NO_PREFETCH = "import tensorflow as tf\n\nds = tf.data.Dataset.range(8).batch(2)\n"
FIXED = "import tensorflow as tf\n\nds = tf.data.Dataset.range(8).batch(2).prefetch(tf.data.AUTOTUNE)\n"


def write(path, text, **kw):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, **kw)
    return path


def codes(result):
    return sorted((os.path.basename(f.source.path), f.code) for f in result.findings)


def test_directory_walk_skips_files_without_tensorflow_and_tool_dirs(tmp_path):
    write(tmp_path / "a.py", NO_PREFETCH)
    write(tmp_path / "pkg" / "b.py", NO_PREFETCH)
    write(tmp_path / "plain.py", "print('no tf here')\n")
    write(tmp_path / ".venv" / "lib" / "c.py", NO_PREFETCH)
    write(tmp_path / "notes.txt", NO_PREFETCH)
    result = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert codes(result) == [("a.py", "TFP401"), ("b.py", "TFP401")]
    assert result.files == 3 and result.parsed == 2 and not result.errors


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitignore_in_a_git_repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / ".gitignore", "build_out/\ngenerated_*.py\n")
    write(tmp_path / "keep.py", NO_PREFETCH)
    write(tmp_path / "generated_1.py", NO_PREFETCH)
    write(tmp_path / "build_out" / "x.py", NO_PREFETCH)
    result = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert codes(result) == [("keep.py", "TFP401")]
    # a file named explicitly is linted even when ignored (as ruff does)
    assert codes(lint_paths([str(tmp_path / "generated_1.py")], target="cpu")) == [("generated_1.py", "TFP401")]


def test_gitignore_outside_a_repository(tmp_path):
    write(tmp_path / ".gitignore", "# comment\n/out\n*_pb2.py\n!keep_pb2.py\n")
    write(tmp_path / "out" / "a.py", NO_PREFETCH)
    write(tmp_path / "sub" / "out" / "b.py", NO_PREFETCH)  # anchored pattern: only the top-level out
    write(tmp_path / "m_pb2.py", NO_PREFETCH)
    write(tmp_path / "keep_pb2.py", NO_PREFETCH)
    result = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert codes(result) == [("b.py", "TFP401"), ("keep_pb2.py", "TFP401")]


def test_noqa(tmp_path):
    text = textwrap.dedent("""\
        import tensorflow as tf

        a = tf.data.Dataset.range(8).batch(2)  # noqa
        b = tf.data.Dataset.range(8).batch(2)  # noqa: TFP401
        c = tf.data.Dataset.range(8).batch(2)  # noqa: TFP404, E501
        d = tf.data.Dataset.range(8).batch(2)
        """)
    assert [f.source.line for f in lint_text(text, target="cpu")] == [5, 6]


def test_pyproject_config_nearest_wins(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.tfperf]\ntarget = "gaudi2"\n')
    write(tmp_path / "a.py", NO_PREFETCH)
    write(tmp_path / "sub" / "pyproject.toml", '[tool.tfperf]\nignore = ["TFP401"]\ntarget = "cpu"\n'
                                               'exclude = ["skipped.py"]\n')
    write(tmp_path / "sub" / "b.py", NO_PREFETCH)
    write(tmp_path / "sub" / "skipped.py", NO_PREFETCH)
    result = lint_paths([str(tmp_path)], jobs=1)
    # sub/: cpu target, TFP401 ignored; a.py: gaudi2, one finding (TFP401 covers prefetch_to_device too)
    assert codes(result) == [("a.py", "TFP401")]
    # explicit arguments replace the config's value (here: ignore), as on the command line
    assert codes(lint_paths([str(tmp_path)], ignore=["TFP403"], jobs=1)) == [("a.py", "TFP401"), ("b.py", "TFP401")]


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path):
    write(tmp_path / "broken.py", "import tensorflow as tf\ndef f(:\n")
    (tmp_path / "latin.py").write_bytes(b"import tensorflow as tf\nname = '\xe9t\xe9'\n")
    write(tmp_path / "good.py", NO_PREFETCH)
    result = lint_paths([str(tmp_path), str(tmp_path / "missing.py")], target="cpu", jobs=1)
    assert codes(result) == [("good.py", "TFP401")]
    errors = {os.path.basename(e.path): e for e in result.errors}
    assert set(errors) == {"broken.py", "latin.py", "missing.py"}
    assert all(e.code == "TFP000" and "\n" not in e.message for e in errors.values())
    assert "syntax error at line 2" in errors["broken.py"].message


def test_declared_encoding_is_honoured_and_kept(tmp_path):
    original = b"# -*- coding: latin-1 -*-\nimport tensorflow as tf\n# caf\xe9\nds = tf.data.Dataset.range(8).batch(2)\n"
    path = tmp_path / "enc.py"
    path.write_bytes(original)
    result = lint_paths([str(path)], target="cpu", fix=True)
    assert not result.errors and result.changed == [str(path)]
    assert path.read_bytes() == original.replace(b"batch(2)", b"batch(2).prefetch(tf.data.AUTOTUNE)")


def test_fix_keeps_bom_crlf_comments_and_mode(tmp_path):
    text = "\ufeff# header comment\r\nimport tensorflow as tf  # tf\r\n\r\nds = tf.data.Dataset.range(8).batch(2)  # keep me\r\n"
    path = tmp_path / "crlf.py"
    path.write_bytes(text.encode("utf-8"))
    os.chmod(path, 0o751)
    result = lint_paths([str(path)], target="cpu", fix=True)
    assert result.fixed == 1
    expected = text.replace("batch(2)", "batch(2).prefetch(tf.data.AUTOTUNE)")
    assert path.read_bytes() == expected.encode("utf-8")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o751
    assert [p for p in os.listdir(tmp_path) if p != "crlf.py"] == [], "no temp file left behind"
    again = lint_paths([str(path)], target="cpu", fix=True)
    assert again.fixed == 0 and again.changed == [] and path.read_bytes() == expected.encode("utf-8")


def test_diff_does_not_write(tmp_path):
    path = write(tmp_path / "a.py", NO_PREFETCH)
    result = lint_paths([str(path)], target="cpu", diff=True)
    assert path.read_text() == NO_PREFETCH
    diff = result.diffs[str(path)]
    assert diff.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert "-ds = tf.data.Dataset.range(8).batch(2)\n+ds = tf.data.Dataset.range(8).batch(2).prefetch(" in diff
    assert result.findings == [] or all(f.code != "TFP401" for f in result.findings), "reported as fixable"


def test_fix_through_a_symlink_keeps_the_link(tmp_path):
    real = write(tmp_path / "real.py", NO_PREFETCH)
    link = tmp_path / "link.py"
    link.symlink_to(real)
    lint_paths([str(link)], target="cpu", fix=True)
    assert link.is_symlink() and real.read_text() == FIXED


def test_parallel_workers_give_the_same_result(tmp_path):
    for i in range(12):
        write(tmp_path / f"m{i}.py", NO_PREFETCH + f"x{i} = tf.transpose(tf.random.normal([2, 3]), perm=[1, 0])\n")
    write(tmp_path / "broken.py", "import tensorflow as tf\n(\n")
    one = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    two = lint_paths([str(tmp_path)], target="cpu", jobs=2)
    assert one.findings == two.findings and one.errors == two.errors and len(one.findings) == 24


def test_linting_does_not_import_tensorflow(tmp_path):
    write(tmp_path / "a.py", NO_PREFETCH)
    code = ("import sys, tfperf, tfperf.source, tfperf.rules;"
            f"r = tfperf.source.lint_paths([{str(tmp_path)!r}], target='gaudi2', fix=True, jobs=1);"
            "assert r.fixed == 1, r;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_callers_frozen_objects_stay_frozen():
    """The linter pauses the collector and moves what outlives the pause to the oldest generation
    (gc.freeze then gc.unfreeze); objects a caller froze itself (before forking workers) must stay
    frozen. Run in a child so that this process's collector is not touched."""
    script = textwrap.dedent(f"""
        import gc
        from tfperf.source import lint_text
        gc.freeze()
        frozen = gc.get_freeze_count()
        lint_text({NO_PREFETCH!r}, "data.py")
        assert frozen > 0 and gc.get_freeze_count() >= frozen, (frozen, gc.get_freeze_count())
        assert gc.isenabled()
        gc.unfreeze()
        lint_text({NO_PREFETCH!r}, "data.py")
        assert gc.get_freeze_count() == 0 and gc.isenabled()
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def test_a_module_a_package_star_imports_is_linted_before_its_readers(tmp_path, monkeypatch):
    """`from pkg.base import *` in a package's `__init__`: `pkg.base` is linted right after the packages,
    so the modules that read a name through the star import (`pkg.Config`, resolved by asking which names
    `pkg.base` defines) get their answer the first time, and none is linted twice."""
    from tfperf.source import linter

    write(tmp_path / "pkg" / "__init__.py", "from pkg.base import *\n")
    write(tmp_path / "pkg" / "base.py", "import tensorflow as tf\n\n\nclass Config:\n    size = 8\n")
    for i in range(3):
        write(tmp_path / "pkg" / f"user{i}.py", "import tensorflow as tf\nimport pkg\n\n\n"
                                                  "def size():\n    return pkg.Config().size\n")
    linted = []
    real = linter._analyse
    monkeypatch.setattr(linter, "_analyse", lambda *args, **kw: linted.append(os.path.basename(args[2]))
                        or real(*args, **kw))
    lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert linted[:2] == ["__init__.py", "base.py"]
    assert sorted(linted) == ["__init__.py", "base.py", "user0.py", "user1.py", "user2.py"]
    assert linter._star_imported(linter.Index([{"x:pkg.*": ["pkg.base"]}]),
                                 [(str(tmp_path / "pkg" / "base.py"), None)]) == [(str(tmp_path / "pkg" / "base.py"), None)]
