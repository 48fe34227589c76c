"""The predicted timeline in the Chrome trace event format (Perfetto, TensorBoard, chrome://tracing).

One process (the target), one thread per lane (engine, host, host<->device link), named by
metadata events; each op is a complete event ("ph": "X") with `ts` and `dur` in microseconds,
named by its Keras layer (or node) and op type, with its source line, FLOPs and bytes in `args`.
Ops on one lane never overlap (the scheduler runs one op per lane at a time). A counter track
shows the live tensor bytes.
"""

from __future__ import annotations

import json
from typing import IO

from tfperf.cost.estimate import Estimate, _source

PID = 1


def chrome_trace(estimate: Estimate) -> dict:
    plan = estimate.plan
    if plan is None:
        raise ValueError("the estimate carries no schedule")
    tid = {lane: k + 1 for k, lane in enumerate(plan.lanes)}
    target = estimate.target
    events: list[dict] = [
        {"ph": "M", "name": "process_name", "pid": PID, "tid": 0,
         "args": {"name": f"{estimate.origin} on {target.name} (predicted by tfperf)"}},
    ]
    for lane, k in tid.items():
        events.append({"ph": "M", "name": "thread_name", "pid": PID, "tid": k,
                       "args": {"name": f"{lane}: {estimate.lane_titles.get(lane, lane)}"}})
        events.append({"ph": "M", "name": "thread_sort_index", "pid": PID, "tid": k, "args": {"sort_index": k}})
    for lane in plan.lanes:
        for i in plan.order.get(lane, ()):
            task = plan.tasks[i]
            if task.duration <= 0:
                continue
            ts = task.start * 1e6
            event = {"ph": "X", "pid": PID, "tid": tid[lane], "ts": ts, "dur": task.end * 1e6 - ts,
                     "name": task.name, "cat": "copy"}
            cost = task.cost
            if cost is not None:
                node = cost.node
                where = _source(node)
                event["name"] = f"{node.layer or node.name} {node.op}" + (f" @ {where}" if where else "")
                event["cat"] = cost.op_class
                args = {"node": node.name, "op": node.op, "class": cost.op_class}
                for key, value in (("layer", node.layer), ("source", where), ("function", node.function),
                                   ("flops", cost.flops), ("bytes", cost.bytes), ("bound", cost.bound),
                                   ("fill", cost.fill), ("fused", cost.fused or None)):
                    if value is not None and value != "":
                        args[key] = value
                event["args"] = args
            else:
                event["args"] = {"bytes": task.nbytes}
            events.append(event)
    return {"traceEvents": events, "displayTimeUnit": "ms",
            "otherData": {"tool": "tfperf estimate", "target": target.name, "fusion": estimate.fusion,
                          "step_us": estimate.step_seconds * 1e6}}


def write_trace(estimate: Estimate, stream: IO[str]) -> None:
    json.dump(chrome_trace(estimate), stream)
