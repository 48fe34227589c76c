"""The code base passes ruff's pyflakes checks (unused, undefined or shadowed names are bugs here)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        pytest.skip("ruff is not installed (pip install '.[dev]')")
    proc = subprocess.run([ruff, "check", "--output-format", "concise", "src", "tests", "benchmarks", "examples"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
