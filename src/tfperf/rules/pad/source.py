"""TFP201 in source: tf.pad / tf.compat.v1.pad / ZeroPadding2D whose result reaches a VALID conv or
pool, found without running the code, folded with the graph rule's judgement (`fold_for`)."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tfperf.findings import Fix, Safety, Severity, TextEdit
from tfperf.rules.pad.graph import DEPTHWISE_EXPLICIT, same_padding
from tfperf.source.literals import literal_pairs
from tfperf.source.scopes import SCOPES, start
from tfperf.source.visitor import SourceVisitor, argument

# tf.nn consumers: kind, padding position (v2, compat.v1), why explicit paddings are not offered
# (None: they are); the reasons match the graph rule's (fold_for)
_NO_EXPLICIT_ARG = "this op takes no explicit paddings"
_NN_CONSUMERS = {
    "tensorflow.nn.conv2d": ("conv", (3, 3), None),
    "tensorflow.nn.depthwise_conv2d": ("conv", (3, 3), DEPTHWISE_EXPLICIT),
    "tensorflow.nn.convolution": ("conv", (3, 2), _NO_EXPLICIT_ARG),
    "tensorflow.nn.max_pool": ("max_pool", (3, 3), None),
    "tensorflow.nn.max_pool2d": ("max_pool", (3, 3), None),
    "tensorflow.nn.avg_pool": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.avg_pool2d": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
}
# Keras consumers: kind, positions of (kernel, strides, padding), default kernel
_KERAS_CONSUMERS = {
    "keras.layers.Conv2D": ("conv", (1, 2, 3), None),
    "keras.layers.Convolution2D": ("conv", (1, 2, 3), None),
    "keras.layers.DepthwiseConv2D": ("conv", (0, 1, 2), None),
    "keras.layers.MaxPooling2D": ("max_pool", (0, 1, 2), (2, 2)),
    "keras.layers.MaxPool2D": ("max_pool", (0, 1, 2), (2, 2)),
    "keras.layers.AveragePooling2D": ("avg_pool", (0, 1, 2), (2, 2)),
    "keras.layers.AvgPool2D": ("avg_pool", (0, 1, 2), (2, 2)),
}
_TF_PADS = {"tensorflow.pad"}  # tf.compat.v1.pad is canonicalised to this
_ZERO_PADDING = {"keras.layers.ZeroPadding2D"}
_SEQUENTIAL = {"keras.Sequential", "keras.models.Sequential"}
_NON_NEGATIVE_CALLS = {"tensorflow.nn.relu", "tensorflow.nn.relu6", "tensorflow.nn.sigmoid", "tensorflow.sigmoid",
                       "tensorflow.math.sigmoid", "tensorflow.nn.softmax", "tensorflow.exp", "tensorflow.math.exp",
                       "tensorflow.abs", "tensorflow.math.abs", "tensorflow.square", "tensorflow.math.square",
                       "tensorflow.sqrt", "tensorflow.math.sqrt", "keras.activations.relu"}
_SHAPED_CALLS = {"tensorflow.random.normal", "tensorflow.random.uniform", "tensorflow.random.truncated_normal",
                 "tensorflow.random.stateless_normal", "tensorflow.random.stateless_uniform",
                 "tensorflow.random.stateless_truncated_normal", "tensorflow.ones", "tensorflow.zeros",
                 "tensorflow.random_normal", "tensorflow.truncated_normal", "tensorflow.random_uniform"}




class PadBeforeValidConvSource(SourceVisitor):
    """tf.pad / tf.compat.v1.pad / ZeroPadding2D whose result reaches a VALID conv or pool: in
    the same expression, through a local variable, or as the previous Keras layer (Sequential
    list, functional call chain, consecutive model.add). Folded with the graph rule's judgement."""

    def __init__(self, file):
        super().__init__(file)
        self.layer_names: set[str] = set()  # names assigned a Keras layer so far (`conv = Conv2D(...)`)

    def visit_Assign(self, node) -> None:
        if (self.call_name(node.value) or "").startswith("keras.layers."):
            self.layer_names.update(t.id for t in node.targets if isinstance(t, ast.Name))

    def visit_Call(self, node) -> None:
        name = self.call_name(node)
        if name in _NN_CONSUMERS:
            _check_nn_consumer(self, node)
        elif name in _SEQUENTIAL:
            _check_keras_sequence(self, node)
        elif isinstance(node.func, ast.Call) or (isinstance(node.func, ast.Name) and node.func.id in self.layer_names):
            _check_keras_call(self, node)
        elif isinstance(node.func, ast.Attribute) and node.func.attr == "add":
            _check_keras_add(self, node)

@dataclass
class _SourcePad:
    """A zero pad in source: `tf.pad(x, ...)` or `ZeroPadding2D(...)`, and how its result arrives."""

    call: ast.Call  # the tf.pad call / the ZeroPadding2D(...) construction (reported here)
    produced: ast.AST  # the expression whose value is the padded tensor
    unpadded: ast.expr | None  # x; None in a Sequential list
    pads: tuple | None  # ((before, after), ...) per spatial axis; None when not literal
    data_format: str | None = None  # Keras data_format, compared with the consumer's
    stmt: ast.Assign | None = None  # `p = <pad>` when the consumer reads it through variable p
    load: ast.Name | None = None  # that read


def _check_nn_consumer(v: SourceVisitor, call: ast.Call) -> None:
    """tf.nn.conv2d/convolution/depthwise_conv2d/max_pool*/avg_pool* with VALID fed by tf.pad."""
    name = v.call_name(call)
    spec = _NN_CONSUMERS.get(name or "")
    if spec is None:
        return
    kind, padding_pos, no_explicit = spec
    v1 = (v.file.imports.raw(call.func) or "").startswith("tensorflow.compat.v1.")
    padding = argument(call, padding_pos[v1], "padding")
    padding_value = "VALID" if padding is None and name == "tensorflow.nn.convolution" else v.file.literal(padding)
    data_format = v.file.literal(keyword_value(call, "data_format")) if keyword_value(call, "data_format") else "NHWC"
    if not isinstance(padding_value, str) or padding_value.upper() != "VALID" or not isinstance(data_format, str):
        return
    axes = (2, 3) if data_format.upper().startswith("NC") else (1, 2)
    data = argument(call, 0, "input") or keyword_value(call, "value")
    pad = _tf_pad_reaching(v, data, axes)
    if pad is None:
        return
    window = _nn_window(v, call, name, kind, axes, v1)
    sizes = _spatial(_static_shape(v, pad.unpadded), axes) if pad.unpadded is not None else (None, None)
    how = _fold(pad.pads, window, sizes, kind, no_explicit,
                non_negative=_non_negative(v, pad.unpadded))
    full = None
    if pad.pads is not None:
        full = [[0, 0] for _ in range(4)]
        for axis, pair in zip(axes, pad.pads):
            full[axis] = list(pair)
    _report(v, pad, call, data, padding, how, full, op=name.rsplit(".", 1)[1], keras=False)


def _tf_pad_reaching(v: SourceVisitor, data: ast.expr | None, axes: tuple[int, int]) -> _SourcePad | None:
    stmt, load = None, None
    if isinstance(data, ast.Name):
        bound = v.file.binding(data)
        if bound is None or not isinstance(bound.stmt, ast.Assign) or bound.stmt.value is not bound.value:
            return None
        stmt, load, data = bound.stmt, data, bound.value
    if v.call_name(data) not in _TF_PADS or len(data.args) > 3:
        return None  # positional args past `mode` differ between tf.pad and tf.compat.v1.pad
    mode = v.file.literal(argument(data, 2, "mode")) if argument(data, 2, "mode") else "CONSTANT"
    value = v.file.literal(keyword_value(data, "constant_values")) if keyword_value(data, "constant_values") else 0
    if not isinstance(mode, str) or mode.upper() != "CONSTANT" or value != 0:
        return None  # a reflect/symmetric or non-zero pad is not what a conv's padding adds
    pads = literal_pairs(argument(data, 1, "paddings"), v.file._lookup_literal)
    if pads is not None:
        if len(pads) != 4 or any(any(p) for i, p in enumerate(pads) if i not in axes):
            return None  # not a 2-D border pad (batch/channel padding is real data)
        pads = tuple(pads[a] for a in axes)
        if not any(any(p) for p in pads):
            return None
    return _SourcePad(data, data, argument(data, 0, "tensor"), pads, stmt=stmt, load=load)


def _nn_window(v: SourceVisitor, call: ast.Call, name: str, kind: str, axes, v1: bool):
    """(kernel, strides, dilations) along the spatial axes, each None when not literal."""
    if kind == "conv":
        shape = _static_shape(v, argument(call, 1, "filters") or keyword_value(call, "filter"))
        kernel = tuple(shape[:2]) if shape and len(shape) == 4 else None
    else:
        kernel = _per_axis(v.file.literal(argument(call, 1, "ksize")), axes)
    stride_pos = None if name == "tensorflow.nn.convolution" else 2
    strides = argument(call, stride_pos, "strides")
    strides = (1, 1) if strides is None and name == "tensorflow.nn.convolution" else _per_axis(v.file.literal(strides), axes)
    dil = keyword_value(call, "dilations") or keyword_value(call, "rate") or keyword_value(call, "dilation_rate")
    dilations = (1, 1) if dil is None else _per_axis(v.file.literal(dil), axes)
    return kernel, strides, dilations


def _per_axis(value, axes) -> tuple | None:
    """An int, or a list of 1, 2 (spatial) or 4 (full, data_format order) ints -> one per spatial axis."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if isinstance(value, (list, tuple)) and all(isinstance(x, int) for x in value):
        if len(value) == 1:
            return (value[0], value[0])
        if len(value) == 2:
            return tuple(value)
        if len(value) == 4:
            return tuple(value[a] for a in axes)
    return None


def _spatial(shape, axes) -> tuple:
    return tuple(shape[a] for a in axes) if shape and len(shape) == 4 else (None, None)


def _static_shape(v: SourceVisitor, expr: ast.AST | None) -> tuple | None:
    """A tensor's shape when the code states it: tf.ones/zeros/random.*([..]), placeholders,
    tf.Variable(<those>), tf.reshape(x, [..]), keras.Input(shape, batch_size)."""
    if expr is None:
        return None
    expr = v.file.value_of(expr)
    name = v.call_name(expr)
    if name is None:
        return None
    literal_shape = lambda e: v.file.literal(e) if e is not None else None  # noqa: E731
    if name in _SHAPED_CALLS:
        shape = literal_shape(argument(expr, 0, "shape"))
    elif name == "tensorflow.placeholder":
        shape = literal_shape(argument(expr, 1, "shape"))
    elif name == "tensorflow.get_variable":
        shape = literal_shape(argument(expr, 1, "shape"))
    elif name == "tensorflow.Variable":
        return _static_shape(v, argument(expr, 0, "initial_value"))
    elif name == "tensorflow.reshape":
        shape = literal_shape(argument(expr, 1, "shape"))
        if isinstance(shape, (list, tuple)) and -1 in shape:
            return None
    elif name == "keras.Input":
        shape = literal_shape(argument(expr, 0, "shape"))
        batch = literal_shape(keyword_value(expr, "batch_size"))
        shape = (batch if isinstance(batch, int) else None, *shape) if isinstance(shape, (list, tuple)) else None
    else:
        return None
    if isinstance(shape, (list, tuple)) and all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return None


def _non_negative(v: SourceVisitor, expr: ast.AST | None) -> bool:
    return expr is not None and v.call_name(v.file.value_of(expr)) in _NON_NEGATIVE_CALLS


def _fold(pads, window, sizes, kind: str, no_explicit: str | None, non_negative: bool) -> str:
    """"SAME", "EXPLICIT", or the reason there is no exact fold (the same judgement as fold_for)."""
    if pads is None:
        return "the paddings are not literal"
    if kind == "avg_pool":
        return "average pooling divides by the padded zeros; SAME would not count them"
    if kind == "max_pool" and not non_negative:
        return "the pool's input may be negative, so a padded zero can win the max"
    kernel, strides, dilations = window
    if kind == "max_pool" and (kernel is None or any(max(p) >= k for p, k in zip(pads, kernel))):
        return "a pad as wide as the pool window makes windows of padding only" if kernel else \
            "the pool window is not literal"
    if kernel is not None and strides is not None and dilations is not None:
        same = [same_padding(s, k, st, d) for s, k, st, d in zip(sizes, kernel, strides, dilations)]
        if all(s is not None and tuple(p) == s for s, p in zip(same, pads)):
            return "SAME"
    if no_explicit is None:
        return "EXPLICIT"
    return f"SAME is not provably the same padding here, and {no_explicit}"


def _check_keras_call(v: SourceVisitor, call: ast.Call) -> None:
    """`Conv2D(...)(x)` (functional API) where x is `ZeroPadding2D(...)(y)`."""
    layer = _layer_construction(v, call.func)
    name = v.call_name(layer)
    if name not in _KERAS_CONSUMERS or not (call.args or keyword_value(call, "inputs")):
        return
    data = argument(call, 0, "inputs")
    stmt, load = None, None
    if isinstance(data, ast.Name):
        bound = v.file.binding(data)
        if bound is None or not isinstance(bound.stmt, ast.Assign) or bound.stmt.value is not bound.value:
            return
        stmt, load, data = bound.stmt, data, bound.value
    if not isinstance(data, ast.Call) or not data.args:
        return
    pad_layer = _layer_construction(v, data.func)
    if v.call_name(pad_layer) not in _ZERO_PADDING:
        return
    pad = _keras_pad(v, pad_layer, data, data.args[0], stmt, load)
    _check_keras_pair(v, pad, layer, name, call, argument(call, 0, "inputs"))


def _check_keras_sequence(v: SourceVisitor, call: ast.Call) -> None:
    """keras.Sequential([..., ZeroPadding2D(...), Conv2D(...), ...])."""
    if v.call_name(call) not in _SEQUENTIAL:
        return
    items = argument(call, 0, "layers")
    if not isinstance(items, (ast.List, ast.Tuple)):
        return
    for first, second in zip(items.elts, items.elts[1:]):
        if v.call_name(first) in _ZERO_PADDING and v.call_name(second) in _KERAS_CONSUMERS:
            pad = _keras_pad(v, first, first, None, None, None)
            _check_keras_pair(v, pad, second, v.call_name(second), None, None, sequence=(first, second))


def _check_keras_add(v: SourceVisitor, call: ast.Call) -> None:
    """model.add(ZeroPadding2D(...)) directly followed by model.add(Conv2D(...))."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "add" and len(call.args) == 1):
        return
    layer = call.args[0]
    if v.call_name(layer) not in _KERAS_CONSUMERS:
        return
    stmt = v.file.statement_of(call)
    where = v.file.block_of(stmt) if isinstance(stmt, ast.Expr) and stmt.value is call else None
    if not where or where[1] == 0:
        return
    previous = where[0][where[1] - 1]
    prev_call = previous.value if isinstance(previous, ast.Expr) else None
    if not (isinstance(prev_call, ast.Call) and isinstance(prev_call.func, ast.Attribute)
            and prev_call.func.attr == "add" and len(prev_call.args) == 1
            and ast.dump(prev_call.func.value) == ast.dump(call.func.value)
            and v.call_name(prev_call.args[0]) in _ZERO_PADDING):
        return
    pad = _keras_pad(v, prev_call.args[0], prev_call.args[0], None, None, None)
    _check_keras_pair(v, pad, layer, v.call_name(layer), None, None, added=previous)


def _layer_construction(v: SourceVisitor, func: ast.AST) -> ast.AST:
    """`Conv2D(...)` for `Conv2D(...)(x)` and for `conv(x)` after `conv = Conv2D(...)`."""
    if isinstance(func, ast.Name) and func.id in v.layer_names:
        bound = v.file.binding(func)
        if bound is not None and bound.value is not None:
            return bound.value
    return func


def _keras_pad(v: SourceVisitor, layer: ast.Call, produced, unpadded, stmt, load) -> _SourcePad:
    value = v.file.literal(argument(layer, 0, "padding")) if argument(layer, 0, "padding") else 1
    pads = None
    if isinstance(value, int):
        pads = ((value, value), (value, value))
    elif isinstance(value, (list, tuple)) and len(value) == 2:
        if all(isinstance(x, int) for x in value):
            pads = ((value[0], value[0]), (value[1], value[1]))
        elif all(isinstance(x, (list, tuple)) and len(x) == 2 for x in value):
            pads = tuple(tuple(x) for x in value)
    fmt = keyword_value(layer, "data_format")
    return _SourcePad(layer, produced, unpadded, pads, v.file.literal(fmt) if fmt else None, stmt, load)


def _check_keras_pair(v: SourceVisitor, pad: _SourcePad, layer: ast.Call, name: str, call, data,
                      sequence=None, added=None) -> None:
    kind, (k_pos, s_pos, p_pos), default_kernel = _KERAS_CONSUMERS[name]
    padding = argument(layer, p_pos, "padding")
    padding_value = v.file.literal(padding) if padding is not None else "valid"
    if not isinstance(padding_value, str) or padding_value.lower() != "valid":
        return
    fmt = keyword_value(layer, "data_format")
    if (v.file.literal(fmt) if fmt else None) != pad.data_format:
        return  # the pad and the layer read different axes as spatial
    kernel = _per_axis(v.file.literal(argument(layer, k_pos, "pool_size" if kind != "conv" else "kernel_size"))
                       if argument(layer, k_pos, "pool_size" if kind != "conv" else "kernel_size") else default_kernel,
                       (1, 2))
    strides_node = argument(layer, s_pos, "strides")
    strides = kernel if strides_node is None and kind != "conv" else (
        (1, 1) if strides_node is None else _per_axis(v.file.literal(strides_node), (1, 2)))
    dil = keyword_value(layer, "dilation_rate")
    dilations = (1, 1) if dil is None else _per_axis(v.file.literal(dil), (1, 2))
    how = _fold(pad.pads, (kernel, strides, dilations), (None, None), kind,
                "Keras layers take only 'same' or 'valid'", non_negative=False)
    _report(v, pad, layer, data, padding, how, None, op=name.rsplit(".", 1)[1], keras=True,
            consumer_call=call, sequence=sequence, added=added)


def _report(v: SourceVisitor, pad: _SourcePad, consumer: ast.Call, data, padding, how: str, full_pads,
            op: str, keras: bool, consumer_call=None, sequence=None, added=None) -> None:
    pads = str([list(p) for p in pad.pads]).replace(" ", "") if pad.pads else "?"
    where = "" if pad.load is None else f" (through `{pad.load.id}`)"
    if how in ("SAME", "EXPLICIT"):
        text = ('"same"' if keras else '"SAME"') if how == "SAME" else str(full_pads).replace("], [", "], [")
        if padding is not None and isinstance(padding, ast.Constant) and isinstance(padding.value, str):
            text = text.replace('"', _quote(v, padding)) if how == "SAME" else text
        edits = _fold_edits(v, pad, consumer, data, padding, text, sequence, added)
        detail = f"padding={text}"
        if edits is not None:
            message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
            v.report(pad.call, message, fix=Fix(Safety.EXACT, f"remove the pad and pass {detail} to {op}", edits))
            return
        message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
        v.report(pad.call, message + " (not fixed automatically: the padded value is used elsewhere)",
                 fix=Fix(Safety.ADVISORY, f"pass {detail} to {op} and drop the pad where nothing else reads it"))
        return
    message = f"zero pad {pads}{where} before VALID {op}; no exact fold ({how})"
    v.report(pad.call, message, severity=Severity.INFO,
             fix=Fix(Safety.ADVISORY, f"pad in {op} itself where the padding allows it, or keep the pad ({how})"))


def _quote(v: SourceVisitor, node: ast.Constant) -> str:
    text = v.file.segment(node)
    return "'" if text.startswith("'") else '"'


def _fold_edits(v: SourceVisitor, pad: _SourcePad, consumer: ast.Call, data, padding, text: str,
                sequence, added) -> tuple | None:
    """Edits that remove the pad and set the consumer's padding; None when the rewrite could change
    what other code sees (the padded value is read elsewhere, or the input was rebound between)."""
    edits = [_set_padding(v, consumer, padding, text)]
    if sequence is not None:  # delete the ZeroPadding2D element up to the next one
        first, second = sequence
        line, col, _, _ = v.file.span(first)
        end_line, end_col, _, _ = v.file.span(second)
        edits.append(TextEdit(v.file.path, line, col, end_line, end_col, ""))
        return tuple(edits)
    if added is not None:
        removal = v.delete_statement(added)
        return None if removal is None else (*edits, removal)
    if pad.stmt is None:  # nested: conv(pad(x)) -> conv(x)
        return (*edits, v.replace(data, v.file.segment(pad.unpadded)))
    route = _variable_route(v, pad, consumer if consumer is not None else data)
    if route is None:
        return None
    edits.append(v.replace(pad.load, v.file.segment(pad.unpadded)))
    if route == "delete":
        removal = v.delete_statement(pad.stmt)
        if removal is None:
            return None
        edits.append(removal)
    return tuple(edits)


def _set_padding(v: SourceVisitor, call: ast.Call, padding, text: str) -> TextEdit:
    if padding is not None:
        return v.replace(padding, text)
    last = (call.args + [kw.value for kw in call.keywords])
    if last:
        return v.insert_after(max(last, key=lambda n: (n.end_lineno, n.end_col_offset)), f", padding={text}")
    _, _, end_line, end_col = v.file.span(call)  # `MaxPooling2D()`: write inside the parentheses
    return TextEdit(v.file.path, end_line, end_col - 1, end_line, end_col - 1, f"padding={text}")


def _variable_route(v: SourceVisitor, pad: _SourcePad, consumer: ast.AST) -> str | None:
    """"delete" (the pad statement goes), "keep" (it stays for its other readers), or None (no fix).

    Sound only for straight-line code: the pad statement and the consumer's statement sit in the
    same block, the unpadded input is not rebound between them, and the padded variable is read
    by the consumer alone (counting reads earlier in an enclosing loop, which a back edge reaches).
    """
    stmt, load = pad.stmt, pad.load
    use_stmt = v.file.statement_of(load)
    here, there = v.file.block_of(stmt), v.file.block_of(use_stmt)
    if not here or not there or here[0] is not there[0] or here[1] >= there[1]:
        return None
    scope = v.file.scope_index(v.file.scope_of(stmt))
    binding = scope.reaching(load.id, start(load))
    if binding is None or binding.stmt is not stmt:
        return None
    inputs = {n.id for n in ast.walk(pad.unpadded) if isinstance(n, ast.Name)}
    for name in inputs:
        for b in scope.bindings.get(name, []):
            if b.stmt is not stmt and binding.pos < b.pos <= start(load):
                return None  # x rebound between the pad and the conv
    readers = [n for n in scope.loads_of(load.id) if n is not load and _reached_by(v, scope, n, stmt)]
    if not readers:
        return "delete"
    simple = all(isinstance(n, (ast.Name, ast.Attribute, ast.Load)) for n in ast.walk(pad.unpadded))
    return "keep" if simple and load.id not in inputs else None


def _reached_by(v: SourceVisitor, scope, load: ast.Name, stmt: ast.stmt) -> bool:
    bound = scope.reaching(load.id, start(load))
    if bound is not None and bound.stmt is stmt:
        return True
    loop = next((a for a in v.file.ancestors(stmt) if isinstance(a, (ast.For, ast.While, ast.AsyncFor))
                 or isinstance(a, SCOPES)), None)
    return isinstance(loop, (ast.For, ast.While, ast.AsyncFor)) and start(loop) <= start(load) < start(stmt)


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    return argument(call, None, name)
