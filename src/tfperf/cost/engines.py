"""Per-op cost by engine: FLOPs and bytes from the IR's static shapes, time from the target's engines.

    time = max(FLOPs / (peak[dtype] x fill), bytes / bandwidth) / efficiency + launch

`fill` is the share of a matrix engine a matrix op's dims use: output tiles of the engine's
geometry, in waves over its units, with the reduction dim split over idle units when the output
has fewer tiles than units (split-K). `efficiency` is 1 unless a calibrated target measured the
share of the roofline an op type or class reaches on that machine. An op whose shapes are unknown,
or whose dtype has no peak on its engine, is unknown: it gets no time, and the estimate reports it
instead of guessing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from tfperf.cost.ops import (
    CLASSES,
    EPILOGUE_FIRST,
    EPILOGUE_NEXT,
    EPILOGUE_OPS,
    FLOPS_PER_ELEMENT,
    MATRIX_DIMS,
    MAX_EPILOGUE,
    OPAQUE_DTYPES,
    op_class,
)
from tfperf.ir import Graph, Node, dtype_size, num_elements
from tfperf.targets import Engine, Target

# Classes whose inputs after the first that are int32/int64 are parameters (reduction axes,
# paddings, tile multiples, slice bounds), not data: their size never makes the op unknown.
PARAMETER_INPUTS = frozenset(("reduction", "movement", "slicing", "pool", "transpose"))
INDEX_DTYPES = frozenset(("int32", "int64"))

HOST_LANE = "host"
LINK_LANE = "link"
SPLIT_K_MIN = 128  # the shortest slice of the reduction dim worth giving an idle unit (assumed)


@dataclass(slots=True)
class OpCost:
    """What one node costs on the target. `seconds` None: unknown (see `unknown`)."""

    node: Node
    op_class: str
    work: str | None = None  # "matrix", "vector", "dma", "host"; None: no engine
    lane: str | None = None  # the engine (or "host") it runs on
    flops: int | None = 0
    bytes: int | None = 0
    seconds: float | None = 0.0
    fill: float | None = None  # matrix engine fill by the op's dims
    dims: tuple[int, int, int, int] | None = None  # matrix ops: (batch, M, N, K)
    dtype: str | None = None
    bound: str = ""  # "compute", "memory" or "launch": what its time is made of
    fused: bool = False  # runs inside another op's kernel (no launch, intermediates elided)
    unknown: str | None = None  # why it could not be priced
    in_bytes: list = field(default_factory=list)  # per input slot (None unknown; 0 opaque or elided)
    out_bytes: list = field(default_factory=list)  # per output

    @property
    def priced(self) -> bool:
        return self.unknown is None and self.lane is not None


def _inputs(graph: Graph, node: Node) -> list[tuple[tuple | None, str | None]]:
    """(shape, dtype) of each input of `node`."""
    out = []
    for ref in node.inputs:
        src = graph.get(ref.node, node.function)
        out.append((src.shape(ref.index), src.dtype(ref.index)) if src is not None else (None, None))
    return out


def _bytes(shape, dtype) -> int | None:
    if dtype in OPAQUE_DTYPES:
        return 0
    n, size = num_elements(shape), dtype_size(dtype)
    return None if n is None or size is None else n * size


def _elements(shape) -> int | None:
    return num_elements(shape)


# ---------------------------------------------------------------------------------------------
# matrix dims: (batch, M, N, K) and FLOPs


def _prod(values) -> int | None:
    out = 1
    for v in values:
        if v is None or v < 0:
            return None
        out *= v
    return out


def _matmul(node: Node, ins, outs):
    a, b = ins[0][0], ins[1][0]
    if a is None or b is None or len(a) != 2 or len(b) != 2:
        return None
    m, k = (a[1], a[0]) if node.attrs.get("transpose_a") else (a[0], a[1])
    n = b[0] if node.attrs.get("transpose_b") else b[1]
    return 1, m, n, k


def _batch_matmul(node: Node, ins, outs):
    a, out = ins[0][0], outs[0]
    if a is None or out is None or len(a) < 2 or len(out) < 2:
        return None
    adj = node.attrs.get("adj_x") or node.attrs.get("transpose_a")
    k = a[-2] if adj else a[-1]
    return _prod(out[:-2]), out[-2], out[-1], k


def _conv(node: Node, ins, outs):
    out, filt = outs[0], ins[1][0]
    if out is None or filt is None or len(filt) < 3:
        return None
    co = filt[-1]
    total = _prod(out)
    if total is None or not co:
        return None
    return 1, total // co, co, _prod(filt[:-1])


def _conv_input_grad(node: Node, ins, outs):
    out, filt, grad = outs[0], ins[1][0], ins[2][0]
    if out is None or filt is None or grad is None or len(filt) < 3:
        return None
    ci = filt[-2]
    total, window, grad_total = _prod(out), _prod(filt[:-2]), _prod(grad)
    if total is None or window is None or grad_total is None or not ci:
        return None
    # the forward conv's FLOPs, 2 x out_backprop elements x window x ci, as an (M=N*H*W) x ci GEMM
    m = total // ci
    return 1, m, ci, max(grad_total * window // max(m, 1), 1)


def _conv_filter_grad(node: Node, ins, outs):
    out, grad = outs[0], ins[2][0]
    if out is None or grad is None or len(out) < 3:
        return None
    co = out[-1]
    total = _prod(grad)
    if total is None or not co:
        return None
    return 1, _prod(out[:-1]), co, total // co


_EINSUM_TERM = re.compile(r"[A-Za-z]|\.\.\.")


def _einsum(node: Node, ins, outs):
    equation = str(node.attrs.get("equation", ""))
    if "->" not in equation or len(ins) != 2:
        return None
    lhs, out_spec = equation.replace(" ", "").split("->")
    specs = lhs.split(",")
    if len(specs) != 2:
        return None
    sizes: dict[str, int] = {}
    terms = []
    for spec, (shape, _) in zip(specs, ins):
        if shape is None:
            return None
        letters = _EINSUM_TERM.findall(spec)
        if "..." in letters:  # expand the ellipsis into as many named broadcast dims as it covers
            at = letters.index("...")
            extra = len(shape) - (len(letters) - 1)
            letters[at:at + 1] = [f"_{i}" for i in range(extra)]
        if len(letters) != len(shape):
            return None
        for letter, dim in zip(letters, shape):
            if dim is None:
                return None
            sizes[letter] = max(sizes.get(letter, 1), dim)
        terms.append(set(letters))
    out_letters = set(_EINSUM_TERM.findall(out_spec))
    if "..." in out_letters:
        out_letters.discard("...")
        out_letters |= {x for x in sizes if x.startswith("_")}
    a, b = terms
    pick = lambda letters: _prod(sizes[x] for x in letters)  # noqa: E731
    batch = pick(a & b & out_letters)
    k = pick((a & b) - out_letters)
    m = pick((a - b) & out_letters) * pick(a - b - out_letters)  # a's own summed dims fold into M's work
    n = pick((b - a) & out_letters) * pick(b - a - out_letters)
    return batch, m, n, k


_DIMS = {"matmul": _matmul, "batch_matmul": _batch_matmul, "conv": _conv, "conv_input_grad": _conv_input_grad,
         "conv_filter_grad": _conv_filter_grad, "einsum": _einsum}


def fill(engine: Engine, batch: int, m: int, n: int, k: int) -> float:
    """The share of `engine` a (batch x M x N, reduction K) matrix op keeps busy: whole output tiles
    in waves over the units, split-K over idle units. 1.0 when the engine declares no geometry."""
    if not engine.geometry or m <= 0 or n <= 0:
        return 1.0
    units = max(engine.units, 1)
    best = 0.0
    for h, w in engine.geometry:
        tiles = batch * math.ceil(m / h) * math.ceil(n / w)
        splits = 1
        if tiles < units and k >= 2 * SPLIT_K_MIN:
            splits = min(math.ceil(units / tiles), k // SPLIT_K_MIN)
        waves = math.ceil(tiles * splits / units)
        best = max(best, batch * m * n * splits / (waves * units * h * w))
    return min(best, 1.0)


def matrix_dims(node: Node, ins, outs) -> tuple[int, int, int, int] | None:
    reader = _DIMS.get(MATRIX_DIMS.get(node.op, ""))
    dims = reader(node, ins, outs) if reader else None
    if dims is None or any(d is None or d < 0 for d in dims):
        return None
    return dims


# ---------------------------------------------------------------------------------------------
# FLOPs and bytes per class


def _window(node: Node) -> int:
    ksize = node.attrs.get("ksize")
    if isinstance(ksize, list) and ksize:
        return max(_prod(ksize) or 1, 1)
    return 1


def _work(cost: OpCost, ins, outs, out_dtypes) -> None:
    """Fill cost.flops / cost.bytes / cost.dims (raw: before fusion)."""
    node, cls = cost.node, cost.op_class
    cost.in_bytes = [_bytes(shape, dtype) for shape, dtype in ins]
    if cls in PARAMETER_INPUTS:  # axes, paddings, multiples, begin/size: a few bytes, shape or not
        cost.in_bytes = [0 if b is None and slot and ins[slot][1] in INDEX_DTYPES else b
                         for slot, b in enumerate(cost.in_bytes)]
    cost.out_bytes = [_bytes(shape, dtype) for shape, dtype in zip(outs, out_dtypes)]
    # a data output of unknown shape makes the op unknown; auxiliary outputs (reserve spaces...) do not
    if cost.out_bytes and cost.out_bytes[0] is None and cls not in ("free", "call"):
        cost.unknown = f"output shape {_shape_text(outs[0])} is not static"
        return
    cost.out_bytes = [b if b is not None else 0 for b in cost.out_bytes]
    if any(b is None for b in cost.in_bytes) and cls not in ("free", "call"):
        slot = next(i for i, b in enumerate(cost.in_bytes) if b is None)
        cost.unknown = f"input {slot} shape {_shape_text(ins[slot][0])} is not static"
        return
    data_in = ins[0] if ins else (None, None)
    per = FLOPS_PER_ELEMENT.get(node.op, 1)
    if cls == "matrix":
        dims = matrix_dims(node, ins, outs)
        if dims is None:
            cost.unknown = "matrix dims are not static"
            return
        cost.dims = dims
        batch, m, n, k = dims
        cost.flops = 2 * batch * m * n * k
        cost.dtype = out_dtypes[0] if out_dtypes else data_in[1]
    elif cls == "depthwise":
        filt = (outs[0] if "BackpropFilter" in node.op else ins[1][0]) if len(ins) > 1 else None
        grad = ins[2][0] if "Backprop" in node.op and len(ins) > 2 else outs[0]
        window, count = (_prod(filt[:-2]) if filt else None), _elements(grad)
        if window is None or count is None:
            cost.unknown = "depthwise window or output is not static"
            return
        cost.flops = 2 * count * window
        cost.dtype = out_dtypes[0] if out_dtypes else data_in[1]
    elif cls in ("elementwise", "random", "other"):
        cost.flops = (_elements(outs[0]) or 0) * per if outs else 0
        cost.dtype = out_dtypes[0] if out_dtypes else data_in[1]
    elif cls == "reduction":
        cost.flops = (_elements(data_in[0]) or 0) * per
        cost.dtype = data_in[1]
    elif cls == "pool":
        grad = ins[-1][0] if "Grad" in node.op and ins else outs[0]
        cost.flops = (_elements(grad) or 0) * _window(node)
        cost.dtype = out_dtypes[0] if out_dtypes else None
    else:  # movement, slicing, transpose, gather, host: bytes only
        cost.flops = 0
        cost.dtype = out_dtypes[0] if out_dtypes else None
    cost.bytes = sum(cost.in_bytes) + sum(cost.out_bytes)
    if cls in ("slicing", "gather"):
        cost.bytes = 2 * sum(cost.out_bytes)  # reads only what it writes
        cost.in_bytes = [0] * len(cost.in_bytes)
    if node.op in ("AssignAddVariableOp", "AssignSubVariableOp"):
        cost.bytes += 2 * sum(cost.in_bytes)  # read-modify-write of the variable
    elif node.op == "AssignVariableOp":
        cost.bytes += sum(cost.in_bytes)  # write the variable
    elif node.op.startswith("ResourceApply"):
        grad = cost.in_bytes[-1] if cost.in_bytes else 0
        cost.bytes += 2 * grad * (2 if "Adam" in node.op or "RMSProp" in node.op else 1)  # var + slots r/w


def _shape_text(shape) -> str:
    if shape is None:
        return "<unknown rank>"
    return "[" + ", ".join("?" if d is None else str(d) for d in shape) + "]"


# ---------------------------------------------------------------------------------------------
# the whole graph


def price(graph: Graph, target: Target, *, fusion: str | None = None) -> list[OpCost]:
    """One OpCost per node of `graph`, in graph order."""
    fusion = target.fusion if fusion is None else fusion
    costs: list[OpCost] = []
    by_key: dict[tuple, OpCost] = {}
    engines = {work: target.engine_for(work) for work in ("matrix", "vector", "dma")}
    accelerator = target.is_accelerator
    for node in graph.nodes:
        cls = op_class(node.op)
        cost = OpCost(node, cls)
        by_key[(node.function, node.name)] = cost
        costs.append(cost)
        ins = _inputs(graph, node)
        outs, out_dtypes = node.output_shapes, node.output_dtypes
        if cls == "transpose" and _logical_transpose(graph, node, target, ins):
            cost.op_class = cls = "free"
        if cls not in ("free", "call") and accelerator and _on_host(node, cls):
            cls = cost.op_class = "host"
        work = CLASSES[cls].work
        if work is None:
            continue
        if cls == "host" and not accelerator:
            work = "vector"  # a CPU target runs everything on its cores
        cost.work = work
        _work(cost, ins, outs, out_dtypes)
        if cost.unknown:
            continue
        if cls == "transpose":
            cost.bytes = _transpose_traffic(target, ins, cost)
        if work == "host":
            cost.lane = HOST_LANE
            continue
        engine = engines.get(work) or engines.get("vector")
        if engine is None:
            cost.unknown = f"target {target.name} has no engine for {work} work"
            continue
        cost.lane = engine.name
    if fusion != "none":
        _fuse(graph, costs, by_key, fusion)
    for cost in costs:
        if cost.lane is not None and cost.unknown is None:
            _time(cost, target, {e.name: e for e in target.engines})
    return costs


def _on_host(node: Node, cls: str) -> bool:
    """Host work on an accelerator: the host class, a string result, or a graph placed on a CPU."""
    if cls == "host":
        return True
    if "string" in node.output_dtypes:
        return True
    device = node.device.upper()
    return ":CPU:" in device or device.endswith("CPU:0")


def _logical_transpose(graph: Graph, node: Node, target: Target, ins) -> bool:
    perm = graph.constant(node, 1)
    if not isinstance(perm, list) or not all(isinstance(p, int) for p in perm):
        return False
    shape = ins[0][0] if ins else None
    return target.transpose_is_logical(tuple(perm), tuple(shape) if shape is not None else None)


def _transpose_traffic(target: Target, ins, cost: OpCost) -> int:
    shape, dtype = ins[0]
    nbytes, size = _bytes(shape, dtype), dtype_size(dtype)
    if not nbytes or not size or not shape:
        return cost.bytes
    real = [d for d in shape if d != 1] or [1]
    return target.transpose_traffic(nbytes, real[-1] * size)


def _fuse(graph: Graph, costs: list[OpCost], by_key: dict, mode: str) -> None:
    """Elide the intermediate tensors of fused ops: the producer does not write it, the consumer does
    not read it, and the consumer launches no kernel of its own.

    "epilogue": up to MAX_EPILOGUE element-wise ops after a matrix op on the same engine, a bias (or
    batch norm) first, then adds and activations (Grappler's remapper, cuDNN/oneDNN post-ops). "chains": any element-wise op after another
    element-wise op on the same engine (a graph compiler's fused vector kernels).
    """
    depth: dict[int, int] = {}  # id(cost) -> position in an epilogue (matrix op = 0)
    for cost in costs:
        if cost.op_class != "elementwise" or cost.unknown or cost.lane is None:
            continue
        node = cost.node
        if mode == "epilogue" and node.op not in EPILOGUE_OPS:
            continue
        for slot, ref in enumerate(node.inputs):
            src = by_key.get((node.function, ref.node))
            if src is None or src.lane != cost.lane or src.unknown:
                continue
            if mode == "epilogue":
                if src.op_class == "matrix" and node.op in EPILOGUE_FIRST:
                    level = 1
                elif id(src) in depth and node.op in EPILOGUE_NEXT:
                    level = depth[id(src)] + 1
                else:
                    continue
                if level > MAX_EPILOGUE:
                    continue
            elif src.op_class != "elementwise":
                continue
            readers = graph.consumers(src.node, ref.index)
            if len(readers) != 1 or ref.index >= len(src.out_bytes):
                continue
            elided = src.out_bytes[ref.index]
            src.out_bytes[ref.index] = 0
            src.bytes -= elided
            cost.bytes -= cost.in_bytes[slot]
            cost.in_bytes[slot] = 0
            cost.fused = True
            if mode == "epilogue":
                depth[id(cost)] = level
            break


def _time(cost: OpCost, target: Target, engines: dict[str, Engine]) -> None:
    launch, bandwidth = target.launch_and_bandwidth(cost.bytes)
    if cost.lane == HOST_LANE:
        host = target.host
        bandwidth = host.memory_bandwidth if host else target.memory_bandwidth
        launch = host.launch_seconds if host else launch
        cost.seconds = cost.bytes / bandwidth + launch
        cost.bound = "launch" if launch >= cost.bytes / bandwidth else "memory"
        return
    engine = engines[cost.lane]
    bandwidth = engine.bandwidth or bandwidth
    memory = cost.bytes / bandwidth
    compute = 0.0
    if cost.flops:
        work = "matrix" if cost.work == "matrix" else "vector"
        peak = engine.peak(work, cost.dtype)
        if peak is None and work == "vector":
            peak = engine.peak("matrix", cost.dtype)  # a matrix-only dtype table (e.g. fp8) is not vector work
        if peak is None:
            cost.unknown = f"{engine.name} has no {work} peak for {cost.dtype}"
            cost.seconds = None
            return
        if cost.dims is not None:
            cost.fill = fill(engine, *cost.dims)
            peak *= cost.fill
        compute = cost.flops / peak
    launch = 0.0 if cost.fused else launch
    efficiency = engine.efficiency_of(cost.node.op, cost.op_class)
    compute, memory = compute / efficiency, memory / efficiency
    cost.seconds = max(compute, memory) + launch
    cost.bound = "launch" if launch > max(compute, memory) else "compute" if compute >= memory else "memory"


def matmul_seconds(target: Target, dims: tuple[int, int, int, int], dtype: str | None, nbytes: int) -> float | None:
    """The time of a (batch, M, N, K) matmul of `dtype` moving `nbytes` on the target's matrix engine,
    priced as `price` prices a MatMul (fill, peak, bandwidth, launch); None without a peak for `dtype`."""
    engine = target.engine_for("matrix")
    if engine is None:
        return None
    batch, m, n, k = dims
    cost = OpCost(Node("matrix form", "MatMul"), "matrix", work="matrix", lane=engine.name,
                  flops=2 * batch * m * n * k, bytes=nbytes, dims=dims, dtype=dtype)
    _time(cost, target, {e.name: e for e in target.engines})
    return cost.seconds
