"""Lint files: read, parse, run the rules' source visitors, honour `# noqa`, fix, write atomically.

Files are linted in rounds (see `tfperf.source.project`): every file once, then the files whose
recorded questions to the project (what a helper in another module returns, where a function is
called from) get another answer from the facts all files exported, until none does. A results
cache (`tfperf.source.cache`) skips the files whose content, options and answers are unchanged.

Nothing here imports TensorFlow; nothing runs the user's code.
"""

from __future__ import annotations

import ast
import codecs
import contextlib
import gc
import io
import os
import re
import tokenize
from collections import defaultdict
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from functools import lru_cache
from typing import Collection, Iterable, Sequence

from tfperf import targets
from tfperf.config import Overrides, TensorFlow, check_tensorflow_version
from tfperf.errors import describe
from tfperf.findings import FIX_FAILED, Finding, Fix, InputError, Safety
from tfperf.rules.base import selected_rules
from tfperf.source import api, config_files, configs
from tfperf.source.cache import Cache, digest, file_stat
from tfperf.source.discover import config_for_dir, discover, project_root
from tfperf.source.edits import ChangedMeanwhile, applicable, apply_fixes, atomic_write, to_apply, unified_diff
from tfperf.source.outcome import FileOutcome
from tfperf.source.callables import HELPER_FACTS
from tfperf.source.importable import MODULE_NAMES
from tfperf.source.passed import ENUM_CLASS
from tfperf.source.project import (EXPORT, Index, ProjectView, changed_answers, for_workers, module_aliases, module_of,
                                   stale)
from tfperf.source.visitor import (FRAMEWORK_WORDS, FileContext, Report, Walk, line_starts, private_groups,
                                   rerun_visitors, run_visitors, visitors_for)
from tfperf.source.workers import Runner, Trees

ERROR_CODE = "TFP000"
MAX_FIX_ROUNDS = 8  # a fix can enable another (a pad removed, then a pipeline line...); converge
MAX_PROJECT_ROUNDS = 8  # facts built on facts of other files settle one step per round (each round
# lints only the files whose answers changed: on 500k lines, 1583 files, then 172, 29, 8, 2)
# Cheap test before parsing: rules resolve names through imports of these, so a file that never
# mentions them cannot have a finding; nor can one without them that binds no name `tf` (`from ..compat
# import tfv1 as tf`: TensorFlow through the project's own re-export, `project.Index.resolve`), nor one that
# star-imports nothing (`from ..imports import *`, a project module that imports tensorflow as tf: its `tf.`
# names resolve through the star import, `ProjectView.starred`). A program (`__main__`) is read all the same: a
# package's training program often imports only the package (`from pkg import Trainer`), and where its calls lead
# (into the project's training code) is TFP702's question.
_MENTIONS = tuple(word.encode() for word in FRAMEWORK_WORDS) + (b"__main__",)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)
_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


# What a project's lint built (its outcomes, index and kept trees: millions of objects), kept here
# to the end of a command-line run that then ends with os._exit (`keep_until_exit`): freeing it
# object by object takes ~0.2 s on a 260k-line project, for a process about to end. None: freed.
_kept: list | None = None


def keep_until_exit() -> None:
    """Keep what the next project lints build for the rest of the process (the caller ends it with
    os._exit: nothing is freed then)."""
    global _kept
    if _kept is None:
        _kept = []


# A file that could not be linted (path, one-line message, code TFP000): the report's record for
# any input that failed, so files, models and SavedModels are reported alike.
FileError = InputError


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files: int = 0  # files looked at
    parsed: int = 0  # files that mention TensorFlow/Keras and were parsed (or came from the cache)
    lines: int = 0  # lines of the parsed files
    fixed: int = 0  # fixes applied (or, with diff, that would be)
    changed: list[str] = field(default_factory=list)  # files fixed (or, with diff, that would change)
    diffs: dict[str, str] = field(default_factory=dict)  # path -> unified diff (with diff=True)
    cached: int = 0  # files whose results came from the cache unchanged
    rounds: int = 0  # linting rounds until the project's facts settled


@dataclass(frozen=True)
class Options:
    target: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    fix_info: bool = True  # also apply the fixes of info findings (the CLI: only with --show-info)
    context_path: str | None = None  # the path that says what the file is (tests/, tools/...): relative
    allow_host: tuple[str, ...] = ()  # op types allowed on the host ([tool.tfperf] allow-host)
    tensorflow: TensorFlow | None = None  # the TensorFlow the code runs on (None: as installed here)
    # a module that names no framework (the cheap test skips it), linted all the same because a file of the
    # project asks about one of its definitions (`_helpers_asked`): for the facts it exports, its findings
    # dropped (none is possible without the framework's names); the same findings either way: not in `key`
    helper: bool = False

    @property
    def key(self) -> str:
        """What the findings depend on besides the file and the project (for the cache)."""
        return repr((self.target, self.select, self.ignore, self.context_path, self.allow_host, self.tensorflow))


# ---------------------------------------------------------------------------------------------
# One text


@lru_cache(maxsize=None)
def _visitors(select: tuple[str, ...], ignore: tuple[str, ...]):
    return visitors_for(selected_rules(select, ignore))


@lru_cache(maxsize=None)
def _private(select: tuple[str, ...], ignore: tuple[str, ...]):
    return private_groups(_visitors(select, ignore))


@lru_cache(maxsize=None)
def _target(name: str):
    return targets.load(name)


@dataclass
class _Analysis:
    """What linting one text gives: its findings, the facts it exports, the answers it relied on; and
    for linting the same tree again, what the walk found, what the visitors reported, and which
    answers only said how to report it (`ProjectView.report_only`)."""

    findings: list[Finding]
    exports: dict[str, list]
    queries: dict[str, tuple]
    walk: Walk
    reports: list[Report]
    report_only: set[str]
    asked_by: dict[str, str]  # `ProjectView.asked_by`
    memos: tuple[dict, ...] = ()  # the file's name memos (`FileContext.close(keep=True)`)


def lint_text(text: str, path: str = "<string>", *, target="gaudi2", select: Sequence[str] = (),
              ignore: Sequence[str] = (), tensorflow_version: str | None = None) -> list[Finding]:
    """Findings in one source text, as a project of one file (raises SyntaxError if it does not parse).
    `tensorflow_version`: the TensorFlow release the code runs on (default: the one installed here)."""
    return _settled(text, path, _as_target(target), tuple(select), tuple(ignore),
                    tensorflow=_tensorflow(tensorflow_version)).findings


def fix_text(text: str, path: str = "<string>", *, target="gaudi2", select: Sequence[str] = (),
             ignore: Sequence[str] = (), unsafe_fixes: bool = False,
             index: Index | None = None, module: str | None = None,
             context_path: str | None = None, allow_host: tuple[str, ...] = (),
             fix_info: bool = True, tensorflow_version: str | None = None) -> tuple[str, list[Finding], int]:
    """(fixed text, findings left in it, fixes applied). Raises SyntaxError if `text` does not parse.
    A fix whose edits make code that does not parse is left out, alone (the others are applied):
    its finding is left with an advisory fix that says so (`fixed` lists these failures).
    `fix_info=False` leaves the fixes of info findings out."""
    result = fixed(text, path, target=target, select=select, ignore=ignore, unsafe_fixes=unsafe_fixes, index=index,
                   module=module, context_path=context_path, allow_host=allow_host, fix_info=fix_info,
                   tensorflow=_tensorflow(tensorflow_version))
    return result.text, result.findings, result.applied


@dataclass
class Fixed:
    text: str
    findings: list[Finding]
    applied: int
    failures: list[FileError]  # one per fix left out because it made code that does not parse


def fixed(text: str, path: str = "<string>", *, target="gaudi2", select: Sequence[str] = (),
          ignore: Sequence[str] = (), unsafe_fixes: bool = False, index: Index | None = None,
          module: str | None = None, context_path: str | None = None, allow_host: tuple[str, ...] = (),
          fix_info: bool = True, tensorflow: TensorFlow | None = None) -> Fixed:
    """`fix_text`, with the fixes that failed as error records (code FIX_FAILED)."""
    tgt, select, ignore = _as_target(target), tuple(select), tuple(ignore)

    def chosen(found: list[Finding]) -> list[Finding]:
        return [f for f in found if to_apply(f, unsafe_fixes, fix_info)]

    def findings_of(source: str, tree: ast.Module) -> list[Finding]:
        if index is None:
            return _settled(source, path, tgt, select, ignore, tree=tree, allow_host=allow_host,
                            tensorflow=tensorflow).findings
        return _analyse(source, tree, path, tgt, select, ignore, index, module, context_path, allow_host,
                        tensorflow=tensorflow).findings

    findings = findings_of(text, ast.parse(text, filename=path))
    applied = 0
    for _ in range(MAX_FIX_ROUNDS):
        if not (to_fix := chosen(findings)):
            break
        new_text, count = apply_fixes(text, line_starts(text), to_fix, unsafe_fixes)
        tree = _parsed(new_text, path) if count else None
        if count and tree is None:  # a rule produced broken code: apply the others without it
            new_text, count = _parsing_fixes(text, to_fix, unsafe_fixes, path)
            tree = _parsed(new_text, path) if count else None
        if count == 0 or tree is None:
            break
        text, applied = new_text, applied + count
        findings = findings_of(text, tree)
    findings, failures = _failed_fixes(text, findings, unsafe_fixes, fix_info, path)
    return Fixed(text, findings, applied, failures)


def _any_to_apply(findings: list[Finding], options: Options) -> bool:
    return any(to_apply(f, options.unsafe_fixes, options.fix_info) for f in findings)


def _parsed(text: str, path: str) -> ast.Module | None:
    return None if isinstance(tree := _parse(text, path), SyntaxError) else tree


def _parse(text: str, path: str) -> ast.Module | SyntaxError:
    try:
        return ast.parse(text, filename=path)
    except SyntaxError as exc:
        return exc


def _parsing_fixes(text: str, findings: list[Finding], unsafe_fixes: bool, path: str) -> tuple[str, int]:
    """`text` with the applicable fixes that, added one at a time, keep it parsing."""
    starts, kept = line_starts(text), []
    for finding in sorted(findings, key=Finding.sort_key):
        if not applicable(finding.fix, unsafe_fixes):
            continue
        trial, count = apply_fixes(text, starts, [*kept, finding], unsafe_fixes)
        if count == len(kept) + 1 and _parsed(trial, path) is not None:
            kept.append(finding)  # (one that overlaps a kept fix waits for the next round, as in apply_fixes)
    return apply_fixes(text, starts, kept, unsafe_fixes)


def _failed_fixes(text: str, findings: list[Finding], unsafe_fixes: bool, fix_info: bool,
                  path: str) -> tuple[list[Finding], list[FileError]]:
    """The findings, each fix that was to be applied and alone makes `text` fail to parse turned
    into advice that says so; and one error record for each."""
    kept, failures = [], []
    for finding in findings:
        if to_apply(finding, unsafe_fixes, fix_info):
            exc = _parse(apply_fixes(text, line_starts(text), [finding], unsafe_fixes)[0], path)
            if isinstance(exc, SyntaxError):
                why = f"it made code that does not parse ({exc.msg}, line {exc.lineno})"
                finding = replace(finding, fix=Fix(Safety.ADVISORY, f"{finding.fix.description} (not applied: {why}; "
                                                                    "please report this)"))
                where = f"line {finding.source.line}" if finding.source else "a finding"
                failures.append(FileError(path, f"{where}: the {finding.code} fix was left out: {why}; the file's "
                                                "other fixes are unaffected; please report this", FIX_FAILED))
        kept.append(finding)
    return kept, failures


def _tensorflow(version: str | None) -> TensorFlow | None:
    """The TensorFlow an API call names (None: as installed here)."""
    return TensorFlow(check_tensorflow_version(version, "tensorflow_version"), "setting") if version else None


def _as_target(target):
    return _target(target) if isinstance(target, str) or target is None else target


def _settled(text: str, path: str, target, select, ignore, tree: ast.Module | None = None,
             allow_host: tuple[str, ...] = (), tensorflow: TensorFlow | None = None) -> _Analysis:
    """A text linted as a project of its own: again while its own facts change its answers."""
    with _gc_paused():
        tree = tree if tree is not None else ast.parse(text, filename=path)
        index, walk, memos = Index(), None, ()
        for _ in range(MAX_PROJECT_ROUNDS):
            found = _analyse(text, tree, path, target, select, ignore, index, None, None, allow_host, walk, tensorflow,
                             memos)
            index, walk, memos = Index([found.exports]), found.walk, found.memos
            if not stale(found.queries, index):
                break
        return found


def _analyse(text: str, tree: ast.Module, path: str, target, select, ignore, index: Index,
             module: str | None, context_path: str | None, allow_host: tuple[str, ...] = (),
             walk: Walk | None = None, tensorflow: TensorFlow | None = None, memos: tuple[dict, ...] = ()) -> _Analysis:
    """`walk`, `memos`: the walk and the memos of an earlier analysis of this tree (it is walked again without it;
    of the memos, only those no answer of the project changes are taken)."""
    context = _file_context(text, tree, path, target, ProjectView(index, module), context_path, allow_host, walk,
                            tensorflow)
    if memos:
        context.take_memos(memos, names=False)
    run_visitors(context, _visitors(select, ignore))
    return _analysed(context, dict(context.project.exports))


def _reported_again(text: str, tree: ast.Module, path: str, target, index: Index, module: str | None,
                    options: Options, previous: _Analysis) -> _Analysis | None:
    """The analysis of a tree analysed before (`previous`) whose questions to the project are answered
    differently now only where they said how to report its findings (where the code runs), or where
    only one rule module's visitors asked (facts private to it, `SourceVisitor.private_facts`, and the
    `calls:` that only its visitors' summaries asked, `ProjectView.asked_by`): its reports made again,
    the visitors of those modules run again (their reports and exports replaced), the others not run.
    None when other answers changed."""
    changed = changed_answers(previous.queries, index)
    if not changed:
        return None
    private, groups = _private(options.select, options.ignore)
    rerun: set[str] = set()  # the modules whose visitors run again
    for key in changed:
        if key not in previous.report_only:
            group = private.get(key.partition(":")[0]) or previous.asked_by.get(key)
            if not group:
                return None
            rerun.add(group)
    kinds = {kind for kind, group in private.items() if group in rerun}
    project = ProjectView(index, module)
    asked = {key: answer for key, answer in previous.queries.items()
             if key not in previous.report_only and key.partition(":")[0] not in kinds
             and previous.asked_by.get(key) not in rerun}
    project.queries.update(asked)  # the same answers as before: the visitors would ask the same again
    project.asked_otherwise.update(asked)
    project.asked_by.update((key, group) for key, group in previous.asked_by.items() if key in asked)
    context = _file_context(text, tree, path, target, project, options.context_path, options.allow_host,
                            previous.walk, options.tensorflow)
    context.take_memos(previous.memos)  # (every answer they asked is as it was: only `changed`, none of theirs, moved)
    for report in previous.reports:
        if report.rule.Source.__module__ not in rerun:
            context.reports.append(report)
            context.finding(report)
    exports = previous.exports
    if rerun:
        exports = {key: values for key, values in exports.items() if key.partition(":")[0] not in kinds}
        rerun_visitors(context, [cls for group in sorted(rerun) for cls in groups.get(group, ())])
        for key, values in project.exports.items():
            if key.partition(":")[0] not in kinds:  # (a kind it does not declare: not private after all)
                context.close()
                return None
            exports[key] = values
    return _analysed(context, exports)


def _file_context(text: str, tree: ast.Module, path: str, target, project: ProjectView, context_path: str | None,
                  allow_host: tuple[str, ...], walk: Walk | None, tensorflow: TensorFlow | None = None) -> FileContext:
    module, package = project.module, None
    if module is not None:
        package = module if os.path.basename(path) == "__init__.py" else module.rpartition(".")[0]
    return FileContext(path, text, tree, target, project=project, module=module, package=package,
                       context_path=context_path, allow_host=allow_host, walk=walk, tensorflow=tensorflow)


def _analysed(context: FileContext, exports: dict[str, list]) -> _Analysis:
    """A file's analysis once its visitors reported: the findings `# noqa` leaves, one of each."""
    findings = _dedupe([f for f in context.findings if not _suppressed(context, f)])
    memos = context.close(keep=True)
    project = context.project
    return _Analysis(findings, exports, dict(project.queries), context.walk, context.reports, project.report_only,
                     project.asked_by, memos)


@contextlib.contextmanager
def _gc_paused():
    """Parsing allocates hundreds of thousands of AST nodes, which keeps triggering the cyclic
    collector for nothing (a file's tree is freed by reference counting); pausing it while one
    file is linted makes linting about a third faster. What outlives the pause (a project's outcomes
    and index: millions of objects) goes to the oldest generation unscanned, as if it had survived
    there: else the first collection after the pause scans it all (0.2 s at the end of a cold lint of
    tf-models-official, while nothing else runs). Garbage cycles among it are still collected, by the
    next full collection. A caller that froze objects itself (`gc.freeze()` before forking workers)
    keeps them frozen: the trick is skipped then, since unfreeze would thaw the caller's too."""
    enabled, caller_froze = gc.isenabled(), gc.get_freeze_count() > 0
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not caller_froze:
                gc.freeze()  # (every generation's objects to the permanent one, and the counts to zero)
                gc.unfreeze()  # (the permanent generation's objects to the oldest)
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


def _decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) following PEP 263 (a coding cookie or a UTF-8 BOM); newlines untouched."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding), encoding


def lint_file(path: str, options: Options, index: Index | None = None, trees: Trees | None = None) -> FileOutcome:
    """Lint (and with `options.fix`/`diff`, fix) one file against the project's `index`; `trees`:
    parsed files kept from an earlier round (reused for the same bytes) and where to keep this one."""
    outcome = FileOutcome(path, stat=file_stat(path))
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        outcome.error = FileError(path, f"cannot read: {exc.strerror}; check the path and permissions")
        return outcome
    outcome.digest = digest(data)
    if data.startswith(_UTF16_BOMS):
        outcome.error = FileError(path, "UTF-16 text (it starts with a UTF-16 byte-order mark): Python runs source "
                                        "files only as UTF-8 or an encoding they declare; save it as UTF-8")
        return outcome
    if not options.helper and not any(m in data for m in _MENTIONS) and \
            os.path.basename(path) not in ("__init__.py", "__main__.py"):
        outcome.exports = _text_facts(data)
        return outcome  # no finding possible; a package's __init__ may still re-export the project's names, and its
        # __main__ (`python -m pkg`, a console script's entry) is a program, read for where its calls lead
    kept = trees.get(path, data) if trees is not None else None
    if kept is not None:
        text, encoding, tree, previous = kept
    else:
        try:
            text, encoding = _decode(data)
        except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
            outcome.error = FileError(path, f"not valid text in its declared encoding ({describe(exc)}); "
                                            "save it as UTF-8 or fix its coding declaration")
            return outcome
        tree = previous = None
    outcome.parsed, outcome.lines = True, text.count("\n") + 1
    with _gc_paused():
        return _lint_decoded(path, data, text, encoding, options, outcome, index or Index(), tree, previous, trees)


def _lint_decoded(path: str, data: bytes, text: str, encoding: str, options: Options, outcome: FileOutcome,
                  index: Index, tree: ast.Module | None, previous: _Analysis | None, trees: Trees | None) -> FileOutcome:
    """`tree`, `previous`: this text's tree and analysis from an earlier round (None: parsed, analysed)."""
    module = module_of(path)[0]
    target = _as_target(options.target)
    try:
        if tree is None:
            tree = ast.parse(text, filename=path)
        found = None
        if previous is not None and not (options.fix or options.diff):
            found = _reported_again(text, tree, path, target, index, module, options, previous)
        if found is None:
            found = _analyse(text, tree, path, target, options.select, options.ignore, index, module,
                             options.context_path, options.allow_host, previous.walk if previous else None,
                             options.tensorflow, previous.memos if previous else ())
        if trees is not None:
            trees.keep(path, data, text, encoding, tree, found)
        outcome.findings, outcome.exports, outcome.queries = found.findings, found.exports, found.queries
        if options.helper:
            outcome.findings = []  # (linted for its facts alone)
        new_text = text
        if (options.fix or options.diff) and _any_to_apply(found.findings, options):
            result = fixed(text, path, target=target, select=options.select, ignore=options.ignore,
                           unsafe_fixes=options.unsafe_fixes, index=index, module=module,
                           context_path=options.context_path, allow_host=options.allow_host, tensorflow=options.tensorflow,
                           fix_info=options.fix_info)
            new_text, outcome.findings, outcome.fixed, outcome.fix_failures = (result.text, result.findings,
                                                                               result.applied, result.failures)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        outcome.error = FileError(path, f"syntax error at {where}: {exc.msg}; the file was skipped "
                                        "(tfperf parses with the Python it runs on)")
        return outcome
    except (ValueError, RecursionError, MemoryError) as exc:  # null bytes, absurd nesting
        outcome.error = FileError(path, f"cannot parse: {describe(exc)}; the file was skipped")
        return outcome
    if new_text != text:
        outcome.changed = True
        if options.diff:
            outcome.diff = unified_diff(path, text, new_text)
        if options.fix:
            _write_fixes(path, data, new_text.encode(encoding), found.findings, outcome)
    return outcome


def _write_fixes(path: str, old: bytes, new: bytes, unfixed: list[Finding], outcome: FileOutcome) -> None:
    """Write the fixed file; when it cannot be written, or it changed meanwhile, it stays as it is, and
    the report says so and lists the findings it still holds (`unfixed`)."""
    try:
        atomic_write(path, new, expected=old)
        return
    except ChangedMeanwhile:
        outcome.error = FileError(path, "changed while tfperf was fixing it, so the fixes were not written (your "
                                        "edit is kept); run --fix again")
    except OSError as exc:
        outcome.error = FileError(path, f"cannot write the fixes ({exc.strerror or exc}); the file was left "
                                        "unchanged: check the permissions of the file and its directory")
    outcome.changed, outcome.fixed, outcome.findings = False, 0, unfixed


# ---------------------------------------------------------------------------------------------
# Many files


def _options_for(path: str, root: str, overrides: Overrides, fix, diff, unsafe_fixes, fix_info, cwd: str) -> Options:
    """Explicit arguments win; else `[tool.tfperf]` of the file's nearest pyproject.toml."""
    absolute = os.path.normpath(os.path.join(cwd, path))
    config = config_for_dir(os.path.dirname(absolute))
    settings = overrides.resolve(config)
    ignore = settings.ignore + _per_file_ignores(absolute, config) if config.per_file_ignores else settings.ignore
    return Options(target=settings.target, select=settings.select, ignore=ignore,
                   fix=fix, diff=diff, unsafe_fixes=unsafe_fixes, fix_info=fix_info,
                   context_path=_context_path(absolute, root, cwd, config.path),
                   allow_host=settings.allow_host, tensorflow=settings.tensorflow)


def _per_file_ignores(path: str, config) -> tuple[str, ...]:
    """The codes `[tool.tfperf] per-file-ignores` ignores for this file (globs relative to the
    pyproject.toml, or a file name)."""
    base = os.path.dirname(config.path) if config.path else os.getcwd()
    rel = os.path.relpath(path, base).replace(os.sep, "/")
    codes: list[str] = []
    for pattern, ignored in config.per_file_ignores.items():
        if fnmatch(rel, pattern) or fnmatch(os.path.basename(path), pattern) or fnmatch(rel, pattern.rstrip("/") + "/*"):
            codes.extend(ignored)
    return tuple(codes)


def _context_path(absolute: str, root: str, cwd: str, pyproject: str | None = None) -> str:
    """The part of a file's path that says what it is (`tests/test_model.py`): relative to the project
    (the directory of its nearest pyproject.toml) when there is one, so the same checkout gets the same
    findings whatever its directory is named and wherever tfperf runs from (a checkout named
    `tflite-model-maker-0.4.3` is not export code); else relative to the working directory when the file
    is under it, else to the directory it was found under (a temporary or home directory's own name
    says nothing about the code)."""
    if pyproject:
        project = os.path.dirname(pyproject) + os.sep
        if absolute.startswith(project):
            return absolute[len(project):]
        real = os.path.realpath(absolute)  # (the pyproject.toml was found by its real path)
        if real.startswith(project):
            return real[len(project):]
    if absolute.startswith(cwd + os.sep):
        return absolute[len(cwd) + 1:]
    base = os.path.join(cwd, root)
    base = base if os.path.isdir(base) else os.path.dirname(base)
    return absolute[len(base) + 1:] if absolute.startswith(base + os.sep) else os.path.basename(absolute)


def lint_paths(paths: Sequence[str], *, target=None, select: Sequence[str] = (), ignore: Sequence[str] = (),
               fix: bool = False, diff: bool = False, unsafe_fixes: bool = False, fix_info: bool = True,
               jobs: int | None = None, exclude: Sequence[str] | None = None, extend_exclude: Sequence[str] = (),
               cache_dir: str | None = None, tensorflow_version: str | None = None,
               project_context: bool = True) -> LintResult:
    """Lint files and directories (see the package docstring). Never raises for a bad file: it is
    reported in `errors` (code TFP000) and the others go on.

    `target`: a name, a `Target`, or None for `[tool.tfperf] target` / the default. `jobs`: worker
    processes (None: all cores). `fix` writes fixes; `diff` only computes them (with `fix` too,
    both happen); `fix_info=False` leaves the fixes of info findings out. `exclude` replaces the
    configured exclusions, `extend_exclude` adds to them (globs). `cache_dir`: keep results there
    and reuse them (not with `fix`/`diff`). `tensorflow_version`: the TensorFlow release the code runs
    on ("2.15"), over `[tool.tfperf] tensorflow-version` and the one installed here. `project_context`:
    a file named on its own is linted with the other files of its project (`_project_context`), which
    are read for what they say about it (a caller that prefetches the pipeline it returns), never
    reported or fixed.
    """
    config_files.forget()  # (a configuration file may have changed since an earlier run of this process)
    found, missing = _discover(paths, exclude, extend_exclude)
    context: list[tuple[str, str]] = []
    if project_context:
        found, context = _project_context(found, exclude, extend_exclude)
    result = LintResult(errors=[FileError(p, m) for p, m in missing], files=len(found))
    target_name = target if isinstance(target, str) or target is None else target.name
    if tensorflow_version is not None:
        check_tensorflow_version(tensorflow_version, "tensorflow_version")
    overrides = Overrides(target_name, tuple(select), tuple(ignore), tensorflow_version=tensorflow_version)
    cwd = os.getcwd()
    items = [(f, _options_for(f, root, overrides, fix, diff, unsafe_fixes, fix_info, cwd)) for f, root in found]
    items += [(f, _options_for(f, root, overrides, False, False, False, fix_info, cwd)) for f, root in context]
    cache = Cache(cache_dir) if cache_dir and not (fix or diff) else None
    outcomes = _lint_project(items, jobs, cache, result)[:len(found)]  # the context's outcomes are not reported
    for outcome in outcomes:
        result.findings.extend(outcome.findings)
        if outcome.error:
            result.errors.append(outcome.error)
        result.errors.extend(outcome.fix_failures)
        result.parsed += outcome.parsed
        result.lines += outcome.lines
        result.fixed += outcome.fixed
        result.cached += outcome.cached
        if outcome.changed:
            result.changed.append(outcome.path)
        if outcome.diff:
            result.diffs[outcome.path] = outcome.diff
    result.findings.sort(key=Finding.sort_key)
    result.errors.sort(key=lambda e: e.path)
    return result


def _discover(paths: Sequence[str], exclude, extend_exclude) -> tuple[list[tuple[str, str]], list]:
    """(file, the argument it was found under) for every file to lint, and the missing paths."""
    found: dict[str, str] = {}
    missing = []
    for raw in paths:
        files, gone = discover([raw], exclude=exclude, extend_exclude=extend_exclude)
        missing.extend(gone)
        for path in files:
            found.setdefault(path, raw)
    return list(found.items()), missing


def _project_context(found: list[tuple[str, str]], exclude, extend_exclude) -> tuple[list, list]:
    """The files found, each with the argument it was found under, or its project's root when it was
    named on its own (so its path says where in the project it is, as for the others); and (file, root)
    for every other file of those projects (`tfperf check train.py`, as pre-commit and editors run it).
    A project is the directory of the nearest pyproject.toml or `.git` above the file, and its files are
    the ones `tfperf check <root>` would lint. A file named with no project, and the files under a
    directory argument, bring none: a directory is the scope the user chose."""
    roots = {path: project_root(os.path.dirname(os.path.abspath(path))) for path, raw in found if os.path.isfile(raw)}
    if not any(roots.values()):
        return found, []
    named = {os.path.realpath(path) for path, _ in found}
    context: list[tuple[str, str]] = []
    for root in sorted({root for root in roots.values() if root}):
        files, _ = discover([root], exclude=exclude, extend_exclude=extend_exclude)
        context.extend((path, root) for path in files if os.path.realpath(path) not in named)
    return [(path, roots.get(path) or raw) for path, raw in found], context


def _lint_project(items: list[tuple[str, Options]], jobs: int | None, cache: Cache | None,
                  result: LintResult) -> list[FileOutcome]:
    """Every file linted against the facts of all the others, in rounds until they settle; with
    `--fix`/`--diff`, the fixes are made in a last round, once the facts are settled."""
    named = [(module_of(path)[0], options.context_path) for path, options in items]
    modules = {module for module, _ in named if module}
    aliases = module_aliases(named)
    project_key = _project_key(items, modules, aliases)
    outcomes: dict[str, FileOutcome] = cache.load(items, project_key) if cache else {}
    if cache and len(outcomes) == len(items) and cache.settled(project_key):
        return [outcomes[path] for path, _ in items]  # nothing changed since a settled run
    by_path = {path: _without_fixes(options) for path, options in items}  # fixes wait for settled facts
    todo = [(path, by_path[path]) for path, _ in items if path not in outcomes]
    index = Index((o.exports for o in outcomes.values()), modules, aliases)
    linter = Runner(lint_file, jobs, prepare=_prepare)
    with _gc_paused(), contextlib.closing(linter):
        packages = [item for item in todo if os.path.basename(item[0]) == "__init__.py"]
        if packages and len(packages) < len(todo):  # their re-exports first: fewer files to lint again
            _linted(linter, packages, outcomes, index, cache, planned=todo)
            todo = [item for item in todo if item[0] not in outcomes]
            starred = _star_imported(index, todo)
            if starred and len(starred) < len(todo):  # then the modules they star-import (`_star_imported`)
                _linted(linter, starred, outcomes, index, cache)
                todo = [item for item in todo if item[0] not in outcomes]
        settled = _settle(outcomes, todo, by_path, index, linter, result, cache)
        fixing = [item for item in items if item[1].fix or item[1].diff]
        fixable = [item for item in fixing if _any_to_apply(outcomes[item[0]].findings, item[1])]
        if not fixable:
            linter.stop()  # nothing left for the workers: they end while the cache is written
        if cache and (not all(o.cached for o in outcomes.values()) or (settled and not cache.settled(project_key))):
            cache.save(items, outcomes, project_key if settled else None)
        for outcome in linter.run(fixable, index):
            outcomes[outcome.path] = outcome
        if _kept is not None:
            _kept.append((outcomes, index, linter.here.trees))
    return [outcomes[path] for path, _ in items]


def _star_imported(index: Index, todo: list) -> list:
    """The files of `todo` whose modules a linted file star-imports (`from .base_config import *` in a
    package's `__init__`): a name read through the star import is resolved by asking which names that
    module defines (`ProjectView.starred`), so linted before the others they spare every file that reads
    one (`hyperparams.Config`) a second lint."""
    prefix, suffix = f"{EXPORT}:", ".*"
    wanted = {target for key, targets in index.facts.items() if key.startswith(prefix) and key.endswith(suffix)
              for target in targets if type(target) is str}
    return [item for item in todo if module_of(item[0])[0] in wanted] if wanted else []


def _settle(outcomes: dict[str, FileOutcome], todo: list, by_path: dict, index: Index, linter,
            result: LintResult, cache: Cache | None = None) -> bool:
    """Lint `todo`, then again the files whose recorded answers changed, until none does (or the
    rounds run out). Returns whether the facts settled."""
    # the answers held so far (from the cache, or linted before `index` took the files' exports)
    # are checked against `index` once; after that, and for the files a round linted, against what
    # the round changed (`_record`: every key whose answer changed since the round began, which
    # answered them). (A dict's keys are tested against a set by iterating the smaller of the two.)
    changed: set[str] | None = None
    asking: Iterable[FileOutcome] = ()
    for _ in range(MAX_PROJECT_ROUNDS):
        news: set[str] = set()
        if todo:
            ran, news = _linted(linter, todo, outcomes, index, cache)
            result.rounds += 1
            asking = ran if changed is not None else outcomes.values()
            changed = news if changed is not None else None
        if changed is None:
            linted = {path for path, _ in todo}
            todo = [(path, by_path[path]) for path, o in outcomes.items() if o.queries and (
                not o.queries.keys().isdisjoint(news) if path in linted else stale(o.queries, index))]
            changed = set()
        else:
            todo = [(path, by_path[path]) for path, o in outcomes.items()
                    if o.queries and not o.queries.keys().isdisjoint(changed)]
        helpers = _helpers_asked(asking, outcomes, by_path)
        if helpers:
            planned = {path for path, _ in todo}
            todo += [item for item in helpers if item[0] not in planned]
        if not todo:
            return True
    return False


def _text_facts(data: bytes) -> dict[str, list]:
    """The facts the rules read from the bytes of a file the cheap test skips (`SourceVisitor.text_facts`)."""
    return {f"{kind}:": [True] for kind, words, pattern in _text_fact_kinds()
            if any(word in data for word in words) and (pattern is None or pattern.search(data))}


@lru_cache(maxsize=None)
def _text_fact_kinds() -> tuple[tuple[str, tuple[bytes, ...], re.Pattern[bytes] | None], ...]:
    return tuple((kind, words, pattern) for visitor in _visitors((), ())
                 for kind, (words, pattern) in visitor.text_facts.items())


@lru_cache(maxsize=None)
def _helper_kinds() -> frozenset[str]:
    """The fact kinds whose queries bring a framework-free module in (`SourceVisitor.helper_facts`)."""
    return frozenset(kind for visitor in _visitors((), ()) for kind in visitor.helper_facts) | HELPER_FACTS | \
        {configs.OWN_PARAMS, configs.FIELD, ENUM_CLASS}  # (a Params-style base class that keeps the params:
    # `configs.params_of`; a settings class's field, `configs.settings_fields`: Hugging Face's configuration modules
    # name no framework; a plain enum a setting's default and tests name, `passed.enum_member`: a config module's)


_MODULE_NAMES_PREFIX = f"{MODULE_NAMES}:"


def _helpers_asked(asking: Iterable[FileOutcome], outcomes: dict[str, FileOutcome], by_path: dict) -> list:
    """The modules of the project the cheap test skipped (they name no framework) whose definitions the
    files of `asking` asked about (`sonnet.src.pad`, whose `create` returns the paddings a conv module
    pads with): linted next as helpers (`Options.helper`), for the facts they export. Only a query of a
    kind such a module can answer (`SourceVisitor.helper_facts`) brings one in: the project's other
    framework-free modules (configs, scripts) cost nothing."""
    prefixes = tuple(f"{kind}:" for kind in _helper_kinds())
    asked = {key.partition(":")[2] for outcome in asking for key in outcome.queries if key.startswith(prefixes)} \
        if prefixes else ()
    # (the names a module binds, `importable`: a package's `__init__.py` of a docstring names no framework)
    modules = {key.partition(":")[2] for outcome in asking for key in outcome.queries
               if key.startswith(_MODULE_NAMES_PREFIX)}
    if not asked and not modules:
        return []
    skipped = defaultdict(list)  # module -> its skipped files (two may claim one name: `tests/pkg/__init__.py`)
    for path, outcome in outcomes.items():
        if not outcome.parsed and outcome.error is None and not by_path[path].helper:
            module = module_of(path)[0]
            if module:
                skipped[module].append(path)
    wanted = {path for module in modules for path in skipped.get(module, ())}
    for name in asked:
        for _ in range(3):  # module.function, module.Class.method, module.Class.method.inner
            name = name.rpartition(".")[0]
            if name in skipped:
                wanted.add(skipped[name][-1])
                break
    helpers = []
    for path in sorted(wanted):
        by_path[path] = replace(by_path[path], helper=True)
        helpers.append((path, by_path[path]))
    return helpers


def _linted(linter, items: list, outcomes: dict[str, FileOutcome], index: Index, cache: Cache | None,
            planned: Sequence = ()) -> tuple[list[FileOutcome], set[str]]:
    """Lint a round's files (`linter.run`) and `_record` their outcomes: (the outcomes, the keys `index`
    answers differently now). The outcomes the workers send are counted into the index (`Index.stage`) and
    made ready for the cache (`Cache.prepare`) as they come, while the workers lint the rest of the round."""
    staged: set[str] = set()

    def received(chunk: list[FileOutcome]) -> None:
        index.stage(*_replaced(chunk, outcomes))
        staged.update(o.path for o in chunk)
        if cache is not None:
            cache.prepare(chunk)

    ran = linter.run(items, index, planned=planned, received=received)
    return ran, _record(ran, outcomes, index, linter, staged)


def _record(linted: list[FileOutcome], outcomes: dict[str, FileOutcome], index: Index, linter,
            staged: Collection[str] = ()) -> set[str]:
    """Take a round's outcomes into `outcomes` and their exports into `index` (the workers are told):
    the keys `index` answers differently now. `staged`: the files whose exports `index` counted already."""
    rest = [o for o in linted if o.path not in staged] if staged else linted
    index.stage(*_replaced(rest, outcomes))
    changed = index.commit()
    changed |= index.watch(o.queries for o in linted)  # what callers pass, as the files were told and as it is now
    outcomes.update((o.path, o) for o in linted)
    linter.changed(for_workers(changed))
    return changed


def _replaced(linted: list[FileOutcome], outcomes: dict[str, FileOutcome]) -> tuple[list, list]:
    """(the exports `linted` replace, what they export now) for `Index.stage`, leaving out a file linted again
    that exports just what it did (most of a later round's: counting them out and in again changes nothing)."""
    removed, added = [], []
    for outcome in linted:
        before = outcomes.get(outcome.path)
        if before is not None:
            if before.exports == outcome.exports:
                continue
            removed.append(before.exports)
        added.append(outcome.exports)
    return removed, added


def _prepare(items: Sequence[tuple[str, Options]]) -> None:
    """Load the rules, targets and API tables linting `items` needs (once here, not in each worker)."""
    for options in {options for _, options in items}:
        _visitors(options.select, options.ignore)
        _as_target(options.target)
    api.module_names("tensorflow")


def _project_key(items: list[tuple[str, Options]], modules: set[str], aliases: dict[str, str]) -> str:
    """What a project's facts depend on besides the files' contents: which files, with which options
    and module names."""
    cwd = os.getcwd()
    listing = sorted((os.path.normpath(os.path.join(cwd, path)), options.key) for path, options in items)
    return digest(repr((listing, sorted(modules), sorted(aliases.items()))).encode())


def _without_fixes(options: Options) -> Options:
    return Options(options.target, options.select, options.ignore, context_path=options.context_path,
                   allow_host=options.allow_host, tensorflow=options.tensorflow)
