"""TFP101: a moved axis whose size is a setting the project states elsewhere (issue 11, session 26).

A transpose is logical when only axes of size 1 move. The size reaches the moved axis as an element of the shape
list a reshape or a creator is handed (`tf.reshape(X, [n, -1, self.colour_channels])`, `tf.zeros([b, n, d])`), also
through a reduction with `keepdims` over another axis; the setting is a parameter (also `self.n` stored from one),
a flag or a config field, judged by every value the project gives it (the machinery TFP601 reads summed axes' sizes
with, `passed.setting_of`). Every value 1 -> no finding; one larger or not known -> the warning stays (each form has
both). (The callers are modules that name the framework: the project's index takes calls from those.)"""

from __future__ import annotations

import textwrap

import pytest
from test_source_transpose_set11 import found  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths


def lines(tmp_path, files: dict) -> list[tuple[str, int, str]]:
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    return [(name, line, severity) for name, line, _, severity in
            found(lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"]))]


PATCHES = """\
import tensorflow as tf


class Convolutional(tf.keras.layers.Layer):
    def __init__(self, patch, colour_channels=1, **kwargs):
        super().__init__(**kwargs)
        self.patch = patch
        self.colour_channels = colour_channels

    def call(self, x):
        n = tf.shape(x)[0]
        x = tf.transpose(tf.reshape(x, [n, -1, self.colour_channels]), [0, 2, 1])
        return tf.image.extract_patches(tf.reshape(x, [-1, 28, 28, 1]), [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                                        "VALID")
"""


@pytest.mark.parametrize("build, expected", [
    ("layer = Convolutional(3)", []),  # (the default, 1: only the size-1 channel axis moves)
    ("layer = Convolutional(3, colour_channels=1)", []),
    ("layer = Convolutional(3, colour_channels=3)", [("patches.py", 12, "warning")]),  # (a caller asks for 3)
    ("import sys\nlayer = Convolutional(3, colour_channels=int(sys.argv[1]))",
     [("patches.py", 12, "warning")]),  # (not known here)
])
def test_a_constructor_setting_sizing_a_reshaped_axis(tmp_path, build, expected):
    assert lines(tmp_path, {"pkg/__init__.py": "", "pkg/patches.py": PATCHES,
                            "pkg/model.py": f"import tensorflow as tf\nfrom pkg.patches import Convolutional\n{build}\n"}
                 ) == expected


MADE = """\
import tensorflow as tf


def interests(x, k_max={default}):
    logits = tf.random.normal([tf.shape(x)[0], k_max, 64])
    return tf.transpose(logits, [0, 2, 1]) + x
"""


@pytest.mark.parametrize("default, caller, expected", [
    (1, "y = interests(a)", []),
    (1, "y = interests(a, k_max=1)", []),
    (1, "y = interests(a, k_max=4)", [6]),  # (a caller's 4 interests: a copy)
    (4, "y = interests(a)", [6]),  # (the default moves 4 rows past the 64 features)
])
def test_a_function_parameter_sizing_a_made_tensor(tmp_path, default, caller, expected):
    user = f"import tensorflow as tf\nfrom pkg.capsule import interests\na = None\n{caller}\n"
    assert [line for _, line, _ in lines(tmp_path, {"pkg/__init__.py": "",
                                                    "pkg/capsule.py": MADE.format(default=default),
                                                    "pkg/user.py": user})] == expected


KEPT = """\
import tensorflow as tf


def pooled(h, heads={default}):
    x = tf.reduce_mean(tf.reshape(h, [-1, heads, 5, 8]), axis=2, keepdims=True)
    return tf.transpose(x, [0, 3, 2, 1])
"""


@pytest.mark.parametrize("default, expected", [(1, []), (2, [6])])
def test_a_setting_kept_through_a_keepdims_reduction(tmp_path, default, expected):
    """[b, heads, 1, 8] -> [b, 8, 1, heads]: with one head only the size-1 axes move around the 8 features."""
    user = "import tensorflow as tf\nfrom pkg.pool import pooled\ny = pooled(None)\n"
    assert [line for _, line, _ in lines(tmp_path, {"pkg/__init__.py": "", "pkg/pool.py": KEPT.format(default=default),
                                                    "pkg/user.py": user})] == expected


USER = """\
import tensorflow as tf
from pkg.{module} import {function}


class Block(tf.keras.layers.Layer):
    def call(self, x):
        return {function}(x)
"""
REDUCED_OVER_IT = """\
import tensorflow as tf


def pooled(h, heads=1):
    x = tf.reduce_mean(tf.reshape(h, [-1, heads, 5, 8]), axis=1, keepdims=True)
    return tf.transpose(x, [0, 2, 3, 1]) + tf.transpose(tf.reshape(h, [-1, 5, heads, 8]), [0, 3, 1, 2])
"""


def test_a_reduced_axis_is_not_the_setting(tmp_path):
    """The kept axis the reduction makes 1 is 1 whatever the setting (the first transpose: no finding, as before);
    a transpose whose size-1 axis would not make it logical keeps the warning: [b, 5, heads, 8] -> [b, 8, 5, heads]
    moves the 8 features before the 5 positions whatever `heads` is."""
    assert lines(tmp_path, {"pkg/__init__.py": "", "pkg/pool.py": REDUCED_OVER_IT,
                            "pkg/user.py": USER.format(module="pool", function="pooled")}) == \
        [("pool.py", 6, "warning")]


FLAGGED = """\
import tensorflow as tf
from absl import flags

flags.DEFINE_integer("channels", {default}, "input channels")
FLAGS = flags.FLAGS


class Encoder(tf.keras.layers.Layer):
    def call(self, x):
        x = tf.reshape(x, [-1, 32, FLAGS.channels])
        return tf.transpose(x, [0, 2, 1])
"""


@pytest.mark.parametrize("default, expected", [(1, []), (3, [11])])
def test_a_flag_sizing_a_moved_axis(tmp_path, default, expected):
    assert [line for _, line, _ in lines(tmp_path, {"pkg/__init__.py": "",
                                                    "pkg/encoder.py": FLAGGED.format(default=default)})] == expected


CONFIGURED = """\
import dataclasses

import tensorflow as tf


@dataclasses.dataclass
class Config:
    num_global_tokens: int = 1


class Attention(tf.keras.layers.Layer):
    def __init__(self, config: Config, **kwargs):
        super().__init__(**kwargs)
        self.config = config

    def call(self, x):
        x = tf.reshape(x, [-1, 64, self.config.num_global_tokens])
        return tf.transpose(x, [0, 2, 1])


def build():
    return Attention(Config({given}))
"""


@pytest.mark.parametrize("given, expected", [("", []), ("num_global_tokens=1", []),
                                             ("num_global_tokens=8", [18])])
def test_a_config_field_sizing_a_moved_axis(tmp_path, given, expected):
    assert [line for _, line, _ in lines(tmp_path, {"pkg/__init__.py": "",
                                                    "pkg/attention.py": CONFIGURED.format(given=given)})] == expected


def test_two_settings_either_of_which_would_do_keep_the_warning(tmp_path):
    """[b, m, n] -> [b, n, m] is logical if either m or n is 1: one parameter cannot say which, the warning stays."""
    code = """\
import tensorflow as tf


def swap(x, m=1, n=1):
    return tf.transpose(tf.reshape(x, [-1, m, n]), [0, 2, 1])
"""
    user = USER.format(module="swap", function="swap")
    assert lines(tmp_path, {"pkg/__init__.py": "", "pkg/swap.py": code, "pkg/user.py": user}) == \
        [("swap.py", 5, "warning")]


LAYERED = """\
import tensorflow as tf


class Head(tf.keras.layers.Layer):
    def __init__(self, outputs={default}, **kwargs):
        super().__init__(**kwargs)
        self.outputs = outputs

    def call(self, x):
        return tf.keras.layers.Permute((2, 1))(tf.keras.layers.Reshape((-1, self.outputs))(x))
"""


@pytest.mark.parametrize("default, expected", [(1, []), (6, [10])])
def test_a_keras_reshape_layer_sizing_a_permuted_axis(tmp_path, default, expected):
    """`Reshape((-1, n))` leaves the batch out: n sizes axis 2, the one `Permute((2, 1))` moves first."""
    user = "import tensorflow as tf\nfrom pkg.head import Head\nhead = Head()\n"
    assert [line for _, line, _ in lines(tmp_path, {"pkg/__init__.py": "", "pkg/head.py": LAYERED.format(default=default),
                                                    "pkg/user.py": user})] == expected
