"""Builds the two files examples/ ships for the README's `--saved-model` and `--graph` lines:

    examples/export/                   a SavedModel: the guide's tf.pad before a VALID conv (TFP201),
                                       saved with its debug info, so findings point at this file
    examples/placement_dump.pbtxt      a GraphDef whose nodes carry devices, in the form of Habana's
                                       placement dump (HBN_TF_GRAPH_DUMP=2): guide_placement.py's
                                       `not_recommended`, with the ops that have no HPU kernel on the CPU

The dump is made here, not on a Gaudi: its devices are the ones tfperf predicts for Gaudi 2
(`tfperf placement --model examples/guide_placement.py:not_recommended`). Run from the repository's
top:  python examples/build_artifacts.py
"""

import os
import sys

import tensorflow as tf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXPORT = os.path.join(HERE, "export")
DUMP = os.path.join(HERE, "placement_dump.pbtxt")
HPU = "/job:localhost/replica:0/task:0/device:HPU:0"
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


class PadThenConv(tf.Module):
    """The guide's "not recommended" tf.pad: an explicit zero pad feeding a VALID convolution."""

    def __init__(self):
        super().__init__()
        self.filters = tf.Variable(tf.random.stateless_normal([3, 3, 16, 8], seed=[1, 2]) * 0.1, name="filters")

    @tf.function(input_signature=[tf.TensorSpec([16, 128, 128, 16], tf.float32, name="input")])
    def __call__(self, x):
        padded = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.nn.conv2d(padded, self.filters, strides=1, padding="VALID")


def build_saved_model() -> None:
    module = PadThenConv()
    tf.saved_model.save(module, EXPORT, signatures={"serving_default": module.__call__},
                        options=tf.saved_model.SaveOptions(save_debug_info=True))
    _relative_debug_paths(os.path.join(EXPORT, "debug", "saved_model_debug_info.pb"))


def _relative_debug_paths(path: str) -> None:
    """The debug info records absolute file names; keep them relative to the repository, so the
    findings name examples/build_artifacts.py in any clone."""
    from tensorflow.core.framework import graph_debug_info_pb2

    info = graph_debug_info_pb2.GraphDebugInfo()
    with open(path, "rb") as stream:
        info.ParseFromString(stream.read())
    files = [os.path.relpath(f, ROOT) if f.startswith(ROOT + os.sep) else f for f in info.files]
    del info.files[:]
    info.files.extend(files)
    with open(path, "wb") as stream:
        stream.write(info.SerializeToString())


def build_placement_dump() -> None:
    sys.path.insert(0, HERE)
    from guide_placement import not_recommended

    from tfperf import targets
    from tfperf.analyze import placement_of
    from tfperf.capture.live import from_concrete_function

    concrete = not_recommended.get_concrete_function()
    placement = placement_of(from_concrete_function(concrete, "guide_placement"), targets.load("gaudi2"))
    on_host = {name for function, name in placement.host if function is None}
    graph_def = concrete.graph.as_graph_def()
    for node in graph_def.node:
        node.device = CPU if node.name in on_host else HPU
    with open(DUMP, "w", encoding="utf-8") as stream:
        stream.write("# Built by examples/build_artifacts.py: guide_placement.py's not_recommended, in the form of\n"
                     "# Habana's placement dump, with the devices tfperf predicts for Gaudi 2 (not a run on a Gaudi).\n")
        stream.write(str(graph_def))


if __name__ == "__main__":
    build_saved_model()
    build_placement_dump()
    print(f"wrote {os.path.relpath(EXPORT)}/ and {os.path.relpath(DUMP)}")
