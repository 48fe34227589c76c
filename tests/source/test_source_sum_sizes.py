"""Sizes of a summed last axis the source states elsewhere in the file, and what TFP601 makes of them: the
pieces of `tf.split(x, [4, 4, -1], -1)`, a parameter that every call of its function in the file passes a
stated size for, the returns of a function of the file the loss calls, `a if c else 0.0`, `where`'s
branches. Each with its look-alike that stays reported: a call passing a tensor of unknown size, a
function handed on (a callback) so that others call it too, Keras's split points."""

from __future__ import annotations

import ast
import textwrap

import pytest
from conftest import write_tree as tree
from test_source_project import found
from test_source_ranks import lint, shapes_of  # (pytest puts this directory on sys.path)

from tfperf import targets
from tfperf.source import lint_paths
from tfperf.source.visitor import FileContext, run_visitors


def known_from_the_end(code: str) -> dict[str, dict | None]:
    """The dimensions a function's returned names have, counted from the end (their ranks unknown)."""
    code = textwrap.dedent(code)
    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])
    returned = next(n for n in ast.walk(file.tree) if isinstance(n, ast.Return)).value.elts
    return {ast.unparse(n): (None if (shape := file.shapes.of(n)) is None or shape.rank is not None or not shape.known
                             else shape.known) for n in returned}


def reported_lines(code: str, path: str = "losses.py") -> list[int]:
    return [line for line, code_, _, _ in lint(code, path) if code_ == "TFP601"]


def test_the_pieces_of_a_split_into_listed_sizes():
    shapes = shapes_of("""\
    import tensorflow as tf
    from tensorflow import keras

    def f(x, y):
        boxes, encoded, scores, index = tf.split(x, [4, 4, -1, 1], axis=-1)
        known = tf.zeros([8, 10])
        head, rest = tf.split(known, [3, -1], axis=1)
        left, right = keras.ops.split(known, [2], axis=1)
        return boxes, encoded, scores, index, head, rest, left, right
    """)
    assert shapes["head"] == (8, 3) and shapes["rest"] == (8, 7)
    assert shapes["left"] is None  # Keras's list is of split points, not sizes


@pytest.mark.parametrize("sizes, reported", [("[4, 4, -1, 1]", False), ("[400, 4, -1, 1]", True)])
def test_a_split_piece_of_a_listed_size(sizes, reported):
    code = f'''\
    import tensorflow as tf

    def box_loss(y_true, y_pred):
        boxes, encoded, scores, index = tf.split(y_true, {sizes}, axis=-1)
        return tf.reduce_sum(tf.abs(boxes - y_pred), axis=-1)
    '''
    assert reported_lines(code) == ([5] if reported else [])


SMALL_CALLERS = """\
import tensorflow as tf

def l1(y_true, y_pred):
    diff = tf.abs(y_pred - y_true)
    loss = tf.where(diff < 1.0, 0.5 * diff ** 2, diff - 0.5)
    return tf.reduce_sum(loss, axis=-1)

class BoxLoss(tf.keras.losses.Loss):
    def call(self, y_true, y_pred):
        position = l1(y_true[..., :3], y_pred[..., :3])
        size = l1(tf.stack([y_true[..., 3], y_true[..., 4]], axis=-1), y_pred[..., 3:5])
        coords, rest = tf.split(y_true, [4, -1], axis=-1)
        l1_loss = self._l1(coords, y_pred) if self.use_l1 else 0.0
        return self._reduce(l1_loss) + position + size

    def _l1(self, a, b):
        return tf.abs(a - b)

    def _reduce(self, l1_loss):
        return tf.reduce_sum(l1_loss, axis=-1)
"""


def test_a_parameter_every_call_in_the_file_passes_a_small_size_for():
    """keras-cv's CenterNet box loss (a 3-D box's 3 positions, 3 sizes) and a method whose argument is what
    another method returns, of a split piece of 4 (a YOLO L1 box loss), chosen by `if ... else 0.0`."""
    assert reported_lines(SMALL_CALLERS) == []


def test_a_call_passing_a_tensor_of_unknown_size_keeps_the_finding():
    code = SMALL_CALLERS.replace("position = l1(y_true[..., :3], y_pred[..., :3])",
                                 "position = l1(y_true, y_pred)")
    code = code.replace("self._l1(coords, y_pred)", "self._l1(y_true, y_pred)")
    assert reported_lines(code) == [6, 20]


def test_a_size_too_large_for_one_call_keeps_the_finding():
    code = SMALL_CALLERS.replace("y_pred[..., 3:5])", "y_pred[..., 3:500])")
    assert reported_lines(code) == [6]


def test_a_function_handed_on_is_called_with_what_the_file_does_not_show():
    code = """\
    import tensorflow as tf

    def pair_loss(x):
        return tf.reduce_sum(x, axis=-1)

    class Loss(tf.keras.losses.Loss):
        def call(self, y_true, y_pred):
            per_row = tf.map_fn(self._row, y_pred)
            return pair_loss(y_true[..., :2]) + per_row

        def _row(self, row):
            return tf.reduce_sum(row, axis=-1)

    def train(model, boxes):
        model.compile(loss=pair_loss)
        return boxes
    """
    assert reported_lines(code) == [4, 12]


def test_a_function_nothing_in_the_file_calls_keeps_the_finding():
    code = """\
    import tensorflow as tf

    def scaled_loss(x, scale=1.0):
        return tf.reduce_sum(x * scale, axis=-1)

    def uncalled_loss(x):
        return tf.reduce_sum(x, axis=-1)

    def total(boxes):
        return scaled_loss(boxes[..., :4]) + scaled_loss(boxes[..., :4], 2.0)
    """
    assert reported_lines(code) == [7]


def test_a_stated_size_above_one_survives_broadcasting_with_a_tensor_of_unknown_rank():
    """`abs(expand_dims(x, -1) - reshape(p, [-1, 4, n]))` ends in [.., 4, ?] whatever x's rank; its mean
    over the last axis then ends in 4 (a YOLO L1 loss over 4 box coordinates, held-out set 1)."""
    known = known_from_the_end("""\
    import tensorflow as tf

    def f(x, p, n):
        dist = tf.abs(tf.expand_dims(x, -1) - tf.reshape(p, [-1, 4, n]))
        mean = tf.reduce_mean(dist, axis=-1)
        kept = tf.reduce_mean(dist, axis=-1, keepdims=True)
        first = tf.reduce_mean(dist, axis=0)
        return dist, mean, kept, first
    """)
    assert known == {"dist": {-2: 4}, "mean": {-1: 4}, "kept": {-2: 4, -1: 1}, "first": None}
    code = """\
    import tensorflow as tf

    def l1_loss(x, p, n):
        dist = tf.abs(tf.expand_dims(x, -1) - tf.reshape(p, [-1, {width}, n]))
        return tf.reduce_sum(tf.reduce_mean(dist, axis=-1), axis=-1)

    def first_axis_loss(x, p, n):
        dist = tf.abs(tf.expand_dims(x, -1) - tf.reshape(p, [-1, 4, n]))
        return tf.reduce_sum(tf.reduce_mean(dist, axis=0), axis=-1)
    """
    assert reported_lines(textwrap.dedent(code.format(width=4))) == [9]
    assert reported_lines(textwrap.dedent(code.format(width=400))) == [5, 9]


@pytest.mark.parametrize("documented, reported", [
    ("pairwise_distance: A 2D FloatTensor of the pairwise distances.", True),  # (a plural's "s" missed)
    ("pairwise_distances: A 2D FloatTensor of the pairwise distances.", True),
    ("pairwise_distance: A 2D FloatTensor.\n        pairwise_distances: distances.", False),  # (its own entry)
    ("pairwise: A 2D FloatTensor of the pairwise distances.", False),
])
def test_a_docstring_entry_that_misses_its_parameter_by_a_plural_s_documents_it(documented, reported):
    """tensorflow-similarity's logsumexp (held-out set 2) documents `pairwise_distances` as
    `pairwise_distance: A 2D FloatTensor`: the author's word for the parameter, unless another entry is."""
    code = f'''\
    import tensorflow as tf

    def logsumexp(pairwise_distances, mask):
        """LogSumExp over axis 1.

        Args:
            {documented}
        """
        x = tf.math.exp(pairwise_distances)
        return tf.math.reduce_sum(x, axis=1, keepdims=True)
    '''
    found = lint(code, "losses.py")
    assert [line for line, *_ in found] == ([10] if reported else [])
    assert not reported or "logsumexp()'s docstring for pairwise_distances" in found[0][3]


def test_the_message_gives_a_stated_size_and_says_when_the_source_states_none():
    code = """\
    import tensorflow as tf

    def classification_loss(logits, labels, x):
        one_hot = tf.one_hot(labels, depth=81)
        stated = tf.reduce_sum(one_hot * tf.nn.log_softmax(logits), axis=-1)
        return stated + tf.reduce_sum(x, axis=-1)
    """
    stated, unstated = [message for *_, message in lint(code)]
    assert "over the last axis (81 elements) in a loss" in stated and "does not state" not in stated
    assert "the source does not state the axis' size" in unstated


def test_a_recursive_function_and_a_function_called_from_many_places_are_unknown():
    code = """\
    import tensorflow as tf

    def nested_loss(x, depth):
        if depth:
            return nested_loss(x[..., :4], depth - 1)
        return tf.reduce_sum(x, axis=-1)

    def popular_loss(x):
        return tf.reduce_sum(x, axis=-1)

    def caller(boxes):
        return nested_loss(boxes, 3) + {calls}
    """
    many = " + ".join(["popular_loss(boxes[..., :4])"] * 17)
    assert reported_lines(textwrap.dedent(code.format(calls=many))) == [6, 9]
    assert reported_lines(textwrap.dedent(code.format(calls="popular_loss(boxes[..., :4])"))) == [6]


GLUE = """\
import tensorflow as tf

class DataProcessor(object):
    def get_labels(self):
        raise NotImplementedError()

class MnliProcessor(DataProcessor):
    def get_labels(self):
        return ["contradiction", "entailment", "neutral"]

class MrpcProcessor(DataProcessor):
    def get_labels(self):
        return ["0", "1"]

class VocabProcessor(DataProcessor):
    def get_labels(self):
        return read_vocabulary()

def create_model(logits, labels, num_labels):
    log_probs = tf.nn.log_softmax(logits, axis=-1)
    one_hot_labels = tf.one_hot(labels, depth=num_labels, dtype=tf.float32)
    per_example_loss = -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
    return tf.reduce_mean(per_example_loss)

def model_fn_builder(num_labels):
    def model_fn(features, labels):
        return create_model(features["logits"], labels, num_labels)
    return model_fn

def main(task_name):
    processors = {"mnli": MnliProcessor, "mrpc": MrpcProcessor}
    processor = processors[task_name]()
    label_list = processor.get_labels()
    return model_fn_builder(num_labels=len(label_list))
"""


def test_a_one_hot_depth_handed_down_from_the_length_of_the_labels_every_processor_lists():
    """BERT's GLUE classifier (held-out set 6): the loss's one-hot depth is `num_labels`, handed through
    `model_fn_builder` from `len(processor.get_labels())`, and each processor the task table holds
    lists 2 or 3 labels: a sum over 3 classes at most."""
    assert reported_lines(GLUE, "run_classifier.py") == []


@pytest.mark.parametrize("change", [
    ('"mrpc": MrpcProcessor}', '"mrpc": MrpcProcessor, "lm": VocabProcessor}'),  # (a list it does not state)
    ("model_fn_builder(num_labels=len(label_list))", "model_fn_builder(num_labels=len(label_list) * 1000)"),
    ('return ["0", "1"]', "return [str(i) for i in range(1000)]"),
    ("depth=num_labels", "depth=num_labels + 1000"),
])
def test_a_depth_the_file_does_not_state_small_keeps_the_finding(change):
    assert reported_lines(GLUE.replace(*change), "run_classifier.py") == [22]


HUB = """\
import tensorflow as tf
from pkg import run_classifier

def create_model(logits, labels, num_labels):
    one_hot_labels = tf.one_hot(labels, depth=num_labels, dtype=tf.float32)
    per_example_loss = -tf.reduce_sum(one_hot_labels * tf.nn.log_softmax(logits), axis=-1)
    return per_example_loss

def main(task_name, logits, labels):
    processors = {"mnli": run_classifier.MnliProcessor, "mrpc": run_classifier.MrpcProcessor}
    processor = processors[task_name]()
    return create_model(logits, labels, len(processor.get_labels()))
"""


@pytest.mark.parametrize("labels, reported", [('["0", "1"]', False), ("read_vocabulary()", True)])
def test_the_processors_of_another_module_list_their_labels_through_the_project(tmp_path, labels, reported):
    """BERT's TF-Hub classifier (held-out set 6) takes its processors from run_classifier: each module
    exports the length of the list literals its functions return."""
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/run_classifier_with_tfhub.py": HUB,
                           "pkg/run_classifier.py": GLUE.replace('return ["0", "1"]', f"return {labels}")})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP601"])
    assert found(result) == ([("run_classifier.py", 22, "TFP601", "info"),
                              ("run_classifier_with_tfhub.py", 6, "TFP601", "info")] if reported else [])


def test_a_warm_run_sees_a_changed_label_list_in_the_other_module(tmp_path):
    root = tree(tmp_path / "src", {"pkg/__init__.py": "", "pkg/run_classifier_with_tfhub.py": HUB,
                                   "pkg/run_classifier.py": GLUE})
    cache = str(tmp_path / "cache")
    assert found(lint_paths([str(root)], target="gaudi2", select=["TFP601"], jobs=1, cache_dir=cache)) == []
    module = root / "pkg/run_classifier.py"
    module.write_text(module.read_text().replace('return ["0", "1"]', "return read_vocabulary()"))
    warm = lint_paths([str(root)], target="gaudi2", select=["TFP601"], jobs=1, cache_dir=cache)
    assert found(warm) == [("run_classifier.py", 22, "TFP601", "info"), ("run_classifier_with_tfhub.py", 6, "TFP601", "info")]
