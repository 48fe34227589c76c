"""freeze -> passes -> rebuild -> verify (-> measure): the whole of `tfperf optimize`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from tfperf import targets
from tfperf.errors import describe
from tfperf.findings import Finding
from tfperf.capture.errors import CaptureError
from tfperf.rewrite.bench import grappler, time_interleaved
from tfperf.rewrite.freeze import Frozen, RewriteError, freeze, node_count
from tfperf.rewrite.passes import Pass, Site
from tfperf.rewrite.rebuild import Rebuilt, save
from tfperf.rewrite.report import BenchReport, OptimizeReport, PassReport, Predicted, SiteReport
from tfperf.rewrite.verify import Mismatch, Verification, check, compare, draw_shape, input_ranges, random_inputs
from tfperf.rules.base import CheckContext, all_rules

MME_MODES = ("cost", "measure", "always")
MAX_ITERATIONS = 5  # rounds of the whole pass list; each round that changes something removes nodes
# Ops whose effect reaches outside the graph (files, the console, Python, summaries, checkpoints, other
# devices and hosts): running the graph to verify or time it would repeat that effect each time.
SIDE_EFFECT_OPS = frozenset({
    "WriteFile", "ReadFile", "MatchingFiles", "Print", "PrintV2", "PyFunc", "PyFuncStateless", "EagerPyFunc",
    "Save", "SaveV2", "SaveSlices", "Restore", "RestoreV2", "RestoreSlice", "MergeV2Checkpoints",
    "ImportEvent", "FlushSummaryWriter", "CloseSummaryWriter", "CreateSummaryFileWriter", "CreateSummaryDbWriter",
    "Send", "Recv", "_Send", "_Recv", "_HostSend", "_HostRecv", "OutfeedEnqueue", "OutfeedEnqueueTuple",
    "TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset",
    "FixedLengthRecordDatasetV2", "DebugIdentity", "DebugIdentityV2", "DebugIdentityV3",
})
SIDE_EFFECT_PREFIXES = ("Write", "Collective", "Nccl", "DebugNumericSummary")  # WriteScalarSummary, CollectiveReduceV2...
# The normwise relative error (max|a - b| / max|b|) a bfloat16 conversion may add to a result:
# 2^-4, sixteen times bfloat16's unit roundoff (2^-8), for errors that grow over a network's depth.
# Keras' own mixed_bfloat16 policy stays within it on the benchmark's models (benchmarks/mixed_precision.py).
BF16_TOLERANCE = 2 ** -4


class VerificationFailed(Exception):
    """The rewritten function computes something else; nothing was written."""


@dataclass
class Step:
    """One pass over the graph: what it saw, what it made, where."""

    pass_: Pass
    before: Frozen
    after: Frozen
    sites: list[Site]


class Optimized:
    """The optimized function (call it like the original) and the report of how it came to be."""

    def __init__(self, original: Any, rebuilt: Rebuilt, report: OptimizeReport, before: Frozen):
        self.original = original  # the ConcreteFunction that was optimized
        self.rebuilt = rebuilt
        self.report = report
        self.before = before  # the frozen graph before any pass (a control for measurements)

    @property
    def function(self) -> Any:
        """The optimized ConcreteFunction, with the original's input signature and output structure."""
        return self.rebuilt.concrete

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.rebuilt(*args, **kwargs)

    def save(self, out_dir: str) -> None:
        """Write a SavedModel (`tf.saved_model.load(out_dir)` loads it, no tfperf needed)."""
        save_all({"serving_default": self}, out_dir)


def save_all(optimized: dict[str, Optimized], out_dir: str) -> None:
    save({name: o.rebuilt for name, o in optimized.items()}, out_dir)
    for o in optimized.values():
        o.report.saved_to = out_dir


def optimize(model_or_fn: Any, input_signature: Sequence[Any] | None = None, *, origin: str | None = None,
             batch_size: int | None = None, **options: Any) -> Optimized:
    """Optimize a Keras model, tf.function (with `input_signature` if it has none), ConcreteFunction
    or a factory of one. `options`: see `optimize_concrete`."""
    from tfperf.capture import build, trace_object
    from tfperf.capture.live import is_keras_model, keras_layer_names

    origin = origin or getattr(model_or_fn, "name", None) or getattr(model_or_fn, "__name__", type(model_or_fn).__name__)
    model = build(model_or_fn, origin)
    concrete = trace_object(model, origin, _input_specs(input_signature), batch_size)
    layers = keras_layer_names(model) if is_keras_model(model) else ()
    return optimize_concrete(concrete, origin, layers=layers, batch_size=batch_size, **options)


def optimize_saved_model(path: str, signature: str | None = None, *, input_specs: Sequence | None = None,
                         batch_size: int | None = None, **options: Any) -> dict[str, Optimized]:
    """Optimize every signature of a SavedModel (or only `signature`), by signature name; `input_specs`
    ((shape, dtype) by sorted input name) and `batch_size` fill the dimensions its signatures leave open."""
    from tfperf.capture.proto import read_saved_model

    read_saved_model(path)  # missing or corrupt: a clear one-line error before TensorFlow's
    loaded = _load(path)
    names = sorted(loaded.signatures)
    if not names:
        raise RewriteError(f"{path}: SavedModel has no signatures to optimize")
    if signature is not None and signature not in names:
        raise RewriteError(f"{path}: no signature {signature!r}; it has: {', '.join(names)}")
    return {name: optimize_concrete(_with_shapes(loaded.signatures[name], f"{path}[{name}]", input_specs, batch_size),
                                    f"{path}[{name}]", batch_size=batch_size, **options)
            for name in ([signature] if signature else names)}


def _with_shapes(concrete: Any, origin: str, input_specs: Sequence | None, batch_size: int | None) -> Any:
    """A signature function traced again with its open dimensions filled (the same function otherwise)."""
    import tensorflow as tf

    from tfperf.capture.live import fill_signature

    if not input_specs and batch_size is None:
        return concrete
    args, kwargs = fill_signature(concrete.structured_input_signature, origin, input_specs, batch_size)
    return tf.function(lambda *a, **kw: concrete(*a, **kw)).get_concrete_function(*args, **kwargs)


def optimize_concrete(concrete: Any, origin: str, *, layers: Sequence[str] = (), target: Any = None,
                      mme_reductions: str | None = None, xla: bool | None = None, verify: bool = True, draws: int = 3,
                      bench: bool = False, repeats: int = 30, input_ranges: dict | None = None,
                      batch_size: int | None = None, allow_side_effects: bool = False, bf16: bool = False,
                      bf16_tolerance: float = BF16_TOLERANCE) -> Optimized:
    """Freeze `concrete`, run the passes, rebuild, verify on `draws` random draws (unless `verify`
    is False) and, with `bench`, time original and optimized `repeats` times each.

    Verifying and timing run the graph: one with side effects (SIDE_EFFECT_OPS: files, print, Python
    callbacks...) is refused with a RewriteError unless `allow_side_effects`.

    `mme_reductions`: None (off), "cost" (where the target's peaks say it pays), "measure" (keep
    it if it is faster here), "always". `xla`: keep the graph compilable by XLA (jit_compile); None:
    as the target runs models (GPU targets compile with XLA). `input_ranges`: {input name ("" for
    all): (low, high)} to draw random inputs from. `batch_size`: an open batch axis takes it when
    pricing and measuring (default 2). `bf16`: also convert to mixed precision (TFP701's numerics
    rewrite, in the target's fastest 16-bit dtype), verified within `bf16_tolerance`.
    """
    if mme_reductions not in (None, *MME_MODES):
        raise ValueError(f"mme_reductions must be one of {MME_MODES} or None, not {mme_reductions!r}")
    target = target if isinstance(target, targets.Target) else targets.load(target)
    xla = target.xla_compiled if xla is None else xla
    ctx = CheckContext(target, origin, {"mme_reductions": mme_reductions, "xla": xla})
    frozen = freeze(concrete, origin)
    if (verify or bench or mme_reductions == "measure") and not allow_side_effects:
        refuse_side_effects(frozen.graph_def, origin)
    sample = Sample(frozen, input_ranges, batch_size)
    notes = _mixed_precision_options(ctx, frozen, sample) if bf16 else []
    steps, pass_notes = _run_passes(frozen, passes_for(ctx), ctx, sample, repeats)
    notes += pass_notes
    rebuilt = Rebuilt(steps[-1].after if steps else frozen)
    tolerance = bf16_tolerance if any(s.pass_.numerics and s.sites for s in steps) else None
    verification = _verify(concrete, rebuilt, steps, ctx, draws, sample, tolerance) if verify else None
    if not verify:
        notes.insert(0, "NOT VERIFIED: --no-verify skipped running original and optimized on random inputs")
    if frozen.graph_def.library.function:
        notes.append(f"{len(frozen.graph_def.library.function)} function bodies (While/If branches...) left as they are")
    measured, removed_by_grappler = _bench(concrete, rebuilt, frozen, repeats, sample) if bench else (None, None)
    findings = _findings(concrete, origin, layers, target, steps)
    passes = _pass_reports(steps, findings, removed_by_grappler)
    predicted = Predicted(sample.describe(), sample.pricer(target)(frozen), sample.pricer(target)(rebuilt.frozen))
    report = OptimizeReport(origin, target.name, passes, (node_count(frozen), node_count(rebuilt.frozen)),
                            verification, measured, notes, predicted=predicted)
    return Optimized(concrete, rebuilt, report, frozen)


def refuse_side_effects(graph_def: Any, origin: str) -> None:
    """RewriteError naming the ops of `graph_def` (function bodies included) that act outside the graph."""
    nodes = [*graph_def.node, *(n for f in graph_def.library.function for n in f.node_def)]
    found: dict[str, str] = {}
    for node in nodes:
        if node.op in SIDE_EFFECT_OPS or node.op.startswith(SIDE_EFFECT_PREFIXES):
            found.setdefault(node.op, node.name)
    if found:
        listed = ", ".join(f"{op} (node {name})" for op, name in sorted(found.items()))
        raise RewriteError(f"{origin}: holds ops with side effects that verification would run: {listed}; "
                           "--allow-side-effects runs them anyway, --no-verify runs nothing")


def _mixed_precision_options(ctx: CheckContext, frozen: Frozen, sample: "Sample") -> list[str]:
    """Turn the mixed-precision pass on, in the target's fastest 16-bit dtype, with what it needs to
    know of this machine: which ops have a 16-bit kernel here, and the weights it may store 16-bit."""
    found = ctx.target.sixteen_bit()
    dtype = found[0] if found else "bfloat16"
    graph = frozen.ir(sample.shapes)
    ctx.options.update(bf16=dtype, bf16_supported=_kernels_16bit(graph, dtype), bf16_stored=frozenset(frozen.weights))
    if found is None:
        return [f"mixed-precision: {ctx.target.name}'s matrix engine runs no 16-bit dtype faster than float32; "
                "the plan converts only what the step model prices cheaper there"]
    return []


def _kernels_16bit(graph: Any, dtype: str) -> dict[str, bool]:
    """Op type -> whether this machine's TensorFlow has a `dtype` kernel for it (as the graph uses it)."""
    from dataclasses import replace

    from tfperf.amp.plan import convertible, retyped_t
    from tfperf.capture.placement import has_kernel
    from tfperf.capture._quiet import native_stderr_silenced

    found: dict[str, bool] = {}
    with native_stderr_silenced():  # a failed kernel lookup logs from C++
        for node in graph:
            if node.op not in found and convertible(node):
                found[node.op] = bool(has_kernel(replace(node, attrs={**node.attrs, "T": retyped_t(node, dtype)}), "CPU"))
    return found


def passes_for(ctx: CheckContext) -> list[Pass]:
    """The rewrite of every rule that names one (`Rule.fix_pass`) and that this run enables, by the
    passes' `rank`, then rule code: folds that remove a transpose outright before merges (a merge
    can turn a transpose a matmul would absorb into one it cannot), then pads, then reductions
    (measured last)."""
    found = [rule.fix_pass(rule.code) for rule in all_rules() if rule.fix_pass is not None]
    return sorted((p for p in found if p.enabled(ctx)), key=lambda p: (p.rank, p.code))


def _run_passes(frozen: Frozen, passes: list[Pass], ctx: CheckContext, sample: "Sample",
                repeats: int) -> tuple[list[Step], list[str]]:
    """Run the passes in order, again and again until none finds a site (a merge can expose a fold),
    each kept only where it does not raise the predicted step time on the target; then the measured
    pass (--mme-reductions=measure) once, kept if it is faster here."""
    steps, notes = [], []
    price = sample.pricer(ctx.target)
    measured = [p for p in passes if p.measured(ctx)]
    for _ in range(MAX_ITERATIONS):
        changed = False
        for p in (p for p in passes if p not in measured):
            step, note = _guarded(p, frozen, ctx, price)
            notes += [note] if note else []
            if step.sites:
                steps.append(step)
                frozen, changed = step.after, True
        if not changed:
            break
    for p in measured:
        after, sites = p.run(frozen, ctx)
        step = Step(p, frozen, after, sites)
        notes.append(_keep_if_faster(step, repeats, sample))
        steps.append(step)
        frozen = step.after
    return steps, notes


def _guarded(p: Pass, frozen: Frozen, ctx: CheckContext, price) -> tuple[Step, str | None]:
    """One pass, kept whole when it does not raise the predicted step; else site by site, keeping the
    sites that do not (a pass forced by its option, --mme-reductions=always, is kept as asked)."""
    after, sites = p.run(frozen, ctx)
    if not sites or p.forced(ctx):
        return Step(p, frozen, after, sites), None
    before_cost = price(frozen)
    if not _worse(price(after), before_cost):
        return Step(p, frozen, after, sites), None
    kept, current, current_cost, dropped = [], frozen, before_cost, []
    for site in sites:
        trial, done = p.run(current, ctx, only={site.node})
        trial_cost = price(trial)
        if done and not _worse(trial_cost, current_cost):
            kept += done
            current, current_cost = trial, trial_cost
        else:
            dropped.append(site.node)
    note = (f"{p.name}: left {_count(len(dropped), 'site')} as it was ({', '.join(dropped[:3])}"
            f"{', ...' if len(dropped) > 3 else ''}): the rewrite would raise the predicted step on {ctx.target.name}")
    return Step(p, frozen, current, kept), note


def _worse(after: float | None, before: float | None) -> bool:
    """Whether the predicted step got longer (by more than rounding); unknown prices never block."""
    return after is not None and before is not None and after > before * (1 + 1e-9) + 1e-15


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _pass_reports(steps: list[Step], findings: dict, removed_by_grappler: set[str] | None) -> list[PassReport]:
    """One report per pass (its sites over every iteration), in the order the passes first ran."""
    by_pass: dict[str, tuple[Pass, list[Site]]] = {}
    for step in steps:
        by_pass.setdefault(step.pass_.name, (step.pass_, []))[1].extend(step.sites)
    return [PassReport(p.name, (p.code,), tuple(
        SiteReport(site.node, site.description, _resolved(findings, p, site),
                   None if removed_by_grappler is None or not site.removes
                   else all(r in removed_by_grappler for r in site.removes))
        for site in sites)) for p, sites in by_pass.values()]


def _keep_if_faster(step: Step, repeats: int, sample: "Sample") -> str:
    """The measured pass (--mme-reductions=measure), run last: time the graph with and without its
    rewrites here and keep them only if they are faster (being last, no later pass builds on them)."""
    name = step.pass_.name
    if not step.sites:
        return f"{name}: {step.pass_.nothing_to_measure}"
    args, kwargs = sample.tensors()
    without, with_ = Rebuilt(step.before), Rebuilt(step.after)
    t = time_interleaved({"without": lambda: without(*args, **kwargs), "with": lambda: with_(*args, **kwargs)},
                         repeats)
    ratio = t["without"].median / t["with"].median
    if ratio > 1:
        return f"{name}: kept, {ratio:.2f}x faster here (median of {repeats})"
    step.sites.clear()
    step.after = step.before
    return f"{name}: dropped, {1 / ratio:.2f}x slower here (median of {repeats})"


class Sample:
    """The concrete inputs a run prices and measures with: open batch axes take `batch_size` (default
    2), other open axes 32; values drawn from each input's range (`input_ranges`)."""

    def __init__(self, frozen: Frozen, given_ranges: dict | None = None, batch_size: int | None = None):
        self.frozen = frozen
        self.batch_size = batch_size
        self.ranges = input_ranges(frozen.ir(), frozen.inputs, frozen.flat_input_specs, given_ranges)
        self.shapes = [draw_shape(spec, 0, batch_size) for spec in frozen.flat_input_specs]

    def draws(self, n: int, rng: np.random.Generator) -> list[list]:
        """`n` draws for verification: open axes change size from draw to draw."""
        return [random_inputs(self.frozen.flat_input_specs, rng, d, self.ranges) for d in range(n)]

    def tensors(self) -> tuple[tuple, dict]:
        """One draw at the priced shapes, as (args, kwargs) of tensors."""
        import tensorflow as tf

        specs = [tf.TensorSpec(shape, spec.dtype) for shape, spec in zip(self.shapes, self.frozen.flat_input_specs)]
        return _pack(self.frozen, random_inputs(specs, np.random.default_rng(), 0, self.ranges))

    def describe(self) -> str:
        """"float32[2, 224, 224, 3]", the shapes it ran and priced."""
        return ", ".join(f"{spec.dtype.name}{list(shape)}" for shape, spec in zip(self.shapes,
                                                                                   self.frozen.flat_input_specs))

    def pricer(self, target: Any):
        """frozen graph -> its predicted step time on `target` at these shapes (None: not priced)."""
        from tfperf.cost.estimate import estimate_graph

        def price(frozen: Frozen) -> float | None:
            try:
                graph = frozen.ir(self.shapes)
            except CaptureError:  # shapes the graph rejects (a size it cannot take): left unpriced
                return None
            return estimate_graph(graph, target).schedule_seconds

        return price


# ---------------------------------------------------------------------------------------------
# verification


def _verify(concrete: Any, rebuilt: Rebuilt, steps: list[Step], ctx: CheckContext, draws: int,
            sample: Sample, tolerance: float | None = None) -> Verification:
    """The optimized function against the original on fresh random draws. With a numerics rewrite
    (`tolerance`), the graph before it is verified exactly first: the exact passes stay exact."""
    frozen = rebuilt.frozen
    seed = int(np.random.SeedSequence().entropy % 2**32)  # fresh draws every run; the seed reproduces one
    inputs = sample.draws(draws, np.random.default_rng(seed))
    reference = _flat_caller(concrete, frozen, "the original")
    _check_deterministic(reference, inputs[0], frozen.origin)
    if tolerance is not None:
        exact = next(s.before for s in steps if s.pass_.numerics and s.sites)
        _verified(reference, Rebuilt(exact), exact, inputs, steps, ctx, seed)
    return _verified(reference, rebuilt, frozen, inputs, steps, ctx, seed, tolerance)


def _verified(reference, rebuilt: Rebuilt, frozen: Frozen, inputs: list, steps: list[Step], ctx: CheckContext,
              seed: int, tolerance: float | None = None) -> Verification:
    summary, failure = check(reference, _flat_caller(rebuilt, frozen, "the optimized function"), inputs, tolerance)
    if failure is None:
        return summary
    bad_inputs, mismatch = failure
    if tolerance is not None:
        blame = (f"the mixed-precision conversion's rounding exceeds the stated tolerance {tolerance:g} "
                 "(normwise relative error; decisive arg-maxes must agree): --bf16-tolerance accepts more")
    else:
        blame = _blame(reference(bad_inputs), bad_inputs, steps, ctx)
    raise VerificationFailed(f"{frozen.origin}: the optimized function differs from the original on random "
                             f"inputs (seed {seed}): {mismatch}; {blame}. Nothing was written.")


def _check_deterministic(reference, inputs: list, origin: str) -> None:
    mismatch = compare(reference(inputs), reference(inputs))[2]
    if mismatch is not None:
        raise RewriteError(f"{origin}: two calls on the same inputs disagree ({mismatch}): random or stateful ops; "
                           "cannot verify a rewrite (--no-verify skips verification)")


def _blame(expected: list, inputs: list, steps: list[Step], ctx: CheckContext) -> str:
    """Which pass, and which of its sites, changed the result."""

    def breaks(frozen: Frozen) -> Mismatch | None:
        return compare(expected, _flat_caller(Rebuilt(frozen), frozen, "a partly optimized function")(inputs))[2]

    if steps and breaks(steps[0].before):
        return "freezing and rebuilding alone changed it (a tfperf bug: please report it)"
    for step in steps:
        if breaks(step.after):
            for site in step.sites:
                if breaks(step.pass_.run(step.before, ctx, only={site.node})[0]):
                    return f"pass {step.pass_.name} broke it at node {site.node} ({site.description})"
            return f"pass {step.pass_.name} broke it (no single site does alone)"
    return "no single pass breaks it alone"


def _pack(frozen: Frozen, values: list) -> tuple[tuple, dict]:
    import tensorflow as tf

    return tf.nest.pack_sequence_as(frozen.input_signature, [tf.constant(v) for v in values])


def _flat_caller(fn: Any, frozen: Frozen, what: str):
    """inputs (flat numpy list) -> flat numpy outputs of `fn`; errors as one RewriteError line."""
    import tensorflow as tf

    def call(values: list) -> list:
        args, kwargs = _pack(frozen, values)
        try:
            outputs = fn(*args, **kwargs)
        except Exception as exc:
            text = describe(exc)
            shapes = ", ".join(f"{v.dtype}{list(v.shape)}" for v in values)
            raise RewriteError(f"{frozen.origin}: running {what} on random inputs ({shapes}) failed: {text}; pass "
                               "--input-shape with the sizes it needs, --input-range NAME=LOW:HIGH with the values "
                               "an input takes, or --no-verify") from exc
        return [t.numpy() for t in tf.nest.flatten(outputs, expand_composites=True)]

    return call


# ---------------------------------------------------------------------------------------------
# findings and measurement


def _findings(concrete: Any, origin: str, layers: Sequence[str], target: Any,
              steps: list[Step]) -> dict[tuple[str, str], Finding]:
    """The findings the sites may resolve, by (code, node), as `tfperf check` reports them (layer, source line)."""
    from tfperf.analyze import check_graph
    from tfperf.capture.live import from_concrete_function

    codes = sorted({s.pass_.code for s in steps})
    if not any(s.sites for s in steps):
        return {}
    graph = from_concrete_function(concrete, origin, layers)
    return {(f.code, f.location.graph.node): f for f in check_graph(graph, target, select=codes, rank=False)
            if f.location.graph}


def _resolved(findings: dict[tuple[str, str], Finding], pass_: Pass, site: Site) -> Finding | None:
    return findings.get((pass_.code, site.node))


def _bench(concrete: Any, rebuilt: Rebuilt, frozen: Frozen, repeats: int, sample: Sample) -> tuple[BenchReport, set[str]]:
    """Timings here of the original, the optimized and a no-op control (the unchanged graph, frozen and
    rebuilt like the optimized one), interleaved; and the original's nodes TensorFlow's Grappler
    removes by itself (those whose name no longer names the same op in its output)."""
    import tensorflow as tf

    args, kwargs = sample.tensors()
    control = Rebuilt(frozen)
    timings = time_interleaved({"original": lambda: concrete(*args, **kwargs),
                                "optimized": lambda: rebuilt(*args, **kwargs),
                                "control": lambda: control(*args, **kwargs)}, repeats)
    device = tf.config.list_logical_devices()[-1].device_type
    by_grappler = grappler(frozen)
    nodes = (node_count(frozen, by_grappler), node_count(rebuilt.frozen, grappler(rebuilt.frozen)))
    kept = {(n.name, n.op) for n in by_grappler.node}
    removed = {n.name for n in frozen.graph_def.node if (n.name, n.op) not in kept}
    return BenchReport(f"{device} ({os.cpu_count()} cores)", timings["original"], timings["optimized"], nodes,
                       control=timings["control"], inputs=sample.describe()), removed


def _input_specs(signature: Sequence[Any] | None) -> list | None:
    """tf.TensorSpecs or (shape, dtype) pairs -> capture's (shape, dtype name) pairs."""
    if signature is None:
        return None
    specs = []
    for spec in signature:
        if hasattr(spec, "shape") and hasattr(spec, "dtype"):
            shape = None if spec.shape.rank is None else tuple(spec.shape.as_list())
            specs.append((shape, spec.dtype.name))
        else:
            shape, dtype = spec
            specs.append((tuple(shape), str(dtype)))
    return specs


def _load(path: str) -> Any:
    import tensorflow as tf

    try:
        return tf.saved_model.load(path)
    except Exception as exc:
        text = describe(exc)
        if "not registered" in text:
            raise RewriteError(f"{path}: uses an op this TensorFlow build does not know ({text}); load the custom "
                               "op's library first, or use the TensorFlow version that wrote it") from exc
        raise RewriteError(f"{path}: TensorFlow could not load the SavedModel: {text}") from exc
