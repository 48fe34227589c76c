"""TFP501 and TFP502 in source: Python callbacks in model code on an accelerator; a
tf.estimator.Estimator constructed for an HPU target."""

from __future__ import annotations

import ast

from tfperf.findings import Fix, Safety, Severity
from tfperf.source.symbols import derives
from tfperf.source.visitor import Calls, SourceVisitor, argument

ESTIMATORS = {"tensorflow.estimator.Estimator", "tensorflow_estimator.estimator.Estimator",
              "tensorflow_estimator.python.estimator.estimator.Estimator",
              "tensorflow_estimator.python.estimator.estimator.EstimatorV2"}
TPU_ESTIMATORS = {"tensorflow.estimator.tpu.TPUEstimator", "tensorflow_estimator.estimator.tpu.TPUEstimator"}
REMEDY = "use habana_frameworks.tensorflow.habana_estimator (the guide's note) instead of tf.estimator.Estimator"
ESTIMATOR_CLASS = "estimator"  # summary fact: a project class that derives from tf.estimator.Estimator


class EstimatorSource(SourceVisitor):
    """A tf.estimator.Estimator constructed for an HPU target: directly, as a subclass of the
    project's (or Horovod's) own, or as a `TPUEstimator(use_tpu=False)` (a plain Estimator there)."""

    calls = Calls(ESTIMATORS | TPU_ESTIMATORS, project=True)

    def visit_Call(self, node: ast.Call) -> None:
        if self.target.kind != "hpu":
            return
        name = self.call_name(node)
        if name in ESTIMATORS:
            what = "tf.estimator.Estimator"
        elif name in TPU_ESTIMATORS and self.file.literal(argument(node, None, "use_tpu")) is False:
            what = "a TPUEstimator with use_tpu=False (a plain tf.estimator.Estimator)"
        elif derives(self.file, self.file.callee(node), ESTIMATORS, ESTIMATOR_CLASS):
            what = f"{self.file.segment(node.func)}, a tf.estimator.Estimator subclass,"
        else:
            return
        self.report(node, f"{what} on {self.target.name} (an HPU)", fix=Fix(Safety.ADVISORY, REMEDY))

    def end(self) -> None:
        """A class of the project that derives from tf.estimator.Estimator itself (`class
        GANEstimator(tf.estimator.Estimator)`): where a library builds its training Estimators,
        whoever constructs them. A TPUEstimator subclass is info: on an HPU it is a plain Estimator
        only when built with use_tpu=False, which its constructor decides."""
        if self.target.kind != "hpu":
            return
        for node in self.file.qualnames:
            if type(node) is not ast.ClassDef:
                continue
            for base in node.bases:
                name = self.qualified(base)
                if name in ESTIMATORS:
                    self.report(base, f"class {node.name} derives from tf.estimator.Estimator: each {node.name}(...) "
                                      f"is a tf.estimator.Estimator on {self.target.name} (an HPU)",
                                fix=Fix(Safety.ADVISORY, REMEDY))
                elif name in TPU_ESTIMATORS:
                    self.report(base, f"class {node.name} derives from TPUEstimator: a plain tf.estimator.Estimator "
                                      f"on {self.target.name} only where it is built with use_tpu=False",
                                fix=Fix(Safety.ADVISORY, REMEDY), severity=Severity.INFO)

    def summarize(self) -> None:
        """Export the classes of this file that are Estimators (through project classes too)."""
        for node, qualname in self.file.qualnames.items():
            if isinstance(node, ast.ClassDef) and node.bases and derives(self.file, qualname, ESTIMATORS, ESTIMATOR_CLASS):
                self.file.project.export(ESTIMATOR_CLASS, qualname)


CALLBACKS = {"tensorflow.py_function": "tf.py_function", "tensorflow.numpy_function": "tf.numpy_function",
             "tensorflow.py_func": "tf.py_func", "tensorflow.experimental.numpy.py_function": "tf.py_function"}
# The op each makes in the graph (TensorFlow's script_ops), which `allow-host` names: numpy_function
# and py_func make PyFuncStateless when stateful=False.
CALLBACK_OPS = {"tensorflow.py_function": ("EagerPyFunc",), "tensorflow.numpy_function": ("PyFunc", "PyFuncStateless"),
                "tensorflow.py_func": ("PyFunc", "PyFuncStateless"),
                "tensorflow.experimental.numpy.py_function": ("EagerPyFunc",)}
CALLBACK_REMEDY = ("write the computation in TensorFlow ops so that it runs on the device; if it must stay in "
                   "Python, move it into the tf.data input pipeline (a map), where host work belongs")


class PythonCallbackSource(SourceVisitor):
    """`tf.py_function` / `tf.numpy_function` / `tf.py_func` in model code, on an accelerator: the
    Python function runs on the host, and its inputs and outputs cross between host and device at
    every step. Inside the tf.data pipeline it is where it should be (nothing reported); in
    metrics, visualisation and tests it is info. The op types `[tool.tfperf] allow-host` allows
    (`EagerPyFunc`, `PyFunc`) are not reported, as in the graph."""

    calls = Calls(CALLBACKS)

    def visit_Call(self, node: ast.Call) -> None:
        name = self.call_name(node)
        if name in CALLBACKS and self.target.is_accelerator and not self._allowed(node, name):
            self.report(node, f"{CALLBACKS[name]} runs Python on the host: its inputs go to the host and its "
                              f"outputs back to {self.target.name} at every step",
                        fix=Fix(Safety.ADVISORY, CALLBACK_REMEDY))

    def _allowed(self, node: ast.Call, name: str) -> bool:
        """The op this call makes is one the user allows on the host."""
        allowed = set(self.file.allow_host)
        if not allowed:
            return False
        ops = CALLBACK_OPS[name]
        if name != "tensorflow.py_function" and len(ops) == 2:
            stateful = self.file.literal(argument(node, 3, "stateful"))
            ops = ops[1:] if stateful is False else ops[:1]  # stateful by default
        return all(op in allowed for op in ops)
