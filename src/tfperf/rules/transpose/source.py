"""TFP101 and TFP103 in source: a transpose whose permutation is known from the code.

The permutation comes from a literal (`perm=[0, 2, 1]`, also through a name), from a list built in
place (`perm = [0]; perm.extend(range(2, rank)); perm.append(1)`), or is the reversal of every axis
when no perm is given. The input's shape, where the source states it (`tfperf.source.shapes`),
says which axes have size 1: moving only those is a reshape; so does a setting the project states elsewhere that
sizes a moved axis (`size_one_setting`: a parameter, flag or config field every value of which is 1). A transpose that only swaps the last
two axes for a matmul is TFP103's finding (`transpose_a` / `transpose_b`), not TFP101's: when every read
of its value that its assignment may reach is a matmul operand (or asks only the shape, or is reduced
along literal axes), through a sign or a literal scale; a value that also goes elsewhere (`tf.concat([r,
t])`) keeps its copy whatever flag is set.
A perm may also be a concatenation of `list(range(...))` pieces that chain from 0 to an end, or one computed at
run time by `tf.concat` of such pieces (`k + tf.range(rank - k)`, `tf.range(k)`, `[rank]`) along axis 0; a
module function that returns such a transpose of its parameter (a roll-axis helper) is reported where the project
calls it (`COMPUTED_PERM`). A literal head then `range(k, rank)` of the input (`[1, 0] + list(range(2, len(t.shape)))`)
moves the last axis only at rank k: judged at the input's stated rank, else at what the file's calls of its function
pass (`_headed_transpose`), else info.

A few vectors packed together (`tf.transpose([heights, widths])`, `tf.stack([ty, tx, th, tw])`, a
`[2, -1]` reshape): every axis but one has a small stated size, and that one is unknown. The copy
is a few times that axis, so whether it matters hinges on a size the source does not state (a
batch of indices costs nothing; a flattened activation does): the finding says so, as info. When
the source states the axis counts a tensor's elements (`[4, tf.size(x)]`), it stays a warning.
A result unstacked straight into names (`ymin, xmin, ymax, xmax = tf.unstack(tf.transpose(b))`)
states the size of the axis it is unstacked along. The draws of `tf.random.categorical` (`[batch,
num_samples]` class ids, through names and casts) are a batch of indices too: info.

A weight, a tensor computed only from weights, a convolution's filters, a sampled loss's class weights or what
is stored as a layer's weight (shared over the batch, whatever they are made of) has no batch factor: its
transpose is priced (its size once per step) and is info unless that price reaches WEIGHT_WARNING_SECONDS. A tensor whose every size is stated
and small (SMALL_ELEMENTS, also by a parameter's docstring) costs a launch: info for both rules. A parameter whose docstring alone states sizes under which only axes of size 1
move (`y_true: ... with shape [batch_size, 1]`) is a reshape by the author's word: info. A tensor made
only of constants (`constant_built`, `tfperf.source.shapes.constant`: literals, NumPy, framework ops of them,
layer attributes made of them, what the class's methods and the file's functions return of them; in a constructor
also sized by its parameters) is computed once by TensorFlow (constant folding): no finding; so is a table of sizes
(`shapes.sized_only`: ranges and meshgrids over shapes and size parameters, an index grid). Such a tensor is a
setting to `weights_only` (`take(self.table, self.index)` of an index built in `build` is computed only from weights).
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, replace
from functools import partial

from tfperf.findings import Fix, Safety, Severity
from tfperf.rules.transpose.coordinates import coordinate_columns
from tfperf.rules.transpose.equation import fold_equation, parse, permuted_labels, rearrange_axes
from tfperf.rules.transpose.position import SCANS, per_position
from tfperf.source.batchdata import batch_evidence, unknown_origin
from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.batchfree import batch_free, with_weight
from tfperf.source.context import CHANNELS_FIRST, NO_STEP, ONCE
from tfperf.source.literals import NOT_LITERAL, number_literal
from tfperf.source.optin import FRAMEWORK_FLAGS, opt_in
from tfperf.source.passed import Parameter, parameter_signature, setting_of, weights_passed_context
from tfperf.source.project import (CALLED_BY, FRAMEWORK_CALLER, HANDED, PASSED, REFERRED_BY, STEP_BASE,
                                   STEP_ROOT, STEP_SUBCLASS)
from tfperf.source.scopes import SCOPES, ScopeIndex, end
from tfperf.source.steps import on_step
from tfperf.source.treewalk import walk_nodes
from tfperf.source.shapes import (ELEMENTS, MAYBE1, RESHAPE_SHAPES, SHAPED, TF_REDUCTIONS, Shape, export_function_facts,
                                  export_layer_outputs,
                                  export_variable_classes, export_weight_calls, file_calls, parameter_owner, rank_of,
                                  sized_only, text)
from tfperf.source.visitor import Calls, FileContext, SourceVisitor, argument, keyword

# (`keras_core`, Keras 3's preview package, spells the same ops: `keras_core.ops.transpose` is `keras.ops.transpose`)
SOURCE_TRANSPOSES = {"tensorflow.transpose": ("a", "perm"), "keras.ops.transpose": ("x", "axes"),
                     "keras_core.ops.transpose": ("x", "axes"),
                     "keras.backend.transpose": ("x", None), "keras.backend.permute_dimensions": ("x", "pattern"),
                     "tensorflow.linalg.matrix_transpose": ("a", None), "tensorflow.linalg.adjoint": ("matrix", None)}
# no perm: they swap the last two axes, whatever the rank (the adjoint also conjugates a complex matrix: the same copy)
SWAPS_LAST_TWO = {"tensorflow.linalg.matrix_transpose", "tensorflow.linalg.adjoint"}
# (their adjoint_a/b flags; matvec's adjoint_a)
_MATMUL_ADJOINTS = {"tensorflow.matmul", "tensorflow.linalg.matmul", "tensorflow.linalg.matvec"}
# NumPy's axis movers, as Keras 3's ops and tf.experimental.numpy spell them: (data, from, to) keywords; a swap of
# two axes, or axes moved to new places (`moveaxis(x, 1, -1)`), each an int or (moveaxis) a list of them
AXIS_SWAPS = {f"{root}.swapaxes": (data, "axis1", "axis2") for root, data in (
    ("keras.ops", "x"), ("keras_core.ops", "x"), ("tensorflow.experimental.numpy", "a"))}
AXIS_MOVES = {f"{root}.moveaxis": (data, "source", "destination") for root, data in (
    ("keras.ops", "x"), ("keras_core.ops", "x"), ("tensorflow.experimental.numpy", "a"))}
# einops' rearrange, the function and its layers: a transpose of the elementary axes its pattern names, with
# reshapes around it (`rearrange(x, "b n c -> b c n")`, `Rearrange("b c h w -> b h w c")` in a Sequential)
EINOPS_REARRANGE = "einops.rearrange"
EINOPS_LAYERS = {"einops.layers.tensorflow.Rearrange", "einops.layers.keras.Rearrange"}
TRANSPOSES = {*SOURCE_TRANSPOSES, *AXIS_SWAPS, *AXIS_MOVES, "keras.layers.Permute", EINOPS_REARRANGE,
              *EINOPS_LAYERS}  # what `transpose_of` knows, besides einsums
# a function of the project that returns a framework transpose of its parameter, by its perm parameter
# (or none): spektral's `ops.transpose(a, perm=None)`; where it is called is where the transpose is
TRANSPOSE_FN = "transposefn"  # summary fact: function -> (data index, data name, perm index, perm name or "")
# TRANSPOSE_FN's perm index for a function that computes its perm of range pieces that chain from 0 to an end
# (`perm = tf.concat([k + tf.range(rank - k), tf.range(k)], 0)`: `_range_pieces`), whatever its parameters: the
# perm name is then (a representative permutation, the perm as written)
COMPUTED_PERM = -2
WRAPPED_TRANSPOSES = {"tensorflow.transpose", "tensorflow.sparse.transpose"}
UNSTACKS = {"tensorflow.unstack", "keras.ops.unstack"}
MATMULS = {"tensorflow.matmul": ("a", "b"), "tensorflow.linalg.matmul": ("a", "b"), "keras.ops.matmul": ("x1", "x2"),
           "keras.backend.dot": ("x", "y"), "tensorflow.sparse.sparse_dense_matmul": ("sp_a", "b"),
           "keras.backend.batch_dot": ("x", "y"), "tensorflow.linalg.matvec": ("a", "b")}
# matmuls whose second operand is a vector (`tf.linalg.matvec(a, b, transpose_a=True)`): only the first is a matrix
# a flag can read transposed
MATRIX_VECTOR = {"tensorflow.linalg.matvec"}
# batched dots: without `axes` they contract the first operand's last axis with the second's next-to-last
# (a batched matmul, `tf.matmul` inside) for operands of rank 3 or more (a rank-2 operand's axes are the batch
# and one more: no matrix to transpose)
BATCH_DOTS = {"keras.backend.batch_dot"}
# convolutions whose filter arguments (by position and keyword) are shared over the batch: no batch axis
_FILTER = ((1, "filters"), (None, "filter"))
_KERNEL = ((1, "kernel"),)
CONV_FILTERS = {**{f"tensorflow.nn.{op}": _FILTER for op in (
                    "conv1d", "conv2d", "conv3d", "convolution", "conv2d_transpose", "conv1d_transpose",
                    "conv3d_transpose", "atrous_conv2d", "atrous_conv2d_transpose", "depthwise_conv2d")},
                "tensorflow.nn.separable_conv2d": ((1, "depthwise_filter"), (2, "pointwise_filter")),
                **{f"{root}.{op}": _KERNEL for root in ("keras.ops", "keras_core.ops")
                   for op in ("conv", "conv_transpose", "depthwise_conv")},
                **{f"{root}.separable_conv": ((1, "depthwise_kernel"), (2, "pointwise_kernel"))
                   for root in ("keras.ops", "keras_core.ops")},
                **{f"keras.backend.{op}": _KERNEL for op in ("conv1d", "conv2d", "conv3d", "conv2d_transpose",
                                                             "conv3d_transpose")},
                "keras.backend.depthwise_conv2d": ((1, "depthwise_kernel"),),
                "keras.backend.separable_conv2d": ((1, "depthwise_kernel"), (2, "pointwise_kernel"))}
# sampled losses whose class parameters (by position and keyword) are documented as [num_classes, dim] and
# [num_classes]: one row per class, shared over the batch, as a convolution's filters are (no batch axis)
CLASS_PARAMETERS = {f"tensorflow.nn.{op}": ((0, "weights"), (1, "biases"))
                    for op in ("sampled_softmax_loss", "nce_loss")}
# a Keras layer's weights, by the attribute the framework's layers keep them in: a tensor stored there is a weight
LAYER_WEIGHTS = {"kernel", "bias", "recurrent_kernel", "depthwise_kernel", "pointwise_kernel", "embeddings", "gamma",
                 "beta", "moving_mean", "moving_variance"}
EINSUMS = {"tensorflow.einsum", "tensorflow.linalg.einsum", "keras.ops.einsum", "keras_core.ops.einsum"}
# what `transpose_of` may find a transpose in: an einsum of one operand whose equation only permutes its axes
# (`tf.einsum("bhwc->bchw", x)`) is one. (Not in TRANSPOSES, which the flows ask of a value's reader: an einsum
# that reads a value is mostly a product.)
PERMUTERS = TRANSPOSES | EINSUMS
# matmuls without transpose flags: the `@` operator, Keras 3's ops.matmul (its signature is (x1, x2)) and
# the Keras backend's dot and batch_dot
FLAGLESS = {"keras.ops.matmul", "keras.backend.dot", "keras.backend.batch_dot"}
# matmuls whose flags are adjoints (conjugate transposes): the transpose for real dtypes
ADJOINT_FLAGS = {"tensorflow.sparse.sparse_dense_matmul"}
# parameters a matmul helper takes to transpose an operand (`modal_dot(a, b, transpose_a=False)`)
_FLAG_PARAMETER = re.compile(r"(transpose|adjoint|adj)_?[abxy]")
FEW_ROWS = 4  # stated entries of the other axes, in all: a tensor this narrow is a few vectors
# elements of a tensor whose copy is its launch: 4 KiB of float32 take under 2 ns at an accelerator's HBM
# bandwidth, against microseconds to launch any op
SMALL_ELEMENTS = 1024
SOURCE_REMEDY = ("if it only matches the layout of the labels or inputs, produce that layout in the data "
                 "loader (the guide's remedy); else keep the last axis in place")


@dataclass
class Transpose:
    """A transpose in source: its call, the tensor it moves, its permutation and what is known of
    the input's dimensions."""

    call: ast.Call
    data: ast.expr | None
    perm: tuple[int, ...]
    dims: tuple | None  # the input's dimensions (int, None, MAYBE1), when the source tells them
    reversal: bool = False  # no perm: every axis reversed (the rank assumed 2 when unknown)
    rank_hint: str = ""  # how the rank was found, when not from the perm itself
    perm_text: str = ""  # how to show a permutation built in a list (its rank unknown)
    context: str | None = None  # where the perm says it runs (held by `self` only in a channels_first branch)
    unstated: str = ""  # a perm that moves the last axis at one rank only, which the source does not state: why

    def swaps_last_two(self) -> bool:
        n = len(self.perm)
        return n >= 2 and self.perm == (*range(n - 2), n - 1, n - 2)

    def before_swap(self) -> tuple[int, ...] | None:
        """`rest`, when the perm is no plain swap but `rest` then a swap of the last two axes (transpose(x, perm) ==
        swap(transpose(x, rest))) and `rest` keeps the last axis: an attention key's (0, 2, 3, 1) is the head split
        (0, 2, 1, 3), then the swap a matmul's flag makes. None otherwise, or for a perm whose rank is not stated."""
        n = len(self.perm)
        if n < 3 or self.swaps_last_two() or self.perm[-2] != n - 1 or self.perm_text or self.unstated:
            return None
        return (*self.perm[:-2], self.perm[-1], self.perm[-2])


def transpose_of(visitor: SourceVisitor, call: ast.Call) -> Transpose | None:
    """The transpose a call makes, when its permutation is known; else None."""
    name = visitor.call_name(call)
    file = visitor.file
    if name == EINOPS_REARRANGE or name in EINOPS_LAYERS:
        return _rearranged(file, call, layer=name in EINOPS_LAYERS)
    if name in EINSUMS:
        return _einsum_permuted(file, call)
    if name == "keras.layers.Permute":  # dims are 1-based and leave the batch axis out
        dims = file.literal(argument(call, 0, "dims"))
        perm = (0, *dims) if _ints(dims) else None
        if not perm or not _is_permutation(perm):
            return None
        applied = file.parent(call)  # `Permute(dims)(x)`: x is what it moves
        data = applied.args[0] if isinstance(applied, ast.Call) and applied.func is call and applied.args else None
        shape = file.shapes.of(data) or file.shapes.stated_input(call)
        return Transpose(call, data, perm, shape.dims(len(perm)) if shape else None)
    if name in AXIS_SWAPS or name in AXIS_MOVES:
        return _moved_axes(visitor, call, name)
    signature = transpose_signature(visitor, call)
    if signature is None:
        return None
    data_index, data_kw, perm_index, perm_kw = signature
    data = argument(call, data_index, data_kw)
    if perm_index == COMPUTED_PERM:  # (a helper that computes its perm of range pieces: `rollaxis_left(a, 1)`)
        perm, written = perm_kw
        return Transpose(call, data, tuple(perm), None, rank_hint=" (whatever the sizes of its pieces)",
                         perm_text=f"{written} (in {file.segment(call.func)})")
    shape = file.shapes.of(data)
    if name in SWAPS_LAST_TWO:
        rank = shape.rank if shape is not None and shape.rank is not None and shape.rank >= 2 else 2
        perm = (*range(rank - 2), rank - 1, rank - 2)
        hint = "" if shape is not None and shape.rank is not None else " (of the last two axes)"
        return Transpose(call, data, perm, shape.dims(rank) if shape else None, rank_hint=hint)
    unpacked = _unpacked_along(visitor, call)
    perm_node = argument(call, perm_index, perm_kw) if perm_kw else None
    if perm_node is None and not (perm_kw and keyword(call, perm_kw)):
        rank = shape.rank if shape is not None and shape.rank is not None else 2
        perm = tuple(reversed(range(rank)))
        hint = "" if shape is not None and shape.rank is not None else " (taken as 2-D)"
        shape = _with_output_axis(file.shapes.of_rank(data, rank), perm, unpacked)
        return Transpose(call, data, perm, shape.dims(rank) if shape else None, reversal=True, rank_hint=hint)
    built = _built_list(visitor, perm_node)
    if built is not None:
        return Transpose(call, data, built[0], None, rank_hint=" (any rank >= 3)", perm_text=built[1])
    headed = _head_then_range(visitor, perm_node, data)
    if headed is not None:
        return _headed_transpose(visitor, call, data, *headed)
    pieces = _range_pieces(visitor, perm_node)
    if pieces is not None:
        return Transpose(call, data, pieces[0], None, rank_hint=" (whatever the sizes of its pieces)", perm_text=pieces[1])
    swapped = _swapped_range(visitor, perm_node)
    if swapped is not None:  # (a literal list changed in place: its rank is the list's)
        dims = shape.dims(len(swapped[0])) if shape is not None and not swapped[1] else None
        return Transpose(call, data, swapped[0], dims, perm_text=swapped[1])
    sliced = _sliced_range(visitor, perm_node)
    if sliced is not None:
        return Transpose(call, data, sliced[0], None, rank_hint=" (at any rank)", perm_text=sliced[1])
    held = _held_by_attribute(file, perm_node)
    perm = held[0] if held else file.literal(perm_node) if not _mutated(visitor, perm_node) else None
    if not _ints(perm):
        return None
    rank = len(perm)
    perm = tuple(p % rank for p in perm) if rank else ()
    if not _is_permutation(perm):
        return None
    shape = _with_output_axis(file.shapes.of_rank(data, rank), perm, unpacked)
    return Transpose(call, data, perm, shape.dims(rank) if shape else None, context=held[1] if held else None)


def _moved_axes(visitor: SourceVisitor, call: ast.Call, name: str) -> Transpose | None:
    """The transpose a NumPy-style axis mover makes (`ops.swapaxes(x, 1, 2)`, `tnp.moveaxis(x, 1, -1)`) of literal
    axes: at the rank the source states for its input; else at every rank where its axes are distinct, when whether
    the last axis moves is the same at all of them (`swapaxes(x, -1, -2)`: a swap of the last two at any rank); else
    at the one rank where it does, which the finding says the source leaves open (`Transpose.unstated`)."""
    file = visitor.file
    data_kw, first_kw, second_kw = AXIS_SWAPS.get(name) or AXIS_MOVES[name]
    data = argument(call, 0, data_kw)
    first, second = (file.literal(argument(call, i, kw)) for i, kw in ((1, first_kw), (2, second_kw)))
    first, second = ([a] if type(a) is int else a for a in (first, second))
    if not (_ints(first) and _ints(second)) or len(first) != len(second) or (name in AXIS_SWAPS and len(first) != 1):
        return None
    perms = {rank: perm for rank in _SWAP_RANKS
             if (perm := _axes_moved(first, second, rank, swap=name in AXIS_SWAPS)) is not None}
    shape = file.shapes.of(data)
    if shape is not None and shape.rank in perms:
        return Transpose(call, data, perms[shape.rank], shape.dims(shape.rank))
    if not perms:
        return None
    written = re.sub(r"\s+", " ", file.segment(call))
    moving = [rank for rank, perm in perms.items() if perm[-1] != rank - 1]
    if len(moving) in (0, len(perms)):  # (the same at every rank: taken at the largest, where a swap of the last
        return Transpose(call, data, perms[max(perms)], None, rank_hint=" (at any rank)",  # two is one at all)
                         perm_text=written)
    rank = moving[0]
    return Transpose(call, data, perms[rank], None, rank_hint=f" (at rank {rank})",
                     perm_text=f"{list(perms[rank])} ({written})",
                     unstated=f"it moves the last axis only when its input is {rank}-D (with more axes it keeps it "
                              f"in place), and the source does not state the rank of {file.segment(data)}"
                     if data is not None else "the source does not state its input's rank")


def _axes_moved(first: list[int], second: list[int], rank: int, swap: bool) -> tuple[int, ...] | None:
    """The permutation `swapaxes` (`swap`) or `moveaxis` of these axes makes at `rank`; None where an axis is out of
    range, repeated, or nothing moves (nobody writes that)."""
    if any(not -rank <= a < rank for a in (*first, *second)):
        return None
    first, second = [a % rank for a in first], [a % rank for a in second]
    if len(set(first)) != len(first) or len(set(second)) != len(second) or first == second:
        return None
    if swap:
        perm = list(range(rank))
        perm[first[0]], perm[second[0]] = perm[second[0]], perm[first[0]]
        return tuple(perm)
    order = [axis for axis in range(rank) if axis not in first]
    for destination, source in sorted(zip(second, first)):
        order.insert(destination, source)
    return tuple(order)


def _rearranged(file: FileContext, call: ast.Call, layer: bool) -> Transpose | None:
    """The transpose an einops rearrange makes: its pattern's elementary axes permuted, the sizes its keywords
    give them (`c=1`: a size-1 axis), and, when the input groups no axes, what the source states of the input's
    shape. The layer's input is what it is applied to (`Rearrange(p)(x)`); in a Sequential, unknown."""
    pattern = file.literal(argument(call, 0 if layer else 1, "pattern"))
    parsed = rearrange_axes(pattern) if isinstance(pattern, str) else None
    if parsed is None:
        return None
    source, target, grouped = parsed
    if layer:
        applied = file.parent(call)
        data = applied.args[0] if isinstance(applied, ast.Call) and applied.func is call and applied.args else None
    else:
        data = argument(call, 0, "tensor")
    sizes = {k.arg: file.literal(k.value) for k in call.keywords if k.arg}
    dims = [sizes.get(axis) if isinstance(sizes.get(axis), int) else None for axis in source]
    shape = file.shapes.of_rank(data, len(source)) if data is not None and not grouped else None
    if shape is not None:
        dims = [d if d is not None else stated for d, stated in zip(dims, shape.dims(len(source)))]
    perm = tuple(source.index(axis) for axis in target)
    return Transpose(call, data, perm, tuple(dims) if any(d is not None for d in dims) else None,
                     perm_text=f"{pattern!r} (an einops rearrange)")


def _einsum_permuted(file: FileContext, call: ast.Call) -> Transpose | None:
    """The transpose an einsum of one operand makes when its literal equation only permutes the operand's axes
    (`tf.einsum("bhwc->bchw", x)`, `ops.einsum("bnh->bhn", q)`; `...` one axis), with what the source states of
    the input's shape when no `...` leaves its rank open. None for any other einsum, and one that moves nothing."""
    if len(call.args) != 2 or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    equation = file.literal(call.args[0])
    labels = permuted_labels(equation) if isinstance(equation, str) else None
    if labels is None or labels[0] == labels[1]:
        return None
    source, target = labels
    data = call.args[1]
    shape = file.shapes.of_rank(data, len(source)) if "..." not in source else None
    return Transpose(call, data, tuple(source.index(label) for label in target), shape.dims(len(source)) if shape else None,
                     perm_text=f"{equation!r} (an einsum that only permutes its operand)")


def _held_by_attribute(file: FileContext, node: ast.AST | None) -> tuple[list, str | None] | None:
    """(the permutation, the context of its assignments) an attribute of `self` holds
    (`pattern=self.permutation`), when every `self.<attr> = ...` of the class is that one literal or None
    (`self.permutation = (0, 1, 3, 2)` under a data-format test, `= None` otherwise, also in a conditional
    expression: a transpose the code runs only when it is not None). The context is CHANNELS_FIRST when
    every literal one is set in a branch taken only with channels_first data: the transpose runs only
    then. None when not so held."""
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"):
        return None
    owner = file.enclosing_class(node)
    values = []
    for store in file.self_assignments(owner, node.attr) if owner is not None else ():
        value = store.value
        values.extend([value.body, value.orelse] if isinstance(value, ast.IfExp) else [value])
    held = [v for v in values if not (isinstance(v, ast.Constant) and v.value is None)]
    perms = [file.literal(v) for v in held]
    if not held or not all(_ints(p) for p in perms) or any(list(p) != list(perms[0]) for p in perms):
        return None
    first = all(file.in_channels_first_branch(v) for v in held)
    return list(perms[0]), CHANNELS_FIRST if first else None


def transpose_signature(visitor: SourceVisitor, call: ast.Call) -> tuple[int, str, int, object] | None:
    """(data position, data keyword, perm position, perm keyword or "") of a transpose call: a
    framework transpose, or a project function that returns one of its parameter (`TRANSPOSE_FN`)."""
    name = visitor.call_name(call)
    if name in SOURCE_TRANSPOSES:
        data_kw, perm_kw = SOURCE_TRANSPOSES[name]
        return 0, data_kw, 1, perm_kw or ""
    callee = visitor.file.callee(call) if call.args else None
    return visitor.file.project.first(TRANSPOSE_FN, callee) if callee is not None else None


def wrapped_transpose(visitor: SourceVisitor, function: ast.AST) -> tuple[int, str, int, object] | None:
    """The `TRANSPOSE_FN` fact of a module-level function whose last statement returns a framework
    transpose (or a name its body binds only to framework transposes: `transpose_op = tf.sparse.transpose`
    / `tf.transpose`) of one of its parameters, by another parameter or by none, or by a perm it computes of
    range pieces that chain from 0 to an end (`COMPUTED_PERM`: a roll-axis helper); else None."""
    if not (isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function.body
            and isinstance(visitor.file.parent(function), ast.Module)):
        return None
    last = function.body[-1]
    call = last.value if isinstance(last, ast.Return) else None
    if not (isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Name)):
        return None
    name = visitor.call_name(call)
    if name in SOURCE_TRANSPOSES:
        perm_kw = SOURCE_TRANSPOSES[name][1] or ""
    elif isinstance(call.func, ast.Name) and _bound_to_transposes(visitor, function, call.func.id):
        perm_kw = "perm"
    else:
        return None
    positional = positional_names(function)
    data = call.args[0].id
    perm = argument(call, 1, perm_kw) if perm_kw else None
    if data in positional and not _assigned(function, data) and isinstance(perm, ast.Name) and \
            perm.id not in positional and (pieces := _range_pieces(visitor, perm)) is not None:
        return positional.index(data), data, COMPUTED_PERM, pieces
    if data not in positional or _assigned(function, data) or (
            perm is not None and not (isinstance(perm, ast.Name) and perm.id in positional
                                      and _none_by_default(visitor, function, perm.id))):
        return None
    perm_name = perm.id if perm is not None else ""
    return positional.index(data), data, positional.index(perm_name) if perm_name else -1, perm_name


def _bound_to_transposes(visitor: SourceVisitor, function: ast.AST, name: str) -> bool:
    values = [stmt.value for stmt in walk_nodes(function) if isinstance(stmt, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets)]
    names = [visitor.qualified(v) for v in values]
    return bool(values) and all(n in WRAPPED_TRANSPOSES for n in names) and "tensorflow.transpose" in names


def _none_by_default(visitor: SourceVisitor, function: ast.FunctionDef, name: str) -> bool:
    """The perm parameter defaults to None (or has no default), and the body sets it only when it is
    None (`if perm is None: perm = (1, 0)`): a call that passes none reverses the axes."""
    default = parameter_defaults(function).get(name)  # perm is positional (transpose_signature)
    if default is not None and not (isinstance(default, ast.Constant) and default.value is None):
        return False
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) and not any(
                isinstance(a, ast.If) and _is_none_test(a.test, name) for a in visitor.file.ancestors(node)):
            return False
    return True


def _is_none_test(test: ast.expr, name: str) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == name and \
        len(test.ops) == 1 and isinstance(test.ops[0], ast.Is) and \
        isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None


def _assigned(function: ast.AST, name: str) -> bool:
    return any(isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store)
               for node in ast.walk(function))


def flag_implemented(visitor: SourceVisitor, call: ast.Call) -> str | None:
    """The flag parameter (`transpose_a`) of a matmul helper whose body implements it with this
    transpose: `if transpose_a: a = transpose(a, perm)` in `def modal_dot(a, b, transpose_a=False)`,
    the perm (none, a literal, or a name holding either in a conditional expression) swapping the
    last two axes. The matmul the helper calls takes that flag itself."""
    file = visitor.file
    branch = file.parent(file.statement_of(call))
    if not (isinstance(branch, ast.If) and isinstance(branch.test, ast.Name)
            and _FLAG_PARAMETER.fullmatch(branch.test.id)):
        return None
    function = next((a for a in file.ancestors(branch) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                           ast.Lambda, ast.ClassDef))), None)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
            branch.test.id not in parameter_names(function):
        return None
    signature = transpose_signature(visitor, call)
    if signature is None:
        return None
    _, _, perm_index, perm_kw = signature
    if perm_index == COMPUTED_PERM:
        return None
    perm = argument(call, perm_index, perm_kw) if perm_kw else None
    if perm is not None:
        perm = file.value_of(perm)
    choices = [perm.body, perm.orelse] if isinstance(perm, ast.IfExp) else [perm]
    return branch.test.id if all(_swap_or_none(file.literal(c) if c is not None else None) for c in choices) else None


def _swap_or_none(perm) -> bool:
    if perm is None:
        return True  # every axis reversed: a swap of a 2-D operand
    if not _ints(perm):
        return False
    n = len(perm)
    return n >= 2 and tuple(perm) == (*range(n - 2), n - 1, n - 2)


def _unpacked_along(visitor: SourceVisitor, call: ast.Call) -> tuple[int, int] | None:
    """(axis, entries) when the transpose's result is unstacked straight into names:
    `ymin, xmin, ymax, xmax = tf.unstack(tf.transpose(boxes))` says the result has 4 entries along
    axis 0."""
    unstack = visitor.file.argument_parent(call)
    if not (isinstance(unstack, ast.Call) and visitor.call_name(unstack) in UNSTACKS
            and argument(unstack, 0, "value") is call):
        return None
    stmt = visitor.file.parent(unstack)
    axis_node = argument(unstack, 2, "axis")
    axis = visitor.file.literal(axis_node) if axis_node is not None else 0
    if not (isinstance(stmt, ast.Assign) and stmt.value is unstack and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], (ast.Tuple, ast.List)) and isinstance(axis, int)):
        return None
    names = stmt.targets[0].elts
    return None if any(isinstance(n, ast.Starred) for n in names) else (axis, len(names))


def _with_output_axis(shape: Shape | None, perm: tuple[int, ...], unpacked: tuple[int, int] | None) -> Shape | None:
    """The input's shape, with the size the result's unpacking states put on the axis it comes from."""
    if unpacked is None or not -len(perm) <= unpacked[0] < len(perm):
        return shape
    source_axis = perm[unpacked[0]]
    dims = list((shape or Shape(len(perm), {})).dims(len(perm)) or [None] * len(perm))
    if dims[source_axis] is None:
        dims[source_axis] = unpacked[1]
    return Shape.of(dims)


def _ints(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(p, int) and not isinstance(p, bool) for p in value)


def _is_permutation(perm: tuple[int, ...]) -> bool:
    return sorted(perm) == list(range(len(perm)))


def _built_list(visitor: SourceVisitor, node: ast.AST | None) -> tuple[tuple[int, ...], str] | None:
    """`perm = [0]; perm.extend(range(2, rank)); perm.append(1)` -> a representative permutation
    (rank 4) and its text (`[0, 2, ..., 1]`): the list's literal head, a `range(k, rank)` middle,
    literal appends. None otherwise."""
    if not isinstance(node, ast.Name):
        return None
    bound = visitor.file.binding(node)
    if bound is None or not isinstance(bound.value, ast.List) or not isinstance(bound.stmt, ast.Assign):
        return None
    head = visitor.file.literal(bound.value)
    where = visitor.file.block_of(bound.stmt)
    use = visitor.file.statement_of(node)
    if not _ints(head) or where is None:
        return None
    block, index = where
    middle: int | None = None
    tail: list[int] = []
    for stmt in block[index + 1:]:
        if stmt is use:
            break
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name) and call.func.value.id == node.id and len(call.args) == 1):
            if any(isinstance(n, ast.Name) and n.id == node.id for n in ast.walk(stmt)):
                return None  # used or changed in another way
            continue
        arg = call.args[0]
        if call.func.attr == "append" and isinstance(visitor.file.literal(arg), int) and middle is not None:
            tail.append(visitor.file.literal(arg))
        elif (call.func.attr == "extend" and middle is None and not tail and isinstance(arg, ast.Call)
              and isinstance(arg.func, ast.Name) and arg.func.id == "range" and len(arg.args) == 2
              and isinstance(visitor.file.literal(arg.args[0]), int)):
            middle = visitor.file.literal(arg.args[0])
        else:
            return None
    if middle is None or not tail:
        return None
    rank = 4  # any rank >= 3 behaves alike: range(k, rank) then the appended axes
    perm = (*head, *range(middle, rank), *tail)
    shown = "[" + ", ".join(map(str, [*head, middle])) + ", ..., " + ", ".join(map(str, tail)) + "]"
    return (perm, shown) if _is_permutation(perm) else None


def _head_then_range(visitor: SourceVisitor, node: ast.AST | None, data: ast.AST | None) -> tuple[tuple, str] | None:
    """`[1, 0] + list(range(2, len(t.shape)))` (through a name bound to it and not changed after; the end also
    `t.shape.ndims`, `t.shape.rank`, `t.ndim`, `tf.rank(t)`, through a name) of the tensor `t` it moves: a literal
    head that permutes its first k axes, then the rest in place up to the tensor's rank. -> (the head, the perm as
    written); None otherwise."""
    if not isinstance(data, ast.Name):
        return None
    file = visitor.file
    value = file.value_of(node) if isinstance(node, ast.Name) and not _mutated(visitor, node) else node
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add) and isinstance(value.left, (ast.List, ast.Tuple))):
        return None
    head = file.literal(value.left)
    tail = value.right.args[0] if _builtin_call(value.right, "list") or _builtin_call(value.right, "tuple") else value.right
    if not _ints(head) or not head or not _is_permutation(tuple(head)) or not (
            isinstance(tail, ast.Call) and isinstance(tail.func, ast.Name) and tail.func.id == "range"
            and len(tail.args) == 2 and not tail.keywords and file.binding(tail.func) is None
            and file.literal(tail.args[0]) == len(head) and rank_of(file, file.value_of(tail.args[1]), data.id)):
        return None
    return tuple(head), re.sub(r"\s+", " ", file.segment(value))


def _headed_transpose(visitor: SourceVisitor, call: ast.Call, data: ast.Name, head: tuple, written: str) -> Transpose:
    """A head-then-range transpose (`_head_then_range`) judged at the rank of its input: the rank the source states
    for it, else the ranks of what every call of its function in the file passes for it (`self._swap(log_pi)`):
    the last axis moves exactly when the rank is the head's length (no tail), so the rank that moves it wins, a
    call that states it is named; a rank no call states leaves the finding at info (`Transpose.unstated`)."""
    file = visitor.file
    k = len(head)

    def made(rank: int, hint: str, unstated: str = "") -> Transpose:
        shape = file.shapes.of_rank(data, rank)
        return Transpose(call, data, (*head, *range(k, rank)), shape.dims(rank) if shape else None,
                         rank_hint=hint, perm_text=written, unstated=unstated)
    shape = file.shapes.of(data)
    if shape is not None and shape.rank is not None and shape.rank >= k:
        return made(shape.rank, f" ({shape.rank}-D here)")
    passed: list[tuple[int | None, ast.AST]] = []
    function = parameter_owner(file, data) if file.binding(data) is None or file.binding(data).stmt is None else None
    calls = file_calls(file, function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    names = positional_names(function) if calls else []
    for other in calls or ():
        given = argument(other, names.index(data.id) - (1 if isinstance(other.func, ast.Attribute) and names and
                                                          names[0] in ("self", "cls") else 0), data.id) \
            if data.id in names else None
        stated = file.shapes.of(given) if given is not None else None
        passed.append((stated.rank if stated is not None else None, other))
    moving = [c for rank, c in passed if rank == k]
    if moving:
        return made(k, f" (a {k}-D tensor passed on line {moving[0].lineno})")
    if passed and all(rank is not None and rank > k for rank, _ in passed):
        return made(min(rank for rank, _ in passed), f" (every call passes a tensor of more than {k} axes)")
    return made(k, f" (at rank {k})", unstated=f"it moves the last axis only when its input is {k}-D (with more "
                                                  f"axes it keeps it in place), and the source does not state the "
                                                  f"rank of {data.id}")


def _swapped_range(visitor: SourceVisitor, node: ast.AST | None) -> tuple[tuple[int, ...], str] | None:
    """`perm = list(range(rank))` (or `[i for i in range(rank)]`), then item swaps before the read:
    `perm[-1], perm[axis] = perm[axis], perm[-1]` (the last axis swapped with another, to run an op
    along it, as top_k: `axis` taken as 1 when it is not a literal, a rank at which the swap moves
    something: nobody writes one that does not), `perm[-2], perm[-1] = perm[-1], perm[-2]` (literal
    indices, one swap after another) -> a representative permutation and its text. The read may be in
    a later compound statement (a loop) that only passes the list on. None when the rank the code does
    not state decides whether the last axis moves (`perm[0], perm[1]` swaps it only at rank 2), or
    when the list is changed in any other way before the read."""
    if not isinstance(node, ast.Name):
        return None
    file = visitor.file
    bindings = file.scope_index(file.scope_of(node)).bindings.get(node.id, [])
    before = [b for b in bindings if b.pos < (node.lineno, node.col_offset)  # (a swap binds the name too)
              and _swapped_items(file, b.stmt, node.id) is None]
    made = before[-1] if before else None
    literal = file.literal(made.value) if made is not None and isinstance(made.value, ast.List) else None
    if made is None or not (_range_list(made.value) or _ints(literal) and _is_permutation(tuple(literal))):
        return None
    where, use = file.block_of(made.stmt), file.statement_of(node)
    if where is None:
        return None
    block, index = where
    swaps = []
    for stmt in block[index + 1:]:
        if stmt is use or (stmt.lineno <= use.lineno <= stmt.end_lineno and any(a is stmt for a in file.ancestors(use))):
            if stmt is not use and not _only_passed(file, stmt, node.id):
                return None  # (a loop that changes the list between its reads)
            break
        other = _swapped_items(file, stmt, node.id)
        item = _set_item(file, stmt, node.id) if literal is not None else None
        if other is not None or item is not None:
            swaps.append(other or item)
        elif not _only_passed(file, stmt, node.id):
            return None  # changed, or read other than as a call's argument
    else:
        return None
    if not swaps:
        return None
    return _swaps_perm(file, swaps) if literal is None else _changed_literal(file, list(literal), swaps)


def _sliced_range(visitor: SourceVisitor, node: ast.AST | None) -> tuple[tuple[int, ...], str] | None:
    """`perm = list(range(rank))`, then `perm = perm[:-3] + [perm[-2], perm[-1], perm[-3]]` (through the name, not
    changed after): a new list of slices and items of the identity, by negative literal indices, so it rearranges the
    trailing axes the same way at every rank that has them (dynastes' STFT layouts). -> the permutation at the largest
    of those ranks (`_SWAP_RANKS`) and its text; None when it is no permutation at some such rank, or whether the last
    axis moves depends on the rank."""
    if not isinstance(node, ast.Name) or _mutated(visitor, node):
        return None
    file = visitor.file
    value = file.value_of(node, depth=1)
    parts = _pieces_nodes(value) if value is not node else []
    reads = [n for n in ast.walk(value) if isinstance(n, ast.Name)] if len(parts) >= 2 else []
    if not reads or len({n.id for n in reads}) != 1:
        return None
    identity = file.binding(reads[0])
    if identity is None or not _range_list(identity.value) or any(file.binding(n) is not identity for n in reads):
        return None
    pieces = [_trailing_piece(file, part, reads[0].id) for part in parts]
    if None in pieces:
        return None
    deepest = max(-i for piece in pieces for i in piece[1:] if i is not None)
    perms = {}
    for rank in _SWAP_RANKS:
        if rank < deepest:
            continue
        axes = list(range(rank))
        perm = tuple(a for piece in pieces for a in (axes[piece[1]:piece[2]] if piece[0] else [axes[i] for i in piece[1:]]))
        if not _is_permutation(perm):
            return None
        perms[rank] = perm
    if not perms or len({p[-1] == len(p) - 1 for p in perms.values()}) != 1:
        return None
    written, made = (re.sub(r"\s+", " ", file.segment(v)) for v in (value, identity.value))
    return perms[max(perms)], f"{written} of {made}"


def _trailing_piece(file, part: ast.AST, name: str) -> tuple | None:
    """A piece of a list rebuilt from `name`: (True, lower, upper) for `name[:-3]` (a slice, bounds negative literals
    or absent), (False, i, j...) for `[name[-2], name[-1]]` (items at negative literal indices); None otherwise."""
    def negative(index: ast.AST | None) -> int | None | bool:
        literal = file.literal(index) if index is not None else None
        return literal if literal is None or type(literal) is int and literal < 0 else False

    if isinstance(part, ast.Subscript) and isinstance(part.value, ast.Name) and part.value.id == name \
            and isinstance(part.slice, ast.Slice) and part.slice.step is None:
        bounds = (negative(part.slice.lower), negative(part.slice.upper))
        return None if False in bounds else (True, *bounds)
    if isinstance(part, ast.List) and part.elts and all(
            isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name) and e.value.id == name
            and not isinstance(e.slice, ast.Slice) for e in part.elts):
        items = [negative(e.slice) for e in part.elts]
        return None if any(i is None or i is False for i in items) else (False, *items)
    return None


def _range_pieces(visitor: SourceVisitor, node: ast.AST | None) -> tuple[tuple[int, ...], str] | None:
    """`list(range(0, b)) + list(range(e, n)) + list(range(b, e))` (through a name bound to it and not
    changed after): pieces of `range` whose bounds, compared as written, chain from 0 to one end without
    gap or overlap, a permutation of `range(end)` whatever the bounds' values (each piece taken as not
    empty: nobody concatenates an empty one on purpose). The last axis stays only when the last piece
    ends at the end. -> a representative permutation (pieces of 2 axes, literal bounds as they are) and
    its text; None otherwise (a piece that is not a `range`, a chain that does not close). A perm computed at run
    time, `tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)`, has the same pieces
    (`_concat_parts`, `_tensor_range`)."""
    file = visitor.file
    value = file.value_of(node) if isinstance(node, ast.Name) and not _mutated(visitor, node) else node
    pieces: list[tuple[ast.expr, ast.expr]] = []
    joined = _concat_parts(visitor, value)  # (`tf.concat([...], 0)` of tensors: its pieces, in order)
    stack = list(reversed(joined)) if joined is not None else [value]
    while stack:
        part = stack.pop()
        if joined is None and isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
            stack.extend([part.right, part.left])
            continue
        item = _one_axis(file, part) or (_tensor_range(visitor, part) if joined is not None else None)
        if item is not None:
            pieces.append(item)
            continue
        inner = part.args[0] if _builtin_call(part, "list") else part
        if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "range"
                and len(inner.args) in (1, 2) and not inner.keywords and file.binding(inner.func) is None
                and not any(isinstance(a, ast.Starred) for a in inner.args)):
            return None
        pieces.append((inner.args[0], inner.args[1]) if len(inner.args) == 2 else (ast.Constant(0), inner.args[0]))
    if len(pieces) < 2:
        return None
    key = ast.dump
    by_start = {}
    for lower, upper in pieces:
        by_start.setdefault(key(lower), []).append((lower, upper))
    at = {key(ast.Constant(0)): 0}
    bound, value_at = ast.Constant(0), 0
    used = 0
    while key(bound) in by_start:
        following = by_start.pop(key(bound))
        if len(following) != 1:
            return None
        upper = following[0][1]
        literal = file.literal(upper)
        value_at = literal if _ints([literal]) else value_at + 2
        if key(upper) in at or value_at <= at[key(bound)]:
            return None
        at[key(upper)] = value_at
        bound, used = upper, used + 1
    if used != len(pieces):
        return None
    perm = tuple(i for lower, upper in pieces for i in range(at[key(lower)], at[key(upper)]))
    if not _is_permutation(perm):
        return None
    if joined is not None:  # (as written, on one line)
        written = re.sub(r"\s+", " ", file.segment(value))
        return perm, re.sub(r",? ([\])])", r"\1", re.sub(r"([\[(]) ", r"\1", written))
    return perm, " + ".join(file.segment(p) for p in _pieces_nodes(value))


_CONCATS = {"tensorflow.concat", "keras.ops.concatenate"}
_RANGES = {"tensorflow.range", "keras.ops.arange"}


def _concat_parts(visitor: SourceVisitor, value: ast.AST | None) -> list[ast.expr] | None:
    """The pieces of a perm computed at run time as a framework concatenation of 1-D pieces along axis 0
    (`tf.concat([num_rolls + tf.range(rank - num_rolls), tf.range(num_rolls)], 0)`, `tf.concat([[rank],
    tf.range(rank)], 0)`): the literal list it joins; None otherwise."""
    if not (isinstance(value, ast.Call) and visitor.call_name(value) in _CONCATS):
        return None
    parts = argument(value, 0, "values") or argument(value, 0, "xs")
    axis = argument(value, 1, "axis")
    if not isinstance(parts, (ast.List, ast.Tuple)) or axis is None or visitor.file.literal(axis) not in (0, -1) \
            or any(isinstance(p, ast.Starred) for p in parts.elts):
        return None
    return list(parts.elts)


def _tensor_range(visitor: SourceVisitor, part: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """(start, end) of a framework range piece of a computed perm, as written: `tf.range(n)` is (0, n),
    `tf.range(a, b)` is (a, b), `k + tf.range(n)` (or `tf.range(n) + k`) is (k, k + n); None otherwise (a
    step, a dtype that is no integer)."""
    offset = None
    if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add):
        for ranged, other in ((part.right, part.left), (part.left, part.right)):
            if isinstance(ranged, ast.Call) and visitor.call_name(ranged) in _RANGES:
                part, offset = ranged, other
                break
        else:
            return None
    if not (isinstance(part, ast.Call) and visitor.call_name(part) in _RANGES and len(part.args) in (1, 2)
            and not any(isinstance(a, ast.Starred) for a in part.args)
            and all(k.arg in ("dtype", "name") for k in part.keywords)):
        return None
    start, end = (part.args[0], part.args[1]) if len(part.args) == 2 else (ast.Constant(0), part.args[0])
    if offset is None:
        return start, end
    if isinstance(offset, ast.Constant) and not (isinstance(offset.value, int) and offset.value >= 0) or \
            len(part.args) == 2:
        return None  # (a negative or non-integer shift; a shifted two-bound range: written no other way here)
    return offset, ast.BinOp(offset, ast.Add(), end)


def _one_axis(file, part: ast.AST) -> tuple[ast.expr, ast.expr] | None:
    """(x, x + 1) for a one-axis piece `[x]`: `[0]` is (0, 1), `[rank - 1]` is (rank - 1, rank), as written
    (`[rank - 1] + list(range(rank - 1))`: the last axis moved first; `list(range(1, rank)) + [0]`). None
    otherwise (a negative or non-integer literal, more than one item)."""
    if not (isinstance(part, ast.List) and len(part.elts) == 1) or isinstance(part.elts[0], ast.Starred):
        return None
    axis = part.elts[0]
    literal = file.literal(axis)
    if literal is not NOT_LITERAL:
        return (ast.Constant(literal), ast.Constant(literal + 1)) if _ints([literal]) and literal >= 0 else None
    if isinstance(axis, ast.BinOp) and isinstance(axis.op, ast.Sub) and file.literal(axis.right) == 1 and \
            file.literal(axis.left) is NOT_LITERAL:
        return axis, axis.left
    return axis, ast.BinOp(axis, ast.Add(), ast.Constant(1))


def _pieces_nodes(value: ast.AST) -> list[ast.AST]:
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _pieces_nodes(value.left) + _pieces_nodes(value.right)
    return [value]


def _set_item(file, stmt: ast.stmt, name: str) -> tuple[int, int, None] | None:
    """(index, value, None) of `name[i] = v` with literal i and v; else None."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Subscript)
            and isinstance(stmt.targets[0].value, ast.Name) and stmt.targets[0].value.id == name):
        return None
    index, value = file.literal(stmt.targets[0].slice), file.literal(stmt.value)
    return (index, value, None) if _ints([index, value]) else None


def _changed_literal(file, perm: list[int], changes: list) -> tuple[tuple[int, ...], str] | None:
    """A literal list after its swaps and item assignments (literal indices and values), when a
    permutation results."""
    for change in changes:
        if len(change) == 3:  # an item assignment
            index, value, _ = change
            if not -len(perm) <= index < len(perm):
                return None
            perm[index] = value
            continue
        a, b = (file.literal(n) for n in change)
        if not (_ints([a, b]) and -len(perm) <= a < len(perm) and -len(perm) <= b < len(perm)):
            return None
        perm[a], perm[b] = perm[b], perm[a]
    return (tuple(perm), "") if _is_permutation(tuple(perm)) else None


def _range_list(value: ast.AST | None) -> bool:
    """`list(range(n))` or `[i for i in range(n)]`: the identity permutation of an unstated rank."""
    if isinstance(value, ast.ListComp) and len(value.generators) == 1:
        loop = value.generators[0]
        return isinstance(loop.target, ast.Name) and isinstance(value.elt, ast.Name) and \
            value.elt.id == loop.target.id and not loop.ifs and not loop.is_async and _builtin_call(loop.iter, "range")
    return _builtin_call(value, "list") and _builtin_call(value.args[0], "range")


def _only_passed(file, stmt: ast.stmt, name: str) -> bool:
    """Every read of `name` in `stmt` passes it to a call (an argument, a keyword's value), and none
    binds it."""
    for n in ast.walk(stmt):
        if isinstance(n, ast.Name) and n.id == name:
            parent = file.parent(n)
            if not isinstance(n.ctx, ast.Load) or not (
                    isinstance(parent, ast.keyword) or isinstance(parent, ast.Call) and parent.func is not n):
                return False
    return True


_SWAP_RANKS = range(2, 9)  # ranks at which a swap of literal indices is judged (the list's length is unstated)


def _swaps_perm(file, swaps: list[tuple[ast.expr, ast.expr]]) -> tuple[tuple[int, ...], str] | None:
    """The permutation the swaps make of `range(rank)`, at a rank where each swaps two axes, when whether
    the last axis moves is the same at every such rank; else None. A non-literal index is allowed
    only against -1 (the last axis), and taken as 1."""
    pairs = []
    for one, other in swaps:
        a, b = file.literal(one), file.literal(other)
        literal = [isinstance(v, int) and not isinstance(v, bool) for v in (a, b)]
        if not all(literal):
            if len(swaps) != 1 or literal.count(True) != 1 or (a if literal[0] else b) != -1:
                return None
            a, b = -1, 1
        pairs.append((a, b))
    perms = {}
    for rank in _SWAP_RANKS:
        if any(not -rank <= i < rank for pair in pairs for i in pair) or any(a % rank == b % rank for a, b in pairs):
            continue  # (nobody writes a swap that is no swap)
        perm = list(range(rank))
        for a, b in pairs:
            perm[a], perm[b] = perm[b], perm[a]
        perms[rank] = tuple(perm)
    if not perms or len({p[-1] == len(p) - 1 for p in perms.values()}) != 1:
        return None
    rank = max(perms)  # (a swap of the last two axes at this rank is one at every rank: TFP103 may take it)
    shown = ", then ".join(
        f"the last axis and axis {file.segment(o if file.literal(l) == -1 else l)}"
        if -1 in (file.literal(l), file.literal(o)) else f"axes {file.segment(l)} and {file.segment(o)}"
        for l, o in swaps)
    return perms[rank], f"list(range(rank)) with {shown} swapped"


def _builtin_call(node: ast.AST, name: str) -> bool:
    """`list(x)`, `range(n)`: a call of that builtin with one argument."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name \
        and len(node.args) == 1 and not node.keywords


def _swapped_items(file, stmt: ast.stmt, name: str) -> tuple[ast.expr, ast.expr] | None:
    """The two indices of `name[i], name[j] = name[j], name[i]`; else None."""
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Tuple)
            and isinstance(stmt.value, ast.Tuple) and len(stmt.targets[0].elts) == len(stmt.value.elts) == 2):
        return None
    targets, values = stmt.targets[0].elts, stmt.value.elts
    if not all(isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name) and e.value.id == name
               for e in (*targets, *values)):
        return None
    left, right = (ast.dump(e.slice) for e in targets)
    if [ast.dump(e.slice) for e in values] != [right, left] or left == right:
        return None
    return targets[0].slice, targets[1].slice


def _mutated(visitor: SourceVisitor, node: ast.AST | None) -> bool:
    """A name bound to a list (or a concatenation) that a method call or an item assignment changes before this read
    (`perm.append(1)`, `perm[i] = j`)."""
    if not isinstance(node, ast.Name):
        return False
    bound = visitor.file.binding(node)
    if bound is None or not (isinstance(bound.value, (ast.List, ast.BinOp)) or _builtin_call(bound.value, "list")):
        return False  # (a list: a literal, a concatenation, a list() of something)
    index = visitor.file.scope_index(visitor.file.scope_of(node))
    return any((isinstance(p := visitor.file.parent(read), ast.Attribute) and isinstance(visitor.file.parent(p), ast.Call)
                or isinstance(p, ast.Subscript) and isinstance(p.ctx, ast.Store))
               and bound.pos <= (read.lineno, read.col_offset) < (node.lineno, node.col_offset)
               for read in index.loads_of(node.id))


def matmul_operand(visitor: SourceVisitor, call: ast.Call, rank: int) -> tuple[ast.AST, str, bool] | None:
    """(the matmul, "a" or "b", read directly) when the transpose's result (of rank `rank`) is an operand
    of a matmul (a call, or the `@` operator; a batched dot without `axes` for rank 3 or more): directly,
    or through a variable every read of which that the assignment may reach (not one in the other branch
    of an `if` it sits in) is a matmul operand, asks only its shape, or is reduced along literal axes (the
    reduction reads the untransposed tensor along the matching axes): a value that also goes elsewhere
    (`tf.concat([r, t])`) keeps the transpose whatever flag the matmul takes. A sign or a literal scale
    in between (`-tf.transpose(r)`, `0.5 * ...`) commutes with the transpose: looked through."""
    file = visitor.file
    target = _through_scale(file, call)
    parent = file.parent(target)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        name = parent.targets[0].id
        index = file.scope_index(file.scope_of(parent))
        bindings = index.bindings.get(name, [])
        reads = [n for n in index.loads_of(name)
                 if _may_reach(file, bindings, parent, n) and not _other_branch(file, n, parent)]
        first = None
        for read in reads:
            if _shape_read(visitor, read) or _reduced(visitor, read):
                continue
            found = _operand_of(visitor, _through_scale(file, read), rank)
            if found is None:
                return None  # (also read as data elsewhere: the copy stays)
            first = first or found
        return (first[0], first[1], False) if first else None
    found = _operand_of(visitor, target, rank)
    return (found[0], found[1], target is call) if found else None


_SCALES = (ast.Mult, ast.Div)
_SHAPE_ATTRIBUTES = {"shape", "get_shape", "dtype", "ndim"}
_SHAPE_CALLS = {"tensorflow.shape", "tensorflow.rank", "keras.ops.shape", "keras.backend.int_shape",
                "keras.backend.shape"}


def _through_scale(file: FileContext, node: ast.AST) -> ast.AST:
    """The outermost expression that only signs or scales `node` by a literal number (`-x`, `2.0 * x`,
    `x / 2`): a transpose commutes with it."""
    for _ in range(4):
        parent = file.parent(node)
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, (ast.USub, ast.UAdd)):
            node = parent
        elif isinstance(parent, ast.BinOp) and isinstance(parent.op, _SCALES) and number_literal(
                parent.right if parent.left is node else parent.left) and (
                isinstance(parent.op, ast.Mult) or parent.left is node):
            node = parent
        else:
            break
    return node


def _reduced(visitor: SourceVisitor, read: ast.Name) -> bool:
    """A read that a framework reduction takes as its input along literal axes, or all of them
    (`tf.reduce_mean(xt, axis=-1)`): on the untransposed tensor it is the same reduction along the axes
    the transpose maps there."""
    parent = visitor.file.argument_parent(read)
    if not (isinstance(parent, ast.Call) and argument(parent, 0, "input_tensor") is read
            and visitor.call_name(parent) in TF_REDUCTIONS):
        return False
    axis = argument(parent, 1, "axis")
    value = visitor.file.literal(axis) if axis is not None else None
    return axis is None or isinstance(value, int) or _ints(value)


def _shape_read(visitor: SourceVisitor, read: ast.Name) -> bool:
    """A read that asks only the tensor's shape (`x.shape`, `tf.shape(x)`), not its data."""
    parent = visitor.file.parent(read)
    if isinstance(parent, ast.Attribute) and parent.attr in _SHAPE_ATTRIBUTES:
        return True
    return isinstance(parent, ast.Call) and read in parent.args and visitor.call_name(parent) in _SHAPE_CALLS


def _may_reach(file, bindings: list, stmt: ast.AST, read: ast.Name) -> bool:
    """Whether the binding `stmt` makes may be what `read` reads: it comes before the read, and every
    binding between them is in the other branch of an `if` it sits in (`if channels_last: k =
    transpose(k) else: k = reshape(k)` then `q @ k`: either may be read)."""
    pos = (read.lineno, read.col_offset)
    mine = next((b for b in bindings if b.stmt is stmt), None)
    if mine is None or not mine.pos < pos:
        return False
    return all(_other_branch(file, b.stmt, stmt) for b in bindings if mine.pos < b.pos < pos)


def _other_branch(file, one: ast.AST | None, other: ast.AST) -> bool:
    """`one` and `other` are in different branches of the same `if`: no run executes both."""
    if one is None:
        return False
    branch_of = {}
    child = other
    for parent in file.ancestors(other):
        if isinstance(parent, ast.If):
            branch_of[id(parent)] = any(child is s for s in parent.body)
        child = parent
    child = one
    for parent in file.ancestors(one):
        if isinstance(parent, ast.If) and id(parent) in branch_of:
            return branch_of[id(parent)] != any(child is s for s in parent.body)
        child = parent
    return False


def inline_matmul_operand(visitor: SourceVisitor, call: ast.Call, perm: tuple[int, ...]) -> bool:
    """The transpose is written as an operand of a matmul (a call of MATMULS, a batched dot, the `@` operator),
    through a sign or a literal scale only, and its perm (of rank 3 or more) moves the leading, batch axis
    (`tf.matmul(tf.transpose(a, [1, 2, 0]), tf.transpose(b, [1, 0, 2]))`: it chooses which axes the matmul
    batches over and contracts, an einsum's equation): the layout the matmul reads is TFP103's business, not a
    copy TFP101 reports on its own. A perm that keeps the batch axis and moves more than the last two (axis 3
    with the last) is a copy no flag or equation of the matmul reads away by itself: TFP101's."""
    if len(perm) < 3 or perm[0] == 0:
        return False
    file = visitor.file
    node = _through_scale(file, call)
    parent = file.argument_parent(node)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.MatMult):
        return True
    if not (isinstance(parent, ast.Call) and visitor.call_name(parent) in MATMULS):
        return False
    name = visitor.call_name(parent)
    first, second = MATMULS[name]
    return argument(parent, 0, first) is node or argument(parent, 1, second) is node and name not in MATRIX_VECTOR


SUMMARIES = ("tensorflow.summary.", "tensorflow.compat.v1.summary.", "tensorflow.compat.v2.summary.")
_FLOW_DEPTH = 12  # steps of data flow `only_logged` follows


def only_logged(visitor: SourceVisitor, node: ast.AST) -> bool:
    """Whether every use of what `node` computes ends in a `tf.summary.*` call (`tf.summary.image`): through
    the calls that take it (`tf.reshape`, `tf.concat([a, b])`, a project helper's `on_grid(x, side)`: their
    results), the names that hold it (the reads each assignment reaches) and the calls of a nested function that
    returns it (`frames = fix_dims(video)` ... `tf.summary.image("video", tf.concat([frames, ...], 1))`).
    Logging: the step's result needs none of it. Any other use (a return to an unknown caller, a call whose
    result nothing reads, a statement of its own, a flow too long to follow) keeps it on the step."""
    if "summary" not in visitor.file.text:
        return False
    return _logged(visitor, node, set(), [0])


def _logged(visitor: SourceVisitor, node: ast.AST, seen: set, steps: list) -> bool:
    steps[0] += 1
    if steps[0] > _FLOW_DEPTH * 4:
        return False
    file = visitor.file
    parent = file.parent(node)
    kind = type(parent)
    if kind in (ast.List, ast.Tuple, ast.BinOp, ast.UnaryOp, ast.Starred, ast.keyword, ast.IfExp) or \
            kind is ast.Subscript and parent.value is node:
        return _logged(visitor, parent, seen, steps)
    if kind is ast.Call and node is not parent.func:
        if (visitor.call_name(parent) or "").startswith(SUMMARIES):
            return True
        # (a project function or a method, too: its result, if only logged, is all the step could read of the
        # value; a call whose result nothing reads, `store(x)`, keeps it: what it does with the value is not known)
        return _logged(visitor, parent, seen, steps)
    if kind is ast.Assign and len(parent.targets) == 1 and type(parent.targets[0]) is ast.Name:
        if parent in seen:
            return True  # (already being followed: its other reads decide)
        seen.add(parent)
        index = file.scope_index(file.scope_of(parent))
        name = parent.targets[0].id
        bindings = index.bindings.get(name, [])
        reads = [r for r in index.loads_of(name) if _may_reach(file, bindings, parent, r)]
        return bool(reads) and all(_logged(visitor, r, seen, steps) for r in reads)
    if kind is ast.Return:
        function = file.scope_of(parent)
        if type(function) is not ast.FunctionDef or type(file.scope_of(function)) is not ast.FunctionDef or \
                function in seen:
            return False  # (a nested function: its calls are all in the function around it)
        seen.add(function)
        uses = file.scope_index(file.scope_of(function)).loads_of(function.name)
        return bool(uses) and all(type(file.parent(u)) is ast.Call and file.parent(u).func is u
                                  and _logged(visitor, file.parent(u), seen, steps) for u in uses)
    return False


_OUTPUT_DEPTH = 40  # steps of data flow `output_only` follows


def output_only(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the transpose only formats what its function returns, or None. Its result flows only into the function's
    `return`, through a structure built there (a tuple or list, `+` of tuples, a record made by a class's keyword
    arguments, `tuple(...)` of a comprehension), never into a layer, a loss or another op; and either the tensor it
    moves is also read, untransposed, by a call of the same function (`pooled = self.pooler(x)` or
    `loss = compute_loss(logits=x)`, then `x = tf.transpose(x, ...)` returned: the step computed from the first
    layout, the copy is only the caller's format) or it runs only under an option of the function's signature
    that is off by default (`if output_hidden_states:`, `if not return_dict:`) and that no call in the file turns
    on with a literal (`output_hidden_states=True`). The NCHW outputs of Keras ports of PyTorch models."""
    file = visitor.file
    call = found.call
    function = file.scope_of(call)
    if type(function) is not ast.FunctionDef:
        return None
    built = [False]
    trace: list = []  # (the IfExps, names and returns the flow passes through)
    if not _to_return(visitor, call, function, set(), [0], built, trace) or not built[0]:
        return None
    option = _off_option(file, call, function)
    if option is not None and _optional(file, function, option[1], trace):
        option = option[0]
        return f"it runs only under {option}, and what it makes only goes into the structure the function returns: " \
               "the caller's output format, which no loss or layer of this function reads"
    if _read_untransposed(visitor, found, function):
        return "what it makes only goes into the structure the function returns, while the function's own " \
               "computation (a layer, a loss) reads the untransposed tensor: the caller's output format"
    if _UNGATED not in trace:
        return "what it makes reaches the function's return only through options of the signature off by " \
               "default (a return under `if not return_dict:`, `x if output_hidden_states else None`): an output " \
               "the caller must ask for"
    return None


def read_both_ways(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why a matrix transpose is a square pairwise matrix's, or None: a 2-D transpose (`perm=[1, 0]`, or no perm of
    an input of unstated rank) handed to a call whose callee the same function also hands the untransposed tensor
    at the same position, a function of the project (`loss(similarity)` and `loss(tf.transpose(similarity))`: a
    contrastive loss over both
    directions of a batch x batch similarity matrix). One function reads both layouts, so both axes have the same
    length: a B x B matrix of scores, B^2 elements with no per-example feature axis (the weight convention's price)."""
    if len(found.perm) != 2 or type(found.data) is not ast.Name:
        return None
    file = visitor.file
    call = found.call
    outer = file.parent(call)
    if not (isinstance(outer, ast.Call) and call in outer.args):
        return None
    if (visitor.call_name(outer) or "").startswith(("tensorflow.", "keras.", "numpy.", "tf_keras.")):
        return None  # (an op of the framework, `tf.square(x)` and `tf.square(tf.transpose(x))`: says nothing)
    position = outer.args.index(call)
    callee = ast.dump(outer.func)
    bound = file.binding(found.data)
    function = file.scope_of(call)
    index = file.scope_index(function)
    for read in index.loads_of(found.data.id):
        other = file.parent(read)
        if read is not found.data and isinstance(other, ast.Call) and other is not outer and \
                len(other.args) > position and other.args[position] is read and ast.dump(other.func) == callee \
                and file.binding(read) == bound:
            return "the same function hands the untransposed matrix to the same call, so both axes have the same " \
                   "length: a square pairwise matrix (batch x batch scores), B^2 elements with no per-example " \
                   "feature axis, a small copy (the weight convention)"
    return None


def _false_default_getattr(value: ast.AST | None) -> bool:
    """`getattr(config, "name", False)` (or None): a setting absent from the object is off."""
    return isinstance(value, ast.Call) and type(value.func) is ast.Name and value.func.id == "getattr" \
        and len(value.args) == 3 and not value.keywords and isinstance(value.args[2], ast.Constant) \
        and value.args[2].value in (False, None)


def optional_setting(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the transpose is off the default path, or None: it runs only under `if self.flag:` where every
    assignment of `self.flag` in the class reads a setting with `getattr(config, "name", False)`: an option absent
    from the configuration is off (DeBERTa's `talking_head`), like a channels_first branch."""
    file = visitor.file
    child = found.call
    for parent in file.ancestors(found.call):
        if isinstance(parent, ast.ClassDef):
            return None
        if isinstance(parent, ast.If) and any(child is s for s in parent.body):
            test = parent.test
            if isinstance(test, ast.Attribute) and type(test.value) is ast.Name and test.value.id == "self":
                cls = next((a for a in file.ancestors(parent) if isinstance(a, ast.ClassDef)), None)
                values = [n.value for n in walk_nodes(cls) if isinstance(n, ast.Assign) for t in n.targets
                          if isinstance(t, ast.Attribute) and t.attr == test.attr and type(t.value) is ast.Name
                          and t.value.id == "self"] if cls is not None else []
                if values and all(_false_default_getattr(v) for v in values):
                    setting = values[0].args[1].value if isinstance(values[0].args[1], ast.Constant) else test.attr
                    return f"it runs only under `if self.{test.attr}:`, a setting read with getattr(..., " \
                           f"{setting!r}, {values[0].args[2].value}): off unless the configuration sets it " \
                           "(off the default path)"
        child = parent
    return None


def _to_return(visitor: SourceVisitor, node: ast.AST, function: ast.FunctionDef, seen: set, steps: list,
               built: list, trace: list, gate: bool = False) -> bool:
    steps[0] += 1
    if steps[0] > _OUTPUT_DEPTH:
        return False
    file = visitor.file
    parent = file.parent(node)
    kind = type(parent)
    if kind is ast.BinOp and isinstance(parent.op, ast.Add):
        other = parent.right if parent.left is node else parent.left
        if not (built[0] or type(node) in (ast.Tuple, ast.List) or type(other) in (ast.Tuple, ast.List)
                or _tuple_call(node) or _tuple_call(other)):
            return False  # (a sum of tensors: arithmetic, not a tuple of outputs)
        built[0] = built[0] or _tuple_call(node) or _tuple_call(other)
        return _to_return(visitor, parent, function, seen, steps, built, trace, gate)
    if kind in (ast.List, ast.Tuple, ast.Starred):
        built[0] = built[0] or kind is not ast.Starred
        return _to_return(visitor, parent, function, seen, steps, built, trace, gate)
    if kind is ast.IfExp and node is not parent.test:
        trace.append(parent)
        gate = gate or _empty(parent.orelse if node is parent.body else parent.body) and \
            _off_test(file, parent.test, function, node is parent.orelse) is not None
        return _to_return(visitor, parent, function, seen, steps, built, trace, gate)
    if kind in (ast.ListComp, ast.GeneratorExp) and node is parent.elt:
        return _to_return(visitor, parent, function, seen, steps, built, trace, gate)
    if kind is ast.comprehension and node is parent.iter:
        comp = file.parent(parent)
        if type(comp) in (ast.ListComp, ast.GeneratorExp) and type(parent.target) is ast.Name and (
                type(comp.elt) is ast.Name and comp.elt.id == parent.target.id
                or visitor.call_name(comp.elt) in TRANSPOSES):
            return _to_return(visitor, comp, function, seen, steps, built, trace, gate)
        return False
    if kind is ast.keyword:
        record = file.parent(parent)
        if type(record.func) is ast.Name and record.func.id[:1].isupper() and not record.args:
            built[0] = True  # (a record of outputs: `ModelOutput(last_hidden_state=x, ...)`)
            return _to_return(visitor, record, function, seen, steps, built, trace, gate)
        return False
    if kind is ast.Call and node is not parent.func:
        if type(parent.func) is ast.Name and parent.func.id in ("tuple", "list") and len(parent.args) == 1:
            return _to_return(visitor, parent, function, seen, steps, built, trace, gate)
        return False
    if kind in (ast.Assign, ast.AugAssign):
        targets = parent.targets if kind is ast.Assign else [parent.target]
        if len(targets) != 1 or type(targets[0]) is not ast.Name or \
                kind is ast.AugAssign and not isinstance(parent.op, ast.Add):
            return False
        if (parent, gate) in seen:
            return True  # (already being followed: its other reads decide)
        seen.add((parent, gate))
        name = targets[0].id
        trace.append(name)
        if file.scope_of(parent) is not function:
            return False
        index = file.scope_index(function)
        after = end(parent)
        reads = [r for r in index.loads_of(name) if (r.lineno, r.col_offset) > after] if kind is ast.AugAssign else \
            [r for r in index.loads_of(name) if _may_reach(file, index.bindings.get(name, []), parent, r)]
        reads = [r for r in reads if not _none_test(file, r)]
        return bool(reads) and all(_to_return(visitor, r, function, seen, steps, built, trace, gate) for r in reads)
    if kind is ast.Return:
        trace.append(parent)
        if not gate and _off_flag(file, parent, function) is None:
            trace.append(_UNGATED)
        return file.scope_of(parent) is function
    return False


_UNGATED = "ungated"  # (in `_to_return`'s trace: a way to the return that no option off by default guards)


def _tuple_call(node: ast.AST) -> bool:
    """`tuple(...)`: a tuple of outputs made from a comprehension."""
    return isinstance(node, ast.Call) and type(node.func) is ast.Name and node.func.id == "tuple"


def _named_calls(file: FileContext) -> dict[tuple[bool, str], list[ast.Call]]:
    """The file's calls by what they call: (False, name) for `name(...)`, (True, name) for `self.name(...)`. Once
    per file."""
    found = file.shared.get("transpose-named-calls")
    if found is None:
        found = file.shared["transpose-named-calls"] = {}
        for call in file.all_calls():
            func = call.func
            if type(func) is ast.Name:
                found.setdefault((False, func.id), []).append(call)
            elif type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
                found.setdefault((True, func.attr), []).append(call)
    return found


def _flag(file: FileContext, function: ast.FunctionDef, name: str) -> bool:
    """The parameter `name` is a flag, not data that may be absent (`labels=None`, then `if labels:`): a bool
    default, a `bool` annotation (`Optional[bool] = None`), or every read of it in the function a test (`if x:`,
    `not x`, `x is None`, `a if x else b`) or passed on under its own name (`f(x=x)`)."""
    default = parameter_defaults(function).get(name)
    if isinstance(default, ast.Constant) and isinstance(default.value, bool):
        return True
    arg = next((a for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)
                if a.arg == name), None)
    if arg is not None and arg.annotation is not None and "bool" in ast.unparse(arg.annotation):
        return True
    for read in file.scope_index(function).loads_of(name):
        parent = file.parent(read)
        if isinstance(parent, (ast.If, ast.IfExp, ast.While)) and parent.test is read or \
                isinstance(parent, (ast.BoolOp, ast.UnaryOp)) or _none_test(file, read) or \
                isinstance(parent, ast.keyword) and parent.arg == name:
            continue
        return False
    return True


def _off_flag(file: FileContext, node: ast.AST, function: ast.FunctionDef) -> tuple[str, ast.If] | None:
    """`_off_option`, for a flag (`_flag`) that the framework does not set (`training`) and that no call of the
    project turns on (`_never_on`)."""
    option = _off_option(file, node, function)
    if option is None:
        return None
    negated = isinstance(option[1].test, ast.UnaryOp)
    test = option[1].test.operand if negated else option[1].test
    return option if test.id not in _FRAMEWORK_FLAGS and _flag(file, function, test.id) and \
        _never_on(file, function, test.id, negated) else None


def _never_on(file: FileContext, function: ast.FunctionDef, name: str, negated: bool) -> bool:
    """Every value the project's calls pass for the option (`passed`: by position or keyword, followed through
    the callers that hand theirs on) is its off value or None (`if flag:`: False; `if not flag:`: True); an
    architecture's builder passing `block_id % 2 == 1` or a list entry may turn it on."""
    signature = parameter_signature(file, function, name)  # (a method's callers pass no self; a class's __init__)
    if signature is None or signature[3] not in (None, False, True):
        return False
    values = file.project.query(PASSED, Parameter(*signature, bad=bool, unknown=Severity.INFO).key)
    return all(value is None or value is negated for value, _ in values)


def _off_test(file: FileContext, test: ast.expr, function: ast.FunctionDef, negated: bool = False) -> str | None:
    """`flag` (`not flag` when `negated`, for the else side) is an option of `function`'s signature off by default:
    a False or None default (`not flag`: a True or None one) that no call in the file turns on with a literal."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test, negated = test.operand, not negated
    if not isinstance(test, ast.Name) or test.id in _FRAMEWORK_FLAGS or not _flag(file, function, test.id):
        return None
    default = parameter_defaults(function).get(test.id)
    if isinstance(default, ast.Constant) and (default.value is None or default.value is negated) \
            and not _passed_literal(file, test.id, not negated) and _never_on(file, function, test.id, negated):
        return f"`{'not ' if negated else ''}{test.id}`"
    return None


def _off_option(file: FileContext, node: ast.AST, function: ast.FunctionDef) -> tuple[str, ast.If] | None:
    """The `if` test above `node` (in `function`) on a parameter that is off by default: `if flag:` with a False or
    None default, `if not flag:` with a True or None default (a branch for a caller's request), and no call in the
    file passes the other literal for it."""
    defaults = parameter_defaults(function)
    child = node
    for parent in file.ancestors(node):
        if parent is function:
            return None
        if isinstance(parent, ast.If) and any(child is s for s in parent.body):
            test, negated = parent.test, False
            if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                test, negated = test.operand, True
            default = defaults.get(test.id) if isinstance(test, ast.Name) else None
            if isinstance(default, ast.Constant) and (default.value is None or default.value is negated) \
                    and not _passed_literal(file, test.id, not negated):
                return f"`if {'not ' if negated else ''}{test.id}:`, an option of the signature off by default", parent
        child = parent
    return None


_FRAMEWORK_FLAGS = FRAMEWORK_FLAGS  # (`optin`: the framework turns them on in the training step)
_OPTION_HOPS = 2  # callers followed up from the transpose's function to the option that guards every call


def option_only_callers(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the transpose's function runs only on request, or None: every call of it in the project is in this file
    and sits under an option of its caller's signature that is off by default (`if output_segmentation:` with a
    None or False default, `if not return_dict:` with a True default) and that no call in the file turns on with a
    literal; or under such a guard one caller further up (a helper of a helper). An output a caller asks for
    (a segmentation map, attention maps), not what the step computes. A framework-set flag (`training`) is no
    option: Keras sets it in the training step."""
    file = visitor.file
    function = _enclosing_function(file, found.call)
    if not isinstance(function, ast.FunctionDef):
        return None
    why = _guarded_calls(file, function, 0)
    return None if why is None else f"{function.name}() runs only where its callers ask for it ({why}): an output " \
                                    "on request, off the default path"


def _enclosing_function(file: FileContext, node: ast.AST) -> ast.AST | None:
    """The innermost def or lambda around `node` (None at module or class level)."""
    return next((a for a in file.ancestors(node) if isinstance(a, (ast.FunctionDef, ast.Lambda, ast.AsyncFunctionDef))),
                None)


def _guarded_calls(file: FileContext, function: ast.FunctionDef, hops: int) -> str | None:
    if hops >= _OPTION_HOPS or function not in file.qualnames:
        return None
    owner = file.parent(function)
    if not (owner is file.tree or isinstance(owner, ast.ClassDef) and file.parent(owner) is file.tree):
        return None
    method = isinstance(owner, ast.ClassDef)
    applied = method and function.name in _LAYER_CALLS
    if applied:
        calls = _applications(file, owner)
    else:
        calls = _named_calls(file).get((method, function.name), [])
        if method:
            calls = [c for c in calls if file.enclosing_class(c) is owner]
    if not calls:
        return None
    why = None
    for call in calls:
        caller = _enclosing_function(file, call)
        if not isinstance(caller, ast.FunctionDef):
            return None
        option = _off_flag(file, call, caller)
        setting = _off_setting(file, call) if option is None and applied else None
        reason = f"{option[0]}, in {caller.name}()" if option is not None else \
            f"{setting}, in {caller.name}()" if setting is not None else \
            None if caller is function else _guarded_calls(file, caller, hops + 1)
        if reason is None:
            return None
        why = why or (reason if option is not None or setting is not None else f"through {caller.name}(): {reason}")
    # (asked last, once the file's own calls all qualify: the project's answer may change between rounds)
    names = set(file.qualnames.values())
    if applied:  # (the layer's instances: every construction of its class in this file, no subclass)
        cls = file.qualnames[owner]
        if file.project.query(STEP_SUBCLASS, cls) or not all(
                isinstance(c, str) and (c in names or c == "!test") for c in file.project.query(CALLED_BY, cls)) \
                or not all(c in names for c in file.project.query(REFERRED_BY, cls)):
            return None
        return why
    callers = file.project.query(CALLED_BY, file.qualnames[function])
    if not callers or not all(isinstance(c, str) and c in names for c in callers) or \
            file.project.query(REFERRED_BY, file.qualnames[function]):
        return None  # (a caller elsewhere, a reference handed on: calls the file does not show)
    return why


_LAYER_CALLS = ("call", "__call__")  # what applying a layer's instance (`self.decomp(x)`) runs


def _applications(file: FileContext, owner: ast.ClassDef) -> list[ast.Call]:
    """The file's applications of instances of a class: `self.<attr>(...)` where every assignment of the attribute
    makes one (`self._decomp = DFT_series_decomp(k)` ... `self._decomp(x)`), and `Cls(...)(x)`."""
    cls = file.qualnames[owner]
    found = []
    for call in file.all_calls():
        func = call.func
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
            if file.attribute_class(func) == cls:
                found.append(call)
        elif type(func) is ast.Call and file.def_of(func.func) == cls:
            found.append(call)
    return found


def _off_setting(file: FileContext, call: ast.Call) -> str | None:
    """The setting an application of a layer sits under (`optin.opt_in`: `if self.decomp_method == "dft_decomp":`
    with "moving_avg" by default, a config field, a hyperparameter), when every value the project gives it takes
    another path: `decomp_method` (who gives what is the passed values' business). None otherwise."""
    found = opt_in(file, call, unknown=Severity.WARNING, flags=True)
    if found is None:
        return None
    values = file.project.query(PASSED, found.key)
    return f"`{found.name}`" if values and all(found.bad(value) is False for value, _ in values) else None


def _empty(node: ast.AST | None) -> bool:
    """`None`, `()` or `[]`: the placeholder of an output not asked for."""
    return isinstance(node, ast.Constant) and node.value is None or type(node) in (ast.Tuple, ast.List) and not node.elts


def _optional(file: FileContext, function: ast.FunctionDef, guard: ast.If, trace: list) -> bool:
    """Whether what the option makes is an optional output, not a changed input of the function's result: the flow
    returns from inside the option's branch (the option picks the return format), or holds it in a name bound to a
    placeholder (`all_hidden = () if output_hidden_states else None`), or passes an `x if flag else ()` or an
    `x if flag else y` on the option itself."""
    index = file.scope_index(function)
    option = ast.dump(guard.test.operand if isinstance(guard.test, ast.UnaryOp) else guard.test)
    for item in trace:
        if isinstance(item, ast.Return) and any(a is guard for a in file.ancestors(item)):
            return True
        if isinstance(item, ast.IfExp) and (_empty(item.body) or _empty(item.orelse) or ast.dump(item.test) == option):
            return True  # (`hidden if output_hidden_states else ...`: the slot takes it only when asked)
        if isinstance(item, str) and item != _UNGATED and any(_empty(b.value) or isinstance(b.value, ast.IfExp) and (
                _empty(b.value.body) or _empty(b.value.orelse)) for b in index.bindings.get(item, [])):
            return True
    return False


def _passed_literal(file: FileContext, name: str, value: bool) -> bool:
    """A call in the file passes `name=value` (a literal True or False)."""
    passed = file.shared.get("transpose-literal-keywords")
    if passed is None:
        passed = file.shared["transpose-literal-keywords"] = {
            (k.arg, k.value.value) for n in ast.walk(file.tree) if isinstance(n, ast.Call)
            for k in n.keywords if isinstance(k.value, ast.Constant) and isinstance(k.value.value, bool)}
    return (name, value) in passed


def _read_untransposed(visitor: SourceVisitor, found: Transpose, function: ast.FunctionDef) -> bool:
    """The name the transpose moves is also read, by the same binding, as an argument of another call of the
    function (a layer, a loss): the function computes from the untransposed tensor."""
    data = found.data
    file = visitor.file
    if type(data) is not ast.Name or file.scope_of(data) is not function:
        return False
    index = file.scope_index(function)
    bound = file.binding(data)
    if bound is None or bound.stmt is None:
        return False
    bindings = index.bindings.get(data.id, [])
    for read in index.loads_of(data.id):
        if read is data or not _may_reach(file, bindings, bound.stmt, read):
            continue
        parent = file.argument_parent(read)
        if isinstance(parent, ast.Call) and parent.func is not read and not _shape_read(visitor, read) \
                and visitor.call_name(parent) not in TRANSPOSES:
            return True
    return False


def scanned_matmul_operand(visitor: SourceVisitor, call: ast.Call) -> bool:
    """The transpose is an item of what a function handed to `tf.scan` returns (`return [L, tf.transpose(L)]`),
    and what the scan stacks at that item goes only into matmul operands (`L, LT = tf.scan(fn, x, ...)` or
    `out = tf.scan(...)` then `L, LT = out` or `LT = out[:, 1]`; `K.batch_dot(L, LT)`), besides `is None` tests:
    a transposed matmul operand, TFP103's business as when it is written as the operand. The scan's result
    read in any other way, or the item read as data elsewhere, keeps the finding."""
    file = visitor.file
    items = file.parent(call)
    ret = file.parent(items) if isinstance(items, (ast.List, ast.Tuple)) else None
    function = file.parent(ret) if isinstance(ret, ast.Return) else None
    if not (isinstance(function, ast.FunctionDef) and isinstance(file.scope_of(function), ast.FunctionDef)):
        return False  # (a nested function: where it is handed is in the function around it)
    position = next(i for i, item in enumerate(items.elts) if item is call)
    index = file.scope_index(file.scope_of(function))
    uses = [u for u in index.loads_of(function.name) if (bound := file.binding(u)) is not None
            and bound.stmt is function]  # (the reads this def reaches: another branch may def another `fn`)
    scan = file.argument_parent(uses[0]) if len(uses) == 1 else None
    if not (isinstance(scan, ast.Call) and visitor.call_name(scan) in SCANS and argument(scan, 0, "fn") is uses[0]):
        return False
    held = _scan_items(file, index, file.parent(scan), scan, position, len(items.elts))
    if not held:
        return False
    operands = 0
    for name in held:
        for read in index.loads_of(name):
            if _none_test(file, read):
                continue
            if _operand_of(visitor, read, 3) is None:
                return False
            operands += 1
    return operands > 0


def _scan_items(file: FileContext, index, stmt: ast.AST, scan: ast.Call, position: int, count: int) -> set[str]:
    """The names that hold the scan's stacked item `position` (of `count`): unpacked from it directly, or from a
    name holding the scan (whose other reads are type tests and item reads assigned to names, which are taken
    as holding it too). Empty when the result goes elsewhere."""
    if not (isinstance(stmt, ast.Assign) and stmt.value is scan and len(stmt.targets) == 1):
        return set()
    target = stmt.targets[0]
    unpacked = _unpacked_name(target, position, count)
    if unpacked is not None:
        return {unpacked}
    if not isinstance(target, ast.Name):
        return set()
    held = set()
    for read in index.loads_of(target.id):
        parent = file.parent(read)
        if isinstance(parent, ast.Assign) and parent.value is read and len(parent.targets) == 1:
            name = _unpacked_name(parent.targets[0], position, count)
            if name is None:
                return set()
            held.add(name)
        elif isinstance(parent, ast.Subscript) and parent.value is read and isinstance(
                stmt := file.parent(parent), ast.Assign) and stmt.value is parent and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            held.add(stmt.targets[0].id)
        elif not (isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "isinstance"):
            return set()
    return held


def _unpacked_name(target: ast.AST, position: int, count: int) -> str | None:
    if isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == count and \
            isinstance(target.elts[position], ast.Name):
        return target.elts[position].id
    return None


def _none_test(file: FileContext, read: ast.Name) -> bool:
    """`x is None`, `x is not None` (also in an assert): a test of the value, no use of its data."""
    parent = file.parent(read)
    return isinstance(parent, ast.Compare) and len(parent.ops) == 1 and isinstance(parent.ops[0], (ast.Is, ast.IsNot)) \
        and isinstance(parent.comparators[0], ast.Constant) and parent.comparators[0].value is None


def _operand_of(visitor: SourceVisitor, node: ast.AST, rank: int) -> tuple[ast.AST, str] | None:
    parent = visitor.file.argument_parent(node)
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.MatMult):
        return parent, "a" if parent.left is node else "b"
    if not isinstance(parent, ast.Call):
        return None
    name = visitor.call_name(parent)
    if name not in MATMULS:
        return None
    if name in BATCH_DOTS:
        axes = argument(parent, 2, "axes")
        if rank < 3 or not (axes is None or isinstance(axes, ast.Constant) and axes.value is None):
            return None  # (given axes contract others: the dot transposes by itself, or no matrix is swapped)
    first, second = MATMULS[name]
    if argument(parent, 0, first) is node:
        return parent, "a"
    if argument(parent, 1, second) is node and name not in MATRIX_VECTOR:
        return parent, "b"
    return None


def einsum_fold(visitor: SourceVisitor, found: Transpose) -> tuple[ast.Call, str] | None:
    """(the einsum, its equation reading the untransposed tensor) when the transpose is itself an
    operand of a two-operand einsum with a literal equation (`tf.einsum("ij,bjk->bik", tf.transpose(w),
    x)`): the equation can relabel that operand's axes instead. A transpose without a perm takes its
    rank from the operand's labels."""
    einsum = visitor.file.parent(found.call)
    if not isinstance(einsum, ast.Call) or visitor.call_name(einsum) not in EINSUMS or found.call not in einsum.args:
        return None
    slot = einsum.args.index(found.call) - 1
    equation = visitor.file.literal(einsum.args[0]) if einsum.args else None
    parsed = parse(equation) if isinstance(equation, str) and slot in (0, 1) else None
    if parsed is None or any(isinstance(a, ast.Starred) for a in einsum.args):
        return None
    perm = tuple(reversed(range(len(parsed[0][slot])))) if found.reversal else found.perm
    folded = fold_equation(equation, slot, perm)
    return (einsum, folded) if folded is not None else None


# convolutions whose filters' next-to-last axis is the input's channels (`[width, in, out]`, `[h, w, in, out]`,
# depthwise `[h, w, in, multiplier]`), in a channels-last format (the default)
CHANNEL_CONVS = {"tensorflow.nn.conv1d", "tensorflow.nn.conv2d", "tensorflow.nn.conv3d", "tensorflow.nn.convolution",
                 "tensorflow.nn.depthwise_conv2d", "keras.backend.conv1d", "keras.backend.conv2d", "keras.backend.conv3d"}
_CHANNELS_LAST = {None, "NWC", "NHWC", "NDHWC", "channels_last"}


def _with_conv_channels(visitor: SourceVisitor, found: Transpose) -> Transpose:
    """The transpose with the size a convolution that reads its result states for the moved axis: the result is
    the input of a convolution (`tf.nn.conv1d(tf.transpose(x, [0, 2, 1]), k[:, None, None])`, also through a
    name it is assigned to, `x_nwc = ...; tf.nn.conv1d(x_nwc, ...)`) in a channels-last format, whose filters
    state their input channels (the next-to-last axis: 1 for `k[:, None, None]`). The op requires the input's
    last axis to be that size, so the transposed axis that lands there (`perm[-1]`) has it: an NCW tensor
    with one channel turned NWC moves only a size-1 axis, a reshape. (A grouped convolution reads
    groups x that many channels: TensorFlow runs one only on GPUs, and nobody writes it with filters of one
    input channel, a depthwise convolution's job.)"""
    file = visitor.file
    rank = len(found.perm)
    axis = found.perm[-1] if rank else None
    if axis is None or found.dims is not None and isinstance(found.dims[axis], int):
        return found
    for read in _result_reads(file, found.call):
        conv = file.parent(read)
        if not (isinstance(conv, ast.Call) and visitor.call_name(conv) in CHANNEL_CONVS
                and (argument(conv, 0, "input") or argument(conv, None, "value") or argument(conv, None, "x")) is read):
            continue
        data_format = argument(conv, None, "data_format")
        if len(conv.args) > 4 or data_format is not None and file.literal(data_format) not in _CHANNELS_LAST:
            continue
        filters = file.shapes.of(argument(conv, 1, "filters") or argument(conv, None, "filter")
                                 or argument(conv, None, "kernel"))
        dims = filters.dims(rank) if filters is not None else None
        channels = dims[-2] if dims else None
        if isinstance(channels, int) and not isinstance(channels, bool) or channels == MAYBE1:
            sizes = list(found.dims or (None,) * rank)
            sizes[axis] = channels
            return Transpose(found.call, found.data, found.perm, tuple(sizes), found.reversal, found.rank_hint,
                             found.perm_text, found.context)
    return found


def _result_reads(file: FileContext, call: ast.Call) -> list[ast.AST]:
    """The transpose's result where it is read: the call itself, or the reads of the one name it is assigned
    to that this assignment may reach."""
    assigned = _assigned_to(file, call)
    if assigned is None:
        return [call]
    parent, name, index = assigned
    bindings = index.bindings.get(name, [])
    return [n for n in index.loads_of(name) if _may_reach(file, bindings, parent, n)]


def _assigned_to(file: FileContext, call: ast.Call) -> tuple[ast.Assign, str, ScopeIndex] | None:
    """(the assignment, the name, its scope's index) where the call's result is assigned to one name, else None."""
    parent = file.parent(call)
    if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return None
    return parent, parent.targets[0].id, file.scope_index(file.scope_of(parent))


def metadata_only(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the copy is never made, or None: every read of what the transpose makes asks only its shape or dtype
    (`tf.transpose(q, perm).dtype` as a `fn_output_signature`, `tf.shape(xt)`): no value of it is used, and a
    graph (a tf.function, Keras's fit) prunes the op."""
    dead = _dead_value(visitor.file, found.call)
    if dead:
        return f"what it makes is assigned to a name {dead}: a traced graph prunes the op"
    reads = _result_reads(visitor.file, found.call)
    if not reads or not all(_shape_read(visitor, r) for r in reads) or _updated(visitor.file, found.call):
        return None
    return "only its shape or dtype is read, never its values: a traced graph prunes the op"


def _updated(file: FileContext, call: ast.Call) -> bool:
    """Whether an augmented assignment (`mask *= keep`) may update the name the transpose's result is assigned to:
    it reads the value (what the name holds after it is read on)."""
    assigned = _assigned_to(file, call)
    if assigned is None:
        return False
    parent, name, index = assigned
    bindings = index.bindings.get(name, [])
    return any(type(node) is ast.AugAssign and type(node.target) is ast.Name and node.target.id == name
               and _may_reach(file, bindings, parent, node.target) for node in walk_nodes(index.scope))


def _dead_value(file: FileContext, call: ast.Call) -> str | None:
    """How no read reaches what the transpose makes, directly or through the calls it is an argument of
    (`delays_agg = tf.zeros_like(tf.transpose(q, perm))`), assigned to one local name: the function reads the name
    nowhere (set 61's grapa: `xp = permute(x, (0, 2, 1))`, then `values` of `x`), or a later statement of the same
    block assigns it again before any statement reads it (`delays_agg = tf.reduce_sum(...)` ... `return
    delays_agg`). Not in a loop (the next turn may read it), nor when a nested function or lambda reads the name (a
    closure reads it when called), nor in a function that reads its locals by name (`locals()`, `vars()`); a value
    never read but named (`name="logits_tm"`) may be fetched by that name from a TF1 graph."""
    node, parent = call, file.parent(call)
    while isinstance(parent, ast.Call) and node is not parent.func:
        node, parent = parent, file.parent(parent)
    if not (isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1
            and isinstance(parent.targets[0], ast.Name)):
        return None
    scope = file.scope_of(parent)
    if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) or any(
            isinstance(a, (ast.For, ast.AsyncFor, ast.While)) for a in file.ancestors(parent) if a is not scope
            and scope in file.ancestors(a)):
        return None
    name = parent.targets[0].id
    read = False
    for nested in ast.walk(scope):
        if nested is not scope and isinstance(nested, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and any(
                isinstance(n, ast.Name) and n.id == name for n in ast.walk(nested)):
            return None
        if isinstance(nested, (ast.Global, ast.Nonlocal)) and name in nested.names:
            return None
        if type(nested) is ast.Name and (nested.id in _LOCALS_READERS or nested.id == name and
                                         type(nested.ctx) is ast.Load):
            read = True
    if not read and not any(keyword.arg == "name" for made in (call, node) for keyword in made.keywords):
        return "the function never reads"
    block = next((b for b in (getattr(file.parent(parent), f, None) for f in ("body", "orelse", "finalbody"))
                  if isinstance(b, list) and any(s is parent for s in b)), None)
    if block is None:
        return None
    for stmt in block[next(i for i, s in enumerate(block) if s is parent) + 1:]:
        if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(stmt)):
            return None  # (read first: also `x = f(x)`)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) and \
                stmt.targets[0].id == name:
            return "that is assigned again before any read"
    return None


_LOCALS_READERS = {"locals", "vars", "eval", "exec"}  # (they read a function's names without naming them)


def _opt_in(file: FileContext, node: ast.Call, message: str) -> Parameter | None:
    """The parameter (or config field) the transpose is opt-in by (`optin.opt_in`: a branch its default does
    not take): the finding then hangs on what the project passes. A value that takes the branch: the warning;
    every value known to take another path: info, the copy real only where a user turns the option on (the
    convention TFP301 and TFP601 read opt-in code by); values not known: the warning."""
    found = opt_in(file, node, unknown=Severity.WARNING, flags=True)
    if found is None:
        return None
    if found.default is True:  # (`if not self.time_first:` on a constructor's flag: the branch turns it off)
        branch = f"a branch taken when {found.name} is off, and it is on by default: the copy is made only where a " \
                 "user turns it off"
    else:
        branch = f"a branch {found.name} opts into, off by default: the copy is made only where a user turns the " \
                 "option on"
    return replace(found, fine=f"{message}; but only on {branch}", fine_keeps_fix=True)


KERAS_RESHAPES = {"keras.layers.Reshape"}
RESHAPE_LAYER = "Reshape"  # (`_axis_setting`: the layer's target shape, the batch axis left out)


def size_one_setting(visitor: SourceVisitor, found: Transpose) -> Parameter | None:
    """The setting (`passed.setting_of`: a parameter, `self.<attr>` set from one, a config field, a hyperparameter)
    that sizes a moved axis the source does not size otherwise, when that axis having size 1 would leave the
    transpose logical (only size-1 axes move, a reshape): gpflow's `tf.reshape(X, [n, -1, self.colour_channels])`
    with `colour_channels=1`. The finding then hangs on every value the project gives the setting (`judged`): all
    of them 1 -> no finding; one larger or not known here -> the warning, saying who passes what. The axis' size is
    what `_axis_setting` reads; a transpose two such settings would each make logical is left as it is."""
    perm = found.perm
    if found.perm_text or found.reversal or not perm:
        return None
    dims = tuple(None if d == MAYBE1 else d for d in found.dims) if found.dims else (None,) * len(perm)
    candidates = []
    for k, d in enumerate(dims):
        if d is not None or perm[k] == k and k != len(perm) - 1:
            continue  # (a stated size; an axis that keeps its place before the last: sizing it changes nothing)
        if not visitor.target.transpose_is_logical(perm, dims[:k] + (1,) + dims[k + 1:]):
            continue
        setting = _axis_setting(visitor, found.data, k, len(perm))
        found_setting = setting_of(visitor.file, setting) if setting is not None else None
        if found_setting is not None:  # (another axis of unknown size may be 1 too: not known, the warning stays)
            candidates.append(found_setting)
    if len(candidates) != 1:
        return None
    return Parameter(*candidates[0], bad=_not_one, unknown=Severity.WARNING)


def _not_one(value) -> bool | None:
    """A setting's value as a moved axis' size: more than 1 (a copy), 1 (a reshape), else not known."""
    return value != 1 if type(value) is int and not isinstance(value, bool) else None


def _axis_setting(visitor: SourceVisitor, expr: ast.AST | None, axis: int, rank: int, depth: int = 0) -> ast.expr | None:
    """The expression that sizes axis `axis` of a tensor of rank `rank` where it is no literal: the element at that
    position of the shape list a reshape (also a Keras `Reshape((-1, self.c))` layer applied to it, whose shape
    leaves the batch axis out) or a creator is handed (`tf.reshape(x, [n, -1, self.c])`,
    `tf.zeros([b, self.k_max, 1])`), through names, unary elementwise ops and a reduction with `keepdims` over other
    axes (it keeps this one's size); None when the source sizes it otherwise or not at all."""
    if expr is None or depth > 6:
        return None
    file = visitor.file
    value = file.value_of(expr)
    if not isinstance(value, ast.Call):
        return None
    name = visitor.call_name(value)
    if isinstance(value.func, ast.Call) and visitor.call_name(value.func) in KERAS_RESHAPES and axis > 0:
        value, name, axis, rank = value.func, RESHAPE_LAYER, axis - 1, rank - 1  # (its shape leaves the batch out)
    if name in RESHAPE_SHAPES or name in SHAPED or name == RESHAPE_LAYER:
        shape = argument(value, *RESHAPE_SHAPES[name]) if name in RESHAPE_SHAPES else \
            argument(value, 0, "target_shape") if name == RESHAPE_LAYER else argument(value, 0, "shape")
        shape = file.value_of(shape) if shape is not None else None
        if not isinstance(shape, (ast.List, ast.Tuple)) or len(shape.elts) != rank or \
                any(isinstance(e, ast.Starred) for e in shape.elts):
            return None
        element = shape.elts[axis]
        return element if file.literal(element) is NOT_LITERAL else None
    if name in TF_REDUCTIONS:
        keep = argument(value, 2, "keepdims") or argument(value, None, "keep_dims")
        axes = file.literal(argument(value, 1, "axis"))
        axes = [axes] if type(axes) is int else axes
        if keep is None or file.literal(keep) is not True or not isinstance(axes, (list, tuple)) or \
                not all(type(a) is int for a in axes) or axis in {a % rank for a in axes}:
            return None
        return _axis_setting(visitor, argument(value, 0, "input_tensor"), axis, rank, depth + 1)
    return None


class PhysicalTransposeSource(SourceVisitor):
    """A transpose whose known permutation is not logical on the target, given what the source says
    of the input's shape."""

    calls = Calls(PERMUTERS, project=True)  # project: its functions that return a transpose

    def visit_Call(self, node: ast.Call) -> None:
        found = transpose_of(self, node)
        if found is not None and not found.perm_text:
            found = _with_conv_channels(self, _with_guarded_sizes(self, found))
        if found is None or ((found.swaps_last_two() or logical_before_swap(self, found)) and not found.unstated
                             and matmul_operand(self, node, len(found.perm))) \
                or inline_matmul_operand(self, node, found.perm) or scanned_matmul_operand(self, node) \
                or _api_wrapper(self, found) or _computed_wrapper(self, node) or flag_implemented(self, node) \
                or einsum_fold(self, found) is not None:
            return  # a swap a matmul can do itself, an einsum operand (TFP103); a wrapper's callers are the sites
        strict = _judged(self, found, maybe_one=False)
        if strict is None or constant_built(self.file, found):
            return  # (a tensor made only of constants: TensorFlow folds its transpose once)
        # (whether only build() calls the method is asked when the report is made: see Report.context)
        once = found.context or (ONCE if _in_build(self.file, node) else partial(_once_if_only_build_calls, node))
        if found.context is None and only_logged(self, node):
            once = "logging"  # (what it makes goes only into summaries)
        filters = conv_filters(self, node)
        what = filters or _batch_free_what(self.file, found.data)
        if what:
            price, seconds = _weight_cost(self, found.dims)
            worth = seconds is not None and seconds >= WEIGHT_WARNING_SECONDS
            self.report(node, f"{strict.partition(': a copy')[0]} of {what}: {price}",
                        severity=None if worth else Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if that time is small beside the step; else keep the "
                                                 "weight in the layout the step reads"), context=once)
            return
        if found.unstated:
            self.report(node, f"{strict}; but {found.unstated}", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if its input has more axes; else " + SOURCE_REMEDY),
                        context=once)
            return
        if _judged(self, found, maybe_one=True) is None:
            axes = [i for i, d in enumerate(found.dims or ()) if d == MAYBE1]
            self.report(node, f"transpose perm={list(found.perm)} of {text(_shown(found.dims))} moves the last axis "
                              f"unless axis {', '.join(map(str, axes))} has size 1 (the code suggests it: a piece of a tf.split "
                              "along it, size 1 on some of the paths that reach here, or what every call in the project passes "
                              "a public function its users may also call; then it is a reshape)",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if that axis has size 1; else " + SOURCE_REMEDY), context=once)
            return
        draw = sampled_indices(self.file, found.data)
        if draw is not None:
            self.report(node, f"{strict}; but its input is {draw}: [batch, num_samples] integer class ids, a "
                              "batch of indices rather than an activation (num_samples is 1 for one draw per row)",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if few samples are drawn per row; else draw them in the "
                                                 "layout the step reads"), context=once)
            return
        columns = coordinate_columns(self.file, node, found.data, found.perm)
        if columns is not None:
            self.report(node, f"{strict.removesuffix(_UNSTATED)}; but {columns}: the moved axis is a handful of "
                              "columns (a copy the size of one index vector, not of an activation)",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if that axis is short; else " + SOURCE_REMEDY), context=once)
            return
        rows = _few_vectors(found.dims)
        if rows is not None:
            self.report(node, f"{strict.removesuffix(_UNSTATED)}; its size is {rows} x an axis whose length the source does not state "
                              "(a copy worth removing only if that axis is long, e.g. a flattened activation, "
                              "not a batch of indices)", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if that axis is short; else " + SOURCE_REMEDY), context=once)
            return
        severity, but = _small_or_not(self, found)
        if severity is None and (reshape := documented_size_one(self, found)) is not None:
            severity, but = Severity.INFO, f"; but {reshape}"
        if severity is None and ((formatted := output_only(self, found)) is not None
                                 or (formatted := read_both_ways(self, found)) is not None
                                 or (formatted := optional_setting(self, found)) is not None
                                 or (formatted := option_only_callers(self, found)) is not None
                                 or (formatted := metadata_only(self, found)) is not None):
            severity, but = Severity.INFO, f"; but {formatted}"
        if severity is None and (position := _per_position(self, found)) is not None:
            self.report(node, f"{strict.removesuffix(_UNSTATED)}; but its input is a per-position tensor ({position}): "
                              "one scalar per position, b x t elements, 1/d of one activation (d its hidden size)",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing, if it is [batch, time] data; else " + SOURCE_REMEDY),
                        context=once)
            return
        if severity is None:
            once = weights_passed_context(self.file, found.data, once, settings=True)
            if strict.endswith(_UNSTATED):
                strict += _origin(self.file, found.data)
        self.report(node, strict + but, severity=severity, fix=Fix(Safety.ADVISORY, SOURCE_REMEDY), context=once,
                    parameter=(_opt_in(self.file, node, strict + but) or size_one_setting(self, found))
                    if severity is None else None)

    def summarize(self) -> None:
        export_transpose_wrappers(self)
        # what the file's layer classes' `call` returns (`LAYER_OUTPUT`): the shape of a project layer's
        # output where another file applies it. Once per file, here (under 1% of a cold lint's CPU); with
        # TFP101 not selected, TFP103 goes without it (an operand's rank stays unknown: advisory fixes)
        export_layer_outputs(self.file)
        export_function_facts(self.file)  # (layers that keep the shape; which parameters a function returns)
        export_weight_calls(self.file)  # (which arguments of the project's calls are weights)
        export_variable_classes(self.file)  # (the project's classes of variables: `Parameter(value)` is a weight)


def export_transpose_wrappers(visitor: SourceVisitor) -> None:
    """Export the `TRANSPOSE_FN` fact of each module-level function of the file that returns a
    transpose of its parameter. Once per file: TFP101's and TFP103's visitors both ask (either may
    run alone)."""
    if "transpose-wrappers" in visitor.file.shared:
        return
    visitor.file.shared["transpose-wrappers"] = True
    for stmt in visitor.file.tree.body:
        found = wrapped_transpose(visitor, stmt)
        if found is not None:
            visitor.file.project.export(TRANSPOSE_FN, visitor.file.qualnames[stmt], found)


def _in_build(file: FileContext, node: ast.AST) -> bool:
    """In a layer's `build()` (directly, not in a function defined there): Keras runs it once, before
    the first step, and the step reads what it stored (an index grid, a weight's layout)."""
    return _layer_build(file, _enclosing_function(file, node))


# what a model builder makes: a `build` that makes one builds the model its layers run in every step
_MODEL_MAKERS = frozenset({"keras.Model", "keras.models.Model", "keras.Input", "keras.layers.Input"})


def _layer_build(file: FileContext, function: ast.AST | None) -> bool:
    """A method `build` of a class, unless it makes a Keras model or input: a model wrapper's `build(self, config)`
    that builds a functional model (bigdl-chronos' `MTNetKeras`, set 71) is no layer's build."""
    return isinstance(function, ast.FunctionDef) and function.name == "build" and \
        isinstance(file.parent(function), ast.ClassDef) and \
        not any(type(n) is ast.Call and file.call_name(n) in _MODEL_MAKERS for n in walk_nodes(function))


def _once_if_only_build_calls(node: ast.AST, file: FileContext) -> str | None:
    """The report's context (`Report.context`, asked with the file the report is made in)."""
    return ONCE if _only_build_calls(file, node) else _reached(node, file)


def _reached(node: ast.AST, file: FileContext) -> str | None:
    """The report's context when the code around it says nothing: `NO_STEP` when no layer, loss, training
    step or model builder of the project reaches the code (`steps.on_step`): a library's public op nothing
    in the project calls from such code costs a training step only if a user's model calls it in each;
    "inference" when the project reaches it only through a policy's action selection (`_action_selection`), and the
    kind of code a layer is made in when only the call of a layer made off the step (a head of a model built only to
    predict: `steps.made_off_step`) would reach it."""
    skipped: list[str] = []
    if not on_step(file, node, skipped=skipped):
        return skipped[0] if skipped else NO_STEP
    return "inference" if _action_selection(file, node) else None


# the public methods of a policy class that select actions (`policy.action(time_step)`, the action
# distribution it samples from): an agent's acting side, which a driver runs to collect or to serve, as Keras's
# `predict` runs a model; the training step reaches the same networks through its own losses
_ACTING = frozenset({"action", "act", "distribution"})
_ACTING_REACH = 80  # functions looked at on the way up from a site before giving up (the step then, as before)


def _action_selection(file: FileContext, node: ast.AST) -> bool:
    """Whether the code at `node` is reached, through the project's callers, only from the acting side of a
    policy class: a template method, a public `action()` / `distribution()` (`_ACTING`) that dispatches to
    the same-named private method (`self._distribution(...)`), which subclasses override (`_distribution`
    of a bandit policy, reached from its base's `distribution`). The way up stops at such a dispatcher: whoever
    calls it acts (a driver, a collect loop in a training program, a serving signature). No root of the
    training step (a layer's `call`, a loss, a function that records a tape: the agent's `_train` / `_loss`
    call graph) may reach the same functions another way. A way up longer than `_ACTING_REACH` is none (the
    step, as before). Up a class hierarchy only (the base's `self._distribution()` runs an override), not
    down: a subclass's callers reach the inherited dispatcher, where the way stops anyway."""
    project = file.project
    todo = [file.qualnames[a] for a in file.ancestors(node)
            if type(a) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda) and a in file.qualnames]
    seen: set[str] = set()
    acting = False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if len(seen) > _ACTING_REACH or project.query(STEP_ROOT, name):
            return False
        cls, _, method = name.rpartition(".")
        if method in _ACTING and cls and not project.is_module(cls) and \
                name in project.query(CALLED_BY, f"{cls}._{method}"):
            acting = True  # (a dispatcher: its callers act, whoever they are)
            continue
        if cls and not project.is_module(cls):
            todo.extend(f"{base}.{method}" for base in project.query(STEP_BASE, cls))
        for caller in (*project.query(CALLED_BY, name), *project.query(REFERRED_BY, name)):
            if type(caller) is tuple:
                found = (caller[1], caller[4]) if caller[0] == HANDED else (caller[0],)
            else:
                found = (caller,)
            todo.extend(c for c in found if type(c) is str and c and c[0] not in "!?")
    return acting


def _only_build_calls(file: FileContext, node: ast.AST) -> bool:
    """In a method that only its class's `build()` calls (an index grid a helper makes for build):
    it runs once too. The project's callers are build() methods, and every `self.<method>` of the
    class is a call in its build() (a public method's unknown caller, `FRAMEWORK_CALLER`, is the
    framework's possible call of a hook, which this rules out for a method the class only calls
    there; so is a reference, "?", to the method elsewhere)."""
    function = _enclosing_function(file, node)
    owner = file.parent(function)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(owner, ast.ClassDef):
        return False
    callers = [c for c in file.project.query(CALLED_BY, file.qualnames[function])
               if c not in ("?", FRAMEWORK_CALLER)]
    if not callers or not all(isinstance(c, str) and c.rpartition(".")[2] == "build" for c in callers):
        return False
    reads = [a for a in ast.walk(owner) if isinstance(a, ast.Attribute) and a.attr == function.name
             and isinstance(a.value, ast.Name) and a.value.id == "self"]
    return all(isinstance(call := file.parent(read), ast.Call) and call.func is read
               and _in_build(file, call) for read in reads)


def _batch_free_what(file: FileContext, data: ast.AST) -> str | None:
    """What a transpose's input with no batch factor is, for the weight convention: a weight, a tensor computed only
    from weights (`weights_only`, or `batchfree`'s general reading with a weight among its sources), or only from
    constants and settings (no activation reaches it: a polynomial basis of a linspace); None when an activation
    may reach it."""
    if file.shapes.is_weight(data):
        return "a weight"
    if file.shapes.weights_only(data) or with_weight(file, data):
        return "a tensor computed only from weights"
    return "a tensor computed only from constants and settings" if batch_free(file, data) else None


# what a weight's copy is priced at when its size is not stated: a 1 MiB float32 weight
_PRICED_BYTES = 1 << 20
_FLOAT_BYTES = 4
# a weight's copy is a warning from this price per step: a copy with no batch factor costs the same
# whatever the batch, so beside a training step (tens to hundreds of ms on an accelerator) it
# matters only when it is large in itself; 1 ms is 1% of a 100 ms step (on gaudi2, a weight of about
# 1 GiB read and written; 62 MiB when its last axis is one float, each read a whole cache line)
WEIGHT_WARNING_SECONDS = 1e-3


def _weight_cost(visitor: SourceVisitor, dims: tuple | None) -> tuple[str, float | None]:
    """(the price of a weight's transpose on the target, its seconds when the size is stated): its
    size once per step (a weight has no batch axis), at the target's memory bandwidth; the size
    assumed float32, and priced per MiB when the source does not state it."""
    target = visitor.target
    size = math.prod(dims) if dims and all(isinstance(d, int) for d in dims) else None
    nbytes = size * _FLOAT_BYTES if size is not None else _PRICED_BYTES
    last = dims[-1] if size is not None and dims[-1] > 0 else 1
    launch, bandwidth = target.launch_and_bandwidth(nbytes)
    seconds = launch + target.transpose_traffic(nbytes, last * _FLOAT_BYTES) / bandwidth
    warning = f"a warning from {_microseconds(WEIGHT_WARNING_SECONDS)} per step"
    if size is None:
        what = (f"{_microseconds(seconds)} per MiB of weight on {target.name}; the source does not state its size; "
                f"{warning}")
    else:
        what = f"{_microseconds(seconds)} on {target.name} in float32; {warning}"
    return f"a copy of its size once per step, with no batch factor ({what})", seconds if size is not None else None


def _microseconds(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def small_tensor(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the copy is not worth a warning when every dimension of the input is stated and they
    hold at most SMALL_ELEMENTS in all (in the code, or else, for a parameter transposed as it is, in
    the docstring of its function: the author's word, enough for info); else None."""
    dims, source = found.dims, ""
    if not (dims and all(isinstance(d, int) for d in dims)):
        dims, source = _documented_dims(visitor, found)
    if not (dims and all(isinstance(d, int) for d in dims)) or math.prod(dims) > SMALL_ELEMENTS:
        return None
    return (f"the input is {text(dims)} ({math.prod(dims)} elements{source}): the copy costs an op's launch, "
            "not bandwidth")


def _documented_dims(visitor: SourceVisitor, found: Transpose) -> tuple[tuple | None, str]:
    """(the dimensions, ", as stated in f()'s docstring for x") for a parameter transposed as it is
    whose function's docstring states its shape with the transpose's rank; (None, "") otherwise."""
    if not (isinstance(found.data, ast.Name) and (bound := visitor.file.binding(found.data)) is not None
            and bound.stmt is None):
        return None, ""
    documented = visitor.file.documented_shapes.of(found.data)
    if documented is None or documented.rank != len(found.perm):
        return None, ""
    function = parameter_owner(visitor.file, found.data)
    return documented.dims(), f", as stated in {function.name if function else '?'}()'s docstring for {found.data.id}"


def documented_size_one(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the copy may be none: the source states no shape, but the docstring of the parameter's
    function gives sizes (`y_true: the true labels with shape [batch_size, 1]`) under which only axes
    of size 1 move (a reshape); or those of the tensors it is made from do (a layer's documented input
    list: `seq_len is a 2D tensor with shape (batch_size, 1)`, then `tf.sequence_mask(seq_len, T)`).
    The author's word, not the code's: enough for info, not for silence."""
    if found.dims and any(d is not None for d in found.dims):
        return None
    dims, source = _documented_dims(visitor, found)
    if not dims and found.data is not None:
        # (what the documented inputs make: `tf.sequence_mask(seq_len, n)` of a layer's documented [B, 1] input)
        shape = visitor.file.documented_shapes.of(found.data)
        dims = shape.dims(len(found.perm)) if shape is not None else None
        source = ", as the docstring states for the inputs it is made from"
    if not dims or not visitor.target.transpose_is_logical(found.perm, dims):
        return None
    return f"the input is {text(dims)}{source}: then only axes of size 1 move, a reshape and no copy"


def _per_position(visitor: SourceVisitor, found: Transpose) -> str | None:
    """Why the transpose's input is per-position data (`position.per_position`: ids, paddings, masks... of rank 2,
    or 3 with a size-1 last axis), else None."""
    if found.perm_text or found.unstated or found.rank_hint not in ("", " (taken as 2-D)"):
        return None  # (a rank some piece or axis pair leaves open is no evidence of rank 2)
    return per_position(visitor.file, found.call, found.data, found.perm, found.dims,
                        found.reversal and found.rank_hint == " (taken as 2-D)", TRANSPOSES)


def _small_or_not(visitor: SourceVisitor, found: Transpose) -> tuple[Severity | None, str]:
    """(severity, what to add to the message) of a finding on `found`: info and why, when it is small."""
    small = small_tensor(visitor, found)
    return (Severity.INFO, f"; but {small}") if small else (None, "")


def conv_filters(visitor: SourceVisitor, call: ast.Call) -> str | None:
    """"the filters of a convolution (line n)" when the transpose's result is passed as a convolution's
    filters (`tf.nn.conv1d(x, tf.transpose(kernel, [2, 1, 0]), ...)`, by position or keyword): the op shares them
    over the batch, so they have no batch axis, whatever they are made of (a weight, NumPy constants, a kernel a small
    network generates); "the class weights of a sampled loss" when it is passed as a sampled loss's `weights` or
    `biases` (`CLASS_PARAMETERS`: [num_classes, dim] and [num_classes], one row per class); "a layer's weight" when it
    is stored as one (`self.lm_head.kernel = tf.transpose(value)`, `LAYER_WEIGHTS`: what Keras layers apply to every
    example). Also through the one name the result is assigned to, when every read of it this assignment may reach
    is such an argument, through a sign or a literal scale (`kernel = ops.transpose(k, ...)`, then
    `ops.conv(x, kernel * 0.02)`); the filter arguments of every convolution op the frameworks offer
    (`CONV_FILTERS`: TensorFlow's, Keras 3's `ops` and the Keras backend's, depthwise and separable ones)."""
    file = visitor.file
    reads = _result_reads(file, call)
    uses = []
    for read in reads:
        operand = _through_scale(file, read)
        conv = file.parent(operand)
        if isinstance(conv, ast.keyword):  # (`filters=tf.transpose(k, ...)`: handed by keyword)
            conv = file.parent(conv)
        if isinstance(conv, ast.Assign) and conv.value is operand and all(
                isinstance(t, ast.Attribute) and t.attr in LAYER_WEIGHTS for t in conv.targets):
            uses.append(("a layer's weight", conv))  # (`layer.kernel = ...`: what the layer applies to every example)
            continue
        if not isinstance(conv, ast.Call):
            return None
        name = visitor.call_name(conv)
        positions = CONV_FILTERS.get(name) or CLASS_PARAMETERS.get(name) or \
            (_FILTER if _held_conv(visitor, conv.func) else None)  # (`conv_func = tf.nn.conv2d`)
        if not positions or not any(argument(conv, at, keyword) is operand for at, keyword in positions):
            return None
        uses.append(("the class weights of a sampled loss" if name in CLASS_PARAMETERS else
                     "the filters of a convolution", conv))
    if not uses:
        return None
    kinds = {kind for kind, _ in uses}
    kind = kinds.pop() if len(kinds) == 1 else "a weight's operand"
    shape = ", [num_classes, dim]" if kind.startswith("the class") else \
        f", `.{uses[0][1].targets[0].attr}`" if kind.startswith("a layer") else ""
    return f"{kind} (line {uses[0][1].lineno}{shape}; shared over the batch)"


def _with_guarded_sizes(visitor: SourceVisitor, found: Transpose) -> Transpose:
    """The transpose with the sizes a guard before it states: `if x.shape[k] != 1: raise ...` (also `> 1`,
    `x.get_shape()[k]`, `x.shape.as_list()[k]`) or `assert x.shape[k] == 1`, earlier in a block that
    holds the transpose, with no assignment of `x` between them: axis k of `x` has size 1 there."""
    data = found.data
    if not isinstance(data, ast.Name):
        return found
    file = visitor.file
    rank = len(found.perm)
    ones = set()
    for stmt in _statements_before(file, found.call):
        axis = _guarded_axis(file, stmt, data.id)
        if axis is not None and -rank <= axis < rank and not _stored_between(file, data.id, stmt, found.call):
            ones.add(axis % rank)
    if not ones:
        return found
    dims = list(found.dims or (None,) * rank)
    for axis in ones:
        dims[axis] = 1
    return Transpose(found.call, data, found.perm, tuple(dims), found.reversal, found.rank_hint, found.perm_text,
                     found.context)


def _statements_before(file: FileContext, node: ast.AST):
    """The statements that run before `node` in each block holding it, up to its function."""
    for ancestor in file.ancestors(node):
        if isinstance(ancestor, SCOPES):
            return
        if isinstance(ancestor, ast.stmt) and (where := file.block_of(ancestor)) is not None:
            block, index = where
            yield from block[:index]


def _guarded_axis(file: FileContext, stmt: ast.stmt, name: str) -> int | None:
    """k, when `stmt` lets the code go on only with `name.shape[k] == 1`: `if <shape>[k] != 1: raise`
    (or `> 1`, `>= 2`; a body that ends in a raise, no else), `assert <shape>[k] == 1` (or `<= 1`, `< 2`)."""
    if isinstance(stmt, ast.If) and stmt.body and isinstance(stmt.body[-1], ast.Raise) and not stmt.orelse:
        return _size_test(file, stmt.test, name, negated=True)
    if isinstance(stmt, ast.Assert):
        return _size_test(file, stmt.test, name, negated=False)
    return None


_NOT_ONE = {ast.NotEq: 1, ast.Gt: 1, ast.GtE: 2, ast.IsNot: 1}  # `size <op> n` true: not of size 1
_ONE = {ast.Eq: 1, ast.LtE: 1, ast.Lt: 2, ast.Is: 1}  # `size <op> n` true: of size 1 (sizes >= 1)


def _size_test(file: FileContext, test: ast.expr, name: str, negated: bool) -> int | None:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    ops = _NOT_ONE if negated else _ONE
    if ops.get(type(test.ops[0])) != file.literal(test.comparators[0]):
        return None
    size = test.left
    if not isinstance(size, ast.Subscript):
        return None
    axis = file.literal(size.slice)
    if not (isinstance(axis, int) and not isinstance(axis, bool)):
        return None
    return axis if _static_shape_of(size.value, name) else None


def _static_shape_of(node: ast.expr, name: str) -> bool:
    """`name.shape`, `name.get_shape()`, and either's `.as_list()`."""
    if isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("as_list", "get_shape"):
        if node.func.attr == "get_shape":
            return isinstance(node.func.value, ast.Name) and node.func.value.id == name
        node = node.func.value
        if isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "get_shape":
            return isinstance(node.func.value, ast.Name) and node.func.value.id == name
    return isinstance(node, ast.Attribute) and node.attr == "shape" and isinstance(node.value, ast.Name) \
        and node.value.id == name


def _stored_between(file: FileContext, name: str, guard: ast.stmt, node: ast.AST) -> bool:
    """Whether `name` is assigned after the guard and before the statement of `node`, in its function."""
    scope = file.scope_of(node)
    use = file.statement_of(node)  # (its own target is assigned after the call)
    after, before = (guard.end_lineno, guard.end_col_offset), (use.lineno, use.col_offset)
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
               and after <= (n.lineno, n.col_offset) < before for n in ast.walk(scope))


def _held_conv(visitor: SourceVisitor, func: ast.expr) -> bool:
    """A local name every binding of which, in the nearest scope that binds it, is a framework
    convolution of CONV_FILTERS (`conv_func = tf.nn.conv2d` / `elif ...: conv_func = tf.nn.conv3d`,
    then `conv_func(x, tf.transpose(w, perm), ...)`, also in a lambda or function defined there)."""
    if not isinstance(func, ast.Name):
        return False
    file = visitor.file
    scope = file.scope_of(func)
    for outer in (scope, *file.ancestors(scope)):
        if not isinstance(outer, SCOPES) or isinstance(outer, ast.ClassDef):
            continue
        index = file.scope_index(outer)
        if func.id in index.dynamic:
            return False
        bindings = index.bindings.get(func.id)
        if bindings:
            return all(b.value is not None and isinstance(b.value, (ast.Name, ast.Attribute))
                       and visitor.qualified(b.value) in CONV_FILTERS for b in bindings)
    return False


def constant_built(file: FileContext, found: Transpose) -> bool:
    """Whether the transpose's input is made only of constants: literals, NumPy, framework ops (not
    random draws, variables or inputs) of such inputs, through the names that hold them; in a
    constructor (`__init__`, directly), also sized by its parameters (`tf.range(max_grid_w)`,
    reshape/tile/fill sizes: the object's settings, Python values, never its data). No tensor of the
    step reaches it: TensorFlow computes it once (constant folding; eagerly, at construction)."""
    if found.data is None:
        return False
    function = next((a for a in file.ancestors(found.call) if isinstance(a, SCOPES)), None)
    init = function if isinstance(function, ast.FunctionDef) and function.name == "__init__" and \
        isinstance(file.parent(function), ast.ClassDef) else None
    return sized_only(file, found.data, init)


# random draws of class indices: `[batch, num_samples]` integers (the sample ids of each row's logits)
DRAWS = {"tensorflow.random.categorical", "tensorflow.multinomial", "keras.random.categorical"}


def sampled_indices(file: FileContext, data: ast.AST | None) -> str | None:
    """"the draws of tf.random.categorical (line n)" when the transpose's input is what a categorical draw
    returns (through the names that hold it, and casts); else None."""
    for _ in range(6):
        data = file.value_of(data) if isinstance(data, ast.Name) else data
        if not isinstance(data, ast.Call):
            return None
        name = file.call_name(data)
        if name in DRAWS:
            return f"the draws of {name.replace('tensorflow.', 'tf.')} (line {data.lineno})"
        if name not in ("tensorflow.cast", "tensorflow.stop_gradient", "tensorflow.identity") or not data.args:
            return None
        data = data.args[0]
    return None


def _few_vectors(dims: tuple | None) -> int | None:
    """The other axes' entries in all when every axis but one has a stated size and together they
    hold at most FEW_ROWS entries, and that one axis is of unknown length (not a stated element
    count); else None."""
    if not dims:
        return None
    unknown = [d for d in dims if not isinstance(d, int)]
    rows = 1
    for d in dims:
        rows *= d if isinstance(d, int) else 1
    if len(unknown) != 1 or unknown[0] in (ELEMENTS, MAYBE1) or not 1 < rows <= FEW_ROWS:
        return None
    return rows


def _api_wrapper(visitor: SourceVisitor, found: Transpose) -> bool:
    """A function that only returns the transpose of its parameter by its caller's perm (or none):
    `def transpose(x): return tf.transpose(x)`, Keras's backend API. Where it is called is where
    the transpose is."""
    parent = visitor.file.parent(found.call)
    function = visitor.file.parent(parent) if isinstance(parent, ast.Return) else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not isinstance(found.data, ast.Name):
        return False
    params = parameter_names(function)
    perm = found.call.args[1] if len(found.call.args) > 1 else next(
        (k.value for k in found.call.keywords if k.arg in ("perm", "axes", "pattern")), None)
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    return body == [parent] and found.data.id in params and (
        perm is None or isinstance(perm, ast.Name) and perm.id in params)


def _computed_wrapper(visitor: SourceVisitor, call: ast.Call) -> bool:
    """The transpose a roll-axis helper returns by the perm it computes (`COMPUTED_PERM`) that the project calls
    (outside tests) and hands nowhere: its calls are the sites. (A public helper nothing calls keeps its own.)"""
    parent = visitor.file.parent(call)
    function = visitor.file.parent(parent) if isinstance(parent, ast.Return) else None
    if function is None or not function.body or function.body[-1] is not parent:
        return False
    found = wrapped_transpose(visitor, function)
    if found is None or found[2] != COMPUTED_PERM:
        return False
    callers = [c for c in visitor.file.project.query(CALLED_BY, visitor.file.qualnames[function]) if c != "!test"]
    return bool(callers) and all(isinstance(c, str) and not c.startswith("?") for c in callers)


def logical_before_swap(visitor: SourceVisitor, found: Transpose) -> tuple[int, ...] | None:
    """`found.before_swap()` when that perm is logical on the target: then only the swap copies, and a matmul
    reading the operand can take the swap as its flag (TFP103, as the graph face folds it), leaving no copy."""
    rest = found.before_swap()
    return rest if rest is not None and _judged(visitor, replace(found, perm=rest), maybe_one=False) is None else None


def _judged(visitor: SourceVisitor, found: Transpose, maybe_one: bool) -> str | None:
    """The finding's message if the transpose copies on the target, else None."""
    dims = found.dims
    if dims is not None:
        dims = tuple((1 if maybe_one else None) if d == MAYBE1 else d for d in dims)
    if visitor.target.transpose_is_logical(found.perm, dims):
        return None
    perm = found.perm
    moves = "moves the last (fastest-changing) axis" if perm[-1] != len(perm) - 1 else "moves data"
    what = (f"tf.transpose without perm reverses every axis{found.rank_hint}" if found.reversal
            else f"transpose perm={found.perm_text or list(perm)}{found.rank_hint}")
    shape = f" of {text(_shown(found.dims))}" if found.dims and any(d is not None for d in found.dims) else ""
    return f"{what}{shape} {moves}: a copy of the whole tensor on {visitor.target.name}{_moved(dims)}"


def _moved(dims: tuple | None) -> str:
    """What the copy moves, as the source states it: its bytes (read once and written once, in float32: the
    source rarely states the dtype of an activation) when every dimension is a stated number; else that the cost
    depends on a size the source does not state (a batch, a length, a channel count it leaves to the caller)."""
    if dims and all(isinstance(d, int) and d >= 0 for d in dims):
        nbytes = math.prod(dims) * _FLOAT_BYTES
        return f" ({_bytes(nbytes)} in float32, read and written once)"
    if dims and len(dims) > 1 and dims[0] is None and all(isinstance(d, int) and d >= 0 for d in dims[1:]):
        nbytes = math.prod(dims[1:]) * _FLOAT_BYTES  # (`Input(shape=...)`: every axis but the batch)
        return f" ({_bytes(nbytes)} in float32 per index of its first axis, a length the source does not state)"
    return _UNSTATED


_UNSTATED = "; its cost depends on a size the source does not state"


def _origin(file: FileContext, data: ast.AST | None) -> str:
    """What the file shows of where an unsized transpose's data comes from (`batchdata`): the value of the step it
    is computed from (an input of a layer's `call`, a loss's argument, a `keras.Input`...), so that the copy grows
    with the batch; else the first value whose origin the file does not show (the size is then unknown twice over:
    the warning stands on the site being on the step, and the message says what is not known)."""
    evidence = batch_evidence(file, data)
    if evidence is not None:
        return f", and it grows with the batch: it carries data of the step ({evidence})"
    unknown = unknown_origin(file, data)
    return f"; this file does not show that it carries data of the step ({unknown or 'its origin is not shown'})"


def _bytes(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def _shown(dims) -> tuple:
    return tuple("1?" if d == MAYBE1 else d for d in dims or ())


_SCALAR_SHAPES = ((), [])  # `tf.reshape(x, shape=())`: a scalar


def scalar_product_vector(visitor: SourceVisitor, found: Transpose) -> bool:
    """A 2-D transpose of a vector: the transposed tensor is a matmul's operand (`tf.matmul(tf.transpose(v), g)`)
    whose product the code reshapes to a scalar (`tf.reshape(..., shape=())`, also of `2 * product / 2.0`), here
    or elsewhere in the function for the same tensor (a name the same assignments reach): the product is [1, 1], so the
    operand's outer axis is 1 and `v` is a column [n, 1]: its transpose moves only a size-1 axis, a reshape."""
    file = visitor.file
    data = found.data
    if isinstance(data, ast.Name):
        reaching = [id(b) for b in file.reaching_bindings(data)]
        if not reaching:
            return False
        scope = file.scope_of(data)
    elif data is not None:
        scope = None
    else:
        return False
    if scope is None:
        return _scalar_product_operand(visitor, found.call)
    for node in walk_nodes(scope):
        if isinstance(node, ast.Call) and node is not found.call and visitor.call_name(node) in TRANSPOSES and \
                isinstance(first := argument(node, 0, "a"), ast.Name) and first.id == data.id and \
                file.scope_of(first) is scope and len(node.args) + len(node.keywords) == 1 and \
                [id(b) for b in file.reaching_bindings(first)] == reaching and _scalar_product_operand(visitor, node):
            return True
    return len(found.call.args) + len(found.call.keywords) == 1 and _scalar_product_operand(visitor, found.call)


def _scalar_product_operand(visitor: SourceVisitor, call: ast.Call) -> bool:
    """`call` is the first or second operand of a flagless 2-D `tf.matmul` whose result, through products
    and quotients by numbers, a `tf.reshape` makes a scalar."""
    file = visitor.file
    matmul = file.parent(call)
    if not (isinstance(matmul, ast.Call) and visitor.call_name(matmul) in ("tensorflow.matmul", "tensorflow.linalg.matmul")
            and call in matmul.args[:2] and not matmul.keywords):
        return False
    node = matmul
    while isinstance(parent := file.parent(node), ast.BinOp) and isinstance(parent.op, (ast.Mult, ast.Div)) and \
            isinstance(parent.right if parent.left is node else parent.left, ast.Constant):
        node = parent
    reshape = file.argument_parent(node)
    if not (isinstance(reshape, ast.Call) and visitor.call_name(reshape) == "tensorflow.reshape" and
            argument(reshape, 0, "tensor") is node):
        return False
    shape = argument(reshape, 1, "shape")
    return isinstance(shape, (ast.Tuple, ast.List)) and not shape.elts


def _instead(rest: tuple[int, ...] | None, then: str) -> str:
    """How the advice begins: drop a plain swap; transpose by the logical `rest` instead of a perm that swaps after it."""
    return f"drop the transpose and {then}" if rest is None else f"transpose by {list(rest)} instead and {then}"


class TransposeIntoMatMulSource(SourceVisitor):
    """A transpose of the last two axes (or a 2-D transpose) feeding a matmul operand: the matmul
    reads it transposed by itself with transpose_a / transpose_b."""

    calls = Calls(PERMUTERS, project=True)  # project: its functions that return a transpose

    def visit_Call(self, node: ast.Call) -> None:
        flag = flag_implemented(self, node)
        if flag is not None:
            side = flag[-1]
            self.report(node, f"transpose of the last two axes implements the {flag} parameter of a matmul helper: "
                              f"the matmul it calls reads the operand transposed by itself (tf.matmul's "
                              f"transpose_{side}, adjoint_{side} of tf.sparse.sparse_dense_matmul for real dtypes)",
                        fix=Fix(Safety.ADVISORY, f"pass {flag} on to the matmul the helper calls instead of "
                                                 "transposing the operand"), context=partial(_reached, node))
            return
        found = transpose_of(self, node)
        if found is not None and found.unstated:
            return  # (a perm whose rank the source does not state: no flag is known to replace it)
        if found is not None and not found.perm_text:
            found = _with_guarded_sizes(self, found)
        if found is not None and (_judged(self, found, maybe_one=False) is None or constant_built(self.file, found)):
            return  # only axes of size 1 move (a reshape), or TensorFlow folds it once: no copy to save (as TFP101)
        if found is not None and len(found.perm) == 2 and scalar_product_vector(self, found):
            return  # a vector's transpose (v^T M v reshaped to a scalar): a reshape, no copy to save
        folded = einsum_fold(self, found) if found is not None else None
        if folded is not None:
            einsum, equation = folded
            severity, but = _small_or_not(self, found)
            self.report(node, f"transpose feeds an einsum (line {einsum.lineno}): the equation can read the operand "
                              f"untransposed as \"{equation}\"{but}", severity=severity,
                        fix=Fix(Safety.ADVISORY, f"drop the transpose and write the equation as \"{equation}\""),
                        context=found.context or partial(_reached, node))
            return
        rest = logical_before_swap(self, found) if found is not None else None  # (None for a plain swap)
        if found is None or not (found.swaps_last_two() or rest):
            return
        operand = matmul_operand(self, node, len(found.perm))
        if operand is None or (rest and isinstance(operand[0], ast.Call) and self.call_name(operand[0]) in ADJOINT_FLAGS):
            return  # (a sparse matmul's operand is a matrix: no head split before its swap)
        matmul, side, direct = operand
        # (tf.linalg.adjoint's swap is the matmul's adjoint flag: the same for real dtypes, exact for complex ones)
        flag = f"adjoint_{side}" if self.call_name(node) == "tensorflow.linalg.adjoint" and \
            self.call_name(matmul) in _MATMUL_ADJOINTS else f"transpose_{side}"
        if isinstance(matmul, ast.Call) and (keyword(matmul, flag) or keyword(matmul, f"adjoint_{side}")):
            return  # already transposing that operand: the pair is TFP102's business, not a flag away
        severity, but = _small_or_not(self, found)
        what = _batch_free_what(self.file, found.data) if severity is None else None
        if what:  # (the weight convention, as TFP101)
            price, seconds = _weight_cost(self, found.dims)
            if seconds is None or seconds < WEIGHT_WARNING_SECONDS:
                severity, but = Severity.INFO, f"; but it moves {what}, with no batch axis: {price}"
        context = found.context or partial(_reached, node)
        if severity is None:  # (a weight helper's operand: what its callers pass decides, as TFP101)
            context = weights_passed_context(self.file, found.data, context, settings=True)
        what = self._what(found, rest)
        advice = self._advice(matmul, side, flag, what, rest)
        message = advice[0] + but if advice is not None else \
            f"{what}: {'pass' if rest is None else _instead(rest, 'pass')} {flag}=True to the matmul (line " \
            f"{matmul.lineno}){'' if rest else ' instead'}{but}"
        # (a branch an option of the signature takes, off by default: what the callers pass decides, as TFP101)
        opted = _opt_in(self.file, node, message) if severity is None else None
        fix = Fix(Safety.ADVISORY, advice[1]) if advice is not None else \
            Fix(Safety.ADVISORY, f"{_instead(rest, 'pass')} {flag}=True to the matmul") if rest else \
            self._fix(found, matmul, flag, direct)
        self.report(node, message, fix=fix, severity=severity, context=context, parameter=opted)

    def _what(self, found: Transpose, rest: tuple[int, ...] | None) -> str:
        """What the transpose does for the matmul: a plain swap, or a logical `rest` then the swap."""
        if rest is None:
            return "transpose only swaps the last two axes of a matmul operand"
        return (f"transpose perm={list(found.perm)} is perm={list(rest)}, which keeps the last axis (logical on "
                f"{self.target.name}), then a swap of the last two axes of a matmul operand")

    def _advice(self, matmul: ast.AST, side: str, flag: str, what: str,
                rest: tuple[int, ...] | None) -> tuple[str, str] | None:
        """(message, advice) for a matmul whose flag tfperf does not set itself: a sparse matmul's
        adjoint (the transpose for real dtypes only), a matmul without flags; None for tf.matmul."""
        if isinstance(matmul, ast.Call) and self.call_name(matmul) in ADJOINT_FLAGS:
            return (f"transpose only swaps the last two axes of a sparse matmul operand: pass adjoint_{side}=True to "
                    f"{self.file.segment(matmul.func)} (line {matmul.lineno}) instead (the adjoint is the transpose "
                    "for real dtypes)",
                    f"drop the transpose and pass adjoint_{side}=True (real dtypes; for complex ones the adjoint also "
                    "conjugates)")
        if self._flagless(matmul):
            how = "`@`" if isinstance(matmul, ast.BinOp) else self.call_name(matmul)
            return (f"{what}: {how} (line {matmul.lineno}) "
                    f"takes no transpose flag; tf.linalg.matmul(..., {flag}=True) reads the operand transposed without "
                    "the copy",
                    f"{_instead(rest, 'call')} tf.linalg.matmul(a, b, {flag}=True) (with Keras, on its TensorFlow "
                    "backend)")
        return None

    def summarize(self) -> None:
        export_transpose_wrappers(self)
        export_weight_calls(self.file)  # (which arguments of the project's calls are weights: once per file)
        export_variable_classes(self.file)

    def _flagless(self, matmul: ast.AST) -> bool:
        return isinstance(matmul, ast.BinOp) or self.call_name(matmul) in FLAGLESS

    def _fix(self, found: Transpose, matmul: ast.Call, flag: str, direct: bool) -> Fix:
        """Exact when the transpose is the operand itself and its rank is known (a reversal of a
        tensor whose rank the code does not state may not be 2-D)."""
        advice = Fix(Safety.ADVISORY, f"drop the transpose and pass {flag}=True to the matmul")
        if not direct or found.data is None or (found.reversal and found.rank_hint):
            return advice
        last = max(matmul.args + [kw.value for kw in matmul.keywords], key=lambda n: (n.end_lineno, n.end_col_offset))
        return Fix(Safety.EXACT, f"drop the transpose and pass {flag}=True to the matmul",
                   (self.replace(found.call, self.file.segment(found.data)),
                    self.insert_after(last, f", {flag}=True")))
