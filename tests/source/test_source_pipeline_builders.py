"""tf.data constructs of held-out set 6 (issue 11), each INVALID form beside a VALID look-alike: an
Estimator input_fn made by a builder closure (TFP401, with TensorFlow 1's AUTOTUNE spelling in the
exact fix), and a pipeline whose options turn on map_parallelization (TFP404)."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths


def found(root, code: str):
    result = lint_paths([str(root)], target="cpu", select=[code], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value, f.message)
                  for f in result.findings)


def fixed_line(root, name: str, line: int) -> str:
    lint_paths([str(root)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS, fix=True)
    return (root / name).read_text().splitlines()[line - 1]


BUILDER = """\
    import tensorflow as tf

    def input_fn_builder(files, batch_size):
        def input_fn(params):
            d = tf.data.TFRecordDataset(files).repeat()
            d = d.apply(tf.data.experimental.map_and_batch(tf.io.parse_tensor, batch_size=batch_size))
            return d

        return input_fn
    """

TRAIN = """\
    import tensorflow as tf
    from pkg.inputs import input_fn_builder

    def main(estimator, files):
        train_input_fn = input_fn_builder(files, 32)
        estimator.train(input_fn=train_input_fn, max_steps=100)
    """

SEEN = "map_and_batch(tf.io.parse_tensor, batch_size=batch_size))"


def test_a_builders_closure_given_to_an_estimator_ends_its_pipeline_at_its_return(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": BUILDER, "pkg/train.py": TRAIN})
    # (2026-11-30: was a warning; map_and_batch runs ahead of the step by itself, measured in
    # benchmarks/tfdata_defaults.py, so it is info that says so, with the same exact fix)
    assert [f[:4] for f in found(tmp_path, "TFP401")] == [("inputs.py", 6, "TFP401", "info")]
    assert fixed_line(tmp_path, "pkg/inputs.py", 6).endswith(f"{SEEN}.prefetch(tf.data.AUTOTUNE)")


def test_a_builders_closure_in_tensorflow_1_code_is_fixed_with_the_experimental_autotune(tmp_path):
    # TF 1 has no tf.data.AUTOTUNE; the file's own tf.data.experimental call shows that module is there
    tf1 = BUILDER + "\n    tf.logging.info('built')\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": tf1, "pkg/train.py": TRAIN})
    assert fixed_line(tmp_path, "pkg/inputs.py", 6).endswith(f"{SEEN}.prefetch(tf.data.experimental.AUTOTUNE)")


def test_tensorflow_1_apis_through_compat_v1_are_tensorflow_2_code(tmp_path):
    # `import tensorflow.compat.v1 as tf` runs on TF 2, whose tf.compat.v1.data has AUTOTUNE
    compat = BUILDER.replace("import tensorflow as tf", "import tensorflow.compat.v1 as tf") + \
        "\n    tf.logging.info('built')\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": compat, "pkg/train.py": TRAIN})
    assert fixed_line(tmp_path, "pkg/inputs.py", 6).endswith(f"{SEEN}.prefetch(tf.data.AUTOTUNE)")


def test_tensorflow_1_code_without_tf_data_experimental_gets_advice_only(tmp_path):
    tf1 = BUILDER.replace("d.apply(tf.data.experimental.map_and_batch(tf.io.parse_tensor, batch_size=batch_size))",
                          "d.batch(batch_size)") + "\n    tf.logging.info('built')\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": tf1, "pkg/train.py": TRAIN})
    fixes = [f.fix for f in lint_paths([str(tmp_path)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS).findings]
    assert [(f.safety.value, f.description, f.edits) for f in fixes] == \
        [("advisory", "append .prefetch(tf.data.experimental.AUTOTUNE) (TensorFlow 1 code: no tf.data.AUTOTUNE)", ())]


def test_a_builders_closure_given_elsewhere_goes_on_there(tmp_path):
    # a custom loop's own keyword (not an Estimator's input_fn): the closure's dataset is passed on
    other = TRAIN.replace("estimator.train(input_fn=train_input_fn", "run_loop(train_input_fn=train_input_fn")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/inputs.py": BUILDER, "pkg/train.py": other})
    assert found(tmp_path, "TFP401") == []


OPTIONS = """\
    import tensorflow as tf

    class Loader:
        @property
        def dataset_options(self):
            options = tf.data.Options()
            options.experimental_optimization.map_parallelization = {flag}
            return options

        def __call__(self, files):
            ds = tf.data.TFRecordDataset(files).with_options(self.dataset_options)
            ds = ds.map(lambda x: tf.image.decode_jpeg(x)).batch(8, drop_remainder=True)
            return ds.prefetch(tf.data.AUTOTUNE)

    def make(files):
        options = tf.data.Options()
        options.experimental_optimization.map_parallelization = {flag}
        ds = tf.data.TFRecordDataset(files).map(tf.io.parse_tensor).batch(8, drop_remainder=True)
        return ds.with_options(options).prefetch(tf.data.AUTOTUNE)
    """


def test_a_map_in_a_pipeline_whose_options_turn_on_map_parallelization_is_info(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/loader.py": OPTIONS.format(flag="True")})
    said = ".map() without num_parallel_calls: tf.data runs this stateless map in parallel itself, since the " \
           "options set at line {} turn on map_parallelization, with autotune on"
    assert found(tmp_path, "TFP404") == [("loader.py", 12, "TFP404", "info", said.format(7)),
                                         ("loader.py", 18, "TFP404", "info", said.format(17))]


def test_options_that_leave_map_parallelization_off_or_autotune_set_keep_the_warning(tmp_path):
    one_core = ".map() without num_parallel_calls runs on one host core: the options set at line {} turn " \
               "map_parallelization off"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/loader.py": OPTIONS.format(flag="False")})
    assert [f[1:] for f in found(tmp_path, "TFP404")] == [(12, "TFP404", "warning", one_core.format(7)),
                                                           (18, "TFP404", "warning", one_core.format(17))]
    autotune_off = OPTIONS.format(flag="True").replace(
        "        options.experimental_optimization.map_parallelization = True\n        ds =",
        "        options.experimental_optimization.map_parallelization = True\n"
        "        options.autotune.enabled = False\n        ds =")
    tree(tmp_path, {"pkg/loader.py": autotune_off})
    assert [f[1:4] for f in found(tmp_path, "TFP404")] == [(12, "TFP404", "info"), (19, "TFP404", "warning")]


def test_a_map_also_iterated_without_the_options_keeps_the_warning(tmp_path):
    # the loop reads the pipeline before with_options: there the map runs on one core
    source = OPTIONS.format(flag="True").replace(
        "        return ds.with_options(options)",
        "        for batch in ds.prefetch(2):\n            print(batch)\n        return ds.with_options(options)")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/loader.py": source})
    assert [f[1:4] for f in found(tmp_path, "TFP404")] == [(12, "TFP404", "info"), (18, "TFP404", "warning")]


def test_options_turned_on_only_under_a_condition_keep_the_warning(tmp_path):
    source = OPTIONS.format(flag="True").replace(
        "        options.experimental_optimization.map_parallelization = True\n        ds =",
        "        if files:\n            options.experimental_optimization.map_parallelization = True\n        ds =")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/loader.py": source})
    assert [f[1:4] for f in found(tmp_path, "TFP404")] == [(12, "TFP404", "info"), (19, "TFP404", "warning")]
