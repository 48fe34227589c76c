"""Take the L2 weight regularizers of a Keras model out of its loss and into the optimizer.

Keras `L2(l)` adds `l * sum(v**2)` to the loss, whose gradient is `2 * l * v`: removing the
regularizer and adding `2 * l * v` to the variable's gradient (`with_gradient_decay`) gives the same
gradients, so the same training trajectory; only the logged loss leaves the penalty out. The L1
part of `L1L2` stays as an `L1` regularizer; activity regularizers and any other penalty stay in
the loss untouched, and the conversion lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tfperf.train.decay import with_gradient_decay

_CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")


@dataclass
class L2Conversion:
    """What `move_l2_to_gradients` did."""

    decay: dict[str, float] = field(default_factory=dict)  # variable path -> coefficient added as coefficient * v
    moved: list[str] = field(default_factory=list)  # one line per L2 penalty taken out of the loss
    kept: list[str] = field(default_factory=list)  # penalties left in the loss, and why
    notes: list[str] = field(default_factory=list)  # where the trajectory can still differ
    optimizer: Any = None  # the optimizer that now adds the decay (None: apply `decay` yourself)

    def __str__(self) -> str:
        sections = (("moved to the gradients", self.moved), ("kept in the loss", self.kept), ("note", self.notes))
        lines = [f"{title}: {line}" for title, items in sections for line in items]
        return "\n".join(lines) or "no weight regularizers: nothing to move"


def move_l2_to_gradients(model: Any, optimizer: Any = None) -> L2Conversion:
    """Remove the L2 parts of `model`'s weight regularizers and add their exact gradient to `optimizer`.

    `optimizer` defaults to the one the model was compiled with; both are changed in place (the
    model's compiled train/test functions are reset so they are traced again without the penalties).
    """
    import keras

    optimizer = optimizer if optimizer is not None else getattr(model, "optimizer", None)
    result = L2Conversion(optimizer=optimizer)
    replaced: dict[int, tuple[Any, Any]] = {}  # id(regularizer) -> (it, its replacement); shared ones once
    for variable in model.trainable_weights:
        regularizer = variable.regularizer
        if regularizer is None:
            continue
        l2, rest = _split(regularizer, keras)
        if not l2:
            result.kept.append(f"{variable.path}: {_describe(regularizer)} is not Keras's L2 or the L2 part of L1L2: "
                               "it stays in the loss")
            continue
        variable.regularizer = replaced.setdefault(id(regularizer), (regularizer, rest))[1]
        result.decay[variable.path] = 2.0 * l2
        result.moved.append(f"{variable.path}: L2({l2:g}) -> gradient + {2.0 * l2:g} * v")
        if rest is not None:
            result.kept.append(f"{variable.path}: the L1 part, {_describe(rest)}, stays in the loss")
    for layer in model._flatten_layers(include_self=True):
        _replace_layer_attributes(layer, regularizers=replaced)
        if getattr(layer, "activity_regularizer", None) is not None:
            result.kept.append(f"layer {layer.name}: activity regularizer {_describe(layer.activity_regularizer)} "
                               "penalises outputs, not weights: it stays in the loss")
    if result.decay:
        _retrace(model)
        if optimizer is None:
            result.notes.append("no optimizer given or compiled: pass `decay` to "
                                "tfperf.train.with_gradient_decay(optimizer, decay), else the L2 term is simply gone")
        else:
            with_gradient_decay(optimizer, result.decay)
            result.notes.extend(_clipping_notes(optimizer))
    return result


def _split(regularizer: Any, keras: Any) -> tuple[float, Any]:
    """(l2 strength, what stays in the loss) of exactly Keras's L2 / L1L2; (0, itself) for anything else."""
    if type(regularizer) is keras.regularizers.L2:
        return float(regularizer.l2), None
    if type(regularizer) is keras.regularizers.L1L2:
        l1 = float(regularizer.l1)
        return float(regularizer.l2), keras.regularizers.L1(l1) if l1 else None
    return 0.0, regularizer


def _replace_layer_attributes(layer: Any, regularizers: dict[int, tuple[Any, Any]]) -> None:
    """Point `kernel_regularizer`-style attributes at the replacement, so get_config agrees with the variables."""
    for name, value in list(vars(layer).items()):
        if name.endswith("_regularizer") and name != "activity_regularizer" and id(value) in regularizers:
            setattr(layer, name, regularizers[id(value)][1])


def _describe(regularizer: Any) -> str:
    if not hasattr(regularizer, "get_config"):  # a plain function
        return getattr(regularizer, "__name__", type(regularizer).__name__)
    args = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in regularizer.get_config().items())
    return f"{type(regularizer).__name__}({args})"


def _retrace(model: Any) -> None:
    for name in ("train_function", "test_function"):
        if getattr(model, name, None) is not None:
            setattr(model, name, None)


def _clipping_notes(optimizer: Any) -> list[str]:
    inner = getattr(optimizer, "inner_optimizer", optimizer)
    clipping = [f"{name}={getattr(inner, name)}" for name in _CLIPPING if getattr(inner, name, None)]
    if not clipping:
        return []
    return [f"the optimizer clips gradients ({', '.join(clipping)}): the penalty's gradient used to be clipped "
            "with the data gradient, the decay is added after clipping, so steps that clip differ"]
