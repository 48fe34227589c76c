"""TFP702 and TFP703 in source: a Keras training script's mixed-precision policy, and its output layer.

TFP702: a file that builds Keras layers or models (also the project's own `keras.Model`
subclasses) and trains them (`compile`, `fit`, `fit_generator`, `train_on_batch`, or a
`tf.GradientTape`), with no global dtype policy, or with one set after the first layer is built (the policy is read when a
layer is constructed: layers built before it keep float32; inputs and input specs compute
nothing). Order is execution order as far as the file shows it: a build or a policy call inside a
function happens where the file calls that function (module-level code first, in line order),
inside a method of a Keras class where the class is instantiated (placement.Timeline). The fix
puts the policy line where it runs before the model's first layer (placement.policy_point). A
call to a project function that sets the policy (`performance.set_mixed_precision_policy(dtype)`)
sets it. A policy another module sets may run first, so that is info; but a program (a file with
an `if __name__ == "__main__":` block) runs only what it calls, so there a policy set elsewhere
and never called does not count; a program that trains (`fit`, `train_on_batch`, a GradientTape)
a model built elsewhere, without a policy, is reported at its first training call (as info when the file never
uses Keras and what it builds are tf.Modules of a library that makes no Keras layers, Sonnet, or of its own
`tf.Module` classes: a Keras policy would not reach them). A program that trains only through project calls
(`runner.run(model_fn=..., trainer=trainer)`, whether it builds its model or not) is reported at the call that leads
there; the calls are followed through a parameter annotated with a project class to its subclasses' overrides (`def
run(trainer: Trainer)`: the abstract `Trainer.train` does nothing, `KerasTrainer.train` fits), and a setter on the
way that sets a policy only where its object is given a parameter (`if self._options and self._options.policy:`,
`options=None`: `optin.opt_in`) sets none for a program whose constructions of that class give none. A method
runs as the method of the object it is called on (`_Dispatch`): a template method (`agent.train(x)` -> the base's
`self._train_fn(x)`, bound to `tf.function(self._train)`) runs the override of the class the program made, and an
object handed to a project constructor (`Learner(root_dir, agent).run()` -> `self._agent.train(x)`) runs on its class, and
so does one passed to a project function (`trainer.train(self.model, data)` -> `model.train_step(batch)` on the
parameter: PARAMETER, `_passed_arguments`). A call picked at run time runs any of its candidates: a method of `self`
by a computed name (`_picked_methods`), a class of a registry by a computed key (`_registry_classes`, REGISTRY), the
closure a project factory returns (`_closures_made`, `_closure_parameter`), and a command line any of its commands
(`_commands`: the functions a decorator registers on an object the file calls, `@app.command()` ... `app()`; a table
of functions read by a computed key, `_table_functions`; argparse's sub-commands, `set_defaults(func=f)` ...
`args.func(args)`, `_parser_commands`; `fire.Fire(Cls)`'s public methods and `tf.compat.v1.app.run()`'s `main`,
`_runner_callees`). A method of an object made in place (`Trainer(cfg).train()`, `Mine.from_config(cfg)` of a
class method returning `cls(...)` or annotated to return its class: CLASS_ITSELF) runs on that object's class, and so
does a class method called on a class (`DeepQAgent.example(config)`, whose `cls(**config)` makes one: `_own_class`). A `fit` of an object of a project class that defines its own `fit` and is
no Keras model is the project's code (`_own_method`): followed, not read as Keras' `fit`. A program is a
file with a `__main__` block or a script building or training a model in module-level code; the
`run` method of a framework task class (zookeeper's `Experiment`, TASK_BASES) is a program's too. A `__main__`
block makes a program only where it may train (`_main_may_train`): a library module's `__main__: pass`, or a block
that builds, saves, loads and predicts, leaves the module library code. Code
that is not a program (a library module: Keras, a model zoo, a package's training API such as Model
Maker's `create()`) is info, programs in the project or not: the policy is the program's to set, and
a line inserted in a library would switch it for every program that calls it. A `Sequential` whose
every layer states a tiny size (Dense layers of at most 32 units on inputs of at most 32 features: a
2-4-1 XOR net) is info too: its matmuls are too small for a 16-bit policy to matter, and so is a
program's `__main__` block that only compiles its model (a smoke check: no training step in the file,
the model handed to no other code). A policy call that sets none where the code runs does not count:
`keras.mixed_precision.experimental` on TensorFlow >= 2.9 (removed), and a call that runs only where a GPU
is found (`if gpus:`, `if not gpus: return` before it) on a target that is no GPU.

TFP703: in a file whose global policy is 16-bit, a softmax output layer without a float32 dtype
(Keras' mixed-precision guide: the softmax and the model's output in float32).
"""

from __future__ import annotations

import ast
import builtins
import math
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from tfperf.findings import Fix, Safety, Severity, TextEdit
from tfperf.rules.mixed_precision.placement import TEST_CASE_SUFFIX, Point, Timeline, first_line, policy_point
from tfperf.source.api import is_framework
from tfperf.source import configs
from tfperf.source.arguments import parameter_names, positional_names
from tfperf.source.configs import parameter_annotation
from tfperf.source.context import last_name, main_block, trains
from tfperf.source.optin import opt_in
from tfperf.source.paths import conditions, exited_before
from tfperf.source.passed import enclosing_functions
from tfperf.source.project import CALLED_BY, STEP_BASE, STEP_SUBCLASS
from tfperf.source.classes import derives
from tfperf.source.treewalk import own_nodes, walk_nodes
from tfperf.source.visitor import Calls, SourceVisitor, argument, keyword
from tfperf.tf_releases import KERAS_MIXED_PRECISION_EXPERIMENTAL_REMOVED

POLICY_SETTERS = {"keras.mixed_precision.set_global_policy", "keras.mixed_precision.set_dtype_policy",
                  "keras.config.set_dtype_policy", "keras.mixed_precision.experimental.set_policy"}
SIXTEEN_BIT_POLICIES = {"mixed_bfloat16", "mixed_float16", "bfloat16", "float16"}
MODEL_BUILDERS = {"keras.Model", "keras.models.Model", "keras.Sequential", "keras.models.Sequential"}
# Keras' training calls; `fit_generator` (Keras 2's generator API, deprecated in TF 2.1 but still run by
# programs written for it, e.g. keras-retinanet's train.py) trains the way `fit` does
TRAINING_METHODS = {"compile", "fit", "fit_generator", "train_on_batch"}
GRADIENT_TAPE = "tensorflow.GradientTape"
# the keywords Keras' `fit`, `fit_generator` and `train_on_batch` take, in every Keras from 1.x (`nb_epoch`,
# `samples_per_epoch`, `nb_worker`) to 3: a call passing another (`layer_obj.fit(x, x, graph=graph)`, `config.fit(
# batch=65000, method="BFGS")`) would raise in Keras
KERAS_TRAINING_KEYWORDS = frozenset({
    "x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data", "shuffle",
    "class_weight", "sample_weight", "initial_epoch", "steps_per_epoch", "validation_steps", "validation_batch_size",
    "validation_freq", "max_queue_size", "workers", "use_multiprocessing", "reset_metrics", "return_dict",
    "generator", "nb_epoch", "samples_per_epoch", "nb_val_samples", "nb_worker", "pickle_safe", "max_q_size",
    "show_accuracy"})
SOFTMAX_ACTIVATIONS = {"softmax", "log_softmax"}
SOFTMAX_LAYERS = {"keras.layers.Softmax"}
ACTIVATION_LAYERS = {"keras.layers.Dense", "keras.layers.Activation", "keras.layers.Conv2D", "keras.layers.Conv1D"}
POLICY_FOR = {"bfloat16": "mixed_bfloat16", "float16": "mixed_float16"}
POLICY_SET = "policyset"  # summary fact: this module sets a global dtype policy (value: where)
POLICY_FUNCTION = "policyfn"  # summary fact: this project function sets the global dtype policy
KERAS_MODEL = "kerasmodel"  # summary fact: this project class derives from keras.Model
KERAS_LAYER = "keraslayer"  # summary fact: this project class derives from a Keras layer (a Model is one)
LAYER_BASES = MODEL_BUILDERS | {"keras.Layer", "keras.layers.Layer"}
LAYER_PREFIXES = ("keras.layers.", "keras.applications.")
INPUT_LAYERS = {"keras.layers.Input", "keras.layers.InputLayer", "keras.Input"}
NOT_COMPUTING = INPUT_LAYERS | {"keras.layers.InputSpec", "keras.InputSpec"}  # they read no policy that matters
# for the policy's finding (the first layer that computes does); a policy line still goes before an Input
PROGRAM = "program"  # summary fact: this module runs as a program (value: where)
POLICY16_SET = "policy16set"  # summary fact: this module may set a 16-bit global policy (not "float32"; value: where)
POLICY16_FUNCTION = "policy16fn"  # summary fact: this project function may set a 16-bit global policy
# summary fact: this project function may set a 16-bit global policy, but only where a caller gives a parameter
# whose default (None, False) keeps it from doing so (`if self._options and self._options.policy:`, `options=None`;
# `optin.opt_in`): (function, position, name, default) of that parameter
POLICY16_OPT_IN = "policy16optin"
TRAINS = "trains"  # summary fact: this project function trains a model itself (fit, a GradientTape, apply_gradients)
# a tf.distribute strategy's methods that run the function they are given on each replica
STRATEGY_RUNS = {"run", "experimental_run_v2", "call_for_each_replica", "experimental_run"}
# summary fact: this module-level dict, list or tuple literal holds only project classes (a registry by name: `registry =
# {"a2c": A2C, "ppo": PPO}`), one value per class; `registry[name](...)` makes an instance of one of them
REGISTRY = "classreg"
INSTANCE = "modinst"  # summary fact: this module-level name holds an object of this project class (`app = Beat()`)
FACTORY = "factory"  # summary fact: this project function returns an instance of this class (a registry's factory)
CLASS_ITSELF = "<cls>"  # FACTORY's value for a class method returning `cls(...)`: the class it is called on
# summary fact: the methods this project class defines in its body (`_reaches_training` finds the one an instance runs)
METHODS = "ownmethods"
# a CALLS_TO value (INIT_PARAMETER, class, position, name, method): the function calls `method` of what the class's
# constructor is given at that parameter (`self._agent = agent` ... `self._agent.train(x)`)
INIT_PARAMETER = "init"
# a CALLS_TO value (ON_INSTANCE, method, given): the function calls the method on an object whose construction it
# sees given instances of project classes (`_construction_arguments`: `Learner(root, agent)` ... `learner.run()`)
ON_INSTANCE = "on"
# a CALLS_TO value (PARAMETER, function, position, name, method): the function calls `method` of what its caller passes
# at that parameter (`def train(self, model, data)` ... `model.train_step(x)`): the classes the call passed, `passed`
PARAMETER = "param"
CALLS_TO = "callsto"  # summary fact: the project functions this project function calls (or hands a function to)
# a CALLS_TO value (OVERRIDES, class, method): the method of a project class a parameter's annotation names, and the
# overrides of its project subclasses (`_overriding`), which the reader finds (`_callees`): the subclasses are facts of
# other files, which would otherwise make the exporting file's summary wait for them
OVERRIDES = "<overrides"
# how many calls deep a program's training is followed through the project (main -> Runner.train ->
# Trainer.__call__ -> Trainer._steps -> Trainer._apply_gradients: a trainer class's call chain; a CLI's run ->
# run_train_from_args -> train -> train_loop -> Model.run_one_epoch -> _run_step -> _fast_run_step: seven; an RL
# program's main -> train_eval -> PPOLearner.run -> Learner.run -> Learner._train -> single_train_step ->
# TFAgent.train -> PPOAgent._train: a learner wrapping a generic learner wrapping the agent's template method, eight)
MAX_TRAINING_DEPTH = 9
APPLY_GRADIENTS = "apply_gradients"  # an optimizer's update: a custom training step's (`optimizer.apply_gradients`)
# a model whose every layer states its size and has no weight larger than this many elements (at most 32
# units on at most 32 features: a 2-4-1 XOR net) has matmuls too small for a 16-bit policy to matter (the
# bar of a small stated operand, `transpose.source.SMALL_ELEMENTS`)
TINY_WIDTH = 32
TINY_LAYERS = {"keras.layers.Dense"}  # their size is their units
SEQUENTIAL = {"keras.Sequential", "keras.models.Sequential"}  # what flows through it is only what it is given
WEIGHTLESS_LAYERS = {"keras.layers.Activation", "keras.layers.Dropout", "keras.layers.Flatten"}
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
KERAS_COMPILE_KEYWORDS = {"optimizer", "loss", "metrics"}
# Framework task classes: the method their framework's command line runs as the program, by its
# documented contract (zookeeper: "Subclasses [of Experiment] must implement their training loop in
# `run`"; a `@task` subclass is a CLI command). A training step in that method of a class deriving
# from one directly is a program's; the program's entry point (`zookeeper.cli()`) is not in the source.
# libraries of `tf.Module` models (not Keras layers): a Keras dtype policy does not reach what they build; they
# have their own mixed precision (`snt.mixed_precision`)
MODULE_LIBRARIES = ("sonnet.",)
MODULE_BASES = {"tensorflow.Module", "sonnet.Module"}
TASK_BASES = {"zookeeper.tf.Experiment": "run", "zookeeper.tf.experiment.Experiment": "run",
              "zookeeper.Experiment": "run", "zookeeper.experiment.Experiment": "run"}


def _builds(visitor: SourceVisitor, node: ast.Call, ask: bool = True) -> bool | None:
    """A call that constructs a Keras layer or model (the moment a layer reads the global policy).
    None for a call of a project class or function when not `ask`ed: whether that is a Keras model
    is a question to the project, put only when the answer matters (a file that trains)."""
    name = visitor.call_name(node) or ""
    if name in NOT_COMPUTING:
        return False
    constructs = name in MODEL_BUILDERS or name.startswith(("keras.layers.", "keras.applications."))
    if constructs:
        return name.rpartition(".")[2][:1].isupper()  # a class, not a helper like layers.add
    callee = visitor.file.callee(node)
    if callee is None:
        return False
    return derives(visitor.file, callee, MODEL_BUILDERS, KERAS_MODEL) if ask else None


def _trains(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Attribute) and node.func.attr in TRAINING_METHODS


def _library_compile(visitor: SourceVisitor, node: ast.Call, name: str | None) -> bool:
    """A `compile` of a library module the file imports, not of a Keras model (`re.compile(pattern)`,
    `torch.compile(fn)`): the call name resolves to a module outside Keras, TensorFlow and the project."""
    if node.func.attr != "compile" or name is None or name.startswith(("keras.", "tensorflow.", "tf_keras.")):
        return False
    module = name.rpartition(".")[0]
    return bool(module) and not visitor.file.project.is_module(module)


def _may_be_keras(file, node: ast.Call) -> bool:
    """A training method's call that may be a Keras model's: any in a file that names TensorFlow or Keras; in one
    that names neither (a program read for where its calls lead), only on an object of a project class (`runner =
    Runner(...)` ... `runner.fit(data)`): `svd.fit(data)` of a library the program imports (scikit-learn, a
    recommender toolkit) trains no Keras model, and the program trains one only where its calls reach the project."""
    holder = node.func.value
    stored = _stored_values(file, holder)  # (`self.<attr>`: what its class stores there)
    if type(holder) is ast.Name and _library_instance(file, holder) or _library_class(file, holder) or \
            stored and all(_library_class(file, value) for value in stored):
        return False  # (also an object built in place: mlmodels' `MinMaxScaler().fit(df)`, set 71)
    classes = _constructed_classes(file, holder, module_level=True) if type(holder) is ast.Name else \
        _stored_classes(file, stored)
    if not classes and node.func.attr != "compile" and \
            any(k.arg is not None and k.arg not in KERAS_TRAINING_KEYWORDS for k in node.keywords):
        return False  # (on an object of no class the source shows, a keyword no Keras training call takes: another
        # library's or the project's `fit`; on a project class's object, `_own_method` below decides)
    # (a test or a tool is no program `_trains_through_project` follows: its wrapper's `fit` stays read as Keras',
    # reported there at info as before, not dropped)
    if classes and file.path_context is None and _own_method(file, classes, node.func.attr):
        return False  # (the project's own `fit`: followed as project code, `_project_callees`)
    return file.names_a_framework or bool(classes)


def _own_method(file, classes: list[str], method: str) -> bool:
    """Whether every one of `classes` (project classes an object is made of) runs the project's own definition of
    `method` (its class's or a project base's, `METHODS`), and none derives from a Keras model: its `fit` is the
    project's code (a NumPy k-means' `fit`, a PyTorch network's, a wrapper whose `fit` calls its Keras model's),
    which trains a Keras model only where its own calls lead to training, not Keras' `fit` by its name. A class
    with no such definition in the project inherits it from a library (Keras' `Model.fit`): not this."""
    dispatch = _Dispatch(file.project)
    for cls in classes:
        if derives(file, cls, MODEL_BUILDERS, KERAS_MODEL) or not any(
                method in methods for base in dispatch.lineage(cls) for methods in file.project.query(METHODS, base)):
            return False
    return True


_KERAS_MODULES = ("keras.", "tensorflow.", "tf_keras.")


def _library_instance(file, name: ast.Name) -> bool:
    """Whether every binding of a local name that reaches it constructs a class the file imports from a library
    outside Keras, TensorFlow and the project (`model = MLPClassifier(...)` of scikit-learn, then `model.fit(x, y)`;
    also a script's module-level `scaler = StandardScaler()` ... `scaler.fit(x)`): its `fit` trains no Keras model,
    whatever else the file imports. A module-level name read inside a function is not: another binding may reach."""
    if name.id not in file.stored_names:
        return False
    bound = file.binding(name)
    if bound is None or type(bound.stmt) is not ast.Assign or \
            isinstance(scope := file.scope_of(bound.stmt), ast.ClassDef) or scope is not file.scope_of(name):
        return False
    bindings = file.reaching_bindings(name)
    return bool(bindings) and all(_library_class(file, binding.value if type(binding.stmt) is ast.Assign else None)
                                  for binding in bindings)


def _stored_values(file, holder: ast.AST) -> list[ast.expr]:
    """The values the methods of its class store in `self.<attr>`, None left out and both sides of a conditional
    taken (`self._lda = LinearDiscriminantAnalysis() if lda else None`); [] for anything else. A training method
    called on it is judged by them as on a local name by its bindings: odin's `Scorer.fit` calls `self._svm.fit`
    of a scikit-learn `SVC` and `self._normalizer.fit` of the project's own `VectorNormalizer` (set 70)."""
    if type(holder) is not ast.Attribute or type(holder.value) is not ast.Name or holder.value.id != "self":
        return []
    owner = file.enclosing_class(holder)
    stores = file.self_assignments(owner, holder.attr) if owner is not None else []
    values = [side for store in stores for side in (
        (store.value.body, store.value.orelse) if type(store.value) is ast.IfExp else (store.value,))]
    return [value for value in values if not (type(value) is ast.Constant and value.value is None)]


def _stored_classes(file, stored: list[ast.expr]) -> list[str]:
    """The project classes `stored` constructs, when every value constructs one (`_made_classes`), else []."""
    made = [_made_classes(file, value) for value in stored]
    return sorted({cls for classes in made for cls in classes}) if made and all(made) else []


def _library_class(file, value: ast.AST | None) -> bool:
    """A construction of a class the file imports from a library outside Keras, TensorFlow and the project."""
    made = file.call_name(value) if type(value) is ast.Call else None
    module, _, last = (made or "").rpartition(".")
    return bool(module) and last[:1].isupper() and not made.startswith(_KERAS_MODULES) and \
        not _through_project(file, module) and file.def_of(value.func) is None


def _through_project(file, module: str) -> bool:
    """Whether a dotted name reaches its class through a project module (`keras_xlnet.backend.keras.models`: the
    project's backend module re-exports Keras, `from keras_xlnet.backend import keras`)."""
    parts = module.split(".")
    return any(file.project.is_module(".".join(parts[:end])) for end in range(len(parts), 0, -1))


def _is_program(visitor: SourceVisitor) -> bool:
    """A file run as a program: a script that builds or trains a model in module-level code (a library does
    neither when it is imported), or an `if __name__ == "__main__":` block that may train (`_main_may_train`:
    a library module's own `__main__: pass`, or a block that builds, saves, loads and predicts, makes no program
    that trains the module's classes)."""
    blocks = [stmt for stmt in visitor.file.tree.body if main_block(stmt)]
    if blocks and _main_says_training(visitor, blocks):
        return True  # (the common case, found from the block's own calls: `tf.test.main()`, `model.fit(...)`)
    calls = list(_module_level_calls(visitor.file.tree))
    if any(_training_call(call) or _builds_a_model(visitor.call_name(call) or "")
           or visitor.call_name(call) == GRADIENT_TAPE for call in calls) or _runs_training(visitor, calls):
        return True
    if _leads_to_training(visitor, calls):
        return True  # (a script without a `__main__` guard: `trainer = Train(...)`, `trainer.launch(...)`, set 70)
    return bool(blocks) and _main_may_train(visitor, blocks) or bool(_entry_points(visitor))


def _leads_to_training(visitor: SourceVisitor, calls: list[ast.Call]) -> bool:
    """Whether any of `calls` leads through project calls to a function that trains (`TRAINS`)."""
    callees = [c for call in calls for c in _project_callees(visitor.file, call)]
    return bool(callees) and bool(visitor._reaches_training(callees)[0])


# the canonical names of a call that trains an Estimator (the framework's own training loop)
_ESTIMATOR_TRAINING = {"tensorflow.estimator.train_and_evaluate", "tensorflow.compat.v1.estimator.train_and_evaluate",
                       "tensorflow_estimator.estimator.train_and_evaluate"}


def _entry_points(visitor: SourceVisitor) -> list[ast.FunctionDef]:
    """The module-level functions of a file that a framework or a console runs by name or by reference, as a
    program's entry (`run_fn(fn_args)` of a TFX module file, which the Trainer imports and calls by name; a
    console script's `main()`, which the installed command calls with no arguments; a command a CLI decorator
    registers): a function of the module's public API (a framework names what a module exports; a private
    function nothing calls is dead or test-only code), not a test by its name (pytest collects `test*`), that no
    code of the project calls (tests aside; a reference handed on, as to a framework, is how a framework gets it),
    that returns no value (what it trains goes to disk or nowhere: a library's training API hands its model back; a
    generator yields its values),
    and that trains what it makes itself (`_entry_trains`). Not in tests, benchmarks, tools (`path_context`)."""
    file = visitor.file
    if file.path_context is not None:
        return []
    found, commands = [], None
    for stmt in file.tree.body:
        if type(stmt) is not ast.FunctionDef or stmt.name.startswith(("_", "test")) or \
                any(type(n) is ast.Return and n.value is not None and not (type(n.value) is ast.Constant and
                                                                           n.value.value is None)
                    or type(n) in (ast.Yield, ast.YieldFrom) for n in own_nodes(stmt)):
            continue
        if commands is None:
            commands = _command_names(file)
        if not _entry_trains(visitor, stmt, command=stmt.name in commands):
            continue
        qualname = file.qualnames.get(stmt)
        if qualname is None or any(type(c) is str and c not in ("?", "!test") or type(c) is tuple
                                   for c in file.project.query(CALLED_BY, qualname)):
            continue  # (a call of the project runs it: a helper, whatever trains)
        found.append(stmt)
    return found


_DATA_KEYWORDS = {"x"}  # Keras fit's documented data argument (its first positional one too)


def _command_names(file) -> set[str]:
    """The names of the module's functions a command line runs: those a decorator registers on an object of the
    file (`_commands`: `@clf.command()` of a `@click.group()` function `clf`, which another module may add to the
    console script's group) or on click's or typer's own (`@click.command()`)."""
    names = {qualname.rpartition(".")[2] for qualnames in _commands(file).values() for qualname in qualnames}
    if "click" in file.text or "typer" in file.text:
        names |= {stmt.name for stmt in file.tree.body if type(stmt) is ast.FunctionDef and any(
            (file.qualified(d.func if type(d) is ast.Call else d) or "").startswith(_CLI_MODULES)
            for d in stmt.decorator_list)}
    return names


_CLI_MODULES = ("click.", "typer.")


def _entry_trains(visitor: SourceVisitor, entry: ast.FunctionDef, command: bool = False) -> bool:
    """Whether an entry function trains a model it makes itself: a training call (`fit`, `train_on_batch`, a
    GradientTape, `tf.estimator.train_and_evaluate`; not `compile`, which trains nothing) and the construction of a
    Keras layer or model (`_builds`: a generic training loop handed its variables builds none) in it or in the file's
    functions it calls, transitively, where a training call of the entry's own is not given one of its parameters
    as it is (`model.fit(x=dataset)` of a `dataset` parameter: the caller's data and model, a helper of a library;
    `fit_args.train_files`, a parameter's field, is a path the entry reads); or, for an entry called
    with no arguments (every parameter defaulted: a console script's `main()`), a call of it that leads through
    the project to a function that trains (`_reaches_training`), in a package's `__main__` module (what `python -m
    pkg` runs, and the usual console entry; a `main()` of a library module that trains only through the project is
    a function the user's program may call, or not). A command of a command line (`command`: `_command_names`) is
    run by the console, not called by a user's program: one that trains, though through a model a project class
    builds (set 55's langml: `model_instance.build_model()` then `model.fit` in the file's `train`), is an entry, and
    so is one whose calls lead through the project to training (omnizart's `beat.app.train(...)`, set 56)."""
    file = visitor.file
    arguments = entry.args
    parameters = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    parameters |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    keras = "keras" in file.text

    def given(call: ast.Call) -> bool:  # (the object a call trains, or its data: what comes first; `x=`)
        holder = call.func.value if type(call.func) is ast.Attribute else None
        return any(type(a) is ast.Name and a.id in parameters for a in (holder, *call.args[:1], *(
            k.value for k in call.keywords if k.arg in _DATA_KEYWORDS)))

    pending, seen, outward, built, trained = [entry], {entry}, [], False, False
    while pending:
        function = pending.pop()
        for call in (c for c in own_nodes(function) if type(c) is ast.Call):
            holder = call.func.value if type(call.func) is ast.Attribute else None
            named = holder if type(holder) is ast.Name else None
            if (file.callee(call) is None or named is not None and _constructed_classes(file, named)) and \
                    not (named is not None and named.id in file.imports.names) and \
                    _training_step(visitor, call, keras) or visitor.call_name(call) in _ESTIMATOR_TRAINING:
                # (not a function of a module named fit: `tools.fit(image, width)`, a resize; a method of an object
                # of a project class, `model = DIN(...)` ... `model.fit(x, y)`, is Keras' fit unless the class
                # defines its own and derives from no Keras model: `_training_step` asks)
                trained = trained or not (function is entry and given(call))
            elif not built:
                built = built or _builds(visitor, call) is True
            if (built or command) and trained:
                return True
            if function is entry:
                outward.append(call)
            if type(call.func) is ast.Name and call.func.id in file.def_names:
                nested = file.defs.get(file.callee(call) or "")
                if isinstance(nested, (ast.FunctionDef, ast.AsyncFunctionDef)) and nested not in seen \
                        and len(seen) < 64:
                    seen.add(nested)
                    pending.append(nested)
    defaults = arguments.defaults, arguments.kw_defaults
    if not command and (len(defaults[0]) < len(arguments.posonlyargs) + len(arguments.args) or None in defaults[1] or
                        not (file.module or "").endswith("__main__") and (file.module or file.path) != "__main__"):
        return False  # (called with arguments, or a function of a library module: its training must show here; a
        # command is run by the console, whatever its parameters: omnizart's `train_model` commands, set 56)
    callees = [c for call in outward for c in _project_callees(file, call)]
    return bool(callees) and bool(visitor._reaches_training(callees)[0])


# runners a `__main__` block hands the whole module to: a test runner runs its test cases, `fire.Fire()` its functions
_RUNNERS = frozenset({"main", "Fire"})


def _main_says_training(visitor: SourceVisitor, blocks: list[ast.If]) -> bool:
    """What the `__main__` blocks' own calls say: a training word (`context.trains`), a runner the module is handed
    to (`tf.test.main()`), or a function the file does not show (`main()` defined nowhere here: anything may run)."""
    file = visitor.file
    calls = [c for block in blocks for c in _body_calls(block.body)]
    return trains(calls) or any(last_name(c.func) in _RUNNERS for c in calls) or any(
        type(c.func) is ast.Name and c.func.id not in file.def_names and c.func.id not in file.imports.names
        and c.func.id not in file.stored_names and not hasattr(builtins, c.func.id) for c in calls)


def _main_may_train(visitor: SourceVisitor, blocks: list[ast.If]) -> bool:
    """Whether a file's `__main__` blocks may train: their own calls say so (`_main_says_training`), or a call
    in the functions of the file they name (`main()`, `app.run(main)`; `main` itself, which `tf.app.run()` runs),
    transitively, says training by its words (`context.trains`: `fit`, `train`, `compile`, an optimizer, a
    tape...), or any of these calls leads through project calls to a function that trains (`TRAINS`). A block
    that does none of these (`pass`; build, save, load and predict) runs no training step of what the module
    defines: the module is a library there."""
    file = visitor.file
    calls = [c for block in blocks for c in _body_calls(block.body)]
    names = {n.id for block in blocks for n in walk_nodes(block) if type(n) is ast.Name and type(n.ctx) is ast.Load}
    pending = [file.defs[q] for q in (file.qualnames.get(stmt) for stmt in file.tree.body
                                       if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef)
                                       and (stmt.name in names or stmt.name == "main")) if q in file.defs]
    seen = set(pending)
    while pending:
        function = pending.pop()
        inner = [c for c in walk_nodes(function) if type(c) is ast.Call]
        if trains(inner):
            return True
        calls.extend(inner)
        for call in inner:
            if type(call.func) is not ast.Name or call.func.id not in file.def_names:
                continue  # (only the file's own functions, called by name, are followed here)
            nested = file.defs.get(file.callee(call) or "")
            if isinstance(nested, (ast.FunctionDef, ast.AsyncFunctionDef)) and nested not in seen and len(seen) < 64:
                seen.add(nested)
                pending.append(nested)
    return _leads_to_training(visitor, calls)


def _runs_training(visitor: SourceVisitor, calls: list[ast.Call]) -> bool:
    """Module-level code calls a function of this file that runs training steps (`for example in ds:
    train(example)`, `train` calling a GradientTape step), directly or through up to MAX_TRAINING_DEPTH calls of
    the file's own functions: a script that trains when it runs, `__main__` block or not."""
    file = visitor.file
    functions = _own_functions(file, calls)
    if not functions:
        return False
    keras = "keras" in file.text
    seen = set(functions)
    for _ in range(MAX_TRAINING_DEPTH):
        inner = [c for f in functions for c in _body_calls(f.body)]  # (not those of a def or class inside it)
        if any(_training_step(visitor, c, keras) for c in inner):
            return True
        functions = [f for f in _own_functions(file, inner) if f not in seen and not seen.add(f)]
        if not functions:
            break
    return False


def _own_functions(file, calls: list[ast.Call]) -> list[ast.AST]:
    """The functions of this file that `calls` call (by name, not methods of objects)."""
    found = []
    for call in calls:
        if type(call.func) is ast.Name and call.func.id in file.def_names:
            function = file.defs.get(file.callee(call) or "")
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function not in found:
                found.append(function)
    return found


def _builds_a_model(name: str) -> bool:
    """A whole model, not a layer: libraries build layer helpers at import (`layers = VersionAwareLayers()`)."""
    return name in MODEL_BUILDERS or name.startswith("keras.applications.") and name.rpartition(".")[2][:1].isupper()


def _training_call(node: ast.Call) -> bool:
    """`fit`, `train_on_batch`, or a Keras `compile(optimizer=..., loss=...)` (not `re.compile`)."""
    if not _trains(node):
        return False
    return node.func.attr != "compile" or any(k.arg in KERAS_COMPILE_KEYWORDS for k in node.keywords)


def _training_step(visitor: SourceVisitor, call: ast.Call, keras: bool) -> bool:
    """A call that runs training steps: Keras' `fit`/`fit_generator`/`train_on_batch` (not `compile`),
    a `tf.GradientTape`, an optimizer's `apply_gradients(grads_and_vars)` in code that uses Keras (`keras`:
    TF1 graph code applies gradients to variables no Keras policy reaches), a TF-Agents agent's `train`."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in TRAINING_METHODS - {"compile"}:
        return _may_be_keras(visitor.file, call)
    if isinstance(func, ast.Attribute) and func.attr == APPLY_GRADIENTS and keras and (call.args or call.keywords):
        return True
    if isinstance(func, ast.Attribute) and func.attr == "train" and _library_agent(visitor.file, func.value):
        return True
    return visitor.call_name(call) == GRADIENT_TAPE


# the agents of a reinforcement-learning library whose `train(experience)` is a training step of the agent's networks,
# which are Keras layers a global policy reaches (TF-Agents' `Network` is a Keras `Layer`)
_AGENT_LIBRARIES = ("tf_agents.agents.",)


def _library_agent(file, holder: ast.AST) -> bool:
    """Whether every value `holder` may hold constructs a library agent (`_AGENT_LIBRARIES`): `self.agent =
    DdqnAgent(...)` ... `self.agent.train(experience)`, or a local name so bound on every path (not a parameter, a
    loop variable, a `with` target)."""
    if type(holder) is ast.Name and holder.id in file.stored_names:
        values = [b.value if type(b.stmt) is ast.Assign else None for b in file.reaching_bindings(holder)]
    else:
        values = _stored_values(file, holder)
    return bool(values) and all(type(v) is ast.Call and (file.call_name(v) or "").startswith(_AGENT_LIBRARIES)
                                for v in values)


def _project_callees(file, call: ast.Call, overrides: bool = True) -> list:
    """The project functions a call runs: its callee (`file.callee`, a stored function), the method
    of a project class every binding of the local name it is called on constructs (`runner =
    Runner(...)` ... `runner.train()`; `trainer = A(...)` / `trainer = B(...)` ... `trainer()`: each
    class's `__call__`), and project functions handed to it as arguments (`tf.function(self._step)`,
    `strategy.run(step)`: handed to be called). `overrides=False`: the method of a parameter's annotated
    class as (OVERRIDES, class, method), its subclasses' overrides left to the reader (`_callees`)."""
    found: list = []
    if type(call.func) is ast.Call:  # `getattr(self, command)()`: a method picked by its name at run time
        found.extend(_picked_methods(file, call.func))
    callee = file.callee(call)
    if callee is None and type(call.func) is ast.Name:  # `loop = make_loop(agent)` ... `loop()`
        found.extend(_closures_made(file, call.func)[0])
    if callee is not None:
        found.append(callee)
        if type(file.parent(call)) is ast.Expr and _is_class(file, callee):
            # a construction whose object is dropped runs for what its `__init__` does (`CLI()`, whose `__init__`
            # dispatches the command line); a kept object is followed by the methods called on it
            found.append(f"{callee}.__init__")
    else:
        found.extend(file.stored_callees(call))
        func = call.func
        holder, method = (func.value, func.attr) if isinstance(func, ast.Attribute) else (func, "__call__")
        if type(holder) is ast.Call and not found:  # `Trainer(cfg).train()`: a method of the object made there
            found.extend(f"{cls}.{method}" for cls in _made_classes(file, holder))
        elif type(holder) is ast.Name and holder is not func and not found and \
                _is_class(file, made := file.def_of(holder)):
            found.append(f"{made}.{method}")  # `DeepQAgent.example(config)`: a class method (`_Dispatch` finds it)
        elif type(holder) is ast.Name and not found and holder.id not in file.imports.names:
            classes = _constructed_classes(file, holder, module_level=True)
            if not classes and not overrides:
                found.extend((OVERRIDES, cls, method) for cls in _annotated_class(file, holder))
            else:  # (`model: Net` param: Net's, or a subclass's)
                classes = classes or _overriding(file.project, _annotated_class(file, holder))
                found.extend(f"{cls}.{method}" for cls in classes)
    if callee is None and type(call.func) is ast.Attribute:
        found.extend(_dispatched(file, call.func))  # `self._train_fn(x)`, `self._agent.train(x)`
    if type(call.func) is ast.Attribute and (held := file.def_of(call.func.value)) is not None:
        # `beat.app.train(...)`: a method of another module's module-level object (INSTANCE; the name may read as a
        # function of a module, `pkg.beat.app`, which the package's `app = BeatTranscription()` shadows)
        found.extend(f"{cls}.{call.func.attr}" for cls in sorted(file.project.query(INSTANCE, held)))
    if type(call.func) is ast.Name:  # a command line's object: the commands registered on it (`app()`, `cli()`)
        found.extend(_commands(file).get(call.func.id, ()))
    elif type(call.func) is ast.Subscript:  # `COMMANDS[args.command](args)`: any function the table holds
        found.extend(_table_functions(file, call.func.value))
    elif callee is None and type(call.func) is ast.Attribute and type(call.func.value) is ast.Name:
        found.extend(_parser_commands(file).get(call.func.attr, ()))  # `args.func(args)` of argparse's sub-commands
    if last_name(call.func) in ("Fire", "run"):
        found.extend(_runner_callees(file, call))
    handed_to_run = argument(call, 0, "fn") if type(call.func) is ast.Attribute and call.func.attr in STRATEGY_RUNS \
        else None
    if type(handed_to_run) is ast.Attribute and file.def_of(handed_to_run) is None:
        found.extend(_dispatched(file, handed_to_run))  # `strategy.run(self._agent.train, args=(x,))`
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if (type(arg) is ast.Name and arg.id in file.def_names or type(arg) is ast.Attribute
                and type(arg.value) is ast.Name and arg.value.id in ("self", "cls")) \
                and (handed := file.def_of(arg)) is not None:
            found.append(handed)
        elif type(arg) is ast.Attribute and type(arg.value) is ast.Name and arg is handed_to_run and \
                arg.value.id not in file.imports.names:
            # a method of an object whose class is known, handed to a strategy to run (`strategy.run(model.step)`)
            classes = _constructed_classes(file, arg.value) or _annotated_class(file, arg.value)
            found.extend(f"{cls}.{arg.attr}" for cls in classes)
    return found


def _commands(file) -> dict[str, tuple[str, ...]]:
    """The module-level functions a decorator registers on an object of this file, by that object's name: a
    command line's commands (`@app.command()` of `app = typer.Typer()`, `@cli.command()` of a `@click.group()`
    function `cli`), which calling the object dispatches to (`app()`, `cli()`: any of them may run). A decorator
    rooted in an import (`@click.command()`, `@tf.function`) registers on no object of the file. Kept per file."""
    memo = file.shared.get("mixed_precision.commands")
    if memo is None:
        found: dict[str, list[str]] = {}
        for stmt in file.tree.body:
            if type(stmt) not in (ast.FunctionDef, ast.AsyncFunctionDef) or stmt not in file.qualnames:
                continue
            for decorator in stmt.decorator_list:
                root = decorator.func if type(decorator) is ast.Call else decorator
                if type(root) is not ast.Attribute:
                    continue
                while type(root) is ast.Attribute:
                    root = root.value
                if type(root) is ast.Name and root.id not in file.imports.names and \
                        (root.id in file.def_names or root.id in file.stored_names):
                    found.setdefault(root.id, []).append(file.qualnames[stmt])
        memo = file.shared["mixed_precision.commands"] = {k: tuple(v) for k, v in found.items()}
    return memo


def _parser_commands(file) -> dict[str, tuple[str, ...]]:
    """The project functions argparse's sub-commands of this file name by a default of the parsed arguments, by that
    default's name: `train_parser.set_defaults(func=train.main)` ... `args.func(args)` runs any of them. A default
    given as a parameter of the function that sets it (`def add_train(subparsers, reference_func): ...
    parser.set_defaults(func=reference_func)`) names what this file's calls of that function pass. Kept per file."""
    memo = file.shared.get("mixed_precision.parser_commands")
    if memo is None:
        found: dict[str, list[str]] = {}
        if "set_defaults" in file.text:
            for call in file.all_calls():
                if type(call.func) is ast.Attribute and call.func.attr == "set_defaults":
                    for kw in call.keywords:
                        if kw.arg is not None:
                            found.setdefault(kw.arg, []).extend(_functions_named(file, call, kw.value))
        memo = file.shared["mixed_precision.parser_commands"] = {k: tuple(dict.fromkeys(v)) for k, v in found.items()}
    return memo


def _functions_named(file, at: ast.AST, value: ast.expr) -> list[str]:
    """The project functions (not classes) `value` names at `at`: a function's name, or a parameter of the function
    around `at` by what this file's calls of that function pass for it."""
    if type(value) not in (ast.Name, ast.Attribute):
        return []
    function = next(iter(enclosing_functions(file, at)), None) if type(value) is ast.Name else None
    if function is not None and value.id in parameter_names(function):
        positional = positional_names(function)
        position = positional.index(value.id) if value.id in positional else None
        qualname = file.qualnames.get(function)
        passed = [argument(c, position, value.id) for c in file.all_calls()
                  if qualname is not None and file.def_of(c.func) == qualname]
        values = [v for v in passed if v is not None and type(v) in (ast.Name, ast.Attribute)]
    else:
        values = [value]
    return [f for v in values if (f := file.def_of(v)) is not None and not _is_class(file, f)]


def _table_functions(file, holder: ast.expr) -> list[str]:
    """The project functions a module-level dict, list or tuple literal of this file holds, when every value names
    one (a sub-command table: `COMMANDS = {"train": train, "eval": evaluate}`), else []."""
    if type(holder) is not ast.Name or holder.id not in file.stored_names:
        return []
    bound = file.binding(holder)
    if bound is None or type(bound.stmt) is not ast.Assign or type(file.parent(bound.stmt)) is not ast.Module:
        return []
    literal = bound.value
    values = literal.values if type(literal) is ast.Dict else literal.elts if type(literal) in (ast.List, ast.Tuple) \
        else []
    functions = [file.def_of(v) if type(v) in (ast.Name, ast.Attribute) else None for v in values]
    if not functions or any(f is None or _is_class(file, f) for f in functions):
        return []
    return list(dict.fromkeys(functions))


_FIRE = {"fire.Fire"}  # Python Fire: the command line runs any public function or method of what it is handed
_APP_RUNS = {"tensorflow.compat.v1.app.run", "tensorflow.app.run", "absl.app.run"}  # with no `main`: the module's


def _runner_callees(file, call: ast.Call) -> list[str]:
    """What a command-line runner runs beside the functions handed to it (`_project_callees` follows those):
    `fire.Fire(Cls)` any public method of the class, `fire.Fire()` any public function of the module, `fire.Fire({
    "train": train})` the functions of the dict; `tf.compat.v1.app.run()` with no `main` the module's `main`."""
    name = file.call_name(call) or file.raw_name(call.func)
    if name in _APP_RUNS:
        if argument(call, 0, "main") is not None:
            return []
        return [file.qualnames[s] for s in file.tree.body if type(s) in (ast.FunctionDef, ast.AsyncFunctionDef)
                and s.name == "main" and s in file.qualnames][-1:]
    if name not in _FIRE:
        return []
    handed = argument(call, 0, "component")
    if handed is None:
        return [file.qualnames[s] for s in file.tree.body if type(s) in (ast.FunctionDef, ast.AsyncFunctionDef)
                and not s.name.startswith("_") and s in file.qualnames]
    if type(handed) is ast.Dict:
        return [f for v in handed.values if v is not None and (f := file.def_of(v)) is not None]
    made = file.def_of(handed) if type(handed) in (ast.Name, ast.Attribute) else None
    node = file.defs.get(made or "")
    if type(node) is ast.ClassDef:
        return [f"{made}.{s.name}" for s in node.body if type(s) in (ast.FunctionDef, ast.AsyncFunctionDef)
                and not s.name.startswith("_")] + [f"{made}.__init__"]
    return []


def _picked_methods(file, func: ast.Call) -> list[str]:
    """The methods of `self` a `getattr(self, name)` call may give (a CLI's sub-command dispatch: `getattr(self,
    args.command)()`): the one a literal name names, else every method the class defines in its body but its
    special ones (`__init__`...); [] for another object or a `getattr` that is not the builtin."""
    if type(func.func) is not ast.Name or func.func.id != "getattr" or len(func.args) < 2 or \
            "getattr" in file.def_names or "getattr" in file.imports.names:
        return []
    holder, picked = func.args[0], func.args[1]
    if type(holder) is not ast.Name or holder.id != "self":
        return []
    owner = file.enclosing_class(func)
    qualname = file.qualnames.get(owner) if owner is not None else None
    if qualname is None:
        return []
    methods = [stmt.name for stmt in owner.body if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef)
               and not stmt.name.startswith("__")]
    name = file.literal(picked)
    if type(name) is str:
        methods = [name] if name in methods else []
    return [f"{qualname}.{method}" for method in methods]


def _closures_made(file, func: ast.Name) -> tuple[list[str], tuple]:
    """The nested functions a local name holds when its one binding is the result of a factory of this file every
    return of which returns a function defined in it (`loop = make_loop(agent, 10)` ... `loop()`, `def make_loop(agent,
    steps): def loop(): ... agent.train(x) ... return loop`), and what the factory's call passed (`_passed_arguments`),
    keyed by the factory's parameter names (`_closure_key`: what a closure's free name reads, `_closure_parameter`).
    Kept per call (`_project_callees` asks for the first, `_passed_arguments` for the second)."""
    if func.id not in file.stored_names:
        return [], ()
    memo = file.shared.setdefault("mixed_precision.closures", {})
    if func not in memo:
        memo[func] = _find_closures_made(file, func)
    return memo[func]


def _find_closures_made(file, func: ast.Name) -> tuple[list[str], tuple]:
    bindings = file.reaching_bindings(func)
    if len(bindings) != 1 or type(bindings[0].stmt) is not ast.Assign or type(bindings[0].value) is not ast.Call:
        return [], ()
    made = bindings[0].value
    nested, passed = [], []
    for factory in _factories_called(file, made.func):
        node = file.defs.get(factory)
        if type(node) not in (ast.FunctionDef, ast.AsyncFunctionDef) or type(file.parent(node)) is ast.ClassDef:
            return [], ()
        returns = file.returns_of(node)
        for ret in returns:
            bound = file.binding(ret.value) if type(ret.value) is ast.Name else None
            if bound is None or type(bound.stmt) not in (ast.FunctionDef, ast.AsyncFunctionDef) or \
                    file.scope_of(bound.stmt) is not node or bound.stmt not in file.qualnames:
                return [], ()
            nested.append(file.qualnames[bound.stmt])
        if not returns:
            return [], ()
        positional = [a.arg for a in node.args.posonlyargs + node.args.args]
        for (position, name), classes in _passed_arguments(file, made):
            name = name if name is not None else positional[position] if position < len(positional) else None
            if name is not None:
                passed.append(((None, _closure_key(factory, name)), classes))
    return sorted(set(nested)), tuple(passed)


def _factories_called(file, func: ast.expr) -> list[str]:
    """The functions a call's callee may be: the project function it names, or, for a local name, the project
    function each binding that reaches the call assigns it (a parameter among them left out: `if make_loop is None:
    make_loop = _default_loop`, the default a caller that passes none gets); [] when one binding is something else."""
    factory = file.def_of(func)
    if factory is not None:
        return [factory]
    if type(func) is not ast.Name or func.id not in file.stored_names:
        return []
    found = []
    for bound in file.reaching_bindings(func):
        if bound.stmt is None:
            continue
        factory = file.def_of(bound.value) if type(bound.stmt) is ast.Assign else None
        if factory is None:
            return []
        found.append(factory)
    return found


def _scope_of_given_parameter(file, name: ast.Name):
    """The scope a read of a parameter name sits in, when nothing on the way assigns the name (it reads a parameter as
    given: its own function's, or, in a closure, the enclosing one's) and it is no `self`/`cls`; else None."""
    if name.id not in file.parameter_names or name.id in ("self", "cls"):
        return None
    bound = file.binding(name)
    if bound is None or bound.stmt is not None:
        return None
    return file.scope_of(name)


def _closure_key(factory: str, name: str) -> str:
    return f"{factory}:{name}"


def _closure_parameter(file, name: ast.Name) -> str | None:
    """`_closure_key` of a free name of a nested function that reads a parameter of the function it is nested in (as
    given: no assignment of either binds it), else None."""
    function = _scope_of_given_parameter(file, name)
    if type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef) or name.id in parameter_names(function):
        return None
    outer = file.scope_of(function)
    if type(outer) not in (ast.FunctionDef, ast.AsyncFunctionDef) or outer not in file.qualnames or \
            name.id not in parameter_names(outer) or type(file.parent(outer)) is ast.ClassDef:
        return None
    return _closure_key(file.qualnames[outer], name.id)


def _dispatched(file, func: ast.Attribute) -> list:
    """What a method's call of an attribute of `self` runs, when the class binds the attribute in its methods
    (the template method's forms): `self._train_fn(x)` with `self._train_fn = wrap(...)(self._train)` (a bound
    method of its own, wrapped or not: `tf.function(self._train)`) runs `Owner._train`, named so even where only a
    subclass defines it (`_reaches_training` takes the override of the class whose instance runs it);
    `self._agent.train(x)` with every `self._agent = agent` an `__init__` parameter's runs `train` of what the
    class's construction passes there: (INIT_PARAMETER, Owner, position, name, "train")."""
    holder = func.value
    if type(holder) is ast.Name and holder.id != "self" or type(holder) is not ast.Name and not (
            type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self"):
        return []  # (the forms first: most calls are none, and the class around them is not looked for)
    owner = file.enclosing_class(func)
    if owner is None:
        return []
    qualname = file.qualnames.get(owner)
    if qualname is None:
        return []
    if type(holder) is ast.Name:  # `self.attr(...)`: an attribute bound to a method of the class
        methods = {_bound_method(s.value) for s in file.self_assignments(owner, func.attr)}
        method = methods.pop() if len(methods) == 1 else None
        return [f"{qualname}.{method}"] if method else []
    stores = file.self_assignments(owner, holder.attr)  # `self.attr.m(...)`: an attribute given to the constructor
    held = _held_classes(file, stores)
    if held:  # (or one the class makes itself: `self.trainer = Trainer(...)` ... `self.trainer.train()`)
        return [f"{cls}.{func.attr}" for cls in held]
    init = next((n for n in owner.body if type(n) is ast.FunctionDef and n.name == "__init__"), None)
    if init is None or not stores:
        return []
    positional = [a.arg for a in init.args.posonlyargs + init.args.args][1:]  # (not `self`)
    names = {s.value.id if type(s.value) is ast.Name and file.scope_of(s) is init else None for s in stores}
    name = names.pop() if len(names) == 1 else None
    if name is None or name not in {a.arg for a in init.args.posonlyargs + init.args.args + init.args.kwonlyargs}:
        return []
    return [(INIT_PARAMETER, qualname, positional.index(name) if name in positional else None, name, func.attr)]


def _held_classes(file, stores: list[ast.Assign]) -> list[str]:
    """The project classes an attribute of `self` holds an instance of, when every store of it in the class's
    methods makes one (`_made_classes`: `self.trainer = Trainer(...)`, `self.model = build(cfg)` of a factory),
    None aside (`self.model = None` until it is made); [] when a store holds anything else (a parameter, a
    function's result: not known to be an instance)."""
    classes: list[str] = []
    for store in stores:
        if type(store.value) is ast.Constant and store.value.value is None:
            continue
        made = _made_classes(file, store.value)
        if not made:
            return []
        classes.extend(made)
    return sorted(set(classes))


def _made_classes(file, value: ast.expr | None) -> list[str]:
    """The project classes a value is an instance of: a construction (`Trainer(...)`), or a call of a project
    factory (`build(cfg)`, FACTORY: the classes it makes); [] when that is not known."""
    if type(value) is ast.Call and type(value.func) is ast.Subscript:  # `AGENTS[name](...)`: a registry's class
        return _registry_classes(file, value.func.value)
    made = file.def_of(value.func) or _own_class(file, value.func) if type(value) is ast.Call else None
    owner = file.def_of(value.func.value) or _own_class(file, value.func.value) \
        if type(value) is ast.Call and type(value.func) is ast.Attribute else None
    if owner is not None and owner.rpartition(".")[2][:1].isupper() and \
            (made is None or made == f"{owner}.{value.func.attr}"):
        # a static or class method of a project class (`LudwigModel.load(path)`, `Api.create_model(config)`; `cls.load(fn)`
        # in a class method, of the class it is defined in): a factory when every return of it makes one (FACTORY)
        made = f"{owner}.{value.func.attr}"
        classes = file.project.query(FACTORY, made)
        if not classes:  # (an alternative constructor it inherits: `Base.from_config` returning `cls(config)`)
            classes = file.project.query(FACTORY, _Dispatch(file.project).resolve(owner, value.func.attr))
            if not all(cls == CLASS_ITSELF for cls in classes):
                return []
        return sorted({owner if cls == CLASS_ITSELF else cls for cls in classes})
    if made is None:
        return []
    return [made] if made.rpartition(".")[2][:1].isupper() else [
        cls for cls in file.project.query(FACTORY, made) if cls != CLASS_ITSELF]


def _constructs_own_class(stmt: ast.stmt, owner: ast.ClassDef) -> bool:
    """A `@classmethod` every return of which constructs its `cls` (`return cls(**config)`), or whose return is
    annotated as an instance of its own class (`def load(cls, fn) -> "AgentBase": return joblib.load(fn)`): an
    alternative constructor, whose call on a class (or a subclass) makes an instance of that class."""
    if not _class_method(stmt):
        return False
    returned = stmt.returns.value if type(stmt.returns) is ast.Constant else \
        stmt.returns.id if type(stmt.returns) is ast.Name else None
    if returned == owner.name:
        return True
    first = stmt.args.args[0].arg
    returns = [n for n in own_nodes(stmt) if type(n) is ast.Return]
    return bool(returns) and all(type(r.value) is ast.Call and type(r.value.func) is ast.Name
                                 and r.value.func.id == first for r in returns)


def _class_method(stmt: ast.AST) -> bool:
    return type(stmt) is ast.FunctionDef and bool(stmt.args.args) and any(
        type(d) is ast.Name and d.id == "classmethod" for d in stmt.decorator_list)


def _own_class(file, name: ast.expr) -> str | None:
    """The class a class method's first parameter names (`cls(...)`, `cls.load(fn)` in a `@classmethod` of a
    project class): the class it is defined in (called on a subclass, that subclass, which `_Dispatch` resolves
    the same way for the methods called on what it makes); None for any other name."""
    if type(name) is not ast.Name:
        return None
    function = next(iter(enclosing_functions(file, name)), None)
    if not _class_method(function) or function.args.args[0].arg != name.id or not configs.unbound_parameter(file, name):
        return None
    owner = file.parents.get(function)
    return file.qualnames.get(owner) if type(owner) is ast.ClassDef else None


def _registry_classes(file, holder: ast.expr) -> list[str]:
    """The project classes a registry holds, any of which an item read by a computed key may be: a module-level dict,
    list or tuple literal every value of which names a project class, of this module (`AGENTS = {"a2c": A2C, "ppo":
    PPO}`) or of another (`agents.registry`, REGISTRY); [] when that is not known."""
    if type(holder) is ast.Name and holder.id in file.stored_names:
        bound = file.binding(holder)
        if bound is None or type(bound.stmt) is not ast.Assign or type(file.parent(bound.stmt)) is not ast.Module:
            return []
        return list(_registered(file, bound.value))
    name = file.def_of(holder) or _registry_name(file, holder)
    return sorted(file.project.query(REGISTRY, name)) if name is not None else []


def _registry_name(file, holder: ast.expr) -> str | None:
    """The qualified name of an object of another module an attribute chain reads (`registers.solver`, a registry
    object a class attribute holds), as the project resolves it, or None for a local name."""
    root = holder
    while type(root) is ast.Attribute:
        root = root.value
    if type(root) is not ast.Name or root.id not in file.imports.names:
        return None
    raw = file.raw_name(holder, public_names=False)
    if raw is None:
        return None
    return file.project.resolve(raw) if file.project.index.modules else raw


def _registered(file, literal: ast.expr | None) -> tuple[str, ...]:
    """The project classes a dict, list or tuple literal holds when every value names one (through a module-level
    alias: `A2C = AdvantageActorCriticAgent`), else ()."""
    values = literal.values if type(literal) is ast.Dict else literal.elts if type(literal) in (ast.List, ast.Tuple) \
        else []
    classes = []
    for value in values:
        made = file.def_of(value) if value is not None else None
        if made is None and type(value) is ast.Name and value.id in file.stored_names:
            bound = file.binding(value)  # (a module-level alias of a class)
            if bound is not None and type(bound.stmt) is ast.Assign and type(file.parent(bound.stmt)) is ast.Module \
                    and type(bound.value) in (ast.Name, ast.Attribute):
                made = file.def_of(bound.value)
        if not _is_class(file, made):
            return ()
        classes.append(made)
    return tuple(sorted(set(classes)))


def _bound_method(value: ast.expr | None) -> str | None:
    """The method of `self` a value is, or wraps (`self._train`, `tf.function(self._train)`,
    `common.function_in_tf1()(self._train)`), else None."""
    for _ in range(4):
        if type(value) is ast.Attribute and type(value.value) is ast.Name and value.value.id == "self":
            return value.attr
        if type(value) is not ast.Call or not value.args:
            return None
        value = value.args[0]
    return None


MAX_DISPATCHED = 4096  # (function, receiver) pairs `_reaches_training` looks at, at most
MAX_LINEAGE = 8  # how far up a class's project bases a method is looked for


class _Reached(NamedTuple):
    """A project function or method `_Dispatch` reached: the `function` that runs, the class of the object it runs on
    (`receiver`, None for a plain function), what that object's construction was `given` and what the call that
    reached it `passed` (each as ((position, keyword), classes) pairs)."""
    function: object
    receiver: str | None = None
    given: tuple = ()
    passed: tuple = ()


class _Dispatch:
    """Which method an object runs (`_reaches_training`'s items: `_Reached`). A call `agent.train(x)`
    on an instance of a project class runs `train` of the class or of the nearest project base that defines it
    (`METHODS`, up `STEP_BASE`); inside it, a call of a method of the same class or of a base of the receiver
    (`self._train(...)`, through `self._train_fn` bound to it) runs the receiver's override (the template method:
    `TFAgent.train` -> `self._train_fn` -> `DqnAgent._train`); a method of what the constructor was given
    (`self._agent.train`, INIT_PARAMETER) runs on the class the construction passed there (`given`)."""

    def __init__(self, project):
        self.project = project
        self.lineages: dict[str, list[str]] = {}

    def lineage(self, cls: str) -> list[str]:
        """The class and its project bases, nearest first."""
        found = self.lineages.get(cls)
        if found is None:
            found, pending = [cls], [cls]
            while pending and len(found) < MAX_LINEAGE:
                for base in self.project.query(STEP_BASE, pending.pop(0)):
                    if base not in found:
                        found.append(base)
                        pending.append(base)
            self.lineages[cls] = found
        return found

    def resolve(self, receiver: str, method: str) -> str:
        """The method an instance of `receiver` runs by that name: its own, or its nearest base's."""
        for cls in self.lineage(receiver):
            if any(method in methods for methods in self.project.query(METHODS, cls)):
                return f"{cls}.{method}"
        return f"{receiver}.{method}"

    def start(self, name, given: tuple = (), passed: tuple = ()) -> _Reached:
        """The item for a project function or method reached without a receiver known: a method of a class runs
        on an instance of that class (`Runner.train` of `runner = Runner(...)`). `passed`: the classes of what the
        call gave its parameters (`_passed_arguments`), for a method it calls on one (PARAMETER)."""
        if type(name) is not str:
            return _Reached(name)
        cls, _, method = name.rpartition(".")
        if cls and not self.project.is_module(cls) and (self.project.query(METHODS, cls)
                                                        or self.project.query(STEP_BASE, cls)):
            return _Reached(self.resolve(cls, method), cls, given, passed)
        return _Reached(name, passed=passed)

    def given(self, item: _Reached, owner: str, position: int | None, name: str) -> tuple[str, ...]:
        """The classes of what the construction of the item's receiver gave the parameter of `owner.__init__`."""
        receiver, given = item.receiver, item.given
        if receiver is None or owner not in self.lineage(receiver):
            return ()
        by_position = position is not None and self.resolve(receiver, "__init__") == f"{owner}.__init__"
        return tuple(sorted({cls for (at, keyword), made in given if made[0] != INIT_PARAMETER for cls in made
                             if keyword == name or by_position and at == position}))

    def passed(self, item: _Reached, position: int | None, name: str) -> tuple[str, ...]:
        """The classes of what the call that reached the item passed at its parameter (`position`, `name`)."""
        return tuple(sorted({cls for (at, keyword), made in item.passed for cls in made
                             if keyword == name or position is not None and at == position}))

    def onward(self, item: _Reached, callee) -> list[_Reached]:
        receiver, given = item.receiver, item.given
        if type(callee) is tuple and callee[0] == ON_INSTANCE:
            # (what the receiver's own constructor was given, handed on: `self._learner = Learner(root, agent)`)
            made = tuple((at, made) if made[0] != INIT_PARAMETER else (at, self.given(item, *made[1:]))
                         for at, made in callee[2])
            # (what the call passes: instances, or what the item's own caller passed at a parameter, handed on)
            passed = tuple((at, made) if made[0] != PARAMETER else (at, self.passed(item, *made[2:]))
                           for at, made in (callee[3] if len(callee) > 3 else ()))
            made, passed = tuple((at, m) for at, m in made if m), tuple((at, m) for at, m in passed if m)
            cls, _, method = callee[1].rpartition(".")
            if not made and receiver is not None and cls in self.lineage(receiver):  # (`self._loop(model, data)`)
                return [_Reached(self.resolve(receiver, method), receiver, given, passed)]
            return [self.start(callee[1], made, passed)]
        if type(callee) is tuple:
            if callee[0] == PARAMETER:  # (`model.train_step(x)` of a parameter: on what the caller passed)
                _, _, position, name, method = callee
                return [_Reached(self.resolve(cls, method), cls) for cls in self.passed(item, position, name)]
            if callee[0] != INIT_PARAMETER:
                return []
            _, owner, position, name, method = callee
            return [_Reached(self.resolve(cls, method), cls) for cls in self.given(item, owner, position, name)]
        if receiver is not None:
            cls, _, method = callee.rpartition(".")
            if cls in self.lineage(receiver):  # (`self.m(...)` in a method of the receiver's class or a base)
                return [_Reached(self.resolve(receiver, method), receiver, given)]
        return [self.start(callee)]


def _construction_arguments(file, call: ast.Call) -> tuple:
    """What the construction of the object a call's method is called on was given, as ((position, keyword),
    classes) for each argument that holds an instance of project classes (`learner = Learner(root, agent)` ...
    `learner.run()`: ((1, None), ("DqnAgent",)) where `agent = DqnAgent(...)`), or, for an object its class's
    `__init__` makes and keeps (`self._learner = Learner(root, agent)`), ((position, keyword), (INIT_PARAMETER,
    class, position, name)) for an argument that is a parameter of that `__init__`; () when not known."""
    func = call.func
    holder = func.value if type(func) is ast.Attribute else func
    init = owner = None
    if type(holder) is ast.Name:
        bound = file.binding(holder)
        made = bound.value if bound is not None and type(bound.stmt) is ast.Assign else None
    elif type(holder) is ast.Call and type(func) is ast.Attribute:  # `Learner(root, agent).run()`
        made = holder
    elif type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self" and \
            (owner := file.enclosing_class(holder)) is not None:
        stores = file.self_assignments(owner, holder.attr)
        made = stores[0].value if len(stores) == 1 else None
        init = file.scope_of(stores[0]) if made is not None else None
        if not (type(init) is ast.FunctionDef and init.name == "__init__" and file.parents.get(init) is owner):
            return ()
    else:
        return ()
    if type(made) is not ast.Call:
        return ()
    parameters = [a.arg for a in init.args.posonlyargs + init.args.args][1:] if init is not None else []
    keywords = {a.arg for a in init.args.kwonlyargs} if init is not None else set()
    found = []
    arguments = [((position, None), arg) for position, arg in enumerate(made.args)
                 if not any(type(a) is ast.Starred for a in made.args[:position + 1])]
    arguments += [((None, given.arg), given.value) for given in made.keywords if given.arg is not None]
    for at, arg in arguments:
        if type(arg) is not ast.Name:
            continue
        bound = file.binding(arg) if init is not None and (arg.id in parameters or arg.id in keywords) else None
        if bound is not None and bound.stmt is None:  # (the parameter itself, not rebound on the way)
            position = parameters.index(arg.id) if arg.id in parameters else None
            found.append((at, (INIT_PARAMETER, file.qualnames[owner], position, arg.id)))
        elif classes := _constructed_classes(file, arg):
            found.append((at, tuple(classes)))
    return tuple(found)


def _passed_arguments(file, call: ast.Call) -> tuple:
    """What a call passes that holds instances of project classes, as ((position, keyword), classes) for each such
    argument (`trainer.train(self.model, data)`: ((0, None), ("ECD",)) where every store of `self.model` makes one;
    `train(agent=agent)` with `agent = DqnAgent(...)`), or ((position, keyword), (PARAMETER, function, position,
    name)) for an argument that is a parameter of the calling function, as it was given (what its own caller
    passed there, handed on); () when none is known."""
    found = []
    arguments = [((position, None), arg) for position, arg in enumerate(call.args)
                 if not any(type(a) is ast.Starred for a in call.args[:position + 1])]
    arguments += [((None, given.arg), given.value) for given in call.keywords if given.arg is not None]
    for at, arg in arguments:
        if type(arg) is ast.Call:  # (`run(agent=Agent(64))`)
            if classes := _made_classes(file, arg):
                found.append((at, tuple(classes)))
        elif type(arg) is ast.Name:
            if classes := _constructed_classes(file, arg):
                found.append((at, tuple(classes)))
            elif (parameter := _parameter_of(file, arg)) is not None:
                found.append((at, (PARAMETER, *parameter)))
        elif type(arg) is ast.Attribute and type(arg.value) is ast.Name and arg.value.id == "self" and \
                (owner := file.enclosing_class(arg)) is not None:
            if classes := _held_classes(file, file.self_assignments(owner, arg.attr)):
                found.append((at, tuple(classes)))
    if type(call.func) is ast.Name:  # (a closure's call: what its factory's call passed, `_closures_made`)
        found.extend(_closures_made(file, call.func)[1])
    return tuple(found)


def _parameter_of(file, name: ast.Name) -> tuple | None:
    """(function, position, name) when a read is the parameter of its function as it was given (no assignment of
    the function binds it on the way; not `self`/`cls`): the position a call gives it at, the bound instance of a
    method not counted; None otherwise."""
    function = _scope_of_given_parameter(file, name)
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or function not in file.qualnames:
        return None  # (a closure's free name: the function it is nested in is called, not this one)
    arguments = function.args
    if _setting_default(arguments, name.id):
        return None  # (`logging_level="info"`, `epochs=10`: a setting, not an object whose methods run)
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if type(file.parent(function)) is ast.ClassDef and not any(
            type(d) is ast.Name and d.id == "staticmethod" for d in function.decorator_list):
        positional = positional[1:]  # (`self`: the object the method is called on)
    if name.id not in positional and name.id not in {a.arg for a in arguments.kwonlyargs}:
        return None
    return file.qualnames[function], positional.index(name.id) if name.id in positional else None, name.id


def _setting_default(arguments: ast.arguments, name: str) -> bool:
    """Whether a parameter's default is a literal other than None (a string, a number, a bool)."""
    positional = arguments.posonlyargs + arguments.args
    pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
    pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
    return any(a.arg == name and type(d) is ast.Constant and d.value is not None for a, d in pairs)


def _parameter_call(file, call: ast.Call, scope: ast.AST) -> tuple | None:
    """(position, name, method) for a call of a method on a parameter of the function it is in, as given
    (`def train(self, model, data)` ... `model.train_step(x)`): the method runs on what the caller passed there."""
    func = call.func
    if type(func) is not ast.Attribute or type(func.value) is not ast.Name or file.scope_of(call) is not scope:
        return None
    parameter = _parameter_of(file, func.value)
    if parameter is None:  # (a closure's free name: what the factory's call passed there, `_closures_made`)
        key = _closure_parameter(file, func.value)
        return None if key is None else (None, key, func.attr)
    return parameter[1], parameter[2], func.attr


def _inference_call(file, call: ast.Call) -> bool:
    """A call that states Keras' inference mode, `training=False` (a literal): what it runs does not train (the
    evaluation pass of a loop that also trains calls the same method with `training=True`)."""
    given = keyword(call, "training")
    return given is not None and file.literal(given.value) is False


def _annotated_class(file, name: ast.Name) -> list[str]:
    """The project class a parameter's annotation names (`def run(model: models.Net)`), for a name that is
    the parameter of its function or of an enclosing one (no assignment binds it on the way)."""
    if name.id not in file.parameter_names:
        return []  # (no def of the file has a parameter of the name: `len`, an import, a module's name)
    bound = file.binding(name)
    if bound is not None and bound.stmt is not None:
        return []
    annotation = parameter_annotation(file, name)
    made = file.def_of(annotation) if annotation is not None else None
    return [made] if made is not None and made.rpartition(".")[2][:1].isupper() else []


def _overriding(project, classes: list[str]) -> list[str]:
    """`classes` (a parameter's annotation) and the project classes derived from them (`STEP_SUBCLASS`, a few
    levels down): the object a parameter annotated with a base class holds may be any subclass's, whose override
    of the method runs (`def run(trainer: Trainer)` ... `trainer.train()`, where the abstract `Trainer.train` does
    nothing and `KerasTrainer.train` fits). A local name bound to a constructed class is that class alone."""
    found, pending = list(classes), list(classes)
    while pending and len(found) < 16:
        for sub in project.query(STEP_SUBCLASS, pending.pop()):
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def _callees(project, function: str) -> tuple:
    """The project functions `function` calls (CALLS_TO), an (OVERRIDES, class, method) value there read as
    the method and its overrides in the class's project subclasses (`_overriding`), in the index's order of a
    key's values (by repr)."""
    found = project.query(CALLS_TO, function)
    if not any(type(callee) is tuple and callee[0] == OVERRIDES for callee in found):
        return found
    names = set()
    for callee in found:
        if type(callee) is tuple and callee[0] == OVERRIDES:
            names.update(f"{cls}.{callee[2]}" for cls in _overriding(project, [callee[1]]))
        else:  # (a name, or a template method's dispatch: `_Dispatch.onward` reads it)
            names.add(callee)
    names.discard(function)
    return tuple(sorted(names, key=repr))


_NOTHING_GIVEN = (None, False)  # the defaults of a parameter a policy setter is opt-in by


def _short(qualname: str) -> str:
    return ".".join(qualname.split(".")[-2:])


def _constructed_classes(file, name: ast.Name, module_level: bool = False) -> list[str]:
    """The project classes the bindings of a function's local name construct, when every binding
    constructs one (`trainer = Trainer(...)` in each branch), else []. `module_level`: also a module-level name read
    in module-level code (`job = TrainingJob()`; `job.run()` in a `__main__` block), for the calls it leads to."""
    if name.id not in file.stored_names:
        return []  # (no assignment of the file binds the name: a builtin, an import, a parameter)
    bound = file.binding(name)
    if bound is None or type(bound.stmt) is not ast.Assign:
        return []
    scope = file.scope_of(bound.stmt)
    if type(scope) is ast.ClassDef or type(scope) is ast.Module and (not module_level or file.scope_of(name) is not scope):
        return []  # (a module-level name read in a function: any code may have rebound it; read where it is
        # bound, in a `__main__` block's `job = Job(); job.run()`, the bindings that reach it are the file's)
    # the bindings that reach the read (not an earlier one every path rebinds: `model` the parameter, then `model =
    # Sequence(...)` before `model.train()`); a closure's name (bound in an enclosing function): all of them there
    bindings = file.reaching_bindings(name) if scope is file.scope_of(name) else \
        file.scope_index(scope).bindings.get(name.id, ())
    classes = []
    for binding in bindings:
        made = _made_classes(file, binding.value) if type(binding.stmt) is ast.Assign else []
        if not made:
            return []  # (a function's result, or something else: not known to be an instance of a class)
        classes.extend(made)
    return sorted(set(classes))


def _made_to_return(file, call: ast.Call, scope: ast.AST) -> bool:
    """A call whose result a function's local name is bound to and the function returns (`model = gru(config)`
    ... `return model`): the form of a factory that picks its class in a chain of branches."""
    stmt = file.parent(call)
    if type(stmt) is not ast.Assign or len(stmt.targets) != 1 or type(stmt.targets[0]) is not ast.Name:
        return False
    name = stmt.targets[0].id
    return any(type(ret.value) is ast.Name and ret.value.id == name for ret in file.returns_of(scope))


def _is_class(file, made: str | None) -> bool:
    """A project class by its qualified name: capitalised, or a class this file defines (`class gru(BaseModel)`)."""
    return made is not None and (made.rpartition(".")[2][:1].isupper() or type(file.defs.get(made)) is ast.ClassDef)


def _factory_classes(file, function: ast.AST) -> list[str]:
    """The project classes a factory function makes, when every return of it constructs one: `return
    Net(args)`, `return MODELS[name](args)` with `MODELS` a module-level dict whose every value names a
    project class of this file (a registry by name), or `return model` where every binding of `model` that
    reaches the return constructs one (`if arch == "gru": model = gru(cfg)` / `elif ...` / `else: raise`)."""
    returns = file.returns_of(function)
    classes = []
    for ret in returns:
        value = ret.value
        if type(value) is ast.Name:
            bindings = file.reaching_bindings(value)
            made = [file.def_of(b.value.func) if type(b.stmt) is ast.Assign and type(b.value) is ast.Call else None
                    for b in bindings]
            if not made or not all(_is_class(file, m) for m in made):
                return []
            classes.extend(made)
            continue
        if not isinstance(value, ast.Call):
            return []
        func = value.func
        if isinstance(func, ast.Subscript) and isinstance(func.value, ast.Name):
            bound = file.binding(func.value)
            registry = bound.value if bound is not None and isinstance(bound.stmt, ast.Assign) and \
                isinstance(file.parent(bound.stmt), ast.Module) else None
            if not isinstance(registry, ast.Dict) or not registry.values:
                return []
            made = [file.def_of(v) for v in registry.values]
        else:
            made = [file.def_of(func)]
        if any(m is None or not m.rpartition(".")[2][:1].isupper() for m in made):
            return []
        classes.extend(made)
    return sorted(set(classes))


def _module_level_calls(tree: ast.Module) -> list[ast.Call]:
    """The calls module-level code makes when the file runs (not those in definitions)."""
    return _body_calls(tree.body)


def _body_calls(body: list[ast.stmt]) -> list[ast.Call]:
    """The calls a block of statements makes when it runs (not those in the definitions it holds). (One loop over
    the nodes' fields, not `ast.iter_child_nodes`' generators: asked of every module's top-level code.)"""
    found: list[ast.Call] = []
    pending = [stmt for stmt in body if not isinstance(stmt, DEFINITIONS)]
    pop, push, AST, Call = pending.pop, pending.append, ast.AST, ast.Call
    while pending:
        node = pop()
        if type(node) is Call:
            found.append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, AST):
                if not isinstance(value, DEFINITIONS):
                    push(value)
            elif type(value) is list:
                for child in value:
                    if isinstance(child, AST) and not isinstance(child, DEFINITIONS):
                        push(child)
    return found


EXPERIMENTAL = "keras.mixed_precision.experimental."


def _removed_setter(visitor: SourceVisitor, name: str | None) -> bool:
    """A policy setter of `keras.mixed_precision.experimental`, which the TensorFlow the code runs on no
    longer has (removed in 2.9): the call raises, and no policy is set."""
    return (name or "").startswith(EXPERIMENTAL) and \
        visitor.file.tensorflow.release >= KERAS_MIXED_PRECISION_EXPERIMENTAL_REMOVED


# what a program asks to learn whether a GPU is there (a list of devices of the device type given, or a yes)
DEVICE_LISTS = {"tensorflow.config.list_physical_devices", "tensorflow.config.experimental.list_physical_devices",
                "tensorflow.config.get_visible_devices", "tensorflow.config.experimental.get_visible_devices",
                "tensorflow.config.list_logical_devices", "tensorflow.config.experimental.list_logical_devices"}
GPU_TESTS = {"tensorflow.test.is_gpu_available", "tensorflow.test.is_built_with_cuda",
             "tensorflow.test.is_built_with_gpu_support"}


def _gpu_only(visitor: SourceVisitor, call: ast.Call) -> ast.expr | None:
    """The test that lets `call` run only where a GPU is found (`if gpus:` around it with `gpus =
    tf.config.list_physical_devices("GPU")`, `if not tf.test.is_gpu_available(): return` before it, in its
    function), or None."""
    for test, held in [*conditions(visitor.file, call), *exited_before(visitor.file, call)]:
        if _gpu_sense(visitor, test) is held:
            return test
    return _gpu_gate_unless_forced(visitor, call)


def _gpu_gate_unless_forced(visitor: SourceVisitor, call: ast.Call) -> ast.expr | None:
    """The GPU test of an `if not force:` block before `call` in its function that returns where no GPU
    is found (`if not force: gpus = ...; if not gpus: return False`), `force` a parameter whose
    default is False or None: by default the call runs only where a GPU is found (a caller that
    forces it is not looked for)."""
    function = next((a for a in visitor.file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))),
                    None)
    if function is None:
        return None
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(args.defaults):]], args.defaults))
    defaults.update((a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None)
    statement = next((a for a in visitor.file.ancestors(call) if visitor.file.parent(a) is function), None)
    for stmt in function.body[:function.body.index(statement) if statement in function.body else 0]:
        test = stmt.test if isinstance(stmt, ast.If) and not stmt.orelse else None
        flag = test.operand if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) else None
        default = defaults.get(flag.id) if isinstance(flag, ast.Name) else None
        if not (isinstance(default, ast.Constant) and default.value in (False, None)):
            continue
        for inner in stmt.body:  # `if not gpus: return` (the exit where none is found)
            if isinstance(inner, ast.If) and not inner.orelse and isinstance(inner.body[-1], (ast.Return, ast.Raise)):
                negated = isinstance(inner.test, ast.UnaryOp) and isinstance(inner.test.op, ast.Not)
                if _gpu_sense(visitor, inner.test.operand if negated else inner.test) is negated:
                    return inner.test
    return None


def _gpu_sense(visitor: SourceVisitor, test: ast.expr) -> bool | None:
    """True when `test` holds exactly where a GPU is found (`gpus`, `len(gpus) > 0`,
    `tf.test.is_gpu_available()`), False when it holds where none is (`len(gpus) == 0`), else None."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        size = visitor.file.literal(test.comparators[0])
        if not _gpu_sense(visitor, test.left) or not isinstance(size, int) or isinstance(size, bool):
            return None
        op = type(test.ops[0])
        if (op, size) in ((ast.Gt, 0), (ast.GtE, 1), (ast.NotEq, 0)):
            return True
        return False if (op, size) in ((ast.Eq, 0), (ast.Lt, 1), (ast.LtE, 0)) else None
    value = visitor.file.value_of(test)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "len" and value.args:
        value = visitor.file.value_of(value.args[0])
    if not isinstance(value, ast.Call):
        return None
    name = visitor.call_name(value)
    if name in GPU_TESTS:
        return True
    device = argument(value, 0, "device_type")
    kind = visitor.file.literal(device) if device is not None else None
    return True if name in DEVICE_LISTS and isinstance(kind, str) and kind.upper() == "GPU" else None


def _policy_literal(visitor: SourceVisitor, call: ast.Call) -> str | None:
    value = visitor.file.literal(argument(call, 0, "policy"))
    return value if isinstance(value, str) else None


_DEMO_FITS = {"fit", "train_on_batch"}  # (Keras's training calls, whose first argument is the data)
_RANDOM_DRAWS = ("tensorflow.random.", "numpy.random.", "keras.random.")


@dataclass
class _Seen:
    builds: list[ast.Call]
    policies: list[ast.Call]
    compiles: list[ast.Call]
    training: bool
    steps: list[ast.Call]  # fit, train_on_batch, GradientTape: where a program trains (not `compile`: re.compile)
    inputs: list[ast.Call]  # keras.Input...: they compute nothing, but their InputLayer reads the policy too


class MixedPrecisionPolicySource(SourceVisitor):
    """TFP702: Keras training code with no mixed-precision policy, or one set after the model is built."""

    calls = Calls(POLICY_SETTERS | {GRADIENT_TAPE} | MODEL_BUILDERS | NOT_COMPUTING,
                  prefixes=("keras.layers.", "keras.applications."),
                  methods=TRAINING_METHODS, project=True)  # what `visit_Call` and `_builds` look at
    # the policy and training summaries, asked and exported only by this module's visitors: a file whose
    # answers change only in them is linted again by these visitors alone
    private_facts = frozenset({POLICY_SET, POLICY_FUNCTION, KERAS_MODEL, KERAS_LAYER, PROGRAM, POLICY16_SET,
                               POLICY16_FUNCTION, POLICY16_OPT_IN, TRAINS, CALLS_TO, METHODS, REGISTRY, FACTORY})
    # the methods a class defines: a framework-free module's class (a NumPy k-means whose `fit` a program calls) is
    # linted for them when asked (`_own_method`); so is a registry's module (`agents/__init__.py`: `registry = {...}`)
    helper_facts = frozenset({METHODS, REGISTRY})

    def __init__(self, file):
        super().__init__(file)
        self.seen = _Seen([], [], [], False, [], [])
        self.maybe_builds: set[ast.Call] = set()  # in seen.builds if a project class they call is a Keras model
        self.removed: list[ast.Call] = []  # policy calls of an API the code's TensorFlow no longer has
        self.on_gpu: list[tuple[ast.Call, ast.expr]] = []  # policy calls that run only where a GPU is found
        self.opt_in_setters: list[tuple[str, tuple]] = []  # (`_reaches_training`)
        self.lead_opt_ins: list[tuple[str, tuple]] = []  # the opt-in setters on the way of `_lead`'s call

    @cached_property
    def program(self) -> bool:
        """The file runs as a program (asked by `end`, `summarize` and `_no_policy`: scanned once)."""
        return _is_program(self)

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in POLICY_SETTERS:
            if _removed_setter(self, name):
                self.removed.append(node)
            elif self.target.kind != "gpu" and (test := _gpu_only(self, node)) is not None:
                self.on_gpu.append((node, test))
            else:
                self.seen.policies.append(node)
        elif name == GRADIENT_TAPE:
            self.seen.training = True
            self.seen.steps.append(node)
        elif name in INPUT_LAYERS:
            self.seen.inputs.append(node)
        elif (built := _builds(self, node, ask=_trains(node))) is not False:  # (a training call: asked now)
            self.seen.builds.append(node)
            if built is None:
                self.maybe_builds.add(node)
        elif _trains(node) and not _library_compile(self, node, name) and _may_be_keras(self.file, node):
            self.seen.training = True
            if node.func.attr == "compile":
                self.seen.compiles.append(node)
            else:
                self.seen.steps.append(node)

    def end(self) -> None:
        if not self.seen.training:
            if self.program:  # (what it builds, Keras or not, trains only where its calls lead to training)
                self._trains_through_project()
            return  # (nor is the project asked which classes are Keras models: a file that does not train
            # is not linted again when that answer changes)
        self.seen.builds = [b for b in self.seen.builds if b not in self.maybe_builds or _builds(self, b)]
        if not (self.seen.builds or self.seen.steps and (self.program or self._task_steps())):
            return
        sixteen = self.target.sixteen_bit()
        if sixteen is None:
            return
        timeline = self.timeline = Timeline(self.file, self._keras_class)
        if not self.seen.builds:
            steps = self.seen.steps if self.program else self._task_steps()
            self._program_without_policy(min(steps, key=timeline.of), sixteen, task=not self.program)
            return
        first = min(self.seen.builds, key=timeline.of)
        self.seen.policies.extend(self._project_policy_calls())
        if not self.seen.policies:
            self._no_policy(first, sixteen)
            return
        policy = min(self.seen.policies, key=timeline.of)
        if _policy_literal(self, policy) in SIXTEEN_BIT_POLICIES and timeline.of(policy) > timeline.of(first):
            self.report(policy, f"the mixed-precision policy is set after the model is built (line {first.lineno}): "
                                "layers read the policy when they are built, so every layer built before it keeps "
                                "computing in float32", fix=self._move_policy(policy, first))

    def summarize(self) -> None:
        """Export "this module sets a global policy", so that other modules know the project does. A
        policy set off the training path (a test, a benchmark, an export script) does not run before
        the program's training builds its model, so it does not count."""
        setters = [call for call in self.file.calls
                   if (name := self.call_name(call)) in POLICY_SETTERS and not _removed_setter(self, name)
                   and self.file.local_context(call) is None
                   and (self.target.kind == "gpu" or _gpu_only(self, call) is None)]
        if self.file.path_context is None and self.program:
            self.file.project.export(PROGRAM, "", self.file.module or self.file.path)
        if setters:
            self.file.project.export(POLICY_SET, "", f"{self.file.module or self.file.path}:{setters[0].lineno}")
        if sixteen := [call for call in setters if _policy_literal(self, call) in SIXTEEN_BIT_POLICIES | {None}]:
            self.file.project.export(POLICY16_SET, "", f"{self.file.module or self.file.path}:{sixteen[0].lineno}")
        for call in setters:
            function = next((a for a in self.file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))),
                            None)
            if function is not None and function in self.file.qualnames:
                self.file.project.export(POLICY_FUNCTION, self.file.qualnames[function])
                if _policy_literal(self, call) in SIXTEEN_BIT_POLICIES | {None}:  # (not `disable`: "float32")
                    given = opt_in(self.file, call, judged=False)  # (its constructions judge it: `_given_nothing`)
                    if given is not None and given.default in _NOTHING_GIVEN and \
                            not given.function.startswith((configs.REFERENCE, configs.HPARAM_KEY)):  # (a class's)
                        self.file.project.export(POLICY16_OPT_IN, self.file.qualnames[function],
                                                 (given.function, given.position, given.name, given.default))
                    else:
                        self.file.project.export(POLICY16_FUNCTION, self.file.qualnames[function])
        self._export_training()
        self._export_registries()
        # (not a test's classes: no program runs them; an inference-named module's are, `predictor.fit(...)`, and
        # its methods are no training of their own, `_export_training`, but they are the project's: `_own_method`)
        classes = self.file.path_context != "test"
        for node, qualname in self.file.qualnames.items():
            if type(node) is ast.ClassDef and classes:
                methods = tuple(stmt.name for stmt in node.body if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef))
                if methods:  # (which method an instance of a subclass runs: `_reaches_training`)
                    self.file.project.export(METHODS, qualname, methods)
                for stmt in node.body:  # (an alternative constructor, `Trainer.from_config(cfg)`: `_made_classes`)
                    if _constructs_own_class(stmt, node) and stmt in self.file.qualnames:
                        self.file.project.export(FACTORY, self.file.qualnames[stmt], CLASS_ITSELF)
            if not (isinstance(node, ast.ClassDef) and node.bases):
                continue
            if derives(self.file, qualname, MODEL_BUILDERS, KERAS_MODEL):
                self.file.project.export(KERAS_MODEL, qualname)
            if derives(self.file, qualname, LAYER_BASES, KERAS_LAYER, prefixes=LAYER_PREFIXES):
                self.file.project.export(KERAS_LAYER, qualname)  # where a policy line goes (placement.py)

    def _export_training(self) -> None:
        """Export which project functions train (a Keras `fit`/`fit_generator`/`train_on_batch`, a
        GradientTape, an optimizer's `apply_gradients`) and which project functions each calls, so
        that a program that trains through project calls (`runner.train()` -> a trainer's GradientTape
        step, modules away) is known to train: `_trains_through_project` follows these calls."""
        file = self.file
        if file.path_context == "inference":
            self._export_full_steps()
            return
        if file.path_context is not None:
            return  # (tests, benchmarks: on no program's way to training)
        keras = "keras" in file.text  # (an optimizer's apply_gradients trains a Keras model only in Keras code)
        factories: set[str] = set()
        for call in file.calls:
            scope = file.scope_of(call)  # the function the call is in (a nested def: handed or called by its own)
            while not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
                scope = file.scope_of(scope)
            function = file.qualnames.get(scope)
            if function is None:
                continue
            if _training_step(self, call, keras):
                file.project.export(TRAINS, function)
            if (isinstance(file.parent(call), ast.Return) and (type(call.func) is ast.Subscript or
                                                               _is_class(file, file.def_of(call.func))) or
                    _made_to_return(file, call, scope)) and function not in factories and \
                    isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
                factories.add(function)  # (a registry's factory: `return MODELS[name](args)`; a chain of
                for cls in _factory_classes(file, scope):  # branches: `model = A(...)` ... `return model`)
                    file.project.export(FACTORY, function, cls)
            if _inference_call(file, call):
                continue  # (`run_one_epoch(valid_data, training=False)`: Keras' inference mode, stated)
            callees = _project_callees(file, call, overrides=False)
            given = _construction_arguments(file, call) if callees and type(call.func) is ast.Attribute else ()
            passed = _passed_arguments(file, call) if callees else ()
            for callee in callees:
                if callee != function:  # (a method of an object whose construction is given objects: with them;
                    # a call that passes objects of known classes: with them, `_passed_arguments`)
                    file.project.export(CALLS_TO, function, (ON_INSTANCE, callee, given, passed) if (given or passed)
                                        and type(callee) is str else callee)
            if not callees and (on_parameter := _parameter_call(file, call, scope)) is not None:
                file.project.export(CALLS_TO, function, (PARAMETER, function, *on_parameter))

    def _export_full_steps(self) -> None:
        """In a module named for inference (`greedy_reward_prediction_agent.py`: a model that predicts rewards, and
        trains), a function that both records a GradientTape and applies gradients with an optimizer is a training
        step all the same, the name notwithstanding (TRAINS); nothing else of the module is exported as training."""
        file = self.file
        tapes, updates = set(), set()
        for call in file.calls:
            if self.call_name(call) == GRADIENT_TAPE:
                tapes.add(file.scope_of(call))
            elif type(call.func) is ast.Attribute and call.func.attr == APPLY_GRADIENTS and (call.args or call.keywords):
                updates.add(file.scope_of(call))
        for scope in tapes & updates:
            if type(scope) in (ast.FunctionDef, ast.AsyncFunctionDef) and scope in file.qualnames:
                file.project.export(TRAINS, file.qualnames[scope])

    def _export_registries(self) -> None:
        """Export the module-level literals that hold only project classes (REGISTRY), and the module-level objects
        of project classes (INSTANCE: omnizart's `app = BeatTranscription()`, whose `beat.app.train(...)` the
        console commands call, set 56)."""
        file = self.file
        if file.path_context is not None or file.module is None:
            return
        for stmt in file.tree.body:
            named = type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name
            if named and type(stmt.value) in (ast.Dict, ast.List, ast.Tuple) and \
                    (classes := _registered(file, stmt.value)):
                for cls in classes:
                    file.project.export(REGISTRY, f"{file.module}.{stmt.targets[0].id}", cls)
            elif named and type(stmt.value) is ast.Call:
                for cls in _made_classes(file, stmt.value):
                    file.project.export(INSTANCE, f"{file.module}.{stmt.targets[0].id}", cls)
            elif type(stmt) is ast.ClassDef and stmt in file.qualnames:
                # a class a decorator registers into an object of another module (`@registers.solver.register`,
                # `@MODELS.register("name")`): `registers.solver[name](...)` makes one of them
                for decorator in stmt.decorator_list:
                    target = decorator.func if type(decorator) is ast.Call else decorator
                    if type(target) is ast.Attribute and target.attr.startswith("register") and \
                            (name := _registry_name(file, target.value)) is not None:
                        file.project.export(REGISTRY, name, file.qualnames[stmt])

    def _trains_through_project(self) -> None:
        """A program that builds no model itself but calls project code that trains one (its entry
        reaches a `fit` or a GradientTape step through up to MAX_TRAINING_DEPTH project calls), with no
        policy set by itself, by any function on that way, or by any other module: reported at the
        program's first call that leads to training (a warning; info where the project sets a policy
        somewhere, whose order across modules is not in the source)."""
        sixteen = self.target.sixteen_bit()
        if sixteen is None or self.seen.policies or self.removed or self.on_gpu or self.file.path_context is not None:
            return
        lead = self._lead(list(_module_level_calls(self.file.tree)) +
                          [c for entry in _entry_points(self) for c in own_nodes(entry) if type(c) is ast.Call], set())
        if lead is None:
            return
        call, trainer, setter = lead
        message = (f"this program trains a Keras model without setting a mixed-precision policy: it trains through "
                   f"project code ({trainer} trains, reached from this call): every matmul and convolution "
                   f"computes in float32, and {self.target.name}'s matrix engine runs {sixteen[0]} "
                   f"{sixteen[1]:.1f}x faster")
        advice = f"set keras.mixed_precision.set_global_policy(\"{POLICY_FOR[sixteen[0]]}\") at the start of the " \
                 f"program, before its model is built{self._loss_scaling(sixteen[0])}"
        elsewhere = sorted(self.file.project.query(POLICY16_SET, ""))
        if not setter and self.lead_opt_ins and len({f for _, f in self.lead_opt_ins}) == 1:
            # the one setter on the way sets a policy only where its object is given a parameter (a trainer's
            # `options`, None by default): this program's own constructions of that class decide
            function, (owner, _, name, default) = self.lead_opt_ins[0]
            made = self._given_nothing(owner, name)
            if made:
                self.report(call, f"{message}; {_short(function)} sets one only where its {name} is given (default "
                                  f"{default!r}), and this program builds {_short(owner)} without one (line "
                                  f"{made[0].lineno})", fix=Fix(Safety.ADVISORY, advice))
                return
            setter = function
        if setter or elsewhere:  # the order across modules, and the conditions of a call on the way, are unknown
            unless = f"{setter} (called on the way) sets" if setter else f"the project sets at {elsewhere[0]}"
            self.report(call, f"{message}, unless the policy {unless} is in force when the model is built (it "
                              "may be set only under conditions, or after the build)", severity=Severity.INFO, fix=Fix(
                            Safety.ADVISORY, "check that a 16-bit policy is set before this program builds its model"))
            return
        self.report(call, message, fix=Fix(Safety.ADVISORY, advice))

    def _given_nothing(self, owner: str, name: str) -> list[ast.Call]:
        """This file's constructions of the project class `owner` when each leaves its parameter `name` out (by
        keyword, with no positional argument that may be it and no `**`) or passes it None or False; [] when
        the file constructs none, or one may give it."""
        made = [c for c in self.file.calls if self.file.def_of(c.func) == owner]
        for call in made:
            given = keyword(call, name)
            if any(k.arg is None for k in call.keywords) or given is None and call.args or \
                    given is not None and self.file.literal(given.value) not in _NOTHING_GIVEN:
                return []
        return made

    def _lead(self, calls: list[ast.Call], seen: set[str]) -> tuple[ast.Call, str, str] | None:
        """The first of `calls` (in line order) that reaches training (`_reaches_training`), with the
        function that trains and a policy setter on the way; where the way to training from that call only
        enters functions of this file (the `main()` of the __main__ block, a step function handed to a wrapper:
        `train_step = common.function(train_step)`), the call in them that leads on (`runner.train()`), so
        the finding names the call that leaves the program for the project's training code."""
        for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
            callees = _project_callees(self.file, call)
            given = _construction_arguments(self.file, call)
            passed = _passed_arguments(self.file, call) if callees else ()
            trainer, setter = self._reaches_training(callees, given, passed)
            if not trainer:
                continue
            opt_ins = list(self.opt_in_setters)
            own = [c for c in callees if c in self.file.defs and c not in seen
                   and isinstance(self.file.defs[c], (ast.FunctionDef, ast.AsyncFunctionDef))]
            if own and (len(own) == len(callees) or
                        not any(self._reaches_training([c], given, passed)[0] for c in callees if c not in own)):
                seen.update(own)
                deeper = self._lead([c for f in own for c in ast.walk(self.file.defs[f]) if isinstance(c, ast.Call)],
                                    seen)
                if deeper is not None:
                    return deeper
            self.lead_opt_ins = opt_ins
            return call, trainer, setter
        return None

    def _reaches_training(self, start: list, given: tuple = (), passed: tuple = ()) -> tuple[str, str]:
        """The first project function (breadth first, up to MAX_TRAINING_DEPTH calls from `start`) that
        trains ("" when none does), and the first one met on the way there that may set a 16-bit
        global policy ("" when none does: the program's training then runs in float32). A setter that sets
        one only where a caller gives a parameter (POLICY16_OPT_IN) is kept in `self.opt_in_setters` instead,
        for the report to judge by what the project's calls pass. A method is followed as the method of the
        object that runs it (`_Dispatch`: a template method's `self._train(...)` runs the subclass's override);
        `given`: what the construction of the object `start`'s methods are called on was given (its arguments'
        classes, `_construction_arguments`)."""
        project = self.file.project
        dispatch = _Dispatch(project)
        passed = tuple((at, made) for at, made in passed if made[0] != PARAMETER)  # (the program's: none given)
        frontier = list(dict.fromkeys(dispatch.start(name, given, passed) for name in start))
        seen, setter = set(frontier), ""
        self.opt_in_setters = []
        for _ in range(MAX_TRAINING_DEPTH):
            found = ""
            for function in (item.function for item in frontier):
                if not setter and project.query(POLICY16_FUNCTION, function):
                    setter = function
                if not setter:
                    self.opt_in_setters.extend((function, tuple(f)) for f in project.query(POLICY16_OPT_IN, function))
                if not found and project.query(TRAINS, function):
                    found = function
            if found:
                return found, setter
            frontier = [onward for item in frontier for callee in _callees(project, item.function)
                        for onward in dispatch.onward(item, callee) if onward not in seen and not seen.add(onward)]
            if not frontier or len(seen) > MAX_DISPATCHED:
                break
        return "", ""

    def _program_without_policy(self, step: ast.Call, sixteen: tuple[str, float], task: bool = False) -> None:
        """A program that trains a model built elsewhere (a task, a factory) and neither sets a policy
        nor calls a project function that does: its model is built, and trains, in float32. `task`: the
        step is in a framework task's run method (TASK_BASES): the framework's command line imports the
        project's task modules, so a policy another module sets may run first (info then)."""
        if self.seen.policies or self._project_policy_calls():
            return
        modules = self._module_models()
        if modules:
            self.report(step, f"this program trains with a GradientTape, but what it builds are tf.Modules of "
                              f"{modules} (not Keras layers), and it never uses Keras: a Keras dtype policy would "
                              "not reach them (mixed precision there is the library's own, or casts in the model)",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "use the library's own mixed precision (Sonnet: snt.mixed_precision) "
                                                 "to compute in 16 bits"))
            return
        who = f"this {self._task_name(step)} task's run method (its framework's command line runs it as the " \
              "program)" if task else "this program"
        message = f"{who} trains a Keras model without setting a mixed-precision policy (neither itself nor " \
                  f"through a project function it calls): every matmul and convolution computes in float32, and " \
                  f"{self.target.name}'s matrix engine runs {sixteen[0]} {sixteen[1]:.1f}x faster{self._unset()}"
        advice = f"set keras.mixed_precision.set_global_policy(\"{POLICY_FOR[sixteen[0]]}\") at the start of the " \
                 f"program, before its model is built{self._loss_scaling(sixteen[0])}"
        elsewhere = sorted(self.file.project.query(POLICY_SET, "")) if task else []
        if elsewhere:
            self.report(step, f"{message}, unless the policy the project sets at {elsewhere[0]} runs first (the order "
                              "across modules is not in the source)", severity=Severity.INFO, fix=Fix(
                            Safety.ADVISORY, "check that the project's policy is set before this task builds its model"))
            return
        self.report(step, message, fix=Fix(Safety.ADVISORY, advice))

    def _module_models(self) -> str:
        """What a file that never mentions Keras builds, when that is tf.Modules of a library that makes
        no Keras layers (Sonnet's `snt.Linear`, MODULE_LIBRARIES) or of classes of this file deriving directly
        from `tf.Module` / `snt.Module`: "sonnet" / "this file's classes"; else ""."""
        if "keras" in self.file.text:
            return ""
        found = set()
        for call in self.file.calls:
            name = self.call_name(call) or ""
            if name.startswith(MODULE_LIBRARIES) and name.rpartition(".")[2][:1].isupper():
                found.add(name.partition(".")[0])
        for node in self.file.qualnames:
            if isinstance(node, ast.ClassDef) and any(self.file.qualified(b) in MODULE_BASES for b in node.bases):
                found.add("this file's classes")
        return " and ".join(sorted(found))

    def _task_steps(self) -> list[ast.Call]:
        """The training steps (`fit`, `train_on_batch`, a GradientTape) in the method a framework runs
        as the program, of a class of this file deriving directly from its task base (TASK_BASES)."""
        return [step for step in self.seen.steps if self._task_name(step)]

    def _task_name(self, step: ast.Call) -> str | None:
        """The framework task base (`zookeeper.tf.Experiment`) whose program method holds `step`, or None."""
        method = next((a for a in self.file.ancestors(step) if isinstance(a, DEFINITIONS)), None)
        owner = self.file.parent(method) if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if not isinstance(owner, ast.ClassDef):
            return None
        return next((name for base in owner.bases if TASK_BASES.get(name := self.file.qualified(base) or "")
                     == method.name), None)

    def _project_policy_calls(self) -> list[ast.Call]:
        """Calls of this file to project functions that set the global policy."""
        return [call for call in self.file.calls
                if (callee := self.file.callee(call)) is not None and self.file.project.query(POLICY_FUNCTION, callee)]

    def _no_policy(self, first: ast.Call, sixteen: tuple[str, float]) -> None:
        message = (f"Keras training code builds its model without a mixed-precision policy: every matmul and "
                   f"convolution computes in float32, and {self.target.name}'s matrix engine runs {sixteen[0]} "
                   f"{sixteen[1]:.1f}x faster")
        message += self._unset()
        if self.program and self._never_trained():
            self.report(first, f"{message}, but this program never trains it: it compiles the model and trains it "
                               "nowhere (no fit, train_on_batch or GradientTape here, and the compiled model is "
                               "handed to no other code): a smoke check", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "set the policy in the program that trains this model, before the "
                                                 "model is built"))
            return
        if self._tiny_model():
            self.report(first, f"{message}, but this model is tiny: a Sequential whose every layer states its size "
                               f"(at most {TINY_WIDTH} units, on inputs of at most {TINY_WIDTH} features), so its "
                               "matmuls are too small for a 16-bit policy to speed up", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "nothing to gain here; set the policy when the model grows"))
            return
        drawn = self._random_demo_fit()
        if drawn is not None:
            self.report(first, f"{message}, but this module only fits it in its `__main__` demo, on data drawn at random "
                               f"there (`{self.file.segment(drawn)}`, line {drawn.lineno}): a smoke test of the "
                               "module's code, not a training program", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "set the policy in the program that trains this model on real data, "
                                                 "before the model is built"))
            return
        program = self.program
        elsewhere = [] if program else sorted(self.file.project.query(POLICY_SET, ""))
        if elsewhere:
            # Projects often set the policy in one module (a trainer's flags) before any model is built;
            # the order across modules is not in the source, so this is not shouted, and nothing is inserted.
            self.report(first, f"{message}, unless the policy the project sets at {elsewhere[0]} runs first "
                               "(the order across modules is not in the source)", severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, f"check that the project's policy is set before this model is "
                                                 f"built (line {first.lineno})"))
        elif program:
            self.report(first, message, fix=self._set_policy(first, sixteen[0]))
        else:
            # library code (Keras, a model zoo, a package's training API such as `create()`): the policy is the
            # program's to set, once, before the model is built; a line inserted here would switch the policy of
            # every program that calls it, at a point of the library's choosing
            programs = self.file.project.query(PROGRAM, "")
            why = "no program in the linted code sets one" if programs else \
                "no program in the linted code builds or trains a model"
            self.report(first, f"{message}, unless the program that trains it sets a policy first: this is library "
                               f"code, not a program ({why})",
                        severity=Severity.INFO,
                        fix=Fix(Safety.ADVISORY, "set the policy at the start of the program that trains this model, "
                                                 "before the model is built"))

    def _unset(self) -> str:
        """Why the file's policy calls set none here (an API removed, a GPU-only branch), for the message."""
        said = ""
        if self.removed:
            said += (f" (the policy call at line {self.removed[0].lineno} uses keras.mixed_precision.experimental, "
                     f"which {self.file.tensorflow.describe()} no longer has: it was removed in TensorFlow "
                     f"{'.'.join(map(str, KERAS_MIXED_PRECISION_EXPERIMENTAL_REMOVED))}, so the call fails and no "
                     "policy is set; use keras.mixed_precision.set_global_policy)")
        if self.on_gpu:
            call, test = self.on_gpu[0]
            said += (f" (the policy call at line {call.lineno} runs only where a GPU is found (line {test.lineno}: "
                     f"`{self.file.segment(test)}`): on {self.target.name} none is, so no policy is set)")
        return said

    def _never_trained(self) -> bool:
        """The program's `__main__` block only compiles its models (a module's self-check): no training
        step in the file (`fit`, `train_on_batch`, a GradientTape), every compile in that block, and every
        compiled model a name used only through its own attributes (`m.summary()`), never handed to other
        code (an argument, a return, another name) that could train it."""
        if self.seen.steps or not self.seen.compiles:
            return False
        for call in self.seen.compiles:
            model = call.func.value
            if not isinstance(model, ast.Name) or not any(main_block(a) for a in self.file.ancestors(call)
                                                          if isinstance(a, ast.If)):
                return False
            scope = self.file.scope_of(call)
            for load in self.file.scope_index(scope).loads_of(model.id):
                parent = self.file.parent(load)
                if not (isinstance(parent, ast.Attribute) and parent.value is load):
                    return False
        return True

    def _tiny_model(self) -> bool:
        """The file's model is a `Sequential` of stated layers only (each built in its list or in an
        `add(...)`, and nothing else listed or added), every one a Dense of at most TINY_WIDTH literal
        units or a weightless layer, on inputs of at most TINY_WIDTH literal features: no weight exceeds
        TINY_WIDTH**2 elements. A functional model, a layer made elsewhere, a project layer, a
        convolution, an input of unstated size: not known to be tiny."""
        layers = [b for b in self.seen.builds if self.call_name(b) not in SEQUENTIAL] + self.seen.inputs
        if not self.seen.inputs or len(layers) == len(self.seen.builds) + len(self.seen.inputs) or \
                self._project_layers() or not all(self._tiny_layer(layer) for layer in layers):
            return False
        stated = set(layers)
        given = [e for b in self.seen.builds if self.call_name(b) in SEQUENTIAL for a in b.args[:1]
                 if isinstance(a, (ast.List, ast.Tuple)) for e in a.elts]
        given += [c.args[0] for c in self.file.calls if type(c.func) is ast.Attribute and c.func.attr == "add" and c.args]
        return all(layer in stated for layer in given) and stated <= set(given)

    def _random_demo_fit(self) -> ast.Call | None:
        """The random draw a module that defines code (a class or a function) fits its model on in its `__main__`
        block, when every training step of the file is such a fit (`model.fit(x, x, epochs=5)` of `x =
        tf.random.normal((1, N, 1))`, set 62's tfdwt layer demos); None otherwise (a script with no code of its own
        is a program, whatever data it trains on)."""
        tree = self.file.tree
        if not self.seen.steps or not any(type(s) in (ast.FunctionDef, ast.ClassDef) for s in tree.body):
            return None
        drawn = None
        for step in self.seen.steps:
            data = argument(step, 0, "x") if type(step.func) is ast.Attribute and step.func.attr in _DEMO_FITS else None
            value = self.file.value_of(data) if data is not None else None
            if not (type(value) is ast.Call and (self.call_name(value) or "").startswith(_RANDOM_DRAWS)
                    and main_block(self.file.statement_at_top(step))):
                return None
            drawn = drawn or value
        return drawn

    def _tiny_layer(self, layer: ast.Call) -> bool:
        name = self.call_name(layer)
        if name in INPUT_LAYERS:
            stated = argument(layer, 0, "shape") or argument(layer, None, "input_shape")
            shape = self.file.literal(stated) if stated is not None else None
            return isinstance(shape, (tuple, list)) and bool(shape) and \
                all(isinstance(d, int) and d > 0 for d in shape) and math.prod(shape) <= TINY_WIDTH
        if name in WEIGHTLESS_LAYERS:
            return True
        units = self.file.literal(argument(layer, 0, "units")) if name in TINY_LAYERS else None
        return isinstance(units, int) and 0 < units <= TINY_WIDTH

    # fixes

    def _set_policy(self, build: ast.Call, dtype: str) -> Fix:
        policy = POLICY_FOR[dtype]
        setter = self._setter_name()
        spelled = f"{setter or 'keras.mixed_precision.set_global_policy'}(\"{policy}\")"
        point, advice = self._policy_point(), self._loss_scaling(dtype)
        if isinstance(point, str):
            return Fix(Safety.ADVISORY, f"set {spelled} before the model's first layer is built, on every path that "
                                        f"builds it (line {build.lineno}): {point}{advice}")
        first = point.construction.lineno
        description = f"set {spelled} before the model's first layer is built (line {first}){advice}"
        if setter is None:
            return Fix(Safety.ADVISORY, f"{description} (not inserted automatically: the file imports neither keras "
                                        "nor tensorflow)")
        if dtype == "float16" and not self.seen.compiles:
            return Fix(Safety.ADVISORY, description)
        return Fix(Safety.NUMERICS, description, (self._line_before(point.stmt, spelled),))

    def _policy_point(self) -> Point | str:
        """Where a policy line runs before the first layer the file constructs (placement.py), or why
        the source shows no such point."""
        return policy_point(self.file, self.seen.builds + self.seen.inputs + self._project_layers(), self.timeline)

    def _project_layers(self) -> list[ast.Call]:
        """The constructions of project Keras layers that are not models (they read the policy too)."""
        return [call for call in self.maybe_builds if call not in self.seen.builds and
                derives(self.file, self.file.callee(call), LAYER_BASES, KERAS_LAYER, prefixes=LAYER_PREFIXES)]

    def _keras_class(self, cls: ast.ClassDef) -> bool | None:
        """Whether the class derives from a Keras layer (its constructor reads the policy); None when
        a base is neither a project class, a framework class, a test case nor `object`."""
        if derives(self.file, self.file.qualnames.get(cls), LAYER_BASES, KERAS_LAYER, prefixes=LAYER_PREFIXES):
            return True
        for base in cls.bases:
            name = self.file.qualified(base) or ""
            if not (isinstance(base, ast.Name) and base.id == "object" or name.endswith(TEST_CASE_SUFFIX)
                    or is_framework(name) or self.file.def_of(base) is not None):
                return None
        return False

    def _loss_scaling(self, dtype: str) -> str:
        if dtype != "float16":
            return ""
        if self.seen.compiles:
            return "; model.compile then wraps the optimizer in a LossScaleOptimizer (Keras' auto_scale_loss)"
        return ("; a custom training loop must scale the loss: wrap the optimizer in "
                "keras.mixed_precision.LossScaleOptimizer and differentiate optimizer.scale_loss(loss)")

    def _move_policy(self, policy: ast.Call, build: ast.Call) -> Fix:
        stmt = self.file.statement_of(policy)
        point = self._policy_point()
        if isinstance(point, str):
            return Fix(Safety.ADVISORY, f"move the policy before the model's first layer is built, on every path "
                                        f"that builds it (line {build.lineno}): {point}")
        description = f"move the policy before the model's first layer is built (line {point.construction.lineno})"
        removal = self.delete_statement(stmt) if isinstance(stmt, ast.Expr) and stmt.value is policy else None
        if removal is None:
            return Fix(Safety.ADVISORY, description)
        if not isinstance(self.file.parent(stmt), (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            return Fix(Safety.ADVISORY, f"{description}, under the condition it is set under (an `if`, a loop, a "
                                        "`try`: moving it out would set it where the code does not)")
        return Fix(Safety.NUMERICS, description, (self._line_before(point.stmt, self.file.segment(policy)), removal))

    def _setter_name(self) -> str | None:
        """How this file can spell keras.mixed_precision.set_global_policy with its imports."""
        found = self.file.imports.alias_for("keras.mixed_precision.set_global_policy")
        if found:
            return found
        tensorflow = self.file.imports.alias_for("tensorflow")
        return f"{tensorflow}.keras.mixed_precision.set_global_policy" if tensorflow else None

    def _line_before(self, stmt: ast.stmt, text: str) -> TextEdit:
        """A line `text` before `stmt` (above its decorators), at its indentation."""
        line = first_line(stmt)
        indent = self.file.line_text(line)[:stmt.col_offset]
        return TextEdit(self.file.path, line, 1, line, 1, f"{indent}{text}{self.file.newline_at(line)}")


class FloatOutputLayerSource(SourceVisitor):
    """TFP703: a softmax output layer computing in 16-bit under a 16-bit policy."""

    calls = Calls(POLICY_SETTERS | SOFTMAX_LAYERS | ACTIVATION_LAYERS)

    def __init__(self, file):
        super().__init__(file)
        self.layers: list[ast.Call] = []
        self.sixteen_bit_policy = False

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in POLICY_SETTERS and _policy_literal(self, node) in SIXTEEN_BIT_POLICIES and \
                not _removed_setter(self, name):
            self.sixteen_bit_policy = True
        elif name in SOFTMAX_LAYERS or name in ACTIVATION_LAYERS and self._softmax_activation(node, name):
            self.layers.append(node)

    def end(self) -> None:
        for layer in self.layers:
            dtype = keyword(layer, "dtype")
            value = self.file.literal(dtype.value) if dtype is not None else None
            if dtype is None and self.sixteen_bit_policy or value in SIXTEEN_BIT_POLICIES:
                policy = value or "the global 16-bit policy"
                self.report(layer, f"softmax output layer computes in {policy}: its exponentials and the loss "
                                   "read from it lose precision (Keras advises a float32 output layer)",
                            fix=self._float32(layer, dtype))

    def _softmax_activation(self, node: ast.Call, name: str) -> bool:
        position = 0 if name == "keras.layers.Activation" else None
        activation = argument(node, position, "activation")
        if activation is None:
            return False
        value = self.file.literal(activation)
        if isinstance(value, str):
            return value in SOFTMAX_ACTIVATIONS
        return (self.qualified(activation) or "").rpartition(".")[2] in SOFTMAX_ACTIVATIONS

    def _float32(self, layer: ast.Call, dtype: ast.keyword | None) -> Fix:
        description = "compute the output layer in float32: dtype=\"float32\""
        if dtype is not None:
            return Fix(Safety.NUMERICS, description, (self.replace(dtype.value, '"float32"'),))
        if any(isinstance(a, ast.Starred) for a in layer.args) or any(k.arg is None for k in layer.keywords):
            return Fix(Safety.ADVISORY, description)
        arguments = [*layer.args, *layer.keywords]
        if arguments:
            return Fix(Safety.NUMERICS, description, (self.insert_after(arguments[-1], ', dtype="float32"'),))
        _, _, line, column = self.file.span(layer.func)  # `Softmax()`: the parentheses become `(dtype=...)`
        _, _, end_line, end_column = self.file.span(layer)
        return Fix(Safety.NUMERICS, description,
                   (TextEdit(self.file.path, line, column, end_line, end_column, '(dtype="float32")'),))
