"""The exact TFP102 / TFP103 rewrites: transposes that cancel or merge, and swaps folded into matmuls."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.ir import Graph, Node
from tfperf.rewrite.passes import Pass, Site, describe, neighbourhood, top_level
from tfperf.rules.base import CheckContext
from tfperf.rules.transpose.graph import is_identity, matmul_folds, redundant_pair

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rewrite.graph_edit import GraphEdit


class CancelTransposes(Pass):
    """transpose(f(transpose(x, p1)), p2), f elementwise with broadcast-safe operands: nothing when
    the perms compose to the identity, one transpose with the composed perm otherwise."""

    name = "cancel-transposes"
    summary = "transposes that cancel removed, consecutive ones merged (also across elementwise ops)"
    rank = 20  # after the matmul fold: merging first could turn a foldable swap into a copy

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        for second in top_level(graph, "Transpose"):
            pair = redundant_pair(graph, second, ctx.target)
            if pair is None or pair[0].function is not None:
                continue
            first, between, composed = pair
            shared = len(graph.consumers(first)) > 1  # the first stays for its other readers
            removes = (second.name,) if shared else (first.name, second.name) if is_identity(composed) else (first.name,)
            through = f" through {', '.join(n.op for n in between)}" if between else ""
            verb = "cancel" if is_identity(composed) else f"merge into perm={list(composed)}"
            yield Site(second.name, removes, neighbourhood(graph, first, second, *between),
                       f"{first.name} and {second.name}{through} {verb}",
                       lambda edit, pair=pair, second=second: self._rewrite(edit, second, *pair))

    @staticmethod
    def _rewrite(edit: "GraphEdit", second: Node, first: Node, between: list[Node], composed: tuple[int, ...]) -> None:
        import numpy as np

        # elementwise ops commute with transposes: let them read x itself, then move the data once
        edit.replace_input((between[-1] if between else second).name, first.name, edit.node(first.name).input[0])
        if is_identity(composed):
            edit.bypass(second.name)
        else:
            perm = edit.add_const(f"{second.name}/merged_perm", np.array(composed, dtype=np.int32))
            edit.node(second.name).input[1] = perm
        edit.remove_unread([second.name, first.name])


class FoldTransposeIntoMatMul(Pass):
    """A swap of the last two axes read only by MatMul/BatchMatMul: flip their transpose/adjoint flag
    (a perm that ends in such a swap after a logical one: keep the logical part); a transpose read
    by an Einsum: relabel the einsum's operand (where that is no dearer on the target)."""

    name = "transpose-into-matmul"
    summary = "transposes folded into MatMul/BatchMatMul transpose_a/b, adj_x/y and Einsum equations"
    rank = 10  # first: it removes a transpose outright
    _FIRST_OPERAND = ("transpose_a", "adj_x")

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        for node in top_level(graph, "Transpose"):
            folds = matmul_folds(graph, node, ctx.target)
            if folds:
                how = ", ".join(f"{f.attr or 'equation'} of {describe(f.consumer)}" for f in folds)
                kept = f" (kept as perm={list(folds[0].keep)})" if folds[0].keep else ""
                yield Site(node.name, (node.name,), neighbourhood(graph, node), f"{node.name} into {how}{kept}",
                           lambda edit, node=node, folds=folds: self._fold(edit, node, folds))

    def _fold(self, edit: "GraphEdit", node: Node, folds: list) -> None:
        import numpy as np

        source = edit.node(node.name).input[0]
        if folds[0].keep is not None:  # the transpose stays, by the logical rest of its perm
            edit.node(node.name).input[1] = edit.add_const(f"{node.name}/logical_perm",
                                                           np.array(folds[0].keep, dtype=np.int32))
            source = node.name
        for fold in folds:
            reader = edit.node(fold.consumer.name)
            if fold.equation is not None:  # an einsum: it reads x itself, under relabelled axes
                edit.replace_input(fold.consumer.name, node.name, source)
                edit.set_attr(fold.consumer.name, "equation", fold.equation)
                continue
            slot = 0 if fold.attr in self._FIRST_OPERAND else 1
            reader.input[slot] = source
            edit.set_attr(fold.consumer.name, fold.attr, not reader.attr[fold.attr].b)
        edit.remove_unread([node.name])
