"""General forms for the codes just under the goal (issue 11, fourteenth session: TFP405, TFP501...). Each with the
look-alike that keeps the old reading.

A pipeline's caller in a module of the input pipeline (a path word such as `tfrecord`: where device rules say nothing)
still hands the batches it gets to the training step: where a pipeline runs is not a context that puts it off the
step, so a batch it returns keeps its severity there (as a caller under `tf.device("/CPU:0")` does)."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths


def found(root, select=("TFP405",)):
    result = lint_paths([str(root)], target="gaudi2", select=list(select), jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value)
                  for f in result.findings)


READER = """\
    import tensorflow as tf

    class Reader:
        def auto_batch(self, dataset, batch_size, drop_remainder=False):
            shapes = {}
            for k, v in dataset.element_spec.items():
                shapes[k] = [None] * len(v.shape.dims)
            dataset = dataset.padded_batch(batch_size, padded_shapes=shapes, drop_remainder=drop_remainder)
            return dataset.prefetch(tf.data.AUTOTUNE)

        def CALLER(self, files, auto_batch=False, **kwargs):
            dataset = tf.data.TFRecordDataset(files).map(self.decode)
            if auto_batch:
                dataset = self.auto_batch(dataset, **kwargs)
            return dataset

        def decode(self, record):
            return tf.io.parse_single_example(record, {"ids": tf.io.VarLenFeature(tf.int64)})
    """


def test_a_pipeline_returned_to_a_caller_in_a_record_module_keeps_its_warning(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/tfrecord_utils.py": READER.replace("CALLER", "read_record")})
    assert found(root) == [("tfrecord_utils.py", 8, "TFP405", "warning")]


def test_a_caller_that_predicts_still_puts_the_pipeline_off_the_step(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/tfrecord_utils.py": READER.replace("CALLER", "predict_records")})
    assert found(root) == [("tfrecord_utils.py", 8, "TFP405", "info")]


# TFP501: a py_function in a method of a plain class that the call graph resolves no call of (the method is called on
# an object the source does not type), called from a function the tf.data pipeline maps: the pipeline runs it.
ADAPTER = """\
    import tensorflow as tf

    class AudioAdapter:
        def load(self, path):
            raise NotImplementedError

        def load_waveform(self, path):
            def safe_load(path):
                return self.load(path.numpy())
            waveform = tf.py_function(safe_load, [path], tf.float32)
            return {"waveform": waveform}
    """


def test_a_callback_whose_method_only_a_pipeline_function_calls_is_the_pipelines(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/adapter.py": ADAPTER, "pkg/dataset.py": """\
        import tensorflow as tf

        class InstrumentBuilder:
            def __init__(self, parent):
                self._parent = parent

            def load_waveform(self, sample):
                return dict(sample, **self._parent._audio_adapter.load_waveform(sample["path"]))

        class DatasetBuilder:
            def __init__(self, audio_adapter):
                self._audio_adapter = audio_adapter
                self.instruments = [InstrumentBuilder(self)]

            def build(self, files):
                dataset = tf.data.Dataset.from_tensor_slices({"path": files})
                for instrument in self.instruments:
                    dataset = dataset.map(instrument.load_waveform)
                return dataset
        """})
    assert found(root, ("TFP501",)) == [("adapter.py", 10, "TFP501", "info")]


def test_a_callback_whose_method_a_model_calls_stays_a_warning(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/adapter.py": ADAPTER, "pkg/model.py": """\
        import tensorflow as tf

        class Model(tf.keras.Model):
            def __init__(self, adapter):
                super().__init__()
                self._holder = adapter

            def call(self, inputs):
                return self._holder.adapter.load_waveform(inputs)["waveform"]
        """})
    assert found(root, ("TFP501",)) == [("adapter.py", 10, "TFP501", "warning")]


def test_a_callback_in_a_keras_layer_method_keeps_its_warning(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/layer.py": """\
        import tensorflow as tf

        class Tokenize(tf.keras.layers.Layer):
            def tokenize(self, text):
                return tf.py_function(lambda t: t, [text], tf.string)
        """, "pkg/data.py": """\
        import tensorflow as tf

        class Loader:
            def parse(self, text):
                return self.model.layer.tokenize(text)

            def build(self, files):
                return tf.data.TextLineDataset(files).map(self.parse)
        """})
    assert found(root, ("TFP501",)) == [("layer.py", 5, "TFP501", "warning")]


def test_a_callback_whose_caller_the_model_calls_too_stays_a_warning(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/adapter.py": ADAPTER, "pkg/dataset.py": """\
        import tensorflow as tf

        def load(sample, holder):
            return holder.adapter.load_waveform(sample)

        def build(files, holder):
            return tf.data.Dataset.from_tensor_slices(files).map(load)

        class Net(tf.keras.Model):
            def call(self, inputs):
                return load(inputs, self.holder)["waveform"]
        """})
    assert found(root, ("TFP501",)) == [("adapter.py", 10, "TFP501", "warning")]


# TFP702: a program that builds its model and hands it to a runner whose trainer is a parameter annotated with an
# abstract base class: the call graph follows `trainer.train()` to the subclasses' overrides (the Keras trainer
# fits), and a policy the trainer sets only where its `options` is given (default None) sets none for a program
# that gives none.
RUNNER = {
    "pkg/__init__.py": "",
    "pkg/interfaces.py": """\
        import abc

        import tensorflow as tf

        class Trainer(abc.ABC):
            @abc.abstractmethod
            def train(self, model_fn, data):
                raise NotImplementedError
        """,
    "pkg/keras_trainer.py": """\
        import tensorflow as tf
        from pkg import interfaces

        class KerasTrainer(interfaces.Trainer):
            def __init__(self, steps, options=None):
                self._steps = steps
                self._options = options

            def train(self, model_fn, data):
                if self._options and self._options.policy:
                    tf.keras.mixed_precision.set_global_policy(self._options.policy)
                model = model_fn()
                model.compile("adam", "mse")
                model.fit(data, steps_per_epoch=self._steps)
                return model
        """,
    "pkg/orchestration.py": """\
        import tensorflow as tf
        from pkg.interfaces import Trainer

        def run(*, model_fn, data, trainer: Trainer):
            with tf.distribute.get_strategy().scope():
                return trainer.train(model_fn, data)
        """,
}
PROGRAM = """\
    import tensorflow as tf
    from pkg import keras_trainer, orchestration

    def model_fn():
        inputs = tf.keras.layers.Input([8])
        return tf.keras.Model(inputs, tf.keras.layers.Dense(256)(inputs))

    def main():
        trainer = keras_trainer.KerasTrainer(steps=100{options})
        orchestration.run(model_fn=model_fn, data=tf.data.Dataset.range(8), trainer=trainer)

    if __name__ == "__main__":
        main()
    """


def test_a_program_training_through_an_annotated_trainer_without_its_policy_option_is_reported(tmp_path):
    root = tree(tmp_path, {**RUNNER, "train.py": PROGRAM.replace("{options}", "")})
    assert found(root, ("TFP702",)) == [("train.py", 10, "TFP702", "warning")]


def test_a_program_that_gives_the_trainer_options_is_not_known_to_train_in_float32(tmp_path):
    program = PROGRAM.replace("{options}", ", options=make_options()")
    root = tree(tmp_path, {**RUNNER, "train.py": program})
    assert found(root, ("TFP702",)) == [("train.py", 10, "TFP702", "info")]


def test_a_trainer_that_sets_the_policy_unconditionally_is_not_reported_as_float32(tmp_path):
    runner = dict(RUNNER)
    runner["pkg/keras_trainer.py"] = runner["pkg/keras_trainer.py"].replace(
        "if self._options and self._options.policy:\n                ", "")
    root = tree(tmp_path, {**runner, "train.py": PROGRAM.replace("{options}", "")})
    assert [f[3] for f in found(root, ("TFP702",))] in ([], ["info"])


def test_a_trainer_built_with_positional_arguments_may_be_given_its_options(tmp_path):
    program = PROGRAM.replace("KerasTrainer(steps=100{options})", "KerasTrainer(100, make_options())")
    root = tree(tmp_path, {**RUNNER, "train.py": program})
    assert found(root, ("TFP702",)) == [("train.py", 10, "TFP702", "info")]


def test_a_call_on_an_annotated_parameter_exports_the_method_not_the_subclasses_it_asks_no_one(tmp_path):
    # the subclasses' overrides are facts of other files: the program that follows the call reads them
    # (`mixed_precision._callees`), so the helper's summary never waits for them (no second lint of it)
    from tfperf.rules.mixed_precision.source import CALLS_TO, OVERRIDES
    from tfperf.source.linter import Options, lint_file
    from tfperf.source.project import Index

    root = tree(tmp_path, RUNNER)
    modules = ("pkg", "pkg.interfaces", "pkg.keras_trainer", "pkg.orchestration")
    outcome = lint_file(str(root / "pkg" / "orchestration.py"), Options("gaudi2", context_path="pkg/orchestration.py"),
                        Index(modules=modules))
    assert outcome.exports[f"{CALLS_TO}:pkg.orchestration.run"] == [(OVERRIDES, "pkg.interfaces.Trainer", "train")]
    assert not [key for key in outcome.queries if key.startswith("stepsub:")]


def test_the_program_finds_the_subclass_that_trains_through_the_annotated_base(tmp_path):
    # KerasTrainer.train (a subclass's override of the annotated Trainer's) fits: the program trains
    program = PROGRAM.replace("{options}", "")
    root = tree(tmp_path, {**RUNNER, "train.py": program})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP702"], jobs=1)
    assert [(f.source.line, f.code) for f in result.findings] == [(10, "TFP702")]
    assert "KerasTrainer.train trains" in result.findings[0].message
