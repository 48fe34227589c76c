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

import ast
import os
from collections import defaultdict
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Collection, Iterable, Iterator, Mapping, Sequence

from tfperf.source import api, config_files, configs
from tfperf.source.context import CALLED_BY, REFERRED_BY, STEP_BASE, STEP_ROOT, WEIGHT_CALL, propagate
from tfperf.source.context import FRAMEWORK_CALLER  # noqa: F401 (defined beside CALLED_BY, for passed.py; the rules import it here)
from tfperf.source.names import canonical
from tfperf.source.configs import FIELD, FIELD_STORE, HPARAM, HPARAM_KEY, REFERENCE
from tfperf.source.passed import (FORWARDED, GATED, HELD, HELD_ATTR, ITEMS, NO_DEFAULT, OFF_PATH, ONE_OF, OUTSIDE,
                                  RETURNED, UNKNOWN, gate_passes, off_path, passed)

CONTEXT = "ctx"  # derived: the context the call graph gives a function (tfperf.source.context)
_CONTEXT_PREFIX = CONTEXT + ":"
# callee -> caller, "!<kind>" (a caller whose own context is known), "?" (a reference), or
# (HANDED, function, position, keyword, fallback): it is handed to a project function's parameter
# (it runs where that function calls the parameter: PARAMETER_CALL; else as `fallback` says): `context.CALLED_BY`
# what `steps.on_step` follows (TFP101/TFP103: whether a layer, loss or training step of the project reaches code):
# STEP_BASE (`context`): class -> a base class of the project
STEP_SUBCLASS = "stepsub"  # class -> a class of the project derived from it
INPUT_GRADIENT = "ingrad"  # function -> True: it differentiates only what its tape watches (`steps._optimises_inputs`)
# callee -> True: some call of it is off the step only by the name of a function around it that says prediction
# (`_build_prediction_head`: "predict" also names a forward pass), not by what the code does (`steps.made_off_step`)
PREDICT_NAMED = "prednamed"
HANDED = "~"
# function -> (position among what callers pass or -1, name, the call's caller as CALLED_BY has it)
# for each call of a parameter the function only calls (or tests): what is handed there runs there
PARAMETER_CALL = "paramcall"
EXPORT = "x"  # module.name -> what a module-level import or alias binds it to
HOST_PARAMETER = "hostparam"  # function -> (index, name) of a parameter it hands to a tf.data transformation
DEFINED = "d"  # module.name -> "def" / "class": a top-level definition (for star imports)
# function -> (caller, the call's own context or "", positional arguments, ((keyword, True/False/None or "?"), ...))
# for each call that passes a literal True/False/None: which branches on its parameters it takes
FLAG_CALL = "flags"
# function -> ("channels_first" / "channels_last", "==" / "!=", parameters): it only returns that comparison of
# the image data format (`def is_channels_last(): return image_data_format() == "channels_last"`), or of its
# one parameter (`def is_channels_first(data_format): return data_format == "channels_first"`: parameters 1)
FORMAT_TEST = "fmt"
# module.name -> the data-format string a module-level name holds (`_CH_FIRST_STR = "channels_first"`,
# `NCHW = "NCHW"`): what a comparison with it imported elsewhere tests
LAYOUT_CONSTANT = "layout"
# function -> (caller as CALLED_BY has it, positional arguments, ((keyword, argument), ...) for the
# keywords whose argument is known, whether it passes more not known here: *args, **kw, another
# keyword), each argument as `passed.encode` keeps it: what the project's calls pass
# (`parameter_values`); one per call of a project function, so kept small (the caller is the
# CALLED_BY value itself, which the file's exports hold once)
ARG_CALL = "args"
# keyword -> a literal some call of the project (not a test's) passes by that keyword (`f(x, full_cov=True)`): a
# call the index does not join to its function (a layer's `call` through `layer(...)`, an override through its base's
# `self.K(...)`) may turn an option on (`optin.opt_in`); each file's distinct pairs once
KEYWORD_LITERAL = "kwlit"
# function -> (position, name, "none" or "falsy") of a parameter it returns None for first (`optin.none_for`)
NONE_FOR = "nonefor"
# derived: "passed:<function>:<position>:<name>:<default>" -> the values the project passes a parameter
PASSED = "passed"
_PASSED_PREFIX = PASSED + ":"
_ARG_CALL_PREFIX = ARG_CALL + ":"
_CALLED_BY_PREFIX = CALLED_BY + ":"
_PARAMETER_CALL_PREFIX = PARAMETER_CALL + ":"
_REPORT_ONLY_PREFIXES = (_CONTEXT_PREFIX, _PASSED_PREFIX, _CALLED_BY_PREFIX, FLAG_CALL + ":", WEIGHT_CALL + ":",
                         *(kind + ":" for kind in (STEP_ROOT, REFERRED_BY, STEP_BASE, STEP_SUBCLASS)))  # (see report_only)
# Fact kinds a file exports as one set of names (`ProjectView.export_names`) and that files ask name by name:
# "<kind>:<name>" answers (True,) when some file's set holds the name, () when none does. For a kind every file gives
# many names of and few files ask (the attribute names a file calls): the index counts, compares and sends to the
# workers one key a file ("<kind>*:<file>"), not one a name. `name_set` declares one.
NAME_SETS: set[str] = set()
SET_MARK = "*"
MAX_HANDED_ON = 6  # a parameter handed from caller to caller: how many calls up its values are followed (a model
# subclass -> its base -> the blocks -> a layer -> its sublayer is five: mlgb's strengths, set 45)
MAX_REEXPORTS = 8


def name_set(kind: str) -> str:
    """Declare `kind` a kind of `NAME_SETS` (a rule module, as it names its kinds)."""
    NAME_SETS.add(kind)
    return kind


def _set_keys(keys: Iterable[str]) -> Iterator[str]:
    """The keys of name sets among `keys` ("<kind>*:<file>")."""
    return (key for key in keys if "*:" in key and key.partition(":")[0].endswith(SET_MARK))


def _watched_prefixes() -> tuple[str, ...]:
    """The derived answers a file's recorded answer may miss a change of: what callers pass, and the names sets hold."""
    return (_PASSED_PREFIX, *sorted(kind + ":" for kind in NAME_SETS))


@lru_cache(maxsize=None)
def _package_path(directory: str) -> tuple[str, ...] | None:
    """The package a directory is (`("official", "vision", "ops")`), () outside any package, None
    when a directory on the way has a name that is no identifier (cached: one look per directory).
    A directory without `__init__.py` inside a package is a namespace package (PEP 420): code imports
    `pkg/third_party/lib/mod.py` as `pkg.third_party.lib.mod`, not as `lib.mod`."""
    parent, name = os.path.split(directory)
    above = _package_path(parent) if parent != directory else ()
    if not os.path.isfile(os.path.join(directory, "__init__.py")):
        return (*above, name) if above and name.isidentifier() else ()
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


def module_aliases(files: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """The other names a module of the project is imported by, for each (module, path relative to
    the project's root) of its files: a file under directories without `__init__.py` is its module
    (`resnet`, for a script beside it that imports it so) and also the path from the root and from each
    directory on the way (`models.resnet`: `from models.resnet import build` in a script at the root,
    whose directory Python puts on `sys.path`). A name two modules could have is left out (which one
    an import means is not known here), and so is one under a module of the project (`lib.utils` where
    `lib.py` is a module: Python imports the module, not the directory `lib/`)."""
    found: dict[str, str | None] = {}
    for module, relative in files:
        if module is None or relative is None:
            continue
        parts = os.path.splitext(relative)[0].replace(os.sep, "/").split("/")
        if parts[-1] == "__init__":
            parts.pop()
        known = module.split(".")
        if len(parts) <= len(known) or parts[-len(known):] != known or not all(p.isidentifier() for p in parts):
            continue
        for start in range(len(parts) - len(known) - 1, -1, -1):
            alias = ".".join(parts[start:])
            found[alias] = module if found.get(alias, module) == module else None
    modules = {module for module, _ in files}
    return {alias: module for alias, module in found.items()
            if module is not None and not any(prefix in modules for prefix in _prefixes(alias))}


def _prefixes(name: str) -> Iterator[str]:
    """`a.b.c` -> `a`, `a.b`, `a.b.c`."""
    parts = name.split(".")
    return (".".join(parts[:cut]) for cut in range(1, len(parts) + 1))


# `Index._count` counts a value under its text too, `(value, repr(value))`, unless it is a name or a set of names
# (most values: nothing else equals them): Python takes 0, 0.0 and False (1, 1.0 and True) for one value, and a
# dict keeps the one it got first. Counted by the value alone, `f(x, weight_decay=0)` in one script and
# `f(x, weight_decay=0.0)` in another (both "!eager" callers) would be one call, said as whichever file the
# index took first: with workers, the order they send their files in.
_NAMES = (str, frozenset)


def _answer(counts: Collection[Any]) -> tuple:
    """The values of one key as `Index._count` counted them, in the order they came (the calls' order)."""
    return tuple(value[0] if type(value) is tuple else value for value in counts)


def _ordered(counts: Collection[Any]) -> tuple:
    """The values of one key as `Index._count` counted them, in the order of their text."""
    if len(counts) == 1:  # most keys: one value (one definition, one caller)
        return _answer(counts)
    return _answer(sorted(counts, key=_text))


def _text(counted: Any) -> str:
    return counted[1] if type(counted) is tuple else repr(counted)


class Index:
    """Every file's exported facts, merged by key; and the facts derived from all of them.

    The linter keeps one index for a run and `update`s it with the files each round linted again,
    which gives the keys whose answer changed; a worker process keeps a copy that `apply` brings up
    to date with those answers alone."""

    def __init__(self, exports: Iterable[Mapping[str, Sequence]] = (), modules: Iterable[str] = (),
                 aliases: Mapping[str, str] | None = None):
        self._counts: dict[str, dict[Any, int]] = {}  # key -> value (with its text: `_NAMES`) -> how many exports give it
        self._count(exports, 1)
        self.facts: dict[str, tuple] = {key: _ordered(counts) for key, counts in self._counts.items()}
        # the CALLED_BY keys among the facts (`contexts` reads them alone: a tenth of the facts)
        self._call_keys: set[str] = {key for key in self.facts if key.startswith(_CALLED_BY_PREFIX)}
        self._sets: dict[str, set[str]] = {}  # a kind of NAME_SETS -> the keys of its sets among the facts
        self._named: dict[str, tuple] = {}  # "<kind>:<name>" -> its answer, while no set changes
        self._took_sets(_set_keys(self.facts))
        self.modules = frozenset(modules)
        self.aliases = dict(aliases or {})  # another name a module is imported by -> the module (`module_aliases`)
        self._contexts: dict[str, str] | None = None
        # `passed:` and NAME_SETS keys files asked (`update` says when their answers change)
        self._watched: set[str] = set()
        self._passed: dict[str, tuple] = {}  # a worker's copy: the `passed:` answers it was sent (`apply`)
        # key -> its answer once `commit` takes the exports `stage` counted (None: values to sort then)
        self._staged: dict[str, tuple | None] = {}

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_counts": None, "_staged": {}}  # a worker's copy answers; it is never updated

    def _count(self, exports: Iterable[Mapping[str, Sequence]], step: int) -> set[str]:
        keys: set[str] = set()
        all_counts = self._counts
        for file_exports in exports:
            for key, values in file_exports.items():
                counts = all_counts.get(key)
                if counts is None:
                    counts = all_counts[key] = {}
                get = counts.get
                for value in values:
                    if type(value) not in _NAMES:
                        value = (value, repr(value))  # (0 and 0.0 apart: `_NAMES`)
                    counts[value] = get(value, 0) + step
            keys.update(file_exports)  # (in C: a round's exports are tens of thousands of keys)
        return keys

    def update(self, removed: Iterable[Mapping[str, Sequence]], added: Iterable[Mapping[str, Sequence]]) -> set[str]:
        """Replace exports: `removed` (those of files linted again) by `added` (what they export now).
        Returns the keys it answers differently now, contexts included."""
        self.stage(removed, added)
        return self.commit()

    def stage(self, removed: Iterable[Mapping[str, Sequence]], added: Iterable[Mapping[str, Sequence]]) -> None:
        """The first half of `update`: count the exports replaced, and what each key they touch will answer;
        the index answers as before until `commit`. (A round's outcomes, chunk by chunk as the workers send
        them, while the other workers lint on: the work between rounds, when no worker lints, is then `commit`.)"""
        fewer = self._count(removed, -1)
        keys = fewer | self._count(added, 1) if fewer else self._count(added, 1)
        all_counts, staged = self._counts, self._staged
        for key in keys:
            counts = all_counts[key]
            if fewer and key in fewer:
                for value in [v for v, n in counts.items() if n <= 0]:
                    del counts[value]
            # (the calls in no set order: only `parameter_values` reads them, and sorts what it finds, `distinct`; a key of
            # several values is sorted once, by `commit`: the keys many files give, a round's chunks touch again)
            staged[key] = _answer(counts) if len(counts) < 2 or key.startswith(_ARG_CALL_PREFIX) else None

    def commit(self) -> set[str]:
        """Answer with the exports `stage` counted; the keys answered differently now, contexts included."""
        staged, self._staged = self._staged, {}
        calls = [key for key in staged if key.startswith((_CALLED_BY_PREFIX, _PARAMETER_CALL_PREFIX,
                                                          _STEP_SUBCLASS_PREFIX))]
        before = self.contexts() if calls else None  # of the call graph before the update
        self._call_keys.update(key for key in calls if key.startswith(_CALLED_BY_PREFIX))
        passed_before = {key: self.answer(key) for key in self._watched}  # (a few: asked by reports)
        changed = set()
        facts, all_counts = self.facts, self._counts
        for key, answer in staged.items():
            if answer is None:
                answer = _ordered(all_counts[key])
            if answer != facts.get(key, ()):
                changed.add(key)
                facts[key] = answer
        self._took_sets(_set_keys(changed))
        if before is not None and not changed.isdisjoint(calls):
            self._contexts = None
            changed.update(_context_changes(before, self.contexts()))
        changed.update(key for key, answer in passed_before.items() if self.answer(key) != answer)
        return changed

    def _took_sets(self, keys: Iterable[str]) -> None:
        """Keep the keys of name sets (`NAME_SETS`) the facts now answer (or no longer answer) apart."""
        for key in keys:
            kind = key.partition(":")[0][:-len(SET_MARK)]
            if self.facts.get(key):
                self._sets.setdefault(kind, set()).add(key)
            elif kind in self._sets:
                self._sets[kind].discard(key)
            self._named.clear()

    def _name_answer(self, key: str, kind: str, name: str) -> tuple:
        """The answer to "<kind>:<name>" for a kind of NAME_SETS: whether some file's set holds the name."""
        found = self._named.get(key)
        if found is None:
            facts = self.facts
            found = (True,) if any(name in names for set_key in self._sets.get(kind, ())
                                   for names in facts[set_key]) else ()
            self._named[key] = found
        return found

    def _handed_callers(self, caller: Any) -> list:
        """A CALLED_BY value with the hand-offs joined: a function handed to a project function's
        parameter is called where that function calls the parameter (`PARAMETER_CALL`); where it
        does something else with it (stores it, hands it on), as the hand-off's fallback says."""
        if not (type(caller) is tuple and caller[0] == HANDED):
            return [caller]
        _, function, position, keyword, fallback = caller
        calls = [by for index, name, by in self.facts.get(f"{PARAMETER_CALL}:{function}", ())
                 if name == keyword or position is not None and index == position]
        return calls or [fallback]

    def watch(self, queries: Iterable[Mapping[str, tuple]]) -> set[str]:
        """Take note of the `passed:` keys among a round's queries (`update` tells when their answers
        change from now on), and return those the files were answered otherwise than this index
        answers now: the facts changed since, or a worker's copy answered (it is not sent the calls,
        `for_workers`, only the answers of the keys it was asked before)."""
        stale, prefixes = set(), _watched_prefixes()
        for asked in queries:
            for key, answer in asked.items():
                if key.startswith(prefixes):
                    self._watched.add(key)
                    if self.answer(key) != answer:
                        stale.add(key)
        return stale

    def answers(self, keys: Iterable[str]) -> dict[str, tuple]:
        """`answer` of each key (in one pass: a round's changes are tens of thousands of keys)."""
        found, facts, contexts = {}, self.facts, self.contexts()
        for key in keys:
            if key.startswith(_CONTEXT_PREFIX):
                kind = contexts.get(key[len(_CONTEXT_PREFIX):])
                found[key] = () if kind is None else (kind,)
            elif key.startswith(_PASSED_PREFIX):
                found[key] = self.answer(key)
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
            elif kind == PASSED:
                self._passed[key] = answer
            else:
                self.facts[key] = answer
                if kind == CALLED_BY:
                    self._call_keys.add(key)
                elif kind.endswith(SET_MARK):
                    self._took_sets((key,))

    def answer(self, key: str) -> tuple:
        kind, _, name = key.partition(":")
        if kind == CONTEXT:
            found = self.contexts().get(name)
            return () if found is None else (found,)
        if kind == PASSED:
            sent = self._passed.get(key)
            return sent if sent is not None else _passed_answer(self.facts, key)
        if kind == config_files.CONFIG_SETTING:
            return config_files.answer(name)
        if kind in NAME_SETS:
            return self._name_answer(key, kind, name)
        return self.facts.get(key, ())

    def contexts(self) -> dict[str, str]:
        """Function -> its context from its callers ("" for the training step); functions without
        callers in the project are left out."""
        if self._contexts is None:
            facts, cut = self.facts, len(_CALLED_BY_PREFIX)
            callers = {key[cut:]: facts.get(key, ()) for key in self._call_keys}
            for name, values in callers.items():
                if tuple in map(type, values):  # (in C: a hand-off, or a run-time CPU choice; most are neither)
                    callers[name] = [caller for value in values for caller in self._handed_callers(value)]
            _overrides(callers, facts)
            self._contexts = {name: kind or "" for name, kind in propagate(callers).items() if not name.startswith("!")}
        return self._contexts


_STEP_SUBCLASS_PREFIX = STEP_SUBCLASS + ":"


def _overrides(callers: dict[str, Any], facts: Mapping[str, tuple]) -> None:
    """Give a method nothing calls by name the callers of the base class's method it overrides: the base's
    `self._beam_decode(...)` in `infer` runs a subclass's `_beam_decode` too, so the override runs where the
    base method runs (the base method is its caller). Only a method without callers of its own (a public
    method of a derived class has the framework's: `FRAMEWORK_CALLER`), down every subclass of the project
    (`STEP_SUBCLASS`); not dunder methods (a subclass's `__init__` runs where it is made)."""
    todo = []
    for name, values in callers.items():
        cls, _, method = name.rpartition(".")
        if values and cls and not method.startswith("__") and f"{_STEP_SUBCLASS_PREFIX}{cls}" in facts:
            todo.append((cls, method))
    seen = set()
    while todo:
        cls, method = todo.pop()
        base = f"{cls}.{method}"
        for sub in facts.get(f"{_STEP_SUBCLASS_PREFIX}{cls}", ()):
            override = f"{sub}.{method}"
            if override in seen or callers.get(override):
                continue
            seen.add(override)
            callers[override] = (base,)
            if f"{_STEP_SUBCLASS_PREFIX}{sub}" in facts:
                todo.append((sub, method))


def for_workers(keys: set[str]) -> set[str]:
    """The changed keys a worker's copy of the index is sent: not the calls (`ARG_CALL`, a third of
    the facts; only the `passed:` answers joined from them are asked, and those are sent), nor the names
    of NAME_SETS (a worker answers them from the sets it is sent)."""
    left_out = (_ARG_CALL_PREFIX, *(kind + ":" for kind in NAME_SETS))
    return {key for key in keys if not key.startswith(left_out)}


# the values of the parameters one `passed:` answer has followed, by (function, position, name, default, depth,
# unless): a parameter many callers hand on is followed once per depth, not once per path (`_passed_answer`)
_FOLLOWED: ContextVar[dict | None] = ContextVar("followed", default=None)


def parameter_values(facts: Mapping[str, tuple], function: str, position: int | None, name: str, default: Any,
                     depth: int = 0, unless: tuple = ()) -> tuple[tuple[Any, str], ...]:
    """(value, the caller that passes it, or OUTSIDE) for each way the project's calls of `function`
    pass its parameter (`passed`), a parameter a caller hands on followed to that caller's callers
    (a default there is the caller's: `DeepFM(l2_reg_linear=1e-5)` passes 1e-5 on); and the default
    when the function may be called from outside the project (`_open`). Calls from tests are not
    exported: tests call with anything (`context.propagate` leaves them out too). `unless`: tests on
    the finding's path (`passed.Parameter.unless`); a call whose literals fail one passes nothing there,
    said as (OFF_PATH, the caller), and so does an outside caller when the defaults fail one."""
    followed = _FOLLOWED.get()
    key = (function, position, name, repr(default), depth, unless)
    if followed is not None and key in followed:
        return followed[key]
    found = _parameter_values(facts, function, position, name, default, depth, unless)
    if followed is not None:
        followed[key] = found
    return found


def _parameter_values(facts: Mapping[str, tuple], function: str, position: int | None, name: str, default: Any,
                      depth: int, unless: tuple) -> tuple[tuple[Any, str], ...]:
    calls = facts.get(f"{ARG_CALL}:{function}", ())
    found: list[tuple[Any, str]] = []
    for call in calls:
        if unless and off_path(call, unless):
            found.append((OFF_PATH, call[0] if type(call[0]) is str else call[0][0]))  # (said: it does not reach it)
            continue
        value = passed(call, position, name, default)
        if type(value) is tuple and value[:1] == (FORWARDED,):
            if depth < MAX_HANDED_ON and value[1] != function:
                found.extend(_forwarded(facts, function, value[1], name, default, depth))
                continue
            value = UNKNOWN
        who = call[0] if type(call[0]) is str else call[0][0]
        found.extend(_resolved(facts, value, who, function, depth))
    if default != NO_DEFAULT and _open(facts, function, calls):
        if unless and off_path(("", (), (), False), unless):
            found.append((OFF_PATH, OUTSIDE))
        else:
            found.extend(_resolved(facts, default, OUTSIDE, function, depth))
    return distinct(found)


def distinct(found: Iterable[tuple[Any, str]]) -> tuple[tuple[Any, str], ...]:
    """(value, who) pairs, each once, in the order of their text. Not a set: Python takes 0, 0.0 and False (1,
    1.0 and True) for one value, and a set keeps whichever came first, here the order the index took the calls
    in, which is the order the workers sent their files (`Index.stage`): `weight_decay=0` in one script and
    `weight_decay=0.0` in another would say "0" or "0.0" as the run's parallelism had it. By their text, both
    stay, and the answer is the same whatever order the calls came in."""
    return tuple(pair for _, pair in sorted({repr(pair): pair for pair in found}.items()))


def _resolved(facts: Mapping[str, tuple], value: Any, who: str, function: str, depth: int) -> list[tuple[Any, str]]:
    """(value, who) for what one caller passes: a parameter of its own followed to its callers, a field
    of a config followed to what the project's configs hold (`configs`), both values of a conditional."""
    kind = value[0] if type(value) is tuple and value else None
    if kind == ONE_OF:
        return _resolved(facts, value[1], who, function, depth) + _resolved(facts, value[2], who, function, depth)
    if kind == GATED:  # the side every value of the gate's subject picks; both where they differ or one is not known
        taken = {gate_passes(value[1], held) for held, _ in _resolved(facts, value[2], who, function, depth)}
        sides = (value[3],) if taken == {True} else (value[4],) if taken == {False} else value[3:]
        return [found for side in sides for found in _resolved(facts, side, who, function, depth)]
    if kind == "^":
        if depth < MAX_HANDED_ON and value[1] != function:
            # a value from the caller's own callers is theirs; its default is the caller's; handed on by a
            # call whose own code gives its context ("!eval": in an evaluation function), every value
            # reaches `function` there, whoever gave it to the caller
            where = who if who.startswith("!") else None
            return [(handed, where or by or value[1]) for handed, by in parameter_values(facts, *value[1:], depth + 1)]
        value = UNKNOWN
    elif kind == RETURNED:  # what a helper returns for a value handed to it: None where it turns the value away
        fact = facts.get(f"{NONE_FOR}:{value[1]}", ())
        if depth < MAX_HANDED_ON and len(fact) == 1 and fact[0][0] == value[2]:
            found = []
            for handed, by in _resolved(facts, value[3], who, function, depth):
                away = handed is None or fact[0][2] == "falsy" and type(handed) in (bool, int, float) and not handed
                found.append((None if away else UNKNOWN, by))
            return found
        value = UNKNOWN
    elif kind == ITEMS:  # a list: each item resolved, the list passed by this caller
        items = {item for listed in value[1:] for item, _ in _resolved(facts, listed, who, function, depth)}
        return {((ITEMS, *sorted(items, key=repr)), who)}
    elif kind == HELD:  # `self.l2` a base's constructor stores from its parameter: what that parameter takes
        held = [found for base in value[1] for found in facts.get(f"{HELD_ATTR}:{base}.{value[2]}", ())]
        if len(held) == 1 and type(held[0]) is tuple and held[0][:1] == ("^",):
            return _held_values(facts, held[0], value[3], who, function, depth)
        value = UNKNOWN
    elif kind == REFERENCE:
        if depth < MAX_HANDED_ON and value[1] != function:
            where = who if who.startswith("!") else None
            return [(held, where or by or value[1]) for held, by in field_values(facts, value[1], value[2], depth + 1)]
        value = UNKNOWN
    elif kind == HPARAM_KEY:  # `sparse=FLAGS.sparse_cross`: what the project's definitions of it give, by this
        if depth < MAX_HANDED_ON and function != HPARAM_KEY:  # caller (a default is the caller's choice here)
            return [(held, by or who) for held, by in hyperparameter_values(facts, value[1], fields=False)]
        value = UNKNOWN
    # (a call that leaves out a required parameter fails: nothing to say)
    return [] if value == NO_DEFAULT else [(value, who)]


def _held_values(facts: Mapping[str, tuple], parameter: tuple, cls: str, who: str, function: str,
                 depth: int) -> list[tuple[Any, str]]:
    """What `self.<attr>` holds in a method of `cls` when a base's constructor stores it from its `parameter`
    ("^", base, position, name, default): what `cls`'s own constructor passes the base (`super().__init__(...)`,
    `Base.__init__(self, ...)`), else what every construction of the base passes (a class with no constructor of
    its own, or one that calls the base in a way not exported)."""
    own = f"{cls}.__init__"
    calls = [call for call in facts.get(f"{ARG_CALL}:{parameter[1]}", ())
             if (call[0] if type(call[0]) is str else call[0][0]) == own]
    if not calls or depth >= MAX_HANDED_ON:
        return _resolved(facts, parameter, who, function, depth)
    found: list[tuple[Any, str]] = []
    for call in calls:
        value = passed(call, *parameter[2:])
        if type(value) is tuple and value[:1] == (FORWARDED,):
            found.extend(_forwarded(facts, parameter[1], value[1], parameter[3], parameter[4], depth))
        else:
            found.extend(_resolved(facts, value, own, parameter[1], depth))
    return found


def field_values(facts: Mapping[str, tuple], cls: str, name: str, depth: int = 0) -> tuple[tuple[Any, str], ...]:
    """(value, who gives it) for each value the field `name` of the config class `cls` may hold
    (`tfperf.source.configs`): what the project's constructions of the class pass for it (its default
    where they leave it out, or for constructions outside the project), and every value stored into an
    attribute of its name. Not known here when the class is no config class the project declares."""
    declared = facts.get(f"{FIELD}:{cls}.{name}", ())
    if len(declared) != 1:
        return ((UNKNOWN, cls),)
    position, default = declared[0]
    found = list(parameter_values(facts, cls, position, name, default, depth))
    if position is None:  # (a base class's fields come first: a construction passing any by position may set it)
        found.extend((UNKNOWN, call[0] if type(call[0]) is str else call[0][0])
                     for call in facts.get(f"{ARG_CALL}:{cls}", ()) if call[1])
    for who, value, *_ in facts.get(f"{FIELD_STORE}:{name}", ()):
        found.extend(_resolved(facts, value, who, cls, depth))
    return distinct(found)


def hyperparameter_values(facts: Mapping[str, tuple], name: str, fields: bool = True) -> tuple[tuple[Any, str], ...]:
    """(value, who gives it) for each value a hyperparameter of that name may hold (`configs.HPARAM`): the
    default of each definition of it in the project (a config class's field: what that field may hold), and
    every value stored into an attribute of its name or set by its name. Not known here without a definition.
    `fields=False`: a read whose container's class the source does not state (a value handed to a call) is not
    taken for a config class's field by its name alone (`configs.reference` follows an annotated one)."""
    definitions = facts.get(f"{HPARAM}:{name}", ())
    if not fields:
        definitions = tuple(d for d in definitions if not (type(d[1]) is tuple and d[1][:1] == (REFERENCE,)))
    if not definitions:
        return ((UNKNOWN, OUTSIDE),)
    found: list[tuple[Any, str]] = []
    for _, default in definitions:
        if type(default) is tuple and default[:1] == (REFERENCE,):
            found.extend(field_values(facts, default[1], name))
        else:
            found.extend(_resolved(facts, default, OUTSIDE, HPARAM_KEY, 0))
    for who, value, *_ in facts.get(f"{FIELD_STORE}:{name}", ()):
        found.extend(_resolved(facts, value, who, HPARAM_KEY, 0))
    return distinct(found)


def class_hyperparameter_values(facts: Mapping[str, tuple], cls: str, name: str) -> tuple[tuple[Any, str], ...]:
    """(value, who gives it) for each value the hyperparameter `name` of a Params-style class's own params may hold
    (`configs`: `p = self.params` ... `p.packed_input` in a method of `cls`): the default the nearest definition up
    its bases gives, and what the project's sets give it, but for a set that targets the params of a class that is
    not `cls` or a subclass of it (a set whose target is not known is one of it); a set that hands on a
    hyperparameter of another class's params (`params.packed_input = p.packed_input`) gives what that one holds
    (followed once per class and name, up to `_HANDED_CLASSES` of them; past that, not known)."""
    memo: dict = {}

    def get(kind: str, key: str) -> tuple:
        found = memo.get((kind, key))
        if found is None:
            found = memo[(kind, key)] = facts.get(f"{kind}:{key}", ())
        return found

    resolved: dict = {}

    def resolve(descriptor: tuple) -> str | None:
        if descriptor not in resolved:
            resolved[descriptor] = configs.resolve(get, descriptor)
        return resolved[descriptor]

    found: list[tuple[Any, str]] = []
    seen = {(cls, name)}
    todo = [(cls, name, OUTSIDE)]
    while todo:
        owner, attr, by = todo.pop()  # (`by`: who hands it on, for another class's)
        defined = configs.nearest(get, HPARAM, attr, owner)
        if defined is None:
            found.extend(hyperparameter_values(facts, attr))
            continue
        found.extend(_resolved(facts, defined[1], by, HPARAM_KEY, 0))
        for store in get(FIELD_STORE, attr):
            who, value = store[0], store[1]
            if len(store) > 2:
                target = resolve(store[2])
                if target is not None and not configs.derives(get, target, owner):
                    continue  # (the params of another class: its instances do not run `owner`'s code)
                if store[3] is not None:
                    source = resolve(store[3][0])
                    if source is not None:
                        if (source, store[3][1]) in seen:
                            continue  # (followed already: its values are in)
                        if len(seen) >= _HANDED_CLASSES:
                            found.append((UNKNOWN, who))
                            continue
                        seen.add((source, store[3][1]))
                        todo.append((source, store[3][1], who))
                        continue
            found.extend(_resolved(facts, value, who, HPARAM_KEY, 0))
    return distinct(found)


_HANDED_CLASSES = 64  # classes whose hyperparameter a hand-on follows (`class_hyperparameter_values`)


def _forwarded(facts: Mapping[str, tuple], function: str, caller: str, name: str, default: Any,
               depth: int) -> Iterator[tuple[Any, str]]:
    """`function`'s parameter `name` as a caller handing on its own `**kwargs` passes it: what the
    caller's callers pass by that keyword (the default where they leave it out). Code outside the
    project calling the caller passes the default of a public `function` (it could call it itself),
    and anything to a private one (the caller's `**kwargs` is its only way in): not known here."""
    for handed, who in parameter_values(facts, caller, None, name, default, depth + 1):
        if who == OUTSIDE and private(function):
            handed = UNKNOWN
        yield handed, who or caller


def _open(facts: Mapping[str, tuple], function: str, calls: list[tuple]) -> bool:
    """Whether code outside the project's calls may call `function`: a public name (a library's API,
    a framework hook), a caller that is no call the project exports (a reference, a function handed
    to tf.data), or no caller at all."""
    if not private(function):
        return True
    callers = {caller for caller in facts.get(f"{CALLED_BY}:{function}", ()) if caller != "!test"}
    return not callers or bool(callers - {call[0] for call in calls})


def private(qualname: str) -> bool:
    """A name no code outside its package should call: the function, its class or one of its modules
    starts with "_" (`_helper`, `pkg._impl.f`, `pkg.__internal__.f`; not `__init__`)."""
    parts = qualname.split(".")
    last = len(parts) - 1
    return any(p.startswith("_") and p not in ("__init__", "__main__") and not (i == last and p.endswith("__"))
               for i, p in enumerate(parts))


def _passed_answer(facts: Mapping[str, tuple], key: str) -> tuple:
    """The answer to a `passed:` key (see PASSED), each parameter on the way followed once (`_FOLLOWED`)."""
    token = _FOLLOWED.set({})
    try:
        return _passed_key_values(facts, key)
    finally:
        _FOLLOWED.reset(token)


def _passed_key_values(facts: Mapping[str, tuple], key: str) -> tuple:
    function, position, name, default = key[len(_PASSED_PREFIX):].split(":", 3)
    if function.startswith(REFERENCE):  # a field of a config class (`passed.field_key`)
        return field_values(facts, function[len(REFERENCE):], name)
    if function == HPARAM_KEY:  # a hyperparameter by its name (`passed.hyperparameter_key`)
        return hyperparameter_values(facts, name)
    if function.startswith(HPARAM_KEY):  # one of a Params-style class's own params (`configs.params_of`)
        return class_hyperparameter_values(facts, function[len(HPARAM_KEY):], name)
    if function.startswith(HELD):  # `self.<attr>` a base of another module stores (`optin._inherited_option`)
        cls, _, bases = function[len(HELD):].partition("=")
        return distinct(_resolved(facts, (HELD, tuple(bases.split(",")), name, cls), OUTSIDE, "", 0))
    default, _, unless = default.partition("|")
    return parameter_values(facts, function, None if position == "None" else int(position), name,
                            ast.literal_eval(default), unless=ast.literal_eval(unless) if unless else ())


def reference(caller: Any) -> bool:
    """A caller (a CALLED_BY value) that is no call: a reference ("?"), or a hand-off to a parameter."""
    return caller == "?" or type(caller) is tuple and caller[0] == HANDED


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
        self.reporting_keys: set[str] = set()  # keys asked by `ask_reporting` (no memo of the file keeps them)
        # the rule module whose visitors are summarizing or ending (or being made), if any; and for each
        # `calls:` key, the one module that asked it then, "" when something else asked it too (a node
        # handler, another module, the symbols' export): a file whose other answers did not change runs
        # only that module's visitors again (`linter._reported_again`). (Only `calls:`, which rules ask
        # directly: no memo of the file, which another module could read, keeps what it says.)
        self.group: str | None = None
        self.asked_by: dict[str, str] = {}
        # name -> `resolve(name)`: a file names the same things many times (its answers are recorded at the
        # first look, and the index answers the same through one lint; only m:, x: and d: keys are asked)
        self._resolved: dict[str, str] = {}

    def export(self, kind: str, name: str, value: Any = True) -> None:
        self.exports[f"{kind}:{name}"].append(value)

    def export_names(self, kind: str, file: str, names: Collection[str]) -> None:
        """Export the names of a kind of NAME_SETS the file `file` gives (asked as `query(kind, name)`)."""
        if names:
            self.exports[f"{kind}{SET_MARK}:{file}"].append(frozenset(names))

    def query(self, kind: str, name: str) -> tuple:
        key = f"{kind}:{name}"
        if not self.reporting:
            self.asked_otherwise.add(key)
        if kind == CALLED_BY:
            group = self.group or ""
            if self.asked_by.setdefault(key, group) != group:
                self.asked_by[key] = ""
        found = self.queries.get(key)
        if found is None:
            found = self.queries[key] = self.index.answer(key)
        return found

    def ask_reporting(self, kind: str, name: str) -> tuple:
        """`query`, for a question whose answer only decides whether a report makes its finding (`Report.unless`)
        and that no memo of the file keeps: asked only so, it is one of the file's `report_only` keys."""
        self.reporting_keys.add(f"{kind}:{name}")
        return self.query(kind, name)

    @property
    def report_only(self) -> set[str]:
        """The keys asked only to decide how findings are reported: when only their answers change, the
        file's findings are its reports made again (`FileContext.finding`), not a new lint. Only the
        contexts (`ctx:`), what callers pass (`passed:`), and the callers and flag calls a report reads
        directly (`calls:`, `flags:`: a flag branch's callers, the callers of a method only build()
        may call): no memo of the file keeps what they say, while the other answers a report reads
        (a callee, a name) may be kept in one and read again outside a report; and the keys `ask_reporting` asked."""
        return {key for key in self.queries if (key.startswith(_REPORT_ONLY_PREFIXES) or key in self.reporting_keys)
                and key not in self.asked_otherwise}

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
        `keras.layers.Conv2D`; a name `pkg.mod` star-imports from a framework module, or a public name it
        star-imports from a module of the project (`from .matmul import *`), is that module's.
        A name a module binds in alternatives (a backend switch: `if tensorflow: from tensorflow.keras
        import layers else: from .torch_backend import layers`) is the alternative that leads to a
        framework name, if one does. Framework names and unknown names come back unchanged."""
        if depth == 0:
            found = self._resolved.get(name)
            if found is None:
                found = self._resolved[name] = self._resolve(name, 0)
            return found
        return self._resolve(name, depth)

    def _resolve(self, name: str, depth: int) -> str:
        if depth > MAX_REEXPORTS or api.is_framework(name):
            return name
        parts = name.split(".")
        if self.index.aliases:
            name, parts = self._unaliased(name, parts)
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if self.is_module(module):
                targets = self.query(EXPORT, f"{module}.{parts[cut]}") or self.starred(module, parts[cut])
                if not targets and cut > 1 and self._rebound(module):
                    continue  # (the package's own binding of the name, read at the shorter cut)
                if not targets:
                    return name
                rest = parts[cut + 1:]
                resolved = [self.resolve(".".join([target, *rest]), depth + 1) for target in targets]
                return next((found for found in resolved if api.is_framework(found)), resolved[0])
        return name

    def _rebound(self, module: str) -> bool:
        """A submodule whose package binds its name to something else (`from pkg.tf_utils.tf import tf as tf` in
        `pkg/tf_utils/__init__.py`): the package's `__init__` runs that import after the submodule is loaded, so
        `pkg.tf_utils.tf` is the package's binding (the re-exported framework module), not the submodule."""
        return any(target != module and (not target.startswith(f"{module}.") or self.query(EXPORT, target))
                   for target in self.query(EXPORT, module))  # (a name of the submodule: once it exports it)

    def _unaliased(self, name: str, parts: list[str]) -> tuple[str, list[str]]:
        """`models.resnet.build` -> `resnet.build` when `models.resnet` is another name of the module `resnet`."""
        for cut in range(len(parts), 0, -1):
            module = self.index.aliases.get(".".join(parts[:cut]))
            if module is not None:
                parts = [*module.split("."), *parts[cut:]]
                return ".".join(parts), parts
        return name, parts

    def starred(self, module: str, name: str, depth: int = 0) -> tuple[str, ...]:
        """`module.name` bound by a `from M import *` of `module` (also in an `if`/`try` block):
        a public name of a framework module M (a compatibility shim of the project: `from tensorflow.compat.v1
        import *`), or a public name a module M of the project defines, imports or star-imports in turn
        (a shim of the shim), unless `module` defines `name` itself."""
        stars = self.query(EXPORT, f"{module}.*")
        if not stars or self.query(DEFINED, f"{module}.{name}"):
            return ()
        found = []
        for star in stars:
            if name in (api.module_names(star) or api.module_names(canonical(star)) or ()):
                found.append(f"{star}.{name}")
            elif not name.startswith("_") and self.is_module(star) and (
                    self.query(DEFINED, f"{star}.{name}") or self.query(EXPORT, f"{star}.{name}") or
                    depth < MAX_REEXPORTS and star != module and self.starred(star, name, depth + 1)):
                found.append(f"{star}.{name}")  # a public name a module of the project defines or imports
        return tuple(found)


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
