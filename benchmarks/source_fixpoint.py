"""Whether a project's settled lint is a fixpoint: each file linted again alone, from scratch (no kept
tree, walk or memos), against the project's final facts gives the findings the rounds gave it.

    python benchmarks/source_fixpoint.py PATH...

A file that differs asked the project a question its recorded answers do not hold (a fact read through
a memo, a shared cache or a side channel), so the rounds did not lint it again when that answer changed,
and its findings depend on the order the facts arrived in (`docs/architecture.md`, the rounds). Exit
status 1 when a file differs. Checked on 25 of the corpus's largest packages (the Model Garden,
transformers, lingvo, tf-keras ...) on 2026-12-02: no file differs.

It reads the linter's internals (`linter._lint_project`, `_kept`): a check for the linter's developers,
one process (`-j 1`), about twice a cold lint's time.
"""

from __future__ import annotations

import argparse
import sys

from tfperf.source import linter


def _key(finding) -> tuple:
    where = finding.locations[0].source if finding.locations else None
    return (finding.code, where.line if where else 0, where.column if where else 0, finding.severity.value,
            finding.message)


def unsettled(paths: list[str]) -> list[tuple[str, set, set]]:
    """(path, only in the project lint, only in the fresh lint) for each file whose findings differ."""
    linter.keep_until_exit()  # (the project's outcomes and index stay reachable: `linter._kept`)
    seen = {}
    project_lint = linter._lint_project

    def remembered(items, jobs, cache, result):
        seen["items"] = items
        return project_lint(items, 1, cache, result)

    linter._lint_project = remembered
    try:
        linter.lint_paths(paths, jobs=1)
    finally:
        linter._lint_project = project_lint
    outcomes, index, _ = linter._kept[-1]
    differing = []
    for path, options in seen["items"]:
        fresh = linter.lint_file(path, linter._without_fixes(options), index)
        settled = {_key(f) for f in outcomes[path].findings}
        again = {_key(f) for f in fresh.findings}
        if settled != again:
            differing.append((path, settled - again, again - settled))
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="the project (files or directories, as for tfperf check)")
    args = parser.parse_args(argv)
    differing = unsettled(args.paths)
    for path, only_settled, only_fresh in differing:
        print(path)
        for finding in sorted(only_settled):
            print("  only in the project lint:", *finding[:4], finding[4][:160])
        for finding in sorted(only_fresh):
            print("  only when linted again:  ", *finding[:4], finding[4][:160])
    print(f"{len(differing)} file(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
