"""freeze -> passes -> rebuild -> verify (-> measure): the whole of `tfperf optimize`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from tfperf import targets
from tfperf.errors import describe
from tfperf.findings import Finding
from tfperf.rewrite.bench import grappler, time_interleaved
from tfperf.rewrite.freeze import Frozen, RewriteError, freeze, node_count
from tfperf.rewrite.passes import Pass, Site
from tfperf.rewrite.rebuild import Rebuilt, save
from tfperf.rewrite.report import BenchReport, OptimizeReport, PassReport, SiteReport
from tfperf.rewrite.verify import Mismatch, Verification, check, compare, int_bounds, random_inputs
from tfperf.rules.base import CheckContext, all_rules

MME_MODES = ("cost", "measure", "always")


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
    return optimize_concrete(concrete, origin, layers=layers, **options)


def optimize_saved_model(path: str, signature: str | None = None, **options: Any) -> dict[str, Optimized]:
    """Optimize every signature of a SavedModel (or only `signature`), by signature name."""
    from tfperf.capture.proto import read_saved_model

    read_saved_model(path)  # missing or corrupt: a clear one-line error before TensorFlow's
    loaded = _load(path)
    names = sorted(loaded.signatures)
    if not names:
        raise RewriteError(f"{path}: SavedModel has no signatures to optimize")
    if signature is not None and signature not in names:
        raise RewriteError(f"{path}: no signature {signature!r}; it has: {', '.join(names)}")
    return {name: optimize_concrete(loaded.signatures[name], f"{path}[{name}]", **options)
            for name in ([signature] if signature else names)}


def optimize_concrete(concrete: Any, origin: str, *, layers: Sequence[str] = (), target: Any = None,
                      mme_reductions: str | None = None, xla: bool = False, verify: bool = True, draws: int = 3,
                      bench: bool = False, repeats: int = 30) -> Optimized:
    """Freeze `concrete`, run the passes, rebuild, verify on `draws` random draws (unless `verify`
    is False) and, with `bench`, time original and optimized `repeats` times each.

    `mme_reductions`: None (off), "cost" (where the target's peaks say it pays), "measure" (keep
    it if it is faster here), "always". `xla`: keep the graph compilable by XLA (jit_compile).
    """
    if mme_reductions not in (None, *MME_MODES):
        raise ValueError(f"mme_reductions must be one of {MME_MODES} or None, not {mme_reductions!r}")
    target = target if isinstance(target, targets.Target) else targets.load(target)
    ctx = CheckContext(target, origin, {"mme_reductions": mme_reductions, "xla": xla})
    frozen = freeze(concrete, origin)
    steps = _run_passes(frozen, passes_for(ctx), ctx)
    notes = [_keep_if_faster(steps[-1], repeats)] if steps[-1].pass_.measured(ctx) else []
    rebuilt = Rebuilt(steps[-1].after)
    verification = _verify(concrete, rebuilt, steps, ctx, draws) if verify else None
    if not verify:
        notes.append("NOT VERIFIED: --no-verify skipped running original and optimized on random inputs")
    if frozen.graph_def.library.function:
        notes.append(f"{len(frozen.graph_def.library.function)} function bodies (While/If branches...) left as they are")
    measured, removed_by_grappler = _bench(concrete, rebuilt, frozen, repeats) if bench else (None, None)
    findings = _findings(concrete, origin, layers, target, steps)
    passes = [PassReport(step.pass_.name, (step.pass_.code,), tuple(
        SiteReport(site.node, site.description, _resolved(findings, step.pass_, site),
                   None if removed_by_grappler is None else all(r in removed_by_grappler for r in site.removes))
        for site in step.sites)) for step in steps]
    report = OptimizeReport(origin, target.name, passes, (node_count(frozen), node_count(rebuilt.frozen)),
                            verification, measured, notes)
    return Optimized(concrete, rebuilt, report, frozen)


def passes_for(ctx: CheckContext) -> list[Pass]:
    """The rewrite of every rule that names one (`Rule.fix_pass`) and that this run enables, in rule-code
    order: transposes first (a cancelled pair can expose a matmul fold), then pads, then reductions."""
    found = [rule.fix_pass(rule.code) for rule in all_rules() if rule.fix_pass is not None]
    return [p for p in found if p.enabled(ctx)]


def _run_passes(frozen: Frozen, passes: list[Pass], ctx: CheckContext) -> list[Step]:
    steps = []
    for p in passes:
        after, sites = p.run(frozen, ctx)
        steps.append(Step(p, frozen, after, sites))
        frozen = after
    return steps


def _keep_if_faster(step: Step, repeats: int) -> str:
    """The last pass, run in "measure" mode (--mme-reductions=measure): time the graph with and without
    its rewrites here and keep them only if they are faster (being last, no later pass builds on them)."""
    name = step.pass_.name
    if not step.sites:
        return f"{name}: {step.pass_.nothing_to_measure}"
    args, kwargs = _sample(step.before)
    without, with_ = Rebuilt(step.before), Rebuilt(step.after)
    t = time_interleaved({"without": lambda: without(*args, **kwargs), "with": lambda: with_(*args, **kwargs)},
                         repeats)
    ratio = t["without"].median / t["with"].median
    if ratio > 1:
        return f"{name}: kept, {ratio:.2f}x faster here (median of {repeats})"
    step.sites.clear()
    step.after = step.before
    return f"{name}: dropped, {1 / ratio:.2f}x slower here (median of {repeats})"


# ---------------------------------------------------------------------------------------------
# verification


def _verify(concrete: Any, rebuilt: Rebuilt, steps: list[Step], ctx: CheckContext, draws: int) -> Verification:
    frozen = rebuilt.frozen
    seed = int(np.random.SeedSequence().entropy % 2**32)  # fresh draws every run; the seed reproduces one
    rng = np.random.default_rng(seed)
    bounds = int_bounds(frozen.ir(), frozen.inputs)
    inputs = [random_inputs(frozen.flat_input_specs, rng, d, bounds) for d in range(draws)]
    reference = _flat_caller(concrete, frozen, "the original")
    _check_deterministic(reference, inputs[0], frozen.origin)
    summary, failure = check(reference, _flat_caller(rebuilt, frozen, "the optimized function"), inputs)
    if failure is not None:
        bad_inputs, mismatch = failure
        blame = _blame(reference(bad_inputs), bad_inputs, steps, ctx)
        raise VerificationFailed(f"{frozen.origin}: the optimized function differs from the original on random "
                                 f"inputs (seed {seed}): {mismatch}; {blame}. Nothing was written.")
    return summary


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


def _sample(frozen: Frozen) -> tuple[tuple, dict]:
    """One random draw of inputs, as (args, kwargs) of tensors."""
    values = random_inputs(frozen.flat_input_specs, np.random.default_rng(), 0, int_bounds(frozen.ir(), frozen.inputs))
    return _pack(frozen, values)


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
                               "--input-shape with the sizes it needs, or --no-verify") from exc
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
    return {(f.code, f.location.graph.node): f for f in check_graph(graph, target, select=codes) if f.location.graph}


def _resolved(findings: dict[tuple[str, str], Finding], pass_: Pass, site: Site) -> Finding | None:
    return findings.get((pass_.code, site.node))


def _bench(concrete: Any, rebuilt: Rebuilt, frozen: Frozen, repeats: int) -> tuple[BenchReport, set[str]]:
    """Timings of original and optimized here, and the original's nodes TensorFlow's Grappler
    removes by itself (those whose name no longer names the same op in its output)."""
    import tensorflow as tf

    args, kwargs = _sample(frozen)
    timings = time_interleaved({"original": lambda: concrete(*args, **kwargs),
                                "optimized": lambda: rebuilt(*args, **kwargs)}, repeats)
    device = tf.config.list_logical_devices()[-1].device_type
    by_grappler = grappler(frozen)
    nodes = (node_count(frozen, by_grappler), node_count(rebuilt.frozen, grappler(rebuilt.frozen)))
    kept = {(n.name, n.op) for n in by_grappler.node}
    removed = {n.name for n in frozen.graph_def.node if (n.name, n.op) not in kept}
    return BenchReport(f"{device} ({os.cpu_count()} cores)", timings["original"], timings["optimized"], nodes), removed


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
