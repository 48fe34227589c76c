"""The guide's batch-size table beside `tfperf batch --target gaudi --precision bf16`.

The guide ("Batch Size") lists the batches Habana uses on first-generation Gaudi, all in mixed
precision: ResNet50 256, BERT-Large pre-training phase 1 64, phase 2 8. This script builds the
models offline (weights=None, no download) and asks tfperf for its advice on the same device:

- Keras ResNet50 (keras.applications), SGD with momentum (Habana's TensorFlow ResNet50 recipe), labels
  as class ids;
- a BERT-Large-sized pre-training model in Keras 3 layers: 24 post-LN encoder blocks of width 1024,
  16 heads, feed-forward 4096, vocabulary 30522, dropout 0.1; the masked-LM head over the masked
  positions only (20 per sequence at length 128, 80 at 512, as in NVIDIA's and Google's pre-training
  scripts' max_predictions_per_seq) and the next-sentence head; LAMB (You et al. 2019), with which
  BERT is pre-trained at large batches. Phase 1: sequence 128; phase 2: sequence 512.

Nothing is fitted to the guide's numbers: the step model prices the graphs from gaudi.toml's
datasheet figures, the knee is the smallest batch within 5% of the best samples/s, memory is 32 GiB
less the default 10% reserve.

    python benchmarks/batch_guide_table.py            # all three (~5 min on 2 cores)
    python benchmarks/batch_guide_table.py --only resnet50
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.batch import advise  # noqa: E402

GUIDE = {"resnet50": 256, "bert_phase1": 64, "bert_phase2": 8}


def resnet50() -> keras.Model:
    model = keras.applications.ResNet50(weights=None)
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss="sparse_categorical_crossentropy")
    return model


def bert_pretraining(seq: int, predictions: int, *, layers: int = 24, width: int = 1024, heads: int = 16,
                     ff: int = 4096, vocab: int = 30522, dropout: float = 0.1) -> keras.Model:
    tokens = keras.Input((seq,), dtype="int32", name="tokens")
    positions = keras.Input((predictions,), dtype="int32", name="masked_positions")
    x = keras.layers.Embedding(vocab, width, name="token_embedding")(tokens)
    x = x + keras.layers.Embedding(seq, width, name="position_embedding")(keras.ops.arange(seq))
    x = keras.layers.Dropout(dropout)(keras.layers.LayerNormalization(epsilon=1e-12, name="embedding_norm")(x))
    for i in range(layers):
        attention = keras.layers.MultiHeadAttention(heads, width // heads, dropout=dropout, name=f"attention_{i}")
        x = keras.layers.LayerNormalization(epsilon=1e-12, name=f"attention_norm_{i}")(
            x + keras.layers.Dropout(dropout)(attention(x, x)))
        h = keras.layers.Dense(ff, activation="gelu", name=f"ff_in_{i}")(x)
        h = keras.layers.Dense(width, name=f"ff_out_{i}")(h)
        x = keras.layers.LayerNormalization(epsilon=1e-12, name=f"ff_norm_{i}")(x + keras.layers.Dropout(dropout)(h))
    masked = keras.layers.Lambda(lambda t: tf.gather(t[0], t[1], batch_dims=1), output_shape=(predictions, width),
                                 name="gather_masked")([x, positions])
    masked = keras.layers.Dense(width, activation="gelu", name="mlm_transform")(masked)
    masked = keras.layers.LayerNormalization(epsilon=1e-12, name="mlm_norm")(masked)
    mlm = keras.layers.Dense(vocab, name="mlm_logits")(masked)
    nsp = keras.layers.Dense(2, name="nsp_logits")(keras.layers.Dense(width, activation="tanh", name="pooler")(x[:, 0]))
    model = keras.Model([tokens, positions], [mlm, nsp], name=f"bert_large_pretraining_s{seq}")
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer=keras.optimizers.Lamb(1e-3), loss=[loss, loss])
    return model


CASES = {  # name: (factory, input shapes, label shapes); batch 8 here is only the first traced batch
    "resnet50": (resnet50, None, [((8,), "int32")]),
    "bert_phase1": (lambda: bert_pretraining(128, 20), [((8, 128), "int32"), ((8, 20), "int32")],
                    [((8, 20), "int32"), ((8,), "int32")]),
    "bert_phase2": (lambda: bert_pretraining(512, 80), [((8, 512), "int32"), ((8, 80), "int32")],
                    [((8, 80), "int32"), ((8,), "int32")]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated subset of {', '.join(CASES)}")
    parser.add_argument("--target", default="gaudi")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(CASES)
    rows = []
    for name in names:
        build, inputs, labels = CASES[name]
        start = time.perf_counter()
        advice = advise(build, target=args.target, train=True, precision="bf16", input_shapes=inputs,
                        label_shapes=labels)
        seconds = time.perf_counter() - start
        rows.append((name, advice, seconds))
        print(f"\n{name}: {seconds:.0f} s", flush=True)
        for p in advice.curve:
            print(f"  batch {p.batch:>6}  step {p.step_seconds * 1e3:9.2f} ms  {p.samples_per_second:9.1f} samples/s  "
                  f"memory {p.peak_bytes / 2**30:6.2f} GiB")
        for limit in advice.limits:
            print(f"  {limit.name:<16} {limit.batch:>6}  {limit.reason}")
    print(f"\n{'model':<14}{'guide':>7}{'tfperf':>8}{'ratio':>8}  binding limit; memory limit; samples/s at "
          "the guide's batch / at tfperf's")
    for name, advice, _ in rows:
        guide = GUIDE[name]
        at_guide = next((p for p in advice.curve if p.batch == guide), None)
        at_ours = next(p for p in advice.curve if p.batch == advice.recommended)
        rate = f"{at_guide.samples_per_second:.0f}" if at_guide else "-"
        print(f"{name:<14}{guide:>7}{advice.recommended:>8}{advice.recommended / guide:>8.2f}  {advice.binding}; "
              f"{advice.largest_fitting}; {rate} / {at_ours.samples_per_second:.0f}")


if __name__ == "__main__":
    main()
