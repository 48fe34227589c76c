"""What code says a branch or a value is for: training, evaluation or inference.

Code states the purpose of a path or of a dataset in a few ways, read here once for every rule:

- a run mode compared with one of its values (`mode_branches`): an Estimator's `ModeKeys.PREDICT`, a project's
  enum or constants class (`compat.ModeKeys.INFER`, `Mode.TEST`, `RunMode.INFERENCE`, `tfds.Split.VALIDATION`),
  or a string held by a parameter named for a mode or a split (`mode == "infer"`, `split != "train"`,
  `subset in ("val", "test")`), with `==`/`!=`/`is`/`is not`/`in`/`not in`, either side first; the branch of a
  mode off the training step is evaluation or inference, the other branch of a comparison with the training mode
  is too;
- the name of a variable that holds data (`data_name_purpose`): `val_ds`, `validation_dataset`, `test_input`,
  `eval_data` hold evaluation data, `predict_ds` / `infer_dataset` inference data; a training word in the same name
  (`train_val_ds`) keeps it on the training path. The pipeline rules read it where a dataset leaves its chain, and
  judge a stage that several such variables share by all of them (a stage that also feeds training stays
  training).

The kinds are `tfperf.source.context`'s ("eval", "inference", "export"); TRAIN marks the training mode.
"""

from __future__ import annotations

import ast
import re

TRAIN = "train"  # the training mode (`ModeKeys.TRAIN`, "train"): the device's training step

_TOKEN = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


def tokens(name: str) -> list[str]:
    """`_generate_detections_v2`, `DetectionGenerator`, `beam-search` -> lower-case words."""
    found = _TOKENS.get(name)
    if found is None:
        found = _TOKENS[name] = tuple(t.lower() for t in _TOKEN.findall(name))
    return list(found)  # (a list of its own: a caller may change it)


_TOKENS: dict[str, tuple[str, ...]] = {}  # name -> its words (the same names are asked of every call and def)


# the values of a run mode or a data split, by the names code bases give them: the kind of code each runs
MODE_STRINGS = {"eval": "eval", "evaluate": "eval", "evaluation": "eval", "valid": "eval", "validation": "eval",
                "val": "eval", "test": "eval", "testing": "eval", "dev": "eval",
                "predict": "inference", "prediction": "inference", "infer": "inference", "inference": "inference",
                "generate": "inference", "generation": "inference", "sample": "inference", "sampling": "inference",
                "decode": "inference", "export": "export", "serve": "export", "serving": "export",
                "train": TRAIN, "training": TRAIN}
# a name that holds a run mode or a data split (`mode`, `self._mode`, `run_mode`, `split`, `data_split`, `phase`)
MODE_HOLDER_WORDS = {"mode", "split", "subset", "phase", "stage"}
# the names of a class of mode constants (`ModeKeys`, `Mode`, `Modes`, `RunMode`, `Split`, `tfds.Split`, `Phase`)
_MODE_CLASS_WORDS = {"mode", "modes", "keys", "split", "splits", "phase", "phases", "subset", "stage"}
# constants any class may name as an Estimator's modes (`tf.estimator.ModeKeys.PREDICT`, also aliased)
_ESTIMATOR_MODES = {"PREDICT": "inference", "EVAL": "eval", "TRAIN": TRAIN}


def mode_value(expr: ast.AST) -> str | None:
    """The kind of the mode a constant names: `ModeKeys.PREDICT`, `compat.ModeKeys.INFER`, `Split.TEST`,
    `Mode.VALIDATION` (an upper-case attribute of a class named for modes or splits; `PREDICT`/`EVAL`/`TRAIN` of
    any class), or a string literal ("infer", "val"; also a compound name of one off-step mode,
    `_compound_mode`); None for anything else."""
    if type(expr) is ast.Constant and type(expr.value) is str:
        return MODE_STRINGS.get(expr.value.lower()) or _compound_mode(expr.value)
    if type(expr) is ast.Name:  # `from ...ModeKeys import PREDICT`-style constants
        return _ESTIMATOR_MODES.get(expr.id)
    if type(expr) is not ast.Attribute or not expr.attr.isupper():
        return None
    if expr.attr in _ESTIMATOR_MODES:
        return _ESTIMATOR_MODES[expr.attr]
    owner = expr.value
    owner_name = owner.attr if type(owner) is ast.Attribute else owner.id if type(owner) is ast.Name else ""
    if not _MODE_CLASS_WORDS & set(tokens(owner_name)):
        return None
    return MODE_STRINGS.get(expr.attr.lower())


def _compound_mode(value: str) -> str | None:
    """The kind of a mode string made of several words when they name one mode off the training step
    (easytransfer's "predict_on_the_fly", "evaluate_on_the_fly"); None when a word names training ("train_on_the_fly",
    "train_and_evaluate": a project's training modes may be several, so none is read as the only one) or none does."""
    kinds = {MODE_STRINGS[word] for word in tokens(value) if word in MODE_STRINGS}
    return next(iter(kinds)) if len(kinds) == 1 and TRAIN not in kinds else None


def mode_holder(expr: ast.AST) -> bool:
    """A name, attribute or key named for a run mode or a data split (`mode`, `self._mode`, `params["mode"]`,
    `data_split`, `subset`): what a string mode is compared with."""
    name = expr.id if type(expr) is ast.Name else expr.attr if type(expr) is ast.Attribute else \
        expr.slice.value if type(expr) is ast.Subscript and type(expr.slice) is ast.Constant and \
        type(expr.slice.value) is str else ""
    words = tokens(name)
    return bool(words) and words[-1] in MODE_HOLDER_WORDS


def mode_branches(test: ast.expr) -> tuple[str | None, str | None] | None:
    """(the kind of the body, the kind of the else) of a branch on a comparison of a run mode with mode values
    (`mode_value`): the kind of the mode the body runs in ("eval", "inference", "export"; "eval" for several
    modes off the training step; None for training or a set of modes that holds it), and the else's, which holds every other mode (off the training step
    only when the body holds training). None when the test is no such comparison. A string is read only
    against a name for a mode or a split (`mode_holder`): `name == "test"` may be anything."""
    if type(test) is not ast.Compare or len(test.ops) != 1:
        return None
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if type(op) in (ast.In, ast.NotIn):
        if type(right) not in (ast.Tuple, ast.List, ast.Set) or not right.elts:
            return None
        kinds = [_compared(left, e) for e in right.elts]
    elif type(op) in (ast.Eq, ast.NotEq, ast.Is, ast.IsNot):
        kinds = [_compared(left, right) or _compared(right, left)]
    else:
        return None
    if None in kinds:
        return None
    holds_training = TRAIN in kinds
    # (evaluation and prediction together: off the training step, said as evaluation)
    body = None if holds_training else kinds[0] if len(set(kinds)) == 1 else "eval"
    orelse = "eval" if holds_training else None
    if type(op) in (ast.NotEq, ast.IsNot, ast.NotIn):
        body, orelse = orelse, body
    return body, orelse


def _compared(holder: ast.AST, value: ast.AST) -> str | None:
    """The kind of `value` when it names a mode that `holder` is compared with."""
    if type(value) is ast.Constant:
        return mode_value(value) if mode_holder(holder) else None
    return mode_value(value)


# words of a variable's name that say the data it holds is for evaluation or inference
DATA_PURPOSE_WORDS = {"val": "eval", "valid": "eval", "validation": "eval", "eval": "eval", "evaluation": "eval",
                      "test": "eval", "testing": "eval", "dev": "eval", "predict": "inference",
                      "prediction": "inference", "pred": "inference", "infer": "inference", "inference": "inference"}
TRAINING_WORDS = {"train", "training"}


def data_name_purpose(name: str) -> str | None:
    """"eval" / "inference" for a variable named for evaluation or inference data (`val_ds`, `test_dataset`,
    `eval_input`, `predict_ds`); None for a neutral name or one that also says training (`train_val_ds`)."""
    words = tokens(name)
    if TRAINING_WORDS.intersection(words):
        return None
    return next((DATA_PURPOSE_WORDS[w] for w in words if w in DATA_PURPOSE_WORDS), None)
