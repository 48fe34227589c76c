"""The gradient noise scale of a model on the user's data, measured on this machine (TensorFlow).

McCandlish et al. 2018 (appendix A.1): the squared norm of a gradient averaged over B samples has
expectation |G|^2 + tr(S)/B, so gradients at two batch sizes give unbiased estimates of both, and
B_simple = tr(S) / |G|^2. Here the small batch is the dataset's own; the big one is the mean of
`group` consecutive small ones. TensorFlow is imported when this runs, not when it is imported.
"""

from __future__ import annotations

from typing import Any

from tfperf.batch.convergence import NoiseScale


def measure_noise_scale(model: Any, dataset: Any, *, batches: int = 16, group: int = 4) -> NoiseScale:
    """Gradient norms of a compiled Keras `model` on `batches` batches of `dataset` ((x, y) elements),
    at the model's current weights. Raises ValueError when the dataset gives too few full batches."""
    import tensorflow as tf

    @tf.function
    def gradient_norm2(x, y):
        with tf.GradientTape() as tape:
            loss = model.compute_loss(x=x, y=y, y_pred=model(x, training=True), training=True)
        grads = tape.gradient(loss, model.trainable_variables)
        return [tf.cast(g, tf.float32) for g in grads if g is not None]

    small, big, size = [], [], None
    pending: list[list[Any]] = []
    for element in dataset.take(batches):
        x, y = element[0], element[1]
        batch = int(tf.nest.flatten(x)[0].shape[0])
        size = size or batch
        if batch != size:
            continue  # a partial last batch would bias the small-batch norm
        grads = gradient_norm2(x, y)
        small.append(_norm2(grads))
        pending.append(grads)
        if len(pending) == group:
            big.append(_norm2([sum(parts) / group for parts in zip(*pending)]))
            pending = []
    if not big:
        raise ValueError(f"the dataset gave {len(small)} full batch(es); the noise scale needs at least {group} "
                         "(one big batch is the mean of that many)")
    return NoiseScale(size, size * group, sum(small) / len(small), sum(big) / len(big), len(small))


def _norm2(grads: list[Any]) -> float:
    import tensorflow as tf

    return float(tf.add_n([tf.reduce_sum(tf.square(g)) for g in grads]).numpy())
