"""What a `Dataset.map` function computes, as its source states it: whether running it on several
host cores (`num_parallel_calls`) can pay (TFP404).

A map function that only plumbs the element (selects dict keys or fields, slices, regroups, sets
static shapes, computes a shape from `tf.shape`) runs no op worth a thread: PLUMBING. One that also
does light elementwise arithmetic on the element's values (a `tf.maximum`, a cast, `+`, a string
join) is LIGHT: parallel calls pay only when the elements are large, which the source does not say; so is
random noise drawn in the element's own shape (`tf.random.normal(tf.shape(x)) + x`).
Anything else (a decode, a `tf.image` op, a project function that is not a shape setter, a function
the source does not show) is WORK, as are functions this module cannot read.
"""

from __future__ import annotations

import ast

from tfperf.source.arguments import argument, parameter_names
from tfperf.source.visitor import FileContext

PLUMBING, LIGHT, WORK = 0, 1, 2

# function -> True: it only sets its argument's static shape and returns it
# (`def set_tensor_shape(t, shape): t.set_shape(shape); return t`), so a map calling it selects nothing new
SHAPE_SETTER = "dsshape"

# ops that read or restate metadata (shapes, ranks), or view the same values in another shape
_METADATA_OPS = frozenset(f"tensorflow.{name}" for name in (
    "shape", "rank", "size", "ensure_shape", "identity", "expand_dims", "squeeze", "reshape",
    "compat.v1.shape", "nest.flatten", "nest.pack_sequence_as"))
# elementwise ops that cost as much as their operands are large: light on scalars, work on images
_LIGHT_OPS = frozenset(f"tensorflow.{name}" for name in (
    "maximum", "minimum", "cast", "add", "subtract", "multiply", "divide", "math.maximum", "math.minimum",
    "math.add", "math.subtract", "math.multiply", "math.divide", "reduce_min", "reduce_max",
    "math.reduce_min", "math.reduce_max", "logical_not", "math.logical_not", "strings.join", "round",
    "math.round", "floor", "math.floor"))
# random ops: one drawn with a literal scalar shape (`tf.random.uniform([], maxval=n)`, a crop's offset) is one
# number, no work on the element's values
_RANDOM_PREFIXES = ("tensorflow.random.", "tensorflow.random_")
# Python builtins and container methods that only build or read Python structures
_PYTHON = frozenset({"dict", "tuple", "list", "len", "int", "float", "str", "range", "zip", "enumerate",
                     "isinstance", "sorted"})
_STRUCTURE_METHODS = frozenset({"items", "keys", "values", "get", "set_shape", "as_list", "get_shape", "copy",
                                "update", "format"})
# attributes of a tensor that are metadata, not its values
_METADATA_ATTRIBUTES = frozenset({"shape", "dtype", "ndims", "rank", "name"})


def map_function(file: FileContext, node: ast.AST | None) -> ast.AST | None:
    """The definition a map's function argument refers to: a lambda, a function of this file, a
    method of this class (`self.parse`), the one method of that name among this file's classes
    (`builder.parse` where `builder` holds an instance of a class of this file), or what a factory of
    this file returns (`.map(_pad_batch(n))`); None when the source does not show it."""
    if isinstance(node, ast.Lambda):
        return node
    if isinstance(node, ast.Call):
        return made_by_the_file(file, node)
    if isinstance(node, ast.Name) or isinstance(node, ast.Attribute) and \
            isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
        qualname = file.def_of(node)
        return file.defs.get(qualname) if qualname else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and file.qualified(node) is None:
        return file.only_method(node.attr)  # (`tf.identity` names a framework function, not a method of the file)
    return None


def made_by_the_file(file: FileContext, node: ast.AST | None) -> ast.AST | None:
    """The function a call of the file's own factory returns (`_make_fn(weights)` returning its nested
    `def fn`), or the `__call__` of the file's class an instance of which a name holds."""
    if isinstance(node, ast.Name):
        bound = file.binding(node)
        node = bound.value if bound is not None and isinstance(bound.value, ast.Call) else None
        made = file.defs.get(file.def_of(node.func) or "") if node is not None else None
        return file.defs.get(f"{file.def_of(node.func)}.__call__") if isinstance(made, ast.ClassDef) else None
    if not isinstance(node, ast.Call):
        return None
    return returned_function(file, file.defs.get(file.def_of(node.func) or ""))


def returned_function(file: FileContext, factory: ast.AST | None) -> ast.AST | None:
    """The function a function of the file returns, when it returns one: a lambda, or a def nested in it."""
    if not isinstance(factory, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    returns = [r.value for r in file.returns_of(factory) if r.value is not None]
    if len(returns) != 1:
        return None
    if isinstance(returns[0], ast.Lambda):
        return returns[0]
    nested = [s for s in factory.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
              and isinstance(returns[0], ast.Name) and s.name == returns[0].id]
    return nested[0] if nested else None


def map_work(file: FileContext, node: ast.AST | None, batches: bool = False) -> int:
    """PLUMBING, LIGHT or WORK for a map's function argument (WORK when the source does not show it).
    `batches`: the map's elements are batches (it follows a `batch`), whose axis 0 is the batch's."""
    function = map_function(file, node)
    if function is None:
        return WORK
    return _Reader(file, function, batches).function(function, depth=0)


class _Reader:
    """Reads one map function's statements, tracking which names hold the element's values ("data")."""

    def __init__(self, file: FileContext, function: ast.AST, batches: bool = False):
        self.file = file
        self._function = function  # where its helpers are defined
        self._batches = batches

    def function(self, function: ast.AST, depth: int, data: set[str] | None = None) -> int:
        """`data`: the parameters that receive the element's values (all of them by default)."""
        if data is None:
            data = set(parameter_names(function)) - {"self", "cls"}  # the element's values, not the instance
        if isinstance(function, ast.Lambda):
            return self.expr(function.body, data, depth)
        level = PLUMBING
        for stmt in function.body:
            level = max(level, self.stmt(stmt, data, depth))
            if level == WORK:
                break
        return level

    def stmt(self, stmt: ast.stmt, data: set[str], depth: int) -> int:
        if isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Constant):
                return PLUMBING  # a docstring
            return self.expr(stmt.value, data, depth)
        if isinstance(stmt, ast.Return):
            return PLUMBING if stmt.value is None else self.expr(stmt.value, data, depth)
        if isinstance(stmt, ast.Assign):
            level = max(self.expr(stmt.value, data, depth),
                        *(self._target(t, data, depth) for t in stmt.targets))
            if self._reads_data(stmt.value, data):
                data.update(n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name))
            return level
        if isinstance(stmt, ast.If):
            body = [self.stmt(s, data, depth) for s in stmt.body + stmt.orelse]
            return max([self.expr(stmt.test, data, depth), *body])
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return PLUMBING  # a helper: judged where it is called
        if isinstance(stmt, ast.For) and not stmt.orelse:  # `for key in list(element)`: each field in turn
            level = max(self.expr(stmt.iter, data, depth), self._target(stmt.target, data, depth))
            if self._reads_data(stmt.iter, data):
                data.update(n.id for n in ast.walk(stmt.target) if isinstance(n, ast.Name))
            return max([level, *(self.stmt(s, data, depth) for s in stmt.body)])
        return WORK

    def _target(self, target: ast.AST, data: set[str], depth: int) -> int:
        if isinstance(target, ast.Name):
            return PLUMBING
        if isinstance(target, ast.Subscript):  # element[key] = value: a field stored
            return max(self.expr(target.value, data, depth), self.expr(target.slice, data, depth))
        if isinstance(target, (ast.Tuple, ast.List)):
            return max((self._target(t, data, depth) for t in target.elts), default=PLUMBING)
        return WORK

    def expr(self, node: ast.AST, data: set[str], depth: int) -> int:
        if isinstance(node, (ast.Name, ast.Constant)):
            return PLUMBING
        if isinstance(node, ast.Attribute):
            return self.expr(node.value, data, depth)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred, ast.JoinedStr, ast.FormattedValue,
                             ast.Subscript, ast.Slice, ast.keyword)):
            return self._children(node, data, depth)  # structure, selection, slices
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self._comprehension(node, data, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and isinstance(node.left, (ast.List, ast.Tuple)):
            # `[z] * k`: k references to the element, a Python repetition
            return max(self.expr(node.left, data, depth), WORK if self._reads_data(node.right, data) else PLUMBING)
        if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp)):
            level = self._children(node, data, depth)
            return max(level, LIGHT if self._reads_data(node, data) else PLUMBING)
        if isinstance(node, ast.Call):
            return self._call(node, data, depth)
        return WORK

    def _children(self, node: ast.AST, data: set[str], depth: int) -> int:
        return max((self.expr(child, data, depth) for child in ast.iter_child_nodes(node)
                    if not isinstance(child, (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop))),
                   default=PLUMBING)

    def _comprehension(self, node: ast.AST, data: set[str], depth: int) -> int:
        inner = set(data)
        level = PLUMBING
        for generator in node.generators:
            level = max(level, self.expr(generator.iter, inner, depth),
                        *(self.expr(test, inner, depth) for test in generator.ifs))
            names = [n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)]
            if _items_of_data(generator, inner):
                inner.update(names[1:])  # `for key, value in element.items()`: the keys are Python strings
            elif self._reads_data(generator.iter, inner):
                inner.update(names)
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return max(level, *(self.expr(part, inner, depth) for part in parts))

    def _call(self, call: ast.Call, data: set[str], depth: int) -> int:
        arguments = max((self.expr(a, data, depth) for a in [*call.args, *call.keywords]), default=PLUMBING)
        func = call.func
        if isinstance(func, ast.Name) and func.id in _PYTHON and func.id not in self.file.def_names:
            return arguments
        name = self.file.qualified(func)
        if name in _METADATA_OPS:
            return arguments
        if name in _LIGHT_OPS:
            return max(arguments, LIGHT if any(self._reads_data(a, data) for a in call.args) else PLUMBING)
        if isinstance(func, ast.Attribute) and func.attr in _STRUCTURE_METHODS and name is None:
            return max(arguments, self.expr(func.value, data, depth))
        if name in _PADS and self._batches and self._pads_last_batch(call, data):
            return arguments
        if name is not None and name.startswith(_RANDOM_PREFIXES) and _scalar_shape(argument(call, 0, "shape")) \
                and not any(self._reads_data(a, data) for a in [*call.args, *call.keywords]):
            return arguments
        if name is not None and name.startswith(_RANDOM_PREFIXES) and self._element_shaped(argument(call, 0, "shape"),
                                                                                      data):
            return max(arguments, LIGHT)  # noise of the element's own shape: elementwise, as large as the element
        helper = self._helper(func)
        if helper is not None and depth < 2:
            return max(arguments, self.function(helper, depth + 1, self._receiving(helper, call, data)))
        callee = self.file.def_of(func)
        if callee is not None and self.file.project.query(SHAPE_SETTER, callee):
            return arguments
        return WORK

    def _element_shaped(self, shape: ast.AST | None, data: set[str]) -> bool:
        """`tf.shape(x)` or `x.shape` of the element's values: a draw of the element's own shape."""
        if isinstance(shape, ast.Attribute) and shape.attr == "shape":
            return self._reads_data(shape.value, data)
        return isinstance(shape, ast.Call) and self.file.qualified(shape.func) in ("tensorflow.shape",
                                                                                   "tensorflow.compat.v1.shape") \
            and bool(shape.args) and self._reads_data(shape.args[0], data)

    def _pads_last_batch(self, pad: ast.Call, data: set[str]) -> bool:
        """A `tf.pad` of a batch that pads only its batch axis, by an amount computed from the batch's
        own size (`[[0, n - tf.shape(x)[0]], [0, 0]]`, or such a list built in rows): it fills a partial
        last batch up to the batch size, and on every full batch TensorFlow forwards its input (a pad of
        zero copies nothing)."""
        paddings = argument(pad, 1, "paddings")
        if isinstance(paddings, (ast.List, ast.Tuple)):
            return self._batch_rows(paddings, data)
        if not isinstance(paddings, ast.Name):
            return False
        scope = self.file.scope_of(pad)
        name, built, sized = paddings.id, False, False
        for node in ast.walk(scope):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
                assign = self.file.parent(node)
                if not (isinstance(assign, ast.Assign) and assign.targets == [node]) or \
                        not (_zero_rows(assign.value) or self._batch_rows(assign.value, data)):
                    return False
                built, sized = True, sized or not _zero_rows(assign.value)
            elif isinstance(node, ast.Name) and node.id == name and isinstance(self.file.parent(node), ast.Attribute):
                return False  # `paddings.append(...)`: rows this look does not follow
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and _indexes(node, name):
                # `paddings[0][1] = n - tf.shape(x)[0]`: the batch axis' row only, from sizes
                row = node.value if isinstance(node.value, ast.Subscript) else node
                if not (_constant(row.slice, 0) and self._sized(self.file.parent(node).value, data)):
                    return False
                sized = True
        return built and sized

    def _batch_rows(self, rows: ast.AST, data: set[str]) -> bool:
        """`[[0, n - tf.shape(x)[0]], [0, 0], ...]`: the first row from sizes, the others zeros."""
        return isinstance(rows, (ast.List, ast.Tuple)) and len(rows.elts) > 0 and self._sized(rows.elts[0], data) \
            and all(_zero_row(row) for row in rows.elts[1:])

    def _sized(self, node: ast.AST, data: set[str]) -> bool:
        """An amount read from sizes (`tf.shape(x)[0]`, `x.shape[0]`), never from the values."""
        return not self._reads_data(node, data) and any(
            isinstance(n, ast.Attribute) and n.attr == "shape" or
            isinstance(n, ast.Call) and self.file.qualified(n.func) in ("tensorflow.shape", "tensorflow.compat.v1.shape")
            for n in ast.walk(node))

    def _receiving(self, helper: ast.AST, call: ast.Call, data: set[str]) -> set[str]:
        """The helper's parameters the call gives the element's values (`_crop(n, seq_len)`: the first);
        all of them when a `*args`/`**kw` hides which."""
        names = [a.arg for a in helper.args.posonlyargs + helper.args.args]
        if any(isinstance(a, ast.Starred) for a in call.args) or any(kw.arg is None for kw in call.keywords) or \
                len(call.args) > len(names):
            return set(parameter_names(helper)) - {"self", "cls"}
        given = [(names[i], a) for i, a in enumerate(call.args)] + [(kw.arg, kw.value) for kw in call.keywords]
        return {name for name, value in given if self._reads_data(value, data)}

    def _helper(self, func: ast.AST) -> ast.AST | None:
        """A function defined inside the map function (`def start(sample): ...`), called there; for a
        lambda (`lambda s, n: (s, _crop(n, k))`), the function of this file it calls by name."""
        if not isinstance(func, ast.Name):
            return None
        if isinstance(self._function, ast.Lambda):
            helper = self.file.defs.get(self.file.def_of(func) or "")
            return helper if isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        return next((s for s in self._function.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and s.name == func.id), None)

    def _reads_data(self, node: ast.AST, data: set[str]) -> bool:
        """Whether an expression reads the element's values, not only their shapes (`tf.shape(x)`,
        `x.shape`, `len(x)`, dict keys)."""
        if isinstance(node, ast.Name):
            return node.id in data
        if isinstance(node, ast.Attribute) and node.attr in _METADATA_ATTRIBUTES:
            return False
        if isinstance(node, ast.Call):
            name = self.file.qualified(node.func)
            if name in ("tensorflow.shape", "tensorflow.rank", "tensorflow.size") or \
                    isinstance(node.func, ast.Name) and node.func.id == "len":
                return False
            helper = self._helper(node.func)
            if helper is not None:  # what a helper returns: from the element's values, or from its shapes
                inner = set(parameter_names(helper))
                return any(self._reads_data(r.value, inner) for r in ast.walk(helper)
                           if isinstance(r, ast.Return) and r.value is not None)
        return any(self._reads_data(child, data) for child in ast.iter_child_nodes(node))


_PADS = frozenset({"tensorflow.pad", "tensorflow.compat.v1.pad"})


def _constant(node: ast.AST, value) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is type(value) and node.value == value


def _zero_row(row: ast.AST) -> bool:
    """`[0, 0]` / `(0, 0)`."""
    return isinstance(row, (ast.List, ast.Tuple)) and len(row.elts) == 2 and all(_constant(e, 0) for e in row.elts)


def _zero_rows(rows: ast.AST) -> bool:
    """Rows of zeros: `[[0, 0] for _ in x.shape]`, `[[0, 0]] * k`, a list of `[0, 0]`."""
    if isinstance(rows, ast.ListComp):
        return _zero_row(rows.elt)
    if isinstance(rows, ast.BinOp) and isinstance(rows.op, ast.Mult) and isinstance(rows.left, ast.List):
        return all(_zero_row(row) for row in rows.left.elts)
    return isinstance(rows, (ast.List, ast.Tuple)) and all(_zero_row(row) for row in rows.elts)


def _indexes(target: ast.Subscript, name: str) -> bool:
    """`name[...]` or `name[...][...]`."""
    value = target.value.value if isinstance(target.value, ast.Subscript) else target.value
    return isinstance(value, ast.Name) and value.id == name


def _scalar_shape(shape: ast.AST | None) -> bool:
    """A literal empty shape: `[]` or `()`."""
    return isinstance(shape, (ast.List, ast.Tuple)) and not shape.elts


def _items_of_data(generator: ast.comprehension, data: set[str]) -> bool:
    """`for key, value in element.items()` over the element itself."""
    it = generator.iter
    return isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute) and it.func.attr == "items" and \
        isinstance(it.func.value, ast.Name) and it.func.value.id in data and \
        isinstance(generator.target, ast.Tuple) and len(generator.target.elts) == 2


def export_shape_setters(file: FileContext) -> None:
    """Export SHAPE_SETTER for this file's functions that only set their argument's static shape and
    return it (read by maps of other modules that call them)."""
    if "set_shape" not in file.text:
        return
    for node, qualname in file.qualnames.items():
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _sets_shape_only(node):
            file.project.export(SHAPE_SETTER, qualname)


def _sets_shape_only(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 2 or not isinstance(body[1], ast.Return) or not isinstance(body[1].value, ast.Name):
        return False
    call = body[0].value if isinstance(body[0], ast.Expr) else None
    returned = body[1].value.id
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "set_shape" \
        and isinstance(call.func.value, ast.Name) and call.func.value.id == returned \
        and returned in parameter_names(function)
