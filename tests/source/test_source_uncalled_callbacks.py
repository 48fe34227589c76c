"""TFP501 for a Python callback inside a function nothing in the project calls (held-out sets 28 and 31, and
held-out-17's replay buffer): the outermost function around it (a module-level function, a factory whose closure
holds the callback, a method of a plain class) has no caller, no reference and, for a method, no call of a method
of its name anywhere: not known to be on the training step, info. Any call keeps the warning; so does a root of the
step itself (a loss, a layer's call), a framework class's method, a registering decorator, and a snippet that shows
no training step at all (its function is its model)."""

from __future__ import annotations

import textwrap

from tfperf.source import lint_text

TRAIN = """\

def train(model, data):
    with tf.GradientTape() as tape:
        loss = model(data)
    return tape.gradient(loss, model.trainable_variables)
"""


def findings(code: str, train: bool = True):
    text = "import tensorflow as tf\n" + textwrap.dedent(code) + (TRAIN if train else "")
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(text, "model_lib.py", target="gaudi2", select=["TFP501"])]


FACTORIES = """\
def make_step2(model):
    def step(p):
        tf.py_function(print, inp=[p], Tout=[])
        return p
    return step

def make_step(model):
    def step(p):
        tf.py_function(print, inp=[p], Tout=[])
        return p
    return step
"""


def test_a_factory_nothing_calls_is_info_its_called_twin_warns():
    found = findings(FACTORIES + "\nstep = make_step(None)\n")
    assert [(line, severity) for line, severity, _ in found] == [(4, "info"), (10, "warning")]
    assert "nothing in the project calls or refers to make_step2" in found[0][2]


def test_a_module_function_nothing_calls_is_info():
    code = """\
    @tf.function
    def assign(boxes, anchors):
        return tf.numpy_function(sorted, [boxes], tf.int64)
    """
    [(_, severity, message)] = findings(code)
    assert severity == "info" and "assign" in message


def test_a_reference_keeps_the_warning():
    code = """\
    def assign(boxes):
        return tf.numpy_function(sorted, [boxes], tf.int64)

    handlers = {"assign": assign}
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


def test_a_registering_decorator_keeps_the_warning():
    code = """\
    import registry

    @registry.register("assign")
    def assign(boxes):
        return tf.numpy_function(sorted, [boxes], tf.int64)
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


def test_a_snippet_without_a_training_step_keeps_the_warning():
    code = """\
    def assign(boxes):
        return tf.numpy_function(sorted, [boxes], tf.int64)
    """
    assert [severity for _, severity, _ in findings(code, train=False)] == ["warning"]


def test_a_loss_nothing_calls_is_a_root_and_keeps_the_warning():
    code = """\
    def matching_loss(boxes):
        return tf.reduce_sum(tf.numpy_function(sorted, [boxes], tf.float32))
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


BUFFER = """\
class Buffer(object):
    def tf_get_priority(self, indices):
        return tf.numpy_function(abs, [indices], tf.float32)

    def tf_set_priority(self, indices):
        return tf.numpy_function(abs, [indices], tf.float32)


class PrioritizedBuffer(Buffer):
    def tf_sample(self, indices):
        return tf.numpy_function(abs, [indices], tf.float32)
"""


def test_a_method_no_code_calls_by_name_is_info_a_called_one_warns():
    code = BUFFER + """\

def update(agent, indices):
    agent.buffer.tf_set_priority(indices)
    agent.buffer.tf_sample(indices)
"""
    found = findings(code)
    assert [(line, severity) for line, severity, _ in found] == [(4, "info"), (7, "warning"), (12, "warning")]
    assert "nothing in the project calls tf_get_priority or any method of that name" in found[0][2]


def test_a_method_of_a_plain_derived_class_nothing_calls_is_info():
    found = findings(BUFFER + "\nbuffer = PrioritizedBuffer()\n")
    assert [(line, severity) for line, severity, _ in found] == [(4, "info"), (7, "info"), (12, "info")]


def test_a_method_handed_on_or_looked_up_keeps_the_warning():
    code = BUFFER + """\

def hooks(buffer):
    return [buffer.tf_get_priority, getattr(buffer, "tf_set_priority"), tf.map_fn(buffer.tf_sample, [1])]
"""
    assert [severity for _, severity, _ in findings(code)] == ["warning", "warning", "warning"]


def test_a_method_of_a_framework_class_keeps_the_warning():
    code = """\
    class Matcher(tf.keras.layers.Layer):
        def assign(self, boxes):
            return tf.numpy_function(sorted, [boxes], tf.int64)
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


def test_a_method_of_a_class_with_a_subclass_keeps_the_warning():
    code = """\
    class Mixin:
        def assign(self, boxes):
            return tf.numpy_function(sorted, [boxes], tf.int64)

    class Matcher(Mixin, tf.keras.layers.Layer):
        pass
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


def test_a_console_entry_main_keeps_the_warning():
    code = """\
    def main():
        return tf.py_function(print, inp=[1], Tout=[])
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]


def test_a_factory_whose_closure_trains_nothing_calls_is_info():
    code = """\
    def make_lbfgs_function(model):
        def step(x):
            with tf.GradientTape() as tape:
                loss = model(x)
            tf.py_function(print, inp=[loss], Tout=[])
            return tape.gradient(loss, model.trainable_variables)
        return step
    """
    assert [severity for _, severity, _ in findings(code)] == ["info"]


def test_an_uncalled_training_function_itself_keeps_the_warning():
    code = """\
    def train_loop(model, x):
        with tf.GradientTape() as tape:
            loss = model(x)
        tf.py_function(print, inp=[loss], Tout=[])
        return tape.gradient(loss, model.trainable_variables)
    """
    assert [severity for _, severity, _ in findings(code)] == ["warning"]
