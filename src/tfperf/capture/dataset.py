"""tf.data.Dataset -> the TF-free pipeline IR (`tfperf.pipeline_ir`).

The stages and their arguments come from the dataset's serialized graph (`DatasetToGraphV2`): every
dataset op with its scalar inputs decoded by their OpDef names (`batch_size`, `drop_remainder`,
`num_parallel_calls`, `buffer_size`...) and its attributes (`deterministic`...), and the functions
it applies, with what their bodies contain (stateful ops, random ops, py_function).

The Python dataset objects add what the graph lacks: each stage's cardinality, where the Python
function it applies is defined, and the stages that cannot be serialized (`copy_to_device` and
`prefetch_to_device` run a generator), which are read from the objects themselves. When tfperf
builds the dataset itself (`from_spec`), it also records the user's line that built each stage.
"""

from __future__ import annotations

import contextlib
import re
import sys
from dataclasses import replace
from typing import Any, Iterator

from tfperf.capture._walk import called_functions, decode_attr, frame_kind, tensor_value, user_frame
from tfperf.capture.errors import CaptureError
from tfperf.errors import first_line
from tfperf.ir import Frame
from tfperf.pipeline_ir import DatasetFunction, Distribution, Pipeline, PipelineOptions, Stage
from tfperf.tf_releases import release

# Ops whose method name is not their op name minus "Dataset".
_METHODS = {"TensorSliceDataset": "from_tensor_slices", "TensorDataset": "from_tensors",
            "OptionsDataset": "with_options", "TFRecordDataset": "TFRecordDataset",
            "TFRecordDatasetV2": "TFRecordDataset", "TextLineDataset": "TextLineDataset",
            "FixedLengthRecordDatasetV2": "FixedLengthRecordDataset", "ShuffleAndRepeatDatasetV2": "shuffle_and_repeat",
            "ExperimentalMapAndBatchDataset": "map_and_batch", "DenseToSparseBatchDataset": "sparse_batch"}
_VERSION = re.compile(r"V\d+$")
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_NOT_ARGS = {"output_types", "output_shapes", "metadata", "Targuments", "Toutput_types", "Tcaptured",
             "Tkey_func_other_arguments", "Treduce_func_other_arguments", "Tfinalize_func_other_arguments",
             "Tinit_func_other_arguments", "Tpredicate_other_arguments", "Tother_arguments", "Toutput"}
# Attributes of the Python objects of stages that cannot be serialized, by IR argument name.
_PY_ARGS = {"batch_size": "_batch_size", "drop_remainder": "_drop_remainder", "buffer_size": "_buffer_size",
            "num_parallel_calls": "_num_parallel_calls", "count": "_count", "target_device": "_target_device",
            "source_device": "_source_device"}


def method_of(op: str) -> str:
    """"ParallelMapDatasetV2" -> "map", "ShuffleDatasetV3" -> "shuffle" (the tf.data method)."""
    if op in _METHODS:
        return _METHODS[op]
    base = _VERSION.sub("", op)
    for prefix in ("Experimental", "Legacy", "Parallel"):
        base = base.removeprefix(prefix)
    base = base.removesuffix("Dataset")
    return _CAMEL.sub("_", base).lower() or op


# ---------------------------------------------------------------------------------------------
# where each dataset was built


class FrameRecorder:
    """Records the user's line that creates each dataset while tfperf builds them (`recording()`)."""

    def __init__(self):
        self._frames: dict[int, tuple[Any, Frame]] = {}  # id -> (the object, kept alive so ids stay unique)

    @contextlib.contextmanager
    def recording(self) -> Iterator[None]:
        from tensorflow.python.data.ops import dataset_ops

        original = dataset_ops.DatasetV2.__init__
        frames = self._frames

        def init(dataset, *args, **kwargs):
            original(dataset, *args, **kwargs)
            caller = sys._getframe(1)  # skip this wrapper: it is tfperf's own frame
            stack = []
            while caller is not None:
                stack.append((caller.f_code.co_filename, caller.f_lineno, caller.f_code.co_name))
                caller = caller.f_back
            frame = user_frame(stack)
            if frame is not None:
                frames.setdefault(id(dataset), (dataset, frame))

        dataset_ops.DatasetV2.__init__ = init
        try:
            yield
        finally:
            dataset_ops.DatasetV2.__init__ = original

    def frame(self, dataset: Any) -> Frame | None:
        entry = self._frames.get(id(dataset))
        return entry[1] if entry and entry[0] is dataset else None


# ---------------------------------------------------------------------------------------------
# entry points


def is_dataset(obj: Any) -> bool:
    import tensorflow as tf

    return isinstance(obj, tf.data.Dataset) or _distribution_of(obj) is not None


def from_dataset(obj: Any, origin: str = "dataset", recorder: FrameRecorder | None = None) -> Pipeline:
    """The pipeline IR of a tf.data.Dataset, or of a dataset distributed by a tf.distribute strategy."""
    return capture_live(obj, origin, recorder)[0]


def capture_live(obj: Any, origin: str = "dataset",
                 recorder: FrameRecorder | None = None) -> tuple[Pipeline, dict[str, Any]]:
    """The pipeline IR and, for each stage, the live dataset object that ends there (for measuring)."""
    import tensorflow as tf

    dataset = unwrap(obj, origin)
    stages, objects = _Builder(origin, recorder or FrameRecorder()).build(dataset)
    pipeline = Pipeline(stages, origin=origin, options=_options(dataset), distribution=_distribution_of(obj),
                        tf_version=tf.__version__)
    return pipeline, objects


def unwrap(obj: Any, origin: str = "dataset") -> Any:
    """The tf.data.Dataset the user built: under a tf.distribute wrapper or a TF1 adapter."""
    import tensorflow as tf

    dataset = _unwrap_adapter(_unwrap_distribution(obj))
    if not isinstance(dataset, tf.data.Dataset):
        raise CaptureError(f"{origin}: is of type {type(obj).__name__}, not a tf.data.Dataset")
    return dataset


def from_spec(spec: str, option: str = "--dataset") -> Pipeline:
    return build_from_spec(spec, option)[0]


def build_from_spec(spec: str, option: str = "--dataset") -> tuple[Pipeline, Any]:
    """Import "pkg.module:attr" (a Dataset, or a function returning one), recording the line that
    builds each stage, and capture it. Returns the pipeline IR and the dataset object itself.
    (Lines are recorded while tfperf imports the module or calls the function: a module imported
    earlier in the same process keeps its datasets' lines unknown, unless a function builds them.)"""
    from tfperf.capture import _is_factory, load_object
    from tfperf.capture.usercode import user_code

    recorder = FrameRecorder()
    with recorder.recording():
        obj = load_object(spec, option)
        if not is_dataset(obj) and _is_factory(obj):
            try:
                with user_code(spec):
                    obj = obj()
            except CaptureError:
                raise
            except Exception as exc:
                raise CaptureError(f"{spec}: calling it to build the dataset failed: {type(exc).__name__}: {exc}") from exc
    if not is_dataset(obj):
        raise CaptureError(f"{spec}: is of type {type(obj).__name__}, not a tf.data.Dataset or a function returning one")
    return capture_live(obj, spec, recorder)[0], obj


# ---------------------------------------------------------------------------------------------
# options, distribution


def _options(dataset: Any) -> PipelineOptions:
    """The options the pipeline runs with: where it leaves one unset, this TensorFlow's default."""
    import tensorflow as tf

    options, default = dataset.options(), PipelineOptions.defaults(release(tf.__version__))

    def chosen(value: bool | None, fallback: bool) -> bool:
        return fallback if value is None else bool(value)

    optimization = options.experimental_optimization
    return PipelineOptions(
        autotune=chosen(options.autotune.enabled, default.autotune),
        inject_prefetch=chosen(optimization.inject_prefetch, default.inject_prefetch),
        map_parallelization=chosen(optimization.map_parallelization, default.map_parallelization),
        map_and_batch_fusion=chosen(optimization.map_and_batch_fusion, default.map_and_batch_fusion),
        deterministic=chosen(options.deterministic, default.deterministic),
    )


def _distribution_of(obj: Any) -> Distribution | None:
    strategy = getattr(obj, "_strategy", None)
    if strategy is None or not (hasattr(obj, "_original_dataset") or hasattr(obj, "_datasets")):
        return None
    options = getattr(obj, "_options", None)
    fetch = getattr(options, "experimental_fetch_to_device", None)
    buffer = getattr(options, "experimental_per_replica_buffer_size", None)
    replicas = getattr(obj, "_num_replicas_in_sync", None) or strategy.num_replicas_in_sync
    return Distribution(strategy=type(strategy).__name__, replicas=int(replicas),
                        fetch_to_device=True if fetch is None else bool(fetch),
                        buffer_size=1 if buffer is None else int(buffer))


def _unwrap_distribution(obj: Any) -> Any:
    """A DistributedDataset keeps the user's dataset; distribute_datasets_from_function one per worker."""
    if _distribution_of(obj) is None:
        return obj
    return obj._original_dataset if hasattr(obj, "_original_dataset") else obj._datasets[0]


def _unwrap_adapter(dataset: Any) -> Any:
    while type(dataset).__name__ == "DatasetV1Adapter" and hasattr(dataset, "_dataset"):
        dataset = dataset._dataset
    return dataset


# ---------------------------------------------------------------------------------------------
# the serialized graph -> stages


def _serialize(dataset: Any) -> Any:
    import tensorflow as tf

    policy = tf.data.experimental.ExternalStatePolicy.IGNORE  # py_function maps serialize, without their state
    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(dataset._as_serialized_graph(external_state_policy=policy).numpy())
    return graph_def


_DATASET_OP = re.compile(r"Dataset(V\d+)?$")


def _is_dataset_node(node: Any) -> bool:
    return bool(_DATASET_OP.search(node.op))


def _ref(name: str) -> str:
    return name.split(":", 1)[0]


class _Builder:
    def __init__(self, origin: str, recorder: FrameRecorder):
        self.origin = origin
        self.recorder = recorder

    def build(self, dataset: Any) -> tuple[list[Stage], dict[str, Any]]:
        above: list[Any] = []  # datasets on top that cannot be serialized, outermost first
        while True:
            try:
                graph_def = _serialize(dataset)
                break
            except Exception as exc:
                inputs = [_unwrap_adapter(d) for d in dataset._inputs()]
                if len(inputs) != 1:
                    raise CaptureError(f"{self.origin}: the dataset cannot be serialized: "
                                       f"{first_line(exc)}") from exc
                above.append(dataset)
                dataset = inputs[0]
        stages, objects = self._from_graph(graph_def, dataset)
        for obj in reversed(above):
            stage = self._from_object(obj, stages[-1].name if stages else None)
            stages.append(stage)
            objects[stage.name] = obj
        return stages, objects

    # ---- graph

    def _from_graph(self, graph_def: Any, dataset: Any) -> tuple[list[Stage], dict[str, Any]]:
        nodes = {n.name: n for n in graph_def.node}
        sink = next((n for n in graph_def.node if n.op == "_Retval"), None)
        if sink is None or not sink.input:
            raise CaptureError(f"{self.origin}: the serialized dataset graph has no output")
        objects = self._match(nodes, _ref(sink.input[0]), dataset)
        end = self._skip_options(nodes, _ref(sink.input[0]))
        functions = _Functions(graph_def.library, self._python_functions(objects.values()))
        stages = [self._stage(nodes[name], nodes, functions, objects.get(name))
                  for name in self._topological(nodes, end)]
        return stages, {name: obj for name, obj in objects.items() if nodes[name].op != "OptionsDataset"}

    def _dataset_inputs(self, nodes: dict, node: Any) -> list[str]:
        refs = [_ref(i) for i in node.input if not i.startswith("^")]
        return [r for r in refs if r in nodes and _is_dataset_node(nodes[r])]

    def _skip_options(self, nodes: dict, name: str) -> str:
        """with_options() is no data transformation: stages read through it."""
        while nodes[name].op == "OptionsDataset":
            name = self._dataset_inputs(nodes, nodes[name])[0]
        return name

    def _topological(self, nodes: dict, end: str) -> list[str]:
        order, seen, stack = [], set(), [(end, False)]
        while stack:
            name, done = stack.pop()
            if done:
                order.append(name)
                continue
            if name in seen:
                continue
            seen.add(name)
            stack.append((name, True))
            inputs = [self._skip_options(nodes, i) for i in self._dataset_inputs(nodes, nodes[name])]
            stack.extend((i, False) for i in reversed(inputs))
        return order

    def _match(self, nodes: dict, end: str, dataset: Any) -> dict[str, Any]:
        """The Python dataset object of each node: both are trees with the same shape, the graph's
        dataset inputs in the order of the object's `_inputs()`."""
        matched: dict[str, Any] = {}
        stack = [(end, dataset)]
        while stack:
            name, obj = stack.pop()
            obj = _unwrap_adapter(obj)
            if name in matched:
                continue
            matched[name] = obj
            inputs = self._dataset_inputs(nodes, nodes[name])
            try:
                py_inputs = list(obj._inputs())
            except Exception:  # a dataset class that does not list its inputs
                continue
            if len(py_inputs) == len(inputs):
                stack.extend(zip(inputs, py_inputs))
        return matched

    def _stage(self, node: Any, nodes: dict, functions: "_Functions", obj: Any) -> Stage:
        args = _scalar_inputs(node, nodes)
        for key, value in node.attr.items():
            decoded = decode_attr(value)
            if key not in _NOT_ARGS and value.WhichOneof("value") != "func" and decoded is not None \
                    and not isinstance(decoded, list):
                args.setdefault(key, decoded)
        captured = len(node.attr["Targuments"].list.type) if "Targuments" in node.attr else 0
        called = [replace(f, captured=captured) for _, name in called_functions(node) if (f := functions.get(name))]
        return Stage(
            name=node.name,
            op=node.op,
            method=method_of(node.op),
            args=args,
            inputs=tuple(self._skip_options(nodes, i) for i in self._dataset_inputs(nodes, node)),
            functions=tuple(called),
            output_shapes=tuple(decode_attr(node.attr["output_shapes"]) or ()),
            output_dtypes=tuple(decode_attr(node.attr["output_types"]) or ()),
            cardinality=_cardinality(obj),
            source=self.recorder.frame(obj) if obj is not None else None,
        )

    def _python_functions(self, objects: Any) -> dict[str, Any]:
        """Graph function name -> the Python function of the StructuredFunctionWrappers of `objects`."""
        found = {}
        for obj in objects:
            for value in vars(obj).values():
                concrete = getattr(value, "function", None) if hasattr(value, "_func") else None
                name = getattr(concrete, "name", None)
                if name is not None:
                    found[name.decode() if isinstance(name, bytes) else str(name)] = value._func
        return found

    # ---- objects that cannot be serialized

    def _from_object(self, obj: Any, input_name: str | None) -> Stage:
        op = type(obj).__name__.strip("_")  # "PrefetchDataset", "CopyToDeviceDataset"
        args = {}
        for arg, attr in _PY_ARGS.items():
            if hasattr(obj, attr):
                args[arg] = _python_value(getattr(obj, attr))
        spec = obj.element_spec
        import tensorflow as tf

        components = tf.nest.flatten(spec)
        return Stage(
            name=f"{op}/python_{id(obj)}",
            op=op,
            method=method_of(op),
            args=args,
            inputs=(input_name,) if input_name else (),
            output_shapes=tuple(tuple(c.shape.as_list()) if c.shape.rank is not None else None for c in components),
            output_dtypes=tuple(getattr(c, "dtype", None) and c.dtype.name or "" for c in components),
            cardinality=_cardinality(obj),
            source=self.recorder.frame(obj),
        )


def _python_value(value: Any) -> Any:
    if hasattr(value, "numpy"):
        value = value.numpy()
    if hasattr(value, "item"):
        value = value.item()
    return value.decode() if isinstance(value, bytes) else value


def _cardinality(obj: Any) -> int | None:
    try:
        return int(obj.cardinality())
    except Exception:
        return None


def _scalar_inputs(node: Any, nodes: dict) -> dict[str, Any]:
    """The node's non-dataset inputs that are constants, by their OpDef names."""
    from tensorflow.python.framework import op_def_registry

    op_def = op_def_registry.get(node.op)
    if op_def is None:
        return {}
    refs = [_ref(i) for i in node.input if not i.startswith("^")]
    args, position = {}, 0
    for arg in op_def.input_arg:
        if arg.number_attr:
            count = node.attr[arg.number_attr].i
        elif arg.type_list_attr:
            count = len(node.attr[arg.type_list_attr].list.type)
        else:
            count = 1
        mine, position = refs[position:position + count], position + count
        if count != 1 or not mine or arg.name.startswith(("input_dataset", "other_arguments")):
            continue
        producer = nodes.get(mine[0])
        if producer is not None and producer.op == "Const":
            value = tensor_value(producer.attr["value"].tensor)
            args[arg.name] = value.decode() if isinstance(value, bytes) else value
    return args


class _Functions:
    """The dataset graph's function library, summarised per function (ops, statefulness...)."""

    def __init__(self, library: Any, python: dict[str, Any]):
        self.defs = {f.signature.name: f for f in library.function}
        self.python = python
        self._memo: dict[str, DatasetFunction] = {}

    def get(self, name: str) -> DatasetFunction | None:
        if name not in self.defs:
            return None
        if name not in self._memo:
            ops = self._ops(name, set())
            fdef = self.defs[name]
            self._memo[name] = DatasetFunction(
                name=name,
                ops=tuple(sorted(ops)),
                stateful=_stateful(ops),
                max_constant_rank=max((len(n.attr["value"].tensor.tensor_shape.dim) for n in fdef.node_def
                                       if n.op == "Const"), default=0),
                source=_definition(self.python.get(name)),
            )
        return self._memo[name]

    def _ops(self, name: str, seen: set[str]) -> set[str]:
        """Op types of a function body and of every function it calls."""
        if name in seen or name not in self.defs:
            return set()
        seen.add(name)
        ops = set()
        for node in self.defs[name].node_def:
            if node.op in self.defs:
                ops |= self._ops(node.op, seen)
                continue
            ops.add(node.op)
            for _, called in called_functions(node):
                ops |= self._ops(called, seen)
        return ops


def _stateful(ops: set[str]) -> bool:
    """As grappler's map_parallelization decides (IsFunctionStateful, asserts skipped)."""
    from tensorflow.python.framework import op_def_registry

    for op in ops:
        op_def = op_def_registry.get(op)
        if op_def is not None and op_def.is_stateful and op != "Assert":
            return True
    return False


def _definition(function: Any) -> Frame | None:
    """Where a Python function is defined, when that is the user's code."""
    while hasattr(function, "func") and not hasattr(function, "__code__"):  # functools.partial
        function = function.func
    code = getattr(function, "__code__", None)
    if code is None or frame_kind(code.co_filename) != "user":
        return None
    return Frame(code.co_filename, code.co_firstlineno, code.co_name)
