"""TFP301's source face: which helpers it tells the project return an L2 regularizer (`l2ret`), and
that a file whose text never says "regulariz" (in any case) is not read return by return for one;
regularizer keywords and parameter defaults, however their names are spelled."""

from __future__ import annotations

import ast
import textwrap

from tfperf.source import linter, lint_text
from tfperf.source.project import Index

REGS = """\
    import tensorflow as tf

    def L2_REGULARIZER(scale):
        return tf.keras.regularizers.l2(scale)
    """
MODEL = """\
    from app.regs import L2_REGULARIZER

    def outer(scale):
        return L2_REGULARIZER(scale) if scale else None

    def plain(scale):
        return abs(scale)
    """
MODULES = ("app", "app.regs", "app.model")


def analysis(text: str, module: str, index: Index):
    text = textwrap.dedent(text)
    return linter._analyse(text, ast.parse(text), module.replace(".", "/") + ".py", linter._as_target("gaudi2"),
                           (), (), index, module, None)


def l2_returns(text: str, seen: list | None = None) -> list[str]:
    """The `l2ret` facts of `text` as module app.model; `seen`: the nodes whose text it reads there."""
    regs = analysis(REGS, "app.regs", Index(modules=MODULES))
    if seen is not None:
        seen.clear()
    model = analysis(text, "app.model", Index([regs.exports], modules=MODULES))
    return sorted(key for key in model.exports if key.startswith("l2ret:"))


def test_a_helper_returning_another_modules_regularizer_is_exported_whatever_the_case_of_its_name():
    assert l2_returns(MODEL) == ["l2ret:app.model.outer"]


def test_returns_are_not_read_one_by_one_in_a_file_that_never_says_regulariz(monkeypatch):
    segments = []
    real = linter.FileContext.segment
    monkeypatch.setattr(linter.FileContext, "segment", lambda self, node: segments.append(node) or real(self, node))
    assert l2_returns(MODEL.replace("L2_REGULARIZER", "L2_BUILDER"), segments) == [] and segments == []
    l2_returns(MODEL, segments)
    assert segments, "the same returns are read where the file says it"


REGULARIZED = """\
    import tensorflow as tf

    def block(x, units, kernel_regularizer=tf.keras.regularizers.l2(1e-4)):
        return tf.keras.layers.Dense(units, kernel_regularizer=kernel_regularizer)(x)

    def head(x):
        return tf.keras.layers.Dense(10, bias_regularizer=tf.keras.regularizers.l2(1e-4))(x)
    """


def tfp301_lines(code: str) -> list[int]:
    return [f.source.line for f in lint_text(textwrap.dedent(code), select=["TFP301"])]


def test_regularizer_keywords_and_defaults_are_found_however_their_names_are_spelled():
    """A file whose text never says "regularizer" skips the look at keywords and defaults; Python
    reads `ｒegularizer` (a fullwidth r) as `regularizer`, so non-ASCII text is looked at in full."""
    assert tfp301_lines(REGULARIZED) == [3, 7]
    assert tfp301_lines(REGULARIZED.replace("regularizer", "\uff52egularizer")) == [3, 7]
    assert tfp301_lines(REGULARIZED.replace("_regularizer", "_initializer")) == []


def test_version_shims_of_get_collection_and_graph_keys_in_another_module(tmp_path):
    """`get_collection(get_GraphKeys().TRAINABLE_VARIABLES)` through shims of another module
    (`collwrap`, `graphkeys`): a loop adding l2_loss of each variable is found; another key is not."""
    from conftest import write_tree
    from tfperf.source import lint_paths
    utils = ("import tensorflow as tf\n\n\ndef get_collection(key, scope=None):\n"
             "    try:\n        return tf.get_collection(key, scope=scope)\n    except AttributeError:\n"
             "        return tf.compat.v1.get_collection(key, scope=scope)\n\n\n"
             "def get_GraphKeys():\n    try:\n        return tf.GraphKeys\n    except AttributeError:\n"
             "        return tf.compat.v1.GraphKeys\n")
    linear = ("import tensorflow as tf\nfrom .utils import get_collection, get_GraphKeys\n\n\n"
              "def linear(l2_reg=1e-5):\n    for var in get_collection(get_GraphKeys().{key}, 'linear')[:-1]:\n"
              "        tf.compat.v1.add_to_collection('losses', l2_reg * tf.nn.l2_loss(var))\n")

    def lines(key):
        root = write_tree(tmp_path / key, {"pkg/__init__.py": "", "pkg/utils.py": utils,
                                           "pkg/linear.py": linear.format(key=key)})
        return [(f.source.path.rsplit("/", 1)[-1], f.source.line) for f in lint_paths([str(root)], select=["TFP301"]).findings]

    assert lines("TRAINABLE_VARIABLES") == [("linear.py", 7)]
    assert lines("LOCAL_VARIABLES") == []
