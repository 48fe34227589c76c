"""General facts from set 12's pipeline, regularizer and training-program gaps (issue 11): a repeat with a count
of None or -1 is endless like `repeat()` (a count of n leaves the dataset finite); a function named for
synthetic data that reads files makes no synthetic data. Each with the look-alikes that stay as they were."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree  # noqa: F401

from tfperf.source import lint_paths, lint_text  # noqa: F401


def lint(code: str, select=("TFP405",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_repeat_of_minus_one_or_none_is_endless_a_count_is_finite():
    code = """\
    import tensorflow as tf

    def make(split, batch_size):
        data = tf.data.TFRecordDataset(["a"])
        if split == "train":
            data = data.shuffle(batch_size * 5).repeat(-1)
        return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)

    def make_none(batch_size):
        data = tf.data.TFRecordDataset(["a"]).repeat(count=None)
        return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)

    def make_counted(batch_size, epochs):
        data = tf.data.TFRecordDataset(["a"]).repeat(epochs)
        return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)

    def make_two(batch_size):
        data = tf.data.TFRecordDataset(["a"]).repeat(2)
        return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)

    def make_minus_two(batch_size):
        data = tf.data.TFRecordDataset(["a"]).repeat(-2)
        return data.batch(batch_size).prefetch(tf.data.AUTOTUNE)
    """
    # (line 7: the repeat(-1) runs only for the "train" split; the path that skips it batches the files once: info)
    assert [f[:3] for f in lint(code)] == [(7, "TFP405", "info"), (15, "TFP405", "warning"),
                                           (19, "TFP405", "warning"), (23, "TFP405", "warning")]


def test_a_synthetic_named_function_that_reads_files_is_not_synthetic_data():
    code = """\
    import json
    import numpy as np
    import tensorflow as tf

    def load_synthetic_dataset(path, batch_size):
        with tf.io.gfile.GFile(path, "r") as fp:
            anno = json.load(fp)
        images = np.zeros((len(anno), 4), dtype=np.float32)
        return tf.data.Dataset.from_tensor_slices(images).batch(batch_size).prefetch(1)

    def read_synthetic_dataset(path, batch_size):
        with open(path) as fp:
            anno = json.load(fp)
        images = np.zeros((len(anno), 4), dtype=np.float32)
        return tf.data.Dataset.from_tensor_slices(images).batch(batch_size).prefetch(1)

    def make_synthetic_dataset(batch_size):
        images = np.zeros((100, 4), dtype=np.float32)
        return tf.data.Dataset.from_tensor_slices(images).batch(batch_size).prefetch(1)

    def write_synthetic_dataset(path, batch_size):
        with open(path, "w") as f:
            f.write("x")
        images = np.zeros((100, 4), dtype=np.float32)
        return tf.data.Dataset.from_tensor_slices(images).batch(batch_size).prefetch(1)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(9, "TFP405", "warning"), (15, "TFP405", "warning"), (19, "TFP405", "info"),
                                      (25, "TFP405", "info")]
    assert "synthetic" in found[2][3] and "synthetic" not in found[0][3]


def test_a_method_returning_l2_that_a_layer_takes_from_an_unknown_object(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/losses.py": """\
        from tensorflow.compat.v1.python.keras.regularizers import L1L2

        class ConvexLoss:
            def __init__(self, reg_lambda):
                self.reg_lambda = reg_lambda

            def kernel_regularizer(self):
                return L1L2(l2=self.reg_lambda / 2)

            def other_regularizer(self):
                return L1L2(l2=self.reg_lambda / 2)

        def kernel_regularizer(reg_lambda):
            return L1L2(l2=reg_lambda)
        """, "pkg/models.py": """\
        import tensorflow as tf

        def build(loss, n):
            return tf.keras.layers.Dense(n, kernel_regularizer=loss.kernel_regularizer())

        def build_activity(loss, n):
            return tf.keras.layers.Dense(n, activity_regularizer=loss.other_regularizer())
        """})
    found = lint_paths([tmp_path], target="gaudi2", select=["TFP301"]).findings
    assert [(f.source.path.rpartition("/")[2], f.source.line, f.severity.value) for f in found] == [("losses.py", 8, "warning")]


def test_a_custom_keras_regularizer_whose_call_sums_squares_of_the_weights():
    code = """\
    import tensorflow as tf

    class Kifer(tf.keras.regularizers.Regularizer):
        def __init__(self, c):
            self._c = c

        def __call__(self, x):
            return tf.reduce_sum(self._c * tf.square(x)) + tf.reduce_sum(x)

    class Plain(tf.keras.regularizers.Regularizer):
        def __call__(self, w):
            return tf.reduce_sum(tf.square(w))

    class KL(tf.keras.regularizers.Regularizer):
        def __call__(self, x):
            return tf.reduce_sum(x * tf.math.log(x))

    class NotARegularizer:
        def __call__(self, x):
            return tf.reduce_sum(tf.square(x))

    class OfSomethingElse(tf.keras.regularizers.Regularizer):
        def __init__(self, mean):
            self.mean = mean

        def __call__(self, x):
            return tf.reduce_sum(tf.square(self.mean))
    """
    found = lint(code, select=("TFP301",))
    assert [f[:3] for f in found] == [(8, "TFP301", "warning"), (12, "TFP301", "warning")]
    assert "Kifer" in found[0][3]


def test_a_discarded_prefetch_where_something_else_overlaps_the_pipeline_is_info():
    code = """\
    import tensorflow as tf

    def train(strategy, files, n, workers):
        dataset = tf.data.TFRecordDataset(files)
        dataset = dataset.map(parse, num_parallel_calls=workers)
        dataset = dataset.batch(n, drop_remainder=True)
        dataset.prefetch(4)
        dataset = strategy.experimental_distribute_dataset(dataset)
        for x in dataset:
            step(x)

    def train_async(model, files, n):
        dataset = tf.data.TFRecordDataset(files)
        dataset = dataset.batch(n, drop_remainder=True)
        dataset = dataset.map(parse, num_parallel_calls=8)
        dataset.prefetch(4)
        model.fit(dataset)

    def train_plain(model, files, n):
        dataset = tf.data.TFRecordDataset(files)
        dataset = dataset.batch(n, drop_remainder=True)
        dataset.prefetch(4)
        model.fit(dataset)

    def train_sequential(model, files, n):
        dataset = tf.data.TFRecordDataset(files)
        dataset = dataset.batch(n, drop_remainder=True)
        dataset = dataset.map(parse, num_parallel_calls=1)
        dataset.prefetch(4)
        model.fit(dataset)

    from helpers import parse, step
    """
    found = lint(code, select=("TFP401",))
    assert [f[:3] for f in found] == [(7, "TFP401", "info"), (16, "TFP401", "info"), (22, "TFP401", "warning"),
                                      (29, "TFP401", "warning")]
    assert "tf.distribute" in found[0][3] and "asynchronous" in found[1][3]


def test_a_module_level_script_whose_loop_calls_a_training_step_is_a_program():
    code = """\
    import tensorflow as tf
    from pkg import nets

    optimizer = tf.keras.optimizers.Adam(1e-3)
    model = nets.Classifier(num_classes=40)

    @tf.function
    def step(points, label):
        with tf.GradientTape() as tape:
            loss = model.loss(label, model(points, training=True))
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    def train(example):
        return step(example["points"], example["label"])

    for example in dataset:
        train(example)
    """
    found = lint(code, select=("TFP702",), path="train.py")
    assert [f[:3] for f in found] == [(9, "TFP702", "warning")]
    library = """\
    import tensorflow as tf

    optimizer = tf.keras.optimizers.Adam(1e-3)

    @tf.function
    def step(model, points, label):
        with tf.GradientTape() as tape:
            loss = model.loss(label, model(points, training=True))
        variables = model.trainable_variables
        optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        return loss

    def helper():
        return 1

    VALUE = helper()

    def make_model_class(cls):
        class DPModel(cls):
            def train_step(self, data):
                with tf.GradientTape() as tape:
                    loss = self.compiled_loss(data[1], self(data[0], training=True))
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        return DPModel

    DPSequential = make_model_class(tf.keras.Sequential)
    """
    assert [f for f in lint(library, select=("TFP702",), path="steps.py") if f[2] == "warning"] == []


def test_a_method_of_an_object_of_known_class_handed_to_strategy_run(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": """\
        import tensorflow as tf

        class Trainer:
            def __init__(self):
                self.network = tf.keras.Sequential([tf.keras.layers.Dense(512)])
                self.optimizer = tf.keras.optimizers.Adam()

            def train_sample(self, sample):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(self.network(sample))
                grads = tape.gradient(loss, self.network.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.network.trainable_variables))
                return loss

            def describe(self, sample):
                return sample
        """, "pkg/train.py": """\
        import tensorflow as tf
        from pkg import models

        def epoch(model: models.Trainer, dataset):
            strategy = tf.distribute.get_strategy()

            def step(sample):
                return strategy.run(model.train_sample, args=(sample,))
            for sample in dataset:
                step(sample)

        def main():
            epoch(models.Trainer(), None)

        if __name__ == "__main__":
            main()
        """, "pkg/show.py": """\
        import tensorflow as tf
        from pkg import models

        def epoch(model: models.Trainer, dataset):
            strategy = tf.distribute.get_strategy()
            for sample in dataset:
                strategy.run(model.describe, args=(sample,))

        if __name__ == "__main__":
            epoch(models.Trainer(), None)
        """})
    found = lint_paths([tmp_path], target="gaudi2", select=["TFP702"]).findings
    warnings = [(f.source.path.rpartition("/")[2], f.source.line) for f in found if f.severity.value == "warning"]
    assert warnings == [("train.py", 8)]


def test_a_static_loader_method_of_another_module_and_its_with_info_pair(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": """\
        import tensorflow_datasets as tfds

        class Builder(tfds.core.GeneratorBasedBuilder):
            @staticmethod
            def load(*args, **kwargs):
                return tfds.load("model_net40", *args, **kwargs)
        """, "pkg/train.py": """\
        import tensorflow as tf
        from pkg import data

        ds_train, info = data.Builder.load(split="train", with_info=True)
        ds_train = ds_train.shuffle(100).repeat(250)
        ds_train = ds_train.batch(32)

        def evaluate():
            for example in ds_test:
                print(example)

        ds_test = data.Builder.load(split="test").batch(32)

        for x in ds_train:
            train(x)
            evaluate()
        """})
    found = lint_paths([tmp_path], target="gaudi2", select=["TFP405"]).findings
    assert [(f.source.line, f.severity.value) for f in found] == [(6, "warning"), (12, "info")]


def test_a_model_made_by_a_registry_factory_of_another_module_trains_through_its_method(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/models.py": """\
        import tensorflow as tf
        from tensorflow import keras

        def get_model(name, args):
            return MODELS[name](args)

        def describe(name):
            return NAMES[name](name)

        class Net(keras.Model):
            def compute_loss(self, batch, optimizer=None):
                loss = tf.reduce_mean(self(batch))
                grads_and_vars = optimizer.compute_gradients(loss)
                return loss, optimizer.apply_gradients(grads_and_vars)

            def summary_of(self, batch):
                return batch

        MODELS = {"net": Net}
        NAMES = {"net": str}
        """, "pkg/train.py": """\
        import tensorflow as tf
        from pkg import models

        def main(args):
            model = models.get_model("net", args)
            loss, train_op = model.compute_loss(None, optimizer=tf.train.AdamOptimizer(1e-3))
            with tf.train.MonitoredTrainingSession() as sess:
                while not sess.should_stop():
                    sess.run(train_op)

        if __name__ == "__main__":
            main(None)
        """, "pkg/show.py": """\
        import tensorflow as tf
        from pkg import models

        def main(args):
            model = models.get_model("net", args)
            return model.summary_of(None)

        if __name__ == "__main__":
            main(None)
        """})
    found = lint_paths([tmp_path], target="gaudi2", select=["TFP702"]).findings
    warnings = [(f.source.path.rpartition("/")[2], f.source.line) for f in found if f.severity.value == "warning"]
    assert warnings == [("train.py", 6)]


def test_repeat_of_a_parameter_whose_default_is_endless():
    code = """\
    import tensorflow as tf

    def make(files, batch_size, num_repeat=-1):
        ds = tf.data.TFRecordDataset(files)
        ds = ds.repeat(count=num_repeat)
        return ds.batch(batch_size).prefetch(1)

    def make_none(files, batch_size, num_repeat=None):
        return tf.data.TFRecordDataset(files).repeat(num_repeat).batch(batch_size).prefetch(1)

    def make_counted(files, batch_size, num_repeat=3):
        return tf.data.TFRecordDataset(files).repeat(num_repeat).batch(batch_size).prefetch(1)
    """
    assert [f[:3] for f in lint(code)] == [(12, "TFP405", "warning")]
