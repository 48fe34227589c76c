"""A fix never leaves a file half-written: kill the fixing process (SIGKILL) at the worst moment and
at random moments; the file is always exactly the old or exactly the new content."""

from __future__ import annotations

import glob
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tfperf.source.edits import PAUSE_ENV

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

LINES = 3000  # ~9k lines, a few hundred KB: long enough to be caught mid-way


def big_file(path):
    body = ["import tensorflow as tf", ""]
    for i in range(LINES):
        body += [f"def pipeline_{i}(x):", f"    return tf.data.Dataset.from_tensor_slices(x).batch({i + 1})", ""]
    text = "\n".join(body) + "\n"
    path.write_text(text)
    return text


def start_fix(path, pause=None):
    env = dict(os.environ)
    env.pop(PAUSE_ENV, None)
    if pause is not None:
        env[PAUSE_ENV] = str(pause)
    code = f"from tfperf.source import lint_paths; lint_paths([{str(path)!r}], target='cpu', fix=True, jobs=1)"
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def test_killed_between_temp_write_and_rename(tmp_path):
    path = tmp_path / "big.py"
    old = big_file(path)
    proc = start_fix(path, pause=60)
    deadline = time.time() + 120
    temps = []
    while time.time() < deadline and not temps:  # the temp file is complete once the pause begins
        temps = [t for t in glob.glob(str(tmp_path / ".big.py.*.tfperf-tmp")) if os.path.getsize(t) > len(old)]
        time.sleep(0.05)
    assert temps, "the fixer never reached the rename"
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert path.read_text() == old, "killed before the rename: the old content, untouched"
    proc = start_fix(path)
    assert proc.wait(timeout=300) == 0
    new = path.read_text()
    assert new != old and new.count(".prefetch(tf.data.AUTOTUNE)") == LINES


def test_killed_at_random_moments(tmp_path):
    path = tmp_path / "big.py"
    old = big_file(path)
    began = time.time()
    assert start_fix(path).wait(timeout=300) == 0
    duration = time.time() - began
    new = path.read_text()
    assert new != old
    rng = random.Random(1234)
    seen = set()
    for _ in range(10):
        path.write_text(old)
        proc = start_fix(path)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        content = path.read_text()
        assert content in (old, new), "a mix of old and new"
        seen.add("new" if content == new else "old")
    assert "old" in seen  # some kills did land before the rename

