"""The guide's "TensorFlow Mixed Precision" section: the same small CNN trained in float32 (not
recommended) and in mixed precision with a float32 output layer (recommended).

    tfperf check examples/guide_mixed_precision.py --diff --unsafe-fixes                 # TFP702, TFP703
    tfperf check --model examples/guide_mixed_precision.py:not_recommended --train --batch-size 64
    tfperf amp --model examples/guide_mixed_precision.py:not_recommended --train --batch-size 64 \\
        --bf16-config examples/habana_bf16.json
"""

import keras


def not_recommended():
    """float32 training: every convolution and its gradients compute in float32 (TFP701 on the step;
    in the source, TFP702: no mixed-precision policy)."""
    inputs = keras.Input((56, 56, 64))
    x = keras.layers.Conv2D(128, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.Conv2D(128, 3, padding="same", activation="relu")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def recommended():
    """As Keras' mixed-precision guide writes it: the convolutions and the classifier's matmul in
    mixed_bfloat16, the softmax in float32 (TFP703), and the pooling too (a mean of 56x56 terms per
    channel). Set per layer here; a training script sets the policy once, before building the model:
    keras.mixed_precision.set_global_policy("mixed_bfloat16")."""
    inputs = keras.Input((56, 56, 64))
    x = keras.layers.Conv2D(128, 3, padding="same", activation="relu", dtype="mixed_bfloat16")(inputs)
    x = keras.layers.Conv2D(128, 3, padding="same", activation="relu", dtype="mixed_bfloat16")(x)
    x = keras.layers.GlobalAveragePooling2D(dtype="float32")(x)
    logits = keras.layers.Dense(10, dtype="mixed_bfloat16")(x)
    model = keras.Model(inputs, keras.layers.Activation("softmax", dtype="float32")(logits))
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model
