"""Per-position data (TFP101's per-position convention, source_truth README, 2026-12-03).

A tensor with no feature axis, one scalar per position of a sequence (token ids, segment ids, paddings, masks,
per-position labels, weights, rewards, discounts, returns, advantages: `[batch, time]`, or `[batch, time, 1]`),
holds b x t elements: its transpose copies 1/d of one activation of the model once per step (d its hidden size),
below what a user could measure. TFP101 reports it as info, and only on positive evidence of both:

- its kind: a name (an attribute, a feature dict's literal key: `features["segment_ids"]`) that names such data
  (`ids`, `paddings`, `segment_id`, `rewards`, `discounts`, `returns`, `advantages`, `lengths`, `step_type`:
  STRONG); or what makes it: `tf.sequence_mask`, a comparison,
  logical op or integer cast of such data with a constant (`tf.not_equal(ids, pad)`; one that broadcasts against
  a transpose or an `expand_dims` makes a pairwise matrix and is not it), or the squeeze of the last axis of a
  projection to one unit (`tf.squeeze(Dense(1)(h), -1)`: XLNet's start logit per token), or a parameter its
  docstring entry shapes by batch and time axes alone (`values: Tensor with shape [T, B]`), or what `tf.scan`
  steps through or stacks (at rank 2, one scalar per example in each step: a discounted-return recursion's
  time-major rewards and returns; also for a WEAK name, `mask = tf.transpose(mask)` read only as `elems`). A name
  that may also hold a feature or class axis or a pairwise matrix (`mask`, `labels`, `weights`: WEAK) counts only
  beside STRONG evidence of the same record or call: a field of a record whose other fields read in the function
  are STRONG (`targets.labels` where `targets.paddings` is read), an argument of a call that also takes a STRONG tensor
  transposed alike, or a tensor its function transposes by the same literal perm as a STRONG one (XLNet's
  `input_mask` beside `input_ids`, each `perm=(1, 0)`).
- its rank: a perm of length 2, a stated rank 2 (or 3 with a size-1 last axis; or 2 in its function's docstring,
  which with a WEAK name is evidence enough: `reset_mask: a bool matrix shaped [batch_size, n]`), or `tf.sequence_mask` (one axis
  more than its lengths: 2 for the 1-D lengths a batch has). A transpose with no perm is judged as 2-D by TFP101
  itself (that is what its warning assumes); lowering it on the same assumption needs the evidence of kind above
  (STRONG, or WEAK beside STRONG), never a WEAK name alone, so a `[batch, batch]` mask transposed with no perm
  stays a warning.

Not inside a function or class named for attention (`AttenProbs`, `MultiHeadedAttention`): there a padding meets a
query's scores, and a decoder's attention runs once per query step, so the copy grows with t x t over the sequence
(outside the convention): the warning stands.

Nor a tensor shaped by a literal list naming one size twice (`tf.reshape(m, [batch_size, batch_size])`): pairwise.

A name with a token that names features (`embedding`, `hidden`, `logits`, `states`, `one_hot`...) is not such data.
"""

from __future__ import annotations

import ast
import re

from tfperf.source.docstrings import documented_dim_names
from tfperf.source.shapes import parameter_owner
from tfperf.source.visitor import FileContext, argument

STRONG = {"ids", "id", "idx", "paddings", "padding", "nonpaddings", "nonpadding", "rewards", "reward", "discounts",
          "discount", "returns", "advantages", "lengths", "seqlen", "seqlens", "segment"}
STRONG_PHRASES = ("step_type", "steptype")
WEAK = {"mask", "masks", "labels", "label", "weights", "weight"}
FEATURE = {"embedding", "embeddings", "embed", "emb", "embedded", "hidden", "feature", "features", "feats", "logits",
           "probs", "prob", "states", "state", "outputs", "output", "vec", "vecs", "vectors", "onehot", "one",
           "kernel", "table", "pairwise", "matrix", "attention", "scores"}
_COMPARISONS = {"tensorflow.equal", "tensorflow.not_equal", "tensorflow.math.equal", "tensorflow.math.not_equal",
                "tensorflow.greater", "tensorflow.less", "tensorflow.greater_equal", "tensorflow.less_equal",
                "tensorflow.math.greater", "tensorflow.math.less", "tensorflow.math.greater_equal",
                "tensorflow.math.less_equal", "tensorflow.logical_not", "tensorflow.math.logical_not",
                "keras.ops.equal", "keras.ops.not_equal", "keras.ops.greater", "keras.ops.less"}
_PASS_THROUGH = {"tensorflow.cast", "tensorflow.stop_gradient", "tensorflow.identity", "tensorflow.to_float",
                 "tensorflow.to_int32", "keras.ops.cast"}
_BROADCASTERS = re.compile(r"(transpose|expand_dims|matrix_transpose|adjoint)$")
_SEQUENCE_MASKS = {"tensorflow.sequence_mask", "keras.ops.sequence_mask"}
# the squeeze of a one-unit projection's last axis (`tf.squeeze(Dense(1)(h), -1)`: a start logit per token) leaves one
# scalar per position
_SQUEEZES = {"tensorflow.squeeze", "keras.ops.squeeze"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _tokens(name: str) -> list[str]:
    return [t for t in _CAMEL.sub("_", name).lower().split("_") if t]


def _identifier(node: ast.AST) -> str | None:
    """The name a tensor is read by: a name, an attribute, or a feature dict's literal key (`features["seg_id"]`)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    return None


def name_kind(name: str | None) -> str | None:
    """"strong" or "weak" for a name of per-position data, else None (also for one that names features)."""
    if not name:
        return None
    tokens = _tokens(name)
    if any(t in FEATURE for t in tokens):
        return None
    lowered = name.lower()
    if any(t in STRONG for t in tokens) or any(p in lowered for p in STRONG_PHRASES):
        return "strong"
    return "weak" if any(t in WEAK for t in tokens) else None


def _made_kind(file: FileContext, node: ast.AST, depth: int = 4) -> tuple[str, str] | None:
    """(kind, how) of what `node` holds: "strong" with why, from its name or what makes it; "weak" for a WEAK name."""
    for _ in range(depth):
        kind = name_kind(_identifier(node))
        if kind == "strong":
            return kind, f"`{file.segment(node)}` names per-position data"
        if isinstance(node, ast.Name):
            value = file.value_of(node)
            if value is node or value is None:
                return (kind, "") if kind else None
            made = _made_kind(file, value, depth - 1) if depth > 1 else None
            return made if made is not None else ((kind, "") if kind else None)
        if not isinstance(node, ast.Call):
            return (kind, "") if kind else None
        name = file.call_name(node)
        if name in _SEQUENCE_MASKS:
            return "strong", f"a tf.sequence_mask (line {node.lineno})"
        if name in _COMPARISONS:
            operands = list(node.args)
            if any(isinstance(a, ast.Call) and _BROADCASTERS.search(file.call_name(a) or "") for a in operands):
                return None  # (a comparison against a transpose or an expand_dims: a pairwise matrix)
            for a in operands:
                made = _made_kind(file, a, depth - 1)
                if made is not None and made[0] == "strong":
                    return "strong", f"a comparison of {made[1] or file.segment(a)} (line {node.lineno})"
            return None
        if name in _PASS_THROUGH and node.args:
            node = node.args[0]
            continue
        if name in _SQUEEZES and _last_axis(file, argument(node, 1, "axis")) and \
                file.shapes.one_unit_projection(argument(node, 0, "input")):
            return "strong", f"the squeezed output of a one-unit projection (line {node.lineno})"
        return None
    return None


# the names docstrings give a batch or a time axis (`values: Tensor with shape [T, B]`, `[batch_size, num_steps]`)
_POSITION_AXES = {"b", "t", "n_b", "batch", "batch_size", "bs", "time", "t_steps", "timesteps", "time_steps", "steps",
                  "num_steps", "seq_len", "seq_length", "sequence_length", "max_len", "max_length", "length"}


def _documented_positions(file: FileContext, data: ast.AST) -> tuple[str, str] | None:
    """("strong", why) for a parameter whose docstring entry shapes it by batch and time axes alone (tf-agents'
    `values: Tensor with shape [T, B]`): no feature axis, one scalar per position."""
    if not isinstance(data, ast.Name):
        return None
    bound = file.binding(data)
    function = parameter_owner(file, data) if bound is not None and bound.stmt is None else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    dims = documented_dim_names(function).get(data.id)
    if not dims or len(dims) != 2 or not all(d.strip("`' ").lower() in _POSITION_AXES for d in dims):
        return None
    return "strong", f"`{data.id}` is documented as [{', '.join(dims)}], batch and time axes alone"


SCANS = {"tensorflow.scan", "tensorflow.compat.v1.scan"}


def _scanned(file: FileContext, call: ast.Call, data: ast.AST) -> tuple[str, str] | None:
    """("strong", why) for a tensor `tf.scan` steps through (the transpose is its `elems`, or an item of them, or
    every read of the one name it is assigned to is), or what a scan stacked (the transpose's input is a scan's
    result): at a rank of 2 (which the caller checks), each step is one scalar per example, no feature axis: the
    time-major returns, rewards and masks of a discounted-return recursion."""
    if isinstance(data, ast.Call) and file.call_name(data) in SCANS:
        return "strong", f"the steps the tf.scan of line {data.lineno} stacks"
    reads: list[ast.AST] = [call]
    parent = file.parent(call)
    if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
        index = file.scope_index(file.scope_of(parent))
        reads = [n for n in index.loads_of(parent.targets[0].id)
                 if (bound := file.binding(n)) is not None and bound.stmt is parent]
    scans = [_scan_of_elements(file, read) for read in reads]
    if not scans or None in scans:
        return None
    return "strong", f"what the tf.scan of line {scans[0].lineno} steps through"


def _scan_of_elements(file: FileContext, node: ast.AST) -> ast.Call | None:
    """The `tf.scan` call whose `elems` `node` is, or an item of (`elems=[x, mask]`), else None."""
    parent = file.argument_parent(node)
    if isinstance(parent, (ast.List, ast.Tuple)):
        node, parent = parent, file.argument_parent(parent)
    if isinstance(parent, ast.Call) and file.call_name(parent) in SCANS and argument(parent, 1, "elems") is node:
        return parent
    return None


def _last_axis(file: FileContext, axis: ast.AST | None) -> bool:
    """A squeeze's `axis` is the last one alone (`-1`, `[-1]`)."""
    value = file.literal(axis) if axis is not None else None
    return value == -1 or value in ([-1], (-1,))


_SHAPED = {"tensorflow.reshape", "tensorflow.broadcast_to", "tensorflow.ones", "tensorflow.zeros", "tensorflow.fill",
           "keras.ops.reshape", "keras.ops.broadcast_to"}


def _pairwise(file: FileContext, data: ast.AST) -> bool:
    """Whether the tensor is shaped by a literal list naming one size twice (`tf.reshape(m, [batch_size,
    batch_size])`): a pairwise matrix, outside the convention."""
    value = file.value_of(data) if isinstance(data, ast.Name) else data
    if not (isinstance(value, ast.Call) and file.call_name(value) in _SHAPED):
        return False
    shape = next((a for a in value.args if isinstance(a, (ast.List, ast.Tuple))), None) \
        or next((k.value for k in value.keywords if k.arg in ("shape", "dims")), None)
    if not isinstance(shape, (ast.List, ast.Tuple)):
        return False
    sizes = [ast.dump(e) for e in shape.elts if not (isinstance(e, ast.Constant) and e.value in (1, -1))]
    return len(sizes) != len(set(sizes))


def _in_attention(file: FileContext, node: ast.AST) -> bool:
    """Whether a function or class around `node` is named for attention (`AttenProbs`, `MultiHeadedAttention`):
    there a padding meets the scores of a query; a decoder's attention runs once per query step, so the copy grows
    with t x t over the sequence, outside the per-position convention. Memoised per enclosing scope."""
    memo = file.shared.setdefault("per-position-attention", {})
    for scope in file.ancestors(node):
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found = memo.get(id(scope))
            if found is None:
                found = memo[id(scope)] = any(t.startswith("atten") or t == "attend" for t in _tokens(scope.name))
            if found:
                return True
    return False


def _record_siblings(file: FileContext, node: ast.Attribute) -> bool:
    """Whether the enclosing function also reads a STRONG field of the same record (`targets.paddings` beside
    `targets.labels`): memoised per function."""
    if not isinstance(node.value, ast.Name):
        return False
    function = next((a for a in file.ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                         ast.Lambda))), None)
    if function is None:
        return False
    memo = file.shared.setdefault("per-position-records", {})
    records = memo.get(id(function))
    if records is None:
        records = {n.value.id for n in ast.walk(function)
                   if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and name_kind(n.attr) == "strong"}
        memo[id(function)] = records
    return node.value.id in records


def _call_siblings(file: FileContext, call: ast.Call, transposes: set[str]) -> bool:
    """Whether the call that takes this transpose (directly, or through a cast) also takes a transpose of a
    STRONG-named tensor."""
    parent = file.parent(call)
    while isinstance(parent, ast.Call) and file.call_name(parent) in _PASS_THROUGH | {"tensorflow.expand_dims"}:
        call, parent = parent, file.parent(parent)
    if not isinstance(parent, ast.Call):
        return False
    for arg in [*parent.args, *(k.value for k in parent.keywords)]:
        inner = arg
        while isinstance(inner, ast.Call) and file.call_name(inner) in _PASS_THROUGH | {"tensorflow.expand_dims"} \
                and inner.args:
            inner = inner.args[0]
        if inner is call or not (isinstance(inner, ast.Call) and file.call_name(inner) in transposes and inner.args):
            continue
        if name_kind(_identifier(inner.args[0])) == "strong":
            return True
    return False


def _transposed_alike(file: FileContext, call: ast.Call, perm: tuple[int, ...], transposes: set[str]) -> bool:
    """Whether the enclosing function also transposes a STRONG-named tensor by the same literal perm (XLNet's
    `input_ids`, `token_type_ids` and `input_mask`, each `tf.transpose(x, perm=(1, 0))`): tensors of one batch moved
    alike are alike in shape. Memoised per function: the perms its STRONG transposes use."""
    function = next((a for a in file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if function is None:
        return False
    memo = file.shared.setdefault("per-position-alike", {})
    perms = memo.get(id(function))
    if perms is None:
        perms = memo[id(function)] = set()
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and file.call_name(node) in transposes and node.args and \
                    name_kind(_identifier(node.args[0])) == "strong":
                stated = file.literal(argument(node, 1, "perm"))
                if isinstance(stated, (list, tuple)) and all(type(p) is int for p in stated):
                    perms.add(tuple(stated))
    return tuple(perm) in perms


def per_position(file: FileContext, call: ast.Call, data: ast.AST | None, perm: tuple[int, ...],
                 dims: tuple | None, assumed_2d: bool, transposes: set[str]) -> str | None:
    """Why the transpose's input is per-position data (see the module's docstring), or None."""
    if data is None:
        return None
    made = _made_kind(file, data) or _documented_positions(file, data)
    if made is None or made[0] == "weak":
        made = _scanned(file, call, data) or made
    if made is None:
        return None
    kind, how = made
    if _in_attention(file, call):
        return None  # (attention over a source: per query step, a [b, t] slice of a [b, t, t] whole)
    if _pairwise(file, data):
        return None
    documented_2d = False
    if isinstance(data, ast.Name) and (bound := file.binding(data)) is not None and bound.stmt is None:
        documented = file.documented_shapes.of(data)  # (a parameter's own docstring)
        documented_2d = documented is not None and documented.rank == 2
    if kind == "weak":
        if isinstance(data, ast.Attribute) and _record_siblings(file, data):
            how = f"`{file.segment(data)}` is a field of a record of per-position tensors"
        elif _call_siblings(file, call, transposes):
            how = f"`{file.segment(data)}` is passed beside per-position tensors"
        elif _transposed_alike(file, call, perm, transposes):
            how = f"`{file.segment(data)}` is transposed alike beside per-position tensors"
        elif documented_2d and len(perm) == 2:
            return f"`{file.segment(data)}` names per-position data (rank 2, as its function's docstring states)"
        else:
            return None
    rank = len(perm)
    if rank == 2 and documented_2d:
        shape = "rank 2, as its function's docstring states"
    elif rank == 2 and not assumed_2d:
        shape = "rank 2, by its perm" if not dims or len(dims) != 2 else "rank 2"
    elif rank == 3 and dims is not None and len(dims) == 3 and dims[-1] == 1:
        shape = "rank 3 with a size-1 last axis"
    elif assumed_2d and rank == 2:
        shape = "no perm, judged as 2-D"
    else:
        return None
    return f"{how} ({shape})"
