"""Loading the user's code (`--model`, `--dataset`, `optimize`): as `python path/file.py` would, without
letting the user's files, prints, exits or Ctrl-C break tfperf's contract (issue 12)."""

from __future__ import annotations

import json
import textwrap

from click.testing import CliRunner
from contract_support import EXAMPLES, error_lines, tfperf, write

from tfperf.cli import main

# A Keras model whose transpose moves the last axis on gaudi2 (TFP101): a finding to keep in sight.
TRANSPOSING_MODEL = textwrap.dedent("""\
    import keras
    import tensorflow as tf

    def transposes():
        inp = keras.Input((16, 8), batch_size=4)
        return keras.Model(inp, keras.layers.Permute((2, 1))(inp))
""")


def test_a_file_imports_its_siblings_and_its_package(tmp_path):
    write(tmp_path / "proj" / "helpers.py", "WIDTH = 8\n")
    write(tmp_path / "proj" / "train.py", """\
        import keras
        from helpers import WIDTH          # a sibling module, as `python proj/train.py` finds it

        def build():
            inp = keras.Input((4,), batch_size=2)
            return keras.Model(inp, keras.layers.Dense(WIDTH)(inp))
    """)
    write(tmp_path / "proj" / "pkg" / "__init__.py", """\
        import keras
        from .layers import UNITS          # the package itself, pkg/__init__.py:build

        def build():
            inp = keras.Input((4,), batch_size=2)
            return keras.Model(inp, keras.layers.Dense(UNITS)(inp))
    """)
    write(tmp_path / "proj" / "pkg" / "layers.py", "UNITS = 3\n")
    write(tmp_path / "proj" / "pkg" / "models" / "__init__.py", "")
    write(tmp_path / "proj" / "pkg" / "models" / "net.py", """\
        import keras
        from ..layers import UNITS         # relative imports: the file is pkg.models.net
        from . import __name__ as package

        def build():
            assert package == "pkg.models"
            inp = keras.Input((4,), batch_size=2)
            return keras.Model(inp, keras.layers.Dense(UNITS)(inp))
    """)
    result = tfperf("check", "--model", "proj/train.py:build", "--model", "proj/pkg/models/net.py:build",
                    "--model", "proj/pkg/__init__.py:build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not error_lines(result.stderr)


def test_help_says_how_a_file_is_imported():
    for command in ("check", "placement", "optimize", "estimate", "data"):
        help_text = " ".join(CliRunner().invoke(main, [command, "--help"]).output.split())
        assert "python path/to/file.py" in help_text or "python path/file.py" in help_text, command


def test_user_files_named_like_modules_never_shadow_tfperfs(tmp_path):
    for name in ("json", "numpy", "csv"):
        write(tmp_path / f"{name}.py", f"raise RuntimeError('the user file {name}.py was imported')\n")
    write(tmp_path / "model.py", TRANSPOSING_MODEL)
    result = tfperf("check", "--model", "json.py:x", "--model", "numpy.py:x", "--model", "model.py:transposes",
                    "--format", "json", cwd=tmp_path)
    report = json.loads(result.stdout)  # tfperf's own json module wrote it
    assert result.returncode == 2, result.stderr
    assert [f["code"] for f in report["findings"]] == ["TFP101"]
    assert {e["path"] for e in report["errors"]} == {"json.py:x", "numpy.py:x"}
    assert all("the user file" in e["message"] for e in report["errors"])  # each ran as the user's own module
    assert "Traceback" not in result.stderr


def test_sys_exit_in_a_factory_is_an_input_error_and_the_others_still_run(tmp_path):
    write(tmp_path / "model.py", TRANSPOSING_MODEL + "\n\ndef leaves():\n    import sys\n    sys.exit(0)\n")
    result = tfperf("check", "--model", "model.py:leaves", "--model", "model.py:transposes", cwd=tmp_path)
    assert result.returncode == 2
    assert "TFP101" in result.stdout
    (line,) = error_lines(result.stderr)
    assert "model.py:leaves" in line and "sys.exit(0)" in line


def test_keyboard_interrupt_in_a_factory_stops_with_exit_2(tmp_path):
    write(tmp_path / "model.py", TRANSPOSING_MODEL + "\n\ndef interrupted():\n    raise KeyboardInterrupt\n")
    result = tfperf("check", "--model", "model.py:interrupted", "--model", "model.py:transposes", cwd=tmp_path)
    assert result.returncode == 2  # 1 would mean "findings"
    assert "Aborted!" not in result.stderr + result.stdout
    assert error_lines(result.stderr) and "interrupted" in error_lines(result.stderr)[0]


CHATTY = """\
    import os
    import keras
    import tensorflow as tf

    def model():
        print("hello from the user's print")
        os.write(1, b"hello from file descriptor 1\\n")
        inp = keras.Input((16, 8), batch_size=4)
        built = keras.Model(inp, keras.layers.Permute((2, 1))(inp))
        built.summary()
        return built

    def dataset():
        print("hello from the dataset's module")
        return tf.data.Dataset.range(64).map(lambda x: x * 2).batch(8)

    @tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
    def padded(x):
        print("hello while tracing")
        return tf.nn.max_pool2d(tf.pad(tf.nn.relu(x), [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 1, "VALID")
"""


def test_what_user_code_prints_goes_to_stderr_and_reports_stay_clean(tmp_path):
    write(tmp_path / "chatty.py", CHATTY)
    sarif = tfperf("check", "--model", "chatty.py:model", "--dataset", "chatty.py:dataset", "--format", "sarif",
                   cwd=tmp_path)
    assert json.loads(sarif.stdout)["version"] == "2.1.0", sarif.stdout[:300]
    assert "hello from the user's print" in sarif.stderr and "hello from file descriptor 1" in sarif.stderr
    optimized = tfperf("optimize", "--model", "chatty.py:padded", "--format", "json", cwd=tmp_path)
    assert json.loads(optimized.stdout)["results"], optimized.stderr
    assert "hello while tracing" in optimized.stderr
    measured = tfperf("data", "--dataset", "chatty.py:dataset", "--seconds", "1", "--no-stages", "--format", "json",
                      cwd=tmp_path)
    assert json.loads(measured.stdout)["overall"]["elements"] > 0, measured.stderr
    assert "hello from the dataset's module" in measured.stderr


def test_the_examples_load_as_before():
    """`python examples/guide_pad.py` style paths keep working from the repository's top."""
    result = tfperf("check", "--model", "examples/guide_pad.py:not_recommended", cwd=EXAMPLES.parent)
    assert result.returncode == 1 and "TFP201" in result.stdout, result.stderr
