"""What tfperf reports: findings, where they are, what they cost, how to fix them; and the rule registry.

Every rule is a small class that carries its own metadata (code, guide section, summary, fix safety)
and its VALID / INVALID examples; the tests and the rule docs are generated from that metadata.
Nothing here imports TensorFlow.
"""

from __future__ import annotations

import enum
import inspect
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar, Iterable, Iterator, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph, Node
    from tfperf.pipeline_ir import Pipeline, Stage
    from tfperf.targets import Target


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Safety(str, enum.Enum):
    """How far a fix can be trusted to leave results unchanged (see design.md, "Fix safety")."""

    EXACT = "exact"  # same outputs, verified on random inputs before anything is written
    SAME_GRADIENTS = "same-gradients"  # same training trajectory; a logged value changes
    NUMERICS = "numerics"  # changes precision; applied only with --unsafe-fixes
    ADVISORY = "advisory"  # explained, not applied automatically


class GuideSection(enum.Enum):
    """The sections of Habana's "Optimization in TensorFlow Models", one rule family each."""

    TRANSPOSE = ("TFP1", "Avoid Non-Logical Transpose Operations")
    PAD = ("TFP2", "Avoid Using tf.pad")
    L2_LOSS = ("TFP3", "Avoid Calculating L2 Loss in Forward Path")
    PREFETCH = ("TFP4", "Use tf.data.prefetch_to_device")
    PLACEMENT = ("TFP5", "Place Ops in HPU")
    MME = ("TFP6", "Advanced: Replace some TPC operations with their MME equivalents")
    MIXED_PRECISION = ("TFP7", "TensorFlow Mixed Precision")
    BATCH_SIZE = ("TFP8", "Batch Size")

    @property
    def family(self) -> str:
        return self.value[0]

    @property
    def title(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class SourceLocation:
    """A place in the user's code. Lines and columns are 1-based (as editors and SARIF count)."""

    path: str
    line: int
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class GraphLocation:
    """A node of a captured graph, with the Keras layer it belongs to when that is known."""

    node: str
    op: str
    function: str | None = None  # the enclosing graph function; None for the top level
    layer: str | None = None
    origin: str | None = None  # what was captured: "pkg.mod:model", a SavedModel dir, a .pb file

    def __str__(self) -> str:
        where = f"{self.function}/" if self.function else ""
        layer = f" (layer {self.layer})" if self.layer else ""
        return f"{where}{self.node} [{self.op}]{layer}"


@dataclass(frozen=True)
class Location:
    source: SourceLocation | None = None
    graph: GraphLocation | None = None

    def __str__(self) -> str:
        return " ".join(str(part) for part in (self.source, self.graph) if part is not None)


@dataclass(frozen=True)
class Cost:
    """What a construct costs per call, from static shapes. None means unknown, never guessed."""

    bytes_moved: int | None = None
    flops: int | None = None
    seconds: float | None = None  # predicted on `target`
    target: str | None = None

    @property
    def known(self) -> bool:
        return any(v is not None for v in (self.bytes_moved, self.flops, self.seconds))

    def __add__(self, other: "Cost") -> "Cost":
        """The cost of both; a part unknown in either stays unknown."""

        def plus(a, b):
            return None if a is None or b is None else a + b

        return Cost(plus(self.bytes_moved, other.bytes_moved), plus(self.flops, other.flops),
                    plus(self.seconds, other.seconds), self.target or other.target)


@dataclass(frozen=True)
class TextEdit:
    """Replace [start, end) of a file (1-based line/column, end exclusive) with `replacement`."""

    path: str
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    safety: Safety
    description: str
    edits: tuple[TextEdit, ...] = ()  # source fixes; graph rewrites live in tfperf.rewrite

    @property
    def automatic(self) -> bool:
        """tfperf can apply it (maybe only when asked: see `unsafe`)."""
        return self.safety is not Safety.ADVISORY

    @property
    def unsafe(self) -> bool:
        """Applied only with --unsafe-fixes: it changes a logged value or the precision."""
        return self.safety in (Safety.SAME_GRADIENTS, Safety.NUMERICS)


@dataclass(frozen=True)
class Finding:
    code: str
    rule: str
    message: str
    severity: Severity
    section: GuideSection
    locations: tuple[Location, ...]
    cost: Cost = field(default_factory=Cost)
    fix: Fix | None = None

    @property
    def location(self) -> Location:
        return self.locations[0] if self.locations else Location()

    @property
    def source(self) -> SourceLocation | None:
        return self.location.source

    def sort_key(self) -> tuple:
        src = self.source
        graph = self.location.graph
        return (
            src.path if src else "\uffff",
            src.line if src else 0,
            src.column if src else 0,
            graph.origin or "" if graph else "",
            graph.node if graph else "",
            self.code,
        )

    def with_locations(self, locations: Iterable[Location]) -> "Finding":
        return replace(self, locations=tuple(locations))


# ---------------------------------------------------------------------------------------------
# Rules


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
    """

    code: str
    kind: str = "graph"
    target: str | None = None
    note: str = ""
    layers: tuple[str, ...] = ()

    def expected_lines(self, rule_code: str) -> list[int]:
        marker = f"# expect: {rule_code}"
        return [i for i, line in enumerate(self.code.splitlines(), 1) if line.rstrip().endswith(marker)]


class CheckContext:
    """What a rule may know besides the graph: the target device and the run's options.

    `options` holds rule-specific settings from the command line or `[tool.tfperf]`
    (e.g. "allow_host": a list of op types), looked up with `ctx.option(name, default)`.
    """

    def __init__(self, target: "Target", origin: str | None = None, options: dict | None = None):
        self.target = target
        self.origin = origin
        self.options = dict(options or {})

    def option(self, name: str, default=None):
        return self.options.get(name, default)


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement a detector."""

    code: ClassVar[str]
    name: ClassVar[str]
    section: ClassVar[GuideSection]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    safety: ClassVar[Safety] = Safety.ADVISORY
    valid: ClassVar[Sequence[Example]] = ()
    invalid: ClassVar[Sequence[Example]] = ()

    def check_graph(self, graph: "Graph", ctx: CheckContext) -> Iterator[Finding]:
        """Yield findings for a captured graph. Rules without a graph detector yield nothing."""
        return iter(())

    def check_pipeline(self, pipeline: "Pipeline", ctx: CheckContext) -> Iterator[Finding]:
        """Yield findings for a captured tf.data pipeline. Rules without a pipeline detector yield nothing."""
        return iter(())

    @classmethod
    def doc(cls) -> str:
        """The rule's explanation: its docstring, dedented."""
        return inspect.cleandoc(cls.__doc__ or cls.summary)

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
        )


_REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (codes are unique)."""
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    if not cls.code.startswith(cls.section.family):
        raise ValueError(f"{cls.code} does not belong to family {cls.section.family}")
    _REGISTRY[cls.code] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    import tfperf.rules  # noqa: F401  (importing the package registers every rule)

    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> type[Rule]:
    rules = {r.code: r for r in all_rules()}
    try:
        return rules[code.upper()]
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
