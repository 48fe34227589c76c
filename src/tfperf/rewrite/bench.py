"""Measure on the machine at hand: step times (interleaved, median and spread) and what
TensorFlow's own Grappler pipeline already removes from the graph."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from tfperf.rewrite.freeze import Frozen


@dataclass(frozen=True)
class Timing:
    median: float  # seconds per call
    p10: float
    p90: float
    calls: int
    samples: tuple[float, ...] = field(default=(), compare=False, repr=False)  # seconds per call, in order

    @property
    def spread(self) -> float:
        """The p10..p90 range relative to the median (0.04 = +-2%)."""
        return (self.p90 - self.p10) / self.median if self.median else 0.0


def time_interleaved(calls: dict[str, Callable[[], Any]], repeats: int = 30, warmup: int = 3) -> dict[str, Timing]:
    """Time each zero-argument callable `repeats` times, one call of each in turn (the order
    alternating every round) so that drifts in clock speed or load hit all of them alike."""
    names = list(calls)
    for _ in range(warmup):
        for name in names:
            _finish(calls[name]())
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(repeats):
        for name in names if i % 2 == 0 else reversed(names):
            start = time.perf_counter()
            _finish(calls[name]())
            samples[name].append(time.perf_counter() - start)
    return {name: Timing(float(np.median(s)), float(np.percentile(s, 10)), float(np.percentile(s, 90)), len(s),
                         tuple(s)) for name, s in samples.items()}


def ratio_band(numerator: Timing, denominator: Timing) -> tuple[float, float, float]:
    """(p10, median, p90) of the per-round ratios numerator / denominator of two interleaved timings:
    for a no-op control, how far a ratio strays from 1 by noise alone."""
    ratios = np.array(numerator.samples) / np.array(denominator.samples)
    return tuple(float(np.percentile(ratios, q)) for q in (10, 50, 90))


def _finish(outputs: Any) -> None:
    """Wait for the results (the host copy is part of every variant's time alike)."""
    import tensorflow as tf

    for t in tf.nest.flatten(outputs, expand_composites=True):
        t.numpy()


def grappler(frozen: Frozen, turn_on: Sequence[str] = ()) -> Any:
    """The GraphDef TensorFlow's default Grappler pipeline makes of `frozen` on this machine, with the
    RewriterConfig passes named in `turn_on` switched on too (e.g. auto_mixed_precision_onednn_bfloat16)."""
    from tensorflow.core.protobuf import config_pb2, meta_graph_pb2, rewriter_config_pb2
    from tensorflow.python.grappler import tf_optimizer

    meta = meta_graph_pb2.MetaGraphDef()
    meta.graph_def.CopyFrom(frozen.graph_def)
    fetches = meta_graph_pb2.CollectionDef()
    fetches.node_list.value.extend(sorted({t.split(":")[0] for t in frozen.outputs}))
    meta.collection_def["train_op"].CopyFrom(fetches)
    config = config_pb2.ConfigProto()
    config.graph_options.rewrite_options.min_graph_nodes = -1  # small graphs too, as functions get
    for name in turn_on:
        setattr(config.graph_options.rewrite_options, name, rewriter_config_pb2.RewriterConfig.ON)
    return tf_optimizer.OptimizeGraph(config, meta)

