"""A source-only `tfperf check PATH` imports none of the graph side: not the capture, the analysis,
the cost model, the rewrites, the rules' graph faces, nor rich for an uncoloured report. A warm run
(every result in the cache) is mostly start-up, so each of those imports would be paid on every
pre-commit hook and editor save (issue 11: <= 0.3 s warm).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

# modules (and their submodules) a source-only check must not import
GRAPH_SIDE = ("tfperf.analyze", "tfperf.amp", "tfperf.batch", "tfperf.capture", "tfperf.cost", "tfperf.rewrite", "tfperf.placement",
              "tfperf.pipeline_ir", "rich", "tensorflow", "keras", "numpy")
# the rules' modules that only graph and pipeline checks use; pad.graph is shared with the pad
# source face (the SAME-padding arithmetic), so it may load
GRAPH_FACES = ("graph", "fix", "pipeline", "einsum")
SHARED = {"tfperf.rules.pad.graph"}

CHECK = textwrap.dedent("""
    import sys
    from tfperf.cli import main

    sys.argv = ["tfperf", "check", "--show-info", "model.py"]
    try:
        main()
    except SystemExit as exc:
        print("exit", exc.code)
    with open("modules.txt", "w") as stream:
        stream.write("\\n".join(sorted(sys.modules)))
""")

MODEL = textwrap.dedent("""
    import keras
    import tensorflow as tf

    def block(x, w):
        x = tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]])
        return tf.nn.conv2d(x, w, strides=1, padding="VALID")

    def train(x, y):  # Keras training code: TFP702 asks the target for its 16-bit gain
        model = keras.Sequential([keras.layers.Dense(10)])
        model.compile("sgd", "mse")
        model.fit(x, y)
""")


def _graph_side(modules: list[str]) -> list[str]:
    def banned(name: str) -> bool:
        if any(name == p or name.startswith(p + ".") for p in GRAPH_SIDE):
            return True
        parts = name.split(".")
        return name.startswith("tfperf.rules.") and parts[-1] in GRAPH_FACES and name not in SHARED

    return [m for m in modules if banned(m)]


def test_a_source_only_check_imports_no_graph_side_cold_or_warm(tmp_path):
    (tmp_path / "model.py").write_text(MODEL)
    for run in ("cold", "warm"):  # the second run takes every result from the cache
        done = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)
        assert "TFP201" in done.stdout and "TFP702" in done.stdout and "exit 1" in done.stdout, (
            run, done.stdout, done.stderr)
        modules = (tmp_path / "modules.txt").read_text().split()
        assert "tfperf.source.linter" in modules
        assert _graph_side(modules) == [], run
    assert (tmp_path / ".tfperf_cache").is_dir()


def test_the_check_sees_a_graph_side_import(tmp_path):
    """The test above can fail: a graph face or rich in the list is caught."""
    assert _graph_side(["tfperf.rules.transpose.graph", "rich.console", "tfperf.cost.whatif", "tfperf.amp.price"]) == [
        "tfperf.rules.transpose.graph", "rich.console", "tfperf.cost.whatif", "tfperf.amp.price"]
    assert _graph_side(["tfperf.rules.pad.graph", "tfperf.rules.pad.source", "tfperf.report.text"]) == []
