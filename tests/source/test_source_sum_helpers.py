"""TFP601 through a sum helper of another module: `ops.reduce_sum_trailing_dimensions(losses, ndims=2)`, whose
`tf.reduce_sum(t, axis=tuple(range(ndims, t.shape.ndims)))` sums the trailing axes (the last among them), called in
a loss (`trailsum`); not a helper summing the leading axes, nor a call outside a loss."""

from __future__ import annotations

from conftest import write_tree as project
from tfperf.source import lint_paths

OPS = """\
import tensorflow as tf
from six.moves import range


def reduce_sum_trailing_dimensions(tensor, ndims):
  return tf.reduce_sum(tensor, axis={axis})


def reduce_sum_leading(tensor, ndims):
  return tf.reduce_sum(tensor, axis=tuple(range(0, ndims)))
"""
META = """\
import tensorflow as tf
from od import ops


class SSDMetaArch(object):
  def loss(self, cls_losses, location_losses, masks):
    cls_losses = ops.reduce_sum_trailing_dimensions(cls_losses, ndims=2)
    count = ops.reduce_sum_trailing_dimensions(tf.cast(masks, tf.int32), ndims=1)
    lead = ops.reduce_sum_leading(location_losses, ndims=1)
    return tf.reduce_sum(cls_losses) + tf.reduce_sum(lead), count

  def predict(self, features):
    return ops.reduce_sum_trailing_dimensions(features, ndims=2)
"""


def findings(root, target="gaudi2"):
    result = lint_paths([str(root)], select=["TFP601"], target=target)
    assert not result.errors
    return [(f.source.path.rsplit("/", 1)[-1], f.source.line, f.message) for f in result.findings]


def test_a_trailing_axes_helper_of_another_module_called_in_a_loss(tmp_path):
    for i, axis in enumerate(("tuple(range(ndims, tensor.shape.ndims))", "list(range(ndims, len(tensor.get_shape())))",
                              "range(ndims, tf.rank(tensor))")):
        files = {"od/__init__.py": "", "od/ops.py": OPS.format(axis=axis), "od/meta.py": META}
        [(path, line, message)] = findings(project(tmp_path / str(i), files))
        assert (path, line) == ("meta.py", 7), axis
        assert message.startswith("reduce_sum_trailing_dimensions() sums its argument over the trailing axes")


def test_not_a_trailing_sum_or_not_a_tpc_target(tmp_path):
    files = {"od/__init__.py": "", "od/ops.py": OPS.format(axis="tuple(range(ndims, 4))"), "od/meta.py": META}
    assert findings(project(tmp_path / "fixed", files)) == []  # (the rank not the argument's: not known trailing)
    files["od/ops.py"] = OPS.format(axis="tuple(range(ndims, tensor.shape.ndims))")
    assert findings(project(tmp_path / "a100", files), target="a100") == []
