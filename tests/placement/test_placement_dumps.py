"""Placement dumps: realistic HPU/CPU dumps built from real graphs, a dump from a real TensorFlow run
on this machine, and dumps that cannot be read (one clear line, exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tensorflow as tf
from click.testing import CliRunner
from google.protobuf import text_format

from tfperf.cli import main

HPU = "/job:localhost/replica:0/task:0/device:HPU:0"
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def placement(*args: str):
    return CliRunner().invoke(main, ["placement", *args], catch_exceptions=False)


def _graph_def():
    """A real graph: device ops around a string op pair (which Habana's placer leaves on the CPU)."""
    @tf.function(input_signature=[tf.TensorSpec([4, 8], tf.float32)])
    def step(x):
        h = tf.nn.relu(tf.matmul(x, tf.ones([8, 8])))
        text = tf.strings.as_string(h)
        n = tf.strings.length(text)
        return tf.reduce_sum(tf.cast(n, tf.float32) * h)

    return step.get_concrete_function().graph.as_graph_def(add_shapes=True)


def _place(graph_def, host_ops=("AsString", "StringLength")):
    for node in graph_def.node:
        node.device = CPU if node.op in host_ops or node.op == "Placeholder" else HPU
    return graph_def


def _with_habana_op(graph_def):
    """Put a Habana op (unknown to a plain TensorFlow) between Relu and its readers, as Habana's passes do."""
    relu = next(n for n in graph_def.node if n.op == "Relu")
    for node in graph_def.node:
        node.input[:] = ["HabanaGelu" if i == relu.name else i for i in node.input]
    gelu = graph_def.node.add(name="HabanaGelu", op="HabanaGelu", device=HPU, input=[relu.name])
    gelu.attr["T"].type = tf.float32.as_datatype_enum
    gelu.attr["_output_shapes"].CopyFrom(relu.attr["_output_shapes"])
    return graph_def


def _report(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_hpu_dump_binary(tmp_path):
    path = tmp_path / "habana_POST_PLACEMENT_00_Before.pb"
    path.write_bytes(_place(_graph_def()).SerializeToString())
    result = placement("--graph", str(path), "--format", "json")
    [graph] = _report(result)["graphs"]
    assert result.exit_code == 1 and graph["source"] == "dump" and graph["device"] == "HPU"
    ops = {g["op"]: g for g in graph["host_ops"]}
    assert set(ops) == {"AsString", "StringLength"}
    assert ops["AsString"]["crossings"] == [{"tensor": "Relu", "to": "host", "bytes": 4 * 8 * 4,
                                              "consumers": ["AsString"]}]
    assert ops["StringLength"]["crossings"] == [{"tensor": "StringLength", "to": "device", "bytes": 4 * 8 * 4,
                                                  "consumers": ["Cast"]}]
    assert [f["code"] for f in _report(result)["findings"]] == ["TFP501", "TFP501"]


def test_hpu_dump_with_habana_ops_is_read_without_shape_inference(tmp_path):
    path = tmp_path / "habana_POST_PLACEMENT_00_Before.pbtxt"
    path.write_text(text_format.MessageToString(_with_habana_op(_place(_graph_def()))))
    text = placement("--graph", str(path))
    assert text.exit_code == 1, text.output
    assert "HabanaGelu" in text.output and "without shape inference" in text.output  # said, not hidden
    assert "AsString" in text.output and "StringLength" in text.output
    [graph] = _report(placement("--graph", str(path), "--format", "json"))["graphs"]
    ops = {g["op"]: g for g in graph["host_ops"]}
    assert set(ops) == {"AsString", "StringLength"}
    # the crossing now leaves the Habana op; its size comes from the dump's _output_shapes
    assert ops["AsString"]["crossings"][0]["tensor"] == "HabanaGelu"
    assert ops["AsString"]["crossings"][0]["bytes"] == 4 * 8 * 4
    # `check --graph` reads it the same way (issue 12): the host ops are findings, and the note is on stderr
    check = CliRunner().invoke(main, ["check", "--graph", str(path)], catch_exceptions=False)
    assert check.exit_code == 1 and "TFP501" in check.stdout and "HabanaGelu" in check.stderr


def test_allow_host_makes_the_dump_pass(tmp_path):
    path = tmp_path / "dump.pb"
    path.write_bytes(_place(_graph_def()).SerializeToString())
    assert placement("--graph", str(path), "--allow-host", "AsString,StringLength").exit_code == 0
    partly = placement("--graph", str(path), "--allow-host", "AsString")
    assert partly.exit_code == 1 and "allowed on the host: AsString" in partly.output


# A real run: TensorFlow's placer, with this machine's CPU and the XLA_CPU device (which has no
# kernel for string ops, so soft placement moves them to the CPU), dumps its output graph.
RUN = textwrap.dedent("""\
    import tensorflow as tf

    @tf.function
    def step(x):
        with tf.device("/device:XLA_CPU:0"):
            h = tf.nn.relu(tf.matmul(x, x))
            n = tf.strings.length(tf.strings.as_string(h))
            return tf.cast(n, tf.float32) + h

    step(tf.ones([4, 4]))
""")


@pytest.fixture(scope="module")
def real_dump(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("tf_dump")
    env = dict(os.environ, TF_DUMP_GRAPH_PREFIX=str(directory), TF_CPP_VMODULE="placer=3",
               TF_XLA_FLAGS="--tf_xla_enable_xla_devices", TF_CPP_MIN_LOG_LEVEL="0")
    subprocess.run([sys.executable, "-c", RUN], env=env, capture_output=True, timeout=300, check=True)
    [dump] = [p for p in directory.iterdir() if "step" in p.name and p.name.endswith("placer_output.pbtxt")]
    return dump


def test_dump_of_a_real_tensorflow_run(real_dump):
    result = placement("--graph", str(real_dump), "--format", "json")
    [graph] = _report(result)["graphs"]
    assert result.exit_code == 1 and graph["device"] == "XLA_CPU"
    ops = {g["op"]: g for g in graph["host_ops"]}
    assert set(ops) == {"AsString", "StringLength"}
    assert [(c["tensor"], c["to"]) for c in ops["AsString"]["crossings"]] == [("Relu", "host")]
    assert [(c["tensor"], c["to"]) for c in ops["StringLength"]["crossings"]] == [("StringLength", "device")]
    assert ops["AsString"]["crossings"][0]["bytes"] == 4 * 4 * 4


def _no_devices(tmp_path: Path) -> str:
    path = tmp_path / "plain.pb"
    path.write_bytes(_graph_def().SerializeToString())
    return str(path)


def _truncated(tmp_path: Path) -> str:
    path = tmp_path / "truncated.pb"
    path.write_bytes(_place(_graph_def()).SerializeToString()[:101])
    return str(path)


def _not_a_graph_def(tmp_path: Path) -> str:
    path = tmp_path / "notes.pbtxt"
    path.write_text("device placement: all good {\n")
    return str(path)


def _missing(tmp_path: Path) -> str:
    return str(tmp_path / "habana_POST_PLACEMENT_00_Before.pbtxt")


@pytest.mark.parametrize("make", [_no_devices, _truncated, _not_a_graph_def, _missing])
def test_bad_dump_is_one_line_and_exit_2(tmp_path, make):
    path = make(tmp_path)
    result = placement("--graph", path)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if "error" in line.lower()]
    assert len(errors) == 1 and path in errors[0] and "Traceback" not in result.output
    if make is _no_devices:
        assert "no node carries a device" in errors[0]
