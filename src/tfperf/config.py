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
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


from tfperf.tf_releases import ASSUMED_RELEASE, release
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
    tensorflow_version: str | None = None  # the TensorFlow release the code runs on ("2.15")
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
    known = {"target", "select", "ignore", "exclude", "extend-exclude", "per-file-ignores", "allow-host",
             "tensorflow-version"}
    target = table.get("target")
    if target is not None and not isinstance(target, str):
        raise ConfigError(f"{path}: [tool.tfperf] target must be a string")
    version = table.get("tensorflow-version")
    if version is not None:
        check_tensorflow_version(version, f"{path}: [tool.tfperf] tensorflow-version")
    return Config(
        target=target,
        select=_strings(table, "select", path),
        ignore=_strings(table, "ignore", path),
        exclude=_strings(table, "exclude", path),
        extend_exclude=_strings(table, "extend-exclude", path),
        per_file_ignores=_per_file_ignores(table, path),
        allow_host=_strings(table, "allow-host", path),
        tensorflow_version=version,
        path=str(path),
        extra={k: v for k, v in table.items() if k not in known},
    )


def check_tensorflow_version(value, where: str) -> str:
    """A TensorFlow release as the user wrote it ("2.15", "2.15.1"), or ConfigError naming `where`."""
    if not isinstance(value, str) or release(value) is None or not value.replace(".", "").isdigit():
        raise ConfigError(f"{where} must be a TensorFlow release such as \"2.15\", not {value!r}")
    return value


# the distributions that install TensorFlow's `tensorflow` package (CPU, GPU, Intel, Apple, ARM, nightly builds)
TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-intel", "tensorflow-macos",
                            "tensorflow-aarch64", "tensorflow-rocm", "tf-nightly", "tf-nightly-cpu", "tf-nightly-gpu",
                            "tf-nightly-intel", "tf-nightly-macos")


@lru_cache(maxsize=1)
def installed_tensorflow() -> str | None:
    """The version of the TensorFlow installed where tfperf runs, from its distribution's metadata
    directory name (`tensorflow_cpu-2.21.0.dist-info`): TensorFlow is not imported, and one listing
    per sys.path directory costs far less than importlib.metadata's search per name (a warm
    `tfperf check` takes 0.2 s); None when there is none."""
    wanted = {name.replace("-", "_") for name in TENSORFLOW_DISTRIBUTIONS}
    for directory in sys.path:
        try:
            entries = os.listdir(directory or ".")
        except OSError:
            continue
        for entry in sorted(entries):
            name, _, rest = entry.partition("-")
            if rest.endswith(".dist-info") and name.lower() in wanted:
                return rest[:-len(".dist-info")]
    return None


@dataclass(frozen=True)
class TensorFlow:
    """Which TensorFlow the linted code runs on, and how tfperf knows: set (the command line or
    `[tool.tfperf] tensorflow-version`), else installed where tfperf runs, else not known."""

    version: str | None = None  # as set or installed; None: not known
    origin: str = ""  # "setting", "installed", "" (not known)

    @property
    def release(self) -> tuple[int, int]:
        """(major, minor); when not known, the oldest release Gaudi's software supports (the message
        says it was assumed)."""
        return (release(self.version) if self.version else None) or ASSUMED_RELEASE

    def describe(self) -> str:
        """`TensorFlow 2.21.0 (installed here)`, for a finding's message."""
        if self.version is None:
            major, minor = ASSUMED_RELEASE
            return (f"TensorFlow >= {major}.{minor} (assumed, the oldest Gaudi's software supports: no TensorFlow "
                    "is installed here; set [tool.tfperf] tensorflow-version or --tensorflow-version)")
        how = "installed here" if self.origin == "installed" else "the tensorflow-version setting"
        return f"TensorFlow {self.version} ({how})"


def environment_tensorflow() -> TensorFlow:
    """The TensorFlow of a run that sets none: the one installed here, else not known."""
    installed = installed_tensorflow()
    return TensorFlow(installed, "installed") if installed else TensorFlow()


@dataclass(frozen=True)
class Settings:
    """What a run uses: the target's name, the code selection, the op types allowed on the host, the
    TensorFlow the code runs on."""

    target: str
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    allow_host: tuple[str, ...] = ()
    tensorflow: TensorFlow = TensorFlow()


@dataclass(frozen=True)
class Overrides:
    """What the command line (or an API call) says; None / () where it says nothing. Each given value
    wins over the config's."""

    target: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    allow_host: tuple[str, ...] = ()
    tensorflow_version: str | None = None

    def resolve(self, config: Config) -> Settings:
        return Settings(
            target=self.target or config.target or DEFAULT_TARGET,
            select=tuple(self.select) or config.select,
            ignore=tuple(self.ignore) or config.ignore,
            allow_host=tuple(self.allow_host) or config.allow_host,
            tensorflow=self._tensorflow(config),
        )

    def _tensorflow(self, config: Config) -> TensorFlow:
        """The command line's version, else the config's, else the installed one."""
        chosen = self.tensorflow_version or config.tensorflow_version
        return TensorFlow(chosen, "setting") if chosen else environment_tensorflow()
