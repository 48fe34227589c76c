"""Ranks the source states (`tfperf.source.shapes`, `tfperf.source.docstrings`) and what TFP601 makes of
them: `axis=rank-1` is the last axis; a loss is also any function of a losses module or package."""

from __future__ import annotations

import ast
import textwrap

import pytest

from tfperf import targets
from test_source_project import found, tree  # (pytest puts this directory on sys.path)

from tfperf.source import lint_paths, lint_text
from tfperf.source.docstrings import documented_dims, documented_ranks, stated_rank
from tfperf.source.visitor import FileContext, run_visitors


def shapes_of(code: str, documented: bool = False) -> dict[str, tuple | None]:
    """The shape of every name a function returns, by its name (None: unknown; dims `?` when only the
    rank is known)."""
    code = textwrap.dedent(code)
    file = FileContext("m.py", code, ast.parse(code), targets.load("gaudi2"), module="m")
    run_visitors(file, [])  # the walk: parents, scopes, imports
    inference = file.documented_shapes if documented else file.shapes
    result = {}
    for node in ast.walk(file.tree):
        if isinstance(node, ast.Return) and node.value is not None:
            for name in node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]:
                shape = inference.of(name)
                result[ast.unparse(name)] = None if shape is None or shape.rank is None else shape.dims()
    return result


def test_ranks_the_code_states():
    found = shapes_of("""\
    import tensorflow as tf

    def f(labels, x, y, n):
        column = tf.reshape(labels, [-1, 1])
        same = tf.equal(column, tf.transpose(column))
        tiled = tf.tile(same, [n, 1])
        ones = tf.ones(tf.size(labels))
        diagonal = tf.linalg.diag(ones)
        gram = tf.matmul(tiled, diagonal, transpose_b=True)
        product = diagonal @ tf.zeros([8, 4])
        row_sums = tf.reduce_sum(gram, axis=1)
        total = tf.reduce_sum(x)
        squeezed = tf.squeeze(tf.zeros([8, 1, 3]), axis=1)
        joined = tf.concat([tiled, same], 0)
        eye = tf.eye(5)
        unknown = x @ y
        return same, tiled, ones, diagonal, gram, product, row_sums, total, squeezed, joined, eye, unknown
    """)
    assert found == {"same": (None, None), "tiled": (None, None), "ones": ("N",), "diagonal": ("N", "N"),
                     "gram": (None, "N"), "product": ("N", 4), "row_sums": (None,), "total": (),
                     "squeezed": (8, 3), "joined": (None, None), "eye": (5, 5), "unknown": None}


def test_a_tile_keeps_known_dims_times_literal_multiples_and_a_3d_tile_is_3d():
    found = shapes_of("""\
    import tensorflow as tf

    def f(n):
        a = tf.tile(tf.zeros([2, 3]), [4, 1])
        b = tf.tile(tf.zeros([2, 3]), [n, 1])
        c = tf.tile(tf.zeros([2, 3, 5])[None], [n, 1, 1, 1])
        return a, b, c
    """)
    assert found == {"a": (8, 3), "b": (None, 3), "c": (None, 2, 3, 5)}


def test_a_parameter_is_unknown_to_the_code_and_has_its_documented_rank_only_when_asked():
    code = """\
    def f(y_pred, labels, scale):
        \"\"\"Args:
            y_pred: predictions with `shape=(batch, 3 * n)`.
              continued: never an entry of its own.
            labels: 1-D int `Tensor` with shape `[batch]`.
            scale: a float.
        \"\"\"
        return y_pred[:, 0:4] * 2.0, labels, scale
    """
    assert shapes_of(code) == {"y_pred[:, 0:4] * 2.0": None, "labels": None, "scale": None}
    assert shapes_of(code, documented=True) == {"y_pred[:, 0:4] * 2.0": (None, 4), "labels": (None,),
                                                "scale": None}


@pytest.mark.parametrize("description, rank", [
    ("a single pass, with `shape=(batch_num, 3*embeded_vector_size)`.", 2),
    ("A 2D FloatTensor with 1.0 for all valid values", 2),
    ("2-D float `Tensor` of size [n, m].", 2),
    ("1-D integer `Tensor` with shape `[batch_size]` of labels", 1),
    ("Tensor of rank 3", 3),
    ("Tensor of shape (n,)", 1),
    ("Size (dimensions) of embedded vectors", None),  # prose in parentheses is not a shape
    ("1-D or 2-D tensor", None),
    ("N-D tensor", None),
    ("tensor of shape [..., C]", None),
    ("a list of 2-D tensors", None),
    ("float scalar", None),
])
def test_the_rank_a_description_states(description, rank):
    assert stated_rank(description) == rank


def test_only_parameter_entries_count():
    function = ast.parse(textwrap.dedent('''\
    def f(x, mask):
        """Computes: a 3-D thing.

        Args:
          x: A `Tensor`
            of shape [a, b].
          other: 4-D, not a parameter.
          mask: 2-D mask.
        Returns:
          mask: the 3-D mask (a later entry of the same name: the first, in Args, is the parameter's).
        """
    ''')).body[0]
    assert documented_ranks(function) == {"x": 2, "mask": 2}
    assert documented_dims(function) == {"x": (None, None)}  # a rank in words states no sizes


def test_the_sizes_a_documented_shape_states():
    function = ast.parse(textwrap.dedent('''\
    def f(matrix, coords, boxes, grid):
        """Args:
          matrix: tensor with shape (4, 4), affine matrix.
          coords: Tensor of shape [batch, 3].
          boxes: shape (n, 4) or shape (n, 4, 2).
          grid: 2-D grid.
        """
    ''')).body[0]
    assert documented_dims(function) == {"matrix": (4, 4), "coords": (None, 3)}


def lint(code: str, path: str = "model.py", target: str = "gaudi2"):
    return [(f.source.line, f.code, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=["TFP601"])]


TRIPLET = """\
import tensorflow as tf

def triplet_1d(y_true, y_pred, n):
    anchor, positive = y_pred[:, :n], y_pred[:, n:2 * n]
    labels = tf.reshape(y_true, [-1, 1])
    same = tf.cast(tf.equal(labels, tf.transpose(labels)), tf.float32)
    return tf.reduce_sum(tf.square(anchor - positive), -1), tf.reduce_sum(same, axis=1)
"""


@pytest.mark.parametrize("path", ["losses.py", "loss.py", "softnn_loss.py"])
def test_any_function_of_a_losses_module_is_a_loss(path):
    found = lint(TRIPLET, path)
    assert [(line, code, severity) for line, code, severity, _ in found] == [
        (7, "TFP601", "info"), (7, "TFP601", "info")]
    assert "(axis 1 of this 2-D tensor)" in found[1][3]


def test_any_function_of_a_losses_package_is_a_loss(tmp_path):
    root = tree(tmp_path, {"pkg/__init__.py": "", "pkg/losses/__init__.py": "", "pkg/losses/utils.py": TRIPLET,
                           "pkg/lossless/__init__.py": "", "pkg/lossless/utils.py": TRIPLET})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP601"])
    assert found(result) == [("utils.py", 7, "TFP601", "info")] * 2
    assert all("/losses/" in f.source.path for f in result.findings)


@pytest.mark.parametrize("path", ["model.py", "glosses.py"])
def test_a_function_not_named_for_a_loss_elsewhere_is_not(path):
    assert lint(TRIPLET, path) == []


def test_module_level_code_of_a_losses_module_is_not_a_loss():
    assert lint("import tensorflow as tf\nTOTAL = tf.reduce_sum(tf.tile(tf.zeros([4, 64]), [2, 1]), axis=1)\n",
                "losses.py") == []


def test_the_message_names_the_docstring_a_rank_comes_from():
    found = lint('''\
    import tensorflow as tf

    def contrastive_loss(labels, anchor, positive):
        """Args:
          labels: 1-D labels.
          anchor: 2-D float `Tensor` of embeddings.
          positive: 2-D float `Tensor` of embeddings.
        """
        distances = tf.reduce_sum(tf.math.squared_difference(anchor, positive), 1)
        return tf.cast(labels, distances.dtype) * distances
    ''')
    assert len(found) == 1 and found[0][0] == 9
    assert ("(axis 1 of this 2-D tensor, by the rank stated in contrastive_loss()'s docstring for anchor, "
            "contrastive_loss()'s docstring for positive)") in found[0][3]


def test_documented_ranks_stay_out_of_the_rules_that_fix():
    """A docstring is the author's word: TFP101 still takes a transpose of a documented 3-D parameter
    with no perm as 2-D (it reads `file.shapes`, which has no docstring ranks)."""
    code = '''\
    import tensorflow as tf

    def project(x):
        """Args:
          x: 3-D `Tensor` of shape [batch, time, channels].
        """
        y = tf.nn.relu(x)
        return tf.transpose(y)
    '''
    messages = [f.message for f in lint_text(textwrap.dedent(code), "model.py", target="gaudi2", select=["TFP101"])]
    assert messages and all("(taken as 2-D)" in m for m in messages)


@pytest.mark.parametrize("depth, reported", [(2, False), (1000, True)])
def test_a_sum_over_a_stated_one_hot_depth_times_an_unknown_tensor_knows_the_depth(depth, reported):
    """BERT's next-sentence loss (held-out set 6): `one_hot(labels, depth=2) * log_probs`, log_probs of
    a shape the source does not give. Broadcasting aligns the last axes, and an axis one side states
    larger than 1 is that size in the result: a 2-element sum is nothing for the MME; a vocabulary's is."""
    code = f'''\
    import tensorflow as tf

    def next_sentence_loss(labels, log_probs):
        one_hot_labels = tf.one_hot(tf.reshape(labels, [-1]), depth={depth}, dtype=tf.float32)
        return -tf.reduce_sum(one_hot_labels * log_probs, axis=-1)
    '''
    assert [f[:3] for f in lint(code)] == ([(5, "TFP601", "info")] if reported else [])


def test_slices_of_literal_width_and_an_elementwise_op_with_an_unknown_tensor():
    """`x[..., :4]` is 4 wide (`-3:` 3, `-4:-1` 3; `-4:2`, `1:` and `::2` depend on the axis: unknown,
    not the whole axis); tf.compat.v1.layers.dense keeps its input's rank."""
    code = '''\
    import tensorflow as tf

    def f(t):
        x = tf.zeros([8, 5, 1, 10])
        head, tail, inner, mixed, rest = x[:, :, :, :4], x[..., -3:], x[:, :, :, -4:-1], x[:, :, :, -4:2], x[:, 1:]
        strided = x[:, ::2]
        scaled = head / t
        dense = tf.compat.v1.layers.dense(x, t)
        return head, tail, inner, mixed, rest, scaled, dense, strided
    '''
    shapes = shapes_of(code)
    assert (shapes["head"], shapes["inner"], shapes["mixed"], shapes["rest"]) == \
        ((8, 5, 1, 4), (8, 5, 1, 3), (8, 5, 1, None), (8, None, 1, 10))
    assert shapes["scaled"] is None and shapes["dense"] == (8, 5, 1, None)  # (t's shape is unknown)
    assert shapes["tail"] is None and shapes["strided"] == (8, None, 1, 10)  # (`...`: known from the end only)


@pytest.mark.parametrize("width, reported", [(4, False), (400, True)])
def test_a_softmax_over_a_literal_slice_of_a_documented_rank_is_not_worth_the_mme(width, reported):
    """SVG-VAE's sampling softmax over its 4 commands (held-out set 7): the logits are a dense layer of
    an input whose docstring states 4 axes, sliced `[:, :, :, :4]`, scaled by an unknown temperature.
    The docstring's rank makes the slice the last axis: a 4-element sum is nothing for the MME."""
    code = f'''\
    import tensorflow.compat.v1 as tf

    def mdn_loss(body_output, temperature, nout):
        """Mixture density output.

        Args:
          body_output: outputs from LSTM with shape [batch, seqlen, 1, hidden_size]
        """
        ret = tf.layers.dense(body_output, nout)
        command = tf.identity(ret[:, :, :, :{width}]) / temperature
        command = tf.exp(command - tf.reduce_max(command, axis=[-1], keepdims=True))
        return command / tf.reduce_sum(command, axis=[-1], keepdims=True)
    '''
    assert [f[:3] for f in lint(code)] == ([(12, "TFP601", "info")] if reported else [])
