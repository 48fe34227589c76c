"""The rules: one package per guide section, each with its rules (`rules.py`), graph face (`graph.py`),
source face (`source.py`), graph rewrite (`fix.py`) and examples (`examples.py`) as it has them.
The framework and the registry are in `tfperf.rules.base`; `all_rules()` discovers every rule.
"""

from tfperf.rules.base import (CheckContext, Example, Rule, all_rules, code_matches, get_rule, selected,
                               selected_rules, validate_patterns)

__all__ = ["CheckContext", "Example", "Rule", "all_rules", "code_matches", "get_rule", "selected", "selected_rules",
           "validate_patterns"]
