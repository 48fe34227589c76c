"""The batch-size advice: memory and throughput as functions of the batch, the limits, the recommendation.

The guide's first section: a large batch for throughput, bounded by the device's memory, by a
latency requirement, and in data-parallel training by convergence. From a step fitted as a function
of its batch (`rebatch.BatchedGraph`, two traces) the step model (`tfperf.cost`) prices the step at
any batch on the target:

- memory(B): the schedule's peak (weights, optimizer slots, gradients and the activations kept for
  the backward pass, as liveness has them); capacity = the device's memory less a stated reserve;
  the largest batch that fits is found on that curve;
- throughput(B) = B / step(B) at powers of two up to the largest batch that fits; the knee is the
  smallest batch within 5% of the best samples/s;
- latency: the largest batch whose step stays under a bound;
- convergence: a cap on the global batch (`convergence`), divided among the devices.

The recommendation is the smallest limit, and the one that binds is named. TensorFlow-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tfperf.batch.convergence import CriticalBatch, NoiseScale, learning_rate_advice
from tfperf.batch.rebatch import BatchedGraph, BatchError
from tfperf.cost.estimate import Estimate, estimate_graph
from tfperf.cost.ops import OPAQUE_DTYPES
from tfperf.ir import Graph
from tfperf.targets import Target, load, memory_text

RESERVE = 0.10  # share of the device's memory kept back (see `reserve_reason`)
KNEE = 0.05  # the knee: the smallest batch within this share of the best samples/s
MAX_BATCH = 65536  # per device: the search looks no further

# what the reserve stands for: nobody publishes it, so it is stated, and --reserve changes it
RESERVE_REASON = ("kept back for the runtime, the compiler's and libraries' workspaces and allocator fragmentation, "
                  "which the step model does not see (an assumption: no vendor publishes it)")

# optimizer slots per trainable weight (Keras 3 optimizers: the variables `build` adds for each weight)
SLOTS = {"sgd": 0, "adam": 2, "adamw": 2, "adamax": 2, "nadam": 2, "lamb": 2, "adadelta": 2, "ftrl": 2,
         "adagrad": 1, "rmsprop": 1, "lion": 1}

LIMIT_ORDER = ("latency", "convergence", "memory", "search limit", "throughput knee")  # how ties are listed


@dataclass(frozen=True)
class Point:
    """The step at one batch size, as the step model prices it on the target."""

    batch: int
    step_seconds: float
    peak_bytes: int
    fits: bool

    @property
    def samples_per_second(self) -> float:
        return self.batch / self.step_seconds if self.step_seconds > 0 else 0.0

    def to_dict(self) -> dict:
        return {"batch": self.batch, "step_seconds": self.step_seconds, "samples_per_second": self.samples_per_second,
                "peak_bytes": self.peak_bytes, "fits": self.fits}


@dataclass(frozen=True)
class Limit:
    """One bound on the batch per device: its name ("memory", ...), the largest batch it allows, why."""

    name: str
    batch: int
    reason: str

    def to_dict(self) -> dict:
        return {"name": self.name, "batch": self.batch, "reason": self.reason}


@dataclass(frozen=True)
class MemoryModel:
    """Device memory of the step as a function of the batch, split as the step model sees it.

    `fixed_bytes + per_sample_bytes * B` is the line through the step model's peaks at two batch
    sizes near the largest that fits; the limits use the step model's peak at each batch itself.
    """

    points: tuple[tuple[int, int], ...]  # (batch, peak bytes) the line goes through
    weights: int  # trainable variables
    optimizer_slots: int | None  # slots per weight x weights, when the optimizer is known
    optimizer: str | None
    other_state: int  # the other variables: batch-norm statistics, counters (and slots, if the optimizer is unknown)
    constants: int
    gradients: int | None  # training: one per trainable weight (live together when the optimizer applies them)

    @property
    def per_sample_bytes(self) -> float:
        (b0, m0), (b1, m1) = self.points
        return (m1 - m0) / (b1 - b0)

    @property
    def fixed_bytes(self) -> float:
        b0, m0 = self.points[0]
        return m0 - self.per_sample_bytes * b0

    def to_dict(self) -> dict:
        return {"line_through": [{"batch": b, "peak_bytes": m} for b, m in self.points], "weights": self.weights,
                "optimizer": self.optimizer, "optimizer_slots": self.optimizer_slots, "other_state": self.other_state,
                "constants": self.constants, "gradients": self.gradients, "fixed_bytes": self.fixed_bytes,
                "per_sample_bytes": self.per_sample_bytes}


@dataclass
class Advice:
    origin: str
    target: str
    training: bool
    memory: MemoryModel
    device_bytes: int
    reserve: float
    curve: list[Point]  # powers of two up to the largest batch that fits, and that batch
    limits: list[Limit]
    recommended: int
    binding: str  # the limit(s) that set the recommendation
    devices: int = 1
    current: int | None = None  # the batch the user runs now
    current_point: Point | None = None  # the step model at that batch
    critical: CriticalBatch | None = None
    noise: NoiseScale | None = None
    learning_rate: str | None = None
    notes: list[str] = field(default_factory=list)
    measured: list[dict] = field(default_factory=list)  # --measure: model vs this machine
    search: dict | None = None  # --memory-budget: the largest batch within a budget here (measure.search)

    @property
    def capacity_bytes(self) -> int:
        return int(self.device_bytes * (1 - self.reserve))

    def limit(self, name: str) -> Limit | None:
        return next((limit for limit in self.limits if limit.name == name), None)

    @property
    def largest_fitting(self) -> int:
        """The largest batch that fits (or the end of the search, when memory does not bind before it)."""
        return (self.limit("memory") or self.limit("search limit")).batch

    def to_dict(self) -> dict:
        return {"origin": self.origin, "target": self.target, "mode": "training" if self.training else "inference",
                "recommended": self.recommended, "binding": self.binding, "current": self.current,
                "current_point": self.current_point.to_dict() if self.current_point else None,
                "far_from_advice": far_from_advice(self),
                "devices": self.devices, "global_batch": self.recommended * self.devices,
                "limits": [limit.to_dict() for limit in self.limits],
                "memory": {**self.memory.to_dict(), "device_bytes": self.device_bytes, "reserve": self.reserve,
                           "reserve_reason": RESERVE_REASON, "capacity_bytes": self.capacity_bytes},
                "curve": [p.to_dict() for p in self.curve],
                "convergence": self.critical.to_dict() if self.critical else None,
                "noise_scale": self.noise.to_dict() if self.noise else None,
                "learning_rate": self.learning_rate, "notes": self.notes, "measured": self.measured,
                "search": self.search}


@dataclass(frozen=True)
class Options:
    """What the user asked for besides the model."""

    devices: int = 1
    latency_ms: float | None = None
    current: int | None = None
    critical: CriticalBatch | None = None
    noise: NoiseScale | None = None
    optimizer: str | None = None  # "Adam", "SGD(momentum=0.9)": the slots' table key is the class name
    reserve: float = RESERVE
    max_batch: int = MAX_BATCH


def advise_batched(batched: BatchedGraph, target: Target | str | None, *, training: bool,
                   options: Options = Options()) -> Advice:
    """The advice for a step fitted from two traces (see the module's docstring)."""
    target = target if isinstance(target, Target) else load(target)
    if options.current and options.current > options.max_batch:  # the search reaches the batch the user runs
        options = replace(options, max_batch=options.current)
    if training and options.optimizer is None:
        options = replace(options, optimizer=optimizer_in(batched.base))
    if not 0 <= options.reserve < 1:
        raise ValueError(f"the reserve is a share of the device's memory in [0, 1), not {options.reserve}")
    pricer = _Pricer(batched, target, int(target.memory_bytes * (1 - options.reserve)))
    notes = pricer.check_probes()
    if pricer.point(options.max_batch).peak_bytes <= pricer.point(1).peak_bytes:
        raise BatchError(f"{batched.origin}: the step's device memory does not grow with the batch (batch 1 and "
                         f"batch {options.max_batch} both need {memory_text(pricer.point(1).peak_bytes)}): its batch-sized "
                         "tensors are on the host or not counted, so the memory limit cannot be found")
    largest = _largest_fitting(pricer, options.max_batch)
    memory = _memory_model(pricer, training, options.optimizer, largest)
    curve = [pricer.point(b) for b in _powers_below(largest)] + [pricer.point(largest)]
    limits = [_memory_limit(pricer, largest, options.max_batch), _knee_limit(curve)]
    if options.latency_ms is not None:
        limits.append(_latency_limit(pricer, curve, largest, options.latency_ms))
    critical = options.critical or (options.noise.critical() if options.noise else None)
    if critical is not None:
        limits.append(_convergence_limit(critical, options.devices))
    recommended = min(limit.batch for limit in limits)
    binding = _binding(limits, recommended, options.devices)
    advice = Advice(batched.origin, target.name, training, memory, target.memory_bytes, options.reserve, curve,
                    limits, recommended, binding, devices=options.devices, current=options.current,
                    critical=critical, noise=options.noise, notes=notes)
    if options.current:
        advice.current_point = pricer.point(options.current)
    if training and options.current:
        advice.learning_rate = learning_rate_advice(options.current, recommended, options.optimizer)
    if batched.unfitted:
        notes.append(f"{batched.unfitted} tensor dimension(s) change with the batch in no straight line (e.g. "
                     "ceil(batch / 2)); at other batch sizes their tensors are unknown and left out")
    if critical is not None and critical.note:
        notes.append(f"convergence cap: {critical.note}")
    if critical is None and training:
        notes.append("no convergence cap: tfperf knows no published critical batch for this model; give --dataset to "
                     "measure the gradient noise scale, or --critical-batch")
    return advice


def is_training_step(graph: Graph) -> bool:
    """A step that updates variables the way optimizers do (Keras 3: assign_sub/assign_add; TF's ResourceApply*)."""
    return any(n.op in ("AssignSubVariableOp", "AssignAddVariableOp") or n.op.startswith("ResourceApply")
               for n in graph.nodes)


def far_from_advice(advice: Advice) -> list[str]:
    """Why the batch the user runs is far from the advice (TFP801, `tfperf batch`'s exit 1): over what
    fits, a global batch over the convergence cap, or under a quarter of the recommendation."""
    current = advice.current
    if not current:
        return []
    found = []
    memory, now = advice.limit("memory"), advice.current_point
    if now is not None and not now.fits:
        found.append(f"batch {current:,} needs {memory_text(now.peak_bytes)}, more than the {memory_text(advice.capacity_bytes)} "
                     f"{advice.target} offers (its memory less the reserve), which holds batch {memory.batch:,}")
    cap = advice.critical
    if cap is not None and current * advice.devices > cap.batch:
        found.append(f"a global batch of {current * advice.devices:,} ({advice.devices} device(s)) is over the "
                     f"convergence cap of about {cap.batch:,} for {cap.family}")
    if not found and current * 4 < advice.recommended:
        point = next((p for p in advice.curve if p.batch == advice.recommended), None)
        gain = ""
        if point is not None and now is not None and now.samples_per_second > 0:
            gain = f": {point.samples_per_second / now.samples_per_second:.3g}x the samples/s"
        found.append(f"batch {current:,} is under a quarter of the recommended {advice.recommended:,} (set by "
                     f"{advice.binding}){gain}; the device is underused")
    return found


class _Pricer:
    """The step model at each batch size, priced once."""

    def __init__(self, batched: BatchedGraph, target: Target, capacity: int):
        self.batched, self.target, self.capacity = batched, target, capacity
        self._points: dict[int, Point] = {}
        self.estimates: dict[int, Estimate] = {}

    def point(self, batch: int) -> Point:
        if batch not in self._points:
            estimate = estimate_graph(self.batched.at(batch), self.target, top=0, gaps=0)
            self._points[batch] = Point(batch, estimate.step_seconds, estimate.memory.peak_bytes,
                                        estimate.memory.peak_bytes <= self.capacity)
            if batch in self.batched.probes:
                self.estimates[batch] = estimate
        return self._points[batch]

    def check_probes(self) -> list[str]:
        """Unknown shapes are an error (memory would be undercounted); ops of unknown cost are a note."""
        for batch in self.batched.probes:
            self.point(batch)
        unknown = _unknown_tensors(self.batched.base)
        if unknown:
            shown = ", ".join(f"{n.op} {n.name}" for n in unknown[:3])
            raise BatchError(f"{self.batched.origin}: {len(unknown)} tensor(s) of the step have unknown shapes "
                             f"({shown}...), so its memory cannot be counted; give every input's shape (--input-shape) "
                             "or a model whose shapes follow from its inputs")
        priced = self.estimates[self.batched.probes[0]]
        if priced.ops_unknown:
            return [f"{priced.ops_unknown} op(s) have no price on {self.target.name} (in loops, or dtypes its engines "
                    "lack): the step times leave them out"]
        return []


def _unknown_tensors(graph: Graph) -> list:
    """Nodes with an output of unknown shape, but for index vectors (the int shapes that gradient code
    computes, BroadcastGradientArgs' reduction axes): a few bytes whatever their length."""
    found = []
    for node in graph.nodes:
        for k, dtype in enumerate(node.output_dtypes):
            shape = node.shape(k)
            if dtype in OPAQUE_DTYPES or (shape is not None and None not in shape):
                continue
            if dtype in ("int32", "int64") and shape is not None and len(shape) <= 1:
                continue
            found.append(node)
            break
    return found


def _memory_model(pricer: _Pricer, training: bool, optimizer: str | None, largest: int) -> MemoryModel:
    """The split of the step's memory, and the line through its peaks at the end of the curve (at
    small batches the peak may sit where the optimizer updates the weights, not where the
    activations are all live)."""
    ends = (max(1, largest // 2), largest) if largest > 1 else (1, 2)
    points = tuple((b, pricer.point(b).peak_bytes) for b in ends)
    memory = pricer.estimates[pricer.batched.probes[0]].memory
    slots_each = slots_per_weight(optimizer) if training else None
    slots = None if slots_each is None else min(slots_each * memory.weights_bytes, memory.other_variables_bytes)
    return MemoryModel(points, memory.weights_bytes, slots, optimizer if training else None,
                       memory.other_variables_bytes - (slots or 0), memory.constants_bytes,
                       memory.weights_bytes if training else None)


OPTIMIZER_NAMES = {name.lower(): name for name in ("SGD", "Adam", "AdamW", "Adamax", "Nadam", "Lamb", "Adadelta",
                                                    "Ftrl", "Adagrad", "RMSprop", "Lion")}


def optimizer_in(graph: Graph) -> str | None:
    """The Keras 3 optimizer of a training step, from its variables' names ("adam/iteration",
    "sgd/dense_kernel_momentum"): "Adam", "SGD(momentum)"; None when there is none to tell."""
    names = [n.variable.name for n in graph.nodes if n.variable is not None and not n.variable.trainable]
    for name in names:
        scope = re.sub(r"_\d+$", "", name.split("/")[0].lower())  # Keras names the second SGD of a process sgd_1
        if scope in OPTIMIZER_NAMES:
            flags = [flag for flag in ("momentum",) if scope in ("sgd", "rmsprop") and any(
                other.startswith(f"{name.split('/')[0]}/") and other.endswith(f"_{flag}") for other in names)]
            return OPTIMIZER_NAMES[scope] + (f"({', '.join(flags)})" if flags else "")
    return None


def slots_per_weight(optimizer: str | None) -> int | None:
    """Slots per weight of an optimizer described as "Adam" or "SGD(momentum=0.9)"; None when unknown."""
    if not optimizer:
        return None
    name, _, args = optimizer.partition("(")
    base = SLOTS.get(name.strip().lower())
    if base is None:
        return None
    extra = ("momentum" in args and name.lower() in ("sgd", "rmsprop")) + ("amsgrad" in args) + ("centered" in args)
    return base + extra


def _largest_fitting(pricer: _Pricer, max_batch: int) -> int:
    """The largest batch whose peak fits. The peak is nearly a straight line in the batch, so the
    search interpolates (regula falsi, from the line through the traced batch sizes) and bisects
    only when an interpolation does not halve the bracket: a handful of step-model runs."""
    if not pricer.point(1).fits:
        raise BatchError(f"{pricer.batched.origin}: even batch 1 needs {memory_text(pricer.point(1).peak_bytes)} of the "
                         f"{memory_text(pricer.capacity)} {pricer.target.name} offers (its memory less the reserve): the model "
                         "does not fit on one device")
    if pricer.point(max_batch).fits:
        return max_batch
    low, high = 1, max_batch  # low fits, high does not
    line = [(b, pricer.point(b).peak_bytes) for b in (low, high)]
    interpolate = True
    while high - low > 1:
        width = high - low
        guess = _on_line(line, pricer.capacity) if interpolate else None
        guess = (low + high) // 2 if guess is None else min(max(guess, low + 1), high - 1)
        if pricer.point(guess).fits:
            low = guess
            neighbour = guess + 1  # a good guess is the answer: its neighbour settles it
        else:
            high = guess
            neighbour = guess - 1
        if low < neighbour < high:
            low, high = (neighbour, high) if pricer.point(neighbour).fits else (low, neighbour)
        line = [(b, pricer.point(b).peak_bytes) for b in (low, high)]
        interpolate = high - low <= width // 2  # an interpolation that did not halve the bracket: bisect once
    return low


def _on_line(points: list[tuple[int, int]], capacity: int) -> int | None:
    """The batch where the line through two (batch, bytes) points reaches `capacity`."""
    (b0, m0), (b1, m1) = points
    if b1 == b0 or m1 <= m0:
        return None
    return int(b0 + (capacity - m0) * (b1 - b0) / (m1 - m0))


def _powers_below(batch: int) -> list[int]:
    powers, b = [], 1
    while b < batch:
        powers.append(b)
        b *= 2
    return powers


def _memory_limit(pricer: _Pricer, largest: int, max_batch: int) -> Limit:
    p = pricer.point(largest)
    if largest >= max_batch:  # memory does not bind: the search's end does
        return Limit("search limit", largest, f"batch {largest} needs only {memory_text(p.peak_bytes)} of "
                                              f"{memory_text(pricer.capacity)}; tfperf looks no further than {max_batch}")
    over = pricer.point(largest + 1)
    # one sample apart the peaks differ in the third decimal: print enough to show it
    return Limit("memory", largest, f"batch {largest} needs {memory_text(p.peak_bytes, 3)}, {largest + 1} needs "
                                    f"{memory_text(over.peak_bytes, 3)}: {memory_text(pricer.capacity, 3)} is "
                                    f"{pricer.target.name}'s memory less the reserve")


def _knee_limit(curve: list[Point]) -> Limit:
    """The smallest batch within KNEE of the best samples/s on the curve."""
    best = max(curve, key=lambda p: p.samples_per_second)
    knee = next(p for p in curve if p.samples_per_second >= (1 - KNEE) * best.samples_per_second)
    if knee is curve[-1] and len(curve) > 1:
        return Limit("throughput knee", knee.batch, f"samples/s still rise at batch {knee.batch:,} "
                                                     f"({knee.samples_per_second:,.0f}): no knee before it")
    return Limit("throughput knee", knee.batch, f"{knee.samples_per_second:,.0f} samples/s, within {KNEE:.0%} of "
                                                f"the best ({best.samples_per_second:,.0f} at batch {best.batch:,})")


def _latency_limit(pricer: _Pricer, curve: list[Point], largest: int, latency_ms: float) -> Limit:
    bound = latency_ms / 1e3
    if pricer.point(1).step_seconds > bound:
        raise BatchError(f"{pricer.batched.origin}: even batch 1 takes {pricer.point(1).step_seconds * 1e3:.3g} ms on "
                         f"{pricer.target.name}, over --latency-ms {latency_ms:g}")
    low = max(p.batch for p in curve if p.step_seconds <= bound)
    high = next((p.batch for p in curve if p.batch > low), largest + 1)
    while high - low > 1:  # the step time grows with the batch
        middle = (low + high) // 2
        low, high = (middle, high) if pricer.point(middle).step_seconds <= bound else (low, middle)
    return Limit("latency", low, f"batch {low} takes {pricer.point(low).step_seconds * 1e3:.3g} ms, within "
                                 f"{latency_ms:g} ms")


def _binding(limits: list[Limit], recommended: int, devices: int) -> str:
    """The names of the limits at the recommendation. A knee at the memory limit means samples/s were
    still rising when memory ran out: memory binds."""
    names = [name for name in LIMIT_ORDER if any(lim.name == name and lim.batch == recommended for lim in limits)]
    if ("memory" in names or "search limit" in names) and "throughput knee" in names:
        names.remove("throughput knee")
    return " and ".join(f"convergence at {devices} device{'s' if devices > 1 else ''}" if name == "convergence"
                        else name for name in names)


def _convergence_limit(critical: CriticalBatch, devices: int) -> Limit:
    per_device = critical.per_device(devices)
    return Limit("convergence", per_device, f"a global batch of about {critical.batch:,} for {critical.family}, over "
                                   f"{devices} device(s): {per_device:,} each ({critical.source})")


