"""Measure a tf.data pipeline on this host: the whole pipeline, and each stage's prefix.

Iterating the pipeline up to stage k alone gives the rate stage k can sustain with everything before
it; the stage after which the rate falls the most is the slow one. The first element of every run
is not timed (it pays for thread start-up and tracing); a pipeline that ends before the time is up
is started again, as the next epoch would be (so a `cache()` shows its effect). Rates are in
elements (what the dataset yields: batches, after a batch) and examples (rows of a batch; elements
before any batch). Python's iteration caps what can be measured at some 10-20k elements/s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from tfperf.pipeline_ir import Pipeline, Stage, batched

Tick = Callable[[float], None]  # called with the seconds spent so far (progress bars)


@dataclass(frozen=True)
class Throughput:
    elements: int
    examples: int
    seconds: float
    passes: int = 1  # times the pipeline was started: it ended and was started again, as epochs are

    @property
    def elements_per_second(self) -> float:
        return self.elements / self.seconds if self.seconds > 0 else 0.0

    @property
    def examples_per_second(self) -> float:
        return self.examples / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class StageRate:
    stage: Stage
    throughput: Throughput


@dataclass
class Profile:
    pipeline: Pipeline
    overall: Throughput
    stages: list[StageRate] = field(default_factory=list)

    def slowest(self) -> StageRate | None:
        """The stage after which the example rate falls the most (by more than 1.5x), if any."""
        best, worst_fall = None, 1.5
        for before, after in zip(self.stages, self.stages[1:]):
            if after.throughput.examples_per_second <= 0:
                continue
            fall = before.throughput.examples_per_second / after.throughput.examples_per_second
            if fall > worst_fall:
                best, worst_fall = after, fall
        return best


def measure(dataset: Any, seconds: float = 5.0, *, is_batched: bool | None = None, tick: Tick | None = None,
            max_elements: int | None = None) -> Throughput:
    """Iterate `dataset` for about `seconds` (after a first, untimed element) and count."""
    import tensorflow as tf

    if is_batched is None:
        from tfperf.capture.dataset import from_dataset

        is_batched = batched(from_dataset(dataset, "measure").chain())
    iterator = iter(dataset)
    try:
        next(iterator)  # start-up: threads, function tracing, autotuning's first guesses
    except StopIteration:
        return Throughput(0, 0, 0.0, passes=0)
    elements = examples = 0
    passes = 1
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline and (max_elements is None or elements < max_elements):
        try:
            element = next(iterator)
        except StopIteration:  # the next epoch
            iterator, passes = iter(dataset), passes + 1
            continue
        elements += 1
        examples += _rows(tf.nest.flatten(element)[0]) if is_batched else 1
        now = time.perf_counter()
        if tick is not None:
            tick(now - start)
    return Throughput(elements, examples, time.perf_counter() - start, passes)


def _rows(tensor: Any) -> int:
    shape = getattr(tensor, "shape", ())
    return int(shape[0]) if len(shape) and shape[0] is not None else 1


def profile(dataset: Any, seconds: float = 10.0, *, stages: bool = True, tick: Tick | None = None,
            origin: str = "dataset") -> Profile:
    """The whole pipeline's rate (half of `seconds`) and, sharing the other half, the rate of the
    pipeline cut after each stage of its chain (with the whole pipeline's options)."""
    from tfperf.capture.dataset import capture_live, unwrap
    from tfperf.data.finalize import with_options

    pipeline, objects = capture_live(dataset, origin)
    chain = [s for s in pipeline.chain() if s.name in objects]
    budget = seconds / 2 if stages and len(chain) > 1 else seconds
    spent = 0.0

    def ticker(offset: float) -> Tick | None:
        return None if tick is None else (lambda done: tick(offset + done))

    dataset = unwrap(dataset, origin)
    overall = measure(dataset, budget, is_batched=batched(pipeline.chain()), tick=ticker(0.0))
    spent += budget
    result = Profile(pipeline, overall)
    if not stages or len(chain) < 2:
        return result
    share = (seconds - budget) / len(chain)
    options = dataset.options()
    for k, stage in enumerate(chain):
        cut = with_options(objects[stage.name], options)
        rate = measure(cut, share, is_batched=batched(chain[:k + 1]), tick=ticker(spent))
        result.stages.append(StageRate(stage, rate))
        spent += share
    return result
