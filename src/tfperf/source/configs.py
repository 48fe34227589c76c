"""Config fields: the values a field of a config class can take in the project, for any rule.

Models are often built from a config object: `conv_padding=cfg.conv_padding` with `cfg: ResNetConfig`, a
dataclass whose field `conv_padding: str = "symmetric"` the model's configs set or leave. What such a
read can be is the field's default (for a config built without it, or outside the project), what the
project's constructions of the class pass for it (`ResNetConfig(..., conv_padding="same")`), and what
the project stores into it (`block_args.padding = self.padding`, `dataclasses.replace(cfg, padding=...)`).

Each file exports (`symbols.export_fields`), for its config classes (a dataclass, attrs, NamedTuple or pydantic model
class: fields declared in the class body; or a plain settings class whose constructor only stores its parameters,
`settings_fields`: Hugging Face's configs), each field's position among the constructor's arguments and its default
(`FIELD`),
and every store of an attribute of an object other than `self` by the attribute's name (`FIELD_STORE`:
which class the object is an instance of is not known there, so a field takes every value stored into
an attribute of its name). A read of a field is passed on as `("@", class, field)` (`reference`, used by
`passed.encode` for what a call passes); the project's index resolves it with the facts of every
file when a rule asks (`project.parameter_values`), as it follows a parameter handed on.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tfperf.source.context import STEP_BASE

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

FIELD = "field"  # "<class>.<field>" -> (position among the constructor's arguments or None, encoded default)
FIELD_STORE = "fstore"  # "<attribute>" -> (who stores it, encoded value) for `obj.<attribute> = value`
REFERENCE = "@"  # a passed value: ("@", class, field), what a field of a config class holds
# "<name>" -> (who defines it, its encoded default), or (who, ("@", class)) for a config class's field: a
# hyperparameter by the name code reads it by (`p.packed_input`, `FLAGS.use_tpu`, `hparams.use_nchw`), wherever
# its container is defined (`hyperparameters`)
HPARAM = "hparam"
# the function part of a `passed` key that asks what a hyperparameter of that name may hold; also the kind of a passed
# value that reads one by its name, (HPARAM_KEY, name) (`passed.encode`: `sparse=FLAGS.sparse_cross`)
HPARAM_KEY = "%"
_DATACLASS_DECORATORS = {"dataclass", "dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define",
                         "attr.frozen", "attrs.define", "attrs.frozen", "attr.dataclass", "flax.struct.dataclass",
                         "chex.dataclass"}
NAMED_TUPLES = {"typing.NamedTuple", "NamedTuple"}
# a pydantic model declares its fields in its body as a dataclass does (`seperable: bool = Field(default=False)`); its
# constructor takes them by keyword
PYDANTIC_MODELS = {"pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.v1.BaseModel"}
_DECLARING_BASES = NAMED_TUPLES | PYDANTIC_MODELS
REPLACE = {"dataclasses.replace", "attr.evolve", "attrs.evolve"}


def default_dict(function: ast.FunctionDef) -> list[tuple[str, ast.expr]]:
    """(name, default) of each hyperparameter a function that gives a container's defaults defines: its name says
    so (`default_hparams`, `get_default_config`, `defaults`) and it returns one dict literal with string keys
    (the container then reads `hparams["x"]` / `hparams.x`, a value the project's configs may override)."""
    if "default" not in function.name.lower():
        return []
    returns = [s for s in function.body if type(s) is ast.Return]
    if len(returns) != 1 or type(returns[0].value) is not ast.Dict:
        return []
    literal = returns[0].value
    if not literal.keys or not all(type(k) is ast.Constant and type(k.value) is str for k in literal.keys):
        return []
    return [(k.value, v) for k, v in zip(literal.keys, literal.values)]


def hyperparameters(file: "FileContext", call: ast.Call) -> list[tuple[str, ast.expr | None]]:
    """(name, default) of each hyperparameter a call defines, in the documented forms of the containers that
    define one by name with its default: absl/TensorFlow flags (`flags.DEFINE_bool("use_tpu", False, ...)`, any
    `DEFINE_<type>`), argparse's arguments (`parser.add_argument("--use-tpu", action="store_true")`: `_argument`),
    HParams (`HParams(use_nchw=False, ...)`, `hparams.add_hparam("use_nchw", False)`) and Params-style containers
    (`p.Define("packed_input", False, "doc")`). Each API fixes the name first and the
    default second (or as keywords), whoever writes the code; a default that is no literal is None."""
    func = call.func
    name = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else ""
    if name.startswith("DEFINE_") or name in _DEFINERS:
        if not call.args or type(call.args[0]) is not ast.Constant or type(call.args[0].value) is not str:
            return []
        default = call.args[1] if len(call.args) > 1 else next(
            (k.value for k in call.keywords if k.arg == "default"), None)
        return [(call.args[0].value, default)]
    if name == "HParams":
        return [(k.arg, k.value) for k in call.keywords if k.arg is not None]
    if name == ARGPARSE_ADD:
        return _argument(call)
    return []


def _argument(call: ast.Call) -> list[tuple[str, ast.expr | None]]:
    """argparse's `parser.add_argument("--network-depth", default="2")`: the attribute its namespace holds it by
    (`dest=`, else the first long option with "-" read as "_") and its default (`default=`; a `store_true` flag's
    False, a `store_false` one's True; else None, argparse's own); a positional argument, which every run must give,
    has no default to say."""
    options = [a.value for a in call.args if type(a) is ast.Constant and type(a.value) is str]
    keywords = {k.arg: k.value for k in call.keywords if k.arg is not None}
    dest = keywords.get("dest")
    name = dest.value if type(dest) is ast.Constant and type(dest.value) is str else next(
        (o[2:].replace("-", "_") for o in options if o.startswith("--")), None)
    if not name or not name.isidentifier() or not any(o.startswith("-") for o in options):
        return []
    if "default" in keywords:
        return [(name, keywords["default"])]
    action = keywords.get("action")
    action = action.value if type(action) is ast.Constant else None
    if action not in (None, "store", "store_true", "store_false"):
        return [(name, None)]  # (`count`, `append`...: a value of its own kind)
    return [(name, ast.Constant(value={"store_true": False, "store_false": True}.get(action)))]


ARGPARSE_ADD = "add_argument"  # `parser.add_argument("--lr", default=0.1)`: a hyperparameter a run's command line sets
_DEFINERS = ("Define", "add_hparam")  # `p.Define(name, default, doc)`, `hparams.add_hparam(name, default)`
_SETTERS = ("set_hparam", "set_default")  # `hparams.set_hparam(name, value)`, `FLAGS.set_default(name, value)`
HYPERPARAMETER_CALLS = frozenset({*_DEFINERS, *_SETTERS, "HParams", "Set", ARGPARSE_ADD})  # (and `DEFINE_<type>`)


def hyperparameter_sets(call: ast.Call) -> list[tuple[str, ast.expr]]:
    """(name, value) of each hyperparameter a call sets by name: `hparams.set_hparam("x", v)`,
    `FLAGS.set_default("x", v)`, `p.Set(x=v)` (the setters of the containers `hyperparameters` reads)."""
    func = call.func
    if type(func) is not ast.Attribute:
        return []
    if func.attr in _SETTERS and len(call.args) == 2 and type(call.args[0]) is ast.Constant and \
            type(call.args[0].value) is str:
        return [(call.args[0].value, call.args[1])]
    if func.attr == "Set" and not call.args:
        return [(k.arg, k.value) for k in call.keywords if k.arg is not None]
    return []


def config_class(file: "FileContext", node: ast.ClassDef) -> bool:
    """A class whose body declares its constructor's fields: a dataclass (attrs, flax...), a NamedTuple or a pydantic
    model."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = file.qualified(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
        if name in _DATACLASS_DECORATORS or name is not None and name.rpartition(".")[2] == "dataclass":
            return True
    return any(isinstance(b, (ast.Name, ast.Attribute)) and (file.qualified(b) or "") in _DECLARING_BASES
               for b in node.bases)


# A settings class: a plain class that only holds configuration (Hugging Face's `PretrainedConfig` subclasses,
# tfts' `TimeMixerConfig`): its constructor stores each parameter on the instance (`self.decomp_method =
# decomp_method`) and does nothing else but hand kwargs to its base and check values; no framework base, no method a
# framework calls on tensors. Its fields are then what a config class's are: the constructor's default, what the
# project's constructions pass, what the project stores into an attribute of that name.
_SETTINGS_MIN = 2  # parameters the constructor stores under their own name, at least
_COMPUTE_METHODS = frozenset({"call", "__call__", "build", "forward", "fprop", "FProp", "apply", "run"})
_PLAIN_CALLS = frozenset({"super", "list", "tuple", "dict", "set", "int", "float", "str", "bool", "len", "sorted",
                          "isinstance", "ValueError", "TypeError", "KeyError", "AssertionError", "NotImplementedError"})


def settings_fields(file: "FileContext", node: ast.ClassDef) -> list[tuple[int | None, str, ast.expr | None]]:
    """(position among the constructor's arguments, name, default) of each field of a settings class (above):
    each constructor parameter the constructor stores under its own name (`self.x = x`); [] for any other class
    (a Keras layer, a class with a framework base or a compute method, a constructor that builds objects)."""
    init = None
    for stmt in node.body:
        if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef):
            if stmt.name in _COMPUTE_METHODS:
                return []
            if stmt.name == "__init__":
                init = stmt
    if init is None or len(init.args.args) < 1 + _SETTINGS_MIN:
        return []
    for base in node.bases:  # (`object`, or a project class: a framework base makes a layer, a model...)
        if not (type(base) is ast.Name and base.id == "object") and \
                (not isinstance(base, (ast.Name, ast.Attribute)) or file.def_of(base) is None):
            return []
    if not all(_settings_statement(stmt) for stmt in init.body):
        return []
    args = init.args
    positional = [a.arg for a in args.args[1:]]
    defaults: dict = {}
    named = args.args[1:]
    for arg, default in zip(named[len(named) - len(args.defaults):], args.defaults):
        defaults[arg.arg] = default
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        if default is not None:
            defaults[arg.arg] = default
    stored = {}
    for stmt in init.body:
        if type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.value) is ast.Name:
            target = stmt.targets[0]
            if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == "self" and \
                    target.attr == stmt.value.id:
                stored[target.attr] = stored.get(target.attr, 0) + 1
    found = [(positional.index(name) if name in positional else None, name, defaults.get(name))
             for name, count in stored.items() if count == 1 and (name in positional or name in defaults)]
    return found if len(found) >= _SETTINGS_MIN else []


def _settings_statement(stmt: ast.stmt) -> bool:
    """A statement a settings class's constructor may hold: a docstring, a call of its base's or its own method
    (`super().__init__(**kwargs)`, `self.update(kwargs)`), a store on `self` of a value built without calls but
    plain ones (`list(x)`), a check (`if x not in (...): raise ValueError(...)`, `assert`)."""
    kind = type(stmt)
    if kind is ast.Expr:
        value = stmt.value
        if type(value) is ast.Constant:
            return True
        return type(value) is ast.Call and type(value.func) is ast.Attribute and _plain(value, True)
    if kind in (ast.Assign, ast.AnnAssign, ast.AugAssign):
        targets = stmt.targets if kind is ast.Assign else [stmt.target]
        return all(type(t) is ast.Attribute and type(t.value) is ast.Name and t.value.id == "self" for t in targets) \
            and (stmt.value is None or _plain(stmt.value, False))
    if kind is ast.If:
        return _plain(stmt.test, False) and all(_settings_statement(s) for s in (*stmt.body, *stmt.orelse))
    if kind in (ast.Raise, ast.Assert, ast.Pass):
        return True
    return False


def _plain(expr: ast.expr, top: bool) -> bool:
    """Whether an expression calls nothing but plain builtins (`top`: the call itself is a method of `self` or of
    `super()`, or a base's `__init__`)."""
    for node in ast.walk(expr):
        if type(node) is not ast.Call or top and node is expr:
            continue
        func = node.func
        if not (type(func) is ast.Name and func.id in _PLAIN_CALLS or type(func) is ast.Attribute and
                func.attr in ("get", "pop", "items", "keys", "values", "lower", "upper", "format")):
            return False
    if top:
        func = expr.func
        holder = func.value
        return type(holder) is ast.Name and holder.id == "self" or type(holder) is ast.Call and \
            type(holder.func) is ast.Name and holder.func.id == "super" or func.attr == "__init__"
    return True


def fields(node: ast.ClassDef) -> list[ast.AnnAssign]:
    """The field declarations of a config class, in order (`name: T` or `name: T = default`; not ClassVar)."""
    found = []
    for stmt in node.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.simple:
            annotation = stmt.annotation
            root = annotation.value if isinstance(annotation, ast.Subscript) else annotation
            if isinstance(root, (ast.Name, ast.Attribute)) and \
                    (root.id if isinstance(root, ast.Name) else root.attr) in ("ClassVar", "KW_ONLY", "InitVar"):
                continue
            found.append(stmt)
    return found


def reference(file: "FileContext", expr: ast.Attribute) -> tuple | None:
    """("@", class, field) when `expr` reads a field of a config the code holds as a parameter annotated
    with a project class (`cfg.padding` with `cfg: EfficientNetConfig`; also an item of a loop over a parameter
    annotated as a collection of one, `for field in fields:` with `fields: List[Field]`), directly or through the one
    `self.<attr> = <that parameter>` of its class (`self.cfg.padding`), or through the one store of a
    construction of a project class (`self.cfg = Config(...)`, `self.cfg = cfg or Config()`, the parameter
    not annotated another class). None otherwise."""
    holder = expr.value
    if type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self":
        owner = file.enclosing_class(holder)
        stores = file.self_assignments(owner, holder.attr) if owner is not None else []
        if len(stores) != 1:
            return None
        holder = stores[0].value
        if type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self":
            holder = _kept_by_base(file, owner, holder.attr)  # (`self.cfg = self.config`, a base keeps config)
            if holder is None:
                return None
            if type(holder) is ast.Name and holder.id in file.stored_names:
                bound = file.reaching_bindings(holder)  # (`config = config or TimeMixerConfig()` first)
                if len(bound) == 1 and type(bound[0].stmt) is ast.Assign and bound[0].stmt.value is bound[0].value:
                    holder = bound[0].value
        made = _made(file, holder)  # (`self.cfg = Config(...)`, `self.cfg = cfg or Config()`)
        if made is not None:  # (and the parameter `cfg or` stands for, when annotated, a class of the same)
            given = _annotated(file, holder.values[0], expr.attr) if type(holder) is ast.BoolOp else None
            return (REFERENCE, made, expr.attr) if given is None or given[1] == made else None
    return _annotated(file, holder, expr.attr)


def _kept_by_base(file: "FileContext", owner: ast.ClassDef, attr: str) -> ast.expr | None:
    """What `self.<attr>` holds when the class does not store it but hands its constructor's value of that name to
    its base's (`super().__init__(..., config=config)`: the base keeps `self.config = config`): that value."""
    if file.self_assignments(owner, attr):
        return None
    init = next((s for s in owner.body if type(s) is ast.FunctionDef and s.name == "__init__"), None)
    if init is None:
        return None
    handed = [k.value for node in ast.walk(init) if type(node) is ast.Call and type(node.func) is ast.Attribute
              and node.func.attr == "__init__" and type(node.func.value) is ast.Call and
              type(node.func.value.func) is ast.Name and node.func.value.func.id == "super"
              for k in node.keywords if k.arg == attr]
    return handed[0] if len(handed) == 1 else None


def held_attributes(file: "FileContext") -> frozenset[str]:
    """The attributes of `self` some store of the file sets to a construction, `x or <construction>`, or another
    attribute of `self` (the only ones besides a parameter's `reference` may tell a config's class of). Once per
    file."""
    found = file.shared.get("configs-held")
    if found is None:
        found = file.shared["configs-held"] = frozenset(
            node.targets[0].attr for node in file.references
            if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Attribute and (
                type(node.value) is ast.Call or type(node.value) is ast.BoolOp or type(node.value) is ast.Attribute
                and type(node.value.value) is ast.Name and node.value.value.id == "self"))
    return found


def _made(file: "FileContext", value: ast.expr) -> str | None:
    """The project class a stored value is an instance of by its construction: `Config(...)`, or `cfg or Config()`
    (the parameter, or a default instance when it is not given)."""
    if type(value) is ast.BoolOp and type(value.op) is ast.Or and len(value.values) == 2 and \
            type(value.values[0]) is ast.Name:
        value = value.values[1]
    if type(value) is not ast.Call or not isinstance(value.func, (ast.Name, ast.Attribute)):
        return None
    return file.def_of(value.func)  # (a function's: no field facts, so no field of it is known)


def _annotated(file: "FileContext", holder: ast.expr, attr: str) -> tuple | None:
    """("@", class, attr) for a field read of a parameter annotated with a project class."""
    if type(holder) is not ast.Name:
        return None
    annotation = parameter_annotation(file, holder) if unbound_parameter(file, holder) else \
        _looped_item_annotation(file, holder)
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, (ast.Name, ast.Attribute)) and \
            (file.qualified(annotation.value) or "").rpartition(".")[2] == "Optional":
        annotation = annotation.slice  # `cfg: Optional[Config] = None`: a Config where a field is read
    if annotation is None:
        return None
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):  # `cfg: "Config"`
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
        if not isinstance(annotation, (ast.Name, ast.Attribute)):
            return None
        cls = file.def_of(annotation) if isinstance(annotation, ast.Name) and annotation.id in file.def_names else None
    else:
        cls = file.def_of(annotation) if isinstance(annotation, (ast.Name, ast.Attribute)) else None
    return (REFERENCE, cls, attr) if cls is not None else None


def unbound_parameter(file: "FileContext", name: ast.Name) -> bool:
    """Whether `name` reads what its function was given: no assignment of the file binds it where it is read (a
    name the file assigns somewhere, a parameter another function rebinds, is looked up where it is read)."""
    if name.id not in file.stored_names:  # (assigned somewhere in the file: is it here?)
        return True
    bound = file.binding(name)
    return bound is not None and bound.stmt is None and bound.value is None


_COLLECTIONS = frozenset({"List", "list", "Sequence", "Iterable", "Collection", "Tuple", "tuple", "Set", "set",
                          "FrozenSet", "frozenset"})


_ORDER_KEEPING = frozenset({"reversed", "list", "tuple", "sorted"})  # calls whose items are their argument's


def _looped_item_annotation(file: "FileContext", holder: ast.Name) -> ast.expr | None:
    """The annotation of what a loop binds to `holder`, when the loop runs over a parameter (`for field in fields:`
    with `fields: List[Field]`) or over a field of an annotated one whose class this file declares (`for i, block in
    enumerate(params.blocks):` with `params: UNetParams`, `blocks: list[UNetBlockParams]`; also `reversed(...)` of
    it): the collection's item."""
    bound = file.binding(holder)
    loop = bound.stmt if bound is not None else None
    if type(loop) is not ast.For:
        return None
    items, target = loop.iter, loop.target
    if type(items) is ast.Call and type(items.func) is ast.Name and items.func.id == "enumerate" and \
            len(items.args) == 1 and type(target) is ast.Tuple and len(target.elts) == 2:
        items, target = items.args[0], target.elts[1]
    while type(items) is ast.Call and type(items.func) is ast.Name and items.func.id in _ORDER_KEEPING and \
            len(items.args) == 1 and not items.keywords:
        items = items.args[0]  # (`reversed(params.blocks)`: the same items)
    if not (type(target) is ast.Name and target.id == holder.id):
        return None
    if type(items) is ast.Name:
        return _item_annotation(file, items)
    if type(items) is ast.Attribute and type(items.value) is ast.Name:
        found = _annotated(file, items.value, items.attr)
        cls = file.defs.get(found[1]) if found is not None else None
        declared = next((stmt.annotation for stmt in fields(cls) if stmt.target.id == items.attr), None) \
            if isinstance(cls, ast.ClassDef) else None
        return _collection_item(file, declared)
    return None


def _item_annotation(file: "FileContext", items: ast.Name) -> ast.expr | None:
    """The annotation of an item of the parameter `items` when its own says what they are (`fields: List[Field]`,
    `Sequence[Field]`, `Tuple[Field, ...]`): what a loop over it binds. None for anything else (a name the
    function rebinds, a mapping, a tuple of several kinds)."""
    return _collection_item(file, parameter_annotation(file, items) if unbound_parameter(file, items) else None)


def _collection_item(file: "FileContext", annotation: ast.expr | None) -> ast.expr | None:
    """The item of a collection annotation (`List[Field]`, `list[Field]`, `Tuple[Field, ...]`); None otherwise."""
    if not (isinstance(annotation, ast.Subscript) and isinstance(annotation.value, (ast.Name, ast.Attribute))):
        return None
    kind = (file.qualified(annotation.value) or getattr(annotation.value, "id", "")).rpartition(".")[2]
    if kind not in _COLLECTIONS:
        return None
    item = annotation.slice
    if isinstance(item, ast.Tuple):  # (`Tuple[Field, ...]`: items of one kind)
        ellipsis = len(item.elts) == 2 and isinstance(item.elts[1], ast.Constant) and item.elts[1].value is ...
        return item.elts[0] if ellipsis else None
    return item


def parameter_annotation(file: "FileContext", name: ast.Name) -> ast.expr | None:
    """The annotation of the parameter `name` reads, in the def around it that declares it (None: not a
    parameter's read, or not annotated)."""
    for anc in file.ancestors(name):
        if type(anc) in (ast.FunctionDef, ast.AsyncFunctionDef):
            args = anc.args
            for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
                if arg.arg == name.id:
                    return arg.annotation
        elif type(anc) is ast.Lambda:
            if any(a.arg == name.id for a in anc.args.args):
                return None
        elif type(anc) is ast.ClassDef:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# Params-style containers scoped to their class (lingvo's `p = self.params` ... `if p.packed_input:`)
#
# A Params-style layer defines its hyperparameters in a method of its class (`Params()`: `p.Define("packed_input",
# False, doc)`), on top of its bases', and is built from them: the constructor takes the params (`__init__(self,
# params)`, kept as `self._params = params.Copy()`, read back through a property `params`). A read of a
# hyperparameter through the instance's own params in a method of class C is then the one C's class hierarchy
# defines (the nearest definition up its bases), not any class's of the same name; and a set reaches it only when it
# targets the params of C or of a subclass of C (the class whose instance the params build), or when whose params it
# targets is not known (then, conservatively, it is a set of it). What the code can tell of a params object is kept
# as a descriptor (`params_of`), resolved against the project's facts when a rule asks (`resolve`):
#   ("C", cls)        the params the constructor of `cls` takes (its parameter, or `.Copy()` of it), or that a
#                     class method of it makes (`Stack.Params()`)
#   ("S", cls, attr)  `self.<attr>` in a method of `cls`: its own params when a class up its bases keeps them there
#   ("T", d, field)   the sub-params `d.<field>` (`p.encoder_tpl`): of the class its definition's default builds
#                     (`p.Define("encoder_tpl", EncoderLayer.Params(), doc)`)
OWN_PARAMS = "ownparams"  # class -> attr (`self.<attr> = params[.Copy()]` in `__init__`), or (property, attr)
TEMPLATE = "hptpl"  # "<name>" -> (who defines it, class) for `Define(name, <class>.<method>(), doc)`: a sub-params
_MRO_HOPS = 8  # classes looked at up a class's project bases
_PARAMS_API = ("Copy", "Set")  # the Params API's calls that return the same params (a copy, or itself once set)


def params_of(file: "FileContext", expr: ast.expr, hops: int = 8) -> tuple | None:
    """The descriptor (above) of the params object `expr` holds, when the source says whose it is; else None."""
    kind = type(expr)
    if kind is ast.Call:
        func = expr.func
        if type(func) is ast.Attribute and func.attr in _PARAMS_API and hops:
            return params_of(file, func.value, hops - 1)
        made = template_of(file, expr)  # (`Stack.Params()`: a class's own params, made by its class method)
        return ("C", made) if made is not None else None
    if kind is ast.Attribute:
        holder = expr.value
        if type(holder) is ast.Name and holder.id == "self":
            owner = file.enclosing_class(expr)
            if owner is None:
                return None
            _ask_bases(file, owner)
            return ("S", file.qualnames[owner], expr.attr)
        found = params_of(file, holder, hops - 1) if hops else None
        return ("T", found, expr.attr) if found is not None else None
    if kind is not ast.Name or not hops:
        return None
    bound = file.binding(expr)
    if bound is None:
        return None
    if bound.stmt is None and bound.value is None:  # (a parameter: the constructor's params?)
        function = file.scope_of(expr)
        if type(function) is not ast.FunctionDef or function.name != "__init__" or len(function.args.args) < 2 or \
                function.args.args[1].arg != expr.id:
            return None
        owner = file.enclosing_class(function.body[0])
        return ("C", file.qualnames[owner]) if owner is not None else None
    if type(bound.stmt) is ast.Assign and bound.value is not None and bound.stmt.value is bound.value:
        return params_of(file, bound.value, hops - 1)
    if type(bound.stmt) is ast.For and type(bound.stmt.target) is ast.Name and type(bound.stmt.iter) is ast.Attribute:
        found = params_of(file, bound.stmt.iter.value, hops - 1)  # (`for atten in p.atten_tpl:` a list of them)
        return ("T", found, bound.stmt.iter.attr) if found is not None else None
    return None


def _ask_bases(file: "FileContext", owner: ast.ClassDef) -> None:
    """Ask where the class's project bases keep their params (`OWN_PARAMS`), once per class: a base in a module that
    names no framework (lingvo's `builder.Base`) is then linted as a helper, for the facts it exports."""
    asked = file.shared.setdefault("configs-asked-bases", set())
    if owner in asked or not _params_style(file):
        return
    asked.add(owner)
    for base in owner.bases:
        name = file.def_of(base) if isinstance(base, (ast.Name, ast.Attribute)) else None
        if name is not None:
            file.project.query(OWN_PARAMS, name)


def _params_style(file: "FileContext") -> bool:
    """Whether the file defines Params-style hyperparameters (a `Params` method, a `.Define(name, ...)` call): only
    then are its classes' bases asked where they keep their params. Asking for every class that reads an attribute
    of `self` linted about 1.4% more of the Model Garden (framework-free base modules, as helpers) for nothing."""
    found = file.shared.get("configs-params-style")
    if found is None:
        found = file.shared["configs-params-style"] = any(
            type(node) is ast.FunctionDef and node.name == "Params" for node in file.qualnames) or any(
            type(call.func) is ast.Attribute and call.func.attr == "Define" and call.args and
            type(call.args[0]) is ast.Constant and type(call.args[0].value) is str for call in file.calls)
    return found


def export_params(file: "FileContext", node: ast.ClassDef, qualname: str) -> None:
    """`OWN_PARAMS` facts of a class: where its constructor keeps the params it takes (`self._params =
    params.Copy()`), and the properties that return an attribute of `self` (`def params(self): return
    self._params`)."""
    for stmt in node.body:
        if type(stmt) is not ast.FunctionDef:
            continue
        if stmt.name == "__init__" and len(stmt.args.args) >= 2:
            taken = stmt.args.args[1].arg
            for inner in stmt.body:
                if type(inner) is ast.Assign and len(inner.targets) == 1 and type(inner.targets[0]) is ast.Attribute \
                        and type(inner.targets[0].value) is ast.Name and inner.targets[0].value.id == "self":
                    value = inner.value
                    if type(value) is ast.Call and type(value.func) is ast.Attribute and \
                            value.func.attr in _PARAMS_API and not value.args:
                        value = value.func.value
                    if type(value) is ast.Name and value.id == taken:
                        file.project.export(OWN_PARAMS, qualname, inner.targets[0].attr)
        elif any(type(d) is ast.Name and d.id == "property" for d in stmt.decorator_list) and \
                type(stmt.body[-1]) is ast.Return and (len(stmt.body) == 1 or len(stmt.body) == 2 and
                                                       type(stmt.body[0]) is ast.Expr):  # (a docstring first)
            value = stmt.body[-1].value
            if type(value) is ast.Attribute and type(value.value) is ast.Name and value.value.id == "self":
                file.project.export(OWN_PARAMS, qualname, (stmt.name, value.attr))


def template_of(file: "FileContext", default: ast.expr | None) -> str | None:
    """The project class a Params-style definition's default builds the sub-params of (`EncoderLayer.Params()`)."""
    while type(default) is ast.Call and type(default.func) is ast.Attribute and default.func.attr in _PARAMS_API:
        default = default.func.value  # (`Layer.Params().Set(dim=8)`: the params of Layer, set)
    if type(default) is ast.Call and type(default.func) is ast.Attribute and not default.args and \
            isinstance(default.func.value, (ast.Name, ast.Attribute)):
        return file.def_of(default.func.value)
    return None


def bases(get, cls: str) -> list[str]:
    """`cls` and its project bases, nearest first (breadth first, up to `_MRO_HOPS` classes); `get(kind, name)`
    answers a fact (the index's facts, or a file's project queries)."""
    found, todo = [], [cls]
    while todo and len(found) < _MRO_HOPS:
        name = todo.pop(0)
        if name in found:
            continue
        found.append(name)
        todo.extend(b for b in get(STEP_BASE, name) if type(b) is str)
    return found


def nearest(get, kind: str, name: str, cls: str) -> tuple | None:
    """The fact (who, value) of `kind` for `name` that the nearest class up `cls`'s bases gives in one of its methods
    (`p.Define(name, ...)` in its `Params()`); None when none does."""
    given = get(kind, name)
    if not given:
        return None
    for owner in bases(get, cls):
        for fact in given:
            if fact[0].rpartition(".")[0] == owner:
                return fact
    return None


def resolve(get, descriptor: tuple | None, depth: int = 0) -> str | None:
    """The class whose params a descriptor (`params_of`) is, when the project's facts say; else None."""
    if descriptor is None or depth > 4:
        return None
    kind = descriptor[0]
    if kind == "C":
        return descriptor[1]
    if kind == "S":
        cls, attr = descriptor[1], descriptor[2]
        kept = [f for owner in bases(get, cls) for f in get(OWN_PARAMS, owner)]
        held = {f for f in kept if type(f) is str}
        return cls if attr in held or any(type(f) is tuple and f[0] == attr and f[1] in held for f in kept) else None
    owner = resolve(get, descriptor[1], depth + 1)
    found = nearest(get, TEMPLATE, descriptor[2], owner) if owner is not None else None
    return found[1] if found is not None and type(found[1]) is str else None


def derives(get, cls: str, base: str) -> bool:
    """Whether `cls` is `base` or a project subclass of it (up to `_MRO_HOPS` classes)."""
    return base in bases(get, cls)
