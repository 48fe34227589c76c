"""The largest batch that fits a memory budget, confirmed by at most 3 real runs.

Lightning's `scale_batch_size` doubles the batch until a run fails, then bisects: about 2 log2(B)
runs, each a real step. Here the step model's peak `predicted(B)` (from two traces, no run) gives
the shape of the memory curve, and the runs only correct its scale and offset:

1. run the largest batch predicted to need at most half the budget (safe: the model would have to
   be off by 2x for it to fail), and take measured / predicted there;
2. run the largest batch whose predicted peak, scaled by that ratio, stays within 98% of the budget;
3. run the largest batch whose peak on the line measured = a + b * predicted, through runs 1 and 2,
   stays within the budget (the fixed part the model misses, e.g. a runtime's own buffers, is the
   offset a).

The answer is the largest batch a run confirmed: never a batch that was not run. TensorFlow-free:
`run(B)` is the caller's (a real step and its allocator peak, in `benchmarks/batch_search.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

SAFE_SHARE = 0.5  # run 1 is predicted to need at most this share of the budget
MARGIN = 0.98  # run 2 aims this far up the budget: a ratio off by 2% still fits


@dataclass
class Search:
    """The batch found and the runs it took: (batch, measured peak bytes), in order."""

    budget: int
    runs: list[tuple[int, int]] = field(default_factory=list)

    @property
    def batch(self) -> int:
        """The largest batch a run confirmed within the budget; 0 when none did."""
        return max((b for b, peak in self.runs if peak <= self.budget), default=0)


def largest_within(predicted: Callable[[int], int], run: Callable[[int], int], budget: int, *,
                   max_batch: int = 65536) -> Search:
    """At most 3 runs of `run(batch) -> peak bytes` (see the module's docstring). `predicted(batch)`:
    the step model's peak, growing with the batch."""
    search = Search(budget)
    b1 = _largest(lambda b: predicted(b) <= SAFE_SHARE * budget, max_batch)
    m1 = _run(search, run, b1)
    ratio = m1 / max(1, predicted(b1))
    b2 = _largest(lambda b: ratio * predicted(b) <= MARGIN * budget, max_batch)
    m2 = _run(search, run, b2) if b2 != b1 else m1
    if predicted(b2) == predicted(b1):
        return search
    slope = (m2 - m1) / (predicted(b2) - predicted(b1))
    b3 = _largest(lambda b: m1 + slope * (predicted(b) - predicted(b1)) <= budget, max_batch)
    if b3 not in (b1, b2):
        _run(search, run, b3)
    return search


def _run(search: Search, run: Callable[[int], int], batch: int) -> int:
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
