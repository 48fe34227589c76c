"""`self.batch(i)` in a class none of whose bases says Dataset (issue 11): a `keras.utils.Sequence`'s own method (a base of another package)
(the indices of batch i), not `tf.data.Dataset.batch` (VALID: no TFP405). INVALID forms stay: a dataset held on
`self` and batched (`ds.batch(n)` in a method of the same class), a subclass of a Dataset batching itself."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

SEQUENCE = """\
    import numpy as np
    import tensorflow as tf
    from other.data import RollingSequence

    class Patches(BASE):
        def __init__(self, x):
            self.x = x

        def __getitem__(self, i):
            idx = self.batch(i)
            return self.x[idx]

        def pipeline(self, files):
            ds = tf.data.TFRecordDataset(files).map(len, num_parallel_calls=4)
            return ds.batch(32).prefetch(tf.data.AUTOTUNE)
    """


def found(root, base: str):
    tree(root, {"pkg/__init__.py": "", "pkg/data.py": SEQUENCE.replace("BASE", base)})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP405"], jobs=1)
    return [f.source.line for f in result.findings]


def test_self_batch_of_a_sequence_is_not_dataset_batch(tmp_path):
    assert found(tmp_path, "RollingSequence") == [15]
    assert found(tmp_path, "object") == [15]

    assert found(tmp_path, "tf.data.Dataset") == [10, 15]  # (a Dataset's own batch: the warning stays)
