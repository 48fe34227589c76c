"""TFP201 in source: a zero pad (tf.pad / tf.compat.v1.pad / array_ops.pad / ZeroPadding1D/2D/3D)
whose result reaches a VALID conv or pool (1-D, 2-D or 3-D), found without running the code, judged
like the graph rule (`fold_for`).

Where the pad comes from: the same expression, a local variable, a Keras layer built earlier
(`pad = ZeroPadding2D(..)` then `pad(x)`, or `self._pad` built in `__init__`/`build`), the previous
layer of a Sequential list or `model.add` sequence, or a helper function that returns a zero pad
of its argument (`fixed_padding(x, k)`: in this file, or in another module through its summary);
a layout change that keeps each axis whole moves the pad's axes (`_moved_pad`: a transposed NCW
pad of the time axis is the border of the NWC conv1d input); an elementwise activation that maps 0 to
0 between the pad and the consumer (`_activated_pad`: relu(pad(x)) is pad(relu(x))) leaves the zero
border in place.
Pad layers built into names and listed in a Sequential or `add`ed (`Sequential([pad, conv, bn])`), and
a pad layer held on `self` built in several places, each construction judged against the consumer
built on a compatible path (`self.pad1`/`self.conv1` set in both branches of an `if`).
Which consumers: `tf.nn` convs and pools, Keras `Conv1D/2D/3D`/`DepthwiseConv*`/`SeparableConv*` and
poolings (called directly, through a variable or `self._conv`; Keras' and other layer libraries'
pad and conv classes are data in `libraries.py`), tf_slim and `tf.compat.v1.layers`
convs and pools, a conv subclass's own conv after a pad in its `call` (`_own_padding`: a pad layer
built under a constructor flag is judged by what the callers pass, `_building_parameter`), a layer project code makes whose `call` hands its input to a VALID conv (`_check_made_layer`: a class, or
a factory of its module, VALID_LAYER, also one returning a closure that applies the conv, maybe to a channel
slice of its input: `_closure_valid_layer`; a framework conv a project factory binds to a name, LAYER_OF;
the layer a project Keras `Wrapper` subclass wraps, WRAPPER),
and a project helper that builds one from its parameter (also in a nested function
reading the helper's parameters, or one step away: a function of this file forwarding its input and
padding to such a helper). A `tf.pad`'s paddings may be computed: a border list (`[[0, 0], [p, p], [0, 0]]`),
held on `self`, or returned by a function of the file for the call's literal arguments. The
consumer's padding is read on the path that went through the pad (`padding="same" if stride == 1
else "valid"` under `if stride == 2:` is VALID; see `tfperf.source.paths`).

A Keras `Lambda` whose function pads its input (`_lambda_pad`), also appended to a list of layers applied in
order before the VALID conv added next (`_check_listed_pad`: layer-list order, through `extend` of a list a
project function starts with a VALID conv, LIST_FIRST); tf_slim convs held in a local name (`conv_op =
slim.conv2d`) and their padding from an enclosing `slim.arg_scope` (`_functional_padding`); a `**kwargs`
padding the code stores (`kwargs['padding'] = 'valid'`, `stored_spread`).

Layers project code makes are read as the framework layer (`tfperf.source.factories`): a factory's call by the
shared name resolution, the layer a wrapper applies (`TimeDistributed(Conv2D(...))`), an item of a container by a
literal key (`self.blocks["pad"]`); a Sequential filled with `add` across an `if` (`_check_listed_pad`), a list
applied in a loop whose last layer is a pad, read after the loop (`_looped_pad`).

A pad before a VALID conv is a warning (Gaudi pads in hardware); the exact fix is offered where the
source proves it (literal pads, straight-line code); a max pool folds only over a non-negative
input and an average pool never, so those pads are info.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from tfperf.findings import Fix, Safety, Severity, TextEdit
from tfperf.rules.pad.graph import DEPTHWISE_EXPLICIT, same_padding
from tfperf.rules.pad.libraries import KERAS_LAYERS, KERAS_PADS, consumer_layer, pad_layer
from tfperf.source import configs
from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.spread import UNKNOWN_SPREAD, spread_argument
from tfperf.source.literals import NOT_LITERAL, literal_pairs
from tfperf.source.passed import Parameter, field_parameter, parameter_of, text, weights_passed_context
from tfperf.source.paths import as_parameters, conditions, decide, equals, exited_before, parameter_reaches, \
    self_attribute_test, value_on_path
from tfperf.source.scopes import SCOPES, end, start
from tfperf.source.shapes import export_weight_calls
from tfperf.source.classes import derives
from tfperf.source.factories import applied_layer, held_item
from tfperf.source.symbols import PARTIAL
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import Calls, SourceVisitor, argument, is_self_attribute

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
    # 1-D and 3-D ops take only "SAME" or "VALID" (TensorFlow 2.21: conv1d, conv3d, max_pool3d refuse
    # a list; max_pool1d's list is not checked here, so none is offered)
    "tensorflow.nn.conv1d": ("conv", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.conv3d": ("conv", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.max_pool1d": ("max_pool", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.max_pool3d": ("max_pool", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.avg_pool1d": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
    "tensorflow.nn.avg_pool3d": ("avg_pool", (3, 3), _NO_EXPLICIT_ARG),
}
# functional layers (tf_slim, tf.compat.v1.layers): kind, padding position, default padding
_FUNCTIONAL_CONSUMERS = {
    "tf_slim.conv2d": ("conv", 4, "SAME"), "tf_slim.convolution2d": ("conv", 4, "SAME"),
    "tf_slim.separable_conv2d": ("conv", 5, "SAME"), "tf_slim.max_pool2d": ("max_pool", 3, "VALID"),
    "tf_slim.avg_pool2d": ("avg_pool", 3, "VALID"),
    "tensorflow.layers.conv2d": ("conv", 4, "valid"), "tensorflow.layers.separable_conv2d": ("conv", 4, "valid"),
    "tensorflow.layers.max_pooling2d": ("max_pool", 3, "valid"),
    "tensorflow.layers.average_pooling2d": ("avg_pool", 3, "valid"),
    "tf_slim.conv3d": ("conv", 4, "SAME"), "tf_slim.convolution3d": ("conv", 4, "SAME"),
    "tf_slim.max_pool3d": ("max_pool", 3, "VALID"), "tf_slim.avg_pool3d": ("avg_pool", 3, "VALID"),
    "tensorflow.layers.conv1d": ("conv", 4, "valid"), "tensorflow.layers.conv3d": ("conv", 4, "valid"),
    "tensorflow.layers.separable_conv1d": ("conv", 4, "valid"),
    "tensorflow.layers.max_pooling1d": ("max_pool", 3, "valid"),
    "tensorflow.layers.max_pooling3d": ("max_pool", 3, "valid"),
    "tensorflow.layers.average_pooling1d": ("avg_pool", 3, "valid"),
    "tensorflow.layers.average_pooling3d": ("avg_pool", 3, "valid"),
}
_TF_PADS = {"tensorflow.pad"}  # tf.compat.v1.pad and array_ops.pad are canonicalised to this
# how many spatial axes an op or layer works on (2 unless named here; tf.nn.convolution's input decides,
# and 2 is what the source face assumes of it). Keys: the short names of the tables above.
_SPATIAL_AXES = {name.rpartition(".")[2]: rank for rank, names in (
    (1, ("conv1d", "max_pool1d", "avg_pool1d", "Conv1D", "Convolution1D", "SeparableConv1D", "DepthwiseConv1D",
         "MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D", "ZeroPadding1D", "separable_conv1d",
         "max_pooling1d", "average_pooling1d")),
    (3, ("conv3d", "max_pool3d", "avg_pool3d", "Conv3D", "Convolution3D", "MaxPooling3D", "MaxPool3D",
         "AveragePooling3D", "AvgPool3D", "ZeroPadding3D", "convolution3d", "max_pooling3d",
         "average_pooling3d"))) for name in names}
_SEQUENTIAL = {"keras.Sequential", "keras.models.Sequential"}
_NON_NEGATIVE_CALLS = {"tensorflow.nn.relu", "tensorflow.nn.relu6", "tensorflow.nn.sigmoid", "tensorflow.sigmoid",
                       "tensorflow.math.sigmoid", "tensorflow.nn.softmax", "tensorflow.exp", "tensorflow.math.exp",
                       "tensorflow.abs", "tensorflow.math.abs", "tensorflow.square", "tensorflow.math.square",
                       "tensorflow.sqrt", "tensorflow.math.sqrt", "keras.activations.relu", "keras.layers.ReLU"}
_NON_NEGATIVE_ACTIVATIONS = {"relu", "relu6", "sigmoid", "softmax", "softplus", "exponential"}
# elementwise activations that map 0 to 0: f(pad(x)) == pad(f(x)), so a zero pad before one still
# reaches the conv after it as a border of zeros (`ZeroPadding2D` -> `Activation("relu")` -> VALID conv)
_ZERO_KEEPING = {"relu", "relu6", "elu", "selu", "tanh", "swish", "silu", "gelu", "leaky_relu", "linear", "mish",
                 "hard_swish", "hard_silu", "softsign"}
_ZERO_KEEPING_CALLS = {f"{module}.{name}" for module in ("tensorflow.nn", "tensorflow.math", "tensorflow",
                                                         "keras.activations", "keras.ops")
                       for name in _ZERO_KEEPING}
_ZERO_KEEPING_LAYERS = {"keras.layers.ReLU", "keras.layers.LeakyReLU", "keras.layers.ELU", "keras.layers.PReLU"}
# x / (bias + alpha * sum(x^2)) ** beta: the sign of its input when bias > 0 and alpha >= 0
_SIGN_PRESERVING = {"tensorflow.nn.lrn", "tensorflow.nn.local_response_normalization"}


def _rank(name: str) -> int:
    """How many spatial axes the op or layer `name` (canonical or short) works on."""
    layer = consumer_layer(name)
    if layer is not None:
        return layer.rank
    return pad_layer(name) or _SPATIAL_AXES.get(name.rpartition(".")[2], 2)


def _axes(rank: int, channels_first: bool) -> tuple[int, ...]:
    """The spatial axes of a tensor with `rank` spatial axes (batch first)."""
    return tuple(range(2, rank + 2)) if channels_first else tuple(range(1, rank + 1))


PAD_RETURN = "padret"  # summary fact: a function returns a zero pad of one of its parameters
# summary fact: a function builds a VALID conv/pool on one of its parameters (whatever its other
# arguments, or when a padding parameter is "valid"): (input position, input name, padding
# parameter position, name and default (None: VALID whatever), the op, its kind, its line)
CONV_BUILD = "convbuild"
CONV_CLASS = "convclass"  # summary fact: a project class derives from a Keras conv layer
SEQUENTIAL_CLASS = "seqclass"  # summary fact: a project class derives from Keras' Sequential
# summary fact: calling what a project class or factory makes applies a VALID conv or pool to the call's
# input (maybe after pads of its own): (op, kind, line, and the constructor parameter that must keep its
# literal default for it: position or None (keyword only), name, default; name None: whatever is passed)
VALID_LAYER = "validlayer"
# summary fact: a module-level name a project factory binds to a constructor of a framework layer that
# hands its arguments on (`Conv2DQuantized = quantize_wrapped_layer(tf_keras.layers.Conv2D, config)`):
# the layer's canonical name
LAYER_OF = "layerof"
# summary fact: a project class derives from Keras' Wrapper (WRAPPER_CLASS), and its call returns the layer it
# wraps applied to its input (WRAPPER: the layer a construction of it applies is its first argument)
WRAPPER = "padwrap"
WRAPPER_CLASS = "wrapclass"
_WRAPPER_BASES = {"keras.layers.Wrapper"}
# summary fact: a function returns a paddings list of the spatial border only (its rank; -1: computed)
BORDER_RETURN = "borderret"
# summary fact: a function returns a list of layers whose first, on some path, is a conv or pool built VALID
# (whatever the arguments, or when a padding parameter is "valid"): (op, kind, padding parameter position,
# name and default (None: VALID whatever), line)
LIST_FIRST = "listfirst"
_LAMBDA = "keras.layers.Lambda"
_LISTED_PADS = frozenset({_LAMBDA, *KERAS_PADS})  # pad layers appended to a list of layers (`_check_listed_pad`)
# Keras convs of every rank (1-D, 2-D, 3-D): a project subclass's input is read channels-last, its rank the
# pad's own (`_check_conv_subclass`: a ZeroPadding3D feeds a 5-D input, so a 3-D conv)
_KERAS_CONVS = {name for name, layer in KERAS_LAYERS.items() if layer.kind == "conv"}
# Keras convs whose `call` a subclass may pad before: `super().call(tf.pad(x, ...))`
_OWN_CONVS = _KERAS_CONVS | {"keras.layers.Conv1D", "keras.layers.Convolution1D", "keras.layers.DepthwiseConv1D",
                             "keras.layers.SeparableConv1D"}
# Keras' own Conv method that computes the causal pad (what padding="causal" pads on the left)
_CAUSAL_PADDING = "_compute_causal_padding"


@dataclass
class _SourcePad:
    """A zero pad in source: `tf.pad(x, ...)` or `ZeroPadding2D(...)`, and how its result arrives."""

    call: ast.AST  # where it is reported: the tf.pad call, the ZeroPadding2D(...) construction, a helper call
    produced: ast.AST  # the expression whose value is the padded tensor
    unpadded: ast.expr | None  # x; None in a Sequential list
    pads: tuple | None  # ((before, after), ...) per spatial axis; None when not literal
    data_format: str | None = None  # Keras data_format, compared with the consumer's
    stmt: ast.Assign | None = None  # `p = <pad>` when the consumer reads it through variable p
    load: ast.Name | None = None  # that read
    full: tuple | None = None  # tf.pad's paddings of every axis (spatial axes chosen by the consumer)
    border_rank: int | None = None  # a border pad with computed sizes (full == ()): the padded tensor's rank
    mask: tuple | None = None  # computed sizes: which axes the list may pad (False: a zero pair), for its moves
    moved: str = ""  # "transpose() at line 12" when the padded tensor reaches the consumer through a layout change
    via: ast.AST | None = None  # the statement where the pad runs: the consumer's padding is read on its path
    helper: str = ""  # "fixed_padding() at line 138" when a helper function makes the pad
    activated: ast.Call | None = None  # a zero-keeping activation between the pad and the consumer (the last)
    rewritable: bool = True  # the pad and the consumer are in one place an exact fix may rewrite
    others: list = field(default_factory=list)  # a helper's pads in its other branches (data_format)
    # a pad layer held in a variable or on `self`: the conditions of a conditional expression it is built in
    # (`ZeroPadding2D(p) if padding == "symmetric" else None`: ((that test, True),)), and the pads of the
    # other constructions the holder may have (`self.pad1 = ...` in both branches of an `if`), each judged
    # against the consumer built on its path
    built: tuple = ()
    alternatives: list = field(default_factory=list)
    # a pad layer held on `self` and applied in another method: the tests of `self.<attr>` on the path of
    # that application (`if self.stride == 2: x = self.pad(x)`), which held when the pad ran
    applied: tuple = ()
    non_negative: bool = False  # the layer before it in a Sequential or `add` chain outputs no negative value
    rank: int | None = None  # a pad layer's spatial rank (ZeroPadding3D: 3), known even when its sizes are not


@dataclass
class _Consumer:
    call: ast.Call  # the conv/pool call (a Keras layer's call on its input)
    layer: ast.Call  # where its arguments are: the construction for Keras, the call itself otherwise
    name: str  # canonical name of the op or layer
    kind: str  # "conv", "max_pool", "avg_pool"
    data: ast.expr | None  # its input expression
    padding: ast.expr | None  # its padding argument
    default_padding: str = "VALID"
    keras: bool = False
    extras: dict = field(default_factory=dict)


class PadBeforeValidConvSource(SourceVisitor):
    """Zero pads whose result reaches a VALID conv or pool (see the module docstring)."""

    # A Keras layer is called through a value the code holds (`Conv2D(..)(x)`, `conv(x)`,
    # `self.conv(x)`: `_layer_construction`); `model.add`, `super().call`; helpers of the project
    calls = Calls(_NN_CONSUMERS.keys() | _SEQUENTIAL | _FUNCTIONAL_CONSUMERS.keys() | _LISTED_PADS,
                  methods=("add", "call"), project=True, held=True)
    helper_facts = frozenset({BORDER_RETURN})  # (Sonnet's `pad.create`, in a module that names no framework)

    def __init__(self, file):
        super().__init__(file)
        self.reported: set[int] = set()  # one finding per pad
        self._returned: dict[ast.AST, list[_SourcePad]] = {}
        self._builds: dict[ast.AST, list[tuple]] | None = None
        self._valid_layers: dict[str, tuple | None] = {}  # this file's classes and factories (VALID_LAYER)
        self._input_calls: dict[ast.AST, list[ast.Call]] | None = None
        self._helper_calls: list[ast.Call] = []
        self._list_first: dict[ast.AST, list[tuple]] = {}
        self._chained: dict[ast.AST, frozenset[str]] = {}

    def visit_Call(self, node) -> None:
        name = self.call_name(node)
        if name in _NN_CONSUMERS:
            _check_nn_consumer(self, node)
        elif name in _SEQUENTIAL:
            _check_keras_sequence(self, node)
        elif name in _FUNCTIONAL_CONSUMERS:
            _check_functional(self, node, name)
        elif name in _LISTED_PADS:
            _check_listed_pad(self, node)
        elif isinstance(node.func, (ast.Call, ast.Name, ast.Attribute, ast.Subscript)) and (node.args or node.keywords):
            if _calls_super(node, "call"):
                _check_own_conv(self, node)
            elif isinstance(node.func, ast.Attribute) and node.func.attr == "add":
                _check_keras_add(self, node)
            elif not (type(node.func) is ast.Name and _check_functional_alias(self, node)):
                _check_keras_call(self, node)
                if node.args or node.keywords:
                    self._helper_calls.append(node)  # judged in end(): this file's helpers are known then

    def summarize(self) -> None:
        """Export "returns a zero pad of its parameter" for this file's helper functions (those
        with a pad in them)."""
        export_weight_calls(self.file)  # (what the file's calls pass weight helpers: once per file, as TFP101)
        padding = {self.file.scope_of(c) for c in self.file.calls
                   if self.call_name(c) in _TF_PADS or pad_layer(self.call_name(c))}
        for node in padding:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for pad in self.returned_pads(node):
                    self.file.project.export(PAD_RETURN, self.file.qualnames[node], _pad_fact(pad))
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, _KERAS_CONVS, CONV_CLASS):
                self.file.project.export(CONV_CLASS, qualname)
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, _SEQUENTIAL,
                                                                         SEQUENTIAL_CLASS):
                self.file.project.export(SEQUENTIAL_CLASS, qualname)
        for node, builds in self._conv_builds().items():
            for build in builds:
                self.file.project.export(CONV_BUILD, self.file.qualnames[node], build)
        for qualname, fact in _valid_layers(self).items():
            self.file.project.export(VALID_LAYER, qualname, fact)
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, _WRAPPER_BASES,
                                                                         WRAPPER_CLASS):
                self.file.project.export(WRAPPER_CLASS, qualname)
                if _class_wraps(self, node, qualname):
                    self.file.project.export(WRAPPER, qualname)
        for qualname, layer in _layer_aliases(self).items():
            self.file.project.export(LAYER_OF, qualname, layer)
        if ".append(" in self.file.text:
            for node, qualname in self.file.qualnames.items():
                if isinstance(node, ast.FunctionDef):
                    for fact in self.list_first(node):
                        self.file.project.export(LIST_FIRST, qualname, fact)
        if any(zero in self.file.text for zero in ("[0, 0]", "(0, 0)", "[0] * 2")):  # (a border list's zero pair)
            for node, qualname in self.file.qualnames.items():
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (rank := _returned_border(self, node)):
                    self.file.project.export(BORDER_RETURN, qualname, rank)

    def end(self) -> None:
        for call in self._helper_calls:
            _check_conv_builder(self, call)

    def conv_builds(self, function: ast.AST) -> list[tuple]:
        """The VALID convs and pools `function` builds on one of its parameters (CONV_BUILD facts)."""
        return self._conv_builds().get(function, [])

    def _conv_builds(self) -> dict[ast.AST, list[tuple]]:
        if self._builds is None:
            self._builds = _conv_builds(self)
        return self._builds

    def returned_pads(self, function: ast.AST) -> list[_SourcePad]:
        """The zero pads of a parameter that `function` returns (directly or through the variable it
        returns, in every branch)."""
        if function not in self._returned:
            self._returned[function] = []  # recursion guard
            self._returned[function] = _returned_pads(self, function)
        return self._returned[function]

    def list_first(self, function: ast.AST) -> list[tuple]:
        """The VALID convs or pools that come first in the list of layers `function` returns (LIST_FIRST)."""
        if function not in self._list_first:
            self._list_first[function] = []  # recursion guard
            self._list_first[function] = _list_first(self, function)
        return self._list_first[function]

    def report_once(self, pad: _SourcePad, message: str, parameter: Parameter | None = None, **kwargs) -> None:
        if id(pad.call) in self.reported:
            return
        self.reported.add(id(pad.call))
        if parameter is None and pad.built:  # `ZeroPadding2D(p) if padding == "symmetric" else None`: callers decide
            message = f"{message} (the pad layer is built only when {_built_text(self, pad)})"
            parameter = _building_parameter(self, pad)  # (its size is then not judged by what callers pass)
            if parameter is None and kwargs.get("severity") is None:
                message = f"{message[:-1]}, which is not known here)"
                kwargs["severity"] = Severity.INFO
        elif parameter is None:  # (else: the consumer's padding, as the callers choose it, `_chosen_padding`)
            parameter = _zeroing_parameter(self, pad)
        if kwargs.get("severity") is None and pad.unpadded is not None:  # the weight convention (as TFP101)
            if self.file.shapes.weights_only(pad.unpadded):
                message = f"{message}; but it pads a weight (or a tensor computed only from weights): no batch " \
                          "factor, a copy of a weight's size (the weight convention)"
                kwargs["severity"] = Severity.INFO
            else:  # (a helper's parameter: what every call of it passes decides)
                kwargs["context"] = weights_passed_context(self.file, pad.unpadded, kwargs.get("context"))
        self.report(pad.call, message, parameter=parameter, **kwargs)


# ---------------------------------------------------------------------------------------------
# Where a pad comes from


def _pad_of(v: PadBeforeValidConvSource, data: ast.expr | None, any_axes: bool = False) -> _SourcePad | None:
    """The zero pad whose result `data` is: the expression itself, or what the variable holds (its
    last assignment, or one in the other branch of an `if` that holds that one). `any_axes`: also a
    computed pad of other axes than a border (a layout change may still make it one)."""
    if not isinstance(data, ast.Name):
        return _pad_from(v, data, None, None, any_axes)
    if data.id not in v.file.stored_names:
        return None  # no assignment binds it (a parameter, an import): no scope index is built to find that out
    bound = v.file.binding(data)
    found = None
    for option, stmt in enumerate(_assignments_reaching(v, data, bound)):
        pad = _pad_from(v, stmt.value, stmt, data, any_axes)
        if pad is None:
            continue
        if option:
            pad.rewritable, pad.stmt, pad.load = False, None, None  # it runs in one branch: advice only
        if found is None:
            found = pad
        elif not pad.alternatives:  # the other branch's pad (`if i: p = pad(a)` / `else: p = pad(b)`): judged too
            found.rewritable, found.stmt, found.load = False, None, None
            found.alternatives = [*found.alternatives, pad]
    return found


def _assignments_reaching(v: SourceVisitor, load: ast.Name, bound) -> list[ast.Assign]:
    """`x = ...` assignments whose value `load` may read: the last one before it, then the last one in
    each other branch of the `if` statements that hold it and end before the read."""
    if bound is None or not isinstance(bound.stmt, ast.Assign) or bound.stmt.value is not bound.value:
        return []
    found, child = [bound.stmt], bound.stmt
    index = v.file.scope_index(v.file.scope_of(load))
    for anc in v.file.ancestors(bound.stmt):
        if isinstance(anc, SCOPES) or start(anc) <= start(load) < end(anc):
            break
        if isinstance(anc, ast.If):
            other = anc.orelse if any(child is s for s in anc.body) else anc.body
            spans = [(start(s), end(s)) for s in other]
            inside = [b for b in index.bindings.get(load.id, []) if isinstance(b.stmt, ast.Assign)
                      and b.stmt.value is b.value and any(a <= b.pos <= e for a, e in spans)]
            if inside:
                found.append(inside[-1].stmt)
            else:  # the branch that does not run assigns nothing: what reached the `if` still does
                before = index.reaching(load.id, start(anc))
                if before is not None and isinstance(before.stmt, ast.Assign) and before.stmt.value is before.value \
                        and before.stmt not in found:
                    found.append(before.stmt)
        child = anc
    return found


def _pad_from(v: PadBeforeValidConvSource, data: ast.expr | None, stmt: ast.Assign | None,
              load: ast.Name | None, any_axes: bool = False) -> _SourcePad | None:
    conditional = isinstance(data, ast.IfExp)
    branches = (data.body, data.orelse) if conditional else (data,)  # `pad(x) if max(p) > 0 else x`
    pad = next(filter(None, (_pad_call(v, b, any_axes) for b in branches if isinstance(b, ast.Call))), None)
    if pad is None and not conditional and isinstance(data, ast.Call) and load is not None:
        pad = _looped_pad(v, data, load)
    if pad is None:
        return None
    if conditional:
        pad.rewritable = False  # the pad does not always run: advice only
    pad.stmt, pad.load = (stmt, load) if pad.rewritable else (None, None)
    if pad.via is None:
        pad.via = stmt if stmt is not None else v.file.statement_of(data)
    return pad


def _looped_pad(v: PadBeforeValidConvSource, data: ast.Call, load: ast.Name) -> _SourcePad | None:
    """`for down in stack: x = down(x)` read after the loop (`out = last(x)`): what the last layer appended to the
    list made, when that is a zero pad layer (the statement before the loop that last names the list appends it,
    `stack.append(ZeroPadding2D())`): advice."""
    loop = v.file.parent(v.file.statement_of(data))
    if not (isinstance(loop, ast.For) and isinstance(loop.iter, ast.Name) and isinstance(data.func, ast.Name)
            and isinstance(loop.target, ast.Name) and data.func.id == loop.target.id and _feeds_on(loop)
            and not loop.orelse and start(load) >= end(loop)):
        return None
    if any(isinstance(node, ast.Break) for node in walk_nodes(loop)):
        return None
    where = v.file.block_of(loop)
    holder = ast.dump(loop.iter)
    before = [stmt for stmt in where[0][:where[1]] if _mentions(stmt, holder)] if where else []
    last = before[-1] if before else None
    add = last.value if isinstance(last, ast.Expr) else None
    if not (isinstance(add, ast.Call) and isinstance(add.func, ast.Attribute) and add.func.attr == "append"
            and ast.dump(add.func.value) == holder and len(add.args) == 1 and not add.keywords):
        return None
    layer = _element(v, add.args[0])
    if not (isinstance(layer, ast.Call) and pad_layer(v.call_name(layer))):
        return None
    pad = _keras_pad(v, layer, data, None, None, None)
    pad.rewritable, pad.via = False, loop
    return pad


def _pad_call(v: PadBeforeValidConvSource, data: ast.Call, any_axes: bool = False) -> _SourcePad | None:
    return _tf_pad(v, data, any_axes) or _keras_pad_applied(v, data) or _helper_pad(v, data) or \
        _moved_pad(v, data, any_axes) or _activated_pad(v, data)


def _activated_pad(v: PadBeforeValidConvSource, call: ast.Call) -> _SourcePad | None:
    """A zero pad an elementwise activation that maps 0 to 0 (`relu`, `tanh`, `swish`..., as a function,
    a Keras `ReLU`/`LeakyReLU`/`ELU`/`PReLU` layer or `Activation("relu")`) takes before the consumer:
    relu(pad(x)) is pad(relu(x)), so the consumer still reads a zero border it could pad itself. The
    pad is reported where it is, its path read where it runs (a `padding` chosen with it); advice only
    (the pad would move past the activation)."""
    applied = _zero_keeping(v, call)
    if applied is None:
        return None
    pad = _pad_of(v, applied)
    if pad is None or pad.moved:
        return None  # (a moved pad's axes were followed for a tf.pad only)
    alternatives = [replace(a, produced=call, rewritable=False, stmt=None, load=None, activated=call)
                    for a in pad.alternatives]
    return replace(pad, produced=call, rewritable=False, stmt=None, load=None, activated=call,
                   alternatives=alternatives)


def _zero_keeping(v: SourceVisitor, call: ast.Call) -> ast.expr | None:
    """The input of a zero-keeping activation applied by `call` (None when `call` is none)."""
    name = v.call_name(call)
    if name in _ZERO_KEEPING_CALLS:
        return argument(call, 0, "features") or argument(call, 0, "x")
    if len(call.args) != 1 or call.keywords:
        return None
    return call.args[0] if _zero_keeping_layer(v, _layer_construction(v, call.func)) else None


def _zero_keeping_layer(v: SourceVisitor, layer: ast.AST) -> bool:
    """A layer construction that applies an elementwise activation mapping 0 to 0."""
    name = v.call_name(layer) if isinstance(layer, ast.Call) else None
    if name in _ZERO_KEEPING_LAYERS:
        threshold = keyword_value(layer, "threshold")
        return threshold is None or v.file.literal(threshold) == 0
    if name == "keras.layers.Activation":
        activation = argument(layer, 0, "activation")
        literal = v.file.literal(activation)
        if isinstance(literal, str):
            return literal in _ZERO_KEEPING
        qualified = v.file.qualified(activation) if isinstance(activation, (ast.Name, ast.Attribute)) else None
        return qualified in _ZERO_KEEPING_CALLS
    return False


def _input_non_negative(v: SourceVisitor, pad: _SourcePad) -> bool:
    """The consumer's input cannot be negative: the padded tensor, or the activation after the pad
    (in a Sequential or `add` chain: the layer before the pad, `pad.non_negative`)."""
    return pad.non_negative or _non_negative(v, pad.unpadded) or \
        pad.activated is not None and _non_negative(v, pad.activated)


# (of a list: the same paddings; `np.array([[0, 0], [w - 1, w - 1], ...])` as easytransfer's wide conv, set 70)
_TENSOR_OF = {"tensorflow.constant", "tensorflow.convert_to_tensor", "numpy.array", "numpy.asarray"}


def _tf_pad(v: SourceVisitor, data: ast.Call, any_axes: bool = False) -> _SourcePad | None:
    if v.call_name(data) not in _TF_PADS or len(data.args) > 3:
        return None  # positional args past `mode` differ between tf.pad and tf.compat.v1.pad
    mode = v.file.literal(argument(data, 2, "mode")) if argument(data, 2, "mode") else "CONSTANT"
    value = v.file.literal(keyword_value(data, "constant_values")) if keyword_value(data, "constant_values") else 0
    if not isinstance(mode, str) or mode.upper() != "CONSTANT" or value != 0:
        return None  # a reflect/symmetric or non-zero pad is not what a conv's padding adds
    paddings = argument(data, 1, "paddings")
    if type(paddings) is ast.Call and v.call_name(paddings) in _TENSOR_OF and len(paddings.args) == 1:
        paddings = paddings.args[0]  # (`tf.constant([[0, 0], [p, 0], [0, 0]])`: the list, as a tensor or array)
    full = literal_pairs(paddings, v.file._lookup_literal)
    if full is None and _to_multiple(v, paddings):
        return None  # a pad to a multiple of a size (a patch, a window): not a conv's "same" border
    rank = _border_pad(v, paddings) if full is None else None
    mask = _list_mask(v.file.value_of(paddings)) if full is None else None
    if full is None and not rank and not (any_axes and mask):
        return None  # not visibly a border pad
    return _SourcePad(data, data, argument(data, 0, "tensor"), None, full=full if full is not None else (),
                      border_rank=rank if rank and rank > 0 else None, mask=mask)


def _to_multiple(v: SourceVisitor, paddings: ast.expr | None) -> bool:
    """Paddings some amount of which rounds a size up to a multiple (`k - w % k`, `-w % k`, `(k - w % k) % k`),
    directly or through a name bound to it: the pad a patch or window partition needs (Swin's `maybe_pad`),
    one-sided and zero for sizes already a multiple, which no conv padding reproduces."""
    if paddings is None:
        return False
    for node in ast.walk(v.file.value_of(paddings)):
        if isinstance(node, ast.Name):
            node = v.file.value_of(node)
        if isinstance(node, ast.BinOp) and (
                isinstance(node.op, ast.Sub) and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Mod)
                or isinstance(node.op, ast.Mod) and isinstance(node.left, ast.UnaryOp) and
                isinstance(node.left.op, ast.USub)):
            return True
    return False


_TRANSPOSES = {"tensorflow.transpose", "tensorflow.compat.v1.transpose"}
_RESHAPES = {"tensorflow.reshape", "tensorflow.compat.v1.reshape"}
_EXPAND_DIMS = {"tensorflow.expand_dims", "tensorflow.compat.v1.expand_dims"}


def _moved_pad(v: PadBeforeValidConvSource, call: ast.Call, any_axes: bool = False) -> _SourcePad | None:
    """A `tf.pad` (straight or through a variable) whose axes a layout change moves before the consumer
    reads it: `tf.transpose` with a literal permutation, `tf.expand_dims` at a literal axis, or a
    `tf.reshape` that only inserts size-1 axes (`_inserted_axes`). The pad follows its axes: a time
    axis padded in NCW is the spatial axis of the NWC tensor a transpose makes. Advice only."""
    name = v.call_name(call)
    if name not in _TRANSPOSES | _RESHAPES | _EXPAND_DIMS or not call.args:
        return None
    pad = _pad_of(v, call.args[0], any_axes=True)
    axes = (pad.full or pad.mask) if pad is not None and pad.full is not None else None
    if not axes:
        return None  # a Keras pad layer or a helper's computed pad: which axis is which is not known here
    moved = _move_axes(v, call, name, list(axes))
    if moved is None:
        return None
    literal = bool(pad.full)
    rank = None if literal else _mask_rank(tuple(moved))
    if not literal and not rank and not any_axes:
        return None  # still not a pad of the border only
    return replace(pad, produced=call, full=tuple(moved) if literal else (), mask=None if literal else tuple(moved),
                   border_rank=rank, rewritable=False, stmt=None, load=None, alternatives=[],
                   moved=pad.moved or f"{name.rpartition('.')[2]}() at line {call.lineno}")


def _move_axes(v: SourceVisitor, call: ast.Call, name: str, axes: list) -> list | None:
    """The per-axis pads (pairs or padded flags) of the tensor `call` makes from the padded one, None
    when the source does not say where each axis goes."""
    unpadded = (0, 0) if isinstance(axes[0], tuple) else False
    if name in _TRANSPOSES:
        perm = v.file.literal(argument(call, 1, "perm"))
        if not (isinstance(perm, (list, tuple)) and sorted(perm) == list(range(len(axes)))):
            return None
        return [axes[i] for i in perm]
    if name in _EXPAND_DIMS:
        at = v.file.literal(argument(call, 1, "axis"))
        if not isinstance(at, int) or isinstance(at, bool) or not -len(axes) - 1 <= at <= len(axes):
            return None
        return axes[:at % (len(axes) + 1)] + [unpadded] + axes[at % (len(axes) + 1):]
    inserted = _inserted_axes(v, call, len(axes))
    if inserted is None:
        return None
    kept = iter(axes)
    return [unpadded if i in inserted else next(kept) for i in range(len(axes) + len(inserted))]


def _inserted_axes(v: SourceVisitor, call: ast.Call, rank: int) -> set[int] | None:
    """`tf.reshape(p, [s[0], 1, s[1], c])` with `s = p.get_shape().as_list()`: the positions of the
    literal 1s when the other sizes are p's own in order. One of those may be any expression (the
    element count fixes it: `c` is p's last size); None when the reshape may merge or split axes."""
    shape = v.file.value_of(argument(call, 1, "shape"))
    if not isinstance(shape, (ast.List, ast.Tuple)) or not isinstance(call.args[0], ast.Name):
        return None
    ones = {i for i, e in enumerate(shape.elts) if _is_one(v.file.literal(e))}
    rest = [e for i, e in enumerate(shape.elts) if i not in ones]
    if len(rest) != rank or not ones:
        return None
    unproven = [k for k, e in enumerate(rest) if _size_of(v, e, call.args[0]) != k]
    return ones if len(unproven) <= 1 else None


def _is_one(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == 1


def _size_of(v: SourceVisitor, node: ast.AST, tensor: ast.Name) -> int | None:
    """k when `node` is the tensor's own size k (`s[k]` with `s = tensor.get_shape().as_list()`,
    `tensor.shape[k]`, `tf.shape(tensor)[k]`), the same binding of the tensor as `tensor` reads."""
    if not isinstance(node, ast.Subscript) or v.file.literal(node.slice) is NOT_LITERAL:
        return None
    k, base = v.file.literal(node.slice), v.file.value_of(node.value)
    if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "as_list":
        base = base.func.value
    if isinstance(base, ast.Call) and isinstance(base.func, ast.Attribute) and base.func.attr == "get_shape":
        base = base.func.value
    elif isinstance(base, ast.Attribute) and base.attr == "shape":
        base = base.value
    elif isinstance(base, ast.Call) and v.call_name(base) == "tensorflow.shape" and base.args:
        base = base.args[0]
    else:
        return None
    bound = v.file.binding(tensor)
    same = isinstance(base, ast.Name) and base.id == tensor.id and bound is not None and v.file.binding(base) == bound
    return k if same and isinstance(k, int) and not isinstance(k, bool) else None


def _border_pad(v: SourceVisitor, node: ast.AST | None) -> int:
    """The rank of the tensor a pad of the spatial border with sizes the code computes pads (0: not
    one): the list itself, what a name holds, what every `self.<attr> = ...` of the class assigns
    (one list per data format), or what a function of this file returns for the call's arguments."""
    if isinstance(node, ast.Name):
        bound = v.file.binding(node) if node.id in v.file.stored_names else None
        elements = _zipped_elements(v, node) if bound is None or bound.value is None and \
            isinstance(bound.stmt, (ast.For, ast.AsyncFor)) else None
        if elements:  # `functional.pad(x, pad) for x, pad in zip(xs, self.pads)`: each list the class keeps
            return _one_rank([_border_list(value) for e in elements for value in _held_values(v, e)])
        node = v.file.value_of(node)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == _CAUSAL_PADDING \
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "self":
        return 3  # a Conv1D's causal pad of its own input: the border, before the time axis
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        owner = v.file.enclosing_class(node)
        stores = v.file.self_assignments(owner, node.attr) if owner is not None else []
        return _one_rank([_border_pad(v, s.value) if isinstance(s.value, ast.Call) else _border_list(s.value)
                          for s in stores])
    if isinstance(node, ast.Call):
        returned = _returned_for(v, node)
        if not returned and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = v.file.def_of(node.func)  # a function of another module: its summary (BORDER_RETURN)
            facts = v.file.project.query(BORDER_RETURN, name) if name is not None and name not in v.file.defs else ()
            return facts[0] if facts else 0
        return _one_rank([_border_list(value) for value in returned for value in _held_values(v, value)])
    return _border_list(node)


def _killed(v: SourceVisitor, stmt: ast.AST | None, read: ast.Name) -> bool:
    """An assignment of `read`'s name that an `if` after it, before the read and in its own block,
    rebinds in both branches (`paddings = map(...)`, then `if ...: paddings = [...] else: paddings =
    [...]`): it does not reach the read."""
    where = v.file.block_of(stmt) if isinstance(stmt, ast.stmt) else None
    if not where:
        return False
    for later in where[0][where[1] + 1:]:
        if start(later) > start(read):
            break
        if isinstance(later, ast.If) and later.orelse and all(
                any(isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == read.id for t in s.targets)
                    for s in branch) for branch in (later.body, later.orelse)):
            return True
    return False


def _returned_border(v: SourceVisitor, function: ast.AST) -> int:
    """BORDER_RETURN: the rank of the tensor whose spatial border every list `function` returns pads
    (-1: a border of a rank the code computes, `[[0, 0]] + list(paddings) + [[0, 0]]`); 0: none."""
    returns = v.file.returns_of(function)
    if not returns or any(not isinstance(r.value, (ast.List, ast.Tuple, ast.BinOp, ast.Name)) for r in returns):
        return 0
    return _one_rank([_border_list(value) for r in returns for value in _held_values(v, r.value)])


def _held_values(v: SourceVisitor, node: ast.expr) -> list[ast.expr]:
    """A returned expression, or every value its name may hold there (`paddings_tf = [...]` in each
    branch of an `if` on the data format, then `return paddings_tf`); [None] when one is not known."""
    if not isinstance(node, ast.Name) or node.id not in v.file.stored_names:
        return [node]
    bindings = [b for b in v.file.reaching_bindings(node) if not _killed(v, b.stmt, node)]
    if not bindings:
        return [None]
    values: list = []
    for bound in bindings:
        changed = _item_change(_aug_assignment(v, node, bound), node.id) if bound.stmt is None else None
        if changed is not None:  # `pads[1][0] -= 1`: the list held before, if that axis already pads
            index, root = changed
            earlier = _held_values(v, root)
            if any(e is None or not _pads_axis(e, index) for e in earlier):
                return [None]
            values.extend(e for e in earlier if all(e is not kept for kept in values))
        elif bound.stmt is None or bound.value is None:
            return [None]
        else:
            values.append(bound.value)
    return values


def _aug_assignment(v: SourceVisitor, read: ast.Name, bound) -> ast.AugAssign | None:
    """The augmented assignment a binding with no statement stands for (the scope index keeps none for
    `pads[1][0] -= 1`): the one of the read's function that ends where the binding takes effect."""
    function = v.file.scope_of(read)
    if bound.value is not None or type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef):
        return None
    return next((n for n in walk_nodes(function) if type(n) is ast.AugAssign and end(n) == bound.pos), None)


def _item_change(stmt: ast.AugAssign | None, name: str) -> tuple[int, ast.Name] | None:
    """(axis, the name's read) for an augmented assignment to an item of a list `name` holds, by a literal
    index (`pads[1][0] -= 1`): the list is the same, one pair changed; else None."""
    target = stmt.target if stmt is not None else None
    if type(target) is not ast.Subscript:
        return None
    while type(target.value) is ast.Subscript:
        target = target.value
    root, index = target.value, target.slice
    if type(root) is not ast.Name or root.id != name or type(index) is not ast.Constant or type(index.value) is not int:
        return None
    return index.value, root


def _pads_axis(node: ast.AST, index: int) -> bool:
    """A paddings literal whose pair at `index` is no zero pair (changing it keeps the axes it pads)."""
    if type(node) not in (ast.List, ast.Tuple) or not -len(node.elts) <= index < len(node.elts):
        return False
    return not _zero_pair(node.elts[index])


def _one_rank(ranks: list[int]) -> int:
    """The rank every one of several border lists has (0 when one is not a border list, or they differ)."""
    return ranks[0] if ranks and ranks[0] and all(r == ranks[0] for r in ranks) else 0


def _returned_for(v: SourceVisitor, call: ast.Call) -> list[ast.expr]:
    """What a function of this file returns for `call`: the values of the return statements the
    call's literal arguments reach (`_padding_arg(h, w, 'NHWC')` reaches `if input_format == 'NHWC':
    return [...]` and not the 'HWC' branch); [] when it is not such a function."""
    function = v.file.defs.get(v.file.callee(call) or "")
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    names = positional_names(function)
    passed = [(names[i], a) for i, a in enumerate(call.args[:len(names)])] + \
             [(k.arg, k.value) for k in call.keywords if k.arg]
    known = [equals(name, value) for name, node in passed
             if (value := v.file.literal(node)) is not NOT_LITERAL and isinstance(value, (str, int, bool))]
    values = []
    for node in v.file.returns_of(function):
        if any(decide(test, known) is (not held) for test, held in conditions(v.file, node)):
            continue  # a branch these arguments do not take
        if node.value is None:
            return []
        values.append(node.value)
    return values


def _border_list(node: ast.AST | None) -> int:
    """`[[0, 0], [b, e], [b, e], [0, 0]]` with non-literal sizes: a pad of the spatial axes of a tensor
    of that many axes (3 to 5: batch first, channels last or second); -1 for a list joined from a computed
    one that pads the spatial axes only, of a rank the code computes (`[[0, 0]] + list(paddings) + [[0,
    0]]`, channels last; `[[0, 0], [0, 0]] + list(paddings)`, channels first); 0 when not one."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _joined_border(node)
    return _mask_rank(_list_mask(node))


def _joined_border(node: ast.BinOp) -> int:
    parts, pending = [], [node]
    while pending:
        item = pending.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            pending.extend((item.right, item.left))
        else:
            parts.append(item)
    literal = [isinstance(p, (ast.List, ast.Tuple)) for p in parts]
    if all(literal) or not literal[0] or not parts[0].elts or not _zero_pair(parts[0].elts[0]):
        return 0  # (a list of literal lists only is judged as the list it makes: not here)
    if any(isinstance(p, (ast.List, ast.Tuple)) and p is not parts[0] and p is not parts[-1] for p in parts):
        return 0
    last = parts[-1] if literal[-1] and len(parts) > 1 else None
    channels_last = last is not None and last.elts and _zero_pair(last.elts[-1]) and len(parts[0].elts) == 1 \
        and len(last.elts) == 1
    channels_first = last is None and len(parts[0].elts) == 2 and _zero_pair(parts[0].elts[1])
    return -1 if channels_last or channels_first else 0


def _list_mask(node: ast.AST | None) -> tuple[bool, ...] | None:
    """Which axes a paddings list of 3 to 5 axes may pad (False: a zero pair, `[0, 0]` or `[0] * 2`);
    None when it is no such list."""
    if not isinstance(node, (ast.List, ast.Tuple)) or not 3 <= len(node.elts) <= 5:
        return None
    return tuple(not _zero_pair(e) for e in node.elts)


def _zero_pair(node: ast.AST) -> bool:
    """`[0, 0]`, `(0, 0)` or `[0] * 2`: nothing padded on that axis."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        node = node.left if isinstance(node.left, (ast.List, ast.Tuple)) else node.right
    return isinstance(node, (ast.List, ast.Tuple)) and all(isinstance(x, ast.Constant) and x.value == 0
                                                            for x in node.elts)


def _mask_rank(mask: tuple[bool, ...] | None) -> int:
    """The rank of a tensor whose spatial border (only) a pad of the `mask` axes pads (0: not a border
    pad: batch or, as far as the list says, channels)."""
    if mask is None or not 3 <= len(mask) <= 5:
        return 0
    zero = [not padded for padded in mask]
    if len(zero) == 3:  # one spatial axis: channels last only (else it could be a channel pad)
        return 3 if zero[0] and zero[2] and not zero[1] else 0
    return len(zero) if zero[0] and (zero[-1] or zero[1]) and not all(zero) else 0


def _keras_pad_applied(v: SourceVisitor, data: ast.Call) -> _SourcePad | None:
    """`ZeroPadding2D(...)(y)`, `pad(y)` after `pad = ZeroPadding2D(...)`, `self._pad(y)` where the
    class sets `self._pad = ZeroPadding2D(...)` (maybe only in one branch: the pad is reported at
    that construction, and the consumer's padding is read on its path; maybe in a conditional
    expression, `ZeroPadding2D(p) if padding == "symmetric" else None`: `built`). A holder built in
    several places gives one pad per construction (the first, with the others as its `alternatives`)."""
    if not data.args:
        return None
    func = data.func
    if isinstance(func, ast.Call):
        layer = applied_layer(v.file, func)  # (`TimeDistributed(ZeroPadding2D(1))`: the pad it applies per frame)
        if pad_layer(v.call_name(layer)):
            pad = _keras_pad(v, layer, data, data.args[0], None, None)
            pad.rewritable = layer is func
            return pad
        lam = _lambda_layer(v, func)
        pad = _lambda_pad(v, lam) if lam is not None else None
        return replace(pad, produced=data, unpadded=data.args[0], via=v.file.statement_of(data)) if pad else None
    made = _pad_constructions(v, func)
    if not made:
        return None
    applied = _applied_tests(v, data)
    pads = []
    for layer, stmt, built in made:
        pad = _keras_pad(v, layer, data, data.args[0], None, None)
        pad.rewritable, pad.via, pad.built = False, stmt, built  # a layer object built elsewhere: advice only
        pad.applied = applied if v.file.scope_of(stmt) is not v.file.scope_of(data) else ()
        pads.append(pad)
    pads[0].alternatives = pads[1:]
    return pads[0]


def _applied_tests(v: SourceVisitor, data: ast.Call) -> tuple:
    """The tests of `self.<attr>` (alone or compared with a literal) on the path of the statement that applies
    a held pad layer: they held when it ran, and the attribute is the class's in every method (a test of a
    local name speaks of that method's own name: left out)."""
    at = v.file.statement_of(data)
    found = []
    for test, held in [*conditions(v.file, at), *exited_before(v.file, at)]:
        if self_attribute_test(test, v.file.literal) is not None:
            found.append((test, held))
    return tuple(found)


def _lambda_layer(v: SourceVisitor, func: ast.Call) -> ast.Call | None:
    """The `Lambda(f)` construction a call makes: itself, or the one construction a function or method of
    this file returns (`def _FixedPaddingLayer(self, k): return tf.keras.layers.Lambda(lambda x: pad(x, k))`)."""
    if v.call_name(func) == _LAMBDA:
        return func
    callee = v.file.callee(func)
    function = v.file.defs.get(callee) if callee is not None else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    returns = v.file.returns_of(function)
    value = returns[0].value if len(returns) == 1 else None
    return value if isinstance(value, ast.Call) and v.call_name(value) == _LAMBDA else None


def _lambda_pad(v: PadBeforeValidConvSource, layer: ast.Call) -> _SourcePad | None:
    """The zero pad a Keras `Lambda` layer makes of its input: its function (a lambda, or a function of this
    file it names: `def fixed_padding(features, kernel_size=k): return ops.fixed_padding(features, kernel_size)`)
    returns a `tf.pad` of its first parameter or what a pad helper makes of it (this file's, or another
    module's by its summary). Reported where that pad is (the helper's, as `_helper_pad` says); advice only."""
    function = argument(layer, 0, "function")
    if isinstance(function, ast.Name):
        qualname = v.file.def_of(function)
        function = v.file.defs.get(qualname) if qualname is not None else None
    if isinstance(function, ast.Lambda):
        values = [function.body]
    elif isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        values = [r.value for r in v.file.returns_of(function)]
        if len(values) != 1:
            return None
    else:
        return None
    first = positional_names(function)[:1]
    value = values[0]
    if not first or not isinstance(value, ast.Call):
        return None
    pad = _tf_pad(v, value) or _helper_pad(v, value)
    if pad is None or not (isinstance(value.args[0] if value.args else None, ast.Name) and
                           value.args[0].id == first[0]):
        return None
    helper = pad.helper or f"the Lambda at line {layer.lineno}"
    return replace(pad, rewritable=False, stmt=None, load=None, helper=helper, alternatives=[])


def _pad_constructions(v: SourceVisitor, func: ast.AST) -> list[tuple[ast.Call, ast.stmt, tuple]]:
    """The zero pad layer constructions a layer variable or `self` attribute may hold, each with its
    statement and the conditions of a conditional expression it is built in."""
    if isinstance(func, ast.Name):
        if func.id not in v.file.stored_names:
            return []  # an imported function or class, a builtin: not a variable holding a layer
        bound = v.file.binding(func)
        stmts = [bound.stmt] if bound is not None and isinstance(bound.stmt, ast.Assign) else []
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        owner = v.file.enclosing_class(func)
        stmts = v.file.self_assignments(owner, func.attr) if owner is not None else []
    elif isinstance(func, ast.Subscript):  # (`self.blocks["pad"](x)`: the item a container holds)
        item = held_item(v.file, func)
        return [(item, v.file.statement_of(item), ())] if item is not None and pad_layer(v.call_name(item)) else []
    else:
        return []
    found = []
    for stmt in stmts:
        value = stmt.value
        if isinstance(value, ast.IfExp):  # `ZeroPadding2D(p) if padding == "symmetric" else None`
            for branch, held in ((value.body, True), (value.orelse, False)):
                if isinstance(branch, ast.Call) and pad_layer(v.call_name(branch)):
                    # (built only when its own size is positive, `ZeroPadding2D(pad) if pad > 0 else None`: built,
                    # it pads; the test says nothing the finding needs)
                    found.append((branch, stmt, () if _own_size_positive(branch, value.test, held)
                                  else ((value.test, held),)))
        elif isinstance(value, ast.Call) and pad_layer(v.call_name(value)):
            found.append((value, stmt, ()))
    return found


def _own_size_positive(layer: ast.Call, test: ast.expr, held: bool) -> bool:
    """Whether `test` (holding as `held`) says that the pad layer's own size, a name, is positive: `pad > 0`,
    `pad >= 1`, `pad != 0`, `0 < pad`, `pad` (or `not pad` failing)."""
    size = argument(layer, 0, "padding")
    if type(size) is not ast.Name:
        return False
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        return _own_size_positive(layer, test.operand, not held)
    if not held:
        return False
    if type(test) is ast.Name:
        return test.id == size.id
    if type(test) is not ast.Compare or len(test.ops) != 1:
        return False
    left, op, right = test.left, type(test.ops[0]), test.comparators[0]
    if type(right) is ast.Name and type(left) is ast.Constant:
        left, right, op = right, left, {ast.Lt: ast.Gt, ast.LtE: ast.GtE}.get(op, op)
    if type(left) is not ast.Name or left.id != size.id or type(right) is not ast.Constant:
        return False
    bound = right.value
    if type(bound) is not int:
        return False
    return op is ast.Gt and bound >= 0 or op is ast.GtE and bound >= 1 or op is ast.NotEq and bound == 0


def _helper_pad(v: PadBeforeValidConvSource, data: ast.Call) -> _SourcePad | None:
    """A call to a function that returns a zero pad of its argument: reported at the pad inside
    it when it is in this file, else at this call (with the helper's summary)."""
    callee = v.file.callee(data)
    if callee is None or not data.args:
        return None
    function = v.file.defs.get(callee)
    if isinstance(function, ast.ClassDef):
        return None  # a class constructed, not a helper returning a pad
    if function is not None:
        pads = v.returned_pads(function)
        if not pads:
            return None
        return _with_helper(pads, data, function)
    facts = v.file.project.query(PAD_RETURN, callee)
    if not facts:
        return None
    kind, pads, full, line, border_rank = facts[0]
    return _SourcePad(data, data, data.args[0], pads, full=full, border_rank=border_rank, rewritable=False,
                      helper=f"{callee.rpartition('.')[2]}() (its zero pad at line {line} of {callee.rpartition('.')[0]})")


def _with_helper(pads: list[_SourcePad], call: ast.Call, function) -> _SourcePad:
    first = pads[0]
    return replace(first, produced=call, unpadded=call.args[0], rewritable=False, alternatives=[],
                   helper=f"{function.name}() at line {first.call.lineno}", others=pads[1:])


def _returned_pads(v: PadBeforeValidConvSource, function: ast.AST) -> list[_SourcePad]:
    params = parameter_names(function)
    found = []
    for node in v.file.returns_of(function):
        if node.value is None:
            continue
        values = [node.value]
        if isinstance(node.value, ast.Name):  # every assignment of the returned variable
            index = v.file.scope_index(function)
            values = [b.value for b in index.bindings.get(node.value.id, []) if b.value is not None]
        for value in values:
            if not isinstance(value, ast.Call):
                continue
            pad = _tf_pad(v, value) or _keras_pad_applied(v, value)
            if pad is not None and isinstance(pad.unpadded, ast.Name) and pad.unpadded.id in params:
                found.append(pad)
    return found


def _pad_fact(pad: _SourcePad) -> tuple:
    """What a helper's summary says of the pad it returns (plain data)."""
    pads = tuple(tuple(p) for p in pad.pads) if pad.pads else None
    full = tuple(tuple(p) for p in pad.full) if pad.full is not None else None  # (): computed sizes
    return ("tf" if pad.full is not None else "keras", pads, full, pad.call.lineno, pad.border_rank)


def _layer_construction(v: SourceVisitor, func: ast.AST) -> ast.AST:
    """`Conv2D(...)` for `Conv2D(...)(x)`, for `conv(x)` after `conv = Conv2D(...)`, and for
    `self.conv(x)` when every `self.conv = ...` of the class builds the same layer. Only those
    calls are "held" ones (`Calls.held`, this rule's declaration): keep the two alike."""
    if isinstance(func, ast.Call):
        return _applied(v, func)  # (`TimeDistributed(Conv2D(...))(x)`: the conv it applies per frame)
    if isinstance(func, ast.Subscript):
        return held_item(v.file, func) or func  # (`self.blocks["conv"](x)`: the item a container holds)
    if isinstance(func, ast.Name):
        if func.id not in v.file.stored_names:
            return func  # an imported function or class, a builtin: not a variable holding a layer
        bound = v.file.binding(func)
        if bound is not None and isinstance(bound.value, ast.Call):
            return _applied(v, bound.value)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        owner = v.file.enclosing_class(func)
        stmts = v.file.self_assignments(owner, func.attr) if owner is not None else []
        made = [s.value for s in stmts if isinstance(s.value, ast.Call)]
        if made and len(made) == len(stmts) and len({v.call_name(m) for m in made}) == 1:
            return made[0]
    return func


def _applied_construction(v: SourceVisitor, call: ast.Call) -> ast.AST:
    """The layer a call applies to its input (`_layer_construction`), also the first layer of a list a loop applies
    when the input is the value from before the loop (`_first_pass_layer`): for a consumer only (what a pass after
    the first makes may come from any layer of the list)."""
    layer = _layer_construction(v, call.func)
    return (_first_pass_layer(v, call) or layer) if layer is call.func and type(layer) is ast.Name else layer


def _first_pass_layer(v: SourceVisitor, call: ast.Call) -> ast.Call | None:
    """`for layer in self.conv: xr = layer(xr)` with `xr` bound before the loop: the layer the first pass applies to
    that value, when the list is a literal (`self.conv = [DepthwiseConv2D(3, padding="valid"), ...]` in `build`, every
    assignment of the class starting with the same layer; or a local name bound once to one). Only the first pass
    reads what was bound before the loop; the later ones read what the loop made."""
    layer_binding = v.file.binding(call.func)
    loop = layer_binding.stmt if layer_binding is not None else None
    data = call.args[0] if call.args else None
    if not (isinstance(loop, ast.For) and type(loop.target) is ast.Name and type(data) is ast.Name
            and start(loop) <= start(call) < end(loop)):
        return None
    bound = v.file.binding(data)
    if bound is None or bound.stmt is None or start(bound.stmt) >= start(loop):
        return None  # (the value the loop itself made: any layer of the list may apply to it)
    if is_self_attribute(loop.iter):
        owner = v.file.enclosing_class(loop)
        lists = [s.value for s in v.file.self_assignments(owner, loop.iter.attr)] if owner is not None else []
    elif type(loop.iter) is ast.Name and (held := v.file.binding(loop.iter)) is not None:
        lists = [held.value]
    else:
        return None
    firsts = [value.elts[0] if type(value) is ast.List and value.elts else None for value in lists]
    if not firsts or any(type(f) is not ast.Call for f in firsts) or len({v.call_name(f) for f in firsts}) != 1:
        return None
    return _applied(v, firsts[0])


def _applied(v: SourceVisitor, construction: ast.Call) -> ast.AST:
    """The layer a wrapper construction applies: a framework wrapper's (`applied_layer`), or a project
    wrapper class's (`WeightNorm(Conv1D(...))`, `_wraps`), whichever wraps the other; else the construction."""
    for _ in range(3):
        construction = applied_layer(v.file, construction)
        wrapped = _wrapped_construction(v, construction)
        if wrapped is None:
            return construction
        qualname = v.file.def_of(construction.func) if isinstance(construction.func, (ast.Name, ast.Attribute)) \
            else None
        if qualname is None or not _wraps(v, qualname):
            return construction
        construction = wrapped
    return construction


def _wrapped_construction(v: SourceVisitor, construction: ast.AST) -> ast.Call | None:
    """The construction a wrapper's first argument is: `Conv1D(...)` in `WeightNorm(Conv1D(...))`, also through the
    name it was bound to (`conv = Conv1D(...)`, then `if norm: conv = WeightNorm(conv)`, set 64's flowket); None
    otherwise."""
    if type(construction) is not ast.Call or not construction.args:
        return None
    first = construction.args[0]
    if type(first) is ast.Name and first.id in v.file.stored_names:
        bound = v.file.binding(first)
        first = bound.value if bound is not None and bound.value is not None else first
    return first if type(first) is ast.Call else None


def _wraps(v: SourceVisitor, qualname: str) -> bool:
    """`qualname` is a project Keras `Wrapper` class (of this file, else another module's WRAPPER fact) whose
    `call` returns the layer it wraps applied to its input (`_class_wraps`)."""
    node = v.file.defs.get(qualname)
    if node is None:
        return bool(v.file.project.query(WRAPPER, qualname))
    return isinstance(node, ast.ClassDef) and _class_wraps(v, node, qualname)


def _class_wraps(v: SourceVisitor, owner: ast.ClassDef, qualname: str) -> bool:
    """A class derived from Keras' `Wrapper` (which keeps its first argument as `self.layer`) whose `call`
    (or `__call__`) returns, in every return, `self.layer(x)` or `self.layer.call(x)` of its input as it
    came (directly or through a name bound once to it): the wrapped layer is what a call of it applies
    (a project copy of WeightNormalization). Whatever else `call` does with the input (a data-dependent
    init) does not change the result it returns."""
    if not derives(v.file, qualname, _WRAPPER_BASES, WRAPPER_CLASS):
        return False
    method = next((s for name in _CALL_METHODS for s in owner.body
                   if isinstance(s, ast.FunctionDef) and s.name == name), None)
    names = positional_names(method) if method is not None else []
    returns = v.file.returns_of(method) if method is not None else []
    if len(names) < 2 or not returns:
        return False
    for ret in returns:
        value = ret.value
        if isinstance(value, ast.Name) and value.id in v.file.stored_names:
            bound = v.file.reaching_bindings(value)
            value = bound[0].value if len(bound) == 1 and isinstance(bound[0].stmt, ast.Assign) \
                and bound[0].value is bound[0].stmt.value else None
        if not (isinstance(value, ast.Call) and len(value.args) == 1 and isinstance(value.args[0], ast.Name)):
            return False
        func = value.func.value if isinstance(value.func, ast.Attribute) and value.func.attr == "call" \
            else value.func
        if not (isinstance(func, ast.Attribute) and func.attr == "layer" and _is_name(func.value, "self")):
            return False
        if v.file.self_assignments(owner, "layer") or \
                not _holds_input(v, value.args[0], method, param=names[1]) or value.args[0].id != names[1]:
            return False  # (a class that sets `self.layer` itself; an input changed on the way)
    return True


def _keras_format(fmt):
    """A Keras data_format as the axes it reads: none given is Keras's default image_data_format(),
    channels last unless a configuration says otherwise (`data_format="channels_last"` beside a layer that
    leaves it reads the same axes)."""
    return "channels_last" if fmt is None else fmt


def _keras_pad(v: SourceVisitor, layer: ast.Call, produced, unpadded, stmt, load) -> _SourcePad:
    value = v.file.literal(argument(layer, 0, "padding")) if argument(layer, 0, "padding") else 1
    fmt = keyword_value(layer, "data_format")
    rank = _rank(v.call_name(layer))
    return _SourcePad(layer, produced, unpadded, _keras_pads(value, rank), v.file.literal(fmt) if fmt else None,
                      stmt, load, rank=rank)


def _keras_pads(value, rank: int) -> tuple | None:
    """ZeroPadding1D/2D/3D's `padding` as (before, after) per spatial axis: an int pads every side
    alike; ZeroPadding1D's pair is (before, after), the others' tuple has one int or pair per axis."""
    if isinstance(value, int) and not isinstance(value, bool):
        return ((value, value),) * rank
    if not isinstance(value, (list, tuple)):
        return None
    if rank == 1:
        return (tuple(value),) if len(value) == 2 and all(isinstance(x, int) for x in value) else None
    if len(value) != rank:
        return None
    if all(isinstance(x, int) for x in value):
        return tuple((x, x) for x in value)
    if all(isinstance(x, (list, tuple)) and len(x) == 2 for x in value):
        return tuple(tuple(x) for x in value)
    return None


def _spatial_pads(pad: _SourcePad, axes: tuple[int, ...] | None, rank: int = 2) -> tuple | None | bool:
    """The pad's (before, after) per spatial axis of the consumer (with `rank` spatial axes, `axes`
    of them when its data format says); False when it pads other axes (channels, batch: real data,
    not a border) or a tensor of another rank than the consumer reads."""
    if axes is not None:
        rank = len(axes)
    if pad.full is None:
        if pad.pads is None:  # (sizes not known: a pad layer of another rank is still no border of this input)
            return None if pad.rank in (None, rank) else False
        return pad.pads if len(pad.pads) == rank else False
    if not pad.full:  # a pad of the border with sizes the code computes
        return None if pad.border_rank in (None, rank + 2) else False
    if len(pad.full) != rank + 2:
        return False
    layouts = [axes] if axes is not None else [_axes(rank, False), _axes(rank, True)]
    for spatial in layouts:
        if not any(any(p) for i, p in enumerate(pad.full) if i not in spatial):
            pads = tuple(tuple(pad.full[a]) for a in spatial)
            return pads if any(any(p) for p in pads) else False
    return False


# ---------------------------------------------------------------------------------------------
# Consumers


def _check_nn_consumer(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """tf.nn.conv2d/convolution/depthwise_conv2d/max_pool*/avg_pool* with VALID fed by a zero pad."""
    name = v.call_name(call)
    padding_pos = _NN_CONSUMERS[name][1]
    v1 = (v.file.imports.raw(call.func) or "").startswith("tensorflow.compat.v1.")
    padding = argument(call, padding_pos[v1], "padding")
    data_format = v.file.literal(keyword_value(call, "data_format")) if keyword_value(call, "data_format") else "NHWC"
    data = argument(call, 0, "input") or keyword_value(call, "value")
    pad = _pad_of(v, data)
    if pad is None:
        return
    for option in (pad, *pad.alternatives):
        _check_nn_pad(v, call, name, option, padding, data_format, data, v1)


def _check_nn_pad(v: PadBeforeValidConvSource, call: ast.Call, name: str, pad: _SourcePad, padding, data_format,
                  data, v1: bool) -> None:
    kind, _, no_explicit = _NN_CONSUMERS[name]
    if not isinstance(data_format, str):
        if pad.full != () or pad.border_rank is not None:
            return
        data_format = "NHWC"  # (a border list of computed sizes and rank pads the spatial axes whatever the layout)
    default = "VALID" if name == "tensorflow.nn.convolution" else None
    if not _is_valid(v, padding, pad, default):
        return
    axes = _axes(_rank(name), data_format.upper().startswith("NC"))
    pads = _spatial_pads(pad, axes)
    if pads is False:
        return
    pad.pads = pads
    if pad.helper or not pad.rewritable:
        _report_advice(v, pad, name.rsplit(".", 1)[1], kind, _input_non_negative(v, pad))
        return
    window = _nn_window(v, call, name, kind, axes, v1)
    sizes = _spatial(_static_shape(v, pad.unpadded), axes) if pad.unpadded is not None else (None,) * len(axes)
    how = _fold(pad.pads, window, sizes, kind, no_explicit, non_negative=_input_non_negative(v, pad))
    full = None
    if pad.pads is not None:
        full = [[0, 0] for _ in range(len(axes) + 2)]
        for axis, pair in zip(axes, pad.pads):
            full[axis] = list(pair)
    _report(v, pad, call, data, padding, how, full, op=name.rsplit(".", 1)[1], keras=False, kind=kind,
            non_negative=_input_non_negative(v, pad))


def _check_functional(v: PadBeforeValidConvSource, call: ast.Call, name: str) -> None:
    """tf_slim / tf.compat.v1.layers convs and pools (`slim.conv2d(x, n, k, stride=2, padding='VALID')`);
    with no padding argument, the one an enclosing `slim.arg_scope([...], padding=...)` gives the op."""
    kind, position, default = _FUNCTIONAL_CONSUMERS[name]
    pad = _pad_of(v, argument(call, 0, "inputs"))
    for option in (pad, *pad.alternatives) if pad is not None else ():
        if _is_valid(v, _functional_padding(v, call, name, position), option, default):
            _report_functional(v, option, call, name, kind)


def _report_functional(v: PadBeforeValidConvSource, pad: _SourcePad, call: ast.Call, name: str, kind: str,
                       op: str | None = None) -> None:
    fmt = v.file.literal(keyword_value(call, "data_format")) if keyword_value(call, "data_format") else None
    axes = _axes(_rank(name), isinstance(fmt, str) and fmt.upper().startswith(("NC", "CHANNELS_F")))
    pads = _spatial_pads(pad, axes if fmt is not None else None, len(axes))
    if pads is False:
        return
    pad.pads = pads
    _report_advice(v, pad, op or name.rsplit(".", 1)[1], kind, _input_non_negative(v, pad))


def _functional_padding(v: SourceVisitor, call: ast.Call, name: str, position: int | None,
                        bound: dict | None = None) -> ast.expr | None:
    """A functional conv's padding: its argument, else what a `functools.partial` it is called through
    binds (`bound`), else the `padding` of the innermost `slim.arg_scope([..op..], padding=...)` around the
    call in its function that names the op (None: the op's default; an arg_scope of scopes the source
    does not list, `slim.arg_scope(training_scope())`, nearer than one that sets the padding: unknown)."""
    padding = argument(call, position, "padding")
    if padding is not None:
        return padding
    if bound and "padding" in bound:
        return bound["padding"]
    if not name.startswith("tf_slim."):
        return None
    for anc in v.file.ancestors(call):
        if isinstance(anc, SCOPES):
            return None
        if not isinstance(anc, (ast.With, ast.AsyncWith)):
            continue
        for item in reversed(anc.items):  # (a later item is the inner scope)
            scope = item.context_expr
            if not (isinstance(scope, ast.Call) and v.call_name(scope) in _ARG_SCOPES):
                continue
            ops = argument(scope, 0, "list_ops_or_scope")
            if not isinstance(ops, (ast.List, ast.Tuple)):
                return _UNKNOWN_PADDING  # (a dict of scopes: it may set the padding)
            if name in {v.qualified(op) for op in ops.elts}:
                given = keyword_value(scope, "padding")
                if given is not None or any(k.arg is None for k in scope.keywords):
                    return given if given is not None else _UNKNOWN_PADDING
    return None


_ARG_SCOPES = {"tf_slim.arg_scope", "tensorflow.contrib.framework.arg_scope"}
# a padding the source does not show (an arg_scope of scopes): no literal, never VALID
_UNKNOWN_PADDING = ast.Constant(None)


def _functional_aliases(v: SourceVisitor, func: ast.AST) -> list[tuple[str, dict]] | None:
    """The functional convs or pools a local name holds in every assignment that may reach the call
    (`conv_op = slim.conv2d`, or in the other branch `conv_op = functools.partial(slim.separable_conv2d,
    depth_multiplier=1)`), each with the keywords a partial binds; None when any is something else."""
    if not isinstance(func, ast.Name) or func.id not in v.file.stored_names:
        return None
    found = []
    for bound in v.file.reaching_bindings(func):
        value = bound.value if isinstance(bound.stmt, ast.Assign) else None
        keywords: dict = {}
        if isinstance(value, ast.Call) and v.qualified(value.func) == PARTIAL and len(value.args) == 1 \
                and all(k.arg is not None for k in value.keywords):
            keywords = {k.arg: k.value for k in value.keywords}
            value = value.args[0]
        name = v.qualified(value) if isinstance(value, (ast.Name, ast.Attribute)) else None
        if name not in _FUNCTIONAL_CONSUMERS:
            return None
        found.append((name, keywords))
    return found or None


def _check_functional_alias(v: PadBeforeValidConvSource, call: ast.Call) -> bool:
    """A functional conv called through a local name (`_functional_aliases`): VALID on the pad's path
    whichever it holds, reported as advice. False when the name holds no such op (or no pad is handed to it)."""
    if _no_pad_here(v, argument(call, 0, "inputs")):
        return False  # (most calls of a local name: no look at what it holds)
    aliases = _functional_aliases(v, call.func)
    if aliases is None:
        return False
    pad = _pad_of(v, argument(call, 0, "inputs"))
    kinds = {_FUNCTIONAL_CONSUMERS[name][0] for name, _ in aliases}
    ops = " or ".join(dict.fromkeys(name.rsplit(".", 1)[1] for name, _ in aliases))
    kind = kinds.pop() if len(kinds) == 1 else "avg_pool" if "avg_pool" in kinds else \
        "max_pool" if "max_pool" in kinds else "conv"
    for option in (pad, *pad.alternatives) if pad is not None else ():
        if all(_is_valid(v, _functional_padding(v, call, name, _FUNCTIONAL_CONSUMERS[name][1], bound), option,
                         _FUNCTIONAL_CONSUMERS[name][2]) for name, bound in aliases):
            _report_functional(v, option, call, aliases[0][0], kind, op=ops)
    return True


def _check_keras_call(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """`Conv2D(...)(x)`, `conv(x)`, `self._conv(x)` where x is a zero pad (Keras' layers or a known
    library's). A holder built as different layers (`self.conv1` a Sequential that starts with a VALID
    conv in one branch of an `if`, a Conv2D in the other) is each of them on its own path: a pad layer
    held the same way is judged against the consumer built on a path its construction is compatible with."""
    if _no_pad_here(v, argument(call, 0, "inputs")) and (not call.args or _no_pad_here(v, call.args[0])):
        return  # (what every check below reads as the pad, `_pad_of` says is none: most calls of a layer)
    layer = _applied_construction(v, call)
    name = v.call_name(layer) if isinstance(layer, ast.Call) else None
    if consumer_layer(name) is None and isinstance(layer, ast.Call) and call.args:
        _check_conv_subclass(v, call, layer)
    if not (call.args or keyword_value(call, "inputs")):
        return
    if consumer_layer(name) is not None:
        consumers = [(layer, name, None)]
        if is_self_attribute(call.func) and len(v.file.self_assignments(v.file.enclosing_class(call.func),
                                                                          call.func.attr)) > 1:
            consumers = _consumer_constructions(v, call.func)  # (each construction on its own path)
    else:
        consumers = _consumer_constructions(v, call.func)
        if not consumers:
            _check_made_layer(v, call)
            return
    data = argument(call, 0, "inputs")
    pad = _pad_of(v, data)
    if pad is None:
        return
    _judge_consumers(v, call, pad, consumers, data)


def _no_pad_here(v: SourceVisitor, data: ast.expr | None) -> bool:
    """`_pad_of(v, data)` is None without a look: no argument, or a name no assignment of the file binds
    (a parameter, a global: `self.conv(inputs)`)."""
    return data is None or type(data) is ast.Name and data.id not in v.file.stored_names


def _judge_consumers(v: PadBeforeValidConvSource, call: ast.Call, pad: _SourcePad, consumers: list, data,
                     rewritable: bool = True) -> None:
    """Each pad construction against each consumer construction built on a compatible path."""
    for option in (pad, *pad.alternatives):
        for layer, name, stmt in consumers:
            if stmt is not None and not _compatible_paths(v, option, stmt):
                continue
            if option.full is not None:  # a tf.pad (directly or by a helper) before a Keras layer
                fmt = v.file.literal(keyword_value(layer, "data_format")) if keyword_value(layer, "data_format") \
                    else None
                pads = _spatial_pads(option, None if keyword_value(layer, "data_format") is not None and fmt is None
                                     else _axes(_rank(name), _channels_first(fmt)), _rank(name))
                if pads is False:
                    continue
                option.pads = pads
            exact = rewritable and option.rewritable and not option.helper and stmt is None and \
                isinstance(call.func, (ast.Call, ast.Name))
            _check_keras_pair(v, option, layer, name, call, data, rewritable=exact)


def _channels_first(fmt) -> bool:
    """A data format literal that puts channels before the spatial axes (Keras' or TensorFlow's spelling)."""
    return isinstance(fmt, str) and fmt.upper().startswith(("NC", "CHANNELS_F"))


def _consumer_constructions(v: SourceVisitor, func: ast.AST) -> list[tuple[ast.Call, str, ast.stmt | None]]:
    """The conv or pool layers a held layer may be, each with the statement that builds it: the layer a
    name holds or every `self.<attr> = ...` of the class builds (a Sequential counts as its first layer,
    `Sequential([conv, bn, act])` with `conv = Conv2D(...)`)."""
    if isinstance(func, ast.Call):
        made = [(_applied(v, func), None)]
    elif isinstance(func, ast.Subscript):
        item = held_item(v.file, func)
        made = [(item, None)] if item is not None else []
    elif isinstance(func, ast.Name):
        if func.id not in v.file.stored_names:
            return []
        bound = v.file.binding(func)
        made = [(bound.value, bound.stmt)] if bound is not None and isinstance(bound.value, ast.Call) else []
        if bound is None or bound.value is None and isinstance(bound.stmt, (ast.For, ast.AsyncFor)):
            # `[conv(x) for x, conv in zip(xs, self.convs)]`: each layer the list holds
            elements = _zipped_elements(v, func) or []
            made = [(_element(v, e), v.file.statement_of(e)) for e in elements]
            if not all(isinstance(c, ast.Call) and consumer_layer(v.call_name(c)) for c, _ in made):
                return []  # (every layer of the list must be a conv or pool)
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        owner = v.file.enclosing_class(func)
        stmts = v.file.self_assignments(owner, func.attr) if owner is not None else []
        made = [(s.value, s) for s in stmts if isinstance(s.value, ast.Call)]
    else:
        return []
    found = []
    for construction, stmt in made:
        name = v.call_name(construction)
        if consumer_layer(name) is None and name in _SEQUENTIAL:
            items = argument(construction, 0, "layers")
            first = _element(v, items.elts[0]) if isinstance(items, (ast.List, ast.Tuple)) and items.elts else None
            construction = first if isinstance(first, ast.Call) else None
            name = v.call_name(construction) if construction is not None else None
        if consumer_layer(name) is not None:
            found.append((construction, name, stmt))
    return found


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _zipped_elements(v: SourceVisitor, name: ast.Name) -> list[ast.expr] | None:
    """What a loop or comprehension target unpacked from `zip(..., self.<list>, ...)` may hold: every
    element the class puts in that list (`self.convs.append(conv)`, `self.convs = [a, b]`); None when
    `name` is no such target or the list is filled otherwise (`extend`, `+=`, an index store...)."""
    target_of = None
    for anc in v.file.ancestors(name):
        generators = anc.generators if isinstance(anc, _COMPREHENSIONS) else \
            [anc] if isinstance(anc, (ast.For, ast.AsyncFor)) and anc.body and \
            start(anc.body[0]) <= start(name) else []
        for generator in generators:
            target, source = generator.target, generator.iter
            if isinstance(target, ast.Name) and target.id == name.id:
                return None  # bound by the loop itself, not unpacked from a zip
            if isinstance(target, ast.Tuple) and any(isinstance(t, ast.Name) and t.id == name.id for t in target.elts):
                target_of = (target, source)
                break
        if target_of is not None or isinstance(anc, SCOPES):
            break
    if target_of is None:
        return None
    target, source = target_of
    if not (isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "zip"
            and len(source.args) == len(target.elts) and not source.keywords):
        return None
    at = next(i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == name.id)
    held = source.args[at]
    if not (isinstance(held, ast.Attribute) and isinstance(held.value, ast.Name) and held.value.id == "self"):
        return None
    owner = v.file.enclosing_class(held)
    if owner is None:
        return None
    memo = v.file.shared.setdefault("pad.kept_lists", {})
    key = (owner, held.attr)
    if key not in memo:
        memo[key] = _kept_elements(v, owner, held.attr)
    return memo[key]


def _kept_elements(v: SourceVisitor, owner: ast.ClassDef, attr: str) -> list[ast.expr] | None:
    """Every element a class puts in its list `self.<attr>` (None: it fills it otherwise too)."""
    elements = []
    for store in v.file.self_assignments(owner, attr):
        if not isinstance(store.value, (ast.List, ast.Tuple)):
            return None
        elements.extend(store.value.elts)
    for node in walk_nodes(owner):
        if isinstance(node, ast.Attribute) and node.attr == attr and isinstance(node.value, ast.Name) \
                and node.value.id == "self" and isinstance(node.ctx, ast.Load):
            parent = v.file.parent(node)
            if isinstance(parent, ast.Attribute) and parent.value is node:
                call = v.file.parent(parent)
                if parent.attr == "append" and isinstance(call, ast.Call) and call.func is parent and \
                        len(call.args) == 1 and not call.keywords:
                    elements.append(call.args[0])
                    continue
                if parent.attr in ("append", "extend", "insert") or isinstance(call, ast.Call):
                    return None
            elif isinstance(parent, ast.Subscript) and parent.value is node and not isinstance(parent.ctx, ast.Load):
                return None  # `self.convs[i] = ...`
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Attribute) \
                and node.target.attr == attr:
            return None
    return elements or None


def _element(v: SourceVisitor, node: ast.AST) -> ast.AST:
    """A layer in a Sequential list or an `add` call: the construction itself, or the one a name holds (the
    layer a wrapper applies: `TimeDistributed(Conv2D(...))`, `factories.applied_layer`)."""
    if isinstance(node, ast.Name) and node.id in v.file.stored_names:
        bound = v.file.binding(node)
        if bound is not None and isinstance(bound.value, ast.Call):
            return applied_layer(v.file, bound.value)
    return applied_layer(v.file, node)


def _compatible_paths(v: SourceVisitor, pad: _SourcePad, stmt: ast.stmt) -> bool:
    """Whether the statement that builds a consumer can run on a path where the pad is built: no test
    around either (or the pad's conditional expression) holds on one and fails on the other."""
    where = pad.via if pad.via is not None else v.file.statement_of(pad.call)
    known = [*conditions(v.file, where), *pad.built, *pad.applied]
    known += as_parameters(v.file, known, stmt)
    return all(decide(test, known) in (None, held) for test, held in conditions(v.file, stmt))


def _check_conv_subclass(v: PadBeforeValidConvSource, call: ast.Call, layer: ast.Call) -> None:
    """`MyConv2D(..., padding=p)(pad(x))` where the project's MyConv2D derives from a Keras conv (of any rank:
    `class DepthwiseConv3D(layers.Conv3D)` after a ZeroPadding3D): its constructor's positions may differ, so
    only `padding=` is read; advice only."""
    callee = v.file.callee(layer)
    if callee is None:
        return
    pad = _pad_of(v, call.args[0])
    if pad is None or not derives(v.file, callee, _KERAS_CONVS, CONV_CLASS):
        return
    padding = keyword_value(layer, "padding")
    rank = len(pad.pads) if pad.pads else len(pad.full) - 2 if pad.full and len(pad.full) > 2 else \
        pad.border_rank - 2 if pad.border_rank and pad.border_rank > 2 else pad.rank or 2
    pads = _spatial_pads(pad, tuple(range(1, min(rank, 3) + 1)))
    if padding is None or pads is False or not _is_valid(v, padding, pad, None):
        return
    pad.pads = pads
    conv = callee.rpartition(".")[2]
    _report_advice(v, pad, conv, "conv", False)


def _calls_super(call: ast.Call, method: str) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == method and isinstance(func.value, ast.Call) \
        and isinstance(func.value.func, ast.Name) and func.value.func.id == "super"


def _check_own_conv(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """`super().call(x)` in the `call` of a project subclass of a Keras conv, where x is a zero pad
    (`inputs = tf.pad(inputs, self._compute_causal_padding(inputs))`, `x = self.pad(x)` of a pad layer
    the class builds) and the class's own conv is VALID on the pad's path (`_own_padding`): the
    layer's conv could pad itself. Advice only (the conv's kernel and strides are the layer's)."""
    method = next((a for a in v.file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                        ast.Lambda, ast.ClassDef))), None)
    owner = v.file.parent(method) if isinstance(method, ast.FunctionDef) and method.name == "call" else None
    if not isinstance(owner, ast.ClassDef) or not call.args:
        return
    if not derives(v.file, v.file.qualnames[owner], _OWN_CONVS, CONV_CLASS):
        return
    pad = _pad_of(v, call.args[0])
    if pad is None:
        return
    for option in (pad, *pad.alternatives):
        padding = _own_padding(v, owner, option)
        if not (isinstance(padding, str) and padding.lower() == "valid"):
            continue
        pads = _spatial_pads(option, None) if option.full else option.pads
        if pads is False or pads is not None and not any(any(pair) for pair in pads):
            continue
        v.report_once(option, f"zero pad {_pads_text(pads)} before {owner.name}'s own conv (super().call, padding "
                              f"{padding!r}): the conv op can take this padding itself (in hardware on Gaudi)",
                      fix=Fix(Safety.ADVISORY, "give the conv op the padding (explicit paddings of tf.nn.conv2d / "
                                               "depthwise_conv2d, [[0, 0], [k - 1, 0], ...] for a causal pad) "
                                               "instead of padding its input"))


def _own_padding(v: SourceVisitor, owner: ast.ClassDef, pad: _SourcePad) -> str | None:
    """The padding of a conv subclass's own conv where the pad runs: what every `self.padding = ...` of
    the class sets, else what its `__init__` passes to `super().__init__` on the path the pad layer is
    built on (`padding=padding if padding != "symmetric" else "valid"` is "valid" where the pad is
    built under `padding == "symmetric"`; left out, with a Keras conv as the direct base and no
    `**kwargs` handed on: Keras' "valid"). None when the source does not say."""
    stores = v.file.self_assignments(owner, "padding")
    if stores:
        values = [v.file.literal(store.value) for store in stores]
        return values[0] if isinstance(values[0], str) and all(value == values[0] for value in values) else None
    init = next((s for s in owner.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
    supers = [c for c in ast.walk(init) if isinstance(c, ast.Call) and _calls_super(c, "__init__")] if init else []
    if len(supers) != 1:
        return None
    base = next((layer for b in owner.bases if (layer := consumer_layer(v.file.qualified(b))) is not None), None)
    padding = argument(supers[0], base.positions[2] if base is not None else None, "padding")
    if padding is None:
        handed = any(isinstance(a, ast.Starred) for a in supers[0].args) or \
            any(k.arg is None for k in supers[0].keywords)
        return base.padding if base is not None and not handed and not base.library else None
    where = pad.via if pad.via is not None else v.file.statement_of(pad.call)
    tests = [*conditions(v.file, where), *pad.built, *pad.applied]
    translated = [(plain, held) for test, held in tests if (plain := _as_parameter(v, owner, test)) is not test]
    # (a test in another method than __init__ speaks of __init__'s names only through `self.<attr> = name`)
    assume = [*tests, *translated] if v.file.scope_of(where) is init else translated
    value = value_on_path(v.file, padding, v.file.statement_of(supers[0]), assume=tuple(assume))
    return value if isinstance(value, str) else None


def _as_parameter(v: SourceVisitor, owner: ast.ClassDef, test: ast.expr) -> ast.expr:
    """A test of `self.<attr>` (alone or compared) as a test of the name the class's one `self.<attr> =
    name` sets it from (`self.use_pad = torch_padding`: `if self.use_pad` is `if torch_padding`)."""
    node = test.left if isinstance(test, ast.Compare) else test
    stores = v.file.self_assignments(owner, node.attr) if isinstance(node, ast.Attribute) and \
        isinstance(node.value, ast.Name) and node.value.id == "self" else []
    if len(stores) != 1 or not isinstance(stores[0].value, ast.Name):
        return test
    name = ast.Name(stores[0].value.id, ast.Load())
    return ast.Compare(name, test.ops, test.comparators) if isinstance(test, ast.Compare) else name


def _check_keras_sequence(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """keras.Sequential([..., ZeroPadding2D(...), Conv2D(...), ...]), also with layers built before
    into names (`Sequential([pad, conv, bn, act])`: advice, the names may be read elsewhere)."""
    items = argument(call, 0, "layers")
    if not isinstance(items, (ast.List, ast.Tuple)):
        return
    for i, (first, second) in enumerate(zip(items.elts, items.elts[1:])):
        pad_made, layer = _element(v, first), _element(v, second)
        if not (isinstance(pad_made, ast.Call) and pad_layer(v.call_name(pad_made))):
            continue
        if _zero_keeping_layer(v, layer):  # (`[pad, ReLU(), conv]`: relu(pad(x)) is pad(relu(x)))
            _check_activated_listed(v, call, items.elts, i)
            continue
        if not (isinstance(layer, ast.Call) and consumer_layer(v.call_name(layer))):
            if (function := _own_factory(v, layer)) is not None and \
                    isinstance(made := _factory_conv(v, function, layer), ast.Call):
                pad = _sequence_pad(v, call, items.elts, i, pad_made)
                _report_factory_pad(v, replace(pad, rewritable=False), None, function, made)
            continue
        pad = _sequence_pad(v, call, items.elts, i, pad_made)
        named = pad_made is not first or layer is not second
        _check_keras_pair(v, pad, layer, v.call_name(layer), None, None, sequence=None if named else (first, second),
                          rewritable=not named)


def _sequence_pad(v: PadBeforeValidConvSource, call: ast.Call, elts: list, at: int, pad_made: ast.Call) -> _SourcePad:
    """The pad the layer at `at` of a Sequential list makes: via the Sequential call, non-negative when the layer
    before it outputs no negative value."""
    pad = _keras_pad(v, pad_made, pad_made, None, None, None)
    pad.via = v.file.statement_of(call)
    pad.non_negative = at > 0 and _non_negative_layer(v, _element(v, elts[at - 1]))
    return pad


def _check_activated_listed(v: PadBeforeValidConvSource, call: ast.Call, elts: list, at: int) -> None:
    """`Sequential([pad, ReLU(), conv])`: the pad at `at`, zero-keeping activations after it, then a VALID conv or
    pool: the conv still reads the zero border (advice; the pad would move past the activations)."""
    nxt = at + 1
    while nxt < len(elts) and _zero_keeping_layer(v, _element(v, elts[nxt])):
        nxt += 1
    if nxt >= len(elts):
        return
    pad_made, layer = _element(v, elts[at]), _element(v, elts[nxt])
    if not (isinstance(layer, ast.Call) and consumer_layer(v.call_name(layer))):
        return
    pad = _keras_pad(v, pad_made, pad_made, None, None, None)
    activated = _element(v, elts[nxt - 1])
    pad = replace(pad, via=v.file.statement_of(call), rewritable=False, activated=activated,
                  non_negative=_non_negative_layer(v, activated))
    _check_keras_pair(v, pad, layer, v.call_name(layer), None, None, rewritable=False)


def _non_negative_layer(v: SourceVisitor, layer: ast.AST) -> bool:
    """A layer construction whose output is never negative: a Keras `ReLU` (no negative slope) or an
    `Activation` of a non-negative function."""
    if not isinstance(layer, ast.Call):
        return False
    name = v.call_name(layer)
    if name == "keras.layers.ReLU":  # ReLU(max_value=None, negative_slope=0.0, threshold=0.0)
        slope, threshold = argument(layer, 1, "negative_slope"), argument(layer, 2, "threshold")
        return (slope is None or v.file.literal(slope) == 0) and \
            (threshold is None or isinstance(v.file.literal(threshold), (int, float)) and v.file.literal(threshold) >= 0)
    if name == "keras.layers.Activation":
        activation = argument(layer, 0, "activation")
        literal = v.file.literal(activation)
        if isinstance(literal, str):
            return literal in _NON_NEGATIVE_ACTIVATIONS
        qualified = v.file.qualified(activation) if isinstance(activation, (ast.Name, ast.Attribute)) else None
        return qualified in _NON_NEGATIVE_CALLS
    return False


def _check_keras_add(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """model.add(ZeroPadding2D(...)) directly followed by model.add(Conv2D(...)) (also of layers built
    before into names: advice)."""
    if len(call.args) != 1:
        return
    layer = _element(v, call.args[0])
    if not isinstance(layer, ast.Call) or consumer_layer(v.call_name(layer)) is None:
        return
    stmt = v.file.statement_of(call)
    where = v.file.block_of(stmt) if isinstance(stmt, ast.Expr) and stmt.value is call else None
    if not where or where[1] == 0:
        return
    added = [_added(v, s, call) for s in where[0][max(0, where[1] - 2):where[1]]]
    previous, pad_made = added[-1] if added else (None, None)
    helper = _own_factory(v, pad_made) if isinstance(pad_made, ast.Call) and \
        not pad_layer(v.call_name(pad_made)) else None
    if helper is not None:  # `model.add(make_pad())`, `def make_pad(): return ZeroPadding2D(...)`
        pad_made = _returned_pad_layer(v, helper)
    if not (isinstance(pad_made, ast.Call) and pad_layer(v.call_name(pad_made))):
        return
    pad = _keras_pad(v, pad_made, pad_made, None, None, None)
    pad.via = where[0][where[1] - 1]
    pad.non_negative = len(added) == 2 and _non_negative_layer(v, added[0][1])
    if helper is not None:
        pad.helper = f"{helper.name}() at line {pad_made.lineno}"
    named = pad_made is not previous.args[0] or layer is not call.args[0]
    _check_keras_pair(v, pad, layer, v.call_name(layer), None, None, added=None if named else pad.via,
                      rewritable=not named)


def _returned_pad_layer(v: SourceVisitor, function: ast.AST) -> ast.Call | None:
    """The zero pad layer a function of this file constructs in its one return (`return ZeroPadding2D(...)`)."""
    returns = v.file.returns_of(function)
    value = returns[0].value if len(returns) == 1 else None
    return value if isinstance(value, ast.Call) and pad_layer(v.call_name(value)) else None


def _added(v: SourceVisitor, stmt: ast.stmt, call: ast.Call) -> tuple[ast.Call | None, ast.AST | None]:
    """(`model.add(x)`, the layer it adds) when `stmt` is an `add` of one layer to the model `call` adds to."""
    prev_call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not (isinstance(prev_call, ast.Call) and isinstance(prev_call.func, ast.Attribute)
            and prev_call.func.attr == "add" and len(prev_call.args) == 1
            and ast.dump(prev_call.func.value) == ast.dump(call.func.value)):
        return None, None
    return prev_call, _element(v, prev_call.args[0])


def _is_valid(v: SourceVisitor, padding: ast.expr | None, pad: _SourcePad, default: str | None) -> bool:
    """Whether the consumer's padding is VALID when the code went through the pad."""
    if padding is None:
        value = default
    else:
        value = value_on_path(v.file, padding, pad.via, assume=pad.applied) if pad.via is not None \
            else v.file.literal(padding)
    return isinstance(value, str) and value.upper() == "VALID"


def _check_keras_pair(v: PadBeforeValidConvSource, pad: _SourcePad, layer: ast.Call, name: str, call, data,
                      sequence=None, added=None, rewritable=True) -> None:
    spec = consumer_layer(name)
    kind, (k_pos, s_pos, p_pos), (k_key, s_key, p_key) = spec.kind, spec.positions, spec.keywords
    padding = argument(layer, p_pos, p_key)
    # `Conv2D(..., **conv_params)`: the padding a dict the source shows passes (a dict it does not show is
    # taken to leave the default, as before); advice only (a padding keyword added beside it could repeat one)
    spread = any(k.arg is None for k in layer.keywords)
    if padding is None and spread:
        padding = spread_argument(v.file, layer, p_key)
        if padding is UNKNOWN_SPREAD:
            padding = stored_spread(v, layer, p_key)
    chosen = None
    if not _is_valid(v, padding, pad, spec.padding):
        chosen = _chosen_padding(v, padding, pad)
        if chosen is None:
            return
    fmt = keyword_value(layer, "data_format")
    layer_format = v.file.literal(fmt) if fmt else None
    if spec.library:  # a library's layer reads channels last unless it says otherwise
        if _channels_first(layer_format) or layer_format is NOT_LITERAL or \
                pad.full is None and (_channels_first(pad.data_format) or pad.data_format is NOT_LITERAL):
            return
    elif pad.full is None and _keras_format(pad.data_format) != _keras_format(layer_format) and \
            layer_format is not NOT_LITERAL:
        return  # the pad and the layer read different axes as spatial
    axes = _axes(spec.rank, False)  # the positions of per-axis values, whatever the data format
    if pad.pads is not None and len(pad.pads) != len(axes) or pad.pads is None and pad.rank not in (None, len(axes)):
        return  # a ZeroPadding2D before a Conv3D...: not a pad of this layer's input as its padding would be
    if pad.pads is not None and not any(any(pair) for pair in pad.pads):
        return  # `ZeroPadding2D((0, 0))`: it pads nothing
    non_negative = _input_non_negative(v, pad)
    if not rewritable or pad.helper or not pad.rewritable or spec.library or chosen is not None or spread:
        _report_advice(v, pad, name.rsplit(".", 1)[1], kind, non_negative, parameter=chosen)
        return
    kernel = _per_axis(v.file.literal(argument(layer, k_pos, k_key)) if argument(layer, k_pos, k_key) else spec.kernel,
                       axes)
    strides_node = argument(layer, s_pos, s_key)
    ones = (1,) * len(axes)
    strides = kernel if strides_node is None and kind != "conv" else (
        ones if strides_node is None else _per_axis(v.file.literal(strides_node), axes))
    dil = keyword_value(layer, "dilation_rate")
    dilations = ones if dil is None else _per_axis(v.file.literal(dil), axes)
    how = _fold(pad.pads, (kernel, strides, dilations), (None,) * len(axes), kind,
                "Keras layers take only 'same' or 'valid'", non_negative=non_negative)
    _report(v, pad, layer, data, padding, how, None, op=name.rsplit(".", 1)[1], keras=True,
            consumer_call=call, sequence=sequence, added=added, kind=kind, non_negative=non_negative)


# ---------------------------------------------------------------------------------------------
# Lists of layers applied in order: `net.append(Lambda(fixed_padding))` then `net.append(Conv2D(..., padding=
# padding))` (or `net.extend(create_conv_block(..., padding, ...))`, a list whose first layer is the conv), the
# list applied layer after layer (`for layer in net: x = layer(x)`, kept on `self` and so applied in the class,
# or handed to a Sequential)

_LIST_ADDS = ("append", "extend", "add")  # (`add`: a Keras Sequential's)


def _check_listed_pad(v: PadBeforeValidConvSource, layer: ast.Call) -> None:
    """A pad layer (a zero padding layer, or a `Lambda` that pads: `_lambda_pad`) appended to a list of layers
    whose next layer, in the order the code adds them, is a VALID conv or pool: advice at the pad."""
    add = v.file.parent(layer)
    if isinstance(add, (ast.List, ast.Tuple)):
        _check_literal_listed_pad(v, layer, add)
        return
    if not (isinstance(add, ast.Call) and add.args == [layer] and not add.keywords
            and isinstance(add.func, ast.Attribute) and add.func.attr in ("append", "add")):
        return
    if add.func.attr == "add" and not _sequential_holder(v, add.func.value):
        return
    stmt = v.file.parent(add)
    if not isinstance(stmt, ast.Expr):
        return
    if add.func.attr == "add" and _added_next(v, stmt, add, layers=True):
        return  # (`model.add(pad)` then `model.add(conv)`: `_check_keras_add`'s, which may fix it)
    pad = _listed_pad(v, layer)
    if pad is None:
        return
    pad = replace(pad, via=stmt, unpadded=None)
    holder = add.func.value
    nexts = _next_added(v, stmt, ast.dump(holder))
    if not nexts or add.func.attr == "append" and not _chained_list(v, holder, stmt):
        return
    for element, at in nexts:
        _judge_listed(v, pad, element, at)


def _listed_pad(v: PadBeforeValidConvSource, layer: ast.Call) -> _SourcePad | None:
    """The zero pad a pad layer (or a padding `Lambda`) put in a list of layers makes: advice only, as the loop
    that applies the list, not a call of the pad, is what the fix would change."""
    if v.call_name(layer) == _LAMBDA:
        return _lambda_pad(v, layer)
    pad = _keras_pad(v, layer, layer, None, None, None)
    pad.rewritable = False
    return pad


def _check_literal_listed_pad(v: PadBeforeValidConvSource, layer: ast.Call, literal: ast.List | ast.Tuple) -> None:
    """A pad layer in a list literal of layers followed in it by a VALID conv or pool, the literal assigned
    (`self.seq = [pad, conv]`), added (`self.seq += [...]`) or extended onto (`self.seq.extend([...])`) a list
    the code applies layer after layer (`_chained_list`): advice at the pad. (A `Sequential([...])` list is
    `_check_keras_sequence`'s.)"""
    at = literal.elts.index(layer)
    if at + 1 >= len(literal.elts):
        return
    parent = v.file.parent(literal)
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func.attr == "extend" \
            and parent.args == [literal] and not parent.keywords and isinstance(v.file.parent(parent), ast.Expr):
        holder, stmt = parent.func.value, v.file.parent(parent)
    elif isinstance(parent, ast.Assign) and parent.value is literal and len(parent.targets) == 1:
        holder, stmt = parent.targets[0], parent
    elif isinstance(parent, ast.AugAssign) and parent.value is literal and isinstance(parent.op, ast.Add):
        holder, stmt = parent.target, parent
    else:
        return
    if not isinstance(holder, (ast.Name, ast.Attribute)) or not _chained_list(v, holder, stmt):
        return
    pad = _listed_pad(v, layer)
    if pad is None:
        return
    _judge_listed(v, replace(pad, via=stmt, unpadded=None), literal.elts[at + 1], False)


def _added_next(v: SourceVisitor, stmt: ast.stmt, add: ast.Call, layers: bool = False) -> bool:
    """The statement after `stmt` in its block adds a layer to the same model (`layers`: a framework conv or
    pool, which `_check_keras_add` judges)."""
    where = v.file.block_of(stmt)
    if not where or where[1] + 1 >= len(where[0]):
        return False
    added, layer = _added(v, where[0][where[1] + 1], add)
    if layers and added is not None:
        return not (isinstance(layer, ast.Call) and consumer_layer(v.call_name(layer)) is None
                    and _own_factory(v, layer) is not None)
    return added is not None


def _sequential_holder(v: SourceVisitor, holder: ast.expr) -> bool:
    """`model` or `self.<attr>` that holds a Keras Sequential wherever it is assigned (`self.seq = Sequential()`):
    its `add`s are the layers it applies in order. Also `self` in a project subclass of Sequential that does not
    define its own `add` (`class ConvBlock(Sequential)` adding its layers in `__init__`), and a parameter of a
    helper that adds layers to what it is handed (`def add_conv(model, ...): model.add(...)`), never rebound."""
    if type(holder) is ast.Name and holder.id == "self":
        owner = v.file.enclosing_class(holder)
        return owner is not None and _function_parameter(v, holder) and \
            not any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "add" for s in owner.body) \
            and derives(v.file, v.file.qualnames.get(owner), _SEQUENTIAL, SEQUENTIAL_CLASS)
    if type(holder) is ast.Name and _function_parameter(v, holder):
        return True
    if isinstance(holder, ast.Name) and holder.id in v.file.stored_names:
        bound = v.file.binding(holder)
        made = [bound.value] if bound is not None and isinstance(bound.stmt, ast.Assign) else []
    elif isinstance(holder, ast.Attribute) and isinstance(holder.value, ast.Name) and holder.value.id == "self":
        owner = v.file.enclosing_class(holder)
        made = [s.value for s in v.file.self_assignments(owner, holder.attr)] if owner is not None else []
    else:
        return False
    return bool(made) and all(isinstance(m, ast.Call) and v.call_name(m) in _SEQUENTIAL and not m.args
                              and not m.keywords for m in made)


def _function_parameter(v: SourceVisitor, name: ast.Name) -> bool:
    """`name` reads a parameter of its function that nothing in the function rebinds."""
    function = v.file.scope_of(name)
    return isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and _only_parameter(v, function, name.id)


def _judge_listed(v: PadBeforeValidConvSource, pad: _SourcePad, element: ast.expr, extend: bool) -> None:
    """The pad against the layer added next: a construction (the one a name holds), or when the list is
    extended, the first layer of a list literal or of the list a project function returns (LIST_FIRST)."""
    element = _element(v, element)
    if isinstance(element, ast.Attribute) and not extend:
        element = _layer_construction(v, element)  # (`self.seq.add(self._conv)`: the layer `self._conv` holds)
    if extend:
        if isinstance(element, (ast.List, ast.Tuple)):
            element = _element(v, element.elts[0]) if element.elts else None
        elif isinstance(element, ast.Call) and v.call_name(element) not in _SEQUENTIAL:
            _judge_listed_factory(v, pad, element)
            return
        else:
            return
    if not isinstance(element, ast.Call):
        return
    name = v.call_name(element)
    if consumer_layer(name) is not None:
        _judge_consumers(v, None, replace(pad), [(element, name, None)], None, rewritable=False)
    elif (function := _own_factory(v, element)) is not None and \
            isinstance(made := _factory_conv(v, function, element), ast.Call):
        _report_factory_pad(v, replace(pad), None, function, made)  # (`seq.add(conv_block(f, 3, strides=2))`)


def _judge_listed_factory(v: PadBeforeValidConvSource, pad: _SourcePad, call: ast.Call) -> None:
    callee = v.file.callee(call)
    if callee is None:
        return
    function = v.file.defs.get(callee)
    if isinstance(function, ast.ClassDef):
        return
    facts = v.list_first(function) if function is not None else v.file.project.query(LIST_FIRST, callee)
    for op, kind, p_at, p_name, p_default, line in facts or ():
        if p_name is not None:
            passed = argument(call, p_at, p_name)
            value = p_default if passed is None else value_on_path(v.file, passed, pad.via)
            if not (isinstance(value, str) and value.upper() == "VALID"):
                continue
        option = replace(pad)
        pads = _spatial_pads(option, _axes(_rank(op), False))
        if pads is False:
            continue
        option.pads = pads
        module = "" if function is not None else f" of {callee.rpartition('.')[0]}"
        _report_advice(v, option, op.rsplit(".", 1)[1], kind, False,
                       builder=(f"{callee.rpartition('.')[2]}()", f"line {line}{module}"))
        return


def _next_added(v: SourceVisitor, stmt: ast.stmt, holder: str) -> list[tuple[ast.expr, bool]] | None:
    """What the code adds to the list `holder` (its dump) next after `stmt`, on each path: (the element or the
    extending value, whether it extends). None when a statement may add to it otherwise (a loop, a call)."""
    found: list = []
    child = stmt
    while True:
        where = v.file.block_of(child)
        if where is None:
            return None
        block, at = where
        adds, through = _first_added(v, block[at + 1:], holder)
        if adds is None:
            return None
        found.extend(adds)
        if not through:
            return found
        parent = v.file.parent(child)
        if not isinstance(parent, (ast.If, ast.With, ast.AsyncWith)):
            return found  # (the end of a loop body or a function: what comes next is not in order)
        child = parent


def _first_added(v: SourceVisitor, block: list[ast.stmt], holder: str) -> tuple[list | None, bool]:
    """The first adds to `holder` in a statement list, on each path through it, and whether a path goes
    through it adding nothing."""
    for stmt in block:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if isinstance(call.func, ast.Attribute) and call.func.attr in _LIST_ADDS and \
                    ast.dump(call.func.value) == holder:
                if len(call.args) != 1 or call.keywords:
                    return None, False
                return [(call.args[0], call.func.attr == "extend")], False
        if isinstance(stmt, ast.If):
            adds, through = [], False
            for branch in (stmt.body, stmt.orelse):
                more, goes = _first_added(v, branch, holder)
                if more is None:
                    return None, False
                adds.extend(more)
                through = through or goes
            if not through:
                return adds, False
            if adds:
                more, goes = _first_added(v, block[block.index(stmt) + 1:], holder)
                return (None, False) if more is None else (adds + more, goes)
            continue
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            more, goes = _first_added(v, stmt.body, holder)
            if more is None or not goes:
                return more, goes
            continue
        if isinstance(stmt, (ast.Return, ast.Raise, ast.Break, ast.Continue)):
            return [], False
        if _mentions(stmt, holder):
            return None, False
    return [], True


def _mentions(stmt: ast.stmt, holder: str) -> bool:
    """`stmt` names the list (`holder`, its dump) anywhere: it may add to it."""
    return any(ast.dump(node) == holder for node in walk_nodes(stmt)
               if type(node) is ast.Name and f"id='{node.id}'" in holder
               or type(node) is ast.Attribute and f"attr='{node.attr}'" in holder)


def _chained_list(v: PadBeforeValidConvSource, holder: ast.expr, stmt: ast.stmt) -> bool:
    """The list of layers is applied layer after layer: handed to a Sequential, iterated in a loop that feeds
    each layer the previous one's output (`for layer in net: x = layer(x)`) in its function, or put on
    `self` (`self.convolutions.append(net)`, `self.layers = net`) where the class iterates so."""
    function = v.file.scope_of(stmt)
    if isinstance(holder, ast.Name):
        loads = [n for n in v.file.scope_index(function).loads_of(holder.id) if v.file.scope_of(n) is function]
        for load in loads:
            parent = v.file.parent(load)
            if isinstance(parent, ast.Call) and v.call_name(parent) in _SEQUENTIAL and parent.args[:1] == [load]:
                return True
            if isinstance(parent, ast.For) and parent.iter is load and _feeds_on(parent):
                return True
            kept = _kept_on_self(v, parent, load)
            if kept is not None and kept in _chained_attributes(v, v.file.enclosing_class(stmt)):
                return True
        return False
    if isinstance(holder, ast.Attribute) and isinstance(holder.value, ast.Name) and holder.value.id == "self":
        return holder.attr in _chained_attributes(v, v.file.enclosing_class(stmt))
    return False


def _kept_on_self(v: SourceVisitor, parent: ast.AST, load: ast.Name) -> str | None:
    """`self.<attr>` the list is appended to or assigned to (`self.convolutions.append(net)`), or None."""
    if isinstance(parent, ast.Call) and parent.args == [load] and isinstance(parent.func, ast.Attribute) \
            and parent.func.attr == "append":
        target = parent.func.value
    elif isinstance(parent, ast.Assign) and parent.value is load and len(parent.targets) == 1:
        target = parent.targets[0]
    else:
        return None
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
        return target.attr
    return None


def _feeds_on(loop: ast.For) -> bool:
    """`for layer in ...:` whose body feeds each layer what the previous one made: `x = layer(x)`."""
    if not isinstance(loop.target, ast.Name):
        return False
    for stmt in loop.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and \
                isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name) and \
                stmt.value.func.id == loop.target.id and stmt.value.args[:1] and \
                isinstance(stmt.value.args[0], ast.Name) and stmt.value.args[0].id == stmt.targets[0].id:
            return True
    return False


def _chained_attributes(v: PadBeforeValidConvSource, owner: ast.ClassDef | None) -> frozenset[str]:
    """The `self` attributes a class applies layer after layer: iterated (as itself, an item of it, or an
    item of a loop over it) by a loop whose body feeds each layer the previous one's output."""
    if owner is None:
        return frozenset()
    if owner not in v._chained:
        found = set()
        for node in ast.walk(owner):
            if isinstance(node, ast.For) and _feeds_on(node):
                source = node.iter.value if isinstance(node.iter, ast.Subscript) else node.iter
                if isinstance(source, ast.Name):  # `for layer in blocks:` inside `for blocks in self.x:`
                    outer = next((a for a in v.file.ancestors(node) if isinstance(a, ast.For)
                                  and isinstance(a.target, ast.Name) and a.target.id == source.id), None)
                    source = outer.iter if outer is not None else source
                    source = source.value if isinstance(source, ast.Subscript) else source
                if isinstance(source, ast.Attribute) and isinstance(source.value, ast.Name) and \
                        source.value.id == "self":
                    found.add(source.attr)
        v._chained[owner] = frozenset()  # (recursion guard)
        for base in owner.bases:  # a base class of the file whose `call` applies the list so
            qualname = v.file.def_of(base) if isinstance(base, (ast.Name, ast.Attribute)) else None
            node = v.file.defs.get(qualname) if qualname is not None else None
            if isinstance(node, ast.ClassDef) and node is not owner:
                found |= _chained_attributes(v, node)
        v._chained[owner] = frozenset(found)
    return v._chained[owner]


def _list_first(v: PadBeforeValidConvSource, function: ast.AST) -> list[tuple]:
    """LIST_FIRST facts of a function whose one return is a list it starts empty (`layers = []` ...
    `return layers`): each first layer it adds, on each path, that is a conv or pool built VALID whatever the
    arguments or when a padding parameter (nothing rebinds) is "valid"; none unless every first layer is one."""
    returns = v.file.returns_of(function)
    value = returns[0].value if len(returns) == 1 else None
    if not isinstance(value, ast.Name) or value.id not in v.file.stored_names:
        return []
    bound = v.file.binding(value)
    if bound is None or not isinstance(bound.stmt, ast.Assign) or not isinstance(bound.value, ast.List) \
            or bound.value.elts or v.file.scope_of(bound.stmt) is not function:
        return []
    adds = _next_added(v, bound.stmt, ast.dump(ast.Name(value.id, ast.Load())))
    found = []
    for element, extend in adds or ():
        layer = _element(v, element)
        name = v.call_name(layer) if isinstance(layer, ast.Call) and not extend else None
        spec = consumer_layer(name)
        if spec is None or spec.library:
            return []
        padding = argument(layer, spec.positions[2], spec.keywords[2])
        via = v.file.statement_of(layer)
        if padding is None and not any(k.arg is None for k in layer.keywords):
            value_ = spec.padding
        elif isinstance(padding, ast.Name) and _only_parameter(v, function, padding.id):
            found.append((name, spec.kind, _position(function, padding.id), padding.id,
                          _parameter_defaults(function).get(padding.id), layer.lineno))
            continue
        else:
            value_ = value_on_path(v.file, padding, via) if padding is not None else NOT_LITERAL
        if not (isinstance(value_, str) and value_.upper() == "VALID"):
            return []
        found.append((name, spec.kind, None, None, None, layer.lineno))
    return found


# ---------------------------------------------------------------------------------------------
# Project helpers that build the conv: `conv2d_no_bias(pad(x), 64, 3, padding="valid")`


def _consumer_of(v: SourceVisitor, call: ast.Call) -> tuple | None:
    """(input, padding argument, default padding, op, kind) of a conv or pool call, or None."""
    name = v.call_name(call)
    if name in _NN_CONSUMERS:
        kind, positions, _ = _NN_CONSUMERS[name]
        v1 = (v.file.imports.raw(call.func) or "").startswith("tensorflow.compat.v1.")
        default = "VALID" if name == "tensorflow.nn.convolution" else None
        return argument(call, 0, "input"), argument(call, positions[v1], "padding"), default, name, kind
    if name in _FUNCTIONAL_CONSUMERS:
        kind, position, default = _FUNCTIONAL_CONSUMERS[name]
        return argument(call, 0, "inputs"), argument(call, position, "padding"), default, name, kind
    if not isinstance(call.func, (ast.Call, ast.Name, ast.Attribute)) or not call.args:
        return None
    layer = _applied_construction(v, call)
    name = v.call_name(layer) if isinstance(layer, ast.Call) else None
    spec = consumer_layer(name)
    if spec is None or _channels_first(v.file.literal(keyword_value(layer, "data_format"))):
        return None
    padding = argument(layer, spec.positions[2], spec.keywords[2])
    if padding is None and any(k.arg is None for k in layer.keywords):
        padding = spread_argument(v.file, layer, spec.keywords[2])
        padding = stored_spread(v, layer, spec.keywords[2]) if padding is UNKNOWN_SPREAD else padding
    return argument(call, 0, "inputs"), padding, spec.padding, name, spec.kind


def _conv_builds(v: SourceVisitor) -> dict[ast.AST, list[tuple]]:
    """Per function of the file, the convs and pools it builds on one of its parameters that are
    VALID whatever its arguments or when a padding parameter is "valid" (CONV_BUILD facts)."""
    builds: dict[ast.AST, list[tuple]] = {}
    parameters = v.file.parameter_names  # (of every function of the file: most first arguments are no parameter)
    for call in v.file.calls:
        first = _first_input(call)
        if type(first) is ast.Starred:
            build = _forwarding_build(v, call)
            if build is not None:
                builds.setdefault(v.file.scope_of(call), []).append(build)
            continue
        function = v.file.scope_of(call) if isinstance(first, ast.Name) and first.id in parameters else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        closure = first.id not in parameter_names(function)
        if closure:
            function = _closure_owner(v, function, first.id)
            if function is None:
                continue
        consumer = _consumer_of(v, call)
        if consumer is None or consumer[0] is not first:
            continue
        padding = _padding_parameter(v, function, consumer, call, closure)
        if padding is not None:
            builds.setdefault(function, []).append((_position(function, first.id), first.id, *padding,
                                                    consumer[3].rsplit(".", 1)[1], consumer[4], call.lineno))
    return builds


_INPUT_KEYWORDS = ("inputs", "input", "x")  # (tf.compat.v1.layers and tf_slim, tf.nn, Keras ops)


def _first_input(call: ast.Call) -> ast.expr | None:
    """The input of a call that may be a consumer: it comes first, or by keyword (`conv2d(inputs=inputs, ...)`); the
    consumer's own reading (`_consumer_of`) confirms it."""
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in _INPUT_KEYWORDS), None)


def _forwarding_build(v: SourceVisitor, call: ast.Call) -> tuple | None:
    """A conv or pool a function builds with every argument it is given (`def convbnrelu(*args, **kwargs):
    return relu(batch_norm(conv2d(*args, **kwargs)))`): its input is the caller's first argument and its
    padding the caller's (by keyword or at the op's own position), else the op's default. A CONV_BUILD
    fact; None when the function takes named parameters (they would shift the positions), sets the
    padding itself, or edits `padding` in its keywords."""
    function = v.file.scope_of(call)
    if type(function) is not ast.FunctionDef:
        return None
    args = function.args
    if args.vararg is None or args.kwarg is None or args.posonlyargs or args.args:
        return None
    if len(call.args) != 1 or not _is_name(call.args[0].value, args.vararg.arg) or len(call.keywords) != 1 \
            or call.keywords[0].arg is not None or not _is_name(call.keywords[0].value, args.kwarg.arg):
        return None
    name = v.call_name(call)
    if name in _FUNCTIONAL_CONSUMERS:
        kind, position, default = _FUNCTIONAL_CONSUMERS[name]
    elif name in _NN_CONSUMERS and not (v.file.imports.raw(call.func) or "").startswith("tensorflow.compat.v1."):
        kind, (position, _), _ = _NN_CONSUMERS[name]
        default = "VALID" if name == "tensorflow.nn.convolution" else None
    else:
        return None
    if not _keywords_keep(v, function, args.kwarg.arg, "padding") or \
            not _keywords_keep(v, function, args.vararg.arg, None):
        return None
    return 0, f"*{args.vararg.arg}", position, "padding", default, name.rsplit(".", 1)[1], kind, call.lineno


def _keywords_keep(v: SourceVisitor, function: ast.FunctionDef, name: str, keyword: str | None) -> bool:
    """Nothing in `function` rebinds `name` or changes its `keyword` item: reads, and `.pop`/`.get` or item
    stores of other literal keys (`scope = kwargs.pop('scope', None)`) only. `keyword` None: no change at all."""
    for read in v.file.scope_index(function).loads_of(name):
        parent = v.file.parents.get(read)
        if type(parent) is ast.Starred or type(parent) is ast.keyword:
            continue  # (handed on whole)
        if type(parent) is ast.Attribute and parent.attr in ("pop", "get"):
            call = v.file.parents.get(parent)
            key = call.args[0] if type(call) is ast.Call and call.args else None
            if parent.attr == "get" or keyword is not None and type(key) is ast.Constant and key.value != keyword:
                continue
            return False
        if type(parent) is ast.Subscript and type(parent.slice) is ast.Constant and (
                type(parent.ctx) is ast.Load or keyword is not None and parent.slice.value != keyword):
            continue
        return False
    return len(v.file.scope_index(function).bindings.get(name, ())) == 1


def _is_name(node: ast.AST | None, name: str) -> bool:
    return type(node) is ast.Name and node.id == name


def _position(function, name: str) -> int | None:
    """Where a parameter sits among the positional ones (None: keyword-only)."""
    positional = positional_names(function)
    return positional.index(name) if name in positional else None


def _closure_owner(v: SourceVisitor, inner: ast.AST, name: str) -> ast.AST | None:
    """The builder a nested function reads `name` from, as its parameter: `custom_conv2d(x, ...,
    padding)` holding `def _apply_kernel(shape, init): return tf.layers.conv2d(x, ..., padding=padding)`,
    which it calls or hands to a call. None when either function binds `name` otherwise (the closure
    would read that) or the builder never names the nested function."""
    outer = v.file.scope_of(inner)
    if name in v.file.scope_index(inner).bindings or not isinstance(outer, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    if not _only_parameter(v, outer, name) or not v.file.scope_index(outer).loads_of(inner.name):
        return None
    return outer


def _only_parameter(v: SourceVisitor, function: ast.AST, name: str) -> bool:
    """`name` is a parameter of `function` that nothing in it rebinds (so a closure reads the caller's value)."""
    entry = (function.lineno, function.col_offset)
    bound = v.file.scope_index(function).bindings.get(name, [])
    return bool(bound) and all(b.stmt is None and b.pos == entry for b in bound)


def _padding_parameter(v: SourceVisitor, function, consumer: tuple, call: ast.Call, closure: bool = False) \
        -> tuple | None:
    """(position, name, default) of the parameter that makes the consumer VALID when it is "valid",
    (None, None, None) when it is VALID whatever the arguments, None when neither: the input
    parameter must reach the consumer unchanged on that path. `closure`: the consumer is in a nested
    function of `function` (`_closure_owner`), whose padding must then be a literal or a parameter
    nothing rebinds."""
    data, padding, default = consumer[0], consumer[1], consumer[2]
    if closure and isinstance(padding, ast.Name) and (
            padding.id in v.file.scope_index(v.file.scope_of(call)).bindings or
            padding.id in v.file.scope_index(function).bindings and not _only_parameter(v, function, padding.id)):
        return None  # the nested function's own padding, or one the builder rebinds
    via = v.file.statement_of(call)
    if _valid_when(v, data, padding, default, via, (), closure):
        return None, None, None
    for name in sorted(parameter_names(function) - {data.id}):
        if _valid_when(v, data, padding, default, via, (equals(name, "valid"),), closure):
            return _position(function, name), name, _parameter_defaults(function).get(name)
    return None


def _valid_when(v: SourceVisitor, data: ast.Name, padding, default, via, assume, closure: bool = False) -> bool:
    value = default if padding is None else value_on_path(v.file, padding, via, assume=assume)
    reaches = closure or parameter_reaches(v.file, data, via, assume)  # (a closure's input: `_closure_owner`)
    return isinstance(value, str) and value.upper() == "VALID" and reaches


def _parameter_defaults(function) -> dict:
    """Literal defaults of a function's parameters (positional and keyword-only)."""
    return {name: d.value for name, d in parameter_defaults(function).items() if isinstance(d, ast.Constant)}


def _check_conv_builder(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """A zero pad handed to a project function that builds a VALID conv on it (`conv2d_no_bias(
    pad(x), 64, 3, padding="valid")`): advice at the pad (the fix goes into the helper's call)."""
    callee = v.file.callee(call)
    if callee is None:
        return
    function = v.file.defs.get(callee)
    if function is None and not _hands_a_pad(v, call):
        return  # ask another module only when a pad is handed over: the answer makes this file depend on it
    builds = v.conv_builds(function) if function is not None else v.file.project.query(CONV_BUILD, callee)
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and _hands_a_pad(v, call):
        given = _call_assumptions(v, function, call)
        if given is not None:  # (this file's helper: its builds read with the values this call passes)
            builds = [b for b in builds if _build_taken(v, function, b, given[0])]
            builds += _call_site_builds(v, function, call, given)
        if not builds:
            builds = _forwarded_builds(v, function)
    for data_at, data_name, p_at, p_name, p_default, op, kind, line in builds or ():
        pad = _pad_of(v, argument(call, data_at, data_name))
        if pad is None:
            continue
        if p_name is not None:
            passed = argument(call, p_at, p_name)
            value = p_default if passed is None else value_on_path(v.file, passed, pad.via) \
                if pad.via is not None else v.file.literal(passed)
            if not (isinstance(value, str) and value.upper() == "VALID"):
                continue
        pads = _spatial_pads(pad, _axes(_rank(op), False))
        if pads is False:
            continue
        pad.pads = pads
        module = "" if function is not None else f" of {callee.rpartition('.')[0]}"
        at = line if isinstance(line, str) else f"line {line}{module}"  # (a forwarded build says where)
        _report_advice(v, pad, op, kind, _input_non_negative(v, pad),
                       builder=(f"{callee.rpartition('.')[2]}()", at))
        return


def _build_taken(v: SourceVisitor, function: ast.AST, build: tuple, assume: tuple) -> bool:
    """A CONV_BUILD of this file's helper whose conv runs with the values a call passes: the tests it is
    under (`if strides == 1: ... else: Conv2D(..., padding="valid")`) not contradicted by them."""
    line = build[7]
    if not isinstance(line, int):
        return True
    known = list(assume)
    for node in v.file.calls:
        if node.lineno == line and v.file.scope_of(node) is function and _consumer_of(v, node) is not None:
            return all(decide(t, known) is not (not held) for t, held in conditions(v.file, node))
    return True


def _call_site_builds(v: SourceVisitor, function: ast.AST, call: ast.Call, given: tuple, depth: int = 0) -> list:
    """The convs and pools this file's helper builds on a parameter that are VALID with the values `call`
    passes, when its padding is an expression of its arguments (`padding = "same" if strides == 1 else
    "valid"`, a default, its `**kwargs`): CONV_BUILD tuples (padding condition met). Also through another
    helper of the file it hands the parameter to, with what `call` gives the arguments it hands on
    (`x = conv_2d(x, f, 3, strides=strides)`, `x = conv_2d(f, 3, strides=strides)(x)` with `conv_2d` a
    factory: `_relayed_call`)."""
    assume, passed = given
    known = list(assume)
    found = []
    parameters = parameter_names(function)
    for node in v.file.calls:
        first = _first_input(node)
        if not (type(first) is ast.Name and first.id in parameters) or v.file.scope_of(node) is not function:
            continue
        consumer = _consumer_of(v, node)
        if consumer is None or consumer[0] is not first:
            if depth < 2:
                found.extend(_relayed_builds(v, function, node, first, assume, known, depth))
            continue
        via = v.file.statement_of(node)
        if any(decide(t, known) is (not held) for t, held in conditions(v.file, node)) or \
                not parameter_reaches(v.file, first, via, assume):
            continue
        layer = _layer_construction(v, node.func)
        if isinstance(layer, ast.Call) and consumer_layer(v.call_name(layer)) is not None \
                and v.file.scope_of(layer) is function:
            if _channels_first(v.file.literal(keyword_value(layer, "data_format"))):
                continue
            value = _built_padding(v, function, layer, assume, passed)
        elif consumer[3] in _NN_CONSUMERS or consumer[3] in _FUNCTIONAL_CONSUMERS:
            value = consumer[2] if consumer[1] is None else value_on_path(v.file, consumer[1], via, assume=assume)
        else:
            continue
        if isinstance(value, str) and value.upper() == "VALID":
            found.append((_position(function, first.id), first.id, None, None, None,
                          consumer[3].rsplit(".", 1)[1], consumer[4], node.lineno))
    return found


def _relayed_builds(v: SourceVisitor, function: ast.AST, node: ast.Call, first: ast.Name, assume: tuple,
                    known: list, depth: int) -> list:
    """`_call_site_builds` of a call in the helper `function` that hands its input parameter `first` to
    another helper of the file (`conv_2d(x, ...)`) or to the layer a factory of the file makes
    (`conv_2d(f, 3, strides=strides)(x)`): the VALID convs it builds, with the values `assume` gives the
    arguments it hands on."""
    via = v.file.statement_of(node)
    if any(decide(t, known) is (not held) for t, held in conditions(v.file, node)) or \
            not parameter_reaches(v.file, first, via, assume):
        return []
    values = {ast.dump(test.left): test.comparators[0].value for test, _ in assume
              if type(test.left) is ast.Name and type(test.comparators[0]) is ast.Constant}
    parameters = parameter_names(function)
    position = _position(function, first.id)
    if isinstance(node.func, ast.Call) and (factory := _own_factory(v, node.func)) is not None \
            and factory is not function:
        relayed = _relayed_call(node.func, parameters, values)
        made = _factory_conv(v, factory, relayed, depth + 1) if relayed is not None else None
        if not isinstance(made, ast.Call):
            return []
        spec = consumer_layer(v.call_name(made))
        return [(position, first.id, None, None, None, v.call_name(made).rsplit(".", 1)[1], spec.kind, made.lineno)]
    inner = _own_factory(v, node)
    if inner is None or inner is function:
        return []
    relayed = _relayed_call(node, parameters, values)
    given = _call_assumptions(v, inner, relayed) if relayed is not None else None
    if given is None:
        return []
    return [(position, first.id, None, None, None, *build[5:])
            for build in _call_site_builds(v, inner, relayed, given, depth + 1)
            if argument(relayed, build[0], build[1]) is first]


def _hands_a_pad(v: PadBeforeValidConvSource, call: ast.Call) -> bool:
    return any(_pad_of(v, value) for value in (*call.args, *(k.value for k in call.keywords)))


def _forwarded_builds(v: PadBeforeValidConvSource, function: ast.AST) -> list[tuple]:
    """The VALID convs a function of this file has another builder make on its parameter: `def
    _conv2d(scope, x, k, n, padding='SAME'): return layers.custom_conv2d(x=x, ..., padding=padding)`
    builds custom_conv2d's conv, VALID when `padding` is "valid". One step (the builder's own build,
    in this file or another module's CONV_BUILD summary); asked only when a pad is handed over."""
    found = []
    for call in v.file.calls:
        callee = v.file.callee(call) if v.file.scope_of(call) is function else None
        inner = v.file.defs.get(callee or "")
        if callee is None or inner is function or isinstance(inner, ast.ClassDef):
            continue
        builds = v.conv_builds(inner) if inner is not None else v.file.project.query(CONV_BUILD, callee)
        for data_at, data_name, p_at, p_name, p_default, op, kind, line in builds or ():
            data = argument(call, data_at, data_name)
            via = v.file.statement_of(call)
            if not (isinstance(data, ast.Name) and data.id in parameter_names(function)
                    and parameter_reaches(v.file, data, via, ())):
                continue
            padding = _forwarded_padding(v, function, call, via, p_at, p_name, p_default)
            if padding is not None:
                where = f"line {line}" + (f" of {callee.rpartition('.')[0]}" if inner is None else "")
                found.append((_position(function, data.id), data.id, *padding, op, kind,
                              f"{where}, through {callee.rpartition('.')[2]}()"))
    return found


def _forwarded_padding(v: SourceVisitor, function, call: ast.Call, via, p_at, p_name, p_default) -> tuple | None:
    """What makes a forwarded build VALID, as `_padding_parameter` says it: (None, None, None) when
    it is whatever the arguments, the forwarding function's own padding parameter that `call` passes
    on, or None."""
    passed = argument(call, p_at, p_name) if p_name is not None else None
    if p_name is None or passed is None and isinstance(p_default, str) and p_default.upper() == "VALID":
        return None, None, None
    if isinstance(passed, ast.Name) and passed.id in parameter_names(function) and \
            parameter_reaches(v.file, passed, via, ()):
        return _position(function, passed.id), passed.id, _parameter_defaults(function).get(passed.id)
    value = value_on_path(v.file, passed, via) if passed is not None else NOT_LITERAL
    return (None, None, None) if isinstance(value, str) and value.upper() == "VALID" else None


# ---------------------------------------------------------------------------------------------
# Project layers that apply a VALID conv to their input: `self.conv2 = dwconv3x3_block(..., padding=0)`
# (a factory of the project returning a block whose `call` hands its input to a conv built "valid")
# then `x = self.conv2(tf.pad(x, ...))`; and framework layers a project name constructs
# (`Conv2DQuantized = quantize_wrapped_layer(tf_keras.layers.Conv2D, config)`)

_CALL_METHODS = ("call", "__call__")
_NO_CONDITION = (None, None, None)


def _valid_layers(v: PadBeforeValidConvSource) -> dict[str, tuple]:
    """The VALID_LAYER facts of this file's classes (with a `call` or `__call__`) and module-level
    factories (every return a construction)."""
    found = {}
    for node, qualname in v.file.qualnames.items():
        if isinstance(node, ast.ClassDef):
            if not any(isinstance(s, ast.FunctionDef) and s.name in _CALL_METHODS for s in node.body):
                continue
        elif not (isinstance(node, ast.FunctionDef) and isinstance(v.file.parent(node), ast.Module)
                  and (returns := v.file.returns_of(node))
                  and (all(isinstance(r.value, ast.Call) for r in returns) or _returned_closure(v, node)
                       or _built_layers(v, node))):
            continue
        fact = _valid_layer(v, qualname)
        if fact is not None:
            found[qualname] = fact
    return found


def _valid_layer(v: PadBeforeValidConvSource, qualname: str, ask: bool = False) -> tuple | None:
    """The VALID_LAYER fact of a class or factory: of this file, worked out here; of another module, its
    summary when `ask` (asked only where a pad is handed over)."""
    node = v.file.defs.get(qualname)
    if node is None:
        if not ask:
            return None
        facts = v.file.project.query(VALID_LAYER, qualname)
        return tuple(facts[0]) if facts else None
    memo = v._valid_layers
    if qualname in memo:
        return memo[qualname]
    memo[qualname] = None  # recursion guard
    fact = None
    if isinstance(node, ast.ClassDef):
        fact = _class_valid_layer(v, node)
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        fact = _factory_valid_layer(v, node)
    memo[qualname] = fact
    return fact


def _class_valid_layer(v: PadBeforeValidConvSource, owner: ast.ClassDef) -> tuple | None:
    """A class whose `call` (or `__call__`) hands its input, as it came or zero padded by the class itself,
    to VALID convs or pools only (a framework's, or a project layer's with this fact) among the layers
    and convs it reads it with: (op, kind, line, the constructor parameter that must keep its default)."""
    method = next((s for name in _CALL_METHODS for s in owner.body
                   if isinstance(s, ast.FunctionDef) and s.name == name), None)
    names = positional_names(method) if method is not None else []
    if len(names) < 2:
        return None
    init = next((s for s in owner.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
    return _input_fact(v, method, lambda first: first.id == names[1] and _holds_input(v, first, method), init)


def _input_fact(v: PadBeforeValidConvSource, function: ast.FunctionDef, holds, init: ast.AST | None,
                skip: int = 1) -> tuple | None:
    """The VALID_LAYER fact the calls in `function` that read its input (a first argument `holds` accepts)
    agree on (`_applies_valid`, with `init` and `skip` as it takes them); None when one hands the input to a
    layer or conv that is not VALID, or two leave different conditions."""
    found = None
    for call in _input_calls(v).get(function, ()):
        if not holds(call.args[0]):
            continue
        fact = _applies_valid(v, call, init, skip)
        if fact is False:
            return None  # the input goes to a layer or conv that is not VALID
        if fact is not None:
            if found is not None and found[3:] != fact[3:]:
                return None
            found = found or fact
    return found


def _input_calls(v: PadBeforeValidConvSource) -> dict[ast.AST, list[ast.Call]]:
    """The calls in each of the file's functions (a `call` method, a factory's closure) whose first argument
    is a name."""
    if v._input_calls is None:
        v._input_calls = {}
        for call in v.file.calls:
            if call.args and type(call.args[0]) is ast.Name:
                scope = v.file.scope_of(call)
                if type(scope) is ast.FunctionDef:
                    v._input_calls.setdefault(scope, []).append(call)
    return v._input_calls


def _holds_input(v: SourceVisitor, name: ast.Name, method: ast.AST, depth: int = 0, param: str | None = None) -> bool:
    """`name` holds the method's input parameter (`param`, when given) on every path: as passed, or zero
    padded (`x = self.pad(x)`, `x = tf.pad(x, ...)`: the pads add to the conv's), or a channel slice of it
    (`x = Lambda(slice_channels)(x)`: `_channel_slice`)."""
    bindings = v.file.reaching_bindings(name)
    entry = (method.lineno, method.col_offset)
    if not bindings or depth > 3:
        return False
    for bound in bindings:
        if bound.stmt is None:
            if bound.pos != entry or param is not None and name.id != param:
                return False
            continue
        value = bound.value
        if not (isinstance(bound.stmt, ast.Assign) and value is bound.stmt.value and isinstance(value, ast.Call)
                and value.args and isinstance(value.args[0], ast.Name)):
            return False
        if value.args[0].id != name.id or _tf_pad(v, value, True) is None and not _pad_constructions(v, value.func):
            if not (isinstance(value.func, ast.Call) and _channel_slice(v, value.func)):
                return False
        if not _holds_input(v, value.args[0], method, depth + 1, param):
            return False
    return True


def _channel_slice(v: SourceVisitor, layer: ast.Call) -> bool:
    """`layer` is a `Lambda(f)` whose function takes a range of its input's channels and every other axis
    whole (a grouped conv's per-group slice: the zero border the pad added stays on every spatial axis):
    every return of `f` (a lambda, or a function of this file) subscripts its first parameter with full
    slices but on one axis, the last; or axis 1 of a 4-D or 5-D index when another return slices the last
    (the channels_first branch of a slice along the channel axis of either layout, `if axis == 3: ...
    elif axis == 1: ...`). An axis that is a spatial axis whatever the layout is not one."""
    if v.call_name(layer) != _LAMBDA or not layer.args:
        return False
    function = layer.args[0]
    if isinstance(function, ast.Name):
        qualname = v.file.def_of(function)
        function = v.file.defs.get(qualname) if qualname is not None else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        values = [r.value for r in v.file.returns_of(function)]
    elif isinstance(function, ast.Lambda):
        values = [function.body]
    else:
        return False
    positional = positional_names(function)
    if not values or not positional:
        return False
    axes = set()
    for value in values:
        axis = _sliced_axis(value, positional[0])
        if axis is None:
            return False
        axes.add(axis)
    return -1 in axes and axes <= {-1, 1}


def _sliced_axis(value: ast.expr | None, name: str) -> int | None:
    """The one axis `name[...]` takes a range of (-1: the last), the others whole; None otherwise."""
    if not (isinstance(value, ast.Subscript) and _is_name(value.value, name) and isinstance(value.slice, ast.Tuple)):
        return None
    parts = value.slice.elts
    ellipsis = bool(parts) and isinstance(parts[0], ast.Constant) and parts[0].value is Ellipsis
    if ellipsis:
        parts = parts[1:]
    if not parts or not all(isinstance(p, ast.Slice) and p.step is None for p in parts):
        return None
    ranged = [i for i, p in enumerate(parts) if p.lower is not None or p.upper is not None]
    if len(ranged) != 1:
        return None
    if ranged[0] == len(parts) - 1:
        return -1
    return 1 if not ellipsis and ranged[0] == 1 and len(parts) in (4, 5) else None


def _applies_valid(v: PadBeforeValidConvSource, call: ast.Call, init: ast.AST | None,
                   skip: int = 1) -> tuple | bool | None:
    """For a call in a layer's `call` reading its input: the VALID_LAYER fact it gives (a VALID conv or
    pool, maybe as long as a constructor parameter keeps its default), False when it is a conv, pool or
    layer that is not known VALID, None when it is no layer (`tf.shape(x)`). `init`: the constructor (or
    the factory of a closure), whose first `skip` positional parameters a construction does not pass."""
    consumer = _consumer_of(v, call)
    if consumer is not None:
        if consumer[0] is not call.args[0]:
            return False
        op, kind = consumer[3].rsplit(".", 1)[-1], consumer[4]
        if _always_valid(v, consumer[1], consumer[2], []):
            return (op, kind, call.lineno, *_NO_CONDITION)
        defaults = _parameter_defaults(init) if init is not None else {}
        positional = positional_names(init)[skip:] if init is not None else []
        for name in sorted(defaults):
            default = defaults[name]
            if type(default) not in (bool, str, int):
                continue
            assume = (equals(name, default), (ast.Name(name, ast.Load()), bool(default))) \
                if type(default) is bool else (equals(name, default),)
            if _always_valid(v, consumer[1], consumer[2], list(assume)):
                return (op, kind, call.lineno, positional.index(name) if name in positional else None, name, default)
        return False
    if not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "self") or _pad_constructions(v, call.func):
        return None  # (a function, or the class's own pad layer: its pad adds to the conv's)
    owner = v.file.enclosing_class(call)
    stores = v.file.self_assignments(owner, call.func.attr) if owner is not None else []
    if not stores or not all(isinstance(s.value, ast.Call) for s in stores):
        return False if stores else None
    found = _agreed_fact(v, [(store.value, v.file.scope_of(store)) for store in stores], skip=1)
    return False if found is None else found


def _always_valid(v: SourceVisitor, padding: ast.expr | None, default: str | None, known: list) -> bool:
    """Every value the padding argument may have is "valid", given the `known` conditions (each
    assignment a name or `self.<attr>` may hold there, whatever path the code took, except those
    under a test the conditions contradict)."""
    values = {default} if padding is None else _values_of(v, padding, known)
    return bool(values) and all(isinstance(x, str) and x.upper() == "VALID" for x in values)


def _values_of(v: SourceVisitor, expr: ast.expr, known: list, depth: int = 0) -> set | None:
    if depth > 6:
        return None
    if isinstance(expr, ast.IfExp):
        held = decide(expr.test, known)
        if held is not None:
            return _values_of(v, expr.body if held else expr.orelse, known, depth + 1)
        body, orelse = _values_of(v, expr.body, known, depth + 1), _values_of(v, expr.orelse, known, depth + 1)
        return None if body is None or orelse is None else body | orelse
    if isinstance(expr, ast.Name) and expr.id in v.file.stored_names:
        stores = [(b.stmt, b.value) for b in v.file.reaching_bindings(expr)]
    elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        owner = v.file.enclosing_class(expr)
        stores = [(s, s.value) for s in v.file.self_assignments(owner, expr.attr)] if owner is not None else []
    else:
        value = v.file.literal(expr)
        if value is NOT_LITERAL and isinstance(expr, ast.Name):
            for test, held in known:  # a parameter the conditions give a value
                if held and isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and \
                        test.left.id == expr.id and isinstance(test.ops[0], ast.Eq):
                    return {v.file.literal(test.comparators[0])}
        return None if value is NOT_LITERAL else {value if not isinstance(value, list) else tuple(value)}
    if not stores or any(stmt is None or value is None or not isinstance(stmt, ast.Assign) for stmt, value in stores):
        return None
    found: set = set()
    for stmt, value in stores:
        if any(decide(test, known) is (not held) for test, held in conditions(v.file, stmt)):
            continue  # an assignment under a test the conditions contradict
        more = _values_of(v, value, known, depth + 1)
        if more is None:
            return None
        found |= more
    return found


def _condition_at(v: SourceVisitor, construction: ast.Call, fact: tuple, function: ast.AST | None,
                  skip: int = 0, spread_read: bool = False) -> tuple | None:
    """What a construction leaves of a fact's condition (a parameter that must keep its default): met
    (`_NO_CONDITION`: not passed, or passed that default), handed to a parameter of `function` with the
    same default (or in its `**kwargs`): that parameter's (position among its positional ones past the
    first `skip`, name, default); None when it may not hold. `spread_read` (where a pad reaches the layer,
    not in a summary): a `**d` the construction spreads is read as a framework layer's is (`Conv2D(...,
    **kwargs)`, `_consumer_of`): the value a dict the source states gives the key, else what the code
    stores under it, else (no sign of the key) not passed."""
    position, name, default = fact[3:6]
    if name is None:
        return _NO_CONDITION
    passed = argument(construction, position, name)
    is_function = isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
    if passed is None:
        if position is not None and any(isinstance(a, ast.Starred) for a in construction.args[:position + 1]):
            return None
        spread = [k for k in construction.keywords if k.arg is None]
        if not spread:
            return _NO_CONDITION
        if spread_read:
            passed = spread_argument(v.file, construction, name)
            if passed is UNKNOWN_SPREAD and any(_names_key(k.value, name) for k in spread):
                return None  # (`**dict(kwargs, padding="same")`: the key is set, among keys not known)
            passed = stored_spread(v, construction, name) if passed is UNKNOWN_SPREAD else passed
            if passed is None:
                return _NO_CONDITION
            value = v.file.literal(passed)
            return _NO_CONDITION if type(value) is type(default) and value == default else None
        kwarg = function.args.kwarg.arg if is_function and function.args.kwarg is not None else None
        if kwarg is not None and all(isinstance(k.value, ast.Name) and k.value.id == kwarg for k in spread):
            return None, name, default  # the function's own callers may pass it in **kwargs
        return None
    if isinstance(passed, ast.Name) and is_function and _only_parameter(v, function, passed.id):
        mine = _parameter_defaults(function).get(passed.id, NOT_LITERAL)
        if type(mine) is not type(default) or mine != default:
            return None
        positional = positional_names(function)[skip:]
        return positional.index(passed.id) if passed.id in positional else None, passed.id, default
    value = v.file.literal(passed)
    return _NO_CONDITION if type(value) is type(default) and value == default else None


def _names_key(expr: ast.expr, key: str) -> bool:
    """`expr` (a spread dict's expression) states `key`: as a keyword of a call in it, or a string in it."""
    return any(type(node) is ast.keyword and node.arg == key or type(node) is ast.Constant and node.value == key
               for node in ast.walk(expr))


def _factory_valid_layer(v: PadBeforeValidConvSource, function: ast.AST) -> tuple | None:
    """A function every return of which constructs a class or calls a factory of this file with the
    VALID_LAYER fact, its condition met or handed on to this function's parameters; or that returns a
    function it defines which applies VALID convs or pools only to its input (`_closure_valid_layer`)."""
    inner = _returned_closure(v, function)
    if inner is not None:
        return _closure_valid_layer(v, function, inner)
    layers = _built_layers(v, function)
    if layers:
        return _factory_fact(v, function, layers)
    returns = v.file.returns_of(function)
    if not all(isinstance(node.value, ast.Call) for node in returns):
        return None
    return _agreed_fact(v, [(node.value, function) for node in returns])


def _returned_closure(v: SourceVisitor, function: ast.AST) -> ast.FunctionDef | None:
    """The function `function` defines in its body and returns, by its name, in every return (`def
    GroupConv2D(filters, ..., padding='valid'): def layer(input_tensor): ...; return layer`); None
    when a return is anything else or the name is bound otherwise too."""
    returns = v.file.returns_of(function)
    if not returns or not all(isinstance(r.value, ast.Name) for r in returns):
        return None
    names = {r.value.id for r in returns}
    if len(names) != 1:
        return None
    name = names.pop()
    inner = [s for s in function.body if isinstance(s, ast.FunctionDef) and s.name == name]
    if len(inner) != 1 or len(v.file.scope_index(function).bindings.get(name, [])) != 1:
        return None
    return inner[0]


def _closure_valid_layer(v: PadBeforeValidConvSource, function: ast.AST, inner: ast.FunctionDef) -> tuple | None:
    """The VALID_LAYER fact of a factory returning the function `inner`, as `_class_valid_layer` reads a
    class's `call`: `inner` hands its first parameter (as it came, zero padded, or a channel slice of it:
    `_channel_slice`) to VALID convs or pools only among the layers and convs it reads it with; the
    condition is a parameter of the factory (the closure reads it: `padding=padding`, default "valid")."""
    names = positional_names(inner)
    if not names or inner.args.vararg is not None:
        return None
    return _input_fact(v, inner, lambda first: _holds_input(v, first, inner, param=names[0]), function, skip=0)


def _agreed_fact(v: PadBeforeValidConvSource, constructions: list, skip: int = 0) -> tuple | None:
    """The VALID_LAYER fact every (construction, the function it is in) gives, each leaving the same
    condition (`_condition_at`); None when one constructs no such layer or leaves another condition."""
    found = None
    for call, function in constructions:
        made = [_valid_layer(v, name) for name in _constructors(v, call.func)]
        if not made or None in made:
            return None
        for fact in made:
            condition = _condition_at(v, call, fact, function, skip=skip)
            if condition is None:
                return None
            mine = (*fact[:3], *condition)
            if found is not None and found[3:] != mine[3:]:
                return None
            found = found or mine
    return found


def _constructors(v: SourceVisitor, func: ast.AST, depth: int = 0) -> list[str]:
    """The project classes or factories a construction may call: what `func` names, or each choice a
    local variable holds (`block_fn = dwconv3x3_block if k == 3 else dwconv5x5_block`; a `None` choice
    is left out: calling it would fail). [] when one is not known."""
    if isinstance(func, ast.IfExp) and depth < 4:
        found = []
        for branch in (func.body, func.orelse):
            if isinstance(branch, ast.Constant) and branch.value is None:
                continue
            more = _constructors(v, branch, depth + 1)
            if not more:
                return []
            found.extend(more)
        return found
    if isinstance(func, ast.Name) and func.id in v.file.stored_names and depth < 4:
        bound = v.file.binding(func)
        if bound is not None and isinstance(bound.stmt, ast.Assign) and bound.value is bound.stmt.value \
                and isinstance(bound.value, (ast.IfExp, ast.Name, ast.Attribute)) \
                and not isinstance(v.file.scope_of(bound.stmt), ast.Module):
            return _constructors(v, bound.value, depth + 1)
    name = v.file.def_of(func) if isinstance(func, (ast.Name, ast.Attribute)) else None
    return [name] if name is not None else []


def _held_constructions(v: SourceVisitor, func: ast.AST) -> list[tuple[ast.Call, ast.stmt | None]]:
    """The constructions a called layer object may come from: `Block(...)(x)`, a name's one assignment,
    every `self.<attr> = ...` of the class ([] when one is not a call)."""
    if isinstance(func, ast.Call):
        return [(func, None)]
    if isinstance(func, ast.Name):
        if func.id not in v.file.stored_names:
            return []
        bound = v.file.binding(func)
        return [(bound.value, bound.stmt)] if bound is not None and isinstance(bound.value, ast.Call) else []
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
        owner = v.file.enclosing_class(func)
        stores = v.file.self_assignments(owner, func.attr) if owner is not None else []
        if stores and all(isinstance(s.value, ast.Call) for s in stores):
            return [(s.value, s) for s in stores]
    return []


def _check_made_layer(v: PadBeforeValidConvSource, call: ast.Call) -> None:
    """`self.conv2(x)` where x is a zero pad and `self.conv2` is made by project code: a class or
    factory whose layer hands its input to a VALID conv (VALID_LAYER, its condition met here), or a
    project name that constructs a framework conv (LAYER_OF: judged as that layer). Advice only."""
    data = argument(call, 0, "inputs")
    if data is None or isinstance(data, ast.Name) and data.id not in v.file.stored_names:
        return  # (a parameter or a global: no pad of this file)
    made = []
    for construction, stmt in _held_constructions(v, call.func):
        names = _constructors(v, construction.func)
        if not names:
            return
        made.append((construction, stmt, names))
    if not made:
        return
    pad = _pad_of(v, data)
    if pad is None or _cropped_after(v, call):
        return
    aliases = None
    for construction, stmt, names in made:
        layers = set()
        for name in names:
            if name in v.file.defs or v.file.module is not None and name.rpartition(".")[0] == v.file.module:
                if aliases is None:
                    aliases = _layer_aliases(v)
                layers.add(aliases.get(name))
            else:
                answer = v.file.project.query(LAYER_OF, name) if name not in v.file.defs else None
                layers.add(answer[0] if answer else None)
        if len(layers) == 1 and None not in layers:
            _judge_consumers(v, call, pad, [(construction, layers.pop(), stmt)], data, rewritable=False)
            continue
        if len(names) == 1 and isinstance(factory := v.file.defs.get(names[0]), (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and _check_factory_call(v, call, construction, stmt, factory, pad):
            continue  # (a factory of this file returning the conv it builds: read with this call's arguments)
        facts = [_valid_layer(v, name, ask=True) for name in names]
        if not facts or None in facts:
            continue
        function = v.file.scope_of(stmt) if stmt is not None else v.file.scope_of(call)
        if any(_condition_at(v, construction, fact, function, spread_read=True) != _NO_CONDITION for fact in facts):
            continue
        for option in (pad, *pad.alternatives):
            if stmt is not None and not _compatible_paths(v, option, stmt):
                continue
            op, kind, line = facts[0][:3]
            pads = _spatial_pads(option, None) if option.full is not None else option.pads
            if pads is False or pads is not None and len(pads) != _rank(op) or \
                    pads is None and option.rank not in (None, _rank(op)):
                continue  # (a pad of another rank than the layer reads: not its border)
            option.pads = pads
            builder = names[0].rpartition(".")[2]
            module = "" if names[0] in v.file.defs else f" of {names[0].rpartition('.')[0]}"
            _report_advice(v, option, op, kind, _input_non_negative(v, option),
                           builder=(f"{builder}()", f"line {line}{module}"))


def _cropped_after(v: SourceVisitor, call: ast.Call) -> bool:
    """The layer's output is cropped where it is read (`x = self.pool(x)` then `x = x[:, 1:, 1:, :]`):
    the pad and the crop shift the grid by a pixel (NASNet's extra padding), no border the layer could
    pad itself."""
    stmt = v.file.statement_of(call)
    reads: list[ast.AST] = [call]
    if isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1 \
            and isinstance(stmt.targets[0], ast.Name):
        reads = v.file.reaching_reads(stmt, stmt.targets[0].id)
    for read in reads:
        parent = v.file.parent(read)
        if isinstance(parent, ast.Subscript) and parent.value is read:
            parts = parent.slice.elts if isinstance(parent.slice, ast.Tuple) else [parent.slice]
            for part in parts:
                if isinstance(part, ast.Slice):
                    lower = v.file.literal(part.lower) if part.lower is not None else 0
                    upper = v.file.literal(part.upper) if part.upper is not None else None
                    if type(lower) is int and lower > 0 or type(upper) is int and upper < 0:
                        return True
    return False


def _layer_aliases(v: SourceVisitor) -> dict[str, str]:
    """Module-level names a factory of this file binds to a constructor of a framework conv or pool
    that hands its arguments on (`Conv2DQuantized = quantize_wrapped_layer(tf_keras.layers.Conv2D,
    config)` with `def constructor(*arg, **kwargs): return Wrapper(cls(*arg, **kwargs), config)`)."""
    found: dict[str, str] = {}
    if v.file.module is None:
        return found
    for stmt in v.file.tree.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call) and stmt.value.args
                and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id in v.file.def_names):
            continue
        factory = v.file.defs.get(v.file.def_of(stmt.value.func) or "")
        if not isinstance(factory, ast.FunctionDef):
            continue
        for position, passed in enumerate(stmt.value.args):
            layer = v.file.qualified(passed) if isinstance(passed, (ast.Name, ast.Attribute)) else None
            if consumer_layer(layer) is None:
                continue
            names = positional_names(factory)
            if position < len(names) and _hands_on(v, factory, names[position]):
                found[f"{v.file.module}.{stmt.targets[0].id}"] = layer
            break
    return found


def _hands_on(v: SourceVisitor, factory: ast.FunctionDef, parameter: str) -> bool:
    """Every return of `factory` is a function it defines that constructs `parameter` with its own
    `*args, **kwargs` (maybe wrapped: the construction is the wrapper's first argument)."""
    returns = v.file.returns_of(factory)
    if not returns or not _only_parameter(v, factory, parameter):
        return False
    for node in returns:
        inner = next((s for s in factory.body if isinstance(s, ast.FunctionDef) and isinstance(node.value, ast.Name)
                      and s.name == node.value.id), None)
        made = v.file.returns_of(inner) if inner is not None else []
        if not made:
            return False
        for back in made:
            value = back.value
            if isinstance(value, ast.Call) and not (isinstance(value.func, ast.Name) and value.func.id == parameter):
                value = value.args[0] if value.args else None
            if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == parameter
                    and _passes_on(value, inner)):
                return False
    return True


def _passes_on(call: ast.Call, function: ast.FunctionDef) -> bool:
    """`cls(*args, **kwargs)` with the function's own `*args` and `**kwargs`, nothing else."""
    args = function.args
    star = [a.value.id for a in call.args if isinstance(a, ast.Starred) and isinstance(a.value, ast.Name)]
    spread = [k.value.id for k in call.keywords if k.arg is None and isinstance(k.value, ast.Name)]
    return len(star) == len(call.args) <= 1 and len(spread) == len(call.keywords) <= 1 \
        and star == ([args.vararg.arg] if args.vararg and star else []) \
        and spread == ([args.kwarg.arg] if args.kwarg and spread else []) and (star or spread)


# ---------------------------------------------------------------------------------------------
# Judgement


def _nn_window(v: SourceVisitor, call: ast.Call, name: str, kind: str, axes, v1: bool):
    """(kernel, strides, dilations) along the spatial axes, each None when not literal."""
    rank, ones = len(axes), (1,) * len(axes)
    if kind == "conv":
        shape = _static_shape(v, argument(call, 1, "filters") or keyword_value(call, "filter"))
        kernel = tuple(shape[:rank]) if shape and len(shape) == rank + 2 else None
    else:
        kernel = _per_axis(v.file.literal(argument(call, 1, "ksize")), axes)
    stride_pos = None if name == "tensorflow.nn.convolution" else 2
    strides = argument(call, stride_pos, "stride" if name == "tensorflow.nn.conv1d" else "strides")
    strides = ones if strides is None and name == "tensorflow.nn.convolution" else _per_axis(v.file.literal(strides), axes)
    dil = keyword_value(call, "dilations") or keyword_value(call, "rate") or keyword_value(call, "dilation_rate")
    dilations = ones if dil is None else _per_axis(v.file.literal(dil), axes)
    return kernel, strides, dilations


def _per_axis(value, axes) -> tuple | None:
    """An int, or a list of 1, one per spatial axis, or one per axis (data_format order) of ints ->
    one per spatial axis."""
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,) * len(axes)
    if isinstance(value, (list, tuple)) and all(isinstance(x, int) for x in value):
        if len(value) == 1:
            return (value[0],) * len(axes)
        if len(value) == len(axes):
            return tuple(value)
        if len(value) == len(axes) + 2:
            return tuple(value[a] for a in axes)
    return None


def _spatial(shape, axes) -> tuple:
    return tuple(shape[a] for a in axes) if shape and len(shape) == len(axes) + 2 else (None,) * len(axes)


def _static_shape(v: SourceVisitor, expr: ast.AST | None) -> tuple | None:
    """A tensor's full shape when the code states every dimension (tfperf.source.shapes)."""
    shape = v.file.shapes.of(expr)
    if shape is None or shape.rank is None:
        return None
    dims = shape.dims()
    return dims if all(d is None or isinstance(d, int) for d in dims) else None


def _non_negative(v: SourceVisitor, expr: ast.AST | None, depth: int = 0) -> bool:
    """The tensor cannot be negative: a ReLU, sigmoid, softmax... (also a Keras ReLU or
    Activation("relu") layer applied to it, or a `Lambda` computing one), or a local response
    normalization (sign-preserving) of such a tensor."""
    if expr is None or depth > 4:
        return False
    value = v.file.value_of(expr)
    if not isinstance(value, ast.Call):
        return False
    if v.call_name(value) in _NON_NEGATIVE_CALLS:
        return True
    if _sign_preserving(v, value):
        return _non_negative(v, argument(value, 0, "input"), depth + 1)
    layer = _layer_construction(v, value.func)
    name = v.call_name(layer) if isinstance(layer, ast.Call) else None
    if name == "keras.layers.ReLU":
        return _non_negative_layer(v, layer)
    if name == "keras.layers.Activation":
        activation = v.file.literal(argument(layer, 0, "activation"))
        return isinstance(activation, str) and activation in _NON_NEGATIVE_ACTIVATIONS
    if name == "keras.layers.Lambda" and value.args:  # Lambda(lambda x: f(x))(y)
        function = argument(layer, 0, "function")
        body = function.body if isinstance(function, ast.Lambda) and len(function.args.args) == 1 else None
        if isinstance(body, ast.Call) and v.call_name(body) in _NON_NEGATIVE_CALLS:
            return True
        if isinstance(body, ast.Call) and _sign_preserving(v, body):
            inner = argument(body, 0, "input")
            return isinstance(inner, ast.Name) and inner.id == function.args.args[0].arg and \
                _non_negative(v, value.args[0], depth + 1)
    return False


def _sign_preserving(v: SourceVisitor, call: ast.Call) -> bool:
    """`tf.nn.lrn(x, ...)` with a positive bias (1 by default) and a non-negative alpha: x divided by a
    positive number, so its sign."""
    if v.call_name(call) not in _SIGN_PRESERVING:
        return False
    bias = argument(call, 2, "bias")
    alpha = argument(call, 3, "alpha")
    bias = v.file.literal(bias) if bias is not None else 1.0
    alpha = v.file.literal(alpha) if alpha is not None else 1.0
    return isinstance(bias, (int, float)) and bias > 0 and isinstance(alpha, (int, float)) and alpha >= 0


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


def _needed(kind: str, non_negative: bool) -> str | None:
    """Why the pad cannot go at all (then it is info), or None: a conv pads in hardware."""
    if kind == "avg_pool":
        return "average pooling divides by the padded zeros; its own padding would not count them"
    if kind == "max_pool" and not non_negative:
        return "the pool's input may be negative, so a padded zero can win the max"
    return None


def _pads_text(pads) -> str:
    return str([list(p) for p in pads]).replace(" ", "") if pads else "of computed size"  # (not literal)


def _chosen_padding(v: SourceVisitor, padding: ast.expr | None, pad: _SourcePad) -> Parameter | None:
    """The consumer's padding when its function's callers choose it (`def conv_bn(x, ..., padding="same",
    zero_pad=False)`: `if zero_pad: x = ZeroPadding2D(..)(x)`, then `Conv2D(..., padding=padding)(x)`): that
    parameter, judged by what the project's calls pass (`tfperf.source.passed`) on the pad's path (a call that
    leaves `zero_pad` False never pads: `_path_tests`). A call passing "valid" with the pad makes the finding,
    saying who; every call known to pass another padding or to take another path: no finding; values not known
    here: info when the default is not VALID (the callers may never ask for it), else the warning. None when
    the padding is no parameter of the function that pads."""
    if not isinstance(padding, ast.Name) or pad.unpadded is None:
        return None
    found = parameter_of(v.file, padding)
    function = v.file.scope_of(pad.call)
    if found is None or v.file.scope_of(padding) is not function or \
            not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    default = _parameter_defaults(function).get(padding.id)

    def bad(value) -> bool | None:
        value = text(value)
        return value.upper() == "VALID" if isinstance(value, str) else None

    valid_default = isinstance(default, str) and default.upper() == "VALID"
    return Parameter(*found, bad=bad, unknown=Severity.WARNING if valid_default else Severity.INFO,
                     unless=_path_tests(v, pad, function, found[0]))


def _report_advice(v: PadBeforeValidConvSource, pad: _SourcePad, op: str, kind: str, non_negative: bool,
                   builder: tuple[str, str] | None = None, parameter: Parameter | None = None) -> None:
    """A pad the source does not let tfperf fold exactly (sizes the code computes, a layer built
    elsewhere, a helper's pad, a pad that does not always run, a conv a helper builds): a warning
    with advice, or info when the pad is needed."""
    where = f" (made by {pad.helper})" if pad.helper else ""
    where += f" (then moved by {pad.moved})" if pad.moved else ""
    if pad.activated is not None:
        where += f" (then through the zero-keeping activation at line {pad.activated.lineno})"
    needed = _needed(kind, non_negative)
    by = f" (built by {builder[0]} at {builder[1]})" if builder else ""
    if needed:
        v.report_once(pad, f"zero pad {_pads_text(pad.pads)}{where} before VALID {op}{by}; no fold ({needed})",
                      severity=Severity.INFO, fix=Fix(Safety.ADVISORY, f"keep the pad ({needed})"))
        for other in pad.others:
            v.report_once(other, f"zero pad {_pads_text(other.pads)} before VALID {op}; no fold ({needed})",
                          severity=Severity.INFO, fix=Fix(Safety.ADVISORY, f"keep the pad ({needed})"))
        return
    advice = (f"drop the pad and let {op} pad: padding='same' where it pads the same way (stride 1, odd kernel), "
              "else explicit paddings (tf.nn.conv2d) or keep it only where the layout needs it")
    if builder:
        advice = f"{advice}; pass that padding to {builder[0]}"
    message = f"zero pad {_pads_text(pad.pads)}{where} before VALID {op}{by}: {op} can pad by itself " \
              "(in hardware on Gaudi)"
    if parameter is not None:  # (VALID only as the callers choose: `passed` says who)
        message = f"zero pad {_pads_text(pad.pads)}{where} before {op} with the callers' padding " \
                  f"({parameter.name}): {op} can pad by itself where it is \"valid\" (in hardware on Gaudi)"
    v.report_once(pad, message, fix=Fix(Safety.ADVISORY, advice), parameter=parameter)
    for other in pad.others:
        v.report_once(other, message, fix=Fix(Safety.ADVISORY, advice))


def _report(v: PadBeforeValidConvSource, pad: _SourcePad, consumer: ast.Call, data, padding, how: str, full_pads,
            op: str, keras: bool, consumer_call=None, sequence=None, added=None, kind: str = "conv",
            non_negative: bool = False) -> None:
    pads = _pads_text(pad.pads)
    where = "" if pad.load is None else f" (through `{pad.load.id}`)"
    if how in ("SAME", "EXPLICIT"):
        text = ('"same"' if keras else '"SAME"') if how == "SAME" else str(full_pads).replace("], [", "], [")
        if padding is not None and isinstance(padding, ast.Constant) and isinstance(padding.value, str):
            text = text.replace('"', _quote(v, padding)) if how == "SAME" else text
        detail = f"padding={text}"
        lost = _layer_arguments(v, pad)
        if lost:
            message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
            v.report_once(pad, message + f" (not fixed automatically: the pad layer also sets {lost}, which removing "
                          "it would drop)", fix=Fix(Safety.ADVISORY, f"pass {detail} to {op} and drop the pad layer; "
                                                                     f"its {lost} moves to {op} or goes, by hand"))
            return
        edits = _fold_edits(v, pad, consumer, data, padding, text, sequence, added)
        if edits is not None:
            message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
            v.report_once(pad, message, fix=Fix(Safety.EXACT, f"remove the pad and pass {detail} to {op}", edits))
            return
        message = f"zero pad {pads}{where} before VALID {op}: remove it and use {detail}"
        v.report_once(pad, message + " (not fixed automatically: the padded value is used elsewhere, or the pad "
                      "does not always run)",
                      fix=Fix(Safety.ADVISORY, f"pass {detail} to {op} and drop the pad where nothing else reads it"))
        return
    needed = _needed(kind, non_negative)
    if needed is None and kind == "conv" or kind == "max_pool" and non_negative:
        message = f"zero pad {pads}{where} before VALID {op}: {op} can pad by itself (in hardware on Gaudi); " \
                  f"no exact source fix ({how})"
        v.report_once(pad, message, fix=Fix(Safety.ADVISORY, f"pad in {op} itself where the padding allows it ({how})"))
        return
    message = f"zero pad {pads}{where} before VALID {op}; no exact fold ({how})"
    v.report_once(pad, message, severity=Severity.INFO,
                  fix=Fix(Safety.ADVISORY, f"pad in {op} itself where the padding allows it, or keep the pad ({how})"))


# The arguments of a ZeroPadding2D construction its removal loses nothing with: the padding moves to
# the consumer, and the data format is the consumer's (checked before). Any other (`input_shape=` of a
# Sequential's first layer, `name=` that code may look the layer up by, `**kwargs`) changes the model.
_PAD_LAYER_ARGUMENTS = {"padding", "data_format"}


def _layer_arguments(v: SourceVisitor, pad: _SourcePad) -> str:
    """The arguments of a Keras pad layer's construction that removing the layer would lose, as
    written (`input_shape=(224, 224, 3)`); "" when there are none or the pad is not a layer."""
    layer = pad.call
    if not (isinstance(layer, ast.Call) and pad_layer(v.call_name(layer))):
        return ""
    lost = [kw for kw in layer.keywords if kw.arg not in _PAD_LAYER_ARGUMENTS]
    return ", ".join(v.file.segment(kw) for kw in lost)


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


# ---------------------------------------------------------------------------------------------
# A pad whose sizes the callers decide: `pad_total = kernel_size - 1` is no pad where every call passes
# kernel_size=1 (on the pad's path)

_UNKNOWN = object()
_ARITHMETIC = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
               ast.FloorDiv: lambda a, b: a // b if b else _UNKNOWN}


def _zeroing_parameter(v: SourceVisitor, pad: _SourcePad) -> Parameter | None:
    """For a pad of this file whose sizes are computed from a parameter of its function that can make
    them all zero (`kernel_size` in `kernel_size + (kernel_size - 1) * (rate - 1) - 1`, whatever `rate`):
    that parameter, judged by what the project's calls pass (`tfperf.source.passed`) on the pad's path
    (a call passing `stride=1` does not reach a pad under `else:` of `if stride == 1:`). Every value
    known and zeroing the pad: no pad, no finding; a value that pads: the finding, saying who passes it;
    values not known here: the finding (a pad of unknown size before a VALID conv is priced as one)."""
    if pad.helper or pad.pads is not None and pad.full is None:
        return None  # a helper's pad, or literal sizes
    if pad.full:
        return None  # literal tf.pad sizes
    name = v.call_name(pad.call)
    node = argument(pad.call, 0, "padding") if pad_layer(name) else \
        argument(pad.call, 1, "paddings") if name in _TF_PADS else None
    function = v.file.scope_of(pad.call)
    if node is None or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    leaves = _leaves(v, node)
    seen: dict[str, ast.Name] = {}
    if any(_evaluate(v, leaf, {}, function, seen) is _UNKNOWN for leaf in leaves) is False:
        return None  # (known sizes: judged as they are)
    for parameter in sorted(seen):
        if isinstance(seen[parameter], ast.Attribute):
            continue  # a field of a config (judged with the others, `_joint_parameter`)
        if not any(all(_evaluate(v, leaf, {parameter: value}, function, {}) == 0 for leaf in leaves)
                   for value in (0, 1)):
            continue  # no value of it alone makes the pad empty
        found = parameter_of(v.file, seen[parameter])
        if found is None:
            return None

        def pads(value, parameter=parameter) -> bool | None:
            if type(value) is not int:
                return None
            sizes = [_evaluate(v, leaf, {parameter: value}, function, {}) for leaf in leaves]
            return None if any(size is _UNKNOWN for size in sizes) else any(sizes)

        return Parameter(*found, bad=pads, unknown=Severity.WARNING, unless=_path_tests(v, pad, function, found[0]))
    return _joint_parameter(v, leaves, seen, function)


_JOINT = 3  # how many parameters and config fields a pad's sizes may hang on together


def _joint_parameter(v: SourceVisitor, leaves: list, seen: dict, function) -> Parameter | None:
    """Sizes no one parameter can zero alone, computed from a few parameters and fields of a config
    parameter (`p = (stride + cfg.down_kernel_size) // 2 - 1`: 0 for a kernel of 1 and a stride of 1 or 2):
    judged by the values each takes in the project, every mix of them (`passed.judged`). None when no
    mix of small values makes the pad empty, or one of them is no parameter or field the callers set."""
    inputs = sorted(seen)
    if not 1 <= len(inputs) <= _JOINT:
        return None
    small = [{}]
    for name in inputs:
        small = [{**env, name: value} for env in small for value in (0, 1, 2)]
    if not any(all(_evaluate(v, leaf, env, function, {}) == 0 for leaf in leaves) for env in small):
        return None  # never empty
    keys = []
    for name in inputs:
        node = seen[name]
        if isinstance(node, ast.Attribute):
            reference = field_parameter(v.file, node)
            if reference is None:
                return None
            keys.append(reference)
        else:
            found = parameter_of(v.file, node)
            if found is None:
                return None
            keys.append(found)

    def pads(*values) -> bool | None:
        if any(type(value) is not int for value in values):
            return None
        sizes = [_evaluate(v, leaf, dict(zip(inputs, values)), function, {}) for leaf in leaves]
        return None if any(size is _UNKNOWN for size in sizes) else any(sizes)

    joint = tuple((Parameter(*key, bad=pads, unknown=Severity.WARNING).key, key[2]) for key in keys[1:])
    return Parameter(*keys[0], bad=pads, unknown=Severity.WARNING, joint=joint)


def _built_text(v: SourceVisitor, pad: _SourcePad) -> str:
    """The condition a pad layer is built under, as written (`padding == "symmetric"`)."""
    return " and ".join(v.file.segment(test) if held else f"not ({v.file.segment(test)})" for test, held in pad.built)


_SIMPLE = (str, int, float, bool, type(None))


def _building_parameter(v: SourceVisitor, pad: _SourcePad) -> Parameter | None:
    """For a pad layer built only under a test of a parameter of its function (`ZeroPadding2D(p) if
    padding == "symmetric" else None`, `... if use_pad else None`, also through `self.<attr>` set from
    the parameter): that parameter, judged by what the project's calls pass (`tfperf.source.passed`).
    A value that builds the pad makes the finding; values not known here make it info when the
    parameter's default does not build the pad (an opt-in the callers may never take), a warning when
    it does. None when the test reads no parameter."""
    if len(pad.built) != 1:
        return None
    test, held = pad.built[0]
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.ops[0], (ast.Eq, ast.NotEq, ast.Is, ast.IsNot)):
        left, stated = test.left, v.file.literal(test.comparators[0])
        if type(stated) not in _SIMPLE:
            return None
        equal = isinstance(test.ops[0], (ast.Eq, ast.Is))

        def builds(value) -> bool:
            return ((value is stated if isinstance(test.ops[0], (ast.Is, ast.IsNot)) else value == stated)
                    == equal) == held
    elif isinstance(test, (ast.Name, ast.Attribute)):
        left = test

        def builds(value) -> bool:
            return bool(value) == held
    else:
        return None
    found = parameter_of(v.file, left)
    if found is None:
        return None
    name = left
    if isinstance(left, ast.Attribute):  # `self.use_pad` set once from the parameter (parameter_of)
        owner = v.file.enclosing_class(left)
        name = v.file.self_assignments(owner, left.attr)[0].value
    default = v.file.parameter_default(name) if isinstance(name, ast.Name) else NOT_LITERAL

    def bad(value) -> bool | None:
        value = text(value)  # (a word arrives as ("s", word); a longer string as passed.TEXT: unknown)
        return builds(value) if type(value) in _SIMPLE else None

    built_by_default = type(default) in _SIMPLE and builds(default)
    return Parameter(*found, bad=bad, unknown=Severity.WARNING if built_by_default else Severity.INFO)


def _leaves(v: SourceVisitor, node: ast.AST) -> list[ast.expr]:
    """The size expressions of a pad's padding (the ints of nested tuples and lists)."""
    leaves, pending = [], [node]
    while pending:
        item = pending.pop()
        value = v.file.value_of(item) if isinstance(item, ast.Name) else item
        if isinstance(value, (ast.Tuple, ast.List)):
            pending.extend(value.elts)
        else:
            leaves.append(item)
    return leaves


def _evaluate(v: SourceVisitor, node: ast.AST, env: dict, function, seen: dict, depth: int = 0):
    """An int the expression computes from literals, local assignments and the parameters in `env`
    (a product with a zero factor is zero whatever the other); _UNKNOWN otherwise. The parameters it
    reads are noted in `seen`."""
    if depth > 12:
        return _UNKNOWN
    if isinstance(node, ast.Constant):
        return node.value if type(node.value) is int else _UNKNOWN
    if isinstance(node, ast.Name):
        bound = v.file.binding(node) if node.id in v.file.stored_names else None
        if bound is not None and bound.stmt is not None:
            assigned = isinstance(bound.stmt, ast.Assign) and bound.stmt.value is bound.value
            return _evaluate(v, bound.value, env, function, seen, depth + 1) if assigned else _UNKNOWN
        if node.id not in parameter_names(function) or v.file.scope_of(node) is not function:
            return _UNKNOWN
        seen.setdefault(node.id, node)
        return env.get(node.id, _UNKNOWN)
    if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
        reference = configs.reference(v.file, node)  # `cfg.down_kernel_size` of a config parameter
        if reference is None:
            return _UNKNOWN
        key = f"{reference[1]}.{reference[2]}"
        seen.setdefault(key, node)
        return env.get(key, _UNKNOWN)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        value = _evaluate(v, node.operand, env, function, seen, depth + 1)
        return _UNKNOWN if value is _UNKNOWN else -value
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        left = _evaluate(v, node.left, env, function, seen, depth + 1)
        right = _evaluate(v, node.right, env, function, seen, depth + 1)
        if isinstance(node.op, ast.Mult) and (left == 0 and left is not _UNKNOWN or right == 0 and right is not _UNKNOWN):
            return 0
        if left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        return _ARITHMETIC[type(node.op)](left, right)
    return _UNKNOWN


def _path_tests(v: SourceVisitor, pad: _SourcePad, function, callee: str) -> tuple:
    """The tests of the function's parameters against literals on the pad's path, as
    `passed.Parameter.unless` keeps them (`stride == 1` not held under its `else:`)."""
    found = []
    stmt = pad.via if pad.via is not None else v.file.statement_of(pad.call)
    for test, held in [*conditions(v.file, stmt), *exited_before(v.file, stmt)]:
        if isinstance(test, ast.Name) and v.file.scope_of(test) is function:  # `if zero_pad:` as `zero_pad != False`
            signature = parameter_of(v.file, test)
            if signature is not None and signature[0] == callee:
                found.append((signature[1], signature[2], signature[3], "!=", False, held))
            continue
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.NotEq))
                and isinstance(test.left, ast.Name) and isinstance(test.comparators[0], ast.Constant)):
            continue
        literal = test.comparators[0].value
        if type(literal) not in (int, bool, type(None)) or v.file.scope_of(test) is not function:
            continue
        signature = parameter_of(v.file, test.left)
        if signature is None or signature[0] != callee:
            continue
        op = "==" if isinstance(test.ops[0], ast.Eq) else "!="
        found.append((signature[1], signature[2], signature[3], op, literal, held))
    return tuple(found)


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    return argument(call, None, name)


# ---------------------------------------------------------------------------------------------
# `Conv2D(..., **kwargs)`: a key the code stores into a spread whose other keys are not known (`spread.spread_argument`
# reads the dicts the source states)

def stored_spread(v: SourceVisitor, call: ast.Call, name: str) -> ast.expr | None:
    """What a `**d` of `call` passes as keyword `name` when the dict's keys are not all known but the
    code sets that one (`kwargs['padding'] = 'valid'`, after `kwargs = hyperparams.params(**kwargs)`):
    the value of the last such store before the call, when it runs on every path to it (`_stored_key`);
    `_UNKNOWN_PADDING` when the code stores the key otherwise (in a branch); None when it never does."""
    for kw in reversed(call.keywords):
        if kw.arg is None:
            return _stored_key(v, kw.value, name) if isinstance(kw.value, ast.Name) else None
    return None


def _stored_key(v: SourceVisitor, read: ast.Name, key: str) -> ast.expr | None:
    """The value `read[key] = value` stores last before `read` in the scope that binds the name (a
    closure's read: before the nested function, and none after it there), in a block that holds the
    read (it runs on every path to it), with no rebinding of the name in between; None otherwise."""
    scope, anchor = v.file.scope_of(read), read
    while read.id not in v.file.scope_index(scope).bindings:  # a closure: the function that binds it
        if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
        anchor, scope = scope, v.file.scope_of(scope)
        if isinstance(scope, ast.ClassDef):
            return None  # (a method does not read its class body's names)
    at = start(anchor)
    stores, after = [], False
    for load in v.file.scope_index(scope).loads_of(read.id):
        parent = v.file.parent(load)
        if load is read or v.file.scope_of(load) is not scope or not isinstance(parent, ast.Subscript) \
                or parent.value is not load or isinstance(parent.ctx, ast.Load):
            continue
        stmt = v.file.parent(parent)
        if not (isinstance(stmt, ast.Assign) and stmt.targets == [parent]):
            continue
        if v.file.literal(parent.slice) != key:
            continue
        if start(stmt) < at:
            stores.append(stmt)
        else:
            after = after or anchor is not read
    if not stores and not after:
        return None
    if after or not stores:
        return _UNKNOWN_PADDING
    last = stores[-1]
    if any(start(last) < b.pos < at for b in v.file.scope_index(scope).bindings.get(read.id, [])):
        return None  # the name is bound again after the store: what it holds then is not known
    where = v.file.block_of(last)
    if where is None or not any(v.file.block_of(s) is not None and v.file.block_of(s)[0] is where[0]
                                for s in (anchor, *v.file.ancestors(anchor)) if isinstance(s, ast.stmt)):
        return _UNKNOWN_PADDING  # the store is in a branch the read may not have come through
    return last.value


# ---------------------------------------------------------------------------------------------
# A project factory that returns the framework conv or pool it builds (`conv_block(f, 3, strides=2)(y)`
# with `def conv_block(...): return Conv2D(..., padding=padding)`, or a `Sequential` whose first layer is it)

def _built_layers(v: SourceVisitor, function: ast.AST) -> list[ast.Call] | None:
    """The framework conv or pool each return of `function` makes, or first applies: a construction, a
    `Sequential([conv, ...])` (a list literal), a local name bound once to either, or to a `Sequential()`
    whose first `add` in the function's body is the conv. None when a return is anything else."""
    returns = v.file.returns_of(function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    if not returns:
        return None
    found = []
    for node in returns:
        layer = _built_layer(v, function, node.value)
        if layer is None:
            return None
        found.append(layer)
    return found


def _built_layer(v: SourceVisitor, function: ast.AST, value: ast.expr | None) -> ast.Call | None:
    if isinstance(value, ast.Name) and value.id in v.file.stored_names:
        if not any(type(s) is ast.Assign and type(s.value) is ast.Call and len(s.targets) == 1
                   and _is_name(s.targets[0], value.id) for s in function.body):
            return None  # (cheap: no top-level `name = Layer(...)` in the function)
        bindings = v.file.scope_index(function).bindings.get(value.id, [])
        if not bindings or any(not isinstance(b.stmt, ast.Assign) or b.value is None for b in bindings):
            return None
        made = bindings[0].value if len(bindings) == 1 else _rewrapped(v, [b.value for b in bindings])
        if made is None:
            return None
        if isinstance(made, ast.Call) and v.call_name(made) in _SEQUENTIAL and not made.args and not made.keywords:
            where = v.file.block_of(bindings[0].stmt)
            if where is None:
                return None
            adds, _ = _first_added(v, where[0][where[1] + 1:], ast.dump(ast.Name(value.id, ast.Load())))
            if not adds or len(adds) != 1 or adds[0][1]:
                return None
            value = adds[0][0]
        else:
            value = made
    if not isinstance(value, ast.Call):
        return None
    name = v.call_name(value)
    if name in _SEQUENTIAL:
        first = argument(value, 0, "layers")
        if not isinstance(first, (ast.List, ast.Tuple)) or not first.elts:
            return None
        value = _element(v, first.elts[0])
        if not isinstance(value, ast.Call):
            return None
        name = v.call_name(value)
    spec = consumer_layer(name)
    if spec is None or spec.library:
        return None
    return value


def _rewrapped(v: SourceVisitor, values: list[ast.expr]) -> ast.Call | None:
    """The one layer a name's assignments all apply: `conv = Conv2D(...)`, then `if norm: conv = WeightNorm(conv)`
    (a project `Wrapper`, `_applied`), set 64's flowket; None when they apply different layers."""
    layers = [_applied(v, value) if type(value) is ast.Call else None for value in values]
    return layers[0] if type(layers[0]) is ast.Call and all(layer is layers[0] for layer in layers) else None


def _built_padding(v: SourceVisitor, function: ast.AST, layer: ast.Call, assume: tuple, passed: dict | None):
    """The padding the conv `layer` that `function` builds takes, given the conditions `assume` (the
    parameters' values); `passed`: the keywords the factory's call hands its `**kwargs` (literals, or
    NOT_LITERAL), None when not known. NOT_LITERAL when not known."""
    spec = consumer_layer(v.call_name(layer))
    padding = argument(layer, spec.positions[2], spec.keywords[2])
    if padding is not None:
        if any(isinstance(a, ast.Starred) for a in layer.args[:spec.positions[2] + 1]) and \
                keyword_value(layer, spec.keywords[2]) is None:
            return NOT_LITERAL
        return value_on_path(v.file, padding, layer, assume=assume)
    if any(isinstance(a, ast.Starred) for a in layer.args):
        vararg = function.args.vararg.arg if function.args.vararg is not None else None
        count = passed.get(_POSITIONAL) if passed is not None else None
        if not (vararg is not None and len(layer.args) == 1 and _is_name(layer.args[0].value, vararg)
                and not function.args.args and not function.args.posonlyargs
                and type(count) is int and count <= spec.positions[2]):
            return NOT_LITERAL  # (the caller's positional arguments may reach the padding)
    spread = [k for k in layer.keywords if k.arg is None]
    if not spread:
        return spec.padding
    kwarg = function.args.kwarg.arg if function.args.kwarg is not None else None
    if kwarg is None or not all(isinstance(k.value, ast.Name) and k.value.id == kwarg for k in spread) \
            or not _kwargs_kept(v, function, kwarg):
        return NOT_LITERAL
    if passed is None:
        return NOT_LITERAL
    return passed.get(spec.keywords[2], spec.padding)


def _kwargs_kept(v: SourceVisitor, function: ast.AST, kwarg: str) -> bool:
    """The factory hands its `**kwargs` on as its caller passed them: never rebound, and every read of it a
    spread (`**kwargs`), a `kwargs.get(...)`, a `kwargs[...]` read or an `in` test (no `kwargs["padding"] =
    ...`, `setdefault`, `update`, `pop`)."""
    if len(v.file.scope_index(function).bindings.get(kwarg, [])) != 1:
        return False
    for node in walk_nodes(function):
        if type(node) is not ast.Name or node.id != kwarg:
            continue
        parent = v.file.parent(node)
        if type(parent) is ast.keyword and parent.arg is None or type(parent) is ast.Compare:
            continue
        if type(parent) is ast.Attribute and parent.attr == "get" or \
                type(parent) is ast.Subscript and type(parent.ctx) is ast.Load:
            continue
        return False
    return True


_POSITIONAL = 0  # (key of `_call_assumptions`' keywords: how many positional arguments the call passes)


def _factory_fact(v: PadBeforeValidConvSource, function: ast.AST, layers: list[ast.Call]) -> tuple | None:
    """The VALID_LAYER fact of a factory returning framework convs or pools (`_built_layers`): VALID whatever
    its arguments, or as long as one parameter keeps its literal default (the first such, by name)."""
    first = layers[0]
    spec = consumer_layer(v.call_name(first))
    if any(_channels_first(v.file.literal(keyword_value(layer, "data_format"))) for layer in layers):
        return None
    op, kind = v.call_name(first).rsplit(".", 1)[-1], spec.kind
    if len({v.call_name(layer) for layer in layers}) != 1:
        return None

    def valid(assume: tuple, passed) -> bool:
        values = [_built_padding(v, function, layer, assume, passed) for layer in layers
                  if all(decide(t, list(assume)) is not (not held) for t, held in conditions(v.file, layer))]
        return bool(values) and all(isinstance(x, str) and x.upper() == "VALID" for x in values)

    if any(argument(layer, spec.positions[2], spec.keywords[2]) is None and any(k.arg is None for k in layer.keywords)
           for layer in layers):  # (the callers' `**kwargs` may carry a padding: VALID while they pass none)
        return (op, kind, first.lineno, None, spec.keywords[2], spec.padding) if valid((), {}) else None
    if valid((), {}):
        return (op, kind, first.lineno, *_NO_CONDITION)
    defaults = _parameter_defaults(function)
    positional = positional_names(function)
    for name in sorted(defaults):
        default = defaults[name]
        if type(default) not in (bool, str, int) or default is None:
            continue
        if valid((equals(name, default),), {}):
            return (op, kind, first.lineno, positional.index(name) if name in positional else None, name, default)
    return None


def _call_assumptions(v: SourceVisitor, function: ast.AST, call: ast.Call) -> tuple[tuple, dict | None] | None:
    """What a call of a factory of this file gives its parameters: `name == value` for each parameter the call
    passes a literal or leaves at its literal default, `kwargs.get("key") == value` / `kwargs["key"] ==
    value` for the keys the factory reads of its `**kwargs`; and the keywords it hands `**kwargs` (None when a
    spread may hand more). None when the call cannot be matched to the parameters."""
    args = function.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)]
    if any(not (isinstance(d, ast.Call) and v.file.qualified(d.func) == "functools.wraps")
           for d in function.decorator_list):
        return None  # (a decorator may change what the call hands on: tf_slim's `add_arg_scope` its defaults)
    if isinstance(v.file.parent(function), ast.ClassDef):  # a method: its first parameter is the object's
        if not (isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
                and call.func.value.id in ("self", "cls")):
            return None
        positional = positional[1:]
    values: dict = {}
    unknown = False
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            unknown = True
            break
        if index >= len(positional):
            if args.vararg is None:
                return None
            continue
        values[positional[index]] = v.file.literal(arg)
    extra: dict | None = {}
    names = set(positional) | {a.arg for a in args.kwonlyargs}
    for keyword in call.keywords:
        if keyword.arg is None:
            unknown = True
        elif keyword.arg in names:
            values[keyword.arg] = v.file.literal(keyword.value)
        elif args.kwarg is not None:
            extra[keyword.arg] = v.file.literal(keyword.value)
        else:
            return None
    if unknown:
        extra = None
    else:
        extra[_POSITIONAL] = len(call.args)
        for name, default in _parameter_defaults(function).items():
            values.setdefault(name, default)
    assume = [equals(name, value) for name, value in values.items()
              if value is not NOT_LITERAL and type(value) in (bool, str, int, float, tuple, type(None))]
    if args.kwarg is not None and extra is not None:
        kwarg = args.kwarg.arg
        for node in walk_nodes(function):
            key = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                    and _is_name(node.func.value, kwarg) and node.args and isinstance(node.args[0], ast.Constant):
                key = node.args[0].value
                value = extra.get(key, v.file.literal(node.args[1]) if len(node.args) > 1 else None)
            elif isinstance(node, ast.Subscript) and _is_name(node.value, kwarg) and \
                    isinstance(node.slice, ast.Constant) and node.slice.value in extra:
                key = node.slice.value
                value = extra[key]
            if key is not None and value is not NOT_LITERAL and isinstance(value, (bool, str, int, float, tuple)) \
                    or key is not None and value is None:
                assume.append((ast.Compare(node, [ast.Eq()], [ast.Constant(value)]), True))
    return tuple(assume), extra


def _check_factory_call(v: PadBeforeValidConvSource, call: ast.Call, construction: ast.Call, stmt,
                        function: ast.AST, pad: _SourcePad) -> bool:
    """`conv_block(f, 3, strides=2)(y)`: a factory of this file returning the framework conv it builds (or a
    Sequential that starts with it), its padding read with the values this call passes (a keyword, a default,
    an expression of the factory's arguments). True when the factory is one (judged here)."""
    made = _factory_conv(v, function, construction)
    if made is None:
        return False
    if made is not False:
        _report_factory_pad(v, pad, stmt, function, made)
    return True


def _factory_conv(v: SourceVisitor, function: ast.AST, construction: ast.Call, depth: int = 0) \
        -> ast.Call | bool | None:
    """The framework conv or pool the factory `function` of this file builds for the call `construction`,
    VALID with the values that call passes; False when it is not (or not known to be), None when the
    factory returns no such layer. A factory every return of which calls another factory of the file
    (`def conv_block(f, k, strides=(1, 1)): return conv_2d(f, k, strides=strides)`) is that factory called
    with what this call gives its arguments."""
    layers = _built_layers(v, function)
    if not layers:
        return _relayed_factory_conv(v, function, construction, depth) if depth < 3 else None
    given = _call_assumptions(v, function, construction)
    if given is None:
        return False
    assume, passed = given
    known = list(assume)
    taken = [layer for layer in layers
             if all(decide(t, known) is not (not held) for t, held in conditions(v.file, layer))]
    if not taken or len({v.call_name(layer) for layer in taken}) != 1:
        return False
    values = [_built_padding(v, function, layer, assume, passed) for layer in taken]
    if not all(isinstance(x, str) and x.upper() == "VALID" for x in values):
        return False
    if any(_channels_first(v.file.literal(keyword_value(layer, "data_format"))) for layer in taken):
        return False
    return taken[0]


def _relayed_factory_conv(v: SourceVisitor, function: ast.AST, construction: ast.Call, depth: int) \
        -> ast.Call | None:
    """`_factory_conv` of a factory whose returns each call one factory of this file: the inner factory's
    conv for the call each return makes, its arguments read with the values `construction` gives the outer
    factory's parameters (a parameter handed on as is; a `*`/`**` spread or a parameter not known: not known).
    None when a return is anything else or the conv is not (known to be) VALID on a return the call may take:
    the caller then reads the factory as before (its VALID_LAYER fact)."""
    returns = v.file.returns_of(function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else []
    if not returns or not all(isinstance(r.value, ast.Call) for r in returns):
        return None
    inners = [_own_factory(v, r.value) for r in returns]
    if any(inner is None or inner is function for inner in inners):
        return None
    given = _call_assumptions(v, function, construction)
    if given is None:
        return None
    known = list(given[0])
    values = {ast.dump(test.left): test.comparators[0].value for test, _ in given[0]
              if type(test.left) is ast.Name and type(test.comparators[0]) is ast.Constant}
    parameters = parameter_names(function)
    made = []
    for node, inner in zip(returns, inners):
        if any(decide(t, known) is (not held) for t, held in conditions(v.file, node)):
            continue  # (a return this call does not take)
        relayed = _relayed_call(node.value, parameters, values)
        result = _factory_conv(v, inner, relayed, depth + 1) if relayed is not None else None
        if not isinstance(result, ast.Call):
            return None  # (not a VALID conv here: left to what the project's facts say, as before)
        made.append(result)
    if not made or len({v.call_name(layer) for layer in made}) != 1:
        return None
    return made[0]


def _relayed_call(call: ast.Call, parameters: set, values: dict) -> ast.Call | None:
    """`call` with each argument that is a parameter of its function replaced by the literal the outer call
    gives it (`values`, by the parameter's dumped name; one not known stays a parameter, not literal); None
    when it spreads arguments (their positions are not known)."""
    def given(arg: ast.expr) -> ast.expr | None:
        if type(arg) is ast.Starred:
            return None
        if type(arg) is ast.Name and arg.id in parameters and ast.dump(arg) in values:
            return ast.Constant(values[ast.dump(arg)])
        return arg
    args = [given(a) for a in call.args]
    keywords = [ast.keyword(k.arg, given(k.value)) if k.arg is not None else None for k in call.keywords]
    if None in args or None in keywords or any(k.value is None for k in keywords):
        return None
    return ast.Call(call.func, args, keywords)


def _own_factory(v: SourceVisitor, construction: ast.AST) -> ast.AST | None:
    """The function of this file a call names (`conv_block(...)`, `self._conv(...)`), or None."""
    if not isinstance(construction, ast.Call) or not isinstance(construction.func, (ast.Name, ast.Attribute)):
        return None
    qualname = v.file.def_of(construction.func)
    function = v.file.defs.get(qualname) if qualname is not None else None
    return function if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def _report_factory_pad(v: PadBeforeValidConvSource, pad: _SourcePad, stmt, function: ast.AST,
                        layer: ast.Call) -> None:
    name = v.call_name(layer)
    spec = consumer_layer(name)
    for option in (pad, *pad.alternatives):
        if stmt is not None and not _compatible_paths(v, option, stmt):
            continue
        pads = _spatial_pads(option, _axes(spec.rank, False), spec.rank) if option.full is not None else option.pads
        if pads is False or pads is not None and len(pads) != spec.rank or \
                pads is None and option.rank not in (None, spec.rank):
            continue
        if pads is not None and not any(any(pair) for pair in pads):
            continue
        option = replace(option, pads=pads)
        builder = v.file.qualnames.get(function, "").rpartition(".")[2]
        _report_advice(v, option, name.rsplit(".", 1)[1], spec.kind, _input_non_negative(v, option),
                       builder=(f"{builder}()", f"line {layer.lineno}"))
