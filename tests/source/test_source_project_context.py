"""A file named on its own (`tfperf check data/read.py`, as pre-commit and editors run tfperf) is
linted with the rest of its project, which is read and never reported or fixed: its findings are the
ones `tfperf check .` gives for it, so a pipeline its caller prefetches gets no second prefetch."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths

READ = """\
    import tensorflow as tf

    def batched(files):
        return tf.data.TFRecordDataset(files).shuffle(1024).batch(32, drop_remainder=True)
    """

TRAIN = """\
    import tensorflow as tf
    from data.read import batched

    def fit(model, files):
        model.fit(batched(files).prefetch(2), epochs=2)

    if __name__ == "__main__":
        fit(tf.keras.Sequential([tf.keras.layers.Dense(1)]), ["a.tfrecord"])
    """

BROKEN = "def oops(:\n"


def lint(path, **options):
    return lint_paths([str(path)], target="gaudi2", jobs=1, select=["TFP401"], tensorflow_version=TF_WITHOUT_DEFAULTS,
                      **options)


def codes(result):
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.code) for f in result.findings]


def project(tmp_path, marker="pyproject.toml"):
    files = {"data/read.py": READ, "train.py": TRAIN, "tools/broken.py": BROKEN}
    files[marker] = "[tool.tfperf]\n" if marker == "pyproject.toml" else ""
    return tree(tmp_path, files)


def test_a_file_named_alone_is_judged_with_its_project(tmp_path):
    project(tmp_path)
    result = lint(tmp_path / "data/read.py")
    assert codes(result) == []  # train.py prefetches what batched() returns
    assert (result.files, result.errors) == (1, [])  # the project's files (a broken one too) are not reported


def test_a_git_checkout_is_a_project_too(tmp_path):
    project(tmp_path, marker=".git/HEAD")
    assert codes(lint(tmp_path / "data/read.py")) == []


def test_without_the_project_the_file_is_judged_alone(tmp_path):
    project(tmp_path)
    assert codes(lint(tmp_path / "data/read.py", project_context=False)) == [("read.py", 4, "TFP401")]


def test_a_file_outside_any_project_is_judged_alone(tmp_path):
    tree(tmp_path, {"data/read.py": READ, "train.py": TRAIN})
    assert codes(lint(tmp_path / "data/read.py")) == [("read.py", 4, "TFP401")]


def test_fix_changes_only_the_named_file_and_adds_no_second_prefetch(tmp_path):
    project(tmp_path)
    (tmp_path / "train.py").write_text(TRAIN.replace(".prefetch(2)", ""))  # now the builder is the end
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.py")}
    lint(tmp_path / "train.py", fix=True)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.py")} == before  # the builder is context: never fixed
    result = lint(tmp_path / "data/read.py", fix=True)
    assert result.fixed == 1
    assert (tmp_path / "data/read.py").read_text().count(".prefetch(") == 1
    assert (tmp_path / "train.py").read_text() == TRAIN.replace(".prefetch(2)", "")


def test_a_directory_is_the_scope_the_user_chose(tmp_path):
    project(tmp_path)
    # data/ alone: its pipeline's caller is outside the scope, as before (no project context for directories)
    assert codes(lint(tmp_path / "data")) == [("read.py", 4, "TFP401")]
