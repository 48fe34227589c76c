"""Numbers the project's configuration files set for a function's parameters, for any rule.

A model function often takes its L2 strength as a parameter whose signature default is 0 (`def
cnn_model(self, ..., coef_reg_cnn: float = 0., **kwargs)`) and is called by name from a configuration
file the program reads (`{"model_name": "cnn_model", "coef_reg_cnn": 1e-4}` in a JSON config; `cnn_model.
coef_reg_cnn = 1e-4` in a gin file). The default then says nothing about the strength the program trains
with: the source does not state it. A mapping of a configuration file shipped with the project that names
the function (a string value equal to its name, or its class's for a constructor) and sets the parameter to
a number other than 0 is read as such a caller. A file is read only when a rule asks (a zero default of a
strength), once per project directory; files are bounded in size and number.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache

_SUFFIXES = (".json", ".yaml", ".yml", ".gin")
_SKIP_DIRS = {"node_modules", "__pycache__", "site-packages", "venv", ".venv", "build", "dist"}
_MAX_FILES = 4000
_MAX_BYTES = 512 * 1024
_GIN = re.compile(r"^\s*(?:[\w.]+/)*([\w.]+)\.(\w+)\s*=\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*$", re.M)


_FIELD = "@"  # (`configs.REFERENCE`: a field of a config class; not imported, to keep this module plain)
CONFIG_SETTING = "cfgset"  # "<file's directory>|<function>|<parameter>" -> (value, config file), a number not 0


def key(path: str, function: str, parameter: str) -> str:
    """The project question for `parameter` of `function` (its qualified name), asked by the file `path`."""
    return f"{os.path.dirname(os.path.abspath(path))}|{function}|{parameter}"


def answer(name: str) -> tuple:
    """(a value other than 0, the config file's path) when a configuration file of the project the directory
    in `name` (`key`) is in sets the parameter of the function; () when none does."""
    directory, function, parameter = name.split("|")
    found = configured(directory, function, parameter)
    return () if found is None else found


def forget() -> None:
    """Read the files afresh: a run reads each project's configuration files once (`tfperf.source.lint_paths`)."""
    _root.cache_clear()
    _settings.cache_clear()


def configured(directory: str, function: str, parameter: str) -> tuple[float, str] | None:
    """(a value other than 0, the config file) that a configuration file sets `parameter` of `function` to: a
    mapping naming the function (its class's for a constructor); for a field of a config class (`function` is
    `configs.REFERENCE` and the class), any mapping setting a key of the field's name (a YAML experiment file
    overrides a dataclass config's field by its name alone, nested under its parents': `losses: {l2_weight_decay:
    4.0e-5}`)."""
    owner = function.rpartition(".")[2]
    if owner == "__init__":
        owner = function.rpartition(".")[0].rpartition(".")[2]
    field = function.startswith(_FIELD)
    for value, names, where in _settings(_root(directory)).get(parameter, ()):
        if value != 0 and (field or owner in names):
            return value, where
    return None


@lru_cache(maxsize=64)
def _root(directory: str) -> str:
    """The directory of the file's top package (the highest directory on the way up holding an
    `__init__.py`), or the file's own directory outside a package."""
    top = directory
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        top = directory
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return top


@lru_cache(maxsize=16)
def _settings(root: str) -> dict[str, list[tuple[float, frozenset[str], str]]]:
    """parameter name -> (number, the names the same mapping holds, the file relative to `root`)."""
    found: dict[str, list[tuple[float, frozenset[str], str]]] = {}
    seen = 0
    for directory, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            if not name.endswith(_SUFFIXES):
                continue
            seen += 1
            if seen > _MAX_FILES:
                return found
            full = os.path.join(directory, name)
            try:
                if os.path.getsize(full) > _MAX_BYTES:
                    continue
                with open(full, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                continue
            where = os.path.relpath(full, root)
            if name.endswith(".gin"):
                for owner, key, number in _GIN.findall(text):
                    found.setdefault(key, []).append((float(number), frozenset({owner.rpartition(".")[2]}), where))
                continue
            for mapping in _mappings(_load(name, text)):
                names = frozenset(_name(v) for v in mapping.values() if isinstance(v, str))
                for key, value in mapping.items():
                    if type(value) in (int, float) and isinstance(key, str):
                        found.setdefault(key, []).append((float(value), names, where))
    return found


def _load(name: str, text: str):
    try:
        if name.endswith(".json"):
            return json.loads(text)
        import yaml  # (PyYAML, when installed: a YAML config is read only then)
        return list(yaml.safe_load_all(text))
    except Exception:  # noqa: BLE001 (a file that is no config of this kind: nothing to read)
        return None


def _mappings(value, depth: int = 0):
    """Every mapping in a parsed document."""
    if depth > 32:
        return
    if isinstance(value, dict):
        yield value
        children = value.values()
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:
        if isinstance(child, (dict, list)):
            yield from _mappings(child, depth + 1)


def _name(value: str) -> str:
    """`"cnn_model"`, also the last part of `"pkg.models:cnn_model"` / `"pkg.models.cnn_model"`."""
    return re.split(r"[.:]", value)[-1]
