"""The rounds of `lint_paths` in worker processes: the same results as in one process, the index
the workers are sent kept up to date by its changes, parsed trees reused, and a rule's crash or a
dead worker costing only the file it was on."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap

from tfperf.source import lint_paths
from tfperf.source.project import CALLED_BY, Index, ProjectView, for_workers, name_set
from tfperf.source.cache import Cache
from tfperf.source.workers import MAX_RESPAWNS, Trees, Workers

PROJECT = {  # facts that reach a file from other modules in later rounds (a pipeline's end, callers' contexts)
    "app/__init__.py": "",
    "app/inputs.py": """\
        import tensorflow as tf

        def examples(pattern):
            files = tf.data.Dataset.list_files(pattern)
            return files.interleave(tf.data.TFRecordDataset, num_parallel_calls=8)

        def training_batches(pattern, size):
            return examples(pattern).batch(size, drop_remainder=True)
        """,
    "app/loop.py": """\
        from app import inputs

        def train(model, pattern):
            model.fit(inputs.training_batches(pattern, 64), epochs=3)
        """,
    "app/tests/inputs_test.py": """\
        import tensorflow as tf
        from app import inputs

        def test_examples():
            return tf.transpose(inputs.examples("*.rec"), [1, 0])
        """,
}


def write_project(root, files=PROJECT):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def test_workers_settle_the_project_as_one_process_does(tmp_path):
    write_project(tmp_path)
    for i in range(8):  # enough files for two workers to share
        (tmp_path / "app" / f"m{i}.py").write_text(f"import tensorflow as tf\nx{i} = tf.transpose(tf.random.normal([2, 3]))\n")
    one = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    two = lint_paths([str(tmp_path)], target="cpu", jobs=2)
    assert one.rounds >= 2, "facts reach inputs.py from its callers in a later round"
    assert (two.findings, two.errors, two.rounds) == (one.findings, one.errors, one.rounds)
    assert any(f.code == "TFP401" and f.source.path.endswith("inputs.py") for f in one.findings)


def test_a_file_linted_again_is_not_parsed_again(tmp_path, monkeypatch):
    import ast

    write_project(tmp_path)
    parsed = []
    real_parse = ast.parse
    monkeypatch.setattr(ast, "parse", lambda text, filename="<unknown>", **kw: parsed.append(filename)
                        or real_parse(text, filename, **kw))
    result = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert result.rounds >= 2
    assert sorted(parsed) == sorted(set(parsed)), "each file parsed once over the rounds"


def test_a_file_linted_again_is_not_walked_again_and_gives_what_a_new_walk_gives(tmp_path, monkeypatch):
    from tfperf.source import linter, visitor

    write_project(tmp_path)
    walked, analyses = [], []
    real_walk, real_analyse, real_keep = visitor._walk, linter._analyse, Trees.keep
    monkeypatch.setattr(visitor, "_walk", lambda file, kinds: walked.append(file.path) or real_walk(file, kinds))

    def analyse(*args):
        found = real_analyse(*args)
        analyses.append((args[2], found.findings, found.exports, found.queries))
        return found

    monkeypatch.setattr(linter, "_analyse", analyse)
    monkeypatch.setattr(linter, "_reported_again", lambda *args: None)  # (its own test is below)
    kept = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert kept.rounds >= 2 and len(analyses) > len(set(walked)), "files linted again"
    assert sorted(walked) == sorted(set(walked)), "each file walked once over the rounds"
    with_walks = list(analyses)
    walked.clear(), analyses.clear()
    monkeypatch.setattr(Trees, "keep", lambda self, *args: real_keep(self, *args[:5]))  # trees kept, walks not
    new = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    assert len(walked) == len(analyses) == len(with_walks)
    assert analyses == with_walks, "the same findings, exports and questions to the project, round by round"
    assert (new.findings, new.errors, new.rounds) == (kept.findings, kept.errors, kept.rounds)


REPORTED_ELSEWHERE = {  # ops.py's finding is info once the project says that only evaluation calls to_nchw
    "app/__init__.py": "",
    "app/ops.py": "import tensorflow as tf\n\ndef to_nchw(x):\n    return tf.transpose(x, [0, 3, 1, 2])\n",
    "app/evaluate.py": "import tensorflow as tf\nfrom app import ops\n\ndef evaluate(x):\n    return ops.to_nchw(x)\n",
}


def _how_linted(tmp_path, monkeypatch, files: dict, path: str):
    """How each round handled `path` ("linted" / "reported again"), with the results; then the same
    without the analyses kept (every stale file linted in full): the results must be the same."""
    from tfperf.source import linter

    write_project(tmp_path, files)
    how: list[tuple[str, str]] = []
    real_analyse, real_again, real_keep = linter._analyse, linter._reported_again, Trees.keep
    monkeypatch.setattr(linter, "_analyse", lambda *args: how.append(("linted", args[2])) or real_analyse(*args))

    def again(*args):
        found = real_again(*args)
        if found is not None:
            how.append(("reported again", args[2]))
        return found

    monkeypatch.setattr(linter, "_reported_again", again)
    kept = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    path = str(tmp_path / path)
    rounds = [kind for kind, linted in how if linted == path]
    monkeypatch.setattr(Trees, "keep", lambda self, *args: real_keep(self, *args[:5]))  # trees kept, not analyses
    how.clear()
    full = lint_paths([str(tmp_path)], target="gaudi2", jobs=1)
    assert [kind for kind, linted in how if linted == path] == ["linted", "linted"]
    assert (full.findings, full.errors, full.rounds) == (kept.findings, kept.errors, kept.rounds)
    return rounds, kept


def test_a_file_whose_contexts_alone_changed_is_reported_again_not_linted_again(tmp_path, monkeypatch):
    rounds, kept = _how_linted(tmp_path, monkeypatch, REPORTED_ELSEWHERE, "app/ops.py")
    assert rounds == ["linted", "reported again"]
    (finding,) = kept.findings
    assert finding.severity.value == "info" and "evaluation" in finding.message, finding.message


BUILT_ELSEWHERE = {  # grid.py's transpose runs once when the project says only build() methods call its method
    "app/__init__.py": "",
    "app/grid.py": """\
        import tensorflow as tf
        from tensorflow import keras

        class Grid(keras.layers.Layer):
            def build(self, input_shape):
                self.index = self.relative_index(7)

            def relative_index(self, n):
                coords = tf.reshape(tf.random.uniform([2, n, n]), [2, -1])  # (not a table of sizes: `sized_only`)
                return tf.transpose(coords[:, :, None] - coords[:, None, :], [1, 2, 0])
        """,
}


def test_a_file_whose_build_only_callers_alone_changed_is_reported_again(tmp_path, monkeypatch):
    """TFP101 asks whether only build() calls the method when it reports (`Report.context`), so the
    callers arriving in a later round make the finding again (info: computed once), no new lint."""
    rounds, kept = _how_linted(tmp_path, monkeypatch, BUILT_ELSEWHERE, "app/grid.py")
    assert rounds == ["linted", "reported again"]
    (finding,) = kept.findings
    assert finding.severity.value == "info" and "computed once" in finding.message, finding.message


def test_a_kept_tree_serves_the_same_bytes_only():
    trees = Trees(budget=10)
    tree = object()
    trees.keep("a.py", b"x = 1\n", "x = 1\n", "utf-8", tree)
    assert trees.get("a.py", b"x = 1\n") == ("x = 1\n", "utf-8", tree, None)
    assert trees.get("a.py", b"x = 2\n") is None  # edited between rounds: parsed again
    trees.keep("b.py", b"y = 12345\n", "y = 12345\n", "utf-8", tree)
    assert trees.get("b.py", b"y = 12345\n") is None, "over the budget: not kept"


def _random_exports(rng: random.Random) -> dict[str, list]:
    names = [f"pkg.m{i}.f{j}" for i in range(3) for j in range(3)]
    exports: dict[str, list] = {}
    for _ in range(rng.randint(0, 6)):
        kind = rng.choice([CALLED_BY, CALLED_BY, "x", "dsret"])
        value = rng.choice([*names, "!test", "!eval", "!host", "?"]) if kind == CALLED_BY else rng.choice("abc")
        exports.setdefault(f"{kind}:{rng.choice(names)}", []).append(value)
    return exports


def test_an_updated_index_answers_as_a_new_one_and_names_what_changed():
    rng = random.Random(7)
    for _ in range(200):
        files = {f"f{i}": _random_exports(rng) for i in range(5)}
        index = Index(files.values())
        index.contexts()
        worker = Index(files.values())
        worker.contexts()
        before = {key: index.answer(key) for key in _keys(index)}
        relinted = rng.sample(sorted(files), rng.randint(1, 5))
        new = {name: _random_exports(rng) for name in relinted}
        changed = index.update([files[name] for name in relinted], new.values())
        files.update(new)
        fresh = Index(files.values())
        keys = _keys(index) | _keys(fresh) | set(before)
        assert {k: index.answer(k) for k in keys} == {k: fresh.answer(k) for k in keys}
        assert changed == {k for k in keys if before.get(k, ()) != fresh.answer(k)}
        worker.apply(index.answers(changed))  # what a worker is sent
        assert {k: worker.answer(k) for k in keys} == {k: fresh.answer(k) for k in keys}
        worker._contexts = index._contexts = None  # the call graph read again from the facts (`Index._call_keys`)
        assert worker.contexts() == index.contexts() == fresh.contexts()


def test_an_index_staged_chunk_by_chunk_answers_as_before_until_committed_then_as_one_update():
    # a round's outcomes are counted as the workers send them (`Index.stage`), in any order of chunks
    rng = random.Random(11)
    for _ in range(200):
        files = {f"f{i}": _random_exports(rng) for i in range(6)}
        staged, whole = Index(files.values()), Index(files.values())
        staged.contexts()
        whole.contexts()
        before = {key: staged.answer(key) for key in _keys(staged)}
        relinted = rng.sample(sorted(files), rng.randint(1, 6))
        new = {name: _random_exports(rng) for name in relinted}
        order = rng.sample(relinted, len(relinted))
        cut = rng.randint(0, len(order))
        for chunk in (order[:cut], order[cut:]):
            staged.stage([files[name] for name in chunk], [new[name] for name in chunk])
            assert {key: staged.answer(key) for key in before} == before, "answers wait for the commit"
        changed = staged.commit()
        assert changed == whole.update([files[name] for name in relinted], [new[name] for name in relinted])
        keys = _keys(staged) | _keys(whole)
        assert {k: sorted(staged.answer(k), key=repr) for k in keys} == {k: sorted(whole.answer(k), key=repr)
                                                                        for k in keys}


def _name_sets(rng: random.Random, kind: str) -> dict[str, dict[str, list]]:
    """Each file's exports: a set of names of `kind` (`ProjectView.export_names`), some files none."""
    files = {}
    for i in range(5):
        view = ProjectView()
        view.export_names(kind, f"pkg/f{i}.py", rng.sample("abcdefg", rng.randint(0, 3)))
        view.export("x", f"pkg.f{i}.y", rng.choice("ab"))
        files[f"f{i}"] = dict(view.exports)
    return files


def test_names_a_file_exports_as_one_set_are_asked_name_by_name_and_their_changes_are_told():
    # a kind of NAME_SETS: one key a file to count and send, "<kind>:<name>" asked (and watched) as any other key
    kind = name_set("usedname")
    names = [f"{kind}:{name}" for name in "abcdefgh"]
    rng = random.Random(5)
    for _ in range(200):
        files = _name_sets(rng, kind)
        index, worker = Index(files.values()), Index(files.values())
        truth = lambda: {key: (True,) if any(key[len(kind) + 1:] in s for exports in files.values()  # noqa: E731
                                             for values in exports.values() for s in values
                                             if type(s) is frozenset) else () for key in names}
        assert {key: index.answer(key) for key in names} == truth()
        asked = rng.sample(names, 3)
        assert index.watch([{key: index.answer(key) for key in asked}]) == set()  # (as it was answered)
        before = {key: index.answer(key) for key in asked}
        relinted = rng.sample(sorted(files), rng.randint(1, 5))
        new = _name_sets(rng, kind)
        changed = index.update([files[name] for name in relinted], [new[name] for name in relinted])
        files.update((name, new[name]) for name in relinted)
        assert {key: index.answer(key) for key in names} == truth()
        assert {key for key in asked if index.answer(key) != before[key]} == changed & set(names)
        worker.apply(index.answers(for_workers(changed)))  # the sets, not the names
        assert not for_workers(changed) & set(names)
        assert {key: worker.answer(key) for key in names} == truth()


def test_each_chunk_of_outcomes_is_handed_on_as_the_workers_send_it(tmp_path):
    write_project(tmp_path)
    for i in range(8):
        (tmp_path / "app" / f"m{i}.py").write_text(f"import tensorflow as tf\nx{i} = tf.transpose(tf.random.normal([2, 3]))\n")
    from tfperf.source.linter import Options, lint_file
    from tfperf.source.workers import InProcess

    items = [(str(path), Options("cpu")) for path in sorted(tmp_path.rglob("*.py"))]
    chunks: list[list[str]] = []
    workers = Workers(lint_file, 2, InProcess(lint_file))
    try:
        ran = workers.run(items, Index(), received=lambda chunk: chunks.append([o.path for o in chunk]))
    finally:
        workers.close()
    assert sorted(path for chunk in chunks for path in chunk) == sorted(o.path for o in ran) == sorted(p for p, _ in items)


def test_the_cache_keeps_what_it_prepared_for_the_same_outcome_only(tmp_path):
    write_project(tmp_path)
    cache_dir = tmp_path / "cache"
    first = lint_paths([str(tmp_path / "app")], target="cpu", jobs=2, cache_dir=str(cache_dir))
    again = lint_paths([str(tmp_path / "app")], target="cpu", jobs=2, cache_dir=str(cache_dir))
    assert again.cached == again.files == first.files > 0
    assert [f.message for f in again.findings] == [f.message for f in first.findings]
    from tfperf.source import cache as cache_module
    from tfperf.source.outcome import FileOutcome

    kept = Cache(str(tmp_path / "other"))
    outcome = FileOutcome("a.py", digest="d", stat=(1, 2), lines=3)
    kept.prepare([outcome])
    newer = FileOutcome("a.py", digest="d", stat=(1, 2), lines=4)  # linted again since: made again
    kept.save([("a.py", type("O", (), {"key": "k"})())], {"a.py": newer})
    entries, _, _ = kept._read()
    assert [entry[4] for entry in entries.values()] == [cache_module._plain_outcome(newer)]


def _keys(index: Index) -> set[str]:
    return set(index.facts) | {f"ctx:{name}" for name in index.contexts()}


_FAULTY = """\
import json, os, sys
import tfperf.source.linter as linter
import tfperf.source.workers as workers
real, start, parent, started = linter._analyse, workers._Worker.start, os.getpid(), []
def analyse(text, tree, path, *args):
    if path.endswith("boom.py"):
        raise RuntimeError("a rule's bug\\nsecond line")
    if path.endswith("die.py") or sys.argv[3] == "every-worker-dies" and os.getpid() != parent:
        os._exit(3)
    return real(text, tree, path, *args)
linter._analyse = analyse
workers._Worker.start = classmethod(lambda cls, *args: started.append(1) or start(*args))
result = linter.lint_paths([sys.argv[1]], target="cpu", jobs=int(sys.argv[2]))
print(json.dumps({"errors": [[os.path.basename(e.path), e.message] for e in result.errors],
                  "findings": sorted(os.path.basename(f.source.path) for f in result.findings),
                  "workers": len(started)}))
"""


def _lint_faulty(root, jobs: int, mode: str = "") -> dict:
    # a fresh interpreter: the patched linter is what the forked workers run
    out = subprocess.run([sys.executable, "-c", _FAULTY, str(root), str(jobs), mode], capture_output=True,
                         text=True, check=True, timeout=120).stdout
    return json.loads(out)


GOOD = [f"m{i:02}.py" for i in range(24)]  # enough files for chunks of several


def _faulty_project(root, *bad: str):
    for name in (*GOOD, *bad):
        (root / name).write_text("import tensorflow as tf\ny = tf.transpose(tf.random.normal([2, 3]))\n")


def test_a_rule_that_raises_costs_that_file_alone(tmp_path):
    _faulty_project(tmp_path, "boom.py")
    for jobs in (1, 2):
        result = _lint_faulty(tmp_path, jobs)
        assert result["findings"] == GOOD
        ((name, message),) = result["errors"]
        assert name == "boom.py" and "\n" not in message
        assert message.startswith("tfperf failed on this file (RuntimeError: a rule's bug)")


def test_a_worker_that_dies_costs_that_file_alone(tmp_path):
    # the worker dies in a chunk of several files: they are linted again one at a time to find it
    _faulty_project(tmp_path, "die.py")
    result = _lint_faulty(tmp_path, 2)
    assert result["findings"] == GOOD
    assert result["errors"] == [["die.py", "the worker process linting this file died (exit code 3); the file was "
                                           "skipped; please report this"]]


def test_workers_that_die_on_every_file_are_replaced_three_times_then_this_process_lints(tmp_path):
    _faulty_project(tmp_path)
    result = _lint_faulty(tmp_path, 2, "every-worker-dies")
    assert result["workers"] == 2 + MAX_RESPAWNS == 5, "not a new process per file"
    died = [name for name, message in result["errors"]]
    assert all(message.startswith("the worker process linting this file died (exit code 3)")
               for _, message in result["errors"])
    assert 1 <= len(died) <= 5 and len(set(died)) == len(died), "one line per file a worker died on alone"
    assert result["findings"] == sorted(set(GOOD) - set(died)), "every other file linted, in this process"


def test_the_workers_are_asked_to_end_before_the_cache_is_written_and_not_before_the_fixes(tmp_path, monkeypatch):
    """Once the facts settle with no fix to make, nothing is left for the workers: they are asked to
    end before the results cache is written, so that their exit overlaps it. With fixes to make,
    they make them first."""
    write_project(tmp_path)
    for i in range(8):
        (tmp_path / "app" / f"m{i}.py").write_text(f"import tensorflow as tf\nx{i} = tf.transpose(tf.random.normal([2, 3]))\n")
    events = []

    def recorded(name, method):
        def wrapper(self, *args, **kwargs):
            events.append(name)
            return method(self, *args, **kwargs)
        return wrapper

    monkeypatch.setattr(Workers, "stop", recorded("stop", Workers.stop))
    monkeypatch.setattr(Workers, "run", recorded("run", Workers.run))
    monkeypatch.setattr(Cache, "save", recorded("save", Cache.save))
    lint_paths([str(tmp_path)], target="cpu", jobs=2, cache_dir=str(tmp_path / ".cache"))
    assert "run" in events and events.index("stop") < events.index("save")
    events.clear()
    one = lint_paths([str(tmp_path)], target="cpu", jobs=1, diff=True)
    two = lint_paths([str(tmp_path)], target="cpu", jobs=2, diff=True)
    assert one.diffs and two.diffs == one.diffs
    assert events.count("stop") == 1 and events[-1] == "stop"  # after the fix round: `close`


def test_the_program_ends_without_freeing_or_waiting_and_prints_all_of_its_report(tmp_path):
    """`python -m tfperf check` (and the console script: `cli.run`) ends with os._exit once its output
    is flushed: the whole JSON report, the exit code and the error lines are as an ordinary exit
    gives them, with workers (-j 2) asked to end and not waited for."""
    write_project(tmp_path)
    for i in range(8):
        (tmp_path / "app" / f"m{i}.py").write_text(f"import tensorflow as tf\nx{i} = tf.transpose(tf.random.normal([2, 3]))\n")
    (tmp_path / "app" / "broken.py").write_text("import tensorflow as tf\ndef f(:\n")
    expected = lint_paths([str(tmp_path)], target="cpu", jobs=1)
    done = subprocess.run([sys.executable, "-m", "tfperf", "check", "--no-cache", "-j", "2", "--target", "cpu",
                           "--format", "json", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr  # (a file that does not parse)
    report = json.loads(done.stdout)
    assert [(f["code"], f["locations"][0]["source"]["line"]) for f in report["findings"]] == \
        [(f.code, f.source.line) for f in expected.findings] and expected.findings
    assert "broken.py" in done.stderr and done.stderr.count("\n") == 1
