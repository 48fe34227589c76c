"""TFP702: which `fit` trains a Keras model. Set 68's yadlt programs build a project model in a `__main__` block and
call its own sklearn-like `fit` (`dae = DenoisingAutoencoder(...)` ... `dae.fit(trX, trX)`): the module-level name
is read where it is bound, so its class decides (the project's `fit`, followed as project code: a TF1 session's
`minimize` trains no Keras model). A `fit` on an object of no class the source shows that passes a keyword no Keras
training call takes (`layer_obj.fit(x, x, graph=graph)`, set 67's `config.fit(batch=65000, method="BFGS")`) would
raise in Keras: not a Keras model's training. A Keras `compile(optimizer=..., loss=...)` stays one. A `fit` of an
object a class stores on `self` is judged by what its methods store there (set 70's odin: a scikit-learn `SVC`, or a
project class whose own `fit` is followed), as a local name is by its bindings."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.linter import lint_text


def codes(code: str) -> list[str]:
    return [f.code for f in lint_text(textwrap.dedent(code), "train.py", target="gaudi2", select=["TFP702"])]


def test_a_fit_with_keywords_keras_does_not_take_is_no_keras_training():
    assert codes("""\
        import tensorflow as tf
        from physics.config_loader import load_config

        config = load_config("config.yml")
        result = config.fit(batch=65000, method="BFGS", maxiter=2000)
        """) == []


def test_a_fit_with_keras_keywords_and_a_compile_with_its_own_train():
    fit = codes("""\
        import tensorflow as tf
        from physics.models import build

        model = build()
        model.fit(data, epochs=5, steps_per_epoch=100, validation_data=val, callbacks=[])
        """)
    compiled = codes("""\
        import tensorflow as tf
        from tensorflow import keras

        def trainer_fn(args):
            inputs = keras.layers.Input(shape=(4,))
            model = keras.Model(inputs, keras.layers.Dense(3)(inputs))
            model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            return tf.keras.estimator.model_to_estimator(keras_model=model)

        if __name__ == "__main__":
            trainer_fn(None)
        """)
    assert fit == ["TFP702"] and compiled == ["TFP702"]


MODEL = """\
import tensorflow as tf


class Model(object):
    def fit(self, train_x, train_y=None):
        loss = tf.reduce_mean(tf.square(self.w - train_x))
        self.step = tf.train.AdamOptimizer(0.01).minimize(loss)
        with tf.Session() as sess:
            sess.run(self.step)
"""
WRAPPER = """\
import tensorflow as tf
from tensorflow import keras


class Classifier(object):
    def fit(self, x, y, lr=0.01):
        self.model = keras.Sequential([keras.layers.Dense(3)])
        self.model.compile(optimizer=keras.optimizers.Adam(lr), loss="mse")
        self.model.fit(x, y)
"""


def test_a_main_block_object_of_a_project_class_runs_the_classes_own_fit(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/wrapper.py": WRAPPER,
                           "run_model.py": """\
import numpy as np
import tensorflow as tf
from pkg import model

if __name__ == "__main__":
    dae = model.Model()
    dae.fit(np.zeros((4, 4)), np.zeros((4, 4)))
""", "run_wrapper.py": """\
import numpy as np
import tensorflow as tf
from pkg.wrapper import Classifier

clf = Classifier()
clf.fit(np.zeros((4, 4)), np.zeros((4, 3)), lr=0.1)
"""})
    found = lint_paths([str(root)], target="gaudi2", select=["TFP702"], jobs=1).findings
    warned = sorted({f.location.source.path.rpartition("/")[2] for f in found if f.severity.value == "warning"})
    assert warned == ["run_wrapper.py"]  # (the wrapper's own fit trains its Keras model; the TF1 model's does not)


# odin's scoring.py (set 70): a scikit-learn-style class of the project whose `fit` fits the objects it stores on
# `self`, a scikit-learn SVC and a project class (itself fitting a scikit-learn LDA it may leave None)
SCORING = """\
    import tensorflow as tf
    from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn.svm import SVC


    class Normalizer(object):
        def __init__(self, lda=True):
            self._lda = LinearDiscriminantAnalysis() if lda else None

        def fit(self, X, y):
            if self._lda is not None:
                self._lda.fit(X, y)
            return self


    class Scorer(object):
        def __init__(self, lda=True):
            self._normalizer = Normalizer(lda)
            self._svm = None

        def fit(self, X, y):
            self._normalizer.fit(X, y)
            self._svm = SVC(C=1)
            self._svm.fit(X, y)
            return self
    """
SCORE = """\
    import numpy as np
    import tensorflow as tf
    from pkg.scoring import Scorer

    scorer = Scorer(lda=True)
    scorer.fit(X=np.zeros([4, 2]), y=np.zeros([4]))
    """


def test_a_fit_of_the_objects_a_class_stores_is_judged_by_what_it_stores(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/scoring.py": SCORING, "score.py": SCORE})
    assert lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings == []


def test_a_stored_keras_model_or_an_object_of_unknown_origin_still_trains(tmp_path):
    keras = SCORING.replace("self._svm = SVC(C=1)", "self._svm = tf.keras.Sequential([tf.keras.layers.Dense(1)])")
    made = SCORING.replace("self._svm = SVC(C=1)", "self._svm = make_model()")
    for scoring in (keras, made):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/scoring.py": scoring, "score.py": SCORE})
        found = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP702"], jobs=1).findings
        assert ("score.py", 6) in [(f.source.path.rsplit("/", 1)[-1], f.source.line) for f in found], scoring
