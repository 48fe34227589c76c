"""tfperf.batch.search: the largest batch within a memory budget in at most 3 runs, never one not run."""

import pytest

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
