"""General forms of the open sets' precision round (issue 11, branch prec10), each with the look-alike
that stays a warning."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str, select=("TFP101",), target="gaudi2", path="model.py"):
    return [(f.source.line, f.code, f.severity.value, f.message)
            for f in lint_text(textwrap.dedent(code), path, target=target, select=list(select))]


def test_a_transpose_of_categorical_draws_is_a_batch_of_indices_info():
    code = """\
    import tensorflow as tf

    def categorical_sample(logits, n):
        draws = tf.random.categorical(logits, n, dtype=tf.int32)
        return tf.reshape(tf.transpose(draws), [-1])

    def multinomial_sample(logits, n):
        draws = tf.cast(tf.multinomial(logits, n), tf.int32)
        return tf.transpose(draws)

    def logits_moved(logits):
        scores = tf.nn.softmax(logits)
        return tf.transpose(scores)
    """
    found = [f[:3] for f in lint(code)]
    assert found == [(5, "TFP101", "info"), (9, "TFP101", "info"), (13, "TFP101", "warning")]
    assert "batch of indices" in lint(code)[0][3]


def test_a_branch_on_a_string_mode_off_training_is_off_the_step():
    code = """\
    import tensorflow as tf


    class Nade(object):
        def sample(self, b_dec):
            x = b_dec * 2.0
            return tf.transpose(x)

        def log_prob(self, x):
            y = x * 2.0
            return tf.transpose(y)


    class RnnNade(object):
        def __init__(self):
            self._nade = Nade()

        def sample_single(self, state):
            return self._nade.sample(state)

        def score(self, x):
            return self._nade.log_prob(x)


    def build_graph(mode, inputs):
        rnn_nade = RnnNade()
        if mode == 'train':
            loss = rnn_nade.score(inputs)
        elif mode == 'generate':
            samples = rnn_nade.sample_single(inputs)
    """
    found = lint(code)
    assert [f[:3] for f in found] == [(7, "TFP101", "info"), (11, "TFP101", "warning")]
    assert "inference-only" in found[0][3]


def test_text_error_rates_and_overlap_scores_are_evaluation_metrics():
    code = """\
    import tensorflow as tf

    def wer(decode, target):
        return tf.numpy_function(execute_wer, inp=[decode, target], Tout=[tf.float32, tf.float32])

    def compute_bleu(decode, target):
        return tf.py_function(execute_bleu, [decode, target], tf.float32)

    def lower_loss(decode, target):
        return tf.numpy_function(execute_loss, inp=[decode, target], Tout=tf.float32)

    from metrics import execute_bleu, execute_loss, execute_wer
    """
    assert [f[:3] for f in lint(code, select=("TFP501",))] == [(4, "TFP501", "info"), (7, "TFP501", "info"),
                                                                (10, "TFP501", "warning")]


def test_noise_of_the_elements_own_shape_is_light_map_work():
    code = """\
    import tensorflow as tf

    def noisy(ds):
        def _add_noise(x, y):
            return tf.random.normal(tf.shape(x), stddev=0.1) + x, y
        return ds.map(_add_noise)

    def augmented(ds):
        def _augment(x, y):
            return tf.image.random_flip_left_right(x + tf.random.normal(tf.shape(x))), y
        return ds.map(_augment)
    """
    assert [f[:3] for f in lint(code, select=("TFP404",))] == [(6, "TFP404", "info"), (11, "TFP404", "warning")]


def test_a_packages_transforms_modules_are_its_data_loaders_augmentations():
    code = """\
    import tensorflow as tf

    class ChannelShuffle:
        def __call__(self, img):
            return tf.transpose(tf.random.shuffle(tf.transpose(img, perm=[2, 0, 1])), perm=[1, 2, 0])
    """
    assert lint(code, path="doctr/transforms/modules/tensorflow.py") == []
    assert [f[:3] for f in lint(code, path="doctr/models/modules/tensorflow.py")] == [
        (5, "TFP101", "warning"), (5, "TFP101", "warning")]


def test_a_layers_documented_input_list_states_the_shapes_of_what_call_unpacks():
    code = '''\
    import tensorflow as tf


    class SequencePoolingLayer(tf.keras.layers.Layer):
        """Pools a variable-length sequence.

          Input shape
            - A list of two  tensor [seq_value,seq_len]

            - seq_value is a 3D tensor with shape: ``(batch_size, T, embedding_size)``

            - seq_len is a 2D tensor with shape : ``(batch_size, 1)``,indicate valid length of each sequence.
        """

        def call(self, seq_value_len_list, mask=None):
            uiseq_embed_list, user_behavior_length = seq_value_len_list
            mask = tf.sequence_mask(user_behavior_length, self.seq_len_max, dtype=tf.float32)
            mask = tf.transpose(mask, (0, 2, 1))
            return tf.transpose(uiseq_embed_list, (0, 2, 1)) * mask


    class Undocumented(tf.keras.layers.Layer):
        def call(self, seq_value_len_list, mask=None):
            uiseq_embed_list, user_behavior_length = seq_value_len_list
            mask = tf.sequence_mask(user_behavior_length, self.seq_len_max, dtype=tf.float32)
            return tf.transpose(mask, (0, 2, 1))
    '''
    found = lint(code)
    assert [f[:3] for f in found] == [(18, "TFP101", "info"), (19, "TFP101", "warning"), (26, "TFP101", "warning")]
    assert "the docstring states" in found[0][3]


def test_a_map_a_comment_says_is_sequential_on_purpose_is_info():
    code = """\
    import tensorflow as tf

    def reader(ds_index, fetch):
        def fetch_lf(i):
            return tf.py_function(fetch, [i], tf.uint8)

        # Create reader dataset.
        # Note: We don't parallelize here for thread safety.
        ds_reader = ds_index.map(fetch_lf)
        # Note: We map sequentially since imgaug gets slower with tf.data parallelism.
        augmented = ds_reader.map(fetch_lf)
        # Read each frame.
        return augmented.map(fetch_lf).prefetch(1)
    """
    found = lint(code, select=("TFP404",))
    assert [f[:3] for f in found] == [(9, "TFP404", "info"), (11, "TFP404", "info"), (13, "TFP404", "warning")]
    assert "sequential on purpose" in found[0][3]


def test_permute_dimensions_of_a_keras_backend_the_code_is_handed():
    code = """\
    def _gather_channels(x, indexes, **kwargs):
        backend = kwargs['backend']
        if backend.image_data_format() == 'channels_last':
            x = backend.permute_dimensions(x, (3, 0, 1, 2))
            x = backend.gather(x, indexes)
            x = backend.permute_dimensions(x, (1, 2, 3, 0))
        else:
            x = backend.permute_dimensions(x, (1, 0, 2, 3))
        return x

    def keeps_last(x, K):
        return K.permute_dimensions(x, (0, 2, 1, 3))

    def gather_channels(x, indexes, **kwargs):  # (a caller: the private helper is not dead code)
        return _gather_channels(x, indexes, **kwargs)
    """
    assert [f[:3] for f in lint(code)] == [(4, "TFP101", "warning"), (6, "TFP101", "warning")]
