"""The TFP4xx rules in source: tf.data pipelines followed as flows, within a function and across
functions and modules.

Within a function a pipeline is a chain of dataset methods, through a variable's assignments
(`ds = ...; if training: ds = ds.repeat(); ds = ds.batch(32)`: a later read after the `if` is still
the same pipeline), and through the transformation functions of the file that `.apply(fn)` runs
(their stages are the pipeline's, marked with the `.apply` call: `Link.via`). Its root is a `tf.data` source (also `tfds` and Keras' dataset utilities), a
call to a project function that returns a dataset (that function's summary says what its chain
holds: a prefetch, a repeat, a finite source), or a parameter or unknown value that dataset
methods are called on.

Where the value goes decides whether the pipeline ends here ("exits"):
- a sink: `model.fit/evaluate/predict`, a `tf.distribute` strategy, iteration (`for`, `iter`), an
  Estimator's `input_fn` return: the end, in this function;
- a return: the end is wherever the callers take it (their summaries say: continued, handed to a
  sink, returned on), or here when no project code calls the function (it leaves the project;
  tests, and the framework that may call a derived class's public method, are no such callers:
  `Pipelines._returned`);
- a project function's argument, an operand of `zip`/`concatenate`, a function given to
  `interleave`/`flat_map`, an attribute, an unknown call: the pipeline goes on elsewhere, so no
  end is judged here (work on it is still judged: a sequential map, a partial batch).

At an end: TFP401 when no prefetch is anywhere on the flow (reported at the last stage, where
`.prefetch()` goes; a bare source is no pipeline, but for a generator, whose Python the host runs
for every element), TFP402 when work follows the last prefetch and the flow does not end in a
prefetch (an intermediate prefetch before a final one is deliberate), TFP403 when a loop of the
user's iterates a pipeline without `prefetch_to_device` on an accelerator (`fit` and strategies
prefetch to their devices; an Estimator feeds them itself, and on an HPU is TFP502's), also when the pipeline is
handed, prefetched on the host, through up to MAX_HANDS project calls (methods of parameters annotated with a project
class included) to the loop that iterates it. A class's loop of training steps over the `self.<attr>` a pipeline is
stored in (`for batch in self.train_ds: self.train_step(batch)`, or `next(self._iterator)` of the `iter(dataset)` it
keeps) is that pipeline's end, iterated (`Pipelines.training_pull`), and a parameter so stored is iterated as it arrives
(ITERATED, with whether a loop of training steps pulls it). One finding per problem per pipeline.

Work on the flow: TFP404 for a map on one core, info where a comment right above it says it is
sequential on purpose (`# We don't parallelize here for thread safety`: the author's word); TFP405 for
a partial last batch, none where the next map merges each batch into one element (`map(combine_pairs)`,
reductions over axis 0: the batch is the host's grouping, not the device's); a re-batch (`unbatch()`
then `batch()`) of a dataset of unknown end counts as finite where the project repeats no dataset without end
outside its tests.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from tfperf.findings import Fix, Safety, Severity
from tfperf.rules.input_pipeline.map_state import (PYTHON, STATEFUL, STATEFUL_NAMES, STATEFUL_PREFIXES, STATELESS,
                                                   export_map_states, map_state)
from tfperf.rules.input_pipeline.map_work import (LIGHT, PLUMBING, SHAPE_SETTER, WORK, export_shape_setters,
                                                  made_by_the_file, map_function, map_work, returned_function)
from tfperf.rules.input_pipeline.options import map_parallelization_line, turned_off
from tfperf.source.arguments import parameter_defaults, parameter_names, positional_names
from tfperf.source.configs import parameter_annotation
from tfperf.source.context import (COUNT, HOST, OFF_STEP, PREDICTS, SINGLE, UNCALLED, name_context, placed_on_cpu, tokens,
                                   trains)
from tfperf.source import paths
from tfperf.source.literals import NOT_LITERAL
from tfperf.source.optin import opt_in, path_tests
from tfperf.source.passed import STATED, Parameter, hyperparameter_of, parameter_of
from tfperf.source.purpose import data_name_purpose
from tfperf.source.shapes import TF_REDUCTIONS, parameter_owner
from tfperf.source.spread import UNKNOWN_SPREAD, spread_argument
from tfperf.source.project import CALLED_BY, DEFINED, FRAMEWORK_CALLER, INPUT_GRADIENT, STEP_ROOT, private, reference
from tfperf.source.treewalk import walk_nodes
from tfperf.source.visitor import FileContext, SourceVisitor, argument, is_self_attribute
from tfperf.tf_releases import INJECT_PREFETCH_SINCE, MAP_AND_BATCH_FUSION_SINCE, MAP_PARALLELIZATION_SINCE

METHODS = {
    "apply", "batch", "bucket_by_sequence_length", "cache", "concatenate", "enumerate", "filter",
    "flat_map", "group_by_window", "ignore_errors", "interleave", "map", "map_with_legacy_function",
    "padded_batch", "prefetch", "ragged_batch", "rebatch", "rejection_resample", "repeat", "scan",
    "shard", "shuffle", "skip", "snapshot", "sparse_batch", "take", "take_while", "unbatch", "unique",
    "window", "with_options",
}
# methods only a tf.data.Dataset has: a chain with one of them is a dataset whatever its root
STRONG = {"prefetch", "padded_batch", "interleave", "flat_map", "shuffle", "with_options", "batch", "unbatch",
          "rebatch", "ragged_batch", "sparse_batch", "bucket_by_sequence_length", "snapshot", "cache",
          "ignore_errors", "take_while", "group_by_window", "rejection_resample"}
# stages that do no work on the elements: fine after a prefetch
NO_WORK = {"prefetch", "with_options", "repeat", "take", "skip", "cache", "shard", "apply"}
DEVICE_PREFETCH = {"tensorflow.data.experimental.prefetch_to_device", "tensorflow.data.experimental.copy_to_device"}
SOURCES = {"tensorflow.data.experimental.make_csv_dataset", "tensorflow.data.experimental.make_batched_features_dataset",
           "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
           "keras.utils.timeseries_dataset_from_array", "keras.utils.audio_dataset_from_directory",
           "keras.preprocessing.image_dataset_from_directory", "tensorflow_datasets.load"}
ONE_ELEMENT = {"tensorflow.data.Dataset.from_tensors"}
DISTRIBUTE = {"experimental_distribute_dataset", "distribute_datasets_from_function"}
FIT = {"fit": None, "fit_generator": None, "evaluate": "eval", "predict": "inference"}
PARALLEL_POSITION = {"map": 1, "interleave": 3}  # where num_parallel_calls sits positionally
DATASET_NAMES = ("dataset", "ds", "input_fn")

# summary facts: what a function returns, what its callers do with what it returns
RETURNS = "dsret"
# RETURNS of a method is also exported under this prefix and the method's bare name, for calls on objects whose class
# the source does not show (`spec.preprocess_ds(ds)`: `Pipelines._named_through`)
NAMED_METHOD = "*."
USES = "dsuse"
BASES = "dsbase"  # class -> the project classes it derives from (to find the methods an override replaces)
# function -> the context of a use as an Estimator's input_fn ("" training, "eval", "inference"): the
# Estimator takes the dataset it returns as it is, so the pipeline ends at its return
ESTIMATOR_INPUT = "dsinput"
# function -> ("self" for a transformation function, "made" for one returning it, a prefetch, ending in one, to a
# device): what `.apply(fn)` adds to a pipeline (`def finalize(dataset): return dataset.batch(n).prefetch(1)`)
TRANSFORM = "dsapply"
# function -> (position, keyword, state, context, caller) of each project call handing it a dataset: what arrives at
# a dataset parameter ("finite", "endless" or "unknown": not repeated after a finite source, repeated or an endless
# source, not known), from which kind of code (`FileContext.local_context`) and function
ARRIVES = "dsarg"
# generator function -> True when it ends (every yield of its own is outside any `while` loop and in `for` loops over
# no endless iterator); also exported under each method of the project's base classes it overrides, so that
# `from_generator(self.generator)` in an abstract base learns what its subclasses' generators do
GENERATOR_ENDS = "dsgen"
# summary fact: this module (not a test, benchmark or tool) repeats a dataset without end (value: where), so a
# dataset the project hands around may be endless
ENDLESS = "dsendless"
# summary facts of a function's dataset parameters (value: (position, name) first): ITERATED, a loop of the function
# iterates the parameter as it arrives (`for batch in dataset`, `enumerate(dataset)`; also a method of its class, through
# the `self.<attr>` it keeps it in; value third: whether a loop of training steps pulls it); HANDED_ON, the function hands
# it as it arrives to another project function (value: (position, name, callee, callee position, callee keyword)),
# a method of a parameter annotated with a project class included (`model: Net` ... `model.run_epoch(dataset)`)
ITERATED = "dsiter"
HANDED_ON = "dshand"
# project class -> (line, function) of each loop of training steps that iterates an instance of it (`data_set =
# SimulationDataset(...)` ... `for batch in enumerate(data_set)`): what the class's `__iter__` hands over is what the
# loop pulls
INSTANCE_ITERATED = "dsinstiter"
# "<class>.<attr>" -> (line, function) of a loop of training steps of the class's methods that pulls `self.<attr>`
# (`Pipelines.attribute_pulled`): for the classes of other modules that derive from it and store the pipeline
ATTR_PULLED = "dspulled"
# how many project calls a prefetched pipeline is followed through to the loop that iterates it (train ->
# train_loop -> model.run_one_epoch: two)
MAX_HANDS = 4
# where an Estimator (or its TrainSpec / EvalSpec) is given an input_fn: the context of that use
_INPUT_FN_USES = {"train": "", "TrainSpec": "", "evaluate": "eval", "EvalSpec": "eval", "predict": "inference"}


def is_source(name: str | None) -> bool:
    if not name:
        return False
    if name.startswith("tensorflow.data.Dataset.") or name in SOURCES:
        return True
    return name.startswith("tensorflow.data.") and name.rsplit(".", 1)[1].endswith("Dataset")


@dataclass
class Link:
    # a dataset method, or for the root "<source>" / "<call>" / "<param>" / "<unknown>", or "<element>":
    # a loop's variable over the list of datasets a project function returns (`for ds in make_all(): ...`)
    method: str
    call: ast.AST
    device: bool = False  # .apply(prefetch_to_device / copy_to_device)
    # a stage of a transformation function of the file that `.apply(...)` runs (`def finalize(dataset):
    # return dataset.batch(n).prefetch(1)`): that `.apply(...)` call, where the pipeline goes on
    via: ast.Call | None = None

    @property
    def work(self) -> bool:
        return self.method in METHODS and self.method not in NO_WORK and not self.device



@dataclass(frozen=True)
class Upstream:
    """What the pipeline holds before the chain in this function (from a helper's summary, or
    nothing known for a parameter)."""

    prefetch: bool = False  # a prefetch somewhere
    device: bool = False  # prefetch_to_device / copy_to_device
    ends_prefetched: bool = False  # its last stage is a prefetch
    repeated: bool = False  # endless (repeat() without a count)
    finite: bool | None = None  # a finite source (files, slices, a range), None when unknown
    known: bool = False  # the summary of a project function (else a parameter or an unknown value)
    batched: bool | None = None  # its elements are batches (None: not known)


@dataclass
class Pipeline:
    """One chain in one function: its links from the root to the value that leaves, and how it leaves."""

    links: list[Link]
    exit: str  # "sink", "return", "passed", "sub", "stored", "unknown", "dead", "discarded", "out", "iterator"
    node: ast.AST  # the value that leaves
    upstream: Upstream = Upstream()
    context: str | None = None  # the sink's own context (validation_data: eval)
    sink: str = ""  # "fit", "distribute", "iterate", "estimator"
    downstream: tuple = ()  # (kind, prefetch, device, work, context) of each caller, for a return
    # the loop of training steps that pulls it away from its chain ((line, function)): a method's loop over the
    # `self.<attr>` it is stored in, or the loop of the project function it is handed to (`Pipelines.pulled_by`)
    by: tuple | None = None
    evaluated: bool = False  # stored in `self.<attr>`, which only a loop off the training step pulls (`evaluate`)

    @property
    def leaves(self) -> bool:
        """It leaves the project's code: returned where no project code takes it, or unread."""
        return self.exit == "out" or self.exit == "return" and bool(self.downstream) and \
            all(d[0] == "out" for d in self.downstream)

    @property
    def root(self) -> Link:
        return self.links[0]

    @property
    def stages(self) -> list[Link]:
        return [link for link in self.links if link.method in METHODS]


@dataclass
class Pipelines:
    """The tf.data pipelines of one file, found once and shared by the TFP40x visitors."""

    file: FileContext
    _memo: dict = field(default_factory=dict)
    _exits: list[Pipeline] | None = None
    _calls: list[ast.Call] | None = None
    _holders: dict | None = None  # id of a stage's call -> the exits whose chains hold it (`stage_context`)
    _applying: set = field(default_factory=set)  # the transformation functions being read (`_applied`)
    _handing: set = field(default_factory=set)  # the calls whose argument's pipeline is being read (`_handed_back`)
    _pulls: dict = field(default_factory=dict)  # class -> attr -> (line, function) of a loop of training steps

    @classmethod
    def of(cls, file: FileContext) -> "Pipelines":
        if "pipelines" not in file.shared:
            file.shared["pipelines"] = cls(file)
        return file.shared["pipelines"]

    @property
    def calls(self) -> list[ast.Call]:
        """Candidate dataset calls, in walk order (known once the walk is done)."""
        if self._calls is None:
            self._calls = [c for c in self.file.calls if _candidate(self.file, c)]
        return self._calls

    # --- what is a dataset

    def is_dataset(self, expr: ast.AST) -> bool:
        key = id(expr)
        if key not in self._memo:
            self._memo[key] = False  # a cycle (ds = ds.map(...) in a loop) ends here
            names: list[str] = []
            links = self.chain(expr, names)
            root = links[0]
            self._memo[key] = not _self_of_other_class(self.file, root) and (
                _dataset_chain(links, names) or root.method == "<element>" or (
                    root.method == "<call>" and _dataset_named(self.file, root.call)))
        return self._memo[key]

    def chain(self, expr: ast.AST, names: list[str] | None = None) -> list[Link]:
        """Links from the root to `expr`, through method calls and a variable's assignments (whose
        names go to `names`)."""
        links: list[Link] = []
        seen = 0
        while seen < 500:
            seen += 1
            if isinstance(expr, ast.Name):
                if names is not None:
                    names.append(expr.id)
                bound = self.file.binding(expr)
                if bound is None or bound.value is None:
                    made, listed = _unpacked_source(self.file, bound), self._listing(bound)
                    wrapped = _unpacked_with_info(self.file, bound, expr.id) if made is None else None
                    if made is None and wrapped is None and listed is None:
                        listed = _unpacked_returned(self.file, bound)
                    links.append(Link("<source>", made) if made is not None else Link("<call>", wrapped)
                                 if wrapped is not None else Link("<element>", listed)
                                 if listed is not None else
                                 Link("<param>" if bound is not None and bound.stmt is None else "<unknown>", expr))
                    break
                expr = bound.value
            elif (store := self.attribute_store(expr)) is not None:
                if names is not None:
                    names.append(expr.attr)
                expr = store.value
            elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in METHODS \
                    and not is_source(self.file.qualified(expr.func)) and self.file.callee(expr) is None:
                # (`self.cache(ds, path)` calling a project method named like a dataset method is a call)
                applied = self._applied(expr) if expr.func.attr == "apply" else None
                if applied:
                    links.extend(reversed(applied))  # (the chain is built from its end)
                else:
                    links.append(Link(expr.func.attr, expr, self._device_apply(expr)))
                expr = expr.func.value
            else:
                kind = "<unknown>"
                split = _split_of_source(self.file, expr)
                if split is not None:
                    links.append(Link("<source>", split))
                    break
                if isinstance(expr, ast.Call):
                    name = self.file.qualified(expr.func)
                    kind = "<source>" if is_source(name) or _tfds(name, expr) else \
                        "<call>" if _root_callee(self.file, expr) or self._named_through(expr) else "<unknown>"
                links.append(Link(kind, expr))
                break
        links.reverse()
        return links

    def _named_through(self, call: ast.Call) -> bool:
        """`spec.preprocess_ds(ds, training)` on an object whose class the source does not show (a parameter, what
        another object hands back): where every method of that name the project defines that returns a dataset
        hands back the dataset it is given (RETURNS under `*.<name>`: every return a chain on the same parameter,
        `_passed_through`), and the call gives that argument, the call is read as that hand-back (`_handed_back`:
        the argument's pipeline, finite or endless as it is here, through the methods' stages). Noted for
        `_root_callee` (`named_calls`); False otherwise."""
        func = call.func
        if type(func) is not ast.Attribute or func.attr in METHODS or self.file.callee(call) is not None:
            return False
        key = NAMED_METHOD + func.attr
        facts = self.file.project.query(RETURNS, key)
        through = {f[7] for f in facts}
        if len(through) != 1 or None in through:
            return False
        position, name = next(iter(through))
        given = argument(call, position, name)
        if given is None or isinstance(given, ast.Starred):
            return False
        self.file.shared.setdefault("named_calls", {})[id(call)] = key
        return True

    def _applied(self, call: ast.Call) -> list[Link] | None:
        """The stages a transformation function of the file adds where `.apply(fn)` runs it: a function
        of the file (`def finalize(dataset): return dataset.batch(n).prefetch(1)`), a lambda, or what a
        factory of the file returns (`.apply(batch_dataset(n))` returning `lambda dataset:
        dataset.padded_batch(n)`), whose one return is a chain of dataset methods on its parameter.
        None when the source does not show one (a framework transformation, another module's)."""
        given = call.args[0] if len(call.args) == 1 and not call.keywords else None
        function = _transformation(self.file, given)
        if function is None:
            return self._applied_elsewhere(call, given)
        inner = self._transformed(function)
        return [Link(link.method, link.call, link.device, link.via or call) for link in inner] if inner else None

    def _applied_elsewhere(self, call: ast.Call, given: ast.AST | None) -> list[Link] | None:
        """A transformation function of another module (TRANSFORM): its summary, as one stage at the
        `.apply()`, when it ends in a prefetch (the only fact of it the pipeline rules read here)."""
        if isinstance(given, ast.Call):
            name, kind = self.file.callee(given), "made"
        elif isinstance(given, (ast.Name, ast.Attribute)):
            name, kind = self.file.def_of(given), "self"
        else:
            return None
        facts = [f for f in self.file.project.query(TRANSFORM, name) if f[0] == kind] if name else []
        if facts and all(f[2] for f in facts):
            return [Link("prefetch", call, all(f[3] for f in facts), call)]
        return None

    def _transformed(self, function: ast.AST) -> list[Link] | None:
        """The stages a transformation function adds to the dataset it is given: the chain of its one
        return on its first parameter (None for any other function)."""
        if id(function) in self._applying:
            return None
        if isinstance(function, ast.Lambda):
            returned = function.body
        else:
            returns = self.file.returns_of(function)
            returned = returns[0].value if len(returns) == 1 else None
        parameters = positional_names(function)
        if returned is None or not parameters:
            return None
        self._applying.add(id(function))
        try:
            inner = self.chain(returned)
        finally:
            self._applying.discard(id(function))
        root = inner[0]
        if root.method != "<param>" or not isinstance(root.call, ast.Name) or root.call.id != parameters[0] or \
                len(inner) < 2:
            return None
        return inner[1:]

    def _export_transformations(self) -> None:
        """TRANSFORM for the file's transformation functions ("self") and the functions returning one
        ("made"): (kind, a prefetch, ending in one, to a device), for `.apply()` in other modules."""
        if "return" not in self.file.text:
            return
        for node, name in self.file.qualnames.items():
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for kind, function in (("self", node), ("made", returned_function(self.file, node))):
                stages = self._transformed(function) if function is not None else None
                if stages:
                    self.file.project.export(TRANSFORM, name, (kind, _has_prefetch(stages), _ends_prefetched(stages),
                                                               any(s.device for s in stages)))

    def _device_apply(self, call: ast.Call) -> bool:
        if call.func.attr != "apply" or not call.args or not isinstance(call.args[0], ast.Call):
            return False
        return self.file.qualified(call.args[0].func) in DEVICE_PREFETCH

    def attribute_store(self, read: ast.AST) -> ast.Assign | None:
        """For a read of `self.<attr>`, the assignment `self.<attr> = value` it reads: the last one
        before it in straight-line code of the same function (its block, or the blocks around it),
        with no statement in between that may change the attribute (another store of it, a call of a
        method of `self`). None otherwise."""
        if not (is_self_attribute(read) and isinstance(read.ctx, ast.Load)):
            return None
        stmt = self.file.statement_of(read)
        while stmt is not None and not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            where = self.file.block_of(stmt)
            if where is None:
                return None
            block, index = where
            for before in reversed(block[:index]):
                if isinstance(before, ast.Assign) and len(before.targets) == 1 and \
                        _same_attribute(before.targets[0], read):
                    return before
                if _may_change(before, read.attr):
                    return None
            stmt = self.file.parent(stmt)
            if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
                return None  # the loop's own statements may have stored it in the previous iteration
        return self._constructor_store(read, stmt)

    def _constructor_store(self, read: ast.Attribute, function: ast.AST | None) -> ast.Assign | None:
        """The one store of `self.<attr>` of the read's class when it is in another method of the class and no
        other method stores it (`self._ds = tf.data.Dataset.from_tensor_slices(x)` in `__init__`, or ernie's
        `self._training_features = get_features(...)` in `load_dataset`, set 48; `self._ds.batch(b)` in `train`):
        whenever another method reads it, the instance holds that value. Not from the storing method itself (its
        own straight-line code decides), nor for a class a subclass of which may store it too."""
        if not isinstance(function, ast.FunctionDef):
            return None
        owner = self.file.enclosing_class(function)
        if owner is None or self.file.parent(function) is not owner:
            return None
        stores = self.file.self_assignments(owner, read.attr)
        if len(stores) != 1 or len(stores[0].targets) != 1:
            return None
        method = self.file.scope_of(stores[0])
        if not isinstance(method, ast.FunctionDef) or method is function or self.file.parent(method) is not owner:
            return None
        if _subclasses(self.file, owner):
            return None  # (a subclass of the file may store it in its own methods)
        return stores[0]

    def attribute_read_on(self, store: ast.Assign) -> bool:
        """Whether a later statement of the same block reads the value `self.<attr> = value` stores
        (`self.ds = self.ds.prefetch(n)` then `self.ds = self.ds.batch(n)`): the pipeline goes on there. A read
        that only counts its elements (`self.num_batches = len(self.data)`) takes nothing from it: the stored
        pipeline is what the class's other methods use (`__iter__`)."""
        where = self.file.block_of(store)
        if where is None:
            return False
        block, index = where
        target = store.targets[0]
        for after in block[index + 1:]:
            for node in ast.walk(after):
                if _same_attribute(node, target) and isinstance(node.ctx, ast.Load) and not _counted(self.file, node) \
                        and not _described(self.file, node):
                    return self.attribute_store(node) is store
            if _may_change(after, target.attr):
                return False
        return False

    def _listing(self, bound) -> ast.Call | None:
        """For a `for` loop's variable, the call of a project function returning a list of datasets
        that the loop iterates (`for ds in make_all(): ...`, or through a variable)."""
        loop = bound.stmt if bound is not None else None
        if not isinstance(loop, (ast.For, ast.AsyncFor)) or not isinstance(loop.target, ast.Name):
            return None
        made = self.file.value_of(loop.iter)
        return made if isinstance(made, ast.Call) and _datasets_listed(self.file, made) else None

    def upstream(self, root: Link) -> Upstream:
        if root.method == "<source>":
            finite = _finite_source(self.file, root.call)
            if finite is None and _generator(self.file, root):
                finite = self._generator_ends(root.call)
            return Upstream(finite=finite, known=True, batched=_batching_source(self.file, root.call))
        if root.method in ("<call>", "<element>"):
            facts = [f for f in self.file.project.query(RETURNS, _root_callee(self.file, root.call))
                     if f[6] == (root.method == "<element>")]
            if facts:  # one per return statement of the function: any path may be the one taken
                batched = {f[5] for f in facts}
                summary = Upstream(prefetch=any(f[0] for f in facts), device=any(f[1] for f in facts),
                                   ends_prefetched=any(f[2] for f in facts), repeated=all(f[3] for f in facts),
                                   finite=True if any(f[4] for f in facts) else None, known=True,
                                   batched=batched.pop() if len(batched) == 1 else None)
                handed = self._handed_back(root.call, facts)  # (also of a tuple: `return dataset, spec`)
                return summary if handed is None else replace(summary, repeated=handed[0], finite=handed[1])
        return Upstream()

    def _generator_ends(self, call: ast.Call) -> bool | None:
        """True when the generator `from_generator` is given is a project generator function that ends (GENERATOR_ENDS:
        its yields are in no `while` loop and no endless `for`), and so does every override of it in the project's
        subclasses where it is a method (`from_generator(self.generator)` in an abstract base); False when none of
        them ends (`while True: yield noise`); None otherwise (a generator object, an iterator class, a loop the
        source does not show the end of)."""
        given = argument(call, 0, "generator")
        given = _lambda_callee(given)  # `lambda: self._walk(files)`
        if type(given) is ast.Name and len(bound := self.file.reaching_bindings(given)) > 1:
            # a generator picked on a path (`generator = self.forfit` / else `def generator(): ...`): it ends only
            # if each one that may reach the source does
            ends = [self._generator_ends_given(b.stmt if b.value is None else b.value) for b in bound]
            return _all_or_none(ends)
        return self._generator_ends_given(given)

    def _generator_ends_given(self, given: ast.AST | None) -> bool | None:
        """`_generator_ends` of one function given (a name, `self.<method>`, a def, a partial)."""
        if isinstance(given, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = self.file.qualnames.get(given)
        else:
            name = self.file.def_of(given) if isinstance(given, (ast.Name, ast.Attribute, ast.Call)) else None
        if name is None:
            return None
        own = self.file.defs.get(name)
        if own is not None and (not isinstance(own, (ast.FunctionDef, ast.AsyncFunctionDef)) or
                                _generator_end(self.file, own) is None and not _abstract(own)):
            return None  # a class, or a function of this file that returns some iterator: its length is not shown
        return _all_or_none(self.file.project.query(GENERATOR_ENDS, name))

    def _export_generators(self) -> None:
        """GENERATOR_ENDS for the file's generator functions (only files that say `yield`: a cheap filter)."""
        for node, ends in _generator_ends_of(self.file).items():
            name = self.file.qualnames.get(node)
            if name is not None:
                for key in (name, *self._replaced(node)):
                    self.file.project.export(GENERATOR_ENDS, key, ends)

    # --- where values go

    def exits(self) -> list[Pipeline]:
        """Every dataset value that leaves its chain (see the module docstring)."""
        if self._exits is None:
            self._exits = []
            for node in self._values():
                exit, detail = self._exit(node)
                if exit is None:
                    continue
                names: list[str] = []
                links = self.chain(node, names)
                if exit in ("out", "dead"):  # (the variable it is left in holds it too: `ds_test = ...batch(n)`)
                    names.append(self.file.parent(node).targets[0].id)
                pipeline = Pipeline(links, exit, node, self.upstream(links[0]), **detail)
                if exit == "passed":
                    pipeline.by = self.pulled_by(node)
                pipeline.context = pipeline.context or _stage_context(links) or self._exit_context(node, exit) \
                    or self._named_context(pipeline, names)
                if exit == "return":
                    self._returned(pipeline)
                self._exits.append(pipeline)
            self._idle_context()
        return self._exits

    def _idle_context(self) -> None:
        """A chain that leaves unread or discarded (`ds.prefetch(n)` without assigning it) from the same value as
        chains that are iterated: it holds their data, so it runs where every one of them does, when the only
        ones the source shows all run off the training step (`_differentiates_inputs`'s loops)."""
        idle = [p for p in self._exits if p.exit in ("discarded", "dead") and p.context is None]
        if not idle:
            return
        for pipeline in idle:
            root = pipeline.links[0].call
            iterated = [p for p in self._exits if p is not pipeline and p.links[0].call is root and p.exit == "sink"]
            contexts = {p.context for p in iterated}
            if iterated and len(contexts) == 1 and (context := contexts.pop()) in OFF_STEP:
                pipeline.context = context

    def _named_context(self, pipeline: Pipeline, names: list[str]) -> str | None:
        """What the variable a pipeline leaves in says it holds (`purpose.data_name_purpose`: `valid_ds`,
        `test_dataset`, `predict_ds`): evaluation or inference data, for the stages it alone holds; a stage that
        other exits share is judged with them (`stage_context`), so that `valid_ds = complete.take(n)` beside
        `train_ds = complete.skip(n)` leaves `complete`'s stages on the training path. Not for a pipeline
        `fit` trains on (`model.fit(test_ds)`), nor one a loop of training steps iterates. A pipeline left
        unnamed (`return ds.batch(n)`) is so named when every variable on its way is (`_all_named`)."""
        if pipeline.sink == "fit" and pipeline.context is None or pipeline.sink == "iterate" and \
                (pipeline.by is not None or self._trains_over(pipeline.node)):
            return None
        held = _exit_name(self.file, pipeline)
        return data_name_purpose(held) if held is not None else _all_named(names)

    def _trains_over(self, node: ast.AST) -> bool:
        """A `for` loop over the pipeline whose body trains (`context.trains`: `apply_gradients`, `train_step`)."""
        loop = self.file.parent(node)
        return type(loop) is ast.For and loop.iter is node and \
            trains(n for stmt in loop.body for n in ast.walk(stmt) if type(n) is ast.Call)

    def stage_context(self, call: ast.AST, pipeline: Pipeline) -> str | None:
        """The context of a stage as `pipeline` sees it, unless another exit of the file holds the stage on the
        training path: data one flow evaluates and another trains on (a split of one dataset, a count of its
        elements beside its training use) is the training step's."""
        own = pipeline.context or _downstream_context(pipeline.downstream)
        if own is None:
            return None
        if self._holders is None:
            self._holders = {}
            for exit in self.exits():
                for link in exit.links:
                    self._holders.setdefault(id(link.call), []).append(exit)
        for other in self._holders.get(id(call), ()):
            if other.node is not pipeline.node and (other.context or _downstream_context(other.downstream)) is None \
                    and other.exit not in _JOIN_SKIPPED:
                return None
        return own

    def _exit_context(self, node: ast.AST, exit: str) -> str | None:
        """The context of the branch a pipeline leaves in (`if mode == PREDICT: return noise_ds`), where
        it is made elsewhere; not where the code runs (the tf.data pipeline, a CPU scope): a pipeline
        runs on the host whatever the scope and still feeds each step."""
        kind = self.file.local_context(node) if exit in ("return", "sink") else None
        return None if kind == HOST or placed_on_cpu(kind) else kind

    def _values(self):
        """Dataset calls that no dataset method continues, and reads of dataset variables."""
        for call in self.calls:
            parent = self.file.parent(call)
            if isinstance(parent, ast.Attribute) and parent.attr in METHODS and isinstance(self.file.parent(parent), ast.Call):
                continue  # continued by the next method of the chain
            if self.is_dataset(call):
                yield call
        for call in self.calls:  # lists of datasets a loop takes one by one: each read of its variable
            if _datasets_listed(self.file, call):
                yield from self._loop_reads(call)
        for call in self.calls:  # variables holding a dataset: each read that leaves
            parent = self.file.parent(call)
            if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name) \
                    and self.is_dataset(call):
                reads = self.file.reaching_reads(parent, parent.targets[0].id)
            elif isinstance(parent, ast.Assign) and len(parent.targets) == 1 and is_self_attribute(parent.targets[0]) \
                    and self.is_dataset(call):
                reads = self._attribute_reads(parent)  # (`self.ds = ...batch(n)`, then `iter(self.ds)`)
            elif type(parent) is ast.Assign and len(parent.targets) == 1 and \
                    type(parent.targets[0]) in (ast.Tuple, ast.List) and \
                    all(type(e) is ast.Name for e in parent.targets[0].elts) and _datasets_listed(self.file, call):
                # names unpacked from a tuple of datasets (`train, test = loader.load()` then `return train, test`,
                # `fit(train)`): each read that leaves
                reads = [read for target in parent.targets[0].elts
                         for read in self.file.reaching_reads(parent, target.id) if self.is_dataset(read)]
            else:
                continue
            for read in reads:
                use = self.file.parent(read)
                if not (isinstance(use, ast.Attribute) and use.value is read) or _iterator_made(self.file, use):
                    yield read

    def _attribute_reads(self, store: ast.Assign) -> list[ast.Attribute]:
        """The reads of `self.<attr>` in the statements after `store` in its block that read what it stores
        (`attribute_store`; not a count of its elements, nor a look at its element types)."""
        where = self.file.block_of(store)
        if where is None:
            return []
        block, index = where
        target, found = store.targets[0], []
        for after in block[index + 1:]:
            for node in ast.walk(after):
                if _same_attribute(node, target) and isinstance(node.ctx, ast.Load) and not _counted(self.file, node) \
                        and not _described(self.file, node) and self.attribute_store(node) is store:
                    found.append(node)
            if _may_change(after, target.attr):
                break
        return found

    def _loop_reads(self, listing: ast.Call):
        """Reads of the variable of each `for` loop over the datasets `listing` returns."""
        parent = self.file.parent(listing)
        holders = [listing]
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            holders = self.file.reaching_reads(parent, parent.targets[0].id)
        for holder in holders:
            loop = self.file.parent(holder)
            if isinstance(loop, (ast.For, ast.AsyncFor)) and loop.iter is holder and isinstance(loop.target, ast.Name):
                for stmt in loop.body:
                    for node in ast.walk(stmt):
                        if isinstance(node, ast.Name) and node.id == loop.target.id and \
                                isinstance(node.ctx, ast.Load) and self._listing(self.file.binding(node)) is listing:
                            use = self.file.parent(node)
                            if not (isinstance(use, ast.Attribute) and use.value is node):
                                yield node

    def _exit(self, node: ast.AST) -> tuple[str | None, dict]:
        parent = self.file.parent(node)
        if _iterator_made(self.file, parent):
            # TensorFlow 1's `ds.make_one_shot_iterator()`: an end, which only TFP405 judges (how many batches the
            # iterator's reader takes, the source shows only by a loop run until OutOfRangeError)
            return "iterator", {}
        if isinstance(parent, ast.Assign):
            if len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
                if self.file.reaching_reads(parent, parent.targets[0].id):
                    return None, {}  # its reads carry on
                return ("out" if self.file.scope_of(parent) is self.file.tree else "dead"), {}
            if len(parent.targets) == 1 and is_self_attribute(parent.targets[0]) and self.attribute_read_on(parent):
                return None, {}  # read on by the next statements
            if len(parent.targets) == 1 and is_self_attribute(parent.targets[0]) and self._initialized_from(parent):
                return "sink", {"sink": "iterate"}  # (as `it.make_initializer(ds)` of a variable: `_argument_exit`)
            owner = self.file.enclosing_class(parent) if len(parent.targets) == 1 and \
                is_self_attribute(parent.targets[0]) else None
            pulled = self.attribute_pulled(owner, parent.targets[0].attr) if owner is not None else None
            if pulled is not None and pulled[2] is None:  # (`self.train_ds = ds` ... `for batch in self.train_ds:
                return "sink", {"sink": "iterate", "by": pulled[:2]}  # self.train_step(batch)`)
            context = pulled[2] or data_name_purpose(parent.targets[0].attr) if pulled is not None else None
            if context in OFF_STEP:  # (`for batch in self.val_ds` in `evaluate`, or a loop over `self.val_ds`)
                return "sink", {"sink": "iterate", "context": context, "evaluated": True}
            return "stored", {}
        if isinstance(parent, ast.Return):
            return "return", {}
        if isinstance(parent, ast.Expr):
            return "discarded", {}
        if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node and _one_taken(node):
            return "sink", {"sink": "single", "context": SINGLE}  # `for x in ds.take(1)`: one element, a peek
        if isinstance(parent, (ast.For, ast.comprehension)) and parent.iter is node:
            counted = {"context": COUNT} if not self._element_used(parent) else \
                {"context": "inference"} if self._differentiates_inputs(parent) else {}
            return "sink", {"sink": "iterate", **counted}
        if isinstance(parent, (ast.List, ast.Tuple)) or isinstance(parent, ast.ListComp) and parent.elt is node:
            return self._container_exit(parent)
        if isinstance(parent, (ast.Call, ast.keyword)):
            call = parent if isinstance(parent, ast.Call) else self.file.parent(parent)
            return self._argument_exit(call, parent)
        if isinstance(parent, ast.Lambda):
            return "sub", {}
        if type(parent) is ast.Attribute and parent.attr == "get_single_element" and \
                isinstance(self.file.parent(parent), ast.Call):
            return "sink", {"sink": "single", "context": SINGLE}  # `ds.get_single_element()`: its one element
        return "unknown", {}

    def _initialized_from(self, store: ast.Assign) -> bool:
        """`self.<attr> = <dataset>` that the same method hands to an iterator's initializer, with no other store
        of it there (`self._train = self._make_train()`, then `self._it = tf.data.Iterator.from_structure(...)` and
        `self._it.make_initializer(self._train)`: TensorFlow 1's reinitializable iterator, which a loop's
        `sess.run` of its `get_next()` pulls)."""
        function = self.enclosing_function(store)
        if function is None:
            return False
        target = store.targets[0]
        found = False
        for node in ast.walk(function):
            if _same_attribute(node, target) and isinstance(node.ctx, ast.Store) and node is not target:
                return False
            if type(node) is ast.Call and node.args and _initializer_made(node, node.args[0]) and \
                    _same_attribute(node.args[0], target) and node.lineno > store.lineno:
                found = True
        return found

    # --- loops of training steps that pull a dataset away from where it is made

    def attribute_pulled(self, owner: ast.ClassDef, attr: str, training: bool = False) -> tuple | None:
        """(line, function, None) of a loop of training steps of a method of `owner`, or of a class of the file it
        derives from or that derives from it, that pulls the elements of `self.<attr>` (`training_pull`: `for batch
        in self.train_ds: self.train_step(batch)`, `enumerate(self.train_ds)`, `self._it = iter(self.train_ds)` then
        `next(self._it)` in a training step), else (line, function, context) of a loop off the training step that
        does (`for batch in self.val_ds` in `evaluate`); None where none does, or where a store of `self.<attr>` in
        the file hands it to a strategy or to the device (`self.train_ds = strategy.experimental_distribute_dataset(
        ...)`: the loop pulls that)."""
        if self._stored_to_devices(attr):
            return None
        found = None
        family = self._family(owner)
        for cls in family:
            where = self._class_pulls(cls, training).get(attr)
            if where is not None and where[2] is None:
                return where
            if where is not None and (found is None or found[2] == ""):
                found = where
        # a base of another module whose loop pulls it (ATTR_PULLED)
        pending = [base for cls in family for base in _project_bases(self.file, cls) if base not in self.file.defs]
        seen: set[str] = set()
        while pending and len(seen) < 8:
            base = pending.pop(0)
            if base in seen:
                continue
            seen.add(base)
            facts = self.file.project.query(ATTR_PULLED, f"{base}.{attr}")
            if facts:
                return (*min(facts), None)
            pending.extend(self._bases(base))
        return found

    def _export_pulled_attributes(self) -> None:
        """ATTR_PULLED for the attributes of the file's classes that a loop of training steps of their methods pulls
        (none that a store of the file hands to a strategy or to the device), outside tests."""
        if self.file.path_context is not None or "self." not in self.file.text:
            return
        for node, name in self.file.qualnames.items():
            if type(node) is ast.ClassDef:
                for attr, where in self._class_pulls(node, training=True).items():
                    if where[2] is None and not self._stored_to_devices(attr):
                        self.file.project.export(ATTR_PULLED, f"{name}.{attr}", where[:2])

    def _family(self, owner: ast.ClassDef) -> list[ast.ClassDef]:
        """`owner`, the classes of the file it derives from (through classes of the file), and the classes of the
        file that derive from it directly."""
        family, pending = [], [owner]
        while pending and len(family) < 8:
            cls = pending.pop(0)
            if cls in family:
                continue
            family.append(cls)
            pending.extend(node for base in _project_bases(self.file, cls)
                           if type(node := self.file.defs.get(base)) is ast.ClassDef)
        return family + [node for node in _subclasses(self.file, owner) if node not in family]

    def _stored_to_devices(self, attr: str) -> bool:
        key = ("device-stores", attr)
        if key not in self._pulls:
            self._pulls[key] = any(
                type(node) is ast.Call and (type(node.func) is ast.Attribute and node.func.attr in DISTRIBUTE or
                                            self.file.qualified(node.func) in DEVICE_PREFETCH)
                for stores in self.file.self_assignments_by_class().values() for store in stores.get(attr, ())
                for node in ast.walk(store.value))
        return self._pulls[key]

    def _class_pulls(self, owner: ast.ClassDef, training: bool = False) -> dict[str, tuple]:
        """attr -> (line, function, None) of the first loop of training steps of the class's methods that pulls the
        elements of `self.<attr>`, else (line, function, context) of the first loop off the training step that does
        (`for batch in self.val_ds` in `evaluate`). With `training`, {} for a class whose text shows no loop over
        (or iterator of) an attribute or no call a training step makes (a cheap look first: most classes pull
        nothing)."""
        if training:
            key = (owner, "training")
            if key not in self._pulls:
                starts = self.file.line_starts
                text = self.file.text[starts[owner.lineno - 1]:starts[owner.end_lineno] if owner.end_lineno < len(
                    starts) else None]
                self._pulls[key] = _SELF_PULLED.search(text) is not None and _TRAINING_CALLED.search(text) is not None
            if not self._pulls[key]:
                return {}
        found = self._pulls.get(owner)
        if found is None:
            found = self._pulls[owner] = {}
            rank = {None: 0, "": 2}  # a training loop first, then one off the step, then one that does not say
            for node in walk_nodes(owner):
                if type(node) is ast.Attribute and type(node.ctx) is ast.Load and is_self_attribute(node) and \
                        (node.attr not in found or found[node.attr][2] is not None) and \
                        (where := self.training_pull(node, off_step=True)) is not None and \
                        (node.attr not in found or rank.get(where[2], 1) < rank.get(found[node.attr][2], 1)):
                    found[node.attr] = where
        return found

    def training_pull(self, node: ast.AST, off_step: bool = False) -> tuple | None:
        """(line, function) of the loop of training steps that pulls the elements of `node`, a dataset (through
        dataset stages after it, none to the device nor down to one element: `for b in ds.take(-1)`): a loop over it
        or its iterator (`_looped`) whose body trains (`context.trains`), off no evaluation, test or tool; or an
        iterator of it kept in `self.<attr>` (`self._iterator = iter(dataset)`) whose `next()` a method of the class
        takes in such a loop or in a training step (`inputs = next(self._iterator)` beside a GradientTape). With
        `off_step`, (line, function, context) of such a loop or one off the training step (`_training_loop`)."""
        file = self.file
        while True:
            parent = file.parent(node)
            call = file.parent(parent) if type(parent) is ast.Attribute else None
            if type(call) is not ast.Call or call.func is not parent or parent.value is not node or \
                    parent.attr not in METHODS:
                break
            if self._device_apply(call) or _one_taken(call):
                return None
            node = call
        loop = _looped(file, node)
        if loop is not None:
            return self._training_loop(loop, off_step)
        parent = file.parent(node)
        holder = file.parent(parent)
        target = holder.targets[0] if type(holder) is ast.Assign and len(holder.targets) == 1 else \
            holder.target if type(holder) is ast.AnnAssign else None  # (`self._it: Iterator[T] = iter(dataset)`)
        if type(parent) is ast.Call and type(parent.func) is ast.Name and parent.func.id == "iter" and \
                parent.args[:1] == [node] and is_self_attribute(target) and \
                (owner := file.enclosing_class(holder)) is not None:
            where = self._iterator_pulled(owner, target.attr)
            return None if where is None else (*where, None) if off_step else where
        if _iterator_made(file, parent) or type(parent) is ast.Call and parent.args[:1] == [node] and \
                (file.qualified(parent.func) or "").endswith(_ITERATORS):
            where = self._session_pulled(node)
            return None if where is None else (*where, None) if off_step else where
        return None

    def _session_pulled(self, node: ast.AST) -> tuple | None:
        """(line, function) of a session loop of training steps that pulls the batches of TensorFlow 1's iterator
        made on `node` (`tf.compat.v1.data.make_one_shot_iterator(ds).get_next()`): a `for` / `while` loop that runs
        the graph (`sess.run(train_op)`, `while not sess.should_stop():`) in the function that makes the iterator, or
        in a method of its class (its next element kept in `self.<attr>`), where that function trains."""
        file = self.file
        function = self.enclosing_function(node)
        if function is None:
            return None
        owner = file.parent(function)
        scopes = [function, *(f for f in owner.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                              f is not function)] if type(owner) is ast.ClassDef else [function]
        for scope in scopes:
            for loop in ast.walk(scope):
                if type(loop) in (ast.For, ast.While) and any(
                        type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr in ("run", "should_stop")
                        for n in ast.walk(loop)) and (where := self._training_loop(scope)) is not None:
                    return loop.lineno, where[1]
        return None

    def _training_loop(self, loop: ast.AST, off_step: bool = False) -> tuple | None:
        """(line, function) of a loop (or a function) whose calls train, outside code off the training step; with
        `off_step`, (line, function, context) of one in code off the training step (an evaluation loop) too, and
        (line, function, "") of one that does not train."""
        file = self.file
        context = file.local_context(loop)
        function = loop if type(loop) in (ast.FunctionDef, ast.AsyncFunctionDef) else self.enclosing_function(loop)
        where = (loop.lineno, file.qualnames[function] if function is not None else file.module)
        if context in OFF_STEP:
            return (*where, context) if off_step else None
        if not trains(n for n in ast.walk(loop) if type(n) is ast.Call):
            return (*where, "") if off_step else None  # (a loop that does not say what it does)
        return (*where, None) if off_step else where

    def _iterator_pulled(self, owner: ast.ClassDef, attr: str) -> tuple | None:
        """(line, function) where a method of `owner` takes `next(self.<attr>)` in a loop of training steps, or in a
        function that trains (a training step that pulls its own batch)."""
        key = (owner, "iterator", attr)
        if key in self._pulls:
            return self._pulls[key]
        self._pulls[key] = None  # (a cycle ends here)
        found = None
        for node in ast.walk(owner):
            if type(node) is ast.Attribute and node.attr == attr and type(node.ctx) is ast.Load and \
                    is_self_attribute(node) and _next_of(self.file.parent(node), node):
                loop = next((a for a in self.file.ancestors(node) if isinstance(
                    a, (ast.For, ast.AsyncFor, ast.While, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))), None)
                function = self.enclosing_function(node)
                found = loop is not None and type(loop) is not ast.Lambda and self._training_loop(loop) or \
                    function is not None and self._training_loop(function)
                if found:
                    break
        self._pulls[key] = found or None
        return self._pulls[key]

    def pulled_by(self, node: ast.AST) -> tuple | None:
        """(line, function) of the loop of training steps of the project function a pipeline is handed to
        (`Learner(network, dataset=ds)` whose `__init__` keeps `iter(dataset)`): ITERATED facts that say so."""
        handed = handed_to(self.file, node)
        where = iterated_by(self.file.project, handed, training=True) if handed is not None else None
        return (0, where) if where is not None else None

    def _element_used(self, loop: ast.For | ast.comprehension) -> bool:
        """Whether a loop over a pipeline reads the elements it binds (`for _ in ds: n += 1` and
        `len([0 for _ in ds])` only count them)."""
        names = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
        if not names or not isinstance(loop.target, (ast.Name, ast.Tuple)):
            return True
        if isinstance(loop, ast.For):
            scope = [*loop.body, *loop.orelse]
        else:
            holder = self.file.parent(loop)
            scope = [part for part in (getattr(holder, "elt", None), getattr(holder, "key", None),
                                       getattr(holder, "value", None)) if part is not None]
            scope += [test for generator in holder.generators for test in generator.ifs]
            scope += [generator.iter for generator in holder.generators if generator is not loop]
        return any(isinstance(n, ast.Name) and n.id in names for part in scope for n in ast.walk(part))

    def _differentiates_inputs(self, loop: ast.AST) -> bool:
        """A loop over a pipeline whose body hands its batches to a project function that takes gradients only with
        respect to what its tape watches (`steps._optimises_inputs`: an attack's or an explanation's gradient of a
        trained model with respect to its inputs, `INPUT_GRADIENT`), or runs a model's forward pass only
        (`model.predict(batch)`, `predict_on_batch`, `model(batch, training=False)`), and itself records no tape,
        applies no gradients and calls no training step of the project: it uses a trained model, it does not train
        one."""
        if type(loop) is not ast.For:
            return False
        project, found = self.file.project, False
        for node in (n for stmt in loop.body for n in ast.walk(stmt)):
            if type(node) is not ast.Call:
                continue
            func = node.func
            if type(func) is ast.Attribute and func.attr in _LOOP_TRAINING or \
                    self.file.call_name(node) == "tensorflow.GradientTape":
                return False
            if type(func) is ast.Attribute and func.attr in PREDICTS or any(
                    k.arg == "training" and type(k.value) is ast.Constant and k.value.value is False
                    for k in node.keywords):
                found = True  # `model.predict_on_batch(batch)`, `model(batch, training=False)`: a forward pass only
                continue
            callee = self.file.callee(node)
            if callee is None:
                continue
            if project.query(STEP_ROOT, callee) and not project.query(INPUT_GRADIENT, callee):
                return False
            found = found or bool(project.query(INPUT_GRADIENT, callee))
        return found

    def _container_exit(self, container: ast.AST) -> tuple[str, dict]:
        """A dataset in a list or tuple: returned with it (`return [train_ds, val_ds]`), or a zip operand."""
        holder = self.file.parent(container)
        if isinstance(holder, ast.Return):
            return "return", {}
        if isinstance(holder, ast.Assign) and len(holder.targets) == 1 and isinstance(holder.targets[0], ast.Name):
            for read in self.file.reaching_reads(holder, holder.targets[0].id):
                if isinstance(self.file.parent(read), ast.Return):
                    return "return", {}
        if isinstance(holder, (ast.Call, ast.keyword)):
            return "sub", {}  # tf.data.Dataset.zip((a, b)), sample_from_datasets([...])
        return "unknown", {}

    def _argument_exit(self, call: ast.Call, parent: ast.AST) -> tuple[str, dict]:
        func = call.func
        method = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if method in FIT and isinstance(func, ast.Attribute):
            eval_use = isinstance(parent, ast.keyword) and parent.arg == "validation_data"
            return "sink", {"sink": "fit", "context": "eval" if eval_use else FIT[method]}
        if method in DISTRIBUTE:
            return "sink", {"sink": "distribute"}
        if method in _ITERATORS and self._estimator_features(call):
            return "sink", {"sink": "estimator"}  # the elements go to the Estimator: no loop of the user's
        if method == "iter" and type(func) is ast.Name and self._one_element_taken(call):
            return "sink", {"sink": "single", "context": SINGLE}  # `next(iter(ds))`: a fresh iterator's first element
        if method in ("iter", "make_one_shot_iterator", "make_initializable_iterator", "enumerate") or \
                method == "make_initializer" and isinstance(func, ast.Attribute):
            # (`it.make_initializer(ds)`: TensorFlow 1's reinitializable iterator, `Iterator.from_structure(...)`,
            # whose `get_next()` a loop's `sess.run` pulls after running the initializer)
            return "sink", {"sink": "iterate"}
        name = self.file.qualified(func)
        if name and (is_source(name) or name.endswith(("Dataset.zip", "sample_from_datasets", "choose_from_datasets"))):
            return "sub", {}
        if name in _SINGLE_ELEMENT:
            return "sink", {"sink": "single", "context": SINGLE}  # read once for its one element: no stream
        if self.file.callee(call) is not None:
            return "passed", {}  # a project function goes on with it (also `self.cache(ds)`, a project method)
        if isinstance(func, ast.Attribute) and func.attr in METHODS:
            return "sub", {}  # ds.concatenate(other), ds.apply(fn)
        return "unknown", {}

    def _one_element_taken(self, made: ast.Call) -> bool:
        """An iterator made on a pipeline (`iter(ds)`) from which only its first element is taken: `next(iter(ds))`,
        or `return iter(ds)` from a function every call of which in the project is in this file and takes `next()` of
        what it returns (`X = next(self.get_batch_data(data))` at each training step). Each read makes a fresh
        iterator, so the pipeline is read once for one element (a batch made before a repeat: its first, full one),
        not as a stream of batches."""
        holder = self.file.parent(made)
        if _next_of(holder, made):
            return True
        if type(holder) is not ast.Return:
            return False
        function = self.enclosing_function(made)
        name = self.file.qualnames.get(function) if function is not None else None
        if name is None:
            return False
        callers = set(self.file.project.query(CALLED_BY, name)) - {"!test", FRAMEWORK_CALLER}
        module = self.file.module
        if not callers or not module or any(c != module and not c.startswith(module + ".") for c in callers):
            return False  # (called from another module, or by nothing the project shows)
        calls = [c for c in self.file.calls if self.file.callee(c) == name]
        return bool(calls) and all(_next_of(self.file.parent(c), c) for c in calls)

    def _estimator_features(self, made: ast.Call) -> bool:
        """TensorFlow 1's iterator (`tf.compat.v1.data.make_one_shot_iterator(ds)`) whose next element an Estimator's
        input_fn returns (`return iterator.get_next()`, also through a local name): a function the project hands
        an Estimator (ESTIMATOR_INPUT), or one named for it (`input_fn`, `train_input_fn`: the Estimator's word)."""
        holder = self.file.parent(made)
        if isinstance(holder, ast.Assign) and len(holder.targets) == 1 and isinstance(holder.targets[0], ast.Name):
            uses = [self.file.parent(read) for read in self.file.reaching_reads(holder, holder.targets[0].id)]
        else:
            uses = [holder]
        function = self.enclosing_function(made)
        if function is None or not any(_returns_next(self.file, use) for use in uses):
            return False
        words = tokens(function.name)
        return words[-2:] == ["input", "fn"] or bool(self.estimator_uses(function))

    def estimator_uses(self, function: ast.AST) -> tuple:
        """The contexts in which the project hands `function` to an Estimator as its input_fn (ESTIMATOR_INPUT: ""
        training, "eval", "inference"), directly or as the closure a builder returns; () for none."""
        return tuple(self.file.project.query(ESTIMATOR_INPUT, self.file.qualnames[function])
                     or self._builder_input(function))

    def _returned(self, pipeline: Pipeline) -> None:
        """Where a returned pipeline goes: its callers' summaries, or out of the project.

        The callers that count are the calls the project shows, tests left out outside test code
        (tests call everything), with the calls of the method an override replaces in the project's base
        classes (`self.build()` in a base runs the derived class's `build`). The machinery that may
        call a public method of a derived class (`FRAMEWORK_CALLER`) says nothing of what it does
        with the result: a framework ends what it is handed, as a user does, so without another
        caller the pipeline leaves the user's code at this return."""
        function = self.enclosing_function(pipeline.node)
        if function is None:
            pipeline.exit = "out"
            return
        qualname = self.file.qualnames[function]
        estimator = self.estimator_uses(function)
        if estimator:  # an Estimator's input_fn: it takes the dataset as it is returned
            pipeline.exit, pipeline.sink = "sink", "estimator"
            pipeline.context = pipeline.context or (None if "" in estimator else min(estimator))
            return
        names = [qualname, *self._replaced(function)]
        callers = {caller for name in names for caller in self.file.project.query(CALLED_BY, name)}
        # test code's callers are tests: they count for a test's helper, not for the code they test
        shown = callers - ({FRAMEWORK_CALLER} if self.file.local_context(function) == "test" else
                           {FRAMEWORK_CALLER, "!test"})
        uses = [use for name in names for use in self.file.project.query(USES, name)]
        if not shown:
            pipeline.exit = "out"  # nothing in the project calls it: it leaves the user's code here
            module_level = isinstance(self.file.parent(function), ast.Module)
            if private(qualname) and not function.decorator_list and module_level:
                # ...or dead code: private, so no user calls it (a method may be called on an instance,
                # which the call graph does not see: only module-level functions; tests are no users)
                pipeline.context = pipeline.context or UNCALLED
        elif uses and not any(reference(c) for c in shown) and all(u[0] in ("sink", "out") for u in uses):
            pipeline.downstream = tuple(uses)
        else:
            pipeline.exit = "passed"  # continued, referenced, or used where the source does not say

    def iterated_as_returned(self, pipeline: Pipeline) -> bool:
        """Whether some project caller of the function that returns `pipeline` has a loop of training steps pull what
        it returns as it is (a USES fact: a loop's or iterator's sink that `training_pull` finds, or a hand-over to
        one, no stage and no device of its own, no context off the training step)."""
        function = self.enclosing_function(pipeline.node)
        if function is None:
            return False
        names = [self.file.qualnames[function], *self._replaced(function)]
        return any(u[0] == "sink" and len(u) > 7 and u[6] == "iterate" and u[7] and not u[2] and not u[3] and
                   u[4] not in OFF_STEP for name in names for u in self.file.project.query(USES, name))

    def _builder_input(self, function: ast.AST) -> tuple:
        """The Estimator uses of the value of a builder that returns `function`, a def inside it (`def
        input_fn_builder(...): def input_fn(params): ...; return input_fn`)."""
        builder = self.file.parent(function)
        if not isinstance(builder, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return ()
        returned = [r.value for r in self.file.returns_of(builder)
                    if isinstance(r.value, ast.Name) and r.value.id == function.name]
        if not any(getattr(self.file.binding(name), "stmt", None) is function for name in returned):
            return ()
        return self.file.project.query(ESTIMATOR_INPUT, f"{self.file.qualnames[builder]}()")

    def _replaced(self, function: ast.AST) -> list[str]:
        """The methods of the project's base classes that the method `function` overrides (the same
        name in every project class it derives from, through this file's classes and the other
        files' `BASES` facts): whoever calls those may be running it."""
        owner = self.file.parent(function)
        if not isinstance(owner, ast.ClassDef):
            return []
        found: list[str] = []
        pending, seen = list(self._bases(self.file.qualnames[owner])), set()
        while pending and len(seen) < 16:
            base = pending.pop()
            if base not in seen:
                seen.add(base)
                found.append(f"{base}.{function.name}")
                pending.extend(self._bases(base))
        return found

    def _bases(self, qualname: str) -> tuple[str, ...]:
        node = self.file.defs.get(qualname)
        if isinstance(node, ast.ClassDef):
            return _project_bases(self.file, node)
        return self.file.project.query(BASES, qualname)

    def enclosing_function(self, node: ast.AST) -> ast.AST | None:
        for anc in self.file.ancestors(node):
            if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return anc
            if isinstance(anc, ast.Lambda):
                return None
        return None

    # --- summaries

    def summarize(self) -> None:
        """Export what each function returns, and what each call to a project function's pipeline
        goes on to (so that the function can judge its end)."""
        project = self.file.project
        for node, name in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef):
                for base in _project_bases(self.file, node):
                    project.export(BASES, name, base)
        for pipeline in self.exits():
            stages = pipeline.stages
            function = self.enclosing_function(pipeline.node)
            holder = self.file.parent(pipeline.node)
            listed = isinstance(holder, (ast.List, ast.Tuple, ast.ListComp)) and \
                isinstance(self.file.parent(holder), ast.Return)  # `return [a, b]`: callers get a list
            if pipeline.exit in ("return", "out", "passed") and function is not None and \
                    (isinstance(holder, ast.Return) or listed):
                at = holder.elts.index(pipeline.node) if listed and type(holder) is not ast.ListComp else None
                returned = (*_summary(self.file, pipeline), listed, self._passed_through(pipeline, function), at)
                project.export(RETURNS, self.file.qualnames[function], returned)
                if type(self.file.parent(function)) is ast.ClassDef:  # (by its name too: `_named_through`)
                    project.export(RETURNS, NAMED_METHOD + function.name, returned)
                for replaced in self._replaced(function):
                    # (a base class's `self._make_train()` may call it: the base's template method gets a dataset)
                    project.export(RETURNS, replaced, returned)
            root = pipeline.root
            if root.method in ("<call>", "<element>") and pipeline.exit != "iterator":
                context = pipeline.context or self.file.local_context(pipeline.node)
                if context == HOST or placed_on_cpu(context):
                    # a caller in a module of the input pipeline (`tfrecord_utils.py`) or under a CPU scope still
                    # hands its batches to the step: where a pipeline runs does not put it off the step (as
                    # `_exit_context`)
                    context = None
                drained = _drains(self.file, pipeline.node) if pipeline.exit == "sink" and \
                    not _takes(stages) else None
                trained = pipeline.by is not None or pipeline.exit == "sink" and pipeline.sink == "iterate" and \
                    self.training_pull(pipeline.node) is not None
                project.export(USES, _root_callee(self.file, root.call),
                               (self._fate(pipeline), _has_prefetch(stages), any(s.device for s in stages),
                                bool(stages), context, drained or "", _sink_of(pipeline), trained))
        self._export_arguments()
        self._export_instances_iterated()
        self._export_pulled_attributes()
        self._export_endless()
        self._export_parameter_ends()
        self._export_generators()
        self._export_input_fns()
        self._export_transformations()
        for call in self.calls:  # functions whose datasets feed interleave/flat_map: sub-datasets
            if isinstance(call.func, ast.Attribute) and call.func.attr in ("interleave", "flat_map") and call.args:
                name = self.file.def_of(call.args[0])
                if name is not None:
                    project.export(USES, name, ("sub", False, False, True, None, ""))

    def _passed_through(self, pipeline: Pipeline, function: ast.AST) -> tuple | None:
        """(position, name) of the parameter of `function` a returned chain starts from (`def prep(ds): return
        ds.map(f)`): the function hands back the dataset it is given, transformed, and its callers know whether that
        one ends (`Pipelines.upstream`); None for any other root."""
        root = pipeline.root
        if root.method != "<param>" or type(root.call) is not ast.Name:
            return None
        found = parameter_of(self.file, root.call)
        if found is None or parameter_owner(self.file, root.call) is not function:
            return None
        return found[1], found[2]

    def _handed_back(self, call: ast.Call, facts: list[tuple]) -> tuple[bool, bool | None] | None:
        """(repeated without end, finite) for what a project function that hands back the dataset it is given
        (every return a chain on one parameter: `_passed_through`) returns at this call: the argument's own pipeline,
        finite or endless as it is here, through the function's stages (an endless repeat of its own makes it
        endless, a take finite); None when the function returns anything else or the argument is not shown."""
        through = {f[7] if len(f) > 7 else None for f in facts}
        if len(through) != 1 or None in through or id(call) in self._handing:
            return None
        position, name = through.pop()
        given = argument(call, position, name) if position is not None else argument(call, None, name)
        if given is None or isinstance(given, ast.Starred):
            return None
        self._handing.add(id(call))
        try:
            links = self.chain(given)
            up = self.upstream(links[0])
        finally:
            self._handing.discard(id(call))
        stages = [link for link in links if link.method in METHODS]
        repeats = [i for i, s in enumerate(stages) if _endless(self.file, s)]
        taken = _takes(stages[repeats[-1] + 1 if repeats else 0:])
        if any(f[3] for f in facts) or (repeats or up.repeated) and not taken:
            return True, False
        return False, True if taken else up.finite

    def _export_instances_iterated(self) -> None:
        """INSTANCE_ITERATED for the project classes whose instances a loop of training steps iterates: a local name
        assigned an instance (`data_set = SimulationDataset(forward_dict, batch_size)`), read by a loop that pulls
        its elements (`for x in data_set`, `enumerate(data_set)`, `iter(data_set)` then `next` in a loop: `_looped`)
        whose body trains (`context.trains`), outside tests and code off the training step."""
        file = self.file
        if file.path_context is not None:
            return
        iterated: dict[str, bool] = {}
        for call in file.calls:
            holder = file.parent(call)
            if type(holder) is not ast.Assign or holder.value is not call or len(holder.targets) != 1 or \
                    type(holder.targets[0]) is not ast.Name or type(call.func) not in (ast.Name, ast.Attribute):
                continue
            name = holder.targets[0].id
            if name not in iterated:
                iterated[name] = self._iterated_name(name)
            if not iterated[name]:
                continue
            made = file.callee(call)
            if made is None:
                continue
            for read in file.reaching_reads(holder, holder.targets[0].id):
                loop = _looped(file, read)
                if loop is None or not trains(node for node in ast.walk(loop) if type(node) is ast.Call) or \
                        file.local_context(loop) in OFF_STEP:
                    continue
                function = self.enclosing_function(loop)
                self.file.project.export(INSTANCE_ITERATED, made, (
                    loop.lineno, self.file.qualnames[function] if function is not None else self.file.module))
                break

    def _iterated_name(self, name: str) -> bool:
        """Whether some read of `name` is iterated by a loop (`for x in name`, `iter(name)`, `enumerate(name)`): from
        the file's index of reads, before any binding is looked at."""
        file = self.file
        for load in file.name_loads.get(name, ()):
            parent = file.parent(load)
            if type(parent) is ast.For and parent.iter is load or type(parent) is ast.Call and \
                    type(parent.func) is ast.Name and parent.func.id in ("iter", "enumerate") and \
                    parent.args[:1] == [load]:
                return True
        return False

    def _export_endless(self) -> None:
        """ENDLESS when this module repeats a dataset without end (`.repeat()`, `.repeat(-1)`: any such call, on the
        pipelines found or not), outside tests, benchmarks and tools."""
        if self.file.path_context is not None:
            return
        for call in self.calls:
            if type(call.func) is ast.Attribute and call.func.attr == "repeat" and _endless(self.file, Link("repeat", call)):
                self.file.project.export(ENDLESS, "", f"{self.file.module or self.file.path}:{call.lineno}")
                return

    def _export_parameter_ends(self) -> None:
        """ITERATED / HANDED_ON for the parameters that a loop of their function iterates (`for x in dataset`,
        `enumerate(dataset)`, `iter(dataset)`), or that it hands on to another project function, as they arrive (a
        parameter's own read, no stage in between). Any parameter: a dataset is known only at the caller's end."""
        file = self.file
        if file.path_context is not None:
            return
        for function in file.qualnames:
            if type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef):
                continue
            args = function.args
            names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg not in ("self", "cls")]
            index = file.scope_index(function) if names else None
            for name in names:
                for load in index.loads_of(name):
                    parent = file.parent(load)
                    if type(parent) is ast.For and parent.iter is load:
                        if self._element_used(parent):
                            self._export_parameter_end(load, ITERATED)
                    elif type(parent) is ast.Call and load in parent.args:
                        func = parent.func
                        if type(func) is ast.Name and func.id in ("enumerate", "iter") and parent.args[0] is load:
                            self._export_parameter_end(load, ITERATED)
                        else:
                            self._export_parameter_end(load, HANDED_ON)
                    elif type(parent) is ast.keyword:
                        self._export_parameter_end(load, HANDED_ON)
                    elif type(parent) is ast.Assign and parent.value is load and len(parent.targets) == 1 and \
                            is_self_attribute(parent.targets[0]) and (owner := file.enclosing_class(parent)) is not None \
                            and (pulled := self.attribute_pulled(owner, parent.targets[0].attr, True)) is not None \
                            and pulled[2] is None:
                        # kept as it arrives in `self.<attr>`, which a loop of training steps of the class pulls
                        # (`self.train_ds = train_ds` ... `for batch in self.train_ds: self.train_step(batch)`)
                        self._export_parameter_end(load, ITERATED, True)

    def _export_parameter_end(self, name: ast.Name, kind: str, training: bool | None = None) -> None:
        handed = handed_to(self.file, name) if kind == HANDED_ON else None
        if kind == HANDED_ON and handed is None:
            return
        found = parameter_of(self.file, name)
        if found is None:
            return
        function, position, parameter, _ = found
        if kind == ITERATED and training is None:
            training = self.training_pull(name) is not None
        self.file.project.export(kind, function, (position, parameter, *(handed or ()), *(
            (training,) if kind == ITERATED else ())))

    def _export_arguments(self) -> None:
        """ARRIVES for the project functions a pipeline is handed to (`train(model, ds)`, `self._batch(ds)`,
        `Trainer(training_dataset=ds)`): by position or keyword, whether it ends (`state`), and who hands it."""
        for pipeline in self.exits():
            if pipeline.exit != "passed":
                continue
            slot = _argument_slot(self.file, pipeline.node)
            if slot is None or self.file.callee(slot[0]) is None:
                continue
            call, position, keyword = slot
            function = self.enclosing_function(pipeline.node)
            caller = self.file.qualnames[function] if function is not None else self.file.module
            context = pipeline.context or self.file.local_context(pipeline.node)
            self.file.project.export(ARRIVES, self.file.callee(call),
                                     (position, keyword, self.state(pipeline), context, caller))

    def state(self, pipeline: Pipeline) -> str:
        """Whether a pipeline ends where it leaves this function: "finite" (a finite source or what every caller
        hands a parameter, not repeated), "endless" (repeated, or an endless source), "unknown"."""
        stages = pipeline.stages
        repeats = [i for i, s in enumerate(stages) if _endless(self.file, s)]
        if repeats or pipeline.upstream.repeated:
            after = stages[repeats[-1] + 1:] if repeats else stages
            return "unknown" if _takes(after) else "endless"
        if pipeline.root.method == "<param>":
            states = {fact[2] for fact in self.arriving(pipeline.root)}
            return states.pop() if len(states) == 1 else "unknown"
        finite = pipeline.upstream.finite
        return "finite" if finite else "unknown" if finite is None else "endless"

    def arriving(self, root: Link) -> list[tuple]:
        """What the project's calls hand a dataset parameter (ARRIVES facts), calls from tests left out outside
        test code (tests call everything)."""
        found = parameter_of(self.file, root.call) if isinstance(root.call, ast.Name) else None
        if found is None:
            return []
        callee, position, name, _ = found
        test = self.file.local_context(root.call) == "test"
        return [f for f in self.file.project.query(ARRIVES, callee)
                if (f[0] == position if f[0] is not None else f[1] == name) and (test or f[3] != "test")]

    def _export_input_fns(self) -> None:
        """ESTIMATOR_INPUT for the project functions given to an Estimator as its input_fn: the
        `input_fn=` argument of `estimator.train/evaluate/predict` or a TrainSpec/EvalSpec, or the
        first positional argument of `estimator.train/evaluate/predict` (Keras' fit/evaluate/predict
        take data, not a function). Only files that say `input_fn` are looked at (a cheap filter)."""
        if "input_fn" not in self.file.text:
            return
        for call in self.file.calls:
            func = call.func
            method = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if method not in _INPUT_FN_USES or self.file.callee(call) is not None:
                continue  # (a project function named train() is no Estimator: it says what it does itself)
            given = argument(call, None, "input_fn")
            if given is None and isinstance(func, ast.Attribute) and not method.endswith("Spec") and call.args:
                given = call.args[0]
            for name in self._input_fns(given):
                self.file.project.export(ESTIMATOR_INPUT, name, _INPUT_FN_USES[method])

    def _input_fns(self, given: ast.AST | None) -> list[str]:
        """The project functions an `input_fn=` argument is: a function named, one a lambda calls (`lambda:
        input_fn(files)`), or what a project builder returns (`train_input_fn = input_fn_builder(...)`, or
        `input_fn=input_fn_builder(...)` itself), written `<builder>()`: the builder's closures look it up where they
        are judged (`_builder_input`), in this file or another."""
        given = _lambda_callee(given)  # `input_fn=lambda: input_fn(files, num_epochs=2)`
        if isinstance(given, ast.Call):
            builder = self.file.callee(given)
            return [] if builder is None else [f"{builder}()"]
        if not isinstance(given, (ast.Name, ast.Attribute)):
            return []
        name = self.file.def_of(given)
        if name is not None:
            return [name]
        bound = self.file.binding(given) if isinstance(given, ast.Name) else None
        builder = self.file.callee(bound.value) if bound is not None and isinstance(bound.value, ast.Call) else None
        return [] if builder is None else [f"{builder}()"]

    def _fate(self, pipeline: Pipeline) -> str:
        """The kind of end the function that made a pipeline sees: "sink"/"out" when this chain ends
        it, "continued" when it goes on (here or in this function's callers), "unknown" otherwise."""
        if pipeline.exit in ("sink", "out"):
            return pipeline.exit
        if pipeline.exit == "passed" and pipeline.by is not None:
            return "sink"  # (handed to a project function whose loop of training steps pulls it as it is)
        if pipeline.exit == "return" and pipeline.downstream and not any(d[3] for d in pipeline.downstream):
            return "out" if pipeline.leaves else "sink"
        return "continued" if pipeline.exit in ("return", "passed", "sub") else "unknown"


# top-level APIs of TensorFlow 1 that TensorFlow 2 has only under tf.compat.v1, read as written: a file
# calling them through tensorflow.compat.v1 runs on TF 2, whose tf.compat.v1.data has AUTOTUNE
_TF1_ONLY = ("tensorflow.flags.", "tensorflow.app.", "tensorflow.logging.", "tensorflow.gfile.", "tensorflow.contrib.",
             "tensorflow.Session", "tensorflow.placeholder", "tensorflow.get_variable", "tensorflow.variable_scope")


def _subclasses(file: FileContext, owner: ast.ClassDef) -> list[ast.ClassDef]:
    """The classes of the file that derive from `owner` directly."""
    name = file.qualnames.get(owner)
    return [node for node in file.qualnames if type(node) is ast.ClassDef and name in _project_bases(file, node)]


def _tf1_code(file: FileContext) -> bool:
    """Whether the file calls TensorFlow 1's top-level API (`tf.flags`, `tf.logging`, `tf.Session`...)."""
    if "tf1_code" not in file.shared:
        file.shared["tf1_code"] = _calls_under(file, _TF1_ONLY)
    return file.shared["tf1_code"]


def tensorflow_of(file: FileContext) -> tuple[tuple[int, int], str]:
    """The TensorFlow release the file's code runs on ((major, minor)) and, for messages, how that is
    known: TensorFlow 1 for a file that calls TF1's own top-level API (it cannot run on TF 2) on a target
    whose software runs TF 1, else the tensorflow-version setting, the TensorFlow installed here, or an
    assumption the text names (on a target that runs TensorFlow 2 only, Gaudi's, TF1 code runs once ported
    to `tf.compat.v1`, with TF 2's tf.data defaults)."""
    tf1 = _tf1_code(file)
    if tf1 and file.target.runs_tensorflow_1:
        return (1, 15), "TensorFlow 1 (this file calls TensorFlow 1's own top-level API, which TensorFlow 2 lacks)"
    described = file.tensorflow.describe()
    if tf1:  # ("TensorFlow 2.21.0 (installed here; gaudi2 runs ...)")
        described = f"{described[:-1]}; {file.target.name} runs TensorFlow 2 only: this TensorFlow 1 code runs there " \
                    "ported to tf.compat.v1)"
    return file.tensorflow.release, described


def _calls_under(file: FileContext, prefixes: tuple[str, ...]) -> bool:
    """Whether the file calls a name, as written through its imports, under one of the prefixes."""
    return any((file.raw_name(call.func, public_names=False) or "").startswith(prefixes) for call in file.calls)


def _combining(file: FileContext, node: ast.AST) -> ast.Call | None:
    """The call that combines a dataset with others: `tf.data.Dataset.zip((a, node))`,
    `sample_from_datasets([...])`, `a.concatenate(node)`."""
    parent = file.argument_parent(node)
    if isinstance(parent, (ast.Tuple, ast.List)):
        parent = file.argument_parent(parent)
    if not isinstance(parent, ast.Call):
        return None
    func = parent.func
    if isinstance(func, ast.Attribute) and func.attr == "concatenate" and func.value is not node:
        return parent
    name = file.qualified(func) or ""
    return parent if name.endswith(("Dataset.zip", "sample_from_datasets")) else None


def _sink_of(pipeline: Pipeline) -> str:
    """What takes a pipeline's elements (`Pipeline.sink`: "iterate" for a loop or an iterator), also where its callers
    do, each the same (a `return` whose callers all iterate it); "" otherwise."""
    if pipeline.exit == "sink":
        return pipeline.sink or ""
    if pipeline.exit == "passed" and pipeline.by is not None:
        return "iterate"
    kinds = {d[6] if len(d) > 6 else "" for d in pipeline.downstream} if pipeline.exit == "return" else set()
    return kinds.pop() if len(kinds) == 1 else ""


def _hands_over(function: ast.FunctionDef, attribute: ast.Attribute) -> bool:
    """Whether an `__iter__` hands over the elements of `self.<attr>`: returns an iteration of it (`iter(self.data)`,
    `map(f, self.data)`, `enumerate(self.data)`, `self.data.__iter__()`, `iter(self.data.prefetch(2))`) or yields from
    it (`yield from self.data`, a `for` over it that yields)."""
    for node in ast.walk(function):
        if type(node) is ast.Return and node.value is not None:
            value = node.value
            if type(value) is ast.Call and type(value.func) is ast.Name and value.func.id in ("iter", "map", "enumerate"):
                value = value.args[-1] if value.args else None
            elif type(value) is ast.Call and type(value.func) is ast.Attribute and value.func.attr == "__iter__":
                value = value.func.value
            else:
                continue
        elif type(node) is ast.YieldFrom:
            value = node.value
        elif type(node) is ast.For and any(type(n) in (ast.Yield, ast.YieldFrom) for n in ast.walk(node)):
            value = node.iter
        else:
            continue
        while type(value) is ast.Call and type(value.func) is ast.Attribute:
            value = value.func.value  # (`self.data.prefetch(2)`: its stages are the pipeline's)
        if value is not None and _same_attribute(value, attribute):
            return True
    return False


def _counted(file: FileContext, node: ast.AST) -> bool:
    """`len(<node>)`: the number of its elements, read without taking one."""
    parent = file.parent(node)
    return type(parent) is ast.Call and type(parent.func) is ast.Name and parent.func.id == "len" and \
        parent.args == [node] and "len" not in file.def_names


_DESCRIPTIONS = ("output_types", "output_shapes", "output_classes", "element_spec")


def _described(file: FileContext, node: ast.AST) -> bool:
    """`<node>.output_types` (TensorFlow 1's structure of a dataset's elements, `element_spec`): what its
    elements are, read without taking one (`Iterator.from_structure(ds.output_types, ds.output_shapes)`)."""
    parent = file.parent(node)
    return type(parent) is ast.Attribute and parent.value is node and parent.attr in _DESCRIPTIONS or \
        _initializer_made(parent, node)


def _initializer_made(call: ast.AST, node: ast.AST) -> bool:
    """`<iterator>.make_initializer(<node>)`: TensorFlow 1's reinitializable iterator takes the dataset (the
    pipeline's end, `Pipelines._initialized_from`)."""
    return type(call) is ast.Call and type(call.func) is ast.Attribute and call.func.attr == "make_initializer" \
        and bool(call.args) and call.args[0] is node


def _same_attribute(node: ast.AST, attribute: ast.Attribute) -> bool:
    return is_self_attribute(node) and node.attr == attribute.attr


def _may_change(stmt: ast.stmt, attr: str) -> bool:
    """Whether a statement may change `self.<attr>`: it stores it, or calls a method of `self`."""
    for node in ast.walk(stmt):
        if is_self_attribute(node) and node.attr == attr and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, ast.Call) and is_self_attribute(node.func):
            return True
    return False


def _project_bases(file: FileContext, node: ast.ClassDef) -> tuple[str, ...]:
    """The project classes a class names as its bases."""
    return tuple(base for base in (file.def_of(expr) for expr in node.bases) if base is not None)


def _unpacked_source(file: FileContext, bound) -> ast.Call | None:
    """`train, test = tfds.load(..., split=["train", "test"])` (also `override or builder.as_dataset(...)`):
    the source call a tuple of datasets comes from."""
    stmt = bound.stmt if bound is not None else None
    if not isinstance(stmt, ast.Assign):
        return None
    value = stmt.value
    candidates = value.values if isinstance(value, ast.BoolOp) else [value]
    for candidate in candidates:
        if isinstance(candidate, ast.Call) and (is_source(file.qualified(candidate.func)) or
                                                _tfds(file.qualified(candidate.func), candidate)):
            return candidate
    return None


def _root_callee(file: FileContext, call: ast.AST) -> str | None:
    """The project function a pipeline's root call calls: `file.callee`, or a static or class method of a class
    of another module named through it (`modelnet40.ModelNet40.load(split="train")`)."""
    if not isinstance(call, ast.Call):
        return None
    callee = file.callee(call)
    if callee is None and type(call.func) is ast.Attribute:
        member = file.class_member_of(call.func) or _instance_method(file, call.func)
        if member is not None and file.project.query(RETURNS, member):  # (one that returns a dataset: the summary says)
            return member
    return callee or file.shared.get("named_calls", {}).get(id(call))


def _instance_method(file: FileContext, func: ast.Attribute) -> str | None:
    """`loader.load_dataset` where every binding of the local `loader` in its function makes an instance of one and
    the same project class (`loader = cyclegan_dataloader(name)` / `else: loader = data.cyclegan_dataloader(d)`), or
    the instance made in place (`cyclegan_dataloader(d).load_dataset()`), whatever the class's capitalisation:
    `<class>.load_dataset`, the method the call runs (`FileContext.callee` takes a class of another module only by a
    capitalised name; the caller asks the project's RETURNS summary of the name, the evidence that it is a method
    returning datasets). None otherwise."""
    holder = func.value
    if type(holder) is ast.Call:
        made = {_made_class(file, holder)}
    elif type(holder) is ast.Name:
        if holder.id not in _call_bound_names(file):
            return None  # (the cheap test first: most names hold no call's result)
        bound = file.binding(holder)
        if bound is None or type(bound.stmt) is not ast.Assign:
            return None
        scope = file.scope_of(bound.stmt)
        if isinstance(scope, (ast.Module, ast.ClassDef)):
            return None  # (a module's or class's name: code elsewhere may rebind it)
        index = file.scope_index(scope)
        if holder.id in index.dynamic:
            return None
        made = {_made_class(file, b.value) if type(b.stmt) is ast.Assign else None
                for b in index.bindings.get(holder.id, ())}
    else:
        return None
    cls = made.pop() if len(made) == 1 else None
    if not cls or not file.project.query(RETURNS, f"{cls}.{func.attr}"):
        return None
    own = file.defs.get(cls)  # (a class, not a function of the project whose nested function has the name)
    if not (isinstance(own, ast.ClassDef) or own is None and "class" in file.project.query(DEFINED, cls)):
        return None
    return f"{cls}.{func.attr}"


def _call_bound_names(file: FileContext) -> frozenset[str]:
    """The names some assignment of the file binds to a call's result (`loader = data_loader(d)`), once per file."""
    found = file.shared.get("call_bound")
    if found is None:
        found = file.shared["call_bound"] = frozenset(
            target.id for node in file.references if type(node) is ast.Assign and type(node.value) is ast.Call
            for target in node.targets if type(target) is ast.Name)
    return found


def _made_class(file: FileContext, value: ast.AST | None) -> str | None:
    """The project name a call of a name or module attribute calls (`Loader(...)`, `data.loader(...)`), or None."""
    if type(value) is not ast.Call or type(value.func) not in (ast.Name, ast.Attribute):
        return None
    return file.def_of(value.func)


def _unpacked_returned(file: FileContext, bound) -> ast.Call | None:
    """`train_ds, test_ds = loader.load_dataset()`: names unpacked from a project function every dataset return of
    which is a tuple or list of datasets (RETURNS, listed: `return train_ds, test_ds`); the call, whose summary
    (`Pipelines.upstream` of an "<element>") is what its returned datasets hold."""
    stmt = bound.stmt if bound is not None else None
    if type(stmt) is not ast.Assign or len(stmt.targets) != 1 or type(stmt.targets[0]) not in (ast.Tuple, ast.List) \
            or type(stmt.value) is not ast.Call or not all(type(e) is ast.Name for e in stmt.targets[0].elts):
        return None
    callee = _root_callee(file, stmt.value)
    facts = file.project.query(RETURNS, callee) if callee else []
    if not facts or not all(f[6] for f in facts):
        return None
    # (only the names at a place of the tuple some return puts a dataset at: `dataset, spec = self._process(ds)`
    # with `return dataset, spec` unpacks one dataset; `return [.. for ..]` says no place: every name may be one)
    at = next((i for i, e in enumerate(stmt.targets[0].elts) if e.id == bound.name), None)
    places = {f[8] for f in facts}
    return stmt.value if None in places or at in places else None


def _unpacked_with_info(file: FileContext, bound, name: str) -> ast.Call | None:
    """`ds, info = data.Builder.load(split="train", with_info=True)`: a project function that hands its keywords
    on to `tfds.load` (TensorFlow Datasets' `(dataset, info)` pair); the call, for the first name unpacked."""
    stmt = bound.stmt if bound is not None else None
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Tuple):
        return None
    first = stmt.targets[0].elts[0] if len(stmt.targets[0].elts) == 2 else None
    value = stmt.value
    if not (isinstance(first, ast.Name) and first.id == name and isinstance(value, ast.Call)):
        return None
    if not any(k.arg == "with_info" and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in value.keywords):
        return None
    return value if _root_callee(file, value) is not None else None


def _split_of_source(file: FileContext, expr: ast.AST) -> ast.Call | None:
    """`tfds.load(name)["train"]`, also through a name (`dataset, info = tfds.load(name, with_info=True)`
    then `dataset["train"]`): TensorFlow Datasets' dict of splits indexed by one; the source call."""
    if not (isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and
            isinstance(expr.slice.value, str)):
        return None
    value = expr.value
    if isinstance(value, ast.Name):
        bound = file.binding(value)
        value = _unpacked_source(file, bound) or (bound.value if bound is not None else None)
    if isinstance(value, ast.Call) and _tfds(file.qualified(value.func), value):
        return value
    return None


def _transformation(file: FileContext, node: ast.AST | None) -> ast.AST | None:
    """The function of the file a `.apply(...)` argument is: a lambda, a function by name, what a
    factory of the file returns (`batch_dataset(n)`), through one local name bound to either."""
    if isinstance(node, ast.Name) and node.id in file.stored_names:
        bound = file.binding(node)
        node = bound.value if bound is not None and isinstance(bound.value, (ast.Lambda, ast.Call)) else node
    if isinstance(node, ast.Lambda):
        return node
    if isinstance(node, ast.Call):
        return made_by_the_file(file, node)
    if isinstance(node, ast.Name):
        function = file.defs.get(file.def_of(node) or "")
        return function if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
    return None


# methods a loop's body calls to train on its batches (`_differentiates_inputs`)
_LOOP_TRAINING = {"apply_gradients", "minimize", "fit", "train_on_batch", "gradient"}


def _stage_context(links: list[Link]) -> str | None:
    """What the pipeline's own functions say it is for: `map(load_eval_image)` builds an evaluation
    input, whatever code builds it."""
    for link in links:
        if link.method not in ("map", "filter", "flat_map", "interleave") or not link.call.args:
            continue
        function = link.call.args[0]
        names = [n.func for n in ast.walk(function) if isinstance(n, ast.Call)] if isinstance(function, ast.Lambda) \
            else [function]
        for name in names:
            label = name.id if isinstance(name, ast.Name) else name.attr if isinstance(name, ast.Attribute) else ""
            kind = name_context(label) if label else None
            if kind in ("eval", "inference", "test", "synthetic"):
                return kind
    return None


# exits that are no use of the data: a chain left unread or discarded (`ds.prefetch(n)` as a statement)
_JOIN_SKIPPED = frozenset({"dead", "discarded"})


def _exit_name(file: FileContext, pipeline: Pipeline) -> str | None:
    """The variable a pipeline leaves in: the name read where it leaves (`return train_ds, valid_ds`), the
    attribute (`self.val_ds`), or the one its last assignment binds (`test_ds = ds.batch(n)` unread)."""
    node = pipeline.node
    if pipeline.exit in ("out", "dead"):
        parent = file.parent(node)
        if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
            return parent.targets[0].id
    return node.id if type(node) is ast.Name else node.attr if type(node) is ast.Attribute else None


def _all_named(names: list[str]) -> str | None:
    """"eval" when every variable (or parameter) that holds the pipeline on its way is named for evaluation
    data (`validation_dataset = validation_dataset.shard(...).batch(n)` returned as it is made)."""
    kinds = {data_name_purpose(name) for name in names}
    return kinds.pop() if len(kinds) == 1 and None not in kinds else None


def _candidate(file: FileContext, call: ast.Call) -> bool:
    """A call a pipeline may start or go on from (`Pipelines.calls`: asked of every call of the file, the
    cheap tests first, the project function a call reaches looked up once)."""
    func = call.func
    if type(func) is ast.Attribute and (func.attr in METHODS or func.attr == "as_dataset"):
        return True  # (a method of a dataset; `builder.as_dataset()`: `_tfds`)
    name = file.qualified(func)
    if name and (is_source(name) or _tfds(name, call)):
        return True
    callee = _root_callee(file, call)
    return callee is not None and bool(file.project.query(RETURNS, callee))


def _tfds(name: str | None, call: ast.Call) -> bool:
    """`tfds.load(...)`, `builder.as_dataset(...)`: TensorFlow Datasets' datasets."""
    return bool(name and name.startswith("tensorflow_datasets.")) and name.rsplit(".", 1)[1] in ("load", "as_dataset") \
        or isinstance(call.func, ast.Attribute) and call.func.attr == "as_dataset"


def _dataset_named(file: FileContext, call: ast.Call) -> bool:
    """A project call whose result is a dataset by its summary."""
    return any(not f[6] for f in file.project.query(RETURNS, _root_callee(file, call)))


def _datasets_listed(file: FileContext, call: ast.Call) -> bool:
    """A project call whose result is a list or tuple of datasets by its summary (`return [a, b]`)."""
    facts = file.project.query(RETURNS, _root_callee(file, call))
    return bool(facts) and all(f[6] for f in facts)


def _one_taken(node: ast.AST) -> bool:
    """`ds.take(1)` (`take(count=1)`): a pipeline cut to its first element."""
    if type(node) is not ast.Call or type(node.func) is not ast.Attribute or node.func.attr != "take":
        return False
    count = argument(node, 0, "count")
    return type(count) is ast.Constant and count.value == 1 and type(count.value) is int


def _next_of(holder: ast.AST | None, made: ast.AST) -> bool:
    """`next(made)`, `next(made, default)`: the call takes one element of the iterator `made`."""
    return type(holder) is ast.Call and type(holder.func) is ast.Name and holder.func.id == "next" and \
        len(holder.args) in (1, 2) and holder.args[0] is made and not holder.keywords


def _self_of_other_class(file: FileContext, root: Link) -> bool:
    """A chain on `self` in a class none of whose bases says Dataset (`self.batch(i)` in a `keras.utils.Sequence`:
    its own method giving the indices of batch i): the instance is that class's, never a `tf.data.Dataset`, which
    only a subclass of one is."""
    name = root.call
    if root.method != "<param>" or type(name) is not ast.Name or name.id != "self":
        return False
    owner = file.enclosing_class(name)
    return owner is not None and not any("dataset" in file.segment(base).lower() for base in owner.bases)


def _dataset_chain(links: list[Link], names: list[str]) -> bool:
    """A source's chain; a chain with a method only a dataset has; or dataset methods on a variable
    named like one (`dataset.map(f)`; `frame.map(f)` may be pandas)."""
    root = links[0]
    if root.method == "<source>":
        return True
    methods = [link.method for link in links if link.method in METHODS]
    if root.method == "<call>" and not methods:
        return False  # a project function's result: its summary says (Pipelines.is_dataset)
    if any(m in STRONG for m in methods):
        return True
    producer = root.call.func if isinstance(root.call, ast.Call) else root.call  # input_fn(params).map(...)
    if isinstance(producer, ast.Name):
        names = [*names, producer.id]
    elif isinstance(producer, ast.Attribute):
        names = [*names, producer.attr]
    return bool(methods) and any(part in name.lower() for name in names for part in DATASET_NAMES)


_TAKES = ("take", "take_while")


def _takes(stages: list[Link]) -> bool:
    """Whether some of `stages` takes only part of the dataset (`take`, `take_while`)."""
    return any(s.method in _TAKES for s in stages)


def _lambda_callee(given: ast.AST | None) -> ast.AST | None:
    """What a lambda of no parameters calls (`lambda: gen(files)`: `gen`), else `given` itself."""
    if isinstance(given, ast.Lambda) and isinstance(given.body, ast.Call) and not given.args.args:
        return given.body.func
    return given


def _all_or_none(ends: list) -> bool | None:
    """True when every one of `ends` is True, False when every one is False, else (or for none) None."""
    if not ends:
        return None
    return True if all(e is True for e in ends) else False if all(e is False for e in ends) else None


def _finite_source(file: FileContext, call: ast.AST) -> bool | None:
    """Sources end (files, slices, ranges, zips of those) unless they are counters or random
    streams; a generator's length is not in the source."""
    name = file.qualified(call.func) if isinstance(call, ast.Call) else None
    if name is None or name.rsplit(".", 1)[1] in ("from_generator", "interleave", "choose_from_datasets"):
        return None
    return not name.endswith(("Dataset.random", "RandomDataset", "Dataset.counter", "experimental.Counter"))


_ENDLESS_ITERATORS = ("itertools.count", "itertools.cycle", "itertools.repeat")


def _generator_end(file: FileContext, function: ast.AST) -> bool | None:
    """For a generator function (a yield of its own, not of a function or class inside it): whether it ends: False
    when a yield sits in a `while` loop or in a `for` loop over an endless iterator (`itertools.count()`, `cycle`,
    `repeat` without a count), or it delegates (`yield from`: the other's length); True otherwise. None: not a
    generator function."""
    return _generator_ends_of(file).get(function)


def _generator_ends_of(file: FileContext) -> dict[ast.AST, bool]:
    """`_generator_end` of each generator function of the file, found from its yields up (one pass over the file's
    nodes, not a walk of each function; memoised per file)."""
    found = file.shared.get("generator-ends")
    if found is None:
        found = file.shared["generator-ends"] = {}
        if "yield" not in file.text:
            return found
        iterated: dict[ast.AST, list[ast.Call]] = {}  # generator -> the calls its yields' `for` loops iterate
        for node in file.parents:  # (every node of the tree)
            kind = type(node)
            if kind is not ast.Yield and kind is not ast.YieldFrom:
                continue
            ends, child, loops = kind is ast.Yield, node, []
            for anc in file.ancestors(node):
                if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found[anc] = found.get(anc, True) and ends
                    iterated.setdefault(anc, []).extend(loops)
                    break
                if isinstance(anc, (ast.Lambda, ast.ClassDef)):
                    break
                if isinstance(anc, ast.While) and child is not anc.test or isinstance(anc, (ast.For, ast.AsyncFor)) \
                        and child is not anc.iter and _endless_iterator(file, anc.iter):
                    ends = False
                elif isinstance(anc, (ast.For, ast.AsyncFor)) and child is not anc.iter and type(anc.iter) is ast.Call:
                    loops.append(anc.iter)
                child = anc
        _iterating_endless(file, found, iterated)
    return found


def _iterating_endless(file: FileContext, found: dict[ast.AST, bool], iterated: dict[ast.AST, list[ast.Call]]) -> None:
    """A generator whose yields sit in a `for` loop over a generator that does not end (`for d in self.forfit():
    yield d` with `forfit` a `while True:` generator, of this file or, by its GENERATOR_ENDS, of another module)
    does not end either: set False in `found`, until nothing changes (a chain of such generators)."""
    changed = True
    while changed:
        changed = False
        for function, calls in iterated.items():
            if found.get(function) and any(_endless_call(file, found, call) for call in calls):
                found[function], changed = False, True


def _endless_call(file: FileContext, found: dict[ast.AST, bool], call: ast.Call) -> bool:
    """A call of a project generator function known not to end (this file's `found`, else GENERATOR_ENDS)."""
    name = file.def_of(call.func)
    if name is None:
        return False
    own = file.defs.get(name)
    if own is not None:
        return found.get(own) is False
    facts = file.project.query(GENERATOR_ENDS, name)
    return bool(facts) and not all(facts)


def _endless_iterator(file: FileContext, expr: ast.AST) -> bool:
    """`itertools.count()`, `itertools.cycle(x)`, `itertools.repeat(x)` without a count."""
    if not isinstance(expr, ast.Call):
        return False
    name = file.qualified(expr.func)
    return name in _ENDLESS_ITERATORS and (name != "itertools.repeat" or
                                           len(expr.args) < 2 and not any(k.arg == "times" for k in expr.keywords))


def _abstract(function: ast.AST) -> bool:
    """A method with no body of its own (a docstring, `pass`, `...`, `raise NotImplementedError`), or declared
    `@abstractmethod`: its subclasses say what it does."""
    if any((d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", "")) == "abstractmethod"
           for d in function.decorator_list):
        return True
    for stmt in function.body:
        if isinstance(stmt, ast.Pass) or isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue
        if isinstance(stmt, ast.Raise) and "NotImplementedError" in ast.unparse(stmt.exc or ast.Constant(None)):
            continue
        return False
    return True


def _generator(file: FileContext, link: Link) -> bool:
    """`tf.data.Dataset.from_generator(...)`: a source that runs Python for each element."""
    return link.method == "<source>" and isinstance(link.call, ast.Call) and \
        (file.qualified(link.call.func) or "").endswith(".from_generator")


def _ends_prefetched(stages: list[Link]) -> bool:
    """The last stage is a prefetch (to the host or to a device)."""
    return bool(stages) and (stages[-1].method == "prefetch" or stages[-1].device)


def handed_to(file: FileContext, node: ast.AST) -> tuple[str, int | None, str | None] | None:
    """(the project function, position, keyword) a value is handed to as an argument: a call of a project function
    (`train_loop(model, ds)`), or of a method of a parameter annotated with a project class (`def train_loop(model:
    Net, ds)` ... `model.run_epoch(ds)`: Net's method); None otherwise."""
    slot = _argument_slot(file, node)
    if slot is None:
        return None
    call, position, keyword = slot
    callee = file.callee(call) or _annotated_method(file, call.func)
    return (callee, position, keyword) if callee is not None else None


def _argument_slot(file: FileContext, node: ast.AST) -> tuple[ast.Call, int | None, str | None] | None:
    """(the call, position, keyword) where `node` is passed as an argument: by position (no `*args` before it) or
    by a named keyword; None otherwise (not an argument, after a star, under `**`)."""
    parent = file.parent(node)
    call = file.parent(parent) if isinstance(parent, ast.keyword) else parent
    if not isinstance(call, ast.Call):
        return None
    if isinstance(parent, ast.keyword):
        return (call, None, parent.arg) if parent.arg is not None else None
    index = next((i for i, a in enumerate(call.args) if a is node), None)
    if index is None or any(isinstance(a, ast.Starred) for a in call.args[:index]):
        return None
    return call, index, None


def _annotated_method(file: FileContext, func: ast.expr) -> str | None:
    """`model.run_epoch` where `model` is a parameter annotated with a project class (`model: Net`): Net's method."""
    if type(func) is not ast.Attribute or type(func.value) is not ast.Name:
        return None
    annotation = parameter_annotation(file, func.value)
    made = file.def_of(annotation) if annotation is not None else None
    if made is None or not made.rpartition(".")[2][:1].isupper():
        return None
    bound = file.binding(func.value)
    return f"{made}.{func.attr}" if bound is None or bound.stmt is None else None


def iterated_by(project, handed: tuple[str, int | None, str | None], depth: int = MAX_HANDS,
                training: bool = False) -> str | None:
    """The project function whose loop iterates a value handed as (callee, position, keyword), directly or handed on
    as it arrives through up to `depth` project calls (ITERATED, HANDED_ON); None when none is known to. With
    `training`, only a loop of training steps counts (an ITERATED fact's third part)."""
    callee, position, keyword = handed

    def matches(fact):
        return fact[0] == position if position is not None else fact[1] == keyword

    if any(matches(f) and (not training or f[2]) for f in project.query(ITERATED, callee)):
        return callee
    if depth > 1:
        for fact in project.query(HANDED_ON, callee):
            if matches(fact) and (found := iterated_by(project, tuple(fact[2:5]), depth - 1, training)):
                return found
    return None


def _endless(file: FileContext, link: Link) -> bool:
    """`.repeat()`, `.repeat(None)`, `.repeat(-1)`: repeated without end (`repeat(n)` leaves it finite); also
    `.repeat(count=num_repeat)` with a parameter whose default is None or -1 (what callers pass aside)."""
    call = link.call
    if link.method != "repeat" or not isinstance(call, ast.Call) or len(call.args) + len(call.keywords) > 1:
        return False
    count = argument(call, 0, "count")
    if count is None:
        return not call.args and not call.keywords
    if isinstance(count, ast.Name) and parameter_of(file, count) is not None:
        function = parameter_owner(file, count)
        count = parameter_defaults(function).get(count.id) if function is not None else None
    return _endless_count(count)


def _repeat_skipped(file: FileContext, link: Link, at: ast.AST) -> ast.expr | None:
    """The test of the `if` a repeat without end runs under when the batch `at` is after that `if`, not in it
    (`if is_training and not prevent_repeat: dataset = dataset.repeat()` ... `dataset = dataset.batch(n)`): on
    the path that skips it the dataset reaches the batch as it comes, and ends if it does. None when the repeat
    runs on every path to the batch (no such `if`, the batch in the same branch, or the other branch repeats
    too)."""
    stmt = file.statement_of(link.call)
    if stmt is None:
        return None
    around = set(map(id, file.ancestors(at)))
    child = stmt
    for anc in file.ancestors(stmt):
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)):
            return None
        if type(anc) is ast.If and id(anc) not in around:
            other = anc.orelse if any(child is s for s in anc.body) else anc.body
            if any(type(n) is ast.Call and type(n.func) is ast.Attribute and n.func.attr == "repeat"
                   for s in other for n in ast.walk(s)):
                return None  # (both branches repeat)
            return anc.test
        child = anc
    return None


def _stated_end(file: FileContext, before: list[Link]) -> str:
    """Why the code says a dataset of unknown end reaches a batch finite (for the message), or "": a repeat with a
    count before the batch (`repeat(epochs)`, `repeat(count=conf["epochs"])`; not None or -1, nor a parameter
    that defaults to one: `_endless`), a number of passes, which only a dataset that ends has. (A written-out
    `drop_remainder=False` says less: the code that writes it mostly pads the last batch back itself, in a
    project function the chain hands it to.)"""
    for link in before:
        if link.method == "repeat" and type(link.call) is ast.Call and (link.call.args or link.call.keywords) \
                and not _endless(file, link):
            return f"repeat({_text(file, argument(link.call, 0, 'count'))}) at line {link.call.lineno} makes a " \
                   "number of passes over it: the data ends"
    return ""


def _repeated_after(pipeline: Pipeline, link: Link) -> str:
    """Why the code says the dataset a batch is given ends (for the message), or "": the chain repeats the batches
    after it (`ds.batch(n).repeat()`), and one repeats only a dataset that ends; the partial last batch then comes
    back at every pass. Not when a later stage splits the batches again (`unbatch`, `rebatch`) or takes some of
    them (`take`: the passes may stop before the end)."""
    stages = pipeline.stages
    after = stages[next((i for i, s in enumerate(stages) if s is link), len(stages)) + 1:]
    for stage in after:
        if stage.method in ("unbatch", "rebatch", *_TAKES):
            return ""
        if stage.method == "repeat":
            return f"the repeat() of line {stage.call.lineno} repeats its batches, and one repeats only a dataset " \
                   "that ends: the partial batch comes back at every pass"
    return ""


def _short_test(file: FileContext, test: ast.expr) -> str:
    shown = " ".join(file.segment(test).split())
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _endless_count(count: ast.AST | None) -> bool:
    """A repeat count of None or -1 (a negative count repeats without end)."""
    if isinstance(count, ast.UnaryOp) and isinstance(count.op, ast.USub) and isinstance(count.operand, ast.Constant):
        return count.operand.value == 1
    return isinstance(count, ast.Constant) and count.value is None


def _looped(file: FileContext, node: ast.AST) -> ast.AST | None:
    """The loop that pulls a dataset's batches in its function: `for x in ds`, `for x in iter(ds)`, or
    `it = iter(ds)` then `next(it)` / `it.get_next()` inside a `for` or `while` loop (one `next(iter(ds))` that
    looks at a batch is no loop)."""
    parent = file.parent(node)
    if isinstance(parent, (ast.For, ast.AsyncFor)):
        return parent if parent.iter is node else None
    if type(parent) is not ast.Call or type(parent.func) is not ast.Name or parent.func.id not in ("iter", "enumerate") \
            or parent.args[:1] != [node]:
        return None
    holder = file.parent(parent)
    if isinstance(holder, (ast.For, ast.AsyncFor)):
        return holder if holder.iter is parent else None
    if type(holder) is not ast.Assign or len(holder.targets) != 1 or type(holder.targets[0]) is not ast.Name \
            or parent.func.id != "iter":
        return None
    for read in file.reaching_reads(holder, holder.targets[0].id):
        use = file.parent(read)
        pulled = type(use) is ast.Call and type(use.func) is ast.Name and use.func.id == "next" and \
            use.args[:1] == [read] or type(use) is ast.Attribute and use.attr == "get_next" and \
            type(file.parent(use)) is ast.Call
        if pulled:
            for anc in file.ancestors(use):
                if isinstance(anc, (ast.For, ast.AsyncFor, ast.While)):
                    return anc
                if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                    break
    return None


# what a loop over (or an iterator of) `self.<attr>` says in the text: `for batch in self.ds`, `enumerate(self.ds)`,
# `iter(self.ds)`, `next(self._iterator)`
_SELF_PULLED = re.compile(r"(?:\bin|\biter\(|\benumerate\(|\bnext\()\s*self\.")
# a call whose name may say training (`context.trains`' words, in any case: `self.train_step(`, `apply_gradients(`,
# `tf.GradientTape(`, `minimize(`, `.run(` of a session's training op is its caller's)
_TRAINING_CALLED = re.compile(r"(?i)(?:train|fit|minimize|gradient|tape|optimizer|tun|learn|compile)[\w.]*\s*\(")


def _loop_named(file: FileContext, by: tuple) -> str:
    """`a loop of training steps` (line, function) for a message."""
    line, where = by[:2]
    return f"the training loop of {where.rpartition('.')[2]}" + (f" at line {line}" if line else "")


def _has_prefetch(links: list[Link]) -> bool:
    return any(link.method == "prefetch" or link.device for link in links)


def _summary(file: FileContext, pipeline: Pipeline) -> tuple:
    """What a returned pipeline holds, as plain data (an Upstream's fields)."""
    stages, up = pipeline.stages, pipeline.upstream
    repeated = up.repeated or any(_endless(file, s) for s in stages)
    return (up.prefetch or _has_prefetch(stages), up.device or any(s.device for s in stages),
            _ends_prefetched(stages) or (not stages and up.ends_prefetched),
            repeated, up.finite, _elements_batched(file, pipeline))


# sources whose elements are batches already (unless given batch_size=None)
_BATCHING_SOURCES = {"make_csv_dataset", "make_batched_features_dataset", "image_dataset_from_directory",
                     "text_dataset_from_directory", "timeseries_dataset_from_array", "audio_dataset_from_directory"}
_OTHER_BATCHES = {"sparse_batch", "bucket_by_sequence_length"}


def _batching_source(file: FileContext, call: ast.AST) -> bool | None:
    """Whether a source's elements are batches: True for the sources that batch, None when the
    source does not say (a generator yields whatever it yields: a loader's collated batches, or
    single examples), else False."""
    name = file.qualified(call.func) if isinstance(call, ast.Call) else None
    if not name:
        return False
    if name.rpartition(".")[2] == "from_generator":
        return None
    size = argument(call, None, "batch_size")
    if name.rsplit(".", 1)[1] in _BATCHING_SOURCES:
        return not (isinstance(size, ast.Constant) and size.value is None)
    return _tfds(name, call) and size is not None and not (isinstance(size, ast.Constant) and size.value is None)


def _elements_batched(file: FileContext, pipeline: Pipeline) -> bool | None:
    """Whether the pipeline's elements are batches where it leaves this function (None: not known)."""
    state = pipeline.upstream.batched
    for stage in pipeline.stages:
        if _batching(file, stage) is not None or stage.method in _OTHER_BATCHES:
            state = True
        elif stage.method == "unbatch":
            state = False
    return state


def _text(file: FileContext, node: ast.AST) -> str:
    text = " ".join(file.segment(node).split())
    return text if len(text) <= 40 else text[:37] + "..."


def method_node(link: Link) -> ast.AST:
    """What to point at for a link: `.batch(32)` rather than the whole chain from its source."""
    return _MethodSpan(link.call) if link.method in METHODS else link.call


class _MethodSpan(ast.AST):
    """A pseudo node spanning `.method(...)` of a call, for precise report positions."""

    def __init__(self, call: ast.Call):
        super().__init__()
        attr = call.func
        self.lineno = attr.end_lineno
        self.col_offset = attr.end_col_offset - len(attr.attr)
        self.end_lineno, self.end_col_offset = call.end_lineno, call.end_col_offset
        self.call = call


class _PipelineVisitor(SourceVisitor):
    """Shared part of the TFP40x visitors: the file's pipelines, found once; judged in `end()`."""

    device_rule = False  # pipelines run on the host: that is where these rules look
    # whether a finding is about a stage's work, which runs for every exit that holds the stage (judged with them
    # all: `Pipelines.stage_context`), rather than about one exit's end (its missing prefetch: that exit's own)
    stage_findings = True
    # the pipelines' summaries, asked and exported only here: a file whose answers change only in them is
    # linted again by these visitors alone
    private_facts = frozenset({RETURNS, USES, BASES, ESTIMATOR_INPUT, TRANSFORM, ARRIVES, SHAPE_SETTER,
                                GENERATOR_ENDS, ENDLESS, ITERATED, HANDED_ON, INSTANCE_ITERATED, ATTR_PULLED})
    # a generator is plain Python: a module of them often names no framework (`def stream(data): while True:
    # yield ...`), and a pipeline's `from_generator` asks whether it ends; a trainer base class is plain Python too
    # (`for batch in self.train_dataset: self.train_step(batch)`), whose derived classes store the pipeline
    helper_facts = frozenset({GENERATOR_ENDS, ATTR_PULLED})

    def __init__(self, file: FileContext):
        super().__init__(file)
        self.pipelines = Pipelines.of(file)

    def summarize(self) -> None:
        if self.file.shared.get("pipelines-summarized") is None:
            self.file.shared["pipelines-summarized"] = True
            self.pipelines.summarize()
            export_shape_setters(self.file)
            export_map_states(self.file)

    def report_at(self, link: Link, message: str, pipeline: Pipeline | None = None, **kwargs) -> None:
        node = method_node(link)
        context = None if pipeline is None else self.pipelines.stage_context(link.call, pipeline) \
            if self.stage_findings else pipeline.context or _downstream_context(pipeline.downstream)
        self.report(node, message, context=context, **kwargs)

    def _overlap(self, pipeline: Pipeline) -> tuple[str, str]:
        """(how the end of the pipeline overlaps the step without a prefetch, why it does not): one
        of the two is empty. tf.data's own rewrites, in the order it applies them: map_and_batch_fusion
        makes a map followed by batch one asynchronous map_and_batch; inject_prefetch appends
        prefetch(AUTOTUNE) after a synchronous last stage (both need autotune and default rewrites on)."""
        release, tensorflow = tensorflow_of(self.file)
        stages = [s for s in pipeline.stages if s.method not in _PASSING]  # (repeat() hands elements on)
        last = stages[-1] if stages else None
        if last is not None and _asynchronous(self.file, last):
            return f"its last stage .{last.method}() is asynchronous: it runs ahead of the step by itself", ""
        off = _options_off(self.file, pipeline)
        if len(stages) > 1 and stages[-2].method == "map" and last.method == "batch" and \
                release >= MAP_AND_BATCH_FUSION_SINCE and "fusion" not in off:
            return (f"{tensorflow} fuses its last .map() and .batch() into an asynchronous map_and_batch, which builds "
                    "the next batch while the step runs"), ""
        if "prefetch" in off:
            option, line = off["prefetch"]
            return "", f"the options set at line {line} turn {option} off, so tf.data adds no prefetch"
        if release < INJECT_PREFETCH_SINCE and pipeline.sink == "estimator" and _tf1_code(self.file):
            # TensorFlow 1 style input, as a TF1 iterator's (the TF1 pipeline convention): the code runs on an
            # accelerator only ported to TensorFlow 2, whose inject_prefetch supplies the missing stage
            return (f"it is the input an Estimator takes in code for {tensorflow}: ported to the TensorFlow 2 an "
                    f"accelerator runs (>= {'.'.join(map(str, INJECT_PREFETCH_SINCE))}), tf.data appends "
                    "prefetch(AUTOTUNE) after its last stage (inject_prefetch)"), ""
        if release < INJECT_PREFETCH_SINCE:
            return "", (f"{tensorflow} adds no prefetch itself; inject_prefetch is on by default from TensorFlow "
                        f"{'.'.join(map(str, INJECT_PREFETCH_SINCE))}")
        return (f"{tensorflow} appends prefetch(AUTOTUNE) after its last stage when it iterates it (inject_prefetch, "
                "autotune on)"), ""


def _downstream_context(downstream: tuple) -> str | None:
    """Where the callers that end a returned pipeline run: off the training step only when every one
    is (a builder whose training caller and evaluation caller both end what it returns feeds training)."""
    contexts = [d[4] for d in downstream]
    return contexts[0] if contexts and all(contexts) else None


def _ends(pipelines: Pipelines) -> list[Pipeline]:
    """Pipelines that end in this function: at a sink, out of the project, or returned to callers
    that end them without adding a stage."""
    found = []
    for p in pipelines.exits():
        if p.exit in ("sink", "out") or (p.exit == "return" and p.downstream and not any(d[3] for d in p.downstream)):
            found.append(p)
    return found


def _tiny(pipelines: Pipelines, pipeline: Pipeline, per_epoch: bool = False) -> bool:
    """A pipeline of one element (from_tensors): nothing to overlap (never repeated); `per_epoch`:
    one element or a handful per epoch (a range of a small literal), nothing to parallelize."""
    root = pipeline.root
    if root.method != "<source>" or not per_epoch and any(s.method == "repeat" for s in pipeline.stages):
        return False
    name = pipelines.file.qualified(root.call.func)
    if name in ONE_ELEMENT:
        return True
    if per_epoch and name == "tensorflow.data.Dataset.range" and len(root.call.args) == 1:
        count = pipelines.file.literal(root.call.args[0])
        return isinstance(count, int) and count <= 4
    return False


class PipelineWithoutPrefetchSource(_PipelineVisitor):
    stage_findings = False  # (the end of each exit)

    def end(self) -> None:
        discarded = self._discarded()
        for pipeline in _ends(self.pipelines):
            stages = pipeline.stages
            up = pipeline.upstream
            # a bare source is no pipeline, unless it is a generator: the host runs its Python for every element
            last = stages[-1] if stages else pipeline.root if _generator(self.file, pipeline.root) else None
            if last is not None and last.via is not None:
                last = Link("apply", last.via)  # (where the pipeline goes on: the prefetch goes after the .apply())
            if last is None or up.prefetch or _has_prefetch(stages) or any(d[1] for d in pipeline.downstream) \
                    or _tiny(self.pipelines, pipeline) or id(last.call) in discarded:
                continue
            if pipeline.root.method != "<source>" and not up.known and len(stages) < 2:
                continue  # a lone method on an unknown value says too little
            if pipeline.leaves and _elements_batched(self.file, pipeline) is False:
                continue  # handed out unbatched (a loader's per-example dataset): whoever batches it prefetches
            if not stages and pipeline.leaves:
                self.report_at(last, "tf.data pipeline from a generator leaves the project without .prefetch(): "
                                     "if the generator yields whole batches, the device waits while the host's Python "
                                     "makes each one (the source does not say; single examples are batched, and "
                                     "prefetched, by whoever takes them)", pipeline, severity=Severity.INFO,
                               fix=Fix(Safety.ADVISORY, "append .prefetch(tf.data.AUTOTUNE) where the batches are made"))
            elif pipeline.root.method == "<source>" or up.known:
                self._unprefetched(pipeline, last)
            else:
                self.report_at(last, "tf.data pipeline ends without .prefetch() here, unless what it is built "
                                     f"on ({_text(self.file, pipeline.root.call)}) prefetches: the source does "
                                     "not say", pipeline, severity=Severity.INFO, fix=self._fix(pipeline, last))

    def _unprefetched(self, pipeline: Pipeline, last: Link) -> None:
        """A pipeline that ends without a prefetch: info where its last stage runs ahead of the step
        by itself or TensorFlow appends the prefetch when it iterates it (the exact fix stays, so that
        the overlap does not depend on options and versions); else a warning that says why."""
        overlap, why_not = self._overlap(pipeline)
        if overlap:
            self.report_at(last, f"tf.data pipeline ends without .prefetch(), but {overlap}: write the prefetch out "
                                 "so that the overlap does not depend on options and versions", pipeline,
                           severity=Severity.INFO, fix=self._fix(pipeline, last))
            return
        self.report_at(last, "tf.data pipeline ends without .prefetch(): the device waits while the host prepares "
                             f"each batch; {why_not}", pipeline, fix=self._fix(pipeline, last))

    def _discarded(self) -> set[int]:
        """Report each prefetch whose result is thrown away (`ds.prefetch(1)` as a statement); the
        stages before it are then not reported again as a pipeline without prefetch."""
        before: set[int] = set()
        for pipeline in self.pipelines.exits():
            stages = pipeline.stages
            if pipeline.exit == "discarded" and _ends_prefetched(stages):
                replaced = self._replaced(stages[:-1])
                self.report_at(stages[-1], "the result of this prefetch is discarded: a dataset method returns a "
                                           "new dataset, so the pipeline goes on without it"
                                           + (f" ({replaced}, so it costs little)" if replaced else ""), pipeline,
                               fix=Fix(Safety.ADVISORY, "assign the result (ds = ds.prefetch(...)) or return it"),
                               severity=Severity.INFO if replaced else None)
                before.update(id(s.call) for s in stages[:-1])
        return before

    def _replaced(self, stages: list[Link]) -> str:
        """What overlaps the pipeline a discarded prefetch was meant for with the step anyway (empty when
        nothing does): its last stage is asynchronous, or the pipeline that goes on (the same stages) is
        handed to a tf.distribute strategy, which prefetches to the devices."""
        working = [s for s in stages if s.method not in _PASSING]
        if working and _asynchronous(self.file, working[-1]):
            return f"its last stage .{working[-1].method}() is asynchronous and runs ahead of the step by itself"
        ids = {id(s.call) for s in stages}
        if ids and any(p.exit == "sink" and p.sink == "distribute" and any(id(s.call) in ids for s in p.stages)
                       for p in self.pipelines.exits()):
            return "the pipeline goes on to a tf.distribute strategy, which prefetches to the devices"
        return ""

    def _fix(self, pipeline: Pipeline, last: Link) -> Fix:
        """Exact when `.prefetch()` can go right after the last stage and nothing else reads the value
        before the end: the last stage is the exit itself, or the one assignment the exit reads, in
        the same block."""
        autotune = self.file.imports.alias_for("tensorflow.data")
        end = last.call
        if autotune is None or pipeline.exit not in ("out", "return", "sink") or not self._straight(pipeline, end):
            device = (f" (on {self.target.name}, .apply(tf.data.experimental.prefetch_to_device(...)) unless a "
                      "tf.distribute strategy or model.fit takes it)") if self.target.is_accelerator else ""
            return Fix(Safety.ADVISORY, f"append .prefetch(tf.data.AUTOTUNE) to the pipeline{device}")
        if not _tf1_code(self.file):
            return Fix(Safety.EXACT, "append .prefetch(tf.data.AUTOTUNE)",
                       (self.insert_after(end, f".prefetch({autotune}.AUTOTUNE)"),))
        # TensorFlow 1 has no tf.data.AUTOTUNE (TF 2.4 made it core); tf.data.experimental has it
        # wherever the file's own tf.data.experimental calls run
        if not _calls_under(self.file, ("tensorflow.data.experimental.",)):
            return Fix(Safety.ADVISORY, "append .prefetch(tf.data.experimental.AUTOTUNE) (TensorFlow 1 code: "
                                        "no tf.data.AUTOTUNE)")
        return Fix(Safety.EXACT, "append .prefetch(tf.data.experimental.AUTOTUNE)",
                   (self.insert_after(end, f".prefetch({autotune}.experimental.AUTOTUNE)"),))

    def _straight(self, pipeline: Pipeline, end: ast.Call) -> bool:
        stmt, exit_stmt = self.file.statement_of(end), self.file.statement_of(pipeline.node)
        if stmt is exit_stmt:
            return True
        node = pipeline.node
        if not (isinstance(node, ast.Name) and isinstance(stmt, ast.Assign) and stmt.value is end):
            return False
        bound = self.file.binding(node)
        here, there = self.file.block_of(stmt), self.file.block_of(exit_stmt)
        reads = self.file.reaching_reads(stmt, node.id)
        return bound is not None and bound.stmt is stmt and here and there and here[0] is there[0] and reads == [node]


class WorkAfterPrefetchSource(_PipelineVisitor):
    def end(self) -> None:
        reported: set[int] = set()
        ended = [(pipeline, "") for pipeline in _ends(self.pipelines)]
        for pipeline, why in [*ended, *self._stored_unended(), *self._combined_unended()]:
            stages = pipeline.stages
            if _ends_prefetched(stages) or any(d[1] for d in pipeline.downstream):
                continue  # it ends in a prefetch: an earlier one is deliberate
            last = max((i for i, s in enumerate(stages) if s.method == "prefetch"), default=None)
            after = stages[last + 1:] if last is not None else (stages if pipeline.upstream.ends_prefetched else [])
            work = [link for link in after if link.work and id(link.call) not in reported]
            if work:
                self._report_work(pipeline, work, why)
                reported.update(id(link.call) for link in work)

    def _report_work(self, pipeline: Pipeline, work: list[Link], why: str) -> None:
        """Info where tf.data overlaps the pipeline's end itself (as TFP401 judges it): the work after the
        prefetch then runs ahead of the step too, as fast as with the prefetch moved last
        (benchmarks/tfdata_defaults.py); else a warning that says why nothing overlaps it."""
        overlap, why_not = self._overlap(pipeline)
        fix = Fix(Safety.ADVISORY, "make prefetch the last transformation")
        for link in work:
            if overlap:
                self.report_at(link, f".{link.method}() after .prefetch(){why}, but {overlap}, which overlaps this "
                                     "work with the step too: move the prefetch last so that the overlap does not "
                                     "depend on options and versions", pipeline, fix=fix, severity=Severity.INFO)
            else:
                self.report_at(link, f".{link.method}() after .prefetch() runs without overlap with the device "
                                     f"step{why}: {why_not}", pipeline, fix=fix)

    def _combined_unended(self) -> list[tuple[Pipeline, str]]:
        """Operands of a zip or concatenate (`tf.data.Dataset.zip((noise, images))`) whose combined
        pipeline ends here without a prefetch: their work after their own prefetch is not overlapped
        either."""
        unended = {id(link.call) for p in _ends(self.pipelines) for link in p.links
                   if not _ends_prefetched(p.stages) and not any(d[1] for d in p.downstream)}
        found = []
        for pipeline in self.pipelines.exits():
            combined = _combining(self.file, pipeline.node) if pipeline.exit == "sub" else None
            if combined is not None and id(combined) in unended:
                found.append((pipeline, f" (it is combined at line {combined.lineno} into a pipeline that ends "
                                        "without a prefetch)"))
        return found

    def _stored_unended(self) -> list[tuple[Pipeline, str]]:
        """Pipelines stored in `self.<attr>` by a class none of whose methods stores it ending in a
        prefetch (a dataset wrapper whose `batch()` prefetches before it batches): whatever order its
        methods run in, the pipeline it holds never ends in its prefetch, so work after it is not
        overlapped (a prefetch before a final one elsewhere would be deliberate)."""
        found = []
        for pipeline in self.pipelines.exits():
            store = self.file.parent(pipeline.node)
            if pipeline.exit != "stored" or not isinstance(store, ast.Assign) or len(store.targets) != 1 or \
                    not is_self_attribute(store.targets[0]) or not _has_prefetch(pipeline.stages):
                continue
            owner, attr = self.file.enclosing_class(store), store.targets[0].attr
            if owner is not None and not self._stores_prefetched(owner, attr):
                found.append((pipeline, f" (no method of {owner.name} leaves self.{attr} ending in a prefetch)"))
        return found

    def _stores_prefetched(self, owner: ast.ClassDef, attr: str) -> bool:
        """Whether some method of the class leaves `self.<attr>` holding a pipeline whose last stage is
        a prefetch (a store the method's next statements read on is not where it leaves it)."""
        for node in ast.walk(owner):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and is_self_attribute(node.targets[0]) and \
                    node.targets[0].attr == attr and not self.pipelines.attribute_read_on(node):
                if _ends_prefetched([link for link in self.pipelines.chain(node.value) if link.method in METHODS]):
                    return True
        return False


class NoPrefetchToDeviceSource(_PipelineVisitor):
    stage_findings = False  # (the end of each exit)

    def end(self) -> None:
        if not self.target.is_accelerator:
            return
        device = f"/device:{self.target.device_type}:0"
        for pipeline in [*_ends(self.pipelines), *self._iterators()]:
            stages = pipeline.stages
            if pipeline.sink != "iterate" and pipeline.exit != "iterator" or any(s.device for s in stages) or \
                    pipeline.upstream.device or pipeline.evaluated:
                continue  # fit and strategies fetch to their devices, an Estimator feeds them itself (on an HPU, the
                # Estimator is TFP502's)
            by = pipeline.by or (self.pipelines.training_pull(pipeline.node) if pipeline.exit == "sink" else None)
            store = self.file.parent(pipeline.node)
            away = f" (stored in self.{store.targets[0].attr}, pulled by {_loop_named(self.file, by)})" \
                if pipeline.by is not None and type(store) is ast.Assign and is_self_attribute(store.targets[0]) else \
                f" (pulled by {_loop_named(self.file, by)})" if by is not None and _looped(self.file, pipeline.node) \
                is None else ""
            if stages and _has_prefetch(stages):  # (where the loop is, said of a pipeline stored for it)
                self._report_host_prefetch(pipeline, "the loop iterates a pipeline prefetched on the host only"
                                                     f"{away if pipeline.by is not None else ''}", device)
            elif not _has_prefetch(stages) and not pipeline.upstream.prefetch and \
                    (pipeline.root.method == "<source>" or pipeline.upstream.known) and \
                    ((loop := _looped(self.file, pipeline.node)) is not None and
                     trains(node for node in ast.walk(loop) if type(node) is ast.Call) or by is not None) and \
                    (pipeline.context or self.file.local_context(pipeline.node)) not in OFF_STEP:
                # no prefetch at all (where the pipeline's last stage is, TFP401 says so too), pulled by a loop that
                # trains on its batches (a loop of a test, a tool or a check that only reads them is left alone)
                self._report_host_prefetch(pipeline, "a training loop pulls its batches from a pipeline with no "
                                                     f"prefetch at all{away}", device)
        for pipeline in self.pipelines.exits():  # returned to callers that iterate it (`self._make_train()` in a base
            # class's `__init__` whose iterator's initializer takes it): the callers' chains add no stage
            stages = pipeline.stages
            if pipeline.exit == "return" and stages and _ends_prefetched(stages) and \
                    not any(s.device for s in stages) and not pipeline.upstream.device and pipeline.downstream and \
                    not any(d[2] or d[3] for d in pipeline.downstream) and _sink_of(pipeline) == "iterate" and \
                    _downstream_context(pipeline.downstream) not in OFF_STEP:
                self._report_host_prefetch(pipeline, "its callers iterate this pipeline, returned to them prefetched "
                                                     "on the host only", device)
        for pipeline in self.pipelines.exits():  # returned to callers some of which iterate it as it is, the others
            # going on with it (`make_replay_dataset()` that one agent hands to its learner's training step, another
            # zips with a second dataset): the loop of the former pulls a pipeline prefetched on the host only
            stages = pipeline.stages
            if pipeline.exit == "passed" and type(self.file.parent(pipeline.node)) is ast.Return and stages and \
                    _ends_prefetched(stages) and not any(s.device for s in stages) and not pipeline.upstream.device \
                    and (pipeline.context or self.file.local_context(pipeline.node)) not in OFF_STEP and \
                    self.pipelines.iterated_as_returned(pipeline):
                self._report_host_prefetch(pipeline, "some of its callers iterate this pipeline as it is returned to "
                                                     "them, prefetched on the host only (the others go on with it: "
                                                     "prefetch to the device where they iterate it)", device)
        for pipeline in self.pipelines.exits():  # held by a class whose instances a training loop iterates
            if pipeline.exit == "stored":
                self._iterated_through_instances(pipeline, device)
        for pipeline in self.pipelines.exits():  # handed to project code whose loop iterates it (calls away)
            stages = pipeline.stages
            if pipeline.exit == "passed" and pipeline.by is not None and stages and not _ends_prefetched(stages) and \
                    not any(s.device for s in stages) and not pipeline.upstream.device and \
                    (pipeline.root.method == "<source>" or pipeline.upstream.known) and \
                    (pipeline.context or self.file.local_context(pipeline.node)) not in OFF_STEP:
                # (a pipeline ending in a prefetch is the next check's)
                what = "prefetched on the host only, before its last stages" if _has_prefetch(stages) or \
                    pipeline.upstream.prefetch else "with no prefetch at all"
                self._report_host_prefetch(pipeline, f"a training loop of {pipeline.by[1]} pulls its batches from this "
                                                     f"pipeline, handed to it {what}", device)
                continue
            if not stages or not _ends_prefetched(stages) or any(s.device for s in stages) or pipeline.upstream.device:
                continue
            handed = handed_to(self.file, pipeline.node) if pipeline.exit != "sink" else None
            loop = iterated_by(self.file.project, handed) if handed is not None else None
            if loop is None:
                continue
            self._report_host_prefetch(pipeline, f"a loop of {loop} iterates this pipeline, handed to it prefetched "
                                                 "on the host only", device)

    def _iterated_through_instances(self, pipeline: Pipeline, device: str) -> None:
        """A pipeline a class stores in `self.<attr>` and hands over in its own `__iter__` (`return iter(self.data)`,
        `return map(self, self.data)`, `yield from self.data`, `for x in self.data: yield ...`), where a loop of
        training steps of the project iterates an instance of the class (INSTANCE_ITERATED): the loop pulls the
        pipeline's batches, prefetched on the host at most."""
        file = self.file
        stages = pipeline.stages
        store = file.parent(pipeline.node)
        if type(store) is not ast.Assign or len(store.targets) != 1 or not is_self_attribute(store.targets[0]) or \
                any(s.device for s in stages) or pipeline.upstream.device or \
                (pipeline.context or file.local_context(pipeline.node)) in OFF_STEP:
            return
        owner = file.enclosing_class(store)
        name = file.qualnames.get(owner) if owner is not None else None
        handed = next((f for f in owner.body if type(f) is ast.FunctionDef and f.name == "__iter__"), None) \
            if name is not None else None
        if handed is None or not _hands_over(handed, store.targets[0]):
            return
        loops = file.project.query(INSTANCE_ITERATED, name)
        if not loops:
            return
        line, where = sorted(loops)[0]
        what = "prefetched on the host only" if _has_prefetch(stages) else "with no prefetch at all"
        self._report_host_prefetch(pipeline, f"a training loop of {where.rpartition('.')[2]} (line {line}) iterates "
                                             f"{owner.name} objects, whose __iter__ hands over this pipeline {what}",
                                   device)

    def _iterators(self) -> list[Pipeline]:
        """TensorFlow 1's method form `ds.make_one_shot_iterator()` / `ds.make_initializable_iterator()`: the
        iterator the function form `tf.compat.v1.data.make_one_shot_iterator(ds)` makes (a loop's `sess.run` of its
        `get_next()` pulls each batch), unless an Estimator's input_fn returns its next element (the Estimator
        feeds the device itself, as for the function form)."""
        found = []
        for pipeline in self.pipelines.exits():
            if pipeline.exit == "iterator":
                made = self.file.parent(self.file.parent(pipeline.node))
                if not self.pipelines._estimator_features(made):
                    found.append(pipeline)
        return found

    def _report_host_prefetch(self, pipeline, what: str, device: str) -> None:
        stages = pipeline.stages
        last = pipeline.root if not stages else stages[-1] if stages[-1].via is None else Link("apply", stages[-1].via)
        self.report_at(last, f"{what}: no prefetch_to_device on {self.target.name}, the host-to-device copy is not "
                             "overlapped with the step", pipeline,
                       fix=Fix(Safety.ADVISORY, "end the pipeline with "
                               f".apply(tf.data.experimental.prefetch_to_device(\"{device}\"))"))


class SequentialMapSource(_PipelineVisitor):
    def end(self) -> None:
        tiny = {id(s.call) for p in self.pipelines.exits() if _tiny(self.pipelines, p, per_epoch=True)
                for s in p.stages}
        # the choice dataset of choose_from_datasets yields one index per element: its maps compute scalars
        tiny |= {id(s.call) for p in self.pipelines.exits() if p.exit == "sub" and _choice_dataset(self.file, p.node)
                 for s in p.stages}
        contexts = {id(s.call): context for p in self.pipelines.exits() for s in p.stages
                    if p.context and (context := self.pipelines.stage_context(s.call, p))}
        parallelized = self._parallelized_by_options()
        for call in self.pipelines.calls:
            method = call.func.attr if isinstance(call.func, ast.Attribute) else None
            if method not in PARALLEL_POSITION or id(call) in tiny or not self.pipelines.is_dataset(call):
                continue
            function = call.args[0] if call.args else None
            if isinstance(function, ast.Lambda) and self.pipelines.is_dataset(function.body):
                continue  # it maps each element to a dataset (for interleave): nothing to compute in parallel
            work = map_work(self.file, function, self._over_batches(call)) if method == "map" else WORK
            if work == PLUMBING:
                continue  # it only selects, slices, regroups or sets shapes: no op worth a thread
            parallel = argument(call, PARALLEL_POSITION[method], "num_parallel_calls") or \
                _spread_parallel(self.file, call)
            one_core = parallel is None or isinstance(parallel, ast.Constant) and parallel.value is None
            if one_core and method == "map" and self._parallel_by_tf(call, parallelized.get(id(call))):
                self._sequential_map(call, parallelized.get(id(call)), contexts.get(id(call)))
            elif work == LIGHT and (one_core or (parameter_of(self.file, parallel) or
                                                 hyperparameter_of(self.file, parallel)) is not None):
                where = "" if one_core else f" wherever num_parallel_calls={self.file.segment(parallel)} is 1 or None"
                self.report(_MethodSpan(call), f".map() runs on one host core{where}, but its function only does "
                                               "light elementwise work on the element (a cast, arithmetic, a string "
                                               "join, besides selection and shapes): parallel calls pay only if the "
                                               "elements are large, which the source does not show",
                            fix=Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE if the elements are "
                                                     "large"), severity=Severity.INFO, context=contexts.get(id(call)))
            elif one_core and method == "map":
                self._sequential_map(call, parallelized.get(id(call)), contexts.get(id(call)))
            elif one_core:
                self.report(_MethodSpan(call), f".{method}() without num_parallel_calls runs on one host core",
                            fix=Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE"),
                            context=contexts.get(id(call)))
            else:
                self._by_callers(call, method, parallel, contexts.get(id(call)))
        self._cache_after_augmentation(contexts)

    def _over_batches(self, call: ast.Call) -> bool:
        """Whether a map's elements are batches: the stage before it batches (`.batch(n).map(f)`)."""
        receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
        links = self.pipelines.chain(receiver) if receiver is not None else []
        return bool(links) and links[-1].method in ("batch", "padded_batch")

    def _parallel_by_tf(self, call: ast.Call, options_line: int | None) -> bool:
        """Whether tf.data may run this map in parallel itself: map_parallelization on (by default on
        the file's TensorFlow, or by its options), not turned off, and a function with no state shown."""
        release = tensorflow_of(self.file)[0]
        if id(call) in self._options_off().get("parallel", {}):
            return False
        if options_line is None and release < MAP_PARALLELIZATION_SINCE:
            return False
        return map_state(self.file, argument(call, 0, "map_func"))[0] not in (STATEFUL, PYTHON)

    def _sequential_map(self, call: ast.Call, options_line: int | None, context: str | None) -> None:
        """A map without num_parallel_calls: info where tf.data runs it in parallel itself (its function
        is stateless, or the source does not show, which the message says), else a warning that says
        why it runs on one core (a stateful function, options, the TensorFlow version)."""
        span, fix = _MethodSpan(call), Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE, so that it "
                                                             "does not depend on the options, the TensorFlow "
                                                             "version or a stateless function")
        if self._parallel_by_tf(call, options_line):
            release, tensorflow = tensorflow_of(self.file)
            on = (f"the options set at line {options_line} turn on map_parallelization" if options_line is not None
                  else f"{tensorflow} turns on map_parallelization by default")
            state, unseen = map_state(self.file, argument(call, 0, "map_func"))
            said = (f"tf.data runs this stateless map in parallel itself, since {on}, with autotune on"
                    if state == STATELESS else
                    f"tf.data runs it in parallel itself if its function is stateless, since {on}, with autotune on; "
                    f"the source does not show whether it is ({unseen})")
            self.report(span, f".map() without num_parallel_calls: {said}", fix=fix, severity=Severity.INFO,
                        context=context)
            return
        python = self._python_callback(call)
        if python:
            self.report(span, f".map() without num_parallel_calls: its function runs Python ({python}): declared "
                              "stateless, so tf.data may run it in parallel itself, but the Python body holds the "
                              "GIL, so its calls mostly take turns on the host",
                        fix=Fix(Safety.ADVISORY, "write the Python function's work in TensorFlow ops, so that the "
                                                 "map's calls run in parallel (num_parallel_calls alone gains only "
                                                 "while the Python code releases the GIL)"), context=context)
            return
        printing = _debug_print(self.file, call)
        if printing is not None:
            self.report(span, f".map() without num_parallel_calls runs on one host core: its only state is a print "
                              f"({printing[0]}) that runs only when the caller turns on "
                              f"{self.file.segment(printing[1]) if printing[1] is not None else 'a flag'}, off by default: a "
                              "debugging aid, not the pipeline's work", fix=Fix(Safety.ADVISORY, "pass "
                              "num_parallel_calls=tf.data.AUTOTUNE"), context=context, severity=Severity.INFO)
            return
        said = _said_sequential(self.file, call)
        self.report(span, f".map() without num_parallel_calls runs on one host core: {self._why_one_core(call)}"
                          + (f"; but the comment at line {said} says it is sequential on purpose (the author's word: "
                             "parallel calls may not help, or may not be safe)" if said else ""),
                    fix=Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE"), context=context,
                    severity=Severity.INFO if said else None)

    def _python_callback(self, call: ast.Call) -> str | None:
        """The Python callback declared stateless (`tf.py_func(..., stateful=False)`) that is all that
        keeps the map's function from being stateless, where tf.data's map_parallelization is on."""
        state, python = map_state(self.file, argument(call, 0, "map_func"))
        if state != PYTHON or tensorflow_of(self.file)[0] < MAP_PARALLELIZATION_SINCE or \
                id(call) in self._options_off().get("parallel", {}):
            return None
        return python

    def _why_one_core(self, call: ast.Call) -> str:
        state, stateful = map_state(self.file, argument(call, 0, "map_func"))
        if state == STATEFUL:
            return f"its function holds state ({stateful}), so tf.data does not run it in parallel itself"
        off = self._options_off().get("parallel", {}).get(id(call))
        if off is not None:
            return f"the options set at line {off[1]} turn {off[0]} off"
        tensorflow = tensorflow_of(self.file)[1]
        return (f"{tensorflow} does not run a map in parallel itself; map_parallelization is on by default from "
                f"TensorFlow {'.'.join(map(str, MAP_PARALLELIZATION_SINCE))}")

    def _options_off(self) -> dict[str, dict[int, tuple[str, int]]]:
        """rewrite ("parallel", ...) -> the stages of each pipeline whose options may turn it off -> (the
        option, its line); a stage on two ways out counts if either way does."""
        if "options-off" not in self.file.shared:
            found: dict[str, dict[int, tuple[str, int]]] = {}
            for pipeline in self.pipelines.exits():
                for rewrite, off in _options_off(self.file, pipeline).items():
                    found.setdefault(rewrite, {}).update((id(stage.call), off) for stage in pipeline.stages)
            self.file.shared["options-off"] = found
        return self.file.shared["options-off"]

    def _parallelized_by_options(self) -> dict[int, int]:
        """The stages of each pipeline whose `with_options(...)` turns on map_parallelization (it holds
        for the whole pipeline, before or after it in the chain) -> the line that turns it on."""
        found: dict[int, int | None] = {}
        for pipeline in self.pipelines.exits():
            lines = [map_parallelization_line(self.file, s.call) for s in pipeline.stages if s.method == "with_options"]
            line = next((n for n in lines if n is not None), None)
            for stage in pipeline.stages:  # a stage on two ways out needs the options on both
                found[id(stage.call)] = line if found.get(id(stage.call), line) == line else None
        return {stage: line for stage, line in found.items() if line is not None}

    def _by_callers(self, call: ast.Call, method: str, parallel: ast.expr, context: str | None) -> None:
        """`num_parallel_calls=n`, `n` a parameter (stellargraph's `flow(self, batch_size,
        num_parallel_calls=1)`): one core wherever the callers pass 1 or None, or leave out a default
        of 1 (`passed`). A value not known here is info: how many cores the map gets is not."""
        found = parameter_of(self.file, parallel) or hyperparameter_of(self.file, parallel)
        if found is None:
            return
        shown, bad, values = self.file.segment(parallel), _one_core, "1 or None"
        if method == "map" and self._parallel_by_tf(call, None):
            # None builds the sequential map that tf.data runs in parallel itself when its function is
            # stateless (1 builds a parallel map of one call, which it leaves alone): info, as the same map
            # without num_parallel_calls is (`_sequential_map`), saying whether the function is stateless
            stateless = map_state(self.file, argument(call, 0, "map_func"))[0] == STATELESS
            bad, values = _one_call, ("1 (None builds a sequential map, which tf.data runs in parallel itself: its "
                                      "function is stateless)" if stateless else
                                      "1 (None lets tf.data run it in parallel itself if its function is stateless)")
        self.report(_MethodSpan(call), f".{method}() runs on one host core wherever num_parallel_calls={shown} is "
                                       f"{values}", fix=Fix(Safety.ADVISORY, f"pass tf.data.AUTOTUNE for {shown}, or make it its default"),
                    context=context, parameter=Parameter(*found, bad=bad, unknown=Severity.INFO))

    def _cache_after_augmentation(self, contexts: dict) -> None:
        """`.map(augment).cache()`: every epoch replays the first epoch's random draws."""
        seen: set[int] = set()
        for pipeline in self.pipelines.exits():
            for i, link in enumerate(pipeline.links):
                if link.method != "cache" or id(link.call) in seen:
                    continue
                seen.add(id(link.call))
                augment = next((s for s in reversed(pipeline.links[:i]) if s.method == "map" and
                                _random_function(self.file, s.call)), None)
                if augment is not None:
                    self.report(_MethodSpan(link.call), f".cache() after the random augmentation .map() at line "
                                                        f"{augment.call.lineno}: every epoch replays the first epoch's "
                                                        "random draws",
                                fix=Fix(Safety.ADVISORY, "cache before the augmentation and augment after it"),
                                context=contexts.get(id(link.call)))


# stages that hand elements on as they come (no work of their own): the pipeline's end is before them
_PASSING = {"with_options", "repeat", "take", "skip", "shard", "cache"}
# `.apply(...)` transformations that run ahead of their consumer by themselves
_ASYNC_APPLY = ("tensorflow.data.experimental.map_and_batch", "tensorflow.data.experimental.parallel_interleave",
                "tensorflow.contrib.data.map_and_batch", "tensorflow.contrib.data.parallel_interleave",
                "tensorflow.data.experimental.map_and_batch_with_legacy_function")


# a comment that says a map is sequential on purpose (`# We don't parallelize here for thread safety`, `# We map
# sequentially since imgaug gets slower with tf.data parallelism`)
_SEQUENTIAL_SAID = re.compile(r"\b(?:map|run|read|apply)\w*\s+sequentially\b|\b(?:don'?t|do not|not|never|no)\s+"
                              r"(?:parallel|paralleli[sz]e|paralleli[sz]ing|paralleli[sz]ation)\b", re.IGNORECASE)


_PRINTS = frozenset({"tensorflow.print", "tensorflow.Print", "tensorflow.compat.v1.Print", "tensorflow.compat.v1.print"})


def _debug_print(file: FileContext, call: ast.Call) -> tuple | None:
    """(the print, the flag's test) for a map whose function's only stateful op is a print (`tf.print`: a log of the
    elements, which is all that keeps tf.data from running it in parallel) made only behind a flag whose default is
    off (`if debug_print_examples: ... dataset.map(print_examples)`, `opt_in`: a parameter default None / False); a
    debugging aid, not the pipeline's work, whatever its callers pass. None otherwise."""
    state, stateful = map_state(file, argument(call, 0, "map_func"))
    if state != STATEFUL or "print" not in stateful.lower():
        return None
    function = map_function(file, argument(call, 0, "map_func"))
    if function is None:
        return None
    printed = None
    for inner in ast.walk(function):
        if type(inner) is not ast.Call:
            continue
        name = file.qualified(inner.func) or ""
        if name in _PRINTS:
            printed = printed or file.segment(inner.func)
        elif name in STATEFUL_NAMES or name.startswith(STATEFUL_PREFIXES) or \
                (name == "" and file.callee(inner) is not None):
            return None  # another op with state, or a project function the walk does not read
    if printed is None or opt_in(file, call, judged=False) is None:
        return None
    test = next((t for t, _ in path_tests(file, call)), None)
    return printed, test


def _said_sequential(file: FileContext, call: ast.Call) -> int | None:
    """The line of a comment just above the map's statement (the comment lines right before it) that says
    the map is sequential on purpose; None when there is none."""
    stmt = file.statement_of(call)
    line = (stmt or call).lineno - 1
    while line >= 1:
        text = file.line_text(line).strip()
        if not text.startswith("#"):
            return None
        if _SEQUENTIAL_SAID.search(text):
            return line
        line -= 1
    return None


def _asynchronous(file: FileContext, link: Link) -> bool:
    """A stage that builds its next elements while the consumer works, as measured in
    benchmarks/tfdata_defaults.py (inject_prefetch off): a map or interleave with a stated
    num_parallel_calls above 1, a batch with num_parallel_calls, an applied map_and_batch or
    parallel_interleave. A map with num_parallel_calls=AUTOTUNE is not: with inject_prefetch off it
    overlapped the step no better than a sequential one (autotune may give it one call)."""
    call = link.call
    if not isinstance(call, ast.Call):
        return False
    if link.method in PARALLEL_POSITION:
        parallel = file.literal(argument(call, PARALLEL_POSITION[link.method], "num_parallel_calls"))
        return type(parallel) is int and parallel > 1
    if link.method == "batch":
        parallel = argument(call, 2, "num_parallel_calls")
        value = file.literal(parallel) if parallel is not None else None
        return type(value) is int and value > 1 or (file.qualified(parallel) or "").endswith("data.AUTOTUNE")
    if link.method == "apply" and call.args and isinstance(call.args[0], ast.Call):
        return (file.qualified(call.args[0].func) or "") in _ASYNC_APPLY
    return False


def _options_off(file: FileContext, pipeline: Pipeline) -> dict[str, tuple[str, int]]:
    """rewrite ("parallel", "prefetch", "fusion") -> (the option, its line) that the pipeline's
    `with_options(...)` may turn off."""
    found: dict[str, tuple[str, int]] = {}
    for stage in pipeline.stages:
        if stage.method == "with_options":
            for rewrite in ("parallel", "prefetch", "fusion"):
                off = turned_off(file, stage.call, rewrite)
                if off is not None:
                    found.setdefault(rewrite, off)
    return found


def _one_call(value) -> bool | None:
    """`_one_core` for a map tf.data may parallelize itself when it is built sequentially (None): not
    known to run on one core (info: TensorFlow's default options decide, with a stateless function)."""
    return None if value is None else _one_core(value)


def _one_core(value) -> bool | None:
    """Whether a `num_parallel_calls` value runs the map on one core: None or 1 do; another number or
    a framework constant (`tf.data.AUTOTUNE`) does not; anything else is not known."""
    if value is None or type(value) is int:
        return value is None or value == 1
    return False if type(value) is tuple and value[:1] == (STATED,) else None


class DynamicBatchShapeSource(_PipelineVisitor):
    """`.batch(n)` (also `ragged_batch`, `.apply(dense_to_ragged_batch(n))`, `.apply(map_and_batch(..))`)
    without drop_remainder on a finite pipeline, `.padded_batch` to each batch's longest.

    `drop_remainder` is read as a literal, or as a flag that is True only on a TPU
    (`is_tpu = len(tf.config.list_logical_devices("TPU")) > 0`), which is False on every target
    tfperf judges: both are warnings. Any other value (`is_training`, a parameter, a config field)
    is not known here: info, saying so."""

    def end(self) -> None:
        if not self.target.compiles_per_shape:
            return
        seen: set[int] = set()
        self._holders: dict[int, list[Pipeline]] = {}
        exits = self.pipelines.exits()
        for pipeline in exits:
            for link in pipeline.links:
                self._holders.setdefault(id(link.call), []).append(pipeline)
        exits = exits + self._branch_alternatives(exits)
        for pipeline in exits:
            before: list[Link] = []
            for link in pipeline.links:
                batch = _batching(self.file, link)
                if batch is not None and id(link.call) not in seen:
                    reports = len(self.file.reports)
                    self._judge(pipeline, link, batch, before)
                    if len(self.file.reports) > reports:
                        # (judged on each pipeline it is on until one reports: a stage of a transformation function
                        # is on its own function's, which starts at a parameter, and on each that `.apply`s it)
                        seen.add(id(link.call))
                before.append(link)

    def _branch_alternatives(self, exits: list[Pipeline]) -> list[Pipeline]:
        """The pipelines through a batch that an `if` / `else` assigns and no exit's chain holds: a chain follows
        each read of a variable to its last assignment before it (`dataset = dataset.map(f)` after `if tokens:
        dataset = dataset.padded_batch(...)` / `else: dataset = dataset.batch(n)` follows the else), so a batch in
        another branch is on none. For each read on an exit's chain whose name another assignment may reach (in a
        branch), that assignment's own chain with the rest of the exit's: one per batch not yet on a chain (a
        few per file)."""
        file, pipelines = self.file, self.pipelines
        found: list[Pipeline] = []
        held: set = set(self._holders)
        for pipeline in exits:
            if not any(_batching(file, s) is not None for s in pipeline.links):
                continue  # (no batch on the chain: a path that skips a branch batches nothing either)
            for index, link in enumerate(pipeline.links):
                call = link.call
                read = call.func.value if type(call) is ast.Call and type(call.func) is ast.Attribute else None
                if type(read) is not ast.Name or index == 0:
                    continue
                taken = file.binding(read)
                rest = pipeline.links[index:]
                for bound in file.reaching_bindings(read):
                    if bound is taken:
                        continue
                    if bound.stmt is None:  # the parameter itself, on the path no assignment takes
                        prefix = [Link("<param>", read)]
                    elif type(bound.value) is ast.Call:
                        prefix = pipelines.chain(bound.value)
                    else:
                        continue
                    key = (id(prefix[0].call), tuple(id(s.call) for s in prefix[1:]), index, id(pipeline))
                    fresh = [s for s in prefix if id(s.call) not in held and _batching(file, s) is not None]
                    if not fresh and (prefix[0].method == pipeline.root.method or key in held):
                        continue  # (the same root, no batch of its own: nothing new to judge)
                    held.add(key)
                    held.update(id(s.call) for s in fresh)
                    links = prefix + rest
                    alternative = Pipeline(links, pipeline.exit, pipeline.node, pipelines.upstream(links[0]),
                                           pipeline.context or _stage_context(links), pipeline.sink,
                                           pipeline.downstream)
                    for s in links:
                        self._holders.setdefault(id(s.call), []).append(alternative)
                    found.append(alternative)
                    if len(found) >= 8:
                        return found
        return found

    def _judge(self, pipeline: Pipeline, link: Link, batch: tuple[ast.Call, int, str], before: list[Link]) -> None:
        call, drop_position, shown = batch
        drop = argument(call, drop_position, "drop_remainder")
        if _merged_next(self.file, pipeline, link):
            return  # the next map merges each batch into one element: its size never reaches the device
        bucketing = _bucketing(self.file, link)
        if bucketing is not None and self._bucket_lengths(pipeline, link, bucketing):
            return
        if link.method == "padded_batch":
            shapes = argument(call, 1, "padded_shapes")
            given = _given_shapes(self.file, shapes)
            if given is not None:  # the shapes are a parameter's, else the element's own (None: to the longest)
                text = self.file.segment(given)
                text = "padded_shapes" if text == "padded_shapes" else f"padded_shapes={text}"
                self.report_at(link, f".padded_batch() pads each batch to its own longest element wherever "
                                     f"{text} is None: every new length is a new shape that "
                                     f"{self.target.name} compiles again", pipeline,
                               fix=Fix(Safety.ADVISORY, "give padded_batch fixed padded_shapes, or bucket the "
                                                        "lengths (bucket_by_sequence_length with pad_to_bucket_boundary=True)"),
                               parameter=Parameter(*parameter_of(self.file, given), bad=_no_shapes,
                                                   unknown=Severity.INFO))
                return
            unknown = "always" if shapes is None or _own_shapes(self.file, shapes) else \
                _unknown_dim(self.file, shapes) or _returned_unknown_dims(self.file, shapes)
            if unknown is not None:
                # a None the code picks only on some condition (`n + 1 if n else None`): info, saying when; a None
                # the code stores into the padded_shapes it builds (`shapes[k] = [None]`, in a loop over the
                # element's features): a length padded to each batch's longest, whatever the dataset or its end
                stored = isinstance(unknown, (ast.Assign, ast.FunctionDef, ast.AsyncFunctionDef))
                when = f" along the None that `{self.file.segment(unknown)}` (line {unknown.lineno}) stores in its " \
                    "padded_shapes" if isinstance(unknown, ast.Assign) else \
                    f" along the None dimensions of the padded_shapes {unknown.name}() returns (line {unknown.lineno})" \
                    if stored else "" if unknown == "always" else f" wherever {unknown} (its value is not known here)"
                self.report_at(link, ".padded_batch() pads each batch to its own longest element"
                                     f"{when}: every new length is a new shape that {self.target.name} compiles again",
                               pipeline, severity=Severity.INFO if when and not stored else None,
                               fix=Fix(Safety.ADVISORY, "give padded_batch fixed padded_shapes, or bucket the "
                                                        "lengths (bucket_by_sequence_length with pad_to_bucket_boundary=True)"),
                               parameter=self._opt_in(call))
                return
        flag = _drop_flag(self.file, drop)
        if flag == "drops" or bucketing is None and (_of_one(self.file, call, shown) or
                                                     _one_batch(self.file, before, call, shown)):
            return  # (batches of one element: every batch is full; or one batch of all there is)
        if bucketing is None and _sequence_cut(self.file, call, shown):
            return  # cuts a stream of tokens / time steps into sequences: no model batch is made here
        if _pads_next(pipeline, link):
            return  # the next map pads the last batch back to full size
        repeats = [s for s in before if _endless(self.file, s)]
        skipped = [(s, test) for s in repeats if (test := _repeat_skipped(self.file, s, call)) is not None]
        if len(skipped) < len(repeats) or pipeline.upstream.repeated:
            return  # an endless input has no last batch
        if pipeline.exit == "iterator" and pipeline.root.method != "<param>" and \
                _iterated_to_the_end(self.file, call) is None and not _repeated_after(pipeline, link):
            uses = self._estimator_uses(pipeline)
            if not uses:
                return  # an iterator: whether its reader takes the last batch, the source does not show (a repeat
                # after the batch says it does: the reader goes on past the end of the data)
            # (an Estimator's input_fn returns its next element: the Estimator takes the batches as it takes a
            # returned dataset's, to the end of the data)
            pipeline = replace(pipeline, context=pipeline.context or (None if "" in uses else min(uses)))
        if pipeline.exit == "iterator" and _fetched_to_python(self.file, call):
            return  # (its batches are fetched into Python by `sess.run` and go no further in the graph)
        finite, why, context = pipeline.upstream.finite, "", None
        if finite is False and not _takes(before):
            return  # an endless source (`Dataset.random`, a counter, a `while True` generator) has no last batch
        # a repeat only one branch of an `if` makes: the path that skips it batches the data as it comes, which is
        # not known to be the training step's (`if is_training: ds = ds.repeat()`: evaluation's): info, saying when
        skip = f" (on the path that skips the repeat() of line {skipped[0][0].call.lineno}, which runs only when " \
               f"`{_short_test(self.file, skipped[0][1])}`)" if skipped else ""
        if finite is None:
            rebatched = self._rebatched(before)
            stated = _stated_end(self.file, before) or _repeated_after(pipeline, link)
            if stated and any(_pads_next(p, held) for p in self._holders.get(id(link.call), ())
                              for held in p.links if held.call is link.call):
                stated = ""  # (another path pads the last batch back to full size: the path that does not is a choice)
            if pipeline.root.method != "<param>" and not rebatched and not stated:
                return  # an unknown value: its end is not known here
            # a dataset parameter: it ends if the project's calls hand it a finite one, or if what takes the
            # batches runs until the data ends
            finite, why, context = self._param_end(pipeline, link) if pipeline.root.method == "<param>" else \
                (None, "", None)
            if finite is False:
                return
            if finite is None and (rebatched or stated):
                finite, why = True, f" ({rebatched or stated})"
            if finite is None:
                self.report_at(link, f".{shown} keeps a last, partial batch{_unless_dropped(self.file, flag, drop)}"
                                     f"{skip} if the dataset it is given ({pipeline.root.call.id}) ends: {why}; a partial "
                                     f"batch has {self._consequence()}", pipeline, severity=Severity.INFO,
                               fix=_DROP_REMAINDER)
                return
        size = _remainder(self.pipelines, pipeline, call)
        if size == 0:
            return
        consequence = self._consequence()
        fix = _DROP_REMAINDER
        if context is not None:
            pipeline = Pipeline(pipeline.links, pipeline.exit, pipeline.node, pipeline.upstream,
                                pipeline.context or context, pipeline.sink, pipeline.downstream)
        why += skip
        if flag == "unknown":
            text = _text(self.file, drop)
            found = parameter_of(self.file, drop)
            if found is not None and not skip:  # what the callers pass decides (`passed`)
                self.report_at(link, f".{shown} keeps a last, partial batch{why} wherever drop_remainder={text} is "
                                     f"False: {consequence}", pipeline, fix=fix,
                               parameter=Parameter(*found, bad=_keeps_remainder, unknown=Severity.INFO,
                                                   outside=False))
                return
            self.report_at(link, f".{shown} keeps a last, partial batch{why} wherever drop_remainder={text} is False "
                                 f"(its value is not known here): {consequence}", pipeline,
                           severity=Severity.INFO, fix=fix)
            return
        if flag == "replicas":
            why += (f" (drop_remainder={_text(self.file, drop)} is True only with more than one replica, so False on "
                    f"one {self.target.name})")
        elif flag == "strategy":
            why += (f" (drop_remainder={_text(self.file, drop)} is True only inside a tf.distribute strategy's scope, "
                    f"so False in a single-device run on {self.target.name})")
        elif flag != "keeps":
            why += f" (drop_remainder={_text(self.file, drop)} is True only on a TPU, so False on {self.target.name})"
        self.report_at(link, f".{shown} keeps a last, partial batch{why}: {consequence}", pipeline, fix=fix,
                       severity=Severity.INFO if skip else None, parameter=self._opt_in(call))

    def _bucket_lengths(self, pipeline: Pipeline, link: Link, call: ast.Call) -> bool:
        """`bucket_by_sequence_length`: it groups elements by a length that varies (what its element_length_func
        measures), and pads each batch to its own longest unless `pad_to_bucket_boundary=True` pads it to its
        bucket's boundary (or padded_shapes states every size, or `no_padding=True` pads nothing): a new length per
        batch, whatever the dataset's end. True when reported (or left alone for `no_padding`); False to judge the
        batch as any other's (its last, partial batch per bucket)."""
        file = self.file
        if file.literal(argument(call, 6, "no_padding")) is True:
            return True  # (plain batches of elements of one shape: no padding to judge)
        to_boundary = argument(call, 5, "pad_to_bucket_boundary")
        flag = file.literal(to_boundary) if to_boundary is not None else False
        if flag is not NOT_LITERAL and flag or _static_shapes(file, argument(call, 3, "padded_shapes")):
            return False  # (lengths padded to the bucket boundaries or to the stated shapes: a few shapes)
        message = (f".{'bucket_by_sequence_length()' if link.method != 'apply' else 'apply(bucket_by_sequence_length())'}"
                   f" pads each batch to its own longest element")
        fix = Fix(Safety.ADVISORY, "pass pad_to_bucket_boundary=True (each bucket padded to its boundary), or "
                                   "fixed padded_shapes")
        consequence = f"every new length is a new shape that {self.target.name} compiles again"
        if flag is NOT_LITERAL:
            text = _text(file, to_boundary)
            found = parameter_of(file, to_boundary)
            self.report_at(link, f"{message} wherever pad_to_bucket_boundary={text} is False"
                                 f"{'' if found is not None else ' (its value is not known here)'}: {consequence}",
                           pipeline, fix=fix, severity=None if found is not None else Severity.INFO,
                           parameter=Parameter(*found, bad=_no_bucket_padding, unknown=Severity.INFO)
                           if found is not None else None)
            return True
        guard = _bucketing_guarded(file, call)
        if guard is not None:  # (the bucketing is the configuration's option, not known to be the training default)
            self.report_at(link, f"{message} (pad_to_bucket_boundary is False), where `{file.segment(guard)}` (line "
                                 f"{guard.lineno}) says bucket boundaries are set, an option of the configuration: "
                                 f"{consequence}", pipeline, fix=fix, severity=Severity.INFO)
            return True
        self.report_at(link, f"{message} (pad_to_bucket_boundary is False): {consequence}", pipeline, fix=fix,
                       parameter=self._opt_in(call))
        return True

    def _opt_in(self, call: ast.Call) -> Parameter | None:
        """The parameter of a private helper a batch is opt-in by (`optin.opt_in`: `if padded_batch:` with
        `padded_batch=False` in `_make_batch`, a branch the default turns away): what the project's calls pass
        decides, as for TFP501's callbacks. Not in a public function: a library's API offers its branches to its
        users (`image_dataset_from_directory(validation_split=0.2)`, `flow(repeat=True)`), whose calls the source
        does not show."""
        found = opt_in(self.file, call, unknown=Severity.WARNING)
        return found if found is not None and private(found.function) else None

    def _estimator_uses(self, pipeline: Pipeline) -> tuple:
        """The Estimator uses (ESTIMATOR_INPUT) of the input_fn that returns the next element of the TF1 iterator a
        pipeline ends in (`it = ds.batch(n).make_one_shot_iterator()`, `return it.get_next()`); () for another
        iterator, or an input_fn the project hands no Estimator."""
        made = self.file.parent(self.file.parent(pipeline.node))
        function = self.pipelines.enclosing_function(made)
        if function is None or not self.pipelines._estimator_features(made):
            return ()
        return self.pipelines.estimator_uses(function)

    def _consequence(self) -> str:
        return f"a new leading dimension, and {self.target.name} compiles the graph again for it"

    def _rebatched(self, before: list[Link]) -> str:
        """Why a dataset of unknown end that this chain re-batches (`unbatch()` before the batch: its elements were
        batches, which it splits and batches again) ends: the project repeats no dataset without end anywhere
        outside its tests (ENDLESS), so the batched data it re-batches is what the project's own epochs read, and
        it ends; "" when the chain does not unbatch or the project repeats one somewhere."""
        if not any(s.method == "unbatch" for s in before) or self.file.project.query(ENDLESS, ""):
            return ""
        return "it re-batches (unbatch() then batch()) a dataset of a project that repeats none without end: " \
               "the data ends"

    def _param_end(self, pipeline: Pipeline, link: Link) -> tuple[bool | None, str, str | None]:
        """(whether a dataset parameter batched at `link` ends, why (for the message), the context of the callers
        that hand it a finite one when all are off the training step). Finite when a project call hands it a
        finite dataset (not repeated; the callers decide: `passed` for datasets), or when what takes the batches
        runs until the data ends (`_drained`); endless when every call hands it a repeated one; else not known."""
        name = pipeline.root.call.id
        facts = self.pipelines.arriving(pipeline.root)
        finite = sorted({f[4] for f in facts if f[2] == "finite"})
        if finite:
            contexts = {f[3] for f in facts if f[2] == "finite"}
            off = None if None in contexts or not contexts <= OFF_STEP else sorted(contexts)[0]
            return True, f" ({_listed(finite)} {'passes' if len(finite) == 1 else 'pass'} {name} a finite dataset, " \
                         "not repeated)", off
        if facts and all(f[2] == "endless" for f in facts):
            return False, "", None
        holders = self._holders.get(id(link.call), [pipeline])
        drained = next((d for d in (self._drained(p, link) for p in holders) if d), None)
        if drained:
            return True, f" ({name} is not repeated here, and {drained})", None
        if facts:
            return None, f"the calls that hand it one ({_listed(sorted({f[4] for f in facts}))}) do not show whether " \
                         "it does", None
        return None, "what the project's calls hand it (if any) does not show whether it does, nor does what takes " \
                     "its batches", None

    def _drained(self, pipeline: Pipeline, link: Link) -> str | None:
        """How the code that takes a pipeline's batches runs until the data ends (None when it does not show
        it): `model.fit(ds)` without `steps_per_epoch` (an epoch ends only when the data does), a `for` loop over
        it that neither breaks nor returns; in this function or, for a pipeline returned, in every caller that
        takes it (USES); no `take` after the batch."""
        stages = pipeline.stages
        after = stages[next((i for i, s in enumerate(stages) if s is link), len(stages)):]
        if _takes(after):
            return None
        drained = _drains(self.file, pipeline.node) if pipeline.exit == "sink" else None
        if pipeline.exit == "return" and pipeline.downstream and all(len(d) > 5 and d[5] for d in pipeline.downstream):
            drained = "in its callers " + pipeline.downstream[0][5]
        return drained or _iterated_to_the_end(self.file, link.call)


_DROP_REMAINDER = Fix(Safety.ADVISORY, "pass drop_remainder=True, or repeat() before batching")  # (TFP405's advice)


def _listed(names: list[str]) -> str:
    shown = ", ".join(name.rpartition(".")[2] if "." in name else name for name in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _unless_dropped(file: FileContext, flag: str, drop: ast.AST | None) -> str:
    if flag == "unknown":
        return f" wherever drop_remainder={_text(file, drop)} is False"
    if flag == "tpu":
        return f" (drop_remainder={_text(file, drop)} is True only on a TPU)"
    if flag == "replicas":
        return f" (drop_remainder={_text(file, drop)} is True only with more than one replica)"
    if flag == "strategy":
        return f" (drop_remainder={_text(file, drop)} is True only inside a tf.distribute strategy's scope)"
    return ""


def _drains(file: FileContext, node: ast.AST) -> str | None:
    """How the sink a pipeline value goes to runs until the data ends: `fit(ds)` without `steps_per_epoch`
    (`validation_data=ds` without `validation_steps`), a `for` loop over it with no `break` or `return`."""
    parent = file.parent(node)
    if isinstance(parent, ast.For) and parent.iter is node:
        if any(isinstance(n, ast.Return) for stmt in parent.body for n in ast.walk(stmt)) or _breaks(parent.body):
            return None
        return "the for loop over it at line %d runs until it ends" % parent.lineno
    if isinstance(parent, ast.comprehension) and parent.iter is node:
        return "the comprehension over it at line %d runs until it ends" % node.lineno  # (no line of its own)
    keyword = parent if isinstance(parent, ast.keyword) else None
    call = file.parent(parent) if keyword is not None else parent
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute) or \
            call.func.attr not in ("fit", "fit_generator", "evaluate"):
        return None
    if keyword is not None and keyword.arg not in ("x", "validation_data", "generator"):
        return None
    steps = "validation_steps" if keyword is not None and keyword.arg == "validation_data" else \
        "steps" if call.func.attr == "evaluate" else "steps_per_epoch"
    if any(k.arg == steps or k.arg is None for k in call.keywords) or \
            keyword is None and (not call.args or call.args[0] is not node or len(call.args) > 1):
        return None  # (a steps count given, or arguments the source does not show; fit(x, y): not a dataset's)
    return f".{call.func.attr}() at line {call.lineno} takes it without {steps}: each pass runs until the data ends"


_ITERATORS = ("make_one_shot_iterator", "make_initializable_iterator")
# reading a dataset's one element (a gather of what it holds, not a stream of batches)
_SINGLE_ELEMENT = frozenset({"tensorflow.data.experimental.get_single_element"})


def _iterator_made(file: FileContext, use: ast.AST) -> bool:
    """`<dataset>.make_one_shot_iterator()` (TensorFlow 1's dataset methods): `use` is the attribute called."""
    return isinstance(use, ast.Attribute) and use.attr in _ITERATORS and isinstance(file.parent(use), ast.Call) \
        and file.parent(use).func is use


def _returns_next(file: FileContext, use: ast.AST) -> bool:
    """`use` is `<iterator>.get_next` called, and its value is returned: `return it.get_next()`, or `features =
    it.get_next()` (also unpacked: `features, labels = ...`) then `return features` / `return features, labels`."""
    call = file.parent(use)
    if not (isinstance(use, ast.Attribute) and use.attr == "get_next" and isinstance(call, ast.Call) and
            call.func is use):
        return False
    holder = file.parent(call)
    if isinstance(holder, ast.Return):
        return True
    if not (isinstance(holder, ast.Assign) and len(holder.targets) == 1):
        return False
    names = [n.id for n in ast.walk(holder.targets[0]) if isinstance(n, ast.Name)]
    return any(isinstance(file.parent(read), ast.Return) or isinstance(file.parent(read), ast.Tuple) and
               isinstance(file.parent(file.parent(read)), ast.Return)
               for name in names for read in file.reaching_reads(holder, name))


def _iterated_to_the_end(file: FileContext, batch: ast.Call) -> str | None:
    """TensorFlow 1's form of a loop that runs until the data ends: the variable the batch's statement assigns
    (`ds = ds.batch(n)`) is made an iterator (`ds.make_initializable_iterator()`, `iter(ds)`,
    `tf.compat.v1.data.make_one_shot_iterator(ds)`), held in a local or `self.<attr>`, and a function that reads
    that holder loops `while True:` until `except tf.errors.OutOfRangeError` (or StopIteration) leaves the loop."""
    node: ast.AST = batch
    while isinstance(file.parent(node), (ast.Attribute, ast.Call)) and not _iterator_made(file, file.parent(node)) \
            and (isinstance(file.parent(node), ast.Attribute) or file.parent(node).func is node):
        node = file.parent(node)  # (up the rest of the chain)
    stmt = file.parent(node)
    if _iterator_made(file, stmt):  # `it = ds.batch(n).make_one_shot_iterator()`
        reads = [node]
    elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
        reads = file.reaching_reads(stmt, stmt.targets[0].id)
    else:
        return None
    for read in reads:
        use = file.parent(read)
        if isinstance(use, ast.Attribute) and use.attr in _ITERATORS and isinstance(file.parent(use), ast.Call):
            made = file.parent(use)
        elif isinstance(use, ast.Call) and read in use.args and \
                (file.qualified(use.func) or "").rpartition(".")[2] in ("iter", *_ITERATORS):
            made = use
        else:
            continue
        line = _until_out_of_range(file, made)
        if line is not None:
            return f"the loop at line {line} takes its batches until the data ends (OutOfRangeError" \
                   f"{', which stops the MonitoredSession' if _is_should_stop(file, line) else ''})"
    return None


def _fetched_to_python(file: FileContext, batch: ast.Call) -> bool:
    """TensorFlow 1's iterator whose elements only a session fetches: `dataset = ds.batch(n)`, `it =
    dataset.make_one_shot_iterator()`, `images, labels = it.get_next()`, then every read of those names is a fetch
    of `sess.run([images, labels])`: the batches come into Python as arrays (re-bucketed, written out...), and no op
    of the graph takes them, so a partial last batch sets no shape of a device step."""
    stmt = file.statement_of(batch)
    if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
        return False
    elements = []
    for read in file.reaching_reads(stmt, stmt.targets[0].id):
        made = _method_called(file, read, _ITERATORS)  # (`it = dataset.make_one_shot_iterator()`)
        held = file.parent(made) if made is not None else None
        if not (isinstance(held, ast.Assign) and len(held.targets) == 1 and isinstance(held.targets[0], ast.Name)):
            return False
        for use in file.reaching_reads(held, held.targets[0].id):
            got = _method_called(file, use, ("get_next",))  # (`images, labels = it.get_next()`)
            assign = file.parent(got) if got is not None else None
            if not isinstance(assign, ast.Assign):
                return False
            names = assign.targets[0].elts if isinstance(assign.targets[0], ast.Tuple) else [assign.targets[0]]
            if not all(isinstance(n, ast.Name) for n in names):
                return False
            elements += [(assign, n.id) for n in names]
    return bool(elements) and all(_session_fetch(file, read) for assign, name in elements
                                  for read in file.reaching_reads(assign, name))


def _method_called(file: FileContext, read: ast.Name, methods: tuple[str, ...]) -> ast.Call | None:
    """The call `read.<method>()` of one of `methods`, when that is what the code does with the read."""
    attribute = file.parent(read)
    call = file.parent(attribute)
    return call if isinstance(attribute, ast.Attribute) and attribute.attr in methods and \
        isinstance(call, ast.Call) and call.func is attribute else None


def _session_fetch(file: FileContext, read: ast.Name) -> bool:
    """A read that is one of the fetches of a session's `run` (`sess.run([images, labels])`, `sess.run(images)`)."""
    fetches = file.parent(read)
    if isinstance(fetches, (ast.List, ast.Tuple)):
        read, fetches = fetches, file.parent(fetches)
    return isinstance(fetches, ast.Call) and isinstance(fetches.func, ast.Attribute) and fetches.func.attr == "run" \
        and bool(fetches.args) and fetches.args[0] is read


def _until_out_of_range(file: FileContext, made: ast.Call) -> int | None:
    """The line of a `while True:` loop ended by `except OutOfRangeError` in a function that reads the iterator
    `made` is assigned to: its own function for a local (or an iterator used where it is made), a method of its
    class for `self.<attr>`."""
    holder = file.parent(made)
    target = holder.targets[0] if isinstance(holder, ast.Assign) and len(holder.targets) == 1 else None
    function = next((a for a in file.ancestors(made) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if target is None or isinstance(target, ast.Name):  # (used where it is made: `ds.make_one_shot_iterator().get_next()`)
        functions = [function] if function is not None else []
    elif is_self_attribute(target):
        owner = file.enclosing_class(made)
        functions = [f for f in (owner.body if owner is not None else [])
                     if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) and
                     any(_same_attribute(n, target) and isinstance(n.ctx, ast.Load) for n in ast.walk(f))]
    else:
        return None
    for function in functions:
        for loop in ast.walk(function):
            if isinstance(loop, ast.While) and isinstance(loop.test, ast.Constant) and loop.test.value and \
                    any(_ends_loop_on_end_of_data(t) for stmt in loop.body for t in ast.walk(stmt) if isinstance(t, ast.Try)):
                return loop.lineno
    return _monitored_to_the_end(file, function) if function is not None else None


_MONITORED_SESSIONS = frozenset({f"tensorflow.{v}train.{s}" for v in ("", "compat.v1.")
                                 for s in ("MonitoredTrainingSession", "MonitoredSession", "SingularMonitoredSession")})


def _monitored_to_the_end(file: FileContext, function: ast.AST) -> int | None:
    """The line of a `while not sess.should_stop():` loop over a MonitoredSession that `function` makes (TensorFlow 1:
    `tf.train.MonitoredTrainingSession`, `MonitoredSession`, `SingularMonitoredSession`; held in a local the loop of
    the same function reads, or in `self.<attr>` a method of its class reads), which runs the graph the function
    builds: a MonitoredSession stops when the input raises OutOfRangeError, so the loop takes every batch, unless a
    `StopAtStepHook` the call is given ends it at a step count first (a hooks list the source does not show is not
    taken for one: the documented default is to run until the input ends)."""
    made = [c for c in ast.walk(function) if type(c) is ast.Call and file.qualified(c.func) in _MONITORED_SESSIONS]
    for call in made:
        hooks = argument(call, None, "hooks")
        if hooks is not None and any(type(n) is ast.Attribute and n.attr == "StopAtStepHook" or type(n) is ast.Name
                                     and n.id == "StopAtStepHook" for n in ast.walk(file.value_of(hooks))):
            continue
        holder = file.parent(call)
        if type(holder) is ast.withitem and holder.optional_vars is not None:
            target, scopes = holder.optional_vars, [function]
        elif type(holder) is ast.Assign and len(holder.targets) == 1:
            target = holder.targets[0]
            owner = file.enclosing_class(call) if is_self_attribute(target) else None
            scopes = [function] if type(target) is ast.Name else \
                [f for f in owner.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))] if owner else []
        else:
            continue
        for scope in scopes:
            for loop in ast.walk(scope):
                test = loop.test if type(loop) is ast.While else None
                if type(test) is ast.UnaryOp and type(test.op) is ast.Not and type(test.operand) is ast.Call and \
                        type(test.operand.func) is ast.Attribute and test.operand.func.attr == "should_stop" and \
                        (_same_attribute(test.operand.func.value, target) if is_self_attribute(target) else
                         type(target) is ast.Name and type(test.operand.func.value) is ast.Name and
                         test.operand.func.value.id == target.id):
                    return loop.lineno
    return None


def _is_should_stop(file: FileContext, line: int) -> bool:
    """Whether the loop at `line` is a `while not ...should_stop():` (for the message)."""
    return "should_stop" in file.line_text(line)


def _ends_loop_on_end_of_data(node: ast.Try) -> bool:
    """`try: ... except tf.errors.OutOfRangeError: break` (or StopIteration, or a return)."""
    for handler in node.handlers:
        caught = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        names = [c.attr if isinstance(c, ast.Attribute) else c.id if isinstance(c, ast.Name) else "" for c in caught]
        if any(n in ("OutOfRangeError", "StopIteration") for n in names) and \
                any(isinstance(stmt, (ast.Break, ast.Return)) for stmt in handler.body):
            return True
    return False


def _breaks(body: list[ast.stmt]) -> bool:
    """A `break` of the loop whose body this is (not of a loop inside it)."""
    pending = list(body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Break):
            return True
        if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
            pending.extend(node.orelse)
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        pending.extend(ast.iter_child_nodes(node))
    return False


# dataset transformations handed to .apply() that batch: where their drop_remainder sits
_APPLIED_BATCHES = {"tensorflow.data.experimental.dense_to_ragged_batch": 1,
                    "tensorflow.data.experimental.map_and_batch": 3,
                    "tensorflow.data.experimental.map_and_batch_with_legacy_function": 3}
_BATCH_DROP_POSITION = {"batch": 1, "ragged_batch": 1, "padded_batch": 3, "bucket_by_sequence_length": 7}
_TPU_DEVICE_LISTS = {f"tensorflow.config.{m}list_{k}_devices" for m in ("", "experimental.")
                     for k in ("logical", "physical")}


def _batch_size(call: ast.Call, shown: str) -> ast.expr | None:
    """The size a batch call is given (`map_and_batch(map_func, batch_size)` takes it second)."""
    return argument(call, 1 if "map_and_batch" in shown else 0, "batch_size")


def _of_one(file: FileContext, call: ast.Call, shown: str) -> bool:
    """A batch of the literal size 1 (`batch(1)`, often undone by `unbatch()` around a map that wants a
    batch): no element is ever left for a partial batch, so every batch has the same shape."""
    size = _batch_size(call, shown)
    if size is None or file.literal(size) != 1:
        return False
    # a name is 1 only when every assignment that may reach the batch makes it 1 (`if infer: batch_size = 1`
    # over a parameter: the other path batches by the caller's size)
    return type(size) is not ast.Name or not (bound := file.reaching_bindings(size)) or \
        all(b.value is not None and file.literal(b.value) == 1 for b in bound)


# stages between a take and a batch that never add elements (a filter only removes some)
_COUNT_KEEPING = frozenset({"map", "filter", "cache", "prefetch", "shuffle", "ignore_errors", "with_options"})


def _one_batch(file: FileContext, before: list[Link], call: ast.Call, shown: str) -> bool:
    """The batch gathers all the elements a `take` of the same count left (`ds.take(n).map(f).batch(n)`, lingvo's
    whole database read into one tensor): one batch, the same every pass, so no second shape."""
    size = _batch_size(call, shown)
    if size is None:
        return False
    for link in reversed(before):
        if link.method == "take":
            count = argument(link.call, 0, "count") if type(link.call) is ast.Call else None
            return count is not None and ast.dump(count) == ast.dump(size)
        if link.method not in _COUNT_KEEPING:
            return False
    return False


# Words of a batch size that name a length along a sequence (`seq_len`, `sequence_length["inputs"]`, `max_tokens`):
# a batch of that many elements gathers time steps or tokens into one sequence (a language model's
# `tokens.unbatch().batch(seq_len)`, the text tutorials' `chars.batch(seq_length + 1)`), not examples into the
# device's batch; the words are what a size is called when it counts positions along a sequence, which a batch
# of examples is not (a size also naming a batch, `batch_len`, is not one).
_SEQUENCE_WORDS = frozenset({"length", "len", "seq", "sequence", "tokens", "timesteps"})


def _sequence_cut(file: FileContext, call: ast.Call, shown: str) -> bool:
    """A batch whose size is a sequence length (`_SEQUENCE_WORDS`): in the size expression itself or in what
    a local name of it was assigned (`max_tokens = sequence_length[key]`)."""
    size = _batch_size(call, shown)
    if size is None:
        return False
    sizes = [size]
    if type(size) is ast.Name:
        sizes += [b.value for b in file.reaching_bindings(size)[:4] if b.value is not None]
    for expr in sizes:
        words: set[str] = set()
        for node in ast.walk(expr):
            if type(node) is ast.Call:
                return False  # (a size computed by a call: `len(data)`, `min(n, len(data))`; not a length's name)
            if type(node) is ast.Name:
                words.update(tokens(node.id))
            elif type(node) is ast.Attribute:
                words.update(tokens(node.attr))
            elif type(node) is ast.Constant and type(node.value) is str and type(file.parent(node)) is ast.Subscript:
                words.update(tokens(node.value))
        if words & _SEQUENCE_WORDS and not words & {"batch", "batches"}:
            return True
    return False


def _batching(file: FileContext, link: Link) -> tuple[ast.Call, int, str] | None:
    """(the call with the drop_remainder argument, its position, how the message names the stage)
    when the link batches."""
    if link.method in _BATCH_DROP_POSITION:
        if link.method == "bucket_by_sequence_length" and _bucketing_name(file.qualified(link.call.func)):
            return None  # (`tf.data.experimental.bucket_by_sequence_length(...)` itself: the `.apply` batches)
        return link.call, _BATCH_DROP_POSITION[link.method], f"{link.method}()"
    if link.method == "apply" and link.call.args and isinstance(link.call.args[0], ast.Call):
        inner = link.call.args[0]
        name = file.qualified(inner.func)
        if name in _APPLIED_BATCHES:
            return inner, _APPLIED_BATCHES[name], f"apply({name.rsplit('.', 1)[1]}())"
        if _bucketing_name(name):
            return inner, _BUCKET_DROP_POSITION, "apply(bucket_by_sequence_length())"
    return None


# `bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes=None,
# padding_values=None, pad_to_bucket_boundary=False, no_padding=False, drop_remainder=False)`: the same positions in
# `tf.data.experimental`'s transformation, `tf.contrib.data`'s (which has no drop_remainder) and the Dataset method
_BUCKET_DROP_POSITION = 7


def _bucketing_name(name: str | None) -> bool:
    """TensorFlow's `bucket_by_sequence_length` transformation, whichever module names it (`tf.data.experimental`,
    `tf.contrib.data`, `tensorflow.python.data.experimental`)."""
    return name is not None and name.startswith("tensorflow.") and name.endswith(".bucket_by_sequence_length")


def _bucketing(file: FileContext, link: Link) -> ast.Call | None:
    """The `bucket_by_sequence_length` call a link batches by: the Dataset method (TensorFlow >= 2.6) or the
    transformation `.apply(...)` runs."""
    if link.method == "bucket_by_sequence_length" and type(link.call) is ast.Call and \
            not _bucketing_name(file.qualified(link.call.func)):
        return link.call
    if link.method == "apply" and link.call.args and isinstance(link.call.args[0], ast.Call) and \
            _bucketing_name(file.qualified(link.call.args[0].func)):
        return link.call.args[0]
    return None


def _bucketing_guarded(file: FileContext, call: ast.Call) -> ast.expr | None:
    """The test of an `if` around a `bucket_by_sequence_length` call that reads the very boundaries the call is given
    (`if params.bucket_boundaries:` ... `bucket_boundaries=params.bucket_boundaries`, the else of `if
    len(bucket_boundaries) == 0:`): the code buckets only when its configuration sets boundaries, an option whose
    default the other branch takes."""
    given = argument(call, 1, "bucket_boundaries")
    if given is None:
        return None
    wanted = ast.dump(given)
    for ancestor in file.ancestors(call):
        if isinstance(ancestor, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            break
        if type(ancestor) is ast.If and any(ast.dump(n) == wanted for n in ast.walk(ancestor.test)):
            return ancestor.test
    return None


def _static_shapes(file: FileContext, shapes: ast.AST | None) -> bool:
    """padded_shapes the source states in full: a literal structure of sizes with no None (`[128]`, `([64], [])`)."""
    if shapes is None:
        return False
    value = file.literal(shapes)
    if value is NOT_LITERAL:
        return False
    pending = [value]
    while pending:
        item = pending.pop()
        if item is None:
            return False
        if isinstance(item, (list, tuple)):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif type(item) is not int:
            return False
    return True


def _drop_flag(file: FileContext, drop: ast.AST | None) -> str:
    """"keeps" (absent or False), "drops" (True or another literal), "tpu" (a flag that is True only
    on a TPU), "replicas" (True only with more than one replica: `strategy.num_replicas_in_sync > 1`), "strategy"
    (True only inside a tf.distribute strategy's scope: `tf.distribute.has_strategy()`), or "unknown" (any other
    value: the source does not say)."""
    if drop is None:
        return "keeps"
    value = file.literal(drop)
    if value is False:
        return "keeps"
    if value is not NOT_LITERAL:
        return "drops"
    if _tpu_only(file, drop):
        return "tpu"
    if _only_where(file, drop, _several_replicas):
        return "replicas"
    return "strategy" if _only_where(file, drop, _has_strategy) else "unknown"


def _keeps_remainder(value) -> bool | None:
    """Whether a passed `drop_remainder` keeps the last batch (`_drop_flag` on a literal): False does,
    another literal does not; a framework constant or an unknown value is not known to."""
    return None if type(value) is tuple else value is False


def _tpu_only(file: FileContext, expr: ast.AST, depth: int = 0) -> bool:
    """A flag that holds only on a TPU, followed through names: `len(tf.config.list_logical_devices(
    "TPU")) > 0`, `True if <that> else False`, `isinstance(strategy, tf.distribute.TPUStrategy)`,
    `<that> and <anything>`."""
    expr = file.value_of(expr)
    if depth > 4:
        return False
    if isinstance(expr, ast.IfExp):
        body, orelse = file.literal(expr.body), file.literal(expr.orelse)
        return orelse is False and body is True and _tpu_only(file, expr.test, depth + 1)
    if isinstance(expr, ast.BoolOp):
        parts = [_tpu_only(file, value, depth + 1) for value in expr.values]
        return any(parts) if isinstance(expr.op, ast.And) else all(parts)
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
        bound, op = file.literal(expr.comparators[0]), expr.ops[0]
        left = expr.left
        counts = isinstance(left, ast.Call) and isinstance(left.func, ast.Name) and left.func.id == "len" \
            and len(left.args) == 1 and _tpu_devices(file, left.args[0])
        return bool(counts) and (isinstance(op, ast.Gt) and bound == 0 or isinstance(op, ast.GtE) and bound == 1
                                 or isinstance(op, ast.NotEq) and bound == 0)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and len(expr.args) == 2:
        if expr.func.id == "isinstance":
            kind = file.qualified(expr.args[1]) or ""
            return kind.rsplit(".", 1)[-1].startswith("TPUStrategy")
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "bool" and expr.args:
        return _tpu_devices(file, expr.args[0])
    return False


def _only_where(file: FileContext, expr: ast.AST, leaf, depth: int = 0) -> bool:
    """A flag that holds only where `leaf` holds of a part of it, followed through names: `<leaf>`, `True if
    <that> else False`, `<that> and <anything>`, `<that> or <that>`."""
    expr = file.value_of(expr)
    if depth > 4:
        return False
    if isinstance(expr, ast.IfExp):
        body, orelse = file.literal(expr.body), file.literal(expr.orelse)
        return orelse is False and body is True and _only_where(file, expr.test, leaf, depth + 1)
    if isinstance(expr, ast.BoolOp):
        parts = [_only_where(file, value, leaf, depth + 1) for value in expr.values]
        return any(parts) if isinstance(expr.op, ast.And) else all(parts)
    return leaf(file, expr)


def _several_replicas(file: FileContext, expr: ast.AST) -> bool:
    """`<strategy>.num_replicas_in_sync > 1` (`>= 2`, `!= 1`): true only where a tf.distribute strategy runs more
    than one replica, so false on one device (the linter's target is one card). The attribute is tf.distribute's
    own name for the replica count, not a word of the project's."""
    if not isinstance(expr, ast.Compare) or len(expr.ops) != 1:
        return False
    count = file.value_of(expr.left)
    if not (isinstance(count, ast.Attribute) and count.attr == "num_replicas_in_sync"):
        return False
    bound, op = file.literal(expr.comparators[0]), expr.ops[0]
    return type(bound) is int and (isinstance(op, ast.Gt) and bound >= 1 or isinstance(op, ast.GtE) and bound >= 2
                                   or isinstance(op, ast.NotEq) and bound == 1)


def _has_strategy(file: FileContext, expr: ast.AST) -> bool:
    """`tf.distribute.has_strategy()`: True only inside a tf.distribute strategy's scope, so False in the default
    single-device run (no strategy), the run the linter judges (one card)."""
    return type(expr) is ast.Call and not expr.args and not expr.keywords and \
        (file.qualified(expr.func) or "").endswith("distribute.has_strategy")


def _tpu_devices(file: FileContext, expr: ast.AST) -> bool:
    """`tf.config.list_logical_devices("TPU")` (or physical, or experimental.)."""
    expr = file.value_of(expr)
    if not isinstance(expr, ast.Call) or file.qualified(expr.func) not in _TPU_DEVICE_LISTS:
        return False
    return file.literal(argument(expr, 0, "device_type")) == "TPU"


def _function_of(file: FileContext, node: ast.AST | None) -> ast.AST | None:
    """A map's function: the lambda itself, or the definition a name refers to in this file."""
    if isinstance(node, ast.Name):
        qualname = file.def_of(node)
        return file.defs.get(qualname) if qualname else None
    return node


def _choice_dataset(file: FileContext, node: ast.AST) -> bool:
    """`node` is the `choice_dataset` argument of `tf.data.Dataset.choose_from_datasets(datasets, choice)`."""
    call = file.argument_parent(node)
    name = file.qualified(call.func) if isinstance(call, ast.Call) else None
    return bool(name) and name.endswith("choose_from_datasets") and argument(call, 1, "choice_dataset") is node


RANDOM_PREFIXES = ("tensorflow.random.", "tensorflow.image.random_", "keras.layers.Random")


def _random_function(file: FileContext, call: ast.Call) -> bool:
    """A map whose function draws new random numbers each call (stateful tf.random / random image
    ops), in a lambda or a function of this file."""
    function = _function_of(file, call.args[0] if call.args else None)
    if not isinstance(function, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for node in ast.walk(function):
        name = file.qualified(node.func) if isinstance(node, ast.Call) else None
        if name and name.startswith(RANDOM_PREFIXES) and "stateless" not in name:
            return True
    return False


def _next_map_function(pipeline: Pipeline, link: Link) -> tuple[ast.expr, str] | None:
    """(the function, its name or "") of the map stage right after `link`, if the next stage is a map."""
    stages = pipeline.stages
    index = next((i for i, s in enumerate(stages) if s is link), None)
    if index is None or index + 1 >= len(stages) or stages[index + 1].method != "map" or not stages[index + 1].call.args:
        return None
    function = stages[index + 1].call.args[0]
    named = function.func if type(function) is ast.Call else function  # (`map(_pad_batch(batch_size))`: a factory's)
    label = named.id if isinstance(named, ast.Name) else named.attr if isinstance(named, ast.Attribute) else ""
    return function, label


def _pads_next(pipeline: Pipeline, link: Link) -> bool:
    """The stage after the batch is a map whose function pads (`map(_pad_to_batch)`)."""
    following = _next_map_function(pipeline, link)
    return following is not None and "pad" in tokens(following[1])


# words of a map function's name that say it merges a batch into one element (`map(combine_examples)`, `_splice`);
# not "mix" (a mixup or mosaic of a batch's images keeps the batch), nor "concat" or "merge" (of features)
_MERGE_WORDS = {"combine", "splice"}


def _merged_next(file: FileContext, pipeline: Pipeline, link: Link) -> bool:
    """The stage after the batch is a map whose function merges each batch into one element: its name says
    so (`map(combine_examples)`, `map(_splice)`), or it is a function of the file each of whose returns holds
    only reductions over axis 0 (`tf.reduce_mean(a, axis=0)`, in tuples and dicts). The batch is the host's
    way of grouping elements: its size (a last partial one included) never reaches the device."""
    following = _next_map_function(pipeline, link)
    if following is None:
        return False
    function, label = following
    if _MERGE_WORDS & set(tokens(label)):
        return True
    bound = file.binding(function) if isinstance(function, ast.Name) else None
    definition = getattr(bound, "stmt", None)
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    returns = file.returns_of(definition)
    return bool(returns) and all(r.value is not None and _reduced_over_rows(file, r.value) for r in returns)


def _reduced_over_rows(file: FileContext, value: ast.AST) -> bool:
    if isinstance(value, (ast.Tuple, ast.List)):
        return bool(value.elts) and all(_reduced_over_rows(file, e) for e in value.elts)
    if isinstance(value, ast.Dict):
        return bool(value.values) and all(_reduced_over_rows(file, v) for v in value.values)
    if not (isinstance(value, ast.Call) and file.qualified(value.func) in TF_REDUCTIONS):
        return False
    axis = file.literal(argument(value, 1, "axis"))
    return axis == 0 or axis in ([0], (0,))


def _unknown_dim(file: FileContext, shapes: ast.AST) -> str | ast.Assign | None:
    """padded_shapes with a None (or -1) dimension, padded to each batch's longest element: "always",
    the statement that stores it into the dict or list padded_shapes is built as (`shapes[k] = [None]`),
    or when a conditional expression picks it (`tf.TensorShape([n + 1 if n else None])`: "n is
    false"); None without one."""
    held = file.value_of(shapes)
    found = []
    for stored, part in ((None, held), *_items_stored(file, shapes, held)):
        for node in ast.walk(part):
            if isinstance(node, ast.Constant) and (node.value is None or node.value == -1):
                when = _picked(file, node, part, stored)
                if when == "always":
                    return "always" if stored is None else stored
                if when is not None:
                    found.append(when)
    return found[0] if found else None


_SHAPE_BUILDERS = ("TensorShape", "Dimension", "TensorSpec")


def _returned_unknown_dims(file: FileContext, shapes: ast.AST) -> ast.AST | None:
    """The function of the file whose call padded_shapes is (`padded_shapes=self.feature_spec()`, also through a
    name) when every value it returns holds an unknown dimension: a None (or -1) in a shape it builds
    (`tf.TensorShape([tf.Dimension(None)])`, `[None]`, `(None, 3)`), in the returned expression or in what the
    names it reads are assigned or appended (`shapes = [...]; shapes.append(tf.TensorShape([None])); return
    tuple(shapes)`). A length padded to each batch's longest on every path it returns; None otherwise."""
    held = file.value_of(shapes)
    if type(held) is not ast.Call:
        return None
    function = file.defs.get(file.def_of(held.func) or "")
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    returns = file.returns_of(function)
    if not returns or any(r.value is None or not _holds_unknown_dim(file, function, r.value) for r in returns):
        return None
    return function


def _holds_unknown_dim(file: FileContext, function: ast.AST, value: ast.expr, depth: int = 0) -> bool:
    """Whether a value `function` returns holds a None (or -1) dimension: in a shape literal or a shape builder's
    arguments of the expression, or of what the local names it reads are bound to or appended in `function`."""
    if _unknown_in_shape(file, value):
        return True
    if depth > 3:
        return False
    names = {n.id for n in ast.walk(value) if type(n) is ast.Name and isinstance(n.ctx, ast.Load)}
    for node in ast.walk(function):
        if type(node) is ast.Assign and any(type(t) is ast.Name and t.id in names for t in node.targets):
            if _holds_unknown_dim(file, function, node.value, depth + 1):
                return True
        elif type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in ("append", "extend") \
                and type(node.func.value) is ast.Name and node.func.value.id in names and node.args:
            if _unknown_in_shape(file, node.args[0]):
                return True
    return False


def _unknown_in_shape(file: FileContext, expr: ast.expr) -> bool:
    """A None (or -1) that is a dimension: an item of a list or tuple literal, or the argument of a shape builder
    (`tf.TensorShape(None)`, `tf.Dimension(None)`)."""
    for node in ast.walk(expr):
        if not (type(node) is ast.Constant and node.value is None or type(node) is ast.UnaryOp and
                type(node.op) is ast.USub and type(node.operand) is ast.Constant and node.operand.value == 1):
            continue
        parent = file.parent(node)
        if type(parent) in (ast.List, ast.Tuple):
            return True
        if type(parent) is ast.Call and node in parent.args:
            name = file.qualified(parent.func) or ""
            if name.rpartition(".")[2] in _SHAPE_BUILDERS:
                return True
    return False


def _picked(file: FileContext, node: ast.AST, part: ast.AST, stored: ast.stmt | None) -> str | None:
    """When a None (or -1) inside padded_shapes' value `part` is the one it holds: "always", the
    conditional expressions' tests that pick it (`[n] if n else [None]`: "n is false"), or None when the
    `if` statements around the statement storing it decide those tests the other way (`if static:` around
    `shapes[k] = [length] if static else [None]`)."""
    known = paths.conditions(file, stored) if stored is not None else []
    tests = []
    child = node
    while child is not part:
        parent = file.parent(child)
        if parent is None:
            break
        if isinstance(parent, ast.IfExp) and parent.test is not child:
            wanted = parent.body is child
            held = paths.decide(parent.test, known)
            if held is not None and held != wanted:
                return None
            if held is None:
                tests.append(f"{file.segment(parent.test)} is {'true' if wanted else 'false'}")
        child = parent
    return " and ".join(tests) if tests else "always"


def _items_stored(file: FileContext, shapes: ast.AST, held: ast.AST) -> list[tuple[ast.Assign, ast.expr]]:
    """What the code stores into a dict or list literal padded_shapes is bound to, in the scope that binds it
    (`_padded_shapes = {}`, then `_padded_shapes[k] = [None]` for each feature of `element_spec`): (the
    statement, the value it stores, followed through its name)."""
    if not (isinstance(shapes, ast.Name) and isinstance(held, (ast.Dict, ast.List))):
        return []
    bound = file.binding(shapes)
    if bound is None or bound.value is not held:
        return []
    found = []
    for read in file.walk.reads(file.scope_of(bound.stmt), shapes.id):
        parent = file.parent(read)
        if isinstance(parent, ast.Subscript) and parent.value is read and isinstance(parent.ctx, ast.Store):
            stmt = file.parent(parent)
            if isinstance(stmt, ast.Assign) and parent in stmt.targets:
                found.append((stmt, file.value_of(stmt.value)))
    return found


def _own_shapes(file: FileContext, expr: ast.AST, depth: int = 0) -> bool:
    """padded_shapes that are the element's own static shapes, so that every unknown length is padded
    to each batch's longest, as with none given: `ds.output_shapes`, `get_output_shapes(ds)`,
    `tf.nest.map_structure(lambda s: s.shape, ds.element_spec)`, or what a function of the file
    returns that returns only that (`_get_output_shapes(dataset)`)."""
    expr = file.value_of(expr)
    if isinstance(expr, ast.Attribute):
        return expr.attr == "output_shapes"
    if not isinstance(expr, ast.Call):
        return False
    name = file.qualified(expr.func) or ""
    if name.endswith("data.get_output_shapes"):
        return True
    if name in ("tensorflow.nest.map_structure", "tensorflow.compat.v1.nest.map_structure") and len(expr.args) == 2:
        function, structure = expr.args
        return isinstance(structure, ast.Attribute) and structure.attr == "element_spec" and \
            isinstance(function, ast.Lambda) and isinstance(function.body, ast.Attribute) and \
            function.body.attr == "shape" and isinstance(function.body.value, ast.Name) and \
            function.body.value.id in parameter_names(function)
    helper = file.defs.get(file.def_of(expr.func) or "")
    if depth > 0 or not isinstance(helper, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    returns = [r.value for r in ast.walk(helper) if isinstance(r, ast.Return)]
    return bool(returns) and all(r is not None and _own_shapes(file, r, depth + 1) for r in returns)


def _given_shapes(file: FileContext, shapes: ast.AST | None) -> ast.expr | None:
    """The parameter padded_shapes comes from, where None there pads to each batch's longest: the
    parameter itself (`padded_shapes=padded_shapes`, None padding to the longest), or the one before
    the element's own shapes (`padded_shapes or _get_output_shapes(dataset)`)."""
    if shapes is None:
        return None
    if isinstance(shapes, ast.BoolOp) and isinstance(shapes.op, ast.Or) and len(shapes.values) == 2 and \
            _own_shapes(file, shapes.values[1]):
        shapes = shapes.values[0]
    return shapes if parameter_of(file, shapes) is not None else None


def _no_bucket_padding(value) -> bool | None:
    """Whether a passed pad_to_bucket_boundary leaves each batch padded to its longest: False or None does, True
    does not (any other value: not known)."""
    return True if value is False or value is None else False if value is True else None


def _no_shapes(value) -> bool | None:
    """Whether a passed padded_shapes pads to each batch's longest: None (or False) does; any other
    literal is not a shape (not known)."""
    return True if value is None or value is False else None


def _spread_parallel(file: FileContext, call: ast.Call) -> ast.expr | None:
    """The `num_parallel_calls` a `**options` argument gives (set 63's lidbox: `ds.interleave(fn,
    **interleave_kwargs)` with `interleave_kwargs = {..., "num_parallel_calls": TF_AUTOTUNE}`); None when none does,
    or its keys are not known (`spread.spread_argument`)."""
    given = spread_argument(file, call, "num_parallel_calls")
    return None if given is UNKNOWN_SPREAD else given


def _remainder(pipelines: Pipelines, pipeline: Pipeline, call: ast.Call) -> int | None:
    """Elements in the last batch when the source is `range(N)` batched by a literal: 0 for none."""
    root = pipeline.root
    if root.method != "<source>" or pipelines.file.qualified(root.call.func) != "tensorflow.data.Dataset.range":
        return None
    if len(root.call.args) != 1 or any(s.method != "batch" for s in pipeline.stages[:pipeline.stages.index(
            next(s for s in pipeline.stages if s.call is call))]):
        return None
    count, size = pipelines.file.literal(root.call.args[0]), pipelines.file.literal(argument(call, 0, "batch_size"))
    if isinstance(count, int) and isinstance(size, int) and size > 0:
        return count % size
    return None
