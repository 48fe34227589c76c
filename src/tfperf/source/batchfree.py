"""Whether a value's data flow reaches no activation: BATCH-FREE values (the weight convention's general reading).

A value is batch-free when everything it is computed from is a weight (`ShapeInference.is_weight`), a constant, a
setting or a framework op over those, followed back through the file: a name's every binding in its scope (and
what is appended or stored into it), a loop's or comprehension's iterable, `self.<attr>`'s every assignment in its
class, a Keras class's constructor parameters (its settings), the returns of the file's
own functions and methods called, and a parameter of a function only the file calls as what every call passes. A
layer the class holds (`self.cpb_mlp = keras.Sequential(...)`) applied to such a value computes only from its
weights and that value (Swin v2's bias MLP over a constant coordinate table).

Anything that may hold an activation is not: a parameter of any other function (a layer's `call`, a forward
function, a helper whose callers are unknown), a dataset element or a dataset, a placeholder or `Input`, a value
of a function of another module, an unknown name. The walk is bounded (`_BUDGET` values): past it, not batch-free.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.scopes import SCOPES, comprehension_iter, returned_values
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:
    from tfperf.source.visitor import FileContext

_BUDGET = 400  # values looked at for one question (a Swin v2 coordinate table is about 120)
# Python builtins that compute from their arguments alone
_PURE_BUILTINS = {"range", "len", "list", "tuple", "int", "float", "bool", "reversed", "enumerate", "zip", "min",
                  "max", "abs", "sum", "sorted", "round", "pow", "dict", "set", "str", "map", "slice"}
FRAMEWORKS = ("tensorflow", "keras", "numpy", "math", "keras_core", "jax")  # (a value of these names no project data)
# framework values that carry data of the step, or read data (never batch-free, whatever their arguments)
_DATA_PREFIXES = ("tensorflow.data.", "tensorflow.io.", "tensorflow.image.decode", "tensorflow.placeholder",
                  "keras.Input", "keras.layers.Input", "keras.utils.", "numpy.load", "numpy.genfromtxt",
                  "tensorflow.keras.Input", "tensorflow.py_function", "tensorflow.numpy_function")
_SET_UP = {"__init__"}  # (not `build`: what it stores of its input shape is no weight, and is read as before)
# ops that make an evenly spaced table of their bounds and count (sizes): `K.arange(0, horizon) / horizon`
_RANGES = {"tensorflow.range", "keras.backend.arange", "keras.ops.arange", "numpy.arange", "tensorflow.linspace",
           "keras.ops.linspace", "numpy.linspace", "tensorflow.experimental.numpy.arange"}
# a tensor's rank and dtype, and the size of an axis but the first (which may be the batch), read statically or by
# an op: settings of the program; a table built of them has no per-example data and no batch factor
_STATIC = {"ndim", "dtype", "rank"}
SHAPE_OF = {"tensorflow.shape", "tensorflow.rank", "tensorflow.size", "keras.backend.int_shape", "keras.backend.shape",
            "keras.ops.shape", "numpy.shape", "keras.backend.ndim"}
# ops that make a tensor of a shape they are given (zeros, an identity, a random draw): their shape arguments are
# sizes, by (position, keyword), as a range's bounds are (a parameter read as one is a number); their other arguments
# (a fill value, a mean, a seed) are followed as values. A shape read off a tensor (`tf.shape(x)`) is followed as that
# tensor: noise shaped like the batch is not batch-free
_SHAPED = {**{f"{root}.{op}": ((0, "shape"),) for root in ("tensorflow", "keras.ops", "keras.backend", "numpy")
              for op in ("zeros", "ones", "empty")},
           **{f"{root}.{op}": ((0, "shape"),) for root in ("tensorflow.random", "keras.random")
              for op in ("normal", "uniform", "truncated_normal", "stateless_normal", "stateless_uniform",
                         "stateless_truncated_normal")},
           "tensorflow.fill": ((0, "dims"),), "keras.ops.full": ((0, "shape"),), "numpy.full": ((0, "shape"),),
           "tensorflow.eye": ((0, "num_rows"), (1, "num_columns"), (2, "batch_shape")),
           "keras.ops.eye": ((0, "N"), (1, "M")), "numpy.eye": ((0, "N"), (1, "M")),
           "keras.backend.eye": ((0, "size"),), "keras.backend.random_normal": ((0, "shape"),),
           "keras.backend.random_uniform": ((0, "shape"),), "keras.backend.truncated_normal": ((0, "shape"),),
           "numpy.random.normal": ((2, "size"),), "numpy.random.uniform": ((2, "size"),),
           "numpy.random.randn": (), "numpy.random.rand": ()}
_EVERY_POSITIONAL_SIZE = {"numpy.random.randn", "numpy.random.rand"}  # (`rand(d0, d1, ...)`: every argument a size)
# ops that run a function of the file over values they are handed: (position, keyword) of the function, of the values
# its parameters take (the loop variables, the elements, an initializer), of a function that only decides (a loop's
# condition: no value of it reaches the result); their other arguments are settings (`maximum_iterations`)
_FUNCTIONAL = {**{name: ((1, "body"), ((2, "loop_vars"),), (0, "cond"))
                  for name in ("tensorflow.while_loop", "tensorflow.compat.v1.while_loop", "keras.ops.while_loop")},
               **{name: ((0, "fn"), ((1, "elems"), (2, "initializer")), None)
                  for name in ("tensorflow.map_fn", "tensorflow.scan", "tensorflow.foldl", "tensorflow.foldr",
                               "tensorflow.vectorized_map")}}
_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault"}
_CONTAINERS = (ast.List, ast.Tuple, ast.Set)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_NO_CONTAINER = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def batch_free(file: "FileContext", expr: ast.AST | None) -> bool:
    """Whether no activation reaches `expr` (see the module's docstring)."""
    if expr is None:
        return False
    return _settled(file, expr) is not None


def with_weight(file: "FileContext", expr: ast.AST | None) -> bool:
    """`batch_free`, with a weight among what it is computed from: a tensor computed from weights (and constants)."""
    if expr is None:
        return False
    walk = _settled(file, expr)
    return walk is not None and walk.weighed


def _settled(file: "FileContext", expr: ast.AST) -> "_Walk | None":
    """The walk that shows `expr` batch-free, or None (memoised per file: `batch_free` and `with_weight` ask of the
    same value, the weight convention asks both)."""
    memo = file.shared.get(_MEMO)
    if memo is None:
        memo = file.shared[_MEMO] = {}
    if expr not in memo:
        memo[expr] = _settle(file, expr)
    return memo[expr]


_MEMO = "batchfree-settled"  # (FileContext.shared: value -> its _settled walk)


def open_parameters(file: "FileContext", expr: ast.AST) -> set[tuple[int, str]] | None:
    """The parameters (id of their function, name) that alone keep `expr` from being batch-free: what reaches it is
    weights, constants, settings and those parameters' values, no data op (`keras.Input`, a dataset) and nothing
    else unknown; None when something else may reach it. (What callers pass them decides: `passed.weights_passed`.)"""
    memo = file.shared.setdefault(_OPEN, {})
    if expr not in memo:
        walk = _Walk(file)
        _opened(file, expr, walk, walk.free(expr))
    return memo[expr]


_OPEN = "batchfree-open"  # (FileContext.shared: value -> `open_parameters`; `_settle`'s first walk is the same one)


def _opened(file: "FileContext", expr: ast.AST, walk: "_Walk", free: bool) -> None:
    file.shared.setdefault(_OPEN, {})[expr] = set() if free else None if walk.failed else walk.unknown - walk.numbers


def _settle(file: "FileContext", expr: ast.AST) -> "_Walk | None":
    """`_settled`, computed. A parameter read as a range's bound is a number wherever it is read, and so is what its
    callers pass: walked again with the numbers found, until they no longer grow."""
    numbers: set[tuple[int, str]] = set()
    for attempt in range(3):
        walk = _Walk(file, numbers)
        free = walk.free(expr)
        if not attempt:  # (the walk `open_parameters` makes: kept for it)
            _opened(file, expr, walk, free)
        if free:
            return walk
        if not walk.unknown or walk.numbers <= numbers or walk.failed:
            return None
        numbers = walk.numbers
    return None


class _Walk:
    """One question's walk: a worklist of the values `expr` is computed from."""

    def __init__(self, file: "FileContext", numbers: set[tuple[int, str]] = frozenset()):
        self.file = file
        self.bodies: dict[ast.AST, list[ast.expr]] = {}  # (a function a loop or a map runs: the values it is handed)
        self.known_numbers = numbers  # (found by an earlier walk of the same question)
        self.failed = False  # (a value that may hold an activation, rather than parameters not known numbers)
        self.seen: set[tuple[int, bool]] = set()
        self.todo: list[tuple[ast.AST, bool]] = []
        self.weighed = False
        self.entered: dict[ast.AST, list[ast.Call]] = {}  # (the file's functions the walk went into, by the calls)
        self.sized = False  # (the value looked at is a size: a range's bound, where a parameter is a number)
        self.numbers: set[tuple[int, str]] = set()  # (parameters read as a range's bound)
        self.unknown: set[tuple[int, str]] = set()  # (parameters no call of the file shows batch-free)

    def free(self, expr: ast.AST) -> bool:
        self.todo.append((expr, False))
        while self.todo:
            node, self.sized = self.todo.pop()
            if (id(node), self.sized) in self.seen:
                continue
            self.seen.add((id(node), self.sized))
            if len(self.seen) > _BUDGET or not self._step(node):
                self.failed = True
                return False
        return self.unknown <= self.numbers

    def _add(self, *nodes: ast.AST | None, sized: bool | None = None) -> bool:
        """Queue `nodes`, read as sizes (`sized`: a range's bound; False: a tensor whose shape is read; None: as
        the value that reads them)."""
        sized = self.sized if sized is None else sized
        self.todo.extend((n, sized) for n in nodes if n is not None)
        return True

    def _step(self, node: ast.AST) -> bool:
        """Whether `node` may be batch-free, queueing what it is computed from."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)) and self.file.shapes.is_weight(node):
            self.weighed = True
            return True
        if isinstance(node, ast.Subscript) and self._feature_size(node):
            return True
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            return self._add(*(g.iter for g in node.generators), *(i for g in node.generators for i in g.ifs),
                             *([node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]))
        if isinstance(node, ast.IfExp):  # (the test picks a branch; no data of it reaches the value)
            return self._add(node.body, node.orelse)
        if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.Subscript, ast.Slice,
                             ast.Starred, ast.Dict, ast.JoinedStr, ast.FormattedValue, *_CONTAINERS)):
            return self._add(*ast.iter_child_nodes(node))
        return isinstance(node, (ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context))

    def _feature_size(self, node: ast.Subscript) -> bool:
        """A size of a tensor's axis other than the first (`thetas.shape[-1]`, `tf.shape(x)[2]`,
        `x.get_shape().as_list()[-1]`): a setting of the program. The first axis may be the batch: a table sized by
        it has a batch factor, so `x.shape[0]` (and a whole shape) is followed as the tensor it reads."""
        index = node.slice
        if not (isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub) and isinstance(index.operand,
                ast.Constant) or isinstance(index, ast.Constant) and type(index.value) is int and index.value > 0):
            return False
        shape = node.value
        return static_shape(shape) or isinstance(shape, ast.Call) and self.file.qualified(shape.func) in SHAPE_OF

    def _name(self, name: ast.Name) -> bool:
        iterated = comprehension_iter(self.file.ancestors(name), name)
        if iterated is not None:
            return self._add(iterated)
        bindings, scope = bindings_of(self.file, name)
        if not bindings:
            if name.id in _PURE_BUILTINS or name.id in ("True", "False", "None", "self"):
                return True
            qualified = self.file.qualified(name)
            return qualified is not None and qualified.partition(".")[0] in FRAMEWORKS and \
                not qualified.startswith(_DATA_PREFIXES)
        for bound in bindings:  # (every binding in its scope, not only those that reach: a loop's may come back)
            if not self._binding(name, bound, scope):
                return False
        if scope is None or all(type(b.stmt) in _NO_CONTAINER for b in bindings):
            return True  # (a def, a class, an import: nothing is put into it)
        return self._add(*_stored_into(self.file, scope, name.id))

    def _binding(self, name: ast.Name, bound, scope: ast.AST | None) -> bool:
        stmt = bound.stmt
        if stmt is None and scope is not None and not (isinstance(scope, SCOPES) and name.id in parameter_names(scope)):
            # (a closure's free name: a parameter of the function that encloses it)
            scope = next((a for a in self.file.ancestors(scope) if isinstance(a, _FUNCTIONS)
                          and name.id in parameter_names(a)), scope)
        if stmt is None and isinstance(scope, SCOPES) and name.id in parameter_names(scope):  # a parameter
            key = (id(scope), name.id)
            number = self.sized or key in self.known_numbers  # (a range's bound: a number, wherever it is read)
            if number:
                self.numbers.add(key)
                self.sized = True  # (what the callers pass it is a number too: `_parameter` hands it on so)
            if self.file.shapes.weight_parameter(name):
                self.weighed = True  # (a regularizer's `w`, also where a branch rebinds it to its reshape)
                return True
            if not self._parameter(name) and not number:
                self.unknown.add(key)  # (unless a range's bound shows it a number: `_settled`)
            return True
        if stmt is None:  # (an augmented assignment: `n *= ws`, what it combines)
            updates = augmented_values(self.file, scope, name.id) if scope is not None else []
            return bool(updates) and self._add(*updates)
        if isinstance(stmt, (ast.For, ast.AsyncFor)):
            return self._add(stmt.iter)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            return self._add(stmt.value)
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            return False  # (what a context manager gives: unknown)
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            qualified = self.file.qualified(name)
            return qualified is not None and qualified.partition(".")[0] in FRAMEWORKS and \
                not qualified.startswith(_DATA_PREFIXES)
        return bound.value is not None and self._add(bound.value)

    def _parameter(self, name: ast.Name) -> bool:
        """A Keras class's constructor parameter (a setting), or one of a function only the file calls, as
        every call passes it; else it may be an activation."""
        function = next((s for s in (self.file.scope_of(name), *self.file.ancestors(self.file.scope_of(name)))
                         if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                         and name.id in parameter_names(s)), None)
        if function in self.bodies:  # (a loop's body or a map's function: the values it is handed)
            return self._add(*self.bodies[function])
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False
        method = isinstance(self.file.parent(function), ast.ClassDef)
        if method and name.id in ("self", "cls"):
            return True
        if method and function.name in _SET_UP and _keras_class(self.file, self.file.parent(function), 0):
            return True  # (a Keras layer's or model's configuration: a TF1 class's constructor may take tensors)
        calls = self.entered.get(function) or self.file.shapes.calls_of(function)
        if not calls:
            return False
        positional = positional_names(function)
        at = positional.index(name.id) - (1 if method else 0) if name.id in positional else None
        for call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return False
            passed = call.args[at] if at is not None and 0 <= at < len(call.args) else \
                next((k.value for k in call.keywords if k.arg == name.id), None)
            if passed is None:
                default = parameter_defaults(function).get(name.id)
                if default is None:
                    return False
                passed = default
            self._add(passed)
        return True

    def _attribute(self, attribute: ast.Attribute) -> bool:
        value = attribute.value
        if attribute.attr in _STATIC:
            return True  # (a static rank or dtype: Python values of the program, whatever the tensor)
        if isinstance(value, ast.Name) and value.id == "self":
            return self._self_attribute(attribute)
        qualified = self.file.qualified(attribute)
        if qualified is not None and qualified.partition(".")[0] in FRAMEWORKS:
            return not qualified.startswith(_DATA_PREFIXES)  # (a dtype, a framework constant: `tf.float32`, `np.pi`)
        return self._add(value, sized=False if attribute.attr == "shape" else None)  # (`t.shape`, `w.T`: of t, w)

    def _self_attribute(self, attribute: ast.Attribute) -> bool:
        """Every `self.<attr> = value` of the class (and what is appended or stored into it); none: unknown."""
        owner = self.file.enclosing_class(attribute)
        stores = self.file.self_assignments(owner, attribute.attr) if owner is not None else []
        if not stores:
            return False
        for node in _stores(self.file, owner)[1].get(attribute.attr, []):  # (another store: a tuple target, `+=`)
            if not any(node is t for s in stores for t in s.targets):
                return False
        return self._add(*(s.value for s in stores), *_stored_into(self.file, owner, attribute.attr, on_self=True))

    def _call(self, call: ast.Call) -> bool:
        arguments = [*call.args, *(k.value for k in call.keywords)]
        func = call.func
        qualified = self.file.qualified(func)
        if qualified in _RANGES:  # (its bounds are sizes: a number a parameter holds is one)
            return self._add(*[a for a in arguments if not _is_dtype(self.file, a)], sized=True)
        if qualified in _FUNCTIONAL:
            return self._functional(call, *_FUNCTIONAL[qualified])
        if qualified in _SHAPED:  # (a tensor made of a shape: its shape arguments are sizes, as a range's bounds)
            return self._shaped(call, _SHAPED[qualified], every_positional=qualified in _EVERY_POSITIONAL_SIZE)
        if qualified is not None and qualified.partition(".")[0] in FRAMEWORKS:  # (a tensor op: no size of a range)
            return not qualified.startswith(_DATA_PREFIXES) and self._add(*arguments, sized=False)
        if isinstance(func, ast.Name) and func.id in _PURE_BUILTINS and self.file.binding(func) is None:
            return self._add(*arguments)
        if isinstance(func, ast.Call):  # (`Dense(8)(table)`: a layer made and applied)
            return self._add(func, *arguments)
        own = own_function(self.file, func)
        if own is not None and own.decorator_list:
            own = None  # (a decorator may return anything)
        if own is not None:  # (the file's own function or method: what it returns, its parameters as passed)
            returned = returned_values(own)
            self.entered.setdefault(own, []).append(call)
            return returned is not None and self._add(*returned)
        if _is_self(getattr(func, "value", None)) and self._held_layer(func):
            return self._add(*arguments)  # (a layer the class holds: its weights and what it is handed)
        if isinstance(func, ast.Attribute) and qualified is None:  # (a method of a value: `grid.reshape(...)`)
            return self._add(func.value, *arguments)
        return False

    def _shaped(self, call: ast.Call, shapes: tuple, every_positional: bool) -> bool:
        """A tensor-making op (`_SHAPED`): its shape arguments (by position, unless starred, and keyword) and its seed
        are queued as sizes, its other arguments (a fill value, a mean) as values."""
        positions = {at for at, _ in shapes}
        size_keywords = {keyword for _, keyword in shapes if keyword} | {"seed"}
        for i, a in enumerate(call.args):
            self._add(a, sized=every_positional or i in positions and not isinstance(a, ast.Starred))
        sizes = [k.value for k in call.keywords if k.arg in size_keywords]
        return self._add(*sizes, sized=True) and \
            self._add(*[k.value for k in call.keywords if k.arg not in size_keywords], sized=False)

    def _functional(self, call: ast.Call, body: tuple[int, str], values: tuple, decides: tuple | None) -> bool:
        """`tf.while_loop(cond, body, loop_vars)`, `tf.map_fn(fn, elems)`, `tf.scan(fn, elems, initializer)`: what the
        function returns, its parameters taking the values handed (every one of them, for each parameter: a superset);
        the function is the file's (a name bound by a def, a lambda); the condition and the other arguments
        (iteration counts, flags) are settings."""
        def at(position: int, keyword: str) -> ast.expr | None:
            if 0 <= position < len(call.args):
                return call.args[position]
            return next((k.value for k in call.keywords if k.arg == keyword), None)

        given = at(*body)
        function = own_function(self.file, given) if isinstance(given, ast.Name) else given
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or \
                any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return False
        handed = [v for v in (at(*value) for value in values) if v is not None]
        returned = [function.body] if isinstance(function, ast.Lambda) else returned_values(function)
        if not returned:
            return False
        self.bodies.setdefault(function, []).extend(handed)
        skipped = {id(given), *(id(v) for v in handed), *((id(at(*decides)),) if decides else ())}
        settings = [a for a in (*call.args, *(k.value for k in call.keywords)) if id(a) not in skipped]
        return self._add(*handed, *returned) and self._add(*settings, sized=True)

    def _held_layer(self, func: ast.Attribute) -> bool:
        """`self.<attr>` every assignment of which in its class makes an object of a capitalised class (a layer,
        `keras.Sequential([...])`): applied, it computes from its weights and what it is handed."""
        owner = self.file.enclosing_class(func)
        stores = self.file.self_assignments(owner, func.attr) if owner is not None else []
        if not stores:
            return False
        for store in stores:
            made = store.value
            name = made.func.attr if isinstance(made, ast.Call) and isinstance(made.func, ast.Attribute) else \
                made.func.id if isinstance(made, ast.Call) and isinstance(made.func, ast.Name) else None
            if name is None or not name[:1].isupper() or name.isupper():
                return False
            self._add(*made.args, *(k.value for k in made.keywords))  # (its settings: no activation either)
        self.weighed = True  # (what it computes, it computes from its weights)
        return True



def static_shape(node: ast.AST) -> bool:
    """A tensor's static shape as written: `x.shape`, `x.get_shape()`, either's `.as_list()` (its items are Python
    numbers, or None)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "as_list":
        node = node.func.value
    return isinstance(node, ast.Attribute) and node.attr == "shape" or \
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_shape"


def bindings_of(file: "FileContext", name: ast.Name) -> tuple[list, ast.AST | None]:
    """Every binding of `name` in its scope (not only those that reach the read: a loop's may come back), and that
    scope; where the scope's index has none (a name of an enclosing scope, a global), the one binding the read sees
    and the scope of its statement. ([], scope) when the file shows none."""
    scope = file.scope_of(name)
    index = file.scope_index(scope)
    bindings = index.bindings.get(name.id) if name.id not in index.dynamic else None
    if bindings:
        return bindings, scope
    bound = file.binding(name)
    if bound is None:
        return [], scope
    if bound.stmt is not None:
        scope = next((a for a in file.ancestors(bound.stmt) if isinstance(a, SCOPES)), None)
    return [bound], scope


def own_function(file: "FileContext", func: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The file's function or method a call's `func` names (`helper`, `self._table`), if it holds one."""
    if isinstance(func, ast.Attribute) and _is_self(func.value):
        owner = file.enclosing_class(func)
        return next((n for n in owner.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and n.name == func.attr), None) if owner is not None else None
    if isinstance(func, ast.Name):
        bound = file.binding(func)
        stmt = bound.stmt if bound is not None else None
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return stmt
    return None


def _keras_class(file: "FileContext", node: ast.ClassDef, depth: int) -> bool:
    """Whether a class derives from a Keras class (a layer, model, loss...), directly or through the file's classes."""
    for base in node.bases:
        if (file.qualified(base) or "").startswith("keras."):
            return True
        local = file.defs.get(file.def_of(base) or "")
        if isinstance(local, ast.ClassDef) and local is not node and depth < 4 and _keras_class(file, local, depth + 1):
            return True
    return False


def _is_dtype(file: "FileContext", node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) or \
        (file.qualified(node) or "").rpartition(".")[2] in ("float32", "float64", "int32", "int64", "float16")


def _is_self(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _stored_into(file: "FileContext", scope: ast.AST, name: str, on_self: bool = False) -> list[ast.expr]:
    """What the code in `scope` puts into the container `name` (`self.<name>` with `on_self`) holds: the values
    appended, extended, inserted or assigned into an item."""
    return _stores(file, scope)[0].get((on_self, name), [])


def _stores(file: "FileContext", scope: ast.AST) -> tuple[dict[tuple[bool, str], list[ast.expr]], dict[str, list]]:
    """One walk of `scope`, kept for the file: what goes into each container (by (on_self, name)), and every
    `self.<attr>` written (by attr). Asked once per name read, a walk each time was quadratic in a class's size."""
    memo = file.shared.setdefault("batchfree.stores", {})
    if scope not in memo:
        into: dict[tuple[bool, str], list[ast.expr]] = {}
        written: dict[str, list] = {}
        for node in walk_nodes(scope):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
                key = _container(node.func.value)
                if key is not None:
                    into.setdefault(key, []).extend([*node.args, *(k.value for k in node.keywords)])
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    key = _container(target.value) if isinstance(target, ast.Subscript) else None
                    if key is not None:
                        into.setdefault(key, []).append(node.value)
            elif isinstance(node, ast.Attribute) and _is_self(node.value) and not isinstance(node.ctx, ast.Load):
                written.setdefault(node.attr, []).append(node)
        memo[scope] = into, written
    return memo[scope]


def augmented_values(file: "FileContext", scope: ast.AST, name: str) -> list[ast.expr]:
    """What the augmented assignments of a name in `scope` combine into it (`n *= ws`: `ws`), in `ast.walk`'s
    order: one walk of the scope for all its names, kept for the file."""
    memo = file.shared.setdefault("batchfree.augmented", {})
    found = memo.get(scope)
    if found is None:
        found = memo[scope] = {}
        for node in walk_nodes(scope):
            if type(node) is ast.AugAssign and type(node.target) is ast.Name:
                found.setdefault(node.target.id, []).append(node.value)
    return found.get(name, [])


def _container(node: ast.AST) -> tuple[bool, str] | None:
    if isinstance(node, ast.Attribute) and _is_self(node.value):
        return True, node.attr
    return (False, node.id) if isinstance(node, ast.Name) else None
