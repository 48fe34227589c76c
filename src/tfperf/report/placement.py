"""The report of `tfperf placement`: per graph, where its placement came from, what that source
could not tell, and the ops on the host ranked by the bytes they make cross host<->device.

    examples/placement.py:model on gaudi2, predicted (op-list)
      note: this TensorFlow has no HPU kernels (...)
      4 ops on the host in 3 places; 3 tensors cross host<->device per step: 1.0 kB, ~32.5 ns over the host link
       1. examples/placement.py:9  AsString  1 node  1 crossing  512 B  string tensor: no HPU kernel ...
          Relu -> host (512 B), read by AsString, EagerPyFunc
"""

from __future__ import annotations

import json
from typing import IO, Any, Sequence

from tfperf.findings import InputError
from tfperf.placement import Crossing, HostGroup, PlacementReport
from tfperf.report.common import target_name
from tfperf.report.json_report import SCHEMA_VERSION, errors_to_json, finding_to_dict
from tfperf.report.text import display_path, errors_summary, headline, human_bytes, human_seconds, make_console
from tfperf.targets import Target
from tfperf.version import __version__

SOURCES = {"dump": "as placed (the graph's devices)", "run": "as placed by a run on this machine", "registry": "predicted from TensorFlow's kernel registry",
           "xla": "predicted for XLA", "op-list": "predicted from tfperf's op list", "host": "on the host",
           "none": "not predictable here"}


def render(reports: Sequence[PlacementReport], fmt: str, *, errors: Sequence[InputError] = (), stream: IO[str],
           target: Target, color: bool | None = None, version: str = __version__) -> None:
    if fmt == "json":
        json.dump(to_json(reports, errors, target, version), stream, indent=2)
        stream.write("\n")
    else:
        _render_text(reports, errors, stream, target, color)


def _render_text(reports, errors, stream, target: Target, color) -> None:
    console = make_console(stream, color)
    for i, rep in enumerate(reports):
        if i:
            console.print()
        console.print(f"{display_path(rep.origin)} on {target.name}: {SOURCES.get(rep.placement.source, '')} "
                      f"({rep.placement.source})", style="bold")
        for note in rep.placement.notes:
            console.print(f"  note: {note}", style="dim")
        console.print(f"  {_summary(rep, target)}")
        for rank, group in enumerate([g for g in rep.groups if not g.allowed], 1):
            console.print(f"  {rank:>2}. {_group_line(group)}")
            for crossing in group.crossings:
                console.print(f"        {_crossing_text(crossing)}", style="dim")
        allowed = [g for g in rep.groups if g.allowed]
        if allowed:
            console.print("  allowed on the host: " + ", ".join(f"{g.op} at {display_path(g.where)}" for g in allowed),
                          style="dim")
        for finding in rep.findings:
            if finding.code != "TFP501":
                console.print(headline(finding))
    if errors:
        if reports:
            console.print()
        console.print(errors_summary(errors), style="bold red")


def _summary(rep: PlacementReport, target: Target) -> str:
    if rep.placement.source == "none":
        return "placement cannot be told here (see the notes)"
    if rep.placement.source == "host" or rep.placement.device == "none":
        return "no accelerator to fall back from"
    groups = [g for g in rep.groups if not g.allowed]
    if not groups:
        allowed = f" ({len(rep.groups)} allowed)" if rep.groups else ""
        return f"no op {rep.placement.outside}{allowed}"
    nodes = sum(len(g.nodes) for g in groups)
    crossings = [c for g in groups for c in g.crossings]
    known = sum(c.nbytes for c in crossings if c.nbytes is not None)
    unknown = sum(1 for c in crossings if c.nbytes is None)
    size = _size(known, unknown)
    seconds = target.seconds_over_host_link(known)
    over = f", ~{human_seconds(seconds)} over the host link" if seconds and known else ""
    return (f"{nodes} op{'s' if nodes != 1 else ''} {rep.placement.outside} in {len(groups)} "
            f"place{'s' if len(groups) != 1 else ''}; {len(crossings)} tensor{'s' if len(crossings) != 1 else ''} "
            f"cross {rep.placement.boundary} per step: {size}{over}")


def _size(known: int, unknown: int) -> str:
    if unknown:
        return f"{human_bytes(known)} + {unknown} of unknown size" if known else "size unknown"
    return human_bytes(known)


def _group_line(group: HostGroup) -> str:
    n, c = len(group.nodes), len(group.crossings)
    moves = f"{c} crossing{'s' if c != 1 else ''}, {_size(group.known_bytes, group.unknown_sizes)}" if c else "no crossing"
    return f"{display_path(group.where)}  {group.op} x{n}  {moves}  {group.reason.text}"


def _crossing_text(crossing: Crossing) -> str:
    size = human_bytes(crossing.nbytes) if crossing.nbytes is not None else "size unknown"
    readers = ", ".join(c.name for c in crossing.consumers)
    return f"{crossing.tensor} -> {'host' if crossing.to_host else 'device'} ({size}), read by {readers}"


def to_json(reports: Sequence[PlacementReport], errors: Sequence[InputError], target: Target,
            version: str = __version__) -> dict[str, Any]:
    """`tfperf placement --format json`: documented in README.md ("Op placement")."""
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "tfperf placement", "version": version},
        "target": target_name(target),
        "graphs": [_graph_json(rep) for rep in reports],
        "findings": [finding_to_dict(f) for rep in reports for f in rep.findings],
        "errors": errors_to_json(errors),
    }


def _graph_json(rep: PlacementReport) -> dict[str, Any]:
    return {
        "origin": rep.origin,
        "source": rep.placement.source,
        "device": rep.placement.device,
        "notes": list(rep.placement.notes),
        "host_ops": [{
            "op": g.op,
            "where": g.where,
            "nodes": [n.name for n in g.nodes],
            "reason": g.reason.text,
            "remedy": g.reason.remedy,
            "allowed": g.allowed,
            "bytes": None if g.unknown_sizes else g.known_bytes,
            "crossings": [{"tensor": c.tensor, "to": "host" if c.to_host else "device", "bytes": c.nbytes,
                           "consumers": [n.name for n in c.consumers]} for c in g.crossings],
        } for g in rep.groups],
    }
