"""`tfperf estimate` output: text for people, JSON for scripts."""

from __future__ import annotations

import json
from typing import IO, Sequence

from tfperf.cost.estimate import Estimate, display_path
from tfperf.findings import Severity
from tfperf.targets import memory_text


def seconds_text(s: float | None) -> str:
    if s is None:
        return "?"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.1f} µs"


def _where(o) -> str:
    """`layer L at path:line`, else the node's name (in its function)."""
    name = o.name if not o.function else f"{o.function}/{o.name}"
    text = f"in layer {o.layer}" if o.layer else name
    return f"{text} at {o.source}" if o.source else text


def render_text(estimate: Estimate, stream: IO[str]) -> None:
    e, t, m = estimate, estimate.target, estimate.memory
    w = stream.write
    batch = f", batch {e.batch}" if e.batch else ""
    w(f"{e.origin} on {t.name} ({t.title}){batch}, fusion: {e.fusion}\n")
    rate = f"  ({e.samples_per_second:,.1f} samples/s)" if e.samples_per_second else ""
    overhead = f"  [schedule {seconds_text(e.schedule_seconds)} + per-step overhead " \
               f"{seconds_text(t.step_overhead_seconds)}]" if t.step_overhead_seconds else ""
    w(f"  step       {seconds_text(e.step_seconds)}{rate}{overhead}\n")
    busy = " · ".join(f"{lane} {e.busy_percent(lane):.0f}%" for lane in e.busy)
    w(f"  busy       {busy or '-'}\n")
    path = ", ".join(f"{lane} {seconds_text(s)}" for lane, s in sorted(e.critical_by_lane.items(), key=lambda x: -x[1]))
    w(f"  critical   {len(e.critical_path)} ops: {path or '-'}\n")
    fits = "fits in" if m.peak_bytes <= t.memory_bytes else "EXCEEDS"
    parts = [f"weights {memory_text(m.weights_bytes)}"]
    if m.other_variables_bytes:
        parts.append(f"{'optimizer slots + other variables' if m.training else 'other variables'} "
                     f"{memory_text(m.other_variables_bytes)}")
    parts.append(f"{'activations + gradients' if m.training else 'activations'} {memory_text(m.tensors_peak_bytes)}")
    w(f"  memory     {memory_text(m.peak_bytes)} peak, {fits} {memory_text(t.memory_bytes)}: {', '.join(parts)}\n")
    total = e.ops_priced + e.ops_unknown
    if e.ops_unknown:
        reasons = "; ".join(f"{r} x{n}" for r, n in sorted(e.unknown_by_reason.items(), key=lambda x: -x[1]))
        w(f"  unknown    {e.ops_unknown} of {total} ops ({100 * e.unknown_share:.1f}%) are left out of the step "
          f"time: {reasons} (static shapes, e.g. a batch size, price them)\n")
    else:
        w(f"  unknown    none: all {total} ops priced\n")
    if e.top_ops:
        w(f"  top ops (share of the step{'; measured per step in the profile' if e.measured else ''})\n")
        for o in e.top_ops:
            fill = ""
            if o.fill is not None and o.fill < 0.995:
                fill = f", fills {max(100 * o.fill, 1):.0f}% of {o.lane}" if o.fill >= 0.01 else f", fills <1% of {o.lane}"
            w(f"    {100 * o.share:5.1f}%  {seconds_text(o.seconds):>9}  {o.lane:<6} {o.op} {_where(o)} "
              f"({o.bound}{fill}){_measured_op(e.measured, o)}\n")
    if e.measured is not None:
        _render_measured(e.measured, w)
    if e.matrix_lane is not None and e.matrix_idle_seconds is not None and e.schedule_seconds > 0:
        share = 100 * e.matrix_idle_seconds / e.schedule_seconds if e.schedule_seconds else 0.0
        w(f"  {e.matrix_lane} idle    {seconds_text(e.matrix_idle_seconds)} ({share:.0f}% of the step); "
          "longest gaps and what runs meanwhile:\n")
        for g in e.gaps:
            fillers = ", ".join(f"{name} on {lane} {seconds_text(s)}" for name, lane, s in g.fillers) or "nothing"
            w(f"    {seconds_text(g.seconds):>9} at {seconds_text(g.start)}: {fillers}\n")
    if e.findings:
        _render_findings(e, w)
    for reason, n in e.excluded.items():
        w(f"  note: {n} ops not counted: {reason}\n")
    for note in e.notes:
        w(f"  note: {note}\n")
    if t.assumptions:
        w(f"  assumed by the {t.name} profile:\n")
        for assumption in t.assumptions:
            w(f"    - {assumption}\n")


def _render_findings(e: Estimate, w, shown: int = 5) -> None:
    """The findings, largest saving first: what fixing each saves on this step (each alone)."""
    problems = [f for f in e.findings if f.severity is not Severity.INFO]
    quiet = len(e.findings) - len(problems)
    w(f"  findings   {len(problems)} (and {quiet} info), ranked by what fixing each saves on this step (each alone):\n"
      if quiet else f"  findings   {len(problems)}, ranked by what fixing each saves on this step (each alone):\n")
    for f in problems[:shown]:
        w(f"    {_saving_text(f.step):>16}  {f.code} {_finding_place(f)}: {f.message}\n")
    if len(problems) > shown:
        w(f"    ... {len(problems) - shown} more: `tfperf check` lists them all\n")


def _saving_text(step) -> str:
    if step is None or step.saving_seconds is None:
        return "unknown"
    share = f" {100 * step.share:4.1f}%" if step.share is not None else ""
    return f"{seconds_text(step.saving_seconds)}{share}"


def _finding_place(f) -> str:
    src, graph = f.source, f.location.graph
    where = f"{display_path(src.path)}:{src.line}" if src else ""
    layer = f"layer {graph.layer}" if graph is not None and graph.layer else graph.node if graph else ""
    return f"{where} ({layer})" if where and layer else where or layer


def findings_to_dict(e: Estimate) -> list[dict]:
    """The ranked findings as the estimate's JSON carries them (`tfperf check --format json` has them in full)."""
    return [{"code": f.code, "severity": f.severity.value, "message": f.message, "where": _finding_place(f),
             "saving_seconds": f.step.saving_seconds if f.step else None,
             "share": f.step.share if f.step else None, "note": f.step.note if f.step else None,
             "measured_seconds": f.step.measured_seconds if f.step else None} for f in e.findings]


def _measured_op(measured, o) -> str:
    """'; measured 265.1 µs (ran as _MklNativePadWithFusedConv2D)' for a top op, when a profile is given."""
    if measured is None:
        return ""
    op = measured.by_node.get((o.function, o.name))
    if op is None:
        return "; not in the profile (fused into another kernel, or removed)"
    kernel = f" (ran as {op.kernel})" if op.kernel != o.op else ""
    return f"; measured {seconds_text(op.seconds)}{kernel}"


def _render_measured(m, w) -> None:
    p = m.profile
    calls = f"{p.steps} call{'s' if p.steps != 1 else ''} of {p.function}" if p.function else f"{p.steps} steps"
    step = "step not measured (no tf.function call in it)"
    if p.step_seconds:
        step = f"step {seconds_text(p.step_seconds)} (predicted {seconds_text(m.predicted_step)}, {100 * m.step_error:+.0f}%)"
    w(f"  measured   {calls} in {p.source}: {step}; {100 * m.matched_share:.0f}% of the profiled op time "
      "is in ops of this graph\n")
    rows = [r for r in m.by_class if max(r.predicted, r.measured) > 0]
    if rows:
        w("    per op class, predicted / measured per step:\n")
        for r in rows:
            err = f"{100 * r.error:+.0f}%" if r.error is not None else "not in the profile"
            w(f"      {r.name:<12} {seconds_text(r.predicted):>9} / {seconds_text(r.measured):>9}  {err}\n")
    if p.lanes:
        lanes = " · ".join(f"{lane.name} {100 * lane.busy_seconds / p.step_seconds:.0f}%" if p.step_seconds
                           else f"{lane.name} {seconds_text(lane.busy_seconds)}" for lane in p.lanes)
        w(f"    measured busy (device planes): {lanes}\n")
    else:
        w("    no device planes in the profile (a host-only run): engine use above is the prediction's\n")
    if m.unmatched:
        shown = ", ".join(f"{o.name} [{o.kernel}] {seconds_text(o.seconds)}" for o in m.unmatched[:3])
        w(f"    measured ops this graph has no node for (the runtime's own, or another function's): {shown}\n")
    for note in p.notes:
        w(f"    note: {note}\n")


def render(estimates: Sequence[Estimate], fmt: str, stream: IO[str], errors: Sequence = ()) -> None:
    if fmt == "json":
        json.dump({"estimates": [{**e.to_dict(), "findings": findings_to_dict(e)} for e in estimates],
                   "errors": [err.to_dict() for err in errors]}, stream, indent=2)
        stream.write("\n")
        return
    for k, estimate in enumerate(estimates):
        if k:
            stream.write("\n")
        render_text(estimate, stream)
