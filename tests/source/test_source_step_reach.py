"""How `steps.on_step` goes up from a TFP101/TFP103 site to a root of the training step (issue 11, held-out set 14:
drift statistics, sampling and decoding loops warned as if a training step ran them), each INVALID form (a warning
that stays) beside the VALID look-alike (info):

- a class hierarchy is followed one way at a time: a base's name for a method (whose callers may hold any
  subclass) and a subclass's (which inherits it), never a base's other subclasses (`score` of one detector does
  not run because a layer calls another detector's `score`);
- a method nothing calls by name runs where an instance of its class is made and used: in a training step, or
  in a layer that makes it in one of its methods for its `call` (`self.stats = Stats()` in `build`); a model
  builder or an optimizer's maker is no root for it (it runs a layer's call or a loss, not every method of
  what it makes);
- a local name made by a project class of another module resolves its method calls (`h = Helper();
  h.project(x)` in a functional builder);
- autoregressive generation (a loop that feeds a model the tokens it chose from the model's last output by
  argmax, a categorical draw or top-k) and what follows it in its function is inference, whatever root reaches
  it; a loop whose choices only leave it (a training loop's accuracy) or that feeds back the model's output
  itself (a recurrent cell) is not;
- a function handed a `tf.GradientTape` (a parameter annotated so) is a root: it records into the step's tape.
"""

from __future__ import annotations

import ast

from conftest import write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.context import generation_statements

OPS = """\
    import tensorflow as tf

    def nchw(x):
        x = tf.reshape(x, [-1, 8, 8, 16])
        return tf.transpose(x, [0, 3, 1, 2])
    """
LAYER = """\
    import tensorflow as tf

    class Block(tf.keras.layers.Layer):
        def call(self, x):
            return x
    """


def found(tmp_path, files, code=("TFP101",)):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/ops.py": OPS, "pkg/layers.py": LAYER, **files})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    return sorted((f.source.path.rpartition("/")[2], f.source.line, f.severity.value)
                  for f in result.findings if f.code in code)


DETECTORS = """\
    import tensorflow as tf
    from pkg.ops import nchw

    class Detector:
        def score(self, x):
            return x

    class Drift(Detector):
        def score(self, x):
            return nchw(x)

    class Trained(Detector):
        def score(self, x):
            return x
    """


def test_a_layer_that_calls_one_detectors_method_does_not_run_another_detectors_override(tmp_path):
    sibling = """\
        import tensorflow as tf
        from pkg.detectors import Trained

        class Net(tf.keras.layers.Layer):
            def call(self, x):
                detector = Trained()
                return detector.score(x)
        """
    assert found(tmp_path, {"pkg/detectors.py": DETECTORS, "pkg/net.py": sibling}) == [("ops.py", 5, "info")]
    base = sibling.replace("Trained", "Detector")  # a Detector's holder may hold a Drift: its score may run
    assert found(tmp_path, {"pkg/detectors.py": DETECTORS, "pkg/net.py": base}) == [("ops.py", 5, "warning")]


STATS = """\
    import tensorflow as tf
    from pkg.ops import nchw

    class Stats:
        def kernel(self, x):
            return nchw(x)
    """


def test_a_method_nothing_calls_by_name_of_a_class_a_builder_makes_is_off_the_step(tmp_path):
    builders = """\
        import tensorflow as tf
        from pkg.stats import Stats

        def make_detector():
            optimizer = tf.keras.optimizers.Adam(1e-3)
            return Stats(), optimizer

        def make_model():
            inputs = tf.keras.Input([8, 8, 16])
            return tf.keras.Model(inputs, inputs), Stats()
        """
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/build.py": builders}) == [("ops.py", 5, "info")]


def test_a_method_nothing_calls_by_name_runs_in_a_training_step_or_a_layer_that_makes_its_object(tmp_path):
    training = "import tensorflow as tf\nfrom pkg.stats import Stats\n\ndef train_step(x):\n    return Stats()\n"
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/train.py": training}) == [("ops.py", 5, "warning")]
    layer = """\
        import tensorflow as tf
        from pkg.stats import Stats

        class Whitening(tf.keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.stats = None

            def build(self, shape):
                self.stats = Stats()

            def call(self, x):
                return self.stats.kernel(x)
        """
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/whitening.py": layer}) == [("ops.py", 5, "warning")]
    subclass = "import tensorflow as tf\nfrom pkg.stats import Stats\n\nclass Kept(Stats):\n    pass\n\ndef train_step(x):\n    return Kept()\n"
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/train.py": subclass}) == [("ops.py", 5, "warning")]


def test_a_local_name_made_by_a_class_of_another_module_resolves_its_method_calls(tmp_path):
    builder = """\
        import tensorflow as tf
        from pkg.stats import Stats

        def make_model():
            inputs = tf.keras.Input([8, 8, 16])
            stats = Stats()
            return tf.keras.Model(inputs, stats.kernel(inputs))
        """
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/build.py": builder}) == [("ops.py", 5, "warning")]
    unused = builder.replace("stats.kernel(inputs)", "inputs")
    assert found(tmp_path, {"pkg/stats.py": STATS, "pkg/build.py": unused}) == [("ops.py", 5, "info")]


DECODER = """\
    import tensorflow as tf

    class Decoder(tf.keras.layers.Layer):
        def __init__(self, model, steps):
            super().__init__()
            self.model, self.steps = model, steps

        def call(self, inputs):
            inputs = dict(inputs)
            first = tf.transpose(inputs["states"])  # (not "ids": a per-position key)
            probs = []
            for _ in range(self.steps):
                result = self.model(inputs)
                logits = result["logits"]
                ids = tf.argmax(logits, axis=-1)
                probs.append(tf.reduce_max(logits, axis=-1))
                inputs["ids"] = tf.expand_dims(ids, 1)
            return first, tf.transpose(probs)
    """


def test_what_follows_a_loop_that_feeds_a_model_its_own_choices_is_inference(tmp_path):
    assert found(tmp_path, {"pkg/decoder.py": DECODER}) == [("decoder.py", 10, "warning"),
                                                             ("decoder.py", 18, "info"), ("ops.py", 5, "info")]
    [message] = [f.message for f in lint_paths([str(tmp_path)], target="gaudi2", jobs=1).findings
                 if f.source.line == 18]
    assert "inference-only" in message
    sampled = DECODER.replace("tf.argmax(logits, axis=-1)", "tf.random.categorical(logits, 1)[:, 0]")
    assert found(tmp_path, {"pkg/decoder.py": sampled})[1] == ("decoder.py", 18, "info")
    top_k = DECODER.replace("ids = tf.argmax(logits, axis=-1)", "_, ids = tf.math.top_k(logits, 1)")
    assert found(tmp_path, {"pkg/decoder.py": top_k})[1] == ("decoder.py", 18, "info")


def test_a_loop_whose_choices_leave_it_or_that_feeds_back_the_output_itself_is_no_generation(tmp_path):
    accuracy = DECODER.replace('inputs["ids"] = tf.expand_dims(ids, 1)', "probs.append(ids)")
    assert found(tmp_path, {"pkg/decoder.py": accuracy})[:2] == [("decoder.py", 10, "warning"),
                                                                  ("decoder.py", 18, "warning")]
    recurrent = DECODER.replace('inputs["ids"] = tf.expand_dims(ids, 1)', 'inputs["ids"] = logits')
    assert found(tmp_path, {"pkg/decoder.py": recurrent})[:2] == [("decoder.py", 10, "warning"),
                                                                   ("decoder.py", 18, "warning")]


def test_a_rollout_loop_in_a_function_that_trains_is_no_generation(tmp_path):
    """A policy-gradient step samples actions in a loop (the environment's answer is the model's next input)
    and then takes its gradients: what follows the loop is the training step."""
    assert found(tmp_path, {"pkg/agent.py": """\
        import tensorflow as tf

        def reinforce(policy, env, obs, optimizer, steps):
            logits_seen = []
            for _ in range(steps):
                logits = policy(obs)
                action = tf.random.categorical(logits, 1)
                obs = env.step(action)
                logits_seen.append(logits)
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(tf.transpose(tf.reshape(tf.stack(logits_seen), [-1, 8, 8, 16]), [0, 3, 1, 2]))
            optimizer.apply_gradients(zip(tape.gradient(loss, policy.trainable_variables),
                                          policy.trainable_variables))
        """})[:1] == [("agent.py", 11, "warning")]
    acting = """\
        import tensorflow as tf

        def act(policy, env, obs, steps):
            logits_seen = []
            for _ in range(steps):
                logits = policy(obs)
                action = tf.random.categorical(logits, 1)
                obs = env.step(action)
                logits_seen.append(logits)
            return tf.transpose(tf.reshape(tf.stack(logits_seen), [-1, 8, 8, 16]), [0, 3, 1, 2])
        """
    assert found(tmp_path, {"pkg/agent.py": acting})[:1] == [("agent.py", 10, "info")]
    [message] = [f.message for f in lint_paths([str(tmp_path)], target="gaudi2", jobs=1).findings
                 if f.source.path.endswith("agent.py") and f.code == "TFP101"]
    assert "inference-only" in message  # (acting, not merely unreached)


def test_generation_statements_are_the_loop_and_what_follows_it_in_its_function():
    module = ast.parse("def decode(model, x, n):\n    y = prep(x)\n    for _ in range(n):\n"
                       "        x = tf.argmax(model(x), -1)\n    if n:\n        z = post(x)\n    return x\n\n"
                       "def other(x):\n    return x\n")
    parents = {child: node for node in ast.walk(module) for child in ast.iter_child_nodes(node)}
    calls = [n for n in ast.walk(module) if type(n) is ast.Call]

    def call_name(call):
        return "tensorflow.argmax" if ast.unparse(call.func) == "tf.argmax" else None

    found = generation_statements(calls, parents, call_name)
    decode = module.body[0]
    assert found == {decode.body[1], decode.body[2], decode.body[3]}  # the loop, the if after it, the return
    assert not generation_statements(calls, parents, lambda call: None)


NORMS = """\
    import tensorflow as tf
    from pkg.ops import nchw

    def dense_norms(layer, inputs, tape: tf.GradientTape):
        outputs = layer(inputs)
        tape.watch(outputs)

        def sqr_norm_fn(grads):
            return tf.reduce_sum(nchw(grads))

        return outputs, sqr_norm_fn
    """


def test_a_function_handed_a_gradient_tape_records_into_the_step(tmp_path):
    assert found(tmp_path, {"pkg/norms.py": NORMS}) == [("ops.py", 5, "warning")]
    unannotated = NORMS.replace("tape: tf.GradientTape", "tape")
    assert found(tmp_path, {"pkg/norms.py": unannotated}) == [("ops.py", 5, "info")]
