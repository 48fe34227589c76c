"""Guide section "Avoid Calculating L2 Loss in Forward Path" (TFP3xx).

`loss + wd * add_n([l2_loss(v) for v in trainable_variables])` reads every weight once more per
step and adds a reduction per variable to the forward pass; the same training effect is
`grad + wd * var` in the update, with nothing added to the forward pass.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from tfperf.cost import l2_penalty_cost
from tfperf.findings import (CheckContext, Cost, Example, Finding, Fix, GuideSection, Rule, Safety, Severity, TextEdit,
                             register)
from tfperf.ir import Graph, Node, dtype_size, num_elements
from tfperf.source.scopes import end, start
from tfperf.source.visitor import SourceVisitor, argument

L2_CALLS = {"tensorflow.nn.l2_loss", "tensorflow.math.l2_loss"}
SQUARES = {"tensorflow.square", "tensorflow.math.square"}
SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum"}
AGGREGATES = {"tensorflow.add_n", "tensorflow.math.add_n"} | SUMS
TRAINABLE_ATTRS = {"trainable_variables", "trainable_weights"}
TRAINABLE_CALLS = {"tensorflow.trainable_variables"}  # tf.compat.v1.trainable_variables()
COLLECTION_CALLS = {"tensorflow.get_collection", "tensorflow.get_collection_ref"}
REGULARIZATION_LOSS_CALLS = {"tensorflow.losses.get_regularization_loss",
                             "tensorflow.losses.get_regularization_losses"}
L2_REGULARIZERS = {"keras.regularizers.l2", "keras.regularizers.L2", "keras.regularizers.l1_l2",
                   "keras.regularizers.L1L2"}

REMEDY = ("add `weight_decay * var` to each gradient instead (the guide's remedy; "
          "tfperf.train.with_gradient_decay(optimizer, weight_decay) does it in a Keras optimizer): the same "
          "gradients, and the logged loss leaves out the L2 term")
KERAS_REMEDY = ("take the L2 part out of the regularizer and add `2 * l2 * var` to the gradient instead: "
                "tfperf.train.move_l2_to_gradients(model) does both, with the same gradients")
GRAPH_REMEDY = ("add the penalty's gradient to the gradients instead, which gives the same gradients "
                "(the logged loss leaves the penalty out): tfperf.train.move_l2_to_gradients(model) for "
                "Keras weight regularizers, tfperf.train.with_gradient_decay(optimizer, wd) for a "
                "`wd * l2_loss` sum (`tfperf check --unsafe-fixes FILE` rewrites that form in source)")


# Graph examples: `model` is a training step (a tf.function with an input signature).
_GRAPH_INVALID = (
    Example(note="the guide's example in a TF2 custom training step", code="""\
import tensorflow as tf
w1 = tf.Variable(tf.random.normal([8, 16]), name="w1")
w2 = tf.Variable(tf.random.normal([16, 1]), name="w2")
params = {"weight_decay": 1e-4}
optimizer = tf.keras.optimizers.SGD(0.1)

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2) - y))
        total_loss = loss + params["weight_decay"] * tf.add_n([tf.nn.l2_loss(v) for v in [w1, w2]])  # expect: TFP301
    grads = tape.gradient(total_loss, [w1, w2])
    optimizer.apply_gradients(zip(grads, [w1, w2]))
    return total_loss
"""),
    Example(note="Keras weight regularizers (L2, and the L2 part of L1L2) in the step model.fit runs", code="""\
import keras
import tensorflow as tf
net = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(8, kernel_regularizer=keras.regularizers.L2(1e-4), activation="relu"),
    keras.layers.Dense(1, kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4)),
])
net.compile(optimizer="sgd", loss="mse")

@tf.function(input_signature=[tf.TensorSpec([4, 6]), tf.TensorSpec([4, 1])])
def model(x, y):
    return net.train_step((x, y))  # expect: TFP301
"""),
)
_GRAPH_VALID = (
    Example(note="the guide's remedy: the decay added to the gradients", code="""\
import tensorflow as tf
w = tf.Variable(tf.random.normal([8, 1]), name="w")
optimizer = tf.keras.optimizers.SGD(0.1)

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    grad = tape.gradient(loss, w)
    optimizer.apply_gradients([(grad + 1e-4 * w, w)])
    return loss
"""),
    Example(note="the weights' L2 norm logged next to the loss, not added to it", code="""\
import tensorflow as tf
w = tf.Variable(tf.random.normal([8, 1]), name="w")

@tf.function(input_signature=[tf.TensorSpec([4, 8]), tf.TensorSpec([4, 1])])
def model(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    w.assign_sub(0.1 * tape.gradient(loss, w))
    return loss, tf.nn.l2_loss(w)
"""),
    Example(note="an activity regularizer penalises activations, not weights", code="""\
import keras
import tensorflow as tf
net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activity_regularizer="l2")])
net.compile(optimizer="sgd", loss="mse")

@tf.function(input_signature=[tf.TensorSpec([4, 6]), tf.TensorSpec([4, 1])])
def model(x, y):
    return net.train_step((x, y))
"""),
)


@register
class L2LossInForwardPath(Rule):
    """L2 of the trainable variables computed in the forward pass and added to the loss.

    Source forms: `wd * tf.add_n([tf.nn.l2_loss(v) for v in <...>.trainable_variables])` (also
    `trainable_weights`, `tf.compat.v1.trainable_variables()`, `get_collection(TRAINABLE_VARIABLES)`,
    a `for v in ...: loss += tf.nn.l2_loss(v)` loop), `tf.compat.v1.losses.get_regularization_loss()`,
    and Keras `*_regularizer=L2(...)/l2(...)/L1L2(l2=...)`.

    Graph form, in a captured training step (a tf.function that differentiates the loss, or
    `tfperf check --model M --train` for a compiled Keras model): `L2Loss(v)`, `Sum(Square(v))`,
    `Sum(v * v)` or `Sum(v ** 2)` of a trainable variable whose value is added to something that
    is not another penalty (the loss). One finding per source line, with the variables and
    parameters covered and the forward + backward work of the penalty per step.

    The remedy gives the same gradients: the L2 term's gradient is added to each variable's
    gradient (`wd * v` for `wd * l2_loss(v)`, `2 * l * v` for Keras `L2(l)`), so the training
    trajectory is unchanged; only the logged loss leaves the penalty out. With `--unsafe-fixes`
    the source form `loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in VARS])` followed by
    `grads = tape.gradient(loss, VARS)` is rewritten that way; other forms are explained only.
    For Keras models, `tfperf.train.move_l2_to_gradients(model)` removes the L2 regularizers and
    moves their exact coefficients into the optimizer (after the cross-replica gradient sum).
    """

    code = "TFP301"
    name = "l2-loss-in-forward-path"
    section = GuideSection.L2_LOSS
    summary = "L2 of trainable variables added to the loss: apply weight decay to the gradients instead"
    severity = Severity.WARNING
    safety = Safety.SAME_GRADIENTS
    invalid = _GRAPH_INVALID + (
        Example(kind="source", note="the guide's example (TF1 style)", code="""\
import tensorflow as tf

def model_fn(loss, params):
    total_loss = loss + params["weight_decay"] * tf.add_n(  # expect: TFP301
        [tf.nn.l2_loss(v) for v in tf.compat.v1.trainable_variables()])
    return total_loss
"""),
        Example(kind="source", note="a custom training step: rewritten by --unsafe-fixes", code="""\
import tensorflow as tf

def train_step(model, optimizer, x, y, wd=1e-2):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss = loss + wd * tf.add_n([tf.nn.l2_loss(v) for v in model.trainable_variables])  # expect: TFP301
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss
"""),
        Example(kind="source", note="Keras model variables, generator form", code="""\
import tensorflow as tf

def train_step(model, x, y, wd=1e-4):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
        loss += wd * sum(tf.nn.l2_loss(w) for w in model.trainable_weights)  # expect: TFP301
    return tape.gradient(loss, model.trainable_variables)
"""),
        Example(kind="source", note="a loop over the variables", code="""\
import tensorflow as tf

def regularized(loss, model):
    for v in model.trainable_variables:
        loss = loss + 1e-4 * tf.nn.l2_loss(v)  # expect: TFP301
    return loss
"""),
        Example(kind="source", note="TF1 regularization losses", code="""\
import tensorflow.compat.v1 as tf

def total(loss):
    return loss + tf.losses.get_regularization_loss()  # expect: TFP301
"""),
        Example(kind="source", note="Keras kernel regularizers", code="""\
from tensorflow import keras
from tensorflow.keras import layers, regularizers

reg = regularizers.l2(1e-4)
model = keras.Sequential([
    layers.Dense(64, kernel_regularizer=keras.regularizers.L2(1e-4)),  # expect: TFP301
    layers.Dense(10, kernel_regularizer=reg),  # expect: TFP301
])
"""),
    )
    valid = _GRAPH_VALID + (
        Example(kind="source", note="an L2 term on activations, not variables", code="""\
import tensorflow as tf

def loss_fn(logits, labels, features):
    mse = tf.nn.l2_loss(logits - labels)
    return mse + 1e-3 * tf.add_n([tf.nn.l2_loss(f) for f in features])
"""),
        Example(kind="source", note="the guide's remedy: weight decay on the gradients", code="""\
import tensorflow as tf

def apply(optimizer, grads, model, wd=1e-4):
    grads = [g + wd * v for g, v in zip(grads, model.trainable_variables)]
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
"""),
        Example(kind="source", note="an L1-only regularizer has no L2 term", code="""\
import keras

layer = keras.layers.Dense(8, kernel_regularizer=keras.regularizers.L1L2(l1=0.01))
"""),
    )

    def check_graph(self, graph: Graph, ctx: CheckContext) -> Iterator[Finding]:
        by_line: dict = {}
        for penalty in penalties_in_loss(graph):
            src = penalty.node.source
            by_line.setdefault((src.file, src.line) if src else None, []).append(penalty)
        for group in by_line.values():
            yield self._graph_finding(group, ctx)

    def _graph_finding(self, group: list["Penalty"], ctx: CheckContext) -> Finding:
        per_variable = list({_key(p.handle): p for p in group}.values())  # one variable penalised twice counts once
        cost = sum((_penalty_cost(p, ctx) for p in per_variable), Cost(0, 0, 0.0, ctx.target.name))
        names = [p.handle.variable.name if p.handle.variable else p.handle.name for p in per_variable]
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        sizes = [p.elements for p in per_variable]
        params = f"{sum(sizes):,} parameters" if None not in sizes else "parameters of unknown count"
        noun = "variable" if len(names) == 1 else "variables"
        message = (f"L2 of {len(names)} trainable {noun} ({shown}; {params}) is added to the loss: the forward "
                   "pass reads them again and the backward pass differentiates the penalty every step")
        return self.finding(message, group[0].node, ctx, related=[p.handle for p in per_variable], cost=cost,
                            fix=Fix(Safety.ADVISORY, GRAPH_REMEDY))

    class Source(SourceVisitor):
        def __init__(self, file):
            super().__init__(file)
            self._reported: set[int] = set()

        def visit_Call(self, node: ast.Call) -> None:
            name = self.call_name(node)
            if name in REGULARIZATION_LOSS_CALLS:
                self._report(node, "the regularization losses (usually L2 of the weights) are added to the loss")
            elif (name in AGGREGATES or _is_builtin_sum(self, node)) and node.args:
                comp = node.args[0]
                if isinstance(comp, (ast.ListComp, ast.GeneratorExp)) and self._l2_of_trainables(comp):
                    self._reported.add(id(comp))
                    self._report(node, "L2 of every trainable variable is computed in the forward pass",
                                 _decay_fix(self, node, comp))
            for kw in node.keywords:
                if kw.arg and kw.arg.endswith("_regularizer") and self._l2_regularizer(kw.value):
                    self._report(kw.value, f"{kw.arg} adds an L2 term of the weights to the loss every step",
                                 Fix(Safety.ADVISORY, KERAS_REMEDY))

        def visit_ListComp(self, node: ast.ListComp) -> None:
            if id(node) not in self._reported and self._l2_of_trainables(node):
                self._report(node, "L2 of every trainable variable is computed in the forward pass")

        visit_GeneratorExp = visit_ListComp

        def visit_For(self, node: ast.For) -> None:
            if isinstance(node.target, ast.Name) and self._trainables(node.iter):
                for sub in ast.walk(node):
                    if self._is_l2_of(sub, node.target.id):
                        self._report(sub, "L2 of every trainable variable is computed in the forward pass")

        def _report(self, node: ast.AST, what: str, fix: Fix | None = None) -> None:
            self.report(node, what, fix=fix or Fix(Safety.ADVISORY, REMEDY))

        def _l2_of_trainables(self, comp: ast.ListComp | ast.GeneratorExp) -> bool:
            if len(comp.generators) != 1 or not isinstance(comp.generators[0].target, ast.Name):
                return False
            gen = comp.generators[0]
            return self._trainables(gen.iter) and any(self._is_l2_of(n, gen.target.id) for n in ast.walk(comp.elt))

        def _trainables(self, expr: ast.AST) -> bool:
            expr = self.file.value_of(expr)
            while isinstance(expr, ast.Subscript):  # model.trainable_variables[:-1]
                expr = self.file.value_of(expr.value)
            if isinstance(expr, ast.Attribute) and expr.attr in TRAINABLE_ATTRS:
                return True
            name = self.call_name(expr)
            if name in TRAINABLE_CALLS:
                return True
            if name in COLLECTION_CALLS:
                key = argument(expr, 0, "key")
                return key is not None and (self.qualified(key) or "").endswith("GraphKeys.TRAINABLE_VARIABLES")
            return False

        def _is_l2_of(self, node: ast.AST, var: str) -> bool:
            """`tf.nn.l2_loss(var)` or `tf.reduce_sum(tf.square(var))`."""
            name = self.call_name(node)
            if name in L2_CALLS:
                return _names(argument(node, 0, "t"), var)
            if name in SUMS:
                inner = argument(node, 0, "input_tensor")
                return self.call_name(inner) in SQUARES and _names(argument(inner, 0, "x"), var)
            return False

        def _l2_regularizer(self, value: ast.AST) -> bool:
            value = self.file.value_of(value)
            if isinstance(value, ast.Constant):
                return value.value in ("l2", "l1_l2")
            name = self.qualified(value.func if isinstance(value, ast.Call) else value)
            if name not in L2_REGULARIZERS:
                return False
            if isinstance(value, ast.Call) and name.endswith(("l1_l2", "L1L2")):
                l2 = argument(value, 1, "l2")
                default = 0.0 if name.endswith("L1L2") else 0.01  # L1L2(l2=0.0), l1_l2(l2=0.01)
                strength = default if l2 is None else self.file.literal(l2)
                return not (isinstance(strength, (int, float)) and strength == 0)
            return True


def _names(expr: ast.AST | None, var: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == var


def _is_builtin_sum(visitor: SourceVisitor, node: ast.Call) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id == "sum" and visitor.qualified(node.func) is None


# ---------------------------------------------------------------------------------------------
# Source fix (--unsafe-fixes): `loss = loss + wd * add_n([l2_loss(v) for v in VARS])` ...
# `grads = tape.gradient(loss, VARS)` becomes the loss alone and `grads = [g + wd * v ...]`.

_SIMPLE = (ast.Name, ast.Attribute, ast.Subscript, ast.Constant, ast.UnaryOp, ast.USub, ast.Load)


class _Refused(Exception):
    """The code is not in the one shape the rewrite recognises; the message says what differs."""


def _decay_fix(v: SourceVisitor, aggregate: ast.Call, comp: ast.ListComp | ast.GeneratorExp) -> Fix:
    try:
        return _decay_rewrite(v, aggregate, comp)
    except _Refused as exc:
        return Fix(Safety.ADVISORY, f"{REMEDY} (not rewritten automatically: {exc})")


def _decay_rewrite(v: SourceVisitor, aggregate: ast.Call, comp) -> Fix:
    var = comp.generators[0].target.id
    factor = 1 if v.call_name(comp.elt) in L2_CALLS else 2  # d/dv l2_loss(v) = v; d/dv sum(square(v)) = 2v
    if not v._is_l2_of(comp.elt, var):
        raise _Refused("each term must be exactly tf.nn.l2_loss(v) or tf.reduce_sum(tf.square(v))")
    term, coefficient = _scaled_term(v, aggregate)
    stmt, loss, removal = _removal(v, term)
    grad_stmt, sources = _gradient_of(v, stmt, loss)
    if ast.dump(sources) != ast.dump(comp.generators[0].iter):
        raise _Refused("the gradient is taken with respect to other variables than the L2 term covers")
    names = {n.id for e in (coefficient, sources) if e is not None for n in ast.walk(e) if isinstance(n, ast.Name)}
    _not_rebound(v, names, stmt, grad_stmt)
    grads = grad_stmt.targets[0].id
    g, w = ("g", "v") if not names & {"g", "v"} and grads not in ("g", "v") else ("grad_", "var_")
    decay = " * ".join(["2"] * (factor == 2) + ([v.file.segment(coefficient)] if coefficient else []) + [w])
    line = (f"{grads} = [{decay} if {g} is None else {g} + {decay} "
            f"for {g}, {w} in zip({grads}, {v.file.segment(sources)})]")
    return Fix(Safety.SAME_GRADIENTS,
               f"remove the L2 term from the loss and add `{decay}` to each gradient after line "
               f"{grad_stmt.lineno} (same gradients; the loss value no longer includes the L2 term)",
               (removal, _insert_after(v, grad_stmt, line)))


def _scaled_term(v: SourceVisitor, aggregate: ast.Call) -> tuple[ast.expr, ast.expr | None]:
    """(`wd * add_n(...)` or the bare aggregate, the coefficient `wd` or None)."""
    parent = v.file.parent(aggregate)
    if not (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mult)):
        return aggregate, None
    coefficient = parent.right if parent.left is aggregate else parent.left
    if not all(isinstance(n, _SIMPLE) for n in ast.walk(coefficient)):
        raise _Refused("the coefficient must be a name, attribute, subscript or number (it is evaluated again later)")
    return parent, coefficient


def _removal(v: SourceVisitor, term: ast.expr) -> tuple[ast.stmt, str, TextEdit]:
    """The statement adding `term` to the loss, the loss's name, and the edit taking the term out."""
    parent = v.file.parent(term)
    if isinstance(parent, ast.AugAssign) and isinstance(parent.op, ast.Add) and isinstance(parent.target, ast.Name):
        stmt, loss, rest = parent, parent.target.id, None  # loss += term
    elif (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add) and isinstance(v.file.parent(parent), ast.Assign)
          and len(v.file.parent(parent).targets) == 1 and isinstance(v.file.parent(parent).targets[0], ast.Name)):
        stmt = v.file.parent(parent)
        loss, rest = stmt.targets[0].id, parent.left if parent.right is term else parent.right
    else:
        raise _Refused("the L2 term must be added to the loss in a statement `loss = loss + wd * ...` or `loss += ...`")
    _straight_line(v, stmt)
    if rest is not None and not (isinstance(rest, ast.Name) and rest.id == loss):
        return stmt, loss, v.replace(parent, v.file.segment(rest))  # total = loss + term  ->  total = loss
    block = v.file.block_of(stmt)
    removal = v.delete_statement(stmt) if block and len(block[0]) > 1 else None
    if removal is None:
        raise _Refused("the statement shares its line with another one, or is alone in its block")
    return stmt, loss, removal


def _gradient_of(v: SourceVisitor, stmt: ast.stmt, loss: str) -> tuple[ast.Assign, ast.expr]:
    """`grads = tape.gradient(loss, sources)` reading the loss `stmt` binds, in the same function."""
    scope = v.file.scope_of(stmt)
    found = []
    for node in ast.walk(scope):
        call = node.value if isinstance(node, ast.Assign) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "gradient"):
            continue
        target, sources = argument(call, 0, "target"), argument(call, 1, "sources")
        if (isinstance(target, ast.Name) and target.id == loss and sources is not None
                and v.file.scope_of(node) is scope and _binds_at(v, target, stmt)):
            found.append((node, sources))
    if len(found) != 1 or len(found[0][0].targets) != 1 or not isinstance(found[0][0].targets[0], ast.Name):
        raise _Refused(f"`{loss}` must be differentiated once, as `grads = tape.gradient({loss}, variables)`, "
                       "in the same function")
    _straight_line(v, found[0][0])
    return found[0]


def _binds_at(v: SourceVisitor, load: ast.Name, stmt: ast.stmt) -> bool:
    binding = v.file.binding(load)
    return binding is not None and binding.pos == end(stmt)


def _straight_line(v: SourceVisitor, stmt: ast.stmt) -> None:
    """Only `with` blocks between the statement and its function: it runs whenever the function does."""
    for ancestor in v.file.ancestors(stmt):
        if ancestor is v.file.scope_of(stmt):
            return
        if not isinstance(ancestor, (ast.With, ast.AsyncWith)):
            raise _Refused(f"line {stmt.lineno} runs conditionally or in a loop")


def _not_rebound(v: SourceVisitor, names: set[str], first: ast.stmt, last: ast.stmt) -> None:
    index = v.file.scope_index(v.file.scope_of(first))
    for name in sorted(names):
        if any(end(first) < b.pos <= start(last) for b in index.bindings.get(name, [])):
            raise _Refused(f"`{name}` is assigned between the loss and the gradient")


def _insert_after(v: SourceVisitor, stmt: ast.stmt, line: str) -> TextEdit:
    text = v.file.line_text(stmt.end_lineno)
    if text.encode()[stmt.end_col_offset:].strip()[:1] not in (b"", b"#"):
        raise _Refused("the gradient statement shares its line with another one")
    indent = v.file.line_text(stmt.lineno)[:stmt.col_offset]
    newline = v.file.newline_at(stmt.end_lineno)  # keep a CRLF file CRLF
    if stmt.end_lineno < len(v.file.line_starts):
        return TextEdit(v.file.path, stmt.end_lineno + 1, 1, stmt.end_lineno + 1, 1, f"{indent}{line}{newline}")
    column = len(text) + 1  # the last line of a file without a final newline
    return TextEdit(v.file.path, stmt.end_lineno, column, stmt.end_lineno, column, f"{newline}{indent}{line}")


# ---------------------------------------------------------------------------------------------
# Graph detector: penalties of trainable variables that reach the loss of a training step

_VALUE_PASS = {"Identity", "Cast"}  # between a variable's read and the op squaring it
_SCALINGS = {"Mul", "RealDiv", "Div", "DivNoNan", "Neg", "Cast", "Identity", "Sum", "Mean", "Reshape", "Squeeze",
             "ExpandDims"}  # a penalty times a coefficient, summed, reshaped... is still a penalty
_COMBINERS = {"Add", "AddV2", "AddN", "Sub", "Pack", "ConcatV2"}  # where penalties meet the rest of the loss


@dataclass(frozen=True)
class Penalty:
    node: Node  # the scalar penalty: L2Loss(v), or the Sum of v's squares
    handle: Node  # the variable's handle
    elements: int | None  # the variable's size
    itemsize: int | None


def penalties_in_loss(graph: Graph) -> list[Penalty]:
    """L2 penalties of trainable variables whose value is added to something other than penalties."""
    found = list(_penalties(graph))
    if not found:
        return []
    downstream = _downstream(graph, [p.node for p in found])
    return [p for p in found if _meets_the_loss(graph, p.node, downstream)]


def _penalties(graph: Graph) -> Iterator[Penalty]:
    for node in graph.by_op("L2Loss", "Square", "Mul", "Pow"):
        handle = _squared_variable(graph, node)
        if handle is None:
            continue
        shape, dtype = graph.input_shape(node, 0), graph.input_dtype(node, 0)
        size = dtype_size(dtype)
        if node.op == "L2Loss":
            yield Penalty(node, handle, num_elements(shape), size)
            continue
        for consumer, _ in graph.consumers(node):
            if consumer.op == "Sum" and consumer.shape(0) == ():  # summed over every axis: a norm
                yield Penalty(consumer, handle, num_elements(shape), size)


def _squared_variable(graph: Graph, node: Node) -> Node | None:
    """The handle of the trainable variable `node` squares (L2Loss(v), Square(v), v * v, v ** 2)."""
    if node.op == "Mul":
        first = _variable_handle(graph, node, 0)
        return first if first is not None and first is _variable_handle(graph, node, 1) else None
    if node.op == "Pow" and graph.constant(node, 1) != 2:
        return None
    return _variable_handle(graph, node, 0)


def _variable_handle(graph: Graph, node: Node, slot: int) -> Node | None:
    src = graph.producer(node, slot)
    while src is not None and src.op in _VALUE_PASS:
        src = graph.producer(src, 0)
    if src is None:
        return None
    if src.op == "ReadVariableOp":
        handle = graph.producer(src, 0)
    elif src.op in ("VariableV2", "Variable"):  # TF1 reference variables
        handle = src
    else:
        return None
    if handle is None or (handle.variable is not None and not handle.variable.trainable):
        return None
    return handle


def _key(node: Node) -> tuple[str | None, str]:
    return node.function, node.name


def _downstream(graph: Graph, starts: list[Node]) -> set:
    """Everything computed from the penalties by scaling, reducing and adding (keys of nodes)."""
    seen = {_key(n) for n in starts}
    stack = list(starts)
    while stack:
        for consumer, _ in graph.consumers(stack.pop()):
            if consumer.op in _SCALINGS | _COMBINERS and _key(consumer) not in seen:
                seen.add(_key(consumer))
                stack.append(consumer)
    return seen


def _meets_the_loss(graph: Graph, penalty: Node, downstream: set) -> bool:
    """Whether the penalty reaches an addition one of whose other terms does not come from penalties."""
    seen, stack = set(), [penalty]
    while stack:
        for consumer, _ in graph.consumers(stack.pop()):
            if _key(consumer) in seen or _key(consumer) not in downstream:
                continue
            seen.add(_key(consumer))
            if consumer.op in _COMBINERS and any(_other_term(graph, consumer, slot, downstream)
                                                 for slot in range(len(consumer.inputs))):
                return True
            stack.append(consumer)
    return False


def _other_term(graph: Graph, node: Node, slot: int, downstream: set) -> bool:
    src = graph.producer(node, slot)
    return src is not None and src.op != "Const" and _key(src) not in downstream


def _penalty_cost(penalty: Penalty, ctx: CheckContext) -> Cost:
    if penalty.elements is None or penalty.itemsize is None:
        return Cost(target=ctx.target.name)
    return l2_penalty_cost(penalty.elements, penalty.itemsize, ctx.target)
