"""TFP301 in source: a Keras model's own training step, and whether it adds the model's regularization losses.

Keras adds a model's weight-regularizer terms (`model.losses`) to the loss in its default `train_step` (the step
`fit` runs). A class that gives the model a step of its own decides itself:

- `model.train_step = self.custom_train_step` (a step injected by assignment, then `fit` runs it), or
- `def train_step(self, data)` in a `keras.Model` subclass (an override), or, with neither,
- a method of a `keras.Model` subclass that trains it by a `GradientTape` (`tape.gradient` ... `apply_gradients`).

Such a step reads the regularization losses when its code (or a method of the class it calls, a level or two
down) reads `.losses` (`regularization_losses=self.losses`), calls Keras's `compute_loss` or the default step
(`super().train_step(data)`), or compiles. `tf.compat.v1.losses.get_regularization_loss()` does not count: in
a TF2 step it reads the TF1 collection, which Keras layers do not fill.

The class's answer (`OWN_STEP`, class -> reads) holds for the regularizers built in its methods and in its
subclasses' (up `STEP_BASE`, the nearest class with a step deciding): one whose step never reads them never
computes their terms.

The project's answer holds for every weight regularizer: a project that trains its models by `GradientTape`
steps of its own (a gradient of trainable variables; not in a test, `TAPE_STEP`) while none of its code reads
`.losses`, compiles or fits (`FITS`, and the graph-mode readers of the rule) computes no regularizer term in its
own training. A user's `fit` of one of its models would: the finding is info that says so (`UNREAD`).
"""

from __future__ import annotations

import ast
import re

from tfperf.source.arguments import argument
from tfperf.source.context import outside_only, search_at
from tfperf.source.project import STEP_BASE

OWN_STEP = "l2ownstep"
KERAS_MODELS = {"keras.Model", "keras.models.Model"}
STEP = "train_step"
# `.losses` read (not `tf.losses.x`) or a compile (not `re.compile`): code that may add a model's regularization losses
LOSSES_READ = re.compile(r"\.losses\b(?![ \t]*[.(\w])|(?<!\bre)(?<!\bregex)\.compile\(")
_KERAS_READS = ("compute_loss", f".{STEP}(")  # Keras's loss with the regularization terms; the default step
_TAPE = ("GradientTape", ".gradient(", "apply_gradients")
MAX_BASES = 16
TAPE_STEP = "l2tapestep"  # a file (not a test) trains a model by a GradientTape step
FITS = "l2fits"  # a file calls some `.fit(`: a Keras model compiled outside the project adds its losses there
FIT_CALL = ".fit("
UNREAD = outside_only("this project's own training never computes it: its GradientTape steps never read "
                      "`.losses` and none of its code compiles or fits a model, while Keras computes a weight "
                      "regularizer's term only when `.losses` is read; a user's own fit of the model would add it")


def reads_losses(text: str) -> bool:
    """The text reads `.losses` or compiles (`LOSSES_READ`)."""
    return search_at(LOSSES_READ, (".losses", ".compile("), text)


def export_own_steps(v) -> None:
    """`OWN_STEP` for each class of the file that gives a Keras model a training step of its own."""
    injected: dict[ast.ClassDef, list[ast.Assign]] = {}
    for node in v.file.references:  # (the file's assignments, indexed once)
        if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Attribute and \
                node.targets[0].attr == STEP and (cls := v.file.enclosing_class(node)) is not None:
            injected.setdefault(cls, []).append(node)
    for cls in v.file_classes:
        reads = _step_reads(v, cls, injected.get(cls, ()))
        if reads is not None:
            v.file.project.export(OWN_STEP, v.file.qualnames[cls], reads)


def export_tape_steps(v, tests: bool) -> None:
    """`TAPE_STEP` for a file (not of `tests`) whose code takes a tape's gradient of trainable variables; `FITS`
    for one that calls `.fit(` (any: a test's fit shows users fit too; a scikit-learn fit only keeps findings)."""
    if FIT_CALL in v.file.text:
        v.file.project.export(FITS, "")
    if not tests and "GradientTape" in v.file.text and any(_trains_trainables(v, call) for call in v.file.calls):
        v.file.project.export(TAPE_STEP, "")


def _trains_trainables(v, call: ast.Call) -> bool:
    """`tape.gradient(loss, model.trainable_variables)`, also through a name bound to them, or
    `opt.apply_gradients(zip(grads, model.trainable_weights))`, by position or keyword (`tape.gradient(target=loss,
    sources=variables)`): a training step (a gradient of inputs or of an
    explainer's masks is not one)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr not in ("gradient", "apply_gradients"):
        return False
    sources = argument(call, 1, "sources") if func.attr == "gradient" else argument(call, 0, "grads_and_vars")
    return sources is not None and "trainable" in v.file.segment(v.file.value_of(sources))


def own_step_skips(file, cls: str | None) -> bool:
    """The nearest class up from `cls` (itself, its project bases) that gives its model a step of its own
    gives one that never reads the regularization losses. Asked as a finding is made (`Report.unless`)."""
    if cls is None:
        return False
    project = file.project
    todo, seen = [cls], set()
    while todo and len(seen) < MAX_BASES:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        found = project.ask_reporting(OWN_STEP, name)
        if found:
            return not any(found)
        todo.extend(project.ask_reporting(STEP_BASE, name))
    return False


def _step_reads(v, cls: ast.ClassDef, injections) -> bool | None:
    """Whether the steps `cls` gives its model (`injections`: its `<model>.train_step = ...` statements) read
    the regularization losses; None when it gives none (or one the source does not show)."""
    keras = any(v.qualified(base) in KERAS_MODELS for base in cls.bases)
    if not keras and not injections:
        return None
    steps = []
    for node in injections:
        target = node.targets[0].value
        if type(target) is ast.Name and target.id == "self" and not keras:
            continue  # (a trainer's own attribute, not a Keras model's step)
        step = _callable(v, cls, v.file.scope_of(node), node.value)
        if step is None:
            return None
        steps.append(step)
    if keras and not steps:
        steps = [m for m in _methods(cls) if m.name == STEP] or \
                [m for m in _methods(cls) if all(word in v.file.segment(m) for word in _TAPE)]
    if not steps:
        return None
    return any(_reads(v, cls, step, 0) for step in steps)


def _methods(cls: ast.ClassDef) -> list:
    return [stmt for stmt in cls.body if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _callable(v, cls: ast.ClassDef, method, value: ast.expr):
    """The function a step assignment gives: `self.<method>` of the class or a base of the file, a function
    the method or the module defines."""
    if type(value) is ast.Attribute and type(value.value) is ast.Name and value.value.id == "self":
        return _method(v, cls, value.attr)
    if type(value) is ast.Name:
        for node in ast.walk(method):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == value.id:
                return node
        found = v.file.defs.get(f"{v.file.module}.{value.id}") if v.file.module else None
        return found if isinstance(found, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    return None


def _method(v, cls: ast.ClassDef, name: str):
    for owner in v.file_mro(cls):
        for method in _methods(owner):
            if method.name == name:
                return method
    return None


def _reads(v, cls: ast.ClassDef, function, depth: int) -> bool:
    """The step's code reads the regularization losses (`.losses`, Keras's `compute_loss`, the default step, a
    compile), itself or in a method of the class it calls (two levels down)."""
    text = v.file.segment(function)
    if reads_losses(text) or any(word in text for word in _KERAS_READS):
        return True
    if depth >= 2:
        return False
    for node in ast.walk(function):
        func = node.func if type(node) is ast.Call else None
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
            called = _method(v, cls, func.attr)
            if called is not None and called is not function and _reads(v, cls, called, depth + 1):
                return True
    return False
