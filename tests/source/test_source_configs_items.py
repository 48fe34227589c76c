"""A config class's fields read through a loop over a parameter whose annotation says what its items are
(`for field in fields:` with `fields: List[Field]`, set 45's deep-rec-kit): `field.l2_reg` is the `Field.l2_reg` the
project's constructions give, as `field: Field` would be (session 30). Shown through TFP301's strength reading."""

from __future__ import annotations

import pytest

from conftest import write_tree as tree

from tfperf.source import lint_paths

FEATURE = """\
from dataclasses import dataclass

import tensorflow as tf


@dataclass
class Field:
    name: str
    dim: int = 4
    l2_reg: float = 0.
"""
UTILS = """\
from typing import List, Sequence, Tuple

import tensorflow as tf
from tensorflow.keras.regularizers import l2

from pkg.feature import Field


def build_all(fields: ANNOTATION):
    tables = {}
    for field in fields:
        tables[field.name] = tf.keras.layers.Embedding(10, field.dim, embeddings_regularizer=l2(field.l2_reg))
    return tables
"""
MODEL = """\
import tensorflow as tf

from pkg.feature import Field
from pkg.utils import build_all


def model():
    return build_all([Field("user"), Field("item", dim=8ITEM)])
"""


def regularizers(tmp_path, annotation: str, item: str = ""):
    tree(tmp_path, {"pkg/__init__.py": "", "pkg/feature.py": FEATURE,
                    "pkg/utils.py": UTILS.replace("ANNOTATION", annotation), "pkg/model.py": MODEL.replace("ITEM", item)})
    findings = lint_paths([str(tmp_path)], target="gaudi2", jobs=1, select=["TFP301"]).findings
    return [(f.source.line, f.severity.value, f.message) for f in findings]


@pytest.mark.parametrize("annotation", ["List[Field]", "Sequence[Field]", "Tuple[Field, ...]", "list[Field]"])
def test_a_field_read_through_a_loop_over_annotated_items_takes_the_fields_values(tmp_path, annotation):
    [(line, severity, message)] = regularizers(tmp_path, annotation)
    assert (line, severity) == (12, "info")
    assert message.startswith("embeddings_regularizer is an L2 regularizer of strength 0")


def test_a_construction_that_sets_the_field_keeps_the_warning(tmp_path):
    [(line, severity, message)] = regularizers(tmp_path, "List[Field]", ", l2_reg=1e-4")
    assert (line, severity) == (12, "warning")
    assert "(l2_reg is 0.0001 from model.model" in message


@pytest.mark.parametrize("annotation", ["list", "Tuple[Field, int]", "dict"])
def test_items_the_annotation_does_not_name_are_not_known(tmp_path, annotation):
    [(line, severity, message)] = regularizers(tmp_path, annotation)
    assert (line, severity) == (12, "warning")
    assert "strength 0" not in message
