"""Held-out sets 19 and 20: TensorFlow 1's contrib TPUEstimator (TFP502), L2 strengths a loop takes from a
sequence parameter the function fills with Nones (TFP301), and the pipeline forms of TFP401/403/404/405 below."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def found(code: str, select: str, path: str = "model.py", target: str = "gaudi2") -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=[select])]


def messages(code: str, select: str, path: str = "model.py") -> list[str]:
    return [f.message for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=[select])]


# --- TFP502: tf.contrib.tpu.TPUEstimator -----------------------------------------------------------------------

def test_contrib_tpu_estimator_without_tpu_is_an_estimator():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def build(model_fn, config):
        return contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)
    """
    assert found(code, "TFP502") == [(4, "warning")]


def test_tf_contrib_tpu_estimator_spelled_through_tf():
    code = """\
    import tensorflow as tf

    def build(model_fn, config):
        return tf.contrib.tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=False)
    """
    assert found(code, "TFP502") == [(4, "warning")]


def test_contrib_tpu_estimator_subclass_is_info():
    code = """\
    import tensorflow as tf

    class MyEstimator(tf.contrib.tpu.TPUEstimator):
        pass
    """
    assert found(code, "TFP502") == [(3, "info")]


def test_contrib_tpu_estimator_on_tpu_or_a_flag_is_not_reported():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def build(model_fn, config, use_tpu):
        a = contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=True)
        return a, contrib_tpu.TPUEstimator(model_fn=model_fn, config=config, use_tpu=use_tpu)
    """
    assert found(code, "TFP502") == []


def test_contrib_tpu_estimator_spec_is_not_an_estimator():
    code = """\
    from tensorflow.contrib import tpu as contrib_tpu

    def model_fn(features, labels, mode, params):
        return contrib_tpu.TPUEstimatorSpec(mode=mode, loss=features)
    """
    assert found(code, "TFP502") == []


# --- TFP301: a strength a loop takes from a sequence parameter ----------------------------------------------------

MLP = """\
import tensorflow as tf


def mlp_layers(fc_layer_params, dropout_layer_params=None, weight_decay_params=None):
    layers = []
    if dropout_layer_params is None:
        dropout_layer_params = [None] * len(fc_layer_params)
    if weight_decay_params is None:
        weight_decay_params = [None] * len(fc_layer_params)
    for {target} in {iterable}:
        kernel_regularizer = None
        {gate}kernel_regularizer = tf.keras.regularizers.l2(weight_decay)
        layers.append(tf.keras.layers.Dense(num_units, kernel_regularizer=kernel_regularizer))
    return layers


def net():
    return tf.keras.Sequential(mlp_layers((256, 256){passed}))
"""


def mlp(target="num_units, dropout, weight_decay",
        iterable="zip(fc_layer_params, dropout_layer_params, weight_decay_params)",
        gate="if weight_decay is not None:\n            ", passed=""):
    return MLP.format(target=target, iterable=iterable, gate=gate, passed=passed)


def test_a_guarded_strength_from_a_none_filled_sequence_builds_nothing_by_default():
    assert found(mlp(), "TFP301") == []


def test_the_same_under_enumerate():
    code = mlp(target="i, (num_units, dropout, weight_decay)",
               iterable="enumerate(zip(fc_layer_params, dropout_layer_params, weight_decay_params))")
    assert found(code, "TFP301") == []


def test_a_sequence_the_caller_passes_keeps_the_warning():
    assert found(mlp(passed=", weight_decay_params=[1e-4, 1e-4]"), "TFP301") == [(13, "warning")]


def test_an_unguarded_keras_l2_of_none_elements_keeps_the_warning():
    code = mlp(gate="")
    assert found(code, "TFP301") == [(12, "warning")]
    assert "as a strength of 0.01" in messages(code, "TFP301")[0]


def test_a_sequence_reassigned_to_something_else_is_not_followed():
    code = mlp().replace("weight_decay_params = [None] * len(fc_layer_params)",
                         "weight_decay_params = [1e-4] * len(fc_layer_params)")
    assert found(code, "TFP301") == [(13, "warning")]


def test_the_none_message_is_not_said_where_a_guard_turns_none_away():
    code = """\
    import tensorflow as tf


    def dense_layers(units, sizes=None):
        out = []
        if sizes is not None:
            for weight_decay in decays_of(units):
                out.append(tf.keras.layers.Dense(units, kernel_regularizer=tf.keras.regularizers.l2(weight_decay)))
        return out


    def net():
        return tf.keras.Sequential(dense_layers(8, sizes=(1,)) + dense_layers(8))
    """
    said = messages(code, "TFP301")
    assert said and not any("0.01" in m for m in said)


def test_an_unguarded_none_strength_still_says_how_keras_reads_it():
    code = """\
    import tensorflow as tf


    def dense(units, sizes=None, weight_decay=None):
        reg = None
        if sizes is not None:
            reg = tf.keras.regularizers.l2(weight_decay)
        return tf.keras.layers.Dense(units, kernel_regularizer=reg)


    def net():
        return tf.keras.Sequential([dense(8, sizes=(1,)), dense(8)])
    """
    assert any("as a strength of 0.01" in m for m in messages(code, "TFP301"))


# --- TFP401: TensorFlow 1 Estimator input; map_and_batch_with_legacy_function --------------------------------------

TF1_INPUT = """\
import tensorflow as tf
from tensorflow.contrib import data as contrib_data


def input_fn_builder(files, is_training):
    def input_fn(params):
        d = tf.data.TFRecordDataset(files)
        if is_training:
            d = d.repeat()
        d = {last}
        return d
    return input_fn


def main(_):
    tf.logging.set_verbosity(tf.logging.INFO)
    estimator = tf.estimator.Estimator(model_fn=None)
    estimator.train(input_fn=input_fn_builder(["a"], True), max_steps=10)
"""


def test_tf1_input_an_estimator_takes_is_info():
    code = TF1_INPUT.format(last='d.batch(batch_size=params["batch_size"], drop_remainder=True)')
    assert found(code, "TFP401") == [(10, "info")]


def test_legacy_function_map_and_batch_is_an_asynchronous_last_stage():
    last = ('d.apply(tf.data.experimental.map_and_batch_with_legacy_function(lambda r: r, batch_size=8, '
            'num_parallel_batches=4, drop_remainder=True))')
    code = TF1_INPUT.format(last=last)
    assert found(code, "TFP401") == [(10, "info")]
    assert "asynchronous" in messages(code, "TFP401")[0]


def test_tf1_input_a_keras_fit_takes_keeps_the_warning():
    code = """\
    import tensorflow as tf


    def train(model, files):
        tf.logging.set_verbosity(tf.logging.INFO)
        d = tf.data.TFRecordDataset(files).shuffle(100).batch(32, drop_remainder=True)
        model.fit(d, epochs=3)
    """
    assert found(code, "TFP401", target="cpu") == [(6, "warning")]
    # Gaudi runs TensorFlow 2 only: ported, the pipeline gets the prefetch TensorFlow >= 2.12 injects
    assert found(code, "TFP401") == [(6, "info")]


def test_legacy_function_map_and_batch_without_drop_remainder_is_a_dynamic_batch():
    code = """\
    import tensorflow as tf


    def train(model, files):
        d = tf.data.TFRecordDataset(files)
        d = d.apply(tf.data.experimental.map_and_batch_with_legacy_function(parse, 32, num_parallel_batches=4))
        model.fit(d.prefetch(2), epochs=3)

    from records import parse
    """
    assert found(code, "TFP405") == [(6, "warning")]


# --- TFP405 (and the other pipeline rules): a pipeline read once with get_single_element -------------------------

def test_a_pipeline_read_for_its_single_element_is_no_training_stream():
    code = """\
    import tensorflow as tf


    def gather_all(values, n):
        ds = tf.data.Dataset.from_tensor_slices(values).batch(10 + 2 * n).batch(1)
        return tf.data.experimental.get_single_element(ds.take(1))


    def gather_all_method(values, n):
        return tf.data.Dataset.from_tensor_slices(values).shuffle(8).batch(10 + 2 * n).get_single_element()
    """
    assert found(code, "TFP405") == [(5, "info"), (10, "info")]


def test_the_same_batches_iterated_by_a_training_loop_keep_the_warning():
    code = """\
    import tensorflow as tf


    def train(model, values, n):
        ds = tf.data.Dataset.from_tensor_slices(values).batch(10 + 2 * n).prefetch(2)
        for x in ds:
            model.train_on_batch(x)
    """
    assert found(code, "TFP405") == [(5, "warning")]


# --- TFP404: a flag set only in an evaluation branch -----------------------------------------------------------------

CREATOR = """\
import tensorflow as tf


def get_dataset_creator(dataset_str, pattern):
    if {test}:
        shuffle = True
    else:
        {eval_line}
        shuffle = False

    def _dataset_creator():
        dataset = tf.data.Dataset.list_files(pattern, shuffle=shuffle).repeat()
        if shuffle:
            dataset = dataset.shuffle(64).map(lambda f: tf.io.decode_raw(tf.io.read_file(f), tf.uint8), num_parallel_calls=8)
        else:
            dataset = dataset.map(lambda f: tf.image.random_flip_left_right(tf.io.decode_png(tf.io.read_file(f))))
        return dataset.batch(8, drop_remainder=True).prefetch(2)

    return _dataset_creator


def train(model, pattern):
    model.fit(get_dataset_creator("train", pattern)(), epochs=2)
"""


def test_a_map_under_a_flag_set_false_only_beside_an_eval_assert_is_eval():
    code = CREATOR.format(test='dataset_str == "train"', eval_line='assert dataset_str == "eval"')
    assert found(code, "TFP404") == [(16, "info")]
    assert "evaluation code" in messages(code, "TFP404")[0]


def test_a_map_under_a_flag_set_false_only_in_the_else_of_a_training_mode_test_is_eval():
    code = CREATOR.format(test='mode == "train"', eval_line="pass").replace("dataset_str", "mode")
    assert found(code, "TFP404") == [(16, "info")]


def test_a_flag_false_in_a_branch_that_says_nothing_keeps_the_warning():
    code = CREATOR.format(test="len(pattern) > 1", eval_line="pass")
    assert found(code, "TFP404") == [(16, "warning")]


# --- TFP403: a loop over a pipeline with no prefetch at all ----------------------------------------------------------

def test_get_next_in_a_loop_pulls_from_a_pipeline_without_prefetch():
    code = """\
    def train(agent, replay_buffer, steps):
        dataset_it = iter(replay_buffer.as_dataset(sample_batch_size=8, num_steps=2))
        for _ in range(steps):
            experience, _ = dataset_it.get_next()
            agent.train(experience)
    """
    assert found(code, "TFP403") == [(2, "info")]


def test_a_loop_that_only_reads_the_batches_is_left_alone():
    code = """\
    import tensorflow as tf


    def write_records(dataset, path):
        with tf.io.TFRecordWriter(path) as writer:
            for record in tf.data.TFRecordDataset(dataset).map(lambda r: r):
                writer.write(record.numpy())
    """
    assert found(code, "TFP403") == []


def test_a_training_loop_in_a_test_is_left_alone():
    code = """\
    def test_train(agent, replay_buffer):
        it = iter(replay_buffer.as_dataset(sample_batch_size=8))
        for _ in range(3):
            agent.train(next(it))
    """
    assert found(code, "TFP403", path="agent_test.py") == []


def test_one_look_at_a_batch_is_no_loop():
    code = """\
    def peek(replay_buffer):
        it = iter(replay_buffer.as_dataset(sample_batch_size=8))
        return next(it)
    """
    assert found(code, "TFP403") == []


def test_a_loop_over_a_pipeline_prefetched_to_the_device_is_fine():
    code = """\
    import tensorflow as tf


    def train(model, replay_buffer, steps):
        ds = replay_buffer.as_dataset(sample_batch_size=8).apply(tf.data.experimental.prefetch_to_device("/device:HPU:0"))
        it = iter(ds)
        while True:
            model.train_on_batch(next(it))
    """
    assert found(code, "TFP403") == []
