"""Opt-in branches on a layer's constructor options, read through every construction of the class (session 30):
- a flag on by default that a branch turns off (`if not self.time_first:`, set 48's wav2vec2 quantizer; the
  `else:` of `if self._linformer_shared_kv_projection:`) is an option like one off by default, when the parameter is
  a constructor's: the index joins every construction of the class. A plain function's (`huber(is_mean=True)`, a
  loss a user calls with either) stays a mode of the function.
- an optional module given by a value (`if self._linformer_dim is not None:`, default None) is opt-in when the class
  is made in other modules too (they were not read before): each construction's value is judged, and one that
  passes a value, or one not known here, keeps the warning.
- a module's top-level function is judged by its own calls (the index joins them all, as a constructor's), not by
  a literal another function's call passes by the same keyword; and what a `__main__` block that only shows the
  module's models passes them is no caller's value, as a test's is not (session 37, set 60's deepvoxnet2).
Each with the look-alike that keeps the warning."""

from __future__ import annotations

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

BLOCK = """\
import tensorflow as tf


class Block(tf.keras.layers.Layer):
    def __init__(self, dim, time_first=True, linformer_dim=None):
        super().__init__()
        self.time_first = time_first
        self._linformer_dim = linformer_dim
        self._proj = tf.keras.layers.Dense(dim)

    def call(self, x):
        if not self.time_first:
            x = tf.transpose(x, [0, 2, 1])
        if self._linformer_dim is not None:
            x = tf.transpose(x, [0, 2, 1])
            x = self._proj(x)
        return self._proj(x)
"""
ENCODER = """\
import tensorflow as tf
from pkg.block import Block


class Encoder(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.block = Block(64ARGUMENTS)

    def call(self, x):
        return self.block(x)
"""


def transposes(tmp_path, arguments: str = ""):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/block.py": BLOCK,
                    "pkg/encoder.py": ENCODER.replace("ARGUMENTS", arguments)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP101"]).findings
    return {f.source.line: (f.severity.value, f.message) for f in findings}


def test_options_no_construction_turns_on_are_info(tmp_path):
    found = transposes(tmp_path)
    assert {line: severity for line, (severity, _) in found.items()} == {13: "info", 15: "info"}
    assert found[13][1].endswith("but only on a branch taken when time_first is off, and it is on by default: the "
                                 "copy is made only where a user turns it off (time_first is True from "
                                 "Encoder.__init__ and by default, for callers outside the project)")
    assert "(linformer_dim is None from Encoder.__init__ and by default" in found[15][1]


@pytest.mark.parametrize("arguments, line", [(", time_first=False", 13), (", linformer_dim=8", 15),
                                             (", linformer_dim=dim_of()", 15)])
def test_a_construction_that_turns_one_on_or_passes_what_is_not_known_keeps_its_warning(tmp_path, arguments, line):
    found = transposes(tmp_path, arguments)
    assert found[line][0] == "warning"
    assert {other: severity for other, (severity, _) in found.items() if other != line} == {28 - line: "info"}


def test_a_plain_functions_flag_on_by_default_stays_a_mode():
    code = """\
import tensorflow as tf

def swapped(x, time_first=True):
    if not time_first:
        x = tf.transpose(x, [0, 2, 1])
    return tf.keras.layers.Dense(4)(x)
"""
    [finding] = lint_text(code, "model.py", target="gaudi2", select=["TFP101"])
    assert "opts into" not in finding.message


UNET = """\
import tensorflow as tf


def create_NAME(x, l2_reg=1e-5, residual=False):
    y = tf.keras.layers.Conv2D(8, 3, kernel_regularizer=tf.keras.regularizers.l2(l2_reg))(x)
    if residual:
        x = tf.keras.layers.Conv2D(8, 1, kernel_regularizer=tf.keras.regularizers.l2(l2_reg))(x)
    return y + x
"""


def test_a_module_functions_option_is_judged_by_its_own_calls(tmp_path):
    # (set 60's deepvoxnet2: the v3 U-Net's demo passes `residual_connections=True`; the v1 U-Net, whose calls the
    # index joins as a constructor's, never gets it)
    demo = '\n\nif __name__ == "__main__":\n    create_vnet(tf.keras.Input((8, 8, 1)), residual=True)\n'
    tree(tmp_path, {"nets/__init__.py": "", "nets/unet.py": UNET.replace("NAME", "unet"),
                    "nets/vnet.py": UNET.replace("NAME", "vnet") + demo})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP301"]).findings
    found = {(f.source.path.rpartition("/")[2], f.source.line): f.severity.value for f in findings}
    assert found == {("unet.py", 5): "warning", ("vnet.py", 5): "warning", ("vnet.py", 7): "warning"}


BUILDER = """\
import tensorflow as tf
from nets.train import run_training

def create_unet(l2_reg=1e-5, residual=False):
    x = inputs = tf.keras.Input((8, 8, 1))
    y = tf.keras.layers.Conv2D(8, 3, kernel_regularizer=tf.keras.regularizers.l2(l2_reg))(x)
    if residual:
        x = tf.keras.layers.Conv2D(8, 1, kernel_regularizer=tf.keras.regularizers.l2(l2_reg))(x)
    return tf.keras.Model(inputs, y + x)


if __name__ == "__main__":
    model = create_unet(residual=True)
    model.summary()
"""


@pytest.mark.parametrize("extra, residual", [("", None), ("    model.fit(x, y)\n", "warning"),
                                             ("    run_training(model)\n", "warning")])
def test_what_a_block_that_only_shows_the_model_passes_is_no_callers(tmp_path, extra, residual):
    # (set 60's deepvoxnet2: the v3 U-Net's `__main__` builds it with `residual_connections=True` and plots it)
    tree(tmp_path, {"nets/__init__.py": "", "nets/unet.py": BUILDER + extra,
                    "nets/train.py": "def run_training(model):\n    return model\n"})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP301"]).findings
    found = {f.source.line: f.severity.value for f in findings}
    assert found == {6: "warning", **({8: residual} if residual else {})}


SPECTRAL = """\
import tensorflow as tf


class ComplexConv(tf.keras.layers.Layer):
    def __init__(self, rank, filters, spectral_parametrization=False):
        super().__init__()
        self.rank = rank
        self.spectral_parametrization = spectral_parametrization
        self.kernel = self.add_weight("kernel", (3, filters))

    def call(self, x):
        if self.spectral_parametrization:
            if self.rank == 1:
                x = tf.transpose(x, (2, 1, 0))
        return tf.matmul(x, self.kernel)


class ComplexConv1D(ComplexConv):
    def __init__(self, filters, spectral_parametrization=False):
        super().__init__(1, filters, spectral_parametrization=spectral_parametrization)


model = tf.keras.Sequential([ComplexConv1D(8FLAG)])
"""


@pytest.mark.parametrize("flag, severity", [("", "info"), (", spectral_parametrization=True", "warning")])
def test_an_option_no_call_turns_on_decides_before_a_required_setting_every_call_gives(tmp_path, flag, severity):
    # set 63's keras-complex: `if self.rank == 1:` is taken by every 1-D construction, but it sits under the
    # spectral option, off by default and turned on by no call: the code is opt-in by the option
    findings = lint_text(SPECTRAL.replace("FLAG", flag), "layer.py", target="gaudi2", select=["TFP101"])
    assert [(f.source.line, f.severity.value) for f in findings] == [(14, severity)]
