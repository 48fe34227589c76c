"""TFP301 in source: `tf.nn.l2_loss(v)` of the model's own variables, summed into a loss.

A model that keeps its weights itself (TF1 `tf.get_variable`, `tf.Variable`, a layer's `add_weight`) adds their
L2 by hand: `tf.nn.l2_loss(self.embedding)`, or a loop over a list the model fills with its variables
(`for param in self.layer_params: l2 = tf.add(l2, tf.multiply(c, tf.nn.l2_loss(param)))`). The argument is a
variable by data flow:

- a name or `self.<attr>` some assignment of which (in the file's classes of the reading method's hierarchy) is a
  variable's creation;
- the loop variable over `self.<list>` (also through a local bound to it), some `self.<list>.append(x)` of the
  project appending a variable (`VARIABLE_LIST`, by attribute name: the lists are filled in subclasses' modules,
  each subclass with its own).

The term counts when it is summed (`+`, `tf.add`, `tf.add_n`, `+=`, through scalings): an L2 logged or kept
aside is not in a loss. A coefficient that is a parameter (`* self.penalty`, `penalty=0.0`) is judged by what the
callers pass (the zero-default convention); one read from a config object is not known here (a warning).
"""

from __future__ import annotations

import ast

from tfperf.source.passed import Parameter

VARIABLE_LIST = "l2varlist"  # summary fact: attribute name -> whether a `self.<attr>.append(x)` appends a variable
VARIABLE_CALLS = {"tensorflow.Variable", "tensorflow.get_variable"}
VARIABLE_METHODS = {"add_weight", "add_variable", "get_variable"}  # Keras layers', TF1's variable scope's
_ADDS = {"tensorflow.add", "tensorflow.math.add", "tensorflow.add_n", "tensorflow.math.add_n"}
_SCALES = {"tensorflow.multiply", "tensorflow.math.multiply", "tensorflow.scalar_mul", "tensorflow.math.scalar_mul",
           "tensorflow.reduce_sum", "tensorflow.math.reduce_sum", "tensorflow.divide", "tensorflow.math.divide"}
_MULTIPLY = {"tensorflow.multiply", "tensorflow.math.multiply", "tensorflow.scalar_mul", "tensorflow.math.scalar_mul"}
MAX_DEPTH = 4


_CREATION_WORDS = ("Variable(", "get_variable(", "add_weight(", "add_variable(")


def export_variable_lists(v) -> None:
    """`VARIABLE_LIST` for each `self.<attr>.append(x)` of a file that creates variables (in another, no
    append is one: most files are not looked into)."""
    if ".append(" not in v.file.text or not any(word in v.file.text for word in _CREATION_WORDS):
        return
    for call in v.file.calls:
        func = call.func
        if type(func) is ast.Attribute and func.attr == "append" and len(call.args) == 1 and \
                type(func.value) is ast.Attribute and type(func.value.value) is ast.Name and \
                func.value.value.id == "self":
            v.file.project.export(VARIABLE_LIST, func.value.attr, is_variable(v, call.args[0]))


def is_variable(v, expr: ast.expr, depth: int = 0) -> bool:
    """Some assignment that may reach `expr` creates a variable."""
    if expr is None or depth > MAX_DEPTH:
        return False
    if type(expr) is ast.Call:
        func = expr.func
        return v.call_name(expr) in VARIABLE_CALLS or type(func) is ast.Attribute and func.attr in VARIABLE_METHODS
    if type(expr) is ast.Attribute and type(expr.value) is ast.Name and expr.value.id == "self":
        owner = v.file.enclosing_class(expr)
        if owner is None:
            return False
        return any(is_variable(v, store.value, depth + 1) for cls in v.file_mro(owner)
                   for store in v.file.self_assignments(cls, expr.attr))
    if type(expr) is ast.Name and expr.id in v.file.stored_names:
        return any(b.value is not None and is_variable(v, b.value, depth + 1) for b in v.file.reaching_bindings(expr))
    return False


def model_variable(v, expr: ast.expr) -> bool:
    """`expr` (an `l2_loss` argument) is a variable of the model: a variable by data flow, or the loop
    variable over a list attribute some `append` of the project fills with variables (that of some subclass:
    another may fill it with other tensors)."""
    if is_variable(v, expr):
        return True
    if type(expr) is not ast.Name:
        return False
    bound = v.file.binding(expr)
    loop = bound.stmt if bound is not None else None
    if type(loop) is not ast.For or type(loop.target) is not ast.Name or loop.target.id != expr.id:
        return False
    listed = v.file.value_of(loop.iter)
    if not (type(listed) is ast.Attribute and type(listed.value) is ast.Name and listed.value.id == "self"):
        return False
    return any(v.file.project.query(VARIABLE_LIST, listed.attr))


def summed_scale(v, call: ast.Call) -> tuple[bool, list[ast.expr]]:
    """(whether the value of `call` is summed with something, the factors that scale it on the way: a product
    around the sum scales the term too) up the arithmetic that holds it."""
    factors, node, summed = [], call, False
    for parent in v.file.ancestors(call):
        if type(parent) is ast.BinOp:
            if type(parent.op) is ast.Add:
                summed = True
            elif type(parent.op) is ast.Mult:
                factors.append(parent.right if parent.left is node else parent.left)
            elif type(parent.op) not in (ast.Div, ast.Sub):
                break
        elif type(parent) is ast.AugAssign:
            summed = summed or type(parent.op) is ast.Add
            break
        elif type(parent) is ast.Call:
            name = v.call_name(parent)
            if name in _ADDS:
                summed = True
            elif name in _MULTIPLY:
                factors += [a for a in parent.args if a is not node]
            elif name not in _SCALES:
                break
        elif type(parent) not in (ast.List, ast.Tuple, ast.UnaryOp, ast.keyword):
            break
        node = parent
    return summed, factors


def coefficient_parameter(v, factors: list[ast.expr], strength_sources, strength_parameter, nonzero, unknown):
    """The Parameter the term's coefficient is (its one factor that is not a number, judged by what the callers
    pass); False when constants make it 0; None when not known (the finding stays a warning)."""
    unknowns = [f for f in factors if not (type(f) is ast.Constant and type(f.value) in (int, float))]
    if any(type(f) is ast.Constant and f.value == 0 for f in factors):
        return False
    if len(unknowns) != 1:
        return None
    sources = strength_sources(v, unknowns[0])
    if sources is None:
        return None
    found = strength_parameter(sources, nonzero, None, unknown)
    return found if isinstance(found, Parameter) or found is False else None
