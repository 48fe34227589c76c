"""Whether a `Dataset.map` function holds state, as its source states it (TFP404).

tf.data runs a map without `num_parallel_calls` in parallel itself (grappler's map_parallelization,
on by default since TensorFlow 2.7: `tfperf.tf_releases`) only when its function is stateless: an op
with state (random numbers drawn from a hidden seed, a Python callback, a variable update, a print)
keeps it on one core, as `benchmarks/tfdata_defaults.py` measures. This module reads the function as
written: a lambda, a function or method of this file, and the functions of this file it calls.

`map_state` answers STATELESS when every call in it is a framework op without state, a Python
builtin, a method that only reads or restates a value, or such a function of this file; STATEFUL
with the call that holds state; PYTHON with a Python callback declared stateless (`tf.py_func(...,
stateful=False)` builds PyFuncStateless, which tf.data may run in parallel, but its Python body holds
the GIL); UNSEEN with what the source does not show (a function of another module, a held object's
call, another library's op). A call in a branch the training step does not trace (the else of `if
is_training:`) does not count: Python's `if` runs when the map function is traced."""

from __future__ import annotations

import ast
import builtins
import re

from tfperf.rules.input_pipeline.map_work import made_by_the_file, map_function
from tfperf.source.arguments import argument, parameter_names
from tfperf.source.context import branch_context, tokens
from tfperf.source.symbols import WRAPPERS
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import FileContext

STATELESS, STATEFUL, PYTHON, UNSEEN = "stateless", "stateful", "python", "unseen"
# summary fact: a module-level function of the project that holds state or runs Python (`def parse_a_line(line):
# ... tf.py_func(...)`) -> (STATEFUL or PYTHON, what): a map of another module that runs it is judged by it
MAP_STATE = "mapstate"
# the text of a function `export_map_states` reads: the state a map function most often holds, a random draw (also an
# augmentation's) or a Python callback; a print, a summary or a variable update in another module's map function is
# left unseen (reading every function that names one costs a tenth of a cold lint of the Model Garden)
_MAY_HOLD_STATE = re.compile(r"random|Random|Gaussian|dropout|Dropout|py_func|py_function|numpy_function|distort")
_NOT_TRAINING = ("eval", "inference")  # branch kinds the training pipeline's trace does not take

# framework ops with state: random numbers from a hidden seed, Python callbacks, prints, variables
STATEFUL_PREFIXES = (
    "tensorflow.random.", "tensorflow.compat.v1.random.", "tensorflow.random_", "tensorflow.compat.v1.random_",
    "tensorflow.image.random_", "tensorflow.compat.v1.image.random_", "tensorflow.image.sample_distorted_bounding_box",
    "tensorflow.compat.v1.image.sample_distorted_bounding_box", "tensorflow.nn.dropout", "tensorflow.compat.v1.nn.dropout",
    "tensorflow.summary.", "tensorflow.compat.v1.summary.", "tensorflow.io.write_file", "tensorflow.compat.v1.assign",
    "tensorflow.compat.v1.get_variable", "keras.layers.Random", "keras.layers.Gaussian", "keras.layers.Dropout",
    "keras.random.",
)
STATEFUL_NAMES = frozenset({
    "tensorflow.Variable", "tensorflow.print", "tensorflow.Print", "tensorflow.compat.v1.Print",
    "tensorflow.compat.v1.print", "tensorflow.py_function", "tensorflow.compat.v1.py_function",
    "tensorflow.numpy_function", "tensorflow.compat.v1.numpy_function", "tensorflow.py_func",
    "tensorflow.compat.v1.py_func",
})
# ops whose `stateful=False` makes them stateless (a numpy callback declared free of side effects)
_DECLARABLE = frozenset({"tensorflow.numpy_function", "tensorflow.compat.v1.numpy_function",
                         "tensorflow.py_func", "tensorflow.compat.v1.py_func"})
# names under a stateful prefix that are not ops with state (seeded per call, or set at trace time)
_STATELESS_WORDS = ("stateless", "set_seed", "index_shuffle", "create_rng_state")
_FRAMEWORKS = ("tensorflow.", "keras.")
# modules whose calls in a map function run once, when TensorFlow traces it: constants in the graph
_TRACE_TIME = ("numpy.", "math.", "random.", "functools.", "collections.", "os.path.", "typing.")
# Python's builtins (exceptions too): they run when TensorFlow traces the function
_PYTHON = frozenset(dir(builtins))
# methods of tensors and Python containers that read or restate a value
_VALUE_METHODS = frozenset({
    "items", "keys", "values", "get", "set_shape", "get_shape", "as_list", "copy", "update", "format", "pop",
    "append", "extend", "join", "split", "strip", "lower", "upper", "replace", "startswith", "endswith",
    "setdefault", "numpy", "with_rank", "is_compatible_with", "merge_with", "as_dtype",
})
_UPDATES = frozenset({"assign", "assign_add", "assign_sub", "scatter_update", "scatter_add", "scatter_nd_update"})


def map_state(file: FileContext, node: ast.AST | None, depth: int = 0) -> tuple[str, str]:
    """(STATELESS / STATEFUL / UNSEEN, the stateful call or what the source does not show) for a
    map's function argument: a function the file defines (also one a factory of the file returns,
    `.map(make_fn(weights))`), an instance of a class of the file (its `__call__`), a framework
    function, or a parameter, judged by what the file's own callers give it. Memoised per file: TFP404
    asks several times per map."""
    memo = file.shared.setdefault("map-state", {})
    key = (id(node), depth)
    if key not in memo:
        memo[key] = _state(file, node, depth)
    return memo[key]


def export_map_states(file: FileContext) -> None:
    """Export MAP_STATE for the module-level functions of the file that hold state or run Python, as a map of this
    file would read them (only those whose text names such an op are read)."""
    if not file.module or not _MAY_HOLD_STATE.search(file.text):
        return
    starts, size = file.line_starts, len(file.text)
    for stmt in file.tree.body:
        if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef) and (stmt.args.args or stmt.args.vararg) and \
                _MAY_HOLD_STATE.search(file.text, starts[stmt.lineno - 1],  # (its lines; a map passes it an element)
                                       starts[stmt.end_lineno] if stmt.end_lineno < len(starts) else size):
            state, what = _named_state(file, stmt)
            if state in (STATEFUL, PYTHON):
                file.project.export(MAP_STATE, f"{file.module}.{stmt.name}", (state, what))


def _named_state(file: FileContext, function: ast.AST) -> tuple[str, str]:
    """STATEFUL or PYTHON, as `_Reader.function` finds them, read off only the calls whose text names such an op
    (`_MAY_HOLD_STATE`); else UNSEEN. Cheap enough to ask of every function a map may run."""
    reader, python = _Reader(file), None
    for node in walk_nodes(function):
        if type(node) is ast.Call and _MAY_HOLD_STATE.search(file.segment(node.func)) and \
                not reader._not_traced_in_training(node, function):
            state, what = reader.call(node, 0)
            if state == STATEFUL:
                return state, what
            python = python or ((state, what) if state == PYTHON else None)
    return python or (UNSEEN, "")


def _state(file: FileContext, node: ast.AST | None, depth: int) -> tuple[str, str]:
    name = file.qualified(node) if isinstance(node, (ast.Name, ast.Attribute)) else None
    if name is not None:  # a framework function itself (`.map(tf.io.parse_tensor)`)
        return _Reader(file).named(node, name)
    if isinstance(node, ast.Call) and node.args and file.qualified(node.func) in WRAPPERS:
        return map_state(file, node.args[0], depth)  # `functools.partial(f, ...)`: f's body
    alternatives = _alternatives(file, node)
    if len(alternatives) > 1 and depth < 2:
        return _worst([map_state(file, value, depth + 1) for value in alternatives])
    function = map_function(file, node) or made_by_the_file(file, node)
    if function is not None:
        return _Reader(file).function(function, depth=0)
    if depth < 2 and isinstance(node, ast.Name):
        given = _given_by_callers(file, node)
        if given:
            return _worst([map_state(file, value, depth + 1) for value in given])
    shown = file.segment(node) if node is not None else ""
    if _augmentation_named(node):
        return STATEFUL, f"{shown}, a data augmentation by its name, which draws random numbers"
    return UNSEEN, f"its function {shown} is not defined in this file"


# words of the name of a function the source does not show that say it is a random data augmentation
# (`augmenter`, `augment_fn`, `RandAugment`, `distort_image`): augmentations draw new random numbers each call
_AUGMENTATION_WORDS = frozenset({"augment", "augmenter", "augmenters", "augmentor", "augmentation", "augmentations",
                                 "aug", "distort", "jitter"})


def _augmentation_named(node: ast.AST | None) -> bool:
    """A function named (a parameter, a held object, another module's function) for a random data augmentation:
    `.map(augmenter)`, `.map(self.augment_fn)`."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return bool(_AUGMENTATION_WORDS.intersection(tokens(name)))


def _alternatives(file: FileContext, node: ast.AST | None) -> list[ast.AST | None]:
    """What a local variable may hold where the map reads it: each binding that may reach it (`fn =
    partial(preprocess, ...)` in one branch, `fn = parse` in the other; None for one not shown)."""
    if not (isinstance(node, ast.Name) and node.id in file.stored_names):
        return []
    return [bound.value for bound in file.reaching_bindings(node)]


def _given_by_callers(file: FileContext, name: ast.Name) -> list[ast.AST]:
    """What this file's calls of the enclosing function pass for the parameter `name` holds
    (`parse_files_to_dataset(parser=parser, ...)`); [] when it is no parameter or no call passes it."""
    bound = file.binding(name)
    if bound is None or bound.stmt is not None:
        return []
    function = next((f for f in _enclosing_defs(file, name) if name.id in parameter_names(f)), None)
    qualname = file.qualnames.get(function) if function is not None else None
    if qualname is None:
        return []
    position = [a.arg for a in function.args.posonlyargs + function.args.args].index(name.id) \
        if name.id in [a.arg for a in function.args.posonlyargs + function.args.args] else None
    given = []
    for call in file.calls:
        if file.callee(call) == qualname:
            value = argument(call, position, name.id)
            if value is not None:
                given.append(value)
    return given


def _enclosing_defs(file: FileContext, node: ast.AST):
    parent = file.parent(node)
    while parent is not None:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield parent
        parent = file.parent(parent)


def _worst(states: list[tuple[str, str]]) -> tuple[str, str]:
    """Stateful if one given function is, stateless if all are, else a Python callback, else not shown."""
    for wanted in (STATEFUL, PYTHON, UNSEEN):
        found = next((s for s in states if s[0] == wanted), None)
        if found is not None:
            return found
    return STATELESS, ""


class _Reader:
    def __init__(self, file: FileContext):
        self.file = file
        self._seen: set[int] = set()

    def function(self, function: ast.AST, depth: int) -> tuple[str, str]:
        self._seen.add(id(function))
        found: dict[str, str] = {}
        nodes = walk_nodes(function)  # (read twice: once for the calls, once in order)
        called = {id(node.func) for node in nodes if isinstance(node, ast.Call)}
        for node in nodes:
            if isinstance(node, ast.Call):
                if self._not_traced_in_training(node, function):
                    continue
                state, what = self.call(node, depth)
            elif isinstance(node, (ast.Name, ast.Attribute)) and id(node) not in called:
                state, what = self.passed(node)  # `tf.nest.map_structure(tf.random.shuffle, batch)`
            else:
                continue
            if state == STATEFUL:
                return state, what
            found.setdefault(state, what)
        return next(((state, found[state]) for state in (PYTHON, UNSEEN) if state in found), (STATELESS, ""))

    def _not_traced_in_training(self, node: ast.AST, function: ast.AST) -> bool:
        """A call in a branch of the function that runs only off the training step (the else of `if
        is_training:`, an EVAL mode branch): the training pipeline's trace of the function skips it."""
        child = node
        for anc in self.file.ancestors(node):
            if anc is function:
                return False
            if isinstance(anc, ast.If) and branch_context(child, anc, self.file.flag_value) in _NOT_TRAINING:
                return True
            child = anc
        return False

    def passed(self, node: ast.AST) -> tuple[str, str]:
        """A framework function named without being called here: stateful if it is one with state."""
        name = self.file.qualified(node) if isinstance(node, ast.Attribute) or isinstance(node, ast.Name) and \
            node.id not in ("self", "cls") else None
        if name is None or not name.startswith(_FRAMEWORKS) or self.named(node, name, None)[0] != STATEFUL:
            return STATELESS, ""
        return STATEFUL, f"{self.file.segment(node)}, passed as a function"

    def call(self, call: ast.Call, depth: int) -> tuple[str, str]:
        file, func = self.file, call.func
        name = file.qualified(func)
        if name is not None:
            return self.named(func, name, call)
        if isinstance(func, ast.Attribute) and func.attr in _UPDATES:
            return STATEFUL, f"{file.segment(func)}() (a variable update)"
        local = file.def_of(func)
        if local is not None and local in file.defs:
            return self._local(file.defs[local], call, depth)
        if isinstance(func, ast.Name) and func.id in _PYTHON and func.id not in file.def_names:
            return STATELESS, ""
        if isinstance(func, ast.Attribute) and func.attr in _VALUE_METHODS:
            return STATELESS, ""
        state = self._held(func) if isinstance(func, ast.Name) else (UNSEEN, f"{file.segment(func)}() is not shown here")
        if state[0] == UNSEEN and _augmentation_named(func):
            return STATEFUL, f"{file.segment(func)}(), a data augmentation by its name, which draws random numbers"
        return state

    def named(self, func: ast.AST, name: str, call: ast.Call | None = None) -> tuple[str, str]:
        """A function the file names through its imports (`tf.random.uniform`), called by `call`."""
        shown = self.file.segment(func)
        if name in _DECLARABLE and call is not None and _literal_false(self.file, argument(call, 3, "stateful")):
            return PYTHON, f"{shown}(..., stateful=False)"
        if (name in STATEFUL_NAMES or name.startswith(STATEFUL_PREFIXES)) and \
                not any(word in name for word in _STATELESS_WORDS):
            return STATEFUL, f"{shown}()"
        if name.startswith(_FRAMEWORKS) or name.startswith(_TRACE_TIME):
            return STATELESS, ""
        if "random" in name.rsplit(".", 1)[-1] and "stateless" not in name:
            return STATEFUL, f"{shown}()"  # another library's random op (`tfa.image.random_cutout`)
        if _augmentation_named(func):  # another module's augmentation (`.map(augment.augment_image)`)
            return STATEFUL, f"{shown}{'()' if call is not None else ''}, a data augmentation by its name, which " \
                             "draws random numbers"
        held = self.file.project.first(MAP_STATE, name)  # (a function of another module of the project)
        if held is not None:
            return held[0], f"{held[1]} in {shown}{'()' if call is not None else ''} ({name.rpartition('.')[0]})"
        return UNSEEN, f"{shown}() is not shown here" if call is not None else \
            f"its function {shown} is not defined in this file"

    def _local(self, function: ast.AST, call: ast.Call, depth: int) -> tuple[str, str]:
        """A function of this file: read it too (a recursion or a depth past 3 is not shown)."""
        if id(function) in self._seen:
            return STATELESS, ""
        if depth >= 3 or isinstance(function, ast.ClassDef):
            return UNSEEN, f"{self.file.segment(call.func)}() is not followed"
        state, what = self.function(function, depth + 1)
        if state == STATEFUL and not what.startswith(self.file.segment(call.func)):
            what = f"{what} in {self.file.segment(call.func)}()"
        return state, what

    def _held(self, func: ast.Name) -> tuple[str, str]:
        """A call of a value the file binds (`flip = keras.layers.RandomFlip(); ... flip(x)`): judged by
        what built it."""
        bound = self.file.binding(func)
        value = bound.value if bound is not None else None
        if not isinstance(value, ast.Call):
            return UNSEEN, f"{func.id}() is not shown here"
        for node in ast.walk(value):
            name = self.file.qualified(node.func) if isinstance(node, ast.Call) else None
            if name and self.named(node.func, name, node)[0] == STATEFUL:
                return STATEFUL, f"{func.id}() ({self.file.segment(node.func)})"
        built = self.file.qualified(value.func)
        return (STATELESS, "") if built and built.startswith(_FRAMEWORKS) else (UNSEEN, f"{func.id}() is not shown here")


def _literal_false(file: FileContext, node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False
