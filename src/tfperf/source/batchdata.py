"""Evidence that a value carries data of the step: what scales with the batch (`batch_evidence`).

The other direction of `batchfree`: rather than showing that no activation reaches a value, this walks back from
the value, through the file, to a source that is shown to carry per-example data:

- a parameter of a forward method: a class's `call`, `__call__` or `forward`, other than `self` and a setting
  (a parameter whose default is a bool, a number or a string: `training=False`);
- a parameter of a function whose name or decorator makes it a root of the step as `steps` reads it: a loss
  (`y_true`, `y_pred`), a training step, a forward pass, an Estimator `model_fn` (`features`, `labels`);
- a parameter of a function that applies a Keras layer to it (functional model code: `Conv2D(8, 3)(x)`): only a
  tensor of the model is applied a layer so;
- a framework source of data: `keras.Input`, a placeholder, a `tf.data` dataset or iterator, a file read;
- a parameter of a function the file calls, when some call passes such a value (one call is enough: evidence);
- what a loop or a comprehension iterates over, a `self.<attr>` some assignment of which is such a value, an op,
  a call or a layer applied to such a value (a layer's output is as big as its input's batch).

A value none of this reaches is not shown to carry the batch: a weight, a constant, a setting, but also a parameter
of a public function nothing in the file calls, a value of another module, an attribute set elsewhere: its size is
not known from the source. The walk is bounded (`_BUDGET` values); past it, nothing is shown.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import TYPE_CHECKING

from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.batchfree import FRAMEWORKS, SHAPE_OF, augmented_values, bindings_of, own_function
from tfperf.source.scopes import SCOPES, comprehension_iter, returned_values
from tfperf.source.shapes import LAYOUT_DATA
from tfperf.source.steps import named_root
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:
    from tfperf.source.visitor import FileContext

_BUDGET = 400
_FORWARD = {"call", "__call__", "forward", "_call", "call_fn"}
# framework calls whose value is data of the step (a model's input, a batch read from a pipeline or a file)
_DATA_CALLS = ("keras.Input", "keras.layers.Input", "tensorflow.keras.Input", "tensorflow.keras.layers.Input",
               "tensorflow.placeholder", "tensorflow.compat.v1.placeholder", "tensorflow.data.", "tensorflow.io.",
               "tensorflow.compat.v1.data.", "tensorflow.image.decode", "tensorflow.compat.v1.placeholder_with_default")
_DATA_METHODS = {"get_next", "next_batch", "as_numpy_iterator"}
# reads of a tensor's shape, rank or dtype: no data of it, whatever it is
_META = {"shape", "dtype", "ndim", "rank", "name", "get_shape", "as_list"}
_META_CALLS = SHAPE_OF | {"keras.backend.dtype", "tensorflow.compat.v1.shape"}
_SETTING_TYPES = (bool, int, float, str)
# ops whose arguments are sizes: what they make holds no data of the tensors the sizes are read from
_SIZED = {"tensorflow.range", "tensorflow.zeros", "tensorflow.ones", "tensorflow.fill", "tensorflow.eye",
          "tensorflow.linspace", "tensorflow.meshgrid", "keras.ops.arange", "keras.ops.zeros", "keras.ops.ones",
          "keras.ops.eye", "keras.ops.meshgrid", "keras.backend.arange", "keras.backend.zeros", "keras.backend.ones",
          "keras.backend.eye", "numpy.arange", "numpy.zeros", "numpy.ones", "numpy.eye", "numpy.meshgrid",
          "numpy.linspace", "tensorflow.random.normal", "tensorflow.random.uniform", "keras.ops.linspace"}


def batch_evidence(file: "FileContext", expr: ast.AST | None) -> str | None:
    """What shows that `expr` carries data of the step (see the module's docstring), or None."""
    if expr is None:
        return None
    memo = file.shared.setdefault("batchdata", {})
    if expr not in memo:
        walk = _Walk(file)
        memo[expr] = walk.evidence(expr), walk.unknown[0] if walk.unknown else None
    return memo[expr][0]


def unknown_origin(file: "FileContext", expr: ast.AST | None) -> str | None:
    """Where `batch_evidence`'s walk of `expr` first met a value the file does not show the origin of (a parameter
    no call of the file passes, an attribute set elsewhere, another module's value), or None."""
    if expr is None:
        return None
    batch_evidence(file, expr)
    return file.shared["batchdata"][expr][1]


class _Walk:
    def __init__(self, file: "FileContext"):
        self.file = file
        self.seen: set[int] = set()
        self.todo: deque[ast.AST] = deque()  # (breadth first: the nearest evidence, within the budget)
        self.found: str | None = None
        self.unknown: list[str] = []  # (where the walk ended without evidence: what the source does not show)

    def evidence(self, expr: ast.AST) -> str | None:
        self.todo.append(expr)
        while self.todo and self.found is None:
            node = self.todo.popleft()
            if id(node) in self.seen:
                continue
            self.seen.add(id(node))
            if len(self.seen) > _BUDGET:
                return None
            self._step(node)
        return self.found

    def _unknown(self, what: str) -> None:
        if len(self.unknown) < 3:
            self.unknown.append(what)

    def _add(self, *nodes: ast.AST | None) -> None:
        self.todo.extend(n for n in nodes if n is not None)

    def _step(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant):
            return
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and self.file.shapes.is_weight(node):
            return
        if isinstance(node, ast.Name):
            self._name(node)
        elif isinstance(node, ast.Attribute):
            if node.attr in _META:
                return
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                owner = self.file.enclosing_class(node)
                stores = self.file.self_assignments(owner, node.attr) if owner is not None else []
                if not stores:
                    self._unknown(f"self.{node.attr}, which this class does not set")
                self._add(*(s.value for s in stores))
                return
            self._add(node.value)
        elif isinstance(node, ast.Call):
            self._call(node)
        elif isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp)):
            self._add(node.elt, *(g.iter for g in node.generators))
        elif isinstance(node, ast.DictComp):
            self._add(node.value, *(g.iter for g in node.generators))
        elif isinstance(node, ast.IfExp):
            self._add(node.body, node.orelse)
        elif isinstance(node, ast.Subscript):
            self._add(node.value)  # (an index picks items: the data is the value's)
        elif isinstance(node, (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Starred, ast.List, ast.Tuple, ast.Set,
                               ast.Dict, ast.NamedExpr)):
            self._add(*(c for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)))

    def _name(self, name: ast.Name) -> None:
        iterated = comprehension_iter(self.file.ancestors(name), name)
        if iterated is not None:
            self._add(iterated)
            return
        bindings, scope = bindings_of(self.file, name)
        for bound in bindings:
            stmt = bound.stmt
            if stmt is None and isinstance(scope, SCOPES) and name.id in parameter_names(scope):
                self._parameter(scope, name.id)
            elif stmt is None:
                if scope is not None:
                    self._add(*augmented_values(self.file, scope, name.id))
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                self._add(stmt.iter)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                self._add(stmt.value)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self._unknown(f"{name.id}, imported from another module")
            elif bound.value is not None:
                self._add(bound.value)
            if self.found is not None:
                return

    def _parameter(self, function: ast.AST, name: str) -> None:
        if isinstance(function, ast.Lambda) or name in ("self", "cls"):
            return
        default = parameter_defaults(function).get(name)
        if isinstance(default, ast.Constant) and isinstance(default.value, _SETTING_TYPES) or \
                name in ("training", "is_training", "mode", "params", "config"):
            return  # (a setting: a flag, a size, a name)
        owner = self.file.parent(function)
        qualname = f"{owner.name}.{function.name}" if isinstance(owner, ast.ClassDef) else function.name
        if function.name in _FORWARD and isinstance(owner, ast.ClassDef):
            self.found = f"an input of {qualname}"
            return
        root = _root_reason(function, owner)
        if root is not None:
            self.found = f"a parameter of {qualname} ({root})"
            return
        if _applies_layer_to(self.file, function, name):
            self.found = f"a tensor of the model ({qualname} applies a Keras layer to {name})"
            return
        positional = positional_names(function)
        method = isinstance(owner, ast.ClassDef)
        at = positional.index(name) - (1 if method else 0) if name in positional else None
        calls = _calls_in_file(self.file, function)
        if not calls:
            self._unknown(f"parameter {name} of {function.name}(), which no call in this file passes a value")
        for call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args):
                continue
            passed = call.args[at] if at is not None and 0 <= at < len(call.args) else \
                next((k.value for k in call.keywords if k.arg == name), None)
            self._add(passed)

    def _call(self, call: ast.Call) -> None:
        qualified = self.file.qualified(call.func)
        if qualified is not None:
            if qualified.startswith(_DATA_CALLS):
                self.found = f"data read by {qualified.replace('tensorflow.', 'tf.', 1)}"
                return
            if qualified in _META_CALLS:
                return
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _DATA_METHODS:
            self.found = f"a batch read by .{func.attr}()"
            return
        if qualified in _SIZED:
            return  # (a table of its sizes: no data of what they were read from)
        if qualified in LAYOUT_DATA:  # (a reshape's shape, a cast's dtype: of its data only)
            position, keyword = LAYOUT_DATA[qualified]
            self._add(call.args[position] if len(call.args) > position else
                      next((k.value for k in call.keywords if k.arg == keyword), None))
            return
        arguments = [*call.args, *(k.value for k in call.keywords)]
        if isinstance(func, ast.Attribute) and qualified is None:
            self._add(func.value)  # (`x.reshape(...)`, `self.dense(x)`: of the value and what it is handed)
        elif isinstance(func, ast.Call):
            self._add(func)
        own = own_function(self.file, func)
        if own is not None:
            self._add(*(returned_values(own) or ()))
        elif qualified is None or qualified.partition(".")[0] not in FRAMEWORKS:
            self._unknown(f"what {_shown(self.file, func)}() returns")
        self._add(*arguments)


def _root_reason(function: ast.AST, owner: ast.AST | None) -> str | None:
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    why = named_root(function, owner)
    return why if why is not None and why != "a training program (it makes an optimizer)" else None


def _applies_layer_to(file: "FileContext", function: ast.AST, name: str) -> bool:
    """Whether `function` applies a Keras layer it makes to its parameter `name` (`Conv2D(8, 3)(x)`)."""
    memo = file.shared.setdefault("batchdata.applied", {})
    if function not in memo:
        applied = set()
        for node in walk_nodes(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Call) and \
                    (file.qualified(node.func.func) or "").startswith(("keras.layers.", "tensorflow.keras.layers.")):
                applied.update(a.id for a in node.args if isinstance(a, ast.Name))
        memo[function] = applied
    return name in memo[function]


def _calls_in_file(file: "FileContext", function: ast.AST) -> list[ast.Call]:
    """The file's calls of `function` by its name: `f(...)` of a module-level or nested function, `self.m(...)` of
    a method in its class."""
    memo = file.shared.setdefault("batchdata.calls", {})
    if function not in memo:
        owner = file.parent(function)
        found = []
        if isinstance(owner, ast.ClassDef):
            found = _self_calls(file, owner).get(function.name, [])
        else:
            holder = owner if isinstance(owner, (ast.FunctionDef, ast.AsyncFunctionDef)) else file.tree
            for read in file.walk.reads(holder, function.name):
                call = file.parent(read)
                if isinstance(call, ast.Call) and call.func is read:
                    found.append(call)
        memo[function] = found
    return memo[function]


def _self_calls(file: "FileContext", owner: ast.ClassDef) -> dict[str, list[ast.Call]]:
    """The calls `self.<method>(...)` in a class, by the method's name, in `ast.walk`'s order: one walk of the class
    for all its methods (a walk per method asked was quadratic in a class's size)."""
    memo = file.shared.setdefault("batchdata.selfcalls", {})
    found = memo.get(owner)
    if found is None:
        found = memo[owner] = {}
        for node in walk_nodes(owner):
            if type(node) is ast.Call and type(node.func) is ast.Attribute and type(node.func.value) is ast.Name \
                    and node.func.value.id == "self":
                found.setdefault(node.func.attr, []).append(node)
    return found


def _shown(file: "FileContext", func: ast.AST) -> str:
    text = file.segment(func)
    return text if text and len(text) <= 40 else getattr(func, "attr", None) or getattr(func, "id", "a call")
