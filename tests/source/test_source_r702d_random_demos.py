"""TFP702 and a module's `__main__` demo that fits its model on data drawn at random in the block (set 62's tfdwt
wavelet layers: `model.fit(x, x, epochs=5)` of `x = tf.random.normal((1, N, 1))`): a smoke test of the module's
code, not a training program, so the missing policy is info that says so. The same demo fitting loaded data, a
random fit outside the demo block, and a script with no code of its own (a synthetic-data benchmark is a program)
keep the warning."""

from __future__ import annotations

import pytest

from tfperf.source import lint_text

DEMO = """\
import tensorflow as tf


class Haar(tf.keras.layers.Layer):
    def call(self, x):
        return x[:, ::2] + x[:, 1::2]


if __name__ == "__main__":
    inputs = tf.keras.Input(shape=(4, 1))
    model = tf.keras.Model(inputs, Haar()(inputs))
    model.compile(optimizer="adam", loss="mse")
    data = DATA
    model.fit(data, data[:, ::2], epochs=5)
"""


def policy_findings(code: str) -> list[tuple[int, str, str]]:
    return [(f.source.line, f.severity.value, f.message)
            for f in lint_text(code, "haar.py", target="gaudi2", select=["TFP702"])]


@pytest.mark.parametrize("draw", ["tf.random.normal((1, 4, 1))", "np.random.rand(8, 4, 1)"])
def test_a_demo_that_fits_random_data_is_info(draw):
    [(line, severity, message)] = policy_findings(DEMO.replace("DATA", draw).replace(
        "import tensorflow as tf", "import numpy as np\nimport tensorflow as tf"))
    assert (line, severity) == (12, "info")
    assert "only fits it in its `__main__` demo, on data drawn at random there" in message


def test_a_demo_that_fits_loaded_data_stays_a_warning():
    [(_, severity, _)] = policy_findings(DEMO.replace("DATA", 'tf.io.parse_tensor(tf.io.read_file("x"), tf.float32)'))
    assert severity == "warning"


def test_a_script_with_no_code_of_its_own_is_a_program_whatever_it_fits():
    script = DEMO.replace("DATA", "tf.random.normal((1, 4, 1))").replace(
        "class Haar(tf.keras.layers.Layer):\n    def call(self, x):\n        return x[:, ::2] + x[:, 1::2]\n",
        "Haar = tf.keras.layers.Identity\n")
    [(_, severity, _)] = policy_findings(script)
    assert severity == "warning"
