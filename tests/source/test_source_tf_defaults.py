"""TFP404 and TFP401 in source know what TensorFlow's default tf.data options already do, on the
release the code runs on: a stateless map without num_parallel_calls runs in parallel (TF >= 2.7),
a synchronous last stage gets a prefetch appended (TF >= 2.12), a map then batch is fused into an
asynchronous map_and_batch. Each INVALID form (still a warning) beside its VALID look-alike (info),
the version setting, its errors and the results cache."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from conftest import write_tree as tree
from tfperf import config
from tfperf.cli import main
from tfperf.config import ConfigError, TensorFlow, load_config
from tfperf.source import fix_text, lint_paths, lint_text
from tfperf.source.linter import Options


def found(code: str, select: str, version: str | None = "2.21", path: str = "train.py", target: str = "gaudi2"):
    return [(f.source.line, f.severity.value, f.message) for f in
            lint_text(textwrap.dedent(code), path, target=target, select=[select], tensorflow_version=version)]


MAP = """\
    import tensorflow as tf

    def parse(record):
        image = tf.io.decode_jpeg(record)
        return tf.image.resize({augment}, [224, 224])

    def make(files):
        ds = tf.data.TFRecordDataset(files).map(parse)
        return ds.batch(32, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
    """
BY_DEFAULT = "TensorFlow 2.21 (the tensorflow-version setting) turns on map_parallelization by default"


def test_a_stateless_map_is_info_saying_tensorflow_runs_it_in_parallel():
    assert found(MAP.format(augment="image"), "TFP404") == [
        (8, "info", ".map() without num_parallel_calls: tf.data runs this stateless map in parallel itself, since "
                    f"{BY_DEFAULT}, with autotune on")]


@pytest.mark.parametrize("augment, named", [
    ("tf.image.random_flip_left_right(image)", "tf.image.random_flip_left_right()"),
    ("image + tf.random.uniform([])", "tf.random.uniform()"),
    ("tf.py_function(lambda x: x, [image], tf.uint8)", "tf.py_function()"),
    ("noise(image)", "tf.random.normal() in noise()"),
])
def test_a_map_whose_function_holds_state_stays_a_warning_that_names_the_call(augment, named):
    code = MAP.format(augment=augment) + "\n    def noise(x):\n        return x + tf.random.normal([])\n"
    assert found(code, "TFP404") == [
        (8, "warning", f".map() without num_parallel_calls runs on one host core: its function holds state ({named}), "
                       "so tf.data does not run it in parallel itself")]


def test_a_stateless_random_op_and_a_seeded_keras_layer_built_elsewhere_are_told_apart():
    stateless = MAP.format(augment="tf.image.stateless_random_flip_left_right(image, seed=(1, 2))")
    assert [f[1] for f in found(stateless, "TFP404")] == ["info"]
    held = MAP.format(augment="flip(image)").replace("def make", "flip = tf.keras.layers.RandomFlip()\n\n    def make")
    assert [f[1:] for f in found(held, "TFP404")] == [
        ("warning", ".map() without num_parallel_calls runs on one host core: its function holds state (flip() "
                    "(tf.keras.layers.RandomFlip)), so tf.data does not run it in parallel itself")]


def test_a_function_the_source_does_not_show_is_info_saying_so():
    code = MAP.format(augment="image").replace("import tensorflow as tf", "import tensorflow as tf\n    from pkg import decode") \
        .replace(".map(parse)", ".map(decode)")
    assert found(code, "TFP404") == [
        (9, "info", ".map() without num_parallel_calls: tf.data runs it in parallel itself if its function is "
                    f"stateless, since {BY_DEFAULT}, with autotune on; the source does not show whether it is (its "
                    "function decode is not defined in this file)")]


def test_before_tensorflow_2_7_or_with_the_options_off_a_stateless_map_stays_a_warning():
    code = MAP.format(augment="image")
    assert found(code, "TFP404", version="2.6") == [
        (8, "warning", ".map() without num_parallel_calls runs on one host core: TensorFlow 2.6 (the "
                       "tensorflow-version setting) does not run a map in parallel itself; map_parallelization is on "
                       "by default from TensorFlow 2.7")]
    off = code.replace("        ds = tf.data", "        options = tf.data.Options()\n"
                       "        options.experimental_optimization.map_parallelization = False\n        ds = tf.data") \
        .replace(".map(parse)", ".map(parse).with_options(options)")
    assert found(off, "TFP404") == [
        (10, "warning", ".map() without num_parallel_calls runs on one host core: the options set at line 9 turn "
                        "map_parallelization off")]


def test_tensorflow_1_code_gets_tensorflow_1_defaults_where_the_target_runs_it():
    code = MAP.format(augment="image") + "\n    tf.logging.info('ready')\n"
    assert [f[1] for f in found(code, "TFP404", target="cpu")] == ["warning"]
    assert "TensorFlow 1 (this file calls TensorFlow 1's own top-level API" in found(code, "TFP404", target="cpu")[0][2]
    # Gaudi's software runs TensorFlow 2 only (`Target.runs_tensorflow_1`): the code runs there ported, with TF 2's
    # defaults (issue 11, set 46's TensorFlow 1 training programs)
    assert [f[1] for f in found(code, "TFP404")] == ["info"]
    assert "gaudi2 runs TensorFlow 2 only: this TensorFlow 1 code runs there ported to tf.compat.v1" in \
        found(code, "TFP404")[0][2]


END = """\
    import tensorflow as tf

    def make(files):
        ds = tf.data.TFRecordDataset(files).map(tf.io.parse_tensor, num_parallel_calls=tf.data.AUTOTUNE)
        ds = ds.shuffle(100).batch(32, drop_remainder=True){options}
        return ds
    """
FIXED = "    ds = ds.shuffle(100).batch(32, drop_remainder=True){options}.prefetch(tf.data.AUTOTUNE)"
INJECTS = "TensorFlow 2.21 (the tensorflow-version setting) appends prefetch(AUTOTUNE) after its last stage when it " \
          "iterates it (inject_prefetch, autotune on)"


def test_a_synchronous_end_is_info_where_tensorflow_appends_the_prefetch_and_keeps_its_exact_fix():
    code = END.format(options="")
    assert found(code, "TFP401") == [
        (5, "info", f"tf.data pipeline ends without .prefetch(), but {INJECTS}: write the prefetch out so that the "
                    "overlap does not depend on options and versions")]
    fixed = fix_text(textwrap.dedent(code), "train.py", select=["TFP401"], tensorflow_version="2.21")[0]
    assert fixed.splitlines()[4] == FIXED.format(options="")


def test_a_synchronous_end_stays_a_warning_before_tensorflow_2_12_or_with_inject_prefetch_off():
    assert found(END.format(options=""), "TFP401", version="2.11") == [
        (5, "warning", "tf.data pipeline ends without .prefetch(): the device waits while the host prepares each "
                       "batch; TensorFlow 2.11 (the tensorflow-version setting) adds no prefetch itself; "
                       "inject_prefetch is on by default from TensorFlow 2.12")]
    off = END.format(options=".with_options(options)").replace(
        "    def make(files):\n", "    def make(files):\n        options = tf.data.Options()\n"
        "        options.experimental_optimization.inject_prefetch = False\n")
    assert found(off, "TFP401") == [
        (7, "warning", "tf.data pipeline ends without .prefetch(): the device waits while the host prepares each "
                       "batch; the options set at line 5 turn inject_prefetch off, so tf.data adds no prefetch")]
    fixed = fix_text(textwrap.dedent(off), "train.py", select=["TFP401"], tensorflow_version="2.21")[0]
    assert fixed.splitlines()[6] == FIXED.format(options=".with_options(options)")


@pytest.mark.parametrize("end, says", [
    ("ds.map(tf.io.parse_tensor, num_parallel_calls=4)", "its last stage .map() is asynchronous"),
    ("ds.batch(32, num_parallel_calls=tf.data.AUTOTUNE)", "its last stage .batch() is asynchronous"),
    ("ds.apply(tf.data.experimental.map_and_batch(tf.io.parse_tensor, 32))", "its last stage .apply() is asynchronous"),
    ("ds.map(tf.io.parse_tensor).batch(32)", "TensorFlow 2.6 (the tensorflow-version setting) fuses its last .map() "
                                             "and .batch() into an asynchronous map_and_batch"),
])
def test_an_asynchronous_last_stage_is_info_on_any_tensorflow(end, says):
    code = f"import tensorflow as tf\n\ndef make(files):\n    ds = tf.data.TFRecordDataset(files).batch(8)\n" \
           f"    return {end}\n"
    assert [(f[1], says in f[2]) for f in found(code, "TFP401", version="2.6")] == [("info", True)]


def test_a_map_with_autotuned_calls_at_the_end_overlaps_only_by_the_injected_prefetch():
    # measured: with inject_prefetch off, an AUTOTUNE map at the end overlapped no better than a sequential one
    code = "import tensorflow as tf\n\ndef make(files):\n    ds = tf.data.TFRecordDataset(files).batch(8)\n" \
           "    return ds.map(tf.io.parse_tensor, num_parallel_calls=tf.data.AUTOTUNE)\n"
    assert [f[1] for f in found(code, "TFP401", version="2.11")] == ["warning"]
    assert [f[1] for f in found(code, "TFP401", version="2.12")] == ["info"]


# --- which TensorFlow

def test_the_setting_is_read_from_pyproject_and_the_command_line_wins(tmp_path):
    tree(tmp_path, {"pyproject.toml": '[tool.tfperf]\ntensorflow-version = "2.6"\n', "train.py": MAP.format(augment="image")})
    assert load_config(tmp_path).tensorflow_version == "2.6"
    assert [f.severity.value for f in lint_paths([str(tmp_path)], select=["TFP404"], jobs=1).findings] == ["warning"]
    assert [f.severity.value for f in lint_paths([str(tmp_path)], select=["TFP404"], jobs=1,
                                                 tensorflow_version="2.15").findings] == ["info"]


@pytest.mark.parametrize("value", ['"2.x"', "2.15", '"two"', '""', '"2"'])
def test_a_bad_setting_is_one_line_and_exit_2(tmp_path, value, monkeypatch):
    tree(tmp_path, {"pyproject.toml": f"[tool.tfperf]\ntensorflow-version = {value}\n", "train.py": "x = 1\n"})
    with pytest.raises(ConfigError, match=r"tensorflow-version must be a TensorFlow release such as \"2.15\""):
        load_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "train.py"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "tensorflow-version" in result.stderr


def test_a_bad_command_line_version_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "train.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--tensorflow-version", "latest"])
    assert result.exit_code == 2
    assert result.stderr == "tfperf: error: --tensorflow-version must be a TensorFlow release such as \"2.15\", not 'latest'\n"


def test_the_installed_version_is_read_from_its_distribution_without_importing_it(tmp_path, monkeypatch):
    (tmp_path / "tensorflow_cpu-2.9.1.dist-info").mkdir()
    (tmp_path / "tensorflow_datasets-4.9.0.dist-info").mkdir()  # not TensorFlow itself
    monkeypatch.setattr("sys.path", [str(tmp_path)])
    config.installed_tensorflow.cache_clear()
    try:
        assert config.installed_tensorflow() == "2.9.1"
        monkeypatch.setattr("sys.path", [str(tmp_path / "nothing")])
        config.installed_tensorflow.cache_clear()
        assert config.installed_tensorflow() is None
    finally:
        config.installed_tensorflow.cache_clear()


def test_without_a_version_the_message_names_the_assumption_and_how_to_set_it(monkeypatch):
    monkeypatch.setattr(config, "installed_tensorflow", lambda: None)
    assert config.environment_tensorflow() == TensorFlow()
    message = found(MAP.format(augment="image"), "TFP404", version=None)[0][2]
    assert "TensorFlow >= 2.12 (assumed, the oldest Gaudi's software supports: no TensorFlow is installed here; set " \
           "[tool.tfperf] tensorflow-version or --tensorflow-version) turns on map_parallelization" in message


def test_the_version_is_part_of_the_results_cache_key(tmp_path, monkeypatch):
    assert Options("gaudi2", tensorflow=TensorFlow("2.6", "setting")).key != \
        Options("gaudi2", tensorflow=TensorFlow("2.21", "setting")).key
    tree(tmp_path, {"train.py": MAP.format(augment="image")})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    old = runner.invoke(main, ["check", "train.py", "--select", "TFP404", "--tensorflow-version", "2.6"])
    new = runner.invoke(main, ["check", "train.py", "--select", "TFP404", "--tensorflow-version", "2.21"])
    assert (old.exit_code, new.exit_code) == (1, 0), (old.output, new.output)
    assert (tmp_path / ".tfperf_cache").is_dir()


FOLLOWED = """\
    import tensorflow as tf

    def _weights_fn(weights):
        def fn(x):
            return tf.gather(weights, x)
        return fn

    class Jitter:
        def __call__(self, x):
            return x + {draw}

    def parse_files(parser, files):
        return tf.data.TFRecordDataset(files).map(parser).batch(4, drop_remainder=True).prefetch(1)

    def load(files):
        def parser(record):
            return {parse}
        return parse_files(parser=parser, files=files)

    def make(files, weights):
        jitter = Jitter()
        ds = tf.data.TFRecordDataset(files).map(_weights_fn(weights)).map(jitter).batch(2, drop_remainder=True)
        return ds.map(lambda *b: tf.nest.map_structure({shuffle}, b)).prefetch(1)
    """


def test_a_factorys_function_a_held_instance_a_parameter_and_a_function_passed_on_are_followed():
    stateful = dict(draw="tf.random.uniform([])", parse="tf.random.shuffle(record)", shuffle="tf.random.shuffle")
    assert [f[:2] + (f[2].split(": ", 1)[1],) for f in found(FOLLOWED.format(**stateful), "TFP404")] == [
        (13, "warning", "its function holds state (tf.random.shuffle()), so tf.data does not run it in parallel itself"),
        (22, "info", f"tf.data runs this stateless map in parallel itself, since {BY_DEFAULT}, with autotune on"),
        (22, "warning", "its function holds state (tf.random.uniform()), so tf.data does not run it in parallel itself"),
        (23, "warning", "its function holds state (tf.random.shuffle, passed as a function), so tf.data does not run "
                        "it in parallel itself")]
    stateless = dict(draw="1", parse="tf.io.parse_tensor(record, tf.float32)", shuffle="tf.reverse")
    assert [f[1] for f in found(FOLLOWED.format(**stateless), "TFP404")] == ["info"] * 4


def test_num_parallel_calls_a_parameter_left_none_is_parallelized_by_tensorflow_unless_the_map_holds_state():
    code = """\
    import tensorflow as tf

    def _resize(x):
        return tf.image.resize(x, [8, 8])

    def _flip(x):
        return tf.image.random_flip_left_right(x)

    def provide(files, num_parallel_calls=None):
        ds = tf.data.TFRecordDataset(files).map(_resize, num_parallel_calls=num_parallel_calls)
        ds = ds.map(_flip, num_parallel_calls=num_parallel_calls)
        return ds.batch(2, drop_remainder=True).prefetch(1)

    def user(files):
        return provide(files, {given})
    """
    # None builds the sequential map tf.data parallelizes itself if stateless (info, as that map written without
    # num_parallel_calls is: 2026-12-01); 1 a parallel map of one call
    assert [f[:2] for f in found(code.format(given="None"), "TFP404")] == [(10, "info"), (11, "warning")]
    assert [f[:2] for f in found(code.format(given="1"), "TFP404")] == [(10, "warning"), (11, "warning")]
    assert [f[:2] for f in found(code.format(given="None"), "TFP404", version="2.6")] == [(10, "warning"), (11, "warning")]


PASSED_THREADS = """\
    import tensorflow as tf

    def _pipeline(ds, threads):
        def preprocess(image):
            return tf.image.resize(tf.cast(image, tf.float32) / 127.5 - 1.0, [32, 32])
        return ds.map(preprocess, num_parallel_calls=threads).cache().repeat().batch(8).prefetch(1)

    def provide(ds, threads={default}):
        return _pipeline(ds, threads)

    def train(ds):
        return provide(ds{passed})
    """


@pytest.mark.parametrize("default, passed, expected", [
    ("None", "", ["info"]),  # every caller leaves None: the sequential map tf.data runs in parallel itself
    ("None", ", threads=None", ["info"]),
    ("None", ", threads=1", ["warning"]),  # a parallel map of one call, which tf.data leaves alone
    ("tf.data.AUTOTUNE", "", []),
])
def test_a_stateless_map_whose_callers_pass_none_is_info_as_the_same_map_without_num_parallel_calls(
        default, passed, expected):
    """Set 5's Progressive GAN provider: `map(f, num_parallel_calls=n)` with `n=None` from every caller builds
    the map without num_parallel_calls, which is info on TensorFlow >= 2.7 (not nothing)."""
    findings = found(PASSED_THREADS.format(default=default, passed=passed), "TFP404")
    assert [severity for _, severity, _ in findings] == expected
    if expected == ["info"]:
        assert "(None builds a sequential map, which tf.data runs in parallel itself: its function is stateless)" \
            in findings[0][2]
