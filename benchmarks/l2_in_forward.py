"""Training step time with L2 weight regularizers in the loss vs the same decay in the gradients.

Two models, each built twice with the same weights: one with Keras `L2(1e-4)` on every kernel (the
penalty computed in the forward pass and differentiated in the backward pass), one converted by
`tfperf.train.move_l2_to_gradients` (the decay added in the optimizer's update). Steps of the two
alternate (warm-up first); each step is timed; the table gives the median step time of each and
the ratio L2-in-loss / decay with its spread (25th-75th percentile of the per-pair ratios).

    python benchmarks/l2_in_forward.py [--reps 15] [--only resnet50|dense]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.train import move_l2_to_gradients  # noqa: E402

L2 = 1e-4


def resnet50(batch: int = 8):
    model = keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3), classes=10)
    data = (tf.random.normal([batch, 64, 64, 3]), tf.one_hot(tf.random.uniform([batch], 0, 10, tf.int32), 10))
    return model, lambda: keras.optimizers.SGD(0.01, momentum=0.9), "categorical_crossentropy", data


def dense_stack(layers: int = 12, hidden: int = 768, intermediate: int = 3072, batch: int = 2, seq: int = 128):
    """BERT-base sized feed-forward blocks (residual, LayerNorm): 12 x (768 -> 3072 -> 768), 57M weights."""
    inputs = keras.Input((seq, hidden))
    x = inputs
    for i in range(layers):
        h = keras.layers.Dense(intermediate, activation="gelu", name=f"ffn{i}_in")(x)
        h = keras.layers.Dense(hidden, name=f"ffn{i}_out")(h)
        x = keras.layers.LayerNormalization(name=f"ffn{i}_norm")(x + h)
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(x[:, 0]))
    data = (tf.random.normal([batch, seq, hidden]), tf.random.normal([batch, 2]))
    return model, lambda: keras.optimizers.Adam(1e-4), "mse", data


MODELS = {"resnet50": ("ResNet50 64x64, batch 8, SGD+momentum", resnet50),
          "dense": ("BERT-sized dense stack, 2x128 tokens, Adam", dense_stack)}


def regularize(model) -> int:
    kernels = [v for v in model.trainable_weights if v.path.endswith("kernel")]
    for v in kernels:
        v.regularizer = keras.regularizers.L2(L2)
    return sum(int(np.prod(v.shape)) for v in kernels)


def timed_step(model, data):
    """One training step of a compiled model, timed until its loss is back."""
    step = tf.function(lambda x, y: model.train_step((x, y)))
    x, y = data

    def run() -> float:
        start = time.perf_counter()
        float(step(x, y)["loss"])
        return time.perf_counter() - start

    return run


def measure(build, reps: int):
    model, optimizer, loss, data = build()
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    params = regularize(model)
    regularize(copy)
    for m in (model, copy):
        m.compile(optimizer=optimizer(), loss=loss)
    move_l2_to_gradients(copy)  # the regularizers leave the loss; copy.optimizer adds the decay
    penalty, decay = timed_step(model, data), timed_step(copy, data)
    for run in (penalty, decay, penalty, decay):  # warm-up: tracing, first touch of memory
        run()
    pairs = []
    for i in range(reps):  # interleaved, alternating which goes first
        if i % 2:
            b, a = decay(), penalty()
        else:
            a, b = penalty(), decay()
        pairs.append((a, b))
    return params, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--only", choices=sorted(MODELS))
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPU cores, TensorFlow {tf.__version__}, median of {args.reps} interleaved steps\n")
    print(f"{'model':<44}{'L2 weights':>12}{'L2 in loss':>12}{'decay':>10}{'ratio':>8}  spread (p25-p75)")
    for key, (title, build) in MODELS.items():
        if args.only and key != args.only:
            continue
        params, pairs = measure(build, args.reps)
        with_penalty = statistics.median(a for a, _ in pairs)
        with_decay = statistics.median(b for _, b in pairs)
        ratios = sorted(a / b for a, b in pairs)
        q = statistics.quantiles(ratios, n=4)
        print(f"{title:<44}{params / 1e6:>11.1f}M{with_penalty * 1e3:>10.1f}ms{with_decay * 1e3:>8.1f}ms"
              f"{with_penalty / with_decay:>8.3f}  {q[0]:.3f}-{q[2]:.3f}")


if __name__ == "__main__":
    main()
