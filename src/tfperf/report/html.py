"""The HTML report: one self-contained page (styles, plotly.js and the charts' data inline; nothing
is fetched when it is viewed), rendered from the page model (`tfperf.page.Page`).

Each section is a small function from plain data to HTML text. Every text from a run (messages,
paths, layer and node names, source lines, diffs) goes through `esc` (HTML-escaped, quotes too);
chart specs (JSON) and plotly.js sit in `<script>` elements of a type the browser does not run, gzipped
and base64-encoded (`packed`): a third of the size, and no text inside can close the script or start markup.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
from typing import IO, Any, Iterable, Sequence

from tfperf.findings import Finding, InputError, Severity
from tfperf.report import charts
from tfperf.report.text import cost_text, display_path, human_bytes, human_seconds, one_line, step_text
from tfperf.targets import memory_text

def esc(text) -> str:
    """Text for the page: HTML-escaped, quotes too (it may sit in an attribute)."""
    return html.escape(str(text), quote=True)


_SEVERITY_CLASS = {Severity.ERROR: "sev-error", Severity.WARNING: "sev-warning", Severity.INFO: "sev-info"}


def render(findings: Sequence[Finding], *, errors: Sequence[InputError] = (), stream: IO[str], target: Any = None,
           version: str = "", page=None) -> None:
    """Write the page to `stream`. `page` (`tfperf.page.Page`) carries the model sections a run
    computed; without it, the page is built from `findings` alone (a source run's)."""
    if page is None:
        from tfperf.page import build_page

        page = build_page(findings, errors, target=target, version=version)
    stream.write(page_html(page))


def page_html(page) -> str:
    body = [header(page)]
    body += [model_html(model, k) for k, model in enumerate(page.models)]
    if page.source_files:
        body.append(source_html(page.source_files))
    if page.other:
        body.append(section("other", "Other findings", findings_html(page.other, ranked=False)))
    if page.errors:
        body.append(errors_html(page.errors))
    if not (page.models or page.source_files or page.other or page.errors):
        body.append('<p class="clean">All checks passed: no findings.</p>')
    scripts = _plotly_script() + _BOOT if page.models else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(page.title)}</title><style>{_CSS}</style></head>\n"
            f"<body>{''.join(body)}{scripts}</body></html>\n")


def section(anchor: str, title: str, content: str, level: int = 2) -> str:
    return f'<section id="{esc(anchor)}"><h{level}>{esc(title)}</h{level}>{content}</section>'


def header(page) -> str:
    links = [f'<a href="#model-{k}">{esc(m.summary.origin)}</a>' for k, m in enumerate(page.models)]
    if page.source_files:
        links.append('<a href="#source">source files</a>')
    target = f" · target {esc(page.target)}" if page.target else ""
    nav = f'<nav>{" · ".join(links)}</nav>' if links else ""
    return f'<header><h1>{esc(page.title)}</h1><p class="dim">tfperf {esc(page.version)}{target}</p>{nav}</header>'


# ---------------------------------------------------------------------------------------------
# a model: summary, timeline, findings ranked on its step, host placement


def model_html(model, k: int) -> str:
    s = model.summary
    parts = [summary_html(s), timeline_html(model.timeline, k)]
    if model.measured is not None:
        parts.append(measured_html(model.measured, k))
    parts.append(section(f"findings-{k}", "Findings, ranked by what fixing each saves on the step",
                         findings_html(model.findings, ranked=True) or '<p class="clean">No findings.</p>', 3))
    if model.batch is not None:
        parts.append(batch_html(model.batch, k))
    if model.precision is not None:
        parts.append(precision_html(model.precision, k))
    if model.host is not None:
        parts.append(host_html(model.host))
    return (f'<section class="model" id="model-{k}"><h2>{esc(s.origin)} '
            f'<span class="dim">on {esc(s.target_title)}</span></h2>{"".join(parts)}</section>')


def summary_html(s) -> str:
    throughput = f"{s.samples_per_second:,.0f} samples/s at batch {s.batch}" if s.samples_per_second else "batch unknown"
    unknown = (f'<p class="warn">{s.unknown_ops} of {s.all_ops} ops have no price (static shapes, e.g. '
               f'--batch-size, price them): the step leaves them out.</p>') if s.unknown_ops else ""
    cards = [
        card("predicted step", human_seconds(s.step_seconds), f"on {s.target}"),
        card("throughput", throughput.split(" at ")[0], throughput.partition(" at ")[2]),
        card("peak memory", memory_text(s.peak_bytes), f"of {memory_text(s.device_bytes)} on the device "
             f"({100 * s.peak_bytes / s.device_bytes:.1f}%)" if s.device_bytes else ""),
        card("findings", str(s.findings), combined_text(s)),
    ]
    engines = "".join(meter(f"{e.lane}", e.title, e.busy_share) for e in s.engines)
    memory = meter("memory", "peak live memory vs the device's", s.peak_bytes / s.device_bytes) \
        if s.device_bytes else ""
    notes = "".join(f"<li>{esc(n)}</li>" for n in s.notes)
    return (f'<div class="summary" data-section="summary"><div class="cards">{"".join(cards)}</div>{unknown}'
            f'<div class="meters"><h4>engine busy, share of the step</h4>{engines}{memory}</div>'
            + (f'<details class="notes"><summary>notes</summary><ul>{notes}</ul></details>' if notes else "")
            + "</div>")


def combined_text(s) -> str:
    c = s.combined
    if c is None:
        return "no fix the step model prices" if s.findings else ""
    if c.saving_seconds is None:
        return f"saving together unknown: {c.note or 'not priced'}"
    share = f" ({100 * c.share:.1f}% of the step)" if c.share is not None else ""
    note = f"; {c.note}" if c.note else ""
    return f"fixing them together saves {human_seconds(c.saving_seconds)}{share}{note}"


def card(title: str, value: str, detail: str = "") -> str:
    return (f'<div class="card"><div class="dim">{esc(title)}</div><div class="value">{esc(value)}</div>'
            f'<div class="dim small">{esc(detail)}</div></div>')


def meter(name: str, title: str, share: float) -> str:
    width = max(0.0, min(share, 1.0)) * 100
    return (f'<div class="meter" title="{esc(title)}"><span class="name">{esc(name)}</span>'
            f'<span class="track"><span class="fill" style="width:{width:.1f}%"></span></span>'
            f'<span class="pct">{100 * share:.1f}%</span><span class="dim small">{esc(title)}</span></div>')


def chart(kind: str, figure: dict, k: int) -> str:
    """A chart's div and its spec (JSON, gzipped, base64); the page's boot script draws it."""
    spec = json.dumps(figure, separators=(",", ":"), default=float)
    return (f'<div class="chart" id="chart-{kind}-{k}" data-chart="{kind}"></div>'
            f'<script type="{PACKED}" data-for="chart-{kind}-{k}">{packed(spec)}</script>')


def packed(text: str) -> str:
    """`text` gzipped and base64-encoded: a third of the bytes for plotly.js and the charts' data,
    and an alphabet (A-Z a-z 0-9 + / =) that can neither close a script nor start markup."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), 9, mtime=0)).decode("ascii")


def timeline_html(timeline, k: int) -> str:
    if not timeline.bars:
        return section(f"timeline-{k}", "Predicted engine timeline", '<p class="dim">No op takes time.</p>', 3)
    lanes = ", ".join(f"{esc(lane)}: {esc(title)}" for lane, title in timeline.lanes)
    gaps = (f" Red hatched: the longest intervals {esc(timeline.matrix_lane)} (the matrix engine) idles."
            if timeline.gaps else "")
    note = (f'<p class="dim small">{len(timeline.bars)} ops on {lanes}. Opaque: the ops on the critical path; faded: the others.{gaps}</p>')
    return section(f"timeline-{k}", "Predicted engine timeline",
                   chart("timeline", charts.timeline_figure(timeline), k) + note, 3)


def measured_html(m, k: int) -> str:
    step = human_seconds(m.step_seconds) if m.step_seconds else "unknown"
    lanes = "".join(f"<li>{esc(name)}: busy {human_seconds(s)} per step</li>" for name, s in m.lanes)
    notes = "".join(f"<li>{esc(n)}</li>" for n in m.notes)
    text = (f'<p>Measured step {esc(step)} (predicted {esc(human_seconds(m.predicted_step))}); '
            f'{100 * m.matched_share:.0f}% of the measured op time matched to the graph. '
            f'Profile: <code>{esc(display_path(m.source))}</code></p>')
    extra = f"<ul>{lanes}{notes}</ul>" if lanes or notes else ""
    timeline = ""
    if m.timeline is not None:
        timeline = (f"<h4>measured timeline: the last profiled step, {len(m.timeline.bars)} ops on the profile's lines"
                    f"</h4>{chart('measured-timeline', charts.timeline_figure(m.timeline), k)}")
    return section(f"measured-{k}", "Measured (--profile) beside predicted",
                   text + chart("measured", charts.measured_figure(m), k) + timeline + extra, 3)


def batch_html(curve, k: int) -> str:
    current = f" (you run {curve.current})" if curve.current else ""
    head = (f'<p class="recommend">Recommended batch size: <b>{curve.recommended}</b>{esc(current)}, '
            f"set by the {esc(curve.binding)} limit{'s' if ' and ' in curve.binding else ''}."
            f"</p>")
    rows = "".join(f"<tr><td>{esc(limit.name)}</td><td>{limit.batch}</td><td>{esc(limit.reason)}</td></tr>"
                   for limit in curve.limits)
    table = f'<table class="host"><tr><th>limit</th><th>batch</th><th>why</th></tr>{rows}</table>'
    notes = "".join(f'<p class="dim small">note: {esc(n)}</p>' for n in curve.notes)
    what = "training step" if curve.training else "step"
    return section(f"batch-{k}", f"Batch size: memory and throughput of the {what}",
                   head + chart("batch", charts.batch_figure(curve), k) + table + notes, 3)


def precision_html(p, k: int) -> str:
    base = p.variants[0] if p.variants else None
    lines = []
    if p.dtype:
        lines.append(f"<p>The matrix engine runs {esc(p.dtype)} {p.matrix_speedup:.1f}x as fast as float32.</p>")
    for v in p.variants[1:]:
        ratio = base.step_seconds / v.step_seconds if base and v.step_seconds > 0 else None
        lines.append(f"<p>{esc(v.name)}: {esc(human_seconds(v.step_seconds))} per step"
                     + (f" ({ratio:.2f}x float32's {esc(human_seconds(base.step_seconds))})" if ratio else "")
                     + f", {v.sixteen_bit_ops} ops in 16-bit, {v.casts} casts.</p>")
    rows = "".join(f"<tr><td>{esc(o.op)}</td><td>{o.count}</td><td>{esc(o.why)}</td></tr>" for o in p.float32_ops)
    table = (f'<h4>ops that stay float32, and why</h4><table class="host"><tr><th>op</th><th>nodes</th><th>why</th>'
             f"</tr>{rows}</table>") if rows else ""
    notes = "".join(f'<p class="dim small">note: {esc(n)}</p>' for n in p.notes)
    return section(f"precision-{k}", "Mixed precision: the step in float32 and mixed",
                   "".join(lines) + chart("precision", charts.precision_figure(p), k) + table + notes, 3)


def host_html(host) -> str:
    if not host.rows:
        body = f'<p class="clean">No op runs on the host (judged by: {esc(host.source)}).</p>'
    else:
        total = sum(r.known_bytes for r in host.rows)
        link = f", ~{human_seconds(host.link_seconds)} over the host link" if host.link_seconds is not None else ""
        head = (f"<p>{len(host.rows)} places with ops on the host (judged by: {esc(host.source)}); "
                f"{human_bytes(total)} cross per step{esc(link)}.</p>")
        rows = "".join(
            f'<tr{" class=allowed" if r.allowed else ""}><td><code>{esc(r.where)}</code></td><td>{esc(r.op)} '
            f'x{r.nodes}</td><td>{r.crossings}</td><td>{esc(human_bytes(r.known_bytes))}'
            f'{f" + {r.unknown_sizes} unknown" if r.unknown_sizes else ""}</td><td>{esc(r.reason)}'
            f'<div class="dim small">{esc(r.remedy)}</div></td></tr>' for r in host.rows)
        body = (head + '<table class="host"><tr><th>where</th><th>op</th><th>crossings</th><th>bytes</th>'
                f"<th>why, and the remedy</th></tr>{rows}</table>")
    notes = "".join(f'<p class="dim small">note: {esc(n)}</p>' for n in host.notes)
    return section("host", "Ops on the host", body + notes, 3)


# ---------------------------------------------------------------------------------------------
# findings


def findings_html(entries: Iterable, ranked: bool) -> str:
    items = [finding_html(entry, k + 1 if ranked else None) for k, entry in enumerate(entries)]
    return f'<ol class="findings">{"".join(items)}</ol>' if items else ""


def finding_html(entry, rank: int | None) -> str:
    f = entry.finding
    layer = f.location.graph.layer if f.location.graph is not None else None
    head = (f'<span class="rank">{f"#{rank}" if rank else ""}</span><span class="code {_SEVERITY_CLASS[f.severity]}">'
            f'{esc(f.code)}</span> <span class="dim">{esc(f.severity.value)}</span> '
            + (f'<span class="layer">[layer {esc(layer)}]</span> ' if layer else "")
            + f'<span class="message">{esc(one_line(f.message))}</span>')
    lines = [f'<div class="where"><code>{esc(where_text(f))}</code></div>']
    if f.step is not None:
        lines.append(f'<div class="step">{esc(step_text(f.step))}</div>')
    cost = cost_text(f.cost)
    if cost:
        lines.append(f'<div class="dim">{esc(cost)}</div>')
    if f.fix is not None:
        lines.append(f'<div class="fix"><span class="safety safety-{esc(f.fix.safety.value)}">'
                     f'{esc(f.fix.safety.value)}</span> {esc(one_line(f.fix.description))}</div>')
    if entry.snippet is not None:
        lines.append(snippet_html(entry.snippet))
    if entry.diff:
        lines.append(diff_html(entry.diff))
    return f'<li class="finding" data-code="{esc(f.code)}"><div class="head">{head}</div>{"".join(lines)}</li>'


def where_text(f: Finding) -> str:
    parts = []
    if f.source is not None:
        parts.append(f"{display_path(f.source.path)}:{f.source.line}:{f.source.column}")
    graph = f.location.graph
    if graph is not None:
        parts.append(f"{display_path(graph.origin)}: {graph}" if graph.origin and not f.source else str(graph))
    return " · ".join(parts) or "<unknown location>"


def snippet_html(s) -> str:
    width = len(str(s.first_line + len(s.lines)))
    rows = []
    for k, text in enumerate(s.lines):
        number = s.first_line + k
        cls = ' class="hl"' if number in s.highlight else ""
        rows.append(f'<span{cls}><span class="ln">{number:>{width}}</span> {esc(text)}</span>')
    return f'<pre class="snippet" title="{esc(s.path)}">{chr(10).join(rows)}</pre>'


def diff_html(diff: str) -> str:
    rows = []
    for line in diff.splitlines():
        cls = "hunk" if line.startswith("@@") else "file" if line.startswith(("+++", "---")) else \
            "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        rows.append(f'<span class="{cls}">{esc(line)}</span>' if cls else esc(line))
    return f'<details class="diff" open><summary>the fix, as a diff</summary><pre>{chr(10).join(rows)}</pre></details>'


def source_html(files) -> str:
    parts = []
    for k, f in enumerate(files):
        groups = "".join(f'<h4>{esc(code)} <span class="dim">{esc(entries[0].finding.rule)} · {len(entries)}</span>'
                         f"</h4>{findings_html(entries, ranked=False)}" for code, entries in f.by_code.items())
        count = sum(len(e) for e in f.by_code.values())
        parts.append(f'<details class="file" open id="file-{k}"><summary><code>{esc(display_path(f.path))}</code> '
                     f'<span class="dim">{count} finding{"s" if count != 1 else ""}</span></summary>{groups}</details>')
    total = sum(len(e) for f in files for e in f.by_code.values())
    head = f"<p>{total} findings in {len(files)} file{'s' if len(files) != 1 else ''}, grouped by file and code.</p>"
    return section("source", "Source files", head + "".join(parts))


def errors_html(errors: Sequence[InputError]) -> str:
    items = "".join(f"<li><code>{esc(display_path(e.path))}</code>: {esc(e.message)}</li>" for e in errors)
    return section("errors", "Inputs that could not be analysed", f'<ul class="errors">{items}</ul>')


# ---------------------------------------------------------------------------------------------
# the page's scripts and styles


def _plotly_script() -> str:
    """plotly.js, inline once and packed (the page opens offline); the boot script unpacks it."""
    from plotly.offline import get_plotlyjs

    return f'<script type="{PACKED}" id="plotly-js">{packed(get_plotlyjs())}</script>'


PACKED = "application/x-gzip-base64"

# Unpacks plotly.js and each chart's spec (DecompressionStream: Chromium 80+, Firefox 113+,
# Safari 16.4+), runs plotly.js, draws the charts, then marks <body data-charts="N"> (the tests wait for it).
_BOOT = """<script>
(async function () {
  async function unpack(node) {
    var bytes = Uint8Array.from(atob(node.textContent), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return await new Response(stream).text();
  }
  var lib = document.createElement('script');
  lib.textContent = await unpack(document.getElementById('plotly-js'));
  document.head.appendChild(lib);
  var specs = document.querySelectorAll('script[data-for]');
  for (var i = 0; i < specs.length; i++) {
    var spec = JSON.parse(await unpack(specs[i]));
    var div = document.getElementById(specs[i].getAttribute('data-for'));
    await Plotly.newPlot(div, spec.data, spec.layout, {responsive: true, displaylogo: false});
  }
  document.body.setAttribute('data-charts', String(specs.length));
})();
</script>"""

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;max-width:1200px;
padding:0 20px 40px;color:#1d1d1f}
header{border-bottom:1px solid #ddd;margin-bottom:16px}h1{margin:16px 0 4px}h2{margin-top:28px}
nav a{margin-right:4px}.dim{color:#666}.small{font-size:12px}.warn{color:#a15c00}.clean{color:#1a7f37}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}.card{border:1px solid #ddd;border-radius:8px;
padding:10px 14px;min-width:200px;flex:1}.card .value{font-size:22px;font-weight:600}
.meter{display:flex;align-items:center;gap:8px;margin:3px 0}.meter .name{width:70px;font-weight:600}
.meter .track{display:inline-block;width:260px;height:10px;background:#eee;border-radius:5px;overflow:hidden}
.meter .fill{display:block;height:100%;background:#636efa}.meter .pct{width:56px;text-align:right}
.chart{width:100%;min-height:200px}ol.findings{padding-left:0;list-style:none}
.finding{border:1px solid #ddd;border-radius:8px;padding:8px 12px;margin:10px 0}
.finding .head{font-weight:500}.rank{font-weight:700;margin-right:6px}.code{font-weight:700}
.sev-error{color:#c62828}.sev-warning{color:#a15c00}.sev-info{color:#0b6e99}.layer{color:#0b6e99}
.step{font-weight:600;margin:2px 0}.safety{border-radius:4px;padding:0 6px;font-size:12px;background:#eee}
.safety-exact{background:#d1f2d9}.safety-same-gradients,.safety-numerics{background:#fff0c2}
pre{background:#f6f8fa;border-radius:6px;padding:8px;overflow-x:auto;font-size:12.5px;margin:6px 0}
pre.snippet .hl{background:#fff3b0;display:inline-block;min-width:100%}.ln{color:#999;user-select:none}
.diff .add{color:#116329;background:#dafbe1}.diff .del{color:#82071e;background:#ffebe9}
.diff .hunk{color:#0550ae}.diff .file{color:#666}table.host{border-collapse:collapse;width:100%}
table.host td,table.host th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
tr.allowed{color:#888}details.file{margin:8px 0}details.file>summary{cursor:pointer;font-size:15px}
"""
