"""Inputs people really have (issue 12): a GraphDef with ops this TensorFlow does not know, the training
step every compiled Keras model has, a pipeline stuck in one element, an endless generator, and a
`finalize` that does not pay off."""

from __future__ import annotations

import json
import subprocess

from contract_support import EXAMPLES, error_lines, tfperf, write

from tfperf.data.measure import Profile, Throughput
from tfperf.pipeline_ir import Pipeline
from tfperf.report.data import as_json, text_lines

HPU = "/job:localhost/replica:0/task:0/device:HPU:0"
CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def _shape(*dims: int) -> str:
    return "shape { " + " ".join(f"dim {{ size: {d} }}" for d in dims) + " }"


def _node(name: str, op: str, inputs=(), device=HPU, attrs: str = "") -> str:
    wired = " ".join(f'input: "{i}"' for i in inputs)
    return f'node {{ name: "{name}" op: "{op}" {wired} device: "{device}" {attrs} }}\n'


GRAPH_WITH_A_HABANA_OP = "".join([
    _node("x", "Placeholder", attrs='attr { key: "dtype" value { type: DT_FLOAT } } '
          f'attr {{ key: "shape" value {{ {_shape(8, 64, 32)} }} }}'),
    _node("perm", "Const", attrs='attr { key: "dtype" value { type: DT_INT32 } } attr { key: "value" value { tensor '
          '{ dtype: DT_INT32 tensor_shape { dim { size: 3 } } int_val: 0 int_val: 2 int_val: 1 } } }'),
    _node("t", "Transpose", ["x", "perm"], attrs='attr { key: "T" value { type: DT_FLOAT } } '
          'attr { key: "Tperm" value { type: DT_INT32 } }'),
    _node("gelu", "HabanaGelu", ["t"], attrs='attr { key: "T" value { type: DT_FLOAT } } '
          f'attr {{ key: "_output_shapes" value {{ list {{ {_shape(8, 32, 64)} }} }} }}'),
    _node("s", "AsString", ["gelu"], device=CPU, attrs='attr { key: "T" value { type: DT_FLOAT } }'),
])


def test_check_reads_a_graph_with_ops_this_tensorflow_does_not_know(tmp_path):
    dump = tmp_path / "habana_POST_PLACEMENT_00_Before.pbtxt"
    dump.write_text(GRAPH_WITH_A_HABANA_OP)
    result = tfperf("check", "--graph", str(dump), "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert {f["code"] for f in report["findings"]} == {"TFP101", "TFP501"}  # the transpose; AsString on the host
    assert not report["errors"]
    assert "HabanaGelu" in result.stderr and "without shape inference" in result.stderr  # said, as placement says it


def test_train_does_not_report_keras_internals_on_the_clean_example():
    """Every compiled model has the optimizer's int64 step counter and, with a sparse loss, int64 class ids."""
    result = tfperf("check", "--train", "--model", f"{EXAMPLES}/guide_l2_loss.py:recommended", "--target", "gaudi2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TFP501" not in result.stdout


STUCK = """\
    import time
    import tensorflow as tf

    def _stuck(x):
        if int(x) == 5:
            time.sleep(3600)
        return x

    def dataset():
        ds = tf.data.Dataset.range(100).map(lambda x: tf.py_function(_stuck, [x], tf.int64))
        return ds.batch(2)

    def endless():
        def gen():
            i = 0
            while True:
                yield [i, i]
                i += 1
        ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec([None], tf.int64))
        return ds.batch(8).prefetch(2)
"""


def test_data_is_bounded_per_element_and_reports_the_stall(tmp_path):
    module = write(tmp_path / "stuck.py", STUCK)
    try:  # the element takes an hour: the command must not
        result = tfperf("data", "--dataset", f"{module}:dataset", "--seconds", "2", timeout=300)
    except subprocess.TimeoutExpired:
        raise AssertionError("tfperf data waited for the stuck element") from None
    assert result.returncode == 2
    assert "stalled" in result.stdout and "stalled" in error_lines(result.stderr)[0]
    stalled_rows = [line for line in result.stdout.splitlines() if "<- stalled" in line]
    assert stalled_rows and stalled_rows[0].lstrip().startswith(".map(")


def test_an_endless_generator_is_not_said_to_keep_a_partial_batch(tmp_path):
    module = write(tmp_path / "stuck.py", STUCK)
    result = tfperf("check", "--dataset", f"{module}:endless", "--select", "TFP405")
    (finding,) = [line for line in result.stdout.splitlines() if ": TFP405 " in line]
    assert "keeps a last, partial batch:" not in finding
    assert "if its input ends" in finding


def test_finalize_slower_here_says_so_and_advises_against_it():
    pipeline = Pipeline([], origin="input.py:dataset")
    before = Throughput(elements=100, examples=3200, seconds=1.0)
    after = Throughput(elements=68, examples=2176, seconds=1.0)
    changes = ("appended .prefetch(tf.data.AUTOTUNE) after .batch(32)",)
    lines = text_lines(Profile(pipeline, before), finalized=(after, changes))
    text = "\n".join(lines)
    assert "0.68x" in text and "slower" in text and "do not use it here" in text
    assert as_json(Profile(pipeline, before), finalized=(after, changes))["finalized"]["slower"] is True
    faster = "\n".join(text_lines(Profile(pipeline, before), finalized=(Throughput(150, 4800, 1.0), changes)))
    assert "slower" not in faster and "1.50x" in faster
