"""`[tool.tfperf]` in the nearest pyproject.toml: defaults the command line can override.

One way to settle what a run uses, for every kind of input: `Overrides` (what the command line
says) resolved against a `Config` (the nearest `[tool.tfperf]`) gives the `Settings`. A command
resolves once against the working directory's config for the models it captures, and the source
linter resolves the same overrides against each file's nearest config (as ruff does).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


from tfperf.targets import DEFAULT_TARGET


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    target: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)  # glob -> codes
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


def _per_file_ignores(table: dict, path: Path) -> dict[str, tuple[str, ...]]:
    """`per-file-ignores = {"tests/*" = ["TFP4"], "legacy.py" = ["TFP101"]}`: glob -> codes or prefixes."""
    value = table.get("per-file-ignores", {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [tool.tfperf] per-file-ignores must be a table of glob = [codes]")
    return {glob: _strings(value, glob, path) for glob in value}


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
    known = {"target", "select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "allow-host"}
    target = table.get("target")
    if target is not None and not isinstance(target, str):
        raise ConfigError(f"{path}: [tool.tfperf] target must be a string")
    return Config(
        target=target,
        select=_strings(table, "select", path),
        ignore=_strings(table, "ignore", path),
        exclude=_strings(table, "exclude", path),
        extend_exclude=_strings(table, "extend-exclude", path),
        per_file_ignores=_per_file_ignores(table, path),
        allow_host=_strings(table, "allow-host", path),
        path=str(path),
        extra={k: v for k, v in table.items() if k not in known},
    )


@dataclass(frozen=True)
class Settings:
    """What a run uses: the target's name, the code selection and the op types allowed on the host."""

    target: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    allow_host: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overrides:
    """What the command line (or an API call) says; None / () where it says nothing. Each given value
    wins over the config's."""

    target: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    allow_host: tuple[str, ...] = ()

    def resolve(self, config: Config) -> Settings:
        return Settings(
            target=self.target or config.target or DEFAULT_TARGET,
            select=tuple(self.select) or config.select,
            ignore=tuple(self.ignore) or config.ignore,
            allow_host=tuple(self.allow_host) or config.allow_host,
        )
