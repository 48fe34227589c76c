"""einops rearrange patterns read as a permutation of the axes they name (TFP101's source face): groups split and
merge axes in place, anonymous size-1 axes hold no data, and a pattern that is not a rearrangement of the same axes
(a reduction, a repeat, bad syntax) is not read."""

from __future__ import annotations

import pytest

from tfperf.rules.transpose.equation import rearrange_axes

READ = {
    "b n c -> b c n": (["b", "n", "c"], ["b", "c", "n"], False),
    "b (h w) c -> b h w c": (["b", "h", "w", "c"], ["b", "h", "w", "c"], True),
    "b h w c -> b (h w) c": (["b", "h", "w", "c"], ["b", "h", "w", "c"], False),
    "b c h w -> b h w c": (["b", "c", "h", "w"], ["b", "h", "w", "c"], False),
    "b ... c -> b c ...": (["b", "...", "c"], ["b", "c", "..."], False),
    "b 1 c -> b c": (["b", "c"], ["b", "c"], False),
    "b c -> b c ()": (["b", "c"], ["b", "c"], False),
}
NOT_READ = ["b h w c -> b c", "b n c", "b (h (w c)) -> b h w c", "b n c -> b c n c", "b n -> b n -> n b",
            "b (n c -> b n c", "b n, c -> b c n"]


@pytest.mark.parametrize("pattern", sorted(READ))
def test_rearrangement_read(pattern):
    assert rearrange_axes(pattern) == READ[pattern]


@pytest.mark.parametrize("pattern", NOT_READ)
def test_not_a_rearrangement(pattern):
    assert rearrange_axes(pattern) is None
