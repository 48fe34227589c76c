"""`tfperf optimize` reports: text for people, JSON (versioned) for scripts. No TensorFlow here."""

from __future__ import annotations

import json
from typing import IO, Any, Sequence

from tfperf.findings import InputError
from tfperf.report.text import errors_summary, location_text

VERSION = 1


def render(reports: Sequence[Any], fmt: str, *, errors: Sequence[InputError] = (), stream: IO[str]) -> None:
    """Write OptimizeReports (tfperf.rewrite.report) and the inputs that failed to `stream`."""
    if fmt == "json":
        json.dump({"version": VERSION, "results": [as_dict(r) for r in reports],
                   "errors": [e.to_dict() for e in errors]}, stream, indent=2)
        stream.write("\n")
    elif fmt == "text":
        for report in reports:
            stream.write(text(report))
        if errors:
            stream.write(errors_summary(errors) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r} for optimize reports; use text or json")


def text(report: Any) -> str:
    lines = [f"{report.origin}: optimized for {report.target}"]
    idle = [f"{p.name} ({', '.join(p.codes)})" for p in report.passes if not p.sites]
    for p in report.passes:
        if p.sites:
            lines.append(f"  {p.name} ({', '.join(p.codes)}): {_count(len(p.sites), 'site')}")
        for site in p.sites:  # with --bench, only what survives Grappler in full
            if site.grappler_removes:
                lines.append(f"    {site.node}: TensorFlow's Grappler removes it too on this machine")
                continue
            lines.append(f"    {site.description}{'  [survives Grappler]' if site.grappler_removes is False else ''}")
            if site.finding is not None:
                lines.append(f"      resolves {site.finding.code} at {location_text(site.finding.location)}")
    if idle:
        lines.append(f"  nothing to do for: {', '.join(idle)}")
    before, after = report.nodes
    lines.append(f"  nodes: {before} -> {after}")
    if report.predicted is not None:
        lines.append(f"  {_predicted(report.predicted, report.target)}")
    lines.append(f"  {_verification(report.verification)}")
    if report.bench is not None:
        lines += [f"  {line}" for line in _bench(report.bench)]
    lines += [f"  note: {n}" for n in report.notes]
    if report.saved_to:
        lines.append(f"  saved to {report.saved_to} (tf.saved_model.load reads it; tfperf not needed)")
    return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _verification(v: Any) -> str:
    if v is None:
        return "NOT VERIFIED (--no-verify)"
    if v.numerics:  # a mixed-precision rewrite: the stated tolerance, not a rounding allowance
        agree, decisive = v.argmax or (0, 0)
        argmax = f"; arg-max agrees in {agree} of {decisive} decisive rows" if decisive else ""
        return (f"verified on {_count(v.draws, 'random draw')} within the numerics tolerance {v.tolerance:g}: "
                f"max relative error {v.max_error:.2g}{argmax} (the exact passes before it verified exactly)")
    tolerance = f" (tolerance {v.tolerance:g})" if v.tolerance is not None else " (exact)"
    return f"verified on {_count(v.draws, 'random draw')}: max relative error {v.max_error:.2g}{tolerance}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms"


def _us(seconds: float | None) -> str:
    return "unknown" if seconds is None else f"{seconds * 1e6:,.1f} µs"


def _predicted(p: Any, target: str) -> str:
    change = ""
    if p.before and p.after is not None:
        change = f" ({(p.after - p.before) / p.before:+.1%})"
    return f"predicted step on {target} at {p.inputs}: {_us(p.before)} -> {_us(p.after)}{change}"


def _bench(b: Any) -> list[str]:
    gb, ga = b.grappler_nodes
    lines = [f"measured on {b.device} at {b.inputs or 'the traced shapes'}: original {_ms(b.original.median)} "
             f"(spread {b.original.spread:.0%}), optimized {_ms(b.optimized.median)} "
             f"(spread {b.optimized.spread:.0%}): {b.speedup:.2f}x; after Grappler {gb} -> {ga} nodes"]
    if b.noise is not None:
        low, high = b.noise
        verdict = "beyond the noise" if b.beyond_noise else "within the noise: no measurable change here"
        lines.append(f"no-op control (the unchanged graph, rebuilt alike): original/control {low:.2f}x..{high:.2f}x "
                     f"(p10..p90 per round); {b.speedup:.2f}x is {verdict}")
    return lines


def as_dict(report: Any) -> dict:
    """The JSON form of one report (stable keys; times in seconds)."""

    def timing(t: Any) -> dict:
        return {"median_s": t.median, "p10_s": t.p10, "p90_s": t.p90, "calls": t.calls}

    bench = report.bench
    verification = report.verification
    predicted = report.predicted
    return {
        "origin": report.origin,
        "target": report.target,
        "passes": [{"name": p.name, "codes": list(p.codes), "sites": [
            {"node": s.node, "description": s.description, "grappler_removes": s.grappler_removes,
             "finding": None if s.finding is None else {"code": s.finding.code, "message": s.finding.message,
                                                        "location": str(s.finding.location)}}
            for s in p.sites]} for p in report.passes],
        "nodes": {"before": report.nodes[0], "after": report.nodes[1]},
        "verification": None if verification is None else {
            "draws": verification.draws, "max_relative_error": verification.max_error,
            "tolerance": verification.tolerance, "numerics": verification.numerics,
            "argmax": None if verification.argmax is None else {"agree": verification.argmax[0],
                                                                 "decisive": verification.argmax[1]}},
        "predicted": None if predicted is None else {
            "inputs": predicted.inputs, "before_s": predicted.before, "after_s": predicted.after},
        "bench": None if bench is None else {
            "device": bench.device, "inputs": bench.inputs, "original": timing(bench.original),
            "optimized": timing(bench.optimized), "speedup": bench.speedup,
            "control": None if bench.control is None else timing(bench.control),
            "noise": None if bench.noise is None else {"p10": bench.noise[0], "p90": bench.noise[1]},
            "beyond_noise": bench.beyond_noise,
            "grappler_nodes": {"original": bench.grappler_nodes[0], "optimized": bench.grappler_nodes[1]}},
        "notes": list(report.notes),
        "saved_to": report.saved_to,
    }
