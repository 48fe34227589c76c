"""Host input work reached through the project (TFP501): a Python callback in a function that only
tf.data map functions, an Apache Beam job or a TensorFlow 1 queue reader reach is input work on the
host, not a host round trip of the device's step; one that model code also reaches stays a warning.
Each form has an INVALID project (a warning) beside a VALID look-alike (nothing reported)."""

from __future__ import annotations

import textwrap

from conftest import write_tree as tree
from test_source_project import found

from tfperf.source import lint_paths, lint_text

CALLBACKS = """\
    import tensorflow as tf

    def to_spec(audio):
        return tf.py_func(lambda a: a, [audio], tf.float32)

    def preprocess(record, hparams):
        return to_spec(record)

    def parse(record):
        return tf.io.parse_tensor(record, tf.float32)
    """

PROVIDE = """\
        import functools
        import tensorflow as tf
        from pkg import data

        def provide(files, hparams, preprocessed):
            if preprocessed:
                fn = data.parse
            else:
                fn = functools.partial(data.preprocess, hparams=hparams)
            return tf.data.TFRecordDataset(files).map(fn, num_parallel_calls=4)
        """


def lint(code: str, select=("TFP501",)):
    return [(f.source.line, f.code, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=select)]


def test_a_callback_reached_only_through_a_partial_held_in_either_branch_is_host_work(tmp_path):
    """`fn = partial(preprocess, ...)` in one branch, `fn = parse` in the other, then `.map(fn)`:
    each function the variable may hold is the map's, and what they call runs in the pipeline."""
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": CALLBACKS, "pkg/input.py": PROVIDE})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP501") == []


def test_a_callback_the_model_also_reaches_stays_a_warning(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": CALLBACKS, "pkg/input.py": PROVIDE + """
        def model(audio):
            return tf.reduce_sum(data.to_spec(audio))
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP501") == [
        ("data.py", 4, "TFP501", "warning")]


def test_only_the_binding_that_reaches_the_map_is_followed():
    """A binding replaced on every path before the map is not the map's function."""
    code = """\
    import tensorflow as tf

    def augment(x):
        return tf.py_function(lambda a: a, [x], tf.float32)

    def parse(x):
        return x

    def provide(ds):
        fn = augment
        fn = parse
        return ds.map(fn, num_parallel_calls=4)
    """
    assert lint(code) == [(4, "TFP501", "warning")]
    assert lint(code.replace("    fn = parse\n", "    if ds:\n            fn = parse\n")) == []


def test_a_callback_under_do_not_convert_and_partial_is_host_work():
    code = """\
    import functools
    import tensorflow as tf

    def convert(item, converter):
        return tf.py_function(converter, [item], tf.float32)

    def get_dataset(ds, converter):
        return ds.map(tf.autograph.experimental.do_not_convert(functools.partial(convert, converter=converter)),
                      num_parallel_calls=4)
    """
    assert lint(code) == []
    assert lint(code.replace("ds.map(", "ds.reduce(")) == [(5, "TFP501", "warning")]


def test_a_method_of_an_object_the_file_does_not_show_is_the_one_method_of_that_name():
    code = """\
    import tensorflow as tf

    class Augmenter:
        def tf_augment(self, x):
            return tf.py_function(lambda a: a, [x], tf.string)

    def get_dataset(ds, config):
        augmenter = config.augmenter
        return ds.map(augmenter.tf_augment, num_parallel_calls=4)
    """
    assert lint(code) == []
    two = textwrap.dedent(code).replace("def get_dataset", "class Other:\n    def tf_augment(self, x):\n        return x\n\ndef get_dataset")
    assert lint(two) == [(5, "TFP501", "warning")], "two methods of that name: which one is mapped is not shown"


def test_a_callback_a_beam_job_runs_is_not_the_device_step(tmp_path):
    """A function handed to an Apache Beam transform, and a parameter given to one (its callers'
    function runs there), run in the Beam job's workers."""
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": CALLBACKS, "pkg/create.py": """\
        import apache_beam as beam
        import tensorflow as tf
        from pkg import data

        def process(example, preprocess_fn, hparams):
            return preprocess_fn(example, hparams)

        def pipeline(preprocess_fn, hparams):
            p = beam.Pipeline()
            return p | beam.Map(process, preprocess_fn, hparams)

        def main():
            pipeline(data.preprocess, None)
        """, "pkg/input.py": """\
        import functools
        import tensorflow as tf
        from pkg import data

        def provide(files, hparams):
            return tf.data.TFRecordDataset(files).map(functools.partial(data.preprocess, hparams=hparams),
                                                      num_parallel_calls=4)
        """})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP501") == []
    # the same parameter also returned to the caller: it may run anywhere, so the callback is a warning
    (tmp_path / "pkg/create.py").write_text((tmp_path / "pkg/create.py").read_text().replace(
        "return p | beam.Map(process, preprocess_fn, hparams)", "return p | beam.Map(process, preprocess_fn, hparams), preprocess_fn"))
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1), "TFP501") == [
        ("data.py", 4, "TFP501", "warning")]


QUEUE_READER = """\
import tensorflow.compat.v1 as tf

def specgram(audio):
    return tf.py_func(lambda a: a, [audio], tf.float32)

def get_batch(reader, queue, batch_size):
    _, serialized = reader.read(queue)
    audio = tf.parse_single_example(serialized, {"audio": tf.FixedLenFeature([64000], tf.float32)})["audio"]
    spec = specgram(audio)
    spec = tf.reshape(spec, [1, 256, 256, 1])
    return tf.train.shuffle_batch([spec], batch_size, capacity=100, min_after_dequeue=10)
"""


def test_a_callback_feeding_a_tf1_batching_queue_is_host_input_work():
    """The queue runners' threads run what feeds `tf.train.shuffle_batch` on the host, ahead of the step."""
    assert lint(QUEUE_READER) == []


def test_a_callback_on_the_batches_a_queue_gives_is_the_steps():
    """After the queue, the same callback reads the dequeued batch in the step: a warning."""
    code = QUEUE_READER.replace("    spec = specgram(audio)\n", "").replace(
        "tf.reshape(spec,", "tf.reshape(audio,").replace(
        "    return tf.train.shuffle_batch([spec], batch_size, capacity=100, min_after_dequeue=10)",
        "    spec = tf.train.shuffle_batch([spec], batch_size, capacity=100, min_after_dequeue=10)\n"
        "    return specgram(spec)")
    assert lint(code) == [(4, "TFP501", "warning")]


# --- TFP404: what the map's function holds, through partials, branches and Python callbacks


def maps(code: str, version: str = "2.21"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), "input.py", target="gaudi2", select=["TFP404"], tensorflow_version=version)]


PARTIAL_MAP = """\
import functools
import tensorflow as tf

def wav_to_spec(wav):
    return tf.py_func(lambda w: w, [wav], tf.float32)

def preprocess(record, hparams):
    return wav_to_spec(tf.io.parse_tensor(record, tf.float32))

def parse(record):
    return tf.io.parse_tensor(record, tf.float32)

def provide(files, hparams):
    ds = tf.data.TFRecordDataset(files).map(functools.partial(preprocess, hparams=hparams))
    return ds.prefetch(2)
"""


def test_a_partial_of_a_stateful_function_is_read_through():
    """tf.py_func is stateful by default: tf.data does not run the map in parallel itself."""
    assert maps(PARTIAL_MAP) == [(14, "warning", ".map() without num_parallel_calls runs on one host core: its "
                                 "function holds state (tf.py_func() in wav_to_spec()), so tf.data does not run "
                                 "it in parallel itself")]
    stateless = maps(PARTIAL_MAP.replace("partial(preprocess,", "partial(parse,").replace(", hparams=hparams)", ")"))
    assert [(line, severity) for line, severity, _ in stateless] == [(14, "info")]
    assert "tf.data runs this stateless map in parallel itself" in stateless[0][2]


def test_every_function_a_variable_may_hold_is_read():
    chosen = PARTIAL_MAP.replace(
        "    ds = tf.data.TFRecordDataset(files).map(functools.partial(preprocess, hparams=hparams))\n",
        "    if hparams:\n        fn = functools.partial(preprocess, hparams=hparams)\n    else:\n        fn = parse\n"
        "    ds = tf.data.TFRecordDataset(files).map(fn)\n")
    assert [(line, severity) for line, severity, _ in maps(chosen)] == [(18, "warning")]
    both_stateless = chosen.replace("functools.partial(preprocess, hparams=hparams)", "parse")
    assert [(line, severity) for line, severity, _ in maps(both_stateless)] == [(18, "info")]


def test_a_callback_declared_stateless_holds_the_gil_not_state():
    """`tf.py_func(..., stateful=False)` builds PyFuncStateless: tf.data may run it in parallel, but its
    Python body holds the GIL. Before TensorFlow 2.7 no map runs in parallel by itself."""
    code = PARTIAL_MAP.replace("tf.py_func(lambda w: w, [wav], tf.float32)",
                               "tf.py_func(lambda w: w, [wav], tf.float32, stateful=False)")
    assert maps(code) == [(14, "warning", ".map() without num_parallel_calls: its function runs Python "
                           "(tf.py_func(..., stateful=False)): declared stateless, so tf.data may run it in parallel "
                           "itself, but the Python body holds the GIL, so its calls mostly take turns on the host")]
    (finding,) = lint_text(code, "input.py", select=["TFP404"], tensorflow_version="2.21")
    assert finding.fix.description == ("write the Python function's work in TensorFlow ops, so that the map's calls "
                                       "run in parallel (num_parallel_calls alone gains only while the Python code "
                                       "releases the GIL)")
    assert "TensorFlow 2.6 (the tensorflow-version setting) does not run a map in parallel itself" in \
        maps(code, "2.6")[0][2]
    positional = code.replace("tf.float32, stateful=False)", "tf.float32, False)")
    assert maps(positional)[0][2] == maps(code)[0][2], "stateful given by position"


def test_a_callback_only_in_the_evaluation_branch_is_not_traced_for_training():
    code = """\
    import tensorflow as tf

    def to_model_input(record, is_training):
        x = tf.io.parse_tensor(record, tf.float32)
        if is_training:
            return x
        else:
            return tf.py_func(lambda a: a, [x], tf.float32)

    def provide(files, is_training):
        return tf.data.TFRecordDataset(files).map(lambda r: to_model_input(r, is_training)).prefetch(2)
    """
    assert [(line, severity) for line, severity, _ in maps(code)] == [(11, "info")]
    in_training = code.replace("if is_training:", "if not is_training:")
    assert [(line, severity) for line, severity, _ in maps(in_training)] == [(11, "warning")]


RANDOM_CROP = """\
import tensorflow as tf

def load(files, seq_len):
    def _random_crop(sequence, seq_len):
        start_max = tf.maximum(tf.shape(sequence)[0] - seq_len, 0)
        start = tf.random.uniform([], maxval=start_max + 1, dtype=tf.int32)
        return sequence[start:start + seq_len]

    ds = tf.data.TFRecordDataset(files)
    ds = ds.map(lambda s, n: (s, _random_crop(n, seq_len)))
    return ds.prefetch(2)
"""


def test_a_random_crop_offset_is_no_work_worth_a_thread():
    """One random scalar (a literal [] shape) and a slice: the map only selects."""
    assert maps(RANDOM_CROP) == []
    noise = RANDOM_CROP.replace("return sequence[start:start + seq_len]",
                                "return sequence[start:start + seq_len] + tf.random.uniform(tf.shape(sequence))")
    # noise as large as the element: elementwise work like a cast or an add (LIGHT), so info that says parallel
    # calls pay only if the elements are large (prec10: set 6's map(_add_noise) of a 2-element sample)
    assert [(line, severity) for line, severity, _ in maps(noise)] == [(10, "info")], "noise as large as the element"


def test_a_keyword_only_map_function_is_judged_by_what_the_file_passes():
    code = """\
    import tensorflow as tf

    def augment(x):
        return tf.image.random_flip_left_right(x)

    def build(files, *, fn):
        return tf.data.TFRecordDataset(files).map(fn).prefetch(2)

    def train(files):
        return build(files, fn=augment)
    """
    assert [(line, severity) for line, severity, _ in maps(code)] == [(7, "warning")]


# --- TFP501: a TF1 metric only summaries and collections record


METRIC_GRAPH = """\
import numpy as np
import tensorflow.compat.v1 as tf

def build(labels, logits, lengths):
    inputs = tf.placeholder(tf.float32, [None, 8])
    xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    num_steps = tf.py_func(lambda l, n: np.float32(n.sum()), [labels, lengths], tf.float32)
    loss = tf.reduce_mean(xent)
    loss_per_step = tf.reduce_sum(xent) / num_steps
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    tf.add_to_collection("train_op", train_op)
    metrics = {"loss": loss, "metrics/loss_per_step": loss_per_step, "metrics/perplexity": tf.exp(loss_per_step)}
    for name, value in metrics.items():
        tf.summary.scalar(name, value)
        tf.add_to_collection(name, value)
    return inputs
"""


def test_a_callback_only_summaries_and_collections_record_is_info():
    """TensorFlow 1 runs it only when a hook fetches the summary or the collection: the train op does not
    depend on it. The cost is unknown, so it is info and says why."""
    (finding,) = lint_text(METRIC_GRAPH, "graph.py", select=["TFP501"])
    assert (finding.source.line, finding.severity.value) == (7, "info")
    assert finding.message == ("tf.py_func runs Python on the host, but its value only feeds summaries and graph "
                               "collections here, not the training op: TensorFlow 1 runs it only when they are "
                               "fetched (summary and logging hooks, every few steps), which the source does not show")


def test_a_callback_the_training_op_may_read_stays_a_warning():
    trained = METRIC_GRAPH.replace(".minimize(loss)", ".minimize(loss + loss_per_step)")
    collected = METRIC_GRAPH.replace("tf.add_to_collection(name, value)",
                                     "tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, value)")
    returned = METRIC_GRAPH.replace("    return inputs", "    return inputs, metrics")
    traced = METRIC_GRAPH.replace("def build(", "@tf.function\ndef build(").replace(
        "    inputs = tf.placeholder(tf.float32, [None, 8])\n", "    inputs = None\n")
    for code in (trained, collected, returned, traced):
        assert [(f.source.line, f.severity.value) for f in lint_text(code, "graph.py", select=["TFP501"])] == \
            [(code.splitlines().index(next(l for l in code.splitlines() if "tf.py_func" in l)) + 1, "warning")]


def test_a_callback_that_detokenizes_is_inference():
    """Tokens back to text (a tokenizer's `_detokenize_tensor`, called from a prediction graph the source
    cannot resolve): no training step reads text, so info; the tokenizing twin stays a warning."""
    code = """\
    import tensorflow as tf

    class Tokenizer:
        def _detokenize_tensor(self, tokens):
            return tf.py_function(lambda t: t, [tokens], tf.string)

        def _tokenize_tensor(self, text):
            return tf.py_function(lambda t: t, [text], tf.string)
    """
    assert lint(code) == [(5, "TFP501", "info"), (8, "TFP501", "warning")]
