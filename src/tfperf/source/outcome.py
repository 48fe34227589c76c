"""What linting one file gives: its findings or error, and what the project and the cache need."""

from __future__ import annotations

from dataclasses import dataclass, field

from tfperf.findings import Finding, InputError


@dataclass
class FileOutcome:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    fix_failures: list[InputError] = field(default_factory=list)  # fixes left out: they made code that does not parse
    parsed: bool = False
    lines: int = 0
    fixed: int = 0
    changed: bool = False
    diff: str | None = None
    digest: str | None = None  # of the bytes linted
    stat: tuple[int, int] | None = None  # (mtime_ns, size) taken before reading them
    exports: dict[str, list] = field(default_factory=dict)
    queries: dict[str, tuple] = field(default_factory=dict)
    cached: bool = False
