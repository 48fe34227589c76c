"""Evidence that code runs in a training step: the project's layers, losses, training steps and model
builders, and what they reach through the project's call graph.

`context.py` finds code that is off the training step (tests, evaluation, tools...) and takes the rest
to be on it. A library's public op that nothing in the project calls may be on a user's step, or never:
a reconstruction or preprocessing op, a test statistic, a sampling loop. For the rules whose finding
is a cost per step of code the project's own model may not run (TFP101, TFP103), this module gives the
other direction: code is *on the step* when a root of the step reaches it.

The roots (`STEP_ROOT` facts, exported by every file whatever rules run):

- a `call` method of a derived class (what Keras runs in the forward pass of a Layer or Model), and a
  `__call__` of a derived class whose base or own name says layer, model, module, network or loss;
- a loss: a function or method whose name says loss, or one handed to a `loss=` keyword (`compile`);
- a training step: a function whose name says training (not an input function: `train_input_fn`), a
  `forward` pass, an Estimator `model_fn` (by name, or handed to `model_fn=`), one handed to
  `strategy.run` or a `step_fn=` keyword, a function that records a `tf.GradientTape`, applies
  gradients or minimizes (`apply_gradients`, `minimize`, `tf.gradients`, `fit`, `train_on_batch`), one
  handed a tape (a parameter annotated `tf.GradientTape`);
- functional-model building code: a function that makes a `keras.Input` or a `keras.Model` /
  `Sequential`, or applies a Keras layer to a tensor (`Conv2D(...)(x)`); a function handed to a
  `keras.layers.Lambda`;
- a module whose top-level code does any of that (a training script).

A function is reached from a root through its callers (`project.CALLED_BY`), the functions whose code
refers to it without calling it (`REFERRED_BY`: `tf.map_fn(self._step, x)`, a function handed to a
project function's parameter), and the function a nested function or lambda is defined in; a method through
its class's hierarchy, one way at a time, and, when nothing calls it by name, through what makes an instance
of its class (`on_step`).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import TYPE_CHECKING

from tfperf.source.api import is_framework
from tfperf.source.context import OFF_STEP, TRAINING_WORDS, last_name, tokens
from tfperf.source.project import (CALLED_BY, HANDED, INPUT_GRADIENT, PREDICT_NAMED, REFERRED_BY, STEP_BASE,
                                  STEP_ROOT, STEP_SUBCLASS)
from tfperf.source.symbols import WRAPPERS, referrers
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

ANY = "*"  # STEP_ROOT of this name: some file of the project has a root
LAYER_CALL = "a layer's call"  # why a derived class's `call` (a model word's `__call__`) is a root
MAX_REACH = 400  # functions looked at on the way up from one site: beyond, it is taken to be on the step

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
# words of a class's name (or its base's) that say its `__call__` is a piece of a model or of its loss
_MODEL_WORDS = {"layer", "layers", "model", "module", "network", "net", "block", "loss", "cell", "head", "heads",
                "regularizer", "encoder", "decoder", "attention", "backbone", "fpn", "embedding", "classifier",
                "discriminator", "rnn", "conv", "transformer"}
_LOSS_WORDS = {"loss", "losses"}
_LAYER_DECORATOR_WORDS = {"layer", "layers", "model"}
# words of an input function's name: a training input function is the input pipeline, not the step
_INPUT_WORDS = {"input", "inputs", "data", "dataset", "datasets", "pipeline", "loader", "generator", "parse",
                "parser", "record", "records", "preprocess", "preprocessing", "augment", "augmentation", "example",
                "examples", "batch", "batches", "files", "reader", "split", "iterator"}
# calls that train (their function is a training step) or build a functional model
_TRAINING_CALLS = {"tensorflow.GradientTape", "tensorflow.gradients", "tensorflow.compat.v1.gradients"}
_TRAINING_METHODS = {"apply_gradients", "minimize", "train_on_batch", "fit", "fit_generator", "compute_gradients"}
_OPTIMIZERS = ("keras.optimizers.", "tensorflow.keras.optimizers.", "tensorflow.optimizers.")
_MODEL_CALLS = {"keras.Input", "keras.layers.Input", "keras.Model", "keras.models.Model", "keras.Sequential",
                "keras.models.Sequential", "tensorflow.keras.Input", "tensorflow.keras.Model"}
# calls that make a model's variables, TensorFlow 1 style (`tf.compat.v1.get_variable`, `variable_scope`, slim's
# `model_variable`): their function builds a model
_VARIABLE_CALLS = {"get_variable", "model_variable", "variable_scope"}
# keywords a function is handed by to run as a loss, a training step or a model function
_ROOT_KEYWORDS = {"loss": "a loss", "loss_fn": "a loss", "loss_func": "a loss", "loss_function": "a loss",
                  "model_fn": "a model function", "step_fn": "a training step", "train_step_fn": "a training step"}
_RUNS = {"run", "experimental_run_v2", "experimental_run"}  # strategy.run(fn, ...)
_HANDING = _RUNS | {"Lambda"}  # the names of the calls `_handed_roots` looks at for a positional function
_ROOT_CALLS = _TRAINING_CALLS | _MODEL_CALLS  # (with `_OPTIMIZERS`: by canonical name, `_training_call`)


def export_steps(file: FileContext) -> None:
    """Export the file's roots of the training step (`STEP_ROOT`), the lexical edges of its nested
    functions and lambdas (`REFERRED_BY`: a closure is reached from the function it is defined in), and its
    classes' project bases (`STEP_BASE`, `STEP_SUBCLASS`)."""
    project = file.project
    rooted = False
    derived = set()  # the classes with a base of the project
    taped = "GradientTape" in file.text
    for node, qualname in file.qualnames.items():
        if type(node) is ast.ClassDef:
            if _export_class(file, node, qualname):
                derived.add(node)
            continue
        outer = file.parents.get(node)
        scope = file.scope_of(node)
        if type(scope) in _FUNCTIONS:
            project.export(REFERRED_BY, qualname, file.qualnames[scope])
        if type(node) is ast.Lambda:
            continue
        why = named_root(node, outer)
        if why is None and taped and _handed_a_tape(file, node):
            why = "a training step (it is handed the GradientTape that records it)"
        if why is not None:
            project.export(STEP_ROOT, qualname, why)
            rooted = True
    done: set[str] = set()
    inputs: set[str] = set()  # the functions exported INPUT_GRADIENT
    call_name = file.call_names.__getitem__  # (the memo's look-up: `file.call_name` without a Python call)
    for call in file.calls:
        func = call.func
        kind = type(func)
        called = func.attr if kind is ast.Attribute else func.id if kind is ast.Name else ""
        why = _called_root(called) if called else None
        if why is None:
            name = call_name(call) if kind is not ast.Call else None
            if kind is ast.Call or name is not None and (name in _ROOT_CALLS or name.startswith(_OPTIMIZERS)
                                                         or name.endswith("Optimizer")):
                why = _training_call(file, call)
        if why is not None:
            scope = file.scope_of(call)
            while type(scope) is ast.ClassDef:
                scope = file.scope_of(scope)
            name = file.qualnames.get(scope, file.module or file.path) if type(scope) is not ast.Module \
                else file.module or file.path
            if name in done:
                pass
            elif why == "a training step" and kind is not ast.Call and (called in _UPDATES or call_name(
                    call) == "tensorflow.GradientTape") and _optimises_inputs(scope):  # (w.r.t. inputs: no step)
                if name not in inputs:
                    inputs.add(name)
                    project.export(INPUT_GRADIENT, name)
            else:
                done.add(name)
                project.export(STEP_ROOT, name, why)
                rooted = True
        if call.keywords and any(k.arg in _ROOT_KEYWORDS for k in call.keywords) or call.args and called in _HANDING:
            for handed, why in _handed_roots(file, call):
                name = file.def_of(handed)
                if name is not None:
                    project.export(STEP_ROOT, name, why)
                    rooted = True
        # (no edge from code off the step below: a test makes and calls anything)
        if call.args and call_name(call) in WRAPPERS:  # `partial(_probability_fn, mode=mode)`
            wrapped = file.def_of(call.args[0])
            if wrapped is not None and file.local_context(call) is None:
                for referrer in referrers(file, call):
                    project.export(REFERRED_BY, wrapped, referrer)
        elif kind is ast.Call:
            made = file.def_of(func.func)  # `Grid()(image)`: an instance of a project class made and called
            if made is not None and file.callee(call) is None and file.local_context(call) is None:
                for method in ("__call__", "call"):
                    project.export(REFERRED_BY, f"{made}.{method}", file.qualname(call))
        elif derived and kind is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
            # `self.propagate(x)` of a method a base class defines: `on_step` looks for it up the hierarchy
            owner = file.enclosing_class(call)
            if owner in derived and file.callee(call) is None and file.local_context(call) is None:
                project.export(REFERRED_BY, f"{file.qualnames[owner]}.{func.attr}", file.qualname(call))
    if rooted:
        project.export(STEP_ROOT, ANY, True)  # the project shows its step somewhere


def made_off_step(project, method: str) -> str | None:
    """The kind of code off the training step (`context.OFF_STEP`: inference, export, evaluation...) every
    construction of the class of a layer's `call` / `__call__` method is made in, as the project's calls say
    (`self.predict_model = Model(inputs, Maxima2D(...)(outputs))` in a model built only to predict, a head made in
    an export function), tests aside; None when one is made anywhere else or the project shows none, or in a
    function that is inference only by a name saying prediction (`PREDICT_NAMED`: "predict" also names a forward
    pass, `_build_prediction_head`), when
    something refers to the class without calling it (a registry, `custom_objects`: made where the source does not
    show), or when a project class derives from it (its subclasses are made elsewhere)."""
    cls, _, name = method.rpartition(".")
    if name not in _STEP_METHODS or not cls or project.is_module(cls) or project.query(STEP_SUBCLASS, cls):
        return None
    if project.query(PREDICT_NAMED, cls):
        return None  # (made in a function named for prediction only: "predict" also names a forward pass)
    kinds = set()
    for caller in project.query(CALLED_BY, cls):
        if caller == "!test":
            continue
        if type(caller) is not str or caller[:1] != "!" or caller[1:] not in OFF_STEP:
            return None
        kinds.add(caller[1:])
    return min(kinds) if kinds else None


_UPDATES = {"apply_gradients", "minimize", "compute_gradients", "fit", "train_on_batch", "assign_sub", "assign_add"}


def _optimises_inputs(scope: ast.AST) -> bool:
    """Whether a function's GradientTape computes gradients only with respect to what it watches (`tape.watch(x)`
    ... `tape.gradient(loss, x)`) and updates no variable: TensorFlow watches trainable variables by itself, so a
    watched source is a tensor, an input the code differentiates (an adversarial attack's FGSM/PGD step, a saliency
    map, feature visualisation, an acquisition function's optimiser), not a model's weights. A gradient with respect
    to anything else (`model.trainable_variables`, a gradient penalty's outer tape), or an optimizer's update in the
    same function, leaves it a training step."""
    if type(scope) not in (ast.FunctionDef, ast.AsyncFunctionDef):
        return False
    watched, gradients, updated = set(), [], []
    for node in walk_nodes(scope):
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute:
            continue
        attr = node.func.attr
        if attr == "watch" and node.args:
            watched.update(_source_names(node.args[0]) or ("?",))
        elif attr == "gradient" and (source := node.args[1] if len(node.args) > 1 else next(
                (k.value for k in node.keywords if k.arg == "sources"), None)) is not None:
            gradients.append(source)
        elif attr == "apply_gradients" and len(node.args) == 1 and not node.keywords:
            updated.append(_updated(node.args[0]))  # an optimizer's step on what the tape watched (a patch)
        elif attr in _UPDATES:
            return False
    watched.discard("?")
    return bool(gradients) and bool(watched) and all(
        (names := _source_names(source)) and names <= watched for source in (*gradients, *updated))


def _updated(pairs: ast.AST) -> ast.AST:
    """The variables an `apply_gradients` argument updates: `zip(grads, [v])` -> `[v]`, `[(g, v)]` -> `[v]`."""
    if type(pairs) is ast.Call and type(pairs.func) is ast.Name and pairs.func.id == "zip" and len(pairs.args) == 2:
        return pairs.args[1]
    if type(pairs) in (ast.List, ast.Tuple) and all(type(e) is ast.Tuple and len(e.elts) == 2 for e in pairs.elts):
        return ast.List(elts=[e.elts[1] for e in pairs.elts])
    return pairs  # (something else: no names, so no input)


def _source_names(expr: ast.AST) -> set[str]:
    """The names a gradient's sources (or a watch's argument) are: `x`, `[x, y]`, `(x,)`, `self.patch`,
    `layer.inputs`; empty for anything else."""
    items = expr.elts if type(expr) in (ast.List, ast.Tuple) else [expr]
    names = {dotted for item in items if (dotted := _dotted(item))}
    return names if len(names) == len(items) else set()


def _dotted(expr: ast.AST) -> str | None:
    """`x` -> "x", `self.patch` -> "self.patch"; None for anything else (a call, a subscript)."""
    if type(expr) is ast.Name:
        return expr.id
    if type(expr) is ast.Attribute and expr.attr not in _WEIGHTS and (owner := _dotted(expr.value)) is not None:
        return f"{owner}.{expr.attr}"
    return None


# a layer's or model's own attributes that are its weights (Keras's API names): watched, they are still weights
_WEIGHTS = {"trainable_variables", "trainable_weights", "variables", "weights"}


def _export_class(file: FileContext, node: ast.ClassDef, qualname: str) -> bool:
    """A class's project bases, both ways (`on_step` follows a method up and down its class hierarchy: a
    base's `self.m()` runs an override, a subclass's runs the base's). Whether it has one."""
    project, found = file.project, False
    for base in node.bases:
        name = file.def_of(base) or file.qualified(base)
        if name and not is_framework(name):
            project.export(STEP_BASE, qualname, name)
            project.export(STEP_SUBCLASS, name, qualname)
            found = True
    return found


def _handed_a_tape(file: FileContext, node: ast.AST) -> bool:
    """A parameter annotated `tf.GradientTape`: the function records into (or reads) the tape of the step that
    calls it (tensorflow-privacy's per-layer gradient-norm functions, `fn(layer, args, kwargs, tape)`)."""
    args = node.args
    return any(arg.annotation is not None and file.qualified(arg.annotation) == "tensorflow.GradientTape"
               for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs))


def named_root(node: ast.AST, outer: ast.AST | None) -> str | None:
    """Why a function is a root by its name, its decorators and its class, or None."""
    name = node.name
    words = set(_words(name))
    for decorator in node.decorator_list:
        said = decorator.func if type(decorator) is ast.Call else decorator
        if _LAYER_DECORATOR_WORDS & set(_words(last_name(said))):
            return "a layer (by its decorator)"  # tensorpack's `@layer_register()`
    if type(outer) is ast.ClassDef:
        said = {w for b in outer.bases for w in _words(last_name(b))} | set(_words(outer.name))
        derived = any(not (type(b) is ast.Name and b.id == "object") for b in outer.bases)
        if name == "call" and (derived or said & _MODEL_WORDS) or name == "__call__" and said & _MODEL_WORDS:
            return LAYER_CALL
        if name not in ("__init__", "get_config", "from_config") and \
                TRAINING_WORDS & said and not _INPUT_WORDS & said:
            words |= TRAINING_WORDS  # a method of a class named for training (`TrainingSampler.next_inputs`)
    if _LOSS_WORDS & words:
        return "a loss"
    if TRAINING_WORDS & words and not _INPUT_WORDS & words:
        return "a training step"
    if "forward" in words:
        return "a forward pass"
    if "model_fn" in name.lower():
        return "a model function"
    return None


@lru_cache(maxsize=None)
def _words(name: str) -> tuple[str, ...]:
    return tuple(tokens(name))


def _training_call(file: FileContext, call: ast.Call) -> str | None:
    """Why a call makes its function a root: it trains, or it builds a functional model."""
    func = call.func
    if type(func) is ast.Call:  # `Conv2D(32, 3)(x)`: a Keras layer applied to a tensor
        inner = file.call_name(func) or ""
        return "functional model building code" if inner.startswith(("keras.layers.", "tensorflow.keras.layers.")) \
            else None
    name = file.call_name(call)
    if name is None:
        return None
    if name in _TRAINING_CALLS:
        return "a training step"
    if name.startswith(_OPTIMIZERS) or name.endswith("Optimizer"):
        return "a training program (it makes an optimizer)"
    if name in _MODEL_CALLS:
        return "functional model building code"
    return None


@lru_cache(maxsize=None)
def _called_root(called: str) -> str | None:
    """Why a call of a function or method of this name makes its caller a root (cached: names repeat)."""
    if called in _TRAINING_METHODS:
        return "a training step"
    if called in _VARIABLE_CALLS:
        return "model building code (it makes variables)"
    if "rain" in called:  # (most names say nothing of training: no word split for them)
        words = set(tokens(called))
        if TRAINING_WORDS & words and not _INPUT_WORDS & words:
            return "a training loop (it calls a training step)"  # `model.train_step(...)`, `train(...)`
    return None


def _handed_roots(file: FileContext, call: ast.Call):
    """(argument, why) for a function a call hands on to run in the step: by a `loss=` / `model_fn=` /
    `step_fn=` keyword, to `strategy.run`, to a Keras `Lambda` layer."""
    for keyword in call.keywords:
        why = _ROOT_KEYWORDS.get(keyword.arg or "")
        if why is not None and type(keyword.value) in (ast.Name, ast.Attribute):
            yield keyword.value, why
    if not call.args or type(call.args[0]) not in (ast.Name, ast.Attribute):
        return
    func = call.func
    if type(func) is ast.Attribute and func.attr in _RUNS and "strategy" in last_name(func.value).lower():
        yield call.args[0], "a training step"
    elif (file.call_name(call) or "").endswith("layers.Lambda"):
        yield call.args[0], "a Lambda layer's function"


def on_step(file: FileContext, node: ast.AST, strict: bool = False, skipped: list[str] | None = None) -> bool:
    """Whether a root of the training step reaches the code at `node` (asked while a report is made:
    its questions are reporting ones). Module-level code is taken to be on it (a script's model), and so is
    every code of a project that shows no root at all (a snippet: the step is unknown, not absent); `strict`:
    only code a root of the training step alone is seen to reach (none of those defaults, nor a way up too long to
    follow, nor an Estimator model_fn, which builds the prediction graph too).

    The way up from a function: its callers and referrers; for a method, the same method of its class's
    bases (whose callers' `self.m()` or `obj.m()` may run it) and of its subclasses (which inherit it), each
    followed in its own direction only (a base's other subclasses never run it); and, for a method nothing
    calls by name, the code that makes an instance of its class (its callers: a subclass, a factory, a
    method), which is where the call graph lost the object. A method of a class whose `call` is a root makes
    it for that call (`self.pruning = Pruning(...)` in a layer's `build`, `self.pruning.update()` in its
    `call`: `_calls_in_step`). A model builder or an optimizer's maker (`_BUILDING`) is no root for what is
    reached through an instance made: it runs a layer's call or a loss, not every method of what it makes.
    A layer's `call` is no root when every construction of its class in the project is in code off the step
    (`made_off_step`: a head added only to a model built to predict); `skipped` gets the kind of code it is made
    in, so that a caller can say why a site no root reaches is off the step."""
    starts = [file.qualnames[a] for a in file.ancestors(node) if type(a) in _FUNCTIONS]
    project = file.project
    if not starts or not project.query(STEP_ROOT, ANY):
        return not strict  # (a project that shows no layer, loss or step anywhere: where its code runs is not known)
    seen: dict[str, int] = {}  # name -> the states it was looked at in (bits: `_COVERS`)
    todo = [(name, _ANY_WAY, False) for name in starts]
    while todo:
        name, way, made = todo.pop()
        known = seen.get(name, 0)
        if known & _COVERS[way, made]:
            continue
        seen[name] = known | _BIT[way, made]
        if len(seen) > MAX_REACH:
            return not strict
        roots = project.query(STEP_ROOT, name)
        if strict and roots:
            roots = [why for why in roots if why not in _NOT_TRAINING_ALONE]
        if roots and all(why == LAYER_CALL for why in roots) and (kind := made_off_step(project, name)):
            if skipped is not None:
                skipped.append(kind)
            continue  # (a layer made only to predict, evaluate or export: its call runs in no training step)
        if roots and (not made or any(why not in _BUILDING for why in roots)):
            return True
        cls, _, method = name.rpartition(".")
        in_class = bool(cls) and not project.is_module(cls)
        if way == _MADE and in_class and _calls_in_step(project, cls):
            return True  # (an instance a layer makes in a method of its own)
        if in_class and way != _MADE:  # the same method up and down its class's hierarchy, each way on its own
            if way != _DOWN:
                todo.extend((f"{other}.{method}", _UP, made) for other in project.query(STEP_BASE, cls))
            if way != _UP:
                todo.extend((f"{other}.{method}", _DOWN, made) for other in project.query(STEP_SUBCLASS, cls))
        callers = (*project.query(CALLED_BY, name), *project.query(REFERRED_BY, name))
        # what calls a class or a function of a module that makes it (a subclass, a factory) makes it too
        onward = _MADE if way == _MADE and not in_class else _ANY_WAY
        for caller in callers:
            if type(caller) is tuple:
                # a hand-off to a project function's parameter (that function runs it; the caller is the
                # fallback), or a run-time CPU choice's caller
                found = (caller[1], caller[4]) if caller[0] == HANDED else (caller[0],)
            else:
                found = (caller,)
            todo.extend((c, onward, made) for c in found if type(c) is str and c and c[0] not in "!?")
        if not callers and way == _ANY_WAY and in_class:
            # a method nothing calls by name (not a base's or subclass's name for it, which may name nothing)
            # runs where an instance of its class is made and used, as far as the call graph shows
            todo.append((cls, _MADE, True))
    return False


# how a name was reached: as a def or a caller; up or down a class hierarchy (a base's or subclass's name for a
# method); as what makes an instance of a class whose method nothing calls by name (the class, a subclass, a
# factory function, then a method: `_calls_in_step` asks about its class)
_ANY_WAY, _UP, _DOWN, _MADE = range(4)
_BIT = {(way, made): 1 << (2 * way + made) for way in range(4) for made in (False, True)}
# the states that cover a state (reach at least as far from the name): any way covers one way, and not through
# an instance made (every root counts) covers through one; what makes an instance asks more than a caller
_COVERS = {(way, made): sum(_BIT[w, m] for w in {way, _ANY_WAY if way in (_UP, _DOWN) else way}
                            for m in {made, False}) for way in range(4) for made in (False, True)}
# the roots that do not run what they make: code that builds a model (a functional model's graph, a TF1
# model's variables) or makes an optimizer runs a layer's call or a loss it hands the model, not every method
# of every object it makes (a method the call graph does not see called runs where its object is used)
_BUILDING = frozenset({"functional model building code", "model building code (it makes variables)",
                       "a training program (it makes an optimizer)"})
# roots that run more than the training step: an Estimator model_fn, and the code that builds a model's graph (a TF1
# graph's variables, a functional model), build the prediction graph too (what they compute only for the predictions
# runs in none of the training steps); `strict` does not count them
_NOT_TRAINING_ALONE = frozenset({"a model function", *_BUILDING})
_STEP_METHODS = ("call", "__call__")
MAX_BASES = 8  # how far up a class's project bases `_calls_in_step` looks for its call


def _calls_in_step(project, cls: str) -> bool:
    """Whether the class (or a project base of it) has a `call` / `__call__` that is a root of the step: what
    one of its methods makes and stores is there for the call to use."""
    todo, seen = [cls], set()
    while todo and len(seen) < MAX_BASES:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if any(why not in _BUILDING for method in _STEP_METHODS for why in project.query(STEP_ROOT,
                                                                                          f"{name}.{method}")):
            return True
        todo.extend(project.query(STEP_BASE, name))
    return False
