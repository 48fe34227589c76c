"""Lint files: read, parse, run the rules' source visitors, honour `# noqa`, fix, write atomically.

Nothing here imports TensorFlow; nothing runs the user's code.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import io
import multiprocessing
import os
import re
import sys
import threading
import tokenize
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from tfperf import targets
from tfperf.config import Overrides
from tfperf.errors import describe
from tfperf.findings import Finding, InputError
from tfperf.rules.base import selected_rules
from tfperf.source.discover import config_for_dir, discover
from tfperf.source.edits import applicable, apply_fixes, atomic_write, unified_diff
from tfperf.source.visitor import FileContext, line_starts, run_visitors, visitors_for

ERROR_CODE = "TFP000"
MAX_FIX_ROUNDS = 8  # a fix can enable another (a pad removed, then a pipeline line...); converge
# Cheap test before parsing: rules resolve names through imports of these, so a file that never
# mentions them cannot have a finding.
_MENTIONS = (b"tensorflow", b"keras")
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)
_PARALLEL_MIN_BYTES = 256_000  # below this a process pool costs more than it saves


# A file that could not be linted (path, one-line message, code TFP000): the report's record for
# any input that failed, so files, models and SavedModels are reported alike.
FileError = InputError


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0  # files looked at
    parsed: int = 0  # files that mention TensorFlow/Keras and were parsed
    lines: int = 0  # lines of the parsed files
    fixed: int = 0  # fixes applied (or, with diff, that would be)
    changed: list[str] = field(default_factory=list)  # files fixed (or, with diff, that would change)
    diffs: dict[str, str] = field(default_factory=dict)  # path -> unified diff (with diff=True)


@dataclass(frozen=True)
class Options:
    target: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False


# ---------------------------------------------------------------------------------------------
# One text


@lru_cache(maxsize=None)
def _visitors(select: tuple[str, ...], ignore: tuple[str, ...]):
    return visitors_for(selected_rules(select, ignore))


@lru_cache(maxsize=None)
def _target(name: str):
    return targets.load(name)


def lint_text(text: str, path: str = "<string>", *, target="gaudi2", select: Sequence[str] = (),
              ignore: Sequence[str] = ()) -> list[Finding]:
    """Findings in one source text (raises SyntaxError if it does not parse)."""
    tree = ast.parse(text, filename=path)
    return _lint_tree(text, tree, path, _as_target(target), tuple(select), tuple(ignore))


def fix_text(text: str, path: str = "<string>", *, target="gaudi2", select: Sequence[str] = (),
             ignore: Sequence[str] = (), unsafe_fixes: bool = False) -> tuple[str, list[Finding], int]:
    """(fixed text, findings left in it, fixes applied). Raises SyntaxError if `text` does not parse."""
    tgt, select, ignore = _as_target(target), tuple(select), tuple(ignore)
    findings = _lint_tree(text, ast.parse(text, filename=path), path, tgt, select, ignore)
    applied = 0
    for _ in range(MAX_FIX_ROUNDS):
        if not any(applicable(f.fix, unsafe_fixes) for f in findings):
            break
        new_text, count = apply_fixes(text, line_starts(text), findings, unsafe_fixes)
        if count == 0:
            break
        try:
            tree = ast.parse(new_text, filename=path)
        except SyntaxError as exc:  # a rule produced broken code: keep the file as it was
            raise FixError(f"a fix produced code that does not parse ({exc.msg}, line {exc.lineno}); "
                           "the file was left unchanged; please report this") from None
        text, applied = new_text, applied + count
        findings = _lint_tree(text, tree, path, tgt, select, ignore)
    return text, findings, applied


class FixError(Exception):
    pass


def _as_target(target):
    return _target(target) if isinstance(target, str) or target is None else target


def _lint_tree(text: str, tree: ast.Module, path: str, target, select, ignore) -> list[Finding]:
    context = FileContext(path, text, tree, target)
    findings = run_visitors(context, _visitors(select, ignore))
    context.shared.clear()  # shared analyses point back at the context: no cycle left for the GC
    return _dedupe([f for f in findings if not _suppressed(context, f)])


@contextlib.contextmanager
def _gc_paused():
    """Parsing allocates hundreds of thousands of AST nodes, which keeps triggering the cyclic
    collector for nothing (a file's tree is freed by reference counting); pausing it while one
    file is linted makes linting about a third faster."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _suppressed(context: FileContext, finding: Finding) -> bool:
    src = finding.source
    for line in {src.line, src.end_line or src.line}:
        text = context.line_text(line)
        if "#" not in text:
            continue
        for match in _NOQA.finditer(text):
            codes = match.group("codes")
            if not codes or finding.code in re.split(r"[\s,]+", codes.upper()):
                return True
    return False


def _dedupe(findings: list[Finding]) -> list[Finding]:
    # two pipelines sharing a prefix report the same `.map` once
    seen: set = set()
    unique = []
    for f in findings:
        key = (f.code, f.source.line, f.source.column, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return sorted(unique, key=Finding.sort_key)


# ---------------------------------------------------------------------------------------------
# One file


@dataclass
class _FileOutcome:
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: FileError | None = None
    parsed: bool = False
    lines: int = 0
    fixed: int = 0
    changed: bool = False
    diff: str | None = None


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) following PEP 263 (a coding cookie or a UTF-8 BOM); newlines untouched."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def lint_file(path: str, options: Options) -> _FileOutcome:
    outcome = _FileOutcome(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        outcome.error = FileError(path, f"cannot read: {exc.strerror}; check the path and permissions")
        return outcome
    if not any(m in data for m in _MENTIONS):
        return outcome
    try:
        text, encoding = _decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        outcome.error = FileError(path, f"not valid text in its declared encoding ({describe(exc)}); "
                                        "save it as UTF-8 or fix its coding declaration")
        return outcome
    outcome.parsed, outcome.lines = True, text.count("\n") + 1
    with _gc_paused():
        return _lint_decoded(path, text, encoding, options, outcome)


def _lint_decoded(path: str, text: str, encoding: str, options: Options, outcome: _FileOutcome) -> _FileOutcome:
    try:
        if options.fix or options.diff:
            new_text, outcome.findings, outcome.fixed = fix_text(
                text, path, target=options.target, select=options.select, ignore=options.ignore,
                unsafe_fixes=options.unsafe_fixes)
        else:
            new_text, outcome.findings = text, lint_text(text, path, target=options.target,
                                                         select=options.select, ignore=options.ignore)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        outcome.error = FileError(path, f"syntax error at {where}: {exc.msg}; the file was skipped "
                                        "(tfperf parses with the Python it runs on)")
        return outcome
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
        outcome.error = FileError(path, f"cannot parse: {describe(exc)}; the file was skipped")
        return outcome
    except FixError as exc:
        outcome.error = FileError(path, str(exc))
        outcome.findings = lint_text(text, path, target=options.target, select=options.select,
                                     ignore=options.ignore)
        return outcome
    if new_text != text:
        outcome.changed = True
        if options.diff:
            outcome.diff = unified_diff(path, text, new_text)
        if options.fix:
            atomic_write(path, new_text.encode(encoding))
    return outcome


# ---------------------------------------------------------------------------------------------
# Many files


def _options_for(path: str, overrides: Overrides, fix, diff, unsafe_fixes) -> Options:
    """Explicit arguments win; else `[tool.tfperf]` of the file's nearest pyproject.toml."""
    settings = overrides.resolve(config_for_dir(os.path.dirname(os.path.abspath(path))))
    return Options(target=settings.target, select=settings.select, ignore=settings.ignore,
                   fix=fix, diff=diff, unsafe_fixes=unsafe_fixes)


def _lint_item(item: tuple[str, Options]) -> _FileOutcome:
    return lint_file(*item)


def lint_paths(paths: Sequence[str], *, target=None, select: Sequence[str] = (), ignore: Sequence[str] = (),
               fix: bool = False, diff: bool = False, unsafe_fixes: bool = False,
               jobs: int | None = None) -> LintResult:
    """Lint files and directories (see the package docstring). Never raises for a bad file: it is
    reported in `errors` (code TFP000) and the others go on.

    `target`: a name, a `Target`, or None for `[tool.tfperf] target` / the default. `jobs`: worker
    processes (None: all cores). `fix` writes fixes; `diff` only computes them (with `fix` too,
    both happen).
    """
    files, missing = discover(paths)
    result = LintResult(errors=[FileError(p, m) for p, m in missing], files=len(files))
    target_name = target if isinstance(target, str) or target is None else target.name
    overrides = Overrides(target_name, tuple(select), tuple(ignore))
    items = [(f, _options_for(f, overrides, fix, diff, unsafe_fixes)) for f in files]
    for outcome in _run(items, jobs):
        result.findings.extend(outcome.findings)
        if outcome.error:
            result.errors.append(outcome.error)
        result.parsed += outcome.parsed
        result.lines += outcome.lines
        result.fixed += outcome.fixed
        if outcome.changed:
            result.changed.append(outcome.path)
        if outcome.diff:
            result.diffs[outcome.path] = outcome.diff
    result.findings.sort(key=Finding.sort_key)
    result.errors.sort(key=lambda e: e.path)
    return result


def _run(items: list, jobs: int | None):
    workers = max(1, jobs if jobs else (os.cpu_count() or 1))
    if workers > 1 and jobs is None:
        size = sum(_size(path) for path, _ in items)
        if size < _PARALLEL_MIN_BYTES:
            workers = 1
    workers = min(workers, len(items))
    if workers <= 1:
        return [_lint_item(item) for item in items]
    items = sorted(items, key=lambda it: -_size(it[0]))  # big files first: even load at the end
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        return list(pool.map(_lint_item, items, chunksize=chunk))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _pool_context():
    # fork is fastest (the workers inherit the imported rules), but forking a process that runs
    # threads (TensorFlow, a notebook kernel) can deadlock the child: use a fork server then.
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "tensorflow" not in sys.modules:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    if hasattr(context, "set_forkserver_preload"):
        context.set_forkserver_preload(["tfperf.source.linter"])
    return context
