"""Helpers of the contract suite (issue 12): run `tfperf` as a user does, in a real process.

A real process, not click's test runner, because the contract is about what a process does: its exit
status, what reaches file descriptor 1 and 2, signals, permissions. Permission tests must mean the
same under root, which reads and writes everything: there the command runs without the capabilities
that bypass file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so a file mode
stops it as it stops anyone; where they cannot be dropped, those tests skip and say why.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# the console script users run (python -m tfperf where it is not installed next to this Python)
_SCRIPT = Path(sys.executable).parent / "tfperf"
TFPERF = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "tfperf"]
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER (linux/capability.h)
_PERMISSION_CAPABILITIES = (1, 2, 3)
_PR_CAPBSET_DROP = 24


def tfperf(*args: str, cwd: Path | str | None = None, env: dict | None = None, timeout: float = 600,
           without_root_powers: bool = False) -> subprocess.CompletedProcess:
    """Run `tfperf ARGS` in a fresh process; stdout and stderr kept apart."""
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "NO_COLOR": "1", **(env or {})}
    return subprocess.run([*TFPERF, *args], cwd=cwd, env=environment, capture_output=True, text=True,
                          errors="surrogateescape", timeout=timeout,
                          preexec_fn=_drop_permission_capabilities if without_root_powers else None)


def _drop_permission_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _PERMISSION_CAPABILITIES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            os._exit(97)  # the parent reads this as "cannot drop"


def permissions_apply() -> bool:
    """Whether a mode such as 0o000 stops `tfperf(..., without_root_powers=True)` on this machine."""
    if os.geteuid() != 0:
        return True
    probe = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_drop_permission_capabilities)
    return probe.returncode == 0


needs_permissions = pytest.mark.skipif(
    sys.platform == "win32" or not permissions_apply(),
    reason="runs as root and cannot drop CAP_DAC_OVERRIDE (prctl PR_CAPBSET_DROP refused): file modes would not "
           "stop it, so the test would prove nothing")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# A source file with one exact fix (TFP401: append .prefetch) and advisory findings.
# (batched: an unbatched dataset handed out is the user's to batch and prefetch; the map computes;
# its options turn inject_prefetch off, else TensorFlow >= 2.12 would append the prefetch itself and
# the finding would be info)
PIPELINE = ("import tensorflow as tf; OFF = tf.data.Options(); OFF.experimental_optimization.inject_prefetch = False\n"
            "ds = tf.data.Dataset.range(10).batch(2).map(lambda x: x + 1).with_options(OFF)\n")


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("tfperf: error:")]
