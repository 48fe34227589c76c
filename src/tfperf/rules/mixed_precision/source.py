"""TFP702 and TFP703 in source: a Keras training script's mixed-precision policy, and its output layer.

TFP702: a file that builds Keras layers or models (also the project's own `keras.Model`
subclasses) and trains them (`compile`, `fit`, `train_on_batch`, or a `tf.GradientTape`), with no
global dtype policy, or with one set after the first layer is built (the policy is read when a
layer is constructed: layers built before it keep float32; inputs and input specs compute
nothing). Order is execution order as far as the file shows it: a build or a policy call inside a
function happens where the file calls that function (module-level code first, in line order). A
call to a project function that sets the policy (`performance.set_mixed_precision_policy(dtype)`)
sets it. A policy another module sets may run first, so that is info; but a program (a file with
an `if __name__ == "__main__":` block) runs only what it calls, so there a policy set elsewhere
and never called does not count; a program that trains (`fit`, `train_on_batch`, a GradientTape)
a model built elsewhere, without a policy, is reported at its first training call.

TFP703: in a file whose global policy is 16-bit, a softmax output layer without a float32 dtype
(Keras' mixed-precision guide: the softmax and the model's output in float32).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tfperf.findings import Fix, Safety, Severity, TextEdit
from tfperf.source.symbols import derives
from tfperf.source.visitor import Calls, SourceVisitor, argument, keyword

POLICY_SETTERS = {"keras.mixed_precision.set_global_policy", "keras.mixed_precision.set_dtype_policy",
                  "keras.config.set_dtype_policy", "keras.mixed_precision.experimental.set_policy"}
SIXTEEN_BIT_POLICIES = {"mixed_bfloat16", "mixed_float16", "bfloat16", "float16"}
MODEL_BUILDERS = {"keras.Model", "keras.models.Model", "keras.Sequential", "keras.models.Sequential"}
TRAINING_METHODS = {"compile", "fit", "train_on_batch"}
GRADIENT_TAPE = "tensorflow.GradientTape"
SOFTMAX_ACTIVATIONS = {"softmax", "log_softmax"}
SOFTMAX_LAYERS = {"keras.layers.Softmax"}
ACTIVATION_LAYERS = {"keras.layers.Dense", "keras.layers.Activation", "keras.layers.Conv2D", "keras.layers.Conv1D"}
POLICY_FOR = {"bfloat16": "mixed_bfloat16", "float16": "mixed_float16"}
POLICY_SET = "policyset"  # summary fact: this module sets a global dtype policy (value: where)
POLICY_FUNCTION = "policyfn"  # summary fact: this project function sets the global dtype policy
KERAS_MODEL = "kerasmodel"  # summary fact: this project class derives from keras.Model
NOT_COMPUTING = {"keras.layers.Input", "keras.layers.InputLayer", "keras.layers.InputSpec", "keras.Input",
                 "keras.InputSpec"}  # they read no policy that matters: the first layer that computes does


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


def _is_program(tree: ast.Module) -> bool:
    """A file with an `if __name__ == "__main__":` block: run as a program."""
    for stmt in tree.body:
        test = stmt.test if isinstance(stmt, ast.If) else None
        if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__" \
                and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators):
            return True
    return False


def _policy_literal(visitor: SourceVisitor, call: ast.Call) -> str | None:
    value = visitor.file.literal(argument(call, 0, "policy"))
    return value if isinstance(value, str) else None


class _Timeline:
    """When a node runs, as far as the file shows: the chain of call-site positions from
    module-level code down to it (a function the file never calls runs after all of it)."""

    LATE = (float("inf"), 0)

    def __init__(self, visitor: SourceVisitor):
        self.file = visitor.file
        self.calls: dict[str, list[ast.Call]] = {}
        for node in ast.walk(self.file.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                self.calls.setdefault(node.func.id, []).append(node)
        self._memo: dict[int, tuple] = {}

    def of(self, node: ast.AST, depth: int = 0) -> tuple:
        function = next((a for a in self.file.ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))),
                        None)
        here = ((node.lineno, node.col_offset),)
        if function is None:
            return here
        if depth > 8 or id(function) in self._memo and self._memo[id(function)] is None:
            return (self.LATE,) + here
        if id(function) not in self._memo:
            self._memo[id(function)] = None  # recursion guard
            sites = [self.of(call, depth + 1) for call in self.calls.get(function.name, []) if call is not node]
            self._memo[id(function)] = min(sites) if sites else (self.LATE,)
        return self._memo[id(function)] + here


@dataclass
class _Seen:
    builds: list[ast.Call]
    policies: list[ast.Call]
    compiles: list[ast.Call]
    training: bool
    steps: list[ast.Call]  # fit, train_on_batch, GradientTape: where a program trains (not `compile`: re.compile)


class MixedPrecisionPolicySource(SourceVisitor):
    """TFP702: Keras training code with no mixed-precision policy, or one set after the model is built."""

    calls = Calls(POLICY_SETTERS | {GRADIENT_TAPE} | MODEL_BUILDERS, prefixes=("keras.layers.", "keras.applications."),
                  methods=TRAINING_METHODS, project=True)  # what `visit_Call` and `_builds` look at

    def __init__(self, file):
        super().__init__(file)
        self.seen = _Seen([], [], [], False, [])
        self.maybe_builds: set[ast.Call] = set()  # in seen.builds if a project class they call is a Keras model

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in POLICY_SETTERS:
            self.seen.policies.append(node)
        elif name == GRADIENT_TAPE:
            self.seen.training = True
            self.seen.steps.append(node)
        elif (built := _builds(self, node, ask=_trains(node))) is not False:  # (a training call: asked now)
            self.seen.builds.append(node)
            if built is None:
                self.maybe_builds.add(node)
        elif _trains(node):
            self.seen.training = True
            if node.func.attr == "compile":
                self.seen.compiles.append(node)
            else:
                self.seen.steps.append(node)

    def end(self) -> None:
        if not self.seen.training:
            return  # (nor is the project asked which classes are Keras models: a file that does not train
            # is not linted again when that answer changes)
        self.seen.builds = [b for b in self.seen.builds if b not in self.maybe_builds or _builds(self, b)]
        if not (self.seen.builds or self.seen.steps and _is_program(self.file.tree)):
            return
        sixteen = self.target.sixteen_bit()
        if sixteen is None:
            return
        timeline = _Timeline(self)
        if not self.seen.builds:
            self._program_without_policy(min(self.seen.steps, key=timeline.of), sixteen)
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
                   if self.call_name(call) in POLICY_SETTERS and self.file.local_context(call) is None]
        if setters:
            self.file.project.export(POLICY_SET, "", f"{self.file.module or self.file.path}:{setters[0].lineno}")
        for call in setters:
            function = next((a for a in self.file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))),
                            None)
            if function is not None and function in self.file.qualnames:
                self.file.project.export(POLICY_FUNCTION, self.file.qualnames[function])
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, MODEL_BUILDERS, KERAS_MODEL):
                self.file.project.export(KERAS_MODEL, qualname)

    def _program_without_policy(self, step: ast.Call, sixteen: tuple[str, float]) -> None:
        """A program that trains a model built elsewhere (a task, a factory) and neither sets a policy
        nor calls a project function that does: its model is built, and trains, in float32."""
        if self.seen.policies or self._project_policy_calls():
            return
        self.report(step, f"this program trains a Keras model without setting a mixed-precision policy (neither "
                          f"itself nor through a project function it calls): every matmul and convolution "
                          f"computes in float32, and {self.target.name}'s matrix engine runs {sixteen[0]} "
                          f"{sixteen[1]:.1f}x faster",
                    fix=Fix(Safety.ADVISORY, f"set keras.mixed_precision.set_global_policy(\"{POLICY_FOR[sixteen[0]]}\") "
                                             f"at the start of the program, before its model is built"
                                             f"{self._loss_scaling(sixteen[0])}"))

    def _project_policy_calls(self) -> list[ast.Call]:
        """Calls of this file to project functions that set the global policy."""
        return [call for call in self.file.calls
                if (callee := self.file.callee(call)) is not None and self.file.project.query(POLICY_FUNCTION, callee)]

    def _no_policy(self, first: ast.Call, sixteen: tuple[str, float]) -> None:
        message = (f"Keras training code builds its model without a mixed-precision policy: every matmul and "
                   f"convolution computes in float32, and {self.target.name}'s matrix engine runs {sixteen[0]} "
                   f"{sixteen[1]:.1f}x faster")
        elsewhere = [] if _is_program(self.file.tree) else sorted(self.file.project.query(POLICY_SET, ""))
        if not elsewhere:
            self.report(first, message, fix=self._set_policy(first, sixteen[0]))
            return
        # Projects often set the policy in one module (a trainer's flags) before any model is built;
        # the order across modules is not in the source, so this is not shouted, and nothing is inserted.
        self.report(first, f"{message}, unless the policy the project sets at {elsewhere[0]} runs first "
                           "(the order across modules is not in the source)", severity=Severity.INFO,
                    fix=Fix(Safety.ADVISORY, f"check that the project's policy is set before this model is built "
                                             f"(line {first.lineno})"))

    # fixes

    def _set_policy(self, build: ast.Call, dtype: str) -> Fix:
        policy = POLICY_FOR[dtype]
        setter = self._setter_name()
        advice = self._loss_scaling(dtype)
        text = f"{setter}(\"{policy}\")" if setter else None
        edit = self._insert_before(build, text) if text else None
        description = (f"set {setter or 'keras.mixed_precision.set_global_policy'}(\"{policy}\") before the model is "
                       f"built (line {build.lineno}){advice}")
        if edit is None or (dtype == "float16" and not self.seen.compiles):
            reason = "" if edit is not None else " (not inserted automatically: the statement shares its line or " \
                                                 "is a decorated definition, or the file imports neither keras nor tensorflow)"
            return Fix(Safety.ADVISORY, description + reason)
        return Fix(Safety.NUMERICS, description, (edit,))

    def _loss_scaling(self, dtype: str) -> str:
        if dtype != "float16":
            return ""
        if self.seen.compiles:
            return "; model.compile then wraps the optimizer in a LossScaleOptimizer (Keras' auto_scale_loss)"
        return ("; a custom training loop must scale the loss: wrap the optimizer in "
                "keras.mixed_precision.LossScaleOptimizer and differentiate optimizer.scale_loss(loss)")

    def _move_policy(self, policy: ast.Call, build: ast.Call) -> Fix:
        stmt = self.file.statement_of(policy)
        description = f"move the policy before the model is built (line {build.lineno})"
        if not (isinstance(stmt, ast.Expr) and stmt.value is policy):
            return Fix(Safety.ADVISORY, description)
        removal = self.delete_statement(stmt)
        insertion = self._insert_before(build, self.file.segment(policy))
        if removal is None or insertion is None:
            return Fix(Safety.ADVISORY, description)
        return Fix(Safety.NUMERICS, description, (insertion, removal))

    def _setter_name(self) -> str | None:
        """How this file can spell keras.mixed_precision.set_global_policy with its imports."""
        found = self.file.imports.alias_for("keras.mixed_precision.set_global_policy")
        if found:
            return found
        tensorflow = self.file.imports.alias_for("tensorflow")
        return f"{tensorflow}.keras.mixed_precision.set_global_policy" if tensorflow else None

    def _insert_before(self, node: ast.AST, text: str) -> TextEdit | None:
        """A line `text` before the statement holding `node`, at its indentation; None when that
        statement does not start its line (`def f(): return Model(...)`) or is a decorated definition
        (the model is built in a decorator: its `def` line sits below the decorators)."""
        stmt = self.file.statement_of(node)
        if getattr(stmt, "decorator_list", None):
            return None
        line = self.file.line_text(stmt.lineno)
        indent = line[:stmt.col_offset]
        if indent.strip() or stmt.col_offset != len(line) - len(line.lstrip()):
            return None
        newline = self.file.newline_at(stmt.lineno)
        return TextEdit(self.file.path, stmt.lineno, 1, stmt.lineno, 1, f"{indent}{text}{newline}")


class FloatOutputLayerSource(SourceVisitor):
    """TFP703: a softmax output layer computing in 16-bit under a 16-bit policy."""

    calls = Calls(POLICY_SETTERS | SOFTMAX_LAYERS | ACTIVATION_LAYERS)

    def __init__(self, file):
        super().__init__(file)
        self.layers: list[ast.Call] = []
        self.sixteen_bit_policy = False

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in POLICY_SETTERS and _policy_literal(self, node) in SIXTEEN_BIT_POLICIES:
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
