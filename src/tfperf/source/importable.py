"""Modules of the project that cannot be imported as written, so that none of their code runs: a top-level
`from .base import correct_pad` where the project's `base` module binds no `correct_pad` (Python raises
ImportError), an import of such a module, and a module file that a package directory of the same name shadows
(`models/resnet.py` beside `models/resnet/__init__.py`: Python imports the package).

Findings in such a module are info (`context.UNIMPORTABLE`): their cost exists only once the import is mended.
Each module tells the project the names its top level binds (`MODULE_NAMES`; a package adds the entries of its
directory: its submodules) and its top-level imports of its own package tree (`MODULE_IMPORTS`); a file with a
finding on the training step follows its imports down through those (`import_failure`, when reporting: a finding
that is info already does not ask). Only what the source decides
is judged: an import inside `try`/`if` (an optional dependency), a module the project does not hold or that may
make names at run time (a star import, `__getattr__`, `globals()`...), and a name bound anywhere at the module's
top level (in any branch) are taken to import.
"""

from __future__ import annotations

import ast
import os
from typing import TYPE_CHECKING

from tfperf.source.names import resolve_relative

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

# module -> the names its top level binds (a sorted tuple; a package's also names its directory's entries), or
# DYNAMIC for a module that may make names at run time; one value per file that claims the module's name (a
# framework-free one, a docstring-only `__init__.py`, is linted as a helper when a file asks: `linter._helpers_asked`)
MODULE_NAMES = "modnames"
DYNAMIC = "dynamic"
# module -> its top-level imports of modules of its own package tree: ((module, (name, ...), line), ...), the
# names empty for `import module`
MODULE_IMPORTS = "modimports"
MAX_CHAIN = 4  # how many imports deep a failure is followed (a module, what it imports, what that imports...)

# words of a module that binds names the statements do not show, or reads its module object at run time
_DYNAMIC_WORDS = ("import *", "__getattr__", "globals()", "vars()", "locals()", "exec(", "setattr(", "sys.modules",
                  "__path__", "__all__ +=", "import_module", "lazy", "Lazy", "__dict__")

_FAILURE = "importable.failure"  # (`FileContext.shared`: `import_failure`'s answer, once asked)

# a protocol buffer's generated Python modules (protoc, grpc)
_GENERATED_SUFFIXES = ("_pb2", "_pb2_grpc", "_pb")


def export_importability(file: FileContext) -> None:
    """Export the module's top-level names and imports (none for a shadowed module file: its name is the
    package's)."""
    module = file.module
    if module is None or _shadowed(file):
        return
    names = top_level_names(file)  # (exported by every file of the module: two files may claim its name)
    file.project.export(MODULE_NAMES, module, names if names is not None else DYNAMIC)
    imports = _own_imports(file)
    if imports:
        file.project.export(MODULE_IMPORTS, module, imports)


def top_level_names(file: FileContext) -> tuple[str, ...] | None:
    """Every name the module binds at its top level (in any branch of an `if`/`try`/loop/`with` there, and
    through `global` in a function), with, for a package's `__init__`, its directory's entries (submodules,
    extension modules, subpackages); None for a module that may bind names the statements do not show."""
    if any(word in file.text for word in _DYNAMIC_WORDS):
        return None
    names: set[str] = set()
    _bind_block(file.tree.body, names)
    if "global" in file.text or ":=" in file.text:
        for node in file.parents:  # (every node of the tree but the module)
            kind = type(node)
            if kind is ast.Global:
                names.update(node.names)
            elif kind is ast.NamedExpr and type(node.target) is ast.Name:
                names.add(node.target.id)
    if os.path.basename(file.path) == "__init__.py":
        try:
            names.update(entry.split(".", 1)[0] for entry in os.listdir(os.path.dirname(os.path.abspath(file.path))))
        except OSError:
            return None
    return tuple(sorted(names))


def _bind_block(block: list[ast.stmt], names: set[str]) -> None:
    for stmt in block:
        kind = type(stmt)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            names.add(stmt.name)
        elif kind in (ast.Import, ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".", 1)[0] for alias in stmt.names)
        else:
            for target in _targets(stmt):
                names.update(node.id for node in ast.walk(target) if type(node) is ast.Name)
            for field in ("body", "orelse", "finalbody"):
                _bind_block(getattr(stmt, field, None) or [], names)
            for handler in getattr(stmt, "handlers", None) or []:
                if handler.name:
                    names.add(handler.name)
                _bind_block(handler.body, names)
            for case in getattr(stmt, "cases", None) or []:
                names.update(node.name for node in ast.walk(case.pattern) if getattr(node, "name", None))
                _bind_block(case.body, names)


def _targets(stmt: ast.stmt) -> list[ast.AST]:
    kind = type(stmt)
    if kind is ast.Assign:
        return stmt.targets
    if kind in (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor):
        return [stmt.target]
    if kind in (ast.With, ast.AsyncWith):
        return [item.optional_vars for item in stmt.items if item.optional_vars is not None]
    return []


def import_failure(file: FileContext) -> str | None:
    """Why importing the module fails as the source shows it (see the module's docstring), or None. Asked when
    reporting a finding on the step (`ProjectView.ask_reporting`: a change of an answer re-makes the reports);
    answered once per lint (the file's answers do not change meanwhile)."""
    if _FAILURE not in file.shared:
        file.shared[_FAILURE] = _import_failure(file)
    return file.shared[_FAILURE]


def _import_failure(file: FileContext) -> str | None:
    if _shadowed(file):
        stem = os.path.splitext(os.path.basename(file.path))[0]
        return f"the package directory {stem}/ beside this file takes its import name, so Python never imports it"
    if file.module is None:
        return None
    failure = _failing(file.project, file.module, _own_imports(file), 0, {file.module})
    if failure is None:
        return None
    module, line, target, name = failure
    written = f"`from {target} import {name}` (line {line}) names nothing {target} defines (ImportError)"
    return written if module == file.module else f"it imports {module}, where {written}"


def _failing(project, module: str, imports, depth: int, seen: set[str]) -> tuple[str, int, str, str] | None:
    """The first of `module`'s imports that fails, followed through the modules it imports (`depth` imports down
    from the file asking): (the module whose import fails, its line, the module imported from, the name)."""
    for target, names, line in imports:
        if not project.is_module(target):
            continue
        missing = _missing_name(project, target, names)
        if missing is not None:
            return module, line, target, missing
        if depth + 1 >= MAX_CHAIN:
            continue
        for imported in (target, *(f"{target}.{name}" for name in names)):
            if imported in seen or not project.is_module(imported):
                continue
            seen.add(imported)
            below = project.ask_reporting(MODULE_IMPORTS, imported)
            failure = _failing(project, imported, below[0], depth + 1, seen) if len(below) == 1 else None
            if failure is not None:
                return failure
    return None


def _own_imports(file: FileContext) -> tuple:
    """The module's top-level imports of its own package tree (relative ones, and absolute ones under its top
    package): ((module, names, line), ...). An import in `try` or `if` may be an optional one: not taken."""
    top, package, found = file.module.split(".", 1)[0], file.imports.package, []
    for stmt in file.tree.body:
        if type(stmt) is ast.Import:
            found.extend((alias.name, (), stmt.lineno) for alias in stmt.names
                         if alias.name.split(".", 1)[0] == top and "." in alias.name)
        elif type(stmt) is ast.ImportFrom:
            target = resolve_relative(package, stmt.module, stmt.level)
            if target is not None and (stmt.level or target.split(".", 1)[0] == top):
                found.append((target, tuple(alias.name for alias in stmt.names), stmt.lineno))
    return tuple(found)


def _missing_name(project, target: str, names: tuple[str, ...]) -> str | None:
    """The first of `names` (of `from target import ...`) that the project's module `target` does not bind, that
    is no submodule of it, and that not every module has (`__doc__`...); None when its names are not known."""
    if not names:  # (`import target`: the module itself)
        return None
    known = project.ask_reporting(MODULE_NAMES, target)
    if len(known) != 1 or known[0] == DYNAMIC:  # (two: two files claim the module, `tests/pkg/__init__.py`)
        return None
    for name in names:
        if name == "*" or name.startswith("__") or name in known[0] or project.is_module(f"{target}.{name}") or \
                _generated(name):
            continue
        return name
    return None


def _generated(name: str) -> bool:
    """A module name that a build writes and a checkout may lack (`pipeline_pb2` from a .proto, `_version` from
    setuptools-scm): its absence here proves nothing."""
    return name.endswith(_GENERATED_SUFFIXES) or "version" in name.lower()


def _shadowed(file: FileContext) -> bool:
    """A module file beside a package directory of its name (not a program run as a script)."""
    directory, filename = os.path.split(os.path.abspath(file.path))
    stem, extension = os.path.splitext(filename)
    return stem != "__init__" and extension == ".py" and "__main__" not in file.text and \
        os.path.isfile(os.path.join(directory, stem, "__init__.py"))

