"""argparse's arguments as hyperparameters (`configs.hyperparameters`): `parser.add_argument("--weight-decay",
default=1e-4)` defines `args.weight_decay`, `action="store_true"` a flag off by default, as absl's `DEFINE_bool`
does; what a run's command line sets is the user's choice. A test of one (`l2(wd) if use_reg else None` handed
`args.use_reg`) and a value handed on (`build(args.weight_decay)`) are judged by that default."""

from __future__ import annotations

import ast

import pytest

from tfperf.source import configs, lint_text

TRAIN = """\
import argparse

import tensorflow as tf


def build(weight_decay, use_reg=False):
    reg = tf.keras.regularizers.l2(weight_decay) if use_reg else None
    return tf.keras.Sequential([tf.keras.layers.Dense(8, kernel_regularizer=reg)])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weight-decay", type=float, default=DECAY)
    parser.add_argument("--use_reg", ACTION)
    args = parser.parse_args()
    model = build(args.weight_decay, args.use_reg)
    model.compile(loss="mse", optimizer="sgd")
    model.fit(tf.zeros([4, 8]), tf.zeros([4, 8]))


if __name__ == "__main__":
    main()
"""


def findings(action: str, decay: str = "1e-4"):
    code = TRAIN.replace("ACTION", action).replace("DECAY", decay)
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(code, "train.py", target="gaudi2", select=["TFP301"])]


@pytest.mark.parametrize("action", ['action="store_true"', "default=False", "type=bool"])
def test_a_command_line_option_off_by_default_builds_no_regularizer(action):
    """`store_true` is False unless given; `type=bool` with no default is None (argparse's own default)."""
    assert findings(action) == []


@pytest.mark.parametrize("action", ['action="store_false"', "default=True"])
def test_an_option_on_by_default_is_a_warning_that_names_its_values(action):
    [(line, severity, message)] = findings(action)
    assert (line, severity) == (7, "warning")
    assert "use_reg is True from py.main" in message and "weight_decay is 0.0001" in message


@pytest.mark.parametrize("source, expected", [
    ('p.add_argument("--num-workers", type=int, default=4)', [("num_workers", 4)]),
    ('p.add_argument("-w", "--num-workers", dest="workers", default=4)', [("workers", 4)]),
    ('p.add_argument("--fp16", action="store_true")', [("fp16", False)]),
    ('p.add_argument("--lr")', [("lr", None)]),
    ('p.add_argument("--tag", action="append")', [("tag", "?")]),
    ('p.add_argument("data_dir")', []),  # a positional argument: every run gives it
])
def test_the_hyperparameter_an_argument_defines(source, expected):
    call = ast.parse(source).body[0].value
    found = [(name, "?" if value is None else ast.literal_eval(value)) for name, value in
             configs.hyperparameters(None, call)]
    assert found == expected
