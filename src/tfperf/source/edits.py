"""Apply source fixes: text edits at exact positions, written atomically.

A fix is all-or-nothing (its edits go in together or not at all); fixes whose edits overlap an
already accepted one wait for the next round, when the file is re-linted. Writing goes to a temp
file in the same directory (same file system, so the rename is atomic), then `os.replace`: a
reader, or a crash at any moment, sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import signal
import stat
import tempfile
import threading
import time
from typing import Iterable, Sequence

from tfperf.findings import Finding, Fix, Safety, Severity, TextEdit

# Tests set this to hold the write between "temp file complete" and "renamed", to kill the process
# exactly there (tests/source/test_atomic.py). Never set in normal use.
PAUSE_ENV = "TFPERF_TEST_PAUSE_BEFORE_RENAME"


def applicable(fix: Fix | None, unsafe_fixes: bool) -> bool:
    if fix is None or not fix.edits or fix.safety is Safety.ADVISORY:
        return False
    return unsafe_fixes or not fix.unsafe  # same-gradients and numerics fixes only when asked


def to_apply(finding: Finding, unsafe_fixes: bool, fix_info: bool) -> bool:
    """Whether `--fix` applies this finding's fix. An info finding says the code costs nothing here
    or its cost is unknown (a test, a channels_first branch): its fix goes in only when the user asks
    to see info findings (--show-info), so a text report never hides an edit it made."""
    return applicable(finding.fix, unsafe_fixes) and (fix_info or finding.severity is not Severity.INFO)


def _offsets(line_starts: Sequence[int], edit: TextEdit) -> tuple[int, int]:
    return (line_starts[edit.start_line - 1] + edit.start_column - 1,
            line_starts[edit.end_line - 1] + edit.end_column - 1)


def apply_fixes(text: str, line_starts: Sequence[int], findings: Iterable[Finding],
                unsafe_fixes: bool = False) -> tuple[str, int]:
    """`text` with every applicable, non-overlapping fix applied; and how many fixes went in."""
    accepted: list[tuple[int, int, str]] = []
    applied = 0
    for finding in sorted(findings, key=Finding.sort_key):
        if not applicable(finding.fix, unsafe_fixes):
            continue
        spans = [(*_offsets(line_starts, e), e.replacement) for e in finding.fix.edits]
        if any(_overlaps(s, a) for s in spans for a in accepted) or any(
                _overlaps(s, t) for i, s in enumerate(spans) for t in spans[i + 1:]):
            continue
        accepted.extend(spans)
        applied += 1
    for begin, stop, replacement in sorted(accepted, key=lambda s: (s[0], s[1]), reverse=True):
        text = text[:begin] + replacement + text[stop:]
    return text, applied


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    # two insertions at one point conflict too: their order would be arbitrary
    return (a[0] < b[1] and b[0] < a[1]) or a[0] == b[0]


def unified_diff(path: str, old: str, new: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


class ChangedMeanwhile(Exception):
    """The file no longer holds what the fix was computed from: someone edited it during the run."""


def atomic_write(path: str, data: bytes, *, expected: bytes | None = None) -> None:
    """Replace the file at `path` (through symlinks) by `data`, keeping its permission bits.

    With `expected` (the content the fix was computed from), the file is read again just before the
    rename and left alone (ChangedMeanwhile) if it changed meanwhile: an edit made during the run is
    never overwritten. A SIGTERM while the temp file exists removes it before the process ends.
    """
    real = os.path.realpath(path)
    mode = stat.S_IMODE(os.stat(real).st_mode)
    directory, name = os.path.split(real)
    with _terminated_as_exception():
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tfperf-tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(tmp, mode)
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                time.sleep(float(pause))
            if expected is not None and _read(real) != expected:
                raise ChangedMeanwhile(f"{path} changed while tfperf was fixing it")
            os.replace(tmp, real)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


class _Terminated(BaseException):
    """SIGTERM arrived while a temp file existed: unwinds through the clean-up, then the signal is re-sent."""


@contextlib.contextmanager
def _terminated_as_exception():
    """Turn SIGTERM into _Terminated for the duration, so `finally` and `except` blocks clean up; once
    out, the process ends by the signal as it would have (exit status and all)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread
        return

    def raise_terminated(signum, frame):
        raise _Terminated()

    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signal.SIGTERM)
        raise  # a handler that returned: end the way it would have ended
    finally:
        signal.signal(signal.SIGTERM, previous)
