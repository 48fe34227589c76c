"""Gradient decay in a Keras 3 optimizer: the exact replacement of an L2 penalty in the loss.

The guide's remedy, `grad = grad + weight_decay * var`, placed where Keras updates each variable:
`update_step(gradient, variable, lr)`. Keras calls it once per variable and step, after the
cross-replica gradient sum of `tf.distribute` (per device copy, with the summed gradient) and after
`LossScaleOptimizer` has unscaled the gradients, so the decay is added exactly once per step
whatever the replica count and the loss scale. Nothing here imports TensorFlow until it runs.
"""

from __future__ import annotations

from typing import Any, Mapping

_DECAYED_CLASSES: dict[type, type] = {}


def variable_name(variable: Any) -> str:
    """A Keras variable's path ("dense/kernel"), else a tf.Variable's name without ":0"."""
    return getattr(variable, "path", None) or variable.name.split(":")[0]


class GradientDecayMixin:
    """Adds `coefficient * v` to the gradient of each selected variable before the optimizer's own update.

    Mixed into a copy of the optimizer's own class by `with_gradient_decay`: the optimizer keeps its
    update rule, slots, schedule and state; only the gradient it sees changes.
    """

    # variable name -> coefficient, or one coefficient for every variable the optimizer updates
    _gradient_decay: dict[str, float] | float
    _decay_by_index: tuple[float, ...] | None = None  # aligned with the variables the optimizer was built on

    @property
    def gradient_decay(self) -> dict[str, float] | float:
        return self._gradient_decay

    def build(self, variables):
        super().build(variables)
        self._resolve_gradient_decay()

    def update_step(self, gradient, variable, learning_rate):
        coefficient = self._decay_by_index[self._get_variable_index(variable)]
        if coefficient:
            gradient = _plus_decay(gradient, variable, coefficient)
        return super().update_step(gradient, variable, learning_rate)

    def get_config(self):
        decay = self._gradient_decay
        return {**super().get_config(), "gradient_decay": decay if isinstance(decay, float) else dict(decay)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        decay = config.pop("gradient_decay", {})
        base = next(c for c in cls.__mro__[1:] if not issubclass(c, GradientDecayMixin))
        return with_gradient_decay(base.from_config(config, custom_objects), decay)

    def _resolve_gradient_decay(self) -> None:
        variables = list(self._trainable_variables)
        if isinstance(self._gradient_decay, float):
            self._decay_by_index = tuple(self._gradient_decay for _ in variables)
            return
        names = [variable_name(v) for v in variables]
        unknown = sorted(set(self._gradient_decay) - set(names))
        if unknown:
            raise ValueError(f"gradient decay names variables this optimizer does not update: {', '.join(unknown)}")
        repeated = sorted({n for n in names if names.count(n) > 1 and n in self._gradient_decay})
        if repeated:
            raise ValueError(f"gradient decay: several variables are named {', '.join(repeated)}; "
                             "give them distinct names or pass one coefficient for all")
        self._decay_by_index = tuple(float(self._gradient_decay.get(n, 0.0)) for n in names)


def _plus_decay(gradient, variable, coefficient: float):
    import tensorflow as tf

    gradient = tf.convert_to_tensor(gradient)  # sparse (embedding) gradients: the penalty made them dense too
    return gradient + tf.cast(coefficient, gradient.dtype) * tf.cast(variable, gradient.dtype)


def with_gradient_decay(optimizer: Any, decay: float | Mapping[Any, float]) -> Any:
    """Make a Keras 3 optimizer add `coefficient * v` to each selected variable's gradient.

    `decay`: one coefficient for every variable the optimizer updates (the guide's
    `wd * add_n([l2_loss(v) for v in trainable_variables])` is `decay=wd`), or a mapping from
    variables (or their names/paths) to coefficients: `wd * l2_loss(v)` is `wd`, Keras `L2(l)` is
    `2 * l`. The optimizer is changed in place (its class becomes a subclass of its own class that
    adds the decay; merging with a decay it already has) and returned, so it works in `model.fit`,
    `apply_gradients` in custom loops, `tf.distribute` strategies and inside a LossScaleOptimizer
    (whose inner optimizer gets the decay). Variables whose gradient is None get no decay (Keras
    skips their update). A model saved with it loads with `custom_objects=tfperf.train.custom_objects()`.
    """
    import keras

    if isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        with_gradient_decay(optimizer.inner_optimizer, decay)
        return optimizer
    coefficients = _coefficients(decay)
    if isinstance(optimizer, GradientDecayMixin):
        coefficients = _merge(optimizer.gradient_decay, coefficients)
    else:
        optimizer.__class__ = decayed_class(type(optimizer))
    optimizer._gradient_decay = coefficients
    if optimizer.built:
        optimizer._resolve_gradient_decay()
    return optimizer


def _coefficients(decay: float | Mapping[Any, float]) -> dict[str, float] | float:
    if isinstance(decay, Mapping):
        return {k if isinstance(k, str) else variable_name(k): float(c) for k, c in decay.items()}
    return float(decay)


def _merge(old: dict[str, float] | float, new: dict[str, float] | float) -> dict[str, float]:
    overlap = set(old) & set(new) if isinstance(old, dict) and isinstance(new, dict) else None
    if overlap is None or overlap:
        raise ValueError("this optimizer already has a gradient decay for these variables: "
                         f"{', '.join(sorted(overlap)) if overlap else 'all of them'}")
    return {**old, **new}


def decayed_class(base: type) -> type:
    """`base` with the decay mixed in, registered for Keras serialization as tfperf>BaseWithGradientDecay."""
    import keras

    cls = _DECAYED_CLASSES.get(base)
    if cls is None:
        name = f"{base.__name__}WithGradientDecay"
        cls = type(name, (GradientDecayMixin, base), {"__module__": __name__, "__qualname__": name})
        cls = keras.saving.register_keras_serializable(package="tfperf", name=name)(cls)
        _DECAYED_CLASSES[base] = cls
    return cls


def custom_objects() -> dict[str, type]:
    """The decayed variants of Keras's built-in optimizers, for `keras.saving.load_model(custom_objects=...)`."""
    import keras

    builtins = (getattr(keras.optimizers, n) for n in dir(keras.optimizers))
    return {f"tfperf>{cls.__name__}": cls for cls in (
        decayed_class(b) for b in builtins
        if isinstance(b, type) and issubclass(b, keras.optimizers.Optimizer)
        and b not in (keras.optimizers.Optimizer, keras.optimizers.LossScaleOptimizer))}
