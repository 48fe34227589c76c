"""`tfperf.estimate`: capture a model, then estimate one step of it on a target.

Capture (and so TensorFlow) is imported on first use; `tfperf.cost.estimate.estimate_graph`
works on an already captured `tfperf.ir.Graph` without TensorFlow.
"""

from __future__ import annotations

from typing import IO, Any, Sequence

from tfperf.cost.estimate import Estimate, estimate_graph
from tfperf.ir import Graph
from tfperf.targets import Target


def estimate(model: Any = None, *, target: Target | str | None = None, input_shapes: Sequence | None = None,
             batch_size: int | None = None, train: bool = False, label_shapes: Sequence | None = None,
             saved_model: str | None = None, signature: str | None = None, graph_def: str | None = None,
             fusion: str | None = None, trace: str | IO[str] | None = None, top: int = 10) -> Estimate:
    """Predict one step of `model` on `target`: step time, samples/s, engine use, critical path,
    matrix-engine gaps, peak memory, and the ops whose cost is unknown.

    `model`: a `tfperf.ir.Graph`, a Keras model (compiled, with `train=True`, for the training
    step), a tf.function / ConcreteFunction / function (with `input_shapes`), a zero-argument
    factory of one, or a "pkg.module:attr" / "file.py:attr" string; or give `saved_model=` (a
    directory; name the `signature` when it has several) or `graph_def=` (a .pb / .pbtxt file).
    `input_shapes`: [(shape, dtype), ...] or ["8,224,224,3", "8,128:int32"]. `target`: a profile
    name, a Target, or a .toml target file (`tfperf targets calibrate` writes one). `fusion`:
    "none", "epilogue" or "chains" instead of the target's own. `trace`: a path or text stream to
    write the predicted timeline to, in the Chrome trace event format.
    """
    graph = _graph(model, input_shapes, batch_size, train, label_shapes, saved_model, signature, graph_def)
    result = estimate_graph(graph, target, fusion=fusion, top=top)
    if trace is not None:
        from tfperf.cost.trace import write_trace

        if isinstance(trace, str):
            with open(trace, "w", encoding="utf-8") as stream:
                write_trace(result, stream)
        else:
            write_trace(result, trace)
    return result


def _graph(model, input_shapes, batch_size, train, label_shapes, saved_model, signature, graph_def) -> Graph:
    if isinstance(model, Graph):
        return model
    given = [x is not None for x in (model, saved_model, graph_def)]
    if sum(given) != 1:
        raise ValueError("give one of: a model, saved_model= or graph_def=")
    from tfperf import capture

    if saved_model is not None:
        graphs = capture.from_saved_model(saved_model, signature)
        if len(graphs) > 1:
            names = ", ".join(g.origin for g in graphs)
            raise ValueError(f"{saved_model} has several signatures ({names}); name one with signature=")
        return graphs[0]
    if graph_def is not None:
        return capture.from_graph_def(graph_def)
    specs = [capture.parse_input_spec(s) if isinstance(s, str) else tuple(s) for s in input_shapes or ()] or None
    labels = [capture.parse_input_spec(s) if isinstance(s, str) else tuple(s) for s in label_shapes or ()] or None
    if isinstance(model, str):
        return capture.from_spec(model, specs, batch_size, train=train, label_specs=labels)
    origin = getattr(model, "name", None) or getattr(model, "__name__", None) or type(model).__name__
    return capture.from_object(model, origin, specs, batch_size, train=train, label_specs=labels)
