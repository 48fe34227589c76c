"""Habana's bf16 conversion config: both generations of key names read, malformed files refused in
one line (library and CLI: exit 2), and tfperf's own config written and read back.

The two fixtures have the layout of the public configs in HabanaAI/Model-References
(TensorFlow/common/bf16_config/full.json: allowlist, conditional_list, strict_conditional_list and
[regex, op] exceptions; TensorFlow/computer_vision/Segnet/bf16_segnet.json: whitelist, graylist,
input_only_exceptions), with op lists of their own.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tfperf.amp import habana
from tfperf.amp.habana import Bf16Config, Bf16ConfigError, NodePattern
from tfperf.cli import main

NEWER = {
    "allowlist": ["BatchMatMulV2", "Conv2D", "MatMul", "Softmax"],
    "conditional_list": ["Identity", "Relu", "Reshape"],
    "strict_conditional_list": ["Add", "AddV2"],
    "non_convertible_exceptions": [[".*KEEP_FP32_PRECISION.*", ""]],
    "convertible_exceptions": [["bert/encoder/layer_[0-9]+/attention/self/add", "AddV2"]],
}
OLDER = {
    "whitelist": ["Conv2D", "MatMul", "BiasAdd", "Relu"],
    "graylist": ["Add", "Reshape", "Mean"],
    "input_only_exceptions": [],
    "non_convertible_exceptions": [[".*KEEP_FP32_PRECISION.*", ""]],
    "convertible_exceptions": [],
}


def write(tmp_path, data, name="bf16.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=4), encoding="utf-8")
    return str(path)


def test_reads_the_newer_key_generation(tmp_path):
    config = habana.read(write(tmp_path, NEWER))
    assert config.generation == "allowlist"
    assert config.listed("MatMul") == "allow" and config.listed("Relu") == "conditional"
    assert config.listed("AddV2") == "strict" and config.listed("Exp") is None
    assert config.exception("model/dense/KEEP_FP32_PRECISION/MatMul", "MatMul") == "never"
    assert config.exception("bert/encoder/layer_3/attention/self/add", "AddV2") == "always"
    assert config.exception("bert/encoder/layer_3/attention/self/add", "Mul") is None, "the op type must match"
    assert config.exception("xbert/encoder/layer_3/attention/self/add", "AddV2") is None, "patterns match whole names"


def test_reads_the_older_key_generation(tmp_path):
    config = habana.read(write(tmp_path, OLDER))
    assert config.generation == "whitelist"
    assert config.allow == {"Conv2D", "MatMul", "BiasAdd", "Relu"}
    assert config.conditional == {"Add", "Reshape", "Mean"} and config.strict == frozenset()


def test_habana_docs_spelling_allow_list_is_the_newer_generation(tmp_path):
    assert habana.read(write(tmp_path, {"allow_list": ["MatMul"]})).allow == {"MatMul"}


@pytest.mark.parametrize("content, says", [
    ("{not json", "not JSON"),
    ([["MatMul"]], "expected a JSON object"),
    ({"allowlist": ["MatMul"], "blacklist": ["Exp"]}, "unknown key 'blacklist'"),
    ({"convertible_exceptions": []}, "no op list"),
    ({"allowlist": ["MatMul"], "graylist": ["Relu"]}, "mixes the two generations"),
    ({"allowlist": "MatMul"}, "'allowlist' must be a list of op type names"),
    ({"allowlist": ["MatMul"], "non_convertible_exceptions": [["a"]]}, "is not a [node-name regex, op type] pair"),
    ({"allowlist": ["MatMul"], "convertible_exceptions": [["(", ""]]}, "is not a regular expression"),
])
def test_malformed_configs_are_one_line(tmp_path, content, says):
    path = write(tmp_path, content)
    with pytest.raises(Bf16ConfigError) as caught:
        habana.read(path)
    assert says in str(caught.value) and str(caught.value).startswith(path) and "\n" not in str(caught.value)


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(Bf16ConfigError, match="cannot read the bf16 config"):
        habana.read(str(tmp_path / "missing.json"))


@pytest.mark.parametrize("command", [["check", "--graph", "unused.pb"], ["amp", "--graph", "unused.pb"]])
def test_the_cli_refuses_a_malformed_config_with_exit_2(tmp_path, command):
    path = write(tmp_path, {"allowlist": ["MatMul"], "graylist": []})
    result = CliRunner().invoke(main, [*command, "--bf16-config", path])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"tfperf: error: {path}: mixes the two generations of key names (allowlist/conditional_list "
                     "and whitelist/graylist): use one"]


def test_written_config_reads_back_the_same(tmp_path):
    config = Bf16Config(frozenset({"MatMul"}), frozenset({"Relu"}), frozenset({"AddV2"}),
                        (NodePattern("a/b", "Relu"),), (NodePattern(r"c/d_\d+", ""),))
    path = str(tmp_path / "out.json")
    habana.write(config, path)
    assert habana.read(path) == Bf16Config(config.allow, config.conditional, config.strict, config.never,
                                           config.always, source=path)
    assert set(json.loads((tmp_path / "out.json").read_text())) == {
        "allowlist", "conditional_list", "strict_conditional_list", "non_convertible_exceptions",
        "convertible_exceptions"}
