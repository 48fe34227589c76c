"""Shapes as functions of the batch size, fitted from two traces of one step.

The same step traced at two batch sizes gives two graphs with the same ops. Each dimension of each
tensor is compared in place: one that is the same in both does not depend on the batch; one that
differs is `slope * batch + offset` with integer slope and offset (the batch axis itself: slope 1;
a reshape that merges the batch with 128 positions: slope 128). The fitted graph then gives the step
at any batch size without tracing again, so the step model prices a dozen batch sizes for the cost
of two traces. A dimension that fits no such line (say `ceil(batch / 2)`) is unknown at other batch
sizes, and counted: unknown stays unknown.

TensorFlow-free: it reads the IR only.
"""

from __future__ import annotations

from dataclasses import replace

from tfperf.ir import Graph, Node, Shape


class BatchError(ValueError):
    """The step cannot be priced as a function of its batch size: one line saying why and what to do."""


class BatchedGraph:
    """A step whose tensor shapes are fitted as functions of the batch size from two traces."""

    def __init__(self, small: Graph, large: Graph):
        self.origin = small.origin
        self.probes = (_traced_batch(small), _traced_batch(large))
        if self.probes[0] == self.probes[1]:
            raise BatchError(f"{small.origin}: the batch is fixed in the graph at {self.probes[0]}: traced at two "
                             "batch sizes, its inputs keep that batch (a keras.Input(batch_size=...) or an input "
                             "signature with a fixed first dimension); give the model a free batch dimension (None)")
        _check_same_ops(small, large, self.probes)
        self.base = small  # the first trace: the fitted graphs keep its names
        self._templates = [_node_template(a, b, self.probes) for a, b in zip(small.nodes, large.nodes)]
        self.unfitted = sum(t[1] for t in self._templates if t is not None)

    def at(self, batch: int) -> Graph:
        """The step at `batch` (a new Graph; nodes whose shapes do not depend on the batch are shared)."""
        if batch < 1:
            raise ValueError(f"batch sizes are positive, not {batch}")
        nodes = [node if template is None else replace(node, output_shapes=_shapes(template[0], batch))
                 for node, template in zip(self.base.nodes, self._templates)]
        graph = Graph(nodes, origin=self.base.origin, functions=self.base.functions, results=self.base.results)
        graph.at_batch = None  # a fitted graph is not a trace: tfperf.batch refits from traces only
        return graph


def _traced_batch(graph: Graph) -> int:
    """The leading dimension of the step's first input (a string input too: its batch is a batch)."""
    first = next((n for n in graph.nodes if n.function is None and n.op == "Placeholder" and n.variable is None
                  and n.dtype() not in ("resource", "variant")), None)
    shape = first.shape() if first is not None else None
    batch = shape[0] if shape and isinstance(shape[0], int) and shape[0] > 0 else None
    if batch is None:
        raise BatchError(f"{graph.origin}: the step's first input has no static batch dimension, so its memory "
                         "and time cannot be priced as a function of the batch; give --input-shape with a batch")
    return batch


def _check_same_ops(small: Graph, large: Graph, probes: tuple[int, int]) -> None:
    """The two traces must be the same ops in the same order. Names may differ (a name scope made
    unique anew, function bodies named by each trace): the fitted graph keeps the first trace's."""
    if len(small.nodes) == len(large.nodes) and all(
            a.op == b.op and len(a.output_shapes) == len(b.output_shapes) for a, b in zip(small.nodes, large.nodes)):
        return
    raise BatchError(f"{small.origin}: the step's ops change with the batch size ({len(small.nodes)} ops at batch "
                     f"{probes[0]}, {len(large.nodes)} at {probes[1]}, or different ones): its cost cannot be fitted "
                     "as a function of the batch")


def _node_template(a: Node, b: Node, probes: tuple[int, int]) -> tuple[tuple, int] | None:
    """(per-output dims, count of dims that fit no line), or None when no output depends on the batch."""
    if a.output_shapes == b.output_shapes:
        return None
    shapes, unfitted = [], 0
    for sa, sb in zip(a.output_shapes, b.output_shapes):
        dims, bad = _fit_shape(sa, sb, probes)
        shapes.append(dims)
        unfitted += bad
    return tuple(shapes), unfitted


def _fit_shape(sa: Shape | None, sb: Shape | None, probes: tuple[int, int]) -> tuple[tuple | None, int]:
    if sa is None or sb is None or len(sa) != len(sb):
        return None, int(sa != sb)
    dims, bad = [], 0
    (ba, bb) = probes
    for da, db in zip(sa, sb):
        if da == db or da is None or db is None:
            dims.append(da if da == db else None)
            continue
        slope, rest = divmod(db - da, bb - ba)
        if rest:
            dims.append(None)
            bad += 1
        else:
            dims.append((slope, da - slope * ba))
    return tuple(dims), bad


def _shapes(template: tuple, batch: int) -> tuple[Shape | None, ...]:
    return tuple(None if dims is None else tuple(_dim(d, batch) for d in dims) for dims in template)


def _dim(dim, batch: int) -> int | None:
    if isinstance(dim, tuple):
        value = dim[0] * batch + dim[1]
        return value if value >= 0 else None
    return dim
