"""TFP404: a map function of another module of the project is judged by what it holds (issue 11, set 46): the
module that defines it exports its state (`map_state.MAP_STATE`), so `.map(parse_a_line)` with `parse_a_line`
calling `tf.py_func` in `utils.py` runs on one core (a warning); a stateless one, or one the project does not
define, stays info (tf.data may run it in parallel, or the source does not show whether it can)."""

from __future__ import annotations

from conftest import write_tree as tree
from test_source_transpose_set11 import found

from tfperf.source import lint_paths

UTILS = """\
    import numpy as np
    import tensorflow as tf


    def parse_a_line(line):
        words = tf.strings.split([line], ",").values
        return tf.py_func(lambda w: np.array(w, np.float32), [words], tf.float32)


    def parse_numbers(line):
        return tf.strings.to_number(tf.strings.split([line], ",").values)
    """

TRAIN = """\
    import tensorflow as tf
    from pkg.utils import {function}


    def train(model, files):
        dataset = tf.data.TextLineDataset(files).map({function}).batch(32, drop_remainder=True).prefetch(1)
        model.fit(dataset, epochs=3)
    """


def lint(tmp_path, function: str):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": UTILS, "pkg/train.py": TRAIN.format(function=function)})
    return lint_paths([str(tmp_path)], target="gaudi2", select=["TFP404"], tensorflow_version="2.21")


def test_a_stateful_function_of_another_module_keeps_the_map_on_one_core(tmp_path):
    result = lint(tmp_path, "parse_a_line")
    assert found(result) == [("train.py", 6, "TFP404", "warning")]
    assert "tf.py_func() in parse_a_line (pkg.utils)" in result.findings[0].message


def test_a_stateless_function_of_another_module_is_run_in_parallel(tmp_path):
    result = lint(tmp_path, "parse_numbers")
    assert found(result) == [("train.py", 6, "TFP404", "info")]
