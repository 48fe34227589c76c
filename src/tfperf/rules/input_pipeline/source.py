"""The TFP4xx rules in source: a pipeline followed through method chains and a local variable's
assignments (`ds = ...; ds = ds.map(f); ds = ds.batch(32)`), from a `tf.data` source to its end: the
last dataset value that is not transformed further."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from tfperf.findings import Fix, Safety
from tfperf.source.scopes import start
from tfperf.source.visitor import FileContext, SourceVisitor, argument

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
            self.pipelines.collector = type(self)  # the class, not the visitor: no reference cycle

    def visit_Call(self, node: ast.Call) -> None:
        if self.pipelines.collector is type(self):
            self.pipelines.note(node)


class PipelineWithoutPrefetchSource(_PipelineVisitor):
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


class WorkAfterPrefetchSource(_PipelineVisitor):
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


class NoPrefetchToDeviceSource(_PipelineVisitor):
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


class SequentialMapSource(_PipelineVisitor):
    def end(self) -> None:
        for call in self.pipelines.datasets():
            method = call.func.attr if isinstance(call.func, ast.Attribute) else None
            if method in PARALLEL_POSITION and argument(call, PARALLEL_POSITION[method], "num_parallel_calls") is None:
                self.report(_MethodSpan(call), f".{method}() without num_parallel_calls runs on one host core",
                            fix=Fix(Safety.ADVISORY, "pass num_parallel_calls=tf.data.AUTOTUNE"))

