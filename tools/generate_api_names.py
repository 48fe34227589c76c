"""Generate src/tfperf/source/data/api_names.json.gz: the public names of TensorFlow, Keras,
tf_keras and tf_slim, from the installed packages, so that the source linter resolves names
without importing any of them.

    pip install --no-deps tf-keras==2.21.0 tf-slim==1.1.0   # beside tensorflow(-cpu) and keras
    python tools/generate_api_names.py

Two tables:
- "modules": each public module (`tensorflow.nn`, `keras.layers`, `tf_slim`...) and its public
  names: what `from M import *` binds.
- "internal": where a public function or class is defined or re-exported inside the package
  (`tensorflow.python.ops.array_ops.transpose_v2`, `tf_keras.src.layers.reshaping.zero_padding2d.ZeroPadding2D`)
  and its public name (`tensorflow.transpose`, `tf_keras.layers.ZeroPadding2D`), found by object
  identity: code that imports from the package's internals (as tf_slim and tf_keras do) resolves
  to the names the rules know.
"""

from __future__ import annotations

import gzip
import importlib
import importlib.metadata
import inspect
import json
import os
import sys
import types
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[1] / "src" / "tfperf" / "source" / "data" / "api_names.json.gz"
ROOTS = ("tensorflow", "keras", "tf_keras", "tf_slim")
INTERNAL = ("tensorflow.python.", "keras.src.", "tf_keras.src.", "tf_slim.")
MAX_DEPTH = 6


def public_modules(root_name: str):
    """(public dotted path, module) for the root and every public submodule reachable as an attribute."""
    root = importlib.import_module(root_name)
    seen, queue = {id(root)}, [(root_name, root, 0)]
    while queue:
        path, module, depth = queue.pop(0)
        yield path, module
        if depth >= MAX_DEPTH:
            continue
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            try:
                value = getattr(module, name)
            except Exception:  # lazy loaders of optional parts
                continue
            if isinstance(value, types.ModuleType) and id(value) not in seen and _belongs(value, root_name):
                if root_name == "tensorflow" and name == "keras":
                    continue  # tf.keras is Keras: the keras root lists it
                seen.add(id(value))
                queue.append((f"{path}.{name}", value, depth + 1))


def _belongs(module: types.ModuleType, root_name: str) -> bool:
    """A public API module of `root_name`: TensorFlow's are generated under tensorflow._api; Keras and
    tf_keras keep their implementation under `src` (internal, listed in the second table)."""
    name = getattr(module, "__name__", "") or ""
    if root_name == "tensorflow":
        return name.startswith("tensorflow._api.")
    if root_name in ("keras", "tf_keras"):
        return name.startswith(root_name + ".") and not name.startswith(root_name + ".src")
    return name == root_name or name.startswith(root_name + ".")


def _rank(path: str) -> tuple:
    """Prefer v2 names over compat.v1 ones, then the shortest."""
    return ("compat." in path, path.count("."), len(path), path)


def _version(root: str) -> str:
    for dist in (root.replace("_", "-"), f"{root}-cpu"):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "?"


def write_json_gz(path: Path, data: dict) -> None:
    """`data` as compact, sorted JSON, gzipped with mtime 0: the same packages give the same bytes."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as stream:
        stream.write(text)


def main() -> None:
    modules: dict[str, list[str]] = {}
    best: dict[int, str] = {}
    for root in ROOTS:
        for path, module in public_modules(root):
            names = sorted(n for n in dir(module) if not n.startswith("_"))
            modules[path] = names
            for name in names:
                try:
                    value = getattr(module, name)
                except Exception:
                    continue
                if inspect.isfunction(value) or inspect.isclass(value) or callable(value) and not isinstance(
                        value, types.ModuleType):
                    full = f"{path}.{name}"
                    if id(value) not in best or _rank(full) < _rank(best[id(value)]):
                        best[id(value)] = full
    internal: dict[str, str] = {}
    for mod_name, module in sorted(sys.modules.items()):
        if not mod_name.startswith(INTERNAL) or module is None or mod_name in modules:
            continue
        for name, value in list(vars(module).items()):
            if name.startswith("__") or isinstance(value, types.ModuleType) or id(value) not in best:
                continue
            full = f"{mod_name}.{name}"
            if best[id(value)] != full:
                internal[full] = best[id(value)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    versions = {root: _version(root) for root in ROOTS}
    data = {"versions": versions, "modules": modules, "internal": internal}
    write_json_gz(OUT, data)
    print(f"{OUT}: {len(modules)} modules, {sum(map(len, modules.values()))} names, {len(internal)} internal "
          f"names ({', '.join(f'{k} {v}' for k, v in versions.items())}); {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
