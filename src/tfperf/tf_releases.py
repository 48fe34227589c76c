"""Which TensorFlow release does what by default, as its documentation says: read by the captured
pipeline's options (`pipeline_ir.PipelineOptions.defaults`) and by the source face of the TFP40x
rules, which knows the release the code runs on (`config.TensorFlow`). Imports nothing, so that
source linting stays lean.

Since which release tf.data's default options do what the rules must know, from each release's
`tf.data.experimental.OptimizationOptions` page ("If None, defaults to ..."). Where a release's page
was not found, the first later one that was is taken: the option counts as off before it, and the
rules then warn as they would without it.
"""

from __future__ import annotations

import itertools

# map followed by batch -> one asynchronous MapAndBatch (r1.14 docs: "defaults to True")
MAP_AND_BATCH_FUSION_SINCE = (1, 14)
# a stateless map without num_parallel_calls runs in parallel (r1.14 docs: "defaults to False";
# r2.7, r2.8, r2.9 ... r2.21 docs: "defaults to True")
MAP_PARALLELIZATION_SINCE = (2, 7)
# a prefetch appended after a synchronous last stage (option new in r2.10, "defaults to False";
# r2.12, r2.13 ... r2.21 docs: "defaults to True"; r2.11's page was not found)
INJECT_PREFETCH_SINCE = (2, 12)
# tf.keras.mixed_precision.experimental (set_policy, Policy) removed (r2.9 release notes: "The
# tf.keras.mixed_precision.experimental API has been removed"; its non-experimental symbols since 2.4)
KERAS_MIXED_PRECISION_EXPERIMENTAL_REMOVED = (2, 9)
# the oldest TensorFlow Habana's Gaudi software supports: what a run that knows no version assumes
ASSUMED_RELEASE = (2, 12)


def release(version: str) -> tuple[int, int] | None:
    """(major, minor) of a TensorFlow version string ("2.21.0", "2.15", "2.16.0rc1"); None if it is not one."""
    parts = version.strip().split(".")
    if len(parts) < 2 or not parts[0].isdigit():
        return None
    minor = "".join(itertools.takewhile(str.isdigit, parts[1]))
    return (int(parts[0]), int(minor)) if minor else None
