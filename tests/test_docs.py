"""The README's rule table is generated from rule metadata and must not go stale."""

from pathlib import Path

from tfperf.docs import README_BEGIN, README_END, rule_markdown, sync_readme
from tfperf.rules import all_rules

README = Path(__file__).resolve().parents[1] / "README.md"


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
