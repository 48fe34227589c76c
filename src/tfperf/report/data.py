"""The report of `tfperf data`: how fast a tf.data pipeline runs on this host, stage by stage.

    examples/train.py:dataset: 10.0 s on this host (2 CPU cores), TensorFlow 2.21.0
      whole pipeline   41.2 batches/s   1318 examples/s
      stage                                          examples/s
      .range()                                          98213
      .map(decode)                                        1402
      .map(augment)                                        311  <- slowest: 4.5x fewer examples/s than before it
      .batch(batch_size=32, drop_remainder=False)           309
      at the slowest stage: TFP404 .map(augment) runs its function on one element at a time, ...
      tfperf.data.finalize: 1.08x examples/s (appended .prefetch(tf.data.AUTOTUNE) after .batch(...))
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import IO, Any, Iterator, Sequence

from tfperf.findings import Finding


def render(profile: Any, *, stream: IO[str], fmt: str = "text", findings: Sequence[Finding] = (),
           finalized: tuple[Any, Sequence[str]] | None = None) -> None:
    """`profile` (tfperf.data.Profile); `finalized`: (Throughput of the finalized pipeline, its changes)."""
    if fmt == "json":
        json.dump(as_json(profile, findings, finalized), stream, indent=2)
        stream.write("\n")
        return
    for line in text_lines(profile, findings, finalized):
        stream.write(line + "\n")


def text_lines(profile: Any, findings: Sequence[Finding] = (), finalized: Any = None) -> list[str]:
    pipeline, overall = profile.pipeline, profile.overall
    ended = f", {overall.passes} passes through the pipeline" if overall.passes > 1 else ""
    lines = [f"{pipeline.origin}: {overall.seconds:.1f} s on this host ({os.cpu_count()} CPU cores{ended}), "
             f"TensorFlow {pipeline.tf_version}",
             f"  whole pipeline   {_rate(overall.elements_per_second)} elements/s (batches, once batched)   "
             f"{_rate(overall.examples_per_second)} examples/s"]
    if overall.stalled is not None or profile.stalled is not None:
        waited = overall.stalled if overall.stalled is not None else profile.stalled.throughput.stalled
        lines.append(f"  stalled: {_stall(waited)}")
    if profile.stages:
        lines += _stage_lines(profile, findings)
    if finalized is not None:
        lines.append(_finalized_line(*finalized, overall))
    return lines


def _stage_lines(profile: Any, findings: Sequence[Finding]) -> list[str]:
    slowest, stalled = profile.slowest(), profile.stalled
    width = max(len(s.stage.call()) for s in profile.stages) + 2
    lines = [f"  {'stage':<{width}}{'examples/s':>12}"]
    previous = None
    for rate in profile.stages:
        mark = ""
        if rate.throughput.stalled is not None:
            mark = f"  <- stalled: waited {rate.throughput.stalled:.1f} s for one element"
        elif rate is slowest and previous is not None:
            fall = previous.throughput.examples_per_second / rate.throughput.examples_per_second
            mark = f"  <- slowest: {fall:.1f}x fewer examples/s than before it"
        lines.append(f"  {rate.stage.call():<{width}}{_rate(rate.throughput.examples_per_second):>12}{mark}")
        previous = rate
    unmeasured = len(profile.pipeline.chain()) - len(profile.stages)
    if stalled is not None and unmeasured > 0:
        lines.append(f"  the {unmeasured} stage(s) after it were not measured: each one holds the stage that stalls")
    blamed = stalled or slowest
    here = [f for f in findings if blamed is not None and f.location.graph
            and f.location.graph.node == blamed.stage.call()]
    which = "the stage that stalls" if stalled else "the slowest stage"
    return lines + [f"  at {which}: {f.code} {f.message}" for f in here]


def _stall(seconds: float) -> str:
    return (f"waited {seconds:.1f} s for one element, which did not come (the pipeline is stuck there, or slower "
            f"than one element per {seconds:.1f} s); the measurement stopped")


def _finalized_line(after: Any, changes: Sequence[str], before: Any) -> str:
    if not changes:
        return "  tfperf.data.finalize: nothing to change (the pipeline already ends as the guide asks)"
    line = f"  tfperf.data.finalize: {_ratio(after, before)} examples/s ({'; '.join(changes)})"
    if _slower(after, before):
        line += ("\n  finalize made this pipeline slower on this host: do not use it here (measure again where the "
                 "model trains: the gain depends on the cores and the device there)")
    return line


def _slower(after: Any, before: Any) -> bool:
    return before.examples_per_second > 0 and after.examples_per_second < before.examples_per_second


def as_json(profile: Any, findings: Sequence[Finding] = (), finalized: Any = None) -> dict:
    def rate(t: Any) -> dict:
        return {"elements": t.elements, "examples": t.examples, "seconds": round(t.seconds, 6),
                "elements_per_second": t.elements_per_second, "examples_per_second": t.examples_per_second,
                "passes": t.passes, "stalled_seconds": t.stalled}

    slowest = profile.slowest()
    result = {
        "version": 1,
        "origin": profile.pipeline.origin,
        "tensorflow": profile.pipeline.tf_version,
        "cpu_count": os.cpu_count(),
        "overall": rate(profile.overall),
        "stages": [{"stage": s.stage.call(), "op": s.stage.op, **rate(s.throughput)} for s in profile.stages],
        "slowest": slowest.stage.call() if slowest else None,
        "stalled": profile.stalled.stage.call() if profile.stalled else None,
        "findings": [{"code": f.code, "message": f.message, "severity": f.severity.value,
                      "stage": f.location.graph.node if f.location.graph else None} for f in findings],
    }
    if finalized is not None:
        after, changes = finalized
        result["finalized"] = {**rate(after), "changes": list(changes), "slower": _slower(after, profile.overall)}
    return result


def _rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _ratio(after: Any, before: Any) -> str:
    if before.examples_per_second <= 0:
        return "n/a"
    return f"{after.examples_per_second / before.examples_per_second:.2f}x"


@contextlib.contextmanager
def progress(total_seconds: float, stream: IO[str] | None = None) -> Iterator[Any]:
    """A rich progress bar over a measurement of `total_seconds` (on stderr, only on a terminal).
    Yields the tick function the measuring code calls with the seconds done so far."""
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream or sys.stderr)
    bar = Progress(TextColumn("measuring"), BarColumn(), TimeRemainingColumn(), console=console, transient=True,
                   disable=not console.is_terminal)
    with bar:
        task = bar.add_task("measuring", total=total_seconds)
        yield lambda done: bar.update(task, completed=min(total_seconds, done))
