"""Whether `tfperf check` stays linear in a file's size: the CPU time of one 50k-line file over that
of one 12.5k-line file (4.0 is linear; a rule that re-scans the file per function or per statement
shows up as 8x or more).

    python benchmarks/source_scaling.py
    python benchmarks/source_scaling.py --small 5000 --factor 8

The files are made of the synthetic TF code of benchmarks/source_lint.py (one module, all of it at
top level: the worst case for anything indexed per module). CPU time, best of three, one process:
the ratio does not depend on what else the machine runs.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from source_lint import HEADER, TEMPLATES  # noqa: E402


def module_text(lines: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts, count, i = [HEADER], HEADER.count("\n"), 0
    while count < lines:
        part = rng.choice(TEMPLATES).format(i=i, b=rng.randint(2, 512))
        parts.append(part)
        count += part.count("\n")
        i += 1
    return "".join(parts)


def cpu_seconds(path: str, repeats: int = 3) -> tuple[float, int]:
    """Best CPU time of linting `path` (no cache, one process) and its number of findings."""
    from tfperf.source import lint_paths

    best, findings = float("inf"), 0
    for _ in range(repeats):
        began = time.process_time()
        result = lint_paths([path], target="gaudi2", jobs=1)
        best = min(best, time.process_time() - began)
        findings = len(result.findings)
    return best, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=12_500, help="lines of the small file")
    parser.add_argument("--factor", type=int, default=4, help="the large file is this many times larger")
    args = parser.parse_args()
    sizes = (args.small, args.small * args.factor)
    times = {}
    with tempfile.TemporaryDirectory(prefix="tfperf-scaling-") as tmp:
        for lines in sizes:
            path = os.path.join(tmp, f"module_{lines}.py")
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(module_text(lines))
            times[lines], findings = cpu_seconds(path)
            print(f"{lines:>7} lines: {times[lines]:.2f} CPU s, {findings} findings")
    ratio = times[sizes[1]] / times[sizes[0]]
    print(f"ratio {ratio:.2f} for {args.factor}x the lines (linear: {args.factor:.1f})")


if __name__ == "__main__":
    main()
