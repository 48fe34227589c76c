"""The results cache: a second run on an unchanged tree reads no file again and gives the same
findings; a changed file is linted again, and so is a file whose answers from the project changed
(a helper in another module); a damaged cache is ignored; --no-cache and --fix do not use it."""

from __future__ import annotations

import os
import textwrap

import pytest

from click.testing import CliRunner

from tfperf.cli import main
from tfperf.source import lint_paths

HELPER = """\
import tensorflow as tf

def pad(x):
    return tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
"""
USER = """\
import tensorflow as tf
from proj.helpers import pad

def block(x, w):
    return tf.nn.conv2d(pad(x), w, 1, "VALID")
"""


def project(root):
    for name, text in {"proj/__init__.py": "", "proj/helpers.py": HELPER, "proj/user.py": USER,
                       "proj/plain.py": "import tensorflow as tf\nx = tf.transpose(y, [0, 2, 1])\n"}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root / "proj"


def run(root, cache):
    return lint_paths([str(root)], target="gaudi2", jobs=1, cache_dir=str(cache))


def test_second_run_reuses_every_file(tmp_path):
    root, cache = project(tmp_path), tmp_path / "cache"
    cold = run(root, cache)
    assert cold.cached == 0 and len(cold.findings) == 2
    warm = run(root, cache)
    assert warm.cached == cold.parsed and warm.rounds == 0
    assert warm.findings == cold.findings
    assert (cache / ".gitignore").read_text().strip().endswith("*") and (cache / "CACHEDIR.TAG").exists()


def test_an_unchanged_settled_project_checks_no_answer(tmp_path, monkeypatch):
    root, cache = project(tmp_path), tmp_path / "cache"
    cold = run(root, cache)
    monkeypatch.setattr("tfperf.source.linter.stale", lambda *a: pytest.fail("answers checked again"))
    assert run(root, cache).findings == cold.findings


def test_a_new_module_checks_the_answers_again(tmp_path):
    root, cache = project(tmp_path), tmp_path / "cache"
    (root / "user.py").write_text(USER.replace("proj.helpers", "proj.extra"))  # not there yet
    assert {f.source.path.rsplit("/", 1)[-1] for f in run(root, cache).findings} == {"plain.py"}
    (root / "extra.py").write_text(HELPER)
    after = run(root, cache)
    assert {f.source.path.rsplit("/", 1)[-1] for f in after.findings} == {"user.py", "plain.py"}


def test_a_changed_helper_relints_its_caller(tmp_path):
    root, cache = project(tmp_path), tmp_path / "cache"
    assert {f.source.path.rsplit("/", 1)[-1] for f in run(root, cache).findings} == {"user.py", "plain.py"}
    (root / "helpers.py").write_text(HELPER.replace("tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])", "x"))
    after = run(root, cache)
    # plain.py comes from the cache; helpers.py changed; user.py's answer about pad() changed
    assert after.cached == after.parsed - 2
    assert [f.source.path.rsplit("/", 1)[-1] for f in after.findings] == ["plain.py"]


def test_same_size_and_time_is_not_trusted_over_content(tmp_path):
    root, cache = project(tmp_path), tmp_path / "cache"
    run(root, cache)
    plain = root / "plain.py"
    stat = os.stat(plain)
    plain.write_text(plain.read_text().replace("[0, 2, 1]", "[1, 0, 2]"))  # logical on Gaudi: no finding
    os.utime(plain, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert [f.source.path.rsplit("/", 1)[-1] for f in run(root, cache).findings] == ["user.py"]


def test_a_damaged_cache_is_ignored(tmp_path):
    root, cache = project(tmp_path), tmp_path / "cache"
    run(root, cache)
    for name in os.listdir(cache):
        if name.endswith(".marshal"):
            (cache / name).write_bytes(b"\x00garbage")
    again = run(root, cache)
    assert again.cached == 0 and len(again.findings) == 2


def test_cli_uses_the_cache_unless_told_not_to(tmp_path, monkeypatch):
    root = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(root)]).exit_code == 1
    assert (tmp_path / ".tfperf_cache").is_dir()
    first = (tmp_path / ".tfperf_cache").stat().st_mtime_ns
    assert runner.invoke(main, ["check", "--no-cache", str(root)]).exit_code == 1
    assert runner.invoke(main, ["check", "--fix", str(root)]).exit_code == 1
    assert (tmp_path / ".tfperf_cache").stat().st_mtime_ns == first


CONFIGURED_MODEL = """\
from tensorflow.keras.layers import Dense, Input
from tensorflow.keras.models import Model
from tensorflow.keras.regularizers import l2


def cnn_model(units, coef_reg_den: float = 0.):
    inp = Input(shape=(8,))
    return Model(inp, Dense(units, kernel_regularizer=l2(coef_reg_den))(inp))
"""


def test_a_changed_configuration_file_relints_the_file_that_read_it(tmp_path):
    """TFP301 reads a zero-default strength from the project's JSON configs: the cache must not keep a
    finding (or its absence) that a configuration file no longer (or now) supports."""
    package = tmp_path / "pkg"
    (package / "configs").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "model.py").write_text(CONFIGURED_MODEL)
    config = package / "configs" / "cnn.json"
    config.write_text('{"model_name": "cnn_model", "coef_reg_den": 1e-4}')
    cache = str(tmp_path / "cache")

    def warnings():
        result = lint_paths([str(package)], select=["TFP301"], target="gaudi2", cache_dir=cache, jobs=1)
        return [f.severity.value for f in result.findings], result.cached

    assert warnings() == (["warning"], 0)
    assert warnings() == (["warning"], 2)  # nothing changed: every file reused
    config.write_text('{"model_name": "cnn_model", "coef_reg_den": 0}')
    severities, cached = warnings()
    assert severities == ["info"] and cached == 1  # model.py linted again: strength 0 now
