"""Input-pipeline helpers: make a tf.data pipeline feed the device well, and measure it.

    finalize(dataset, target=None)      -> Finalized(dataset, changes): the safe fixes applied
    measure(dataset, seconds=5.0)       -> Throughput: elements/s and examples/s on this host
    profile(dataset, seconds=10.0)      -> Profile: the whole pipeline and each stage's prefix

TensorFlow is imported when these are called, not when this package is imported.
"""

from tfperf.data.finalize import Finalized, finalize
from tfperf.data.measure import Profile, StageRate, Throughput, measure, profile

__all__ = ["Finalized", "Profile", "StageRate", "Throughput", "finalize", "measure", "profile"]
