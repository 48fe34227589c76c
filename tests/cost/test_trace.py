"""The Chrome trace export: the format itself (complete events, named lanes, no overlap in a lane)."""

from __future__ import annotations

import io
import json

import keras

from tfperf.capture import from_keras
from tfperf.cost.estimate import estimate_graph
from tfperf.cost.trace import chrome_trace, write_trace


def small_model():
    inputs = keras.Input((32, 32, 3), batch_size=2)
    x = keras.layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    return keras.Model(inputs, keras.layers.Dense(10, name="head")(x))


def test_trace_is_chrome_trace_event_format_without_overlap():
    result = estimate_graph(from_keras(small_model()), "gaudi2")
    stream = io.StringIO()
    write_trace(result, stream)
    trace = json.loads(stream.getvalue())
    events = trace["traceEvents"]
    complete = [e for e in events if e["ph"] == "X"]
    meta = [e for e in events if e["ph"] == "M"]
    assert complete and all(set(e) >= {"name", "ph", "ts", "dur", "pid", "tid"} for e in complete)
    assert all(isinstance(e["ts"], (int, float)) and e["dur"] > 0 for e in complete)
    named = {e["tid"]: e["args"]["name"] for e in meta if e["name"] == "thread_name"}
    assert {e["tid"] for e in complete} <= set(named)
    assert any(e["name"] == "process_name" for e in meta)
    assert any(name.startswith("mme") for name in named.values())
    for tid in named:
        spans = sorted((e["ts"], e["ts"] + e["dur"]) for e in complete if e["tid"] == tid)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert start >= end - 1e-6, named[tid]
    conv = next(e for e in complete if e["args"].get("op") == "Conv2D")
    assert conv["name"].startswith("stem Conv2D") and conv["args"]["layer"] == "stem"
    assert conv["args"]["flops"] == 2 * (2 * 32 * 32 * 16) * (3 * 3 * 3)
    total = max(e["ts"] + e["dur"] for e in complete)
    assert abs(total - result.schedule_seconds * 1e6) < 1e-3


def test_trace_carries_source_lines_of_functions():
    import tensorflow as tf

    from tfperf.capture import from_function

    @tf.function(input_signature=[tf.TensorSpec([64, 64])])
    def f(x):
        return tf.linalg.matmul(x, x)

    trace = chrome_trace(estimate_graph(from_function(f), "a100"))
    mm = next(e for e in trace["traceEvents"] if e["ph"] == "X" and e["args"].get("op") == "MatMul")
    assert "test_trace.py:" in mm["args"]["source"] and "@ " in mm["name"]
