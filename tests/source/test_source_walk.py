"""The one walk that runs every rule: it reaches exactly the nodes `ast` has (leaf singletons such as
Load/Add aside), with the right parents, on real code (a slice of the standard library)."""

from __future__ import annotations

import ast
import gc
import glob
import sysconfig
import weakref

from tfperf import targets
from tfperf.source import lint_text
from tfperf.rules import all_rules
from tfperf.source.visitor import FileContext, SourceVisitor, run_visitors, visitors_for

LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def walked_stdlib(count: int):
    """(tree, FileContext after the walk) of the first `count` modules of the standard library."""
    for path in sorted(glob.glob(sysconfig.get_paths()["stdlib"] + "/*.py"))[:count]:
        text = open(path, encoding="utf-8").read()
        tree = ast.parse(text)
        context = FileContext(path, text, tree, targets.load("cpu"))
        run_visitors(context, [])
        yield tree, context


def test_parents_match_ast_on_the_standard_library():
    walked = 0
    for tree, context in walked_stdlib(120):
        walked += 1
        expected = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
                    if not isinstance(child, LEAVES)}
        expected[tree] = None
        assert context.parents == expected, context.path
    assert walked > 50


def test_max_pool_pad_as_wide_as_the_window_is_not_folded():
    code = ("import tensorflow as tf\ndef f(x):\n"
            "    return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), [[0, 0], [2, 2], [2, 2], [0, 0]]), 2, 1, 'VALID')\n")
    (finding,) = lint_text(code, select=["TFP201"])
    assert finding.fix.edits == () and "windows of padding only" in finding.message


def test_reads_in_a_scope_match_a_plain_walk():
    """The bisect over the file's read index finds exactly the reads a walk of the scope finds
    (decorators aside: they are read in the enclosing scope)."""
    checked = 0
    for tree, context in walked_stdlib(60):
        for scope in ast.walk(tree):
            if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                continue
            parts = [getattr(scope, "args", None), *getattr(scope, "bases", []), *getattr(scope, "keywords", []),
                     getattr(scope, "returns", None)]
            body = scope.body if isinstance(scope.body, list) else [scope.body]
            walked: dict[str, list] = {}
            for part in [p for p in parts if p is not None] + body:
                for n in ast.walk(part):
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                        walked.setdefault(n.id, []).append(n)
            index = context.scope_index(scope)
            for name, reads in walked.items():
                assert sorted(map(id, index.loads_of(name))) == sorted(map(id, reads)), (context.path, scope.lineno, name)
                checked += 1
    assert checked > 1000


def test_plain_module_defs_are_what_the_scopes_say():
    """`def_of` answers a read of a top-level def that nothing rebinds without the scope indexes:
    on real code, every such read after the def is the def by `binding` too."""
    checked = 0
    for _, context in walked_stdlib(80):
        plain = context._plain_module_defs
        for name, reads in context.name_loads.items():
            for read in reads:
                if name in plain and (read.lineno, read.col_offset) >= (plain[name].end_lineno, plain[name].end_col_offset):
                    bound = context.binding(read)
                    assert bound is not None and bound.stmt is plain[name], (context.path, read.lineno, name)
                    checked += 1
    assert checked > 500
    code = ("def helper(x):\n    return x\n\ndef shadowed(helper):\n    return helper(1)\n\n"
            "def rebound():\n    return other(2)\n\ndef other(y):\n    return y\n\nother = helper\n")
    context = FileContext("m.py", code, ast.parse(code), targets.load("cpu"))
    run_visitors(context, [])
    assert set(context._plain_module_defs) == {"shadowed", "rebound"}, "a parameter or an assignment rebinds the others"


def test_a_walk_is_taken_for_the_same_file_and_visitors_only():
    code = "import tensorflow as tf\ndef f(x):\n    y = tf.transpose(x)\n    return y\n"
    tree, cpu = ast.parse(code), targets.load("cpu")
    first = FileContext("m.py", code, tree, cpu, module="m")
    run_visitors(first, [])
    walk = first.walk
    again = FileContext("m.py", code, tree, cpu, module="m", walk=walk)
    assert again.walk is walk and again.parents is walk.parents and again.calls == first.calls
    assert FileContext("n.py", code, tree, cpu, module="n", walk=walk).walk is not walk, "qualified names differ"
    other_visitors = FileContext("m.py", code, tree, cpu, module="m", walk=walk)
    run_visitors(other_visitors, [_CallCounter])
    assert other_visitors.walk is not walk and _CallCounter.seen == 1, "walked again for the nodes they visit"
    assert walk.parents == other_visitors.parents


class _CallCounter(SourceVisitor):
    rule_class = None
    seen = 0

    def visit_Call(self, node):
        type(self).seen += 1


def test_a_closed_file_and_its_walk_are_freed_without_the_cyclic_collector():
    """(The walk may be kept with the tree for a later round: it must not point back at the file.)"""
    code = "import tensorflow as tf\nk = 3\ndef f(x):\n    y = tf.pad(x, [[k, k]])\n    return tf.nn.conv1d(y, w, 1, 'VALID')\n"
    gc.disable()
    try:
        context = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"))
        run_visitors(context, visitors_for(all_rules()))
        (read,) = context.name_loads["y"]
        assert context.binding(read).value is not None and context._scopes, "a scope index was built"
        context.close()
        freed_file, freed_walk = weakref.ref(context), weakref.ref(context.walk)
        del context
        assert freed_file() is None and freed_walk() is None
    finally:
        gc.enable()


def test_memoised_questions_answer_as_computed_and_again_once_the_file_is_closed():
    """`binding`, `scope_of` and `enclosing_class` are memoised per node while the file is linted: the
    memo gives what the computation gives, on real code; a closed file (a report judged after its lint,
    as a pad report's judge of what callers pass) still answers them, computing them again."""
    checked = 0
    for _, context in walked_stdlib(40):
        for reads in context.name_loads.values():
            for read in reads:
                assert context.binding(read) is context._binding(read)
                assert context.binding(read) is context.binding(read)
                assert context.scope_of(read) is context._scope_of(read)
                assert context.enclosing_class(read) is context._enclosing_class(read)
                checked += 1
    assert checked > 1000
    code = "class A:\n    def f(self, x):\n        y = x + 1\n        return y\n"
    context = FileContext("m.py", code, ast.parse(code), targets.load("cpu"))
    run_visitors(context, [])
    (read,) = context.name_loads["y"]
    bound, scope, owner = context.binding(read), context.scope_of(read), context.enclosing_class(read)
    assert bound.stmt is not None and scope.name == "f" and owner.name == "A"
    context.close()
    assert not context._bindings and context._bindings.compute is None, "the memo holds nothing, nor the file"
    assert context.binding(read) == bound and context.scope_of(read) is scope and context.enclosing_class(read) is owner
