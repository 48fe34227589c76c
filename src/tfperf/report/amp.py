"""`tfperf amp` reports: each graph as traced, with tfperf's mixed-precision plan and with a Habana
config, priced on the target. Takes tfperf.amp.summary.Summary objects; no TensorFlow here."""

from __future__ import annotations

import json
from typing import IO, Any, Sequence

from tfperf.findings import InputError

VERSION = 1


def render(summaries: Sequence[Any], fmt: str, *, errors: Sequence[InputError] = (), stream: IO[str],
           written: str | None = None) -> None:
    if fmt == "json":
        json.dump({"version": VERSION, "results": [as_dict(s) for s in summaries], "habana_config": written,
                   "errors": [e.to_dict() for e in errors]}, stream, indent=2)
        stream.write("\n")
        return
    for summary in summaries:  # input errors go to stderr (the command line prints them)
        stream.write(text(summary))
    if written:
        stream.write(f"wrote {written}: tfperf's plan as a Habana bf16 config (TF_BF16_CONVERSION={written})\n")


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g} ms"


def _counts(counter: Any, limit: int = 5) -> str:
    items = counter.most_common()
    text = ", ".join(f"{op} x{n}" for op, n in items[:limit])
    return text + (", ..." if len(items) > limit else "") if items else "none"


def text(summary: Any) -> str:
    gain = (f"its matrix engine runs {summary.sixteen[0]} {summary.sixteen[1]:.1f}x faster than float32"
            if summary.sixteen else "no 16-bit gain on its matrix engine")
    lines = [f"{summary.origin} on {summary.target} ({gain})"]
    base = summary.variants[0].step_seconds
    for v in summary.variants:
        ratio = f" ({base / v.step_seconds:.2f}x)" if v is not summary.variants[0] and v.step_seconds > 0 else ""
        lines.append(f"  {v.name}: predicted step {_ms(v.step_seconds)}{ratio}")
        lines.append(f"    16-bit: {sum(v.sixteen_bit.values())} ops ({_counts(v.sixteen_bit)}); {v.casts} casts")
        if v.matrix_float32:
            lines.append(f"    matrix ops in float32 (TFP701): {_counts(v.matrix_float32)}")
        if v.sensitive:
            shown = ", ".join(f"{op} {node}" for node, op, _ in v.sensitive[:3])
            lines.append(f"    precision-sensitive in 16-bit (TFP703): {len(v.sensitive)}: {shown}"
                         f"{', ...' if len(v.sensitive) > 3 else ''}")
        if v.ping_pongs:
            lines.append(f"    cast ping-pongs (TFP704): {v.ping_pongs}")
    config = summary.config
    lines.append(f"  tfperf's plan as a Habana config: allowlist {len(config.allow)} op types, conditional "
                 f"{len(config.conditional)}, strict {len(config.strict)}; node exceptions: {len(config.never)} "
                 f"kept float32, {len(config.always)} converted")
    lines += [f"  note: {n}" for n in summary.notes]
    return "\n".join(lines) + "\n"


def as_dict(summary: Any) -> dict:
    return {
        "origin": summary.origin,
        "target": summary.target,
        "sixteen_bit": None if summary.sixteen is None else {"dtype": summary.sixteen[0],
                                                              "matrix_speedup": summary.sixteen[1]},
        "variants": [{"name": v.name, "step_seconds": v.step_seconds, "sixteen_bit_ops": dict(v.sixteen_bit),
                      "casts": v.casts, "matrix_ops_float32": dict(v.matrix_float32),
                      "sensitive_16bit": [{"node": n, "op": op, "why": why} for n, op, why in v.sensitive],
                      "ping_pongs": v.ping_pongs} for v in summary.variants],
        "habana_config": summary.config.to_json(),
        "notes": list(summary.notes),
    }
