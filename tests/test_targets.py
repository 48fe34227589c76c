"""Device profiles load, cite their sources and carry the guide's semantics."""

import pytest

from tfperf import targets


@pytest.mark.parametrize("name", ["gaudi", "gaudi2", "gaudi3", "a100", "h100", "cpu"])
def test_profiles_load_with_sources(name):
    t = targets.load(name)
    assert t.memory_bytes > 0 and t.memory_bandwidth > 0 and t.sources
    assert t.logical_transpose == ("last-axis" if name.startswith("gaudi") else "size-one")
    assert t.is_accelerator == (name != "cpu")


def test_unknown_target_names_the_choices():
    with pytest.raises(targets.UnknownTarget, match="gaudi2"):
        targets.load("tpu")


def test_default_target_is_documented():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert f"`{targets.DEFAULT_TARGET}` (default)" in readme
