"""The `tfperf` command line. Parses arguments and calls the API; no analysis logic here.

Exit codes: 0 nothing found, 1 findings, 2 usage or input error.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Callable, Sequence

import click

from tfperf import targets
from tfperf.config import ConfigError, Overrides, Settings, check_tensorflow_version, load_config
from tfperf.errors import first_line, readable, without_origin
from tfperf.findings import Finding, InputError, Severity
from tfperf.rules.base import all_rules, get_rule, validate_patterns
from tfperf.source.cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from tfperf.version import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
CACHE_DIR = DEFAULT_CACHE_DIR  # source results, in the working directory (as ruff's .ruff_cache)


def _quiet_tensorflow() -> None:
    # TensorFlow's C++ start-up chatter would drown the report; users can still override.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(c.strip().upper() for c in (value or "").split(",") if c.strip())


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"tfperf: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_ERROR)


def _settings(overrides: Overrides) -> tuple[Settings, "targets.Target"]:
    """The run's settings (command line over the working directory's [tool.tfperf]) and its target,
    resolved once per command; a bad config, target or code is one line and exit 2."""
    try:
        if overrides.tensorflow_version is not None:
            check_tensorflow_version(overrides.tensorflow_version, "--tensorflow-version")
        settings = overrides.resolve(load_config("."))
        target = targets.load(settings.target)
        validate_patterns(settings.select + settings.ignore)
    except (ConfigError, targets.UnknownTarget, ValueError) as exc:
        raise _fail(str(exc)) from None
    return settings, target



# options several commands share, spelled once
# how a `path/to/file.py:attr` spec is imported (capture.usercode), said in every option that takes one
FILE_IMPORT_HELP = ("A file is imported as `python path/to/file.py` would run it (its directory first on sys.path, "
                    "relative imports inside its package); what it prints goes to stderr.")
MODEL_OPTION = click.option(
    "--model", "models", multiple=True, metavar="MODULE:ATTR",
    help="A Keras model, a function returning one, or a tf.function with an input signature, "
         f"e.g. pkg.models:build or path/to/file.py:build. {FILE_IMPORT_HELP} Repeatable.")
SAVED_MODEL_OPTION = click.option("--saved-model", "saved_models", multiple=True, metavar="DIR",
                                  help="A SavedModel directory. Repeatable.")
SIGNATURE_OPTION = click.option("--signature", metavar="NAME", help="Only this SavedModel signature (default: all).")
INPUT_SHAPE_OPTION = click.option(
    "--input-shape", "input_shapes", multiple=True, metavar="SHAPE[:DTYPE]",
    help="Input shape where the model leaves it open, e.g. 8,224,224,3 or 8,128:int32; once per input.")
BATCH_SIZE_OPTION = click.option("--batch-size", type=click.IntRange(min=1),
                                 help="Fill an unknown batch dimension of a Keras model's or SavedModel's inputs.")
DEBUG_OPTION = click.option("--debug", is_flag=True, help="Show tracebacks for input errors.")
PROFILE_OPTION = click.option(
    "--profile", "profile_dir", metavar="LOGDIR",
    help="A TensorBoard profile of a real run of the same step (the logdir tf.profiler.experimental.start "
         "wrote, a run directory or an .xplane.pb file): measured op times beside the predicted ones.")
BF16_CONFIG_OPTION = click.option(
    "--bf16-config", metavar="FILE", type=click.Path(dir_okay=False),
    help="A Habana bf16 conversion config (the JSON file TF_BF16_CONVERSION names; allowlist/conditional_list or "
         "whitelist/graylist keys): judge the graph as that config converts it.")
TRAIN_OPTION = click.option("--train", is_flag=True, help="--model: the training step of a compiled Keras model (what "
                                                          "model.fit runs: forward, loss, gradients, optimizer update).")
LABEL_SHAPE_OPTION = click.option(
    "--label-shape", "label_shapes", multiple=True, metavar="SHAPE[:DTYPE]",
    help="With --train: shape of each label, e.g. 8:int32 (default: like the outputs, then sparse).")


def _bf16_config(path: str | None):
    """The Habana config at `path` (None: none); a malformed one is one line and exit 2."""
    if path is None:
        return None
    from tfperf.amp.habana import Bf16ConfigError, read

    try:
        return read(path)
    except Bf16ConfigError as exc:
        raise _fail(str(exc)) from None


_PROGRAM = False  # run as the program (`run`), not called in-process
_LINTED = False  # source was linted: the program ends with os._exit (`run`)


class _Group(click.Group):
    """tfperf's commands. Ctrl-C (KeyboardInterrupt, also one raised by the user's code) stops the run
    with one line and exit 2: exit 1 means findings, and click's own "Aborted!" exits 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            sys.stdout.flush()
            click.echo("tfperf: error: interrupted; the run stopped before its report", err=True)
            raise click.exceptions.Exit(EXIT_ERROR) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="tfperf")
def main() -> None:
    """Find, locate, price and fix what slows TensorFlow models down on accelerators.

    Automates Habana's "Optimization in TensorFlow Models" guide. Start with `tfperf check`.
    """


def run() -> None:
    """The `tfperf` program (its console script, `python -m tfperf`): `main`, as a process of its own.
    A run that linted source and imported no TensorFlow ends with os._exit once its output is
    flushed: neither freeing what the lint built, object by object, nor waiting for the workers to
    give their memory back (~0.3 s of a 260k-line project's cold check) changes what it printed or
    its exit code, and no exit handler has work left then (multiprocessing's would only wait for the
    workers). Code that calls `main` itself (and catches its SystemExit) gets the usual exit."""
    global _PROGRAM
    _PROGRAM = True
    try:
        main()
    except SystemExit as exc:
        code = 0 if exc.code is None else exc.code
        if _LINTED and "tensorflow" not in sys.modules and type(code) is int:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):
                raise exc from None  # (a closed pipe: Python's own exit reports it, as without this)
            os._exit(code)
        raise


class _Inputs:
    """Collects the graphs to analyse and the inputs that could not be read."""

    def __init__(self, debug: bool):
        self.debug = debug
        self.graphs = []
        self.pipelines = []  # captured tf.data pipelines (--dataset)
        self.errors = []

    def capture(self, origin: str, thunk: Callable[[], list], into: list | None = None) -> None:
        """Run `thunk` (which may run the user's code: its prints go to stderr, its sys.exit() is an
        input error) and keep what it returns; an input that fails is recorded, and the others go on."""
        from tfperf.capture import CaptureError
        from tfperf.capture.usercode import user_code

        try:
            with user_code(origin):
                (self.graphs if into is None else into).extend(thunk())
        except CaptureError as exc:
            if self.debug:
                traceback.print_exc()
            self.errors.append(InputError(origin, without_origin(origin, exc)))
        except Exception as exc:  # one bad input never stops the others
            if self.debug:
                raise
            self.errors.append(InputError(origin, f"unexpected {type(exc).__name__}: {first_line(exc)} "
                                                  "(--debug shows the traceback)"))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@MODEL_OPTION
@SAVED_MODEL_OPTION
@SIGNATURE_OPTION
@click.option("--graph", "graph_files", multiple=True, metavar="FILE",
              help="A GraphDef, binary .pb or text .pbtxt (placement dumps keep their devices). Repeatable.")
@click.option("--dataset", "datasets", multiple=True, metavar="MODULE:ATTR",
              help="A tf.data.Dataset (also one distributed by a tf.distribute strategy), or a function "
                   f"returning one: its input pipeline is checked (TFP4xx). {FILE_IMPORT_HELP} Repeatable.")
@INPUT_SHAPE_OPTION
@BATCH_SIZE_OPTION
@click.option("--train", is_flag=True, help="--model: check the training step of a compiled Keras model (what model.fit "
                                            "runs: forward, loss with regularizers, gradients, optimizer update).")
@click.option("--label-shape", "label_shapes", multiple=True, metavar="SHAPE[:DTYPE]",
              help="With --train: shape of each label, e.g. 8:int32 (default: like the outputs, then sparse).")
@click.option("--target", metavar="NAME", help=f"Device profile to price and judge on (default {targets.DEFAULT_TARGET}; "
                                                "`tfperf targets` lists them).")
@click.option("--select", metavar="CODES", help="Only these codes or prefixes, comma-separated (e.g. TFP1,TFP201).")
@click.option("--ignore", metavar="CODES", help="Skip these codes or prefixes, comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "html"]), default="text", show_default=True,
              help="html: one self-contained page (opens offline) with each model's step, engine timeline, "
                   "findings ranked on it with your lines, host placement; source findings by file and code.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here instead of stdout.")
@DEBUG_OPTION
@click.option("--fix", is_flag=True, help="Source PATHs: apply the exact fixes in place (written atomically), of "
                                          "warnings (of info findings too with --show-info). A fix that would make "
                                          "code that does not parse is left out alone, named on stderr, and the "
                                          "exit status is 2.")
@click.option("--diff", is_flag=True, help="Source PATHs: print the fixes as a unified diff; write nothing (exit 1 when "
                                           "something would change, 2 when a fix was left out, as with --fix).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that change a logged value (same-gradients) or the precision (numerics).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for source PATHs (default: all cores).")
@click.option("--show-info", is_flag=True, help="Text report: also show the info findings (by default they are counted "
                                                "in one line; JSON and SARIF always carry them); --fix and --diff "
                                                "then apply their fixes too.")
@click.option("--statistics", is_flag=True, help="Text report: one line per code (count, name, fixable) instead of "
                                                 "the findings.")
@click.option("--exclude", metavar="GLOBS", help="Source PATHs: comma-separated globs to skip, replacing "
                                                  "[tool.tfperf] exclude.")
@click.option("--extend-exclude", metavar="GLOBS", help="Source PATHs: comma-separated globs to skip, in addition "
                                                         "to the configured ones.")
@click.option("--no-cache", is_flag=True, help=f"Source PATHs: lint every file again instead of reusing unchanged "
                                               f"results from {CACHE_DIR}/.")
@click.option("--no-project-context", is_flag=True, help="Source FILEs: lint a file named on its own alone; by default "
              "the other files of its project (the directory of the nearest pyproject.toml or .git) are read for what "
              "they say about it, never reported or fixed.")
@click.option("--tensorflow-version", metavar="X.Y", help="Source PATHs: the TensorFlow release the code runs on "
              "(its default tf.data options differ), over [tool.tfperf] tensorflow-version and the one installed here.")
@PROFILE_OPTION
@BF16_CONFIG_OPTION
def check(paths, models, saved_models, signature, graph_files, datasets, input_shapes, batch_size, train, label_shapes, target,
          select, ignore, fmt, output, debug, fix, diff, unsafe_fixes, jobs, show_info, statistics, exclude,
          extend_exclude, no_cache, no_project_context, tensorflow_version, profile_dir, bf16_config) -> None:
    """Report the guide's slow constructs in models, SavedModels, GraphDefs and source files.

    \b
    Examples:
      tfperf check src/ --diff
      tfperf check --model examples/guide_pad.py:not_recommended
      tfperf check --model examples/keras_applications.py:mobilenet_v2 --batch-size 32 --target gaudi3
      tfperf check --saved-model examples/export/ --format sarif -o tfperf.sarif
      tfperf check --graph examples/placement_dump.pbtxt
      tfperf check --dataset mypkg.input:train_dataset --target gaudi2
      tfperf check --model train.py:build_compiled_model --train --batch-size 32
    """
    _quiet_tensorflow()
    if not (paths or models or saved_models or graph_files or datasets):
        raise click.UsageError("nothing to check: give PATH..., --model, --saved-model, --graph or --dataset")
    overrides = Overrides(target, _codes(select), _codes(ignore), tensorflow_version=tensorflow_version)
    settings, target_profile = _settings(overrides)
    try:
        specs = _input_specs(input_shapes)
        labels = _input_specs(label_shapes)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if (train or labels) and not models:
        raise click.UsageError("--train and --label-shape apply to --model")
    if profile_dir and not (models or saved_models or graph_files):
        raise click.UsageError("--profile applies to --model, --saved-model and --graph")
    _check_output(output, [*paths, *graph_files, *saved_models, *_spec_files(models + datasets)])
    if bf16_config and not (models or saved_models or graph_files):
        raise click.UsageError("--bf16-config applies to --model, --saved-model and --graph")
    options = {"allow_host": settings.allow_host, "bf16_config": _bf16_config(bf16_config)}

    inputs = _Inputs(debug)
    if models or saved_models or graph_files or datasets:
        _import_tensorflow(debug)
    measured = _read_profile(profile_dir)
    _capture_datasets(inputs, datasets)  # first: with --train the step is traced at the dataset's batch
    if train and not batch_size and not specs and len(inputs.pipelines) == 1:
        batch_size = _train_at_dataset_batch(inputs.pipelines[0], options)
    _capture_all(inputs, models, saved_models, signature, graph_files, specs, batch_size, train, labels)
    findings: list[Finding] = []
    graph_options = dict(select=settings.select, ignore=settings.ignore, options=options, profile=measured)
    models = []  # the HTML page's model sections
    if inputs.graphs or inputs.pipelines:  # a source-only check imports no graph side (test_lean_imports.py)
        from tfperf.analyze import check_graphs, check_pipeline

        if fmt == "html":
            models = _model_sections(inputs.graphs, target_profile, **graph_options)
            findings = [entry.finding for model in models for entry in model.findings]
        else:
            findings = check_graphs(inputs.graphs, target_profile, **graph_options)
        for pipeline in inputs.pipelines:
            findings += check_pipeline(pipeline, target_profile, select=settings.select, ignore=settings.ignore)
    if paths:  # the same overrides, resolved against each file's nearest [tool.tfperf]
        source = _lint_sources(paths, inputs, target=overrides.target, select=overrides.select,
                               ignore=overrides.ignore, fix=fix, diff=diff, unsafe_fixes=unsafe_fixes,
                               fix_info=show_info, jobs=jobs,
                               exclude=_globs(exclude) if exclude is not None else None,
                               extend_exclude=_globs(extend_exclude), cache_dir=None if no_cache else CACHE_DIR,
                               tensorflow_version=overrides.tensorflow_version, project_context=not no_project_context)
        findings += source.findings
        if diff:  # like ruff --diff: the diff is the output; exit 1 when something would change
            click.echo("".join(source.diffs[p] for p in sorted(source.diffs)), nl=False)
            _print_errors(inputs.errors)
            raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_FINDINGS if source.diffs else EXIT_CLEAN)
        if fix:
            click.echo(f"tfperf: fixed {source.fixed} finding(s) in {len(source.changed)} file(s)", err=True)
    page = _page(findings, inputs.errors, target_profile, models) if fmt == "html" else None
    _report(findings, inputs.errors, fmt, output, target_profile, show_info, statistics, page=page)
    problems = [f for f in findings if f.severity is not Severity.INFO]  # info alone does not fail a run
    code = EXIT_ERROR if inputs.errors else EXIT_FINDINGS if problems else EXIT_CLEAN
    raise click.exceptions.Exit(code)


def _read_profile(path: str | None):
    """The profile --profile names, read before any capture work; a bad one is one line and exit 2."""
    if not path:
        return None
    from tfperf.capture.profile import ProfileError, read_profile

    try:
        return read_profile(path)
    except ProfileError as exc:
        raise _fail(str(exc)) from None


def _train_at_dataset_batch(pipeline, options: dict) -> int | None:
    """`check --train --dataset D`: the step is traced at the batch the dataset feeds each device (TFP801
    judges it and names the dataset's .batch()); a distributed dataset's replicas are the devices."""
    from tfperf.batch.api import configured_batch

    stage, batch = configured_batch(pipeline)
    if stage is not None:
        options["batch_stage"] = stage
        options["devices"] = pipeline.distribution.replicas if pipeline.distribution else 1
    return batch


def _check_out_dir(out: str) -> None:
    """`optimize --out`: refused before the work when it is there and not an empty directory."""
    from tfperf.rewrite.freeze import RewriteError
    from tfperf.rewrite.rebuild import check_out_dir

    try:
        check_out_dir(out)
    except RewriteError as exc:
        raise _fail(str(exc)) from None


def _spec_files(specs: Sequence[str]) -> list[str]:
    """The files of `path/file.py:attr` specs."""
    return [spec.rpartition(":")[0] for spec in specs if spec.rpartition(":")[0].endswith(".py")]


def _import_tensorflow(debug: bool) -> None:
    try:
        if debug:
            import tensorflow  # noqa: F401
        else:
            from tfperf.capture._quiet import import_tensorflow_quietly

            import_tensorflow_quietly()
    except ImportError:
        raise _fail("TensorFlow is not installed: pip install 'tfperf[cpu]' (or [gpu]) to analyse models") from None


def _input_specs(texts: Sequence[str]):
    if not texts:
        return None
    from tfperf.capture import parse_input_spec

    return [parse_input_spec(t) for t in texts] or None


def _input_ranges(texts: Sequence[str]) -> dict[str, tuple[float, float]]:
    """["token_ids=0:30522", "0:1"] -> {"token_ids": (0, 30522), "": (0, 1)} ("" names every input)."""
    ranges = {}
    for text in texts:
        name, _, bounds = text.rpartition("=")
        low, sep, high = bounds.partition(":")
        try:
            ranges[name.strip()] = (_number(low), _number(high))
        except ValueError:
            raise ValueError(f"bad --input-range {text!r}: expected [NAME=]LOW:HIGH, e.g. token_ids=0:30522") from None
        if not sep or ranges[name.strip()][1] <= ranges[name.strip()][0]:
            raise ValueError(f"bad --input-range {text!r}: expected [NAME=]LOW:HIGH with LOW < HIGH")
    return ranges


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _capture_all(inputs: _Inputs, models, saved_models, signature, graph_files, specs, batch_size, train=False,
                 labels=None) -> None:
    if not (models or saved_models or graph_files):
        return
    from tfperf import capture
    from tfperf.capture.proto import read_graph

    for spec in models:
        inputs.capture(spec, lambda spec=spec: [capture.from_spec(spec, specs, batch_size, train=train,
                                                                  label_specs=labels)])
    for path in saved_models:
        inputs.capture(path, lambda path=path: capture.from_saved_model(path, signature, specs, batch_size))
    for path in graph_files:
        inputs.capture(path, lambda path=path: [_with_notes(path, *read_graph(path))])


def _with_notes(origin: str, graph, notes: Sequence[str]):
    """`graph`, after saying on stderr what could not be read fully (e.g. ops this TensorFlow does not know)."""
    for note in notes:
        click.echo(f"tfperf: note: {origin}: {note}", err=True)
    return graph


def _capture_datasets(inputs: _Inputs, datasets) -> None:
    if not datasets:
        return
    from tfperf.capture import dataset

    for spec in datasets:
        inputs.capture(spec, lambda spec=spec: [dataset.from_spec(spec)], into=inputs.pipelines)


def _lint_sources(paths, inputs: _Inputs, **options):
    """Source files are linted without TensorFlow (tfperf.source.lint_paths)."""
    global _LINTED
    from tfperf.source import linter

    if _PROGRAM:
        linter.keep_until_exit()  # (freed by the process's os._exit: `run`)
        _LINTED = True
    result = linter.lint_paths(paths, **options)
    inputs.errors.extend(result.errors)
    return result


def _model_sections(graphs, target, **options) -> list:
    """Each graph's section of the HTML page: its step, timeline, ranked findings and host placement."""
    from tfperf.analyze import report_graph
    from tfperf.page import Files, model_section

    files = Files()
    sections = []
    for graph in graphs:
        result = report_graph(graph, target, **options)
        sections.append(model_section(result.estimate, result.placement, result.combined, files, result.batch,
                                      result.precision, result.float32))
    return sections


def _page(findings, errors, target, models):
    from tfperf.page import build_page

    origins = ", ".join(m.summary.origin for m in models[:3]) + (", ..." if len(models) > 3 else "")
    title = f"tfperf report: {origins}" if models else "tfperf report"
    return build_page(findings, errors, target=target, models=models, version=__version__, title=title)


def _report(findings, errors, fmt, output, target, show_info=True, statistics=False, page=None) -> None:
    from tfperf.report import render

    rules = [rule.info() for rule in all_rules()]
    options = dict(errors=errors, target=target, rules=rules, show_info=show_info, statistics=statistics, page=page)
    _write_report(output, lambda stream, color: render(findings, fmt, stream=stream, color=color, **options))
    _print_errors(errors)


def _globs(value: str | None) -> tuple[str, ...]:
    return tuple(g.strip() for g in (value or "").split(",") if g.strip())


def _write_report(output: str | None, write: Callable[..., None]) -> None:
    """`write(stream, color)` to stdout, or to the file -o names (checked by _check_output before the work)."""
    if not output:
        write(sys.stdout, None)
        return
    try:
        with open(output, "w", encoding="utf-8", errors="surrogateescape") as stream:
            write(stream, False)
    except OSError as exc:
        raise _fail(f"-o {output}: cannot write the report: {exc.strerror or exc}") from None


def _print_errors(errors: Sequence[InputError]) -> None:
    """Where input errors go, in every command and format: one line each on stderr (JSON and SARIF
    reports also carry them as records; text reports only count them)."""
    for error in errors:
        click.echo(f"tfperf: error: {readable(error.path)}: {readable(error.message)}", err=True)


def _check_output(output: str | None, inputs: Sequence[str] = (), option: str = "-o") -> None:
    """Refuse, before any work, an -o that cannot be written or that names one of the inputs."""
    if not output:
        return
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        raise _fail(f"{option} {output}: the directory {os.path.dirname(output)} does not exist; create it first")
    if os.path.isdir(output):
        raise _fail(f"{option} {output}: is a directory; name a file")
    if any(_is_or_holds(path, output) for path in inputs):
        raise _fail(f"{option} {output}: is one of the inputs, and writing there would overwrite it; "
                    "write elsewhere")


def _is_or_holds(path: str, output: str) -> bool:
    """Whether the existing file `output` is `path`, or a source file under the directory `path`."""
    from tfperf.source.discover import SOURCE_SUFFIXES

    try:
        if os.path.samefile(path, output):
            return True
    except OSError:
        return False
    inside = os.path.realpath(output).startswith(os.path.realpath(path) + os.sep)
    return os.path.isdir(path) and inside and output.endswith(SOURCE_SUFFIXES)


@main.command()
@MODEL_OPTION
@SAVED_MODEL_OPTION
@SIGNATURE_OPTION
@click.option("--graph", "dumps", multiple=True, metavar="FILE",
              help="A placement dump: a GraphDef (.pb/.pbtxt) whose nodes carry devices, e.g. "
                   "habana_POST_PLACEMENT_00_Before.pbtxt. Repeatable.")
@INPUT_SHAPE_OPTION
@BATCH_SIZE_OPTION
@click.option("--target", metavar="NAME", help=f"Device profile (default {targets.DEFAULT_TARGET}).")
@click.option("--xla", is_flag=True, help="Judge by XLA compilability: the model runs under jit_compile or auto-clustering.")
@click.option("--run", is_flag=True, help="--model: run it once on this machine and read where TensorFlow placed each op.")
@click.option("--allow-host", "allow_host", multiple=True, metavar="OP[,OP]",
              help="Op types allowed on the host (exit 0 if only these are); overrides [tool.tfperf] allow-host.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here instead of stdout.")
@DEBUG_OPTION
def placement(models, saved_models, signature, dumps, input_shapes, batch_size, target, xla, run, allow_host, fmt,
              output, debug) -> None:
    """Show the ops that run on the host instead of the device, and the tensors that cross between them.

    Where ops run comes from the best source at hand: the devices of a placement dump (--graph) or
    of a run on this machine (--run), the installed TensorFlow's kernel registry, XLA (--xla), and
    last tfperf's op list for the target. Exit 0 when every op on the host is allowed, 1 otherwise,
    2 when an input could not be read.

    \b
    Examples:
      tfperf placement --model examples/guide_placement.py:not_recommended --target gaudi2
      tfperf placement --graph habana_POST_PLACEMENT_00_Before.pbtxt --allow-host StringFormat
      tfperf placement --model mypkg.models:model --xla --target a100
    """
    _quiet_tensorflow()
    if not (models or saved_models or dumps):
        raise click.UsageError("nothing to place: give --model, --saved-model or --graph")
    from tfperf.placement import parse_ops

    settings, target_profile = _settings(Overrides(target, allow_host=parse_ops(allow_host)))
    try:
        specs = _input_specs(input_shapes)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    _check_output(output, [*dumps, *saved_models, *_spec_files(models)])
    _import_tensorflow(debug)
    inputs = _Inputs(debug)
    _place_all(inputs, models, saved_models, signature, dumps, specs, batch_size, target_profile, xla=xla, run=run,
               allow=settings.allow_host)
    from tfperf.report.placement import render

    _write_report(output, lambda stream, color: render(inputs.graphs, fmt, errors=inputs.errors, stream=stream,
                                                       target=target_profile, color=color))
    _print_errors(inputs.errors)
    found = any(report.findings for report in inputs.graphs)
    raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_FINDINGS if found else EXIT_CLEAN)


def _place_all(inputs: _Inputs, models, saved_models, signature, dumps, specs, batch_size, target, *, xla, run,
               allow) -> None:
    """Each input becomes PlacementReports (in inputs.graphs), or one line in inputs.errors."""
    from tfperf.analyze import placement_of, report_placement
    from tfperf.capture import from_saved_model
    from tfperf.capture import placement as place

    def report(graph, notes=(), *, concrete=None, placed_by=None):
        found = placement_of(graph, target, xla=xla, placed=True if placed_by else None)
        if found.source == "xla" and concrete is not None:
            place.check_xla_compile(concrete, graph, found)
        found.source = placed_by or found.source
        found.notes[:0] = notes
        return report_placement(graph, found, target, allow)

    def model(spec):
        concrete, graph = place.trace_model(spec, specs, batch_size)
        ran, notes = place.run_here(concrete, graph, target) if run else (False, [])
        return [report(graph, notes, concrete=concrete, placed_by="run" if ran else None)]

    for spec in models:
        inputs.capture(spec, lambda spec=spec: model(spec))
    for path in saved_models:
        inputs.capture(path, lambda path=path: [report(g) for g in from_saved_model(path, signature, specs, batch_size)])
    for path in dumps:
        inputs.capture(path, lambda path=path: [report(*place.read_dump(path), placed_by="dump")])


@main.command(name="data")
@click.option("--dataset", "spec", required=True, metavar="MODULE:ATTR",
              help=f"A tf.data.Dataset (also a distributed one), or a function returning one. {FILE_IMPORT_HELP}")
@click.option("--seconds", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="How long to measure: half for the whole pipeline, half shared by its stages.")
@click.option("--no-stages", is_flag=True, help="Measure only the whole pipeline.")
@click.option("--finalize", "compare", is_flag=True,
              help="Also measure tfperf.data.finalize(dataset), as long as the whole pipeline, and print the ratio.")
@click.option("--target", metavar="NAME", help=f"Device profile the findings are judged on (default {targets.DEFAULT_TARGET}).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def data_command(spec, seconds, no_stages, compare, target, fmt, debug) -> None:
    """Measure a tf.data pipeline on this host: elements/s, batches/s, and each stage's rate.

    The pipeline is iterated for a bounded time, then cut after each of its stages and iterated
    again: the stage after which the rate falls is the slow one. No element is waited for more than
    5 s or the time given, whichever is longer: a stage stuck in one element is reported as stalling. Exit 0, or 2 when the
    dataset cannot be built or iterated, or stalls.

    \b
    Examples:
      tfperf data --dataset mypkg.input:train_dataset
      tfperf data --dataset input.py:make_dataset --seconds 4 --finalize
    """
    _quiet_tensorflow()
    _, target_profile = _settings(Overrides(target))
    _import_tensorflow(debug)
    from tfperf.analyze import check_pipeline
    from tfperf.report import data as report

    inputs = _Inputs(debug)
    measured = []
    inputs.capture(spec, lambda: [_measure_dataset(spec, seconds, no_stages, compare, target_profile)], into=measured)
    if not measured:
        _print_errors(inputs.errors)
        raise click.exceptions.Exit(EXIT_ERROR)
    pipeline, profiled, finalized = measured[0]
    report.render(profiled, stream=sys.stdout, fmt=fmt, findings=check_pipeline(pipeline, target_profile),
                  finalized=finalized)
    if profiled.overall.stalled is not None or profiled.stalled is not None:
        _print_errors([InputError(spec, "the pipeline stalled: an element did not come within the time allowed "
                                        "(see the report)")])
        raise click.exceptions.Exit(EXIT_ERROR)


def _measure_dataset(spec: str, seconds: float, no_stages: bool, compare: bool, target) -> tuple:
    """(pipeline IR, Profile, (finalized Throughput, changes) or None) of `tfperf data`."""
    from tfperf.capture import CaptureError
    from tfperf.capture.dataset import build_from_spec, unwrap
    from tfperf.data import finalize, measure, profile
    from tfperf.report import data as report

    pipeline, dataset = build_from_spec(spec)
    whole = seconds if no_stages else seconds / 2  # as long as profile measures the whole pipeline
    with report.progress(seconds + (whole if compare else 0)) as tick:
        try:
            measured = profile(dataset, seconds, stages=not no_stages, tick=tick, origin=spec)
            finalized = None
            if compare:
                fixed = finalize(unwrap(dataset, spec), target)
                finalized = (measure(fixed.dataset, whole, tick=lambda done: tick(seconds + done)), fixed.changes)
        except CaptureError:
            raise
        except Exception as exc:  # the user's pipeline failed while it ran
            raise CaptureError(f"iterating the dataset failed: {type(exc).__name__}: {first_line(exc)}") from exc
    return pipeline, measured, finalized


@main.command()
@click.option("--model", "models", multiple=True, metavar="MODULE:ATTR",
              help="The model to optimize: a Keras model, a function returning one, or a tf.function with an input "
                   f"signature, e.g. pkg.models:build or path/to/file.py:build. {FILE_IMPORT_HELP}")
@click.option("--saved-model", "saved_models", multiple=True, metavar="DIR", help="The SavedModel to optimize.")
@SIGNATURE_OPTION
@click.option("--out", metavar="DIR", type=click.Path(file_okay=False),
              help="Write the optimized SavedModel here (must not exist or be empty; checked before any work). "
                   "Without it nothing is written.")
@INPUT_SHAPE_OPTION
@click.option("--batch-size", type=click.IntRange(min=1),
              help="Fix a Keras model's batch dimension (default: keep it open, as the model has it).")
@click.option("--target", metavar="NAME", help=f"Device profile the passes judge by (default {targets.DEFAULT_TARGET}).")
@click.option("--mme-reductions", type=click.Choice(["cost", "measure", "always"]), is_flag=False, flag_value="cost",
              default=None, help="Also rewrite sums over the last axis as matmuls (TFP601): where the target's "
                                 "peaks say it pays (cost, the default), if it is faster here (measure), or always.")
@click.option("--xla", is_flag=True, help="Keep the result compilable by XLA (jit_compile): no explicit padding on "
                                          "pools, which XLA lacks (the default on targets whose models XLA compiles: GPUs).")
@click.option("--bf16", is_flag=True, help="Also convert to mixed precision (TFP701; numerics): the ops the step model "
                                           "prices cheaper in the target's 16-bit dtype, casts included; verified "
                                           "within --bf16-tolerance, not exactly.")
@click.option("--bf16-tolerance", type=click.FloatRange(min=0, min_open=True), default=None, metavar="RELATIVE",
              help="With --bf16: the normwise relative error the conversion may add to a result (default 2^-4 = "
                   "0.0625); classifier outputs must also keep every decisive arg-max.")
@click.option("--input-range", "input_ranges", multiple=True, metavar="[NAME=]LOW:HIGH",
              help="Draw an input's random values from [LOW, HIGH) (e.g. token_ids=0:30522, or 0:255 for every "
                   "input); integer inputs are also kept within the tables they index. Repeatable.")
@click.option("--bench", is_flag=True, help="Time original and optimized here (interleaved, median) and show what "
                                            "TensorFlow's Grappler already removes.")
@click.option("--repeats", type=click.IntRange(min=3), default=30, show_default=True, help="Timed calls per variant.")
@click.option("--draws", type=click.IntRange(min=1), default=3, show_default=True, help="Random input draws to verify on.")
@click.option("--no-verify", is_flag=True, help="Skip the comparison with the original on random inputs (not advised).")
@click.option("--allow-side-effects", is_flag=True,
              help="Run the graph for verification (and --bench) even when it holds ops with side effects or I/O "
                   "(files, print, py_function, summaries, checkpoints): they run each time the graph does.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@DEBUG_OPTION
def optimize(models, saved_models, signature, out, input_shapes, batch_size, target, mme_reductions, xla, bf16,
             bf16_tolerance, input_ranges, bench, repeats, draws, no_verify, allow_side_effects, fmt, debug) -> None:
    """Apply the guide's graph fixes (TFP102, TFP103, TFP201; TFP601 and TFP701 when asked), verified
    on random inputs, and save the result as a SavedModel.

    Verification runs the original and the optimized graph on random inputs, here. A graph with ops
    that act outside it (write or read files, print, call Python, write summaries or checkpoints)
    is refused unless --allow-side-effects (or --no-verify, which runs nothing).

    \b
    Exit codes: 0 optimized (and written with --out), 1 the optimized model differs from the
    original (nothing written), 2 an input that cannot be optimized.
    \b
    Examples:
      tfperf optimize --model examples/guide_pad.py:not_recommended
      tfperf optimize --model examples/keras_applications.py:resnet50 --out resnet50_opt/ --bench
      tfperf optimize --saved-model examples/export/ --out export_opt/ --mme-reductions
      tfperf optimize --model examples/guide_mixed_precision.py:not_recommended --batch-size 8 --bf16 --bench
    """
    _quiet_tensorflow()
    if len(models) + len(saved_models) != 1:
        raise click.UsageError("give one --model or one --saved-model to optimize")
    _, target_profile = _settings(Overrides(target))
    try:
        specs = _input_specs(input_shapes)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if out:
        _check_out_dir(out)
    _import_tensorflow(debug)
    if no_verify:
        click.echo("tfperf: warning: --no-verify: the optimized model is NOT compared with the original", err=True)
    from tfperf import capture, rewrite

    try:
        ranges = _input_ranges(input_ranges)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if bf16_tolerance is not None and not bf16:
        raise click.UsageError("--bf16-tolerance applies with --bf16")
    options = dict(target=target_profile, mme_reductions=mme_reductions, xla=xla or None, verify=not no_verify,
                   draws=draws, bench=bench, repeats=repeats, input_ranges=ranges,
                   allow_side_effects=allow_side_effects, bf16=bf16)
    if bf16_tolerance is not None:
        options["bf16_tolerance"] = bf16_tolerance
    inputs, results, mismatches = _Inputs(debug), [], []

    def run(origin: str, make: Callable[[], dict]) -> None:
        def thunk() -> list:
            try:
                return [make()]
            except rewrite.VerificationFailed as exc:
                mismatches.append(str(exc))
                return []

        inputs.capture(origin, thunk, into=results)

    if models:
        spec = models[0]
        run(spec, lambda: {"serving_default": rewrite.optimize(capture.load_object(spec), specs, origin=spec,
                                                               batch_size=batch_size, **options)})
    else:
        run(saved_models[0], lambda: rewrite.optimize_saved_model(saved_models[0], signature, input_specs=specs,
                                                                   batch_size=batch_size, **options))
    if results and out and not mismatches:
        inputs.capture(out, lambda: rewrite.save_all(results[0], out) or [], into=results)
    from tfperf.report.optimize import render

    render([o.report for found in results for o in found.values()], fmt, errors=inputs.errors, stream=sys.stdout)
    _print_errors(inputs.errors)
    for message in mismatches:
        click.echo(f"tfperf: error: {message}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_FINDINGS if mismatches else EXIT_CLEAN)


@main.command(name="amp")
@MODEL_OPTION
@SAVED_MODEL_OPTION
@SIGNATURE_OPTION
@click.option("--graph", "graph_files", multiple=True, metavar="FILE", help="A GraphDef, .pb or .pbtxt. Repeatable.")
@INPUT_SHAPE_OPTION
@BATCH_SIZE_OPTION
@TRAIN_OPTION
@LABEL_SHAPE_OPTION
@click.option("--target", metavar="NAME|FILE", help=f"Device profile (default {targets.DEFAULT_TARGET}), or a target file.")
@BF16_CONFIG_OPTION
@click.option("--emit-habana-config", "emit", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help="Write tfperf's plan for the (one) model as a Habana bf16 config, for TF_BF16_CONVERSION=FILE.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@DEBUG_OPTION
def amp_command(models, saved_models, signature, graph_files, input_shapes, batch_size, train, label_shapes, target,
                bf16_config, emit, fmt, debug) -> None:
    """Mixed precision on a target: the predicted step as traced, with tfperf's plan (the ops whose
    16-bit version the step model prices cheaper, casts included) and with a Habana bf16 config;
    what each leaves in float32, converts that it should not, and the casts it adds.

    Exit 0, or 2 when an input or the config cannot be read.

    \b
    Examples:
      tfperf amp --model examples/guide_mixed_precision.py:not_recommended --batch-size 64 --target gaudi3
      tfperf amp --model train.py:build_compiled_model --train --batch-size 64 --bf16-config examples/habana_bf16.json
      tfperf amp --model examples/guide_mixed_precision.py:recommended --batch-size 64 --emit-habana-config bf16.json
    """
    _quiet_tensorflow()
    if not (models or saved_models or graph_files):
        raise _fail("nothing to convert: give --model, --saved-model or --graph")
    if (train or label_shapes) and not models:
        raise _fail("--train and --label-shape apply to --model")
    try:
        target_profile = targets.load(target or load_config(".").target)
        specs, labels = _input_specs(input_shapes), _input_specs(label_shapes)
    except (ConfigError, targets.UnknownTarget, ValueError) as exc:
        raise _fail(str(exc)) from None
    config = _bf16_config(bf16_config)
    _check_output(emit, [*graph_files, *saved_models, *_spec_files(models), *([bf16_config] if bf16_config else [])],
                  "--emit-habana-config")
    _import_tensorflow(debug)
    inputs = _Inputs(debug)
    _capture_all(inputs, models, saved_models, signature, graph_files, specs, batch_size, train, labels)
    if emit and len(inputs.graphs) != 1:
        _print_errors(inputs.errors)
        raise _fail(f"--emit-habana-config writes one model's plan: {len(inputs.graphs)} graphs were captured "
                    "(name one --model, or one --signature)")
    from tfperf.amp import habana
    from tfperf.amp.summary import summarize
    from tfperf.report.amp import render

    summaries = [summarize(graph, target_profile, config) for graph in inputs.graphs]
    if emit:
        try:
            habana.write(summaries[0].config, emit)
        except OSError as exc:
            raise _fail(f"--emit-habana-config {emit}: cannot write it: {exc.strerror or exc}") from None
    render(summaries, fmt, errors=inputs.errors, stream=sys.stdout, written=emit)
    _print_errors(inputs.errors)
    raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_CLEAN)


@main.command()
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the rule reference as Markdown (the README's table).")
def rules(code, markdown) -> None:
    """List the rules, or explain one (e.g. `tfperf rules TFP201`)."""
    from tfperf.docs import rule_markdown, rules_table

    if code:
        try:
            rule = get_rule(code)
        except KeyError as exc:
            raise _fail(str(exc.args[0])) from None
        click.echo(rule_markdown(rule))
    elif markdown:
        click.echo(rules_table())
    else:
        for rule in all_rules():
            click.echo(f"{rule.code}  {rule.name:<28} {rule.safety.value:<14} {rule.summary}")


@main.command(name="targets")
def list_targets() -> None:
    """List the device profiles `--target` accepts."""
    for name in targets.available():
        t = targets.load(name)
        default = " (default)" if name == targets.DEFAULT_TARGET else ""
        click.echo(f"{name:<8} {t.title}{default}: {targets.memory_text(t.memory_bytes)}, "
                   f"{t.memory_bandwidth / 1e12:.2f} TB/s, transposes logical when "
                   f"{'the last axis stays' if t.logical_transpose == 'last-axis' else 'only size-1 axes move'}")


# ---------------------------------------------------------------------------------------------
# tfperf estimate, tfperf targets calibrate (the step model: tfperf.cost, tfperf.targets.calibrate)


@main.command(name="estimate")
@MODEL_OPTION
@SAVED_MODEL_OPTION
@SIGNATURE_OPTION
@click.option("--graph", "graph_files", multiple=True, metavar="FILE",
              help="A GraphDef, binary .pb or text .pbtxt. Repeatable.")
@INPUT_SHAPE_OPTION
@BATCH_SIZE_OPTION
@click.option("--train", is_flag=True, help="--model: estimate the training step of a compiled Keras model (what "
                                            "model.fit runs: forward, loss, gradients, optimizer update).")
@click.option("--label-shape", "label_shapes", multiple=True, metavar="SHAPE[:DTYPE]",
              help="With --train: shape of each label, e.g. 8:int32 (default: like the outputs, then sparse).")
@click.option("--target", metavar="NAME|FILE", help=f"Device profile (default {targets.DEFAULT_TARGET}), or a target "
                                                     "file such as `tfperf targets calibrate` writes.")
@click.option("--fusion", type=click.Choice(targets.FUSION_MODES),
              help="How the device's compiler fuses element-wise ops (default: the target's own).")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many of the slowest ops to list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here instead of stdout.")
@click.option("--trace", "trace_file", metavar="FILE", type=click.Path(dir_okay=False, writable=True),
              help="Write the predicted timeline in the Chrome trace event format (open it in ui.perfetto.dev, "
                   "TensorBoard's trace viewer or chrome://tracing). Several inputs: FILE, FILE-2, ...")
@PROFILE_OPTION
@DEBUG_OPTION
def estimate_command(models, saved_models, signature, graph_files, input_shapes, batch_size, train, label_shapes,
                     target, fusion, top, fmt, output, trace_file, profile_dir, debug) -> None:
    """Predict one step on a target: step time, samples/s, engine use, the slowest ops, matrix-engine
    gaps, peak memory.

    Each op is priced on the engine that runs it (FLOPs and bytes from static shapes, the target's
    peaks and bandwidth, a launch cost), then the dependency graph is list-scheduled on the
    engines. Ops whose shapes are unknown are left out, and counted. Exit 0, or 2 when an input
    cannot be read.

    \b
    Examples:
      tfperf estimate --model examples/keras_applications.py:resnet50 --batch-size 32 --target gaudi2
      tfperf estimate --model train.py:build_compiled_model --train --batch-size 64 --trace step.json
      tfperf estimate --saved-model examples/export/ --target my-cpu.toml --format json
    """
    _quiet_tensorflow()
    if not (models or saved_models or graph_files):
        raise _fail("nothing to estimate: give --model, --saved-model or --graph")
    if (train or label_shapes) and not models:
        raise _fail("--train and --label-shape apply to --model")
    config, target_profile, specs, labels = _config_and_shapes(target, input_shapes, label_shapes)
    inputs_given = [*graph_files, *saved_models, *_spec_files(models)]
    _check_output(output, inputs_given)
    _check_output(trace_file, inputs_given, "--trace")
    _import_tensorflow(debug)
    measured = _read_profile(profile_dir)
    inputs = _Inputs(debug)
    _capture_all(inputs, models, saved_models, signature, graph_files, specs, batch_size, train, labels)
    from tfperf.analyze import estimate_with_findings
    from tfperf.cost.report import render
    from tfperf.cost.trace import write_trace

    results = [estimate_with_findings(graph, target_profile, fusion=fusion, top=top, profile=measured,
                                      select=config.select, ignore=config.ignore) for graph in inputs.graphs]
    if trace_file:
        for k, result in enumerate(results):
            stem, ext = os.path.splitext(trace_file)
            path = trace_file if k == 0 else f"{stem}-{k + 1}{ext}"
            try:
                with open(path, "w", encoding="utf-8") as stream:
                    write_trace(result, stream)
            except OSError as exc:
                raise _fail(f"--trace {path}: {exc.strerror or exc}") from None
    _write_report(output, lambda stream, color: render(results, fmt, stream, inputs.errors))
    _print_errors(inputs.errors)
    raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_CLEAN)


def _config_and_shapes(target: str | None, input_shapes: Sequence[str], label_shapes: Sequence[str]):
    """[tool.tfperf], the target (--target, else the configured one), the input and label shapes parsed;
    a bad one is one line and exit 2."""
    try:
        config = load_config(".")
        return config, targets.load(target or config.target), _input_specs(input_shapes), _input_specs(label_shapes)
    except (ConfigError, targets.UnknownTarget, ValueError) as exc:
        raise _fail(str(exc)) from None


# ---------------------------------------------------------------------------------------------
# tfperf batch (the guide's "Batch Size": tfperf.batch)


@main.command(name="batch")
@click.option("--model", "model", required=True, metavar="MODULE:ATTR",
              help="A Keras model (compiled, with --train) or a function returning one, e.g. pkg.models:build or "
                   f"path/to/file.py:build. {FILE_IMPORT_HELP}")
@click.option("--train", is_flag=True, help="Advise for the training step model.fit runs (else inference).")
@INPUT_SHAPE_OPTION
@click.option("--label-shape", "label_shapes", multiple=True, metavar="SHAPE[:DTYPE]",
              help="With --train: shape of each label, e.g. 8:int32 (default: like the outputs, then sparse).")
@click.option("--batch-size", type=click.IntRange(min=1),
              help="The batch you run now: compared with the recommendation (exit 1 when far from it).")
@click.option("--target", metavar="NAME|FILE", help=f"Device profile (default {targets.DEFAULT_TARGET}), or a target file.")
@click.option("--precision", type=click.Choice(["fp32", "bf16", "fp16"]),
              help="Build the model under Keras's mixed_bfloat16 / mixed_float16 policy (a function returning "
                   "the model; default: as the model builds itself).")
@click.option("--devices", type=click.IntRange(min=1), default=1, show_default=True,
              help="Data-parallel devices: the convergence cap on the global batch is divided among them.")
@click.option("--latency-ms", type=click.FloatRange(min=0, min_open=True),
              help="Inference: the largest batch whose predicted step stays under this many milliseconds.")
@click.option("--dataset", metavar="MODULE:ATTR",
              help="With --train: a tf.data.Dataset of (x, y) batches (or a function returning one): its batch is "
                   "the one you run now, and the gradient noise scale measured on it here caps the global batch.")
@click.option("--critical-batch", type=click.IntRange(min=1),
              help="Your own convergence cap on the global batch (instead of the published one or --dataset's).")
@click.option("--reserve", type=click.FloatRange(0, 1, max_open=True), default=0.1, show_default=True,
              help="Share of the device's memory kept back for the runtime, workspaces and fragmentation.")
@click.option("--measure", is_flag=True, help="Also run the model here at up to 3 batch sizes (each in a fresh "
                                               "process) and show measured peak memory and step time beside the model's.")
@click.option("--memory-budget", "memory_budget_mib", type=click.FloatRange(min=0, min_open=True), metavar="MIB",
              help="With --measure: also find the largest batch whose peak here stays within this many MiB, in at "
                   "most 3 runs (the step model's memory curve corrected by the runs).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here instead of stdout.")
@DEBUG_OPTION
def batch_command(model, train, input_shapes, label_shapes, batch_size, target, precision, devices, latency_ms, dataset,
                  critical_batch, reserve, measure, memory_budget_mib, fmt, output, debug) -> None:
    """Advise the batch size: the largest that fits the device, the throughput knee, a latency bound
    and, in data-parallel training, convergence; the smallest of them is recommended and the one
    that binds is named.

    The step is traced at two batch sizes and its shapes fitted as functions of the batch; the step
    model then prices memory (weights, optimizer slots, gradients, activations by liveness) and
    time at any batch on the target. Exit 0, 1 when --batch-size (or the dataset's batch) is far
    from the advice (more than fits, over the convergence cap, under a quarter of the
    recommendation), 2 when the model cannot be advised on.

    \b
    Examples:
      tfperf batch --model examples/batch_size.py:small_cnn --train --batch-size 8 --target gaudi2
      tfperf batch --model examples/batch_size.py:small_cnn --train --dataset examples/batch_size.py:train_dataset
      tfperf batch --model examples/keras_applications.py:mobilenet_v2 --latency-ms 5 --target gaudi2
    """
    _quiet_tensorflow()
    if latency_ms is not None and train:
        raise _fail("--latency-ms is for inference: drop --train")
    if (dataset or label_shapes) and not train:
        raise _fail("--dataset and --label-shape apply to --train")
    if memory_budget_mib and not measure:
        raise _fail("--memory-budget is searched by running the model here: add --measure")
    config, target_profile, specs, labels = _config_and_shapes(target, input_shapes, label_shapes)
    _check_output(output, _spec_files([model, *([dataset] if dataset else [])]))
    _import_tensorflow(debug)
    from tfperf.batch.advice import far_from_advice
    from tfperf.report.batch import render

    inputs, results = _Inputs(debug), []
    inputs.capture(model, lambda: [_advise(model, target=target_profile, train=train, batch_size=batch_size,
                                           input_shapes=specs, label_shapes=labels, devices=devices,
                                           latency_ms=latency_ms, dataset=dataset, critical_batch_size=critical_batch,
                                           precision=precision, reserve=reserve, measure=measure,
                                           memory_budget=_mib(memory_budget_mib))], into=results)
    _write_report(output, lambda stream, color: render(results, fmt, stream, inputs.errors))
    _print_errors(inputs.errors)
    far = any(far_from_advice(advice) for advice in results)
    raise click.exceptions.Exit(EXIT_ERROR if inputs.errors else EXIT_FINDINGS if far else EXIT_CLEAN)


def _mib(value: float | None) -> int | None:
    return None if value is None else int(value * 2 ** 20)


def _advise(model: str, **options):
    """tfperf.batch.advise, its refusals (a batch fixed in the graph, unknown shapes...) as input errors."""
    from tfperf.batch.api import advise
    from tfperf.batch.rebatch import BatchError
    from tfperf.capture import CaptureError

    try:
        return advise(model, **options)
    except (BatchError, ValueError, RuntimeError) as exc:
        raise CaptureError(str(exc)) from exc


@click.command(name="calibrate")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="The target file to write (TOML), e.g. my-cpu.toml.")
@click.option("--name", default="calibrated", show_default=True, help="The target's name in reports.")
@click.option("--reps", type=click.IntRange(min=3), default=5, show_default=True,
              help="Runs of each micro-benchmark (the fastest counts).")
@DEBUG_OPTION
def calibrate_command(output, name, reps, debug) -> None:
    """Measure this machine (matmul FLOP/s per dtype, memory and cache bandwidth, per-op and per-step
    overhead) with short micro-benchmarks, and write a target file for `--target FILE`.

    Run it on a quiet machine: other work slows the runs down. Takes about half a minute.

    \b
    Example:
      tfperf targets calibrate -o my-cpu.toml
      tfperf estimate --model examples/keras_applications.py:resnet50 --batch-size 8 --target my-cpu.toml
    """
    _quiet_tensorflow()
    _import_tensorflow(debug)
    from tfperf.targets.calibrate import calibrate, to_toml

    try:
        result = calibrate(name, reps=reps, progress=lambda line: click.echo(f"  {line}", err=True))
        with open(output, "w", encoding="utf-8") as stream:
            stream.write(to_toml(result))
        targets.load_file(output)
    except OSError as exc:
        raise _fail(f"{output}: {exc.strerror or exc}") from None
    except targets.UnknownTarget as exc:
        raise _fail(str(exc)) from None
    click.echo(f"tfperf: wrote {output}; use it with --target {output}")


def _targets_group() -> click.Group:
    """`tfperf targets` lists the profiles as before; `tfperf targets calibrate` measures this machine."""
    listing = main.commands["targets"]

    @click.group(name="targets", invoke_without_command=True,
                 help=f"{listing.help} `tfperf targets calibrate -o FILE` measures this machine into a target file.")
    @click.pass_context
    def group(ctx: click.Context) -> None:
        if ctx.invoked_subcommand is None:
            ctx.invoke(listing)

    group.add_command(calibrate_command)
    return group


main.add_command(_targets_group())


if __name__ == "__main__":  # pragma: no cover
    main()
