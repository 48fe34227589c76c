"""TFP301: a strength followed through a class hierarchy's constructors (`passed`): `self.<attr>` read in a subclass
whose base's constructor stores it from its parameter (`passed.HELD`: what that parameter takes from every
construction), a base's constructor called as `Base.__init__(self, ...)` (its arguments after `self` are the base's
parameters by position), `super().__init__(...)` passing a parameter by position among many, and subclass defaults
that differ from the base's. A zero chain is info for Keras's `L2` (it computes `0 * sum(w**2)`) and nothing for
`L1L2` (it skips a zero part); one caller passing a strength keeps the warning; a value not known here too."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths


def findings(root, files):
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


LAYER = """\
import tensorflow as tf
from tensorflow.keras.regularizers import L1L2


class FBILayer(tf.keras.layers.Layer):
    def __init__(self, fbi_l2=0.0, units=4, **kwargs):
        super().__init__(**kwargs)
        self.fbi_l2 = fbi_l2
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(name="w", shape=(input_shape[-1], self.units), regularizer={regularizer})
"""

BASE = """\
import tensorflow as tf


class Base(tf.keras.Model):
    def __init__(self, feature_names, task, units=4, fbi_l2=0.0, seed=1):
        super().__init__()
        self.fbi_l2 = fbi_l2
        self.units = units
"""

# the subclasses build the layer from what the base's constructor stores (`self.fbi_l2`)
HELD_MODELS = """\
import tensorflow as tf

from pkg.base import Base
from pkg.layers import FBILayer


class AFM(Base):
    def __init__(self, feature_names, task="binary", units=4, fbi_l2=0.0, seed=1):
        super().__init__(feature_names, task, units, fbi_l2, seed)
        self.fbi = FBILayer(self.fbi_l2, self.units)

    def call(self, x):
        return self.fbi(x)


class DIFM(Base):
    def __init__(self, feature_names, task="binary", units=8, fbi_l2=0.0, seed=2):
        super(DIFM, self).__init__(feature_names, task, units, fbi_l2, seed)
        self.fbi = FBILayer(fbi_l2=self.fbi_l2, units=self.units)

    def call(self, x):
        return self.fbi(x)


def train(ds):
    model = AFM(["a"]{passed})
    model.compile(optimizer="adam", loss="mse")
    model.fit(ds)
"""

L2 = "tf.keras.regularizers.L2(self.fbi_l2)"
L1L2 = "L1L2(0.0, self.fbi_l2)"


def tree(models, regularizer=L2, base=BASE):
    return {"pkg/__init__.py": "", "pkg/layers.py": LAYER.format(regularizer=regularizer), "pkg/base.py": base,
            "pkg/models.py": models}


def test_valid_zero_strength_a_base_constructor_stores(tmp_path):
    assert findings(tmp_path, tree(HELD_MODELS.format(passed=""))) == [("layers.py", 12, "info")]


def test_valid_zero_l1l2_a_base_constructor_stores(tmp_path):
    assert findings(tmp_path, tree(HELD_MODELS.format(passed=""), L1L2)) == []


@pytest.mark.parametrize("passed", [", fbi_l2=1e-4", ", 'binary', 4, 1e-4"])
def test_invalid_a_caller_passes_a_strength_a_base_constructor_stores(tmp_path, passed):
    assert findings(tmp_path, tree(HELD_MODELS.format(passed=passed), L1L2)) == [("layers.py", 12, "warning")]


def test_valid_base_in_the_same_file(tmp_path):
    models = BASE + HELD_MODELS.format(passed="").replace("from pkg.base import Base\n", "")
    files = tree(models)
    del files["pkg/base.py"]
    assert findings(tmp_path, files) == [("layers.py", 12, "info")]


@pytest.mark.parametrize("store", [
    "        self.fbi_l2 = fbi_l2\n\n    def reset(self):\n        self.fbi_l2 = 0.5\n",  # stored twice
    "        self.fbi_l2 = fbi_l2 or 0.01\n",  # stored as no parameter
])
def test_invalid_a_base_that_stores_more_than_its_parameter(tmp_path, store):
    base = BASE.replace("        self.fbi_l2 = fbi_l2\n", "") + store
    assert findings(tmp_path, tree(HELD_MODELS.format(passed=""), L1L2, base)) == [("layers.py", 12, "warning")]


def test_invalid_a_base_not_of_the_project_may_set_it(tmp_path):
    models = HELD_MODELS.format(passed="").replace("class AFM(Base):", "class AFM(Base, tf.keras.layers.Layer):")
    assert ("layers.py", 12, "warning") in findings(tmp_path, tree(models, L1L2))


BUILT_BASE = """\
import tensorflow as tf
from pkg.layers import FBILayer


class Base(tf.keras.Model):
    def __init__(self, feature_names, task, units=4, fbi_l2=0.0, seed=1):
        super().__init__()
        self.fbi = FBILayer(fbi_l2=fbi_l2, units=units)

    def call(self, x):
        return self.fbi(x)
"""

# `Base.__init__(self, ...)`: `self` first, then the base's parameters by position
EXPLICIT_MODELS = """\
import tensorflow as tf

from pkg.base import Base


class AFM(Base):
    def __init__(self, feature_names, task="binary", units=4, fbi_l2=0.0, seed=1):
        Base.__init__(self, feature_names, task, units, fbi_l2, seed)


def train(ds):
    model = AFM(["a"]{passed})
    model.compile(optimizer="adam", loss="mse")
    model.fit(ds)
"""


def test_invalid_explicit_base_constructor_handed_a_strength(tmp_path):
    files = tree(EXPLICIT_MODELS.format(passed=", fbi_l2=1e-4"), L1L2, BUILT_BASE)
    assert findings(tmp_path, files) == [("layers.py", 12, "warning")]


def test_valid_explicit_base_constructor_maps_past_self(tmp_path):
    # (`units=7` is the argument after `fbi_l2`'s place counted with `self`: read there, it would be a strength)
    files = tree(EXPLICIT_MODELS.format(passed=", units=7"), L2, BUILT_BASE)
    assert findings(tmp_path, files) == [("layers.py", 12, "info")]


def _wide(default: str = "0.0", passed: str = "") -> str:
    """Thirty parameters, the strength the twentieth, passed on by position."""
    names = [f"p{i}" for i in range(30)]
    names[19] = "fbi_l2"
    base_sig = ", ".join(f"{n}=0.0" if n == "fbi_l2" else f"{n}=1" for n in names)
    sub_sig = ", ".join(f"{n}={default}" if n == "fbi_l2" else f"{n}=1" for n in names)
    base = BUILT_BASE.replace("units=4, fbi_l2=0.0, seed=1", base_sig).replace("units=units", "units=p0")
    models = "import tensorflow as tf\n\nfrom pkg.base import Base\n"
    for cls in ("AFM", "DIFM", "NFM"):
        models += f"\n\nclass {cls}(Base):\n    def __init__(self, feature_names, task='binary', {sub_sig}):\n" \
                  f"        super().__init__(feature_names, task, {', '.join(names)})\n"
    models += f"\n\ndef train(ds):\n    model = AFM(['a']{passed})\n    model.compile(optimizer='adam', loss='mse')\n" \
              "    model.fit(ds)\n"
    return base, models


@pytest.mark.parametrize("default, passed, expected", [
    ("0.0", "", "info"),  # a zero chain
    ("0.0", ", fbi_l2=1e-4", "warning"),  # one caller passes a strength
    ("1e-4", "", "warning"),  # a subclass's default differs from the base's
])
def test_positional_super_constructor_among_many(tmp_path, default, passed, expected):
    base, models = _wide(default, passed)
    assert findings(tmp_path, tree(models, L2, base)) == [("layers.py", 12, expected)]


def test_valid_what_this_subclass_passes_its_base_not_a_siblings(tmp_path):
    # (DIFM stores a strength in the base too, but builds no FBILayer: AFM's layer takes only what AFM passes)
    models = HELD_MODELS.format(passed="").replace('units=8, fbi_l2=0.0, seed=2', 'units=8, fbi_l2=1e-4, seed=2')
    models = models.replace("self.fbi = FBILayer(fbi_l2=self.fbi_l2, units=self.units)", "self.fbi = tf.keras.layers.Dense(4)")
    assert findings(tmp_path, tree(models)) == [("layers.py", 12, "info")]


def test_invalid_a_subclass_without_a_constructor_takes_every_construction_of_its_base(tmp_path):
    models = HELD_MODELS.format(passed="").replace('''    def __init__(self, feature_names, task="binary", units=4, fbi_l2=0.0, seed=1):
        super().__init__(feature_names, task, units, fbi_l2, seed)
        self.fbi = FBILayer(self.fbi_l2, self.units)
''', '''    def build(self, input_shape):
        self.fbi = FBILayer(self.fbi_l2, self.units)
''').replace('units=8, fbi_l2=0.0, seed=2', 'units=8, fbi_l2=1e-4, seed=2')
    assert findings(tmp_path, tree(models)) == [("layers.py", 12, "warning")]
