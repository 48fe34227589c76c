"""TFP404 for a map whose num_parallel_calls is a hyperparameter read by its name (`hparams["x"]`, `hparams.x`,
`p.x`, directly or through a local name) that the project defines with a default of 1 (a defaults dict, a
Params-style `Define`); TFP403 for TensorFlow 1's reinitializable iterator (`Iterator.from_structure(...)
.make_initializer(ds)`)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text


def found(code: str, select: str, path: str = "model.py") -> list[tuple[int, str]]:
    return [(f.source.line, f.severity.value)
            for f in lint_text(textwrap.dedent(code), path, target="gaudi2", select=[select])]


DEFAULTS = """\
import tensorflow as tf


class TextData:
    def __init__(self, hparams):
        self._hparams = hparams

    @staticmethod
    def default_hparams():
        return {{"batch_size": 64, "num_parallel_calls": {value}, "name": "data"}}

    def _process(self, dataset, hparams, decode):
        calls = hparams["num_parallel_calls"]
        dataset = dataset.map(decode, num_parallel_calls=calls)
        return dataset.map(tf.strings.split, num_parallel_calls=self._hparams.num_parallel_calls)
"""


def test_defaults_dict_of_one_is_one_core_through_subscript_and_attribute():
    assert found(DEFAULTS.format(value=1), "TFP404") == [(14, "warning"), (15, "warning")]


def test_defaults_dict_of_autotune_is_clean():
    assert found(DEFAULTS.format(value="tf.data.AUTOTUNE"), "TFP404") == []
    assert found(DEFAULTS.format(value=8), "TFP404") == []


def test_undefined_hyperparameter_is_not_a_warning():
    code = DEFAULTS.format(value=1).replace('"num_parallel_calls"', '"threads"', 1)
    assert all(severity != "warning" for _, severity in found(code, "TFP404"))


def test_params_define_of_one():
    code = """\
    import tensorflow as tf


    class Generator:
        @classmethod
        def Params(cls, p):
            p.Define("parallel_readers", {value}, "Number of parallel reader threads.")
            return p

        def _Build(self, files, parse):
            p = self.params
            ds = tf.data.TFRecordDataset(files)
            return ds.map(parse, num_parallel_calls=p.parallel_readers).prefetch(1)
    """
    assert found(code.format(value=1), "TFP404") == [(13, "warning")]
    assert found(code.format(value=16), "TFP404") == []
