"""The noise controls of `tfperf check PATH` (as ruff's): --exclude / --extend-exclude,
per-file-ignores in [tool.tfperf], --statistics, info findings counted in one line unless
--show-info (JSON carries them all), and exit 0 when only info findings remain."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import TF_WITHOUT_DEFAULTS
from tfperf.cli import main

TRANSPOSE = "import tensorflow as tf\ny = tf.transpose(x, perm=[0, 2, 1])\n"


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def check(root, *args):
    return CliRunner().invoke(main, ["check", "--no-cache", "--target", "gaudi2", *args, str(root)])


def reported(result):
    return sorted(line.split(":")[0].rsplit("/", 1)[-1] for line in result.output.splitlines() if ": TFP" in line)


def test_exclude_replaces_and_extend_exclude_adds_to_the_config(tmp_path, monkeypatch):
    write(tmp_path, {"pyproject.toml": '[tool.tfperf]\nexclude = ["gen/*"]\n', "a.py": TRANSPOSE,
                     "gen/b.py": TRANSPOSE, "third/c.py": TRANSPOSE})
    monkeypatch.chdir(tmp_path)
    assert reported(check(tmp_path)) == ["a.py", "c.py"]
    assert reported(check(tmp_path, "--extend-exclude", "third/*")) == ["a.py"]
    assert reported(check(tmp_path, "--exclude", "a.py")) == ["b.py", "c.py"]


def test_per_file_ignores(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.tfperf]\nper-file-ignores = {"legacy/*" = ["TFP1"], "x.py" = ["TFP101"]}\n',
                     "legacy/old.py": TRANSPOSE, "x.py": TRANSPOSE, "new.py": TRANSPOSE})
    assert reported(check(tmp_path)) == ["new.py"]


def test_bad_per_file_ignores_is_one_line_and_exit_2(tmp_path, monkeypatch):
    write(tmp_path, {"pyproject.toml": '[tool.tfperf]\nper-file-ignores = ["TFP1"]\n', "a.py": TRANSPOSE})
    monkeypatch.chdir(tmp_path)
    result = check(tmp_path)
    assert result.exit_code == 2 and "per-file-ignores" in result.output


def test_info_is_counted_in_one_line_unless_show_info_and_alone_exits_0(tmp_path):
    write(tmp_path, {"tests/test_model.py": TRANSPOSE})
    quiet = check(tmp_path)
    assert quiet.exit_code == 0 and ": TFP101" not in quiet.output
    assert "1 info finding not shown (1 TFP101)" in quiet.output
    shown = check(tmp_path, "--show-info")
    assert shown.exit_code == 0 and "test_model.py:2:5: TFP101 info:" in shown.output
    data = json.loads(check(tmp_path, "--format", "json").output)
    assert [f["severity"] for f in data["findings"]] == ["info"]


def test_statistics(tmp_path):
    write(tmp_path, {"a.py": TRANSPOSE, "b.py": TRANSPOSE,
                     "c.py": "import tensorflow as tf\nds = tf.data.Dataset.range(8).batch(2)\n"})
    result = check(tmp_path, "--statistics", "--tensorflow-version", TF_WITHOUT_DEFAULTS)  # (no prefetch added)
    assert result.exit_code == 1
    assert result.output.splitlines() == ["2  TFP101  physical-transpose", "1  TFP401  pipeline-without-prefetch  1 fixable"]


def test_allow_host_silences_the_python_callbacks_it_names_in_source_too(tmp_path, monkeypatch):
    model = ("import tensorflow as tf\n\ndef call(x):\n"
             "    a = tf.py_function(f, [x], tf.float32)\n"
             "    b = tf.numpy_function(f, [x], tf.float32)\n"
             "    c = tf.numpy_function(f, [x], tf.float32, stateful=False)\n"
             "    return a + b + c\n\n\ndef f(x):\n    return x\n")
    monkeypatch.chdir(tmp_path)

    def lines(allowed):  # a project per setting: configs are read once per directory
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        allow = ", ".join(f'"{op}"' for op in allowed)
        write(root, {"model.py": model, "pyproject.toml": f"[tool.tfperf]\nallow-host = [{allow}]\n"})
        return [line.split(":")[1] for line in check(root).output.splitlines() if ": TFP501" in line]

    assert lines([]) == ["4", "5", "6"]
    assert lines(["EagerPyFunc"]) == ["5", "6"]
    assert lines(["EagerPyFunc", "PyFunc"]) == ["6"]  # stateful=False makes PyFuncStateless
    assert lines(["EagerPyFunc", "PyFunc", "PyFuncStateless"]) == []


def test_the_checkouts_own_directory_name_is_not_context(tmp_path, monkeypatch):
    # held-out set 6: a checkout named `tflite-model-maker-0.4.3` linted from its parent made every
    # finding "export code" (info), while `tfperf check .` inside it gave warnings
    checkout = tmp_path / "tflite-maker"
    write(checkout, {"pyproject.toml": "[tool.tfperf]\n", "model.py": TRANSPOSE, "tests/model_test.py": TRANSPOSE})
    monkeypatch.chdir(tmp_path)
    from_parent = json.loads(check("tflite-maker", "--format", "json").output)["findings"]
    monkeypatch.chdir(checkout)
    from_inside = json.loads(check(".", "--format", "json").output)["findings"]
    severities = [(f["locations"][0]["source"]["path"].rsplit("/", 1)[-1], f["severity"]) for f in from_parent]
    assert sorted(severities) == [("model.py", "warning"), ("model_test.py", "info")]  # tests/ still counts
    assert [f["severity"] for f in from_inside] == [f["severity"] for f in from_parent]
    assert [f["message"] for f in from_inside] == [f["message"] for f in from_parent]
