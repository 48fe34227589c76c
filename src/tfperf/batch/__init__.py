"""The guide's first section, the batch size: the one that fits the device, fills it, meets a latency
bound and still converges (`tfperf batch`; docs/batch-size.md).

    advise(model, target=..., train=..., devices=..., latency_ms=..., dataset=...) -> Advice

`advise` captures the step at two batch sizes and runs the user's code (tfperf.batch.api); the model
of memory and throughput as functions of the batch (advice, rebatch, convergence) is TensorFlow-free.
"""

__all__ = ["advise"]


def __getattr__(name: str):
    # `advise` captures, so it is loaded on use: tfperf.analyze imports the TF-free parts of this package
    if name == "advise":
        from tfperf.batch.api import advise

        return advise
    raise AttributeError(f"module 'tfperf.batch' has no attribute {name!r}")
