"""Guide section "Place Ops in HPU" (TFP5xx), and the guide's note on Estimator.

TFP501 (an op with no kernel on the target, falling back to the host) needs the op graph and is
not detected from source; where ops run is worked out by `tfperf.placement`. TFP502 is detected
in both: a `tf.estimator.Estimator` on Habana hardware should be a
`habana_frameworks.tensorflow.habana_estimator` so that its input pipeline is placed on the HPU.
"""

from __future__ import annotations

import ast
from typing import Iterator

from tfperf.findings import CheckContext, Cost, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.ir import Graph
from tfperf.placement import HostGroup, Placement, device_type, host_groups, parse_ops, placement_of
from tfperf.source.visitor import SourceVisitor

ESTIMATORS = {"tensorflow.estimator.Estimator", "tensorflow_estimator.estimator.Estimator",
              "tensorflow_estimator.python.estimator.estimator.Estimator"}
REMEDY = "use habana_frameworks.tensorflow.habana_estimator (the guide's note) instead of tf.estimator.Estimator"
GET_NEXT = ("IteratorGetNext", "IteratorGetNextSync", "IteratorGetNextAsOptional")
GLOBAL_STEP = "global_step"  # every Estimator creates it (training_util.get_or_create_global_step)


def _callback_model(op: str, mark: str = "") -> str:
    return f"""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(x * 2.0)
    h = {op}(lambda t: t + 1.0, [h], tf.float32){mark}
    return tf.reduce_sum(h * 3.0)
"""


@register
class HostFallback(Rule):
    """An op the target has no kernel for runs on the host, and its tensors cross host<->device.

    The guide's "Place Ops in HPU": an op the accelerator cannot run falls back to the CPU, and every
    tensor between host and device is a copy that stalls the device, every step. Each such op is
    reported, grouped by op type and source line, with the tensors that cross (count and bytes per
    step, priced on the target's host link). Where ops run comes from the best source available:

    - the devices the graph carries: a placement dump (Habana's `habana_POST_PLACEMENT_*.pbtxt`,
      TensorFlow's `TF_DUMP_GRAPH_PREFIX` dumps) or `tfperf placement --run` on this machine;
    - the installed TensorFlow's kernel registry for the target's device type: HPU with Habana's
      plugin, GPU on a CUDA build (a CPU-only build has neither, and tfperf says so);
    - XLA compilability, with `tfperf placement --xla`;
    - tfperf's op list for the target kind: the dtypes the device lacks (int64, float64 and strings
      on Gaudi), used only when nothing better exists.

    Python callbacks (`tf.py_function`, `tf.numpy_function`) always run on the host. Op types named
    by `--allow-host` or `[tool.tfperf] allow-host` are not reported, which makes this a CI gate.
    """

    code = "TFP501"
    name = "host-fallback"
    section = GuideSection.PLACEMENT
    summary = "Op the target has no kernel for runs on the host; its tensors cross host<->device every step"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(note="a py_function between device ops", code=_callback_model("tf.py_function", "  # expect: TFP501")),
        Example(note="a numpy_function, on a GPU target", target="a100",
                code=_callback_model("tf.numpy_function", "  # expect: TFP501")),
        Example(note="string ops between device ops: both run on the host", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    text = tf.strings.as_string(tf.nn.relu(x), precision=3)  # expect: TFP501
    return tf.strings.to_number(text) * 2.0  # expect: TFP501
"""),
        Example(note="int64 on Gaudi: argmax's default output type, and the cast that reads it", target="gaudi",
                code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    ids = tf.argmax(x, axis=1)  # expect: TFP501
    return tf.cast(ids, tf.float32) * 2.0  # expect: TFP501
"""),
    )
    invalid += (
        Example(note="a tf.device pin to the CPU around device work", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    with tf.device("/cpu:0"):
        h = tf.matmul(x, x, transpose_b=True)  # expect: TFP501
    return tf.nn.relu(h)
"""),
    )
    valid = (
        Example(note="the input pipeline runs on the host by design (TFP4xx judge its hand-over)", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.from_tensors(tf.zeros([8, 16])).repeat()
dataset = dataset.map(lambda x: tf.strings.to_number(tf.strings.as_string(x)))  # string work, in tf.data

@tf.function(input_signature=[])
def model():
    with tf.device("/cpu:0"):
        batch = next(iter(dataset))
    return tf.nn.relu(batch)
"""),
        Example(note="the same step in TensorFlow ops", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(x * 2.0) + 1.0
    return tf.reduce_sum(h * 3.0)
"""),
        Example(note="argmax with an int32 output stays on the HPU", target="gaudi2", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    ids = tf.argmax(x, axis=1, output_type=tf.int32)
    return tf.cast(ids, tf.float32) * 2.0
"""),
        Example(note="on a CPU target the host is the device", target="cpu", code=_callback_model("tf.py_function")),
    )

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        placement = ctx.option("placement") or placement_of(graph, ctx.target, xla=bool(ctx.option("xla")))
        for group in host_groups(graph, placement, parse_ops(ctx.option("allow_host", ()))):
            if not group.allowed:
                # a host op whose neighbours are on the host too stalls nothing by itself (e.g. an
                # optimizer's int64 step counter): still worth knowing, not worth a warning
                quiet = Severity.INFO if not group.crossings else None
                yield self.finding(_message(group, placement), group.nodes[0], ctx, related=group.nodes[1:],
                                   cost=group.cost(ctx.target), fix=Fix(Safety.ADVISORY, group.reason.remedy),
                                   severity=quiet)


def _message(group: HostGroup, placement: Placement) -> str:
    count = len(group.nodes)
    what = group.op if count == 1 else f"{count} {group.op} ops"
    crossing = len(group.crossings)
    moves = (f"{crossing} tensor{'s' if crossing != 1 else ''} cross{'es' if crossing == 1 else ''} "
             f"{placement.boundary} per step" if crossing else "no tensor crosses (its neighbours are there too)")
    return f"{what} {placement.outside} ({placement.source}): {group.reason.text}; {moves}"


_ESTIMATOR_GRAPH = """\
import tensorflow as tf

model = tf.Graph()
with model.as_default():
    global_step = tf.compat.v1.train.get_or_create_global_step()
    with tf.device("{device}"):
        dataset = tf.data.Dataset.from_tensors(tf.zeros([32, 8])).repeat()
        features = tf.compat.v1.data.make_one_shot_iterator(dataset).get_next(){mark}
    loss = tf.reduce_mean(tf.square(features))
"""


@register
class EstimatorWithoutHabanaEstimator(Rule):
    """`tf.estimator.Estimator` (or `tf.compat.v1.estimator.Estimator`) used for an HPU target.

    The guide's note under "Use tf.data.prefetch_to_device": topologies trained with
    `tf.estimator.Estimator` should use `habana_frameworks.tensorflow.habana_estimator`. Reported
    only when the target is an HPU (Gaudi); on CPUs and GPUs the Estimator is fine.

    In source: the Estimator's construction. In a graph (the TF1 graph an Estimator builds, or a
    placement dump of its run): the Estimator's mark, a `global_step` variable, with an iterator
    `get_next` on the CPU. tf.estimator calls `input_fn` under `/cpu:0`, so every batch is copied to
    the device each step; habana_estimator makes the iterator on `/device:HPU:0` instead.
    """

    code = "TFP502"
    name = "estimator-on-hpu"
    section = GuideSection.PLACEMENT
    summary = "tf.estimator.Estimator on an HPU target: use habana_estimator"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="gaudi2", note="a TF1-style Estimator", code="""\
import tensorflow as tf

def build(model_fn, model_dir):
    return tf.compat.v1.estimator.Estimator(model_fn=model_fn, model_dir=model_dir)  # expect: TFP502
"""),
        Example(kind="source", target="gaudi", note="imported by name", code="""\
from tensorflow.estimator import Estimator

est = Estimator(model_fn=lambda features, labels, mode: None)  # expect: TFP502
"""),
    )
    invalid += (
        Example(target="gaudi2", note="graph: what tf.estimator.Estimator builds (a global step, input_fn under "
                "/cpu:0)", code=_ESTIMATOR_GRAPH.format(device="/cpu:0", mark="  # expect: TFP502")),
    )
    valid = (
        Example(target="gaudi2", note="graph: habana_estimator makes the iterator on the HPU",
                code=_ESTIMATOR_GRAPH.format(device="/device:HPU:0", mark="")),
        Example(target="a100", note="graph: an Estimator on a GPU target",
                code=_ESTIMATOR_GRAPH.format(device="/cpu:0", mark="")),
        Example(kind="source", target="a100", note="an Estimator on a GPU target", code="""\
import tensorflow as tf

est = tf.estimator.Estimator(model_fn=lambda features, labels, mode: None)
"""),
        Example(kind="source", target="gaudi2", note="a user class that happens to be called Estimator", code="""\
import tensorflow as tf
from mylib import Estimator

est = Estimator(tf.keras.Sequential())
"""),
    )

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        if ctx.target.kind != "hpu" or graph.get(GLOBAL_STEP) is None:
            return
        for node in graph.by_op(*GET_NEXT):
            if device_type(node.device) == "CPU":
                sizes = [node.output_bytes(i) for i in range(len(node.output_dtypes))]
                nbytes = None if None in sizes else sum(sizes)
                yield self.finding(
                    f"Estimator input pipeline on the host ({node.device}): every batch is copied to the "
                    f"{ctx.target.name} each step; habana_estimator makes its iterator on /device:HPU:0",
                    node, ctx, cost=Cost(bytes_moved=nbytes, seconds=ctx.target.seconds_over_host_link(nbytes),
                                         target=ctx.target.name),
                    fix=Fix(Safety.ADVISORY, REMEDY))

    class Source(SourceVisitor):
        def visit_Call(self, node: ast.Call) -> None:
            if self.target.kind == "hpu" and self.call_name(node) in ESTIMATORS:
                self.report(node, f"tf.estimator.Estimator on {self.target.name} (an HPU)",
                            fix=Fix(Safety.ADVISORY, REMEDY))
