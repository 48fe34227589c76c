"""Habana's bf16 conversion config (the JSON file `TF_BF16_CONVERSION` names): read, check, write.

Habana's TensorFlow bridge converts a graph to bf16 by op lists ("TensorFlow Mixed Precision
Training on Gaudi", docs.habana.ai): the allowlist is converted always; the conditional list when
at least one input or output is converted; the strict conditional list only when all its inputs
are (tfperf's reading: the page's text on it is cut short in the copy tfperf cites); every other op
is blocked. Exceptions are [node-name regular expression, op type] pairs ("" = any op type):
`non_convertible_exceptions` are never converted, `convertible_exceptions` always.

Two generations of key names are in public configs (HabanaAI/Model-References,
TensorFlow/common/bf16_config/*.json and TensorFlow/computer_vision/Segnet/bf16_segnet.json):
`allowlist`, `conditional_list`, `strict_conditional_list` (Habana's docs spell the first
`allow_list`), and the older `whitelist`, `graylist`, `input_only_exceptions`, with the same two
exception keys. tfperf reads both. `input_only_exceptions` is not described in what tfperf could
find; tfperf reads it as nodes converted for their inputs only: computed in bf16, their outputs cast
back to float32 at once (so they make no neighbour convert).

Patterns match the whole node name (as C++ std::regex_match does: public configs wrap partial
names in `.*`). Nothing here imports TensorFlow.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Iterable

# key -> (field, generation); exception keys are shared by both generations
LIST_KEYS = {
    "allowlist": ("allow", "allowlist"), "allow_list": ("allow", "allowlist"),
    "conditional_list": ("conditional", "allowlist"), "strict_conditional_list": ("strict", "allowlist"),
    "whitelist": ("allow", "whitelist"), "graylist": ("conditional", "whitelist"),
}
EXCEPTION_KEYS = {"non_convertible_exceptions": "never", "convertible_exceptions": "always",
                  "input_only_exceptions": "input_only"}


class Bf16ConfigError(ValueError):
    """A file that is not a readable Habana bf16 config: one line saying what is wrong."""


@dataclass(frozen=True)
class NodePattern:
    """[node-name regular expression, op type]: the op type "" matches every op."""

    regex: str
    op: str = ""

    def matches(self, name: str, op: str) -> bool:
        return (not self.op or self.op == op) and re.fullmatch(self.regex, name) is not None

    def to_json(self) -> list[str]:
        return [self.regex, self.op]


@dataclass(frozen=True)
class Bf16Config:
    """Which ops a bf16 conversion converts, as Habana's pass reads it (see the module docstring)."""

    allow: frozenset[str] = frozenset()
    conditional: frozenset[str] = frozenset()
    strict: frozenset[str] = frozenset()
    never: tuple[NodePattern, ...] = ()
    always: tuple[NodePattern, ...] = ()
    input_only: tuple[NodePattern, ...] = ()
    source: str = "tfperf"  # the file it came from, or "tfperf" for tfperf's own lists
    generation: str = "allowlist"  # the key names it used: "allowlist" or "whitelist"
    _lookup: dict = field(default_factory=dict, init=False, compare=False, repr=False)  # _index's, once

    def listed(self, op: str) -> str | None:
        """"allow", "conditional", "strict" or None (blocked) for op type `op`."""
        for kind in ("allow", "strict", "conditional"):  # a strict op listed as conditional too is strict
            if op in getattr(self, kind):
                return kind
        return None

    def exception(self, name: str, op: str) -> str | None:
        """"never", "always" or "input_only" when an exception names the node (never wins)."""
        literal, patterns = _index(self)
        for kind in ("never", "always", "input_only"):
            ops = literal[kind].get(name)
            if ops is not None and ("" in ops or op in ops) or any(p.matches(name, op) for p in patterns[kind]):
                return kind
        return None

    def to_json(self) -> dict:
        """The newer key generation, as Habana's current configs are written."""
        return {"allowlist": sorted(self.allow), "conditional_list": sorted(self.conditional),
                "strict_conditional_list": sorted(self.strict),
                "non_convertible_exceptions": [p.to_json() for p in self.never],
                "convertible_exceptions": [p.to_json() for p in self.always]}


_REGEX_SYNTAX = set(".^$*+?{}[]|()")


def _index(config: Bf16Config) -> tuple[dict, dict]:
    """The config's exceptions split into literal node names (a dict lookup: tfperf's own configs
    name thousands of nodes) and real patterns, per kind; built once per config."""
    if not config._lookup:
        literal: dict = {kind: {} for kind in ("never", "always", "input_only")}
        patterns: dict = {kind: [] for kind in literal}
        for kind in literal:
            for pattern in getattr(config, kind):
                name = _literal(pattern.regex)
                if name is None:
                    patterns[kind].append(pattern)
                else:
                    literal[kind].setdefault(name, set()).add(pattern.op)
        config._lookup.update(literal=literal, patterns=patterns)
    return config._lookup["literal"], config._lookup["patterns"]


def _literal(regex: str) -> str | None:
    """The one string `regex` matches in full, when it is a plain name with escapes (`a/b\\.c`)."""
    out, escaped = [], False
    for char in regex:
        if escaped:
            if char.isalnum():
                return None  # \d, \w...: a class, not a character
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _REGEX_SYNTAX:
            return None
        else:
            out.append(char)
    return None if escaped else "".join(out)


def read(path: str) -> Bf16Config:
    """The config in `path`; Bf16ConfigError (one line) when it cannot be read as one."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except OSError as exc:
        raise Bf16ConfigError(f"{path}: cannot read the bf16 config: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Bf16ConfigError(f"{path}: not a Habana bf16 config: not JSON ({exc})") from None
    return parse(data, path)


def parse(data: object, source: str) -> Bf16Config:
    """A config from its decoded JSON (`source` names it in errors)."""
    if not isinstance(data, dict):
        raise Bf16ConfigError(f"{source}: not a Habana bf16 config: expected a JSON object of op lists")
    unknown = sorted(set(data) - set(LIST_KEYS) - set(EXCEPTION_KEYS))
    if unknown:
        raise Bf16ConfigError(f"{source}: not a Habana bf16 config: unknown key {unknown[0]!r}; the keys are "
                              f"{', '.join(sorted(LIST_KEYS))} and {', '.join(sorted(EXCEPTION_KEYS))}")
    generations = {LIST_KEYS[k][1] for k in data if k in LIST_KEYS}
    if not generations:
        raise Bf16ConfigError(f"{source}: not a Habana bf16 config: no op list (allowlist or whitelist)")
    if len(generations) > 1:
        raise Bf16ConfigError(f"{source}: mixes the two generations of key names (allowlist/conditional_list "
                              "and whitelist/graylist): use one")
    lists: dict[str, set[str]] = {"allow": set(), "conditional": set(), "strict": set()}
    for key, (name, _) in LIST_KEYS.items():
        if key in data:
            lists[name] |= set(_op_list(data[key], key, source))
    exceptions = {name: tuple(_patterns(data.get(key, []), key, source)) for key, name in EXCEPTION_KEYS.items()}
    return Bf16Config(frozenset(lists["allow"]), frozenset(lists["conditional"]), frozenset(lists["strict"]),
                      exceptions["never"], exceptions["always"], exceptions["input_only"], source,
                      generations.pop())


def _op_list(value: object, key: str, source: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(op, str) and op for op in value):
        raise Bf16ConfigError(f"{source}: {key!r} must be a list of op type names, like [\"MatMul\", \"Conv2D\"]")
    return value


def _patterns(value: object, key: str, source: str) -> Iterable[NodePattern]:
    if not isinstance(value, list):
        raise Bf16ConfigError(f"{source}: {key!r} must be a list of [node-name regex, op type] pairs")
    for entry in value:
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)):
            raise Bf16ConfigError(f"{source}: {key!r}: {json.dumps(entry)} is not a [node-name regex, op type] pair "
                                  "(op type \"\" for any)")
        try:
            re.compile(entry[0])
        except re.error as exc:
            raise Bf16ConfigError(f"{source}: {key!r}: {entry[0]!r} is not a regular expression ({exc})") from None
        yield NodePattern(entry[0], entry[1])


def write(config: Bf16Config, path: str) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(config.to_json(), stream, indent=4)
        stream.write("\n")
