"""Convergence caps on the global batch: published critical batch sizes, the gradient noise scale, and
how the learning rate usually follows the batch.

Beyond some global batch a larger one no longer trains in fewer steps (McCandlish et al. 2018; Shallue
et al. 2019): the guide's example is ResNet50, which converges up to a global batch of about 32K, so
with more devices each takes less. `critical_batch` looks the model's family up in a table of
published figures (each cited); `simple_noise_scale` turns gradient norms measured at two batch
sizes into McCandlish et al.'s simple noise scale, an estimate of the critical batch for the user's
own data. TensorFlow-free: tfperf.batch.noise measures the norms.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CriticalBatch:
    """A cap on the global batch, and where it comes from."""

    batch: int
    family: str  # what it applies to: "ResNet-50 on ImageNet", "your data (gradient noise scale)", ...
    source: str  # the citation, or how it was measured
    note: str = ""

    def per_device(self, devices: int) -> int:
        return max(1, self.batch // max(1, devices))

    def to_dict(self) -> dict:
        return {"global_batch": self.batch, "family": self.family, "source": self.source, "note": self.note}


# (pattern on the model's name, the published cap). A name matches at a word start: "resnet50", "ResNet50V2",
# "bert_large". Only families whose convergence limit is published are here; others get no cap, and say so.
PUBLISHED = (
    (re.compile(r"(^|[^a-z])resnet[-_]?50", re.I), CriticalBatch(
        32768, "ResNet-50 on ImageNet",
        "Habana, Optimization in TensorFlow Models, 'Batch Size': the highest global batch that gives RN50 "
        "convergence is around 32K; You et al. 2017, ImageNet Training in Minutes (arXiv:1709.05011), and Akiba "
        "et al. 2017, Extremely Large Minibatch SGD (arXiv:1711.04325): 32K",
        "32K needs a layer-wise optimizer (LARS) or RMSprop warm-up; with momentum SGD, the linear scaling rule and "
        "warm-up, Goyal et al. 2017 (arXiv:1706.02677) kept accuracy up to 8K")),
    (re.compile(r"(^|[^a-z])bert", re.I), CriticalBatch(
        32768, "BERT-Large pre-training",
        "You et al. 2019, Large Batch Optimization for Deep Learning: Training BERT in 76 minutes "
        "(arXiv:1904.00962): LAMB with global batches of 65536 (phase 1, sequence 128) and 32768 (phase 2, "
        "sequence 512) without loss of accuracy; the smaller is the cap here",
        "the same paper: earlier large-batch techniques did not carry BERT beyond 8192")),
)


def critical_batch(name: str) -> CriticalBatch | None:
    """The published convergence cap for a model called `name`, or None when its family is not known."""
    for pattern, cap in PUBLISHED:
        if pattern.search(name):
            return cap
    return None


NOISE_SCALE_SOURCE = ("McCandlish et al. 2018, An Empirical Model of Large-Batch Training (arXiv:1812.06162): the "
                      "simple noise scale tr(S)/|G|^2 from gradient norms at two batch sizes (their appendix A.1)")


@dataclass(frozen=True)
class NoiseScale:
    """McCandlish et al.'s simple noise scale, B_simple = tr(S) / |G|^2, from measured gradient norms."""

    b_small: int
    b_big: int
    small_norm2: float  # mean |G_est|^2 of gradients over b_small samples
    big_norm2: float  # mean |G_est|^2 of gradients over b_big samples
    estimates: int  # how many gradients of b_small samples went in

    @property
    def gradient_norm2(self) -> float:
        """|G|^2, unbiased: (B_big |G_big|^2 - B_small |G_small|^2) / (B_big - B_small)."""
        return (self.b_big * self.big_norm2 - self.b_small * self.small_norm2) / (self.b_big - self.b_small)

    @property
    def trace(self) -> float:
        """tr(S), unbiased: (|G_small|^2 - |G_big|^2) / (1/B_small - 1/B_big)."""
        return (self.small_norm2 - self.big_norm2) / (1 / self.b_small - 1 / self.b_big)

    @property
    def simple(self) -> float | None:
        """B_simple; None when the measurement cannot tell (no signal above the noise, or no noise)."""
        g2, s = self.gradient_norm2, self.trace
        if g2 <= 0 or s <= 0 or not math.isfinite(g2 / s):
            return None
        return s / g2

    def critical(self) -> CriticalBatch | None:
        simple = self.simple
        if simple is None:
            return None
        return CriticalBatch(max(1, round(simple)), "your data (gradient noise scale)", NOISE_SCALE_SOURCE,
                             f"measured here from {self.estimates} gradients of {self.b_small} samples at the "
                             "model's current weights; the noise scale grows as the loss falls, so a measurement "
                             "at initialization is a low estimate of the batch that stays efficient later")

    def to_dict(self) -> dict:
        return {"b_small": self.b_small, "b_big": self.b_big, "small_norm2": self.small_norm2,
                "big_norm2": self.big_norm2, "gradient_norm2": self.gradient_norm2, "trace": self.trace,
                "simple": self.simple, "estimates": self.estimates}


LINEAR_SCALING = "Goyal et al. 2017, Accurate, Large Minibatch SGD, arXiv:1706.02677"
SQRT_SCALING = "Malladi et al. 2022, On the SDEs and Scaling Rules for Adaptive Gradient Algorithms, NeurIPS"
ADAPTIVE = ("adam", "adamw", "adamax", "nadam", "rmsprop", "lamb", "lion", "adafactor", "adagrad", "adadelta")


def learning_rate_advice(current: int, recommended: int, optimizer: str | None = None) -> str | None:
    """How the learning rate usually follows a change of batch: advice, never applied."""
    if current == recommended:
        return None
    k = recommended / current
    name = (optimizer or "").split("(")[0]
    if name.lower() in ADAPTIVE:
        return (f"batch x{k:.3g}: for {name} the learning rate usually goes x{math.sqrt(k):.3g}, the square root "
                f"({SQRT_SCALING}), with a warm-up; check convergence")
    return (f"batch x{k:.3g}: the learning rate usually goes x{k:.3g} with a gradual warm-up, the linear scaling "
            f"rule ({LINEAR_SCALING}); check convergence")
