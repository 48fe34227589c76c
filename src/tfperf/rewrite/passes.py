"""Graph passes: each a pattern over the IR (the graph rules' own judgement) and a replacement
written on the GraphDef.

A pass runs in rounds: capture the current GraphDef as IR, find the sites, apply those that share
no node with a site already taken this round, repeat until no site is left (a fold can expose
another: two transposes merge, then cancel against a third). Only the top level is rewritten;
While/If bodies and other functions are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, ClassVar, Iterator

import numpy as np

from tfperf.findings import CheckContext
from tfperf.ir import Graph, Node
from tfperf.rewrite.freeze import Frozen
from tfperf.rewrite.graph_edit import GraphEdit
from tfperf.rules.engines import last_axis_sum, mme_pays
from tfperf.rules.pad import MAX_POOLS, explicit_paddings, pad_folds
from tfperf.rules.transpose import is_identity, matmul_folds, transpose_pair

MAX_ROUNDS = 20  # every round removes nodes, so this bound is never the reason a pass stops


@dataclass(frozen=True)
class Site:
    """One place a pass rewrites."""

    node: str  # the node the rule's finding names (how a site is matched to its finding)
    removes: tuple[str, ...]  # nodes the rewrite deletes (to ask whether Grappler deletes them too)
    touches: frozenset[str]  # every node it reads or changes: sites of one round never share one
    description: str
    apply: Callable[[GraphEdit], None] = field(compare=False, repr=False)


class Pass:
    """A pattern -> replacement rewrite. Subclasses yield Sites for the current graph."""

    name: ClassVar[str]
    codes: ClassVar[tuple[str, ...]]  # the finding codes it resolves
    summary: ClassVar[str]

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        raise NotImplementedError

    def run(self, frozen: Frozen, ctx: CheckContext, only: set[str] | None = None) -> tuple[Frozen, list[Site]]:
        """Apply every site (or only those whose node is in `only`) until none is left."""
        done: list[Site] = []
        for _ in range(MAX_ROUNDS):
            graph = frozen.ir()
            taken: set[str] = set()
            edit = GraphEdit(frozen.graph_def)
            for site in self.sites(graph, ctx):
                if (only is None or site.node in only) and not taken & site.touches:
                    site.apply(edit)
                    taken |= site.touches
                    done.append(site)
            if not taken:
                break
            frozen = frozen.with_graph(edit.graph_def)
        return frozen, done


def top_level(graph: Graph, *ops: str) -> list[Node]:
    """Nodes of `ops` outside function bodies, whose edges no control dependency pins down."""
    pinned = {c for n in graph if n.function is None for c in n.control_inputs}
    return [n for n in graph.by_op(*ops) if n.function is None and n.name not in pinned]


def neighbourhood(graph: Graph, *nodes: Node) -> frozenset[str]:
    """`nodes` with their producers and readers: what a rewrite of them reads or rewires."""
    names = {n.name for n in nodes}
    for node in nodes:
        names.update(ref.node for ref in node.inputs)
        names.update(reader.name for reader, _ in graph.consumers(node))
    return frozenset(names)


def _describe(node: Node) -> str:
    return f"{node.op} {node.layer or node.name}"


class FoldPads(Pass):
    """Pad/PadV2 of zeros read only by VALID convs/pools: the readers pad by themselves.

    ctx option "xla": keep the graph compilable by XLA, which has no explicit padding for pools.
    """

    name = "fold-pads"
    codes = ("TFP201",)
    summary = "zero pads folded into the padding of the convolutions/poolings that read them"

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        for pad in top_level(graph, "Pad", "PadV2"):
            found = pad_folds(graph, pad)
            if found is None or not all(f.replacement for f in found[1]):
                continue
            paddings, folds = found
            if ctx.option("xla") and any(f.replacement == "EXPLICIT" and f.consumer.op in MAX_POOLS for f in folds):
                continue
            how = ", ".join(f"{_describe(f.consumer)} {self._padding_text(f.replacement, paddings)}" for f in folds)
            yield Site(pad.name, (pad.name,), neighbourhood(graph, pad), f"{pad.name} into {how}",
                       lambda edit, pad=pad, folds=folds, paddings=paddings: self._fold(edit, pad, folds, paddings))

    @staticmethod
    def _padding_text(replacement: str, paddings: list) -> str:
        return "padding='SAME'" if replacement == "SAME" else f"explicit paddings {explicit_paddings(paddings)}"

    @staticmethod
    def _fold(edit: GraphEdit, pad: Node, folds: list, paddings: list) -> None:
        for fold in folds:
            edit.replace_input(fold.consumer.name, pad.name, edit.node(pad.name).input[0])
            edit.set_attr(fold.consumer.name, "padding", fold.replacement)
            if fold.replacement == "EXPLICIT":
                edit.set_attr(fold.consumer.name, "explicit_paddings", explicit_paddings(paddings))
        edit.remove_unread([pad.name])


class CancelTransposes(Pass):
    """transpose(f(transpose(x, p1)), p2), f elementwise with broadcast-safe operands: nothing when
    the perms compose to the identity, one transpose with the composed perm otherwise."""

    name = "cancel-transposes"
    codes = ("TFP102",)
    summary = "transposes that cancel removed, consecutive ones merged (also across elementwise ops)"

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        for second in top_level(graph, "Transpose"):
            pair = transpose_pair(graph, second)
            if pair is None or pair[0].function is not None:
                continue
            first, between, composed = pair
            shared = len(graph.consumers(first)) > 1  # the first stays for its other readers
            if shared and not is_identity(composed):
                continue  # replacing the second by a merged transpose would save nothing
            removes = (second.name,) if shared else (first.name, second.name) if is_identity(composed) else (first.name,)
            through = f" through {', '.join(n.op for n in between)}" if between else ""
            verb = "cancel" if is_identity(composed) else f"merge into perm={list(composed)}"
            yield Site(second.name, removes, neighbourhood(graph, first, second, *between),
                       f"{first.name} and {second.name}{through} {verb}",
                       lambda edit, pair=pair, second=second: self._rewrite(edit, second, *pair))

    @staticmethod
    def _rewrite(edit: GraphEdit, second: Node, first: Node, between: list[Node], composed: tuple[int, ...]) -> None:
        # elementwise ops commute with transposes: let them read x itself, then move the data once
        edit.replace_input((between[-1] if between else second).name, first.name, edit.node(first.name).input[0])
        if is_identity(composed):
            edit.bypass(second.name)
        else:
            perm = edit.add_const(f"{second.name}/merged_perm", np.array(composed, dtype=np.int32))
            edit.node(second.name).input[1] = perm
        edit.remove_unread([second.name, first.name])


class TransposeIntoMatMul(Pass):
    """A swap of the last two axes read only by MatMul/BatchMatMul: flip their transpose/adjoint flag."""

    name = "transpose-into-matmul"
    codes = ("TFP103",)
    summary = "last-two-axes transposes folded into MatMul/BatchMatMul transpose_a/b, adj_x/y"
    _FIRST_OPERAND = ("transpose_a", "adj_x")

    def sites(self, graph: Graph, ctx: CheckContext) -> Iterator[Site]:
        for node in top_level(graph, "Transpose"):
            folds = matmul_folds(graph, node)
            if folds:
                how = ", ".join(f"{attr} of {_describe(mm)}" for mm, attr in folds)
                yield Site(node.name, (node.name,), neighbourhood(graph, node),
                           f"{node.name} into {how}", lambda edit, node=node, folds=folds: self._fold(edit, node, folds))

    def _fold(self, edit: GraphEdit, node: Node, folds: list) -> None:
        for matmul, attr in folds:
            slot = 0 if attr in self._FIRST_OPERAND else 1
            edit.node(matmul.name).input[slot] = edit.node(node.name).input[0]
            edit.set_attr(matmul.name, attr, not edit.node(matmul.name).attr[attr].b)
        edit.remove_unread([node.name])


class ReductionsToMatrixEngine(Pass):
    """A float Sum over the last axis as a matmul with a ones vector (the guide's MME trick):
    x[..., C] -> reshape [N, C] @ ones[C, 1] -> reshape to the Sum's shape. A plain 2-D MatMul:
    TF 2.21's oneDNN CPU kernels miscompute (and corrupt memory on) a BatchMatMulV2 that
    broadcasts a rank-2 right-hand side inside a function.

    ctx option "mme_reductions": "cost" rewrites where the target's peaks say it pays, "always"
    everywhere (what a measurement then judges).
    """

    name = "mme-reductions"
    codes = ("TFP601",)
    summary = "sums over the last axis rewritten as matmuls with a ones vector (matrix engine)"

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
                       lambda edit, node=node, size=size, leading=leading: self._rewrite(edit, graph, node, size, leading))

    @staticmethod
    def _rewrite(edit: GraphEdit, graph: Graph, node: Node, size: int, leading: list) -> None:
        import tensorflow as tf

        dtype = tf.as_dtype(graph.input_dtype(node, 0))
        enum, x = dtype.as_datatype_enum, edit.node(node.name).input[0]
        ones = edit.add_const(f"{node.name}/ones", np.ones([size, 1], dtype=dtype.as_numpy_dtype))
        if len(leading) > 1:
            x = _reshape(edit, f"{node.name}/rows", x, [-1, size], enum)
        out = edit.add("MatMul", f"{node.name}/matmul", [x, ones], dtype=enum, transpose_a=False, transpose_b=False)
        shape = [-1 if d is None else d for d in leading] + ([1] if node.attrs.get("keep_dims") else [])
        if len(shape) != 2 or shape[1] != 1:
            out = _reshape(edit, f"{node.name}/shape", out, shape, enum)
        edit.reroute(node.name, out)
        edit.remove_unread([node.name])


def _reshape(edit: GraphEdit, hint: str, tensor: str, shape: list[int], dtype: int) -> str:
    target = edit.add_const(f"{hint}/target", np.array(shape, dtype=np.int32))
    return edit.add("Reshape", hint, [tensor, target], dtype=dtype)


def passes_for(mme_reductions: str | None) -> list[Pass]:
    """The passes to run, in order: transposes first (a cancelled pair can expose a matmul fold)."""
    chosen: list[Pass] = [CancelTransposes(), TransposeIntoMatMul(), FoldPads()]
    if mme_reductions:
        chosen.append(ReductionsToMatrixEngine())
    return chosen

