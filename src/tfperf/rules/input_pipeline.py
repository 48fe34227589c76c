"""Guide section "Use tf.data.prefetch_to_device" (TFP4xx): the input pipeline.

A `tf.data` pipeline should end in a prefetch, so that the host prepares batch N+1 while the
device runs step N; on an accelerator, `tf.data.experimental.prefetch_to_device` also overlaps
the host-to-device copy. Work placed after the prefetch runs unbuffered on the critical path, and
`map`/`interleave` without `num_parallel_calls` use one core.

The source detector follows a pipeline through method chains and through a local variable's
assignments (`ds = ...; ds = ds.map(f); ds = ds.batch(32)`), from a `tf.data` source to its end:
the last dataset value that is not transformed further.

The pipeline detectors (`check_pipeline`) judge a captured pipeline (`tfperf check --dataset`,
`tfperf.capture.dataset`): every stage with its real arguments, the options it runs with and what
this TensorFlow version will do by itself when it iterates it (inject a final prefetch, parallelize
a stateless map), so that a finding says what actually happens.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from tfperf.findings import Example, Finding, Fix, GuideSection, Rule, Safety, Severity, register
from tfperf.pipeline_ir import BATCH_METHODS, INFINITE, Pipeline, Stage, batched
from tfperf.source.scopes import start
from tfperf.source.visitor import FileContext, SourceVisitor, argument

# Methods of tf.data.Dataset that return a dataset.
METHODS = {
    "apply", "batch", "bucket_by_sequence_length", "cache", "concatenate", "enumerate", "filter",
    "flat_map", "group_by_window", "ignore_errors", "interleave", "map", "map_with_legacy_function",
    "padded_batch", "prefetch", "ragged_batch", "rebatch", "rejection_resample", "repeat", "scan",
    "shard", "shuffle", "skip", "snapshot", "sparse_batch", "take", "take_while", "unbatch", "unique",
    "window", "with_options",
}
NO_WORK_AFTER_PREFETCH = {"prefetch", "with_options"}  # no data work, fine after a prefetch
DEVICE_PREFETCH = {"tensorflow.data.experimental.prefetch_to_device", "tensorflow.data.experimental.copy_to_device"}
SOURCES = {"tensorflow.data.experimental.make_csv_dataset", "tensorflow.data.experimental.make_batched_features_dataset",
           "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
           "keras.utils.timeseries_dataset_from_array", "keras.utils.audio_dataset_from_directory",
           "keras.preprocessing.image_dataset_from_directory"}
DISTRIBUTE = {"experimental_distribute_dataset", "distribute_datasets_from_function"}
PARALLEL_POSITION = {"map": 1, "interleave": 3}  # where num_parallel_calls sits positionally


def is_source(name: str | None) -> bool:
    if not name:
        return False
    if name.startswith("tensorflow.data.Dataset.") or name in SOURCES:
        return True
    return name.startswith("tensorflow.data.") and name.rsplit(".", 1)[1].endswith("Dataset")


@dataclass
class Link:
    method: str  # "<source>" for the call that creates the dataset
    call: ast.Call
    device: bool = False  # .apply(prefetch_to_device / copy_to_device)


class Pipelines:
    """The tf.data pipelines of one file, found once and shared by the TFP40x visitors."""

    def __init__(self, file: FileContext):
        self.file = file
        self.calls: list[ast.Call] = []  # candidate dataset calls, in source order
        self._memo: dict[int, bool] = {}
        self.collector: object | None = None  # the one TFP40x visitor that collects for all

    @classmethod
    def of(cls, file: FileContext) -> "Pipelines":
        if "pipelines" not in file.shared:
            file.shared["pipelines"] = cls(file)
        return file.shared["pipelines"]

    def note(self, call: ast.Call) -> None:
        if isinstance(call.func, ast.Attribute) and call.func.attr in METHODS or is_source(
                self.file.imports.qualified(call.func)):
            self.calls.append(call)

    def is_dataset(self, expr: ast.AST, depth: int = 0) -> bool:
        if depth > 50:
            return False
        key = id(expr)
        if key not in self._memo:
            self._memo[key] = False  # cycles (ds = ds.map(...) in a loop) end here
            if isinstance(expr, ast.Name):
                bound = self.file.binding(expr)
                result = bound is not None and bound.value is not None and self.is_dataset(bound.value, depth + 1)
            elif isinstance(expr, ast.Call):
                func = expr.func
                result = is_source(self.file.imports.qualified(func)) or (
                    isinstance(func, ast.Attribute) and func.attr in METHODS and self.is_dataset(func.value, depth + 1))
            else:
                result = False
            self._memo[key] = result
        return self._memo[key]

    def datasets(self) -> list[ast.Call]:
        return [c for c in self.calls if self.is_dataset(c)]

    def chain(self, expr: ast.AST) -> tuple[list[Link], set[str]]:
        """Links from the source to `expr`, and the variable names the chain passes through."""
        links: list[Link] = []
        names: set[str] = set()
        for _ in range(500):
            if isinstance(expr, ast.Name):
                names.add(expr.id)
                bound = self.file.binding(expr)
                if bound is None or bound.value is None:
                    break
                expr = bound.value
            elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr in METHODS \
                    and not is_source(self.file.imports.qualified(expr.func)):
                links.append(Link(expr.func.attr, expr, self._device_apply(expr)))
                expr = expr.func.value
            else:
                if isinstance(expr, ast.Call):
                    links.append(Link("<source>", expr))
                break
        links.reverse()
        return links, names

    def _device_apply(self, call: ast.Call) -> bool:
        if call.func.attr != "apply" or not call.args or not isinstance(call.args[0], ast.Call):
            return False
        return self.file.imports.qualified(call.args[0].func) in DEVICE_PREFETCH

    def consumed(self, expr: ast.AST) -> bool:
        """Whether a dataset value feeds another dataset op (a further method, zip, concatenate)."""
        parent = self.file.parent(expr)
        if isinstance(parent, ast.Attribute) and parent.attr in METHODS:
            return True
        for anc in self.file.ancestors(expr):
            if isinstance(anc, ast.stmt):
                break
            if isinstance(anc, (ast.Call, ast.Lambda)) and anc is not expr and (
                    isinstance(anc, ast.Lambda) or self.is_dataset(anc)):
                return True  # an argument of a dataset op (zip, interleave's function...)
        return False

    def ends(self) -> list[ast.Call]:
        """Dataset values that nothing transforms further: where pipelines end."""
        ends = []
        for call in self.datasets():
            if self.consumed(call):
                continue
            stmt = self.file.parent(call)
            if isinstance(stmt, ast.Assign) and stmt.value is call and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], ast.Name) and self._name_consumed(stmt):
                continue
            ends.append(call)
        return ends

    def _name_consumed(self, stmt: ast.Assign) -> bool:
        name = stmt.targets[0].id
        index = self.file.scope_index(self.file.scope_of(stmt))
        for load in index.loads_of(name):
            bound = index.reaching(name, start(load))
            if bound is not None and bound.stmt is stmt and self.consumed(load):
                return True
        return False

    def distributed(self, end: ast.Call) -> bool:
        """Handed to a tf.distribute strategy, which prefetches to its devices by itself."""
        targets = [end]
        stmt = self.file.parent(end)
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            targets += self.file.scope_index(self.file.scope_of(stmt)).loads_of(stmt.targets[0].id)
        for t in targets:
            call = self.file.parent(t)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in DISTRIBUTE:
                return True
        return False


def method_node(link: Link) -> ast.AST:
    """What to point at for a link: `.batch(32)` rather than the whole chain from its source."""
    return _MethodSpan(link.call) if link.method != "<source>" else link.call


class _MethodSpan(ast.AST):
    """A pseudo node spanning `.method(...)` of a call, for precise report positions."""

    def __init__(self, call: ast.Call):
        super().__init__()
        attr = call.func
        self.lineno = attr.end_lineno
        self.col_offset = attr.end_col_offset - len(attr.attr)
        self.end_lineno, self.end_col_offset = call.end_lineno, call.end_col_offset


class _PipelineVisitor(SourceVisitor):
    """Shared part of the TFP40x visitors: collect candidate calls, judge in `end()`."""

    def __init__(self, file: FileContext):
        super().__init__(file)
        self.pipelines = Pipelines.of(file)
        if self.pipelines.collector is None:
            self.pipelines.collector = self

    def visit_Call(self, node: ast.Call) -> None:
        if self.pipelines.collector is self:
            self.pipelines.note(node)


@register
class PipelineWithoutPrefetch(Rule):
    """A `tf.data` pipeline that does not end with `.prefetch(...)`.

    Without a final prefetch the host builds each batch only when the device asks for it, so the
    device waits for every batch. The autofix appends `.prefetch(tf.data.AUTOTUNE)` to the pipeline's
    last expression when the pipeline is built in one expression or through one variable; values
    are unchanged. (A prefetch that is there but not last is TFP402.)

    On a captured pipeline (`tfperf check --dataset`) the rule knows what TensorFlow does when it
    iterates it: a prefetch it injects (autotune on, `inject_prefetch` not disabled), a final map
    and batch it fuses into an asynchronous map_and_batch, a last stage that is asynchronous itself.
    Those are reported as info that says so; a warning means nothing overlaps the step.
    `tfperf.data.finalize(ds)` appends the prefetch.
    """

    code = "TFP401"
    name = "pipeline-without-prefetch"
    section = GuideSection.PREFETCH
    summary = "tf.data pipeline does not end in .prefetch(): the device waits for every batch"
    severity = Severity.WARNING
    safety = Safety.EXACT
    invalid = (
        Example(kind="source", target="cpu", note="one expression", code="""\
import tensorflow as tf

def input_fn(x, y):
    return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)  # expect: TFP401
"""),
        Example(kind="source", target="cpu", note="one variable's assignments", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files)
    ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(64, drop_remainder=True)  # expect: TFP401
    return ds
"""),
        Example(kind="pipeline", target="cpu", note="autotune off: nothing overlaps the last map", code="""\
import tensorflow as tf

options = tf.data.Options()
options.autotune.enabled = False
dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.map(lambda x: x * 2)  # expect: TFP401
dataset = dataset.with_options(options)
"""),
        Example(kind="pipeline", target="cpu", note="TensorFlow injects the prefetch itself: reported as info, saying so",
                code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)  # expect: TFP401
"""),
        Example(kind="pipeline", target="cpu", note="TensorFlow fuses map and batch into an asynchronous map_and_batch: "
                "info, saying so", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).map(lambda x: x + 1).batch(8)  # expect: TFP401
"""),
    )
    valid = (
        Example(kind="source", target="cpu", note="a pipeline ending in prefetch", code="""\
import tensorflow as tf

def input_fn(x):
    ds = tf.data.Dataset.from_tensor_slices(x).batch(32)
    return ds.prefetch(tf.data.AUTOTUNE)
"""),
        Example(kind="source", target="cpu", note="a dataset built inside interleave is not a pipeline end", code="""\
import tensorflow as tf

files = tf.data.Dataset.list_files("*.tfrecord")
ds = files.interleave(lambda f: tf.data.TFRecordDataset(f).map(len), num_parallel_calls=4).prefetch(2)
"""),
        Example(kind="source", target="cpu", note="not a tf.data dataset", code="""\
import tensorflow as tf
import pandas as pd

frame = pd.DataFrame({"a": [1]}).apply(len).map(str)
"""),
        Example(kind="pipeline", target="cpu", note="a pipeline ending in prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(tf.data.AUTOTUNE)
"""),
        Example(kind="pipeline", note="ending in prefetch_to_device", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
    )

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        chain = pipeline.chain()
        if len(chain) < 2 or any(s.method == "prefetch" for s in chain) or pipeline.device_copy():
            return  # a bare source is no pipeline; a prefetch anywhere is TFP402's case
        last = chain[-1]
        fix = Fix(Safety.EXACT, "append .prefetch(tf.data.AUTOTUNE), or let tfperf.data.finalize(ds) do it "
                  "(same elements, same order)")
        overlap = overlapped_end(pipeline)
        if overlap:
            yield self.finding(f"no .prefetch() after {last.call()}, but {overlap}: write the prefetch out so that "
                               "the overlap does not depend on options and versions", last, ctx, fix=fix,
                               severity=Severity.INFO)
            return
        why = "autotune is off" if not pipeline.options.autotune else "inject_prefetch is disabled"
        yield self.finding(f"tf.data pipeline ends with {last.call()}, not .prefetch(): the device waits while the "
                           f"host prepares each batch ({_tensorflow(pipeline)} adds no prefetch: {why})", last, ctx,
                           fix=fix)

    class Source(_PipelineVisitor):
        def end(self) -> None:
            pipelines = self.pipelines
            for end in pipelines.ends():
                links, names = pipelines.chain(end)
                if len(links) < 2 or any(l.method == "prefetch" or l.device for l in links):
                    continue  # a bare source is no pipeline; a prefetch anywhere is TFP402's case
                self.report(method_node(links[-1]), "tf.data pipeline ends without .prefetch(): the device "
                            "waits while the host prepares each batch", fix=self._fix(end, names))

        def _fix(self, end: ast.Call, names: set[str]) -> Fix:
            autotune = self.file.imports.alias_for("tensorflow.data")
            if autotune is None or len(names) > 1:
                return Fix(Safety.ADVISORY, "append .prefetch(tf.data.AUTOTUNE) to the pipeline")
            return Fix(Safety.EXACT, "append .prefetch(tf.data.AUTOTUNE)",
                       (self.insert_after(end, f".prefetch({autotune}.AUTOTUNE)"),))


@register
class WorkAfterPrefetch(Rule):
    """Transformations after `.prefetch(...)` in a `tf.data` pipeline.

    Whatever follows the prefetch is not overlapped with the device's step: the prefetch should be
    the last transformation (`with_options` and a device prefetch may follow it).
    """

    code = "TFP402"
    name = "work-after-prefetch"
    section = GuideSection.PREFETCH
    summary = "tf.data transformation after .prefetch(): move the prefetch to the end"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="cpu", note="batching after the prefetch", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).prefetch(4)
ds = ds.batch(8)  # expect: TFP402
"""),
        Example(kind="pipeline", target="cpu", note="map and batch after the prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).prefetch(2)
dataset = dataset.map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE)  # expect: TFP402
dataset = dataset.batch(8)  # expect: TFP402
"""),
    )
    valid = (
        Example(kind="source", target="cpu", note="options and a device prefetch may follow", code="""\
import tensorflow as tf

opts = tf.data.Options()
ds = tf.data.Dataset.range(100).batch(8).prefetch(4).with_options(opts)
"""),
        Example(kind="pipeline", note="options and prefetch_to_device after the prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(2).with_options(tf.data.Options())
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
    )

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        chain = pipeline.chain()
        first = next((i for i, s in enumerate(chain) if s.method == "prefetch"), None)
        if first is None:
            return
        device_copy = pipeline.device_copy()
        for stage in chain[first + 1:]:
            if stage.method == "prefetch" or stage is device_copy:
                continue
            yield self.finding(f"{stage.call()} after .prefetch() runs on the critical path, not overlapped with "
                               "the device step", stage, ctx,
                               fix=Fix(Safety.ADVISORY, "make prefetch the last transformation"))

    class Source(_PipelineVisitor):
        def end(self) -> None:
            for end in self.pipelines.ends():
                links, _ = self.pipelines.chain(end)
                first = next((i for i, l in enumerate(links) if l.method == "prefetch"), None)
                if first is None:
                    continue
                for link in links[first + 1:]:
                    if link.method not in NO_WORK_AFTER_PREFETCH and not link.device:
                        self.report(method_node(link), f".{link.method}() after .prefetch() runs without "
                                    "overlap with the device step",
                                    fix=Fix(Safety.ADVISORY, "make prefetch the last transformation"))


@register
class NoPrefetchToDevice(Rule):
    """A `tf.data` pipeline for an accelerator that never uses `prefetch_to_device`/`copy_to_device`.

    The guide: `dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))` at the end
    of the pipeline overlaps the host-to-device copy with the step. Not reported on CPU targets, nor
    for datasets handed to a `tf.distribute` strategy (which prefetches to its devices).
    """

    code = "TFP403"
    name = "no-prefetch-to-device"
    section = GuideSection.PREFETCH
    summary = "tf.data pipeline for an accelerator without prefetch_to_device: host-to-device copy not overlapped"
    severity = Severity.INFO
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="gaudi2", note="prefetch on the host only", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).batch(8).prefetch(tf.data.AUTOTUNE)  # expect: TFP403
"""),
        Example(kind="pipeline", target="gaudi2", note="prefetch on the host only", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(tf.data.AUTOTUNE)  # expect: TFP403
"""),
        Example(kind="pipeline", target="gaudi2", note="a strategy told not to fetch to its devices", code="""\
import tensorflow as tf

strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
pipeline = tf.data.Dataset.range(64).batch(8).prefetch(2)  # expect: TFP403
options = tf.distribute.InputOptions(experimental_fetch_to_device=False)
dataset = strategy.experimental_distribute_dataset(pipeline, options)
"""),
    )
    valid = (
        Example(kind="source", target="gaudi2", note="the guide's form", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).batch(8)
ds = ds.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
        Example(kind="source", target="cpu", note="nothing to copy to on a CPU", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).batch(8).prefetch(tf.data.AUTOTUNE)
"""),
        Example(kind="pipeline", target="gaudi2", note="the guide's form", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
        Example(kind="pipeline", target="gaudi2", note="a tf.distribute strategy prefetches to its devices", code="""\
import tensorflow as tf

strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
dataset = strategy.experimental_distribute_dataset(tf.data.Dataset.range(64).batch(8).prefetch(2))
"""),
    )

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        target = ctx.target
        chain = pipeline.chain()
        if not target.is_accelerator or len(chain) < 2:
            return
        device = f"/device:{target.device_type}:0"
        fix = Fix(Safety.ADVISORY, f'end the pipeline with .apply(tf.data.experimental.prefetch_to_device("{device}")) '
                  "(tfperf.data.finalize does it where the device is present)")
        copy = pipeline.device_copy()
        if copy is not None:
            if target.device_type.lower() not in str(copy.device).lower():
                yield self.finding(f"{copy.call()} copies to {copy.device}, not to the {target.device_type} of "
                                   f"{target.name}", copy, ctx, fix=fix)
            return
        strategy = pipeline.distribution
        if strategy is not None and strategy.prefetches_to_device:
            return  # the strategy's iterator prefetches each replica's batch to its device
        why = (f"its {strategy.strategy} was told not to fetch to the devices (tf.distribute.InputOptions)"
               if strategy else "no prefetch_to_device at the end")
        yield self.finding(f"{why} on {target.name}: the host-to-device copy of each batch is not overlapped "
                           "with the step", chain[-1], ctx, fix=fix)

    class Source(_PipelineVisitor):
        def end(self) -> None:
            if not self.target.is_accelerator:
                return
            device = f"/device:{self.target.device_type}:0"
            for end in self.pipelines.ends():
                links, _ = self.pipelines.chain(end)
                if len(links) < 2 or any(l.device for l in links) or self.pipelines.distributed(end):
                    continue
                self.report(method_node(links[-1]), f"no prefetch_to_device on {self.target.name}: the host-to-device "
                            "copy is not overlapped with the step", fix=Fix(Safety.ADVISORY, "end the pipeline with "
                            f".apply(tf.data.experimental.prefetch_to_device(\"{device}\"))"))


@register
class SequentialMap(Rule):
    """`Dataset.map`/`interleave` without `num_parallel_calls`: one host core does all the work.

    Pass `num_parallel_calls=tf.data.AUTOTUNE` (order is kept unless `deterministic=False`). Not
    fixed automatically: a map function with random ops or Python side effects may behave
    differently in parallel. On a captured pipeline, a stateless map that TensorFlow parallelizes
    by itself (`map_parallelization`, with autotune on) is reported as info, saying so.

    A captured pipeline is also checked for the orders that waste the host's work:
    `.cache()` after a random augmentation (every epoch replays the first epoch's draws, and the
    augmentation should run after the cache), `.shuffle()` after `.batch()` (it shuffles whole
    batches), and a per-element map of elementwise ops right before `.batch()` (after the batch
    it computes the same values in one call per batch: a vectorized map).
    """

    code = "TFP404"
    name = "sequential-map"
    section = GuideSection.PREFETCH
    summary = ("Dataset.map/interleave without num_parallel_calls runs on one core (captured pipelines: also "
               "cache after augmentation, shuffle after batch, a map to vectorize after batch)")
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="source", target="cpu", note="sequential parsing", code="""\
import tensorflow as tf

ds = tf.data.TFRecordDataset(["a.tfrecord"]).map(parse).batch(32).prefetch(1)  # expect: TFP404
"""),
        Example(kind="pipeline", target="cpu", note="random augmentation: sequential, then cached; shuffled batches",
                code="""\
import tensorflow as tf

def augment(x):
    return tf.cast(x, tf.float32) + tf.random.uniform([])

dataset = tf.data.Dataset.range(64)
dataset = dataset.map(augment)  # expect: TFP404
dataset = dataset.cache()  # expect: TFP404
dataset = dataset.batch(8)
dataset = dataset.shuffle(4)  # expect: TFP404
dataset = dataset.prefetch(1)
"""),
        Example(kind="pipeline", target="cpu", note="elementwise per-element map before batch; sequential interleave",
                code="""\
import tensorflow as tf

images = tf.data.Dataset.from_tensor_slices(tf.zeros([64, 8, 8, 3], tf.uint8))
dataset = images.map(lambda x: tf.cast(x, tf.float32) / 255.0, num_parallel_calls=tf.data.AUTOTUNE)  # expect: TFP404
dataset = dataset.batch(16, drop_remainder=True)
dataset = dataset.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)  # expect: TFP404
dataset = dataset.prefetch(1)
"""),
        Example(kind="pipeline", target="cpu", note="a stateless map TensorFlow parallelizes itself: info, saying so",
                code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).map(lambda x: x * x).prefetch(1)  # expect: TFP404
"""),
    )
    valid = (
        Example(kind="source", target="cpu", note="parallel map and interleave", code="""\
import tensorflow as tf

files = tf.data.Dataset.list_files("*.tfrecord")
ds = files.interleave(tf.data.TFRecordDataset, 4, 1, tf.data.AUTOTUNE)
ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE).prefetch(1)
"""),
        Example(kind="source", target="cpu", note="map on something that is not a dataset", code="""\
import tensorflow as tf

names = list(map(str, [1, 2]))
table = {"a": 1}.items()
"""),
        Example(kind="pipeline", target="cpu", note="cache, shuffle, parallel augmentation, then a vectorized map",
                code="""\
import tensorflow as tf

def augment(x):
    return tf.cast(x, tf.float32) + tf.random.uniform([])

dataset = tf.data.Dataset.range(64).cache()
dataset = dataset.shuffle(64).map(augment, num_parallel_calls=tf.data.AUTOTUNE)
dataset = dataset.batch(8).map(lambda x: x / 2.0, num_parallel_calls=tf.data.AUTOTUNE).prefetch(1)
"""),
    )

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        chain = pipeline.chain()
        for i, stage in enumerate(chain):
            if stage.method in ("map", "interleave") and stage.sequential:
                yield self._sequential(stage, pipeline, ctx)
            elif stage.method == "cache":
                augment = next((s for s in reversed(chain[:i]) if random_augmentation(s)), None)
                if augment is not None:
                    where = f" (line {augment.source.line})" if augment.source else ""
                    yield self.finding(f".cache() after the random augmentation {augment.call()}{where}: every epoch "
                                       "replays the first epoch's random draws", stage, ctx,
                                       fix=Fix(Safety.ADVISORY, "cache before the augmentation and augment after it"))
            elif stage.method == "shuffle" and batched(chain[:i]):
                yield self.finding(".shuffle() after .batch() shuffles whole batches: the same elements stay "
                                   "together every epoch", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "shuffle the elements before .batch()"))
            if i + 1 < len(chain) and chain[i + 1].method == "batch" and vectorizable(stage, pipeline):
                yield self.finding(f"{stage.call()} runs its elementwise function once per element before "
                                   f"{chain[i + 1].call()}: after the batch it gives the same values in one call "
                                   "per batch", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "move the map after .batch() (a vectorized map)"))

    def _sequential(self, stage: Stage, pipeline: Pipeline, ctx) -> Finding:
        fix = Fix(Safety.ADVISORY, f"pass num_parallel_calls=tf.data.AUTOTUNE to .{stage.method}()")
        message = f"{stage.call()} runs its function on one element at a time, on one host core"
        if parallelized_by_tf(stage, pipeline):
            return self.finding(f"{message}, but {_tensorflow(pipeline)} parallelizes this stateless map itself "
                                "(map_parallelization, autotune on): write it out so that it does not depend on "
                                "these options", stage, ctx, fix=fix, severity=Severity.INFO)
        if stage.method == "map" and any(f.stateful for f in stage.functions):
            message += " (its function is stateful, so TensorFlow does not parallelize it itself)"
        return self.finding(message, stage, ctx, fix=fix)

    class Source(_PipelineVisitor):
        def end(self) -> None:
            for call in self.pipelines.datasets():
                method = call.func.attr if isinstance(call.func, ast.Attribute) else None
                if method in PARALLEL_POSITION and argument(call, PARALLEL_POSITION[method], "num_parallel_calls") is None:
                    self.report(_MethodSpan(call), f".{method}() without num_parallel_calls runs on one host core",
                                fix=Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE"))


@register
class DynamicBatchShape(Rule):
    """Batches whose leading dimension changes, on a target that compiles the graph per input shape.

    Gaudi's graph compiler (and XLA) compile a recipe for every new input shape. `.batch(n)` keeps a
    last, smaller batch unless `drop_remainder=True`, and `.padded_batch(n)` without fixed
    `padded_shapes` pads every batch to its own longest element: each new shape costs a compilation
    in the middle of training. Reported when the pipeline's elements really have an unknown leading
    dimension and the batch's input can end in a partial batch (it is not infinite, nor a known
    multiple of the batch size). Not fixed automatically: dropping or padding changes the data.
    """

    code = "TFP405"
    name = "dynamic-batch-shape"
    section = GuideSection.PREFETCH
    summary = "Batches with a changing shape (drop_remainder=False, padded_batch to the longest) recompile on Gaudi/XLA"
    severity = Severity.WARNING
    safety = Safety.ADVISORY
    invalid = (
        Example(kind="pipeline", target="gaudi2", note="a last partial batch of 4", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32).prefetch(1)  # expect: TFP405
"""),
        Example(kind="pipeline", target="gaudi3", note="sequences padded to each batch's longest", code="""\
import tensorflow as tf

lengths = tf.data.Dataset.range(1, 49)
sequences = lengths.map(lambda n: tf.range(n), num_parallel_calls=tf.data.AUTOTUNE)
dataset = sequences.padded_batch(8, drop_remainder=True)  # expect: TFP405
"""),
    )
    valid = (
        Example(kind="pipeline", target="gaudi2", note="drop_remainder, an endless input, a multiple of the batch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32, drop_remainder=True)
dataset = dataset.concatenate(tf.data.Dataset.range(100).repeat().batch(32))
dataset = dataset.concatenate(tf.data.Dataset.range(96).batch(32)).prefetch(1)
"""),
        Example(kind="pipeline", target="gaudi2", note="padded to a fixed length", code="""\
import tensorflow as tf

sequences = tf.data.Dataset.range(1, 49).map(lambda n: tf.range(n), num_parallel_calls=tf.data.AUTOTUNE)
dataset = sequences.padded_batch(8, padded_shapes=[64], drop_remainder=True)
"""),
        Example(kind="pipeline", target="h100", note="a GPU without XLA runs any shape", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32)
"""),
    )

    def check_pipeline(self, pipeline: Pipeline, ctx) -> Iterator[Finding]:
        if not ctx.target.compiles_per_shape:
            return
        end = pipeline.end
        if end is None or not any(shape is None or None in shape for shape in end.output_shapes):
            return  # every element has a static shape: one compilation
        for stage in pipeline:
            if stage.method not in BATCH_METHODS:
                continue
            left = self._remainder(stage, pipeline)
            if left != 0:
                kept = f" of {left} element(s)" if left else ""
                yield self.finding(f"{stage.call()} keeps a last, partial batch{kept}: a new leading dimension, and "
                                   f"{ctx.target.name} compiles the graph again for it", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "pass drop_remainder=True, or pad the last batch to full size"))
            elif stage.method == "padded_batch" and any(None in shape[1:] for shape in stage.output_shapes if shape):
                yield self.finding(f"{stage.call()} pads each batch to its longest element: every new length is a "
                                   f"new shape that {ctx.target.name} compiles again", stage, ctx,
                                   fix=Fix(Safety.ADVISORY, "give padded_batch fixed padded_shapes, or use "
                                           "bucket_by_sequence_length with fixed bucket boundaries"))

    @staticmethod
    def _remainder(stage: Stage, pipeline: Pipeline) -> int | None:
        """Elements in the last batch (0: none; None: unknown but possible)."""
        if stage.drop_remainder is not False:
            return 0
        source = pipeline.get(stage.inputs[0]) if stage.inputs else None
        count = source.cardinality if source else None
        if count == INFINITE:
            return 0
        if count is not None and count >= 0 and stage.batch_size:
            return count % stage.batch_size
        return None


# ---------------------------------------------------------------------------------------------
# What TensorFlow does to a captured pipeline by itself (so that findings are accurate)

# Datasets tf.data itself puts after the user's last transformation; grappler's inject_prefetch
# looks through them for the last real one (kDatasetsToSkip).
_TF_OWN_STAGES = frozenset({"AssertNextDataset", "ExperimentalAssertNextDataset", "IgnoreErrorsDataset",
                            "ModelDataset", "OptimizeDataset", "MaxIntraOpParallelismDataset",
                            "PrivateThreadPoolDataset"})
# Ops that give the same values per element as on a batch of elements (they broadcast from the right).
_ELEMENTWISE = frozenset({
    "Identity", "IdentityN", "Const", "NoOp", "Cast", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "DivNoNan",
    "FloorDiv", "FloorMod", "Maximum", "Minimum", "Neg", "Abs", "Sign", "Square", "Sqrt", "Rsqrt", "Exp", "Log",
    "Log1p", "Pow", "Tanh", "Sigmoid", "Relu", "Relu6", "ClipByValue", "Floor", "Ceil", "Round", "Rint",
    "SquaredDifference", "Equal", "NotEqual", "Greater", "GreaterEqual", "Less", "LessEqual", "LogicalAnd",
    "LogicalOr", "LogicalNot", "SelectV2",
})


def _tensorflow(pipeline: Pipeline) -> str:
    return f"TensorFlow {pipeline.tf_version}" if pipeline.tf_version else "TensorFlow"


def overlapped_end(pipeline: Pipeline) -> str | None:
    """How TensorFlow itself overlaps the end of a pipeline without a final prefetch, in words; None
    when it does not. Its rewrites, in the order it applies them: map_and_batch_fusion turns a map
    followed by batch into an asynchronous MapAndBatch (any options); inject_prefetch appends
    prefetch(AUTOTUNE) after a synchronous last stage (autotune on, inject_prefetch not disabled)."""
    chain = [s for s in pipeline.chain() if s.op not in _TF_OWN_STAGES]
    if not chain:
        return None
    last, tf_version = chain[-1], _tensorflow(pipeline)
    before = chain[-2] if len(chain) > 1 else None
    if (pipeline.options.map_and_batch_fusion and last.op in ("BatchDataset", "BatchDatasetV2") and before
            and before.op in ("MapDataset", "ParallelMapDataset", "ParallelMapDatasetV2")):
        return (f"{tf_version} fuses {before.call()}{last.call()} into an asynchronous map_and_batch that builds "
                "the next batch while the step runs")
    if last.is_async:
        return f"{last.call()} is asynchronous: it runs ahead of the step by itself"
    if pipeline.options.autotune and pipeline.options.inject_prefetch:
        return (f"{tf_version} injects prefetch(AUTOTUNE) there when it iterates the pipeline (autotune on, "
                "inject_prefetch not disabled)")
    return None


def parallelized_by_tf(stage: Stage, pipeline: Pipeline) -> bool:
    """Whether grappler's map_parallelization turns this sequential map into a parallel one: with
    autotune on, for a map whose function is stateless and not forced synchronous."""
    options = pipeline.options
    return (stage.op == "MapDataset" and options.autotune and options.map_parallelization
            and not stage.args.get("force_synchronous") and not any(f.stateful for f in stage.functions))


def random_augmentation(stage: Stage) -> bool:
    """A map drawing new random numbers on every pass (random ops with state, as Keras' random layers)."""
    return stage.method == "map" and any(f.random and f.stateful for f in stage.functions)


def vectorizable(stage: Stage, pipeline: Pipeline) -> bool:
    """A map whose function gives the same values applied to a whole batch: elementwise ops only,
    no captured tensors, no state, and constants that broadcast the same way with a batch axis."""
    if stage.method != "map" or len(stage.functions) != 1 or not stage.inputs:
        return False
    function, source = stage.functions[0], pipeline.get(stage.inputs[0])
    shapes = source.output_shapes if source else ()
    if not shapes or any(shape is None or None in shape for shape in shapes):
        return False
    return (not function.stateful and not function.captured and set(function.ops) <= _ELEMENTWISE
            and function.max_constant_rank <= min(len(shape) for shape in shapes))
