"""Projects of scripts whose directories have no `__init__.py` (a repository of training code, not a
package): a script at the root imports `models/resnet.py` as `models.resnet` (Python puts the
script's directory on `sys.path`, and `models` is a namespace package), a script beside it as
`resnet`. Both names reach the module's facts; a name two files could have reaches neither."""

from __future__ import annotations

from conftest import TF_WITHOUT_DEFAULTS, write_tree as tree

from tfperf.source import lint_paths
from tfperf.source.project import module_aliases

REGS = """\
    import tensorflow as tf

    def l2():
        return tf.keras.regularizers.L2(1e-4)
    """

NET = """\
    import tensorflow as tf
    from {module} import l2

    def block(x):
        return tf.keras.layers.Dense(8, kernel_regularizer=l2())(x)
    """

READ = """\
    import tensorflow as tf

    def batched(files):
        ds = tf.data.TFRecordDataset(files).shuffle(1024)
        return ds.batch(32, drop_remainder=True)
    """

TRAIN = """\
    import tensorflow as tf
    from data.read import batched

    def fit(model, files):
        model.fit(batched(files){prefetch}, epochs=2)

    if __name__ == "__main__":
        fit(tf.keras.Sequential([tf.keras.layers.Dense(1)]), ["a.tfrecord"])
    """


def found(result):
    return sorted((f.source.path.rsplit("/", 1)[-1], f.source.line, f.code, f.severity.value) for f in result.findings)


def test_a_module_under_directories_without_init_is_also_named_from_each_directory_on_the_way():
    aliases = module_aliases([("resnet", "models/vision/resnet.py"), ("train", "train.py"),
                              ("ops", "ops/__init__.py")])
    assert aliases == {"vision.resnet": "resnet", "models.vision.resnet": "resnet"}


def test_a_package_with_init_files_has_no_other_name():
    assert module_aliases([("pkg.data", "pkg/data.py"), ("pkg", "pkg/__init__.py")]) == {}


def test_a_name_two_modules_could_have_or_one_under_a_module_is_left_out():
    aliases = module_aliases([("utils", "a/lib/utils.py"), ("lib", "lib.py"), ("net", "models/net.py"),
                              ("models.net", "vendored/models/net.py"), ("models", "vendored/models/__init__.py")])
    assert aliases == {"a.lib.utils": "utils", "vendored.models": "models", "vendored.models.net": "models.net"}
    # `lib.utils`: `lib` is the module lib.py; `models.net` is the module vendored/models/net.py (a
    # package), which the script models/net.py is too only where models/ is on the path


def test_a_regularizer_helper_imported_through_a_namespace_directory(tmp_path):
    tree(tmp_path, {"models/regs.py": REGS, "train.py": NET.format(module="models.regs")})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP301"])) == [
        ("train.py", 5, "TFP301", "warning")]


def test_a_script_beside_the_module_imports_it_by_its_own_name(tmp_path):
    tree(tmp_path, {"models/regs.py": REGS, "models/net.py": NET.format(module="regs")})
    assert found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP301"])) == [
        ("net.py", 5, "TFP301", "warning")]


def test_a_directory_beside_a_module_of_its_name_is_not_imported_through(tmp_path):
    # `lib.py` is what `import lib` imports: `from lib.regs import l2` names no function of lib/regs.py
    tree(tmp_path, {"lib/regs.py": REGS, "lib.py": "", "train.py": NET.format(module="lib.regs")})
    assert ("train.py", 5, "TFP301", "warning") not in found(lint_paths([str(tmp_path)], target="gaudi2", jobs=1,
                                                                        select=["TFP301"]))


def test_a_pipeline_returned_into_a_script_that_prefetches_is_ended_there(tmp_path):
    tree(tmp_path, {"data/read.py": READ, "train.py": TRAIN.format(prefetch=".prefetch(2)")})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP401"],
                        tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == []


def test_a_pipeline_returned_into_a_script_that_does_not_prefetch_is_reported_at_the_builder(tmp_path):
    tree(tmp_path, {"data/read.py": READ, "train.py": TRAIN.format(prefetch="")})
    result = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP401"],
                        tensorflow_version=TF_WITHOUT_DEFAULTS)
    assert found(result) == [("read.py", 5, "TFP401", "warning")]
