"""The TFP5xx rules: ops that fall back to the host (501), an Estimator on an HPU (502)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from tfperf.findings import Cost, Finding, Fix, GuideSection, Safety, Severity
from tfperf.rules.base import CheckContext, Rule, removing_located
from tfperf.rules.placement import examples, source_doc
from tfperf.rules.placement.source import REMEDY, EstimatorSource, PythonCallbackSource

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.ir import Graph
    from tfperf.placement import HostGroup, Placement

GET_NEXT = ("IteratorGetNext", "IteratorGetNextSync", "IteratorGetNextAsOptional")
GLOBAL_STEP = "global_step"  # every Estimator creates it (training_util.get_or_create_global_step)


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
    invalid = examples.HOST_INVALID
    valid = examples.HOST_VALID
    needs = frozenset({"placement"})  # analyze works out where each op runs
    Source = PythonCallbackSource
    source_doc = source_doc.TFP501

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.placement import host_groups, parse_ops

        placement = ctx.placement
        if placement is None:
            return  # analyze gives a placement to every rule that needs one; none was worked out
        for group in host_groups(graph, placement, parse_ops(ctx.option("allow_host", ()))):
            if not group.allowed:
                # a host op whose neighbours are on the host too stalls nothing by itself (e.g. an
                # optimizer's int64 step counter): still worth knowing, not worth a warning
                quiet = Severity.INFO if not group.crossings else None
                yield self.finding(_message(group, placement), group.nodes[0], ctx, related=group.nodes[1:],
                                   cost=group.cost(ctx.target), fix=Fix(Safety.ADVISORY, group.reason.remedy),
                                   severity=quiet)

    def step_change(self, finding: Finding, graph: Graph, ctx: CheckContext):
        """The host ops and their host<->device copies leave the step (into the input pipeline, or
        replaced by device ops), when the step model runs them on the host too."""
        from tfperf.cost.engines import HOST_LANE
        from tfperf.cost.whatif import Change

        change = removing_located(finding, graph, None, gradients=False,
                                  note="its host ops and their host<->device copies removed")
        lanes = {c.lane for c in ctx.estimate.costs if (c.node.function, c.node.name) in change.removed}
        if lanes != {HOST_LANE}:
            return Change(unknown="the step model runs these ops on the device (it does not read placement "
                                  "yet), so it cannot price their fallback")
        return change


def _message(group: HostGroup, placement: Placement) -> str:
    count = len(group.nodes)
    what = group.op if count == 1 else f"{count} {group.op} ops"
    crossing = len(group.crossings)
    moves = (f"{crossing} tensor{'s' if crossing != 1 else ''} cross{'es' if crossing == 1 else ''} "
             f"{placement.boundary} per step" if crossing else "no tensor crosses (its neighbours are there too)")
    return f"{what} {placement.outside} ({placement.source}): {group.reason.text}; {moves}"


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
    invalid = examples.ESTIMATOR_INVALID
    valid = examples.ESTIMATOR_VALID
    Source = EstimatorSource
    source_doc = source_doc.TFP502

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        from tfperf.placement import device_type

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
