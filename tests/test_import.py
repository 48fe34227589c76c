"""The package's structure (docs/architecture.md): no import cycle, dependencies point down, and
`import tfperf`, the rules and the CLI's help do not import TensorFlow (linting a repository stays fast).

Imports are read with `ast` from every module under src/tfperf, at module level and inside
functions (a lazy import is still a dependency); imports under `if TYPE_CHECKING:` are annotations
and are left out.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_block(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(tree: ast.AST, modules: set[str], package: str) -> set[str]:
    """The modules (tfperf's, and top-level third-party names) a module imports."""
    found: set[str] = set()
    todo = list(ast.iter_child_nodes(tree))
    while todo:
        node = todo.pop()
        if _type_checking_block(node):
            todo.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the importing package
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
        todo.extend(ast.iter_child_nodes(node))
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in SRC.rglob("*.py")}
    modules = set(paths)
    graph = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        graph[name] = _imports(ast.parse(path.read_text(encoding="utf-8")), modules, package)
    return graph


GRAPH = _graph()
INTERNAL = {name: {d for d in deps if d in GRAPH and d != name} for name, deps in GRAPH.items()}


def _cycle() -> list[str] | None:
    """One import cycle among tfperf's modules, or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(INTERNAL[node]):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(INTERNAL):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_reads_every_module():
    assert {"tfperf", "tfperf.findings", "tfperf.rules.base", "tfperf.rules.pad.fix", "tfperf.cli"} <= set(GRAPH)
    assert "tfperf.rules.base" in INTERNAL["tfperf.analyze"]
    assert "tfperf.capture.placement" in INTERNAL["tfperf.analyze"], "a lazy import counts"


def test_there_is_no_import_cycle():
    assert _cycle() is None, " -> ".join(_cycle())


def _in(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# (who, what it must not import, why)
FORBIDDEN = [
    (("tfperf.findings", "tfperf.version", "tfperf.errors"), ("tfperf",), "the data model is the bottom layer"),
    (("tfperf.ir", "tfperf.pipeline_ir"), ("tfperf.capture", "tfperf.rules", "tensorflow", "keras"),
     "the IR is TF-free and below the rules"),
    (("tfperf.rules",), ("tfperf.capture", "tfperf.analyze", "tfperf.report", "tfperf.cli", "tensorflow", "keras"),
     "rules read the IR and their context, never TensorFlow"),
    (("tfperf.report",), ("tfperf.rules", "tfperf.analyze", "tfperf.capture", "tensorflow"),
     "reporters render what they are given"),
    (("tfperf.page",), ("tfperf.rules", "tfperf.analyze", "tfperf.capture", "tfperf.report", "tfperf.cli", "tensorflow",
                        "keras"), "the HTML page's model is plain data, built from what analyze computed"),
    (("tfperf.source",), ("tfperf.capture", "tfperf.analyze", "tfperf.report", "tensorflow", "keras"),
     "the source linter never imports TensorFlow"),
    (("tfperf.targets",), ("tfperf",), "targets are data at the bottom"),
    (("tfperf.placement", "tfperf.cost", "tfperf.config", "tfperf.amp"),
     ("tfperf.capture", "tfperf.rules", "tfperf.analyze", "tfperf.report", "tfperf.rewrite", "tensorflow", "keras"),
     "domain models are TF-free"),
    (("tfperf.batch.advice", "tfperf.batch.rebatch", "tfperf.batch.convergence"),
     ("tfperf.capture", "tfperf.rules", "tfperf.analyze", "tfperf.report", "tfperf.batch.api", "tensorflow", "keras"),
     "the batch advisor's model is TF-free, like cost/"),
    (("tfperf.batch",), ("tfperf.report", "tfperf.cli", "tfperf.rules"), "the batch advisor does not render"),
    (("tfperf.capture",), ("tfperf.rules", "tfperf.analyze", "tfperf.report", "tfperf.cli"),
     "capture turns TensorFlow objects into IR and knows nothing of rules"),
    (("tfperf.analyze", "tfperf.rewrite"), ("tfperf.report", "tfperf.cli"), "orchestration does not render"),
    (("tfperf.train", "tfperf.data", "tfperf.keras"), ("tfperf.cli",), "helpers do not call the command line"),
]


@pytest.mark.parametrize("who, banned, why", FORBIDDEN, ids=[f[0][0] for f in FORBIDDEN])
def test_dependencies_point_down(who, banned, why):
    bad = []
    for module, deps in GRAPH.items():
        if not _in(module, *who):
            continue
        allowed_self = {m for m in deps if _in(m, *who)}  # a package may import its own parts
        bad += [f"{module} imports {dep}" for dep in deps - allowed_self if _in(dep, *banned)]
    assert not bad, f"{why}: " + "; ".join(sorted(bad))


def test_nothing_imports_the_package_face():
    """`tfperf/__init__.py` is the public API: modules inside import what they need from its parts."""
    bad = sorted(module for module, deps in INTERNAL.items() if "tfperf" in deps and module != "tfperf.__main__")
    assert not bad, bad


def test_import_tfperf_does_not_import_tensorflow():
    code = ("import sys, tfperf, tfperf.findings, tfperf.ir, tfperf.analyze, tfperf.cli, tfperf.report, tfperf.page,"
            " tfperf.targets, tfperf.train, tfperf.source, tfperf.amp, tfperf.amp.summary;"
            "from tfperf.rules import all_rules; all_rules();"
            "print('tensorflow' in sys.modules or 'keras' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
