"""Is the rewritten function the same function? Run both on fresh random inputs and compare.

Inputs are drawn per dtype (floats normal, ints in a range the graph accepts, bools, complex);
dimensions the signature leaves open get a different size on each draw. Outputs must match in
structure, shape and dtype; integers, bools and strings exactly; floats within a tolerance set by
the dtype on the normwise relative error max|a - b| / max|b|, with NaN and inf where the
original has them and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from tfperf.ir import Graph
from tfperf.rewrite.freeze import RewriteError

# normwise relative error allowed per float dtype: a few ulps of accumulated reordering
TOLERANCE = {"float64": 1e-9, "float32": 1e-5, "float16": 1e-2, "bfloat16": 4e-2, "complex128": 1e-9, "complex64": 1e-5}
BATCH_SIZES = (2, 3, 1)  # an open batch axis takes these sizes on successive draws
OPEN_DIM = 32  # any other open axis: large enough for the downsampling of common vision models
DEFAULT_INT_HIGH = 100  # integers in [0, 100) unless the graph says they index something smaller


@dataclass(frozen=True)
class Mismatch:
    output: int  # index in the flat outputs
    reason: str

    def __str__(self) -> str:
        return f"output {self.output}: {self.reason}"


@dataclass(frozen=True)
class Verification:
    draws: int
    max_error: float  # worst normwise relative error over float outputs and draws (0.0 if none)
    tolerance: float | None  # the loosest tolerance that applied (None: no float outputs)
    numerics: bool = False  # a numerics rewrite (mixed precision): `tolerance` is the one stated for it
    argmax: tuple[int, int] | None = None  # classifier outputs: (rows whose arg-max agrees, decisive rows)


Range = tuple  # (low, high): values are drawn in [low, high)


def random_inputs(specs: Sequence[Any], rng: np.random.Generator, draw: int,
                  ranges: dict[int, "Range | int"] | None = None) -> list[np.ndarray]:
    """One draw of inputs for the flat TensorSpecs `specs`; `ranges` by input index: (low, high), or a
    bare high for integers from 0 (floats in a range are drawn uniformly, else normal)."""
    values = []
    for i, spec in enumerate(specs):
        if spec.shape.rank is None:
            raise RewriteError(f"input {i} ({spec.name}) has unknown rank: pass --input-shape to verify")
        shape = draw_shape(spec, draw)
        given = (ranges or {}).get(i)
        given = (0, given) if isinstance(given, int) else given
        dtype = spec.dtype
        if dtype.is_bool:
            value = rng.random(shape) < 0.5
        elif dtype.is_floating:
            value = rng.uniform(*given, shape) if given else rng.standard_normal(shape)
        elif dtype.is_complex:
            value = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
        elif dtype.is_integer:
            low, high = given or ((dtype.min, dtype.max + 1) if dtype.size == 1 else (0, DEFAULT_INT_HIGH))
            value = rng.integers(int(low), int(high), shape)
        else:
            raise RewriteError(f"input {i} ({spec.name}) is {dtype.name}: cannot draw random values to verify; "
                               "--no-verify skips verification")
        values.append(np.asarray(value).astype(dtype.as_numpy_dtype))
    return values


def draw_shape(spec: Any, draw: int = 0, batch_size: int | None = None) -> list[int]:
    """The concrete shape input `spec` takes on draw `draw`: an open batch axis takes `batch_size` (else
    BATCH_SIZES in turn), any other open axis OPEN_DIM."""
    batch = batch_size or BATCH_SIZES[draw % len(BATCH_SIZES)]
    return [d if d is not None else batch if axis == 0 else OPEN_DIM for axis, d in enumerate(spec.shape.as_list())]


def input_ranges(graph: Graph, input_names: Sequence[str], specs: Sequence[Any],
                 given: dict[str, Range] | None = None) -> dict[int, Range]:
    """Per input index, the range its random values are drawn from: what the user gave (`given`, by
    input name, "" for every input), narrowed for an integer input to the rows of every table it
    indexes (gathers, embeddings, one-hot depths), through casts, reshapes and Keras' wrapping of
    negative indices. RewriteError when a given range leaves nothing to draw."""
    given = given or {}
    ranges = {}
    for i, (name, spec) in enumerate(zip(input_names, specs)):
        base = name.split(":")[0]
        low, high = given.get(base) or given.get("") or (None, None)
        if spec.dtype.is_integer:
            node = graph.get(base)
            highs = [h for h in _index_bounds(graph, node, set()) if h]
            if highs:
                low, high = max(low or 0, 0), min([*highs, *([high] if high is not None else [])])
        if low is None and high is None:
            continue
        if high is not None and low is not None and high <= low:
            raise RewriteError(f"input {base!r}: no value to draw in [{low}, {high}) (--input-range, narrowed to the "
                               "rows of the tables it indexes)")
        ranges[i] = (low if low is not None else 0, high if high is not None else DEFAULT_INT_HIGH)
    return ranges


# ops whose output holds (some of) the values of their data input: an index keeps being an index
_CARRIES_VALUES = {"Identity", "Cast", "Reshape", "ExpandDims", "Squeeze", "StridedSlice", "Slice", "Transpose",
                   "Tile", "BroadcastTo", "Pack", "ConcatV2", "IdentityN", "Snapshot"}
_GATHERS = {"GatherV2": 2, "Gather": None, "ResourceGather": None}  # op -> slot of its axis (None: axis 0)


def _index_bounds(graph: Graph, node, seen: set) -> list[int | None]:
    """The rows of every table `node`'s values index, following them through value-carrying ops and
    selects (Keras' take: `where(i < 0, i + rows, i)`); arithmetic on them ends the walk."""
    found: list[int | None] = []
    if node is None or (node.function, node.name) in seen:
        return found
    seen.add((node.function, node.name))
    for reader, slot in graph.consumers(node):
        op = reader.op
        if op in _GATHERS and slot == 1:
            params = graph.input_shape(reader, 0)
            axis = graph.constant(reader, _GATHERS[op]) if _GATHERS[op] is not None else 0
            axis = axis[0] if isinstance(axis, list) and len(axis) == 1 else axis
            found.append(params[axis] if params and isinstance(axis, int) and -len(params) <= axis < len(params)
                         else None)
        elif op == "OneHot" and slot == 0:
            depth = graph.constant(reader, 1)
            found.append(depth if isinstance(depth, int) else None)
        elif op in ("SparseSoftmaxCrossEntropyWithLogits",) and slot == 1:
            logits = graph.input_shape(reader, 0)
            found.append(logits[-1] if logits else None)
        elif op in ("Select", "SelectV2") and slot in (1, 2):
            found += _index_bounds(graph, reader, seen)
        elif (op in _CARRIES_VALUES and (slot == 0 or op in ("Pack", "ConcatV2"))) or (op in _GATHERS and slot == 0):
            found += _index_bounds(graph, reader, seen)
    return found


def compare(expected: Sequence[Any], actual: Sequence[Any], tolerance: float | None = None,
            ) -> tuple[float, float | None, Mismatch | None]:
    """(worst normwise relative error, loosest tolerance used, first mismatch) of two flat output lists;
    `tolerance` (a numerics rewrite's) replaces the per-dtype ones of float outputs."""
    if len(expected) != len(actual):
        return 0.0, None, Mismatch(0, f"{len(actual)} outputs instead of {len(expected)}")
    worst, loosest = 0.0, None
    for i, (e, a) in enumerate(zip(expected, actual)):
        e, a = np.asarray(e), np.asarray(a)
        if e.shape != a.shape or e.dtype != a.dtype:
            return worst, loosest, Mismatch(i, f"{a.dtype}{list(a.shape)} instead of {e.dtype}{list(e.shape)}")
        allowed = TOLERANCE.get(e.dtype.name)
        if allowed is None:
            if not np.array_equal(e, a):
                return worst, loosest, Mismatch(i, f"{int(np.sum(e != a))} of {e.size} values differ")
            continue
        allowed = max(allowed, tolerance) if tolerance is not None else allowed
        loosest = max(loosest or 0.0, allowed)
        error, reason = _float_error(e, a)
        worst = max(worst, error)
        if reason or error > allowed:
            return worst, loosest, Mismatch(i, reason or f"max relative error {error:.3g} > {allowed:g} ({e.dtype})")
    return worst, loosest, None


def _float_error(expected: np.ndarray, actual: np.ndarray) -> tuple[float, str | None]:
    wide = np.complex128 if np.iscomplexobj(expected) else np.float64
    e, a = expected.astype(wide), actual.astype(wide)
    if (np.isnan(e) != np.isnan(a)).any():
        return float("inf"), f"NaN at {int(np.sum(np.isnan(e) != np.isnan(a)))} places where the original has none (or v.v.)"
    infinite = np.isinf(e)
    if (infinite != np.isinf(a)).any() or (e[infinite] != a[infinite]).any():
        return float("inf"), "infinities differ from the original's"
    finite = np.isfinite(e)
    if not finite.any():
        return 0.0, None
    scale = float(np.max(np.abs(e[finite])))
    diff = float(np.max(np.abs(e[finite] - a[finite])))
    return (diff / scale if scale else diff), None


def argmax_agreement(expected: Sequence[Any], actual: Sequence[Any], tolerance: float) -> tuple[int, int]:
    """(rows whose arg-max agrees, decisive rows) over the classifier-shaped outputs (float, rank 2,
    more than one column). A row is decisive when its top value leads the runner-up by more than
    twice the tolerance times the output's largest magnitude: within the tolerance no rewrite can
    be told to have swapped them (random weights give many near-ties)."""
    agree = decisive = 0
    for e, a in zip(expected, actual):
        e, a = np.asarray(e, np.float64), np.asarray(a, np.float64)
        if e.ndim != 2 or e.shape[1] < 2 or not np.issubdtype(e.dtype, np.floating) or not np.isfinite(e).all():
            continue
        top2 = np.sort(e, axis=1)[:, -2:]
        clear = (top2[:, 1] - top2[:, 0]) > 2 * tolerance * float(np.max(np.abs(e)))
        decisive += int(clear.sum())
        agree += int((np.argmax(e, axis=1) == np.argmax(a, axis=1))[clear].sum())
    return agree, decisive


def check(reference: Callable[[list], list], candidate: Callable[[list], list], draws_inputs: Sequence[list],
          tolerance: float | None = None) -> tuple[Verification, tuple[list, Mismatch] | None]:
    """Compare `candidate` with `reference` on each list of inputs; (summary, (inputs, first mismatch)).
    With `tolerance` (a numerics rewrite's), float outputs are held to it and classifier outputs'
    decisive arg-maxes must all agree."""
    worst, loosest, agree, decisive = 0.0, None, 0, 0

    def summary() -> Verification:
        return Verification(len(draws_inputs), worst, loosest, tolerance is not None,
                            (agree, decisive) if tolerance is not None else None)

    for inputs in draws_inputs:
        expected, actual = reference(inputs), candidate(inputs)
        error, used, mismatch = compare(expected, actual, tolerance)
        worst, loosest = max(worst, error), max(loosest or 0.0, used) if used else loosest
        if mismatch is None and tolerance is not None:
            rows = argmax_agreement(expected, actual, tolerance)
            agree, decisive = agree + rows[0], decisive + rows[1]
            if rows[0] < rows[1]:
                mismatch = Mismatch(0, f"the arg-max differs in {rows[1] - rows[0]} of {rows[1]} decisive rows")
        if mismatch is not None:
            return summary(), (inputs, mismatch)
    return summary(), None
