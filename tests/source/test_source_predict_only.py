"""Code that runs only in a Keras model built to predict (issue 11, held-out set 34: deepposekit's keypoint heads,
`Maxima2D` / `SubpixelMaxima2D`, added only to the `predict_model` its `predict` runs, warned as if a training
step ran them), and a SavedModel's serving signatures. Each VALID form (info) beside the INVALID look-alike (the
warning stays):

- `context.predict_only_statements`: a functional model (`Model(inputs, outputs)`, `keras.Model(inputs=...,
  outputs=...)`, `Sequential([...])` and its `.add(...)`) bound to a name or to `self.<attr>` whose every use in
  the file predicts (`.predict`, `.predict_on_batch`, `.predict_generator`) or only reads, saves or loads it, and
  the statements whose names flow only into it, are inference; a model also compiled, fit, called (even with
  `training=False`: a frozen teacher runs in the step) or handed on is not;
- `steps.made_off_step`: a layer's `call` is no root of the training step when every construction of its class
  in the project is in code off the step (such a model's head, a function named for export; not one named only
  for prediction, a word that also names a forward pass); one also made
  elsewhere, referred to without a call (a `custom_objects` registry), or subclassed in the project, stays one.
  `super(Cls, self)` and `isinstance(x, Cls)` name the class without making it: no reference;
- `symbols._export_signatures`: a function exported as a serving signature (`signatures=serve`, a dict of
  `serve.get_concrete_function(...)`, `tf.function(serve, input_signature=...)`) is called by export code.
"""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

HEAD = """\
    import tensorflow as tf

    class Peak(tf.keras.layers.Layer):
        def __init__(self, index=3, **kwargs):
            super(Peak, self).__init__(**kwargs)
            self.index = index

        def call(self, x):
            return tf.transpose(x, [0, 3, 1, 2])
    """
NET = """\
    import tensorflow as tf

    class Net(tf.keras.layers.Layer):
        def call(self, x):
            return x
    """


def found(tmp_path, files):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/heads.py": HEAD, "pkg/net.py": NET, **files})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in result.findings if f.code == "TFP101")


INFO = [("heads.py", 9, "info")]
WARNING = [("heads.py", 9, "warning")]

DEEPPOSEKIT = """\
    from tensorflow.keras import Model
    from tensorflow.keras.layers import Input
    from pkg.heads import Peak

    class BaseModel:
        def __init__(self, shape):
            self.inputs = Input(shape)
            self.train_model = Model(self.inputs, self.inputs)
            self.__init_predict_model__()

        def __init_predict_model__(self):
            outputs = self.train_model(self.inputs)
            if isinstance(outputs, list):
                outputs = outputs[-1]
            keypoints = Peak(index=3)(outputs)
            self.predict_model = Model(self.inputs, keypoints, name=self.train_model.name)
            self.predict = self.predict_model.predict
            self.predict_on_batch = self.predict_model.predict_on_batch

        def fit(self, x, y):
            self.train_model.compile("adam", "mse")
            return self.train_model.fit(x, y)
    """


def test_a_head_added_only_to_a_model_built_to_predict_is_inference(tmp_path):
    assert found(tmp_path, {"pkg/engine.py": DEEPPOSEKIT}) == INFO


def test_a_head_also_added_to_the_trained_model_stays_a_warning(tmp_path):
    trained = DEEPPOSEKIT.replace("self.train_model = Model(self.inputs, self.inputs)",
                                  "self.train_model = Model(self.inputs, Peak()(self.inputs))")
    assert found(tmp_path, {"pkg/engine.py": trained}) == WARNING


def test_a_model_built_in_a_neutral_function_and_only_predicted_with(tmp_path):
    build = """\
        import tensorflow as tf
        from pkg.heads import Peak

        class Pose:
            def build(self, shape):
                inputs = tf.keras.Input(shape)
                heat = tf.keras.layers.Conv2D(8, 1)(inputs)
                self.train_model = tf.keras.Model(inputs, heat)
                peaks = Peak()(heat)
                self.model = tf.keras.Model(inputs=inputs, outputs=peaks)

            def keypoints(self, images):
                return self.model.predict_on_batch(images)

            def train(self, x, y):
                self.train_model.compile("adam", "mse")
                self.train_model.fit(x, y)
        """
    assert found(tmp_path, {"pkg/pose.py": build}) == INFO
    # the same model also fit: it trains the head
    fitted = build.replace("self.train_model.fit(x, y)", "self.model.fit(x, y)")
    assert found(tmp_path, {"pkg/pose.py": fitted}) == WARNING
    # called plainly (in a step that may train it): not only predicted with
    called = build.replace("return self.model.predict_on_batch(images)", "return self.model(images)")
    assert found(tmp_path, {"pkg/pose.py": called}) == WARNING


def test_a_local_model_predicted_with_and_saved(tmp_path):
    local = """\
        import keras
        from pkg.heads import Peak

        def detect(backbone, images, path):
            inputs = keras.Input((64, 64, 3))
            scores = backbone(inputs)
            head = Peak()
            model = keras.Model(inputs, head(scores))
            model.summary()
            model.save(path)
            return model.predict(images)
        """
    assert found(tmp_path, {"pkg/detect.py": local}) == INFO
    returned = local.replace("return model.predict(images)", "return model")
    assert found(tmp_path, {"pkg/detect.py": returned}) == WARNING  # (handed on: who knows what trains it)
    also_returned = local.replace("    return model.predict(images)",
                                  "    outputs = model.predict(images)\n            return outputs, head")
    assert found(tmp_path, {"pkg/detect.py": also_returned}) == WARNING  # (the layer itself handed on)
    # called with training=False: a frozen model may run in another model's step (a teacher, a backbone)
    frozen = local.replace("return model.predict(images)", "return model(images, training=False)")
    assert found(tmp_path, {"pkg/detect.py": frozen}) == WARNING


def test_a_sequential_model_and_its_add_only_predicted_with(tmp_path):
    listed = """\
        import tensorflow as tf
        from pkg.heads import Peak

        def run(base, images):
            model = tf.keras.Sequential([base, Peak()])
            return model.predict(images)
        """
    assert found(tmp_path, {"pkg/run.py": listed}) == INFO
    added = """\
        import tf_keras
        from pkg.heads import Peak

        def run(base, images):
            model = tf_keras.Sequential()
            model.add(base)
            model.add(Peak())
            return model.predict_generator(images)
        """
    assert found(tmp_path, {"pkg/run.py": added}) == INFO
    compiled = added.replace("return model.predict_generator(images)",
                             "model.compile('adam', 'mse')\n    return model.predict_generator(images)")
    assert found(tmp_path, {"pkg/run.py": compiled}) == WARNING


def test_a_transpose_written_in_a_predict_only_model_is_inference(tmp_path):
    inline = """\
        import tensorflow as tf

        def keypoint_model(net):
            inputs = tf.keras.Input((64, 64, 8))
            heat = net(inputs)
            nchw = tf.transpose(heat, [0, 3, 1, 2])
            model = tf.keras.Model(inputs, nchw)
            return model.predict
        """
    result = found(tmp_path, {"pkg/keypoints.py": inline})
    assert ("keypoints.py", 6, "info") in result
    trained = inline.replace("return model.predict", "model.fit(inputs, inputs)\n            return model")
    assert ("keypoints.py", 6, "warning") in found(tmp_path, {"pkg/keypoints.py": trained})


def test_a_layer_class_also_registered_in_custom_objects_or_subclassed_stays_a_warning(tmp_path):
    registered = DEEPPOSEKIT + "\n\ndef load(path):\n    import tensorflow as tf\n" \
        "    return tf.keras.models.load_model(path, custom_objects={'Peak': Peak})\n"
    assert found(tmp_path, {"pkg/engine.py": registered}) == WARNING
    subclassed = DEEPPOSEKIT + "\n\nclass Wider(Peak):\n    pass\n"
    assert found(tmp_path, {"pkg/engine.py": subclassed}) == WARNING


def test_a_layer_made_in_a_function_named_for_export_not_only_for_prediction(tmp_path):
    export = """\
        import tensorflow as tf
        from pkg.heads import Peak

        def export_model(model, path):
            outputs = Peak()(model.outputs[0])
            tf.keras.Model(model.inputs, outputs).save(path)
        """
    assert found(tmp_path, {"pkg/exporting.py": export}) == INFO
    neutral = export.replace("def export_model", "def wrap_model")
    assert found(tmp_path, {"pkg/exporting.py": neutral}) == WARNING  # (a model any code may train)
    # a name that says only prediction: "predict" also names a forward pass (`_build_prediction_head`)
    predicting = export.replace("def export_model", "def add_prediction_head")
    assert found(tmp_path, {"pkg/exporting.py": predicting}) == WARNING


SERVE = """\
    import tensorflow as tf

    @tf.function(input_signature=[tf.TensorSpec([None, 8, 8, 3])])
    def respond(images):
        return tf.transpose(images, [0, 3, 1, 2])

    class Exporter:
        def handler(self, images):
            return tf.transpose(images, [0, 3, 1, 2])

    def save(module, path):
        exporter = Exporter()
        tf.saved_model.save(module, path, signatures=SIGNATURES)
    """


def said(tmp_path, files, line):
    """The message of the finding at app.py:line."""
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/heads.py": HEAD, "pkg/net.py": NET, **files})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    return next(f.message for f in result.findings if f.code == "TFP101" and f.source.path.endswith("app.py")
                and f.source.line == line)


def test_a_function_exported_as_a_serving_signature_is_export_code(tmp_path):
    for signatures, line in (("respond", 5), ("{'serving_default': respond.get_concrete_function()}", 5),
                             ("tf.function(respond, input_signature=[tf.TensorSpec([None, 8, 8, 3])])", 5),
                             ("{'serving_default': exporter.handler}", 9)):
        source = SERVE.replace("SIGNATURES", signatures)
        assert "[export/serving code" in said(tmp_path, {"pkg/app.py": source}, line), signatures
    # handed to anything else: a reference of unknown use, the step by default
    other = SERVE.replace("signatures=SIGNATURES", "options=respond")
    assert "[export" not in said(tmp_path, {"pkg/app.py": other}, 5)


# `optin._constructed`: an option a class's constructor takes (`self.full_cov` from `full_cov=False`) is decided by
# the constructions the index joins; a literal some other call passes by the same keyword says nothing of it
# (held-out set 29: gpflux's `GPLayer` under `if self.full_cov:`, while its samplers call `sample_mvn(...,
# full_cov=True)`)
GP_LAYER = """\
    import tensorflow as tf

    class GPLayer(tf.keras.layers.Layer):
        def __init__(self, units, full_cov: bool = False):
            super().__init__()
            self.full_cov = full_cov

        def call(self, samples):
            if self.full_cov:
                samples = tf.linalg.adjoint(samples)
            return samples

    def sample_mvn(mean, cov, full_cov=False):
        return mean

    def draw(mean, cov):
        return sample_mvn(mean, cov, full_cov=True)
    """


def test_a_constructor_option_is_decided_by_the_constructions_not_by_a_keyword_elsewhere(tmp_path):
    build = "import tensorflow as tf\nfrom pkg.gp import GPLayer\n\ndef build():\n    return GPLayer(8)\n"
    result = found(tmp_path, {"pkg/gp.py": GP_LAYER, "pkg/model.py": build})
    assert ("gp.py", 10, "info") in result
    turned_on = build.replace("GPLayer(8)", "GPLayer(8, full_cov=True)")
    assert ("gp.py", 10, "warning") in found(tmp_path, {"pkg/gp.py": GP_LAYER, "pkg/model.py": turned_on})
    subclass = "import tensorflow as tf\nfrom pkg.gp import GPLayer\n\nclass Full(GPLayer):\n    def __init__(self, units):\n" \
        "        super().__init__(units, full_cov=True)\n"
    assert ("gp.py", 10, "warning") in found(tmp_path, {"pkg/gp.py": GP_LAYER, "pkg/model.py": build,
                                                        "pkg/full.py": subclass})
    # a method's option (`call(x, full_cov=...)`): the index does not join `layer(x, full_cov=True)` to `call`, so
    # a literal passed by that keyword anywhere may be it, as before
    method = GP_LAYER.replace("def call(self, samples):\n            if self.full_cov:",
                              "def call(self, samples, full_cov=False):\n            if full_cov:")
    assert ("gp.py", 10, "warning") in found(tmp_path, {"pkg/gp.py": method, "pkg/model.py": build})


# `transpose.source._guarded_calls` for a layer: its `call` runs where its instances are applied (`self._decomp(x)`,
# `Decomp()(x)`); every application in the file under a setting no value of the project takes (`optin.opt_in`:
# `if self.method == "dft":` with "moving_avg" by default) is an option off by default (held-out set 21: TimeMixer's
# `DFT_series_decomp`, applied only when `decomp_method == "dft_decomp"`)
MIXING = """\
    import tensorflow as tf

    class Decomp(tf.keras.layers.Layer):
        def call(self, x):
            return tf.transpose(x, [0, 2, 1])

    class Mixing(tf.keras.layers.Layer):
        def __init__(self, method="moving_avg"):
            super().__init__()
            self.method = method
            self._decomp = Decomp()

        def call(self, x):
            if self.method == "dft":
                return self._decomp(x)
            return x
    """


def test_a_layer_applied_only_under_a_setting_off_by_default(tmp_path):
    build = "import tensorflow as tf\nfrom pkg.mixing import Mixing\n\ndef build():\n    return Mixing()\n"
    assert ("mixing.py", 5, "info") in found(tmp_path, {"pkg/mixing.py": MIXING, "pkg/model.py": build})
    chosen = build.replace("Mixing()", "Mixing(method='dft')")
    assert ("mixing.py", 5, "warning") in found(tmp_path, {"pkg/mixing.py": MIXING, "pkg/model.py": chosen})
    # also applied without the setting, or made in another module: the step may run it
    unguarded = MIXING.replace("            return x\n", "            return self._decomp(x) + x\n")
    assert ("mixing.py", 5, "warning") in found(tmp_path, {"pkg/mixing.py": unguarded, "pkg/model.py": build})
    elsewhere = build.replace("from pkg.mixing import Mixing", "from pkg.mixing import Decomp, Mixing").replace(
        "return Mixing()", "return Mixing(), Decomp()")
    assert ("mixing.py", 5, "warning") in found(tmp_path, {"pkg/mixing.py": MIXING, "pkg/model.py": elsewhere})


# `shapes.is_weight` / `weights_only`: Keras's and tf.Module's lists of variables (`trainable_weights`,
# `trainable_variables`, `non_trainable_*`) hold weights; a property getter of the class is read where `self.<name>`
# reads it (held-out set 33: bert4keras's CRF `trans` property, `lr_multiplier * self._trans` of an `add_weight`)
CRF = """\
    import tensorflow as tf

    class CRF(tf.keras.layers.Layer):
        def __init__(self, lr_multiplier=1):
            super().__init__()
            self.lr_multiplier = lr_multiplier

        def build(self, shape):
            self._trans = self.add_weight(name="trans", shape=(8, 8))
            self.dense = tf.keras.layers.Dense(8)

        @property
        def trans(self):
            if self.lr_multiplier != 1:
                return self.lr_multiplier * self._trans
            return self._trans

        def call(self, x):
            a = tf.transpose(self.trans)
            b = tf.transpose(self.dense.trainable_weights[0])
            c = tf.transpose(self.trainable_variables[1])
            d = tf.transpose(self.scores)
            return a, b, c, d

        @property
        def scores(self):
            return self.last_inputs
    """


def test_weight_lists_and_properties_returning_weights(tmp_path):
    result = found(tmp_path, {"pkg/crf.py": CRF})
    assert [r for r in result if r[0] == "crf.py"] == [("crf.py", 19, "info"), ("crf.py", 20, "info"),
                                                       ("crf.py", 21, "info"), ("crf.py", 22, "warning")]


# `transpose.source._dead_value`: what the transpose makes (also through the calls it is an argument of) assigned to a
# name the function never reads, or that is assigned again before any read: a traced graph prunes it (held-out set 21: tfts' Autoformer,
# `delays_agg = tf.zeros_like(tf.transpose(q, perm))` then `delays_agg = tf.reduce_sum(...)`)
DEAD = """\
    import tensorflow as tf

    class AutoCorrelation(tf.keras.layers.Layer):
        def call(self, q, v):
            agg = tf.zeros_like(tf.transpose(q, perm=[0, 1, 3, 2]))
            agg = tf.reduce_sum(v, axis=0)
            return agg
    """


def test_a_transpose_whose_value_no_read_reaches(tmp_path):
    assert ("dead.py", 5, "info") in found(tmp_path, {"pkg/dead.py": DEAD})
    read = DEAD.replace("agg = tf.reduce_sum(v, axis=0)", "agg = tf.reduce_sum(agg, axis=0)")
    assert ("dead.py", 5, "warning") in found(tmp_path, {"pkg/dead.py": read})
    branch = DEAD.replace("            agg = tf.reduce_sum(v, axis=0)\n",
                          "            if v is not None:\n                agg = tf.reduce_sum(v, axis=0)\n")
    assert ("dead.py", 5, "warning") in found(tmp_path, {"pkg/dead.py": branch})  # (the else path reads it)
    looped = DEAD.replace("            agg = tf.zeros_like", "            for _ in range(2):\n                out = agg\n"
                          "                agg = tf.zeros_like").replace("            agg = tf.reduce_sum(v, axis=0)\n", "")
    assert any(r[0] == "dead.py" and r[2] == "warning" for r in found(tmp_path, {"pkg/dead.py": looped}))


def test_a_transpose_assigned_to_a_name_nothing_reads(tmp_path):
    # (set 61's grapa `gvaluation`: `xp = permute(x, (0, 2, 1))`, then the values of `x`)
    unread = DEAD.replace("agg = tf.reduce_sum(v, axis=0)", "out = tf.reduce_sum(v, axis=0)").replace(
        "return agg", "return out")
    assert ("dead.py", 5, "info") in found(tmp_path, {"pkg/dead.py": unread})
    for reader in ("return out, locals()", "return (lambda: agg)()"):  # (names read without a load in the function)
        read = unread.replace("return out", reader)
        assert ("dead.py", 5, "warning") in found(tmp_path, {"pkg/dead.py": read})
    named = unread.replace("perm=[0, 1, 3, 2])", 'perm=[0, 1, 3, 2], name="q_t")')  # (a TF1 graph may fetch it)
    assert ("dead.py", 5, "warning") in found(tmp_path, {"pkg/dead.py": named})
