#!/usr/bin/env bash
# Runs every libFuzzer target of a sanitizer build for a while, starting from
# the committed seed corpus (tests/fuzz/corpus/<target>), which it never
# modifies. Usage: scripts/fuzz.sh BUILD_DIR SECONDS_PER_TARGET [WORK_DIR]
# A crash, leak, sanitizer report or timeout fails the run; its input is kept
# under WORK_DIR/<target>/artifacts. Prints one summary line per target.
set -uo pipefail

build_dir=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [WORK_DIR]}
seconds=${2:?usage: scripts/fuzz.sh BUILD_DIR SECONDS [WORK_DIR]}
work_dir=${3:-$build_dir/fuzz-work}
source_dir=$(cd "$(dirname "$0")/.." && pwd)

cmake --build "$build_dir" --target fuzz-targets -j "${JOBS:-2}" >/dev/null || exit 2

# Engine inputs are parsed as C++; the readers take small documents.
declare -A max_len=(
  [fuzz-clang-tidy-config]=4096 [fuzz-json-report]=16384
  [fuzz-lsp-messages]=8192 [fuzz-engine]=4096
)
failed=0
for target in fuzz-clang-tidy-config fuzz-json-report fuzz-lsp-messages fuzz-engine; do
  binary="$build_dir/bin/$target"
  corpus="$work_dir/$target/corpus"
  artifacts="$work_dir/$target/artifacts/"
  mkdir -p "$corpus" "$artifacts"
  log="$work_dir/$target/fuzz.log"
  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$source_dir/tests/sanitize/lsan.supp" \
    "$binary" "$corpus" "$source_dir/tests/fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len="${max_len[$target]}" \
    -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  if [ $status -eq 0 ]; then
    echo "$target: ${runs:-?} executions in ${seconds}s, coverage ${cov:-?}, no failures"
  else
    echo "$target: FAILED (exit $status) after ${runs:-?} executions; input in $artifacts; log $log"
    grep -m5 -E 'ERROR|SUMMARY|==[0-9]+==' "$log" | sed 's/^/    /'
    failed=1
  fi
done
exit $failed
