"""Code of a function that raises whenever it runs never builds what it makes: a name read on its unconditional
path that nothing binds (set 57's tensorcv `DenseNet` reads an undefined `bn_size`; a block calls `math.floor` in a
module that never imports `math`), a local read before the function binds it (`_make_layer` called above its
nested `def`), a Keras layer given a size tuple of another rank (set 53's funkeras `Conv1D(64, (7, 7))`), a `raise`
on that path, or a call of a function of the module that raises so. A finding there is info and says why. A name
bound anywhere (a module branch, a `global`, an enclosing function, a builtin), a read under `if`/`try` or after an
early `return` or a loop body's `continue`, a raise in a branch or a loop, a module that may bind names at run time (a star import), and a
right-sized tuple keep the warning."""

from __future__ import annotations

import pytest

from conftest import write_tree
from tfperf.source import lint_paths

BLOCK = """\
import tensorflow as tf
MODULE


def block(x, growth):
    x = tf.keras.layers.ZeroPadding2D(1)(x)
    x = tf.keras.layers.Conv2D(growth, 3)(x)
BODY
    return x
"""


def finding(tmp_path, module: str = "", body: str = "    x = tf.keras.layers.ReLU()(x)") -> tuple[str, str]:
    """(severity, message) of the one TFP201 finding of a block with `module` lines and `body` lines added."""
    write_tree(tmp_path, {"nets.py": BLOCK.replace("MODULE", module).replace("BODY", body)})
    result = lint_paths([str(tmp_path)], select=["TFP201"], target="gaudi2", cache_dir=None)
    assert not result.errors
    [found] = result.findings
    return found.severity.value, found.message


def test_invalid_a_name_bound_nowhere_makes_the_function_info(tmp_path):
    severity, message = finding(tmp_path, body="    for _ in range(2):\n"
                                               "        x = tf.keras.layers.Conv2D(bn_size * growth, 1)(x)")
    assert severity == "info"
    assert message.endswith("[code of a function that raises whenever it runs: `bn_size` (line 9) is defined "
                            "nowhere (NameError)]")


def test_invalid_a_module_never_imported(tmp_path):
    severity, message = finding(tmp_path, body="    width = int(math.floor(growth / 64))")
    assert (severity, "`math` (line 8) is defined nowhere (NameError)]" in message) == ("info", True)


def test_invalid_a_local_read_before_its_binding(tmp_path):
    severity, message = finding(tmp_path, body="    x = grow(x)\n\n    def grow(y):\n        return y")
    assert severity == "info"
    assert message.endswith("`grow` (line 8) is read before the function binds it (line 10): UnboundLocalError]")


def test_invalid_a_raise_on_every_run(tmp_path):
    # (set 60's medsegpy: `dice_median_loss` starts with `raise DeprecationWarning()`; its sums never run)
    severity, message = finding(tmp_path, body='    raise DeprecationWarning("use block_v2")')
    assert severity == "info"
    assert message.endswith("[code of a function that raises whenever it runs: `raise DeprecationWarning` (line 8)]")


def test_invalid_an_inner_loops_break_leaves_only_that_loop(tmp_path):
    body = "    for g in range(growth):\n        for h in range(g):\n            break\n        w = bn_size"
    severity, message = finding(tmp_path, body=body)
    assert (severity, message.endswith("`bn_size` (line 11) is defined nowhere (NameError)]")) == ("info", True)


def test_invalid_code_after_a_continue_never_runs(tmp_path):
    # (set 61's grapa `glmlp`: an old tail after its loop body's `continue` reads an undefined name; the tail is info,
    # the live code before it keeps its warning)
    body = ("    for _ in range(2):\n        x = tf.keras.layers.ReLU()(x)\n        continue\n"
            "        y = tf.transpose(x, [0, 3, 1, 2]) / msumtra")
    write_tree(tmp_path, {"nets.py": BLOCK.replace("MODULE", "").replace("BODY", body)})
    findings = lint_paths([str(tmp_path)], select=["TFP201", "TFP101"], target="gaudi2", cache_dir=None).findings
    found = {f.code: (f.severity.value, f.message) for f in findings}
    assert found["TFP201"][0] == "warning"
    assert found["TFP101"][0] == "info"
    assert found["TFP101"][1].endswith("[code that never runs: it follows `continue` (line 10)]")


@pytest.mark.parametrize("layer, said, rank", [("Conv1D(64, (7, 7), strides=(2, 2))", "Conv1D's kernel_size (7, 7)", 1),
                                               ("MaxPooling3D((3, 3))", "MaxPooling3D's pool_size (3, 3)", 3)])
def test_invalid_a_size_tuple_of_another_rank(tmp_path, layer, said, rank):
    severity, message = finding(tmp_path, body=f"    y = tf.keras.layers.{layer}")
    assert severity == "info"
    assert message.endswith(f"{said} (line 8) is not {rank} long, so Keras rejects it (ValueError)]")


def test_invalid_a_caller_of_a_raising_function_raises_too(tmp_path):
    source = BLOCK.replace("MODULE", "").replace("BODY", "    x = inner(x)") + \
        "\n\ndef inner(x):\n    return tf.keras.layers.Dense(bn_size)(x)\n"
    write_tree(tmp_path, {"nets.py": source})
    [found] = lint_paths([str(tmp_path)], select=["TFP201"], target="gaudi2", cache_dir=None).findings
    assert found.severity.value == "info"
    assert found.message.endswith("it calls inner (line 8), which raises: `bn_size` (line 13) is defined nowhere "
                                  "(NameError)]")


@pytest.mark.parametrize("module, body", [
    ("bn_size = 4", "    x = tf.keras.layers.Conv2D(bn_size * growth, 1)(x)"),  # a module name
    ("try:\n    import math\nexcept ImportError:\n    math = None", "    w = math.floor(growth)"),  # in a branch
    ("", "    if growth > 8:\n        x = tf.keras.layers.Conv2D(bn_size, 1)(x)"),  # read under an `if`
    ("", "    try:\n        w = bn_size\n    except NameError:\n        w = 4"),  # handled
    ("", "    if growth:\n        return x\n    w = bn_size"),  # an early return
    ("from tensorflow.keras.layers import *", "    x = ReLU()(x)\n    w = bn_size"),  # a star import
    ("", "    global bn_size\n    bn_size = 4\n    w = bn_size"),  # a global
    ("", "    w = [bn_size for bn_size in range(growth)]"),  # a comprehension's own variable
    ("bn_size = 4", "    w = bn_size\n    v = [bn_size for bn_size in range(growth)]"),  # a global; then its own
    ("", "    w: UndefinedType = 3\n    y = tf.keras.layers.Conv1D(8, (3,), strides=2)(x)"),  # an annotation; rank 1
    ("", "    for _ in range(2):\n        w = later if _ else 0\n        later = 1"),  # a loop's later binding
    ("", "    yield x\n    w = bn_size"),  # a generator
    ("", "    w = len(xrange(growth))"),  # Python 2 code a port mends
    ("", "    if growth < 0:\n        raise ValueError(growth)"),  # a raise under a test
    ("", "    for g in range(growth):\n        raise ValueError(g)"),  # a loop's body may run no time
    ("", "    try:\n        w = 1\n    except ValueError:\n        raise"),  # a handler's
    ("", "    for g in range(growth):\n        if g:\n            continue\n        w = bn_size"),  # may be skipped
    ("", "    for g in range(growth):\n        for h in range(g):\n            break\n        break\n"
         "        w = bn_size"),  # after an inner loop's `break`, then its own
])
def test_valid_code_that_may_run_keeps_its_warning(tmp_path, module, body):
    assert finding(tmp_path, module, body)[0] == "warning"


def test_valid_an_enclosing_function_binds_the_name(tmp_path):
    source = BLOCK.replace("MODULE", "").replace("def block(x, growth):", "def make(bn_size):\n  def block(x, growth):") \
        .replace("\n    ", "\n      ").replace("BODY", "      w = bn_size")
    write_tree(tmp_path, {"nets.py": source + "  return block\n"})
    [found] = lint_paths([str(tmp_path)], select=["TFP201"], target="gaudi2", cache_dir=None).findings
    assert found.severity.value == "warning"


# (set 76's deepclimate: `stride_conv` and `CONV_stack` are defined twice in one module; every call finds the second)
AGAIN = BLOCK.replace("MODULE", "").replace("BODY", "") + """
BETWEEN

def block(x, growth):
    return tf.keras.layers.Conv2D(growth, 3, padding="same")(x)
"""


def test_invalid_a_definition_the_module_replaces_never_runs(tmp_path):
    write_tree(tmp_path, {"nets.py": AGAIN.replace("BETWEEN", "RATE = 0.1")})
    [found] = lint_paths([str(tmp_path)], select=["TFP201"], target="gaudi2", cache_dir=None).findings
    assert found.severity.value == "info"
    assert found.message.endswith("[code that never runs: the module defines `block` again at line 13, and every call "
                                  "finds that one]")


@pytest.mark.parametrize("between, decorator", [
    ("net = block(tf.keras.Input((32, 32, 3)), 8)", ""),  # a call as the module is imported
    ("def wide(x, make=block):\n    return make(x, 64)", ""),  # a default
    ("class Net:\n    make = block", ""),  # a class body runs on import
    ("", "@tf.function\n"),  # a decorator may register it
])
def test_valid_a_definition_read_before_the_module_replaces_it_keeps_its_warning(tmp_path, between, decorator):
    first = "\n\ndef block(x, growth):\n    x = tf"
    source = AGAIN.replace("BETWEEN", between).replace(first, first.replace("def", decorator + "def"), 1)
    write_tree(tmp_path, {"nets.py": source})
    found = lint_paths([str(tmp_path)], select=["TFP201"], target="gaudi2", cache_dir=None).findings
    assert [f.severity.value for f in found] == ["warning"]
