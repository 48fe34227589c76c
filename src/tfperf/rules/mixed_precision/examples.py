"""VALID / INVALID examples of TFP701-TFP704."""

from tfperf.rules.base import Example

# ---------------------------------------------------------------------------------------------
# TFP701: matrix ops in float32

TFP701_INVALID = (
    Example(note="a large float32 matmul on Gaudi 2, whose MME runs bfloat16 4x faster", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4096, 4096], tf.float32), tf.TensorSpec([4096, 4096], tf.float32)])
def model(x, w):
    return tf.nn.relu(tf.matmul(x, w))  # expect: TFP701
"""),
    Example(target="h100", note="a float32 convolution on an H100 (TF32 tensor cores: half the bfloat16 rate)", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([64, 56, 56, 256], tf.float32), tf.TensorSpec([3, 3, 256, 256], tf.float32)])
def model(x, w):
    return tf.nn.conv2d(x, w, strides=1, padding="SAME")  # expect: TFP701
"""),
)
TFP701_VALID = (
    Example(note="the matmul computes in bfloat16 already", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4096, 4096], tf.float32), tf.TensorSpec([4096, 4096], tf.bfloat16)])
def model(x, w):
    return tf.cast(tf.matmul(tf.cast(x, tf.bfloat16), w), tf.float32)
"""),
    Example(target="cpu", note="a CPU without bf16 arithmetic: 16-bit is no faster", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4096, 4096], tf.float32), tf.TensorSpec([4096, 4096], tf.float32)])
def model(x, w):
    return tf.matmul(x, w)
"""),
    Example(note="a tiny matmul: launches and casts cost more than 16-bit saves", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8], tf.float32), tf.TensorSpec([8, 8], tf.float32)])
def model(x, w):
    return tf.matmul(x, w)
"""),
)

# ---------------------------------------------------------------------------------------------
# TFP702: no or a late mixed-precision policy

TFP702_INVALID = (
    Example(kind="source", note="a Keras training script with no policy", code="""\
import keras

def build_model():
    return keras.Sequential([  # expect: TFP702
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10),
    ])

model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=2)
""", expected="""\
import keras

def build_model():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    return keras.Sequential([  # expect: TFP702
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10),
    ])

model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=2)
"""),
    Example(kind="source", note="the policy set after the layers are built (just before compile)", code="""\
import tensorflow as tf

inputs = tf.keras.Input((32,))
hidden = tf.keras.layers.Dense(64, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(10)(hidden)
model = tf.keras.Model(inputs, outputs)
tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")  # expect: TFP702
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
""", expected="""\
import tensorflow as tf

tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
inputs = tf.keras.Input((32,))
hidden = tf.keras.layers.Dense(64, activation="relu")(inputs)
outputs = tf.keras.layers.Dense(10)(hidden)
model = tf.keras.Model(inputs, outputs)
# expect: TFP702
model.compile(optimizer="adam", loss="mse")
model.fit(x, y)
"""),
    Example(kind="source", note="a custom training loop (tf.GradientTape) with no policy", code="""\
import tensorflow as tf
from tensorflow import keras

model = keras.applications.ResNet50(weights=None)  # expect: TFP702
optimizer = keras.optimizers.SGD(0.1)

@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = keras.losses.sparse_categorical_crossentropy(labels, model(images, training=True))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
""", expected="""\
import tensorflow as tf
from tensorflow import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = keras.applications.ResNet50(weights=None)  # expect: TFP702
optimizer = keras.optimizers.SGD(0.1)

@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        loss = keras.losses.sparse_categorical_crossentropy(labels, model(images, training=True))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
"""),
    Example(kind="source", note="a program's __main__ block: the policy line goes inside it (before it, it would "
            "run whenever the module is imported)", code="""\
import tensorflow as tf

def helper():
    return 1

if __name__ == "__main__":
    inputs = tf.keras.Input((32,))
    x = tf.keras.layers.Dense(256)(inputs)  # expect: TFP702
    model = tf.keras.Model(inputs, x)
    model.compile(loss="mse", optimizer="adam")
    model.fit(features, targets)
""", expected="""\
import tensorflow as tf

def helper():
    return 1

if __name__ == "__main__":
    tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
    inputs = tf.keras.Input((32,))
    x = tf.keras.layers.Dense(256)(inputs)  # expect: TFP702
    model = tf.keras.Model(inputs, x)
    model.compile(loss="mse", optimizer="adam")
    model.fit(features, targets)
"""),
    Example(kind="source", note="the policy set through keras.mixed_precision.experimental, which TensorFlow 2.9 "
            "removed: the call fails, no policy is set", code="""\
import tensorflow as tf

def main():
    try:
        tf.keras.mixed_precision.experimental.set_policy("mixed_bfloat16")
    except AttributeError:
        pass
    model = tf.keras.applications.ResNet50(weights=None)  # expect: TFP702
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(images, labels)

if __name__ == "__main__":
    main()
""", expected="""\
import tensorflow as tf

def main():
    try:
        tf.keras.mixed_precision.experimental.set_policy("mixed_bfloat16")
    except AttributeError:
        pass
    tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
    model = tf.keras.applications.ResNet50(weights=None)  # expect: TFP702
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(images, labels)

if __name__ == "__main__":
    main()
"""),
    Example(kind="source", note="a policy set only where a GPU is found: on Gaudi none is, the model trains in "
            "float32", code="""\
import tensorflow as tf

def enable_mixed_precision():
    if not tf.config.list_physical_devices("GPU"):
        return False
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    return True

enable_mixed_precision()
model = tf.keras.applications.ResNet50(weights=None)  # expect: TFP702
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(images, labels)
""", expected="""\
import tensorflow as tf

def enable_mixed_precision():
    if not tf.config.list_physical_devices("GPU"):
        return False
    tf.keras.mixed_precision.set_global_policy("mixed_float16")
    return True

enable_mixed_precision()
tf.keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = tf.keras.applications.ResNet50(weights=None)  # expect: TFP702
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
model.fit(images, labels)
"""),
)
TFP702_VALID = (
    Example(kind="source", note="the policy is set before the model is built", code="""\
import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = keras.Sequential([keras.layers.Dense(10)])
model.compile(optimizer="sgd", loss="mse")
"""),
    Example(kind="source", note="set in main() before it calls the function that builds the model", code="""\
import keras

def build_model():
    return keras.Sequential([keras.layers.Dense(10)])

def main():
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    model = build_model()
    model.fit(x, y)

main()
"""),
    Example(kind="source", note="builds a model but does not train it (inference)", code="""\
import keras

model = keras.applications.MobileNetV2(weights=None)
predictions = model.predict(images)
"""),
    Example(kind="source", target="cpu", note="a CPU target: 16-bit computes no faster there", code="""\
import keras

model = keras.Sequential([keras.layers.Dense(10)])
model.compile(optimizer="sgd", loss="mse")
"""),
)

# ---------------------------------------------------------------------------------------------
# TFP703: precision-sensitive work in 16-bit

TFP703_INVALID = (
    Example(note="softmax over bfloat16 logits", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 1000], tf.float32)])
def model(logits):
    probabilities = tf.nn.softmax(tf.cast(logits, tf.bfloat16))  # expect: TFP703
    return tf.cast(probabilities, tf.float32)
"""),
    Example(note="a mean of 4096 terms per result in bfloat16", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 4096], tf.bfloat16)])
def model(x):
    return tf.cast(tf.reduce_mean(x, axis=-1), tf.float32)  # expect: TFP703
"""),
    Example(note="a Keras softmax output layer under mixed_bfloat16", layers=("probabilities",), code="""\
import keras

model = keras.Sequential([keras.Input((16,)),
                          keras.layers.Dense(10, activation="softmax", dtype="mixed_bfloat16", name="probabilities")])
"""),
    Example(kind="source", note="the output layer under the global policy", code="""\
import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),  # expect: TFP703
])
""", expected="""\
import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax", dtype="float32"),  # expect: TFP703
])
"""),
    Example(kind="source", note="a softmax layer given a 16-bit policy of its own, and a bare Softmax()", code="""\
import tensorflow as tf

outputs = tf.keras.layers.Activation("softmax", dtype="mixed_bfloat16")(logits)  # expect: TFP703
tf.keras.mixed_precision.set_global_policy("mixed_float16")
probabilities = tf.keras.layers.Softmax()(scores)  # expect: TFP703
""", expected="""\
import tensorflow as tf

outputs = tf.keras.layers.Activation("softmax", dtype="float32")(logits)  # expect: TFP703
tf.keras.mixed_precision.set_global_policy("mixed_float16")
probabilities = tf.keras.layers.Softmax(dtype="float32")(scores)  # expect: TFP703
"""),
)
TFP703_VALID = (
    Example(note="the softmax computes in float32 after a bfloat16 matmul", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 512], tf.bfloat16), tf.TensorSpec([512, 1000], tf.bfloat16)])
def model(x, w):
    return tf.nn.softmax(tf.cast(tf.matmul(x, w), tf.float32))
"""),
    Example(note="a mean of 64 terms in bfloat16 (too few to lose any)", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([4, 64], tf.bfloat16)])
def model(x):
    return tf.cast(tf.reduce_mean(x, axis=-1), tf.float32)
"""),
    Example(note="Keras' advice followed: a float32 output layer after a mixed_bfloat16 one", code="""\
import keras

model = keras.Sequential([keras.Input((16,)),
                          keras.layers.Dense(64, activation="relu", dtype="mixed_bfloat16", name="hidden"),
                          keras.layers.Dense(10, activation="softmax", dtype="float32", name="probabilities")])
"""),
    Example(kind="source", note="the output layer in float32 under the global policy", code="""\
import keras

keras.mixed_precision.set_global_policy("mixed_bfloat16")
model = keras.Sequential([
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(10, activation="softmax", dtype="float32"),
])
"""),
    Example(kind="source", note="a float32 model: no 16-bit policy", code="""\
import keras

model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
"""),
)

# ---------------------------------------------------------------------------------------------
# TFP704: cast ping-pong

TFP704_INVALID = (
    Example(note="bfloat16 -> float32 -> bfloat16 around a ReLU and a scaling", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([64, 1024], tf.bfloat16)])
def model(x):
    h = tf.cast(x, tf.float32)  # expect: TFP704
    h = tf.nn.relu(h) * 2.0
    return tf.matmul(tf.cast(h, tf.bfloat16), tf.ones([1024, 16], tf.bfloat16))
"""),
    Example(note="a cast to bfloat16 cast straight back", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([64, 1024], tf.float32)])
def model(x):
    y = tf.cast(tf.cast(x, tf.bfloat16), tf.float32)  # expect: TFP704
    return y * 2.0
"""),
)
TFP704_VALID = (
    Example(note="a float32 island holding a normalisation's statistics: the price of precision", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([64, 1024], tf.bfloat16)])
def model(x):
    h = tf.cast(x, tf.float32)
    centred = h - tf.reduce_mean(h, axis=-1, keepdims=True)
    return tf.matmul(tf.cast(centred, tf.bfloat16), tf.ones([1024, 16], tf.bfloat16))
"""),
    Example(note="a bfloat16 island around a matmul: the matmul gains", code="""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([64, 1024], tf.float32)])
def model(x):
    y = tf.matmul(tf.cast(x, tf.bfloat16), tf.ones([1024, 1024], tf.bfloat16))
    return tf.nn.softmax(tf.cast(y, tf.float32))
"""),
)
