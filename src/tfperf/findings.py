"""The data model at the bottom of tfperf: what it reports (findings, where they are, what they cost,
how to fix them), the inputs it could not read, and what a report says about each rule.

Imports nothing from tfperf (and never TensorFlow): every other module may import this one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Iterable


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
class StepShare:
    """What fixing a graph finding saves on the predicted step of its model: the step scheduled again
    with the construct's ops removed (or moved where the fix puts them), not the ops' own time.
    None means unknown, never zero: `note` says why (or why a saving is zero)."""

    saving_seconds: float | None  # predicted step time saved
    step_seconds: float | None  # the predicted step it is a share of
    target: str | None = None
    note: str | None = None
    measured_seconds: float | None = None  # the construct's ops per step in a real profile (--profile)

    @property
    def share(self) -> float | None:
        if self.saving_seconds is None or not self.step_seconds:
            return None
        return self.saving_seconds / self.step_seconds


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
    step: StepShare | None = None  # graph findings of a model: what fixing it saves on the step

    @property
    def location(self) -> Location:
        return self.locations[0] if self.locations else Location()

    @property
    def source(self) -> SourceLocation | None:
        return self.location.source

    def sort_key(self) -> tuple:
        """Findings made from source by file and place; then each captured graph's findings: those
        ranked on its step by what fixing them saves (largest first, unknown savings after), then by
        place and node."""
        src, graph = self.source, self.location.graph
        place = (src.path, src.line, src.column) if src else ("", 0, 0)
        if self.step is None and src is not None:
            return (0, src.path, 0, 0.0, *place, "", self.code)
        saving = self.step.saving_seconds if self.step is not None else None
        return (1, graph.origin or "" if graph else "", 0 if saving is not None else 1, -(saving or 0.0), *place,
                graph.node if graph else "", self.code)

    def with_locations(self, locations: Iterable[Location]) -> "Finding":
        return replace(self, locations=tuple(locations))


FIX_FAILED = "TFP001"  # InputError code of a source fix left out: its edits made code that does not parse


@dataclass(frozen=True)
class InputError:
    """An input (a .py file, a model, a SavedModel dir) that could not be analysed, or (code
    FIX_FAILED) a source fix tfperf left out of a file it fixed.

    Reported next to the findings, never raised: one bad input must not hide the others.
    """

    path: str
    message: str
    code: str = "TFP000"

    def to_dict(self) -> dict:
        """The record every JSON output carries under "errors" (check's schema: `inputError`)."""
        return {"path": self.path, "message": self.message, "code": self.code}


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a rule (SARIF's rule descriptors): its metadata, without its code."""

    code: str
    name: str
    summary: str
    doc: str
    section: GuideSection
    severity: Severity
    safety: Safety
