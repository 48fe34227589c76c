"""TFP501 and TFP502 in source, for the user: docs/source-linting.md and `tfperf rules CODE` are generated from this."""

from tfperf.rules.base import SourceDoc

TFP501 = SourceDoc(
    line="a Python function called from model code",
    fix_kind="advice",
    targets="accelerator targets",
    finds=(
        "`tf.py_function` / `tf.numpy_function` / `tf.py_func` in model code: the Python function runs on the "
        "host at every step.",
    ),
    leaves_alone=(
        "Inside the tf.data pipeline, where it belongs; also in a method its class hands to "
        "`dataset.map(self.load)`, and in a function only map functions reach through the project (calls, "
        "`functools.partial`, each function a variable may hold where `map` reads it, the one method of that "
        "name for an object the file does not show); one model code also reaches stays a warning.",
        "What feeds a TensorFlow 1 batching queue (`tf.train.batch` / `shuffle_batch`): the queue runners run it "
        "on the host. A function an Apache Beam transform runs (also one handed to it through a parameter).",
        "An op `[tool.tfperf] allow-host` allows: `EagerPyFunc` for `tf.py_function`, `PyFunc` / "
        "`PyFuncStateless` (`stateful=False`) for the others.",
        "A callback only in a branch a value the callers must give takes (`elif self.skip_py_fn:` with "
        "`skip_py_fn=None` set from the constructor, also inside a lambda or nested function made there) when no "
        "call of the project passes one (the opt-in convention, see [Values the callers pass]"
        "(#values-the-callers-pass)); one that does brings the warning back, saying who.",
    ),
    info_when=(
        "In TensorFlow 1 graph code, a callback whose value only flows into summaries and graph collections "
        "(not `tf.GraphKeys`' training ones), not into the training op: it runs only when a hook fetches them.",
        "In a helper the project calls only off the training step (inference, evaluation...) and from public "
        "functions nothing in the project calls (an unused `match_points` beside inference-only grouping): "
        "whether code outside the project trains with those is not known; the message names them. A caller on "
        "the training step or in the input pipeline, a reference that is no call, or no off-step caller at all "
        "keeps the warning.",
        "A callback that returns nothing (`Tout=[]`) as one branch of `tf.cond` whose other branch does nothing "
        "(`tf.cond(self._video_condition, lambda: tf.py_func(self._dump_frame, [observ], []), tf.no_op)`): no "
        "value of the step can read it, and the code makes it optional (a dump, a log when the condition holds). "
        "One run unconditionally (a replay buffer's `set_priority` the training op waits on) stays a warning.",
        "A callback whose value its function returns (through TensorFlow ops) when every call of that function, "
        "all in the file, hands the value only to functions the tf.data pipeline runs: a parameter only a map "
        "function reads (`sample = lambda _: choose(pmf, samplers)` ... `.map(sample)`), a sampling distribution "
        "computed for the pipeline. Any other read keeps the warning.",
        "A callback in a function nothing in the project calls or refers to (tests aside): the outermost function "
        "around it (a module-level function, a factory whose closure holds it, a method of a top-level class) has no "
        "caller; for a method, no call, hand-off or `getattr` of a method of its name anywhere outside tests but "
        "the wrappers' own hand-offs (`def render(self, mode): return self._env.render(mode)`: a method passing "
        "its call on to the object it wraps starts none), and a class whose bases (and subclasses) are plain "
        "Python (also a base in a module that names no framework). Whether code outside the project runs it in a "
        "training step is "
        "not known. A root of the step itself (a loss, a layer's `call`, a function named for training), a "
        "framework class's method, a dunder, `main`, a registering decorator, or a project that shows no training "
        "step at all keeps the warning.",
    ),
    fix=("Advice.",),
)

TFP502 = SourceDoc(
    line="a TensorFlow Estimator",
    fix_kind="advice",
    targets="HPU targets",
    finds=(
        "`tf.estimator.Estimator` / `tf.compat.v1.estimator.Estimator` (also imported from TensorFlow 1's internal "
        "`tensorflow.python.estimator`), a project class derived from it (in any module), "
        "`TPUEstimator(use_tpu=False)` (also TensorFlow 1's `tf.contrib.tpu.TPUEstimator`).",
        "tf.estimator's canned Estimators (the documented list: `Linear*`, `DNN*`, `DNNLinearCombined*`, "
        "`Baseline*`, `BoostedTrees*` Classifier/Regressor/Estimator, `experimental.RNN*`) and "
        "`tf.keras.estimator.model_to_estimator(...)`: each is a tf.estimator.Estimator, also where the code only "
        "returns it to a framework that trains it (`train_and_evaluate`, a trainer module's `{'estimator': ...}`).",
        "`TPUEstimator(use_tpu=FLAGS.use_tpu)` where the boolean flag is False by default: defined so in the file, "
        "or, where the file defines no flag of that name, in every module of the project that does (a program "
        "reads the flags of the modules it imports). A flag no module of the project defines, when the program "
        "tests it (`if FLAGS.use_tpu and FLAGS.tpu_name:`): it is written to run without a TPU, as on an HPU.",
        "The class line of a project class deriving from `tf.estimator.Estimator` (`class "
        "GANEstimator(tf.estimator.Estimator)`: a library's training Estimator, whoever builds it).",
    ),
    leaves_alone=("A `TPUEstimator` built only where its `use_tpu` tests true: in the body of `if FLAGS.use_tpu:` "
                  "(alone or in an `and`), or the else of `if not FLAGS.use_tpu:` (XLNet's programs, whose other "
                  "branch builds the plain Estimator the HPU runs, reported there).",),
    info_when=("A `TPUEstimator` subclass, or a project's copy of TPUEstimator (a class of that name deriving from "
               "`tf.estimator.Estimator`, XLNet's `tpu_estimator.py`), whose constructions are judged as "
               "TPUEstimator's are (by `use_tpu`).",),
    fix=("Advice: `habana_estimator`.",),
)
