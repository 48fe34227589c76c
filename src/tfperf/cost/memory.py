"""Peak device memory of a scheduled step: variables, constants and the tensors live at once.

A tensor is allocated when its producer starts and freed when the last op reading it ends (or,
unread, when its producer ends). Aliases (Identity, Reshape, ReadVariableOp...) allocate nothing and
keep their source alive. Variables (weights and, in a training step, the optimizer's slots) and
constants live for the whole step; gradients are tensors like any other. Tensors on the host and
tensors of unknown shape are not counted (the latter are reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tfperf.cost.engines import HOST_LANE, OpCost
from tfperf.cost.ops import ALIASES, OPAQUE_DTYPES
from tfperf.cost.schedule import Schedule
from tfperf.ir import Graph, tensor_bytes

VARIABLE_READERS = ("ReadVariableOp", "ResourceGather", "ResourceGatherNd")
VARIABLE_WRITERS = ("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp")


@dataclass
class Memory:
    peak_bytes: int  # variables + constants + live tensors at the peak
    weights_bytes: int  # trainable variables
    other_variables_bytes: int  # non-trainable: optimizer slots, counters, batch-norm statistics...
    constants_bytes: int
    tensors_peak_bytes: int  # activations (and gradients, in a training step) live at the peak
    peak_time: float  # seconds into the step
    at_peak: list[tuple[str, int]] = field(default_factory=list)  # largest live tensors at the peak
    unknown_tensors: int = 0
    training: bool = False


def variable_sizes(graph: Graph) -> dict[str, tuple[int, bool]]:
    """Variable name -> (bytes, trainable), from the handles' readers and writers (or VarHandleOp attrs)."""
    sizes: dict[str, tuple[int, bool]] = {}
    for node in graph.nodes:
        if node.op == "VarHandleOp":
            nbytes = tensor_bytes(node.attrs.get("shape"), node.attrs.get("dtype"))
            if nbytes:
                sizes[node.attrs.get("shared_name") or node.name] = (nbytes, True)
            continue
        if node.op not in VARIABLE_READERS + VARIABLE_WRITERS or not node.inputs:
            continue
        handle = graph.producer(node, 0)
        if handle is None:
            continue
        if node.op in VARIABLE_WRITERS:
            nbytes = tensor_bytes(graph.input_shape(node, 1), graph.input_dtype(node, 1))
        elif node.op == "ReadVariableOp":
            nbytes = node.output_bytes(0)
        else:
            continue
        if not nbytes:
            continue
        key = handle.variable.name if handle.variable is not None else (
            handle.attrs.get("shared_name") or f"{handle.function or ''}/{handle.name}")
        trainable = handle.variable.trainable if handle.variable is not None else True
        if key not in sizes or sizes[key][0] < nbytes:
            sizes[key] = (nbytes, trainable)
    return sizes


def peak_memory(graph: Graph, costs: list[OpCost], plan: Schedule, *, top: int = 5) -> Memory:
    nodes = graph.nodes
    index = {(n.function, n.name): i for i, n in enumerate(nodes)}
    tasks = plan.tasks
    variables = variable_sizes(graph)
    weights = sum(b for b, trainable in variables.values() if trainable)
    others = sum(b for b, trainable in variables.values() if not trainable)
    training = any(n.op in ("AssignSubVariableOp", "AssignAddVariableOp") or n.op.startswith("ResourceApply")
                   for n in nodes) and any(t for _, t in variables.values())

    # buffers: (node index, output) -> owner buffer; aliases point at their source's buffer
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    free_at: dict[tuple[int, int], float] = {}
    alloc: dict[tuple[int, int], tuple[float, int]] = {}
    constants = 0
    unknown = 0
    for i, node in enumerate(nodes):
        cost = costs[i]
        if node.op in ALIASES and node.inputs:
            for k in range(max(len(node.output_shapes), 1)):
                ref = node.inputs[min(k, len(node.inputs) - 1)]
                j = index.get((node.function, ref.node))
                if j is not None:
                    owner[(i, k)] = owner.get((j, ref.index), (j, ref.index))
            continue
        if node.op in ("Const", "HostConst"):
            constants += node.output_bytes(0) or 0
            continue
        if cost.lane == HOST_LANE:
            continue
        if cost.op_class == "call":
            continue
        task = tasks[i]
        for k, dtype in enumerate(node.output_dtypes):
            if dtype in OPAQUE_DTYPES:
                continue
            nbytes = tensor_bytes(node.shape(k), dtype)
            if nbytes is None:
                unknown += 1
                continue
            if nbytes:
                alloc[(i, k)] = (task.start, nbytes)
                free_at[(i, k)] = task.end
    # a buffer lives until the last reader (through aliases) has ended
    for i, node in enumerate(nodes):
        end = tasks[i].end
        for ref in node.inputs:
            j = index.get((node.function, ref.node))
            if j is None:
                continue
            buf = owner.get((j, ref.index), (j, ref.index))
            if buf in free_at and free_at[buf] < end:
                free_at[buf] = end
    events = []
    for buf, (start, nbytes) in alloc.items():
        events.append((start, 1, nbytes, buf))
        events.append((max(free_at[buf], start), 0, -nbytes, buf))
    events.sort(key=lambda e: (e[0], e[1]))  # frees before allocations at the same instant
    live = best = 0
    best_time = 0.0
    for time, _, delta, _ in events:
        live += delta
        if live > best:
            best, best_time = live, time
    at_peak = sorted(((nodes[b[0]].name, nbytes) for b, (start, nbytes) in alloc.items()
                      if start <= best_time < free_at[b] or start == best_time),
                     key=lambda x: -x[1])[:top]
    return Memory(weights + others + constants + best, weights, others, constants, best, best_time,
                  at_peak, unknown, training)
