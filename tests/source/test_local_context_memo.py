"""`FileContext.local_context` looks at each step up the tree once for all the nodes below it: it
must say, for every node, what the walk up from that node alone (`_context` without the project) says,
in whatever order the nodes are asked about."""

from __future__ import annotations

import ast
import random
import textwrap

from tfperf import targets
from tfperf.source.visitor import FileContext

CODE = textwrap.dedent("""\
    import tensorflow as tf
    from tensorflow import keras

    channels_last = keras.backend.image_data_format() == "channels_last"


    def block(x, training):
        if training:
            y = tf.transpose(x, [0, 3, 1, 2])
        else:
            y = tf.nn.relu(x)
        if not channels_last:
            y = tf.transpose(y, [0, 2, 3, 1])
        with tf.device("/CPU:0"):
            z = tf.reduce_sum(y, axis=-1)
        return z if channels_last else tf.transpose(z, [0, 2, 1])


    def evaluate(model, x):
        return model(tf.transpose(x, [0, 3, 1, 2]), training=False)


    class Model(keras.Model):
        def call(self, x, mode=None):
            if mode == tf.estimator.ModeKeys.PREDICT:
                return tf.transpose(x, [0, 2, 1])
            return [tf.reshape(v, [-1]) for v in (x, x)]


    def test_block():
        assert block(tf.zeros([1, 2, 3, 4]), True) is not None
    """)


def _file(path: str) -> FileContext:
    from tfperf.source.visitor import _walk

    file = FileContext(path, CODE, ast.parse(CODE), targets.load("gaudi2"))
    _walk(file, frozenset())
    return file


def _nodes(file: FileContext) -> list[ast.AST]:
    return [node for node in ast.walk(file.tree) if hasattr(node, "lineno")]  # (not the Load/Store singletons)


def test_local_context_is_the_walk_up_from_each_node_in_any_order():
    for path, kinds in (("pkg/layers.py", {None, "eval", "cpu", "channels_first", "inference", "test"}),
                        ("tests/test_layers.py", {"test", "eval", "cpu", "inference"})):
        file = _file(path)
        expected = [file._context(node, project=False) for node in _nodes(file)]
        assert set(expected) == kinds
        for seed in range(5):
            file = _file(path)
            nodes = list(enumerate(_nodes(file)))
            random.Random(seed).shuffle(nodes)
            got = dict((i, file.local_context(node)) for i, node in nodes)
            assert [got[i] for i in range(len(expected))] == expected
