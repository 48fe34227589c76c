"""Guide section "Batch Size" (TFP8xx).

A large batch is, in general, good for throughput, but it is bounded by the device's memory, by a
latency requirement, and in data-parallel training by convergence (the guide: ResNet50 converges up
to a global batch of about 32K, so with more devices each one takes less). TFP801 compares the batch
a training step runs with the advice of `tfperf.batch` (docs/batch-size.md).
"""
