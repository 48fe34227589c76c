"""Which tensors cross between host and device, and the host ops grouped by op type and source line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from tfperf.findings import Cost, Finding
from tfperf.ir import Graph, Node
from tfperf.placement.model import HANDLE_DTYPES, PASS_THROUGH, HostReason, Key, Placement, computes, key
from tfperf.targets import Target



@dataclass(frozen=True)
class Crossing:
    """A tensor copied between host and device once per step (to every consumer on the other side)."""

    producer: Node
    index: int
    to_host: bool
    consumers: tuple[Node, ...]

    @property
    def nbytes(self) -> int | None:
        return self.producer.output_bytes(self.index)

    @property
    def tensor(self) -> str:
        return self.producer.name if self.index == 0 else f"{self.producer.name}:{self.index}"


def source_of_input(graph: Graph, node: Node, slot: int) -> tuple[Node, int] | None:
    """The computing node (and output) behind input `slot` of `node`, through pass-through ops."""
    ref = node.inputs[slot]
    producer = graph.get(ref.node, node.function)
    index = ref.index
    while producer is not None and producer.op in PASS_THROUGH and producer.inputs:
        inner = producer.inputs[index if producer.op == "IdentityN" and index < len(producer.inputs) else 0]
        producer, index = graph.get(inner.node, producer.function), inner.index
    return (producer, index) if producer is not None else None


def crossings(graph: Graph, placement: Placement) -> list[Crossing]:
    """Every tensor that moves between a host node and a device node, once per destination side."""
    found: dict[tuple, list[Node]] = {}
    producers: dict[tuple, Node] = {}
    for consumer in filter(computes, graph):
        side = placement.on_host(consumer)
        if side is None:
            continue
        for slot in range(len(consumer.inputs)):
            source = source_of_input(graph, consumer, slot)
            if source is None or not computes(source[0]) or source[0].dtype(source[1]) in HANDLE_DTYPES:
                continue
            producer, index = source
            producer_side = placement.on_host(producer)
            if producer_side is None or producer_side == side:
                continue
            edge = (key(producer), index, side)
            producers[edge] = producer
            found.setdefault(edge, []).append(consumer)
    return [Crossing(producers[e], e[1], e[2], tuple(c)) for e, c in found.items()]


@dataclass
class HostGroup:
    """Host nodes of one op type at one place (a source line, else a Keras layer), with their crossings."""

    op: str
    nodes: list[Node]
    reason: HostReason
    crossings: list[Crossing] = field(default_factory=list)
    allowed: bool = False

    @property
    def where(self) -> str:
        node = self.nodes[0]
        if node.source:
            return f"{node.source.file}:{node.source.line}"
        if node.layer:
            return f"layer {node.layer}"
        return node.name if len(self.nodes) == 1 else f"{len(self.nodes)} nodes"

    @property
    def known_bytes(self) -> int:
        return sum(c.nbytes for c in self.crossings if c.nbytes is not None)

    @property
    def unknown_sizes(self) -> int:
        return sum(1 for c in self.crossings if c.nbytes is None)

    def cost(self, target: Target) -> Cost:
        nbytes = None if self.unknown_sizes else self.known_bytes
        return Cost(bytes_moved=nbytes, flops=None, seconds=target.seconds_over_host_link(nbytes), target=target.name)

    def rank(self) -> tuple:
        return (-self.known_bytes, -len(self.crossings), -len(self.nodes), self.op, self.where)


def _group_key(node: Node) -> tuple:
    """Op type and source line; without a line, op type and Keras layer (or the op type alone)."""
    if node.source:
        return node.op, node.source.file, node.source.line
    return node.op, node.layer


def host_groups(graph: Graph, placement: Placement, allow: Iterable[str] = ()) -> list[HostGroup]:
    """Host nodes grouped by op type and source line, each with the crossings it causes, costliest first."""
    allowed = set(allow)
    groups: dict[tuple, HostGroup] = {}
    owner: dict[Key, HostGroup] = {}
    for node in graph:
        reason = placement.host.get(key(node))
        if reason is None:
            continue
        group = groups.get(_group_key(node))
        if group is None:
            group = groups[_group_key(node)] = HostGroup(node.op, [], reason, allowed=node.op in allowed)
        group.nodes.append(node)
        owner[key(node)] = group
    for crossing in crossings(graph, placement):
        host_end = crossing.consumers[0] if crossing.to_host else crossing.producer
        owner[key(host_end)].crossings.append(crossing)
    return sorted(groups.values(), key=HostGroup.rank)


def parse_ops(values: Iterable[str]) -> tuple[str, ...]:
    """"StringFormat,PyFunc" (and lists of such) -> op type names."""
    return tuple(op.strip() for value in values for op in value.split(",") if op.strip())



@dataclass
class PlacementReport:
    """One graph's placement: the host groups (allowed ones too) and the findings they gate on."""

    origin: str
    placement: Placement
    groups: list[HostGroup]
    findings: list[Finding]  # TFP501 for every host group not allowed, TFP502 for an Estimator's host pipeline
