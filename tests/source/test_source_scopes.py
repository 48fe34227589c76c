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
