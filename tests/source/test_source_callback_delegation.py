"""TFP501 for a callback in a method only wrappers of the same name call (held-out set 19's `TFPyEnvironment.render`,
twentieth session): `def render(self, mode): return self._env.render(mode)` hands its own call on to the object it
wraps and starts no call of that name, so a method every call of whose name is such a hand-off, or a test's, is
called by nothing in the project (info, `_uncalled_helper`); a base class of a module that names no framework (`class
Environment(object)` under `six.add_metaclass`) still says its bases are plain. A call of that name from any other
code keeps the warning."""

from __future__ import annotations

from conftest import write_tree as tree

from tfperf.source import lint_paths

ENV = """\
    import numpy as np
    import tensorflow as tf
    from pkg.base import Environment

    class TFEnv(Environment):
        def __init__(self, env):
            self._env = env

        def step(self, action):
            return tf.numpy_function(self._env.step, [action], tf.float32)

        def render(self, mode="rgb_array"):
            def _render(mode):
                return self._env.render(mode)
            return tf.numpy_function(_render, [mode], tf.uint8)
    """
BASE = """\
    import abc
    import six

    @six.add_metaclass(abc.ABCMeta)
    class Environment(object):
        def render(self, mode="rgb_array"):
            raise NotImplementedError
    """
WRAPPERS = """\
    import tensorflow as tf

    class Wrapper(object):
        def __init__(self, env):
            self._env = env

        def render(self, mode="rgb_array"):
            return self._env.render(mode)

        def images(self, envs):
            return [env.render("rgb_array") for env in envs]
    """
DRIVER = """\
    import tensorflow as tf

    def collect(env, policy, model, optimizer):
        with tf.GradientTape() as tape:
            loss = model(env.step(policy(1)))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
        CALL
    """
TEST = """\
    import tensorflow as tf
    from pkg.env import TFEnv

    class EnvTest(tf.test.TestCase):
        def test_render(self):
            self.assertIsNotNone(TFEnv(None).render())
    """


def found(root, wrappers: str, call: str = "") -> list[tuple[int, str]]:
    tree(root, {"pkg/__init__.py": "", "pkg/env.py": ENV, "pkg/base.py": BASE, "pkg/wrappers.py": wrappers,
                "pkg/driver.py": DRIVER.replace("CALL", call or "pass"), "pkg/env_test.py": TEST})
    result = lint_paths([str(root)], target="gaudi2", select=["TFP501"], jobs=1)
    return sorted((f.source.line, f.severity.value) for f in result.findings if f.source.path.endswith("env.py"))


def test_a_method_only_same_named_wrappers_and_tests_call_is_called_by_nothing(tmp_path):
    only_wrappers = WRAPPERS.replace('        def images(self, envs):\n'
                                     '            return [env.render("rgb_array") for env in envs]\n', "")
    assert found(tmp_path, only_wrappers) == [(10, "warning"), (15, "info")]


def test_a_call_of_that_name_from_other_code_keeps_the_warning(tmp_path):
    assert found(tmp_path / "a", WRAPPERS) == [(10, "warning"), (15, "warning")]
    assert found(tmp_path / "b", WRAPPERS.replace("images", "render_all").replace(
        "[env.render", "[env.step"), "env.render()") == [(10, "warning"), (15, "warning")]
