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
        "`dataset.map(self.load)`.",
        "An op `[tool.tfperf] allow-host` allows: `EagerPyFunc` for `tf.py_function`, `PyFunc` / "
        "`PyFuncStateless` (`stateful=False`) for the others.",
    ),
    fix=("Advice.",),
)

TFP502 = SourceDoc(
    line="a TensorFlow Estimator",
    fix_kind="advice",
    targets="HPU targets",
    finds=(
        "`tf.estimator.Estimator` / `tf.compat.v1.estimator.Estimator`, a project class derived from it (in "
        "any module), `TPUEstimator(use_tpu=False)`.",
        "The class line of a project class deriving from `tf.estimator.Estimator` (`class "
        "GANEstimator(tf.estimator.Estimator)`: a library's training Estimator, whoever builds it).",
    ),
    info_when=("A `TPUEstimator` subclass.",),
    fix=("Advice: `habana_estimator`.",),
)
