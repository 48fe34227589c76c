"""`walk_nodes` is `list(ast.walk(node))`: the same nodes in the same order, for every kind of node."""

import ast

from tfperf.source.treewalk import walk_nodes

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
