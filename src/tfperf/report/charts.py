"""The HTML report's charts, as Plotly figures (plain JSON specs the page draws with plotly.js).

Each function takes the page model's plain data and returns a figure dict. Every text that
reaches a chart (layer names, source paths, lane titles) is HTML-escaped first: plotly.js renders
a subset of HTML in labels and hover text and decodes entities, so an escaped `<script>` shows as
text and never becomes markup.
"""

from __future__ import annotations

import html
from typing import Any

from tfperf.targets import GIB

# op class -> colour (plotly's qualitative palette, fixed so that a class keeps its colour across models)
_PALETTE = ["#636efa", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880", "#ff97ff", "#fecb52",
            "#1f77b4", "#8c564b", "#7f7f7f"]
GAP_COLOUR = "rgba(239, 85, 59, 0.35)"
US = 1e6


def esc(text: Any) -> str:
    """Text for a plotly label or hover: `<`, `>`, `&` as entities (plotly.js decodes those, not quotes)."""
    return html.escape(str(text), quote=False)


def colour_of(op_class: str, classes: list[str]) -> str:
    return _PALETTE[classes.index(op_class) % len(_PALETTE)]


def timeline_figure(timeline) -> dict:
    """The predicted step as one horizontal bar per op on its engine's lane (µs on x, zoomable),
    one trace per op class; critical-path ops opaque, the others faded; the matrix engine's longest idle gaps
    as translucent red bars on its lane."""
    import plotly.graph_objects as go

    lanes = [lane for lane, _ in timeline.lanes]
    if timeline.gaps and timeline.matrix_lane not in lanes:  # the matrix engine idles the whole step
        lanes.insert(0, timeline.matrix_lane)
    titles = dict(timeline.lanes)
    classes = sorted({bar.op_class for bar in timeline.bars})
    fade = any(bar.critical for bar in timeline.bars)  # a measured timeline has no critical path to set apart
    fig = go.Figure()
    for op_class in classes:
        bars = [b for b in timeline.bars if b.op_class == op_class]
        fig.add_trace(go.Bar(
            orientation="h", name=esc(op_class), y=[esc(b.lane) for b in bars], base=[b.start * US for b in bars],
            x=[b.seconds * US for b in bars], hovertext=[_hover(b, titles) for b in bars], hoverinfo="text",
            text=[esc(b.label) for b in bars], textposition="inside", insidetextanchor="start",
            marker={"color": colour_of(op_class, classes), "opacity": [1.0 if b.critical or not fade else 0.45 for b in bars]},
        ))
    if timeline.matrix_lane is not None and timeline.gaps:
        lane = timeline.matrix_lane
        fig.add_trace(go.Bar(
            orientation="h", name=f"{esc(lane)} idle (longest gaps)", y=[esc(lane)] * len(timeline.gaps),
            base=[a * US for a, _ in timeline.gaps], x=[(b - a) * US for a, b in timeline.gaps],
            hovertext=[f"{esc(lane)} idle {(b - a) * US:.1f} µs, {a * US:.1f}-{b * US:.1f} µs" for a, b in timeline.gaps],
            hoverinfo="text", marker={"color": GAP_COLOUR, "pattern": {"shape": "/"}},
        ))
    fig.update_layout(
        barmode="overlay", bargap=0.25, height=140 + 48 * len(lanes), margin={"l": 60, "r": 20, "t": 30, "b": 40},
        xaxis={"title": {"text": "µs into the step (drag to zoom, double-click to reset)"},
               "range": [0, timeline.step_seconds * US]},
        yaxis={"categoryorder": "array", "categoryarray": [esc(lane) for lane in reversed(lanes)], "fixedrange": True,
               "automargin": True},
        legend={"orientation": "h", "y": -0.25}, hovermode="closest", dragmode="zoom",
        uniformtext={"mode": "hide", "minsize": 9},  # an op's name shows once zoomed in far enough to fit
    )
    return fig.to_plotly_json()


def _hover(bar, titles: dict) -> str:
    lines = [f"<b>{esc(bar.label)}</b>", f"{bar.seconds * US:.2f} µs at {bar.start * US:.1f} µs on "
             f"{esc(bar.lane)} ({esc(titles.get(bar.lane, bar.lane))})", f"class {esc(bar.op_class)}"]
    if bar.source:
        lines.append(esc(bar.source))
    if bar.critical:
        lines.append("on the critical path")
    return "<br>".join(lines)


def measured_figure(measured) -> dict:
    """Predicted and measured time per op class, side by side (ms per step)."""
    import plotly.graph_objects as go

    rows = sorted(measured.by_class, key=lambda r: -max(r.predicted, r.measured))
    names = [esc(r.op_class) for r in rows]
    fig = go.Figure([
        go.Bar(name="predicted", x=names, y=[r.predicted * 1e3 for r in rows], marker={"color": "#636efa"}),
        go.Bar(name="measured", x=names, y=[r.measured * 1e3 for r in rows], marker={"color": "#ef553b"}),
    ])
    fig.update_layout(barmode="group", height=320, margin={"l": 60, "r": 20, "t": 30, "b": 60},
                      yaxis={"title": {"text": "ms per step"}}, legend={"orientation": "h", "y": 1.12})
    return fig.to_plotly_json()


LIMIT_COLOURS = {"memory": "#ef553b", "search limit": "#ef553b", "throughput knee": "#636efa", "latency": "#ffa15a",
                 "convergence": "#00cc96"}


def batch_figure(curve) -> dict:
    """Peak memory (left) and samples/s (right) against the batch size (log 2 axis), a dashed line
    at each limit, the device's memory as a line, the recommended batch starred."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=("peak memory (GiB)", "throughput (samples/s)"))
    points = sorted(curve.points, key=lambda p: p.batch)
    batches = [p.batch for p in points]
    fig.add_trace(go.Scatter(x=batches, y=[p.peak_bytes / GIB for p in points], mode="lines+markers",
                             name="peak memory", marker={"color": "#ab63fa"}), row=1, col=1)
    fig.add_trace(go.Scatter(x=batches, y=[p.samples_per_second for p in points], mode="lines+markers",
                             name="samples/s", marker={"color": "#19d3f3"}), row=1, col=2)
    fig.add_hline(y=curve.device_bytes / GIB, line={"dash": "dot", "color": "#888"}, row=1, col=1,
                  annotation_text="device memory", annotation_position="bottom right")
    for limit in curve.limits:
        colour = LIMIT_COLOURS.get(limit.name, "#444")
        for col in (1, 2):
            fig.add_vline(x=limit.batch, line={"dash": "dash", "color": colour}, row=1, col=col)
        fig.add_trace(go.Scatter(x=[limit.batch], y=[None], mode="lines", line={"dash": "dash", "color": colour},
                                 name=f"{_limit_name(limit.name)}: {limit.batch}"), row=1, col=2)
    best = min(points, key=lambda p: abs(p.batch - curve.recommended)) if points else None
    if best is not None and best.batch == curve.recommended:
        for col, y in ((1, best.peak_bytes / GIB), (2, best.samples_per_second)):
            fig.add_trace(go.Scatter(x=[best.batch], y=[y], mode="markers", showlegend=col == 1,
                                     name=f"recommended: {curve.recommended}",
                                     marker={"symbol": "star", "size": 16, "color": "#fecb52",
                                             "line": {"color": "#222", "width": 1}}), row=1, col=col)
    fig.update_xaxes(type="log", title={"text": "batch size"}, dtick=0.30102999566, tickformat="d")  # a tick per power of 2
    fig.update_layout(height=380, margin={"l": 60, "r": 20, "t": 40, "b": 50}, legend={"orientation": "h", "y": -0.25})
    return fig.to_plotly_json()


def _limit_name(name: str) -> str:
    """"memory" -> "memory limit"; "search limit" stays."""
    return esc(name if "limit" in name else f"{name} limit")


def precision_figure(precision) -> dict:
    """The predicted step of each variant (as traced, tfperf's plan, a Habana config), in ms."""
    import plotly.graph_objects as go

    names = [esc(v.name) for v in precision.variants]
    fig = go.Figure(go.Bar(x=[v.step_seconds * 1e3 for v in precision.variants], y=names, orientation="h",
                           text=[f"{v.step_seconds * 1e3:.2f} ms" for v in precision.variants], textposition="auto",
                           marker={"color": ["#7f7f7f"] + ["#00cc96"] * (len(names) - 1)}))
    fig.update_layout(height=120 + 40 * len(names), margin={"l": 120, "r": 20, "t": 20, "b": 40},
                      xaxis={"title": {"text": "predicted step (ms)"}},
                      yaxis={"categoryorder": "array", "categoryarray": list(reversed(names))})
    return fig.to_plotly_json()
