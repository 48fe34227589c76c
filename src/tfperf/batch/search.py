"""The largest batch that fits a memory budget, confirmed by at most 3 real runs.

Lightning's `scale_batch_size` doubles the batch until a run fails, then bisects: about 2 log2(B)
runs, each a real step. Here the step model's peak `predicted(B)` (from two traces, no run) gives
the shape of the memory curve, and the runs only correct its scale and offset. The goal is a batch
within TOLERANCE (5%) of b*, the largest batch whose measured peak is within the budget, and the
answer is always the largest batch a run confirmed, never one that was not run.

1. **Safe.** Run the largest batch predicted to use at most SAFE_SHARE (half) of the *headroom*:
   the budget less predicted(1). predicted(1) is the part of the step's memory that barely grows
   with the batch (weights, optimizer slots, gradients), which the step model counts from the
   variables' shapes; what it can get wrong is what grows with the batch (activations, workspaces).
   So run 1 fits unless the model is off by 2x on that part. Half of the whole budget (the first
   version) admits no batch at all when the fixed part is over half the budget, and ran batch 1.
2. **Ratio.** Run the largest batch whose predicted peak, scaled by run 1's measured / predicted,
   is within MARGIN (98%) of the budget: a second point near the budget.
3. **Line, less a margin.** The line measured = a + b * predicted through the two measured runs
   (the offset a is what the model misses outright, e.g. a runtime's own buffers) gives b_line, the
   largest batch it puts within the budget. The last run is at floor((1 - LAST_MARGIN) * b_line).

Why a margin on the last run, and why this one. A run over the budget cannot be the answer: it
falls back to run 2, which the ratio may have left well short (48 MiB CNN, first version: the line
said 129, the truth was 128, the answer fell back to 118 = 0.92). With the measured peak growing
with the batch, the last run at (1 - d) * b_line fits whenever b_line <= b* / (1 - d), and is within
the tolerance T whenever b_line >= (1 - T) * b* / (1 - d): the line may err by any factor in
[(1 - T) / (1 - d), 1 / (1 - d)] of b*. With d = 0 that is [0.95, 1]: the line may not overshoot
by a single batch, and an unbiased line overshoots half the time. d = 1 - sqrt(1 - T) (2.53% for
T = 5%) centres the window on 1 (in ratio): [0.975, 1.026], the line may be 2.5% short or 2.6% over
and the last run is still right. Outside that window nothing is promised (the answer is still a
batch that ran). The margin is spent in batch space, where the goal is stated: a margin in bytes
would be worth a different share of the batch for each model (a few % of the budget is most of the
batch when the fixed part fills the budget). floor() costs at most one more batch, which matters only
under ~40.

If run 2 already reached floor((1 - d) * b_line), a failed last run would leave run 2, which the
line already puts in the window: the margin protects nothing there, so the last run aims at b_line.

Rejected: the disagreement between run 2's ratio model and the line as an estimate of the line's
error. The line passes exactly through both measured runs, so three runs leave no residual to
estimate its error from; the disagreement measures the offset a that the ratio model misses and
the line corrects. It would spend the most margin where the line is most right (a large fixed
part the model misses) and none where only the measurement's own granularity remains (the CNN's
one-batch overshoot). A share of the tolerance is the only margin three runs can justify.

A run that fails (`run` returns None: out of memory on a real device) counts as over the budget,
with no peak to fit: no later run goes at or above a batch that failed or measured over, and a
failed run 1 is retried at half the share of the headroom. The last run, whichever it is, aims with
the margin at the best model it has: the line when two runs measured a growing peak, else the
ratio of the last run that measured.

TensorFlow-free: `run(B)` is the caller's (a real step and its allocator peak in
`benchmarks/batch_search.py`; a fresh process per batch in `tfperf batch --measure`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

TOLERANCE = 0.05  # the goal: within this share of the largest batch that fits
SAFE_SHARE = 0.5  # run 1 is predicted to use at most this share of the headroom above predicted(1)
MARGIN = 0.98  # run 2 aims this far up the budget: a ratio off by 2% still fits
LAST_MARGIN = 1 - math.sqrt(1 - TOLERANCE)  # the last run's margin in batch space (see the docstring)
MAX_RUNS = 3

Run = Callable[[int], Optional[int]]  # batch -> measured peak bytes, or None when the run failed (out of memory)


@dataclass
class Search:
    """The batch found and the runs it took: (batch, measured peak bytes or None for a failed run), in order."""

    budget: int
    runs: list[tuple[int, Optional[int]]] = field(default_factory=list)

    @property
    def batch(self) -> int:
        """The largest batch a run confirmed within the budget; 0 when none did."""
        return max((b for b, peak in self.runs if peak is not None and peak <= self.budget), default=0)

    @property
    def measured(self) -> list[tuple[int, int]]:
        """The runs that measured a peak (within the budget or not)."""
        return [(b, peak) for b, peak in self.runs if peak is not None]

    @property
    def ceiling(self) -> int:
        """The smallest batch known to be over the budget (failed, or measured over); later runs stay below."""
        return min((b for b, peak in self.runs if peak is None or peak > self.budget), default=2 ** 62)

    def done(self) -> bool:
        return len(self.runs) >= MAX_RUNS


def largest_within(predicted: Callable[[int], int], run: Run, budget: int, *, max_batch: int = 65536) -> Search:
    """At most 3 runs of `run(batch) -> peak bytes or None` (see the module's docstring).
    `predicted(batch)`: the step model's peak, growing with the batch."""
    search = Search(budget)
    below = lambda within: _largest(lambda b: b < search.ceiling and within(b), max_batch)  # noqa: E731
    if not _safe_run(search, predicted, run, below):
        return search
    if len(search.runs) < MAX_RUNS - 1:
        b1, m1 = search.measured[-1]
        ratio = m1 / max(1, predicted(b1))
        b2 = below(lambda b: ratio * predicted(b) <= MARGIN * budget)
        if b2 != b1:
            _run(search, run, b2)
    if not search.done():
        last = _last_batch(search, predicted, below)
        if last is not None:
            _run(search, run, last)
    return search


def _safe_run(search: Search, predicted: Callable[[int], int], run: Run, below: Callable) -> bool:
    """Run 1 at SAFE_SHARE of the headroom, halving the share after each failed run; False when no
    run measured a peak (even batch 1 failed, or the runs ran out)."""
    fixed, share = predicted(1), SAFE_SHARE
    while not search.done():
        batch = below(lambda b: predicted(b) <= fixed + share * (search.budget - fixed))
        if _run(search, run, batch) is not None:
            return True
        if batch == 1:
            return False
        share /= 2
    return False


def _last_batch(search: Search, predicted: Callable[[int], int], below: Callable) -> int | None:
    """The last run: the best model's batch at the budget less LAST_MARGIN, or the model's batch
    itself when run 2 is already within the margin; None when it would run nothing new."""
    aimed = below(_best_model(search, predicted))
    confirmed = search.batch
    cautious = math.floor((1 - LAST_MARGIN) * aimed)
    batch = aimed if confirmed >= cautious else cautious
    return batch if batch > confirmed and batch not in (b for b, _ in search.runs) else None


def _best_model(search: Search, predicted: Callable[[int], int]) -> Callable[[int], bool]:
    """`within(batch)` by the line through the last two measured runs when it grows, else by the
    ratio of the last measured run."""
    measured = search.measured
    if len(measured) >= 2:
        (b1, m1), (b2, m2) = measured[-2:]
        if predicted(b2) != predicted(b1):
            slope = (m2 - m1) / (predicted(b2) - predicted(b1))
            if slope > 0:
                return lambda b: m1 + slope * (predicted(b) - predicted(b1)) <= search.budget
    batch, peak = measured[-1]
    ratio = peak / max(1, predicted(batch))
    return lambda b: ratio * predicted(b) <= search.budget


def _run(search: Search, run: Run, batch: int) -> int | None:
    peak = run(batch)
    search.runs.append((batch, peak))
    return peak


def _largest(within: Callable[[int], bool], max_batch: int) -> int:
    """The largest batch in [1, max_batch] for which `within` holds (it holds below some batch and
    not above it), by doubling then bisection; 1 when even batch 1 does not."""
    low, high = 1, 2
    while high <= max_batch and within(high):
        low, high = high, high * 2
    high = min(high, max_batch + 1)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if within(middle) else (low, middle)
    return low
