"""A model builder's L2 strength that only applications of a pretrained model pass (issue 11): a function that
loads a trained model's weights (`load_weights`, `load_model`), predicts with it and trains nothing is inference,
so a non-zero weight decay only it passes a builder whose default is 0 never reaches a training step (info).
INVALID look-alikes stay warnings: a caller that also fits, one that predicts without restoring weights, one that
restores and fine-tunes."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

BUILDER = """\
    import tensorflow as tf

    def create_unet(shape, weight_decay=0.0):
        inputs = tf.keras.Input(shape)
        outputs = tf.keras.layers.Conv3D(2, 3, kernel_regularizer=tf.keras.regularizers.l2(weight_decay))(inputs)
        return tf.keras.Model(inputs, outputs)
    """
APPLICATION = """\
    import tensorflow as tf
    from pkg.unet import create_unet

    def segment(image, weights):
        model = create_unet((8, 8, 8, 1), weight_decay=1e-5)
        model.load_weights(weights)
        return model.predict(image)
    """


def found(root):
    result = lint_paths([str(root)], target="gaudi2", select=["TFP301"], jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


def test_a_strength_only_a_restoring_predictor_passes_adds_no_training_term(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/unet.py": BUILDER, "pkg/apply.py": APPLICATION})
    assert found(tmp_path) == [("unet.py", 5, "info")]
    loaded = APPLICATION.replace("model.load_weights(weights)", "model = tf.keras.models.load_model(weights)")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/unet.py": BUILDER, "pkg/apply.py": loaded})
    assert found(tmp_path) == [("unet.py", 5, "info")]


def test_a_caller_that_fits_or_predicts_unrestored_weights_keeps_the_warning(tmp_path):
    fits = APPLICATION.replace("return model.predict(image)", "model.fit(image, image)\n        return model.predict(image)")
    fresh = APPLICATION.replace("        model.load_weights(weights)\n", "")
    tuned = APPLICATION.replace("return model.predict(image)",
                                "model.train_on_batch(image, image)\n        return model.predict(image)")
    for application in (fits, fresh, tuned):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/unet.py": BUILDER, "pkg/apply.py": application})
        assert found(tmp_path) == [("unet.py", 5, "warning")], application
