"""The source-detector API: a rule's `Source` visitor, and the one walk that runs them all.

A rule that can be detected in source code defines a nested class `Source(SourceVisitor)` with
`visit_<AstNode>(node)` methods (and optionally `end()`, called after the walk); the rule class
keeps the metadata (code, summary, safety, examples). Every rule's visitor is dispatched from a
single pre-order walk of the file, so adding a rule does not add a pass.

The walk is over Python's own `ast`: parsing with it is about ten times faster than a full
concrete syntax tree, which keeps `tfperf check` on a large repository at seconds. Fixes are text
edits at exact positions, so formatting and comments elsewhere are untouched.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Collection, Iterable, Sequence

from tfperf.config import TensorFlow, environment_tensorflow
from tfperf.findings import Finding, Fix, Location, Safety, Severity, SourceLocation, TextEdit
from tfperf.source import api, callables, factories
from tfperf.source.importable import import_failure
from tfperf.source.raising import raising_reason, unreachable_reason
from tfperf.source.context import (CHANNELS_FIRST, CHOICE_WORDS, EAGER, HOST, PREDICTION_WORDS, UNCALLED, branch_context,
                                   module_flags, raises, switched_off, unimportable, unreachable,
                                   adapting, asserted_mode, def_context, demo_blocks, describe, flag_branch_context,
                                   generation_statements, last_name, model_builders,
                                   file_path_context, layout_of, name_context, placed_on_cpu, predict_only_statements, program_context,
                                   program_entries,
                                   restoring_entries, restoring_predictors, says_restore, sometimes_on_device, tokens, trains)
from tfperf.source.literals import NOT_LITERAL, literal
from tfperf.source.arguments import argument, keyword, parameter_defaults  # noqa: F401 (argument, keyword: visitor API)
from tfperf.source.arguments import without_optional
from tfperf.source.classes import is_plain_base
from tfperf.source.names import ImportMap, canonical, import_bindings, public
from tfperf.source.passed import Parameter, judged
from tfperf.source.project import (CALLED_BY, DEFINED, EXPORT, FLAG_CALL, FORMAT_TEST, HOST_PARAMETER, LAYOUT_CONSTANT,
                                   PASSED, ProjectView)
from tfperf.source.scopes import SCOPES, Binding, ScopeIndex, end, start
from tfperf.source.treewalk import walk_nodes
from tfperf.source.shapes import ShapeInference, parameter_owner
from tfperf.source.steps import export_steps, on_step
from tfperf.source.symbols import HOST_TRANSFORMS, WRAPPERS, export_symbols

if TYPE_CHECKING:  # pragma: no cover
    from tfperf.rules.base import Rule
    from tfperf.targets import Target

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BLOCK_FIELDS = ("body", "orelse", "finalbody")
# TensorFlow 1's batching queues (fed by queue-runner threads on the host: `FileContext._queue_inputs`)
QUEUE_BATCHES = {f"tensorflow.train.{prefix}{kind}{suffix}" for prefix in ("", "maybe_")
                 for kind in ("batch", "shuffle_batch") for suffix in ("", "_join")}
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# an import inside a block: a line's indentation, then `import`/`from` (anchored at the newline before it, not at `^`
# with re.MULTILINE, which the regex engine tries at every character: three times slower on a whole file; a file's
# first line is never indented)
_INDENTED_IMPORT = re.compile(r"\n[ \t]+(?:import|from)[ \t]")
# expressions that may hold a framework op without calling it (`tfperf.source.callables`): read as the op
_CALLABLE_VALUES = frozenset({ast.Call, ast.Lambda, ast.Subscript})
# calls that read files (what a synthetic-data function, which makes its data up, has no use for)
_FILE_READERS = ("gfile.GFile", "gfile.Open", "gfile.FastGFile", "io.read_file", "tensorflow.read_file", "numpy.load",
                 "PIL.Image.open", "TFRecordDataset", "TextLineDataset", "FixedLengthRecordDataset", "numpy.loadtxt")
_SCOPE_TYPES = frozenset(SCOPES)  # (ast node types have no subclasses: a set look-up is an isinstance test)
_LAYER_NAMESPACES = {"keras.layers.VersionAwareLayers"}  # objects whose attributes are the keras.layers
_WEIGHT_SURGERY = {"get_weights", "set_weights"}
_MODEL_MAKERS = {"Model", "Sequential", "Functional"}  # (the last name of a call that makes a Keras model)
# names that ask whether code runs eagerly or in a graph (`tf.executing_eagerly()`, `tf.inside_function()`,
# `model.run_eagerly`): a function that says one has a graph path too
_MODE_TESTS = {"executing_eagerly", "inside_function", "executing_eagerly_outside_functions"}
# what a function's text holds when it may be graph-aware, train or build a model (its calls are read only then): a
# mode test, a model maker, a layer applied where it is made, a training word in any case (`trains` reads words)
_GRAPH_AWARE_HINT = re.compile(r"eagerly|inside_function|Model|Sequential|Functional|\)\s*\(|(?i:" + "|".join(
    ("train", "fit", "minimi", "gradient", "tape", "optimi", "tun", "learn", "compile")) + ")")


def _builds_or_trains(calls: list[ast.Call]) -> bool:
    """Whether a function's calls train (`tape.gradient`, `optimizer.apply_gradients`, `minimize`, `fit`: the
    words `context.trains` reads) or build a Keras model (`keras.Model(inputs, outputs)`, `Sequential`, a layer
    made and applied at once, `layers.Dense(8)(x)`): a functional builder runs eagerly once to make the graph
    the training step runs, and a `.numpy()` there reads a setting (drop rates from `tf.linspace`), not the
    step's data."""
    for call in calls:
        func = call.func
        if last_name(func) in _MODEL_MAKERS or type(func) is ast.Call:
            return True  # (`layers.Conv2D(8, 3)(x)`: a layer made and applied, a functional builder's step)
    return trains(calls)


def _negated(expr: ast.expr | None) -> bool:
    """`-x`, `-1.0 * x / y`, `x * -1`: an expression whose sign is flipped (one factor negated)."""
    if type(expr) is ast.UnaryOp:
        return type(expr.op) is ast.USub
    if type(expr) is ast.Constant:
        return type(expr.value) in (int, float) and expr.value < 0
    if type(expr) is ast.BinOp and type(expr.op) in (ast.Mult, ast.Div):
        return _negated(expr.left) != _negated(expr.right)
    return False


def _returns_negated(returns: Iterable[ast.Return]) -> bool:
    """Every return of a function returns a negated value (and there is one)."""
    returns = list(returns)
    return bool(returns) and all(_negated(r.value) for r in returns)


def _torch_read(value: ast.AST) -> bool:
    """`x.cpu().numpy()`, `x.detach().numpy()`: PyTorch's idiom (a multi-backend model's torch branch)."""
    return type(value) is ast.Call and type(value.func) is ast.Attribute and value.func.attr in ("cpu", "detach")


# functions only Keras's backend API names so: called on a value the source does not resolve (a backend module
# handed in as an argument), they are that API's
_KERAS_BACKEND_ONLY = {"permute_dimensions": "keras.backend.permute_dimensions"}
PROPERTY_DECORATORS = {"property", "cached_property"}  # a method read as an attribute: the read calls it


@lru_cache(maxsize=1)
def _keras_layer_names() -> frozenset[str]:
    """The public names of keras.layers (Keras' and tf_keras')."""
    return (api.module_names("keras.layers") or frozenset()) | (api.module_names("tf_keras.layers") or frozenset())


def _format_key(expr: ast.expr) -> str | None:
    """`fmt`, `self.data_format`: a data format's name, to match across branch tests."""
    if type(expr) is ast.Name:
        return expr.id
    return f"self.{expr.attr}" if is_self_attribute(expr) else None


def _lazily_loaded(value: ast.AST) -> str | None:
    """The module a lazy loader stands for: `beat = LazyLoader("beat", globals(), "omnizart.beat")` (TensorFlow's
    `lazy_loader.LazyLoader`, or a project's copy of it, omnizart's, set 56), imported on first use."""
    if type(value) is not ast.Call or len(value.args) != 3 or last_name(value.func) != "LazyLoader":
        return None
    scope, module = value.args[1], value.args[2]
    if not (type(scope) is ast.Call and type(scope.func) is ast.Name and scope.func.id == "globals"):
        return None
    return module.value if type(module) is ast.Constant and type(module.value) is str and module.value else None


def is_self_attribute(node: ast.AST) -> bool:
    """`self.<attr>`."""
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


def _module_assignments(tree: ast.Module) -> Iterable[ast.Assign]:
    """`name = value` statements that bind module-level names: at module level (also under if/try),
    and in functions that declare the name `global`."""
    todo = list(tree.body)
    while todo:
        stmt = todo.pop()
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            yield stmt
        elif isinstance(stmt, (ast.If, ast.Try)):
            todo.extend(stmt.body + stmt.orelse + getattr(stmt, "finalbody", []) +
                        [s for h in getattr(stmt, "handlers", []) for s in h.body])


def _global_assignments(function: ast.AST, names: set[str]) -> Iterable[ast.Assign]:
    return (s for s in ast.walk(function) if isinstance(s, ast.Assign) and len(s.targets) == 1
            and isinstance(s.targets[0], ast.Name) and s.targets[0].id in names)


def line_starts(text: str) -> list[int]:
    """Offset of each line's first character (lines end at \n, \r\n or \r, as Python counts them)."""
    if "\r" in text:
        return [0] + [m.end() for m in _NEWLINE.finditer(text)]
    # (most files: the lengths of the lines between \n, summed in C, three times faster)
    return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))


class _Memo(dict):
    """node -> value, computed by `compute(node)` at the first question; later questions (`memo[node]`)
    are a dictionary lookup, with no Python call."""

    __slots__ = ("compute",)

    def __init__(self, compute):
        super().__init__()
        self.compute = compute

    def __missing__(self, node):
        value = self[node] = self.compute(node)
        return value


class _Reads:
    """Reads of a name inside a scope (nested scopes included), in source order, from the walk's
    index: a scope is a contiguous range of the source, so a bisect finds them. (An object of its
    own, not a method of the file's, so that the scope indexes holding it form no cycle.)"""

    __slots__ = ("tree", "name_loads", "positions")

    def __init__(self, tree: ast.Module, name_loads: dict[str, list[ast.Name]]):
        self.tree = tree
        self.name_loads = name_loads
        self.positions: dict[str, list[tuple[int, int]]] = {}

    def __call__(self, scope: ast.AST, name: str) -> list[ast.Name]:
        reads = self.name_loads.get(name)
        if not reads:
            return []
        positions = self.positions.get(name)
        if positions is None:  # the walk's pre-order is not quite source order (decorators, a if c else b)
            reads.sort(key=start)
            positions = self.positions[name] = [start(n) for n in reads]
        if scope is self.tree:
            return reads
        return reads[bisect_left(positions, start(scope)):bisect_right(positions, (scope.end_lineno, scope.end_col_offset))]


class Walk:
    """What the walk of a tree finds, and what is built from it alone: the same whatever the project
    answers. The parent map and the file's indexes (calls, imports, names read and stored, qualified
    names of its scopes...), the nodes the visitors handle (`visited`, for the node types `kinds`),
    the scope indexes and statement blocks built since. Kept with a parsed tree
    (`tfperf.source.workers.Trees`), it spares a file linted again in a later round its walk."""

    def __init__(self, tree: ast.Module, owner: tuple[str, str | None, str | None]):
        self.owner = owner  # (path, module, package): what the qualified names and imports depend on
        self.kinds: frozenset[type] | None = None  # node types the walk collected in `visited` (None: not walked)
        self.visited: list[ast.AST] = []
        self.imports = ImportMap(owner[2])
        self.import_statements: list[ast.Import | ast.ImportFrom] = []  # every import, in walk order
        self.parents: dict[ast.AST, ast.AST | None] = {}
        self.calls: list[ast.Call] = []  # every call, in walk order
        self.references: list[ast.AST] = []  # returns, dicts and assignments: where a function may be passed on
        self.globals: list[ast.Global] = []  # `global` declarations (they bind module-level names)
        self.qualnames: dict[ast.AST, str] = {}  # function, class and lambda -> qualified name
        self.name_loads: dict[str, list[ast.Name]] = {}  # every read of each name (see _Reads)
        self.stored_names: set[str] = set()  # every name assigned somewhere (others: imports, builtins)
        self.reads = _Reads(tree, self.name_loads)
        self.scopes: dict[ast.AST, ScopeIndex] = {}
        self.block_positions: dict[ast.AST, tuple[list[ast.stmt], int]] = {}
        self.indexed_blocks: set[ast.AST] = set()


@dataclass(frozen=True)
class Report:
    """What a visitor reported (`SourceVisitor.report`), before where the code runs says how: kept
    with the file's tree, it gives the findings again when only the answers of that say change."""

    rule: type["Rule"]
    device_rule: bool
    node: ast.AST
    message: str
    fix: Fix | None
    severity: Severity | None
    # what the rule knows of where the code runs, or a function of the file that says it when the code's
    # context does not (asked then, in `FileContext.finding`: its questions to the project are reporting ones)
    context: str | Callable[["FileContext"], str | None] | None
    parameter: Parameter | None = None  # the finding hangs on what the callers pass it (`passed`)
    # a question of the project, asked when the finding is made (`FileContext.finding`), whose yes drops it
    unless: Callable[["FileContext"], bool] | None = None


# Words of a file that names TensorFlow or Keras, directly or through the project (`from ..compat import tfv1 as
# tf`, a star import, `from pkg.tf_utils import tf`: a name `tf` the project binds to TensorFlow, its documented
# alias, imported from a module of the project): the linter's cheap test before parsing, and what tells a program
# that names no framework (read for where its calls lead, `FileContext.names_a_framework`).
FRAMEWORK_WORDS = ("tensorflow", "keras", "tf_slim", " as tf", "import *", "import tf")


_LOOPS = (ast.For, ast.AsyncFor, ast.While)
# statements that run straight on to the next one (no jump, no nested block a jump may hide in)
_STRAIGHT = frozenset({ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr, ast.Pass})
_TRIES = frozenset({ast.Try, getattr(ast, "TryStar", ast.Try)})


def _killed_in_block(where: tuple[list[ast.stmt], int], rebound_at: int | None) -> bool:
    """Whether a binding at `where` (its block and index) is rebound later in the same block, at `rebound_at`, with
    only straight statements between: no path leaves the block between the two, so the earlier value never gets
    past the later binding."""
    block, at = where
    return rebound_at is not None and rebound_at > at and \
        all(type(stmt) in _STRAIGHT for stmt in block[at + 1:rebound_at])


class FileContext:
    """One parsed file: its text, tree, imports, parents, scopes, its window on the project, and the
    findings reported so far. `walk`: the tree's `Walk` from an earlier lint of the same tree, path
    and module (else the file is walked)."""

    def __init__(self, path: str, text: str, tree: ast.Module, target: "Target",
                 project: ProjectView | None = None, module: str | None = None, package: str | None = None,
                 context_path: str | None = None, allow_host: tuple[str, ...] = (), walk: Walk | None = None,
                 tensorflow: TensorFlow | None = None):
        self.path = path
        self.allow_host = allow_host  # op types the user allows on the host ([tool.tfperf] allow-host)
        # the TensorFlow the code runs on (tensorflow-version setting, else the one installed here)
        self.tensorflow = tensorflow if tensorflow is not None else environment_tensorflow()
        self.text = text
        self.tree = tree
        self.target = target
        self.module = module
        self.project = project if project is not None else ProjectView(module=module)
        self.findings: list[Finding] = []
        self.reports: list[Report] = []  # what the visitors reported, in order (each gave a finding or none)
        self.shared: dict[str, Any] = {}  # analyses several rules use (e.g. the tf.data pipelines)
        self._qualified = _Memo(self._resolve)  # node -> qualified(node)
        self._written = _Memo(self._written_name)  # node -> raw_name(node, public_names=False)
        self.call_names = _Memo(self._call_name_of)  # node -> call_name(node), looked up in C on a hit
        self._walrus = ":=" in text
        self._module_aliases: dict[str, str] | None = None
        self._local_contexts: dict[ast.AST, str | None] = {}
        self._local_kinds: dict[ast.AST, str | None] = {}  # node -> _local_where (see local_context)
        self._local_branches: dict[ast.AST, bool] = {}  # node -> _local_channels_first
        self._forward: dict[tuple[ast.AST, bool], bool] = {}  # (function, reporting) -> its step reach (_forward_helper)
        self._step_methods: dict[ast.AST, frozenset] = {}  # class -> the methods its own step runs (_on_own_step)
        self._instance_attributes: dict[Any, dict] = {}  # per class: attribute -> class
        self._callees = _Memo(self._callee)  # call -> callee(call)
        self._bindings = _Memo(self._binding)  # name -> binding(name) (half the questions ask again)
        self._scopes_of = _Memo(self._scope_of)  # node -> scope_of(node) (two in five ask again)
        self._classes_of = _Memo(self._enclosing_class)  # node -> enclosing_class(node) (one in two asks again)
        # the memos' look-ups bound here, over the methods that document them: a hit is a look-up in C,
        # with no Python call (rules ask these of most nodes, hundreds of thousands of times a project)
        self.qualified = self._qualified.__getitem__
        self.callee = self._callees.__getitem__
        self.call_name = self.call_names.__getitem__
        self.binding = self._bindings.__getitem__
        self.scope_of = self._scopes_of.__getitem__
        self.enclosing_class = self._classes_of.__getitem__
        self._file_context = file_path_context(context_path or path, text)  # tests/, tools/...: relative to the project
        owner = (path, module, package)
        self.adopt(walk if walk is not None and walk.owner == owner else Walk(tree, owner))
        self._tool_entries: frozenset[ast.AST] = frozenset()  # a record-writing program's entries: it is a tool
        if self._file_context is None and "__main__" in text and "RecordWriter" in text:
            # a program that only writes records (a rare text: its calls are found here, before the walk)
            self._file_context = program_context(tree, [n for n in walk_nodes(tree) if type(n) is ast.Call])
            if self._file_context is not None:
                self._tool_entries = program_entries(tree)

    @cached_property
    def names_a_framework(self) -> bool:
        """The file names TensorFlow or Keras (`FRAMEWORK_WORDS`); a program that names neither was read only for
        where its calls lead."""
        return any(word in self.text for word in FRAMEWORK_WORDS)

    def adopt(self, walk: Walk) -> None:
        """Take the walk's indexes as this file's (the names rules read them by)."""
        self.walk = walk
        self.imports, self.parents, self.calls, self.references = walk.imports, walk.parents, walk.calls, walk.references
        self.globals, self.qualnames, self.name_loads, self.stored_names = (walk.globals, walk.qualnames,
                                                                            walk.name_loads, walk.stored_names)
        self._scopes, self._block_positions, self._indexed_blocks = walk.scopes, walk.block_positions, walk.indexed_blocks

    def _name_memos(self) -> tuple[_Memo, ...]:
        """The memos whose values follow from the tree and from the project's names alone: what a name or call
        resolves to (`resolve`: the `x:`, `d:` and `m:` answers; a project function's op, `callables`; a layer
        factory's layer, `factories`), a call's callee, a name's binding, a node's scope and class. None of them
        asks a context, a caller, what callers pass, or a rule's private fact (`linter._reported_again`)."""
        return (self._qualified, self._written, self.call_names, self._callees, self._bindings, self._scopes_of,
                self._classes_of)

    def take_memos(self, memos: Sequence[dict], names: bool = True) -> None:
        """Start from the name memos of an earlier lint of this very tree (`close(keep=True)`), made while the
        project answered every question they asked as it answers now (`linter._reported_again`); `names=False`:
        only those of the tree alone (a name's binding, a node's scope and class), whatever the project answers."""
        for memo, kept in zip(self._name_memos(), memos):
            if names or memo is self._bindings or memo is self._scopes_of or memo is self._classes_of:
                memo.update(kept)

    def close(self, keep: bool = False) -> tuple[dict, ...]:
        """Drop the references that form cycles (shared analyses and memos point back here), so that
        the tree is freed by reference counting, without waiting for the cyclic collector. The walk
        holds none: it may be kept with the tree. `keep`: the name memos are left filled (their values
        point to no context) and returned, for a lint of the same tree again (`take_memos`)."""
        self.shared.clear()
        memos = self._name_memos()
        for memo in memos:
            if not keep:
                memo.clear()
            memo.compute = None
        for name in ("binding", "scope_of", "enclosing_class"):  # (the methods again: a report judged later may ask)
            self.__dict__.pop(name, None)
        self._local_contexts.clear()
        self._local_kinds.clear()
        self._local_branches.clear()
        self._forward.clear()
        self._instance_attributes.clear()
        for name in ("shapes", "documented_shapes", "_self_assignments", "_returns"):
            self.__dict__.pop(name, None)
        return memos if keep else ()

    # positions: ast columns are UTF-8 byte offsets; reports and edits use 1-based characters

    @cached_property
    def line_starts(self) -> list[int]:
        return line_starts(self.text)

    def line_text(self, line: int) -> str:
        starts = self.line_starts
        if line > len(starts):
            return ""
        stop = starts[line] if line < len(starts) else len(self.text)
        return self.text[starts[line - 1]:stop].rstrip("\r\n")

    def newline_at(self, line: int) -> str:
        """The line ending of `line` (else the file's first one, else "\\n"): inserted lines use it, so
        a CRLF file stays CRLF."""
        starts = self.line_starts
        if line < len(starts):
            ending = self.text[starts[line - 1]:starts[line]]
            return ending[len(ending.rstrip("\r\n")):]
        first = _NEWLINE.search(self.text)
        return first.group() if first else "\n"

    def char_column(self, line: int, byte_col: int) -> int:
        text = self.line_text(line)
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="replace")) + 1

    def offset(self, line: int, column: int) -> int:
        """Text offset of a 1-based (line, character column)."""
        return self.line_starts[line - 1] + column - 1

    def span(self, node: ast.AST) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) of a node, 1-based characters, end exclusive."""
        return (node.lineno, self.char_column(node.lineno, node.col_offset),
                node.end_lineno, self.char_column(node.end_lineno, node.end_col_offset))

    def segment(self, node: ast.AST) -> str:
        line, col, end_line, end_col = self.span(node)
        return self.text[self.offset(line, col):self.offset(end_line, end_col)]

    # names

    def qualified(self, expr: ast.AST) -> str | None:
        """Canonical qualified name of a Name/Attribute chain (memoised per node: every rule asks
        about the same calls): through the file's imports, its aliases (`layers = tf.keras.layers`,
        `layers = VersionAwareLayers()`), star imports, and re-exports between the project's modules."""
        return self._qualified[expr]

    def call_name(self, node: ast.AST) -> str | None:
        """Canonical qualified name of the function a Call calls (None if not an imported name).
        Memoised per call: every rule asks it of every call."""
        return self.call_names[node]

    def _call_name_of(self, node: ast.AST) -> str | None:
        if not isinstance(node, ast.Call):
            return None
        name = self.qualified(node.func)
        if name is None and type(node.func) is ast.Name and node.func.id in self.def_names \
                and factories.may_be_made(node):  # (a factory of this file)
            bound = self.binding(node.func)
            function = self.qualnames.get(bound.stmt) if bound is not None else None
            return factories.made_layer(self, node, function) if function else None
        if name is not None and factories.may_be_made(node) and not api.is_framework(name):
            # a project factory's call read as the framework layer it makes (`get_conv_layer(layer_type="conv",
            # ...)`: `factories`), for every rule
            return factories.made_layer(self, node, name) or name
        if name is None and type(node.func) is ast.Attribute and node.func.attr in _KERAS_BACKEND_ONLY:
            # a Keras backend the code is handed (`backend = kwargs["backend"]`, segmentation_models' injected
            # `backend` / `K`): a function name only Keras's backend API has
            return _KERAS_BACKEND_ONLY[node.func.attr]
        return name

    def _resolve(self, expr: ast.AST) -> str | None:
        raw = self._written[expr]
        if raw is None:
            return None
        name = canonical(public(raw))
        if not api.is_framework(name) and self.project.index.modules:
            name = canonical(self.project.resolve(name))
        return name

    def _written_name(self, expr: ast.AST) -> str | None:
        return self.raw_name(expr, public_names=False)

    def raw_name(self, expr: ast.AST, depth: int = 0, public_names: bool = True) -> str | None:
        """The qualified name as written through imports and aliases, before canonicalisation
        (`public_names`: a framework's internal name replaced by its public one)."""
        kind = type(expr)
        if kind in _CALLABLE_VALUES:  # `getattr(tf, "pad")`, `wrap(tf.pad)`, `OPS["pad"]`: the op it is
            return self._held_op(expr, depth, public_names)
        if kind is ast.Attribute and type(expr.value) is ast.Name and expr.value.id == "self" \
                and expr.attr in self._self_ops():
            return self._self_op(expr, depth, public_names)
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name) or depth > 4:
            return None
        root = self.imports.names.get(expr.id)
        if root is not None and expr.id in self._scoped_imports:
            root = self._scoped_import(expr) or root
        root = root or self._alias(expr, depth) or self._starred(expr.id)
        if root is None:
            if expr.id in self._forwarding_defs and not parts:
                return self._forwarding_def(expr, public_names)  # `def pad(x, p): return tf.pad(x, p)`
            if not self._local_op_name(expr.id):
                return None
            root = self._local_op(expr, depth)  # `pad = tf.pad` in a function
            if root is None:
                return None
        parts.append(root)
        name = ".".join(reversed(parts))
        return public(name) if public_names else name

    @cached_property
    def _scoped_imports(self) -> frozenset[str]:
        """Names a function imports as something other than what the file's import map binds them to (`import
        tensorflow.compat.v1 as tf` in the methods of one class, `import tensorflow as tf` in another's): read
        by the import of the function around the read (`_scoped_import`)."""
        if not _INDENTED_IMPORT.search(self.text):
            return frozenset()
        found = set()
        # (the walk's imports; the tree's nodes before the walk: the order does not matter, the names are a set)
        for node in self.walk.import_statements if self.walk.kinds is not None else walk_nodes(self.tree):
            if type(node) in (ast.Import, ast.ImportFrom) and not isinstance(self.scope_of(node), ast.Module):
                found.update(local for local, target in import_bindings(node, self.imports.package)
                             if local != "*" and self.imports.names.get(local) != target)
        return frozenset(found)

    def _scoped_import(self, name: ast.Name) -> str | None:
        """What the import in the innermost function around a read binds its name to, when an import there
        binds it before the read (the last such); None when the function binds it otherwise or not at all."""
        scope = self.scope_of(name)
        while isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            bound = self.scope_index(scope).bindings.get(name.id)
            if bound:
                reaching = self.scope_index(scope).reaching(name.id, start(name))
                stmt = reaching.stmt if reaching is not None else None
                if type(stmt) not in (ast.Import, ast.ImportFrom):
                    return None
                return dict(import_bindings(stmt, self.imports.package)).get(name.id)
            scope = self.scope_of(scope)
        return None

    def _held_op(self, expr: ast.AST, depth: int, public_names: bool) -> str | None:
        """The framework op a callable value is (`callables.op_value`), else None."""
        if depth > 4:
            return None
        found = callables.op_value(self, expr, depth)
        if not callables.is_op(found):
            return None
        return public(found) if public_names else found

    def _local_op_name(self, name: str) -> bool:
        """Whether an assignment in a function binds `name` to a value that may be a framework op (`pad = tf.pad`,
        `pad = wrap(tf.pad)`, `pad = getattr(tf, "pad")`): the only local names `raw_name` looks up. (Memoised per
        name asked: most names assigned are never a chain's root `raw_name` reaches this for.)"""
        known = self._local_op_names.get(name)
        if known is None:
            known = self._local_op_names[name] = any(
                self._may_hold_op(node.value) and not isinstance(self.scope_of(node), (ast.Module, ast.ClassDef))
                for node in self._single_assignments.get(name, ()))
        return known

    @cached_property
    def _local_op_names(self) -> dict[str, bool]:
        return {}

    @cached_property
    def _single_assignments(self) -> dict[str, list[ast.Assign]]:
        """The file's assignments of one plain name (`x = value`), by the name."""
        found: dict[str, list[ast.Assign]] = {}
        for node in self.references:
            if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name:
                found.setdefault(node.targets[0].id, []).append(node)
        return found

    def _may_hold_op(self, value: ast.AST) -> bool:
        """What a value must look like to be an op `callables.op_value` reads (a cheap test, before the names
        of the function are followed): a name or attribute rooted at an import or module alias; a call of
        `getattr`/`staticmethod`/a partial or wrapper, or handing one such name on (`wrap(tf.pad)`); a lambda
        calling; an item of a module-level table; a conditional expression of those."""
        kind = type(value)
        if kind is ast.Name or kind is ast.Attribute:
            while type(value) is ast.Attribute:
                value = value.value
            return type(value) is ast.Name and (value.id in self.imports.names or value.id in self.module_aliases()
                                                or bool(self.imports.stars))
        if kind is ast.Call:
            func = value.func
            if type(func) is ast.Name and func.id in ("getattr", "staticmethod"):
                return True
            return any(self._may_hold_op(a) for a in value.args if type(a) in (ast.Name, ast.Attribute))
        if kind is ast.Lambda:
            return type(value.body) is ast.Call
        if kind is ast.Subscript:
            return type(value.value) is ast.Name and value.value.id in self._module_tables
        if kind is ast.IfExp:
            return self._may_hold_op(value.body) and self._may_hold_op(value.orelse)
        return False

    @cached_property
    def _module_tables(self) -> frozenset[str]:
        """Module-level names bound to a dict, list or tuple literal (a table of ops, `OPS["pad"]`)."""
        return frozenset(s.targets[0].id for s in _module_assignments(self.tree)
                         if type(s.value) in (ast.Dict, ast.List, ast.Tuple))

    @cached_property
    def _forwarding_defs(self) -> frozenset[str]:
        """Names of this file's top-level functions whose one statement returns an op called with their
        parameters unchanged (`callables.forwarding_def`; not nested ones: a function handed to a tf.data map is
        named for itself in what the pipeline rules say of it)."""
        return frozenset(node.name for node in self.tree.body if type(node) is ast.FunctionDef and len(node.body) <= 2
                         and type(node.body[-1]) is ast.Return and type(node.body[-1].value) is ast.Call)

    def _forwarding_def(self, name: ast.Name, public_names: bool) -> str | None:
        bound = self.binding(name)
        function = bound.stmt if bound is not None else None
        found = callables.forwarding_def(self, function, False) if type(function) is ast.FunctionDef else None
        return None if found is None else public(found) if public_names else found

    def _local_op(self, name: ast.Name, depth: int) -> str | None:
        """The op every assignment reaching a read of a function's local name binds it to (a closure's
        variable: its one assignment in the enclosing function), else None."""
        bindings = self.reaching_bindings(name)
        if not bindings:
            bound = self.binding(name)
            bindings = [bound] if bound is not None else []
        found = set()
        for bound in bindings:
            if type(bound.stmt) is not ast.Assign or bound.value is None or isinstance(
                    self.scope_of(bound.stmt), (ast.Module, ast.ClassDef)):
                return None
            op = callables.op_value(self, bound.value, depth + 1)
            if not callables.is_op(op):
                return None
            found.add(op)
        return found.pop() if len({canonical(op) for op in found}) == 1 else None

    def _self_ops(self) -> dict[str, dict[ast.ClassDef, str]]:
        """Attributes of `self` every assignment of which in its class binds one framework op (`self.pad =
        tf.pad`; `pad = staticmethod(tf.pad)` in the class body), per class. (While they are found, none is
        known: `self.a = self.b` reads no other.)"""
        found = self.__dict__.get("_self_op_attributes")
        if found is None:
            found = self._self_op_attributes = {}
            if "self." in self.text:
                self._find_self_ops(found)
        return found

    def _find_self_ops(self, found: dict[str, dict[ast.ClassDef, str]]) -> None:
        assigned = self.self_assignments_by_class()
        for owner in self.qualnames:  # a method that hands the op its parameters: `self.pad(x, p)` calls the op
            if type(owner) is ast.ClassDef:
                for stmt in owner.body:
                    if type(stmt) is ast.FunctionDef and len(stmt.body) <= 2 and stmt.name not in assigned.get(
                            owner, {}) and (op := callables.forwarding_def(self, stmt, True)) is not None:
                        found.setdefault(stmt.name, {})[owner] = op
        for owner in self.qualnames:
            if type(owner) is not ast.ClassDef:
                continue
            attributes = assigned.get(owner, {})
            statics = {s.targets[0].id: s for s in owner.body if type(s) is ast.Assign and len(s.targets) == 1
                       and type(s.targets[0]) is ast.Name}
            for attr in set(attributes) | set(statics):
                values = [a.value for a in attributes.get(attr, ())]
                if attr in statics:
                    static = statics[attr].value
                    if not (type(static) is ast.Call and type(static.func) is ast.Name
                            and static.func.id == "staticmethod"):
                        continue
                    values.append(static)
                if not values or any(not self._may_hold_op(v) for v in values):
                    continue
                ops = {callables.op_value(self, v, 1) for v in values}
                if None not in ops and all(callables.is_op(op) for op in ops) \
                        and len({canonical(op) for op in ops}) == 1:
                    found.setdefault(attr, {})[owner] = ops.pop()

    def _self_op(self, expr: ast.Attribute, depth: int, public_names: bool) -> str | None:
        owner = self.enclosing_class(expr)
        found = self._self_ops()[expr.attr].get(owner) if owner is not None else None
        if found is None or depth > 4:
            return None
        return public(found) if public_names else found

    def _alias(self, name: ast.Name, depth: int) -> str | None:
        """What a module-level name bound to a module or an API object stands for (also one set
        through `global`)."""
        return self.module_aliases().get(name.id)

    def _alias_value(self, value: ast.AST, depth: int) -> str | None:
        if type(value) in _CALLABLE_VALUES and (op := self._held_op(value, depth, True)) is not None:
            return op  # `pad = ops_to_outputs(tf.pad)`, `pad = lambda x, p: tf.pad(x, p)`: the op itself
        if isinstance(value, ast.IfExp):  # `kwargs.pop("layers") if ... else VersionAwareLayers()`
            return self._alias_value(value.body, depth) or self._alias_value(value.orelse, depth)
        if isinstance(value, (ast.Name, ast.Attribute)):
            return self.raw_name(value, depth + 1)
        if isinstance(value, ast.Call) and not value.args and canonical(self.raw_name(value.func, depth + 1) or "") \
                in _LAYER_NAMESPACES:
            return "keras.layers"  # tf_keras's VersionAwareLayers(): an object whose attributes are keras.layers
        return _lazily_loaded(value)

    def module_aliases(self) -> dict[str, str]:
        """Module-level names bound to a module or an API object: `layers = tf_keras.layers` (also
        assigned in a function that declares it `global`); a name bound to two different things is
        left out, unless they are spellings of one canonical name (a version switch: `if is_tfv2():
        tfv1 = tf.compat.v1` / `except AttributeError: tfv1 = tf`): then the most specific spelling
        (`tensorflow.compat.v1`), which the code runs with where both exist."""
        if self._module_aliases is None:
            self._module_aliases = {}
            found: dict[str, set] = {}
            assignments = list(_module_assignments(self.tree))
            for declaration in self.globals:
                function = self.scope_of(declaration)
                assignments.extend(_global_assignments(function, set(declaration.names)))
            for stmt in assignments:
                target = stmt.targets[0].id
                if target in self.imports.names:
                    continue
                value = self._alias_value(stmt.value, 1)
                if value is not None:
                    found.setdefault(target, set()).add(value)
            self._module_aliases = {name: max(values, key=lambda v: (len(v), v)) for name, values in found.items()
                                    if len({canonical(v) for v in values}) == 1}
            for name in self._injected_layers(found):
                self._module_aliases[name] = "keras.layers"
        return self._module_aliases

    def _injected_layers(self, aliased: dict) -> list[str]:
        """Names that hold a Keras layers module handed in at run time (keras_applications' style: a module
        global `layers = None` rebound through `global` by `backend, layers, models, utils =
        get_submodules_from_kwargs(kwargs)`, or a local bound so): a name the file never imports, aliases,
        takes as a parameter or binds any other way than by plain assignments of None or of what a call or
        subscript gives, every read of which is an attribute, a public name of keras.layers, two of them at
        least layer classes (`layers.ZeroPadding2D`, `layers.Conv2D`). What such a value's attributes are
        called says what it is: no other library's layers module, nor a list or dict of layers, is read
        with exactly those names."""
        found = []
        parents = self.parents
        for name, loads in self.name_loads.items():
            if name not in self.stored_names or name in aliased or name in self.imports.names:
                continue
            classes = set()
            for load in loads:
                parent = parents.get(load)
                if type(parent) is not ast.Attribute or parent.attr not in _keras_layer_names():
                    break  # (most names: the first read is no attribute)
                if parent.attr[0].isupper():
                    classes.add(parent.attr)
            else:
                if len(classes) >= 2 and self._bound_as_injected(name):
                    found.append(name)
        return found

    def _bound_as_injected(self, name: str) -> bool:
        """Every binding of `name` a plain assignment (alone or in a tuple of targets) of None, a call's
        result or a subscript, one at least not None; no parameter, loop, import, `with` or definition binds it."""
        given = False
        for node in ast.walk(self.tree):
            kind = type(node)
            if kind is ast.Name and node.id == name and type(node.ctx) is not ast.Load:
                stmt = self.parents.get(node)
                if type(stmt) in (ast.Tuple, ast.List):
                    stmt = self.parents.get(stmt)
                if type(stmt) is not ast.Assign or not any(t is node or t is self.parents.get(node)
                                                           for t in stmt.targets):
                    return False
                value = stmt.value
                if type(value) is ast.Constant and value.value is None:
                    continue
                if type(value) not in (ast.Call, ast.Subscript):
                    return False
                given = True
            elif kind is ast.arg and node.arg == name or kind in _DEFS and node.name == name:
                return False
        return given

    def _starred(self, name: str) -> str | None:
        """`name` bound by `from M import *`: a public name of a framework module, or a top-level name
        of a project module."""
        for module in reversed(self.imports.stars):
            names = api.module_names(module) or api.module_names(canonical(module))
            if names is not None:
                if name in names:
                    return f"{module}.{name}"
            elif self.project.is_module(module) and (self.project.query(EXPORT, f"{module}.{name}")
                                                     or self.project.query(DEFINED, f"{module}.{name}")
                                                     or self.project.starred(module, name)):
                return f"{module}.{name}"  # (or a name it star-imports in turn: a shim of the framework)
        return None

    def callee(self, call: ast.Call) -> str | None:
        """The qualified name of the project function or class a call calls (a def of this file or
        of another linted module), or None. Calling an object calls the method its class defines
        (`__call__`, a named one), when what holds the object is known to hold an instance of one
        project class: an attribute of `self` every assignment of the class gives one
        (`self._labeler = Labeler(...)` ... `self._labeler(x)`), or a local name every assignment of
        its function gives one of a class of this file (`aug = GridMask(...)` ... `aug.apply(image)`) or
        of a project class another module defines, imported by its capitalised name (`stats = Stats()` ...
        `stats.kernel(x)`, as `attribute_class` takes one); also an attribute or a parameter annotated with a class
        of this file (`self.h: Helper`, `h: Helper` in the class body, `def f(h: Helper)`).
        A method a class of this file does not define in its own body is its nearest base's of this file that does
        (`Lorth2D().compute_lorth` is `Lorth.compute_lorth`); one Keras or a base of another module may give
        (`model.fit`) is not named. Memoised per call: every rule asks."""
        return self._callees[call]

    def _callee(self, call: ast.Call) -> str | None:
        func = call.func
        holder = func.value if type(func) is ast.Attribute and not is_self_attribute(func) else func
        if is_self_attribute(holder):
            made = self.attribute_class(holder)
        elif type(holder) is ast.Name:
            made = self._instance_class(holder) if holder.id in self._constructed_names else \
                self._annotated_parameter_class(holder) if holder.id in self._annotated_parameters else None
        else:
            made = None
        if made is not None:
            method = self._method(made, "__call__" if holder is func else func.attr)
            if method is not None:
                return method
        return self.def_of(func)

    def _method(self, cls: str, name: str) -> str | None:
        """`cls.name`, unless `cls` is a class of this file that does not define the method in its body
        (its base gives it: Keras' `fit`). A class of another module is taken at its word: asking the
        project which methods it defines would make every file that calls one be linted again once the
        project's facts arrive."""
        if cls in self.defs and f"{cls}.{name}" not in self.defs:
            return self._inherited_method(cls, name)
        return f"{cls}.{name}"

    def _inherited_method(self, cls: str, name: str) -> str | None:
        """`Base.name` for a class of this file that does not define the method: the first of its bases, in
        Python's order, that defines it, when every class on the way there is a class of this file (a base of
        another module or the framework may define it: then None, as for Keras' `fit`)."""
        seen: set[str] = set()
        order = [cls]
        while order:
            current = order.pop(0)
            if current in seen:
                continue
            seen.add(current)
            node = self.defs.get(current)
            if not isinstance(node, ast.ClassDef):
                return None
            if f"{current}.{name}" in self.defs:
                return f"{current}.{name}" if current != cls else None
            for base in node.bases:
                made = self.def_of(base)
                if made is None:
                    if is_plain_base(self, base):
                        continue  # (`object`, `abc.ABC`: it defines no method a call here names)
                    return None
                order.append(made)
        return None

    def stored_callees(self, call: ast.Call) -> list[str]:
        """The project functions a call of a local variable calls, when the assignment that reaches
        it names them: `fn = helper`, or a choice of several (`loss_fn = loss_tf if warp is None else
        loss_warp`): every alternative that is a project function. [] for any other call."""
        func = call.func
        if not (isinstance(func, ast.Name) and func.id in self.stored_functions):
            return []
        bound = self.binding(func)
        return self._alternatives(bound.value) if bound is not None and isinstance(bound.stmt, ast.Assign) else []

    @cached_property
    def _constructed_names(self) -> frozenset[str]:
        """Names some assignment binds to an instance of a project class (`callee` looks up only these)."""
        return frozenset(node.targets[0].id for node in self.references
                         if type(node) is ast.Assign and len(node.targets) == 1 and type(node.targets[0]) is ast.Name
                         and type(node.value) is ast.Call and self._constructed_class(node.value) is not None)

    def _instance_class(self, name: ast.Name) -> str | None:
        """The project class every binding of `name` in the function that binds it makes an instance of
        (`_constructed_class`; not a module's or class's name: code elsewhere may rebind those)."""
        bound = self.binding(name)
        if bound is None or type(bound.stmt) is not ast.Assign:
            return None
        scope = self.scope_of(bound.stmt)
        index = self.scope_index(scope)
        if isinstance(scope, (ast.Module, ast.ClassDef)) or name.id in index.dynamic:
            return None
        made = {self._constructed_class(b.value) if type(b.stmt) is ast.Assign and type(b.value) is ast.Call else None
                for b in index.bindings.get(name.id, ())}
        return made.pop() if len(made) == 1 else None

    @cached_property
    def _annotated_parameters(self) -> dict[str, dict[ast.AST, ast.expr]]:
        """Parameters of the file's functions annotated with a capitalised name of a class the file defines
        (`h: Helper`, `h: Optional[Helper]`), by name: function -> annotation (`callee` looks up only these). Not a
        class of another module: a parameter's type named across modules is mostly an interface (tensorflow-gnn's
        `trainer: Trainer`, an ABC whose subclasses run their own `train`) or a config every module passes around."""
        found: dict[str, dict[ast.AST, ast.expr]] = {}
        if ":" not in self.text:
            return found
        names = {node.name for node in self.qualnames if type(node) is ast.ClassDef}
        if not names:
            return found
        for node in self.qualnames:
            if type(node) in (ast.FunctionDef, ast.AsyncFunctionDef):
                for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                    if arg.annotation is not None and (annotation := _class_annotation(arg.annotation)) is not None \
                            and type(annotation) is ast.Name and annotation.id in names:
                        found.setdefault(arg.arg, {})[node] = annotation
        return found

    def _annotated_parameter_class(self, name: ast.Name) -> str | None:
        """The project class a parameter's annotation names, when the read is of the parameter and its function
        binds the name nowhere else (`def f(h: Helper): ... h.run(x)`)."""
        function = self.scope_of(name)
        annotation = self._annotated_parameters[name.id].get(function)
        if annotation is None:
            return None
        index = self.scope_index(function)
        if name.id in index.dynamic or len(index.bindings.get(name.id, ())) != 1:
            return None
        made = self._project_class(annotation)
        return made if made in self.defs else None

    def _project_class(self, expr: ast.expr) -> str | None:
        """The project class an expression names (a class of this file, or a capitalised project name of another
        module, as `_constructed_class` takes one)."""
        made = self.def_of(expr)
        if made is None:
            return None
        if made in self.defs:
            return made if isinstance(self.defs[made], ast.ClassDef) else None
        return made if made.rpartition(".")[2][:1].isupper() else None

    def _constructed_class(self, call: ast.Call) -> str | None:
        """The project class a call makes an instance of, or None: a class of this file, or an imported project
        name that is capitalised (a class by convention; whether the other module defines it a class is not
        asked: see `_method`)."""
        func = call.func
        if type(func) is not ast.Name:
            return None  # (a class is called by its name)
        if func.id not in self.def_names:
            if func.id not in self.imports.names:
                return None
            made = self.def_of(func)  # a project class another module defines, by its capitalised name (as
            return made if made and made.rpartition(".")[2][:1].isupper() else None  # `_stored_classes` takes it)
        made = self.def_of(func)
        return made if isinstance(self.defs.get(made), ast.ClassDef) else None

    def _alternatives(self, value: ast.expr | None) -> list[str]:
        if isinstance(value, ast.IfExp):
            return self._alternatives(value.body) + self._alternatives(value.orelse)
        found = self.def_of(value) if isinstance(value, (ast.Name, ast.Attribute, ast.Call)) else None
        return [found] if found is not None else []

    @cached_property
    def stored_functions(self) -> frozenset[str]:
        """Names some assignment in a function binds to a project function (also one of another module:
        `fn = module.helper`), or a choice of them (`stored_callees` looks up only these)."""
        return frozenset(node.targets[0].id for node in self.references
                         if isinstance(node, ast.Assign) and len(node.targets) == 1
                         and isinstance(node.targets[0], ast.Name)
                         and isinstance(node.value, (ast.Name, ast.IfExp, ast.Attribute))
                         and self._alternatives(node.value)
                         and not isinstance(self.scope_of(node), (ast.Module, ast.ClassDef)))

    def only_method(self, name: str) -> ast.AST | None:
        """The one method called `name` among this file's classes (`builder.parse`, where `builder`
        holds an object the file does not show, is taken for it), None when there are none or several."""
        methods = [n for n in self.qualnames if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and n.name == name and isinstance(self.parents.get(n), ast.ClassDef)]
        return methods[0] if len(methods) == 1 else None

    @cached_property
    def lambda_names(self) -> frozenset[str]:
        """Names some assignment binds to a lambda (`process = lambda conv, bn: ...`)."""
        if "lambda" not in self.text:
            return frozenset()
        return frozenset(node.targets[0].id for node in self.references
                         if isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
                         and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name))

    def only_called(self, assignment: ast.Assign, piped: Callable[[ast.Call, ast.AST], bool] | None = None) -> bool:
        """Whether the local name `assignment` binds is only ever called, each time as bound there
        (`fn = helper` ... `fn(x)`), or handed to a tf.data transformation (`ds.map(fn)`: each function
        that may reach it is the pipeline's), or to an argument of a call `piped` says the pipeline runs
        (`get_dataset(pattern, fn)` where get_dataset maps that parameter): its calls are the function's
        callers, not an unknown one."""
        target = assignment.targets[0]
        if not isinstance(target, ast.Name) or target.id not in self.stored_functions:
            return False
        index = self.scope_index(self.scope_of(assignment))
        if target.id in index.dynamic:
            return False
        for load in index.loads_of(target.id):
            call = self.parents.get(load)
            if type(call) is ast.Call and (_piped_function(call, load) or piped is not None and piped(call, load)):
                continue
            bound = self.binding(load)
            if not (isinstance(call, ast.Call) and call.func is load and bound is not None and bound.stmt is assignment):
                return False
        return True

    def def_of(self, func: ast.AST) -> str | None:
        """The qualified name of the project function or class an expression names, or None (also
        through `functools.partial(f, ...)`, directly or in a variable)."""
        kind = type(func)  # (ast node types have no subclasses: `type(...) is` is an isinstance test)
        if kind is ast.Lambda:
            return self.qualnames.get(func)
        if kind is ast.Call and self.qualified(func.func) in WRAPPERS and func.args:
            return self.def_of(func.args[0])
        if kind is ast.Name:
            if func.id in self.def_names:  # a def of this file, unless the name is rebound
                plain = self._plain_module_defs.get(func.id)
                if plain is not None and start(func) >= end(plain):
                    return self.qualnames[plain]  # what the scopes would say, without building them
                bound = self.binding(func)
                return self.qualnames.get(bound.stmt) if bound is not None and isinstance(bound.stmt, _DEFS) else None
            if func.id in self._wrapper_targets and func.id not in self.imports.names:  # maybe a partial(...)
                bound = self.binding(func)
                if bound is not None and isinstance(bound.value, ast.Call) and \
                        self.qualified(bound.value.func) in WRAPPERS:
                    return self.def_of(bound.value)
        elif kind is ast.Attribute and type(func.value) is ast.Name and func.value.id in ("self", "cls"):
            owner = self.enclosing_class(func)
            if owner is not None:
                method = self.qualnames.get(owner, "") + "." + func.attr
                return method if method in self.defs else None
        root = func
        while type(root) is ast.Attribute:
            root = root.value
        if type(root) is not ast.Name or self._local(root.id):
            return None  # what `raw_name` says, without asking it: most arguments are local variables
        raw = self._written[func]  # not the public name: tf_keras's own modules are its project
        if raw is None:
            return None
        name = self.project.resolve(raw) if self.project.index.modules else raw
        module = name.rpartition(".")[0]
        return name if self.project.is_module(module) or module == self.module else None

    def names_nothing(self, name: str) -> bool:
        """Whether `def_of` gives None for a read of `name` wherever it is (no def of this file, no
        partial's target, bound by no import, module-level alias or star import): most names read."""
        return name not in self.def_names and name not in self._wrapper_targets and self._local(name)

    def class_member_of(self, func: ast.AST) -> str | None:
        """`data.Builder.load`: the qualified name a static or class method of a class of another module of the
        project would have, named through that module (`def_of` leaves it: asked only where a rule needs it; not
        known to be a class: the rule asks the project for the fact it wants about the name)."""
        if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Attribute):
            return None
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name) or self._local(root.id):
            return None
        raw = self._written[func]
        if raw is None:
            return None
        name = self.project.resolve(raw) if self.project.index.modules else raw
        cls = name.rpartition(".")[0]
        outer = cls.rpartition(".")[0]
        if outer and outer != self.module and self.project.is_module(outer) and not self.project.is_module(cls) \
                and cls.rpartition(".")[2][:1].isupper():
            return name
        return None

    def _local(self, name: str) -> bool:
        """A name no import, module-level alias or star import binds (`raw_name` gives None for it)."""
        return name not in self.imports.names and not self.imports.stars and name not in self.module_aliases()

    def attribute_class(self, attribute: ast.Attribute) -> str | None:
        """The project class whose instance `self.<name>` holds, when every assignment to it in the
        class makes one (`self._labeler = anchor.YoloAnchorLabeler(...)`)."""
        owner = self.enclosing_class(attribute)
        if owner is None:
            return None
        return self._stored_classes(owner).get(attribute.attr)

    def _stored_classes(self, owner: ast.ClassDef) -> dict[str, str]:
        found = self._instance_attributes.get(owner)
        if found is None:
            found = self._instance_attributes[owner] = {}
            for attr, stmts in self._self_assignments_of(owner).items():
                made = {self.def_of(s.value.func) if isinstance(s.value, ast.Call) else None for s in stmts}
                made = made.pop() if len(made) == 1 else None
                if made and made.rpartition(".")[2][:1].isupper():
                    found[attr] = made
            for attr, annotation in self._attribute_annotations(owner).items():
                made = self._project_class(annotation) if type(annotation) is ast.Name else None
                made = made if made in self.defs else None
                stmts = self._self_assignments_of(owner).get(attr, ())
                if made is not None and all(_none_or_made(self, s.value, made) for s in stmts):
                    found[attr] = made  # the author's word, which no assignment contradicts
        return found

    @cached_property
    def _annotating_classes(self) -> bool:
        """Whether the text may annotate something with a class the file defines (`self.h: Helper`, `h:
        Optional[Helper]` in a class body): else `_attribute_annotations` walks no class. Not a class of another
        module: an attribute's type named across modules is mostly a config or an interface (Model Garden's
        dataclass configs), whose methods the call graph would take at their word."""
        text = self.text
        return ":" in text and any(f": {node.name}" in text or f"[{node.name}]" in text
                                   for node in self.qualnames if type(node) is ast.ClassDef)

    def _attribute_annotations(self, owner: ast.ClassDef) -> dict[str, ast.expr]:
        """`self.<attr>: Cls` in the methods of `owner`, or `attr: Cls` in its body, where `Cls` is a capitalised
        name (`_class_annotation`); an attribute annotated twice with different text is left out."""
        if not self._annotating_classes:
            return {}
        found: dict[str, ast.expr] = {}
        texts: dict[str, str] = {}
        for node in walk_nodes(owner):
            if type(node) is not ast.AnnAssign:
                continue
            target = node.target
            if is_self_attribute(target):
                if self.enclosing_class(node) is not owner:
                    continue
                attr = target.attr
            elif type(target) is ast.Name and self.parents.get(node) is owner:
                attr = target.id
            else:
                continue
            annotation = _class_annotation(node.annotation)
            text = ast.dump(node.annotation)
            if attr in texts and texts[attr] != text:
                found.pop(attr, None)
                texts[attr] = ""
                continue
            texts[attr] = text
            if annotation is not None:
                found[attr] = annotation
        return found

    def self_assignments(self, owner: ast.ClassDef, attr: str) -> list[ast.Assign]:
        """`self.<attr> = value` statements in the methods of `owner`, in source order."""
        return self._self_assignments_of(owner).get(attr, [])

    def self_assignments_by_class(self) -> dict[ast.ClassDef, dict[str, list[ast.Assign]]]:
        """Every `self.<attr> = value` statement of the file, by class and attribute."""
        return self._self_assignments

    def _self_assignments_of(self, owner: ast.ClassDef) -> dict[str, list[ast.Assign]]:
        return self._self_assignments.get(owner, {})

    @cached_property
    def _self_assignments(self) -> dict[ast.ClassDef, dict[str, list[ast.Assign]]]:
        """Every `self.x = value` of the file, by class and attribute (one pass over the assignments)."""
        found: dict = {}
        for node in self.references:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and is_self_attribute(node.targets[0]):
                owner = self.enclosing_class(node)
                if owner is not None:
                    found.setdefault(owner, {}).setdefault(node.targets[0].attr, []).append(node)
        for attrs in found.values():
            for stmts in attrs.values():
                stmts.sort(key=start)
        return found

    def returns_of(self, function: ast.AST) -> list[ast.Return]:
        """The return statements of a function (not of the functions inside it)."""
        return self._returns.get(function, [])

    @cached_property
    def properties(self) -> frozenset[str]:
        """The qualified names of the file's property getters (`@property`, `@cached_property`):
        reading `self.<name>` calls one (`symbols`)."""
        if "property" not in self.text:
            return frozenset()  # (most files define none)
        return frozenset(name for node, name in self.qualnames.items()
                         if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                         and any(last_name(d) in PROPERTY_DECORATORS for d in node.decorator_list))

    @cached_property
    def _returns(self) -> dict[ast.AST, list[ast.Return]]:
        found: dict = {}
        for node in self.references:
            if isinstance(node, ast.Return):
                found.setdefault(self.scope_of(node), []).append(node)
        return found

    def enclosing_class(self, node: ast.AST) -> ast.ClassDef | None:
        """The class whose method `node` is in. Memoised per node while the file is linted, as `scope_of` is."""
        return self._enclosing_class(node)

    def _enclosing_class(self, node: ast.AST) -> ast.ClassDef | None:
        parents = self.parents  # (`ancestors` inlined: rules ask this of most calls)
        node = parents.get(node)
        while node is not None and type(node) is not ast.ClassDef:
            node = parents.get(node)
        return node

    @cached_property
    def defs(self) -> dict[str, ast.AST]:
        return {name: node for node, name in self.qualnames.items()}

    @cached_property
    def def_names(self) -> frozenset[str]:
        return frozenset(node.name for node in self.qualnames if isinstance(node, _DEFS))

    @cached_property
    def _wrapper_targets(self) -> frozenset[str]:
        """Names some `name = functools.partial(...)` (or tf.function(...)) assigns: the only names
        `def_of` follows through an assignment."""
        found = set()
        for call in self.calls:
            parent = self.parents.get(call)
            if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and parent.value is call \
                    and self.qualified(call.func) in WRAPPERS:
                targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
                found.update(t.id for t in targets if isinstance(t, ast.Name))
        return frozenset(found)

    @cached_property
    def parameter_names(self) -> frozenset[str]:
        """The names of every parameter of the file's functions and lambdas."""
        params: set[str] = set()
        for node in self.qualnames:
            if not isinstance(node, ast.ClassDef):
                args = node.args
                params.update(a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
                              if a is not None)
        return frozenset(params)

    @cached_property
    def _plain_module_defs(self) -> dict[str, ast.AST]:
        """Top-level functions and classes whose name nothing else in the file binds (no other def,
        assignment, parameter, import or `global` of it): a read of the name after the def reads
        the def. Most calls of a file's own helpers are answered so, without the scope indexes."""
        counts: dict[str, int] = {}
        for node in self.qualnames:
            if isinstance(node, _DEFS):
                counts[node.name] = counts.get(node.name, 0) + 1
        taken = (self.parameter_names | self.stored_names | {name for g in self.globals for name in g.names}
                 | set(self.imports.names))
        return {node.name: node for node in self.tree.body
                if isinstance(node, _DEFS) and counts[node.name] == 1 and node.name not in taken}

    def qualname(self, node: ast.AST) -> str:
        """The qualified name of the function, lambda or class `node` is in (of the module at top level)."""
        for anc in self.ancestors(node):
            if anc in self.qualnames:
                return self.qualnames[anc]
        return self.module or self.path

    # context

    @cached_property
    def _weight_surgery(self) -> set[ast.AST]:
        """Functions that read or write layer weights as NumPy arrays (`get_weights`/`set_weights`):
        checkpoint conversion or folding done once, not a training step."""
        found = set()
        if self.text.isascii() and "get_weights" not in self.text and "set_weights" not in self.text:
            return found  # (most files; a name spelled with other characters may still normalise to one)
        for call in self.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in _WEIGHT_SURGERY:
                found.update(a for a in self.ancestors(call) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef)))
        return found

    def all_calls(self) -> list[ast.Call]:
        """The file's calls: the walk's, or, asked before the walk has indexed them (a context asked early), found
        in the tree."""
        return self.calls if self.walk.kinds is not None else [n for n in ast.walk(self.tree) if type(n) is ast.Call]

    @cached_property
    def _restoring_predictors(self) -> frozenset[ast.AST]:
        """Functions that load a trained model's weights, predict with it and train nothing
        (`context.restoring_predictors`): inference."""
        if "predict" not in self.text or not says_restore(self.text):
            return frozenset()
        return restoring_predictors(self.all_calls(), self.parents)

    @cached_property
    def _switched_off(self) -> dict[ast.AST, str]:
        """The statements a module constant turns off, with their kind (`context.switched_off`)."""
        flags = module_flags(self.tree, self.text, self.scope_index(self.tree).bindings)
        return switched_off(self.tree, flags, self.block_of) if flags else {}

    def in_demo(self, call: ast.Call) -> bool:
        """Whether a call is made in a block that only shows the module's models (`context.demo_blocks`)."""
        blocks = self._demo_blocks
        return bool(blocks) and self.statement_at_top(call) in blocks

    @cached_property
    def _demo_blocks(self) -> frozenset[ast.stmt]:
        if "__main__" not in self.text:
            return frozenset()
        builders = {f"{self.module}.{name}" for name in model_builders(self.tree)}
        return demo_blocks(self.tree, self.all_calls(), lambda call: (callee := self.callee(call)) is None or
                           callee in builders)

    @cached_property
    def _restoring_entries(self) -> frozenset[ast.AST]:
        """The entry of a program that restores a trained model and trains nothing (a sampler, a demo): inference
        (`context.restoring_entries`; asked by contexts, after the walk has found the file's calls)."""
        if self._file_context is not None or "__main__" not in self.text or not says_restore(self.text):
            return frozenset()
        return restoring_entries(self.tree, self.all_calls())

    @cached_property
    def _generation(self) -> frozenset[ast.AST]:
        """The statements of autoregressive generation (`context.generation_statements`): a loop that feeds a
        model the tokens it chose from the model's last output, and what follows it in its function."""
        text = self.text
        if not any(word in text for word in CHOICE_WORDS):
            return frozenset()
        return generation_statements(self.all_calls(), self.parents, self.call_name)

    def in_predict_only(self, node: ast.AST) -> bool:
        """Whether `node` is in a statement that builds a Keras model only predicted with (`_predict_only`)."""
        found = self._predict_only
        return bool(found) and any(a in found for a in self.ancestors(node))

    @cached_property
    def _predict_only(self) -> frozenset[ast.AST]:
        """The statements that build a Keras model only predicted with, and those whose values flow only into it
        (`context.predict_only_statements`)."""
        text = self.text
        if "predict" not in text or "Model" not in text and "Sequential" not in text:
            return frozenset()
        return predict_only_statements(self.tree, self.all_calls(), self.parents, self.call_name)

    @cached_property
    def _eager_only(self) -> frozenset[ast.AST]:
        """Functions that read a tensor as NumPy (`x.numpy()`) in their own body and train nothing: `.numpy()`
        raises in a graph, so a compiled training step (Keras' `fit`, a `tf.function`) never runs them; they
        are eager pre- or post-processing (decoding a heatmap's peaks, a graph's incidence matrix made once).
        Not a function that asks whether it runs eagerly (`tf.executing_eagerly()`: it has a graph path too),
        nor one that takes gradients or trains (an eager training loop logging `loss.numpy()`), nor a Keras
        functional builder (`_builds_or_trains`)."""
        if ".numpy()" not in self.text:
            return frozenset()
        found = set()
        for call in self.calls:
            if not (type(call.func) is ast.Attribute and call.func.attr == "numpy" and not call.args
                    and not call.keywords) or _torch_read(call.func.value):
                continue
            function = next((a for a in self.ancestors(call) if type(a) in _SCOPE_TYPES), None)
            if type(function) in (ast.FunctionDef, ast.AsyncFunctionDef) and function not in found:
                found.add(function)
        kept = set()
        for function in found:
            text = self.segment(function)
            if not _GRAPH_AWARE_HINT.search(text):
                kept.add(function)
                continue
            first, last = (function.lineno, function.col_offset), (function.end_lineno, function.end_col_offset)
            calls = [c for c in self.calls if first <= (c.lineno, c.col_offset) <= last]
            if not _builds_or_trains(calls) and "run_eagerly" not in text and not any(
                    type(c.func) is ast.Attribute and c.func.attr in _MODE_TESTS for c in calls):
                kept.add(function)  # (no mode test: a comment that names one is none)
        return frozenset(kept)

    def context(self, node: ast.AST) -> str | None:
        """Where `node` runs (tfperf.source.context): None in the training step, else a kind."""
        return self._context(node, project=True)

    def finding(self, report: Report) -> Finding | None:
        """The finding a report makes where its code runs (`SourceVisitor.report`), added to the file's.
        The questions to the project this asks are `reporting` ones (`ProjectView.report_only`)."""
        node, message, severity, target = report.node, report.message, report.severity, self.target
        anchor = node if node in self.parents else getattr(node, "call", node)  # a span of a call: its call
        self.project.reporting = True
        try:
            if report.unless is not None and report.unless(self):
                return None
            kind = self.context(anchor)
            parameter = report.parameter
            joint = tuple(self.project.query(PASSED, key) for key, _ in parameter.joint) if parameter else ()
            passing = judged(parameter, self.project.query(PASSED, parameter.key), self.project.context,
                             joint) if parameter is not None else ()
        finally:
            self.project.reporting = False
        if passing is None:
            return None  # every value the callers pass is fine
        fix = report.fix
        if passing and passing.fine:  # fine, but a cost the rule cannot price stays: the parameter says it
            message, severity = f"{report.parameter.fine} ({passing.said})", passing.severity
            if not report.parameter.fine_keeps_fix:
                fix = Fix(Safety.ADVISORY, report.parameter.fine)
        elif passing:
            message = f"{message} ({passing.said})"
            severity = passing.severity or severity
        if kind == HOST:  # the tf.data pipeline: where the pipeline rules look, and device rules do not
            if report.device_rule:
                return None
            kind = None
        elif placed_on_cpu(kind) and not report.device_rule:
            kind = None  # a pipeline built under tf.device("/CPU:0") still feeds the step from the host
        kind = kind or self._rule_context(report)
        if kind == "gpu" and target.kind == "gpu":
            kind = None  # a cuDNN path runs there
        if kind is not None:
            severity = Severity.INFO
            message = _off_device(message, target.name, kind)
        line, col, end_line, end_col = self.span(node)
        rule = report.rule
        finding = Finding(
            code=rule.code, rule=rule.name, message=message, severity=severity or rule.severity,
            section=rule.section,
            locations=(Location(source=SourceLocation(self.path, line, col, end_line, end_col)),),
            fix=fix or Fix(Safety.ADVISORY, message),
        )
        self.findings.append(finding)
        return finding

    def _rule_context(self, report: Report) -> str | None:
        """`Report.context`; a function of the file is asked now, as a reporting question (a change in
        the answers it reads makes the file's findings again from its reports, not a new lint)."""
        if not callable(report.context):
            return report.context
        self.project.reporting = True
        try:
            return report.context(self)
        finally:
            self.project.reporting = False

    @property
    def path_context(self) -> str | None:
        """The kind the file's path in the project implies ("test", "benchmark", "tool"...), or None."""
        return self._file_context

    def local_context(self, node: ast.AST) -> str | None:
        """The context this file alone gives `node` (no call graph): `_context` without the project, each
        step up the tree looked at once for all the nodes below it (the calls of a function share its
        chain of ancestors), and only as far up as `_context` looks."""
        kind = self._local_where(node)
        file_context = self._file_context_for(node, self._loss_in_metrics_file(node))
        if kind is None or kind == EAGER and file_context not in (None, HOST):
            kind = file_context  # (eager-only code is the weakest answer: see _where)
        return kind if kind is not None or not self._local_channels_first(node) else CHANNELS_FIRST

    def _local_where(self, node: ast.AST) -> str | None:
        """`_where(node, project=False)` before the file's path: the first kind the code says on the way up."""
        queue_inputs = self._queue_inputs

        def kind_at(child: ast.AST, anc: ast.AST) -> str | None:
            kind = branch_context(child, anc, self.flag_value)
            if kind == CHANNELS_FIRST:
                kind = None  # (see _context)
            if queue_inputs and anc in queue_inputs:
                return HOST
            if kind is None and (anc in self._restoring_entries or anc in self._generation or anc in self._predict_only):
                return "inference"
            if kind is None and child in self._switched_off:
                return self._switched_off[child]
            return self._def_context(anc) if kind is None and anc in self.qualnames else kind

        return self._first_up(node, self._local_kinds, kind_at, None)

    def _local_channels_first(self, node: ast.AST) -> bool:
        """`_in_channels_first_branch`, each step up looked at once."""
        switches = self._layout_switches
        return self._first_up(node, self._local_branches, lambda child, anc: True if branch_context(
            child, anc, self.flag_value) == CHANNELS_FIRST or switches and anc in switches and any(
            child is s for s in anc.body) else None, False)

    @cached_property
    def _layout_switches(self) -> frozenset[ast.AST]:
        """The `if` statements whose body runs only with channels_first data by what it sets: a flag's branch
        that makes the data format channels_first (`if hp.use_nchw: ... data_format = "channels_first"`, also
        "NCHW": a layout switch whose other path keeps the default, channels_last), and every other `if` of
        the same function on the same test (`if hp.use_nchw: out = tf.transpose(out, [0, 2, 3, 1])`: back
        from that layout). A test that is itself a layout comparison is `branch_context`'s business."""
        if not any(word in self.text for word in ("channels_first", "NCHW", "NCW", "NCDHW")):
            return frozenset()
        switches: dict[ast.AST, set[str]] = {}  # scope -> the tests of its switches (ast.dump)
        # (the walk's parent map holds every node but the module: no second walk of the tree)
        nodes = self.parents if self.walk.kinds is not None else walk_nodes(self.tree)
        branches = [n for n in nodes if type(n) is ast.If]
        for branch in branches:
            if any(type(stmt) is ast.Assign and type(stmt.value) is ast.Constant
                   and layout_of(stmt.value.value) == CHANNELS_FIRST
                   and all(type(t) in (ast.Name, ast.Attribute) for t in stmt.targets) for stmt in branch.body):
                switches.setdefault(self.scope_of(branch), set()).add(ast.dump(branch.test))
        if not switches:
            return frozenset()
        return frozenset(b for b in branches if ast.dump(b.test) in switches.get(self.scope_of(b), ())
                         and type(b.test) in (ast.Name, ast.Attribute, ast.Subscript))

    def _first_up(self, node: ast.AST, memo: dict, judge, default):
        """The first answer `judge(child, parent)` gives on the way up from `node` (else `default`), each step
        looked at once: every node passed on the way is memoised with the answer."""
        parents = self.parents
        below, child, found = [], node, default
        while True:
            if child in memo:
                found = memo[child]
                break
            anc = parents.get(child)
            if anc is None:
                break
            below.append(child)
            answer = judge(child, anc)
            if answer is not None:
                found = answer
                break
            child = anc
        for step in below:
            memo[step] = found
        return found

    def _context(self, node: ast.AST, project: bool) -> str | None:
        """What the code around `node` says (branches, enclosing names), then its file's path, then
        what the callers of its innermost function with callers in the project say. A channels_first
        branch is the weakest answer: code in one that is also a test, or in the tf.data pipeline,
        is that first (the pipeline's code is not the device rules' business)."""
        kind = self._where(node, project)
        if kind is None and project and self.project.reporting:  # (only code on the step asks: the rest is info)
            failure = import_failure(self)
            if failure is not None:
                return unimportable(failure)
            dead = unreachable_reason(self, node)
            if dead is not None:
                return unreachable(dead)
            raised = raising_reason(self, node)
            if raised is not None:
                return raises(raised)
        return kind if kind is not None or not self.in_channels_first_branch(node) else CHANNELS_FIRST

    def _where(self, node: ast.AST, project: bool) -> str | None:
        child = node
        defs = []
        eager = None  # eager-only code: the weakest answer (a test file's or a tool's eager code is that first)
        queue_inputs = self._queue_inputs
        for anc in self.ancestors(node):
            kind = branch_context(child, anc, self.flag_value)
            if kind == CHANNELS_FIRST:
                kind = None  # (see _context)
            if queue_inputs and anc in queue_inputs:
                return HOST
            if kind is None and project and isinstance(anc, ast.If):
                kind = self._flag_branch_context(child, anc)
            if kind is None and type(anc) is ast.If:
                kind = self._bound_flag_context(child, anc)
            if kind is None and (anc in self._restoring_entries or anc in self._generation or anc in self._predict_only):
                kind = "inference"  # (a program's entry, a generation loop, a model only predicted with: no def the
                # call graph would ask)
            if kind is None and child in self._switched_off:
                kind = self._switched_off[child]
            if kind is None and anc in self.qualnames:
                kind = self._def_context(anc)
                if kind == "inference" and project and self._forward_helper(anc):
                    kind = None
                if kind == EAGER:
                    eager, kind = eager or kind, None
                defs.append(anc)
            if kind is not None:
                return kind
            child = anc
        loss = bool(defs) and self._loss_in_metrics_file(defs[0])
        file_context = self._file_context_for(node, loss)
        if file_context not in (None, HOST):
            return file_context  # a test file, an evaluation module...: whoever calls it
        if not project:
            return eager or file_context
        for scope in defs:
            kind = self.project.context(self.qualnames[scope])  # "": its callers run it in training
            if kind == "eval" and loss:
                kind = None  # (what the module's path said of its references: a loss is still a loss)
            if kind == "inference" and self._on_own_step(scope):
                break  # (what a model class's own training step runs is trained, wherever the project builds it)
            if kind is not None:
                return kind or eager or file_context
        if eager:
            return eager
        if file_context is None and defs and self._uncalled(defs[-1]):
            return UNCALLED
        if file_context is None and defs and self._record_decoder(defs[-1]):
            return HOST
        return file_context

    def _file_context_for(self, node: ast.AST, loss: bool) -> str | None:
        """What the file's path or program says of `node`: nothing for a loss in a metrics file (`loss`), and in a
        record-writing program, where the node's function runs (`_program_function_context`)."""
        if loss or self._file_context is None:
            return None
        return self._program_function_context(node) if self._tool_entries else self._file_context

    def _program_function_context(self, node: ast.AST) -> str | None:
        """The context of `node` in a record-writing program (`program_context`): "tool" for its module-level code,
        its entries (`program_entries`: `main`, what the `__main__` block names) and a function without callers
        in the project; another function runs where its callers do (XLNet's `data_utils.get_input_fn`, whose
        module's `__main__` writes the records, is what the training programs read: on the step, None). Asked of
        the project also for the calls a function exports (`local_context`): what only the tool calls is the
        tool's, what the training step calls through it is not."""
        for anc in self.ancestors(node):
            if anc in self._tool_entries:
                break
            if anc in self.qualnames:
                kind = self.project.context(self.qualnames[anc])  # "": its callers run it in training
                if kind is not None:
                    return kind or None
        return self._file_context

    def _loss_in_metrics_file(self, node: ast.AST) -> bool:
        """Code of a loss in an evaluation module by its path (`custom_metrics.py`, `metrics/`): a def around it
        whose name says loss (`binary_surface_loss_fixed`), or whose every return negates a score (`return -1.0 *
        dice`: Keras minimises what a loss returns, and a metric reports its score as it is). What training
        minimises, whatever the module is called: the file's path does not take it off the step."""
        if self._file_context != "eval":
            return False
        for anc in (node, *self.ancestors(node)):
            if type(anc) in (ast.FunctionDef, ast.AsyncFunctionDef) and (
                    {"loss", "losses"} & set(tokens(anc.name)) or _returns_negated(self.returns_of(anc))):
                return True
        return False

    def _uncalled(self, function: ast.AST) -> bool:
        """A module-level function with a private name (`_helper`), undecorated, that nothing in the project
        calls or refers to (tests aside: they call everything): dead code here, unless code outside the
        project reaches into the module for it. Not a method (an instance's call the call graph may not see)."""
        return type(function) is ast.FunctionDef and function.name.startswith("_") and \
            not function.name.endswith("__") and not function.decorator_list and \
            type(self.parents.get(function)) is ast.Module and \
            not set(self.project.query(CALLED_BY, self.qualnames[function])) - {"!test"}

    def _record_decoder(self, function: ast.AST) -> bool:
        """A function that decodes a serialized record it is given (`tf.io.parse_single_example(serialized,
        ...)`, `decode_proto`, `decode_raw`, `parse_tensor`, `decode_csv` of a parameter) and that nothing in the
        project calls or refers to, tests aside: a tf.data map function by what it does (records are decoded in
        the input pipeline, on the host), whichever pipeline outside the project maps it."""
        if type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef) or not function.args.args and \
                not function.args.kwonlyargs:
            return False
        if function not in self._record_decoders:
            return False
        return not set(self.project.query(CALLED_BY, self.qualnames[function])) - {"!test"}

    @cached_property
    def _record_decoders(self) -> frozenset[ast.AST]:
        """The functions of the file that decode a serialized record one of their parameters holds."""
        if "decode_" not in self.text and "parse_" not in self.text:
            return frozenset()
        found = set()
        for call in self.calls:
            name = self.call_name(call) or ""
            if not (name.startswith("tensorflow.") and name.rpartition(".")[2] in _RECORD_DECODERS and call.args
                    and type(call.args[0]) is ast.Name):
                continue
            function = next((a for a in self.ancestors(call) if type(a) in _SCOPE_TYPES), None)
            if type(function) in (ast.FunctionDef, ast.AsyncFunctionDef) and \
                    call.args[0].id in {a.arg for a in (*function.args.posonlyargs, *function.args.args,
                                                         *function.args.kwonlyargs)}:
                found.add(function)
        return frozenset(found)

    @cached_property
    def _queue_inputs(self) -> frozenset[ast.AST]:
        """The input work of TensorFlow 1 queue readers: the tensors a `tf.train.batch` /
        `shuffle_batch` (`_join`, `maybe_`) call enqueues, and the assignments before it, in its
        function, whose names flow into them (`spec = specgram(audio)` ... `shuffle_batch([spec, ...])`).
        The queue runners' threads run them on the host, ahead of the step, as tf.data runs a map."""
        if "batch" not in self.text:
            return frozenset()  # (a file that never says "batch" calls none)
        found: set[ast.AST] = set()
        for call in self.calls:
            if self.call_name(call) not in QUEUE_BATCHES:
                continue
            tensors = argument(call, None, "tensors_list") or argument(call, 0, "tensors")
            if tensors is None:
                continue
            found.add(tensors)
            feeding = {n.id for n in ast.walk(tensors) if type(n) is ast.Name}
            scope = self.scope_of(call)
            before = [n for n in self.references if type(n) is ast.Assign and end(n) <= start(call)
                      and self.scope_of(n) is scope]
            for stmt in sorted(before, key=start, reverse=True):  # back from the call, names that feed it
                if any(type(t) is ast.Name and t.id in feeding for target in stmt.targets for t in ast.walk(target)):
                    found.add(stmt)
                    feeding.update(n.id for n in ast.walk(stmt.value) if type(n) is ast.Name)
        return frozenset(found)

    def _on_own_step(self, function: ast.AST) -> bool:
        """A method that its class's own training step runs: one whose code builds that step (an optimizer's
        `minimize` or `apply_gradients`, a `GradientTape`), or one such a method calls on `self`, transitively (set
        76's DeepHit: `_build_net` builds `self.solver = AdamOptimizer(...).minimize(self.LOSS_TOTAL)` from
        `self.loss_Ranking()`). That the project builds the class only to restore and predict (the call graph's
        "inference") leaves those methods on the step its users train; the class's other methods (a predict-only
        output builder) keep what the call graph says. Memoised per class."""
        owner = self.parent(function)
        if type(owner) is not ast.ClassDef:
            return False
        found = self._step_methods.get(owner)
        if found is None:
            found = self._step_methods[owner] = _own_step_methods(self, owner)
        return function in found

    def _forward_helper(self, function: ast.AST) -> bool:
        """A function named only for a prediction (`_predict_masks`, a head's `predict`) that the training step
        runs: "predict" also names a model's forward pass, so the call graph says where it runs. A private one
        the project calls only in the step (its callers' context), or any one a root of the training step (a
        layer's call, a loss, a model_fn, a training step: `steps.on_step`, strictly) is seen to reach (a
        detection head's `predict`, the forward pass a meta-architecture's training runs). A public `predict`
        nothing in the project runs in a step (`predict_step`, what Keras's `predict` calls) is the inference
        API, and post-processing words (`nms`, `beam`, `decoding`, `detections`) keep their meaning."""
        name = getattr(function, "name", "")
        if not (isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and not name.endswith("__")):
            return False
        words = {word for word in tokens(name) if name_context(word) == "inference"}
        if not words <= PREDICTION_WORDS or not words and name_context(name) == "inference":
            return False  # (also a name that says decoding by two words: `_beam_decode`, `_beam_search`)
        if name.startswith("_") and self.project.context(self.qualnames[function]) == "":
            return True
        key = (function, self.project.reporting)  # (asked again for each node of the function: once per way asked)
        reached = self._forward.get(key)
        if reached is None:
            reached = self._forward[key] = bool(function.body) and on_step(self, function.body[0], strict=True)
        return reached

    def in_channels_first_branch(self, node: ast.AST) -> bool:
        """In a branch that runs only with channels_first data (`context.branch_context`; a layout switch:
        `_layout_switches`), or one that runs only when a data format differs from the global one
        (`image_data_format()`) while it is "channels_last": the global format is channels_first there
        (`_global_format_differs`)."""
        child = node
        differs: list[ast.expr] = []  # data formats the branch runs only when they differ from the global one
        equals: dict[str, str] = {}  # data formats the branch runs only when they equal a string
        switches = self._layout_switches
        for anc in self.ancestors(node):
            if branch_context(child, anc, self.flag_value) == CHANNELS_FIRST or \
                    switches and anc in switches and any(child is s for s in anc.body):
                return True
            if type(anc) in (ast.If, ast.IfExp) and child is not anc.test:
                in_else = child is anc.orelse if type(anc) is ast.IfExp else any(child is s for s in anc.orelse)
                self._format_requirement(anc.test, in_else, differs, equals)
            child = anc
        return bool(differs) and self._global_format_differs(differs, equals)

    def _format_requirement(self, test: ast.expr, in_else: bool, differs: list, equals: dict) -> None:
        """What a branch of `test` requires of a data format: `fmt == image_data_format()` (its else: they
        differ), `fmt == "channels_last"` (its body: fmt is that string); also with `!=`."""
        if not (type(test) is ast.Compare and len(test.ops) == 1 and type(test.ops[0]) in (ast.Eq, ast.NotEq)):
            return
        equal = (type(test.ops[0]) is ast.Eq) != in_else  # the branch runs when the sides are equal
        sides = (test.left, test.comparators[0])
        globals_ = [self._global_format(side) for side in sides]
        if globals_.count(True) == 1:
            if not equal:
                differs.append(sides[globals_.index(False)])
            return
        held = [self.flag_value(side) if type(side) is ast.Name else side for side in sides]
        strings = [i for i, h in enumerate(held) if type(h) is ast.Constant and layout_of(h.value)]
        if len(strings) == 1 and equal and (key := _format_key(sides[1 - strings[0]])):
            equals[key] = layout_of(held[strings[0]].value)

    def _global_format(self, expr: ast.expr) -> bool:
        """A call of Keras's `image_data_format()` (also a project function of that name: a backend switch's)."""
        return type(expr) is ast.Call and not expr.args and (self.call_name(expr) or "").rpartition(".")[2] == \
            "image_data_format"

    def _global_format_differs(self, differs: list[ast.expr], equals: dict[str, str]) -> bool:
        """Whether a data format the branch requires to differ from the global one is "channels_last"
        there: a branch requires it (`elif fmt == "channels_last"` in the else of `fmt == image_data_format()`),
        or every value that reaches it is that string or the global format itself (`cur = "channels_last"`
        ... `cur = image_data_format()`: only the string can differ). The global format is channels_first."""
        for fmt in differs:
            layout = equals.get(_format_key(fmt) or "")
            if layout is None and type(fmt) is ast.Name:
                values = [b.value for b in self.reaching_bindings(fmt)]
                strings = {layout_of(v.value) for v in values if type(v) is ast.Constant}
                if values and len(strings) == 1 and all(type(v) is ast.Constant or self._global_format(v)
                                                        for v in values if v is not None):
                    layout = strings.pop()
                if any(v is None for v in values):
                    layout = None
            if layout == "channels_last":
                return True
        return False

    def _flag_branch_context(self, child: ast.AST, branch: ast.If) -> str | None:
        """`if rebatch:` on a parameter of the enclosing function: where the project's calls that
        take the branch run (`context.flag_branch_context`)."""
        test = branch.test
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        flag = test.operand if negated else test
        in_body = any(child is s for s in branch.body)
        if not isinstance(flag, ast.Name) or not (in_body or any(child is s for s in branch.orelse)):
            return None
        function = next((a for a in self.ancestors(branch) if isinstance(a, SCOPES)), None)
        found = _parameter(function, flag.id) if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if found is None:
            return None
        qualname = self.qualnames[function]
        return flag_branch_context(flag.id, in_body != negated, *found, self.project.query(CALLED_BY, qualname),
                                   self.project.query(FLAG_CALL, qualname))

    def _bound_flag_context(self, child: ast.AST, branch: ast.If) -> str | None:
        """`if shuffle:` on a local (or closure) flag every statement binding it sets to True or False: the branch
        runs where the bindings of the value that takes it ran, so in the kind of code they are in, when they
        all are in the same kind off the step (`else: assert split == 'eval'; shuffle = False`, the branches of a
        mode test)."""
        test = branch.test
        negated = type(test) is ast.UnaryOp and type(test.op) is ast.Not
        flag = test.operand if negated else test
        if type(flag) is not ast.Name or flag.id not in self.stored_names:
            return None
        in_body = any(child is s for s in branch.body)
        if not in_body and not any(child is s for s in branch.orelse):
            return None
        bindings = None
        for scope in (self.scope_of(flag), *self.ancestors(self.scope_of(flag))):
            if isinstance(scope, SCOPES) and not isinstance(scope, ast.ClassDef):
                index = self.scope_index(scope)
                if flag.id in index.dynamic:
                    return None
                bindings = index.bindings.get(flag.id)
                if bindings:
                    break
        if not bindings or not all(type(b.stmt) is ast.Assign and type(b.value) is ast.Constant and
                                   type(b.value.value) is bool for b in bindings):
            return None
        kinds = {self._binding_context(b.stmt) for b in bindings if b.value.value is (in_body != negated)}
        kind = kinds.pop() if len(kinds) == 1 else None
        return kind if kind in ("eval", "inference") else None

    def _binding_context(self, stmt: ast.stmt) -> str | None:
        """The kind of code the branches around a statement of a function say it is in (up to the function): a
        mode test, or an `assert <x> == 'eval'` before it in its block."""
        child = stmt
        for anc in self.ancestors(stmt):
            if isinstance(anc, SCOPES):
                return None
            where = self.block_of(child) if isinstance(child, ast.stmt) else None
            kind = asserted_mode(where[0][:where[1]]) if where else None
            kind = kind or branch_context(child, anc, self.flag_value)
            if kind is not None:
                return kind
            child = anc
        return None

    def _def_context(self, node: ast.AST) -> str | None:
        if node not in self._local_contexts:
            kind = None
            if not isinstance(node, ast.Lambda):
                kind = def_context(node) or ("tool" if node in self._weight_surgery else None) or \
                    (EAGER if node in self._eager_only else None) or \
                    ("inference" if node in self._restoring_predictors else None) or \
                    (HOST if getattr(node, "decorator_list", None) and self._mapped_by_decorator(node) else None)
                if kind == "tool" and not adapting(node, self.returns_of(node)):
                    kind = None  # (a data adapter that returns what it makes: not a Keras adapt pass)
                if kind == "synthetic" and self._reads_files(node):
                    kind = None  # a named dataset read from disk (NeRF's "synthetic" scenes), not made-up data
            self._local_contexts[node] = kind
        return self._local_contexts[node]

    def _mapped_by_decorator(self, node: ast.AST) -> bool:
        """A def a decorator maps over a dataset: the name stands for the decorator's wrapper, which takes a
        dataset, and the body runs only in the tf.data pipeline (`@seqio.map_over_dataset def preprocess(x):`).
        A decorator of the project that hands the function it is given to a tf.data transformation
        (`project.HOST_PARAMETER`, through its wrapper: `def deco(fn): def wrapped(ds): return ds.map(fn)`), or a
        library's whose name says it maps over datasets (`map_over_dataset`: a decorator is applied to the
        function itself, so a name saying "map" and "dataset" says what it does with it)."""
        for decorator in node.decorator_list:  # type: ignore[attr-defined]
            said = decorator.func if type(decorator) is ast.Call else decorator
            words = set(tokens(last_name(said)))
            if "map" in words and words & {"dataset", "datasets"}:
                return True
            defined = self.def_of(said) if isinstance(said, (ast.Name, ast.Attribute)) else None
            if defined is not None and any(index == 0 for index, _ in self.project.query(HOST_PARAMETER, defined)):
                return True
        return False

    def _reads_files(self, function: ast.AST) -> bool:
        """The function reads files (`open(path)` for reading, `tf.io.gfile.GFile`, `tf.io.read_file`, a record
        or text file dataset, `np.load`, `PIL.Image.open`): the data it makes is not synthetic."""
        for node in ast.walk(function):
            if type(node) is ast.Call:
                if type(node.func) is ast.Name and node.func.id == "open" and "open" not in self.imports.names:
                    mode = argument(node, 1, "mode")
                    text = self.literal(mode) if mode is not None else "r"
                    if not isinstance(text, str) or "r" in text:
                        return True
                elif type(node.func) in (ast.Attribute, ast.Name) and \
                        (self.qualified(node.func) or "").endswith(_FILE_READERS):
                    return True
        return False

    @cached_property
    def shapes(self) -> ShapeInference:
        """Tensor shapes where the source states them (`tfperf.source.shapes`)."""
        return ShapeInference(self)

    @cached_property
    def documented_shapes(self) -> ShapeInference:
        """`shapes`, and parameters of the rank their function's docstring states (for info rules)."""
        return ShapeInference(self, documented=True)

    # structure

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(node)

    def argument_parent(self, node: ast.AST) -> ast.AST | None:
        """The parent of `node`, or for a keyword argument's value the call it is passed to (`tf.matmul(a=x, b=node)`:
        the matmul, not the `keyword`)."""
        parent = self.parents.get(node)
        return self.parents.get(parent) if type(parent) is ast.keyword else parent

    def ancestors(self, node: ast.AST) -> Iterable[ast.AST]:
        node = self.parents.get(node)
        while node is not None:
            yield node
            node = self.parents.get(node)

    def statement_at_top(self, node: ast.AST) -> ast.AST | None:
        """The statement of the module's body that holds `node`."""
        while node is not None and self.parents.get(node) is not self.tree:
            node = self.parents.get(node)
        return node

    def statement_of(self, node: ast.AST) -> ast.stmt | None:
        while node is not None and not isinstance(node, ast.stmt):
            node = self.parents.get(node)
        return node

    def block_of(self, stmt: ast.stmt) -> tuple[list[ast.stmt], int] | None:
        """The statement list holding `stmt` and its index there (the blocks of a parent are indexed
        at its first question: a module's body can hold thousands of statements)."""
        parent = self.parents.get(stmt)
        if parent is not None and parent not in self._indexed_blocks:
            self._indexed_blocks.add(parent)
            for field in _BLOCK_FIELDS:
                block = getattr(parent, field, None)
                if isinstance(block, list):
                    for i, s in enumerate(block):
                        self._block_positions[s] = (block, i)
        return self._block_positions.get(stmt)

    def scope_of(self, node: ast.AST) -> ast.AST:
        """The innermost function, lambda or class around `node` (else the module). Memoised per node while
        the file is linted (rules ask it of the same nodes again and again: `__init__` binds the memo's
        look-up over this method; once the file is closed, a report judged later computes it again)."""
        return self._scope_of(node)

    def _scope_of(self, node: ast.AST) -> ast.AST:
        parents = self.parents  # (`ancestors` inlined: asked of most calls and names)
        node = parents.get(node)
        while node is not None:
            if type(node) in _SCOPE_TYPES:
                return node
            node = parents.get(node)
        return self.tree

    def scope_index(self, scope: ast.AST) -> ScopeIndex:
        index = self._scopes.get(scope)
        if index is None:
            index = self._scopes[scope] = ScopeIndex(scope, walrus=self._walrus, loads=self.walk.reads)
        return index

    def binding(self, name: ast.Name) -> Binding | None:
        """The assignment a loaded name refers to: the last one before it in its own scope, else the
        only one in an enclosing scope (a module constant, a closure variable). Memoised per name while the
        file is linted, as `scope_of` is. (The last in the text, also in the other branch of an `if` the read
        is in: the pipeline rules follow a dataset through either branch by it; `reaching_bindings` is exact.)"""
        return self._binding(name)

    def _binding(self, name: ast.Name) -> Binding | None:
        scope = self.scope_of(name)
        index = self.scope_index(scope)
        if name.id in index.dynamic:
            return None
        if name.id in index.bindings:
            return index.reaching(name.id, start(name))
        for outer in self.ancestors(scope):
            if isinstance(outer, SCOPES) and not isinstance(outer, ast.ClassDef):
                outer_index = self.scope_index(outer)
                if name.id in outer_index.bindings:
                    return outer_index.only_binding(name.id)
        return None

    def _other_branch(self, stmt: ast.AST, read: ast.AST) -> bool:
        """Whether `stmt` is in one branch of an `if` and `read` in the other, so no run reaches one from the other
        (not in a loop: a later pass may run the other branch)."""
        at = start(read)
        excluded = False
        for anc in self.ancestors(stmt):
            kind = type(anc)
            if kind in _SCOPE_TYPES:
                break
            if kind in _LOOPS:
                return False
            if not excluded and kind is ast.If and anc.orelse and start(anc.body[0]) <= at <= end(anc):
                split = start(anc.orelse[0])
                excluded = (start(stmt) < split) != (at < split)
        return excluded

    def reaching_bindings(self, name: ast.Name) -> list[Binding]:
        """Every binding of a local name that may reach this read, the last first: back from the
        last one before it, those in branches too (`if preprocess: fn = partial(f, ...)` / `else: fn =
        g`), up to one in a block that holds the read (it runs on every path to the read) or a
        parameter; not one in the other branch of an `if` the read is in. [] for a name bound elsewhere (a
        module's, a closure's, `global`)."""
        index = self.scope_index(self.scope_of(name))
        if name.id in index.dynamic or name.id not in index.bindings:
            return []
        blocks = {id(where[0]) for anc in self.ancestors(name) if isinstance(anc, ast.stmt)
                  and (where := self.block_of(anc))}
        found = []
        later: dict[int, int] = {}  # a block -> the index there of the binding found last (the nearest after)
        for bound in reversed(index.bindings[name.id]):
            if bound.pos > start(name) or bound.stmt is not None and self._other_branch(bound.stmt, name):
                continue
            where = self.block_of(bound.stmt) if bound.stmt is not None else None
            if where is not None and _killed_in_block(where, later.get(id(where[0]))) and \
                    not self._in_try(bound.stmt):
                continue  # (`x = expand_dims(x, 1)` ... `x = squeeze(x, 1)` in one branch: only the last leaves it)
            found.append(bound)
            if bound.stmt is None or (where and id(where[0]) in blocks):
                break
            if where is not None:
                later[id(where[0])] = where[1]
        return found

    def _in_try(self, stmt: ast.stmt) -> bool:
        """Whether a `try` of its function holds `stmt`: what raises after it may reach a handler, and the code after
        the `try`, with the value it bound."""
        for anc in self.ancestors(stmt):
            kind = type(anc)
            if kind in _SCOPE_TYPES:
                return False
            if kind in _TRIES:
                return True
        return False

    def bindings_at(self, name: ast.Name) -> list[Binding]:
        """The bindings a read may see: `reaching_bindings` for a name bound more than once in its scope (where
        `binding`, the last in the text, may be another branch's), else the one `binding` gives ([] for none).
        The exact walk is made only where it can differ."""
        index = self.scope_index(self.scope_of(name))
        if len(index.bindings.get(name.id, ())) > 1:
            reaching = self.reaching_bindings(name)
            if reaching:
                return reaching
        bound = self.binding(name)
        return [bound] if bound is not None else []

    def reaching_reads(self, stmt: ast.AST, name: str) -> list[ast.Name]:
        """Reads of `name` after the assignment `stmt` that it may reach: those before the next
        assignment of the name that runs on every path after it (one in `stmt`'s own block or in a
        block around it; one in an `if` branch does not end it)."""
        scope = self.scope_of(stmt)
        index = self.scope_index(scope)
        after = end(stmt)
        blocks = {id(where[0]) for anc in (stmt, *self.ancestors(stmt)) if (where := self.block_of(anc))}
        kill = min((b.pos for b in index.bindings.get(name, []) if b.pos > after and b.stmt is not None
                    and (where := self.block_of(b.stmt)) and id(where[0]) in blocks), default=None)
        return [r for r in index.loads_of(name) if start(r) >= after and (kill is None or start(r) < kill)]

    def value_of(self, expr: ast.AST, depth: int = 8) -> ast.AST:
        """Follow plain `name = value` assignments back from a name to the expression it holds."""
        while isinstance(expr, ast.Name) and depth > 0 and expr.id in self.stored_names:
            # (a name no statement of the file stores, a parameter or an import, has no value here: no
            # scope index is built to find that out)
            bound = self.binding(expr)
            if bound is None or bound.value is None:
                break
            expr, depth = bound.value, depth - 1
        return expr

    def flag_value(self, expr: ast.AST) -> ast.AST:
        """What a flag holds: a name's value (`value_of`), the value of the one `self.<flag> = ...`
        in its class, or for a call of a project function that only returns a data-format
        comparison (`is_channels_last()`, `is_channels_first(self.data_format)`) that comparison; for
        a name imported from a project module that binds it to a data-format string, that string; the
        flag itself if unknown."""
        if isinstance(expr, ast.Call):
            return self._format_test(expr)
        if isinstance(expr, ast.Name):
            value = self.value_of(expr)
            if type(value) is ast.Name:
                return self._imported_layout(value)
            if type(value) is ast.Constant and any(type(b.value) is not ast.Constant or b.value.value != value.value
                                                   for b in self.reaching_bindings(expr)):
                return expr  # a string some paths bind and others not (`fmt = "channels_last"` then `if ...: fmt = f`)
            return value
        owner = self.enclosing_class(expr) if is_self_attribute(expr) else None
        stores = self.self_assignments(owner, expr.attr) if owner is not None else []
        return stores[0].value if len(stores) == 1 else expr

    def _imported_layout(self, name: ast.Name) -> ast.AST:
        """The data-format string a name imported from a project module holds (`LAYOUT_CONSTANT`), as a
        literal; else the name."""
        if name.id not in self.imports.names:
            return name
        qualified = self.qualified(name)
        facts = set(self.project.query(LAYOUT_CONSTANT, qualified)) if qualified and \
            not api.is_framework(qualified) else ()
        return ast.Constant(next(iter(facts))) if len(facts) == 1 else name

    def _format_test(self, call: ast.Call) -> ast.AST:
        passed = len(call.args) + len(call.keywords)
        starred = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
        callee = None if passed > 1 or starred else self.callee(call)
        facts = self.project.query(FORMAT_TEST, callee) if callee else ()
        if len(facts) != 1 or passed > facts[0][2]:
            return call
        literal_value, op, _ = facts[0]
        return ast.Compare(ast.Name("data_format", ast.Load()), [ast.Eq() if op == "==" else ast.NotEq()],
                           [ast.Constant(literal_value)])

    def literal(self, expr: ast.AST | None) -> Any:
        """A literal value, looking through names bound to literals (`k = 3`)."""
        return literal(expr, self._lookup_literal)

    def parameter_default(self, name: ast.Name) -> Any:
        """The literal default of the parameter `name` reads (in its own function or a closure of it):
        what the code runs with when callers leave the argument out. NOT_LITERAL when `name` reads
        anything else (an assignment, a global) or the default is not a literal; None when it is None."""
        bound = self.binding(name)
        if bound is None or bound.stmt is not None or bound.value is not None:
            return NOT_LITERAL
        owner = parameter_owner(self, name)
        default = parameter_defaults(owner).get(name.id) if owner is not None else None
        return NOT_LITERAL if default is None else self.literal(default)

    def _lookup_literal(self, name: ast.Name) -> Any:
        bound = self.binding(name)
        return NOT_LITERAL if bound is None or bound.value is None else literal(bound.value, self._lookup_literal)


class Calls:
    """The calls a visitor's `visit_Call` looks at (its `calls`): the walk hands it only the calls that
    match one of these, and no other. A call matches by its canonical name (`call_name`): one of
    `names`, or one that starts with one of `prefixes` ("keras.layers."); by the name of the
    attribute it calls (`methods`: `model.fit(...)` for "fit", whatever `model` is); or, with
    `project`, by calling a function or class of the project (`FileContext.callee`); or, with `held`,
    by calling a value the code holds rather than a function it names: the result of a call
    (`Conv2D(...)(x)`), a name the file assigns somewhere (`conv(x)`; not a parameter, an import or
    a builtin), an attribute of `self` (`self.conv(x)`), an item by a literal key (`self.blocks["conv"](x)`). A
    visitor's
    `visit_Call` must do nothing (no finding, no fact, no question to the project) with a call that
    matches none: `tests/source/test_source_dispatch.py` lints every rule's examples with and without
    the declarations."""

    __slots__ = ("names", "prefixes", "methods", "project", "held")

    def __init__(self, names: Iterable[str] = (), *, prefixes: Iterable[str] = (), methods: Iterable[str] = (),
                 project: bool = False, held: bool = False):
        self.names = frozenset(names)
        self.prefixes = tuple(prefixes)
        self.methods = frozenset(methods)
        self.project = project
        self.held = held

    def wants(self, name: str | None, method: str | None, project: bool, held: bool) -> bool:
        return (name in self.names or (name is not None and name.startswith(self.prefixes))
                or method in self.methods or (project and self.project) or (held and self.held))


class SourceVisitor:
    """Base of every rule's source detector. One instance per file and rule."""

    rule_class: ClassVar[type["Rule"]]  # set by `visitors_for`
    # A device rule (a transpose, a pad, a reduction...) has nothing to say about code that runs in
    # the tf.data input pipeline on the host: what it finds there is dropped. Pipeline rules keep it.
    device_rule: ClassVar[bool] = True
    # The calls `visit_Call` is given: every call (None), or those a `Calls` names. Most rules look
    # at a few functions; declaring them spares a Python call per call of the file and rule.
    calls: ClassVar[Calls | None] = None
    # Fact kinds of the project that only the visitors of this visitor's module ask and export (nothing
    # else reads them, and those visitors export no other kind; `file.shared` entries they make are
    # theirs): a file linted again because only answers of these kinds changed (and the contexts its
    # findings report in) runs only those visitors again (`rerun_visitors`); the other rules' reports
    # and exports, which cannot depend on them, are kept. `tests/source/test_private_facts.py` checks
    # that no other module names them.
    private_facts: ClassVar[frozenset[str]] = frozenset()
    # Fact kinds a module that names no framework can hold (plain Python: the paddings list a function
    # returns): a file's query of one about such a module, which the linter's cheap test skips, brings
    # that module in, linted for its facts alone (`linter._helpers_asked`). Other kinds bring none in.
    helper_facts: ClassVar[frozenset[str]] = frozenset()
    # Facts a module that names no framework exports all the same, read from its bytes when the cheap test skips it
    # (`linter._text_facts`): kind -> (words, pattern): `kind:` for a file whose bytes hold one of the words and
    # match the pattern (a plain script that compiles or fits a model the project builds). A parsed file's visitor
    # exports the same kinds itself. (No pattern: a word is enough.)
    text_facts: ClassVar[dict[str, tuple[tuple[bytes, ...], re.Pattern[bytes] | None]]] = {}

    def __init__(self, file: FileContext):
        self.file = file
        self.rule = self.rule_class
        self.call_name = file.call_names.__getitem__  # the file's memo, a lookup in C (rules ask it of every call)
        self.qualified = file.qualified

    @property
    def target(self) -> "Target":
        return self.file.target

    def summarize(self) -> None:
        """Called after the walk, before any `end()`: export the facts other files may ask about
        (`self.file.project.export(kind, qualname, value)`), e.g. "this function returns a zero pad of
        its argument"."""

    def end(self) -> None:
        """Called after the walk and every visitor's `summarize()`, for rules that decide on the
        whole file (pipelines) or need the file's facts."""

    # helpers for rules

    def qualified(self, expr: ast.AST) -> str | None:
        return self.file.qualified(expr)  # (each instance binds the file's own directly)

    def call_name(self, node: ast.AST) -> str | None:
        """Canonical qualified name of the function a Call calls (None if not an imported name)."""
        return self.file.call_name(node)  # (each instance binds the file's own directly)

    def report(self, node: ast.AST, message: str, *, fix: Fix | None = None, severity: Severity | None = None,
               context: str | Callable[[FileContext], str | None] | None = None,
               parameter: Parameter | None = None,
               unless: Callable[[FileContext], bool] | None = None) -> Finding | None:
        """Report a finding at `node`, as the code's context allows: off the training step (a test,
        an evaluation path, under tf.device("/CPU:0")...) it is info and says why, without naming the
        device; in the tf.data pipeline a device rule says nothing (None is returned). `context`:
        what the rule knows besides the code around `node` (a pipeline used for validation: "eval"), or a
        function of the file that says it, asked only when the code around `node` says nothing.
        `parameter`: a parameter the finding hangs on; what the project's callers pass it decides the
        finding and is added to the message (`passed.judged`). `unless`: a question of the project that
        drops the finding, asked as the finding is made (through `ProjectView.ask_reporting`: a change in
        its answer alone makes the file's findings again from its reports, not a new lint)."""
        report = Report(self.rule, self.device_rule, node, message, fix, severity, context, parameter, unless)
        self.file.reports.append(report)
        return self.file.finding(report)

    def replace(self, node: ast.AST, text: str) -> TextEdit:
        line, col, end_line, end_col = self.file.span(node)
        return TextEdit(self.file.path, line, col, end_line, end_col, text)

    def insert_after(self, node: ast.AST, text: str) -> TextEdit:
        _, _, end_line, end_col = self.file.span(node)
        return TextEdit(self.file.path, end_line, end_col, end_line, end_col, text)

    def delete_statement(self, stmt: ast.stmt) -> TextEdit | None:
        """Remove a statement that sits alone on its lines; its comments (trailing, or inside a statement
        that spans lines) stay, each on a line of its own at the statement's indentation. None if it
        shares a line with another statement (`a = 1; b = 2`), which rules then leave alone."""
        first, last = self.file.line_text(stmt.lineno), self.file.line_text(stmt.end_lineno)
        if first[:stmt.col_offset].strip() or last.encode()[stmt.end_col_offset:].strip()[:1] not in (b"", b"#"):
            return None
        starts = self.file.line_starts
        end_offset = starts[stmt.end_lineno] if stmt.end_lineno < len(starts) else len(self.file.text)
        end_line = stmt.end_lineno + 1 if stmt.end_lineno < len(starts) else stmt.end_lineno
        end_col = 1 if stmt.end_lineno < len(starts) else end_offset - starts[stmt.end_lineno - 1] + 1
        comments = _comments(self.file.text[starts[stmt.lineno - 1]:end_offset])
        if comments is None:
            return None
        newline = self.file.newline_at(stmt.lineno)
        kept = "".join(f"{first[:stmt.col_offset]}{comment}{newline}" for comment in comments)
        if kept and end_offset == len(self.file.text) and not self.file.text.endswith(("\n", "\r")):
            kept = kept[:-len(newline)]  # the file ended without a newline: keep it that way
        return TextEdit(self.file.path, stmt.lineno, 1, end_line, end_col, kept)


def _comments(source: str) -> list[str] | None:
    """The comments in `source` (whole lines of code), in order; None when it does not tokenize."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    return [token.string for token in tokens if token.type == tokenize.COMMENT]


def _off_device(message: str, target: str, kind: str) -> str:
    """The message of a finding off the training step: the device is not named (the code does not
    run there in training), the reason is. Code for channels_first data does run on the device, for
    a user who chooses that layout: the device stays named; so does it for code nothing in the
    project calls (it may be called from outside), and for code a caller places on the CPU or not
    at run time."""
    if sometimes_on_device(kind):
        return f"{message} [{describe(kind)}]"
    message = re.sub(rf"\s+on {re.escape(target)}\b(\s+\(an? [A-Z]+\))?", "", message)
    return f"{message} [{describe(kind)}: not in the device's training step]"


def visitors_for(rules: Sequence[type["Rule"]]) -> list[type[SourceVisitor]]:
    """The source visitor classes of `rules` (rules without a source detector are skipped)."""
    found = []
    for rule in rules:
        visitor = rule.Source
        if visitor is not None:
            visitor.rule_class = rule
            found.append(visitor)
    return found


def run_visitors(file: FileContext, visitor_classes: Sequence[type[SourceVisitor]]) -> list[Finding]:
    """Walk the file once, dispatching each node to every visitor that has a method for it (a call
    only to the visitors whose `calls` want it).

    The parent map is complete before any visitor runs, so a visitor can ask about any node's
    context (its scope, its statement, the bindings of a name inside it).
    """
    visitors = _made(file, visitor_classes)
    enter: dict[type, list] = {}
    for visitor in visitors:
        for method, node_type in _handlers(type(visitor)):
            enter.setdefault(node_type, []).append(getattr(visitor, method))
    visited = _visited(file, frozenset(enter))
    if ast.Call in enter:  # made after the walk: `held` reads the names the whole file assigns
        enter[ast.Call] = [_CallDispatch(file, visitors)]
    for node in visited:  # in the walk's order, once the bookkeeping is complete
        for handler in enter[type(node)]:
            handler(node)
    export_symbols(file)
    export_steps(file)
    _summarized(file, visitors)
    return file.findings


def _made(file: FileContext, visitor_classes: Sequence[type[SourceVisitor]]) -> list[SourceVisitor]:
    """The visitors, each made with its module as the project's asking group (`ProjectView.group`)."""
    project, visitors = file.project, []
    try:
        for cls in visitor_classes:
            project.group = cls.__module__
            visitors.append(cls(file))
    finally:
        project.group = None
    return visitors


def _summarized(file: FileContext, visitors: Sequence[SourceVisitor]) -> None:
    """Every visitor's `summarize()`, then every visitor's `end()`, each with its module as the project's
    asking group (`ProjectView.group`)."""
    project = file.project
    try:
        for visitor in visitors:
            project.group = type(visitor).__module__
            visitor.summarize()
        for visitor in visitors:
            project.group = type(visitor).__module__
            visitor.end()
    finally:
        project.group = None


def rerun_visitors(file: FileContext, visitor_classes: Sequence[type[SourceVisitor]]) -> None:
    """Run `visitor_classes` alone again over a file linted before (the nodes its walk found for all
    the visitors then, `FileContext.walk`), without the symbols' export: the part of a lint that
    answers of their `private_facts` change (`linter._reported_again`)."""
    visitors = _made(file, visitor_classes)
    enter: dict[type, list] = {}
    for visitor in visitors:
        for method, node_type in _handlers(type(visitor)):
            enter.setdefault(node_type, []).append(getattr(visitor, method))
    if ast.Call in enter:
        enter[ast.Call] = [_CallDispatch(file, visitors)]
    for node in file.walk.visited:
        handlers = enter.get(type(node))
        if handlers is not None:
            for handler in handlers:
                handler(node)
    _summarized(file, visitors)


def private_groups(visitor_classes: Sequence[type[SourceVisitor]]) -> tuple[dict[str, str], dict[str, tuple]]:
    """(fact kind -> the module whose visitors declare it private (`SourceVisitor.private_facts`; a kind
    two modules declare is nobody's), module -> its visitors among `visitor_classes`): the visitors that
    run again when only answers of that kind, or that only that module asked, change."""
    found: dict[str, str] = {}
    clashes = set()
    for cls in visitor_classes:
        for kind in cls.private_facts:
            if found.setdefault(kind, cls.__module__) != cls.__module__:
                clashes.add(kind)
    groups: dict[str, tuple] = {}
    for cls in visitor_classes:
        groups[cls.__module__] = (*groups.get(cls.__module__, ()), cls)
    return {kind: module for kind, module in found.items() if kind not in clashes}, groups


def _visited(file: FileContext, kinds: frozenset[type]) -> list[ast.AST]:
    """The nodes of `kinds` in walk order, the file's indexes built: by its walk, or an earlier
    one of the same tree (a file linted again)."""
    walk = file.walk
    if walk.kinds is not None and walk.kinds != kinds:  # other visitors: walked for others' nodes
        file.adopt(walk := Walk(file.tree, walk.owner))
    if walk.kinds is None:
        walk.visited = _walk(file, kinds)
        walk.kinds = kinds
    return walk.visited


class _CallDispatch:
    """Hands each call to the `visit_Call` of the visitors that want it (`SourceVisitor.calls`), in
    the visitors' order. What decides is the call's name, the attribute it calls if a visitor asks
    for it, and whether it calls the project's code if a visitor asks: the handlers for each such
    key are found once per file."""

    def __init__(self, file: FileContext, visitors: Sequence[SourceVisitor]):
        self.names = file.call_names
        self.callee = file.callee
        self.wanted = [(v.visit_Call, type(v).calls) for v in visitors if hasattr(v, "visit_Call")]
        declared = [calls for _, calls in self.wanted if calls is not None]
        self.methods = frozenset().union(*(calls.methods for calls in declared))
        self.project = any(calls.project for calls in declared)
        self.stored = file.stored_names if any(calls.held for calls in declared) else None
        self.handlers: dict[tuple, tuple] = {}
        # which visitors a key wants depends on their classes alone: found once per run for every file
        # linted with the same visitors (most keys are a framework call's name, the same in every file)
        self.wants = _WANTS.setdefault(tuple(calls for _, calls in self.wanted), {})

    def __call__(self, node: ast.Call) -> None:
        func = node.func
        kind = type(func)
        method = func.attr if kind is ast.Attribute and func.attr in self.methods else None
        key = (self.names[node], method, self.project and self.callee(node) is not None,
               self.stored is not None and _held(func, kind, self.stored))
        handlers = self.handlers.get(key)
        if handlers is None:
            chosen = self.wants.get(key)
            if chosen is None:
                chosen = self.wants[key] = tuple(i for i, (_, calls) in enumerate(self.wanted)
                                                 if calls is None or calls.wants(*key))
            handlers = self.handlers[key] = tuple(self.wanted[i][0] for i in chosen)
        for handler in handlers:
            handler(node)


# (Calls of each visitor, in order) -> dispatch key -> the positions of the visitors that want it
_WANTS: dict[tuple, dict[tuple, tuple[int, ...]]] = {}


def _held(func: ast.expr, kind: type, stored: set[str]) -> bool:
    """The call calls a value the code holds (`Calls.held`): a call's result, a name the file
    assigns, an attribute of `self`, an item of a container by a literal key (`self.blocks["pad"]`)."""
    return (kind is ast.Call or kind is ast.Name and func.id in stored
            or kind is ast.Attribute and type(func.value) is ast.Name and func.value.id == "self"
            or kind is ast.Subscript and type(func.slice) is ast.Constant)


# TensorFlow's decoders of a serialized record (an Example, a proto, raw bytes, a serialized tensor, a CSV line)
# what builds a training step in a class's own code (`FileContext._on_own_step`)
_TRAINING_CALLS = frozenset({"minimize", "apply_gradients"})
_TAPES = frozenset({"tensorflow.GradientTape"})


def _own_step_methods(file: FileContext, owner: ast.ClassDef) -> frozenset[ast.AST]:
    """The methods of `owner` whose code builds a training step, and those they call on `self`, transitively."""
    methods = {stmt.name: stmt for stmt in owner.body if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef)}
    called: dict[ast.AST, set[str]] = {}
    todo = []
    for method in methods.values():
        calls = [node for node in walk_nodes(method) if type(node) is ast.Call]
        called[method] = {call.func.attr for call in calls if type(call.func) is ast.Attribute and
                          type(call.func.value) is ast.Name and call.func.value.id == "self"}
        if any(type(call.func) is ast.Attribute and call.func.attr in _TRAINING_CALLS or
               file.call_name(call) in _TAPES for call in calls):
            todo.append(method)
    found = set(todo)
    while todo:
        for name in called[todo.pop()]:
            method = methods.get(name)
            if method is not None and method not in found:
                found.add(method)
                todo.append(method)
    return frozenset(found)


_RECORD_DECODERS = frozenset({"parse_single_example", "parse_example", "parse_single_sequence_example",
                              "parse_sequence_example", "decode_proto", "decode_raw", "parse_tensor", "decode_csv",
                              "decode_json_example"})


def _piped_function(call: ast.Call, value: ast.AST) -> bool:
    """Whether `value` is the function argument of a tf.data transformation `call` makes (`ds.map(fn)`)."""
    transform = HOST_TRANSFORMS.get(call.func.attr) if type(call.func) is ast.Attribute else None
    return transform is not None and argument(call, transform[1], transform[0]) is value


def _walk(file: FileContext, kinds: Collection[type]) -> list[ast.AST]:
    """One pre-order pass over the tree (children in source order): the parent map, the file's
    indexes (calls, imports, scopes' qualified names, names read...), and the nodes of `kinds` (those
    some visitor has a method for), in order."""
    parents, imports, name_loads = file.parents, file.imports, file.name_loads
    qualnames, calls, references, stored = file.qualnames, file.calls, file.references, file.stored_names
    import_statements = file.walk.import_statements
    parents[file.tree] = None
    visited: list[ast.AST] = []
    stack: list[ast.AST] = [file.tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    AST, Name, Load, Call = ast.AST, ast.Name, ast.Load, ast.Call
    fields_of, indexed = _FIELDS, _INDEXED
    while stack:
        node = pop()
        kind = type(node)
        if kind is Name:
            if type(node.ctx) is Load:
                name_loads.setdefault(node.id, []).append(node)
            else:
                stored.add(node.id)
            if kind in kinds:
                visited.append(node)
            continue  # a Name has no child worth a visit
        if kind in kinds:
            visited.append(node)
        if kind in indexed:
            if kind is Call:
                calls.append(node)
            elif kind in _REFERENCES:
                references.append(node)
            elif kind in _NAMED_SCOPES:
                qualnames[node] = _qualname(file, node)  # its ancestors are named already (pre-order)
            elif kind is ast.Global:
                file.globals.append(node)
            else:
                imports.add(node)
                import_statements.append(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = _child_fields(node)
        for name, is_list in fields:  # the last field first: the stack pops children in source order
            value = getattr(node, name, None)
            if is_list:
                if value:
                    if is_list is _MAYBE_NONE:  # `{**a}` has a None key; kw_defaults may hold None
                        value = [child for child in value if child is not None]
                    for child in value:
                        parents[child] = node
                    extend(value[::-1])
            elif isinstance(value, AST):
                parents[value] = node
                push(value)
    return visited


def _class_annotation(annotation: ast.expr | None) -> ast.expr | None:
    """The name or dotted name an annotation gives, with an `Optional[...]` or `... | None` taken off, when its
    last part is capitalised (a class by convention); None for any other annotation (a string, a union, a generic)."""
    annotation = without_optional(annotation)
    if type(annotation) is ast.Name:
        last = annotation.id
    elif type(annotation) is ast.Attribute:
        last = annotation.attr
    else:
        return None
    return annotation if last[:1].isupper() and last not in _NOT_CLASSES else None


_NOT_CLASSES = frozenset({"Any", "Optional", "Callable", "Type", "Tensor", "Variable"})


def _none_or_made(file: "FileContext", value: ast.expr | None, made: str) -> bool:
    """An assignment that does not contradict an annotated attribute's class: anything but a construction of
    another class of the project (a helper's result, a parameter: what the annotation says they hold)."""
    if type(value) is not ast.Call:
        return True
    other = file.def_of(value.func)
    return other is None or other == made or not other.rpartition(".")[2][:1].isupper()


_REFERENCES = {ast.Return, ast.Dict, ast.Assign}  # where a function may be handed on (symbols.py)


_NAMED_SCOPES = {ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda}
_INDEXED = frozenset({ast.Call, ast.Global, ast.Import, ast.ImportFrom, *_REFERENCES, *_NAMED_SCOPES})  # (see _walk)
_MAYBE_NONE = "maybe None"  # a list field that may hold None (`_NONE_IN_LISTS`)
_NONE_IN_LISTS = {(ast.Dict, "keys"), (ast.arguments, "kw_defaults")}


def _qualname(file: FileContext, node: ast.AST) -> str:
    outer = file.qualname(node)
    if isinstance(node, ast.Lambda):
        return f"{outer}.<lambda@{node.lineno}:{node.col_offset}>"
    return f"{outer}.{node.name}"


_HANDLERS: dict[type, list[tuple[str, type]]] = {}
_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}
_LEAF_FIELDS = {"ctx", "op", "ops"}  # Load/Store/Add... singletons: never interesting, never parents
# fields that hold lists of strings, not nodes (every other list field holds nodes, or None)
_STRING_LISTS = {(ast.Global, "names"), (ast.Nonlocal, "names"), (ast.MatchClass, "kwd_attrs")}
# fields that never hold a node (names, numbers, strings), in any node type; and Constant's value
_SCALARS = {"id", "name", "attr", "arg", "asname", "module", "level", "kind", "type_comment", "conversion",
            "is_async", "tag", "rest"}


def _child_fields(node: ast.AST) -> tuple[tuple[str, Any], ...]:
    """(field, holds a list: True, or `_MAYBE_NONE` for a list that may hold None) of a node's type
    that may hold nodes, last field first, without the leaf fields. A field is a list for every node
    of a type or for none (`args` is a list in Call, a node in FunctionDef), so the first node of a
    type decides."""
    kind = type(node)
    fields = [(f, (_MAYBE_NONE if (kind, f) in _NONE_IN_LISTS else True) if type(getattr(node, f, None)) is list
               else False) for f in kind._fields
              if f not in _LEAF_FIELDS and f not in _SCALARS and (kind, f) not in _STRING_LISTS
              and not (kind is ast.Constant and f == "value")]
    _FIELDS[kind] = tuple(reversed(fields))
    return _FIELDS[kind]


def _handlers(cls: type[SourceVisitor]) -> list[tuple[str, type]]:
    """(method name, ast node type) of a visitor's `visit_<Node>` methods (cached per class)."""
    if cls not in _HANDLERS:
        found = []
        for attr in dir(cls):
            if attr.startswith("visit_"):
                node_type = getattr(ast, attr[len("visit_"):], None)
                if isinstance(node_type, type) and issubclass(node_type, ast.AST):
                    found.append((attr, node_type))
        _HANDLERS[cls] = found
    return _HANDLERS[cls]


def _parameter(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> tuple[Any, int | None] | None:
    """(its literal default or NOT_LITERAL, its index among the positional parameters callers pass)
    of a parameter the function never assigns; None for any other name."""
    args = function.args
    positional = args.posonlyargs + args.args
    if positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    defaults = parameter_defaults(function)
    names = [a.arg for a in positional]
    if name not in names and name not in [a.arg for a in args.kwonlyargs]:
        return None
    if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(function)):
        return None  # assigned in the function: the branch may not test what the callers passed
    default = literal(defaults[name]) if name in defaults else NOT_LITERAL
    return default, names.index(name) if name in names else None
