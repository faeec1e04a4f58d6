#!/usr/bin/env bash
# Scans the positive fixtures of every rule (findings with notes, fix-its and
# headers) plus a file that does not parse, writes SARIF, and validates it
# with the SARIF Multitool's SARIF and GitHub ingestion rules. Any error or
# warning fails the test.
set -euo pipefail
prefix="$1" threadlint="$2" fixtures="$3" work="$4"
tool="$prefix/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
rm -rf "$work" && mkdir -p "$work"
printf 'this is not C++;\n' > "$work/broken.cpp"

status=0
"$threadlint" --quiet --source-root="$fixtures" --report=sarif:"$work/threadlint.sarif" \
  --format=json --output="$work/threadlint.json" \
  "$fixtures"/*/positives.cpp "$work/broken.cpp" -- -std=c++20 -I"$fixtures" || status=$?
if [ "$status" -ne 3 ]; then
  echo "expected exit code 3 (findings and a file that does not parse), got $status" >&2
  exit 1
fi

"$tool" validate --rule-kind "Sarif;Gh" --output "$work/validation.sarif" \
  "$work/threadlint.sarif" >"$work/validation.log" 2>&1 || {
  cat "$work/validation.log" >&2
  exit 1
}

python3 - "$work/threadlint.sarif" "$work/validation.sarif" <<'PY'
import json, sys
scanned = json.load(open(sys.argv[1]))
run = scanned["runs"][0]
results = run["results"]
assert len(results) >= 19, f"only {len(results)} results: the scan found too little to prove anything"
assert any("fixes" in r for r in results), "no result carries a fix"
assert any("relatedLocations" in r for r in results), "no result carries a note"
assert run["invocations"][0]["toolExecutionNotifications"], "the broken file is not reported"

validation = json.load(open(sys.argv[2]))
problems = [r for r in validation["runs"][0].get("results", [])
            if r.get("level", "warning") in ("error", "warning")]
for problem in problems:
    message = problem["message"]
    print(problem["ruleId"], problem.get("level", "warning"),
          message.get("text") or message.get("id"), message.get("arguments"))
print(f"{len(results)} results validated with the SARIF and GitHub rules: "
      f"{len(problems)} errors or warnings")
sys.exit(1 if problems else 0)
PY

# The control: the same validation must catch a result without a location,
# or a clean pass above would prove nothing.
python3 - "$work/threadlint.sarif" "$work/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
del log["runs"][0]["results"][0]["locations"]
json.dump(log, open(sys.argv[2], "w"))
PY
"$tool" validate --rule-kind "Sarif;Gh" --output "$work/control.sarif" "$work/broken.sarif" \
  >"$work/control.log" 2>&1 || true
python3 - "$work/control.sarif" <<'PY'
import json, sys
found = [r["ruleId"] for r in json.load(open(sys.argv[1]))["runs"][0].get("results", [])
         if r.get("level", "warning") in ("error", "warning")]
print("control: the validator reports", found)
sys.exit(0 if found else 1)
PY
