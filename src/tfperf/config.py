"""`[tool.tfperf]` in the nearest pyproject.toml: defaults the command line can override."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    target: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    allow_host: tuple[str, ...] = ()
    path: str | None = None  # the pyproject.toml it came from
    extra: dict = field(default_factory=dict)


def find_pyproject(start: str | os.PathLike = ".") -> Path | None:
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def _strings(table: dict, key: str, path: Path) -> tuple[str, ...]:
    value = table.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: [tool.tfperf] {key} must be a list of strings")
    return tuple(value)


def load_config(start: str | os.PathLike = ".") -> Config:
    """The [tool.tfperf] table of the nearest pyproject.toml at or above `start` (empty if none)."""
    path = find_pyproject(start)
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("tfperf", {})
    known = {"target", "select", "ignore", "exclude", "allow-host"}
    target = table.get("target")
    if target is not None and not isinstance(target, str):
        raise ConfigError(f"{path}: [tool.tfperf] target must be a string")
    return Config(
        target=target,
        select=_strings(table, "select", path),
        ignore=_strings(table, "ignore", path),
        exclude=_strings(table, "exclude", path),
        allow_host=_strings(table, "allow-host", path),
        path=str(path),
        extra={k: v for k, v in table.items() if k not in known},
    )
