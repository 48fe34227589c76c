"""The one walk that runs every rule: it reaches exactly the nodes `ast` has (leaf singletons such as
Load/Add aside), with the right parents, on real code (a slice of the standard library)."""

from __future__ import annotations

import ast
import glob
import sysconfig

from tfperf import targets
from tfperf.source import lint_text
from tfperf.source.visitor import FileContext, run_visitors

LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def test_parents_match_ast_on_the_standard_library():
    paths = sorted(glob.glob(sysconfig.get_paths()["stdlib"] + "/*.py"))[:120]
    assert len(paths) > 50
    for path in paths:
        text = open(path, encoding="utf-8").read()
        tree = ast.parse(text)
        context = FileContext(path, text, tree, targets.load("cpu"))
        run_visitors(context, [])
        expected = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
                    if not isinstance(child, LEAVES)}
        expected[tree] = None
        assert context.parents == expected, path


def test_max_pool_pad_as_wide_as_the_window_is_not_folded():
    code = ("import tensorflow as tf\ndef f(x):\n"
            "    return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), [[0, 0], [2, 2], [2, 2], [0, 0]]), 2, 1, 'VALID')\n")
    (finding,) = lint_text(code, select=["TFP201"])
    assert finding.fix.edits == () and "windows of padding only" in finding.message
