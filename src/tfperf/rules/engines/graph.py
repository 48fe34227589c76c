"""Reductions the matrix engine could do: the pattern and the engine arithmetic (TFP601 and its rewrite)."""

from __future__ import annotations

from tfperf.ir import Graph, Node
from tfperf.targets import Target

GRAPH_REMEDY = ("if a profile shows the MME idle here, `tfperf optimize --mme-reductions` rewrites it as a matmul "
                "with a ones vector (verified on random inputs; the summation order changes)")
MATMUL_DTYPES = {"float16", "bfloat16", "float32", "float64"}


def last_axis_sum(graph: Graph, node: Node) -> int | None:
    """The size C of the reduced axis when `node` sums a float tensor of rank >= 2 over its last axis
    only (C known, > 1): then it equals a matmul with a ones vector of C; else None."""
    shape, axes = graph.input_shape(node, 0), graph.constant(node, 1)
    if node.op != "Sum" or graph.input_dtype(node, 0) not in MATMUL_DTYPES or shape is None or len(shape) < 2:
        return None
    axes = axes if isinstance(axes, list) else [axes]
    if not axes or not all(isinstance(a, int) for a in axes) or {a % len(shape) for a in axes} != {len(shape) - 1}:
        return None
    return shape[-1] if shape[-1] is not None and shape[-1] > 1 else None


def engine_peaks(target: Target, dtype: str | None) -> tuple[float | None, float | None]:
    """(vector, matrix) FLOP/s of `dtype` on the target's engines (their cited per-dtype tables, fp32
    included), else the device-level tables; None where neither has a figure."""
    vector_engine, matrix_engine = target.engine_for("vector"), target.engine_for("matrix")
    vector = vector_engine.peak("vector", dtype) if vector_engine else None
    matrix = matrix_engine.peak("matrix", dtype) if matrix_engine else None
    return (vector or target.vector_peak.get(dtype or "")), (matrix or target.matrix_peak.get(dtype or ""))


def engine_seconds(target: Target, dtype: str | None, elements: int | None) -> tuple[float | None, float | None]:
    """(vector-engine time of summing `elements`, matrix-engine time of the same sum as a matmul with
    a ones vector: 2 FLOPs an element), compute only; None where the target has no peak for the dtype."""
    vector, matrix = engine_peaks(target, dtype)
    if elements is None:
        return None, None
    return (elements / vector if vector else None), (2 * elements / matrix if matrix else None)


def mme_pays(target: Target, dtype: str | None) -> bool | None:
    """Whether moving a sum to the matrix engine frees more vector-engine time than it takes of the
    matrix engine (the guide's case: the MME idles while the TPC is the bottleneck); None: unknown."""
    vector, matrix = engine_seconds(target, dtype, 1)
    return None if vector is None or matrix is None else matrix < vector

