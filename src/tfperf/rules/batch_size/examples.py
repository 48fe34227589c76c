"""VALID / INVALID examples of TFP801: compiled Keras models whose training step is captured at a
batch (`train=True, batch_size=N`), as `tfperf check --model file.py:model --train --batch-size N` does.
The finding names the model's input layer: where the batch enters the step."""

from tfperf.rules.base import Example

_SMALL_CNN = """\
import keras

model = keras.Sequential([
    keras.Input((28, 28, 1), name="images"),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10),
])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
"""

_WIDE_MLP = """\
import keras

model = keras.Sequential([
    keras.Input((4096,), name="features"),
    keras.layers.Dense(4096, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer="sgd", loss="mse")
"""

INVALID = (
    Example(note="batch 2: under a quarter of the throughput knee, the device is underused", code=_SMALL_CNN,
            train=True, batch_size=2, target="gaudi2", layers=("images",)),
    Example(note="batch 2**20 needs more memory than the first-generation Gaudi has: it will run out of memory",
            code=_WIDE_MLP, train=True, batch_size=2 ** 20, target="gaudi", layers=("features",)),
)

VALID = (
    Example(note="batch 512: at the throughput knee, and it fits", code=_SMALL_CNN, train=True, batch_size=512,
            target="gaudi2"),
    Example(note="inference: TFP801 judges training steps only (`tfperf batch` advises for inference)",
            code=_SMALL_CNN, batch_size=2, target="gaudi2"),
    Example(note="the batch is fixed in the graph (keras.Input(batch_size=...)): no other batch can be priced, so it "
                 "is not judged (`tfperf batch` says so)", code="""\
import keras

model = keras.Sequential([keras.Input((64,), batch_size=2), keras.layers.Dense(10)])
model.compile(optimizer="sgd", loss="mse")
""", train=True, target="gaudi2"),
)
