#!/usr/bin/env bash
# Scans the demo project with the design report on, then checks the HTML page
# in headless Chromium (check-design-report.mjs). The screenshot is kept in
# the work directory under the build tree.
set -euo pipefail
prefix="$1" threadlint="$2" demo="$3" expected="$4" work="$5"
rm -rf "$work" && mkdir -p "$work"
status=0
"$threadlint" --no-cache --quiet --source-root="$demo" --report=html:"$work/design.html" \
  --report=design-json:"$work/design.json" --format=json --output="$work/findings.json" \
  "$demo"/src/*.cpp -- -std=c++20 || status=$?
[ "$status" -eq 1 ] || { echo "threadlint exited $status, expected 1 (findings)"; exit 1; }
# RULES.md "Messages are short": every warning the demo shows is at most 100
# characters and explained by a note at its own position.
python3 - "$work/findings.json" <<'PY'
import json, sys
bad = []
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    where = f'{d["file"]}:{d["line"]} [{d["check"]}]'
    if len(d["message"]) > 100:
        bad.append(f'{where} {len(d["message"])} characters: {d["message"]}')
    if not any(n["line"] == d["line"] and n["column"] == d["column"] for n in d["notes"]):
        bad.append(f'{where} has no note with the consequence and the fix')
if bad:
    print("demo messages break RULES.md's short-message rule:\n  " + "\n  ".join(bad))
    sys.exit(1)
PY
PUPPETEER_PREFIX="$prefix" node "$(dirname "$0")/check-design-report.mjs" \
  "$(command -v chromium)" "$work/design.html" "$expected" "$work/design-report.png"
