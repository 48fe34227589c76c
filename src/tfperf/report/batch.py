"""`tfperf batch` output: the recommendation, its limits, the memory model and the curve (text), or
all of it with the curves (JSON). It renders the `tfperf.batch.advice.Advice` objects it is handed."""

from __future__ import annotations

import json
from typing import IO, Any, Sequence

from tfperf.cost.report import seconds_text
from tfperf.targets import memory_text
from tfperf.findings import InputError
from tfperf.version import __version__


def render(results: Sequence[Any], fmt: str, stream: IO[str], errors: Sequence[InputError] = ()) -> None:
    if fmt == "json":
        json.dump({"version": __version__, "results": [a.to_dict() for a in results],
                   "errors": [e.to_dict() for e in errors]}, stream, indent=2)
        stream.write("\n")
        return
    for k, advice in enumerate(results):
        if k:
            stream.write("\n")
        render_text(advice, stream)


def render_text(a: Any, stream: IO[str]) -> None:
    w = stream.write
    mode = "training" if a.training else "inference"
    devices = f", {a.devices} devices (global batch {a.recommended * a.devices:,})" if a.devices > 1 else ""
    w(f"{a.origin} on {a.target} ({mode}{devices}): batch {a.recommended:,} per device, set by {a.binding}\n")
    if a.current:
        w(f"  you run    batch {a.current:,}{_compared(a)}\n")
    w("  limits     the largest batch per device each allows:\n")
    for limit in a.limits:
        w(f"    {limit.name:<16}{limit.batch:>8,}  {limit.reason}\n")
    _memory(a, w)
    w(f"  {'batch':>9}{'step':>12}{'samples/s':>13}{'memory':>11}\n")
    for p in a.curve:
        mark = "  <- recommended" if p.batch == a.recommended else ""
        w(f"  {p.batch:>9,}{seconds_text(p.step_seconds):>12}{p.samples_per_second:>13,.1f}"
          f"{memory_text(p.peak_bytes):>11}{mark}\n")
    if a.noise is not None:
        n = a.noise
        simple = f"{n.simple:,.0f}" if n.simple is not None else "unknown (no signal above the noise)"
        w(f"  noise      B_simple {simple}: |G|^2 {n.gradient_norm2:.3g}, tr(S) {n.trace:.3g}, from "
          f"{n.estimates} gradients of {n.b_small} and their means over {n.b_big // n.b_small}\n")
    if a.learning_rate:
        w(f"  learning rate (advice, not applied): {a.learning_rate}\n")
    for row in a.measured:
        w(f"  measured   {_measured(row)}\n")
    if len({row["batch"] for row in a.measured}) >= 2:
        w(f"  {_measured_line(a.measured)}\n")
    if a.search is not None:
        w(f"  {_searched(a.search)}\n")
    for note in a.notes:
        w(f"  note: {note}\n")


def _compared(a: Any) -> str:
    point = next((p for p in a.curve if p.batch == a.current), None)
    if a.current > a.largest_fitting:
        return f": more than fits ({a.largest_fitting:,})"
    if a.current * 4 < a.recommended:
        return f": under a quarter of the recommendation{_rate(point)}"
    return _rate(point)


def _rate(point: Any) -> str:
    return f" ({point.samples_per_second:,.1f} samples/s)" if point is not None else ""


def _memory(a: Any, w) -> None:
    m = a.memory
    (b0, _), (b1, _) = m.points
    w(f"  memory     {memory_text(m.fixed_bytes)} + {memory_text(m.per_sample_bytes)} per sample (the line through the "
      f"step model's peaks at batches {b0:,} and {b1:,}); capacity {memory_text(a.capacity_bytes)} = "
      f"{memory_text(a.device_bytes)} less a {a.reserve:.0%} reserve\n")
    parts = [f"weights {memory_text(m.weights)}"]
    if m.optimizer_slots is not None:
        parts.append(f"optimizer slots {memory_text(m.optimizer_slots)} ({m.optimizer})")
    elif m.optimizer:
        parts.append(f"optimizer {m.optimizer}: slots unknown, counted with the other state")
    if m.gradients is not None:
        parts.append(f"gradients {memory_text(m.gradients)}")
    parts.append(f"other state {memory_text(m.other_state)}")
    w(f"             {', '.join(parts)}; the rest is activations kept for the backward pass and temporaries\n"
      if a.training else f"             {', '.join(parts)}; the rest is activations and temporaries\n")


def _measured(row: dict) -> str:
    text = f"batch {row['batch']:,}: peak {memory_text(row['measured_bytes'])} ({row['memory_source']}) vs " \
           f"{memory_text(row['predicted_bytes'])} predicted"
    if row.get("measured_seconds") is not None:
        text += f"; step {seconds_text(row['measured_seconds'])} here"
        if row.get("predicted_seconds") is not None:
            text += f" vs {seconds_text(row['predicted_seconds'])} predicted"
    return text


def _measured_line(rows: list[dict]) -> str:
    """The measured peaks as fixed + per-sample memory, beside the model's line through the same batches: a fixed
    part far above the model's is what TensorFlow's kernels here allocate for themselves (workspaces, tens of MiB
    for a CPU's convolution gradients on some machines), which no target's step model prices."""
    low, high = min(rows, key=lambda r: r["batch"]), max(rows, key=lambda r: r["batch"])

    def line(key: str) -> tuple[float, float]:
        per_sample = (high[key] - low[key]) / (high["batch"] - low["batch"])
        return low[key] - per_sample * low["batch"], per_sample

    (fixed, per_sample), (model_fixed, model_per_sample) = line("measured_bytes"), line("predicted_bytes")
    return (f"here       {memory_text(max(fixed, 0))} + {memory_text(max(per_sample, 0))} per sample (the line through "
            f"the peaks at batches {low['batch']:,} and {high['batch']:,}), against the model's "
            f"{memory_text(max(model_fixed, 0))} + {memory_text(max(model_per_sample, 0))}; a fixed part above the "
            f"model's is memory TensorFlow's kernels here take for themselves (workspaces), which no step model prices")


def _searched(search: dict) -> str:
    runs = ", ".join(f"{r['batch']:,} ({'out of memory' if r.get('out_of_memory') else memory_text(r['measured_bytes'])})"
                     for r in search["runs"])
    within = f"batch {search['batch']:,}" if search["batch"] else "no batch run"
    return f"budget     within {memory_text(search['budget_bytes'])} here: {within}, from {len(search['runs'])} run(s): {runs}"
