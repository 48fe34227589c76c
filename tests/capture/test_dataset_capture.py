"""tf.data pipelines -> pipeline IR: every transformation with its arguments, the options, the functions'
contents, the user's lines, tf.distribute wrappers, the stages that cannot be serialized, bad inputs."""

from __future__ import annotations

import itertools

import pytest
import tensorflow as tf

from tfperf.capture import CaptureError
from tfperf.capture.dataset import from_dataset, from_spec, method_of
from tfperf.pipeline_ir import AUTOTUNE, INFINITE, UNKNOWN

_counter = itertools.count()


@pytest.fixture
def spec_of(tmp_path):
    def write(code: str, attr: str = "dataset") -> str:
        path = tmp_path / f"pipeline_{next(_counter)}.py"
        path.write_text(code, encoding="utf-8")
        return f"{path}:{attr}"

    return write


def _by_method(pipeline):
    return {s.method: s for s in pipeline.chain()}


def test_every_transformation_with_its_arguments():
    ds = tf.data.Dataset.from_tensor_slices(tf.range(50))
    ds = ds.shuffle(20, seed=3, reshuffle_each_iteration=False)
    ds = ds.map(lambda x: x + 1, num_parallel_calls=3, deterministic=False)
    ds = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2, block_length=1,
                       num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.cache().repeat(3).batch(7, drop_remainder=True).prefetch(5)
    pipeline = from_dataset(ds)
    assert [s.method for s in pipeline.chain()] == [
        "from_tensor_slices", "shuffle", "map", "interleave", "cache", "repeat", "batch", "prefetch"]
    stage = _by_method(pipeline)
    assert stage["shuffle"].args["buffer_size"] == 20 and stage["shuffle"].args["reshuffle_each_iteration"] is False
    assert stage["map"].parallelism == 3 and stage["map"].args["deterministic"] == "false"
    assert stage["interleave"].parallelism == AUTOTUNE and stage["interleave"].args["cycle_length"] == 2
    assert stage["repeat"].args["count"] == 3
    assert (stage["batch"].batch_size, stage["batch"].drop_remainder) == (7, True)
    assert stage["batch"].output_shapes == ((7,),)
    assert stage["prefetch"].args["buffer_size"] == 5 and stage["prefetch"].is_async
    assert stage["from_tensor_slices"].cardinality == stage["map"].cardinality == 50
    assert stage["batch"].cardinality == UNKNOWN  # interleave's output count is unknown to TensorFlow too
    assert all(not s.sequential for s in (stage["map"], stage["interleave"]))
    assert pipeline.end is stage["prefetch"] and pipeline.tf_version == tf.__version__


def test_options_as_the_pipeline_runs_with_them():
    assert from_dataset(tf.data.Dataset.range(3)).options.autotune  # TensorFlow's defaults where unset
    options = tf.data.Options()
    options.autotune.enabled = False
    options.experimental_optimization.inject_prefetch = False
    options.experimental_optimization.map_parallelization = False
    options.deterministic = False
    pipeline = from_dataset(tf.data.Dataset.range(3).batch(2).with_options(options))
    assert (pipeline.options.autotune, pipeline.options.inject_prefetch, pipeline.options.map_parallelization,
            pipeline.options.deterministic) == (False, False, False, False)
    assert [s.method for s in pipeline.chain()] == ["range", "batch"]  # with_options is no transformation


def test_what_the_functions_contain():
    def augment(x):
        return tf.cast(x, tf.float32) + tf.random.uniform([])

    ds = tf.data.Dataset.range(8).map(augment)
    ds = ds.map(lambda x: tf.py_function(lambda v: v, [x], tf.float32))
    ds = ds.map(lambda x: x * tf.constant([[1.0]]))
    randomized, python, matrix = [s.functions[0] for s in from_dataset(ds).chain()[1:]]
    assert randomized.random and randomized.stateful and not randomized.python
    assert randomized.source.func == "augment" and randomized.source.file == __file__
    assert python.python and python.stateful and not python.random
    assert not matrix.stateful and matrix.max_constant_rank == 2 and "Mul" in matrix.ops


def test_the_user_lines_that_built_each_stage(spec_of):
    spec = spec_of("""\
import tensorflow as tf

def make():
    ds = tf.data.Dataset.range(10)
    ds = ds.map(lambda x: x * 2,
                num_parallel_calls=2)
    return (ds.batch(4)
              .prefetch(1))

dataset = make
""")
    pipeline = from_spec(spec)
    assert [s.source.line for s in pipeline.chain()] == [4, 5, 7, 8]
    assert str(pipeline.end.location(spec).source).endswith(":8:1")


def test_device_copies_are_read_from_the_python_objects():
    ds = tf.data.Dataset.range(8).batch(2).prefetch(1)
    # (a device this machine has: TensorFlow may refuse to build a copy to one it lacks)
    ds = ds.apply(tf.data.experimental.prefetch_to_device("/cpu:0", buffer_size=3))
    pipeline = from_dataset(ds)
    assert [s.method for s in pipeline.chain()] == ["range", "batch", "prefetch", "copy_to_device", "prefetch"]
    copy = pipeline.device_copy()
    assert copy is not None and copy.device == "/cpu:0" and pipeline.end.args["buffer_size"] == 3
    assert pipeline.end.output_shapes == ((None,),)


@pytest.mark.parametrize("how", ["experimental_distribute_dataset", "distribute_datasets_from_function"])
def test_datasets_distributed_by_a_strategy(how):
    strategy = tf.distribute.MirroredStrategy(["/cpu:0"])
    ds = tf.data.Dataset.range(16).repeat().batch(4)
    options = tf.distribute.InputOptions(experimental_fetch_to_device=False)
    if how == "experimental_distribute_dataset":
        distributed = strategy.experimental_distribute_dataset(ds, options)
    else:
        distributed = strategy.distribute_datasets_from_function(lambda context: ds, options)
    pipeline = from_dataset(distributed)
    assert [s.method for s in pipeline.chain()] == ["range", "repeat", "batch"]
    assert pipeline.get(pipeline.end.inputs[0]).cardinality == INFINITE
    assert pipeline.distribution.strategy == "MirroredStrategy" and pipeline.distribution.replicas == 1
    assert not pipeline.distribution.prefetches_to_device


def test_zip_and_concatenate_keep_every_branch():
    left = tf.data.Dataset.range(4).map(lambda x: x + 1, num_parallel_calls=2)
    ds = tf.data.Dataset.zip((left, tf.data.Dataset.range(4))).concatenate(tf.data.Dataset.zip((left, left)))
    pipeline = from_dataset(ds)
    zips = [s for s in pipeline if s.method == "zip"]
    assert len(zips) == 2 and all(len(z.inputs) == 2 for z in zips)
    assert len(pipeline.end.inputs) == 2 and pipeline.end.method == "concatenate"
    names = [s.name for s in pipeline]
    assert all(names.index(i) < names.index(s.name) for s in pipeline for i in s.inputs)  # topological order


@pytest.mark.parametrize("code, message", [
    ("dataset = 3\n", "not a tf.data.Dataset"),
    ("def dataset():\n    raise ValueError('no files')\n", "calling it to build the dataset failed: ValueError: no files"),
    ("raise SystemExit(3)\n", "called sys.exit(3)"),
])
def test_bad_inputs_are_one_line(spec_of, code, message):
    with pytest.raises(CaptureError) as info:
        from_spec(spec_of(code))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_bad_spec_names_the_option():
    with pytest.raises(CaptureError, match="--dataset takes MODULE:ATTR"):
        from_spec("nocolon")


def test_method_names():
    assert [method_of(op) for op in ("ParallelMapDatasetV2", "ShuffleDatasetV3", "TensorSliceDataset",
                                     "ParallelInterleaveDatasetV4", "MapAndBatchDataset", "CopyToDeviceDataset")] == [
        "map", "shuffle", "from_tensor_slices", "interleave", "map_and_batch", "copy_to_device"]
