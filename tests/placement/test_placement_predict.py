"""Predicted placement: the host ops and crossing edges of a model, from each source, with source lines."""

from __future__ import annotations

import pytest

from tfperf import targets
from tfperf.capture import from_spec
from tfperf.analyze import placement_of
from tfperf.placement import device_type, host_groups

# Device ops around a string op pair, a py_function and a numpy_function; `# host` marks what
# must run on the host.
MODEL = """\
import tensorflow as tf

w = tf.random.stateless_normal([16, 16], seed=[1, 2])

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    h = tf.nn.relu(tf.matmul(x, w))
    text = tf.strings.as_string(h, precision=2)  # host
    back = tf.strings.to_number(text)  # host
    doubled = tf.py_function(lambda t: t * 2.0, [h], tf.float32)  # host
    plus = tf.numpy_function(lambda t: t + 1.0, [back], tf.float32)  # host
    return tf.matmul(doubled + tf.reshape(plus, [8, 16]), w)
"""
HOST_LINES = {i for i, line in enumerate(MODEL.splitlines(), 1) if line.endswith("# host")}
# (producer, direction, consumers): the tensors that cross, each copied once
CROSSINGS = {("Relu", "to host", ("AsString", "EagerPyFunc")), ("EagerPyFunc", "to device", ("add",)),
             ("PyFunc", "to device", ("Reshape",))}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("placement") / "host_ops.py"
    path.write_text(MODEL)
    return from_spec(f"{path}:model")


def _observed(graph, placement):
    groups = host_groups(graph, placement)
    host = {(g.op, g.nodes[0].source.line) for g in groups}
    crossings = {(c.producer.name, "to host" if c.to_host else "to device", tuple(n.name for n in c.consumers))
                 for g in groups for c in g.crossings}
    return host, crossings, groups


@pytest.mark.parametrize("target, xla, source", [("gaudi2", False, "op-list"), ("a100", False, "op-list"),
                                                  ("a100", True, "xla"), ("gaudi3", True, "xla")])
def test_host_ops_and_crossings_are_exactly_the_string_and_python_ops(graph, target, xla, source):
    placement = placement_of(graph, targets.load(target), xla=xla)
    host, crossings, groups = _observed(graph, placement)
    assert placement.source == source
    assert host == {("AsString", min(HOST_LINES)), ("StringToNumber", min(HOST_LINES) + 1),
                    ("EagerPyFunc", min(HOST_LINES) + 2), ("PyFunc", max(HOST_LINES))}
    assert {line for _, line in host} == HOST_LINES
    assert crossings == CROSSINGS
    relu = next(c for g in groups for c in g.crossings if c.producer.name == "Relu")
    assert relu.nbytes == 8 * 16 * 4  # float32 [8, 16], copied once for both host readers
    assert groups[0].op == "AsString"  # the only crossing of known size ranks first


def test_cpu_only_build_says_what_it_cannot_tell(graph):
    gpu = placement_of(graph, targets.load("h100"))
    assert any("CPU-only TensorFlow build" in n and "cannot tell" in n for n in gpu.notes)
    hpu = placement_of(graph, targets.load("gaudi"))
    assert any("no HPU kernels" in n for n in hpu.notes)
    assert any("hpu.toml" in n for n in hpu.notes)


def test_on_a_cpu_target_the_host_is_the_device(graph):
    placement = placement_of(graph, targets.load("cpu"))
    assert placement.source == "host" and host_groups(graph, placement) == []


def test_kernel_registry_lookup():
    from tfperf.capture.placement import has_kernel
    from tfperf.ir import Node

    assert has_kernel(Node("m", "MatMul", attrs={"T": "float32"}), "CPU") is True
    assert has_kernel(Node("s", "AsString", attrs={"T": "float32"}), "XLA_CPU_JIT") is False
    assert has_kernel(Node("h", "HabanaLayerNorm"), "CPU") is None  # an op this TensorFlow does not know


XLA_UNCOMPILABLE = """\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([8, 16], tf.float32)])
def model(x):
    rows = tf.cast(tf.reduce_sum(x) > 0.0, tf.int32) + 1
    return tf.reduce_sum(tf.reshape(x, [rows * 4, -1]), axis=0)  # needs a compile-time shape
"""


def test_xla_compile_failure_is_attributed_to_its_node_and_line(tmp_path):
    """Every op has an XLA kernel here; compiling the function finds the data-dependent shape."""
    from tfperf.capture.placement import check_xla_compile, trace_model

    path = tmp_path / "dynamic_reshape.py"
    path.write_text(XLA_UNCOMPILABLE)
    concrete, graph = trace_model(f"{path}:model")
    placement = placement_of(graph, targets.load("a100"), xla=True)
    assert not placement.host  # the kernel registry sees nothing wrong
    check_xla_compile(concrete, graph, placement)
    [group] = host_groups(graph, placement)
    assert group.op == "Reshape" and group.nodes[0].source.line == 6 and group.nodes[0].source.file == str(path)
    assert "compile-time constant" in group.reason.text


@pytest.mark.parametrize("device, kind", [
    ("/job:localhost/replica:0/task:0/device:HPU:0", "HPU"), ("/device:CPU:0", "CPU"), ("/cpu:0", "CPU"),
    ("/job:worker/task:1/gpu:0", "GPU"), ("/device:XLA_CPU:0", "XLA_CPU"), ("CPU:0", "CPU"),
    ("/job:localhost/replica:0/task:0", None), ("", None)])
def test_device_type(device, kind):
    assert device_type(device) == kind


def test_xla_sees_a_pool_with_explicit_paddings(tmp_path):
    """Issue 13: what tfperf optimize makes of a pad before a max-pool (explicit paddings) does not
    compile with XLA; --xla said every op compiles because XLA has a MaxPool kernel."""
    path = tmp_path / "pool.py"
    path.write_text("""\
import tensorflow as tf

@tf.function(input_signature=[tf.TensorSpec([2, 8, 8, 3], tf.float32)])
def model(x):
    return tf.nn.max_pool2d(tf.nn.relu(x), 3, 2, [[0, 0], [1, 1], [1, 1], [0, 0]])
""")
    graph = from_spec(f"{path}:model")
    placement = placement_of(graph, targets.load("a100"), xla=True)
    [pool] = [n for n in graph if n.op == "MaxPool"]
    assert "padding=EXPLICIT" in placement.host[(pool.function, pool.name)].text
    assert [n.op for n in graph if placement.on_host(n)] == ["MaxPool"]
