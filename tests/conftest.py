"""Shared test helpers: findings to render (the report tests' factories), and running a rule's
example the way a user would (a file, `--model file.py:model`).

The factories are plain functions (importable as `from conftest import pad_finding`), so that
parametrize lists can call them too."""

from __future__ import annotations

import itertools
import os
import textwrap
from pathlib import Path

import pytest

from tfperf.findings import Cost, Finding, Fix, GraphLocation, GuideSection, Location, Safety, Severity, SourceLocation

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


# A TensorFlow release before tf.data ran a stateless map in parallel (2.7) or appended a prefetch (2.12)
# itself: tests of how the pipeline rules follow a flow, written when every such site was a warning,
# lint as for it (the defaults of later releases have their own tests: test_source_tf_defaults.py).
TF_WITHOUT_DEFAULTS = "2.6"


def pad_finding(path: str = "models/net.py", line: int = 12, column: int = 5, **kw) -> Finding:
    """A TFP201 finding at a source line and its graph node, priced, with an exact fix; `kw` overrides fields."""
    fields = dict(
        code="TFP201",
        rule="pad-before-conv",
        message="explicit tf.pad feeds a VALID Conv2D",
        severity=Severity.WARNING,
        section=GuideSection.PAD,
        locations=(Location(SourceLocation(path, line, column), GraphLocation("conv1_pad/Pad", "Pad", layer="conv1_pad")),),
        cost=Cost(bytes_moved=12_300_000, seconds=5e-6, target="gaudi2"),
        fix=Fix(Safety.EXACT, 'fold the padding into the conv (padding="SAME")'),
    )
    return Finding(**{**fields, **kw})


def graph_finding(origin: str = "saved/resnet", node: str = "transpose_1", **kw) -> Finding:
    """A TFP101 finding with only a graph location (function body_fn, layer block1), unpriced, with no fix."""
    fields = dict(
        code="TFP101",
        rule="physical-transpose",
        message="transpose moves the last axis",
        severity=Severity.ERROR,
        section=GuideSection.TRANSPOSE,
        locations=(Location(graph=GraphLocation(node, "Transpose", "body_fn", "block1", origin)),),
    )
    return Finding(**{**fields, **kw})

_counter = itertools.count()


def write_module(directory: Path, code: str, stem: str = "example") -> Path:
    path = directory / f"{stem}_{next(_counter)}.py"
    path.write_text(code, encoding="utf-8")
    return path


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """A small project under `root`: relative path -> source (dedented)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


@pytest.fixture
def capture_code(tmp_path):
    """Capture `model` defined by `code` (written to a real file, so tracebacks point into it)."""
    from tfperf.capture import from_spec

    def capture(code: str, attr: str = "model", **kw):
        path = write_module(tmp_path, code)
        return from_spec(f"{path}:{attr}", **kw), path

    return capture
