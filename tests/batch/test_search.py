"""tfperf.batch.search: the largest batch within a memory budget in at most 3 runs, never one not run."""

import pytest

from tfperf.batch import search
from tfperf.batch.search import largest_within


def _curve(fixed: float, per_sample: float):
    return lambda batch: int(fixed + per_sample * batch)


@pytest.mark.parametrize("scale, offset", [(1.0, 0), (1.3, 0), (0.7, 5e6), (1.6, 20e6), (1.1, -2e6)])
def test_a_model_off_by_a_scale_and_an_offset_is_corrected_in_three_runs(scale, offset):
    predicted = _curve(10e6, 1e5)
    truth = lambda batch: int(scale * predicted(batch) + offset)  # noqa: E731  the machine: the model, scaled
    budget = 200_000_000
    runs = []
    found = largest_within(predicted, lambda b: runs.append(b) or truth(b), budget)
    largest = max(b for b in range(1, 10_000) if truth(b) <= budget)
    assert len(found.runs) <= 3 and [b for b, _ in found.runs] == runs
    assert largest * 0.95 <= found.batch <= largest
    assert any(b == found.batch and peak <= budget for b, peak in found.runs), "only a batch that was run"


def test_a_model_off_by_more_than_half_still_answers_a_batch_that_ran():
    predicted = _curve(1e6, 1e5)
    found = largest_within(predicted, lambda b: int(3 * predicted(b)), 100_000_000)
    assert found.batch == 0 or all(peak <= found.budget for b, peak in found.runs if b == found.batch)
    assert len(found.runs) <= 3


def test_no_run_fits():
    found = largest_within(lambda b: 1000 * b, lambda b: 10 ** 12, 10 ** 6)
    assert found.batch == 0 and len(found.runs) <= 3


# The last run's margin, the fixed-dominated case and failed runs (see tfperf.batch.search's docstring).

BUDGET = 100_000_000
PREDICTED = _curve(1e6, 1e5)  # the step model: 1 MB fixed, 100 kB per sample


def _largest_fitting(measure) -> int:
    return max(b for b in range(1, 10_000) if (peak := measure(b)) is not None and peak <= BUDGET)


def _bent(error: float):
    """A machine the model misses by a 10 MB offset (so run 1's ratio leaves run 2 short, at 808),
    on a line up to batch 820 that then bends so that the line through runs 1 and 2 (it says 890)
    overshoots the largest batch that fits by `error` (negative: falls short of it)."""
    on_line = lambda b: 10e6 + PREDICTED(b)  # noqa: E731
    kink, line_says = 820, 890
    truth = line_says / (1 + error)
    bend = (BUDGET - on_line(kink)) / (on_line(truth) - on_line(kink))
    return lambda b: int(on_line(b) if b <= kink else on_line(kink) + bend * (on_line(b) - on_line(kink)))


@pytest.mark.parametrize("error", [-0.025, -0.01, 0.0, 0.01, 0.02, 0.025])
def test_the_last_run_lands_within_the_tolerance_when_the_line_errs_by_up_to_half_of_it(error):
    measure = _bent(error)
    found = largest_within(PREDICTED, measure, BUDGET)
    largest = _largest_fitting(measure)
    assert [b for b, _ in found.runs][:2] == [495, 808], "run 2 falls short: the answer rests on run 3"
    assert len(found.runs) == 3 and found.batch == found.runs[-1][0], "run 3 fits"
    assert largest * (1 - search.TOLERANCE) <= found.batch <= largest


def test_without_the_margin_a_line_one_percent_over_falls_back_to_run_2(monkeypatch):
    """What the margin buys: the first version aimed run 3 at the line itself (the 48 MiB CNN: 129
    for a true 128, answer 118)."""
    monkeypatch.setattr(search, "LAST_MARGIN", 0.0)
    measure = _bent(0.01)
    found = largest_within(PREDICTED, measure, BUDGET)
    assert found.runs[-1][1] > BUDGET and found.batch == 808
    assert found.batch < (1 - search.TOLERANCE) * _largest_fitting(measure)


def test_when_run_2_is_within_the_margin_the_last_run_aims_at_the_line_itself():
    """A failure could only fall back to run 2, which the line puts within the window already."""
    measure = lambda b: int(1.2 * PREDICTED(b))  # noqa: E731  off by a scale only: run 2 lands at 98%
    found = largest_within(PREDICTED, measure, BUDGET)
    largest = _largest_fitting(measure)
    assert found.runs[1][0] >= (1 - search.LAST_MARGIN) * largest
    assert found.batch == found.runs[-1][0] == largest


@pytest.mark.parametrize("fixed_error, growth_scale", [(0, 1.0), (2e6, 1.0), (-2e6, 1.0), (1e6, 1.3), (0, 0.8)])
def test_a_fixed_part_over_half_the_budget_still_gets_a_safe_first_run(fixed_error, growth_scale):
    """90 MB of 100 fixed (weights, slots, gradients): half of the budget admits no batch (the first
    version ran batch 1), half of the headroom above predicted(1) does."""
    predicted = _curve(90e6, 1e4)
    measure = lambda b: int(predicted(1) + fixed_error + growth_scale * (predicted(b) - predicted(1)))  # noqa: E731
    found = largest_within(predicted, measure, BUDGET)
    largest = _largest_fitting(measure)
    first, peak = found.runs[0]
    assert first > 100 and peak <= BUDGET
    assert len(found.runs) <= 3 and largest * (1 - search.TOLERANCE) <= found.batch <= largest


def test_a_failed_run_counts_as_over_the_budget_and_the_first_is_retried_lower():
    """Out of memory on a real device: no peak, only "over". The model is off by 3x on what grows,
    so run 1 fails; run 2 at a quarter of the headroom fits, and run 3 follows its ratio."""
    measure = lambda b: None if 3 * PREDICTED(b) > BUDGET else 3 * PREDICTED(b)  # noqa: E731
    found = largest_within(PREDICTED, measure, BUDGET)
    largest = _largest_fitting(measure)
    assert found.runs[0] == (495, None)
    assert len(found.runs) == 3 and all(b < 495 for b, _ in found.runs[1:])
    assert largest * (1 - search.TOLERANCE) <= found.batch <= largest


def test_no_run_goes_at_or_above_a_batch_that_failed_and_failures_are_never_the_answer():
    measure = lambda b: None if b > 700 else PREDICTED(b)  # noqa: E731  a cliff the model does not see
    found = largest_within(PREDICTED, measure, BUDGET)
    failed = [b for b, peak in found.runs if peak is None]
    assert failed and found.runs[1] == (failed[0], None)
    assert all(b < failed[0] for b, _ in found.runs[2:])
    assert found.batch == max(b for b, peak in found.runs if peak is not None and peak <= BUDGET)


def test_nothing_that_fails_is_an_answer_and_a_failed_batch_1_ends_the_search():
    found = largest_within(PREDICTED, lambda b: None, BUDGET)
    assert found.batch == 0 and [b for b, _ in found.runs] == [495, 248, 124], "the share halves after each failure"
    over = largest_within(_curve(2e8, 1e5), lambda b: None, BUDGET)  # predicted over the budget at batch 1
    assert over.batch == 0 and over.runs == [(1, None)]
