"""The HTML report's charts, as Plotly figures (plain JSON specs the page draws with plotly.js).

Each function takes the page model's plain data and returns a figure dict. Every text that
reaches a chart (layer names, source paths, lane titles) is HTML-escaped first: plotly.js renders
a subset of HTML in labels and hover text and decodes entities, so an escaped `<script>` shows as
text and never becomes markup.
"""

from __future__ import annotations

import html
from typing import Any

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
    fig = go.Figure()
    for op_class in classes:
        bars = [b for b in timeline.bars if b.op_class == op_class]
        fig.add_trace(go.Bar(
            orientation="h", name=esc(op_class), y=[esc(b.lane) for b in bars], base=[b.start * US for b in bars],
            x=[b.seconds * US for b in bars], hovertext=[_hover(b, titles) for b in bars], hoverinfo="text",
            text=[esc(b.label) for b in bars], textposition="inside", insidetextanchor="start",
            marker={"color": colour_of(op_class, classes), "opacity": [1.0 if b.critical else 0.45 for b in bars]},
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
        yaxis={"categoryorder": "array", "categoryarray": [esc(lane) for lane in reversed(lanes)], "fixedrange": True},
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
