"""keras.applications models built offline (weights=None), as users port them.

ResNet50 pads explicitly before its stem convolution and max-pool (ZeroPadding2D `conv1_pad`,
`pool1_pad`) and MobileNetV2 before its strided depthwise convolutions: tfperf flags each (TFP201).

    tfperf check --model examples/keras_applications.py:resnet50 --batch-size 8
    tfperf check --model examples/keras_applications.py:mobilenet_v2 --batch-size 8
    tfperf estimate --model examples/keras_applications.py:resnet50_training --train --batch-size 32
"""

import keras


def resnet50():
    return keras.applications.ResNet50(weights=None)


def resnet50_training():
    """ResNet50 compiled as it trains on Gaudi: bfloat16 mixed precision, SGD with momentum."""
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        model = keras.applications.ResNet50(weights=None)
    finally:
        keras.mixed_precision.set_global_policy("float32")  # the layers keep the policy they were built with
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="categorical_crossentropy")
    return model


def mobilenet_v2():
    return keras.applications.MobileNetV2(weights=None)


def efficientnet_b0():
    return keras.applications.EfficientNetB0(weights=None)


if __name__ == "__main__":
    for build in (resnet50, mobilenet_v2, efficientnet_b0):
        model = build()
        print(f"{model.name}: {model.count_params():,} parameters, input {model.input_shape}")
