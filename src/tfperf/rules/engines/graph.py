"""Reductions the matrix engine could do: the pattern and the engine arithmetic (TFP601 and its rewrite)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tfperf.ir import Graph, Node
from tfperf.targets import Target

GRAPH_REMEDY = ("`tfperf optimize --mme-reductions` rewrites it as a matmul with a ones vector (verified on random "
                "inputs; the summation order changes); measure the step on the device (`--profile`) to confirm")
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



REDUCTIONS = ("Sum", "Mean", "BiasAddGrad")


@dataclass(frozen=True)
class MatrixForm:
    """A reduction written as one matmul with a ones vector: summing trailing axes is x[M, K] @ ones[K, 1],
    summing leading axes ones[1, K] @ x[K, N] (a Mean scales the ones by 1/K), after a reshape."""

    dims: tuple[int, int, int, int]  # (batch, M, N, K) as the step model prices matrix ops
    side: str  # "trailing" or "leading": which axes it sums
    reduced: str  # "the last axis", "the leading 3 axes"...
    text: str  # the matmul, for messages

    @property
    def depth(self) -> int:
        return self.dims[3]


def matrix_form(graph: Graph, node: Node) -> MatrixForm | None:
    """The matmul a float Sum/Mean over a contiguous run of leading or trailing axes (or a BiasAddGrad
    in NHWC: all axes but the channels) equals; None for any other reduction, or unknown shapes."""
    shape, dtype = graph.input_shape(node, 0), graph.input_dtype(node, 0)
    if dtype not in MATMUL_DTYPES or shape is None or len(shape) < 1 or any(d is None for d in shape):
        return None
    rank = len(shape)
    if node.op == "BiasAddGrad":
        if node.attrs.get("data_format", "NHWC") not in ("NHWC", "NDHWC") or rank < 2:
            return None
        axes = set(range(rank - 1))
    else:
        found = graph.constant(node, 1)
        found = found if isinstance(found, list) else [found]
        if not found or not all(isinstance(a, int) for a in found):
            return None
        axes = {a % rank for a in found}
    count = len(axes)
    reduced = math.prod(shape[a] for a in axes)
    kept = math.prod(shape) // reduced if reduced else 0
    if reduced <= 1:
        return None
    if axes == set(range(rank - count, rank)):  # trailing axes (or all of them)
        what = "the last axis" if count == 1 else f"the last {count} axes" if count < rank else "every axis"
        return MatrixForm((1, kept, 1, reduced), "trailing", what, f"x[{kept}, {reduced}] @ ones[{reduced}, 1]")
    if axes == set(range(count)):  # leading axes
        return MatrixForm((1, 1, kept, reduced), "leading", f"the leading {count} axes" if count > 1 else "the first axis",
                          f"ones[1, {reduced}] @ x[{reduced}, {kept}]")
    return None
