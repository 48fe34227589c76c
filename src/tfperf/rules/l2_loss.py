"""Guide section "Avoid Calculating L2 Loss in Forward Path" (TFP3xx).

`loss + wd * add_n([l2_loss(v) for v in trainable_variables])` reads every weight once more per
step and adds a reduction per variable to the forward pass; the same training effect is
`grad + wd * var` in the update, with nothing added to the forward pass.
"""

from __future__ import annotations

import ast

from tfperf.findings import Example, Fix, GuideSection, Rule, Safety, Severity, register
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

REMEDY = ("add `weight_decay * var` to each gradient instead (the guide's remedy), or use an optimizer "
          "with weight decay; the logged loss then leaves out the L2 term")


@register
class L2LossInForwardPath(Rule):
    """L2 of the trainable variables computed in the forward pass and added to the loss.

    Recognised forms: `wd * tf.add_n([tf.nn.l2_loss(v) for v in <...>.trainable_variables])` (also
    `trainable_weights`, `tf.compat.v1.trainable_variables()`, `get_collection(TRAINABLE_VARIABLES)`,
    a `for v in ...: loss += tf.nn.l2_loss(v)` loop), `tf.compat.v1.losses.get_regularization_loss()`,
    and Keras `*_regularizer=L2(...)/l2(...)/L1L2(l2=...)`. Advisory: moving the term into the
    gradient keeps the training trajectory (for plain SGD exactly) but changes the logged loss.
    """

    code = "TFP301"
    name = "l2-loss-in-forward-path"
    section = GuideSection.L2_LOSS
    summary = "L2 of trainable variables added to the loss: apply weight decay to the gradients instead"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", note="the guide's example (TF1 style)", code="""\
import tensorflow as tf

def model_fn(loss, params):
    total_loss = loss + params["weight_decay"] * tf.add_n(  # expect: TFP301
        [tf.nn.l2_loss(v) for v in tf.compat.v1.trainable_variables()])
    return total_loss
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
    valid = (
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
                    self._report(node, "L2 of every trainable variable is computed in the forward pass")
            for kw in node.keywords:
                if kw.arg and kw.arg.endswith("_regularizer") and self._l2_regularizer(kw.value):
                    self._report(kw.value, f"{kw.arg} adds an L2 term of the weights to the loss every step")

        def visit_ListComp(self, node: ast.ListComp) -> None:
            if id(node) not in self._reported and self._l2_of_trainables(node):
                self._report(node, "L2 of every trainable variable is computed in the forward pass")

        visit_GeneratorExp = visit_ListComp

        def visit_For(self, node: ast.For) -> None:
            if isinstance(node.target, ast.Name) and self._trainables(node.iter):
                for sub in ast.walk(node):
                    if self._is_l2_of(sub, node.target.id):
                        self._report(sub, "L2 of every trainable variable is computed in the forward pass")

        def _report(self, node: ast.AST, what: str) -> None:
            self.report(node, what, fix=Fix(Safety.ADVISORY, REMEDY))

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
