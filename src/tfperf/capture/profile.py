"""Read a TensorBoard profile (`*.xplane.pb`, what `tf.profiler.experimental` and TensorBoard's
profiler write, and what Habana's TensorFlow integration fills with device data) into the TF-free
`tfperf.cost.measured.Profile`.

A profile directory holds `plugins/profile/<run>/<host>.xplane.pb`; the latest run is read (all its
hosts). An XSpace has planes: the host's (`/host:CPU`), whose executor lines carry one event per op
kernel named `<node name>:<op type>`, and one per device (`/device:GPU:0`, ...), whose lines are
streams or engines and whose events name their TensorFlow op in a `tf_op` stat. Op times come from
the device planes when their events name ops, else from the host's executor. The step is the
tf.function called most (by its total time): its median call is the measured step, and op times are
divided by its number of calls. The op events inside its last call are kept as the measured
timeline, each on its line.
"""

from __future__ import annotations

import glob
import os
import re
import statistics

from tfperf.cost.measured import Lane, MeasuredEvent, MeasuredOp, Profile

PLUGIN_DIR = os.path.join("plugins", "profile")
_OP_EVENT = re.compile(r"^(?P<name>[^\s:#][^\s:]*):(?P<op>[A-Za-z_]\w*)$")  # "conv1/Conv2D:Conv2D"
_FUNCTION_CALL = re.compile(r"__inference_(?P<name>.+)_\d+$")  # "EagerLocalExecute: __inference_step_74"


class ProfileError(ValueError):
    """A profile that cannot be read: one line saying what is wrong and what to give instead."""


def profile_files(path: str) -> list[str]:
    """The `*.xplane.pb` files of the latest run under `path` (a logdir, a run directory, or a file)."""
    if os.path.isfile(path):
        return [path]
    if not os.path.isdir(path):
        raise ProfileError(f"--profile {path}: no such file or directory")
    runs = glob.glob(os.path.join(path, PLUGIN_DIR, "*", "")) or [path]
    latest = max(runs)  # run directories are named by their start time
    files = sorted(glob.glob(os.path.join(latest, "*.xplane.pb")))
    if not files:
        raise ProfileError(f"--profile {path}: no *.xplane.pb in it; profile with "
                           f"tf.profiler.experimental.start('{path}'), which writes {os.path.join(path, PLUGIN_DIR)}"
                           "/<run>/<host>.xplane.pb")
    return files


def read_profile(path: str) -> Profile:
    """The profile at `path` (a logdir, a run directory or an .xplane.pb file)."""
    from tensorflow.tsl.profiler.protobuf import xplane_pb2
    from google.protobuf.message import DecodeError

    planes = []
    files = profile_files(path)
    for name in files:
        space = xplane_pb2.XSpace()
        try:
            with open(name, "rb") as stream:
                space.ParseFromString(stream.read())
        except (OSError, DecodeError) as exc:
            raise ProfileError(f"--profile {name}: not a readable TensorFlow profile (xplane.pb): {exc}") from None
        planes.extend(space.planes)
    if not any(line.events for plane in planes for line in plane.lines):
        raise ProfileError(f"--profile {path}: the profile holds no events (was anything run between "
                           "tf.profiler.experimental.start and stop?)")
    return _reduce(planes, ", ".join(files))


def _reduce(planes, source: str) -> Profile:
    host = [p for p in planes if not p.name.startswith("/device:")]
    device = [p for p in planes if p.name.startswith("/device:")]
    calls = _function_calls(host)
    function = max(calls, key=lambda f: sum(calls[f]), default=None)
    device_ops = _op_times(device, stat="tf_op")
    ops = device_ops or _op_times(host)
    steps = len(calls[function]) if function else _most_common_count(ops)
    notes = []
    if function is None:
        notes.append("no tf.function call in the profile: steps counted from how often its ops ran")
    if device and not device_ops:
        notes.append("the device planes name no TensorFlow ops: op times are the host executor's")
    profile = Profile(source, steps, statistics.median(calls[function]) if function else None, function,
                      {name: MeasuredOp(name, kernel, total / steps, count)
                       for name, (kernel, total, count) in ops.items()}, notes=notes)
    profile.lanes = [Lane(name, busy / steps) for name, busy in _lane_busy(device)]
    profile.device = device[0].name if device else None
    if function is not None:
        profile.timeline = _last_step(host, device if device_ops else host, function)
    return profile


def _last_step(host, planes, function: str) -> list[MeasuredEvent]:
    """The op events (of `planes`) that start within the last call of `function`, in seconds from its start."""
    calls = [(line.timestamp_ns * 1000 + event.offset_ps, event.duration_ps)
             for plane in host for line in plane.lines for event in line.events
             if (found := _FUNCTION_CALL.search(plane.event_metadata[event.metadata_id].name))
             and plane.event_metadata[event.metadata_id].name.startswith("EagerLocalExecute")
             and found["name"] == function]
    if not calls:
        return []
    start, duration = max(calls)
    events = []
    for plane in planes:
        on_device = plane.name.startswith("/device:")
        for line in plane.lines:
            lane = f"{plane.name.lstrip('/')}/{line.display_name or line.name}"
            for event in line.events:
                at = line.timestamp_ns * 1000 + event.offset_ps
                if not start <= at < start + duration or event.duration_ps <= 0:
                    continue
                label = str(_stats(plane, event).get("tf_op") or "") if on_device else \
                    plane.event_metadata[event.metadata_id].name
                if (found := _OP_EVENT.match(label)) is not None:
                    events.append(MeasuredEvent(lane, (at - start) * 1e-12, event.duration_ps * 1e-12,
                                                found["name"], found["op"]))
    return sorted(events, key=lambda e: (e.lane, e.start))


def _stats(plane, event) -> dict:
    """An event's stats (and its metadata's) by name: strings, numbers, references to names."""
    found = {}
    metadata = plane.event_metadata[event.metadata_id]
    for stat in list(metadata.stats) + list(event.stats):
        name = plane.stat_metadata[stat.metadata_id].name
        kind = stat.WhichOneof("value")
        value = getattr(stat, kind) if kind else None
        if kind == "ref_value":
            value = plane.stat_metadata[stat.ref_value].name
        found[name] = value
    return found


def _function_calls(planes) -> dict[str, list[float]]:
    """tf.function name -> seconds of each of its calls (the eager runtime's execute events)."""
    calls: dict[str, list[float]] = {}
    for plane in planes:
        for line in plane.lines:
            for event in line.events:
                name = plane.event_metadata[event.metadata_id].name
                if name.startswith("EagerLocalExecute") and (found := _FUNCTION_CALL.search(name)):
                    calls.setdefault(found["name"], []).append(event.duration_ps * 1e-12)
    return calls


def _op_times(planes, stat: str | None = None) -> dict[str, tuple[str, float, int]]:
    """node name -> (kernel type, total seconds, events): from events named `name:type`, or (device
    planes) from the `tf_op` stat of each kernel event."""
    ops: dict[str, tuple[str, float, int]] = {}
    for plane in planes:
        for line in plane.lines:
            for event in line.events:
                label = plane.event_metadata[event.metadata_id].name
                if stat is not None:
                    label = str(_stats(plane, event).get(stat) or "")
                found = _OP_EVENT.match(label)
                if found is None:
                    continue
                kernel, total, count = ops.get(found["name"], (found["op"], 0.0, 0))
                ops[found["name"]] = (kernel, total + event.duration_ps * 1e-12, count + 1)
    return ops


def _most_common_count(ops: dict[str, tuple[str, float, int]]) -> int:
    counts = [count for _, _, count in ops.values()]
    return max(set(counts), key=counts.count) if counts else 1


def _lane_busy(planes) -> list[tuple[str, float]]:
    """(plane/line, seconds some event of the line runs: overlapping events counted once)."""
    lanes = []
    for plane in planes:
        for line in plane.lines:
            spans = sorted((e.offset_ps, e.offset_ps + e.duration_ps) for e in line.events if e.duration_ps > 0)
            busy, end = 0, None
            for a, b in spans:
                if end is None or a > end:
                    busy += b - a
                    end = b
                elif b > end:
                    busy += b - end
                    end = b
            if spans:
                lanes.append((f"{plane.name}/{line.display_name or line.name}", busy * 1e-12))
    return lanes
