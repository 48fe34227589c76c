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
