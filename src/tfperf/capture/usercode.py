"""Running the user's code (`--model`, `--dataset`, `optimize`, `placement`) without letting it break
tfperf's own promises.

- A file is imported the way `python path/file.py` runs it: its directory comes first on sys.path,
  so its sibling modules import; when it sits in a package (directories holding `__init__.py`), it
  is imported as that package's module (`pkg.models.train`), so relative imports work too.
- The user's directories are on sys.path only while the user's code runs, and a user file whose
  name belongs to another module (json.py, numpy.py, a second model.py) is loaded under a private
  name: it never replaces a module that tfperf or TensorFlow imports.
- While the user's code runs, what it prints goes to stderr, so stdout holds only the report
  (`--format json|sarif` stays parsable); `sys.exit()` in it is an input error, not tfperf's exit.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import importlib.util
import os
import sys
from types import ModuleType
from typing import Iterator

from tfperf.capture.errors import CaptureError

_PRIVATE_PREFIX = "_tfperf_user_"
_user_dirs: list[str] = []  # directories of the user's files, the last loaded first
_depth = 0  # user_code() is re-entrant: only the outermost one redirects and restores


@contextlib.contextmanager
def user_code(what: str = "the user's code") -> Iterator[None]:
    """Run the user's code: its directories first on sys.path, its stdout on stderr, and its
    sys.exit() turned into a CaptureError naming `what`. KeyboardInterrupt is left to stop the run."""
    global _depth
    _depth += 1
    try:
        redirect = _stdout_to_stderr() if _depth == 1 else contextlib.nullcontext()
        with _search_path(), redirect, _exit_as_error(what):
            yield
    finally:
        _depth -= 1


@contextlib.contextmanager
def _exit_as_error(what: str) -> Iterator[None]:
    try:
        yield
    except SystemExit as exc:
        raise CaptureError(f"{what}: called sys.exit({exc.code!r}) while tfperf ran it, so it was not analysed; "
                           "keep the exit under `if __name__ == \"__main__\":`") from None


@contextlib.contextmanager
def _search_path() -> Iterator[None]:
    sys.path[:0] = _user_dirs
    added = list(_user_dirs)
    try:
        yield
    finally:
        for directory in added:  # the first occurrence is the one put in front above
            with contextlib.suppress(ValueError):
                sys.path.remove(directory)


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Python's sys.stdout and, when it is a real file, file descriptor 1 both write to stderr."""
    sys.stdout.flush()
    saved = _redirect_fd(1, 2)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stderr.flush()
        _flush_c_stdio()  # what native code printed must not reach the real stdout later
        if saved is not None:
            os.dup2(saved, 1)
            os.close(saved)


def _redirect_fd(fd: int, to: int) -> int | None:
    """Point `fd` at `to`; the saved original, or None when either is not open."""
    try:
        os.fstat(fd)
        os.fstat(to)
        saved = os.dup(fd)
    except OSError:
        return None
    os.dup2(to, fd)
    return saved


def _flush_c_stdio() -> None:
    with contextlib.suppress(Exception):
        ctypes.CDLL(None).fflush(None)


# ---------------------------------------------------------------------------------------------
# importing a file as `python path/file.py` would


def import_file(path: str, shown: str) -> ModuleType:
    """The module of the Python file at `path` (`shown` is how the user wrote it, for messages)."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise CaptureError(f"{shown}: no such file")
    directory = os.path.dirname(path)
    root, dotted = package_of(path)
    for entry in reversed(dict.fromkeys([directory, root])):  # python file.py puts the file's directory first
        if entry in _user_dirs:
            _user_dirs.remove(entry)
        _user_dirs.insert(0, entry)
    with user_code(shown):
        if root != directory or os.path.basename(path) == "__init__.py":
            return _import_in_package(dotted, path, root)
        return _import_top_level(dotted, path, directory)


def package_of(path: str) -> tuple[str, str]:
    """(the directory the file's top package sits in, its dotted module name): for
    /w/pkg/models/train.py with pkg/ and pkg/models/ holding __init__.py, ("/w", "pkg.models.train")."""
    directory, name = os.path.split(path)
    parts = [os.path.splitext(name)[0]]
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        directory, package = os.path.split(directory)
        parts.insert(0, package)
    if parts[-1] == "__init__":
        parts.pop()
    return directory, ".".join(parts)


def _import_in_package(dotted: str, path: str, root: str) -> ModuleType:
    top = dotted.split(".")[0]
    loaded = sys.modules.get(top)
    if loaded is not None and not _inside(getattr(loaded, "__file__", None) or "", os.path.join(root, top)):
        raise CaptureError(f"{path}: its package {top!r} has the name of a module already imported from "
                           f"{getattr(loaded, '__file__', None) or 'a built-in'}; rename the package, or give "
                           f"MODULE:ATTR with its directory on PYTHONPATH")
    return importlib.import_module(dotted)


def _import_top_level(name: str, path: str, directory: str) -> ModuleType:
    loaded = sys.modules.get(name)
    if loaded is not None and _same_file(getattr(loaded, "__file__", None), path):
        return loaded
    if loaded is not None or _names_another_module(name, directory):
        name = f"{_PRIVATE_PREFIX}{name}_{hashlib.sha1(path.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
        if name in sys.modules:
            return sys.modules[name]
    return _load_as(name, path)


def _names_another_module(name: str, directory: str) -> bool:
    """Whether `name` is a module found elsewhere than the user's directory (stdlib, site-packages)."""
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") not in (directory, *_user_dirs)]
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
    finally:
        sys.path[:] = saved


def _load_as(name: str, path: str) -> ModuleType:
    """Execute the file at `path` as module `name` (this very file, whatever else sys.path holds)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _same_file(a: str | None, b: str) -> bool:
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False


def _inside(path: str, directory: str) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(directory) + os.sep)
