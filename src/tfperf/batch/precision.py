"""Building a model under Keras's mixed-precision policy (`tfperf batch --precision`), here and in
the measuring process alike."""

from __future__ import annotations

import contextlib
from typing import Iterator

PRECISIONS = {"fp32": "float32", "bf16": "mixed_bfloat16", "fp16": "mixed_float16"}


@contextlib.contextmanager
def keras_policy(precision: str | None) -> Iterator[None]:
    """Build under Keras's global dtype policy for `precision` ("bf16", "fp16", "fp32"), then restore it."""
    if precision is None:
        yield
        return
    if precision not in PRECISIONS:
        raise ValueError(f"precision is one of {', '.join(PRECISIONS)}, not {precision!r}")
    import keras

    before = keras.mixed_precision.global_policy().name
    keras.mixed_precision.set_global_policy(PRECISIONS[precision])
    try:
        yield
    finally:
        keras.mixed_precision.set_global_policy(before)
