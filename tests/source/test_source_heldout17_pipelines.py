"""TFP405 through `if` / `else` reassignments of a dataset variable (held-out set 17: tensor2tensor's
data_reader.input_fn, whose long pipeline batches in one branch of several and repeats only when training). A chain
follows each read to the variable's last assignment before it; a batch on a path that skips that assignment is
judged on that path too; a repeat that only one branch makes does not make the other path endless (info there,
saying when the repeat runs); a repeat on every path still does."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def lint(code: str):
    return [(f.source.line, f.severity.value) for f in
            lint_text(textwrap.dedent(code), "pipeline.py", target="gaudi2", select=["TFP405"])]


def test_a_batch_on_the_path_that_skips_a_branch_is_judged_on_that_path():
    code = """\
    import tensorflow as tf
    import extlib

    def make(files, skip):
        ds = tf.data.TFRecordDataset(files)
        if skip:
            ds = extlib.skip_some(ds)
        ds = ds.map(tf.io.parse_tensor, num_parallel_calls=4)
        ds = ds.batch(32)
        return ds.prefetch(1)
    """
    # without the branch, the files are read once: a finite dataset, a partial last batch
    assert lint(code) == [(9, "warning")]


def test_the_same_pipeline_without_the_branch_is_judged_alike():
    code = """\
    import tensorflow as tf

    def make(files):
        ds = tf.data.TFRecordDataset(files)
        ds = ds.map(tf.io.parse_tensor, num_parallel_calls=4)
        ds = ds.batch(32)
        return ds.prefetch(1)
    """
    assert lint(code) == [(6, "warning")]


def test_a_repeat_only_one_branch_makes_leaves_the_other_path_finite_as_info():
    code = """\
    import tensorflow as tf

    def make(files, training):
        ds = tf.data.TFRecordDataset(files)
        if training:
            ds = ds.repeat()
        ds = ds.batch(32)
        return ds.prefetch(1)
    """
    assert lint(code) == [(7, "info")]
    [finding] = lint_text(textwrap.dedent(code), "pipeline.py", target="gaudi2", select=["TFP405"])
    assert "on the path that skips the repeat() of line 6, which runs only when `training`" in finding.message


def test_a_repeat_on_every_path_leaves_no_last_batch():
    code = """\
    import tensorflow as tf

    def make(files, training):
        ds = tf.data.TFRecordDataset(files)
        if training:
            ds = ds.shuffle(100).repeat()
        else:
            ds = ds.repeat()
        ds = ds.batch(32)
        return ds.prefetch(1)
    """
    assert lint(code) == []


def test_a_repeat_before_the_branches_leaves_no_last_batch_in_either():
    code = """\
    import tensorflow as tf

    def make(files, tokens, config):
        ds = tf.data.TFRecordDataset(files).repeat()
        if tokens:
            ds = ds.padded_batch(32, [64], drop_remainder=True)
        elif config.use_tpu:
            ds = ds.batch(32, drop_remainder=True)
        else:
            ds = ds.batch(32)
        ds = ds.map(tf.identity, num_parallel_calls=4)
        return ds.prefetch(2)
    """
    assert lint(code) == []
