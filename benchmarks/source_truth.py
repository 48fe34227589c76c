"""Score `tfperf check` (source linting) against hand-labelled sites in real code: precision and recall per code.

    python benchmarks/source_corpus.py && python benchmarks/source_truth.py
    python benchmarks/source_truth.py --check          # exit 1 below the goals (issue 11)
    python benchmarks/source_truth.py --json out.json  # the numbers and every judged finding, for scripts
    python benchmarks/source_corpus.py --set held-out && python benchmarks/source_truth.py --set held-out

`--set dev` (the default) scores the packages the rules were developed on against labels.toml;
`--set held-out` scores code the rules were never tuned on (keras-cv, keras-cv-attention-models)
against heldout.toml, `--set held-out-2` a second such set (TensorFlowASR, tensorflow-similarity,
deepface, spektral) against heldout2.toml, `--set held-out-3` a third (segmentation-models,
keras-unet-collection, tensorflow-recommenders) against heldout3.toml, and `--set held-out-N` (N = 4, 5 ...) further
sets, each labelled before any rule change of the session that made it, against heldoutN.toml (their packages are
listed in source_corpus.py and in the label files). `--labels FILE` replaces the set's label file.

The corpus (pinned PyPI releases, unpacked by source_corpus.py into build/corpus/) is linted cold,
one package at a time as its users would (`tfperf check PKG --format json --target gaudi2`: linted
together, one package's policy answered another's questions), through the CLI, so refactors inside
tfperf do not break this script. Each finding is matched to the labels in
benchmarks/source_truth/labels.toml by (package, path, line, code); a label may list `also`
lines where the same site can legitimately be reported (e.g. a pad layer built in `build()` and
applied in `call()`). No other tolerance.

Per code it prints:
  true / clean / info   labelled sites of each verdict
  reported              distinct sites (path, line, code) the linter reports at the rule's own
                        severity (warning; info for the rules that are info by design, TFP403 and
                        TFP601): what a user sees by default
  TP / FP / unjudged    reported sites on a `true` label / on a `clean` label, or reported as a
                        warning on an `info` label / on no label (an `info` site reported as info
                        is right and not scored)
  precision             TP / (TP + FP); unjudged sites are listed so a human can label them
  found / recall        `true` labels hit by a reported site, over all `true` labels
then the misses, the false positives and the unjudged sites with file:line and the reason.
A label whose `text` no longer matches its line is reported as stale and left out of the score.

It always exits 0 (it is a report) unless --check is given: then 1 when any code with data is
below precision 95% or recall 90%, or a label is stale, or a file could not be linted.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from source_corpus import DEFAULT_DEST, LAST_SET, SETS  # noqa: E402

LABELS_DIR = ROOT / "benchmarks" / "source_truth"


def default_labels(set_name: str) -> Path:
    """The label file of a set: labels.toml for dev, heldout.toml, heldout2.toml ... for held-out, held-out-2 ..."""
    return LABELS_DIR / ("labels.toml" if set_name == "dev" else set_name.replace("-", "") + ".toml")


DEFAULT_LABELS = {name: default_labels(name) for name in SETS}
TARGET = "gaudi2"
GOAL_PRECISION = 0.95
GOAL_RECALL = 0.90
VERDICTS = ("true", "clean", "info")


@dataclass
class Label:
    package: str
    path: str
    line: int
    code: str
    verdict: str
    text: str
    reason: str
    also: tuple[int, ...] = ()
    stale: str | None = None  # why the label no longer matches its file
    hits: list = field(default_factory=list)  # findings (any severity) on this site

    @property
    def where(self) -> str:
        return f"{self.package}/{self.path}:{self.line}"


def load_labels(path: Path) -> list[Label]:
    with open(path, "rb") as stream:
        data = tomllib.load(stream)
    labels, seen = [], set()
    for i, row in enumerate(data.get("site", []), 1):
        missing = {"package", "path", "line", "code", "verdict", "text", "reason"} - row.keys()
        if missing:
            raise SystemExit(f"{path}: site #{i} lacks {', '.join(sorted(missing))}")
        if row["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}: site #{i} has verdict {row['verdict']!r}; use one of {VERDICTS}")
        label = Label(row["package"], row["path"], int(row["line"]), row["code"], row["verdict"],
                      row["text"], row["reason"], tuple(int(n) for n in row.get("also", ())))
        key = (label.package, label.path, label.line, label.code)
        if key in seen:
            raise SystemExit(f"{path}: site #{i} repeats {label.where} {label.code}")
        seen.add(key)
        labels.append(label)
    return labels


def find_tfperf(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    for candidate in (ROOT / ".venv" / "bin" / "tfperf", Path(sys.executable).parent / "tfperf"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which("tfperf")
    return [found] if found else [sys.executable, "-m", "tfperf"]


def default_severities(tfperf: list[str], codes) -> dict[str, str]:
    """The severity each rule reports real problems at (`tfperf rules CODE`: 'Severity: warning.')."""
    out = {}
    for code in codes:
        proc = subprocess.run([*tfperf, "rules", code], capture_output=True, text=True)
        match = re.search(r"Severity:\s*(\w+)", proc.stdout)
        out[code] = match.group(1) if match else "warning"
    return out


def lint(tfperf: list[str], corpus: Path, packages: list[str], target: str) -> tuple[dict, float]:
    """Each package linted alone, as its users lint their repository: linted together, facts of one
    package (a mixed-precision policy it sets) would answer questions about another."""
    help_text = subprocess.run([*tfperf, "check", "--help"], capture_output=True, text=True).stdout
    merged: dict = {"findings": [], "errors": []}
    seconds = 0.0
    for package in packages:
        cmd = [*tfperf, "check", package, "--format", "json", "--target", target]
        if "--no-cache" in help_text:  # measure cold, once the linter has a results cache
            cmd.append("--no-cache")
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=corpus, capture_output=True, text=True)
        seconds += time.perf_counter() - start
        if proc.returncode not in (0, 1, 2) or not proc.stdout.strip():
            raise SystemExit(f"`{' '.join(cmd)}` failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        report = json.loads(proc.stdout)
        merged["findings"] += report["findings"]
        merged["errors"] += report.get("errors", [])
    return merged, seconds


def python_lines(directory: Path) -> tuple[int, int]:
    files = lines = 0
    for base, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            if name.endswith((".py", ".pyi")):
                files += 1
                with open(os.path.join(base, name), "rb") as stream:
                    lines += sum(1 for _ in stream)
    return files, lines


def check_text(label: Label, corpus: Path, dirnames: dict[str, str], cache: dict) -> None:
    directory = dirnames.get(label.package)
    if directory is None:
        label.stale = f"package {label.package} is not in the corpus"
        return
    path = corpus / directory / label.path
    if path not in cache:
        try:
            cache[path] = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            cache[path] = exc
    lines = cache[path]
    if isinstance(lines, OSError):
        label.stale = f"cannot read {path}: {lines.strerror}"
    elif not 1 <= label.line <= len(lines):
        label.stale = f"line {label.line} is past the end of the file ({len(lines)} lines)"
    elif lines[label.line - 1].strip() != label.text:
        label.stale = f"line {label.line} now reads {lines[label.line - 1].strip()!r}"


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}%" if d else "    - "


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_DEST, help="where source_corpus.py unpacked it")
    parser.add_argument("--set", choices=sorted(SETS), default="dev",
                        help="dev: the packages the rules were developed on (default); "
                        f"held-out, held-out-2, ... held-out-{LAST_SET}: never tuned on")
    parser.add_argument("--labels", type=Path,
                        help="label file (default: the set's: labels.toml, heldout.toml, heldout2.toml ... heldoutN.toml)")
    parser.add_argument("--tfperf", help="the tfperf executable (default: .venv/bin/tfperf, then PATH)")
    parser.add_argument("--target", default=TARGET, help="device profile the labels were judged for")
    parser.add_argument("--check", action="store_true",
                        help=f"exit 1 below precision {GOAL_PRECISION:.0%} / recall {GOAL_RECALL:.0%} on any code"
                        .replace("%", "%%"))  # argparse formats help with %
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--max-list", type=int, default=1000, help="at most this many misses/FPs/unjudged per code")
    parser.add_argument("--without", action="append", default=[], metavar="PACKAGE",
                        help="score the set without this package (neither linted nor scored): for a set that "
                        "shares a package with one still held out; may be repeated")
    args = parser.parse_args(argv)

    packages = [pkg for pkg in SETS[args.set] if pkg.name not in args.without]
    unknown = set(args.without) - {pkg.name for pkg in SETS[args.set]}
    if unknown:
        print(f"--without: no package {', '.join(sorted(unknown))} in set {args.set}", file=sys.stderr)
        return 2
    dirnames = {pkg.name: pkg.dirname for pkg in packages}
    missing = [d for d in dirnames.values() if not (args.corpus / d / ".tfperf-corpus").is_file()]
    if missing:
        print(f"corpus incomplete in {args.corpus} ({', '.join(missing)}): run "
              f"python benchmarks/source_corpus.py --set {args.set}", file=sys.stderr)
        return 2
    labels = [label for label in load_labels(args.labels or DEFAULT_LABELS[args.set]) if label.package not in args.without]
    texts: dict = {}
    for label in labels:
        check_text(label, args.corpus, dirnames, texts)
    package_of = {d: name for name, d in dirnames.items()}

    tfperf = find_tfperf(args.tfperf)
    report, seconds = lint(tfperf, args.corpus, list(dirnames.values()), args.target)
    files = lines = 0
    for directory in dirnames.values():
        f, n = python_lines(args.corpus / directory)
        files, lines = files + f, lines + n

    # Index labels by every line they accept.
    by_site: dict[tuple, Label] = {}
    for label in labels:
        if label.stale:
            continue
        for line in (label.line, *label.also):
            by_site.setdefault((label.package, label.path, line, label.code), label)

    codes = sorted({lab.code for lab in labels} | {f["code"] for f in report["findings"]} - {"TFP000"})
    severity = default_severities(tfperf, codes)
    # Distinct reported sites per code: (package, path, line) -> first finding there.
    reported: dict[str, dict[tuple, dict]] = collections.defaultdict(dict)
    below: dict[str, int] = collections.Counter()  # findings under the rule's own severity (e.g. info)
    for finding in report["findings"]:
        source = (finding.get("locations") or [{}])[0].get("source")
        if not source:
            continue
        directory, _, rel = source["path"].replace(os.sep, "/").partition("/")
        package = package_of.get(directory, directory)
        site = (package, rel, source["line"])
        label = by_site.get((*site, finding["code"]))
        if label is not None:
            label.hits.append(finding)
        if finding["severity"] == severity.get(finding["code"], "warning"):
            reported[finding["code"]].setdefault(site, finding)
        else:
            below[finding["code"]] += 1

    rows, details, failing = [], [], []
    for code in codes:
        code_labels = [lab for lab in labels if lab.code == code and not lab.stale]
        count = collections.Counter(lab.verdict for lab in code_labels)
        tp, fp, unjudged = [], [], []
        neutral = 0
        for site, finding in sorted(reported[code].items()):
            label = by_site.get((*site, code))
            if label is None:
                unjudged.append((site, finding))
            elif label.verdict == "true":
                tp.append(label)
            elif label.verdict == "clean" or finding["severity"] == "warning":
                fp.append((label, finding))
            else:  # an `info` site reported as info (rules that are info by design): right, not scored
                neutral += 1
        sev = severity.get(code, "warning")
        true_labels = [lab for lab in code_labels if lab.verdict == "true"]
        found = [lab for lab in true_labels if any(h["severity"] == sev for h in lab.hits)]
        misses = [lab for lab in true_labels if lab not in found]
        tp_sites = len({(lab.package, lab.path, lab.line) for lab in tp})
        precision = tp_sites / (tp_sites + len(fp)) if tp_sites + len(fp) else None
        recall = len(found) / len(true_labels) if true_labels else None
        ok = (precision is None or precision >= GOAL_PRECISION) and (recall is None or recall >= GOAL_RECALL)
        if not ok:
            failing.append(code)
        rows.append(dict(code=code, severity=sev, true=count["true"], clean=count["clean"], info=count["info"],
                         reported=len(reported[code]), tp=tp_sites, fp=len(fp), unjudged=len(unjudged),
                         below_severity=below[code], precision=precision, found=len(found), recall=recall,
                         meets_goal=ok))
        details.append((code, misses, fp, unjudged))

    stale = [lab for lab in labels if lab.stale]
    errors = report.get("errors", [])

    print(f"tfperf check on the {args.set} set: {len(dirnames)} packages ({', '.join(p.dirname for p in packages)})")
    print(f"  {files} Python files, {lines} lines; cold wall time {seconds:.2f} s over {len(dirnames)} runs "
          f"({lines / seconds / 1000:.0f}k lines/s, {os.cpu_count()} cores, target {args.target})")
    print(f"  {len(report['findings'])} findings, {len(errors)} files not linted; "
          f"{len(labels)} labels ({len(stale)} stale)")
    print()
    head = f"{'code':8} {'sev':7} {'true':>4} {'clean':>5} {'info':>4} | {'rep':>4} {'TP':>4} {'FP':>4} " \
           f"{'unj':>4} {'prec':>6} | {'found':>5} {'recall':>6} | goal"
    print(head)
    print("-" * len(head))
    for r in rows:
        prec = f"{100 * r['precision']:5.1f}%" if r["precision"] is not None else "    - "
        rec = f"{100 * r['recall']:5.1f}%" if r["recall"] is not None else "    - "
        print(f"{r['code']:8} {r['severity'][:7]:7} {r['true']:4} {r['clean']:5} {r['info']:4} | {r['reported']:4} "
              f"{r['tp']:4} {r['fp']:4} {r['unjudged']:4} {prec:>6} | {r['found']:5} {rec:>6} | "
              f"{'ok' if r['meets_goal'] else 'BELOW'}")
    tot = {k: sum(r[k] for r in rows) for k in ("true", "clean", "info", "reported", "tp", "fp", "unjudged", "found")}
    print("-" * len(head))
    print(f"{'all':8} {'':7} {tot['true']:4} {tot['clean']:5} {tot['info']:4} | {tot['reported']:4} {tot['tp']:4} "
          f"{tot['fp']:4} {tot['unjudged']:4} {pct(tot['tp'], tot['tp'] + tot['fp']):>6} | {tot['found']:5} "
          f"{pct(tot['found'], tot['true']):>6} |")
    print(f"\ngoal per code: precision >= {GOAL_PRECISION:.0%} over reported sites, recall >= {GOAL_RECALL:.0%} "
          f"over true labels ('-': no data); below the goal: {', '.join(failing) or 'none'}")

    def show(items, limit):
        for item in items[:limit]:
            print(item)
        if len(items) > limit:
            print(f"    ... {len(items) - limit} more")

    for code, misses, fp, unjudged in details:
        if not (misses or fp or unjudged):
            continue
        print(f"\n== {code}")
        if misses:
            print(f"  misses ({len(misses)}): true sites not reported as {severity.get(code, 'warning')}")
            show([f"    {lab.where}  {lab.reason}" + (f"  [reported as {lab.hits[0]['severity']}]" if lab.hits else "")
                  for lab in misses], args.max_list)
        if fp:
            print(f"  false positives ({len(fp)}): reported on a clean/info label")
            show([f"    {lab.where}  [{lab.verdict}] {lab.reason}" for lab, _ in fp], args.max_list)
        if unjudged:
            print(f"  unjudged ({len(unjudged)}): reported, no label yet (add one to labels.toml)")
            show([f"    {pkg}/{path}:{line}  {finding['message'][:110]}" for (pkg, path, line), finding in unjudged],
                 args.max_list)
    if stale:
        print(f"\nstale labels ({len(stale)}): left out of the score; fix the line or the text")
        show([f"    {lab.where} {lab.code}: {lab.stale}" for lab in stale], args.max_list)
    if errors:
        print(f"\nfiles tfperf could not lint ({len(errors)}):")
        show([f"    {e.get('path')}: {e.get('message')}" for e in errors], args.max_list)

    if args.json:
        args.json.write_text(json.dumps({
            "target": args.target, "files": files, "lines": lines, "seconds": seconds,
            "findings": len(report["findings"]), "errors": errors, "codes": rows,
            "misses": {c: [lab.where for lab in m] for c, m, _, _ in details},
            "false_positives": {c: [lab.where for lab, _ in f] for c, _, f, _ in details},
            "unjudged": {c: [f"{p}/{q}:{n}" for (p, q, n), _ in u] for c, _, _, u in details},
            "stale": [f"{lab.where} {lab.code}" for lab in stale],
        }, indent=1) + "\n", encoding="utf-8")
    if args.check and (failing or stale or errors):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
