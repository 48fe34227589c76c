"""Which files `tfperf check PATH...` lints: .py files under the given paths, minus what git ignores,
the usual tool and environment directories, and the `exclude` / `extend-exclude` patterns of
`[tool.tfperf]` (relative to its pyproject.toml) or of the command line (`--exclude` replaces the
configured `exclude`, `--extend-exclude` adds to it; relative to the working directory).

A file named on the command line is always linted (as ruff does). What git ignores is read from the
`.gitignore` files (and `.git/info/exclude`) by tfperf itself, never by running git: git runs
programs that a repository's own configuration names (`core.fsmonitor`, ...), and linting a tree
must not execute anything from it. A directory that cannot be read, or a symbolic link that loops,
is reported as a problem (the rest is still linted), never skipped in silence.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

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
def project_root(directory: str) -> str | None:
    """The project a directory belongs to: the nearest directory at or above it (a real path) that holds
    a pyproject.toml or a `.git`; None when there is none."""
    directory = os.path.realpath(directory)
    while True:
        if os.path.isfile(os.path.join(directory, "pyproject.toml")) or os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


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


def discover(paths: Sequence[str], exclude: Sequence[str] | None = None,
             extend_exclude: Sequence[str] = ()) -> tuple[list[str], list[tuple[str, str]]]:
    """(files to lint, [(path, problem)] for paths that do not exist, directories that cannot be read
    and links that cannot be followed)."""
    exclusions = Exclusions(None if exclude is None else tuple(exclude), tuple(extend_exclude))
    files: list[str] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = os.path.normpath(raw)
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            files.extend(_walk(path, problems, exclusions))
        elif os.path.islink(path):
            problems.append((raw, _LINK_PROBLEM))
        else:
            problems.append((raw, "no such file or directory; check the path"))
    seen: set[str] = set()
    unique = [f for f in files if not (f in seen or seen.add(f))]
    return unique, problems


_LINK_PROBLEM = "a symbolic link that loops or points nowhere; fix or remove the link"


def _walk(root: str, problems: list[tuple[str, str]], exclusions: Exclusions = Exclusions()) -> list[str]:
    """Breadth-first; every directory or link that cannot be followed is added to `problems`."""
    ignore = _GitignoreMatcher()
    files: list[str] = []
    level = [root]
    while level:
        subdirs: list[str] = []
        level_files: list[str] = []
        for directory in level:
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError as exc:
                problems.append((directory, f"cannot read the directory ({exc.strerror}); the files in it were "
                                            "not checked: check its permissions"))
                continue
            patterns = exclusions.patterns(config_for_dir(directory))  # once per directory, not per entry
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in DEFAULT_EXCLUDES and not (patterns and _matches(entry.path, patterns)):
                        subdirs.append(entry.path)
                elif entry.name.endswith(SOURCE_SUFFIXES) and _is_source_file(entry, problems):
                    if not (patterns and _matches(entry.path, patterns)):
                        level_files.append(entry.path)
        files.extend(f for f in level_files if not ignore.ignored(f))
        level = [d for d in subdirs if not ignore.ignored(d)]
    return files


def _is_source_file(entry: os.DirEntry, problems: list[tuple[str, str]]) -> bool:
    """Whether `entry` is a file (links followed); a link that loops or dangles is a problem."""
    try:
        if entry.is_file():
            return True
    except OSError:  # ELOOP: a link to itself, or a cycle of links
        problems.append((entry.path, _LINK_PROBLEM))
        return False
    if entry.is_symlink():
        problems.append((entry.path, _LINK_PROBLEM))
    return False


@lru_cache(maxsize=None)
def _repository_top(directory: str) -> str | None:
    """The directory holding the `.git` of the repository `directory` is in (None outside one)."""
    if os.path.exists(os.path.join(directory, ".git")):
        return directory
    parent = os.path.dirname(directory)
    return None if parent == directory else _repository_top(parent)  # cached: one look per directory


def _git_dirs(top: str) -> list[str]:
    """The git directory of the work tree at `top` and its common directory (a linked work tree or a
    submodule has a `.git` file that names them), read as files: nothing is run."""
    dot_git = os.path.join(top, ".git")
    if os.path.isdir(dot_git):
        return [dot_git]
    try:
        gitdir = Path(dot_git).read_text(encoding="utf-8").strip().removeprefix("gitdir:").strip()
        gitdir = os.path.join(top, gitdir)
        common = Path(gitdir, "commondir").read_text(encoding="utf-8").strip() \
            if os.path.isfile(os.path.join(gitdir, "commondir")) else None
    except (OSError, UnicodeDecodeError):
        return []
    return [gitdir] + ([os.path.join(gitdir, common)] if common else [])


class _GitignoreMatcher:
    """What git ignores, from the `.gitignore` files of the repository's top down to the path and its
    `info/exclude` (the user's global excludes file is not read). Outside a repository, the
    `.gitignore` files of every parent directory count. Globs, `**`, anchoring, `dir/`, `!negation`."""

    def __init__(self) -> None:
        self._rules: dict[str, list[tuple[re.Pattern, bool, bool]]] = {}
        self._chains: dict[str, list[tuple[str, list]]] = {}
        self._cwd = os.getcwd()

    def _rules_of(self, files: Sequence[str]) -> list[tuple[re.Pattern, bool, bool]]:
        key = "\0".join(files)
        if key not in self._rules:
            lines: list[str] = []
            for file in files:
                try:
                    lines += Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    pass
            self._rules[key] = [rule for line in lines if (rule := _gitignore_rule(line)) is not None]
        return self._rules[key]

    def _chain(self, directory: str) -> list[tuple[str, list]]:
        """(directory, its rules) that apply under `directory`, outermost first; only those with rules
        (most directories have no .gitignore: a file there costs one look-up)."""
        if directory not in self._chains:
            self._chains[directory] = [(d, rules) for d, files in _ignore_files(directory)
                                       if (rules := self._rules_of(files))]
        return self._chains[directory]

    def ignored(self, path: str) -> bool:
        path = os.path.normpath(os.path.join(self._cwd, path))
        is_dir = None  # asked of the file system only for a `dir/` pattern
        verdict = False
        for directory, rules in self._chain(os.path.dirname(path)):
            rel = os.path.relpath(path, directory).replace(os.sep, "/")
            for pattern, negate, dir_only in rules:
                if dir_only and is_dir is None:
                    is_dir = os.path.isdir(path)
                if (not dir_only or is_dir) and pattern.fullmatch(rel):
                    verdict = not negate
        return verdict


@lru_cache(maxsize=None)
def _ignore_files(directory: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(directory, the ignore files whose patterns are relative to it), outermost first: from the
    repository's top (outside one, from the root) down to `directory`."""
    top = _repository_top(directory)
    parent = os.path.dirname(directory)
    above = () if directory == top or parent == directory else _ignore_files(parent)
    files = [os.path.join(g, "info", "exclude") for g in _git_dirs(directory)] if directory == top else []
    return (*above, (directory, tuple(files + [os.path.join(directory, ".gitignore")])))


def _gitignore_rule(line: str) -> tuple[re.Pattern, bool, bool] | None:
    """(pattern, negates, directories only) of one line of a .gitignore; None for blanks and comments."""
    if line.endswith(" ") and not line.endswith("\\ "):
        line = line.rstrip(" ")  # trailing spaces are ignored unless escaped
    if not line or line.startswith("#"):
        return None
    negate = line.startswith("!")
    line = line[1:] if negate else line
    line = line[1:] if line.startswith(("\\#", "\\!")) else line
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    return re.compile(_glob_regex(line.lstrip("/"), anchored)), negate, dir_only


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
        elif glob[i] == "[" and "]" in glob[i + 1:]:
            j = glob.index("]", i + 1)
            body = glob[i + 1:j]
            body = "^" + body[1:] if body.startswith("!") else body  # [!abc] is git's negated class
            out, i = out + "[" + body.replace("\\", "\\\\") + "]", j + 1
        elif glob[i] == "\\" and i + 1 < len(glob):
            out, i = out + re.escape(glob[i + 1]), i + 2
        else:
            out, i = out + re.escape(glob[i]), i + 1
    return out
