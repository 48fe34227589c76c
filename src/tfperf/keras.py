"""`tfperf.keras.InputMonitor`: a Keras callback that tells whether `model.fit` waits for its input.

Per training step it measures how long the step waited for its batch and how long the whole step
took; at the end of each epoch it classifies the run as TensorFlow's profiler does (input
pipeline analysis): *highly input-bound* when at least 20% of the step time waits for input,
*moderately* from 5%, *not input-bound* below. When the run is input-bound it names the likely
causes: the TFP4xx findings on the pipeline being fed.

    model.fit(dataset, epochs=3, callbacks=[tfperf.keras.InputMonitor(target="gaudi2")])

How: Keras' train function takes the dataset's iterator and fetches each batch inside its compiled
step. The callback hands it an iterator that fetches the batch first, eagerly, and times that
fetch: Keras then runs the same compiled step on the batch. This adds the cost of one eager
`next()` per step (tens of microseconds) and changes nothing else. The first step of `fit` traces
and compiles the step, so it is left out of the figures.

Importing this module does not import TensorFlow; using `InputMonitor` does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from tfperf.findings import Finding, Severity

HIGHLY_INPUT_BOUND = 0.20  # share of step time spent waiting for input (TensorFlow profiler's thresholds)
MODERATELY_INPUT_BOUND = 0.05


def classify(input_share: float) -> str:
    if input_share >= HIGHLY_INPUT_BOUND:
        return "highly input-bound"
    if input_share >= MODERATELY_INPUT_BOUND:
        return "moderately input-bound"
    return "not input-bound"


@dataclass
class EpochInput:
    """What one epoch spent waiting for input."""

    epoch: int
    steps: int  # steps measured (the first step of fit is not)
    step_seconds: float  # mean wall time of a step, input wait included
    wait_seconds: float  # mean time a step waited for its batch
    causes: list[Finding] = field(default_factory=list)  # TFP4xx findings on the pipeline, worst first

    @property
    def input_share(self) -> float:
        return self.wait_seconds / self.step_seconds if self.step_seconds > 0 else 0.0

    @property
    def verdict(self) -> str:
        return classify(self.input_share)

    @property
    def input_bound(self) -> bool:
        return self.input_share >= MODERATELY_INPUT_BOUND

    def summary(self) -> str:
        line = (f"InputMonitor epoch {self.epoch + 1}: {self.input_share:.0%} of step time waits for input "
                f"({self.wait_seconds * 1e3:.1f} of {self.step_seconds * 1e3:.1f} ms per step, {self.steps} steps): "
                f"{self.verdict}")
        if self.causes:
            line += "; likely causes:" + "".join(f"\n  {f.code} {f.message}" for f in self.causes)
        return line


class _Clock:
    """Input wait and step time of the steps of one epoch."""

    def __init__(self):
        self.steps = 0
        self.wait = 0.0
        self.total = 0.0


class _TimedIterator:
    """Yields `first`, then the next batches of `iterator`, adding the time each fetch blocks to `clock`."""

    def __init__(self, first: Any, iterator: Any, clock: _Clock):
        self._pending = [first]
        self._iterator = iterator
        self._clock = clock

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        if self._pending:
            return self._pending.pop()
        return _fetch(self._iterator, self._clock)


def _fetch(iterator: Any, clock: _Clock) -> Any:
    start = time.perf_counter()
    batch = next(iterator)  # StopIteration at the end of the data: Keras ends the epoch
    clock.wait += time.perf_counter() - start
    clock.steps += 1
    return batch


def _input_monitor_class() -> type:
    import keras
    import tensorflow as tf

    class InputMonitor(keras.callbacks.Callback):
        """Measures, per training step, the time waiting for input vs the whole step; classifies each
        epoch (highly / moderately / not input-bound) and names the likely causes (TFP4xx).

        `dataset`: the pipeline to find causes in (default: the one `fit` iterates, when it can be
        found); `target`: the device profile the causes are judged on; `verbose`: print a summary
        after each epoch. The figures of every epoch are in `monitor.epochs` (EpochInput).
        """

        def __init__(self, dataset: Any = None, target: Any = None, verbose: int = 1, max_causes: int = 3):
            super().__init__()
            self.dataset = dataset
            self.target = target
            self.verbose = verbose
            self.max_causes = max_causes
            self.epochs: list[EpochInput] = []
            self._original = None
            self._clock = _Clock()
            self._warm = False
            self._causes: list[Finding] | None = None

        # ---- Keras hooks

        def on_train_begin(self, logs=None):
            self._original = self.model.train_function
            self.model.train_function = self._timed_step
            self._warm = False

        def on_train_end(self, logs=None):
            if self._original is not None:
                self.model.train_function = self._original
                self._original = None

        def on_epoch_begin(self, epoch, logs=None):
            self._clock = _Clock()

        def on_epoch_end(self, epoch, logs=None):
            clock = self._clock
            if not clock.steps:
                return
            result = EpochInput(epoch, clock.steps, clock.total / clock.steps, clock.wait / clock.steps)
            if result.input_bound:
                result.causes = self._find_causes()
            self.epochs.append(result)
            if self.verbose:
                print(result.summary())

        # ---- the timed step

        def _timed_step(self, iterator):
            if not isinstance(iterator, (tf.data.Iterator, tf.distribute.DistributedIterator)):
                return self._original(iterator)
            if self.dataset is None:
                self.dataset = getattr(iterator, "_dataset", None)
            clock = self._clock if self._warm else _Clock()  # the first step traces and compiles: not counted
            start = time.perf_counter()
            first = _fetch(iterator, clock)
            outputs = self._original(_TimedIterator(first, iterator, clock))
            clock.total += time.perf_counter() - start
            self._warm = True
            return outputs

        def _find_causes(self) -> list[Finding]:
            if self._causes is None:
                self._causes = []
                if self.dataset is not None:
                    from tfperf.analyze import check_pipeline
                    from tfperf.capture import CaptureError
                    from tfperf.capture.dataset import from_dataset

                    try:
                        found = check_pipeline(from_dataset(self.dataset, "fit"), self.target, select=["TFP4"])
                    except CaptureError:
                        found = []
                    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
                    self._causes = sorted(found, key=lambda f: (order[f.severity], f.code))[:self.max_causes]
            return self._causes

    InputMonitor.__module__ = __name__
    return InputMonitor


def __getattr__(name: str) -> Any:
    """`InputMonitor` is built on first use, so that importing tfperf.keras does not import Keras."""
    if name == "InputMonitor":
        cls = _input_monitor_class()
        globals()["InputMonitor"] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
