"""TFP601 forms from the eighteenth session's round (issue 11, the gaps fresh sets 27 and 28 showed), each with
look-alikes:

- the last axis written as the tensor's rank less one (`len(x.get_shape()) - 1`, `x.shape.rank - 1`, `tf.rank(x) -
  1`, `K.ndim(x) - 1`: Keras 2.0's backend spelling, copied into many projects' losses);
- a sum whose value reaches a loss: a `*loss*` attribute (`self.forward_loss = ...`, `self.loss += ...`, a TF1 model
  class's losses), also from the function the sum is in, not only from a helper's return;
- the rank of an embedding lookup (`tf.nn.embedding_lookup(table, ids)`: the ids' rank plus one, a vector per id), and
  of a parameter every call of its function in the file passes such a tensor for: `axis=1` of `[batch, dim]` scores.
"""

from __future__ import annotations

import pytest
from conftest import write_tree as tree
from test_source_project import found
from test_source_sum_sizes import reported_lines  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths

KERAS2 = """\
import tensorflow as tf
from tensorflow.keras import backend as K

def categorical_crossentropy(y_true, y_pred):
    y_pred /= tf.reduce_sum(y_pred, {axis}, True)
    return -tf.reduce_sum(y_true * tf.math.log(y_pred), {axis})
"""


@pytest.mark.parametrize("axis", ["len(y_pred.get_shape()) - 1", "len(y_pred.shape) - 1", "y_pred.shape.rank - 1",
                                  "y_pred.get_shape().ndims - 1", "tf.rank(y_pred) - 1", "K.ndim(y_pred) - 1"])
def test_the_rank_less_one_is_the_last_axis(axis):
    assert reported_lines(KERAS2.format(axis=axis), "losses.py") == [5, 6]


def test_the_rank_less_one_through_a_name():
    code = """\
import tensorflow as tf

def cross_entropy(y_true, y_pred):
    last = len(y_pred.shape) - 1
    return -tf.reduce_sum(y_true * tf.math.log(y_pred), axis=last)
"""
    assert reported_lines(code, "losses.py") == [5]


@pytest.mark.parametrize("axis", ["len(y_pred.get_shape()) - 2", "len(mask.shape) - 1", "len(y_pred.shape) + 1"])
def test_another_axis_or_another_tensors_rank_is_not_read_as_the_last(axis):
    code = """\
import tensorflow as tf

def categorical_crossentropy(y_true, y_pred, mask):
    return -tf.reduce_sum(y_true * tf.math.log(y_pred), {axis})
""".format(axis=axis)
    assert reported_lines(code, "losses.py") == []


def test_a_vector_s_rank_less_one_is_its_only_axis():
    code = """\
import tensorflow as tf

def weighted_loss(per_sample, w):
    per_sample = tf.reshape(per_sample * w, [-1])
    return tf.reduce_sum(per_sample, len(per_sample.shape) - 1)
"""
    assert reported_lines(code, "losses.py") == []


MODEL = """\
import tensorflow as tf

class Curiosity:
    def create_forward_model(self, predicted, encoded_next):
        squared = 0.5 * tf.reduce_sum(tf.squared_difference(predicted, encoded_next), axis=-1)
        self.intrinsic_reward = squared
        self.{forward} = tf.reduce_mean(tf.dynamic_partition(squared, self.mask, 2)[1])

    def gradient_magnitude(self, grad):
        norm = tf.sqrt(tf.reduce_sum(grad ** 2, axis=-1) + 1e-8)
        return tf.reduce_mean(tf.pow(norm - 1, 2))

    def create_loss(self, grad):
        self.{total} = tf.reduce_mean(grad)
        self.{total} += 10.0 * self.gradient_magnitude(grad)
        return self.optimizer.minimize(self.{total})
"""


def test_a_sum_that_reaches_a_loss_attribute():
    """A TF1 model class's losses held in attributes: the forward model's error averaged into `self.forward_loss`
    (through `dynamic_partition`), a gradient penalty a method returns that `self.loss +=` adds."""
    assert reported_lines(MODEL.format(forward="forward_loss", total="loss"), "model.py") == [5, 10]


def test_attributes_no_loss_word_names_keep_the_sums_out():
    assert reported_lines(MODEL.format(forward="forward_error", total="objective"), "model.py") == []


def test_a_sum_whose_value_reaches_a_loss_name_in_its_own_function():
    code = """\
import tensorflow as tf

def build(pred, target):
    distance = tf.reduce_sum(tf.square(pred - target), axis=-1)
    total_loss = tf.reduce_mean(distance)
    return total_loss

def nearest(codes, x):
    distance = tf.reduce_sum(tf.square(codes - x), axis=-1)
    index = tf.argmin(distance)
    commitment_loss = tf.reduce_mean(tf.gather(codes, index))
    return commitment_loss
"""
    assert reported_lines(code, "model.py") == [4]  # (not through argmin: an index, no gradient)


LIGHTGCN = """\
import tensorflow as tf

class LightGCN:
    def __init__(self, table):
        self.users = tf.compat.v1.placeholder(tf.int32, shape={ids})
        self.items = tf.compat.v1.placeholder(tf.int32, shape={ids})
        self.user_embeddings = tf.nn.embedding_lookup(params=table, ids=self.users)
        self.item_embeddings = tf.nn.embedding_lookup(params=table, ids=self.items)
        self.mf_loss = self._create_bpr_loss(self.user_embeddings, self.item_embeddings)

    def _create_bpr_loss(self, users, items):
        scores = tf.reduce_sum(tf.multiply(users, items), axis=1)
        return tf.reduce_mean(tf.nn.softplus(-scores))
"""


def test_axis_1_of_embeddings_looked_up_for_a_vector_of_ids():
    """BPR scores: the dot product of a user's and an item's embeddings, `[batch, dim]` rows (one vector of the table
    per id of a `[batch]` placeholder), passed by every call of the loss."""
    assert reported_lines(LIGHTGCN.format(ids="(None,)"), "model.py") == [12]


@pytest.mark.parametrize("ids", ["(None, 10)", "None"])
def test_embeddings_of_a_matrix_of_ids_or_of_ids_of_unknown_rank_are_not_2_d(ids):
    """`[batch, 10]` ids give `[batch, 10, dim]` embeddings: axis 1 is the history, not the last."""
    assert reported_lines(LIGHTGCN.format(ids=ids), "model.py") == []


def test_a_parameter_callers_pass_tensors_of_different_ranks_has_no_rank():
    code = LIGHTGCN.replace("        self.mf_loss = self._create_bpr_loss(self.user_embeddings, self.item_embeddings)",
                            "        self.mf_loss = self._create_bpr_loss(self.user_embeddings, self.item_embeddings)\n"
                            "        self.seq_loss = self._create_bpr_loss(tf.zeros([8, 10, 400]), tf.zeros([8, 10, 400]))")
    assert reported_lines(code.format(ids="(None,)"), "model.py") == []


DQN = """\
import tensorflow as tf

def build_train(q_values, ac_space, multi):
    n_actions = {count}
    actions = tf.compat.v1.placeholder(tf.int32, [None])
    q_selected = tf.reduce_sum(q_values * tf.one_hot(actions, n_actions), axis=1)
    td_error = q_selected - 1.0
    total_loss = tf.reduce_mean(tf.square(td_error))
    return total_loss
"""


def test_the_actions_of_a_multi_discrete_space_are_a_handful_too():
    """Gym's `MultiDiscrete.nvec` (the count of each sub-space's actions) beside `Discrete.n`."""
    assert reported_lines(DQN.format(count="ac_space.nvec if multi else ac_space.n"), "graph.py") == []
    assert reported_lines(DQN.format(count="ac_space.vocab if multi else ac_space.n"), "graph.py") == [6]


SCORER = """\
import tensorflow as tf

class Recommender(tf.keras.Model):
    def __init__(self, n, d):
        super().__init__()
        self.item_embedding_layer = tf.keras.layers.Embedding(n, d)
        self.dense = tf.keras.layers.Dense(1)

    def call(self, x, training):
        seq_emb = self.item_embedding_layer(x["seq"])
        pos_emb = self.item_embedding_layer(x["pos"])
        pos_logits = tf.reduce_sum(pos_emb * seq_emb, -1)
        pooled = tf.reduce_sum(seq_emb, -1)
        hidden = self.dense(pooled)
        pos_logits = tf.expand_dims(pos_logits, axis=-1)
        return pos_logits, hidden

    def loss_function(self, pos_logits, hidden):
        return tf.reduce_mean(pos_logits) + tf.reduce_mean(hidden)

    def train(self, dataset):
        loss_function = self.loss_function

        @tf.function
        def train_step(inp):
            with tf.GradientTape() as tape:
                pos_logits, hidden = self(inp, training=True)
                {use}
            return pos_logits
        for inp in dataset:
            train_step(inp)
"""


def test_the_scores_a_model_s_call_returns_to_its_own_training_loss():
    """The logits `call` returns (through elementwise ops and reshapes only), which the class's training step,
    calling the model (`self(inp)`), hands to its loss; not a sum more layers take (`pooled`, into a Dense)."""
    assert reported_lines(SCORER.format(use="loss = loss_function(pos_logits, hidden)"), "model.py") == [12]


def test_scores_a_training_step_only_predicts_with_are_no_loss():
    assert reported_lines(SCORER.format(use="predictions = tf.sigmoid(pos_logits)"), "model.py") == []


SUBCLASS = """\
import tensorflow as tf
from pkg.model import Recommender

class Personalized(Recommender):
    def call(self, x, training):
        seq_emb = self.item_embedding_layer(x["seq"])
        pos_emb = self.item_embedding_layer(x["pos"])
        pos_logits = tf.reduce_sum(pos_emb * seq_emb, -1)
        return pos_logits, seq_emb
"""


@pytest.mark.parametrize("use, reported", [("loss = loss_function(pos_logits, hidden)", True),
                                           ("predictions = tf.sigmoid(pos_logits)", False)])
def test_a_subclass_s_call_returns_its_scores_to_the_base_class_s_training_loss(tmp_path, use, reported):
    """The base class's training step (another module) calls the model, `self(inp)`, and hands the value to a loss
    (`SELF_LOSS`): the subclass's `call` overrides the base's, its scores go there."""
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/model.py": SCORER.format(use=use), "pkg/personal.py": SUBCLASS})
    result = found(lint_paths([str(root)], target="gaudi2", select=["TFP601"]))
    assert [r for r in result if r[0] == "personal.py"] == ([("personal.py", 8, "TFP601", "info")] if reported else [])
