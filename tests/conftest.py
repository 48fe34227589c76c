"""Shared test helpers: run a rule's example the way a user would (a file, `--model file.py:model`)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

_counter = itertools.count()


def write_module(directory: Path, code: str, stem: str = "example") -> Path:
    path = directory / f"{stem}_{next(_counter)}.py"
    path.write_text(code, encoding="utf-8")
    return path


@pytest.fixture
def capture_code(tmp_path):
    """Capture `model` defined by `code` (written to a real file, so tracebacks point into it)."""
    from tfperf.capture import from_spec

    def capture(code: str, attr: str = "model", **kw):
        path = write_module(tmp_path, code)
        return from_spec(f"{path}:{attr}", **kw), path

    return capture
