"""`walk_nodes` is `list(ast.walk(node))`: the same nodes in the same order, for every kind of node; `own_nodes`
walks a function's own body as the mixed-precision rule's `ast.iter_child_nodes` walk did, without the singletons."""

import ast

from tfperf.source.treewalk import own_nodes, walk_nodes

_SOURCE = '''
import tensorflow as tf
from .base import *

@tf.function(jit_compile=True)
async def step(x, /, y=1, *args, z=None, w, **kw):
    global counter
    a, (b, *c) = x[1:2, ::3], {**kw, "k": [i for i in range(3) if i]}
    a += lambda q=1, *, r: q + r
    async with tf.GradientTape() as tape, other():
        async for item in stream:
            yield (yield from gen()) if item else await item
    match y:
        case [1, *rest] | {"k": v, **others} if rest:
            pass
        case Point(x=0, y=yy) as p:
            pass
    try:
        f"{x!r:>{width}}"
    except* ValueError as e:
        raise ValueError from e
    finally:
        del a[0], b.c
    return not -x @ y if (n := len(x)) else {s async for s in t}, {1: 2}, {1}

class Layer(tf.keras.layers.Layer, metaclass=Meta):
    kernel: tf.Tensor = None
    def call(self, inputs):
        while inputs: assert inputs, "empty"
        return super().call(inputs) < 3 <= 4
'''


def test_same_nodes_in_the_same_order_as_ast_walk():
    tree = ast.parse(_SOURCE)
    for node in ast.walk(tree):  # every node as a root, the whole module first
        assert walk_nodes(node) == list(ast.walk(node))


def test_a_leaf_is_its_own_walk():
    name = ast.Name("x", ast.Load())
    assert walk_nodes(name) == [name, name.ctx]


def _own_nodes_reference(function):
    """`own_nodes` as it was written with `ast.iter_child_nodes`, the singletons it now leaves out included."""
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
    todo = list(function.body)
    while todo:
        node = todo.pop()
        yield node
        todo.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, definitions))


_SINGLETONS = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def test_own_nodes_are_the_reference_walk_without_its_singletons_in_the_same_order():
    tree = ast.parse(_SOURCE)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    assert len(functions) == 3
    for function in [tree, *functions]:  # (a module has a body too)
        expected = [n for n in _own_nodes_reference(function) if not isinstance(n, _SINGLETONS)]
        assert list(own_nodes(function)) == expected


_NESTED = '''
def outer(x):
    y = helper(x) + 1
    inner = lambda z: called_in_lambda(z)
    def nested(a):
        called_in_nested(a)
        def deeper():
            called_in_deeper()
        return (lambda: called_in_nested_lambda())
    class Local:
        def method(self):
            called_in_method()
    return [step(v) for v in y] if y < 2 else not y
'''


def test_own_nodes_leave_out_definitions_below_the_bodys_statements():
    outer = ast.parse(_NESTED).body[0]
    called = {n.func.id for n in own_nodes(outer) if type(n) is ast.Call}
    # a def or class that is a statement of the body is walked as one of its statements (as before); a lambda,
    # and a def or class below those statements, is not
    assert called == {"helper", "called_in_nested", "step"}
    kinds = {type(n) for n in own_nodes(outer)}
    assert not kinds & {ast.Load, ast.Store, ast.Add, ast.Lt, ast.Not}  # the singletons
    assert ast.Lambda not in kinds


def test_own_nodes_is_lazy():
    function = ast.parse(_NESTED).body[0]
    walk = own_nodes(function)
    first = next(walk)
    assert first is function.body[-1]  # the last statement first, before any child is walked
