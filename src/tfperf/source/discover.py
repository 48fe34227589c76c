"""Which files `tfperf check PATH...` lints: .py files under the given paths, minus what git ignores,
the usual tool and environment directories, and the `exclude` / `extend-exclude` patterns of
`[tool.tfperf]` (relative to its pyproject.toml) or of the command line (`--exclude` replaces the
configured `exclude`, `--extend-exclude` adds to it; relative to the working directory).

A file named on the command line is always linted (as ruff does). Inside a git work tree git itself
answers what is ignored (`git check-ignore --stdin`, one call per directory level); elsewhere a
small `.gitignore` matcher covers the common patterns.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from tfperf.config import Config, ConfigError, load_config

# Directories no one wants linted (ruff's defaults, minus the ones TF projects keep code in).
DEFAULT_EXCLUDES = frozenset({
    ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints", ".mypy_cache",
    ".nox", ".pants.d", ".pytest_cache", ".pytype", ".ruff_cache", ".svn", ".tox", ".venv", ".vscode",
    "__pycache__", "__pypackages__", "_build", "buck-out", "node_modules", "site-packages", "venv",
    ".tfperf_cache",
})
SOURCE_SUFFIXES = (".py", ".pyi")


@lru_cache(maxsize=None)
def config_for_dir(directory: str) -> Config:
    """`[tool.tfperf]` of the pyproject.toml nearest to `directory` (cached per directory, and each
    pyproject.toml read once: a large tree has thousands of directories and few configs)."""
    pyproject = _pyproject_in(os.path.realpath(directory))
    return Config() if pyproject is None else _config_of(os.path.dirname(pyproject))


@lru_cache(maxsize=None)
def _pyproject_in(directory: str) -> str | None:
    """The nearest pyproject.toml at or above `directory` (a real path)."""
    candidate = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(candidate):
        return candidate
    parent = os.path.dirname(directory)
    return None if parent == directory else _pyproject_in(parent)


@lru_cache(maxsize=None)
def _config_of(directory: str) -> Config:
    try:
        return load_config(directory)
    except ConfigError:
        raise
    except OSError:
        return Config()


@dataclass(frozen=True)
class Exclusions:
    """Exclusion globs given on the command line: `exclude` replaces the configured `exclude` (None:
    keep it), `extend` adds to it."""

    exclude: tuple[str, ...] | None = None
    extend: tuple[str, ...] = ()

    def patterns(self, config: Config) -> list[tuple[str, str]]:
        """(glob, the directory it is relative to) that apply under `config`."""
        here = os.getcwd()
        base = os.path.dirname(config.path) if config.path else here
        configured = config.exclude if self.exclude is None else ()
        return ([(p, base) for p in configured + config.extend_exclude]
                + [(p, here) for p in (self.exclude or ()) + self.extend])


def _matches(path: str, patterns: list[tuple[str, str]]) -> bool:
    name = os.path.basename(path)
    for pattern, base in patterns:
        rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern) or \
                fnmatch.fnmatch(rel, pattern.rstrip("/") + "/*"):
            return True
    return False


def _excluded(path: str, config: Config, exclusions: Exclusions = Exclusions()) -> bool:
    patterns = exclusions.patterns(config)
    return bool(patterns) and _matches(path, patterns)


def discover(paths: Sequence[str], exclude: Sequence[str] | None = None,
             extend_exclude: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """(files to lint, [(path, problem)] for paths that do not exist)."""
    exclusions = Exclusions(None if exclude is None else tuple(exclude), tuple(extend_exclude))
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        path = os.path.normpath(raw)
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            files.extend(_walk(path, exclusions))
        else:
            missing.append((raw, "no such file or directory; check the path"))
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, missing


def _walk(root: str, exclusions: Exclusions = Exclusions()) -> list[str]:
    """Breadth-first, so that each directory level asks git about ignores once."""
    ignore = _IgnoreOracle(root)
    files: list[str] = []
    level = [root]
    while level:
        subdirs: list[str] = []
        level_files: list[str] = []
        for directory in level:
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                continue
            config = config_for_dir(directory)
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in DEFAULT_EXCLUDES and not _excluded(entry.path, config, exclusions):
                        subdirs.append(entry.path)
                elif entry.name.endswith(SOURCE_SUFFIXES) and entry.is_file():
                    if not _excluded(entry.path, config, exclusions):
                        level_files.append(entry.path)
        ignored = ignore.ignored(subdirs + level_files)
        files.extend(f for f in level_files if f not in ignored)
        level = [d for d in subdirs if d not in ignored]
    return files


class _IgnoreOracle:
    """What git ignores under `root`: asked once (`git ls-files --others --ignored --directory`
    lists every ignored file, and an ignored directory as one entry); per directory level with
    `git check-ignore` when that listing is not available; a built-in reader outside git."""

    def __init__(self, root: str):
        self.repo = _git_toplevel(root)
        self.listed = _git_ignored(root) if self.repo is not None else None
        self.nested: set[str] = set()  # submodules and repositories inside the walked one
        self.fallback = _GitignoreMatcher() if self.repo is None else None

    def ignored(self, paths: list[str]) -> set[str]:
        if not paths:
            return set()
        if self.listed is None:
            return self._ask(paths)
        self.nested.update(os.path.abspath(p) for p in paths if _nested_repo(p))
        inside = [p for p in paths if self._in_nested(os.path.abspath(p))]  # git's listing stops there
        found = self._ask(inside) if inside else set()
        return found | {p for p in paths if os.path.abspath(p) in self.listed and p not in inside}

    def _in_nested(self, path: str) -> bool:
        return any(path == n or path.startswith(n + os.sep) for n in self.nested)

    def _ask(self, paths: list[str]) -> set[str]:
        if self.repo is not None:
            answer = _git_check_ignore(self.repo, paths)
            if answer is not None:
                return answer
            self.fallback = self.fallback or _GitignoreMatcher()
        return {p for p in paths if self.fallback.ignored(p)}


def _nested_repo(path: str) -> bool:
    """A submodule or a repository inside the walked one: its own ignore rules apply."""
    return os.path.exists(os.path.join(path, ".git"))


def _git_ignored(root: str) -> set[str] | None:
    """Absolute paths of what git ignores under `root` (directories as one entry); None if git fails."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                              "--directory"], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    base = os.path.abspath(root)
    return {os.path.join(base, p.rstrip("/")) for p in out.stdout.decode("utf-8", "surrogateescape").split("\0") if p}


@lru_cache(maxsize=None)
def _git_toplevel(directory: str) -> str | None:
    try:
        out = subprocess.run(["git", "-C", directory, "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def _git_check_ignore(repo: str, paths: list[str]) -> set[str] | None:
    """The subset of `paths` git ignores; None when git cannot say (e.g. paths in a submodule)."""
    absolute = {os.path.abspath(p): p for p in paths}
    try:
        out = subprocess.run(["git", "-C", repo, "check-ignore", "--stdin", "-z"],
                             input="\0".join(absolute).encode() + b"\0", capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode not in (0, 1):
        return None
    ignored = {os.path.abspath(os.path.join(repo, p)) for p in out.stdout.decode().split("\0") if p}
    return {orig for absolute_path, orig in absolute.items() if absolute_path in ignored}


class _GitignoreMatcher:
    """`.gitignore` semantics for the common cases: globs, `**`, anchoring, `dir/`, `!negation`."""

    def __init__(self) -> None:
        self._rules: dict[str, list[tuple[re.Pattern, bool, bool]]] = {}

    def _rules_of(self, directory: str) -> list[tuple[re.Pattern, bool, bool]]:
        if directory not in self._rules:
            rules = []
            try:
                lines = Path(directory, ".gitignore").read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            for line in lines:
                line = line.rstrip()
                if not line or line.startswith("#"):
                    continue
                negate = line.startswith("!")
                line = line[1:] if negate else line
                dir_only = line.endswith("/")
                line = line.rstrip("/")
                anchored = "/" in line
                rules.append((re.compile(_glob_regex(line.lstrip("/"), anchored)), negate, dir_only))
            self._rules[directory] = rules
        return self._rules[directory]

    def ignored(self, path: str) -> bool:
        path = os.path.abspath(path)
        is_dir = os.path.isdir(path)
        verdict = False
        for directory in _parents_top_down(os.path.dirname(path)):
            rel = os.path.relpath(path, directory).replace(os.sep, "/")
            for pattern, negate, dir_only in self._rules_of(directory):
                if (not dir_only or is_dir) and pattern.fullmatch(rel):
                    verdict = not negate
        return verdict


def _parents_top_down(directory: str) -> Iterable[str]:
    chain = [directory, *map(str, Path(directory).parents)]
    return reversed(chain)


def _glob_regex(glob: str, anchored: bool) -> str:
    out = "" if anchored else "(?:.*/)?"
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif glob.startswith("**", i):
            out, i = out + ".*", i + 2
        elif glob[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif glob[i] == "?":
            out, i = out + "[^/]", i + 1
        elif glob[i] == "[" and "]" in glob[i:]:
            j = glob.index("]", i)
            out, i = out + glob[i:j + 1], j + 1
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return out
