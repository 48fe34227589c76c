"""A TensorFlow-free IR of a `tf.data` input pipeline: what `capture.from_dataset` produces and the
TFP4xx pipeline rules read.

A Pipeline is the list of its stages (one per dataset op of the serialized dataset graph, in
topological order) plus the options the pipeline runs with and, for a dataset handed to a
`tf.distribute` strategy, how the strategy feeds its devices. The *chain* is the path from the
pipeline's source to its end through each stage's first input: what `ds.a().b().c()` built.
Nothing here imports TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from tfperf.findings import GraphLocation, Location, SourceLocation
from tfperf.ir import Frame, Shape
from tfperf.tf_releases import INJECT_PREFETCH_SINCE, MAP_AND_BATCH_FUSION_SINCE, MAP_PARALLELIZATION_SINCE

PIPELINE_SCOPE = "tf.data"  # GraphLocation.function of a pipeline stage: findings name `tf.data/.batch(32)`
AUTOTUNE = -1  # tf.data.AUTOTUNE
INFINITE, UNKNOWN = -1, -2  # tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY

# Ops that hand elements over asynchronously (a buffer between producer and consumer). After one of
# these TensorFlow does not inject a prefetch (grappler's inject_prefetch, kAsyncTransforms).
ASYNC_OPS = frozenset({"MapAndBatchDataset", "ParallelBatchDataset", "ParallelInterleaveDataset",
                       "ParallelInterleaveDatasetV2", "ParallelInterleaveDatasetV3", "ParallelInterleaveDatasetV4",
                       "ParallelMapDataset", "ParallelMapDatasetV2", "PrefetchDataset"})
BATCH_METHODS = frozenset({"batch", "padded_batch", "map_and_batch", "ragged_batch", "dense_to_ragged_batch"})


@dataclass(frozen=True)
class DatasetFunction:
    """A function a stage applies (map's `f`, filter's `predicate`, interleave's `f`...)."""

    name: str  # the function's name in the dataset graph's library
    ops: tuple[str, ...] = ()  # op types of its body and of the functions it calls
    stateful: bool = False  # some op is stateful (random ops, py_function...): TF will not parallelize it itself
    captured: int = 0  # tensors captured from outside the function
    max_constant_rank: int = 0  # rank of its largest constant
    source: Frame | None = None  # where the Python function is defined

    @property
    def random(self) -> bool:
        return any("Random" in op or op in ("Multinomial", "RngReadAndSkip", "RngSkip") for op in self.ops)

    @property
    def python(self) -> bool:
        """A `tf.py_function` / `tf.numpy_function`: runs Python under the GIL."""
        return any(op in ("EagerPyFunc", "PyFunc", "PyFuncStateless") for op in self.ops)


@dataclass(frozen=True)
class Stage:
    """One transformation (or source) of a pipeline."""

    name: str  # node name in the serialized dataset graph (unique in the pipeline)
    op: str  # dataset op: "ParallelMapDatasetV2", "BatchDatasetV2", ...; "CopyToDeviceDataset" for device copies
    method: str  # the tf.data method that builds it: "map", "batch", "prefetch", "from_tensor_slices", ...
    args: dict[str, Any] = field(default_factory=dict)  # decoded scalar inputs and attributes, by OpDef name
    inputs: tuple[str, ...] = ()  # names of the stages it reads
    functions: tuple[DatasetFunction, ...] = ()
    output_shapes: tuple[Shape | None, ...] = ()  # of each component of an element
    output_dtypes: tuple[str, ...] = ()
    cardinality: int | None = None  # elements it yields (INFINITE, UNKNOWN), when captured
    source: Frame | None = None  # the user's line that built it, when it was recorded

    @property
    def parallelism(self) -> int | None:
        """num_parallel_calls (AUTOTUNE = -1); None for the sequential ops that have no such argument."""
        value = self.args.get("num_parallel_calls")
        return int(value) if isinstance(value, (int, float)) else None

    @property
    def sequential(self) -> bool:
        """Runs its function on one element at a time (map, interleave, filter without parallelism)."""
        if self.parallelism is None:
            return not self.op.startswith(("Parallel", "MapAndBatch", "ExperimentalMapAndBatch"))
        return self.parallelism == 1

    @property
    def is_async(self) -> bool:
        return self.op in ASYNC_OPS

    @property
    def drop_remainder(self) -> bool | None:
        value = self.args.get("drop_remainder")
        return None if value is None else bool(value)

    @property
    def batch_size(self) -> int | None:
        value = self.args.get("batch_size", self.args.get("batch_size_per_replica"))
        return int(value) if isinstance(value, (int, float)) else None

    @property
    def device(self) -> str | None:
        """The device a device copy (copy_to_device / prefetch_to_device) feeds."""
        return self.args.get("target_device") if self.method == "copy_to_device" else None

    def call(self) -> str:
        """The stage as the user wrote it, roughly: `.map(parse, num_parallel_calls=None)`."""
        named = [f.source.func for f in self.functions if f.source and f.source.func != "<lambda>"]
        shown = named + [f"{k}={_show(k, v)}" for k, v in self.args.items() if k in _SHOWN_ARGS and v != "default"]
        return f".{self.method}({', '.join(shown)})"

    def location(self, origin: str | None = None) -> Location:
        frame = self.source or next((f.source for f in self.functions if f.source), None)
        src = SourceLocation(frame.file, frame.line) if frame else None
        return Location(source=src, graph=GraphLocation(self.call(), self.op, PIPELINE_SCOPE, None, origin))


_SHOWN_ARGS = ("batch_size", "drop_remainder", "num_parallel_calls", "deterministic", "buffer_size", "count",
               "cycle_length", "target_device")
_TUNABLE = ("num_parallel_calls", "buffer_size", "cycle_length")  # where -1 means tf.data.AUTOTUNE


def _show(name: str, value: Any) -> str:
    if name in _TUNABLE and value == AUTOTUNE:
        return "AUTOTUNE"
    if name == "deterministic" and value in ("true", "false"):
        return str(value == "true")
    return repr(value)


def batched(stages: list[Stage]) -> bool:
    """Whether the elements after `stages` (a chain) are batches: a batch not undone by a later unbatch."""
    for stage in reversed(stages):
        if stage.method == "unbatch":
            return False
        if stage.method in BATCH_METHODS:
            return True
    return False


@dataclass(frozen=True)
class PipelineOptions:
    """The `tf.data.Options` the pipeline runs with (TensorFlow's defaults where unset: those of the
    current releases here, `PipelineOptions.defaults(version)` for another)."""

    autotune: bool = True
    inject_prefetch: bool = True  # experimental_optimization.inject_prefetch
    map_parallelization: bool = True  # experimental_optimization.map_parallelization
    map_and_batch_fusion: bool = True  # experimental_optimization.map_and_batch_fusion
    deterministic: bool = True

    @classmethod
    def defaults(cls, version: tuple[int, int] | None) -> "PipelineOptions":
        """TensorFlow's defaults on the release `version` ((major, minor); None: a current one)."""
        if version is None:
            return cls()
        return cls(inject_prefetch=version >= INJECT_PREFETCH_SINCE,
                   map_parallelization=version >= MAP_PARALLELIZATION_SINCE,
                   map_and_batch_fusion=version >= MAP_AND_BATCH_FUSION_SINCE)


@dataclass(frozen=True)
class Distribution:
    """How a `tf.distribute` strategy feeds the pipeline's elements to its devices."""

    strategy: str  # "MirroredStrategy", ...
    replicas: int = 1
    fetch_to_device: bool = True  # tf.distribute.InputOptions.experimental_fetch_to_device
    buffer_size: int = 1  # experimental_per_replica_buffer_size

    @property
    def prefetches_to_device(self) -> bool:
        return self.fetch_to_device and self.buffer_size > 0


@dataclass
class Pipeline:
    stages: list[Stage]  # topological order: every stage after the stages it reads
    origin: str = ""
    options: PipelineOptions = field(default_factory=PipelineOptions)
    distribution: Distribution | None = None
    tf_version: str = ""

    def __post_init__(self) -> None:
        self._by_name = {s.name: s for s in self.stages}

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages)

    def __len__(self) -> int:
        return len(self.stages)

    def get(self, name: str) -> Stage | None:
        return self._by_name.get(name)

    @property
    def end(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def chain(self) -> list[Stage]:
        """Source to end through each stage's first input (`ds.a().b().c()`)."""
        chain, stage = [], self.end
        while stage is not None:
            chain.append(stage)
            stage = self.get(stage.inputs[0]) if stage.inputs else None
        return chain[::-1]

    def device_copy(self) -> Stage | None:
        """The copy_to_device / prefetch_to_device that ends the pipeline (a prefetch may follow it)."""
        chain = self.chain()
        if chain and chain[-1].method == "prefetch":
            chain = chain[:-1]
        return chain[-1] if chain and chain[-1].method == "copy_to_device" else None
