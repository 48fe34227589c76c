"""The rule framework: the `Rule` base class, what a rule may know (`CheckContext`), its examples, the
registry (filled by discovering the modules of `tfperf.rules`) and code selection (`--select`).

A rule is a class with metadata (code, name, guide section, summary, severity, fix safety), its
VALID / INVALID examples and up to three faces: `check_graph` (a captured op graph),
`check_pipeline` (a captured tf.data pipeline) and `Source` (a visitor over Python source, see
`tfperf.source.visitor`). A rule whose graph finding can be rewritten names its pass in `fix_pass`.
Each guide section is a package under `tfperf.rules` (see docs/architecture.md). Nothing here
imports TensorFlow.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable, Iterator, Sequence

from tfperf.findings import Cost, Finding, Fix, GuideSection, RuleInfo, Safety, Severity, StepShare

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.batch.advice import Advice
    from tfperf.cost.estimate import Estimate
    from tfperf.cost.whatif import Change
    from tfperf.ir import Graph, Node
    from tfperf.pipeline_ir import Pipeline, Stage
    from tfperf.placement import Placement
    from tfperf.targets import Target

EXAMPLE_KINDS = ("graph", "source", "pipeline")


@dataclass(frozen=True)
class Example:
    """A VALID or INVALID example a rule carries.

    kind "graph": Python source that defines `model` (a tf.function with an input signature, or a
    Keras model); it is captured and checked. kind "source": a snippet linted without running it.
    kind "pipeline": Python source that defines `dataset` (a tf.data.Dataset, a distributed one, or
    a function returning one); its pipeline is captured and checked.
    In INVALID examples the offending line ends with the comment `# expect: <CODE>`; where the
    graph has no user source line (a Keras functional model), `layers` names the flagged layers.
    `target` names the device profile the example is judged on (None: the default target).
    `expected` (source examples with an automatic fix): the code after every fix is applied
    (`--fix --unsafe-fixes`), compared exactly.
    `train`, `batch_size` (graph examples): `model` is a compiled Keras model whose training step is
    captured at that batch, as `tfperf check --model file.py:model --train --batch-size N` does.
    """

    code: str
    kind: str = "graph"
    target: str | None = None
    note: str = ""
    layers: tuple[str, ...] = ()
    expected: str | None = None
    train: bool = False
    batch_size: int | None = None

    def expected_lines(self, rule_code: str) -> list[int]:
        marker = f"# expect: {rule_code}"
        return [i for i, line in enumerate(self.code.splitlines(), 1) if line.rstrip().endswith(marker)]


class CheckContext:
    """What a rule may know besides the graph: the target device, the run's options and what the
    orchestration (`tfperf.analyze`) computed for the rules that declare a need for it.

    `options` holds rule-specific settings from the command line or `[tool.tfperf]`
    (e.g. "allow_host": a list of op types), looked up with `ctx.option(name, default)`.
    `placement`: where each op runs (`tfperf.placement.Placement`), for rules with "placement" in
    their `needs`. `estimate`: the predicted step on the target (`tfperf.cost.estimate.Estimate`:
    the schedule, its critical path, the matrix engine's gaps), for rules with "estimate" in theirs.
    `batch`: the batch-size advice for a training step (`tfperf.batch.advice.Advice`), for rules with
    "batch" in their `needs`; None when the step's batch cannot be varied.
    """

    def __init__(self, target: "Target", origin: str | None = None, options: dict | None = None,
                 placement: "Placement | None" = None, estimate: "Estimate | None" = None,
                 batch: "Advice | None" = None):
        self.target = target
        self.origin = origin
        self.options = dict(options or {})
        self.placement = placement
        self.estimate = estimate
        self.batch = batch

    def option(self, name: str, default=None):
        return self.options.get(name, default)


_REGISTRY: dict[str, type["Rule"]] = {}


@dataclass(frozen=True)
class SourceDoc:
    """What a rule's source face does, for the user (docs/source-linting.md and `tfperf rules CODE` are
    generated from it): one line for the summary table, the fix's kind, then short bullet lists."""

    line: str  # what it finds, in one line
    fix_kind: str  # "exact", "advice", "exact or advice"...
    finds: tuple[str, ...]
    fix: tuple[str, ...]
    leaves_alone: tuple[str, ...] = ()
    info_when: tuple[str, ...] = ()
    targets: str = ""  # the targets it runs on, when not all: "accelerator targets"


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement at least one face; every
    subclass with a `code` defined in a module under `tfperf.rules` is a registered rule."""

    code: ClassVar[str]
    name: ClassVar[str]
    section: ClassVar[GuideSection]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    safety: ClassVar[Safety] = Safety.ADVISORY
    valid: ClassVar[Sequence[Example]] = ()
    invalid: ClassVar[Sequence[Example]] = ()
    Source: ClassVar[type | None] = None  # a tfperf.source.visitor.SourceVisitor subclass: the source face
    source_doc: ClassVar[SourceDoc | None] = None  # the source face's documentation (every rule with a Source)
    fix_pass: ClassVar[type | None] = None  # a tfperf.rewrite.passes.Pass subclass that rewrites its graph sites
    needs: ClassVar[frozenset[str]] = frozenset()  # what analyze must compute first: {"placement", "estimate", "batch"}

    def check_graph(self, graph: "Graph", ctx: CheckContext) -> Iterator[Finding]:
        """Yield findings for a captured graph. Rules without a graph face yield nothing."""
        return iter(())

    def check_pipeline(self, pipeline: "Pipeline", ctx: CheckContext) -> Iterator[Finding]:
        """Yield findings for a captured tf.data pipeline. Rules without a pipeline face yield nothing."""
        return iter(())

    def step_change(self, finding: Finding, graph: "Graph", ctx: CheckContext) -> "Change | None":
        """What fixing `finding` (one of this rule's) changes in the step, so that it can be ranked by
        what it saves (`tfperf.cost.whatif`): the ops it removes, or moves to another engine. None:
        the rule does not say, and the saving stays unknown."""
        return None

    @classmethod
    def faces(cls) -> tuple[str, ...]:
        """The kinds of input the rule checks, as example kinds: "graph", "source", "pipeline"."""
        found = {"graph": cls.check_graph is not Rule.check_graph, "source": cls.Source is not None,
                 "pipeline": cls.check_pipeline is not Rule.check_pipeline}
        return tuple(kind for kind in EXAMPLE_KINDS if found[kind])

    @classmethod
    def doc(cls) -> str:
        """The rule's explanation: its docstring, dedented."""
        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def info(cls) -> RuleInfo:
        """The rule's metadata, as reports take it."""
        return RuleInfo(cls.code, cls.name, cls.summary, cls.doc(), cls.section, cls.severity, cls.safety)

    def finding(
        self,
        message: str,
        node: "Node | Stage | None" = None,
        ctx: CheckContext | None = None,
        *,
        related: Sequence["Node"] = (),
        cost: Cost | None = None,
        fix: Fix | None = None,
        severity: Severity | None = None,
        step: "StepShare | None" = None,
    ) -> Finding:
        origin = ctx.origin if ctx else None
        nodes = ([node] if node is not None else []) + list(related)
        return Finding(
            code=self.code,
            rule=self.name,
            message=message,
            severity=severity or self.severity,
            section=self.section,
            locations=tuple(n.location(origin) for n in nodes),
            cost=cost or Cost(),
            fix=fix,
            step=step,
        )


class lazy_face:
    """A rule's face imported on first use, written as a function that imports and returns it:

        @lazy_face
        def fix_pass():
            from tfperf.rules.pad.fix import FoldPads
            return FoldPads

    `PadBeforeValidConv.fix_pass` then reads as the class. A source-only `tfperf check` never
    rewrites a graph: it never imports the rewrite machinery (the rules' graph code and the cost
    model are imported inside the methods that use them, for the same reason)."""

    def __init__(self, load):
        self._load = load

    def __get__(self, instance, owner) -> type:
        return self._load()


def removing_located(finding: Finding, graph: "Graph", count: int | None = 1, *, gradients: bool = True,
                     note: str | None = None) -> "Change":
    """The change that removes the graph nodes of `finding`'s first `count` locations (all: None) and,
    with `gradients`, the ops a training step made for their gradients (`gradient_ops`)."""
    from tfperf.cost.whatif import Change

    located = finding.locations if count is None else finding.locations[:count]
    nodes = [graph.get(loc.graph.node, loc.graph.function) for loc in located if loc.graph is not None]
    keys = {(n.function, n.name) for n in nodes if n is not None}
    if gradients:
        keys |= {(g.function, g.name) for n in nodes if n is not None for g in gradient_ops(graph, n)}
    return Change.removing(keys, note)


GRADIENT_SCOPES = ("gradient_tape/", "gradients/")


def gradient_ops(graph: "Graph", node: "Node") -> list["Node"]:
    """The ops TensorFlow made for the gradient of `node` (a Pad, a Transpose: an op whose gradient
    reads its parameter input, the paddings or the perm): they sit in the gradient name scope of the
    node's scope (`gradient_tape/<scope>/`) and are computed from that parameter."""
    scope = node.name.rpartition("/")[0]
    prefixes = tuple(f"{g}{scope}/" if scope else g for g in GRADIENT_SCOPES)
    found: dict = {}
    todo = [graph.producer(node, slot) for slot in range(1, len(node.inputs))]
    while todo:
        src = todo.pop()
        for reader, _ in graph.consumers(src) if src is not None else ():
            key = (reader.function, reader.name)
            if key not in found and reader is not node and reader.name.startswith(prefixes):
                found[key] = reader
                todo.append(reader)
    return list(found.values())


def _register(cls: type[Rule]) -> None:
    """Add a rule to the registry (codes are unique, and belong to their section's family)."""
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} is defined twice: {_REGISTRY[cls.code].__module__} and {cls.__module__}")
    if not cls.code.startswith(cls.section.family):
        raise ValueError(f"{cls.code} does not belong to family {cls.section.family}")
    _REGISTRY[cls.code] = cls


def _discover() -> None:
    """Import the `rules` module of every section under tfperf.rules and register the Rule subclasses
    each defines (once). Their other modules (graph faces, rewrites, source faces) load when used."""
    if _REGISTRY:
        return
    here = Path(__file__).parent  # the tfperf.rules package, found without importing it (no cycle)
    for info in pkgutil.iter_modules([str(here)], f"{__package__}."):
        if not info.ispkg or not (here / info.name.rpartition(".")[2] / "rules.py").exists():
            continue
        module = importlib.import_module(f"{info.name}.rules")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value.__module__ == module.__name__
                    and "code" in vars(value)):
                _register(value)


def all_rules() -> list[type[Rule]]:
    _discover()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> type[Rule]:
    _discover()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule code {code!r}; `tfperf rules` lists them") from None


def code_matches(code: str, patterns: Iterable[str]) -> bool:
    """True when `code` is named by one of `patterns`: a full code or a prefix ("TFP2", "TFP20")."""
    return any(code.startswith(p.strip().upper()) for p in patterns if p.strip())


def validate_patterns(patterns: Iterable[str]) -> None:
    codes = [r.code for r in all_rules()] + ["TFP000"]
    for p in patterns:
        p = p.strip().upper()
        if p and not any(c.startswith(p) for c in codes):
            raise ValueError(f"{p!r} matches no rule code; `tfperf rules` lists them")


def selected(code: str, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> bool:
    if select and not code_matches(code, select):
        return False
    return not code_matches(code, ignore)


def selected_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[type[Rule]]:
    return [rule for rule in all_rules() if selected(rule.code, select, ignore)]
