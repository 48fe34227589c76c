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


def test_device_memory_is_binary_as_the_devices_report_it():
    """An "80 GB" A100 shows 81,920 MiB in nvidia-smi, a "96 GB" Gaudi 2 has six 16 GiB HBM2E stacks."""
    assert targets.load("a100").memory_bytes == 80 * 2 ** 30
    assert targets.load("gaudi2").memory_bytes == 96 * 2 ** 30


def _profile(tmp_path, memory_lines: str):
    text = targets.resources.files("tfperf.targets").joinpath("data/cpu.toml").read_text()
    text = "\n".join(line for line in text.splitlines() if not line.startswith("memory_gib"))
    path = tmp_path / "mine.toml"
    path.write_text(memory_lines + "\n" + text)
    return path


def test_a_profile_in_decimal_gigabytes_still_loads(tmp_path):
    assert targets.load_file(_profile(tmp_path, "memory_gb = 24")).memory_bytes == 24 * 10 ** 9


@pytest.mark.parametrize("lines", ["", "memory_gb = 24\nmemory_gib = 24"])
def test_a_profile_gives_its_memory_exactly_once(tmp_path, lines):
    with pytest.raises(ValueError, match="exactly one of memory_gib, memory_gb"):
        targets.load_file(_profile(tmp_path, lines))


@pytest.mark.parametrize("nbytes, text", [(None, "?"), (512, "512 B"), (3 * 2 ** 20, "3.0 MiB"),
                                          (96 * 2 ** 30, "96.0 GiB"), (int(1.5 * 2 ** 10), "1.5 KiB")])
def test_memory_text_uses_binary_units(nbytes, text):
    assert targets.memory_text(nbytes) == text
