"""TFP301 in source: a regularizer read from `self` (`kernel_regularizer=self.kernel_regularizer`).

What `self.<attr>` holds is stated by the class hierarchy, not by the method that reads it: the
class's own body or a base's (a class attribute, a `@property`), overridden in subclasses of the
project (`kernel_regularizer = None` in a base factory, a property returning `l2(1e-5)` in the
subclasses a program trains), or a constructor that stores what its callers pass
(`self.kernel_regularizer = regularizers.get(regularizer)`). Each reading that may be an L2
regularizer is reported where the weight takes it (a property builds a new regularizer per read).

The index carries two facts between files: a class's L2 attributes to each base it names
(`L2_ATTR`, handed on up the chain, so a base's method learns what its subclasses define), and an
L2 regularizer a call hands to a project function's parameter (`L2_ARG`) where the call itself
is no regularizer keyword (`LearnedRescaleLayer(regularizer=self.kernel_regularizer)` forwards it:
its `add_weight(regularizer=...)` lines are the sites).
"""

from __future__ import annotations

import ast
from functools import cached_property

from tfperf.source.arguments import parameter_defaults
from tfperf.source.passed import callee_of, passed_positional
from tfperf.source.attributes import file_classes, file_mro
from tfperf.source.shapes import parameter_owner

# summary fact: class -> (attribute, the class defining it as an L2 regularizer) for each L2
# attribute it or one of its project subclasses defines; exported to each of its project bases
L2_ATTR = "l2attr"
# summary fact: module -> (function, position or None, keyword or None, caller) for each call handing a
# function of the module an L2 regularizer that is reported nowhere on the way (not a `*_regularizer`
# keyword); keyed by module, so that a file asks once for all of its parameters
L2_ARG = "l2arg"
PROPERTY_DECORATORS = {"property", "cached_property"}
GETTERS = {"keras.regularizers.get"}  # return their argument when it is a regularizer
MISSING = object()  # the class body does not bind the attribute


class SelfAttributes:
    """Mixed into the TFP301 visitor: needs its `file`, `l2_regularizer` and `returned_l2`."""

    def self_attribute_l2(self, value: ast.Attribute, depth: int) -> tuple[ast.AST, str] | None:
        """As `l2_regularizer` for `self.<attr>`: (the construction, "") for one object the class
        holds (reported where it is built), or (`value`, what holds it) for one built per read or
        given by callers or subclasses (reported at the read)."""
        owner = self.file.enclosing_class(value)
        if owner is None:
            return None
        attr = value.attr
        found = self._inherited_l2(owner, attr, depth)
        if found is MISSING:
            found = self._stored_l2(owner, attr, depth)
        if isinstance(found, str):
            return value, found
        if found is not None:
            return found
        subclasses = sorted({who.rpartition(".")[2] for name, who in self._subclass_attrs(owner) if name == attr})
        if not subclasses:
            return None
        return value, f"self.{attr} is an L2 regularizer in the subclass{'es' if len(subclasses) > 1 else ''} " \
            f"{_listed(subclasses)}"

    def _inherited_l2(self, owner: ast.ClassDef, attr: str, depth: int):
        """The first binding of `attr` up the class's bases in this file: a property building an L2
        regularizer, said; an assigned one, as `l2_regularizer` finds it; None for anything else;
        MISSING when no class of the file binds it."""
        for cls in self.file_mro(owner):
            bound = _class_binding(cls, attr)
            if bound is MISSING:
                continue
            if isinstance(bound, ast.FunctionDef):
                return f"the property self.{attr} at line {bound.lineno} builds one" \
                    if self.returned_l2(bound) is not None else None
            return self.l2_regularizer(bound, depth + 1) if isinstance(bound, ast.expr) else None
        return MISSING

    def file_mro(self, owner: ast.ClassDef) -> list[ast.ClassDef]:
        """The class and its bases defined in this file, nearest first (`attributes.file_mro`)."""
        return file_mro(self.file, owner)

    def _stored_l2(self, owner: ast.ClassDef, attr: str, depth: int):
        """`self.<attr> = value` once in the class's methods: the value; a constructor's parameter
        (maybe through `regularizers.get`) is what the project's calls hand it (`L2_ARG`), said."""
        stores = self.file.self_assignments(owner, attr)
        if len(stores) != 1:
            return None
        stored = stores[0].value
        if isinstance(stored, ast.Call) and self.call_name(stored) in GETTERS and stored.args:
            stored = stored.args[0]
        if isinstance(stored, ast.Name) and self.file.value_of(stored) is stored:
            return self.parameter_l2(stored)  # (a name the method does not bind: a parameter, or unknown)
        return self.l2_regularizer(stored, depth + 1)

    def parameter_l2(self, name: ast.Name) -> str | None:
        """A parameter some project call hands an L2 regularizer (`L2_ARG`), said with the callers."""
        function = parameter_owner(self.file, name)
        callee = callee_of(self.file, function) if function is not None else None
        if callee is None or isinstance(function, ast.Lambda):
            return None
        positional = passed_positional(self.file, function)
        index = positional.index(name.id) if name.id in positional else None
        callers = sorted({caller for function, position, keyword, caller in self._handed_here if function == callee
                          and (keyword == name.id or (keyword is None and position is not None and position == index))})
        if not callers:
            return None
        return f"its {name.id} is handed an L2 regularizer by {_listed(['.'.join(c.split('.')[-2:]) for c in callers])}"

    def _base_name(self, base: ast.expr) -> str | None:
        """The qualified name of a base class: imported, or a top-level class of this file."""
        name = self.qualified(base)
        if name is None and isinstance(base, ast.Name):
            local = [c for c in self.file_classes if c.name == base.id and isinstance(self.file.parent(c), ast.Module)]
            return self.file.qualnames[local[0]] if len(local) == 1 else None
        return name

    @cached_property
    def _handed_here(self) -> tuple:
        """What the project's calls hand this file's functions (`L2_ARG`)."""
        return self.file.project.query(L2_ARG, self.file.module or "")

    def export_handed(self, callee: str, position: int | None, keyword: str | None, caller: str) -> None:
        """`L2_ARG` for a call handing `callee` an L2 regularizer, under the module defining it."""
        module = self.file.module or "" if callee in self.file.defs else callee
        while module and not self.file.project.is_module(module):
            module = module.rpartition(".")[0]
        if module or callee in self.file.defs:
            self.file.project.export(L2_ARG, module, (callee, position, keyword, caller))

    def _subclass_attrs(self, cls: ast.ClassDef) -> set[tuple[str, str]]:
        """(attribute, class) for the L2 attributes the class's subclasses define: those of this file,
        and those other files export to it (`L2_ATTR`). Memoised per class."""
        memo = self._subclass_memo
        if cls not in memo:
            qualname = self.file.qualnames.get(cls)
            found = set(self.file.project.query(L2_ATTR, qualname)) if qualname else set()
            for sub in self.file_classes:
                if sub is not cls and cls in self.file_mro(sub):
                    found |= {(attr, self.file.qualnames.get(sub, sub.name)) for attr in self._own_l2_attrs(sub)}
            memo[cls] = found
        return memo[cls]

    @cached_property
    def _subclass_memo(self) -> dict[ast.ClassDef, set[tuple[str, str]]]:
        return {}

    @property
    def file_classes(self) -> list[ast.ClassDef]:
        return file_classes(self.file)

    def export_class_attrs(self) -> None:
        """`L2_ATTR` for the file's classes: the L2 attributes each defines or its subclasses do, to
        each base of the project it names."""
        for cls in self.file_classes:
            qualname = self.file.qualnames[cls]
            bases = [self._base_name(b) for b in cls.bases]
            bases = [b for b in bases if b and self.file.project.is_module(b.rpartition(".")[0])]
            if not bases:
                continue
            attrs = {(attr, qualname) for attr in self._own_l2_attrs(cls)} | self._subclass_attrs(cls)
            for base in bases:
                for attr in attrs:
                    self.file.project.export(L2_ATTR, base, attr)

    def _own_l2_attrs(self, cls: ast.ClassDef) -> list[str]:
        """A class's attributes that are L2 regularizers its bases' methods may read: a property
        building one, an assigned one (not one named `*_regularizer`: reported where it is built)."""
        found = []
        for stmt in cls.body:
            if isinstance(stmt, ast.FunctionDef) and _is_property(stmt) and self.returned_l2(stmt) is not None:
                found.append(stmt.name)
            elif isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if len(targets) == 1 and isinstance(targets[0], ast.Name) and \
                        not targets[0].id.endswith("_regularizer") and self.l2_regularizer(stmt.value, 1):
                    found.append(targets[0].id)
        return found

    def handed_l2(self, call: ast.Call) -> list[tuple[int | None, str | None, ast.expr]]:
        """(position, keyword, value) of what a call of a project function passes that may be a
        regularizer the call does not itself report (a name the file assigns, an attribute, a call)."""
        handed = []
        for position, value in enumerate(call.args):
            if isinstance(value, ast.Starred):
                break
            handed.append((position, None, value))
        handed += [(None, kw.arg, kw.value) for kw in call.keywords if kw.arg and not kw.arg.endswith("_regularizer")]
        # (a parameter handed on is not followed up the callers: most arguments are, and the look is a question
        # to the project each; only its own default is judged, with no question: `regularizer=l2(0.01)` handed to
        # a block helper gives the block's convs the term every call that leaves it out gets)
        return [(p, k, v) for p, k, v in handed if isinstance(v, (ast.Attribute, ast.Call, ast.IfExp)) or
                isinstance(v, ast.Name) and (v.id in self.file.stored_names or self._defaulted(v))]

    def _defaulted(self, name: ast.Name) -> bool:
        """A parameter of the function around the read whose default is no literal (`regularizer=l2(0.01)`)."""
        function = parameter_owner(self.file, name)
        return function is not None and type(parameter_defaults(function).get(name.id)) in (ast.Call, ast.Name,
                                                                                            ast.Attribute)

    def project_callee(self, call: ast.Call) -> str | None:
        """The project function or class a call calls; also `self.Inner(...)`, a class nested in the
        method's class or one of its bases in this file."""
        callee = self.file.callee(call)
        func = call.func
        if callee is not None or not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                                      and func.value.id == "self"):
            return callee
        owner = self.file.enclosing_class(call)
        for cls in self.file_mro(owner) if owner is not None else ():
            bound = _class_binding(cls, func.attr)
            if isinstance(bound, ast.ClassDef):
                return self.file.qualnames.get(bound)
            if bound is not MISSING:
                return None
        return None


def _listed(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _class_binding(cls: ast.ClassDef, attr: str):
    """What a class body binds `attr` to: a property's getter, a nested class, an assigned value;
    MISSING when it binds it not; None for a bare annotation or a plain method (not a regularizer)."""
    found = MISSING
    for stmt in cls.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == attr:
            found = stmt if isinstance(stmt, ast.ClassDef) or _is_property(stmt) else None
        elif isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in stmt.targets):
            found = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
            found = stmt.value if stmt.value is not None else found
    return found


def _is_property(function: ast.AST) -> bool:
    return isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        (d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", None)) in PROPERTY_DECORATORS
        for d in function.decorator_list)

