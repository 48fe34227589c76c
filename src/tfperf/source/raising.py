"""Code that never runs, so that nothing it builds is ever trained: a statement after a `return`, `raise`,
`continue` or `break` in its block or a block around it (`unreachable_reason`), and the code of a function that
raises whenever it runs (`raising_reason`): a statement on the function's unconditional path (not under an `if`,
`try`, `while`, `match`, a conditional or short-circuit expression, a comprehension or a nested function, nor past
a `continue` or `break` of its loop body; a `for` body is taken to run, as a builder's loop over its blocks does)
that

- reads a name bound nowhere: not in the function, the functions around it, the module (in any branch, or by a
  `global` statement) or the builtins: NameError (set 57's tensorcv: `DenseNet` reads an undefined `bn_size`, a
  block reads `math` the module never imports);
- builds a Keras convolution or pooling layer with a `kernel_size`, `strides`, `pool_size` or `dilation_rate`
  tuple whose length is not the layer's rank (`Conv1D(64, (7, 7))`, `MaxPooling3D((3, 3))`): Keras's ValueError
  (set 53's funkeras);
- is a `raise` (`raise DeprecationWarning()` first in set 60's medsegpy `dice_median_loss`: the code after it
  never runs; not one in a loop's body, which may run no time);
- calls a function of the same module that raises so;

with no `return` or `raise` before it in the function (an early exit may avoid it); a generator is not judged.

Findings in such code are info (`context.RAISES`): their cost exists only once the code is mended. A module that
may bind names the statements do not show (a star import, `globals()`, `exec`...) is not judged for names. Asked
only when a finding on the training step is reported, once per function.
"""

from __future__ import annotations

import ast
import builtins
from typing import TYPE_CHECKING

from tfperf.source.treewalk import walk_nodes

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.source.visitor import FileContext

_MEMO = "raising.reasons"  # (`FileContext.shared`: function node -> reason or None, filled as asked)
_NAMES = "raising.module_names"  # the names the module binds anywhere, or None when it may bind others
_SCOPE_MEMO = "raising.scopes"  # scope node -> its _Scope
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
# nodes below which a statement may not run when the function does (a `for` body is taken to run)
_CONDITIONAL = (ast.If, ast.IfExp, ast.Try, ast.While, ast.Match, ast.BoolOp, ast.ListComp, ast.SetComp,
                ast.DictComp, ast.GeneratorExp, *_SCOPES, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))
_EXITS = (ast.Return, ast.Raise)
_JUMPS = (ast.Continue, ast.Break)
_ENDS = {kind: kind.__name__.lower() for kind in (*_EXITS, *_JUMPS)}  # statement -> its keyword
# words of a module that may bind names no statement shows
_DYNAMIC_WORDS = ("import *", "globals()", "locals()", "vars()", "exec(", "__builtins__", "sys.modules",
                  "__getattr__", "setattr(")
# names Python 2 code reads that a port would mend, and names run-time hosts install (gettext's `_`, IPython's)
_TOLERATED = {"xrange", "unicode", "basestring", "long", "raw_input", "reduce", "unichr", "file", "execfile", "cmp",
              "buffer", "apply", "intern", "coerce", "reload", "_", "get_ipython", "display", "__file__",
              "__builtins__", "__class__"}
_KNOWN = frozenset(dir(builtins)) | _TOLERATED

# Keras layers whose tuple arguments must have the layer's rank: name -> (rank, positional argument names)
_CONV_ARGS = ("filters", "kernel_size", "strides")
_POOL_ARGS = ("pool_size", "strides")
_DEPTHWISE_ARGS = ("kernel_size", "strides")
_RANKED_LAYERS = {
    **{f"keras.layers.Conv{n}D": (n, _CONV_ARGS) for n in (1, 2, 3)},
    **{f"keras.layers.Conv{n}DTranspose": (n, _CONV_ARGS) for n in (1, 2, 3)},
    **{f"keras.layers.SeparableConv{n}D": (n, _CONV_ARGS) for n in (1, 2)},
    **{f"keras.layers.DepthwiseConv{n}D": (n, _DEPTHWISE_ARGS) for n in (1, 2)},
    **{f"keras.layers.{kind}{n}D": (n, _POOL_ARGS)
       for kind in ("MaxPooling", "MaxPool", "AveragePooling", "AvgPool") for n in (1, 2, 3)},
}
_SIZED = ("kernel_size", "strides", "pool_size", "dilation_rate")


def raising_reason(file: FileContext, node: ast.AST) -> str | None:
    """Why the innermost function around `node` raises whenever it runs, or None."""
    function = next((a for a in file.ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))),
                    None)
    return None if function is None else _reason(file, function, ())


def unreachable_reason(file: FileContext, node: ast.AST) -> str | None:
    """Why the statement holding `node` never runs: a `return`, `raise`, `continue` or `break` ahead of it in its
    own block or in a block around it, within its function (set 61's grapa `glmlp`: an old tail left after its loop
    body's `continue`)."""
    statement = file.statement_of(node)
    while statement is not None and not isinstance(statement, _SCOPES):
        found = file.block_of(statement)
        if found is not None:
            block, index = found
            jump = next((s for s in block[:index] if type(s) in _ENDS), None)
            if jump is not None:
                return f"it follows `{_ENDS[type(jump)]}` (line {jump.lineno})"
        statement = file.statement_of(file.parent(statement))
    return _replaced_definition(file, node)


_REPLACED = "raising.replaced"  # (`FileContext.shared`: module-level def or class -> why it never runs, or None)


def _replaced_definition(file: FileContext, node: ast.AST) -> str | None:
    """Why the module-level def or class holding `node` never runs: a later def or class of the module's body binds
    its name again (set 76's deepclimate defines `stride_conv` twice), so every call, made once the module is
    imported, finds the later one. Not when a statement between them reads the name as the module is imported (a
    call, a decorator, a default, a class body), nor when the first is decorated (a decorator may register it)."""
    top = next((a for a in file.ancestors(node) if file.parent(a) is file.tree), None)
    if not isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or top.decorator_list:
        return None
    memo = file.shared.setdefault(_REPLACED, {})
    if top not in memo:
        memo[top] = _replacement(file.tree.body, top)
    return memo[top]


def _replacement(body: list[ast.stmt], definition: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str | None:
    """`_replaced_definition` of one module-level definition, from the module's statements after it."""
    name, start = definition.name, body.index(definition)
    for statement in body[start + 1:]:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and statement.name == name:
            return f"the module defines `{name}` again at line {statement.lineno}, and every call finds that one"
        if _reads_on_import(statement, name):
            return None
    return None


def _reads_on_import(statement: ast.stmt, name: str) -> bool:
    """Whether running `statement` as the module is imported may read `name`: anywhere in it but the bodies of the
    functions and lambdas it defines (those run only when called)."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if type(node) is ast.Name and node.id == name and type(node.ctx) is ast.Load:
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            stack.extend([*node.decorator_list, *node.args.defaults, *filter(None, node.args.kw_defaults)])
        elif isinstance(node, ast.Lambda):
            stack.extend([*node.args.defaults, *filter(None, node.args.kw_defaults)])
        else:
            stack.extend(ast.iter_child_nodes(node))
    return False


def _reason(file: FileContext, function: ast.AST, calling: tuple) -> str | None:
    memo = file.shared.setdefault(_MEMO, {})
    if function not in memo:
        if function in calling or len(calling) > 8:
            return None  # (recursion: judged where it started)
        memo[function] = _find_reason(file, function, (*calling, function))
    return memo[function]


def _find_reason(file: FileContext, function: ast.AST, calling: tuple) -> str | None:
    scope = _scope(file, function)
    if scope.generator:
        return None  # (a generator runs its body only when iterated)
    bound = _bound_names(file, function)
    local = scope.lines
    for node, in_loop in _unconditional_nodes(function):
        kind = type(node)
        if kind is ast.Name and type(node.ctx) is ast.Load:
            line = node.lineno
            if bound is not None and not bound(node.id):
                return f"`{node.id}` (line {line}) is defined nowhere (NameError)"
            if local.get(node.id, 0) > line and not in_loop:
                return f"`{node.id}` (line {line}) is read before the function binds it (line {local[node.id]}): " \
                       "UnboundLocalError"
        elif kind is ast.Call:
            reason = _wrong_rank(file, node) or _raising_callee(file, node, calling)
            if reason is not None:
                return reason
        elif kind is ast.Raise and node.exc is not None and not in_loop:
            raised = node.exc.func if type(node.exc) is ast.Call else node.exc
            return f"`raise {file.segment(raised)}` (line {node.lineno})"
    return None


def _own_nodes(function: ast.AST):
    """The nodes of the function's body, not of the functions, lambdas and classes defined in it (in no
    particular order)."""
    return _walk_own(function.body if isinstance(function.body, list) else [function.body])


def _walk_own(nodes: list[ast.AST]):
    """These nodes and those below them, not below a function, lambda or class (in no particular order). Not
    `treewalk.own_nodes`: it walks the body of a def that is a statement of the body, and yields no lambda, where
    a scope's bindings must leave the one out and read the other's parameters."""
    pending = list(nodes)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))


def _unconditional_nodes(function: ast.AST):
    """(node, inside a loop) for each node that runs whenever the function runs, in source order: none under a
    branch, handler, loop test, lazy expression, nested scope or a `for`'s `else` (it runs only when no `break`
    left the loop; a `for` body is taken to run), nor a local variable's annotation (not evaluated in a
    function), nor past the first statement that may leave the function (a `return` or `raise`, also one in a
    branch), nor in a loop's body past a `continue` or `break` (also one in a branch: set 61's grapa `glmlp`
    reads an undefined name only after its loop body's `continue`)."""
    pending = [(statement, False) for statement in reversed(function.body)]  # (a stack: the next node last)
    while pending:
        node, in_loop = pending.pop()
        if node is _BODY_END or isinstance(node, _SCOPES):
            continue  # (a scope's body runs when it is called)
        if isinstance(node, _CONDITIONAL):
            if isinstance(node, ast.stmt) and _may_exit(node):
                return  # (a branch that may return: what follows may not run)
            if in_loop and isinstance(node, ast.stmt) and _may_jump(node):
                _skip_body(pending)
            continue
        if type(node) in _JUMPS:
            _skip_body(pending)
            continue
        yield node, in_loop
        kind = type(node)
        if kind in (ast.For, ast.AsyncFor):
            children = [(node.target, in_loop), (node.iter, in_loop), *((c, True) for c in node.body),
                        (_BODY_END, True)]
        elif kind is ast.AnnAssign:
            children = [(c, in_loop) for c in (node.target, node.value) if c is not None]
        else:
            children = [(c, in_loop) for c in ast.iter_child_nodes(node)]
        if kind in _EXITS:
            pending = []  # (its value is computed; nothing after it runs)
        pending.extend(reversed(children))


_BODY_END = ast.Pass()  # (`_unconditional_nodes`' mark of where the innermost loop body it walks ends)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _skip_body(pending: list) -> None:
    """Drop what is left of the innermost loop body on the stack: a `continue` or `break` may skip it."""
    while pending and pending.pop()[0] is not _BODY_END:
        pass


def _may_exit(statement: ast.stmt) -> bool:
    """A `return` or `raise` in the statement, not in a function or class defined in it."""
    return any(isinstance(node, _EXITS) for node in _walk_own([statement]))


def _may_jump(statement: ast.stmt) -> bool:
    """A `continue` or `break` of the loop around the statement in it (not of a loop in it)."""
    pending = [statement]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind in _JUMPS:
            return True
        if kind in _LOOPS:
            pending.extend(node.orelse)  # (its body's jumps are its own; its `else` is the loop around's)
        elif not isinstance(node, _SCOPES):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _bound_names(file: FileContext, function: ast.AST):
    """Whether a read in `function` finds a name (`bound(name)`): its own or an enclosing function's binding, the
    module's, a builtin; None when the module may bind names its statements do not show."""
    module = _module_names(file)
    if module is None:
        return None
    scopes = [_scope(file, scope).names for scope in (function, *(
        a for a in file.ancestors(function) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))))]
    return lambda name: name in module or any(name in names for names in scopes)


def _module_names(file: FileContext) -> frozenset[str] | None:
    if _NAMES not in file.shared:
        text = file.text
        if any(word in text for word in _DYNAMIC_WORDS):
            file.shared[_NAMES] = None
        else:
            names = set(_KNOWN) | _Scope(file.tree).names
            if "global " in text:  # (a function's `global x` binds x in the module)
                names |= {n for node in walk_nodes(file.tree) if isinstance(node, ast.Global) for n in node.names}
            file.shared[_NAMES] = frozenset(names)
    return file.shared[_NAMES]


def _scope(file: FileContext, function: ast.AST) -> "_Scope":
    scopes = file.shared.setdefault(_SCOPE_MEMO, {})
    if function not in scopes:
        scopes[function] = _Scope(function)
    return scopes[function]


class _Scope:
    """What one scan of a scope's own nodes says: `lines`, the first line each name is bound on by what Python
    binds in the scope itself (not its parameters, nor names it declares `global`/`nonlocal`, nor a
    comprehension's variables); `names`, every name a read in it may find bound there (those, its parameters and
    declared names, its comprehension and lambda variables); `generator`, a `yield` in it."""

    def __init__(self, scope: ast.AST):
        self.lines: dict[str, int] = {}
        self.generator = False
        declared: set[str] = set()
        loose: set[str] = set()
        nodes = list(_own_nodes(scope))
        targets = {id(name) for node in nodes if type(node) is ast.comprehension for name in ast.walk(node.target)}
        for node in nodes:
            kind = type(node)
            if kind is ast.Name and type(node.ctx) is ast.Store:
                names = [node.id]
            elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                names = [node.name]
            elif kind in (ast.Import, ast.ImportFrom):
                names = [(alias.asname or alias.name).split(".")[0] for alias in node.names]
            elif kind is ast.ExceptHandler and node.name:
                names = [node.name]
            elif kind in (ast.MatchAs, ast.MatchStar) and node.name or kind is ast.MatchMapping and node.rest:
                names = [node.name if kind is not ast.MatchMapping else node.rest]
            elif kind in (ast.Global, ast.Nonlocal):
                declared.update(node.names)
                continue
            elif kind is ast.Lambda:
                loose |= _parameters(node.args)
                continue
            else:
                self.generator = self.generator or kind in (ast.Yield, ast.YieldFrom)
                continue
            if kind is ast.Name and id(node) in targets:
                loose.update(names)
                continue
            for name in names:
                self.lines[name] = min(self.lines.get(name, node.lineno), node.lineno)
        parameters = _parameters(scope.args) if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)) else set()
        for name in (*parameters, *declared):
            self.lines.pop(name, None)
        self.names = frozenset({*self.lines, *loose, *parameters, *declared})


def _parameters(arguments: ast.arguments) -> set[str]:
    found = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    return found | {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}


def _wrong_rank(file: FileContext, call: ast.Call) -> str | None:
    """A Keras layer built with a size tuple of another rank than its own: Keras raises ValueError."""
    name = file.qualified(call.func)
    if name not in _RANKED_LAYERS:
        return None
    rank, positional = _RANKED_LAYERS[name]
    given = {k.arg: k.value for k in call.keywords if k.arg}
    for parameter, arg in zip(positional, call.args):
        if isinstance(arg, ast.Starred):
            break  # (what follows an unpacking has no known position)
        given[parameter] = arg
    for argument in _SIZED:
        value = given.get(argument)
        if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) != rank and \
                not any(isinstance(e, ast.Starred) for e in value.elts):
            layer = name.rsplit(".", 1)[-1]
            return f"{layer}'s {argument} {ast.unparse(value)} (line {call.lineno}) is not {rank} long, so Keras " \
                   "rejects it (ValueError)"
    return None


def _raising_callee(file: FileContext, call: ast.Call, calling: tuple) -> str | None:
    """A call of a module-level function of this file that raises whenever it runs."""
    if type(call.func) is not ast.Name:
        return None
    callee = file.defs.get(file.callee(call) or "")
    if not isinstance(callee, (ast.FunctionDef, ast.AsyncFunctionDef)) or file.parent(callee) is not file.tree:
        return None
    reason = _reason(file, callee, calling)
    if reason is None:
        return None
    return f"it calls {callee.name} (line {call.lineno}), which raises: {reason}"
