"""Config classes declared as pydantic models, and items of a config's list field (helia-edge, set 73): a field
`seperable: bool = Field(default=False)` (or `= False`, or `Field(False)`) of a `BaseModel` is a config field as a
dataclass's is: its default and what the project's constructions pass. A loop over a list field of an annotated
config (`for i, block in enumerate(params.blocks):`, also `reversed(...)`, `blocks: list[BlockParams]`) binds items
of that class, whose fields are read so where a call passes them (`expand_ratio=block.expand_ratio`). An L2 regularizer
built only when such a field leaves its default (TFP301, opt-in): no finding while no construction changes it
(VALID), a warning once one does (INVALID)."""

from __future__ import annotations

import pytest

from conftest import write_tree as project
from tfperf.source import lint_paths

MODEL = """\
import keras
from pydantic import BaseModel, Field


class BlockParams(BaseModel):
    filters: int = Field(..., description="filters")
    seperable: bool = Field(default=False, description="separable convs")
    residual: bool = Field(False)
    plain: bool = False
    expand_ratio: float = Field(default=1, description="expansion")


class Params(BaseModel):
    blocks: list[BlockParams] = Field(default_factory=list)


def block_layer(x, block: BlockParams):
    if block.seperable:
        x = keras.layers.SeparableConv2D(4, 3, depthwise_regularizer=keras.regularizers.L2(1e-3))(x)
    if block.residual:
        x = x + keras.layers.Conv2D(4, 1, kernel_regularizer=keras.regularizers.L2(1e-3))(x)
    if block.plain:
        x = keras.layers.Conv2D(4, 3, kernel_regularizer=keras.regularizers.L2(1e-3))(x)
    return x


def expand(x, filters, expand_ratio=1):
    if expand_ratio != 1:
        x = keras.layers.Conv2D(filters, 1, kernel_regularizer=keras.regularizers.L2(1e-3))(x)
    return x


def core(x, params: Params):
    for i, block in enumerate(params.blocks):
        x = block_layer(x, block)
    for block in reversed(params.blocks):
        x = expand(x, block.filters, expand_ratio=block.expand_ratio)
    return x
"""
TRAIN = """\
import keras
from pkg.model import BlockParams, Params, core

x = keras.Input((8, 8, 3))
model = keras.Model(x, core(x, Params(blocks=[BlockParams(filters=4{given})])))
model.compile("adam", "mse")
"""


def findings(root, given=""):
    files = {"pkg/__init__.py": "", "pkg/model.py": MODEL, "pkg/train.py": TRAIN.format(given=given)}
    result = lint_paths([str(project(root, files))], select=["TFP301"], target="gaudi2", jobs=1)
    assert not result.errors
    return sorted((f.source.line, f.severity.value) for f in result.findings)


def test_branches_on_pydantic_fields_left_at_their_defaults_build_no_regularizer(tmp_path):
    assert findings(tmp_path) == []


@pytest.mark.parametrize("given, line", [(", seperable=True", 19), (", residual=True", 21), (", plain=True", 23),
                                         (", expand_ratio=4", 29)])
def test_a_construction_that_turns_a_field_on_brings_the_warning(tmp_path, given, line):
    assert findings(tmp_path, given) == [(line, "warning")]
