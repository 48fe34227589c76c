"""General forms from set 15's gap notes (issue 11). The name word "adapt" says a one-off pass (Keras' `adapt()`:
one pass over the data that updates a layer's state and returns nothing) only where the function returns nothing:
a data adapter whose `adapt` returns the dataset it checked, converted and batched hands it on to its callers'
training, so what it calls keeps the call graph's context. Each with the look-alike that keeps the old reading."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, select=("TFP405",)):
    result = lint_paths([str(root)], target="gaudi2", select=list(select), jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings)


BATCHING = """\
    import tensorflow as tf

    def batch_dataset(dataset, batch_size):
        return dataset.batch(batch_size)
    """


def test_an_adapter_whose_adapt_returns_the_batched_dataset_is_on_the_training_path(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/data_utils.py": BATCHING, "pkg/adapter.py": """\
        import numpy as np
        import tensorflow as tf
        from pkg import data_utils

        class Adapter:
            def convert_to_dataset(self, dataset, batch_size):
                if isinstance(dataset, np.ndarray):
                    dataset = tf.data.Dataset.from_tensor_slices(dataset)
                return data_utils.batch_dataset(dataset, batch_size)

            def adapt(self, dataset, batch_size):
                dataset = self.convert_to_dataset(dataset, batch_size)
                return dataset
        """, "pkg/model.py": """\
        from pkg.adapter import Adapter

        class AutoModel:
            def _adapt(self, x, batch_size):
                return Adapter().adapt(x, batch_size)

            def fit(self, model, x, batch_size=32):
                model.fit(self._adapt(x, batch_size), epochs=10)
        """})
    assert found(root) == [("data_utils.py", 4, "TFP405", "warning")]


def test_a_keras_style_adapt_that_returns_nothing_is_still_a_one_off_pass(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/data_utils.py": BATCHING, "pkg/tuner.py": """\
        import tensorflow as tf
        from pkg import data_utils

        class Tuner:
            @staticmethod
            def adapt(layer, dataset):
                layer.adapt(data_utils.batch_dataset(dataset, 32))
        """})
    assert found(root) == [("data_utils.py", 4, "TFP405", "info")]


REBATCH = """\
    import tensorflow as tf

    def run_with_smaller_batches(batch_size, func, **fit_kwargs):
        x = fit_kwargs.pop("x")
        while batch_size > 0:
            try:
                return func(x=x)
            except tf.errors.ResourceExhaustedError:
                batch_size //= 2
                x = x.unbatch().batch(batch_size)


    class SlidingWindow:
        def transform(self, dataset):
            dataset = dataset.unbatch()
            dataset = dataset.window(self.lookback, shift=1, drop_remainder=True)
            dataset = dataset.flat_map(lambda w: w.batch(self.lookback, drop_remainder=True))
            return dataset.batch(self.batch_size)


    def batched(dataset, batch_size):
        return dataset.batch(batch_size)
    """


def test_a_rebatch_of_a_dataset_of_unknown_end_ends_where_the_project_repeats_none(tmp_path):
    # unbatch() then batch(): the batched data the project's own epochs read, re-batched; no repeat() anywhere.
    # A plain batch of a parameter (no unbatch) keeps the info: nothing says the data it is given is batched data.
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": REBATCH})
    assert found(root) == [("utils.py", 10, "TFP405", "warning"), ("utils.py", 18, "TFP405", "warning"),
                           ("utils.py", 22, "TFP405", "info")]


def test_a_rebatch_stays_unknown_where_the_project_repeats_a_dataset_without_end(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": REBATCH, "pkg/data.py": """\
        import tensorflow as tf

        def endless(files):
            return tf.data.TFRecordDataset(files).repeat()
        """})
    assert found(root) == [("utils.py", 18, "TFP405", "info"), ("utils.py", 22, "TFP405", "info")]


def test_a_repeat_in_a_test_or_with_a_count_does_not_make_the_project_endless(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/utils.py": REBATCH, "pkg/data.py": """\
        import tensorflow as tf

        def three_epochs(files):
            return tf.data.TFRecordDataset(files).repeat(3)
        """, "tests/test_utils.py": """\
        import tensorflow as tf

        def test_endless():
            assert tf.data.Dataset.range(4).repeat()
        """})
    assert ("utils.py", 10, "TFP405", "warning") in found(root)
    assert ("utils.py", 18, "TFP405", "warning") in found(root)


MODEL = """\
    import tensorflow as tf

    class Net(tf.keras.Model):
        def run_epoch(self, dataset, training=True):
            for step, (features, labels) in enumerate(dataset):
                self.step(features, labels)

        def count(self, dataset):
            n = 0
            for _ in dataset:
                n += 1
            return n
    """


def test_a_prefetched_pipeline_handed_two_calls_deep_to_the_loop_that_iterates_it(tmp_path):
    # train -> train_loop(model, data) -> model.run_epoch(data) (model: Net, a method of the annotated class)
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": MODEL, "pkg/training.py": """\
        import tensorflow as tf
        from pkg.models import Net

        def train_loop(model: Net, train_data: tf.data.Dataset, epochs: int):
            for _ in range(epochs):
                model.run_epoch(train_data, training=True)

        def train(model, files):
            data = tf.data.TFRecordDataset(files).batch(32).prefetch(3)
            train_loop(model, data, epochs=10)
        """})
    assert found(root, ("TFP403",)) == [("training.py", 9, "TFP403", "info")]


def test_a_pipeline_handed_to_code_that_only_counts_it_or_prefetched_to_the_device_is_not_reported(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": MODEL, "pkg/training.py": """\
        import tensorflow as tf
        from pkg.models import Net

        def size(model: Net, data):
            return model.count(data)

        def unannotated(model, data):
            model.run_epoch(data)

        def train(model, files):
            data = tf.data.TFRecordDataset(files).batch(32).prefetch(3)
            size(model, data)
            unannotated(model, data)
            device = data.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
            size(model, device)
        """})
    assert found(root, ("TFP403",)) == []


GNN_MODEL = """\
    import tensorflow as tf

    class TaskModel(tf.keras.Model):
        def _fast_step(self, features, labels, training):
            with tf.GradientTape() as tape:
                loss = self.loss_of(self(features, training=training), labels)
            return loss

        def _step(self, features, labels, training):
            return self._fast_step(features, labels, training)

        def run_one_epoch(self, dataset, training=True):
            for features, labels in dataset:
                self._step(features, labels, training)
    """
GNN_TRAINING = """\
    import tensorflow as tf
    from pkg.models import TaskModel

    def train_loop(model: TaskModel, train_data, valid_data, epochs):
        for _ in range(epochs):
            model.run_one_epoch(train_data, training=True)
            model.run_one_epoch(valid_data, training=False)

    def train(model, dataset, epochs):
        train_loop(model, dataset.train(), dataset.valid(), epochs)

    def evaluate(model: TaskModel, dataset):
        return model.run_one_epoch(dataset.test(), training=False)

    def run_train_from_args(args):
        model, dataset = make_model_and_dataset(args.model)
        train(model, dataset, args.epochs)

    def run_test_from_args(args):
        model, dataset = make_model_and_dataset(args.model)
        evaluate(model, dataset)
    """


def test_a_program_training_seven_calls_away_through_an_annotated_models_method(tmp_path):
    # run -> run_train_from_args -> train -> train_loop -> TaskModel.run_one_epoch (model: TaskModel) -> _step ->
    # _fast_step (a GradientTape): a training program without a policy, reported at the call that leaves it
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": GNN_MODEL, "pkg/training.py": GNN_TRAINING,
                           "pkg/cli/__init__.py": "", "pkg/cli/train.py": """\
        import argparse
        import tensorflow as tf
        from pkg.training import run_train_from_args

        def run():
            args = argparse.ArgumentParser().parse_args()
            tf.get_logger().setLevel("ERROR")
            run_train_from_args(args)

        if __name__ == "__main__":
            run()
        """})
    assert ("train.py", 8, "TFP702", "warning") in found(root, ("TFP702",))


def test_an_evaluation_program_passing_training_false_does_not_train(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": GNN_MODEL, "pkg/training.py": GNN_TRAINING,
                           "pkg/cli/__init__.py": "", "pkg/cli/score.py": """\
        import argparse
        import tensorflow as tf
        from pkg.training import run_test_from_args

        def run():
            run_test_from_args(argparse.ArgumentParser().parse_args())

        if __name__ == "__main__":
            run()
        """})
    assert [f for f in found(root, ("TFP702",)) if f[0] == "score.py"] == []
