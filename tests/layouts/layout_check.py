#!/usr/bin/env python3
"""Checks behind run-layouts.sh.

The expected findings are written into the generated sources themselves: a
line that must be reported ends in a comment `// expect: <check>[, <check>]`.

  layout_check.py report ROOT REPORT COUNT SOURCE...
      A threadlint JSON report: no `errors`, exactly COUNT findings, and
      exactly the marked (file, line, check) triples of the given sources.
  layout_check.py tidy ROOT REPORT TIDY_DIR SOURCE...
      clang-tidy outputs (TIDY_DIR/*.out, each with a *.where file holding the
      absolute build directory and source file of the run): no compiler
      errors, and the same (file, line, check) triples as the marks and as
      the CLI's REPORT.
  layout_check.py describe ROOT REPORT
      One line saying what a report holds (for failure messages).

Each command prints nothing and exits 0 when all is well, or prints one line
saying what is wrong and exits 1.
"""
import json
import os
import re
import sys

MARK = re.compile(r"//\s*expect:\s*([A-Za-z0-9_, -]+?)\s*$")
TIDY_LINE = re.compile(r"^(.+?):(\d+):(\d+): (warning|error): (.*?)(?: \[([^\]]+)\])?$")


def expected_from(sources):
    found = set()
    for path in sources:
        with open(path, encoding="utf-8") as source:
            for number, line in enumerate(source, 1):
                mark = MARK.search(line.rstrip("\n"))
                if mark:
                    for check in mark.group(1).split(","):
                        found.add((os.path.realpath(path), number, check.strip()))
    return found


def shown(root, triples, limit=3):
    items = sorted(triples)
    text = ", ".join(f"{os.path.relpath(f, root)}:{line} {check}" for f, line, check in items[:limit])
    if len(items) > limit:
        text += f" (+{len(items) - limit} more)"
    return text


def compare(root, expected, actual, what):
    problems = []
    missing, extra = expected - actual, actual - expected
    if missing:
        problems.append(f"{what} misses {shown(root, missing)}")
    if extra:
        problems.append(f"{what} has unexpected {shown(root, extra)}")
    return problems


def load_report(path):
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except OSError as error:
        return None, f"no report ({error.strerror})"
    if not text.strip():
        return None, "empty report"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"report is not JSON ({error.msg} at line {error.lineno})"


def report_path(report, path):
    if not os.path.isabs(path):
        path = os.path.join(report.get("sourceRoot", "."), path)
    return os.path.realpath(path)


def triples(report):
    return {(report_path(report, d["file"]), d["line"], d["check"])
            for d in report.get("diagnostics", [])}


def first_line(text):
    return text.strip().splitlines()[0] if text.strip() else ""


def describe(root, report):
    errors = report.get("errors", [])
    text = f"{len(report.get('diagnostics', []))} findings, {len(errors)} errors"
    if errors:
        error = errors[0]
        text += (f" (first: {os.path.relpath(report_path(report, error['file']), root)}:"
                 f" {first_line(error['message'])})")
    return text


def check_report(root, report_file, count, sources):
    report, problem = load_report(report_file)
    if problem:
        return [problem]
    problems = []
    diagnostics = report.get("diagnostics", [])
    if report.get("errors") or len(diagnostics) != count:
        problems.append(f"{describe(root, report)}, expected {count} findings and no errors")
    if report.get("summary", {}).get("findings") != len(diagnostics):
        problems.append("summary.findings does not match the diagnostics")
    return problems + compare(root, expected_from(sources), triples(report), "report")


def command_directory(build_dir, source):
    """The "directory" of the compile command build_dir's database has for source."""
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as stream:
        for entry in json.load(stream):
            if os.path.realpath(os.path.join(entry["directory"], entry["file"])) == source:
                return entry["directory"]
    return None


def read_tidy(tidy_dir):
    found, problems = set(), []
    outputs = sorted(n for n in os.listdir(tidy_dir) if n.endswith(".out"))
    if not outputs:
        return found, ["no clang-tidy outputs"]
    for name in outputs:
        base = os.path.join(tidy_dir, name[:-len(".out")])
        with open(base + ".where", encoding="utf-8") as stream:
            build_dir, source = stream.read().split("\n")[:2]
        directory = command_directory(build_dir, os.path.realpath(source))
        if directory is None:
            problems.append(f"{source} has no compile command in {build_dir}")
            continue
        with open(base + ".out", encoding="utf-8", errors="replace") as stream:
            for line in stream:
                match = TIDY_LINE.match(line.rstrip("\n"))
                if not match:
                    continue
                path, number, _, severity, message, check = match.groups()
                if severity == "error" and not (check or "").startswith("threadlint-"):
                    problems.append(f"clang-tidy error: {line.strip()}")
                    continue
                if check and check.startswith("threadlint-"):
                    path = os.path.realpath(os.path.join(directory, path))
                    found.add((path, int(number), check))
    return found, problems


def check_tidy(root, report_file, tidy_dir, sources):
    found, problems = read_tidy(tidy_dir)
    problems += compare(root, expected_from(sources), found, "clang-tidy")
    report, problem = load_report(report_file)
    if problem:
        return problems + [f"CLI {problem}"]
    cli = triples(report)
    if cli != expected_from(sources) and found != cli:
        problems += [p.replace("clang-tidy", "clang-tidy (vs CLI)", 1)
                     for p in compare(root, cli, found, "clang-tidy")]
    return problems


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    command, root = argv[1], os.path.realpath(argv[2])
    if command == "report" and len(argv) >= 5:
        problems = check_report(root, argv[3], int(argv[4]), argv[5:])
    elif command == "tidy" and len(argv) >= 5:
        problems = check_tidy(root, argv[3], argv[4], argv[5:])
    elif command == "describe":
        report, problem = load_report(argv[3])
        print(problem or describe(root, report))
        return 0
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if problems:
        print("; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
