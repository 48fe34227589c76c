"""TFP405 on a dataset that arrives as a parameter (held-out set 10, issue 11): whether it ends is read from what
the project's calls hand it, or from what takes its batches; where neither shows it, info with the reason. And
pipelines held only under names for evaluation data are evaluation (info) for the TFP40x rules."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, select=("TFP405",)):
    result = lint_paths([str(root)], target="gaudi2", select=list(select), jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings)


def messages(root, select=("TFP405",)):
    return [f.message for f in lint_paths([str(root)], target="gaudi2", select=list(select), jobs=1).findings]


HELPER = """\
    import tensorflow as tf

    def batched(dataset, batch_size):
        return dataset.batch(batch_size).prefetch(1)
    """


def test_a_call_in_another_module_hands_the_parameter_a_finite_dataset(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/batching.py": HELPER, "pkg/train.py": """\
        import tensorflow as tf
        from pkg.batching import batched

        def train(model, files):
            ds = tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4)
            model.fit(batched(ds, 32), epochs=3, steps_per_epoch=100)
        """})
    assert found(root) == [("batching.py", 4, "TFP405", "warning")]
    assert "train passes dataset a finite dataset, not repeated" in messages(root)[0]


def test_every_call_hands_an_endless_dataset_or_only_evaluation_hands_a_finite_one(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/batching.py": HELPER, "pkg/train.py": """\
        import tensorflow as tf
        from pkg.batching import batched

        def train(model, files):
            ds = tf.data.TFRecordDataset(files).repeat()
            model.fit(batched(ds, 32), epochs=3, steps_per_epoch=100)
        """})
    assert found(root) == []
    (root / "pkg/evaluation.py").write_text(
        "import tensorflow as tf\nfrom pkg.batching import batched\n\n\n"
        "def evaluate(model, files):\n    return model.evaluate(batched(tf.data.TFRecordDataset(files), 8))\n")
    assert found(root) == [("batching.py", 4, "TFP405", "info")]


def test_calls_from_tests_do_not_count(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/batching.py": HELPER, "tests/test_batching.py": """\
        import tensorflow as tf
        from pkg.batching import batched

        def test_batched():
            assert batched(tf.data.Dataset.range(10), 4)
        """})
    assert ("batching.py", 4, "TFP405", "info") in found(root)
    assert ("batching.py", 4, "TFP405", "warning") not in found(root)


def test_what_takes_the_batches_runs_until_the_data_ends(tmp_path):
    root = tree(tmp_path, {"train.py": """\
        import tensorflow as tf

        def fit_all(model, dataset):
            model.fit(dataset.batch(32), epochs=5)

        def fit_steps(model, dataset):
            model.fit(dataset.batch(32), epochs=5, steps_per_epoch=100)

        def loop(step, dataset):
            for x in dataset.batch(16):
                step(x)

        def loop_breaks(step, dataset):
            for i, x in enumerate(dataset.batch(16)):
                if i == 10:
                    break
                step(x)

        def loop_takes(step, dataset):
            for x in dataset.batch(16).take(10):
                step(x)
        """})
    assert found(root) == [("train.py", 4, "TFP405", "warning"), ("train.py", 7, "TFP405", "info"),
                           ("train.py", 10, "TFP405", "warning"), ("train.py", 14, "TFP405", "info"),
                           ("train.py", 20, "TFP405", "info")]
    said = messages(root)
    assert any("takes it without steps_per_epoch" in m for m in said)
    assert any("does not show whether it does" in m for m in said)


def test_a_returned_batch_whose_callers_loop_over_it_to_the_end(tmp_path):
    root = tree(tmp_path, {"train.py": """\
        import tensorflow as tf

        def batched(dataset):
            return dataset.batch(8)

        def train(step, dataset):
            for x in batched(dataset):
                step(x)
        """})
    assert found(root) == [("train.py", 4, "TFP405", "warning")]


def test_tf1_iterator_held_by_the_class_and_run_until_out_of_range(tmp_path):
    root = tree(tmp_path, {"trainer.py": """\
        import tensorflow as tf

        class Trainer:
            def __init__(self, sess, dataset, build):
                dataset = dataset.batch(32)
                self.iterator = dataset.make_initializable_iterator()
                self.sess, self.loss = sess, build(*self.iterator.get_next())

            def run_epoch(self):
                self.sess.run(self.iterator.initializer)
                while True:
                    try:
                        self.sess.run(self.loss)
                    except tf.errors.OutOfRangeError:
                        break

        class Streamer:
            def __init__(self, sess, dataset, build):
                dataset = dataset.batch(32)
                self.iterator = dataset.make_one_shot_iterator()
                self.loss = build(*self.iterator.get_next())
        """})
    assert found(root) == [("trainer.py", 5, "TFP405", "warning"), ("trainer.py", 19, "TFP405", "info")]
    assert "until the data ends (OutOfRangeError)" in messages(root)[0]


def test_pipelines_held_under_evaluation_names_are_evaluation(tmp_path):
    root = tree(tmp_path, {"trainer.py": """\
        import tensorflow as tf

        def make(files, validation_files):
            validation_dataset = tf.data.TFRecordDataset(validation_files).batch(32)
            validation_dataset.prefetch(1)
            training_dataset = tf.data.TFRecordDataset(files).batch(32)
            training_dataset.prefetch(1)
            dataset = tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4)
            val_ds = dataset.take(100)
            return validation_dataset, training_dataset, val_ds
        """})
    assert found(root, ("TFP401",)) == [("trainer.py", 5, "TFP401", "info"), ("trainer.py", 7, "TFP401", "warning")]
    # a neutral name on the way (`dataset`, which may feed training too) keeps the pipeline on the training path
    assert ("trainer.py", 8, "TFP405", "warning") not in found(root)
    assert found(root, ("TFP405",))[:2] == [("trainer.py", 4, "TFP405", "info"), ("trainer.py", 6, "TFP405", "warning")]


def test_tf1_iterator_method_ends_a_pipeline_for_tfp405_only_where_a_loop_runs_it_out(tmp_path):
    root = tree(tmp_path, {"reader.py": """\
        import tensorflow as tf

        def steps(sess, files, build, n):
            ds = tf.data.TFRecordDataset(files).batch(32)
            loss = build(ds.make_one_shot_iterator().get_next())
            for _ in range(n):
                sess.run(loss)

        def epoch(sess, files, build):
            ds = tf.data.TFRecordDataset(files).batch(32)
            loss = build(ds.make_one_shot_iterator().get_next())
            while True:
                try:
                    sess.run(loss)
                except tf.errors.OutOfRangeError:
                    break
        """})
    # (the first loop takes n batches: whether it reaches the last one, the source does not show)
    assert found(root, ("TFP401", "TFP402", "TFP405")) == [("reader.py", 10, "TFP405", "warning")]
