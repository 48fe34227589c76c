"""Import resolution and the small data flow the source rules rely on."""

from __future__ import annotations

import ast

from tfperf.source.names import ImportMap, canonical
from tfperf.source.scopes import ScopeIndex, start


def test_canonical_names():
    assert canonical("tensorflow.compat.v1.pad") == "tensorflow.pad"
    assert canonical("tensorflow.keras.layers.Conv2D") == "keras.layers.Conv2D"
    assert canonical("tensorflow.compat.v1.keras.layers.Conv2D") == "keras.layers.Conv2D"
    assert canonical("tf_keras.layers.Conv2D") == "keras.layers.Conv2D"
    assert canonical("kerasx.layers") == "kerasx.layers"
    # TensorFlow 1's homes of Keras and the Estimator, which the installed TensorFlow (and so the table) lacks
    assert canonical("tensorflow.python.keras._impl.keras.regularizers.L1L2") == "keras.regularizers.L1L2"
    assert canonical("tensorflow.contrib.keras.python.keras.layers.Conv2D") == "keras.layers.Conv2D"
    assert canonical("tensorflow.contrib.keras.layers.Conv2D") == "keras.layers.Conv2D"
    assert canonical("tensorflow.python.estimator.estimator.Estimator") == \
        "tensorflow_estimator.python.estimator.estimator.Estimator"


def test_import_aliases():
    imports = ImportMap()
    for stmt in ast.parse("import tensorflow as tf\nimport tensorflow.compat.v1 as v1\nfrom tensorflow import keras\n"
                          "from tensorflow.keras import layers as L\nimport numpy\nfrom . import tf as local\n").body:
        imports.add(stmt)

    def q(text):
        return imports.qualified(ast.parse(text, mode="eval").body)

    assert q("tf.nn.conv2d") == "tensorflow.nn.conv2d"
    assert q("v1.pad") == "tensorflow.pad"
    assert imports.raw(ast.parse("v1.pad", mode="eval").body) == "tensorflow.compat.v1.pad"
    assert q("keras.layers.Conv2D") == q("L.Conv2D") == "keras.layers.Conv2D"
    assert q("local.pad") is None and q("unknown.pad") is None and q("f().pad") is None
    assert imports.alias_for("tensorflow.data") == "tf.data"


def test_bindings_follow_source_order():
    tree = ast.parse("def f(x):\n    a = 1\n    a = g(a)\n    b, c = 2, 3\n    for d in a:\n        pass\n"
                     "    with h() as (e, k):\n        if (w := 5):\n            pass\n    return a + b\n")
    func = tree.body[0]
    index = ScopeIndex(func, walrus=True)
    ret = func.body[-1].value
    bound = index.reaching("a", start(ret.left))
    assert ast.unparse(bound.value) == "g(a)"
    assert ast.unparse(index.reaching("a", (3, 10)).value) == "1", "the read inside `a = g(a)` sees the old a"
    assert ast.unparse(index.reaching("b", start(ret.right)).value) == "2"
    assert {"x", "d", "e", "k", "w"} <= set(index.bindings)
    assert index.only_binding("b") is not None and index.only_binding("a") is None
    assert [n.lineno for n in index.loads["a"]] == [3, 5, 10]


def test_every_statement_that_binds_is_found_in_every_block_and_nested_scopes_are_left_out():
    code = """\
def f(p, *args, q=1, **kw):
    import os.path as osp, sys
    from m import a as b, c
    d: int = 1
    e: int
    d += 1
    del e
    global g
    nonlocal_ = 0
    try:
        h = 1
    except ValueError as err:
        i = 2
    except KeyError:
        pass
    else:
        j = 3
    finally:
        k = 4
    while p:
        l1 = 5
    else:
        l2 = 6
    if p:
        for m1, (m2, m3) in p:
            pass
        else:
            async_ = 7
    elif q:
        with open(p) as n1, open(q) as (n2, n3):
            pass
    match p:
        case [o1, *o2]:
            o3 = 8
        case {"k": o4, **o5}:
            pass
    x1, [x2, *x3] = p
    y1 = y2 = 9
    def inner(z):
        shadow = 1
    class Inner:
        attr = 1
    lam = lambda w: w
    [comp for comp in p]
"""
    index = ScopeIndex(ast.parse(code).body[0], walrus=False)
    found = {name: [(b.pos, type(b.stmt).__name__ if b.stmt is not None else None) for b in bindings]
             for name, bindings in index.bindings.items()}
    assert found == {
        "p": [((1, 0), None)], "q": [((1, 0), None)], "args": [((1, 0), None)], "kw": [((1, 0), None)],
        "osp": [((2, 30), "Import")], "sys": [((2, 30), "Import")],
        "b": [((3, 27), "ImportFrom")], "c": [((3, 27), "ImportFrom")],
        "d": [((4, 14), "AnnAssign"), ((6, 10), None)], "e": [((5, 10), "AnnAssign"), ((7, 9), None)],
        "nonlocal_": [((9, 17), "Assign")], "h": [((11, 13), "Assign")], "err": [((12, 4), "ExceptHandler")],
        "i": [((13, 13), "Assign")], "j": [((17, 13), "Assign")], "k": [((19, 13), "Assign")],
        "l1": [((21, 14), "Assign")], "l2": [((23, 14), "Assign")],
        "m1": [((25, 29), "For")], "m2": [((25, 29), "For")], "m3": [((25, 29), "For")],
        "async_": [((28, 22), "Assign")],
        "n1": [((30, 20), "With")], "n2": [((30, 35), "With")], "n3": [((30, 35), "With")],
        "o1": [((33, 22), "match_case")], "o2": [((33, 22), "match_case")], "o3": [((34, 18), "Assign")],
        "o4": [((35, 28), "match_case")],  # (a mapping pattern's `**rest` is not looked at)
        "x1": [((37, 21), "Assign")], "x2": [((37, 21), "Assign")], "x3": [((37, 21), "Assign")],
        "y1": [((38, 15), "Assign")], "y2": [((38, 15), "Assign")],
        "inner": [((40, 18), "FunctionDef")], "Inner": [((42, 16), "ClassDef")], "lam": [((43, 21), "Assign")],
    }
    assert index.dynamic == {"g"}
    assert index.bindings["d"][0].value.value == 1 and index.bindings["x2"][0].value is None



def _reaching_of_reads(code: str, name: str) -> list[list[str | None]]:
    """What `FileContext.reaching_bindings` gives for each read of `name`, in source order (the values' text)."""
    from tfperf import targets
    from tfperf.source.visitor import FileContext, run_visitors

    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])  # the walk: parents, scopes, imports
    reads = sorted((n for n in ast.walk(file.tree) if type(n) is ast.Name and n.id == name and
                    type(n.ctx) is ast.Load), key=start)
    return [[None if b.value is None else ast.unparse(b.value) for b in file.reaching_bindings(n)] for n in reads]


def test_a_read_in_one_branch_of_an_if_is_not_reached_from_the_other():
    code = ("def f(a, x):\n    x = g(x)\n    if a:\n        x = h(x)\n    elif a > 1:\n        y = x\n"
            "    else:\n        y = x\n    return x\n")
    # (the parameter; `x = h(x)` reads g(x); the elif and the else read g(x) only, not h(x); after the `if`, both)
    assert _reaching_of_reads(code, "x") == [[None], ["g(x)"], ["g(x)"], ["g(x)"], ["h(x)", "g(x)"]]


def test_a_binding_the_same_block_binds_again_does_not_reach_past_it():
    # (lingvo's attention: `x = expand_dims(x, 1)`, `x = update(x)`, `x = squeeze(x, 1)` in one branch: after the
    # `if`, only the squeeze, or the parameter; a jump between two bindings lets the first through)
    code = ("def f(x, a):\n    if a:\n        x = expand(x)\n        x = update(x)\n        x = squeeze(x)\n"
            "    return x\n")
    assert _reaching_of_reads(code, "x")[-1] == ["squeeze(x)", None]
    code = ("def f(xs):\n    for x in xs:\n        y = g(x)\n        if x:\n            continue\n        y = h(x)\n"
            "    return y\n")
    assert _reaching_of_reads(code, "y")[-1] == ["h(x)", "g(x)"]
    for body in ("y = g(a)\n        y = h(y)", "if a:\n            y = g(a)\n            y = h(y)"):
        code = f"def f(a):\n    y = 0\n    try:\n        {body}\n    except ValueError:\n        pass\n    return y\n"
        assert _reaching_of_reads(code, "y")[-1][:2] == ["h(y)", "g(a)"]  # (h may raise: the handler sees g's)


def test_in_a_loop_the_other_branch_of_an_earlier_pass_reaches_the_read():
    code = "def f(n):\n    for i in range(n):\n        if i == 0:\n            x = start()\n        else:\n            x = x + 1\n"
    assert _reaching_of_reads(code, "x") == [["start()"]]


def test_a_shape_read_in_one_branch_is_not_taken_from_the_other():
    """A name read in an `elif` has the value it had before the `if`, not the other branch's (tf-keras's
    `_log_weight_as_image`: the bias branch's [1, n, 1, 1] reshape made the kernel branch's transpose look like a
    move of size-1 axes only)."""
    from tfperf.source import lint_text

    code = ("import tensorflow as tf\n\n\ndef f(x, shape):\n    y = tf.squeeze(x)\n    if len(shape) == 1:\n"
            "        y = tf.reshape(y, [1, 4, 1, 1])\n    elif len(shape) == 2:\n        y = tf.transpose(y)\n"
            "    return y\n")
    found = [(f.code, f.source.line, f.severity.value)
             for f in lint_text(code, "m.py", target="gaudi2", select=["TFP101"])]
    assert found == [("TFP101", 9, "warning")], "a 2-D transpose, not the other branch's [1, 4, 1, 1]"
