"""benchmarks/source_lint.py counts the CPU of the worker processes `tfperf check` leaves behind: the main
process ends with os._exit without waiting for them, so their CPU reaches no RUSAGE_CHILDREN unless the
benchmark is their subreaper and waits for them (`timed`, `_reaped`)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

# a main process that forks a worker which burns CPU after the main process has ended (os._exit, no wait)
_ORPHANING = textwrap.dedent("""
    import os, time
    if os.fork() == 0:
        time.sleep(0.1)  # (until its parent is gone: an orphan)
        end = time.process_time() + {burn}
        while time.process_time() < end:
            pass
        os._exit(0)
    os._exit(0)
""")

# a main process that burns CPU itself and starts no worker
_ALONE = textwrap.dedent("""
    import time
    end = time.process_time() + {burn}
    while time.process_time() < end:
        pass
""")


def _timed(program: str) -> tuple[float, float, float]:
    """`source_lint.timed` of `python -c program`, run in a process of its own (the subreaper is per process)."""
    driver = textwrap.dedent(f"""
        import json, sys
        sys.path.insert(0, {str(BENCHMARKS)!r})
        import source_lint
        print(json.dumps([source_lint.timed([sys.executable, "-c", {program!r}], "."), source_lint._become_subreaper()]))
    """)
    out = subprocess.run([sys.executable, "-c", driver], capture_output=True, text=True, check=True, timeout=120)
    (wall, cpu, main), reaping = json.loads(out.stdout)
    if not reaping:
        pytest.skip("no child subreaper on this system")
    return wall, cpu, main


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreapers are Linux's")
def test_timed_counts_the_cpu_of_workers_left_running_by_the_main_process():
    wall, cpu, main = _timed(_ORPHANING.format(burn=0.4))
    assert cpu >= 0.35  # the orphan's CPU, counted once it exited
    assert main < 0.3  # the main process only forked
    assert wall < 0.35 + 0.5  # until the main process exits, not the orphan (start-up aside)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="child subreapers are Linux's")
def test_timed_of_a_process_without_workers_is_its_own_cpu():
    wall, cpu, main = _timed(_ALONE.format(burn=0.3))
    assert main >= 0.25
    assert cpu - main < 0.05  # no worker: nothing else counted
    assert wall >= 0.25
