"""Help and docs that run (issue 12): every `tfperf ...` example of the README, of docs/*.md and of
every command's --help runs as written, in a fresh copy of examples/, with the placeholders that
stand for the user's own code mapped to the files in examples/ that play their part.

"Runs" means: exit 0 or 1 (1 is "findings", the point of most examples), no error line, no
traceback. The README's Development commands (the test suite, the benchmarks) are not examples of
tfperf's use and are left to CI. Examples that build keras.applications models, calibrate or measure
for long are marked slow (make test runs them; make test-fast skips them).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from contract_support import EXAMPLES, ROOT, error_lines

from tfperf.cli import main

# what a placeholder in the docs means, as files of examples/ (relative to the directory a command runs in)
PLACEHOLDERS = {
    "src/": "examples/",
    "train.py": "examples/guide_l2_loss.py",
    "export/": "examples/export/",
    "habana_POST_PLACEMENT_00_Before.pbtxt": "examples/placement_dump.pbtxt",
    "mypkg.models:build_model": "examples/keras_applications.py:mobilenet_v2",
    "mypkg.models:model": "examples/guide_placement.py:not_recommended",
    "mypkg.input:train_dataset": "examples/input_pipeline.py:not_recommended",
    "input.py:make_dataset": "examples/input_pipeline.py:not_recommended",
    "train.py:build_compiled_model": "examples/guide_l2_loss.py:not_recommended",
    "m.py:model": "examples/guide_transpose.py:example2",
    "here.toml": "my-cpu.toml",  # the target file calibrate writes, named two ways
}
SLOW = re.compile(r"resnet50|mobilenet|calibrate|tfperf data|--train")
# examples that must pass their gate, not only run: the CI gate allows exactly the example's host ops
MUST_EXIT_0 = re.compile(r"--allow-host .*# CI gate")


def readme_commands(path: Path) -> list[tuple[str, str]]:
    """(where, command) for each `tfperf` line of the shell blocks and each `$ tfperf` line of the others."""
    found, block, language = [], None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fence = re.match(r"^```(\w*)", line)
        if fence:
            block, language = (None, None) if block is not None else (number, fence.group(1))
            continue
        if block is None:
            continue
        text = line.strip()
        if language == "sh" and text.startswith("tfperf "):
            found.append((f"{path.name}:{number}", text))
        elif text.startswith("$ tfperf "):
            found.append((f"{path.name}:{number}", text[2:]))
    return found


def help_commands() -> list[tuple[str, str]]:
    found = []
    for path, command in _commands(main, ()):
        text = CliRunner().invoke(main, [*path, "--help"], terminal_width=200).output
        examples = text.split("Example", 1)[1] if "Example" in text else ""
        found += [(f"{' '.join(path)} --help", line.strip()) for line in examples.splitlines()
                  if line.strip().startswith("tfperf ")]
    return found


def _commands(group: click.Group, path: tuple):
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def runnable(command: str) -> list[list[str]]:
    """The command line as the argv of each `tfperf` it runs (`a && b`), without its trailing comment,
    placeholders mapped."""
    words = [PLACEHOLDERS.get(word, word) for word in shlex.split(command, comments=True)]
    commands, current = [], []
    for word in [*words, "&&"]:
        if word == "&&":
            assert current and current[0] == "tfperf", command
            commands.append(current[1:])
            current = []
        else:
            current.append(word)
    return commands


EXAMPLES_OF_DOCS = [*readme_commands(ROOT / "README.md"), *(c for doc in sorted((ROOT / "docs").glob("*.md"))
                                                           for c in readme_commands(doc)), *help_commands()]


def _params() -> list:
    """One test per distinct tfperf command (the README and a --help may show the same one; a line may
    chain two), named by its first place."""
    seen: dict[tuple, tuple[str, list[str], bool]] = {}
    for where, command in EXAMPLES_OF_DOCS:
        gate = bool(MUST_EXIT_0.search(command))
        for argv in runnable(command):
            seen.setdefault((tuple(argv), gate), (where, argv, gate))
    return [pytest.param(argv, gate, id=f"{where}: tfperf {' '.join(argv)}",
                         marks=[pytest.mark.slow] if SLOW.search("tfperf " + " ".join(argv)) else [])
            for where, argv, gate in seen.values()]


def test_the_docs_have_examples_to_run():
    sources = {where.split(":")[0].split(" --help")[0] for where, _ in EXAMPLES_OF_DOCS}
    assert {"README.md", "check", "placement", "optimize", "data", "estimate"} <= sources


@pytest.mark.parametrize("argv, gate", _params())
def test_example_runs_as_written(argv, gate, tmp_path, monkeypatch):
    """In this process (click's runner: the command's own code, without a TensorFlow import per example;
    the rest of the contract suite runs real processes)."""
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    _made_by_calibrate_before(argv, tmp_path)
    result = CliRunner().invoke(main, argv, env={"NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert not error_lines(result.stderr), result.stderr
    assert result.exit_code in ((0,) if gate else (0, 1)), result.output
    assert result.stdout.strip() or "-o" in argv or "--diff" in argv or "--fix" in argv, "printed nothing"


def _made_by_calibrate_before(argv: list[str], cwd: Path) -> None:
    """A `--target FILE.toml` that the docs' calibrate example writes first (tested on its own): a
    target file of the same form stands in for it."""
    if "--target" in argv and argv[argv.index("--target") + 1].endswith(".toml"):
        made = cwd / argv[argv.index("--target") + 1]
        if not made.exists():
            shutil.copy(ROOT / "src" / "tfperf" / "targets" / "data" / "cpu.toml", made)


def test_make_demo_says_what_its_install_step_does(tmp_path):
    plan = subprocess.run(["make", "-n", "-B", "install", f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.splitlines()
    install = next(i for i, line in enumerate(plan) if "pip install" in line and ".[cpu,dev]" in line)
    assert "--quiet" not in plan[install]
    assert any(line.startswith("echo") and "TensorFlow" in line for line in plan[:install])


def test_optimize_help_does_not_call_its_single_input_repeatable():
    """optimize takes one --model or one --saved-model (it refuses two): its help must not say "Repeatable"."""
    command = main.commands["optimize"]
    for option in command.params:
        if option.name in ("models", "saved_models"):
            assert "Repeatable" not in (option.help or ""), option.name
    two = CliRunner().invoke(main, ["optimize", "--model", "a.py:x", "--model", "b.py:y"])
    assert two.exit_code == 2 and "give one --model or one --saved-model" in two.output
