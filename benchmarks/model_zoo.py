"""tfperf on a zoo of 17 real models, built offline (weights=None, no download): what `check` finds
in inference and in the training step, and what `optimize` does to the inference graph.

    python benchmarks/model_zoo.py [--size 128] [--batch 2] [--repeats 7] [--only NAME] [--json FILE]

Per model: graph nodes and capture time (inference, then --train: model.fit's step), findings by
code on gaudi2; for optimize: sites rewritten, verification on random inputs, the step model's
predicted time on gaudi2 before -> after (never higher after: passes that would raise it are held
back), and the measured ratio here (original / optimized median, interleaved) with the p10..p90
band of a no-op control (the unchanged graph rebuilt alike): a ratio inside it is noise.

The zoo: 13 keras.applications models; a Keras 3 Transformer encoder classifier and a small Vision
Transformer (keras.io's example architectures, written out here); a BERT-base-sized encoder
(keras_hub's BertBackbone from a config when keras_hub is installed, else the same layers in plain
Keras 3, and the table says which); a U-Net (keras.io's segmentation example).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfperf.analyze import check_graph  # noqa: E402
from tfperf.capture import from_keras, from_training  # noqa: E402
from tfperf.rewrite import optimize  # noqa: E402

TARGET = "gaudi2"
APPLICATIONS = ["ResNet50", "ResNet50V2", "DenseNet121", "MobileNetV2", "MobileNetV3Small", "EfficientNetB0",
                "EfficientNetV2B0", "NASNetMobile", "ConvNeXtTiny", "InceptionV3", "Xception", "VGG16", "MobileNet"]
SEQUENCE = 128


def application(name: str, size: int):
    def build():
        return getattr(keras.applications, name)(weights=None, input_shape=(size, size, 3), classes=10)
    return build


def transformer_classifier():
    """keras.io "Text classification with Transformer": embedding + position, one encoder block."""
    tokens = keras.Input((SEQUENCE,), dtype="int32", name="tokens")
    x = keras.layers.Embedding(20000, 128)(tokens) + keras.layers.Embedding(SEQUENCE, 128)(
        keras.ops.arange(SEQUENCE)[None, :])
    for _ in range(2):
        attention = keras.layers.MultiHeadAttention(4, 32)(x, x)
        x = keras.layers.LayerNormalization()(x + attention)
        ffn = keras.layers.Dense(128)(keras.layers.Dense(512, activation="gelu")(x))
        x = keras.layers.LayerNormalization()(x + ffn)
    x = keras.layers.GlobalAveragePooling1D()(x)
    return keras.Model(tokens, keras.layers.Dense(2)(x), name="transformer")


def vision_transformer(size: int):
    """keras.io "Image classification with Vision Transformer", small: 16x16 patches, 4 blocks."""
    images = keras.Input((size, size, 3))
    patches = keras.layers.Conv2D(192, 16, strides=16)(images)  # patch embedding
    x = keras.layers.Reshape(((size // 16) ** 2, 192))(patches)
    for _ in range(4):
        y = keras.layers.LayerNormalization()(x)
        x = x + keras.layers.MultiHeadAttention(3, 64)(y, y)
        y = keras.layers.LayerNormalization()(x)
        x = x + keras.layers.Dense(192)(keras.layers.Dense(768, activation="gelu")(y))
    x = keras.layers.GlobalAveragePooling1D()(keras.layers.LayerNormalization()(x))
    return keras.Model(images, keras.layers.Dense(10)(x), name="vit")


def unet(size: int):
    """keras.io "Image segmentation with a U-Net-like architecture" (separable convs, residuals)."""
    inputs = keras.Input((size, size, 3))
    x = keras.layers.Activation("relu")(keras.layers.BatchNormalization()(
        keras.layers.Conv2D(32, 3, strides=2, padding="same")(inputs)))
    previous = x
    for filters in (64, 128, 256):
        for _ in range(2):
            x = keras.layers.Activation("relu")(x)
            x = keras.layers.BatchNormalization()(keras.layers.SeparableConv2D(filters, 3, padding="same")(x))
        x = keras.layers.MaxPooling2D(3, strides=2, padding="same")(x)
        x = keras.layers.add([x, keras.layers.Conv2D(filters, 1, strides=2, padding="same")(previous)])
        previous = x
    for filters in (256, 128, 64, 32):
        for _ in range(2):
            x = keras.layers.Activation("relu")(x)
            x = keras.layers.BatchNormalization()(keras.layers.Conv2DTranspose(filters, 3, padding="same")(x))
        x = keras.layers.UpSampling2D(2)(x)
        x = keras.layers.add([x, keras.layers.Conv2D(filters, 1, padding="same")(keras.layers.UpSampling2D(2)(previous))])
        previous = x
    return keras.Model(inputs, keras.layers.Conv2D(3, 3, activation="softmax", padding="same")(x), name="unet")


def bert_base():
    """A BERT-base-sized encoder (12 layers, 768 wide, 12 heads), dict inputs like keras_hub's."""
    try:
        import keras_hub
    except ImportError:
        return _plain_bert(), "plain Keras 3 BERT-base layers (keras_hub not installed)"
    model = keras_hub.models.BertBackbone(vocabulary_size=30522, num_layers=12, num_heads=12, hidden_dim=768,
                                          intermediate_dim=3072, max_sequence_length=512)
    return model, f"keras_hub {keras_hub.__version__} BertBackbone from a config"


def _plain_bert():
    names = ("token_ids", "segment_ids", "padding_mask")
    inputs = {n: keras.Input((None,), dtype="int32", name=n) for n in names}
    x = keras.layers.Embedding(30522, 768)(inputs["token_ids"]) + keras.layers.Embedding(2, 768)(inputs["segment_ids"])
    x = keras.layers.LayerNormalization()(x)
    mask = keras.ops.cast(inputs["padding_mask"][:, None, :], "bool")
    for _ in range(12):
        x = keras.layers.LayerNormalization()(x + keras.layers.MultiHeadAttention(12, 64)(x, x, attention_mask=mask))
        x = keras.layers.LayerNormalization()(x + keras.layers.Dense(768)(keras.layers.Dense(3072, activation="gelu")(x)))
    return keras.Model(inputs, x, name="bert_base")


def zoo(size: int):
    """(name, factory -> (model, note), input specs or None, compile loss)."""
    models = [(name, lambda n=name: (application(n, size)(), "keras.applications, weights=None"), None,
               "sparse_categorical_crossentropy") for name in APPLICATIONS]
    models += [
        ("Transformer", lambda: (transformer_classifier(), "keras.io text-classification Transformer"),
         None, "sparse_categorical_crossentropy"),
        ("ViT", lambda: (vision_transformer(size), "keras.io Vision Transformer, small"), None,
         "sparse_categorical_crossentropy"),
        ("U-Net", lambda: (unet(size), "keras.io U-Net segmentation"), None, "mse"),
        ("BERT-base", bert_base, "bert", "mse"),
    ]
    return models


def codes(findings) -> str:
    counts = Counter(f.code for f in findings)
    return " ".join(f"{c}x{n}" for c, n in sorted(counts.items())) or "-"


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def run(name, factory, specs_kind, loss, batch: int, repeats: int) -> dict:
    keras.backend.clear_session()
    (model, note), built = timed(factory)
    specs = [((batch, SEQUENCE), "int32")] * 3 if specs_kind == "bert" else None
    ranges = {"padding_mask": (0, 2)} if specs_kind == "bert" else None
    row = {"model": name, "note": note, "params": model.count_params(), "build_s": built}
    graph, row["capture_s"] = timed(lambda: from_keras(model, specs, batch_size=batch))
    row["nodes"] = len(graph)
    row["findings"] = codes(check_graph(graph, TARGET))
    model.compile(optimizer="sgd", loss=loss)
    try:
        step, row["train_capture_s"] = timed(lambda: from_training(model, specs, batch_size=batch))
        row["train_nodes"], row["train_findings"] = len(step), codes(check_graph(step, TARGET))
    except Exception as exc:  # reported in the table, not hidden
        row["train_nodes"], row["train_findings"] = 0, f"error: {str(exc).splitlines()[0][:80]}"
    try:
        result = optimize(model, specs, origin=name, batch_size=batch, target=TARGET, bench=True, repeats=repeats,
                          draws=2, input_ranges=ranges)
        report = result.report
        row["sites"] = ", ".join(f"{p.name} {len(p.sites)}" for p in report.passes if p.sites) or "-"
        row["verified"] = f"{report.verification.draws} draws, err {report.verification.max_error:.1g}"
        row["predicted_us"] = [report.predicted.before * 1e6, report.predicted.after * 1e6]
        bench = report.bench
        row["ratio"], row["noise"], row["beyond_noise"] = bench.speedup, list(bench.noise), bench.beyond_noise
        row["shapes"] = bench.inputs
        row["notes"] = report.notes
    except Exception as exc:
        row["sites"] = f"error: {str(exc).splitlines()[0][:120]}"
    return row


HEADER = ("model", "nodes", "capture s", "findings (inference)", "train nodes", "train capture s",
          "findings (--train)", "optimize sites", "verified", "predicted gaudi2 µs", "ratio here", "no-op band")


def cells(row: dict) -> list[str]:
    predicted = row.get("predicted_us")
    noise = row.get("noise")
    verdict = "" if row.get("beyond_noise") is None else (" beyond" if row["beyond_noise"] else " noise")
    return [row["model"], str(row["nodes"]), f"{row['capture_s']:.1f}", row["findings"], str(row["train_nodes"]),
            f"{row.get('train_capture_s', 0):.1f}", row["train_findings"], row.get("sites", "-"),
            row.get("verified", "-"),
            f"{predicted[0]:,.1f} -> {predicted[1]:,.1f}" if predicted else "-",
            f"{row['ratio']:.2f}x{verdict}" if "ratio" in row else "-",
            f"{noise[0]:.2f}-{noise[1]:.2f}x" if noise else "-"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=128, help="image size of the vision models")
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=7, help="timed calls per variant for the bench")
    parser.add_argument("--only", help="only the models whose name contains this")
    parser.add_argument("--json", help="also write the rows here")
    a = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}, {os.cpu_count()} CPU cores; target {TARGET}; "
          f"images {a.size}x{a.size}, sequences {SEQUENCE}, batch {a.batch}; bench: median of {a.repeats} "
          "interleaved calls after warm-up, ratio = original / optimized", flush=True)
    print("| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER), flush=True)
    rows = []
    for name, factory, specs, loss in zoo(a.size):
        if a.only and a.only.lower() not in name.lower():
            continue
        rows.append(run(name, factory, specs, loss, a.batch, a.repeats))
        print("| " + " | ".join(cells(rows[-1])) + " |", flush=True)
    for row in rows:
        for note in row.get("notes", []):
            print(f"{row['model']}: note: {note}")
        print(f"{row['model']}: {row['note']}, {row['params']:,} parameters, bench at {row.get('shapes', '-')}")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as stream:
            json.dump(rows, stream, indent=1)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
