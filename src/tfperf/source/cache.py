"""The results cache of `tfperf check PATH` (as ruff's): a second run on an unchanged repository reads
no source file again.

One file per tfperf build in the cache directory (`.tfperf_cache/` of the working directory by
default), holding per linted file: its size and modification time, the digest of its content, the
options it was linted with, its findings, the facts it exported and the answers to the questions it
asked the project (`tfperf.source.project`). A file's results are reused when its content is the
same (same size and time, or same digest) and it was linted with the same options; the linter then
checks the recorded answers against the project's facts of this run, and lints the file again if
one changed. Answers read from files the linter does not lint (numbers a project's configuration
files set, `tfperf.source.config_files`) are recorded the same way, and a settled run's are checked
again before it is reused whole: editing a config re-lints the files that read it. The key includes
tfperf's version and a fingerprint of its rule and linter code, so an upgrade (or an edit of a rule)
starts afresh.

The format is `marshal` of plain tuples and dicts: loading it runs no code, and a damaged or foreign
file is ignored (the run is then cold). Each file's facts and answers (most of the bytes) are marshalled
once more on their own, and decoded only when the linter checks them: a run on a project that settled
and has not changed does not. Writes go to a temp file renamed over the old one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from tfperf.findings import Finding, Fix, GuideSection, InputError, Location, Safety, Severity, SourceLocation, TextEdit
from tfperf.source import config_files
from tfperf.source.outcome import FileOutcome
from tfperf.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.linter import Options

DEFAULT_DIR = ".tfperf_cache"
_FORMAT = 4
_OUTSIDE = config_files.CONFIG_SETTING + ":"  # answers read from files that are not linted (a settled run checks them)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """tfperf's version and the size and time of its linter, rule and API-table files: results of
    an older (or locally edited) tfperf are never reused."""
    root = Path(__file__).resolve().parents[1]
    parts = [__version__, str(_FORMAT)]
    for sub in ("source", "rules"):
        for path in sorted((root / sub).rglob("*")):
            if path.suffix in (".py", ".gz"):
                stat = path.stat()
                parts.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("\n".join(parts).encode())


class Cache:
    def __init__(self, directory: str):
        self.directory = directory
        self.path = os.path.join(directory, f"source-{__version__}.marshal")
        self._settled: str | None = None  # the project key of the run that saved the cache, if it settled
        self._outside: dict[str, tuple] = {}  # that run's answers read from files outside the linted code
        self._plain: dict[str, tuple[FileOutcome, tuple]] = {}  # path -> (outcome, its plain data): `prepare`

    def load(self, items: Sequence[tuple[str, "Options"]], project_key: str | None = None) -> dict[str, FileOutcome]:
        """Outcomes of the files whose content and options are unchanged (their project answers are
        checked by the caller). Their facts and answers are left out when every file is unchanged
        and `project_key`'s facts settled in the saved run: nothing will ask them."""
        entries, self._settled, self._outside = self._read()
        found, facts = {}, {}
        cwd = os.getcwd()
        for path, options in items:
            entry = entries.get(os.path.normpath(os.path.join(cwd, path)))
            if entry is None or entry[3] != options.key:
                continue
            outcome = _reuse(path, entry)
            if outcome is not None:
                found[path], facts[path] = outcome, entry[4][1]
        if len(found) < len(items) or not self.settled(project_key):
            for path, blob in facts.items():
                try:
                    found[path].exports, found[path].queries = marshal.loads(blob)
                except (ValueError, EOFError, TypeError):
                    del found[path]  # lint it again
        return found

    def settled(self, project_key: str) -> bool:
        """Whether the saved run linted this very project (same files and options) and its facts
        settled: when every file is reused too, no recorded answer can have changed."""
        return self._settled is not None and self._settled == project_key and \
            all(config_files.answer(key.partition(":")[2]) == tuple(answer) for key, answer in self._outside.items())

    def save(self, items: Iterable[tuple[str, "Options"]], outcomes: dict[str, FileOutcome],
             project_key: str | None = None) -> None:
        """Keep the outcomes; `project_key`: the project's, when its facts settled in this run."""
        entries = {}
        cwd = os.getcwd()
        for path, options in items:
            outcome = outcomes.get(path)
            if outcome is None or outcome.digest is None or outcome.stat is None:
                continue
            kept = self._plain.get(path)
            plain = kept[1] if kept is not None and kept[0] is outcome else _plain_outcome(outcome)
            entries[os.path.normpath(os.path.join(cwd, path))] = (*outcome.stat, outcome.digest, options.key, plain)
        try:
            os.makedirs(self.directory, exist_ok=True)
            _mark(self.directory)
            outside = {key: answer for outcome in outcomes.values() for key, answer in outcome.queries.items()
                       if key.startswith(_OUTSIDE)} if project_key is not None else {}
            data = marshal.dumps((_FORMAT, code_fingerprint(), entries, project_key, outside))
            fd, tmp = tempfile.mkstemp(prefix=".source-", dir=self.directory)
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only checkout: no cache, same results

    def prepare(self, outcomes: Iterable[FileOutcome]) -> None:
        """Make the plain data of outcomes `save` may keep now (a round's outcomes as the workers send them,
        while they lint the rest: `save` comes when no worker is left to wait for)."""
        for outcome in outcomes:
            if outcome.digest is not None and outcome.stat is not None:
                self._plain[outcome.path] = (outcome, _plain_outcome(outcome))

    def _read(self) -> tuple[dict, str | None, dict]:
        try:
            with open(self.path, "rb") as stream:
                data = marshal.loads(stream.read())
        except (OSError, ValueError, EOFError, TypeError):
            return {}, None, {}
        if not (isinstance(data, tuple) and len(data) == 5 and data[0] == _FORMAT and data[1] == code_fingerprint()
                and isinstance(data[2], dict) and isinstance(data[3], (str, type(None))) and isinstance(data[4], dict)):
            return {}, None, {}
        return data[2], data[3], data[4]


def _mark(directory: str) -> None:
    """Tell git and backup tools to leave the cache alone (as ruff does)."""
    for name, text in ((".gitignore", "# Automatically created by tfperf.\n*\n"),
                       ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n")):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(text)


def file_stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _reuse(path: str, entry: tuple) -> "FileOutcome | None":
    mtime, size, known, _, plain = entry
    stat = file_stat(path)
    if stat is None:
        return None
    if stat != (mtime, size):
        try:
            with open(path, "rb") as stream:
                if digest(stream.read()) != known:
                    return None
        except OSError:
            return None
    try:
        outcome = _outcome(path, plain)
    except (TypeError, ValueError, KeyError, IndexError):  # an entry of another shape: lint again
        return None
    outcome.stat, outcome.digest, outcome.cached = stat, known, True
    return outcome


# ---------------------------------------------------------------------------------------------
# Plain data <-> outcomes


def _plain_outcome(outcome: FileOutcome) -> tuple:
    error = None if outcome.error is None else (outcome.error.message, outcome.error.code)
    facts = marshal.dumps(({k: tuple(v) for k, v in outcome.exports.items()},
                           {k: tuple(v) for k, v in outcome.queries.items()}))
    return (tuple(_plain_finding(f) for f in outcome.findings), facts, outcome.parsed, outcome.lines, error)


def _outcome(path: str, plain: tuple) -> FileOutcome:
    """The outcome without its facts and answers (`Cache.load` decodes them when needed)."""
    findings, _, parsed, lines, error = plain
    return FileOutcome(path, findings=[_finding(path, f) for f in findings],
                       error=None if error is None else InputError(path, error[0], error[1]),
                       parsed=parsed, lines=lines)


def _plain_finding(f: Finding) -> tuple:
    src = f.source
    fix = None if f.fix is None else (f.fix.safety.value, f.fix.description,
                                      tuple((e.start_line, e.start_column, e.end_line, e.end_column, e.replacement)
                                            for e in f.fix.edits))
    return (f.code, f.rule, f.message, f.severity.value, f.section.name,
            (src.line, src.column, src.end_line, src.end_column), fix)


def _finding(path: str, plain: tuple) -> Finding:
    code, rule, message, severity, section, (line, column, end_line, end_column), fix = plain
    return Finding(code=code, rule=rule, message=message, severity=Severity(severity), section=GuideSection[section],
                   locations=(Location(source=SourceLocation(path, line, column, end_line, end_column)),),
                   fix=None if fix is None else Fix(Safety(fix[0]), fix[1],
                                                    tuple(TextEdit(path, *edit) for edit in fix[2])))
