"""TFP601's price: the roofline of the sum it reports, on the target's own per-dtype engine peaks."""

from __future__ import annotations

import tensorflow as tf

from tfperf.analyze import check_graph
from tfperf.capture import from_function
from tfperf.targets import load


def test_float32_sum_is_priced_with_the_fp32_peak_and_never_below_its_bytes():
    """Issue 13: gaudi2 lists only bf16 peaks at the device level, so an fp32 sum had no price; and the
    price counted compute only, 9x under the time its input takes to read."""

    @tf.function(input_signature=[tf.TensorSpec([32, 8732, 81], tf.float32)])
    def ssd_denominator(logits):  # the guide's SSD loss: 8732 boxes, 81 classes
        return tf.reduce_sum(tf.exp(logits), axis=-1)

    gaudi2 = load("gaudi2")
    [finding] = check_graph(from_function(ssd_denominator), gaudi2, select=["TFP601"])
    nbytes = 32 * 8732 * 81 * 4
    assert finding.cost.bytes_moved == nbytes
    tpc_fp32 = gaudi2.engine_for("vector").peak("vector", "float32")
    assert finding.cost.seconds == max(nbytes / gaudi2.memory_bandwidth, 32 * 8732 * 81 / tpc_fp32)
    assert finding.cost.seconds >= nbytes / gaudi2.memory_bandwidth
