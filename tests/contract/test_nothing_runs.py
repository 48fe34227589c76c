"""Nothing runs that the user did not ask to run (issue 12): linting a tree executes nothing from it,
and `optimize` does not repeat a graph's side effects to verify it unless told to."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from contract_support import PIPELINE, ROOT, error_lines, tfperf, write

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to make the repository")


@needs_git
def test_check_runs_nothing_from_the_linted_repository_and_still_honours_its_ignores(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    marker = tmp_path / "fsmonitor-ran"
    hook = write(tmp_path / "hook.sh", f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    hook.chmod(0o755)
    subprocess.run(["git", "-C", str(repo), "config", "core.fsmonitor", str(hook)], check=True)
    write(repo / ".gitignore", "build/\ngenerated_*.py\n")
    write(repo / ".git" / "info" / "exclude", "scratch.py\n")
    write(repo / "sub" / ".gitignore", "*.py\n!kept.py\n")
    for name in ("keep.py", "generated_1.py", "build/x.py", "scratch.py", "sub/dropped.py", "sub/kept.py"):
        write(repo / name, PIPELINE)
    result = tfperf("check", "repo", "--select", "TFP401", cwd=tmp_path)
    assert not marker.exists(), "tfperf ran the repository's core.fsmonitor"
    linted = sorted({line.split(":")[0] for line in result.stdout.splitlines() if ": TFP401 " in line})
    assert linted == ["repo/keep.py", "repo/sub/kept.py"]


SIDE_EFFECTS = """\
    import tensorflow as tf

    OUT = __file__ + ".written"

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def writes(x):
        tf.io.write_file(OUT, tf.strings.as_string(tf.reduce_sum(x)))
        return tf.nn.relu(x) * 2.0

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def prints(x):
        tf.print("printed by the graph")
        return tf.nn.relu(x) * 2.0
"""


def test_optimize_refuses_to_run_side_effects_unless_asked(tmp_path):
    module = write(tmp_path / "effects.py", SIDE_EFFECTS)
    written = tmp_path / "effects.py.written"
    for function, op in (("writes", "WriteFile"), ("prints", "PrintV2")):
        result = tfperf("optimize", "--model", f"{module}:{function}")
        assert result.returncode == 2
        (line,) = error_lines(result.stderr)
        assert op in line and "--allow-side-effects" in line
        assert "printed by the graph" not in result.stderr
    assert not written.exists(), "verification ran the graph's WriteFile"
    allowed = tfperf("optimize", "--model", f"{module}:writes", "--allow-side-effects")
    assert allowed.returncode == 0, allowed.stderr
    assert written.exists()
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "--allow-side-effects" in readme and "Verification runs" in readme
