"""The project: what the linted files tell each other (a symbol table and function summaries).

Each file, when linted, *exports* facts about its own definitions under string keys
`"<kind>:<qualified name>"` (`"x:pkg.mod.layers"` -> `"keras.layers"`: a module-level alias or
import; `"calls:pkg.mod.helper"` -> the functions that call it; rule facts such as "returns a zero
pad of its argument") and *queries* the facts other files exported. The `Index` merges every
file's exports; a file's findings can only depend on the answers to its queries, which are
recorded with the answers it got.

`tfperf.source.linter` runs the files, builds the index, and lints again the files whose recorded
answers changed, until none does (a few rounds: facts that build on facts of other files, such as
a helper calling a helper, settle one round per step). The same records make the results cache
exact: a cached file is reused when its content, and every answer it relied on, are unchanged.

Qualified names of the project's own code are module paths derived from the file system: a file
in a directory with `__init__.py` belongs to that package (`official/vision/ops/box_ops.py` is
`official.vision.ops.box_ops`); a file outside any package is a top-level module named by its stem.
"""

from __future__ import annotations

import os
from collections import defaultdict
from functools import lru_cache
from typing import Any, Collection, Iterable, Iterator, Mapping, Sequence

from tfperf.source import api
from tfperf.source.context import propagate

CONTEXT = "ctx"  # derived: the context the call graph gives a function (tfperf.source.context)
_CONTEXT_PREFIX = CONTEXT + ":"
CALLED_BY = "calls"  # callee -> caller, "!<kind>" (a caller whose own context is known) or "?" (a reference)
# the caller of a public method of a derived class, whose callers the source may not show: the base
# classes' machinery may call it (for contexts an unknown caller like "?"; it states no use of the result)
FRAMEWORK_CALLER = "?framework"
EXPORT = "x"  # module.name -> what a module-level import or alias binds it to
HOST_PARAMETER = "hostparam"  # function -> (index, name) of a parameter it hands to a tf.data transformation
DEFINED = "d"  # module.name -> "def" / "class": a top-level definition (for star imports)
# function -> (caller, the call's own context or "", positional arguments, ((keyword, True/False/None or "?"), ...))
# for each call that passes a literal True/False/None: which branches on its parameters it takes
FLAG_CALL = "flags"
# function -> ("channels_first" / "channels_last", "==" / "!="): it only returns that comparison of the
# image data format (`def is_channels_last(): return image_data_format() == "channels_last"`)
FORMAT_TEST = "fmt"
MAX_REEXPORTS = 8


@lru_cache(maxsize=None)
def _package_path(directory: str) -> tuple[str, ...] | None:
    """The package a directory is (`("official", "vision", "ops")`), () outside any package, None
    when a directory on the way has a name that is no identifier (cached: one look per directory)."""
    if not os.path.isfile(os.path.join(directory, "__init__.py")):
        return ()
    parent, name = os.path.split(directory)
    above = _package_path(parent) if parent != directory else ()
    return None if above is None or not name.isidentifier() else (*above, name)


def module_of(path: str) -> tuple[str | None, str | None]:
    """(module, package) of a source file, from the `__init__.py` files above it."""
    directory, filename = os.path.split(os.path.abspath(path))
    stem = os.path.splitext(filename)[0]
    if not stem.isidentifier() and stem != "__init__":
        return None, None
    package = _package_path(directory)
    if package is None:
        return None, None
    parts = package if stem == "__init__" else (*package, stem)
    if not parts:
        return None, None
    module = ".".join(parts)
    return module, (module if stem == "__init__" else module.rpartition(".")[0])


def _ordered(values: Collection[Any]) -> tuple:
    if len(values) == 1:  # most keys: one value (one definition, one caller)
        return tuple(values)
    return tuple(sorted(set(values), key=repr))


class Index:
    """Every file's exported facts, merged by key; and the facts derived from all of them.

    The linter keeps one index for a run and `update`s it with the files each round linted again,
    which gives the keys whose answer changed; a worker process keeps a copy that `apply` brings up
    to date with those answers alone."""

    def __init__(self, exports: Iterable[Mapping[str, Sequence]] = (), modules: Iterable[str] = ()):
        self._counts: dict[str, dict[Any, int]] = {}  # key -> value -> how many exports give it
        self._count(exports, 1)
        self.facts: dict[str, tuple] = {key: _ordered(counts) for key, counts in self._counts.items()}
        self.modules = frozenset(modules)
        self._contexts: dict[str, str] | None = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_counts": None}  # a worker's copy answers; it is never updated

    def _count(self, exports: Iterable[Mapping[str, Sequence]], step: int) -> set[str]:
        keys: set[str] = set()
        for file_exports in exports:
            for key, values in file_exports.items():
                counts = self._counts.setdefault(key, {})
                for value in values:
                    counts[value] = counts.get(value, 0) + step
                keys.add(key)
        return keys

    def update(self, removed: Iterable[Mapping[str, Sequence]], added: Iterable[Mapping[str, Sequence]]) -> set[str]:
        """Replace exports: `removed` (those of files linted again) by `added` (what they export now).
        Returns the keys it answers differently now, contexts included."""
        fewer = self._count(removed, -1)
        keys = fewer | self._count(added, 1)
        calls = [key for key in keys if key.startswith(CALLED_BY + ":")]
        before = self.contexts() if calls else None  # of the call graph before the update
        changed = set()
        for key in keys:
            counts = self._counts[key]
            if key in fewer:
                for value in [v for v, n in counts.items() if n <= 0]:
                    del counts[value]
            answer = _ordered(counts)
            if answer != self.facts.get(key, ()):
                changed.add(key)
                self.facts[key] = answer
        if before is not None and not changed.isdisjoint(calls):
            self._contexts = None
            changed.update(_context_changes(before, self.contexts()))
        return changed

    def answers(self, keys: Iterable[str]) -> dict[str, tuple]:
        """`answer` of each key (in one pass: a round's changes are tens of thousands of keys)."""
        found, facts, contexts = {}, self.facts, self.contexts()
        for key in keys:
            if key.startswith(_CONTEXT_PREFIX):
                kind = contexts.get(key[len(_CONTEXT_PREFIX):])
                found[key] = () if kind is None else (kind,)
            else:
                found[key] = facts.get(key, ())
        return found

    def apply(self, answers: Mapping[str, tuple]) -> None:
        """Take the answers another copy of the index gives now (`answers` of its changed keys)."""
        contexts = self.contexts()
        for key, answer in answers.items():
            kind, _, name = key.partition(":")
            if kind == CONTEXT:
                if answer:
                    contexts[name] = answer[0]
                else:
                    contexts.pop(name, None)
            else:
                self.facts[key] = answer

    def answer(self, key: str) -> tuple:
        kind, _, name = key.partition(":")
        if kind == CONTEXT:
            found = self.contexts().get(name)
            return () if found is None else (found,)
        return self.facts.get(key, ())

    def contexts(self) -> dict[str, str]:
        """Function -> its context from its callers ("" for the training step); functions without
        callers in the project are left out."""
        if self._contexts is None:
            prefix = CALLED_BY + ":"
            callers = {key[len(prefix):]: values for key, values in self.facts.items() if key.startswith(prefix)}
            self._contexts = {name: kind or "" for name, kind in propagate(callers).items() if not name.startswith("!")}
        return self._contexts


def _context_changes(before: Mapping[str, str], now: Mapping[str, str]) -> set[str]:
    return {f"{CONTEXT}:{name}" for name in now.keys() | before.keys() if now.get(name) != before.get(name)}


EMPTY = Index()


class ProjectView:
    """One file's window on the project: the facts it exports, and the answers it got to its queries."""

    def __init__(self, index: Index | None = None, module: str | None = None):
        self.index = index or EMPTY
        self.module = module
        self.exports: dict[str, list] = defaultdict(list)
        self.queries: dict[str, tuple] = {}
        self.reporting = False  # the file is deciding how to report a finding (where its code runs)
        self.asked_otherwise: set[str] = set()  # keys asked while not `reporting`

    def export(self, kind: str, name: str, value: Any = True) -> None:
        self.exports[f"{kind}:{name}"].append(value)

    def query(self, kind: str, name: str) -> tuple:
        key = f"{kind}:{name}"
        if not self.reporting:
            self.asked_otherwise.add(key)
        found = self.queries.get(key)
        if found is None:
            found = self.queries[key] = self.index.answer(key)
        return found

    @property
    def report_only(self) -> set[str]:
        """The contexts (`ctx:` keys) asked only to decide how findings are reported: when only their
        answers change, the file's findings are its reports made again (`FileContext.finding`), not a
        new lint. Only contexts: no memo of the file keeps what they say, while the other answers a
        report reads (a callee, a name) may be kept in one and read again outside a report."""
        return {key for key in self.queries if key.startswith(_CONTEXT_PREFIX) and key not in self.asked_otherwise}

    def first(self, kind: str, name: str) -> Any:
        found = self.query(kind, name)
        return found[0] if found else None

    def is_module(self, name: str) -> bool:
        """A module of the linted project (recorded: adding or removing a file changes the answer)."""
        found = self.queries.get(f"m:{name}")
        if found is None:
            found = self.queries[f"m:{name}"] = (True,) if name in self.index.modules else ()
        return bool(found)

    def context(self, qualname: str) -> str | None:
        return self.first(CONTEXT, qualname)

    def resolve(self, name: str, depth: int = 0) -> str:
        """Follow re-exports between the project's modules: `pkg.layers.Block`, where
        `pkg/layers/__init__.py` imports `Block` from `pkg.layers.blocks`, is `pkg.layers.blocks.Block`;
        `pkg.mod.layers.Conv2D` where `pkg.mod` says `layers = tf.keras.layers` is
        `keras.layers.Conv2D`; a name `pkg.mod` star-imports from a framework module is that module's.
        A name a module binds in alternatives (a backend switch: `if tensorflow: from tensorflow.keras
        import layers else: from .torch_backend import layers`) is the alternative that leads to a
        framework name, if one does. Framework names and unknown names come back unchanged."""
        if depth > MAX_REEXPORTS or api.is_framework(name):
            return name
        parts = name.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if self.is_module(module):
                targets = self.query(EXPORT, f"{module}.{parts[cut]}") or self._starred(module, parts[cut])
                if not targets:
                    return name
                rest = parts[cut + 1:]
                resolved = [self.resolve(".".join([target, *rest]), depth + 1) for target in targets]
                return next((found for found in resolved if api.is_framework(found)), resolved[0])
        return name

    def _starred(self, module: str, name: str) -> tuple[str, ...]:
        """`module.name` bound by a `from M import *` of `module` (also in an `if`/`try` block):
        a public name of a framework module M, unless `module` defines `name` itself."""
        stars = self.query(EXPORT, f"{module}.*")
        if not stars or self.query(DEFINED, f"{module}.{name}"):
            return ()
        return tuple(f"{star}.{name}" for star in stars if name in (api.module_names(star) or ()))


def stale(queries: Mapping[str, tuple], index: Index) -> bool:
    """Whether recorded `queries` (key -> answer) would be answered differently by `index`."""
    return any(_changed(queries, index))


def changed_answers(queries: Mapping[str, tuple], index: Index) -> set[str]:
    """The keys of recorded `queries` (key -> answer) that `index` answers differently."""
    return set(_changed(queries, index))


def _changed(queries: Mapping[str, tuple], index: Index) -> Iterator[str]:
    for key, answer in queries.items():
        if key.startswith("m:"):
            if ((True,) if key[2:] in index.modules else ()) != tuple(answer):
                yield key
        elif index.answer(key) != tuple(answer):
            yield key
