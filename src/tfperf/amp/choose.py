"""tfperf's choice of what to convert: the cheapest precision for every candidate op on a target.

Each op that tfperf's lists allow in 16-bit costs what the step model says it costs in float32 and
in 16-bit (tfperf.cost.engines), and each tensor read across precisions costs a cast (priced the
same way). Picking the precisions with the least total is a minimum cut (the costs are
submodular): a source side for 16-bit, a sink side for float32, and per tensor two auxiliary
nodes that charge its cast once, however many readers share it (a 16-bit copy exists when any
reader is 16-bit; a float32 copy when any reader is float32). A strict op (a residual add) may be
16-bit only when its inputs are. Ops outside the lists stay float32; the graph's results keep
their dtype. Per-op times add up here, which ignores engines running concurrently: the pipeline
prices the result with the full schedule before it keeps it.

`tfperf_config` writes the choice as a Habana config (tfperf's lists, plus node exceptions where
the choice differs from what the lists alone would convert): applying it with `tfperf.amp.plan`
gives the choice back, so the file `tfperf amp --emit-habana-config` writes converts on Gaudi
exactly what tfperf priced (for nodes named as tfperf traced them).

Nothing here imports TensorFlow.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import replace
from typing import Callable

from tfperf.amp.convert import converted_graph
from tfperf.amp.habana import Bf16Config, NodePattern
from tfperf.amp.plan import Key, default_config, key, plan, t_inputs, t_outputs
from tfperf.cost.engines import price
from tfperf.cost.estimate import estimate_graph
from tfperf.ir import Graph, Node, TensorRef
from tfperf.targets import Target

INFINITE = 1e30


def cheapest(graph: Graph, target: Target, *, dtype: str = "bfloat16", supported: Callable[[Node], bool] | None = None,
             stored: frozenset[str] = frozenset()) -> set[Key]:
    """The candidate nodes (those tfperf's lists may convert) whose conversion the step model says
    pays on `target`, tensors' casts included. `stored`: names of the nodes whose cast costs
    nothing per step (weights an inference rewrite stores in 16-bit once)."""
    graph = proxy(graph)
    lists = default_config()
    every = plan(graph, _everything(lists), dtype=dtype, supported=supported)
    candidates = {key(n): n for n in every.nodes()}
    if not candidates:
        return set()
    fp32 = _seconds(price(graph, target))
    low = _seconds(price(converted_graph(every), target))
    cut = _Cut()
    for node_key in candidates:
        cut.unary(node_key, fp32.get(node_key, 0.0), low.get(node_key, 0.0))
    for node in candidates.values():
        if node.op in lists.strict:
            _require_16bit_inputs(cut, graph, node, candidates)
    casts = CastPrices(target, dtype)
    for (producer_key, index), readers in _tensors(graph, candidates).items():
        producer = graph.get(producer_key[1], producer_key[0])
        seconds = 0.0 if producer.name in stored else casts.seconds(producer.shape(index))
        fixed = producer_key not in candidates or index not in t_outputs(producer)  # stays float32
        _charge_cast(cut, producer, index, readers, fixed, seconds)
    return cut.source_side() & set(candidates)


def tfperf_config(graph: Graph, target: Target, *, dtype: str = "bfloat16",
                  supported: Callable[[Node], bool] | None = None, stored: frozenset[str] = frozenset()) -> Bf16Config:
    """tfperf's plan for `graph` on `target`, as a config (`plan(graph, config)` converts exactly it):
    of the minimum cut's choice, tfperf's lists applied as Habana's pass applies them, and every
    listed op in 16-bit (as a Keras policy converts a whole model: no casts inside it), the one the
    full step model (engines running concurrently, which the cut's sum of op times ignores) predicts
    fastest; nothing, when none beats float32."""
    base = default_config()
    listed = plan(graph, _everything(base), dtype=dtype, supported=supported).nodes()
    choices = [cheapest(graph, target, dtype=dtype, supported=supported, stored=stored),
               plan(graph, base, dtype=dtype, supported=supported).converted, {key(n) for n in listed}, set()]
    configs = [_as_config(graph, base, listed, chosen, dtype, supported) for chosen in choices]
    priced = proxy(graph)
    return min(configs, key=lambda c: _step(priced, target, c, dtype, supported, stored))


def _as_config(graph: Graph, base: Bf16Config, listed: list[Node], chosen: set, dtype: str, supported) -> Bf16Config:
    """`base` plus the node exceptions that make `plan` convert exactly `chosen`."""
    never = tuple(_pattern(n) for n in listed if key(n) not in chosen)
    by_lists = plan(graph, replace(base, never=never), dtype=dtype, supported=supported)
    always = tuple(_pattern(n) for n in listed if key(n) in chosen and key(n) not in by_lists.converted)
    return replace(base, never=never, always=always, source="tfperf")


def _step(graph: Graph, target: Target, config: Bf16Config, dtype: str, supported, stored) -> float:
    converted = converted_graph(plan(graph, config, dtype=dtype, supported=supported), stored)
    return estimate_graph(converted, target).step_seconds


def _pattern(node: Node) -> NodePattern:
    return NodePattern(re.escape(node.name), node.op)


def _everything(config: Bf16Config) -> Bf16Config:
    """`config` with every listed op allowed outright: the plan then holds every candidate."""
    return replace(config, allow=config.allow | config.conditional | config.strict, conditional=frozenset(),
                   strict=frozenset())


def proxy(graph: Graph) -> Graph:
    """`graph` with every unknown dimension taken as 1: a stand-in for choosing, where the real
    shapes are open (the choice compares costs that scale alike with the batch)."""
    if all(s is not None and None not in s for n in graph for s in n.output_shapes):
        return graph

    def fill(shape):
        return None if shape is None else tuple(1 if d is None else d for d in shape)

    return Graph([replace(n, output_shapes=tuple(fill(s) for s in n.output_shapes)) for n in graph],
                 graph.origin, graph.functions, graph.results)


def _seconds(costs) -> dict[Key, float]:
    return {key(c.node): c.seconds for c in costs if c.seconds is not None}


def _tensors(graph: Graph, candidates: dict) -> dict[tuple, list]:
    """(producer key, index) -> [(reader, reads it in T precision)] for every float32 tensor a candidate
    writes or reads (the graph's results are no candidates: `plan` keeps their dtype)."""
    found: dict[tuple, list] = {}
    for node in graph:
        outputs = set(t_outputs(node)) if key(node) in candidates else None
        for reader, slot in graph.consumers(node):
            index = reader.inputs[slot].index
            governed = key(reader) in candidates and slot in t_inputs(graph, reader)
            if outputs is not None and index in outputs or governed:
                found.setdefault((key(node), index), []).append((reader, governed))
    return found


def _require_16bit_inputs(cut: "_Cut", graph: Graph, node: Node, candidates: dict) -> None:
    for slot in t_inputs(graph, node):
        producer = graph.producer(node, slot)
        if producer is None or producer.op == "Const":
            continue
        if key(producer) in candidates:
            cut.edge(key(node), key(producer), INFINITE)  # node 16-bit, producer float32: forbidden
        else:
            cut.unary(key(node), 0.0, INFINITE)  # a float32-only input: the node stays float32


def _charge_cast(cut: "_Cut", producer: Node, index: int, readers: list, fixed: bool, seconds: float) -> None:
    """One cast's price when the tensor's writer and some reader differ in precision (`fixed`: the
    tensor is float32 whatever the writer's precision)."""
    if producer.op == "Const":
        return  # converted in place, once
    free = [key(r) for r, governed in readers if governed]
    float_only = any(not governed for _, governed in readers)
    tensor = ("tensor", producer.function, producer.name, index)
    if free:  # a 16-bit copy: needed when a free reader is 16-bit and the writer is not
        copy16 = tensor + ("16",)
        for reader in free:
            cut.edge(reader, copy16, INFINITE)
        if fixed:
            cut.unary(copy16, 0.0, seconds)
        else:
            cut.edge(copy16, key(producer), seconds)
    if fixed:
        return
    if float_only:  # a float32 reader: the copy back is needed whenever the writer is 16-bit
        cut.unary(key(producer), 0.0, seconds)
    elif free:  # a float32 copy: needed when a free reader is float32 and the writer is 16-bit
        copy32 = tensor + ("32",)
        for reader in free:
            cut.edge(copy32, reader, INFINITE)
        cut.edge(key(producer), copy32, seconds)


class CastPrices:
    """The step model's price of a cast between float32 and a 16-bit dtype, per shape (a cast is an
    element-wise op: its bytes at the memory bandwidth, plus a launch)."""

    def __init__(self, target: Target, dtype: str):
        self.target, self.dtype, self.cache = target, dtype, {}

    def seconds(self, shape) -> float:
        if shape not in self.cache:
            source = Node("x", "Placeholder", output_shapes=(shape,), output_dtypes=("float32",))
            cast = Node("cast", "Cast", (TensorRef("x"),), attrs={"SrcT": "float32", "DstT": self.dtype},
                        output_shapes=(shape,), output_dtypes=(self.dtype,))
            cost = price(Graph([source, cast]), self.target)[1].seconds
            self.cache[shape] = cost or 0.0
        return self.cache[shape]


class _Cut:
    """Minimum s-t cut (Dinic's max-flow). Source side: 16-bit; sink side: float32. `unary(v, a, b)`
    charges a when v is float32 and b when it is 16-bit; `edge(u, v, c)` charges c when u is
    16-bit and v float32."""

    SOURCE, SINK = ("source",), ("sink",)

    def __init__(self):
        self.index: dict = {}
        self.head: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[float] = []

    def _node(self, name) -> int:
        if name not in self.index:
            self.index[name] = len(self.head)
            self.head.append([])
        return self.index[name]

    def edge(self, u, v, capacity: float) -> None:
        if capacity <= 0:
            return
        a, b = self._node(u), self._node(v)
        self.head[a].append(len(self.to))
        self.to.append(b)
        self.cap.append(capacity)
        self.head[b].append(len(self.to))
        self.to.append(a)
        self.cap.append(0.0)

    def unary(self, v, as_float32: float, as_16bit: float) -> None:
        low = min(as_float32, as_16bit)  # a constant offset changes no choice
        self.edge(self.SOURCE, v, as_float32 - low)
        self.edge(v, self.SINK, as_16bit - low)
        self._node(v)

    def source_side(self) -> set:
        source, sink = self._node(self.SOURCE), self._node(self.SINK)
        while self._levels(source, sink):
            cursor = [0] * len(self.head)
            while self._push(source, sink, cursor) > 0:
                pass
        reached = self._reachable(source)
        return {name for name, i in self.index.items() if i in reached}

    def _levels(self, source: int, sink: int) -> bool:
        self.level = [-1] * len(self.head)
        self.level[source] = 0
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for e in self.head[u]:
                if self.cap[e] > 1e-18 and self.level[self.to[e]] < 0:
                    self.level[self.to[e]] = self.level[u] + 1
                    queue.append(self.to[e])
        return self.level[sink] >= 0

    def _push(self, source: int, sink: int, cursor: list[int]) -> float:
        """One augmenting path in the level graph (iterative depth-first search)."""
        path: list[int] = []
        u = source
        while True:
            if u == sink:
                flow = min(self.cap[e] for e in path)
                for e in path:
                    self.cap[e] -= flow
                    self.cap[e ^ 1] += flow
                return flow
            edges = self.head[u]
            while cursor[u] < len(edges):
                e = edges[cursor[u]]
                v = self.to[e]
                if self.cap[e] > 1e-18 and self.level[v] == self.level[u] + 1:
                    break
                cursor[u] += 1
            if cursor[u] < len(edges):
                path.append(edges[cursor[u]])
                u = self.to[edges[cursor[u]]]
                continue
            if u == source:
                return 0.0
            self.level[u] = -1  # a dead end: never try it again in this phase
            e = path.pop()
            u = self.to[e ^ 1]
            cursor[u] += 1

    def _reachable(self, source: int) -> set[int]:
        seen, queue = {source}, deque([source])
        while queue:
            u = queue.popleft()
            for e in self.head[u]:
                if self.cap[e] > 1e-18 and self.to[e] not in seen:
                    seen.add(self.to[e])
                    queue.append(self.to[e])
        return seen
