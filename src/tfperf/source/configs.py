"""Config fields: the values a field of a config class can take in the project, for any rule.

Models are often built from a config object: `conv_padding=cfg.conv_padding` with `cfg: ResNetConfig`, a
dataclass whose field `conv_padding: str = "symmetric"` the model's configs set or leave. What such a
read can be is the field's default (for a config built without it, or outside the project), what the
project's constructions of the class pass for it (`ResNetConfig(..., conv_padding="same")`), and what
the project stores into it (`block_args.padding = self.padding`, `dataclasses.replace(cfg, padding=...)`).

Each file exports (`symbols.export_fields`), for its config classes (a dataclass, attrs or NamedTuple class: fields declared
in the class body), each field's position among the constructor's arguments and its default (`FIELD`),
and every store of an attribute of an object other than `self` by the attribute's name (`FIELD_STORE`:
which class the object is an instance of is not known there, so a field takes every value stored into
an attribute of its name). A read of a field is passed on as `("@", class, field)` (`reference`, used by
`passed.encode` for what a call passes); the project's index resolves it with the facts of every
file when a rule asks (`project.parameter_values`), as it follows a parameter handed on.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

FIELD = "field"  # "<class>.<field>" -> (position among the constructor's arguments or None, encoded default)
FIELD_STORE = "fstore"  # "<attribute>" -> (who stores it, encoded value) for `obj.<attribute> = value`
REFERENCE = "@"  # a passed value: ("@", class, field), what a field of a config class holds
# "<name>" -> (who defines it, its encoded default), or (who, ("@", class)) for a config class's field: a
# hyperparameter by the name code reads it by (`p.packed_input`, `FLAGS.use_tpu`, `hparams.use_nchw`), wherever
# its container is defined (`hyperparameters`)
HPARAM = "hparam"
HPARAM_KEY = "%"  # the function part of a `passed` key that asks what a hyperparameter of that name may hold
_DATACLASS_DECORATORS = {"dataclass", "dataclasses.dataclass", "attr.s", "attr.attrs", "attr.define",
                         "attr.frozen", "attrs.define", "attrs.frozen", "attr.dataclass", "flax.struct.dataclass",
                         "chex.dataclass"}
NAMED_TUPLES = {"typing.NamedTuple", "NamedTuple"}
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
    `DEFINE_<type>`), HParams (`HParams(use_nchw=False, ...)`, `hparams.add_hparam("use_nchw", False)`) and
    Params-style containers (`p.Define("packed_input", False, "doc")`). Each API fixes the name first and the
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
    return []


_DEFINERS = ("Define", "add_hparam")  # `p.Define(name, default, doc)`, `hparams.add_hparam(name, default)`
_SETTERS = ("set_hparam", "set_default")  # `hparams.set_hparam(name, value)`, `FLAGS.set_default(name, value)`
HYPERPARAMETER_CALLS = frozenset({*_DEFINERS, *_SETTERS, "HParams", "Set"})  # (and any `DEFINE_<type>`)


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
    """A class whose body declares its constructor's fields: a dataclass (attrs, flax...) or a NamedTuple."""
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = file.qualified(target) if isinstance(target, (ast.Name, ast.Attribute)) else None
        if name in _DATACLASS_DECORATORS or name is not None and name.rpartition(".")[2] == "dataclass":
            return True
    return any(isinstance(b, (ast.Name, ast.Attribute)) and (file.qualified(b) or "") in NAMED_TUPLES
               for b in node.bases)


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
    with a project class (`cfg.padding` with `cfg: EfficientNetConfig`), directly or through the one
    `self.<attr> = <that parameter>` of its class (`self.cfg.padding`). None otherwise."""
    holder = expr.value
    if type(holder) is ast.Attribute and type(holder.value) is ast.Name and holder.value.id == "self":
        owner = file.enclosing_class(holder)
        stores = file.self_assignments(owner, holder.attr) if owner is not None else []
        if len(stores) != 1 or type(stores[0].value) is not ast.Name:
            return None
        holder = stores[0].value
    if type(holder) is not ast.Name:
        return None
    if holder.id in file.stored_names:  # (assigned somewhere in the file: is it here?)
        bound = file.binding(holder)
        if bound is None or bound.stmt is not None or bound.value is not None:
            return None
    annotation = parameter_annotation(file, holder)
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
    return (REFERENCE, cls, expr.attr) if cls is not None else None


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

