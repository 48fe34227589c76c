"""The exact TFP201 rewrite: a zero pad folded into the padding of the convs/pools that read it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.ir import Graph, Node
from tfperf.rewrite.passes import Pass, Site, describe, neighbourhood, top_level
from tfperf.rules.base import CheckContext
from tfperf.rules.pad.graph import explicit_paddings, for_xla, has_gradients, pad_folds

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rewrite.graph_edit import GraphEdit


class FoldPads(Pass):
    """Pad/PadV2 of zeros read only by VALID convs/pools: the readers pad by themselves.

    ctx option "xla" (by default the target's `xla_compiled`): keep the graph compilable by XLA,
    which has no explicit padding for pools.
    """

    name = "fold-pads"
    rank = 30
    summary = "zero pads folded into the padding of the convolutions/poolings that read them"

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        xla = ctx.option("xla", ctx.target.xla_compiled)
        for pad in top_level(graph, "Pad", "PadV2"):
            found = pad_folds(graph, pad)
            if found is None:
                continue
            paddings, folds = found[0], for_xla(found[1]) if xla else found[1]
            if not all(f.replacement for f in folds):
                continue
            if has_gradients(folds) or len(graph.consumers(pad)) != len(folds):
                continue  # a training step: its input gradient would change too (tfperf rewrites inference graphs)
            how = ", ".join(f"{describe(f.consumer)} {self._padding_text(f.replacement, paddings)}" for f in folds)
            yield Site(pad.name, (pad.name,), neighbourhood(graph, pad), f"{pad.name} into {how}",
                       lambda edit, pad=pad, folds=folds, paddings=paddings: self._fold(edit, pad, folds, paddings))

    @staticmethod
    def _padding_text(replacement: str, paddings: list) -> str:
        return "padding='SAME'" if replacement == "SAME" else f"explicit paddings {explicit_paddings(paddings)}"

    @staticmethod
    def _fold(edit: "GraphEdit", pad: Node, folds: list, paddings: list) -> None:
        for fold in folds:
            edit.replace_input(fold.consumer.name, pad.name, edit.node(pad.name).input[0])
            edit.set_attr(fold.consumer.name, "padding", fold.replacement)
            if fold.replacement == "EXPLICIT":
                edit.set_attr(fold.consumer.name, "explicit_paddings", explicit_paddings(paddings))
        edit.remove_unread([pad.name])
