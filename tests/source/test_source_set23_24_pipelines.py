"""Held-out sets 23 and 24, pipelines and host work: mechanisms about what the code means.

- A file that reaches TensorFlow only through a star import of a project module (`from ..imports import *`,
  where imports.py does `import tensorflow as tf`) is linted: its `tf.` names resolve through the star import.
- TFP405: a batch whose size is a sequence length (`unbatch().batch(max_tokens)` with `max_tokens =
  sequence_length[key]`, `chars.batch(seq_length + 1)`) cuts a token stream into sequences, not a model batch.
- TFP501: a def a decorator maps over a dataset (a project decorator whose wrapper hands the function to
  `ds.map`, or a library's named so: `@seqio.map_over_dataset`) runs in the tf.data pipeline; a callback whose
  Python function stops in a debugger (`ipdb.set_trace()`) is a debugging aid (info).
- TFP404: a map whose only state is a print, made only behind a flag whose default is off, is a debugging aid (info).
"""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree

from tfperf.source import lint_paths, lint_text

IMPORTS = """\
    import os
    try:
        if os.environ.get("V1"):
            import tensorflow.compat.v1 as tf
        else:
            import tensorflow as tf
    except ImportError:
        raise
    """

STARRED = """\
    from ..imports import *

    def to_dataset(xs, batch_size):
        ds = tf.data.Dataset.from_tensor_slices(xs).shuffle(100)
        return ds.batch(batch_size)
    """

UNRELATED_STAR = """\
    from ..util import *

    def to_dataset(xs, batch_size):
        ds = tf.data.Dataset.from_tensor_slices(xs).shuffle(100)
        return ds.batch(batch_size)
    """


def lint_project(root, select):
    result = lint_paths([str(root)], target="gaudi2", jobs=1, select=select)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


def lint(code: str, select=("TFP405",)):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "pipeline.py", target="gaudi2", select=list(select))]


def test_tensorflow_through_a_project_star_import_is_linted(tmp_path):
    tree(tmp_path, {"pyproject.toml": "", "pkg/__init__.py": "", "pkg/imports.py": IMPORTS,
                    "pkg/text/__init__.py": "", "pkg/text/data.py": STARRED})
    assert lint_project(tmp_path, ["TFP405"]) == [("data.py", 5, "warning")]


def test_a_star_import_of_a_module_without_tensorflow_finds_nothing(tmp_path):
    tree(tmp_path, {"pyproject.toml": "", "pkg/__init__.py": "", "pkg/util.py": "import os\nX = 1\n",
                    "pkg/text/__init__.py": "", "pkg/text/data.py": UNRELATED_STAR})
    assert lint_project(tmp_path, ["TFP405"]) == []


SEQUENCES = """\
    import tensorflow as tf

    def concatenate_and_split(dataset, sequence_length, feature_key="targets"):
        dataset = dataset.map(lambda x: {feature_key: x[feature_key]})
        max_tokens = sequence_length[feature_key]
        max_tokens -= 1
        return dataset.unbatch().batch(max_tokens)

    def chars(text_as_int, seq_length):
        return tf.data.Dataset.from_tensor_slices(text_as_int).batch(seq_length + 1)

    def windows(ids, config):
        return tf.data.Dataset.from_tensor_slices(ids).batch(config["max_seq_len"])
    """

EXAMPLES = """\
    import tensorflow as tf

    def rebatch(dataset, batch_size):
        return dataset.unbatch().batch(batch_size)

    def examples(xs):
        return tf.data.Dataset.from_tensor_slices(xs).batch(len(xs) // 4)

    def by_length_named_batch(xs, batch_len):
        return tf.data.Dataset.from_tensor_slices(xs).batch(batch_len)
    """


def test_a_batch_of_a_sequence_length_cuts_sequences_not_a_model_batch():
    assert lint(SEQUENCES) == []


def test_batches_of_examples_are_still_judged():
    assert lint(EXAMPLES) == [(4, "warning"), (7, "warning"), (10, "warning")]


DECORATED = """\
    import functools
    import seqio
    import tensorflow as tf

    @seqio.map_over_dataset
    def wnli_simple(x, label="wsc:"):
        def compute(a, b):
            return a, b
        inputs, targets = tf.py_function(compute, inp=[x["s1"], x["s2"]], Tout=[tf.string, tf.string])
        return {"inputs": inputs, "targets": targets}

    def map_each(fn):
        @functools.wraps(fn)
        def wrapped(ds, *args, **kwargs):
            return ds.map(lambda ex: fn(ex, *args, **kwargs), num_parallel_calls=tf.data.AUTOTUNE)
        return wrapped

    @map_each
    def tokenize(x):
        return tf.py_function(lambda s: s, [x["text"]], tf.string)

    def cached(fn):
        @functools.wraps(fn)
        def wrapped(*args):
            return fn(*args)
        return wrapped

    @cached
    def model_part(x):
        return tf.py_function(lambda s: s, [x], tf.float32)

    @functools.lru_cache()
    def mapping_table(x):
        return tf.py_function(lambda s: s, [x], tf.float32)
    """

BREAKPOINT = """\
    import tensorflow as tf

    def debug(*args):
        def call_ipdb(*args):
            import ipdb; ipdb.set_trace()
            return 0
        return tf.py_func(call_ipdb, [list(args)], tf.int32)

    def work(*args):
        def compute(*args):
            return 0
        return tf.py_func(compute, [list(args)], tf.int32)
    """


def test_a_def_a_decorator_maps_over_a_dataset_runs_in_the_pipeline():
    assert lint(DECORATED, select=["TFP501"]) == [(30, "warning"), (34, "warning")]


def test_a_callback_that_stops_in_a_debugger_is_info():
    assert lint(BREAKPOINT, select=["TFP501"]) == [(7, "info"), (12, "warning")]


PRINTS = """\
    import numpy as np
    import tensorflow as tf

    def process(dataset, debug_print_examples=False, rate=0.01):
        if debug_print_examples:
            def print_examples(x):
                if np.random.uniform() < rate:
                    tf.print(x)
                return x
            dataset = dataset.map(print_examples)
        return dataset

    def always(dataset):
        def print_examples(x):
            tf.print(x)
            return x
        return dataset.map(print_examples)

    def noisy(dataset, debug=False):
        if debug:
            def f(x):
                tf.print(x)
                return x + tf.random.uniform([])
            dataset = dataset.map(f)
        return dataset

    ds = process(tf.data.Dataset.range(3), debug_print_examples=True)
    """


def test_a_print_only_map_behind_a_flag_off_by_default_is_info():
    assert lint(PRINTS, select=["TFP404"]) == [(10, "info"), (17, "warning"), (24, "warning")]
