"""Fixes never lose a user's work: not an edit made during the run, not a comment, not a temp file
left behind, not a model directory others cannot read; and --out is refused before the work (issue 12)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from contract_support import PIPELINE, TFPERF, error_lines, tfperf, write

from tfperf.cli import main
from tfperf.source import fix_text
from tfperf.source.edits import PAUSE_ENV

posix_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def start_fix(path, pause: float) -> subprocess.Popen:
    env = {**os.environ, PAUSE_ENV: str(pause), "NO_COLOR": "1"}
    return subprocess.Popen([*TFPERF, "check", str(path), "--fix"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_temp_file(directory, timeout=120.0) -> list:
    deadline = time.time() + timeout
    while time.time() < deadline:
        temps = list(directory.glob(".*.tfperf-tmp"))
        if temps:
            return temps
        time.sleep(0.05)
    raise AssertionError("the fixer never reached the rename")


def test_an_edit_made_while_fix_runs_is_kept(tmp_path):
    path = write(tmp_path / "model.py", PIPELINE)
    proc = start_fix(path, pause=3)
    wait_for_temp_file(tmp_path)
    edited = PIPELINE + "EDITED_DURING_THE_RUN = True\n"
    path.write_text(edited)  # the user saves in their editor while tfperf is about to rename
    out, err = proc.communicate(timeout=120)
    assert path.read_text() == edited
    assert proc.returncode == 2
    (line,) = error_lines(err)
    assert "model.py" in line and "changed while" in line
    assert not list(tmp_path.glob("*.tfperf-tmp"))


def test_comments_on_a_removed_pad_statement_are_kept():
    code = textwrap.dedent("""\
        import tensorflow as tf

        def f(x, w):
            padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])  # keep the borders: see issue 7
            return tf.nn.conv2d(padded, w, 1, "VALID")

        def g(x, w):
            padded = tf.pad(
                x,  # NHWC activations
                [[0, 0], [1, 1], [1, 1], [0, 0]],  # one pixel each side
            )
            return tf.nn.conv2d(padded, w, 1, "VALID")
        """)
    fixed, remaining, applied = fix_text(code, select=["TFP201"])
    assert applied == 2 and "tf.pad" not in fixed
    for comment in ("# keep the borders: see issue 7", "# NHWC activations", "# one pixel each side"):
        assert fixed.count(comment) == 1, fixed
    assert "    # keep the borders: see issue 7\n    return tf.nn.conv2d(x, w, 1," in fixed
    compile(fixed, "fixed.py", "exec")


@posix_signals
def test_sigterm_during_fix_leaves_no_temp_file(tmp_path):
    path = write(tmp_path / "model.py", PIPELINE)
    proc = start_fix(path, pause=60)
    wait_for_temp_file(tmp_path)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGTERM  # it still ends by the signal, as asked
    assert not list(tmp_path.glob(".*.tfperf-tmp"))
    assert path.read_text() == PIPELINE


TINY_MODEL = """\
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def model(x):
        return tf.nn.conv2d(tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), tf.ones([3, 3, 3, 4]), 1, "VALID")

    def marked():
        open(__file__ + ".built", "w").close()  # the work began
        return model
"""


def optimize(*args, umask: int):
    previous = os.umask(umask)
    try:
        return CliRunner().invoke(main, ["optimize", *args], catch_exceptions=False)
    finally:
        os.umask(previous)


def test_optimize_out_respects_the_umask_and_an_existing_directorys_mode(tmp_path):
    spec = f"{write(tmp_path / 'tiny.py', TINY_MODEL)}:model"
    result = optimize("--model", spec, "--out", str(tmp_path / "new"), umask=0o022)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o755
    result = optimize("--model", spec, "--out", str(tmp_path / "group" / "model"), umask=0o027)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "group" / "model").stat().st_mode) == 0o750
    existing = tmp_path / "served"
    existing.mkdir()
    existing.chmod(0o775)
    result = optimize("--model", spec, "--out", str(existing), umask=0o077)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(existing.stat().st_mode) == 0o775
    assert (existing / "saved_model.pb").is_file()


def test_optimize_refuses_a_non_empty_out_before_doing_the_work(tmp_path):
    module = write(tmp_path / "tiny.py", TINY_MODEL)
    write(tmp_path / "full" / "keep.txt", "the user's file")
    result = tfperf("optimize", "--model", f"{module}:marked", "--out", str(tmp_path / "full"))
    assert result.returncode == 2
    (line,) = error_lines(result.stderr)
    assert "not empty" in line
    assert not os.path.exists(f"{module}.built"), "the model was built before --out was checked"
    assert (tmp_path / "full" / "keep.txt").read_text() == "the user's file"
