"""`finalize`: end a tf.data pipeline the way the guide asks, changing no element.

Only fixes that keep every element and its order are applied: the pipeline's own options with
autotune on, a final `prefetch(AUTOTUNE)`, and `prefetch_to_device` when the target's accelerator
is present on this machine. Parallelizing a map is not among them: a map with random ops or Python
state may draw differently when it runs in parallel (TFP404 explains where it is worth it).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tfperf import targets
from tfperf.targets import Target


class Finalized(NamedTuple):
    dataset: Any  # the tf.data.Dataset to iterate
    changes: tuple[str, ...]  # what finalize did, one sentence each (empty: nothing to do)


def finalize(dataset: Any, target: Target | str | None = None, *, device: str | None = None,
             autotune: bool = True) -> Finalized:
    """`dataset` with the safe fixes of TFP401/TFP403 applied, and what was changed.

    `target` names the accelerator to prefetch to (default: the one present here, HPU before GPU);
    `device` overrides it ("/device:GPU:0"). `autotune=False` leaves the pipeline's options alone.
    """
    import tensorflow as tf

    from tfperf.capture.dataset import from_dataset, is_dataset

    if not isinstance(dataset, tf.data.Dataset):
        kind = "a distributed dataset: finalize the dataset before handing it to the strategy" \
            if is_dataset(dataset) else f"{type(dataset).__name__}, not a tf.data.Dataset"
        raise TypeError(f"finalize: got {kind}")
    pipeline = from_dataset(dataset, "finalize")
    changes: list[str] = []
    if autotune and dataset.options().autotune.enabled is False:
        dataset = _with_autotune(dataset)
        changes.append("turned autotune on (it was off): TensorFlow tunes parallelism and buffer sizes, "
                       "and injects its own optimizations")
    end = pipeline.chain()[-1] if len(pipeline) else None
    device_copy = pipeline.device_copy()
    if end is not None and end.method != "prefetch" and device_copy is None:
        dataset = dataset.prefetch(tf.data.AUTOTUNE)
        changes.append(f"appended .prefetch(tf.data.AUTOTUNE) after {end.call()}")
    device = device or _present_accelerator(target)
    if device and device_copy is None:
        dataset = dataset.apply(tf.data.experimental.prefetch_to_device(device))
        changes.append(f'appended .apply(tf.data.experimental.prefetch_to_device("{device}"))')
    return Finalized(dataset, tuple(changes))


def _with_autotune(dataset: Any) -> Any:
    import tensorflow as tf

    options = tf.data.Options()
    options.autotune.enabled = True
    return with_options(dataset, options)


def with_options(dataset: Any, options: Any) -> Any:
    """dataset.with_options(options), without TensorFlow's log line for each value it overrides."""
    from absl import logging

    level = logging.get_verbosity()
    logging.set_verbosity(logging.ERROR)
    try:
        return dataset.with_options(options)
    finally:
        logging.set_verbosity(level)


def _present_accelerator(target: Target | str | None) -> str | None:
    """The first device of the target's type on this machine (any accelerator when no target is named)."""
    import tensorflow as tf

    if target is None:
        kinds = ["HPU", "GPU"]
    else:
        profile = target if isinstance(target, Target) else targets.load(target)
        kinds = [profile.device_type] if profile.is_accelerator else []
    for kind in kinds:
        if tf.config.list_logical_devices(kind):
            return f"/device:{kind}:0"
    return None
