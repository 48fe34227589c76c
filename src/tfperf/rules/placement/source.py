"""TFP501 and TFP502 in source: Python callbacks in model code on an accelerator; a
tf.estimator.Estimator constructed for an HPU target."""

from __future__ import annotations

import ast

from tfperf.findings import Fix, Safety, Severity
from tfperf.source.context import HOST, OFF_STEP, describe
from tfperf.source.optin import opt_in
from tfperf.source.project import CALLED_BY, FRAMEWORK_CALLER, SET_MARK, STEP_ROOT, STEP_SUBCLASS, name_set, private
from tfperf.source.steps import ANY
from tfperf.source.classes import derives
from tfperf.source.symbols import HOST_TRANSFORMS
from tfperf.source.scopes import end, start
from tfperf.source.treewalk import walk_nodes
from tfperf.source.arguments import parameter_names
from tfperf.source.visitor import Calls, SourceVisitor, argument

# tf.estimator's canned Estimators, each a subclass of tf.estimator.Estimator: the documented, frozen list of the
# TensorFlow API docs (https://www.tensorflow.org/api_docs/python/tf/estimator and tf/compat/v1/estimator, whose v1
# classes have the same names; RNNClassifier / RNNEstimator under tf.estimator.experimental). tensorflow_estimator
# defines them in canned/<module>.py (a `...V2` class is the TF2 one of the same name).
CANNED_ESTIMATORS = {
    "baseline": ("BaselineClassifier", "BaselineEstimator", "BaselineRegressor"),
    "boosted_trees": ("BoostedTreesClassifier", "BoostedTreesEstimator", "BoostedTreesRegressor"),
    "dnn": ("DNNClassifier", "DNNEstimator", "DNNRegressor"),
    "dnn_linear_combined": ("DNNLinearCombinedClassifier", "DNNLinearCombinedEstimator",
                            "DNNLinearCombinedRegressor"),
    "linear": ("LinearClassifier", "LinearEstimator", "LinearRegressor"),
    "rnn": ("RNNClassifier", "RNNEstimator"),
}
# Keras' model_to_estimator (tf.keras.estimator / tf.compat.v1.keras.estimator, documented, canonically
# `keras.estimator...`): it returns a tf.estimator.Estimator that trains the model. Only the public name:
# tensorflow_estimator's own `keras_lib.model_to_estimator` is what Keras' public function forwards to (the framework
# defining its API, not a program building an Estimator).
MODEL_TO_ESTIMATOR = {"keras.estimator.model_to_estimator"}
BASE_ESTIMATORS = {"tensorflow.estimator.Estimator", "tensorflow_estimator.estimator.Estimator",
                   "tensorflow_estimator.python.estimator.estimator.Estimator",
                   "tensorflow_estimator.python.estimator.estimator.EstimatorV2"}
ESTIMATORS = BASE_ESTIMATORS | {
    f"{prefix}.{name}" for module, names in CANNED_ESTIMATORS.items() for name in names for prefix in (
        ("tensorflow.estimator.experimental", "tensorflow_estimator.estimator.experimental") if module == "rnn"
        else ("tensorflow.estimator", "tensorflow_estimator.estimator"))} | {
    f"tensorflow_estimator.python.estimator.canned.{module}.{name}{suffix}"
    for module, names in CANNED_ESTIMATORS.items() for name in names for suffix in ("", "V2")}
# TPUEstimator under each name TensorFlow 1 and 2 gave it: `tf.contrib.tpu` (`from tensorflow.contrib import tpu as
# contrib_tpu`, TensorFlow 1's public module) and the internal modules code imports it from
TPU_ESTIMATORS = {"tensorflow.estimator.tpu.TPUEstimator", "tensorflow_estimator.estimator.tpu.TPUEstimator",
                  "tensorflow.contrib.tpu.TPUEstimator", "tensorflow.contrib.tpu.python.tpu.tpu_estimator.TPUEstimator",
                  "tensorflow.python.tpu.tpu_estimator.TPUEstimator",
                  "tensorflow_estimator.python.estimator.tpu.tpu_estimator.TPUEstimator"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.Module)
# Estimator methods that do not train (a program that only calls these on its Estimator is inference or evaluation)
NOT_TRAINING_METHODS = {"predict", "evaluate", "export_saved_model", "export_savedmodel", "experimental_export_all_saved_models"}
BOOL_FLAG_DEFINERS = {"DEFINE_bool", "DEFINE_boolean"}  # absl.flags / tf.compat.v1.flags: name, default, help
REMEDY = "use habana_frameworks.tensorflow.habana_estimator (the guide's note) instead of tf.estimator.Estimator"
ESTIMATOR_CLASS = "estimator"  # summary fact: a project class that derives from tf.estimator.Estimator
# summary fact: a boolean command-line flag's name -> its default (True / False, "?" when not a literal), for each
# `DEFINE_bool(name, default, ...)` of the project (a program reads the flags the modules it imports define: BERT's
# run_classifier_with_tfhub reads run_classifier's --use_tpu). Keyed by the flag's name: a reader waits only for the
# files that define a flag of that name.
FLAG_DEFAULT = "flagdefault"


class EstimatorSource(SourceVisitor):
    """A tf.estimator.Estimator constructed for an HPU target: directly, as a subclass of the
    project's (or Horovod's) own, or as a `TPUEstimator(use_tpu=False)` (a plain Estimator there)."""

    calls = Calls(ESTIMATORS | TPU_ESTIMATORS | MODEL_TO_ESTIMATOR, project=True)

    def visit_Call(self, node: ast.Call) -> None:
        if self.target.kind != "hpu":
            return
        name, callee = self.call_name(node), self.file.callee(node)
        tpu = name in TPU_ESTIMATORS or _vendored_tpu_estimator(callee)
        use_tpu = argument(node, None, "use_tpu") if tpu else None
        if tpu and self._tpu_branch(node, use_tpu):
            return  # (built only where its use_tpu tested true: XLNet's `if FLAGS.use_tpu:`, whose else builds
            # a plain Estimator, reported there)
        if name in ESTIMATORS:
            what = ("tf.estimator.Estimator" if name in BASE_ESTIMATORS
                    else f"{self.file.segment(node.func)}, a canned tf.estimator.Estimator,")
        elif name in MODEL_TO_ESTIMATOR:
            what = "model_to_estimator, which makes a tf.estimator.Estimator of the Keras model,"
        elif tpu and self.file.literal(use_tpu) is False:
            what = "a TPUEstimator with use_tpu=False (a plain tf.estimator.Estimator)"
        elif tpu and (flag := self._false_flag(use_tpu)):
            what = (f"a TPUEstimator whose use_tpu is the flag --{flag}, False unless given (a plain "
                    f"tf.estimator.Estimator when run as defined)")
        elif tpu and (flag := self._undefined_flag(use_tpu)):
            what = (f"a TPUEstimator whose use_tpu is the flag --{flag}, which no module of the project defines and "
                    f"the program tests to set up its TPU only when given (a plain tf.estimator.Estimator where "
                    f"there is no TPU)")
        elif not tpu and derives(self.file, callee, ESTIMATORS, ESTIMATOR_CLASS):
            what = f"{self.file.segment(node.func)}, a tf.estimator.Estimator subclass,"
        else:
            return
        self.report(node, f"{what} on {self.target.name} (an HPU)", fix=Fix(Safety.ADVISORY, REMEDY),
                    context="inference" if self._only_predicts(node) else None)

    def _only_predicts(self, node: ast.Call) -> bool:
        """The Estimator is bound to a local name that its function only predicts or evaluates with
        (`est.predict(...)`, BERT's extract_features): it never trains there."""
        parent = self.file.parents.get(node)
        if not (isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
            return False
        name, scope = parent.targets[0].id, self.file.scope_of(node)
        uses = [n for n in walk_nodes(scope) if isinstance(n, ast.Name) and n.id == name and n is not parent.targets[0]]
        return bool(uses) and all(isinstance(attribute := self.file.parents.get(use), ast.Attribute)
                                  and attribute.attr in NOT_TRAINING_METHODS for use in uses)

    def _tpu_branch(self, node: ast.Call, use_tpu: ast.AST | None) -> bool:
        """The call runs only where `use_tpu` (an expression, not a literal) is true: in the body of an `if` that
        tests it (alone or in an `and`), or in the else of one that tests `not` it."""
        if use_tpu is None or isinstance(use_tpu, ast.Constant):
            return False
        wanted, child = self.file.segment(use_tpu), node
        while (parent := self.file.parents.get(child)) is not None and not isinstance(parent, _SCOPES):
            if isinstance(parent, ast.If) and child is not parent.test:
                in_body = any(child is stmt for stmt in parent.body)
                test = parent.test
                if not in_body and isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                    test, in_body = test.operand, True
                parts = test.values if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) else [test]
                if in_body and any(self.file.segment(part) == wanted for part in parts):
                    return True
            child = parent
        return False

    def _false_flag(self, expr: ast.AST | None) -> str | None:
        """The name of the command-line flag `expr` reads (`FLAGS.use_tpu`) when it is a boolean flag whose
        default is False (`flags.DEFINE_bool("use_tpu", False, ...)`, absl's or `tf.flags`'), defined by this
        file or, when this file defines no flag of that name, by every module of the project that does
        (`FLAG_DEFAULT`: a program reads the flags of the modules it imports): run as defined, on a machine
        without a TPU, the program takes that default."""
        if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, (ast.Name, ast.Attribute))
                and (expr.value.id if isinstance(expr.value, ast.Name) else expr.value.attr) == "FLAGS"):
            return None
        here = _flag_defaults(self.file, self.call_name).get(expr.attr)
        if here is None:
            elsewhere = self.file.project.query(FLAG_DEFAULT, expr.attr)
            here = elsewhere[0] if elsewhere and all(default is False for default in elsewhere) else None
        return expr.attr if here is False else None

    def _undefined_flag(self, expr: ast.AST | None) -> str | None:
        """The name of the command-line flag `expr` reads (`FLAGS.use_tpu`) when no module of the project defines a
        boolean flag of that name (`FLAG_DEFAULT`: it comes from outside, its default unseen) and this file tests
        it (`if FLAGS.use_tpu and FLAGS.tpu_name:`, `x if FLAGS.use_tpu else y`): the program is written to run
        without a TPU too, and on an HPU that is how it runs."""
        if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, (ast.Name, ast.Attribute))
                and (expr.value.id if isinstance(expr.value, ast.Name) else expr.value.attr) == "FLAGS"):
            return None
        if expr.attr in _flag_defaults(self.file, self.call_name) or self.file.project.query(FLAG_DEFAULT, expr.attr):
            return None
        for node in self.file.parents:  # (every node of the tree)
            if type(node) in (ast.If, ast.IfExp) and any(
                    type(n) is ast.Attribute and n.attr == expr.attr and type(n.value) is type(expr.value)
                    and self.file.segment(n.value) == self.file.segment(expr.value) for n in walk_nodes(node.test)):
                return expr.attr
        return None

    def summarize(self) -> None:
        """Export the classes of this file that are Estimators (through project classes too), and the
        defaults of the boolean flags it defines (`FLAG_DEFAULT`)."""
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, ESTIMATORS, ESTIMATOR_CLASS):
                self.file.project.export(ESTIMATOR_CLASS, qualname)
        for flag, default in _flag_defaults(self.file, self.call_name).items():
            self.file.project.export(FLAG_DEFAULT, flag, default)

    def end(self) -> None:
        """A class of the project that derives from tf.estimator.Estimator itself (`class
        GANEstimator(tf.estimator.Estimator)`): where a library builds its training Estimators,
        whoever constructs them. A TPUEstimator subclass (or a project's copy of TPUEstimator) is info: on an HPU
        it is a plain Estimator only when built with use_tpu=False, which its constructor decides."""
        if self.target.kind != "hpu":
            return
        for node in self.file.qualnames:
            if type(node) is not ast.ClassDef:
                continue
            for base in node.bases:
                name = self.qualified(base)
                if name in ESTIMATORS and not _vendored_tpu_estimator(node.name):
                    self.report(base, f"class {node.name} derives from tf.estimator.Estimator: each {node.name}(...) "
                                      f"is a tf.estimator.Estimator on {self.target.name} (an HPU)",
                                fix=Fix(Safety.ADVISORY, REMEDY))
                elif name in TPU_ESTIMATORS or name in ESTIMATORS:  # (a subclass of it, or a copy of it)
                    what = "derives from TPUEstimator" if name in TPU_ESTIMATORS else "is a copy of TPUEstimator"
                    self.report(base, f"class {node.name} {what}: a plain tf.estimator.Estimator "
                                      f"on {self.target.name} only where it is built with use_tpu=False",
                                fix=Fix(Safety.ADVISORY, REMEDY), severity=Severity.INFO)


def _vendored_tpu_estimator(qualname: str | None) -> bool:
    """A project's copy of TPUEstimator (XLNet's `tpu_estimator.py`: `class TPUEstimator(estimator_lib.Estimator)`):
    what TensorFlow's is, a plain Estimator on an HPU only when built with use_tpu=False, whatever it derives from."""
    return qualname is not None and qualname.rpartition(".")[2] == "TPUEstimator"


def _flag_defaults(file, call_name) -> dict[str, bool | str]:
    """The boolean flags `file` defines (`flags.DEFINE_bool("use_tpu", False, ...)`, `DEFINE_boolean(name=...,
    default=...)`): name -> default, "?" where it is not a literal True/False (a name defined twice with
    different defaults is "?" too). Memoised on the file (asked when summarizing and when reporting)."""
    found = file.shared.get(FLAG_DEFAULT)
    if found is not None:
        return found
    found = {}
    if "DEFINE_bool" in file.text:
        for call in file.calls:
            func = call.func
            if not ((type(func) is ast.Attribute and func.attr in BOOL_FLAG_DEFINERS)
                    or (type(func) is ast.Name and func.id in BOOL_FLAG_DEFINERS)):
                continue
            if (call_name(call) or "").rpartition(".")[2] not in BOOL_FLAG_DEFINERS:
                continue
            name = file.literal(argument(call, 0, "name"))
            if not isinstance(name, str):
                continue
            default = file.literal(argument(call, 1, "default"))
            default = default if isinstance(default, bool) else "?"
            found[name] = default if found.get(name, default) == default else "?"
    file.shared[FLAG_DEFAULT] = found
    return found


# summary fact: a method name -> a function only the tf.data pipeline runs that calls a method of that name on an
# object the source does not type (`PythonCallbackSource.summarize`)
PIPELINE_METHOD_CALL = "pipemethod"
# summary fact: an attribute name the project calls (`buffer.tf_get_priority(...)`, `self.m()`), hands on as an
# argument (`map(self.memory.get_priority)`) or looks up (`getattr(obj, "get_priority")`), whatever the object:
# a method whose name none of these gives is called by no code of the project (`_uncalled_helper`)
ATTRIBUTE_USE = name_set("attruse")  # (one set of names a file: `project.NAME_SETS`)
# summary fact: a class of the project -> each of its bases: "object", a project class's name, or "?" (a
# framework's or another library's class, whose machinery may call its methods)
PLAIN_BASES = "plainbases"
MAX_PLAIN_BASES = 8  # how many classes `_every_reached` visits (up a class's project bases, down its subclasses)
CALLBACKS = {"tensorflow.py_function": "tf.py_function", "tensorflow.numpy_function": "tf.numpy_function",
             "tensorflow.py_func": "tf.py_func", "tensorflow.experimental.numpy.py_function": "tf.py_function"}
# The op each makes in the graph (TensorFlow's script_ops), which `allow-host` names: numpy_function
# and py_func make PyFuncStateless when stateful=False.
CALLBACK_OPS = {"tensorflow.py_function": ("EagerPyFunc",), "tensorflow.numpy_function": ("PyFunc", "PyFuncStateless"),
                "tensorflow.py_func": ("PyFunc", "PyFuncStateless"),
                "tensorflow.experimental.numpy.py_function": ("EagerPyFunc",)}
CALLBACK_REMEDY = ("write the computation in TensorFlow ops so that it runs on the device; if it must stay in "
                   "Python, move it into the tf.data input pipeline (a map), where host work belongs")
# where a TensorFlow 1 graph's value is only recorded: summaries and graph collections (fetched by hooks)
_RECORDS = ("tensorflow.summary.", "tensorflow.add_to_collection")
# calls that mean graph mode: TensorFlow 1's placeholders, sessions and collections (a graph is built and its
# ops run only when fetched)
_GRAPH_MODE = ("tensorflow.placeholder", "tensorflow.Session", "tensorflow.add_to_collection",
               "tensorflow.get_collection")
# ops a recorded value may flow through (math, metrics), unless they train
_TRAINING = ("tensorflow.train.", "tensorflow.gradients", "tensorflow.GradientTape", "tensorflow.keras.optimizers.",
             "tensorflow.optimizers.", "tensorflow.control_dependencies", "tensorflow.group")
_PASSING = ("tensorflow.", "tf_slim.metrics.")
# the collections TensorFlow itself reads to train (tf.GraphKeys' values): what goes there may reach the step
_TRAINING_COLLECTIONS = {"losses", "regularization_losses", "update_ops", "train_op", "trainable_variables",
                         "variables", "local_variables", "model_variables", "init_op", "local_init_op", "ready_op",
                         "ready_for_local_init_op", "table_initializer", "queue_runners"}
_DICT_VIEWS = ("items", "values", "keys")


class PythonCallbackSource(SourceVisitor):
    """`tf.py_function` / `tf.numpy_function` / `tf.py_func` in model code, on an accelerator: the
    Python function runs on the host, and its inputs and outputs cross between host and device at
    every step. Inside the tf.data pipeline it is where it should be (nothing reported); in
    metrics, visualisation and tests it is info. A callback in a branch only a value the callers must
    give takes (`elif self.skip_py_fn:` with `skip_py_fn=None`) is judged by what the project's calls pass
    (`tfperf.source.optin`, the zero-default convention). The op types `[tool.tfperf] allow-host` allows
    (`EagerPyFunc`, `PyFunc`) are not reported, as in the graph. A method the call graph resolves no call of,
    called on an object the source does not type by functions only the tf.data pipeline runs
    (`dataset.map(builder.load)`, whose `load` calls `self._parent._adapter.load_waveform(...)`), is the
    pipeline's: info, saying so (`_pipeline_method`; calls of that name the source does not resolve elsewhere
    are not looked for). A callback that returns nothing and whose function only writes to a file is data
    export (`_file_export`); one in the wrapper of a decorator nothing in the project applies outside tests is a
    utility (`_unapplied_decorator`): both info."""

    calls = Calls(CALLBACKS)
    private_facts = frozenset({PIPELINE_METHOD_CALL, ATTRIBUTE_USE, ATTRIBUTE_USE + SET_MARK, PLAIN_BASES})
    # a class's bases are plain Python: a module of a framework-free base class (`class TFEnvironment(object)`
    # under `six.add_metaclass`, whose module imports no framework) says them too
    helper_facts = frozenset({PLAIN_BASES})

    def summarize(self) -> None:
        """Export `PIPELINE_METHOD_CALL` for the calls of a method on an object the source does not type
        (`self._parent._adapter.load_waveform(...)`: no project function is resolved) made in a function this
        file hands to a tf.data transformation (`dataset.map(builder.load)`; a method of an object the file does
        not show is the one method of that name among its classes). Only files that name a transformation; no
        question to the project (whether only the pipeline runs that function is asked when reporting).
        Also `ATTRIBUTE_USE` (the attribute names the file calls, hands on or looks up) and `PLAIN_BASES`."""
        file = self.file
        _export_attribute_uses(file)
        if not any(f".{method}(" in file.text for method in HOST_TRANSFORMS):
            return
        for call in file.calls:
            func = call.func
            if type(func) is not ast.Attribute or func.attr not in HOST_TRANSFORMS:
                continue
            keyword_name, position = HOST_TRANSFORMS[func.attr]
            given = argument(call, position, keyword_name)
            name = file.def_of(given) if isinstance(given, (ast.Name, ast.Attribute)) else None
            if name is None and type(given) is ast.Attribute and file.qualified(given) is None:
                method = file.only_method(given.attr)
                name = file.qualnames[method] if method is not None else None
            function = file.defs.get(name) if name is not None else None
            if type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef):
                continue
            for inner in walk_nodes(function):
                if type(inner) is ast.Call and type(inner.func) is ast.Attribute and \
                        not (type(inner.func.value) is ast.Name and inner.func.value.id in ("self", "cls")) and \
                        file.callee(inner) is None and file.qualified(inner.func) is None:
                    file.project.export(PIPELINE_METHOD_CALL, inner.func.attr, name)

    def _unread_by_step(self, node: ast.Call) -> str | None:
        """Why no value of the training step reads the callback's result (the rest of an info message), or None:
        it only feeds summaries and collections, it is an output-less side effect in one branch of a tf.cond
        whose other branch does nothing, or an output-less export of its inputs to a file."""
        if self._only_recorded(node):
            return ("its value only feeds summaries and graph collections here, not the training op: TensorFlow 1 "
                    "runs it only when they are fetched (summary and logging hooks, every few steps), which the "
                    "source does not show")
        optional = _optional_side_effect(self.file, node)
        if optional is not None:
            return (f"it returns nothing to the graph (its Tout is empty) and runs only in a branch of "
                    f"tf.cond({optional}) whose other branch does nothing: a side effect on the host (a dump, a log) "
                    "that no value of the step reads, taken only when the condition holds at run time")
        debugger = _debugger(self.file, node)
        if debugger is not None:
            return (f"its Python function stops in a debugger ({debugger}): a breakpoint for a person at a "
                    "terminal, which no training run keeps")
        sink = _file_export(self.file, node)
        if sink is not None:
            return (f"it returns nothing to the graph (its Tout is empty) and its function only writes what it is "
                    f"given to a file ({sink}): data export on the host, which no value of the step reads")
        return None

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name not in CALLBACKS or not self.target.is_accelerator or self._allowed(node, name):
            return
        unread = self._unread_by_step(node)
        if unread is not None:
            self.report(node, f"{CALLBACKS[name]} runs Python on the host, but {unread}",
                        fix=Fix(Safety.ADVISORY, CALLBACK_REMEDY), severity=Severity.INFO)
            return
        message = (f"{CALLBACKS[name]} runs Python on the host: its inputs go to the host and its "
                   f"outputs back to {self.target.name} at every step")
        unused = self._used_off_step(node) or self._pipeline_method(node) or self._pipeline_value(node) or \
            _unapplied_decorator(self.file, node) or _uncalled_helper(self.file, node)
        if unused is not None:
            self.report(node, f"{message} that runs it; but {unused}", fix=Fix(Safety.ADVISORY, CALLBACK_REMEDY),
                        severity=Severity.INFO)
            return
        self.report(node, message, fix=Fix(Safety.ADVISORY, CALLBACK_REMEDY),
                    parameter=opt_in(self.file, node, unknown=Severity.WARNING))

    def _used_off_step(self, call: ast.Call) -> str | None:
        """Why the training step is not established for a callback in a helper the project uses only off
        it: every call of its innermost function with callers is made off the training step (inference,
        evaluation, tests... by the call graph) or by a public function nothing in the project calls or
        refers to (`match_points` beside an inference-only `tf_linear_sum_assignment` in a utils
        module), and there is at least one of each. Where it runs then depends only on whether code
        outside the project calls those functions in a training step, which the source does not show.
        Any caller the call graph puts on the step, a reference that is no call, a hand-off or a
        run-time choice keeps the warning; so does a helper with no callers at all (nothing known), and
        one the input pipeline calls (data work the unused function may well do in the model too)."""
        file, project = self.file, self.file.project
        for scope in file.ancestors(call):
            if type(scope) is ast.Lambda:
                return None  # (a lambda's callers are not exported)
            if not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) or scope not in file.qualnames:
                continue
            callers = [c for c in project.query(CALLED_BY, file.qualnames[scope]) if c != "!test"]
            if callers:
                break
        else:
            return None
        helper = scope.name
        off: dict[str, list[str]] = {}
        roots = []
        for caller in callers:
            if type(caller) is not str or caller.startswith("?"):
                return None  # a hand-off, a run-time CPU choice, a reference or a framework hook
            if caller.startswith("!"):
                kind = caller[1:]
                if kind not in OFF_STEP:
                    return None
                off.setdefault(kind, [])  # (a call whose own code says so: no function to name)
                continue
            kind = project.context(caller)
            if kind is None:  # no callers in the project (or a cycle, which is on the step)
                if [c for c in project.query(CALLED_BY, caller) if c != "!test"]:
                    return None
                if not private(caller):
                    roots.append(caller)
                continue  # (a private one nothing calls is dead code here)
            if kind not in OFF_STEP:
                return None  # the training step, the input pipeline, a channels_first branch, a CPU choice
            off.setdefault(kind, []).append(_short(caller))
        if not off or not roots:
            return None
        used = "; ".join(describe(kind) + (f": {', '.join(sorted(set(names))[:3])}" if names else "")
                         for kind, names in sorted(off.items()))
        named = ", ".join(_short(root) for root in sorted(roots)[:3]) + (" and more" if len(roots) > 3 else "")
        return (f"the project's own calls of {helper} are all off the training step ({used}); the others come from "
                f"{named}, public and called nowhere in the project: whether code outside it calls "
                f"{'that' if len(roots) == 1 else 'them'} in a training step is not known here")

    def _pipeline_method(self, call: ast.Call) -> str | None:
        """Why a callback in a method the call graph resolves no call of (a public method of a plain class: the
        base classes' machinery aside, `?framework`) runs in the input pipeline: the project calls a method of
        that name, on an object the source does not type, only from functions the tf.data pipeline runs
        (`PIPELINE_METHOD_CALL`: `dataset.map(builder.load)`, where `load` calls
        `self._parent._adapter.load_waveform(...)`). Not for a class of a framework (a Keras layer's `call`: its
        machinery does call it in the step), nor where any caller is resolved."""
        file = self.file
        method = file.scope_of(call)
        owner = file.parents.get(method)
        if type(method) not in (ast.FunctionDef, ast.AsyncFunctionDef) or type(owner) is not ast.ClassDef or \
                method not in file.qualnames:
            return None
        if any((file.qualified(base) or "").startswith(("tensorflow", "keras", "tf_keras")) for base in owner.bases):
            return None
        project = file.project
        if any(c not in ("!test", FRAMEWORK_CALLER) for c in project.query(CALLED_BY, file.qualnames[method])):
            return None
        callers = sorted(set(project.query(PIPELINE_METHOD_CALL, method.name)))
        if not callers or not all(_pipeline_only(project, caller) for caller in callers):
            return None  # (a function handed to the pipeline that something else calls too: it may be the step's)
        shown = ", ".join(_short(c) for c in callers[:3]) + (" and more" if len(callers) > 3 else "")
        return (f"the call graph resolves no call of {method.name}, and {shown}, which the tf.data input pipeline "
                f"runs, {'calls' if len(callers) == 1 else 'call'} .{method.name}() on an object the source does not "
                "type: the pipeline runs it on the host, where host work belongs")

    def _pipeline_value(self, call: ast.Call) -> str | None:
        """Why a callback whose value its function returns (through TensorFlow ops: `return tf.reshape(
        tf.py_func(...), shape)`) feeds only the tf.data pipeline: every call of that function in the project is in
        this file, and each call's value goes (held in a name, or directly) only into a parameter of a function of
        this file that reads it only in functions the pipeline runs (`sample = lambda _: categorical_case(pmf,
        ...)` ... `.map(sample)`; an `is None` test and `pmf = default if pmf is None else pmf` aside), or is read
        in such a function itself. A tensor a map function captures is the pipeline's input, computed for it on
        the host (a sampling distribution from the global step), not a value of the model's step."""
        file, project = self.file, self.file.project
        function = file.scope_of(call)
        if type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef) or function not in file.qualnames or \
                not _returned(file, call, function):
            return None
        name = file.qualnames[function]
        callers = {c for c in project.query(CALLED_BY, name) if c != "!test"}
        sites = [c for c in file.calls if file.callee(c) == name]
        if not callers or not sites or any(type(c) is not str or c.startswith(("!", "?")) for c in callers) or \
                not callers <= {file.qualname(site) for site in sites}:
            return None  # (a call in another module, a reference, a hand-off: not followed)
        if not all(self._host_only(site) for site in sites):
            return None
        return (f"every call of {function.name} hands its value only to functions the tf.data input pipeline runs "
                "(a tensor a map function captures): the pipeline's input, computed on the host, where host work "
                "belongs")

    def _host_only(self, value: ast.AST) -> bool:
        """Whether a call's value (held in one name, or used where it is) is read only by the tf.data pipeline."""
        file = self.file
        stmt = file.parents.get(value)
        if type(stmt) is ast.Assign and stmt.value is value:
            if len(stmt.targets) != 1 or type(stmt.targets[0]) is not ast.Name:
                return False
            reads = file.reaching_reads(stmt, stmt.targets[0].id)
            return bool(reads) and all(self._host_read(read) for read in reads)
        return self._host_read(value)

    def _host_read(self, read: ast.AST) -> bool:
        """A read the pipeline alone takes: in a function the pipeline runs, or an argument of a function of this
        file whose parameter only such functions read (`_pipeline_parameter`)."""
        file = self.file
        if self._in_pipeline_function(read):
            return True
        parent = file.parents.get(read)
        if type(parent) is ast.keyword:
            parent, key = file.parents.get(parent), parent.arg
        elif type(parent) is ast.Call and read in parent.args:
            key = parent.args.index(read)
        else:
            return False
        callee = file.callee(parent) if type(parent) is ast.Call and parent.func is not read else None
        target = file.defs.get(callee) if callee is not None else None
        if type(target) not in (ast.FunctionDef, ast.AsyncFunctionDef) or any(
                type(a) is ast.Starred for a in parent.args):
            return False
        names = [a.arg for a in (*target.args.posonlyargs, *target.args.args)]
        if names[:1] in (["self"], ["cls"]) and type(parent.func) is ast.Attribute:
            names = names[1:]
        parameter = key if type(key) is str else names[key] if type(key) is int and key < len(names) else None
        return parameter is not None and self._pipeline_parameter(target, parameter)

    def _pipeline_parameter(self, function: ast.AST, parameter: str) -> bool:
        """Whether every read of a parameter in its function is in a function the pipeline runs, an `is None`
        test, or the value of a conditional expression assigned back to it (`pmf = ... if pmf is None else pmf`)."""
        file = self.file
        reads = [n for n in file.name_loads.get(parameter, ()) if function in file.ancestors(n)]
        for read in reads:
            parent = file.parents.get(read)
            if type(parent) is ast.Compare and type(parent.ops[0]) in (ast.Is, ast.IsNot):
                continue
            if type(parent) is ast.IfExp and read is not parent.test:
                stmt = file.parents.get(parent)
                if type(stmt) is ast.Assign and [getattr(t, "id", None) for t in stmt.targets] == [parameter]:
                    continue
            if not self._in_pipeline_function(read):
                return False
        return bool(reads)

    def _in_pipeline_function(self, node: ast.AST) -> bool:
        """Whether `node` is in a lambda or def (of this file) that the tf.data pipeline runs, by the call graph."""
        scope = self.file.scope_of(node)
        return type(scope) in (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef) and scope in self.file.qualnames \
            and self.file.project.context(self.file.qualnames[scope]) == HOST

    def _only_recorded(self, call: ast.Call) -> bool:
        """A callback in TensorFlow 1 graph code (`tf.placeholder`, collections) whose value, assigned to
        names, flows in its function only through TensorFlow ops and dicts into summaries and graph
        collections (`loss_per_step = loss / num_steps` ... `tf.summary.scalar(name, value)`): no op that
        trains reads it, so the step runs it only when a hook fetches what records it. Any other use (a
        return, a project function, a `with`, a closure, a training op) keeps it the step's."""
        file = self.file
        stmt = file.parents.get(call)
        function = file.scope_of(call)
        if type(stmt) is not ast.Assign or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                not self._graph_mode() or any(getattr(d, "decorator_list", None)
                                              for d in (function, *file.ancestors(function))):
            return False  # (a tf.function runs a stateful callback at every call, whoever reads it)
        tainted: set[str] = set()
        pending = _assigned(stmt)
        while pending:
            name = pending.pop()
            tainted.add(name)
            for load in file.name_loads.get(name, ()):
                if function not in file.ancestors(load) or start(load) < end(stmt):
                    continue  # another function's name, or a read before the assignment
                if file.scope_of(load) is not function:
                    return False  # a closure or a lambda reads it
                flows = self._flow(load)
                if flows is None:
                    return False
                pending.update(flows - tainted)
        return True

    def _flow(self, load: ast.Name) -> set[str] | None:
        """The names a read of a recorded value passes it to (empty at a summary or collection), or None
        where it may reach the training step."""
        file, child = self.file, load
        for node in file.ancestors(load):
            if type(node) is ast.Call and child is not node.func:
                name = file.qualified(node.func)
                if name is not None and name.startswith(_RECORDS):
                    return set() if name.startswith("tensorflow.summary.") or _records_only(node) else None
                if name is None or name.startswith(_TRAINING) or not name.startswith(_PASSING):
                    return None
            elif type(node) is ast.Attribute and not (node.attr in _DICT_VIEWS and
                                                      type(file.parents.get(node)) is ast.Call):
                return None
            elif type(node) is ast.Assign:
                return {n.id for target in node.targets for n in ast.walk(target) if type(n) is ast.Name
                        and type(n.ctx) is ast.Store} | {_root(t) for t in node.targets if type(t) is ast.Subscript}
            elif type(node) is ast.For and child is node.iter:
                return {n.id for n in ast.walk(node.target) if type(n) is ast.Name}
            elif isinstance(node, ast.stmt):
                return set() if type(node) is ast.Expr else None
            child = node
        return None

    def _graph_mode(self) -> bool:
        """Whether the file builds TensorFlow 1 graphs: it calls placeholders, sessions or collections."""
        return any((self.call_name(c) or "").startswith(_GRAPH_MODE) for c in self.file.calls)

    def _allowed(self, node: ast.Call, name: str) -> bool:
        """The op this call makes is one the user allows on the host."""
        allowed = set(self.file.allow_host)
        if not allowed:
            return False
        ops = CALLBACK_OPS[name]
        if name != "tensorflow.py_function" and len(ops) == 2:
            stateful = self.file.literal(argument(node, 3, "stateful"))
            ops = ops[1:] if stateful is False else ops[:1]  # stateful by default
        return all(op in allowed for op in ops)


_CONDS = frozenset({"tensorflow.cond", "tensorflow.compat.v1.cond"})
_NO_OPS = frozenset({"tensorflow.no_op", "tensorflow.group"})


def _optional_side_effect(file, call: ast.Call) -> str | None:
    """The condition's source when a callback returns nothing (`Tout=[]`: an op, no tensor any op can read)
    and is one branch of `tf.cond` whose other branch does nothing (`tf.no_op`, `lambda: tf.no_op()`):
    `tf.cond(self._video_condition, lambda: tf.py_func(self._dump_frame, [observ], []), tf.no_op)`. Nothing
    the step computes can depend on it, and the code itself makes it optional: work on the host for its own
    sake (writing a video, a log) when the condition holds. An output-less callback run unconditionally (a
    replay buffer's `set_priority` the training op waits on) is not this; nor one with outputs."""
    tout = argument(call, 2, "Tout")
    if type(tout) not in (ast.List, ast.Tuple) or tout.elts:
        return None
    branch = file.parents.get(call)
    cond = file.parents.get(branch)
    if type(cond) is ast.keyword:
        cond = file.parents.get(cond)
    if type(branch) is not ast.Lambda or branch.body is not call or type(cond) is not ast.Call or \
            file.qualified(cond.func) not in _CONDS:
        return None
    true_fn, false_fn = argument(cond, 1, "true_fn"), argument(cond, 2, "false_fn")
    other = false_fn if true_fn is branch else true_fn if false_fn is branch else None
    if other is None:
        return None
    if type(other) is ast.Lambda:
        other = other.body.func if type(other.body) is ast.Call and not other.body.args and \
            not other.body.keywords else None
    if other is None or file.qualified(other) not in _NO_OPS:
        return None
    predicate = argument(cond, 0, "pred")
    shown = " ".join(file.segment(predicate).split()) if predicate is not None else "..."
    return shown if len(shown) <= 60 else shown[:57] + "..."


# what opens a file for writing (a record file, a text or binary file): `.write()` on what they make writes a file
_FILE_WRITERS = {"tensorflow.io.TFRecordWriter", "tensorflow.python_io.TFRecordWriter",
                 "tensorflow.compat.v1.python_io.TFRecordWriter", "tensorflow.io.gfile.GFile", "tensorflow.gfile.GFile",
                 "tensorflow.gfile.Open", "tensorflow.compat.v1.gfile.GFile", "tensorflow.compat.v1.gfile.Open",
                 "open", "io.open", "gzip.open", "bz2.open", "lzma.open", "csv.writer", "csv.DictWriter"}
_WRITES = ("write", "writelines", "writerow", "writerows")


# debuggers' breakpoints: `pdb.set_trace()` (and ipdb / pudb / IPython's, which copy its name), `breakpoint()`
_DEBUGGER_MODULES = ("pdb", "ipdb", "pudb", "IPython")


def _debugger(file, call: ast.Call) -> str | None:
    """The breakpoint a callback's Python function (a def of this file) calls, as written, or None."""
    given = argument(call, 0, "func")
    name = file.def_of(given) if isinstance(given, (ast.Name, ast.Attribute, ast.Lambda)) else None
    function = file.defs.get(name) if name is not None else None
    if function is None:
        return None
    for inner in walk_nodes(function):
        if type(inner) is not ast.Call:
            continue
        func = inner.func
        if type(func) is ast.Name and func.id == "breakpoint":
            return "breakpoint()"
        if type(func) is ast.Attribute and func.attr == "set_trace" and type(func.value) is ast.Name and \
                func.value.id in _DEBUGGER_MODULES:
            return file.segment(func)
    return None


def _file_export(file, call: ast.Call) -> str | None:
    """What the callback writes to, when it returns nothing (`Tout=[]`: no tensor any op can read) and its Python
    function, a function or method of this file, returns no value and writes to a file
    (`tf.numpy_function(self.write, flat_data, [])` where `write` does `self._writer.write(...)` on a
    `tf.io.TFRecordWriter` its class opened, or `with open(path, "a") as f: f.write(...)`): an observer that
    exports what the step computed (a dataset recorder, a dump). A callback with outputs, or whose function
    returns a value or writes nothing to a file (a replay buffer's `set_priority`), is not this."""
    tout = argument(call, 2, "Tout")
    if type(tout) not in (ast.List, ast.Tuple) or tout.elts:
        return None
    given = argument(call, 0, "func")
    name = file.def_of(given) if isinstance(given, (ast.Name, ast.Attribute)) else None
    function = file.defs.get(name) if name is not None else None
    if type(function) is not ast.FunctionDef or any(r.value is not None for r in file.returns_of(function)):
        return None
    owner = file.parents.get(function)
    for inner in walk_nodes(function):
        if type(inner) is not ast.Call or type(inner.func) is not ast.Attribute or inner.func.attr not in _WRITES:
            continue
        holder = inner.func.value
        if type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self" and \
                type(owner) is ast.ClassDef:
            made = [s.value for s in file.self_assignments(owner, holder.attr)]
        elif type(holder) is ast.Name:
            made = [item.context_expr for w in walk_nodes(function) if type(w) in (ast.With, ast.AsyncWith)
                    for item in w.items if type(item.optional_vars) is ast.Name and item.optional_vars.id == holder.id]
            made += [b.value for b in [file.binding(holder)] if b is not None and b.value is not None]
        else:
            continue
        if made and all(type(m) is ast.Call and _writer(file, m) for m in made):
            return f"{file.segment(inner.func)}() on {_writer(file, made[0])}"
    return None


def _writer(file, made: ast.Call) -> str | None:
    """The name of the file writer a call makes (`tf.io.TFRecordWriter`, `open`), or None."""
    name = file.qualified(made.func)
    if name is None and type(made.func) is ast.Name and made.func.id in ("open",) and file._local(made.func.id):
        name = made.func.id
    return name.replace("tensorflow.", "tf.") if name in _FILE_WRITERS else None


def _unapplied_decorator(file, call: ast.Call) -> str | None:
    """Why a callback in the wrapper a decorator makes is on no step of the project: the wrapper (a def in a
    function `decorator(func)` that reads `func` and is returned, as is or handed to a call that returns it:
    `functools.wraps(func)(wrapper)`, `make_decorator(func, wrapper)`) runs where the decorated functions are
    called, and nothing in the project (tests aside) uses the decorator, nor the factory that returns it
    (`def np_function(func=None, output_dtypes=None): ... return decorated`): a utility no code of the project
    applies. A decorator used anywhere (`@np_function`, a call, a reference) keeps the warning: what it
    decorates is judged by the call graph, as any function."""
    project = file.project
    functions = [a for a in file.ancestors(call) if type(a) in (ast.FunctionDef, ast.AsyncFunctionDef)]
    if len(functions) < 2:
        return None
    for wrapper, decorator in zip(functions, functions[1:]):
        if file.parents.get(wrapper) is decorator and _returns_wrapper(file, decorator, wrapper):
            break
    else:
        return None
    top = decorator
    parent = file.parents.get(top)
    while type(parent) in (ast.FunctionDef, ast.AsyncFunctionDef) and _returns_wrapper(file, parent, top, False):
        top, parent = parent, file.parents.get(parent)
    if top not in file.qualnames or any(c != "!test" for c in project.query(CALLED_BY, file.qualnames[top])):
        return None
    return (f"it is in the wrapper the decorator {top.name} makes, which nothing in the project applies outside "
            "tests: it runs where decorated functions are called, and the project decorates none")


def _export_attribute_uses(file) -> None:
    """`ATTRIBUTE_USE` for each attribute name the file calls, hands to a call or looks up with `getattr` (on any
    object: the source need not type it), and `PLAIN_BASES` for its classes."""
    names = set()
    tests = file.path_context == "test"
    methods = {node.name for node in file.qualnames if type(node) in (ast.FunctionDef, ast.AsyncFunctionDef)
               and type(file.parents.get(node)) is ast.ClassDef}  # (what `_delegated` can find: no walk for others)
    for call in file.calls if not tests else ():  # (tests call everything: their uses do not count)
        func = call.func
        if type(func) is ast.Attribute:
            if func.attr not in methods or not _delegated(file, call, func.attr):
                names.add(func.attr)
        elif type(func) is ast.Name and func.id in ("getattr", "hasattr") and len(call.args) > 1 and \
                type(call.args[1]) is ast.Constant and type(call.args[1].value) is str:
            names.add(call.args[1].value)
        for given in call.args:
            if type(given) is ast.Attribute:
                names.add(given.attr)
        for keyword in call.keywords:
            if type(keyword.value) is ast.Attribute:
                names.add(keyword.value.attr)
    for node in file.references:  # (`return obj.method`, `f = obj.method`, `{"k": obj.method}`, `[obj.method]`)
        kind = type(node)
        values = node.values if kind is ast.Dict else [node.value] if kind in (ast.Return, ast.Assign) else []
        for value in values:
            for item in value.elts if type(value) in (ast.List, ast.Tuple) else (value,):
                if type(item) is ast.Attribute:
                    names.add(item.attr)
    project = file.project
    project.export_names(ATTRIBUTE_USE, file.path, names)
    for node, qualname in file.qualnames.items():
        if type(node) is ast.ClassDef:
            for plain in _bases(file, node):
                project.export(PLAIN_BASES, qualname, plain)


def _delegated(file, call: ast.Call, attr: str) -> bool:
    """A call of a method of the name of the method it is made in (`def render(self, mode): return
    self._env.render(mode)`, also from a closure inside it): a wrapper handing its own call on to the object it
    wraps, which starts no call of that name; whoever calls the wrapper does."""
    for anc in file.ancestors(call):
        if type(anc) in (ast.FunctionDef, ast.AsyncFunctionDef) and anc.name == attr and \
                type(file.parents.get(anc)) is ast.ClassDef:
            return True
        if type(anc) is ast.ClassDef:
            return False
    return False


def _bases(file, node: ast.ClassDef) -> set[str]:
    """The bases of a class of the file as `PLAIN_BASES` says them."""
    return {"object" if type(base) is ast.Name and base.id == "object" else file.def_of(base) or "?"
            for base in node.bases} or {"object"}


_FUNCTION_DECORATORS = {"tensorflow.function", "staticmethod", "classmethod"}


def _uncalled_helper(file, call: ast.Call) -> str | None:
    """Why a callback is not known to be on the training step: the outermost function around it (a module-level
    function, or a method of a top-level class; a closure it makes runs only once it is called) is called by
    nothing in the project, tests aside: no call, no reference, no hand-off (`graph_lbfgs2`, a twin of the factory
    the trainer calls; `tf_get_priority` of a replay buffer whose agent samples its priorities otherwise). A method
    needs more: no call of a method of its name anywhere (`ATTRIBUTE_USE`: the object need not be typed), and a
    class whose bases are plain Python up to `object` (`PLAIN_BASES`; a framework's base class may call it) with no
    subclass in the project. Not a root of the step itself (a loss, a layer's `call`, a training step by its name:
    what the framework runs; a closure's own root-ness is not asked), not a dunder, `main` or a `__main__` module's function (a program's console entry
    point), not one a decorator registers (other than `tf.function`, `staticmethod`, `classmethod`); and only in a
    project that shows a root of its step somewhere (a snippet's function is its model)."""
    functions = [a for a in file.ancestors(call) if type(a) in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)]
    if not functions:
        return None
    outer = functions[-1]
    owner = file.parents.get(outer)
    if type(outer) is ast.Lambda or outer not in file.qualnames or type(owner) not in (ast.Module, ast.ClassDef) or \
            type(owner) is ast.ClassDef and type(file.parents.get(owner)) is not ast.Module:
        return None
    name = outer.name
    if name.startswith("__") and name.endswith("__") or name == "main" or (file.module or "").endswith("__main__"):
        return None
    for decorator in outer.decorator_list:
        said = decorator.func if type(decorator) is ast.Call else decorator
        if (file.qualified(said) or (said.id if type(said) is ast.Name else "")) not in _FUNCTION_DECORATORS:
            return None
    project = file.project
    if not project.query(STEP_ROOT, ANY) or project.query(STEP_ROOT, file.qualnames[outer]):
        return None  # (a closure that trains is a root too, but runs only once its factory is called)
    callers = {c for c in project.query(CALLED_BY, file.qualnames[outer]) if c != "!test"}
    if type(owner) is ast.ClassDef:
        if callers - {FRAMEWORK_CALLER} or project.query(ATTRIBUTE_USE, name) or \
                not _plain_hierarchy(file, file.qualnames[owner]):
            return None
        return (f"nothing in the project calls {name} or any method of that name (tests aside), and its class "
                f"{owner.name} derives from no framework class that could: whether code outside the project runs "
                "it in a training step is not known here")
    if callers:
        return None
    return (f"nothing in the project calls or refers to {name} (tests aside): whether code outside the project "
            "runs it in a training step is not known here")


def _plain_hierarchy(file, cls: str) -> bool:
    """Whether the class and every subclass the project derives from it (which inherit its methods: a mixin of a
    Keras layer's) are plain (`_plain_class`)."""
    return _every_reached(cls, lambda name: file.project.query(STEP_SUBCLASS, name)
                          if _plain_class(file, name) else None)


def _plain_class(file, cls: str) -> bool:
    """Whether every base of the class, up its project bases, is `object` or a project class (`PLAIN_BASES`)."""
    def bases_of(name):
        node = file.defs.get(name)
        bases = _bases(file, node) if type(node) is ast.ClassDef else file.project.query(PLAIN_BASES, name)
        if not bases or "?" in bases:
            return None
        return [base for base in bases if base != "object"]
    return _every_reached(cls, bases_of)


def _every_reached(start: str, following) -> bool:
    """Whether a walk from `start` over `following(name)` (the names it leads to, or None where the name fails)
    meets no failing name within MAX_PLAIN_BASES names."""
    todo, seen = [start], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        after = following(name) if len(seen) <= MAX_PLAIN_BASES else None
        if after is None:
            return False
        todo.extend(after)
    return True


def _returns_wrapper(file, function: ast.AST, inner: ast.AST, decorates: bool = True) -> bool:
    """Whether `function` returns the def `inner` it defines (as is, handed to a call, or called: a factory's
    `return decorated(func)`); with `decorates`, as a decorator's wrapper: `function` takes one parameter (the
    function it decorates), which `inner` runs or hands on (`func(*args)`, `partial(func, **kwargs)`), and
    `inner` takes any arguments (`*args`) or is returned through a call given that function too
    (`functools.wraps(func)(wrapper)`). A factory's closure over its settings (`def make_loss(weights): def
    loss(y, p): ...; return loss`) is none."""
    returned = [ret.value for ret in file.returns_of(function) if ret.value is not None and any(
        type(n) is ast.Name and n.id == inner.name for n in ast.walk(ret.value))]
    if not returned or not decorates:
        return bool(returned)
    names = parameter_names(function)
    if len(names) != 1:
        return False
    given = next(iter(names))
    runs = any(type(n) is ast.Call and (type(n.func) is ast.Name and n.func.id == given or any(
        type(a) is ast.Name and a.id == given for a in n.args)) for n in walk_nodes(inner))
    through = any(type(r) is ast.Call and any(type(n) is ast.Name and n.id == given for n in ast.walk(r))
                  for r in returned)
    return runs and (inner.args.vararg is not None or through)


def _returned(file, call: ast.Call, function: ast.AST) -> bool:
    """Whether the callback's value is what `function` returns, directly or through TensorFlow ops
    (`return tf.reshape(tf.py_func(...), shape)`), and nothing else reads it."""
    child, node = call, file.parents.get(call)
    while type(node) is ast.Call and child is not node.func and child in node.args and \
            (file.qualified(node.func) or "").startswith("tensorflow."):
        child, node = node, file.parents.get(node)
    return type(node) is ast.Return and node.value is child and file.scope_of(node) is function


def _pipeline_only(project, function: str) -> bool:
    """Whether every caller of `function` the project shows (tests aside) is a tf.data transformation."""
    callers = [c for c in project.query(CALLED_BY, function) if c != "!test"]
    return bool(callers) and all(c == f"!{HOST}" for c in callers)


def _short(qualname: str) -> str:
    """`sleap.nn.utils.match_points` -> `utils.match_points`, as findings name callers."""
    return ".".join(qualname.split(".")[-2:])


def _assigned(stmt: ast.Assign) -> set[str]:
    return {n.id for target in stmt.targets for n in ast.walk(target) if type(n) is ast.Name}


def _root(target: ast.Subscript) -> str:
    """`d["k"]` -> "d" (a dict that now holds the value)."""
    value = target.value
    while isinstance(value, (ast.Subscript, ast.Attribute)):
        value = value.value
    return value.id if isinstance(value, ast.Name) else ""


def _records_only(call: ast.Call) -> bool:
    """`tf.add_to_collection(key, value)` with a key that is none of the collections TensorFlow reads to
    train (`tf.GraphKeys.UPDATE_OPS`, "losses"...): the value is only kept for whoever fetches it."""
    key = argument(call, 0, "name") or argument(call, 0, "names")
    if isinstance(key, ast.Attribute):
        return False  # a tf.GraphKeys name
    return not (isinstance(key, ast.Constant) and key.value in _TRAINING_COLLECTIONS)
