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
    # 256, not 128: a 128 matmul (4 MFLOP) can take no longer than the empty call it is measured
    # against when other processes load the cores, and its dtype's peak is then left out (KeyError).
    monkeypatch.setattr(calibrate, "MATMUL_SIZES", (256,))
    monkeypatch.setattr(calibrate, "ELEMENTWISE_SIZES", (1 << 10, 1 << 12, 1 << 14, 1 << 18))
    monkeypatch.setattr(calibrate, "CHAIN", 4)

    def small(tf):
        return [calibrate.Case("reduction", lambda a: tf.reduce_sum(a, 0), ((512, 256),), 512 * 256,
                               4 * (512 * 256 + 256))]

    monkeypatch.setattr(calibrate, "efficiency_cases", small)


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
    assert 0 < cores.efficiency_of("Sum", "reduction") <= 2
    model = keras.Sequential([keras.Input((16,), batch_size=2), keras.layers.Dense(4)])
    assert estimate_graph(from_keras(model), t).step_seconds > 0


def test_targets_without_a_subcommand_still_lists_the_profiles():
    result = CliRunner().invoke(main, ["targets"])
    assert result.exit_code == 0
    assert all(name in result.output for name in targets.available())


def test_size_tiers_split_at_the_jump_and_at_the_cache():
    # inline below 1 MB (1 us + 100 GB/s), sharded in cache (30 us + 80 GB/s), then DRAM at 40 GB/s
    inline = [(b, 1e-6 + b / 100e9) for b in (1e4, 1e5, 5e5)]
    cached = [(b, 30e-6 + b / 80e9) for b in (2e6, 8e6, 16e6)]
    dram = [(b, 30e-6 + b / 40e9) for b in (64e6, 128e6)]
    tiers, launch, bandwidth = calibrate.tiers_from(inline + cached + dram, cache_bytes=32_000_000)
    assert [t[0] for t in tiers] == [5e5, 16e6]
    assert tiers[0][1] == pytest.approx(1e-6) and tiers[0][2] == pytest.approx(100e9)
    assert tiers[1][1] == pytest.approx(30e-6) and tiers[1][2] == pytest.approx(80e9)
    assert launch == pytest.approx(30e-6) and bandwidth == pytest.approx(40e9)
