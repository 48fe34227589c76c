"""Static cost estimates on a target: bytes moved and FLOPs from static shapes, time from the
target's bandwidth and peaks. Unknown inputs give unknown costs; nothing is guessed."""

from __future__ import annotations

from tfperf.findings import Cost
from tfperf.ir import Shape, dtype_size, tensor_bytes
from tfperf.targets import Target


def memory_cost(nbytes: int | None, target: Target) -> Cost:
    """A pure data movement of `nbytes` (read + write already counted by the caller)."""
    return Cost(bytes_moved=nbytes, flops=0 if nbytes is not None else None,
                seconds=target.seconds_for_bytes(nbytes), target=target.name)


def roofline(nbytes: int | None, flops: int | None, compute_seconds: float | None, target: Target) -> Cost:
    """Work that computes `flops` in `compute_seconds` (at its engine's peak) and moves `nbytes`: it takes
    the longer of the two (a price is never below the time its bytes take); unknown if either is."""
    memory = target.seconds_for_bytes(nbytes)
    seconds = None if memory is None or compute_seconds is None else max(memory, compute_seconds)
    return Cost(bytes_moved=nbytes, flops=flops, seconds=seconds, target=target.name)


def transpose_cost(shape: Shape | None, dtype: str | None, target: Target) -> Cost:
    """A physical transpose: read the tensor (cache-line rounded runs of its last axis) and write it."""
    nbytes = tensor_bytes(shape, dtype)
    size = dtype_size(dtype)
    if nbytes is None or size is None or not shape:
        return Cost(target=target.name)
    real = [d for d in shape if d != 1] or [1]
    return memory_cost(target.transpose_traffic(nbytes, real[-1] * size), target)


def pad_cost(in_shape: Shape | None, out_shape: Shape | None, dtype: str | None, target: Target) -> Cost:
    """A Pad that survives graph compilation: one extra read of the input and write of the output."""
    a, b = tensor_bytes(in_shape, dtype), tensor_bytes(out_shape, dtype)
    return memory_cost(None if a is None or b is None else a + b, target)


def l2_penalty_cost(elements: int, itemsize: int, target: Target) -> Cost:
    """An L2 penalty of `elements` weights in the loss, per step: the forward pass reads them and
    reduces their squares (2 FLOPs each); the backward pass writes the penalty's gradient c*v (read v,
    write) and adds it to the data gradient (read two, write one). Element-wise: priced by bandwidth."""
    nbytes = (1 + 2 + 3) * elements * itemsize
    return Cost(bytes_moved=nbytes, flops=(2 + 1 + 1) * elements, seconds=target.seconds_for_bytes(nbytes),
                target=target.name)
