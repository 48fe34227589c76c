"""The README's rule table and docs/source-linting.md's rule reference are generated from rule metadata
and must not go stale."""

from pathlib import Path

from tfperf.docs import (FOLD_AT, README_BEGIN, README_END, SOURCE_BEGIN, SOURCE_END, lead_clause, rule_markdown,
                         source_lists, source_rules, source_section, sync_readme)
from tfperf.rules import all_rules
from tfperf.rules.base import SourceDoc

README = Path(__file__).resolve().parents[1] / "README.md"
SOURCE_LINTING = README.parent / "docs" / "source-linting.md"


def test_readme_rules_table_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert README_BEGIN in text and README_END in text
    assert sync_readme(text) == text, "README rules table is stale: run `make docs`"


def test_readme_starts_with_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    first_block = text.split("```sh", 1)[1].split("```", 1)[0]
    assert "make demo" in first_block and "make test" in first_block


def test_every_rule_documents_itself():
    for rule in all_rules():
        doc = rule_markdown(rule)
        assert rule.code in doc and rule.section.title in doc
        assert len((rule.__doc__ or "").strip()) > 80, f"{rule.code} needs a real docstring"


def test_source_linting_rule_reference_is_up_to_date():
    text = SOURCE_LINTING.read_text(encoding="utf-8")
    assert SOURCE_BEGIN in text and SOURCE_END in text
    assert sync_readme(text) == text, "docs/source-linting.md's rule reference is stale: run `make docs`"


def test_every_source_rule_documents_its_source_face():
    """A rule with a source face and no source_doc fails here; `tfperf rules CODE` prints that section."""
    rules = source_rules()
    assert {"TFP101", "TFP201", "TFP401", "TFP702"} <= {rule.code for rule in rules}
    for rule in rules:
        doc = rule.source_doc
        assert doc is not None, f"{rule.code} has a source face but no source_doc"
        assert doc.line and doc.fix_kind and doc.finds and doc.fix, rule.code
        assert source_lists(doc) in rule_markdown(rule)
        assert f"### {rule.code} `{rule.name}`" in source_section()


def test_a_rule_without_a_source_face_has_no_source_section():
    rule = next(rule for rule in all_rules() if rule.Source is None)
    assert rule.source_doc is None and "In source" not in rule_markdown(rule)


def test_source_lists_leave_out_empty_lists_and_name_the_targets():
    doc = SourceDoc(line="l", fix_kind="advice", finds=("a `x`",), fix=("Advice.",), targets="HPU targets")
    assert source_lists(doc) == ("Runs on HPU targets only.\n\n**Finds**\n\n- a `x`\n\n**Fix**\n\n- Advice.")


def test_a_long_item_shows_its_lead_clause_on_the_docs_page_and_folds_the_rest():
    long = "It moves a weight (`add_weight`, `f(a, b)`: " + "x " * FOLD_AT + ")"
    doc = SourceDoc(line="l", fix_kind="advice", finds=("short",), fix=("Advice.",), info_when=(long,))
    folded = source_lists(doc, fold=True)
    assert "- short\n" in folded
    assert f"- It moves a weight ...\n  <details><summary>every form</summary>\n\n  {long}\n\n  </details>" in folded
    assert f"- {long}" in source_lists(doc), "unfolded where no HTML renders (`tfperf rules CODE`)"


def test_lead_clause_stops_outside_code_and_brackets():
    assert lead_clause("A pad `tf.pad(x, [[0, 0], (1, 1)])` before a conv (and more): rest") == \
        "A pad `tf.pad(x, [[0, 0], (1, 1)])` before a conv"
    assert lead_clause("... and what a guard lets through: `x`") == "... and what a guard lets through"
    assert lead_clause("word " * 100).endswith("word") and len(lead_clause("word " * 100)) <= 200


def test_rules_command_prints_the_source_section():
    from click.testing import CliRunner

    from tfperf.cli import main

    out = CliRunner().invoke(main, ["rules", "TFP404"]).output
    assert "## In source (`tfperf check`)" in out and "**Leaves alone**" in out and "choose_from_datasets" in out
