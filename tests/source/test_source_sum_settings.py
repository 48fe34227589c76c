"""TFP601: a summed last axis whose size is a setting the project states elsewhere (issue 11, session 25).

The size reaches the summed tensor as the depth of a one-hot, the units of a dense layer, the last element of a
reshape's shape or of the shape a tensor is made of, or the bound of a slice `[..., :n]`; the setting is a
parameter (also `self.n` stored from one), a flag or a config field. Every value the project gives it (the default,
callers' arguments, constructions, the flag's default) at most 16 -> no finding; one larger or not known -> the
finding stays (each form has both). (The callers are modules that name the framework: the project's index takes
calls from those.)"""

from __future__ import annotations

import textwrap

import pytest
from test_source_transpose_set11 import found  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths


def lines(tmp_path, files: dict) -> list[tuple[str, int]]:
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    return [(name, line) for name, line, _, _ in found(lint_paths([str(tmp_path)], target="gaudi2",
                                                                    select=["TFP601"]))]


WAE = """\
import tensorflow as tf


class WAE(tf.keras.Model):
    def __init__(self, encoder, latent_dim=8, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.latent_dim = latent_dim

    def mmd_penalty(self, pz, qz):
        norms_pz = tf.reduce_sum(tf.square(pz), axis=1, keepdims=True)
        return tf.reduce_mean(norms_pz - tf.reduce_mean(qz))

    def train_step(self, data):
        with tf.GradientTape() as tape:
            q_z = self.encoder(data)
            p_z = tf.random.normal(shape=(tf.shape(data)[0], self.latent_dim))
            loss = self.mmd_penalty(p_z, q_z)
        grads = tape.gradient(loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        return {"loss": loss}
"""


@pytest.mark.parametrize("build, expected", [
    ("model = WAE(None)", []),  # (the default, 8)
    ("model = WAE(None, latent_dim=4)", []),
    ("model = WAE(None, latent_dim=64)", [("wae.py", 11)]),  # (a caller asks for 64: no handful)
    ("import sys\nmodel = WAE(None, latent_dim=int(sys.argv[1]))", [("wae.py", 11)]),  # (not known here)
])
def test_a_constructor_setting_sizing_a_made_tensor(tmp_path, build, expected):
    assert lines(tmp_path, {"pkg/__init__.py": "", "pkg/wae.py": WAE,
                            "pkg/train.py": f"import tensorflow as tf\nfrom pkg.wae import WAE\n{build}\n"}) == expected


FORMS = """\
import tensorflow as tf


def {name}_loss(labels, logits, h, n={default}):
    {body}
"""
BODIES = {
    "one_hot": "return -tf.reduce_sum(tf.one_hot(labels, depth=n) * tf.nn.log_softmax(logits), axis=-1)",
    "dense": "return tf.reduce_sum(tf.square(tf.keras.layers.Dense(n)(h) - logits), axis=-1)",
    "reshape": "return tf.reduce_sum(tf.square(tf.reshape(h, [-1, 7, n])), axis=-1)",
    "slice": "return tf.reduce_sum(tf.square(logits[..., :n] - h), axis=-1)",
}


@pytest.mark.parametrize("name", sorted(BODIES))
@pytest.mark.parametrize("default, caller, expected", [
    (4, "", []),  # (every value small: the default alone)
    (4, "x = {name}_loss(a, b, c, n=12)", []),
    (4, "x = {name}_loss(a, b, c, n=100)", [5]),  # (one caller passes a large value)
    (256, "", [5]),  # (a large default)
    (4, "x = {name}_loss(a, b, c, n=len(a))", [5]),  # (a value not known here)
])
def test_a_parameter_sizing_the_summed_axis(tmp_path, name, default, caller, expected):
    code = FORMS.format(name=name, default=default, body=BODIES[name])
    user = f"import tensorflow as tf\nfrom pkg.losses import {name}_loss\na = b = c = None\n{caller.format(name=name)}\n"
    assert [line for _, line in lines(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": code,
                                                  "pkg/user.py": user})] == expected


FLAGGED = """\
import tensorflow as tf
from absl import flags

flags.DEFINE_integer("n_latent", {default}, "latent size")
FLAGS = flags.FLAGS


def kl_loss(labels, logits):
    hot = tf.one_hot(labels, depth=FLAGS.n_latent)
    return tf.reduce_mean(tf.reduce_sum(hot * tf.nn.log_softmax(logits), axis=-1))
"""


@pytest.mark.parametrize("default, expected", [(2, []), (512, [10])])
def test_a_flag_sizing_the_summed_axis(tmp_path, default, expected):
    assert [line for _, line in lines(tmp_path, {"pkg/__init__.py": "",
                                                  "pkg/losses.py": FLAGGED.format(default=default)})] == expected


CONFIGURED = """\
import dataclasses

import tensorflow as tf


@dataclasses.dataclass
class Config:
    num_aggregation_labels: int = 4


def aggregation_loss(config: Config, labels, logits):
    hot = tf.one_hot(labels, depth=config.num_aggregation_labels, dtype=tf.float32)
    return -tf.reduce_sum(hot * tf.nn.log_softmax(logits, axis=-1), axis=-1)


def build():
    return Config({given})
"""


@pytest.mark.parametrize("given, expected", [("", []), ("num_aggregation_labels=3", []),
                                             ("num_aggregation_labels=1000", [13])])
def test_a_config_field_sizing_the_summed_axis(tmp_path, given, expected):
    assert [line for _, line in lines(tmp_path, {"pkg/__init__.py": "",
                                                  "pkg/losses.py": CONFIGURED.format(given=given)})] == expected


REQUIRED = """\
import tensorflow as tf


class {name}:
    def __init__(self, n_classes):
        self.n_classes = n_classes

    def build_loss(self, labels, logits):
        hot = tf.one_hot(labels, depth=self.n_classes, dtype=tf.float32)
        return tf.reduce_mean(-tf.reduce_sum(hot * tf.nn.log_softmax(logits, axis=-1), axis=-1))


def build_ranker():
    return {name}(n_classes=2)
"""


@pytest.mark.parametrize("name, expected", [
    ("Classifier", [10]),  # (public, a required parameter: callers outside the project pass what is not known here)
    ("_Classifier", []),  # (private: the project's one construction, with 2, is every value)
])
def test_a_required_parameter_of_a_public_class_is_not_known(tmp_path, name, expected):
    assert [line for _, line in lines(tmp_path, {"pkg/__init__.py": "",
                                                  "pkg/model.py": REQUIRED.format(name=name)})] == expected


CHECKED = """\
import tensorflow as tf


def angle_loss(pred, bins, n={default}):
    hot = tf.ensure_shape(tf.one_hot(bins, depth=n), [None, None, n])
    hot = tf.ensure_shape(tf.nn.softmax(pred), [None, None, n]) * hot
    return tf.reduce_sum(hot, axis=-1)
"""


@pytest.mark.parametrize("default, expected", [(12, []), (64, [7])])
def test_a_shape_check_states_the_setting(tmp_path, default, expected):
    """`tf.ensure_shape(x, [..., n])` (lingvo's `py_utils.HasShape` alike) returns x of the shape it asserts."""
    assert [line for _, line in lines(tmp_path, {"pkg/__init__.py": "",
                                                  "pkg/losses.py": CHECKED.format(default=default)})] == expected
