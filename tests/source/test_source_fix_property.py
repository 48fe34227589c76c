"""Property: whatever mix of the rules' examples a file holds, nested anywhere, with either line
ending, `fix` yields code that parses, a second `fix` changes nothing, and comments outside the
removed statements survive."""

from __future__ import annotations

import ast
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from tfperf.rules import all_rules
from tfperf.source import fix_text, lint_text

SNIPPETS = [ex.code for rule in all_rules() for ex in (*rule.invalid, *rule.valid) if ex.kind == "source"]
WRAPPERS = ["def wrapped_{i}():\n{body}\n", "class Wrapped{i}:\n    def method(self):\n{body2}\n",
            "if True:\n{body}\n", "for _ in range(1):\n{body}\n", "{flat}\n"]


def compose(snippets, wrappers, i=0):
    parts = []
    for i, (code, wrapper) in enumerate(zip(snippets, wrappers)):
        code = code.replace("# expect: ", "# was: ")
        parts.append(wrapper.format(i=i, body=textwrap.indent(code, "    "), body2=textwrap.indent(code, "        "),
                                    flat=code))
        parts.append(f"# keep-{i}\n")
    return "".join(parts)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4),
       st.lists(st.sampled_from(WRAPPERS), min_size=4, max_size=4),
       st.sampled_from(["\n", "\r\n"]), st.booleans(), st.sampled_from(["gaudi2", "cpu", "a100"]))
def test_fixes_parse_are_idempotent_and_keep_comments(snippets, wrappers, newline, unsafe, target):
    code = compose(snippets, wrappers).replace("\n", newline)
    ast.parse(code)
    fixed, remaining, applied = fix_text(code, "mix.py", target=target, unsafe_fixes=unsafe)
    ast.parse(fixed)
    assert fix_text(fixed, "mix.py", target=target, unsafe_fixes=unsafe)[0] == fixed
    for i in range(len(snippets)):
        assert f"# keep-{i}{newline}" in fixed
    if newline == "\r\n":
        assert "\n" not in fixed.replace("\r\n", "")
    assert len(lint_text(fixed, "mix.py", target=target)) == len(remaining)


def test_all_examples_together_get_their_fixes():
    code = compose(SNIPPETS, [WRAPPERS[i % len(WRAPPERS)] for i in range(len(SNIPPETS))])
    single = sum(fix_text(c, target="gaudi2")[2] for c in SNIPPETS)
    fixed, _, applied = fix_text(code, target="gaudi2")
    assert applied == single >= 10
    ast.parse(fixed)
