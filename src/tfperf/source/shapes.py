"""Tensor shapes where the source states them, within one function.

A rule asks `file.shapes.of(expr)` and gets a `Shape` or None. The facts come from the code only:
literal shapes (`tf.zeros([8, 128])`, `tf.reshape(x, [-1, 1])`, placeholders, `keras.Input`),
`tf.expand_dims`, `x[..., None]` and slices of width 1, reductions (`keepdims=True` keeps the axes
as 1s, without it they go; no axis: a scalar), pieces of `tf.split` unpacked into names,
`tf.one_hot` depth, `tf.nn.top_k` k, transposes, elementwise ops, which broadcast, matmuls (`@`),
`tf.tile` (one multiple per axis), diagonal matrices (`tf.linalg.diag`, `set_diag`, `tf.eye`),
`tf.squeeze` of given axes, `tf.concat` (the stated sizes added along its axis), a convolution in a
channels-last format (its filters' last axis, or a Conv layer's `filters`, as channels: one filter
for `tf.nn.conv1d(x, k[:, None, None])`), draws (`tf.random.categorical(logits, n)`: `[batch, n]`),
and a count (`tf.ones(n)` of a scalar `n`: 1-D); Keras 3's
`keras.ops` equivalents (split, reductions, transpose, elementwise) read the same way, and the Keras backend's
elementwise ops and reductions (`K.sum(x, axis=-1, keepdims=True)`). What a layer's
own code states: a weight's `shape=` (`self.add_weight`, `tf.Variable`, `get_variable`; a variable's initial
value, also a NumPy or Keras backend array: `tf.Variable(np.zeros((1, n)))`), `K.dot` and
`tf.tensordot` of the last axis with a weight's first (or the axis `axes=[-1, k]` names), `K.batch_dot(x, x,
axes=1)` of 2-D tensors (`[batch, 1]`), `tf.sequence_mask` (lengths' shape + maxlen),
a `Dense(units)` or `Permute(dims)` applied to a tensor, `tf.nn.bias_add`. Names are followed to
their assignment in the same function, `self.<attr>` to every assignment of it in the class (the
shapes they agree on; unknown when it is also stored another way: a tuple target, `+=`), `self.<attr>[k]`
to the items the class stores in that container (`[k] =`, `.append`; unknown after `.extend`...), `x[i]` to a list literal's element or a tensor's row, a project layer applied to a
tensor to what its class's `call` returns, or else its `compute_output_shape` declares (`LAYER_OUTPUT`), a lambda
or a function of the file applied to tensors to what its body or every return states (its parameters
the shapes the call passes, or their defaults': `l2_norm(v)` keeps v's); a parameter has the shape every call of its
function passes where they agree (`_from_callers`: exact for a function only its file calls, the rank and "maybe 1"
sizes for a public one only its module calls); the result of an unknown call, or a parameter whose calls are not all
known, has an unknown shape, except in `documented` inference, where a parameter has the rank its
function's docstring states (`tfperf.source.docstrings`; with the sizes its shape gives in numbers), and
the names a layer's `call` unpacks its input into have the shapes its class docstring lists for them:
the author's word, not the code's, so only an info rule may rest on it.

`is_weight(expr)`: whether an expression holds a variable the code creates (through names, layer
attributes and their containers; also one a framework layer the code makes documents, `Dense(8)` ...
`.kernel`): a tensor without a batch axis. `weights_only(expr)`: a weight, or
a tensor computed from weights and settings alone (no batch reaches it either); a setting is also a tensor
built of constants only (`constant(expr, settings=True)`: literals, NumPy and framework ops of them, layer
attributes and what methods and functions of the file return made of them; with `settings`, the parameters of a
layer's `__init__` and `build`, so an index table made in `build` from the window size).

A dimension is an int, None (unknown), `MAYBE1`: unknown, but likely 1 (a piece of a split
into N > 2 names along that axis is 1 wide when the axis had N entries, as a [.., 4] box tensor split
into its coordinates; a split in two is the halves idiom, GLU's or gMLP's gating, so its pieces stay
unknown; a size one of the assignments that may reach a name's read states, and another
does not), or `ELEMENTS`: unknown, but the element count of a tensor (`tf.size(x)` in
a reshape's shape), as large as a whole activation. A rule whose verdict hinges on a `MAYBE1`
says so and lowers its severity. A list of tensors (`tf.stack([a, b])`, `tf.transpose([a, b])`)
has one entry per element along its new axis.

When the rank is unknown, a shape still knows dimensions counted from either end
(`tf.expand_dims(x, -1)` ends in 1 whatever x's rank).
"""

from __future__ import annotations

import ast
import re
from functools import partial
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from tfperf.source.arguments import argument as _arg
from tfperf.source.arguments import parameter_annotation, parameter_defaults, parameter_names, positional_names
from tfperf.source.batchfree import batch_free as no_activation, static_shape
from tfperf.source.batchfree import open_parameters
from tfperf.source.classes import derives
from tfperf.source.context import CALLED_BY, REFERRED_BY, STEP_BASE, WEIGHT_CALL, tokens
from tfperf.source.docstrings import documented_dims, documented_ranks, listed_inputs
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.scopes import SCOPES, comprehension_iter, returned_values
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

# summary fact: a project layer class -> (rank, ((axis, size), ...)): what its `call` returns, where
# the source states it (exported by the rules that read shapes, `export_layer_outputs`)
LAYER_OUTPUT = "layerout"
MAYBE1 = "1?"
ELEMENTS = "N"  # the element count of some tensor (tf.size): unknown, and as large as that tensor
MAX_DEPTH = 12

_CREATORS = {"tensorflow.zeros": 0, "tensorflow.ones": 0, "tensorflow.random.normal": 0,
             "tensorflow.random.uniform": 0, "tensorflow.random.truncated_normal": 0,
             "tensorflow.random.stateless_normal": 0, "tensorflow.random.stateless_uniform": 0,
             "tensorflow.random_normal": 0, "tensorflow.truncated_normal": 0, "tensorflow.random_uniform": 0,
             "tensorflow.placeholder": 1, "tensorflow.get_variable": 1, "tensorflow.fill": 0,
             # (NumPy's and the Keras backend's: a weight's initial value, `tf.Variable(np.zeros((1, n)))`)
             "numpy.zeros": 0, "numpy.ones": 0, "numpy.empty": 0, "numpy.full": 0, "keras.backend.zeros": 0,
             "keras.backend.ones": 0, "keras.backend.random_normal": 0, "keras.backend.random_uniform": 0}
# TensorFlow's reductions (their first argument is `input_tensor`, then `axis`)
TF_REDUCTIONS = frozenset(f"tensorflow.{m}reduce_{op}" for m in ("", "math.") for op in
                          ("sum", "mean", "max", "min", "prod", "any", "all", "logsumexp", "std", "variance"))
_ELEMENTWISE = {f"tensorflow.{m}{op}" for m in ("", "math.", "nn.") for op in (
    "maximum", "minimum", "add", "subtract", "multiply", "divide", "truediv", "realdiv", "floordiv", "mod",
    "pow", "abs", "negative", "exp", "log", "log1p", "sqrt", "rsqrt", "square", "sigmoid", "tanh", "relu",
    "relu6", "softplus", "sign", "floor", "ceil", "round", "equal", "not_equal", "less", "less_equal",
    "greater", "greater_equal", "logical_and", "logical_or", "logical_not", "logical_xor", "where",
    "squared_difference", "divide_no_nan", "cast", "stop_gradient", "identity", "clip_by_value", "zeros_like",
    "ones_like", "log_softmax", "softmax", "sin", "cos", "reciprocal")}
# Keras 3's ops: the same shapes as their tf equivalents (its first argument is `x`)
_KERAS_REDUCTIONS = {f"keras.ops.{op}" for op in
                     ("sum", "mean", "max", "min", "prod", "any", "all", "logsumexp", "std", "var", "amax", "amin")}
_KERAS_ELEMENTWISE = {f"keras.ops.{op}" for op in (
    "maximum", "minimum", "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "mod", "power",
    "abs", "absolute", "negative", "exp", "log", "log1p", "sqrt", "rsqrt", "square", "sigmoid", "tanh", "relu",
    "relu6", "softplus", "sign", "floor", "ceil", "round", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_not", "logical_xor", "where", "cast", "stop_gradient",
    "zeros_like", "ones_like", "log_softmax", "softmax", "sin", "cos", "reciprocal", "clip")}
_REDUCTIONS = TF_REDUCTIONS | _KERAS_REDUCTIONS
_ELEMENTWISE |= _KERAS_ELEMENTWISE
ELEMENTWISE = frozenset(_ELEMENTWISE)  # (ops whose output has their inputs' broadcast shape, for rules)
# the Keras backend's (`K.square(x)`, `K.sum(x, axis=1, keepdims=True)`): the same shapes, read here only
_ELEMENTWISE |= {f"keras.backend.{op}" for op in (
    "maximum", "minimum", "pow", "abs", "exp", "log", "sqrt", "square", "sigmoid", "hard_sigmoid", "tanh", "relu",
    "elu", "softplus", "softsign", "sign", "round", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "cast", "stop_gradient", "identity", "clip", "zeros_like", "ones_like", "softmax", "sin", "cos")}
_REDUCTIONS |= {f"keras.backend.{op}" for op in ("sum", "mean", "max", "min", "prod", "any", "all", "logsumexp",
                                                 "std", "var")}
# calls that give their tensor the shape of a list they are handed, by (position, keyword) of it (for rules)
RESHAPE_SHAPES = {"tensorflow.reshape": (1, "shape"), "keras.ops.reshape": (1, "newshape"),
                  "keras.backend.reshape": (1, "shape"),
                  # (a check that returns its tensor of the shape it asserts: TensorFlow's, lingvo's)
                  "tensorflow.ensure_shape": (1, "shape"), "lingvo.core.py_utils.HasShape": (1, "expected_shape")}
# calls that make a tensor of the shape they are given (their first argument): its k-th element is axis k's size
SHAPED = {"tensorflow.zeros", "tensorflow.ones", "tensorflow.random.normal", "tensorflow.random.uniform",
          "tensorflow.random.truncated_normal", "tensorflow.random_normal", "tensorflow.truncated_normal",
          "tensorflow.random_uniform", "keras.backend.zeros", "keras.backend.ones", "keras.backend.random_normal",
          "keras.backend.random_uniform", "keras.ops.zeros", "keras.ops.ones", "keras.random.normal",
          "keras.random.uniform"}
_TRANSPOSES = {"tensorflow.transpose", "keras.ops.transpose"}
_RESHAPES = {"tensorflow.reshape", "keras.ops.reshape", "keras.backend.reshape"}
_EXPAND_DIMS = {"tensorflow.expand_dims", "keras.backend.expand_dims", "keras.ops.expand_dims"}
_SPLIT = {"tensorflow.split", "keras.ops.split"}
STACKS = {"tensorflow.stack", "keras.ops.stack", "keras.backend.stack"}
_SIZES = {"tensorflow.size", "tensorflow.math.size", "keras.ops.size"}
MATMULS = {"tensorflow.matmul", "tensorflow.linalg.matmul", "keras.ops.matmul"}
_SAME_SHAPE = {"tensorflow.convert_to_tensor", "tensorflow.math.l2_normalize", "tensorflow.nn.l2_normalize",
               "keras.ops.convert_to_tensor"}
_DIAGONALS = {"tensorflow.linalg.diag": 1, "tensorflow.linalg.tensor_diag": 2}  # output rank: input rank + 1 / x 2
_MATMUL_FLAGS = ("transpose_a", "transpose_b", "adjoint_a", "adjoint_b")
_TILES = {"tensorflow.tile"}  # (keras.ops.tile, NumPy's, may take fewer repeats than axes)
_SQUEEZES = {"tensorflow.squeeze", "keras.ops.squeeze"}
_CONCATS = {"tensorflow.concat", "keras.ops.concatenate"}
_SAME_SHAPE |= {"tensorflow.nn.bias_add", "keras.backend.l2_normalize", "keras.backend.bias_add"}
# a Keras layer's (or tf.Module's) new variable, by its `shape=`: methods of whatever object makes it
# (a layer's variables; an optimizer's slot variables, shaped like the variable they are kept for: `get_slot(var,
# "m")`, `add_slot(var, "m")`, the documented optimizer API)
_WEIGHT_METHODS = {"add_weight", "add_variable", "get_slot", "add_slot"}
# gathers from a table, by the table's keyword (first positional): its rows picked by the index
_GATHERS = {"tensorflow.gather": "params", "tensorflow.nn.embedding_lookup": "params", "keras.ops.take": "x",
            "tensorflow.experimental.numpy.take": "a"}
_VARIABLES = {"tensorflow.Variable", "tensorflow.get_variable"}  # (tf.compat.v1 names are canonical ones)
# the framework classes a project class of variables derives from (`class Parameter(tfp.util.TransformedVariable)`):
# an instance the code makes is a variable, a weight (`self.q_mu = Parameter(q_mu)` of a tf.Module)
_VARIABLE_BASES = {"tensorflow.Variable", "tensorflow_probability.util.TransformedVariable",
                   "tensorflow_probability.util.DeferredTensor"}
# the lists of variables a Keras layer or model (and a tf.Module: `trainable_variables`) keeps, by their documented
# names, which say nothing else: `layer.trainable_weights[0]`, `self.dense.trainable_variables` (not `weights`, which
# also names sample weights)
_WEIGHT_LISTS = {"trainable_weights", "non_trainable_weights", "trainable_variables", "non_trainable_variables"}
# Keras's `Wrapper` keeps the layer it wraps as `self.layer`; the variables Keras's layers document, by name, which
# that layer's attribute of such a name is (`self.layer.kernel` in a spectral-normalisation wrapper)
_WRAPPERS = {"keras.layers.Wrapper"}
_WRAPPED_WEIGHTS = {"kernel", "bias", "embeddings", "depthwise_kernel", "pointwise_kernel", "recurrent_kernel",
                    "gamma", "beta", "moving_mean", "moving_variance"}
# the attributes of a layer object (`_layer_object`: a held layer, `model.layers[i]`) that hold its variables: the
# names Keras's layers document, their lists, and `weight` / `weights` (a port's `self.in_proj.weight[0]`, Keras's
# list of a layer's variables: on a layer object, not a sample weight)
_LAYER_VARIABLES = frozenset({*_WRAPPED_WEIGHTS, *_WEIGHT_LISTS, "weight", "weights", "variables"})
_DENSE = {"keras.layers.Dense"}  # its output's last axis is its `units`
_FUNCTIONAL_DENSE = {"tensorflow.layers.dense"}  # tf.compat.v1.layers.dense(inputs, units): the same
# the variables a framework layer documents, by attribute: `layer.kernel` of a layer the code makes is a weight
_LAYER_WEIGHTS = {**{f"keras.layers.{kind}": ("kernel", "bias") for kind in ("Dense", "Conv1D", "Conv2D", "Conv3D")},
                  # (Keras's transposed, depthwise and separable convolutions name their variables so: keras.src.layers)
                  **{f"keras.layers.Conv{n}DTranspose": ("kernel", "bias") for n in (1, 2, 3)},
                  **{f"keras.layers.DepthwiseConv{n}D": ("depthwise_kernel", "bias") for n in (1, 2)},
                  **{f"keras.layers.SeparableConv{n}D": ("depthwise_kernel", "pointwise_kernel", "bias") for n in (1, 2)},
                  "keras.layers.Embedding": ("embeddings",), "sonnet.nets.VectorQuantizer": ("embeddings",),
                  "sonnet.Linear": ("w", "b"), "sonnet.Embed": ("embeddings",)}
# a convolution's output has the input's batch and rank, and as many channels (last, in the channels-last
# formats) as it has filters: the filters' last axis for an op (its rank the op's), `filters` for a layer
_CONV_OPS = {"tensorflow.nn.conv1d": 3, "tensorflow.nn.conv2d": 4, "tensorflow.nn.conv3d": 5,
             "tensorflow.nn.convolution": None, "keras.backend.conv1d": 3, "keras.backend.conv2d": 4,
             "keras.backend.conv3d": 5}
_CONV_LAYERS = {"keras.layers.Conv1D": 3, "keras.layers.Conv2D": 4, "keras.layers.Conv3D": 5}
_CHANNELS_LAST = {None, "NWC", "NHWC", "NDHWC", "channels_last"}
_DRAWS = {"tensorflow.random.categorical", "tensorflow.multinomial"}  # [batch, num_samples] of 2-D logits
_PERMUTE = {"keras.layers.Permute"}
_RESHAPE_LAYERS = {"keras.layers.Reshape"}  # [batch, *target_shape]
_NEW_AXES = {"tensorflow.newaxis", "numpy.newaxis"}
# a global pooling layer with `keepdims=True` keeps its spatial axes at size 1: [B, 1, 1, C] channels last
_GLOBAL_POOLS = {f"keras.layers.Global{kind}Pool{long}{n}D": n for kind in ("Average", "Max", "Avg")
                 for long in ("", "ing") for n in (1, 2, 3)}
_LAYERS_READ = _DENSE | _PERMUTE | _RESHAPE_LAYERS | set(_CONV_LAYERS) | set(_GLOBAL_POOLS)  # the layers whose output `_layer` reads
_DOTS = {"keras.backend.dot"}  # the last axis of x with the first of a 2-D y (a matmul for 2-D x)
_TENSORDOTS = {"tensorflow.tensordot", "tensorflow.linalg.tensordot", "keras.ops.tensordot"}
_BATCH_DOTS = {"keras.backend.batch_dot"}  # row by row dot products: [batch, 1] of two 2-D tensors
_SEQUENCE_MASKS = {"tensorflow.sequence_mask"}  # lengths' shape + [maxlen]
_EMPTY_CONTAINERS = {"list", "dict"}
# Keras layers whose output has their input's shape (activations, normalizations, dropout and noise): applied to
# a tensor, the shape passes through (`self.gate = Activation("sigmoid")` ... `self.gate(y)`)
_KEPT_SHAPE_LAYERS = {f"keras.layers.{kind}" for kind in (
    "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "ThresholdedReLU", "Softmax", "BatchNormalization",
    "LayerNormalization", "GroupNormalization", "UnitNormalization", "Dropout", "SpatialDropout1D",
    "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "ActivityRegularization", "Identity")}
# summary fact: a project function -> "layer" (each return makes such a layer: `def act(): return ReLU()`) or
# "maker" (each return is a lambda making one, or the class: timm's `act_layer_factory(name)`, then
# `gate_layer = act_layer_factory(name); self.gate = gate_layer()`)
KEPT_SHAPE_MAKER = "keptshape"
# layout ops: their output holds their data argument's elements (or, resized, its batch and channels; scattered into,
# its shape), the other arguments are sizes, axes, a perm, a dtype or what is scattered, which bring no batch factor:
# (position, keyword) of the data
LAYOUT_DATA = {"tensorflow.reshape": (0, "tensor"), "keras.ops.reshape": (0, "x"), "tensorflow.transpose": (0, "a"),
               "keras.ops.transpose": (0, "x"), "tensorflow.expand_dims": (0, "input"),
               "keras.ops.expand_dims": (0, "x"), "tensorflow.squeeze": (0, "input"), "keras.ops.squeeze": (0, "x"),
               "tensorflow.cast": (0, "x"), "keras.ops.cast": (0, "x"), "tensorflow.identity": (0, "input"),
               "tensorflow.image.resize": (0, "images"),
               # (a scatter into a tensor: its output has that tensor's shape, whatever the updates hold: a codebook
               # whose dead codes are replaced by rows of the batch is a codebook's size, no batch factor)
               **{f"tensorflow.tensor_scatter_nd_{op}": (0, "tensor") for op in ("update", "add", "sub", "max", "min")},
               "keras.ops.scatter_update": (0, "inputs")}
# summary fact: a module-level function -> ((position or -1, name), ...): the parameters whose values may reach
# what it returns other than as a layout op's size or dtype (`interpolate(pos_embed, tgt_grid_size)` returns a
# resize of `pos_embed` to that size: only pos_embed); not exported when the body hides it (*args, **kwargs)
DATA_PARAMETERS = "dataparams"
# a variable's methods that assign into it, and TF1's ops (Keras 2's `K.update*`) that assign into their first argument
_ASSIGNS = {"assign", "assign_add", "assign_sub", "scatter_update", "scatter_nd_update"}
_ASSIGN_OPS = {"tensorflow.assign", "tensorflow.assign_add", "tensorflow.assign_sub",
               "keras.backend.update", "keras.backend.update_add", "keras.backend.update_sub"}
# summary fact: a module-level function -> the positions of its parameters it assigns into (`def assign(ref, value):
# return ref.assign(value)`): what its calls pass there is a variable
ASSIGNED_PARAMETERS = "assignsparam"
SETTING = "s"  # (deps of a `WEIGHT_CALL` argument that is a setting or a constant: no batch, no weight)
# (the same, read of an attribute only the constructor or build() of a class that is no Keras class sets: a setting to
# the weight convention's helpers, but a TF1 class's constructor may take the batch's tensors, so no proof of a table
# of settings alone, `passed.weights_passed(strict=True)`)
SETTING_HELD = "s?"
# (an argument that is none of those: data of the step, or a value not known here; kept so that a parameter the call
# does pass is not read as one it leaves out for its default, `passed.weights_passed`)
ACTIVATION = "a"
# summary fact: a project function -> ((position, name, omittable), ...): the parameters that decide whether what it
# moves is computed only from weights (a transpose TFP101 reports there; a helper's caller that hands them on)
WEIGHT_HELPER = "weighthelper"
# summary fact: a module-level function whose every return is a table of sizes and constants when its parameters
# are (`compute_positional_bias(qlen, klen)`: relative-position buckets of two lengths), for `sized_only` elsewhere
SIZED_RETURN = "sizedreturn"
# summary fact: a weight helper (`WEIGHT_HELPER`) -> a dispatcher it is registered on (`dispatchers`): the dispatcher's
# calls (`WEIGHT_CALL` of its name) are its calls too
DISPATCHED_ON = "dispatchedon"
KERAS_CLASS = "kerasclass"  # summary fact: a project class that derives from a Keras class (through project classes)
VARIABLE_CLASS = "variableclass"  # summary fact: a project class that derives from a variable class (`_VARIABLE_BASES`)
# summary fact: project class -> an attribute every `self.<attr> = ...` of which in the class is a weight (`self.W =
# Parameter(W)`): read through a parameter annotated with the class (`kernel: Coregion` ... `kernel.W`), a weight
# summary fact: a project class that derives from lingvo's `BaseLayer` (through project classes), whose methods take
# the layer's variables as `theta` (`FProp(self, theta, inputs)`: lingvo's documented API)
THETA_LAYER = "thetalayer"
_THETA_BASES = {"lingvo.core.base_layer.BaseLayer"}
WEIGHT_ATTRIBUTE = "weightattr"
_BASE_HOPS = 6  # project bases followed up from an annotated class to the one that stores the attribute
_METADATA = {"dtype", "name"}  # attributes that read no values of a tensor
_MUTATORS = {"extend", "insert", "update", "setdefault", "__setitem__", "__iadd__"}  # (besides append)


class Shape:
    """What is known of a tensor's shape: its rank (or None) and dimensions by index (negative
    indices count from the end when the rank is unknown)."""

    __slots__ = ("rank", "known")

    def __init__(self, rank: int | None, known: dict[int, Any]):
        self.rank = rank
        if rank is not None:
            known = {(i + rank if i < 0 else i): d for i, d in known.items() if -rank <= i < rank}
        self.known = {i: d for i, d in known.items() if d is not None}

    @classmethod
    def of(cls, dims: Iterable[Any]) -> "Shape":
        dims = list(dims)
        return cls(len(dims), dict(enumerate(dims)))

    def dims(self, rank: int | None = None) -> tuple | None:
        """Every dimension for a tensor of `rank` (the shape's own rank if it has one); None when
        the ranks disagree or neither is known."""
        if self.rank is not None and rank is not None and rank != self.rank:
            return None
        r = self.rank if self.rank is not None else rank
        if r is None:
            return None
        return tuple(self.known.get(i, self.known.get(i - r)) for i in range(r))

    def at(self, axis: int) -> Any:
        if self.rank is not None and axis < 0:
            axis += self.rank
        return self.known.get(axis)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Shape(rank={self.rank}, {self.known})"


def text(dims: Iterable[Any]) -> str:
    """`[B, 8, 1]` style: unknown dims as `?`."""
    return "[" + ", ".join("?" if d is None or d == ELEMENTS else str(d) for d in dims) + "]"


class ShapeInference:
    """Shapes of one file's expressions (memoised per node)."""

    def __init__(self, file: "FileContext", documented: bool = False):
        self.file = file
        self.documented = documented  # parameters have the rank their function's docstring states
        self._memo: dict[int, Shape | None] = {}
        self._containers: dict[ast.ClassDef, tuple] = {}  # `_class_stores` by class
        self._constants: dict[tuple, bool] = {}  # `constant` of layer attributes, by (class, attr, settings, size),
        # and of the nodes it is asked of, by (node, init, settings, "constant")
        self._aug_assigns: dict[ast.AST, dict[tuple, ast.AugAssign]] = {}  # scope -> (name, end) -> `name op= value`
        self._weight_parameters: dict[tuple, Any] = {}  # `_passed_weights`, `_assigned_item`, `_self_reads`
        # `weight_parameters`: (function, names taken as weights, [whether a weight itself is an input])
        self._free: tuple[ast.AST, set[str], list[bool], list] | None = None
        self._given: tuple[ast.AST, dict[str, Shape | None]] | None = None  # `_applied`: (function, parameter shapes)
        self._callers: dict[tuple, Shape | None] = {}  # `_from_callers`: (function, parameter) -> shape

    def of(self, expr: ast.AST | None, depth: int = 0) -> Shape | None:
        if expr is None or depth > MAX_DEPTH:
            return None
        key = id(expr)
        if key not in self._memo:
            self._memo[key] = None  # a cycle through a loop ends here
            self._memo[key] = self._infer(expr, depth + 1)
        return self._memo[key]

    def of_rank(self, expr: ast.AST | None, rank: int) -> Shape | None:
        """`of(expr)` for a tensor the code says has `rank` axes (a transpose's perm): a rank-2 matmul's
        operands are matrices themselves (a matmul's result has its operands' largest rank, each at least 2),
        so the axes a subscript states count from the front and from the end alike (`H @ h[:, None]`, the
        transpose of an [n, 1] column: its last axis is the `None`'s)."""
        shape = self.of(expr)
        if rank != 2 or shape is not None and shape.rank is not None:
            return shape
        value = self.file.value_of(expr, depth=1) if isinstance(expr, ast.Name) else expr
        if isinstance(value, ast.Call) and self.file.qualified(value.func) in _BATCH_DOTS:
            return self._batch_dot(value, 0, rank) or shape
        operands = self._matmul_operands(expr)
        if operands is None:
            return shape
        a, b = (self.of(o) or Shape(None, {}) for o in operands)
        product = matmul(Shape.of(a.dims(2) or (None, None)), Shape.of(b.dims(2) or (None, None)))
        return product if product is not None and any(d is not None for d in product.dims()) else shape

    def _matmul_operands(self, expr: ast.AST | None, depth: int = 0) -> tuple[ast.AST, ast.AST] | None:
        """(a, b) of `a @ b` or a flagless `tf.matmul(a, b)`, also through a name bound to one."""
        if isinstance(expr, ast.Name) and depth < 2:
            value = self.file.value_of(expr, depth=1)
            return self._matmul_operands(value, depth + 1) if value is not expr else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.MatMult):
            return expr.left, expr.right
        if isinstance(expr, ast.Call) and self.file.qualified(expr.func) in MATMULS and not any(
                k.arg in _MATMUL_FLAGS for k in expr.keywords):
            a, b = _arg(expr, 0, "a") or _arg(expr, None, "x1"), _arg(expr, 1, "b") or _arg(expr, None, "x2")
            return (a, b) if a is not None and b is not None else None
        return None

    def _infer(self, expr: ast.AST, depth: int) -> Shape | None:
        if isinstance(expr, ast.Name):
            return self._name(expr, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, depth)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, depth)
        if isinstance(expr, ast.Attribute) and _is_self_attribute(expr):
            return _agreed([self.of(v, depth) for v in self._attribute_values(expr)])
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.MatMult):
            return matmul(self.of(expr.left, depth), self.of(expr.right, depth))
        if isinstance(expr, ast.BinOp):
            return broadcast(self.of(expr.left, depth), self.of(expr.right, depth), expr.left, expr.right)
        if isinstance(expr, ast.UnaryOp):
            return self.of(expr.operand, depth)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)):
            return Shape(0, {})
        if isinstance(expr, (ast.List, ast.Tuple)):
            return self._stacked(expr.elts, 0, depth)
        return None

    def _stacked(self, elements: list[ast.expr], axis: int, depth: int) -> Shape | None:
        """A list of tensors packed along a new `axis` (a list literal converted to a tensor packs
        along 0): one entry per element there, the elements' own dimensions around it."""
        if not elements or any(isinstance(e, ast.Starred) for e in elements):
            return None
        piece = self.of(elements[0], depth) or Shape(None, {})
        if piece.rank is not None:
            dims = list(piece.dims())
            position = axis if axis >= 0 else len(dims) + 1 + axis
            if not 0 <= position <= len(dims):
                return None
            dims.insert(position, len(elements))
            return Shape.of(dims)
        if axis >= 0:
            return Shape(None, {**{i: d for i, d in piece.known.items() if 0 <= i < axis}, axis: len(elements)})
        return Shape(None, {**{i: d for i, d in piece.known.items() if i > axis}, axis: len(elements)})

    def _name(self, name: ast.Name, depth: int) -> Shape | None:
        """What the assignments that may reach the read agree on (`if rank == 3: x = tf.expand_dims(x, 3)`
        then `x`: the parameter, or the expanded tensor; either's shape alone would be a guess), `_joined`."""
        file = self.file
        several = len(file.scope_index(file.scope_of(name)).bindings.get(name.id, ())) > 1
        reaching = _past_if_else(file, file.reaching_bindings(name)) if several else ()
        if len(reaching) > 1:
            return _joined([self._bound(name, bound, depth) for bound in reaching])
        return self._bound(name, reaching[0] if reaching else self.file.binding(name), depth)

    def _bound(self, name: ast.Name, bound, depth: int) -> Shape | None:
        if bound is None:
            return None
        if bound.value is not None:
            return self.of(bound.value, depth)
        stmt = bound.stmt
        if stmt is None:  # a parameter
            given = self._given
            if given is not None and name.id in given[1] and parameter_owner(self.file, name) is given[0]:
                return given[1][name.id]
            passed = self._from_callers(name, depth)
            if passed is not None:
                return passed
            return self._documented_parameter(name) if self.documented else None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], (ast.Tuple, ast.List)):
            return self._unpacked(stmt, name.id, depth)
        return None

    def _from_callers(self, name: ast.Name, depth: int) -> Shape | None:
        """A parameter's shape from what every call of its function passes (`_caller_calls`), where they agree
        (`_agreed`: one call passing an unknown shape leaves it unknown). A function only the file calls (nested,
        private, a private method) gets the sizes the calls state; a public module function the project calls
        only from its own module still may be called by users of the package, so of what its calls agree on it
        keeps the rank and a size 1 only as `MAYBE1` (a rule whose verdict hinges on it says so, as info)."""
        function = parameter_owner(self.file, name)
        if function is None:
            return None
        key = (function, name.id)
        memo = self._callers
        if key not in memo:
            memo[key] = None  # (a recursive call passing the parameter on ends here)
            memo[key] = self._caller_shape(function, name.id, depth)
        return memo[key]

    def _caller_shape(self, function: ast.FunctionDef | ast.AsyncFunctionDef, name: str, depth: int) -> Shape | None:
        found = _caller_calls(self.file, function)
        if found is None:
            return None
        calls, exact = found
        names = [a.arg for a in function.args.args]
        if isinstance(self.file.scope_of(function), ast.ClassDef):
            names = names[1:]  # (`self._m(x)`: x is the second)
        if name not in names and name not in {a.arg for a in function.args.kwonlyargs}:
            return None
        default = parameter_defaults(function).get(name)
        position = names.index(name) if name in names else None
        shapes = []
        for call in calls:
            value = call.args[position] if position is not None and position < len(call.args) else next(
                (k.value for k in call.keywords if k.arg == name), default)
            shapes.append(self.of(value, depth) if value is not None else None)
        agreed = _agreed_sizes(shapes)
        if agreed is None or exact:
            return agreed
        kept = {i: MAYBE1 for i, d in agreed.known.items() if d == 1 or d == MAYBE1}
        return Shape(agreed.rank, kept) if agreed.rank is not None or kept else None

    def _documented_parameter(self, name: ast.Name) -> Shape | None:
        function = parameter_owner(self.file, name)
        rank = documented_ranks(function).get(name.id) if function is not None else None
        dims = documented_dims(function).get(name.id) if rank is not None else None
        return None if rank is None else Shape.of(dims) if dims else Shape(rank, {})

    def documented_parameters(self, expr: ast.AST | None, depth: int = 0) -> list[tuple[str, str]]:
        """(function, parameter) of each parameter with a documented rank that `expr` reads, also
        through the names it reads: where a `documented` shape's rank came from."""
        found = []
        for node in ast.walk(expr) if expr is not None and depth <= MAX_DEPTH else ():
            read = isinstance(node, ast.Name) and not isinstance(self.file.parent(node), ast.Attribute)
            bound = self.file.binding(node) if read else None  # `y_pred.dtype` reads no values
            if bound is not None and bound.value is not None:
                found += [f for f in self.documented_parameters(bound.value, depth + 1) if f not in found]
            elif bound is not None and bound.stmt is None and self._documented_parameter(node) is not None:
                pair = (parameter_owner(self.file, node).name, node.id)
                found += [pair] if pair not in found else []
        return found

    def _unpacked(self, stmt: ast.Assign, name: str, depth: int) -> Shape | None:
        """`a, b, c, d = tf.split(boxes, 4, axis=2)`: each piece; `values, indices = tf.nn.top_k(x, k)`."""
        targets = stmt.targets[0].elts
        index = next((i for i, t in enumerate(targets) if isinstance(t, ast.Name) and t.id == name), None)
        call = stmt.value
        if index is not None and self.documented and isinstance(call, ast.Name):
            return self._listed_input(call, index, len(targets))
        if index is None or not isinstance(call, ast.Call):
            return None
        qualified = self.file.qualified(call.func)
        if qualified in _SPLIT:
            return self._split_piece(call, len(targets), depth, index)
        if qualified in ("tensorflow.nn.top_k", "tensorflow.math.top_k") and index < 2:
            return self._top_k(call, depth)
        return None

    def _listed_input(self, inputs: ast.Name, index: int, count: int) -> Shape | None:
        """A layer's `call` input unpacked into names (`seq_value, seq_len = inputs`), where the class's
        docstring lists as many input tensors, with the shape of each (`Input shape: a list of two tensors
        [seq_value, seq_len]; seq_len is a 2D tensor with shape (batch_size, 1)`): the author's word."""
        bound = self.file.binding(inputs)
        function = parameter_owner(self.file, inputs) if bound is not None and bound.stmt is None else None
        owner = self.file.parent(function) if function is not None else None
        if not (isinstance(owner, ast.ClassDef) and function.name == "call"):
            return None
        docstring = ast.get_docstring(owner, clean=True)
        listed = listed_inputs(docstring) if docstring else ()
        if len(listed) != count or listed[index][1] is None:
            return None
        return Shape.of(listed[index][1])

    def _split_piece(self, call: ast.Call, pieces: int, depth: int, index: int | None = None) -> Shape | None:
        """A piece of `tf.split(x, n, axis)` (1/n of the axis), or of `tf.split(x, [4, 4, -1], axis)` (the
        size listed for it; -1: the rest, unknown unless the axis' size is; Keras's list is of split points)."""
        value = _arg(call, 0, "value") or _arg(call, None, "x")
        splits = self.file.literal(_arg(call, 1, "num_or_size_splits") or _arg(call, None, "indices_or_sections"))
        axis = self.file.literal(_arg(call, 2, "axis")) if _arg(call, 2, "axis") is not None else 0
        sizes = splits if isinstance(splits, (list, tuple)) and len(splits) == pieces and \
            self.file.qualified(call.func) == "tensorflow.split" and all(type(n) is int for n in splits) else None
        if splits != pieces and (sizes is None or index is None) or not isinstance(axis, int):
            return None
        source = self.of(value, depth) or Shape(None, {})
        known = dict(source.known)
        whole = source.at(axis)
        key = axis if source.rank is None else (axis + source.rank if axis < 0 else axis)
        if sizes is not None:
            rest = whole - sum(n for n in sizes if n >= 0) if isinstance(whole, int) and sizes.count(-1) == 1 else None
            known[key] = sizes[index] if sizes[index] >= 0 else rest
        else:
            known[key] = (whole // pieces if isinstance(whole, int) and whole % pieces == 0 else
                          MAYBE1 if pieces > 2 else None)
        return Shape(source.rank, known)

    def _top_k(self, call: ast.Call, depth: int) -> Shape | None:
        k = self.file.literal(_arg(call, 1, "k"))
        source = self.of(_arg(call, 0, "input"), depth) or Shape(None, {})
        known = dict(source.known)
        known[-1 if source.rank is None else source.rank - 1] = k if isinstance(k, int) else None
        return Shape(source.rank, known)

    def _call(self, call: ast.Call, depth: int) -> Shape | None:
        name = self.file.qualified(call.func)
        if name is None:
            return self._unnamed_call(call, depth)
        if name in _CREATORS:
            return self._literal_shape(_arg(call, _CREATORS[name], "shape") or _arg(call, None, "dims"))
        if name == "tensorflow.Variable":
            return self.of(_arg(call, 0, "initial_value"), depth)
        if name == "keras.backend.variable":
            return self.of(_arg(call, 0, "value"), depth)
        if name == "keras.Input":
            inner = self._literal_shape(_arg(call, 0, "shape"))
            batch = self.file.literal(_arg(call, None, "batch_size"))
            if inner is None or inner.rank is None:
                return None
            return Shape.of([batch if isinstance(batch, int) else None, *inner.dims()])
        if name in _RESHAPES:
            return self._literal_shape(_arg(call, 1, "shape") or _arg(call, None, "newshape"), reshape=True)
        if name in _EXPAND_DIMS:
            return self._expand_dims(call, depth)
        if name == "keras.backend.batch_flatten":  # [batch, everything else]
            source = self.of(_arg(call, 0, "x"), depth)
            return Shape.of([source.known.get(0) if source is not None else None, None])
        if name in STACKS:
            values = _arg(call, 0, "values") or _arg(call, None, "x")
            axis = self.file.literal(_arg(call, 1, "axis")) if _arg(call, 1, "axis") is not None else 0
            if not isinstance(values, (ast.List, ast.Tuple)) or not isinstance(axis, int):
                return None
            return self._stacked(values.elts, axis, depth)
        if name in _REDUCTIONS:
            return self._reduction(call, depth)
        if name in _TRANSPOSES:
            return self._transpose(call, depth)
        if name in _DOTS or name in _TENSORDOTS:
            return self._dot(call, name, depth)
        if name in _BATCH_DOTS:
            return self._batch_dot(call, depth)
        if name in _FUNCTIONAL_DENSE:
            source, units = self.of(_arg(call, 0, "inputs"), depth), self.file.literal(_arg(call, 1, "units"))
            units = _size(units)
            return None if source is None else _appended(_without_last(source), units)
        if name in _CONV_OPS:
            return self._conv(call, _CONV_OPS[name], depth)
        if name in _DRAWS:
            logits = self.of(_arg(call, 0, "logits"), depth)
            rows = (logits.dims(2) or (None,))[0] if logits is not None else None
            return Shape.of([rows, _size(self.file.literal(_arg(call, 1, "num_samples")))])
        if name in _SEQUENCE_MASKS:
            lengths = self.of(_arg(call, 0, "lengths"), depth) or Shape(None, {})
            maxlen = self.file.literal(_arg(call, 1, "maxlen"))
            return _appended(lengths, maxlen if isinstance(maxlen, int) else None)
        if name in MATMULS:
            return matmul(self.of(_arg(call, 0, "a") or _arg(call, None, "x1"), depth),
                          self.of(_arg(call, 1, "b") or _arg(call, None, "x2"), depth),
                          *(self.file.literal(_arg(call, None, flag)) is True for flag in _MATMUL_FLAGS),
                          ranked=name != "keras.ops.matmul")  # (NumPy's rules: a 1-D operand loses its axis)
        if name in _SAME_SHAPE:
            return self.of(_arg(call, 0, "x") or _arg(call, None, "value"), depth)
        shaped = self._reshaping(call, name, depth)
        if shaped is not None:
            return shaped
        if name == "tensorflow.one_hot":
            source = self.of(_arg(call, 0, "indices"), depth)
            depth_value = self.file.literal(_arg(call, 1, "depth"))
            if source is None or source.rank is None:
                return Shape(None, {-1: depth_value if isinstance(depth_value, int) else None})
            return Shape.of([*source.dims(), depth_value if isinstance(depth_value, int) else None])
        if name in _ELEMENTWISE:
            args = [a for a in call.args if not isinstance(a, ast.Starred)]
            if name.endswith("where") and len(args) == 3:
                args = args[1:]
            if name.endswith(("cast", "_like", "stop_gradient", "identity", "softmax", "backend.clip")):
                args = args[:1]
            shapes = [self.of(a, depth) for a in args]
            result = shapes[0] if shapes else None
            for other, node in zip(shapes[1:], args[1:]):
                result = broadcast(result, other, args[0], node)
            return result
        return None

    # layers and weights: what a layer's own code states of the tensors it makes

    def _unnamed_call(self, call: ast.Call, depth: int) -> Shape | None:
        """`self.add_weight(shape=(units, 1))`: the weight's stated shape; a layer applied to a tensor
        (`Dense(1)(x)`, `self.score(x)` with `self.score = Dense(1)`, `Permute((2, 1))(x)`): the
        output its constructor states."""
        if isinstance(call.func, ast.Attribute) and call.func.attr in _WEIGHT_METHODS:
            first = call.args[0] if call.args else None
            stated = first if isinstance(first, (ast.List, ast.Tuple)) else _arg(call, 1, "shape") \
                if isinstance(first, ast.Constant) and isinstance(first.value, str) else _arg(call, None, "shape")
            return self._literal_shape(stated)  # (Keras 3 takes the shape first, tf.keras the name)
        layer = self._layer(call.func)
        if layer is None:
            if call.args and self._keeps_shape(call.func):
                return self.of(call.args[0], depth)
            return self._project_layer(call.func) or self._applied(call.func, depth, call)
        if not call.args:
            return None
        kind = self.file.qualified(layer.func)
        source = self.of(call.args[0], depth) or (self.stated_input(layer) if kind in _PERMUTE else None) \
            or Shape(None, {})
        if kind in _RESHAPE_LAYERS:
            target = self._literal_shape(_arg(layer, 0, "target_shape"), reshape=True)
            return None if target is None or target.rank is None else Shape.of([source.known.get(0), *target.dims()])
        if kind in _DENSE:
            units = self.file.literal(_arg(layer, 0, "units"))
            return _appended(_without_last(source), units) if isinstance(units, int) else None
        if kind in _CONV_LAYERS:  # (data_format is Keras's fifth parameter: by position, not read)
            data_format = _arg(layer, None, "data_format")
            filters = _size(self.file.literal(_arg(layer, 0, "filters")))
            if len(layer.args) > 4 or filters is None or (
                    data_format is not None and self.file.literal(data_format) not in _CHANNELS_LAST):
                return None
            return _channels(source, _CONV_LAYERS[kind], filters)
        if kind in _GLOBAL_POOLS:
            spatial = _GLOBAL_POOLS[kind]
            keep = _arg(layer, None, "keepdims")
            stated = _arg(layer, 0, "data_format")
            data_format = None if stated is None else self.file.literal(stated)
            if not (isinstance(keep, ast.Constant) and keep.value is True) or data_format not in (
                    *_CHANNELS_LAST, "channels_first"):
                return None  # (without keepdims the spatial axes go: [B, C], nothing moves but data)
            first = 2 if data_format == "channels_first" else 1
            return Shape(spatial + 2, {first + i: 1 for i in range(spatial)})
        dims = self.file.literal(_arg(layer, 0, "dims"))
        if not isinstance(dims, (list, tuple)) or not all(isinstance(d, int) for d in dims):
            return None
        batched = source.dims(len(dims) + 1)
        return None if batched is None else Shape.of(batched[p] for p in (0, *dims))

    def stated_input(self, layer: ast.Call) -> Shape | None:
        """The input a layer's `input_shape=(48, 48, 1)` states, batch first: the shape the author built the
        model for (Keras reads it only on a model's first layer, but the code says it either way)."""
        stated = self._literal_shape(_arg(layer, None, "input_shape"))
        return None if stated is None or stated.rank is None else Shape.of([None, *stated.dims()])

    def _project_layer(self, func: ast.AST) -> Shape | None:
        """A layer class of the project applied to a tensor (`self.attention(x)` with `self.attention =
        LocalActivation(...)`, `Pooling()(x)`): what its `call` returns (`LAYER_OUTPUT`)."""
        if isinstance(func, ast.Attribute) and _is_self_attribute(func):
            made = self.file.attribute_class(func)
        else:
            value = self.file.value_of(func)
            made = self.file.def_of(value.func) if isinstance(value, ast.Call) else None
        fact = self.file.project.first(LAYER_OUTPUT, made) if made else None
        return None if fact is None else Shape(fact[0], dict(fact[1]))

    def _applied(self, func: ast.AST, depth: int, call: ast.Call | None = None) -> Shape | None:
        """A lambda, or a function of this file (not a method: a subclass may override it), applied to
        tensors (`self.reshape_input = lambda x: x[:, None, :]` ... `self.reshape_input(x)`;
        `add_axis(x)`): what every body or return of each function `func` may hold agrees on, read with
        its parameters unknown (only what the function itself states: `[?, 1, ?]`)."""
        if isinstance(func, ast.Attribute) and _is_self_attribute(func):
            # (the class is walked for other stores only when every plain assignment is a lambda)
            owner = self.file.enclosing_class(func)
            values = self._assigned(owner, func.attr)
            if not values or not all(isinstance(v, ast.Lambda) for v in values) or \
                    func.attr in self._class_stores(owner)[1]:
                return None  # (a layer, or a method of the class: a subclass may override it)
            return _agreed([self.of(v.body, depth) for v in values])
        value = self.file.value_of(func)
        if isinstance(value, ast.Lambda):
            return self.of(value.body, depth)
        function = self.file.defs.get(self.file.def_of(func))
        returns = self.file.returns_of(function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) \
            and type(self.file.parent(function)) is not ast.ClassDef else []
        if not returns or any(r.value is None or isinstance(r.value, (ast.Tuple, ast.List)) for r in returns):
            return None  # (a tuple returns several tensors, not one packed)
        given = self._passed_shapes(function, call, depth) if call is not None else None
        if given:  # read again with the shapes this call passes (`def l2_norm(v): return v / norm(v)`: v's shape)
            child = ShapeInference(self.file, self.documented)
            child._given = (function, given)
            return _agreed([child.of(r.value, depth) for r in returns])
        return _agreed([self.of(r.value, depth) for r in returns])

    def _passed_shapes(self, function: ast.FunctionDef, call: ast.Call, depth: int) -> dict[str, Shape | None]:
        """The shapes a call of a plain function of the file gives its parameters: what it passes (by position or
        keyword), or else the default (a number: a scalar); empty when it unpacks (`*args`) or no shape is known."""
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords) or \
                function.args.vararg is not None or function.args.posonlyargs:
            return {}
        names = [a.arg for a in function.args.args]
        passed = dict(zip(names, call.args))
        passed.update((k.arg, k.value) for k in call.keywords)
        defaults = parameter_defaults(function)
        given = {name: self.of(passed[name], depth) if name in passed else
                 self.of(defaults[name], depth) if name in defaults else None
                 for name in (*names, *(a.arg for a in function.args.kwonlyargs))}
        return given if any(shape is not None and shape.known for name, shape in given.items() if name in passed) \
            else {}

    def one_unit_projection(self, expr: ast.AST | None) -> bool:
        """`expr` is the output of a projection to one unit (`Dense(1)(x)`, `self.proj(x)` with `self.proj =
        Dense(units=1)`, `tf.compat.v1.layers.dense(x, 1)`): one scalar per input vector, no feature axis."""
        value = self.file.value_of(expr) if isinstance(expr, ast.Name) else expr
        if not isinstance(value, ast.Call):
            return False
        if self.file.call_name(value) in _FUNCTIONAL_DENSE:
            return self.file.literal(_arg(value, 1, "units")) == 1
        if not isinstance(value.func, (ast.Call, ast.Name, ast.Attribute)):
            return False
        layer = self._layer(value.func)
        return layer is not None and self.file.qualified(layer.func) in _DENSE and \
            self.file.literal(_arg(layer, 0, "units")) == 1

    def _layer(self, func: ast.AST) -> ast.Call | None:
        """The constructor call of the Dense, Conv or Permute layer `func` calls: the call itself, a name
        bound to it, or a layer attribute every assignment of which makes the same one."""
        attribute = isinstance(func, ast.Attribute) and _is_self_attribute(func)
        owner = self.file.enclosing_class(func) if attribute else None
        values = [func] if isinstance(func, ast.Call) else self._assigned(owner, func.attr) if attribute \
            else [self.file.value_of(func)]
        if not values or not all(isinstance(v, ast.Call) for v in values):
            return None
        first = values[0]
        if self.file.qualified(first.func) not in _LAYERS_READ or any(
                ast.dump(v) != ast.dump(first) for v in values[1:]):
            return None
        # (a layer attribute also stored another way is not known: asked last, as it walks the class)
        return None if owner is not None and func.attr in self._class_stores(owner)[1] else first

    def _keeps_shape(self, func: ast.AST) -> bool:
        """`func` is a layer that keeps its input's shape (`_KEPT_SHAPE_LAYERS`): made where it is called,
        held in a name, or in a layer attribute every assignment of which makes one, directly, through a
        name or lambda, or through a project function (`KEPT_SHAPE_MAKER`)."""
        attribute = isinstance(func, ast.Attribute) and _is_self_attribute(func)
        owner = self.file.enclosing_class(func) if attribute else None
        values = self._assigned(owner, func.attr) if attribute else [func] if isinstance(func, ast.Call) \
            else [self.file.value_of(func)] if isinstance(func, ast.Name) else []
        if not values or not all(kept_shape_layer(self.file, v) for v in values):
            return False
        return not (attribute and func.attr in self._class_stores(owner)[1])

    def attribute_values(self, attribute: ast.AST) -> list[ast.expr]:
        """What `self.<attr>` may hold (`_attribute_values`); empty for anything else."""
        return self._attribute_values(attribute) if _is_self_attribute(attribute) else []

    def _attribute_values(self, attribute: ast.Attribute) -> list[ast.expr]:
        """What `self.<attr>` may hold: the value of every assignment to it in the methods of its
        class (`None` left out: not built yet); empty when nothing assigns it, or something also
        stores it another way (`self.w, self.b = ...`, `+=`)."""
        owner = self.file.enclosing_class(attribute)
        values = self._assigned(owner, attribute.attr)
        return values if values and attribute.attr not in self._class_stores(owner)[1] else []

    def _assigned(self, owner: ast.ClassDef | None, attr: str) -> list[ast.expr]:
        """The values of the `self.<attr> = value` statements of a class, `None` left out."""
        stores = self.file.self_assignments(owner, attr) if owner is not None else []
        return [s.value for s in stores if not (isinstance(s.value, ast.Constant) and s.value.value is None)]

    def _class_stores(self, owner: ast.ClassDef) -> tuple[dict[str, list[ast.expr]], set[str]]:
        """What the methods of a class store besides `self.<attr> = value`: the items of its container
        attributes (`self.<attr>[key] = value`, `self.<attr>.append(value)`), and the attributes also
        stored in any other way (a tuple target, `+=`, a slice, `.extend(...)`), whose values are
        then not all known."""
        found = self._containers.get(owner)
        if found is not None:
            return found
        items: dict[str, list[ast.expr]] = {}
        unsure: set[str] = set()
        for node in walk_nodes(owner):
            kind = type(node)  # (most nodes are none of these: checked first, it is a walk of the class)
            if kind is ast.Call:
                func = node.func
                if type(func) is ast.Attribute and _is_self_attribute(func.value):
                    if func.attr == "append" and len(node.args) == 1 and not node.keywords:
                        items.setdefault(func.value.attr, []).append(node.args[0])
                    elif func.attr in _MUTATORS:
                        unsure.add(func.value.attr)
                continue
            if kind is not ast.Attribute and kind is not ast.Subscript or type(node.ctx) is not ast.Store:
                continue
            parent = self.file.parent(node)
            alone = type(parent) is ast.Assign and parent.targets == [node]
            if kind is ast.Attribute and _is_self_attribute(node) and not alone:
                unsure.add(node.attr)
            elif kind is ast.Subscript and _is_self_attribute(node.value):
                if alone and not isinstance(node.slice, ast.Slice):
                    items.setdefault(node.value.attr, []).append(parent.value)
                else:
                    unsure.add(node.value.attr)
        self._containers[owner] = items, unsure
        return items, unsure

    def _items(self, container: ast.AST) -> list[ast.expr] | None:
        """What an item of a layer's container attribute may hold: `self.kernels[k] = value`,
        `self.kernels.append(value)`, the elements it is assigned (`[a, b]`, a comprehension's
        element); None when it is not such a container or something else is assigned to it."""
        if not (isinstance(container, ast.Attribute) and _is_self_attribute(container)):
            return None
        owner = self.file.enclosing_class(container)
        if owner is None or container.attr in self._class_stores(owner)[1]:
            return None
        items = []
        for value in self._attribute_values(container):
            if isinstance(value, (ast.List, ast.Tuple)):
                items += value.elts
            elif isinstance(value, (ast.ListComp, ast.GeneratorExp)):
                items.append(value.elt)
            elif isinstance(value, ast.Dict):
                items += value.values
            elif not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                      and value.func.id in _EMPTY_CONTAINERS and not value.args):
                return None
        stored = self._class_stores(owner)[0].get(container.attr, [])
        return items + stored if items or stored else None

    def is_weight(self, expr: ast.AST | None, depth: int = 0) -> bool:
        """Whether `expr` holds a variable the code creates (`self.add_weight(...)`, `tf.Variable`,
        `get_variable`), also through names, layer attributes and their containers: a weight,
        whose size has no batch factor."""
        if expr is None or depth > MAX_DEPTH:
            return False
        if isinstance(expr, ast.Call):
            return isinstance(expr.func, ast.Attribute) and expr.func.attr in _WEIGHT_METHODS or \
                self.file.qualified(expr.func) in _VARIABLES or _variable_class(self.file, expr) or \
                self._layer_weights_read(expr) or self._quantized_weight(expr, depth)
        if isinstance(expr, ast.Name):
            value = self.file.value_of(expr, depth=1)
            if value is expr:  # (a loop's variable: an item of a container the code assigns into)
                bound = self.file.binding(expr)
                if bound is not None and bound.stmt is None:
                    return self._called_on_weight(expr) or self._assigned_parameter(expr)
                return bound is not None and isinstance(bound.stmt, ast.For) and self._assigned_item(expr, bound.stmt)
            return self.is_weight(value, depth + 1)
        if isinstance(expr, ast.Attribute) and _is_self_attribute(expr):
            values = self._attribute_values(expr)
            if not values and (expr.attr in _WEIGHT_LISTS or self._inherited_weight(expr)):
                return True
        elif isinstance(expr, ast.Attribute) and expr.attr in _WEIGHT_LISTS:
            return True  # (Keras's and tf.Module's lists of variables: `layer.trainable_weights[0]`)
        elif isinstance(expr, ast.Attribute):
            return self._layer_weight(expr) or self._typed_weight(expr) or \
                expr.attr in _LAYER_VARIABLES and self._layer_object(expr.value) or self._theta(expr.value)
        elif isinstance(expr, (ast.List, ast.Tuple)):
            values = expr.elts
        elif isinstance(expr, ast.Subscript) and (item := self._dict_item(expr)) is not None:
            return self.is_weight(item, depth + 1)  # (`rec["W2"]` of `rec = {"W2": tf.get_variable(...), ...}`)
        elif isinstance(expr, ast.Subscript) and _held_weights_item(expr):
            return True
        elif isinstance(expr, ast.Subscript):  # an item of a container of weights, a slice of a weight
            values = self._items(self.file.value_of(expr.value))
            values = [expr.value] if values is None else values
        else:
            return False
        return bool(values) and all(self.is_weight(v, depth + 1) for v in values)

    def _theta(self, expr: ast.AST) -> bool:
        """lingvo's `theta`: the parameter of that name (first after `self`) of a method of a class deriving from
        lingvo's `BaseLayer` (`THETA_LAYER`), which lingvo's API documents as the NestedMap of the layer's variables
        and its children's (`FProp(self, theta, inputs)`): `theta.wm`, `theta.fc.w` hold weights."""
        while isinstance(expr, ast.Attribute):  # (`theta.fc.w`: a child layer's variables)
            expr = expr.value
        if not (isinstance(expr, ast.Name) and expr.id == "theta"):
            return False
        function = parameter_owner(self.file, expr)
        owner = self.file.parent(function) if function is not None else None
        arguments = [*function.args.posonlyargs, *function.args.args] if function is not None else []
        return isinstance(owner, ast.ClassDef) and len(arguments) > 1 and arguments[1].arg == "theta" and \
            derives(self.file, self.file.qualnames.get(owner), _THETA_BASES, THETA_LAYER)

    def _layer_weights_read(self, call: ast.Call) -> bool:
        """`layer.get_weights()` of a layer object (`_layer_object`): Keras's documented copy of the layer's
        variables, as NumPy arrays (weights, no batch axis)."""
        func = call.func
        return isinstance(func, ast.Attribute) and func.attr == "get_weights" and not call.args and \
            not call.keywords and self._layer_object(func.value)

    def _layer_object(self, expr: ast.AST, depth: int = 0) -> bool:
        """Whether `expr` holds a layer or model object, not a tensor: an attribute of `self` every assignment of
        which in the class makes an object of a class (a capitalised name: `self.in_proj = Dense(...)`, a held
        layer), also through a local name bound to it alone (`proj = self.in_proj`); an item of a model's
        `layers` list (`model.layers[0]`), `model.get_layer(...)`, a loop's variable over a `layers` list. A
        layer object keeps its variables and settings, never the batch (except the symbolic `input` / `output`
        of a functional model, which `_LAYER_VARIABLES` leaves out)."""
        if depth > 3:
            return False
        if _is_self_attribute(expr):
            return self._held_layer(expr)
        if isinstance(expr, ast.Subscript):
            return isinstance(expr.value, ast.Attribute) and expr.value.attr == "layers"
        if isinstance(expr, ast.Call):
            return isinstance(expr.func, ast.Attribute) and expr.func.attr == "get_layer"
        if isinstance(expr, ast.Name):
            value = self.file.value_of(expr, depth=1)
            if value is not expr and value is not None:
                return self._layer_object(value, depth + 1)
            bound = self.file.binding(expr)
            loop = bound.stmt if bound is not None else None
            return isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) and \
                isinstance(loop.iter, ast.Attribute) and loop.iter.attr == "layers"
        return False

    def _dict_item(self, expr: ast.Subscript) -> ast.expr | None:
        """The value a literal key picks from a dict a local name holds (`rec["W2"]` of `rec = {"W2": ..., "b2":
        ...}`, also `dict(W2=...)`); None when the name holds no such dict, the key is not one of its literal keys,
        or the function also stores into the dict (`rec["W2"] = x`, `rec.update(...)`: its items are then not all
        known)."""
        key = expr.slice.value if isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str) else None
        if key is None or not isinstance(expr.value, ast.Name):
            return None
        held = self.file.value_of(expr.value, depth=1)
        if isinstance(held, ast.Dict) and None not in held.keys:
            items = {k.value: v for k, v in zip(held.keys, held.values) if isinstance(k, ast.Constant)}
        elif isinstance(held, ast.Call) and isinstance(held.func, ast.Name) and held.func.id == "dict" and \
                not held.args and None not in (k.arg for k in held.keywords):
            items = {k.arg: k.value for k in held.keywords}
        else:
            return None
        scope = next((a for a in self.file.ancestors(expr) if isinstance(a, SCOPES)), None)
        for node in walk_nodes(scope) if scope is not None else ():
            if isinstance(node, ast.Subscript) and not isinstance(node.ctx, ast.Load) and \
                    isinstance(node.value, ast.Name) and node.value.id == expr.value.id or \
                    isinstance(node, ast.Attribute) and node.attr in (*_MUTATORS, "pop", "clear") and \
                    isinstance(node.value, ast.Name) and node.value.id == expr.value.id:
                return None
        return items.get(key)

    def weight_parameter(self, name: ast.Name) -> bool:
        """Whether `name` reads a parameter that holds a weight whatever else its function binds to the name (a
        regularizer's `__call__(self, w)` that reshapes `w` on one path: `_called_on_weight`, `_assigned_parameter`)."""
        return self._called_on_weight(name) or self._assigned_parameter(name)

    def _called_on_weight(self, name: ast.Name) -> bool:
        """The tensor parameter of a Keras `Regularizer`'s or `Constraint`'s `__call__(self, x)` (in a class deriving
        from one, through the file's classes): Keras calls regularizers and constraints on the weights of the layers
        they are given to (its documented API: `kernel_regularizer=`, `kernel_constraint=`), so it is a weight; so is
        a weights quantizer's (`_weights_quantizer`: quantization-aware training calls it on a layer's weights). Also
        any parameter of a Keras `Initializer`'s `__call__(self, shape, dtype=None)`: Keras calls it with a weight's
        shape and dtype, and what it makes of them (`self.base(shape, dtype)`, then normalised) is that weight."""
        function = parameter_owner(self.file, name)
        if function is not None and function.name in _OPTIMIZER_HOOKS:
            return self._optimizer_hook_weight(function, name)
        if function is None or function.name != "__call__":
            return False
        arguments = [*function.args.posonlyargs, *function.args.args]
        owner = self.file.parent(function)
        if not isinstance(owner, ast.ClassDef) or not any(a.arg == name.id for a in arguments[1:]):
            return False
        if arguments[1].arg == name.id and (_derives_weight_callable(self.file, owner, 0) or
                                            _weights_quantizer(owner.name)):
            return True
        # an Initializer's `shape` and `dtype`: the weight's own, so what it computes of them is the weight
        return _derives_weight_callable(self.file, owner, 0, _WEIGHT_MAKERS)

    def _quantized_weight(self, call: ast.Call, depth: int) -> bool:
        """`super().__call__(w, ...)` in a weights quantizer's `__call__` (`_weights_quantizer`), `w` a weight or
        computed only from weights (`tf.transpose(w)`): the base quantizer's fake-quantized copy of the weight, a
        weight's size and no batch factor."""
        func = call.func
        if not (type(func) is ast.Attribute and func.attr == "__call__" and type(func.value) is ast.Call and
                type(func.value.func) is ast.Name and func.value.func.id == "super" and call.args):
            return False
        owner = self.file.enclosing_class(call)
        return owner is not None and _weights_quantizer(owner.name) and self.weights_only(call.args[0], depth + 1)

    def _assigned_parameter(self, name: ast.Name) -> bool:
        """A parameter its function assigns a new value to as a variable (`return tf.assign(v, newv)`,
        `v.assign(x)`, `K.update(v, x)`: `_assigns_into`): a variable, a weight or a weight's state (hypergan's
        weight-constraint hooks, given each of the model's variables). Not when the function also binds the name."""
        assigning = self._weight_parameters.get("assigning text")
        if assigning is None:  # (most files assign into no variable: asked of every parameter a weight test reads)
            assigning = self._weight_parameters["assigning text"] = "assign" in self.file.text or \
                "update" in self.file.text
        if not assigning:
            return False
        function = parameter_owner(self.file, name)
        if function is None:
            return False
        key = (function, name.id, "assigned")
        known = self._weight_parameters.get(key)
        if known is None:
            known = self._weight_parameters[key] = not (
                name.id in self.file.stored_names and
                len(self.file.scope_index(function).bindings.get(name.id, ())) > 1) and \
                self._assigns_into(function, name.id)
        return known

    def _appended(self, name: ast.Name) -> list[ast.expr]:
        """What the function around `name` appends to the list it holds (`name.append(value)`), the list being
        bound only to an empty literal there; [] when it is changed any other way (extended, assigned into)."""
        function = next((a for a in self.file.ancestors(name) if isinstance(a, SCOPES)), None)
        if function is None:
            return []
        found = []
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id == name.id and not isinstance(node.ctx, ast.Load):
                bound = self.file.parent(node)
                if not (isinstance(bound, ast.Assign) and type(bound.value) is ast.List and not bound.value.elts):
                    return []
            if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name.id):
                continue
            call = self.file.parent(node)
            if node.attr != "append" or not (isinstance(call, ast.Call) and call.func is node and len(call.args) == 1):
                if node.attr in ("extend", "insert", "__setitem__"):
                    return []
                continue
            found.append(call.args[0])
        return found

    def _optimizer_hook_weight(self, function: ast.FunctionDef, name: ast.Name) -> bool:
        """The gradient and the variable an optimizer's update hook is called with (`_resource_apply_dense(self,
        grad, var)`, `_apply_dense(grad, var)`, Keras 3's `update_step(gradient, variable, learning_rate)`, in a class
        deriving from a TensorFlow or Keras optimizer): the optimizer runs it per variable, and a gradient has its
        variable's shape, so both are weights (no batch axis)."""
        arguments = [*function.args.posonlyargs, *function.args.args]
        owner = self.file.parent(function)
        return isinstance(owner, ast.ClassDef) and name.id in [a.arg for a in arguments[1:3]] and \
            _derives_weight_callable(self.file, owner, 0, _OPTIMIZERS)

    def _property_returns(self, attribute: ast.Attribute) -> list[ast.expr]:
        """What a property getter of the class returns, where `self.<name>` reads it (`@property def trans(self):
        return self.lr_multiplier * self._trans` of an `add_weight`): every return's value; [] when the class (in
        this file) defines no such getter, or one returns nothing."""
        owner = self.file.enclosing_class(attribute)
        name = f"{self.file.qualnames[owner]}.{attribute.attr}" if owner in self.file.qualnames else None
        if name is None or name not in self.file.properties:
            return []
        getter = next((n for n in owner.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                       and n.name == attribute.attr), None)
        returns = [n for n in ast.walk(getter) if isinstance(n, ast.Return)] if getter is not None else []
        return [r.value for r in returns] if returns and all(r.value is not None for r in returns) else []

    def _inherited_weight(self, attribute: ast.Attribute) -> bool:
        """`self.kernel` in a subclass of a framework layer that documents that variable (`class SNDense(Dense)`,
        whose `build` calls `super().build(...)`), which no method of the class assigns: the base's weight."""
        owner = self.file.enclosing_class(attribute)
        if owner is None or self._assigned(owner, attribute.attr) or attribute.attr in self._class_stores(owner)[1]:
            return False
        return any(attribute.attr in _LAYER_WEIGHTS.get(self.file.qualified(base) or "", ()) for base in owner.bases)

    def _layer_weight(self, attribute: ast.Attribute) -> bool:
        """`layer.kernel` of a framework layer the code makes (`layer = Dense(8)`, `self.layer = ...`,
        `vq = snt.nets.VectorQuantizer(...)` ... `vq.embeddings`): a variable the layer documents. Also a
        documented variable of the layer a Keras `Wrapper` wraps (`self.layer.kernel`, `inner = self.layer` ...
        `inner.embeddings`): whatever layer it is, its `kernel` is that layer's variable (spectral and weight
        normalisation wrappers)."""
        owner = attribute.value
        if attribute.attr in _WRAPPED_WEIGHTS and self._wrapped_layer(owner):
            return True
        if _is_self_attribute(owner):
            made = self._attribute_values(owner)
        else:
            made = [self.file.value_of(owner)] if isinstance(owner, ast.Name) else []
        return bool(made) and all(isinstance(m, ast.Call) and attribute.attr in _LAYER_WEIGHTS.get(
            self.file.qualified(m.func) or "", ()) for m in made)

    def _wrapped_layer(self, expr: ast.AST, depth: int = 0) -> bool:
        """`self.layer` in a class deriving from Keras's `Wrapper` (which stores the layer it wraps there; the class
        assigns it nothing else), also through a local name bound to it alone (`kernel_layer = self.layer`)."""
        if isinstance(expr, ast.Name) and depth < 3:
            value = self.file.value_of(expr, depth=1)
            return value is not expr and value is not None and self._wrapped_layer(value, depth + 1)
        if not (isinstance(expr, ast.Attribute) and _is_self_attribute(expr) and expr.attr == "layer"):
            return False
        owner = self.file.enclosing_class(expr)
        if owner is None or not _derives_weight_callable(self.file, owner, 0, _WRAPPERS):
            return False
        stored = self._assigned(owner, "layer")  # (a subclass that stores its own `self.layer`: only a parameter)
        return "layer" not in self._class_stores(owner)[1] and all(
            isinstance(v, ast.Name) and parameter_owner(self.file, v) is not None for v in stored)

    def _typed_weight(self, attribute: ast.Attribute) -> bool:
        """`kernel.W` of a parameter annotated with project classes (`kernel: LinearCoregionalization`, also a
        `Union[...]` / `Optional[...]` / `A | B` of them) each of which, or a project base of it, stores only
        weights in that attribute (`WEIGHT_ATTRIBUTE`: `self.W = Parameter(W)`): the object's variable."""
        owner = attribute.value
        if not isinstance(owner, ast.Name) or owner.id in ("self", "cls"):
            return False
        bound = self.file.binding(owner)
        function = parameter_owner(self.file, owner) if bound is not None and bound.stmt is None else None
        if function is None:
            return False
        arg = next((a for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)
                    if a.arg == owner.id), None)
        classes = _annotated_classes(self.file, arg.annotation) if arg is not None else None
        return bool(classes) and all(_stores_weight(self.file.project, c, attribute.attr) for c in classes)

    def weights_only(self, expr: ast.AST | None, depth: int = 0) -> bool:
        """Whether `expr` is a weight (`is_weight`) or computed from weights alone: ops (and calls of
        any function) whose every input is such a tensor or a setting, at least one a weight, also
        through names (`w_bar = normalize(tf.transpose(w), training=training)`). The batch never
        reaches such a tensor: like a weight, it has no batch factor."""
        if expr is None or depth > MAX_DEPTH:
            return False
        if self.is_weight(expr) or isinstance(expr, ast.Call) and self._setting_draw(expr):
            return self._weighed()
        if isinstance(expr, ast.Name):
            # (every binding that may reach the read: `binding` takes the last in the text, also one in the other
            # branch of an `if` the read is in, `x = cache[...]` beside `else: x = tf.pad(x, ...)`)
            reaching = self.file.bindings_at(expr)
            return bool(reaching) and all(self._bound_weights_only(expr, bound, depth) for bound in reaching)
        if isinstance(expr, ast.Attribute) and _is_self_attribute(expr):
            # (a layer attribute every assignment of which is computed only from weights: `self.W = K.dot(inv, mt)`
            # of the kernel in build; what the class stores from the weights has no batch factor either)
            values = self._attribute_values(expr) or self._property_returns(expr)
            return bool(values) and all(self.weights_only(v, depth + 1) for v in values)
        held = False  # the call applies a layer the class holds (its weights are an input), or gathers from a weight
        if isinstance(expr, ast.Call):
            held = self._held_layer(expr.func) or self._gathered_weight(expr)
            own = _is_self_attribute(expr.func) and _own_function(self.file, expr) is not None  # (`self._m(w)`)
            receiver = expr.func.value if isinstance(expr.func, ast.Attribute) and not (held or own) and \
                self.file.qualified(expr.func) is None and not (isinstance(expr.func.value, ast.Name) and (_receiver(
                    expr.func.value.id) or self.file.def_of(expr.func.value) is not None)) else None
            # (a method of a tensor: an input too; not `self.fn(w)`'s object, nor a project class's `Cls.split(w)`)
            inputs = _data_arguments(self.file, expr)
            if inputs is None:
                inputs = [*expr.args, *(k.value for k in expr.keywords), *([receiver] if receiver is not None else [])]
        elif isinstance(expr, ast.BinOp):  # (an elementwise op: a scalar operand cannot enlarge the other)
            inputs = [i for i in (expr.left, expr.right) if not self._static_scalar(i)]
        elif isinstance(expr, ast.UnaryOp):
            inputs = [expr.operand]
        elif isinstance(expr, ast.Compare):  # (elementwise: `self.ema_cluster_size < threshold`, a mask of codes)
            inputs = [i for i in (expr.left, *expr.comparators) if not self._static_scalar(i)]
        elif isinstance(expr, ast.Subscript) and (item := self._dict_item(expr)) is not None:
            return self.weights_only(item, depth + 1)  # (`gen["W1"]` of `gen = {"W1": tf.transpose(w), ...}`)
        elif isinstance(expr, ast.Subscript):  # a slice or item of such a tensor (never larger)
            inputs = [expr.value]
        elif isinstance(expr, ast.IfExp):  # (either branch)
            inputs = [expr.body, expr.orelse]
        elif isinstance(expr, ast.Lambda) and not parameter_names(expr):  # (`tf.cond(c, lambda: self.g, update)`)
            inputs = [expr.body]
        elif isinstance(expr, (ast.List, ast.Tuple)) and self._free is not None:  # (`[1, window[0]]`: a setting)
            inputs = expr.elts
        elif isinstance(expr, ast.Attribute) and expr.attr == "shape":
            inputs = [expr.value]  # (`w.shape.as_list()[-1]`: the shape of what it reads, batch-sized only if that is)
        else:
            return False
        # a setting, or a tensor built of constants only (`take(table, self.index)` of an index made in build)
        tensors = [i for i in inputs if not self._setting(i) and not constant(self.file, i, settings=True)
                   and not (held and (batch_free(self.file, i) or no_activation(self.file, i)))]

        if held and all(self.weights_only(i, depth) for i in tensors):
            return self._weighed()  # (the layer's weights)
        if not tensors:  # (every input a setting or batch-free: `expand_dims(w, 0)` of a layer attribute made of weights)
            return any(_is_self_attribute(self.file.value_of(i, depth=1)) and self.weights_only(i, depth)
                       for i in inputs)
        # (depth: the names followed) beside a weight, what a method of the class returns that no activation reaches
        # (`batchfree`: its settings, `self._get_coef()`) adds no batch: `normalize(w, self.u, self._get_coef())`.
        # Only such a call: a size no activation reaches may still be the batch's (`tf.tile(w, [batch, 1, 1])`,
        # `tf.ones((tf.shape(x)[0], 1))`); asked only once a weight is among the inputs
        weighed, pending = False, []
        for i in tensors:
            if self.weights_only(i, depth):
                weighed = True
            elif isinstance(i, ast.Call) and _is_self_attribute(i.func) and not i.args and not i.keywords:
                pending.append(i)
            else:
                return False
        return weighed and all(no_activation(self.file, i) for i in pending)

    def _static_scalar(self, expr: ast.AST, depth: int = 0) -> bool:
        """A Python number read of a static shape (`n = x_flat.shape[0]`, `x.get_shape()[1]`, `.as_list()[0]`), also
        scaled by settings (`self.restart_threshold * n`): a scalar, whatever the axis it sizes. Only where it is an
        operand of an elementwise op, which it cannot make larger; a shape built of it (`tf.tile(w, [n, 1])`) can."""
        if depth > 4:
            return False
        if isinstance(expr, ast.Name):
            reaching = self.file.bindings_at(expr)
            return bool(reaching) and all(type(b.stmt) is ast.Assign and b.value is b.stmt.value and
                                          self._static_scalar(b.value, depth + 1) for b in reaching)
        if isinstance(expr, ast.BinOp):
            return all(self._static_scalar(i, depth + 1) or self._setting(i) for i in (expr.left, expr.right)) and \
                not all(self._setting(i) for i in (expr.left, expr.right))
        return isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and \
            type(expr.slice.value) is int and static_shape(expr.value)

    def _setting_draw(self, call: ast.Call) -> bool:
        """A random draw whose shape is made only of settings (`tf.random.normal((dim, dim))`, `(self.units,
        num_samples)`: literals, the layer's settings, number parameters, no tensor's shape): like a weight, no batch
        reaches it (a random projection, a posterior sample of the weights); what the draw is shaped after a tensor
        (`tf.shape(x)`, `x.shape`) may be as large as the batch, so that is none."""
        name = self.file.qualified(call.func) or ""
        if _CREATORS.get(name) != 0 or "random" not in name and "normal" not in name:
            return False
        shape = _arg(call, 0, "shape")
        if shape is None or not (sized_only(self.file, shape) or batch_free(self.file, shape)):
            return False
        seen = [shape]
        for node in seen:  # (through the names it reads, once each: `n = dim * 2`)
            for part in ast.walk(node):
                if isinstance(part, ast.Attribute) and part.attr in (*_STATIC, "get_shape") or \
                        isinstance(part, ast.Call) and self.file.qualified(part.func) in _SHAPE_OF:
                    return False
                if isinstance(part, ast.Name) and len(seen) < 8 and (value := self.file.value_of(part, depth=1)) \
                        is not part and value is not None and value not in seen:
                    seen.append(value)
        return True

    def _gathered_weight(self, call: ast.Call) -> bool:
        """`tf.gather(self.bias, bucket)`: rows of a weight (`is_weight`) picked by an index; with an index that is
        a table of sizes and settings (`batch_free`: relative-position buckets of two lengths), no batch reaches
        the rows: what the weight's table of sizes picks is weight-sized (T5's relative bias). An index that is
        data of the step (token ids) makes an activation."""
        return self.file.qualified(call.func) in _GATHERS and self.is_weight(_arg(call, 0, _GATHERS[
            self.file.qualified(call.func)]))

    def _weighed(self) -> bool:
        """True, noting for `weight_parameters` that a weight itself (not a parameter taken as one) is an input."""
        if self._free is not None:
            self._free[2][0] = True
        return True

    def _bound_weights_only(self, expr: ast.Name, bound, depth: int) -> bool:
        """`weights_only` of a name read through one of its bindings."""
        value = bound.value if bound.value is not None else expr
        if type(value) is ast.List and not value.elts:  # (`grads = []` ... `grads.append(g)`: what is appended)
            appended = self._appended(expr)
            return bool(appended) and all(self.weights_only(a, depth + 1) for a in appended)
        if value is not expr:
            return self.weights_only(value, depth + 1)
        if bound.stmt is None:  # a parameter every call passes weights for
            if self._passed_weights(expr, depth):
                return self._weighed()
            free = self._free
            owner = parameter_owner(self.file, expr) if free is not None else None
            # (a parameter of the function, or of one it is nested in: `def body(u): return u @
            # tf.transpose(w)` in `def power_iteration(w, u)`, a closure handed to a loop; one function's)
            if owner is not None and (owner is free[0] or owner in self.file.ancestors(free[0])) and \
                    free[3][0] in (None, owner):
                free[1].add(expr.id)  # (`weight_parameters`: taken as a weight, said so)
                free[3][0] = owner
                return True
            return False
        if isinstance(bound.stmt, ast.For):  # (an item of what the loop walks: `for g in grads`)
            walked = _walked(bound.stmt, expr.id)
            return walked is not None and self.weights_only(walked, depth + 1)
        if isinstance(bound.stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):  # (a branch handed to `tf.cond`)
            returned = _closure_returns(bound.stmt)
            return bool(returned) and all(self.weights_only(r, depth + 1) for r in returned)
        unpacked = bound.stmt if isinstance(bound.stmt, ast.Assign) and len(bound.stmt.targets) == 1 and \
            isinstance(bound.stmt.targets[0], ast.Tuple) else None  # (`threshold, mask = self._update(w)`)
        return unpacked is not None and self.weights_only(unpacked.value, depth + 1)

    def weight_parameters(self, expr: ast.AST | None) -> tuple[tuple[str, ...], bool, ast.AST] | None:
        """The parameters of the function around `expr` (or of one function it is nested in) that, were they
        weights, would make it `weights_only` (`def rearrange(weights): ... tf.transpose(weights, ...)`), whether a
        weight itself is an input too, and that function: what the project's callers pass them decides
        (`WEIGHT_CALL`); None when no such parameters make it so."""
        function = next((a for a in self.file.ancestors(expr) if isinstance(a, SCOPES)), None) \
            if expr is not None else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or self._free is not None or \
                function.name == "call" and isinstance(self.file.parent(function), ast.ClassDef):
            return None  # (a layer's `call`: Keras passes it the batch's tensors)
        self._free = (function, set(), [False], [None])
        try:
            made = self.weights_only(expr)
            _, names, weighed, owner = self._free
        finally:
            self._free = None
        if not (made and names) or owner[0].name == "call" and isinstance(self.file.parent(owner[0]), ast.ClassDef):
            return None  # (a closure in a layer's `call`: its parameters are the batch's tensors)
        return tuple(sorted(names)), weighed[0], owner[0]

    def _passed_weights(self, name: ast.Name, depth: int) -> bool:
        """A parameter of a function only the file calls (a nested function, a private one of the module, a
        private method of the class called as `self._m(...)`) every call of which passes a tensor computed only
        from weights (`weights_only`): a weight helper (`self._update_mask(weights)`). One call that passes
        anything else (an activation) and it is none."""
        function = parameter_owner(self.file, name)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function.decorator_list:
            return False
        key = (function, name.id, "weights", self._free[0] if self._free is not None else None)  # (what it took)
        known = self._weight_parameters.get(key)
        if known is not None:
            return known
        self._weight_parameters[key] = False  # (while it is judged: a call of itself proves nothing)
        calls = _file_calls(self.file, function)
        positional = positional_names(function)
        method = isinstance(self.file.parent(function), ast.ClassDef)
        at = positional.index(name.id) - (1 if method else 0) if name.id in positional else None
        made = bool(calls)
        for call in calls or ():
            passed = call.args[at] if at is not None and 0 <= at < len(call.args) else \
                next((k.value for k in call.keywords if k.arg == name.id), None)
            if passed is None or not self.weights_only(passed, depth + 1):
                made = False
                break
        self._weight_parameters[key] = made
        return made

    def _assigned_item(self, name: ast.Name, loop: ast.For) -> bool:
        """A loop's variable unpacked from the items of `self.<container>` (`for weight, mask, t in
        self._pruning_vars`) at a place some loop over that container of the class assigns into (`weight.assign(
        w * mask)`, `tf.compat.v1.assign(weight, ...)`, or a project function that does so with its parameter):
        the container's items hold variables there."""
        target, container = loop.target, loop.iter
        if not (isinstance(target, ast.Tuple) and _is_self_attribute(container)) or name.id not in [
                e.id for e in target.elts if isinstance(e, ast.Name)]:
            return False
        position = next(i for i, e in enumerate(target.elts) if isinstance(e, ast.Name) and e.id == name.id)
        owner = self.file.enclosing_class(loop)
        if owner is None:
            return False
        key = (owner, container.attr, position, "assigned")
        known = self._weight_parameters.get(key)
        if known is None:
            known = self._weight_parameters[key] = any(
                isinstance(other, ast.For) and isinstance(other.target, ast.Tuple) and _is_self_attribute(other.iter)
                and other.iter.attr == container.attr and len(other.target.elts) > position
                and isinstance(item := other.target.elts[position], ast.Name) and self._assigns_into(other, item.id)
                for other in ast.walk(owner))
        return known

    def _assigns_into(self, scope: ast.AST, name: str) -> bool:
        """Whether the code of `scope` (a loop, a function) assigns into the variable `name` holds (its `.assign*`
        method, or it is the first argument of `tf.compat.v1.assign*`, Keras 2's `K.update*` or a project function
        that assigns into that parameter)."""
        for node in self._name_calls(scope).get(name, ()):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _ASSIGNS and isinstance(func.value, ast.Name) and \
                    func.value.id == name:
                return True
            if self.file.qualified(func) in _ASSIGN_OPS:
                return True
            callee = self.file.callee(node)
            if callee is not None and 0 in (self.file.project.first(ASSIGNED_PARAMETERS, callee) or ()):
                return True
        return False

    def _name_calls(self, scope: ast.AST) -> dict[str, list[ast.Call]]:
        """The calls of `scope` that may assign into a name's variable, by the name: `name.assign*(...)`, and calls
        whose first argument is the name (one walk of the scope, kept)."""
        key = (scope, "name calls")
        found = self._weight_parameters.get(key)
        if found is None:
            found = self._weight_parameters[key] = {}
            for node in walk_nodes(scope):
                if type(node) is not ast.Call:
                    continue
                func = node.func
                if type(func) is ast.Attribute and func.attr in _ASSIGNS and type(func.value) is ast.Name:
                    found.setdefault(func.value.id, []).append(node)
                if node.args and type(node.args[0]) is ast.Name:
                    found.setdefault(node.args[0].id, []).append(node)
        return found

    def _held_layer(self, func: ast.AST) -> bool:
        """`self.<attr>` whose every assignment in the class makes an object of a class (a capitalised name:
        `OnDeviceEmbedding(buckets, heads)`, `layers.Embedding(...)`): a layer the class holds, applied. What it
        returns of inputs no batch reaches (a table of sizes: `self.embedding(relative_buckets)`) is computed
        from its weights alone."""
        if not _is_self_attribute(func):
            return False
        values = self._attribute_values(func)
        return bool(values) and all(
            isinstance(v, ast.Call) and (name := _called_name(v.func)) is not None and name[:1].isupper()
            and not name.isupper() for v in values)

    def calls_of(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call] | None:
        """`file_calls`: every call of a function only the file calls (for `batchfree`, which this module imports)."""
        return _file_calls(self.file, function)

    def setting(self, expr: ast.AST) -> bool:
        """`_setting`, for the rules."""
        return self._setting(expr)

    def _setting(self, expr: ast.AST) -> bool:
        """A value that cannot carry a batch: a literal (also in a list or tuple: a perm, a shape of
        stated sizes), a name bound to one, or a parameter whose default is a bool or a string (a
        flag or a name, `training=True`)."""
        if isinstance(expr, (ast.List, ast.Tuple)):
            return all(self._setting(e) for e in expr.elts)
        if isinstance(expr, ast.Constant):
            return True
        if _is_self_attribute(expr):
            return self._set_up_once(expr)
        if not isinstance(expr, ast.Name):
            return False
        bound = self.file.binding(expr)
        if bound is not None and isinstance(bound.value, ast.Constant):
            return True
        function = parameter_owner(self.file, expr) if bound is not None and bound.stmt is None else None
        default = parameter_defaults(function).get(expr.id) if function is not None else None
        return isinstance(default, ast.Constant) and isinstance(default.value, (bool, str))

    def _set_up_once(self, attribute: ast.Attribute) -> bool:
        """`self.<attr>` that only its class's `__init__` or `build()` sets (`self.bb_pos =
        tf.convert_to_tensor(index_grid)` in build), and that is no weight: made before any input is seen
        (build knows only the input's shape), so no batch reaches it; an index grid, a mask, a setting."""
        owner = self.file.enclosing_class(attribute)
        stores = self.file.self_assignments(owner, attribute.attr) if owner is not None else []
        if not stores or attribute.attr in self._class_stores(owner)[1] or self.is_weight(attribute):
            return False
        for store in stores:
            method = next((a for a in self.file.ancestors(store) if isinstance(a, SCOPES)), None)
            if not (isinstance(method, ast.FunctionDef) and method.name in ("__init__", "build")
                    and self.file.parent(method) is owner):
                return False
        return True

    def _dot(self, call: ast.Call, name: str, depth: int) -> Shape | None:
        """`K.dot(x, w)`, `tf.tensordot(x, w, axes=1)` (or `(-1, 0)`): x's last axis with w's first;
        the result is x's other axes, then w's."""
        first = 0
        if name in _TENSORDOTS:
            axes = self.file.literal(_arg(call, 2, "axes"))
            pair = [a[0] if isinstance(a, (list, tuple)) and len(a) == 1 else a for a in axes] \
                if isinstance(axes, (list, tuple)) and len(axes) == 2 else None
            if axes != 1 and not (pair and pair[0] == -1 and all(type(a) is int for a in pair)):
                return None  # (x's last axis with one axis of w: `axes=[-1, -2]` of a 2-D w is its first)
            first = pair[1] if pair else 0
        a = self.of(_arg(call, 0, "x") or _arg(call, None, "a"), depth) or Shape(None, {})
        b = self.of(_arg(call, 1, "y") or _arg(call, None, "b"), depth)
        if b is None or b.rank is None or b.rank < 1 or name in _DOTS and b.rank != 2:
            return None  # (K.dot of a 3-D y contracts its second-to-last axis)
        first = first + b.rank if first < 0 else first
        if not 0 <= first < b.rank:
            return None
        rest = b.dims()[:first] + b.dims()[first + 1:]
        if a.rank is not None:
            return Shape.of([*a.dims()[:-1], *rest])
        known = {i: d for i, d in a.known.items() if i >= 0}
        known.update({i - len(rest): d for i, d in enumerate(rest)})
        return Shape(None, known)

    def _batch_dot(self, call: ast.Call, depth: int, rank: int | None = None) -> Shape | None:
        """`K.batch_dot(x, y, axes=1)` of two 2-D tensors: one dot product per row, `[batch, 1]` (Keras keeps
        a rank-1 result 2-D). Of the same tensor twice (a row's squared norm), whose rank the source does not
        state, a result the code takes as 2-D (`of_rank`) is that too: x's rank r gives rank 2r - 2 (at least 2)."""
        x, y = _arg(call, 0, "x"), _arg(call, 1, "y")
        axes = self.file.literal(_arg(call, 2, "axes"))
        if x is None or y is None or axes not in (1, -1, (1, 1), [1, 1], (-1, -1), [-1, -1]):
            return None
        a, b = self.of(x, depth), self.of(y, depth)
        ranks = (a.rank if a is not None else None, b.rank if b is not None else None)
        same = ast.dump(x) == ast.dump(y) and isinstance(x, (ast.Name, ast.Attribute))
        if ranks != (2, 2) and not (same and rank == 2 and ranks == (None, None)):
            return None
        batch = a.known.get(0) if a is not None else None
        return Shape.of([batch if isinstance(batch, int) else None, 1])

    def _conv(self, call: ast.Call, rank: int | None, depth: int) -> Shape | None:
        """`tf.nn.conv1d(x, filters, ...)` in a channels-last format (the default): the input's rank
        (the op's own, or the filters'), its batch, and the filters' last axis as channels (1 for
        `filter_kernel[:, None, None]`, a single filter). A format that is not a stated channels-last
        one (also one passed by position) leaves it unknown."""
        data_format = _arg(call, None, "data_format")
        if len(call.args) > 4 or data_format is not None and self.file.literal(data_format) not in _CHANNELS_LAST:
            return None
        source = self.of(_arg(call, 0, "input") or _arg(call, None, "value") or _arg(call, None, "x"), depth) \
            or Shape(None, {})
        filters = self.of(_arg(call, 1, "filters") or _arg(call, None, "filter") or _arg(call, None, "kernel"),
                          depth) or Shape(None, {})
        rank = rank or source.rank or filters.rank
        if rank is None:
            return None
        return _channels(source, rank, (filters.dims(rank) or (None,))[-1])

    def _reshaping(self, call: ast.Call, name: str, depth: int) -> Shape | None:
        """The calls that state a rank: tiles, diagonal matrices, squeezes, concats, `tf.eye`."""
        if name in _TILES:
            return self._tile(call, depth)
        if name in _DIAGONALS:
            source = self.of(_arg(call, 0, "diagonal"), depth)
            banded = len(call.args) > 1 or any(k.arg != "name" for k in call.keywords)  # k=, num_rows=...
            if source is None or source.rank is None or banded:
                return None
            dims = source.dims()
            return Shape.of([*dims, dims[-1]] if _DIAGONALS[name] == 1 else [*dims, *dims])
        if name == "tensorflow.linalg.set_diag":
            return self.of(_arg(call, 0, "input"), depth)
        if name in _SQUEEZES:
            return self._squeeze(call, depth)
        if name in _CONCATS:
            return self._concat(call, depth)
        if name == "tensorflow.eye" and _arg(call, 2, "batch_shape") is None:
            rows = self.file.literal(_arg(call, 0, "num_rows"))
            columns = self.file.literal(_arg(call, 1, "num_columns"))
            rows = rows if isinstance(rows, int) else None
            return Shape.of([rows, columns if isinstance(columns, int) else rows])
        return None

    def _concat(self, call: ast.Call, depth: int) -> Shape | None:
        """`tf.concat(values, axis)`: the pieces' rank; along the axis the sum of their sizes when every
        one is stated (four `[1, n]` coordinates make `[4, n]`), elsewhere what they agree on."""
        values = self.file.value_of(_arg(call, 0, "values") or _arg(call, None, "xs"))
        pieces = [self.of(v, depth) for v in getattr(values, "elts", ())]
        ranks = {p.rank for p in pieces if p is not None} - {None}
        rank = ranks.pop() if len(ranks) == 1 else None
        axis = self.file.literal(_arg(call, 1, "axis")) if _arg(call, 1, "axis") is not None else 0
        agreed = _agreed(pieces)  # (None when one piece is unknown, or their ranks differ)
        if agreed is None or _size(axis) is None:
            return Shape(rank, {}) if rank is not None else None
        if rank is not None:
            if not -rank <= axis < rank:
                return None  # (no such axis: scalars, or an axis past the rank, are no concat TensorFlow runs)
            axis %= rank
        # (when the rank is unknown, an index counted from the other end may be the same axis: left out)
        known = {i: d for i, d in agreed.known.items() if i != axis and (rank is not None or (i < 0) == (axis < 0))}
        sizes = [p.at(axis) for p in pieces]
        if all(_size(d) is not None for d in sizes):
            known[axis] = sum(sizes)
        return Shape(rank, known) if rank is not None or known else None

    def _tile(self, call: ast.Call, depth: int) -> Shape | None:
        """`tf.tile(x, [n, 1])`: one multiple per axis, so as many axes as the list has entries."""
        multiples = self.file.value_of(_arg(call, 1, "multiples"))
        if not isinstance(multiples, (ast.List, ast.Tuple)) or any(isinstance(m, ast.Starred) for m in multiples.elts):
            return None
        source = self.of(_arg(call, 0, "input"), depth) or Shape(None, {})
        dims = source.dims(len(multiples.elts)) or (None,) * len(multiples.elts)
        times = [self.file.literal(m) for m in multiples.elts]
        return Shape.of(d if t == 1 else d * t if isinstance(d, int) and isinstance(t, int) else None
                        for d, t in zip(dims, times))

    def _squeeze(self, call: ast.Call, depth: int) -> Shape | None:
        source = self.of(_arg(call, 0, "input") or _arg(call, None, "x"), depth)
        axis = self.file.literal(_arg(call, 1, "axis"))
        axes = [axis] if isinstance(axis, int) else axis if isinstance(axis, (list, tuple)) else None
        if source is None or not axes or not all(isinstance(a, int) for a in axes):
            return None  # (no axis: every axis of size 1 goes, which the source may not state)
        return _without_axes(source, axes)

    def _literal_shape(self, expr: ast.AST | None, reshape: bool = False) -> Shape | None:
        if expr is None:
            return None
        expr = self.file.value_of(expr)
        if not isinstance(expr, (ast.List, ast.Tuple)):
            value = self.file.literal(expr)
            if isinstance(value, (list, tuple)) and all(isinstance(v, int) or v is None for v in value):
                return Shape.of(None if reshape and v == -1 else v for v in value)
            if not reshape and isinstance(value, int) and not isinstance(value, bool):
                return Shape.of([value])  # `tf.ones(8)`: a vector of 8
            if not reshape and self._element_count(expr):
                return Shape.of([ELEMENTS])  # `tf.ones(tf.size(labels))`
            return None
        dims = []
        for element in expr.elts:
            value = self.file.literal(element)
            if isinstance(value, int) and not isinstance(value, bool):
                dims.append(None if reshape and value == -1 else value)
            elif value is None or value is NOT_LITERAL:
                dims.append(ELEMENTS if self._element_count(element) else None)
            else:
                return None
        return Shape.of(dims)

    def _element_count(self, expr: ast.AST) -> bool:
        """`tf.size(x)`, also through a name: the number of elements of a tensor."""
        value = self.file.value_of(expr)
        return isinstance(value, ast.Call) and self.file.qualified(value.func) in _SIZES

    def _expand_dims(self, call: ast.Call, depth: int) -> Shape | None:
        given = _arg(call, 1, "axis")
        # (Keras's backend `K.expand_dims(x, axis=-1)` has a default; TensorFlow's needs the axis)
        axis = self.file.literal(given) if given is not None else -1 if self.file.qualified(call.func) == \
            "keras.backend.expand_dims" else None
        if not isinstance(axis, int):
            return None
        source = self.of(_arg(call, 0, "input") or _arg(call, None, "x"), depth)
        if source is not None and source.rank is not None:
            dims = list(source.dims())
            position = axis if axis >= 0 else len(dims) + 1 + axis
            if not 0 <= position <= len(dims):
                return None
            dims.insert(position, 1)
            return Shape.of(dims)
        known = source.known if source is not None else {}
        if axis >= 0:  # the axes from `axis` on move one place on
            return Shape(None, {**{i: d for i, d in known.items() if 0 <= i < axis},
                                **{i + 1: d for i, d in known.items() if i >= axis}, axis: 1})
        return Shape(None, {**{i: d for i, d in known.items() if i >= 0},
                            **{i + axis + 1 if i > axis else i - 1: d for i, d in known.items() if i < 0}, axis: 1})

    def _reduction(self, call: ast.Call, depth: int) -> Shape | None:
        keep_node = _arg(call, 2, "keepdims") or _arg(call, None, "keep_dims")
        keep = False if keep_node is None else self.file.literal(keep_node)
        axis_node = _arg(call, 1, "axis") or _arg(call, None, "reduction_indices")
        axis = None if axis_node is None else self.file.literal(axis_node)
        if keep is not True and keep is not False:
            return None
        if axis is None:  # every axis: a scalar, or all 1s
            source = self.of(_arg(call, 0, "input_tensor") or _arg(call, None, "x"), depth)
            return Shape(0, {}) if not keep else None if source is None or source.rank is None else Shape.of(
                [1] * source.rank)
        axes = [axis] if isinstance(axis, int) else axis if isinstance(axis, (list, tuple)) else None
        if axes is None or not all(isinstance(a, int) for a in axes):
            return None
        source = self.of(_arg(call, 0, "input_tensor") or _arg(call, None, "x"), depth) or Shape(None, {})
        if not keep:
            return _without_axes(source, axes)
        known = dict(source.known)
        for a in axes:
            known[a if source.rank is None or a >= 0 else a + source.rank] = 1
        return Shape(source.rank, known)

    def _transpose(self, call: ast.Call, depth: int) -> Shape | None:
        perm_node = _arg(call, 1, "perm") or _arg(call, None, "axes")
        perm = self.file.literal(perm_node)
        source = self.of(_arg(call, 0, "a") or _arg(call, None, "x"), depth)
        if source is None:
            return None
        if perm is NOT_LITERAL or perm is None:
            if perm_node is None and source.rank is not None:
                return Shape.of(reversed(source.dims()))
            return None
        if not isinstance(perm, (list, tuple)) or not all(isinstance(p, int) for p in perm):
            return None
        dims = source.dims(len(perm))
        return None if dims is None else Shape.of(dims[p] for p in perm)

    def _subscript(self, sub: ast.Subscript, depth: int) -> Shape | None:
        """`x[..., None]`, `x[:, :, None]`, `x[:, 0:1]`: new axes and slices of width 1."""
        index = sub.slice
        elements = index.elts if isinstance(index, ast.Tuple) else [index]
        if not any(self._new_axis(e) or isinstance(e, ast.Slice) for e in elements):
            return None if isinstance(index, ast.Tuple) else self._item(sub, depth)
        source = self.of(sub.value, depth)
        ellipsis = [i for i, e in enumerate(elements) if isinstance(e, ast.Constant) and e.value is Ellipsis]
        if len(ellipsis) > 1:
            return None
        if ellipsis:  # what follows the ellipsis is counted from the end
            after = elements[ellipsis[0] + 1:]
            known: dict[int, Any] = {}
            position = -1
            for element in reversed(after):
                width = self._width(element)
                if width == "drop":
                    continue
                known[position] = width
                position -= 1
            return Shape(None, known)
        dims: list = []
        for i, element in enumerate(elements):
            width = self._width(element)
            if width == "drop":
                continue
            full = isinstance(element, ast.Slice) and element.lower is element.upper is element.step is None
            if full and width is None and source is not None:
                width = source.at(i)  # `:` keeps the axis (`1:` does not: unknown)
            dims.append(width)
        if source is not None and source.rank is not None:
            consumed = sum(1 for e in elements if not self._new_axis(e))
            dims.extend(source.dims()[consumed:])
            return Shape.of(dims)
        return Shape(None, dict(enumerate(dims)))

    def _new_axis(self, element: ast.AST) -> bool:
        """`None`, `tf.newaxis` or `np.newaxis` in a subscript: a new axis of size 1."""
        if isinstance(element, ast.Constant):
            return element.value is None
        return isinstance(element, ast.Attribute) and element.attr == "newaxis" and \
            self.file.qualified(element) in _NEW_AXES

    def _item(self, sub: ast.Subscript, depth: int) -> Shape | None:
        """`x[i]`: an element of a list literal (by a literal index), an item of a layer's container
        attribute (`self.kernels[k]`), else a tensor's row (its first axis goes)."""
        container = self.file.value_of(sub.value)
        if isinstance(container, (ast.List, ast.Tuple)):
            index = self.file.literal(sub.slice)
            elements = container.elts
            if isinstance(index, int) and -len(elements) <= index < len(elements) and \
                    not any(isinstance(e, ast.Starred) for e in elements):
                return self.of(elements[index], depth)
            return None
        items = self._items(container)
        if items is not None:
            return _agreed([self.of(v, depth) for v in items])
        source = self.of(sub.value, depth)
        if source is None or source.rank is None or source.rank == 0:
            return None
        return Shape.of(source.dims()[1:])

    def _width(self, element: ast.AST) -> Any:
        """1 for `None` and `a:a+1`; b - a for `a:b` (`:4`, `-4:`, `-4:-1`: literal bounds of one sign,
        the width the code asks for, the axis being at least that long); None for a slice of unknown
        width; "drop" for an integer index."""
        if self._new_axis(element):
            return 1
        if isinstance(element, ast.Slice):
            lower = self.file.literal(element.lower) if element.lower is not None else 0
            upper = self.file.literal(element.upper) if element.upper is not None else None
            if element.upper is None and isinstance(lower, int) and lower < 0:
                upper = 0  # `-4:`: the last 4
            elif isinstance(upper, int) and isinstance(lower, int) and lower < 0 <= upper:
                return None  # `-4:2`: the width depends on the axis' length
            ints = all(_size(b) is not None for b in (lower, upper))
            if ints and element.step is None and upper > lower:
                return upper - lower
            return None
        return "drop"


# `t.shape.ndims`, `t.get_shape().ndims`, `t.shape.rank`: the rank of a tensor read from its static shape
RANK_ATTRS = {"ndims", "rank"}
RANK_CALLS = {"tensorflow.rank", "keras.backend.ndim", "keras.ops.ndim"}  # (the rank as a tensor, or the backend's int)


def rank_of(file: "FileContext", expr: ast.AST, name: str) -> bool:
    """Whether `expr` reads the rank of the tensor the name `name` holds: `len(t.shape)`, `t.shape.ndims`,
    `t.get_shape().ndims`, `t.shape.rank`, `t.ndim`, `tf.rank(t)`, `K.ndim(t)` (an axis range up to it covers the
    last axis);
    `len(tf.shape(t))`, and the shape through a name every assignment reaching the read binds so (`len(t_shape)`)."""
    def shape_of(e: ast.AST, depth: int = 0) -> bool:
        if isinstance(e, ast.Name) and e.id != name and depth == 0:  # `t_shape = tf.shape(t)` (on every path)
            reaching = file.reaching_bindings(e)
            return bool(reaching) and all(b.value is not None and shape_of(b.value, 1) for b in reaching)
        if isinstance(e, ast.Call) and len(e.args) == 1 and not e.keywords and \
                file.call_name(e) in ("tensorflow.shape", "keras.ops.shape"):
            e = e.args[0]
        elif isinstance(e, ast.Call) and not e.args and isinstance(e.func, ast.Attribute) and e.func.attr == "get_shape":
            e = e.func.value
        elif isinstance(e, ast.Attribute) and e.attr == "shape":
            e = e.value
        else:
            return False
        return isinstance(e, ast.Name) and e.id == name
    if isinstance(expr, ast.Attribute):
        if expr.attr in RANK_ATTRS:
            return shape_of(expr.value)
        return expr.attr == "ndim" and isinstance(expr.value, ast.Name) and expr.value.id == name
    if isinstance(expr, ast.Call) and len(expr.args) == 1:  # (`tf.rank(t, name=...)` too)
        if isinstance(expr.func, ast.Name) and expr.func.id == "len" and file.binding(expr.func) is None:
            return shape_of(expr.args[0])
        return file.call_name(expr) in RANK_CALLS and isinstance(expr.args[0], ast.Name) and expr.args[0].id == name
    return False


def kept_shape_layer(file: "FileContext", value: ast.AST | None, depth: int = 0, project: bool = True) -> bool:
    """A call that makes a layer keeping its input's shape: the Keras class's (also through a name or a
    lambda), and with `project` what a project maker function returns called, or a project function that
    returns one."""
    if not isinstance(value, ast.Call) or depth > 4:
        return False
    return _makes_kept_shape(file, value.func, depth + 1, project) or project and _maker(file, value) == "layer"


def _makes_kept_shape(file: "FileContext", func: ast.AST, depth: int, project: bool) -> bool:
    """Called, `func` makes a layer that keeps the shape: the class, a lambda that makes one, the result
    of a project maker function."""
    target = file.value_of(func)
    if isinstance(target, (ast.Name, ast.Attribute)):
        return file.qualified(target) in _KEPT_SHAPE_LAYERS
    if isinstance(target, ast.Lambda):
        return kept_shape_layer(file, target.body, depth + 1, project)
    return project and isinstance(target, ast.Call) and _maker(file, target) == "maker"


def _maker(file: "FileContext", call: ast.Call) -> str | None:
    callee = file.callee(call)
    return file.project.first(KEPT_SHAPE_MAKER, callee) if callee is not None else None


def _variable_class(file: "FileContext", call: ast.Call) -> bool:
    """A call that makes an instance of a project class of variables (`VARIABLE_CLASS`)."""
    return _derives_variable(file, file.callee(call))


def _derives_variable(file: "FileContext", qualname: str | None) -> bool:
    """Whether the project class `qualname` derives from a variable class (`_VARIABLE_BASES`), through this file's
    classes or a class of another module that exports `VARIABLE_CLASS`."""
    return derives(file, qualname, _VARIABLE_BASES, VARIABLE_CLASS)


def _derives_keras(file: "FileContext", qualname: str | None) -> bool:
    """Whether the project class `qualname` derives from a Keras class (a layer, model, loss...), through project
    classes of any module (`KERAS_CLASS`)."""
    return derives(file, qualname, set(), KERAS_CLASS, prefixes=("keras.",))


def export_variable_classes(file: "FileContext") -> None:
    """`VARIABLE_CLASS` for each class of the file that derives from a variable class (through project classes);
    `WEIGHT_ATTRIBUTE` for each attribute of a class that its methods set only to weights (`self.W = Parameter(W)`,
    `if not isinstance(Z, tf.Variable): Z = Parameter(Z)` then `self.Z = Z`). Once per file (several rules ask)."""
    if "variable-classes" in file.shared:
        return
    file.shared["variable-classes"] = True
    for node, qualname in file.qualnames.items():
        if type(node) is ast.ClassDef and node.bases and _derives_variable(file, qualname):
            file.project.export(VARIABLE_CLASS, qualname)
        if type(node) is ast.ClassDef and node.bases and _derives_keras(file, qualname):
            file.project.export(KERAS_CLASS, qualname)
        if type(node) is ast.ClassDef and node.bases and derives(file, qualname, _THETA_BASES, THETA_LAYER):
            file.project.export(THETA_LAYER, qualname)
    shapes = file.shapes
    for owner, stores in file.self_assignments_by_class().items():
        qualname = file.qualnames.get(owner)
        for attr, assigns in stores.items() if qualname is not None else ():
            if all(type(a.value) in (ast.Call, ast.Name) and _stored_weight(file, shapes, a.value) for a in assigns):
                file.project.export(WEIGHT_ATTRIBUTE, qualname, attr)


def _stored_weight(file: "FileContext", shapes: "ShapeInference", value: ast.expr) -> bool:
    """A weight (`is_weight`) a method stores: a name counts when every binding of it in its function is a weight,
    or is its parameter coerced to one when it is no variable (`if not isinstance(Z, tf.Variable): Z =
    Parameter(Z)`: a variable either way)."""
    if type(value) is not ast.Name:
        return shapes.is_weight(value)
    bindings = file.scope_index(file.scope_of(value)).bindings.get(value.id, [])
    made = [b for b in bindings if b.stmt is not None]
    if not made or len(made) == len(bindings):
        return bool(made) and all(b.value is not None and shapes.is_weight(b.value) for b in made)
    return all(b.value is not None and shapes.is_weight(b.value) and _coerced(file, b.stmt, value.id) for b in made)


def _coerced(file: "FileContext", stmt: ast.AST, name: str) -> bool:
    """`stmt` runs only when `name` is no variable: in the body of `if not isinstance(name, (tf.Variable, ...))`."""
    branch = file.parent(stmt)
    test = branch.test if isinstance(branch, ast.If) and any(s is stmt for s in branch.body) else None
    call = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "isinstance"
            and len(call.args) == 2 and isinstance(call.args[0], ast.Name) and call.args[0].id == name):
        return False
    kinds = call.args[1].elts if isinstance(call.args[1], ast.Tuple) else [call.args[1]]
    return any(file.qualified(k) in _VARIABLE_BASES for k in kinds)


def _annotated_classes(file: "FileContext", annotation: ast.expr | None) -> list[str] | None:
    """The project classes an annotation names (`Kernel`, `kernels.Kernel`, `Union[A, B]`, `Optional[A]`, `A | B`);
    None when it names anything else (a framework type, a string, another generic)."""
    if annotation is None:
        return None
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        parts = [annotation.left, annotation.right]
    elif isinstance(annotation, ast.Subscript) and (file.qualified(annotation.value) or "").rpartition(".")[2] in (
            "Union", "Optional"):
        inner = annotation.slice
        parts = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
    elif isinstance(annotation, (ast.Name, ast.Attribute)):
        name = file.def_of(annotation)
        return [name] if name is not None and isinstance(file.defs.get(name, annotation), (ast.ClassDef, ast.expr)) \
            else None  # (a class of this file, or a name of another module)
    else:
        return None
    found = []
    for part in parts:
        if isinstance(part, ast.Constant) and part.value is None:
            continue  # (Optional: None has no attribute to read)
        classes = _annotated_classes(file, part)
        if classes is None:
            return None
        found += classes
    return found or None


def _stores_weight(project, cls: str, attr: str) -> bool:
    """The class, or a project base of it (the first up its bases that says so), stores only weights in `attr`."""
    todo, seen = [cls], set()
    while todo and len(seen) <= _BASE_HOPS:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if attr in project.query(WEIGHT_ATTRIBUTE, name):
            return True
        todo.extend(b for b in project.query(STEP_BASE, name) if isinstance(b, str))
    return False


def export_function_facts(file: "FileContext") -> None:
    """Export, for each module-level function of the file, `KEPT_SHAPE_MAKER` (it returns a layer that
    keeps the shape, or a maker of one) and `DATA_PARAMETERS` (which parameters reach what it returns)."""
    assigning, sizing = _assigning_and_sizing(file)
    for stmt in file.tree.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        returns = file.returns_of(stmt)
        if not returns or any(r.value is None for r in returns):
            continue
        qualname = file.qualnames[stmt]
        values = [r.value for r in returns]
        # (read without other functions' facts: a fact on a fact would take a round of the project per step)
        if all(kept_shape_layer(file, v, project=False) for v in values):
            file.project.export(KEPT_SHAPE_MAKER, qualname, "layer")
        elif all(isinstance(v, ast.Lambda) and kept_shape_layer(file, v.body, project=False) or
                 isinstance(v, (ast.Name, ast.Attribute)) and file.qualified(v) in _KEPT_SHAPE_LAYERS for v in values):
            file.project.export(KEPT_SHAPE_MAKER, qualname, "maker")
        if stmt in assigning:
            assigned = _assigned_parameters(stmt, assigning[stmt])
            if assigned:
                file.project.export(ASSIGNED_PARAMETERS, qualname, assigned)
        found = _data_parameters(file, stmt, values)
        if found is not None:
            file.project.export(DATA_PARAMETERS, qualname, found)
        if stmt in sizing and not stmt.decorator_list and not stmt.name.startswith("_") and \
                all(_constant(file, v, _Scope(None, None, False, True), 0) for v in values):
            file.project.export(SIZED_RETURN, qualname, True)  # (its parameters as `sized_only` reads them: sizes)


_SIZE_ATTRS = {"range", "shape", "size", "rank", "meshgrid"}  # (the calls a table of sizes starts from, by name)


def _assigning_and_sizing(file: "FileContext") -> tuple[dict, set]:
    """The module-level functions of the file with calls of a name's `.assign*` method (-> those calls), and those
    with calls that may start a table of sizes (`tf.range`, `tf.shape`): the only ones `ASSIGNED_PARAMETERS` and
    `SIZED_RETURN` may hold (one pass over the file's calls; a private function's table is read where the file
    calls it, `_constant_returned`)."""
    assigning: dict[ast.AST, list[ast.Call]] = {}
    sizing: set[ast.AST] = set()
    for call in file.calls:
        func = call.func
        attr = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None
        if attr not in _ASSIGNS and attr not in _SIZE_ATTRS:
            continue
        top = next((a for a in file.ancestors(call) if type(file.parent(a)) is ast.Module), None)
        if attr in _SIZE_ATTRS:
            sizing.add(top)
        elif type(func) is ast.Attribute and type(func.value) is ast.Name:
            assigning.setdefault(top, []).append(call)
    return assigning, sizing


def call_positions(function: ast.FunctionDef | ast.AsyncFunctionDef, file: "FileContext",
                   names: Iterable[str]) -> tuple[tuple[int, str, bool], ...]:
    """(position among a call's arguments or -1, name, whether a call may leave it out for a literal default) of
    parameters: a method's calls (`obj.m(x)`) do not pass its first parameter."""
    positional = positional_names(function)
    defaults = parameter_defaults(function)
    shift = 1 if isinstance(file.parent(function), ast.ClassDef) and not any(
        isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list) else 0
    return tuple((positional.index(n) - shift if n in positional else -1, n,
                  constant(file, defaults[n]) if n in defaults else False) for n in names)


def weight_helper(file: "FileContext", function: ast.AST, parameters: tuple) -> None:
    """Note a function of the file whose `parameters` ((position, name, omittable), ...) decide whether what it
    moves is computed only from weights (`WEIGHT_HELPER`): its callers export what they pass them (`WEIGHT_CALL`)."""
    qualname = file.qualnames.get(function)
    helpers = file.shared.setdefault("weight-helpers", {})
    if qualname is None:
        return
    known = helpers.get(qualname)
    if known is not None:  # (two transposes of different parameters in one function: what its calls pass both)
        parameters = _helper_union((known, parameters))
        if parameters == known:
            return
    helpers[qualname] = parameters
    file.project.export(WEIGHT_HELPER, qualname, parameters)
    for dispatcher in dispatchers(file, function):  # (its calls pass the registered function's arguments)
        file.project.export(WEIGHT_HELPER, dispatcher, parameters)
        file.project.export(DISPATCHED_ON, qualname, dispatcher)
    for base in _overridden(file, function):  # (a base's `self.m(w)` runs the override: its calls, of this file)
        helpers.setdefault(base, parameters)
        file.project.export(WEIGHT_HELPER, base, parameters)
        file.project.export(DISPATCHED_ON, qualname, base)


def _overridden(file: "FileContext", function: ast.AST) -> list[str]:
    """The methods of the file's base classes of a method's class that it overrides with the same parameters
    (`Lorth._compute_conv_kk(self, w)`, abstract, which `Lorth2D._compute_conv_kk(self, w)` overrides): the base's
    own `self._compute_conv_kk(w)` runs the override on an instance of the subclass, with the call's arguments."""
    owner = file.parent(function)
    if not isinstance(owner, ast.ClassDef) or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    names = positional_names(function)
    found = []
    for base in owner.bases:
        local = file.defs.get(file.def_of(base) or "")
        if not isinstance(local, ast.ClassDef) or local is owner:
            continue
        same = next((n for n in local.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name == function.name), None)
        if same is not None and positional_names(same) == names and same in file.qualnames:
            found.append(file.qualnames[same])
    return found


def _helper_union(sets) -> tuple:
    """The parameters ((position, name, omittable), ...) of several `WEIGHT_HELPER` facts of one function, once each."""
    return tuple(sorted({p for parameters in sets for p in parameters}, key=lambda p: (p[0] < 0, p[0], p[1])))


def dispatchers(file: "FileContext", node: ast.AST) -> list[str]:
    """The project dispatchers a function is registered on (`@prior_kl.register(InducingPoints, Kernel, object)`,
    `@dispatch.expectation.register(...)`, `functools.singledispatch`'s `@f.register`): a call of the dispatcher
    (`prior_kl(z, kernel, self.q_mu, self.q_sqrt)`) runs one of the functions registered on it with the call's
    arguments (the dispatch is by their types at run time). A dispatcher is a name of the project: a module-level
    name of this file, or one another module defines."""
    found = []
    for decorator in getattr(node, "decorator_list", ()):
        said = decorator.func if type(decorator) is ast.Call else decorator
        if type(said) is not ast.Attribute or said.attr != "register":
            continue
        holder = said.value
        name = file.def_of(holder)
        if name is None and type(holder) is ast.Name and file.module and any(
                type(stmt) is ast.Assign and any(type(t) is ast.Name and t.id == holder.id for t in stmt.targets)
                for stmt in file.tree.body):
            name = f"{file.module}.{holder.id}"
        if name is not None and file.project.is_module(name.rpartition(".")[0]):
            found.append(name)
    return found


def export_weight_calls(file: "FileContext") -> None:
    """Export `WEIGHT_CALL` for each call (not in tests) of a weight helper (`WEIGHT_HELPER`: of this file, or
    one the project notes): what it passes the helper's parameters, settings, tensors computed only from
    weights, or what would be were some parameters of the calling function weights, which makes that function
    a helper in turn. Once per file (several rules ask, after every rule's walk)."""
    if "weight-calls" in file.shared:
        return
    file.shared["weight-calls"] = True
    shapes = file.shapes
    helpers = file.shared.setdefault("weight-helpers", {})
    pending = [(call, callee, call) for call in file.calls if (callee := file.callee(call)) is not None]
    pending += _loop_bodies(file)
    for _ in range(_HELPER_PASSES):  # (a helper found calls another of the file's: its calls are read again)
        count, later = len(helpers), []
        for call, callee, site in pending:
            wanted = helpers.get(callee)
            if wanted is None and callee not in helpers:
                wanted = _helper_union(file.project.query(WEIGHT_HELPER, callee)) or None
            if wanted is None:
                later.append((call, callee, site))
            elif file.local_context(site) != "test":
                file.project.export(WEIGHT_CALL, callee, _weight_arguments(file, shapes, call, wanted))
        pending = later
        if len(helpers) == count or not pending:
            break


_HELPER_PASSES = 3
_LOOPS = {"tensorflow.while_loop": (1, "body", 2, "loop_vars")}  # (body's position and keyword, loop_vars')


def _loop_bodies(file: "FileContext") -> list[tuple[ast.Call, str, ast.Call]]:
    """(a call as the loop makes it, the body's qualname, the loop's call) for each `tf.while_loop(cond, body,
    (w, old_w))` of the file whose body is a def of the file and whose loop variables are a literal tuple or
    list: TensorFlow calls the body with them (their first values; then with what it returns, of the same
    shapes: the loop's documented contract), so what the loop passes is what its calls pass."""
    found = []
    for call in file.calls:
        loop = _LOOPS.get(file.call_name(call) or "")
        if loop is None:
            continue
        body, loop_vars = _arg(call, loop[0], loop[1]), _arg(call, loop[2], loop[3])
        qualname = file.def_of(body) if isinstance(body, ast.Name) else None
        if qualname is None or not isinstance(loop_vars, (ast.Tuple, ast.List)) or any(
                isinstance(e, ast.Starred) for e in loop_vars.elts):
            continue
        made = ast.Call(func=body, args=list(loop_vars.elts), keywords=[])
        found.append((made, qualname, call))
    return found


def _weight_arguments(file: "FileContext", shapes: "ShapeInference", call: ast.Call, wanted: tuple) -> tuple:
    """What a call passes a helper's `wanted` parameters (`WEIGHT_CALL`'s value)."""
    starred = next((i for i, a in enumerate(call.args) if isinstance(a, ast.Starred)), len(call.args))
    passed = []
    for position, name, _ in wanted:
        if 0 <= position < starred:
            value, keyword = call.args[position], ""
        else:
            value = next((k.value for k in call.keywords if k.arg == name), None)
            keyword, position = name, -1
        if value is None or isinstance(value, (ast.JoinedStr, ast.Lambda)):
            continue
        if shapes.setting(value) or constant(file, value, settings=True):
            passed.append((position, keyword, SETTING_HELD if _held_setting(file, value) else SETTING))
        elif shapes.weights_only(value):
            passed.append((position, keyword, ()))
        elif (found := shapes.weight_parameters(value)) is not None:
            function = found[2]
            deps = call_positions(function, file, found[0])
            weight_helper(file, function, deps)
            settings = open_parameters(file, value) is not None  # (only parameters reach it besides settings)
            # (whether the caller is decorated: a registry, a dispatcher may call it by means the source does not show)
            passed.append((position, keyword, (file.qualnames[function], deps, found[1], settings,
                                               bool(getattr(function, "decorator_list", None)))))
        else:
            passed.append((position, keyword, ACTIVATION))
    return tuple(passed)


def _held_setting(file: "FileContext", value: ast.expr) -> bool:
    """Whether a setting a call passes reads an attribute of `self` in a class that derives from no Keras class
    (through the project's classes, `KERAS_CLASS`): what its constructor stored may be a tensor of the step (TF1
    models)."""
    for node in ast.walk(value):
        if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == "self":
            owner = file.enclosing_class(node)
            if owner is None or not _derives_keras(file, file.qualnames.get(owner)):
                return True
    return False


def _assigned_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef, calls: list[ast.Call]) -> tuple[int, ...]:
    """The positions of the parameters whose `.assign*` method the function calls (`ref.assign(value)`; `calls`:
    the function's calls of a name's `.assign*` method)."""
    positional = positional_names(function)
    return tuple(sorted({positional.index(c.func.value.id) for c in calls if c.func.value.id in positional}))


def _self_reads(file: "FileContext", owner: ast.ClassDef) -> dict[str, list[ast.Attribute]]:
    """`self.<attr>` nodes in a class, by attr (one walk of the class)."""
    key = (owner, "self reads")
    found = file.shapes._weight_parameters.get(key)
    if found is None:
        found = {}
        for node in walk_nodes(owner):
            if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == "self":
                found.setdefault(node.attr, []).append(node)
        file.shapes._weight_parameters[key] = found
    return found


def _file_calls(file: "FileContext", function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call] | None:
    """Every call of a function only the file calls: a nested function or a private one of the module (by its
    name), a private method of a class (`self._m(...)` in the class); None when it is not such a function, or
    when a read of it is no call (a reference escapes)."""
    holder = file.scope_of(function)
    private = function.name.startswith("_") and not function.name.endswith("__")
    if isinstance(holder, ast.ClassDef):
        if not private:
            return None
        reads = _self_reads(file, holder).get(function.name, [])
    elif isinstance(holder, (ast.FunctionDef, ast.AsyncFunctionDef)) or isinstance(holder, ast.Module) and private:
        reads = list(file.walk.reads(holder, function.name))
    else:
        return None
    calls = []
    for read in reads:
        call = file.parent(read)
        if not isinstance(call, ast.Call) or call.func is not read or any(isinstance(a, ast.Starred) for a in call.args) \
                or any(k.arg is None for k in call.keywords):
            return None
        calls.append(call)
    return calls


file_calls = _file_calls  # (for rules: the calls of a function only the file calls)


def _caller_calls(file: "FileContext", function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[list, bool] | None:
    """(every call of `function`, whether they are all its calls): those of a function only the file calls
    (`_file_calls`, True); or, for a public function of the module (undecorated), its calls by name in the file when
    every read of it there is a call and the project calls it from nowhere else and hands it on nowhere
    (`CALLED_BY`, `REFERRED_BY`): all the project's calls, but a package's user may call it too (False). None
    when some call unpacks arguments, or there is no call."""
    if function.decorator_list or function.args.vararg is not None or function.args.posonlyargs:
        return None
    calls = _file_calls(file, function)
    if calls is not None:
        return (calls, True) if calls else None
    if not isinstance(file.scope_of(function), ast.Module) or function.name.startswith("_"):
        return None
    calls = []
    for read in file.walk.reads(file.tree, function.name):
        call = file.parent(read)
        if not isinstance(call, ast.Call) or call.func is not read or any(isinstance(a, ast.Starred) for a in call.args) \
                or any(k.arg is None for k in call.keywords):
            return None
        calls.append(call)
    qualname = file.qualnames.get(function)
    module = qualname.rpartition(".")[0] if qualname else None
    if not calls or not module or file.project.query(REFERRED_BY, qualname):
        return None
    own = {module, *file.qualnames.values()}  # (the module's code and its functions' and classes')
    if any(type(c) is not str or c not in own for c in file.project.query(CALLED_BY, qualname)):
        return None
    return calls, False


def _data_parameters(file: "FileContext", function: ast.FunctionDef | ast.AsyncFunctionDef,
                     values: list[ast.expr]) -> tuple | None:
    """((position or -1, name), ...) of the parameters whose values may reach the returned `values`, other
    than as a layout op's size or dtype (`LAYOUT_DATA`) or a tensor's `.dtype`: names are followed to
    every binding of them in the function (whatever the order: a superset), and into what is appended or
    stored in them. None when it is not clear (*args, **kwargs, a name bound another way, a nested def)."""
    args = function.args
    if args.vararg or args.kwarg:
        return None
    positional = [a.arg for a in args.posonlyargs + args.args]
    names = set(positional) | {a.arg for a in args.kwonlyargs}
    index = file.scope_index(function)
    if index.dynamic:
        return None
    reached: set[str] = set()
    seen: set[str] = set()
    pending = list(values)
    while pending:
        expr = pending.pop()
        for read in _data_reads(file, expr, project=False):  # (no facts of other functions: no chain of rounds)
            if isinstance(read, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                return None  # (a nested definition: what it closes over is not followed)
            name = read.id
            if name in seen:
                continue
            seen.add(name)
            bindings = index.bindings.get(name)
            if not bindings:
                continue  # a module's name, a builtin: no parameter
            for bound in bindings:
                if bound.stmt is None:
                    if name in names:
                        reached.add(name)
                    continue
                source = bound.value if bound.value is not None else _bound_from(bound.stmt)
                if source is None:
                    return None
                pending.append(source)
            for load in index.loads_of(name):  # what is put into it: `out.append(x)`, `out[k] = x`
                parent = file.parent(load)
                if isinstance(parent, ast.Attribute) and isinstance(call := file.parent(parent), ast.Call) \
                        and call.func is parent:
                    pending += [*call.args, *(k.value for k in call.keywords)]
                elif isinstance(parent, ast.Subscript) and isinstance(parent.ctx, ast.Store):
                    stmt = file.statement_of(parent)
                    if not isinstance(stmt, (ast.Assign, ast.AugAssign)):
                        return None
                    pending.append(stmt.value)
    return tuple((positional.index(n) if n in positional else -1, n) for n in sorted(reached))


def _bound_from(stmt: ast.AST) -> ast.AST | None:
    """What a binding statement without a plain value takes its value from (a tuple target, a loop, `+=`)."""
    if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
        return stmt.value
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return stmt.iter
    if isinstance(stmt, ast.comprehension):
        return stmt.iter
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        return ast.Tuple([i.context_expr for i in stmt.items], ast.Load())
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return ast.Constant(None)
    return None


def _data_reads(file: "FileContext", expr: ast.AST | None, project: bool = True):
    """The names `expr` reads as data (not a layout op's sizes, not `.dtype`), and any nested definition,
    in source order (pre-order, from one generator: a recursive one passes each name up every level)."""
    stack = [expr]
    pop, extend = stack.pop, stack.extend
    while stack:
        expr = pop()
        if expr is None:
            continue
        kind = type(expr)
        if kind is ast.Name:
            if isinstance(expr.ctx, ast.Load):
                yield expr
            continue
        if kind in _DEFINITIONS:
            yield expr
            continue
        if kind is ast.Attribute and expr.attr in _METADATA:
            continue
        if kind is ast.Call:
            data = _data_arguments(file, expr, project)
            if data is not None:
                extend(reversed(data))
                continue
        extend(_children_reversed(expr))


_DEFINITIONS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef})
_FIELDS: dict[type, tuple[str, ...]] = {}
# fields whose nodes `_data_reads` finds nothing in: the context and operator singletons (Load, Add, Eq...:
# no field, no name), and fields that never hold a node (names, flags)
_NO_READS = frozenset({"ctx", "op", "ops", "id", "attr", "arg", "name", "asname", "module", "level", "kind",
                       "type_comment", "conversion", "is_async"})


def _children_reversed(node: ast.AST) -> list[ast.AST]:
    """`ast.iter_child_nodes(node)`, last first (for a stack), without its two generators per node, and
    without the children no read is in (`_NO_READS`)."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _NO_READS)
    found: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            found.append(value)
        elif type(value) is list:
            found.extend(item for item in value if isinstance(item, ast.AST))
    found.reverse()
    return found


def _data_arguments(file: "FileContext", call: ast.Call, project: bool = True) -> list[ast.expr] | None:
    """The arguments of a call that may bring data into its result, when the call says: a layout op's data
    argument (`LAYOUT_DATA`), a project function's arguments for its `DATA_PARAMETERS` (with `project`); else
    None."""
    name = file.qualified(call.func)
    if name in LAYOUT_DATA:
        position, keyword = LAYOUT_DATA[name]
        data = _arg(call, position, keyword)
        return [data] if data is not None else None
    if not project or any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    callee = file.callee(call)
    fact = file.project.first(DATA_PARAMETERS, callee) if callee is not None else None
    if fact is None:
        return None
    return [a for a in (_arg(call, position if position >= 0 else None, keyword) for position, keyword in fact)
            if a is not None]


def export_layer_outputs(file: "FileContext") -> None:
    """Export `LAYER_OUTPUT` of each class of the file whose `call` method returns tensors of one
    stated shape (the sizes its own code states, as a `Dense(1)` score), or else whose
    `compute_output_shape` (the output shape a Keras layer declares) returns one."""
    for node, qualname in file.qualnames.items():
        if type(node) is not ast.ClassDef:
            continue
        shape = _returned(file, node, "call", file.shapes.of)
        if shape is None or not shape.known:
            shape = _returned(file, node, "compute_output_shape", _declared_shape)
        if shape is not None and shape.known:
            file.project.export(LAYER_OUTPUT, qualname, (shape.rank, tuple(sorted(shape.known.items()))))


def _returned(file: "FileContext", owner: ast.ClassDef, name: str, shape_of) -> Shape | None:
    """The shape every return of the class's method `name` agrees on, each read by `shape_of`."""
    method = next((s for s in owner.body if isinstance(s, ast.FunctionDef) and s.name == name), None)
    returns = file.returns_of(method) if method is not None else []
    if not returns or any(r.value is None for r in returns):
        return None
    return _agreed([shape_of(r.value) for r in returns])


def _declared_shape(value: ast.expr) -> Shape | None:
    """A shape tuple `compute_output_shape` returns: `(None, 1, input_shape[1][1])` is [?, 1, ?]."""
    if not isinstance(value, (ast.Tuple, ast.List)) or any(isinstance(e, ast.Starred) for e in value.elts):
        return None
    return Shape.of(e.value if isinstance(e, ast.Constant) and type(e.value) is int else None for e in value.elts)


# the Keras classes whose instances Keras calls on a layer's weights (keras.io: regularizers, constraints)
_WEIGHT_CALLABLES = {"keras.regularizers.Regularizer", "keras.constraints.Constraint"}
# the Keras class whose instances Keras calls with a weight's shape and dtype to make its initial value (keras.io:
# `Initializer.__call__(shape, dtype=None, **kwargs)`): what it makes of them is the weight
_WEIGHT_MAKERS = {"keras.initializers.Initializer"}
# TensorFlow's and Keras's optimizer bases, and the update hooks they call per variable with (gradient, variable)
# (their documented subclassing API: tf.compat.v1.train.Optimizer, OptimizerV2, Keras 3's Optimizer)
_OPTIMIZERS = {"tensorflow.train.Optimizer", "keras.optimizers.Optimizer", "keras.optimizers.legacy.Optimizer",
               "keras.optimizer_v2.optimizer_v2.OptimizerV2", "keras.optimizers.experimental.Optimizer"}
_OPTIMIZER_HOOKS = {"_apply_dense", "_resource_apply_dense", "_apply_sparse", "_resource_apply_sparse",
                    "_apply_sparse_duplicate_indices", "_resource_apply_sparse_duplicate_indices", "update_step"}


_WEIGHT_WORDS = frozenset({"weight", "weights", "kernel", "kernels"})


def _weights_quantizer(class_name: str) -> bool:
    """A quantizer class named for the weights it quantizes (tfmot's `Default8BitConvTransposeWeightsQuantizer`, a
    `KernelQuantizer`): quantization-aware training calls it on a layer's weights, so what its `__call__` is given
    first is a weight (one named for activations or inputs, or for neither, may be called on activations)."""
    words = set(tokens(class_name))
    return "quantizer" in words and bool(words & _WEIGHT_WORDS)


def _derives_weight_callable(file: "FileContext", node: ast.ClassDef, depth: int,
                             bases: set[str] = _WEIGHT_CALLABLES) -> bool:
    """Whether a class derives from a Keras Regularizer or Constraint (`bases`), directly or through classes of its
    file."""
    for base in node.bases:
        if file.qualified(base) in bases:
            return True
        local = file.defs.get(file.def_of(base) or "")
        if isinstance(local, ast.ClassDef) and local is not node and depth < 4 and \
                _derives_weight_callable(file, local, depth + 1, bases):
            return True
    return False


def _held_weights_item(expr: ast.Subscript) -> bool:
    """`self.decoder.weights[0]`: an item, by a literal position, of the `weights` list of an object the class holds
    (a layer or model handed in: Keras's list of its variables). `weights` alone also names sample weights, so only
    a held object's list, read by position, counts."""
    listed = expr.value
    return isinstance(expr.slice, ast.Constant) and type(expr.slice.value) is int and \
        isinstance(listed, ast.Attribute) and listed.attr == "weights" and _is_self_attribute(listed.value)


def _closure_returns(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    """What a function of no parameters returns (a branch of `tf.cond`, a thunk, a `tf.while_loop` body's closure):
    every return's value; [] when it takes parameters (what it is called with is then unknown here), is decorated,
    returns nothing somewhere, or yields."""
    if parameter_names(function) or function.decorator_list:
        return []
    return returned_values(function) or []


def parameter_owner(file: "FileContext", name: ast.Name) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The def whose parameter a name reads (the innermost around it that has one of that name)."""
    for scope in (file.scope_of(name), *file.ancestors(file.scope_of(name))):
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and \
                name.id in parameter_names(scope):
            return None if isinstance(scope, ast.Lambda) else scope
    return None


# Constant-built values: no tensor of the step reaches them (`constant`).
# framework ops that make a tensor of no input but their sizes, and the arguments of others that are sizes,
# axes or dtypes (not data): a setting of the object there (a constructor's parameter) keeps the result a constant
_SIZE_ONLY = {"tensorflow.range", "tensorflow.zeros", "tensorflow.ones", "tensorflow.eye", "tensorflow.linspace",
              "keras.ops.arange", "keras.ops.zeros", "keras.ops.ones", "keras.ops.eye"}
_SIZE_POSITIONS = {"tensorflow.reshape": 1, "tensorflow.tile": 1, "tensorflow.cast": 1, "tensorflow.fill": 0,
                   "tensorflow.expand_dims": 1, "tensorflow.one_hot": 1, "tensorflow.broadcast_to": 1,
                   "keras.ops.reshape": 1, "keras.ops.tile": 1, "keras.ops.cast": 1, "keras.ops.expand_dims": 1}
_SIZE_KEYWORDS = {"shape", "dims", "multiples", "dtype", "axis", "num", "depth", "name", "perm", "num_rows",
                  "num_columns", "batch_shape", "indexing"}
# framework ops whose result is not a constant whatever their inputs: random draws, variables, inputs, Python calls
_NOT_CONSTANT = re.compile(r"(^|\.)(random|Variable|get_variable|placeholder|Input|py_function|numpy_function|py_func"
                           r"|stateless_random|dropout|layers|Model|Sequential|applications|data|io|summary|load)")
_PYTHON_SIZES = {"int", "float", "len", "round", "max", "min", "abs", "range", "list", "tuple"}
_PYTHON_ITEMS = {"zip", "enumerate", "reversed", "sorted"}  # (the items of what they are given, in `sizes` mode)
# the sizes of a tensor (`sizes` mode: a size, whatever the tensor)
_SHAPE_OF = {"tensorflow.shape", "tensorflow.size", "tensorflow.rank", "tensorflow.math.size", "keras.ops.shape",
             "keras.ops.size", "keras.backend.shape", "keras.backend.int_shape", "keras.backend.ndim"}
# builtins whose result is a Python number whatever they are given (a traced tensor cannot be one): a constant
# of the graph (`fsize = int((kernel_size + 1) / 2)`)
_PYTHON_NUMBERS = {"int", "float", "len", "bool"}
# a parameter's annotation that states a Python scalar (`kernel_size: int`): never a tensor, by the author's
# declaration; a constant of the graph, as a size or as data
_SCALAR_ANNOTATIONS = {"int", "float", "bool"}
# attributes of a value known with it (a constant's shape is one)
_STATIC = ("shape", "ndim", "dtype")
# the methods that set a layer up before any step runs: their parameters are its settings (`build`: the input's
# static shape), in `settings` mode
_SET_UP = ("__init__", "build")


class _Scope(NamedTuple):
    """How parameters read: `init`'s (a constructor's) are constants as sizes; `params`' are constants
    (a function called with constants only); with `settings`, a class's set-up methods' parameters are
    constants (a setting of the layer, fixed before any step), and a layer attribute read as a size is one.
    With `sizes`, any size is one (`sized_only`): a parameter read as a size, a tensor's shape (`x.shape`,
    `tf.shape(x)`, `tf.size(x)`)."""
    init: ast.AST | None
    params: ast.AST | None
    settings: bool
    sizes: bool = False


def constant(file: "FileContext", expr: ast.AST | None, init: ast.AST | None = None, settings: bool = False) -> bool:
    """Whether `expr` is made only of constants: literals, NumPy, framework ops (not random draws, variables or
    inputs) of such inputs, through the names that hold them, the layer attributes whose every assignment is
    one (`self.index = self.make_index(...)` in build), the methods of the class and functions of the file
    that return one when called with constants; in a constructor `init`, also sized by its parameters
    (`tf.range(max_grid_w)`). No tensor of the step reaches it. With `settings`, the parameters of a layer's
    `__init__` and `build` count as constants too (the layer's settings, its input's static shape), and a layer
    attribute as a size: then no batch reaches it (it is not always foldable: a setting may be a variable).
    Answered once per node (`weights_only` asks of each input at each step down, and the names it follows
    reach the same values again): no call of it is made inside another, and the memos it reads are written
    once, so asking again walks the same way to the same answer."""
    memo = file.shapes._constants
    key = (expr, init, settings, "constant")
    known = memo.get(key)
    if known is None:
        function = next((a for a in file.ancestors(expr) if isinstance(a, SCOPES)), None) if expr is not None else None
        known = memo[key] = _constant(file, expr, _Scope(init, _set_up(file, function) if settings else None,
                                                         settings), 0)
    return known


def sized_only(file: "FileContext", expr: ast.AST | None, init: ast.AST | None = None) -> bool:
    """`constant`, where any size also counts: a table made only of constants and sizes, whatever they are
    (an index grid `tf.stack(tf.meshgrid(*[tf.range(s) for s in x.shape[-rank:]]))`, angles
    `tf.range(views, dtype=tf.float32) * delta`): a parameter of any function read as a size (a range's bound, a
    reshape's shape), a tensor's static shape (`x.shape`, its items, `.as_list()`, `.rank`) and its dynamic
    one (`tf.shape(x)`, `tf.size(x)`, `tf.rank(x)`). No data of the step reaches such a table: its values are
    indices or settings, not activations (a grid as long as the batch is still no activation)."""
    return _constant(file, expr, _Scope(init, None, False, True), 0)


def batch_free(file: "FileContext", expr: ast.AST | None) -> bool:
    """`sized_only` where a layer's settings count too (`constant(settings=True)`): a table of sizes, constants
    and settings (`compute_positional_bias(tf.shape(q)[2], tf.shape(k)[2], num_buckets=self.buckets)`). No
    batch reaches it: it is a setting to `Shapes.weights_only`."""
    function = next((a for a in file.ancestors(expr) if isinstance(a, SCOPES)), None) if expr is not None else None
    return _constant(file, expr, _Scope(None, _set_up(file, function), True, True), 0)


def _set_up(file: "FileContext", function: ast.AST | None) -> ast.AST | None:
    """`function` when it is a set-up method of a class (`__init__`, `build`), else None."""
    return function if isinstance(function, ast.FunctionDef) and function.name in _SET_UP and \
        isinstance(file.parent(function), ast.ClassDef) else None


def _constant(file: "FileContext", expr: ast.AST | None, scope: _Scope, depth: int, size: bool = False) -> bool:
    """A constant (a size, too, when `size`: a parameter of the constructor `init` is a setting)."""
    if expr is None or depth > MAX_DEPTH:
        return False
    again = partial(_constant, file, scope=scope, depth=depth)  # (depth counts the hops: names, attributes, calls)
    if isinstance(expr, ast.Constant):
        return True
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return all(again(e, size=size) for e in expr.elts)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult) and isinstance(expr.left, (ast.List, ast.Tuple)):
        return again(expr.left, size=size) and again(expr.right, size=True)  # (`[1] * rank`: a count)
    if isinstance(expr, ast.BinOp):
        return again(expr.left, size=size) and again(expr.right, size=size)
    if isinstance(expr, ast.UnaryOp):
        return again(expr.operand, size=size)
    if isinstance(expr, ast.IfExp):  # (either branch may be taken: the test decides nothing)
        return again(expr.body, size=size) and again(expr.orelse, size=size)
    if isinstance(expr, ast.BoolOp):  # (`phases or 1`: either operand may be the value)
        return all(again(v, size=size) for v in expr.values)
    if isinstance(expr, ast.Starred):  # (`tf.meshgrid(*ranges)`: the items of a constant list)
        return scope.sizes and again(expr.value, size=size)
    if isinstance(expr, ast.Subscript):  # (with `settings`, a slice of any bounds: never larger, no batch in it)
        return again(expr.value, size=size) and (scope.settings and _slices(expr.slice) or again(expr.slice, size=True))
    if isinstance(expr, ast.Slice):
        return all(again(p, size=True) for p in (expr.lower, expr.upper, expr.step) if p is not None)
    if isinstance(expr, (ast.ListComp, ast.GeneratorExp)) and scope.sizes:  # (its loop variables: `comprehension_iter`)
        return not any(g.ifs for g in expr.generators) and again(expr.elt, size=size)
    if isinstance(expr, (ast.ListComp, ast.GeneratorExp)):
        loops = {t.id for g in expr.generators for t in ast.walk(g.target) if isinstance(t, ast.Name)}
        return all(again(g.iter, size=size) and not g.ifs for g in expr.generators) and all(
            n.id in loops or again(n, size=size) for n in ast.walk(expr.elt) if isinstance(n, ast.Name)) and all(
            again(c, size=size) for c in ast.walk(expr.elt) if isinstance(c, ast.Call))
    if isinstance(expr, ast.Attribute) and _is_self_attribute(expr):
        return _constant_attribute(file, expr, scope, depth, size)
    if isinstance(expr, ast.Attribute) and expr.attr in _STATIC:
        return scope.sizes or again(expr.value, size=size)  # (a static shape: a Python value, whatever its tensor)
    if isinstance(expr, ast.Attribute):
        name = file.qualified(expr)  # a dtype, a framework constant (`tf.float32`, `np.pi`)
        return name is not None and name.partition(".")[0] in ("tensorflow", "numpy", "math", "keras") or \
            scope.sizes and name is None and again(expr.value, size=size)  # (`x.shape.rank`: of a constant)
    if isinstance(expr, ast.Name):
        return _constant_name(file, expr, scope, depth, size)
    if isinstance(expr, ast.Call):
        return _constant_call(file, expr, scope, depth, size)
    return False


def _slices(index: ast.expr) -> bool:
    """An index of slices only (`[:n, :n]`, `[..., :k]`): it picks no item by a value."""
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return all(isinstance(p, ast.Slice) or isinstance(p, ast.Constant) and p.value is Ellipsis for p in parts)


def _constant_name(file: "FileContext", name: ast.Name, scope: _Scope, depth: int, size: bool) -> bool:
    iterated = comprehension_iter(file.ancestors(name), name)
    if iterated is not None:  # (`tf.range(s) for s in shape`: an item of what the comprehension walks)
        return _constant(file, iterated, scope, depth + 1, size)
    bound = file.binding(name)
    if bound is None:
        return False
    if bound.stmt is None and scope.sizes and (changed := _aug_assigned(file, name, bound)) is not None:
        return _constant(file, changed.value, scope, depth + 1, size) and \
            _constant(file, changed.target, scope, depth + 1, size)  # (`a *= d`: d, and a as it was before)
    if bound.stmt is None:
        return _constant_parameter(file, name, scope, depth, size)
    bindings = file.reaching_bindings(name) or [bound]
    for b in bindings:
        if b.stmt is None and b is not bound:  # (the parameter as passed, on a path that does not rebind it)
            if not _constant_parameter(file, name, scope, depth, size):
                return False
            continue
        value = b.value
        if value is None and isinstance(b.stmt, ast.Assign) and len(b.stmt.targets) == 1 and \
                isinstance(b.stmt.targets[0], (ast.Tuple, ast.List)):
            value = b.stmt.value  # `h, w = max_grid`: an item of what is unpacked
        if value is None or not _constant(file, value, scope, depth + 1, size) or \
                isinstance(value, (ast.List, ast.Set, ast.ListComp)) and _mutated(file, name):
            return False
    return True


def _constant_parameter(file: "FileContext", name: ast.Name, scope: _Scope, depth: int, size: bool) -> bool:
    """A parameter: a setting of the constructor, as a size only; or a declared Python scalar."""
    owner = parameter_owner(file, name)
    return owner is not None and owner is scope.params and not _receiver(name.id) or \
        size and scope.init is not None and owner is scope.init or _scalar_parameter(owner, name.id) or \
        scope.sizes and owner is not None and not _receiver(name.id) and (
            size or _number_parameter(file, owner, name.id) or _passed_constants(file, owner, name.id, depth, size))


def _number_parameter(file: "FileContext", function: ast.AST, name: str) -> bool:
    """A parameter that holds a number (`sizes` mode): its default is a number literal, or the function reads it
    as a size somewhere (`tf.range(views * (phases or 1))`, through arithmetic): then it is no tensor of data."""
    default = parameter_defaults(function).get(name)
    if isinstance(default, ast.Constant) and isinstance(default.value, (int, float)):
        return True
    key = (function, name, "number")
    known = file.shapes._constants.get(key)
    if known is None:
        known = file.shapes._constants[key] = any(_read_as_size(file, n) for n in file.walk.reads(function, name))
    return known


def _read_as_size(file: "FileContext", node: ast.AST) -> bool:
    """Whether a read is (through arithmetic) a size argument of a framework op (`tf.range(n * k)`, a reshape's
    shape) or of `range`."""
    for _ in range(8):
        parent = file.parent(node)
        if isinstance(parent, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.IfExp, ast.List, ast.Tuple)):
            node = parent
            continue
        if isinstance(parent, ast.keyword):
            call = file.parent(parent)
            return isinstance(call, ast.Call) and parent.arg in _SIZE_KEYWORDS and \
                (file.call_name(call) or "").partition(".")[0] in ("tensorflow", "keras")
        if not isinstance(parent, ast.Call) or node is parent.func or node not in parent.args:
            return False
        name = file.call_name(parent)
        if name is None:
            return isinstance(parent.func, ast.Name) and parent.func.id == "range" and file.binding(parent.func) is None
        return name in _SIZE_ONLY or _SIZE_POSITIONS.get(name) == parent.args.index(node)
    return False


def _passed_constants(file: "FileContext", function: ast.AST, name: str, depth: int, size: bool) -> bool:
    """A parameter of a nested function or of a private one of the module (`_angles(delta)`) every call of which
    passes a constant for it (`sizes` mode: sizes count; a call that leaves it out, the default), when the
    function is only called (no reference to it escapes)."""
    holder = file.scope_of(function)
    private = isinstance(holder, ast.Module) and function.name.startswith("_")
    if not (isinstance(holder, (ast.FunctionDef, ast.AsyncFunctionDef)) or private) or function.decorator_list:
        return False
    key = (function, name, "passed", size)
    known = file.shapes._constants.get(key)
    if known is not None:
        return known
    file.shapes._constants[key] = False  # (while it is judged: a call of itself proves nothing)
    positional = positional_names(function)
    at = positional.index(name) if name in positional else None
    default = parameter_defaults(function).get(name)
    calls = 0
    made = True
    for node in file.walk.reads(holder, function.name):  # (the walk's index of the name's reads in the scope)
        call = file.parent(node)
        if not isinstance(call, ast.Call) or call.func is not node or \
                any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            made = False
            break
        passed = call.args[at] if at is not None and at < len(call.args) else \
            next((k.value for k in call.keywords if k.arg == name), default)
        calls += 1
        if not _constant(file, passed, _Scope(None, None, False, True), depth + 1, size):
            made = False
            break
    made = made and calls > 0
    file.shapes._constants[key] = made
    return made


def _aug_assigned(file: "FileContext", name: ast.Name, bound) -> ast.AugAssign | None:
    """The `name op= value` statement a binding without a statement comes from (`angles *= delta`), else None."""
    scope = file.scope_of(name)
    found = file.shapes._aug_assigns.get(scope)
    if found is None:  # (one walk of the scope for all its names: asked of many reads)
        found = file.shapes._aug_assigns[scope] = {
            (node.target.id, (node.end_lineno, node.end_col_offset)): node for node in walk_nodes(scope)
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)}
    return found.get((name.id, bound.pos))


_MUTATORS = {"append", "extend", "insert", "add", "update", "__setitem__"}


def _mutated(file: "FileContext", name: ast.Name) -> bool:
    """Whether the list a name holds is changed in its scope after it is made (`found.append(x)`, `found[i] = x`):
    then its literal does not say what it holds."""
    for node in walk_nodes(file.scope_of(name)):
        target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in _MUTATORS else node.value if isinstance(node, ast.Subscript) and \
            isinstance(node.ctx, (ast.Store, ast.Del)) else None
        if isinstance(target, ast.Name) and target.id == name.id:
            return True
    return False


def _constant_attribute(file: "FileContext", attribute: ast.Attribute, scope: _Scope, depth: int,
                        size: bool) -> bool:
    """`self.<attr>` whose every assignment in its class is a constant (in the method that makes it: there, a
    constructor's parameters are sizes; with `settings`, a set-up method's are constants), and that is no
    weight; with `settings`, also one that only set-up methods store (`_stores`), or one read as a size that the
    class never stores."""
    owner = file.enclosing_class(attribute)
    shapes = file.shapes
    if owner is None or shapes.is_weight(attribute):
        return False
    if scope.settings:
        stores = _stores(file, owner, attribute.attr)
        if not stores and size or stores and all(_set_up(file, m) is not None for m in stores):
            return True  # (read as a size and never set by the class: an inherited setting, `self.compute_dtype`)
    stores = file.self_assignments(owner, attribute.attr)
    if not stores or attribute.attr in shapes._class_stores(owner)[1]:
        return False
    key = (owner, attribute.attr, scope.settings, size)
    known = shapes._constants.get(key)
    if known is not None:
        return known
    shapes._constants[key] = False  # (while it is judged: an attribute made from itself is no constant)
    made = True
    for store in stores:
        method = next((a for a in file.ancestors(store) if isinstance(a, SCOPES)), None)
        init = method if isinstance(method, ast.FunctionDef) and method.name == "__init__" else None
        inner = _Scope(init, _set_up(file, method) if scope.settings else None, scope.settings)
        if not (isinstance(store.value, ast.Constant) or _constant(file, store.value, inner, depth + 1, size)):
            made = False
            break
    shapes._constants[key] = made
    return made


def _walked(loop: ast.For, name: str) -> ast.expr | None:
    """What a loop's variable `name` is an item of: the container of `for name in items`, the second of `for i,
    name in enumerate(items)`, the matching argument of `for a, name in zip(xs, items)`; None for anything else."""
    target, walked = loop.target, loop.iter
    if isinstance(target, ast.Name):
        return walked if target.id == name else None
    if not isinstance(target, ast.Tuple) or not isinstance(walked, ast.Call) or not isinstance(walked.func, ast.Name):
        return None
    names = [e.id if isinstance(e, ast.Name) else None for e in target.elts]
    if walked.func.id == "enumerate" and len(names) == 2 and names[1] == name and walked.args:
        return walked.args[0]
    if walked.func.id == "zip" and name in names and len(walked.args) == len(names) and \
            not any(isinstance(a, ast.Starred) for a in walked.args):
        return walked.args[names.index(name)]
    return None


def _receiver(name: str) -> bool:
    """`self` (`cls`), a method's object: never a constant (its layers hold weights)."""
    return name in ("self", "cls")


def _stores(file: "FileContext", owner: ast.ClassDef, attr: str) -> list[ast.AST | None]:
    """The methods of the class that store `self.<attr>` in any way (also a tuple target, `self.h, self.w = ...`,
    `+=`, an item or a method that fills it: `self.<attr>[k] = v`, `self.<attr>.append(v)`); None for a store
    outside any function."""
    key = (owner, attr, "stores")
    known = file.shapes._constants.get(key)
    if known is None:
        nodes = [n for n in walk_nodes(owner) if isinstance(n, ast.Attribute) and n.attr == attr
                 and _is_self_attribute(n) and (isinstance(n.ctx, (ast.Store, ast.Del)) or _filled(file, n))]
        known = [next((a for a in file.ancestors(n) if isinstance(a, SCOPES)), None) for n in nodes]
        file.shapes._constants[key] = known
    return known


def _filled(file: "FileContext", attribute: ast.Attribute) -> bool:
    """`self.<attr>[k] = v`, `self.<attr>.append(v)`: the attribute's value changed in place."""
    parent = file.parent(attribute)
    return isinstance(parent, ast.Subscript) and isinstance(parent.ctx, (ast.Store, ast.Del)) or \
        isinstance(parent, ast.Attribute) and parent.attr in _MUTATORS and isinstance(file.parent(parent), ast.Call)


def _scalar_parameter(function: ast.AST | None, name: str) -> bool:
    """A parameter annotated as a Python scalar (`kernel_size: int`, also `"int"`, `Optional[int]`, `int | None`):
    a Python value (or None), not a tensor."""
    annotation = parameter_annotation(function, name)
    return isinstance(annotation, ast.Name) and annotation.id in _SCALAR_ANNOTATIONS or \
        isinstance(annotation, ast.Constant) and annotation.value in _SCALAR_ANNOTATIONS


def _own_function(file: "FileContext", call: ast.Call) -> ast.FunctionDef | None:
    """The def a call runs when the file holds it: `self.method(...)` of the enclosing class (defined in its
    body), or a function of the module called by name."""
    func = call.func
    if isinstance(func, ast.Attribute) and _is_self_attribute(func):
        owner = file.enclosing_class(call)
        return next((s for s in owner.body if isinstance(s, ast.FunctionDef) and s.name == func.attr), None) \
            if owner is not None else None
    if isinstance(func, ast.Name):
        bound = file.binding(func)
        stmt = bound.stmt if bound is not None else None
        return stmt if isinstance(stmt, ast.FunctionDef) and isinstance(file.parent(stmt), ast.Module) else None
    return None


def _constant_returned(file: "FileContext", call: ast.Call, scope: _Scope, depth: int, size: bool) -> bool:
    """A method of the class or a function of the file called with constants only, whose every return
    value is a constant when its parameters are (`self.get_relative_position_index(*self.window_size)`)."""
    function = _own_function(file, call)
    if function is None or any(not (isinstance(d, ast.Name) and d.id == "staticmethod")  # (it binds no `self`)
                               for d in function.decorator_list) or any(
            isinstance(n, (ast.Yield, ast.YieldFrom, ast.Global, ast.Nonlocal)) for n in walk_nodes(function)):
        return False
    if not all(_constant(file, a, scope, depth, size) for a in call.args) or \
            not all(_constant(file, k.value, scope, depth, size) for k in call.keywords):
        return False
    returns = file.returns_of(function)
    inner = _Scope(None, function, scope.settings, scope.sizes)  # (a table of sizes stays one through a helper)
    return bool(returns) and all(_constant(file, r.value, inner, depth + 1, size) for r in returns)


def _constant_call(file: "FileContext", call: ast.Call, scope: _Scope, depth: int, size: bool) -> bool:
    again = partial(_constant, file, scope=scope, depth=depth)
    if isinstance(call.func, ast.Name) and call.func.id in _PYTHON_NUMBERS and file.binding(call.func) is None:
        return True  # (a Python number: whatever it is computed from, the graph holds it as a constant)
    if not scope.sizes and any(isinstance(a, ast.Starred) for a in call.args) or \
            any(k.arg is None for k in call.keywords):
        return False
    name = file.call_name(call)
    if scope.sizes and (name in _SHAPE_OF or name is None and isinstance(call.func, ast.Attribute) and
                        call.func.attr == "get_shape" and not call.args):
        return True  # (the sizes of a tensor, not its values)
    if name is None and isinstance(call.func, ast.Name) and file.binding(call.func) is None and (
            call.func.id in _PYTHON_SIZES or scope.sizes and call.func.id in _PYTHON_ITEMS):
        return all(again(a, size=size) for a in call.args)
    if name is None and _own_function(file, call) is not None:
        return _constant_returned(file, call, scope, depth, size)
    if name is None:  # a method of a constant (`np.arange(4).reshape(2, 2)`)
        return isinstance(call.func, ast.Attribute) and again(call.func.value, size=size) and \
            all(again(a, size=True) for a in call.args) and all(again(k.value, size=True) for k in call.keywords)
    root = name.partition(".")[0]
    if root not in ("tensorflow", "numpy", "keras", "math") or _NOT_CONSTANT.search(name):
        if _own_function(file, call) is not None:
            return _constant_returned(file, call, scope, depth, size)
        callee = file.callee(call) if scope.sizes else None  # (another module's: what its summary says)
        return callee is not None and file.project.first(SIZED_RETURN, callee) is not None and \
            all(again(a, size=True) for a in call.args) and all(again(k.value, size=True) for k in call.keywords)
    sizes = name in _SIZE_ONLY or root in ("numpy", "math")  # (NumPy, Python's math: host values, whatever it is given)
    position = _SIZE_POSITIONS.get(name)
    return all(again(a, size=size or sizes or i == position) for i, a in enumerate(call.args)) and \
        all(again(k.value, size=size or sizes or k.arg in _SIZE_KEYWORDS) for k in call.keywords)


def _called_name(func: ast.AST) -> str | None:
    """The last name of what a call calls (`layers.Dense` -> "Dense")."""
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _is_self_attribute(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _past_if_else(file: "FileContext", bindings: list) -> list:
    """`reaching_bindings` without those an `if`/`else` that assigns the name in both branches (at their
    top level) hides: no path from them reaches the read."""
    for bound in bindings:
        branch = file.parent(bound.stmt) if bound.stmt is not None else None
        if isinstance(branch, ast.If) and branch.orelse and all(
                any(b.stmt is not None and any(b.stmt is s for s in block) for b in bindings)
                for block in (branch.body, branch.orelse)):
            start = (branch.lineno, branch.col_offset)
            return [b for b in bindings if b.pos >= start]
    return bindings


def _joined(shapes: list[Shape | None]) -> Shape | None:
    """The shape of a name several assignments may give: the rank the stated ones agree on; a size
    every path states; `MAYBE1` where some path states 1 and another does not (the code says 1 on some
    paths: a rule whose verdict hinges on it says so, as info); else unknown."""
    known = [s for s in shapes if s is not None]
    if not known or len({s.rank for s in known}) != 1:
        return None
    dims = {}
    for i in {i for s in known for i in s.known}:
        sizes = [s.known.get(i) if s is not None else None for s in shapes]
        if all(d == sizes[0] for d in sizes):
            dims[i] = sizes[0]
        elif 1 in sizes or MAYBE1 in sizes:
            dims[i] = MAYBE1
    return Shape(known[0].rank, dims)


def _agreed(shapes: list[Shape | None]) -> Shape | None:
    """What every one of several possible shapes says (None if one is unknown or the ranks differ)."""
    if not shapes or any(s is None for s in shapes):
        return None
    ranks = {s.rank for s in shapes}
    if len(ranks) != 1:
        return None
    first = shapes[0]
    return Shape(first.rank, {i: d for i, d in first.known.items() if all(s.known.get(i) == d for s in shapes[1:])})


def _agreed_sizes(shapes: list[Shape | None]) -> Shape | None:
    """`_agreed`, where a size every shape states as 1 or `MAYBE1` (1 on some of the paths that reach it) is
    `MAYBE1`."""
    agreed = _agreed(shapes)
    if agreed is None:
        return None
    dims = dict(agreed.known)
    for i, d in shapes[0].known.items():
        if i not in dims and d in (1, MAYBE1) and all(s.known.get(i) in (1, MAYBE1) for s in shapes[1:]):
            dims[i] = MAYBE1
    return Shape(agreed.rank, dims)


def _size(value: Any) -> int | None:
    """A literal size, or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _channels(source: Shape, rank: int, channels: Any) -> Shape:
    """A convolution's output: rank `rank`, the input's batch, `channels` last."""
    return Shape(rank, {0: source.at(0), rank - 1: channels})


def _without_last(source: Shape) -> Shape:
    """A tensor's shape without its last axis' size (a layer that replaces it)."""
    if source.rank is not None:
        return Shape.of(source.dims()[:-1])
    return Shape(None, {i: d for i, d in source.known.items() if i >= 0})


def _appended(source: Shape, last: Any) -> Shape:
    """`source` with one more axis at the end, of size `last` (None: unknown)."""
    if source.rank is not None:
        return Shape.of([*source.dims(), last])
    known = {i: d for i, d in source.known.items() if i >= 0}
    known.update({i - 1: d for i, d in source.known.items() if i < 0})
    known[-1] = last
    return Shape(None, known)


def _without_axes(source: Shape, axes: list[int]) -> Shape | None:
    """A reduction without `keepdims`, a squeeze: the axes go (when the rank is unknown, the dimensions
    counted from the end shift past the negative axes that go: `reduce_mean(x, -1)` of `[.., 4, ?]` ends
    in 4; unknown for a positive axis)."""
    if source.rank is None:
        if not axes or any(a >= 0 for a in axes):
            return None
        gone = set(axes)
        return Shape(None, {k + sum(1 for a in gone if a > k): d for k, d in source.known.items()
                            if k < 0 and k not in gone})
    gone = {a % source.rank for a in axes if -source.rank <= a < source.rank}
    return Shape.of(d for i, d in enumerate(source.dims()) if i not in gone)


def matmul(a: Shape | None, b: Shape | None, transpose_a: bool = False, transpose_b: bool = False,
           adjoint_a: bool = False, adjoint_b: bool = False, ranked: bool = False) -> Shape | None:
    """The shape of `a @ b` (batch axes broadcast): known when both ranks are (>= 2 each). `tf.matmul`, whose
    operands are matrices (or batches of them) whatever the source states, also when a rank is not (`ranked`):
    its last two axes, a's rows and b's columns, where the source states them (`[1, n]` @ w: `[.., 1, ?]`)."""
    if ranked and (a is None or a.rank is None or b is None or b.rank is None):
        a, b = a or Shape(None, {}), b or Shape(None, {})
        rows = a.at(-1 if transpose_a or adjoint_a else -2) if a.rank is None or a.rank >= 2 else None
        columns = b.at(-2 if transpose_b or adjoint_b else -1) if b.rank is None or b.rank >= 2 else None
        return Shape(None, {-2: rows, -1: columns}) if rows is not None or columns is not None else None
    if a is None or b is None or a.rank is None or b.rank is None or a.rank < 2 or b.rank < 2:
        return None
    da, db = a.dims(), b.dims()
    rows = da[-1] if transpose_a or adjoint_a else da[-2]
    columns = db[-2] if transpose_b or adjoint_b else db[-1]
    batch = broadcast(Shape.of(da[:-2]), Shape.of(db[:-2])) if a.rank > 2 or b.rank > 2 else Shape.of([])
    return Shape.of([*batch.dims(), rows, columns])


def broadcast(a: Shape | None, b: Shape | None, left: ast.AST = None, right: ast.AST = None) -> Shape | None:
    """The shape of an elementwise op of two tensors (numpy broadcasting, aligned from the end). Two
    shapes of unknown rank are taken to have the same rank (pieces of one tensor, as in
    `x_max - x_min`). With one rank unknown, the result's rank is too; its dimensions counted from the
    end are what the two agree on, or a size above 1 either side states (the other's is it, or 1)."""
    if a is not None and a.rank == 0:
        return b
    if b is not None and b.rank == 0:
        return a
    if a is None or b is None:
        return None
    if a.rank is not None and b.rank is not None:
        rank = max(a.rank, b.rank)
        da, db = (1,) * (rank - a.rank) + a.dims(), (1,) * (rank - b.rank) + b.dims()
        return Shape.of(_broadcast_dim(x, y) for x, y in zip(da, db))
    if a.rank is None and b.rank is None:
        return Shape(None, {k: _broadcast_dim(a.known[k], b.known[k]) for k in set(a.known) & set(b.known)})
    sized, unsized = (a, b) if a.rank is not None else (b, a)
    known = {k: _broadcast_dim(d, sized.at(k) if sized.rank + k >= 0 else 1)
             for k, d in unsized.known.items() if k < 0}
    for i, d in sized.known.items():  # a size above 1 is the result's whatever the other side has there
        if isinstance(d, int) and d > 1 and known.get(i - sized.rank) is None:
            known[i - sized.rank] = d
    return Shape(None, known)


def _broadcast_dim(x: Any, y: Any) -> Any:
    if x == 1:
        return y
    if y == 1:
        return x
    if x == y:
        return x
    if isinstance(x, int) and x > 1:
        return x
    if isinstance(y, int) and y > 1:
        return y
    return None


