#!/usr/bin/env python3
"""The tables of docs/precision.md, from a run of fetch-and-scan.sh.

    bench/precision/summarize.py [scratch-dir] [--triage FILE] [--untriaged FILE]

Reads <scratch-dir>/reports/<project>.json (threadlint's JSON report) and
<project>.meta.json (package, version, source root), and the hand triage
bench/precision/triage.tsv. Each finding is test code or production code by
RULES.md's "Test code" principle, on its path relative to the project's
source root. Each production finding is looked up in the triage by
(project, check, file, code): the file relative to the source root and the
reported line's text with its whitespace collapsed, so a triage survives
lines moving and a new package version (rows with equal keys, the same call
repeated in a file, match their findings in line order). Prints Markdown: the projects, one
row per rule (production findings, test findings, and the verdicts of the
production ones), the rows per project, the production findings nobody has
triaged yet, and the triage rows whose finding is gone (fixed upstream, or
no longer reported by threadlint) — so a rerun shows what changed.

--untriaged FILE writes the untriaged production findings as triage.tsv rows
with an empty verdict, to fill in and append.
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VERDICTS = ("actionable", "correct-not-worth-it", "wrong")
TRIAGE_COLUMNS = ("project", "check", "file", "line", "code", "verdict", "reason")

# RULES.md marks these "(production code)": quiet in test code by default.
PRODUCTION_ONLY = {
    "threadlint-blocking-under-lock", "threadlint-detached-thread",
    "threadlint-unjoined-thread-member", "threadlint-thread-per-task",
    "threadlint-untimed-wait", "threadlint-untimed-condition-wait",
    "threadlint-unbounded-queue",
}

# RULES.md, "Test code": the default TestFileRegex.
TEST_DIRECTORY = re.compile(r"(^|/)(test|tests|unittest|unittests|testing)/")
TEST_FILE = re.compile(r"(_test|_unittest|Test|Tests)\.[^./]+$")


def is_test_path(relative):
    return bool(TEST_DIRECTORY.search(relative) or TEST_FILE.search(os.path.basename(relative)))


def code_key(text):
    return " ".join(text.split())


def load_triage(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = set(TRIAGE_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        sys.exit(f"{path}: missing columns {sorted(missing)}")
    for number, row in enumerate(reader, start=2):
        if row["verdict"] not in VERDICTS:
            sys.exit(f"{path}: row {number}: verdict {row['verdict']!r} is not one of {VERDICTS}")
        row["key"] = (row["project"], row["check"], row["file"], code_key(row["code"]))
        rows.append(row)
    return rows


def load_runs(scratch):
    runs = []
    for meta_path in sorted(glob.glob(os.path.join(scratch, "reports", "*.meta.json"))):
        meta = json.load(open(meta_path))
        report_path = meta_path[: -len(".meta.json")] + ".json"
        report = json.load(open(report_path)) if os.path.exists(report_path) else None
        runs.append((meta, report))
    return runs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scratch", nargs="?", default="/tmp/precision")
    parser.add_argument("--triage", default=os.path.join(HERE, "triage.tsv"))
    parser.add_argument("--untriaged", help="write untriaged production findings here (TSV)")
    arguments = parser.parse_args()

    runs = load_runs(arguments.scratch)
    if not runs:
        sys.exit(f"no reports under {arguments.scratch}/reports: run fetch-and-scan.sh first")
    triage = load_triage(arguments.triage)
    # Equal lines of one file (the same call repeated) give equal keys: their
    # rows are matched to their findings in line order.
    by_key = collections.defaultdict(list)
    for row in sorted(triage, key=lambda row: int(row["line"] or 0)):
        by_key[row["key"]].append(row)

    checks = set()
    counts = collections.defaultdict(collections.Counter)  # check -> column -> n
    per_project = collections.defaultdict(collections.Counter)  # (project, check) -> column -> n
    untriaged, matched = [], set()
    for meta, report in runs:
        if report is None:
            continue
        checks.update(report.get("checks", []))
        for finding in sorted(report["diagnostics"], key=lambda f: (f["file"], f["line"])):
            check = finding["check"]
            if not check.startswith("threadlint-"):
                continue
            relative = os.path.relpath(finding["file"], meta["root"])
            if relative.startswith(".."):
                relative = finding["file"]
            if is_test_path(relative):
                counts[check]["test"] += 1
                per_project[(meta["project"], check)]["test"] += 1
                continue
            counts[check]["production"] += 1
            per_project[(meta["project"], check)]["production"] += 1
            key = (meta["project"], check, relative, code_key(finding.get("sourceLine", "")))
            row = by_key[key].pop(0) if by_key.get(key) else None
            verdict = row["verdict"] if row else "untriaged"
            if row:
                matched.add(id(row))
            else:
                untriaged.append((meta["project"], check, relative, finding))
            counts[check][verdict] += 1
            per_project[(meta["project"], check)][verdict] += 1
    checks.update(counts)

    out = []
    out.append("### Projects\n")
    out.append("| project | Debian source package | version | files scanned | parse errors | exit |")
    out.append("|---|---|---|---:|---:|---:|")
    for meta, _ in runs:
        out.append(f"| {meta['project']} | {meta['package']} | {meta['version']} | "
                   f"{meta['files']} | {meta['parseErrors']} | {meta['exit']} |")
    tools = sorted({meta.get("threadlint", "") for meta, _ in runs})
    out.append(f"\nScanned with: {', '.join(t for t in tools if t) or 'threadlint'}.\n")

    columns = ("production", "test", "actionable", "correct-not-worth-it", "wrong", "untriaged")
    header = ("| rule | production | test | actionable | not worth it | wrong | untriaged |\n"
              "|---|---:|---:|---:|---:|---:|---:|")
    out.append("### Findings per rule\n")
    out.append(header)
    total = collections.Counter()
    for check in sorted(checks):
        row = counts[check]
        total.update(row)
        out.append(f"| {check} | " + " | ".join(str(row[c]) for c in columns) + " |")
    out.append("| **total** | " + " | ".join(f"**{total[c]}**" for c in columns) + " |")
    quiet_in_tests = sum(counts[check]["test"] for check in PRODUCTION_ONLY)
    if quiet_in_tests:
        out.append(f"\n{quiet_in_tests} of the {total['test']} test-code findings come from rules that "
                   "RULES.md marks *(production code)*, which stay quiet in test code by default.")
    triaged = total["actionable"] + total["correct-not-worth-it"] + total["wrong"]
    if triaged:
        out.append(f"\nActionable: {total['actionable']} of {triaged} triaged production findings "
                   f"({100.0 * total['actionable'] / triaged:.0f}%); not worth it "
                   f"{total['correct-not-worth-it']}, wrong {total['wrong']}.")

    out.append("\n### Per project\n")
    out.append("| project | rule | production | test | actionable | not worth it | wrong | untriaged |\n"
               "|---|---|---:|---:|---:|---:|---:|---:|")
    for (project, check) in sorted(per_project):
        row = per_project[(project, check)]
        out.append(f"| {project} | {check} | " + " | ".join(str(row[c]) for c in columns) + " |")

    if untriaged:
        out.append(f"\n### Untriaged production findings ({len(untriaged)})\n")
        for project, check, relative, finding in untriaged:
            out.append(f"- {project} `{relative}:{finding['line']}` {check}: "
                       f"`{code_key(finding.get('sourceLine', ''))}`")
    gone = [row for row in triage if id(row) not in matched]
    if gone:
        out.append(f"\n### Gone: triaged findings no longer reported ({len(gone)})\n")
        for row in gone:
            out.append(f"- {row['project']} `{row['file']}:{row['line']}` {row['check']} "
                       f"({row['verdict']}): `{row['code']}`")
    print("\n".join(out))

    if arguments.untriaged:
        with open(arguments.untriaged, "w") as handle:
            handle.write("\t".join(TRIAGE_COLUMNS) + "\n")
            for project, check, relative, finding in untriaged:
                code = code_key(finding.get("sourceLine", "")).replace("\t", " ")
                handle.write("\t".join((project, check, relative, str(finding["line"]), code,
                                        "", "")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
