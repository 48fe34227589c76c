"""Measure a tf.data pipeline on this host: the whole pipeline, and each stage's prefix.

Iterating the pipeline up to stage k alone gives the rate stage k can sustain with everything before
it; the stage after which the rate falls the most is the slow one. The first element of every run
is not timed (it pays for thread start-up and tracing); a pipeline that ends before the time is up
is started again, as the next epoch would be (so a `cache()` shows its effect). Rates are in
elements (what the dataset yields: batches, after a batch) and examples (rows of a batch; elements
before any batch). Python's iteration caps what can be measured at some 10-20k elements/s.

Every wait for an element is bounded: a pipeline stuck in one element ends its measurement, which
says it stalled (`Throughput.stalled`), instead of holding the command for as long as the element takes.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from tfperf.pipeline_ir import Pipeline, Stage, batched

Tick = Callable[[float], None]  # called with the seconds spent so far (progress bars)

# No element is said to stall before it has been waited for this long. The first pays for starting
# threads and tracing the pipeline's functions, and one batch of a sequential pipeline can take
# most of a second on a busy host (both happened on this project's 2-core CI at load 5-10): short
# measurements must not turn a slow element into a stall.
STALL_AFTER = 5.0


@dataclass(frozen=True)
class Throughput:
    elements: int
    examples: int
    seconds: float
    passes: int = 1  # times the pipeline was started: it ended and was started again, as epochs are
    stalled: float | None = None  # seconds it waited for an element that did not come (the measurement stopped)

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

    @property
    def stalled(self) -> StageRate | None:
        """The first stage whose measurement waited most of its time for one element, if any."""
        return next((s for s in self.stages if s.throughput.stalled is not None), None)

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
            max_elements: int | None = None, patience: float | None = None) -> Throughput:
    """Iterate `dataset` for about `seconds` (after a first, untimed element) and count.

    The first element is waited for up to `patience` seconds (default: `seconds`); an element in
    flight at the end of the measurement that has taken over half of it, until it has been waited
    for STALL_AFTER seconds (then it is counted, and the measurement ends with it). Neither is ever
    cut short of STALL_AFTER. A pipeline stuck in one element (a slow py_function, a blocked read)
    ends the measurement, and `stalled` says how long it waited.
    """
    if is_batched is None:
        from tfperf.capture.dataset import from_dataset

        is_batched = batched(from_dataset(dataset, "measure").chain())
    patience = max(STALL_AFTER, seconds if patience is None else patience)
    fetch = _Fetcher(dataset)
    try:
        return _count(fetch, seconds, patience, is_batched, tick, max_elements)
    finally:
        fetch.close()


def _count(fetch: "_Fetcher", seconds: float, patience: float, is_batched: bool, tick: Tick | None,
           max_elements: int | None) -> Throughput:
    import tensorflow as tf

    kind, _ = fetch(patience)  # start-up: threads, function tracing, autotuning's first guesses
    if kind == "stalled":
        return Throughput(0, 0, 0.0, passes=0, stalled=patience)
    if kind == "end":
        return Throughput(0, 0, 0.0, passes=0)
    elements = examples = 0
    passes = 1
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline and (max_elements is None or elements < max_elements):
        kind, element = fetch(deadline - now)
        now = time.perf_counter()
        late = kind == "stalled"  # the deadline came with an element in flight
        if late:
            waited = now - max(start, fetch.last_arrival)
            if waited < seconds / 2:  # an ordinary element cut by the deadline: not counted
                break
            kind, element = fetch.wait(STALL_AFTER - waited)  # most of the time on one element: stuck, or slow?
            now = time.perf_counter()
            if kind == "stalled":
                return Throughput(elements, examples, now - start, passes, stalled=now - max(start, fetch.last_arrival))
        if kind == "end":  # the next epoch
            passes += 1
        else:
            elements += 1
            examples += _rows(tf.nest.flatten(element)[0]) if is_batched else 1
            if tick is not None:
                tick(now - start)
        if late:
            break
    return Throughput(elements, examples, now - start, passes)


class _Fetcher:
    """`next()` of the dataset's iterator with a time limit. The iterator lives on a daemon thread, so
    an element that never comes cannot hold the measurement: the caller stops waiting, and the thread
    is left behind (TensorFlow cannot cancel a `next()` under way). At the end of an epoch it starts
    the next one, as model.fit would."""

    def __init__(self, dataset: Any):
        self.last_arrival = 0.0
        self._requests: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        threading.Thread(target=self._serve, args=(dataset,), daemon=True, name="tfperf-data-fetch").start()

    def __call__(self, timeout: float) -> tuple[str, Any]:
        """("element", value), ("end", None) at the end of an epoch, or ("stalled", None)."""
        self._requests.put(True)
        return self.wait(timeout)

    def wait(self, timeout: float) -> tuple[str, Any]:
        """Wait longer for the element asked for last (after a "stalled"), without asking for another."""
        try:
            kind, value = self._results.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return "stalled", None
        if kind == "error":
            raise value
        self.last_arrival = time.perf_counter()
        return kind, value

    def close(self) -> None:
        """Let the thread end once the element it may still be fetching comes."""
        self._requests.put(False)

    def _serve(self, dataset: Any) -> None:
        try:
            iterator = iter(dataset)
            while self._requests.get():
                try:
                    self._results.put(("element", next(iterator)))
                except StopIteration:
                    iterator = iter(dataset)
                    self._results.put(("end", None))
        except BaseException as exc:  # the user's pipeline failed: the caller raises it
            self._results.put(("error", exc))


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
        # a stage's first element may take as long as the whole pipeline's did: patience is the whole's budget
        rate = measure(cut, share, is_batched=batched(chain[:k + 1]), tick=ticker(spent), patience=budget)
        result.stages.append(StageRate(stage, rate))
        spent += share
        if rate.stalled is not None and rate.elements == 0:
            break  # every longer cut holds this stage: it would stall again
    return result
