"""`tfperf targets calibrate` writes a target file that loads and prices a model (small sizes here:
the test checks the plumbing, not this machine's speed)."""

from __future__ import annotations

import keras
import pytest
from click.testing import CliRunner

from tfperf import targets
from tfperf.capture import from_keras
from tfperf.cli import main
from tfperf.cost.estimate import estimate_graph
from tfperf.targets import calibrate


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(calibrate, "MATMUL_SIZES", (128,))
    monkeypatch.setattr(calibrate, "CACHE_SIZES", (1 << 10, 1 << 12, 1 << 14))
    monkeypatch.setattr(calibrate, "DRAM_ELEMENTS", 1 << 20)


def test_calibrate_writes_a_loadable_target(quick, tmp_path):
    out = tmp_path / "here.toml"
    result = CliRunner().invoke(main, ["targets", "calibrate", "-o", str(out), "--name", "here", "--reps", "3"])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    t = targets.load(str(out))
    assert t.name == "here" and t.kind == "cpu" and t.path == str(out)
    cores = t.engine_for("matrix")
    assert cores is t.engine_for("vector") is t.engine_for("dma")
    assert cores.matrix_peak["float32"] > 0 and cores.matrix_peak.get("bfloat16", 1) > 0
    assert t.memory_bandwidth > 0 and t.launch_seconds >= 0 and t.step_overhead_seconds >= 0
    assert t.sources and "measured" in t.sources[0]
    model = keras.Sequential([keras.Input((16,), batch_size=2), keras.layers.Dense(4)])
    assert estimate_graph(from_keras(model), t).step_seconds > 0


def test_targets_without_a_subcommand_still_lists_the_profiles():
    result = CliRunner().invoke(main, ["targets"])
    assert result.exit_code == 0
    assert all(name in result.output for name in targets.available())
