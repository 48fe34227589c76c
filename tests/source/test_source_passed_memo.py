"""A parameter handed on through many callers is followed once per depth in one answer (`project._FOLLOWED`): five
calls at each of six levels are 5**6 paths, but seven parameters (issue 11: the hand-on goes 6 deep since session 29,
and a project that hands one parameter through many callers at every level must not pay for every path)."""

from __future__ import annotations

from tfperf.source import project
from tfperf.source.passed import OUTSIDE

LEVELS, FAN_OUT = 6, 5


def chain() -> dict:
    """pkg.L0(p) is called FAN_OUT times by pkg.L1, which hands on its own p; ... up to pkg.L6, which no call makes."""
    facts = {}
    for k in range(LEVELS):
        handed = ("^", f"pkg.L{k + 1}", 0, "p", 0.0)
        facts[f"{project.ARG_CALL}:pkg.L{k}"] = tuple((f"pkg.L{k + 1}", (), (("p", handed),), False)
                                                     for _ in range(FAN_OUT))
    return facts


def test_each_parameter_on_the_way_is_followed_once(monkeypatch):
    followed = []
    real = project._parameter_values
    monkeypatch.setattr(project, "_parameter_values", lambda *args: followed.append(args[1]) or real(*args))
    values = project._passed_answer(chain(), f"{project.PASSED}:pkg.L0:0:p:0.0")
    assert (0.0, OUTSIDE) in values and {value for value, _ in values} == {0.0}  # (every level's default)
    assert sorted(followed) == [f"pkg.L{k}" for k in range(LEVELS + 1)]
    # outside one answer nothing is kept (the facts change between rounds): every path, the same values
    followed.clear()
    assert project.parameter_values(chain(), "pkg.L0", 0, "p", 0.0) == values
    assert len(followed) == sum(FAN_OUT ** k for k in range(LEVELS + 1))
