"""What every linted file tells the project, whatever rules run: its module-level names (for
imports and re-exports between modules), and its calls and references to the project's functions
(the call graph that gives each function its context, `tfperf.source.context`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from tfperf.source import configs
from tfperf.source.callables import export_callables
from tfperf.source.factories import export_factories
from tfperf.source.importable import export_importability
from tfperf.source.arguments import argument, parameter_names
from tfperf.source.classes import is_plain_base
from tfperf.source.context import (BEAM, HOST, PREDICTION_WORDS, cpu_choice, def_context, is_cpu_device, layout_of,
                                   name_context, tokens)
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.names import canonical, import_bindings
from tfperf.source.optin import none_for
from tfperf.source.passed import (ENUM_CLASS, HELD_ATTR, NO_DEFAULT, UNKNOWN, callee_of, enclosing_functions, encode,
                                  enum_member, forwarded_keywords, held_attributes, passed_positional, plain_enum)
from tfperf.source.project import (ARG_CALL, CALLED_BY, DEFINED, EXPORT, FLAG_CALL, FORMAT_TEST, FRAMEWORK_CALLER,
                                   HANDED, HOST_PARAMETER, KEYWORD_LITERAL, LAYOUT_CONSTANT, NONE_FOR, PARAMETER_CALL,
                                   PREDICT_NAMED, REFERRED_BY)
from tfperf.source.shapes import parameter_owner
from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# calls that return their first argument, wrapped (a call of the result calls it)
PARTIAL = "functools.partial"
WRAPPERS = {PARTIAL, "tensorflow.function", "tensorflow.custom_gradient",
            "tensorflow.autograph.experimental.do_not_convert", "tensorflow.autograph.to_graph"}

# Apache Beam transforms: the functions given to them, and the arguments those are given, run in the Beam
# job's workers (offline data preparation), never in a training step
BEAM_TRANSFORMS = {f"apache_beam.{name}" for name in ("Map", "FlatMap", "MapTuple", "FlatMapTuple", "Filter", "ParDo",
                                                      "Partition")}

# TensorFlow ops that call their function arguments while they are called (they trace them into the graph
# they build) and keep them not: a function handed to one runs where the call does
TRACES_NOW = {f"tensorflow.{name}" for name in ("scan", "map_fn", "foldl", "foldr", "while_loop", "cond", "case",
                                                 "switch_case", "vectorized_map")}

# tf.data transformations whose function argument runs in the input pipeline, on the host
HOST_TRANSFORMS = {"map": ("map_func", 0), "flat_map": ("map_func", 0), "interleave": ("map_func", 0),
                   "filter": ("predicate", 0), "parallel_interleave": ("map_func", 0),
                   "map_and_batch": ("map_func", 0), "map_and_batch_with_legacy_function": ("map_func", 0),
                   "from_generator": ("generator", 0),
                   # `ds.scan(initial_state, scan_func)`, `ds.apply(tf.data.experimental.scan(initial_state, fn))`
                   # (TensorFlow's `tf.scan(fn, elems)` takes its function first: position 1 is its elements)
                   "scan": ("scan_func", 1)}


def export_symbols(file: FileContext) -> None:
    project, module = file.project, file.module
    if module is not None:
        for name, targets in _module_bindings(file).items():
            for target in targets:
                project.export(EXPORT, f"{module}.{name}", target)
        for stmt in file.tree.body:
            if isinstance(stmt, _DEFS):
                project.export(DEFINED, f"{module}.{stmt.name}", "class" if isinstance(stmt, ast.ClassDef) else "def")
                if type(stmt) is ast.ClassDef and stmt.bases and plain_enum(stmt):  # (`passed.enum_member`)
                    project.export(ENUM_CLASS, f"{module}.{stmt.name}", True)
        for name, value in _layout_constants(file).items():
            project.export(LAYOUT_CONSTANT, f"{module}.{name}", value)
    for stmt in file.tree.body:
        test = _format_test(file, stmt) if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if test is not None:
            project.export(FORMAT_TEST, file.qualnames[stmt], test)
    for node, qualname in file.qualnames.items():  # (a helper returning None for a None argument: `optin`)
        if type(node) is ast.FunctionDef and (found := none_for(file, node)) is not None:
            project.export(NONE_FOR, qualname, found)
    cpu, stored = _places_on_cpu(file), file.stored_functions
    literals: dict = {}
    for call in file.calls:
        _export_call(file, call, cpu, stored)
        for keyword in call.keywords:  # (`optin`: an option a call the index does not join may turn on)
            value = keyword.value
            if type(value) is ast.Constant and keyword.arg is not None and (type(value.value) in (bool, int, float) or
                                                                             type(value.value) is str and
                                                                             len(value.value) <= 32):
                literals.setdefault((keyword.arg, type(value.value), value.value), []).append(call)
            elif type(value) is ast.Attribute and keyword.arg is not None and type(value.value) is ast.Name and \
                    value.value.id[:1].isupper() and (member := enum_member(file, value)) is not None:
                literals.setdefault((keyword.arg, tuple, member), []).append(call)  # `mode=Mode.EMA`
    for (name, _, value), calls in literals.items():
        if any(file.local_context(call) != "test" and not file.in_demo(call) for call in calls):
            project.export(KEYWORD_LITERAL, name, value)
    for node in file.references:
        if stored and type(node) is ast.Assign and file.only_called(node, lambda call, value: _host_argument(
                file, call, value)):
            continue  # `fn = helper` ... `fn(x)`: its calls are the callers
        values = node.values if isinstance(node, ast.Dict) else [node.value]
        registry = _registry_kind(file, node) if type(node) is ast.Dict else None
        for index, value in enumerate(values):
            if value is None or type(node) is ast.Dict and _custom_object(file, node.keys[index], value):
                continue
            if registry is not None and _export_registered(file, value, registry):
                continue
            if type(node) is ast.Return and _export_returned_function(file, node, value):
                continue
            _export_reference(file, value, False)
    _export_property_reads(file)
    _export_stored_parameter_calls(file)
    for key, held in held_attributes(file):  # (`passed.HELD`: a subclass reads what a base's constructor stores)
        project.export(HELD_ATTR, key, held)
    export_fields(file)
    # a method the file hands to a tf.data transformation (`dataset.map(self.load)`) is the pipeline's
    # function: that the base classes' machinery also calls it on the device is not assumed
    piped = None
    for node, name in file.qualnames.items():
        if isinstance(node, ast.ClassDef) and _derived(file, node):
            piped = _piped(file) if piped is None else piped
            for stmt in node.body:
                if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and _framework_hook(stmt.name) \
                        and f"{name}.{stmt.name}" not in piped:
                    file.project.export(CALLED_BY, f"{name}.{stmt.name}", FRAMEWORK_CALLER)
    _export_subclasses(file)
    export_callables(file)
    export_factories(file)
    export_importability(file)


def _export_subclasses(file: FileContext) -> None:
    """A project class's subclass runs the methods it inherits wherever it is made: the subclass is a caller of
    its base (where the call graph takes a method nothing calls by name as its class, a base made only off the
    step still runs in the training step through a subclass made there)."""
    for node, name in file.qualnames.items():
        if type(node) is not ast.ClassDef:
            continue
        for base in node.bases:
            base_name = file.def_of(base)
            if base_name and base_name != name:
                kind = file.local_context(node) or def_context(node)
                file.project.export(CALLED_BY, base_name, f"!{kind}" if kind else name)


def export_fields(file: FileContext) -> None:
    """`configs.FIELD` facts for the config classes of the file (each field's position, None when a base
    class may declare fields before it, and its default); `configs.FIELD_STORE` facts for its stores into
    an attribute of an object other than `self` (`block_args.padding = self.padding`, `replace(cfg, ...)`)."""
    project = file.project
    for node, qualname in file.qualnames.items():
        if type(node) is ast.FunctionDef:
            for name, value in configs.default_dict(node):  # (`def default_hparams(): return {"x": 1, ...}`)
                project.export(configs.HPARAM, name, (qualname, encode(file, value, None)))
            continue
        if type(node) is not ast.ClassDef:
            continue
        configs.export_params(file, node, qualname)  # (a Params-style class's own params: `self._params`)
        if not configs.config_class(file, node):
            for position, name, value in configs.settings_fields(file, node):  # (a plain settings class)
                default = NO_DEFAULT if value is None else encode(file, value, None)
                project.export(configs.FIELD, f"{qualname}.{name}", (position, default))
                project.export(configs.HPARAM, name, (qualname, (configs.REFERENCE, qualname)))
            continue
        plain = all(isinstance(b, ast.Name) and b.id == "object" or
                    (file.qualified(b) or "") in configs.NAMED_TUPLES for b in node.bases)
        for position, stmt in enumerate(configs.fields(node)):
            name = stmt.target.id
            if file.self_assignments(node, name):
                default = UNKNOWN  # (`__post_init__` sets it: what it holds is not the constructor's alone)
            elif stmt.value is None:
                default = NO_DEFAULT
            else:
                default = _field_default(file, stmt.value)
            project.export(configs.FIELD, f"{qualname}.{name}", (position if plain else None, default))
            project.export(configs.HPARAM, name, (qualname, (configs.REFERENCE, qualname)))
    for node in file.references:
        if type(node) is ast.Assign and len(node.targets) == 1:
            target = node.targets[0]
            if type(target) is ast.Attribute and not (type(target.value) is ast.Name and target.value.id in
                                                      ("self", "cls")):
                stored = encode(file, node.value, _enclosing_if_needed(file, node, node.value))
                project.export(configs.FIELD_STORE, target.attr,
                               _targeted((file.qualname(node), stored), file, target.value, node.value))
    for call in file.calls:
        func = call.func
        called = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None
        if call.keywords and called in ("replace", "evolve") and file.qualified(func) in configs.REPLACE:
            for keyword in call.keywords:
                if keyword.arg is not None:
                    stored = encode(file, keyword.value, _enclosing_if_needed(file, call, keyword.value))
                    project.export(configs.FIELD_STORE, keyword.arg, (file.qualname(call), stored))
        elif called is not None and (called in configs.HYPERPARAMETER_CALLS or called.startswith("DEFINE_")):
            for name, value in configs.hyperparameters(file, call):  # (a hyperparameter defined by name)
                default = encode(file, value, None) if value is not None else UNKNOWN
                project.export(configs.HPARAM, name, (file.qualname(call), default))
                template = configs.template_of(file, value)  # (`Define("encoder", Layer.Params(), doc)`)
                if template is not None:
                    project.export(configs.TEMPLATE, name, (file.qualname(call), template))
            for name, value in configs.hyperparameter_sets(call):  # (one set by name: a store of it)
                stored = encode(file, value, _enclosing_if_needed(file, call, value))
                holder = call.func.value if type(call.func) is ast.Attribute else None
                project.export(configs.FIELD_STORE, name,
                               _targeted((file.qualname(call), stored), file, holder, value))


def _targeted(fact: tuple, file: FileContext, holder: ast.expr | None, value: ast.expr) -> tuple:
    """A store's `FIELD_STORE` fact (who, value), with whose params it sets and whose hyperparameter it hands on
    when the source says (`configs.params_of`: `params = p.encoder_tpl.Copy()` ... `params.packed_input =
    p.packed_input`), as (who, value, target, (source, name))."""
    target = configs.params_of(file, holder) if holder is not None else None
    source = configs.params_of(file, value.value) if type(value) is ast.Attribute else None
    if target is None and source is None:
        return fact
    return (*fact, target, (source, value.attr) if source is not None else None)


def _enclosing_if_needed(file: FileContext, node: ast.AST, value: ast.expr) -> list | None:
    """The defs around `node` when `encode` may read a parameter in `value` (else None: no walk up)."""
    names = (value.body, value.orelse) if type(value) is ast.IfExp else (value,)
    return enclosing_functions(file, node) if any(type(n) is ast.Name and n.id in file.parameter_names
                                                   for n in names) else None


def _field_default(file: FileContext, value: ast.expr) -> Any:
    """A field's default as `passed.encode` keeps it: `field(default=x)` and pydantic's `Field(x)` / `Field(default=x)`
    are x (pydantic's `Field(...)`: none, every construction gives it); a factory, not known."""
    maker = (file.qualified(value.func) or "").rpartition(".")[2] if isinstance(value, ast.Call) else None
    if maker in ("field", "ib", "attrib", "Field"):
        value = argument(value, 0 if maker == "Field" else None, "default")
        if value is None:
            return UNKNOWN
        if type(value) is ast.Constant and value.value is Ellipsis:
            return NO_DEFAULT
    return encode(file, value, None)


def _export_property_reads(file: FileContext) -> None:
    """`self.outputs` read in a method of the class whose property `outputs` is: a call of the
    property's getter, made where that read is (a property nothing else calls is reached only
    through such reads: an Estimator spec builder's prediction-only outputs). Not a reference that
    hands the function on (`_export_reference` leaves property reads out). The public properties of
    a derived class are left out: the framework is their caller already (the training step)."""
    properties = file.properties
    if not properties:
        return
    names = {p.rpartition(".")[2] for p in properties}
    for load in file.name_loads.get("self", ()):  # (the walk's index: no second pass over the tree)
        read = file.parents.get(load)
        if type(read) is not ast.Attribute or read.attr not in names or type(read.ctx) is not ast.Load:
            continue
        owner = file.enclosing_class(read)
        name = file.qualnames.get(owner) if owner is not None else None
        if f"{name}.{read.attr}" not in properties or _derived(file, owner) and _framework_hook(read.attr):
            continue
        kind = file.local_context(read)
        file.project.export(CALLED_BY, f"{name}.{read.attr}", f"!{kind}" if kind else file.qualname(read))


def _piped(file: FileContext) -> set[str]:
    """The project functions this file hands to a tf.data transformation (exported as called by the host)."""
    prefix = f"{CALLED_BY}:"
    return {key[len(prefix):] for key, callers in file.project.exports.items()
            if key.startswith(prefix) and f"!{HOST}" in callers}


def _format_test(file: FileContext, function: ast.FunctionDef) -> tuple[str, str, int] | None:
    """("channels_last", "==", parameters) for a function that only returns a comparison of something
    with a data-format string (also through a module-level name: `return __is_channels_last__`), or
    its negation: of anything, without parameters (`image_data_format() == "channels_last"`); of its one
    parameter (`def is_channels_first(data_format): return data_format == "channels_first"`). The string
    may be a module constant, also one imported (`_CH_FIRST_STR`)."""
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    args = function.args
    positional = args.posonlyargs + args.args
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None or len(positional) > 1 or \
            args.vararg or args.kwarg or args.kwonlyargs:
        return None
    value = file.value_of(body[0].value)
    negated = False
    while isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not):
        value, negated = value.operand, not negated
    if not (isinstance(value, ast.Compare) and len(value.ops) == 1 and isinstance(value.ops[0], (ast.Eq, ast.NotEq))):
        return None
    sides = (value.left, value.comparators[0])
    held = [file.flag_value(side) if isinstance(side, ast.Name) else side for side in sides]
    found = [(layout_of(h.value), other) for h, other in zip(held, reversed(sides))
             if isinstance(h, ast.Constant) and layout_of(h.value)]
    if len(found) != 1:
        return None
    layout, compared = found[0]
    if positional and not (isinstance(compared, ast.Name) and compared.id == positional[0].arg):
        return None  # (one parameter: the comparison is of it)
    equal = isinstance(value.ops[0], ast.Eq) != negated
    return layout, "==" if equal else "!=", len(positional)


def _layout_constants(file: FileContext) -> dict[str, str]:
    """The module-level names the file binds to a data-format string (`_CH_FIRST_STR = "channels_first"`),
    and to nothing else anywhere in the module."""
    found: dict[str, str] = {}
    for stmt in file.tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
            stmt.target if isinstance(stmt, ast.AnnAssign) else None
        value = stmt.value if target is not None else None
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and layout_of(value.value):
            found[target.id] = value.value
    if found:  # (most modules bind none: their scopes are not indexed for it)
        index = file.scope_index(file.tree)
        found = {name: value for name, value in found.items() if name not in index.dynamic and all(
            isinstance(b.value, ast.Constant) and b.value.value == value for b in index.bindings.get(name, ()))}
    return found


def _derived(file: FileContext, node: ast.ClassDef) -> bool:
    """A class with a base whose machinery may call its methods: any base but `object` and the plain markers of
    the standard library (`abc.ABC`, `typing.Generic`, `typing.Protocol`), whose machinery calls none."""
    return not all(is_plain_base(file, b) for b in node.bases)


def _framework_hook(name: str) -> bool:
    """A method the base classes' machinery may call (Keras calls `call`, `build`, `train_step`...):
    its callers are not all in the source, so the training step is one of them."""
    return not name.startswith("_") or (name.startswith("__") and name.endswith("__"))


def _module_bindings(file: FileContext) -> dict[str, list[str]]:
    """Module-level names bound to something elsewhere: imports (also those in module-level
    `if`/`try`/`with` blocks, every alternative: `project.resolve` takes the one that leads to
    TensorFlow/Keras) and aliases; `*` -> the modules star-imported."""
    found = {name: [target] for name, target in file.module_aliases().items()}
    for stmt in _module_imports(file.tree.body):
        for local, target in import_bindings(stmt, file.imports.package):
            targets = found.setdefault(local, [])
            target = canonical(target)  # a star module too: `keras.src.ops` is `keras.ops`
            if target not in targets:
                targets.append(target)
    return found


def _module_imports(body: list[ast.stmt]):
    """The import statements a module runs at import time: its top level and the blocks of its
    top-level `if`, `try` and `with` statements (not function or class bodies)."""
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            yield stmt
        elif isinstance(stmt, (ast.If, ast.Try, ast.With)):
            blocks = [stmt.body, getattr(stmt, "orelse", []), getattr(stmt, "finalbody", [])]
            blocks += [handler.body for handler in getattr(stmt, "handlers", [])]
            for block in blocks:
                yield from _module_imports(block)


# builtins whose arguments are named, not called or kept: a class in `super(Cls, self)` or `isinstance(x, Cls)` is
# no reference by which code outside the call graph could make or run it
_INSPECTING = frozenset({"super", "isinstance", "issubclass"})


def _predict_named(file: FileContext, call: ast.Call) -> bool:
    """Whether a call is inference only by the name of a def around it that says prediction (`predict`,
    `prediction`: words that also name a forward pass), not by a model built only to predict around it
    (`FileContext.in_predict_only`)."""
    if file.in_predict_only(call):
        return False
    return any(PREDICTION_WORDS & set(tokens(a.name)) for a in file.ancestors(call)
               if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def _export_call(file: FileContext, call: ast.Call, cpu: bool, stored: frozenset[str]) -> None:
    """`cpu`: the file places code on the CPU somewhere; `stored`: `FileContext.stored_functions`."""
    project = file.project
    callee = file.callee(call)
    callees = [callee] if callee is not None else file.stored_callees(call) if stored else ()
    if callees:
        kind = file.local_context(call)
        if not kind and _piped_result(file, call):
            kind = HOST
        caller = f"!{kind}" if kind else _device_caller(file, call, cpu)
        # (tests call with anything: not kept; a call of a partial passes what the partial binds too)
        # (nor what a block that only shows the module's models passes: `file.in_demo`)
        passing = _arguments(file, call, _partial_of(file, call.func)) if kind != "test" and \
            not file.in_demo(call) else None
        named = kind == "inference" and _predict_named(file, call)
        for function in callees:
            project.export(CALLED_BY, function, caller)
            if named:
                project.export(PREDICT_NAMED, function, True)
            if passing is not None:
                project.export(ARG_CALL, function, (caller, *passing))
            _export_flags(file, call, function, caller, kind)
    elif type(call.func) is ast.Name:
        _export_parameter_call(file, call)
    base, skip = _base_constructor(file, call, callees)
    if base is not None:
        # a subclass's constructor passes its base's parameters (not followed, as before: `*args`, what its own
        # callers pass by position, and `**hyperpar`, a dict it builds: only its own `**kwargs` handed on whole)
        kind = file.local_context(call)
        if kind != "test":
            project.export(ARG_CALL, base, (f"!{kind}" if kind else _device_caller(file, call, cpu),
                                            *_arguments(file, call, skip=skip)))
    qualified = file.qualified(call.func)
    if qualified in WRAPPERS:
        if qualified == PARTIAL and call.args and _escapes(file, call):
            _export_partial(file, call, cpu)
        return  # it wraps its function; where the wrapper goes decides (see FileContext.def_of)
    if qualified in BEAM_TRANSFORMS:
        _export_beam_arguments(file, call)
        return
    if type(call.func) is ast.Name and call.func.id in _INSPECTING and call.func.id not in file.def_names:
        return  # (`super(Block, self)`, `isinstance(x, Block)`: the class is named, not made nor handed on)
    host = _host_arguments(file, call, callee)
    starred = False
    for position, value in enumerate(call.args):
        kind = type(value)
        if kind is ast.Starred:
            starred = True
        elif kind in _REFERABLE and _referable(file, value, kind, position in host):  # (most are not: no call)
            handed = (callee, None if starred else position, None) if callee is not None else None
            _export_reference(file, value, position in host, call, handed)
    for kw in call.keywords:
        value = kw.value
        kind = type(value)
        if kw.arg == SIGNATURES and _export_signatures(file, call, value):
            continue
        if kind in _REFERABLE and _referable(file, value, kind, kw.arg in host):
            handed = (callee, None, kw.arg) if callee is not None and kw.arg else None
            _export_reference(file, value, kw.arg in host, call, handed)
    if host:
        _export_host_parameter(file, call)


def _super_init(file: FileContext, call: ast.Call) -> str | None:
    """The project class whose constructor `super().__init__(...)` (or `super(Cls, self).__init__(...)`) in a
    constructor calls: the class's first base, a class of the project. Only what it passes is exported
    (`project.ARG_CALL`: the base's parameters as the subclass gives them); the call graph has the subclass
    as its base's caller already (`_export_subclasses`)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "__init__" or type(func.value) is not ast.Call:
        return None
    inner = func.value
    if type(inner.func) is not ast.Name or inner.func.id != "super" or inner.keywords or len(inner.args) not in (0, 2):
        return None
    method = file.scope_of(call)
    owner = file.parent(method) if type(method) is ast.FunctionDef and method.name == "__init__" else None
    kwarg = method.args.kwarg.arg if owner is not None and method.args.kwarg is not None else None
    if any(type(a) is ast.Starred for a in call.args) or \
            any(k.arg is None and not (type(k.value) is ast.Name and k.value.id == kwarg) for k in call.keywords):
        return None
    if type(owner) is not ast.ClassDef or not owner.bases or \
            inner.args and not (type(inner.args[0]) is ast.Name and inner.args[0].id == owner.name):
        return None
    base = file.def_of(owner.bases[0])
    node = file.defs.get(base) if base is not None else None
    return base if base is not None and (node is None or type(node) is ast.ClassDef) else None


def _base_constructor(file: FileContext, call: ast.Call, callees: Any) -> tuple[str | None, int]:
    """The project base whose constructor a subclass's constructor calls, and how many of the call's leading
    arguments are not the base's parameters: `Base.__init__(self, ...)` (`self` first: what follows it is the
    base's parameters by position, as `super().__init__` has them), `super().__init__(...)` (none; only where the
    call resolves to no project function, `callees`); (None, 0)."""
    if type(call.func) is not ast.Attribute or call.func.attr != "__init__":
        return None, 0
    base = _base_init(file, call)
    if base is not None:
        return base, 1
    return (None if callees else _super_init(file, call)), 0


def _base_init(file: FileContext, call: ast.Call) -> str | None:
    """The project class whose constructor `Base.__init__(self, ...)` in a constructor calls, a base of the class
    whose constructor it is, on the constructor's own `self` (not a starred one)."""
    method = file.scope_of(call)
    if type(method) is not ast.FunctionDef or method.name != "__init__" or not method.args.args or not call.args or \
            type(call.args[0]) is not ast.Name or call.args[0].id != method.args.args[0].arg:
        return None
    kwarg = method.args.kwarg.arg if method.args.kwarg is not None else None
    if any(type(a) is ast.Starred for a in call.args) or \
            any(k.arg is None and not (type(k.value) is ast.Name and k.value.id == kwarg) for k in call.keywords):
        return None  # (as `_super_init`: only the constructor's own `**kwargs` handed on whole)
    owner = file.parent(method)
    base = file.def_of(call.func.value)
    if type(owner) is not ast.ClassDef or base is None or base not in {file.def_of(b) for b in owner.bases}:
        return None
    node = file.defs.get(base)
    return base if node is None or type(node) is ast.ClassDef else None


def _referable(file: FileContext, value: ast.expr, kind: type, host: bool) -> bool:
    """Whether `_export_reference` may export an argument: not a literal, an operation..., a call's
    result only where the pipeline calls it, a name only if it may name a project function or a lambda
    (most arguments are local variables: `FileContext.names_nothing`)."""
    if kind is ast.Name:
        return host or not file.names_nothing(value.id) or value.id in file.lambda_names
    return kind in _REFERABLE and (kind is not ast.Call or host)


# the arguments `_export_reference` may export (a call's result only where the pipeline calls it)
_REFERABLE = frozenset({ast.Name, ast.Attribute, ast.Lambda, ast.Call})


def _export_parameter_call(file: FileContext, call: ast.Call) -> None:
    """A call of a parameter of the enclosing function that the function only calls or tests
    (`layer.set_weights(layer_weight_process(layer, bn))`): a function its callers hand there runs
    here (`project.PARAMETER_CALL`, joined with the hand-offs when the index computes contexts)."""
    name = call.func.id
    if name not in file.parameter_names or not file._local(name):
        return  # (most calls of a name call a local variable, a builtin, an import)
    function = next((f for f in enclosing_functions(file, call) if name in parameter_names(f)), None)
    if function is not None and name in file.stored_names:  # assigned somewhere in the file: here too?
        bound = file.binding(call.func)
        function = None if bound is None or bound.stmt is not None or bound.value is not None else function
    callee = callee_of(file, function) if function is not None else None
    if callee is None or not all(_called_or_tested(file, load) for load in file.name_loads.get(name, ())
                                 if parameter_owner(file, load) is function):
        return
    positional = passed_positional(file, function)
    kind = file.local_context(call)
    file.project.export(PARAMETER_CALL, callee, (positional.index(name) if name in positional else -1, name,
                                                 f"!{kind}" if kind else file.qualname(call)))


def _export_stored_parameter_calls(file: FileContext) -> None:
    """A constructor parameter the constructor only stores on the instance (`self._baseline_fn = baseline_fn`;
    an `is None` test aside) and the class's methods only call (`self._baseline_fn(obs)`) or test: a function
    handed there runs where those methods call it (`project.PARAMETER_CALL` of the class, as for a parameter a
    function calls itself): in a metric's `call`, a callback's hook, wherever that method runs. Any other read of
    the attribute (handed on, returned, stored elsewhere) or a second assignment of it exports nothing (the
    hand-off's fallback, an unknown caller, stays)."""
    found: dict[tuple[ast.ClassDef, str], list[ast.Call]] = {}
    for call in file.calls:
        func = call.func
        if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
            owner = file.enclosing_class(call)
            if owner is not None:
                found.setdefault((owner, func.attr), []).append(call)
    if not found:
        return
    assignments = file.self_assignments_by_class()
    reads: dict[ast.ClassDef, dict[str, list[ast.Attribute]]] = {}
    for (owner, attr), calls in found.items():
        stores = assignments.get(owner, {}).get(attr, [])
        if len(stores) != 1 or type(stores[0].value) is not ast.Name:
            continue
        store, value = stores[0], stores[0].value
        init = file.scope_of(store)
        if type(init) is not ast.FunctionDef or init.name != "__init__" or file.parents.get(init) is not owner or \
                parameter_owner(file, value) is not init:
            continue
        positional = passed_positional(file, init)
        if value.id not in positional and value.id not in [a.arg for a in init.args.kwonlyargs]:
            continue
        if not all(load is value or _called_or_tested(file, load) for load in file.name_loads.get(value.id, ())
                   if parameter_owner(file, load) is init):
            continue
        if owner not in reads:
            reads[owner] = {}
            for node in walk_nodes(owner):
                if type(node) is ast.Attribute and type(node.value) is ast.Name and node.value.id == "self" and \
                        type(node.ctx) is ast.Load:
                    reads[owner].setdefault(node.attr, []).append(node)
        if not all(_called_or_tested(file, read) for read in reads[owner].get(attr, ())):
            continue
        callee = callee_of(file, init)
        index = positional.index(value.id) if value.id in positional else -1
        for call in calls:
            kind = file.local_context(call)
            file.project.export(PARAMETER_CALL, callee, (index, value.id, f"!{kind}" if kind else file.qualname(call)))


def _export_beam_arguments(file: FileContext, call: ast.Call) -> None:
    """`beam.Map(preprocess, parse_fn, hparams)`: Beam's workers call `preprocess`, which may call
    `parse_fn`: a project function among the arguments runs in the Beam job (`BEAM`); a parameter of
    the enclosing function given there runs there too, for whatever the function's callers hand it
    (`project.PARAMETER_CALL`), if the function does nothing else with it but call or test it."""
    function = None
    for value in [*call.args, *(kw.value for kw in call.keywords)]:
        name = file.def_of(value) if isinstance(value, (ast.Name, ast.Attribute, ast.Lambda, ast.Call)) else None
        if name is not None:
            file.project.export(CALLED_BY, name, f"!{BEAM}")
        elif type(value) is ast.Name and value.id in file.parameter_names:
            function = function or next(iter(enclosing_functions(file, call)), None)
            if function is None or value.id not in passed_positional(file, function) + \
                    [a.arg for a in function.args.kwonlyargs]:
                continue
            if all(_called_or_tested(file, load) for load in file.name_loads.get(value.id, ())
                   if parameter_owner(file, load) is function):
                positional = passed_positional(file, function)
                index = positional.index(value.id) if value.id in positional else -1
                file.project.export(PARAMETER_CALL, callee_of(file, function), (index, value.id, f"!{BEAM}"))


def _called_or_tested(file: FileContext, load: ast.Name) -> bool:
    """A read of a function's name that calls it, or only tests it (`if fn is not None`, `if fn:`,
    `not fn`), or gives it to a Beam transform (`_export_beam_arguments`): it hands the function to
    nothing that may run it in a training step."""
    parent = file.parents.get(load)
    if type(parent) is ast.Call and parent.func is not load and file.qualified(parent.func) in BEAM_TRANSFORMS:
        return True
    return (isinstance(parent, ast.Call) and parent.func is load or isinstance(parent, ast.Compare)
            or isinstance(parent, (ast.If, ast.IfExp, ast.While)) and parent.test is load
            or isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not))


def _places_on_cpu(file: FileContext) -> bool:
    """Whether the file calls `tf.device("/CPU:0")` somewhere (most do not: no run-time choice to look
    for; the text says so before any node is looked at)."""
    if "device" not in file.text:
        return False
    for call in file.calls:
        func = call.func
        if (func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None) == "device" \
                and is_cpu_device(call):
            return True
    return False


def _device_caller(file: FileContext, call: ast.Call, cpu: bool) -> str | tuple[str, str]:
    """The caller of a call the file places in the training step: its function; and, when the call is
    the device half of a choice made at run time (the same call is made under `tf.device("/CPU:0")`
    in the other branch, `_cpu_twin`), the kind its callee takes where that function is on the
    device (`context.propagate`)."""
    caller = file.qualname(call)
    choice = _cpu_twin(file, call) if cpu else None
    if choice is None:
        return caller
    device, condition = choice
    outer = f"{file.module or file.path}."  # (see FileContext.qualname)
    name = caller[len(outer):] if caller.startswith(outer) else caller
    return caller, cpu_choice(name, device, condition)


def _cpu_twin(file: FileContext, call: ast.Call) -> tuple[str, str] | None:
    """(the `tf.device(...)` text, the condition) when the same call (same function, same arguments)
    is made under a CPU device scope in the branch of an `if` that `call` is not in:
    `if use_cpu: with tf.device("/CPU:0"): return f(**kw)` followed by `return f(**kw)`, or in the
    `else`. The test must not be a literal (then the code, not the run, decides)."""
    twin = ast.dump(call)
    child = call
    for anc in file.ancestors(call):
        where = file.block_of(child) if isinstance(child, ast.stmt) else None
        for before in (where[0][:where[1]] if where else ()):
            # an earlier `if` whose branch makes the call on the CPU and returns: this call is its else
            if isinstance(before, ast.If) and not before.orelse and _ends(before.body):
                found = _device_scope(file, before.body, twin)
                if found and file.literal(before.test) is NOT_LITERAL:
                    return found, _condition(before.test, negated=False)
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return None
        if isinstance(anc, ast.If) and child is not anc.test:
            in_body = any(child is s for s in anc.body)
            found = _device_scope(file, anc.orelse if in_body else anc.body, twin)
            if found and file.literal(anc.test) is NOT_LITERAL:
                return found, _condition(anc.test, negated=in_body)
        child = anc
    return None


def _device_scope(file: FileContext, block: list[ast.stmt], twin: str) -> str | None:
    """The text of the CPU `tf.device(...)` under which `block` makes the call dumped as `twin`."""
    for stmt in block:
        for node in ast.walk(stmt):
            if isinstance(node, (ast.With, ast.AsyncWith)):
                device = next((item.context_expr for item in node.items if is_cpu_device(item.context_expr)), None)
                if device is not None and any(isinstance(n, ast.Call) and ast.dump(n) == twin
                                              for s in node.body for n in ast.walk(s)):
                    return file.segment(device)
    return None


def _ends(block: list[ast.stmt]) -> bool:
    """A block that never falls through to the statement after its `if` (it returns or raises last)."""
    last = block[-1] if block else None
    if isinstance(last, (ast.With, ast.AsyncWith)):
        return _ends(last.body)
    return isinstance(last, (ast.Return, ast.Raise))


def _condition(test: ast.expr, negated: bool) -> str:
    if negated:
        return ast.unparse(test.operand) if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) \
            else f"not {ast.unparse(test)}"
    return ast.unparse(test)


def _export_flags(file: FileContext, call: ast.Call, callee: str, caller: str | tuple, kind: str | None) -> None:
    """A call that passes a flag as a literal (`make_dataset(files, is_training=False,
    rebatch=eval_rebatch)`, `make(files, True)`): what it passes by keyword, so that a branch of the
    callee on a parameter (`if rebatch:`) can be placed where the calls that take it run
    (`context.flag_branch_context`). Calls without a literal flag are not recorded (most calls)."""
    if not any(_flag_value(value) != "?" for value in [*call.args, *(kw.value for kw in call.keywords)]):
        return
    passed = tuple(sorted((kw.arg, _flag_value(kw.value)) for kw in call.keywords if kw.arg))
    file.project.export(FLAG_CALL, callee, (caller, kind or "", len(call.args), passed))


def _partial_of(file: FileContext, func: ast.expr) -> ast.Call | None:
    """The `functools.partial(f, ...)` a call calls: itself (`partial(f, a)(x)`) or the one a name is
    bound to (`conv = partial(f, l2=1e-4)` ... `conv(x)`), as `FileContext.def_of` follows it."""
    if type(func) is ast.Name and func.id in file._wrapper_targets and func.id not in file.imports.names:
        bound = file.binding(func)
        func = bound.value if bound is not None else None
    return func if type(func) is ast.Call and func.args and file.qualified(func.func) == PARTIAL else None


def _escapes(file: FileContext, partial: ast.Call) -> bool:
    """Whether a partial may be called where this file does not show it: it is not called at once,
    nor bound to a name of its function that is only ever called."""
    parent = file.parent(partial)
    if type(parent) is ast.Call and parent.func is partial:
        return False
    if not (type(parent) is ast.Assign and len(parent.targets) == 1 and type(parent.targets[0]) is ast.Name):
        return True
    name = parent.targets[0].id
    index = file.scope_index(file.scope_of(parent))
    if name in index.dynamic or isinstance(file.scope_of(parent), (ast.Module, ast.ClassDef)):
        return True
    for load in index.loads_of(name):
        used = file.parent(load)
        if not (type(used) is ast.Call and used.func is load):
            return True
    return False


def _export_partial(file: FileContext, partial: ast.Call, cpu: bool) -> None:
    """`functools.partial(f, l2=1e-4)` handed on, returned or stored: a call of `f` that passes what it
    binds, and maybe more that is not known here (its callers elsewhere add arguments). (Not a caller
    for contexts: where the partial runs is where it is handed, `_export_reference` / `def_of`.)"""
    function = file.def_of(partial.args[0])
    kind = file.local_context(partial)
    if function is None or kind == "test":
        return
    caller = f"!{kind}" if kind else _device_caller(file, partial, cpu)
    positional, keywords, _ = _arguments(file, partial, skip=1)
    file.project.export(ARG_CALL, function, (caller, positional, keywords, True))


def _arguments(file: FileContext, call: ast.Call, partial: ast.Call | None = None,
               skip: int = 0) -> tuple[tuple, tuple, bool]:
    """What a call passes (`project.ARG_CALL`): its positional arguments up to the first `*args`,
    its keywords (`passed.encode`: UNKNOWN for a value not known here; a parameter it names no other
    way), and whether it passes more that is not known here (`*args`, `**kw`): then a parameter it
    does not name may be among them.
    A `**kwargs` of the calling function handed on whole, with nothing else unknown, is said as
    `passed.forwarded_keywords` has it: its keywords are what the caller's own callers pass."""
    args, keywords_given = call.args[skip:], call.keywords
    if partial is not None:  # what the partial binds comes first; the call's keywords win over its
        args, keywords_given = partial.args[1:] + args, keywords_given + partial.keywords
    if not args and not keywords_given:
        return (), (), False
    parameters = file.parameter_names
    enclosing = enclosing_functions(file, call) if any(type(a) is ast.Name and a.id in parameters for a in args) \
        or any(type(kw.value) is ast.Name and kw.value.id in parameters for kw in keywords_given) else None
    positional = []
    for value in args:
        if type(value) is ast.Starred:
            break
        positional.append(encode(file, value, enclosing))
    keywords, opaque, forwarded = [], len(positional) < len(args), None
    seen = set()
    for kw in keywords_given:
        if kw.arg is not None:
            if kw.arg in seen:
                continue  # (a keyword the call passes again over its partial's)
            seen.add(kw.arg)
        if kw.arg is None and forwarded is None and enclosing:
            forwarded = forwarded_keywords(file, kw.value, enclosing)
            if forwarded is not None:
                continue
        if kw.arg is None:
            opaque = True
        else:
            keywords.append((kw.arg, encode(file, kw.value, enclosing)))
    return tuple(positional), tuple(sorted(keywords)), opaque or forwarded or False


def _flag_value(value: ast.expr) -> bool | None | str:
    if isinstance(value, ast.Constant) and (value.value is None or isinstance(value.value, bool)):
        return value.value
    return "?"


_NO_HOST: frozenset = frozenset()  # (most calls hand the pipeline nothing: no set made for them)


def _host_arguments(file: FileContext, call: ast.Call, callee: str | None) -> set:
    """The positions and keywords of `call` whose function the tf.data pipeline runs: the function
    of a tf.data transformation, or an argument the called project function hands to one
    (`parse_files(parser=parse)` where parse_files maps `parser`)."""
    func = call.func
    kind = type(func)
    transform = HOST_TRANSFORMS.get(func.attr if kind is ast.Attribute else func.id if kind is ast.Name else "")
    found: set = set(transform) if transform else _NO_HOST
    if callee is not None and _passes_a_function(call):
        for index, name in file.project.query(HOST_PARAMETER, callee):
            found = set(found) if found is _NO_HOST else found
            found.add(name)
            if index >= 0:
                found.add(index)
    return found


_FUNCTION_VALUES = frozenset({ast.Name, ast.Attribute, ast.Lambda})  # arguments that may be a function


def _piped_result(file: FileContext, call: ast.Call) -> bool:
    """Whether what a call of a project function returns is only the function a tf.data transformation runs
    (`ds.map(make_parse_fn(cfg))`, or `parse = make_parse_fn(cfg)` whose every read is such an argument): the
    factory runs where the pipeline is built, and the closure it returns runs in the pipeline (a closure's code
    takes its enclosing function's context), on the host."""
    parent = file.parents.get(call)
    if type(parent) is ast.Call:
        return call is not parent.func and _host_argument(file, parent, call)
    if type(parent) is not ast.Assign or len(parent.targets) != 1 or type(parent.targets[0]) is not ast.Name:
        return False
    name = parent.targets[0].id
    scope = file.scope_of(parent)
    if isinstance(scope, (ast.Module, ast.ClassDef)):
        return False  # (a module's or a class's name: read anywhere)
    loads = [load for load in file.name_loads.get(name, ())
             if file.scope_of(load) is scope or scope in file.ancestors(load)]  # (a closure's reads too)
    return bool(loads) and all(type(reader := file.parents.get(load)) is ast.Call and load is not reader.func and
                               _host_argument(file, reader, load) for load in loads)


def _passes_a_function(call: ast.Call) -> bool:
    """Whether a call passes a name, an attribute or a lambda: an argument that may be a function."""
    for value in call.args:
        if type(value) in _FUNCTION_VALUES:
            return True
    for kw in call.keywords:
        if type(kw.value) in _FUNCTION_VALUES:
            return True
    return False


def _host_argument(file: FileContext, call: ast.Call, value: ast.AST) -> bool:
    """Whether `value`, an argument of `call`, is one the tf.data pipeline runs (`_host_arguments`)."""
    if value in call.args:
        key: int | str | None = call.args.index(value)
        if any(type(a) is ast.Starred for a in call.args[:key]):
            return False
    else:
        key = next((kw.arg for kw in call.keywords if kw.value is value), None)
    return key is not None and key in _host_arguments(file, call, file.callee(call))


def _export_host_parameter(file: FileContext, call: ast.Call) -> None:
    """A function that hands one of its parameters to a tf.data transformation: a function its
    callers pass there runs in the pipeline."""
    func = call.func
    transform = HOST_TRANSFORMS.get(func.attr) if isinstance(func, ast.Attribute) else None
    value = argument(call, transform[1], transform[0]) if transform else None
    if type(value) is ast.Lambda and type(value.body) is ast.Call and type(value.body.func) is ast.Name:
        value = value.body.func  # `ds.map(lambda x: fn(x, *args))`: the lambda runs `fn` in the pipeline
    if not isinstance(value, ast.Name):
        return
    # the def whose parameter it is: the innermost one, or one around it (a decorator's `def deco(fn): def
    # wrapper(ds): return ds.map(fn)`: the function `deco` is given runs in the pipeline)
    function = next((a for a in file.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))
                     and value.id in {arg.arg for arg in (*a.args.posonlyargs, *a.args.args, *a.args.kwonlyargs)}),
                    None)
    if function is None or function not in file.qualnames:
        return
    positional = passed_positional(file, function)
    if value.id in positional or value.id in [a.arg for a in function.args.kwonlyargs]:
        index = positional.index(value.id) if value.id in positional else -1
        file.project.export(HOST_PARAMETER, file.qualnames[function], (index, value.id))


def _export_reference(file: FileContext, value: ast.AST, host: bool, call: ast.Call | None = None,
                      handed: tuple | None = None) -> None:
    """A function passed as an argument: to a tf.data transformation it runs on the host; to a project
    function (`handed`: it, the position, the keyword), where that function calls the parameter
    (`project.PARAMETER_CALL`), else as before the hand-off was joined: a lambda where its caller
    runs, a named function anywhere; a function defined in the same function as the TensorFlow op it
    is handed to, which runs it there and keeps it not (`tf.scan(next_state, ...)`, a
    `tf.while_loop` body), runs where that call runs, like a lambda; anywhere else it may be called
    by anything (an unknown caller, so the training step)."""
    if handed is not None and not host and (type(value) is ast.Lambda or type(value) is ast.Name and
                                            value.id in file.lambda_names):
        if _export_handed_lambda(file, value, call, handed):
            return
    if not isinstance(value, (ast.Name, ast.Attribute, ast.Lambda, ast.Call)) or (
            isinstance(value, (ast.Lambda, ast.Call)) and not host):
        return  # a lambda passed elsewhere runs where its caller does: the training step by default
    name = file.def_of(value)
    if name is None and host:
        for piped in _piped_alternatives(file, value):
            file.project.export(CALLED_BY, piped, f"!{HOST}")
        return
    if name is None or type(value) is ast.Attribute and name in file.properties:
        return  # (a property's read calls it: `_export_property_reads`)
    if host:
        file.project.export(CALLED_BY, name, f"!{HOST}")
    elif call is not None and file.qualified(call.func) in TRACES_NOW and _nested_here(file, name, call):
        kind = file.local_context(call)
        file.project.export(CALLED_BY, name, f"!{kind}" if kind else file.qualname(call))
    elif call is not None and handed is None and (kind := _off_step_method(file, call)) is not None:
        file.project.export(CALLED_BY, name, f"!{kind}")
    else:
        file.project.export(CALLED_BY, name, (HANDED, *handed, "?") if handed is not None else "?")
        if file.local_context(value) is None:  # (the functions whose code refers to it: `steps.on_step`)
            for referrer in referrers(file, value):
                file.project.export(REFERRED_BY, name, referrer)


# the methods of a framework's model objects that run a function they are given off the training step, by the
# framework's contract: `tf.estimator.Estimator.predict(input_fn)` and `.evaluate(input_fn)` (Keras's `predict` /
# `evaluate` of a generator likewise) build an inference or evaluation graph from it, never a training step
_OFF_STEP_METHODS = {"predict": "inference", "evaluate": "eval"}


def _off_step_method(file: FileContext, call: ast.Call) -> str | None:
    """The kind of a call of an object's `predict` / `evaluate` method that no project function defines (an
    Estimator's, a Keras model's): a function handed to it runs in prediction or evaluation (the call's own
    context first: a test's call is a test's). None for any other call."""
    func = call.func
    kind = _OFF_STEP_METHODS.get(func.attr) if type(func) is ast.Attribute else None
    if kind is None or file.qualified(func) is not None:
        return None  # (a module's function of that name is no model's method)
    return file.local_context(call) or kind


SIGNATURES = "signatures"  # `tf.saved_model.save(obj, path, signatures=...)`, `model.save(path, signatures=...)`


def _export_signatures(file: FileContext, call: ast.Call, value: ast.AST) -> bool:
    """The functions a save call exports as serving signatures (`signatures=serve`, `signatures={"serving_default":
    serve.get_concrete_function(spec)}`, `signatures=tf.function(serve, input_signature=...)`): SavedModel's
    signatures are what a server runs, so the export is their caller ("!export", or the call's own context). Whether
    any was found (then the value is no reference of unknown use)."""
    functions = [f for v in (value.values if type(value) is ast.Dict else [value]) for f in _signature_functions(file, v)]
    kind = file.local_context(call) or "export"
    for function in functions:
        file.project.export(CALLED_BY, function, f"!{kind}")
    return bool(functions)


def _signature_functions(file: FileContext, value: ast.AST) -> list[str]:
    """The project function a signature's value is: the function, its `get_concrete_function(...)`, or its
    `tf.function(fn, input_signature=...)` wrapping."""
    if type(value) is ast.Call:
        func = value.func
        if type(func) is ast.Attribute and func.attr == "get_concrete_function":
            return _signature_functions(file, func.value)
        if value.args and file.qualified(func) == "tensorflow.function":
            return _signature_functions(file, value.args[0])
        return []
    if type(value) not in (ast.Name, ast.Attribute):
        return []
    # (as a call of it would name it: also a method of an object a local name or `self.<attr>` holds)
    name = file.callee(ast.Call(func=value, args=[], keywords=[]))
    return [name] if name is not None else []


def _custom_object(file: FileContext, key: ast.expr | None, value: ast.expr) -> bool:
    """A class a dict holds under its own name (`{'SeqSelfAttention': SeqSelfAttention}`, Keras's `custom_objects` of
    a `get_custom_objects()` or a `load_model` call): Keras builds it from a config its constructions saved
    (`from_config`), so the reference brings no values of its own and is no unknown caller."""
    name = value.id if type(value) is ast.Name else value.attr if type(value) is ast.Attribute else None
    if name is None or type(key) is not ast.Constant or key.value != name:
        return False
    local = file.defs.get(file.def_of(value) or "")
    return type(local) is ast.ClassDef or local is None and name[:1].isupper()


def _registry_kind(file: FileContext, node: ast.Dict) -> str | None:
    """"eval" for a dict literal bound to a name that says evaluation metrics (`METRICS_FNS = {Metrics.ACC:
    padded_accuracy, ...}`, `eval_metrics = {...}`): a registry of metric functions, which whoever reads it runs
    to evaluate, the same word (`context.name_context`) that makes a function named for a metric evaluation
    code. A name that also says training (`train_metrics`) is none; nor is any other kind (a dict named for
    prediction heads holds layers the training step runs)."""
    parent = file.parents.get(node)
    if type(parent) is ast.keyword and parent.arg == SIGNATURES:
        return "export"  # (a SavedModel's serving signatures: `_export_signatures`)
    if type(parent) is not ast.Assign or parent.value is not node:
        return None
    names = [t.id if type(t) is ast.Name else t.attr if type(t) is ast.Attribute else None for t in parent.targets]
    kinds = {name_context(name) if name else None for name in names}
    return "eval" if kinds == {"eval"} else None


def _export_registered(file: FileContext, value: ast.AST, kind: str) -> bool:
    """A project function a registry of `kind` holds (`_registry_kind`): called by "!kind", no unknown caller."""
    if type(value) not in (ast.Name, ast.Attribute):
        return False
    name = file.def_of(value)
    if name is None or type(value) is ast.Attribute and name in file.properties:
        return False
    file.project.export(CALLED_BY, name, f"!{kind}")
    return True


def _export_returned_function(file: FileContext, node: ast.Return, value: ast.AST) -> bool:
    """A function a factory returns: one defined in it (`def make_input_fn(gen): def input_fn(): ...; return
    input_fn`) or a project function bound by a partial (`return partial(_map_fn, data_aug_fn=aug)`, also through
    a local name): whoever calls the factory gets it, and runs it or hands it on from where the call is made, so it
    runs where the factory's callers run; the factory stands as its caller (the return's own context first: a
    branch on a mode, the factory's name). Anything else returned is a reference."""
    scope = file.scope_of(node)
    if type(scope) not in (ast.FunctionDef, ast.AsyncFunctionDef) or scope not in file.qualnames:
        return False
    name = _returned_function(file, scope, value)
    if name is None:
        return False
    kind = file.local_context(node)
    file.project.export(CALLED_BY, name, f"!{kind}" if kind else file.qualnames[scope])
    return True


def _returned_function(file: FileContext, scope: ast.AST, value: ast.AST) -> str | None:
    """The function `_export_returned_function` takes the factory `scope` to return in `value`, or None."""
    bound = value
    if type(value) is ast.Name and value.id not in file.def_names:
        binding = file.binding(value)
        bound = binding.value if binding is not None and binding.value is not None else value
    if type(bound) is ast.Call and file.qualified(bound.func) in WRAPPERS and bound.args:
        return file.def_of(bound)  # (a partial, or another wrapper: any project function it wraps)
    if type(value) is not ast.Name:
        return None
    name = file.def_of(value)
    nested = file.defs.get(name) if name is not None else None
    if type(nested) not in (ast.FunctionDef, ast.AsyncFunctionDef) or file.scope_of(nested) is not scope:
        return None
    return name


def referrers(file: FileContext, node: ast.AST) -> list[str]:
    """The functions a function referred to at `node` (not called) runs from, as far as this file shows:
    the function (or module) whose code refers to it; for a constructor, which stores what it refers to
    (`self.probability_fn = partial(_monotonic_fn, ...)`), the class's other methods, which run it."""
    scope = file.scope_of(node)
    owner = file.parents.get(scope)
    if type(scope) is ast.FunctionDef and scope.name == "__init__" and type(owner) is ast.ClassDef:
        methods = [file.qualnames[stmt] for stmt in owner.body
                   if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef) and stmt is not scope]
        if methods:
            return methods
    return [file.qualname(node)]


def _piped_alternatives(file: FileContext, value: ast.AST) -> list[str]:
    """The project functions a tf.data transformation's argument may be when `def_of` does not name
    one: each function a local variable may hold where it is read (`input_fn = partial(preprocess,
    ...)` in one branch, `input_fn = parse` in the other), or the one method of that name among the
    file's classes for a method of an object the file does not show (`.map(augmenter.tf_augment)`)."""
    if type(value) is ast.Name and value.id in file.stored_names:
        found = (file.def_of(bound.value) for bound in file.reaching_bindings(value) if bound.value is not None)
        return [name for name in found if name is not None]
    if type(value) is ast.Attribute and file.qualified(value) is None:
        method = file.only_method(value.attr)
        return [file.qualnames[method]] if method is not None else []
    return []


def _export_handed_lambda(file: FileContext, value: ast.AST, call: ast.Call, handed: tuple) -> bool:
    """A lambda (also a local name bound to one) handed to a project function's parameter: its caller
    is the hand-off (`project.HANDED`), which falls back to where the call runs. False for any other
    argument."""
    lambda_ = value if type(value) is ast.Lambda else None
    if type(value) is ast.Name and value.id in file.lambda_names:
        bound = file.binding(value)
        lambda_ = bound.value if bound is not None and type(bound.value) is ast.Lambda else None
    name = file.qualnames.get(lambda_) if lambda_ is not None else None
    if name is None:
        return False
    kind = file.local_context(call)
    file.project.export(CALLED_BY, name, (HANDED, *handed, f"!{kind}" if kind else file.qualname(call)))
    return True


def _nested_here(file: FileContext, name: str, call: ast.Call) -> bool:
    """Whether the function `name` is defined in the function that makes `call` (a closure it hands
    on, which nothing outside that function sees unless it is also returned or stored: those are
    references of their own)."""
    node = file.defs.get(name)
    scope = file.scope_of(call)
    return node is not None and not isinstance(scope, (ast.Module, ast.ClassDef)) and file.scope_of(node) is scope
