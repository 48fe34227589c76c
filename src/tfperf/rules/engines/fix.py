"""The TFP601 rewrite (opt-in, `--mme-reductions`): a sum over the last axis as a matmul with a ones vector."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.ir import Graph, Node
from tfperf.rewrite.passes import Pass, Site, neighbourhood, top_level
from tfperf.rules.base import CheckContext
from tfperf.rules.engines.graph import last_axis_sum, mme_pays

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rewrite.graph_edit import GraphEdit


class ReductionsToMatrixEngine(Pass):
    """A float Sum over the last axis as a matmul with a ones vector (the guide's MME trick):
    x[..., C] -> reshape [N, C] @ ones[C, 1] -> reshape to the Sum's shape. A plain 2-D MatMul:
    TF 2.21's oneDNN CPU kernels miscompute (and corrupt memory on) a BatchMatMulV2 that
    broadcasts a rank-2 right-hand side inside a function.

    ctx option "mme_reductions": None (the pass is off), "cost" rewrites where the target's peaks
    say it pays, "always" everywhere, "measure" everywhere (a measurement then judges).
    """

    name = "mme-reductions"
    summary = "sums over the last axis rewritten as matmuls with a ones vector (matrix engine)"
    measure_option = "mme_reductions"
    rank = 90  # last: in "measure" mode its rewrites are timed, and no later pass may build on them
    nothing_to_measure = "no sum over the last axis to measure"

    def enabled(self, ctx: CheckContext) -> bool:
        return bool(ctx.option("mme_reductions"))

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        always = ctx.option("mme_reductions") in ("always", "measure")  # "measure" times it afterwards
        for node in top_level(graph, "Sum"):
            size = last_axis_sum(graph, node)
            if size is None or not (always or mme_pays(ctx.target, graph.input_dtype(node, 0))):
                continue
            leading = list(graph.input_shape(node, 0)[:-1])
            if sum(d is None for d in leading) > 1:
                continue  # the result's shape would need computing at run time
            yield Site(node.name, (node.name,), neighbourhood(graph, node), f"{node.name} (sum of {size}) as a matmul",
                       lambda edit, node=node, size=size, leading=leading: self._rewrite(edit, node, size, leading))

    @staticmethod
    def _rewrite(edit: "GraphEdit", node: Node, size: int, leading: list) -> None:
        import numpy as np

        sum_node = edit.node(node.name)
        enum, x = sum_node.attr["T"].type, sum_node.input[0]  # the summed tensor's element type
        ones = edit.add_const(f"{node.name}/ones", np.ones([size, 1]), dtype=enum)
        if len(leading) > 1:
            x = _reshape(edit, f"{node.name}/rows", x, [-1, size], enum)
        out = edit.add("MatMul", f"{node.name}/matmul", [x, ones], dtype=enum, transpose_a=False, transpose_b=False)
        shape = [-1 if d is None else d for d in leading] + ([1] if node.attrs.get("keep_dims") else [])
        if len(shape) != 2 or shape[1] != 1:
            out = _reshape(edit, f"{node.name}/shape", out, shape, enum)
        edit.reroute(node.name, out)
        edit.remove_unread([node.name])


def _reshape(edit: "GraphEdit", hint: str, tensor: str, shape: list[int], dtype: int) -> str:
    import numpy as np

    target = edit.add_const(f"{hint}/target", np.array(shape, dtype=np.int32))
    return edit.add("Reshape", hint, [tensor, target], dtype=dtype)
