"""Generate src/tfperf/source/data/framework_methods.json.gz: the method names the frameworks' base classes define
(Keras 3, tf_keras, TensorFlow), from the installed packages, so that the source linter knows which methods of a
user's subclass the framework's machinery may call, without importing any of them.

    pip install --no-deps tf-keras==2.21.0   # beside tensorflow(-cpu) and keras
    python tools/generate_framework_methods.py

Two lists: "classes", the bases whose methods are listed (by the names the linter gives them: `tf_keras.X` and
`tf.keras.X` are `keras.X`), and "methods", every name one of them answers to.
A user's `SpectralNormalization(keras.layers.Wrapper)` defines `call` (Keras calls it with the batch) and
`power_iteration` (no Keras class defines it: only the project's own calls reach it). Every name a base class
answers to is listed, public or dunder (`__call__`), so an override of any of them counts as the framework's.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from pathlib import Path

from generate_api_names import public_modules, write_json_gz

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
OUT = Path(__file__).resolve().parents[1] / "src" / "tfperf" / "source" / "data" / "framework_methods.json.gz"
# every public class of these packages' public modules (a user's `Conv2D` subclass overriding `convolution_op`:
# Keras calls it), and TensorFlow's own bases users derive from
ROOTS = ("keras", "tf_keras")
TF_CLASSES = ("Module", "train.Checkpoint", "experimental.ExtensionType", "data.Dataset", "compat.v1.train.Optimizer",
              "compat.v1.train.SessionRunHook", "compat.v1.estimator.Estimator")


def _class(root: str, path: str):
    value = importlib.import_module(root)
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, type) else None


def _canonical(path: str) -> str:
    """The name the linter gives a class (`tfperf.source.names.canonical`): `keras.X` for tf_keras', TensorFlow's
    without `compat.v1`."""
    if path.startswith("tf_keras."):
        return "keras." + path.partition(".")[2]
    return path.replace("tensorflow.compat.v1.", "tensorflow.", 1)


def main() -> None:
    names: set[str] = set()
    found: list[str] = []
    classes = {f"tensorflow.{path}": _class("tensorflow", path) for path in TF_CLASSES}
    for root in ROOTS:
        for path, module in public_modules(root):
            for name in dir(module):
                value = getattr(module, name, None) if not name.startswith("_") else None
                if isinstance(value, type):
                    classes.setdefault(f"{path}.{name}", value)
    seen: set[int] = set()
    for path, cls in sorted(classes.items()):
        if cls is None or id(cls) in seen:
            continue
        seen.add(id(cls))
        found.append(_canonical(path))
        names.update(n for n in dir(cls) if not n.startswith("_") or n.startswith("__") and n.endswith("__"))
    versions = {root: importlib.metadata.version(root.replace("_", "-")) for root in (*ROOTS, "tensorflow-cpu")}
    data = {"versions": versions, "classes": sorted(set(found)), "methods": sorted(names)}
    write_json_gz(OUT, data)
    print(f"{OUT}: {len(names)} method names of {len(found)} classes "
          f"({', '.join(f'{k} {v}' for k, v in versions.items())}); {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
