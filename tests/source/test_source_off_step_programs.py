"""Code off the training step by what runs it (held-out set 12, issue 11), each INVALID form (a warning that
stays) beside the VALID look-alike (info, or nothing for host work):

- a map function of another module held in a local variable and handed to a project function that maps
  that parameter (`fn = decoders.decode; get_dataset(pattern, fn)`): the pipeline's, not an unknown caller's;
- a function that decodes a serialized record it is given (`tf.io.parse_single_example(serialized, ...)`)
  and that nothing in the project calls: a tf.data map function by what it does;
- a program (`if __name__ == "__main__":`) that writes TFRecords and trains nothing: a one-off tool, and so
  is what only it calls (a function of it that a training program calls runs where that program does: XLNet's
  `data_utils.get_input_fn`, held-out set 69);
- a module of plotting helpers (`utils/plot.py`): visualisation.
"""

from __future__ import annotations

import ast

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text
from tfperf.source.context import path_context, program_context


def found(root, code: str = "TFP101"):
    result = lint_paths([str(root)], target="gaudi2", select=[code], jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


# --- a map function held in a local variable, handed to a project function that maps it

DECODERS = """\
    import tensorflow as tf

    def decode(serialized):
        x = tf.io.decode_raw(serialized, tf.float32)
        return tf.transpose(x, [0, 2, 1])
    """
IO = """\
    import tensorflow as tf

    def get_dataset(pattern, mapping_func):
        dataset = tf.data.TFRecordDataset(pattern)
        return dataset.map(mapping_func)
    """
STATS = """\
    import tensorflow as tf
    from pkg import decoders, io

    def count(pattern):
        mapping_function = decoders.decode
        dataset = io.get_dataset(pattern, mapping_function)
        return sum(1 for _ in dataset)
    """


def test_a_function_of_another_module_held_in_a_variable_and_handed_to_a_mapped_parameter_is_host_work(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/decoders.py": DECODERS, "pkg/io.py": IO, "pkg/stats.py": STATS})
    assert found(tmp_path) == []


def test_the_same_variable_also_called_or_handed_elsewhere_stays_a_warning(tmp_path):
    called = STATS.replace("        return sum(", "        mapping_function(pattern)\n        return sum(")
    stored = STATS.replace("        return sum(", "        REGISTRY.append(mapping_function)\n        return sum(")
    for stats in (called, stored):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/decoders.py": DECODERS, "pkg/io.py": IO, "pkg/stats.py": stats})
        assert found(tmp_path) == [("decoders.py", 5, "warning")], stats


def test_a_variable_handed_to_a_parameter_the_callee_does_not_map_stays_a_warning(tmp_path):
    not_mapped = IO.replace("dataset.map(mapping_func)", "dataset.map(lambda r: r), mapping_func")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/decoders.py": DECODERS, "pkg/io.py": not_mapped,
                    "pkg/stats.py": STATS})
    assert found(tmp_path) == [("decoders.py", 5, "warning")]


# --- a record decoder nothing calls

def lint(code: str, path: str = "pkg/decode.py"):
    return [(f.source.line, f.severity.value) for f in lint_text(code, path, target="gaudi2", select=["TFP101"])]


DECODER = """\
import tensorflow as tf
decode_proto = tf.compat.v1.io.decode_proto

def decode_bytes(serialized):
    _, values = decode_proto(serialized, "pkg.Sample", ["points"], [tf.float32])
    return tf.transpose(values[0], [0, 2, 1])

def parse(record):
    example = tf.io.parse_single_example(record, {"x": tf.io.FixedLenFeature([64], tf.float32)})
    return tf.transpose(example["x"], [0, 2, 1])
"""


def test_a_function_decoding_the_record_it_is_given_that_nothing_calls_is_host_work():
    assert lint(DECODER) == []


def test_a_decoder_the_training_step_calls_or_that_decodes_no_parameter_stays_a_warning():
    called = DECODER + "\n\ndef model(x):\n    return parse(x)\n"
    assert lint(called) == [(10, "warning")]
    constant = DECODER.replace("parse_single_example(record,", "parse_single_example(RECORD,") + "\nRECORD = b''\n"
    assert lint(constant) == [(10, "warning")]
    not_tensorflow = DECODER.replace("tf.io.parse_single_example", "my_parser.parse_single_example") + \
        "\nimport my_parser\n"
    assert lint(not_tensorflow) == [(10, "warning")]


# --- a program that writes records and trains nothing

HELPERS = """\
    import tensorflow as tf

    def to_world(points):
        return tf.transpose(points, [0, 2, 1])
    """
# (it writes the serialized tensor as it is: a `.numpy()` read would make main eager-only code, another context)
PROGRAM = """\
    import tensorflow as tf
    from absl import app
    from pkg import helpers

    def main(_):
        dataset = tf.data.TFRecordDataset("in.tfrecord").batch(8)
        with tf.io.TFRecordWriter("out.tfrecord") as writer:
            for points in dataset:
                writer.write(tf.io.serialize_tensor(helpers.to_world(points)))

    if __name__ == "__main__":
        app.run(main)
    """


def test_a_program_that_writes_records_and_trains_nothing_is_a_tool_and_so_is_what_only_it_calls(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "pkg/prepare.py": PROGRAM})
    assert found(tmp_path) == [("helpers.py", 4, "info")]
    assert found(tmp_path, "TFP405") == [("prepare.py", 6, "info")]
    [finding] = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
    assert "record-writing" in finding.message


def test_a_program_that_also_trains_or_writes_no_records_or_is_no_program_is_not_a_tool(tmp_path):
    trains = PROGRAM.replace("                writer.write(", "                model.fit(points)\n                "
                                                                 "writer.write(")
    taped = PROGRAM.replace("        with tf.io.TFRecordWriter", "        tape = tf.GradientTape()\n"
                                                                "        with tf.io.TFRecordWriter")
    no_records = PROGRAM.replace("tf.io.TFRecordWriter", "open")
    no_main = PROGRAM.split("if __name__")[0]
    for program in (trains, taped, no_records, no_main):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": HELPERS, "pkg/prepare.py": program})
        assert found(tmp_path) == [("helpers.py", 4, "warning")], program


# XLNet's data_utils.py: its `__main__` writes the records, and its input function is what the training programs read
DATA_UTILS = """\
    import tensorflow as tf

    def parser(record):
        x = tf.io.parse_single_example(record, {"x": tf.io.FixedLenFeature([8], tf.float32)})["x"]
        return tf.random.shuffle(x)  # (stateful: tf.data keeps the map sequential)

    def get_dataset(files):
        return tf.data.TFRecordDataset(files).map(parser).batch(8).prefetch(1)

    def get_input_fn(files):
        return lambda: get_dataset(files)

    def unused(points):
        return tf.transpose(points, [0, 2, 1])

    def create_data(points):
        with tf.io.TFRecordWriter("out.tfrecord") as writer:
            writer.write(tf.io.serialize_tensor(tf.transpose(points, [0, 2, 1])))

    if __name__ == "__main__":
        create_data(None)
    """
TRAIN = """\
    import tensorflow as tf
    from pkg import data_utils

    def main(model_fn):
        estimator = tf.estimator.Estimator(model_fn)
        estimator.train(data_utils.get_input_fn(["a.tfrecord"]), max_steps=10)
    """


def test_the_functions_of_a_record_writing_program_that_a_training_program_calls_run_where_it_does(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data_utils.py": DATA_UTILS, "pkg/train.py": TRAIN})
    assert [f[:3] for f in found(tmp_path, "TFP404")] == [("data_utils.py", 8, "warning")]  # (the input function)
    assert found(tmp_path) == [("data_utils.py", 14, "info"), ("data_utils.py", 18, "info")]  # (the tool's, no caller)
    alone = tmp_path / "alone"  # (no program calls the input function: the tool's, as all the module)
    tree(alone, {"pkg/__init__.py": "", "pkg/data_utils.py": DATA_UTILS})
    assert [f[:3] for f in found(alone, "TFP404")] == [("data_utils.py", 8, "info")]


def test_program_context_reads_the_main_block_record_writers_and_training_calls():
    def context(code: str):
        module = ast.parse(code)
        return program_context(module, [n for n in ast.walk(module) if isinstance(n, ast.Call)])

    main = 'if __name__ == "__main__":\n    run()\n'
    assert context("w = tf.python_io.TFRecordWriter(p)\n" + main) == "tool"
    assert context("w = tf.io.TFRecordWriter(p)\n") is None
    assert context("w = tf.io.TFRecordWriter(p)\nopt.minimize(loss)\n" + main) is None
    assert context("w = tf.io.TFRecordWriter(p)\ntrain_step(x)\n" + main) is None
    assert context("w = tf.io.TFRecordWriter(p)\ntrain_lib.run_experiment(task)\n" + main) is None
    assert context("w = tf.io.TFRecordWriter(p)\nwriter.write(example.SerializeToString())\n" + main) == "tool"
    assert context("w = tf.io.TFRecordWriter(p)\n" + main.replace('"__main__"', '"other"')) is None


# --- a module of helpers named `tools.py` is no one-off tool

def test_a_tools_directory_is_a_tool_and_a_tools_module_is_not():
    # cellfinder's `classify/tools.py` builds the classifier its training program trains (set 40)
    for path in ("pkg/tools/convert_weights.py", "tools/make_vocab.py", "pkg/convert.py"):
        assert path_context(path) == "tool", path
    for path in ("pkg/classify/tools.py", "tools.py"):
        assert path_context(path) is None, path


def test_a_name_joining_other_work_to_evaluation_is_no_evaluation_file():
    # task-adaptation's `adapt_and_eval.py` (set 71) fine-tunes, then evaluates
    for path in ("pkg/adapt_and_eval.py", "pkg/finetune_and_test.py"):
        assert path_context(path) is None, path
    for path in ("pkg/eval_and_export.py", "pkg/eval.py", "pkg/tests/adapt_and_eval.py"):
        assert path_context(path) is not None, path


# --- a module of plotting helpers

def test_a_plotting_module_is_visualisation_and_a_plotted_word_elsewhere_is_not():
    for path in ("pkg/utils/plot.py", "pkg/plots.py", "pkg/viz.py", "pkg/visualizations/boxes.py"):
        assert path_context(path) == "logging", path
    for path in ("pkg/plotter_model.py", "pkg/models/vision.py", "pkg/train.py"):
        assert path_context(path) is None, path
    code = "import tensorflow as tf\n\ndef show(x):\n    return tf.transpose(x, [0, 2, 1])\n"
    assert lint(code, "pkg/utils/plot.py") == [(4, "info")]
    assert lint(code, "pkg/utils/layers.py") == [(4, "warning")]
