"""Which Keras layer created each op, recorded while TensorFlow traces.

Op names do not say it reliably: Keras uniquifies a name scope it enters twice with `_1`, so the op
`zero_padding2d_1/Pad` may belong to the layer `zero_padding2d` (entered a second time) or to the
layer `zero_padding2d_1`. While tracing, an op callback reads Keras' own name-scope stack, whose
entries name the layer that opened them: that is the layer, without guessing. Ops made later from
the same ops' names (the gradients a training step builds, `gradient_tape/<forward scope>/...`) take
the layer of their forward name scope.
"""

from __future__ import annotations

import contextlib
import sys
import weakref
from typing import Any, Iterator

from tfperf.ir import Frame

_GRADIENT_PREFIXES = ("gradient_tape/", "gradients/")
_recorded: "weakref.WeakKeyDictionary[Any, LayerRecord]" = weakref.WeakKeyDictionary()


class LayerRecord:
    """op name -> the innermost Keras layer whose call created it."""

    def __init__(self) -> None:
        self.by_op: dict[str, str] = {}
        self._by_scope: dict[str, str] | None = None

    def layer_of(self, op_name: str) -> str | None:
        found = self.by_op.get(op_name)
        if found is not None:
            return found
        for prefix in _GRADIENT_PREFIXES:  # a gradient op: the layer of its forward name scope
            if op_name.startswith(prefix):
                return self._scope_layer(op_name[len(prefix):])
        return None

    def _scope_layer(self, name: str) -> str | None:
        if self._by_scope is None:
            self._by_scope = {}
            for op, layer in self.by_op.items():
                self._by_scope.setdefault(op.rpartition("/")[0], layer)
        scope = name.rpartition("/")[0]
        while scope:
            if scope in self._by_scope:
                return self._by_scope[scope]
            scope = scope.rpartition("/")[0]
        return None

    def __bool__(self) -> bool:
        return bool(self.by_op)


def _keras_scope_stack() -> list[Any] | None:
    try:
        from keras.src.backend.common import global_state
    except ImportError:  # pragma: no cover - Keras 3 is TensorFlow 2.21's Keras
        return None
    return global_state.get_global_attribute("name_scope_stack")


@contextlib.contextmanager
def recording_layers() -> Iterator[LayerRecord]:
    """Record, for every op traced inside the block, the innermost Keras layer calling it."""
    from tensorflow.python.framework import op_callbacks

    record = LayerRecord()

    def callback(op_type, inputs, attrs, outputs, op_name=None, graph=None):
        stack = _keras_scope_stack() or ()
        layers = [s.caller.name for s in stack if getattr(s, "caller", None) is not None
                  and getattr(s.caller, "name", None)]
        if layers and outputs:
            name = getattr(getattr(outputs[0], "op", None), "name", None) or op_name
            if name:
                record.by_op[name] = layers[-1]
        return None

    op_callbacks.add_op_callback(callback)
    try:
        yield record
    finally:
        op_callbacks.remove_op_callback(callback)


def remember(concrete: Any, record: LayerRecord) -> Any:
    """Keep `record` with the ConcreteFunction it was traced for (capture reads it back)."""
    if record:
        try:
            _recorded[concrete] = record
        except TypeError:  # not weak-referenceable: the names then decide
            pass
    return concrete


def recorded(concrete: Any) -> LayerRecord | None:
    try:
        return _recorded.get(concrete)
    except TypeError:
        return None


# ---------------------------------------------------------------------------------------------
# where each layer was constructed: the line of the user's that made it, recorded while tfperf
# imports the user's module and calls the user's factory (ops of a functional model are made by
# Keras re-running its layers, so their own stacks hold no line of the user's)

_constructed: "weakref.WeakKeyDictionary[Any, Frame]" = weakref.WeakKeyDictionary()
_recording = 0  # recording_construction() is re-entrant: only the outermost patches Keras


@contextlib.contextmanager
def recording_construction() -> Iterator[None]:
    """Record, for every Keras layer constructed inside the block, the innermost frame of the user's
    own code on the stack (`_walk.user_frame`: Keras' and installed libraries' frames are skipped)."""
    global _recording
    layer_class = _keras_layer_class() if _recording == 0 else None
    original = layer_class.__init__ if layer_class is not None else None
    if original is not None:
        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if self not in _constructed:  # the base __init__ runs once per layer, under its class's own
                frame = _construction_frame()
                if frame is not None:
                    _constructed[self] = frame

        layer_class.__init__ = __init__
    _recording += 1
    try:
        yield
    finally:
        _recording -= 1
        if original is not None:
            layer_class.__init__ = original


def _keras_layer_class() -> Any:
    try:
        from keras.src.layers.layer import Layer
    except ImportError:  # pragma: no cover - Keras 3 is TensorFlow 2.21's Keras
        return None
    return Layer


def _construction_frame() -> Frame | None:
    from tfperf.capture._walk import user_frame

    start = sys._getframe(2)  # the caller of the patched __init__

    def frames():
        frame = start
        while frame is not None:
            yield frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name
            frame = frame.f_back

    return user_frame(frames())


def construction_lines(model: Any) -> dict[str, Frame]:
    """Layer name -> the user's line that constructed it, for `model` and the layers inside it."""
    found: dict[str, Frame] = {}
    stack = [model]
    while stack:
        layer = stack.pop()
        try:
            frame = _constructed.get(layer)
        except TypeError:
            frame = None
        if frame is not None:
            found.setdefault(layer.name, frame)
        stack.extend(getattr(layer, "layers", ()) or ())
    return found
