"""The walks the value analyses share are made once per scope (or per file) and read by key: they must give, for
every key, what a walk of the scope for that key alone gives, in `ast.walk`'s order (the worklists that read them
depend on the order: which evidence is found first)."""

from __future__ import annotations

import ast
import textwrap

from tfperf import targets
from tfperf.source import context as source_context
from tfperf.source.batchdata import _calls_in_file
from tfperf.source.batchfree import augmented_values
from tfperf.source.visitor import FileContext

CODE = textwrap.dedent("""\
    import tensorflow as tf
    from tensorflow import keras


    class Block(keras.layers.Layer):
        def build(self, shape):
            self.scale = self.make(shape)
            n = 1
            n *= shape[-1]
            n += self.make(n)

            def inner(k):
                k *= 2
                return self.make(k) + self.call(k)

            return inner(n)

        def make(self, size):
            size -= 1
            return self.add_weight("w", [size])

        def call(self, x):
            class Nested:
                def call(self, y):
                    return self.make(y)

            x *= self.scale
            return self.make(x) + Nested().call(x)


    def model_fn(x, y):
        total = 0
        for v in (x, y):
            total += v
        inputs = keras.Input((4,))
        head = keras.layers.Dense(2)(inputs)
        predictor = keras.Model(inputs, head)
        outputs = predictor.predict(x)
        print(predictor.summary(), predictor.inputs)
        trained = keras.Model(inputs, head)
        trained.fit(x, y)
        return outputs, total
    """)


def _file() -> FileContext:
    from tfperf.source.visitor import _walk

    file = FileContext("pkg/block.py", CODE, ast.parse(CODE), targets.load("gaudi2"))
    _walk(file, frozenset())
    return file


def _scopes(tree: ast.Module) -> list[ast.AST]:
    return [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda)))]


def test_a_methods_calls_on_self_are_those_a_walk_of_its_class_finds_in_its_order():
    file = _file()
    methods = [n for n in ast.walk(file.tree) if type(n) is ast.FunctionDef and type(file.parent(n)) is ast.ClassDef]
    assert {m.name for m in methods} == {"build", "make", "call"}
    for method in methods:
        owner = file.parent(method)
        expected = [n for n in ast.walk(owner) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                    and n.func.attr == method.name and isinstance(n.func.value, ast.Name) and n.func.value.id == "self"]
        assert _calls_in_file(file, method) == expected
    make = next(m for m in methods if m.name == "make" and m in file.parent(m).body)
    # build's two, inner's, call's, and the nested class's (the class's whole walk, as before: nested scopes count)
    assert [c.lineno for c in _calls_in_file(file, make)] == [7, 10, 28, 14, 25]  # (breadth first)


def test_the_augmented_assignments_of_a_name_are_those_a_walk_of_its_scope_finds_in_its_order():
    file = _file()
    names = {n.target.id for n in ast.walk(file.tree) if type(n) is ast.AugAssign}
    assert names == {"n", "k", "size", "x", "total"}
    for scope in _scopes(file.tree):
        for name in names | {"shape"}:
            expected = [n.value for n in ast.walk(scope) if isinstance(n, ast.AugAssign)
                        and isinstance(n.target, ast.Name) and n.target.id == name]
            assert augmented_values(file, scope, name) == expected
    build = next(n for n in ast.walk(file.tree) if type(n) is ast.FunctionDef and n.name == "build")
    assert [ast.unparse(v) for v in augmented_values(file, build, "n")] == ["shape[-1]", "self.make(n)"]
    assert [ast.unparse(v) for v in augmented_values(file, build, "k")] == ["2"]  # (inner's, in build's walk)


def test_the_reads_a_predicted_model_is_judged_by_are_those_a_walk_finds():
    file = _file()
    walks = source_context._Walks(file.tree)
    for scope in _scopes(file.tree):
        assert walks.nodes(scope) == list(ast.walk(scope))
        for name in ("predictor", "trained", "inputs", "x", "absent"):
            assert walks.reads(scope, name) == [n for n in ast.walk(scope) if type(n) is ast.Name
                                                and n.id == name and type(n.ctx) is ast.Load]
    for attr in ("scale", "make", "absent"):
        assert walks.attribute_reads(attr) == [n for n in ast.walk(file.tree) if type(n) is ast.Attribute
                                               and n.attr == attr and type(n.ctx) is ast.Load]


def test_a_model_only_predicted_with_is_inference_and_one_fit_is_not():
    file = _file()
    found = source_context.predict_only_statements(file.tree, file.calls, file.parents, file.call_name)
    lines = sorted(getattr(s, "lineno", 0) for s in found)
    text = CODE.splitlines()
    assert [text[line - 1].strip() for line in lines] == ["predictor = keras.Model(inputs, head)"]
