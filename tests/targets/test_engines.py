"""Targets' engine sections: every profile can price matrix and vector work, figures are cited,
fallbacks resolve, and a target file loads by path."""

from __future__ import annotations

import pytest

from tfperf import targets


@pytest.mark.parametrize("name", targets.available())
def test_every_profile_has_engines_for_matrix_and_vector_work(name):
    t = targets.load(name)
    matrix, vector = t.engine_for("matrix"), t.engine_for("vector")
    assert matrix is not None and vector is not None
    assert matrix.peak("matrix", "float32") and vector.peak("vector", "float32")
    assert t.launch_seconds > 0 and t.fusion in targets.FUSION_MODES
    assert t.sources and t.assumptions  # figures cited, assumptions stated
    for engine in t.engines:
        assert all(p > 0 for p in {**engine.matrix_peak, **engine.vector_peak}.values())
        assert set(engine.runs) <= set(targets.WORK_KINDS)


@pytest.mark.parametrize("name", targets.available())
def test_engine_peaks_agree_with_the_rules_tables(name):
    """The rules' [matrix_tflops]/[vector_tflops] and the engines carry the same 16-bit figures."""
    t = targets.load(name)
    for dtype in ("bfloat16", "float16"):
        if dtype in t.matrix_peak:
            assert t.engine_for("matrix").matrix_peak[dtype] == t.matrix_peak[dtype]
        if dtype in t.vector_peak:
            assert t.engine_for("vector").vector_peak[dtype] == t.vector_peak[dtype]


def test_gaudi_runs_matrix_vector_and_copies_on_separate_engines_gpus_share_the_sms():
    g = targets.load("gaudi2")
    assert [g.engine_for(w).name for w in ("matrix", "vector", "dma")] == ["mme", "tpc", "dma"]
    a = targets.load("a100")
    assert {a.engine_for(w).name for w in ("matrix", "vector", "dma")} == {"sm"}
    assert a.engine_for("matrix").units == 108


def test_fallbacks_resolve_and_missing_dtypes_stay_missing():
    cpu = targets.load("cpu").engine_for("matrix")
    assert cpu.peak("matrix", "bfloat16") == cpu.peak("matrix", "float32")  # no bf16 units: converted
    tpc = targets.load("gaudi2").engine_for("vector")
    assert tpc.peak("vector", "int32") == tpc.vector_peak["float32"]
    mme = targets.load("gaudi2").engine_for("matrix")
    assert mme.peak("matrix", "float16") == mme.matrix_peak["bfloat16"]
    assert mme.peak("matrix", "float64") is None


def test_a_target_file_loads_by_path_and_bad_files_say_why(tmp_path):
    good = tmp_path / "lab.toml"
    good.write_text(targets.resources.files("tfperf.targets").joinpath("data", "gaudi3.toml").read_text()
                    + "")
    t = targets.load(str(good))
    assert t.name == "lab" and t.path == str(good) and t.engine_for("matrix").units == 8
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n')
    with pytest.raises(targets.UnknownTarget, match="missing key"):
        targets.load(str(bad))
    broken = tmp_path / "broken.toml"
    broken.write_text("[[[")
    with pytest.raises(targets.UnknownTarget, match="not a valid target"):
        targets.load(str(broken))
    with pytest.raises(targets.UnknownTarget, match="does not exist"):
        targets.load(str(tmp_path / "none.toml"))
