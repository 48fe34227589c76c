"""TFP601: a sum over the last axis on the vector engine, which the matrix engine could do."""

from __future__ import annotations

from typing import Iterator

from tfperf.cost import roofline
from tfperf.findings import Finding, Fix, GuideSection, Safety, Severity
from tfperf.ir import Graph, num_elements
from tfperf.rules.base import CheckContext, Rule
from tfperf.rules.engines import examples
from tfperf.rules.engines.fix import ReductionsToMatrixEngine
from tfperf.rules.engines.graph import GRAPH_REMEDY, engine_seconds, last_axis_sum, mme_pays
from tfperf.rules.engines.source import ReduceSumSource


class ReduceSumOnVectorEngine(Rule):
    """A sum over the last axis on an HPU target, where the matrix engine could do it.

    Source: `tf.reduce_sum(x, axis=-1)` inside a loss: in a function or method whose name contains
    `loss`, in a `keras.losses.Loss` subclass, or assigned to a variable whose name contains `loss`.
    The already-converted form (a convolution with a ones filter) is what the guide recommends and
    is not reported.

    Graph: a float `Sum` over only the last axis (rank >= 2, size known), wherever it is, unless the
    target's peaks say the matrix engine would take longer than the vector engine. The cost shown is
    the vector-engine time it occupies: the longer of its compute (at the engine's peak for the
    dtype) and reading its input (at the memory bandwidth). `tfperf optimize --mme-reductions` rewrites it as a matmul
    with a ones vector (`x @ ones([C, 1])`); the summation order changes, so results agree to
    rounding, which the rewrite verifies.
    """

    code = "TFP601"
    name = "reduce-sum-on-vector-engine"
    section = GuideSection.MME
    summary = "reduce_sum over the last axis runs on the vector engine while the matrix engine idles"
    severity = Severity.INFO
    safety = Safety.ADVISORY
    invalid = examples.INVALID
    valid = examples.VALID
    Source = ReduceSumSource
    fix_pass = ReductionsToMatrixEngine

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.target.kind != "hpu":
            return
        for node in graph.by_op("Sum"):
            size = last_axis_sum(graph, node)
            dtype = graph.input_dtype(node, 0)
            if size is None or mme_pays(ctx.target, dtype) is False:
                continue
            shape = graph.input_shape(node, 0)
            elements = num_elements(shape)
            vector, matrix = engine_seconds(ctx.target, dtype, elements)
            on_mme = f"; as a matmul ~{matrix * 1e6:.2f} µs of MME time" if matrix is not None else ""
            message = (f"Sum over the last axis ({size}) of {dtype} {list(shape)} runs on the TPC (vector engine)"
                       f"{on_mme} while the MME may idle")
            nbytes = graph.producer(node, 0).output_bytes(node.inputs[0].index)
            cost = roofline(nbytes, elements, vector, ctx.target)
            yield self.finding(message, node, ctx, cost=cost, fix=Fix(Safety.ADVISORY, GRAPH_REMEDY))
