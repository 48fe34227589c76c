"""Where code runs: in the device's training step, or somewhere a device rule has nothing to say.

The guide is about the training step on the device. A transpose in a test, in beam-search decoding,
in an evaluation metric or under `tf.device("/CPU:0")` is real but costs the training step nothing:
it is reported as `info`, with the reason, never as a warning. Code inside the `tf.data` input
pipeline runs on the host, which is where the guide says layout work belongs: device rules do not
report it at all.

The context of a node is, first match wins:

1. its statement context: the `else` of `if training:` (and the body of `if not training:`; the `else` of `if
   training and X:`, which runs whenever it is not training), an
   Estimator `mode` branch for EVAL/PREDICT (also a mode held as a string: `elif mode == 'generate':`), a comparison with a dummy/synthetic input path, the
   body of `with tf.device("/CPU:0")`; what feeds a TensorFlow 1 batching queue (`tf.train.batch` /
   `shuffle_batch`: the queue runners run it on the host, `FileContext._queue_inputs`), which is the
   input pipeline like a tf.data map; a branch on a parameter of its function (`if rebatch:`)
   that only calls passing `is_training=False` (or made off the training step) take, when every
   call of the function in the project passes a literal flag (`flag_branch_context`); a branch
   (of an `if` or a conditional expression) that runs only with `channels_first` data
   (`if data_format == "channels_first":`, the else of `... == "channels_last"`, the string also held by a
   module constant of the project, `== _CH_FIRST_STR`; a project predicate of the format, `if
   is_channels_first(self.data_format):`; the branch where a format that is "channels_last" differs from
   `image_data_format()`, `FileContext.in_channels_first_branch`): TensorFlow's
   default layout, and Habana's advice, is channels_last, so a Gaudi user never runs it; autoregressive
   generation (`generation_statements`: a loop that feeds a model the tokens it chose from the model's last
   output by argmax, a categorical draw or top-k, and what follows it in its function) is inference; so is a
   branch taken only with an autoregressive decoder's cache (`if cache is not None:`, the else of `if cache is
   None:`, `DECODING_CACHES`: teacher-forced training passes none);
2. its enclosing functions and classes, by name (`predict_step`, `val_step`, `beam_search`, `_beam_decode`, a search over
   sequences: `sequence_sampling_search`, `greedy_search`; a plot: `PrepareSequenceForPlot`, `test_*`,
   `*_synthetic_data`...) and by base class (`tf.test.TestCase`, `keras.metrics.Metric`, a `*Decoding*` base,
   `keras.callbacks.Callback`..., `keras.initializers.Initializer`: run once), and functions that
   read or write layer weights as NumPy arrays (`get_weights` / `set_weights`: weight surgery done
   once), and functions that read a tensor as NumPy (`x.numpy()`) and neither train nor ask
   `tf.executing_eagerly()`: eager-only code (`FileContext._eager_only`); a private helper named only for a prediction that the training step calls,
   or any function so named that a root of the training step alone (a layer's call, a loss: `steps.on_step`, strict) is
   seen to reach (a detection head's `predict`), is not inference by its name (`FileContext._forward_helper`), nor is a name that also says training
   (`train_eval_input_fn`: what `estimator.train` reads);
3. its file, by path (`tests/`, `*_test.py` outside a test directory when its text shows a test: `file_path_context`,
   `benchmarks/`, `eval/`, `evaluation/`, `tools/`, `export`, a package of adversarial attacks `attacks/`, a
   module of plotting helpers `plot.py`...); a program (`if __name__ == "__main__":`) that writes TFRecords and
   trains nothing is a one-off tool (`program_context`; a function of it another program calls runs where that
   one does: `FileContext._program_function_context`), and one that restores a trained model and trains
   nothing makes its entry (main block, `main`, what the block names) inference (`restoring_entries`); an
   input-pipeline path (`dataloaders/`,
   `preprocessing`, `transforms/`...) only when its callers say nothing;
4. the project's call graph (`tfperf.source.project`): a function passed to a `tf.data`
   transformation runs on the host (each function a variable may hold where the transformation reads
   it), one given to an Apache Beam transform in the Beam job (`BEAM`), and a function every caller of
   which is off the training step
   is off it too (a helper used only by tests, only by a metric, only by a `map` function; a property
   read on `self` only off the step; a function handed to a project function's parameter runs
   where that function calls it; a method nothing calls by name that overrides a called method of a project base
   class runs where the base method runs, `project._overrides`: a base's `self._beam_decode()` in `infer`); a
   function whose only route to the device is the device half of a run-time choice (the same call
   made under `tf.device("/CPU:0")` in the other branch: `if use_cpu: ...`) is `CPU_CHOICE`, which
   says so and keeps the device named (`cpu_choice`, `symbols._cpu_twin`); a private module-level
   function (`_helper`, undecorated) nothing in the project calls or refers to, tests aside, is dead code
   here: `UNCALLED`, which keeps the device named too (code outside the project may reach into the module);
   a function nothing calls that decodes a serialized record it is given (`tf.io.parse_single_example(
   serialized, ...)`, `decode_proto`, `decode_raw`) is a tf.data map function by what it does: `HOST`. A
   function a local variable holds (also `fn = module.helper`) and that is only called, mapped, or handed to
   a project function's parameter that function maps, is called by those, not by an unknown caller. A function
   handed to a framework object's `predict` / `evaluate` (`estimator.predict(input_fn)`, no project method of that
   name) runs in inference / evaluation; one a dict literal bound to a name that says metrics holds
   (`METRICS_FNS = {...: sari_score}`) is evaluation; a closure its function returns (`def make_input_fn(gen):
   def input_fn(): ...; return input_fn`), or a partial of a project function it returns (`return
   partial(_map_fn, aug_fn=aug)`), runs where that factory's callers do (`symbols`), and a factory whose result
   is only a tf.data transformation's function (`ds.map(make_parse_fn(cfg))`, or a local read only so) is called
   by the pipeline: `HOST`.

TFP101/TFP103 also ask the other direction (`tfperf.source.steps`): code no layer, loss, training step or model
builder of the project reaches is `NO_STEP`, which keeps the device named (a user's model may call it).

A context is a short kind name; `describe(kind)` gives the words the report uses.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Any, Callable, Iterable, Mapping

from tfperf.source.literals import NOT_LITERAL
from tfperf.source.purpose import MODE_STRINGS, TRAIN, mode_branches, tokens
from tfperf.source.treewalk import walk_nodes

DEVICE = None  # the default: code in (or reachable from) the training step
HOST = "host"  # inside the tf.data input pipeline
CHANNELS_FIRST = "channels_first"  # a branch taken only when the image data format is channels_first
ONCE = "once"  # run once before training: a weight initializer, a layer's build()
UNCALLED = "uncalled"  # a private function nothing in the linted project calls (the pipeline rules' judgement)
# no layer, loss, training step or model builder of the project reaches the code (`steps.on_step`; TFP101/TFP103's
# judgement): a library's op that costs a step only if a user's model calls it in each
NO_STEP = "nostep"
# every call of the function in the project passes weights for what the finding moves (`shapes.WEIGHT_CALL`;
# TFP101's judgement): a tensor with no batch factor
WEIGHTS = "weights"
# every call of the function in the project passes settings or constants (or weights, not in every call) for what
# the finding moves, and nothing else reaches it (TFP101's and TFP103's judgement): no batch factor
SETTINGS = "settings"
# the fact it asks (a project function -> for one of its calls, not in tests, ((position or -1, keyword or "", deps),
# ...) for the arguments that are settings (deps `shapes.SETTING`), computed only from weights (deps ()), or that would
# be were parameters of the calling function weights (deps (caller, ((position, name, omittable), ...), whether a
# weight is an input too)); exported by TFP101's visitor (`shapes.export_weight_calls`), asked when it reports
WEIGHT_CALL = "weightcall"
# callee -> its callers (`project.CALLED_BY`, kept here so that `passed.weights_passed` reads it: the project
# module imports that one)
CALLED_BY = "calls"
# the caller of a public method of a derived class, whose callers the source may not show: the base
# classes' machinery may call it (for contexts an unknown caller like "?"; it states no use of the result)
FRAMEWORK_CALLER = "?framework"
STEP_ROOT = "step"  # function (or module) -> why it is a root of the training step (also `project`'s, as CALLED_BY)
REFERRED_BY = "refby"  # function -> the function (or module) whose code refers to it without calling it
STEP_BASE = "stepbase"  # class -> a base class of the project (`project`'s; also read by `shapes` and `configs`)
COUNT = "count"  # a tf.data pipeline iterated only to count its elements (the pipeline rules' judgement)
SINGLE = "single"  # a tf.data pipeline read once for its one element (`get_single_element`, `next(iter(ds))`; the pipeline rules')
BEAM = "beam"  # run by an Apache Beam job's workers: offline data preparation
EAGER = "eager"  # reads tensors as NumPy (`.numpy()`): a compiled training step cannot run it
# "cpu-when:<reason>": every route to the device is the device half of a choice a caller makes at run time (the
# same call is made under tf.device("/CPU:0") in the other branch); the reason names the caller and its test
CPU_CHOICE = "cpu-when"
ATTACK = "attack"
OUTSIDE = "outside-only"  # a cost that exists only where code outside the project makes it: `outside_only`
# "off:<reason>": code a module constant turns off (`if _USE_GEMM:` ... `return`, then the fallback): `switched_off`
SWITCHED_OFF = "off"
# "noimport:<reason>": code of a module Python cannot import as written (`importable.import_failure`)
UNIMPORTABLE = "noimport"
# "raises:<reason>": code of a function that raises whenever it runs (`raising.raising_reason`)
RAISES = "raises"

# the kinds of code off the training step by what it is for (not where it runs): a bad value only callers of these
# kinds pass is no warning (`passed.judged`), nor a host callback only they reach (TFP501)
OFF_STEP = frozenset({"test", "synthetic", "benchmark", "tool", "eval", "inference", "export", "logging", EAGER})

_REASONS = {
    "test": "test code",
    "synthetic": "a synthetic/dummy-data path (tests and benchmarks)",
    "benchmark": "benchmark code",
    "tool": "a one-off tool (weight conversion, export or record-writing scripts)",
    ATTACK: "adversarial-attack code (crafting perturbed inputs, poisoned data or a stolen model against a trained "
            "one), not the model's own training step",
    BEAM: "an Apache Beam job (offline data preparation)",
    "eval": "evaluation code",
    "inference": "inference-only code (prediction, decoding, detection post-processing)",
    "export": "export/serving code",
    EAGER: "eager-only code (it reads tensors as NumPy with .numpy(), which a compiled training step cannot run: "
             "pre- or post-processing)",
    "logging": "logging or visualisation code",
    "cpu": "code placed on the CPU by tf.device",
    ONCE: "computed once (a weight initializer, a layer's build()), not in every training step",
    "gpu": "a cuDNN path, taken on GPUs only",
    CHANNELS_FIRST: "runs only with channels_first data; TensorFlow's default, and what Habana recommends, "
                    "is channels_last",
    HOST: "the tf.data input pipeline, on the host",
    COUNT: "a pass over the pipeline that only counts its elements (none is used), not a training input",
    SINGLE: "a pipeline read once for its single element (get_single_element, next() of a fresh iterator): one "
            "gather, not a stream of training batches",
    NO_STEP: "no layer, loss or training step of this project reaches it: a cost only if a model calls it in "
             "each training step",
    WEIGHTS: "every call of its function in this project that a training step may run passes weights (or tensors "
             "computed only from them) for what it moves: no batch factor, a copy of a weight's size (the weight convention)",
    SETTINGS: "every call of its function in this project passes settings or constants (or weights) for what it "
              "moves, and nothing else reaches it: computed from them alone, no batch factor (the weight convention)",
    UNCALLED: "nothing in this project calls it, and it is private (its name or a module on its path starts "
              "with '_'): dead code here, unless code outside the project calls it",
}
# when callers disagree, the reason shown is the first of these (any of them is off the device);
# tests call everything, so they come last
_PRIORITY = (HOST, "eval", "inference", "export", "logging", EAGER, ONCE, "cpu", "gpu", CHANNELS_FIRST, "tool", ATTACK,
             BEAM, "benchmark", "synthetic", "test")

# tokens of a file or directory name (split at "_", "-", "." and case changes)
_PATH_TOKENS = {
    "test": "test", "tests": "test", "testing": "test", "testdata": "test", "conftest": "test",
    "benchmark": "benchmark", "benchmarks": "benchmark",
    "tools": "tool", "convert": "tool", "conversion": "tool", "converter": "tool",
    # a package of adversarial attacks (ART's `attacks/`, graphgallery's `attack/`): it attacks a trained model
    # (also per batch inside an adversarial trainer, which calls it from outside the model's compiled step)
    "attack": ATTACK, "attacks": ATTACK,
    "eval": "eval", "evaluation": "eval", "evaluator": "eval", "evaluators": "eval", "metrics": "eval",
    "inference": "inference", "prediction": "inference", "predictor": "inference", "serving": "export",
    "postprocess": "inference", "postprocessing": "inference", "nms": "inference",
    "export": "export", "exporter": "export", "tflite": "export",
    "visualization": "logging", "visualize": "logging", "plotting": "logging", "callbacks": "logging",
    "visualizations": "logging", "visualizing": "logging", "visualisation": "logging", "visualise": "logging",
    "plot": "logging", "plots": "logging", "viz": "logging",  # (a module of plotting helpers: `utils/plot.py`)
    # modules of the input pipeline, by the conventions of TF code bases: they run in tf.data maps
    "aug": HOST, "augment": HOST, "augmentation": HOST, "autoaugment": HOST, "preprocessing": HOST, "preprocess": HOST,
    "preprocessors": HOST, "preproc": HOST,
    "dataloader": HOST, "dataloaders": HOST, "tfexample": HOST, "tfrecord": HOST,
    "transforms": HOST,  # (a package's data transforms, applied per sample by its data loader: torchvision's word)
    "cudnn": "gpu",
}
ADAPT = "adapt"
# tokens of a function or class name
_NAME_TOKENS = {
    "test": "test", "tests": "test",
    "dummy": "synthetic", "synthetic": "synthetic", "fake": "synthetic",
    "benchmark": "benchmark",
    "eval": "eval", "evaluate": "eval", "evaluation": "eval", "evaluator": "eval", "metric": "eval",
    "metrics": "eval",
    # the error rates and overlap scores of decoded text against references: evaluation metrics, never a loss
    "wer": "eval", "cer": "eval", "bleu": "eval", "rouge": "eval",
    "predict": "inference", "prediction": "inference", "inference": "inference", "infer": "inference",
    "decoding": "inference", "beam": "inference", "nms": "inference", "postprocess": "inference",
    # a preprocessor's code (`preprocessor_py`, a `Preprocessing` class) prepares the data the pipeline maps over
    # (not "preprocess" alone: Keras' `_preprocess_conv2d_input` turns a conv's layout inside the model)
    "preprocessor": HOST, "preprocessors": HOST, "preprocessing": HOST,
    "detections": "inference",
    # tokens back to text: what a model's predictions are turned into, never what a loss reads
    "detokenize": "inference", "detokenizer": "inference", "detokenization": "inference",
    "serve": "export", "serving": "export", "export": "export", "tflite": "export",
    "visualize": "logging", "visualization": "logging", "summary": "logging", "summaries": "logging",
    # a plot is made to be looked at (a summary image, a figure): never read by a loss
    "plot": "logging", "plots": "logging", "plotting": "logging",
    "callback": "logging",
    "cudnn": "gpu", "gpu": "gpu",
    ADAPT: "tool",  # a Keras preprocessing layer's adapt(): one pass over the data before training (only where
    # the function returns nothing, as Keras' adapt does: see `adapting`)
}
# the last name of a base class -> the kind of every method
_BASE_SUFFIXES = (("TestCase", "test"), ("Metric", "eval"), ("MeanMetricWrapper", "eval"), ("Callback", "logging"),
                  ("Evaluator", "eval"), ("DecodingModule", "inference"), ("ExportModule", "export"),
                  ("Initializer", ONCE))
# a word of a base class's name -> the kind of every method: a decoding strategy's subclasses (`GreedySearch(
# DecodingStrategy)`) decode outputs one step after another, which training with teacher forcing does not; so do a
# sequence search's (`Sampling(SequenceSearch)`, `base_context`: a base named for a search, its last word, beside a
# word of `_SEARCHED`; not a decoder able to search, `BaseBeamSearchDecoder`, whose subclasses also train)
_BASE_WORDS = {"decoding": "inference"}
_OFF_STEP_BY_NAME = {"eval", "inference"}  # name kinds a training word in the same name cancels
# a search over output sequences is decoding: "search" beside a word of how the next token is chosen or of what
# is searched (`sequence_sampling_search`, `greedy_search`, a `SequenceSearch` layer, `topk_search`); "search"
# alone is no decoding (a hyperparameter or architecture search, `searchsorted`); and "beam" beside a word of
# decoding (`_beam_decode`, `beam_decoder`) is beam search as "beam_search" is (alone, a beam of something else)
_SEARCHED = frozenset({"beam", "greedy", "sequence", "sequences", "sampling", "sample", "decode", "decoding",
                       "decoder", "topk", "nucleus"})
_BEAM_DECODING = frozenset({"search", "decode", "decoder", "decoding"})
TRAINING_WORDS = {"train", "training"}  # a name that says training
_TRAINING_NAME_WORDS = TRAINING_WORDS | {"fit"}  # (`fit_and_evaluate`: Keras's verb for training, in a def's name)
PREDICTION_WORDS = {"predict", "prediction"}  # name words that also name a model's forward pass
TRAINING_FLAGS = {"training", "is_training", "train", "_training", "_is_training", "is_train"}
# the words of a call that trains (`model.fit`, `optimizer.minimize`, `apply_gradients`, `tf.GradientTape()`,
# `estimator.train`, `train_step`, `trainer.run`, `tf.train.AdamOptimizer(lr)`, `finetune(model)`, `model.compile`
# (what precedes `fit`)...): a program that makes one is no one-off tool, nor a restoring program's inference
_TRAINING_CALL_WORDS = {"train", "training", "trainer", "fit", "minimize", "gradient", "gradients", "tape",
                        "optimizer", "finetune", "finetuning", "tune", "tuning", "learn", "compile"}


def _itself(expr: ast.AST) -> ast.AST:
    return expr


def describe(kind: str) -> str:
    for prefix in (CPU_CHOICE, OUTSIDE, SWITCHED_OFF, UNIMPORTABLE, RAISES):
        if kind.startswith(prefix + ":"):
            return kind[len(prefix) + 1:]
    return _REASONS.get(kind, kind)


def outside_only(reason: str) -> str:
    """The kind of code whose cost exists only where code outside the project makes it, as `reason` says (a
    regularizer's term that only a user's own `fit` computes): the device stays named (`sometimes_on_device`)."""
    return f"{OUTSIDE}:{reason}"


def cpu_choice(caller: str, device: str, condition: str) -> str:
    """The kind of code whose callers run it on the device only when `caller` does not take the
    branch that makes the same call under `device` (a `tf.device("/CPU:0")` expression), on
    `condition`: the choice is made at run time, so what the device runs is not known."""
    return f"{CPU_CHOICE}:{caller} runs it under {device} when {condition} (decided at run time), else on the device"


def placed_on_cpu(kind: str | None) -> bool:
    """Kinds that say only how the device would run the code: where the ops are placed (`tf.device("/CPU:0")`,
    always or by a run-time choice), or that a compiled step cannot run it (eager-only code, which reads tensors
    as NumPy). That takes device work off the device, but not a tf.data pipeline off the training path: a
    pipeline runs on the host whatever the scope, and one an eager function builds still feeds each step."""
    return kind in ("cpu", EAGER) or (kind or "").startswith(CPU_CHOICE + ":")


def sometimes_on_device(kind: str | None) -> bool:
    """Kinds of code off the training step only by a choice the user or the code makes (the data
    format, a run-time CPU placement) or only if nothing outside the project calls it (or makes its
    cost: `outside_only`): the device stays named in the message."""
    return kind in (CHANNELS_FIRST, UNCALLED, NO_STEP, WEIGHTS, SETTINGS) or \
        (kind or "").startswith((CPU_CHOICE + ":", OUTSIDE + ":", SWITCHED_OFF + ":", UNIMPORTABLE + ":",
                                 RAISES + ":"))


def unimportable(reason: str) -> str:
    """The kind of the code of a module Python cannot import as written, for `reason`."""
    return f"{UNIMPORTABLE}:code of a module that cannot be imported: {reason}"


def raises(reason: str) -> str:
    """The kind of the code of a function that raises whenever it runs, for `reason`."""
    return f"{RAISES}:code of a function that raises whenever it runs: {reason}"


def unreachable(reason: str) -> str:
    """The kind of code that never runs (after a `return` or a loop's `continue`), for `reason`."""
    return f"{RAISES}:code that never runs: {reason}"


def module_flags(tree: ast.Module, text: str, bindings: Mapping[str, list]) -> dict[str, bool]:
    """The module's constant switches: names its body binds once, at its top level, to True or False, that no
    function rebinds through `global` (`bindings`: the module scope's, by name)."""
    flags = {}
    for stmt in tree.body:
        if type(stmt) is ast.Assign and len(stmt.targets) == 1 and type(stmt.targets[0]) is ast.Name and \
                type(stmt.value) is ast.Constant and type(stmt.value.value) is bool and \
                len(bindings.get(stmt.targets[0].id, ())) == 1:
            flags[stmt.targets[0].id] = stmt.value.value
    if flags and "global" in text:
        for node in walk_nodes(tree):
            if type(node) is ast.Global:
                for name in node.names:
                    flags.pop(name, None)
    return flags


def switched_off(tree: ast.Module, flags: Mapping[str, bool], block_of) -> dict[ast.AST, str]:
    """The statements a module constant turns off (`module_flags`), each with its kind (`SWITCHED_OFF`): the branch
    of `if FLAG:` / `if not FLAG:` the constant does not take, and the statements after such an `if` whose taken
    branch always leaves (ends in `return` or `raise`) in the same block. `block_of(stmt)`: its block and index."""
    off: dict[ast.AST, str] = {}
    for node in walk_nodes(tree):
        if type(node) is not ast.If:
            continue
        test, negated = (node.test.operand, True) if type(node.test) is ast.UnaryOp and \
            type(node.test.op) is ast.Not else (node.test, False)
        if type(test) is not ast.Name or test.id not in flags:
            continue
        taken = flags[test.id] != negated
        kind = f"{SWITCHED_OFF}:code the module constant {test.id} = {flags[test.id]} turns off (it never runs " \
               "as the module is written)"
        for stmt in node.orelse if taken else node.body:
            off[stmt] = kind
        branch = node.body if taken else node.orelse
        where = block_of(node) if branch and type(branch[-1]) in (ast.Return, ast.Raise) else None
        if where is not None:
            block, index = where
            for stmt in block[index + 1:]:
                off[stmt] = kind
    return off


# what a file that tests says: a test case class or function, a test framework (`tf.test.TestCase`, `absltest`,
# `pytest`, `unittest`, `parameterized`)
_TEST_TEXT = re.compile(r"TestCase|unittest|pytest|absltest|tf\.test\b|parameterized|^\s*(?:async\s+)?def test|"
                        r"^\s*class \w*Test\b", re.M)


def file_path_context(path: str, text: str) -> str | None:
    """`path_context` of a source file, except that a file named like a test (`progressive_train_test.py`) in no test
    directory is a test only when its text shows one (`_TEST_TEXT`): a module that defines no test case and names no
    test framework is judged by what runs in it, and by the rest of its path."""
    kind = path_context(path)
    if kind != "test" or tokens(os.path.splitext(os.path.basename(path))[0])[-1:] != ["test"] or \
            _TEST_TEXT.search(text):
        return kind  # (`test_utils.py`, `_testing.py`: test utilities, whatever they define)
    own = path_context(path, own_tests=False)
    if own == "test":
        return kind  # (a directory of tests)
    return own


def path_context(path: str, own_tests: bool = True) -> str | None:
    """The kind a file's path implies (`tests/`, `*_test.py`, `evaluation/`, `beam_search.py`...), or None; without
    `own_tests`, the file's own name's test words (`*_test.py`) say nothing."""
    parts = os.path.normpath(path).replace(os.sep, "/").split("/")
    parts[-1] = os.path.splitext(parts[-1])[0]
    found = []
    for index, part in enumerate(reversed(parts)):
        words = tokens(part)
        if not own_tests and index == 0:
            words = words[:-1]  # (the `test` of `*_test`)
        if index == 0 and words == ["tools"]:
            continue  # a module of helpers (cellfinder's `classify/tools.py` builds the model it trains, set 40), not
            # a directory of one-off scripts (`tools/`)
        if "beam" in words and "search" in words:
            found.append("inference")
        kinds = [_PATH_TOKENS[token] for token in words if token in _PATH_TOKENS]
        if kinds and _joins_other_work(words):
            continue  # (`adapt_and_eval.py`: a program that fine-tunes, then evaluates; task-adaptation, set 71)
        if kinds and TRAINING_WORDS.intersection(words):
            # a name that also says training (`train_eval.py`, `dqn_train_eval_atari.py`: a program that trains and
            # evaluates as it goes) holds the training step too, as `name_context` reads a function's name
            kinds = [kind for kind in kinds if kind not in _OFF_STEP_BY_NAME]
        found.extend(kinds)
    if "test" in found:  # a test of the input pipeline is a test first
        return "test"
    return found[0] if found else None


def _joins_other_work(words: list[str]) -> bool:
    """A name that joins with "and" a part naming no off-step kind to one that does (`adapt_and_eval`,
    `finetune_and_test`): the file does both, so the off-step part does not say what all of it does."""
    if "and" not in words:
        return False
    parts = [part.split() for part in f" {' '.join(words)} ".split(" and ")]
    return any(part and not any(word in _PATH_TOKENS for word in part) for part in parts)


def main_block(stmt: ast.stmt) -> bool:
    """`if __name__ == "__main__":`, the code a file runs only as a program."""
    test = stmt.test if type(stmt) is ast.If else None
    return type(test) is ast.Compare and type(test.left) is ast.Name and test.left.id == "__name__" and \
        any(type(c) is ast.Constant and c.value == "__main__" for c in test.comparators)


def program_context(tree: ast.Module, calls: Iterable[ast.Call]) -> str | None:
    """"tool" for a program (a module with an `if __name__ == "__main__":` block) that writes records
    (`tf.io.TFRecordWriter`) and trains nothing: no call says training (`fit`, `minimize`,
    `apply_gradients`, `tf.GradientTape()`, `estimator.train`, `train_step`, an optimizer...). A one-off data
    preparation run, like a conversion tool: it and what only it calls are not the training step. Else None."""
    if not any(main_block(stmt) for stmt in tree.body):
        return None
    calls = list(calls)
    writes = any(last_name(call.func).endswith("RecordWriter") for call in calls)
    return "tool" if writes and not trains(calls) else None


# the last name of a call that loads a trained model's weights: `saver.restore(sess, path)`, `ckpt.restore(path)`,
# `model.load_weights(path)`, `tf.keras.models.load_model(path)`, `tf.train.latest_checkpoint(dir)`
_RESTORES = frozenset({"restore", "load_weights", "load_model", "latest_checkpoint", "load_checkpoint"})
RESTORE_TEXT = re.compile(r"\b(?:" + "|".join(sorted(_RESTORES)) + r")\b")  # (a file that says none restores none)


def search_at(pattern: re.Pattern, starts: Iterable[str], text: str) -> bool:
    """Whether `pattern` matches somewhere in `text`, every match of which starts with one of the plain strings
    `starts`: tried only where they occur (`pattern.match` there, which sees the text before: word boundaries and
    look-behinds as a search's). A search tries the pattern at every character, which a pattern that starts with an
    alternation or a look-around makes a millisecond's work for a whole file; `str.find` skips to the places."""
    for start in starts:
        at = text.find(start)
        while at >= 0:
            if pattern.match(text, at):
                return True
            at = text.find(start, at + 1)
    return False


def says_restore(text: str) -> bool:
    """Whether `text` names a restoring call as a word (`RESTORE_TEXT`)."""
    return search_at(RESTORE_TEXT, _RESTORES, text)


# the last name of a Keras call that runs a model for its outputs only (no gradient, no update)
PREDICTS = frozenset({"predict", "predict_on_batch"})


def restoring_predictors(calls: Iterable[ast.Call], parents: Mapping[ast.AST, ast.AST]) -> frozenset[ast.AST]:
    """Functions that load a trained model's weights (`model.load_weights(path)`, `load_model(path)`: `_RESTORES`),
    run it for its outputs (`model.predict(x)`, `predict_on_batch`) and train nothing (`trains`: no `fit`, `compile`
    is no training either way, no tape, no optimizer): an application of a pretrained model (segment an image with
    shipped weights). Whatever they build and call runs only to predict: what they pass a model builder (a weight
    decay) never reaches a training step."""
    restoring: set[ast.AST] = set()
    predicting: set[ast.AST] = set()
    for call in calls:
        name = last_name(call.func)
        if name in _RESTORES or name in PREDICTS and type(call.func) is ast.Attribute:
            function = parents.get(call)
            while function is not None and type(function) not in (ast.FunctionDef, ast.AsyncFunctionDef):
                function = parents.get(function)
            if function is not None:
                (restoring if name in _RESTORES else predicting).add(function)
    return frozenset(function for function in restoring & predicting
                     if not trains(n for n in ast.walk(function) if type(n) is ast.Call))


def restoring_entries(tree: ast.Module, calls: Iterable[ast.Call]) -> frozenset[ast.AST]:
    """The entry of a program that restores a trained model and trains nothing (a sampler, a generator, a
    prediction or demo script): its `if __name__ == "__main__":` blocks, the module-level functions they name
    (`app.run(main)`, `main()`) and `main` (what `tf.app.run()` runs). A program restores when a call loads
    weights (`saver.restore`, `load_weights`, `load_model`, `latest_checkpoint`...), and trains nothing when no
    call says training (`trains`). Its entry runs the restored model for its outputs, never a training step:
    what only it calls is off the step too (the call graph's work). Empty otherwise.
    A module-level function that builds a Keras model (`Model(...)`, `Sequential(...)`, `Input(...)`) and returns a
    value (a model builder, like Keras Applications' `MobileNetV2(weights=...)`) is library code the block only demonstrates, one caller
    among others: it is no entry, and the weights it loads into the model it builds (pretrained weights, the
    starting point of a fine-tuning) are no restore of the program's."""
    blocks = [stmt for stmt in tree.body if main_block(stmt)]
    if not blocks:
        return frozenset()
    calls = list(calls)
    if not any(last_name(call.func) in _RESTORES for call in calls) or trains(calls):
        return frozenset()
    builders = [stmt for stmt in _builder_defs(tree) if stmt.name != "main"]
    if builders:
        inside = {id(n) for builder in builders for n in ast.walk(builder) if type(n) is ast.Call}
        if not any(last_name(call.func) in _RESTORES and id(call) not in inside for call in calls):
            return frozenset()  # (only a builder loads weights: its own starting point)
    return frozenset(entry for entry in program_entries(tree) if entry not in builders)


def program_entries(tree: ast.Module) -> frozenset[ast.AST]:
    """A program's `if __name__ == "__main__":` blocks, the module-level functions they name (`app.run(main)`,
    `main()`) and `main` (what `tf.app.run()` runs); empty for a module with no such block."""
    blocks = [stmt for stmt in tree.body if main_block(stmt)]
    named = {n.id for block in blocks for n in ast.walk(block) if type(n) is ast.Name and type(n.ctx) is ast.Load}
    entries = {stmt for stmt in tree.body if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef)
               and (stmt.name in named or stmt.name == "main")} if blocks else ()
    return frozenset({*blocks, *entries})


_BUILDS = frozenset({"Model", "Sequential", "Input"})  # Keras's calls that make a model (`restoring_entries`)


def demo_blocks(tree: ast.Module, calls: Iterable[ast.Call], builder_or_framework) -> frozenset[ast.stmt]:
    """The `if __name__ == "__main__":` blocks of a module that only show its models: no call of the file says
    training (`trains`), and every call in the block is `builder_or_framework`'s (a model builder of the module,
    `model_builders`, or no function of the project: `plot_model`, `print`, `model.summary()`). What such a block
    passes a builder (`create_unet(residual_connections=True)` in set 60's deepvoxnet2) is a demonstration's choice,
    not what a training run passes: like a test's call, its values are not a caller's (`symbols`)."""
    blocks = [stmt for stmt in tree.body if main_block(stmt)]
    if not blocks or trains(calls):
        return frozenset()
    return frozenset(block for block in blocks if all(
        builder_or_framework(node) for node in ast.walk(block) if type(node) is ast.Call))


def model_builders(tree: ast.Module) -> set[str]:
    """The names of the module-level functions that build a Keras model and return a value (`_builder_defs`)."""
    return {stmt.name for stmt in _builder_defs(tree)}


def _builder_defs(tree: ast.Module) -> list[ast.AST]:
    """The module-level functions that build a Keras model and return a value (`_builds_and_returns`)."""
    return [stmt for stmt in tree.body
            if type(stmt) in (ast.FunctionDef, ast.AsyncFunctionDef) and _builds_and_returns(stmt)]


def _builds_and_returns(function: ast.AST) -> bool:
    """Whether a function makes a Keras model and returns a value (a model builder; a program's `main` that builds,
    restores and predicts returns nothing)."""
    made = returned = False
    for node in ast.walk(function):
        kind = type(node)
        if kind is ast.Call:
            made = made or last_name(node.func) in _BUILDS
        elif kind is ast.Return:
            returned = returned or node.value is not None
    return made and returned


# A functional Keras model built only to predict (`predict_only_statements`): Keras's model classes, by their last name
# under a framework's module (`keras.Model`, `tf.keras.models.Sequential`, `tf_keras.Model`)
_MODEL_CLASSES = frozenset({"Model", "Sequential", "Functional"})
_KERAS_PREFIXES = ("keras.", "tensorflow.keras.", "tensorflow.python.keras.", "tf_keras.", "keras_core.")
# what code may do with a model it only predicts with: run it for its outputs, or read, save or load it
PREDICTING_USES = frozenset({"predict", "predict_on_batch", "predict_generator", "predict_step", "serve"})
_NEUTRAL_USES = frozenset({"save", "save_weights", "load_weights", "summary", "name", "inputs", "outputs", "input",
                           "output", "input_shape", "output_shape", "layers", "get_layer", "to_json", "to_yaml",
                           "get_config", "count_params", "export", "add"})
# calls that read a value's type, length or presence, not its data (`isinstance(outputs, list)`)
_INSPECTING = frozenset({"isinstance", "len", "hasattr", "type", "print", "getattr", "id"})
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def predict_only_statements(tree: ast.Module, calls: Iterable[ast.Call], parents: Mapping[ast.AST, ast.AST],
                            call_name: Callable[[ast.Call], str | None]) -> frozenset[ast.AST]:
    """The statements that build a Keras model only to predict with it: a functional model (`Model(inputs,
    outputs)`, `keras.Model(inputs=..., outputs=...)`, `Sequential([...])` and its `.add(layer)`) bound to a name
    or an attribute whose every use in the file runs it for its outputs with Keras's prediction loop (`.predict`,
    `.predict_on_batch`, `.predict_generator`, `.predict_step`: `PREDICTING_USES`, at least one) or reads, saves or
    loads it (`.summary()`, `.save(path)`, `.inputs`...), never `fit`, `compile`, a call (with `training=False` too:
    a frozen teacher or backbone called in another model's step runs in every step) or a hand-off; and, in the function that builds it, every statement whose names flow only into such a model
    (`keypoints = Maxima2D(...)(outputs)` ... `self.predict_model = Model(inputs, keypoints)`): a head added
    to a trained network for its predictions (a peak finder, a decoder of boxes), which no training step runs.
    Keras trains a model by `fit` or a step that calls it with `training=True`; one only predicted with is
    inference, whatever builds it. A name also read elsewhere (returned, handed to another model or call) is
    no such flow."""
    found: set[ast.AST] = set()
    walks = _Walks(tree)
    for call in calls:
        name = call_name(call) or ""
        if name.rpartition(".")[2] not in _MODEL_CLASSES or not name.startswith(_KERAS_PREFIXES):
            continue
        statement = _statement_of(call, parents)
        if statement is None or not _predicted_only(walks, statement, call, parents):
            continue
        scope = _scope_of(statement, parents)
        found.add(statement)
        found.update(_feeding(walks.nodes(scope), statement, parents))
    return frozenset(found)


class _Walks:
    """The walks `predict_only_statements` reads, each made once for all the models of a file (a file that builds
    many models in one function walked it once per model): a scope's nodes in `ast.walk`'s order, the reads of each
    name in a scope, the reads of each attribute in the file, each list in that order."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self._nodes: dict[ast.AST, list[ast.AST]] = {}
        self._reads: dict[ast.AST, dict[str, list[ast.Name]]] = {}
        self._attributes: dict[str, list[ast.Attribute]] | None = None

    def nodes(self, scope: ast.AST) -> list[ast.AST]:
        found = self._nodes.get(scope)
        if found is None:
            found = self._nodes[scope] = walk_nodes(scope)
        return found

    def reads(self, scope: ast.AST, name: str) -> list[ast.Name]:
        found = self._reads.get(scope)
        if found is None:
            found = self._reads[scope] = {}
            for n in self.nodes(scope):
                if type(n) is ast.Name and type(n.ctx) is ast.Load:
                    found.setdefault(n.id, []).append(n)
        return found.get(name, [])

    def attribute_reads(self, attr: str) -> list[ast.Attribute]:
        if self._attributes is None:
            self._attributes = {}
            for n in self.nodes(self.tree):
                if type(n) is ast.Attribute and type(n.ctx) is ast.Load:
                    self._attributes.setdefault(n.attr, []).append(n)
        return self._attributes.get(attr, [])


def _statement_of(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> ast.stmt | None:
    while node is not None and not isinstance(node, ast.stmt):
        node = parents.get(node)
    return node


def _scope_of(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> ast.AST:
    node = parents.get(node)
    while node is not None and type(node) not in (*_DEFS, ast.Module):
        node = parents.get(node)
    return node


def _predicted_only(walks: _Walks, statement: ast.stmt, call: ast.Call,
                    parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether the model `call` makes, as `statement` binds it (`pm = Model(...)`, `self.pm = Model(...)`), is only
    predicted with, read, saved or loaded in the file (`predict_only_statements`), at least once predicted with."""
    if type(statement) is not ast.Assign or len(statement.targets) != 1 or statement.value is not call:
        return False
    target = statement.targets[0]
    if type(target) is ast.Name:
        uses = walks.reads(_scope_of(statement, parents), target.id)
    elif type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == "self":
        uses = walks.attribute_reads(target.attr)
    else:
        return False
    predicted = False
    for use in uses:
        parent = parents.get(use)
        if type(parent) is ast.Attribute and parent.value is use:
            if parent.attr in PREDICTING_USES:
                predicted = True
            elif parent.attr not in _NEUTRAL_USES:
                return False
        else:  # (a call, even with `training=False`: a frozen model in another model's forward runs every step)
            return False
    return predicted


def _feeding(walked: list[ast.AST], model: ast.stmt, parents: Mapping[ast.AST, ast.AST]) -> list[ast.stmt]:
    """The statements of a scope (`walked`: its nodes) whose names flow only into the predict-only model `model`
    binds: each assigns only names every read of which is in that model's statement (or its `.add(...)`), in
    another such statement's value, or only asks its type or length (`isinstance(x, list)`, a test), to a fixed
    point."""
    target = model.targets[0]
    holder = ast.unparse(target)
    sinks = [model]
    assigns: dict[str, list[ast.stmt]] = {}
    reads: dict[str, list[ast.Name]] = {}
    for node in walked:  # (the scope's walk: the model's `.add(...)` statements, and the names stored and read)
        kind = type(node)
        if kind is ast.Expr:
            value = node.value
            if type(value) is ast.Call and type(value.func) is ast.Attribute and value.func.attr == "add" \
                    and ast.unparse(value.func.value) == holder:
                sinks.append(node)
            continue
        if kind is not ast.Name or node is target:
            continue
        if type(node.ctx) is ast.Store:
            statement = _statement_of(node, parents)
            if type(statement) in (ast.Assign, ast.AugAssign, ast.AnnAssign):
                assigns.setdefault(node.id, []).append(statement)
            else:
                assigns.setdefault(node.id, []).append(None)  # (a loop's target, a with's: not followed)
        elif type(node.ctx) is ast.Load:
            reads.setdefault(node.id, []).append(node)
    names = {name for name, stores in assigns.items() if None not in stores and name in reads}
    # what each read needs of the flowing names (`_flow_of`: found once), then the largest set of names whose every
    # read flows, to a fixed point (dropping a name only drops others: any order of drops ends there)
    needs = {name: [_flow_of(read, sinks, parents) for read in reads[name]] for name in names}
    changed = True
    while changed:
        changed = False
        for name in list(names):
            if not all(need is True or need is not False and all(n in names for n in need) for need in needs[name]):
                names.discard(name)
                changed = True
    flowing = [s for name in names for s in assigns[name]]
    return [s for s in flowing if all(n in names for n in _stored_names(s))] + sinks[1:]


def _stored_names(statement: ast.stmt) -> list[str]:
    targets = statement.targets if type(statement) is ast.Assign else [statement.target]
    return [n.id for t in targets for n in ast.walk(t) if type(n) is ast.Name and type(n.ctx) is ast.Store]


def _flow_of(read: ast.Name, sinks: list[ast.stmt], parents: Mapping[ast.AST, ast.AST]) -> bool | list[str]:
    """Whether a read of a name flows into the model whatever names flow (True: it is in a sink statement, or asks
    only the value's type or length, a test, `isinstance(x, list)`; False: it goes elsewhere), or else the names the
    assignment whose value reads it stores (it flows when they all do)."""
    child, node = read, parents.get(read)
    while node is not None and not isinstance(node, ast.stmt):
        if type(node) is ast.Call and node.func is not child and type(node.func) is ast.Name and \
                node.func.id in _INSPECTING:
            return True
        if type(node) is ast.IfExp and child is node.test:
            return True
        child, node = node, parents.get(node)
    if node is None:
        return False
    if any(node is sink for sink in sinks):
        return True
    if type(node) in (ast.If, ast.While, ast.Assert) and child is node.test:
        return True
    if type(node) in (ast.Assign, ast.AugAssign, ast.AnnAssign) and child is node.value:
        return _stored_names(node) or False
    return False


# ops that pick discrete tokens from a model's scores: the argmax, a categorical draw, the top k (a beam, top-k sampling)
CHOICES = frozenset({"tensorflow.argmax", "tensorflow.math.argmax", "tensorflow.random.categorical",
                     "tensorflow.random.stateless_categorical", "tensorflow.multinomial", "tensorflow.math.top_k",
                     "tensorflow.nn.top_k", "keras.random.categorical", "keras.ops.argmax", "keras.ops.top_k"})
CHOICE_WORDS = ("argmax", "categorical", "top_k", "multinomial")  # (a file that says none chooses none)
_LOOPS = (ast.While, ast.For, ast.AsyncFor)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_FRAMEWORKS = ("tensorflow.", "keras.", "numpy.", "tf_keras.", "jax.", "torch.")


def generation_statements(calls: Iterable[ast.Call], parents: Mapping[ast.AST, ast.AST],
                          call_name: Callable[[ast.Call], str | None]) -> frozenset[ast.AST]:
    """The statements of autoregressive generation: a loop in which what a call of a model returns is chosen
    from (`tf.argmax`, `tf.random.categorical`, `tf.math.top_k`: `CHOICES`) and the choice, through the names
    that hold it, is what the next turn hands the same call (`result = self.model(inputs)` ... `ids =
    tf.argmax(result["logits"], axis=1)` ... `inputs["input_ids"] = ids`: greedy, sampled or beam decoding,
    pixel-by-pixel sampling), and the statements that follow such a loop in its function (what is made of the
    generated sequence). A choice has no gradient: no training step feeds its model its own choices (teacher
    forcing feeds the targets), so this is inference whatever calls it. Not a loop whose choices only
    leave it (accuracy of a training loop's predictions), nor one in a function that trains (a rollout
    before a policy-gradient step: `_trains_around`)."""
    found: set[ast.AST] = set()
    looked: set[ast.AST] = set()
    for choice in calls:
        if call_name(choice) not in CHOICES:
            continue
        loop = _enclosing_loop(choice, parents)
        if loop is None or loop in looked:
            continue
        looked.add(loop)
        if _feeds_back(loop, call_name) and not _trains_around(loop, parents):
            found.update(_from(loop, parents))
    return frozenset(found)


def _trains_around(loop: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> bool:
    """Whether the function around the loop trains (`trains`: a tape, `apply_gradients`, `minimize`, a training
    step...): a policy-gradient step samples actions in a rollout loop and then takes its gradients; what
    follows the loop there is the step itself."""
    function = parents.get(loop)
    while function is not None and type(function) not in _NESTED:
        function = parents.get(function)
    body = function if function is not None else loop
    return trains(node for node in ast.walk(body) if type(node) is ast.Call)


def _enclosing_loop(node: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> ast.AST | None:
    """The innermost `while` / `for` around `node` in its own function (not one around the function)."""
    node = parents.get(node)
    while node is not None and type(node) not in _NESTED:
        if type(node) in _LOOPS:
            return node
        node = parents.get(node)
    return None


def _from(loop: ast.AST, parents: Mapping[ast.AST, ast.AST]) -> list[ast.AST]:
    """The loop and every statement that runs after it in its function: those after it in its block, and
    after the block's statement in the enclosing blocks (not the other branch of an `if` around it; not the
    rest of an outer loop, which may do more than generate). Nothing after a loop of module-level code."""
    found, child = [loop], loop
    parent = parents.get(child)
    while parent is not None and type(parent) is not ast.Module and type(parent) is not ast.Lambda:
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if type(block) is list and any(stmt is child for stmt in block):
                found.extend(block[next(i for i, stmt in enumerate(block) if stmt is child) + 1:])
        if type(parent) in _NESTED or type(parent) in _LOOPS:
            break
        child, parent = parent, parents.get(parent)
    return found


def _feeds_back(loop: ast.AST, call_name: Callable[[ast.Call], str | None]) -> bool:
    """Whether a call in the loop (not a framework op: a model, a network, a decoding step) returns what a
    choice in the loop picks from, and the choice flows back into that call's arguments."""
    assigns: list[tuple[set[str], set[str]]] = []  # (the names stored, the names read) of each assignment
    owner: dict[ast.Call, int] = {}  # a call in an assignment's value -> the assignment
    inside: dict[ast.Call, list[ast.Call]] = {}  # a choice -> the calls in its arguments
    todo = list(loop.body) + list(getattr(loop, "orelse", ()))
    while todo:
        node = todo.pop()
        kind = type(node)
        if kind in _NESTED:
            continue
        if kind in (ast.Assign, ast.AugAssign, ast.AnnAssign) and node.value is not None:
            targets = node.targets if kind is ast.Assign else [node.target]
            index = len(assigns)
            assigns.append(({name for t in targets for name in _stored(t)}, _read(node.value)))
            for sub in ast.walk(node.value):
                if type(sub) is ast.Call:
                    owner.setdefault(sub, index)
                    if call_name(sub) in CHOICES:
                        inside[sub] = [c for c in ast.walk(sub) if type(c) is ast.Call and c is not sub]
        todo.extend(ast.iter_child_nodes(node))
    for model, index in owner.items():
        name = call_name(model) or ""
        if name in CHOICES or name.startswith(_FRAMEWORKS) or not (model.args or model.keywords):
            continue
        holds = _flow(assigns[index][0], assigns)
        chosen = {name for choice, calls in inside.items() if _read(choice) & holds or model in calls
                  for name in assigns[owner[choice]][0]}
        if chosen and _read(ast.Tuple([*model.args, *(k.value for k in model.keywords)], ast.Load())) & \
                _flow(chosen, assigns):
            return True
    return False


def _flow(names: set[str], assigns: list) -> set[str]:
    """`names` and every name an assignment of the loop stores what reads one of them in (to a fixed point)."""
    names = set(names)
    changed = bool(names)
    while changed:
        changed = False
        for targets, reads in assigns:
            if reads & names and not targets <= names:
                names |= targets
                changed = True
    return names


def _stored(target: ast.AST) -> set[str]:
    """The names an assignment target stores into: `x`, the `inputs` of `inputs["ids"] = ...`, each of a tuple."""
    kind = type(target)
    if kind is ast.Name:
        return {target.id}
    if kind in (ast.Subscript, ast.Starred):
        return _stored(target.value)
    if kind in (ast.Tuple, ast.List):
        return {name for elt in target.elts for name in _stored(elt)}
    if kind is ast.Attribute:
        return {ast.unparse(target)}
    return set()


def _read(expr: ast.AST) -> set[str]:
    """The names (and `self.x` attributes) an expression reads."""
    found = set()
    for node in ast.walk(expr):
        if type(node) is ast.Name:
            found.add(node.id)
        elif type(node) is ast.Attribute and type(node.value) is ast.Name:
            found.add(f"{node.value.id}.{node.attr}")
    return found


def last_name(func: ast.AST) -> str:
    """`tf.io.TFRecordWriter`, `load_model` -> the last name; "" for another expression."""
    return func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else ""


def trains(calls: Iterable[ast.Call]) -> bool:
    """Whether a call says training (`fit`, `minimize`, `apply_gradients`, `tf.GradientTape()`, `estimator.train`,
    `train_step`, `trainer.run`, `train_lib.run_experiment`, an optimizer made...), by the words of its names on
    the way. TensorFlow's `tf.train` module is not one: it holds checkpoints and records (`tf.train.Saver`,
    `tf.train.Example`) as well as optimizers, which say so by their own names."""
    for call in calls:
        func = call.func
        while type(func) is ast.Attribute:  # the names on the way too: `train_lib.run_experiment(...)`
            if _TRAINING_CALL_WORDS.intersection(tokens(func.attr)) and not _tf_train(func):
                return True
            func = func.value
        if type(func) is ast.Name and _TRAINING_CALL_WORDS.intersection(tokens(func.id)):
            return True
    return False


def _tf_train(node: ast.Attribute) -> bool:
    """`tf.train`, `tensorflow.train`, `tf.compat.v1.train`: TensorFlow's module of that name."""
    value = node.value
    return node.attr == "train" and (type(value) is ast.Name and value.id in ("tf", "tensorflow")
                                     or type(value) is ast.Attribute and value.attr == "v1")


# a custom loop's validation half: "val" or "validation" beside a word of a loop (`val_step`, `_val_epoch`,
# `validation_step`); alone "val" is as often a value (`_generate_init_val`, `clip_val`) and "validation" a setting
# whose branch still trains (`if validation_split:` trains on the rest); "valid" means not padded
# (`__valid_call_single__`) and "validate" checks arguments
_VALIDATION = {"val", "validation"}
_VAL_LOOP = {"step", "steps", "epoch", "loop", "batch", "iteration"}


def name_context(name: str) -> str | None:
    words = tokens(name)
    if words[:1] == ["test"] or name.startswith(("setUp", "tearDown")):
        return "test"
    if "search" in words and _SEARCHED.intersection(words):
        return None if TRAINING_WORDS.intersection(words) else "inference"  # (decoding: `_SEARCHED`)
    if "beam" in words and not _BEAM_DECODING.intersection(words):
        return None  # a "beam" of something else
    for word in words:
        if word in _NAME_TOKENS and word != "test":
            kind = _NAME_TOKENS[word]
            # a name that also says training (`train_eval_input_fn`, `train_and_evaluate`) runs the training
            # step too: its eval or prediction word does not take it off the step
            return None if kind in _OFF_STEP_BY_NAME and _TRAINING_NAME_WORDS & set(words) else kind
    return None


def adapting(function: ast.AST, returns: Iterable[ast.Return]) -> bool:
    """Whether a function named for adapting (`adapt`, `_adapt_layers`) is a Keras-style adapt: one pass over the
    data that updates state (a preprocessing layer's vocabulary, its mean) and returns nothing. One that returns a
    value (`return dataset`: a data adapter that checks, converts and batches the data it is given) hands what it
    makes on to its callers, the training input among them: its name says nothing of where that runs."""
    return ADAPT not in tokens(getattr(function, "name", "")) or all(r.value is None for r in returns)


def base_context(bases: Iterable[ast.expr]) -> str | None:
    """The kind every base class agrees on (a class that is also a trainer, a layer... is none)."""
    kinds = set()
    for base in bases:
        last = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else ""
        words = tokens(last)
        kinds.add(next((kind for suffix, kind in _BASE_SUFFIXES if last.endswith(suffix)), None)
                  or next((_BASE_WORDS[w] for w in words if w in _BASE_WORDS), None)
                  or ("inference" if words[-1:] == ["search"] and _SEARCHED.intersection(words) else None))
    return kinds.pop() if len(kinds) == 1 else None


def def_context(node: ast.AST) -> str | None:
    """The kind a function or class implies by its own name and bases."""
    if isinstance(node, ast.ClassDef):
        return base_context(node.bases) or name_context(node.name)
    return name_context(node.name) or _validation_loop(node.name)


def _validation_loop(name: str) -> str | None:
    """"eval" for a function named for a custom loop's validation half (`val_step`, `validation_step`); the words
    of a function's name only, not of a setting (`if validation_steps:` may guard anything)."""
    words = set(tokens(name))
    return "eval" if words & _VALIDATION and words & _VAL_LOOP and not words & TRAINING_WORDS else None


def branch_context(child: ast.AST, parent: ast.AST, value_of: Callable[[ast.AST], ast.AST] = _itself) -> str | None:
    """The kind `parent` gives to its child `child` (an `if`'s branch, a `with` body, a branch of a
    conditional expression). `value_of`: the expression a flag holds (`is_channels_last =
    image_data_format() == "channels_last"`, `self._channels_first = ...`), the flag itself if unknown."""
    if isinstance(parent, ast.IfExp) and child is not parent.test:
        # only the data format: `x if fmt == "channels_last" else Permute(...)(x)`
        return CHANNELS_FIRST if _channels_first_branches(parent.test, value_of)[child is parent.orelse] else None
    if isinstance(parent, ast.If):
        in_body = any(child is s for s in parent.body)
        in_else = any(child is s for s in parent.orelse)
        if not (in_body or in_else):
            return None
        if _channels_first_branches(parent.test, value_of)[in_else]:
            return CHANNELS_FIRST
        if in_else and isinstance(parent.test, ast.BoolOp) and isinstance(parent.test.op, ast.And):
            return _else_of_training_and(parent.test, value_of)
        held = value_of(parent.test) if isinstance(parent.test, ast.Name) else None
        # a flag holding a mode comparison (`just_noise = mode == ModeKeys.PREDICT` ... `if just_noise:`)
        return _test_context(held if isinstance(held, ast.Compare) else parent.test, in_body)
    if isinstance(parent, (ast.With, ast.AsyncWith)) and any(child is s for s in parent.body):
        for item in parent.items:
            if is_cpu_device(item.context_expr):
                return "cpu"
    return None


def _else_of_training_and(test: ast.BoolOp, value_of: Callable[[ast.AST], ast.AST]) -> str | None:
    """The else of `if self.is_training and self.sample_softmax:`: it runs whenever it is not training, and in
    training only where another part of the test is false. Evaluation when every other part holds by default (a
    literal True, `options.get("sample_softmax", True)`): training takes the body unless a caller turns that off
    (opt-out). A part that may be false by default (`hparams.max_train_len`, 0 in the defaults; a value not known
    here) leaves the else on the training path too: no context."""
    flags = [v for v in test.values if _test_context(v, False) == "eval"]
    if not flags or len(flags) == len(test.values):
        return None
    others = [v for v in test.values if v not in flags]
    return "eval" if all(_true_by_default(value_of(v) if isinstance(v, (ast.Name, ast.Attribute)) else v)
                         for v in others) else None


def _true_by_default(value: ast.AST) -> bool:
    """A literal True (or another truthy literal), or a lookup whose default is one (`options.get("x", True)`)."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "get" and \
            len(value.args) == 2 and not value.keywords:
        value = value.args[1]
    return isinstance(value, ast.Constant) and type(value.value) in (bool, int, float, str) and bool(value.value)


def _test_context(test: ast.expr, in_body: bool) -> str | None:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and in_body:
        # `if not training or labels is None:` runs at least whenever it is not training; `if mode == "predict" or
        # mode == "predict_on_the_fly":` only in the modes it names (evaluation, for several off the step)
        kinds = [_test_context(v, True) for v in test.values]
        if "eval" in kinds:
            return "eval"
        modes = {(mode_branches(v) or (None,))[0] for v in test.values}
        return (modes.pop() if len(modes) == 1 else "eval") if None not in modes else None
    if in_body and isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and \
            any(_with_cache(v) for v in test.values):
        return "inference"  # (`if cache is not None and decode_loop_step is None:`)
    with_cache = _with_cache(test)
    if with_cache is not None:
        return "inference" if with_cache == in_body else None
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    flag = test.operand if negated else test
    if _flag_name(flag) in TRAINING_FLAGS:
        return "eval" if in_body == negated else None
    if _flag_name(flag) and in_body and not negated:  # `if compute_with_beam_search:`, `if self._is_eval:`
        return name_context(_flag_name(flag))
    branches = mode_branches(test)
    if branches is not None:  # `mode == ModeKeys.INFER`, `split != "train"`, `mode in (EVAL, PREDICT)`
        return branches[0] if in_body else branches[1]
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and len(test.comparators) == 1:
        op, right = test.ops[0], test.comparators[0]
        if isinstance(right, ast.Constant) and isinstance(right.value, str) and isinstance(op, ast.Eq) and in_body:
            if any(w in ("dummy", "synthetic", "fake") for w in tokens(right.value)):
                return "synthetic"
    return None


def asserted_mode(before: Iterable[ast.stmt]) -> str | None:
    """The mode an `assert <x> == '<mode>'` among the statements before a point of a block says the block runs in
    (`else: assert split == 'eval'`), when that is a mode off the training step (`_MODE_STRINGS`)."""
    for stmt in before:
        test = stmt.test if type(stmt) is ast.Assert else None
        if type(test) is ast.Compare and len(test.ops) == 1 and type(test.ops[0]) is ast.Eq:
            right = test.comparators[0]
            if type(right) is ast.Constant and type(right.value) is str and right.value.lower() in _MODE_STRINGS:
                return _MODE_STRINGS[right.value.lower()]
    return None


# a run mode held as a string (`mode == 'generate'`, magenta's 'train' / 'eval' / 'generate' graphs): the modes
# off the training step, by the names code bases give them (`purpose.MODE_STRINGS`, the training mode left out)
_MODE_STRINGS = {word: kind for word, kind in MODE_STRINGS.items() if kind != TRAIN}
_LAYOUTS = {"channels_first": "channels_first", "channels_last": "channels_last"}
# a boolean named for a layout (`self.channels_first`, `channels_last`): true exactly for that layout
_LAYOUT_FLAGS = {**_LAYOUTS, "is_channels_first": "channels_first", "is_channels_last": "channels_last"}
# a layout string with the channels second (TensorFlow's "NCHW", "NCW", "NCDHW"; "BCHW" as some code writes it)
# or last ("NHWC", "BHWC"): the same choice as Keras's data_format
_CHANNELS_FIRST_LAYOUT = re.compile(r"[NB]C[DHW]{1,3}")
_CHANNELS_LAST_LAYOUT = re.compile(r"[NB][DHW]{1,3}C")


def layout_of(value: object) -> str | None:
    """"channels_first" / "channels_last" for a data-format string ("channels_first", "NCHW", "BCHW";
    "channels_last", "NHWC"), else None."""
    if not isinstance(value, str):
        return None
    return _LAYOUTS.get(value) or ("channels_first" if _CHANNELS_FIRST_LAYOUT.fullmatch(value) else
                                   "channels_last" if _CHANNELS_LAST_LAYOUT.fullmatch(value) else None)


def _channels_first_branches(test: ast.expr, value_of: Callable[[ast.AST], ast.AST]) -> tuple[bool, bool]:
    """Whether the body, and whether the else, of a branch on `test` runs only with channels_first
    data. Read from the string literal the test compares with, whatever it is compared to
    (`data_format`, `self.data_format`, `backend.image_data_format()`): "channels_first" /
    "channels_last", or a layout string ("NCHW", "BCHW" / "NHWC") with `==` / `!=`, under `not`, `and`, `or`, held by a name, or returned by a
    project function that returns only such a comparison (`if is_channels_last():`, `if
    is_channels_first(self.data_format):`, through `value_of`). The string may be held by a name
    (`== _CH_FIRST_STR`, a module constant of this file or one imported from the project: `value_of`). A boolean
    named for the layout is that comparison too (`if self.channels_first:`, `if channels_last:`, `is_channels_first`):
    its name says which layout it is true for, whatever sets it."""
    if isinstance(test, (ast.Name, ast.Attribute)):
        named = _LAYOUT_FLAGS.get((test.id if isinstance(test, ast.Name) else test.attr).lstrip("_"))
        if named is not None:
            return named == "channels_first", named == "channels_last"
    if isinstance(test, (ast.Name, ast.Attribute, ast.Call)):
        test = value_of(test)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        body, orelse = _channels_first_branches(test.operand, value_of)
        return orelse, body
    if isinstance(test, ast.BoolOp):
        parts = [_channels_first_branches(value, value_of) for value in test.values]
        if isinstance(test.op, ast.And):  # the body needs every operand true, the else one false
            return any(body for body, _ in parts), all(orelse for _, orelse in parts)
        return all(body for body, _ in parts), any(orelse for _, orelse in parts)
    prefix = _layout_prefix(test)
    if prefix is not None:
        return prefix == "channels_first", prefix == "channels_last"
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Eq, ast.NotEq))):
        return False, False
    sides = (test.left, test.comparators[0])
    literals = [side.value for side in sides if isinstance(side, ast.Constant) and isinstance(side.value, str)]
    if not literals:  # a name holding the string: a module constant, also one imported (`_CH_FIRST_STR`)
        held = [value_of(side) if isinstance(side, ast.Name) else side for side in sides]
        literals = [side.value for side in held if isinstance(side, ast.Constant) and isinstance(side.value, str)]
    layout = layout_of(literals[0]) if len(literals) == 1 else None
    if layout is None:
        return False, False
    body_when_equal = isinstance(test.ops[0], ast.Eq)
    first_when_equal = layout == "channels_first"
    body_is_first = body_when_equal == first_when_equal
    return body_is_first, not body_is_first


# the start of a layout string that says where its channels are: "NC" / "BC" (NCHW, NCW, NCDHW: channels first),
# "NH", "NW", "ND" / "BH"... (NHWC: channels last, the channels after the spatial axes)
_FIRST_PREFIX = re.compile(r"[NB]C|channels_first")
_LAST_PREFIX = re.compile(r"[NB][DHW]+|channels_last")


def _layout_prefix(test: ast.expr) -> str | None:
    """"channels_first" / "channels_last" for a string-method test of a data format that says which
    (`data_format.startswith("NC")`, `fmt.startswith("NH")`, `fmt.endswith("C")`: channels last); else None."""
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and len(test.args) == 1
            and not test.keywords and isinstance(test.args[0], ast.Constant) and isinstance(test.args[0].value, str)):
        return None
    text = test.args[0].value
    if test.func.attr == "startswith":
        return "channels_first" if _FIRST_PREFIX.fullmatch(text) else \
            "channels_last" if _LAST_PREFIX.fullmatch(text) else None
    if test.func.attr == "endswith" and text == "C":
        return "channels_last"
    return None


def flag_branch_context(parameter: str, runs_when: bool, default: Any, position: int | None,
                        callers: Iterable[str], calls: Iterable[tuple]) -> str | None:
    """The kind of a branch on a parameter of its function (`if rebatch:` runs when it is true:
    `runs_when`), from the calls that take it: `calls` are the `project.FLAG_CALL` facts of the
    function (the calls passing a literal flag), `callers` its `CALLED_BY` facts. Known only when
    every caller made such a call: then the branch runs where the calls that take it run (a call
    passing `is_training=False`: evaluation). `default`: the parameter's literal default
    (NOT_LITERAL without one); `position`: its index among the positional parameters."""
    calls = list(calls)
    if not calls or set(callers) - {call[0] for call in calls}:
        return None  # some call passes no literal training flag: nothing known of it
    kinds = []
    for _, kind, positional, passed in calls:
        passed = dict(passed)
        if parameter in passed:
            value = passed[parameter]
        elif position is not None and position < positional:
            value = "?"  # passed by position: its value is not recorded
        else:
            value = default
        if value == "?" or value is NOT_LITERAL or bool(value) == runs_when:
            training = next((passed[f] for f in TRAINING_FLAGS if passed.get(f) in (True, False)), None)
            kinds.append(kind or ("eval" if training is False else DEVICE))
    return meet(kinds) if kinds else None


# the names of an autoregressive decoder's cache (the keys and values, or a convolution's last inputs, of the steps
# decoded so far): a caller passes one only while it decodes token by token; training feeds the whole target
# sequence at once (teacher forcing) and passes none
DECODING_CACHES = frozenset({"cache", "decode_cache", "decoding_cache", "kv_cache", "past_key_values",
                             "past_key_value", "layer_past"})


def _with_cache(test: ast.expr) -> bool | None:
    """Whether a test holds exactly when a decoding cache is given (`cache is not None`, `cache`: True), or exactly
    when none is (`cache is None`, `not cache`: False); None for any other test. The cache is a name of
    `DECODING_CACHES` (a parameter or a local: not an attribute, which may be any object's cache)."""
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    if negated:
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.IsNot)) and \
            isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
        name, present = test.left, isinstance(test.ops[0], ast.IsNot)
    else:
        name, present = test, True
    if not isinstance(name, ast.Name) or name.id not in DECODING_CACHES:
        return None
    return present != negated


def _flag_name(expr: ast.AST) -> str | None:
    """`training`, `self.training`, `params["use_synthetic_data"]`: the flag's name."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str):
        return expr.slice.value
    return None


def is_cpu_device(expr: ast.AST) -> bool:
    """`tf.device("/CPU:0")` (any call named `device` of a literal naming the CPU)."""
    if not (isinstance(expr, ast.Call) and _flag_name(expr.func) == "device" and expr.args):
        return False
    arg = expr.args[0]
    return isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "cpu" in arg.value.lower()


# ---------------------------------------------------------------------------------------------
# The project's call graph


def meet(kinds: Iterable[str | None]) -> str | None:
    """The context of code reached from all of `kinds`: off the device only if every one is. A run-time
    CPU choice wins over the other kinds: it is the route by which the code may reach the device."""
    found = set()
    for kind in kinds:
        if kind is DEVICE:
            return DEVICE
        found.add(kind)
    choices = [kind for kind in found if kind.startswith(CPU_CHOICE + ":")]
    if choices:
        return min(choices)
    for kind in _PRIORITY:
        if kind in found:
            return kind
    return min(found) if found else DEVICE


def propagate(callers: Mapping[str, Iterable[str | tuple[str, str]]]) -> dict[str, str]:
    """The context of every function the call graph says something about (functions in the
    training step are left out).

    `callers`: callee -> its callers: a function's qualified name, "!<kind>" for a call made where
    the caller's own code gives the context (a test file, the else of `if training:`, a function
    passed to a tf.data transformation is called by "!host"), "?" for a reference that is not a
    call (an unknown caller, so the training step; `FRAMEWORK_CALLER` likewise), (function,
    kind) for a call that takes `kind` where its function runs on the device (the device half of a
    run-time CPU choice, `cpu_choice`).
    A function takes the meet of its callers' kinds (None: the training step); one without callers,
    or in a cycle, is left out. A caller without callers of its own stands for the innermost def around it that
    has some (`_enclosing`: a method of a class the project makes only off the step). Calls from tests are left out too: tests call everything, the code
    they test included.
    """
    known: dict[str, str | None] = {}
    for calls in callers.values():
        for caller in calls:
            if type(caller) is str and caller.startswith("!"):
                known[caller] = caller[1:]
    # tests call everything: a test calling a function says nothing about where else it runs
    callers = {name: [c for c in calls if c != "!test"] if "!test" in calls else calls
               for name, calls in callers.items()}
    called = {name for name, calls in callers.items() if calls}
    enclosing = _Enclosing(called)  # (callers repeat: each one's enclosing def is found once)
    pending = {}
    for name, calls in callers.items():
        if not calls or name in known:
            continue
        if len(calls) == 1 and type(caller := enclosing[calls[0]]) is str:  # (most functions: one caller)
            pending[name] = ({caller} if caller != name else set(), [])
        else:
            pending[name] = _split(name, [enclosing[c] for c in calls])
    unsettled = pending.keys()
    changed = True
    while changed:  # each round settles the functions whose callers are all settled
        changed = False
        for name in list(pending):
            plain, chosen = pending[name]
            if not unsettled.isdisjoint(plain) or chosen and any(c in pending for c, _ in chosen):
                continue
            kinds = [known.get(c, DEVICE) for c in plain] + [known.get(c, DEVICE) or kind for c, kind in chosen]
            known[name] = meet(kinds) if kinds else DEVICE
            del pending[name]
            changed = True
    return known


def _enclosing(caller: str | tuple, called: set[str]) -> str | tuple:
    """A caller without callers of its own, as the innermost def around it that has some: a method of a class
    made only off the step (`TFGenerator.run_generation`, nothing calls it by name, of a class only a sampling
    program makes) runs where its instances are made, a nested function where its function runs (the
    visitor's look at a function without a context of its own goes up the same way)."""
    if type(caller) is not str or caller in called or caller.startswith(("!", "?")):
        return caller
    outer = caller
    while "." in outer:
        outer = outer.rpartition(".")[0]
        if outer in called:
            return outer
    return caller


class _Enclosing(dict):
    """caller -> `_enclosing(caller, called)`, found at the first question."""

    __slots__ = ("called",)

    def __init__(self, called: set[str]):
        super().__init__()
        self.called = called

    def __missing__(self, caller):
        found = self[caller] = _enclosing(caller, self.called)
        return found


def _split(name: str, calls: Iterable[str | tuple[str, str]]) -> tuple[set[str], list[tuple[str, str]]]:
    """A function's callers, itself left out: the plain ones, and the (function, kind) ones (for the
    functions not yet settled, the kind where the function is on the device)."""
    plain = {c for c in calls if type(c) is str and c != name}
    chosen = [c for c in calls if type(c) is tuple and c[0] != name] if len(plain) < len(calls) else []
    return plain, chosen
