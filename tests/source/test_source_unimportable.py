"""Code of a module Python cannot import as written never runs: a top-level `from . import correct_pad` where the
package's `__init__.py` (a docstring) binds no `correct_pad` (set 52's keras-applications-3d), a module importing
such a module, and a module file a package directory of its name shadows (set 53's funkeras `models/resnet.py`
beside `models/resnet/`). A finding there is info and says which import fails. An import the target module
answers (a name bound in any branch, a submodule, an extension module beside it, a dunder every module has), an
import in `try` (an optional dependency), a target that makes names at run time, and a shadowed file run as a
program import (or run) fine: their findings stay warnings."""

from __future__ import annotations

import pytest

from conftest import write_tree
from tfperf.source import lint_paths

STEM = """\
import tensorflow as tf
IMPORT


def stem(x):
    x = tf.keras.layers.ZeroPadding2D(1)(x)
    return tf.keras.layers.Conv2D(8, 3)(x)
"""

PACKAGE = '"""Applications, in 3-D."""\n'


def findings(root, files: dict[str, str]) -> dict[str, tuple[str, str]]:
    """file -> (severity, message) of its one TFP201 finding."""
    write_tree(root, files)
    result = lint_paths([str(root)], select=["TFP201"], target="gaudi2", cache_dir=None)
    assert not result.errors
    return {f.source.path.replace("\\", "/").split(f"{root.name}/")[-1]: (f.severity.value, f.message)
            for f in result.findings}


def stem_module(import_line: str) -> str:
    return STEM.replace("IMPORT", import_line)


def test_a_name_the_package_does_not_bind_makes_the_module_and_its_importers_info(tmp_path):
    found = findings(tmp_path, {
        "apps/__init__.py": PACKAGE,
        "apps/mobilenet.py": stem_module("from . import correct_pad"),
        "apps/nasnet.py": stem_module("from .mobilenet import stem as _stem"),
        "apps/resnet.py": stem_module("from . import imagenet_utils"),
        "apps/imagenet_utils.py": "def preprocess(x):\n    return x\n",
    })
    assert found["apps/mobilenet.py"] == (
        "info", "zero pad [[1,1],[1,1]] (through `x`) before VALID Conv2D: remove it and use padding=\"same\" "
                "[code of a module that cannot be imported: `from apps import correct_pad` (line 2) names nothing "
                "apps defines (ImportError)]")
    assert found["apps/nasnet.py"][0] == "info"
    assert found["apps/nasnet.py"][1].endswith(
        "[code of a module that cannot be imported: it imports apps.mobilenet, where `from apps import correct_pad` "
        "(line 2) names nothing apps defines (ImportError)]")
    assert found["apps/resnet.py"][0] == "warning"  # a submodule: it imports


@pytest.mark.parametrize("package, extra", [
    ('"""Docs."""\ntry:\n    from ._pad import correct_pad\nexcept ImportError:\n    correct_pad = None\n', {}),
    ('"""Docs."""\nif True:\n    def correct_pad(x):\n        return x\n', {}),
    ('"""Docs."""\nfrom ._impl import *\n', {"apps/_impl.py": "def correct_pad(x):\n    return x\n"}),
    ('"""Docs."""\ndef __getattr__(name):\n    return name\n', {}),
    ('"""Docs."""\nfrom .ops import correct_pad\n', {"apps/ops.py": "def correct_pad(x):\n    return x\n"}),
    (PACKAGE, {"apps/correct_pad.cpython-311-x86_64-linux-gnu.so": ""}),  # an extension module
    # two files claim the module's name (a tests/ directory that mirrors the package, as gpflow's): which one is imported is
    # not known here
    ('"""Docs."""\nfrom ._impl import *\n', {"apps/_impl.py": "def correct_pad(x):\n    return x\n",
                                             "tests/apps/__init__.py": "import tensorflow as tf\n"}),
])
def test_a_name_the_package_binds_or_may_bind_imports(tmp_path, package, extra):
    found = findings(tmp_path, {"apps/__init__.py": package, "apps/mobilenet.py": stem_module(
        "from . import correct_pad"), **extra})
    assert found["apps/mobilenet.py"][0] == "warning"


@pytest.mark.parametrize("import_line", [
    "try:\n    from . import correct_pad\nexcept ImportError:\n    correct_pad = None",  # optional
    "from . import __version__ as __doc__",  # (a dunder: every module binds some; not judged)
    "from tensorflow.keras import correct_pad",  # another project's module: not judged here
    "from . import config_pb2",  # written by protoc at build time: a checkout lacks it
    "from . import _version",  # written by setuptools-scm at build time
])
def test_imports_not_judged_stay_warnings(tmp_path, import_line):
    found = findings(tmp_path, {"apps/__init__.py": PACKAGE, "apps/mobilenet.py": stem_module(import_line)})
    assert found["apps/mobilenet.py"][0] == "warning"


def test_a_module_file_shadowed_by_a_package_directory_is_info_unless_it_is_a_program(tmp_path):
    files = {"zoo/__init__.py": "", "zoo/resnet/__init__.py": "from .core import build\n",
             "zoo/resnet/core.py": stem_module("").replace("def stem", "def build"),
             "zoo/resnet.py": stem_module("")}
    found = findings(tmp_path, files)
    assert found["zoo/resnet.py"][0] == "info"
    assert found["zoo/resnet.py"][1].endswith(
        "[code of a module that cannot be imported: the package directory resnet/ beside this file takes its import "
        "name, so Python never imports it]")
    assert found["zoo/resnet/core.py"][0] == "warning"
    program = stem_module("") + '\n\nif __name__ == "__main__":\n    stem(tf.zeros([1, 8, 8, 3]))\n'
    assert findings(tmp_path / "again", {**files, "zoo/resnet.py": program})["zoo/resnet.py"][0] == "warning"
