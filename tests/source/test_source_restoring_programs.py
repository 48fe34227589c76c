"""Code off the training step because only a program that restores a trained model and trains nothing runs it
(a sampler, a generator, a prediction script; issue 11), each INVALID form (a warning that stays) beside the
VALID look-alike (info):

- the program's entry (its `if __name__ == "__main__":` block, `main` and the functions the block names) is
  inference when a call loads weights (`saver.restore`, `load_weights`, `load_model`, `latest_checkpoint`) and no
  call says training; `tf.train.Saver` is TensorFlow's checkpoint module, not training, and an optimizer is;
- what only such an entry calls is off the step too, also through a method nothing calls by name, of a class
  only the program makes (the call graph takes a caller without callers as the def around it that has some).
"""

from __future__ import annotations

import ast

from conftest import write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.context import propagate, restoring_entries


def found(root, code: str = "TFP101"):
    result = lint_paths([str(root)], target="gaudi2", select=[code], jobs=1)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


SAMPLING = """\
    import tensorflow as tf

    def sample_with_temperature(logits, temperature):
        return tf.transpose(logits, [0, 1, 3, 2]) / temperature
    """
PROGRAM = """\
    import tensorflow.compat.v1 as tf
    from pkg import sampling

    def main(_):
        logits = tf.placeholder(tf.float32, [None, None, 46, 4])
        samples = sampling.sample_with_temperature(logits, 0.99)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, tf.train.latest_checkpoint("ckpt"))
            sess.run(samples)

    if __name__ == "__main__":
        tf.app.run()
    """


def test_what_only_a_program_that_restores_and_trains_nothing_calls_is_inference(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/sample.py": PROGRAM})
    assert found(tmp_path) == [("sampling.py", 4, "info")]
    [finding] = lint_paths([str(tmp_path)], target="gaudi2", select=["TFP101"], jobs=1).findings
    assert "inference-only" in finding.message


def test_a_program_that_trains_or_restores_nothing_or_a_function_training_also_calls_stays_a_warning(tmp_path):
    trains = PROGRAM.replace("            sess.run(samples)", "            sess.run(tf.train.AdamOptimizer(0.1)"
                                                             ".minimize(tf.reduce_sum(samples)))")
    optimizer = PROGRAM.replace("saver = tf.train.Saver()", "saver = tf.train.AdamOptimizer(0.1)")
    restores_nothing = PROGRAM.replace("saver.restore(sess, tf.train.latest_checkpoint(\"ckpt\"))",
                                       "sess.run(tf.global_variables_initializer())")
    no_main = PROGRAM.split("if __name__")[0]
    for program in (trains, optimizer, restores_nothing, no_main):
        tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/sample.py": program})
        assert found(tmp_path) == [("sampling.py", 4, "warning")], program
    training = "import tensorflow as tf\nfrom pkg import sampling\n\ndef train_step(logits):\n    " \
               "return sampling.sample_with_temperature(logits, 1.0)\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/sample.py": PROGRAM,
                    "pkg/model.py": training})
    assert found(tmp_path) == [("sampling.py", 4, "warning")]


GENERATOR = """\
    import tensorflow as tf
    from pkg import sampling

    class Generator(object):
        def __init__(self, checkpoint):
            self.model = tf.keras.models.load_model(checkpoint)

        def run_generation(self, x):
            return sampling.sample_with_temperature(self.model(x), 0.9)

    def main(_):
        generator = Generator("ckpt") if _ else Other()
        return generator.run_generation(tf.zeros([1, 8, 46, 4]))

    if __name__ == "__main__":
        main(None)
    """


def test_a_method_nothing_calls_by_name_of_a_class_only_the_program_makes_runs_where_it_is_made(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/generate.py": GENERATOR})
    assert found(tmp_path) == [("sampling.py", 4, "info")]
    made_in_training = "import tensorflow as tf\nfrom pkg import generate\n\ndef train_step(x):\n    return generate.Generator('c')\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/generate.py": GENERATOR,
                    "pkg/train.py": made_in_training})
    assert found(tmp_path) == [("sampling.py", 4, "warning")]


def test_restoring_entries_reads_the_main_block_restores_and_training_calls():
    def entries(code: str):
        module = ast.parse(code)
        found = restoring_entries(module, [n for n in ast.walk(module) if isinstance(n, ast.Call)])
        return sorted(getattr(e, "name", "<main>") for e in found)

    main = 'if __name__ == "__main__":\n    app.run(sample)\n'
    assert entries("def sample(_):\n    m.load_weights(p)\n\ndef main(_):\n    pass\n\n"
                   "def other():\n    pass\n" + main) == ["<main>", "main", "sample"]
    assert entries("def sample(_):\n    m.load_weights(p)\n") == []
    assert entries("def sample(_):\n    m.load_weights(p)\n    m.fit(x)\n" + main) == []
    assert entries("def sample(_):\n    tf.train.Saver().restore(s, p)\n" + main) == ["<main>", "sample"]
    assert entries("def sample(_):\n    tf.compat.v1.train.Saver().restore(s, p)\n" + main) == ["<main>", "sample"]
    assert entries("def sample(_):\n    estimator.train(fn)\n    m.restore(p)\n" + main) == []
    assert entries("def sample(_):\n    m.predict(x)\n" + main) == []
    assert entries("def sample(_):\n    m.load_weights(p)\n    finetune(m)\n" + main) == []
    assert entries("def sample(_):\n    m.load_weights(p)\n    m.compile('adam')\n" + main) == []


def test_propagate_takes_a_caller_without_callers_as_the_def_around_it_that_has_some():
    calls = {"m.C": ["!inference"], "m.helper": ["m.C.run"], "m.f.g": [], "m.other": ["m.D.run"]}
    contexts = propagate(calls)
    assert contexts["m.helper"] == "inference"
    assert contexts["m.other"] is None  # (m.D has no callers: the training step's, as before)


def test_a_base_class_made_only_off_the_step_still_runs_in_the_step_through_a_subclass_made_there(tmp_path):
    subclass = "import tensorflow as tf\nfrom pkg import generate\n\nclass Trained(generate.Generator):\n" \
               "    pass\n\ndef train_step(x):\n    return Trained('c')\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/generate.py": GENERATOR,
                    "pkg/train.py": subclass})
    assert found(tmp_path) == [("sampling.py", 4, "warning")]
    tested = subclass.replace("def train_step(x):\n    return Trained('c')\n", "def test_trained():\n    Trained('c')\n")
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/sampling.py": SAMPLING, "pkg/generate.py": GENERATOR,
                    "pkg/train.py": "", "pkg/generate_test.py": tested})
    assert found(tmp_path) == [("sampling.py", 4, "info")]
