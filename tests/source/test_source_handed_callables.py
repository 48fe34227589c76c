"""A dataset-returning callable handed around rather than called (issue 11, held-out set 22's rasa): a closure
returned by its builder in a tuple, unpacked by the caller and handed to a function that calls it and iterates the
result; a function handed straight to such a parameter; a method of a parameter annotated with a project class that
the closure calls. Each INVALID form beside a VALID look-alike (the callee prefetches, or only peeks at one
element)."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths

DATA = """\
    import tensorflow as tf

    class Data:
        def __init__(self, rows):
            self.rows = rows

        def _gen(self, batch_size):
            for start in range(0, len(self.rows), batch_size):
                yield self.rows[start:start + batch_size]

        def batches(self, batch_size):
            return tf.data.Dataset.from_generator(lambda n: self._gen(n), output_types=tf.float32, args=([batch_size]))
    """

# the closure goes back in a tuple; fit unpacks it and hands it to _loop, which iterates what it returns
TUPLE = """\
    import tensorflow as tf
    from pkg.data import Data

    class Model(tf.keras.Model):
        def fit_data(self, data: Data, epochs):
            make, step = self._functions(data)
            for _ in range(epochs):
                self._loop(make, step, 32)

        def _loop(self, dataset_function, step_function, batch_size):
            for batch in dataset_function(batch_size):
                step_function(batch)

        def _functions(self, data: Data):
            def make(batch_size):
                return data.batches(batch_size){tail}

            return make, self.train_on_batch
    """

# a module-level function handed straight to the parameter the loop calls
DIRECT = """\
    import tensorflow as tf

    def make(batch_size):
        return tf.data.Dataset.range(1000).shuffle(100).batch(batch_size){tail}

    def loop(dataset_function, step):
        {use}

    def main(step):
        loop(make, step)
    """


def found(root):
    result = lint_paths([str(root)], target="cpu", select=["TFP401"], jobs=1, tensorflow_version=TF_WITHOUT_DEFAULTS)
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.severity.value) for f in result.findings)


def test_a_closure_returned_in_a_tuple_and_iterated_by_the_loop_it_is_handed_to_ends_there(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": DATA, "pkg/model.py": TUPLE.replace("{tail}", "")})
    # the generator's pipeline ends where _loop iterates it: a warning at its source, not "leaves the project"
    assert found(tmp_path) == [("data.py", 12, "warning")]


def test_a_closure_that_prefetches_what_it_returns_is_fine(tmp_path):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/data.py": DATA,
                    "pkg/model.py": TUPLE.replace("{tail}", ".prefetch(tf.data.AUTOTUNE)")})
    assert found(tmp_path) == []


def test_a_function_handed_to_a_parameter_whose_result_a_loop_iterates_ends_there(tmp_path):
    use = "for batch in dataset_function(32):\n            step(batch)"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/train.py": DIRECT.replace("{tail}", "").replace("{use}", use)})
    assert found(tmp_path) == [("train.py", 4, "warning")]


def test_a_function_handed_to_a_parameter_whose_result_is_only_peeked_at_is_no_training_stream(tmp_path):
    use = "first = dataset_function(1)\n        return step(next(iter(first)))"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/train.py": DIRECT.replace("{tail}", "").replace("{use}", use)})
    # one element read: what ends it is a peek, not a loop of training steps (the pipeline goes on where not known)
    assert [f for f in found(tmp_path) if f[2] == "warning"] == []


def test_a_function_handed_to_a_loop_that_prefetches_nothing_but_returns_prefetched_is_fine(tmp_path):
    use = "for batch in dataset_function(32):\n            step(batch)"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/train.py": DIRECT.replace("{tail}", ".prefetch(2)").replace(
        "{use}", use)})
    assert found(tmp_path) == []


# the other ways a callable is handed: a functools.partial of it, a lambda calling it, an instance's constructor
# that stores it for a method to call
FORMS = """\
    import functools
    import tensorflow as tf

    def make(batch_size, n):
        return tf.data.Dataset.range(n).shuffle(100).batch(batch_size){tail}

    def loop(dataset_function, step):
        for batch in dataset_function(32):
            step(batch)

    class Trainer:
        def __init__(self, dataset_function):
            self.dataset_function = dataset_function

        def run(self, step):
            for batch in self.dataset_function(32):
                step(batch)

    def main(step):
        {hand}
    """

HANDS = {"partial": "loop(functools.partial(make, n=5000), step)",
         "lambda": "loop(lambda b: make(b, 5000), step)",
         "stored": "Trainer(functools.partial(make, n=5000)).run(step)"}


def test_a_partial_a_lambda_and_a_stored_callable_end_where_they_are_called_and_iterated(tmp_path):
    for form, hand in HANDS.items():
        root = tmp_path / form
        tree(root, {"pkg/__init__.py": "", "pkg/train.py": FORMS.replace("{tail}", "").replace("{hand}", hand)})
        assert found(root) == [("train.py", 5, "warning")], form


def test_a_partial_a_lambda_and_a_stored_callable_that_prefetch_are_fine(tmp_path):
    for form, hand in HANDS.items():
        root = tmp_path / form
        tree(root, {"pkg/__init__.py": "", "pkg/train.py": FORMS.replace("{tail}", ".prefetch(2)").replace(
            "{hand}", hand)})
        assert found(root) == [], form


def test_a_partial_handed_to_a_function_that_only_peeks_is_no_training_stream(tmp_path):
    peek = FORMS.replace("{tail}", "").replace("{hand}", "peek(functools.partial(make, n=5000))") + \
        "\n    def peek(dataset_function):\n        return next(iter(dataset_function(1)))\n"
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/train.py": peek})
    assert [f for f in found(tmp_path) if f[2] == "warning"] == []
