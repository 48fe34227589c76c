"""Opt-in code by the zero-default convention: code that runs only when a caller asks for it.

One mechanism for the rules that judge such code (TFP101, TFP301, TFP501, TFP601), in two forms:

- a branch (`opt_in`): the code runs only under tests of one parameter of its function that the
  parameter's default fails: `if average != "macro":` (default "macro"), `elif method in ("se",
  "squared_error"):` (default "mse"), `elif self.skip_py_fn:` (default None), also a side of a conditional
  expression (`x if packed else None`). The parameter is read directly, through a local name, as `self.<attr>`
  its class (or a base of it in the file, whose constructor the class inherits) sets from it
  (`attributes.value_sources`), or through a validator of it. So is a field of a configuration: of a config
  class the code holds as an annotated parameter, or a hyperparameter read by its name that the project defines
  with one default (`configs.hyperparameters`: `DEFINE_bool("packed", False)`, `HParams(use_nchw=False)`,
  `add_hparam`, `p.Define("packed_input", False, doc)`, a config class's field, also a plain settings class's:
  `configs.settings_fields`), whose values are its default and what the project stores or sets into it (also
  through a local name bound to the read, `avg = config.average_approximation_function`, and compared with a
  member of a str enum, `avg == Approx.FIRST_ORDER`); read through a Params-style layer's own params (`p =
  self.params` in a method of class C), it is C's (`configs.params_of`: the nearest definition up C's bases, and
  the sets that reach C's params). Not opt-in: code after a first-level `assert` of the function that the
  default fails (`assert p.label_smoothing is not None`: every run has it set); `training` / `is_training` (the
  framework turns them on), a function or class the project hands around (calls through the reference are not in
  view), an option some call of the project passes by its name with a literal that takes the branch (a call
  the index does not join: a layer's `call` through `layer(...)`, an override through its base; not for the
  parameter of a class's constructor or of a module's top-level function, whose calls the index all joins). A truthiness
  test is read so only for a parameter whose default is None or False: a value a caller has to give
  (a function, an object, a flag turned on); a flag whose default is True turned off (`if not is_mean:`,
  `else:` of `if is_mean:`) is a mode of the function, not opt-in by this reading, unless the parameter is a
  class constructor's (`if not self.time_first:`): the index joins every construction of the class, so what
  they pass decides it as it does a flag off by default; so also for a constructor's parameter with no default
  (`def __init__(self, sparse, flags)`: every construction passes it). The tests are followed
  out of lambdas and nested functions defined on the path (`lambda y, p: reduce_sum(...)` returned under
  `elif method == "se":`, `tf.map_fn(lambda x: tf.py_function(...))` under `elif self.skip_py_fn:`): they
  exist only when the branch ran. The tests on the path also include an early return ahead of the code that
  the default takes (`if axis == -1: return ...`: `returned_before`), and, for a private helper of the module
  whose every call is in the module, or a private method of a module-level class whose every call is the
  class's own `self._m(...)` (`if self.attention_type == "mul": return self._mul(x)`; not a hook a framework
  calls, `FRAMEWORK_HOOKS`, nor one the file hands on as `self._m`; an override keeps its findings), one hop,
  the tests every call sits under (`_callers_tests`). A test compares with a literal, a name bound to one, a
  member of a value enum, a constant of a class (`self.kind == Att.MUL`, `self.MUL`: `passed.class_constants`,
  also as the default, `kind=ADD` in a method's signature), a tuple of them (`in`, `not in`), a number's
  threshold (`if self.reg_weight > 0.0:`; a value no number is not known to fail it), or a member of a plain
  enum (`mode=Mode.NONE` ... `if self.mode == Mode.EMA:`, `is`, `in (Mode.EMA, Mode.DYNAMIC)`: `passed.enum_member`,
  a value of its own, `(passed.ENUM, class, member)`, which callers pass too: `mode=Mode.EMA` turns the branch on;
  a class of another module is one when its module says so, `passed.ENUM_CLASS`).
  A member is compared only with members of its class, a literal only with literals (`_comparable`): a test of the
  other kind is not read for the default, and a value of the other kind is not known. A private helper or method
  called at several sites under different tests of one setting (`if self.kind != "a": self._m(x)` at one, `elif
  self.kind in ("b", "c"): self._m(x)` at another: `_split_sites`) is opt-in when the default fails every site's
  tests; a value reaches it when it passes some site's. For the
  rules that read only options (`flags`), a guard on a None default that runs only when a value is given
  (`if perm_mask is not None:`) is one where the index sees every giver (`_given`).
- a helper's return (`none_for`, `returned_for`): `kernel_regularizer = default_regularizer(kernel_regularizer)`
  where the helper returns None for None (an early `if x is None: return None`, `if not x: return None`,
  also `args[0] is None` of its `*args`, and either side of an `or`) and the argument is the caller's own
  parameter: the helper builds something only for other values. `none_for` is computed for a function of
  the file, and exported as `NONE_FOR` (by the rule that follows the helper) for another module's calls.

A private function every call of which passes the parameter (of the module, a private method only its class
calls, or nested in another function) never takes its default (`_default_unused`: `_merge(x, mode=temporal)`): its
tests are then judged by what the calls pass alone, not by a default no run has.

Either gives a `passed.Parameter` whose `bad` says which values reach the code; what the project's callers
pass decides (`tfperf.source.passed`: every value known to take another path, the default from outside
the project too: no finding; a value that takes the path: the finding, saying who passes it).
"""

from __future__ import annotations

import ast
from typing import Callable

from tfperf.findings import Severity
from tfperf.source import configs
from tfperf.source.arguments import argument, parameter_annotation
from tfperf.source.attributes import CONSTANT, PARAMETER, file_classes, file_mro, value_sources
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.passed import (HELD, HELD_ATTR, NO_DEFAULT, UNKNOWN, Parameter, base_names, class_constants,
                                  enum_member, held_read, is_member, parameter_of, passed_positional, text)
from tfperf.source.paths import conditions, defined, split_test
from tfperf.source.project import CALLED_BY, DEFINED, KEYWORD_LITERAL
from tfperf.source.treewalk import walk_nodes


_SIMPLE = (str, int, float, bool, type(None))
_VALIDATORS = ("valid", "check")  # `self.average = check_util.validate_enum(average, {...})`: the parameter, checked
_TRUTH = "truth"  # a truthiness test (`if x:`, `elif self.skip_py_fn:`), as a check's operator
_NOTHING_GIVEN = (None, False)  # defaults a truthiness test is read as opt-in for
# a flag the framework itself turns on in the training step (Keras calls a layer with `training=True` in fit; an
# Estimator's model_fn makes `is_training` from its mode): off by default in the signature, on where it counts
FRAMEWORK_FLAGS = frozenset({"training", "is_training"})


def path_tests(file, node: ast.AST, hops: int = 2) -> list:
    """The `if` tests on the path to `node` (`paths.conditions`, and the conditional expressions it is a side
    of), also those around the lambdas and nested functions it is in, up to the outermost function (a lambda
    or def made in a branch exists only when the branch ran); for a layer's `call` that runs only through one
    held call (`_held_call`), also that call's tests (up to `hops` such calls)."""
    found = conditions(file, node) + _chosen(file, node) + returned_before(file, node)
    scope = file.scope_of(node)
    while isinstance(scope, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
        outer = file.scope_of(scope)
        if not isinstance(outer, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            break  # (a method or a module's function: its tests are all there is)
        found += conditions(file, scope) + _chosen(file, scope) + returned_before(file, scope)
        scope = outer
    if hops and type(scope) is ast.FunctionDef and scope.name in _LAYER_CALLS:
        site = _held_call(file, scope)
        if site is not None:
            found += path_tests(file, site, hops - 1)
    elif hops and _private_helper(file, scope):
        found += _callers_tests(file, scope, 0)  # (one hop: a longer chain reaches configs whose setters are not all read)
    return found


# private methods a framework calls itself (Keras optimizers' slots and updates, Sonnet 1's `_build`, Keras
# 3's `_update_step`...): their calls are not all the project's, so their callers' tests say nothing
FRAMEWORK_HOOKS = frozenset({
    "_build", "_call", "_create_slots", "_prepare", "_prepare_local", "_finish", "_apply_dense", "_apply_sparse",
    "_resource_apply_dense", "_resource_apply_sparse", "_resource_apply_sparse_duplicate_indices",
    "_apply_sparse_duplicate_indices", "_update_step", "_update_step_xla", "_distributed_apply", "_initialize",
    "_compute_output_shape", "_compute_output_and_mask_jointly", "_get_hyper", "_set_hyper", "_serialize_hyperparameter",
    "_create_all_weights", "_train_step", "_test_step", "_predict_step", "_model_fn", "_input_fn", "_forward",
    "_step", "_call_impl", "_build_graph", "_fn", "_loss", "_compute_loss"})


def _own_method(file, method: ast.FunctionDef) -> bool:
    """A private method of a module-level class (not a hook a framework calls, `FRAMEWORK_HOOKS`) that the file
    reads as `self.<name>` only to call it, and every such call of which resolves to a method of the file (a
    subclass's `self._m(x)` of the inherited method does not): its calls are the class's own `self._m(...)`, whose tests
    `_common_tests` takes (a reference handed on, `tf.map_fn(self._m, x)` or a dict of methods, is a call
    not in view). An override in a subclass is reached through its base's calls, which resolve to the base's
    method: it has no calls of its own and keeps its findings."""
    if method.name in FRAMEWORK_HOOKS:
        return False
    owner = file.scope_of(method)
    if type(owner) is not ast.ClassDef or type(file.scope_of(owner)) is not ast.Module:
        return False
    if any(type(call.func) is ast.Attribute and file.def_of(call.func) is None
           for call in _local_calls(file).get(method.name, ())):
        return False  # (a `self._m(x)` the file does not resolve: a subclass's call of the inherited method)
    return method.name not in _self_references(file)


def _self_references(file) -> frozenset:
    """The names the file reads as `self.<name>` other than to call it (once per file)."""
    found = file.shared.get("optin-self-refs")
    if found is None:
        called = {id(call.func) for calls in _local_calls(file).values() for call in calls}
        found = file.shared["optin-self-refs"] = frozenset(
            node.attr for node in file.shared["optin-self-attrs"] if id(node) not in called)
    return found


def returned_before(file, node: ast.AST) -> list:
    """The tests of the early returns the function took no one of before reaching `node`: an `if` statement
    ahead of it in one of the blocks around it (up to its function) whose body ends in a `return` and that has no
    `else` (`if axis == -1: return _last_axis(x)` ... `_swap_axis(x, axis)`), as `(test, False)`; one whose
    `else` ends in a return and whose body does not, as `(test, True)`. A `raise` is no such return: a test a
    call must pass is not an option (as a first-level `assert` is not, `_asserted`)."""
    found = []
    child = node
    for parent in file.ancestors(node):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)):
            if not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                break
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if type(block) is not list or not any(child is s for s in block):
                continue
            for stmt in block[:next(i for i, s in enumerate(block) if s is child)]:
                if type(stmt) is not ast.If:
                    continue
                body, orelse = _returns(stmt.body), _returns(stmt.orelse)
                if body and not orelse:
                    found += defined(file, _either(stmt.test, False))
                elif orelse and not body:
                    found += defined(file, _either(stmt.test, True))
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            break
        child = parent
    return found


def _either(test: ast.expr, held: bool) -> list:
    """`split_test`, also `a or b` that did not hold: neither side did."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and not held:
        return [c for value in test.values for c in _either(value, False)] + [(test, False)]
    return split_test(test, held)


def _returns(block: list) -> bool:
    """Whether a block ends in a `return` (not a `raise`: see `returned_before`)."""
    return bool(block) and type(block[-1]) is ast.Return


def _top_level(file, function: ast.FunctionDef) -> bool:
    """A function of the module (a method: `_own_method`)."""
    return type(file.scope_of(function)) is ast.Module


def _callers_tests(file, function: ast.FunctionDef, hops: int) -> list:
    """The tests on the path to every call of a private function of the module (`_swap_axis(...)` called twice
    after `if is_last_axis: return ...`), when all its calls are in this module and the project hands it nowhere: the function runs only where one of them does, so a test every call's path
    holds (the same test, held the same way) holds on its own path. Empty otherwise. Once per function."""
    memo = file.shared.setdefault("optin-callers", {})
    key = (function, hops)
    if key not in memo:
        memo[key] = _common_tests(file, function, hops)
    return memo[key]


def _common_tests(file, function: ast.FunctionDef, hops: int) -> list:
    qualname = file.qualnames.get(function)
    if qualname is None:
        return []
    sites = _calls_of(file, qualname)
    if not sites:
        return []
    module = qualname.rpartition(".")[0] + "."
    if any(type(c) is not str or not c.startswith(module) for c in file.project.query(CALLED_BY, qualname)):
        return []  # (handed around, or called from another module too)
    common = None
    for site in sites:
        tests = {(ast.dump(test), held): (test, held) for test, held in path_tests(file, site, hops)}
        common = tests if common is None else {k: v for k, v in common.items() if k in tests}
        if not common:
            return []
    return list(common.values())


def _private_helper(file, function, nested: bool = False) -> bool:
    """A private function whose calls the file holds: a helper of the module or a private method only its class
    calls (`_own_method`), not a dunder; with `nested`, also a function defined in another function."""
    return type(function) is ast.FunctionDef and function.name.startswith("_") and not function.name.endswith("__") \
        and (_top_level(file, function) or _own_method(file, function) or
             nested and isinstance(file.scope_of(function), (ast.FunctionDef, ast.AsyncFunctionDef)))


def _calls_of(file, qualname: str) -> list[ast.Call]:
    """The file's calls (`_local_calls`) that resolve to the function `qualname`."""
    return [call for call in _local_calls(file).get(qualname.rpartition(".")[2], ())
            if file.def_of(call.func) == qualname]


def _called_only_here(file, qualname: str) -> bool:
    """Whether every caller the index knows of the function is of this module (none a reference, none elsewhere)."""
    module = f"{file.module}." if file.module else ""
    return all(type(c) is str and c.startswith(module) for c in file.project.query(CALLED_BY, qualname))


def _hides_arguments(call: ast.Call) -> bool:
    """Whether a call may pass a parameter where the source does not show it (`*args`, `**kwargs`)."""
    return any(type(a) is ast.Starred for a in call.args) or any(k.arg is None for k in call.keywords)


def _local_calls(file) -> dict:
    """name -> the file's calls by that plain name or `self.<name>` (once per file; a call's function is resolved
    only when asked)."""
    found = file.shared.get("optin-local-calls")
    if found is None:
        found = file.shared["optin-local-calls"] = {}
        attrs = file.shared["optin-self-attrs"] = []  # (the loads of `self.<name>`, for `_self_references`)
        for node in walk_nodes(file.tree):  # (not the walk's calls: a rule may ask before the walk has seen them all)
            kind = type(node)
            if kind is ast.Attribute:
                if type(node.value) is ast.Name and node.value.id == "self" and type(node.ctx) is ast.Load:
                    attrs.append(node)
                continue
            if kind is not ast.Call:
                continue
            func = node.func
            if type(func) is ast.Name:
                found.setdefault(func.id, []).append(node)
            elif type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self":
                found.setdefault(func.attr, []).append(node)
    return found


_LAYER_CALLS = ("call", "__call__")


def _held_call(file, method: ast.FunctionDef) -> ast.Call | None:
    """The one call through which the project runs the `call` of a class of the file: its one construction is
    stored on an attribute of another class of the file (`self._decomp = DFT_series_decomp(k)` in
    `__init__`), whose methods read that attribute once, calling it (`return self._decomp(x)[0]` under `if
    self.decomp_method == "dft_decomp":`); the layer's code runs only where that call does. None otherwise."""
    owner = file.enclosing_class(method)
    if owner is None or type(file.scope_of(owner)) is not ast.Module:
        return None
    held = file.shared.get("optin-held")
    if held is None:
        held = file.shared["optin-held"] = _held_layers(file)
    site = held.get(file.qualnames.get(owner))
    if site is None:
        return None
    callers = file.project.query(CALLED_BY, file.qualnames[owner])
    holder = file.qualname(site)
    if any(type(c) is not str or c != holder and c.rpartition(".")[0] != holder.rpartition(".")[0] for c in callers):
        return None  # (made or handed around elsewhere too)
    return site


def _held_layers(file) -> dict:
    """class qualname -> the one call of the attribute its one construction in the file is stored on (once per
    file)."""
    made: dict = {}
    for call in file.calls:
        if isinstance(call.func, (ast.Name, ast.Attribute)):
            name = file.def_of(call.func)
            if name is not None:
                made.setdefault(name, []).append(call)
    found: dict = {}
    reads: dict = {}
    for name, calls in made.items():
        if len(calls) != 1:
            continue
        call = calls[0]
        stmt = next((a for a in file.ancestors(call) if isinstance(a, ast.stmt)), None)
        if type(stmt) is not ast.Assign or stmt.value is not call or len(stmt.targets) != 1:
            continue
        target = stmt.targets[0]
        if type(target) is not ast.Attribute or type(target.value) is not ast.Name or target.value.id != "self":
            continue
        holder = file.enclosing_class(stmt)
        if holder is None:
            continue
        if holder not in reads:
            reads[holder] = _self_reads(file, holder)
        used = reads[holder].get(target.attr, [])
        if len(used) != 1:
            continue
        read = used[0]
        parent = next(iter(file.ancestors(read)), None)
        if type(parent) is ast.Call and parent.func is read:
            found[name] = parent
    return found


def _self_reads(file, owner: ast.ClassDef) -> dict:
    """attr -> the loads of `self.<attr>` in the methods of the class (not of a class nested in it)."""
    found: dict = {}
    for node in ast.walk(owner):
        if type(node) is ast.Attribute and type(node.ctx) is ast.Load and type(node.value) is ast.Name and \
                node.value.id == "self" and file.enclosing_class(node) is owner:
            found.setdefault(node.attr, []).append(node)
    return found


def _chosen(file, node: ast.AST) -> list:
    """The tests of the conditional expressions `node` is a side of, in its statement (`tf.transpose(ids) if
    p.packed_input else None`): as an `if` statement's."""
    found = []
    child = node
    for parent in file.ancestors(node):
        if type(parent) is ast.IfExp and child is not parent.test:
            found += split_test(parent.test, child is parent.body)
        elif isinstance(parent, (ast.stmt, ast.Lambda)):
            break
        child = parent
    return found


def opt_in(file, node: ast.AST, unknown: Severity = Severity.INFO, flags: bool = False,
           judged: bool = True) -> Parameter | None:
    """The parameter the code at `node` is opt-in by (see the module docstring), as a `passed.Parameter`
    whose values the callers' decide; `unknown`: the severity for values not known here. None when no test
    on the path reads such a parameter. `flags`: only a parameter that is an option (a bool default, or
    compared with a literal other than None), not one that may hold data or an object (`X2=None`, then
    `if X2 is None:` ... `else:`; `linformer_dim=None`); a configuration's field is one. `judged`: the
    finding hangs on what the project passes (not for a rule that reads the branch whatever callers pass:
    then neither a reference nor a keyword literal elsewhere matters). A private method or helper called at
    several sites under different tests of one setting (`_split_sites`) is opt-in when every site's tests fail
    the default, and a value reaches it when it passes some site's."""
    found = _opt_in(file, node, [_checks(file, path_tests(file, node))], unknown, flags, judged)
    if found is None:
        sites = _split_sites(file, node)
        if sites:
            found = _opt_in(file, node, sites, unknown, flags, judged)
    return found


def _opt_in(file, node: ast.AST, alternatives: list, unknown: Severity, flags: bool, judged: bool) -> Parameter | None:
    """`opt_in` over `alternatives`, the tests (`_checks`) of each way the code is reached (one, or one per call
    site of its private function): a parameter every way tests, whose default fails every way's tests."""
    asserted = None
    # (a parameter with a default first: `if self.spectral_parametrization:` around `if self.rank == 1:` is opt-in by
    # the flag no call turns on, whatever rank every construction passes)
    for key, (default, constants, _) in sorted(alternatives[0].items(), key=lambda item: item[1][0] == NO_DEFAULT):
        if any(key not in tests for tests in alternatives[1:]):
            continue  # (a way to the code that does not test it: the default may take that one)
        # (a class constructor's parameter with no default, `CrossBlock(sparse, flags)`: every construction passes it,
        # and the index joins them all, so what they pass decides as for a default no run takes)
        required = default == NO_DEFAULT and _constructed(file, key[0])
        if type(default) not in _SIMPLE and not is_member(default) and not required:
            continue
        ways = [[check for check in tests[key][2] if _comparable(default, check)] for tests in alternatives]
        unused = required or _default_unused(file, key)
        if any(not unused and _on_path(checks, default) or
               any(type(c) not in _SIMPLE or _on_path(checks, c) for c in constants) for checks in ways):
            continue  # (the default, or a constant the class stores, runs the code: not opt-in)
        asserted = _checks(file, _asserted(file, node)) if asserted is None else asserted
        if key in asserted and not _on_path(asserted[key][2], default):
            continue  # (`assert p.label_smoothing is not None` first: the function needs it set, the default fails)
        every = [check for checks in ways for check in checks]
        if any(op == _TRUTH for op, _, _ in every) and default not in _NOTHING_GIVEN and not _constructed(file, key[0]):
            continue  # (`if not is_mean:` with is_mean=True: a mode of a function, not opt-in; a layer's constructor
            # flag on by default, `if not self.time_first:`, is an option its constructions turn off, read as any other)
        if flags and not key[0].startswith((configs.REFERENCE, configs.HPARAM_KEY)) and type(default) is not bool \
                and not any(op != _TRUTH and stated is not None for op, stated, _ in every) \
                and not (default is None and (_annotated_bool(file, key) or
                                              all(_given(file, key, checks) for checks in ways))):
            continue  # (an optional value, not an option; `x: Optional[bool] = None` says it is one, and so
            # does a branch that runs only when a value is given, `if perm_mask is not None:`, judged by what
            # the callers give: a value not known here keeps the warning)
        if judged and (_handed_around(file, key[0]) or not (unused or _joined(file, key[0]) or _scoped(key[0])) and (
                any(_reaches(ways, v) for v in _keyword_literals(file, key[2]))
                or any(_reaches(ways, v) for v in file.project.query(KEYWORD_LITERAL, key[2])))):
            continue  # (calls through a reference, or `self.encoder(x, output_hidden_states=True)`: the index
            # does not join a layer's call to its `call`; a literal passed by the name in the file may turn it on;
            # not when every call is the module's own and passes it: the index joins them all)

        def bad(value, ways=ways) -> bool | None:
            value = text(value)  # (a word arrives as ("s", word); a longer string as passed.TEXT: unknown)
            if type(value) not in _SIMPLE and not is_member(value):
                return None
            verdicts = {None if any(not _comparable(value, check) for check in checks) else _on_path(checks, value)
                        for checks in ways}
            return True if True in verdicts else False if verdicts == {False} else None

        return Parameter(*key, bad=bad, unknown=unknown)
    return None


def _default_unused(file, key: tuple) -> bool:
    """Whether no run of the function takes the parameter's default: a private function (of the module, a private
    method the class alone calls, or a function nested in another) all of whose calls are the module's, and every
    one of which passes the parameter (`_merge(x, mode=temporal)`, the caller's own `temporal=None`): what they pass
    decides the branch (`passed`), the default none. Once per parameter."""
    memo = file.shared.setdefault("optin-unused", {})
    if key not in memo:
        memo[key] = _every_call_passes(file, key)
    return memo[key]


def _every_call_passes(file, key: tuple) -> bool:
    function = file.defs.get(key[0])
    if not _private_helper(file, function, nested=True):
        return False
    sites = _calls_of(file, key[0])
    if not sites or not _called_only_here(file, key[0]):
        return False  # (handed around, or called from another module too)
    return all(not _hides_arguments(call) and argument(call, key[1], key[2]) is not None for call in sites)


def _reaches(ways: list, value) -> bool:
    """Whether a value passes every test of some way to the code (a value of another kind than a test's
    comparand, a string against an enumeration's member, is not known to: as not passing)."""
    return any(all(_comparable(value, check) for check in checks) and _on_path(checks, value) for checks in ways)


def _comparable(value, check: tuple) -> bool:
    """Whether a test (`(op, stated, held)`) says what it does of `value`: an enumeration's member (`passed.ENUM`)
    only against members of its own class (it is not its `.value`, and a class of another module read as one may
    be a class of constants, equal to their strings), and a literal only against literals; None against
    anything (no member is None)."""
    if value is None:
        return True
    op, stated, _ = check
    kind = value[1] if is_member(value) else None
    if op == _TRUTH or type(op) in _ORDER:
        return kind is None
    items = stated if isinstance(op, (ast.In, ast.NotIn)) else (stated,)
    return all((item[1] if is_member(item) else None) == kind for item in items if item is not None)


def _split_sites(file, node: ast.AST) -> list | None:
    """The tests (`_checks`) of each call site of the private function `node` is in (a helper of the module, a
    private method of a module-level class: as `path_tests` reads one hop), when it has several and the tests
    they share (`_callers_tests`) are not all that select it: `if self.kind != "a": self._m(x)` at one site,
    `elif self.kind in ("b", "c"): self._m(x)` at another. Each site's tests joined with those on the path in
    the function. None when the function is none such (once per function)."""
    scope = file.scope_of(node)
    while isinstance(scope, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
        outer = file.scope_of(scope)
        if not isinstance(outer, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
            break
        scope = outer
    if not _private_helper(file, scope):
        return None
    memo = file.shared.setdefault("optin-split", {})
    if scope not in memo:
        memo[scope] = _site_tests(file, scope)
    sites = memo[scope]
    if not sites:
        return None
    own = path_tests(file, node, 0)  # (the tests inside the function: `hops=0` leaves its callers')
    return [_checks(file, own + tests) for tests in sites]


def _site_tests(file, function: ast.FunctionDef) -> list | None:
    """The tests on the path to each call of a private function whose calls are all its module's (as
    `_common_tests` reads them); None for fewer than two calls."""
    qualname = file.qualnames.get(function)
    if qualname is None:
        return None
    sites = _calls_of(file, qualname)
    if len(sites) < 2:
        return None
    module = qualname.rpartition(".")[0] + "."
    callers = file.project.query(CALLED_BY, qualname)
    if any(type(c) is not str or not c.startswith(module) for c in callers) or \
            set(callers) != {file.qualname(site) for site in sites}:
        return None  # (a call these sites are not: a subclass's `self._m(x)` of the inherited method)
    return [path_tests(file, site, 0) for site in sites]


def _given(file, key: tuple, checks: list) -> bool:
    """Whether the tests on the path are all `x is None` / `x is not None` and hold only when a value is given
    (`if perm_mask is not None:`, `else:` of `if mask is None:`, past `if mask is None: return x`), for a
    parameter whose givers the index sees: not of a layer's `call` (`self.block(x, mask=m)` is not joined to
    it), called only from its own module (a value handed from another is not always followed to its source) unless
    it is a class constructor's (every construction is joined: what each passes is judged, one not known keeps the
    finding), and given by no call of the module (by position or name) but None or a parameter of that name handed
    on."""
    if not checks or not all(isinstance(op, (ast.Is, ast.IsNot)) and stated is None for op, stated, _ in checks) \
            or _on_path(checks, None):
        return False
    if key[0].rpartition(".")[2] in _LAYER_CALLS:
        return False
    if not _constructed(file, key[0]) and not _called_only_here(file, key[0]):
        return False  # (a class's constructions are all joined, wherever they are: what each passes is judged)
    given = file.shared.get("optin-given")
    if given is None:  # (once per file: the keywords its calls pass a value by, other than a parameter handed on)
        given = file.shared["optin-given"] = {
            keyword.arg for call in file.all_calls() for keyword in call.keywords if keyword.arg is not None and
            not (type(keyword.value) is ast.Name and keyword.value.id == keyword.arg) and
            not (type(keyword.value) is ast.Constant and keyword.value.value is None)}
    if key[2] in given:
        return False
    for call in _calls_of(file, key[0]):  # (the module's calls: given nothing)
        if _hides_arguments(call):
            return False
        passed = argument(call, key[1], key[2])
        if passed is not None and not (type(passed) is ast.Constant and passed.value is None) and \
                not (type(passed) is ast.Name and passed.id == key[2]):
            return False
    return True


def _scoped(function: str) -> bool:
    """A Params-style class's own hyperparameter (`configs.params_of`): the sets the index resolves are all that
    decide it (a literal some call passes by its name is one of them when it sets it: `p.Set(x=True)`)."""
    return function.startswith(configs.HPARAM_KEY) and len(function) > len(configs.HPARAM_KEY)


def _checks(file, found_tests: list) -> dict:
    """key -> (default, constants, [(op, literal, held)]) of the parameters the tests (`(test, held)`) read."""
    tests: dict = {}
    for test, held in found_tests:
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
                isinstance(test.ops[0], _COMPARISONS):
            stated = _comparand(file, test.comparators[0])
            if isinstance(test.ops[0], _ORDERED):
                if type(stated) not in (int, float):
                    continue  # (`if self.reg_weight > 0.0:`: a number's threshold, nothing else)
            elif isinstance(test.ops[0], (ast.In, ast.NotIn)):
                if is_member(stated) or not isinstance(stated, (tuple, list, set, frozenset)) or \
                        not all(type(e) in _SIMPLE or is_member(e) for e in stated):
                    continue
            elif type(stated) not in _SIMPLE and not is_member(stated):
                continue
            found = _guard_parameter(file, test.left)
            if found is not None:
                tests.setdefault(found[0], (found[1], found[2], []))[2].append((test.ops[0], stated, held))
        elif isinstance(test, (ast.Name, ast.Attribute)):
            found = _guard_parameter(file, test)
            if found is not None:
                tests.setdefault(found[0], (found[1], found[2], []))[2].append((_TRUTH, None, held))
    return tests


_ORDER = {ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
          ast.GtE: lambda a, b: a >= b}
_ORDERED = tuple(_ORDER)
_COMPARISONS = (ast.Eq, ast.NotEq, ast.Is, ast.IsNot, ast.In, ast.NotIn) + _ORDERED
_VALUE_ENUMS = ("StrEnum", "IntEnum")  # enums whose members equal their values (as `class E(str, Enum)` does)


def _comparand(file, expr: ast.expr):
    """The literal a test compares with: a literal, a name bound to one, a member of a value enum
    (`_member_value`), a constant of a class (`Cls.KIND_MUL`, `self.KIND_MUL`: `passed.class_constants`), and a
    tuple, list or set of them (`kind in (Cls.A, Cls.B)`); NOT_LITERAL otherwise."""
    stated = file.literal(expr)
    if stated is not NOT_LITERAL:
        return stated
    if type(expr) in (ast.Tuple, ast.List, ast.Set):
        items = tuple(_comparand(file, item) for item in expr.elts)
        return NOT_LITERAL if any(item is NOT_LITERAL for item in items) else items
    stated = _member_value(file, expr)
    if stated is NOT_LITERAL and type(expr) is ast.Attribute and type(expr.value) is ast.Name:
        holder = expr.value.id
        cls = file.enclosing_class(expr) if holder in ("self", "cls") else _module_classes(file).get(holder)
        if cls is not None:
            constants = class_constants(file, cls)
            if expr.attr in constants:
                return constants[expr.attr]
        member = enum_member(file, expr)  # `self.mode == QuantizationMode.EMA`: a member of a plain enumeration
        if member is not None:
            return member
    return stated


def _module_classes(file) -> dict:
    """name -> the module-level classes of the file (once per file)."""
    classes = file.shared.get("optin-classes")
    if classes is None:
        classes = file.shared["optin-classes"] = {
            node.name: node for node in file.qualnames if type(node) is ast.ClassDef and type(file.scope_of(node)) is
            ast.Module}
    return classes


def _member_value(file, expr: ast.expr):
    """The value of a member of an enum of the file whose members equal their values (`class Kind(str, Enum):
    RATIO = "ratio"` ... `kind == Kind.RATIO`, true for `kind = "ratio"`); NOT_LITERAL for anything else."""
    if type(expr) is not ast.Attribute or type(expr.value) is not ast.Name:
        return NOT_LITERAL
    cls = _module_classes(file).get(expr.value.id)
    if cls is None:
        return NOT_LITERAL
    names = set(base_names(cls))
    if not (names & set(_VALUE_ENUMS) or "Enum" in names and names & {"str", "int"}):
        return NOT_LITERAL
    for stmt in cls.body:
        if type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name and \
                stmt.targets[0].id == expr.attr and type(stmt.value) is ast.Constant and \
                type(stmt.value.value) in (str, int):
            return stmt.value.value
    return NOT_LITERAL


def _asserted(file, node: ast.AST) -> list:
    """The tests the first-level `assert` statements of the function around `node` (the outermost, as `path_tests`
    reads) make before the statement `node` is in, as `(test, True)`: every run that reaches `node` passed them."""
    function, child = None, node
    for parent in file.ancestors(node):
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function, statement = parent, child
            if not isinstance(file.scope_of(parent), (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
                break
        child = parent
    if function is None or statement not in function.body:
        return []
    found = []
    for stmt in function.body[:function.body.index(statement)]:
        if type(stmt) is ast.Assert:
            found += split_test(stmt.test, True)
    return found


def _annotated_bool(file, key: tuple) -> bool:
    """Whether the parameter `key` names is annotated a flag (`bool`, `Optional[bool]`, `bool | None`): its None
    default is then "not set", an option off, not an absent value (transformers' `output_segmentation:
    Optional[bool] = None`)."""
    annotation = parameter_annotation(file.defs.get(key[0]), key[2])
    return isinstance(annotation, ast.Name) and annotation.id == "bool"


def _keyword_literals(file, name: str) -> list:
    """The literals the file's calls pass by the keyword `name` (`f(x, flag=True)`). Once per file."""
    found = file.shared.get("optin-keywords")
    if found is None:
        found = file.shared["optin-keywords"] = {}
        for call in file.all_calls():
            for keyword in call.keywords:
                if keyword.arg is not None and type(keyword.value) is ast.Constant and \
                        type(keyword.value.value) in _SIMPLE:
                    found.setdefault(keyword.arg, []).append(keyword.value.value)
                elif keyword.arg is not None and type(keyword.value) is ast.Attribute and \
                        (member := enum_member(file, keyword.value)) is not None:  # `mode=Mode.EMA`
                    found.setdefault(keyword.arg, []).append(member)
    return found.get(name, [])


def _constructed(file, function: str) -> bool:
    """Whether the parameter is a class's constructor's (`self.full_cov` set from `GPLayer(full_cov=False)`): the
    index joins every construction of the class (and a subclass's `super().__init__(full_cov=True)`), so a literal
    another call passes by the same keyword (`sample_mvn(mean, var, full_cov=True)`) says nothing of it."""
    return "class" in file.project.query(DEFINED, _made(function))


def _joined(file, function: str) -> bool:
    """Whether the index joins every call of the function whose parameter it is, so that a literal another call
    passes by the same keyword says nothing of it: a class's constructor (`_constructed`), or a function defined
    at a module's top level (`create_unet(residual=True)` in a demo elsewhere is not a call of `create_vnet`).
    Not a method: `self.encoder(x, output_hidden_states=True)` reaches `call` through the layer's `__call__`."""
    return bool({"class", "def"} & set(file.project.query(DEFINED, _made(function))))


def _made(function: str) -> str:
    """The function a parameter key names, or for `self.<attr>` a base of another module stores
    (`_inherited_option`), the class whose constructions pass it."""
    return function[len(HELD):].partition("=")[0] if function.startswith(HELD) else function


def _handed_around(file, function: str) -> bool:
    """Whether the project refers to the function (or class) whose parameter it is without calling it (held in
    a dict of classes, handed to another call): its calls through that reference are not the index's, so what
    they pass is not known (`losses[kind](..., update_on_repeat=update_on_repeat)`)."""
    if function.startswith((configs.REFERENCE, configs.HPARAM_KEY)):
        return False
    return any(caller == "?" or type(caller) is tuple for caller in file.project.query(CALLED_BY, _made(function)))


def _on_path(checks: list, value) -> bool:
    """Whether `value` passes every test on the path (`(op, literal, held)`)."""
    for op, stated, held in checks:
        if op == _TRUTH:
            passes = bool(value)
        elif type(op) in _ORDER:  # (a value no number, None or a string, is not known to turn it away)
            passes = type(value) not in (int, float, bool) or _ORDER[type(op)](value, stated)
        elif isinstance(op, (ast.In, ast.NotIn)):
            passes = (value in stated) == isinstance(op, ast.In)
        else:
            same = value is stated if isinstance(op, (ast.Is, ast.IsNot)) and not is_member(stated) else \
                value == stated  # (a member is itself: `mode is Mode.EMA`)
            passes = same == isinstance(op, (ast.Eq, ast.Is))
        if passes != held:
            return False
    return True


def _guard_parameter(file, expr: ast.expr) -> tuple[tuple, object, list] | None:
    """((function, position, name, default) as `passed` keys it, the default's literal, the constants it may
    also hold) of the parameter a test reads, by data flow (`attributes.value_sources`): the parameter itself,
    a local name bound from it, or `self.<attr>` its class (or a base of it in the file, whose constructor
    the class inherits) sets from it (`passed.parameter_of`), also through a validator's check of it
    (`self.x = validate_enum(x, ...)`, `check_util.validate_x(x)`); other stores of constants beside it
    (`self.x = None` first) are values it may hold too."""
    if not isinstance(expr, (ast.Name, ast.Attribute)) or \
            (expr.id if isinstance(expr, ast.Name) else expr.attr) in FRAMEWORK_FLAGS:
        return None
    sources = value_sources(file, expr, _validated)
    if not sources:
        if isinstance(expr, ast.Name):  # (`method = config.decomp_method` ... `if method == "dft":`)
            expr = _bound_field(file, expr)
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
            return _inherited_option(file, expr)  # (`self.mode` a base of another module stores from `mode="diag"`)
        return _hyperparameter(file, expr) if isinstance(expr, ast.Attribute) else None
    keys = {found for kind, found in sources if kind == PARAMETER}
    if len(keys) != 1:
        return None
    found = next(iter(keys))
    constants = [value for kind, value in sources if kind == CONSTANT]
    return found, text(found[3]), constants


def _inherited_option(file, expr: ast.Attribute) -> tuple[tuple, object, list] | None:
    """As `_guard_parameter`, for `self.<attr>` read in a method of a class whose one project base, of another
    module, stores it from its constructor's parameter (`passed.held_read`, `HELD_ATTR`): keyed so that the index
    answers with what the class's constructions pass that parameter, through its own constructor too
    (`project._passed_key_values`). Not where a base is the file's own (`value_sources` reads those, and says
    None when a subclass of the file stores it again), nor where a subclass of the file stores it."""
    held = held_read(file, expr)
    if held is None or any(base in file.defs for base in held[1]):
        return None
    owner = file.enclosing_class(expr)
    if any(sub is not owner and owner in file_mro(file, sub) and file.self_assignments(sub, expr.attr)
           for sub in file_classes(file)):
        return None
    stored = [found for base in held[1] for found in file.project.query(HELD_ATTR, f"{base}.{expr.attr}")]
    if len(stored) != 1 or type(stored[0]) is not tuple or stored[0][:1] != ("^",):
        return None
    return (f"{HELD}{held[3]}={','.join(held[1])}", None, expr.attr, None), text(stored[0][4]), []


def _bound_field(file, name: ast.Name) -> ast.Attribute | None:
    """The field read a local name holds where the test reads it: its one reaching assignment is `name =
    <holder>.<field>` (not of `self`: value_sources follows those)."""
    if name.id not in file.stored_names:
        return None
    reaching = file.reaching_bindings(name)
    if len(reaching) != 1:
        return None
    bound = reaching[0]
    if type(bound.stmt) is not ast.Assign or bound.stmt.value is not bound.value or \
            type(bound.value) is not ast.Attribute:
        return None
    return bound.value


def _hyperparameter(file, expr: ast.Attribute) -> tuple[tuple, object, list] | None:
    """As `_guard_parameter`, for a field of a configuration: of a config class the code holds as an annotated
    parameter (`cfg.use_x` with `cfg: Config`, `configs.reference`), or a hyperparameter read by its name
    (`p.packed_input`, `self.params.packed_input`, `FLAGS.use_tpu`) that the project defines with one default
    (`configs.hyperparameters`: flags, HParams, Params-style `Define`, also a config class's field). What the
    project's configs, stores and setters give it decides, as callers' values decide a parameter's."""
    holder = expr.value
    if type(holder) is ast.Name and holder.id in ("self", "cls"):
        return None
    found = configs.reference(file, expr)
    if found is not None:
        declared = file.project.query(configs.FIELD, f"{found[1]}.{found[2]}")
        if len(declared) != 1:
            return None
        return (f"{configs.REFERENCE}{found[1]}", None, found[2], None), text(declared[0][1]), []
    scoped = configs.params_of(file, holder)  # (`p = self.params` in a Params-style class: its own definition)
    if scoped is not None:
        cls = configs.resolve(file.project.query, scoped)
        defined = configs.nearest(file.project.query, configs.HPARAM, expr.attr, cls) if cls is not None else None
        if defined is not None:
            return (f"{configs.HPARAM_KEY}{cls}", None, expr.attr, None), text(defined[1]), []
    defaults = set()
    for _, default in file.project.query(configs.HPARAM, expr.attr):
        if type(default) is tuple and default[:1] == (configs.REFERENCE,):
            declared = file.project.query(configs.FIELD, f"{default[1]}.{expr.attr}")
            default = declared[0][1] if len(declared) == 1 else UNKNOWN
        defaults.add(text(default))
    if len(defaults) != 1:
        return None  # (none defined in the project, or defined with different defaults)
    return (configs.HPARAM_KEY, None, expr.attr, None), next(iter(defaults)), []


def _validated(expr: ast.expr) -> ast.expr:
    """The checked value of a validator's call (`validate_enum(x, {...})`, `check_util.validate_x(x)`)."""
    if isinstance(expr, ast.Call) and expr.args and isinstance(expr.args[0], ast.Name):
        callee = expr.func.attr if isinstance(expr.func, ast.Attribute) else getattr(expr.func, "id", "")
        if any(word in callee.lower() for word in _VALIDATORS):
            return expr.args[0]
    return expr


# ---------------------------------------------------------------------------------------------
# A helper's return for the default argument

_RETURNS = (ast.Return, ast.Yield, ast.YieldFrom)
_FIRST = 8  # statements of a function looked at for its early `return None`
_NONE, _FALSY = "none", "falsy"  # what an early `return None` turns away: None (`x is None`), any falsy (`not x`)


def none_for(file, function: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[int | None, str, str] | None:
    """(position among what callers pass, name, kind) of a parameter for which `function` returns None
    before anything else: a first-level `if <test>: return None` ahead of any other return, whose test
    holds when the parameter is None (`x is None`, `x == None`, `not x`; `args[0] is None` of `*args`;
    either side of an `or`). `kind`: "none" (only None) or "falsy" (every falsy value). None otherwise."""
    first = function.body[:_FIRST]
    early = next((i for i, stmt in enumerate(first) if type(stmt) is ast.If and len(stmt.body) == 1
                  and type(stmt.body[0]) is ast.Return and (stmt.body[0].value is None or type(stmt.body[0].value)
                                                            is ast.Constant and stmt.body[0].value.value is None)),
                 None)
    if early is None:  # (most functions: no early `return None`, nothing more to read)
        return None
    if any(type(n) in _RETURNS for stmt in first[:early] for n in ast.walk(stmt)):
        return None  # (another return first)
    positional = passed_positional(file, function)
    vararg = function.args.vararg.arg if function.args.vararg is not None else None
    return _none_test(first[early].test, positional, vararg)


def _none_test(test: ast.expr, positional: list[str], vararg: str | None) -> tuple[int | None, str, str] | None:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return next((found for part in test.values if (found := _none_test(part, positional, vararg))), None)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        found = _read(test.operand, positional, vararg)
        return (*found, _FALSY) if found is not None else None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.Eq)) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        found = _read(test.left, positional, vararg)
        return (*found, _NONE) if found is not None else None
    return None


def _read(expr: ast.expr, positional: list[str], vararg: str | None) -> tuple[int | None, str] | None:
    """(position, name) of the parameter an expression reads: a named one, or `args[i]` of `*args`."""
    if isinstance(expr, ast.Name) and expr.id in positional:
        return positional.index(expr.id), expr.id
    if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and expr.value.id == vararg and \
            isinstance(expr.slice, ast.Constant) and type(expr.slice.value) is int and expr.slice.value >= 0:
        return len(positional) + expr.slice.value, f"*{vararg}[{expr.slice.value}]"
    return None


NOTHING = object()  # `returned_for`: the call passes a value the helper returns None for


def returned_for(file, call: ast.Call, fact, bad: Callable, unknown: Severity) -> Parameter | object | None:
    """What a call of a helper that returns None for a parameter (`fact`: `none_for`'s answer) builds:
    NOTHING when it passes a value the helper turns away (None, or the default it leaves out); the
    caller's own parameter as a `passed.Parameter` (`bad` of a value the helper does not turn away)
    when it hands one on; None when the source does not say."""
    if fact is None:
        return None
    position, name, kind = fact
    if any(isinstance(a, ast.Starred) for a in call.args[:position + 1] if position is not None) or \
            any(kw.arg is None for kw in call.keywords):
        return None  # (it may pass the parameter where the source does not show it)
    passed = argument(call, position, name)
    if passed is None:
        return None
    turned_away = (lambda v: v is None) if kind == _NONE else (lambda v: type(v) in _SIMPLE and not v)
    value = file.literal(passed)
    if value is not NOT_LITERAL:
        return NOTHING if turned_away(value) else None
    outer = parameter_of(file, passed) if isinstance(passed, (ast.Name, ast.Attribute)) else None
    if outer is None:
        return None
    return Parameter(*outer, bad=lambda v: False if turned_away(text(v)) else bad(v), unknown=unknown)
