"""VALID / INVALID examples of the TFP4xx rules (source examples are linted, pipeline ones captured)."""

from tfperf.rules.base import Example

NO_PREFETCH_INVALID = (
    Example(kind="source", target="cpu", note="one expression", code="""\
import tensorflow as tf

def input_fn(x, y):
    return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)  # expect: TFP401
""", expected="""\
import tensorflow as tf

def input_fn(x, y):
    return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)  # expect: TFP401
"""),
    Example(kind="source", target="cpu", note="one variable's assignments", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files)
    ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(64, drop_remainder=True)  # expect: TFP401
    return ds
""", expected="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files)
    ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE)
    ds = ds.batch(64, drop_remainder=True).prefetch(tf.data.AUTOTUNE)  # expect: TFP401
    return ds
"""),
    Example(kind="pipeline", target="cpu", note="autotune off: nothing overlaps the last map", code="""\
import tensorflow as tf

options = tf.data.Options()
options.autotune.enabled = False
dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.map(lambda x: x * 2)  # expect: TFP401
dataset = dataset.with_options(options)
"""),
    Example(kind="pipeline", target="cpu", note="TensorFlow injects the prefetch itself: reported as info, saying so",
            code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)  # expect: TFP401
"""),
    Example(kind="pipeline", target="cpu", note="TensorFlow fuses map and batch into an asynchronous map_and_batch: "
            "info, saying so", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).map(lambda x: x + 1).batch(8)  # expect: TFP401
"""),
)

NO_PREFETCH_INVALID += (
    Example(kind="source", target="cpu", note="a helper builds it, the caller hands it to model.fit", code="""\
import tensorflow as tf

def make(files):
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4).batch(32)  # expect: TFP401

def train(model, files):
    model.fit(make(files), epochs=3)
""", expected="""\
import tensorflow as tf

def make(files):
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4).batch(32).prefetch(tf.data.AUTOTUNE)  # expect: TFP401

def train(model, files):
    model.fit(make(files), epochs=3)
"""),
    Example(kind="source", target="cpu", note="the pipeline goes on after an if: its end is after it", code="""\
import tensorflow as tf

def make(files, training):
    ds = tf.data.TFRecordDataset(files)
    if training:
        ds = ds.repeat()
    ds = ds.batch(32, drop_remainder=True)  # expect: TFP401
    return ds
""", expected="""\
import tensorflow as tf

def make(files, training):
    ds = tf.data.TFRecordDataset(files)
    if training:
        ds = ds.repeat()
    ds = ds.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)  # expect: TFP401
    return ds
"""),
    Example(kind="source", target="cpu", note="a prefetch whose result is thrown away", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files).batch(32)
    ds.prefetch(tf.data.AUTOTUNE)  # expect: TFP401
    return ds
"""),
)

NO_PREFETCH_INVALID += (
    Example(kind="source", target="cpu", note="a transformation function applied (.apply) batches but does not "
            "prefetch: the prefetch goes after the .apply()", code="""\
import tensorflow as tf

def _batch_dataset(batch_size):
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)

def train(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    ds = ds.apply(_batch_dataset(32))  # expect: TFP401
    model.fit(ds)
""", expected="""\
import tensorflow as tf

def _batch_dataset(batch_size):
    return lambda dataset: dataset.batch(batch_size, drop_remainder=True)

def train(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    ds = ds.apply(_batch_dataset(32)).prefetch(tf.data.AUTOTUNE)  # expect: TFP401
    model.fit(ds)
"""),
)

NO_PREFETCH_VALID = (
    Example(kind="source", target="cpu", note="transformation functions applied (.apply) that end in a prefetch: a "
            "function, a factory's lambda, a lambda", code="""\
import tensorflow as tf

def finalize(dataset):
    return dataset.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

def make_finalize(n):
    def _finalize(dataset):
        return dataset.batch(n, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    return _finalize

def train(files, model, other):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    model.fit(ds.apply(finalize))
    model.fit(ds.apply(make_finalize(64)))
    model.fit(ds.apply(lambda d: d.batch(16, drop_remainder=True).prefetch(2)))
"""),
    Example(kind="source", target="cpu", note="a helper's pipeline that the caller ends with prefetch", code="""\
import tensorflow as tf

def read(files):
    ds = tf.data.TFRecordDataset(files)
    if files:
        ds = ds.shuffle(100)
    return ds

def make(files):
    ds = read(files).batch(32)
    return ds.prefetch(tf.data.AUTOTUNE)
"""),
    Example(kind="source", target="cpu", note="per-file datasets inside interleave, operands of zip", code="""\
import tensorflow as tf

def one_file(name):
    return tf.data.TFRecordDataset(name).map(len, num_parallel_calls=2)

def make(files, labels):
    ds = tf.data.Dataset.list_files(files).interleave(one_file, num_parallel_calls=4)
    labels_ds = tf.data.Dataset.from_tensor_slices(labels).map(len, num_parallel_calls=2)
    return tf.data.Dataset.zip((ds, labels_ds)).batch(8).prefetch(2)
"""),
    Example(kind="source", target="cpu", note="one element: nothing to overlap", code="""\
import tensorflow as tf

def single_batch(data):
    return iter(tf.data.Dataset.from_tensors(data).map(len))
"""),
    Example(kind="source", target="cpu", note="a pipeline ending in prefetch", code="""\
import tensorflow as tf

def input_fn(x):
    ds = tf.data.Dataset.from_tensor_slices(x).batch(32)
    return ds.prefetch(tf.data.AUTOTUNE)
"""),
    Example(kind="source", target="cpu", note="a dataset built inside interleave is not a pipeline end", code="""\
import tensorflow as tf

files = tf.data.Dataset.list_files("*.tfrecord")
ds = files.interleave(lambda f: tf.data.TFRecordDataset(f).map(len), num_parallel_calls=4).prefetch(2)
"""),
    Example(kind="source", target="cpu", note="not a tf.data dataset", code="""\
import tensorflow as tf
import pandas as pd

frame = pd.DataFrame({"a": [1]}).apply(len).map(str)
"""),
    Example(kind="pipeline", target="cpu", note="a pipeline ending in prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(tf.data.AUTOTUNE)
"""),
    Example(kind="pipeline", note="ending in prefetch_to_device", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
)

AFTER_PREFETCH_INVALID = (
    Example(kind="source", target="cpu", note="batching after the prefetch, inject_prefetch off: nothing overlaps it",
            code="""\
import tensorflow as tf

options = tf.data.Options()
options.experimental_optimization.inject_prefetch = False
ds = tf.data.Dataset.range(100).prefetch(4)
ds = ds.batch(8)  # expect: TFP402
ds = ds.with_options(options)
"""),
    Example(kind="source", target="cpu", note="batching after the prefetch: info where TensorFlow >= 2.12 injects "
            "a prefetch after the batch, saying so", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).prefetch(4)
ds = ds.batch(8)  # expect: TFP402
"""),
    Example(kind="pipeline", target="cpu", note="map and batch after the prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).prefetch(2)
dataset = dataset.map(lambda x: x + 1, num_parallel_calls=tf.data.AUTOTUNE)  # expect: TFP402
dataset = dataset.batch(8)  # expect: TFP402
"""),
)

AFTER_PREFETCH_VALID = (
    Example(kind="source", target="cpu", note="options and a device prefetch may follow", code="""\
import tensorflow as tf

opts = tf.data.Options()
ds = tf.data.Dataset.range(100).batch(8).prefetch(4).with_options(opts)
"""),
    Example(kind="pipeline", note="options and prefetch_to_device after the prefetch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(2).with_options(tf.data.Options())
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
)

TO_DEVICE_INVALID = (
    Example(kind="source", target="gaudi2", note="a custom loop over a pipeline prefetched on the host only", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).batch(8).prefetch(tf.data.AUTOTUNE)  # expect: TFP403
for batch in ds:
    print(batch)
"""),
    Example(kind="pipeline", target="gaudi2", note="prefetch on the host only", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8).prefetch(tf.data.AUTOTUNE)  # expect: TFP403
"""),
    Example(kind="pipeline", target="gaudi2", note="a strategy told not to fetch to its devices", code="""\
import tensorflow as tf

strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
pipeline = tf.data.Dataset.range(64).batch(8).prefetch(2)  # expect: TFP403
options = tf.distribute.InputOptions(experimental_fetch_to_device=False)
dataset = strategy.experimental_distribute_dataset(pipeline, options)
"""),
)

TO_DEVICE_INVALID += (
    Example(kind="source", target="gaudi2", note="TensorFlow 1: an iterator's next batch returned to the caller's "
            "session steps", code="""\
import tensorflow as tf

def provide_data(files, batch_size):
    dataset = tf.data.TFRecordDataset(files).batch(batch_size).prefetch(1)  # expect: TFP403
    iterator = tf.compat.v1.data.make_one_shot_iterator(dataset)
    return iterator.get_next()
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1's method form of the same iterator, pulled by a "
            "session loop", code="""\
import tensorflow as tf

def fit(generator, loss_of, steps):
    dataset = tf.data.Dataset.from_generator(generator, output_types=tf.int32)
    dataset = dataset.repeat().prefetch(5)  # expect: TFP403
    iterator = dataset.make_one_shot_iterator()
    train = tf.compat.v1.train.AdamOptimizer().minimize(loss_of(iterator.get_next()))
    with tf.compat.v1.Session() as sess:
        for _ in range(steps):
            sess.run(train)
"""),
)

TO_DEVICE_VALID = (
    Example(kind="source", target="gaudi2", note="the guide's form", code="""\
import tensorflow as tf

ds = tf.data.Dataset.range(100).batch(8)
ds = ds.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
for batch in ds:
    print(batch)
"""),
    Example(kind="source", target="cpu", note="nothing to copy to on a CPU", code="""\
import tensorflow as tf

for batch in tf.data.Dataset.range(100).batch(8).prefetch(tf.data.AUTOTUNE):
    print(batch)
"""),
    Example(kind="source", target="gaudi2", note="model.fit and tf.distribute strategies fetch to their devices",
            code="""\
import tensorflow as tf

def train(model, strategy):
    ds = tf.data.Dataset.range(100).batch(8).prefetch(tf.data.AUTOTUNE)
    model.fit(ds, epochs=2)
    return strategy.experimental_distribute_dataset(ds)
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1: an Estimator's input_fn returns an iterator's next "
            "batch: the Estimator feeds the device (on an HPU, the Estimator itself is TFP502's)", code="""\
import tensorflow as tf

def input_fn_builder(files, batch_size):
    def input_fn():
        dataset = tf.data.TFRecordDataset(files).batch(batch_size).prefetch(1)
        iterator = tf.compat.v1.data.make_one_shot_iterator(dataset)
        features, labels = iterator.get_next()
        return features, labels
    return input_fn
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1's method form in an Estimator's input_fn: the "
            "Estimator feeds the device", code="""\
import tensorflow as tf

def train_input_fn(files, batch_size):
    dataset = tf.data.TFRecordDataset(files).batch(batch_size).prefetch(1)
    return dataset.make_one_shot_iterator().get_next()
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1's method form on a device-prefetched pipeline",
            code="""\
import tensorflow as tf

def fit(generator, loss_of, steps):
    dataset = tf.data.Dataset.from_generator(generator, output_types=tf.int32).repeat()
    dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
    iterator = dataset.make_one_shot_iterator()
    train = tf.compat.v1.train.AdamOptimizer().minimize(loss_of(iterator.get_next()))
    with tf.compat.v1.Session() as sess:
        for _ in range(steps):
            sess.run(train)
"""),
    Example(kind="pipeline", target="gaudi2", note="the guide's form", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).batch(8)
dataset = dataset.apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
"""),
    Example(kind="pipeline", target="gaudi2", note="a tf.distribute strategy prefetches to its devices", code="""\
import tensorflow as tf

strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
dataset = strategy.experimental_distribute_dataset(tf.data.Dataset.range(64).batch(8).prefetch(2))
"""),
)

SEQUENTIAL_INVALID = (
    Example(kind="source", target="cpu", note="sequential parsing", code="""\
import tensorflow as tf

ds = tf.data.TFRecordDataset(["a.tfrecord"]).map(parse).batch(32).prefetch(1)  # expect: TFP404
"""),
    Example(kind="pipeline", target="cpu", note="random augmentation: sequential, then cached; shuffled batches",
            code="""\
import tensorflow as tf

def augment(x):
    return tf.cast(x, tf.float32) + tf.random.uniform([])

dataset = tf.data.Dataset.range(64)
dataset = dataset.map(augment)  # expect: TFP404
dataset = dataset.cache()  # expect: TFP404
dataset = dataset.batch(8)
dataset = dataset.shuffle(4)  # expect: TFP404
dataset = dataset.prefetch(1)
"""),
    Example(kind="pipeline", target="cpu", note="elementwise per-element map before batch; sequential interleave",
            code="""\
import tensorflow as tf

images = tf.data.Dataset.from_tensor_slices(tf.zeros([64, 8, 8, 3], tf.uint8))
dataset = images.map(lambda x: tf.cast(x, tf.float32) / 255.0, num_parallel_calls=tf.data.AUTOTUNE)  # expect: TFP404
dataset = dataset.batch(16, drop_remainder=True)
dataset = dataset.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)  # expect: TFP404
dataset = dataset.prefetch(1)
"""),
    Example(kind="pipeline", target="cpu", note="a stateless map TensorFlow parallelizes itself: info, saying so",
            code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(64).map(lambda x: x * x).prefetch(1)  # expect: TFP404
"""),
)

SEQUENTIAL_INVALID += (
    Example(kind="source", target="cpu", note="num_parallel_calls=None; a cache after a random augmentation", code="""\
import tensorflow as tf

def augment(image):
    return tf.image.random_flip_left_right(image)

def make(files):
    ds = tf.data.TFRecordDataset(files).map(len, num_parallel_calls=None)  # expect: TFP404
    ds = ds.map(augment, num_parallel_calls=tf.data.AUTOTUNE).cache()  # expect: TFP404
    return ds.batch(8).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="num_parallel_calls from a parameter that defaults to 1", code="""\
import tensorflow as tf

def flow(rows, batch_size, num_parallel_calls=1):
    ds = tf.data.Dataset.from_tensor_slices(rows).map(tf.math.cumsum, num_parallel_calls=num_parallel_calls)  # expect: TFP404
    return ds.batch(batch_size, drop_remainder=True).prefetch(1)
"""),
)

SEQUENTIAL_INVALID += (
    Example(kind="source", target="cpu", note="a helper's num_parallel_calls: AUTOTUNE by default, a caller passes 1",
            code="""\
import tensorflow as tf

def _parse_all(files, threads=tf.data.AUTOTUNE):
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=threads).prefetch(1)  # expect: TFP404

def train_data(files):
    return _parse_all(files, threads=1)

def eval_data(files):
    return _parse_all(files)
"""),
)

SEQUENTIAL_INVALID += (
    Example(kind="source", target="cpu", note="the same pad before batching: every element padded; a batch padded "
            "by a fixed amount", code="""\
import tensorflow as tf

def _pad_to(size):
    def _pad(element):
        return {k: tf.pad(v, [[0, size - tf.shape(v)[0]], [0, 0]]) for k, v in element.items()}
    return _pad

def make(files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    ds = ds.map(_pad_to(64))  # expect: TFP404
    ds = ds.batch(32, drop_remainder=True)
    ds = ds.map(lambda x: tf.pad(x, [[0, 0], [0, 8]]))  # expect: TFP404
    return ds.prefetch(1)
"""),
)

SEQUENTIAL_INVALID += (
    Example(kind="source", target="cpu", note="a map of a function the source does not show, named for a data "
            "augmentation (random draws: tf.data does not run it in parallel itself)", code="""\
import tensorflow as tf

def make(files, augmenter):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    ds = ds.map(augmenter)  # expect: TFP404
    return ds.batch(32, drop_remainder=True).prefetch(1)
"""),
)

SEQUENTIAL_INVALID += (
    Example(kind="source", target="cpu", note="options unpacked from a dict that does not give num_parallel_calls",
            code="""\
import tensorflow as tf

def chunks(files, split, block):
    options = {"block_length": block}
    ds = tf.data.Dataset.from_tensor_slices(files).interleave(split, **options)  # expect: TFP404
    return ds.batch(32, drop_remainder=True).prefetch(1)
"""),
)

SEQUENTIAL_VALID = (
    Example(kind="source", target="cpu", note="num_parallel_calls given by the dict of options unpacked into the "
            "call, whatever other key an old TensorFlow version deletes (set 63's lidbox)", code="""\
import tensorflow as tf

def chunks(files, split, block, old_tf):
    options = {"block_length": block, "num_parallel_calls": tf.data.AUTOTUNE, "deterministic": False}
    if old_tf:
        del options["deterministic"]
    ds = tf.data.Dataset.from_tensor_slices(files).interleave(split, **options)
    return ds.batch(32, drop_remainder=True).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="after batch, a map that pads only a partial last batch to the batch "
            "size (a pad of zero on every full batch: TensorFlow forwards it)", code="""\
import tensorflow as tf

def make(files, batch_size):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).batch(batch_size)

    def _pad_batch(size):
        def _pad_batch_func(batch):
            out = {}
            for name in list(batch):
                value = batch[name]
                shape = value.shape.as_list()
                paddings = [[0, 0] for _ in value.shape]
                paddings[0][1] = size - tf.shape(value)[0]
                value = tf.pad(value, paddings, constant_values=-1)
                shape[0] = size
                value.set_shape(shape)
                out[name] = value
            return out
        return _pad_batch_func

    ds = ds.map(_pad_batch(batch_size))
    return ds.prefetch(1)
"""),
    Example(kind="source", target="cpu", note="a helper's num_parallel_calls: 1 by default, AUTOTUNE from every caller",
            code="""\
import tensorflow as tf

def _parse_all(files, threads=1):
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=threads).prefetch(1)

def train_data(files, threads=tf.data.AUTOTUNE):
    return _parse_all(files, threads)

def eval_data(files):
    return _parse_all(files, threads=8)
"""),
    Example(kind="source", target="cpu", note="num_parallel_calls from a parameter: AUTOTUNE by default, or set "
                                               "when left out", code="""\
import tensorflow as tf

def flow(rows, batch_size, num_parallel_calls=tf.data.AUTOTUNE):
    ds = tf.data.Dataset.from_tensor_slices(rows).map(tf.math.cumsum, num_parallel_calls=num_parallel_calls)
    return ds.batch(batch_size, drop_remainder=True).prefetch(1)

def read(files, threads=None):
    if threads is None:
        threads = tf.data.AUTOTUNE
    return tf.data.TFRecordDataset(files).map(len, num_parallel_calls=threads).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="parallel map and interleave", code="""\
import tensorflow as tf

files = tf.data.Dataset.list_files("*.tfrecord")
ds = files.interleave(tf.data.TFRecordDataset, 4, 1, tf.data.AUTOTUNE)
ds = ds.map(parse, num_parallel_calls=tf.data.AUTOTUNE).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="cache before the augmentation", code="""\
import tensorflow as tf

def augment(image):
    return tf.image.random_flip_left_right(image)

def make(files):
    ds = tf.data.TFRecordDataset(files).cache()
    return ds.map(augment, num_parallel_calls=4).batch(8).prefetch(1)
"""),
    Example(kind="source", target="cpu", note="map on something that is not a dataset", code="""\
import tensorflow as tf

names = list(map(str, [1, 2]))
table = {"a": 1}.items()
"""),
    Example(kind="pipeline", target="cpu", note="cache, shuffle, parallel augmentation, then a vectorized map",
            code="""\
import tensorflow as tf

def augment(x):
    return tf.cast(x, tf.float32) + tf.random.uniform([])

dataset = tf.data.Dataset.range(64).cache()
dataset = dataset.shuffle(64).map(augment, num_parallel_calls=tf.data.AUTOTUNE)
dataset = dataset.batch(8).map(lambda x: x / 2.0, num_parallel_calls=tf.data.AUTOTUNE).prefetch(1)
"""),
)

DYNAMIC_SHAPE_INVALID = (
    Example(kind="source", target="gaudi2", note="the next map keeps the batch axis (a reduction over axis 1)",
            code="""\
import tensorflow as tf

def _pooled(frames):
    return tf.reduce_mean(frames, axis=1)

def make(files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    return ds.batch(32).map(_pooled, num_parallel_calls=4).prefetch(1)  # expect: TFP405

def mosaic(files, mosaic_mix):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    return ds.batch(32).map(mosaic_mix, num_parallel_calls=4).prefetch(1)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="a finite file list batched with its remainder", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4)
    return ds.batch(32).prefetch(tf.data.AUTOTUNE)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="a branch the training input takes", code="""\
import tensorflow as tf

def make(pattern, batch_size, is_training=True, rebatch=False):
    ds = tf.data.Dataset.list_files(pattern).interleave(tf.data.TFRecordDataset, num_parallel_calls=4)
    if rebatch:
        ds = ds.unbatch().batch(batch_size)  # expect: TFP405
    return ds.prefetch(1)

train = make("train*", 32, is_training=True, rebatch=True)
"""),
    Example(kind="source", target="gaudi2", note="padded to each batch's longest", code="""\
import tensorflow as tf

def make(lengths):
    ds = tf.data.Dataset.from_tensor_slices(lengths).repeat()
    return ds.padded_batch(8, drop_remainder=True).prefetch(2)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="ragged batches; drop_remainder True only on a TPU", code="""\
import tensorflow as tf

def make(files):
    is_tpu = len(tf.config.list_logical_devices("TPU")) > 0
    ds = tf.data.TFRecordDataset(files).apply(tf.data.experimental.dense_to_ragged_batch(8))  # expect: TFP405
    return ds.batch(4, drop_remainder=is_tpu).prefetch(1)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="drop_remainder True only with more than one replica (False on one "
            "device)", code="""\
import tensorflow as tf

class Trainer:
    def __init__(self, model, strategy=None):
        self.model, self.strategy = model, strategy

    def train(self, x, y, batch_size):
        drop_remainder = self.strategy is not None and self.strategy.num_replicas_in_sync > 1
        ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000)
        self.model.fit(ds.batch(batch_size, drop_remainder=drop_remainder).prefetch(1), epochs=3)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="a dataset wrapper's pipeline in self.data, counted by len() and "
            "iterated by __iter__", code="""\
import tensorflow as tf

class SimulationDataset:
    def __init__(self, arrays, batch_size):
        self.data = tf.data.Dataset.from_tensor_slices(tuple(arrays)).shuffle(1024).batch(batch_size)  # expect: TFP405
        self.num_batches = len(self.data)

    def __iter__(self):
        return iter(self.data.prefetch(1))
"""),
    Example(kind="source", target="gaudi2", note="the dataset a loading method stores on self, batched by the "
            "training method (ernie's `load_dataset` and `fine_tune`)", code="""\
import tensorflow as tf

class Classifier:
    def __init__(self, model):
        self._model = model

    def load_dataset(self, features, labels):
        self._training_features = tf.data.Dataset.from_tensor_slices((features, labels))
        self._training_size = len(labels)

    def fine_tune(self, epochs=4, batch_size=32):
        training = self._training_features.shuffle(self._training_size).batch(batch_size).repeat(-1)  # expect: TFP405
        self._model.fit(training.prefetch(1), epochs=epochs, steps_per_epoch=self._training_size // batch_size)
"""),
    Example(kind="pipeline", target="gaudi2", note="a last partial batch of 4", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32).prefetch(1)  # expect: TFP405
"""),
    Example(kind="pipeline", target="gaudi3", note="sequences padded to each batch's longest", code="""\
import tensorflow as tf

lengths = tf.data.Dataset.range(1, 49)
sequences = lengths.map(lambda n: tf.range(n), num_parallel_calls=tf.data.AUTOTUNE)
dataset = sequences.padded_batch(8, drop_remainder=True)  # expect: TFP405
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="a helper's drop_remainder: a caller passes False", code="""\
import tensorflow as tf

def _batched(files, drop):
    return tf.data.TFRecordDataset(files).batch(32, drop_remainder=drop).prefetch(1)  # expect: TFP405

def images(files):
    return _batched(files, drop=True)

def captions(files):
    return _batched(files, drop=False)
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="padded to the element's own shapes (TF1's output_shapes)", code="""\
import tensorflow as tf

def make(lengths):
    ds = tf.data.Dataset.from_tensor_slices(lengths).repeat()
    return ds.padded_batch(8, ds.output_shapes, drop_remainder=True).prefetch(2)  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="a transformation a helper returns, applied: padded_shapes None from "
            "its callers, then the element's own", code="""\
import tensorflow as tf

def _output_shapes(dataset):
    return tf.nest.map_structure(lambda spec: spec.shape, dataset.element_spec)

def _batch_dataset(batch_size, padded_shapes=None):
    return lambda dataset: dataset.padded_batch(  # expect: TFP405
        batch_size, padded_shapes=padded_shapes or _output_shapes(dataset), drop_remainder=True)

def training_pipeline(files):
    ds = tf.data.TFRecordDataset(files).repeat().map(parse, num_parallel_calls=4)
    return ds.apply(_batch_dataset(64)).prefetch(1)
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="a finite pipeline batched by a transformation function a factory "
            "returns (.apply)", code="""\
import tensorflow as tf

def make_batch(n):
    def _batch(dataset):
        return dataset.batch(n)  # expect: TFP405
    return _batch

def train(files, model):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    model.fit(ds.apply(make_batch(32)).prefetch(1))
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="a dataset parameter: a call of the project hands it a finite one",
            code="""\
import tensorflow as tf

def _batched(dataset, batch_size):
    return dataset.batch(batch_size).prefetch(1)  # expect: TFP405

def train(model, files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    model.fit(_batched(ds, 32), epochs=3, steps_per_epoch=100)
"""),
    Example(kind="source", target="gaudi2", note="a dataset parameter, iterated by a loop that runs until it ends",
            code="""\
import tensorflow as tf

def train(step, dataset, epochs):
    for _ in range(epochs):
        for images, labels in dataset.batch(64).prefetch(1):  # expect: TFP405
            step(images, labels)
"""),
    Example(kind="source", target="gaudi2", note="a dataset parameter, read whole by a comprehension", code="""\
import tensorflow as tf

def embed_all(encoder, dataset):
    return [encoder(texts) for texts in dataset.batch(64).prefetch(1)]  # expect: TFP405
"""),
    Example(kind="source", target="gaudi2", note="TensorFlow 1: a dataset parameter's iterator, run until "
            "OutOfRangeError", code="""\
import tensorflow as tf

def train(sess, train_op_fn, dataset):
    dataset = dataset.batch(32).prefetch(1)  # expect: TFP405
    iterator = tf.compat.v1.data.make_initializable_iterator(dataset)
    train_op = train_op_fn(*iterator.get_next())
    sess.run(iterator.initializer)
    while True:
        try:
            sess.run(train_op)
        except tf.errors.OutOfRangeError:
            break
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="a generator of the file that ends (its yield is in a for loop over "
            "the files)", code="""\
import tensorflow as tf

def _examples(paths):
    for path in paths:
        yield load(path)

def make(paths):
    ds = tf.data.Dataset.from_generator(lambda: _examples(paths), output_types=tf.float32)
    return ds.batch(32).prefetch(1)  # expect: TFP405
"""),
)

DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="a batching helper's padded_shapes built in a loop over the element "
            "spec with [None] per feature: each batch padded to its longest, whatever dataset it is handed or how "
            "drop_remainder is set", code="""\
import tensorflow as tf

def auto_batch(tf_dataset, batch_size, drop_remainder=False):
    shapes = {}
    for k, v in tf_dataset.element_spec.items():
        shapes[k] = [None] * len(v.shape.dims)
    return tf_dataset.padded_batch(batch_size, padded_shapes=shapes,  # expect: TFP405
                                   drop_remainder=drop_remainder).prefetch(1)
"""),
)
DYNAMIC_SHAPE_INVALID += (
    Example(kind="source", target="gaudi2", note="bucket_by_sequence_length without pad_to_bucket_boundary: each "
            "batch padded to its own longest element, even on a repeated input with drop_remainder", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    ds = ds.bucket_by_sequence_length(  # expect: TFP405
        lambda x: tf.shape(x)[0], [16, 32, 64], [64, 32, 16, 8], drop_remainder=True)
    return ds.prefetch(1)
"""),
)
DYNAMIC_SHAPE_VALID = (
    Example(kind="source", target="gaudi2", note="padded_shapes built in a loop with a fixed length per feature, "
            "batches of a repeated input with drop_remainder", code="""\
import tensorflow as tf

def auto_batch(tf_dataset, batch_size, length=128):
    shapes = {}
    for k, v in tf_dataset.element_spec.items():
        shapes[k] = [length] * len(v.shape.dims)
    return tf_dataset.repeat().padded_batch(batch_size, padded_shapes=shapes, drop_remainder=True).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="each batch merged into one element by the next map (its name says "
            "so, or every return reduces over axis 0): the batch's size never reaches the device", code="""\
import tensorflow as tf

def _mean_pair(audio, labels):
    return tf.math.reduce_mean(audio, axis=0), {"notes": tf.reduce_max(labels["notes"], axis=0)}

def make(files, combine_pairs):
    pairs = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4)
    mixed = pairs.batch(2).map(_mean_pair, num_parallel_calls=4)
    spliced = pairs.padded_batch(4, padded_shapes=pairs.output_shapes).map(combine_pairs)
    return mixed.concatenate(spliced).repeat().batch(32, drop_remainder=True).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="fixed shapes computed from the element's spec (not its own shapes)",
            code="""\
import tensorflow as tf

def _fixed_shapes(spec, length):
    return tf.nest.map_structure(lambda s: [length] * s.shape.rank, spec)

def training_pipeline(files):
    ds = tf.data.TFRecordDataset(files).repeat().map(parse, num_parallel_calls=4)
    return ds.padded_batch(64, padded_shapes=_fixed_shapes(ds.element_spec, 128), drop_remainder=True).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="a helper's drop_remainder: True from every caller", code="""\
import tensorflow as tf

def _batched(files, drop=False):
    return tf.data.TFRecordDataset(files).batch(32, drop_remainder=drop).prefetch(1)

def train_data(files):
    return _batched(files, drop=True)

def eval_data(files):
    return _batched(files, True)
"""),
    Example(kind="source", target="gaudi2", note="drop_remainder, an endless input, a multiple of the batch", code="""\
import tensorflow as tf

def make(files):
    a = tf.data.TFRecordDataset(files).batch(32, drop_remainder=True).prefetch(1)
    b = tf.data.TFRecordDataset(files).repeat().batch(32).prefetch(1)
    c = tf.data.Dataset.range(96).batch(32).prefetch(1)
    return a, b, c
"""),
    Example(kind="source", target="h100", note="a GPU without XLA runs any shape", code="""\
import tensorflow as tf

def make(files):
    return tf.data.TFRecordDataset(files).batch(32).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="a generator that never ends (its yield is in a while loop)",
            code="""\
import tensorflow as tf

def _stream(paths):
    while True:
        for path in paths:
            yield load(path)

def make(paths):
    ds = tf.data.Dataset.from_generator(lambda: _stream(paths), output_types=tf.float32)
    return ds.batch(32).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="a dataset parameter every call hands an endless (repeated) one",
            code="""\
import tensorflow as tf

def _batched(dataset, batch_size):
    return dataset.batch(batch_size).prefetch(1)

def train(model, files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    model.fit(_batched(ds, 32), epochs=3, steps_per_epoch=100)
"""),
    Example(kind="source", target="gaudi2", note="batches of one (around a map that wants a batch): none is partial",
            code="""\
import tensorflow as tf

def embed(files, embedder):
    ds = tf.data.TFRecordDataset(files).batch(batch_size=1)
    ds = ds.map(embedder, num_parallel_calls=tf.data.AUTOTUNE).unbatch()
    ds = ds.apply(tf.data.experimental.map_and_batch(embedder, 1))
    return ds.batch(32, drop_remainder=True).prefetch(1)
"""),
    Example(kind="source", target="gaudi2", note="a pipeline in self.data counted by len(), then repeated and batched",
            code="""\
import tensorflow as tf

class SimulationDataset:
    def __init__(self, arrays, batch_size):
        self.data = tf.data.Dataset.from_tensor_slices(tuple(arrays)).shuffle(1024)
        self.num_examples = len(self.data)
        self.data = self.data.repeat().batch(batch_size)

    def __iter__(self):
        return iter(self.data.prefetch(1))
"""),
    Example(kind="source", target="gaudi2", note="drop_remainder True only with several replicas, on an endless input",
            code="""\
import tensorflow as tf

def make(x, y, strategy, batch_size):
    several = strategy.num_replicas_in_sync > 1
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).repeat()
    return ds.batch(batch_size, drop_remainder=several).prefetch(1)
"""),
    Example(kind="pipeline", target="gaudi2", note="drop_remainder, an endless input, a multiple of the batch", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32, drop_remainder=True)
dataset = dataset.concatenate(tf.data.Dataset.range(100).repeat().batch(32))
dataset = dataset.concatenate(tf.data.Dataset.range(96).batch(32)).prefetch(1)
"""),
    Example(kind="pipeline", target="gaudi2", note="padded to a fixed length", code="""\
import tensorflow as tf

sequences = tf.data.Dataset.range(1, 49).map(lambda n: tf.range(n), num_parallel_calls=tf.data.AUTOTUNE)
dataset = sequences.padded_batch(8, padded_shapes=[64], drop_remainder=True)
"""),
    Example(kind="pipeline", target="h100", note="a GPU without XLA runs any shape", code="""\
import tensorflow as tf

dataset = tf.data.Dataset.range(100).batch(32)
"""),
)

DYNAMIC_SHAPE_VALID += (
    Example(kind="source", target="gaudi2", note="bucket_by_sequence_length padded to the bucket boundaries, on a "
            "repeated input with drop_remainder: one shape per bucket", code="""\
import tensorflow as tf

def make(files):
    ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=4).repeat()
    ds = ds.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [16, 32, 64], [64, 32, 16, 8],
                                      pad_to_bucket_boundary=True, drop_remainder=True)
    return ds.prefetch(1)
"""),
)
