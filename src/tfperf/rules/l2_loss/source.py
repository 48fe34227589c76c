"""TFP301 in source: L2 of the trainable variables added to the loss, and the same-gradients rewrite."""

from __future__ import annotations

import ast
import re
from functools import cached_property

from tfperf.findings import Fix, Safety, Severity, TextEdit
from tfperf.source import api, config_files, configs
from tfperf.source.arguments import parameter_defaults, parameter_names
from tfperf.source.context import TRAINING_FLAGS, last_name, path_context
from tfperf.source.names import canonical, public
from tfperf.source.passed import (STATED, Parameter, callee_of, element_parameter, enclosing_functions, is_not_none,
                                  not_known, parameter_of, passed_positional, truthy)
from tfperf.source.optin import NOTHING, none_for, opt_in, returned_for
from tfperf.source.project import NONE_FOR, PASSED
from tfperf.source.scopes import end, start
from tfperf.source.shapes import parameter_owner
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import FileContext, SourceVisitor, argument, is_self_attribute

from tfperf.rules.l2_loss.hierarchy import SelfAttributes
from tfperf.rules.l2_loss.model_variables import (coefficient_parameter, export_variable_lists, model_variable,
                                                   summed_scale)
from tfperf.rules.l2_loss.own_step import (FIT_CALL, FITS, KERAS_MODELS, LOSSES_READ, STEP, TAPE_STEP, UNREAD, export_own_steps,
                                          export_tape_steps, own_step_skips, reads_losses)
from tfperf.rules.l2_loss.strength import strength_parameter, strength_sources, unscaled

L2_CALLS = {"tensorflow.nn.l2_loss", "tensorflow.math.l2_loss"}
SQUARES = {"tensorflow.square", "tensorflow.math.square"}
SUMS = {"tensorflow.reduce_sum", "tensorflow.math.reduce_sum"}
AGGREGATES = {"tensorflow.add_n", "tensorflow.math.add_n"} | SUMS
L2_WORDS = ("l2_loss", "square")  # the text of an L2 term `_is_l2_of` finds (a loop without one is not looked into)
TRAINABLE_ATTRS = {"trainable_variables", "trainable_weights"}
TRAINABLE_CALLS = {"tensorflow.trainable_variables"}  # tf.compat.v1.trainable_variables()
COLLECTION_CALLS = {"tensorflow.get_collection", "tensorflow.get_collection_ref"}
REGULARIZATION_LOSS_CALLS = {"tensorflow.losses.get_regularization_loss",
                             "tensorflow.losses.get_regularization_losses",
                             "tf_slim.losses.get_regularization_losses"}
# the regularization collection summed (get_total_loss adds it to the losses by default)
TOTAL_LOSS_CALLS = REGULARIZATION_LOSS_CALLS | {"tensorflow.losses.get_total_loss", "tf_slim.losses.get_total_loss"}
L2_REGULARIZERS = {"keras.regularizers.l2", "keras.regularizers.L2", "keras.regularizers.l1_l2",
                   "keras.regularizers.L1L2", "tf_slim.l2_regularizer", "tf_slim.l1_l2_regularizer"}
# calls that create one variable and take its regularizer as `regularizer=` (Keras's add_weight, TF1's
# get_variable, tf_slim's variable / model_variable)
VARIABLE_CREATORS = {"add_weight", "add_variable", "get_variable", "model_variable", "variable"}
# weights a regularizer keyword adds a term of to the loss (activity_regularizer penalises outputs)
NOT_WEIGHTS = {"activity_regularizer"}
L2_RETURN = "l2ret"  # summary fact: a function returns an L2 regularizer (maybe conditionally)
HAS_L2 = "l2somewhere"  # summary fact: the project builds an L2 weight regularizer
# summary fact: a module-level name of the project is passed as a weight regularizer by another module
# (`kernel_regularizer=L2` after `from .encoders import L2`): its module reports the regularizer it holds
REGULARIZER_USE = "reguse"
# summary fact: a method name whose call on an object the source cannot place is passed as a weight regularizer
# (`kernel_regularizer=loss.kernel_regularizer()`, `loss` a parameter) -> the keyword: a method of that name
# returning an L2 regularizer reports it
REGULARIZER_METHOD = "regmethod"
# the Keras base class of custom regularizers (canonical name, also through tf.keras and tf_keras)
REGULARIZER_BASE = "keras.regularizers.Regularizer"
# summary facts: a function every return of which is `tf.get_collection(<its parameter>, ...)` -> (the
# parameter's position among what callers pass, its name); one every return of which is `tf.GraphKeys`
COLLECTION_WRAPPER = "collwrap"
GRAPH_KEYS = "graphkeys"
# summary fact: a function some return of which gives a framework module it imports (a lazy-import helper,
# `def layers(): from tensorflow.contrib import layers as contrib_layers; return contrib_layers`) -> that
# module's name as imported: `contrib.layers().l2_regularizer(wd)` is `tensorflow.contrib.layers.l2_regularizer`
MODULE_RETURN = "modret"
# summary facts: a file may add the regularization losses to a loss (reads the regularization collection,
# `get_total_loss`, a `.losses` attribute, or compiles a Keras model, whose fit adds them); a file builds a
# graph-mode training step from a loss (an optimizer's minimize / compute_gradients, slim's create_train_op,
# tf.gradients of trainable variables). A project that trains so and reads none of them minimises an explicit
# loss: the L2 terms its weight regularizers put in the collection are never computed (the graph prunes them).
REGULARIZATION_READ = "l2regread"
TRAINS = "l2trains"
REGULARIZATION_READ_IN = "l2readin"  # the same, by module: a module that may add the regularization losses
# summary fact: where a module adds the regularization collection to a loss on its training path (no test but a
# training flag's): the terms of every `regularizer=tf.nn.l2_loss` of the project are then computed each step
COLLECTION_ADDED = "l2colladded"
# (read in the text, comments included: a reader too many only keeps a finding)
_READ_WORDS = ("regularization_loss", "REGULARIZATION_LOSS", "get_total_loss", "apply_regularization", "regularize_")
# TF1's (tf.contrib.layers, tf_slim) sum of a regularizer over a weights list, added to a loss by hand
_APPLY_REGULARIZATION = "tf_slim.apply_regularization"
_STEP_WORDS = ("minimize(", "create_train_op(", "compute_gradients(", "gradients(")
_STEPS = {"minimize", "compute_gradients", "create_train_op"}
_GRADIENTS = {"gradients"}  # tf.gradients (a tape's step is Keras's: its models are also fit by their users)

# regularizers that compute their L2 part even at strength 0 (`2 * l2 * l2_loss(x)`; L1L2 tests `if self.l2`,
# tf_slim's returns None for a scale of 0)
ZERO_COMPUTING = {"keras.regularizers.l2", "keras.regularizers.L2"}
ZERO_STRENGTH = ("{keyword} is an L2 regularizer of strength 0: no L2 term worth moving, but Keras still computes "
                 "`0 * sum(w**2)` for its weights every step (a cost not priced here: the graph optimizer may fold "
                 "it away); build the regularizer only when the strength is > 0")

NO_TERM = object()  # a regularizer the code builds only for a strength this one is not: nothing to report

REMEDY = ("add `weight_decay * var` to each gradient instead (the guide's remedy; "
          "tfperf.train.with_gradient_decay(optimizer, weight_decay) does it in a Keras optimizer): the same "
          "gradients, and the logged loss leaves out the L2 term")
CUSTOM_REMEDY = ("leave the L2 part out of the regularizer and add its gradient (`2 * c * w` for `c * sum(w**2)`) to "
                 "the weight's gradient instead: the same gradients, without the forward-path term")
KERAS_REMEDY = ("take the L2 part out of the regularizer and add `2 * l2 * var` to the gradient instead: "
                "tfperf.train.move_l2_to_gradients(model) does both, with the same gradients")


class L2LossSource(SelfAttributes, SourceVisitor):
    """The L2 forms of the rule's docstring, with the --unsafe-fixes rewrite of the custom-step form."""

    # a plain script that compiles or fits the project's models, or reads their losses, names no framework
    text_facts = {REGULARIZATION_READ: (tuple(word.encode() for word in (*_READ_WORDS, ".losses", ".compile(")),
                                        re.compile("|".join((*map(re.escape, _READ_WORDS), LOSSES_READ.pattern))
                                                   .encode())),
                  FITS: ((FIT_CALL.encode(),), None)}

    def __init__(self, file):
        super().__init__(file)
        self._reported: set[int] = set()
        self._variable_lines: set[int] = set()
        self._returns: dict[ast.AST, ast.AST | None] = {}
        self._here: bool | None = None
        self._module_values: list[tuple[str, ast.Call]] = []
        self._handed: list[tuple[str, int | None, str | None, ast.expr, ast.Call]] = []  # (see end())
        # a keyword or parameter named `*_regularizer`/`regularizer` is spelled so in ASCII text (Python
        # reads identifiers in NFKC: other text may spell one with other characters): most files name none
        self._may_name_regularizers = "regularizer" in file.text or not file.text.isascii()
        # `l2(wd)(w)`: an L2 regularizer is named through `regularizers` (`keras.regularizers.l2`, an import from it)
        self._may_call_regularizers = "regularizers" in file.text or not file.text.isascii()

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in L2_CALLS:
            self._model_variable_l2(node)
        elif name in REGULARIZATION_LOSS_CALLS and not _only_counted(self, node):
            self._regularization_losses(node)
        elif (name in AGGREGATES or _is_builtin_sum(self, node)) and node.args:
            comp = node.args[0]
            if isinstance(comp, (ast.ListComp, ast.GeneratorExp)) and self._l2_of_trainables(comp):
                self._reported.add(id(comp))
                self._report(node, "L2 of every trainable variable is computed in the forward pass",
                             _decay_fix(self, node, comp))
            elif self._model_losses(comp) and self._added_to_loss(node):
                self._plumbing(node, "the model's regularization losses (the L2 terms of its layers' weight "
                                     "regularizers) are added to the loss")
        elif name is not None and name.startswith(_SLIM_NETS) and name.endswith("_arg_scope"):
            self._arg_scope_factory(node, name)
        if not self._may_name_regularizers:
            return
        if name == _APPLY_REGULARIZATION:  # (`apply_regularization(l2_regularizer(wd), weights)`: the summed term)
            self._check_regularizer(argument(node, 0, "regularizer"), "apply_regularization's regularizer")
            return
        frozen = _frozen(self.file, node)
        for kw in node.keywords:
            if kw.arg and kw.arg.endswith("_regularizer") and kw.arg not in NOT_WEIGHTS:
                if kw.arg == "bias_regularizer" and _no_bias(self, node):
                    continue  # use_bias=False: the layer has no bias, so no term
                self._check_regularizer(kw.value, kw.arg, at=kw, frozen=frozen)
            elif kw.arg == "regularizer" and _creates_variable(node):
                self._check_regularizer(kw.value, f"{_creator(node)}(regularizer=...)", at=kw, frozen=frozen)
            elif kw.arg == "regularizers" and isinstance(kw.value, ast.Dict):
                # Sonnet's modules take their weights' regularizers as a dict by weight (`{'w': r, 'b': r}`)
                for key, value in zip(kw.value.keys, kw.value.values):
                    label = self.file.literal(key) if key is not None else None
                    if isinstance(label, str):
                        self._check_regularizer(value, f"regularizers[{label!r}]", at=value)
        if isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) == 3 and \
                self.qualified(node.func) is None:
            self._set_attribute(node)
        callee = self.project_callee(node) if not _creates_variable(node) else None
        if callee is not None:
            self._handed += [(callee, *handed, node) for handed in self.handed_l2(node)]

    def visit_Assign(self, node: ast.Assign) -> None:
        """`l2_regularizer = tf.keras.regularizers.l2(wd) if wd else None`, handed on positionally;
        a module-level `L2 = keras.regularizers.l2(1e-6)` another module passes as a regularizer."""
        target = node.targets[0] if len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and target.id.endswith("_regularizer") and target.id not in NOT_WEIGHTS:
            self._check_regularizer(node.value, target.id)
        elif isinstance(target, ast.Subscript) and isinstance(key := self.file.literal(target.slice), str) and \
                _weight_regularizer(key):
            # `kwargs['kernel_regularizer'] = self.regularizer`: a layer's keyword arguments, passed on as **kwargs
            self._check_regularizer(node.value, key)
        elif isinstance(target, ast.Attribute) and _weight_regularizer(target.attr.lstrip("_")):
            # `layer.kernel_regularizer = L2(...)`; one stored from elsewhere is judged where the layer reads it
            self._check_regularizer(node.value, target.attr.lstrip("_"), only_built=True,
                                    late=_set_on_built_layers(self.file, target.value))
        elif isinstance(target, ast.Name) and isinstance(node.value, ast.Call) and self.file.module and \
                isinstance(self.file.parent(node), ast.Module):
            self._module_values.append((target.id, node.value))  # judged in end(), after this file's own uses

    def _model_variable_l2(self, call: ast.Call) -> None:
        """`tf.nn.l2_loss(v)` of a variable of the model (`model_variables`), summed into a loss; its coefficient
        judged as a strength is (a parameter by what the callers pass)."""
        if id(call) in self._reported or call.lineno in self._variable_lines or \
                not model_variable(self, argument(call, 0, "t")):
            return
        summed, factors = summed_scale(self, call)
        if not summed:
            return
        parameter = coefficient_parameter(self, factors, strength_sources, strength_parameter, _nonzero,
                                          Severity.WARNING)
        if parameter is False:
            return
        self._reported.add(id(call))
        self._variable_lines.add(call.lineno)  # (one finding a line: `l2_loss(self.w) + l2_loss(self.b)`)
        self.report(call, "L2 of a variable of the model is computed in the forward pass and added to the loss",
                    fix=Fix(Safety.ADVISORY, REMEDY), parameter=parameter)

    def _arg_scope_factory(self, call: ast.Call, name: str) -> None:
        """`slim.arg_scope(vgg.vgg_arg_scope(weight_decay=wd))`: the arg-scope factories of slim's nets (vgg,
        resnet_utils, inception, mobilenet...) give every conv / fully connected layer in the scope
        `weights_regularizer=slim.l2_regularizer(weight_decay)`, with a default weight_decay that is not 0
        (0.0005, 0.0001, 0.00004): an L2 term per weight in the loss, unless the call passes 0."""
        decay = argument(call, None, "weight_decay")
        value = self.file.literal(decay) if decay is not None else 1
        if value is None or type(value) in (int, float) and value == 0:
            return  # weight_decay=0 (or None): slim's l2_regularizer(0) adds nothing
        if self._never_added_here():
            return
        factory = name.rpartition(".")[2]
        self._report(call, f"{factory} builds slim's l2_regularizer(weight_decay) as the weights regularizer of "
                           "every conv / fully connected layer in its scope: an L2 term of each weight in the loss "
                           "every step", Fix(Safety.ADVISORY, REMEDY), unless=_never_added)

    def _set_attribute(self, call: ast.Call) -> None:
        """`setattr(layer, attr, keras.regularizers.L2(wd))`, `attr` a weight regularizer's name or one
        the source does not state (an L2 regularizer set on an object is one of its weight regularizers)."""
        name = self.file.literal(call.args[1])
        late = _set_on_built_layers(self.file, call.args[0])
        if not isinstance(name, str):
            self._check_regularizer(call.args[2], "the regularizer setattr gives the object", only_built=True,
                                    late=late)
        elif _weight_regularizer(name):
            self._check_regularizer(call.args[2], name, late=late)

    def end(self) -> None:
        """Module-level regularizers (`L2 = keras.regularizers.l2(1e-6)`) that other modules pass as
        weight regularizers, unless this file's own use reported them; L2 regularizers handed to a
        project function's parameters (`L2_ARG`) that no finding of this file reports."""
        for callee, position, keyword, value, call in self._handed:
            found = self.l2_regularizer(value)
            if found is not None and id(found[0]) not in self._reported:
                functions = enclosing_functions(self.file, call)
                caller = self.file.qualnames.get(functions[0]) if functions else self.file.module
                self.export_handed(callee, position, keyword, caller or self.file.path)
        if self._may_name_regularizers:
            self._called_methods()
        for name, value in self._module_values:
            if id(value) in self._reported:
                continue
            uses = self.file.project.query(REGULARIZER_USE, f"{self.file.module}.{name}")
            if uses:
                self._check_regularizer(value, "kernel_regularizer" if "kernel_regularizer" in uses else min(uses))

    def _called_methods(self) -> None:
        """A method of a class of this file returning an L2 regularizer it builds (`def kernel_regularizer(self):
        return L1L2(l2=self.reg_lambda / 2)`), whose name another call passes as a weight regularizer on an
        object the source cannot place (`kernel_regularizer=loss.kernel_regularizer()`): reported where built."""
        for call in self.file.calls:
            if id(call) in self._reported or self._regularizer_name(call) not in L2_REGULARIZERS:
                continue
            function = self.file.scope_of(call)
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or \
                    not isinstance(self.file.parent(function), ast.ClassDef) or self.returned_l2(function) is not call:
                continue
            uses = self.file.project.query(REGULARIZER_METHOD, function.name)
            if uses:
                self._check_regularizer(call, "kernel_regularizer" if "kernel_regularizer" in uses else min(uses))

    def _export_method_use(self, value: ast.Call, keyword: str) -> None:
        """`kernel_regularizer=loss.kernel_regularizer()`: a method called on an object the source cannot
        place (not `self`, not a module, no class known): every project method of that name may be it."""
        func = value.func
        if not isinstance(func, ast.Attribute) or isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            return
        if self.qualified(func) is None and self.file.callee(value) is None:
            self.file.project.export(REGULARIZER_METHOD, func.attr, keyword)

    def visit_Dict(self, node: ast.Dict) -> None:
        """`{'kernel_regularizer': l2(1e-4), ...}` passed on as `**kwargs`."""
        for key, value in zip(node.keys, node.values):
            label = self.file.literal(key) if key is not None else None
            if isinstance(label, str) and label.endswith("_regularizer") and label not in NOT_WEIGHTS:
                self._check_regularizer(value, label)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """`def block(..., kernel_regularizer=tf.keras.regularizers.L2(1e-4))`: the default builds one."""
        if not self._may_name_regularizers:
            return
        for name, default in parameter_defaults(node).items():
            if _weight_regularizer(name):
                self._check_regularizer(default, name)
        if node.name == "__call__":
            self._custom_regularizer(node)

    def _custom_regularizer(self, function: ast.AST) -> None:
        """`class R(tf.keras.regularizers.Regularizer): def __call__(self, x): return reduce_sum(c * square(x))`:
        a weight regularizer of the project's own whose term is (or holds) an L2 term of the weights."""
        owner = self.file.parent(function)
        arguments = function.args.posonlyargs + function.args.args
        if not isinstance(owner, ast.ClassDef) or len(arguments) != 2 or \
                not any(self.qualified(base) == REGULARIZER_BASE for base in owner.bases):
            return
        weights = arguments[1].arg
        for ret in self.file.returns_of(function):
            for sub in ast.walk(ret.value) if ret.value is not None else ():
                if isinstance(sub, ast.Call) and self._is_scaled_l2_of(sub, weights) and \
                        not self._never_added_here():
                    self._reported.add(id(sub))
                    self.report(sub, f"the regularizer {owner.name} adds an L2 term of the weights to the loss every "
                                     "step", fix=Fix(Safety.ADVISORY, CUSTOM_REMEDY), unless=_never_added,
                                context=_unread_by_tapes)
                    return

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ListComp(self, node: ast.ListComp) -> None:
        if id(node) not in self._reported and self._l2_of_trainables(node):
            self._report(node, "L2 of every trainable variable is computed in the forward pass")
        elif self._may_call_regularizers and len(node.generators) == 1 and \
                isinstance(node.generators[0].target, ast.Name):
            var = node.generators[0].target.id
            called = next((sub for sub in ast.walk(node.elt) if self._is_called_l2(sub, var)), None)
            if called is not None and self._trainables(node.generators[0].iter) and \
                    not self._never_added_here():
                self._report(called, "an L2 regularizer called on every trainable variable computes its L2 term in "
                                     "the forward pass", unless=_never_added)

    visit_GeneratorExp = visit_ListComp

    def visit_For(self, node: ast.For) -> None:
        if not isinstance(node.target, ast.Name):
            return
        if self._trainables(node.iter, callers=False):
            found = [sub for sub in ast.walk(node) if self._is_l2_of(sub, node.target.id) or
                     self._is_called_l2(sub, node.target.id)]
        elif isinstance(node.iter, ast.Name) and any(word in self.file.segment(node) for word in L2_WORDS):
            # (a parameter: what the file's calls pass for it, looked up only for a loop with an L2 term)
            found = [sub for sub in ast.walk(node) if self._is_l2_of(sub, node.target.id)]
            found = found if found and self._trainables(node.iter) else []
        else:
            found = []
        for sub in found:
            self._report(sub, "L2 of every trainable variable is computed in the forward pass")

    def summarize(self) -> None:
        """Export "returns an L2 regularizer" for this file's helpers (those building one, or calling
        a helper that may), that the project builds one, and the L2 attributes of its classes."""
        if "regulariz" in self.file.text.lower() or not self.file.text.isascii():
            self.export_class_attrs()
        builders = [c for c in self.file.calls if self.call_name(c) in L2_REGULARIZERS]
        if builders or "l2_loss" in self.file.text and self._l2_loss_regularizer():
            self.file.project.export(HAS_L2, "")
        candidates = {self.file.scope_of(c) for c in builders}
        if "regulariz" in self.file.text.lower():  # (in a return's text only if in the file's: most files skip the look)
            candidates |= {self.file.scope_of(r) for r in self.file.references if isinstance(r, ast.Return)
                           and isinstance(r.value, (ast.Call, ast.IfExp)) and "regulariz" in self.file.segment(r).lower()}
        for node in candidates:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.returned_l2(node) is not None:
                self.file.project.export(L2_RETURN, self.file.qualnames[node], node.lineno)
        for node, qualname in self.file.qualnames.items():
            if type(node) is ast.FunctionDef and (module := self._returned_module(node)) is not None:
                self.file.project.export(MODULE_RETURN, qualname, module)
        if "get_collection" in self.file.text or "GraphKeys" in self.file.text:  # (most files: neither)
            self._export_collection_helpers()
        text = self.file.text
        if _reads_regularization(text):
            self.file.project.export(REGULARIZATION_READ, "")
            added = self._training_collection_add()
            if added is not None:
                self.file.project.export(COLLECTION_ADDED, "", f"{self.file.module or self.file.path}:{added.lineno}")
            if self.file.module:
                self.file.project.export(REGULARIZATION_READ_IN, self.file.module)
        if any(word in text for word in _STEP_WORDS) and self._trains():
            self.file.project.export(TRAINS, "")
        if STEP in text or "GradientTape" in text:  # (most files: neither)
            export_own_steps(self)
        export_tape_steps(self, tests=self._test_file())
        export_variable_lists(self)

    @cached_property
    def _adds_collection_here(self) -> bool:
        """This file adds the regularization collection to a loss unconditionally: `loss += c *
        tf.losses.get_regularization_loss()` (or `get_total_loss()`, a sum of `get_collection(REGULARIZATION_LOSSES)`)
        under no `if` in its function. A sum under a test (`if l2_reg > 0:`) hangs on values not judged here."""
        return any(not any(isinstance(anc, (ast.If, ast.IfExp, ast.For, ast.While)) for anc in self._to_function(call))
                   for call in self._collection_adds)

    @cached_property
    def _collection_adds(self) -> list[ast.Call]:
        """The calls of this file that add the regularization collection to a loss (`_adds_collection_here`), under
        any test."""
        return [call for call in self.file.calls
                if ((name := self.call_name(call)) in TOTAL_LOSS_CALLS or name in COLLECTION_CALLS and (self.qualified(
                    argument(call, 0, "key")) or "").endswith("GraphKeys.REGULARIZATION_LOSSES"))
                and not _only_counted(self, call)]

    def _training_collection_add(self) -> ast.Call | None:
        """A call of this file (not a test's) that adds the collection on its training path: under no test but a
        training flag's (`if is_training:`, set 65's tefla trainers: `l2_loss = tf.add_n(tf.get_collection(
        REGULARIZATION_LOSSES)) * self.cnf.get('l2_reg', 0.0)`). Whatever strength multiplies the sum, the graph
        computes every term in it each step."""
        if self._test_file():
            return None
        return next((call for call in self._collection_adds if all(
            (type(anc) is ast.If and last_name(anc.test) in TRAINING_FLAGS) or
            not isinstance(anc, (ast.If, ast.IfExp, ast.For, ast.While)) for anc in self._to_function(call))), None)

    def _collection_added_elsewhere(self) -> str | None:
        """Where another module of the project adds the collection on its training path (`COLLECTION_ADDED`), said
        for the message; None when none does."""
        found = self.file.project.query(COLLECTION_ADDED, "")
        return f" (the project adds the regularization collection to its training loss at {min(found)})" \
            if found else None

    def _to_function(self, node: ast.AST):
        for anc in self.file.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                return
            yield anc

    def _l2_loss_regularizer(self) -> bool:
        """A weight regularizer keyword given the function tf.nn.l2_loss (`kernel_regularizer=tf.nn.l2_loss`)."""
        return any(kw.arg and _weight_regularizer(kw.arg) and type(kw.value) in (ast.Name, ast.Attribute) and
                   self.qualified(kw.value) in L2_CALLS for call in self.file.calls for kw in call.keywords)

    def _trains(self) -> bool:
        """A graph-mode training step of the project's model in this file (not a test): an optimizer's
        `minimize` / `compute_gradients`, slim's `create_train_op`, or `tf.gradients` of trainable variables (a
        gradient of other variables, a saliency map or an explainer's masks, is not training). A tape's
        gradient is not taken: a Keras step is not pruned from a graph (`export_tape_steps` judges it)."""
        if self._test_file():
            return False
        for call in self.file.calls:
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in _STEPS and call.args:
                return True
            if name in _GRADIENTS and "trainable" in self.file.segment(call):
                return True
        return False

    def _never_added_here(self) -> bool:
        """This file builds a graph-mode training step of a loss it builds itself (`opt.minimize(self.loss)`,
        `compute_gradients`, `create_train_op`; not of a loss its callers pass), and neither it nor a module of the
        project it imports reads the regularization losses (`REGULARIZATION_READ_IN`): the collection its
        regularizers fill is never added to that loss (a TF1 model beside others of the project that add theirs)."""
        if self._here is None:
            self._here = False
            text, module = self.file.text, self.file.module
            if module and any(word in text for word in _STEP_WORDS) and not _reads_regularization(text) and \
                    self._own_step():
                project = self.file.project
                imported = {target if project.is_module(target) else target.rpartition(".")[0]
                            for target in self.file.imports.names.values()} | set(self.file.imports.stars)
                self._here = not any(project.query(REGULARIZATION_READ_IN, name)
                                     for name in sorted(imported) if name and project.is_module(name))
        return self._here

    def _own_step(self) -> bool:
        if self._test_file():
            return False
        for call in self.file.calls:
            func = call.func
            if type(func) is ast.Attribute and func.attr in _STEPS and call.args:
                loss = call.args[0]
                if not (type(loss) is ast.Name and loss.id not in self.file.stored_names):
                    return True  # (a name no statement binds is a parameter: the callers' loss)
        return False

    def _test_file(self) -> bool:
        """A test module or file: its training steps are the tests', not the project's."""
        where = self.file.module.replace(".", "/") if self.file.module else self.file.path.rsplit("/", 1)[-1]
        return path_context(where) == "test"

    def _export_collection_helpers(self) -> None:
        """`def get_collection(key, scope=None): return tf.compat.v1.get_collection(key, scope=scope)`
        and `def get_GraphKeys(): return tf.compat.v1.GraphKeys`: version shims other modules call."""
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                wrapped = self._wrapped_collection(node)
                if wrapped is not None:
                    self.file.project.export(COLLECTION_WRAPPER, qualname, wrapped)
                elif self._returns_graph_keys(node):
                    self.file.project.export(GRAPH_KEYS, qualname)

    def _wrapped_collection(self, function: ast.AST) -> tuple[int | None, str] | None:
        """(position, name) of the parameter every return of `function` gets the collection of."""
        keys = set()
        for ret in self.file.returns_of(function) or [None]:
            call = ret.value if ret is not None else None
            key = argument(call, 0, "key") if self.call_name(call) in COLLECTION_CALLS else None
            keys.add(key.id if isinstance(key, ast.Name) and key.id in parameter_names(function) else None)
        if len(keys) != 1 or None in keys:
            return None
        name = keys.pop()
        positional = passed_positional(self.file, function)
        return (positional.index(name) if name in positional else None), name

    def _returns_graph_keys(self, function: ast.AST) -> bool:
        returns = self.file.returns_of(function)
        return bool(returns) and all(r.value is not None and (self.qualified(r.value) or "").endswith("GraphKeys")
                                     for r in returns)

    def _regularization_losses(self, node: ast.Call) -> None:
        """`tf.losses.get_regularization_loss()` added to the loss: the sum of what the regularizers
        put in the collection; plumbing where the project builds L2 regularizers. Where it builds none, the
        collection holds the terms of models this project does not build (its users', a library's) or nothing:
        their cost is unknown here, so the sum is info that says so, as a `model.losses` sum is not reported."""
        what = "the regularization losses (usually L2 of the weights) are added to the loss"
        if self._eager_file(node):
            return  # (TF2: the TF1 collection Keras layers do not fill; `own_step` does not count it a read)
        if not self.file.project.query(HAS_L2, ""):
            self._info_once(node, f"{what}: this project builds no L2 regularizer, so the collection holds the "
                                  "terms of models built elsewhere (its users', a library's) or none; their cost is "
                                  "not known here")
        else:
            self._plumbing(node, f"{what}: the sum of the collection")

    def _eager_file(self, node: ast.AST) -> bool:
        """TF2 code: a file that trains by a `GradientTape` (or the method of a `keras.Model` subclass) and
        builds no TF1 graph (no `Session`, no `placeholder`). There `get_regularization_loss()` reads the TF1
        collection, which Keras layers do not fill: it adds nothing."""
        text = self.file.text
        if "Session(" in text or "placeholder(" in text:
            return False
        owner = self.file.enclosing_class(node)
        return "GradientTape" in text or owner is not None and any(
            self.qualified(base) in KERAS_MODELS for base in owner.bases)

    def _plumbing(self, node: ast.AST, what: str) -> None:
        """A sum of regularization losses in a project that builds its L2 regularizers: each term is
        already reported where it is built (one finding per term), so the sum is info that says so."""
        self._info_once(node, f"{what}; each L2 term is reported where this project builds its regularizer")

    def _info_once(self, node: ast.AST, message: str) -> None:
        if id(node) not in self._reported:
            self._reported.add(id(node))
            self.report(node, message, severity=Severity.INFO)

    def _report(self, node: ast.AST, what: str, fix: Fix | None = None, unless=None) -> None:
        if id(node) not in self._reported or fix is not None:
            self._reported.add(id(node))
            self.report(node, what, fix=fix or Fix(Safety.ADVISORY, REMEDY), unless=unless,
                        parameter=self._opt_in(node))

    def _opt_in(self, node: ast.AST) -> Parameter | None:
        """The parameter the term is opt-in by, for a term no strength parameter decides (`optin.opt_in`: built
        only under `if l2_reg is not None:` with `l2_reg=None`, or `elif mode == "conv":` with `mode=None`, that
        no call of the project turns on): the convention TFP101 and TFP601 judge such code by."""
        return opt_in(self.file, node, unknown=Severity.WARNING)

    def _check_regularizer(self, value: ast.AST, keyword: str, at: ast.AST | None = None,
                           only_built: bool = False, frozen: Parameter | bool | None = None,
                           late: str | None = None) -> None:
        """Report the L2 regularizer a `*_regularizer` argument receives: at its construction when it
        is built elsewhere (one finding per regularizer object), else at the argument; one read from
        `self` or a parameter (a new one per property read, or one per caller) at the keyword `at`.
        `only_built`: only one built here (`value` a construction or a helper's call). `frozen`: the weight
        is built with `trainable=False` (True), or with the value of a parameter (its Parameter, `_frozen`).
        `late`: why the regularizer is set after the weights exist (`_set_on_built_layers`): info."""
        if only_built and not isinstance(value, ast.Call):
            return
        found = self.l2_regularizer(value)
        if found is None:
            self._export_use(value, keyword)
            return
        node, helper = found
        read = node
        what = f"{keyword} adds an L2 term of the weights to the loss every step"
        if isinstance(node, (ast.Name, ast.Attribute)):  # a read, said by what holds it
            node, what = at or node, f"{what} ({helper})"
        elif helper:
            what += f" (built by {helper})"
        if id(node) not in self._reported:
            self._reported.add(id(node))
            parameter = self._strength_parameter(node, keyword) if not helper else self._handed_strength(read) \
                if isinstance(read, ast.Name) else self._helper_strength(node)
            setting = _configured(self.file, parameter)
            if setting is not None:  # a zero default the project's configuration files set: not stated here
                parameter, what = None, f"{what} ({setting})"
            if isinstance(parameter, Parameter) and isinstance(node, ast.Call) and \
                    self._regularizer_name(node) in ZERO_COMPUTING and self._reads_none(node, argument(node, 0, "l2")) \
                    and parameter.bad(None) \
                    and any(value is None for value, _ in self.file.project.query(PASSED, parameter.key)):
                what += f" (Keras reads {self.file.segment(node.func)}(None) as a strength of 0.01, its default)"
            if parameter is not NO_TERM and not self._never_added_here():
                unless = self._never_added_for(at if at is not None else node)
                if frozen is True:
                    self.report(node, f"{what}; but {FROZEN}", severity=Severity.INFO,
                                fix=Fix(Safety.ADVISORY, "drop the regularizer: it trains nothing"), unless=unless)
                    return
                if late:
                    self.report(node, f"{keyword} is an L2 regularizer set after the fact: {late}",
                                severity=Severity.INFO, fix=Fix(Safety.ADVISORY, LATE_REMEDY), unless=unless)
                    return
                self.report(node, what, fix=Fix(Safety.ADVISORY, KERAS_REMEDY),
                            parameter=_in_branch(frozen or self._opt_in(node), parameter), unless=unless,
                            context=_unread_by_tapes)

    def _never_added_for(self, node: ast.AST):
        """`_never_added`, and for a weight a method of a class builds: the own training step of its model
        (the class's or a base's, `own_step`) never reads the regularization losses."""
        owner = self.file.enclosing_class(node)
        if owner is None or owner not in self.file.qualnames:
            return _never_added
        qualname = self.file.qualnames[owner]
        return lambda file: _never_added(file) or own_step_skips(file, qualname)

    def _export_use(self, value: ast.AST, keyword: str) -> None:
        """A regularizer imported from another module of the project (`kernel_regularizer=L2`): that
        module judges the value it binds."""
        if isinstance(value, ast.Call):
            self._export_method_use(value, keyword)
            return
        if not isinstance(value, (ast.Name, ast.Attribute)) or (
                isinstance(value, ast.Name) and value.id in self.file.stored_names):
            return
        name = self.qualified(value)
        module = name.rpartition(".")[0] if name else ""
        if module and module != self.file.module and self.file.project.is_module(module):
            self.file.project.export(REGULARIZER_USE, name, keyword)

    def l2_regularizer(self, value: ast.AST, depth: int = 0, chosen: bool = False) -> tuple[ast.AST, str] | None:
        """(where to report, the helper that builds it or "") when `value` is an L2 regularizer:
        a known constructor, 'l2', either branch of `a if c else b`, a name bound to one, or a call
        to a helper returning one (in this file, or another module's by its summary). `chosen`: reached through
        a choice (a branch of a conditional expression, one of several bindings a name's branches make)."""
        if value is None or depth > 6:
            return None
        if type(value) in (ast.Name, ast.Attribute) and self.qualified(value) in L2_CALLS:
            # (its strength is where the collection is summed: only a sum this file always adds is judged, or, for a
            # regularizer given as it is (a keyword's or a default's value, not `chosen`) in a file that adds no sum
            # of its own, one another module adds on its training path; whatever that strength, the sum computes
            # every term)
            where = "" if self._adds_collection_here else None if chosen or self._collection_adds else \
                self._collection_added_elsewhere()
            return (value, f"tf.nn.l2_loss as the regularizer: sum(w**2) / 2 of each weight{where}") \
                if where is not None else None
        if isinstance(value, ast.Name) and value.id in self.file.stored_names:
            reaching = [b for b in self.file.reaching_bindings(value) if b.value is not None]
            if len(reaching) > 1:  # a name each branch assigns (`if wd: reg = l2(wd)` / `else: reg = None`)
                return next((found for b in reaching if (found := self.l2_regularizer(b.value, depth + 1, True))), None)
        bound = self.file.value_of(value)
        if bound is not value:
            found = self.l2_regularizer(bound, depth + 1, chosen)
            return found
        if isinstance(value, ast.Constant):
            return (value, "") if value.value in ("l2", "l1_l2") else None
        if isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "self":
            return self.self_attribute_l2(value, depth)
        if isinstance(value, ast.Name):
            said = self.parameter_l2(value) or self._default_l2(value, depth)  # (a name no statement binds: a parameter)
            return (value, said) if said else None
        if isinstance(value, ast.IfExp):
            return self.l2_regularizer(value.body, depth + 1, True) or self.l2_regularizer(value.orelse, depth + 1, True)
        if not isinstance(value, ast.Call):
            return None
        if self._is_l2_construction(value):
            return value, ""
        if (keyed := _keyed_default(self, value)) is not None:  # (`params.setdefault("kernel_regularizer", l2(1e-4))`)
            return self.l2_regularizer(keyed, depth + 1, chosen)
        callee = self.file.callee(value)
        if callee is None:
            return None
        function = self.file.defs.get(callee)
        if function is not None:
            return (value, f"{function.name}() at line {function.lineno}") if self.returned_l2(function) else None
        line = self.file.project.first(L2_RETURN, callee)
        return (value, f"{callee.rpartition('.')[2]}() of {callee.rpartition('.')[0]}") if line else None

    def _default_l2(self, name: ast.Name, depth: int) -> str | None:
        """A parameter whose default is an L2 regularizer (`def unet(nclass=19, kr=l2(1e-4))` ... `Conv2D(...,
        kernel_regularizer=kr)`): the term every call that leaves it out gets (`_handed_strength` judges the callers),
        said at the read; not one named as a regularizer, whose default is reported where it is built
        (`visit_FunctionDef`)."""
        default = _l2_default(self, name, depth + 1)
        if default is None:
            return None
        said = self.l2_regularizer(default, depth + 1)[1]  # (`tf.nn.l2_loss as the regularizer ...`: where it is summed)
        return f"the default of {name.id}, line {default.lineno}" + (f": {said}" if said else "")

    def returned_l2(self, function: ast.AST) -> ast.AST | None:
        """The L2 regularizer a function returns, if it returns one (in some branch)."""
        if function not in self._returns:
            self._returns[function] = None  # recursion guard
            for node in self.file.returns_of(function):
                found = self.l2_regularizer(node.value) if node.value is not None else None
                if found is not None:
                    self._returns[function] = found[0]
                    break
        return self._returns[function]

    def _regularizer_name(self, call: ast.Call) -> str | None:
        """The canonical name of the function a call calls: `call_name`, or for an attribute of what a
        lazy-import helper of the project returns (`contrib.layers().l2_regularizer(wd)`, `MODULE_RETURN`)
        the module's attribute."""
        name = self.call_name(call)
        func = call.func
        if name is not None or type(func) is not ast.Attribute or type(func.value) is not ast.Call or \
                func.value.args or func.value.keywords:
            return name
        callee = self.file.callee(func.value)
        if callee is None:
            return None
        function = self.file.defs.get(callee)
        module = self._returned_module(function) if isinstance(function, ast.FunctionDef) else \
            self.file.project.first(MODULE_RETURN, callee) if function is None else None
        return canonical(public(f"{module}.{func.attr}")) if isinstance(module, str) else None

    def _returned_module(self, function: ast.FunctionDef) -> str | None:
        """The framework module (as imported) some return of a function gives, a name the file imports."""
        for ret in self.file.returns_of(function):
            value = ret.value
            if type(value) is ast.Name and value.id in self.file.imports.names:
                raw = self.file.raw_name(value)
                if raw is not None and api.is_framework(raw):
                    return raw
        return None

    def _is_l2_construction(self, value: ast.Call) -> bool:
        name = self._regularizer_name(value)
        if name not in L2_REGULARIZERS:
            return False
        l2, default = _strength(name, value)
        strength = default if l2 is None else self.file.literal(l2)
        return not (isinstance(strength, (int, float)) and strength == 0)

    def _strength_parameter(self, node: ast.AST, keyword: str) -> Parameter | None:
        """The parameter an L2 regularizer's strength is (`l2(self.l2_reg)`, `self.l2_reg = l2_reg` in the
        constructor): a strength of 0 from every caller adds no term to move (`passed`); Keras's `L2`
        still computes `0 * sum(w**2)` (info, unless it is built only under a test of the strength;
        `L1L2` and tf_slim skip a zero L2 part). Built only under a test of a parameter (the strength:
        `l2(s) if s else None`, `if s is not None:`, an early `if not s: return None`; or a flag:
        `l2(1e-4) if use_l2 else None`), a value the test turns away (None, 0, False for `if s`) builds
        nothing: fine. A strength not known here is most likely not 0: the term is priced as it is."""
        judged = self._judged(node)
        if judged is None:
            return self._flowed_strength(node, keyword)
        found, bad, gated = judged
        computes_zero = self._regularizer_name(node) in ZERO_COMPUTING and not gated
        return Parameter(*found, bad=bad, unknown=Severity.WARNING,
                         fine=ZERO_STRENGTH.format(keyword=keyword) if computes_zero else None)

    def _flowed_strength(self, construction: ast.AST, keyword: str):
        """A strength no one parameter is, followed by data flow (`strength.strength_sources`: `self.l2 = 0.0`
        in the constructor, a base constructor's parameter, `kwargs.get("l2_reg", 0.0)`, a local each branch
        assigns): constants that add no term build none (NO_TERM), parameters are judged together by what the
        callers pass; anything else is left as it is (None)."""
        name = self._regularizer_name(construction) if isinstance(construction, ast.Call) else None
        if name not in L2_REGULARIZERS:
            return None
        l2, _ = _strength(name, construction)
        sources = strength_sources(self, l2) if l2 is not None else None
        if sources is None:
            return None
        adds = _keras_none if self._reads_none(construction, l2) else _nonzero
        fine = ZERO_STRENGTH.format(keyword=keyword) if name in ZERO_COMPUTING else None
        found = strength_parameter(sources, adds, fine, Severity.WARNING)
        return NO_TERM if found is False else found

    def _judged(self, construction: ast.AST) -> tuple[tuple, object, bool] | None:
        """(the parameter a regularizer's term hangs on, `bad` for its values, whether a test of it
        gates the construction): its strength's parameter; or, for a strength that is none, the one
        parameter the tests around the construction read (`l2(1e-4) if use_l2 else None`)."""
        name = self._regularizer_name(construction) if isinstance(construction, ast.Call) else None
        if name not in L2_REGULARIZERS:
            return None
        l2, default = _strength(name, construction)
        scaled, l2 = l2, unscaled(l2)
        found = parameter_of(self.file, l2) if l2 is not None else None
        elements = found is None and type(l2) is ast.Name and (found := element_parameter(self.file, l2)) is not None
        if found is not None:
            gate = self._gate(construction, l2, found)
            adds = _keras_none if self._reads_none(construction, scaled) else _nonzero
            bad = adds if gate is None else _gated(gate, adds)
            return found, (_of_elements(bad) if elements else bad), gate is not None
        flag = self._gate_parameter(construction)
        gate = self._gate(construction, None, flag) if flag is not None else None
        if gate is None:
            return None
        strength = self.file.literal(l2) if l2 is not None else 0.01 if default is None else default
        adds = _nonzero(strength)  # (the literal strength; None: not known here)

        def bad(value):
            built = gate(value)
            return False if built is False or adds is False else True if built and adds else None
        return flag, bad, True

    def _reads_none(self, construction: ast.Call, strength: ast.expr | None) -> bool:
        """Keras's `l2(s)` / `L2(s)` of an unscaled strength: `l2(None)` is `l2(0.01)` (Keras reads a None
        strength as its default), not "no regularizer"."""
        return strength is not None and unscaled(strength) is strength and \
            self._regularizer_name(construction) in ZERO_COMPUTING

    def _gate_parameter(self, node: ast.AST) -> tuple | None:
        """The one parameter the tests gating a construction read (`if use_l2:`), if there is one."""
        found = set()
        child = node
        for anc in self.file.ancestors(node):
            tests = [anc.test] if isinstance(anc, (ast.If, ast.IfExp)) and child is not anc.test else []
            for block in _blocks(anc):
                if child in block:
                    tests += [stmt.test for stmt in block[:block.index(child)]
                              if isinstance(stmt, ast.If) and not stmt.orelse and _leaves(stmt.body)]
            for test in tests:
                for read in ast.walk(test):
                    if isinstance(read, ast.Name) or isinstance(read, ast.Attribute) and \
                            isinstance(read.value, ast.Name) and read.value.id == "self":
                        parameter = parameter_of(self.file, read)
                        if parameter is not None:
                            found.add(parameter)
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)) or len(found) > 1:
                break
            child = anc
        return found.pop() if len(found) == 1 else None

    def _handed_strength(self, name: ast.Name) -> Parameter | None:
        """A regularizer parameter some project call hands an L2 regularizer (`get_variable(regularizer=
        regularizer)`): what every call passes decides; one that passes None (`self.reg = reg_config(reg)` with
        `reg_config` returning None for the default `reg=None`: `passed.RETURNED`) builds no term there."""
        found = parameter_of(self.file, name)
        if found is None:
            return None
        default = _l2_default(self, name)
        if default is None:
            return Parameter(*found, bad=_handed_adds, unknown=Severity.WARNING)
        built = (STATED, self.file.segment(default))  # (what a call that leaves it out gets: said as written)
        return Parameter(*found[:3], built, bad=lambda value: True if value == built else _handed_adds(value),
                         unknown=Severity.WARNING)

    def _helper_strength(self, call: ast.AST):
        """A helper of this file returning an L2 regularizer built only under a test of its parameter
        (`def get_regularizer(wd=None): if not wd: return None; return L2(wd)`, `L2(1e-4) if use_l2 else
        None`): what this call passes for it. A value the test turns away builds nothing (NO_TERM); the
        caller's own parameter is judged by what its callers pass; anything else is left as it is."""
        callee = self.file.callee(call) if isinstance(call, ast.Call) else None
        function = self.file.defs.get(callee) if callee is not None else None
        construction = self.returned_l2(function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) \
            else None
        judged = self._judged(construction) if construction is not None else None
        if judged is None or not judged[2] or judged[0][0] != callee_of(self.file, function):
            return self._helper_default(call, callee, function)
        (_, position, parameter, _), bad, _ = judged
        if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords):
            return None  # (it may pass the parameter where the source does not show it)
        passed = argument(call, position, parameter)
        if passed is None:
            passed = parameter_defaults(function).get(parameter)
            if passed is None:
                return None
        outer = parameter_of(self.file, passed) if isinstance(passed, (ast.Name, ast.Attribute)) else None
        if outer is not None:
            return Parameter(*outer, bad=bad, unknown=Severity.WARNING)
        return NO_TERM if bad(self.file.literal(passed)) is False else None

    def _helper_default(self, call: ast.Call, callee: str | None, function) -> Parameter | object | None:
        """A helper (of this file or, by its summary, another module's) that returns None for a None
        argument before building anything (`def default_regularizer(*args): if ... or args[0] is None: return
        None`), called with the caller's own parameter (`default_regularizer(kernel_regularizer)`,
        `kernel_regularizer=None`): the term hangs on what the caller's callers pass (`optin.returned_for`);
        a None passed builds nothing (NO_TERM)."""
        if callee is None:
            return None
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fact = none_for(self.file, function)
        else:
            fact = self.file.project.first(NONE_FOR, callee)
        found = returned_for(self.file, call, tuple(fact) if fact is not None else None, bad=_nonzero,
                             unknown=Severity.WARNING)
        return NO_TERM if found is NOTHING else found

    def _gate(self, node: ast.AST, strength: ast.expr, parameter: tuple):
        """Whether the regularizer is built for a value of its strength parameter, as the tests around
        its construction say (`Admits`: True built, False not, None not known), or None when no test
        of the strength decides it: the body or else of an `if`/conditional expression, an earlier
        `if <test>: return/raise` in an enclosing block, up to the function."""
        gates = []
        child = node
        for anc in self.file.ancestors(node):
            if isinstance(anc, (ast.If, ast.IfExp)) and child is not anc.test:
                admits = self._admits(anc.test, strength, parameter)
                if admits is not None:
                    gates.append(admits if _in_body(anc, child) else _negated(admits))
            for block in _blocks(anc):
                if child in block:
                    for stmt in block[:block.index(child)]:
                        if isinstance(stmt, ast.If) and not stmt.orelse and _leaves(stmt.body):
                            admits = self._admits(stmt.test, strength, parameter)
                            if admits is not None:
                                gates.append(_negated(admits))
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                break
            child = anc
        if not gates:
            return None
        return lambda value: _all_built(gate(value) for gate in gates)

    def _admits(self, test: ast.expr, strength: ast.expr, parameter: tuple):
        """A test of the strength as a predicate on its value (True: the test passes), or None when
        `test` does not test it: `s`, `not s`, `s > 0`, `s != 0`, `s is not None`, `s is None`, and
        `and` / `or` of tests some part of which tests it. `s` is the strength's own text or
        the same parameter (`if weight_decay:` around `l2(self.weight_decay)`)."""
        if isinstance(test, ast.BoolOp):
            parts = [self._admits(v, strength, parameter) for v in test.values]
            if all(p is None for p in parts):
                return None
            if isinstance(test.op, ast.And):  # fails when a part testing the strength fails
                return lambda value: _all_built(p(value) if p is not None else None for p in parts)
            # `or`: passes when a part testing the strength passes; fails only when every part fails
            return lambda value: _any_passes(p(value) if p is not None else None for p in parts)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self._admits(test.operand, strength, parameter)
            return _negated(inner) if inner is not None else None
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, right = test.ops[0], test.comparators[0]
            if not self._same_strength(test.left, strength, parameter):
                return None
            if isinstance(right, ast.Constant) and right.value is None and isinstance(op, (ast.IsNot, ast.Is)):
                return is_not_none if isinstance(op, ast.IsNot) else _negated(is_not_none)
            if isinstance(right, ast.Constant) and type(right.value) in (int, float) and right.value == 0:
                if isinstance(op, ast.Gt):
                    return _positive
                if isinstance(op, ast.NotEq):
                    return _not_zero
            return None
        return truthy if self._same_strength(test, strength, parameter) else None

    def _same_strength(self, expr: ast.expr, strength: ast.expr | None, parameter: tuple) -> bool:
        if strength is not None and ast.dump(expr) == ast.dump(strength):
            return True
        return isinstance(expr, (ast.Name, ast.Attribute)) and parameter_of(self.file, expr) == parameter

    def _model_losses(self, expr: ast.AST) -> bool:
        """`model.losses` / `self.model.losses`: the layers' regularization terms (when the project
        builds L2 regularizers at all)."""
        expr = self.file.value_of(expr)
        return (isinstance(expr, ast.Attribute) and expr.attr == "losses" and "model" in ast.unparse(expr.value).lower()
                and bool(self.file.project.query(HAS_L2, "")))

    def _added_to_loss(self, node: ast.Call) -> bool:
        """The sum is added to something (`loss += ...`, `loss + ...`), not only logged."""
        for anc in self.file.ancestors(node):
            if isinstance(anc, ast.AugAssign) and isinstance(anc.op, ast.Add):
                return True
            if isinstance(anc, ast.BinOp) and isinstance(anc.op, ast.Add):
                return True
            if isinstance(anc, ast.stmt):
                return False
        return False

    def _l2_of_trainables(self, comp: ast.ListComp | ast.GeneratorExp) -> bool:
        if len(comp.generators) != 1 or not isinstance(comp.generators[0].target, ast.Name):
            return False
        gen = comp.generators[0]
        return self._trainables(gen.iter) and any(self._is_l2_of(n, gen.target.id) for n in ast.walk(comp.elt))

    def _trainables(self, expr: ast.AST, depth: int = 0, callers: bool = True) -> bool:
        """The trainable variables, or a subset of them (a comprehension filtering them, a slice)."""
        if depth > 6:
            return False
        original = expr
        expr = self.file.value_of(expr)
        while isinstance(expr, ast.Subscript):  # model.trainable_variables[:-1]
            expr = self.file.value_of(expr.value)
        if isinstance(expr, (ast.ListComp, ast.GeneratorExp)) and len(expr.generators) == 1:
            return self._trainables(expr.generators[0].iter, depth + 1)  # [v for v in trainables if ...]
        if isinstance(expr, ast.Attribute) and expr.attr in TRAINABLE_ATTRS:
            return True
        if isinstance(original, ast.Name) and original.id in TRAINABLE_ATTRS:
            return True  # a parameter named for what callers pass
        if isinstance(expr, ast.Name):
            return callers and self._passed_trainables(expr, depth)
        if is_self_attribute(expr):
            return self._stored_trainables(expr, depth)
        name = self.call_name(expr)
        if name in TRAINABLE_CALLS:
            return True
        if isinstance(expr, ast.Call) and self._returns_trainables(expr, depth):
            return True
        if name in COLLECTION_CALLS:
            return self._trainables_key(argument(expr, 0, "key"))
        wrapped = self._helper_fact(expr, COLLECTION_WRAPPER, self._wrapped_collection)
        return bool(wrapped) and self._trainables_key(argument(expr, *wrapped))

    def _passed_trainables(self, name: ast.Name, depth: int) -> bool:
        """A parameter every call of its function in the file passes the trainable variables (or a subset)
        for (`weight_decay(rate, decay_vars)`, `decay_vars = [v for v in tf.trainable_variables()]`)."""
        function = parameter_owner(self.file, name)
        qualname = self.file.qualnames.get(function) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) \
            else None
        if qualname is None:
            return False
        positional = passed_positional(self.file, function)
        position = positional.index(name.id) if name.id in positional else None
        calls = [c for c in self.file.calls if self.file.callee(c) == qualname]
        for call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords):
                return False
            passed = argument(call, position, name.id)
            if passed is None or not self._trainables(passed, depth + 1):
                return False
        return bool(calls)

    def _stored_trainables(self, attribute: ast.Attribute, depth: int) -> bool:
        """`self.<attr>` that every store of its class sets to the trainable variables or a subset (AdaBERT's
        `self.model_params = [var for var in tf.trainable_variables() if ...]`, set 70)."""
        owner = self.file.enclosing_class(attribute)
        stores = self.file.self_assignments(owner, attribute.attr) if owner is not None else []
        return bool(stores) and all(self._trainables(store.value, depth + 1) for store in stores)

    def _trainables_key(self, key: ast.AST | None) -> bool:
        """`tf.GraphKeys.TRAINABLE_VARIABLES`, also read from a helper returning `tf.GraphKeys`."""
        if key is None:
            return False
        if (self.qualified(key) or "").endswith("GraphKeys.TRAINABLE_VARIABLES"):
            return True
        return isinstance(key, ast.Attribute) and key.attr == "TRAINABLE_VARIABLES" and \
            bool(self._helper_fact(key.value, GRAPH_KEYS, self._returns_graph_keys))

    def _helper_fact(self, call: ast.AST, kind: str, compute):
        """What a project helper `call` calls is, by its summary (`kind`); computed for one of this file."""
        callee = self.file.callee(call) if isinstance(call, ast.Call) else None
        if callee is None:
            return None
        function = self.file.defs.get(callee)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return compute(function)
        return self.file.project.first(kind, callee)

    def _returns_trainables(self, call: ast.Call, depth: int) -> bool:
        """A call of a function of this file every return of which gives the trainable variables or a
        subset of them (`self._freeze_vars()`, returning `[v for v in self.trainable_variables if ...]`
        or `self.trainable_variables`)."""
        callee = self.file.callee(call)
        function = self.file.defs.get(callee) if callee is not None else None
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        returns = self.file.returns_of(function)
        return bool(returns) and all(r.value is not None and self._trainables(r.value, depth + 1) for r in returns)

    def _is_scaled_l2_of(self, node: ast.Call, var: str) -> bool:
        """`_is_l2_of`, also the sum of a scaled square (`reduce_sum(c * square(var))`, `square(var) * c`)."""
        if self._is_l2_of(node, var):
            return True
        if self.call_name(node) not in SUMS:
            return False
        inner = argument(node, 0, "input_tensor")
        while isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Mult):
            if self.call_name(inner.right) in SQUARES:
                inner = inner.right
            else:
                inner = inner.left
        return self.call_name(inner) in SQUARES and _names(argument(inner, 0, "x"), var)

    def _is_called_l2(self, node: ast.AST, var: str) -> bool:
        """`keras.regularizers.l2(wd)(var)`: an L2 regularizer built and called on the variable (what a layer
        does with its `kernel_regularizer`, here by hand: Matterport's Mask R-CNN adds these with add_loss)."""
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and len(node.args) == 1 and \
            _names(node.args[0], var) and self._is_l2_construction(node.func)

    def _is_l2_of(self, node: ast.AST, var: str) -> bool:
        """`tf.nn.l2_loss(var)` or `tf.reduce_sum(tf.square(var))`."""
        name = self.call_name(node)
        if name in L2_CALLS:
            return _names(argument(node, 0, "t"), var)
        if name in SUMS:
            inner = argument(node, 0, "input_tensor")
            return self.call_name(inner) in SQUARES and _names(argument(inner, 0, "x"), var)
        return False


def _never_added(file: FileContext) -> bool:
    """The project trains from a loss and nothing in it adds the regularization losses to one: a weight
    regularizer's term is never computed (`REGULARIZATION_READ`, `TRAINS`). Asked as a finding is made
    (`Report.unless`): the project's answer, which every file may change, makes no file's lint again."""
    project = file.project
    return bool(project.ask_reporting(TRAINS, "")) and not project.ask_reporting(REGULARIZATION_READ, "")


def _unread_by_tapes(file: FileContext) -> str | None:
    """`UNREAD` when the project trains by tape steps of its own (`TAPE_STEP`) and nothing in it may add the
    regularization losses to a loss (`REGULARIZATION_READ`) or fits (`FITS`). Asked as a finding is made
    (`Report.context`): the project's answer makes no file's lint again."""
    project = file.project
    if project.ask_reporting(TAPE_STEP, "") and not project.ask_reporting(FITS, "") and \
            not project.ask_reporting(REGULARIZATION_READ, ""):
        return UNREAD
    return None


def _in_branch(opted: Parameter | None, strength: Parameter | None) -> Parameter | None:
    """The parameter a regularizer built in an opt-in branch hangs on (`optin.opt_in`: `elif mode == "conv":` with
    `mode=None`): the branch's, judged together with its strength's (`Parameter.joint`): a term exists where a value
    takes the branch and a strength adds one; a value only tests pass makes it info, as for any parameter. (No
    `fine` text: a branch no value takes builds no regularizer at all, not one of strength 0.)"""
    if opted is None or strength is None:
        return opted or strength
    named = f"{opted.function}:{opted.position}:{opted.name}:"
    if any(key.startswith(named) for key in (strength.key, *(key for key, _ in strength.joint))) or \
            strength.unless or not strength.outside:
        return strength  # (`l2(s) if s else None`: the branch tests the strength itself, which judges it)

    def bad(branch, *strengths) -> bool | None:
        taken = None if not_known(branch) else opted.bad(branch)
        adds = None if any(not_known(value, strength.items) for value in strengths) else strength.bad(*strengths)
        return False if False in (taken, adds) else True if taken and adds else None
    return Parameter(opted.function, opted.position, opted.name, opted.default, bad=bad, unknown=opted.unknown,
                     unless=opted.unless, joint=((strength.key, strength.name), *strength.joint), items=True,
                     partial=True)


def _strength(name: str, construction: ast.Call) -> tuple[ast.expr | None, float | None]:
    """(the L2 strength argument of a regularizer's construction, its default); (the first argument,
    None) for the regularizers whose only strength is L2 (`l2(1e-4)`, `L2(l2=...)`)."""
    if name == "tf_slim.l2_regularizer":
        return argument(construction, 0, "scale"), 1.0
    if name == "tf_slim.l1_l2_regularizer":
        return argument(construction, 1, "scale_l2"), 1.0
    if name.endswith(("l1_l2", "L1L2")):
        return argument(construction, 1, "l2"), 0.0 if name.endswith("L1L2") else 0.01  # L1L2(l2=0), l1_l2(l2=.01)
    return argument(construction, 0, "l2"), None


def _reads_regularization(text: str) -> bool:
    """The text may add the regularization losses to a loss (`REGULARIZATION_READ`'s test)."""
    return any(word in text for word in _READ_WORDS) or reads_losses(text)


def _configured(file, parameter) -> str | None:
    """What a configuration file of the project sets a strength parameter to, when its default is 0
    (`config_files`), said; None otherwise."""
    if not isinstance(parameter, Parameter):
        return None
    field = parameter.function.startswith(configs.REFERENCE)  # (its default is the index's: any file may set it)
    if not field and (type(parameter.default) not in (int, float) or parameter.default != 0):
        return None
    found = file.project.query(config_files.CONFIG_SETTING, config_files.key(file.path, parameter.function,
                                                                             parameter.name))
    if not found:
        return None
    value, where = found
    if field:
        return f"{parameter.name} is a field of {parameter.function[len(configs.REFERENCE):].rpartition('.')[2]}, " \
            f"and the project's configuration {where} sets {parameter.name} to {value:g}: the source does not " \
            "state the strength"
    return f"{parameter.name} is {parameter.default!r} by default, but the project's configuration {where} sets it " \
        f"to {value:g} for {parameter.function.rpartition('.')[2]}: the source does not state the strength"


_SLIM_NETS = ("tf_slim.nets.", "tf_slim.python.slim.nets.")
def _weight_regularizer(name: str) -> bool:
    return name.endswith("_regularizer") and name not in NOT_WEIGHTS


def _in_body(branch: ast.If | ast.IfExp, child: ast.AST) -> bool:
    return child is branch.body or isinstance(branch.body, list) and child in branch.body


_PLAIN = (bool, int, float, type(None))  # the values a test of a strength is read for


def _positive(value) -> bool | None:
    if value is None:
        return False  # (`None > 0` raises: the code cannot build one with it)
    return value > 0 if type(value) in (bool, int, float) else None


def _not_zero(value) -> bool | None:
    return value != 0 if type(value) in _PLAIN else None


def _negated(admits):
    def negated(value):
        passes = admits(value)
        return None if passes is None else not passes
    return negated


def _all_built(verdicts) -> bool | None:
    """Built when every test passes: False if one fails, None if one is not known."""
    verdicts = list(verdicts)
    return False if False in verdicts else None if None in verdicts else True


def _any_passes(verdicts) -> bool | None:
    verdicts = list(verdicts)
    return True if True in verdicts else None if None in verdicts else False


def _gated(gate, adds=None):
    """`bad` for a regularizer built only when `gate` passes: a value it turns away builds no term."""
    adds = adds or _nonzero

    def bad(value):
        return False if gate(value) is False else adds(value)
    return bad


def _of_elements(bad):
    """`bad` for a strength a loop takes from a sequence parameter (`passed.element_parameter`): a None passed
    gives None strengths, a sequence the callers pass is not known here."""
    return lambda value: bad(None) if value is None else None


def _keyed_default(visitor: L2LossSource, call: ast.Call) -> ast.expr | None:
    """The default of a dict's `setdefault(key, default)` or `get(key, default)` of a weight regularizer's key
    (`conv_params.setdefault("kernel_regularizer", l2(1e-4))`: the regularizer where the caller gives none)."""
    func = call.func
    if not (type(func) is ast.Attribute and func.attr in ("setdefault", "get") and len(call.args) == 2
            and not call.keywords and visitor.call_name(call) is None):
        return None
    key = visitor.file.literal(call.args[0])
    return call.args[1] if isinstance(key, str) and _weight_regularizer(key) else None


def _l2_default(visitor: L2LossSource, name: ast.Name, depth: int = 0) -> ast.expr | None:
    """The L2 regularizer a parameter defaults to (`kr=l2(1e-4)`), for a parameter not named as a regularizer (whose
    default `visit_FunctionDef` reports); None for any other read or default."""
    function = parameter_owner(visitor.file, name) if parameter_of(visitor.file, name) is not None else None
    if function is None or _weight_regularizer(name.id):
        return None
    default = parameter_defaults(function).get(name.id)
    # (a construction, or the function tf.nn.l2_loss itself: `def memory_module(..., regularizer=tf.nn.l2_loss)`)
    return default if type(default) in (ast.Call, ast.Name, ast.Attribute) and \
        visitor.l2_regularizer(default, depth) is not None else None


def _handed_adds(regularizer) -> bool | None:
    """Whether a regularizer a caller hands on adds a term: None adds none; anything else is not known here."""
    return False if regularizer is None else None


def _keras_none(strength) -> bool | None:
    """`_nonzero` of a Keras `l2(strength)`: None is read as Keras's default, 0.01."""
    return True if strength is None else _nonzero(strength)


def _blocks(node: ast.AST) -> list[list[ast.stmt]]:
    return [block for block in (getattr(node, field, None) for field in ("body", "orelse", "finalbody"))
            if isinstance(block, list)]


def _leaves(body: list[ast.stmt]) -> bool:
    """The block ends the function or the loop (`return None`, `raise`, `continue`): what follows runs
    only when its test failed."""
    return bool(body) and isinstance(body[-1], (ast.Return, ast.Raise, ast.Continue))


def _nonzero(strength) -> bool | None:
    """Whether an L2 strength the callers pass adds a term: a number other than 0 does."""
    return strength != 0 if type(strength) in (int, float) else None


def _only_counted(v: SourceVisitor, node: ast.Call) -> bool:
    """`len(get_regularization_losses())`, or inside an assertion: counted or checked, not added."""
    for anc in v.file.ancestors(node):
        if isinstance(anc, ast.Call) and (isinstance(anc.func, ast.Name) and anc.func.id == "len" or
                                          isinstance(anc.func, ast.Attribute) and anc.func.attr.startswith("assert")):
            return True
        if isinstance(anc, ast.Assert):
            return True
        if isinstance(anc, ast.stmt):
            return False
    return False


def _creates_variable(call: ast.Call) -> bool:
    """`self.add_weight(..., regularizer=...)`, `tf.compat.v1.get_variable(...)`, slim's `model_variable`:
    the regularizer keyword of a call that makes one variable (a layer's `regularizer=` may be a strength)."""
    return _creator(call) in VARIABLE_CREATORS


def _creator(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


# a weight that is not trained: Keras 3 computes no regularizer term for it (`Layer.losses` sums the trainable
# weights' only); tf.keras 2 and TensorFlow 1's collections add a constant term of no gradient every step
FROZEN = ("the weight is built with trainable=False: the term has no gradient (Keras 3 computes none; tf.keras 2 and "
          "TensorFlow 1 add a constant every step)")


# a model's layers, as a loop over them reads them (`for layer in model.layers`, `model.submodules`)
_LAYER_LISTS = {"layers", "submodules", "_flatten_layers", "_layers"}
# the calls that make a model anew from its config, which reads each layer's regularizers when it builds the weights
# (`to_json` / `get_config` alone only write the config down)
_REBUILDS = {"clone_model", "model_from_json", "model_from_config", "model_from_yaml", "from_config", "load_model"}
LATE_REMEDY = ("if the term is wanted, rebuild the model from its config after setting it "
               "(`keras.models.clone_model(model)`, then copy the weights); else drop the loop")


def _set_on_built_layers(file: FileContext, target: ast.AST) -> str | None:
    """Why a regularizer set on `target` (`setattr(layer, 'kernel_regularizer', r)`, `layer.kernel_regularizer = r`)
    may add no term, or None: `target` is the variable of a loop over a model's layers (`for layer in model.layers`)
    and the function makes no model anew from its config afterwards (`_REBUILDS`). Keras reads a layer's
    regularizer in `add_weight`, when the layer builds: a functional model's layers (and any a call has run) are
    built, so the attribute changes only the config. A subclassed model not yet called builds later and takes it,
    so the source cannot settle it: info."""
    if not isinstance(target, ast.Name):
        return None
    loop = next((a for a in file.ancestors(target) if isinstance(a, ast.For) and isinstance(a.target, ast.Name)
                 and a.target.id == target.id), None)
    if loop is None:
        return None
    layers = loop.iter.func if isinstance(loop.iter, ast.Call) else loop.iter
    if not (isinstance(layers, ast.Attribute) and layers.attr in _LAYER_LISTS):
        return None
    function = next(iter(enclosing_functions(file, loop)), file.tree)
    if any(type(n) is ast.Call and last_name(n.func) in _REBUILDS for n in walk_nodes(function)):
        return None
    return (f"on the layers of a model that already exists ({file.segment(layers.value)}, line {loop.lineno}), which "
            "nothing here rebuilds from its config; Keras reads a layer's regularizer when the layer builds its "
            "weights, so on a built model (functional, or already called) it adds no term to the loss")


def _frozen(file: FileContext, call: ast.Call) -> Parameter | bool | None:
    """How a layer or a variable is built as to training its weights: `trainable=False` (True); `trainable=` a
    parameter of the function (`trainable=self.use_bias`, `use_bias=False`: a term on a trained weight only for
    the values that train it, the opt-in convention: its Parameter); else None (trained)."""
    given = argument(call, None, "trainable")
    if given is None:
        return None
    if file.literal(given) is False:
        return True
    found = parameter_of(file, given)
    if found is None:
        return None
    return Parameter(*found, bad=lambda trainable: trainable is not False, unknown=Severity.WARNING)


def _no_bias(v: SourceVisitor, call: ast.Call) -> bool:
    """The layer is built with use_bias=False: a bias regularizer has nothing to penalise."""
    use_bias = argument(call, None, "use_bias")
    return use_bias is not None and v.file.literal(use_bias) is False


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
    generator = comp.generators[0]
    var = generator.target.id
    factor = 1 if v.call_name(comp.elt) in L2_CALLS else 2  # d/dv l2_loss(v) = v; d/dv sum(square(v)) = 2v
    if not v._is_l2_of(comp.elt, var):
        raise _Refused("each term must be exactly tf.nn.l2_loss(v) or tf.reduce_sum(tf.square(v))")
    term, coefficient = _scaled_term(v, aggregate)
    stmt, loss, removal = _removal(v, term)
    grad_stmt, sources = _gradient_of(v, stmt, loss)
    if ast.dump(sources) != ast.dump(generator.iter):
        raise _Refused("the gradient is taken with respect to other variables than the L2 term covers")
    names = {n.id for e in (coefficient, sources) if e is not None for n in ast.walk(e) if isinstance(n, ast.Name)}
    # (the filter is evaluated again after the gradient: what it reads must be what it read in the loss)
    _not_rebound(v, names | ({n.id for f in generator.ifs for n in ast.walk(f) if isinstance(n, ast.Name)} - {var}),
                 stmt, grad_stmt)
    grads = grad_stmt.targets[0].id
    g, w = _loop_names(names, grads, var, filtered=bool(generator.ifs))
    decay = " * ".join(["2"] * (factor == 2) + ([v.file.segment(coefficient)] if coefficient else []) + [w])
    decayed = f"{decay} if {g} is None else {g} + {decay}"
    if generator.ifs:  # only the variables the L2 term covered: keep the filter, word for word
        test = " and ".join(f"({v.file.segment(f)})" if len(generator.ifs) > 1 else v.file.segment(f)
                            for f in generator.ifs)
        decayed = f"({decayed}) if {test} else {g}"
    line = f"{grads} = [{decayed} for {g}, {w} in zip({grads}, {v.file.segment(sources)})]"
    return Fix(Safety.SAME_GRADIENTS,
               f"remove the L2 term from the loss and add `{decay}` to each gradient after line "
               f"{grad_stmt.lineno} (same gradients; the loss value no longer includes the L2 term)",
               (removal, _insert_after(v, grad_stmt, line)))


def _loop_names(names: set[str], grads: str, var: str, filtered: bool) -> tuple[str, str]:
    """Names for the gradient and the variable in the rewritten comprehension. With a filter the
    variable keeps the comprehension's own name, so the filter's text stays exact."""
    taken = names | {grads}
    if filtered:
        if var in taken:
            raise _Refused(f"the filter's variable `{var}` is also a name the rewrite needs")
        g = next(c for c in ("g", "grad_", "grad__") if c not in taken and c != var)
        return g, var
    return ("g", "v") if not taken & {"g", "v"} else ("grad_", "var_")


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
        if argument(call, 2, "output_gradients") is not None or any(kw.arg is None for kw in call.keywords) or \
                any(isinstance(a, ast.Starred) for a in call.args):
            continue  # (weights on the gradients, or arguments not shown: not the one shape)
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
