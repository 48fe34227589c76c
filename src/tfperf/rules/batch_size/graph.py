"""Where a training step takes its batch: its first data input."""

from __future__ import annotations

from tfperf.cost.ops import OPAQUE_DTYPES
from tfperf.ir import Graph, Node


def step_input(graph: Graph) -> Node | None:
    """The step's first data input (a top-level Placeholder that is not a variable's handle): its
    leading dimension is the batch, and capture names it after the Keras input layer it stands for."""
    return next((n for n in graph.nodes if n.function is None and n.op == "Placeholder" and n.variable is None
                 and n.dtype() not in OPAQUE_DTYPES), None)
