"""TFP601 in source: `reduce_sum(..., axis=-1)` inside a loss, a sum the MME could do as a 1x1 conv.

The sum is `tf.reduce_sum`, or Keras's spelling of it (`keras.ops.sum`, `keras.backend.sum`, also `backend.sum` of
a Keras backend the code is handed, `backend = kwargs["backend"]`: `_injected_sum`).

A loss is a function or class whose name says so (`*loss*`, `*crossentropy*`, `*hinge*`, `*divergence*`,
`*entropy*`, `*penalty*`), any function of a module or package named for losses (`losses.py`, `loss.py`,
`softnn_loss.py`, `losses/utils.py`: the helpers there compute losses whatever their name), a method
of a `keras.losses.Loss` subclass, or a value assigned to a `*loss*` name or attribute (`self.forward_loss`, a TF1
model's), also through the names and ops with a gradient it flows through in its function (`_flow`); not a metric (a method of a `*Metric`
class, a function returning a dict of named means; a probability distribution's `entropy()` method,
`_distribution_statistic`), whatever its module; not a sum there whose value reaches
neither the function's return nor a loss (`_flow`). Outside them, a loss's target: what the code hands through
`tf.stop_gradient` to a loss call's `labels=`; or a helper of the file whose returned sum a loss minimises: the
value of a call of it goes, through ops with a gradient (not `argmin`, `stop_gradient`, numpy: a matching cost, a greedy
target), into a `*loss*` value or loss call, or is returned by a loss or by such a helper (`_feeds_loss`: a KL term, a
C51 TD error handed to `huber_loss`, a CRF energy); or the scores a Keras model's `call` returns (through
elementwise ops and reshapes only) where the class, or a project base of it (`SELF_LOSS`), calls itself,
`self(inp)`, into a loss (`_scores`). A helper (of
any module) returning the sum of its argument over the
trailing axes (`TRAILING_SUM`) is reported where a loss calls it.
The last axis is `-1`, also through a parameter's default (`def categorical_crossentropy(..., axis=-1)`), an axis
list up to the tensor's rank (`list(range(1, len(g.shape)))`, `np.arange(1, len(g.shape))`),
the channels axis a data-format choice picks (`axis = 3 if image_data_format() == "channels_last" else 1`: 1, the
channels axis of channels_first data, says the other is the channels axis of channels_last data, the last),
the tensor's rank less one (`len(y_pred.get_shape()) - 1`, Keras 2.0's backend spelling: `_rank_less_one`),
or `rank - 1` where the source states the tensor's rank (`tfperf.source.shapes`, or `_known_rank`: an embedding
lookup's, the ids' rank plus one, and a parameter's, what every call in the file passes; `axis=1` of a
`[B, B]` matrix built by `tf.tile(.., [n, 1])`, a matmul of 2-D operands, `tf.linalg.diag`), or the rank the ops that made it imply
(`_op_rank`: a sparse cross-entropy has its labels' rank, a reduction drops its axes, `sequence_mask`, `one_hot`,
`expand_dims`, `stack` add one, elementwise ops broadcast to the largest...), which outweighs the words below; failing
the code, the rank the function's docstring states for the parameter it comes from (`y_pred: ...
shape=(batch, 3 * dim)`), or the rank of the tensors it is computed with elementwise when they agree (a pairwise
matrix the code does not shape, times a `[B, B]` mask from `tf.linalg.diag`), or failing those of the tensors the
code elsewhere combines it with elementwise (`_use_rank`: a mask also multiplied by the matrix it masks), or the
rank a comment on its assignment states (`_commented_rank`: `# 2D tensor`, `# [batch_size, dim]`), which the message
says.
Not reported where the sum cannot be worth the MME: over a last axis the source knows is small
(a `top_k` of k, a literal shape, pieces of a split, a one-hot of a literal depth times a tensor of
unknown shape, a slice `[..., :4]` of a tensor whose rank the code or a docstring states; within the
file also a parameter every call of its function passes such a tensor for, or what a function of the
file returns, as `l1(y_true[..., :3], y_pred[..., :3])`, `self._l1(boxes, pred)`; a one-hot's depth
handed down from `len()` of a list the file states: `num_labels=len(processor.get_labels())`; the number of an
RL agent's actions, read of the environment's action space by Gym's API, `ac_space.shape[0]`, `action_space.n`, as
a dense layer's width or a one-hot's depth: `tf.layers.dense(h, ac_space.shape[0])`, or a last dimension a
parameter's docstring names for the actions, `a_max: ... shape [B, action_dimension]`), over
integers (a count: the MME multiplies floats), of a table made only of constants and sizes (`tf.eye(n) * p +
tf.ones([n, n])`, `shapes.sized_only`: TensorFlow computes it once, no step's tensor reaches it), or where the code
already has the guide's conv form in the other branch. A sum in a branch its parameter's default turns away (`if self.average == "micro":`,
default "macro"; `elif method in ("se", ...)` under `method="mse"`, also from a lambda returned there) is judged by what
the project's calls pass (`tfperf.source.optin`, the zero-default convention TFP301 and TFP501 share).
A last axis whose size is a setting (`_size_setting`: the depth of a one-hot, the width of a dense layer, the last
dimension of a reshape or of a tensor made of a shape, the bound of a slice `[..., :n]`, through names, elementwise
ops and the file's calls) read of a parameter (`latent_dim=8`, also `self.latent_dim` set from it), a
hyperparameter (a flag, `p.Define`, an HParams entry) or a config field is judged by every value the project gives
it (`tfperf.source.passed`: defaults, callers' arguments, constructions, sets): all of them known and at most
`SMALL_AXIS` -> no finding; one unknown or larger -> the finding stays, saying what the values are.
"""

from __future__ import annotations

import ast
import os
import re
from collections import Counter
from functools import cached_property

from tfperf.findings import Fix, Safety, Severity
from tfperf.source import api
from tfperf.source.context import STEP_BASE, base_context, tokens
from tfperf.source.docstrings import documented_dim_names
from tfperf.source.literals import NOT_LITERAL, number_literal
from tfperf.source.arguments import parameter_names, positional_names
from tfperf.source.optin import opt_in
from tfperf.source.passed import Parameter, passed_positional, setting_of
from tfperf.source.shapes import (ELEMENTS, ELEMENTWISE, MATMULS, MAYBE1, RESHAPE_SHAPES, SHAPED, STACKS,
                                  parameter_owner, rank_of, sized_only)
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import Calls, SourceVisitor, argument

MEANS = {"tensorflow.reduce_mean", "tensorflow.math.reduce_mean", "keras.ops.mean", "keras.backend.mean"}
REDUCE_SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum",
               "keras.ops.sum", "keras.backend.sum"}  # Keras 3's ops and Keras 2's backend spell the same Sum
# summary fact: a function or method -> the length of the list literal every return of it gives (the longest)
LIST_LENGTH = "listlen"
# summary fact: a function that returns the sum of a parameter over its trailing axes, the last among them
# (`return tf.reduce_sum(t, axis=tuple(range(ndims, t.shape.ndims)))`) -> (the parameter's position as callers
# pass it, its name)
TRAILING_SUM = "trailsum"
# summary fact: a module-level function that forwards its tensor and axis parameters to TensorFlow's reduce_sum
# (`def reduce_sum(tensor, axis=None): if tf.is_tensor(tensor): return tf.reduce_sum(tensor, axis=axis)`, a
# framework's dispatcher over array libraries) -> ((position, name) of the tensor, (position, name) of the axis)
SUM_WRAPPER = "sumwrapper"
# summary fact: a class whose own code calls the instance (`self(inp, training=True)`: Keras runs `call`) and hands that
# value to a loss -> True: a subclass's `call` returns its scores to that loss (`_scores`)
SELF_LOSS = "selfloss"
RANGES = {"six.moves.range", "builtins.range"}  # (`from six.moves import range`)
ONE_HOTS = {"tensorflow.one_hot", "keras.ops.one_hot"}
CASTS = {"tensorflow.cast", "keras.ops.cast", "keras.backend.cast"}
LOSS_BASES = ("keras.losses.Loss",)
# (a penalty is by definition a term added to an objective: a gradient penalty, a KL penalty, a regularization penalty)
LOSS_WORDS = {"loss", "losses", "crossentropy", "hinge", "divergence", "entropy", "penalty"}
LOSS_VALUE_WORDS = LOSS_WORDS | {"entropies", "divergences", "penalties"}  # names of a loss's values
LOSS_MODULE_WORDS = {"loss", "losses"}
INTEGER_DTYPES = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "bool"}
SAMPLERS = ("sample", "_sample", "_sample_n")  # the method a probability distribution class draws with
MAX_CALLS = 16  # calls of a function followed for what they pass it (more: unknown)
SMALL_AXIS = 16  # elements: a sum this short has nothing to gain from the matrix engine
SHAPE_ONLY = {"tensorflow.zeros_like", "tensorflow.ones_like", "tensorflow.shape", "tensorflow.rank",
              "tensorflow.size", "keras.ops.zeros_like", "keras.ops.ones_like", "keras.ops.shape"}
CONVS = {"tensorflow.nn.conv2d", "tensorflow.nn.conv1d", "tensorflow.nn.convolution"}
STOP_GRADIENTS = {"tensorflow.stop_gradient"}
# ops whose result carries no gradient back to their input (an index, an order): a loss reading it does not minimise it
# (a comparison's result is boolean, a draw's or a one-hot's index an integer: no gradient passes them either)
NO_GRADIENT = {"argmin", "argmax", "argsort", "top_k", "linear_sum_assignment", "py_function", "numpy_function",
               "py_func", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "one_hot",
               "multinomial", "categorical"}
NUMPY_ARANGE = "numpy.arange"
ARANGES = {"tensorflow.range", "keras.ops.arange", NUMPY_ARANGE}  # `arange(n)`: n elements
# a layer's output whose last axis is its width: `tf.layers.dense(x, units)` (-> (position, keyword) of the width)
FUNCTIONAL_DENSES = {"tensorflow.layers.dense": (1, "units"), "tensorflow.compat.v1.layers.dense": (1, "units")}
DENSES = {"keras.layers.Dense"}  # `Dense(units)(x)`
# the number of a reinforcement-learning agent's actions, read of the environment's action space with Gym's
# Space API (`action_space.n` of a `Discrete` space, `ac_space.shape[0]` of a `Box`): a handful by the domain
# (Atari's 4-18 actions, a robot's joints), the reduction-size convention of the labels (sets 9, 23, 24), and
# Gym's spelling is shared by the RL libraries built on it (its `action_space` attribute names the space)
ACTION_SPACE_WORDS = (("action", "space"), ("ac", "space"))
ACTION_COUNT = SMALL_AXIS  # (what `_count` says for such a size: at most a handful, nothing for the MME)
# a dimension a docstring's shape names for the agent's actions (`a_max: ... shape [B, action_dimension]`,
# `[batch_size, num_actions]`): the same count, in the author's word (RL libraries document their ops so)
ACTION_DIM_WORDS = frozenset({"action", "actions"})
TARGET_KEYWORDS = {"labels", "y_true", "targets", "target"}  # the target a loss call compares the prediction with
RESHAPES = {"tensorflow.expand_dims", "tensorflow.reshape", "tensorflow.squeeze"}
CONCATS = {"tensorflow.concat", "keras.ops.concatenate", "keras.backend.concatenate"}
EXPAND_DIMS = {"tensorflow.expand_dims", "keras.ops.expand_dims", "keras.backend.expand_dims"}
EMBEDDING_LOOKUPS = {"tensorflow.nn.embedding_lookup"}  # (params, ids): a vector of the table per id
DIRECT = ELEMENTWISE | RESHAPES | {"keras.ops.expand_dims", "keras.ops.reshape", "keras.ops.squeeze"}  # (`_scores`)
TO_FLOATS = {"tensorflow.to_float"}
FLOAT_DTYPES = {"float32", "float64"}
SUMMARIES = ("tensorflow.summary.", "tensorflow.compat.v1.summary.", "tensorflow.contrib.summary.")
MAX_FLOW = 12  # names and returns a sum's value is followed through
# where a sum's value goes (`_flow`)
LOSS, RETURNED, NOWHERE, UNKNOWN = "loss", "returned", "nowhere", "unknown"
# functions of Keras's backend API no other array library names so (numpy, torch and TensorFlow have no
# `epsilon()`, `floatx()`, `image_data_format()` or `permute_dimensions()`): a value read with one of them is a
# Keras backend the code is handed (`backend = kwargs["backend"]`, keras_applications' injected modules)
KERAS_BACKEND_MARKS = frozenset({"epsilon", "floatx", "image_data_format", "permute_dimensions"})
# ranks the ops that made a tensor imply (`_op_rank`), by what each op does to its input's rank
RANK_REDUCTIONS = frozenset(f"tensorflow.{m}reduce_{op}" for m in ("", "math.") for op in (
    "sum", "mean", "max", "min", "prod", "any", "all", "logsumexp", "std", "variance")) | frozenset(
    f"{m}.{op}" for m in ("keras.ops", "keras.backend") for op in ("sum", "mean", "max", "min", "prod", "std", "var"))
RANK_PLUS_ONE = {"tensorflow.sequence_mask": (0, "lengths"), "tensorflow.one_hot": (0, "indices"),
                 "keras.ops.one_hot": (0, "x"), "keras.backend.one_hot": (0, "indices"),
                 "tensorflow.expand_dims": (0, "input"), "keras.ops.expand_dims": (0, "x"),
                 "keras.backend.expand_dims": (0, "x")}
RANK_KEPT = {"tensorflow.transpose": (0, "a"), "keras.ops.transpose": (0, "x"), "tensorflow.nn.bias_add": (0, "value"),
             "tensorflow.nn.l2_normalize": (0, "x"), "tensorflow.math.l2_normalize": (0, "x"),
             "tensorflow.linalg.l2_normalize": (0, "x"), "keras.backend.l2_normalize": (0, "x"),
             "tensorflow.nn.dropout": (0, "x"), "tensorflow.layers.dense": (0, "inputs"),
             "tensorflow.compat.v1.layers.dense": (0, "inputs"), "keras.backend.dropout": (0, "x"),
             "tensorflow.convert_to_tensor": (0, "value")}
RANK_SHAPES = {"tensorflow.shape", "keras.ops.shape", "keras.backend.shape"}  # a vector of the axes' sizes
RANK_SLICES = {"tensorflow.slice", "keras.ops.slice"}
RANK_SQUEEZES = {"tensorflow.squeeze": (0, "input"), "keras.ops.squeeze": (0, "x"), "keras.backend.squeeze": (0, "x")}
RANK_GATHERS = {"tensorflow.gather": ("params", "indices"), "keras.backend.gather": ("reference", "indices"),
                "keras.ops.take": ("x", "indices")}
# a per-example loss of one label per position: the labels' rank, the logits' less one (the classes go)
RANK_SPARSE_XENT = {"tensorflow.nn.sparse_softmax_cross_entropy_with_logits"}
RANK_SOFTMAX_XENT = {"tensorflow.nn.softmax_cross_entropy_with_logits",
                     "tensorflow.nn.softmax_cross_entropy_with_logits_v2"}
KERAS_LAYER_RANKS = frozenset(f"keras.layers.{kind}" for kind in (
    "Dense", "Conv1D", "Conv2D", "Conv3D", "Dropout", "BatchNormalization", "LayerNormalization",
    "Activation"))  # keras.layers.X(...)(x): the input's rank (channels-last convs keep the layout)
RANK_SIGMOID_XENT = {"tensorflow.nn.sigmoid_cross_entropy_with_logits",
                     "tensorflow.nn.weighted_cross_entropy_with_logits"}
KERAS_BACKEND_ELEMENTWISE = frozenset(f"keras.backend.{op}" for op in (
    "maximum", "minimum", "pow", "abs", "exp", "log", "sqrt", "square", "sigmoid", "tanh", "relu", "softplus",
    "sign", "round", "equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "cast",
    "stop_gradient", "identity", "clip", "softmax", "sin", "cos"))
MAX_RANK_DEPTH = 12  # ops a rank is followed back through
REMEDY = ("if a profile shows the MME idle here, compute the sum as a 1x1 conv with a ones filter: "
          "tf.nn.conv2d(x, tf.ones([1, 1, C, 1], x.dtype), strides=1, padding=\"VALID\") (the guide's SSD example)")


class ReduceSumSource(SourceVisitor):
    """`tf.reduce_sum(x, axis=-1)` inside a loss, on an HPU target."""

    calls = Calls(REDUCE_SUMS, methods=("sum",))  # (`backend.sum` of a Keras backend handed in: `_injected_sum`)
    private_facts = frozenset({LIST_LENGTH, TRAILING_SUM, SUM_WRAPPER, SELF_LOSS})

    def summarize(self) -> None:
        """Export `LIST_LENGTH` of the file's functions and methods every return of which is a list literal
        (`def get_labels(self): return ["0", "1"]`), for `_length` in another file."""
        lengths: dict[ast.AST, list[int | None]] = {}
        for node in self.file.references:
            if type(node) is ast.Return:
                value = node.value
                literal = type(value) in (ast.List, ast.Tuple) and not any(type(e) is ast.Starred for e in value.elts)
                lengths.setdefault(self.file.scope_of(node), []).append(len(value.elts) if literal else None)
        for function, found in lengths.items():
            qualname = self.file.qualnames.get(function)
            if qualname is not None and None not in found and isinstance(function, ast.FunctionDef):
                self.file.project.export(LIST_LENGTH, qualname, max(found))
        for function, parameter in self._trailing.items():
            qualname = self.file.qualnames.get(function)
            if qualname is not None:
                self.file.project.export(TRAILING_SUM, qualname, parameter)
        for function, parameters in self._wrappers.items():
            qualname = self.file.qualnames.get(function)
            if qualname is not None:
                self.file.project.export(SUM_WRAPPER, qualname, parameters)
        if self._mentions_loss and "self(" in self.file.text:
            for node in self.file.qualnames:
                if isinstance(node, ast.ClassDef) and self._calls_itself_into_loss(node):
                    self.file.project.export(SELF_LOSS, self.file.qualnames[node])

    def _note_wrapper(self, node: ast.Call) -> None:
        """`return tf.reduce_sum(tensor, axis=axis, ...)` in a module-level function of which `tensor` and `axis`
        are parameters, passed on unchanged: the function is TensorFlow's sum for its callers (`SUM_WRAPPER`)."""
        stmt = self.file.statement_of(node)
        function = self.file.scope_of(node)
        if not isinstance(stmt, ast.Return) or stmt.value is not node or \
                not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                not isinstance(self.file.parent(function), ast.Module):
            return
        data, axis = argument(node, 0, "input_tensor"), argument(node, 1, "axis")
        positional = positional_names(function)
        found = []
        for value in (data, axis):
            if type(value) is not ast.Name or value.id not in parameter_names(function) or \
                    self.file.value_of(value) is not value:
                return
            found.append((positional.index(value.id) if value.id in positional else None, value.id))
        self._wrappers[function] = tuple(found)

    def _wrapped_sums(self) -> None:
        """The calls of a project function that forwards to reduce_sum (`SUM_WRAPPER`, of this file or another
        module): judged as the sum itself, with the tensor and axis they pass."""
        for call, _, fact in self._calls_with(SUM_WRAPPER, self._wrappers, lambda call: not _unpacks(call)):
            self._judge_sum(call, argument(call, *fact[0]), argument(call, *fact[1]))

    def _given_in_loss(self, call: ast.Call) -> bool:
        """A call given something, in a loss or assigned to a `*loss*` name."""
        return bool(call.args or call.keywords) and (self._loss_context(call) or self._to_loss_name(call))

    def _calls_with(self, kind: str, local: dict, wanted):
        """(call, callee, fact) for the file's calls of a project function (a name, or a method the source may
        place; none of the framework's) that `wanted` keeps, with the fact `kind` of its callee: `local`'s for a
        function of this file, else the project's."""
        for call in self.file.calls:
            if type(call.func) not in (ast.Name, ast.Attribute) or api.is_framework(self.call_name(call) or ""):
                continue
            if not wanted(call):
                continue
            callee = self.file.callee(call)
            if callee is None:
                continue
            function = self.file.defs.get(callee)
            fact = local.get(function) if function is not None else self.file.project.first(kind, callee)
            if fact:
                yield call, callee, fact

    def end(self) -> None:
        """The calls of a trailing-axes sum helper (`TRAILING_SUM`, of this file or another module) in a loss:
        `ops.reduce_sum_trailing_dimensions(cls_losses, ndims=2)` sums [B, anchors, classes] over the classes."""
        if self.target.kind != "hpu" or not self._mentions_loss:
            return
        self._wrapped_sums()
        for call, callee, fact in self._calls_with(TRAILING_SUM, self._trailing, self._given_in_loss):
            if any(isinstance(a, ast.Starred) for a in call.args) or not self._in_loss(call, targets=False):
                continue
            data = argument(call, *fact)
            if data is None or self._integer(data) or sized_only(self.file, data):
                continue
            size = self._last_size(data)
            if size == MAYBE1 or isinstance(size, int) and size <= SMALL_AXIS:
                continue
            helper = callee.rsplit(".", 1)[-1]
            size_text = f" ({size} elements)" if isinstance(size, int) else ""
            unstated = "" if isinstance(size, int) or size == ELEMENTS else \
                "; the source does not state the axis' size: a sum of a handful (classes, coordinates) has nothing to gain"
            self.report(call, f"{helper}() sums its argument over the trailing axes, the last among them{size_text}, "
                              f"with reduce_sum, in a loss: it runs on the TPC (vector engine) while the MME may idle"
                              f"{unstated}", fix=Fix(Safety.ADVISORY, REMEDY), parameter=opt_in(self.file, call))

    def _note_trailing(self, node: ast.Call) -> None:
        """`return tf.reduce_sum(t, axis=tuple(range(ndims, t.shape.ndims)))` in a function whose parameter `t`
        is: a sum over the trailing axes of what callers pass (`TRAILING_SUM`)."""
        data = argument(node, 0, "input_tensor")
        stmt = self.file.statement_of(node)
        if type(data) is not ast.Name or not isinstance(stmt, ast.Return) or stmt.value is not node:
            return
        function = self.file.scope_of(node)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                data.id not in positional_names(function) or self.file.value_of(data) is not data:
            return
        axis = self.file.value_of(argument(node, 1, "axis")) if argument(node, 1, "axis") is not None else None
        if isinstance(axis, ast.Call) and isinstance(axis.func, ast.Name) and axis.func.id in ("tuple", "list") and \
                len(axis.args) == 1 and self.file.names_nothing(axis.func.id):
            axis = axis.args[0]
        if not (isinstance(axis, ast.Call) and isinstance(axis.func, ast.Name) and axis.func.id == "range" and
                len(axis.args) == 2 and (self.file.names_nothing("range") or self.qualified(axis.func) in RANGES)
                and rank_of(self.file, axis.args[1], data.id)):
            return
        positional = passed_positional(self.file, function)
        self._trailing[function] = (positional.index(data.id) if data.id in positional else None, data.id)

    def _range_to_rank(self, axis: ast.AST | None, names: set[str]) -> ast.Call | None:
        """`range(k, t.shape.ndims)`, `list(range(1, dims))` (or `[*range(1, dims)]`) with `dims = len(t.shape)` (also through names): the
        axes from k up to the rank of a tensor one of `names` holds, the last among them. The range, else None."""
        value = self.file.value_of(axis) if axis is not None else None
        if isinstance(value, ast.List) and len(value.elts) == 1 and isinstance(value.elts[0], ast.Starred):
            value = self.file.value_of(value.elts[0].value)  # `[*range(1, rank)]`
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("tuple", "list") \
                and len(value.args) == 1 and not value.keywords and self.file.names_nothing(value.func.id):
            value = self.file.value_of(value.args[0])
        if not (isinstance(value, ast.Call) and len(value.args) == 2 and not value.keywords and
                self.file.literal(value.args[0]) != 0 and self._axis_range(value.func)):
            return None  # (`range(rank)`, `range(0, rank)`: every axis, a full reduction)
        end = self.file.value_of(value.args[-1])
        return value if any(rank_of(self.file, end, name) for name in names) else None

    def _axis_range(self, func: ast.expr) -> bool:
        """Whether a call of `func` makes a range of axes: the builtin `range` (also six's), or NumPy's `arange`
        (`K.sum(g, axis=np.arange(1, len(g.shape)))`: Keras takes the array as the axes)."""
        if isinstance(func, ast.Name) and func.id == "range":
            return self.file.names_nothing("range") or self.qualified(func) in RANGES
        return self.qualified(func) == NUMPY_ARANGE

    def _trailing_range(self, axis: ast.AST | None, data: ast.AST | None) -> ast.Call | None:
        """An axis list up to the rank of the summed tensor (`_range_to_rank`), the rank read of it or of a tensor
        it is made of elementwise (`g2 = tf.square(g)`, then `reduce_sum(g2, axis=list(range(1, len(g.shape))))`;
        either operand of a product, set 59's tftf: `reduce_sum(t * tf.log(tf.clip_by_value(y, ...)),
        axis=list(range(1, len(y.get_shape()))))`). Not a loss's own values summed over what is left of their axes
        (`critic_loss`, `entropies`: the loss already reduced its features; its trailing axes are time steps or
        actions)."""
        if axis is None or data is None or isinstance(axis, (ast.Constant, ast.UnaryOp)):
            return None
        names: set[str] = set()
        pending = [(data, 0)]
        while pending:
            expr, depth = pending.pop()
            if isinstance(expr, ast.Name):
                if LOSS_VALUE_WORDS & set(tokens(expr.id)):
                    return None
                names.add(expr.id)
            if depth >= 6:
                continue
            value = self.file.value_of(expr)
            if isinstance(value, ast.UnaryOp):
                pending.append((value.operand, depth + 1))
            elif isinstance(value, ast.BinOp) and not isinstance(value.op, ast.MatMult):
                pending += [(value.left, depth + 1), (value.right, depth + 1)]
            elif isinstance(value, ast.Call) and self.call_name(value) in ELEMENTWISE and value.args:
                pending.append((value.args[0], depth + 1))
            elif value is not expr:
                pending.append((value, depth + 1))
        return self._range_to_rank(axis, names) if names else None

    def __init__(self, file) -> None:
        super().__init__(file)
        self._callers: dict[str, list[ast.Call]] | None = None  # the file's calls of its functions, by qualified name
        self._sizes: dict[int, object] = {}  # `_last_size` by node
        self._trailing: dict[ast.AST, tuple[int | None, str]] = {}  # `TRAILING_SUM` of the file's functions
        self._wrappers: dict[ast.AST, tuple] = {}  # `SUM_WRAPPER` of the file's functions
        self._contexts: dict[ast.AST, bool] = {}  # `_loss_context` by scope
        self._returns: dict[tuple, str] = {}  # `_returned` by (function, stopped)
        self._only: dict[ast.AST, bool] = {}  # `_only_called` by function
        self._attribute_reads: dict[ast.ClassDef, dict[str, list[ast.Attribute]]] = {}
        self._backends: dict[str, bool] = {}  # `_injected_sum` by name
        self._methods: dict[str, int] | None = None  # how many functions of the file have each name
        self._self_calls: dict[ast.ClassDef, bool] = {}  # `_calls_itself_into_loss`
        self._ranks: dict[ast.AST, int | None] = {}  # `_known_rank` by node

    def visit_Call(self, node: ast.Call) -> None:
        if self.call_name(node) not in REDUCE_SUMS and not self._injected_sum(node):
            return
        self._note_trailing(node)
        self._note_wrapper(node)
        if self.target.kind != "hpu":
            return
        axis = argument(node, 1, "axis")
        if axis is None:
            axis = argument(node, None, "reduction_indices")  # TF1 spelling
        self._judge_sum(node, argument(node, 0, "input_tensor") or argument(node, None, "x"), axis)

    def _judge_sum(self, node: ast.Call, data: ast.AST | None, axis: ast.AST | None) -> None:
        """Report a sum of `data` over `axis` (the call `node`) when it covers the last axis in a loss."""
        written, channels = axis, self._channels_axis(axis)
        trailing = None if channels else self._trailing_range(axis, data)
        less_one = None if channels or trailing else self._rank_less_one(axis, data)
        several = None if channels or trailing or less_one else self._several_axes(axis)
        axis = -1 if channels or trailing or less_one else max(several) if several else self._axis(axis)
        if not isinstance(axis, int) or axis < -1 or not self._in_loss(node):
            return
        which = f" (the channels axis of channels_last data, line {channels.lineno})" if channels else \
            f" (the axes {self.file.segment(trailing)}, up to the tensor's rank)" if trailing else \
            self._last_axis(axis, data, None if several else node)
        if several and which is not None:
            which = f" (the axes {self.file.segment(written)}, the last among them{which.replace(' (', ': ', 1)[:-1]})"
        if less_one is not None and which is not None:
            which = f" (axis {self.file.segment(less_one)}: the tensor's rank less one)"
        if which is None or self._integer(data) or self._counted(node) or self._conv_form_beside(node) or \
                self._only_shape_used(node) \
                or sized_only(self.file, data):
            return  # (a table of constants and sizes, `transitions = a * tf.eye(n) + b`: computed once, no step's)
        size = self._reduced_size(data, several) if several else self._last_size(data)
        if size is None and not several and axis >= 0:
            size = self._summed_size(data, axis)
        if size == MAYBE1 or isinstance(size, int) and size <= SMALL_AXIS:
            return
        parameter = opt_in(self.file, node)
        if size is None and not several and parameter is None:
            parameter = self._setting_parameter(data)  # (a setting's every value small: no finding)
        spelled = (self.call_name(node) or "sum").rsplit(".", 1)[-1]  # reduce_sum, or Keras's sum
        size_text = f" ({size} elements)" if isinstance(size, int) else ""
        unstated = "" if isinstance(size, int) or size == ELEMENTS else \
            "; the source does not state the axis' size: a sum of a handful (classes, coordinates) has nothing to gain"
        self.report(node, f"{spelled} over the last axis{which}{size_text} in a loss runs on the TPC (vector engine) "
                          f"while the MME may idle{unstated}", fix=Fix(Safety.ADVISORY, REMEDY),
                    parameter=parameter)

    def _setting_parameter(self, data: ast.AST | None) -> Parameter | None:
        """The setting the summed tensor's last axis is as long as (`_size_setting`), as the parameter, the
        hyperparameter or the config field the project's values decide (`passed.judged`: every value known and
        at most `SMALL_AXIS` drops the finding); None when the size is no such setting. A required parameter of a
        function callers outside the project may call (a public class a registry builds from config files, its
        subclass in the project passing `n_classes=2`) takes a value not known here from them."""
        setting = self._size_setting(data)
        found = setting_of(self.file, setting) if setting is not None else None
        if found is None:
            return None
        return Parameter(*found, bad=_large_axis, unknown=Severity.INFO)

    def _size_setting(self, expr: ast.AST | None, depth: int = 0) -> ast.expr | None:
        """The expression the source sizes a tensor's last axis by where that is no literal (a setting): the depth
        of a one-hot, the units of a dense layer, the last element of a reshape's shape or of the shape a tensor
        is made of (`tf.random.normal(shape=(b, self.latent_dim))`), the upper bound of a slice of the last axis
        (`x[..., :n]`), through names, elementwise ops (an operand's, the other broadcasting) and the file's calls
        (`_alternatives`: the same setting from each). None when none or several settings are found."""
        if expr is None or depth > 8:
            return None
        value = self.file.value_of(expr)
        if isinstance(value, ast.Call):
            name = self.call_name(value)
            if name in ONE_HOTS:
                return argument(value, 1, "depth") or argument(value, None, "num_classes")
            width = self._dense_width(value)
            if width is not None:
                return width
            shape = argument(value, *RESHAPE_SHAPES[name]) if name in RESHAPE_SHAPES else \
                argument(value, 0, "shape") if name in SHAPED else None
            if shape is not None:
                shape = self.file.value_of(shape)
                last = shape.elts[-1] if isinstance(shape, (ast.List, ast.Tuple)) and shape.elts else None
                return None if last is None or isinstance(last, ast.Starred) else last
        if isinstance(value, ast.Subscript):
            return self._sliced_setting(value)
        alternatives = self._alternatives(value)
        if alternatives is not None:
            found = [self._size_setting(a, depth + 1) for a in alternatives]
            keys = {ast.dump(f) for f in found if f is not None}
            return found[0] if len(keys) == 1 and None not in found else None
        operands = [value.left, value.right] if isinstance(value, ast.BinOp) and \
            not isinstance(value.op, ast.MatMult) else self._elementwise_operands(value)
        found = [f for f in (self._size_setting(o, depth + 1) for o in operands if o is not value) if f is not None]
        return found[0] if len({ast.dump(f) for f in found}) == 1 else None  # (both operands' the same: it)

    def _sliced_setting(self, value: ast.Subscript) -> ast.expr | None:
        """`x[..., :n]` (or `x[:, :n]` of a tensor the source states is 2-D): `n`, the last axis' size."""
        elements = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
        last = elements[-1]
        if not isinstance(last, ast.Slice) or last.step is not None or last.upper is None or \
                last.lower is not None and self.file.literal(last.lower) != 0 or \
                self.file.literal(last.upper) is not NOT_LITERAL:
            return None
        if not any(isinstance(e, ast.Constant) and e.value is Ellipsis for e in elements[:-1]):
            shape = self.file.shapes.of(value.value)
            if shape is None or shape.rank != len(elements) or any(not isinstance(e, ast.Slice) for e in elements):
                return None
        return last.upper

    def _several_axes(self, axis: ast.AST | None) -> set[int] | None:
        """The axes of a literal list of two or more (`axis=(1, 2, 3)`, `[1, -1]`, also through a name or a
        parameter's default) whose largest is the last when it is -1 or, else, when the source states the rank
        (`_last_axis`): the set with -1 standing for the last, else None. A list with other negative axes
        (`[-2, -1]`'s -2) is read by its -1 alone; one of negatives without -1 never reaches the last; one with
        axis 0 sums the batch too (`(0, 1)` of a matrix: a full reduction, left alone as `range(0, rank)` is)."""
        value = self.file.literal(axis)
        if value is NOT_LITERAL and isinstance(axis, ast.Name):
            value = self.file.parameter_default(axis)
        if not isinstance(value, (list, tuple)) or len(set(value)) < 2 or \
                not all(type(v) is int for v in value):
            return None
        axes = set(value)
        if 0 in axes or min(axes) < 0 and -1 not in axes:
            return None  # (with the batch axis: every axis, a full reduction, as `range(0, rank)`)
        return {-1} if -1 in axes else axes

    def _reduced_size(self, data: ast.AST | None, axes: set[int]):
        """How many elements a sum over `axes` (-1 the last) adds up per result, where the source states every
        reduced axis' size (the product, each axis as `_summed_size` reads it); else None (a grid or a box list
        of unknown length beside a stated last axis of two coordinates is no handful)."""
        if axes == {-1}:
            return None  # (`[-2, -1]`: the other axes are not named by a count from the front)
        total = 1
        for k in axes:
            size = self._summed_size(data, k)
            if not isinstance(size, int):
                return None
            total *= size
        return total

    def _summed_size(self, expr: ast.AST | None, axis: int, depth: int = 0) -> int | None:
        """The size the source states for axis `axis` (counted from the front) of the summed tensor, whatever its
        rank: what the shapes know of that axis (a literal slice at that position, `p[:, :2]`), the pieces a
        `tf.stack` along it stacks (`tf.stack([a, b, c], 1)`: 3), the sizes a `tf.concat` along it adds
        (`tf.expand_dims(x, 1)` pieces: 1 each), through names and elementwise ops (broadcasting: the other
        operand's axis is that size or 1). None when it is not stated."""
        if expr is None or depth > 6 or axis < 0:
            return None
        shape = self.file.shapes.of(expr)
        if shape is not None and type(shape.at(axis)) is int:
            return shape.at(axis)
        value = self.file.value_of(expr)
        if isinstance(value, ast.Call):
            name = self.call_name(value)
            if name in STACKS or name in CONCATS:
                pieces = value.args[0] if value.args else next(
                    (k.value for k in value.keywords if k.arg in ("values", "xs", "tensors", "x")), None)
                pieces = self.file.value_of(pieces) if pieces is not None else None
                along = argument(value, 1, "axis")  # (Keras backend's concatenate joins along -1 by default)
                along = (-1 if name == "keras.backend.concatenate" else 0) if along is None else \
                    self.file.literal(along)
                if not isinstance(pieces, (ast.List, ast.Tuple)) or along != axis or \
                        any(isinstance(e, ast.Starred) for e in pieces.elts):
                    return None
                if name in STACKS:
                    return len(pieces.elts)
                sizes = [self._summed_size(e, axis, depth + 1) for e in pieces.elts]
                return sum(sizes) if sizes and None not in sizes else None
            if name in EXPAND_DIMS:
                return 1 if self.file.literal(argument(value, 1, "axis")) == axis else None
        operands = [value.left, value.right] if isinstance(value, ast.BinOp) and \
            not isinstance(value.op, ast.MatMult) else [value.operand] if isinstance(value, ast.UnaryOp) else \
            self._elementwise_operands(value)
        stated = [s for s in (self._summed_size(o, axis, depth + 1) for o in operands if o is not value) if s is not None
                  and s > 1]
        return stated[0] if stated else None

    def _rank_less_one(self, axis: ast.AST | None, data: ast.AST | None) -> ast.BinOp | None:
        """`len(x.get_shape()) - 1`, `len(x.shape) - 1`, `x.shape.rank - 1`, `x.get_shape().ndims - 1`, `tf.rank(x) -
        1`, `K.ndim(x) - 1` (also through a name: `axis = len(x.shape) - 1`), where `x` is the summed tensor or one it
        is computed of elementwise (`y_true * log(y_pred)` over `len(y_pred.get_shape()) - 1`): its last axis, as
        Keras 2.0's backend spelled it before `axis=-1` (copied into the losses of many projects). The axis, else
        None."""
        value = self.file.value_of(axis) if axis is not None and not isinstance(axis, ast.Constant) else None
        if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Sub) and
                self.file.literal(value.right) == 1 and data is not None):
            return None
        rank = self.file.value_of(value.left)
        return value if any(rank_of(self.file, rank, name) for name in self._operand_names(data)) else None

    def _operand_names(self, expr: ast.AST, depth: int = 0) -> set[str]:
        """The names a tensor is computed of elementwise (`y_true * tf.math.log(y_pred)`: y_true, y_pred), also
        through the names' assignments in the function."""
        if depth > 6:
            return set()
        names: set[str] = set()
        if isinstance(expr, ast.Name):
            names.add(expr.id)
            value = self.file.value_of(expr)
            if value is not expr and value is not None:
                names |= self._operand_names(value, depth + 1)
        elif isinstance(expr, ast.BinOp) and not isinstance(expr.op, ast.MatMult):
            names |= self._operand_names(expr.left, depth + 1) | self._operand_names(expr.right, depth + 1)
        elif isinstance(expr, ast.UnaryOp):
            names |= self._operand_names(expr.operand, depth + 1)
        else:
            for operand in self._elementwise_operands(expr):
                names |= self._operand_names(operand, depth + 1)
        return names

    def _injected_sum(self, node: ast.Call) -> bool:
        """`backend.sum(...)` of a Keras backend the code is handed rather than imports (`backend =
        kwargs["backend"]`): a name the file does not import, bound by assignments only, that the file also reads
        a function only Keras's backend has of (`KERAS_BACKEND_MARKS`: `backend.epsilon()`,
        `backend.image_data_format()`)."""
        func = node.func
        if type(func) is not ast.Attribute or func.attr != "sum" or type(func.value) is not ast.Name or \
                self.call_name(node) is not None:
            return False
        name = func.value.id
        if name not in self._backends:
            parents = self.file.parents
            self._backends[name] = name in self.file.stored_names and name not in self.file.imports.names and \
                name not in self.file.parameter_names and any(
                    type(a := parents.get(load)) is ast.Attribute and a.attr in KERAS_BACKEND_MARKS
                    for load in self.file.name_loads.get(name, ()))
        return self._backends[name]

    def _axis(self, axis: ast.AST | None):
        """The axis' literal value, also a parameter's default (`def f(..., axis=-1)`); one axis in a
        list (`axis=[-1]`) is that axis."""
        value = self.file.literal(axis)
        if value is NOT_LITERAL and isinstance(axis, ast.Name):
            value = self.file.parameter_default(axis)
        if isinstance(value, (list, tuple)) and len(value) == 1:
            value = value[0]
        return None if isinstance(value, bool) else value

    def _channels_axis(self, axis: ast.AST | None) -> ast.IfExp | None:
        """The choice of the channels axis by the data format (`axis = 3 if image_data_format() ==
        "channels_last" else 1`, or its channels_first mirror; `FileContext.in_channels_first_branch` reads the
        test): 1 in channels_first data is the channels axis, so the other value is the channels axis of
        channels_last data, the last axis, whatever the rank (TensorFlow's default layout and Habana's advice:
        the data the code runs with on Gaudi). None for any other axis."""
        choice = self.file.value_of(axis) if axis is not None else None
        if type(choice) is not ast.IfExp:
            return None
        first = [branch for branch in (choice.body, choice.orelse) if self.file.in_channels_first_branch(branch)]
        if len(first) != 1 or self.file.literal(first[0]) != 1:
            return None
        last = self.file.literal(choice.orelse if first[0] is choice.body else choice.body)
        return choice if type(last) is int and (last == -1 or last >= 2) else None

    def _last_axis(self, axis: int, data: ast.AST | None, sum_node: ast.Call | None = None) -> str | None:
        """How the source says `axis` is the tensor's last ("" for -1), or None when it does not; failing the
        tensor's own rank, by the rank a comment states for the sum's result (`_result_rank`)."""
        stated = self.file.shapes.of(data)
        if stated is not None and stated.rank is not None:
            if stated.rank < 2:  # a vector's sum is one dot product, not a row of sums for the MME
                return None
            return "" if axis == -1 else f" (axis {axis} of this {stated.rank}-D tensor)" \
                if axis == stated.rank - 1 else None
        if axis == -1:
            return ""
        derived = self._known_rank(data)  # (the ops that made it: `_op_rank`)
        if derived is not None and (derived != axis + 1 or derived < 2):
            return None
        found = self._stated_last_axis(axis, data, sum_node)
        if found is None and derived is not None:
            return f" (axis {axis} of this {derived}-D tensor, by the ops that made it)"
        return found

    def _stated_last_axis(self, axis: int, data: ast.AST | None, sum_node: ast.Call | None) -> str | None:
        """`_last_axis` by a docstring's, a partner's, a comment's word."""
        documented = self.file.documented_shapes.of(data)
        if documented is None or documented.rank != axis + 1 or documented.rank < 2:
            if axis < 1:
                return None
            partner, commented = self._partner_rank(data), None
            if partner is not None and partner[0] == axis + 1:
                return f" (axis {axis} of this {partner[0]}-D tensor, by the rank of " \
                       f"{self.file.segment(partner[1])} it is computed with elementwise)"
            if partner is None:
                partner = self._use_rank(data)
                if partner is not None and partner[0] == axis + 1:
                    return f" (axis {axis} of this {partner[0]}-D tensor, by the rank of " \
                           f"{self.file.segment(partner[1])} the code combines it with elementwise)"
            if partner is None:
                commented = self._commented_rank(data)
                if commented is not None and commented[0] == axis + 1:
                    return f" (axis {axis} of this {commented[0]}-D tensor, by the rank the comment on line " \
                           f"{commented[1]} states)"
            if partner is None and commented is None and (documented is None or documented.rank is None) and \
                    sum_node is not None:
                result = self._result_rank(sum_node)
                if result is not None and result[0] == axis:
                    return f" (axis {axis} of a {axis + 1}-D tensor: the comment on line {result[1]} states the " \
                           f"{axis}-D result)"
            return None
        words = ", ".join(f"{function}()'s docstring for {parameter}" for function, parameter in
                          self.file.documented_shapes.documented_parameters(data))
        return f" (axis {axis} of this {documented.rank}-D tensor, by the rank stated in {words})"

    def _partner_rank(self, expr: ast.AST | None, depth: int = 0) -> tuple[int, ast.AST] | None:
        """(rank, the tensor that states it) for a tensor of unknown shape computed elementwise with tensors whose
        ranks the source states, when they agree (`pairwise * mask` with `mask` from `tf.linalg.diag` of a vector:
        2-D), also through the names and elementwise ops it is made by: the operands of a mask or weighting
        are made to match (the author's layout; failing the code's and a docstring's word, as a docstring's rank,
        which the message says). Scalars and tensors of unknown shape say nothing; None when no rank is stated
        or two disagree."""
        if expr is None or depth > 6:
            return None
        rank = self._known_rank(expr)
        if rank is not None:
            return (rank, expr) if rank > 0 else None
        value = self.file.value_of(expr)
        if isinstance(value, ast.BinOp) and not isinstance(value.op, ast.MatMult):
            operands = [value.left, value.right]
        elif isinstance(value, ast.UnaryOp):
            operands = [value.operand]
        else:
            operands = self._elementwise_operands(value)
            if not operands and type(expr) is ast.Name:  # (the code does not shape it: its comment's word)
                commented = self._commented_rank(expr)
                return (commented[0], expr) if commented is not None and commented[0] > 0 else None
        found = [r for r in (self._partner_rank(o, depth + 1) for o in operands if o is not value) if r is not None]
        return found[0] if found and len({rank for rank, _ in found}) == 1 else None

    def _known_rank(self, expr: ast.AST | None, depth: int = 0) -> int | None:
        """The rank the source states for a tensor (`tfperf.source.shapes`); failing that, of an embedding lookup
        (`tf.nn.embedding_lookup(table, ids)`: one vector per id, the ids' rank plus the table's less one, a table
        of vectors when the source does not state it: what an embedding is), also held in a `self.<attr>` every
        assignment of which agrees; of a parameter, what every call of its function in the file passes for it, and
        of a call of a function of the file, what its returns give (`_alternatives`), when they agree; failing
        those, the rank the ops that made it imply (`_op_rank`). Memoised per node."""
        if expr is None or depth > MAX_RANK_DEPTH:
            return None
        ranks = self._ranks  # (by the node itself, which it keeps alive: an id of a freed node may be reused)
        if expr not in ranks:
            ranks[expr] = None  # (a cycle through a loop's rebinding ends here)
            ranks[expr] = self._rank(expr, depth)
        return ranks[expr]

    def _rank(self, expr: ast.AST, depth: int) -> int | None:
        shape = self.file.shapes.of(expr)
        if shape is not None and shape.rank is not None:
            return shape.rank
        if type(expr) is ast.Name:
            reaching = self.file.bindings_at(expr)  # (`binding` is the last in the text, maybe another branch's)
            if len(reaching) > 1 or reaching and reaching[0] is not self.file.binding(expr):
                values = [bound.value for bound in reaching]
                ranks = {self._known_rank(v, depth + 1) for v in values} if None not in values else {None}
                return ranks.pop() if len(ranks) == 1 else None
        value = self.file.value_of(expr)
        if isinstance(value, ast.Call) and self.call_name(value) in EMBEDDING_LOOKUPS:
            ids = self._known_rank(argument(value, 1, "ids"), depth + 1)
            table = self.file.shapes.of(argument(value, 0, "params"))
            vector = table.rank - 1 if table is not None and table.rank is not None else 1
            return ids + vector if ids is not None and vector >= 0 else None
        if isinstance(value, ast.Attribute):
            held = self.file.shapes.attribute_values(value)
            ranks = {self._known_rank(v, depth + 1) for v in held}
            return ranks.pop() if len(ranks) == 1 else None
        alternatives = self._alternatives(value) if isinstance(value, (ast.Name, ast.Call)) else None
        if alternatives is not None:
            ranks = {self._known_rank(a, depth + 1) for a in alternatives}
            return ranks.pop() if len(ranks) == 1 else None
        return self._op_rank(value, depth)

    def _op_rank(self, value: ast.AST, depth: int) -> int | None:
        """The rank the op that made a tensor implies, by what the op does, from its inputs' ranks (`_known_rank`):
        a reduction over k stated axes drops k (none with `keepdims`; every one without an axis); `sequence_mask`,
        `one_hot`, `expand_dims` and `stack` add one; a `squeeze` of stated axes drops them; a reshape has as many
        axes as its shape list; `concat`, `transpose`, a Dense, Conv, normalisation or dropout layer keep the rank;
        a gather of a table by ids has the ids' axes and the table's rows' (`tf.gather(params, ids)`); a sparse
        softmax cross-entropy has its labels' rank (the logits' less one), a softmax cross-entropy its logits' less
        one, a sigmoid one its logits'; elementwise ops and arithmetic broadcast to their operands' largest rank
        (every operand's known), a matmul to its operands' (each at least 2-D); a slice keeps the axes it slices,
        loses those an integer picks and gains one per `None`. None where an input's rank is not known."""
        def rank(e: ast.AST | None) -> int | None:
            return self._known_rank(e, depth + 1)
        if isinstance(value, ast.Constant):
            return 0 if type(value.value) in (int, float) else None
        if isinstance(value, ast.UnaryOp):
            return rank(value.operand)
        if isinstance(value, ast.BinOp):
            ranks = [rank(value.left), rank(value.right)]
            if None in ranks:
                return None
            return (max(ranks) if min(ranks) >= 2 else None) if isinstance(value.op, ast.MatMult) else max(ranks)
        if isinstance(value, ast.Subscript):
            return self._sliced_rank(value, depth)
        if not isinstance(value, ast.Call):
            return None
        name = self.call_name(value)
        if name is None or name in KERAS_LAYER_RANKS:
            return self._layer_rank(value, depth)
        if name in RANK_REDUCTIONS:
            source = rank(argument(value, 0, "input_tensor") or argument(value, None, "x"))
            keep_node = argument(value, 2, "keepdims") or argument(value, None, "keep_dims")
            keep = False if keep_node is None else self.file.literal(keep_node)
            axis_node = argument(value, 1, "axis") or argument(value, None, "reduction_indices")
            if keep is not True and keep is not False:
                return None
            if axis_node is None:
                return source if keep else 0
            axes = self.file.literal(axis_node)
            axes = [axes] if type(axes) is int else axes
            if source is None or not isinstance(axes, (list, tuple)) or not all(type(a) is int for a in axes):
                return None
            kept = source if keep else source - len(set(axes))
            return kept if kept >= 0 else None
        if name in RANK_PLUS_ONE:
            source = rank(argument(value, *RANK_PLUS_ONE[name]))
            return None if source is None else source + 1
        if name in RANK_KEPT:
            return rank(argument(value, *RANK_KEPT[name]))
        if name in RANK_SQUEEZES:
            axes = self.file.literal(argument(value, 1, "axis") or argument(value, None, "squeeze_dims"))
            axes = [axes] if type(axes) is int else axes
            source = rank(argument(value, *RANK_SQUEEZES[name]))
            if source is None or not isinstance(axes, (list, tuple)) or not axes or \
                    not all(type(a) is int for a in axes):
                return None  # (no axis: every axis of size 1 goes, which the source may not state)
            return source - len(set(axes)) if source >= len(set(axes)) else None
        if name in STACKS or name in CONCATS:
            pieces = value.args[0] if value.args else next(
                (k.value for k in value.keywords if k.arg in ("values", "xs", "tensors", "x")), None)
            pieces = self.file.value_of(pieces) if pieces is not None else None
            if not isinstance(pieces, (ast.List, ast.Tuple)) or any(isinstance(e, ast.Starred) for e in pieces.elts):
                return None
            ranks = {rank(e) for e in pieces.elts} - {None}  # (every piece has the same shape, or rank)
            if len(ranks) != 1:
                return None
            return ranks.pop() + (1 if name in STACKS else 0)
        if name in RESHAPE_SHAPES:
            shape = argument(value, *RESHAPE_SHAPES[name])
            shape = self.file.value_of(shape) if shape is not None else None
            if isinstance(shape, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in shape.elts):
                return len(shape.elts)
            return None
        if name in RANK_SHAPES:
            return 1
        if name in RANK_SLICES:  # (`tf.slice(x, begin, size)`: one begin per axis)
            begin = argument(value, 1, "begin")
            begin = self.file.value_of(begin) if begin is not None else None
            if isinstance(begin, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in begin.elts):
                return len(begin.elts)
            return rank(argument(value, 0, "input_"))
        if name in RANK_GATHERS:
            table, ids = RANK_GATHERS[name]
            if any(k.arg in ("axis", "batch_dims") for k in value.keywords) or len(value.args) > 2:
                return None  # (a gather along another axis, or batched: not one row per id)
            table, ids = rank(argument(value, 0, table)), rank(argument(value, 1, ids))
            return table - 1 + ids if table is not None and ids is not None and table >= 1 else None
        if name in RANK_SPARSE_XENT:
            labels = rank(argument(value, None, "labels") or (value.args[0] if value.args else None))
            if labels is not None:
                return labels
            logits = rank(argument(value, None, "logits") or (value.args[1] if len(value.args) > 1 else None))
            return logits - 1 if logits is not None and logits >= 1 else None
        if name in RANK_SOFTMAX_XENT or name in RANK_SIGMOID_XENT:
            operands = [argument(value, None, "logits"), argument(value, None, "labels"), *value.args[:2]]
            ranks = {rank(o) for o in operands if o is not None} - {None}
            if len(ranks) != 1:
                return None
            found = ranks.pop()
            return found if name in RANK_SIGMOID_XENT else found - 1 if found >= 1 else None
        if name in MATMULS:
            ranks = [rank(argument(value, 0, "a") or argument(value, None, "x1")),
                     rank(argument(value, 1, "b") or argument(value, None, "x2"))]
            return max(ranks) if None not in ranks and min(ranks) >= 2 else None
        if name in ELEMENTWISE or name in KERAS_BACKEND_ELEMENTWISE:
            args = [a for a in value.args if not isinstance(a, ast.Starred)]
            if name.endswith("where"):
                args = args[1:] if len(args) == 3 else []
            elif name.endswith(("cast", "_like", "stop_gradient", "identity", "softmax")):
                args = args[:1]
            ranks = [rank(a) for a in args]
            return max(ranks) if ranks and None not in ranks else None
        return None

    def _layer_rank(self, call: ast.Call, depth: int) -> int | None:
        """A Keras layer that keeps its input's rank applied to a tensor (`Dense(n)(x)`, `self.proj(x)` with
        `self.proj = Dense(n)`, `layer = Conv2D(..)` then `layer(x)`, `keras.layers.Dense(n, ...)(x)`): the input's
        rank (a Dense layer maps the last axis only; a channels-last conv keeps the layout's rank)."""
        func = call.func
        made = [func] if isinstance(func, ast.Call) else self.file.shapes.attribute_values(func) \
            if isinstance(func, ast.Attribute) else [self.file.value_of(func)] if isinstance(func, ast.Name) else []
        if not call.args or not made or not all(
                isinstance(m, ast.Call) and self.call_name(m) in KERAS_LAYER_RANKS for m in made):
            return None
        return self._known_rank(call.args[0], depth + 1)

    def _sliced_rank(self, sub: ast.Subscript, depth: int) -> int | None:
        """`x[:, :-1]`, `x[..., 0]`, `x[:, None]` of a tensor of known rank: a slice keeps its axis, an integer
        index drops one, `None` adds one, `...` stands for the rest (`tf.shape(x)[0]`: a scalar)."""
        elements = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
        if any(isinstance(e, ast.Starred) for e in elements):
            return None
        source = self._known_rank(sub.value, depth + 1)
        if source is None:
            return None
        ellipses = sum(1 for e in elements if isinstance(e, ast.Constant) and e.value is Ellipsis)
        new = sum(1 for e in elements if isinstance(e, ast.Constant) and e.value is None)
        picked = [e for e in elements if not isinstance(e, (ast.Slice, ast.Constant)) or
                  isinstance(e, ast.Constant) and e.value not in (None, Ellipsis)]
        consumed = len(elements) - new - ellipses
        if ellipses > 1 or consumed > source or not all(type(self.file.literal(e)) is int for e in picked):
            return None  # (an index that is no integer: a mask or a fancy index, whose rank is not known here)
        return source - len(picked) + new

    def _use_rank(self, expr: ast.AST | None) -> tuple[int, ast.AST] | None:
        """(rank, the tensor that states it) for a name of unknown rank that the code elsewhere combines
        elementwise with tensors whose ranks the source states (`_partner_rank`), when they agree: `pos_mask`
        summed over axis 1, and also multiplied by the `[B, B]` `negexpd` (a mask and what it masks share a
        layout, as `_partner_rank` reads the operands a tensor is made of). The reads the same binding reaches."""
        if type(expr) is not ast.Name:
            return None
        bound = self.file.binding(expr)
        if bound is None or bound.stmt is None or bound.value is None:
            return None
        found = []
        for read in self.file.reaching_reads(bound.stmt, expr.id):
            if read is expr:
                continue
            parent = self.file.parent(read)
            if isinstance(parent, ast.BinOp) and not isinstance(parent.op, ast.MatMult):
                partners = [parent.right if parent.left is read else parent.left]
            elif isinstance(parent, ast.Call) and read in self._elementwise_operands(parent):
                partners = [o for o in self._elementwise_operands(parent) if o is not read]
            else:
                continue
            found += [(r[0], p) for p in partners if (r := self._partner_rank(p)) is not None]
        return found[0] if found and len({rank for rank, _ in found}) == 1 else None

    def _commented_rank(self, expr: ast.AST | None) -> tuple[int, int] | None:
        """(rank, line) a comment states for the value a name is assigned: a comment-only line right above the
        assignment, or the one ending it, that is only a shape (`# [batch_size, n_points, dims]`, `# shape: (B, D)`,
        the last of `# [B, T] -> [B, T, D]`) or says `# 2D tensor` (`2-D array`, `3D matrix`): the author's word, as
        a docstring's (`tfperf.source.docstrings`), where the code states no rank."""
        if type(expr) is not ast.Name:
            return None
        bound = self.file.binding(expr)
        return self._assignment_rank(bound.stmt if bound is not None else None)

    def _result_rank(self, node: ast.Call) -> tuple[int, int] | None:
        """(rank, line) a comment states for what a sum over one axis without `keepdims` gives, assigned whole to a
        name (`input_energy = K.sum(input_energy * y_true, 2)  # (B, T)`): the summed tensor has one axis more, so
        axis `rank` is its last."""
        if argument(node, 2, "keepdims") is not None or argument(node, None, "keep_dims") is not None:
            return None
        stmt = self.file.statement_of(node)
        value = stmt.value if isinstance(stmt, ast.Assign) else None
        if isinstance(value, ast.UnaryOp):
            value = value.operand
        return self._assignment_rank(stmt) if value is node else None

    def _assignment_rank(self, stmt: ast.AST | None) -> tuple[int, int] | None:
        """(rank, line) the comment on an assignment of one name states (`_commented_rank`)."""
        if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or type(stmt.targets[0]) is not ast.Name:
            return None
        comments = []
        above = self.file.line_text(stmt.lineno - 1).strip() if stmt.lineno > 1 else ""
        if above.startswith("#"):
            comments.append((above[1:], stmt.lineno - 1))
        last = self.file.line_text(stmt.end_lineno or stmt.lineno)
        if "#" in last:
            comments.append((last.rsplit("#", 1)[1], stmt.end_lineno or stmt.lineno))
        ranks = {(rank, line) for text, line in comments if (rank := _stated_rank(text)) is not None}
        return ranks.pop() if len({rank for rank, _ in ranks}) == 1 and len(ranks) == 1 else None

    def _in_loss(self, node: ast.AST, targets: bool = True) -> bool:
        """The sum is part of a loss: assigned to a `*loss*` name; or in a loss (a function or class named for
        one, a module of losses) unless its value provably reaches neither what the function returns nor a loss
        (`_flow` NOWHERE: an EMA update's normaliser feeding only a variable's assign); or, outside any loss, the
        target of one: a value the file's code hands through `tf.stop_gradient` to a loss call as its `labels=`
        (`_flow` LOSS with `target`), also through the returns of the file's functions (Rainbow's projected target
        distribution). (A value only stopped on its way to a loss is no target: a straight-through estimator.)
        Elsewhere, a sum whose value reaches a `*loss*` name or attribute or a loss call through ops with a gradient
        (`_flow` LOSS, strict), or is returned by a helper whose calls do (`_feeds_loss`) or as a model's scores
        (`_scores`)."""
        if self._to_loss_name(node):
            return True
        if self._loss_context(node):
            return self._flow(node, set()) is not NOWHERE
        if targets and self._flow(node, set(), target=True) is LOSS:
            return True
        flow = self._flow(node, set(), strict=True)
        if flow is LOSS:
            return True
        scope = self.file.scope_of(node)  # (a trailing-axes helper is reported where a loss calls it: `end`)
        if scope in self._trailing or flow is not RETURNED:
            return False
        return self._feeds_loss(scope, position=self._return_position(node, scope)) or self._scores(node, scope)

    def _scores(self, node: ast.AST, function: ast.AST) -> bool:
        """A Keras layer's or model's `call` that returns the sum, through elementwise ops and reshapes only (the
        scores or logits themselves, not a feature more layers take: `pos_logits = tf.reduce_sum(pos_emb * seq_emb,
        -1)`), where the class calls itself (`self(inp, training=True)`: Keras runs `call`) and that value goes into
        a loss (`loss = loss_function(pos_logits, ...)` in its training step)."""
        if not (isinstance(function, ast.FunctionDef) and function.name == "call") or \
                self._flow(node, set(), strict=True, direct=True) is not RETURNED:
            return False
        owner = self.file.parent(function)
        if not isinstance(owner, ast.ClassDef):
            return False
        if self._calls_itself_into_loss(owner):
            return True
        # (a subclass's `call`: a project base that does, `class SSEPT(SASREC)` of SASREC's training loop)
        todo = [name for base in owner.bases if (name := self.file.def_of(base)) is not None]
        seen: set[str] = set()
        while todo and len(seen) < 8:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            base = self.file.defs.get(name)
            if isinstance(base, ast.ClassDef) and self._calls_itself_into_loss(base) or \
                    base is None and self.file.project.first(SELF_LOSS, name):
                return True
            todo += list(self.file.project.query(STEP_BASE, name))
        return False

    def _calls_itself_into_loss(self, owner: ast.ClassDef) -> bool:
        """The class's code calls the instance (`self(inp, training=True)`) and hands that value to a loss."""
        if owner not in self._self_calls:
            calls = [n for n in walk_nodes(owner) if type(n) is ast.Call and
                     type(n.func) is ast.Name and n.func.id == "self"][:MAX_CALLS]
            self._self_calls[owner] = any(self._flow(call, set(), strict=True) is LOSS for call in calls)
        return self._self_calls[owner]

    def _return_position(self, node: ast.AST, function: ast.AST) -> tuple[int, int] | None:
        """(index, length) when the function returns a tuple literal of that length at every return, and the sum's
        value goes there only as the item at that index: the sum itself (`return rgb, tf.reduce_sum(w * z, -1)`),
        or a name it is assigned to whole whose every read is that item of a return (`depth = tf.reduce_sum(..)`
        ... `return rgb, depth`). None otherwise."""
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        returns = self.file.returns_of(function)
        if not returns or any(type(r.value) is not ast.Tuple for r in returns) or \
                len({len(r.value.elts) for r in returns}) != 1:
            return None
        length = len(returns[0].value.elts)
        tuples = {id(r.value) for r in returns}
        parent = self.file.parent(node)
        if type(parent) is ast.Tuple and id(parent) in tuples:
            return parent.elts.index(node), length
        stmt = parent
        if not (type(stmt) is ast.Assign and stmt.value is node and len(stmt.targets) == 1 and
                type(stmt.targets[0]) is ast.Name):
            return None
        indices = set()
        for read in self.file.reaching_reads(stmt, stmt.targets[0].id):
            held = self.file.parent(read)
            if type(held) is not ast.Tuple or id(held) not in tuples:
                return None  # (read elsewhere too: it may reach another item)
            indices.add(held.elts.index(read))
        return (indices.pop(), length) if len(indices) == 1 else None

    def _feeds_loss(self, function: ast.AST, depth: int = 0, position: tuple[int, int] | None = None) -> bool:
        """What the function returns reaches a loss where the file calls it: a call's value (`_flow`, through
        differentiable ops only: `_no_gradient`) goes into a `*loss*` name or a loss call (`huber_loss(td_errors)`),
        or is returned by a loss (`return crf_nll(y_true, y_pred)` in `crf_loss`), or by a function whose own
        result does so (up to 3 calls deep: `energy = self.get_energy(..)` in the negative log-likelihood the
        loss returns). A helper's sum is then part of the minimised value, as one written in the loss. Not a helper
        whose result the loss only reads through an op without a gradient (a matching cost's argmin, an index,
        `stop_gradient`, numpy): that value is not minimised; nor one only a metric or a decoder's output takes."""
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or depth > 3:
            return False
        key = ("feeds", function, position)
        if key in self._contexts:
            return self._contexts[key]
        self._contexts[key] = False  # (recursion through the function itself: not by this path)
        found = False
        for call in self._helper_calls(function):
            item = self._unpacked(call, position)
            if item is not None:  # (only the returned item the sum is goes on: `rgb, _ = self.render(x)`)
                flow = _joined([self._flow(read, set(), strict=True)
                                for read in self.file.reaching_reads(self.file.parent(call), item.id)]) \
                    if item.id != "_" else NOWHERE
            else:
                flow = self._flow(call, set(), strict=True)
            if flow is LOSS or flow is RETURNED and (self._loss_context(call) or
                                                     self._feeds_loss(self.file.scope_of(call), depth + 1)):
                found = True
                break
        self._contexts[key] = found
        return found

    def _unpacked(self, call: ast.Call, position: tuple[int, int] | None) -> ast.Name | None:
        """The name a call's statement unpacks the returned tuple's item at `position` into (`a, _, c = f(x)`),
        when the statement unpacks the call whole into as many names; else None."""
        stmt = self.file.parent(call)
        if position is None or type(stmt) is not ast.Assign or len(stmt.targets) != 1:
            return None
        target = stmt.targets[0]
        if type(target) not in (ast.Tuple, ast.List) or len(target.elts) != position[1] or \
                not all(type(e) is ast.Name for e in target.elts):
            return None
        return target.elts[position[0]]

    def _helper_calls(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
        """The file's calls of a function it only calls (`_only_called`): by name, as `self.f(..)`, and for a method
        whose name no other function of the file has, as `obj.f(..)` on any object (`crf.get_negative_log_likelihood
        (..)` of the layer class the file defines), when every read of that attribute in the file calls it."""
        calls = list(self._calls_of(function)) if self._only_called(function) else []
        if not isinstance(self.file.parent(function), ast.ClassDef):
            return calls[:MAX_CALLS]
        if self._methods is None:
            self._methods = Counter(n.name for n in self.file.qualnames
                                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))
        if self._methods.get(function.name) != 1:
            return calls[:MAX_CALLS]
        reads = [n for n in self.file.calls if isinstance(n.func, ast.Attribute) and n.func.attr == function.name
                 and not (isinstance(n.func.value, ast.Name) and n.func.value.id in ("self", "cls"))]
        return (calls + reads)[:MAX_CALLS]

    def _gradless(self, parent: ast.AST, child: ast.AST) -> bool:
        """`parent` takes `child` through an op no gradient passes: `tf.stop_gradient`, an arg-reduction or sort
        (`argmin`, `argmax`, `argsort`, `top_k`'s indices), a comparison, a gather's indices, `where`'s condition,
        numpy or scipy or a Python callback
        (`linear_sum_assignment`, `.numpy()`): what it yields is not differentiated."""
        if isinstance(parent, ast.Attribute):
            return parent.attr == "numpy"
        if isinstance(parent, ast.Compare):
            return True
        if not isinstance(parent, ast.Call) or child is parent.func:
            return False
        name = self.call_name(parent) or ""
        short = name.rsplit(".", 1)[-1]
        if short in ("gather", "gather_nd", "batch_gather") and (
                len(parent.args) > 1 and child is parent.args[1] or
                any(k.value is child and k.arg == "indices" for k in parent.keywords)):
            return True  # (the indices a gather reads at: positions, no gradient)
        if short == "where" and (parent.args and child is parent.args[0] or
                                 any(k.value is child and k.arg == "condition" for k in parent.keywords)):
            return True  # (the condition `where` picks by)
        return name in STOP_GRADIENTS or short in NO_GRADIENT or name.split(".", 1)[0] in ("numpy", "scipy")

    def _to_loss_name(self, node: ast.AST) -> bool:
        """The statement around `node` assigns a `*loss*` name."""
        stmt = self.file.statement_of(node)
        if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            return any(_loss_target(t) for t in targets)
        return False

    def _loss_context(self, node: ast.AST) -> bool:
        """In a function or class named for a loss, a `keras.losses.Loss` subclass, or a function of a module of
        losses. Memoised by the scope `node` is in (its functions and classes are the scope and those around it)."""
        scope = self.file.scope_of(node)
        found = self._contexts.get(scope)
        if found is None:
            found = self._contexts[scope] = self._in_loss_scope(scope)
        return found

    def _in_loss_scope(self, scope: ast.AST) -> bool:
        """The innermost def that says decides: a loss by its name or base; a metric (a class of a `*Metric`
        base, `keras.metrics.Metric`; a function whose every return is a dict of named means, `{"epe":
        tf.reduce_mean(epe), ...}`) is none, even in a module of losses."""
        in_function = False
        for anc in (scope, *self.file.ancestors(scope)):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if LOSS_WORDS & set(tokens(anc.name)):
                    return not self._distribution_statistic(anc)
                if self._returns_means(anc):
                    return False
                in_function = True
            if isinstance(anc, ast.ClassDef):
                if base_context(anc.bases) == "eval":
                    return False
                if any(self.qualified(b) in LOSS_BASES for b in anc.bases) or LOSS_WORDS & set(tokens(anc.name)):
                    return True
        return in_function and self._loss_module

    def _distribution_statistic(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """`entropy()` (also `_entropy`) of a probability distribution class: one that samples (it or a base of the
        file defines `sample`, `_sample` or `_sample_n`) or derives from a distributions module's class
        (`tfp.distributions.Categorical`). The distribution's own statistic over its event axis (a policy's
        actions), which a loss may read as one term among others, as metrics and exploration do: the word names
        a loss in a function of its own (`entropy_loss`, `softmax_cross_entropy`), not in this method."""
        if set(tokens(function.name)) != {"entropy"}:
            return False
        owner = self.file.parent(function)
        if not isinstance(owner, ast.ClassDef):
            return False
        for base in owner.bases:
            if ".distributions." in f".{self.qualified(base) or ''}.":
                return True
        return any(self._method_of(owner, name) is not None for name in SAMPLERS)

    def _returns_means(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """Every return of the function gives a dict literal (also through a name) of means under string keys no
        loss word names (`{"epe": tf.reduce_mean(epe), "1px": tf.reduce_mean(under1)}`): a metric's report."""
        returns = self.file.returns_of(function)
        if not returns:
            return False
        for stmt in returns:
            value = self.file.value_of(stmt.value) if stmt.value is not None else None
            if not isinstance(value, ast.Dict) or not value.keys:
                return False
            for key, item in zip(value.keys, value.values):
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)) or \
                        LOSS_WORDS & set(tokens(key.value)):
                    return False
                if not (isinstance(item, ast.Call) and self.call_name(item) in MEANS):
                    return False
        return True

    def _flow(self, node: ast.AST, seen: set, depth: int = 0, target: bool = False, stopped: bool = False,
              strict: bool = False, direct: bool = False):
        """Where the value of the expression `node` goes, through the names its function binds it to (the reads
        each binding reaches) and, with `target`, the returns of the file's functions to their calls: LOSS (a
        `*loss*` name or a loss call; with `target` only a loss call's `labels=` reached through `tf.stop_gradient`:
        `softmax_cross_entropy_with_logits(labels=tf.stop_gradient(t))`), RETURNED (what the function returns), NOWHERE (only
        into a `with` item: `tf.control_dependencies([update])`, a condition, a summary, names never read) or
        UNKNOWN (anything else: an attribute, a call the code makes for its effect...). With `strict`, a value
        that goes through an op no gradient passes (`_gradless`) goes NOWHERE: a loss reading it does not minimise it.
        With `direct`, one that goes through any call but an elementwise op or a reshape (a layer, a matmul) is
        UNKNOWN: what is returned is then another tensor, not the value."""
        if depth > MAX_FLOW:
            return UNKNOWN
        child, parent = node, self.file.parent(node)
        while parent is not None and not isinstance(parent, ast.stmt):
            if strict and self._gradless(parent, child):
                return NOWHERE
            if direct and (isinstance(parent, ast.Call) and self.call_name(parent) not in DIRECT or
                           isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.MatMult)):
                return UNKNOWN
            if isinstance(parent, ast.Call) and child is not parent.func:
                name = self.call_name(parent)
                if name in STOP_GRADIENTS:
                    stopped = True
                elif name is not None and LOSS_WORDS & set(tokens(name.rsplit(".", 1)[-1])) and (not target or stopped and any(
                        kw is child and kw.arg in TARGET_KEYWORDS for kw in parent.keywords)):
                    return LOSS
            if isinstance(parent, ast.withitem):
                return NOWHERE
            if isinstance(parent, (ast.Lambda, ast.comprehension)):
                return UNKNOWN
            child, parent = parent, self.file.parent(parent)
        stmt = parent
        if isinstance(stmt, ast.Return):
            return self._returned(stmt, seen, depth, stopped) if target else RETURNED
        if isinstance(stmt, (ast.If, ast.While)) and child is stmt.test:
            return NOWHERE
        if isinstance(stmt, ast.Expr):
            return self._effect(stmt, child, seen, depth, target, stopped, strict)
        if not isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)) or child is not stmt.value:
            return UNKNOWN
        names = []
        for t in stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]:
            if isinstance(t, ast.Attribute) and _loss_target(t):
                return UNKNOWN if target else LOSS  # (`self.forward_loss = ...`, `self.loss += ...`: a model's loss)
            elts = t.elts if isinstance(t, (ast.Tuple, ast.List)) else [t]
            if not all(isinstance(e, ast.Name) for e in elts):
                return UNKNOWN  # `self.x = ...`, `d[k] = ...`: held where the source does not follow
            names += [e.id for e in elts]
        if (all if strict and len(names) > 1 else any)("loss" in n.lower() for n in names):
            return UNKNOWN if target else LOSS  # (strict: `codes, e_loss = vq(x)` puts the value in one name or the other)
        found = []
        for name in names:
            if (id(stmt), name) in seen:
                continue
            seen.add((id(stmt), name))
            found += [self._flow(read, seen, depth + 1, target, stopped, strict, direct)
                      for read in self.file.reaching_reads(stmt, name)]
        return _joined(found)

    def _effect(self, stmt: ast.Expr, child: ast.AST, seen: set, depth: int, target: bool, stopped: bool,
                strict: bool = False):
        """A statement called for its effect: a summary (NOWHERE), `losses.append(x)` (as the list), else UNKNOWN."""
        call = stmt.value
        name = self.call_name(call) or ""
        if name.startswith(SUMMARIES):
            return NOWHERE
        func = call.func if isinstance(call, ast.Call) else None
        if isinstance(func, ast.Attribute) and func.attr in ("append", "extend") and isinstance(func.value, ast.Name):
            if "loss" in func.value.id.lower():
                return UNKNOWN if target else LOSS
            if (id(stmt), func.value.id) in seen:
                return NOWHERE
            seen.add((id(stmt), func.value.id))
            return _joined([self._flow(read, seen, depth + 1, target, stopped, strict)
                            for read in self.file.reaching_reads(stmt, func.value.id)])
        return UNKNOWN

    def _returned(self, stmt: ast.Return, seen: set, depth: int, stopped: bool):
        """A target's value returned: where each call of the function in the file takes it (UNKNOWN when the
        function is handed on, or nothing in the file calls it)."""
        function = self.file.scope_of(stmt)
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or id(function) in seen:
            return UNKNOWN
        key = (function, stopped)
        if key not in self._returns:
            seen.add(id(function))
            calls = self._calls_of(function) if self._only_called(function) else []
            self._returns[key] = UNKNOWN if not calls or len(calls) > MAX_CALLS else \
                _joined([self._flow(call, seen, depth + 1, True, stopped) for call in calls])
        return self._returns[key]

    @cached_property
    def _mentions_loss(self) -> bool:
        """The file's text names a loss somewhere (a loss context needs a name with one of `LOSS_WORDS`)."""
        text = self.file.text.lower()
        return any(word in text for word in ("loss", "entropy", "hinge", "divergence", "penalty"))

    @cached_property
    def _loss_module(self) -> bool:
        """The file is a module or package of losses (`losses.py`, `softnn_loss.py`, `losses/utils.py`)."""
        parts = (self.file.module or os.path.splitext(os.path.basename(self.file.path))[0]).split(".")
        return any(LOSS_MODULE_WORDS & set(tokens(part)) for part in parts)

    def _last_size(self, expr: ast.AST | None, depth: int = 0):
        """The size of the tensor's last axis the source states: in the code, else by the rank a
        docstring states (`body_output: ... shape [batch, seqlen, 1, hidden]`, then `dense(body_output,
        n)[:, :, :, :4]`: the author's word, enough to stay quiet in an info rule). Through elementwise
        ops with a tensor of unknown shape (`one_hot(labels, depth=2) * log_probs`, `exp(x / t)`): an
        operand's stated size above 1 (broadcasting: the other's is it, or 1, for the op to run).
        Within the file, also through the functions the code calls (`_alternatives`): a parameter
        is what every call of its function in the file passes, a call of a function of the file what
        each of its returns gives, `a if c else b` either; the size when every one of them states it
        (the largest), else unknown."""
        if expr is None or depth > 8:
            return None
        key = id(expr)
        if key not in self._sizes:
            self._sizes[key] = None  # (a cycle through recursive calls ends here: unknown)
            self._sizes[key] = self._stated_last_size(expr, depth)
        return self._sizes[key]

    def _stated_last_size(self, expr: ast.AST, depth: int):
        for inference in (self.file.shapes, self.file.documented_shapes):
            shape = inference.of(expr)
            if shape is not None and shape.at(-1) is not None:
                return shape.at(-1)
        if self._documented_actions(expr):
            return ACTION_COUNT
        value = self.file.value_of(expr)
        if isinstance(value, ast.Call) and self.call_name(value) in ARANGES and len(value.args) == 1 and \
                all(k.arg == "dtype" for k in value.keywords):  # (`softmax(bins) * arange(16)`: a sum of 16 bins)
            count = self._count(value.args[0], depth + 1)
            if count is not None:
                return count
        if isinstance(value, ast.Call) and self.call_name(value) in ONE_HOTS:  # a depth the literals do not give
            return self._count(argument(value, 1, "depth") or argument(value, None, "num_classes"), depth + 1)
        width = self._dense_width(value)
        if width is not None:  # (`tf.layers.dense(h, ac_space.shape[0])`: the policy's actions)
            count = self._count(width, depth + 1)
            if count is not None:
                return count
        alternatives = self._alternatives(value)
        if alternatives is not None:
            sizes = [self._last_size(a, depth + 1) for a in alternatives]
            if not sizes or None in sizes:
                return None
            if ELEMENTS in sizes:
                return ELEMENTS
            numbers = [s for s in sizes if isinstance(s, int)]
            return max(numbers) if numbers else MAYBE1
        operands = [value.left, value.right] if isinstance(value, ast.BinOp) and \
            not isinstance(value.op, ast.MatMult) else self._elementwise_operands(value)
        stated = [s for s in (self._last_size(o, depth + 1) for o in operands) if isinstance(s, int) and s > 1]
        return stated[0] if stated else None

    def _documented_actions(self, expr: ast.AST) -> bool:
        """`expr` is a parameter whose docstring entry's shape names its last dimension for the agent's actions
        (`ACTION_DIM_WORDS`: `a_max: ... shape [B, action_dimension]`)."""
        if type(expr) is not ast.Name:
            return False
        bound = self.file.binding(expr)
        function = parameter_owner(self.file, expr) if bound is not None and bound.stmt is None else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        dims = documented_dim_names(function).get(expr.id)
        return bool(dims) and bool(ACTION_DIM_WORDS & set(tokens(dims[-1])))

    def _dense_width(self, value: ast.AST) -> ast.expr | None:
        """The width a dense layer gives the last axis of its output: `units` of `tf.layers.dense(x, units)`, of
        `Dense(units)(x)`; None for anything else."""
        if not isinstance(value, ast.Call):
            return None
        name = self.call_name(value)
        if name in FUNCTIONAL_DENSES:
            return argument(value, *FUNCTIONAL_DENSES[name])
        layer = value.func
        if isinstance(layer, ast.Call) and self.call_name(layer) in DENSES:
            return argument(layer, 0, "units")
        return None

    def _action_space_size(self, value: ast.AST | None, depth: int = 0) -> bool:
        """`action_space.n`, `self.ac_space.shape[0]` (also `[-1]`, in `int()`, through names), a `MultiDiscrete`
        space's `ac_space.nvec`: the size of an environment's action space by Gym's Space API (`ACTION_SPACE_WORDS`)."""
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "int" and \
                len(value.args) == 1 and self.file.names_nothing("int") and depth < 4:
            return self._action_space_size(self.file.value_of(value.args[0]), depth + 1)
        if isinstance(value, ast.Subscript) and self.file.literal(value.slice) in (0, -1) and \
                isinstance(value.value, ast.Attribute) and value.value.attr == "shape":
            space = value.value.value
        elif isinstance(value, ast.Attribute) and value.attr in ("n", "nvec"):
            space = value.value
        else:
            return False
        spelled = space.attr if isinstance(space, ast.Attribute) else space.id if isinstance(space, ast.Name) else ""
        words = tuple(tokens(spelled))
        return any(words[-len(w):] == w for w in ACTION_SPACE_WORDS)

    def _elementwise_operands(self, value: ast.AST) -> list[ast.expr]:
        """The tensors an elementwise call broadcasts together (`where`'s two branches, not its condition)."""
        if not isinstance(value, ast.Call) or self.call_name(value) not in ELEMENTWISE:
            return []
        if self.call_name(value).endswith("where"):
            return value.args[1:3] if len(value.args) == 3 else []
        return value.args[:2]

    def _count(self, expr: ast.AST | None, depth: int) -> int | None:
        """A count the file states (a one-hot's depth): a literal (also through names), `len()` of a list it
        states (`_length`), and through the file's calls as `_alternatives` (the largest: every one must be
        stated), as `num_labels=len(label_list)` handed to the function that makes the one-hot."""
        if expr is None or depth > 8:
            return None
        literal = self.file.literal(expr)
        if type(literal) is int:
            return literal
        value = self.file.value_of(expr)
        if self._action_space_size(value):
            return ACTION_COUNT
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "len" and \
                len(value.args) == 1 and not value.keywords and self.file.names_nothing("len"):
            return self._length(value.args[0])
        alternatives = self._alternatives(value, numbers=True)
        counts = [self._count(a, depth + 1) for a in alternatives or ()]
        return max(counts) if counts and None not in counts else None

    def _length(self, expr: ast.AST) -> int | None:
        """The length of a list the file states: a list or tuple literal (through names), or what a method
        returns called on an object of a class of the file, when every return of it (in each class the
        object may be: `processors[task]()` of a dict of classes) is such a literal (`get_labels()`); for a
        class of another module of the project, what that module exports (`LIST_LENGTH`, the method's own)."""
        value = self.file.value_of(expr)
        if isinstance(value, (ast.List, ast.Tuple)):
            return None if any(isinstance(e, ast.Starred) for e in value.elts) else len(value.elts)
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and
                isinstance(value.func.value, ast.Name)):
            return None
        made = self.file.value_of(value.func.value)
        if not isinstance(made, ast.Call):
            return None
        kinds = made.func
        if isinstance(kinds, ast.Subscript):  # `processors[task_name]()`: one of a dict's classes
            table = self.file.value_of(kinds.value) if isinstance(kinds.value, ast.Name) else None
            if not isinstance(table, ast.Dict) or not table.values:
                return None
            kinds = table.values
        else:
            kinds = [kinds]
        lengths = []
        for kind in kinds:
            qualname = self.file.def_of(kind) if isinstance(kind, (ast.Name, ast.Attribute)) else None
            if qualname is not None and qualname not in self.file.defs:  # a class of another module of the project
                length = self.file.project.first(LIST_LENGTH, f"{qualname}.{value.func.attr}")
                if type(length) is not int:
                    return None
                lengths.append(length)
                continue
            method = self._method_of(kind, value.func.attr)
            returns = [r.value for r in self.file.returns_of(method)] if method is not None else []
            if not returns or not all(isinstance(r, (ast.List, ast.Tuple)) and
                                      not any(isinstance(e, ast.Starred) for e in r.elts) for r in returns):
                return None
            lengths += [len(r.elts) for r in returns]
        return max(lengths) if lengths else None

    def _method_of(self, kind: ast.AST, name: str, depth: int = 0) -> ast.FunctionDef | None:
        """The method `name` of the file's class `kind` names (or is), or of the first of its bases (in the file)
        that has it."""
        if isinstance(kind, ast.ClassDef):
            cls = kind
        else:
            qualname = self.file.def_of(kind) if isinstance(kind, (ast.Name, ast.Attribute)) and depth < 8 else None
            cls = self.file.defs.get(qualname) if qualname is not None else None
        if not isinstance(cls, ast.ClassDef):
            return None
        for stmt in cls.body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
                return stmt
        for base in cls.bases:
            method = self._method_of(base, name, depth + 1)
            if method is not None:
                return method
        return None

    def _alternatives(self, value: ast.AST, numbers: bool = False) -> list[ast.expr] | None:
        """What an expression the shapes do not see into may be, within the file: either branch of `a if c else
        b` (not a number, unless `numbers`: a scalar broadcasts); for a parameter, what each call of its function in the file
        passes for it (None when a call leaves it out or hides it in `*args`, or nothing in the file calls it);
        for a call of a function of the file, what each of its returns gives. None: not such an expression."""
        if isinstance(value, ast.IfExp):
            return [value.body, value.orelse] if numbers else [b for b in (value.body, value.orelse) if not number_literal(b)]
        if isinstance(value, ast.Name):
            bound = self.file.binding(value)
            function = parameter_owner(self.file, value) if bound is not None and bound.stmt is None else None
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return None
            if not self._only_called(function):
                return None
            passed = []
            calls = self._calls_of(function)
            if len(calls) > MAX_CALLS:
                return None
            for call in calls:
                argument_ = self._passed(function, call, value.id)
                if argument_ is None:
                    return None
                passed.append(argument_)
            return passed or None
        if isinstance(value, ast.Call):
            name = self.file.def_of(value.func)
            function = self.file.defs.get(name) if name is not None else None
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                returns = [r.value for r in self.file.returns_of(function)]
                return returns if returns and None not in returns else None
        return None

    def _calls_of(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.Call]:
        """The file's calls of one of its functions, by its name or as `self.<method>(...)`."""
        if self._callers is None:
            self._callers = {}
            for call in self.file.calls:
                if isinstance(call.func, ast.Name) or isinstance(call.func, ast.Attribute) and \
                        isinstance(call.func.value, ast.Name) and call.func.value.id in ("self", "cls"):
                    name = self.file.def_of(call.func)
                    if name is not None:
                        self._callers.setdefault(name, []).append(call)
        return self._callers.get(self.file.qualnames.get(function), [])

    def _only_called(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """Nothing in the file hands the function on (a callback, `compile(loss=f)`, `map_fn(self.f, ..)`),
        where others would call it with what the file does not show: every read of its name calls it."""
        if function in self._only:
            return self._only[function]
        owner = self.file.parent(function)
        if isinstance(owner, ast.Module):
            reads = self.file.name_loads.get(function.name, [])
        elif isinstance(owner, ast.ClassDef):
            if owner not in self._attribute_reads:
                table = self._attribute_reads[owner] = {}
                for n in walk_nodes(owner):
                    if isinstance(n, ast.Attribute):
                        table.setdefault(n.attr, []).append(n)
            reads = self._attribute_reads[owner].get(function.name, [])
        else:
            reads = None
        found = self._only[function] = reads is not None and all(
            isinstance(call := self.file.parent(r), ast.Call) and call.func is r for r in reads)
        return found

    def _passed(self, function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, name: str) -> ast.expr | None:
        """What a call passes for a parameter (a method called as `self.f(...)` binds its first to self)."""
        names = positional_names(function)
        if isinstance(call.func, ast.Attribute) and names:
            names = names[1:]
        position = names.index(name) if name in names else None
        return argument(call, position, name)

    def _integer(self, data: ast.AST | None) -> bool:
        """A sum of integers (`tf.cast(mask, tf.int32)`): a count, not a float reduction."""
        data = self.file.value_of(data) if data is not None else None
        if isinstance(data, ast.Call) and self.call_name(data) in CASTS:
            dtype = argument(data, 1, "dtype")
            name = self.qualified(dtype) if dtype is not None else None
            literal = self.file.literal(dtype) if dtype is not None else None
            return (name or "").rsplit(".", 1)[-1] in INTEGER_DTYPES or literal in INTEGER_DTYPES
        return False

    def _counted(self, node: ast.Call) -> bool:
        """`tf.cast(tf.expand_dims(tf.reduce_sum(mask, -1), 1), tf.float32)`, `tf.to_float(...)`: the sum's result
        (through ops that only reshape it) is cast to a float, so what it sums is not one: a count of a mask."""
        child, parent = node, self.file.parent(node)
        while isinstance(parent, ast.Call) and parent.args and parent.args[0] is child and \
                self.call_name(parent) in RESHAPES:
            child, parent = parent, self.file.parent(parent)
        if not (isinstance(parent, ast.Call) and parent.args and parent.args[0] is child):
            return False
        name = self.call_name(parent)
        if name in TO_FLOATS:
            return True
        if name not in CASTS:
            return False
        dtype = argument(parent, 1, "dtype")
        spelled = (self.qualified(dtype) or "").rsplit(".", 1)[-1] if dtype is not None else None
        return spelled in FLOAT_DTYPES or self.file.literal(dtype) in FLOAT_DTYPES if dtype is not None else False

    def _only_shape_used(self, node: ast.Call) -> bool:
        """`tf.zeros_like(tf.reduce_sum(x, -1))`: the sum only gives a shape, its values are never read."""
        parent = self.file.parent(node)
        return isinstance(parent, ast.Call) and bool(parent.args) and parent.args[0] is node \
            and self.call_name(parent) in SHAPE_ONLY

    def _conv_form_beside(self, node: ast.AST) -> bool:
        """The other branch of the `if` around it computes the sum as a conv: this is the fallback."""
        child = self.file.statement_of(node)
        for parent in self.file.ancestors(child):
            if isinstance(parent, ast.If):
                other = parent.orelse if any(child is s for s in parent.body) else parent.body
                return any(self.call_name(n) in CONVS for s in other for n in ast.walk(s))
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return False
            child = parent
        return False


_DIM = r"(?:[A-Za-z_][\w.]*|\d+|\?|None)(?:\s*[*+/-]\s*(?:[A-Za-z_][\w.]*|\d+))*"
_SHAPE_COMMENT = re.compile(r"^\s*(?:shape\s*:?\s*)?(?:<\w+>\s*)?[\[(]\s*(" + _DIM + r"(?:\s*,\s*" + _DIM +
                            r")+)\s*,?\s*[\])]\s*$")
_RANK_COMMENT = re.compile(r"^\s*([1-6])-?D\s+(?:tensor|array|matrix)\b", re.IGNORECASE)


def _stated_rank(comment: str) -> int | None:
    """The rank a comment states: only a shape (`[batch, n, dims]`, `shape: (B, D)`, the last of `[B, T] -> [B, T,
    D]`), or `2D tensor`; None for anything else."""
    text = comment.rsplit("->", 1)[-1]
    shape = _SHAPE_COMMENT.match(text)
    if shape is not None:
        return len(shape.group(1).split(","))
    rank = _RANK_COMMENT.match(comment)
    return int(rank.group(1)) if rank is not None else None


def _large_axis(value) -> bool | None:
    """A setting's value as the summed axis' size: more than `SMALL_AXIS` elements, or not known (not a number)."""
    return value > SMALL_AXIS if type(value) is int else None


def _joined(found: list[str]) -> str:
    """Where a value goes, over its uses: LOSS if one reaches a loss, else UNKNOWN if one is not known, else
    RETURNED if one is returned, else NOWHERE."""
    for kind in (LOSS, UNKNOWN, RETURNED):
        if kind in found:
            return kind
    return NOWHERE


def _loss_target(target: ast.AST) -> bool:
    """An assignment's target names a loss: `loss`, `total_loss`, also an attribute, `self.forward_loss` (a TF1
    model class keeps its losses so, for the trainer to minimise)."""
    if isinstance(target, ast.Name):
        return "loss" in target.id.lower()
    return isinstance(target, ast.Attribute) and "loss" in target.attr.lower()


def _unpacks(call: ast.Call) -> bool:
    """`f(*args)` or `f(**kwargs)`: what the call passes where is not in the source."""
    return any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
